//! The types of a plan's shape that the periodisation chart draws besides each week's own
//! fields ([`ChartData`]), part of the [`Schedule`](super::Schedule); `chart_data` collects them.

/// What the periodisation chart draws besides each week's own fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartData {
    /// For each week, the heaviest working set of a main lift as % of its 1RM (to one decimal),
    /// when a percentage or a load and a 1RM say it.
    pub top_intensity: Vec<Option<f64>>,
    /// Working sets per muscle group per week, the groups in the order the program first lists
    /// them.
    pub muscles: Vec<MuscleSets>,
    /// The training max of each main lift loaded from one, cycle by cycle.
    pub training_maxes: Vec<TrainingMaxes>,
}

/// One muscle group's working sets, week by week.
#[derive(Debug, Clone, PartialEq)]
pub struct MuscleSets {
    /// The group's name as the program writes it.
    pub muscle: String,
    /// Working sets in each week of the plan.
    pub sets: Vec<u32>,
}

/// One main lift's training max in each cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingMaxes {
    /// The exercise.
    pub exercise: String,
    /// The cycles in order.
    pub cycles: Vec<CycleTm>,
}

/// A training max in one cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CycleTm {
    /// The cycle (0 for the first).
    pub cycle: u32,
    /// The TM, when the lift's max is known.
    pub load: Option<f64>,
    /// How much the TM has risen since the first cycle (when `load` is not known).
    pub added: f64,
}
