//! How deep a YAML text's flow collections (`[...]`, `{...}`) nest, found before parsing.
//!
//! The YAML parser refuses nesting deeper than 128 levels, but only after scanning the whole
//! text, and its scanner does work for every open flow level at every token: 100,000 `[` took
//! 21 s to refuse. This pass reads the text once, as YAML reads it (quoted scalars, comments,
//! block scalars and plain scalars hide brackets), and stops at the first bracket too deep.
//! Block nesting counts too: `- - - … x` on one line nests a sequence per dash, and walks of the
//! parsed value recurse once per level, so 40,000 dashes overflowed the stack. Block nodes are
//! tracked by their column (a key or a `-`/`?` entry opens a level that lasts while the lines
//! after it are indented more), with a limit of their own beside the flow limit. The block
//! count can fall short of the parser's by an indentless sequence (`key:` then `- x` at the same
//! column) per level, so it bounds real nesting to twice the limit: linear, and far from the
//! stack's end.

/// The deepest flow nesting allowed (the parser's own limit for any nesting).
pub(crate) const MAX_DEPTH: usize = 128;

/// The byte offset of the first `[` or `{` that opens a flow collection deeper than
/// [`MAX_DEPTH`], if there is one.
pub(crate) fn too_deep(text: &str) -> Option<usize> {
    // a text with few brackets and few block indicators cannot nest deeper than it has them
    // (most front matter)
    let open = (text.bytes())
        .filter(|&c| matches!(c, b'[' | b'{' | b'-' | b'?' | b':'))
        .count();
    if open <= MAX_DEPTH {
        return None;
    }
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        depth: 0,
        blocks: Vec::new(),
    };
    s.run()
}

/// Reads a YAML text, tracking the flow depth.
struct Scanner<'a> {
    b: &'a [u8],
    /// The next byte to read.
    i: usize,
    /// Open flow collections.
    depth: usize,
    /// The columns of the open block nodes (keys and `-`/`?` entries), outermost first.
    blocks: Vec<usize>,
}

/// What a block-context line left open for the lines after it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Nothing.
    Nothing,
    /// A block scalar (`|`, `>`) whose content is the lines indented more than this column.
    BlockScalar(usize),
    /// A plain scalar that lines indented more than this column continue.
    Plain(usize),
    /// A plain scalar at the top of the document, which every line continues up to a document
    /// marker.
    TopPlain,
}

