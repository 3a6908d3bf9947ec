//! Bounds on a Markdown document, checked before it is parsed.
//!
//! pulldown-cmark builds a tree of every block and inline mark of a document before the first
//! event comes out, and deload keeps every event of a page until its HTML is written: about
//! 250 bytes of memory per element. Elements can be one per byte: 16 MB of `[` asked for more
//! than 1.3 GB, 8 MB of `1. 1. 1. ...` (lists nested 2.7 million deep) the same, and a few
//! hundred KB of tables with fewer cells than their header (pulldown-cmark fills each row up to
//! the header's columns) made a hundred million. One pass over the text finds the nesting depth
//! of block quotes and lists and an upper estimate of the elements, and refuses a document over
//! either bound at the place it passes it, before anything is parsed.

/// The deepest nesting of block quotes and list items a document may have.
pub const MAX_NESTING: usize = 128;

/// The most elements (an estimate of the Markdown parser's events, at least half of them) a
/// document may have: plain prose is about two a line, so this is 250,000 lines of it, or a
/// long novel as one page; a page at the bound takes at most 300 MB to build.
pub const MAX_ELEMENTS: usize = 500_000;

/// [`MAX_ELEMENTS`] as the messages write it.
const MAX_ELEMENTS_TEXT: &str = "500,000";

/// Why a document is refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The byte offset in the document where it passes the bound.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
}

/// Checks `source` against [`MAX_NESTING`] and [`MAX_ELEMENTS`]. Returns an upper bound of its
/// [`elements`] estimate.
///
/// The inline marks are first counted over the whole text at once (code blocks included, which
/// only overestimates): one vectorised loop instead of one per line, since this runs on every
/// page of every build. Only a text over the budget that way is read again line by line, to
/// leave code blocks out and find the line that passes it.
pub fn check(source: &str) -> Result<usize, Refusal> {
    let b = source.as_bytes();
    if let Ok(blocks) = lines(b, false) {
        // no byte weighs more than 2: most pages need no count
        if blocks + 2 * b.len() <= MAX_ELEMENTS {
            return Ok(blocks + 2 * b.len());
        }
        let all = blocks + inline_marks(b);
        if all <= MAX_ELEMENTS {
            return Ok(all);
        }
    }
    lines(b, true)
}

/// The estimate of the elements of `source` (within a factor of two of the parser's events, or
/// more), every mark counted, code blocks included; `None` for a text its lines alone refuse
/// (nested too deep, or over the budget).
pub fn elements(source: &str) -> Option<usize> {
    let b = source.as_bytes();
    let blocks = lines(b, false).ok()?;
    Some(blocks + inline_marks(b))
}

/// Reads `b` line by line; counts inline marks only with `marks`. Returns the elements.
fn lines(b: &[u8], marks: bool) -> Result<usize, Refusal> {
    let mut state = State {
        marks,
        ..State::default()
    };
    // lines end at `\n`, `\r\n` or a lone `\r`, as the parser reads them mostly (not in an
    // HTML block, which is why no code block begins after a lone `\r` here); a line ending in
    // `\r\n` keeps its `\r`, which the line's checks take as a space
    let lone_cr = memchr::memchr_iter(b'\r', b).any(|i| b.get(i + 1) != Some(&b'\n'));
    if !lone_cr {
        let mut start = 0;
        for end in memchr::memchr_iter(b'\n', b) {
            state.visit(b, start, end)?;
            start = end + 1;
        }
        if start < b.len() {
            state.visit(b, start, b.len())?;
        }
        return Ok(state.elements);
    }
    let mut start = 0;
    while start < b.len() {
        let end = memchr::memchr2(b'\n', b'\r', &b[start..]).map_or(b.len(), |n| start + n);
        state.line(b, start, end)?;
        let crlf = b[end..].starts_with(b"\r\n");
        state.after_cr = !crlf && b.get(end) == Some(&b'\r');
        start = end + if crlf { 2 } else { 1 };
    }
    Ok(state.elements)
}

/// What the pass knows between lines.
#[derive(Default)]
struct State {
    /// Elements so far.
    elements: usize,
    /// Inside a fenced code block: its fence.
    fence: Option<Fence>,
    /// Inside a table: its columns (every row gets as many cells).
    table: Option<usize>,
    /// Whether the previous line had text.
    prev_text: bool,
    /// Whether this line follows a lone `\r`.
    after_cr: bool,
    /// Whether inline marks are counted (else only blocks).
    marks: bool,
}

