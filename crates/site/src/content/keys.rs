//! Top-level front-matter keys: which keys a file has, which of them deload does not know (every
//! one reported in one pass, with a hint for the keys other generators use), and the terms of
//! keys named like a taxonomy of site.yaml (`categories: [...]`).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;

use super::front_matter::{Format, Split};
use deload_engine::error::{Error, Location, levenshtein, nearest};

/// The keys a page's front matter may have.
pub(crate) const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "tags",
    "taxonomies",
    "weight",
    "draft",
    "slug",
    "path",
    "template",
    "aliases",
    "toc",
    "extra",
    "expiry_date",
    "expirydate",
    "expiryDate",
    "menu",
];

/// The keys a section's `_index.md` may have.
pub(crate) const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "sort_by",
    "paginate_by",
    "template",
    "weight",
    "extra",
];

/// One top-level key of a front matter.
#[derive(Debug, Clone)]
pub(crate) struct Key {
    /// The key as written (quotes removed).
    pub(crate) name: String,
    /// Where the key is in the file.
    pub(crate) at: Location,
    /// Its lines (the key's own and the indented ones under it), as a byte range of the front
    /// matter text (YAML only).
    pub(crate) block: Range<usize>,
}

/// The top-level keys of a front matter, in order.
pub(crate) fn top_level(split: &Split) -> Vec<Key> {
    match split.format {
        Format::Yaml => yaml_keys(split.yaml, split.yaml_line),
        Format::Toml => toml_keys(split.yaml, split.yaml_line),
        Format::Json => json_keys(split),
    }
}

/// A YAML line's key when the line starts a top-level entry (`key: ...`, `"key": ...`).
fn yaml_line_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '{' | '[' | '?' | '.') {
        return None;
    }
    if let Some(q @ ('"' | '\'')) = Some(first) {
        let rest = &line[1..];
        let end = rest.find(q)?;
        return rest[end + 1..]
            .trim_start()
            .starts_with(':')
            .then(|| &rest[..end]);
    }
    let colon = line.match_indices(':').map(|(i, _)| i).find(|&i| {
        line[i + 1..].is_empty() || line[i + 1..].starts_with([' ', '\t', '\r', '\n'])
    })?;
    Some(line[..colon].trim_end())
}

/// The top-level keys of YAML front matter `text`, which starts at file line `first_line`: a
/// line scan (front matter is block YAML in practice), each key with the lines under it.
fn yaml_keys(text: &str, first_line: usize) -> Vec<Key> {
    let mut keys: Vec<Key> = Vec::new();
    let mut pos = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if let Some(name) = yaml_line_key(line) {
            if let Some(last) = keys.last_mut() {
                last.block.end = pos;
            }
            keys.push(Key {
                name: name.to_string(),
                at: Location {
                    line: first_line + i,
                    column: 1,
                },
                block: pos..text.len(),
            });
        }
        pos += line.len();
    }
    keys
}

/// The top-level keys of TOML front matter: `key = ...` lines before the first table, and
/// `[table]` headers.
fn toml_keys(text: &str, first_line: usize) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        let at = Location {
            line: first_line + i,
            column: 1,
        };
        let name = if let Some(h) = t.strip_prefix('[') {
            in_table = true;
            let h = h.trim_start_matches('[');
            h.split([']', '.'])
                .next()
                .map(|n| n.trim().trim_matches('"'))
        } else if in_table || t.starts_with('#') {
            None
        } else {
            t.split_once('=')
                .map(|(k, _)| k.trim().split('.').next().unwrap_or("").trim_matches('"'))
        };
        if let Some(name) = name.filter(|n| !n.is_empty())
            && !keys.iter().any(|k: &Key| k.name == name)
        {
            keys.push(Key {
                name: name.to_string(),
                at,
                block: 0..0,
            });
        }
    }
    keys
}

/// The top-level keys of JSON front matter (none when it does not parse: its parse error is
/// reported instead).
fn json_keys(split: &Split) -> Vec<Key> {
    let Ok(map) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(split.yaml)
    else {
        return Vec::new();
    };
    map.keys()
        .map(|name| Key {
            name: name.clone(),
            at: super::front_matter::key_location(split, name).unwrap_or(Location {
                line: split.yaml_line,
                column: 1,
            }),
            block: 0..0,
        })
        .collect()
}

/// Which kind of file the keys are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A page.
    Page,
    /// A section's `_index.md`.
    Section,
}

impl Kind {
    /// The keys this kind of file may have.
    fn known(self) -> &'static [&'static str] {
        match self {
            Kind::Page => PAGE_KEYS,
            Kind::Section => SECTION_KEYS,
        }
    }
}

