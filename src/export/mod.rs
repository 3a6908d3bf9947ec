//! Plan exports: a [`Schedule`](crate::plan::Schedule) in, the text of one file out.
//!
//! Every exporter is a pure function from `&Schedule` to `String`: no I/O, no clock, no
//! randomness. The same plan therefore always exports to the same bytes, which is what makes
//! calendar re-imports idempotent and lets the tests compare exports against fixed files. Writing
//! the string to disk is the caller's job.
//!
//! | format | function | what it is for |
//! |---|---|---|
//! | [`Format::Json`] | [`json::to_json`] | the whole schedule for other programs; documented field by field in `docs/plan-json.md` |
//! | [`Format::Csv`] | [`csv::to_csv`] | one row per prescription, for spreadsheets (RFC 4180, formula-injection safe) |
//! | [`Format::Ics`] | [`ics::to_ics`] | one all-day event per session (optionally per rest day), for calendars (RFC 5545) |
//! | [`Format::Md`] | [`markdown::to_markdown`] | the plan as Markdown tables, for pasting into documents |
//! | [`Format::Html`] | [`html::to_html`] | the printable plan, through the `plan/*.html` templates (needs a [`Templates`](crate::render::Templates)) |
//!
//! Every format marks deload weeks as deloads and says why, as the guidance requires: JSON and
//! CSV carry `is_deload`/`deload` and the reason, the calendar prefixes "Deload: " and uses the
//! `DELOAD` category, and Markdown marks the week's heading.

pub mod csv;
pub mod html;
pub mod ics;
pub mod json;
pub mod markdown;

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, nearest};

/// The bytes that may start a character an escaper changes: the ASCII controls, DEL, 0xC2 (which
/// starts the C1 controls, U+0080–U+009F) and the ASCII bytes in `extra`. All of them are on
/// character boundaries, as [`push_escaped_with`] needs.
pub(crate) const fn may_change(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table
}

/// Appends `text` to `out`, escaped by `escape`: runs of bytes that `special` does not mark are
/// copied whole, and each character that starts at a marked byte goes to `escape` with the byte
/// after it (to join CR LF). `escape` appends what the character becomes and returns how many
/// bytes after it it consumed. Every marked byte must start a character.
pub(crate) fn push_escaped_with(
    out: &mut String,
    text: &str,
    special: &[bool; 256],
    mut escape: impl FnMut(&mut String, char, Option<u8>) -> usize,
) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    while let Some(offset) = bytes[copied..]
        .iter()
        .position(|&b| special[usize::from(b)])
    {
        let i = copied + offset;
        out.push_str(&text[copied..i]);
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let next = i + c.len_utf8();
        copied = next + escape(out, c, bytes.get(next).copied());
    }
    out.push_str(&text[copied..]);
}

/// One plan in every format, as [`all`] renders it.
#[derive(Debug, Clone)]
pub struct AllFormats {
    /// The printable plan.
    pub html: String,
    /// Markdown.
    pub md: String,
    /// JSON.
    pub json: String,
    /// CSV.
    pub csv: String,
    /// iCalendar.
    pub ics: String,
}

impl AllFormats {
    /// `(extension, text)` for every format.
    pub fn files(&self) -> [(&'static str, &str); 5] {
        [
            ("html", &self.html),
            ("md", &self.md),
            ("json", &self.json),
            ("csv", &self.csv),
            ("ics", &self.ics),
        ]
    }
}

/// Renders `schedule` in all five formats at once, in parallel (the printable plan on one core,
/// the other four on another).
pub fn all(
    schedule: &crate::plan::Schedule,
    templates: &crate::render::Templates,
    site_url: &str,
    ics_options: &IcsOptions,
) -> Result<AllFormats, crate::Error> {
    let (html, (json, (ics, (csv, md)))) = rayon::join(
        || html::to_html(schedule, templates, site_url),
        || {
            rayon::join(
                || to_json(schedule),
                || {
                    rayon::join(
                        || to_ics(schedule, ics_options),
                        || rayon::join(|| to_csv(schedule), || to_markdown(schedule)),
                    )
                },
            )
        },
    );
    Ok(AllFormats {
        html: html?,
        md,
        json,
        csv,
        ics,
    })
}

pub use self::csv::to_csv;
pub use self::html::to_html;
pub use self::ics::{IcsOptions, to_ics};
pub use self::json::{FORMAT_VERSION, to_json};
pub use self::markdown::to_markdown;

/// An output format of `deload plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A printable HTML page.
    Html,
    /// Markdown.
    Md,
    /// JSON (the serialised [`Schedule`](crate::plan::Schedule)).
    Json,
    /// Comma-separated values, one row per prescription.
    Csv,
    /// iCalendar (RFC 5545).
    Ics,
}

impl Format {
    /// Every format, in the order they are listed in help text.
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Md,
        Format::Json,
        Format::Csv,
        Format::Ics,
    ];

    /// The format's name as written on the command line: `html`, `md`, `json`, `csv`, `ics`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Md => "md",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Ics => "ics",
        }
    }

    /// The file extension, without the dot (the same as the name).
    pub fn extension(self) -> &'static str {
        self.as_str()
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;

    /// Parses a format name, ignoring ASCII case; `markdown` is accepted for `md`.
    fn from_str(s: &str) -> Result<Format, Error> {
        let lower = s.trim().to_ascii_lowercase();
        if lower == "markdown" {
            return Ok(Format::Md);
        }
        if let Some(f) = Format::ALL.into_iter().find(|f| f.as_str() == lower) {
            return Ok(f);
        }
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.as_str()).collect();
        let hint = match nearest(&lower, names.iter().copied()) {
            Some(n) => format!("did you mean `{n}`? The formats are {}", names.join(", ")),
            None => format!("the formats are {}", names.join(", ")),
        };
        Err(Error::new(format!("unknown export format `{s}`")).with_hint(hint))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.to_string().parse::<Format>(), Ok(f));
            assert_eq!(f.extension(), f.as_str());
        }
        assert_eq!("ICS".parse::<Format>(), Ok(Format::Ics));
        assert_eq!("markdown".parse::<Format>(), Ok(Format::Md));
    }

    #[test]
    fn unknown_names_say_what_exists() {
        let e = "jsn"
            .parse::<Format>()
            .err()
            .unwrap_or_else(|| Error::new(""));
        assert!(e.message.contains("`jsn`"), "{e}");
        let hint = e.hint.unwrap_or_default();
        assert!(hint.contains("did you mean `json`"), "{hint}");
        assert!(hint.contains("html, md, json, csv, ics"), "{hint}");
        let e = "pdfx"
            .parse::<Format>()
            .err()
            .unwrap_or_else(|| Error::new(""));
        assert!(!e.hint.unwrap_or_default().contains("did you mean"));
    }
}
