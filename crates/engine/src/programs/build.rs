//! The merged program checked as a whole (its references, its bounds) and built into the
//! validated [`Program`].

use serde_yaml::Value;

use super::bounds::check_len;
use super::exercise::{self, ExerciseAt, ExerciseContext, SchemeNames};
use super::lines::{self, LineContext};
use super::locate::Seg;
use super::merge::Merged;
use super::model::{Block, DeloadSettings, Program, Scheme, SessionTemplate, TmStep};
use super::raw::{RawDeload, SessionIntensity};
use super::scalars::{check_every, check_sessions_per_week, parse_progression, parse_tm_step};
use super::source::Src;
use crate::error::{Error, nearest};
use crate::limits::{MAX_BLOCK_WEEKS, MAX_BLOCKS, MAX_SESSIONS, MAX_WEEKS};

/// Checks the merged program's references and builds the validated [`Program`].
pub(super) fn finish(m: Merged) -> Result<Program, Error> {
    use Seg::Key;
    let name = check_required(&m)?;
    let scheme_names = scheme_names(&m);
    let sessions = build_sessions(&m, &scheme_names)?;
    let names: Vec<&str> = sessions.iter().map(|s| s.name.as_str()).collect();
    if let Some(rot) = &m.raw.rotation {
        for (i, n) in rot.iter().enumerate() {
            check_session_name(
                &names,
                n,
                &m.rotation_src,
                &[Key("rotation"), Seg::Index(i)],
            )?;
        }
    }
    let blocks = build_blocks(&m, &names)?;
    check_merged_bounds(&m, &blocks)?;
    let sessions_per_week = resolve_sessions_per_week(&m, &blocks, sessions.len())?;
    let deload = deload_settings(&m)?;
    let units = m.root.units;
    let progression = match &m.raw.progression {
        Some(p) => {
            let from = &m.progression_src;
            let rule = parse_progression(p, from.units, &from.src, &[Key("progression")])?;
            Some(rule.in_units(units, from.units))
        }
        None => None,
    };
    let tm_step = match &m.raw.tm_step {
        Some(v) => {
            let from = &m.tm_step_src;
            let step = parse_tm_step(v, from.units, &from.src)?;
            Some(TmStep {
                upper: units.convert_step(step.upper, from.units),
                lower: units.convert_step(step.lower, from.units),
            })
        }
        None => None,
    };
    let schemes = build_schemes(&m)?;
    let raw = m.raw;
    Ok(Program {
        name,
        description: raw.description.unwrap_or_default(),
        author: raw.author,
        units,
        sessions_per_week,
        rotation: raw.rotation,
        suits: raw.suits,
        blocks,
        sessions,
        progression,
        deload,
        training_max: raw.training_max,
        wave: raw.wave.and_then(|w| u32::try_from(w).ok()),
        tm_step,
        schemes,
    })
}

/// Checks the merged program (a chain of `extends` adds up) against [`MAX_BLOCKS`],
/// [`MAX_SESSIONS`] and [`MAX_WEEKS`] weeks in one pass through its blocks.
fn check_merged_bounds(m: &Merged, blocks: &[Block]) -> Result<(), Error> {
    use Seg::{Index, Key};
    let src = &m.root.src;
    let how = "an `extends` chain adds up the blocks and sessions of its files: merge some";
    let sessions = m.raw.sessions.as_deref().map_or(0, <[_]>::len);
    check_len(
        blocks.len(),
        MAX_BLOCKS,
        "blocks in all",
        how,
        (src, &[Key("blocks")]),
    )?;
    check_len(
        sessions,
        MAX_SESSIONS,
        "sessions in all",
        how,
        (src, &[Key("sessions")]),
    )?;
    let mut total = 0u64;
    for (b, part) in blocks.iter().zip(&m.block_src) {
        total += u64::from(b.weeks);
        if total > u64::from(MAX_WEEKS) {
            return Err(part.src.err(
                &[Key("blocks"), Index(part.index), Key("weeks")],
                format!(
                    "the blocks run {total} weeks up to `{}`, more than deload's limit of {MAX_WEEKS} weeks (ten years) for a plan",
                    b.name
                ),
                "shorten the blocks: a plan repeats them when it runs longer (`--weeks`)",
            ));
        }
    }
    Ok(())
}

/// The names of the program's schemes and of each block's own.
fn scheme_names(m: &Merged) -> SchemeNames {
    SchemeNames {
        program: m.schemes.keys().cloned().collect(),
        blocks: m
            .raw
            .blocks
            .iter()
            .flatten()
            .map(|b| {
                let names = b.schemes.iter().flatten().map(|(n, _)| n.clone()).collect();
                (b.name.trim().to_string(), names)
            })
            .collect(),
    }
}

