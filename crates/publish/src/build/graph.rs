//! The build graph: what the last build into an output read, so that the next build renders
//! only what a change reaches.
//!
//! After a build publishes, it records in the output's home folder (`.NAME.deload/graph`, the
//! folder verified as deload's own before anything in it is read):
//! - the key of the build's inputs (the deload binary, the flags, the folders, the date): a
//!   record made under another key (another version of deload, other flags, another day) is
//!   never used;
//! - the identity (inode, size, modification and change times) of `site.yaml` and of every file
//!   in the source folders (`content/`, `templates/`, `static/`, `programs/`, `data/`), taken
//!   before the build read them, and of every file the plans read (athlete files, `extends`
//!   chains, training logs); for a "racy" source file (times at or after the build's start less
//!   a margin, see `fresh::racy_edge`) also a hash of its bytes, since an edit in the same clock
//!   tick can leave its times as they were;
//! - for each page, the facts the shared rules (`crate::changes::PageFacts`) compare;
//! - the counts the build reported.
//!
//! The content hash of each output file, with its identity, is in the publish record
//! (`output::record`): an output file is kept without rendering only while it is still that file.
//!
//! The next build takes the sources' identities again and lists what changed: a file added,
//! removed or with another identity, or a racy file whose bytes now hash otherwise. A plan file
//! changed, or a record that is missing, unreadable, damaged or of another key, means a full
//! build. The record is spoiled before each build and written again only after it published, so
//! a failed or killed build leaves none that reads.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{Seek, SeekFrom, Write};

use std::path::{Path, PathBuf};

use super::fresh::SOURCE_DIRS;
use crate::changes::PageFacts;
use crate::output::record::Stamp;

/// The first line of a record.
const VERSION_LINE: &str = "deload-graph 1";

/// What is known of one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Source {
    /// Its identity, following a symlink to the file.
    pub(crate) stamp: Stamp,
    /// The hash of its bytes, for a racy file.
    pub(crate) hash: Option<u128>,
}

/// The site's own source files, as one build saw them before reading them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Snapshot {
    /// The racy edge: a file with a time at or after it is told by its bytes too.
    pub(crate) edge: (i64, i64),
    /// The source folders that exist.
    pub(crate) dirs: BTreeSet<String>,
    /// Every file, by its path relative to the root (`content/a.md`, `site.yaml`).
    pub(crate) files: BTreeMap<String, Source>,
    /// A path could not be recorded.
    pub(crate) spoiled: bool,
}

/// The record of the last build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Graph {
    /// The key of the build's inputs (`fresh::inputs_key`).
    pub(crate) key: u128,
    /// The counts the build reported (as `fresh` records them).
    pub(crate) summary: String,
    /// The site's files before the build.
    pub(crate) snapshot: Snapshot,
    /// The files the plans read, with their identities (`None`: missing).
    pub(crate) plans: Vec<(PathBuf, Option<Stamp>)>,
    /// Each page's facts, by its path relative to `content/`.
    pub(crate) pages: HashMap<String, PageRecord>,
}

/// What the graph keeps of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageRecord {
    /// What the rules compare.
    pub(crate) facts: PageFacts,
    /// Its taxonomy terms, by their site paths (`/tags/sleep/`).
    pub(crate) terms: Vec<String>,
}

/// The file that holds the record, in the output's home folder.
fn record_path(home: &Path) -> PathBuf {
    home.join("graph")
}

/// The record of the last build into the output whose home is `home`, if it was made under
/// `key` and reads whole.
pub(crate) fn read(home: &Path, key: u128) -> Option<Graph> {
    let text = std::fs::read_to_string(record_path(home)).ok()?;
    parse(&text).filter(|g| g.key == key)
}

/// Spoils the record (before a build: see the module documentation): its first byte is
/// overwritten, so it no longer reads. The file itself stays, to be written over in place:
/// deleting and creating a file of megabytes each build costs the disk more than rewriting it.
pub(crate) fn forget(home: &Path) {
    let path = record_path(home);
    let spoiled = open(&path, false).and_then(|mut f| f.write_all(b"#"));
    if spoiled.is_err() {
        let _ = std::fs::remove_file(&path);
    }
}

