//! Comparing an output with its expected file under `tests/fixtures/`; `DELOAD_BLESS=1` rewrites
//! the file instead.

use std::path::Path;

/// Whether this run rewrites expected files (`DELOAD_BLESS=1`).
pub(crate) fn blessing() -> bool {
    std::env::var("DELOAD_BLESS").is_ok_and(|v| v == "1")
}

/// Asserts that `actual` is byte for byte the file at `path` (`what` names it in messages). On a
/// mismatch, prints the first differing lines and the command that accepts the new output.
pub(crate) fn assert_file(path: &Path, what: &str, actual: &str) {
    if blessing() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let bless = "DELOAD_BLESS=1 cargo test -p deload-engine --test it";
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\nto write it from this run: {bless}",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let (e, a): (Vec<&str>, Vec<&str>) = (
        expected.split_inclusive('\n').collect(),
        actual.split_inclusive('\n').collect(),
    );
    let first = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let show = |lines: &[&str], mark: char| -> String {
        lines
            .iter()
            .enumerate()
            .skip(first)
            .take(5)
            .map(|(i, l)| format!("{mark}{:>5} | {l:?}\n", i + 1))
            .collect()
    };
    panic!(
        "{what} differs from {} from line {} on:\n{}{}(expected {} lines, got {})\n\
         If the change is intended: {bless}",
        path.display(),
        first + 1,
        show(&e, '-'),
        show(&a, '+'),
        e.len(),
        a.len()
    );
}
