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
//! training_max: 90          # optional: the TM as a % of the 1RM (default 90)
//! percent_of: 1rm           # optional: what a bare `percent`/`P%` is of: 1rm (default) or tm
//! wave: 3                   # optional: weeks per wave; deloads fall at the end of a wave
//! tm_step: { upper: 2.5, lower: 5 }   # optional: TM rise per cycle (a wave, else a pass)
//! schemes:                  # optional: per-week set lines, by name (see `lines.rs`)
//!   5/3/1:
//!     - [5 @ 65%, 5 @ 75%, 5+ @ 85%]
//!     - [3 @ 70%, 3 @ 80%, 3+ @ 90%]
//!     - [5 @ 75%, 3 @ 85%, 1+ @ 95%]
//! blocks:
//!   - name: Base
//!     weeks: 5
//!     focus: technique and volume
//!     sessions: [A, B, A]   # optional: this block's week list (or rotation)
//!     progression: { double: 2.5 }   # optional: this block's rule
//!     reset: true           # optional: start from the written numbers, not where the last
//!                           # block ended
//!     schemes:              # optional: this block's own schemes, replacing the program's of
//!       5/3/1: [...]        # the same name in its weeks
//! sessions:
//!   - name: A
//!     muscles: [legs, chest]
//!     heavy: true           # or `intensity: heavy|light`
//!     exercises:
//!       - exercise: Back squat
//!         sets: 3
//!         reps: 5           # a number, a range "8-12", "AMRAP" or "5+" (AMRAP, at least 5)
//!         percent: 75       # at most one of percent (of 1RM, or TM with percent_of: tm),
//!                           # rpe, rir, load (fixed)
//!         rest: 180         # seconds
//!         tempo: 3-1-1-0
//!         notes: Brace before each rep
//!         superset: a       # exercises sharing a label alternate
//!         progression: { percent: +2.5% }   # optional: this exercise's rule
//!       - exercise: Bench press
//!         scheme: 5/3/1     # the week's lines from the scheme, then `lines`
//!         lines: ["BBB: 5 x 10 @ 50% TM"]
//!         main: true        # a main lift in deloads (the first exercise is one anyway)
//! ```
//!
//! The exercise keys are described in `exercise.rs`, the set-line notation in `lines.rs`.
//!
//! A progression is a one-key mapping: `linear: 2.5` (add 2.5 units of load a week),
//! `percent: 2.5` (add 2.5 percentage points of the line's base a week), `double: 2.5` (one more
//! rep a week through the rep range, then add 2.5 and start at the bottom again), `rpe: 0.5` (RPE
//! +0.5 a week). Steps may be written as numbers or strings with a sign and unit (`"+2.5"`,
//! `"+2.5%"`, `"+2.5 kg"`, `"5 lb"`: a load unit converts the step to the program's units).
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
//!   `suits`, `progression`, `deload`, `training_max`, `percent_of`, `wave`, `tm_step`) replace
//!   the parent's value when present;
//! - `sessions` are merged by name: a session with a parent's name replaces that whole session in
//!   its place; new names are appended;
//! - `blocks` and `schemes` are merged by name the same way.
//!
//! Each file's loads are in its own `units` (a file without `units` writes in its parent's): a
//! child that changes the units converts every load it inherits (fixed loads, load steps, the
//! training-max step) to its own.
//!
//! Chains are allowed; a cycle is an error at the `extends:` line that closes it. Each file is
//! checked on its own (so errors point into the file that holds them), then the merged program's
//! references (session names in blocks and the rotation) are checked.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde_yaml::Value;

use super::bounds::{check_chars, check_len, check_opt_chars};
use super::exercise::{
    self, ExerciseAt, ExerciseContext, RawPrescription, SchemeNames, SchemeSource, Schemes,
    parse_step,
};
use super::lines::{self, LineContext};
use super::locate::{Outline, Seg, locate_key};
use super::model::{
    Base, Block, DeloadSettings, Program, Progression, Reps, Scheme, SessionTemplate, TmStep, Units,
};
use crate::error::{Error, Location, nearest};
use crate::limits::{
    MAX_BLOCKS, MAX_EXERCISES, MAX_EXTENDS_DEPTH, MAX_NAME_CHARS, MAX_SCHEME_WEEKS,
    MAX_SESSION_LIST, MAX_SESSIONS, MAX_TEXT_CHARS, MAX_WEEKS,
};