/// Writes the record over the old one, in place (see [`forget`]): everything but the first byte,
/// then the length, then the first byte, so a build killed on the way leaves a record that does
/// not read. Nothing is written when a plan file is racy (its bytes may not be what the build
/// read: the next build is a full one) or a path cannot be written on one line.
pub(crate) fn write(home: &Path, graph: &Graph) {
    let Some(text) = to_text(graph) else { return };
    let path = record_path(home);
    let bytes = text.as_bytes();
    let written = open(&path, true).and_then(|mut f| {
        f.seek(SeekFrom::Start(1))?;
        f.write_all(&bytes[1..])?;
        f.set_len(bytes.len() as u64)?;
        f.seek(SeekFrom::Start(0))?;
        f.write_all(&bytes[..1])
    });
    if written.is_err() {
        forget(home);
    }
}

/// Opens the record for writing, never through a symlink (`create`: creating it if missing).
fn open(path: &Path, create: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(create).truncate(false);
    crate::output::home::open_no_follow(path, &mut options)
}

impl Snapshot {
    /// An empty snapshot of a build whose racy edge is `edge` (see `fresh::racy_edge`), to be
    /// filled by [`Snapshot::add`] for every file of the up-to-date check's walk.
    pub(crate) fn new(edge: (i64, i64)) -> Snapshot {
        Snapshot {
            edge,
            ..Snapshot::default()
        }
    }

    /// Adds the file `path` (under `root`; `m`: its metadata, a symlink followed). A path that
    /// is not UTF-8 or holds a line break spoils the snapshot (see [`Snapshot::finish`]).
    pub(crate) fn add(&mut self, root: &Path, path: &Path, m: &std::fs::Metadata) {
        let rel = path.strip_prefix(root).ok().and_then(|rel| {
            let parts: Option<Vec<&str>> = rel.iter().map(|c| c.to_str()).collect();
            parts.map(|p| p.join("/"))
        });
        let Some(rel) = rel.filter(|r| !r.contains('\n') && !r.is_empty()) else {
            self.spoiled = true;
            return;
        };
        let stamp = Stamp::of(m);
        let racy = stamp.mtime.max(stamp.ctime) >= self.edge;
        // only a regular file is read: a FIFO or device in the sources would block or never end
        let hash = (racy && m.is_file()).then(|| hash_file(path));
        self.files.insert(rel, Source { stamp, hash });
    }

    /// The snapshot, once the walk that filled it has ended (`walked`: it went through), with
    /// the source folders of `root` that exist; `None` when it is not whole.
    pub(crate) fn finish(mut self, root: &Path, walked: bool) -> Option<Snapshot> {
        if !walked || self.spoiled {
            return None;
        }
        for dir in SOURCE_DIRS {
            if std::fs::symlink_metadata(root.join(dir)).is_ok_and(|m| m.is_dir()) {
                self.dirs.insert(dir.to_string());
            }
        }
        Some(self)
    }

    /// The paths (under `root`) that differ between `before` (an earlier snapshot) and this one:
    /// files added, removed, with another identity, or racy in `before` with other bytes now;
    /// source folders created or removed.
    pub(crate) fn changed_since(&self, before: &Snapshot, root: &Path) -> Vec<PathBuf> {
        let mut changed: Vec<PathBuf> = (self.dirs.symmetric_difference(&before.dirs))
            .map(|d| root.join(d))
            .collect();
        for (rel, now) in &self.files {
            let same = before.files.get(rel).is_some_and(|old| {
                old.stamp == now.stamp
                    && old
                        .hash
                        .is_none_or(|h| now.hash.unwrap_or_else(|| hash_file(&root.join(rel))) == h)
            });
            if !same {
                changed.push(root.join(rel));
            }
        }
        let gone = (before.files.keys()).filter(|rel| !self.files.contains_key(*rel));
        changed.extend(gone.map(|rel| root.join(rel)));
        changed
    }
}

/// The hash of a regular file's bytes (a value no file hashes to when it cannot be read or is
/// not a regular file, which is never read).
fn hash_file(path: &Path) -> u128 {
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return 0;
    }
    std::fs::read(path).map_or(0, |b| xxhash_rust::xxh3::xxh3_128(&b) | 1)
}

/// The identities of the files the plans read, now; `None` when one is racy.
pub(crate) fn plan_stamps(
    sources: &[PathBuf],
    edge: (i64, i64),
) -> Option<Vec<(PathBuf, Option<Stamp>)>> {
    let mut out = Vec::with_capacity(sources.len());
    for s in sources {
        let stamp = std::fs::metadata(s).ok().map(|m| Stamp::of(&m));
        if stamp.is_some_and(|st| st.mtime.max(st.ctime) >= edge) {
            return None;
        }
        out.push((s.clone(), stamp));
    }
    Some(out)
}

