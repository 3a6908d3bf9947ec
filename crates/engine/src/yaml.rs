//! YAML deserialisation with errors that point into the user's file.
//!
//! serde_yaml reports positions relative to the string it parsed and appends them to its
//! message; front matter starts a few lines into a file and duplicate keys are reported at line 1.
//! [`parse`] fixes all three and adds a "did you mean" hint for unknown keys.

mod aliases;
mod depth;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Location, nearest};

/// Parses `text` as YAML into `T`. `text` starts at line `first_line` (1-based) of the file at
/// `path` and `full` is the whole file's text (for the snippet). Empty text parses as an empty
/// mapping, so a missing required key is reported as such.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    full: &str,
) -> Result<T, Error> {
    let source = if text.trim().is_empty() { "{}" } else { text };
    check_depth(text, path, first_line, full)?;
    if let Err(e) = aliases::check(text) {
        let mut e = convert(&e, text, path, first_line, full);
        e.hint = Some(
            "an alias copies its anchor's whole text: write long texts once, or shorten them"
                .into(),
        );
        return Err(e);
    }
    if crate::size::needs_walk(text.len())
        && let Err(e) = crate::size::check(serde_yaml::Deserializer::from_str(text), text.len())
        && e.to_string().contains(crate::size::MESSAGE)
    {
        let mut e = convert(&e, text, path, first_line, full);
        e.hint = Some(crate::size::hint(text.len()));
        return Err(e);
    }
    serde_yaml::from_str(source).map_err(|e| convert(&e, text, path, first_line, full))
}

/// Checks, before any parse or walk of it, that `text` (starting at line `first_line` of the
/// file at `path` whose whole text is `full`) nests its collections, block or flow, no deeper
/// than the limit: an error at the first node too deep.
pub fn check_depth(text: &str, path: &Path, first_line: usize, full: &str) -> Result<(), Error> {
    match depth::too_deep(text) {
        Some(at) => Err(too_deep(text, at, path, first_line, full)),
        None => Ok(()),
    }
}

/// The error for a collection opened at byte `at` of `text`, deeper than the limit: found
/// before parsing, which would take minutes on such a text.
fn too_deep(text: &str, at: usize, path: &Path, first_line: usize, full: &str) -> Error {
    let local = Location::from_offset(text, at);
    let location = Location {
        line: local.line + first_line - 1,
        column: local.column,
    };
    Error::new(format!(
        "recursion limit exceeded: YAML collections nest deeper than {} levels here",
        depth::MAX_DEPTH
    ))
    .in_file(path)
    .at(location, full)
    .with_hint("the YAML nests or repeats aliases too deeply; write it out plainly")
}

fn convert(e: &serde_yaml::Error, text: &str, path: &Path, first_line: usize, full: &str) -> Error {
    let raw = e.to_string();
    // serde_yaml appends " at line L column C" (and sometimes a path prefix "key: ").
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let mut location = e.location().map(|l| Location {
        line: l.line() + first_line - 1,
        column: l.column(),
    });
    let hint;
    if let Some(field) = between(&message, "unknown field `", "`") {
        let expected = message
            .split("expected one of ")
            .nth(1)
            .or_else(|| message.split("expected ").nth(1))
            .unwrap_or("");
        let known: Vec<&str> = expected
            .split([',', ' '])
            .map(|s| s.trim().trim_matches('`'))
            .filter(|s| *s != "or")
            .filter(|s| !s.is_empty())
            .collect();
        hint = match nearest(field, known.iter().copied()) {
            Some(k) => format!("did you mean `{k}`? Known keys: {}", known.join(", ")),
            None => format!(
                "remove it or use one of the known keys: {}",
                known.join(", ")
            ),
        };
        if let Some(line) = find_key_line(text, field, 0) {
            location = Some(Location {
                line: line + first_line - 1,
                column: key_column(text, line),
            });
        }
    } else if let Some(key) = between(&message, "duplicate field `", "`")
        .or_else(|| between(&message, "duplicate entry with key \"", "\""))
    {
        hint = format!("`{key}` is given twice; keep one");
        if let Some(line) = find_key_line(text, key, 1) {
            location = Some(Location {
                line: line + first_line - 1,
                column: key_column(text, line),
            });
        }
    } else if let Some(field) = between(&message, "missing field `", "`") {
        hint = format!("add `{field}: ...`");
    } else if message.contains("invalid type") {
        hint = "check the value's type against the documentation (the manual's programs and site.yaml pages, docs/content/)".to_string();
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        hint = "the YAML nests or repeats aliases too deeply; write it out plainly".to_string();
    } else {
        hint = "check the YAML syntax: indentation, colons after keys, quotes".to_string();
    }

    let mut err = Error::new(message).in_file(path);
    if let Some(loc) = location {
        err = err.at(loc, full);
    }
    err.with_hint(hint)
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// The 1-based line (within `text`) of the `skip+1`-th line that defines `key`.
fn find_key_line(text: &str, key: &str, skip: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start().trim_start_matches("- ");
            let t = t.trim_start_matches(['"', '\'']);
            t.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
        .nth(skip)
        .map(|(i, _)| i + 1)
}

fn key_column(text: &str, line: usize) -> usize {
    text.lines().nth(line - 1).map_or(1, |l| {
        let t = l.trim_start().trim_start_matches("- ");
        l.chars().count() - t.chars().count() + 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn err(text: &str) -> Error {
        let full = format!("---\n{text}---\nbody");
        parse::<Fm>(text, Path::new("a.md"), 2, &full).unwrap_err()
    }

    #[test]
    fn unknown_key_is_located_and_suggested() {
        let e = err("title: x\ntagz: [a]\n");
        assert_eq!(e.location, Some(Location { line: 3, column: 1 }));
        assert!(
            e.hint
                .as_deref()
                .unwrap_or("")
                .contains("did you mean `tags`"),
            "{e:?}"
        );
        assert_eq!(e.source_line.as_deref(), Some("tagz: [a]"));
    }

    #[test]
    fn duplicate_key_points_at_second_occurrence() {
        let e = err("title: x\ntags: []\ntitle: y\n");
        assert_eq!(e.location.map(|l| l.line), Some(4), "{e:?}");
    }

    #[test]
    fn syntax_error_line_is_file_relative() {
        let e = err("title: x\ntags: [a\n");
        let line = e.location.map_or(0, |l| l.line);
        assert!(line >= 3, "{e:?}");
        assert!(!e.message.contains(" at line "), "{e:?}");
    }

    #[test]
    fn missing_title_hints() {
        let e = err("tags: []\n");
        assert!(e.message.contains("missing field `title`"));
        assert_eq!(e.hint.as_deref(), Some("add `title: ...`"));
    }
}
