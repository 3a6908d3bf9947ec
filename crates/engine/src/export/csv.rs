//! CSV export: one row per set line of every exercise, for spreadsheets.
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
//! | `sets` | the line's sets |
//! | `reps` | reps as displayed (`5`, `8-12`, `AMRAP`, `5+ (AMRAP)`) |
//! | `intensity` | intensity as displayed (`74.4% 1RM`, `85% TM`, `65% 1RM + 5 kg`, `RPE 8`, `RIR 2`, `60 kg`; may be empty) |
//! | `load` | load as a plain number rounded to the plate, or empty (an estimate when `load_from` is `rpe_chart`) |
//! | `deload` | `true` in a deload week, else `false` |
//! | `weekday` | `Monday` … `Sunday` |
//! | `focus` | the week's focus (`deload` in a deload week) |
//! | `units` | units of `load` (`kg` or `lb`); empty when there is no load |
//! | `rest` | rest between sets in seconds, or empty |
//! | `tempo` | tempo, or empty |
//! | `notes` | notes, or empty |
//! | `superset` | superset label, or empty |
//! | `deload_reason` | why the week is a deload; empty in loading weeks |
//! | `line` | the line's number within the exercise (1, 2, …) |
//! | `label` | the line's label (`warm-up`, `BBB`), or empty |
//! | `warmup` | `true` for warm-up sets (not working sets), else `false` |
//! | `main` | `true` for a main lift (the first exercise of a session, or marked `main`) |
//! | `percent` | the percentage of `base` this week (one decimal), or empty |
//! | `base` | `1rm` or `tm`: what `percent` is of (`1rm` for an RPE-chart load), or empty |
//! | `base_load` | the base's value this week, or empty |
//! | `added_load` | load added by progression when the base is not known, or empty |
//! | `base_added` | how much the TM has risen by its cycle steps when its value is not known, or empty |
//! | `rpe` | RPE, or empty |
//! | `rir` | RIR, or empty |
//! | `load_from` | `fixed`, `percent` or `rpe_chart`, or empty |
//! | `cycle` | the week's cycle (passes through the program's blocks before it), from 0 |
//!
//! The first ten columns are fixed; new columns are only ever added at the end. An exercise with
//! several set lines (warm-up, top set, back-off sets) has one row per line; the exercise's
//! `rest`, `tempo`, `notes` and `superset` are on each.
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

use crate::plan::{Line, Prescription, Schedule, Week};
use crate::programs::{Base, Units};
use crate::text::fmt_num;

/// The header row's columns, in order.
pub const COLUMNS: [&str; 31] = [
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
    "line",
    "label",
    "warmup",
    "main",
    "percent",
    "base",
    "base_load",
    "added_load",
    "base_added",
    "rpe",
    "rir",
    "load_from",
    "cycle",
];

/// The schedule as CSV: a header and one row per set line, in date order.
pub fn to_csv(schedule: &Schedule) -> String {
    // A row is 180-290 bytes in the shipped programs; the string grows if that is not enough.
    let mut out = String::with_capacity(512 + 320 * super::set_lines(schedule));
    write_record(&mut out, COLUMNS.iter().copied());
    for week in &schedule.weeks {
        write_week(&mut out, week, schedule.units);
    }
    out
}

/// What every row of a week has in common.
struct WeekFields<'a> {
    week: &'a Week,
    number: String,
    cycle: String,
    units: Units,
}

fn write_week(out: &mut String, week: &Week, units: Units) {
    let fields = WeekFields {
        week,
        number: week.number.to_string(),
        cycle: week.cycle.to_string(),
        units,
    };
    for day in &week.days {
        let Some(session) = day.session() else {
            continue;
        };
        let date = day.date.to_string();
        for p in &session.prescriptions {
            for (i, line) in p.lines.iter().enumerate() {
                let row = Row {
                    date: &date,
                    weekday: day.weekday.name(),
                    session: &session.name,
                    p,
                    line,
                    number: i + 1,
                };
                write_row(out, &fields, &row);
            }
        }
    }
}

/// One row: a set line of an exercise on a day.
struct Row<'a> {
    date: &'a str,
    weekday: &'a str,
    session: &'a str,
    p: &'a Prescription,
    line: &'a Line,
    number: usize,
}

fn write_row(out: &mut String, w: &WeekFields<'_>, r: &Row<'_>) {
    let (p, l, week) = (r.p, r.line, w.week);
    let num = |x: Option<f64>| x.map(fmt_num).unwrap_or_default();
    let flag = |b: bool| if b { "true" } else { "false" };
    let sets = l.sets.to_string();
    let load = num(l.load);
    let units = if l.load.is_some() {
        w.units.as_str()
    } else {
        ""
    };
    let rest = p.rest.map(|r| r.to_string()).unwrap_or_default();
    let line_no = r.number.to_string();
    let (percent, base_load, added) = (num(l.percent), num(l.base_load), num(l.added_load));
    let base_added = num(l.base_added);
    let (rpe, rir) = (num(l.rpe), num(l.rir));
    let base = match l.base {
        Some(Base::OneRm) => "1rm",
        Some(Base::Tm) => "tm",
        None => "",
    };
    let load_from = match l.load_from {
        Some(crate::plan::LoadFrom::Fixed) => "fixed",
        Some(crate::plan::LoadFrom::Percent) => "percent",
        Some(crate::plan::LoadFrom::RpeChart) => "rpe_chart",
        None => "",
    };
    write_record(
        out,
        [
            r.date,
            w.number.as_str(),
            week.block.as_str(),
            r.session,
            p.exercise.as_str(),
            sets.as_str(),
            l.reps.as_str(),
            l.intensity.as_str(),
            load.as_str(),
            flag(week.is_deload),
            r.weekday,
            week.focus.as_str(),
            units,
            rest.as_str(),
            p.tempo.as_deref().unwrap_or(""),
            p.notes.as_deref().unwrap_or(""),
            p.superset.as_deref().unwrap_or(""),
            week.deload_reason.as_deref().unwrap_or(""),
            line_no.as_str(),
            l.label.as_deref().unwrap_or(""),
            flag(l.warmup),
            flag(p.main),
            percent.as_str(),
            base,
            base_load.as_str(),
            added.as_str(),
            base_added.as_str(),
            rpe.as_str(),
            rir.as_str(),
            load_from,
            w.cycle.as_str(),
        ],
    );
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
