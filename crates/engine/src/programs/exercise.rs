//! One exercise of a program file (`sessions[i].exercises[j]`) checked and built into a
//! [`PrescriptionSpec`].
//!
//! An exercise is written in one of three ways:
//! - one line: `sets`, `reps` and at most one of `percent`, `rpe`, `rir`, `load`;
//! - `lines:` a list of set lines ([`super::lines`]): warm-up ramp, top set, back-off sets;
//! - `scheme:` the name of a per-week scheme (the program's, or in a block's weeks the block's
//!   own of that name), optionally followed by `lines:` (the set lines that come after the
//!   scheme's every week, such as Boring-But-Big's `5 x 10 @ 50%`).
//!
//! Other keys: `percent_of` (`1rm` or `tm`: the base of a bare percentage in the exercise's own
//! `percent` and `lines`; a scheme's bare percentages follow the program's), `main: true` (a main
//! lift in deloads; the first exercise of a session is one anyway), `lift` (`upper` or `lower`,
//! for the training-max step), `tm_step` (this exercise's own step per cycle), `muscles` (the
//! groups its sets count for in the weekly volume check), `rest`, `tempo`, `notes`, `superset`,
//! `progression`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_yaml::Value;

use super::bounds::{check_chars, check_len, check_opt_chars};
use super::lines::{self, LineContext};
use super::locate::Seg;
use super::model::{Base, LiftKind, Origin, PrescriptionSpec, SetLine, Units};
use super::scalars::{check_count, parse_progression, parse_reps, parse_step};
use super::source::Src;
use crate::error::{Error, Location, nearest};
use crate::limits::MAX_SETS;
use crate::limits::{MAX_LIST, MAX_NAME_CHARS, MAX_SET_LINES, MAX_TEXT_CHARS};

/// An exercise as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPrescription {
    pub(crate) exercise: String,
    sets: Option<i64>,
    reps: Option<Value>,
    percent: Option<f64>,
    rpe: Option<f64>,
    rir: Option<f64>,
    load: Option<f64>,
    percent_of: Option<Base>,
    lines: Option<Vec<Value>>,
    scheme: Option<String>,
    main: Option<bool>,
    lift: Option<LiftKind>,
    tm_step: Option<Value>,
    muscles: Option<Vec<String>>,
    rest: Option<i64>,
    tempo: Option<String>,
    notes: Option<String>,
    superset: Option<String>,
    progression: Option<Value>,
}

/// Where an exercise sits in its file: `sessions[session].exercises[exercise]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExerciseAt {
    /// The session's index in the file.
    pub(crate) session: usize,
    /// The exercise's index in the session.
    pub(crate) exercise: usize,
}

impl ExerciseAt {
    /// The path to the exercise's key `key`.
    pub(crate) fn key(self, key: &str) -> [Seg<'_>; 5] {
        use Seg::{Index, Key};
        [
            Key("sessions"),
            Index(self.session),
            Key("exercises"),
            Index(self.exercise),
            Key(key),
        ]
    }
}

/// A scheme as written, with the file it is in.
#[derive(Debug, Clone)]
pub(crate) struct SchemeSource {
    /// The weeks, each a list of set lines (not yet read).
    pub(crate) weeks: Vec<Value>,
    /// The file.
    pub(crate) src: Src,
    /// The file's units.
    pub(crate) units: Units,
}

/// Every program-level scheme, by name.
pub(crate) type Schemes = BTreeMap<String, SchemeSource>;

/// The scheme names a program defines: its own, and each block's (by block name).
#[derive(Debug, Clone, Default)]
pub(crate) struct SchemeNames {
    /// The program's schemes.
    pub(crate) program: Vec<String>,
    /// Each block's name and its own schemes.
    pub(crate) blocks: Vec<(String, Vec<String>)>,
}

/// What checking an exercise needs besides the exercise.
#[derive(Clone, Copy)]
pub(crate) struct ExerciseContext<'a> {
    /// The file it is in.
    pub(crate) src: &'a Src,
    /// Where in the file.
    pub(crate) at: ExerciseAt,
    /// The file's units.
    pub(crate) units: Units,
    /// The program's base of a bare percentage (the exercise's `percent_of` wins).
    pub(crate) base: Base,
    /// The program's scheme names, to check `scheme:`; `None` while one file is checked on its
    /// own (its parent's schemes are not known yet).
    pub(crate) schemes: Option<&'a SchemeNames>,
}

