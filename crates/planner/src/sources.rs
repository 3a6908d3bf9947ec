//! The sources the planner's WebAssembly module is built from, and their hash: the committed
//! module (`assets/planner.wasm`) is fresh when the hash written beside it
//! (`assets/planner.wasm.source-hash`) is the hash of the checkout's sources.
//!
//! The sources: every file under `src/` and the `Cargo.toml` of the crates compiled into the
//! module ([`CRATES`]), the workspace's `Cargo.lock`, the build recipe (`scripts/build-wasm`) and
//! the `[profile.wasm]` section of the workspace's `Cargo.toml`. Each file is hashed with its
//! path (`/`-separated, relative to the workspace), in path order, so adding, removing, renaming
//! or editing any of them changes the hash. The hash is FNV-1a (128 bits): it tells versions
//! apart, it is no defence against forgery, which committed files need none of.

use std::path::{Path, PathBuf};

/// The crates compiled into the module, relative to the workspace root (a missing one is
/// skipped, so the list may name a crate before it exists).
pub const CRATES: [&str; 3] = ["crates/engine", "crates/planner", "crates/sheet"];

/// The module, relative to the workspace root.
pub const MODULE: &str = "assets/planner.wasm";

/// The file holding the hash of the sources the module was built from.
pub const HASH_FILE: &str = "assets/planner.wasm.source-hash";

/// The build recipe, relative to the workspace root.
pub const RECIPE: &str = "scripts/build-wasm";

/// The hash of the module's sources under the workspace `root`, as 32 hex digits.
///
/// Errors: a source file or folder that cannot be read (the message names it).
pub fn hash(root: &Path) -> Result<String, String> {
    let mut h = Fnv128::new();
    for rel in files(root)? {
        let path = root.join(&rel);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        h.write(rel.as_bytes());
        h.write(&[0]);
        h.write(&(bytes.len() as u64).to_le_bytes());
        h.write(&bytes);
    }
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    h.write(b"[profile.wasm]\0");
    h.write(profile_section(&text).as_bytes());
    Ok(format!("{:032x}", h.finish()))
}

/// The source files, `/`-separated and relative to `root`, sorted.
fn files(root: &Path) -> Result<Vec<String>, String> {
    let mut out = vec!["Cargo.lock".to_string(), RECIPE.to_string()];
    for krate in CRATES {
        let dir = root.join(krate);
        if !dir.is_dir() {
            continue;
        }
        out.push(format!("{krate}/Cargo.toml"));
        walk(root, &dir.join("src"), &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// Adds every file under `dir` (recursively) to `out`, relative to `root`.
fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path: PathBuf = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

/// The `[profile.wasm]` section of a `Cargo.toml`: its header to the next header, trimmed.
pub fn profile_section(manifest: &str) -> String {
    let mut inside = false;
    let mut out = String::new();
    for line in manifest.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == "[profile.wasm]";
        }
        if inside && !t.is_empty() && !t.starts_with('#') {
            out.push_str(t);
            out.push('\n');
        }
    }
    out
}

/// FNV-1a with a 128-bit state.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn new() -> Fnv128 {
        Fnv128(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u128::from(*b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u128 {
        self.0
    }
}
