//! What a walk of an output tree found in each folder, kept for the next walk (`.NAME.deload/trees`):
//! a folder whose identity (inode, modification and change times) is still the one recorded is
//! not listed again, its recorded entries are taken instead. Adding, removing or renaming an
//! entry changes a folder's change time, which cannot be set back by hand; a folder changed in
//! the clock tick of its recording could keep its times, so a folder is recorded only once its
//! times are older than the walk by a margin ([`SETTLED`]). A record that is missing, damaged or
//! of another tree (each names the inode of the folder it was taken of) only means listing again.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::tree::Node;

/// The first line of the record.
const VERSION_LINE: &str = "deload-trees 1";

/// How much older than the walk a folder's times must be for its entries to be recorded: far
/// more than any file system's clock tick.
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

/// A folder's identity: inode, modification and change times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DirStamp {
    ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl DirStamp {
    #[cfg(unix)]
    fn of(m: &std::fs::Metadata) -> DirStamp {
        use std::os::unix::fs::MetadataExt;
        DirStamp {
            ino: m.ino(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        }
    }

    /// Without a change time the folder's times can be set back: nothing is ever recorded.
    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> DirStamp {
        DirStamp {
            ino: 0,
            mtime: (i64::MAX, 0),
            ctime: (i64::MAX, 0),
        }
    }

    /// Whether both times are older than `edge` (seconds and nanoseconds since the epoch).
    fn settled(&self, edge: (i64, i64)) -> bool {
        self.mtime < edge && self.ctime < edge
    }
}

/// The entries of one folder, as listed.
type Entries = Vec<(OsString, Node)>;

/// The record of one walk of a tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Listing {
    /// The inode of the tree's top folder.
    pub(crate) root: u64,
    /// Each settled folder (relative to the top; empty for the top): its stamp and entries.
    dirs: HashMap<PathBuf, (DirStamp, Entries)>,
}

/// Every entry under `root` by its relative path, as `tree::walk` gives them, and the listing to
/// record for the next walk. Folders whose stamps match the one of `old` taken of the same tree
/// are not listed again.
pub(crate) fn walk(
    root: &Path,
    old: &[Listing],
) -> std::io::Result<(HashMap<PathBuf, Node>, Listing)> {
    let edge = std::time::SystemTime::now()
        .checked_sub(SETTLED)
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or((0, 0), |d| {
            let secs = i64::try_from(d.as_secs()).unwrap_or(0);
            (secs, i64::from(d.subsec_nanos()))
        });
    walk_at(root, old, edge)
}

/// [`walk`], recording the folders whose times are before `edge`.
fn walk_at(
    root: &Path,
    old: &[Listing],
    edge: (i64, i64),
) -> std::io::Result<(HashMap<PathBuf, Node>, Listing)> {
    let top = std::fs::metadata(root)?;
    let stamp = DirStamp::of(&top);
    let old = old.iter().find(|l| l.root == stamp.ino);
    let walk = Walk { root, old, edge };
    let mut found = Found::default();
    walk.dir(Path::new(""), Some(stamp), &mut found)?;
    let listing = Listing {
        root: stamp.ino,
        dirs: found.dirs.into_iter().collect(),
    };
    Ok((found.all.into_iter().collect(), listing))
}

/// What a walk found (in lists: each path is hashed once, at the end).
#[derive(Default)]
struct Found {
    all: Vec<(PathBuf, Node)>,
    dirs: Vec<(PathBuf, (DirStamp, Entries))>,
}

/// One walk.
struct Walk<'a> {
    root: &'a Path,
    old: Option<&'a Listing>,
    edge: (i64, i64),
}

impl Walk<'_> {
    /// Walks the folder `rel` (`stamp`: already taken, for the top).
    fn dir(&self, rel: &Path, stamp: Option<DirStamp>, found: &mut Found) -> std::io::Result<()> {
        let path = self.root.join(rel);
        let stamp = match stamp {
            Some(s) => s,
            None => DirStamp::of(&std::fs::symlink_metadata(&path)?),
        };
        let kept = (self.old)
            .and_then(|l| l.dirs.get(rel))
            .filter(|(s, _)| *s == stamp);
        let entries = match kept {
            Some((_, e)) => e.clone(),
            None => list(&path)?,
        };
        let mut subs = Vec::new();
        for (name, node) in &entries {
            let p = rel.join(name);
            if node.dir {
                subs.push(p.clone());
            }
            found.all.push((p, *node));
        }
        if stamp.settled(self.edge) {
            found.dirs.push((rel.to_path_buf(), (stamp, entries)));
        }
        let below: Vec<std::io::Result<Found>> = subs
            .par_iter()
            .map(|d| {
                let mut sub = Found::default();
                self.dir(d, None, &mut sub).map(|()| sub)
            })
            .collect();
        for sub in below {
            let sub = sub?;
            found.all.extend(sub.all);
            found.dirs.extend(sub.dirs);
        }
        Ok(())
    }
}

/// The entries of the folder at `path`, with their kinds from the listing.
fn list(path: &Path) -> std::io::Result<Entries> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let node = Node {
            ino: super::tree::ino(&entry),
            dir: kind.is_dir(),
            file: kind.is_file(),
        };
        out.push((entry.file_name(), node));
    }
    Ok(out)
}

/// The listings recorded at `path` (none when it is missing or does not read whole).
pub(crate) fn read(path: &Path) -> Vec<Listing> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| parse(&t))
        .unwrap_or_default()
}

