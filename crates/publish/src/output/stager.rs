//! The spare tree a build writes into, and turning it into the next output.
//!
//! The output and its spare are the two generations of a double buffer. A build renders into
//! the spare (the generation before the current one, kept from the last build): a file whose
//! bytes match the output's is not written but becomes a hard link to the output's file (the
//! same inode, so its modification time and inode stay as they were), a changed file is
//! written over the spare's copy in place (or into a new file where the spare's copy is shared
//! with the output), and files and folders the build no longer makes are removed. Only then is
//! the spare swapped with the output in one atomic exchange; the old output becomes the spare
//! for the next build. The output itself is never written to, so a build killed at any moment
//! leaves it whole.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use deload_engine::error::Error;

use super::home;
use super::listing::{self, Listing};
use super::record::{self, Entry, Key, Record, Stamp};
use super::tree::Node;
use super::{MARKER, Sink, check_rel};

/// What publishing a build did to the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publication {
    /// Files whose bytes were written (new or changed).
    pub written: usize,
    /// Files whose bytes were the same as in the previous output: not written again, their
    /// inode and modification time unchanged.
    pub unchanged: usize,
    /// Files of the previous output that this build no longer makes (removed from it).
    pub removed: usize,
    /// Files in the output that deload did not write (put there by hand), kept.
    pub kept: usize,
    /// Whether a new output was swapped in; `false` when nothing changed and the output was
    /// left as it was.
    pub swapped: bool,
}

/// A sink that writes a build into the spare tree beside the output.
#[derive(Debug)]
pub(crate) struct Stager {
    pub(super) out: PathBuf,
    pub(super) spare: PathBuf,
    /// Where the facts about the output's files are kept.
    pub(super) facts: PathBuf,
    /// Where the listings of the output's and the spare's folders are kept (see `listing`).
    pub(super) trees: PathBuf,
    /// The listings the last build recorded.
    pub(super) listings: Vec<Listing>,
    /// The listings this build's walks took, to record.
    pub(super) taken: Mutex<Vec<Listing>>,
    /// The spare was created empty for this build: files are created without looking first.
    pub(super) fresh: bool,
    /// What the current output holds, from its marker.
    pub(super) record: Record,
    /// Everything in the spare before the build first wrote to it (listed when the build first
    /// needs to write, so a build with nothing to write never lists it).
    pub(super) nodes: OnceLock<Result<HashMap<PathBuf, Node>, Error>>,
    /// Files written into the spare.
    pub(super) written: Mutex<Vec<(String, Entry)>>,
    /// Files whose bytes match the output's (linked at the end).
    pub(super) same: Mutex<Vec<(String, Entry)>>,
}

impl Stager {
    /// Prepares the spare in `home` for a build that replaces `out`: reads the output's record
    /// and makes the spare if there is none.
    pub(crate) fn open(out: &Path, home: &Path) -> Result<Stager, Error> {
        let (spare, facts, trees) = (home.join("spare"), home.join("facts"), home.join("trees"));
        let record = Record::read(&out.join(MARKER), &facts);
        let spare = spare.as_path();
        // never through a link: the spare's contents are deleted as the build goes
        let fresh = match std::fs::symlink_metadata(spare) {
            Ok(meta) => home::check_kind(spare, &meta, true).map(|()| false)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
            Err(e) => return Err(Error::io(spare, "look at the folder", &e)),
        };
        let nodes = OnceLock::new();
        if fresh {
            std::fs::create_dir(spare).map_err(|e| Error::io(spare, "create the folder", &e))?;
            let _ = nodes.set(Ok(HashMap::new()));
        }
        Ok(Stager {
            out: out.to_path_buf(),
            spare: spare.to_path_buf(),
            facts,
            listings: listing::read(&trees),
            trees,
            taken: Mutex::new(Vec::new()),
            fresh,
            record,
            nodes,
            written: Mutex::new(Vec::new()),
            same: Mutex::new(Vec::new()),
        })
    }

