//! The next deload, brought forward when the log shows warning signs.
//!
//! The signs, read from the weeks done:
//! - **stalls**: 2 or more lifts without a new best e1RM in their last 2 loading weeks (with at
//!   least one loading week before them) that also missed a target in those weeks (a lift done
//!   as prescribed follows its plan, even when its e1RM dips inside a wave);
//! - **rising RPE**: the same exercise at the same load and reps logged at least 1 RPE higher
//!   later in the last 28 days (the rule of `deload history`), not counting a rise from a
//!   deload week (whose lower RPE is prescribed);
//! - **RPE over target**: 2 or more sessions in the last 2 weeks with a set logged 1 RPE or more
//!   above its target;
//! - **missed reps**: a session in the last 2 weeks with a set short of its reps at RPE 10, or
//!   2 or more sessions with sets short of reps or at RPE 10 (percentage sets too);
//! - **missed sessions**: 2 or more sessions missed in the last 2 weeks, not counting a week
//!   missed whole (that is a week off, which rests as a deload does);
//! - **workload spike**: the acute:chronic workload ratio above 1.5 (the rule of `deload
//!   history`).
//!
//! One sign is enough: the next deload comes in the first week still to come, unless the plan
//! already has one there, or the week before it was a deload (the athlete has just rested).

use serde::Serialize;

use super::LiftLog;
use super::review::WeekReview;
use crate::message::{Arg, Message};
use crate::text::plural;
use crate::traininglog::DerivedHistory;
use crate::traininglog::derive::WarningSign;

/// Loading weeks without a new best e1RM that make a stall.
pub const STALL_WEEKS: usize = 2;
/// Stalled lifts that make a warning sign.
pub const STALL_LIFTS: usize = 2;
/// Sessions over target RPE, or missed, in the last 2 weeks that make a warning sign.
pub const SIGN_SESSIONS: usize = 2;

/// Where the next deload falls, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeloadChange {
    /// The next deload week of the original plan from the first week still to come, if any.
    pub planned_week: Option<u32>,
    /// The next deload week of the re-plan, if any.
    pub week: Option<u32>,
    /// Whether the re-plan brought it forward.
    pub moved: bool,
    /// The warning signs found.
    pub signs: Vec<WarningSign>,
    /// Why, in words.
    pub reason: String,
}

