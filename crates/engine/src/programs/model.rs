//! The validated input model: what a program and an athlete file mean once loaded.
//!
//! These types are what the plan engine ([`crate::plan`]) consumes. They carry no YAML details:
//! every number here has already been checked (sets and reps at least 1, weeks at least 1, a rep
//! range the right way up, ...), so the engine can rely on them. The YAML shapes that produce them
//! are described in [`super::load`] (programs) and [`super::athlete`] (athletes).

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

/// Weight units of a program or an athlete's maxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    /// Kilograms (the default).
    #[default]
    Kg,
    /// Pounds.
    Lb,
}

impl Units {
    /// The conventional smallest load jump: 2.5 kg or 5 lb.
    pub fn default_plate_increment(self) -> f64 {
        match self {
            Units::Kg => 2.5,
            Units::Lb => 5.0,
        }
    }

    /// Converts `value` given in `from` units into `self` units.
    pub(crate) fn convert(self, value: f64, from: Units) -> f64 {
        const LB_IN_KG: f64 = 0.453_592_37;
        match (from, self) {
            (Units::Kg, Units::Lb) => value / LB_IN_KG,
            (Units::Lb, Units::Kg) => value * LB_IN_KG,
            _ => value,
        }
    }

    /// `"kg"` or `"lb"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Units::Kg => "kg",
            Units::Lb => "lb",
        }
    }
}

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A training program: blocks of weeks, the sessions they use, and how load progresses.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    /// Display name.
    pub name: String,
    /// What the program is and how it works, in the author's words.
    pub description: String,
    /// Who wrote it.
    pub author: Option<String>,
    /// Units of every fixed load and load step in the program.
    pub units: Units,
    /// Training days per week (1–6). For weekly programs the week's session list is cycled to
    /// this many sessions; for rotation programs the rotation runs over this many days a week.
    pub sessions_per_week: u32,
    /// Session names that run in order over the training days, continuing across weeks
    /// (`None` for a weekly program, where every week repeats the same list).
    pub rotation: Option<Vec<String>>,
    /// Who the program suits, free text.
    pub suits: Option<String>,
    /// The blocks, run in order and repeated to fill the plan.
    pub blocks: Vec<Block>,
    /// Session definitions, referenced by name from blocks and the rotation.
    pub sessions: Vec<SessionTemplate>,
    /// Program-wide progression (a block's or an exercise's own progression wins).
    pub progression: Option<Progression>,
    /// Deload settings (cadence override and how much a deload week reduces).
    pub deload: DeloadSettings,
}

impl Program {
    /// The session definition called `name` (case-insensitive).
    pub fn session(&self, name: &str) -> Option<&SessionTemplate> {
        self.sessions
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// Total loading weeks in one pass through the blocks.
    pub fn loading_weeks(&self) -> u32 {
        self.blocks
            .iter()
            .fold(0u32, |acc, b| acc.saturating_add(b.weeks))
    }

    /// The session names block `block` runs: the block's own list, else the rotation, else every
    /// session in definition order.
    pub(crate) fn session_list(&self, block: &Block) -> Vec<String> {
        if let Some(list) = &block.sessions {
            return list.clone();
        }
        if let Some(rotation) = &self.rotation {
            return rotation.clone();
        }
        self.sessions.iter().map(|s| s.name.clone()).collect()
    }
}

/// A run of weeks with one focus.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Block name, unique within a program.
    pub name: String,
    /// Loading weeks in the block (deload weeks are added on top).
    pub weeks: u32,
    /// The block's focus ("accumulation", "strength", ...).
    pub focus: String,
    /// Session names for this block (the week's list, or the rotation for rotation programs);
    /// `None` uses the program's rotation or all its sessions.
    pub sessions: Option<Vec<String>>,
    /// The block's progression rule.
    pub progression: Option<Progression>,
}

/// One day's training.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionTemplate {
    /// Session name, unique within a program.
    pub name: String,
    /// Main muscle groups trained, lower case (`legs`, `back`, ...).
    pub muscles: Vec<String>,
    /// Whether this is a heavy session (heavy sessions on the same muscle group are spread 48 h
    /// apart where possible).
    pub heavy: bool,
    /// The exercises in order.
    pub exercises: Vec<PrescriptionSpec>,
}

/// Exercise × sets × reps × intensity, as written in the program.
#[derive(Debug, Clone, PartialEq)]
pub struct PrescriptionSpec {
    /// Exercise name.
    pub exercise: String,
    /// Working sets, at least 1.
    pub sets: u32,
    /// Reps per set.
    pub reps: Reps,
    /// How hard; `None` leaves it to the lifter.
    pub intensity: Option<Intensity>,
    /// Rest between sets, seconds.
    pub rest: Option<u32>,
    /// Tempo notation ("3-1-1-0").
    pub tempo: Option<String>,
    /// Coaching notes.
    pub notes: Option<String>,
    /// Superset group label; exercises with the same label alternate.
    pub superset: Option<String>,
    /// This exercise's own progression rule (wins over the block's).
    pub progression: Option<Progression>,
}

