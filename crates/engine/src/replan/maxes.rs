//! Training maxes (and one-rep maxes) moved by what the athlete lifted.
//!
//! For each lift of the plan loaded from a max, over the loading weeks done (deload weeks do not
//! count):
//! - its **e1RM** is the best Epley estimate of its logged working sets of 1 to 12 reps in the
//!   last 3 loading weeks it was trained (the formula of `deload history`);
//! - the value the e1RM supports is that e1RM for a 1RM, and the plan's training-max share of it
//!   (the athlete's `training_max`, else the program's, else 90 %) for a TM;
//! - the **planned** value is the max the plan gives the first week still to come (a TM after
//!   its cycle steps);
//! - when the supported value is above the planned one, the max rises to it, by at most
//!   [`MAX_RISE`] (5 %) in one re-plan;
//! - when it is below and the lift missed its targets in each of its last 2 sessions (sets
//!   short of reps, lighter than prescribed, missing, or RPE 1 or more over target), the max
//!   falls to it, by at most [`MAX_FALL`] (10 %, a 5/3/1-style reset);
//! - otherwise it stays: sets done as prescribed say little about a max when they are not all
//!   out (a set of 5 at 80 % supports only about 93 % of the 1RM), so the plan's own
//!   progression stands;
//! - new values are rounded to the plate increment towards the planned value (never past a
//!   cap); a move that rounding brings back to the planned value (or past it) is no move.
//!
//! Where the planned max came from counts (issue #24): when it rests on a logged set older than
//! the log's evidence window before the plan (a stale max, [`MaxEvidence::stale`]), the cap on a
//! rise does not hold the lift to it, and the max rises to what the e1RM supports. Every reason
//! ends with the evidence set aside when the plan was made (a stated max below the log's, old or
//! light logged sets below a stated max).

use serde::Serialize;

use super::LiftLog;
use crate::plan::Schedule;
use crate::programs::{Base, MaxEvidence, PlanInput};
use crate::text::fmt_num;

/// The most a max rises in one re-plan, as a share of the planned value.
pub const MAX_RISE: f64 = 0.05;
/// The most a max falls in one re-plan, as a share of the planned value.
pub const MAX_FALL: f64 = 0.10;
/// Loading weeks the e1RM is read from.
pub const E1RM_WEEKS: usize = 3;
/// Sessions in a row below target that let a max fall.
pub const BEHIND_SESSIONS: usize = 2;

/// A max of a lift, as planned and as updated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaxUpdate {
    /// The exercise.
    pub exercise: String,
    /// `tm` or `1rm`.
    pub base: Base,
    /// The max the original plan gives the first week still to come.
    #[serde(serialize_with = "crate::plan::schedule::ser_num")]
    pub planned: f64,
    /// The max of the re-plan.
    #[serde(serialize_with = "crate::plan::schedule::ser_num")]
    pub updated: f64,
    /// The e1RM read from the log, when the lift was logged.
    #[serde(serialize_with = "crate::plan::schedule::ser_opt_num")]
    pub e1rm: Option<f64>,
    /// `raised`, `lowered` or `kept`.
    pub change: String,
    /// Why, in words.
    pub reason: String,
}

/// What a max update needs to know about the plan.
pub(crate) struct MaxContext<'a> {
    /// The original plan.
    pub(crate) plan: &'a Schedule,
    /// The plan's input.
    pub(crate) input: &'a PlanInput,
    /// Index of the first week still to come.
    pub(crate) next: usize,
}

/// The TM share of the 1RM, in percent.
fn tm_share(input: &PlanInput) -> f64 {
    input
        .athlete
        .as_ref()
        .and_then(|a| a.training_max)
        .or(input.program.training_max)
        .unwrap_or(90.0)
}

/// The bases the plan's lines load `exercise` from.
fn bases(plan: &Schedule, key: &str) -> (bool, bool) {
    let (mut tm, mut rm) = (false, false);
    for p in plan
        .weeks
        .iter()
        .flat_map(|w| &w.days)
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
    {
        if p.exercise.trim().to_lowercase() != key {
            continue;
        }
        for l in &p.lines {
            tm |= l.base == Some(Base::Tm);
            rm |= l.base == Some(Base::OneRm);
        }
    }
    (tm, rm)
}

/// The updates of every lift of the plan loaded from a max.
pub(crate) fn updates(cx: &MaxContext<'_>, logs: &[LiftLog<'_>]) -> Vec<MaxUpdate> {
    let cycle = cx.plan.weeks.get(cx.next).map_or(0, |w| w.cycle);
    let mut out = Vec::new();
    for lift in &cx.plan.lifts {
        let key = lift.exercise.trim().to_lowercase();
        let log = logs.iter().find(|l| l.key == key);
        let (uses_tm, uses_rm) = bases(cx.plan, &key);
        let athlete = cx.input.athlete.as_ref();
        let evidence = athlete.and_then(|a| a.max_evidence.get(&key));
        // a TM the athlete file states does not rest on the 1RM's evidence
        let tm_evidence =
            evidence.filter(|_| athlete.is_none_or(|a| !a.training_maxes.contains_key(&key)));
        if uses_tm && let Some(tm) = lift.training_max {
            let planned = tm + f64::from(cycle) * lift.tm_step;
            out.push(update(
                &lift.exercise,
                (Base::Tm, planned, tm_share(cx.input) / 100.0),
                log,
                tm_evidence,
                cx.plan.plate_increment,
            ));
        }
        if uses_rm && let Some(rm) = lift.one_rm {
            out.push(update(
                &lift.exercise,
                (Base::OneRm, rm, 1.0),
                log,
                evidence,
                cx.plan.plate_increment,
            ));
        }
    }
    out
}

