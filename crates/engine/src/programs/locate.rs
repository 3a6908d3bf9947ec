//! Finding where a value sits in a YAML file.
//!
//! serde_yaml's values carry no positions, so semantic errors found after deserialising
//! (`sets: 0`) are located here by re-reading the text: a small outline parser that understands
//! block mappings and sequences by indentation (flow collections and multi-line scalars are
//! treated as single values). It is best effort: when a path cannot be followed to the end, the
//! deepest part found is returned, so an error always points near its cause.

use crate::error::Location;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index (0-based).
    Index(usize),
}

#[derive(Debug, Clone)]
enum Kind {
    Map(Vec<(String, Location, Node)>),
    Seq(Vec<Node>),
    Scalar,
}

#[derive(Debug, Clone)]
struct Node {
    loc: Location,
    kind: Kind,
}

#[derive(Debug)]
enum TokKind {
    Dash,
    Key {
        key: String,
        value: Option<Location>,
    },
    Scalar,
}

#[derive(Debug)]
struct Tok {
    loc: Location,
    kind: TokKind,
}

/// The location of the value at `path` in `text` (or of its key when the value is a nested
/// block), or of the deepest prefix of `path` that exists. `None` only when nothing matches.
/// (A file's [`Outline`] answers many paths without reading the file again.)
#[cfg(test)]
pub(crate) fn locate(text: &str, path: &[Seg<'_>]) -> Option<Location> {
    Outline::new(text).locate(text, path)
}

/// A file's outline, read once to locate many paths in it (every exercise of a program has
/// its origin).
#[derive(Debug, Clone)]
pub(crate) struct Outline(Option<Node>);

impl Outline {
    /// The outline of `text`.
    pub(crate) fn new(text: &str) -> Outline {
        let toks = tokenize(text);
        let mut pos = 0;
        Outline(parse(&toks, &mut pos, 1))
    }

    /// The location of the value at `path` in `text`, this outline's file (or of its key when
    /// the value is a nested block), or of the deepest prefix of `path` that exists. `None` only
    /// when nothing matches.
    pub(crate) fn locate(&self, text: &str, path: &[Seg<'_>]) -> Option<Location> {
        locate_in(self.0.as_ref()?, text, path)
    }
}

/// [`locate`] from the root `root` of `text`'s outline.
fn locate_in(root: &Node, text: &str, path: &[Seg<'_>]) -> Option<Location> {
    let mut node = root;
    let mut best: Option<Location> = None;
    for seg in path {
        match (seg, &node.kind) {
            (Seg::Key(k), Kind::Map(entries)) => {
                let Some((_, key_loc, value)) = entries.iter().rev().find(|(key, _, _)| key == k)
                else {
                    return best;
                };
                best = Some(match value.kind {
                    Kind::Scalar if value.loc != *key_loc => value.loc,
                    _ => *key_loc,
                });
                node = value;
            }
            (Seg::Index(i), Kind::Seq(items)) => {
                let Some(item) = items.get(*i) else {
                    return best;
                };
                best = Some(item.loc);
                node = item;
            }
            (Seg::Index(i), Kind::Scalar) => return flow_item(text, node.loc, *i).or(best),
            _ => return best,
        }
    }
    best
}

/// The location of item `index` of a one-line flow sequence (`[a, b, c]`) starting at `loc`.
fn flow_item(text: &str, loc: Location, index: usize) -> Option<Location> {
    let line = text.lines().nth(loc.line.checked_sub(1)?)?;
    let chars: Vec<char> = line.chars().collect();
    let start = loc.column.checked_sub(1)?;
    if chars.get(start) != Some(&'[') {
        return None;
    }
    let mut item = 0;
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut at_item_start = true;
    for (col, c) in chars.iter().enumerate().skip(start + 1) {
        if at_item_start && *c != ' ' {
            if item == index && *c != ']' {
                return Some(Location {
                    line: loc.line,
                    column: col + 1,
                });
            }
            at_item_start = false;
        }
        match (quote, *c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(*c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') if depth == 0 => return None,
            (None, ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                item += 1;
                at_item_start = true;
            }
            _ => {}
        }
    }
    None
}

/// The location of the key at the end of `path` (rather than its value).
pub(crate) fn locate_key(text: &str, path: &[Seg<'_>]) -> Option<Location> {
    let toks = tokenize(text);
    let mut pos = 0;
    let root = parse(&toks, &mut pos, 1)?;
    let mut node = &root;
    let mut best = None;
    for seg in path {
        match (seg, &node.kind) {
            (Seg::Key(k), Kind::Map(entries)) => {
                let Some((_, key_loc, value)) = entries.iter().rev().find(|(key, _, _)| key == k)
                else {
                    return best;
                };
                best = Some(*key_loc);
                node = value;
            }
            (Seg::Index(i), Kind::Seq(items)) => {
                let Some(item) = items.get(*i) else {
                    return best;
                };
                best = Some(item.loc);
                node = item;
            }
            _ => return best,
        }
    }
    best
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut block_scalar_indent: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        let trimmed = raw.trim_start_matches(' ');
        let mut col = raw.chars().count() - trimmed.chars().count() + 1;
        if let Some(indent) = block_scalar_indent {
            if trimmed.is_empty() || col > indent {
                continue;
            }
            block_scalar_indent = None;
        }
        if trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with("---")
            || trimmed.starts_with("...")
        {
            continue;
        }
        let mut rest = trimmed;
        loop {
            if rest == "-" || rest.starts_with("- ") {
                toks.push(Tok {
                    loc: Location { line, column: col },
                    kind: TokKind::Dash,
                });
                let after = &rest[1..];
                let content = after.trim_start_matches(' ');
                col += 1 + after.chars().count() - content.chars().count();
                rest = content;
                if rest.is_empty() || rest.starts_with('#') {
                    break;
                }
                continue;
            }
            match split_key(rest) {
                Some((key, value_offset)) => {
                    let value = &rest[value_offset..];
                    let value_trim = value.trim_start_matches(' ');
                    let vcol = col + rest[..value_offset].chars().count() + value.chars().count()
                        - value_trim.chars().count();
                    let has_value = !value_trim.is_empty() && !value_trim.starts_with('#');
                    if has_value && (value_trim.starts_with('|') || value_trim.starts_with('>')) {
                        block_scalar_indent = Some(col);
                    }
                    toks.push(Tok {
                        loc: Location { line, column: col },
                        kind: TokKind::Key {
                            key,
                            value: has_value.then_some(Location { line, column: vcol }),
                        },
                    });
                }
                None => toks.push(Tok {
                    loc: Location { line, column: col },
                    kind: TokKind::Scalar,
                }),
            }
            break;
        }
    }
    toks
}

/// If `s` starts with `key:` (followed by a space or the end), the key and the byte offset just
/// after the colon.
fn split_key(s: &str) -> Option<(String, usize)> {
    let first = s.chars().next()?;
    if matches!(first, '[' | '{' | '|' | '>' | '&' | '*' | '!') {
        return None;
    }
    if first == '"' || first == '\'' {
        let close = s[1..].find(first)? + 1;
        let after = &s[close + 1..];
        let after_trim = after.trim_start_matches(' ');
        let colon = close + 1 + (after.len() - after_trim.len());
        if after_trim.starts_with(':') {
            let next = &s[colon + 1..];
            if next.is_empty() || next.starts_with(' ') {
                return Some((s[1..close].to_string(), colon + 1));
            }
        }
        return None;
    }
    let bytes = s.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
        if *b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            return Some((s[..i].trim_end().to_string(), i + 1));
        }
    }
    None
}

fn parse(toks: &[Tok], pos: &mut usize, min_col: usize) -> Option<Node> {
    let first = toks.get(*pos)?;
    if first.loc.column < min_col {
        return None;
    }
    let col = first.loc.column;
    match &first.kind {
        TokKind::Dash => {
            let mut items = Vec::new();
            while let Some(t) = toks.get(*pos) {
                if !matches!(t.kind, TokKind::Dash) || t.loc.column != col {
                    break;
                }
                *pos += 1;
                let item = parse(toks, pos, col + 1).unwrap_or(Node {
                    loc: t.loc,
                    kind: Kind::Scalar,
                });
                items.push(item);
                skip_deeper(toks, pos, col);
            }
            Some(Node {
                loc: first.loc,
                kind: Kind::Seq(items),
            })
        }
        TokKind::Key { .. } => {
            let mut entries = Vec::new();
            while let Some(t) = toks.get(*pos) {
                let TokKind::Key { key, value } = &t.kind else {
                    break;
                };
                if t.loc.column != col {
                    break;
                }
                *pos += 1;
                let node = match value {
                    Some(v) => Node {
                        loc: *v,
                        kind: Kind::Scalar,
                    },
                    None => match toks.get(*pos) {
                        Some(n) if n.loc.column > col => parse(toks, pos, col + 1),
                        Some(n) if matches!(n.kind, TokKind::Dash) && n.loc.column == col => {
                            parse(toks, pos, col)
                        }
                        _ => None,
                    }
                    .unwrap_or(Node {
                        loc: t.loc,
                        kind: Kind::Scalar,
                    }),
                };
                entries.push((key.clone(), t.loc, node));
                skip_deeper(toks, pos, col);
            }
            Some(Node {
                loc: first.loc,
                kind: Kind::Map(entries),
            })
        }
        TokKind::Scalar => {
            *pos += 1;
            skip_deeper(toks, pos, col);
            Some(Node {
                loc: first.loc,
                kind: Kind::Scalar,
            })
        }
    }
}

/// Skips continuation lines (indented deeper than `col`) that no structure claimed.
fn skip_deeper(toks: &[Tok], pos: &mut usize, col: usize) {
    while toks.get(*pos).is_some_and(|t| t.loc.column > col) {
        *pos += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
name: Test # comment
description: |
  sets: 99
  more text
sessions:
  - name: A
    muscles: [legs, back]
    exercises:
      - exercise: Squat
        sets: 3
      -   exercise: Bench
          sets: 0
blocks:
- name: One
  weeks: 4
\"quoted key\": 1
";

    fn loc(line: usize, column: usize) -> Option<Location> {
        Some(Location { line, column })
    }

    #[test]
    fn finds_nested_values() {
        use Seg::*;
        let p = [
            Key("sessions"),
            Index(0),
            Key("exercises"),
            Index(1),
            Key("sets"),
        ];
        assert_eq!(locate(DOC, &p), loc(12, 17));
        assert_eq!(locate_key(DOC, &p), loc(12, 11));
        let p = [
            Key("sessions"),
            Index(0),
            Key("exercises"),
            Index(0),
            Key("sets"),
        ];
        assert_eq!(locate(DOC, &p), loc(10, 15));
    }

    #[test]
    fn block_scalars_are_skipped() {
        // `sets: 99` inside the description must not be mistaken for a key.
        assert_eq!(locate(DOC, &[Seg::Key("sessions")]), loc(5, 1));
    }

    #[test]
    fn sequences_at_key_indentation_and_quoted_keys() {
        use Seg::*;
        assert_eq!(
            locate(DOC, &[Key("blocks"), Index(0), Key("weeks")]),
            loc(15, 10)
        );
        assert_eq!(locate(DOC, &[Key("quoted key")]), loc(16, 15));
    }

    #[test]
    fn missing_tail_returns_deepest_prefix() {
        use Seg::*;
        assert_eq!(
            locate(DOC, &[Key("sessions"), Index(0), Key("muscles"), Index(1)]),
            loc(7, 21)
        );
        assert_eq!(
            locate(DOC, &[Key("sessions"), Index(0), Key("muscles"), Index(5)]),
            loc(7, 14)
        );
        assert_eq!(locate(DOC, &[Key("sessions"), Index(5)]), loc(5, 1));
        assert_eq!(locate(DOC, &[Key("nothing")]), None);
    }

    #[test]
    fn flow_sequence_items() {
        let text = "days: [mon, \"t, u\", [x, y], thurs]\n";
        let at = |i| locate(text, &[Seg::Key("days"), Seg::Index(i)]);
        assert_eq!(at(0), loc(1, 8));
        assert_eq!(at(1), loc(1, 13));
        assert_eq!(at(2), loc(1, 21));
        assert_eq!(at(3), loc(1, 29));
        // Past the end: the sequence itself.
        assert_eq!(at(4), loc(1, 7));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "",
            "-",
            "- -",
            ":",
            "a:\n  - b:\n -",
            "\"unterminated: x",
            "é: ü\n  ö",
        ] {
            let _ = locate(text, &[Seg::Key("a"), Seg::Index(0)]);
        }
    }
}
