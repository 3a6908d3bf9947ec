//! From a [`TrainingLog`] to the history the plan engine needs. Pure: `as_of` (today) is given.
//!
//! The rules:
//! - **Training age**: days from the first session to `as_of`, minus every break of 4 weeks
//!   (28 days) or more between sessions (also a break from the last session to
//!   `as_of`). Years = days / 365.25, mapped to a level by domain rule 1.
//! - **Weeks** are Monday to Sunday, from the first session's week to the last one's. A week's
//!   work sets exclude warm-ups; tonnage is Σ weight × reps of work sets.
//! - **Past deloads**: a week whose work sets are at most 70 % of the mean of the 3 weeks before
//!   (a drop of 30 % or more), when those 3 weeks were normal training weeks (no deload,
//!   no week without sessions). A week without sessions that follows 3 normal weeks is a deload
//!   too (a drop of 100 %); one that does not is a week off. Either restarts the count. The
//!   week that holds `as_of` is still in progress and is not tested.
//! - **Weeks since the last deload**: training weeks since the last deload or week off, counting
//!   the week in progress; 0 when a whole week without sessions lies between the last session and
//!   `as_of`.
//! - **e1RM** (Epley: weight × (1 + reps / 30), a single as it is) per main lift (the barbell
//!   squat, bench press, deadlift and overhead press, under their usual names) per week: the best
//!   work set of 1 to 12 reps. A lift **stalls** when its best e1RM was set 3 or more weeks before
//!   its latest week; stalls on 2 or more lifts are a warning sign.
//! - **Rising RPE**: in the last 28 days of the log, the same exercise at the same load and reps
//!   logged at least 1 RPE higher on a later day than on the first (session means).
//! - **ACWR**: tonnage of the 7 days to `as_of` over the weekly mean of the 28 days to `as_of`
//!   (needs 4 weeks of log); above 1.5 is a warning sign. Advice only.
//! - **Early deload**: two or more warning signs. Signs are read only from a current log (last
//!   session at most 14 days before `as_of`).
//! - **Next deload**: with cadence K of the level and W weeks since the last deload, the week
//!   `max(1, K − W)` of the weeks starting the Monday after `as_of`; the first of them with an
//!   early deload.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Date, DateTime};
use serde::{Serialize, Serializer};

use super::{Format, LoggedSet, TrainingLog};
use crate::message::{Arg, Message};
use crate::plan::history::{base_cadence, level_from_years};
use crate::programs::{Level, Units};
use crate::text::{fmt_num, plural};

/// A gap between sessions of this many days or more is a break.
pub(crate) const BREAK_DAYS: i64 = 28;
/// The drop in work sets against the 3 weeks before that marks a deload week.
pub(crate) const DELOAD_DROP: f64 = 0.30;
/// Normal weeks needed before a drop counts as a deload.
pub(crate) const NORMAL_WEEKS: usize = 3;
/// Weeks without a new best e1RM that make a stall.
pub(crate) const STALL_WEEKS: i64 = 3;
/// Stalled lifts that make a warning sign.
pub(crate) const STALL_LIFTS: usize = 2;
/// Acute:chronic workload ratio above which the log warns.
pub(crate) const ACWR_LIMIT: f64 = 1.5;
/// Warning signs are read only when the last session is at most this many days before `as_of`.
pub(crate) const CURRENT_DAYS: i64 = 14;
/// Heaviest rep count used for e1RM.
pub(crate) const E1RM_MAX_REPS: u32 = 12;
/// The e1RM formula, in words.
pub(crate) const FORMULA: &str = "Epley: e1RM = weight × (1 + reps / 30), a single counts as it is; best work set of 1 to 12 reps";

fn ser_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

fn ser_dates<S: Serializer>(d: &[Date], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(d.iter().map(ToString::to_string))
}

/// A break of 4 weeks or more without a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Break {
    /// The last session before it.
    #[serde(serialize_with = "ser_date")]
    pub after: Date,
    /// The next session (or the analysis date, for a break still going on).
    #[serde(serialize_with = "ser_date")]
    pub until: Date,
    /// Days between the two.
    pub days: i64,
}

/// One Monday-to-Sunday week of the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekVolume {
    /// The Monday.
    #[serde(serialize_with = "ser_date")]
    pub start: Date,
    /// Sessions in the week.
    pub sessions: u32,
    /// Work sets (warm-ups excluded).
    pub work_sets: u32,
    /// Σ weight × reps of work sets, in the log's units.
    pub tonnage: f64,
    /// Detected as a deload week.
    pub deload: bool,
    /// The week that holds the analysis date (not tested as a deload).
    pub in_progress: bool,
}

/// A lift's best e1RM in one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct E1rmPoint {
    /// The Monday of the week.
    #[serde(serialize_with = "ser_date")]
    pub week: Date,
    /// Estimated 1RM (rounded to 0.1).
    pub e1rm: f64,
    /// The set it came from: weight …
    pub weight: f64,
    /// … and reps …
    pub reps: u32,
    /// … and its RPE, when the log gives one (a set near failure, RPE 9 or more, is the best
    /// evidence of a max).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rpe: Option<f64>,
}

