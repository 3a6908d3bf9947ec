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
//! units: kg                   # the plan's units (default: the program's); loads convert
//! maxes:                       # "140 kg", "300 lb" or a number in the plan's units
//!   Back squat: 80 kg
//!   Bench press: 60
//! training_max: 85             # the TM as a % of the 1RM (default: the program's, else 90)
//! training_maxes:              # explicit TMs, which win over `training_max`
//!   Deadlift: 140 kg
//! plate_increment: 2.5         # default 2.5 kg / 5 lb; "5 lb" also accepted (converted)
//! plates: [25, 20, 10, 5, 2.5, 1.25]   # optional: the plates you have (pairs of each size);
//! bar: 20                      # barbell loads round to what the bar and plates make
//! dumbbells: [5, 7.5, 10, 12.5, 15, 17.5, 20]   # optional: dumbbell loads round to these
//! warmups: true                # warm-up sets for the main lifts (bar × 10, 40/60/80 % × 5/3/2;
//!                              # 5/3/1: 40/50/60 % of the TM), with the plates per side
//! deload_every: 5              # explicit cadence K, wins over the program's
//! log: ../logs/sam.csv         # a Strong, Hevy or FitNotes export; `deload plan` derives the
//!                              # history (and missing maxes) from it
//! overrides:
//!   swap:                     # every `from`, or only in `session`
//!     - { from: Barbell row, to: Dumbbell row, session: Full body A }
//!   change:                   # sets and reps of a one-line exercise (after swaps)
//!     - { exercise: Bench press, sets: 4, reps: 6-8 }
//!   skip: [C]                  # sessions to leave out
//! ```
//!
//! Percentage prescriptions need a max for the exercise (after swaps) when an athlete is given:
//! a percentage of the 1RM needs the 1RM, a percentage of the TM needs the 1RM or a training max;
//! a missing one is an error. A bare program planned without an athlete shows percentages with no
//! load.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml::Value;

use super::bounds::{check_chars, check_len, check_opt_chars};
use super::exercise::origin;
use super::load::{load_program_within, resolve_ref};
use super::locate::Seg;
use super::model::{
    Athlete, Change, History, LANGUAGES, Level, Overrides, Program, Sign, Swap, Units, Weekday,
};
use super::overrides::effective_program;
use super::plausible;
use super::scalars::{check_every, check_training_max, parse_reps};
use super::source::Src;
use crate::error::{Error, nearest};
use crate::limits::MAX_SETS;
use crate::limits::{MAX_LIST, MAX_NAME_CHARS};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAthlete {
    program: String,
    name: Option<String>,
    #[serde(default)]
    history: RawHistory,
    start: Option<String>,
    available_days: Option<Vec<String>>,
    units: Option<Units>,
    #[serde(default)]
    maxes: BTreeMap<String, Value>,
    training_max: Option<f64>,
    #[serde(default)]
    training_maxes: BTreeMap<String, Value>,
    plate_increment: Option<Value>,
    #[serde(default)]
    plates: Vec<Value>,
    bar: Option<Value>,
    #[serde(default)]
    dumbbells: Vec<Value>,
    #[serde(default)]
    overrides: RawOverrides,
    deload_every: Option<i64>,
    log: Option<String>,
    publish: Option<bool>,
    coach: Option<String>,
    warmups: Option<bool>,
    language: Option<String>,
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
    session: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    exercise: String,
    sets: Option<i64>,
    reps: Option<Value>,
    session: Option<String>,
}