impl State {
    /// Takes in the line `b[start..end]`, quickly when it is prose or empty.
    fn visit(&mut self, b: &[u8], start: usize, end: usize) -> Result<(), Refusal> {
        if !self.plain_line() {
            return self.line(b, start, end);
        }
        let Some(&first) = b.get(start).filter(|_| start < end) else {
            // an empty line: it ends a table, and nothing else
            self.elements += 2;
            if self.fence.is_none() {
                self.table = None;
                self.prev_text = false;
            }
            return self.within_budget(start);
        };
        if first.is_ascii_alphabetic() {
            // most lines of prose: no container, no fence, no delimiter row; their inline
            // marks are counted over the whole text
            self.elements += 2;
            if self.fence.is_none() {
                self.elements += self.table.map_or(0, |cols| 2 + 3 * cols);
                self.prev_text = true;
            }
            return self.within_budget(start);
        }
        self.line(b, start, end)
    }

    /// Takes in the line `b[start..end]`.
    fn line(&mut self, b: &[u8], start: usize, end: usize) -> Result<(), Refusal> {
        let line = &b[start..end];
        if line.first().is_some_and(u8::is_ascii_alphabetic) && self.plain_line() {
            // most lines of prose: no container, no fence, no delimiter row
            self.elements += 2;
            if self.fence.is_none() {
                self.elements += self.table.map_or(0, |cols| 2 + 3 * cols);
                if self.marks {
                    self.elements += inline_marks(line);
                }
                self.prev_text = true;
            }
            return self.within_budget(start);
        }
        let c = containers(line);
        // a line is at least its text and its line break; an opened container, a start and an
        // end of the container and of its paragraph
        self.elements += 2 + 4 * c.markers;
        let rest = &line[c.content..];
        if let Some(open) = self.fence {
            // when in doubt the code block ends: its lines are then counted as Markdown, which
            // only overestimates
            let inside = c.markers >= open.markers && c.indent >= open.indent;
            let closes =
                fence(rest).is_some_and(|(ch, len, bare)| ch == open.ch && len >= open.len && bare);
            if inside && !closes {
                return self.within_budget(start);
            }
            self.fence = None;
            if closes {
                return self.within_budget(start);
            }
        }
        if c.depth > MAX_NESTING {
            return Err(Refusal {
                offset: start + c.deepest,
                message: format!(
                    "block quotes and lists nest deeper than deload's limit of {MAX_NESTING} levels here"
                ),
                hint: "nest fewer quotes or lists; to show the characters themselves, put them in a code block or escape them with `\\`",
            });
        }
        // a fence indented four columns or more is the text of an indented code block
        if let Some((ch, len, _)) = fence(rest).filter(|_| c.pad < 4 && !self.after_cr) {
            self.fence = Some(Fence {
                ch,
                len,
                indent: c.indent,
                markers: c.markers,
            });
            self.table = None;
            return self.within_budget(start);
        }
        let blank = rest.iter().all(|&x| x == b' ' || x == b'\t' || x == b'\r');
        if blank {
            self.table = None;
        } else if let Some(cols) = self.table {
            // a row: its start and end, and a start, an end and text for every cell
            self.elements += 2 + 3 * cols;
        } else if self.prev_text {
            self.table = delimiter_row(rest);
        }
        self.prev_text = !blank;
        if self.marks {
            self.elements += inline_marks(rest);
        }
        self.within_budget(start)
    }

    /// Whether an empty line or one that begins with a letter needs no more than counting:
    /// outside a code block, or in one that such a line does not end (one not inside a
    /// container).
    fn plain_line(&self) -> bool {
        self.fence.is_none_or(|f| f.markers == 0 && f.indent == 0)
    }

    fn within_budget(&self, line_start: usize) -> Result<(), Refusal> {
        if self.elements <= MAX_ELEMENTS {
            return Ok(());
        }
        Err(Refusal {
            offset: line_start,
            message: format!(
                "this page has more Markdown elements than deload's limit of {MAX_ELEMENTS_TEXT} (counting lines, list items, table cells, links, emphasis and quote marks); the count passes it on this line"
            ),
            hint: "split the page into several pages; text that is not meant as Markdown can go in a fenced code block",
        })
    }
}

/// The fence of a code block being read.
#[derive(Clone, Copy)]
struct Fence {
    /// `` ` `` or `~`.
    ch: u8,
    /// How many.
    len: usize,
    /// The columns before its line's first marker: a line indented less ends the code block
    /// (it ends the list item holding it).
    indent: usize,
    /// Block quote and list markers before it: a line with fewer ends the code block.
    markers: usize,
}

/// The block containers that open a line.
struct Containers {
    /// Nesting estimate: the containers the indentation continues (at least two columns each)
    /// and the markers on the line.
    depth: usize,
    /// Block quote and list markers on the line.
    markers: usize,
    /// Where the content after them begins.
    content: usize,
    /// The columns before the first marker (or the content).
    indent: usize,
    /// The columns between the last marker (its one required space not counted), or the line
    /// start, and the content.
    pad: usize,
    /// Where the depth first passed [`MAX_NESTING`] (meaningful only when it did).
    deepest: usize,
}

