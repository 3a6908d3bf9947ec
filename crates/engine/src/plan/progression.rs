//! Progression (domain rule 6) and loads (rule 7): what one prescription looks like in a given
//! loading week.
//!
//! `step` counts the loading weeks already done in the current block occurrence (0 in a block's
//! first week). Deload weeks do not count, so loading resumes where it was after a deload; a
//! block starts again from its written numbers each time it comes round. The rule used is the
//! exercise's own, else the block's, else the program's.

use crate::text::fmt_num;

use super::Prescription;
use crate::programs::{Athlete, Intensity, PrescriptionSpec, Program, Progression, Reps, Units};

/// Rounds `load` to the nearest multiple of `plate` (never below 0).
pub(crate) fn round_to_plate(load: f64, plate: f64) -> f64 {
    if !load.is_finite() || load <= 0.0 {
        return 0.0;
    }
    if !(plate.is_finite() && plate > 0.0) {
        return load;
    }
    ((load / plate).round() * plate).max(0.0)
}

/// Rounds `load` down to a multiple of `plate` (never below 0).
pub(crate) fn round_down_to_plate(load: f64, plate: f64) -> f64 {
    if !load.is_finite() || load <= 0.0 {
        return 0.0;
    }
    if !(plate.is_finite() && plate > 0.0) {
        return load;
    }
    // A small epsilon so 56.25 / 2.5 = 22.5 and 45 / 2.5 = 17.999… behave.
    ((load / plate + 1e-9).floor() * plate).max(0.0)
}

/// What the engine needs besides the prescription itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoadContext {
    /// Program units.
    pub(crate) units: Units,
    /// Plate increment in program units.
    pub(crate) plate: f64,
    /// The athlete's 1RM for this exercise, if known.
    pub(crate) one_rm: Option<f64>,
}

/// Where a plan's loads come from: the program's units, the plate increment and the athlete's
/// maxes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Loads<'a> {
    /// Program units.
    pub(crate) units: Units,
    /// The athlete's plate increment when it is a positive number, else the units' default.
    pub(crate) plate: f64,
    /// The athlete, for one-rep maxes.
    pub(crate) athlete: Option<&'a Athlete>,
}

