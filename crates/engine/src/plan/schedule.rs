//! What the engine produces: a dated [`Schedule`] of [`Week`]s, each of seven [`Day`]s that hold a
//! [`Session`] of [`Prescription`]s or a [`RestDay`].
//!
//! The schedule is the JSON output format and the template context of the printable plan; its
//! field names are stable and snake_case.

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use super::rest::RestDay;
use crate::error::Error;
use crate::message::Message;
use crate::programs::{Base, Level, LiftKind, Reps, Units, Weekday};
use crate::text::push_int;

fn ser_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// A number as JSON writes it: a whole number without `.0` (`60`, not `60.0`), others as they
/// are.
pub(crate) fn ser_num<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    // Below 2^53 every whole f64 is an exact i64.
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

/// [`ser_num`] for an optional number (`null` when absent).
pub(crate) fn ser_opt_num<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => ser_num(x, s),
        None => s.serialize_none(),
    }
}

/// Numbers as the JSON writes them (whole numbers without `.0`), when present.
pub(crate) fn ser_opt_nums<S: Serializer>(x: &Option<Vec<f64>>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let Some(xs) = x else {
        return s.serialize_none();
    };
    let mut seq = s.serialize_seq(Some(xs.len()))?;
    for x in xs {
        seq.serialize_element(&Num(*x))?;
    }
    seq.end()
}

/// A number serialised as [`ser_num`] does.
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_num(&self.0, s)
    }
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
    /// Things the reader should look at (cadence outside 4–6, unavoidable clashes, and every
    /// located warning about the program's numbers, as `file:line:column: message`).
    pub warnings: Vec<String>,
    /// The program's wave length in weeks, when it declares one (deloads then fall at the end of
    /// a wave).
    pub wave: Option<u32>,
    /// The plate increment every load is rounded to, in `units`.
    #[serde(serialize_with = "ser_num")]
    pub plate_increment: f64,
    /// The lifts with a known max: 1RM, training max and where each comes from.
    pub lifts: Vec<Lift>,
    /// Where the training history came from when a training log was read ("From your log: ..."),
    /// else `null`.
    pub history_source: Option<String>,
    /// The training log's weekly-volume chart (SVG), for the printable plan only; not in the JSON.
    #[serde(skip)]
    pub history_chart: Option<String>,
    /// The periodisation chart's numbers that the weeks do not hold (`crate::chart` draws the
    /// chart); not in the JSON.
    #[serde(skip)]
    pub chart: super::ChartData,
    /// The weeks, in order.
    pub weeks: Vec<Week>,
    /// The located warnings about the program's numbers (also in `warnings` as text), for a
    /// caller that reports them with their source line; not in the JSON.
    #[serde(skip)]
    pub diagnostics: Vec<Error>,
    /// The plan's sentences as messages, to print them in another language; not in the JSON.
    #[serde(skip)]
    pub messages: PlanMessages,
}

/// The sentences of a [`Schedule`] as [`Message`]s: each says the English field of the same
/// name in another language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlanMessages {
    /// `level_reason`.
    pub level_reason: Message,
    /// `cadence_reason`.
    pub cadence_reason: Message,
    /// `days_reason`.
    pub days_reason: Message,
    /// `warnings`, one for each (an empty message where a warning is English only).
    pub warnings: Vec<Message>,
    /// `history_source` (empty without one).
    pub history_source: Message,
}