fn containers(line: &[u8]) -> Containers {
    let mut i = 0;
    let mut columns = 0;
    while let Some(&c) = line.get(i) {
        match c {
            b' ' => columns += 1,
            b'\t' => columns += 4,
            _ => break,
        }
        i += 1;
    }
    let mut c = Containers {
        depth: columns / 2,
        markers: 0,
        content: i,
        indent: columns,
        pad: columns,
        deepest: 0,
    };
    while let Some(width) = marker(&line[i..]) {
        c.markers += 1;
        c.depth += 1;
        if c.depth == MAX_NESTING + 1 {
            c.deepest = i;
        }
        i += width;
        let space: usize = (line[i..].iter())
            .take_while(|&&x| x == b' ' || x == b'\t')
            .map(|&x| if x == b'\t' { 4 } else { 1 })
            .sum();
        i += line[i..]
            .iter()
            .take_while(|&&x| x == b' ' || x == b'\t')
            .count();
        c.content = i;
        c.pad = space.saturating_sub(1);
    }
    c
}

/// The width of a block quote or list marker at the start of `s` (`>`, `-`, `+`, `*`, or up to
/// nine digits and `.` or `)`, a list marker followed by a space, a tab or the line end).
fn marker(s: &[u8]) -> Option<usize> {
    let spaced = |i: usize| matches!(s.get(i), None | Some(b' ' | b'\t' | b'\r'));
    match s.first()? {
        b'>' => Some(1),
        b'-' | b'+' | b'*' if spaced(1) => Some(1),
        b'0'..=b'9' => {
            let digits = s.iter().take(10).take_while(|c| c.is_ascii_digit()).count();
            let width = digits + 1;
            (digits <= 9 && matches!(s.get(digits), Some(b'.' | b')')) && spaced(width))
                .then_some(width)
        }
        _ => None,
    }
}

/// A code fence at the start of `s`: its character, its length, and whether nothing but spaces
/// follows it (only such a fence closes a block).
fn fence(s: &[u8]) -> Option<(u8, usize, bool)> {
    let ch = *s.first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = s.iter().take_while(|&&c| c == ch).count();
    let bare = s[len..]
        .iter()
        .all(|&c| c == b' ' || c == b'\t' || c == b'\r');
    (len >= 3).then_some((ch, len, bare))
}

/// The columns of a table delimiter row (`| --- | :-: |`), if `s` is one.
fn delimiter_row(s: &[u8]) -> Option<usize> {
    let only = s
        .iter()
        .all(|c| matches!(c, b'|' | b'-' | b':' | b' ' | b'\t' | b'\r'));
    if !only || !s.contains(&b'-') || !s.contains(&b'|') {
        return None;
    }
    let cells = s
        .split(|&c| c == b'|')
        .filter(|cell| cell.contains(&b'-'))
        .count();
    Some(cells)
}

/// Inline elements `s` may make: the [`weight`] of its bytes. Written as a sum of comparisons
/// over chunks, which the compiler turns into vector instructions: this pass runs over every
/// page of a build.
fn inline_marks(s: &[u8]) -> usize {
    // 64 bytes of weight at most 2 sum within a `u8`
    let mut n = 0;
    let mut chunks = s.chunks_exact(64);
    for chunk in &mut chunks {
        let w = chunk.iter().fold(0u8, |a, &c| a.wrapping_add(weight(c)));
        n += usize::from(w);
    }
    n + chunks
        .remainder()
        .iter()
        .map(|&c| usize::from(weight(c)))
        .sum::<usize>()
}