impl<'a> Loads<'a> {
    /// The loads of `program` run by `athlete`.
    pub(crate) fn new(program: &Program, athlete: Option<&'a Athlete>) -> Loads<'a> {
        let units = program.units;
        let plate = athlete
            .and_then(|a| a.plate_increment)
            .filter(|p| p.is_finite() && *p > 0.0)
            .unwrap_or_else(|| units.default_plate_increment());
        Loads {
            units,
            plate,
            athlete,
        }
    }

    /// What [`prescribe`] needs to load `exercise`.
    pub(crate) fn for_exercise(&self, exercise: &str) -> LoadContext {
        LoadContext {
            units: self.units,
            plate: self.plate,
            one_rm: self.athlete.and_then(|a| a.max_for(exercise)),
        }
    }
}

/// The prescription for loading week `step` of its block under `rule`.
pub(crate) fn prescribe(
    spec: &PrescriptionSpec,
    rule: Option<Progression>,
    step: u32,
    ctx: LoadContext,
) -> Prescription {
    let step_f = f64::from(step);
    let mut reps = spec.reps;
    let mut extra_load = 0.0;
    let mut intensity = spec.intensity;
    match rule {
        Some(Progression::Linear(a)) => extra_load = a * step_f,
        Some(Progression::Double(a)) => match spec.reps {
            Reps::Range(lo, hi) => {
                let cycle = hi.saturating_sub(lo).saturating_add(1);
                reps = Reps::Fixed(lo.saturating_add(step % cycle));
                extra_load = a * f64::from(step / cycle);
            }
            _ => extra_load = a * step_f,
        },
        Some(Progression::Percent(p)) => {
            if let Some(Intensity::Percent(x)) = intensity {
                intensity = Some(Intensity::Percent((x + p * step_f).max(0.0)));
            }
        }
        Some(Progression::Rpe(r)) => match intensity {
            Some(Intensity::Rpe(x)) => {
                intensity = Some(Intensity::Rpe((x + r * step_f).clamp(1.0, 10.0)));
            }
            Some(Intensity::Rir(x)) => {
                intensity = Some(Intensity::Rir((x - r * step_f).clamp(0.0, 10.0)));
            }
            _ => {}
        },
        None => {}
    }
    let load = match intensity {
        Some(Intensity::Load(l)) => Some(round_to_plate(l + extra_load, ctx.plate)),
        Some(Intensity::Percent(p)) => ctx
            .one_rm
            .map(|m| round_to_plate(m * p / 100.0 + extra_load, ctx.plate)),
        _ => None,
    };
    let mut out = Prescription {
        exercise: spec.exercise.clone(),
        sets: spec.sets,
        reps: String::new(),
        rep_range: super::RepRange { min: 0, max: None },
        amrap: false,
        intensity: String::new(),
        percent: None,
        rpe: None,
        rir: None,
        load,
        units: ctx.units,
        rest: spec.rest,
        tempo: spec.tempo.clone(),
        notes: spec.notes.clone(),
        superset: spec.superset.clone(),
    };
    set_reps(&mut out, reps);
    set_intensity(&mut out, intensity);
    out
}

/// Fills the display and structured rep fields.
pub(crate) fn set_reps(p: &mut Prescription, reps: Reps) {
    p.reps = reps.to_string();
    p.amrap = matches!(reps, Reps::Amrap(_));
    p.rep_range = match reps {
        Reps::Fixed(n) => super::RepRange {
            min: n,
            max: Some(n),
        },
        Reps::Range(a, b) => super::RepRange {
            min: a,
            max: Some(b),
        },
        Reps::Amrap(m) => super::RepRange {
            min: m.unwrap_or(1),
            max: None,
        },
    };
}

/// Fills the display and structured intensity fields (load must already be set).
pub(crate) fn set_intensity(p: &mut Prescription, intensity: Option<Intensity>) {
    p.percent = None;
    p.rpe = None;
    p.rir = None;
    p.intensity = match intensity {
        Some(Intensity::Percent(x)) => {
            p.percent = Some(x);
            format!("{}% 1RM", fmt_num(x))
        }
        Some(Intensity::Rpe(x)) => {
            p.rpe = Some(x);
            format!("RPE {}", fmt_num(x))
        }
        Some(Intensity::Rir(x)) => {
            p.rir = Some(x);
            format!("RIR {}", fmt_num(x))
        }
        Some(Intensity::Load(_)) => match p.load {
            Some(l) => format!("{} {}", fmt_num(l), p.units),
            None => String::new(),
        },
        None => String::new(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(reps: Reps, intensity: Option<Intensity>) -> PrescriptionSpec {
        PrescriptionSpec {
            exercise: "Squat".into(),
            sets: 3,
            reps,
            intensity,
            rest: None,
            tempo: None,
            notes: None,
            superset: None,
            progression: None,
        }
    }

    const KG: LoadContext = LoadContext {
        units: Units::Kg,
        plate: 2.5,
        one_rm: Some(100.0),
    };

    #[test]
    fn linear_adds_load_each_week() {
        let s = spec(Reps::Fixed(5), Some(Intensity::Load(60.0)));
        let r = Some(Progression::Linear(2.5));
        assert_eq!(prescribe(&s, r, 0, KG).load, Some(60.0));
        assert_eq!(prescribe(&s, r, 3, KG).load, Some(67.5));
        assert_eq!(prescribe(&s, r, 3, KG).intensity, "67.5 kg");
    }

    #[test]
    fn percent_loads_round_to_plate() {
        let s = spec(Reps::Fixed(5), Some(Intensity::Percent(77.0)));
        let p = prescribe(&s, None, 0, KG);
        assert_eq!(p.load, Some(77.5));
        assert_eq!(p.intensity, "77% 1RM");
        let p = prescribe(&s, Some(Progression::Percent(2.5)), 2, KG);
        assert_eq!(p.percent, Some(82.0));
        assert_eq!(p.load, Some(82.5));
        let no_max = LoadContext { one_rm: None, ..KG };
        assert_eq!(prescribe(&s, None, 0, no_max).load, None);
        let lb = LoadContext {
            units: Units::Lb,
            plate: 5.0,
            one_rm: Some(300.0),
        };
        assert_eq!(prescribe(&s, None, 0, lb).load, Some(230.0));
    }

    #[test]
    fn double_progression_climbs_reps_then_adds_load() {
        let s = spec(Reps::Range(8, 10), Some(Intensity::Load(40.0)));
        let r = Some(Progression::Double(2.5));
        let weeks: Vec<(String, Option<f64>)> = (0..5)
            .map(|w| {
                let p = prescribe(&s, r, w, KG);
                (p.reps, p.load)
            })
            .collect();
        assert_eq!(
            weeks,
            vec![
                ("8".into(), Some(40.0)),
                ("9".into(), Some(40.0)),
                ("10".into(), Some(40.0)),
                ("8".into(), Some(42.5)),
                ("9".into(), Some(42.5)),
            ]
        );
    }

    #[test]
    fn rpe_steps_are_capped() {
        let s = spec(Reps::Fixed(3), Some(Intensity::Rpe(8.0)));
        let r = Some(Progression::Rpe(0.5));
        assert_eq!(prescribe(&s, r, 2, KG).rpe, Some(9.0));
        assert_eq!(prescribe(&s, r, 40, KG).rpe, Some(10.0));
        let s = spec(Reps::Fixed(3), Some(Intensity::Rir(2.0)));
        assert_eq!(prescribe(&s, r, 2, KG).rir, Some(1.0));
        assert_eq!(prescribe(&s, r, 40, KG).rir, Some(0.0));
    }

    #[test]
    fn plate_rounding() {
        assert_eq!(round_to_plate(101.2, 2.5), 100.0);
        assert_eq!(round_to_plate(-4.0, 2.5), 0.0);
        assert_eq!(round_down_to_plate(56.25, 2.5), 55.0);
        assert_eq!(round_down_to_plate(45.0, 2.5), 45.0);
        assert_eq!(round_to_plate(f64::NAN, 2.5), 0.0);
    }
}
