//! Imports point one way along the pipeline (issue #11). In each crate, a module may name
//! another module of the crate (`crate::NAME`, in a `use` or in a path) only when NAME is in a
//! lower layer of the crate's table below; modules of one layer do not name each other, so there
//! is no cycle. Comments, doc comments and strings are not read; test code is (a test builds only
//! on what its module may import).
//!
//! Between crates Cargo refuses a cycle; the crates follow the pipeline: the engine, the sheet
//! and PDF printing at the bottom, then the site model (crates/site), the renderer
//! (crates/render), the build (crates/publish), and the preview server and `deload import` on
//! top. src/ is only the binary (main.rs, cli.rs, cmd/), which uses them all.

use std::path::Path;

use crate::support::repo;
use crate::support::rust_source::{blank_out, rust_files};

/// The layers of the site model (crates/site), lowest first, as its lib.rs lists them.
const SITE_LAYERS: &[&[&str]] = &[
    &["fs", "oneshot", "urls", "planner"],
    &["config", "images", "data", "lookups"],
    &["templates"],
    &["catalog"],
    &["markdown"],
    &["search"],
    &["content"],
    &["shortcodes"],
    &["links"],
    &["site"],
];

/// The layers of the renderer (crates/render), lowest first: the printed plan and the progress
/// report as files, the sink files are written to, the offline service worker; the view structs
/// templates see and the stylesheets (highlighting themes, Sass); one job and
/// the list of them, the template functions, the PDFs; the Programs section's jobs and the
/// taken-path check; the listing of every job; the README test above it all.
const RENDER_LAYERS: &[&[&str]] = &[
    &["plan", "report", "sink", "offline"],
    &["view", "styles"],
    &["job", "functions", "pdfs"],
    &["programs", "taken"],
    &["jobs"],
    &["readme"],
];

/// The layers of the build (crates/publish): the atomic publish and the rules of what a change
/// rebuilds, then the build.
const PUBLISH_LAYERS: &[&[&str]] = &[&["changes", "output"], &["build"]];

/// The layers of the preview server (crates/serve): the files served, the paths refused and
/// the watcher; the server's state and rebuilds; HTTP.
const SERVE_LAYERS: &[&[&str]] = &[&["files", "paths", "watch"], &["server"], &["http"]];

/// The layers of `deload import` (crates/import): bodies and configs, then a multilingual
/// site's languages, then front matter, then the generators' URL rules (Hugo's, Zola's slugs)
/// and a Hugo site's content rules (translations paired by key, folders' list pages).
const IMPORT_LAYERS: &[&[&str]] = &[
    &["body", "config"],
    &["languages"],
    &["front"],
    &["hugo_content", "hugo_urls", "slugs"],
];

/// The layers of PDF printing (crates/pdf).
const PDF_LAYERS: &[&[&str]] = &[&["cdp", "info"]];

/// The binary's files: src/ holds nothing else.
const BINARY: &[&str] = &["main.rs", "cli.rs", "cmd.rs", "cmd"];

/// The layers of the engine, lowest first: errors, text helpers, the input limits (constants
/// only) and the size budget of parsed data; reading files and YAML; the engine's sentences as
/// data and the compiled-in English strings (messages);
/// programs and athlete files; the plan (with the history rules); training logs (which derive a
/// history by the plan's rules); the exports of a plan and its chart; the one pipeline through
/// them all.
const ENGINE_LAYERS: &[&[&str]] = &[
    &["error", "text", "limits", "size"],
    &["fs", "yaml"],
    &["message"],
    &["programs"],
    &["plan"],
    &["traininglog"],
    &["replan"],
    &["export", "chart"],
    &["pipeline"],
];

/// The layers of the printed plan sheet (crates/sheet), lowest first: a set line's cells as
/// HTML, a view struct as Tera's context, Tera's errors located, the week's layout; the compiled
/// templates, the values they see, and the progress report's; the document.
const SHEET_LAYERS: &[&[&str]] = &[
    &["cells", "context", "errors", "layout", "words"],
    &["templates", "view", "report"],
    &["print"],
];

