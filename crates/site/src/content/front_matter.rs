//! Front matter: the header at the top of a Markdown file, YAML between `---` lines or TOML
//! between `+++` lines (as Hugo and Zola sites write it).
//!
//! Unknown keys are not rejected by serde here: `keys` finds every top-level key, so a file
//! migrated from another generator gets all its unknown keys reported in one pass.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use deload_engine::error::{Error, Location};

/// The keys a page's front matter may have. Unknown keys are errors (found by `keys`, all at
/// once), except a key named like a taxonomy declared in site.yaml, which lists its terms.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PageFrontMatter {
    /// The page title (required).
    pub title: String,
    /// A sentence or two for listings, the meta description and search.
    #[serde(default)]
    pub description: Option<String>,
    /// Publication date, `YYYY-MM-DD` (or an RFC 3339 date-time; a TOML date).
    #[serde(default, deserialize_with = "date_text")]
    pub(crate) date: Option<String>,
    /// Last update, same format as `date`.
    #[serde(default, deserialize_with = "date_text")]
    pub(crate) updated: Option<String>,
    /// Tags (the `tags` taxonomy).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Terms of other taxonomies declared in site.yaml: `{name: [terms]}`.
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Sort key when the section sorts by weight (lower first).
    #[serde(default)]
    pub weight: Option<i64>,
    /// The page is left out after this date unless the build asks for expired pages
    /// (`expirydate`, `expiryDate` as Hugo writes it).
    #[serde(
        default,
        alias = "expirydate",
        alias = "expiryDate",
        deserialize_with = "date_text",
        skip_serializing
    )]
    pub(crate) expiry_date: Option<String>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub(crate) draft: bool,
    /// Replaces the file-name part of the URL.
    #[serde(default)]
    pub(crate) slug: Option<String>,
    /// The page's whole site path, as written (`/hugo_mod/`): wins over the folder and `slug`.
    #[serde(default)]
    pub(crate) path: Option<String>,
    /// Template to render with instead of `page.html`.
    #[serde(default)]
    pub template: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Show the table of contents.
    #[serde(default)]
    pub toc: bool,
    /// Free data for templates (`page.extra`).
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The site menus the page is in (`menu: main`, `menu: {main: {weight: 10}}`).
    #[serde(default, skip_serializing)]
    pub(crate) menu: Option<super::menu::PageMenus>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SortBy {
    /// Newest first; undated pages last.
    #[default]
    Date,
    /// Lowest weight first; pages without weight last.
    Weight,
    /// Alphabetical by title.
    Title,
}

/// The keys a section's `_index.md` may have. Unknown keys are errors (found by `keys`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SectionFrontMatter {
    /// The section title (defaults to the folder name).
    #[serde(default)]
    pub title: Option<String>,
    /// A sentence or two about the section.
    #[serde(default)]
    pub description: Option<String>,
    /// Page order.
    #[serde(default)]
    pub(crate) sort_by: SortBy,
    /// Pages per listing page; none lists all on one page.
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// Template to render with instead of `section.html` (or `index.html` for the home page).
    #[serde(default)]
    pub template: Option<String>,
    /// Order among sibling sections (lower first).
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    /// Free data for templates (`section.extra`).
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The language of a file's front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML between `---` lines.
    Yaml,
    /// TOML between `+++` lines.
    Toml,
    /// A JSON object (`{ ... }`), as Hugo reads it.
    Json,
}

/// The parts of a Markdown file: the front matter text, the line it starts on, and the body with
/// its byte offset.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The front matter between the fences (YAML or TOML, as `format` says).
    pub yaml: &'a str,
    /// The 1-based file line of the first front-matter line.
    pub yaml_line: usize,
    /// Byte offset of the front matter in the file.
    pub yaml_offset: usize,
    /// YAML or TOML.
    pub format: Format,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// The largest front matter accepted: parsed values take many times their text, and no page
/// needs a megabyte of settings.
pub(crate) const MAX_FRONT_MATTER_BYTES: usize = 1 << 20;

/// Where the front matter starts: after a byte-order mark and blank lines (Hugo and Zola accept
/// both), as a byte offset and the 1-based line of the opening fence.
fn lead(text: &str) -> (usize, usize) {
    let mut pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut line = 1;
    while let Some(end) = text[pos..].find('\n') {
        if !text[pos..pos + end].trim().is_empty() {
            break;
        }
        pos += end + 1;
        line += 1;
    }
    (pos, line)
}