/// Elements the parser may make of the byte `c`, counted so that the estimate is at least half
/// the parser's events: two for any byte that can be or begin a mark (an image's `!`, link
/// brackets, `_` emphasis, strikethrough, code spans, escapes, entities, smart quotes, table
/// pipes, autolinks: a start, text or an end, and the text it splits off), one for `*` (a pair
/// of which makes an emphasis's start, text and end), `-` and `.` (smart punctuation makes
/// dashes of `--` and ellipses of `...`). The ranges also take in `#`, `$`, `%`, `^`, `{`, `}`,
/// `+` and `,`, so the test is a few range checks. At most 2.
fn weight(c: u8) -> u8 {
    let mark = (c.wrapping_sub(b'!') < 7) // ! " # $ % & '
        | (c == b'<')
        | (c.wrapping_sub(b'[') < 6) // [ \ ] ^ _ `
        | (c.wrapping_sub(b'{') < 4); // { | } ~
    // * + , - .: emphasis, and the dashes and ellipses of smart punctuation
    let punct = c.wrapping_sub(b'*') < 5;
    2 * u8::from(mark) + u8::from(punct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_from_markers_and_indentation() {
        assert!(check(&"> ".repeat(MAX_NESTING)).is_ok());
        let r = check(&format!("text\n{}", "> ".repeat(MAX_NESTING + 1))).unwrap_err();
        assert_eq!(r.offset, 5 + 2 * MAX_NESTING);
        let r = check(&"1. ".repeat(1000)).unwrap_err();
        assert_eq!(r.offset, 3 * MAX_NESTING);
        assert!(check(&"1) - * + ".repeat(40)).is_err());
        // indentation continues lists: two columns a level at least
        let deep = format!("{}- x\n", " ".repeat(2 * MAX_NESTING));
        assert_eq!(check(&deep).map_err(|r| r.offset), Err(2 * MAX_NESTING));
    }

    #[test]
    fn code_blocks_are_not_markdown() {
        let quoted = "> ".repeat(200);
        let brackets = "[".repeat(MAX_ELEMENTS);
        for fence in ["```", "~~~~", "> ```"] {
            let close = fence.trim_start_matches("> ");
            let (quoted, brackets) = if fence.starts_with('>') {
                (format!("> {quoted}"), format!("> {brackets}"))
            } else {
                (quoted.clone(), brackets.clone())
            };
            let text = format!("{fence}\n{quoted}\n{brackets}\n{close}\n");
            assert!(check(&text).is_ok(), "{fence}");
            // a shorter or different fence does not close it
            let text = format!("{fence}rust\n``\n~~~~~x\n{quoted}\n{close}\n");
            assert!(check(&text).is_ok(), "{fence}");
        }
        assert!(check(&format!("```\n```\n{quoted}")).is_err());
        // a line without the block quote's marker ends the quote and its code block
        assert!(check(&format!("> ```\n{brackets}")).is_err());
    }

    #[test]
    fn every_row_of_a_table_costs_its_header_columns() {
        // pulldown-cmark fills every row up to the header's columns
        let table = |cols: usize, rows: usize| {
            format!(
                "{}|\n{}|\n{}\n",
                "|a".repeat(cols),
                "|-".repeat(cols),
                "a\n".repeat(rows)
            )
        };
        assert!(check(&table(4, 1000)).is_ok());
        let bomb = table(362, 724).repeat(10);
        let r = check(&bomb).unwrap_err();
        assert!(r.offset < table(362, 724).len() * 2, "{r:?}");
        // a blank line ends a table
        assert!(check(&format!("{}\n{}", table(362, 0), "a\n".repeat(2000))).is_ok());
    }

    #[test]
    fn special_bytes_count_and_plain_prose_is_cheap() {
        assert!(check(&"[".repeat(MAX_ELEMENTS)).is_err());
        assert!(check(&"-".repeat(MAX_ELEMENTS + 2)).is_err());
        assert!(check(&"abc ".repeat(MAX_ELEMENTS)).is_ok());
        let prose = "Sleep is when *most* of the repair happens (see [sleep](@/sleep.md)).\n";
        assert!(check(&prose.repeat(50_000)).is_ok());
    }

    #[test]
    fn the_shipped_content_is_far_within_the_bounds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
        let mut checked = 0;
        for (_, path) in crate::fs::walk_tree(&root, true).files {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let mut state = State {
                marks: true,
                ..State::default()
            };
            let mut start = 0;
            while start < text.len() {
                let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
                let line = state.line(text.as_bytes(), start, end);
                assert!(line.is_ok(), "{}: {line:?}", path.display());
                let depth = containers(&text.as_bytes()[start..end]).depth;
                assert!(depth <= 8, "{}: depth {depth}", path.display());
                start = end + 1;
            }
            assert!(state.elements < MAX_ELEMENTS / 100, "{}", path.display());
            checked += 1;
        }
        assert!(checked > 10, "{checked} pages");
    }

    #[test]
    fn the_whole_text_count_is_the_sum_of_the_bytes() {
        let text = "a--b...c [x](y) *e* <z> `q` \"s\" 'o' |t| ~~u~~ &amp; \\x ___ \n".repeat(37);
        for cut in [0, 1, 63, 64, 65, 127, 128, 129, 500, text.len()] {
            let s = &text.as_bytes()[..cut];
            let by_byte: usize = s.iter().map(|&c| usize::from(weight(c))).sum();
            assert_eq!(inline_marks(s), by_byte, "{cut}");
        }
        assert_eq!(weight(b'a'), 0);
        assert_eq!(weight(b'['), 2);
        assert_eq!(weight(b'<'), 2);
        assert!((0..=255).all(|c| weight(c) <= 2));
        assert_eq!(weight(b'.'), 1);
        assert_eq!(weight(b'*'), 1);
        assert_eq!(weight(b'>'), 0);
        // the exact pass leaves code blocks out; the first pass does not, and is never lower
        let code = format!("```\n{}\n```\n", "[".repeat(MAX_ELEMENTS));
        assert!(check(&code).is_ok());
    }
}
