//! The client-side search index: an inverted index built at build time and written as a script
//! (`search-index.js`) so that search works from the built files, with no server code, even when
//! they are opened from disk.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::Sink;
use super::view::Summaries;
use crate::search_terms::{BODY_WORDS, tokens};
use crate::site::Site;
use deload_engine::error::Error;

/// The output file of the search index.
pub(crate) const FILE: &str = "search-index.js";

/// One searchable document.
#[derive(Debug, Clone)]
pub(crate) struct Doc<'a> {
    /// Title (weighs most).
    pub(crate) title: &'a str,
    /// Absolute URL.
    pub(crate) url: String,
    /// Description (weighs more than the body).
    pub(crate) description: &'a str,
    /// Plain body text.
    pub(crate) body: &'a str,
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

/// Writes the search index of every page of `site` to `sink`.
pub(crate) fn write(site: &Site, summaries: &Summaries<'_>, sink: &dyn Sink) -> Result<(), Error> {
    let docs: Vec<Doc> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| Doc {
            title: &p.meta.title,
            url: summaries[i].permalink.clone(),
            description: p.meta.description.as_deref().unwrap_or(""),
            body: &p.rendered.text,
        })
        .collect();
    sink.write(FILE, build(&docs).as_bytes())
}

/// Builds `search-index.js`: `window.deloadSearchIndex = {...};`.
pub(crate) fn build(docs: &[Doc]) -> String {
    use rayon::prelude::*;
    // term → [(doc, score)], built on all cores: each thread indexes a run of documents, then
    // the threads' maps are merged (the lists are put back in document order below)
    let postings: HashMap<String, Vec<(u32, u32)>> = docs
        .par_iter()
        .enumerate()
        .fold(
            HashMap::new,
            |mut postings: HashMap<String, Vec<(u32, u32)>>, (i, d)| {
                let mut scores: HashMap<String, u32> = HashMap::new();
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
        .reduce(HashMap::new, |a, b| {
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
}
