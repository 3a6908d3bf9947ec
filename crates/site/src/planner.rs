//! The Planner page's data (`programs.planner: true` in site.yaml): for each published program,
//! the files the in-browser planner needs to plan it (the program and every file its `extends:`
//! chain names, by their path in the site) and the lifts whose maxes its form asks for.
//!
//! The planner itself is `crates/planner`, compiled to WebAssembly by `scripts/build-wasm`; the
//! module is embedded here ([`MODULE`]) so `deload build` writes it with the page, and users of
//! the binary need no Rust toolchain.

use std::path::{Component, Path, PathBuf};

use deload_engine::error::Error;
use deload_engine::programs::{Base, Program};
use serde::Serialize;

/// The planner's WebAssembly module (`assets/planner.wasm`, built by `scripts/build-wasm`).
pub const MODULE: &[u8] = include_bytes!("../../../assets/planner.wasm");

/// The page's script: the planner's glue and the form (ours, no framework).
pub const SCRIPT: &str = include_str!("planner/planner.js");

/// The site path of the Planner page.
pub const PATH: &str = "/programs/planner/";

/// The site path of the Planner page in `lang` (none: the default language's, [`PATH`]):
/// `/es/programs/planner/`. The page in every language loads its script and module from
/// [`PATH`].
pub fn path_in(lang: Option<&str>) -> String {
    match lang {
        Some(l) => format!("/{l}{PATH}"),
        None => PATH.to_string(),
    }
}

/// The files the Planner page loads, in its folder ([`PATH`]): the script, the module, and the
/// module as a script (base64) for a page opened from a file, where browsers refuse `fetch`.
pub(crate) const ASSETS: [&str; 3] = ["planner.js", "planner.wasm", "planner-wasm.js"];

/// The site path of the service worker that keeps the Planner (and the guidance pages its plans
/// link to) working offline: at the site's root, so its scope is the whole site.
pub const OFFLINE_WORKER: &str = "/deload-offline.js";

/// The longest `extends:` chain followed (the engine refuses deeper ones itself).
const MAX_CHAIN: usize = 64;

/// A file the planner reads, by its path from the site root (`programs/novice-full-body.yaml`).
#[derive(Debug, Clone, Serialize)]
pub struct SourceFile {
    /// The path, `/`-separated, from the site root.
    pub(crate) path: String,
    /// The text.
    pub(crate) text: String,
}

/// A lift whose max the planner's form asks for.
#[derive(Debug, Clone, Serialize)]
pub struct MaxField {
    /// The exercise, as the program names it.
    pub(crate) lift: String,
    /// `1rm` or `tm`: what the program's percentages are of.
    pub(crate) base: Base,
}

/// The program file `file` (under the site `root`) and every file its `extends:` chain names,
/// child first. Errors: a file that cannot be read (the engine planned them all already, so only
/// a file changed meanwhile).
pub fn sources(root: &Path, file: &Path) -> Result<Vec<SourceFile>, Error> {
    let mut out: Vec<SourceFile> = Vec::new();
    let mut next = Some(site_path(root, file));
    while let Some(rel) = next.take() {
        if out.len() >= MAX_CHAIN || out.iter().any(|f| Path::new(&f.path) == rel) {
            break;
        }
        let text = deload_engine::fs::read_text(&root.join(&rel))?;
        next = extends_of(&text).map(|parent| {
            let dir = rel.parent().map(Path::to_path_buf).unwrap_or_default();
            deload_engine::fs::lexical_normal(&dir.join(parent))
        });
        out.push(SourceFile {
            path: slash_path(&rel),
            text,
        });
    }
    Ok(out)
}

/// `file` relative to `root`, lexically.
fn site_path(root: &Path, file: &Path) -> PathBuf {
    deload_engine::fs::lexical_normal(file.strip_prefix(root).unwrap_or(file))
}

/// `path` with `/` between its parts, whatever the platform.
fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// The `extends:` of a program file's text, if it names one (the engine has checked the file).
fn extends_of(text: &str) -> Option<String> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    value.get("extends")?.as_str().map(str::to_string)
}

/// The lifts `program` prescribes as a percentage (of the 1RM or the training max), in the order
/// the sessions list them, each once.
pub fn max_fields(program: &Program) -> Vec<MaxField> {
    let mut out: Vec<MaxField> = Vec::new();
    for s in &program.sessions {
        for ex in &s.exercises {
            let base = if program.uses_base(ex, Base::OneRm) {
                Base::OneRm
            } else if program.uses_base(ex, Base::Tm) {
                Base::Tm
            } else {
                continue;
            };
            if !out
                .iter()
                .any(|m| m.lift.eq_ignore_ascii_case(&ex.exercise))
            {
                out.push(MaxField {
                    lift: ex.exercise.clone(),
                    base,
                });
            }
        }
    }
    out
}

/// `planner-wasm.js`: the module in base64, set as `DELOAD_PLANNER_WASM` for the page's script.
pub fn module_script() -> String {
    let mut out = String::with_capacity(MODULE.len() * 4 / 3 + 64);
    out.push_str("globalThis.DELOAD_PLANNER_WASM = \"");
    base64(MODULE, &mut out);
    out.push_str("\";\n");
    out
}

/// Appends `bytes` in standard base64 (with padding) to `out`.
fn base64(bytes: &[u8], out: &mut String) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        let enc = |b: &[u8]| {
            let mut s = String::new();
            super::base64(b, &mut s);
            s
        };
        assert_eq!(enc(b""), "");
        assert_eq!(enc(b"f"), "Zg==");
        assert_eq!(enc(b"fo"), "Zm8=");
        assert_eq!(enc(b"foo"), "Zm9v");
        assert_eq!(enc(b"foobar"), "Zm9vYmFy");
        assert_eq!(enc(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