/// The stalled lifts: no new best e1RM in their last [`STALL_WEEKS`] loading weeks, and a target
/// missed in them (a lift done as prescribed is on its plan, whatever its e1RM does in a wave).
pub(crate) fn stalled(logs: &[LiftLog<'_>]) -> Vec<String> {
    logs.iter()
        .filter(|l| {
            let n = l.weekly.len();
            n > STALL_WEEKS && l.missed_recently(STALL_WEEKS) && {
                let before = l.weekly[..n - STALL_WEEKS]
                    .iter()
                    .map(|w| w.1)
                    .fold(0.0, f64::max);
                l.weekly[n - STALL_WEEKS..].iter().all(|w| w.1 <= before)
            }
        })
        .map(|l| l.exercise.clone())
        .collect()
}

/// The warning signs in the weeks done and the log's history.
pub(crate) fn signs(
    logs: &[LiftLog<'_>],
    weeks: &[WeekReview],
    h: &DerivedHistory,
) -> Vec<WarningSign> {
    let mut out = Vec::new();
    let stalls = stalled(logs);
    if stalls.len() >= STALL_LIFTS {
        let said = Message::new("plan_replan_stalls")
            .count("weeks", u64::try_from(STALL_WEEKS).unwrap_or(0))
            .with("lifts", Arg::Names(stalls.clone()));
        out.push(sign(
            "stalls",
            format!(
                "no new best e1RM in the last {STALL_WEEKS} loading weeks on {}",
                stalls.join(", ")
            ),
            said,
        ));
    }
    out.extend(rising_sign(weeks, h));
    let recent: Vec<&WeekReview> = weeks.iter().rev().take(2).collect();
    let over: Vec<&super::review::SessionReview> = recent
        .iter()
        .flat_map(|w| &w.sessions)
        .filter(|s| {
            s.exercises
                .iter()
                .any(|e| e.notes.iter().any(|n| n.contains(" at RPE ")))
        })
        .collect();
    if over.len() >= SIGN_SESSIONS {
        let said = Message::new("plan_replan_rpe_over")
            .count("n", count(over.len()))
            .with("sessions", sessions_said(&over));
        out.push(sign(
            "rpe_over_target",
            format!(
                "sets 1 RPE or more above target in {}: {}",
                plural(over.len(), "session", "sessions"),
                sessions_text(&over)
            ),
            said,
        ));
    }
    out.extend(failure_sign(&recent));
    let missed: Vec<&super::review::SessionReview> = recent
        .iter()
        .filter(|w| w.sessions_done > 0 || w.partial)
        .flat_map(|w| &w.sessions)
        .filter(|s| s.status == "missed")
        .collect();
    if missed.len() >= SIGN_SESSIONS {
        let said = Message::new("plan_replan_missed")
            .count("n", count(missed.len()))
            .with("sessions", sessions_said(&missed));
        out.push(sign(
            "missed_sessions",
            format!(
                "{} missed in the last 2 weeks: {}",
                plural(missed.len(), "session", "sessions"),
                sessions_text(&missed)
            ),
            said,
        ));
    }
    if let Some(a) = h.acwr.as_ref().filter(|a| a.high) {
        out.push(sign(
            "acwr",
            format!(
                "acute:chronic workload ratio {} (above 1.5)",
                crate::text::fmt_num(a.ratio)
            ),
            Message::new("plan_replan_acwr").num("ratio", a.ratio),
        ));
    }
    out
}

/// `n` as a message's count.
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Sessions by name and date: `Full body A (2027-01-04), Full body B (2027-01-06)`.
fn sessions_text(sessions: &[&super::review::SessionReview]) -> String {
    let each: Vec<String> = sessions
        .iter()
        .map(|s| format!("{} ({})", s.name, s.date))
        .collect();
    each.join(", ")
}

/// [`sessions_text`] as a message's list.
fn sessions_said(sessions: &[&super::review::SessionReview]) -> Arg {
    Arg::List(
        sessions
            .iter()
            .map(|s| {
                Message::new("plan_replan_session")
                    .name("name", s.name.as_str())
                    .with("date", Arg::Date(s.date))
            })
            .collect(),
    )
}

/// The sign of rising RPE: the log's first rise that does not start in a deload week (a deload
/// prescribes lighter sets and lower RPE on purpose: a rise from one is the plan, not fatigue).
fn rising_sign(weeks: &[WeekReview], h: &DerivedHistory) -> Option<WarningSign> {
    let in_deload = |d: jiff::civil::Date| {
        weeks.iter().any(|w| {
            w.is_deload
                && d >= w.start
                && w.start
                    .checked_add(jiff::Span::new().days(7))
                    .is_ok_and(|end| d < end)
        })
    };
    let r = h.rpe_rises.iter().find(|r| !in_deload(r.from))?;
    let said = Message::new("plan_replan_rising")
        .name("exercise", r.exercise.as_str())
        .num("weight", r.weight)
        .count("reps", r.reps)
        .num("from", r.from_rpe)
        .with("from_date", Arg::Date(r.from))
        .num("to", r.to_rpe)
        .with("to_date", Arg::Date(r.to));
    Some(sign(
        "rising_rpe",
        format!(
            "{} at {} × {}: RPE {} on {}, then {} on {}",
            r.exercise,
            crate::text::fmt_num(r.weight),
            r.reps,
            crate::text::fmt_num(r.from_rpe),
            r.from,
            crate::text::fmt_num(r.to_rpe),
            r.to
        ),
        said,
    ))
}

/// The sign of sets at failure: in the weeks `recent`, a session with a set short of its reps
/// at RPE 10, or [`SIGN_SESSIONS`] sessions with sets short of reps or at RPE 10 (on percentage
/// sets too, where no RPE was prescribed), each quoted.
fn failure_sign(recent: &[&WeekReview]) -> Option<WarningSign> {
    let mut quoted = Vec::new();
    let mut said = Vec::new();
    let mut failed = false;
    for s in recent.iter().flat_map(|w| &w.sessions) {
        let hit: Vec<(String, Message)> = s
            .exercises
            .iter()
            .filter(|e| {
                e.notes
                    .iter()
                    .any(|n| n.contains("short of reps") || n.contains("to failure"))
            })
            .map(|e| {
                let short = e.notes.iter().any(|n| n.contains("short of reps"));
                failed |= short && e.performed_rpe.is_some_and(|r| r >= 10.0);
                let text = format!("{} {}", e.exercise, super::review::quote(e));
                (text, quote_said(e))
            })
            .collect();
        if !hit.is_empty() {
            let (texts, messages): (Vec<String>, Vec<Message>) = hit.into_iter().unzip();
            quoted.push(format!("{} ({}): {}", s.name, s.date, texts.join("; ")));
            said.push(
                Message::new("plan_replan_session_quoted")
                    .name("name", s.name.as_str())
                    .with("date", Arg::Date(s.date))
                    .with("quotes", Arg::Sep("plan_list_semi", messages)),
            );
        }
    }
    (failed || quoted.len() >= SIGN_SESSIONS).then(|| {
        let message = Message::new("plan_replan_missed_reps")
            .count("n", count(quoted.len()))
            .with("sessions", Arg::List(said));
        sign(
            "missed_reps",
            format!(
                "sets short of reps or at RPE 10 in {}: {}",
                plural(quoted.len(), "session", "sessions"),
                quoted.join(", ")
            ),
            message,
        )
    })
}

/// What `e` did against what it asked ([`super::review::quote`]), after its name, as a message.
fn quote_said(e: &super::review::ExerciseReview) -> Message {
    let reps: Vec<String> = e.performed_reps.iter().map(u32::to_string).collect();
    let load = match e.performed_load {
        Some(x) => Message::new("plan_replan_quote_load").num("load", x),
        None => Message::new("plan_nothing"),
    };
    let rpe = match e.performed_rpe {
        Some(x) => Message::new("plan_replan_quote_rpe").num("rpe", x),
        None => Message::new("plan_nothing"),
    };
    Message::new("plan_replan_quote")
        .name("exercise", e.exercise.as_str())
        .with("reps", Arg::Names(reps))
        .msg("load", load)
        .msg("rpe", rpe)
        .name("asked", e.prescribed_reps.as_str())
}

fn sign(kind: &str, detail: String, message: Message) -> WarningSign {
    WarningSign {
        kind: kind.to_string(),
        detail,
        message,
    }
}

/// Whether and where the next deload moves: `next` is the first week still to come (1-based),
/// `planned` the original plan's next deload from it, `rested` whether the week before `next` was
/// a deload or a week off.
pub(crate) fn decide(
    signs: Vec<WarningSign>,
    next: u32,
    planned: Option<u32>,
    rested: bool,
) -> DeloadChange {
    let keep = |reason: String, signs| DeloadChange {
        planned_week: planned,
        week: planned,
        moved: false,
        signs,
        reason,
    };
    let at = planned.map_or("no deload left in the plan".to_string(), |w| {
        format!("the next deload stays in week {w}")
    });
    if signs.is_empty() {
        return keep(format!("{at}: no warning signs in the log"), signs);
    }
    let list: Vec<&str> = signs.iter().map(|s| s.detail.as_str()).collect();
    if planned == Some(next) {
        return keep(
            format!(
                "{at}, already the first week to come; warning signs: {}",
                list.join("; ")
            ),
            signs,
        );
    }
    if rested {
        return keep(
            format!(
                "{at}: the week before was a deload or a week off; warning signs: {}",
                list.join("; ")
            ),
            signs,
        );
    }
    let reason = format!(
        "deload brought forward to week {next}{}: {}",
        planned.map_or(String::new(), |w| format!(" from week {w}")),
        list.join("; ")
    );
    DeloadChange {
        planned_week: planned,
        week: Some(next),
        moved: true,
        signs,
        reason,
    }
}
