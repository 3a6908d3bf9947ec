//! One program file against the bounds of [`crate::limits`]: list and text lengths, checked
//! before anything else reads them.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::bounds::{check_chars, check_len, check_opt_chars};
use super::exercise::{self, ExerciseAt};
use super::locate::Seg;
use super::raw::{RawBlock, RawProgram, RawSession};
use super::source::Src;
use crate::error::Error;
use crate::limits::{
    MAX_BLOCKS, MAX_EXERCISES, MAX_NAME_CHARS, MAX_SCHEME_WEEKS, MAX_SESSION_LIST, MAX_SESSIONS,
    MAX_TEXT_CHARS,
};

/// Checks one file against the bounds of [`crate::limits`]: list lengths and text lengths, before
/// anything else reads them.
pub(super) fn check_bounds(raw: &RawProgram, src: &Src) -> Result<(), Error> {
    use Seg::Key;
    for (key, text) in [
        ("description", &raw.description),
        ("author", &raw.author),
        ("suits", &raw.suits),
    ] {
        check_opt_chars(
            text.as_deref(),
            MAX_TEXT_CHARS,
            &format!("the `{key}`"),
            (src, &[Key(key)]),
        )?;
    }
    check_opt_chars(
        raw.name.as_deref(),
        MAX_NAME_CHARS,
        "the program's name",
        (src, &[Key("name")]),
    )?;
    if let Some(rotation) = &raw.rotation {
        check_session_list(rotation, src, &[Key("rotation")])?;
    }
    if let Some(schemes) = &raw.schemes {
        check_schemes_bounds(schemes, src, &[])?;
    }
    check_blocks_bounds(raw.blocks.as_deref().unwrap_or_default(), src)?;
    check_sessions_bounds(raw.sessions.as_deref().unwrap_or_default(), src)
}

/// [`check_bounds`] for a file's blocks.
fn check_blocks_bounds(blocks: &[RawBlock], src: &Src) -> Result<(), Error> {
    use Seg::{Index, Key};
    let how = "merge blocks, or split the program into several files";
    check_len(
        blocks.len(),
        MAX_BLOCKS,
        "blocks",
        how,
        (src, &[Key("blocks")]),
    )?;
    for (i, b) in blocks.iter().enumerate() {
        let at = |k| [Key("blocks"), Index(i), Key(k)];
        check_chars(
            &b.name,
            MAX_NAME_CHARS,
            "a block's name",
            (src, &at("name")),
        )?;
        check_opt_chars(
            b.focus.as_deref(),
            MAX_TEXT_CHARS,
            "a block's `focus`",
            (src, &at("focus")),
        )?;
        if let Some(list) = &b.sessions {
            check_session_list(list, src, &at("sessions"))?;
        }
        if let Some(schemes) = &b.schemes {
            check_schemes_bounds(schemes, src, &[Key("blocks"), Index(i)])?;
        }
    }
    Ok(())
}

/// [`check_bounds`] for a file's sessions and their exercises.
fn check_sessions_bounds(sessions: &[RawSession], src: &Src) -> Result<(), Error> {
    use Seg::{Index, Key};
    let how = "merge sessions that run the same exercises, or split the program";
    check_len(
        sessions.len(),
        MAX_SESSIONS,
        "sessions",
        how,
        (src, &[Key("sessions")]),
    )?;
    for (i, session) in sessions.iter().enumerate() {
        let at = |k| [Key("sessions"), Index(i), Key(k)];
        check_chars(
            &session.name,
            MAX_NAME_CHARS,
            "a session's name",
            (src, &at("name")),
        )?;
        exercise::check_words(&session.muscles, "muscles", (src, &at("muscles")))?;
        let what = format!("exercises in session `{}`", session.name.trim());
        let how = "split the session in two, or move exercises to another session";
        check_len(
            session.exercises.len(),
            MAX_EXERCISES,
            &what,
            how,
            (src, &at("exercises")),
        )?;
        for (j, ex) in session.exercises.iter().enumerate() {
            exercise::check_bounds(
                ex,
                src,
                ExerciseAt {
                    session: i,
                    exercise: j,
                },
            )?;
        }
    }
    Ok(())
}

/// Checks a session list (a rotation or a block's `sessions`) at `at`: its length and names.
fn check_session_list(list: &[String], src: &Src, at: &[Seg<'_>]) -> Result<(), Error> {
    let how = "list each session once per week or pass; the plan repeats the list";
    check_len(
        list.len(),
        MAX_SESSION_LIST,
        "session names",
        how,
        (src, at),
    )?;
    for (i, name) in list.iter().enumerate() {
        let mut path = at.to_vec();
        path.push(Seg::Index(i));
        check_chars(name, MAX_NAME_CHARS, "a session name", (src, &path))?;
    }
    Ok(())
}

/// Checks the schemes under `prefix` (the program's, or a block's): names, weeks and lines.
fn check_schemes_bounds(
    schemes: &BTreeMap<String, Vec<Value>>,
    src: &Src,
    prefix: &[Seg<'_>],
) -> Result<(), Error> {
    for (name, weeks) in schemes {
        let mut at = prefix.to_vec();
        at.extend([Seg::Key("schemes"), Seg::Key(name)]);
        check_chars(name, MAX_NAME_CHARS, "a scheme's name", (src, &at))?;
        let what = format!("weeks in scheme `{name}`");
        let how = "a scheme repeats: write one cycle of its weeks";
        check_len(weeks.len(), MAX_SCHEME_WEEKS, &what, how, (src, &at))?;
    }
    Ok(())
}
