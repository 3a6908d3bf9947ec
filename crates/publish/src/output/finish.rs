//! The end of a build: the spare becomes a complete generation (unchanged files linked from the
//! output, files put into the output by hand linked too, stale files removed, the marker with
//! its record written last) and is swapped in, unless nothing changed at all.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use deload_engine::error::Error;
use rayon::prelude::*;

use super::record::{self, Entry, Record, Stamp};
use super::stager::{Publication, Stager, is_missing_parent};
use super::tree::{self, Node};
use super::{MARKER, exchange};

impl Stager {
    /// Publishes what the build wrote: see the module documentation. On error the output is
    /// untouched.
    pub(crate) fn finish(mut self) -> Result<Publication, Error> {
        let written = std::mem::take(self.written.get_mut().unwrap_or_else(|p| p.into_inner()));
        let same = std::mem::take(self.same.get_mut().unwrap_or_else(|p| p.into_inner()));
        let rendered: HashSet<&Path> = written
            .iter()
            .chain(&same)
            .map(|(r, _)| Path::new(r.as_str()))
            .collect();
        let removed = match self.record.legacy {
            true => 0,
            false => (self.record.paths.iter())
                .filter(|k| !rendered.contains(Path::new(k.as_str())))
                .count(),
        };
        let mut done = Publication {
            written: written.len(),
            unchanged: same.len(),
            removed,
            kept: 0,
            swapped: false,
        };
        if written.is_empty() && removed == 0 && self.out_is_current() {
            return Ok(done);
        }
        self.nodes()?;
        let foreign = self.foreign(&rendered)?;
        self.link_foreign(&foreign)?;
        let mut entries = self.link_unchanged(&same)?;
        entries.extend(written.iter().cloned());
        self.remove_stale(&rendered, &foreign)?;
        self.write_record(&entries)?;
        self.record_listings();
        self.swap()?;
        done.kept = foreign.iter().filter(|(_, n)| !n.dir).count();
        done.swapped = true;
        Ok(done)
    }

    /// Whether the output is one deload published with a full record (so an unchanged build
    /// may leave it alone).
    fn out_is_current(&self) -> bool {
        !self.record.legacy && self.out.join(MARKER).is_file()
    }

    /// Entries in the output that deload did not write (an older deload's output has none).
    /// A build that would write where such a file stands is refused.
    fn foreign(&self, rendered: &HashSet<&Path>) -> Result<Vec<(PathBuf, Node)>, Error> {
        if self.record.legacy || !self.out.is_dir() {
            return Ok(Vec::new());
        }
        let nodes = self.walk(&self.out)?;
        let ours: HashSet<&Path> = (self.record.paths.iter())
            .map(|k| Path::new(k.as_str()))
            .chain([Path::new(MARKER)])
            .collect();
        let our_dirs = tree::ancestors(ours.iter().copied());
        let rendered_dirs = tree::ancestors(rendered.iter().copied());
        let mut foreign = Vec::new();
        for (p, n) in nodes {
            let theirs = match n.dir {
                true => !our_dirs.contains(&p),
                false => !ours.contains(p.as_path()),
            };
            if !theirs {
                continue;
            }
            if rendered.contains(p.as_path()) || (!n.dir && rendered_dirs.contains(&p)) {
                return Err(conflict(&self.out, &p));
            }
            foreign.push((p, n));
        }
        foreign.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(foreign)
    }

    /// Puts the output's hand-made entries into the spare too (as links: no copies).
    fn link_foreign(&self, foreign: &[(PathBuf, Node)]) -> Result<(), Error> {
        for (p, n) in foreign {
            let to = self.spare.join(p);
            let there = self.node(p);
            if n.dir {
                if !there.is_some_and(|t| t.dir) {
                    self.clear(p)
                        .and_then(|()| std::fs::create_dir_all(&to))
                        .map_err(|e| Error::io(&to, "create the folder", &e))?;
                }
            } else if there.is_none_or(|t| t.dir || t.ino != n.ino) {
                self.link(p, &self.out.join(p), &to)
                    .map_err(|e| Error::io(&to, "keep the file in the new output", &e))?;
            }
        }
        Ok(())
    }

    /// Makes each unchanged file in the spare the output's own file (a hard link), unless it
    /// already is; returns their entries with the stamps they have now.
    fn link_unchanged(&self, same: &[(String, Entry)]) -> Result<Vec<(String, Entry)>, Error> {
        same.par_iter()
            .map(|(rel, entry)| {
                let p = Path::new(rel.as_str());
                if self
                    .node(p)
                    .is_some_and(|t| !t.dir && t.ino == entry.stamp.ino)
                {
                    return Ok((rel.clone(), *entry));
                }
                let to = self.spare.join(p);
                let stamp = self
                    .link(p, &self.out.join(p), &to)
                    .and_then(|()| std::fs::symlink_metadata(&to))
                    .map_err(|e| Error::io(&to, "link the unchanged file", &e))?;
                let stamp = Stamp::of(&stamp);
                Ok((rel.clone(), Entry { stamp, ..*entry }))
            })
            .collect()
    }

