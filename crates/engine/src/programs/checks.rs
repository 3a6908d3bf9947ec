//! The checks of one program file on its own (before merging): the loading model, blocks,
//! sessions and the deload settings.

use std::collections::HashSet;

use super::exercise::{self, ExerciseAt, ExerciseContext};
use super::file_bounds::check_bounds;
use super::lines::{self, LineContext};
use super::locate::Seg;
use super::model::{Base, Units};
use super::raw::{RawBlock, RawDeload, RawProgram, RawSession, SessionIntensity};
use super::scalars::{
    check_count, check_every, check_name, check_sessions_per_week, check_training_max,
    parse_progression, parse_tm_step,
};
use super::source::Src;
use crate::error::Error;
use crate::limits::MAX_BLOCK_WEEKS;

/// Checks everything that can be checked within one file, whose loads are in `units`.
pub(super) fn check_file(
    raw: &RawProgram,
    src: &Src,
    units: Units,
    warnings: &mut Vec<Error>,
) -> Result<(), Error> {
    use Seg::Key;
    check_bounds(raw, src)?;
    if let Some(d) = raw.sessions_per_week {
        check_sessions_per_week(d, src, &[Key("sessions_per_week")])?;
    }
    if let Some(r) = &raw.rotation
        && r.is_empty()
    {
        return Err(src.err(
            &[Key("rotation")],
            "the rotation is empty",
            "list the session names in the order they run, e.g. `rotation: [A, B, C]`",
        ));
    }
    if let Some(p) = &raw.progression {
        parse_progression(p, units, src, &[Key("progression")])?;
    }
    if let Some(d) = &raw.deload {
        check_deload(d, src, warnings)?;
    }
    check_loading_model(raw, src, units)?;
    let base = raw.percent_of.unwrap_or_default();
    for (name, weeks) in raw.schemes.iter().flatten() {
        let cx = LineContext { base, units, src };
        lines::parse_scheme(name, weeks, cx, &[Key("schemes"), Key(name)])?;
    }
    if let Some(blocks) = &raw.blocks {
        check_blocks(blocks, LineContext { base, units, src })?;
    }
    if let Some(sessions) = &raw.sessions {
        check_sessions(sessions, src, units, base)?;
    }
    Ok(())
}

/// Checks the training max (50–100 % of the 1RM), the wave length (1–12 weeks) and the
/// training-max step.
fn check_loading_model(raw: &RawProgram, src: &Src, units: Units) -> Result<(), Error> {
    use Seg::Key;
    if let Some(tm) = raw.training_max {
        check_training_max(tm, src, &[Key("training_max")])?;
    }
    if let Some(w) = raw.wave
        && !(1..=12).contains(&w)
    {
        return Err(src.err(
            &[Key("wave")],
            format!("a wave of {w} weeks is not possible"),
            "give the weeks in one wave of the program, 1 to 12 (3 for 5/3/1)",
        ));
    }
    if let Some(v) = &raw.tm_step {
        parse_tm_step(v, units, src)?;
    }
    Ok(())
}

/// Checks a file's blocks: names (given and unique), weeks, a non-empty session list, the
/// progression, the block's own schemes.
fn check_blocks(blocks: &[RawBlock], cx: LineContext<'_>) -> Result<(), Error> {
    use Seg::{Index, Key};
    let (units, src) = (cx.units, cx.src);
    let mut seen = HashSet::new();
    for (i, b) in blocks.iter().enumerate() {
        let at = |k| [Key("blocks"), Index(i), Key(k)];
        check_name(&b.name, "a block", src, &at("name"))?;
        if !seen.insert(b.name.to_lowercase()) {
            return Err(src.err(
                &at("name"),
                format!("two blocks are called `{}`", b.name),
                "give each block its own name",
            ));
        }
        check_count(b.weeks, MAX_BLOCK_WEEKS, "weeks", src, &at("weeks"))?;
        if let Some(list) = &b.sessions
            && list.is_empty()
        {
            return Err(src.err(
                &at("sessions"),
                format!("block `{}` lists no sessions", b.name),
                "list at least one session name, or remove `sessions` to use them all",
            ));
        }
        if let Some(p) = &b.progression {
            parse_progression(p, units, src, &at("progression"))?;
        }
        for (name, weeks) in b.schemes.iter().flatten() {
            let path = [Key("blocks"), Index(i), Key("schemes"), Key(name)];
            lines::parse_scheme(name, weeks, cx, &path)?;
        }
    }
    Ok(())
}

/// Checks a file's sessions: names (given and unique), `heavy` and `intensity` agreeing, at
/// least one exercise, and every exercise ([`exercise::check_prescription`]).
fn check_sessions(
    sessions: &[RawSession],
    src: &Src,
    units: Units,
    base: Base,
) -> Result<(), Error> {
    use Seg::{Index, Key};
    let mut seen = HashSet::new();
    for (i, s) in sessions.iter().enumerate() {
        let at = |k| [Key("sessions"), Index(i), Key(k)];
        check_name(&s.name, "a session", src, &at("name"))?;
        if !seen.insert(s.name.to_lowercase()) {
            return Err(src.err(
                &at("name"),
                format!("two sessions are called `{}`", s.name),
                "give each session its own name",
            ));
        }
        if let (Some(h), Some(int)) = (s.heavy, s.intensity)
            && h != (int == SessionIntensity::Heavy)
        {
            return Err(src.err_key(
                &at("intensity"),
                format!(
                    "session `{}` says both `heavy: {h}` and `intensity: {int:?}`",
                    s.name
                )
                .to_lowercase(),
                "keep one of `heavy` and `intensity`",
            ));
        }
        if s.exercises.is_empty() {
            return Err(src.err(
                &at("exercises"),
                format!("session `{}` has no exercises", s.name),
                "list at least one exercise with sets and reps",
            ));
        }
        for (j, ex) in s.exercises.iter().enumerate() {
            let cx = ExerciseContext {
                src,
                at: ExerciseAt {
                    session: i,
                    exercise: j,
                },
                units,
                base,
                schemes: None,
            };
            exercise::check_prescription(ex, cx)?;
        }
    }
    Ok(())
}

fn check_deload(d: &RawDeload, src: &Src, warnings: &mut Vec<Error>) -> Result<(), Error> {
    use Seg::Key;
    warnings.extend(super::plausible::check_deload_factors(
        d.sets_factor,
        d.load_factor,
        src,
    ));
    if let Some(k) = d.every {
        check_every(k, src, &[Key("deload"), Key("every")], warnings)?;
    }
    for (name, v) in [
        ("sets_factor", d.sets_factor),
        ("load_factor", d.load_factor),
    ] {
        if let Some(f) = v
            && !(f.is_finite() && f > 0.0 && f <= 1.0)
        {
            return Err(src.err(
                &[Key("deload"), Key(name)],
                format!("`{name}` must be above 0 and at most 1, not {f}"),
                "a deload reduces: 0.5 keeps half the sets, 0.9 keeps 90 % of the load",
            ));
        }
    }
    Ok(())
}
