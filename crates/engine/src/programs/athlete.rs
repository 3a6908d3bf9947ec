//! Loading athlete files (`programs/athletes/*.yaml`) into a validated [`Athlete`].
//!
//! # The athlete format
//!
//! ```yaml
//! program: ../novice-full-body.yaml   # relative to this file
//! name: Sam
//! history:
//!   level: novice              # or `training_years: 0.3` (level wins when both are given)
//!   weeks_since_deload: 2      # loading weeks since the last deload
//!   sleep_hours: 7.5           # average a night
//!   signs: [lingering_soreness]   # harder_workouts, lingering_soreness, mood_sleep,
//!                                 # slow_recovery, stalled_progress
//! start: 2026-01-05
//! available_days: [mon, wed, fri]
//! maxes:                       # "140 kg", "300 lb" or a number in the program's units
//!   Back squat: 80 kg
//!   Bench press: 60
//! plate_increment: 2.5         # default 2.5 kg / 5 lb; "5 lb" also accepted
//! deload_every: 5              # explicit cadence K, wins over the program's
//! log: ../logs/sam.csv         # a Strong, Hevy or FitNotes export; `deload plan` derives the
//!                              # history (and missing maxes) from it
//! overrides:
//!   swap:
//!     - { from: Barbell row, to: Dumbbell row }
//!   change:
//!     - { exercise: Bench press, sets: 4, reps: 6-8 }
//!   skip: [C]                  # sessions to leave out
//! ```
//!
//! Percent-of-1RM prescriptions need a max for the exercise (after swaps) when an athlete is
//! given: a missing one is an error. A bare program planned without an athlete shows percentages
//! with no load.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_yaml::Value;

