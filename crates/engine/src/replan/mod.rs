//! Re-planning from a training log: the plan an athlete file gives, matched to what the athlete
//! logged, and the weeks still to come planned again from it. Pure: no I/O, no clock (the
//! caller gives `today`); [`pipeline::replan_file`](crate::pipeline::replan_file) reads the files.
//!
//! [`replan`] runs these stages:
//! 1. plan the athlete file as it stands (the original plan, same start and length);
//! 2. **match** the log to it (`matching.rs`, names by [`names`]): each logged day to a session
//!    of its week, each set to a prescription; rows that match nothing are listed with why;
//! 3. **review** the weeks done (`review.rs`): performed against prescribed per exercise,
//!    compliance per week, missed sessions;
//! 4. **maxes** (`maxes.rs`): each lift's TM or 1RM moved by its e1RM, within a step, or kept;
//! 5. **deload** (`deload.rs`): the next deload brought forward on warning signs;
//! 6. plan again with the same planner: the original input with the updated maxes and, when the
//!    deload moves, a re-plan deload in the first week to come; the weeks from that week on are
//!    the re-plan (dates and session names unchanged, so calendar UIDs are too);
//! 7. the **progress report** (`report.rs`), also as a JSON document ([`document`]).

pub mod deload;
pub mod document;
mod matching;
pub mod maxes;
pub mod names;
pub mod report;
pub mod reps;
mod review;

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

pub use deload::DeloadChange;
pub use matching::Unmatched;
pub use maxes::MaxUpdate;
pub use report::Progress;
pub use review::{ExerciseReview, SessionReview, WeekReview};

use crate::error::Error;
use crate::message::Message;
use crate::plan::{self, PlanOptions, Schedule};
use crate::programs::{Base, PlanInput};
use crate::traininglog::{self, LoggedSet, TrainingLog};
use review::Scale;

fn ser_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

fn ser_opt_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// A plan re-planned from a log.
#[derive(Debug, Clone, Serialize)]
pub struct Replan {
    /// The day of the re-plan (today).
    #[serde(serialize_with = "ser_date")]
    pub as_of: Date,
    /// The plan's first day.
    #[serde(serialize_with = "ser_date")]
    pub plan_start: Date,
    /// Weeks in the plan.
    pub plan_weeks: u32,
    /// The first week still to come (the first week of the re-plan).
    pub next_week: u32,
    /// Work sets in the log.
    pub logged_sets: usize,
    /// Work sets logged before the plan's start (the history it was made from).
    pub sets_before_start: usize,
    /// Work sets matched to a prescription.
    pub matched_sets: usize,
    /// Rows that matched nothing, and why.
    pub unmatched: Vec<Unmatched>,
    /// The weeks done (the last one may be in progress).
    pub weeks: Vec<WeekReview>,
    /// Sessions missed, as `name (date)`.
    pub missed_sessions: Vec<String>,
    /// Each lift's max, as planned and as updated, with the reason.
    pub maxes: Vec<MaxUpdate>,
    /// Where the next deload falls, and why.
    pub deload: DeloadChange,
    /// Rep targets of double progression held back, and why.
    pub reps: Vec<reps::RepChange>,
    /// Every change the re-plan makes, each with its reason.
    pub changes: Vec<String>,
    /// The progress report.
    pub progress: Progress,
    /// The re-planned weeks still to come (the plan's week numbers and dates).
    #[serde(skip)]
    pub schedule: Schedule,
}

