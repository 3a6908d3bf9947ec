//! CSV export: one row per prescription, for spreadsheets.
//!
//! # Columns
//!
//! | column | content |
//! |---|---|
//! | `date` | the session's date, `YYYY-MM-DD` |
//! | `week` | 1-based week number |
//! | `block` | the block the week belongs to (a deload week: the block it follows) |
//! | `session` | session name |
//! | `exercise` | exercise name (after the athlete's swaps) |
//! | `sets` | working sets |
//! | `reps` | reps as displayed (`5`, `8-12`, `AMRAP`, `5+ (AMRAP)`) |
//! | `intensity` | intensity as displayed (`75% 1RM`, `RPE 8`, `RIR 2`, `60 kg`; may be empty) |
//! | `load` | load as a plain number rounded to the plate, or empty |
//! | `deload` | `true` in a deload week, else `false` |
//! | `weekday` | `Monday` … `Sunday` |
//! | `focus` | the week's focus (`deload` in a deload week) |
//! | `units` | units of `load` (`kg` or `lb`); empty when there is no load |
//! | `rest` | rest between sets in seconds, or empty |
//! | `tempo` | tempo, or empty |
//! | `notes` | notes, or empty |
//! | `superset` | superset label, or empty |
//! | `deload_reason` | why the week is a deload; empty in loading weeks |
//!
//! The first ten columns are fixed; new columns are only ever added at the end.
//!
//! # Encoding
//!
//! UTF-8 without a byte-order mark, a header row, RFC 4180 quoting (a field containing `,`, `"`,
//! CR or LF is enclosed in double quotes, inner quotes doubled) and CRLF after every record,
//! including the last.
//!
//! # Formula injection
//!
//! Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula (and some treat a
//! leading tab or CR the same way), so an exercise named `=HYPERLINK(...)` in a shared program
//! could run when the export is opened. Every cell that starts with one of those characters gets a
//! leading `'`, which spreadsheets show as text. Numbers written by deload are never negative, so
//! no real value is changed by this.

use crate::plan::{Schedule, Week};
use crate::text::fmt_num;

/// The header row's columns, in order.
pub const COLUMNS: [&str; 18] = [
    "date",
    "week",
    "block",
    "session",
    "exercise",
    "sets",
    "reps",
    "intensity",
    "load",
    "deload",
    "weekday",
    "focus",
    "units",
    "rest",
    "tempo",
    "notes",
    "superset",
    "deload_reason",
];

/// The schedule as CSV: a header and one row per prescription, in date order.
pub fn to_csv(schedule: &Schedule) -> String {
    // About 2 KiB a week; the string grows if that is not enough.
    let mut out = String::with_capacity(2048 * (schedule.weeks.len() + 1));
    write_record(&mut out, COLUMNS.iter().copied());
    for week in &schedule.weeks {
        write_week(&mut out, week);
    }
    out
}

fn write_week(out: &mut String, week: &Week) {
    let number = week.number.to_string();
    let deload = if week.is_deload { "true" } else { "false" };
    let reason = week.deload_reason.as_deref().unwrap_or("");
    for day in &week.days {
        let Some(session) = day.session() else {
            continue;
        };
        let date = day.date.to_string();
        for p in &session.prescriptions {
            let sets = p.sets.to_string();
            let load = p.load.map(fmt_num).unwrap_or_default();
            let units = if p.load.is_some() {
                p.units.as_str()
            } else {
                ""
            };
            let rest = p.rest.map(|r| r.to_string()).unwrap_or_default();
            write_record(
                out,
                [
                    date.as_str(),
                    number.as_str(),
                    week.block.as_str(),
                    session.name.as_str(),
                    p.exercise.as_str(),
                    sets.as_str(),
                    p.reps.as_str(),
                    p.intensity.as_str(),
                    load.as_str(),
                    deload,
                    day.weekday.name(),
                    week.focus.as_str(),
                    units,
                    rest.as_str(),
                    p.tempo.as_deref().unwrap_or(""),
                    p.notes.as_deref().unwrap_or(""),
                    p.superset.as_deref().unwrap_or(""),
                    reason,
                ],
            );
        }
    }
}

fn write_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_field(out, field);
    }
    out.push_str("\r\n");
}

/// Appends one field: neutralised against formula injection, then quoted per RFC 4180 if needed.
fn write_field(out: &mut String, field: &str) {
    // Every character that matters here is ASCII, so bytes can be tested.
    let neutralise = field
        .as_bytes()
        .first()
        .is_some_and(|b| matches!(b, b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    let quote = field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    if quote {
        out.push('"');
    }
    if neutralise {
        out.push('\'');
    }
    if quote {
        for (i, part) in field.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(value: &str) -> String {
        let mut out = String::new();
        write_field(&mut out, value);
        out
    }

    #[test]
    fn plain_fields_are_unchanged() {
        assert_eq!(field("Back squat"), "Back squat");
        assert_eq!(field(""), "");
        assert_eq!(field("62.5"), "62.5");
        assert_eq!(field("8-12"), "8-12");
        assert_eq!(field("Café 🏋️"), "Café 🏋️");
    }

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("a,b \"c\""), "\"a,b \"\"c\"\"\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("two\r\nlines"), "\"two\r\nlines\"");
        assert_eq!(field("\""), "\"\"\"\"");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(field("=1+2"), "'=1+2");
        assert_eq!(field("+1"), "'+1");
        assert_eq!(field("-1"), "'-1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("\tx"), "'\tx");
        assert_eq!(field("\rx"), "\"'\rx\"");
        // neutralised inside the quotes when the field is also quoted
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("=a,b"), "\"'=a,b\"");
        // only the first character matters
        assert_eq!(field("a=b"), "a=b");
        assert_eq!(field(" =b"), " =b");
    }

    #[test]
    fn records_end_with_crlf() {
        let mut out = String::new();
        write_record(&mut out, ["a", "b,c", ""]);
        assert_eq!(out, "a,\"b,c\",\r\n");
        let header = to_csv_header();
        assert!(
            header.starts_with("date,week,block,session,exercise,sets,reps,intensity,load,deload,")
        );
    }

    fn to_csv_header() -> String {
        let mut out = String::new();
        write_record(&mut out, COLUMNS.iter().copied());
        out
    }
}
