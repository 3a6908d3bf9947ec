//! Training programs and athletes: the YAML input of the plan engine.
//!
//! - [`model`]: the validated types the engine consumes ([`Program`], [`Athlete`], [`PlanInput`]);
//! - [`load`]: program files, `extends`, and the program YAML format;
//! - [`athlete`]: athlete files and their format;
//! - [`locate`]: finding the line and column of a YAML value for error messages.
//!
//! Loading returns the value and a list of warnings (each an [`Error`] with its location); a
//! problem that stops loading is an `Err` with file, line, column and a hint.

pub mod athlete;
pub mod load;
pub mod locate;
pub mod model;

use std::path::Path;

pub use athlete::{load_athlete, load_athlete_within};
pub use load::{confinement_root, load_program, load_program_within, parse_program_text};
pub use model::{
    Athlete, Block, Change, DeloadSettings, History, Intensity, Level, Overrides, PlanInput,
    PrescriptionSpec, Program, Progression, Reps, SessionTemplate, Sign, Swap, Units, Weekday,
    effective_program,
};

use crate::error::Error;

/// Loads a program file or an athlete file (one with a `program:` key) into a [`PlanInput`],
/// with the warnings of every file read. File references must stay inside the folder
/// [`confinement_root`] finds for `path`.
pub fn load_input(path: &Path) -> Result<(PlanInput, Vec<Error>), Error> {
    load_input_within(path, &confinement_root(path))
}

/// [`load_input`] with every file reference (`program:`, `log:`, `extends:`) confined to `root`.
pub fn load_input_within(path: &Path, root: &Path) -> Result<(PlanInput, Vec<Error>), Error> {
    let src = load::Src::read(path)?;
    let is_athlete = locate::locate_key(&src.text, &[locate::Seg::Key("program")]).is_some();
    if is_athlete {
        let (athlete, program, warnings) = load_athlete_within(path, root)?;
        Ok((
            PlanInput {
                program,
                athlete: Some(athlete),
            },
            warnings,
        ))
    } else {
        let (program, warnings) = load_program_within(path, root)?;
        Ok((
            PlanInput {
                program,
                athlete: None,
            },
            warnings,
        ))
    }
}