    /// What the spare held before this build wrote to it. The first call lists it and removes
    /// from it anything that is neither a file nor a folder (a symlink there could lead writes
    /// out of the tree); nothing is written to the spare before that.
    pub(super) fn nodes(&self) -> Result<&HashMap<PathBuf, Node>, Error> {
        (self.nodes.get_or_init(|| self.clear_specials()).as_ref()).map_err(Error::clone)
    }

    /// What the spare held at `rel` before this build wrote to it (once listed).
    pub(super) fn node(&self, rel: &Path) -> Option<&Node> {
        let nodes = self.nodes.get()?.as_ref().ok()?;
        nodes.get(rel)
    }

    /// The output's entry for `rel` when it still holds exactly the content `key` names.
    fn unchanged(&self, rel: &str, key: Key) -> Option<Entry> {
        let entry = self.record.known.get(rel).filter(|e| e.key == key)?;
        let meta = std::fs::symlink_metadata(self.out.join(rel)).ok()?;
        (meta.is_file() && Stamp::of(&meta) == entry.stamp).then_some(*entry)
    }

    /// Keeps the output's file `rel` as it is, without rendering it again (an incremental build):
    /// it is linked into the new generation at the end like an unchanged file. Fails when the
    /// output's record does not know the file or the file on disk is no longer the one published
    /// (edited or replaced by hand): the caller then builds everything.
    pub(crate) fn keep(&self, rel: &str) -> Result<(), Error> {
        let path = self.out.join(rel);
        let entry = self.record.known.get(rel).filter(|e| {
            std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && Stamp::of(&m) == e.stamp)
        });
        let Some(entry) = entry else {
            return Err(
                Error::new("the output file is not the one deload published")
                    .in_file(&path)
                    .with_hint("build with --force to write every file again"),
            );
        };
        note(&self.same, rel, *entry);
        Ok(())
    }

    /// The files the current output holds that deload wrote (none for an older deload's output,
    /// whose record has no list).
    pub(crate) fn published(&self) -> Option<&std::collections::HashSet<String>> {
        (!self.record.legacy && self.record.marker_key.is_some()).then_some(&self.record.paths)
    }

    /// Writes a file into the spare with `fill` (which returns the bytes written), in place
    /// where the spare's copy is its own, and returns its stamp.
    pub(super) fn put(
        &self,
        path: &Path,
        fill: impl FnOnce(&mut File) -> std::io::Result<u64>,
    ) -> std::io::Result<Stamp> {
        let (mut file, old_len) = self.open_target(path)?;
        let len = fill(&mut file)?;
        // shortened after writing, never truncated to zero first: ext4 flushes a file that was
        // truncated to zero and written again when it is closed (1.6 ms a file on our disk)
        if old_len > len {
            file.set_len(len)?;
        }
        Ok(Stamp::of(&file.metadata()?))
    }

    /// Opens `path` in the spare for writing: the existing file if no other name shares it,
    /// else a new file (whatever was there removed). Returns the file and its old length.
    fn open_target(&self, path: &Path) -> std::io::Result<(File, u64)> {
        if !self.fresh {
            match std::fs::symlink_metadata(path) {
                Ok(m) if m.is_file() && sole_name(&m) => {
                    let file = no_follow(OpenOptions::new().write(true)).open(path)?;
                    return Ok((file, m.len()));
                }
                Ok(m) if m.is_dir() => std::fs::remove_dir_all(path)?,
                Ok(_) => std::fs::remove_file(path)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        let create = || no_follow(OpenOptions::new().write(true).create_new(true)).open(path);
        match create() {
            Err(e) if is_missing_parent(&e) => {
                self.make_parent(path)?;
                Ok((create()?, 0))
            }
            other => Ok((other?, 0)),
        }
    }

    /// Creates the folders above `path` in the spare, removing files that stand where a folder
    /// must go (a page that became a section).
    pub(super) fn make_parent(&self, path: &Path) -> std::io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if std::fs::create_dir_all(parent).is_ok() {
            return Ok(());
        }
        let rel = parent.strip_prefix(&self.spare).unwrap_or(parent);
        let mut cur = self.spare.clone();
        for part in rel.components() {
            cur.push(part);
            if std::fs::symlink_metadata(&cur).is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(&cur)?;
            }
        }
        std::fs::create_dir_all(parent)
    }
}

