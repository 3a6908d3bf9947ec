//! Site search: how text splits into search terms, and the client-side search index, an
//! inverted index built at build time and written as a script (`search-index.js`) so that
//! search works from the built files, with no server code, even when they are opened from disk.
//!
//! The site model uses the terms to keep only the part of each page's text the index reads;
//! rendering writes the index.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::Serialize;

/// Words too common to search for, sorted (they are looked up by binary search), at most five
/// letters. `search.js` drops the same words from queries.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "of", "on", "or", "so", "that", "the", "their", "then",
    "there", "these", "this", "to", "was", "were", "will", "with", "you", "your",
];

/// Splits text into lowercase search terms (letters and digits, two or more characters, no stop
/// words). The same rule is applied to queries in `search.js`.
pub(crate) fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    terms(text).map(lowercase)
}

/// `word` in lower case. Nearly every word is ASCII, which lowers byte by byte; `to_lowercase`
/// walks characters and their Unicode mappings (a tenth of a search index build).
fn lowercase(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase()
    }
}

/// The search terms of `text` as written: slices of it.
fn terms(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| is_term(w))
}

/// Whether a word (letters and digits only) is a search term.
fn is_term(word: &str) -> bool {
    word.chars().nth(1).is_some() && !is_stop_word(word)
}

/// Stop words, compared without regard to case.
fn is_stop_word(word: &str) -> bool {
    let b = word.as_bytes();
    if b.len() > 5 {
        return false;
    }
    let mut lower = [0u8; 5];
    for (l, c) in lower.iter_mut().zip(b) {
        *l = c.to_ascii_lowercase();
    }
    let key = &lower[..b.len()];
    STOP_WORDS
        .binary_search_by(|s| s.as_bytes().cmp(key))
        .is_ok()
}

/// Words of a page's body that are indexed (the title and description always are): enough to
/// find a page by what it is about, while keeping the index small enough to download.
pub(crate) const BODY_WORDS: usize = 400;

/// The start of a page's plain text that holds the first [`BODY_WORDS`] search terms: all of it
/// the index reads, so a site keeps only this much of each page's text.
pub(crate) fn indexed_body(text: &str) -> &str {
    match terms(text).nth(BODY_WORDS - 1) {
        // the term is a slice of `text`: its end is an offset into it
        Some(last) => &text[..last.as_ptr() as usize - text.as_ptr() as usize + last.len()],
        None => text,
    }
}

/// One searchable document.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// Title (weighs most).
    pub title: &'a str,
    /// Absolute URL.
    pub url: String,
    /// Description (weighs more than the body).
    pub description: &'a str,
    /// Plain body text.
    pub body: &'a str,
}

#[derive(Serialize)]
struct Index<'a> {
    /// `[title, url, description]` per document.
    docs: Vec<(&'a str, &'a str, &'a str)>,
    /// term → flat `[doc, score, doc, score, ...]`.
    index: BTreeMap<String, Vec<u32>>,
}

/// The most pages a term lists (the best-scoring ones): a word on every page of a large site
/// finds nothing useful, and would dominate the index's size.
pub(crate) const MAX_POSTINGS: usize = 200;

/// A map from search terms, hashed with [`WordHasher`].
type WordMap<V> = HashMap<String, V, BuildHasherDefault<WordHasher>>;

/// A fast hasher for the index's maps of words (the multiply-and-rotate hash rustc uses for its
/// own maps). The words are the site's own text, so there is no one to flood the maps with
/// colliding keys, and nothing in the index depends on the maps' order (every list is sorted).
/// The standard library's SipHash was a tenth of a build's instructions.
#[derive(Debug, Default, Clone, Copy)]
struct WordHasher(u64);

impl WordHasher {
    /// An odd constant with well-mixed bits: multiplying by it spreads each word over the hash.
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds `search-index.js`: `window.deloadSearchIndex = {...};`.
pub fn build(docs: &[Doc]) -> String {
    use rayon::prelude::*;
    // term → [(doc, score)], built on all cores: each thread indexes a run of documents, then
    // the threads' maps are merged (the lists are put back in document order below)
    let postings: WordMap<Vec<(u32, u32)>> = docs
        .par_iter()
        .enumerate()
        .fold(
            WordMap::default,
            |mut postings: WordMap<Vec<(u32, u32)>>, (i, d)| {
                let mut scores: WordMap<u32> = WordMap::default();
                let body = tokens(d.body).take(BODY_WORDS);
                let fields = tokens(d.title)
                    .map(|t| (t, 10))
                    .chain(tokens(d.description).map(|t| (t, 4)))
                    .chain(body.map(|t| (t, 1)));
                for (t, weight) in fields {
                    *scores.entry(t).or_insert(0) += weight;
                }
                for (term, score) in scores {
                    postings
                        .entry(term)
                        .or_default()
                        .push((i as u32, score.min(1000)));
                }
                postings
            },
        )
        .reduce(WordMap::default, |a, b| {
            let (mut big, small) = if a.len() >= b.len() { (a, b) } else { (b, a) };
            for (term, list) in small {
                big.entry(term).or_default().extend(list);
            }
            big
        });
    let index: BTreeMap<String, Vec<u32>> = postings
        .into_par_iter()
        .map(|(term, mut list)| {
            list.sort_unstable();
            if list.len() > MAX_POSTINGS {
                list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                list.truncate(MAX_POSTINGS);
                list.sort_unstable();
            }
            (term, list.into_iter().flat_map(|(d, s)| [d, s]).collect())
        })
        .collect();
    let idx = Index {
        docs: docs
            .iter()
            .map(|d| (d.title, d.url.as_str(), d.description))
            .collect(),
        index,
    };
    // serde_json escapes what must be escaped in JSON; `</` is escaped too so the script can
    // never close a surrounding <script> element.
    let json = serde_json::to_string(&idx)
        .unwrap_or_else(|_| "{\"docs\":[],\"index\":{}}".into())
        .replace("</", "<\\/");
    format!("window.deloadSearchIndex = {json};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_weights_title_over_body() {
        let docs = [
            Doc {
                title: "Sleep",
                url: "/s/".into(),
                description: "",
                body: "rest",
            },
            Doc {
                title: "Rest",
                url: "/r/".into(),
                description: "",
                body: "sleep sleep",
            },
        ];
        let js = build(&docs);
        let json = js
            .trim_start_matches("window.deloadSearchIndex = ")
            .trim_end_matches(";\n");
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["index"]["sleep"], serde_json::json!([0, 10, 1, 2]));
        assert!(v["index"].get("the").is_none());
    }