use super::load::{
    Src, check_every, confinement_root, load_program_within, parse_reps, resolve_ref,
};
use super::locate::Seg;
use super::model::{
    Athlete, Change, History, Intensity, Level, Overrides, Program, Sign, Swap, Units, Weekday,
    effective_program,
};
use crate::error::{Error, nearest};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAthlete {
    program: String,
    name: Option<String>,
    #[serde(default)]
    history: RawHistory,
    start: Option<String>,
    available_days: Option<Vec<String>>,
    #[serde(default)]
    maxes: BTreeMap<String, Value>,
    plate_increment: Option<Value>,
    #[serde(default)]
    overrides: RawOverrides,
    deload_every: Option<i64>,
    log: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHistory {
    level: Option<Level>,
    training_years: Option<f64>,
    weeks_since_deload: Option<i64>,
    sleep_hours: Option<f64>,
    #[serde(default)]
    signs: Vec<Sign>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverrides {
    #[serde(default)]
    swap: Vec<RawSwap>,
    #[serde(default)]
    change: Vec<RawChange>,
    #[serde(default)]
    skip: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSwap {
    from: String,
    to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    exercise: String,
    sets: Option<i64>,
    reps: Option<Value>,
}

/// Loads the athlete at `path` and the program it follows. Returns both, with warnings from
/// either file.
/// `program` and `log` (and the program's `extends`) must stay inside the folder
/// [`confinement_root`] gives for `path`.
pub fn load_athlete(path: &Path) -> Result<(Athlete, Program, Vec<Error>), Error> {
    load_athlete_within(path, &confinement_root(path))
}

/// [`load_athlete`] with every file reference confined to `root` (the site root, when loading a
/// site).
pub fn load_athlete_within(
    path: &Path,
    root: &Path,
) -> Result<(Athlete, Program, Vec<Error>), Error> {
    use Seg::{Index, Key};
    let src = Src::read(path)?;
    let raw: RawAthlete = src.parse()?;
    let mut warnings = Vec::new();

    let program_path = resolve_ref(&src, &[Key("program")], &raw.program, root)?;
    if !program_path.is_file() {
        return Err(src.err(
            &[Key("program")],
            format!("the program file does not exist: {}", program_path.display()),
            "the path is relative to the athlete file's folder, e.g. `program: ../novice-full-body.yaml`",
        ));
    }
    let (program, program_warnings) = load_program_within(&program_path, root)?;
    warnings.extend(program_warnings);
    let units = program.units;

    let h = &raw.history;
    if let Some(y) = h.training_years
        && !(y.is_finite() && (0.0..=80.0).contains(&y))
    {
        return Err(src.err(
            &[Key("history"), Key("training_years")],
            format!("{y} years of training is not possible"),
            "give years of consistent training, e.g. 1.5 (0 to 80)",
        ));
    }
    let weeks_since_deload = match h.weeks_since_deload {
        None => None,
        Some(w) if (0..=520).contains(&w) => u32::try_from(w).ok(),
        Some(w) => {
            return Err(src.err(
                &[Key("history"), Key("weeks_since_deload")],
                format!("{w} weeks since the last deload is not possible"),
                "give the loading weeks trained since the last deload, 0 or more",
            ));
        }
    };
    if let Some(s) = h.sleep_hours
        && !(s.is_finite() && (0.0..=24.0).contains(&s))
    {
        return Err(src.err(
            &[Key("history"), Key("sleep_hours")],
            format!("{s} hours of sleep a night is not possible"),
            "give the average hours of sleep a night, 0 to 24",
        ));
    }
    let mut signs = Vec::new();
    for s in &h.signs {
        if !signs.contains(s) {
            signs.push(*s);
        }
    }

    let start = match &raw.start {
        None => None,
        Some(s) => Some(s.trim().parse::<jiff::civil::Date>().map_err(|e| {
            src.err(
                &[Key("start")],
                format!("cannot read the start date `{s}`: {e}"),
                "write the date as YYYY-MM-DD, e.g. 2026-01-05",
            )
        })?),
    };

    let mut maxes = BTreeMap::new();
    for (exercise, v) in &raw.maxes {
        let at = [Key("maxes"), Key(exercise.as_str())];
        let value = parse_weight(v, units).ok_or_else(|| {
            src.err(
                &at,
                format!("cannot read the max for `{exercise}`"),
                "write a weight above 0, e.g. `140 kg`, `300 lb` or `140` (program units)",
            )
        })?;
        maxes.insert(exercise.trim().to_lowercase(), value);
    }
    let plate_increment = match &raw.plate_increment {
        None => None,
        Some(v) => Some(parse_weight(v, units).ok_or_else(|| {
            src.err(
                &[Key("plate_increment")],
                "cannot read the plate increment",
                "write the smallest load jump above 0, e.g. `2.5` or `5 lb`",
            )
        })?),
    };

    let log = match &raw.log {
        None => None,
        Some(l) => {
            let p = resolve_ref(&src, &[Key("log")], l, root)?;
            if !p.is_file() {
                return Err(src.err(
                    &[Key("log")],
                    format!("the training log does not exist: {}", p.display()),
                    "the path is relative to the athlete file's folder, e.g. `log: ../logs/sam.csv`",
                ));
            }
            Some(p)
        }
    };

    let deload_every = match raw.deload_every {
        Some(k) => Some(check_every(k, &src, &[Key("deload_every")], &mut warnings)?),
        None => None,
    };

    // Overrides, checked against the program's exercises and sessions.
    let exercises: Vec<String> = program
        .sessions
        .iter()
        .flat_map(|s| s.exercises.iter().map(|e| e.exercise.clone()))
        .collect();
    let mut overrides = Overrides::default();
    for (i, s) in raw.overrides.swap.iter().enumerate() {
        let at = [Key("overrides"), Key("swap"), Index(i), Key("from")];
        known(&s.from, &exercises, "exercise", &src, &at)?;
        overrides.swap.push(Swap {
            from: s.from.trim().to_string(),
            to: s.to.trim().to_string(),
        });
    }
    let swapped: Vec<String> = exercises
        .iter()
        .map(|e| {
            overrides
                .swap
                .iter()
                .find(|s| s.from.eq_ignore_ascii_case(e))
                .map_or_else(|| e.clone(), |s| s.to.clone())
        })
        .collect();
    for (i, c) in raw.overrides.change.iter().enumerate() {
        let at = |k| [Key("overrides"), Key("change"), Index(i), Key(k)];
        known(&c.exercise, &swapped, "exercise", &src, &at("exercise"))?;
        let sets = match c.sets {
            None => None,
            Some(n) if (1..=super::load::MAX_SETS).contains(&n) => u32::try_from(n).ok(),
            Some(n) => {
                return Err(src.err(
                    &at("sets"),
                    format!("sets must be from 1 to {}, not {n}", super::load::MAX_SETS),
                    "give the number of working sets, at least 1",
                ));
            }
        };
        let reps = match &c.reps {
            None => None,
            Some(v) => Some(parse_reps(v, &src, &at("reps"))?),
        };
        overrides.change.push(Change {
            exercise: c.exercise.trim().to_string(),
            sets,
            reps,
        });
    }
    let session_names: Vec<String> = program.sessions.iter().map(|s| s.name.clone()).collect();
    for (i, s) in raw.overrides.skip.iter().enumerate() {
        known(
            s,
            &session_names,
            "session",
            &src,
            &[Key("overrides"), Key("skip"), Index(i)],
        )?;
        overrides.skip.push(s.trim().to_string());
    }

    let mut athlete = Athlete {
        name: raw.name.clone().unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        }),
        program_path: program_path.clone(),
        history: History {
            level: h.level,
            training_years: h.training_years,
            weeks_since_deload,
            sleep_hours: h.sleep_hours,
            signs,
            source: None,
            early_deload: None,
        },
        start,
        available_days: None,
        maxes,
        plate_increment,
        overrides,
        deload_every,
        log,
    };
    let effective = effective_program(&program, Some(&athlete));
    let all_skipped = effective.sessions.is_empty()
        || effective
            .blocks
            .iter()
            .any(|b| b.sessions.as_ref().is_some_and(Vec::is_empty))
        || effective.rotation.as_ref().is_some_and(Vec::is_empty);
    if all_skipped {
        return Err(src.err_key(
            &[Key("overrides"), Key("skip")],
            "skipping these sessions leaves a block with no training",
            "skip fewer sessions, or choose a program with fewer sessions a week",
        ));
    }

    if let Some(days) = &raw.available_days {
        let mut parsed = Vec::new();
        let mut seen = HashSet::new();
        for (i, d) in days.iter().enumerate() {
            let Some(day) = Weekday::parse(d) else {
                let names = Weekday::ALL.map(Weekday::short);
                let hint = match nearest(&d.to_lowercase(), names) {
                    Some(k) => format!("did you mean `{k}`? Days: {}", names.join(", ")),
                    None => format!("use day names: {}", names.join(", ")),
                };
                return Err(src.err(
                    &[Key("available_days"), Index(i)],
                    format!("`{d}` is not a day of the week"),
                    &hint,
                ));
            };
            if seen.insert(day) {
                parsed.push(day);
            }
        }
        parsed.sort();
        let d = effective.sessions_per_week;
        if parsed.len() < usize::try_from(d).unwrap_or(usize::MAX) {
            return Err(src.err_key(
                &[Key("available_days")],
                format!(
                    "{} available day{} for {d} sessions a week",
                    parsed.len(),
                    if parsed.len() == 1 { "" } else { "s" }
                ),
                &format!(
                    "make at least {d} days available, skip a session under `overrides: skip:`, or choose a program with fewer sessions a week"
                ),
            ));
        }
        athlete.available_days = Some(parsed);
    }

    // Percent-based prescriptions need a max when an athlete is given (with a log, the maxes it
    // lacks can come from the log: `deload plan` checks them once the log is read).
    for s in effective.sessions.iter().filter(|_| athlete.log.is_none()) {
        for ex in &s.exercises {
            if matches!(ex.intensity, Some(Intensity::Percent(_)))
                && athlete.max_for(&ex.exercise).is_none()
            {
                let at: Vec<Seg<'_>> = if raw.maxes.is_empty() {
                    vec![Key("program")]
                } else {
                    vec![Key("maxes")]
                };
                let e = src.err_key(
                    &at,
                    format!(
                        "no one-rep max for `{}`, which session `{}` prescribes as a percentage of 1RM",
                        ex.exercise, s.name
                    ),
                    &format!("add it under `maxes:`, e.g. `{}: 100 {units}`", ex.exercise),
                );
                return Err(e.with_note(format!("prescribed in {}", program_path.display())));
            }
        }
    }

    Ok((athlete, program, warnings))
}