/// Whether a file the plans read is not as it was recorded.
pub(crate) fn plans_changed(graph: &Graph) -> bool {
    (graph.plans.iter())
        .any(|(path, stamp)| std::fs::metadata(path).ok().map(|m| Stamp::of(&m)) != *stamp)
}

/// One line per fact; paths last on their line.
fn to_text(g: &Graph) -> Option<String> {
    let mut t = format!(
        "{VERSION_LINE}\n{:032x}\n{} {}\n{}\n",
        g.key,
        g.snapshot.edge.0,
        g.snapshot.edge.1,
        g.summary.replace('\n', " ")
    );
    for d in &g.snapshot.dirs {
        let _ = writeln!(t, "dir {d}");
    }
    t.reserve(g.snapshot.files.len() * 120 + g.pages.len() * 160);
    for (rel, s) in &g.snapshot.files {
        t.push_str("file ");
        write_stamp(&mut t, &s.stamp);
        let _ = match s.hash {
            Some(h) => writeln!(t, " {h:x} {rel}"),
            None => writeln!(t, " - {rel}"),
        };
    }
    for (path, stamp) in &g.plans {
        let path = path.to_str().filter(|p| !p.contains('\n'))?;
        t.push_str("plan ");
        match stamp {
            Some(stamp) => write_stamp(&mut t, stamp),
            None => t.push('-'),
        }
        let _ = writeln!(t, " {path}");
    }
    let mut pages: Vec<_> = g.pages.iter().collect();
    pages.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (rel, r) in pages {
        let odd = |s: &str| s.is_empty() || s.contains([' ', ',', '\n']);
        if rel.contains('\n') || r.terms.iter().any(|t| odd(t)) {
            return None;
        }
        let f = &r.facts;
        let (m, a, s, o) = (f.meta, f.anchors, f.summary, f.rest);
        let _ = write!(t, "page {m:x} {a:x} {s:x} {o:x} ");
        if r.terms.is_empty() {
            t.push('-');
        }
        for (k, term) in r.terms.iter().enumerate() {
            if k > 0 {
                t.push(',');
            }
            t.push_str(term);
        }
        let _ = writeln!(t, " {rel}");
    }
    Some(t)
}

/// Writes a stamp's six numbers.
fn write_stamp(t: &mut String, s: &Stamp) {
    let (m, c) = (s.mtime, s.ctime);
    let _ = write!(t, "{} {} {} {} {} {}", s.ino, s.size, m.0, m.1, c.0, c.1);
}

/// Parses a record; `None` for anything not exactly as [`to_text`] writes it.
fn parse(text: &str) -> Option<Graph> {
    let mut lines = text.lines();
    (lines.next()? == VERSION_LINE).then_some(())?;
    let key = u128::from_str_radix(lines.next()?, 16).ok()?;
    let (secs, nanos) = lines.next()?.split_once(' ')?;
    let mut g = Graph {
        key,
        summary: lines.next()?.to_string(),
        ..Graph::default()
    };
    g.snapshot.edge = (secs.parse().ok()?, nanos.parse().ok()?);
    for line in lines {
        let (kind, rest) = line.split_once(' ')?;
        match kind {
            "dir" => {
                g.snapshot.dirs.insert(rest.to_string());
            }
            "file" => {
                let (stamp, rest) = parse_stamp(rest)?;
                let (hash, rel) = rest.split_once(' ')?;
                let hash = match hash {
                    "-" => None,
                    h => Some(u128::from_str_radix(h, 16).ok()?),
                };
                let source = Source {
                    stamp: stamp?,
                    hash,
                };
                g.snapshot.files.insert(rel.to_string(), source);
            }
            "plan" => {
                let (stamp, path) = parse_stamp(rest)?;
                g.plans.push((PathBuf::from(path), stamp));
            }
            "page" => {
                let (rel, record) = parse_page(rest)?;
                g.pages.insert(rel, record);
            }
            _ => return None,
        }
    }
    Some(g)
}

/// A page line (after `page `): its path and record.
fn parse_page(text: &str) -> Option<(String, PageRecord)> {
    let mut parts = text.splitn(6, ' ');
    let mut n = || u128::from_str_radix(parts.next()?, 16).ok();
    let (meta, anchors, summary, rest) = (n()?, n()?, n()?, n()?);
    let terms = match parts.next()? {
        "-" => Vec::new(),
        list => list.split(',').map(str::to_string).collect(),
    };
    let facts = PageFacts {
        meta,
        anchors,
        summary,
        rest,
    };
    Some((parts.next()?.to_string(), PageRecord { facts, terms }))
}

