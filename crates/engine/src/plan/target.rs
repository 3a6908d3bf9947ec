//! A set line's target before it is rounded to the plates and printed: what `lines.rs` computes
//! from the program, the progress and the maxes, and what a deload week transforms
//! (`deload/`).

use crate::programs::{Base, Reps};

/// A line's target before it is rounded and printed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Target {
    /// The line's label.
    pub(crate) label: Option<String>,
    /// Warm-up sets.
    pub(crate) warmup: bool,
    /// Sets.
    pub(crate) sets: u32,
    /// Reps.
    pub(crate) reps: Reps,
    /// The rep range double progression climbs through, `reps` being this week's step in it.
    pub(crate) range: Option<(u32, u32)>,
    /// How hard.
    pub(crate) kind: TargetKind,
    /// In a deload week: the most the load may be before it is rounded down to the plate
    /// (`load_factor` × the loading week's rounded load, and the load whose implied RPE is 7).
    pub(crate) ceiling: Option<f64>,
    /// Double progression's load step, in the week the reps go back to the bottom of the range
    /// (said beside a line whose load is not known: `add 2.5 kg`).
    pub(crate) add: Option<f64>,
}

/// How hard a line is, as numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum TargetKind {
    /// Nothing prescribed.
    Open,
    /// A fixed load (progression included).
    Fixed(f64),
    /// `percent` of `base` (worth `base_load`, when known) plus `added` load.
    Percent {
        /// 1RM or TM.
        base: Base,
        /// Percentage points, progression included.
        percent: f64,
        /// The base's value this week.
        base_load: Option<f64>,
        /// Load added by progression.
        added: f64,
        /// How much the TM has risen by its cycle steps (for a TM base whose value is not
        /// known).
        rise: f64,
    },
    /// RPE (or RIR, when `rir`) with the 1RM the chart reads from.
    Effort {
        /// The RPE or RIR.
        value: f64,
        /// Whether `value` is an RIR.
        rir: bool,
        /// The lift's 1RM.
        one_rm: Option<f64>,
    },
}