/// What the log shows of one lift over the loading weeks done.
pub(crate) struct LiftLog<'a> {
    /// The exercise name, lower case.
    pub(crate) key: String,
    /// The exercise as the plan names it.
    pub(crate) exercise: String,
    /// Best e1RM of the last loading weeks trained.
    pub(crate) e1rm: Option<f64>,
    /// The set it came from, in words.
    pub(crate) e1rm_from: String,
    /// The last sessions of the lift all missed their targets.
    pub(crate) behind: bool,
    /// How, in words.
    pub(crate) behind_why: String,
    /// The last session, when it missed its targets: its sets quoted, with the day.
    pub(crate) last_missed: Option<String>,
    /// Best e1RM per loading week trained: (week index, e1RM).
    pub(crate) weekly: Vec<(usize, f64)>,
    /// Sessions: (week index, the sets, the review).
    pub(crate) sessions: Vec<(usize, Vec<&'a LoggedSet>, ExerciseReview)>,
}

/// Re-plans `input` (an athlete file's input, planned with `opts`, whose `start` must be set)
/// from `log` as of `today`.
///
/// Errors: no athlete; a plan that starts after `today` or ended before it; a log that does not
/// belong to the plan (nothing logged between its start and `today`, or no logged exercise in
/// it); anything [`plan::plan`] refuses.
pub fn replan(
    input: &PlanInput,
    opts: &PlanOptions,
    log: &TrainingLog,
    today: Date,
) -> Result<Replan, Error> {
    let athlete = input.athlete.as_ref().ok_or_else(|| {
        Error::new("re-planning needs an athlete file")
            .with_hint("give the athlete file (one with `program:`) whose plan the log follows")
    })?;
    let original = plan::plan(input, opts)?;
    let next = check_dates(&original, today)?;
    let h = traininglog::derive(log, today);
    let mut sets: Vec<&LoggedSet> = log.sets.iter().filter(|s| !s.warmup).collect();
    sets.sort_by_key(|s| (s.session, s.line));
    let swaps = swaps(athlete);
    let m = matching::match_log(&original, &sets, &swaps, today);
    check_overlap(&original, &sets, &m, today)?;
    let scale = Scale {
        plan: original.units,
        log: log.units,
        plate: original.plate_increment,
    };
    let weeks = review::review_weeks(&original, &m, today, &scale);
    let logs = lift_logs(&original, &m, &scale);
    let maxes = maxes::updates(
        &maxes::MaxContext {
            plan: &original,
            input,
            next,
        },
        &logs,
    );
    let planned = original.weeks[next..]
        .iter()
        .find(|w| w.is_deload)
        .map(|w| w.number);
    let rested = weeks
        .last()
        .is_some_and(|w| w.is_deload || (w.sessions_done == 0 && !w.partial));
    let signs = deload::signs(&logs, &weeks, &h);
    let deload = deload::decide(signs, original.weeks[next].number, planned, rested);
    let program = crate::programs::effective_program(&input.program, input.athlete.as_ref());
    let mut rep_changes = reps::holds(&original, &program, &m, next);
    let new_input = updated_input(input, &original, &maxes, &deload, next, &rep_changes);
    let mut schedule = remaining(&new_input, opts, &original, next)?;
    restate_lifts(&mut schedule, &maxes);
    explain_reps(&mut rep_changes, &original.weeks[next..], &schedule);
    let progress = progress(&original, input, &m, &weeks, &h);
    Ok(Replan {
        as_of: today,
        plan_start: original.start,
        plan_weeks: u32::try_from(original.weeks.len()).unwrap_or(u32::MAX),
        next_week: original.weeks[next].number,
        logged_sets: sets.len(),
        sets_before_start: m.before_start,
        matched_sets: m.matched_sets,
        missed_sessions: weeks
            .iter()
            .flat_map(|w| &w.sessions)
            .filter(|s| s.status == "missed")
            .map(|s| format!("{} ({})", s.name, s.date))
            .collect(),
        changes: changes(&maxes, &deload, &rep_changes),
        reps: rep_changes,
        unmatched: m.unmatched,
        weeks,
        maxes,
        deload,
        progress,
        schedule,
    })
}