/// Reps per set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reps {
    /// Exactly this many.
    Fixed(u32),
    /// A range, low ≤ high (`8-12`).
    Range(u32, u32),
    /// As many reps as possible, optionally with a floor (`AMRAP`, `5+`).
    Amrap(Option<u32>),
}

impl fmt::Display for Reps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reps::Fixed(n) => write!(f, "{n}"),
            Reps::Range(a, b) => write!(f, "{a}-{b}"),
            Reps::Amrap(Some(m)) => write!(f, "{m}+ (AMRAP)"),
            Reps::Amrap(None) => f.write_str("AMRAP"),
        }
    }
}

/// How hard a prescription is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Intensity {
    /// Percent of the one-rep max (0–100; above 100 is allowed with a warning).
    Percent(f64),
    /// Rating of perceived exertion, 1–10.
    Rpe(f64),
    /// Reps in reserve, 0 or more.
    Rir(f64),
    /// A fixed load in program units.
    Load(f64),
}

/// How a prescription progresses from one loading week to the next within a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progression {
    /// Add this much load (program units) each loading week.
    Linear(f64),
    /// Add this many percentage points of 1RM each loading week.
    Percent(f64),
    /// Double progression: one more rep each loading week through the rep range; after the top of
    /// the range, add this much load and start again from the bottom.
    Double(f64),
    /// Add this much RPE each loading week (capped at 10; RIR falls by the same, floored at 0).
    Rpe(f64),
}

/// A program's deload settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeloadSettings {
    /// Explicit cadence K (a deload every K weeks, counting the deload), overriding the level.
    pub every: Option<u32>,
    /// Fraction of sets kept in a deload week (default 0.5, rounded down, at least 1 per exercise).
    pub sets_factor: f64,
    /// Load multiplier in a deload week (default 0.9).
    pub load_factor: f64,
}

impl Default for DeloadSettings {
    fn default() -> Self {
        DeloadSettings {
            every: None,
            sets_factor: 0.5,
            load_factor: 0.9,
        }
    }
}

/// Training experience level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Under 6 months of consistent training.
    Novice,
    /// 6 months to under 2 years.
    Intermediate,
    /// 2 years or more.
    Advanced,
}

impl Level {
    /// `"novice"`, `"intermediate"` or `"advanced"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Novice => "novice",
            Level::Intermediate => "intermediate",
            Level::Advanced => "advanced",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The five signs of overreaching the guidance teaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// Workouts feel harder than usual.
    HarderWorkouts,
    /// Soreness lingers.
    LingeringSoreness,
    /// Mood swings, irritability, trouble sleeping.
    MoodSleep,
    /// Slower recovery between sessions.
    SlowRecovery,
    /// Progress stalls or reverses.
    StalledProgress,
}

/// An athlete's training history and recovery markers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// Stated level (wins over `training_years` when both are given).
    pub level: Option<Level>,
    /// Years of consistent training.
    pub training_years: Option<f64>,
    /// Loading weeks trained since the last deload.
    pub weeks_since_deload: Option<u32>,
    /// Average sleep per night, hours.
    pub sleep_hours: Option<f64>,
    /// Current signs of overreaching.
    pub signs: Vec<Sign>,
    /// Where the history came from, when derived from a training log ("From your log: ..."),
    /// shown on the plan's cover.
    pub source: Option<String>,
    /// Why the first deload comes at once (two or more warning signs in the training log).
    pub early_deload: Option<String>,
}

/// A day of the week, Monday first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Weekday {
    /// All days, Monday first.
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The day with index `i % 7`.
    pub(crate) fn from_index(i: usize) -> Weekday {
        Weekday::ALL[i % 7]
    }

    /// Three-letter lower-case name (`mon`).
    pub(crate) fn short(self) -> &'static str {
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][self.index()]
    }

    /// Full English name (`Monday`).
    pub fn name(self) -> &'static str {
        [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][self.index()]
    }

    /// Parses `mon`, `Monday`, `MON`, ... .
    pub(crate) fn parse(s: &str) -> Option<Weekday> {
        let s = s.trim().to_ascii_lowercase();
        Weekday::ALL
            .into_iter()
            .find(|d| s == d.short() || s == d.name().to_ascii_lowercase())
    }

    /// The weekday of a calendar date.
    pub fn of(date: jiff::civil::Date) -> Weekday {
        Weekday::from_index(usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0))
    }
}

