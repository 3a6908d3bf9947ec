//! JSON export: the whole [`Schedule`], pretty-printed.
//!
//! The document is the serde serialisation of the schedule (snake_case field names, ISO dates,
//! `null` for absent optional values) with one extra top-level field first:
//! `"format_version": 2` (2 since set lines, training maxes and the load model of issue #12:
//! a prescription's reps, intensity and load moved into its `lines`).
//!
//! # Why a version field
//!
//! The JSON is a contract with other programs (spreadsheets, scripts, apps), and the schedule's
//! internal types will grow. A consumer that checks `format_version` can refuse a document it does
//! not understand instead of misreading it. The rule: adding a field does **not** change the
//! version (consumers must ignore fields they do not know); renaming or removing a field, or
//! changing a field's type or meaning, does. It costs one line and cannot be added later without
//! already having broken someone, so it is there from the start.
//!
//! Every field is described in `docs/plan-json.md`.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::plan::Schedule;

/// The value of the top-level `format_version` field of the JSON export.
pub(crate) const FORMAT_VERSION: u32 = 2;

#[derive(Serialize)]
struct Versioned<'a> {
    format_version: u32,
    #[serde(flatten)]
    schedule: &'a Schedule,
}

/// The schedule as pretty-printed JSON (two-space indent), ending with a newline.
pub fn to_json(schedule: &Schedule) -> String {
    let doc = Versioned {
        format_version: FORMAT_VERSION,
        schedule,
    };
    // About 14 KiB a week; the buffer grows if that is not enough.
    let mut out = Vec::with_capacity(16 * 1024 * (schedule.weeks.len() + 1));
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
    // Serialising a `Schedule` cannot fail: it has no maps (so no non-string keys) and no
    // `Serialize` impl that returns an error; non-finite numbers become `null`; writing to a
    // `Vec` does not fail.
    if let Err(e) = doc.serialize(&mut ser) {
        unreachable!("a Schedule always serialises to JSON: {e}");
    }
    out.push(b'\n');
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => unreachable!("serde_json writes UTF-8: {e}"),
    }
}

/// The layout of `serde_json::to_string_pretty` (two-space indent), but each line break and its
/// indentation is written in one piece: serde_json's `PrettyFormatter` writes indentation two
/// spaces at a time, which was about a third of the instructions for a 52-week plan (callgrind).
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

/// A comma, a line break and indentation for up to 32 levels.
const BREAK: &[u8; 66] = b",\n                                                                ";

impl Pretty {
    /// Writes a line break (after a comma unless `first`) and the indentation of `self.depth`.
    fn line_break<W: ?Sized + io::Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        let from = usize::from(first);
        let width = 2 * self.depth;
        if 2 + width <= BREAK.len() {
            return w.write_all(&BREAK[from..2 + width]);
        }
        w.write_all(&BREAK[from..2])?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }

    /// Opens an array or object.
    fn open<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or object, on a line of its own unless it is empty.
    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line_break(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line_break(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line_break(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Day, DayKind, RestDay, Week};
    use crate::programs::{Level, Units, Weekday};
    use jiff::civil::date;

    fn tiny() -> Schedule {
        Schedule {
            athlete: None,
            program: "P".into(),
            description: String::new(),
            units: Units::Kg,
            start: date(2026, 1, 5),
            end: date(2026, 1, 11),
            level: Level::Novice,
            level_reason: "r".into(),
            deload_every: 6,
            cadence_reason: "c".into(),
            first_deload_week: 6,
            training_days: vec![],
            days_reason: String::new(),
            warnings: vec![],
            wave: None,
            plate_increment: 2.5,
            lifts: vec![],
            history_source: None,
            history_chart: None,
            diagnostics: vec![],
            weeks: vec![Week {
                number: 1,
                start: date(2026, 1, 5),
                end: date(2026, 1, 11),
                block: "B".into(),
                focus: "f".into(),
                cycle: 0,
                is_deload: false,
                deload_reason: None,
                deload_link: None,
                total_sets: 0,
                days: vec![Day {
                    date: date(2026, 1, 5),
                    weekday: Weekday::Mon,
                    kind: DayKind::Rest(RestDay {
                        note: "n".into(),
                        guidance: vec![],
                    }),
                }],
            }],
        }
    }

    #[test]
    fn layout_is_serde_jsons_pretty_printing() {
        let mut s = tiny();
        s.warnings = vec!["a".into(), "b".into()];
        s.weeks.push(s.weeks[0].clone());
        let doc = Versioned {
            format_version: FORMAT_VERSION,
            schedule: &s,
        };
        let expected = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
        assert_eq!(to_json(&s), expected);
        // deeper than the indentation buffer
        let deep: serde_json::Value =
            serde_json::from_str(&format!("{}1{}", "[".repeat(40), "]".repeat(40)))
                .unwrap_or_default();
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
        let _ = deep.serialize(&mut ser);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            serde_json::to_string_pretty(&deep).unwrap_or_default()
        );
    }

    #[test]
    fn version_comes_first_and_fields_are_flat() {
        let out = to_json(&tiny());
        assert!(out.starts_with("{\n  \"format_version\": 2,\n  \"athlete\": null,"));
        assert!(out.ends_with("}\n"));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(v["start"], "2026-01-05");
        assert_eq!(v["units"], "kg");
        assert_eq!(v["level"], "novice");
        assert_eq!(v["weeks"][0]["days"][0]["kind"], "rest");
        assert_eq!(v["weeks"][0]["days"][0]["weekday"], "Monday");
        assert!(v["weeks"][0]["days"][0]["session"].is_null());
    }
}
