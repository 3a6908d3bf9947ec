//! Plan exports: a [`Schedule`](crate::plan::Schedule) in, the text of one file out.
//!
//! Every exporter is a pure function from `&Schedule` to `String`: no I/O, no clock, no
//! randomness. The same plan therefore always exports to the same bytes, which is what makes
//! calendar re-imports idempotent and lets the tests compare exports against fixed files. Writing
//! the string to disk is the caller's job.
//!
//! | format | function | what it is for |
//! |---|---|---|
//! | JSON | [`json::to_json`] | the whole schedule for other programs; documented field by field in `docs/plan-json.md` |
//! | CSV | [`csv::to_csv`] | one row per prescription, for spreadsheets (RFC 4180, formula-injection safe) |
//! | iCalendar | [`ics::to_ics`] | one all-day event per session (optionally per rest day), for calendars (RFC 5545) |
//! | Markdown | [`markdown::to_markdown`] | the plan as Markdown tables, for pasting into documents |
//!
//! Every format marks deload weeks as deloads and says why, as the guidance requires: JSON and
//! CSV carry `is_deload`/`deload` and the reason, the calendar prefixes "Deload: " and uses the
//! `DELOAD` category, and Markdown marks the week's heading.
//!
//! Every format shows every set line of an exercise (warm-up, top set, back-off sets, a scheme's
//! week) with the same intensity and load: the numbers come from the schedule, and the text from
//! `push_line` where a format writes a line in words.

pub mod csv;
pub mod ics;
pub mod json;
pub mod markdown;

use std::fmt::Write;

use crate::message::{Language, Message};
use crate::plan::{Lift, Line, LoadFrom};
use crate::programs::Units;
use crate::text::fmt_num;

pub use self::csv::to_csv;
pub use self::ics::{IcsOptions, to_ics, to_ics_in};
pub use self::json::to_json;
pub use self::markdown::to_markdown;

/// The number of set lines in `schedule`'s sessions: what the text formats size their buffers
/// by (a buffer that runs short is copied whole to grow).
pub(crate) fn set_lines(schedule: &crate::plan::Schedule) -> usize {
    let days = schedule.weeks.iter().flat_map(|w| &w.days);
    (days.filter_map(|d| d.session()))
        .flat_map(|s| &s.prescriptions)
        .map(|p| p.lines.len())
        .sum()
}

/// A set line in words (`push_line`): `BBB: 5 × 10, 50% TM, 60 kg`.
pub fn line_text(line: &Line, units: Units) -> String {
    let mut out = String::with_capacity(32);
    push_line(&mut out, line, units);
    out
}

/// A line's load in words: `102.5 kg`, `≈ 102.5 kg` (from the RPE chart), or empty.
pub fn load_text(line: &Line, units: Units) -> String {
    let mut out = String::new();
    if let Some(load) = line.load {
        push_load(&mut out, line, load, units);
    }
    out
}

/// A lift's maxes in words: `1RM 180 kg (athlete file); TM 162 kg (90 % of the 1RM
/// (default)), +5 kg a cycle`.
pub fn lift_text(lift: &Lift, units: Units) -> String {
    let mut parts = Vec::with_capacity(2);
    if let Some(rm) = lift.one_rm {
        parts.push(format!(
            "1RM {} {units} ({})",
            fmt_num(rm),
            lift.one_rm_source.as_deref().unwrap_or("")
        ));
    }
    if let Some(tm) = lift.training_max {
        let mut text = format!(
            "TM {} {units} ({})",
            fmt_num(tm),
            lift.training_max_source.as_deref().unwrap_or("")
        );
        if lift.tm_step > 0.0 {
            text.push_str(&format!(", +{} {units} a cycle", fmt_num(lift.tm_step)));
        }
        parts.push(text);
    }
    parts.join("; ")
}

/// Appends a set line in words, as the calendar and other text outputs write it:
/// `BBB: 5 × 10, 50% TM, 60 kg`, `3 × 8, RPE 8, ≈ 102.5 kg` (a load from the RPE chart is an
/// estimate), `3 × 5, 65% 1RM + 5 kg`, `3 × 10, 20 kg` (a fixed load is its own intensity).
pub(crate) fn push_line(out: &mut String, line: &Line, units: Units) {
    if let Some(label) = &line.label {
        out.push_str(label);
        out.push_str(": ");
    }
    out.push_str(&line.sets.to_string());
    out.push_str(" × ");
    out.push_str(&line.reps);
    if !line.intensity.is_empty() {
        out.push_str(", ");
        out.push_str(&line.intensity);
    }
    if let Some(load) = line.load
        && line.load_from != Some(LoadFrom::Fixed)
    {
        out.push_str(", ");
        push_load(out, line, load, units);
    }
}

/// [`push_line`] in `lang` (not English): a warm-up's label (`sheet_warm_up`), double
/// progression's `add 2.5 kg` (`plan_add_load`) in its words, and every number as it writes
/// numbers (`Aufwärmen: 2 × 5, 2,5 kg mehr`). Labels a coach wrote stay as written.
pub(crate) fn push_line_in(out: &mut String, line: &Line, units: Units, lang: &dyn Language) {
    let start = out.len();
    if line.warmup {
        out.push_str(lang.word("sheet_warm_up"));
        out.push_str(": ");
    } else if let Some(label) = &line.label {
        out.push_str(label);
        out.push_str(": ");
    }
    let _ = write!(out, "{} × {}", line.sets, line.reps);
    if !line.intensity.is_empty() {
        out.push_str(", ");
        let english = line
            .add_load
            .map(|step| format!("add {} {units}", fmt_num(step)));
        match (line.add_load, english) {
            (Some(step), Some(english)) if line.intensity.contains(&english) => {
                let said = Message::new("plan_add_load")
                    .num("step", step)
                    .name("units", units.as_str())
                    .say(lang);
                out.push_str(&line.intensity.replace(&english, &said));
            }
            _ => out.push_str(&line.intensity),
        }
    }
    if let Some(load) = line.load
        && line.load_from != Some(LoadFrom::Fixed)
    {
        out.push_str(", ");
        push_load(out, line, load, units);
    }
    if lang.number(0.5).contains(',') {
        let written = crate::text::decimal_commas(&out[start..]).into_owned();
        out.truncate(start);
        out.push_str(&written);
    }
}

/// Appends a line's load: `102.5 kg`, or `≈ 102.5 kg` for an estimate from the RPE chart.
fn push_load(out: &mut String, line: &Line, load: f64, units: Units) {
    if line.load_from == Some(LoadFrom::RpeChart) {
        out.push_str("≈ ");
    }
    out.push_str(&fmt_num(load));
    out.push(' ');
    out.push_str(units.as_str());
}
