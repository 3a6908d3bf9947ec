//! The lifts of a plan and their maxes (domain rule 6): each lift's one-rep max and training max,
//! where they come from, and how the training max rises per cycle.
//!
//! A lift is an exercise name after the athlete's swaps, compared without case.
//! - **1RM**: the athlete file's `maxes`, or a training log's recent e1RM (the log wins).
//! - **TM**: the athlete file's `training_maxes` for the lift, else `training_max` % (the
//!   athlete's, else the program's, else 90) of the 1RM.
//! - **TM step**: the exercise's own `tm_step`, else the program's step for the lift's kind
//!   (`upper`/`lower`), else 0. It is added at the start of every cycle, a cycle being one wave
//!   when the program declares a wave length, else one pass through its blocks: in cycle `c` (0
//!   in the first) the TM is `TM + c × step`.

use super::Lift;
use crate::message::Message;
use crate::programs::{Athlete, Program};

/// The training max as a share of the 1RM when neither the athlete nor the program sets one.
pub(crate) const DEFAULT_TRAINING_MAX: f64 = 90.0;

/// One lift's maxes, for computing loads.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LiftMaxes {
    /// The exercise name, lower case.
    pub(crate) key: String,
    /// One-rep max.
    pub(crate) one_rm: Option<f64>,
    /// The training max in the first cycle.
    pub(crate) tm: Option<f64>,
    /// TM rise per cycle.
    pub(crate) step: f64,
}

impl LiftMaxes {
    /// The training max in cycle `cycle`.
    pub(crate) fn tm_in(&self, cycle: u32) -> Option<f64> {
        self.tm.map(|tm| tm + f64::from(cycle) * self.step)
    }
}

/// Every lift of a plan: its maxes and, for the cover, where they come from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lifts {
    maxes: Vec<LiftMaxes>,
    /// For each session of the program, for each of its exercises, its lift in `maxes`.
    by_spec: Vec<Vec<usize>>,
    /// The cover's list: lifts with a 1RM or a TM, in program order.
    pub(crate) summary: Vec<Lift>,
}

impl Lifts {
    /// The lifts of `program` (as the athlete runs it) for `athlete`.
    pub(crate) fn new(program: &Program, athlete: Option<&Athlete>) -> Lifts {
        let mut lifts = Lifts::default();
        for session in &program.sessions {
            let mut indices = Vec::with_capacity(session.exercises.len());
            for ex in &session.exercises {
                let key = ex.exercise.trim().to_lowercase();
                if let Some(i) = lifts.maxes.iter().position(|m| m.key == key) {
                    indices.push(i);
                    continue;
                }
                indices.push(lifts.maxes.len());
                let maxes = lift_maxes(program, athlete, ex, key);
                lifts.summary.extend(summary(program, athlete, ex, &maxes));
                lifts.maxes.push(maxes);
            }
            lifts.by_spec.push(indices);
        }
        lifts
    }

    /// The maxes of exercise `exercise` of session `session` (indices into the program).
    pub(crate) fn for_spec(&self, session: usize, exercise: usize) -> Option<&LiftMaxes> {
        let i = *self.by_spec.get(session)?.get(exercise)?;
        self.maxes.get(i)
    }
}

/// The maxes of `ex`'s lift `key`.
fn lift_maxes(
    program: &Program,
    athlete: Option<&Athlete>,
    ex: &crate::programs::PrescriptionSpec,
    key: String,
) -> LiftMaxes {
    let step = ex
        .tm_step
        .or(program.tm_step.map(|s| s.for_kind(ex.lift_kind())))
        .unwrap_or(0.0);
    let one_rm = athlete.and_then(|a| a.max_for(&key));
    let (tm, _, _) = training_max(program, athlete, &key, one_rm);
    LiftMaxes {
        key,
        one_rm,
        tm,
        step,
    }
}

/// The cover's entry for the lift of `ex`, when it has a 1RM or uses a known TM.
fn summary(
    program: &Program,
    athlete: Option<&Athlete>,
    ex: &crate::programs::PrescriptionSpec,
    maxes: &LiftMaxes,
) -> Option<Lift> {
    let key = &maxes.key;
    // The TM is listed where the lift uses it (or the athlete gave one).
    let uses_tm = program
        .sessions
        .iter()
        .flat_map(|s| &s.exercises)
        .filter(|e| e.exercise.trim().to_lowercase() == *key)
        .any(|e| program.uses_base(e, crate::programs::Base::Tm))
        || athlete.is_some_and(|a| a.training_max_for(key).is_some());
    if maxes.one_rm.is_none() && !(uses_tm && maxes.tm.is_some()) {
        return None;
    }
    let (_, tm_source, tm_message) = training_max(program, athlete, key, maxes.one_rm);
    let from_log = athlete.is_some_and(|a| a.log_maxes.contains(key));
    let one_rm_source = maxes.one_rm.map(|_| {
        if from_log {
            "recent e1RM in the training log".to_string()
        } else {
            "athlete file".to_string()
        }
    });
    let one_rm_message = maxes.one_rm.map(|_| {
        Message::new(if from_log {
            "plan_source_log_e1rm"
        } else {
            "plan_source_athlete_file"
        })
    });
    let hundredth = super::plates::hundredth;
    Some(Lift {
        exercise: ex.exercise.clone(),
        kind: ex.lift_kind(),
        one_rm: maxes.one_rm.map(hundredth),
        one_rm_source,
        training_max: maxes.tm.filter(|_| uses_tm).map(hundredth),
        training_max_source: tm_source.filter(|_| uses_tm),
        tm_step: hundredth(maxes.step),
        source_messages: [one_rm_message, tm_message.filter(|_| uses_tm)],
    })
}

/// The training max of the lift `key` with 1RM `one_rm`, and where it comes from (in English
/// and as a message).
fn training_max(
    program: &Program,
    athlete: Option<&Athlete>,
    key: &str,
    one_rm: Option<f64>,
) -> (Option<f64>, Option<String>, Option<Message>) {
    if let Some(tm) = athlete.and_then(|a| a.training_max_for(key)) {
        return (
            Some(tm),
            Some("athlete file".to_string()),
            Some(Message::new("plan_source_athlete_file")),
        );
    }
    let Some(one_rm) = one_rm else {
        return (None, None, None);
    };
    let (share, whose, key) = match (athlete.and_then(|a| a.training_max), program.training_max) {
        (Some(p), _) => (p, "athlete file", "plan_source_athlete_file"),
        (None, Some(p)) => (p, "program", "plan_source_program"),
        (None, None) => (DEFAULT_TRAINING_MAX, "default", "plan_source_default"),
    };
    let source = format!("{} % of the 1RM ({whose})", crate::text::fmt_num(share));
    let message = Message::new("plan_source_tm_share")
        .num("share", share)
        .msg("whose", Message::new(key));
    (Some(one_rm * share / 100.0), Some(source), Some(message))
}
