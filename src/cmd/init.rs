//! `deload init DIR`: a new site from the embedded defaults that builds at once.

use std::path::Path;

use deload::Error;

use super::{Verbosity, fail};
use crate::cli::InitArgs;

/// The files of a new site: `(path, contents)`. Templates stay embedded in the binary.
const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init_files/site.yaml")),
    ("content/_index.md", include_str!("init_files/_index.md")),
    (
        "content/rest-days.md",
        include_str!("init_files/rest-days.md"),
    ),
];

/// Runs `deload init`.
pub fn init(args: &InitArgs, v: Verbosity) -> i32 {
    match create(&args.dir) {
        Ok(()) => {
            if v != Verbosity::Quiet {
                println!(
                    "Created a new site in {}. Next: cd {} && deload build",
                    args.dir.display(),
                    args.dir.display()
                );
            }
            0
        }
        Err(e) => fail(&[e], "init"),
    }
}

fn create(dir: &Path) -> Result<(), Error> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| Error::io(dir, "read the folder", &e))?;
        if entries.next().is_some() {
            return Err(Error::new(format!("{} is not empty", dir.display()))
                .in_file(dir)
                .with_hint("choose a new or empty folder; init never overwrites files"));
        }
    }
    for (rel, text) in FILES {
        deload::fs::write(&dir.join(rel), text.as_bytes())?;
    }
    Ok(())
}
