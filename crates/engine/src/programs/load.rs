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

use std::path::{Path, PathBuf};

use super::build::finish;
use super::checks::check_file;
use super::locate::Seg;
use super::merge::{Merged, merge, own_parts};
use super::model::Program;
use super::raw::RawProgram;
use super::source::Src;
use crate::error::Error;
use crate::limits::MAX_EXTENDS_DEPTH;

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
