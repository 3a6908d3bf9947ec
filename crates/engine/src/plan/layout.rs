//! The "lay out weeks" stage: dated weeks of seven days, each a session with its loads for the
//! week's program position, or a rest day with recovery guidance.
//!
//! Every week is laid out as the loading week it runs, each exercise's lines loaded from its
//! progress ([`super::progression`]) and the lift's maxes ([`super::lifts`]); in a deload week
//! the lines' intensities and reps are already the deload's ([`super::lines`]), and their rest
//! days carry the deload week's guidance. The deload stage ([`super::deload`]) then reduces the
//! deload weeks' sets.

use jiff::civil::Date;

use super::days::TrainingDays;
use super::lifts::Lifts;
use super::lines::{self, LineContext};
use super::progression::Progressions;
use super::rest::{self, RestContext};
use super::weeks::{Position, WeekPosition};
use super::{Day, DayKind, Inputs, Prescription, Session, Week};
use crate::error::Error;
use crate::programs::{Athlete, Program, SessionTemplate, Units, Weekday};

/// Where a plan's loads come from: its units, the plate increment and the lifts' maxes.
#[derive(Debug, Clone)]
pub(crate) struct Loads {
    /// The plan's units.
    pub(crate) units: Units,
    /// The athlete's plate increment when it is a positive number, else the units' default.
    pub(crate) plate: f64,
    /// The lifts' maxes.
    pub(crate) lifts: Lifts,
    /// The athlete's plates and dumbbells.
    pub(crate) inventory: super::inventory::Inventory,
}

impl Loads {
    /// The loads of `program` (as the athlete runs it, in the plan's units) for `athlete`.
    pub(crate) fn new(program: &Program, athlete: Option<&Athlete>) -> Loads {
        let units = program.units;
        let plate = athlete
            .and_then(|a| a.plate_increment)
            .filter(|p| p.is_finite() && *p > 0.0)
            .unwrap_or_else(|| units.default_plate_increment());
        Loads {
            units,
            plate,
            lifts: Lifts::new(program, athlete),
            inventory: super::inventory::Inventory::new(athlete, units),
        }
    }
}

/// What laying out the weeks needs besides their positions.
#[derive(Debug, Clone)]
pub(crate) struct WeekLayout<'a, 'p> {
    /// The program, athlete and history.
    pub(crate) inputs: &'a Inputs<'p>,
    /// The plan's first day.
    pub(crate) start: Date,
    /// The training days and the session on every day.
    pub(crate) days: &'a TrainingDays<'p>,
    /// Where loads come from.
    pub(crate) loads: Loads,
    /// Every exercise's progress at every loading week.
    pub(crate) progressions: Progressions,
}

impl<'a, 'p> WeekLayout<'a, 'p> {
    /// The layout of the plan starting on `start` for `inputs`, with `days` as its training days,
    /// for the weeks at `positions`.
    pub(crate) fn new(
        inputs: &'a Inputs<'p>,
        start: Date,
        days: &'a TrainingDays<'p>,
        positions: &[WeekPosition],
    ) -> Self {
        let loading = positions
            .iter()
            .map(|w| w.position.index.saturating_add(1))
            .max()
            .unwrap_or(1);
        let mut progressions = Progressions::new(inputs.program, loading);
        progressions.hold(inputs.program, &rep_holds(inputs, positions));
        WeekLayout {
            inputs,
            start,
            days,
            loads: Loads::new(inputs.program, inputs.athlete),
            progressions,
        }
    }
}

