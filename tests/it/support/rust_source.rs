//! Rust source as the repository checks read it (`fn_length`, `layers`): every `.rs` file of a
//! folder, and a file's text with comments, strings and character literals blanked out, so what
//! is left is code.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, skipping `target` folders.
pub(crate) fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() && p.file_name().is_some_and(|n| n != "target") {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The source text with comments, strings and character literals replaced by spaces (line
/// breaks kept), so braces and `fn` can be found by looking.
pub(crate) fn blank_out(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        let end = literal_or_comment_end(&c, i);
        if end == i {
            out.push(c[i]);
            i += 1;
        } else {
            out.extend(
                c[i..end]
                    .iter()
                    .map(|&x| if x == '\n' { '\n' } else { ' ' }),
            );
            i = end;
        }
    }
    out
}

/// Where a comment, string or character literal starting at `i` ends (`i` when none starts).
fn literal_or_comment_end(c: &[char], i: usize) -> usize {
    let at = |k: usize| c.get(k).copied().unwrap_or('\0');
    let ident_before = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
    match (at(i), at(i + 1)) {
        ('/', '/') => (i..c.len()).find(|&k| c[k] == '\n').unwrap_or(c.len()),
        ('/', '*') => block_comment_end(c, i),
        ('"', _) => string_end(c, i + 1),
        ('r', '"' | '#') if !ident_before => raw_string_end(c, i + 1).unwrap_or(i),
        ('b', 'r') if !ident_before => raw_string_end(c, i + 2).unwrap_or(i),
        ('\'', '\\') => (i + 2..c.len())
            .find(|&k| c[k] == '\'')
            .map_or(c.len(), |k| k + 1),
        ('\'', _) if at(i + 2) == '\'' => i + 3,
        _ => i,
    }
}

fn block_comment_end(c: &[char], i: usize) -> usize {
    let mut depth = 0;
    let mut k = i;
    while k + 1 < c.len() {
        match (c[k], c[k + 1]) {
            ('/', '*') => (depth, k) = (depth + 1, k + 2),
            ('*', '/') => {
                (depth, k) = (depth - 1, k + 2);
                if depth == 0 {
                    return k;
                }
            }
            _ => k += 1,
        }
    }
    c.len()
}

/// The end of a string whose text starts at `k` (after the opening quote).
fn string_end(c: &[char], mut k: usize) -> usize {
    while k < c.len() {
        match c[k] {
            '\\' => k += 2,
            '"' => return k + 1,
            _ => k += 1,
        }
    }
    c.len()
}

/// The end of a raw string whose `#`s or opening quote start at `k`; `None` if it is not one.
fn raw_string_end(c: &[char], k: usize) -> Option<usize> {
    let hashes = c[k..].iter().take_while(|&&x| x == '#').count();
    if c.get(k + hashes) != Some(&'"') {
        return None;
    }
    let close: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let body = k + hashes + 1;
    Some(
        (body..c.len())
            .find(|&j| c[j..].starts_with(&close))
            .map_or(c.len(), |j| j + close.len()),
    )
}