/// Splits `text` into front matter and body. The file must start with a `---` line (YAML), a
/// `+++` line (TOML) or a `{` (a JSON object, as Hugo reads it), after blank lines if any; YAML
/// and TOML front matter must end with another fence line.
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Error> {
    let (start, fence_line) = lead(text);
    let first = text[start..].lines().next().unwrap_or("");
    let (fence, format) = match first.trim_end() {
        "---" => ("---", Format::Yaml),
        "+++" => ("+++", Format::Toml),
        // a body that opens with a shortcode call is not JSON
        f if f.starts_with('{') && !f.starts_with("{{") && !f.starts_with("{%") => {
            return split_json(path, text, start, fence_line);
        }
        _ => {
            return Err(Error::new("the file does not start with front matter")
                .in_file(path)
                .at(Location { line: fence_line, column: 1 }, text)
                .with_hint(
                    "start the file with a `---` line, then `title: ...`, then another `---` line (or TOML between `+++` lines)",
                ));
        }
    };
    let after = start + first.len();
    let yaml_start = after
        + if text[after..].starts_with("\r\n") {
            2
        } else {
            1
        };
    let yaml_start = yaml_start.min(text.len());
    let mut pos = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == fence {
            let body_offset = pos + line.len();
            check_size(path, text, yaml_start, pos)?;
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_line: fence_line + 1,
                yaml_offset: yaml_start,
                format,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos += line.len();
    }
    Err(Error::new("the front matter is not closed")
        .in_file(path)
        .at(
            Location {
                line: fence_line,
                column: 1,
            },
            text,
        )
        .with_hint(format!(
            "end the front matter with a line containing only `{fence}`"
        )))
}

/// The error for front matter from `start` to `end` over [`MAX_FRONT_MATTER_BYTES`].
fn check_size(path: &Path, text: &str, start: usize, end: usize) -> Result<(), Error> {
    if end - start <= MAX_FRONT_MATTER_BYTES {
        return Ok(());
    }
    Err(Error::new(format!(
        "the front matter is {} KiB, over deload's limit of {} KiB",
        (end - start) >> 10,
        MAX_FRONT_MATTER_BYTES >> 10
    ))
    .in_file(path)
    .at_offset(text, start)
    .with_hint("keep large lists and tables in a file of data/ and read it with load_data"))
}

/// Splits JSON front matter: one object at `start` (line `line`), the body after it.
fn split_json<'a>(
    path: &Path,
    text: &'a str,
    start: usize,
    line: usize,
) -> Result<Split<'a>, Error> {
    let mut values =
        serde_json::Deserializer::from_str(&text[start..]).into_iter::<serde::de::IgnoredAny>();
    if let Some(Err(e)) = values.next() {
        return Err(json_error(&e, path, text, start, line));
    }
    let end = start + values.byte_offset();
    check_size(path, text, start, end)?;
    // the rest of the closing line belongs to the front matter
    let body_offset = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    Ok(Split {
        yaml: &text[start..end],
        yaml_line: line,
        yaml_offset: start,
        format: Format::Json,
        body: &text[body_offset..],
        body_offset,
    })
}

/// A JSON error of front matter starting at byte `start`, line `line`, located in the file.
fn json_error(e: &serde_json::Error, path: &Path, text: &str, start: usize, line: usize) -> Error {
    let first_col = text[..start]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count());
    let column = if e.line() == 1 {
        e.column() + first_col
    } else {
        e.column()
    };
    let message = e.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    Error::new(message)
        .in_file(path)
        .at(
            Location {
                line: line + e.line().saturating_sub(1),
                column: column.max(1),
            },
            text,
        )
        .with_hint("check the JSON: `\"key\": \"value\"`, entries separated by commas, no comma after the last")
}

/// Parses a file's front matter (YAML or TOML, as `split` says) into `T`; errors point into
/// `text`, the file at `file`.
pub(crate) fn parse_meta<T: serde::de::DeserializeOwned>(
    split: &Split,
    file: &Path,
    text: &str,
) -> Result<T, Error> {
    match split.format {
        Format::Yaml => deload_engine::yaml::parse(split.yaml, file, split.yaml_line, text),
        Format::Json => serde_json::from_str(split.yaml)
            .map_err(|e| json_error(&e, file, text, split.yaml_offset, split.yaml_line)),
        Format::Toml => toml::from_str(split.yaml).map_err(|e| {
            let offset = split.yaml_offset + e.span().map_or(0, |s| s.start);
            let message = e.message().trim_end_matches('\n').to_string();
            Error::new(message)
                .in_file(file)
                .at_offset(text, offset)
                .with_hint(
                    "check the TOML: `key = \"value\"`, lists in `[...]`, tables as `[name]`",
                )
        }),
    }
}