/// A lift the plan loads from a max: its one-rep max and training max, and where they come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lift {
    /// Exercise name (after the athlete's swaps).
    pub exercise: String,
    /// Upper or lower body (it picks the training-max step).
    pub kind: LiftKind,
    /// One-rep max, when known.
    #[serde(serialize_with = "ser_opt_num")]
    pub one_rm: Option<f64>,
    /// Where the 1RM comes from (`"athlete file"`, `"recent e1RM in the training log"`).
    pub one_rm_source: Option<String>,
    /// The training max at the start of the plan, when known.
    #[serde(serialize_with = "ser_opt_num")]
    pub training_max: Option<f64>,
    /// Where the TM comes from (`"90 % of the 1RM (program default)"`, `"athlete file"`).
    pub training_max_source: Option<String>,
    /// How much the TM rises at the start of each cycle (0: it stays).
    #[serde(serialize_with = "ser_num")]
    pub tm_step: f64,
    /// `one_rm_source` and `training_max_source` as messages; not in the JSON.
    #[serde(skip)]
    pub source_messages: [Option<Message>; 2],
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
    /// The cycle: passes through the program's blocks (or through its wave, when it declares
    /// one) completed before this week, 0 in the first; each new cycle raises the training maxes
    /// by their step.
    pub cycle: u32,
    /// Whether this is a deload week.
    pub is_deload: bool,
    /// Why this week is a deload, for deload weeks.
    pub deload_reason: Option<String>,
    /// `deload_reason` as a message; not in the JSON.
    #[serde(skip)]
    pub deload_message: Option<Message>,
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

    /// The session, on a training day, to change it.
    pub(crate) fn session_mut(&mut self) -> Option<&mut Session> {
        match &mut self.kind {
            DayKind::Session(s) => Some(s),
            DayKind::Rest(_) => None,
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
    #[serde(serialize_with = "crate::export::json::prescriptions")]
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

/// Where a line's load comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadFrom {
    /// A fixed load written in the program (plus its progression).
    Fixed,
    /// A percentage of the line's base (1RM or TM).
    Percent,
    /// The RPE chart: reps and RPE (or RIR) give a share of the 1RM; an estimate.
    RpeChart,
}

/// One exercise on one day: its set lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prescription {
    /// Exercise name (after the athlete's swaps).
    pub exercise: String,
    /// Whether it is a main lift (the first exercise of a session, or marked `main`): in a
    /// deload its sets are halved rounding up.
    pub main: bool,
    /// Working sets over all lines (warm-up lines not counted).
    pub sets: u32,
    /// The set lines, in order: one for a plain prescription; warm-up, top and back-off lines,
    /// or a scheme's week, for others.
    pub lines: Vec<Line>,
    /// Rest between sets, seconds.
    pub rest: Option<u32>,
    /// Tempo.
    pub tempo: Option<String>,
    /// Notes.
    pub notes: Option<String>,
    /// The exercise an athlete's swap replaced (`notes` then end with `instead of NAME`); not
    /// in the JSON.
    #[serde(skip)]
    pub swapped_from: Option<String>,
    /// Superset group label.
    pub superset: Option<String>,
    /// Which exercise of the program it is: (session, exercise) indices, for located warnings.
    #[serde(skip)]
    pub(crate) spec: (usize, usize),
    /// In a deload week: the lines are the program's own deload week (`deload.week`), whose
    /// sets the deload stage keeps as written.
    #[serde(skip)]
    pub(crate) declared_deload: bool,
}

/// One line of sets: sets × reps at an intensity, with the load it comes to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The line's label (`warm-up`, `top set`, `BBB`), if written.
    pub label: Option<String>,
    /// Warm-up sets: not counted as working sets.
    pub warmup: bool,
    /// Sets.
    pub sets: u32,
    /// Reps for display ("5", "8-12", "AMRAP", "5+ (AMRAP)").
    pub reps: String,
    /// Reps as numbers.
    pub rep_range: RepRange,
    /// The rep range double progression works through (`8`–`12`), `reps` being this week's
    /// target in it; absent for other lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work_range: Option<RepRange>,
    /// Whether the sets are as-many-reps-as-possible.
    pub amrap: bool,
    /// Intensity for display: "85% TM", "74.4% 1RM", "65% 1RM + 5 kg", "RPE 8", "RIR 2",
    /// "60 kg"; empty when none is prescribed.
    pub intensity: String,
    /// The percentage of `base` this week, to one decimal (progression included), when
    /// prescribed as a percentage.
    #[serde(serialize_with = "ser_opt_num")]
    pub percent: Option<f64>,
    /// What `percent` is of (`1rm` or `tm`); `1rm` too for a load from the RPE chart.
    pub base: Option<Base>,
    /// The base's value this week (the TM after its cycle steps), when known.
    #[serde(serialize_with = "ser_opt_num")]
    pub base_load: Option<f64>,
    /// Load added by progression on top of `percent`, when the base is not known (so it could
    /// not be folded into the percentage).
    #[serde(serialize_with = "ser_opt_num")]
    pub added_load: Option<f64>,
    /// How much the training max has risen by its cycle steps, when its value is not known
    /// (`65% (TM + 5 kg)`).
    #[serde(serialize_with = "ser_opt_num")]
    pub base_added: Option<f64>,
    /// RPE, when prescribed that way.
    #[serde(serialize_with = "ser_opt_num")]
    pub rpe: Option<f64>,
    /// RIR, when prescribed that way.
    #[serde(serialize_with = "ser_opt_num")]
    pub rir: Option<f64>,
    /// The load, rounded to the plate increment, when known.
    #[serde(serialize_with = "ser_opt_num")]
    pub load: Option<f64>,
    /// Where `load` comes from.
    pub load_from: Option<LoadFrom>,
    /// Double progression's load step in the week the reps go back to the bottom of the range,
    /// when the line's load is not known (so the lifter adds it to last week's load).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_num"
    )]
    pub add_load: Option<f64>,
    /// The plates on each side of the bar that make `load`, heaviest first (empty: the bar
    /// alone), for the main lifts of a plan with warm-ups; absent otherwise.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_nums"
    )]
    pub plates: Option<Vec<f64>>,
}

