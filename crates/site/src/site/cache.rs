//! The page cache: each page's rendered Markdown as the last build into the same output left it,
//! so that a build renders the Markdown of the pages whose bodies changed and takes every other
//! page's HTML, summary, table of contents, heading ids, links, word count and search text from
//! the cache.
//!
//! An entry is found by the page's path under `content/` and used only when the hash of the
//! body's bytes (128 bits) is the one it was rendered from: the body is read anyway (the front
//! matter above it is parsed every build), so the cache never trusts a timestamp. The whole
//! cache holds for one key: the caller's (the deload binary, the build's flags and folders, the
//! day) mixed with the Markdown options site.yaml sets and whether the site has a search index
//! (what the kept search text depends on); a cache of another key is ignored as a whole.
//!
//! Only pages whose Markdown renders from the body alone are cached: a body that may call a
//! shortcode or hold an alert (`[!NOTE]`) is rendered every build, since shortcodes read
//! templates, data files, images and plans; so is a page whose rendering warned (the warnings
//! are shown every build).
//!
//! The file is `deload-pages 1\n` and the key, then segments: each the number of its entries,
//! the entries (a page's path, body hash and the bincode of its rendered Markdown, each
//! length-prefixed) and the xxh3 hash of the key and the segment. A later entry for a path
//! replaces an earlier one. A build appends one segment with the pages it rendered, and writes
//! the whole file anew (only the entries it used) when the file has grown to more than twice
//! what it uses, or the key changed. A segment cut short by a kill or damaged ends the file
//! where it starts: the entries before it stay usable, since each is checked against the body
//! it is used for. Reading takes only the paths and hashes; an entry's rendered Markdown is
//! decoded when a page uses it, and copied as bytes when the file is written whole.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::markdown::{Deferred, Heading, InternalLink, Rendered};

/// The first bytes of a cache file.
const MAGIC: &[u8] = b"deload-pages 1\n";

/// The length of the file's head: the magic and the key.
const HEAD: usize = MAGIC.len() + 16;

/// What to write to the cache file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CacheWrite {
    /// The whole file.
    Whole(Vec<u8>),
    /// A segment to write at `at`, where the file's whole segments end (the file is cut there).
    Append {
        /// Where the new segment goes.
        at: u64,
        /// The segment.
        bytes: Vec<u8>,
    },
}

/// An entry of the file read: the body hash, and where its rendered Markdown lies in the bytes.
#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u128,
    start: usize,
    end: usize,
}

/// The cache of one build: what the last build left (read at the start) and what this build
/// rendered or reused (written at the end).
#[derive(Default)]
pub struct PageCache {
    /// The caller's key (see the module documentation).
    base: u128,
    /// The key mixed with the site's options, set when the site's config is loaded.
    key: AtomicU64Pair,
    /// The key the file was written under.
    file_key: u128,
    /// The bytes of the file read.
    bytes: Vec<u8>,
    /// Where its last whole segment ends.
    valid: usize,
    /// Its entries, by page path.
    old: HashMap<String, Slot>,
    /// Every page is rendered (`--force`): the file only spares writing again what it holds.
    force: bool,
    /// The pages this build took from the cache.
    hits: Mutex<Vec<String>>,
    /// The pages this build rendered whose renderings the file holds (`--force`).
    kept: Mutex<Vec<String>>,
    /// The pages this build rendered, with their body hash and encoded rendering.
    fresh: Mutex<Vec<(String, u128, Vec<u8>)>>,
}

/// A cached rendering as [`PageCache::take`] decodes it: the fields of [`Rendered`] in the order
/// it encodes them, the HTML borrowed from the file's bytes.
#[derive(serde::Deserialize)]
struct Lean<'a> {
    #[serde(borrow)]
    html: &'a str,
    summary: String,
    toc: Vec<Heading>,
    anchors: Vec<String>,
    links: Vec<InternalLink>,
    word_count: usize,
    text: String,
}

impl crate::markdown::Held for PageCache {
    fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// A 128-bit key set once (two atomics: zero means unset).
#[derive(Default)]
struct AtomicU64Pair(AtomicU64, AtomicU64);

impl AtomicU64Pair {
    fn set(&self, v: u128) {
        // the low half is forced odd, so a set key is never zero
        self.0.store((v as u64) | 1, Ordering::Relaxed);
        self.1.store((v >> 64) as u64, Ordering::Relaxed);
    }

