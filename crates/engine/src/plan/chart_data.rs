//! The numbers of the periodisation chart that the weeks alone do not hold: the heaviest
//! main-lift intensity of each week as a share of the 1RM, the working sets of each muscle group
//! each week (as the sanity rule counts them), and the training max of each main lift in each
//! cycle. Collected once, after the deloads are applied; the chart (`crate::chart`) draws them.

use super::{Lift, Line, Week};
use crate::programs::{Base, Program};

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

/// Collects the chart's numbers for `weeks` of `program`; `lifts` are the plan's known maxes and
/// `tm_share` the TM as a percentage of the 1RM (for a TM percentage without a known max).
pub(crate) fn collect(
    weeks: &[Week],
    program: &Program,
    lifts: &[Lift],
    tm_share: f64,
) -> ChartData {
    let (names, counts) = muscle_sets(weeks, program);
    ChartData {
        top_intensity: weeks
            .iter()
            .map(|w| top_intensity(w, lifts, tm_share))
            .collect(),
        muscles: names
            .into_iter()
            .enumerate()
            .map(|(g, m)| MuscleSets {
                muscle: m.to_string(),
                sets: counts.iter().map(|week| week[g]).collect(),
            })
            .collect(),
        training_maxes: training_maxes(weeks),
    }
}

/// The muscle groups of `program` (in the order its sessions first list them) and, for each
/// week of `weeks`, the working sets that count for each (`sanity::muscles_of`).
pub(crate) fn muscle_sets<'p>(
    weeks: &[Week],
    program: &'p Program,
) -> (Vec<&'p str>, Vec<Vec<u32>>) {
    let mut groups: Vec<&str> = Vec::new();
    let mut counts_for: Vec<Vec<Vec<usize>>> = Vec::with_capacity(program.sessions.len());
    for s in &program.sessions {
        let mut per_exercise = Vec::with_capacity(s.exercises.len());
        for e in &s.exercises {
            let mut indices = Vec::new();
            for m in super::sanity::muscles_of(e, s) {
                let i = groups.iter().position(|g| *g == m).unwrap_or_else(|| {
                    groups.push(m);
                    groups.len() - 1
                });
                indices.push(i);
            }
            per_exercise.push(indices);
        }
        counts_for.push(per_exercise);
    }
    let counts = weeks
        .iter()
        .map(|w| {
            let mut sets = vec![0u32; groups.len()];
            let prescriptions = w.days.iter().filter_map(|d| d.session());
            for p in prescriptions.flat_map(|s| &s.prescriptions) {
                let indices = counts_for.get(p.spec.0).and_then(|e| e.get(p.spec.1));
                for &g in indices.into_iter().flatten() {
                    sets[g] = sets[g].saturating_add(p.sets);
                }
            }
            sets
        })
        .collect();
    (groups, counts)
}

/// The heaviest working set of a main lift in `week` as % of the 1RM, to one decimal.
fn top_intensity(week: &Week, lifts: &[Lift], tm_share: f64) -> Option<f64> {
    let mains = week
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .filter(|p| p.main);
    let mut top: Option<f64> = None;
    for p in mains {
        let one_rm = lifts
            .iter()
            .find(|l| l.exercise == p.exercise)
            .and_then(|l| l.one_rm)
            .filter(|rm| *rm > 0.0);
        for line in p.working_lines() {
            if let Some(x) = share_of_1rm(line, one_rm, tm_share) {
                top = Some(top.map_or(x, |t: f64| t.max(x)));
            }
        }
    }
    top.map(|x| (x * 10.0).round() / 10.0)
}

/// A line's intensity as % of the 1RM: its load over the 1RM when both are known, else its
/// percentage (of the TM: times the TM's share of the 1RM).
fn share_of_1rm(line: &Line, one_rm: Option<f64>, tm_share: f64) -> Option<f64> {
    if let (Some(load), Some(rm)) = (line.load, one_rm) {
        return Some(load / rm * 100.0);
    }
    let percent = line.percent?;
    match line.base {
        Some(Base::Tm) => Some(percent * tm_share / 100.0),
        _ => Some(percent),
    }
}

/// The training max of every main lift with a line of TM percentages, at the first such line
/// of each cycle.
fn training_maxes(weeks: &[Week]) -> Vec<TrainingMaxes> {
    let mut out: Vec<TrainingMaxes> = Vec::new();
    for w in weeks {
        let mains = w
            .days
            .iter()
            .filter_map(|d| d.session())
            .flat_map(|s| &s.prescriptions)
            .filter(|p| p.main);
        for p in mains {
            let Some(line) = p.working_lines().find(|l| l.base == Some(Base::Tm)) else {
                continue;
            };
            let at = match out.iter().position(|t| t.exercise == p.exercise) {
                Some(i) => i,
                None => {
                    out.push(TrainingMaxes {
                        exercise: p.exercise.clone(),
                        cycles: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let cycles = &mut out[at].cycles;
            if cycles.last().is_none_or(|c| c.cycle != w.cycle) {
                cycles.push(CycleTm {
                    cycle: w.cycle,
                    load: line.base_load,
                    added: line.base_added.unwrap_or(0.0),
                });
            }
        }
    }
    out
}
