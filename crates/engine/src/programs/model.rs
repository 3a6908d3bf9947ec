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

    /// Converts a load step (a progression's or TM's step, a plate increment) given in `from`
    /// units into `self` units, rounded to what the plates in `self` units can add: the nearest
    /// multiple of half the default increment (1.25 kg, 2.5 lb), never below one. So 2.5 kg a
    /// week is 5 lb, 5 kg is 10 lb and 5 lb is 2.5 kg, not 5.51 lb, 11.02 lb or 2.27 kg. A
    /// step in the same units, or 0, is kept as it is.
    pub(crate) fn convert_step(self, value: f64, from: Units) -> f64 {
        if from == self || value == 0.0 || !value.is_finite() {
            return value;
        }
        let grain = self.default_plate_increment() / 2.0;
        let converted = self.convert(value, from);
        let steps = (converted.abs() / grain).round().max(1.0);
        steps * grain * converted.signum()
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

/// What a percentage is a percentage of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub enum Base {
    /// The one-rep max (`1rm`, the default).
    #[default]
    #[serde(rename = "1rm")]
    OneRm,
    /// The training max (`tm`): by default 90 % of the one-rep max.
    #[serde(rename = "tm")]
    Tm,
}

impl Base {
    /// `"1RM"` or `"TM"`, as printed after a percentage.
    pub fn label(self) -> &'static str {
        match self {
            Base::OneRm => "1RM",
            Base::Tm => "TM",
        }
    }
}

/// Whether a lift is an upper-body or a lower-body lift: it decides the training-max step per
/// cycle (`tm_step: { upper: 2.5, lower: 5 }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LiftKind {
    /// Presses, pulls, arms.
    Upper,
    /// Squats, deadlifts, lunges, leg work.
    Lower,
}

impl LiftKind {
    /// The kind of `exercise` by its name, when the program does not say (`lift:`): lower when
    /// the name holds squat, deadlift, lunge, leg, hip thrust, good morning, step-up, calf or
    /// glute; upper otherwise.
    pub fn of(exercise: &str) -> LiftKind {
        const LOWER: [&str; 9] = [
            "squat",
            "deadlift",
            "lunge",
            "leg",
            "hip thrust",
            "good morning",
            "step-up",
            "calf",
            "glute",
        ];
        let name = exercise.to_lowercase();
        if LOWER.iter().any(|w| name.contains(w)) {
            LiftKind::Lower
        } else {
            LiftKind::Upper
        }
    }
}

/// Where something was written: the file, the line and column, and the text of that line, so
/// a problem found while planning can be reported as precisely as one found while loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub path: PathBuf,
    /// Line and column.
    pub location: crate::error::Location,
    /// The text of the line, for the snippet.
    pub source_line: String,
}

impl Origin {
    /// An error (or warning) located here.
    pub fn error(
        &self,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> crate::error::Error {
        let mut e = crate::error::Error::new(message)
            .in_file(&self.path)
            .with_hint(hint);
        e.location = Some(self.location);
        e.source_line = Some(self.source_line.clone());
        e
    }
}

/// The training-max step per cycle, in program units: how much each lift's TM rises at the start
/// of every new pass through the program's blocks.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TmStep {
    /// Step for upper-body lifts.
    pub upper: f64,
    /// Step for lower-body lifts.
    pub lower: f64,
}

