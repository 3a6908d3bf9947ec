//! A source file being read: its path and text, located errors in it, and serde's errors
//! with hints.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::locate::{Outline, Seg, locate_key};
use crate::error::{Error, Location, nearest};

/// A source file being validated: its path and text, for locating errors. Cheap to clone (every
/// block and session of a program keeps the file it came from); its outline is read once, the
/// first time a location is asked for.
#[derive(Debug, Clone)]
pub(crate) struct Src {
    pub(crate) path: PathBuf,
    pub(crate) text: Arc<str>,
    outline: Arc<OnceLock<Outline>>,
}

impl Src {
    /// The file at `path` with `text`.
    pub(crate) fn new(path: &Path, text: &str) -> Src {
        Src {
            path: path.to_path_buf(),
            text: text.into(),
            outline: Arc::default(),
        }
    }

    /// The location of the value at `path` ([`locate`]), from the file's outline.
    pub(crate) fn locate(&self, path: &[Seg<'_>]) -> Option<Location> {
        self.outline
            .get_or_init(|| Outline::new(&self.text))
            .locate(&self.text, path)
    }

    /// Reads `path` as UTF-8 text; an empty or binary file is an error.
    pub(crate) fn read(path: &Path) -> Result<Src, Error> {
        let bytes = crate::fs::read_limited(path)?;
        if let Some(i) = bytes.iter().position(|b| *b == 0) {
            let valid = String::from_utf8_lossy(&bytes[..i]).into_owned();
            return Err(Error::new("this is a binary file, not YAML text")
                .in_file(path)
                .at_offset(&valid, valid.len())
                .with_hint("point at a .yaml text file"));
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
                return Err(Error::new("the file is not UTF-8 text")
                    .in_file(path)
                    .at_offset(&valid, valid.len())
                    .with_hint("save the file as UTF-8 YAML"));
            }
        };
        Src::from_text(path, text)
    }

    /// Wraps `text` read from `path`; a file of only blank lines and comments is an error.
    pub(crate) fn from_text(path: &Path, text: String) -> Result<Src, Error> {
        let text = match text.strip_prefix('\u{feff}') {
            Some(t) => t.to_string(),
            None => text,
        };
        let only_comments = text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        if only_comments {
            return Err(Error::new("the file is empty")
                .in_file(path)
                .at(Location { line: 1, column: 1 }, &text)
                .with_hint("write the program (or athlete) in YAML; see programs/ for examples"));
        }
        // before anything walks the text (the outline that locates errors recurses per level)
        crate::yaml::check_depth(&text, path, 1, &text)?;
        Ok(Src::new(path, &text))
    }

    /// Deserialises the whole file, with "did you mean" hints for unknown keys and variants and
    /// concrete hints for wrong types.
    pub(crate) fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        crate::yaml::parse(&self.text, &self.path, 1, &self.text)
            .map_err(improve_variant_hint)
            .map_err(improve_type_hint)
    }

    /// An error located at the value at `path` (or as near as can be found).
    pub(crate) fn err(&self, path: &[Seg<'_>], message: impl Into<String>, hint: &str) -> Error {
        let e = Error::new(message).in_file(&self.path).with_hint(hint);
        match self.locate(path) {
            Some(loc) => e.at(loc, &self.text),
            None => e.at(Location { line: 1, column: 1 }, &self.text),
        }
    }

    /// An error located at the key at the end of `path`.
    pub(crate) fn err_key(
        &self,
        path: &[Seg<'_>],
        message: impl Into<String>,
        hint: &str,
    ) -> Error {
        let e = Error::new(message).in_file(&self.path).with_hint(hint);
        match locate_key(&self.text, path) {
            Some(loc) => e.at(loc, &self.text),
            None => e.at(Location { line: 1, column: 1 }, &self.text),
        }
    }
}

/// serde's "invalid type: ..., expected X" gets a hint that says how to write an X.
fn improve_type_hint(mut e: Error) -> Error {
    if !e.message.contains("invalid type") {
        return e;
    }
    let expected = e.message.rsplit("expected ").next().unwrap_or("");
    let hint = match expected {
        x if x.starts_with("i64") || x.starts_with("u32") => "write a whole number, e.g. `3`",
        x if x.starts_with("f64") => "write a number, e.g. `7.5`",
        x if x.starts_with("a sequence") => "write a list, e.g. `[a, b]` or one `- item` per line",
        x if x.starts_with("a string") => {
            "write text; quote it if it looks like a number or a date"
        }
        x if x.starts_with("a boolean") => "write `true` or `false`",
        x if x.starts_with("struct") || x.starts_with("a map") => {
            "write a mapping: `key: value` lines indented under this key"
        }
        _ => return e,
    };
    e.hint = Some(hint.to_string());
    e
}

/// serde's "unknown variant `x`, expected one of `a`, `b`" gets a "did you mean" hint.
fn improve_variant_hint(mut e: Error) -> Error {
    let msg = e.message.clone();
    if let Some(rest) = msg.split("unknown variant `").nth(1) {
        let word = rest.split('`').next().unwrap_or("");
        let known: Vec<&str> = msg
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        e.hint = Some(match nearest(word, known.iter().copied()) {
            Some(k) => format!("did you mean `{k}`? Accepted: {}", known.join(", ")),
            None => format!("use one of: {}", known.join(", ")),
        });
    }
    e
}
