//! Front matter: the YAML header between `---` lines at the top of a Markdown file.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use deload_engine::error::{Error, Location};

/// The keys a page's front matter may have. Unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// The page title (required).
    pub(crate) title: String,
    /// A sentence or two for listings, the meta description and search.
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Publication date, `YYYY-MM-DD` (or an RFC 3339 date-time).
    #[serde(default)]
    pub(crate) date: Option<String>,
    /// Last update, same format as `date`.
    #[serde(default)]
    pub(crate) updated: Option<String>,
    /// Tags (the `tags` taxonomy).
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    /// Terms of other taxonomies declared in site.yaml: `{name: [terms]}`.
    #[serde(default)]
    pub(crate) taxonomies: BTreeMap<String, Vec<String>>,
    /// Sort key when the section sorts by weight (lower first).
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub(crate) draft: bool,
    /// Replaces the file-name part of the URL.
    #[serde(default)]
    pub(crate) slug: Option<String>,
    /// Template to render with instead of `page.html`.
    #[serde(default)]
    pub(crate) template: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    /// Show the table of contents.
    #[serde(default)]
    pub(crate) toc: bool,
    /// Free data for templates (`page.extra`).
    #[serde(default)]
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
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

/// The keys a section's `_index.md` may have. Unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    /// The section title (defaults to the folder name).
    #[serde(default)]
    pub(crate) title: Option<String>,
    /// A sentence or two about the section.
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Page order.
    #[serde(default)]
    pub(crate) sort_by: SortBy,
    /// Pages per listing page; none lists all on one page.
    #[serde(default)]
    pub(crate) paginate_by: Option<usize>,
    /// Template to render with instead of `section.html` (or `index.html` for the home page).
    #[serde(default)]
    pub(crate) template: Option<String>,
    /// Order among sibling sections (lower first).
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    /// Free data for templates (`section.extra`).
    #[serde(default)]
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
}

/// The parts of a Markdown file: the YAML text, the line it starts on, and the body with its
/// byte offset and first line.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// The 1-based file line of the first YAML line.
    pub yaml_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

/// Splits `text` into front matter and body. The file must start with a `---` line and the
/// front matter must end with another `---` line.
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Error> {
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Error::new("the file does not start with front matter")
            .in_file(path)
            .at(Location { line: 1, column: 1 }, text)
            .with_hint(
                "start the file with a `---` line, then `title: ...`, then another `---` line",
            ));
    }
    let yaml_start = first.len()
        + if text[first.len()..].starts_with("\r\n") {
            2
        } else {
            1
        };
    let yaml_start = yaml_start.min(text.len());
    let mut pos = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = pos + line.len();
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos += line.len();
    }
    Err(Error::new("the front matter is not closed")
        .in_file(path)
        .at(Location { line: 1, column: 1 }, text)
        .with_hint("end the front matter with a line containing only `---`"))
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

/// The file location of a top-level front-matter key's value.
pub(super) fn key_location(split: &Split, key: &str) -> Option<Location> {
    split.yaml.lines().enumerate().find_map(|(i, l)| {
        let rest = l.strip_prefix(key)?.strip_prefix(':')?;
        let value_col = key.chars().count() + 2 + (rest.len() - rest.trim_start().len());
        Some(Location {
            line: split.yaml_line + i,
            column: value_col,
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