/// Reads a date key as text: a YAML string, or a TOML date (which serde sees as a one-entry map
/// holding its text).
fn date_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct DateText;
    impl<'de> serde::de::Visitor<'de> for DateText {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date like 2026-11-02")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: serde::Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(DateText)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let entry: Option<(String, String)> = m.next_entry()?;
            Ok(entry.map(|(_, v)| v))
        }
    }
    d.deserialize_any(DateText)
}

/// Parses a front-matter date (`YYYY-MM-DD` or an RFC 3339 date-time) found under `key`.
pub(super) fn parse_date(
    value: &str,
    key: &str,
    path: &Path,
    split: &Split,
    text: &str,
) -> Result<Date, Error> {
    let v = value.trim();
    let parsed = v
        .parse::<Date>()
        .ok()
        .or_else(|| {
            v.parse::<jiff::Timestamp>()
                .ok()
                .map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date())
        })
        .or_else(|| {
            v.parse::<jiff::civil::DateTime>()
                .ok()
                .map(jiff::civil::DateTime::date)
        });
    parsed.ok_or_else(|| {
        let loc = key_location(split, key).unwrap_or(Location { line: 1, column: 1 });
        Error::new(format!("`{key}` is not a valid date: `{v}`"))
            .in_file(path)
            .at(loc, text)
            .with_hint("write dates as YYYY-MM-DD, for example 2026-11-02")
    })
}

/// The file location of a top-level front-matter key's value (`key: value` in YAML,
/// `key = value` or a `[key]` table in TOML).
pub(super) fn key_location(split: &Split, key: &str) -> Option<Location> {
    if split.format == Format::Json {
        return json_key_location(split, key);
    }
    let toml = split.format == Format::Toml;
    split.yaml.lines().enumerate().find_map(|(i, l)| {
        if toml
            && l.trim_end()
                .strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                == Some(key)
        {
            return Some(Location {
                line: split.yaml_line + i,
                column: 1,
            });
        }
        let after = l.strip_prefix(key)?;
        let rest = if toml {
            after.trim_start().strip_prefix('=')?
        } else {
            after.strip_prefix(':')?
        };
        let before_value = l.len() - rest.len();
        let value_col =
            l[..before_value].chars().count() + 1 + (rest.len() - rest.trim_start().len());
        Some(Location {
            line: split.yaml_line + i,
            column: value_col,
        })
    })
}

/// The location of `"key":` in JSON front matter (the first such text; front matter is flat in
/// practice).
fn json_key_location(split: &Split, key: &str) -> Option<Location> {
    let quoted = format!("\"{key}\"");
    split.yaml.lines().enumerate().find_map(|(i, l)| {
        let at = l
            .match_indices(&quoted)
            .map(|(c, _)| c)
            .find(|&c| l[c + quoted.len()..].trim_start().starts_with(':'))?;
        Some(Location {
            line: split.yaml_line + i,
            column: l[..at].chars().count() + 1,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        let t = "---\ntitle: a\n---\nbody\n";
        let s = split_front_matter(Path::new("a.md"), t).unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "body\n");
        let t = "---\r\ntitle: a\r\n---\r\nbody\r\n";
        let s = split_front_matter(Path::new("a.md"), t).unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "body\r\n");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_an_error() {
        let e = split_front_matter(Path::new("a.md"), "# hi\n").unwrap_err();
        assert!(e.message.contains("does not start"), "{e}");
        let e = split_front_matter(Path::new("a.md"), "---\ntitle: a\n").unwrap_err();
        assert!(e.message.contains("not closed"), "{e}");
        assert!(split_front_matter(Path::new("a.md"), "").is_err());
    }

    #[test]
    fn key_location_points_at_value() {
        let t = "---\ntitle: a\ndate: 2026-13-01\n---\n";
        let s = split_front_matter(Path::new("a.md"), t).unwrap();
        assert_eq!(
            key_location(&s, "date"),
            Some(Location { line: 3, column: 7 })
        );
        let e = parse_date("2026-13-01", "date", Path::new("a.md"), &s, t).unwrap_err();
        assert_eq!(e.location, Some(Location { line: 3, column: 7 }));
        assert!(parse_date("2026-11-02T10:00:00Z", "date", Path::new("a.md"), &s, t).is_ok());
    }
}
