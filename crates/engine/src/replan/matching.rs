//! Matching a training log to a plan: each logged day to one planned session, each logged set
//! to one of its prescriptions.
//!
//! - A logged day is matched to a session of the plan week it falls in: the session planned
//!   that day when it shares an exercise with the log, else the unmatched session of that week
//!   that shares the most exercises with it (the nearest in date on a tie), so a session moved
//!   to another day of the week still counts.
//! - A set is matched to the session's prescription of the same exercise (names compared by
//!   [`names::canonical`](super::names::canonical), an athlete's swap accepting the exercise
//!   it replaces too).
//! - Rows that match nothing are listed with the reason, never dropped: a day in no plan week,
//!   a day whose week has no session left with its exercises, an exercise the session does not
//!   have. Warm-up sets are not matched (they are not work sets). Days before the plan's start
//!   are the history the plan was made from.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::names::canonical;
use crate::plan::Schedule;
use crate::traininglog::LoggedSet;

/// A logged row that matched no prescription of the plan, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unmatched {
    /// The day it was logged.
    #[serde(serialize_with = "super::ser_date")]
    pub date: Date,
    /// Its line in the log file.
    pub line: usize,
    /// The exercise as logged.
    pub exercise: String,
    /// Why it matched nothing.
    pub reason: String,
}

/// The logged sets of one planned session.
#[derive(Debug, Clone, Default)]
pub(crate) struct SessionLog<'a> {
    /// The day it was logged.
    pub(crate) date: Option<Date>,
    /// The sets matched to each prescription of the session, in log order.
    pub(crate) sets: Vec<Vec<&'a LoggedSet>>,
    /// The exercise names as logged, per prescription.
    pub(crate) logged_as: Vec<Vec<String>>,
}

/// A log matched to a plan.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matching<'a> {
    /// The sessions that were logged, by (week index, day index) of the plan.
    pub(crate) sessions: BTreeMap<(usize, usize), SessionLog<'a>>,
    /// Rows that matched nothing.
    pub(crate) unmatched: Vec<Unmatched>,
    /// Work sets logged before the plan's start.
    pub(crate) before_start: usize,
    /// Work sets matched to a prescription.
    pub(crate) matched_sets: usize,
}

/// A swap of the athlete's: the canonical name of the exercise replaced, the one done instead,
/// and the session it is limited to (if any).
pub(crate) type Swap = (String, String, Option<String>);

/// Matches the work sets of `sets` (in log order) logged up to `today` to `plan`.
pub(crate) fn match_log<'a>(
    plan: &Schedule,
    sets: &[&'a LoggedSet],
    swaps: &[Swap],
    today: Date,
) -> Matching<'a> {
    let mut by_day: BTreeMap<Date, Vec<&'a LoggedSet>> = BTreeMap::new();
    for s in sets.iter().filter(|s| !s.warmup) {
        by_day.entry(s.session.date()).or_default().push(s);
    }
    let mut m = Matching::default();
    for (date, day_sets) in by_day {
        if date < plan.start {
            m.before_start += day_sets.len();
            continue;
        }
        if date > plan.end || date > today {
            let why = format!("after the plan's last day ({})", plan.end);
            m.unmatch_all(date, &day_sets, &why);
            continue;
        }
        m.match_day(plan, date, &day_sets, swaps);
    }
    m
}

impl<'a> Matching<'a> {
    /// Lists every set of `sets` as unmatched for `why`.
    fn unmatch_all(&mut self, date: Date, sets: &[&'a LoggedSet], why: &str) {
        for s in sets {
            self.unmatched.push(Unmatched {
                date,
                line: s.line,
                exercise: s.exercise.clone(),
                reason: why.to_string(),
            });
        }
    }

    /// Matches one logged day to a session of its plan week, and its sets to the session's
    /// prescriptions.
    fn match_day(&mut self, plan: &Schedule, date: Date, sets: &[&'a LoggedSet], swaps: &[Swap]) {
        let days = i64::from((date - plan.start).get_days());
        let wi = usize::try_from(days / 7).unwrap_or(usize::MAX);
        let Some(week) = plan.weeks.get(wi) else {
            self.unmatch_all(date, sets, "in no week of the plan");
            return;
        };
        let logged: Vec<String> = sets.iter().map(|s| canonical(&s.exercise)).collect();
        // the session that day first, then the most exercises shared, then the nearest
        let mut best: Option<(usize, (bool, usize, i64))> = None;
        for (di, day) in week.days.iter().enumerate() {
            let Some(session) = day.session() else {
                continue;
            };
            if self.sessions.contains_key(&(wi, di)) {
                continue;
            }
            let names = session_names(session, swaps);
            let shared = names
                .iter()
                .filter(|n| n.iter().any(|n| logged.contains(n)))
                .count();
            let distance = i64::from((day.date - date).get_days()).abs();
            let key = (distance == 0, shared, -distance);
            if shared > 0 && best.is_none_or(|(_, k)| key > k) {
                best = Some((di, key));
            }
        }
        let Some((di, _)) = best else {
            let why = format!(
                "week {} has no session left that has this exercise (an extra session?)",
                week.number
            );
            self.unmatch_all(date, sets, &why);
            return;
        };
        self.fill(plan, (wi, di), date, sets, &logged, swaps);
    }

    /// Puts the sets of a logged day into the session at `at`.
    fn fill(
        &mut self,
        plan: &Schedule,
        at: (usize, usize),
        date: Date,
        sets: &[&'a LoggedSet],
        logged: &[String],
        swaps: &[Swap],
    ) {
        let Some(session) = plan.weeks[at.0].days[at.1].session() else {
            return;
        };
        let names = session_names(session, swaps);
        let mut log = SessionLog {
            date: Some(date),
            sets: vec![Vec::new(); names.len()],
            logged_as: vec![Vec::new(); names.len()],
        };
        for (s, name) in sets.iter().zip(logged) {
            match names.iter().position(|n| n.contains(name)) {
                Some(i) => {
                    log.sets[i].push(*s);
                    if !log.logged_as[i].contains(&s.exercise) {
                        log.logged_as[i].push(s.exercise.clone());
                    }
                    self.matched_sets += 1;
                }
                None => self.unmatched.push(Unmatched {
                    date,
                    line: s.line,
                    exercise: s.exercise.clone(),
                    reason: format!(
                        "not an exercise of {} ({})",
                        session.name, plan.weeks[at.0].days[at.1].date
                    ),
                }),
            }
        }
        self.sessions.insert(at, log);
    }
}

/// The names each prescription of `session` is logged under: its own, and the exercise an
/// athlete's swap replaced with it.
fn session_names(session: &crate::plan::Session, swaps: &[Swap]) -> Vec<Vec<String>> {
    session
        .prescriptions
        .iter()
        .map(|p| {
            let own = canonical(&p.exercise);
            let mut names = vec![own.clone()];
            for (from, to, only) in swaps {
                if *to == own
                    && only
                        .as_ref()
                        .is_none_or(|s| s.eq_ignore_ascii_case(&session.name))
                {
                    names.push(from.clone());
                }
            }
            names
        })
        .collect()
}
