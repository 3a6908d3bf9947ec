//! Site functions for templates: `get_page(path)`, `get_section(path)`, `get_url(path)`,
//! `get_taxonomy(kind)`, `load_data(path)`, `now()` and `resize_image(path, ...)` (see
//! `deload_site::images`).
//!
//! Tera's functions must own what they read, so each function gets a snapshot of the site made
//! when the templates are prepared; a snapshot is made only when a template calls its function
//! (a site that uses none pays nothing). The values are the view structs' (`view`), like every
//! other template value. An error (a missing page, a data file that does not parse) stops the
//! render with the template's name and line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tera::{Kwargs, State, Value};

use super::Templates;
use super::view::{self, Summaries};
use deload_site::site::Site;

/// The folder of data files under the site root.
pub(crate) const DATA_DIR: &str = "data";

/// Registers the site functions the templates use.
pub(crate) fn register(templates: &mut Templates, site: &Site) {
    let summaries = Summaries::new(site);
    if templates.uses_function("get_url") {
        let urls = Arc::new(url_index(site));
        templates.register_function("get_url", move |kw: Kwargs, _: &State| get_url(&urls, &kw));
    }
    if templates.uses_function("get_page") {
        let pages =
            Arc::new(by_file(site.pages.iter().enumerate().map(|(i, p)| {
                (p.rel.clone(), view::page_value(site, i, &summaries))
            })));
        templates.register_function("get_page", move |kw: Kwargs, _: &State| {
            lookup(&pages, &kw, "path", "page", "guidance/sleep.md")
        });
    }
    if templates.uses_function("get_section") {
        let sections = Arc::new(by_file(site.sections.iter().enumerate().map(|(i, s)| {
            (
                s.content_rel(),
                view::shared(&view::SectionView::new(site, i, &summaries)),
            )
        })));
        templates.register_function("get_section", move |kw: Kwargs, _: &State| {
            lookup(&sections, &kw, "path", "section", "guidance/_index.md")
        });
    }
    if templates.uses_function("get_taxonomy") {
        // the default language's (a multilingual site's others have the same names)
        let default = site.taxonomies.iter().filter(|t| t.lang.is_none());
        let taxonomies =
            Arc::new(by_file(default.map(|t| {
                (t.name.clone(), view::taxonomy_value(site, t, &summaries))
            })));
        templates.register_function("get_taxonomy", move |kw: Kwargs, _: &State| {
            lookup(&taxonomies, &kw, "kind", "taxonomy", "tags")
        });
    }
    if templates.uses_function("load_data") {
        let data = Arc::new(DataFiles {
            root: site.root.clone(),
            cache: Mutex::new(HashMap::new()),
        });
        templates.register_function("load_data", move |kw: Kwargs, _: &State| data.load(&kw));
    }
    templates.register_function("now", |_: Kwargs, _: &State| now());
    if templates.uses_function("resize_image") {
        let prefix = site.config.path_prefix().to_string();
        let f = deload_site::images::tera_function(site.images(), site.root.clone(), prefix);
        templates.register_function("resize_image", f);
    }
}

/// Values by file (or name), with the keys for "did you mean".
struct ByFile {
    values: HashMap<String, Value>,
}

fn by_file(items: impl Iterator<Item = (String, Value)>) -> ByFile {
    ByFile {
        values: items.collect(),
    }
}

/// The value named by the argument `arg` (`@/` and a leading `/` allowed), or an error saying
/// which `what` was asked for and which exist.
fn lookup(
    map: &ByFile,
    kw: &Kwargs,
    arg: &str,
    what: &str,
    example: &str,
) -> tera::TeraResult<Value> {
    let key: &str = kw.must_get(arg)?;
    let key = key.trim_start_matches("@/").trim_start_matches('/');
    match map.values.get(key) {
        Some(v) => Ok(v.clone()),
        None => {
            let near = deload_engine::error::nearest(key, map.values.keys().map(String::as_str));
            let hint = match near {
                Some(n) => format!("; did you mean `{n}`?"),
                None => format!("; name it like `{example}`"),
            };
            Err(tera::Error::message(format!(
                "there is no {what} `{key}`{hint}"
            )))
        }
    }
}

