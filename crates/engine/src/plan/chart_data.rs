//! The numbers of the periodisation chart that the weeks alone do not hold: the heaviest
//! main-lift intensity of each week as a share of the 1RM, the working sets of each muscle group
//! each week (as the sanity rule counts them), and the training max of each main lift in each
//! cycle. Collected once, after the deloads are applied; the chart (`crate::chart`) draws them.

use super::muscles::muscle_sets;
use super::shape::{ChartData, CycleTm, MuscleSets, TrainingMaxes};
use super::{Lift, Line, Week};
use crate::programs::{Base, Program};

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