/// Rounds `x` to the plate, towards `planned` (so a capped move never passes its cap).
fn to_plate(x: f64, planned: f64, plate: f64) -> f64 {
    if !(plate.is_finite() && plate > 0.0) {
        return x;
    }
    let plates = x / plate;
    let whole = if x > planned {
        plates.floor()
    } else {
        plates.ceil()
    };
    whole * plate
}

/// The evidence set aside when the plan was made, as the end of a reason (empty when none).
fn set_aside(evidence: Option<&MaxEvidence>) -> String {
    match evidence {
        Some(e) if !e.set_aside.is_empty() => format!("; set aside: {}", e.set_aside.join("; ")),
        _ => String::new(),
    }
}

/// One max's update: `(base, planned, share)` is the max as planned and the share of the e1RM
/// it is; `evidence` is what the planned max rests on, when a log was read with the plan.
fn update(
    exercise: &str,
    (base, planned, share): (Base, f64, f64),
    log: Option<&LiftLog<'_>>,
    evidence: Option<&MaxEvidence>,
    plate: f64,
) -> MaxUpdate {
    let name = match base {
        Base::Tm => "TM",
        Base::OneRm => "1RM",
    };
    let aside = set_aside(evidence);
    let kept = |e1rm, reason: String| MaxUpdate {
        exercise: exercise.to_string(),
        base,
        planned,
        updated: planned,
        e1rm,
        change: "kept".into(),
        reason: reason + &aside,
    };
    let Some(log) = log.filter(|l| l.e1rm.is_some()) else {
        return kept(
            None,
            format!("{name} kept: no logged sets of 1 to 12 reps in a loading week"),
        );
    };
    let e1rm = log.e1rm.unwrap_or(0.0);
    let supported = e1rm * share;
    let of = share_words(share, supported);
    let seen = format!("e1RM {} ({})", fmt_num(e1rm), log.e1rm_from);
    let Some((target, change, why)) = movement(&Move {
        name,
        planned,
        supported,
        plate,
        seen: &seen,
        of: &of,
        log,
        stale: evidence.filter(|e| e.stale).map(|e| e.used.as_str()),
    }) else {
        let why = match &log.last_missed {
            Some(missed) => format!(
                "the last session missed its targets ({missed}); one session short is not yet a trend ({BEHIND_SESSIONS} in a row lower the max), so the plan stands"
            ),
            None => "targets met, so the plan's own progression stands".to_string(),
        };
        return kept(Some(e1rm), format!("{name} kept: {seen}; {why}"));
    };
    // rounded to the plate towards the planned value, a move that does not pass it is none
    let moves = if change == "raised" {
        target > planned
    } else {
        target < planned
    };
    if !moves {
        return kept(
            Some(e1rm),
            format!(
                "{name} kept: {seen}; the change would be under one plate ({})",
                fmt_num(plate)
            ),
        );
    }
    MaxUpdate {
        exercise: exercise.to_string(),
        base,
        planned,
        updated: target,
        e1rm: Some(e1rm),
        change: change.into(),
        reason: format!(
            "{name} {change} from {} to {}: {why}{aside}",
            fmt_num(planned),
            fmt_num(target)
        ),
    }
}

/// ": 90 % of it is 118.8" for a TM's share of the e1RM; nothing for a 1RM (all of it).
fn share_words(share: f64, supported: f64) -> String {
    if share < 1.0 {
        format!(
            ": {} % of it is {}",
            fmt_num(share * 100.0),
            fmt_num((supported * 10.0).round() / 10.0)
        )
    } else {
        String::new()
    }
}

/// What a move of a max is decided from.
struct Move<'a> {
    /// `TM` or `1RM`.
    name: &'a str,
    /// The planned value.
    planned: f64,
    /// The value the e1RM supports.
    supported: f64,
    /// The plate increment.
    plate: f64,
    /// The e1RM and its set, in words.
    seen: &'a str,
    /// The share of the e1RM, in words.
    of: &'a str,
    /// The lift's log.
    log: &'a LiftLog<'a>,
    /// What the planned max rests on, in words, when it is stale.
    stale: Option<&'a str>,
}