/// Keys other generators (Hugo, Jekyll, Zola, their themes) write that look like a typo of one
/// of deload's (`math` of `path`) but are not: kept under `extra` like any other foreign key.
const FOREIGN: &[&str] = &[
    "math",
    "lang",
    "type",
    "tabs",
    "author",
    "authors",
    "image",
    "images",
    "cover",
    "menu",
    "menus",
    "build",
    "render",
    "cascade",
    "outputs",
    "markup",
    "headless",
    "sitemap",
    "layout",
    "url",
    "permalink",
    "comments",
    "header",
    "sidebar",
    "hidden",
    "share",
    "related",
];

/// Whether the unknown key `key` is most likely a typo of a key a `kind` file may have (within
/// one or two edits, or the same but for case): those stay errors, since a misspelt `title`,
/// `date` or `draft` silently kept as data would change the site without a word.
pub(crate) fn is_typo(key: &str, kind: Kind) -> bool {
    let lower = key.to_ascii_lowercase();
    if FOREIGN.contains(&lower.as_str()) || (kind == Kind::Section && PAGE_KEYS.contains(&key)) {
        return false;
    }
    let limit = if key.chars().count() <= 3 { 1 } else { 2 };
    (kind.known().iter()).any(|k| *k != key && levenshtein(&lower, k) <= limit)
}

/// The unknown keys of a file, sorted.
#[derive(Debug, Default)]
pub(crate) struct Unknown {
    /// An error for each key that is refused: every unknown key under `strict`, else the typos
    /// of known keys.
    pub(crate) errors: Vec<Error>,
    /// The names of the refused keys (for the site-wide summary).
    pub(crate) names: Vec<String>,
    /// The other unknown keys: their values are kept under `extra`, each with a warning located
    /// at the key.
    pub(crate) kept: Vec<(String, Error)>,
}

/// The unknown keys of `keys` for a `kind` file (a page may also have a key named like one of
/// `taxonomies`): refused when `strict` or a typo (see [`is_typo`]), kept otherwise.
pub(crate) fn unknown(
    split: &Split,
    keys: &[Key],
    kind: Kind,
    taxonomies: &[String],
    strict: bool,
    file: &Path,
    text: &str,
) -> Unknown {
    let mut out = Unknown {
        errors: repeated(keys, file, text),
        ..Unknown::default()
    };
    let is_known = |name: &str| {
        kind.known().contains(&name) || (kind == Kind::Page && taxonomies.iter().any(|t| t == name))
    };
    if keys.iter().all(|k| is_known(&k.name)) {
        return out;
    }
    // the line scan found an unknown key: make sure the YAML parser sees it at the top level
    // too (a line of a flow collection can look like a key)
    let real = real_keys(split);
    for k in keys {
        let confirmed = real.as_ref().is_none_or(|r| r.contains(&k.name));
        let seen = out.names.contains(&k.name) || out.kept.iter().any(|(n, _)| *n == k.name);
        if is_known(&k.name) || !confirmed || seen {
            continue;
        }
        if strict || is_typo(&k.name, kind) {
            out.errors.push(
                Error::new(format!("unknown front-matter key `{}`", k.name))
                    .in_file(file)
                    .at(k.at, text)
                    .with_hint(hint(&k.name, kind)),
            );
            out.names.push(k.name.clone());
        } else {
            let at = Error::new(String::new()).in_file(file).at(k.at, text);
            out.kept.push((k.name.clone(), at));
        }
    }
    out
}

/// An error at each top-level key written a second time (`title:` twice): the parsers refuse
/// the file, and the other keys are still checked, so that one run names every problem.
fn repeated(keys: &[Key], file: &Path, text: &str) -> Vec<Error> {
    let mut out = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let Some(first) = keys[..i].iter().find(|e| e.name == k.name) else {
            continue;
        };
        out.push(
            Error::new(format!(
                "front-matter key `{}` is written twice (first on line {})",
                k.name, first.at.line
            ))
            .in_file(file)
            .at(k.at, text)
            .with_hint(format!("`{}` is given twice; keep one", k.name)),
        );
    }
    out
}

