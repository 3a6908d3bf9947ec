//! The periodisation engine: a [`PlanInput`] in, a dated [`Schedule`] out. Pure: no I/O and no
//! clock (the caller computes the default start with [`next_monday`]).
//!
//! Where each rule lives:
//! - [`history`]: level from history, deload cadence K and its reasons;
//! - [`deload`]: where deload weeks fall and what they change (including the 60 % cap);
//! - [`schedule`]: training weekdays, consecutive-day runs and heavy-session spacing;
//! - [`progression`]: weekly progression and loads rounded to the plate;
//! - [`rest`]: recovery guidance on rest days.
//!
//! The [`Schedule`] is the JSON output format and the template context of the printable plan;
//! its field names are stable and snake_case.

pub mod deload;
pub mod history;
pub mod progression;
pub mod rest;
pub mod schedule;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

pub use rest::{RecoveryItem, RestDay, Topic};

use crate::error::Error;
use crate::programs::{Block, Level, PlanInput, Program, Units, Weekday, effective_program};
use history::CadenceSource;
use schedule::{Calendar, Sessions};

/// The longest plan the engine builds, in weeks (ten years).
pub const MAX_WEEKS: u32 = 520;

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
}

/// The Monday after `today` (a week later when `today` is a Monday).
pub fn next_monday(today: Date) -> Date {
    let offset = 7 - i64::from(today.weekday().to_monday_zero_offset());
    today
        .checked_add(jiff::Span::new().days(offset))
        .unwrap_or(today)
}

fn ser_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// A dated training plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// The athlete's name, when planned from an athlete file.
    pub athlete: Option<String>,
    /// Program name.
    pub program: String,
    /// Program description.
    pub description: String,
    /// Units of every load.
    pub units: Units,
    /// First day (ISO date).
    #[serde(serialize_with = "ser_date")]
    pub start: Date,
    /// Last day (ISO date).
    #[serde(serialize_with = "ser_date")]
    pub end: Date,
    /// The lifter's level.
    pub level: Level,
    /// Why that level ("2.5 years of training → advanced (2 years or more)").
    pub level_reason: String,
    /// Deload cadence K: a deload every K weeks, counting the deload.
    pub deload_every: u32,
    /// Why that cadence ("advanced lifter: every 4th week; sleep under 7 h (6 h): ...").
    pub cadence_reason: String,
    /// Week number of the first deload (it may lie beyond the plan's end).
    pub first_deload_week: u32,
    /// Training weekdays ("Monday", ...).
    pub training_days: Vec<String>,
    /// Why those days (runs of consecutive days, heavy spacing).
    pub days_reason: String,
    /// Things the reader should look at (cadence outside 4–6, unavoidable clashes, ...).
    pub warnings: Vec<String>,
    /// Where the training history came from when a training log was read ("From your log: ..."),
    /// else `null`.
    pub history_source: Option<String>,
    /// The training log's weekly-volume chart (SVG), for the printable plan only; not in the JSON.
    #[serde(skip)]
    pub history_chart: Option<String>,
    /// The weeks, in order.
    pub weeks: Vec<Week>,
}

/// One 7-day week of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Week {
    /// 1-based week number.
    pub number: u32,
    /// First day.
    #[serde(serialize_with = "ser_date")]
    pub start: Date,
    /// Last day.
    #[serde(serialize_with = "ser_date")]
    pub end: Date,
    /// The block this week belongs to (a deload week: the block it follows).
    pub block: String,
    /// The block's focus (a deload week: "deload").
    pub focus: String,
    /// Whether this is a deload week.
    pub is_deload: bool,
    /// Why this week is a deload, for deload weeks.
    pub deload_reason: Option<String>,
    /// Link to the site's deload guidance, for deload weeks.
    pub deload_link: Option<String>,
    /// Sets in the week.
    pub total_sets: u32,
    /// Seven days.
    pub days: Vec<Day>,
}

/// One calendar day: a session or a rest day.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// The date.
    pub date: Date,
    /// The weekday.
    pub weekday: Weekday,
    /// What happens that day.
    pub kind: DayKind,
}

/// A training day or a rest day.
#[derive(Debug, Clone, PartialEq)]
pub enum DayKind {
    /// A training session.
    Session(Session),
    /// A rest day with recovery guidance.
    Rest(RestDay),
}

impl Day {
    /// The session, on a training day.
    pub fn session(&self) -> Option<&Session> {
        match &self.kind {
            DayKind::Session(s) => Some(s),
            DayKind::Rest(_) => None,
        }
    }

    /// The rest-day guidance, on a rest day.
    pub fn rest(&self) -> Option<&RestDay> {
        match &self.kind {
            DayKind::Rest(r) => Some(r),
            DayKind::Session(_) => None,
        }
    }

