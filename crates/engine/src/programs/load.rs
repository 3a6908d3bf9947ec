//! Loading program files (`programs/*.yaml`) into a validated [`Program`].
//!
//! # The program format
//!
//! ```yaml
//! name: Novice full body
//! description: Three full-body sessions a week, adding load every week.
//! author: deload
//! units: kg                 # kg (default) or lb
//! sessions_per_week: 3      # 1–6 training days a week
//! rotation: [A, B]          # optional: sessions run in this order over the training days,
//!                           # continuing across weeks (without it every week repeats the list)
//! suits: New lifters in their first months   # optional
//! progression: { linear: +2.5 }             # program default (see below)
//! deload: { every: 6, sets_factor: 0.5, load_factor: 0.9 }   # optional override
//! blocks:
//!   - name: Base
//!     weeks: 5
//!     focus: technique and volume
//!     sessions: [A, B, A]   # optional: this block's week list (or rotation)
//!     progression: { double: 2.5 }   # optional: this block's rule
//! sessions:
//!   - name: A
//!     muscles: [legs, chest]
//!     heavy: true           # or `intensity: heavy|light`
//!     exercises:
//!       - exercise: Back squat
//!         sets: 3
//!         reps: 5           # a number, a range "8-12", "AMRAP" or "5+" (AMRAP, at least 5)
//!         percent: 75       # at most one of percent (of 1RM), rpe, rir, load (fixed)
//!         rest: 180         # seconds
//!         tempo: 3-1-1-0
//!         notes: Brace before each rep
//!         superset: a       # exercises sharing a label alternate
//!         progression: { percent: +2.5% }   # optional: this exercise's rule
//! ```
//!
//! A progression is a one-key mapping: `linear: 2.5` (add 2.5 units of load a week),
//! `percent: 2.5` (add 2.5 points of 1RM a week), `double: 2.5` (one more rep a week through the
//! rep range, then add 2.5 and start at the bottom again), `rpe: 0.5` (RPE +0.5 a week). Steps may
//! be written as numbers or strings with a sign and unit (`"+2.5"`, `"+2.5%"`, `"+2.5 kg"`).
//! The rule used for an exercise is its own, else its block's, else the program's.
//!
//! When a weekly program has no `sessions_per_week`, it is the length of the first block's list
//! (or the number of sessions). A rotation program needs `sessions_per_week`.
//!
//! # `extends`
//!
//! `extends: other.yaml` (relative to this file) starts from another program and changes only
//! what this file gives:
//! - top-level keys (`name`, `description`, `author`, `units`, `sessions_per_week`, `rotation`,
//!   `suits`, `progression`, `deload`) replace the parent's value when present;
//! - `sessions` are merged by name: a session with a parent's name replaces that whole session in
//!   its place; new names are appended;
//! - `blocks` are merged by name the same way.
//!
//! Chains are allowed; a cycle is an error at the `extends:` line that closes it. Each file is
//! checked on its own (so errors point into the file that holds them), then the merged program's
//! references (session names in blocks and the rotation) are checked.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_yaml::Value;

use super::locate::{Seg, locate, locate_key};
use super::model::{
    Block, DeloadSettings, Intensity, PrescriptionSpec, Program, Progression, Reps,
    SessionTemplate, Units,
};
use crate::error::{Error, Location, nearest};

/// Largest accepted set count per exercise.
pub(crate) const MAX_SETS: i64 = 100;
/// Largest accepted rep count.
pub(crate) const MAX_REPS: i64 = 1000;
/// Largest accepted block length in weeks.
pub(crate) const MAX_BLOCK_WEEKS: i64 = 520;

/// A source file being validated: its path and text, for locating errors.
#[derive(Debug, Clone)]
pub(crate) struct Src {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
}