    /// Replaces whatever the spare holds at `rel` with a hard link to `from` (a copy with the
    /// same modification time where the file system has no hard links).
    fn link(&self, rel: &Path, from: &Path, to: &Path) -> std::io::Result<()> {
        self.clear(rel)?;
        match std::fs::hard_link(from, to) {
            Err(e) if is_missing_parent(&e) && from.exists() => {
                self.make_parent(to)?;
                std::fs::hard_link(from, to).or_else(|e| copy_instead(e, from, to))
            }
            other => other.or_else(|e| copy_instead(e, from, to)),
        }
    }

    /// Removes what the spare held at `rel` when the build started (if it is still there).
    fn clear(&self, rel: &Path) -> std::io::Result<()> {
        let path = self.spare.join(rel);
        let r = match self.node(rel) {
            None => return Ok(()),
            Some(n) if n.dir => std::fs::remove_dir_all(&path),
            Some(_) => std::fs::remove_file(&path),
        };
        match r {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Removes from the spare everything this build does not make and the output's hand-made
    /// entries do not need.
    fn remove_stale(
        &self,
        rendered: &HashSet<&Path>,
        foreign: &[(PathBuf, Node)],
    ) -> Result<(), Error> {
        let mut keep: HashSet<&Path> = rendered.clone();
        keep.extend(foreign.iter().map(|(p, _)| p.as_path()));
        keep.insert(Path::new(MARKER));
        let dirs = tree::ancestors(keep.iter().copied());
        let mut stale: Vec<&PathBuf> = (self.nodes()?.keys())
            .filter(|p| !keep.contains(p.as_path()) && !dirs.contains(*p))
            .collect();
        // folders before what they hold: removing a folder removes its contents
        stale.sort_unstable();
        for p in stale {
            self.clear(p)
                .map_err(|e| Error::io(&self.spare.join(p), "remove the stale file", &e))?;
        }
        Ok(())
    }

    /// Writes the marker listing `entries`, the last file of the new generation, and the facts
    /// about them.
    fn write_record(&self, entries: &[(String, Entry)]) -> Result<(), Error> {
        let text = Record::marker_text(entries);
        let path = self.spare.join(MARKER);
        if self.record.marker_key == Some(record::bytes_key(text.as_bytes())) {
            // the same files as before: the output's marker, like any unchanged file
            self.link(Path::new(MARKER), &self.out.join(MARKER), &path)
        } else {
            self.put(&path, |f| {
                f.write_all(text.as_bytes()).map(|()| text.len() as u64)
            })
            .map(|_| ())
        }
        .map_err(|e| Error::io(&path, "write the file", &e))?;
        super::home::write_file(&self.facts, &Record::facts_text(entries))
    }

    /// Swaps the spare in as the output (the old output becomes the spare).
    fn swap(&self) -> Result<(), Error> {
        // the spare was checked when the build opened it; checked again just before it becomes
        // the output, so a link put there meanwhile is never swapped in
        let spare = std::fs::symlink_metadata(&self.spare)
            .map_err(|e| Error::io(&self.spare, "look at the folder", &e))?;
        super::home::check_kind(&self.spare, &spare, true)?;
        if std::fs::symlink_metadata(&self.out).is_ok() {
            // one atomic exchange where the OS has it: a kill at any moment leaves either
            // generation at `out`, never neither
            exchange(&self.spare, &self.out)
                .map_err(|e| Error::io(&self.out, "swap the new output into place", &e))
        } else {
            std::fs::rename(&self.spare, &self.out)
                .map_err(|e| Error::io(&self.out, "move the new output into place", &e))
        }
    }
}

/// Where a hard link failed because the file system has none (not because of what is at
/// either path), copies `from` to the new file `to` with `from`'s modification time.
fn copy_instead(e: std::io::Error, from: &Path, to: &Path) -> std::io::Result<()> {
    use std::io::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::AlreadyExists | ErrorKind::NotFound | ErrorKind::NotADirectory
    ) {
        return Err(e);
    }
    let meta = std::fs::symlink_metadata(from)?;
    #[cfg(unix)]
    if meta.file_type().is_symlink() {
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    let mut target = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(to)?;
    std::io::copy(&mut std::fs::File::open(from)?, &mut target)?;
    target.set_modified(meta.modified()?)
}

fn conflict(out: &Path, rel: &Path) -> Error {
    let path = out.join(rel);
    Error::new(format!(
        "{} was not written by deload, and the site now makes a file or folder there",
        path.display()
    ))
    .in_file(&path)
    .with_hint(
        "deload never deletes files it did not write: move yours into static/ (it is then \
         copied into every build) or out of the output folder",
    )
}