/// The athlete's swaps, names in canonical form.
fn swaps(athlete: &crate::programs::Athlete) -> Vec<matching::Swap> {
    athlete
        .overrides
        .swap
        .iter()
        .map(|s| {
            (
                names::canonical(&s.from),
                names::canonical(&s.to),
                s.session.clone(),
            )
        })
        .collect()
}

/// Plans `input` with the original plan's start and length and keeps the weeks from index
/// `next` on.
fn remaining(
    input: &PlanInput,
    opts: &PlanOptions,
    original: &Schedule,
    next: usize,
) -> Result<Schedule, Error> {
    let mut opts = opts.clone();
    opts.start = Some(original.start);
    opts.weeks = u32::try_from(original.weeks.len()).ok();
    let mut schedule = plan::plan(input, &opts)?;
    schedule.weeks.drain(..next);
    schedule.start = schedule.weeks.first().map_or(schedule.start, |w| w.start);
    Ok(schedule)
}

/// States the lifts of the re-planned weeks as they stand in their first week: each TM after the
/// cycle steps taken so far, and, for a max the re-plan moved, where it now comes from.
fn restate_lifts(schedule: &mut Schedule, maxes: &[MaxUpdate]) {
    let cycle = schedule.weeks.first().map_or(0, |w| w.cycle);
    for lift in &mut schedule.lifts {
        if cycle > 0
            && lift.tm_step != 0.0
            && let Some(tm) = lift.training_max.as_mut()
        {
            *tm = ((*tm + f64::from(cycle) * lift.tm_step) * 100.0).round() / 100.0;
            if let Some(source) = lift.training_max_source.as_mut() {
                source.push_str(&format!(
                    ", after {} of {}",
                    crate::text::plural(cycle, "cycle step", "cycle steps"),
                    crate::text::fmt_num(lift.tm_step)
                ));
            }
            if let Some(m) = lift.source_messages[1].take() {
                lift.source_messages[1] = Some(
                    Message::new("plan_source_after_steps")
                        .msg("source", m)
                        .count("n", cycle)
                        .num("step", lift.tm_step),
                );
            }
        }
        for u in maxes
            .iter()
            .filter(|u| u.exercise == lift.exercise && u.change != "kept")
        {
            let source = Some(format!(
                "{} by the re-plan from the log (planned: {})",
                u.change,
                crate::text::fmt_num(u.planned)
            ));
            let key = if u.change == "raised" {
                "plan_source_raised"
            } else {
                "plan_source_lowered"
            };
            let message = Some(Message::new(key).num("planned", u.planned));
            match u.base {
                Base::Tm => {
                    lift.training_max = Some(u.updated);
                    lift.training_max_source = source;
                    lift.source_messages[1] = message;
                }
                Base::OneRm => {
                    lift.one_rm = Some(u.updated);
                    lift.one_rm_source = source;
                    lift.source_messages[0] = message;
                }
            }
        }
    }
}

/// The index of the first week still to come. Errors: a plan not yet begun, or already over.
fn check_dates(plan: &Schedule, today: Date) -> Result<usize, Error> {
    if today < plan.start {
        return Err(Error::new(format!(
            "the plan starts on {}, after today ({today}): there is nothing done to re-plan from",
            plan.start
        ))
        .with_hint("re-plan once the plan has begun, or pass --today"));
    }
    plan.weeks.iter().position(|w| w.start > today).ok_or_else(|| {
        Error::new(format!("the plan ended on {}: there are no weeks left to re-plan", plan.end))
            .with_hint("make a new plan with `deload plan ATHLETE.yaml --log LOG`, which takes its history and maxes from the log")
    })
}

