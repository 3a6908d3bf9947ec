//! Performed against prescribed, for the weeks done: per exercise (sets, reps, load, RPE), per
//! session (done, missed, still to come) and per week (compliance).
//!
//! A logged set is compared with the prescribed working set in the same place (the first
//! logged with the first prescribed, and so on): it is **short** when it has fewer reps than
//! the set's fewest, **lighter** when its load is more than half a plate under the prescribed
//! load, and **over RPE** when its RPE is at least 1 above the target (an RIR target r is RPE
//! 10 − r). An exercise is on target when every prescribed set was done and none of them is
//! short, lighter or over RPE. A session planned before today and not logged is **missed**; one
//! planned today or later is still to come. Compliance is the share of the working sets due
//! (those of sessions done or missed) that were done, extra sets not counted.

use jiff::civil::Date;
use serde::Serialize;

use super::matching::{Matching, SessionLog};
use crate::plan::{Prescription, Schedule};
use crate::programs::Units;
use crate::traininglog::derive::epley;

/// One exercise of a session done: what was prescribed and what was logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExerciseReview {
    /// The exercise, as the plan names it.
    pub exercise: String,
    /// The names it was logged under.
    pub logged_as: Vec<String>,
    /// Working sets prescribed.
    pub prescribed_sets: u32,
    /// The prescribed reps, line by line ("5, 5, 5+").
    pub prescribed_reps: String,
    /// The heaviest prescribed working load, when known.
    #[serde(serialize_with = "crate::plan::schedule::ser_opt_num")]
    pub prescribed_load: Option<f64>,
    /// The highest prescribed RPE (an RIR target as RPE), when given.
    #[serde(serialize_with = "crate::plan::schedule::ser_opt_num")]
    pub prescribed_rpe: Option<f64>,
    /// Working sets logged.
    pub performed_sets: u32,
    /// Reps of each logged set.
    pub performed_reps: Vec<u32>,
    /// The heaviest logged load, in the plan's units.
    #[serde(serialize_with = "crate::plan::schedule::ser_opt_num")]
    pub performed_load: Option<f64>,
    /// The highest logged RPE.
    #[serde(serialize_with = "crate::plan::schedule::ser_opt_num")]
    pub performed_rpe: Option<f64>,
    /// The best e1RM of the logged sets (Epley, as `deload history`), in the plan's units.
    #[serde(serialize_with = "crate::plan::schedule::ser_opt_num")]
    pub e1rm: Option<f64>,
    /// Every set done, none short, lighter or over RPE.
    pub on_target: bool,
    /// What fell short, in words.
    pub notes: Vec<String>,
}

/// One planned session of a week done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionReview {
    /// The planned day.
    #[serde(serialize_with = "super::ser_date")]
    pub date: Date,
    /// The session's name.
    pub name: String,
    /// `done`, `missed` or `to come`.
    pub status: String,
    /// The day it was logged, when done (another day of the week when moved).
    #[serde(serialize_with = "super::ser_opt_date")]
    pub done_on: Option<Date>,
    /// The exercises, when done.
    pub exercises: Vec<ExerciseReview>,
}

/// One plan week up to today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekReview {
    /// The plan's week number.
    pub number: u32,
    /// Its first day.
    #[serde(serialize_with = "super::ser_date")]
    pub start: Date,
    /// A deload week of the plan.
    pub is_deload: bool,
    /// The week holds today and days after it: sessions still to come are not missed.
    pub partial: bool,
    /// Sessions due (planned before today, or done).
    pub sessions_due: u32,
    /// Sessions done.
    pub sessions_done: u32,
    /// Working sets due.
    pub sets_due: u32,
    /// Working sets done (at most the prescribed ones per exercise).
    pub sets_done: u32,
    /// sets_done / sets_due, in percent (100 when nothing was due).
    pub compliance: u32,
    /// The sessions.
    pub sessions: Vec<SessionReview>,
}

/// One working set as prescribed.
struct Target {
    reps: u32,
    load: Option<f64>,
    rpe: Option<f64>,
}

/// The working sets of `p`, in order.
fn targets(p: &Prescription) -> Vec<Target> {
    let mut out = Vec::new();
    for line in p.lines.iter().filter(|l| !l.warmup) {
        for _ in 0..line.sets {
            out.push(Target {
                reps: line.rep_range.min,
                load: line.load,
                rpe: line.rpe.or(line.rir.map(|r| 10.0 - r)),
            });
        }
    }
    out
}

/// How the logged sets compare with what the review needs: the plan's units and plate.
pub(crate) struct Scale {
    /// The plan's units.
    pub(crate) plan: Units,
    /// The log's units.
    pub(crate) log: Units,
    /// The plate increment, in the plan's units.
    pub(crate) plate: f64,
}

