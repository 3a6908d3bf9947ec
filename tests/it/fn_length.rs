//! No function in the workspace (src/, crates/, tests/, benches/) is longer than [`LIMIT`] lines,
//! from the `fn` line to its closing brace, on rustfmt-formatted code. A data table may be
//! longer when the line before its `fn` (or before its attributes and doc comment) is
//! `// fn-length: data table`.
//!
//! The scanner blanks out comments, strings and character literals (`support::rust_source`),
//! finds each `fn NAME`, and matches its braces.

use crate::support::repo;
use crate::support::rust_source::{blank_out, rust_files};

/// The most lines a function may have.
const LIMIT: usize = 80;

/// The marker that lets a data table be longer.
const DATA_TABLE: &str = "// fn-length: data table";

/// A function found in a file.
#[derive(Debug, PartialEq)]
struct Function {
    name: String,
    /// The line of `fn` (1-based).
    line: usize,
    /// Lines from `fn` to the closing brace.
    lines: usize,
    /// Marked as a data table.
    table: bool,
}

/// The name of the function a (blanked) line declares, if it does.
fn declared_fn(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    if let Some(r) = rest.strip_prefix("pub") {
        rest = match r.trim_start().strip_prefix('(') {
            Some(r) => &r[r.find(')')? + 1..],
            None => r,
        }
        .trim_start();
    }
    loop {
        let word = rest.split_whitespace().next()?;
        match word {
            "const" | "async" | "unsafe" | "extern" | "default" => {
                rest = rest.trim_start()[word.len()..].trim_start();
            }
            "fn" => break,
            _ => return None,
        }
    }
    let after = rest.strip_prefix("fn")?;
    let name = after.trim_start();
    let len = name
        .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
        .unwrap_or(name.len());
    (after.starts_with(char::is_whitespace) && len > 0).then(|| &name[..len])
}

/// The line (0-based) where the function whose `fn` is on line `from` ends: the brace closing
/// its body, or the `;` of a declaration without one.
fn end_line(lines: &[&str], from: usize) -> usize {
    let mut depth = 0usize;
    let mut nesting = 0usize;
    for (n, line) in lines.iter().enumerate().skip(from) {
        for ch in line.chars() {
            match ch {
                '(' | '[' => nesting += 1,
                ')' | ']' => nesting = nesting.saturating_sub(1),
                ';' if depth == 0 && nesting == 0 => return n,
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return n;
                    }
                }
                _ => {}
            }
        }
    }
    lines.len().saturating_sub(1)
}

/// Whether the comments and attributes right above line `at` hold the data-table marker.
fn marked_as_table(raw: &[&str], at: usize) -> bool {
    raw[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .take_while(|l| l.starts_with("//") || l.starts_with("#["))
        .any(|l| l == DATA_TABLE)
}

/// Every function in a source file.
fn functions(src: &str) -> Vec<Function> {
    let blanked = blank_out(src);
    let lines: Vec<&str> = blanked.lines().collect();
    let raw: Vec<&str> = src.lines().collect();
    let mut out = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        if let Some(name) = declared_fn(line) {
            out.push(Function {
                name: name.to_string(),
                line: n + 1,
                lines: end_line(&lines, n) - n + 1,
                table: marked_as_table(&raw, n),
            });
        }
    }
    out
}

/// Every function over the limit in the workspace: (file relative to the repository, function).
fn long_functions() -> Vec<(String, Function)> {
    let root = repo();
    let mut files = Vec::new();
    for dir in ["src", "crates", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 50, "found {} Rust files", files.len());
    files.sort();
    let mut long = Vec::new();
    for file in files {
        let src = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        let rel = file.strip_prefix(&root).unwrap_or(&file);
        let rel = rel.to_string_lossy().replace('\\', "/");
        for f in functions(&src) {
            if f.lines > LIMIT && !f.table {
                long.push((rel.clone(), f));
            }
        }
    }
    long
}

#[test]
fn no_function_is_over_80_lines() {
    let too_long: Vec<String> = long_functions()
        .iter()
        .map(|(file, f)| format!("{file}:{} fn {}: {} lines", f.line, f.name, f.lines))
        .collect();
    assert!(
        too_long.is_empty(),
        "functions over {LIMIT} lines (split them, or mark a data table with `{DATA_TABLE}`):\n{}",
        too_long.join("\n")
    );
}

#[test]
fn the_scanner_sees_through_strings_comments_and_literals() {
    let src = r##"
pub(crate) const unsafe fn first<'a>(x: &'a str) -> [u8; 2] {
    let s = "}{ fn not_a_fn() {";
    let r = r#"} "still" {"#;
    let c = ('{', '\'', b'}');
    /* } /* nested { */ } */
    // }
    [0; 2]
}

trait T {
    fn declared(&self) -> u32;
}

// fn-length: data table
#[rustfmt::skip]
fn table() -> u32 { 1 }
"##;
    let found = functions(src);
    let summary: Vec<(&str, usize, usize, bool)> = found
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.lines, f.table))
        .collect();
    assert_eq!(
        summary,
        [
            ("first", 2, 8, false),
            ("declared", 12, 1, false),
            ("table", 17, 1, true)
        ]
    );
}