impl TmStep {
    /// The step for a lift of `kind`.
    pub fn for_kind(self, kind: LiftKind) -> f64 {
        match kind {
            LiftKind::Upper => self.upper,
            LiftKind::Lower => self.lower,
        }
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
    /// The training max as a percentage of the 1RM (default 90); an athlete's own wins.
    pub training_max: Option<f64>,
    /// The wave length in weeks, when the program is written in waves (3 for 5/3/1): deloads
    /// then fall at the end of a wave.
    pub wave: Option<u32>,
    /// How much each lift's training max rises per cycle (one pass through the blocks).
    pub tm_step: Option<TmStep>,
    /// Named per-week schemes (a block's own scheme of the same name wins in its weeks).
    pub schemes: Vec<Scheme>,
}

impl Default for Program {
    fn default() -> Self {
        Program {
            name: String::new(),
            description: String::new(),
            author: None,
            units: Units::Kg,
            sessions_per_week: 3,
            rotation: None,
            suits: None,
            blocks: Vec::new(),
            sessions: Vec::new(),
            progression: None,
            deload: DeloadSettings::default(),
            training_max: None,
            wave: None,
            tm_step: None,
            schemes: Vec::new(),
        }
    }
}

impl Program {
    /// The session definition called `name` (case-insensitive).
    pub fn session(&self, name: &str) -> Option<&SessionTemplate> {
        self.sessions
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// The scheme called `name` in the weeks of block `block`: the block's own, else the
    /// program's.
    pub fn scheme(&self, block: usize, name: &str) -> Option<&Scheme> {
        self.blocks
            .get(block)
            .and_then(|b| b.schemes.iter().find(|s| s.name == name))
            .or_else(|| self.schemes.iter().find(|s| s.name == name))
    }

    /// Every set line `spec` can run: the weeks of every scheme of its name (the program's and
    /// the blocks'), then its own lines.
    pub fn lines_of<'a>(&'a self, spec: &'a PrescriptionSpec) -> impl Iterator<Item = &'a SetLine> {
        let name = spec.scheme.as_deref();
        self.schemes
            .iter()
            .chain(self.blocks.iter().flat_map(|b| &b.schemes))
            .filter(move |s| Some(s.name.as_str()) == name)
            .flat_map(|s| s.weeks.iter().flatten())
            .chain(&spec.lines)
    }

    /// Whether any line `spec` can run is a percentage of `base`.
    pub fn uses_base(&self, spec: &PrescriptionSpec, base: Base) -> bool {
        self.lines_of(spec).any(|l| {
            matches!(
                (l.intensity, base),
                (Some(Intensity::Percent(_)), Base::OneRm)
                    | (Some(Intensity::TmPercent(_)), Base::Tm)
            )
        })
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
    /// Start the block from its own written numbers, dropping the progression carried over
    /// from the blocks before (`reset: true`).
    pub reset: bool,
    /// The block's own schemes, which replace the program's of the same name in its weeks.
    pub schemes: Vec<Scheme>,
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
    /// Where the session's `muscles` (else its name) is written.
    pub origin: Option<Origin>,
}

/// One line of sets: sets × reps at one intensity (`3 x 5 @ 75%`), optionally labelled
/// (`warm-up`, `top set`, `BBB`).
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    /// The line's label, if written.
    pub label: Option<String>,
    /// Warm-up sets (a label starting with `warm`): shown, but not counted as working sets.
    pub warmup: bool,
    /// Sets, at least 1.
    pub sets: u32,
    /// Reps per set.
    pub reps: Reps,
    /// How hard; `None` leaves it to the lifter.
    pub intensity: Option<Intensity>,
}

impl SetLine {
    /// An unlabelled working line.
    pub fn new(sets: u32, reps: Reps, intensity: Option<Intensity>) -> SetLine {
        SetLine {
            label: None,
            warmup: false,
            sets,
            reps,
            intensity,
        }
    }
}

/// A named per-week scheme (a wave): the set lines of each week, a block running them in order
/// (its first week the scheme's first) and starting again after the last.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// The scheme's name.
    pub name: String,
    /// The set lines of each week, at least one week.
    pub weeks: Vec<Vec<SetLine>>,
}

/// Exercise × set lines, as written in the program: one line (`sets`, `reps`, an intensity), a
/// list of lines (warm-up, top set, back-off), a per-week scheme, or a scheme then lines.
#[derive(Debug, Clone, PartialEq)]
pub struct PrescriptionSpec {
    /// Exercise name.
    pub exercise: String,
    /// The set lines that are the same every week (after the scheme's, when there is one).
    pub lines: Vec<SetLine>,
    /// The name of the per-week scheme the exercise follows, if any (see [`Program::scheme`]).
    pub scheme: Option<String>,
    /// Marked `main: true` (the first exercise of a session is a main lift anyway).
    pub main: bool,
    /// Upper or lower body, as written (`None`: from the name, [`LiftKind::of`]).
    pub lift: Option<LiftKind>,
    /// This exercise's own training-max step per cycle (wins over the program's `tm_step`).
    pub tm_step: Option<f64>,
    /// Muscle groups its sets count for in the weekly volume check (empty: the session's).
    pub muscles: Vec<String>,
    /// Rest between sets, seconds.
    pub rest: Option<u32>,
    /// Tempo notation ("3-1-1-0").
    pub tempo: Option<String>,
    /// Coaching notes.
    pub notes: Option<String>,
    /// The exercise an athlete's swap replaced (its `notes` then end with `instead of NAME`).
    pub swapped_from: Option<String>,
    /// Superset group label; exercises with the same label alternate.
    pub superset: Option<String>,
    /// This exercise's own progression rule (wins over the block's).
    pub progression: Option<Progression>,
    /// Where the exercise is written.
    pub origin: Option<Origin>,
    /// Where an athlete's `change:` rewrote its sets or reps, if one did.
    pub changed_at: Option<Origin>,
}

impl PrescriptionSpec {
    /// A one-line prescription of `sets` × `reps` at `intensity`, with nothing else set.
    pub fn new(
        exercise: &str,
        sets: u32,
        reps: Reps,
        intensity: Option<Intensity>,
    ) -> PrescriptionSpec {
        PrescriptionSpec {
            exercise: exercise.to_string(),
            lines: vec![SetLine::new(sets, reps, intensity)],
            scheme: None,
            main: false,
            lift: None,
            tm_step: None,
            muscles: Vec::new(),
            rest: None,
            tempo: None,
            notes: None,
            swapped_from: None,
            superset: None,
            progression: None,
            origin: None,
            changed_at: None,
        }
    }