fn is_space(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(b'\n')
    }

    /// Whether the byte at `i` ends a token: a space, a tab, a line end or the end of the text.
    fn blank_at(&self, i: usize) -> bool {
        matches!(self.at(i), b' ' | b'\t' | b'\n' | b'\r')
    }

    fn line_end(&self) -> usize {
        memchr_nl(&self.b[self.i..]).map_or(self.b.len(), |n| self.i + n)
    }

    fn run(&mut self) -> Option<usize> {
        let mut open = Open::Nothing;
        while self.i < self.b.len() {
            let end = self.line_end();
            let line = &self.b[self.i..end];
            let indent = line.iter().take_while(|&&c| c == b' ').count();
            let blank = line[indent..].iter().all(|&c| is_space(c) || c == b'\r');
            let marker = self.document_marker(self.i);
            let continues = !marker
                && match open {
                    Open::BlockScalar(n) => blank || indent > n,
                    Open::Plain(n) => blank || (indent > n && line[indent] != b'#'),
                    Open::TopPlain => true,
                    Open::Nothing => false,
                };
            if continues {
                self.i = end + 1;
                continue;
            }
            if marker {
                self.blocks.clear();
            } else if !blank && line[indent] != b'#' {
                // a node at this column or to its right is closed by this line
                while self.blocks.last().is_some_and(|&c| c >= indent) {
                    self.blocks.pop();
                }
            }
            open = match self.block_line(indent) {
                Ok(o) => o,
                Err(at) => return Some(at),
            };
        }
        None
    }

    /// Whether a document marker (`---` or `...` and a space or the line end) begins at `i`, the
    /// start of a line.
    fn document_marker(&self, i: usize) -> bool {
        let rest = &self.b[i..];
        (rest.starts_with(b"---") || rest.starts_with(b"...")) && self.blank_at(i + 3)
    }

    /// The start of the line holding byte `i`.
    fn line_start(&self, i: usize) -> usize {
        self.b[..i]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |n| n + 1)
    }

    /// Reads one block-context line from its first byte (and the flow collections and quoted
    /// scalars that begin on it, over as many lines as they take). `Err` is the offset of a
    /// bracket too deep.
    fn block_line(&mut self, indent: usize) -> Result<Open, usize> {
        let mut start = self.i;
        self.i += indent;
        // the column of the node that owns what follows: a key or a `-` entry on this line
        let mut owner = None;
        // at a place where a node may begin; the column of the last node begun
        let mut node_start = true;
        let mut node_col = indent;
        loop {
            let c = self.at(self.i);
            let col = self.i - start;
            match c {
                b'\n' => {
                    self.i += 1;
                    return Ok(Open::Nothing);
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'#' if col == 0 || is_space(self.at(self.i - 1)) => {
                    self.i = self.line_end();
                }
                b'-' | b'.' if col == 0 && self.document_marker(self.i) => self.i += 3,
                b'-' | b'?' if node_start && self.blank_at(self.i + 1) => {
                    owner = Some(col);
                    self.open_block(col)?;
                    self.i += 1;
                }
                b':' if self.blank_at(self.i + 1) => {
                    // after a key (plain, quoted or a collection): its value comes next
                    owner = Some(node_col);
                    self.open_block(node_col)?;
                    node_start = true;
                    self.i += 1;
                }
                b'[' | b'{' if node_start => {
                    node_col = col;
                    self.flow()?;
                    if self.depth > 0 {
                        return Ok(Open::Nothing);
                    }
                    node_start = false;
                    start = self.line_start(self.i);
                }
                b'"' | b'\'' if node_start => {
                    node_col = col;
                    self.i += 1;
                    self.quoted(c);
                    node_start = false;
                    start = self.line_start(self.i);
                }
                b'|' | b'>' if node_start => {
                    self.i = self.line_end();
                    return Ok(Open::BlockScalar(owner.unwrap_or(indent)));
                }
                b'&' | b'!' if node_start => self.skip_token(),
                _ if node_start => {
                    // a plain scalar: to `: ` if it is a key, else to the end of the line
                    node_col = col;
                    node_start = false;
                    if !self.plain_on_line() {
                        return Ok(match owner {
                            Some(n) => Open::Plain(n),
                            // a scalar alone at the top continues on any line
                            None if indent == 0 => Open::TopPlain,
                            // the value of a key on an earlier line, somewhere to the left:
                            // continued by lines indented at least as much as this one
                            None => Open::Plain(indent - 1),
                        });
                    }
                }
                _ => self.i += 1,
            }
        }
    }

    /// Opens a block node at `col` (closing those at or right of it on this line's deeper
    /// levels is the next line's job); `Err` at the indicator that passes the limit.
    fn open_block(&mut self, col: usize) -> Result<(), usize> {
        if self.blocks.last().is_none_or(|&c| c < col) {
            self.blocks.push(col);
        }
        if self.blocks.len() > MAX_DEPTH {
            return Err(self.i);
        }
        Ok(())
    }

    /// Skips an anchor (`&a`) or a tag (`!t`): to the next space.
    fn skip_token(&mut self) {
        while !self.blank_at(self.i) && self.i < self.b.len() {
            self.i += 1;
        }
    }

    /// Reads a plain scalar to its end on this line: `: ` (it was a key; `true`, at the `:`), a
    /// comment or the line end (`false`, at the line end).
    fn plain_on_line(&mut self) -> bool {
        while self.i < self.b.len() && self.b[self.i] != b'\n' {
            let c = self.b[self.i];
            if c == b':' && self.blank_at(self.i + 1) {
                return true;
            }
            if c == b'#' && is_space(self.b[self.i - 1]) {
                self.i = self.line_end();
                return false;
            }
            self.i += 1;
        }
        false
    }

    /// Reads a quoted scalar after its opening quote `q`, over any number of lines up to a
    /// document marker (which the parser refuses inside one).
    fn quoted(&mut self, q: u8) {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if c == b'\n' && self.document_marker(self.i + 1) {
                self.i += 1;
                return;
            }
            self.i += 1;
            if q == b'"' && c == b'\\' {
                self.i += 1;
            } else if c == q {
                if q == b'\'' && self.at(self.i) == b'\'' {
                    self.i += 1;
                } else {
                    return;
                }
            }
        }
    }

    /// Reads flow collections from the bracket at `i` until the depth is back to 0 (or the text
    /// ends). `Err` is the offset of a bracket too deep.
    fn flow(&mut self) -> Result<(), usize> {
        // a quoted scalar may begin here (after `[`, `{`, `,`, or `: `)
        let mut token_start = true;
        while self.i < self.b.len() {
            let c = self.b[self.i];
            match c {
                b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(self.i);
                    }
                    token_start = true;
                }
                b']' | b'}' => {
                    self.depth = self.depth.saturating_sub(1);
                    token_start = false;
                    if self.depth == 0 {
                        self.i += 1;
                        return Ok(());
                    }
                }
                b',' => token_start = true,
                b'#' if self.i == 0 || matches!(self.b[self.i - 1], b' ' | b'\t' | b'\n') => {
                    self.i = self.line_end();
                    continue;
                }
                b'"' | b'\'' if token_start => {
                    self.i += 1;
                    self.quoted(c);
                    token_start = false;
                    continue;
                }
                b':' => {
                    let after_node =
                        matches!(self.b[..self.i].last(), Some(b'"' | b'\'' | b']' | b'}'));
                    token_start = self.blank_at(self.i + 1) || after_node;
                }
                b' ' | b'\t' | b'\n' | b'\r' => {}
                _ => token_start = false,
            }
            self.i += 1;
        }
        Ok(())
    }
}