/// Checks an exercise against the bounds of [`crate::limits`]: its name and texts, its muscles,
/// its number of set lines.
pub(crate) fn check_bounds(ex: &RawPrescription, src: &Src, at: ExerciseAt) -> Result<(), Error> {
    check_chars(
        &ex.exercise,
        MAX_NAME_CHARS,
        "an exercise's name",
        (src, &at.key("exercise")),
    )?;
    check_opt_chars(
        ex.notes.as_deref(),
        MAX_TEXT_CHARS,
        "the notes",
        (src, &at.key("notes")),
    )?;
    for key in ["tempo", "superset", "scheme"] {
        let text = match key {
            "tempo" => &ex.tempo,
            "superset" => &ex.superset,
            _ => &ex.scheme,
        };
        check_opt_chars(
            text.as_deref(),
            MAX_NAME_CHARS,
            &format!("the `{key}`"),
            (src, &at.key(key)),
        )?;
    }
    check_words(
        ex.muscles.as_deref().unwrap_or_default(),
        "muscles",
        (src, &at.key("muscles")),
    )?;
    let lines = ex.lines.as_deref().unwrap_or_default();
    let what = format!("set lines for `{}`", ex.exercise.trim());
    let how = "write repeated sets as one line (`3 x 5 @ 75%`), or split the exercise";
    check_len(
        lines.len(),
        MAX_SET_LINES,
        &what,
        how,
        (src, &at.key("lines")),
    )
}