/// One main lift over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LiftTrend {
    /// The main lift ("Back squat", "Bench press", "Deadlift", "Overhead press").
    pub lift: String,
    /// Exercise names in the log that count as this lift.
    pub logged_as: Vec<String>,
    /// Weekly best e1RM, in week order.
    pub points: Vec<E1rmPoint>,
    /// The best e1RM of the last 3 weeks the lift was trained (what a plan uses as the 1RM).
    pub recent_e1rm: f64,
    /// The best e1RM in the log.
    pub best_e1rm: f64,
    /// The week of the last new best.
    #[serde(serialize_with = "ser_date")]
    pub best_week: Date,
    /// Weeks from the last new best to the lift's latest week.
    pub weeks_without_progress: i64,
    /// Stalled: 3 or more weeks without a new best, in a current log.
    pub stalled: bool,
}

/// RPE up by 1 or more at the same load and reps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RpeRise {
    /// Exercise as logged.
    pub exercise: String,
    /// The load, in the log's units.
    pub weight: f64,
    /// Reps.
    pub reps: u32,
    /// First day in the window …
    #[serde(serialize_with = "ser_date")]
    pub from: Date,
    /// … and its mean RPE.
    pub from_rpe: f64,
    /// Last day in the window …
    #[serde(serialize_with = "ser_date")]
    pub to: Date,
    /// … and its mean RPE.
    pub to_rpe: f64,
}

/// The acute:chronic workload ratio (advice only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Acwr {
    /// Tonnage of the 7 days to the analysis date.
    pub acute: f64,
    /// Weekly mean tonnage of the 28 days to the analysis date.
    pub chronic: f64,
    /// acute / chronic (rounded to 0.01).
    pub ratio: f64,
    /// Above 1.5.
    pub high: bool,
}

/// A warning sign in the log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarningSign {
    /// `stalls`, `acwr` or `rising_rpe`.
    pub kind: String,
    /// What was found, in words.
    pub detail: String,
    /// `detail` as a message, to say it in another language; not in the JSON.
    #[serde(skip)]
    pub message: Message,
}

/// Everything derived from a log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DerivedHistory {
    /// The format recognised.
    pub format: Format,
    /// Its name in words.
    pub format_name: String,
    /// Units of every weight and tonnage.
    pub units: Units,
    /// How the units were chosen.
    pub units_note: String,
    /// Data rows in the file.
    pub rows: usize,
    /// Work sets.
    pub work_sets: usize,
    /// Warm-up sets (not counted as work).
    pub warmup_sets: usize,
    /// Rest-timer rows left out.
    pub rest_timer_rows: usize,
    /// Rows without reps left out.
    pub no_rep_rows: usize,
    /// Bad rows skipped.
    pub skipped_rows: usize,
    /// Sessions (distinct start times; distinct days for FitNotes).
    pub sessions: usize,
    /// First session.
    #[serde(serialize_with = "ser_date")]
    pub first_session: Date,
    /// Last session.
    #[serde(serialize_with = "ser_date")]
    pub last_session: Date,
    /// The date of the analysis (today).
    #[serde(serialize_with = "ser_date")]
    pub as_of: Date,
    /// Breaks of 4 weeks or more.
    pub breaks: Vec<Break>,
    /// Days of training: first session to `as_of`, minus breaks.
    pub training_days: i64,
    /// The same in years (days / 365.25, rounded to 0.01).
    pub training_years: f64,
    /// The level those years give.
    pub level: Level,
    /// Why, in words.
    pub level_reason: String,
    /// The weekly table.
    pub weeks: Vec<WeekVolume>,
    /// Mean sessions a week over the last 4 complete weeks.
    pub sessions_per_week: f64,
    /// Mondays of the detected deload weeks.
    #[serde(serialize_with = "ser_dates")]
    pub deload_weeks: Vec<Date>,
    /// Training weeks since the last deload.
    pub weeks_since_deload: u32,
    /// Why, in words.
    pub weeks_since_deload_reason: String,
    /// `weeks_since_deload_reason` as a message; not in the JSON.
    #[serde(skip)]
    pub weeks_since_deload_message: Message,
    /// The e1RM formula.
    pub e1rm_formula: String,
    /// Main lifts over time.
    pub lifts: Vec<LiftTrend>,
    /// Lifts that stalled.
    pub stalled_lifts: Vec<String>,
    /// RPE rises at the same load.
    pub rpe_rises: Vec<RpeRise>,
    /// Workload ratio, when the log covers 4 weeks.
    pub acwr: Option<Acwr>,
    /// Warning signs (stalls on 2+ lifts, ACWR above 1.5, rising RPE).
    pub warning_signs: Vec<WarningSign>,
    /// Why the next deload should come at once (two or more warning signs).
    pub early_deload: Option<String>,
    /// `early_deload` as a message; not in the JSON.
    #[serde(skip)]
    pub early_deload_message: Option<Message>,
    /// Deload cadence K for the level.
    pub deload_every: u32,
    /// Monday of the recommended next deload week.
    #[serde(serialize_with = "ser_date")]
    pub next_deload: Date,
    /// Why, in words.
    pub next_deload_reason: String,
    /// Other things worth knowing (units, a log that is not current, …).
    pub notes: Vec<String>,
    /// `notes` as messages, one each (the `history_note_` strings), to say them in another
    /// language; not in the JSON.
    #[serde(skip)]
    pub note_messages: Vec<crate::message::Message>,
}

