//! The progress report: e1RM per main lift over time, weekly hard sets per muscle group,
//! compliance, and the deloads taken. The same value comes from a re-plan (the plan's weeks and
//! muscles) and from a log alone (`deload history`: the log's weeks, muscles by exercise name).

use jiff::civil::Date;
use serde::Serialize;

use crate::programs::Units;
use crate::traininglog::DerivedHistory;
use crate::traininglog::derive::E1rmPoint;

/// One main lift's weekly best e1RM.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiftSeries {
    /// The lift.
    pub lift: String,
    /// Weekly best e1RM, in week order, in the report's units.
    pub points: Vec<E1rmPoint>,
}

/// One week of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgressWeek {
    /// Its Monday (a plan week: its first day).
    #[serde(serialize_with = "super::ser_date")]
    pub start: Date,
    /// The plan's week number, in a re-plan.
    pub number: Option<u32>,
    /// Hard (working) sets per muscle group, in the order of [`Progress::muscles`].
    pub hard_sets: Vec<u32>,
    /// Sessions done.
    pub sessions_done: u32,
    /// Sessions due, in a re-plan.
    pub sessions_due: Option<u32>,
    /// Working sets done.
    pub sets_done: u32,
    /// Working sets due, in a re-plan.
    pub sets_due: Option<u32>,
    /// Sets done / due in percent, in a re-plan.
    pub compliance: Option<u32>,
    /// A deload week (planned in a re-plan, detected in a log).
    pub deload: bool,
}

/// A deload taken.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeloadTaken {
    /// Its Monday (a plan week: its first day).
    #[serde(serialize_with = "super::ser_date")]
    pub start: Date,
    /// The plan's week number, for a week of the plan.
    pub week: Option<u32>,
    /// How: a planned deload done, a week off, a deload found in the log.
    pub how: String,
}

/// The progress report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Units of every load.
    pub units: Units,
    /// The e1RM formula.
    pub e1rm_formula: String,
    /// Main lifts over time.
    pub lifts: Vec<LiftSeries>,
    /// The muscle groups of [`ProgressWeek::hard_sets`].
    pub muscles: Vec<String>,
    /// The weeks.
    pub weeks: Vec<ProgressWeek>,
    /// The deloads taken.
    pub deloads: Vec<DeloadTaken>,
}

/// The main lifts of `h` in `units`.
pub(crate) fn lift_series(h: &DerivedHistory, units: Units) -> Vec<LiftSeries> {
    let c = |x: f64| (units.convert(x, h.units) * 10.0).round() / 10.0;
    h.lifts
        .iter()
        .map(|l| LiftSeries {
            lift: l.lift.clone(),
            points: l
                .points
                .iter()
                .map(|p| E1rmPoint {
                    week: p.week,
                    e1rm: c(p.e1rm),
                    weight: c(p.weight),
                    reps: p.reps,
                    rpe: p.rpe,
                })
                .collect(),
        })
        .collect()
}

/// Adds `n` sets of `muscle` to `week`, adding the muscle to `muscles` when new.
pub(crate) fn add_sets(muscles: &mut Vec<String>, week: &mut ProgressWeek, muscle: &str, n: u32) {
    let i = muscles.iter().position(|m| m == muscle).unwrap_or_else(|| {
        muscles.push(muscle.to_string());
        muscles.len() - 1
    });
    if week.hard_sets.len() <= i {
        week.hard_sets.resize(i + 1, 0);
    }
    week.hard_sets[i] += n;
}

/// Pads every week's `hard_sets` to one entry per muscle.
pub(crate) fn pad(p: &mut Progress) {
    let n = p.muscles.len();
    for w in &mut p.weeks {
        w.hard_sets.resize(n, 0);
    }
}

/// The report of a log alone: the log's weeks and main lifts, hard sets per muscle group from the
/// exercise names ([`super::names::muscles`]; sets of exercises it does not know are not
/// counted), the deloads and weeks off the log shows.
pub fn from_log(log: &crate::traininglog::TrainingLog, h: &DerivedHistory) -> Progress {
    let mut p = Progress {
        units: h.units,
        e1rm_formula: h.e1rm_formula.clone(),
        lifts: lift_series(h, h.units),
        muscles: Vec::new(),
        weeks: Vec::new(),
        deloads: Vec::new(),
    };
    for w in &h.weeks {
        p.weeks.push(ProgressWeek {
            start: w.start,
            number: None,
            hard_sets: Vec::new(),
            sessions_done: w.sessions,
            sessions_due: None,
            sets_done: w.work_sets,
            sets_due: None,
            compliance: None,
            deload: w.deload,
        });
        if w.deload {
            let how = if w.sessions == 0 {
                "week off (nothing logged)"
            } else {
                "deload (30 % or more fewer sets than the 3 weeks before)"
            };
            p.deloads.push(DeloadTaken {
                start: w.start,
                week: None,
                how: how.into(),
            });
        }
    }
    for s in log.sets.iter().filter(|s| !s.warmup) {
        let monday = monday(s.session.date());
        let Some(wi) = p.weeks.iter().position(|w| w.start == monday) else {
            continue;
        };
        for m in super::names::muscles(&super::names::canonical(&s.exercise)) {
            add_sets(&mut p.muscles, &mut p.weeks[wi], m, 1);
        }
    }
    pad(&mut p);
    p
}

/// The Monday of `d`'s week.
fn monday(d: Date) -> Date {
    let back = i64::from(d.weekday().to_monday_zero_offset());
    d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
}