/// Error when the log does not belong to the plan: nothing logged between its start and today,
/// or nothing logged there that the plan has.
fn check_overlap(
    plan: &Schedule,
    sets: &[&LoggedSet],
    m: &matching::Matching<'_>,
    today: Date,
) -> Result<(), Error> {
    let (Some(first), Some(last)) = (sets.first(), sets.last()) else {
        return Err(Error::new("the training log has no work sets")
            .with_hint("export the log again from the app"));
    };
    let end = plan.end.min(today);
    let during = sets
        .iter()
        .any(|s| (plan.start..=end).contains(&s.session.date()));
    if !during {
        return Err(Error::new(format!(
            "the training log does not belong to this plan: it runs from {} to {}, and nothing was logged between the plan's start ({}) and {end}",
            first.session.date(), last.session.date(), plan.start
        ))
        .with_hint("give the log of the athlete who follows this plan, exported after the plan began (or check the athlete file's `start`)"));
    }
    if m.matched_sets == 0 {
        let mut logged: Vec<&str> = sets
            .iter()
            .filter(|s| (plan.start..=end).contains(&s.session.date()))
            .map(|s| s.exercise.as_str())
            .collect();
        logged.sort_unstable();
        logged.dedup();
        logged.truncate(8);
        return Err(Error::new(format!(
            "the training log does not belong to this plan: none of its exercises since {} ({}) is in the plan",
            plan.start,
            logged.join(", ")
        ))
        .with_hint("give the log of the athlete who follows this plan; names are matched as docs/exercise-names.md describes"));
    }
    Ok(())
}

/// What the log shows of each lift loaded from a max (else each main lift), over the loading
/// weeks done.
fn lift_logs<'a>(plan: &Schedule, m: &matching::Matching<'a>, scale: &Scale) -> Vec<LiftLog<'a>> {
    let lifts: Vec<String> = plan
        .lifts
        .iter()
        .map(|l| l.exercise.trim().to_lowercase())
        .collect();
    let mut by_key: BTreeMap<String, LiftLog<'a>> = BTreeMap::new();
    for (&(wi, di), log) in &m.sessions {
        if plan.weeks[wi].is_deload {
            continue;
        }
        let Some(session) = plan.weeks[wi].days[di].session() else {
            continue;
        };
        for (i, p) in session.prescriptions.iter().enumerate() {
            let key = p.exercise.trim().to_lowercase();
            if !(lifts.contains(&key) || (lifts.is_empty() && p.main)) {
                continue;
            }
            let sets = log.sets.get(i).cloned().unwrap_or_default();
            let names = log.logged_as.get(i).map_or(&[][..], Vec::as_slice);
            let review = review::review_exercise(p, &sets, names, scale);
            let entry = by_key.entry(key.clone()).or_insert_with(|| LiftLog {
                key,
                exercise: p.exercise.clone(),
                e1rm: None,
                e1rm_from: String::new(),
                behind: false,
                behind_why: String::new(),
                last_missed: None,
                weekly: Vec::new(),
                sessions: Vec::new(),
            });
            entry.sessions.push((wi, sets, review));
        }
    }
    let mut out: Vec<LiftLog<'a>> = by_key.into_values().collect();
    for l in &mut out {
        sum_up(l, scale);
    }
    out
}

impl LiftLog<'_> {
    /// Whether a session of the lift in its last `weeks` loading weeks trained missed a target.
    pub(crate) fn missed_recently(&self, weeks: usize) -> bool {
        let recent: Vec<usize> = self.weekly.iter().rev().take(weeks).map(|w| w.0).collect();
        self.sessions
            .iter()
            .any(|(wi, _, review)| recent.contains(wi) && !review.on_target)
    }
}