/// Checks a list of short words at `at` (muscle groups): at most [`MAX_LIST`], each a name.
pub(crate) fn check_words(
    words: &[String],
    what: &str,
    (src, at): (&Src, &[Seg<'_>]),
) -> Result<(), Error> {
    let how = "name the few groups it trains";
    check_len(words.len(), MAX_LIST, what, how, (src, at))?;
    for (i, w) in words.iter().enumerate() {
        let mut path = at.to_vec();
        path.push(Seg::Index(i));
        check_chars(w, MAX_NAME_CHARS, "a muscle group's name", (src, &path))?;
    }
    Ok(())
}

/// The origin of the value at `path` in `src`.
pub(crate) fn origin(src: &Src, path: &[Seg<'_>]) -> Origin {
    let location = src.locate(path).unwrap_or(Location { line: 1, column: 1 });
    Origin {
        path: src.path.clone(),
        location,
        source_line: src
            .text
            .lines()
            .nth(location.line.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches('\r')
            .to_string(),
    }
}

/// Checks one exercise and builds its [`PrescriptionSpec`].
pub(crate) fn check_prescription(
    ex: &RawPrescription,
    cx: ExerciseContext<'_>,
) -> Result<PrescriptionSpec, Error> {
    let (src, at) = (cx.src, cx.at);
    let name = ex.exercise.trim();
    if name.is_empty() {
        return Err(src.err(
            &at.key("exercise"),
            "an exercise without a name",
            "give the exercise a name, e.g. `exercise: Back squat`",
        ));
    }
    let base = ex.percent_of.unwrap_or(cx.base);
    let (lines, scheme) = set_lines(ex, cx, base)?;
    let tm_step = match &ex.tm_step {
        None => None,
        Some(v) => Some(parse_step(v, cx.units, src, &at.key("tm_step"))?),
    };
    let rest = match ex.rest {
        None => None,
        Some(r) if (0..=3600).contains(&r) => u32::try_from(r).ok(),
        Some(r) => {
            return Err(src.err(
                &at.key("rest"),
                format!("a rest of {r} seconds is not possible"),
                "give the rest between sets in seconds, 0 to 3600",
            ));
        }
    };
    let progression = match &ex.progression {
        Some(p) => Some(parse_progression(p, cx.units, src, &at.key("progression"))?),
        None => None,
    };
    Ok(PrescriptionSpec {
        exercise: name.to_string(),
        lines,
        scheme,
        main: ex.main.unwrap_or(false),
        lift: ex.lift,
        tm_step,
        muscles: ex
            .muscles
            .iter()
            .flatten()
            .map(|m| m.trim().to_lowercase())
            .collect(),
        rest,
        tempo: ex.tempo.clone(),
        notes: ex.notes.clone(),
        swapped_from: None,
        superset: ex.superset.clone(),
        progression,
        origin: Some(origin(src, &at.key("exercise"))),
        changed_at: None,
    })
}

/// The exercise's set lines and scheme: `sets`/`reps`/intensity, or `lines` and/or `scheme`.
fn set_lines(
    ex: &RawPrescription,
    cx: ExerciseContext<'_>,
    base: Base,
) -> Result<(Vec<SetLine>, Option<String>), Error> {
    let (src, at) = (cx.src, cx.at);
    if ex.lines.is_none() && ex.scheme.is_none() {
        return one_line(ex, cx, base).map(|l| (vec![l], None));
    }
    let single: Vec<&str> = [
        ("sets", ex.sets.is_some()),
        ("reps", ex.reps.is_some()),
        ("percent", ex.percent.is_some()),
        ("rpe", ex.rpe.is_some()),
        ("rir", ex.rir.is_some()),
        ("load", ex.load.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, given)| given.then_some(k))
    .collect();
    if let Some(k) = single.first() {
        return Err(src.err_key(
            &at.key(k),
            format!("`{}` gives both `{k}` and set lines", ex.exercise.trim()),
            "write the sets either as `sets`, `reps` and one intensity, or as `lines:` (and `scheme:`), not both",
        ));
    }
    let lcx = LineContext {
        base,
        units: cx.units,
        src,
    };
    let mut lines = Vec::new();
    for (i, v) in ex.lines.iter().flatten().enumerate() {
        let mut path = at.key("lines").to_vec();
        path.push(Seg::Index(i));
        lines.push(lines::parse_line(v, lcx, &path)?);
    }
    if ex.lines.as_ref().is_some_and(Vec::is_empty) && ex.scheme.is_none() {
        return Err(src.err(
            &at.key("lines"),
            format!("`{}` has no set lines", ex.exercise.trim()),
            lines::LINE_HINT,
        ));
    }
    if let (Some(name), Some(schemes)) = (&ex.scheme, cx.schemes) {
        check_scheme_name(name.trim(), schemes, cx)?;
    }
    Ok((lines, ex.scheme.as_ref().map(|n| n.trim().to_string())))
}

/// The exercise's one line from `sets`, `reps` and at most one intensity.
fn one_line(ex: &RawPrescription, cx: ExerciseContext<'_>, base: Base) -> Result<SetLine, Error> {
    let (src, at) = (cx.src, cx.at);
    let missing = |k: &str| {
        src.err_key(
            &at.key("exercise"),
            format!("`{}` has no `{k}`", ex.exercise.trim()),
            "give `sets` and `reps` (and one intensity), or set lines under `lines:`",
        )
    };
    let sets = check_count(
        ex.sets.ok_or_else(|| missing("sets"))?,
        MAX_SETS,
        "sets",
        src,
        &at.key("sets"),
    )?;
    let reps = parse_reps(
        ex.reps.as_ref().ok_or_else(|| missing("reps"))?,
        src,
        &at.key("reps"),
    )?;
    let given: Vec<(&str, f64)> = [
        ("percent", ex.percent),
        ("rpe", ex.rpe),
        ("rir", ex.rir),
        ("load", ex.load),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    if given.len() > 1 {
        return Err(src.err_key(
            &at.key(given[1].0),
            format!(
                "`{}` gives both `{}` and `{}`",
                ex.exercise.trim(),
                given[0].0,
                given[1].0
            ),
            "give one intensity per exercise: percent (of 1RM or TM), rpe, rir or load",
        ));
    }
    let intensity = match given.first() {
        None => None,
        Some((key, v)) => {
            let path = at.key(key);
            if !v.is_finite() {
                return Err(src.err(
                    &path,
                    format!("`{key}` must be a number"),
                    "write a plain number",
                ));
            }
            Some(match *key {
                "percent" => lines::check_percent(*v, base, src, &path)?,
                "rpe" | "rir" => lines::check_effort(key, *v, src, &path)?,
                _ => lines::check_load(*v, src, &path)?,
            })
        }
    };
    Ok(SetLine::new(sets, reps, intensity))
}

/// Error: no scheme called `name` runs in every block (the program's, or each block's own).
fn check_scheme_name(
    name: &str,
    schemes: &SchemeNames,
    cx: ExerciseContext<'_>,
) -> Result<(), Error> {
    if schemes.program.iter().any(|n| n == name) {
        return Ok(());
    }
    let at = cx.at.key("scheme");
    let lacking: Vec<&str> = schemes
        .blocks
        .iter()
        .filter(|(_, names)| !names.iter().any(|n| n == name))
        .map(|(b, _)| b.as_str())
        .collect();
    if lacking.is_empty() && !schemes.blocks.is_empty() {
        return Ok(());
    }
    if lacking.len() < schemes.blocks.len() {
        return Err(cx.src.err(
            &at,
            format!(
                "scheme `{name}` is defined for some blocks but not for {}",
                lacking.join(", ")
            ),
            &format!(
                "define `{name}` under `schemes:` at the top of the program (for every block) or under each of these blocks"
            ),
        ));
    }
    let mut names: Vec<&str> = schemes.program.iter().map(String::as_str).collect();
    names.extend(
        schemes
            .blocks
            .iter()
            .flat_map(|(_, n)| n.iter().map(String::as_str)),
    );
    let hint = match nearest(name, names.iter().copied()) {
        Some(k) => format!("did you mean `{k}`? Schemes: {}", names.join(", ")),
        None => {
            "define it under `schemes:` at the top of the program: one list of set lines per week"
                .to_string()
        }
    };
    Err(cx
        .src
        .err(&at, format!("no scheme is called `{name}`"), &hint))
}
