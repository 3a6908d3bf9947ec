//! Warm-up sets and plate math for the main lifts (domain rule 10), on a toggle: `warmups: true`
//! in the athlete file, or `deload plan --warmups`.
//!
//! Each main lift (the first exercise of a session, or one marked `main`) loaded on a bar, whose
//! first working line has a load, gets warm-up lines before it: the empty bar × 10, then 40, 60
//! and 80 % of that load × 5, 3 and 2. A program whose main work is a percentage of the training
//! max (5/3/1) gets Wendler's warm-up instead: 40, 50 and 60 % of the TM × 5, 5 and 3. Each
//! warm-up load is rounded down to what the bar and plates make; a step not above the one before
//! it, or not below the working load (a deload's light sets), is left out.
//!
//! Every line of such a lift (warm-ups and working sets) says which plates go on each side of
//! the bar: the fewest, heaviest first, from the athlete's plates (`plates:`, any number of
//! pairs of each) or the standard set (25, 20, 15, 10, 5, 2.5, 1.25 kg; 45, 35, 25, 10, 5,
//! 2.5 lb), on the athlete's bar (`bar:`, default 20 kg or 45 lb). Pure: numbers in, lines out.

use super::inventory::is_barbell;
use super::{Line, Week};
use crate::programs::{Athlete, Base, Reps, Units};

/// The standard plates in kilograms, heaviest first.
pub const STANDARD_KG: &[f64] = &[25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25];
/// The standard plates in pounds, heaviest first.
pub const STANDARD_LB: &[f64] = &[45.0, 35.0, 25.0, 10.0, 5.0, 2.5];

/// The most a side of the bar holds that plate math looks at, in thousandths of a unit.
const MAX_SIDE: u64 = 600_000;

/// The ramp up to a working load: (share of the working load, reps).
const RAMP: &[(f64, u32)] = &[(0.4, 5), (0.6, 3), (0.8, 2)];
/// Wendler's 5/3/1 warm-up: (share of the training max, reps).
const WENDLER: &[(f64, u32)] = &[(0.4, 5), (0.5, 5), (0.6, 3)];
/// Reps with the empty bar.
const BAR_REPS: u32 = 10;

/// A bar and the plates that load it. Sides are counted in steps of the plates' greatest common
/// divisor (0.625 kg for the standard set with microplates), so the searches are short.
#[derive(Debug, Clone, PartialEq)]
pub struct Plates {
    /// The bar's weight.
    pub bar: f64,
    /// Plate sizes, heaviest first, in steps.
    sizes: Vec<usize>,
    /// A step, in units.
    step: f64,
}

impl Plates {
    /// The bar `bar` with pairs of any number of each of `plates`.
    pub fn new(bar: f64, plates: &[f64]) -> Plates {
        let mut milli: Vec<u64> = plates
            .iter()
            .filter(|p| p.is_finite() && **p > 0.0)
            .map(|p| (p * 1000.0).round() as u64)
            .filter(|p| *p > 0 && *p <= MAX_SIDE)
            .collect();
        milli.sort_unstable_by(|a, b| b.cmp(a));
        milli.dedup();
        let g = milli.iter().fold(0, |g, p| gcd(g, *p)).max(1);
        Plates {
            bar,
            sizes: milli.iter().map(|p| (p / g) as usize).collect(),
            step: g as f64 / 1000.0,
        }
    }

    /// The athlete's bar and plates, else the standard ones in `units` and, when loads go in
    /// smaller steps (`increment`: microplates), a pair of half that.
    pub fn of(athlete: Option<&Athlete>, units: Units, increment: f64) -> Plates {
        let bar = athlete.and_then(|a| a.bar).unwrap_or(match units {
            Units::Kg => 20.0,
            Units::Lb => 45.0,
        });
        if let Some(a) = athlete.filter(|a| !a.plates.is_empty()) {
            return Plates::new(bar, &a.plates);
        }
        let mut plates = match units {
            Units::Kg => STANDARD_KG,
            Units::Lb => STANDARD_LB,
        }
        .to_vec();
        if plates.iter().all(|p| *p > increment / 2.0 + 1e-9) && increment > 0.0 {
            plates.push(increment / 2.0);
        }
        Plates::new(bar, &plates)
    }

    /// The plates on each side of the bar that make `load` exactly, heaviest first (the fewest
    /// there are; empty for the bar alone), or `None` when no pairs of the plates make it.
    pub fn per_side(&self, load: f64) -> Option<Vec<f64>> {
        let side = self.side(load)?;
        let greedy = self.greedy(side);
        greedy.or_else(|| self.fewest(side))
    }

    /// The heaviest load at most `load` that the bar and plates make (the bar, below it).
    pub fn floor(&self, load: f64) -> f64 {
        let Some(side) = self.side_floor(load) else {
            return self.bar;
        };
        let reach = self.reach(side);
        let best = (0..=side)
            .rev()
            .find(|s| reach[*s] != u16::MAX)
            .unwrap_or(0);
        self.bar + 2.0 * best as f64 * self.step
    }

