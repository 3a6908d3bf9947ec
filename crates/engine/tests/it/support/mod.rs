//! What the engine's tests share: where the repository's files are, the shipped programs and
//! athletes, the domain rules checked on a schedule, the modelled training logs, and comparing an
//! output with its expected file.

#![allow(dead_code)]

/// Comparing an output with its expected file: the `deload` package's helper, the workspace's one.
#[path = "../../../../../tests/it/support/expected.rs"]
pub(crate) mod expected;
pub(crate) mod logs;
pub(crate) mod rules;

use std::path::{Path, PathBuf};

use deload_engine::programs::{PlanInput, load_input};
use jiff::civil::{Date, date};

/// The repository root (the workspace, two folders above this crate).
pub(crate) fn repo() -> PathBuf {
    let engine = Path::new(env!("CARGO_MANIFEST_DIR"));
    engine
        .ancestors()
        .nth(2)
        .unwrap_or_else(|| panic!("{} has no workspace above it", engine.display()))
        .to_path_buf()
}

/// The command that accepts new outputs of the engine's expected-output tests.
pub(crate) const BLESS: &str = "DELOAD_BLESS=1 cargo test -p deload-engine --test it";

/// Asserts that `actual` is byte for byte the file at `path`, or writes it when blessing.
pub(crate) fn assert_file(path: &Path, actual: &str) {
    expected::assert_file(path, actual, BLESS);
}

/// A file under `tests/fixtures/` of the repository.
pub(crate) fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// A shipped program or athlete file (`programs/REL`).
pub(crate) fn program(rel: &str) -> PathBuf {
    repo().join("programs").join(rel)
}

/// Every shipped program (`programs/*.yaml`), then every athlete (`programs/athletes/*.yaml`),
/// each group sorted.
pub(crate) fn shipped() -> Vec<PathBuf> {
    let root = repo().join("programs");
    let mut files = Vec::new();
    for dir in [root.clone(), root.join("athletes")] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        entries.sort();
        files.extend(entries);
    }
    assert!(files.len() >= 5, "{files:?}");
    files
}

/// Loads a program or athlete file that must load without warnings.
pub(crate) fn load(path: &Path) -> PlanInput {
    match load_input(path) {
        Ok((input, warnings)) => {
            assert!(
                warnings.is_empty(),
                "{}: warnings {warnings:?}",
                path.display()
            );
            input
        }
        Err(e) => panic!("{}", e.render(deload_engine::Severity::Error, false)),
    }
}

/// The Monday the tests' plans start on.
pub(crate) fn start() -> Date {
    date(2026, 1, 5)
}
