//! The site's bibliography, `data/references.yaml`, and what the `cite` and `evidence`
//! shortcodes need from it.
//!
//! The file is a mapping from a key (`morton2018`: letters, digits, `-` and `_`) to an entry with
//! `authors`, `year`, `title`, an optional `source` (the venue), and a `doi` or a `url` (one of
//! them, so every reference can be found again). `cited_by` and `read_at` are the editor's notes
//! and are not shown. It is read once, when the site loads; a site without it has no `cite`.
//!
//! A page's `{{ cite(key="...") }}` calls are numbered in the order of their first use, and the
//! page ends with a reference list of those entries ([`Bibliography::list`]). Every key cited is
//! recorded ([`Bibliography::uncited`]), so the site can refuse a reference no page cites.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use deload_engine::error::{Error, Location, nearest};

/// Where the bibliography lives, relative to the site root.
pub(crate) const FILE: &str = "data/references.yaml";

/// The evidence levels of the `evidence` shortcode, as written in a call.
pub(crate) const LEVELS: [&str; 4] = ["strong", "limited", "practice", "rule"];

/// One entry of the bibliography, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    authors: String,
    year: u16,
    title: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    doi: Option<String>,
    #[serde(default)]
    url: Option<String>,
    /// The editor's note of the pages that cite it (the `cite` calls are what counts).
    #[serde(default)]
    #[allow(dead_code)]
    cited_by: Vec<String>,
    /// The editor's note of where the cited passage was read.
    #[serde(default)]
    #[allow(dead_code)]
    read_at: Option<String>,
}

/// One reference as the templates see it (`cite.html`'s `reference`, each of
/// `references.html`'s `references`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Reference {
    /// Its number on the page (1 for the first cited).
    pub(crate) n: usize,
    pub(crate) key: String,
    pub(crate) authors: String,
    pub(crate) year: u16,
    pub(crate) title: String,
    pub(crate) source: Option<String>,
    pub(crate) doi: Option<String>,
    /// The link: `https://doi.org/DOI`, else the entry's `url`.
    pub(crate) url: String,
}

/// The loaded bibliography.
#[derive(Debug)]
pub(crate) struct Bibliography {
    /// The file, and its text (to locate an uncited reference).
    path: PathBuf,
    text: String,
    entries: BTreeMap<String, Entry>,
    /// The line of each key.
    lines: HashMap<String, usize>,
    /// Every key cited by a page rendered so far.
    cited: Mutex<BTreeSet<String>>,
}

