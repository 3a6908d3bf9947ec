//! A bound on what YAML aliases (`*name`) repeat, in bytes of text.
//!
//! The YAML parser bounds the number of alias expansions (a hundred times the document's events:
//! "billion laughs" is refused), but not their size: an alias of a long text copies it whole, so
//! a few kilobytes of `*big` read as gigabytes of strings. Before a text with an alias is parsed
//! into values, [`check`] walks it without keeping anything and counts the bytes of the scalars
//! it reads, aliases expanded; beyond [`budget`] the walk stops with an error at the alias that
//! passed it.

use std::cell::Cell;

/// The most bytes of scalar text a document of `len` bytes may read, aliases expanded: its own
/// text twice over, plus 1 MiB (anchors shared a few times are far below it).
pub(crate) fn budget(len: usize) -> usize {
    len.saturating_mul(2).saturating_add(1 << 20)
}

/// The start of the message when [`check`] fails (the parser appends the location).
pub(crate) const MESSAGE: &str = "aliases (`*name`) repeat too much text";

/// Walks `text` when it may hold an alias; an error (from the parser, with its location) when
/// the scalars it reads pass [`budget`] bytes. Other parse errors are left to the real parse.
pub(crate) fn check(text: &str) -> Result<(), serde_yaml::Error> {
    if !text.contains('*') {
        return Ok(());
    }
    let left = Cell::new(budget(text.len()));
    let message = format!("{MESSAGE}: more than twice the file's size plus 1 MiB");
    // each value costs 1 byte beside its text, as scalars did before
    match crate::size::walk(serde_yaml::Deserializer::from_str(text), &left, 1, &message) {
        Err(e) if e.to_string().contains(MESSAGE) => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_repeated_by_aliases_is_refused_and_plain_anchors_pass() {
        let big = "x".repeat(100_000);
        let list = vec!["*b"; 40].join(", ");
        let bomb = format!("a: &b \"{big}\"\nc: [{list}]\n");
        let e = check(&bomb).expect_err("4 MB from a 100 KB file");
        assert!(e.to_string().contains(MESSAGE), "{e}");
        assert!(e.location().is_some(), "{e}");

        let fine = format!("a: &b \"{big}\"\nc: [*b, *b, *b]\n");
        check(&fine).expect("three copies of 100 KB are within the budget");
        check("a: &x {k: v}\nb: *x\nc: 2 * 3\n").expect("small anchors");
        check("a: [unclosed").expect("syntax errors are left to the parser");
    }
}