/// The canonical main lift an exercise name stands for (barbell versions only), if any:
/// "Squat (Barbell)", "Barbell Squat", "Back squat" → "Back squat"; "Bench Press (Barbell)",
/// "Flat Barbell Bench Press" → "Bench press"; "Deadlift (Barbell)" → "Deadlift"; "Overhead Press
/// (Barbell)", "Military press", "OHP" → "Overhead press".
pub(crate) fn main_lift(name: &str) -> Option<&'static str> {
    let mut n = name.trim().to_lowercase();
    if let Some(open) = n.find('(') {
        let equipment = n[open..].trim_matches(|c| c == '(' || c == ')' || c == ' ');
        if equipment != "barbell" {
            return None;
        }
        n.truncate(open);
    }
    let words: Vec<&str> = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !matches!(
                *w,
                "barbell" | "flat" | "standing" | "conventional" | "back"
            )
        })
        .collect();
    match words.join(" ").as_str() {
        "squat" => Some("Back squat"),
        "bench press" | "bench" => Some("Bench press"),
        "deadlift" => Some("Deadlift"),
        "overhead press" | "military press" | "ohp" | "press" => Some("Overhead press"),
        _ => None,
    }
}

/// Epley's estimate for `weight` × `reps` (a single is its own weight).
pub(crate) fn epley(weight: f64, reps: u32) -> f64 {
    epley_reps(weight, f64::from(reps))
}

/// [`epley`] for a number of reps that may be fractional (reps done plus reps in reserve at an
/// RPE of 9.5).
pub(crate) fn epley_reps(weight: f64, reps: f64) -> f64 {
    if reps <= 1.0 {
        weight
    } else {
        weight * (1.0 + reps / 30.0)
    }
}

/// Rounds to a step of 0.1 or 0.01 (given as 0.1 or 0.01); dividing by the inverse keeps
/// 93.3 from coming out as 93.30000000000001.
fn round_to(x: f64, step: f64) -> f64 {
    let per = (1.0 / step).round();
    (x * per).round() / per
}

fn monday(d: Date) -> Date {
    let back = i64::from(d.weekday().to_monday_zero_offset());
    d.checked_sub(jiff::Span::new().days(back)).unwrap_or(d)
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n)).unwrap_or(d)
}

pub(crate) fn days_between(a: Date, b: Date) -> i64 {
    // Both dates come from a log read with jiff, so the span is small and exact.
    i64::from((b - a).get_days())
}

/// Derives the history from `log` as of `as_of`. The result does not depend on the order of the
/// log's rows.
pub fn derive(log: &TrainingLog, as_of: Date) -> DerivedHistory {
    let sets = sorted_sets(log);
    let work: Vec<&LoggedSet> = sets.iter().copied().filter(|s| !s.warmup).collect();
    let span = LogSpan::of(&sets, as_of);
    let age = training_age(&span);
    let mut weeks = weekly_volume(&span, &work);
    mark_deloads(&mut weeks);
    let since = weeks_since_deload(&weeks, &span);
    let lifts = lift_trends(&work, &span);
    let rpe_rises = rising_rpe(&work, &span);
    let acwr = workload_ratio(&work, &span);
    let warning_signs = warning_signs(&lifts, acwr.as_ref(), &rpe_rises, log.units);
    let (early_deload, early_deload_message) = early_deload(&warning_signs).unzip();
    let next = next_deload(age.level, since.weeks, early_deload.as_deref(), span.as_of);
    let (notes, note_messages) = span.notes();
    DerivedHistory {
        format: log.format,
        format_name: log.format.name().to_string(),
        units: log.units,
        units_note: log.units_note.clone(),
        rows: log.rows,
        work_sets: work.len(),
        warmup_sets: sets.len() - work.len(),
        rest_timer_rows: log.rest_timer_rows,
        no_rep_rows: log.no_rep_rows,
        skipped_rows: log.skipped_rows,
        sessions: span.sessions.len(),
        first_session: span.first,
        last_session: span.last,
        as_of: span.as_of,
        breaks: age.breaks,
        training_days: age.days,
        training_years: age.years,
        level: age.level,
        level_reason: age.reason,
        sessions_per_week: recent_sessions_per_week(&weeks),
        deload_weeks: weeks.iter().filter(|w| w.deload).map(|w| w.start).collect(),
        weeks,
        weeks_since_deload: since.weeks,
        weeks_since_deload_reason: since.reason,
        weeks_since_deload_message: since.message,
        e1rm_formula: FORMULA.to_string(),
        stalled_lifts: lifts
            .iter()
            .filter(|l| l.stalled)
            .map(|l| l.lift.clone())
            .collect(),
        lifts,
        rpe_rises,
        acwr,
        warning_signs,
        early_deload,
        early_deload_message,
        deload_every: next.every,
        next_deload: next.date,
        next_deload_reason: next.reason,
        notes,
        note_messages,
    }
}