/// The offset of the first line break in `b`.
fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'\n')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep(n: usize) -> String {
        "[".repeat(n)
    }

    /// The offset of the bracket that passes the limit in `text`, which has it right after
    /// `before`.
    fn refused_after(before: &str, text: &str) {
        let at = before.len() + MAX_DEPTH;
        assert_eq!(too_deep(text), Some(at), "{text:.80}");
    }

    #[test]
    fn flow_nesting_past_the_limit_is_found_at_its_bracket() {
        for before in ["", "a: ", "- ", "a:\n  b: ", "a: &x !!seq ", "--- ", "? "] {
            refused_after(before, &format!("{before}{}", deep(300)));
            refused_after(
                before,
                &format!("{before}{}", "{a: ".repeat(300).replace("{a: ", "{")),
            );
        }
        let lines = "[\n".repeat(300);
        assert_eq!(too_deep(&format!("a: {lines}")), Some(3 + 2 * MAX_DEPTH));
        let json = "{\"a\":[".repeat(100);
        assert!(too_deep(&json).is_some());
        assert_eq!(too_deep(&format!("a: {}", deep(MAX_DEPTH))), None);
    }

    #[test]
    fn brackets_yaml_does_not_read_as_flow_are_not_counted() {
        let d = deep(300);
        for text in [
            format!("title: a {d}"),
            format!("title: '{d}'"),
            format!("title: \"{d} \\\" {d}\""),
            format!("title: 'it''s {d}'"),
            format!("# {d}\ntitle: x # {d}"),
            format!("notes: |\n  {d}\n  more {d}\nnext: 1"),
            format!("- k: >-\n    {d}\n- j: 2"),
            format!("a: [x, '{d}', \"{d}\"] # {d}"),
            format!("a: b\n  {d}"),
            format!("{d}\n"),
        ] {
            if text.starts_with('[') {
                // a top-level flow is counted: it is a flow
                assert!(too_deep(&text).is_some());
            } else {
                assert_eq!(too_deep(&text), None, "{text:.60}");
            }
        }
    }

    #[test]
    fn what_hides_brackets_ends_where_yaml_ends_it() {
        let d = deep(300);
        // a key after a block scalar, less indented than its content
        assert!(too_deep(&format!("- k: |\n   x\n  j: {d}")).is_some());
        // a plain scalar continued by a line that starts with a quote
        assert!(too_deep(&format!("a: b\n  'x\nc: {d}")).is_some());
        assert!(too_deep(&format!("a:\n  b:\n    v\n  c: {d}")).is_some());
        // a quoted scalar over several lines
        assert!(too_deep(&format!("a: 'one\n  two'\nb: {d}")).is_some());
        // a document marker ends a scalar
        assert!(too_deep(&format!("abc\n'x\n---\n{d}")).is_some());
        // a comment needs a space before it
        assert!(too_deep(&format!("a: [x#y, {d}")).is_some());
    }

    /// A random YAML value nested `depth` flow levels deep at its deepest, with brackets hidden
    /// in quoted scalars and comments along the way; `serde_yaml` checks that it is YAML.
    fn nested(depth: usize, noise: &[u8]) -> String {
        let mut s = String::from("key: ");
        let mut closers = Vec::new();
        for &n in noise.iter().cycle().take(depth) {
            let entry = match n % 5 {
                0 => "'[{ ', ",
                1 => "\"]} [\\\" {\", ",
                2 => "x, # [[[ {{{\n  ",
                _ => "",
            };
            if n % 2 == 0 {
                s.push('[');
                s.push_str(entry);
                closers.push(']');
            } else {
                s.push('{');
                if !entry.is_empty() {
                    s.push_str("n: ");
                    s.push_str(entry);
                }
                s.push_str("k: ");
                closers.push('}');
            }
        }
        s.push('1');
        s.extend(closers.iter().rev());
        s
    }

    #[test]
    fn block_nesting_past_the_limit_is_found_at_its_indicator() {
        // dashes on one line: each opens a sequence
        let dashes = format!("{}x", "- ".repeat(40_000));
        assert_eq!(too_deep(&dashes), Some(2 * MAX_DEPTH));
        // a key then dashes, and dashes over lines indented one more step each
        assert!(too_deep(&format!("weeks:\n  {dashes}")).is_some());
        let stairs: String = (0..300)
            .map(|i| format!("{}- a:\n", "  ".repeat(i)))
            .collect();
        assert!(too_deep(&stairs).is_some());
        let keys: String = (0..300)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(too_deep(&keys).is_some());
        // comment lines between do not reset the count
        let commented: String = (0..300)
            .map(|i| format!("{}- a:\n# note\n", "  ".repeat(i)))
            .collect();
        assert!(too_deep(&commented).is_some());
        // a long but shallow file is fine, and so is nesting at the limit
        let wide: String = (0..5_000)
            .map(|i| format!("k{i}:\n  - - x\n  - y\n"))
            .collect();
        assert_eq!(too_deep(&wide), None);
        let at_limit = format!("{}x", "- ".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&at_limit), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn the_depth_found_is_the_depth_written(
            depth in 1usize..200,
            noise in proptest::collection::vec(0u8..255, 1..16),
        ) {
            let text = nested(depth, &noise);
            // only the brackets of the value nest: those in the noise are quoted or comments
            proptest::prop_assert_eq!(too_deep(&text).is_some(), depth > MAX_DEPTH, "{}", text);
            // (the parser's own limit counts the block mapping around the value too)
            if depth < MAX_DEPTH {
                let v: Result<serde_yaml::Value, _> = serde_yaml::from_str(&text);
                proptest::prop_assert!(v.is_ok(), "{:?}\n{}", v, text);
            }
        }
    }
}