/// Checks that `name` is one of `names` (case-insensitive), with a "did you mean" hint.
fn known(name: &str, names: &[String], what: &str, src: &Src, at: &[Seg<'_>]) -> Result<(), Error> {
    if names.iter().any(|n| n.eq_ignore_ascii_case(name.trim())) {
        return Ok(());
    }
    let mut unique: Vec<&str> = names.iter().map(String::as_str).collect();
    unique.dedup();
    let hint = match nearest(name, unique.iter().copied()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("the program's {what}s are: {}", unique.join(", ")),
    };
    Err(src.err(
        at,
        format!("the program has no {what} called `{name}`"),
        &hint,
    ))
}

/// Reads a weight: a number (in `units`) or text with a unit (`140 kg`, `300 lb`). Must be > 0.
fn parse_weight(v: &Value, units: Units) -> Option<f64> {
    let value = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => {
            let t = s.trim().to_lowercase();
            let (num, from) = if let Some(n) = t.strip_suffix("kg") {
                (n, Units::Kg)
            } else if let Some(n) = t.strip_suffix("lbs").or_else(|| t.strip_suffix("lb")) {
                (n, Units::Lb)
            } else {
                (t.as_str(), units)
            };
            units.convert(num.trim().parse::<f64>().ok()?, from)
        }
        _ => return None,
    };
    (value.is_finite() && value > 0.0 && value < 10_000.0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_convert_units() {
        let w = |s: &str, u| parse_weight(&Value::from(s), u);
        assert_eq!(w("140 kg", Units::Kg), Some(140.0));
        assert_eq!(w("140", Units::Lb), Some(140.0));
        let lb = w("100 kg", Units::Lb).unwrap_or(0.0);
        assert!((lb - 220.46).abs() < 0.01, "{lb}");
        let kg = w("225 lbs", Units::Kg).unwrap_or(0.0);
        assert!((kg - 102.06).abs() < 0.01, "{kg}");
        assert_eq!(w("0 kg", Units::Kg), None);
        assert_eq!(w("-5", Units::Kg), None);
        assert_eq!(w("heavy", Units::Kg), None);
        assert_eq!(parse_weight(&Value::from(100), Units::Kg), Some(100.0));
    }
}
