//! The client-side search index: an inverted index built at build time and written as a script
//! (`search-index.js`) so that search works from the built files, with no server code, even when
//! they are opened from disk.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

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

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if",
    "in", "into", "is", "it", "its", "of", "on", "or", "so", "that", "the", "their", "then",
    "there", "these", "this", "to", "was", "were", "will", "with", "you", "your",
];

/// Splits text into lowercase search terms (letters and digits, two or more characters, no stop
/// words). The same rule is applied to queries in `search.js`.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

/// Builds `search-index.js`: `window.deloadSearchIndex = {...};`.
pub fn build(docs: &[Doc]) -> String {
    let mut index: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        let mut scores: HashMap<String, u32> = HashMap::new();
        for (text, weight) in [(d.title, 10), (d.description, 4), (d.body, 1)] {
            for t in tokens(text) {
                *scores.entry(t).or_insert(0) += weight;
            }
        }
        for (term, score) in scores {
            let list = index.entry(term).or_default();
            list.push(i as u32);
            list.push(score.min(1000));
        }
    }
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