/// Rounds to 0.1.
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The review of prescription `p` against its logged sets.
pub(crate) fn review_exercise(
    p: &Prescription,
    sets: &[&crate::traininglog::LoggedSet],
    logged_as: &[String],
    u: &Scale,
) -> ExerciseReview {
    let targets = targets(p);
    let (mut short, mut lighter, mut over, mut failure) = (0, 0, 0, 0);
    let mut worst_rpe: Option<(f64, f64)> = None;
    for (s, t) in sets.iter().zip(&targets) {
        let w = u.plan.convert(s.weight, u.log);
        short += usize::from(s.reps < t.reps);
        // RPE 10 where none was prescribed (a percentage set): a set at failure.
        failure += usize::from(t.rpe.is_none() && s.rpe.is_some_and(|r| r >= 10.0));
        lighter += usize::from(t.load.is_some_and(|l| w < l - u.plate / 2.0));
        if let (Some(got), Some(want)) = (s.rpe, t.rpe)
            && got >= want + 1.0
        {
            over += 1;
            worst_rpe = Some((got, want));
        }
    }
    let done = u32::try_from(sets.len()).unwrap_or(u32::MAX);
    let mut notes = Vec::new();
    if done < p.sets {
        notes.push(format!("{done} of {} sets", p.sets));
    }
    if short > 0 {
        notes.push(format!(
            "{} short of reps",
            crate::text::plural(short, "set", "sets")
        ));
    }
    if lighter > 0 {
        notes.push(format!(
            "{} lighter than prescribed",
            crate::text::plural(lighter, "set", "sets")
        ));
    }
    if failure > 0 {
        notes.push(format!(
            "{} to failure (RPE 10)",
            crate::text::plural(failure, "set", "sets")
        ));
    }
    if let Some((got, want)) = worst_rpe {
        let n = crate::text::plural(over, "set", "sets");
        notes.push(format!(
            "{n} at RPE {} for a target of {}",
            crate::text::fmt_num(got),
            crate::text::fmt_num(want)
        ));
    }
    let loads = sets.iter().map(|s| u.plan.convert(s.weight, u.log));
    ExerciseReview {
        exercise: p.exercise.clone(),
        logged_as: logged_as.to_vec(),
        prescribed_sets: p.sets,
        prescribed_reps: p
            .lines
            .iter()
            .filter(|l| !l.warmup)
            .map(|l| l.reps.clone())
            .collect::<Vec<_>>()
            .join(", "),
        prescribed_load: targets.iter().filter_map(|t| t.load).reduce(f64::max),
        prescribed_rpe: targets.iter().filter_map(|t| t.rpe).reduce(f64::max),
        performed_sets: done,
        performed_reps: sets.iter().map(|s| s.reps).collect(),
        performed_load: loads.clone().reduce(f64::max).map(tenth),
        performed_rpe: sets.iter().filter_map(|s| s.rpe).reduce(f64::max),
        e1rm: best_e1rm(sets, u),
        on_target: notes.is_empty(),
        notes,
    }
}

/// The sets of a review in words, to quote: `6, 5, 5 reps at RPE 10 for 8, 8, 8`.
pub(crate) fn quote(r: &ExerciseReview) -> String {
    let reps: Vec<String> = r.performed_reps.iter().map(u32::to_string).collect();
    let mut out = format!("{} reps", reps.join(", "));
    if let Some(load) = r.performed_load {
        out.push_str(&format!(" at {}", crate::text::fmt_num(load)));
    }
    if let Some(rpe) = r.performed_rpe {
        out.push_str(&format!(", RPE {}", crate::text::fmt_num(rpe)));
    }
    out.push_str(&format!(" (asked {})", r.prescribed_reps));
    out
}

/// The best Epley e1RM of `sets` of 1 to 12 reps, in the plan's units.
pub(crate) fn best_e1rm(sets: &[&crate::traininglog::LoggedSet], u: &Scale) -> Option<f64> {
    sets.iter()
        .filter(|s| (1..=crate::traininglog::derive::E1RM_MAX_REPS).contains(&s.reps))
        .map(|s| epley(u.plan.convert(s.weight, u.log), s.reps))
        .filter(|e| *e > 0.0)
        .reduce(f64::max)
        .map(tenth)
}

/// The reviews of every plan week that starts on or before `today`.
pub(crate) fn review_weeks(
    plan: &Schedule,
    m: &Matching<'_>,
    today: Date,
    u: &Scale,
) -> Vec<WeekReview> {
    let mut out = Vec::new();
    for (wi, week) in plan
        .weeks
        .iter()
        .enumerate()
        .take_while(|(_, w)| w.start <= today)
    {
        let mut r = WeekReview {
            number: week.number,
            start: week.start,
            is_deload: week.is_deload,
            partial: today < week.end,
            sessions_due: 0,
            sessions_done: 0,
            sets_due: 0,
            sets_done: 0,
            compliance: 100,
            sessions: Vec::new(),
        };
        for (di, day) in week.days.iter().enumerate() {
            let Some(session) = day.session() else {
                continue;
            };
            let log = m.sessions.get(&(wi, di));
            let review = review_session(session, day.date, log, today, u);
            if review.status != "to come" {
                r.sessions_due += 1;
                r.sets_due += session.prescriptions.iter().map(|p| p.sets).sum::<u32>();
            }
            if log.is_some() {
                r.sessions_done += 1;
                r.sets_done += review
                    .exercises
                    .iter()
                    .map(|e| e.performed_sets.min(e.prescribed_sets))
                    .sum::<u32>();
            }
            r.sessions.push(review);
        }
        if r.sets_due > 0 {
            r.compliance = u32::try_from(
                (u64::from(r.sets_done) * 100 + u64::from(r.sets_due) / 2) / u64::from(r.sets_due),
            )
            .unwrap_or(100);
        }
        out.push(r);
    }
    out
}

/// The review of one planned session.
fn review_session(
    session: &crate::plan::Session,
    date: Date,
    log: Option<&SessionLog<'_>>,
    today: Date,
    u: &Scale,
) -> SessionReview {
    let status = match log {
        Some(_) => "done",
        None if date < today => "missed",
        None => "to come",
    };
    let exercises = log.map_or_else(Vec::new, |log| {
        session
            .prescriptions
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let sets = log.sets.get(i).map_or(&[][..], Vec::as_slice);
                let names = log.logged_as.get(i).map_or(&[][..], Vec::as_slice);
                review_exercise(p, sets, names, u)
            })
            .collect()
    });
    SessionReview {
        date,
        name: session.name.clone(),
        status: status.to_string(),
        done_on: log.and_then(|l| l.date),
        exercises,
    }
}