/// An exercise swap: every `from` in the program becomes `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Swap {
    /// Exercise in the program.
    pub from: String,
    /// Exercise the athlete does instead.
    pub to: String,
}

/// A change to the sets or reps of an exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Exercise name (after swaps).
    pub exercise: String,
    /// New set count.
    pub sets: Option<u32>,
    /// New reps.
    pub reps: Option<Reps>,
}

/// An athlete's personal changes to a program.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overrides {
    /// Exercise swaps, applied first.
    pub swap: Vec<Swap>,
    /// Set/rep changes, applied after swaps.
    pub change: Vec<Change>,
    /// Sessions the athlete skips (by name).
    pub skip: Vec<String>,
}

/// An athlete: who follows which program, from when, on which days, with which maxes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Athlete {
    /// Athlete's name.
    pub name: String,
    /// The program file, resolved relative to the athlete file.
    pub program_path: PathBuf,
    /// Training history and recovery markers.
    pub history: History,
    /// First day of the plan.
    pub start: Option<jiff::civil::Date>,
    /// Days the athlete can train (`None`: any day).
    pub available_days: Option<Vec<Weekday>>,
    /// One-rep maxes by exercise name (lower case), in the program's units.
    pub maxes: BTreeMap<String, f64>,
    /// Smallest load jump in the program's units (default 2.5 kg / 5 lb).
    pub plate_increment: Option<f64>,
    /// Personal changes to the program.
    pub overrides: Overrides,
    /// Explicit deload cadence K (wins over the program's).
    pub deload_every: Option<u32>,
    /// The athlete's training log (`log:` in the athlete file, relative to it), read by
    /// `deload plan` to derive the history.
    pub log: Option<PathBuf>,
}

impl Athlete {
    /// The one-rep max for `exercise` (case-insensitive).
    pub(crate) fn max_for(&self, exercise: &str) -> Option<f64> {
        self.maxes.get(&exercise.trim().to_lowercase()).copied()
    }
}

/// What the engine plans from: a program, and optionally the athlete following it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInput {
    /// The program.
    pub program: Program,
    /// The athlete, if the input was an athlete file.
    pub athlete: Option<Athlete>,
}

/// The program as the athlete will run it: swaps, set/rep changes and skipped sessions applied.
/// Sessions that are skipped are removed from block lists and the rotation, and
/// `sessions_per_week` is lowered by the number of skipped entries in a weekly list.
pub fn effective_program(program: &Program, athlete: Option<&Athlete>) -> Program {
    let Some(athlete) = athlete else {
        return program.clone();
    };
    let mut p = program.clone();
    let o = &athlete.overrides;
    for session in &mut p.sessions {
        for ex in &mut session.exercises {
            if let Some(s) = o
                .swap
                .iter()
                .find(|s| s.from.eq_ignore_ascii_case(&ex.exercise))
            {
                ex.notes = Some(match ex.notes.take() {
                    Some(n) => format!("{n} (instead of {})", ex.exercise),
                    None => format!("instead of {}", ex.exercise),
                });
                ex.exercise = s.to.clone();
            }
            for c in o
                .change
                .iter()
                .filter(|c| c.exercise.eq_ignore_ascii_case(&ex.exercise))
            {
                if let Some(sets) = c.sets {
                    ex.sets = sets;
                }
                if let Some(reps) = c.reps {
                    ex.reps = reps;
                }
            }
        }
    }
    if !o.skip.is_empty() {
        let skipped = |n: &String| o.skip.iter().any(|s| s.eq_ignore_ascii_case(n));
        let default_list: Vec<String> = p.sessions.iter().map(|s| s.name.clone()).collect();
        let skipped_per_week = if p.rotation.is_none() {
            // How many of the week's sessions disappear (taken from the first block's list).
            let list = p
                .blocks
                .first()
                .and_then(|b| b.sessions.clone())
                .unwrap_or(default_list);
            let week: Vec<&String> = list
                .iter()
                .cycle()
                .take(usize::try_from(p.sessions_per_week).unwrap_or(0))
                .collect();
            week.iter().filter(|n| skipped(n)).count()
        } else {
            0
        };
        if let Some(r) = &mut p.rotation {
            r.retain(|n| !skipped(n));
        }
        for b in &mut p.blocks {
            if let Some(list) = &mut b.sessions {
                list.retain(|n| !skipped(n));
            }
        }
        p.sessions.retain(|s| !skipped(&s.name));
        let cut = u32::try_from(skipped_per_week).unwrap_or(u32::MAX);
        p.sessions_per_week = p.sessions_per_week.saturating_sub(cut).max(1);
    }
    p
}
