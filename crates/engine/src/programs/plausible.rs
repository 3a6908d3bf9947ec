//! Implausible inputs (domain rule 9): numbers a file may hold, and a plan may be made from,
//! that no coach would take without asking. Each is a located warning, said once:
//! - a max outside plausible bounds for the lift and unit (a 2 kg bench press, a 2,500 kg squat);
//! - a level that contradicts the years trained (`advanced` after 0.1 years);
//! - deload factors that cut nothing (`sets_factor: 1`, `load_factor: 1`).

use super::locate::Seg;
use super::model::{Level, Units};
use super::source::Src;
use crate::error::Error;
use crate::text::fmt_num;

/// Plausible one-rep maxes in kg: `(words in the name, lightest, heaviest)`, the first match
/// winning. A barbell lift starts at the empty bar (20 kg); the heaviest are above the raw world
/// records, so every real lifter is inside.
const BOUNDS_KG: [(&[&str], f64, f64); 6] = [
    (
        &["dumbbell", "kettlebell", "raise", "curl", "fly"],
        1.0,
        150.0,
    ),
    (&["deadlift"], 20.0, 510.0),
    (&["squat"], 20.0, 500.0),
    (&["bench"], 20.0, 360.0),
    (&["press"], 20.0, 230.0),
    (&["row", "clean", "snatch", "jerk", "thrust"], 20.0, 400.0),
];
/// Bounds for any other exercise, in kg.
const OTHER_KG: (f64, f64) = (1.0, 600.0);

/// The plausible 1RM bounds for `exercise`, in `units`.
pub(crate) fn max_bounds(exercise: &str, units: Units) -> (f64, f64) {
    let name = exercise.to_lowercase();
    let (lo, hi) = BOUNDS_KG
        .iter()
        .find(|(words, _, _)| words.iter().any(|w| name.contains(w)))
        .map_or(OTHER_KG, |(_, lo, hi)| (*lo, *hi));
    (units.convert(lo, Units::Kg), units.convert(hi, Units::Kg))
}

/// Warnings: maxes under `key` (`maxes`, `training_maxes`) outside the plausible bounds of their
/// lift, each once, at the max.
pub(crate) fn check_maxes<'a>(
    maxes: impl IntoIterator<Item = (&'a String, f64)>,
    key: &str,
    units: Units,
    src: &Src,
) -> Vec<Error> {
    let mut out = Vec::new();
    for (exercise, value) in maxes {
        let (lo, hi) = max_bounds(exercise, units);
        if (lo..=hi).contains(&value) {
            continue;
        }
        let side = if value < lo { "under" } else { "over" };
        let round = |x: f64| fmt_num((x / 5.0).round() * 5.0);
        out.push(src.err(
            &[Seg::Key(key), Seg::Key(exercise.as_str())],
            format!(
                "a max of {} {units} for `{exercise}` is {side} what a lifter can have ({}–{} {units})",
                fmt_num(value),
                if lo < 5.0 { fmt_num(lo.round().max(1.0)) } else { round(lo) },
                round(hi)
            ),
            "check the number and its unit (kg or lb): every load of the plan is a share of it",
        ));
    }
    out
}

/// Warning: a level that contradicts the years trained (the level is used, as it wins).
pub(crate) fn check_level_years(
    level: Option<Level>,
    years: Option<f64>,
    src: &Src,
) -> Option<Error> {
    let (level, years) = (level?, years?);
    let from_years = Level::from_years(years);
    (from_years != level).then(|| {
        src.err(
            &[Seg::Key("history"), Seg::Key("level")],
            format!(
                "level `{level}` contradicts {} years of training, which make a {from_years} lifter",
                fmt_num(years)
            ),
            "under 6 months of training is novice, 6 months to 2 years intermediate, 2 years or more advanced: the plan uses the level; fix whichever is wrong",
        )
    })
}

/// Warning, once: deload factors that cut nothing (both at 1: the deload week is the loading
/// week), else each factor at 1, at the first such key.
pub(crate) fn check_deload_factors(
    sets_factor: Option<f64>,
    load_factor: Option<f64>,
    src: &Src,
) -> Option<Error> {
    let whole = |f: Option<f64>| f.is_some_and(|f| f >= 1.0);
    let (sets, load) = (whole(sets_factor), whole(load_factor));
    let (key, what) = match (sets, load) {
        (true, true) => (
            "sets_factor",
            "keep every set and every load: the deload cuts nothing",
        ),
        (true, false) => ("sets_factor", "keeps every set: only the load is cut"),
        (false, true) => ("load_factor", "keeps every load: only the sets are cut"),
        (false, false) => return None,
    };
    let message = if sets && load {
        format!("`sets_factor: 1` and `load_factor: 1` {what}")
    } else {
        format!("`{key}: 1` {what}")
    };
    Some(src.err(
        &[Seg::Key("deload"), Seg::Key(key)],
        message,
        "a deload week sheds fatigue by cutting both: the guidance keeps about half the sets (0.5) and 90 % of the load (0.9)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_follow_the_lift_and_the_unit() {
        assert_eq!(max_bounds("Bench press", Units::Kg), (20.0, 360.0));
        assert_eq!(max_bounds("Back squat", Units::Kg), (20.0, 500.0));
        assert_eq!(max_bounds("Dumbbell row", Units::Kg), (1.0, 150.0));
        let (lo, hi) = max_bounds("Deadlift", Units::Lb);
        assert!((lo - 44.09).abs() < 0.01 && (hi - 1124.35).abs() < 0.01);
    }
}