impl Bibliography {
    /// Reads `root/data/references.yaml`, if there is one. Every problem is returned: a key
    /// written twice, a malformed entry, an entry without a DOI or URL.
    pub(crate) fn load(root: &Path) -> Result<Option<Bibliography>, Vec<Error>> {
        let path = root.join(FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let text = deload_engine::fs::read_text(&path).map_err(|e| vec![e])?;
        let rel = PathBuf::from(FILE);
        let lines = key_lines(&text, &rel)?;
        let entries: BTreeMap<String, Entry> =
            deload_engine::yaml::parse(&text, &rel, 1, &text).map_err(|e| vec![e])?;
        let bib = Bibliography {
            path: rel,
            text,
            entries,
            lines,
            cited: Mutex::new(BTreeSet::new()),
        };
        let errors: Vec<Error> = bib
            .entries
            .iter()
            .filter_map(|(k, e)| bib.check(k, e))
            .collect();
        if errors.is_empty() {
            Ok(Some(bib))
        } else {
            Err(errors)
        }
    }

    /// An error at `key` unless its entry names a DOI (`10.…`) or an `http(s)` URL.
    fn check(&self, key: &str, e: &Entry) -> Option<Error> {
        let problem = match (&e.doi, &e.url) {
            (None, None) => "has no `doi` and no `url`",
            (Some(d), _) if !d.starts_with("10.") || d.contains(char::is_whitespace) => {
                "has a `doi` that is not a DOI (`10.` followed by the publisher's code)"
            }
            (None, Some(u)) if !(u.starts_with("https://") || u.starts_with("http://")) => {
                "has a `url` that is not an http(s) address"
            }
            (Some(_), Some(_)) => "has both a `doi` and a `url`",
            _ => return None,
        };
        Some(
            self.error_at(key, format!("the reference `{key}` {problem}"))
                .with_hint("give every reference a DOI (`doi: \"10.1234/…\"`) or, without one, a stable `url:` (the publisher's page, PubMed, or an ISBN record)"),
        )
    }

    /// An error in the bibliography at the line of `key`.
    fn error_at(&self, key: &str, message: String) -> Error {
        let line = self.lines.get(key).copied().unwrap_or(1);
        Error::new(message)
            .in_file(&self.path)
            .at(Location { line, column: 1 }, &self.text)
    }

    /// The entry `key` numbered `n`, recorded as cited; or the message and hint of an unknown
    /// key, naming the nearest one.
    pub(crate) fn cite(&self, key: &str, n: usize) -> Result<Reference, (String, String)> {
        let Some(e) = self.entries.get(key) else {
            let hint = match nearest(key, self.entries.keys().map(String::as_str)) {
                Some(k) => format!("did you mean `{k}`? The keys are those of {FILE}"),
                None => format!("add an entry `{key}:` to {FILE}, or cite one of its keys"),
            };
            return Err((format!("unknown reference `{key}`"), hint));
        };
        if let Ok(mut cited) = self.cited.lock() {
            cited.insert(key.to_string());
        }
        let url = match (&e.doi, &e.url) {
            (Some(d), _) => format!("https://doi.org/{d}"),
            (None, Some(u)) => u.clone(),
            (None, None) => String::new(),
        };
        Ok(Reference {
            n,
            key: key.to_string(),
            authors: e.authors.clone(),
            year: e.year,
            title: e.title.clone(),
            source: e.source.clone(),
            doi: e.doi.clone(),
            url,
        })
    }

    /// An error for each reference no page has cited, at its line.
    pub(crate) fn uncited(&self) -> Vec<Error> {
        let cited = match self.cited.lock() {
            Ok(c) => c.clone(),
            Err(p) => p.into_inner().clone(),
        };
        self.entries
            .keys()
            .filter(|k| !cited.contains(*k))
            .map(|k| {
                self.error_at(k, format!("no page cites the reference `{k}`"))
                    .with_hint(format!(
                        "cite it where a page relies on it, `{{{{ cite(key=\"{k}\") }}}}`, or remove it from {FILE}"
                    ))
            })
            .collect()
    }
}

/// The line of each top-level key of `text` (the file `path`); an error at each key written a
/// second time or not made of letters, digits, `-` and `_`.
fn key_lines(text: &str, path: &Path) -> Result<HashMap<String, usize>, Vec<Error>> {
    let mut lines = HashMap::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some((key, _)) = line.split_once(':') else {
            continue;
        };
        if key.is_empty() || key.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let key = key.trim().trim_matches(['"', '\'']);
        let at = |message: String, hint: &str| {
            Error::new(message)
                .in_file(path)
                .at(
                    Location {
                        line: i + 1,
                        column: 1,
                    },
                    text,
                )
                .with_hint(hint.to_string())
        };
        if !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.push(at(
                format!("the reference key `{key}` is not letters, digits, `-` and `_`"),
                "write keys like `morton2018`: first author and year",
            ));
        } else if let Some(first) = lines.insert(key.to_string(), i + 1) {
            errors.push(at(
                format!("the reference key `{key}` is used twice (first on line {first})"),
                "every source has one entry: merge them, or add a letter (`smith2000b`)",
            ));
        }
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

/// The message and hint of an `evidence` call whose `level` is not one of [`LEVELS`], if it is
/// not.
pub(crate) fn check_level(level: Option<&str>) -> Result<(), (String, String)> {
    let levels = LEVELS.join(", ");
    match level {
        Some(l) if LEVELS.contains(&l) => Ok(()),
        Some(l) => Err((
            format!("unknown evidence level `{l}`"),
            match nearest(l, LEVELS) {
                Some(n) => format!("did you mean `{n}`? The levels are {levels}"),
                None => format!("the levels are {levels}"),
            },
        )),
        None => Err((
            "`evidence` needs a `level`".into(),
            format!("write `{{{{ evidence(level=\"strong\") }}}}`; the levels are {levels}"),
        )),
    }
}

/// The messages of [`key_lines`] for `text` (none when the keys are fine), for the unit tests.
#[cfg(test)]
pub(super) fn key_lines_for_tests(text: &str) -> Vec<String> {
    match key_lines(text, Path::new(FILE)) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().map(|e| e.message).collect(),
    }
}