/// Largest accepted set count per exercise.
pub(crate) const MAX_SETS: i64 = 100;
/// Largest accepted rep count.
pub(crate) const MAX_REPS: i64 = 1000;
/// Largest accepted block length in weeks.
pub(crate) const MAX_BLOCK_WEEKS: i64 = 520;

/// A source file being validated: its path and text, for locating errors. Cheap to clone (every
/// block and session of a program keeps the file it came from); its outline is read once, the
/// first time a location is asked for.
#[derive(Debug, Clone)]
pub(crate) struct Src {
    pub(crate) path: PathBuf,
    pub(crate) text: Arc<str>,
    outline: Arc<OnceLock<Outline>>,
}

impl Src {
    /// The file at `path` with `text`.
    pub(crate) fn new(path: &Path, text: &str) -> Src {
        Src {
            path: path.to_path_buf(),
            text: text.into(),
            outline: Arc::default(),
        }
    }

    /// The location of the value at `path` ([`locate`]), from the file's outline.
    pub(crate) fn locate(&self, path: &[Seg<'_>]) -> Option<Location> {
        self.outline
            .get_or_init(|| Outline::new(&self.text))
            .locate(&self.text, path)
    }

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
        // before anything walks the text (the outline that locates errors recurses per level)
        crate::yaml::check_depth(&text, path, 1, &text)?;
        Ok(Src::new(path, &text))
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
        match self.locate(path) {
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
    training_max: Option<f64>,
    percent_of: Option<Base>,
    wave: Option<i64>,
    tm_step: Option<Value>,
    schemes: Option<BTreeMap<String, Vec<Value>>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    name: String,
    weeks: i64,
    focus: Option<String>,
    sessions: Option<Vec<String>>,
    progression: Option<Value>,
    reset: Option<bool>,
    schemes: Option<BTreeMap<String, Vec<Value>>>,
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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeload {
    every: Option<i64>,
    sets_factor: Option<f64>,
    load_factor: Option<f64>,
    week: Option<BTreeMap<String, Value>>,
}

/// Loads and validates the program at `path` (following `extends`). Returns the program, any
/// warnings (located in the file they concern), and the files read (`path` and its `extends`
/// chain, canonical). `extends` must stay inside `root` (the site root, or the folder
/// [`confinement_root`] gives for `path`).
pub(crate) fn load_program_within(
    path: &Path,
    root: &Path,
) -> Result<(Program, Vec<Error>, Vec<PathBuf>), Error> {
    let mut warnings = Vec::new();
    let mut chain = Vec::new();
    let merged = load_chain(path, root, &mut chain, &mut warnings)?;
    let program = finish(merged)?;
    Ok((program, warnings, chain))
}

/// The folder that file references (`extends`, an athlete's `program` and `log`) in the file at
/// `path` must stay inside: the nearest folder, from the file's own upwards, that holds
/// `site.yaml` or a `programs/` folder (the site root); else the file's own folder.
pub(crate) fn confinement_root(path: &Path) -> PathBuf {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = crate::fs::canonicalize(&dir).unwrap_or(dir);
    dir.ancestors()
        .find(|a| crate::fs::is_file(&a.join("site.yaml")) || a.join("programs").is_dir())
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
    let root_real = crate::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
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
    let mut lexical = crate::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
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
        || crate::fs::canonicalize(&joined).is_ok_and(|real| !real.starts_with(&root_real));
    if outside {
        return Err(src.err(
            at,
            format!("`{key}` leads outside {}: {rel}", root_real.display()),
            &inside_hint,
        ));
    }
    Ok(joined)
}

/// A part of a merged program (a block or a session): the file it came from, its index there,
/// and that file's units.
#[derive(Debug, Clone)]
struct Part {
    src: Src,
    index: usize,
    units: Units,
}

/// A file and its units: where a top-level value of a merged program came from.
#[derive(Debug, Clone)]
struct FromFile {
    src: Src,
    units: Units,
}

/// A merged raw program with, for every part, the file it came from.
struct Merged {
    raw: RawProgram,
    /// The file whose top level is being built (the child, for error fallbacks), and the units
    /// of the merged program.
    root: FromFile,
    /// File of each block, by index in `raw.blocks`.
    block_src: Vec<Part>,
    /// File of each session, by index in `raw.sessions`.
    session_src: Vec<Part>,
    /// Files that gave `sessions_per_week`, `rotation`, `deload`, `progression` and `tm_step`.
    spw_src: Src,
    rotation_src: Src,
    deload_src: Src,
    progression_src: FromFile,
    tm_step_src: FromFile,
    /// Every scheme, by name, with its file.
    schemes: Schemes,
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
    // The units only convert loads; what is valid does not depend on them.
    check_file(&raw, &src, raw.units.unwrap_or_default(), warnings)?;
    let canonical = crate::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    chain.push(canonical);
    let Some(parent_rel) = raw.extends.clone() else {
        let units = raw.units.unwrap_or_default();
        return Ok(own_parts(raw, src, units));
    };
    check_depth(&src, chain)?;
    let parent_path = parent_file(&src, &parent_rel, root, chain)?;
    let parent = load_chain(&parent_path, root, chain, warnings)?;
    // A file without `units` writes its loads in its parent's units.
    let units = raw.units.unwrap_or(parent.root.units);
    Ok(merge(parent, own_parts(raw, src, units)))
}

/// Error at the `extends:` of `src` when following it would make the chain (`chain`, ending
/// with `src`'s file) longer than [`MAX_EXTENDS_DEPTH`] parents.
fn check_depth(src: &Src, chain: &[PathBuf]) -> Result<(), Error> {
    if chain.len() <= MAX_EXTENDS_DEPTH {
        return Ok(());
    }
    Err(src.err(
        &[Seg::Key("extends")],
        format!(
            "`extends` goes deeper than deload's limit of {MAX_EXTENDS_DEPTH} parents: {} → …",
            chain_names(chain)
        ),
        &format!(
            "merge some of these programs into one file: a chain may hold at most {MAX_EXTENDS_DEPTH} parents"
        ),
    ))
}

/// The file names of `chain`, joined by arrows.
fn chain_names<'a>(chain: impl IntoIterator<Item = &'a PathBuf>) -> String {
    let names: Vec<String> = chain
        .into_iter()
        .map(|p| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect();
    names.join(" → ")
}

/// The file that `extends: rel` in `src` names. Errors: it does not exist, or it closes a cycle.
fn parent_file(src: &Src, rel: &str, root: &Path, chain: &[PathBuf]) -> Result<PathBuf, Error> {
    let at = [Seg::Key("extends")];
    let parent_path = resolve_ref(src, &at, rel, root)?;
    if !crate::fs::is_file(&parent_path) {
        return Err(src.err(
            &at,
            format!(
                "`extends` names a file that does not exist: {}",
                parent_path.display()
            ),
            "the path is relative to this file's folder; check its spelling",
        ));
    }
    let parent_canonical = crate::fs::canonicalize(&parent_path).unwrap_or(parent_path.clone());
    if chain.contains(&parent_canonical) {
        let names = chain_names(chain.iter().chain(std::iter::once(&parent_canonical)));
        return Err(src.err(
            &at,
            format!("`extends` cycle: {names}"),
            "a program cannot extend itself, directly or through others; remove one `extends`",
        ));
    }
    Ok(parent_path)
}

/// One file on its own, as a merged program: every part from this file, in `units`.
fn own_parts(mut raw: RawProgram, src: Src, units: Units) -> Merged {
    let part = |index| Part {
        src: src.clone(),
        index,
        units,
    };
    let here = FromFile {
        src: src.clone(),
        units,
    };
    let schemes = raw
        .schemes
        .take()
        .unwrap_or_default()
        .into_iter()
        .map(|(name, weeks)| {
            let source = SchemeSource {
                weeks,
                src: src.clone(),
                units,
            };
            (name, source)
        })
        .collect();
    raw.units = Some(units);
    raw.extends = None;
    Merged {
        block_src: (0..raw.blocks.as_ref().map_or(0, Vec::len))
            .map(part)
            .collect(),
        session_src: (0..raw.sessions.as_ref().map_or(0, Vec::len))
            .map(part)
            .collect(),
        spw_src: src.clone(),
        rotation_src: src.clone(),
        deload_src: src.clone(),
        progression_src: here.clone(),
        tm_step_src: here.clone(),
        root: here,
        schemes,
        raw,
    }
}

/// `child` on top of `parent`: the child's top-level keys replace the parent's; blocks, sessions
/// and schemes are merged by name.
fn merge(parent: Merged, child: Merged) -> Merged {
    let mut out = parent;
    let c = child.raw;
    let p = &mut out.raw;
    macro_rules! replace {
        ($($f:ident),*) => { $( if c.$f.is_some() { p.$f = c.$f.clone(); } )* };
    }
    replace!(
        name,
        description,
        author,
        units,
        suits,
        training_max,
        percent_of,
        wave
    );
    if c.progression.is_some() {
        p.progression = c.progression.clone();
        out.progression_src = child.progression_src;
    }
    if c.tm_step.is_some() {
        p.tm_step = c.tm_step.clone();
        out.tm_step_src = child.tm_step_src;
    }
    if c.sessions_per_week.is_some() {
        p.sessions_per_week = c.sessions_per_week;
        out.spw_src = child.spw_src;
    }
    if c.rotation.is_some() {
        p.rotation = c.rotation.clone();
        out.rotation_src = child.rotation_src;
    }
    if c.deload.is_some() {
        p.deload = c.deload.clone();
        out.deload_src = child.deload_src;
    }
    if let Some(blocks) = c.blocks {
        let list = p.blocks.get_or_insert_with(Vec::new);
        merge_by_name(list, &mut out.block_src, blocks, child.block_src, |a, b| {
            a.name == b.name
        });
    }
    if let Some(sessions) = c.sessions {
        let list = p.sessions.get_or_insert_with(Vec::new);
        merge_by_name(
            list,
            &mut out.session_src,
            sessions,
            child.session_src,
            |a, b| a.name.eq_ignore_ascii_case(&b.name),
        );
    }
    out.schemes.extend(child.schemes);
    out.root = child.root;
    out
}

/// Puts each of `items` (from `parts`) in the place of the item of `list` that `same` says it
/// replaces, or at the end.
fn merge_by_name<T>(
    list: &mut Vec<T>,
    list_parts: &mut Vec<Part>,
    items: Vec<T>,
    parts: Vec<Part>,
    same: impl Fn(&T, &T) -> bool,
) {
    for (item, part) in items.into_iter().zip(parts) {
        match list.iter().position(|x| same(x, &item)) {
            Some(i) => {
                list[i] = item;
                list_parts[i] = part;
            }
            None => {
                list.push(item);
                list_parts.push(part);
            }
        }
    }
}

/// Checks everything that can be checked within one file, whose loads are in `units`.
fn check_file(
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

/// Checks one file against the bounds of [`crate::limits`]: list lengths and text lengths, before
/// anything else reads them.
fn check_bounds(raw: &RawProgram, src: &Src) -> Result<(), Error> {
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

/// A training max as a percentage of the 1RM: 50 to 100.
pub(crate) fn check_training_max(tm: f64, src: &Src, at: &[Seg<'_>]) -> Result<f64, Error> {
    if tm.is_finite() && (50.0..=100.0).contains(&tm) {
        return Ok(tm);
    }
    Err(src.err(
        at,
        format!("a training max of {tm} % of the 1RM is not possible"),
        "give the training max as a percentage of the one-rep max, 50 to 100 (90 is usual)",
    ))
}

/// `tm_step`: one step for every lift (`5`, `"5 kg"`) or `{ upper: 2.5, lower: 5 }`.
fn parse_tm_step(v: &Value, units: Units, src: &Src) -> Result<TmStep, Error> {
    use Seg::Key;
    let Value::Mapping(m) = v else {
        let step = parse_step(v, units, src, &[Key("tm_step")])?;
        return Ok(TmStep {
            upper: step,
            lower: step,
        });
    };
    let mut out = TmStep::default();
    for (k, v) in m {
        let key = k.as_str().unwrap_or("");
        let at = [Key("tm_step"), Key(key)];
        match key {
            "upper" => out.upper = parse_step(v, units, src, &at)?,
            "lower" => out.lower = parse_step(v, units, src, &at)?,
            other => {
                return Err(src.err_key(
                    &at,
                    format!("unknown lift kind `{other}`"),
                    "write `tm_step: { upper: 2.5, lower: 5 }`, or one step for every lift",
                ));
            }
        }
    }
    Ok(out)
}

/// Error when `name` is empty: `what` (`a session`, `a block`) without a name.
fn check_name(name: &str, what: &str, src: &Src, at: &[Seg<'_>]) -> Result<(), Error> {
    if !name.trim().is_empty() {
        return Ok(());
    }
    Err(src.err(
        at,
        format!("{what} without a name"),
        "give it a name: it appears in every plan and links sessions to blocks",
    ))
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

pub(crate) fn check_count(
    n: i64,
    max: i64,
    what: &str,
    src: &Src,
    at: &[Seg<'_>],
) -> Result<u32, Error> {
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
                crate::text::s(k)
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

/// Reads a progression rule in a file whose loads are in `units`: a one-key mapping from the
/// rule to its weekly step. A load step written with a unit (`"+2.5 kg"`, `"5 lb"`) is
/// converted to `units`.
pub(crate) fn parse_progression(
    v: &Value,
    units: Units,
    src: &Src,
    at: &[Seg<'_>],
) -> Result<Progression, Error> {
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
    let Some(amount) = step_amount(step, units).filter(|a| a.is_finite() && a.abs() <= 1000.0)
    else {
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

/// A progression step: a number, or text with a sign and a unit (`"+2.5%"`, `"+2.5 kg"`,
/// `"5 lb"`, `"0.5 rpe"`); a load unit converts the step to `units`.
fn step_amount(step: &Value, units: Units) -> Option<f64> {
    match step {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let t = s.trim().trim_start_matches('+').to_lowercase();
            let (t, from) = if let Some(n) = t.strip_suffix("kg") {
                (n, Units::Kg)
            } else if let Some(n) = t.strip_suffix("lbs").or_else(|| t.strip_suffix("lb")) {
                (n, Units::Lb)
            } else {
                (t.as_str(), units)
            };
            let t = t.trim_end_matches('%').trim_end_matches("rpe").trim();
            t.parse::<f64>().ok().map(|a| units.convert_step(a, from))
        }
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Src {
        Src::new(Path::new("p.yaml"), text)
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
            parse_progression(&v, Units::Kg, &s, &at)
        };
        assert_eq!(p("linear: 2.5").ok(), Some(Progression::Linear(2.5)));
        assert_eq!(p("linear: +2.5").ok(), Some(Progression::Linear(2.5)));
        assert_eq!(p("percent: '+2.5%'").ok(), Some(Progression::Percent(2.5)));
        // 5 lb is 2.27 kg; as a step in a kg program it is what kg plates add: 2.5 kg.
        assert_eq!(p("double: 5 lb").ok(), Some(Progression::Double(2.5)));
        assert_eq!(p("linear: 2.5 kg").ok(), Some(Progression::Linear(2.5)));
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