/// A reference to a module of the crate.
#[derive(Debug, PartialEq)]
struct Reference {
    /// The line (1-based).
    line: usize,
    /// The top-level module it names.
    module: String,
    /// As written (a group's item written out: `crate::{a::B, c}` gives `crate::a::B` and
    /// `crate::c`).
    path: String,
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The path at the start of `code` (identifiers, `::`, and `{...}` groups), whitespace dropped.
fn path_at(code: &[u8]) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for &b in code {
        match b {
            b'{' => depth += 1,
            b'}' if depth > 0 => {
                depth -= 1;
                out.push('}');
                if depth == 0 {
                    break;
                }
                continue;
            }
            b':' => {}
            _ if is_ident(b) => {}
            b',' | b'*' if depth > 0 => {}
            _ if b.is_ascii_whitespace() && depth > 0 => continue,
            _ => break,
        }
        out.push(b as char);
    }
    out
}

/// The items of a group's text (`a::B, c::{d, e}`), split at its top-level commas.
fn group_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (k, ch) in group.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&group[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items.into_iter().filter(|i| !i.is_empty()).collect()
}

/// Every `crate::` reference to a module in `src` (a Rust file's text).
fn references(src: &str) -> Vec<Reference> {
    let code = blank_out(src);
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && (is_ident(bytes[at - 1]) || bytes[at - 1] == b'$') {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let path = path_at(&bytes[at + "crate::".len()..]);
        let items = match path.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(group) => group_items(group),
            None => vec![path.as_str()],
        };
        for item in items {
            let module = item.split("::").next().unwrap_or(item);
            if module != "self" {
                out.push(Reference {
                    line,
                    module: module.to_string(),
                    path: format!("crate::{item}"),
                });
            }
        }
    }
    out
}

/// The layer of `module` in `layers`.
fn rank(layers: &[&[&str]], module: &str) -> Option<usize> {
    layers.iter().position(|l| l.contains(&module))
}

/// Every import of a file under `dir` (a crate's src/) that does not point to a lower layer,
/// and every module missing from the table, as messages; files of the modules in `skip` and the
/// crate root (lib.rs) are not read.
fn violations(dir: &Path, layers: &[&[&str]], skip: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let rel = file.strip_prefix(dir).unwrap_or(&file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        let top = rel.split('/').next().unwrap_or(&rel);
        let module = top.strip_suffix(".rs").unwrap_or(top);
        if module == "lib" || skip.contains(&module) {
            continue;
        }
        let shown = repo_relative(&file);
        let Some(own) = rank(layers, module) else {
            out.push(format!(
                "{shown}: the module `{module}` is in no layer: add it to the table"
            ));
            continue;
        };
        let src = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        for r in references(&src) {
            if r.module == module {
                continue;
            }
            match rank(layers, &r.module) {
                Some(theirs) if theirs < own => {}
                Some(theirs) => out.push(format!(
                    "{shown}:{}: `{module}` (layer {}) imports `{}` from `{}` (layer {}): imports must point to a lower layer",
                    r.line,
                    own + 1,
                    r.path,
                    r.module,
                    theirs + 1
                )),
                // an item of the crate root (lib.rs), which every module may name
                None if !is_module(dir, &r.module) => {}
                None => out.push(format!(
                    "{shown}:{}: `{}` names `{}`, which is in no layer",
                    r.line, r.path, r.module
                )),
            }
        }
    }
    out
}

/// Whether `name` is a module of the crate in `dir` (a file or a folder), not an item of its root.
fn is_module(dir: &Path, name: &str) -> bool {
    dir.join(format!("{name}.rs")).is_file() || dir.join(name).is_dir()
}

/// `file` relative to the repository, for messages.
fn repo_relative(file: &Path) -> String {
    let root = repo();
    let rel = file.strip_prefix(&root).unwrap_or(file);
    rel.to_string_lossy().replace('\\', "/")
}

/// Every module of a table exists (no stale names).
fn assert_modules_exist(dir: &Path, layers: &[&[&str]]) {
    for name in layers.iter().flat_map(|l| l.iter()) {
        assert!(
            is_module(dir, name),
            "the layer table names `{name}`, which is not a module of {}",
            repo_relative(dir)
        );
    }
}