/// A stamp (or `-`) at the start of `text`, and the rest after it.
fn parse_stamp(text: &str) -> Option<(Option<Stamp>, &str)> {
    if let Some(rest) = text.strip_prefix("- ") {
        return Some((None, rest));
    }
    let mut parts = text.splitn(7, ' ');
    let mut n = || parts.next()?.parse::<i64>().ok();
    let (ino, size, ms, mns, cs, cns) = (n()?, n()?, n()?, n()?, n()?, n()?);
    let stamp = Stamp {
        ino: u64::try_from(ino).ok()?,
        size: u64::try_from(size).ok()?,
        mtime: (ms, mns),
        ctime: (cs, cns),
    };
    Some((Some(stamp), parts.next()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The snapshot of the site at `root` a build starting now takes.
    fn take(root: &Path) -> Snapshot {
        let started = std::time::SystemTime::now();
        let inputs = super::super::fresh::Inputs {
            root: root.to_path_buf(),
            out: root.join("public"),
            drafts: false,
            future: false,
            expired: false,
            base_url: None,
            relative_urls: false,
            strict: false,
            today: deload_site::config::today(),
        };
        let mut snap = Snapshot::new(super::super::fresh::racy_edge(started));
        let walked = super::super::fresh::before_build(&inputs, started, &mut |p, m| {
            snap.add(root, p, m);
        });
        snap.finish(root, walked.is_some()).unwrap()
    }

    #[test]
    fn a_record_reads_back_and_a_damaged_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/a b")).unwrap();
        std::fs::write(dir.path().join("content/a b/p.md"), "x").unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: x").unwrap();
        let snapshot = take(dir.path());
        assert!(snapshot.files["content/a b/p.md"].hash.is_some(), "racy");
        let facts = PageRecord {
            facts: PageFacts {
                meta: 1,
                anchors: 2,
                summary: 3,
                rest: 4,
            },
            terms: vec!["/tags/a/".into(), "/tags/b/".into()],
        };
        let g = Graph {
            key: 42,
            summary: "1 2 3 4 5 0".into(),
            snapshot,
            plans: vec![(PathBuf::from("/x/sam yaml"), None)],
            pages: [("a b/p.md".to_string(), facts)].into_iter().collect(),
        };
        let text = to_text(&g).unwrap();
        assert_eq!(parse(&text), Some(g));
        assert!(parse(&text.replace("page ", "pages ")).is_none());
        assert!(parse(&text.replacen("file ", "file x", 1)).is_none());
        assert!(parse(&text.replace(VERSION_LINE, "deload-graph 0")).is_none());
    }

    #[test]
    fn a_forgotten_record_does_not_read_and_a_shorter_one_replaces_it() {
        let home = tempfile::tempdir().unwrap();
        let mut g = Graph {
            key: 7,
            summary: "s".into(),
            ..Graph::default()
        };
        g.snapshot.dirs.insert("content".into());
        g.snapshot.dirs.insert("templates".into());
        write(home.path(), &g);
        assert_eq!(read(home.path(), 7).as_ref(), Some(&g));
        assert_eq!(read(home.path(), 8), None, "another key");
        forget(home.path());
        assert_eq!(read(home.path(), 7), None);
        g.snapshot.dirs.remove("templates");
        write(home.path(), &g);
        assert_eq!(read(home.path(), 7), Some(g));
    }

    #[test]
    fn a_racy_file_edited_in_the_same_tick_is_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("content/p.md");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(&page, "Round 0.").unwrap();
        let before = take(dir.path());
        let now = take(dir.path());
        assert!(now.changed_since(&before, dir.path()).is_empty());
        // the same size and, as in one clock tick, the same times: told by the bytes
        let mut later = now.clone();
        std::fs::write(&page, "Round 2.").unwrap();
        let src = later.files.get_mut("content/p.md").unwrap();
        src.hash = None;
        let recorded = before.files["content/p.md"];
        later.files.get_mut("content/p.md").unwrap().stamp = recorded.stamp;
        assert_eq!(
            later.changed_since(&before, dir.path()),
            std::slice::from_ref(&page)
        );
        // a file removed and a folder created
        std::fs::remove_file(&page).unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        let after = take(dir.path());
        let changed = after.changed_since(&before, dir.path());
        assert_eq!(changed, [dir.path().join("data"), page]);
    }
}
