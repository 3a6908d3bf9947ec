//! The athlete's plates and dumbbells (domain rule 10): loads round to what they can make.
//!
//! With `plates:` (and `bar:`, default 20 kg or 45 lb), a barbell lift's load is the bar plus a
//! pair of any of the plates, any number of each; with `dumbbells:`, a dumbbell exercise's load
//! is one of the dumbbells. Without them, loads are multiples of the plate increment. A barbell
//! lift is one whose name says so (squat, bench press, deadlift, overhead press, barbell …); a
//! dumbbell exercise one whose name says `dumbbell`; others (machines, cables) keep the
//! increment.

use crate::programs::{Athlete, Units};

/// The most a side of the bar holds, in hundredths of a unit (600 kg or lb a side).
const MAX_SIDE: usize = 60_000;

/// Which loads an exercise can have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grid<'a> {
    /// The plate increment (loads are its multiples without `loads`).
    pub(crate) plate: f64,
    /// The loads the athlete can make, in order, when they listed their plates or dumbbells.
    pub(crate) loads: Option<&'a [f64]>,
}

impl Grid<'_> {
    /// `load` rounded to the nearest load the grid has.
    pub(crate) fn nearest(&self, load: f64) -> f64 {
        let Some(loads) = self.loads.filter(|l| !l.is_empty()) else {
            return super::plates::round_to_plate(load, self.plate);
        };
        if !load.is_finite() || load <= 0.0 {
            return load;
        }
        let i = loads.partition_point(|x| *x < load);
        let above = loads.get(i).copied();
        let below = i.checked_sub(1).and_then(|j| loads.get(j)).copied();
        match (below, above) {
            (Some(b), Some(a)) => {
                if load - b <= a - load {
                    b
                } else {
                    a
                }
            }
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => load,
        }
    }

    /// `load` rounded down to a load the grid has (the lightest, when none is below it).
    pub(crate) fn floor(&self, load: f64) -> f64 {
        let Some(loads) = self.loads.filter(|l| !l.is_empty()) else {
            return super::plates::floor_to_plate(load, self.plate);
        };
        if !load.is_finite() || load <= 0.0 {
            return load;
        }
        let i = loads.partition_point(|x| *x <= load + 1e-9);
        i.checked_sub(1)
            .and_then(|j| loads.get(j))
            .or(loads.first())
            .copied()
            .unwrap_or(load)
    }
}

/// The loads an athlete can make: with the bar and plates, and with the dumbbells.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inventory {
    barbell: Vec<f64>,
    dumbbells: Vec<f64>,
}

impl Inventory {
    /// The athlete's inventory in `units` (empty without an athlete or lists).
    pub(crate) fn new(athlete: Option<&Athlete>, units: Units) -> Inventory {
        let Some(a) = athlete else {
            return Inventory::default();
        };
        let bar = a.bar.unwrap_or(match units {
            Units::Kg => 20.0,
            Units::Lb => 45.0,
        });
        Inventory {
            barbell: barbell_loads(bar, &a.plates),
            dumbbells: a.dumbbells.clone(),
        }
    }

    /// The loads `exercise` can have, when the athlete listed them.
    pub(crate) fn for_exercise(&self, exercise: &str) -> Option<&[f64]> {
        if self.barbell.is_empty() && self.dumbbells.is_empty() {
            // no lists (most athletes): no need to tell what the exercise is loaded with
            return None;
        }
        let name = exercise.to_lowercase();
        let list = if name.contains("dumbbell") {
            &self.dumbbells
        } else if is_barbell(&name) {
            &self.barbell
        } else {
            return None;
        };
        (!list.is_empty()).then_some(list.as_slice())
    }
}

/// Whether the exercise called `name` (lower case) is loaded on a bar.
pub(crate) fn is_barbell(name: &str) -> bool {
    let not = [
        "machine",
        "cable",
        "leg press",
        "goblet",
        "kettlebell",
        "smith",
    ];
    let yes = [
        "barbell",
        "squat",
        "bench press",
        "deadlift",
        "overhead press",
        "good morning",
        "hip thrust",
        "pendlay",
    ];
    !not.iter().any(|w| name.contains(w)) && yes.iter().any(|w| name.contains(w))
}

/// Every load the bar and pairs of `plates` make (any number of each), in order; empty without
/// plates.
fn barbell_loads(bar: f64, plates: &[f64]) -> Vec<f64> {
    let sizes: Vec<usize> = plates
        .iter()
        .filter(|p| p.is_finite() && **p > 0.0)
        .map(|p| (p * 100.0).round() as usize)
        .filter(|p| *p > 0 && *p <= MAX_SIDE)
        .collect();
    if sizes.is_empty() {
        return Vec::new();
    }
    let mut reach = vec![false; MAX_SIDE + 1];
    reach[0] = true;
    for side in 1..=MAX_SIDE {
        reach[side] = sizes.iter().any(|s| side >= *s && reach[side - s]);
    }
    reach
        .iter()
        .enumerate()
        .filter(|(_, r)| **r)
        .map(|(side, _)| super::plates::clean(bar + 2.0 * side as f64 / 100.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn athlete(plates: &[f64], dumbbells: &[f64]) -> Athlete {
        Athlete {
            plates: plates.to_vec(),
            dumbbells: dumbbells.to_vec(),
            ..Athlete::default()
        }
    }

    #[test]
    fn loads_round_to_what_the_plates_and_dumbbells_make() {
        // 20 kg bar, 5 and 2.5 kg plates: 20, 25, 30, …; no 22.5 (a pair of 1.25 is missing).
        let a = athlete(&[5.0, 2.5], &[10.0, 12.5, 16.0, 20.0]);
        let inv = Inventory::new(Some(&a), Units::Kg);
        let bar = Grid {
            plate: 2.5,
            loads: inv.for_exercise("Back squat"),
        };
        assert_eq!(bar.nearest(23.0), 25.0);
        assert_eq!(bar.nearest(22.0), 20.0);
        assert_eq!(bar.floor(29.9), 25.0);
        assert_eq!(bar.nearest(97.52), 100.0);
        let db = Grid {
            plate: 2.5,
            loads: inv.for_exercise("Dumbbell bench press"),
        };
        assert_eq!(db.nearest(14.0), 12.5);
        assert_eq!(db.nearest(14.5), 16.0);
        assert_eq!(db.floor(15.9), 12.5);
        assert_eq!(db.nearest(40.0), 20.0);
        // A cable row keeps the increment.
        assert!(inv.for_exercise("Cable row").is_none());
        let none = Inventory::new(None, Units::Kg);
        assert!(none.for_exercise("Back squat").is_none());
    }
}