    /// The lift kind: as written, else from the name.
    pub fn lift_kind(&self) -> LiftKind {
        self.lift.unwrap_or_else(|| LiftKind::of(&self.exercise))
    }
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

/// How hard a set line is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Intensity {
    /// Percent of the one-rep max (above 0; above 100 % of the 1RM is a warning).
    Percent(f64),
    /// Percent of the training max (above 0).
    TmPercent(f64),
    /// Rating of perceived exertion, 1–10.
    Rpe(f64),
    /// Reps in reserve, 0 or more.
    Rir(f64),
    /// A fixed load in program units.
    Load(f64),
}

impl Intensity {
    /// The base of a percentage, `None` for other intensities.
    pub fn base(self) -> Option<Base> {
        match self {
            Intensity::Percent(_) => Some(Base::OneRm),
            Intensity::TmPercent(_) => Some(Base::Tm),
            _ => None,
        }
    }
}

/// How a prescription progresses from one loading week to the next within a block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progression {
    /// Add this much load (program units) each loading week.
    Linear(f64),
    /// Add this many percentage points (of the line's base) each loading week.
    Percent(f64),
    /// Double progression: one more rep each loading week through the rep range; after the top of
    /// the range, add this much load and start again from the bottom.
    Double(f64),
    /// Add this much RPE each loading week (capped at 10; RIR falls by the same, floored at 0).
    Rpe(f64),
}

impl Progression {
    /// The rule with its load step converted from `from` to `to` units and rounded to the
    /// plates there ([`Units::convert_step`]; linear and double steps are loads; percent and
    /// RPE steps are not).
    pub(crate) fn in_units(self, to: Units, from: Units) -> Progression {
        match self {
            Progression::Linear(a) => Progression::Linear(to.convert_step(a, from)),
            Progression::Double(a) => Progression::Double(to.convert_step(a, from)),
            other => other,
        }
    }
}

/// A program's deload settings.
#[derive(Debug, Clone, PartialEq)]
pub struct DeloadSettings {
    /// Explicit cadence K (a deload every K weeks, counting the deload), overriding the level.
    pub every: Option<u32>,
    /// Fraction of sets kept in a deload week (default 0.5: rounded up for main lifts, down for
    /// the rest, never to 0; the week's total within ±10 points of it, 40–60 % by default).
    pub sets_factor: f64,
    /// Load multiplier in a deload week (default 0.9).
    pub load_factor: f64,
    /// The program's own deload week, per scheme (`deload: { week: { 5/3/1: [...] } }`): an
    /// exercise that follows one of these schemes runs exactly these lines in a deload week
    /// (no supplemental lines), under the same floors (at most `load_factor` of the loading
    /// week's load, implied RPE at most 7). Each scheme here has one week.
    pub week: Vec<Scheme>,
}