    /// The most steps a side holds.
    fn max_side(&self) -> f64 {
        MAX_SIDE as f64 / 1000.0 / self.step
    }

    /// A side of `load`, in steps, when it is a whole number of them and in range.
    fn side(&self, load: f64) -> Option<usize> {
        let side = (load - self.bar) / 2.0 / self.step;
        let whole = side.round();
        ((side - whole).abs() < 1e-6 && whole >= 0.0 && whole <= self.max_side())
            .then_some(whole as usize)
    }

    /// The side of the heaviest load up to `load`, in steps; `None` below the bar.
    fn side_floor(&self, load: f64) -> Option<usize> {
        let side = ((load - self.bar) / 2.0 / self.step + 1e-6).floor();
        (load.is_finite() && side >= 0.0).then_some(side.min(self.max_side()) as usize)
    }

    /// The heaviest plate first, as often as it fits, then the next: the fewest plates for the
    /// standard sets, when it comes out exact.
    fn greedy(&self, mut side: usize) -> Option<Vec<f64>> {
        let mut out = Vec::new();
        for s in &self.sizes {
            while side >= *s {
                side -= s;
                out.push(*s as f64 * self.step);
            }
        }
        (side == 0).then_some(out)
    }

    /// The fewest plates making `side` exactly, by dynamic programming over the side's
    /// steps (for inventories where the heaviest-first choice misses).
    fn fewest(&self, side: usize) -> Option<Vec<f64>> {
        let reach = self.reach(side);
        if reach[side] == u16::MAX {
            return None;
        }
        let mut out = Vec::new();
        let mut left = side;
        while left > 0 {
            let s = self
                .sizes
                .iter()
                .find(|s| left >= **s && reach[left - **s].checked_add(1) == Some(reach[left]))?;
            out.push(*s as f64 * self.step);
            left -= s;
        }
        out.sort_by(|a, b| b.total_cmp(a));
        Some(out)
    }

    /// The fewest plates for every side up to `side` (`u16::MAX`: none make it).
    fn reach(&self, side: usize) -> Vec<u16> {
        let mut reach = vec![u16::MAX; side + 1];
        reach[0] = 0;
        for v in 1..=side {
            let best = self
                .sizes
                .iter()
                .filter(|s| v >= **s && reach[v - **s] != u16::MAX)
                .map(|s| reach[v - s] + 1)
                .min();
            reach[v] = best.unwrap_or(u16::MAX);
        }
        reach
    }
}

