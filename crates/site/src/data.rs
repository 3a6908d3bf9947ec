//! Site data for templates and shortcodes: `load_data(path)` (a file of `data/`, YAML, JSON, TOML
//! or CSV, parsed once per build, confined to the folder) and `now()` (the build's time). Both
//! need nothing of the site but its folder, so shortcodes call them as templates do.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tera::{Kwargs, Value};

/// The folder of data files under the site root.
pub const DATA_DIR: &str = "data";

/// The data files read so far (each file is read once per build).
pub struct DataFiles {
    root: PathBuf,
    cache: Mutex<HashMap<PathBuf, Value>>,
}

impl DataFiles {
    /// The data files of the site at `root`, none read yet.
    pub fn new(root: PathBuf) -> DataFiles {
        DataFiles {
            root,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// `load_data(path="lifts.csv")`: a file of `data/` (YAML, JSON, TOML or CSV), parsed.
    pub fn load(&self, kw: &Kwargs) -> tera::TeraResult<Value> {
        let rel: &str = kw.must_get("path")?;
        let file = self.confined(rel)?;
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = cache.get(&file) {
            return Ok(v.clone());
        }
        let text = crate::fs::read_text(&file).map_err(|e| tera::Error::message(e.to_string()))?;
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
pub fn now() -> String {
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