impl Default for DeloadSettings {
    fn default() -> Self {
        DeloadSettings {
            every: None,
            sets_factor: 0.5,
            load_factor: 0.9,
            week: Vec::new(),
        }
    }
}

impl DeloadSettings {
    /// The program's own deload lines for an exercise following scheme `scheme`, if declared.
    pub fn week_for(&self, scheme: Option<&str>) -> Option<&[SetLine]> {
        let name = scheme?;
        self.week
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.weeks.first())
            .map(Vec::as_slice)
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

/// Years at which a lifter stops being a novice (six months, ACSM 2009).
pub(crate) const INTERMEDIATE_YEARS: f64 = 0.5;
/// Years at which a lifter becomes advanced.
pub(crate) const ADVANCED_YEARS: f64 = 2.0;

impl Level {
    /// The level for `years` of consistent training: under 6 months novice, 6 months to under
    /// 2 years intermediate, 2 years or more advanced.
    pub(crate) fn from_years(years: f64) -> Level {
        if years >= ADVANCED_YEARS {
            Level::Advanced
        } else if years >= INTERMEDIATE_YEARS {
            Level::Intermediate
        } else {
            Level::Novice
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

impl Sign {
    /// The sign as written in an athlete file (`lingering_soreness`).
    pub fn as_str(self) -> &'static str {
        match self {
            Sign::HarderWorkouts => "harder_workouts",
            Sign::LingeringSoreness => "lingering_soreness",
            Sign::MoodSleep => "mood_sleep",
            Sign::SlowRecovery => "slow_recovery",
            Sign::StalledProgress => "stalled_progress",
        }
    }
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
    /// `source` as a message, to print it in another language.
    pub source_message: Option<crate::message::Message>,
    /// Why the first deload comes at once (two or more warning signs in the training log).
    pub early_deload: Option<String>,
    /// `early_deload` as a message, to print it in another language.
    pub early_deload_message: Option<crate::message::Message>,
    /// A deload brought forward by a re-plan from a log: the week (1-based) and why. The first
    /// deload that would fall after that week falls in it; deloads before it stay where they
    /// were (an early deload in week 1 too), and the cadence runs on from it.
    pub replan_deload: Option<(u32, String)>,
    /// Why of `replan_deload` as a message, to print it in another language.
    pub replan_deload_message: Option<crate::message::Message>,
    /// Warning signs read from a training log (`stalls`, `acwr`, `rising_rpe`); they count as
    /// signs of overreaching for the cadence exactly as the same signs in the athlete file do.
    pub log_signs: Vec<String>,
}

impl History {
    /// The current signs of overreaching, in words, from the athlete file and the training log,
    /// each once: a log's stalls are the file's `stalled_progress`, its rising RPE the file's
    /// `harder_workouts`; a workload spike (`acwr`) has no file equivalent and counts on its own.
    pub fn all_signs(&self) -> Vec<String> {
        let mut out: Vec<String> = self.signs.iter().map(|s| s.as_str().to_string()).collect();
        for kind in &self.log_signs {
            let same = match kind.as_str() {
                "stalls" => Some(Sign::StalledProgress),
                "rising_rpe" => Some(Sign::HarderWorkouts),
                _ => None,
            };
            if same.is_some_and(|s| self.signs.contains(&s)) {
                continue;
            }
            let word = match kind.as_str() {
                "stalls" => "stalled progress (log)",
                "rising_rpe" => "harder workouts: rising RPE (log)",
                "acwr" => "a workload spike (log)",
                other => other,
            };
            out.push(word.to_string());
        }
        out
    }
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

/// An exercise swap: every `from` in the program (in `session`, when given) becomes `to`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Swap {
    /// Exercise in the program.
    pub from: String,
    /// Exercise the athlete does instead.
    pub to: String,
    /// Only in this session (`None`: wherever the exercise is).
    pub session: Option<String>,
}

/// A change to the sets or reps of a one-line exercise (in `session`, when given).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Change {
    /// Exercise name (after swaps).
    pub exercise: String,
    /// New set count.
    pub sets: Option<u32>,
    /// New reps.
    pub reps: Option<Reps>,
    /// Only in this session (`None`: wherever the exercise is).
    pub session: Option<String>,
    /// Where the change is written.
    pub origin: Option<Origin>,
}

impl Swap {
    /// Whether the swap applies to `exercise` in session `session`.
    pub(crate) fn matches(&self, session: &str, exercise: &str) -> bool {
        self.from.eq_ignore_ascii_case(exercise)
            && self
                .session
                .as_ref()
                .is_none_or(|s| s.eq_ignore_ascii_case(session))
    }
}

impl Change {
    /// Whether the change applies to `exercise` (after swaps) in session `session`.
    pub(crate) fn matches(&self, session: &str, exercise: &str) -> bool {
        self.exercise.eq_ignore_ascii_case(exercise)
            && self
                .session
                .as_ref()
                .is_none_or(|s| s.eq_ignore_ascii_case(session))
    }
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

/// Double progression held back from a week of the plan on: within the block under way, the
/// exercise runs `steps` loading weeks behind its progression (the rep target it missed comes
/// again, and the load waits for the top of the range); the next block starts as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RepHold {
    /// The first week (1-based) it applies to.
    pub from_week: u32,
    /// Loading weeks behind.
    pub steps: u32,
}

/// What a lift's 1RM rests on when an athlete file and a training log both speak of it: decided by
/// recency and evidence, not by which was read first (issue #24).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MaxEvidence {
    /// The evidence used, in words: `the athlete file's 80 kg`, or `e1RM 93.3 (5 × 80 kg in the
    /// week of 2026-03-02)`.
    pub used: String,
    /// Whether the max came from a logged set older than the log's evidence window before the
    /// plan: a stale max, which a cap on a rise does not hold a lift to.
    pub stale: bool,
    /// The evidence set aside, each in words with why.
    pub set_aside: Vec<String>,
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
    /// The units the athlete's plan is in (`None`: the program's).
    pub units: Option<Units>,
    /// One-rep maxes by exercise name (lower case), in the plan's units.
    pub maxes: BTreeMap<String, f64>,
    /// The training max as a percentage of the 1RM (wins over the program's).
    pub training_max: Option<f64>,
    /// Training maxes by exercise name (lower case), in the plan's units (win over
    /// `training_max`).
    pub training_maxes: BTreeMap<String, f64>,
    /// Smallest load jump in the plan's units (default 2.5 kg / 5 lb).
    pub plate_increment: Option<f64>,
    /// The plates the athlete has (one size each, any number of pairs), in the plan's units:
    /// barbell loads round to what the bar and these make (empty: multiples of the increment).
    pub plates: Vec<f64>,
    /// The bar's weight with `plates` (default 20 kg / 45 lb).
    pub bar: Option<f64>,
    /// The dumbbells the athlete has, in the plan's units: dumbbell loads round to one of them
    /// (empty: multiples of the increment).
    pub dumbbells: Vec<f64>,
    /// The lifts (lower case) whose 1RM in `maxes` came from a training log's e1RM.
    pub log_maxes: Vec<String>,
    /// What each lift's 1RM (lower case) rests on when a training log was read with the athlete
    /// file, and the evidence set aside (set by `deload plan --log` and `deload replan`, not read
    /// from the file).
    pub max_evidence: BTreeMap<String, MaxEvidence>,
    /// Double progression held back by a re-plan, by exercise name (lower case): the rep targets
    /// the athlete has not reached yet are asked again (set by `deload replan`, not read from
    /// the file).
    pub rep_holds: BTreeMap<String, RepHold>,
    /// Personal changes to the program.
    pub overrides: Overrides,
    /// Explicit deload cadence K (wins over the program's).
    pub deload_every: Option<u32>,
    /// The athlete's training log (`log:` in the athlete file, relative to it), read by
    /// `deload plan` to derive the history.
    pub log: Option<PathBuf>,
    /// Whether `deload build` publishes the athlete's plan (`publish:`; `None`: as the site's
    /// `programs.publish_athletes` says, by default not).
    pub publish: Option<bool>,
    /// The coach's name and contact (`coach:`), printed on the plan and written as the PDF's
    /// author.
    pub coach: Option<String>,
    /// Whether the plan has warm-up sets with plate math for the main lifts (`warmups:`).
    pub warmups: bool,
    /// The language the plan is printed in (`language:`, one of [`LANGUAGES`]; `None`: the
    /// site's).
    pub language: Option<String>,
}

/// The languages deload prints plans in (and ships the theme's words in): English, German,
/// Spanish and French.
pub const LANGUAGES: &[&str] = &["en", "de", "es", "fr"];

impl Athlete {
    /// The one-rep max for `exercise` (case-insensitive).
    pub(crate) fn max_for(&self, exercise: &str) -> Option<f64> {
        self.maxes.get(&exercise.trim().to_lowercase()).copied()
    }