/// Fills a lift's e1RM, weekly bests and whether it is behind from its sessions.
fn sum_up(l: &mut LiftLog<'_>, scale: &Scale) {
    for (wi, sets, _) in &l.sessions {
        let Some(e) = review::best_e1rm(sets, scale) else {
            continue;
        };
        match l.weekly.last_mut() {
            Some(last) if last.0 == *wi => last.1 = last.1.max(e),
            _ => l.weekly.push((*wi, e)),
        }
    }
    let recent: Vec<usize> = l
        .weekly
        .iter()
        .rev()
        .take(maxes::E1RM_WEEKS)
        .map(|w| w.0)
        .collect();
    let mut best: Option<(f64, &LoggedSet)> = None;
    for (wi, sets, _) in l.sessions.iter().filter(|s| recent.contains(&s.0)) {
        let _ = wi;
        for s in sets
            .iter()
            .filter(|s| (1..=traininglog::derive::E1RM_MAX_REPS).contains(&s.reps))
        {
            let e = traininglog::derive::epley(scale.plan.convert(s.weight, scale.log), s.reps);
            if best.is_none_or(|(b, _)| e > b) {
                best = Some((e, s));
            }
        }
    }
    if let Some((e, s)) = best {
        l.e1rm = Some((e * 10.0).round() / 10.0);
        let w = (scale.plan.convert(s.weight, scale.log) * 10.0).round() / 10.0;
        l.e1rm_from = format!(
            "{} × {} {} on {}",
            s.reps,
            crate::text::fmt_num(w),
            scale.plan,
            s.session.date()
        );
    }
    let last: Vec<&ExerciseReview> = l
        .sessions
        .iter()
        .rev()
        .take(maxes::BEHIND_SESSIONS)
        .map(|s| &s.2)
        .collect();
    l.last_missed = l
        .sessions
        .last()
        .filter(|s| !s.2.on_target)
        .map(|(_, sets, r)| {
            let day = sets
                .first()
                .map_or_else(String::new, |s| format!(" on {}", s.session.date()));
            format!("{}{day}: {}", review::quote(r), r.notes.join(", "))
        });
    l.behind = last.len() == maxes::BEHIND_SESSIONS && last.iter().all(|r| !r.on_target);
    if l.behind {
        l.behind_why = last
            .iter()
            .rev()
            .map(|r| r.notes.join(", "))
            .collect::<Vec<_>>()
            .join("; ");
    }
}

/// The input re-planned from: `input` with the updated maxes and rep holds and, when the deload
/// moves, a re-plan deload in week `next` + 1.
fn updated_input(
    input: &PlanInput,
    plan: &Schedule,
    maxes: &[MaxUpdate],
    deload: &DeloadChange,
    next: usize,
    reps: &[reps::RepChange],
) -> PlanInput {
    let mut out = input.clone();
    let cycle = f64::from(plan.weeks.get(next).map_or(0, |w| w.cycle));
    let Some(athlete) = out.athlete.as_mut() else {
        return out;
    };
    for u in maxes.iter().filter(|u| u.change != "kept") {
        let key = u.exercise.trim().to_lowercase();
        let Some(lift) = plan
            .lifts
            .iter()
            .find(|l| l.exercise.trim().to_lowercase() == key)
        else {
            continue;
        };
        match u.base {
            Base::Tm => {
                athlete
                    .training_maxes
                    .insert(key, u.updated - cycle * lift.tm_step);
            }
            Base::OneRm => {
                // the TM stays where the plan had it unless it is updated too
                if let Some(tm) = lift.training_max {
                    athlete.training_maxes.entry(key.clone()).or_insert(tm);
                }
                athlete.maxes.insert(key, u.updated);
            }
        }
    }
    for r in reps {
        let hold = crate::programs::RepHold {
            from_week: u32::try_from(next + 1).unwrap_or(u32::MAX),
            steps: r.steps,
        };
        athlete
            .rep_holds
            .insert(r.exercise.trim().to_lowercase(), hold);
    }
    if deload.moved {
        let signs: Vec<&str> = deload.signs.iter().map(|s| s.detail.as_str()).collect();
        let week = u32::try_from(next + 1).unwrap_or(u32::MAX);
        athlete.history.replan_deload = Some((week, signs.join("; ")));
        athlete.history.replan_deload_message =
            Some(crate::message::Message::new("plan_as_written").with(
                "text",
                crate::traininglog::derive::signs_said(&deload.signs),
            ));
    }
    out
}