/// The new value, `raised` or `lowered`, and why; `None` when the max stays.
fn movement(m: &Move<'_>) -> Option<(f64, &'static str, String)> {
    let Move {
        name,
        planned,
        supported,
        plate,
        seen,
        of,
        log,
        stale,
    } = *m;
    if supported > planned {
        let over_cap = supported > planned * (1.0 + MAX_RISE);
        let (to, capped) = match stale {
            Some(used) if over_cap => (
                to_plate(supported, planned, plate),
                format!(", not capped at +5 %: the planned {name} rests on {used}, a stale max"),
            ),
            _ if over_cap => (
                to_plate(planned * (1.0 + MAX_RISE), planned, plate),
                ", capped at +5 % a re-plan".to_string(),
            ),
            _ => (to_plate(supported, planned, plate), String::new()),
        };
        Some((
            to,
            "raised",
            format!(
                "{seen}{of}, above the planned {name} of {}{capped}",
                fmt_num(planned)
            ),
        ))
    } else if log.behind {
        let to = to_plate(supported.max(planned * (1.0 - MAX_FALL)), planned, plate);
        let capped = if supported < planned * (1.0 - MAX_FALL) {
            ", limited to −10 % a re-plan"
        } else {
            ""
        };
        Some((
            to,
            "lowered",
            format!(
                "{seen}{of}, below the planned {name} of {}, and the last {BEHIND_SESSIONS} sessions missed their targets ({}){capped}",
                fmt_num(planned),
                log.behind_why
            ),
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(e1rm: f64, behind: bool) -> LiftLog<'static> {
        LiftLog {
            key: "back squat".into(),
            exercise: "Back squat".into(),
            e1rm: Some(e1rm),
            e1rm_from: "5 × 100 kg on 2026-02-02".into(),
            behind,
            behind_why: "2 sets short of reps".into(),
            last_missed: None,
            weekly: Vec::new(),
            sessions: Vec::new(),
        }
    }

    #[test]
    fn moves_stay_within_the_step_and_round_towards_the_plan() {
        let up = |planned, e1rm, share| {
            update(
                "Back squat",
                (Base::Tm, planned, share),
                Some(&log(e1rm, false)),
                None,
                2.5,
            )
        };
        // 90 % of 160 = 144, above 140 and under the cap (147): down to the plate, 142.5
        assert_eq!(up(140.0, 160.0, 0.9).updated, 142.5);
        // far above: capped at 147, down to the plate: 145
        assert_eq!(up(140.0, 200.0, 0.9).updated, 145.0);
        // a max off the plate grid still rises when rounding keeps it above: 58.3 → 60
        let off = update(
            "Back squat",
            (Base::OneRm, 58.3, 1.0),
            Some(&log(93.3, false)),
            None,
            2.5,
        );
        assert_eq!((off.updated, off.change.as_str()), (60.0, "raised"));
        // a rise that rounding takes back is none
        assert_eq!(up(140.0, 157.0, 0.9).change, "kept");
        // below the plan: kept unless behind, then down by at most 10 %, up to the plate
        assert_eq!(up(140.0, 120.0, 0.9).change, "kept");
        let down = update(
            "Back squat",
            (Base::Tm, 140.0, 0.9),
            Some(&log(120.0, true)),
            None,
            2.5,
        );
        assert_eq!((down.updated, down.change.as_str()), (127.5, "lowered"));
        let some = update(
            "Back squat",
            (Base::Tm, 140.0, 0.9),
            Some(&log(150.0, true)),
            None,
            2.5,
        );
        assert_eq!(some.updated, 135.0, "90 % of 150 = 135, within 10 %");
        // nothing logged
        let none = update("Back squat", (Base::Tm, 140.0, 0.9), None, None, 2.5);
        assert!(none.reason.contains("no logged sets"), "{}", none.reason);
    }

    #[test]
    fn a_stale_max_is_no_cap_and_evidence_set_aside_ends_the_reason() {
        // a stale planned max (from logged sets older than the evidence window) is no cap:
        // 58.3 rises to what 93.3 supports, down to the plate, not to 61.25
        let stale = MaxEvidence {
            used: "e1RM 58.3 (5 × 50 kg in the week of 2025-10-06), 12 weeks before the plan"
                .into(),
            stale: true,
            set_aside: Vec::new(),
        };
        let up = update(
            "Back squat",
            (Base::OneRm, 58.3, 1.0),
            Some(&log(93.3, false)),
            Some(&stale),
            1.25,
        );
        assert_eq!(up.updated, 92.5, "{}", up.reason);
        assert!(up.reason.contains("a stale max"), "{}", up.reason);
        // evidence set aside ends the reason, whatever the change
        let aside = MaxEvidence {
            used: "the athlete file's 140 kg".into(),
            stale: false,
            set_aside: vec!["e1RM 120 (5 × 103.5 kg in the week of 2025-10-06): lighter".into()],
        };
        let kept = update(
            "Back squat",
            (Base::Tm, 140.0, 0.9),
            None,
            Some(&aside),
            2.5,
        );
        assert!(
            kept.reason.ends_with(
                "; set aside: e1RM 120 (5 × 103.5 kg in the week of 2025-10-06): lighter"
            ),
            "{}",
            kept.reason
        );
    }
}
