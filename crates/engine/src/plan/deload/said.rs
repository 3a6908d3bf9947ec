//! The deload reason ([`reason`](super::reason)) as a message, to print it in another
//! language: the same cases and values, the words from the language files' `plan_why_*` and
//! `plan_deload_*` strings.

use super::{DeloadOutcome, DeloadRules, Fit, load_factor};
use crate::message::{Arg, Message};

/// Why deload week `week` falls where it does, as [`why`](super::why) says it in English.
fn why(rules: &DeloadRules<'_>, week: u32, block: &str) -> Message {
    let p = rules.placement;
    let since = p.weeks_since_deload;
    let every = Message::new("plan_deload_every").count("k", p.every);
    let planned = || Message::new("plan_why_planned").msg("every", every.clone());
    let Some(d) = p.deload(week) else {
        return planned();
    };
    let wave = p.wave.unwrap_or(0);
    let window = Message::new("plan_deload_window")
        .count("lo", p.every.saturating_sub(1))
        .count("hi", (p.every + 1).min(p.every.max(6)));
    // the log's signs as messages where they are; else the text as written
    let from_log =
        |text: &Option<String>, said: &Option<Message>, none: &'static str| match (said, text) {
            (Some(m), Some(_)) => m.clone(),
            (_, Some(t)) => Message::new("plan_as_written").name("text", t.clone()),
            (_, None) => Message::new(none),
        };
    let m = match d.fit {
        Fit::Early => Message::new("plan_why_early")
            .msg("why", from_log(&p.early, &p.said[0], "plan_two_signs")),
        Fit::Replan => Message::new("plan_why_replan")
            .msg("why", from_log(&p.replan, &p.said[1], "plan_signs_in_log")),
        Fit::Overdue if wave > 0 => Message::new("plan_why_overdue"),
        _ if week == p.first && since > 0 && matches!(d.fit, Fit::Cadence | Fit::BlockSplit) => {
            Message::new("plan_why_first")
        }
        Fit::Cadence | Fit::Overdue => return planned(),
        Fit::WaveEnd => Message::new("plan_why_wave_end"),
        Fit::WaveBefore => Message::new("plan_why_wave_before"),
        Fit::WaveMissed => Message::new("plan_why_wave_missed"),
        Fit::BlockEnd => Message::new("plan_why_block_end").name("block", block),
        Fit::BlockSplit => Message::new("plan_why_block_split"),
    };
    m.count("week", week)
        .msg("every", every)
        .msg("window", window)
        .count("since", since)
        .count("gap", d.gap)
        .count("wave", wave)
}

/// The sentence that explains deload week `week`, as a message.
pub(crate) fn reason(
    rules: &DeloadRules<'_>,
    (week, block): (u32, &str),
    outcome: &DeloadOutcome,
) -> Message {
    let pct = if outcome.loading == 0 {
        0
    } else {
        (f64::from(outcome.total) * 100.0 / f64::from(outcome.loading)).round() as u32
    };
    let sets = Message::new(if outcome.minimums_win() {
        "plan_deload_sets_minimums"
    } else {
        "plan_deload_sets"
    })
    .count("kept", outcome.total)
    .count("loading", outcome.loading)
    .count("pct", pct);
    let own = if rules.settings.week.is_empty() {
        Message::new("plan_nothing")
    } else {
        let names = rules.settings.week.iter().map(|s| s.name.clone()).collect();
        Message::new("plan_deload_own").with("names", Arg::Names(names))
    };
    Message::new("plan_deload_reason")
        .msg("why", why(rules, week, block))
        .msg("sets", sets)
        .num("factor", load_factor(rules.settings))
        .msg("own", own)
}
