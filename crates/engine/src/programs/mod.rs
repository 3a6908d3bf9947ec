//! Training programs and athletes: the YAML input of the plan engine.
//!
//! - `model.rs`: the validated types the engine consumes ([`Program`], [`Athlete`], [`PlanInput`]);
//! - `load.rs`: program files and the `extends` chain, and the program YAML format; it reads
//!   each file (`source.rs`: a file's text and located errors; `raw.rs`: the format as serde
//!   reads it), checks it on its own (`checks.rs`, `file_bounds.rs`), merges it onto its parent
//!   (`merge.rs`) and builds the validated program (`build.rs`);
//! - `scalars.rs`: single values of both formats (reps, progression rules, counts, the training
//!   max and its step, the deload cadence);
//! - `exercise.rs`: one exercise of a program (one line, set lines, a scheme);
//! - `lines.rs`: the set-line notation (`3 x 5 @ 75%`) and schemes (per-week set lines);
//! - `overrides.rs`: the program as an athlete runs it (swaps, changes, skips, units);
//! - `athlete.rs`: athlete files and their format;
//! - `locate.rs`: finding the line and column of a YAML value for error messages;
//! - `bounds.rs`: the checks of [`crate::limits`]' bounds on lists and texts.
//!
//! The formats are described in the manual (docs/content/plans/programs.md) and, field by field,
//! in `load.rs` and `athlete.rs`.
//!
//! Loading returns the value and a list of warnings (each an [`Error`] with its location); a
//! problem that stops loading is an `Err` with file, line, column and a hint.

pub(crate) mod athlete;
pub(crate) mod bounds;
mod build;
mod checks;
pub(crate) mod exercise;
mod file_bounds;
pub(crate) mod lines;
pub(crate) mod load;
pub(crate) mod locate;
mod merge;
pub(crate) mod model;
pub(crate) mod overrides;
pub(crate) mod plausible;
mod raw;
pub(crate) mod scalars;
pub(crate) mod source;

use std::path::{Path, PathBuf};

pub(crate) use athlete::load_athlete_within;
pub use load::parse_program_text;
pub(crate) use load::{confinement_root, load_program_within};
pub use model::{
    Athlete, Base, Block, Change, DeloadSettings, History, Intensity, LANGUAGES, Level, LiftKind,
    MaxEvidence, MissingMax, Origin, Overrides, PlanInput, PrescriptionSpec, Program, Progression,
    RepHold, Reps, Scheme, SessionTemplate, SetLine, Sign, Swap, TmStep, Units, Weekday,
};
pub use overrides::effective_program;

use crate::error::Error;

/// Loads a program file or an athlete file (one with a `program:` key) into a [`PlanInput`],
/// with the warnings of every file read. File references (`program:`, `log:`, `extends:`) must
/// stay inside the site root: the nearest folder, from the file's own upwards, that holds
/// `site.yaml` or a `programs/` folder (else the file's own folder).
pub fn load_input(path: &Path) -> Result<(PlanInput, Vec<Error>), Error> {
    load_input_within(path, &confinement_root(path), FileKind::Either)
        .map(|(input, warnings, _)| (input, warnings))
}

/// What kind of file a caller expects.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FileKind {
    /// A program file or an athlete file, told apart by the athlete file's `program:` key
    /// (`deload plan FILE`).
    #[default]
    Either,
    /// A program file (the site's `programs/` folder): a `program:` key is an unknown key.
    Program,
    /// An athlete file (the site's `programs/athletes/` folder): `program:` is required.
    Athlete,
}

/// [`load_input`] with every file reference (`program:`, `log:`, `extends:`) confined to `root`,
/// reading the file as `kind` says. Also returns the files read (the file, an athlete's program
/// and the `extends` chain).
pub(crate) fn load_input_within(
    path: &Path,
    root: &Path,
    kind: FileKind,
) -> Result<(PlanInput, Vec<Error>, Vec<PathBuf>), Error> {
    let is_athlete = match kind {
        FileKind::Program => false,
        FileKind::Athlete => true,
        FileKind::Either => {
            let src = source::Src::read(path)?;
            locate::locate_key(&src.text, &[locate::Seg::Key("program")]).is_some()
        }
    };
    if is_athlete {
        let (athlete, program, warnings, read) = load_athlete_within(path, root)?;
        Ok((
            PlanInput {
                program,
                athlete: Some(athlete),
            },
            warnings,
            read,
        ))
    } else {
        let (program, warnings, read) = load_program_within(path, root)?;
        Ok((
            PlanInput {
                program,
                athlete: None,
            },
            warnings,
            read,
        ))
    }
}
