//! Outputs compared with expected files, byte for byte. `DELOAD_BLESS=1` writes the files from
//! the current output instead of comparing; a mismatch prints the first differing lines and the
//! command that accepts the new output.
//!
//! The one such helper of the workspace: the `deload` package's tests use it (files in
//! `tests/fixtures/expected/`, through `support::assert_expected`) and the engine's integration
//! tests include this file by path (`crates/engine/tests/it/support/mod.rs`), so it names nothing
//! of either.

use std::path::Path;

/// Whether this run rewrites expected files (`DELOAD_BLESS=1`).
pub(crate) fn blessing() -> bool {
    std::env::var("DELOAD_BLESS").is_ok_and(|v| v == "1")
}

/// Asserts that `actual` is byte for byte the file at `path`, or writes it when blessing; `bless`
/// is the command that accepts a new output (said on a mismatch or a missing file).
pub(crate) fn assert_file(path: &Path, actual: &str, bless: &str) {
    if blessing() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\nTo write it from this run: {bless}",
            path.display()
        )
    });
    if let Some(message) = mismatch(&path.display().to_string(), &expected, actual, bless) {
        panic!("{message}");
    }
}

/// The failure message when `actual` is not `expected` (the text of the file `file`).
pub(crate) fn mismatch(file: &str, expected: &str, actual: &str, bless: &str) -> Option<String> {
    (expected != actual).then(|| {
        format!(
            "the output differs from {file}:\n{}\nIf the new output is right, accept it: {bless}",
            diff(expected, actual)
        )
    })
}

/// The lines where two texts differ: the common beginning and end left out, at most 12 lines of
/// each side shown, numbered, `-` expected and `+` actual.
pub(crate) fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let head = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let tail = e[head..]
        .iter()
        .rev()
        .zip(a[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = format!(
        "first difference at line {} ({} lines expected, {} written)\n",
        head + 1,
        e.len(),
        a.len()
    );
    for (mark, lines) in [('-', &e), ('+', &a)] {
        let changed = &lines[head..lines.len() - tail];
        for (i, line) in changed.iter().enumerate().take(12) {
            out.push_str(&format!("{mark}{:>5} | {line}\n", head + i + 1));
        }
        if changed.len() > 12 {
            out.push_str(&format!(
                "{mark}      … {} more lines\n",
                changed.len() - 12
            ));
        }
    }
    if e.len() == a.len() && head == e.len() {
        out.push_str("(the texts differ only in line endings or a final newline)\n");
    }
    out
}