/// What `get_url` resolves: content files to site paths, and every file the build writes.
struct UrlIndex {
    content: HashMap<String, String>,
    files: std::collections::HashSet<String>,
    base_url: String,
}

fn url_index(site: &Site) -> UrlIndex {
    let mut content: HashMap<String, String> = (site.pages.iter())
        .map(|p| (p.rel.clone(), p.path.clone()))
        .collect();
    for s in &site.sections {
        content.insert(s.content_rel(), s.path.clone());
    }
    UrlIndex {
        content,
        files: site.known.paths().collect(),
        base_url: site.config.base_url.clone(),
    }
}

/// `get_url(path="@/guidance/sleep.md#naps")` or `get_url(path="/programs/")`: the absolute URL,
/// checked to exist.
fn get_url(index: &UrlIndex, kw: &Kwargs) -> tera::TeraResult<String> {
    let path: &str = kw.must_get("path")?;
    let (target, anchor) = match path.split_once('#') {
        Some((t, a)) => (t, Some(a)),
        None => (path, None),
    };
    let site_path = match target.strip_prefix("@/") {
        Some(file) => index.content.get(file).cloned().ok_or_else(|| {
            tera::Error::message(format!("get_url: `{path}` names no file of content/"))
        })?,
        None if target.starts_with('/') => {
            let known = index.files.contains(target)
                || index
                    .files
                    .contains(&format!("{}/", target.trim_end_matches('/')));
            if !known {
                return Err(tera::Error::message(format!(
                    "get_url: the site has no page or file at `{target}`"
                )));
            }
            target.to_string()
        }
        None => {
            return Err(tera::Error::message(format!(
                "get_url: `{path}` is neither `@/file.md` nor a site path like `/programs/`"
            )));
        }
    };
    let mut url = format!("{}{}", index.base_url, site_path.trim_start_matches('/'));
    if let Some(a) = anchor {
        url.push('#');
        url.push_str(a);
    }
    Ok(url)
}

/// The data files read so far (each file is read once per build).
struct DataFiles {
    root: PathBuf,
    cache: Mutex<HashMap<PathBuf, Value>>,
}

impl DataFiles {
    /// `load_data(path="lifts.csv")`: a file of `data/` (YAML, JSON, TOML or CSV), parsed.
    fn load(&self, kw: &Kwargs) -> tera::TeraResult<Value> {
        let rel: &str = kw.must_get("path")?;
        let file = self.confined(rel)?;
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = cache.get(&file) {
            return Ok(v.clone());
        }
        let text =
            deload_site::fs::read_text(&file).map_err(|e| tera::Error::message(e.to_string()))?;
        let value = parse_data(&file, &text)
            .map_err(|m| tera::Error::message(format!("load_data: {}: {m}", file.display())))?;
        cache.insert(file, value.clone());
        Ok(value)
    }

    /// The file `rel` names in `data/`, refused when it (or a symlink on the way) leaves the
    /// site's folder.
    fn confined(&self, rel: &str) -> tera::TeraResult<PathBuf> {
        let rel = rel.trim_start_matches("data/");
        let refuse = |why: &str| {
            Err(tera::Error::message(format!(
                "load_data: `{rel}` {why}; name a file of the site's data/ folder, like `lifts.csv`"
            )))
        };
        if rel.is_empty()
            || rel.starts_with('/')
            || rel.contains('\\')
            || rel.split('/').any(|s| s == "..")
        {
            return refuse("is not a path inside data/");
        }
        let file = self.root.join(DATA_DIR).join(rel);
        let (Ok(real), Ok(root)) = (file.canonicalize(), self.root.canonicalize()) else {
            return refuse("does not exist");
        };
        if !real.starts_with(&root) {
            return refuse("leads outside the site's folder");
        }
        // a named pipe, device or socket would make the build wait for ever on its first read
        if !std::fs::metadata(&real).is_ok_and(|m| m.is_file()) {
            return refuse("is not a regular file (a folder, named pipe, device or socket)");
        }
        Ok(real)
    }
}

