//! "Up to date": a rebuild of an unchanged site skips loading and rendering.
//!
//! After a build publishes, it records beside the output's spare (`.NAME.deload/fresh`) a
//! fingerprint of everything the build depended on:
//! - the deload binary (version, and the executable's size, times and inode: a rebuilt binary is
//!   another deload), the build's flags (`--drafts`, `--base-url`, `--relative-urls`, root and
//!   output folders) and today's date (pages and plans are dated from it);
//! - `site.yaml` and every entry of `content/`, `templates/`, `static/`, `programs/` and
//!   `data/`, folders included: path, type, size, inode, modification and change times (so an
//!   edit, an added, removed or renamed file, even one written with an old time, changes it);
//! - every file the site's plans read outside those folders or inside them (athlete files,
//!   `extends` chains, training logs), as the engine reports them;
//! - the bytes of every source file whose modification or change time is not older than the
//!   build's start by [`RACY_MS`] (a "racy" file, as git calls it): file times advance in clock
//!   ticks, so an edit in the tick of the last one can leave the times as they were, and such a
//!   file is told by its bytes instead. The record keeps that edge, and the next build hashes the
//!   bytes of the files at or past the same edge, so the two fingerprints compare like with like;
//! - the output's marker (the list of files deload wrote), by its identity.
//!
//! The next build computes the fingerprint again (with the recorded plan files and edge) and,
//! when it is the same and every file the marker lists is still the file that was published (the
//! same identity as in the publish record's facts), reports "up to date" and writes nothing. So
//! after a successful build, a build with nothing changed is always "up to date", however soon
//! it follows or however the clock ticked. Anything unexpected (a symlink to a folder in the
//! sources, an unreadable entry, a missing or partial record, a site file changed while the
//! build ran) means a full build: the record only ever saves work, it never decides what is in
//! the output.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::output::MARKER;
use crate::output::record::{Record, Stamp};

/// The folders of a site the build reads (besides `site.yaml` and the plans' files).
pub(crate) const SOURCE_DIRS: [&str; 6] =
    ["content", "templates", "static", "programs", "data", "sass"];
/// The first line of a record.
const VERSION_LINE: &str = "deload-fresh 2";
/// Most entries walked before giving up (a full build then): far above any real site.
pub(crate) const MAX_ENTRIES: usize = 5_000_000;
/// Deepest folder nesting walked (the build refuses deeper anyway).
pub(crate) const MAX_DEPTH: usize = 64;
/// How close to the build's start (or after it) a file's times make it "racy", told by its bytes
/// rather than its times: file times come from a clock that advances in ticks of at most 10 ms.
const RACY_MS: u64 = 20;