impl Src {
    /// Reads `path` as UTF-8 text; an empty or binary file is an error.
    pub(crate) fn read(path: &Path) -> Result<Src, Error> {
        let bytes = crate::fs::read_limited(path)?;
        if let Some(i) = bytes.iter().position(|b| *b == 0) {
            let valid = String::from_utf8_lossy(&bytes[..i]).into_owned();
            return Err(Error::new("this is a binary file, not YAML text")
                .in_file(path)
                .at_offset(&valid, valid.len())
                .with_hint("point at a .yaml text file"));
        }
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
                return Err(Error::new("the file is not UTF-8 text")
                    .in_file(path)
                    .at_offset(&valid, valid.len())
                    .with_hint("save the file as UTF-8 YAML"));
            }
        };
        Src::from_text(path, text)
    }

    /// Wraps `text` read from `path`; a file of only blank lines and comments is an error.
    pub(crate) fn from_text(path: &Path, text: String) -> Result<Src, Error> {
        let text = match text.strip_prefix('\u{feff}') {
            Some(t) => t.to_string(),
            None => text,
        };
        let only_comments = text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
        if only_comments {
            return Err(Error::new("the file is empty")
                .in_file(path)
                .at(Location { line: 1, column: 1 }, &text)
                .with_hint("write the program (or athlete) in YAML; see programs/ for examples"));
        }
        Ok(Src {
            path: path.to_path_buf(),
            text,
        })
    }

    /// Deserialises the whole file, with "did you mean" hints for unknown keys and variants and
    /// concrete hints for wrong types.
    pub(crate) fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        crate::yaml::parse(&self.text, &self.path, 1, &self.text)
            .map_err(improve_variant_hint)
            .map_err(improve_type_hint)
    }

    /// An error located at the value at `path` (or as near as can be found).
    pub(crate) fn err(&self, path: &[Seg<'_>], message: impl Into<String>, hint: &str) -> Error {
        let e = Error::new(message).in_file(&self.path).with_hint(hint);
        match locate(&self.text, path) {
            Some(loc) => e.at(loc, &self.text),
            None => e.at(Location { line: 1, column: 1 }, &self.text),
        }
    }

    /// An error located at the key at the end of `path`.
    pub(crate) fn err_key(
        &self,
        path: &[Seg<'_>],
        message: impl Into<String>,
        hint: &str,
    ) -> Error {
        let e = Error::new(message).in_file(&self.path).with_hint(hint);
        match locate_key(&self.text, path) {
            Some(loc) => e.at(loc, &self.text),
            None => e.at(Location { line: 1, column: 1 }, &self.text),
        }
    }
}

/// serde's "invalid type: ..., expected X" gets a hint that says how to write an X.
fn improve_type_hint(mut e: Error) -> Error {
    if !e.message.contains("invalid type") {
        return e;
    }
    let expected = e.message.rsplit("expected ").next().unwrap_or("");
    let hint = match expected {
        x if x.starts_with("i64") || x.starts_with("u32") => "write a whole number, e.g. `3`",
        x if x.starts_with("f64") => "write a number, e.g. `7.5`",
        x if x.starts_with("a sequence") => "write a list, e.g. `[a, b]` or one `- item` per line",
        x if x.starts_with("a string") => {
            "write text; quote it if it looks like a number or a date"
        }
        x if x.starts_with("a boolean") => "write `true` or `false`",
        x if x.starts_with("struct") || x.starts_with("a map") => {
            "write a mapping: `key: value` lines indented under this key"
        }
        _ => return e,
    };
    e.hint = Some(hint.to_string());
    e
}

/// serde's "unknown variant `x`, expected one of `a`, `b`" gets a "did you mean" hint.
fn improve_variant_hint(mut e: Error) -> Error {
    let msg = e.message.clone();
    if let Some(rest) = msg.split("unknown variant `").nth(1) {
        let word = rest.split('`').next().unwrap_or("");
        let known: Vec<&str> = msg
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .split('`')
            .skip(1)
            .step_by(2)
            .collect();
        e.hint = Some(match nearest(word, known.iter().copied()) {
            Some(k) => format!("did you mean `{k}`? Accepted: {}", known.join(", ")),
            None => format!("use one of: {}", known.join(", ")),
        });
    }
    e
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    name: Option<String>,
    description: Option<String>,
    author: Option<String>,
    units: Option<Units>,
    sessions_per_week: Option<i64>,
    rotation: Option<Vec<String>>,
    suits: Option<String>,
    blocks: Option<Vec<RawBlock>>,
    sessions: Option<Vec<RawSession>>,
    progression: Option<Value>,
    deload: Option<RawDeload>,
    extends: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    name: String,
    weeks: i64,
    focus: Option<String>,
    sessions: Option<Vec<String>>,
    progression: Option<Value>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum SessionIntensity {
    Heavy,
    Light,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    name: String,
    #[serde(default)]
    muscles: Vec<String>,
    heavy: Option<bool>,
    intensity: Option<SessionIntensity>,
    exercises: Vec<RawPrescription>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrescription {
    exercise: String,
    sets: i64,
    reps: Value,
    percent: Option<f64>,
    rpe: Option<f64>,
    rir: Option<f64>,
    load: Option<f64>,
    rest: Option<i64>,
    tempo: Option<String>,
    notes: Option<String>,
    superset: Option<String>,
    progression: Option<Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeload {
    every: Option<i64>,
    sets_factor: Option<f64>,
    load_factor: Option<f64>,
}

/// Loads and validates the program at `path` (following `extends`). Returns the program and any
/// warnings (located in the file they concern). `extends` must stay inside `root` (the site root,
/// or the folder [`confinement_root`] gives for `path`).
pub(crate) fn load_program_within(
    path: &Path,
    root: &Path,
) -> Result<(Program, Vec<Error>), Error> {
    let mut warnings = Vec::new();
    let mut chain = Vec::new();
    let merged = load_chain(path, root, &mut chain, &mut warnings)?;
    let program = finish(merged)?;
    Ok((program, warnings))
}

/// The folder that file references (`extends`, an athlete's `program` and `log`) in the file at
/// `path` must stay inside: the nearest folder, from the file's own upwards, that holds
/// `site.yaml` or a `programs/` folder (the site root); else the file's own folder.
pub(crate) fn confinement_root(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    dir.ancestors()
        .find(|a| a.join("site.yaml").is_file() || a.join("programs").is_dir())
        .map_or_else(|| dir.clone(), Path::to_path_buf)
}

/// Resolves the file reference `rel`, found at `at` in `src`, against the folder of `src`'s file.
/// An absolute path, or one that leads outside `root` (through `..` or a symlink), is an error
/// located at the reference. Whether the file exists is the caller's check.
pub(crate) fn resolve_ref(
    src: &Src,
    at: &[Seg<'_>],
    rel: &str,
    root: &Path,
) -> Result<PathBuf, Error> {
    let key = match at.last() {
        Some(Seg::Key(k)) => *k,
        _ => "the path",
    };
    let rel = rel.trim();
    let rel_path = Path::new(rel);
    let dir = match src.path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let root_real = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let inside_hint = format!(
        "deload reads only files inside {}; give a path relative to this file's folder that stays inside it",
        root_real.display()
    );
    if rel_path.is_absolute() || rel_path.has_root() || rel.starts_with(['/', '\\']) {
        return Err(src.err(
            at,
            format!("`{key}` must be a relative path, not an absolute one: {rel}"),
            &inside_hint,
        ));
    }
    let joined = dir.join(rel_path);
    // Lexically first (so a path outside is refused whether or not it exists), then through
    // symlinks when the file exists.
    let mut lexical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
    let mut escaped = false;
    for c in rel_path.components() {
        match c {
            std::path::Component::ParentDir => escaped |= !lexical.pop(),
            std::path::Component::Normal(n) => lexical.push(n),
            _ => {}
        }
    }
    let outside = escaped
        || !lexical.starts_with(&root_real)
        || joined
            .canonicalize()
            .is_ok_and(|real| !real.starts_with(&root_real));
    if outside {
        return Err(src.err(
            at,
            format!("`{key}` leads outside {}: {rel}", root_real.display()),
            &inside_hint,
        ));
    }
    Ok(joined)
}

/// A merged raw program with, for every part, the file it came from.
struct Merged {
    raw: RawProgram,
    /// The file whose top level is being built (the child, for error fallbacks).
    root: Src,
    /// File of each block, by index in `raw.blocks`, and the block's index in that file.
    block_src: Vec<(Src, usize)>,
    /// File of each session, by index in `raw.sessions`, and its index in that file.
    session_src: Vec<(Src, usize)>,
    /// File that gave `sessions_per_week`, `rotation` and `deload`.
    spw_src: Src,
    rotation_src: Src,
    deload_src: Src,
}

/// Loads and validates a program from its text (pure apart from `extends`, which is read
/// relative to `path`'s folder). `path` names the file in messages.
pub fn parse_program_text(text: &str, path: &Path) -> Result<(Program, Vec<Error>), Error> {
    let mut warnings = Vec::new();
    let mut chain = Vec::new();
    let src = Src::from_text(path, text.to_string())?;
    let merged = load_chain_src(
        path,
        &confinement_root(path),
        src,
        &mut chain,
        &mut warnings,
    )?;
    let program = finish(merged)?;
    Ok((program, warnings))
}

fn load_chain(
    path: &Path,
    root: &Path,
    chain: &mut Vec<PathBuf>,
    warnings: &mut Vec<Error>,
) -> Result<Merged, Error> {
    let src = Src::read(path)?;
    load_chain_src(path, root, src, chain, warnings)
}

fn load_chain_src(
    path: &Path,
    root: &Path,
    src: Src,
    chain: &mut Vec<PathBuf>,
    warnings: &mut Vec<Error>,
) -> Result<Merged, Error> {
    let raw: RawProgram = src.parse()?;
    check_file(&raw, &src, warnings)?;
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    chain.push(canonical);
    let own_blocks: Vec<(Src, usize)> = (0..raw.blocks.as_ref().map_or(0, Vec::len))
        .map(|i| (src.clone(), i))
        .collect();
    let own_sessions: Vec<(Src, usize)> = (0..raw.sessions.as_ref().map_or(0, Vec::len))
        .map(|i| (src.clone(), i))
        .collect();
    let Some(parent_rel) = raw.extends.clone() else {
        return Ok(Merged {
            block_src: own_blocks,
            session_src: own_sessions,
            spw_src: src.clone(),
            rotation_src: src.clone(),
            deload_src: src.clone(),
            root: src,
            raw,
        });
    };
    let at = [Seg::Key("extends")];
    let parent_path = resolve_ref(&src, &at, &parent_rel, root)?;
    if !parent_path.is_file() {
        return Err(src.err(
            &at,
            format!(
                "`extends` names a file that does not exist: {}",
                parent_path.display()
            ),
            "the path is relative to this file's folder; check its spelling",
        ));
    }
    let parent_canonical = std::fs::canonicalize(&parent_path).unwrap_or(parent_path.clone());
    if chain.contains(&parent_canonical) {
        let names: Vec<String> = chain
            .iter()
            .chain(std::iter::once(&parent_canonical))
            .map(|p| {
                p.file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
            })
            .collect();
        return Err(src.err(
            &at,
            format!("`extends` cycle: {}", names.join(" → ")),
            "a program cannot extend itself, directly or through others; remove one `extends`",
        ));
    }
    let parent = load_chain(&parent_path, root, chain, warnings)?;
    Ok(merge(parent, raw, src, own_blocks, own_sessions))
}

fn merge(
    parent: Merged,
    child: RawProgram,
    src: Src,
    child_blocks: Vec<(Src, usize)>,
    child_sessions: Vec<(Src, usize)>,
) -> Merged {
    let mut out = parent;
    let p = &mut out.raw;
    macro_rules! replace {
        ($($f:ident),*) => { $( if child.$f.is_some() { p.$f = child.$f.clone(); } )* };
    }
    replace!(name, description, author, units, suits, progression);
    if child.sessions_per_week.is_some() {
        p.sessions_per_week = child.sessions_per_week;
        out.spw_src = src.clone();
    }
    if child.rotation.is_some() {
        p.rotation = child.rotation.clone();
        out.rotation_src = src.clone();
    }
    if child.deload.is_some() {
        p.deload = child.deload.clone();
        out.deload_src = src.clone();
    }
    p.extends = None;
    if let Some(blocks) = child.blocks {
        let list = p.blocks.get_or_insert_with(Vec::new);
        for (b, origin) in blocks.into_iter().zip(child_blocks) {
            match list.iter().position(|x| x.name == b.name) {
                Some(i) => {
                    list[i] = b;
                    out.block_src[i] = origin;
                }
                None => {
                    list.push(b);
                    out.block_src.push(origin);
                }
            }
        }
    }
    if let Some(sessions) = child.sessions {
        let list = p.sessions.get_or_insert_with(Vec::new);
        for (s, origin) in sessions.into_iter().zip(child_sessions) {
            match list
                .iter()
                .position(|x| x.name.eq_ignore_ascii_case(&s.name))
            {
                Some(i) => {
                    list[i] = s;
                    out.session_src[i] = origin;
                }
                None => {
                    list.push(s);
                    out.session_src.push(origin);
                }
            }
        }
    }
    out.root = src;
    out
}

/// Checks everything that can be checked within one file.
fn check_file(raw: &RawProgram, src: &Src, warnings: &mut Vec<Error>) -> Result<(), Error> {
    use Seg::Key;
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
        parse_progression(p, src, &[Key("progression")])?;
    }
    if let Some(d) = &raw.deload {
        check_deload(d, src, warnings)?;
    }
    if let Some(blocks) = &raw.blocks {
        check_blocks(blocks, src)?;
    }
    if let Some(sessions) = &raw.sessions {
        check_sessions(sessions, src, warnings)?;
    }
    Ok(())
}

/// Checks a file's blocks: unique names, weeks, a non-empty session list, the progression.
fn check_blocks(blocks: &[RawBlock], src: &Src) -> Result<(), Error> {
    use Seg::{Index, Key};
    let mut seen = HashSet::new();
    for (i, b) in blocks.iter().enumerate() {
        let at = |k| [Key("blocks"), Index(i), Key(k)];
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
            parse_progression(p, src, &at("progression"))?;
        }
    }
    Ok(())
}

/// Checks a file's sessions: unique names, `heavy` and `intensity` agreeing, at least one
/// exercise, and every exercise ([`check_prescription`]).
fn check_sessions(
    sessions: &[RawSession],
    src: &Src,
    warnings: &mut Vec<Error>,
) -> Result<(), Error> {
    use Seg::{Index, Key};
    let mut seen = HashSet::new();
    for (i, s) in sessions.iter().enumerate() {
        let at = |k| [Key("sessions"), Index(i), Key(k)];
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
            check_prescription(
                ex,
                src,
                ExerciseAt {
                    session: i,
                    exercise: j,
                },
                warnings,
            )?;
        }
    }
    Ok(())
}

fn check_sessions_per_week(d: i64, src: &Src, at: &[Seg<'_>]) -> Result<u32, Error> {
    if d >= 7 {
        return Err(src.err(
            at,
            format!("{d} sessions a week leaves no rest day"),
            "every week needs at least one full rest day: use 6 sessions a week at most",
        ));
    }
    if d < 1 {
        return Err(src.err(
            at,
            format!("sessions_per_week must be at least 1, not {d}"),
            "give the number of training days a week, 1 to 6",
        ));
    }
    Ok(u32::try_from(d).unwrap_or(1))
}

fn check_count(n: i64, max: i64, what: &str, src: &Src, at: &[Seg<'_>]) -> Result<u32, Error> {
    if n < 1 {
        return Err(src.err(
            at,
            format!("{what} must be at least 1, not {n}"),
            &format!("use a whole number from 1 to {max}"),
        ));
    }
    if n > max {
        return Err(src.err(
            at,
            format!("{n} {what} is more than the {max} accepted"),
            &format!("use a whole number from 1 to {max}"),
        ));
    }
    Ok(u32::try_from(n).unwrap_or(1))
}

fn check_deload(d: &RawDeload, src: &Src, warnings: &mut Vec<Error>) -> Result<(), Error> {
    use Seg::Key;
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

/// Checks an explicit deload cadence: 2–52 accepted, outside 4–6 a warning.
pub(crate) fn check_every(
    k: i64,
    src: &Src,
    at: &[Seg<'_>],
    warnings: &mut Vec<Error>,
) -> Result<u32, Error> {
    if !(2..=52).contains(&k) {
        return Err(src.err(
            at,
            format!(
                "a deload every {k} week{} is not possible",
                if k == 1 { "" } else { "s" }
            ),
            "give K from 2 to 52 (the guidance recommends 4 to 6): a deload every K weeks, counting the deload",
        ));
    }
    if !(4..=6).contains(&k) {
        warnings.push(src.err(
            at,
            format!("a deload every {k} weeks is outside the recommended 4 to 6"),
            if k < 4 {
                "deloading more often than every 4 weeks leaves too few loading weeks to build fatigue worth shedding; the guidance (and surveyed coaches) recommend every 4 to 6 weeks"
            } else {
                "going longer than 6 weeks without a deload lets fatigue pile up (harder workouts, lingering soreness, stalled progress); the guidance recommends every 4 to 6 weeks"
            },
        ));
    }
    Ok(u32::try_from(k).unwrap_or(4))
}

/// Where an exercise sits in its file: `sessions[session].exercises[exercise]`.
#[derive(Debug, Clone, Copy)]
struct ExerciseAt {
    /// The session's index in the file.
    session: usize,
    /// The exercise's index in the session.
    exercise: usize,
}

impl ExerciseAt {
    /// The path to the exercise's key `key`.
    fn key(self, key: &str) -> [Seg<'_>; 5] {
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

/// Checks one exercise and builds its [`PrescriptionSpec`]: sets, reps, intensity, rest and
/// progression. Warnings: a percentage above 100.
fn check_prescription(
    ex: &RawPrescription,
    src: &Src,
    at: ExerciseAt,
    warnings: &mut Vec<Error>,
) -> Result<PrescriptionSpec, Error> {
    let sets = check_count(ex.sets, MAX_SETS, "sets", src, &at.key("sets"))?;
    let reps = parse_reps(&ex.reps, src, &at.key("reps"))?;
    let intensity = check_intensity(ex, src, at, warnings)?;
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
        Some(p) => Some(parse_progression(p, src, &at.key("progression"))?),
        None => None,
    };
    Ok(PrescriptionSpec {
        exercise: ex.exercise.trim().to_string(),
        sets,
        reps,
        intensity,
        rest,
        tempo: ex.tempo.clone(),
        notes: ex.notes.clone(),
        superset: ex.superset.clone(),
        progression,
    })
}

/// The exercise's intensity: at most one of `percent`, `rpe`, `rir` and `load`, each in its range
/// ([`check_intensity_value`]).
fn check_intensity(
    ex: &RawPrescription,
    src: &Src,
    at: ExerciseAt,
    warnings: &mut Vec<Error>,
) -> Result<Option<Intensity>, Error> {
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
                ex.exercise, given[0].0, given[1].0
            ),
            "give one intensity per exercise: percent (of 1RM), rpe, rir or load",
        ));
    }
    match given.first() {
        None => Ok(None),
        Some((key, v)) => check_intensity_value(key, *v, src, &at.key(key), warnings).map(Some),
    }
}

/// The intensity `key: v` found at `at`: a percentage of 1RM from 0 (above 100 with a warning),
/// RPE 1–10, RIR 0–10, or a load from 0 to 10 000.
fn check_intensity_value(
    key: &str,
    v: f64,
    src: &Src,
    at: &[Seg<'_>],
    warnings: &mut Vec<Error>,
) -> Result<Intensity, Error> {
    if !v.is_finite() {
        return Err(src.err(
            at,
            format!("`{key}` must be a number"),
            "write a plain number",
        ));
    }
    let (message, hint) = match key {
        "percent" if v < 0.0 => (
            format!("a percentage of 1RM cannot be negative ({v})"),
            "use a percentage from 0 to 100, e.g. `percent: 75`",
        ),
        "percent" => {
            if v > 100.0 {
                warnings.push(src.err(
                    at,
                    format!("{v}% of 1RM is above the one-rep max"),
                    "above 100 % is a max attempt; check the number (75 means 75 % of 1RM)",
                ));
            }
            return Ok(Intensity::Percent(v));
        }
        "rpe" if (1.0..=10.0).contains(&v) => return Ok(Intensity::Rpe(v)),
        "rpe" => (
            format!("RPE {v} is outside the 1–10 scale"),
            "RPE runs from 1 (very easy) to 10 (maximal effort)",
        ),
        "rir" if (0.0..=10.0).contains(&v) => return Ok(Intensity::Rir(v)),
        "rir" => (
            format!("RIR {v} is outside 0–10"),
            "reps in reserve: 0 (failure) to about 5",
        ),
        _ if (0.0..=10_000.0).contains(&v) => return Ok(Intensity::Load(v)),
        _ => (
            format!("a load of {v} is not possible"),
            "give the load in the program's units, 0 or more",
        ),
    };
    Err(src.err(at, message, hint))
}

/// Parses reps: a number, a range `8-12`, `AMRAP`, or `5+`.
pub(crate) fn parse_reps(v: &Value, src: &Src, at: &[Seg<'_>]) -> Result<Reps, Error> {
    const HINT: &str = "write a number (5), a range (8-12), AMRAP, or a floor with a plus (5+)";
    let count = |n: i64| -> Result<u32, Error> { check_count(n, MAX_REPS, "reps", src, at) };
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(n) => Ok(Reps::Fixed(count(n)?)),
            None => Err(src.err(at, format!("reps must be whole, not {n}"), HINT)),
        },
        Value::String(s) => {
            let t = s.trim();
            if t.eq_ignore_ascii_case("amrap") {
                return Ok(Reps::Amrap(None));
            }
            if let Some(floor) = t.strip_suffix('+') {
                return match floor.trim().parse::<i64>() {
                    Ok(n) => Ok(Reps::Amrap(Some(count(n)?))),
                    Err(_) => Err(src.err(at, format!("cannot read reps `{t}`"), HINT)),
                };
            }
            let parts: Vec<&str> = t.splitn(2, ['-', '–']).collect();
            match parts.as_slice() {
                [one] => match one.parse::<i64>() {
                    Ok(n) => Ok(Reps::Fixed(count(n)?)),
                    Err(_) => Err(src.err(at, format!("cannot read reps `{t}`"), HINT)),
                },
                [a, b] => {
                    let (Ok(lo), Ok(hi)) = (a.trim().parse::<i64>(), b.trim().parse::<i64>())
                    else {
                        return Err(src.err(at, format!("cannot read reps `{t}`"), HINT));
                    };
                    let (lo, hi) = (count(lo)?, count(hi)?);
                    if lo > hi {
                        return Err(src.err(
                            at,
                            format!("the rep range `{t}` is upside down"),
                            &format!("write the smaller number first: `{hi}-{lo}`"),
                        ));
                    }
                    Ok(if lo == hi {
                        Reps::Fixed(lo)
                    } else {
                        Reps::Range(lo, hi)
                    })
                }
                _ => Err(src.err(at, format!("cannot read reps `{t}`"), HINT)),
            }
        }
        _ => Err(src.err(at, "reps must be a number or text like 8-12", HINT)),
    }
}

fn parse_progression(v: &Value, src: &Src, at: &[Seg<'_>]) -> Result<Progression, Error> {
    const HINT: &str = "use one of `linear: 2.5`, `percent: 2.5`, `double: 2.5`, `rpe: 0.5`";
    let Value::Mapping(m) = v else {
        return Err(src.err(at, "a progression is a one-key mapping", HINT));
    };
    if m.len() != 1 {
        return Err(src.err(at, "a progression has exactly one rule", HINT));
    }
    let Some((k, step)) = m.iter().next() else {
        return Err(src.err(at, "a progression has exactly one rule", HINT));
    };
    let key = k.as_str().unwrap_or("");
    let mut path: Vec<Seg<'_>> = at.to_vec();
    path.push(Seg::Key(key));
    let amount = match step {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let t = s.trim().trim_start_matches('+');
            let t = t
                .trim_end_matches('%')
                .trim_end_matches("kg")
                .trim_end_matches("lb")
                .trim_end_matches("rpe")
                .trim();
            t.parse::<f64>().ok()
        }
        _ => None,
    };
    let Some(amount) = amount.filter(|a| a.is_finite() && a.abs() <= 1000.0) else {
        return Err(src.err(
            &path,
            format!("cannot read the progression step `{}`", value_text(step)),
            "write the weekly step as a number, e.g. 2.5 or \"+2.5%\"",
        ));
    };
    match key {
        "linear" => Ok(Progression::Linear(amount)),
        "percent" => Ok(Progression::Percent(amount)),
        "double" => Ok(Progression::Double(amount)),
        "rpe" => Ok(Progression::Rpe(amount)),
        other => {
            let known = ["linear", "percent", "double", "rpe"];
            let hint = match nearest(other, known) {
                Some(k) => format!("did you mean `{k}`? {HINT}"),
                None => HINT.to_string(),
            };
            Err(src.err_key(&path, format!("unknown progression `{other}`"), &hint))
        }
    }
}

fn value_text(v: &Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// Checks the merged program's references and builds the validated [`Program`].
fn finish(m: Merged) -> Result<Program, Error> {
    use Seg::Key;
    let name = check_required(&m)?;
    let sessions = build_sessions(&m)?;
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
    let sessions_per_week = resolve_sessions_per_week(&m, &blocks, sessions.len())?;
    let deload = deload_settings(&m)?;
    let raw = m.raw;
    let progression = match &raw.progression {
        Some(p) => Some(parse_progression(p, &m.root, &[Key("progression")])?),
        None => None,
    };
    Ok(Program {
        name,
        description: raw.description.unwrap_or_default(),
        author: raw.author,
        units: raw.units.unwrap_or_default(),
        sessions_per_week,
        rotation: raw.rotation,
        suits: raw.suits,
        blocks,
        sessions,
        progression,
        deload,
    })
}

/// The merged program's name. Errors: no name, no sessions, no blocks.
fn check_required(m: &Merged) -> Result<String, Error> {
    use Seg::Key;
    let Some(name) = m.raw.name.clone() else {
        return Err(m.root.err(
            &[],
            "the program has no `name`",
            "add `name: ...` at the top",
        ));
    };
    if m.raw.sessions.as_ref().is_none_or(Vec::is_empty) {
        return Err(m.root.err(
            &[Key("sessions")],
            "the program defines no sessions",
            "add `sessions:` with at least one session (name, muscles, exercises)",
        ));
    }
    if m.raw.blocks.as_ref().is_none_or(Vec::is_empty) {
        return Err(m.root.err(
            &[Key("blocks")],
            "the program has no blocks",
            "add `blocks:` with at least one block (name, weeks, focus)",
        ));
    }
    Ok(name)
}

/// The merged program's sessions, each exercise built from the file that holds it.
fn build_sessions(m: &Merged) -> Result<Vec<SessionTemplate>, Error> {
    let raw_sessions = m.raw.sessions.as_deref().unwrap_or_default();
    let mut sessions = Vec::with_capacity(raw_sessions.len());
    for (s, (src, i)) in raw_sessions.iter().zip(&m.session_src) {
        let mut exercises = Vec::new();
        for (j, ex) in s.exercises.iter().enumerate() {
            let at = ExerciseAt {
                session: *i,
                exercise: j,
            };
            // Already checked in its own file; warnings were collected then.
            exercises.push(check_prescription(ex, src, at, &mut Vec::new())?);
        }
        sessions.push(SessionTemplate {
            name: s.name.clone(),
            muscles: s.muscles.iter().map(|m| m.trim().to_lowercase()).collect(),
            heavy: s
                .heavy
                .unwrap_or(s.intensity == Some(SessionIntensity::Heavy)),
            exercises,
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
    for (b, (src, i)) in raw_blocks.iter().zip(&m.block_src) {
        let at = |k| [Key("blocks"), Index(*i), Key(k)];
        for (j, n) in b.sessions.iter().flatten().enumerate() {
            let at = [Key("blocks"), Index(*i), Key("sessions"), Index(j)];
            check_session_name(names, n, src, &at)?;
        }
        let progression = match &b.progression {
            Some(p) => Some(parse_progression(p, src, &at("progression"))?),
            None => None,
        };
        blocks.push(Block {
            name: b.name.clone(),
            weeks: u32::try_from(b.weeks.clamp(1, MAX_BLOCK_WEEKS)).unwrap_or(1),
            focus: b.focus.clone().unwrap_or_default(),
            sessions: b.sessions.clone(),
            progression,
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
        (Some(_), Some((src, i))) => (src, vec![Key("blocks"), Index(*i), Key("sessions")]),
        _ => (&m.root, vec![Key("sessions")]),
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Src {
        Src {
            path: PathBuf::from("p.yaml"),
            text: text.to_string(),
        }
    }

    #[test]
    fn reps_forms() {
        let s = src("reps: x\n");
        let at = [Seg::Key("reps")];
        let r = |v: Value| parse_reps(&v, &s, &at);
        assert_eq!(r(Value::from(5)).ok(), Some(Reps::Fixed(5)));
        assert_eq!(r(Value::from("8-12")).ok(), Some(Reps::Range(8, 12)));
        assert_eq!(r(Value::from("AMRAP")).ok(), Some(Reps::Amrap(None)));
        assert_eq!(r(Value::from("5+")).ok(), Some(Reps::Amrap(Some(5))));
        assert_eq!(r(Value::from("6-6")).ok(), Some(Reps::Fixed(6)));
        let e = r(Value::from("12-8"))
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("upside down"), "{e}");
        assert!(r(Value::from(0)).is_err());
        assert!(r(Value::from(-3)).is_err());
        assert!(r(Value::from(2.5)).is_err());
        assert!(r(Value::from("lots")).is_err());
        assert!(r(Value::from(i64::MAX)).is_err());
    }

    #[test]
    fn progression_forms() {
        let s = src("progression:\n  linear: 2.5\n");
        let at = [Seg::Key("progression")];
        let p = |t: &str| {
            let v: Value = serde_yaml::from_str(t).unwrap_or(Value::Null);
            parse_progression(&v, &s, &at)
        };
        assert_eq!(p("linear: 2.5").ok(), Some(Progression::Linear(2.5)));
        assert_eq!(p("linear: +2.5").ok(), Some(Progression::Linear(2.5)));
        assert_eq!(p("percent: '+2.5%'").ok(), Some(Progression::Percent(2.5)));
        assert_eq!(p("double: 5 lb").ok(), Some(Progression::Double(5.0)));
        assert_eq!(p("rpe: 0.5").ok(), Some(Progression::Rpe(0.5)));
        let e = p("linaer: 2.5")
            .err()
            .and_then(|e| e.hint)
            .unwrap_or_default();
        assert!(e.contains("did you mean `linear`"), "{e}");
        assert!(p("linear: 1\nrpe: 1").is_err());
        assert!(p("linear: lots").is_err());
    }
}