    /// `"session"` or `"rest"`: the day's `kind` in the JSON format and the templates.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            DayKind::Session(_) => "session",
            DayKind::Rest(_) => "rest",
        }
    }
}

/// Serialised as `{date, weekday, kind: "session"|"rest", session: {...}|null, rest: {...}|null}`
/// so templates can test `day.session` and `day.rest`.
impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Day", 5)?;
        st.serialize_field("date", &self.date.to_string())?;
        st.serialize_field("weekday", self.weekday.name())?;
        st.serialize_field("kind", self.kind_name())?;
        st.serialize_field("session", &self.session())?;
        st.serialize_field("rest", &self.rest())?;
        st.end()
    }
}

/// A training session on a given day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Session {
    /// Session name.
    pub name: String,
    /// Main muscle groups.
    pub muscles: Vec<String>,
    /// Whether it is a heavy session.
    pub heavy: bool,
    /// The exercises.
    pub prescriptions: Vec<Prescription>,
}

/// Reps as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RepRange {
    /// Fewest reps.
    pub min: u32,
    /// Most reps (`None` for AMRAP).
    pub max: Option<u32>,
}

/// One exercise on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prescription {
    /// Exercise name (after the athlete's swaps).
    pub exercise: String,
    /// Working sets.
    pub sets: u32,
    /// Reps for display ("5", "8-12", "AMRAP", "5+ (AMRAP)").
    pub reps: String,
    /// Reps as numbers.
    pub rep_range: RepRange,
    /// Whether the sets are as-many-reps-as-possible.
    pub amrap: bool,
    /// Intensity for display ("75% 1RM", "RPE 8", "RIR 2", "60 kg"; empty when not given).
    pub intensity: String,
    /// Percent of 1RM, when prescribed that way.
    pub percent: Option<f64>,
    /// RPE, when prescribed that way.
    pub rpe: Option<f64>,
    /// RIR, when prescribed that way.
    pub rir: Option<f64>,
    /// Load, rounded to the plate increment (fixed loads, or percent × the athlete's 1RM).
    pub load: Option<f64>,
    /// Units of `load`.
    pub units: Units,
    /// Rest between sets, seconds.
    pub rest: Option<u32>,
    /// Tempo.
    pub tempo: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// Superset group label.
    pub superset: Option<String>,
}

/// Where a loading week sits in the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Position {
    block: usize,
    step: u32,
}

/// The block and step of the `loading_index`-th loading week (0-based), blocks repeating.
fn position(blocks: &[Block], loading_index: u32) -> Position {
    let total: u32 = blocks
        .iter()
        .fold(0u32, |a, b| a.saturating_add(b.weeks.max(1)));
    let mut i = loading_index % total.max(1);
    for (b, block) in blocks.iter().enumerate() {
        let w = block.weeks.max(1);
        if i < w {
            return Position { block: b, step: i };
        }
        i -= w;
    }
    Position { block: 0, step: 0 }
}

fn add_days(date: Date, days: i64) -> Result<Date, Error> {
    date.checked_add(jiff::Span::new().days(days)).map_err(|e| {
        Error::new(format!("the plan runs past the end of the calendar: {e}"))
            .with_hint("choose an earlier start date or fewer weeks")
    })
}