/// The program-level schemes, read with the program's base and converted to its units.
fn build_schemes(m: &Merged) -> Result<Vec<Scheme>, Error> {
    let base = m.raw.percent_of.unwrap_or_default();
    let mut out = Vec::with_capacity(m.schemes.len());
    for (name, source) in &m.schemes {
        let cx = LineContext {
            base,
            units: source.units,
            src: &source.src,
        };
        let at = [Seg::Key("schemes"), Seg::Key(name)];
        let mut scheme = lines::parse_scheme(name, &source.weeks, cx, &at)?;
        scheme.convert_units(m.root.units, source.units);
        out.push(scheme);
    }
    Ok(out)
}

/// The merged program's name. Errors: no name, no sessions, no blocks.
fn check_required(m: &Merged) -> Result<String, Error> {
    use Seg::Key;
    let Some(name) = m.raw.name.clone() else {
        return Err(m.root.src.err(
            &[],
            "the program has no `name`",
            "add `name: ...` at the top",
        ));
    };
    if m.raw.sessions.as_ref().is_none_or(Vec::is_empty) {
        return Err(m.root.src.err(
            &[Key("sessions")],
            "the program defines no sessions",
            "add `sessions:` with at least one session (name, muscles, exercises)",
        ));
    }
    if m.raw.blocks.as_ref().is_none_or(Vec::is_empty) {
        return Err(m.root.src.err(
            &[Key("blocks")],
            "the program has no blocks",
            "add `blocks:` with at least one block (name, weeks, focus)",
        ));
    }
    Ok(name)
}

/// The merged program's sessions, each exercise built from the file that holds it and
/// converted to the program's units.
fn build_sessions(m: &Merged, scheme_names: &SchemeNames) -> Result<Vec<SessionTemplate>, Error> {
    use Seg::{Index, Key};
    let raw_sessions = m.raw.sessions.as_deref().unwrap_or_default();
    let base = m.raw.percent_of.unwrap_or_default();
    let mut sessions = Vec::with_capacity(raw_sessions.len());
    for (s, part) in raw_sessions.iter().zip(&m.session_src) {
        let mut exercises = Vec::new();
        for (j, ex) in s.exercises.iter().enumerate() {
            let cx = ExerciseContext {
                src: &part.src,
                at: ExerciseAt {
                    session: part.index,
                    exercise: j,
                },
                units: part.units,
                base,
                schemes: Some(scheme_names),
            };
            let mut spec = exercise::check_prescription(ex, cx)?;
            spec.convert_units(m.root.units, part.units);
            exercises.push(spec);
        }
        let key = if s.muscles.is_empty() {
            "name"
        } else {
            "muscles"
        };
        sessions.push(SessionTemplate {
            name: s.name.trim().to_string(),
            muscles: s.muscles.iter().map(|m| m.trim().to_lowercase()).collect(),
            heavy: s
                .heavy
                .unwrap_or(s.intensity == Some(SessionIntensity::Heavy)),
            exercises,
            origin: Some(exercise::origin(
                &part.src,
                &[Key("sessions"), Index(part.index), Key(key)],
            )),
        });
    }
    Ok(sessions)
}

