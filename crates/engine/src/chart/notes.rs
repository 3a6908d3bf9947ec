//! The lines of text under the weekly plot: each main lift's training max by cycle, and the
//! deload weeks' reasons as footnotes.

use std::fmt::Write;

use super::{LINE_CHARS, text_lines, wrap};
use crate::message::{Arg, Language, Message, in_language};
use crate::plan::{CycleTm, Schedule, TrainingMaxes};

/// Distance between two lines of text.
const STEP: f64 = 15.0;

/// A lift's training maxes in words: `60, 62.5, 65 kg`, or, when the max is not known, how
/// much it has risen: `TM, +2.5, +5 kg`.
fn tm_text(cycles: &[CycleTm], units: &str, lang: &dyn Language) -> String {
    let values: Vec<String> = cycles
        .iter()
        .map(|c| match c.load {
            Some(load) => lang.number(load),
            None if c.added == 0.0 => "TM".to_string(),
            None => format!("+{}", lang.number(c.added)),
        })
        .collect();
    format!("{} {units}", values.join(", "))
}

/// "Training max, cycle by cycle", then a line per main lift (`Squat: 100, 105, 110 kg`), for
/// the main lifts loaded from a training max that is known or rises; returns the y below.
pub(super) fn training_maxes(out: &mut String, s: &Schedule, top: f64, lang: &dyn Language) -> f64 {
    // a lift whose TM is neither known nor changing says nothing
    let said = |t: &&TrainingMaxes| t.cycles.len() > 1 || t.cycles.iter().any(|c| c.load.is_some());
    if !s.chart.training_maxes.iter().any(|t| said(&t)) {
        return top;
    }
    let units = s.units.as_str();
    let mut lines = vec![lang.word("chart_tm_heading").to_string()];
    for t in s.chart.training_maxes.iter().filter(said) {
        let m = Message::new("chart_tm_line")
            .name("exercise", t.exercise.as_str())
            .name("values", tm_text(&t.cycles, units, lang));
        lines.extend(wrap(&m.say(lang), LINE_CHARS));
    }
    let _ = writeln!(out, "<g class=\"plan-chart-tm\">");
    let y = text_lines(out, &lines, 0.0, top + 12.0, STEP);
    out.push_str("</g>\n");
    y - STEP + 8.0
}

/// The first clause of a deload reason, up to its first semicolon or full stop: what and why
/// (the whole reason is in the bar's title and the table).
fn first_clause(reason: &str) -> &str {
    let end = ["; ", ". "]
        .iter()
        .filter_map(|sep| reason.find(sep))
        .min()
        .unwrap_or(reason.len());
    reason[..end].trim_end_matches('.')
}

/// The deload weeks' reasons as footnotes, weeks with the same reason together (`D, weeks 4, 8:
/// planned deload...`); returns the y below.
pub(super) fn deloads(out: &mut String, s: &Schedule, top: f64, lang: &dyn Language) -> f64 {
    let mut notes: Vec<(String, Vec<u32>)> = Vec::new();
    for w in s.weeks.iter().filter(|w| w.is_deload) {
        let said = match w.deload_reason.as_deref() {
            Some(r) => in_language(lang, w.deload_message.as_ref(), r),
            None => lang.word("chart_deload_week").into(),
        };
        let reason = first_clause(&said);
        match notes.iter_mut().find(|(r, _)| r == reason) {
            Some((_, weeks)) => weeks.push(w.number),
            None => notes.push((reason.to_string(), vec![w.number])),
        }
    }
    if notes.is_empty() {
        return top;
    }
    let mut lines = Vec::new();
    for (reason, weeks) in &notes {
        let numbers: Vec<String> = weeks.iter().map(u32::to_string).collect();
        let m = Message::new("chart_deload_note")
            .count("n", weeks.len() as u64)
            .with("weeks", Arg::Names(numbers))
            .name("reason", reason.as_str());
        lines.extend(wrap(&m.say(lang), LINE_CHARS));
    }
    let _ = writeln!(out, "<g class=\"plan-chart-notes\">");
    let y = text_lines(out, &lines, 0.0, top + 12.0, STEP);
    out.push_str("</g>\n");
    y - STEP + 8.0
}
