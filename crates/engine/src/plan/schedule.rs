//! What the engine produces: a dated [`Schedule`] of [`Week`]s, each of seven [`Day`]s that hold a
//! [`Session`] of [`Prescription`]s or a [`RestDay`].
//!
//! The schedule is the JSON output format and the template context of the printable plan; its
//! field names are stable and snake_case.

use jiff::civil::Date;
use serde::{Serialize, Serializer};

use super::rest::RestDay;
use crate::programs::{Level, Units, Weekday};

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
