//! Double progression moved by the log: a rep target the athlete did not reach is asked again.
//!
//! For each exercise on double progression (`double:` in the program: one rep more each loading
//! week up the range, then more load), the last session it was logged in a loading week is read:
//! when its fewest reps in a working set fell short of the target, the exercise runs that many
//! loading weeks behind from the first week still to come, to the end of the block under way
//! (the planner's [`RepHold`](crate::programs::RepHold)): the next target is one rep above what
//! was done, and the load waits for the top of the range. A new block starts as written.

use jiff::civil::Date;
use serde::Serialize;

use super::matching::Matching;
use crate::plan::Schedule;
use crate::programs::{Program, Progression, Reps};

/// A rep target held back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepChange {
    /// The exercise.
    pub exercise: String,
    /// The session it was last logged in …
    pub session: String,
    /// … on this day.
    #[serde(serialize_with = "super::ser_date")]
    pub date: Date,
    /// The reps asked that day.
    pub prescribed: u32,
    /// The fewest reps done in a working set.
    pub done: u32,
    /// Loading weeks the exercise is held back.
    pub steps: u32,
    /// Why, in words (with the target of the first week to come, filled in after the re-plan).
    pub reason: String,
}

/// Whether exercise `e` of session `s` of `program` progresses by double progression in block
/// `block` (by name), on a rep range.
fn is_double(program: &Program, s: usize, e: usize, block: &str) -> bool {
    let Some(spec) = program.sessions.get(s).and_then(|s| s.exercises.get(e)) else {
        return false;
    };
    let block = program.blocks.iter().find(|b| b.name == block);
    let rule = spec
        .progression
        .or(block.and_then(|b| b.progression))
        .or(program.progression);
    matches!(rule, Some(Progression::Double(_)))
        && program
            .lines_of(spec)
            .any(|l| matches!(l.reps, Reps::Range(..)))
}

/// The rep targets to hold, from the last loading-week session of each double-progression
/// exercise, when the week at `next` is in the same block pass.
pub(crate) fn holds(
    plan: &Schedule,
    program: &Program,
    m: &Matching<'_>,
    next: usize,
) -> Vec<RepChange> {
    let Some(coming) = plan.weeks.get(next) else {
        return Vec::new();
    };
    let mut out: Vec<RepChange> = Vec::new();
    for (&(wi, di), log) in m.sessions.iter().rev() {
        let week = &plan.weeks[wi];
        if week.is_deload || week.block != coming.block || week.cycle != coming.cycle {
            continue;
        }
        let Some(session) = week.days[di].session() else {
            continue;
        };
        for (i, p) in session.prescriptions.iter().enumerate() {
            if out.iter().any(|c| c.exercise == p.exercise)
                || !is_double(program, p.spec.0, p.spec.1, &week.block)
            {
                continue;
            }
            let Some(line) = p.lines.iter().find(|l| !l.warmup) else {
                continue;
            };
            let sets = log.sets.get(i).map_or(&[][..], Vec::as_slice);
            let Some(done) = sets.iter().map(|s| s.reps).min() else {
                continue;
            };
            let asked = line.rep_range.min;
            out.push(RepChange {
                exercise: p.exercise.clone(),
                session: session.name.clone(),
                date: week.days[di].date,
                prescribed: asked,
                done,
                steps: asked.saturating_sub(done),
                reason: String::new(),
            });
        }
    }
    out.retain(|c| c.steps > 0);
    out.sort_by(|a, b| a.exercise.cmp(&b.exercise));
    out
}

/// The reps `exercise` is asked first in the loading weeks of `weeks` (its first working line).
pub(crate) fn first_target(weeks: &[crate::plan::Week], exercise: &str) -> Option<u32> {
    weeks
        .iter()
        .filter(|w| !w.is_deload)
        .flat_map(|w| &w.days)
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .find(|p| p.exercise == exercise)
        .and_then(|p| p.lines.iter().find(|l| !l.warmup))
        .map(|l| l.rep_range.min)
}