    fn get(&self) -> Option<u128> {
        let lo = self.0.load(Ordering::Relaxed);
        (lo != 0).then(|| u128::from(lo) | (u128::from(self.1.load(Ordering::Relaxed)) << 64))
    }
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("entries", &self.old.len())
            .field("bytes", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// Mixes two keys.
fn mix(a: u128, b: &[u8]) -> u128 {
    let mut buf = a.to_le_bytes().to_vec();
    buf.extend_from_slice(b);
    xxhash_rust::xxh3::xxh3_128(&buf)
}

/// The hash of a page body, as the cache keys it.
pub(crate) fn body_hash(body: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(body.as_bytes())
}

impl PageCache {
    /// An empty cache for a build under `key` (everything is rendered; the renderings are kept
    /// to be written).
    pub fn new(key: u128) -> PageCache {
        PageCache {
            base: key,
            ..PageCache::default()
        }
    }

    /// The cache in `bytes` (a file written as [`PageCache::to_write`] says), for a build under `key`; an
    /// empty one when the bytes are not a whole cache file.
    pub fn from_bytes(bytes: Vec<u8>, key: u128) -> PageCache {
        let mut cache = PageCache::new(key);
        if let Some((file_key, old, valid)) = parse(&bytes) {
            cache.file_key = file_key;
            cache.old = old;
            cache.valid = valid;
            cache.bytes = bytes;
        }
        cache
    }

    /// The cache in `bytes` for a build that renders every page (`--force`): nothing is taken
    /// from it, but a rendering it already holds (the same page, body and key: the same bytes)
    /// is not written again.
    pub fn for_force(bytes: Vec<u8>, key: u128) -> PageCache {
        PageCache {
            force: true,
            ..PageCache::from_bytes(bytes, key)
        }
    }

    /// Whether the file holds the rendering of `rel` from a body hashing to `hash`, under the
    /// key of this build.
    fn holds(&self, rel: &str, hash: u128) -> Option<&Slot> {
        let key = self.key.get()?;
        (key == self.file_key)
            .then(|| self.old.get(rel).filter(|s| s.hash == hash))
            .flatten()
    }

    /// Sets the options of the site loaded (`options`: their description), which the cache's
    /// entries hold for.
    pub(crate) fn set_options(&self, options: &str) {
        self.key.set(mix(self.base, options.as_bytes()));
    }

    /// The rendering of the page `rel` whose body hashes to `hash`, if the cache has it.
    #[cfg(test)]
    pub(crate) fn get(&self, rel: &str, hash: u128) -> Option<Rendered> {
        if self.force {
            return None;
        }
        let slot = self.holds(rel, hash)?;
        let bytes = self.bytes.get(slot.start..slot.end)?;
        let rendered: Rendered = bincode::deserialize(bytes).ok()?;
        lock(&self.hits).push(rel.to_string());
        Some(rendered)
    }

    /// The rendering of the page `rel` whose body hashes to `hash`, if the cache has it, with
    /// its HTML left in the cache's bytes (see [`Rendered::html`]): only what the model reads of every
    /// page (summary, headings, links, word count, search text) is decoded.
    pub(crate) fn take(cache: &Arc<PageCache>, rel: &str, hash: u128) -> Option<Rendered> {
        if cache.force {
            return None;
        }
        let slot = cache.holds(rel, hash)?;
        let bytes = cache.bytes.get(slot.start..slot.end)?;
        let r: Lean<'_> = bincode::deserialize(bytes).ok()?;
        let start = (r.html.as_ptr() as usize).checked_sub(cache.bytes.as_ptr() as usize)?;
        let held: Arc<dyn crate::markdown::Held> = Arc::clone(cache) as _;
        let deferred = Deferred::new(held, start..start + r.html.len());
        lock(&cache.hits).push(rel.to_string());
        Some(Rendered {
            html: String::new(),
            summary: r.summary,
            toc: r.toc,
            anchors: r.anchors,
            links: r.links,
            word_count: r.word_count,
            text: r.text,
            warnings: Vec::new(),
            deferred: Some(deferred),
        })
    }

    /// Keeps the rendering of the page `rel` whose body hashes to `hash`.
    pub(crate) fn put(&self, rel: &str, hash: u128, rendered: &Rendered) {
        if self.holds(rel, hash).is_some() {
            // rendered again from the same body under the same key: the bytes the file holds
            lock(&self.kept).push(rel.to_string());
            return;
        }
        if let Ok(bytes) = bincode::serialize(rendered) {
            lock(&self.fresh).push((rel.to_string(), hash, bytes));
        }
    }

    /// How many pages were taken from the cache, and how many rendered into it.
    pub fn counts(&self) -> (usize, usize) {
        let rendered = lock(&self.fresh).len() + lock(&self.kept).len();
        (lock(&self.hits).len(), rendered)
    }

    /// What to write to the cache file for this build: a segment with the pages it rendered,
    /// or the whole file (see the module documentation); `None` when nothing was rendered that
    /// the file lacks, or the site's options were never set.
    pub fn to_write(&self) -> Option<CacheWrite> {
        let at = self.write_at()?;
        let mut bytes = Vec::new();
        self.write_to(&mut bytes).ok()?;
        Some(match at {
            0 => CacheWrite::Whole(bytes),
            at => CacheWrite::Append { at, bytes },
        })
    }

    /// Where in the file this build's write goes (0: the whole file anew), or `None` when
    /// there is nothing to write (see [`PageCache::to_write`]).
    pub fn write_at(&self) -> Option<u64> {
        self.decide()
            .map(|(_, whole)| if whole { 0 } else { self.valid as u64 })
    }

    /// The key to write under and whether the whole file is written; `None`: nothing.
    fn decide(&self) -> Option<(u128, bool)> {
        let key = self.key.get()?;
        let fresh = lock(&self.fresh);
        let size = |rel: &String| self.old.get(rel).map_or(0, |s| s.end - s.start + 48);
        let new = fresh.iter().map(|f| f.2.len() + 48).sum::<usize>();
        let live = lock(&self.hits).iter().map(size).sum::<usize>()
            + lock(&self.kept).iter().map(size).sum::<usize>()
            + new;
        let same_key = key == self.file_key && self.valid >= HEAD;
        if same_key && fresh.is_empty() {
            return None;
        }
        let grown = self.valid + new > 2 * live + (1 << 20);
        Some((key, !same_key || grown))
    }

    /// Writes what [`PageCache::write_at`] says into `w`, as it is encoded (the file is never
    /// assembled in memory).
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let Some((key, whole)) = self.decide() else {
            return Ok(());
        };
        let fresh = lock(&self.fresh);
        let new = fresh.iter().map(|(r, h, b)| (r.as_str(), *h, b.as_slice()));
        if !whole {
            return write_segment(w, key, fresh.len(), new);
        }
        let mut hits = lock(&self.hits).clone();
        hits.extend(lock(&self.kept).iter().cloned());
        w.write_all(MAGIC)?;
        w.write_all(&key.to_le_bytes())?;
        let kept = hits.iter().map(|rel| {
            let slot = self.old[rel];
            (rel.as_str(), slot.hash, &self.bytes[slot.start..slot.end])
        });
        write_segment(w, key, hits.len() + fresh.len(), kept.chain(new))
    }
}

/// Writes a segment of `count` entries, checked under `key`, into `w` as it is encoded.
fn write_segment<'a>(
    w: &mut dyn std::io::Write,
    key: u128,
    count: usize,
    entries: impl Iterator<Item = (&'a str, u128, &'a [u8])>,
) -> std::io::Result<()> {
    let mut sum = xxhash_rust::xxh3::Xxh3::new();
    sum.update(&key.to_le_bytes());
    let mut put = |bytes: &[u8]| {
        sum.update(bytes);
        w.write_all(bytes)
    };
    put(&(count as u64).to_le_bytes())?;
    for (rel, hash, bytes) in entries {
        put(&(rel.len() as u64).to_le_bytes())?;
        put(rel.as_bytes())?;
        put(&hash.to_le_bytes())?;
        put(&(bytes.len() as u64).to_le_bytes())?;
        put(bytes)?;
    }
    w.write_all(&sum.digest128().to_le_bytes())
}

/// Locks a list, whatever a panicking thread left in it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The key, entries and the end of the last whole segment of a cache file; `None` unless its
/// head is whole.
fn parse(bytes: &[u8]) -> Option<(u128, HashMap<String, Slot>, usize)> {
    let head = bytes.get(..HEAD)?.strip_prefix(MAGIC)?;
    let key = u128::from_le_bytes(head.try_into().ok()?);
    let mut old = HashMap::new();
    let mut valid = HEAD;
    while valid < bytes.len() {
        match parse_segment(bytes, valid, key) {
            Some((entries, end)) => {
                old.extend(entries);
                valid = end;
            }
            None => break,
        }
    }
    Some((key, old, valid))
}

/// Reads a cache file's bytes in order.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// The next `n` bytes.
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    /// The next length or count.
    fn number(&mut self) -> Option<usize> {
        usize::try_from(u64::from_le_bytes(self.take(8)?.try_into().ok()?)).ok()
    }