/// Fills each rep change's reason with the target of the first loading week to come, before
/// (`original`) and after the re-plan.
fn explain_reps(reps: &mut [reps::RepChange], original: &[plan::Week], replanned: &Schedule) {
    for r in reps {
        let was = reps::first_target(original, &r.exercise);
        let now = reps::first_target(&replanned.weeks, &r.exercise);
        let next = match (was, now) {
            (Some(was), Some(now)) if was != now => format!("; next it asks {now} reps, not {was}"),
            _ => String::new(),
        };
        r.reason = format!(
            "rep target held back {}: {} reps done for {} asked in {} ({}){next}",
            crate::text::plural(r.steps, "week", "weeks"),
            r.done,
            r.prescribed,
            r.session,
            r.date
        );
    }
}

/// Every change, with its reason.
fn changes(maxes: &[MaxUpdate], deload: &DeloadChange, reps: &[reps::RepChange]) -> Vec<String> {
    let mut out: Vec<String> = maxes
        .iter()
        .filter(|u| u.change != "kept")
        .map(|u| format!("{}: {}", u.exercise, u.reason))
        .collect();
    out.extend(reps.iter().map(|r| format!("{}: {}", r.exercise, r.reason)));
    if deload.moved {
        out.push(deload.reason.clone());
    }
    out
}

/// The progress report of a re-plan: the main lifts over the whole log, the weeks done with their
/// hard sets per muscle group (the plan's muscles) and compliance, the deloads taken.
fn progress(
    plan: &Schedule,
    input: &PlanInput,
    m: &matching::Matching<'_>,
    weeks: &[WeekReview],
    h: &traininglog::DerivedHistory,
) -> Progress {
    let program = crate::programs::effective_program(&input.program, input.athlete.as_ref());
    let mut p = Progress {
        units: plan.units,
        e1rm_formula: h.e1rm_formula.clone(),
        lifts: report::lift_series(h, plan.units),
        muscles: Vec::new(),
        weeks: Vec::new(),
        deloads: Vec::new(),
    };
    for d in h.deload_weeks.iter().filter(|d| **d < plan.start) {
        p.deloads.push(report::DeloadTaken {
            start: *d,
            week: None,
            how: "deload in the log before the plan".into(),
        });
    }
    for (wi, w) in weeks.iter().enumerate() {
        let mut pw = report::ProgressWeek {
            start: w.start,
            number: Some(w.number),
            hard_sets: Vec::new(),
            sessions_done: w.sessions_done,
            sessions_due: Some(w.sessions_due),
            sets_done: w.sets_done,
            sets_due: Some(w.sets_due),
            compliance: Some(w.compliance),
            deload: w.is_deload,
        };
        for ((_, di), log) in m.sessions.range((wi, 0)..(wi + 1, 0)) {
            let Some(session) = plan.weeks[wi].days[*di].session() else {
                continue;
            };
            for (i, pr) in session.prescriptions.iter().enumerate() {
                let n = u32::try_from(log.sets.get(i).map_or(0, Vec::len)).unwrap_or(u32::MAX);
                let Some(template) = program.sessions.get(pr.spec.0) else {
                    continue;
                };
                let Some(spec) = template.exercises.get(pr.spec.1) else {
                    continue;
                };
                for muscle in crate::plan::muscles::muscles_of(spec, template) {
                    report::add_sets(&mut p.muscles, &mut pw, muscle, n);
                }
            }
        }
        let how = if w.is_deload && w.sessions_done > 0 {
            Some("planned deload, done")
        } else if w.sessions_done == 0 && !w.partial {
            Some("week off (nothing logged)")
        } else {
            None
        };
        if let Some(how) = how {
            p.deloads.push(report::DeloadTaken {
                start: w.start,
                week: Some(w.number),
                how: how.into(),
            });
        }
        p.weeks.push(pw);
    }
    report::pad(&mut p);
    p
}