/// Checks the crate in `dir` against its table.
fn check_crate(dir: &str, layers: &[&[&str]]) {
    let src = repo().join(dir);
    assert_modules_exist(&src, layers);
    let found = violations(&src, layers, &[]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn each_crate_imports_only_from_lower_layers() {
    check_crate("crates/site/src", SITE_LAYERS);
    check_crate("crates/render/src", RENDER_LAYERS);
    check_crate("crates/publish/src", PUBLISH_LAYERS);
    check_crate("crates/serve/src", SERVE_LAYERS);
    check_crate("crates/import/src", IMPORT_LAYERS);
    check_crate("crates/pdf/src", PDF_LAYERS);
}

#[test]
fn src_holds_only_the_binary() {
    let mut found: Vec<String> = std::fs::read_dir(repo().join("src"))
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|e| {
            e.unwrap_or_else(|e| panic!("{e}"))
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    let mut expected: Vec<String> = BINARY.iter().map(|s| (*s).to_string()).collect();
    expected.sort();
    assert_eq!(
        found, expected,
        "src/ keeps only the binary (main, cli, cmd); the library is in crates/"
    );
}

#[test]
fn the_engine_imports_only_from_lower_layers() {
    let src = repo().join("crates/engine/src");
    assert_modules_exist(&src, ENGINE_LAYERS);
    let found = violations(&src, ENGINE_LAYERS, &[]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_sheet_imports_only_from_lower_layers() {
    let src = repo().join("crates/sheet/src");
    assert_modules_exist(&src, SHEET_LAYERS);
    let found = violations(&src, SHEET_LAYERS, &[]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The module names of src/lib.rs's numbered list of layers (`//! 1. [`fs`], `urls`: ...`).
fn documented_layers() -> Vec<Vec<String>> {
    let lib = std::fs::read_to_string(repo().join("crates/site/src/lib.rs"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut layers = Vec::new();
    for line in lib.lines() {
        let Some(item) = line.strip_prefix("//! ") else {
            continue;
        };
        let Some((number, rest)) = item.split_once(". ") else {
            continue;
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let names = rest.split(':').next().unwrap_or("");
        let names: Vec<String> = names
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        layers.push(names);
    }
    layers
}

#[test]
fn the_site_crate_documents_the_same_layers() {
    let table: Vec<Vec<String>> = SITE_LAYERS
        .iter()
        .map(|l| l.iter().map(|n| (*n).to_string()).collect())
        .collect();
    assert_eq!(documented_layers(), table);
}

#[test]
fn the_scanner_reads_uses_paths_and_groups_but_not_comments_or_strings() {
    let src = r#"//! Uses `crate::render` (a doc comment).
use crate::config::Config;
use crate::{
    fs,
    site::{Site, Term},
    self,
};
pub(crate) fn f() -> String {
    // crate::serve is only mentioned
    let s = "crate::build";
    crate::urls::file_for(&s) + $crate::x
}
"#;
    let found: Vec<(usize, String, String)> = references(src)
        .into_iter()
        .map(|r| (r.line, r.module, r.path))
        .collect();
    let expected = [
        (2, "config", "crate::config::Config"),
        (3, "fs", "crate::fs"),
        (3, "site", "crate::site::{Site,Term}"),
        (11, "urls", "crate::urls::file_for"),
    ];
    let expected: Vec<(usize, String, String)> = expected
        .iter()
        .map(|(l, m, p)| (*l, (*m).to_string(), (*p).to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn an_import_from_above_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: &str| {
        std::fs::write(dir.path().join(name), text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("low.rs", "//! Low.\n\nuse crate::high::Thing;\n");
    write("high.rs", "use crate::low;\npub struct Thing;\n");
    write("stray.rs", "pub struct Stray;\n");
    let found = violations(dir.path(), &[&["low"], &["high"]], &[]);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].ends_with(
            "low.rs:3: `low` (layer 1) imports `crate::high::Thing` from `high` (layer 2): imports must point to a lower layer"
        ),
        "{}",
        found[0]
    );
    assert!(
        found[1].ends_with("stray.rs: the module `stray` is in no layer: add it to the table"),
        "{}",
        found[1]
    );
}