/// Locks a list, whatever a panicking thread left in it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Records that `rel` ended as `entry` (written, or kept unchanged).
fn note(list: &Mutex<Vec<(String, Entry)>>, rel: &str, entry: Entry) {
    list.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push((rel.to_string(), entry));
}

impl Sink for Stager {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        check_rel(rel)?;
        let key = record::bytes_key(bytes);
        if let Some(entry) = self.unchanged(rel, key) {
            note(&self.same, rel, entry);
            return Ok(());
        }
        let path = self.spare.join(rel);
        self.nodes()?;
        let stamp = self
            .put(&path, |f| f.write_all(bytes).map(|()| bytes.len() as u64))
            .map_err(|e| Error::io(&path, "write the file", &e))?;
        note(&self.written, rel, Entry { key, stamp });
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        check_rel(rel)?;
        let meta = std::fs::metadata(from).map_err(|e| Error::io(from, "read the file", &e))?;
        let key = record::copy_key(&meta);
        if let Some(entry) = self.unchanged(rel, key) {
            note(&self.same, rel, entry);
            return Ok(());
        }
        self.nodes()?;
        // the kernel copies (copy_file_range): a large video in static/ never passes through
        // deload's memory
        let stamp = self
            .put(&self.spare.join(rel), |f| {
                std::io::copy(&mut File::open(from)?, f)
            })
            .map_err(|e| Error::io(from, "copy the file into the output", &e))?;
        note(&self.written, rel, Entry { key, stamp });
        Ok(())
    }
}

impl Stager {
    /// Lists `tree` (the output or the spare), its folders as the last build recorded them
    /// unless they changed since, and keeps the listing to record.
    pub(super) fn walk(&self, tree: &Path) -> Result<HashMap<PathBuf, Node>, Error> {
        let (nodes, taken) = listing::walk(tree, &self.listings)
            .map_err(|e| Error::io(tree, "read the folder", &e))?;
        lock(&self.taken).push(taken);
        Ok(nodes)
    }

    /// Records the listings this build took, for the next build.
    pub(super) fn record_listings(&self) {
        let taken = lock(&self.taken);
        listing::write(&self.trees, &taken.iter().collect::<Vec<_>>());
    }

    /// Lists the spare and removes every entry that is neither a file nor a folder.
    fn clear_specials(&self) -> Result<HashMap<PathBuf, Node>, Error> {
        let spare = &self.spare;
        let mut nodes = self.walk(spare)?;
        // the listing gives each entry's kind: no `stat` per file
        let specials: Vec<PathBuf> = nodes
            .iter()
            .filter(|(_, n)| !n.dir && !n.file)
            .map(|(p, _)| p.clone())
            .collect();
        for p in specials {
            let path = spare.join(&p);
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, "remove the file", &e))?;
            nodes.remove(&p);
        }
        Ok(nodes)
    }
}

/// Whether no other name (in the output, or a hand-made link) shares the file.
#[cfg(unix)]
fn sole_name(m: &std::fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(m) == 1
}

#[cfg(not(unix))]
fn sole_name(_: &std::fs::Metadata) -> bool {
    false
}

/// Refuses to open through a symlink at the last step of the path.
#[cfg(unix)]
fn no_follow(o: &mut OpenOptions) -> &mut OpenOptions {
    std::os::unix::fs::OpenOptionsExt::custom_flags(o, libc_o_nofollow())
}

#[cfg(not(unix))]
fn no_follow(o: &mut OpenOptions) -> &mut OpenOptions {
    o
}

#[cfg(target_os = "linux")]
fn libc_o_nofollow() -> i32 {
    libc::O_NOFOLLOW
}

#[cfg(all(unix, not(target_os = "linux")))]
fn libc_o_nofollow() -> i32 {
    0
}

pub(super) fn is_missing_parent(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
    )
}