/// The log's sets in one fixed order (session, exercise, load, reps, warm-up, RPE), so nothing
/// derived depends on the order of the file's rows.
fn sorted_sets(log: &TrainingLog) -> Vec<&LoggedSet> {
    let mut sets: Vec<&LoggedSet> = log.sets.iter().collect();
    sets.sort_by(|a, b| {
        (a.session, &a.exercise, a.load_key, a.reps, a.warmup)
            .cmp(&(b.session, &b.exercise, b.load_key, b.reps, b.warmup))
            .then(
                a.rpe
                    .partial_cmp(&b.rpe)
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
    });
    sets
}

/// When the log's sessions fall, and the date of the analysis.
struct LogSpan {
    /// Distinct sessions (start times).
    sessions: BTreeSet<DateTime>,
    /// Distinct session days, in order.
    days: Vec<Date>,
    /// The first session's day (`as_of` for an empty log).
    first: Date,
    /// The last session's day (`as_of` for an empty log).
    last: Date,
    /// The analysis date: the later of the one asked for and the last session.
    as_of: Date,
    /// Whether the log is current: its last session at most [`CURRENT_DAYS`] before `as_of`.
    current: bool,
}

impl LogSpan {
    /// The span of `sets`, as of `as_of`.
    fn of(sets: &[&LoggedSet], as_of: Date) -> LogSpan {
        let sessions: BTreeSet<DateTime> = sets.iter().map(|s| s.session).collect();
        let days: Vec<Date> = sets
            .iter()
            .map(|s| s.date())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let first = days.first().copied().unwrap_or(as_of);
        let last = days.last().copied().unwrap_or(as_of);
        let as_of = as_of.max(last);
        LogSpan {
            sessions,
            days,
            first,
            last,
            as_of,
            current: days_between(last, as_of) <= CURRENT_DAYS,
        }
    }

    /// Whether the log covers the 4 weeks the workload ratio needs.
    fn covers_four_weeks(&self) -> bool {
        days_between(self.first, self.as_of) >= 27
    }

    /// What the reader should know about the span: a workload ratio that cannot be computed, a
    /// log that is not current; in English and as messages.
    fn notes(&self) -> (Vec<String>, Vec<Message>) {
        let mut notes = Vec::new();
        let mut messages = Vec::new();
        if !self.covers_four_weeks() {
            notes.push("the workload ratio needs 4 weeks of log".to_string());
            messages.push(Message::new("history_note_acwr"));
        }
        if !self.current {
            notes.push(format!(
                "the last session ({}) is more than {CURRENT_DAYS} days before {}: stalls and RPE are not read as current warning signs",
                self.last, self.as_of
            ));
            messages.push(
                Message::new("history_note_stale")
                    .with("last", Arg::Date(self.last))
                    .with("as_of", Arg::Date(self.as_of)),
            );
        }
        (notes, messages)
    }
}

/// How long the lifter has trained, and the level that gives.
struct TrainingAge {
    /// Breaks of [`BREAK_DAYS`] or more.
    breaks: Vec<Break>,
    /// Days from the first session to `as_of`, minus the breaks.
    days: i64,
    /// The same in years (rounded to 0.01).
    years: f64,
    /// The level those years give.
    level: Level,
    /// Why, in words.
    reason: String,
}

/// Training age: days from the first session to `as_of` minus every break of [`BREAK_DAYS`] or
/// more (including one from the last session to `as_of`), in years, and the level they give.
fn training_age(span: &LogSpan) -> TrainingAge {
    let mut bounds: Vec<Date> = span.days.clone();
    bounds.push(span.as_of);
    let breaks: Vec<Break> = bounds
        .windows(2)
        .map(|pair| (pair[0], pair[1], days_between(pair[0], pair[1])))
        .filter(|(_, _, gap)| *gap >= BREAK_DAYS)
        .map(|(after, until, days)| Break { after, until, days })
        .collect();
    let break_days: i64 = breaks.iter().map(|b| b.days).sum();
    let days = (days_between(span.first, span.as_of) - break_days).max(0);
    let years = round_to(days as f64 / 365.25, 0.01);
    let level = level_from_years(years);
    let rule = match level {
        Level::Novice => "under 6 months",
        Level::Intermediate => "6 months to under 2 years",
        Level::Advanced => "2 years or more",
    };
    let minus = if breaks.is_empty() {
        String::new()
    } else {
        format!(
            ", minus {} of 4+ weeks ({} days)",
            plural(i64::try_from(breaks.len()).unwrap_or(0), "break", "breaks"),
            break_days
        )
    };
    let reason = format!(
        "{} of training logged since {}{minus} = {} years → {level} ({rule})",
        plural(days, "day", "days"),
        span.first,
        fmt_num(years)
    );
    TrainingAge {
        breaks,
        days,
        years,
        level,
        reason,
    }
}

/// The Monday-to-Sunday weeks from the first session's week to the last one's: sessions, work
/// sets and tonnage (Σ weight × reps of work sets, rounded to 0.1). The week that holds `as_of`
/// is in progress unless `as_of` is its Sunday.
fn weekly_volume(span: &LogSpan, work: &[&LoggedSet]) -> Vec<WeekVolume> {
    let first_monday = monday(span.first);
    let now_monday = monday(span.as_of);
    let n_weeks =
        usize::try_from(days_between(first_monday, monday(span.last)) / 7 + 1).unwrap_or(1);
    let mut weeks: Vec<WeekVolume> = (0..n_weeks)
        .map(|i| {
            let start = add_days(first_monday, i64::try_from(i).unwrap_or(0) * 7);
            WeekVolume {
                start,
                sessions: 0,
                work_sets: 0,
                tonnage: 0.0,
                deload: false,
                in_progress: start == now_monday
                    && span.as_of.weekday() != jiff::civil::Weekday::Sunday,
            }
        })
        .collect();
    let week_index = |d: Date| -> usize {
        usize::try_from(days_between(first_monday, monday(d)) / 7).unwrap_or(0)
    };
    for s in &span.sessions {
        if let Some(w) = weeks.get_mut(week_index(s.date())) {
            w.sessions += 1;
        }
    }
    for s in work {
        if let Some(w) = weeks.get_mut(week_index(s.date())) {
            w.work_sets += 1;
            w.tonnage += s.weight * f64::from(s.reps);
        }
    }
    for w in &mut weeks {
        w.tonnage = round_to(w.tonnage, 0.1);
    }
    weeks
}

/// Past deloads: a week whose work sets dropped by [`DELOAD_DROP`] or more against the mean of
/// the [`NORMAL_WEEKS`] normal training weeks before it (a week without sessions after them is a
/// deload too; one that is not is a week off). Either restarts the count; the week in progress
/// is not tested.
fn mark_deloads(weeks: &mut [WeekVolume]) {
    let mut normal_run = 0usize;
    for i in 0..weeks.len() {
        if weeks[i].in_progress {
            normal_run += 1;
            continue;
        }
        let sets = f64::from(weeks[i].work_sets);
        if normal_run >= NORMAL_WEEKS {
            let mean = weeks[i - NORMAL_WEEKS..i]
                .iter()
                .map(|w| f64::from(w.work_sets))
                .sum::<f64>()
                / NORMAL_WEEKS as f64;
            if sets <= mean * (1.0 - DELOAD_DROP) + 1e-9 {
                weeks[i].deload = true;
                normal_run = 0;
                continue;
            }
        }
        if weeks[i].sessions == 0 {
            normal_run = 0;
        } else {
            normal_run += 1;
        }
    }
}

/// Mean sessions a week over the last 4 complete weeks (the last week's count when none is
/// complete).
fn recent_sessions_per_week(weeks: &[WeekVolume]) -> f64 {
    let complete: Vec<&WeekVolume> = weeks.iter().filter(|w| !w.in_progress).collect();
    let recent = &complete[complete.len().saturating_sub(4)..];
    if recent.is_empty() {
        weeks.last().map_or(0.0, |w| f64::from(w.sessions))
    } else {
        round_to(
            recent.iter().map(|w| f64::from(w.sessions)).sum::<f64>() / recent.len() as f64,
            0.1,
        )
    }
}

/// Training weeks since the last deload or week off, and why.
struct SinceDeload {
    /// The count.
    weeks: u32,
    /// Why, in words.
    reason: String,
    /// `reason` as a message.
    message: Message,
}

/// Weeks since the last deload: training weeks since the last deload or week off, counting the
/// week in progress; 0 when a whole week without sessions lies between the last session and
/// `as_of`.
fn weeks_since_deload(weeks: &[WeekVolume], span: &LogSpan) -> SinceDeload {
    if days_between(monday(span.last), monday(span.as_of)) >= 14 {
        return SinceDeload {
            weeks: 0,
            reason: format!(
                "no session since {}: the weeks without training count as rest, so the count starts again",
                span.last
            ),
            message: Message::new("plan_log_since_rest").with("last", Arg::Date(span.last)),
        };
    }
    let trained = weeks
        .iter()
        .rev()
        .take_while(|w| !(w.deload || w.sessions == 0))
        .count();
    let count = u32::try_from(trained).unwrap_or(u32::MAX);
    let (since, key, day) = match weeks.iter().rev().nth(trained) {
        Some(week) if week.deload => (
            format!("since the deload in the week of {}", week.start),
            "plan_log_since_deload",
            week.start,
        ),
        Some(week) => (
            format!("since the week without training of {}", week.start),
            "plan_log_since_break",
            week.start,
        ),
        None => (
            format!("since the log began ({}); no deload found", span.first),
            "plan_log_since_start",
            span.first,
        ),
    };
    SinceDeload {
        weeks: count,
        message: Message::new(key)
            .count("n", count)
            .with("day", Arg::Date(day)),
        reason: format!(
            "{} {since}",
            plural(count, "training week", "training weeks")
        ),
    }
}

/// Per main lift: the exercise names logged as it, and its best e1RM per week.
type WeeklyBests = BTreeMap<&'static str, (BTreeSet<String>, BTreeMap<Date, E1rmPoint>)>;

/// The best e1RM ([`epley`]) of each main lift ([`main_lift`]) in each week: work sets of 1 to
/// [`E1RM_MAX_REPS`] reps with a load.
fn weekly_best_e1rm(work: &[&LoggedSet]) -> WeeklyBests {
    let mut per_lift = WeeklyBests::new();
    for s in work {
        let Some(lift) = main_lift(&s.exercise) else {
            continue;
        };
        if s.weight <= 0.0 || s.reps == 0 || s.reps > E1RM_MAX_REPS {
            continue;
        }
        let e = round_to(epley(s.weight, s.reps), 0.1);
        let entry = per_lift.entry(lift).or_default();
        entry.0.insert(s.exercise.clone());
        let week = monday(s.date());
        let p = entry.1.entry(week).or_insert(E1rmPoint {
            week,
            e1rm: 0.0,
            weight: 0.0,
            reps: 0,
            rpe: None,
        });
        if e > p.e1rm {
            *p = E1rmPoint {
                week,
                e1rm: e,
                weight: round_to(s.weight, 0.01),
                reps: s.reps,
                rpe: s.rpe,
            };
        }
    }
    per_lift
}

/// Each main lift over time: its weekly bests, the best of its last 3 weeks (a plan's 1RM), and
/// whether it stalled ([`STALL_WEEKS`] or more without a new best, in a current log).
fn lift_trends(work: &[&LoggedSet], span: &LogSpan) -> Vec<LiftTrend> {
    let first_monday = monday(span.first);
    let last_monday = monday(span.last);
    let mut lifts = Vec::new();
    for (lift, (names, points)) in weekly_best_e1rm(work) {
        let points: Vec<E1rmPoint> = points.into_values().collect();
        let mut best = 0.0;
        let mut best_week = first_monday;
        for p in &points {
            if p.e1rm > best + 1e-9 {
                best = p.e1rm;
                best_week = p.week;
            }
        }
        let latest = points.last().map_or(best_week, |p| p.week);
        let without = days_between(best_week, latest) / 7;
        let recent_e1rm = points[points.len().saturating_sub(3)..]
            .iter()
            .map(|p| p.e1rm)
            .fold(0.0, f64::max);
        let lift_current = days_between(latest, last_monday) <= CURRENT_DAYS;
        lifts.push(LiftTrend {
            lift: lift.to_string(),
            logged_as: names.into_iter().collect(),
            points,
            recent_e1rm,
            best_e1rm: best,
            best_week,
            weeks_without_progress: without,
            stalled: span.current && lift_current && without >= STALL_WEEKS,
        });
    }
    lifts
}

/// (exercise, load, reps) → (name as logged, weight, day → (RPE sum, sets)).
type RpeGroups = BTreeMap<(String, i64, u32), (String, f64, BTreeMap<Date, (f64, u32)>)>;

/// Rising RPE: in the last 28 days of a current log, the same exercise at the same load and reps
/// logged at least 1 RPE higher (session mean) on its last day than on its first.
fn rising_rpe(work: &[&LoggedSet], span: &LogSpan) -> Vec<RpeRise> {
    if !span.current {
        return Vec::new();
    }
    let window_start = add_days(span.last, -27);
    let mut groups = RpeGroups::new();
    for s in work {
        let (Some(rpe), true) = (s.rpe, s.date() >= window_start) else {
            continue;
        };
        let g = groups
            .entry((s.exercise.to_lowercase(), s.load_key, s.reps))
            .or_insert_with(|| (s.exercise.clone(), s.weight, BTreeMap::new()));
        let day = g.2.entry(s.date()).or_insert((0.0, 0));
        day.0 += rpe;
        day.1 += 1;
    }
    let mut rises = Vec::new();
    for ((_, _, reps), (name, weight, by_day)) in &groups {
        let (Some((d0, a)), Some((d1, b))) = (by_day.first_key_value(), by_day.last_key_value())
        else {
            continue;
        };
        if d0 == d1 {
            continue;
        }
        let from_rpe = round_to(a.0 / f64::from(a.1), 0.01);
        let to_rpe = round_to(b.0 / f64::from(b.1), 0.01);
        if to_rpe - from_rpe >= 1.0 - 1e-9 {
            rises.push(RpeRise {
                exercise: name.clone(),
                weight: round_to(*weight, 0.01),
                reps: *reps,
                from: *d0,
                from_rpe,
                to: *d1,
                to_rpe,
            });
        }
    }
    rises
}

/// The acute:chronic workload ratio: tonnage of the 7 days to `as_of` over the weekly mean of
/// the 28 days to `as_of`. `None` when the log covers less than 4 weeks or has no tonnage.
fn workload_ratio(work: &[&LoggedSet], span: &LogSpan) -> Option<Acwr> {
    if !span.covers_four_weeks() {
        return None;
    }
    let tonnage_since = |from: Date| -> f64 {
        work.iter()
            .filter(|s| s.date() >= from && s.date() <= span.as_of)
            .map(|s| s.weight * f64::from(s.reps))
            .sum()
    };
    let acute = tonnage_since(add_days(span.as_of, -6));
    let chronic = tonnage_since(add_days(span.as_of, -27)) / 4.0;
    (chronic > 0.0).then(|| {
        let ratio = round_to(acute / chronic, 0.01);
        Acwr {
            acute: round_to(acute, 0.1),
            chronic: round_to(chronic, 0.1),
            ratio,
            high: ratio > ACWR_LIMIT,
        }
    })
}

/// The warning signs in the log, in this order: stalls on [`STALL_LIFTS`] or more lifts, a
/// workload ratio above [`ACWR_LIMIT`], rising RPE.
fn warning_signs(
    lifts: &[LiftTrend],
    acwr: Option<&Acwr>,
    rpe_rises: &[RpeRise],
    units: Units,
) -> Vec<WarningSign> {
    let sign = |kind: &str, (detail, message): (String, Message)| WarningSign {
        kind: kind.into(),
        detail,
        message,
    };
    let mut signs = Vec::new();
    let stalled: Vec<&LiftTrend> = lifts.iter().filter(|l| l.stalled).collect();
    if stalled.len() >= STALL_LIFTS {
        signs.push(sign("stalls", stalls_detail(&stalled, units)));
    }
    if let Some(a) = acwr.filter(|a| a.high) {
        signs.push(sign(
            "acwr",
            (
                format!(
                    "acute:chronic workload {} (last 7 days against the 28-day weekly mean), above 1.5",
                    fmt_num(a.ratio)
                ),
                Message::new("plan_log_sign_acwr").num("ratio", a.ratio),
            ),
        ));
    }
    if let Some(r) = rpe_rises.first() {
        signs.push(sign(
            "rising_rpe",
            rising_rpe_detail(r, rpe_rises.len(), units),
        ));
    }
    signs
}

/// "e1RM has not risen for 3 or more weeks on 2 lifts: Back squat (4 weeks at 140 kg), ...".
fn stalls_detail(stalled: &[&LiftTrend], units: Units) -> (String, Message) {
    let list: Vec<String> = stalled
        .iter()
        .map(|l| {
            format!(
                "{} ({} at {} {units})",
                l.lift,
                plural(l.weeks_without_progress, "week", "weeks"),
                fmt_num(l.best_e1rm)
            )
        })
        .collect();
    let said = stalled
        .iter()
        .map(|l| {
            Message::new("plan_log_stall_lift")
                .with("lift", lift_word(&l.lift))
                .count("n", u64::try_from(l.weeks_without_progress).unwrap_or(0))
                .num("e1rm", l.best_e1rm)
                .name("units", units.as_str())
        })
        .collect();
    let message = Message::new("plan_log_sign_stalls")
        .count("n", u64::try_from(stalled.len()).unwrap_or(u64::MAX))
        .with("lifts", Arg::List(said));
    (
        format!(
            "e1RM has not risen for 3 or more weeks on {} lifts: {}",
            stalled.len(),
            list.join(", ")
        ),
        message,
    )
}

/// A main lift's name ("Back squat") as a word of the language files (`history_lift_...`).
fn lift_word(lift: &str) -> Arg {
    Arg::Word(format!(
        "history_lift_{}",
        lift.to_lowercase().replace(' ', "_")
    ))
}

/// "RPE up by 1 or more at the same load: Bench press 80 kg × 5 from RPE 7 (...) to 8.5 (...)",
/// with how many more rises there are (`count` in all).
fn rising_rpe_detail(r: &RpeRise, count: usize, units: Units) -> (String, Message) {
    let more = if count > 1 {
        format!(" and {} more", count - 1)
    } else {
        String::new()
    };
    let more_said = if count > 1 {
        Message::new("plan_log_sign_more").count("n", u64::try_from(count - 1).unwrap_or(0))
    } else {
        Message::new("plan_nothing")
    };
    let message = Message::new("plan_log_sign_rpe")
        .name("exercise", r.exercise.as_str())
        .num("weight", r.weight)
        .name("units", units.as_str())
        .count("reps", r.reps)
        .num("from", r.from_rpe)
        .with("from_date", Arg::Date(r.from))
        .num("to", r.to_rpe)
        .with("to_date", Arg::Date(r.to))
        .msg("more", more_said);
    let text = format!(
        "RPE up by 1 or more at the same load: {} {} {units} × {} from RPE {} ({}) to {} ({}){more}",
        r.exercise,
        fmt_num(r.weight),
        r.reps,
        fmt_num(r.from_rpe),
        r.from,
        fmt_num(r.to_rpe),
        r.to
    );
    (text, message)
}

/// Why the next deload should come at once: two or more warning signs (with its message).
fn early_deload(signs: &[WarningSign]) -> Option<(String, Message)> {
    (signs.len() >= 2).then(|| {
        let text = format!(
            "{} warning signs in the log: {}",
            signs.len(),
            signs
                .iter()
                .map(|w| w.detail.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
        let message = Message::new("plan_log_signs")
            .count("n", u64::try_from(signs.len()).unwrap_or(u64::MAX))
            .with("signs", signs_said(signs));
        (text, message)
    })
}

/// The signs' messages joined by `plan_list_semi` (`; `).
pub(crate) fn signs_said(signs: &[WarningSign]) -> Arg {
    Arg::Sep(
        "plan_list_semi",
        signs.iter().map(|w| w.message.clone()).collect(),
    )
}

/// The recommended next deload week.
struct NextDeload {
    /// Deload cadence K for the level.
    every: u32,
    /// Monday of the week.
    date: Date,
    /// Why, in words.
    reason: String,
}

/// The next deload: with cadence K of `level` and `weeks_since_deload` W, week `max(1, K − W)` of
/// the weeks starting the Monday after `as_of`; the first of them after an early deload.
fn next_deload(
    level: Level,
    weeks_since_deload: u32,
    early: Option<&str>,
    as_of: Date,
) -> NextDeload {
    let every = base_cadence(level);
    let plan_start = crate::plan::next_monday(as_of);
    let (date, reason) = match early {
        Some(why) => (
            plan_start,
            format!("the week of {plan_start}, at once: {why}"),
        ),
        None => {
            let n = every.saturating_sub(weeks_since_deload).max(1);
            let date = add_days(plan_start, i64::from(n - 1) * 7);
            (
                date,
                format!(
                    "the week of {date}: a {level} lifter deloads every {every} weeks and has trained {} since the last deload, so week {n} from {plan_start}",
                    plural(weeks_since_deload, "week", "weeks")
                ),
            )
        }
    };
    NextDeload {
        every,
        date,
        reason,
    }
}

impl DerivedHistory {
    /// The sentence a plan's cover shows: what the log says and how the plan uses it.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "From your log ({}, {} sessions from {} to {}): {} → {}; {}",
            self.format_name,
            self.sessions,
            self.first_session,
            self.last_session,
            self.level_reason
                .split(" → ")
                .next()
                .unwrap_or(&self.level_reason),
            self.level,
            self.weeks_since_deload_reason
        );
        if let Some(why) = &self.early_deload {
            s.push_str(&format!("; early deload: {why}"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_lifts_are_barbell_only() {
        assert_eq!(main_lift("Squat (Barbell)"), Some("Back squat"));
        assert_eq!(main_lift("Barbell Squat"), Some("Back squat"));
        assert_eq!(main_lift("Back squat"), Some("Back squat"));
        assert_eq!(main_lift("Flat Barbell Bench Press"), Some("Bench press"));
        assert_eq!(main_lift("Bench Press (Dumbbell)"), None);
        assert_eq!(main_lift("Front squat"), None);
        assert_eq!(main_lift("Romanian Deadlift (Barbell)"), None);
        assert_eq!(
            main_lift("Overhead Press (Barbell)"),
            Some("Overhead press")
        );
        assert_eq!(main_lift("Incline bench press"), None);
    }

    fn week(start: Date, sessions: u32, work_sets: u32) -> WeekVolume {
        WeekVolume {
            start,
            sessions,
            work_sets,
            tonnage: 0.0,
            deload: false,
            in_progress: false,
        }
    }

    #[test]
    fn deloads_need_three_normal_weeks_before_a_drop() {
        let monday = jiff::civil::date(2026, 1, 5);
        // (sessions, work sets): a 30 % drop after three normal weeks, a week off after two, a
        // week without sessions after three (a deload too), and a drop of less than 30 %.
        let table = [
            (3, 20),
            (3, 20),
            (3, 20),
            (2, 14),
            (3, 20),
            (3, 20),
            (0, 0),
            (3, 20),
            (3, 20),
            (3, 20),
            (0, 0),
            (3, 20),
            (3, 20),
            (3, 20),
            (3, 15),
        ];
        let mut weeks: Vec<WeekVolume> = table
            .iter()
            .enumerate()
            .map(|(i, (n, sets))| week(add_days(monday, 7 * i as i64), *n, *sets))
            .collect();
        mark_deloads(&mut weeks);
        let deloads: Vec<usize> = (0..weeks.len()).filter(|i| weeks[*i].deload).collect();
        assert_eq!(deloads, vec![3, 10]);
        assert_eq!(recent_sessions_per_week(&weeks), 3.0);
    }

    #[test]
    fn the_next_deload_counts_from_the_monday_after_as_of() {
        let as_of = jiff::civil::date(2026, 11, 29); // a Sunday
        let next = next_deload(Level::Intermediate, 3, None, as_of);
        assert_eq!(next.every, 5);
        assert_eq!(next.date, jiff::civil::date(2026, 12, 7));
        assert!(
            next.reason.ends_with("so week 2 from 2026-11-30"),
            "{}",
            next.reason
        );
        let early = next_deload(Level::Novice, 0, Some("2 warning signs"), as_of);
        assert_eq!(early.date, jiff::civil::date(2026, 11, 30));
        assert_eq!(
            early.reason,
            "the week of 2026-11-30, at once: 2 warning signs"
        );
    }

    #[test]
    fn epley_values() {
        assert!((epley(100.0, 5) - 116.666_666).abs() < 1e-3);
        assert_eq!(epley(100.0, 1), 100.0);
    }
}