/// Loads the athlete at `path` and the program it follows. Returns both, with warnings from
/// either file and the files read (`path`, the program and its `extends` chain). `program` and `log` (and the program's `extends`) must stay inside `root` (the
/// site root, or the folder [`confinement_root`](super::load::confinement_root) gives for `path`).
pub(crate) fn load_athlete_within(
    path: &Path,
    root: &Path,
) -> Result<(Athlete, Program, Vec<Error>, Vec<PathBuf>), Error> {
    use Seg::Key;
    let src = Src::read(path)?;
    let raw: RawAthlete = src.parse()?;
    check_bounds(&raw, &src)?;
    let program_path = existing_ref(&src, "program", &raw.program, root)?;
    let (program, mut warnings, mut read) = load_program_within(&program_path, root)?;
    read.insert(0, path.to_path_buf());
    let history = check_history(&raw.history, &src)?;
    warnings.extend(plausible::check_level_years(
        raw.history.level,
        raw.history.training_years,
        &src,
    ));
    let start = parse_start(raw.start.as_deref(), &src)?;
    let loads = athlete_loads(&raw, program.units, &src, &mut warnings)?;
    let log = match &raw.log {
        None => None,
        Some(l) => Some(existing_ref(&src, "log", l, root)?),
    };
    let deload_every = match raw.deload_every {
        Some(k) => Some(check_every(k, &src, &[Key("deload_every")], &mut warnings)?),
        None => None,
    };
    let overrides = check_overrides(&raw.overrides, &program, &src, &mut warnings)?;
    let mut athlete = Athlete {
        name: raw.name.clone().unwrap_or_else(|| {
            path.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        }),
        program_path,
        history,
        start,
        available_days: None,
        units: raw.units,
        maxes: loads.maxes,
        training_max: loads.training_max,
        training_maxes: loads.training_maxes,
        plate_increment: loads.plate_increment,
        plates: loads.inventory.plates,
        bar: loads.inventory.bar,
        dumbbells: loads.inventory.dumbbells,
        log_maxes: Vec::new(),
        max_evidence: BTreeMap::new(),
        rep_holds: BTreeMap::new(),
        overrides,
        deload_every,
        log,
        publish: raw.publish,
        coach: raw.coach.clone().filter(|c| !c.trim().is_empty()),
        warmups: raw.warmups.unwrap_or(false),
        language: check_language(raw.language.as_deref(), &src)?,
    };
    let effective = effective_program(&program, Some(&athlete));
    check_sessions_left(&effective, &src)?;
    if let Some(days) = &raw.available_days {
        let d = effective.sessions_per_week;
        athlete.available_days = Some(parse_available_days(days, d, &src)?);
    }
    check_percent_maxes(&athlete, &effective, raw.maxes.is_empty(), &src)?;
    Ok((athlete, program, warnings, read))
}

/// The athlete file's `language:`, one of the [`LANGUAGES`] deload ships (lower case).
fn check_language(language: Option<&str>, src: &Src) -> Result<Option<String>, Error> {
    let Some(code) = language else {
        return Ok(None);
    };
    let lower = code.trim().to_ascii_lowercase();
    if LANGUAGES.contains(&lower.as_str()) {
        return Ok(Some(lower));
    }
    Err(src.err(
        &[Seg::Key("language")],
        format!(
            "`language: {code}` is not a language deload prints plans in ({})",
            LANGUAGES.join(", ")
        ),
        "write one of the codes, like `language: de` (leave it out for the site's language)",
    ))
}

/// The athlete's maxes, training maxes and plates, read in the plan's units.
struct AthleteLoads {
    maxes: BTreeMap<String, f64>,
    training_max: Option<f64>,
    training_maxes: BTreeMap<String, f64>,
    plate_increment: Option<f64>,
    inventory: Inventory,
}

/// The plates, bar and dumbbells an athlete file lists, in the plan's units.
#[derive(Default)]
struct Inventory {
    plates: Vec<f64>,
    bar: Option<f64>,
    dumbbells: Vec<f64>,
}

/// Reads `plates`, `bar` and `dumbbells` (weights above 0, as maxes are written) in `units`.
fn parse_inventory(raw: &RawAthlete, units: Units, src: &Src) -> Result<Inventory, Error> {
    let list = |values: &[Value], key: &str| -> Result<Vec<f64>, Error> {
        let mut out = Vec::with_capacity(values.len());
        for (i, v) in values.iter().enumerate() {
            let w = parse_weight(v, units).ok_or_else(|| {
                src.err(
                    &[Seg::Key(key), Seg::Index(i)],
                    format!("cannot read entry {} of `{key}`", i + 1),
                    "write each weight above 0, e.g. `2.5`, `1.25 kg` or `5 lb`",
                )
            })?;
            out.push(w);
        }
        out.sort_by(f64::total_cmp);
        out.dedup();
        Ok(out)
    };
    check_len(
        raw.plates.len() + raw.dumbbells.len(),
        MAX_LIST,
        "plates and dumbbells",
        "list each size once",
        (src, &[Seg::Key("plates")]),
    )?;
    let bar = match &raw.bar {
        None => None,
        Some(v) => Some(parse_weight(v, units).ok_or_else(|| {
            src.err(
                &[Seg::Key("bar")],
                "cannot read the bar's weight",
                "write a weight above 0, e.g. `20` or `45 lb`",
            )
        })?),
    };
    Ok(Inventory {
        plates: list(&raw.plates, "plates")?,
        bar,
        dumbbells: list(&raw.dumbbells, "dumbbells")?,
    })
}