/// Builds the schedule. Flags in `opts` override the files. Errors: no start date, a week count
/// of 0 or above [`MAX_WEEKS`], a program with no sessions or blocks, more sessions a week than
/// days (7, or more than the athlete's available days).
pub fn plan(input: &PlanInput, opts: &PlanOptions) -> Result<Schedule, Error> {
    let athlete = input.athlete.as_ref();
    let program = effective_program(&input.program, athlete);
    let history = athlete.map(|a| a.history.clone()).unwrap_or_default();
    let mut warnings = Vec::new();

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

    // History, cadence and deload placement.
    let (level, level_reason) = history::resolve_level(&history, opts);
    let explicit = athlete
        .and_then(|a| a.deload_every.map(|k| (k, CadenceSource::Athlete)))
        .or(program.deload.every.map(|k| (k, CadenceSource::Program)));
    let cadence = history::cadence(level, &history, explicit);
    warnings.extend(cadence.warnings.iter().cloned());
    let every = cadence.every.max(2);
    let since = opts
        .weeks_since_deload
        .or(history.weeks_since_deload)
        .unwrap_or(0)
        .min(MAX_WEEKS);
    // Two or more warning signs in a training log bring the first deload to week 1.
    let early = history.early_deload.as_deref();
    let first = if early.is_some() {
        1
    } else {
        deload::first_deload_week(every, since)
    };

    let start = opts
        .start
        .or(athlete.and_then(|a| a.start))
        .ok_or_else(|| {
            Error::new("no start date").with_hint(
                "give a start date (the command line defaults to next Monday), or `start:` in the athlete file",
            )
        })?;
    let weeks = match opts.weeks {
        Some(0) => {
            return Err(Error::new("a plan of 0 weeks is empty")
                .with_hint(format!("ask for 1 to {MAX_WEEKS} weeks")));
        }
        Some(w) if w > MAX_WEEKS => {
            return Err(Error::new(format!(
                "{w} weeks is longer than the {MAX_WEEKS} planned at most"
            ))
            .with_hint(format!("ask for 1 to {MAX_WEEKS} weeks")));
        }
        Some(w) => w,
        None => {
            let loading = program.loading_weeks();
            let w = deload::default_weeks(loading, first, every, MAX_WEEKS);
            if loading > MAX_WEEKS {
                warnings.push(format!(
                    "the program is longer than {MAX_WEEKS} weeks; the plan stops there"
                ));
            }
            w
        }
    };

    // Week shapes and training days.
    let d_usize = usize::try_from(d).unwrap_or(0);
    let block_lists: Vec<Vec<&crate::programs::SessionTemplate>> = program
        .blocks
        .iter()
        .map(|b| {
            program
                .session_list(b)
                .iter()
                .filter_map(|n| program.session(n))
                .collect()
        })
        .collect();
    if block_lists.iter().any(Vec::is_empty) {
        return Err(Error::new("a block has no sessions to run")
            .with_hint("check the block's `sessions` list and the athlete's skipped sessions"));
    }
    let rotation = program.rotation.is_some();
    let week_lists: Vec<Vec<&crate::programs::SessionTemplate>> = block_lists
        .iter()
        .map(|l| l.iter().copied().cycle().take(d_usize).collect())
        .collect();
    let lists = if rotation { &block_lists } else { &week_lists };
    let sessions = Sessions { lists, rotation };

    // Where every week sits in the program: deload weeks repeat the last loading position and
    // do not advance it.
    let mut positions: Vec<(bool, Position)> = Vec::new();
    let mut loading_done: u32 = 0;
    let mut last_loading: Option<Position> = None;
    for n in 1..=weeks {
        let is_deload = deload::is_deload_week(n, first, every);
        let pos = if is_deload {
            last_loading.unwrap_or(position(&program.blocks, 0))
        } else {
            let p = position(&program.blocks, loading_done);
            loading_done = loading_done.saturating_add(1);
            last_loading = Some(p);
            p
        };
        positions.push((is_deload, pos));
    }
    let week_blocks: Vec<usize> = positions.iter().map(|(_, p)| p.block).collect();
    let calendar = Calendar {
        start: Weekday::of(start),
        week_blocks: &week_blocks,
    };

    let available: Vec<Weekday> = athlete
        .and_then(|a| a.available_days.clone())
        .unwrap_or_else(|| Weekday::ALL.to_vec());
    let choice =
        schedule::choose_days(d_usize, &available, sessions, calendar).ok_or_else(|| {
            Error::new(format!(
                "{} available day{} for {d} sessions a week",
                available.len(),
                if available.len() == 1 { "" } else { "s" }
            ))
            .with_hint("make more days available or skip a session")
        })?;
    let layout = schedule::lay_out(&choice.days, sessions, &choice.orders, calendar);
    let day_names: Vec<&str> = choice.days.iter().map(|d| &d.name()[..3]).collect();
    let least = schedule::least_run(d);
    let mut days_reason = format!(
        "{d} session{} a week on {}: at most {} training day{} in a row",
        if d == 1 { "" } else { "s" },
        day_names.join(", "),
        choice.max_run,
        if choice.max_run == 1 { "" } else { "s" },
    );
    if choice.max_run == least {
        days_reason.push_str(&format!(" (the least possible for {d} a week)"));
    } else {
        days_reason.push_str(&format!(
            " (the least the available days allow; {least} with every day free)"
        ));
    }
    if choice.clashes == 0 {
        days_reason.push_str("; heavy sessions on the same muscles are at least 48 h apart");
    } else {
        warnings.push(format!(
            "no arrangement of the sessions on the available days keeps every heavy session on the same muscle group 48 h apart ({} time{} in the plan)",
            choice.clashes,
            if choice.clashes == 1 { "" } else { "es" }
        ));
    }

    let units = program.units;
    let plate = athlete
        .and_then(|a| a.plate_increment)
        .filter(|p| p.is_finite() && *p > 0.0)
        .unwrap_or_else(|| units.default_plate_increment());

    let mut out_weeks = Vec::new();
    let mut previous_total: Option<u32> = None;
    let mut last_session: Option<(String, bool)> = None;
    for (n, (is_deload, pos)) in (1..=weeks).zip(positions) {
        let block = &program.blocks[pos.block];
        let week_start = add_days(start, i64::from(n - 1) * 7)?;
        let week_end = add_days(week_start, 6)?;

        // Sessions for the week, in date order.
        let mut days: Vec<Day> = Vec::with_capacity(7);
        for offset in 0..7 {
            let date = add_days(week_start, offset)?;
            let weekday = Weekday::of(date);
            let index =
                usize::try_from(n - 1).unwrap_or(0) * 7 + usize::try_from(offset).unwrap_or(0);
            let template = layout
                .get(index)
                .copied()
                .flatten()
                .and_then(|i| lists[pos.block].get(i));
            let kind = match template {
                Some(template) => {
                    let session =
                        build_session(template, &program, block, pos.step, athlete, plate);
                    DayKind::Session(session)
                }
                None => DayKind::Rest(rest::rest_day(&rest::RestContext {
                    after: last_session.take(),
                    deload_week: is_deload,
                    sleep_hours: history.sleep_hours,
                })),
            };
            if let DayKind::Session(s) = &kind {
                last_session = Some((s.name.clone(), s.heavy));
            }
            days.push(Day {
                date,
                weekday,
                kind,
            });
        }

        let loading_total = total_sets(&days);
        let (deload_reason, total) = if is_deload {
            let before = previous_total.unwrap_or(loading_total);
            let mut sessions: Vec<&mut Session> = days
                .iter_mut()
                .filter_map(|d| match &mut d.kind {
                    DayKind::Session(s) => Some(s),
                    DayKind::Rest(_) => None,
                })
                .collect();
            let outcome = deload::deload_week(&mut sessions, before, &program.deload, plate);
            let reason = deload::reason(
                n,
                first,
                every,
                since,
                &cadence.reason,
                &program.deload,
                &outcome,
                before,
                early,
            );
            (Some(reason), outcome.total)
        } else {
            (None, loading_total)
        };
        previous_total = Some(total);
        out_weeks.push(Week {
            number: n,
            start: week_start,
            end: week_end,
            block: block.name.clone(),
            focus: if is_deload {
                "deload".to_string()
            } else {
                block.focus.clone()
            },
            is_deload,
            deload_link: is_deload.then(|| rest::DELOAD_LINK.to_string()),
            deload_reason,
            total_sets: total,
            days,
        });
    }
    let end = out_weeks.last().map_or(start, |w| w.end);

    Ok(Schedule {
        athlete: athlete.map(|a| a.name.clone()).filter(|n| !n.is_empty()),
        program: program.name.clone(),
        description: program.description.clone(),
        units,
        start,
        end,
        level,
        level_reason,
        deload_every: every,
        cadence_reason: cadence.reason,
        first_deload_week: first,
        training_days: choice.days.iter().map(|d| d.name().to_string()).collect(),
        days_reason,
        warnings,
        history_source: history.source.clone(),
        history_chart: None,
        weeks: out_weeks,
    })
}