/// The values of the top-level keys `names` of a front matter, to keep under `extra`.
pub(crate) fn values(
    split: &Split,
    names: &[String],
    file: &Path,
    text: &str,
) -> Result<BTreeMap<String, serde_json::Value>, Error> {
    let mut out = BTreeMap::new();
    if names.is_empty() {
        return Ok(out);
    }
    match split.format {
        Format::Yaml => {
            let map: serde_yaml::Mapping =
                deload_engine::yaml::parse(split.yaml, file, split.yaml_line, text)?;
            for (k, v) in map {
                if let Some(k) = k.as_str().filter(|k| names.iter().any(|n| n == k)) {
                    out.insert(k.to_string(), serde_json::to_value(v).unwrap_or_default());
                }
            }
        }
        Format::Toml => {
            let table: toml::Table = super::front_matter::parse_meta(split, file, text)?;
            for (k, v) in table {
                if names.contains(&k) {
                    out.insert(k, toml_to_json(v));
                }
            }
        }
        Format::Json => {
            let map: serde_json::Map<String, serde_json::Value> =
                super::front_matter::parse_meta(split, file, text)?;
            out.extend(map.into_iter().filter(|(k, _)| names.contains(k)));
        }
    }
    Ok(out)
}

/// A TOML value as JSON (dates as their text).
pub fn toml_to_json(v: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => J::from(f),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The site-wide warning for a front-matter key kept under `extra`: `n` files have it, `first`
/// is the first one's located (empty) message, `files` where the first few are.
pub(crate) fn kept_warning(
    key: &str,
    kind: Kind,
    n: usize,
    first: &Error,
    files: &[String],
) -> Error {
    let scope = if kind == Kind::Page {
        "page"
    } else {
        "section"
    };
    let mut message = format!(
        "front-matter key `{key}` is not one of deload's; its value is kept as `{scope}.extra.{key}`"
    );
    if n > 1 {
        message.push_str(&format!(" (in {n} files: {}", files.join(", ")));
        if n > files.len() {
            message.push_str(&format!(" and {} more", n - files.len()));
        }
        message.push(')');
    }
    let mut e = first.clone();
    e.message = message;
    let hint = hint(key, kind);
    let hint = if hint.starts_with("keep data for templates") {
        "move it under `extra:` to say it is meant as data".to_string()
    } else {
        hint
    };
    e.with_hint(format!(
        "{hint}; `strict: true` in site.yaml makes unknown keys errors"
    ))
}

/// The top-level keys as the YAML parser sees them (none for TOML, whose scan is exact, or for
/// YAML that does not parse: its parse error is reported instead).
fn real_keys(split: &Split) -> Option<Vec<String>> {
    if split.format == Format::Toml {
        return None;
    }
    match serde_yaml::from_str::<serde_yaml::Mapping>(split.yaml) {
        Ok(m) => Some(
            m.keys()
                .filter_map(|k| k.as_str().map(str::to_string))
                .collect(),
        ),
        // a key written twice is its own error: the line scan's keys stand (the other
        // keys are still checked)
        Err(e) if e.to_string().contains("duplicate") => None,
        Err(_) => Some(Vec::new()),
    }
}

/// How to say `key` in deload's front matter: the keys other generators use, the nearest known
/// key, or `extra:`.
pub(crate) fn hint(key: &str, kind: Kind) -> String {
    let use_key = |k: &str| format!("deload calls it `{k}`");
    match key.to_ascii_lowercase().as_str() {
        "categories" | "category" | "series" | "authors" => format!(
            "did you mean `taxonomies: {{{key}: [...]}}`? Declare the taxonomy in site.yaml (`taxonomies: [{{name: {key}}}]`) and `{key}:` works as it is"
        ),
        "summary" | "excerpt" | "subtitle" | "lead" | "abstract" => use_key("description"),
        "lastmod" | "modified" | "last_modified_at" | "last_modified" | "updated_at" => {
            use_key("updated")
        }
        "publishdate" | "pubdate" | "published_at" | "publish_date" => use_key("date"),
        "layout" | "type" => "name a template file instead: `template: guide.html`".into(),
        "url" | "permalink" => "set the page's URL with `path: /the/url/`".into(),
        "keywords" => "use `tags: [...]`, or keep them under `extra:`".into(),
        "published" => "unpublished pages are `draft: true`".into(),
        _ => match nearest(key, kind.known().iter().copied().filter(|k| *k != key)) {
            Some(k) => format!("did you mean `{k}`?"),
            None => format!(
                "keep data for templates under `extra:` (`extra: {{{key}: ...}}`, read as `page.extra.{key}`)"
            ),
        },
    }
}

/// The site-wide summary of unknown keys: for each key found in more than one file, one error
/// saying how many files have it and what to do.
pub(crate) fn summary(counts: &BTreeMap<String, (usize, Kind)>) -> Vec<Error> {
    counts
        .iter()
        .filter(|(_, (n, _))| *n > 1)
        .map(|(key, (n, kind))| {
            Error::new(format!("unknown front-matter key `{key}` in {n} files"))
                .with_hint(hint(key, *kind))
        })
        .collect()
}

/// Terms written as a list or as one term.
#[derive(Deserialize)]
#[serde(untagged)]
enum Terms {
    /// `[a, b]`.
    Many(Vec<String>),
    /// `a`.
    One(String),
}

impl Terms {
    fn into_vec(self) -> Vec<String> {
        match self {
            Terms::Many(v) => v,
            Terms::One(s) => vec![s],
        }
    }
}

/// The terms under the YAML key `key` (a taxonomy's name), parsed from its lines.
pub(crate) fn yaml_terms(
    split: &Split,
    key: &Key,
    file: &Path,
    text: &str,
) -> Result<Vec<String>, Error> {
    let block = &split.yaml[key.block.clone()];
    let first = key.at.line;
    let mut map: BTreeMap<String, Terms> = deload_engine::yaml::parse(block, file, first, text)?;
    Ok(map
        .remove(&key.name)
        .map(Terms::into_vec)
        .unwrap_or_default())
}

/// The terms under the JSON key `key`.
pub(crate) fn json_terms(
    split: &Split,
    key: &Key,
    file: &Path,
    text: &str,
) -> Result<Vec<String>, Error> {
    let mut map: serde_json::Map<String, serde_json::Value> =
        super::front_matter::parse_meta(split, file, text)?;
    let Some(v) = map.remove(&key.name) else {
        return Ok(Vec::new());
    };
    serde_json::from_value::<Terms>(v)
        .map(Terms::into_vec)
        .map_err(|_| {
            Error::new(format!("`{}` must list terms", key.name))
                .in_file(file)
                .at(key.at, text)
                .with_hint(format!("write `\"{}\": [\"sleep\", \"rest\"]`", key.name))
        })
}

/// The terms under the TOML key `key` of the table `table`.
pub(crate) fn toml_terms(
    table: &toml::Table,
    key: &Key,
    file: &Path,
    text: &str,
) -> Result<Vec<String>, Error> {
    let Some(v) = table.get(&key.name) else {
        return Ok(Vec::new());
    };
    match v.clone().try_into::<Terms>() {
        Ok(t) => Ok(t.into_vec()),
        Err(_) => Err(Error::new(format!("`{}` must list terms", key.name))
            .in_file(file)
            .at(key.at, text)
            .with_hint(format!("write `{} = [\"sleep\", \"rest\"]`", key.name))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_top_level_keys_with_their_lines() {
        let t = "title: A\ndescription: |\n  long: text\n\"quoted\": 1\ncategories:\n  - a\n# c: no\n- x\nurl: http://a\n";
        let keys = yaml_keys(t, 2);
        let names: Vec<&str> = keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(
            names,
            ["title", "description", "quoted", "categories", "url"]
        );
        assert_eq!(keys[3].at.line, 6);
        assert_eq!(
            &t[keys[3].block.clone()],
            "categories:\n  - a\n# c: no\n- x\n"
        );
    }

    #[test]
    fn toml_top_level_keys() {
        let t =
            "title = \"A\"\ncategories = [\"x\"]\n[taxonomies]\nauthors = [\"s\"]\n[extra.deep]\n";
        let names: Vec<String> = toml_keys(t, 2).into_iter().map(|k| k.name).collect();
        assert_eq!(names, ["title", "categories", "taxonomies", "extra"]);
    }

    #[test]
    fn typos_of_known_keys_but_not_other_generators_keys() {
        for typo in [
            "titel", "Title", "dtae", "drafts", "tag", "aliasses", "slgu",
        ] {
            assert!(is_typo(typo, Kind::Page), "{typo}");
        }
        for foreign in [
            "math",
            "layout",
            "lastmod",
            "categories",
            "hero_image",
            "id",
            "url",
        ] {
            assert!(!is_typo(foreign, Kind::Page), "{foreign}");
        }
        // a page's key on a section is not a typo of a section's key
        assert!(!is_typo("date", Kind::Section));
        assert!(is_typo("sortby", Kind::Section));
        assert!(!hint("Title", Kind::Page).contains("`Title`"));
    }

    #[test]
    fn hints_for_other_generators_keys() {
        assert!(hint("categories", Kind::Page).contains("taxonomies: {categories"));
        assert!(hint("lastmod", Kind::Page).contains("`updated`"));
        assert!(hint("titel", Kind::Page).contains("did you mean `title`"));
        assert!(hint("hero_image", Kind::Page).contains("extra"));
    }
}