/// Reads `maxes`, `training_max`, `training_maxes` and `plate_increment` in the plan's units
/// (the athlete's `units`, else the program's). Warning: a plate increment written in other
/// units that is not a round number in the plan's.
fn athlete_loads(
    raw: &RawAthlete,
    program_units: Units,
    src: &Src,
    warnings: &mut Vec<Error>,
) -> Result<AthleteLoads, Error> {
    use Seg::Key;
    let units = raw.units.unwrap_or(program_units);
    let maxes = parse_maxes(&raw.maxes, "maxes", units, src)?;
    let training_maxes = parse_maxes(&raw.training_maxes, "training_maxes", units, src)?;
    for (key, parsed) in [("maxes", &maxes), ("training_maxes", &training_maxes)] {
        let raw_map = if key == "maxes" {
            &raw.maxes
        } else {
            &raw.training_maxes
        };
        let written = raw_map
            .keys()
            .filter_map(|name| parsed.get(&name.trim().to_lowercase()).map(|v| (name, *v)));
        warnings.extend(plausible::check_maxes(written, key, units, src));
    }
    let training_max = match raw.training_max {
        Some(tm) => Some(check_training_max(tm, src, &[Key("training_max")])?),
        None => None,
    };
    let plate_increment = match &raw.plate_increment {
        None => None,
        Some(v) => {
            let plate = parse_weight(v, units).ok_or_else(|| {
                src.err(
                    &[Key("plate_increment")],
                    "cannot read the plate increment",
                    "write the smallest load jump above 0, e.g. `2.5` or `5 lb`",
                )
            })?;
            let (plate, warning) = plate_in_units(v, plate, units, src);
            warnings.extend(warning);
            Some(plate)
        }
    };
    Ok(AthleteLoads {
        maxes,
        training_max,
        training_maxes,
        plate_increment,
        inventory: parse_inventory(raw, units, src)?,
    })
}

/// The plate increment `v` (read as `plate` in the plan's `units`): written in the other units
/// it is rounded to what plates in the plan's units add ([`Units::convert_step`]: 5 lb is
/// 2.27 kg, used as 2.5 kg), with a warning when that changes it, so every load is a round
/// number in the athlete's units.
fn plate_in_units(v: &Value, plate: f64, units: Units, src: &Src) -> (f64, Option<Error>) {
    let Some(written) = v.as_str().map(str::to_lowercase) else {
        return (plate, None);
    };
    let other = match units {
        Units::Kg => Units::Lb,
        Units::Lb => Units::Kg,
    };
    if !written.contains(other.as_str()) {
        return (plate, None);
    }
    let rounded = units.convert_step(other.convert(plate, units), other);
    if (rounded - plate).abs() < 1e-6 {
        return (rounded, None);
    }
    let warning = src.err(
        &[Seg::Key("plate_increment")],
        format!(
            "plates of {} are {} {units}: loads are rounded to steps of {} {units}, printed in {units}",
            written.trim(),
            crate::text::fmt_num((plate * 100.0).round() / 100.0),
            crate::text::fmt_num(rounded),
        ),
        &format!(
            "set `units: {other}` to plan in {other}, the units of your plates, or give the increment in {units}"
        ),
    );
    (rounded, Some(warning))
}