impl Line {
    /// An unlabelled working line of `sets` × `reps` with no intensity (set it on the result).
    pub fn new(sets: u32, reps: crate::programs::Reps) -> Line {
        let mut line = Line {
            label: None,
            warmup: false,
            sets,
            reps: String::new(),
            rep_range: RepRange { min: 0, max: None },
            work_range: None,
            amrap: false,
            intensity: String::new(),
            percent: None,
            base: None,
            base_load: None,
            added_load: None,
            base_added: None,
            rpe: None,
            rir: None,
            load: None,
            load_from: None,
            add_load: None,
            plates: None,
        };
        set_reps(&mut line, reps);
        line
    }
}

/// Fills the display and structured rep fields.
pub(crate) fn set_reps(line: &mut Line, reps: Reps) {
    line.reps = reps_text(reps);
    line.amrap = matches!(reps, Reps::Amrap(_));
    line.rep_range = match reps {
        Reps::Fixed(n) => RepRange {
            min: n,
            max: Some(n),
        },
        Reps::Range(a, b) => RepRange {
            min: a,
            max: Some(b),
        },
        Reps::Amrap(m) => RepRange {
            min: m.unwrap_or(1),
            max: None,
        },
    };
}

/// [`Reps`] as displayed, without the formatting machinery for the common forms.
fn reps_text(reps: Reps) -> String {
    let mut s = String::with_capacity(6);
    match reps {
        Reps::Fixed(n) => push_int(&mut s, i64::from(n)),
        Reps::Range(a, b) => {
            push_int(&mut s, i64::from(a));
            s.push('-');
            push_int(&mut s, i64::from(b));
        }
        Reps::Amrap(_) => return reps.to_string(),
    }
    s
}

/// A word-at-a-time hash (FxHash's rotate, xor and multiply): quick, and good enough for
/// finding equal prescriptions, which are then compared field by field.
struct WordHash(u64);

impl WordHash {
    /// Continues over `bytes`, eight at a time.
    fn bytes(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.number(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.number(u64::from_le_bytes(word));
        }
    }

    /// Continues over `text` and its length (so that `("ab", "c")` and `("a", "bc")` differ).
    fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.bytes(text.as_bytes());
    }

    /// Continues over `n`.
    fn number(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// The working sets of `lines` (warm-ups not counted), saturating.
pub(crate) fn working_sets(lines: &[Line]) -> u32 {
    lines
        .iter()
        .filter(|l| !l.warmup)
        .fold(0u32, |a, l| a.saturating_add(l.sets))
}

impl Prescription {
    /// A prescription of `exercise` with `lines`, not a main lift, with no rest, tempo, notes or
    /// superset (set them on the result).
    pub fn new(exercise: &str, lines: Vec<Line>) -> Prescription {
        Prescription {
            exercise: exercise.to_string(),
            main: false,
            sets: working_sets(&lines),
            lines,
            rest: None,
            tempo: None,
            notes: None,
            swapped_from: None,
            superset: None,
            spec: (0, 0),
            declared_deload: false,
        }
    }

    /// A hash of everything the prescription shows (equal prescriptions hash alike), for
    /// outputs that write each different prescription of a plan once (equal hashes are then
    /// compared field by field).
    pub fn content_hash(&self) -> u64 {
        let mut h = WordHash(0);
        h.text(&self.exercise);
        h.number(u64::from(self.main));
        h.number(u64::from(self.sets));
        h.number(self.rest.map_or(u64::MAX, u64::from));
        for t in [&self.tempo, &self.notes, &self.superset] {
            h.text(t.as_deref().unwrap_or("\u{0}"));
        }
        for l in &self.lines {
            h.text(l.label.as_deref().unwrap_or("\u{0}"));
            h.number(u64::from(l.warmup) << 32 | u64::from(l.sets));
            h.text(&l.reps);
            h.text(&l.intensity);
            let numbers = [
                l.percent,
                l.base_load,
                l.added_load,
                l.base_added,
                l.rpe,
                l.rir,
                l.load,
            ];
            for x in numbers {
                h.number(x.map_or(u64::MAX, f64::to_bits));
            }
            h.number(
                l.base.map_or(0, |b| b as u64 + 1) << 8 | l.load_from.map_or(0, |f| f as u64 + 1),
            );
        }
        h.0
    }

    /// The working lines (not warm-ups).
    pub fn working_lines(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| !l.warmup)
    }
}