/// A data file's value, by its extension.
/// Every format is measured before it is built (see [`deload_engine::size`]): data that would
/// take more than its budget in memory is an error, not an allocation.
fn parse_data(file: &Path, text: &str) -> Result<Value, String> {
    use deload_engine::size;
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let too_large = |e: String| match e.contains(size::MESSAGE) {
        true => format!("{e} ({})", size::hint(text.len())),
        false => e,
    };
    match ext {
        // the one YAML reader: depth, aliases and size bounded before parsing
        "yaml" | "yml" => deload_engine::yaml::parse::<serde_json::Value>(text, file, 1, text)
            .map(|v| Value::from_serializable(&v))
            .map_err(|e| e.render(deload_engine::Severity::Error, false)),
        "json" => {
            if size::needs_walk(text.len()) {
                size::check(&mut serde_json::Deserializer::from_str(text), text.len())
                    .map_err(|e| too_large(e.to_string()))?;
            }
            serde_json::from_str::<serde_json::Value>(text)
                .map(|v| Value::from_serializable(&v))
                .map_err(|e| e.to_string())
        }
        "toml" => {
            if !size::toml_within_budget(text) {
                return Err(too_large(size::MESSAGE.to_string()));
            }
            toml::from_str::<toml::Table>(text)
                .map(|v| Value::from_serializable(&v))
                .map_err(|e| e.message().to_string())
        }
        "csv" => csv_rows(text).map_err(too_large),
        other => Err(format!(
            "`.{other}` files are not data: use .yaml, .json, .toml or .csv"
        )),
    }
}

/// A CSV file as a list of rows, each a map from the header's names to the row's texts.
fn csv_rows(text: &str) -> Result<Value, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    let left = std::cell::Cell::new(deload_engine::size::budget(text.len()));
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        // a row is a map of its fields, each a key and a value
        let cost = (record.iter()).map(str::len).sum::<usize>()
            + headers.iter().map(String::len).sum::<usize>();
        if !deload_engine::size::spend(&left, 1 + 2 * record.len(), cost) {
            let line = record.position().map_or(0, csv::Position::line);
            return Err(format!("{} (at line {line})", deload_engine::size::MESSAGE));
        }
        let row: serde_json::Map<String, serde_json::Value> = (headers.iter())
            .zip(record.iter())
            .map(|(h, v)| (h.clone(), serde_json::Value::from(v)))
            .collect();
        rows.push(serde_json::Value::Object(row));
    }
    Ok(Value::from_serializable(&rows))
}

/// `now()`: the build's time, RFC 3339 in UTC (`SOURCE_DATE_EPOCH` when set, for builds that must
/// come out the same).
fn now() -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    let t = epoch.unwrap_or_else(jiff::Timestamp::now);
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_files_of_every_format() {
        let csv = parse_data(Path::new("a.csv"), "lift,kg\nsquat,100\nbench,80\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let rows = csv.as_array().map_or(0, <[tera::Value]>::len);
        assert_eq!(rows, 2);
        let toml = parse_data(Path::new("a.toml"), "a = 1\n[b]\nc = \"x\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(toml.as_map().is_some());
        assert!(parse_data(Path::new("a.yaml"), "a: [1, 2]\n").is_ok());
        assert!(parse_data(Path::new("a.json"), "{\"a\": 1}").is_ok());
        assert!(parse_data(Path::new("a.json"), "{").is_err());
        assert!(parse_data(Path::new("a.exe"), "").is_err());
    }
}
