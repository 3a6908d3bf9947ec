//! The "lay out weeks" stage: dated weeks of seven days, each a session with its loads for the
//! week's program position, or a rest day with recovery guidance.
//!
//! Every week is laid out as the loading week it runs, deload weeks included (their rest days
//! already carry the deload week's guidance); the deload stage ([`super::deload`]) then reduces
//! the deload weeks.

use jiff::civil::Date;

use super::days::TrainingDays;
use super::progression::{self, Loads};
use super::rest::{self, RestContext};
use super::weeks::{Position, WeekPosition};
use super::{Day, DayKind, Inputs, Session, Week};
use crate::error::Error;
use crate::programs::{SessionTemplate, Weekday};

/// What laying out the weeks needs besides their positions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WeekLayout<'a, 'p> {
    /// The program, athlete and history.
    pub(crate) inputs: &'a Inputs<'p>,
    /// The plan's first day.
    pub(crate) start: Date,
    /// The training days and the session on every day.
    pub(crate) days: &'a TrainingDays<'p>,
    /// Where loads come from.
    pub(crate) loads: Loads<'p>,
}

impl<'a, 'p> WeekLayout<'a, 'p> {
    /// The layout of the plan starting on `start` for `inputs`, with `days` as its training days.
    pub(crate) fn new(inputs: &'a Inputs<'p>, start: Date, days: &'a TrainingDays<'p>) -> Self {
        WeekLayout {
            inputs,
            start,
            days,
            loads: Loads::new(inputs.program, inputs.athlete),
        }
    }
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
                let session = build_session(layout, template, week.position);
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
        is_deload: week.deload,
        deload_reason: None,
        deload_link: None,
        total_sets: total_sets(&days),
        days,
    })
}

/// `date` plus `days`; past the end of the calendar is an error.
fn add_days(date: Date, days: i64) -> Result<Date, Error> {
    date.checked_add(jiff::Span::new().days(days)).map_err(|e| {
        Error::new(format!("the plan runs past the end of the calendar: {e}"))
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

/// `template` as run in the loading week at `position`: each exercise under its own progression
/// rule, else the block's, else the program's.
fn build_session(
    layout: &WeekLayout<'_, '_>,
    template: &SessionTemplate,
    position: Position,
) -> Session {
    let program = layout.inputs.program;
    let block = &program.blocks[position.block];
    let prescriptions = template
        .exercises
        .iter()
        .map(|spec| {
            let rule = spec
                .progression
                .or(block.progression)
                .or(program.progression);
            let ctx = layout.loads.for_exercise(&spec.exercise);
            progression::prescribe(spec, rule, position.step, ctx)
        })
        .collect();
    Session {
        name: template.name.clone(),
        muscles: template.muscles.clone(),
        heavy: template.heavy,
        prescriptions,
    }
}
