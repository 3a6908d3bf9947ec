//! The committed WebAssembly module is the one its sources build: the hash written beside it by
//! `scripts/build-wasm` is the hash of the checkout's sources. Needs no wasm toolchain.

use std::path::{Path, PathBuf};

use deload_planner::sources;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn committed_module_is_fresh() {
    let root = workspace();
    let written = std::fs::read_to_string(root.join(sources::HASH_FILE)).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run scripts/build-wasm",
            sources::HASH_FILE
        )
    });
    let now = sources::hash(&root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        written.trim(),
        now,
        "{} was built from other sources than these (crates/engine, crates/planner, Cargo.lock or \
         the wasm profile changed since): run scripts/build-wasm and commit {} and {}",
        sources::MODULE,
        sources::MODULE,
        sources::HASH_FILE
    );
    let module =
        std::fs::read(root.join(sources::MODULE)).expect("the module; run scripts/build-wasm");
    assert_eq!(
        &module[..4],
        b"\0asm",
        "{} is not a WebAssembly module",
        sources::MODULE
    );
}

#[test]
fn hash_changes_with_any_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write("Cargo.lock", "lock");
    write(
        "Cargo.toml",
        "[workspace]\n[profile.wasm]\nopt-level = \"s\"\n[other]\nx = 1\n",
    );
    write(sources::RECIPE, "recipe");
    write("crates/engine/Cargo.toml", "engine");
    write("crates/engine/src/lib.rs", "one");
    write("crates/planner/Cargo.toml", "planner");
    write("crates/planner/src/lib.rs", "two");
    let first = sources::hash(root).expect("hash");
    assert_eq!(first.len(), 32);
    assert_eq!(
        sources::hash(root).expect("hash"),
        first,
        "the hash is stable"
    );
    let mut seen = vec![first];
    let mut changed = |what: &str| {
        let h = sources::hash(root).expect("hash");
        assert!(!seen.contains(&h), "{what} did not change the hash");
        seen.push(h);
    };
    write("crates/engine/src/lib.rs", "one!");
    changed("an engine source edit");
    write("crates/engine/src/plan/new.rs", "");
    changed("a new engine file");
    write("crates/sheet/Cargo.toml", "sheet");
    write("crates/sheet/src/lib.rs", "");
    changed("the sheet crate");
    write("Cargo.lock", "lock2");
    changed("Cargo.lock");
    write(sources::RECIPE, "recipe2");
    changed("the recipe");
    write(
        "Cargo.toml",
        "[workspace]\n[profile.wasm]\nopt-level = \"z\"\n[other]\nx = 1\n",
    );
    changed("the wasm profile");
    // what is not a source leaves the hash alone
    let before = sources::hash(root).expect("hash");
    write(
        "Cargo.toml",
        "[workspace]\n[profile.wasm]\nopt-level = \"z\"\n[other]\nx = 2\n",
    );
    write("crates/engine/tests/t.rs", "test");
    write("README.md", "docs");
    assert_eq!(sources::hash(root).expect("hash"), before);
}

/// The module's budget (issue #25; the manual's Planner page): what a visitor's browser downloads
/// before the first plan.
const MODULE_BUDGET: usize = 1_500_000;

#[test]
fn committed_module_is_within_its_budget() {
    let module = std::fs::read(workspace().join(sources::MODULE))
        .expect("the module; run scripts/build-wasm");
    assert!(
        module.len() < MODULE_BUDGET,
        "{} is {} bytes, over its budget of {MODULE_BUDGET}: see the manual's Planner page for \
         what it holds and where it was cut before",
        sources::MODULE,
        module.len()
    );
}