    /// The first percentage prescription of `program` (as the athlete runs it) that has no max
    /// to work from: a percentage of the 1RM without the lift's 1RM, or of the TM without its 1RM
    /// or training max.
    pub fn missing_max(&self, program: &Program) -> Option<MissingMax> {
        for s in &program.sessions {
            for ex in &s.exercises {
                let has_rm = self.max_for(&ex.exercise).is_some();
                let has_tm = has_rm || self.training_max_for(&ex.exercise).is_some();
                let base = if program.uses_base(ex, Base::OneRm) && !has_rm {
                    Base::OneRm
                } else if program.uses_base(ex, Base::Tm) && !has_tm {
                    Base::Tm
                } else {
                    continue;
                };
                return Some(MissingMax {
                    session: s.name.clone(),
                    exercise: ex.exercise.clone(),
                    base,
                });
            }
        }
        None
    }

    /// The training max written for `exercise` (case-insensitive), if any.
    pub(crate) fn training_max_for(&self, exercise: &str) -> Option<f64> {
        self.training_maxes
            .get(&exercise.trim().to_lowercase())
            .copied()
    }
}

/// A percentage prescription without the max it needs ([`Athlete::missing_max`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingMax {
    /// The session that prescribes it.
    pub session: String,
    /// The exercise.
    pub exercise: String,
    /// What its percentage is of.
    pub base: Base,
}

