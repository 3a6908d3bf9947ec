//! `deload init DIR`: a new site from the embedded defaults that builds at once.

use std::path::Path;

use deload_engine::Error;

use super::{Verbosity, fail};
use crate::cli::InitArgs;

/// The files of a new site: `(path, contents)`. Templates stay embedded in the binary. The
/// guidance section comes along because every plan's rest days link to it.
const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init_files/site.yaml")),
    ("content/_index.md", include_str!("init_files/_index.md")),
    (
        "content/rest-days.md",
        include_str!("init_files/rest-days.md"),
    ),
    (
        "programs/novice-full-body.yaml",
        include_str!("../../programs/novice-full-body.yaml"),
    ),
    (
        "content/guidance/_index.md",
        include_str!("../../content/guidance/_index.md"),
    ),
    (
        "content/guidance/adaptation.md",
        include_str!("../../content/guidance/adaptation.md"),
    ),
    (
        "content/guidance/deload-weeks.md",
        include_str!("../../content/guidance/deload-weeks.md"),
    ),
    (
        "content/guidance/hormones.md",
        include_str!("../../content/guidance/hormones.md"),
    ),
    (
        "content/guidance/inflammation.md",
        include_str!("../../content/guidance/inflammation.md"),
    ),
    (
        "content/guidance/mobility-and-active-recovery.md",
        include_str!("../../content/guidance/mobility-and-active-recovery.md"),
    ),
    (
        "content/guidance/neglected-recovery.md",
        include_str!("../../content/guidance/neglected-recovery.md"),
    ),
    (
        "content/guidance/nervous-system.md",
        include_str!("../../content/guidance/nervous-system.md"),
    ),
    (
        "content/guidance/nutrition-and-hydration.md",
        include_str!("../../content/guidance/nutrition-and-hydration.md"),
    ),
    (
        "content/guidance/overtraining-signs.md",
        include_str!("../../content/guidance/overtraining-signs.md"),
    ),
    (
        "content/guidance/protein-synthesis.md",
        include_str!("../../content/guidance/protein-synthesis.md"),
    ),
    (
        "content/guidance/reading-a-plan.md",
        include_str!("../../content/guidance/reading-a-plan.md"),
    ),
    (
        "content/guidance/sleep.md",
        include_str!("../../content/guidance/sleep.md"),
    ),
    (
        "content/guidance/strategic-rest.md",
        include_str!("../../content/guidance/strategic-rest.md"),
    ),
    (
        "content/guidance/stress.md",
        include_str!("../../content/guidance/stress.md"),
    ),
    (
        "content/guidance/different-lifters.md",
        include_str!("../../content/guidance/different-lifters.md"),
    ),
    (
        "content/guidance/energy-availability.md",
        include_str!("../../content/guidance/energy-availability.md"),
    ),
    (
        "content/guidance/glossary.md",
        include_str!("../../content/guidance/glossary.md"),
    ),
    (
        "content/guidance/how-the-planner-decides.md",
        include_str!("../../content/guidance/how-the-planner-decides.md"),
    ),
    (
        "content/guidance/monitoring-readiness.md",
        include_str!("../../content/guidance/monitoring-readiness.md"),
    ),
    (
        "content/guidance/soreness-or-injury.md",
        include_str!("../../content/guidance/soreness-or-injury.md"),
    ),
    (
        "content/guidance/ways-to-deload.md",
        include_str!("../../content/guidance/ways-to-deload.md"),
    ), // the bibliography the guidance cites (`cite`): a reference no page cites fails the build
    (
        "data/references.yaml",
        include_str!("../../data/references.yaml"),
    ),
];

/// Runs `deload init`.
pub(crate) fn init(args: &InitArgs, v: Verbosity) -> i32 {
    match create(&args.dir) {
        Ok(()) => {
            if v != Verbosity::Quiet {
                say!(
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
        deload_site::fs::write(&dir.join(rel), text.as_bytes())?;
    }
    Ok(())
}