/// Checks an athlete file against the bounds of [`crate::limits`]: its name, the lengths of
/// its override lists and the names in them.
fn check_bounds(raw: &RawAthlete, src: &Src) -> Result<(), Error> {
    use Seg::{Index, Key};
    check_opt_chars(
        raw.name.as_deref(),
        MAX_NAME_CHARS,
        "the athlete's name",
        (src, &[Key("name")]),
    )?;
    let o = &raw.overrides;
    let how =
        "keep the overrides to the exercises that change; edit a copy of the program for more";
    for (key, len) in [
        ("swap", o.swap.len()),
        ("change", o.change.len()),
        ("skip", o.skip.len()),
    ] {
        let at = [Key("overrides"), Key(key)];
        check_len(len, MAX_LIST, &format!("`{key}` entries"), how, (src, &at))?;
    }
    let name = |key, i, field| [Key("overrides"), Key(key), Index(i), Key(field)];
    for (i, w) in o.swap.iter().enumerate() {
        for (field, text) in [("from", &w.from), ("to", &w.to)] {
            check_chars(
                text,
                MAX_NAME_CHARS,
                "an exercise name",
                (src, &name("swap", i, field)),
            )?;
        }
    }
    for (i, c) in o.change.iter().enumerate() {
        check_chars(
            &c.exercise,
            MAX_NAME_CHARS,
            "an exercise name",
            (src, &name("change", i, "exercise")),
        )?;
    }
    for (i, k) in o.skip.iter().enumerate() {
        let at = [Key("overrides"), Key("skip"), Index(i)];
        check_chars(k, MAX_NAME_CHARS, "an exercise name", (src, &at))?;
    }
    Ok(())
}
/// The file that `key: rel` in the athlete file names (`program` or `log`), resolved against the
/// athlete file's folder and confined to `root`. Error: it does not exist.
fn existing_ref(src: &Src, key: &str, rel: &str, root: &Path) -> Result<PathBuf, Error> {
    let at = [Seg::Key(key)];
    let path = resolve_ref(src, &at, rel, root)?;
    if crate::fs::is_file(&path) {
        return Ok(path);
    }
    let (what, example) = if key == "program" {
        ("the program file", "program: ../novice-full-body.yaml")
    } else {
        ("the training log", "log: ../logs/sam.csv")
    };
    Err(src.err(
        &at,
        format!("{what} does not exist: {}", path.display()),
        &format!("the path is relative to the athlete file's folder, e.g. `{example}`"),
    ))
}

/// The history as written, checked: training years 0–80, weeks since the last deload 0–520,
/// sleep 0–24 hours a night; each sign of overreaching once.
fn check_history(h: &RawHistory, src: &Src) -> Result<History, Error> {
    use Seg::Key;
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
    Ok(History {
        level: h.level,
        training_years: h.training_years,
        weeks_since_deload,
        sleep_hours: h.sleep_hours,
        signs,
        source: None,
        source_message: None,
        early_deload: None,
        early_deload_message: None,
        replan_deload: None,
        replan_deload_message: None,
        log_signs: Vec::new(),
    })
}

/// The `start` date, YYYY-MM-DD.
fn parse_start(start: Option<&str>, src: &Src) -> Result<Option<jiff::civil::Date>, Error> {
    let Some(s) = start else {
        return Ok(None);
    };
    s.trim()
        .parse::<jiff::civil::Date>()
        .map(Some)
        .map_err(|_| {
            let why = crate::text::why_not_a_date(s.trim())
                .unwrap_or_else(|| "it is outside the calendar deload plans in".to_string());
            src.err(
                &[Seg::Key("start")],
                format!("cannot read the start date `{s}`: {why}"),
                "write the date as YYYY-MM-DD, e.g. 2026-01-05",
            )
        })
}

/// The maxes under `key` (`maxes` or `training_maxes`) in `units`, keyed by lower-case exercise
/// name.
fn parse_maxes(
    raw: &BTreeMap<String, Value>,
    key: &str,
    units: Units,
    src: &Src,
) -> Result<BTreeMap<String, f64>, Error> {
    let mut maxes = BTreeMap::new();
    for (exercise, v) in raw {
        let value = parse_weight(v, units).ok_or_else(|| {
            src.err(
                &[Seg::Key(key), Seg::Key(exercise.as_str())],
                format!("cannot read the max for `{exercise}`"),
                "write a weight above 0, e.g. `140 kg`, `300 lb` or `140` (the plan's units)",
            )
        })?;
        maxes.insert(exercise.trim().to_lowercase(), value);
    }
    Ok(maxes)
}

/// One exercise of the program, as overrides see it.
struct Occurrence {
    /// Its session's name.
    session: String,
    /// Its name after the swaps checked so far.
    exercise: String,
    /// Whether it is written as one line (a change can rewrite only those).
    one_line: bool,
    /// Its line in the program file, for messages.
    line: Option<usize>,
}

impl Occurrence {
    /// `Full body A (line 23)`.
    fn describe(&self) -> String {
        match self.line {
            Some(l) => format!("{} (line {l})", self.session),
            None => self.session.clone(),
        }
    }
}