/// The athlete's rep holds as (session, exercise, first loading week, steps) of the program.
fn rep_holds(inputs: &Inputs<'_>, positions: &[WeekPosition]) -> Vec<(usize, usize, u32, u32)> {
    let Some(athlete) = inputs.athlete.filter(|a| !a.rep_holds.is_empty()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (si, session) in inputs.program.sessions.iter().enumerate() {
        for (ei, ex) in session.exercises.iter().enumerate() {
            let Some(hold) = athlete.rep_holds.get(&ex.exercise.trim().to_lowercase()) else {
                continue;
            };
            let from = positions
                .iter()
                .find(|w| w.number >= hold.from_week && !w.deload)
                .map(|w| w.position.index);
            if let Some(from) = from
                && hold.steps > 0
            {
                out.push((si, ei, from, hold.steps));
            }
        }
    }
    out
}

/// The session before a rest day, for its note: name and whether it was heavy.
type LastSession = Option<(String, bool)>;

/// The "lay out weeks" stage: one [`Week`] per position, in order, with its loading total in
/// `total_sets`. Error: a week past the end of the calendar.
pub(crate) fn lay_out_weeks(
    layout: &WeekLayout<'_, '_>,
    positions: &[WeekPosition],
) -> Result<Vec<Week>, Error> {
    let mut last_session: LastSession = None;
    positions
        .iter()
        .map(|week| lay_out_week(layout, week, &mut last_session))
        .collect()
}

/// One week; `last_session` carries the latest session across days and weeks.
fn lay_out_week(
    layout: &WeekLayout<'_, '_>,
    week: &WeekPosition,
    last_session: &mut LastSession,
) -> Result<Week, Error> {
    let block = &layout.inputs.program.blocks[week.position.block];
    let start = add_days(layout.start, i64::from(week.number - 1) * 7)?;
    let end = add_days(start, 6)?;
    let first_day = usize::try_from(week.number - 1).unwrap_or(0) * 7;
    let mut days = Vec::with_capacity(7);
    for offset in 0..7 {
        let date = add_days(start, i64::try_from(offset).unwrap_or(0))?;
        let template = layout.days.session(first_day + offset, week.position.block);
        let kind = match template {
            Some(template) => {
                let session = build_session(layout, template, week.position, week.deload);
                *last_session = Some((session.name.clone(), session.heavy));
                DayKind::Session(session)
            }
            None => DayKind::Rest(rest::rest_day(&RestContext {
                after: last_session.take(),
                deload_week: week.deload,
                sleep_hours: layout.inputs.history.sleep_hours,
            })),
        };
        days.push(Day {
            date,
            weekday: Weekday::of(date),
            kind,
        });
    }
    Ok(Week {
        number: week.number,
        start,
        end,
        block: block.name.clone(),
        focus: block.focus.clone(),
        cycle: week.position.cycle,
        is_deload: week.deload,
        deload_reason: None,
        deload_message: None,
        deload_link: None,
        total_sets: total_sets(&days),
        days,
    })
}

/// `date` plus `days`; past the end of the calendar is an error.
fn add_days(date: Date, days: i64) -> Result<Date, Error> {
    date.checked_add(jiff::Span::new().days(days)).map_err(|_| {
        Error::new(format!(
            "the plan runs past the end of the calendar ({} days after {date})",
            days
        ))
        .with_hint("choose an earlier start date or fewer weeks")
    })
}

/// Sets in the sessions of `days`.
fn total_sets(days: &[Day]) -> u32 {
    days.iter()
        .filter_map(Day::session)
        .flat_map(|s| s.prescriptions.iter())
        .fold(0u32, |a, p| a.saturating_add(p.sets))
}

/// `template` as run in the week at `position` (a deload week when `deload`): each exercise's
/// lines under its own progression rule, else the block's, else the program's.
fn build_session(
    layout: &WeekLayout<'_, '_>,
    template: &SessionTemplate,
    position: Position,
    deload: bool,
) -> Session {
    let program = layout.inputs.program;
    let block = &program.blocks[position.block];
    let session_index = program
        .sessions
        .iter()
        .position(|s| std::ptr::eq(s, template))
        .unwrap_or(0);
    let prescriptions = template
        .exercises
        .iter()
        .enumerate()
        .map(|(j, spec)| {
            let cx = LineContext {
                progress: layout.progressions.get(position.index, session_index, j),
                rule: spec
                    .progression
                    .or(block.progression)
                    .or(program.progression),
                lift: layout.loads.lifts.for_spec(session_index, j),
                cycle: position.cycle,
                deload: deload.then_some(&program.deload),
                units: layout.loads.units,
                plate: layout.loads.plate,
                inventory: layout.loads.inventory.for_exercise(&spec.exercise),
            };
            let scheme = spec
                .scheme
                .as_deref()
                .and_then(|name| program.scheme(position.block, name));
            let scheme_week = scheme.and_then(|s| {
                let n = u32::try_from(s.weeks.len()).unwrap_or(1).max(1);
                s.weeks.get(usize::try_from(position.step % n).unwrap_or(0))
            });
            let written: Vec<_> = scheme_week
                .into_iter()
                .flatten()
                .map(|l| (l, true))
                .chain(spec.lines.iter().map(|l| (l, false)))
                .collect();
            let declared = deload
                .then(|| program.deload.week_for(spec.scheme.as_deref()))
                .flatten();
            let lines = lines::deload_lines(&written, declared, &cx);
            Prescription {
                exercise: spec.exercise.clone(),
                main: spec.main || j == 0,
                sets: super::schedule::working_sets(&lines),
                lines,
                rest: spec.rest,
                tempo: spec.tempo.clone(),
                notes: spec.notes.clone(),
                swapped_from: spec.swapped_from.clone(),
                superset: spec.superset.clone(),
                spec: (session_index, j),
                declared_deload: declared.is_some(),
            }
        })
        .collect();
    Session {
        name: template.name.clone(),
        muscles: template.muscles.clone(),
        heavy: template.heavy,
        prescriptions,
    }
}