/// Error, located at `at` in `src`: `n` is not one of the session `names` (case-insensitive).
fn check_session_name(names: &[&str], n: &str, src: &Src, at: &[Seg<'_>]) -> Result<(), Error> {
    if names.iter().any(|k| k.eq_ignore_ascii_case(n)) {
        return Ok(());
    }
    let hint = match nearest(n, names.iter().copied()) {
        Some(k) => format!("did you mean `{k}`? Sessions: {}", names.join(", ")),
        None => format!(
            "define it under `sessions:` or use one of: {}",
            names.join(", ")
        ),
    };
    Err(src.err(at, format!("no session is called `{n}`"), &hint))
}

/// The merged program's blocks, their session lists checked against the session `names`.
fn build_blocks(m: &Merged, names: &[&str]) -> Result<Vec<Block>, Error> {
    use Seg::{Index, Key};
    let raw_blocks = m.raw.blocks.as_deref().unwrap_or_default();
    let mut blocks = Vec::with_capacity(raw_blocks.len());
    for (b, part) in raw_blocks.iter().zip(&m.block_src) {
        let (src, i) = (&part.src, part.index);
        let at = |k| [Key("blocks"), Index(i), Key(k)];
        for (j, n) in b.sessions.iter().flatten().enumerate() {
            let at = [Key("blocks"), Index(i), Key("sessions"), Index(j)];
            check_session_name(names, n, src, &at)?;
        }
        let progression = match &b.progression {
            Some(p) => Some(
                parse_progression(p, part.units, src, &at("progression"))?
                    .in_units(m.root.units, part.units),
            ),
            None => None,
        };
        let mut schemes = Vec::new();
        for (name, weeks) in b.schemes.iter().flatten() {
            let cx = LineContext {
                base: m.raw.percent_of.unwrap_or_default(),
                units: part.units,
                src,
            };
            let path = [Key("blocks"), Index(i), Key("schemes"), Key(name)];
            let mut scheme = lines::parse_scheme(name, weeks, cx, &path)?;
            scheme.convert_units(m.root.units, part.units);
            schemes.push(scheme);
        }
        blocks.push(Block {
            name: b.name.trim().to_string(),
            weeks: u32::try_from(b.weeks.clamp(1, MAX_BLOCK_WEEKS)).unwrap_or(1),
            focus: b.focus.clone().unwrap_or_default(),
            sessions: b.sessions.clone(),
            progression,
            reset: b.reset.unwrap_or(false),
            schemes,
        });
    }
    Ok(blocks)
}

/// Sessions a week: as given; without it, a rotation is an error and a weekly program runs its
/// first block's list (or every session) once a week.
fn resolve_sessions_per_week(m: &Merged, blocks: &[Block], sessions: usize) -> Result<u32, Error> {
    use Seg::{Index, Key};
    if let Some(d) = m.raw.sessions_per_week {
        return check_sessions_per_week(d, &m.spw_src, &[Key("sessions_per_week")]);
    }
    if m.raw.rotation.is_some() {
        return Err(m.rotation_src.err_key(
            &[Key("rotation")],
            "a rotation needs `sessions_per_week`",
            "add `sessions_per_week: N`: how many training days a week the rotation runs over (1–6)",
        ));
    }
    let listed = blocks.first().and_then(|b| b.sessions.as_ref());
    let d = i64::try_from(listed.map_or(sessions, Vec::len)).unwrap_or(i64::MAX);
    let (src, at): (&Src, Vec<Seg<'_>>) = match (listed, m.block_src.first()) {
        (Some(_), Some(part)) => (
            &part.src,
            vec![Key("blocks"), Index(part.index), Key("sessions")],
        ),
        _ => (&m.root.src, vec![Key("sessions")]),
    };
    check_sessions_per_week(d, src, &at).map_err(|e| {
        e.with_note("without `sessions_per_week`, the week runs every session in the list once")
    })
}

/// The merged program's deload settings (defaults for what is not given).
fn deload_settings(m: &Merged) -> Result<DeloadSettings, Error> {
    use Seg::Key;
    let Some(d) = &m.raw.deload else {
        return Ok(DeloadSettings::default());
    };
    let every = match d.every {
        Some(k) => Some(check_every(
            k,
            &m.deload_src,
            &[Key("deload"), Key("every")],
            &mut Vec::new(),
        )?),
        None => None,
    };
    Ok(DeloadSettings {
        every,
        sets_factor: d.sets_factor.unwrap_or(0.5),
        load_factor: d.load_factor.unwrap_or(0.9),
        week: deload_week(m, d)?,
    })
}

/// The program's own deload week (`deload: { week: { SCHEME: [lines] } }`), read in the
/// program's units with its base. Errors: a scheme the program does not have, a week that is
/// not a non-empty list of set lines.
fn deload_week(m: &Merged, d: &RawDeload) -> Result<Vec<Scheme>, Error> {
    use Seg::{Index, Key};
    let src = &m.deload_src;
    let cx = LineContext {
        base: m.raw.percent_of.unwrap_or_default(),
        units: m.root.units,
        src,
    };
    let mut out = Vec::new();
    for (name, week) in d.week.iter().flatten() {
        let at = [Key("deload"), Key("week"), Key(name)];
        let in_blocks = m.raw.blocks.iter().flatten().any(|b| {
            b.schemes
                .as_ref()
                .is_some_and(|s| s.contains_key(name.as_str()))
        });
        if !m.schemes.contains_key(name) && !in_blocks {
            let known: Vec<&str> = m.schemes.keys().map(String::as_str).collect();
            return Err(src.err(
                &at,
                format!("`deload.week` names scheme `{name}`, which the program does not have"),
                &format!(
                    "give the deload lines of one of its schemes: {}",
                    known.join(", ")
                ),
            ));
        }
        let lines = match week {
            Value::Sequence(lines) if !lines.is_empty() => lines,
            _ => {
                return Err(src.err(
                    &at,
                    format!("the deload week of scheme `{name}` is not a list of set lines"),
                    "write the deload week's lines, e.g. `5/3/1: [5 @ 40%, 5 @ 50%, 5 @ 60%]`",
                ));
            }
        };
        let what = format!("set lines in the deload week of scheme `{name}`");
        check_len(
            lines.len(),
            crate::limits::MAX_SET_LINES,
            &what,
            "write repeated sets as one line (`3 x 5 @ 40%`)",
            (src, &at),
        )?;
        let mut parsed = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let at_line = [Key("deload"), Key("week"), Key(name), Index(i)];
            parsed.push(lines::parse_line(line, cx, &at_line)?);
        }
        out.push(Scheme {
            name: name.clone(),
            weeks: vec![parsed],
        });
    }
    Ok(out)
}
