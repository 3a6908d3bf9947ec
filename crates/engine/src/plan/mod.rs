//! The periodisation engine: a [`PlanInput`] in, a dated [`Schedule`] out. Pure: no I/O and no
//! clock (the caller computes the default start with [`next_monday`]).
//!
//! [`plan`] runs these stages in order, each in the file named:
//! 1. **resolve history and cadence** (`history.rs`): the lifter's level from their history and
//!    the deload cadence K, each with its reason;
//! 2. **place the deloads** (`deload/placement.rs`): the first deload week and every K-th after
//!    it, or at the end of a wave when the program is written in waves;
//! 3. **plan length** (`weeks.rs`): the weeks asked for, else the program once plus its deloads;
//! 4. **week positions** (`weeks.rs`): for every week, whether it is a deload and which block,
//!    step and cycle it runs;
//! 5. **choose days** (`days.rs`): the training weekdays (rest days, consecutive-day runs, heavy
//!    sessions 48 h apart) and the session on every day;
//! 6. **lay out weeks** (`layout.rs`): dated days with loaded sessions and rest days with
//!    recovery guidance (`rest.rs`): every exercise's progress (`progression.rs`), the lifts'
//!    maxes (`lifts.rs`) and its set lines' loads (`lines.rs`, `rpe.rs`), a deload week's
//!    intensities already lowered;
//! 7. **apply deloads** (`deload/`): deload weeks get fewer sets and a reason;
//! 8. **check numbers** (`sanity.rs`): loads of 0 or less are errors; above-max intensities,
//!    too many sets, weeks at failure and weekly volume out of range are located warnings;
//! 9. **warm-ups** (`warmup.rs`), when asked for: warm-up sets and plates per side for the
//!    main barbell lifts.
//!
//! The output types are in `schedule.rs`: the [`Schedule`] is the JSON output format and the
//! template context of the printable plan; its field names are stable and snake_case.
//!
//! What several stages share has a file of its own, so no two files of this folder name each
//! other: a set line's target before rounding (`target.rs`), rounding to the plates
//! (`plates.rs`), and what the number checks share (`numbers.rs`).

mod budget;
mod chart_data;
mod days;
mod deload;
mod effort;
pub(crate) mod history;
mod inventory;
mod jumps;
mod layout;
mod lifts;
mod lines;
pub(crate) mod muscles;
mod numbers;
mod plates;
pub(crate) mod progression;
mod rest;
mod rpe;
pub(crate) mod sanity;
pub(crate) mod schedule;
mod shape;
mod target;
mod warmup;
mod weeks;

use jiff::civil::Date;

pub use rest::{RecoveryItem, RestDay, Topic};
pub use rpe::{
    FATIGUE_PER_SET, feasible_percent, feasible_reps, implied_rpe, reps_to_failure, rpe_percent,
};
pub use schedule::{
    Day, DayKind, Lift, Line, LoadFrom, PlanMessages, Prescription, RepRange, Schedule, Session,
    Week,
};
pub use shape::{ChartData, CycleTm, MuscleSets, TrainingMaxes};
pub use warmup::{Plates, STANDARD_KG, STANDARD_LB, plates_text};

use crate::error::Error;
use crate::message::Message;
use crate::programs::{Athlete, History, Level, PlanInput, Program, Weekday, effective_program};
use deload::{BlockEnds, DeloadRules, Placement};
use layout::WeekLayout;

pub use crate::limits::MAX_WEEKS;
/// The most years of training a history may give.
pub const MAX_TRAINING_YEARS: f64 = 80.0;

/// Command-line choices that override the input files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanOptions {
    /// Training level (wins over everything else).
    pub level: Option<Level>,
    /// Years of consistent training (wins over the file's level and years).
    pub training_years: Option<f64>,
    /// Loading weeks since the last deload (wins over the file).
    pub weeks_since_deload: Option<u32>,
    /// First day of the plan (wins over the athlete's `start`).
    pub start: Option<Date>,
    /// Plan length in weeks (default: one pass through the blocks plus the deloads among them).
    pub weeks: Option<u32>,
    /// Warm-up sets with plate math for the main lifts (also on with the athlete's `warmups`).
    pub warmups: bool,
}

/// The Monday after `today` (a week later when `today` is a Monday).
pub fn next_monday(today: Date) -> Date {
    let offset = 7 - i64::from(today.weekday().to_monday_zero_offset());
    today
        .checked_add(jiff::Span::new().days(offset))
        .unwrap_or(today)
}