    #[test]
    fn common_terms_keep_only_the_best_pages() {
        let bodies: Vec<String> = (0..MAX_POSTINGS + 50)
            .map(|i| "rest ".repeat(i % 7 + 1))
            .collect();
        let docs: Vec<Doc> = bodies
            .iter()
            .map(|b| Doc {
                title: "T",
                url: "/".into(),
                description: "",
                body: b,
            })
            .collect();
        let js = build(&docs);
        let json = js
            .trim_start_matches("window.deloadSearchIndex = ")
            .trim_end_matches(";\n");
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        let list = v["index"]["rest"].as_array().unwrap();
        assert_eq!(list.len(), MAX_POSTINGS * 2);
        // the 50 dropped pages are the lowest-scoring ones: all pages mentioning it once go
        let kept_once = list.chunks(2).filter(|c| c[1] == 1).count();
        assert_eq!(kept_once, 0, "{list:?}");
        assert!(list.chunks(2).any(|c| c[1] == 7));
        // documents in order, whichever thread indexed them
        let order: Vec<u64> = list.chunks(2).map(|c| c[0].as_u64().unwrap()).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert_eq!(build(&docs), js, "the same index on every build");
    }

    #[test]
    fn script_cannot_close_script_tag() {
        let docs = [Doc {
            title: "</script><b>",
            url: "/x/".into(),
            description: "",
            body: "",
        }];
        assert!(!build(&docs).contains("</script>"));
    }

    #[test]
    fn lowercase_is_unicode_lowercase() {
        for w in [
            "Sleep",
            "RPE",
            "sleep",
            "\u{c9}T\u{c9}",
            "Stra\u{df}e",
            "\u{1c5}ivot",
            "\u{130}stanbul",
        ] {
            assert_eq!(lowercase(w), w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn word_hashes_tell_words_apart() {
        let hash = |w: &str| {
            let mut h = WordHasher::default();
            std::hash::Hash::hash(w, &mut h);
            h.finish()
        };
        let words: Vec<String> = (0..20_000)
            .map(|i| format!("w{i}"))
            .chain(
                [
                    "sleep",
                    "sleeps",
                    "deload",
                    "deloads",
                    "a1234567",
                    "a12345678",
                ]
                .map(String::from),
            )
            .collect();
        let distinct: std::collections::HashSet<u64> = words.iter().map(|w| hash(w)).collect();
        assert_eq!(distinct.len(), words.len());
        // the top bits (which the map's probing uses) differ too
        let tops: std::collections::HashSet<u64> = words.iter().map(|w| hash(w) >> 57).collect();
        assert_eq!(tops.len(), 128, "every 7-bit tag is used");
    }

    #[test]
    fn stop_words_are_sorted_and_found_in_any_case() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= 5));
        for w in STOP_WORDS {
            assert!(is_stop_word(w) && is_stop_word(&w.to_uppercase()), "{w}");
        }
        assert!(!is_stop_word("sleep") && !is_stop_word("th") && !is_stop_word("theirs"));
    }

    #[test]
    fn indexed_body_keeps_exactly_the_indexed_terms() {
        // stop words, one-letter words, punctuation and mixed case between the terms
        let text: String = (0..BODY_WORDS + 100)
            .map(|i| format!("The a Word{i}, \u{e9}t\u{e9}-{i}. "))
            .collect();
        let kept = indexed_body(&text);
        assert!(kept.len() < text.len());
        let all: Vec<String> = tokens(&text).take(BODY_WORDS).collect();
        let from_kept: Vec<String> = tokens(kept).collect();
        assert_eq!(from_kept, all);
        // and nothing after the last term
        let shorter = &kept[..kept.char_indices().last().map_or(0, |(i, _)| i)];
        assert!(
            tokens(shorter).count() < BODY_WORDS || tokens(shorter).last() != all.last().cloned()
        );
        // short text is kept whole
        assert_eq!(indexed_body("sleep and rest"), "sleep and rest");
    }
}