/// Records `listings` at `path` (removing the file when it cannot be written).
pub(crate) fn write(path: &Path, listings: &[&Listing]) {
    if super::home::write_file(path, &to_text(listings)).is_err() {
        let _ = std::fs::remove_file(path);
    }
}

/// `deload-trees 1`, then for each listing `t INO` and for each folder `d INO MTIME CTIME PATH`
/// followed by its entries `e KIND INO NAME` (`d`, `f` or `o`), then `end HASH` (of all before).
/// A folder whose path or names are not UTF-8 or hold a line break is left out.
fn to_text(listings: &[&Listing]) -> String {
    let mut text = format!("{VERSION_LINE}\n");
    for l in listings {
        let _ = writeln!(text, "t {}", l.root);
        for (rel, (s, entries)) in &l.dirs {
            let Some(rel) = rel.to_str().filter(|r| !r.contains('\n')) else {
                continue;
            };
            let names: Option<Vec<&str>> = (entries.iter())
                .map(|(n, _)| n.to_str().filter(|n| !n.contains('\n')))
                .collect();
            let Some(names) = names else { continue };
            let _ = writeln!(
                text,
                "d {} {}.{} {}.{} {rel}",
                s.ino, s.mtime.0, s.mtime.1, s.ctime.0, s.ctime.1
            );
            for (name, (_, n)) in names.iter().zip(entries) {
                let kind = if n.dir {
                    'd'
                } else if n.file {
                    'f'
                } else {
                    'o'
                };
                let _ = writeln!(text, "e {kind} {} {name}", n.ino);
            }
        }
    }
    let sum = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
    let _ = writeln!(text, "end {sum:032x}");
    text
}

/// The listings of a record's text; `None` unless it reads whole.
fn parse(text: &str) -> Option<Vec<Listing>> {
    let body_end = text.rfind("end ")?;
    let (body, end) = text.split_at(body_end);
    let sum = u128::from_str_radix(end.strip_prefix("end ")?.trim_end(), 16).ok()?;
    if xxhash_rust::xxh3::xxh3_128(body.as_bytes()) != sum {
        return None;
    }
    let mut lines = body.lines();
    (lines.next()? == VERSION_LINE).then_some(())?;
    let mut out: Vec<Listing> = Vec::new();
    let mut dir: Option<PathBuf> = None;
    for line in lines {
        let (tag, rest) = line.split_once(' ')?;
        match tag {
            "t" => {
                out.push(Listing {
                    root: rest.parse().ok()?,
                    dirs: HashMap::new(),
                });
                dir = None;
            }
            "d" => {
                let mut f = rest.splitn(4, ' ');
                let ino = f.next()?.parse().ok()?;
                let mtime = time(f.next()?)?;
                let ctime = time(f.next()?)?;
                let rel = PathBuf::from(f.next()?);
                let stamp = DirStamp { ino, mtime, ctime };
                out.last_mut()?
                    .dirs
                    .insert(rel.clone(), (stamp, Vec::new()));
                dir = Some(rel);
            }
            "e" => {
                let mut f = rest.splitn(3, ' ');
                let kind = f.next()?;
                let ino = f.next()?.parse().ok()?;
                let name = OsString::from(f.next()?);
                let node = Node {
                    ino,
                    dir: kind == "d",
                    file: kind == "f",
                };
                let listing = out.last_mut()?;
                let entries = &mut listing.dirs.get_mut(dir.as_ref()?)?.1;
                entries.push((name, node));
            }
            _ => return None,
        }
    }
    Some(out)
}

fn time(s: &str) -> Option<(i64, i64)> {
    let (a, b) = s.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_reads_back_and_is_used_only_while_its_folders_are_as_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/f.html"), "x").unwrap();
        std::fs::write(root.join("a/with space.txt"), "y").unwrap();
        let future = (i64::MAX, 0);
        let (all, listing) = walk_at(root, &[], future).unwrap();
        assert_eq!(all.len(), 4);
        assert!(all[Path::new("a/b")].dir && !all[Path::new("a/b")].file);
        let f = all[Path::new("a/b/f.html")];
        assert!(f.file && !f.dir && f.ino != 0);
        assert_eq!(listing.dirs.len(), 3, "every folder settled");
        let text = to_text(&[&listing]);
        assert_eq!(parse(&text).unwrap(), vec![listing.clone()]);
        assert!(
            parse(&text.replacen("f.html", "g.html", 1)).is_none(),
            "damaged"
        );
        // a folder as recorded: its recorded entries are taken (here made up, to tell)
        let mut made_up = listing.clone();
        let b = Path::new("a/b");
        made_up.dirs.get_mut(b).unwrap().1[0].0 = OsString::from("recorded.html");
        let (taken, _) = walk_at(root, std::slice::from_ref(&made_up), future).unwrap();
        assert!(taken.contains_key(Path::new("a/b/recorded.html")));
        // a folder whose stamp is not the one recorded is listed again
        made_up.dirs.get_mut(b).unwrap().0.ctime.1 += 1;
        let (listed, _) = walk_at(root, std::slice::from_ref(&made_up), future).unwrap();
        assert_eq!(listed, all);
        // a listing of another tree is not used, nor are folders not yet settled recorded
        made_up.root += 1;
        assert_eq!(
            walk_at(root, std::slice::from_ref(&made_up), future)
                .unwrap()
                .0,
            all
        );
        assert!(walk_at(root, &[], (0, 0)).unwrap().1.dirs.is_empty());
    }
}