/// What the stages read: the program as the athlete runs it, the athlete, their history and the
/// options.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Inputs<'p> {
    /// The program with the athlete's swaps, changes and skipped sessions applied.
    pub(crate) program: &'p Program,
    /// The athlete, when planning from an athlete file.
    pub(crate) athlete: Option<&'p Athlete>,
    /// The athlete's history (empty without an athlete).
    pub(crate) history: &'p History,
    /// The command-line overrides.
    pub(crate) opts: &'p PlanOptions,
}

/// Builds the schedule. Flags in `opts` override the files. Errors: no start date, a week count
/// of 0 or above 520 (ten years), options out of range (weeks since the last deload above 520,
/// training years outside 0–80), a program with no sessions or blocks, more sessions a week than
/// days (7, or more than the athlete's available days), a load of 0 or less in any week (located
/// at the exercise). Located warnings about the program's numbers are in the schedule's
/// `diagnostics` and, as text, its `warnings`.
pub fn plan(input: &PlanInput, opts: &PlanOptions) -> Result<Schedule, Error> {
    check_options(opts)?;
    let athlete = input.athlete.as_ref();
    let program = effective_program(&input.program, athlete);
    check_program(&program)?;
    let no_history = History::default();
    let history = athlete.map_or(&no_history, |a| &a.history);
    let inputs = Inputs {
        program: &program,
        athlete,
        history,
        opts,
    };

    let training = history::resolve(&inputs);
    let ends = BlockEnds::new(program.blocks.iter().map(|b| b.weeks));
    let placement = Placement::new(&training.cadence, history, opts, program.wave, &ends);
    let start = start_date(&inputs)?;
    let length = weeks::plan_length(&inputs, &placement)?;
    budget::check_plan_size(&program, length.weeks)?;
    let positions = weeks::week_positions(&program.blocks, length.weeks, &placement, program.wave);
    let days = days::choose_training_days(&inputs, Weekday::of(start), &positions)?;
    let layout = WeekLayout::new(&inputs, start, &days, &positions);
    let mut weeks = layout::lay_out_weeks(&layout, &positions)?;
    let rules = DeloadRules {
        placement: &placement,
        settings: &program.deload,
    };
    deload::apply_deloads(&mut weeks, &rules);
    let (diagnostics, said): (Vec<Error>, Vec<Message>) =
        check_numbers(&weeks, &inputs, &layout.loads)?
            .into_iter()
            .unzip();
    let lifts = layout.loads.lifts.summary.clone();
    // the chart's numbers count working sets only: collected before the warm-ups are added
    let chart = chart_data::collect(&weeks, &program, &lifts, tm_share(&inputs));
    if opts.warmups || athlete.is_some_and(|a| a.warmups) {
        let plates = warmup::Plates::of(athlete, program.units, layout.loads.plate);
        let warm = warmup::Plates::of(athlete, program.units, 0.0);
        warmup::add_warmups(&mut weeks, &plates, &warm);
    }

    let (warnings, warning_messages) =
        all_warnings(&training, length.warning, &days, (&diagnostics, said));
    let messages = PlanMessages {
        level_reason: training.level_message,
        cadence_reason: training.cadence.reason_message,
        days_reason: days.messages.0.clone(),
        warnings: warning_messages,
        history_source: history.source_message.clone().unwrap_or_default(),
    };
    Ok(Schedule {
        athlete: athlete.map(|a| a.name.clone()).filter(|n| !n.is_empty()),
        program: program.name.clone(),
        description: program.description.clone(),
        units: program.units,
        start,
        end: weeks.last().map_or(start, |w| w.end),
        level: training.level,
        level_reason: training.level_reason,
        deload_every: placement.every,
        cadence_reason: training.cadence.reason,
        first_deload_week: placement.first,
        training_days: days.weekday_names(),
        days_reason: days.reason.clone(),
        warnings,
        wave: placement.wave,
        plate_increment: layout.loads.plate,
        lifts,
        history_source: history.source.clone(),
        history_chart: None,
        chart,
        weeks,
        diagnostics,
        messages,
    })
}