/// The overrides, checked against the program: swaps of its exercises, changes to its exercises
/// (after swaps), skips of its sessions. Warnings: a swap or change without `session:` that
/// matches the exercise in more than one place.
fn check_overrides(
    raw: &RawOverrides,
    program: &Program,
    src: &Src,
    warnings: &mut Vec<Error>,
) -> Result<Overrides, Error> {
    use Seg::{Index, Key};
    let mut lines: Vec<Occurrence> = program
        .sessions
        .iter()
        .flat_map(|s| {
            s.exercises.iter().map(|e| Occurrence {
                session: s.name.clone(),
                exercise: e.exercise.clone(),
                one_line: e.lines.len() == 1 && e.scheme.is_none(),
                line: e.origin.as_ref().map(|o| o.location.line),
            })
        })
        .collect();
    let session_names: Vec<String> = program.sessions.iter().map(|s| s.name.clone()).collect();
    let mut overrides = Overrides::default();
    for (i, s) in raw.swap.iter().enumerate() {
        let swap = check_swap(s, i, &lines, &session_names, src, warnings)?;
        for o in &mut lines {
            if swap.matches(&o.session, &o.exercise) {
                o.exercise.clone_from(&swap.to);
            }
        }
        overrides.swap.push(swap);
    }
    for (i, c) in raw.change.iter().enumerate() {
        overrides
            .change
            .push(check_change(c, i, &lines, &session_names, src, warnings)?);
    }
    for (i, s) in raw.skip.iter().enumerate() {
        let at = [Key("overrides"), Key("skip"), Index(i)];
        known(s, &session_names, "session", src, &at)?;
        overrides.skip.push(s.trim().to_string());
    }
    Ok(overrides)
}

/// What an override names: an exercise (in a session, when given), where it is written, and
/// what kind of override it is (`swap`, `change`).
struct Named<'a> {
    exercise: &'a str,
    session: Option<&'a str>,
    what: &'a str,
    at_exercise: &'a [Seg<'a>],
    at_session: &'a [Seg<'a>],
}

/// The exercises of `lines` that `n` names, checked: the session and the exercise exist.
/// Warning (at the exercise): more than one match without a session.
fn matching<'l>(
    lines: &'l [Occurrence],
    n: &Named<'_>,
    names: &[String],
    src: &Src,
    warnings: &mut Vec<Error>,
) -> Result<Vec<&'l Occurrence>, Error> {
    let (exercise, session) = (n.exercise, n.session);
    if let Some(session) = session {
        known(session, names, "session", src, n.at_session)?;
    }
    let in_session = |o: &&Occurrence| session.is_none_or(|s| s.eq_ignore_ascii_case(&o.session));
    let candidates: Vec<String> = lines
        .iter()
        .filter(in_session)
        .map(|o| o.exercise.clone())
        .collect();
    known(exercise, &candidates, "exercise", src, n.at_exercise)?;
    let found: Vec<&Occurrence> = lines
        .iter()
        .filter(in_session)
        .filter(|o| o.exercise.eq_ignore_ascii_case(exercise.trim()))
        .collect();
    if session.is_none() && found.len() > 1 {
        let list: Vec<String> = found.iter().map(|o| o.describe()).collect();
        warnings.push(src.err(
            n.at_exercise,
            format!(
                "this {} of `{}` applies to {} lines of the program: {}",
                n.what,
                exercise.trim(),
                found.len(),
                list.join(", ")
            ),
            &format!(
                "add `session: NAME` to the {} to change one of them only; leave it to change them all",
                n.what
            ),
        ));
    }
    Ok(found)
}

/// The `i`-th swap: `from` an exercise of the program (in `session`, if given), `to` a name.
fn check_swap(
    s: &RawSwap,
    i: usize,
    lines: &[Occurrence],
    names: &[String],
    src: &Src,
    warnings: &mut Vec<Error>,
) -> Result<Swap, Error> {
    use Seg::{Index, Key};
    let at = |k| [Key("overrides"), Key("swap"), Index(i), Key(k)];
    if s.to.trim().is_empty() {
        return Err(src.err(
            &at("to"),
            "a swap to an exercise without a name",
            "name the exercise the athlete does instead, e.g. `to: Dumbbell row`",
        ));
    }
    let session = s.session.as_deref();
    let (at_exercise, at_session) = (at("from"), at("session"));
    let named = Named {
        exercise: &s.from,
        session,
        what: "swap",
        at_exercise: &at_exercise,
        at_session: &at_session,
    };
    matching(lines, &named, names, src, warnings)?;
    Ok(Swap {
        from: s.from.trim().to_string(),
        to: s.to.trim().to_string(),
        session: session.map(|n| n.trim().to_string()),
    })
}