    /// The next hash.
    fn hash(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }
}

/// The entries of the segment at `at` and where it ends; `None` unless it is whole and checks.
fn parse_segment(bytes: &[u8], at: usize, key: u128) -> Option<(Vec<(String, Slot)>, usize)> {
    let mut r = Reader { bytes, pos: at };
    let count = r.number()?;
    let mut entries = Vec::with_capacity(count.min(1 << 20));
    for _ in 0..count {
        let len = r.number()?;
        let rel = std::str::from_utf8(r.take(len)?).ok()?.to_string();
        let hash = r.hash()?;
        let len = r.number()?;
        let start = r.pos;
        r.take(len)?;
        let end = r.pos;
        entries.push((rel, Slot { hash, start, end }));
    }
    let body_end = r.pos;
    let sum = r.hash()?;
    // hashed where it lies (a segment is most of the file: never copied)
    let mut check = xxhash_rust::xxh3::Xxh3::new();
    check.update(&key.to_le_bytes());
    check.update(bytes.get(at..body_end)?);
    (check.digest128() == sum).then_some((entries, r.pos))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{MarkdownOptions, render};

    fn opts() -> MarkdownOptions {
        MarkdownOptions::default()
    }

    #[test]
    fn an_entry_is_used_only_for_the_same_body_key_and_options() {
        let body = "# Sleep\n\nSee [rest](@/rest.md#why).\n";
        let rendered = render(body, opts());
        let first = PageCache::new(7);
        first.set_options("a");
        assert!(first.get("p.md", body_hash(body)).is_none());
        first.put("p.md", body_hash(body), &rendered);
        let Some(CacheWrite::Whole(bytes)) = first.to_write() else {
            panic!("a new cache is written whole")
        };
        let next = PageCache::from_bytes(bytes.clone(), 7);
        next.set_options("a");
        let back = next.get("p.md", body_hash(body)).unwrap();
        assert_eq!((back.html, back.anchors), (rendered.html, rendered.anchors));
        assert_eq!(back.links, rendered.links);
        assert!(next.get("p.md", body_hash("# Sleep\n")).is_none(), "body");
        assert!(next.get("q.md", body_hash(body)).is_none(), "path");
        // everything used and nothing new: nothing to write
        assert_eq!(next.to_write(), None);
        let other = PageCache::from_bytes(bytes.clone(), 7);
        other.set_options("b");
        assert!(other.get("p.md", body_hash(body)).is_none(), "options");
        let version = PageCache::from_bytes(bytes.clone(), 8);
        version.set_options("a");
        assert!(version.get("p.md", body_hash(body)).is_none(), "key");
        let mut damaged = bytes;
        let mid = damaged.len() / 2;
        damaged[mid] ^= 1;
        let damaged = PageCache::from_bytes(damaged, 7);
        damaged.set_options("a");
        assert!(damaged.get("p.md", body_hash(body)).is_none(), "damaged");
    }

    #[test]
    fn a_forced_build_takes_nothing_and_writes_only_what_the_file_lacks() {
        let (a, b) = ("First.\n", "Second.\n");
        let first = PageCache::new(1);
        first.set_options("o");
        first.put("a.md", body_hash(a), &render(a, opts()));
        let Some(CacheWrite::Whole(file)) = first.to_write() else {
            panic!("whole")
        };
        let forced = PageCache::for_force(file.clone(), 1);
        forced.set_options("o");
        assert!(forced.get("a.md", body_hash(a)).is_none());
        forced.put("a.md", body_hash(a), &render(a, opts()));
        assert_eq!(forced.to_write(), None, "the file holds it");
        forced.put("b.md", body_hash(b), &render(b, opts()));
        assert!(matches!(forced.to_write(), Some(CacheWrite::Append { .. })));
        assert_eq!(forced.counts(), (0, 2));
    }

    #[test]
    fn a_build_appends_what_it_rendered_and_a_torn_segment_is_left_out() {
        let (a, b) = ("First.\n", "Second.\n");
        let first = PageCache::new(1);
        first.set_options("o");
        first.put("a.md", body_hash(a), &render(a, opts()));
        let Some(CacheWrite::Whole(mut file)) = first.to_write() else {
            panic!("whole")
        };
        let next = PageCache::from_bytes(file.clone(), 1);
        next.set_options("o");
        assert!(next.get("a.md", body_hash(a)).is_some());
        next.put("b.md", body_hash(b), &render(b, opts()));
        let Some(CacheWrite::Append { at, bytes }) = next.to_write() else {
            panic!("appended")
        };
        assert_eq!(at as usize, file.len());
        file.extend_from_slice(&bytes);
        let third = PageCache::from_bytes(file.clone(), 1);
        third.set_options("o");
        assert!(third.get("a.md", body_hash(a)).is_some());
        assert!(third.get("b.md", body_hash(b)).is_some());
        // the last segment cut short: the first one still reads
        file.truncate(file.len() - 3);
        let torn = PageCache::from_bytes(file, 1);
        torn.set_options("o");
        assert!(torn.get("a.md", body_hash(a)).is_some());
        assert!(torn.get("b.md", body_hash(b)).is_none());
    }
}