/// The plan's warnings in English and as messages: the cadence's, the length's, the days' and
/// the located ones about the program's numbers (each with its message).
fn all_warnings(
    training: &history::Training,
    length: Option<String>,
    days: &days::TrainingDays<'_>,
    (diagnostics, said): (&[Error], Vec<Message>),
) -> (Vec<String>, Vec<Message>) {
    let mut warnings: Vec<String> = training.cadence.warnings.clone();
    let mut messages = training.cadence.warning_messages.clone();
    if let Some(w) = length {
        warnings.push(w);
        messages.push(Message::new("plan_warn_too_long").count("max", MAX_WEEKS));
    }
    warnings.extend(days.warning.clone());
    messages.extend(days.messages.1.clone());
    warnings.extend(diagnostics.iter().map(warning_text));
    messages.extend(said);
    (warnings, messages)
}

/// The "check numbers" stage ([`sanity::check`]) for the plan's program and lifts.
fn check_numbers(
    weeks: &[Week],
    inputs: &Inputs<'_>,
    loads: &layout::Loads,
) -> Result<Vec<numbers::Said>, Error> {
    sanity::check(
        weeks,
        &numbers::Numbers {
            program: inputs.program,
            lifts: &loads.lifts,
            tm_share: tm_share(inputs),
            plate: loads.plate,
        },
    )
}

/// The training max as a share of the 1RM: the athlete's, else the program's, else 90 %.
fn tm_share(inputs: &Inputs<'_>) -> f64 {
    inputs
        .athlete
        .and_then(|a| a.training_max)
        .or(inputs.program.training_max)
        .unwrap_or(lifts::DEFAULT_TRAINING_MAX)
}

/// A located warning as one line of text: `file:line:column: message; hint`, the file by its
/// name only (the same wherever the plan is made).
pub fn warning_text(e: &Error) -> String {
    let mut out = String::new();
    if let Some(place) = warning_place(e) {
        out.push_str(&place);
        out.push_str(": ");
    }
    out.push_str(&e.message);
    if let Some(h) = &e.hint {
        out.push_str("; ");
        out.push_str(h);
    }
    out
}

/// Where located warning `e` is, as [`warning_text`] writes it: `file:line:column`, the file
/// by its name only.
pub(crate) fn warning_place(e: &Error) -> Option<String> {
    let path = e.path.as_ref()?;
    let mut out = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if let Some(l) = e.location {
        out.push_str(&format!(":{}:{}", l.line, l.column));
    }
    Some(out)
}

/// Options in the same ranges as the files: weeks since the last deload 0 to [`MAX_WEEKS`],
/// training years 0 to [`MAX_TRAINING_YEARS`].
fn check_options(opts: &PlanOptions) -> Result<(), Error> {
    if let Some(w) = opts.weeks_since_deload
        && w > MAX_WEEKS
    {
        return Err(Error::new(format!(
            "{w} weeks since the last deload is more than the {MAX_WEEKS} accepted"
        ))
        .with_hint(format!(
            "give the loading weeks trained since the last deload, 0 to {MAX_WEEKS} (ten years)"
        )));
    }
    if let Some(y) = opts.training_years
        && !(y.is_finite() && (0.0..=MAX_TRAINING_YEARS).contains(&y))
    {
        return Err(Error::new(format!("{y} years of training is not possible"))
            .with_hint("give years of consistent training, e.g. 1.5 (0 to 80)"));
    }
    Ok(())
}

/// A program the stages can plan: at least one session and one block, 1 to 6 sessions a week.
fn check_program(program: &Program) -> Result<(), Error> {
    if program.sessions.is_empty() || program.blocks.is_empty() {
        return Err(Error::new(format!(
            "program `{}` has no sessions or no blocks",
            program.name
        ))
        .with_hint("a program needs at least one block and one session"));
    }
    let d = program.sessions_per_week;
    if d == 0 || d >= 7 {
        return Err(Error::new(format!("{d} sessions a week is not possible"))
            .with_hint("every week needs at least one rest day: use 1 to 6 sessions a week"));
    }
    Ok(())
}

/// The plan's first day: the options' start, else the athlete's. Error: neither gives one.
fn start_date(inputs: &Inputs<'_>) -> Result<Date, Error> {
    inputs
        .opts
        .start
        .or(inputs.athlete.and_then(|a| a.start))
        .ok_or_else(|| {
            Error::new("no start date").with_hint(
                "give a start date (the command line defaults to next Monday), or `start:` in the athlete file",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_monday_is_strictly_after() {
        let d = |s: &str| s.parse::<Date>().unwrap_or_default();
        assert_eq!(next_monday(d("2026-01-05")), d("2026-01-12")); // a Monday
        assert_eq!(next_monday(d("2026-01-07")), d("2026-01-12")); // a Wednesday
        assert_eq!(next_monday(d("2026-01-11")), d("2026-01-12")); // a Sunday
    }
}