/// What a build depends on, besides the files its plans read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inputs {
    /// The canonical site root.
    pub root: PathBuf,
    /// The output folder, as given.
    pub out: PathBuf,
    /// `--drafts`.
    pub drafts: bool,
    /// `--future`.
    pub future: bool,
    /// `--expired`.
    pub expired: bool,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--relative-urls`.
    pub relative_urls: bool,
    /// `--strict`.
    pub strict: bool,
    /// The date the build plans and dates pages from.
    pub today: jiff::civil::Date,
}

/// The record written after a publish.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fresh {
    fingerprint: u128,
    /// The racy edge of the recorded build (see [`racy_edge`]).
    edge: (i64, i64),
    /// The files the plans read.
    sources: Vec<PathBuf>,
    /// What the last full build printed as its counts, and its number of warnings.
    summary: String,
}

/// The file that holds the record, in the output's home folder.
fn record_path(home: &Path) -> PathBuf {
    home.join("fresh")
}

/// The counts the last full build reported, when the output is up to date for `inputs`: the
/// fingerprint matches the record and every published file is intact. `None`: build.
pub(crate) fn up_to_date(inputs: &Inputs, home: &Path) -> Option<String> {
    let text = std::fs::read_to_string(record_path(home)).ok()?;
    let fresh = parse(&text)?;
    let now = fingerprint(inputs, home, &fresh.sources, fresh.edge)?;
    (now.key == fresh.fingerprint && output_intact(&inputs.out, home)).then_some(fresh.summary)
}

/// Forgets the record (before a build: a failed build must not leave one that could match).
pub(crate) fn forget(home: &Path) {
    let _ = std::fs::remove_file(record_path(home));
}

/// What a walk of the source folders shows of each file: its path and metadata (following a
/// symlink to a file; a dangling link's own).
pub(crate) type Visit<'v> = &'v mut dyn FnMut(&Path, &std::fs::Metadata);

/// The fingerprint of the site's own files before the build that started at `started` reads
/// them: compared after the build, so that an edit while it ran is never recorded as built.
/// `visit` sees every file of the walk (`site.yaml` and the source folders' files): the build
/// graph's snapshot is taken in the same walk.
pub(crate) fn before_build(inputs: &Inputs, started: SystemTime, visit: Visit<'_>) -> Option<u128> {
    let mut h = Hasher::default();
    trees(inputs, &mut h, racy_edge(started), Some(visit))?;
    Some(h.finish())
}

/// Records, after a successful publish, that the output holds the build of `inputs` whose
/// site files had the fingerprint `before` (from [`before_build`]) and whose plans read
/// `sources`; `summary` is what the build reported; `started` is when it started (the racy edge
/// is taken from it). Nothing is recorded when the site's files changed while it ran or a
/// template calls `now()`.
pub(crate) fn record(
    inputs: &Inputs,
    home: &Path,
    before: Option<u128>,
    sources: &[PathBuf],
    started: SystemTime,
    summary: &str,
) {
    let Some(before) = before else { return };
    let edge = racy_edge(started);
    let Some(now) = fingerprint(inputs, home, sources, edge) else {
        return;
    };
    if now.trees != before || calls_now(&inputs.root.join("templates")) {
        return;
    }
    let fingerprint = now.key;
    let mut text = format!(
        "{VERSION_LINE}\n{fingerprint:032x}\n{} {}\n{}\n",
        edge.0,
        edge.1,
        summary.replace('\n', " ")
    );
    for s in sources {
        let Some(s) = s.to_str().filter(|s| !s.contains('\n')) else {
            return;
        };
        let _ = writeln!(text, "{s}");
    }
    let _ = crate::output::home::write_file(&record_path(home), &text);
}

/// Whether a template of the site calls `now()` (the build's time: every build differs), or
/// the folder cannot be read. The built-in templates do not.
pub(crate) fn calls_now(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return dir.exists();
    };
    entries.into_iter().any(|e| {
        let Ok(e) = e else { return true };
        let path = e.path();
        if path.is_dir() {
            return calls_now(&path);
        }
        let text = std::fs::read(&path).unwrap_or_default();
        text.windows(3).enumerate().any(|(i, w)| {
            w == b"now"
                && (i == 0 || !(text[i - 1].is_ascii_alphanumeric() || text[i - 1] == b'_'))
                && text[i + 3..].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'(')
        })
    })
}

fn parse(text: &str) -> Option<Fresh> {
    let mut lines = text.lines();
    (lines.next()? == VERSION_LINE).then_some(())?;
    let fingerprint = u128::from_str_radix(lines.next()?, 16).ok()?;
    let (secs, nanos) = lines.next()?.split_once(' ')?;
    let edge = (secs.parse().ok()?, nanos.parse().ok()?);
    let summary = lines.next()?.to_string();
    let sources = lines.map(PathBuf::from).collect();
    Some(Fresh {
        fingerprint,
        edge,
        sources,
        summary,
    })
}

/// The racy edge of a build that started at `started`: [`RACY_MS`] before it, as (seconds,
/// nanoseconds) since the Unix epoch. A source file with a modification or change time at or
/// after it is told by its bytes (a start before the epoch: every file).
pub(crate) fn racy_edge(started: SystemTime) -> (i64, i64) {
    let Ok(since) = started.duration_since(SystemTime::UNIX_EPOCH) else {
        return (i64::MIN, 0);
    };
    let margin = since.saturating_sub(std::time::Duration::from_millis(RACY_MS));
    (
        i64::try_from(margin.as_secs()).unwrap_or(i64::MAX),
        i64::from(margin.subsec_nanos()),
    )
}

/// A fingerprint, with its parts.
struct Fingerprint {
    /// Of everything.
    key: u128,
    /// Of the binary, flags, date and the site's folders alone ([`before_build`]).
    trees: u128,
}

/// The whole fingerprint: the site's files, the plan files, the output's marker; the bytes of
/// the source files with times at or after `edge`.
fn fingerprint(
    inputs: &Inputs,
    home: &Path,
    sources: &[PathBuf],
    edge: (i64, i64),
) -> Option<Fingerprint> {
    let mut h = Hasher::default();
    trees(inputs, &mut h, edge, None)?;
    let trees = h.finish();
    h.text("sources");
    for s in sources {
        h.text(&s.to_string_lossy());
        h.source(s, std::fs::metadata(s).ok().as_ref());
    }
    h.text("marker");
    // written by the build itself: not a source, told by its identity alone
    h.stamp(
        std::fs::symlink_metadata(inputs.out.join(MARKER))
            .ok()
            .as_ref(),
    );
    h.text(&home.to_string_lossy());
    Some(Fingerprint {
        key: h.finish(),
        trees,
    })
}

/// Hashes the binary, the flags, the date, `site.yaml` and the source folders into `h`, with
/// the bytes of the source files whose times are at or after `edge`.
fn trees(
    inputs: &Inputs,
    h: &mut Hasher,
    edge: (i64, i64),
    mut visit: Option<Visit<'_>>,
) -> Option<()> {
    head(inputs, h)?;
    h.edge = Some(edge);
    let config = inputs.root.join(deload_site::config::CONFIG_FILE);
    let m = std::fs::metadata(&config).ok();
    h.source(&config, m.as_ref());
    if let (Some(v), Some(m)) = (&mut visit, &m) {
        v(&config, m);
    }
    let mut walk = Walk {
        h,
        entries: 0,
        visit,
    };
    for dir in SOURCE_DIRS {
        walk.h.text(dir);
        let path = inputs.root.join(dir);
        match std::fs::symlink_metadata(&path) {
            Err(_) => walk.h.text("absent"),
            Ok(m) if m.is_dir() => walk.dir(&path, 0)?,
            // a source folder that is a symlink or a file: no shortcut
            Ok(_) => return None,
        }
    }
    Some(())
}

/// The key of everything a build depends on besides the files: the deload binary, the flags,
/// the folders and the date (the build graph's records are only used under the same key).
pub(crate) fn inputs_key(inputs: &Inputs) -> Option<u128> {
    let mut h = Hasher::default();
    head(inputs, &mut h)?;
    Some(h.finish())
}

/// Hashes the binary, the flags, the folders and the date into `h`.
fn head(inputs: &Inputs, h: &mut Hasher) -> Option<()> {
    h.text(VERSION_LINE);
    h.text(env!("CARGO_PKG_VERSION"));
    let exe = std::env::current_exe().ok()?;
    h.stamp(Some(&std::fs::metadata(exe).ok()?));
    h.text(&inputs.root.to_string_lossy());
    h.text(&inputs.out.to_string_lossy());
    h.text(if inputs.drafts { "drafts" } else { "published" });
    h.text(match (inputs.future, inputs.expired) {
        (false, false) => "dated",
        (true, false) => "future",
        (false, true) => "expired",
        (true, true) => "future expired",
    });
    h.text(inputs.base_url.as_deref().unwrap_or("\0"));
    h.text(if inputs.relative_urls {
        "relative urls"
    } else {
        "urls as given"
    });
    h.text(if inputs.strict { "strict" } else { "lenient" });
    h.text(&inputs.today.to_string());
    Some(())
}

/// A walk of one source folder into a hasher.
struct Walk<'h, 'v> {
    h: &'h mut Hasher,
    entries: usize,
    /// Sees every file.
    visit: Option<Visit<'v>>,
}

impl Walk<'_, '_> {
    /// Hashes the folder `dir` (its own identity and every entry, in name order).
    fn dir(&mut self, dir: &Path, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.h.stamp(Some(&std::fs::symlink_metadata(dir).ok()?));
        let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(dir)
            .ok()?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()
            .ok()?;
        names.sort_unstable();
        for name in names {
            self.entries += 1;
            if self.entries > MAX_ENTRIES {
                return None;
            }
            let path = dir.join(&name);
            self.h.bytes(name.as_encoded_bytes());
            let m = std::fs::symlink_metadata(&path).ok()?;
            if m.is_dir() {
                self.dir(&path, depth + 1)?;
            } else if m.file_type().is_symlink() {
                // a link to a file: the file's identity too; a link to a folder: no shortcut
                let target = std::fs::metadata(&path).ok();
                if target.as_ref().is_some_and(std::fs::Metadata::is_dir) {
                    return None;
                }
                self.h.stamp(Some(&m));
                self.h
                    .text(&std::fs::read_link(&path).ok()?.to_string_lossy());
                self.h.source(&path, target.as_ref());
                if let Some(v) = &mut self.visit {
                    v(&path, target.as_ref().unwrap_or(&m));
                }
            } else {
                self.h.source(&path, Some(&m));
                if let Some(v) = &mut self.visit {
                    v(&path, &m);
                }
            }
        }
        Some(())
    }
}

/// Whether every file the output's marker lists is the file published (the identity recorded
/// in the facts), and the record is a full one.
fn output_intact(out: &Path, home: &Path) -> bool {
    let record = Record::read(&out.join(MARKER), &home.join("facts"));
    if record.legacy || record.marker_key.is_none() || record.paths.is_empty() {
        return false;
    }
    let listed: HashSet<&String> = record.paths.iter().collect();
    listed.iter().all(|p| {
        let Some(entry) = record.known.get(*p) else {
            return false;
        };
        std::fs::symlink_metadata(out.join(p)).is_ok_and(|m| Stamp::of(&m) == entry.stamp)
    })
}

/// xxh3 over a stream of length-prefixed parts.
struct Hasher {
    buf: Vec<u8>,
    /// The racy edge: a source file with a time at or after it is hashed with its bytes (`None`:
    /// no source is being hashed yet).
    edge: Option<(i64, i64)>,
}

impl Default for Hasher {
    fn default() -> Hasher {
        Hasher {
            buf: Vec::with_capacity(1 << 16),
            edge: None,
        }
    }
}

impl Hasher {
    fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.buf.extend_from_slice(b);
    }

    fn text(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// A source file `path` (`m`: its metadata, following a symlink): its identity, and its
    /// bytes when its times are at or after the racy edge (when they cannot be read, a mark
    /// that never matches the bytes of a file).
    fn source(&mut self, path: &Path, m: Option<&std::fs::Metadata>) {
        self.stamp(m);
        let Some((m, edge)) = m.zip(self.edge) else {
            return;
        };
        let s = Stamp::of(m);
        if m.is_file() && s.mtime.max(s.ctime) >= edge {
            match std::fs::read(path) {
                Ok(bytes) => {
                    let digest = xxhash_rust::xxh3::xxh3_128(&bytes);
                    self.bytes(&digest.to_le_bytes());
                }
                Err(_) => self.text("unreadable"),
            }
        }
    }

    /// A file's identity (type, size, inode, times), or a mark for "missing".
    fn stamp(&mut self, m: Option<&std::fs::Metadata>) {
        let Some(m) = m else {
            self.bytes(b"missing");
            return;
        };
        let s = Stamp::of(m);
        let kind: u8 = if m.is_dir() {
            1
        } else if m.file_type().is_symlink() {
            2
        } else {
            0
        };
        self.buf.push(kind);
        for n in [s.ino, s.size] {
            self.buf.extend_from_slice(&n.to_le_bytes());
        }
        for n in [s.mtime.0, s.mtime.1, s.ctime.0, s.ctime.1] {
            self.buf.extend_from_slice(&n.to_le_bytes());
        }
    }

    fn finish(&self) -> u128 {
        xxhash_rust::xxh3::xxh3_128(&self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash of the source `path` as seen with metadata `m` and racy edge `edge`.
    fn hash_of(path: &Path, m: &std::fs::Metadata, edge: (i64, i64)) -> u128 {
        let mut h = Hasher {
            edge: Some(edge),
            ..Hasher::default()
        };
        h.source(path, Some(m));
        h.finish()
    }

    #[test]
    fn a_racy_file_is_told_by_its_bytes_and_an_older_one_by_its_times() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        std::fs::write(&path, "Round 0.").unwrap();
        // the same times and size, other bytes: what an edit in the same clock tick leaves
        let m = std::fs::metadata(&path).unwrap();
        let racy = hash_of(&path, &m, (i64::MIN, 0));
        let settled = hash_of(&path, &m, (i64::MAX, 0));
        std::fs::write(&path, "Round 2.").unwrap();
        assert_ne!(hash_of(&path, &m, (i64::MIN, 0)), racy);
        assert_eq!(hash_of(&path, &m, (i64::MAX, 0)), settled);
    }

    #[test]
    fn a_record_keeps_its_edge() {
        let text =
            "deload-fresh 2\n0000000000000000000000000000002a\n1765090000 123\nsummary\n/a.yaml\n";
        let fresh = parse(text).unwrap();
        assert_eq!(fresh.fingerprint, 42);
        assert_eq!(fresh.edge, (1_765_090_000, 123));
        assert_eq!(fresh.sources, [PathBuf::from("/a.yaml")]);
        assert!(parse("deload-fresh 1\n2a\nsummary\n").is_none());
    }

    #[test]
    fn the_edge_is_the_margin_before_the_start() {
        let start = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(5_000);
        assert_eq!(racy_edge(start), (4, 980_000_000));
        assert_eq!(racy_edge(SystemTime::UNIX_EPOCH), (0, 0));
    }
}