/// A plate's weight to the gram: `20`, `2.5`, `0.625`.
fn plate_num(p: f64) -> String {
    let text = format!("{p:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The greatest common divisor of `a` and `b`.
fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The plates of one side in words: `20 + 10 + 2.5 kg a side`, or `empty bar`.
pub fn plates_text(plates: &[f64], units: Units) -> String {
    if plates.is_empty() {
        return "empty bar".to_string();
    }
    let list: Vec<String> = plates.iter().map(|p| plate_num(*p)).collect();
    format!("{} {units} a side", list.join(" + "))
}

/// Adds warm-up lines and plate math to every main barbell lift of `weeks`, on `plates`; the
/// warm-up loads are rounded down to what `warm` makes (the plates without microplates: a
/// warm-up does not need them).
pub(crate) fn add_warmups(weeks: &mut [Week], plates: &Plates, warm: &Plates) {
    let sessions = weeks
        .iter_mut()
        .flat_map(|w| &mut w.days)
        .filter_map(|d| match &mut d.kind {
            super::DayKind::Session(s) => Some(s),
            super::DayKind::Rest(_) => None,
        });
    for s in sessions {
        for (i, p) in s.prescriptions.iter_mut().enumerate() {
            if (i == 0 || p.main) && is_barbell(&p.exercise.to_lowercase()) {
                warm_up(&mut p.lines, plates, warm);
            }
        }
    }
}

/// The warm-up lines before the first working line of `lines` that has a load, and the plates
/// of every line with a load.
fn warm_up(lines: &mut Vec<Line>, plates: &Plates, warm: &Plates) {
    let Some(first) = lines.iter().position(|l| !l.warmup && l.load.is_some()) else {
        return;
    };
    let work = &lines[first];
    let load = work.load.unwrap_or(0.0);
    let steps: Vec<(f64, u32)> = match (work.base, work.base_load) {
        (Some(Base::Tm), Some(tm)) => WENDLER.iter().map(|(f, r)| (f * tm, *r)).collect(),
        _ => RAMP.iter().map(|(f, r)| (f * load, *r)).collect(),
    };
    let mut ramp = vec![warmup_line(plates.bar, BAR_REPS)];
    for (target, reps) in steps {
        let step = warm.floor(target);
        let last = ramp.last().and_then(|l| l.load).unwrap_or(0.0);
        if step > last + 1e-9 && step < load - 1e-9 {
            ramp.push(warmup_line(step, reps));
        }
    }
    if load <= plates.bar + 1e-9 {
        ramp.clear();
    }
    lines.splice(first..first, ramp);
    for l in lines.iter_mut() {
        l.plates = l.load.and_then(|x| plates.per_side(x));
    }
}

/// A warm-up line: one set of `reps` at `load`.
fn warmup_line(load: f64, reps: u32) -> Line {
    let mut line = Line::new(1, Reps::Fixed(reps));
    line.label = Some("warm-up".to_string());
    line.warmup = true;
    line.load = Some(load);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kg() -> Plates {
        Plates::new(20.0, STANDARD_KG)
    }

    #[test]
    fn plates_per_side_are_the_fewest_heaviest_first() {
        let p = kg();
        assert_eq!(p.per_side(20.0), Some(vec![]));
        assert_eq!(p.per_side(60.0), Some(vec![20.0]));
        assert_eq!(p.per_side(102.5), Some(vec![25.0, 15.0, 1.25]));
        assert_eq!(p.per_side(142.5), Some(vec![25.0, 25.0, 10.0, 1.25]));
        assert_eq!(p.per_side(21.0), None);
        assert_eq!(p.per_side(10.0), None);
        let lb = Plates::new(45.0, STANDARD_LB);
        assert_eq!(lb.per_side(225.0), Some(vec![45.0, 45.0]));
        assert_eq!(lb.per_side(185.0), Some(vec![45.0, 25.0]));
        assert_eq!(plates_text(&[20.0, 2.5], Units::Kg), "20 + 2.5 kg a side");
        assert_eq!(plates_text(&[], Units::Kg), "empty bar");
        assert_eq!(
            plates_text(&[10.0, 0.625], Units::Kg),
            "10 + 0.625 kg a side"
        );
        // 1.25 kg steps (microplates) on the standard set: a pair of 0.625 makes them
        let micro = Plates::of(None, Units::Kg, 1.25);
        assert_eq!(micro.per_side(46.25), Some(vec![10.0, 2.5, 0.625]));
        assert_eq!(Plates::of(None, Units::Kg, 2.5), kg());
    }

    #[test]
    fn an_inventory_the_heaviest_first_misses_still_gets_the_fewest() {
        // 30 a side from 20 and 15 plates: 15 + 15 (20 first leaves 10, which nothing makes)
        let p = Plates::new(20.0, &[20.0, 15.0]);
        assert_eq!(p.per_side(80.0), Some(vec![15.0, 15.0]));
        assert_eq!(p.floor(79.0), 60.0);
        assert_eq!(p.floor(19.0), 20.0);
        assert_eq!(kg().floor(41.0), 40.0);
        assert_eq!(kg().floor(63.9), 62.5);
    }

    fn work(load: f64, sets: u32) -> Line {
        let mut l = Line::new(sets, Reps::Fixed(5));
        l.load = Some(load);
        l
    }

    #[test]
    fn a_main_lift_ramps_up_to_its_first_working_load() {
        let mut lines = vec![work(140.0, 3)];
        warm_up(&mut lines, &kg(), &kg());
        let got: Vec<(f64, u32, bool)> = lines
            .iter()
            .map(|l| {
                (
                    l.load.unwrap_or(0.0),
                    l.sets * 100 + l.rep_range.min,
                    l.warmup,
                )
            })
            .collect();
        // bar × 10; 40 % of 140 = 56 → 55 × 5; 60 % = 84 → 82.5 × 3; 80 % = 112 → 112.5 down
        // to 110 × 2 (loads round down); then the working sets
        assert_eq!(
            got,
            [
                (20.0, 110, true),
                (55.0, 105, true),
                (82.5, 103, true),
                (110.0, 102, true),
                (140.0, 305, false)
            ]
        );
        let plates: Vec<Vec<f64>> = lines.iter().map(|l| l.plates.clone().unwrap()).collect();
        assert_eq!(
            plates,
            [
                vec![],
                vec![15.0, 2.5],
                vec![25.0, 5.0, 1.25],
                vec![25.0, 20.0],
                vec![25.0, 25.0, 10.0]
            ]
        );
    }

    #[test]
    fn a_training_max_program_gets_wendlers_warm_up() {
        let mut line = work(122.5, 1);
        line.base = Some(Base::Tm);
        line.base_load = Some(157.5);
        let mut lines = vec![line];
        warm_up(&mut lines, &kg(), &kg());
        let loads: Vec<f64> = lines.iter().filter_map(|l| l.load).collect();
        // 40, 50 and 60 % of the 157.5 TM: 63 → 62.5, 78.75 → 77.5, 94.5 → 92.5
        assert_eq!(loads, [20.0, 62.5, 77.5, 92.5, 122.5]);
        // a deload's first set at 40 % of the TM leaves only the bar below it
        let mut light = work(62.5, 1);
        light.base = Some(Base::Tm);
        light.base_load = Some(157.5);
        let mut lines = vec![light];
        warm_up(&mut lines, &kg(), &kg());
        let loads: Vec<f64> = lines.iter().filter_map(|l| l.load).collect();
        assert_eq!(loads, [20.0, 62.5]);
    }
}