fn total_sets(days: &[Day]) -> u32 {
    days.iter()
        .filter_map(Day::session)
        .flat_map(|s| s.prescriptions.iter())
        .fold(0u32, |a, p| a.saturating_add(p.sets))
}

fn build_session(
    template: &crate::programs::SessionTemplate,
    program: &Program,
    block: &Block,
    step: u32,
    athlete: Option<&crate::programs::Athlete>,
    plate: f64,
) -> Session {
    let prescriptions = template
        .exercises
        .iter()
        .map(|spec| {
            let rule = spec
                .progression
                .or(block.progression)
                .or(program.progression);
            let ctx = progression::LoadContext {
                units: program.units,
                plate,
                one_rm: athlete.and_then(|a| a.max_for(&spec.exercise)),
            };
            progression::prescribe(spec, rule, step, ctx)
        })
        .collect();
    Session {
        name: template.name.clone(),
        muscles: template.muscles.clone(),
        heavy: template.heavy,
        prescriptions,
    }
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

    #[test]
    fn positions_repeat_blocks() {
        let b = |w| Block {
            name: String::new(),
            weeks: w,
            focus: String::new(),
            sessions: None,
            progression: None,
        };
        let blocks = [b(2), b(3)];
        let got: Vec<(usize, u32)> = (0..7)
            .map(|i| {
                let p = position(&blocks, i);
                (p.block, p.step)
            })
            .collect();
        assert_eq!(
            got,
            vec![(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (0, 0), (0, 1)]
        );
    }
}
