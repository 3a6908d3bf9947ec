//! Where a lift's 1RM comes from when the athlete file states one and the training log shows
//! sets of the lift (issue #24): decided by recency and evidence, not by which was read first.
//!
//! The log's evidence is the lift's recent e1RM (the best of the last 3 weeks it was trained,
//! [`LiftTrend::recent_e1rm`]) and the set it came from:
//! - without a stated max, the e1RM is the max (marked stale when its set is older than
//!   [`STALE_DAYS`] before the plan, so a re-plan's cap on a rise does not hold the lift to it);
//! - with one, the stated max stands unless the e1RM is heavier and recent (within
//!   [`STALE_DAYS`] of the plan), or recent and lighter but from a set taken near failure (RPE
//!   [`NEAR_FAILURE_RPE`] or more: the most reliable evidence a log holds, read with the reps it
//!   left in reserve). Old sets, and other sets lighter than the max (a light week, sets not taken
//!   near failure or without an RPE), are set aside, since they say nothing of a lower max;
//! - either way, what was used and what was set aside are recorded in words, for the reasons.

use jiff::civil::Date;

use super::derive::{E1rmPoint, LiftTrend, days_between, epley, epley_reps};
use crate::programs::{MaxEvidence, Units};
use crate::text::fmt_num;

/// How old, in days before the plan, the set behind a logged max may be and still count as
/// current: 8 weeks, longer than a training cycle between deloads (4–6 weeks) and a break of 4
/// weeks after which strength has moved.
pub(crate) const STALE_DAYS: i64 = 56;

/// The RPE from which a logged set counts as taken near failure (one rep or less in reserve):
/// such a set measures the max rather than bounding it from below, so a recent one may lower a
/// stated max.
pub(crate) const NEAR_FAILURE_RPE: f64 = 9.0;

/// The lift's 1RM as the log's evidence decides it: the new max, when the log's e1RM replaces
/// (or supplies) the stated one, and what the max rests on. `value` is the recent e1RM in the
/// plan's `units`; the log's sets are in `log_units`; `as_of` is the day before the plan.
pub(crate) fn choose(
    stated: Option<f64>,
    value: f64,
    trend: &LiftTrend,
    (units, log_units): (Units, Units),
    as_of: Date,
) -> (Option<f64>, MaxEvidence) {
    let set = best_recent(trend);
    let age = set.map_or(0, |p| days_between(p.week, as_of));
    let stale = age > STALE_DAYS;
    let logged = match set {
        Some(p) => format!(
            "e1RM {} ({} × {} {log_units} in the week of {})",
            fmt_num(value),
            p.reps,
            fmt_num(p.weight),
            p.week
        ),
        None => format!("e1RM {}", fmt_num(value)),
    };
    let weeks_old = format!("{} weeks before the plan", age / 7);
    let Some(max) = stated else {
        let used = if stale {
            format!("{logged}, {weeks_old}")
        } else {
            logged
        };
        let evidence = MaxEvidence {
            used,
            stale,
            set_aside: Vec::new(),
        };
        return (Some(value), evidence);
    };
    let stated_words = format!("the athlete file's {} {units}", fmt_num(max));
    if value > max && !stale {
        let evidence = MaxEvidence {
            used: logged,
            stale: false,
            set_aside: vec![format!("{stated_words}, below what the log shows")],
        };
        return (Some(value), evidence);
    }
    if let Some(p) = set.filter(|p| value < max && !stale && near_failure(p)) {
        let rpe = p.rpe.unwrap_or(10.0);
        let estimate = with_reserve(value, p.reps, rpe);
        let used = format!(
            "e1RM {} ({} × {} {log_units} at RPE {} in the week of {})",
            fmt_num(estimate),
            p.reps,
            fmt_num(p.weight),
            fmt_num(rpe),
            p.week
        );
        let evidence = MaxEvidence {
            stale: false,
            set_aside: vec![format!(
                "{stated_words}: above {used}, a recent set near failure"
            )],
            used,
        };
        return (Some(estimate), evidence);
    }
    let why = if value > max {
        format!("{weeks_old}, too old to move a stated max")
    } else {
        "lighter than the stated max, and sets below a max are no evidence that it is lower"
            .to_string()
    };
    let evidence = MaxEvidence {
        used: stated_words,
        stale: false,
        set_aside: vec![format!("{logged}: {why}")],
    };
    (None, evidence)
}

/// Whether `p` was taken near failure (RPE [`NEAR_FAILURE_RPE`] or more).
fn near_failure(p: &E1rmPoint) -> bool {
    p.rpe.is_some_and(|r| r >= NEAR_FAILURE_RPE)
}

/// The e1RM `value` of a set of `reps` read with the reps it left in reserve at `rpe` (10 − RPE,
/// counted as reps the lifter could still have done), rounded to 0.1: Epley's estimate of the
/// set as if taken to failure.
fn with_reserve(value: f64, reps: u32, rpe: f64) -> f64 {
    let reserve = (10.0 - rpe).clamp(0.0, 4.0);
    let to_failure = value * epley_reps(1.0, f64::from(reps) + reserve) / epley(1.0, reps);
    (to_failure * 10.0).round() / 10.0
}

/// The set behind the recent e1RM: the best of the last 3 weeks the lift was trained.
fn best_recent(trend: &LiftTrend) -> Option<&E1rmPoint> {
    let recent = &trend.points[trend.points.len().saturating_sub(3)..];
    recent
        .iter()
        .fold(None, |best: Option<&E1rmPoint>, p| match best {
            Some(b) if b.e1rm >= p.e1rm => Some(b),
            _ => Some(p),
        })
}