impl MissingMax {
    /// "no one-rep max for `Back squat`, which session `A` prescribes as a percentage of 1RM".
    pub fn message(&self) -> String {
        let (what, of) = match self.base {
            Base::OneRm => ("one-rep max", "1RM"),
            Base::Tm => ("one-rep max or training max", "TM"),
        };
        format!(
            "no {what} for `{}`, which session `{}` prescribes as a percentage of {of}",
            self.exercise, self.session
        )
    }

    /// How to give the max, in `units`.
    pub fn hint(&self, units: Units) -> String {
        match self.base {
            Base::OneRm => format!(
                "add it under `maxes:`, e.g. `{}: 100 {units}`",
                self.exercise
            ),
            Base::Tm => format!(
                "add its 1RM under `maxes:` (the TM is then a share of it), or its TM under `training_maxes:`, e.g. `{}: 100 {units}`",
                self.exercise
            ),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_convert_to_what_the_plates_add() {
        // Issue #24: an lb athlete on a kg program reads +5 lb a cycle and +10 lb, not +5.51
        // and +11.02; 5-lb plates in a kg plan step by 2.5 kg, not 2.2679618500000003.
        assert_eq!(Units::Lb.convert_step(2.5, Units::Kg), 5.0);
        assert_eq!(Units::Lb.convert_step(5.0, Units::Kg), 10.0);
        assert_eq!(Units::Kg.convert_step(5.0, Units::Lb), 2.5);
        assert_eq!(Units::Kg.convert_step(1.0, Units::Lb), 1.25);
        assert_eq!(Units::Kg.convert_step(-5.0, Units::Lb), -2.5);
        assert_eq!(Units::Kg.convert_step(2.5, Units::Kg), 2.5);
        assert_eq!(Units::Kg.convert_step(0.0, Units::Lb), 0.0);
    }
}