/// The `i`-th change: an exercise of the program after swaps (in `session`, if given) written
/// as one line, sets 1 to [`MAX_SETS`], reps.
fn check_change(
    c: &RawChange,
    i: usize,
    lines: &[Occurrence],
    names: &[String],
    src: &Src,
    warnings: &mut Vec<Error>,
) -> Result<Change, Error> {
    use Seg::{Index, Key};
    let at = |k| [Key("overrides"), Key("change"), Index(i), Key(k)];
    let session = c.session.as_deref();
    let (at_exercise, at_session) = (at("exercise"), at("session"));
    let named = Named {
        exercise: &c.exercise,
        session,
        what: "change",
        at_exercise: &at_exercise,
        at_session: &at_session,
    };
    let found = matching(lines, &named, names, src, warnings)?;
    if let Some(o) = found.iter().find(|o| !o.one_line) {
        return Err(src.err(
            &at("exercise"),
            format!(
                "`{}` in {} is written as set lines (`lines:` or `scheme:`): a change can set the sets and reps of a one-line exercise only",
                c.exercise.trim(),
                o.describe()
            ),
            "to change set lines, write your own program that `extends:` this one and replaces the session",
        ));
    }
    let sets = match c.sets {
        None => None,
        Some(n) if (1..=MAX_SETS).contains(&n) => u32::try_from(n).ok(),
        Some(n) => {
            return Err(src.err(
                &at("sets"),
                format!("sets must be from 1 to {MAX_SETS}, not {n}"),
                "give the number of working sets, at least 1",
            ));
        }
    };
    let reps = match &c.reps {
        None => None,
        Some(v) => Some(parse_reps(v, src, &at("reps"))?),
    };
    Ok(Change {
        exercise: c.exercise.trim().to_string(),
        sets,
        reps,
        session: session.map(|n| n.trim().to_string()),
        origin: Some(origin(src, &at("exercise"))),
    })
}

/// Error: the athlete's skipped sessions leave the program, a block or the rotation without a
/// session.
fn check_sessions_left(effective: &Program, src: &Src) -> Result<(), Error> {
    let all_skipped = effective.sessions.is_empty()
        || effective
            .blocks
            .iter()
            .any(|b| b.sessions.as_ref().is_some_and(Vec::is_empty))
        || effective.rotation.as_ref().is_some_and(Vec::is_empty);
    if !all_skipped {
        return Ok(());
    }
    Err(src.err_key(
        &[Seg::Key("overrides"), Seg::Key("skip")],
        "skipping these sessions leaves a block with no training",
        "skip fewer sessions, or choose a program with fewer sessions a week",
    ))
}

/// The available days, Monday first, each once. Errors: a word that is not a day, fewer days than
/// the `d` sessions a week.
fn parse_available_days(days: &[String], d: u32, src: &Src) -> Result<Vec<Weekday>, Error> {
    use Seg::{Index, Key};
    let mut parsed = Vec::new();
    let mut seen = HashSet::new();
    for (i, day) in days.iter().enumerate() {
        let Some(weekday) = Weekday::parse(day) else {
            let names = Weekday::ALL.map(Weekday::short);
            let hint = match nearest(&day.to_lowercase(), names) {
                Some(k) => format!("did you mean `{k}`? Days: {}", names.join(", ")),
                None => format!("use day names: {}", names.join(", ")),
            };
            return Err(src.err(
                &[Key("available_days"), Index(i)],
                format!("`{day}` is not a day of the week"),
                &hint,
            ));
        };
        if seen.insert(weekday) {
            parsed.push(weekday);
        }
    }
    parsed.sort();
    if parsed.len() < usize::try_from(d).unwrap_or(usize::MAX) {
        return Err(src.err_key(
            &[Key("available_days")],
            format!(
                "{} available day{} for {d} sessions a week",
                parsed.len(),
                crate::text::s(parsed.len())
            ),
            &format!(
                "make at least {d} days available, skip a session under `overrides: skip:`, or choose a program with fewer sessions a week"
            ),
        ));
    }
    Ok(parsed)
}

/// Error: a percent-of-1RM prescription with no max for its exercise. Skipped when the athlete
/// has a log: the maxes it lacks can come from the log, and `deload plan` checks them once the
/// log is read. The error points at `maxes:` (at `program:` when `no_maxes` were written).
fn check_percent_maxes(
    athlete: &Athlete,
    effective: &Program,
    no_maxes: bool,
    src: &Src,
) -> Result<(), Error> {
    if athlete.log.is_some() {
        return Ok(());
    }
    let Some(missing) = athlete.missing_max(effective) else {
        return Ok(());
    };
    let at = [Seg::Key(if no_maxes { "program" } else { "maxes" })];
    let e = src.err_key(&at, missing.message(), &missing.hint(effective.units));
    Err(e.with_note(format!("prescribed in {}", athlete.program_path.display())))
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
