//! Finding shortcode calls in Markdown: `{{ name(key=value, ...) }}`, `{% name(...) %}` ...
//! `{% end %}`, the literal forms `{{/* ... */}}` and `{%/* ... */%}`, and text that looks like
//! another generator's template syntax (`{{< ... >}}`, `{% include ... %}`). Code spans and code
//! blocks are skipped: what is in them is always shown as written.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// A shortcode argument's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    /// `"text"` or `'text'`.
    Text(String),
    /// `3`, `-1.5`.
    Number(f64),
    /// `true`, `false`.
    Bool(bool),
    /// `[a, b]`.
    List(Vec<Arg>),
}

impl Arg {
    /// The value as a template value.
    pub(crate) fn to_value(&self) -> tera::Value {
        match self {
            Arg::Text(s) => tera::Value::from(s.as_str()),
            Arg::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => tera::Value::from(*n as i64),
            Arg::Number(n) => tera::Value::from(*n),
            Arg::Bool(b) => tera::Value::from(*b),
            Arg::List(l) => tera::Value::from(l.iter().map(Arg::to_value).collect::<Vec<_>>()),
        }
    }

    /// What kind of value it is, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Arg::Text(_) => "text",
            Arg::Number(_) => "a number",
            Arg::Bool(_) => "yes/no",
            Arg::List(_) => "a list",
        }
    }
}

/// One thing found in the source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Found {
    /// `{{ name(args) }}` over `span`.
    Inline {
        name: String,
        args: Vec<(String, Arg)>,
        span: Range<usize>,
    },
    /// `{% name(args) %}` over `span`.
    Open {
        name: String,
        args: Vec<(String, Arg)>,
        span: Range<usize>,
    },
    /// `{% end %}` over `span`.
    End { span: Range<usize> },
    /// `{{/* x */}}` over `span`, shown as `{{ x }}` (`text`).
    Literal { text: String, span: Range<usize> },
    /// Another generator's syntax at `at` (`{{<`, `{% include`), left as written.
    Foreign { what: String, at: usize },
    /// A call that does not parse, at `at`.
    Broken {
        message: String,
        hint: String,
        at: usize,
    },
}

/// Where the scan of `source` found something: the byte span of each call, `{% end %}` and
/// literal, and the offset (as an empty span) of each foreign tag and broken call, in order.
/// Spans never overlap and lie inside `source`; for the fuzz target, which checks that.
pub fn spans(source: &str) -> Vec<Range<usize>> {
    (scan(source).into_iter())
        .map(|f| match f {
            Found::Inline { span, .. }
            | Found::Open { span, .. }
            | Found::End { span }
            | Found::Literal { span, .. } => span,
            Found::Foreign { at, .. } | Found::Broken { at, .. } => at..at,
        })
        .collect()
}

/// Whether `source` may hold anything this module looks for (a quick byte search, so pages
/// without `{{` or `{%` pay nothing more).
pub(crate) fn may_have_calls(source: &str) -> bool {
    memchr::memmem::find(source.as_bytes(), b"{{").is_some()
        || memchr::memmem::find(source.as_bytes(), b"{%").is_some()
}

/// The byte ranges of code spans and code blocks in `source`.
fn code_ranges(source: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, Options::empty()).into_offset_iter() {
        match event {
            Event::Code(_) => out.push(range),
            Event::Start(Tag::CodeBlock(_)) => block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block.take() {
                    out.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    out
}

/// Everything found in `source`, in order.
///
/// The scan is linear in `source`: each byte is looked at a bounded number of times (the code
/// ranges are searched by bisection, the end of a line and the end of a `/* */` literal are each
/// found once however many calls wait for them, and a call's arguments are read once).
pub(crate) fn scan(source: &str) -> Vec<Found> {
    let mut code = code_ranges(source);
    code.sort_unstable_by_key(|r| r.start);
    let in_code = |i: usize| {
        let k = code.partition_point(|r| r.start <= i);
        k > 0 && code[k - 1].contains(&i)
    };
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = source.as_bytes();
    let mut memo = Memo::default();
    while let Some(j) = memchr::memchr(b'{', &bytes[i..]) {
        let at = i + j;
        step(j + 1);
        let next = bytes.get(at + 1).copied();
        if !matches!(next, Some(b'{' | b'%')) || in_code(at) {
            i = at + 1;
            continue;
        }
        match scan_at(source, at, &mut memo) {
            Some(found) => {
                i = match &found {
                    Found::Inline { span, .. }
                    | Found::Open { span, .. }
                    | Found::End { span }
                    | Found::Literal { span, .. } => span.end,
                    // a broken call's offset may be its text's end (an unclosed list)
                    Found::Foreign { at, .. } | Found::Broken { at, .. } => {
                        (at + 2).min(source.len())
                    }
                };
                out.push(found);
            }
            None => i = at + 2,
        }
    }
    out
}

/// What the scan has searched ahead for, so that no search runs over the same text twice.
#[derive(Default)]
struct Memo {
    /// Per kind (`}}`, `%}`): the position from which no `*/` + close was found, and where the
    /// last one found was.
    literal_end: [(Option<usize>, Option<usize>); 2],
    /// The current line: its start and end.
    line: Option<(usize, usize)>,
}

impl Memo {
    /// The end of `*/{close}` after `from` (its start), if there is one.
    fn literal_end(&mut self, source: &str, from: usize, block: bool) -> Option<usize> {
        let close = if block { "*/%}" } else { "*/}}" };
        let (none_from, found) = &mut self.literal_end[usize::from(block)];
        if none_from.is_some_and(|n| n <= from) {
            return None;
        }
        if let Some(f) = *found
            && f >= from
        {
            return Some(f);
        }
        match memchr::memmem::find(&source.as_bytes()[from..], close.as_bytes()) {
            Some(k) => {
                step(k);
                *found = Some(from + k);
                Some(from + k)
            }
            None => {
                step(source.len() - from);
                *none_from = Some(from);
                None
            }
        }
    }

    /// The line holding byte `at`, from `at` to its end.
    fn line_from<'s>(&mut self, source: &'s str, at: usize) -> &'s str {
        let end = match self.line {
            Some((start, end)) if start <= at && at <= end => end,
            _ => {
                let end = memchr::memchr(b'\n', &source.as_bytes()[at..])
                    .map_or(source.len(), |k| at + k);
                step(end - at);
                self.line = Some((at, end));
                end
            }
        };
        &source[at..end]
    }
}

/// What starts at `at` (`{{` or `{%`), if anything.
fn scan_at(source: &str, at: usize, memo: &mut Memo) -> Option<Found> {
    let block = source.as_bytes()[at + 1] == b'%';
    let close = if block { "%}" } else { "}}" };
    let rest = &source[at + 2..];
    if let Some(inner) = rest.strip_prefix("/*") {
        let end = memo.literal_end(source, at + 4, block)? - (at + 4);
        let open = if block { "{%" } else { "{{" };
        let text = format!("{open}{}{close}", &inner[..end]);
        return Some(Found::Literal {
            text,
            span: at..at + 2 + 2 + end + 2 + close.len(),
        });
    }
    if rest.starts_with(['<', '%']) {
        let what = memo.line_from(source, at).chars().take(40).collect();
        return Some(Found::Foreign { what, at });
    }
    let body = rest.trim_start();
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let name = &body[..name_len];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let after_name = &body[name_len..];
    let name_at = at + 2 + (rest.len() - body.len());
    if block && name == "end" {
        let tail = after_name.trim_start().strip_prefix(close)?;
        return Some(Found::End {
            span: at..source.len() - tail.len(),
        });
    }
    let Some(args_text) = after_name.trim_start().strip_prefix('(') else {
        // `{% include x %}`, `{{ site.title }}`: another generator's, when it is closed on its line
        let line = memo.line_from(source, at);
        let closed = memchr::memmem::find(line.as_bytes(), close.as_bytes()).is_some();
        return closed.then(|| Found::Foreign {
            what: line.chars().take(40).collect(),
            at,
        });
    };
    let args_at = source.len() - args_text.len();
    Some(call(source, name, name_at, args_at, block, at))
}

/// A call of `name` whose arguments start at `args_at` (after the `(`).
fn call(source: &str, name: &str, name_at: usize, args_at: usize, block: bool, at: usize) -> Found {
    let close = if block { "%}" } else { "}}" };
    let mut p = ArgParser {
        src: source,
        pos: args_at,
    };
    let args = match p.args() {
        Ok(a) => a,
        Err((message, pos)) => {
            return Found::Broken {
                message: format!("shortcode `{name}`: {message}"),
                hint: "write arguments as `key=value`: text in quotes, numbers, true/false, lists in [...]".into(),
                at: pos,
            };
        }
    };
    p.skip_space();
    if !source[p.pos..].starts_with(close) {
        return Found::Broken {
            message: format!("shortcode `{name}` is not closed with `{close}`"),
            hint: format!("end the call with `{close}`"),
            at: name_at,
        };
    }
    let span = at..p.pos + close.len();
    let name = name.to_string();
    if block {
        Found::Open { name, args, span }
    } else {
        Found::Inline { name, args, span }
    }
}

#[cfg(test)]
thread_local! {
    /// Steps taken by this thread's scans (bytes looked at, arguments read), for the tests that
    /// bound the scan's cost by its work rather than by time.
    pub(crate) static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts `n` steps of work (only in tests).
#[inline]
pub(crate) fn step(n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + n));
    #[cfg(not(test))]
    let _ = n;
}

/// Reads `key=value, ...)` from `src` at `pos`.
struct ArgParser<'a> {
    src: &'a str,
    pos: usize,
}

type ArgError = (String, usize);

impl ArgParser<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn skip_space(&mut self) {
        let r = self.rest();
        self.pos += r.len() - r.trim_start().len();
    }

    /// The arguments up to and including the closing `)`.
    fn args(&mut self) -> Result<Vec<(String, Arg)>, ArgError> {
        let mut args: Vec<(String, Arg)> = Vec::new();
        let mut keys: std::collections::HashSet<String> = std::collections::HashSet::new();
        loop {
            step(1);
            self.skip_space();
            if let Some(r) = self.rest().strip_prefix(')') {
                self.pos = self.src.len() - r.len();
                return Ok(args);
            }
            if !args.is_empty() {
                let Some(r) = self.rest().strip_prefix(',') else {
                    return Err(("expected `,` or `)` between arguments".into(), self.pos));
                };
                self.pos = self.src.len() - r.len();
                self.skip_space();
                if let Some(r) = self.rest().strip_prefix(')') {
                    self.pos = self.src.len() - r.len();
                    return Ok(args);
                }
            }
            let key_at = self.pos;
            let key_len = self
                .rest()
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(0);
            if key_len == 0 {
                return Err(("expected an argument name".into(), self.pos));
            }
            let key = self.rest()[..key_len].to_string();
            self.pos += key_len;
            self.skip_space();
            let Some(r) = self.rest().strip_prefix('=') else {
                return Err((format!("expected `=` after `{key}`"), self.pos));
            };
            self.pos = self.src.len() - r.len();
            self.skip_space();
            let value = self.value(0)?;
            if !keys.insert(key.clone()) {
                return Err((format!("`{key}` is given twice"), key_at));
            }
            args.push((key, value));
        }
    }

    /// One value; `depth` counts the lists it is in.
    fn value(&mut self, depth: usize) -> Result<Arg, ArgError> {
        let r = self.rest();
        match r.chars().next() {
            Some(q @ ('"' | '\'')) => self.text(q),
            Some('[') if depth < 8 => self.list(depth),
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let len = r
                    .find(|c: char| {
                        !(c.is_ascii_digit() || matches!(c, '.' | '-' | 'e' | 'E' | '+'))
                    })
                    .unwrap_or(r.len());
                let n = r[..len]
                    .parse::<f64>()
                    .map_err(|_| (format!("`{}` is not a number", &r[..len]), self.pos))?;
                self.pos += len;
                Ok(Arg::Number(n))
            }
            _ if r.starts_with("true") => {
                self.pos += 4;
                Ok(Arg::Bool(true))
            }
            _ if r.starts_with("false") => {
                self.pos += 5;
                Ok(Arg::Bool(false))
            }
            _ => Err((
                "expected a value: text in quotes, a number, true, false or a list".into(),
                self.pos,
            )),
        }
    }

    /// A quoted text (`\"`, `\\`, `\n` escapes).
    fn text(&mut self, quote: char) -> Result<Arg, ArgError> {
        let start = self.pos;
        let mut out = String::new();
        let mut chars = self.rest()[1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, e)) => out.push(e),
                    None => break,
                },
                c if c == quote => {
                    self.pos += 1 + i + c.len_utf8();
                    return Ok(Arg::Text(out));
                }
                c => out.push(c),
            }
        }
        Err(("the text is not closed with its quote".into(), start))
    }

    /// `[value, ...]`.
    fn list(&mut self, depth: usize) -> Result<Arg, ArgError> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if let Some(r) = self.rest().strip_prefix(']') {
                self.pos = self.src.len() - r.len();
                return Ok(Arg::List(items));
            }
            if !items.is_empty() {
                let Some(r) = self.rest().strip_prefix(',') else {
                    return Err(("expected `,` or `]` in the list".into(), self.pos));
                };
                self.pos = self.src.len() - r.len();
                self.skip_space();
                if let Some(r) = self.rest().strip_prefix(']') {
                    self.pos = self.src.len() - r.len();
                    return Ok(Arg::List(items));
                }
            }
            items.push(self.value(depth + 1)?);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The steps `scan` takes on `source`.
    fn steps(source: &str) -> (usize, Vec<Found>) {
        STEPS.with(|s| s.set(0));
        let found = scan(source);
        (STEPS.with(std::cell::Cell::get), found)
    }

    /// Found by the fuzz target: a call broken at the very end of the text (an unclosed list)
    /// once moved the scan past the text's end.
    #[test]
    fn a_call_broken_at_the_end_of_the_text_ends_the_scan() {
        for text in [
            "{{ note(a=1, b=\"x\", c=[1",
            "{{ x(a=",
            "{% y(",
            "{{ z(a=[[[",
        ] {
            let (_, found) = steps(text);
            assert!(
                matches!(found.last(), Some(Found::Broken { at, .. }) if *at <= text.len()),
                "{text}"
            );
        }
    }

    /// Hostile inputs cost a bounded number of steps per byte: no part of the text is searched
    /// again for each call that waits on it.
    #[test]
    fn the_scan_is_linear_in_its_input() {
        let args: String = (0..300_000).map(|i| format!("a{i}=1, ")).collect();
        let nested = "{% note() %}\n".repeat(20_000) + &"{% end %}\n".repeat(20_000);
        let cases = [
            format!("{{{{ note({args}b=2) }}}}"),
            nested,
            // one line of calls that are never closed, unclosed literals, and foreign tags
            "{{ x ".repeat(100_000),
            "{{/* a ".repeat(100_000),
            "{% if x ".repeat(100_000),
            "{{< ref >}} ".repeat(100_000),
        ];
        for source in &cases {
            let (steps, _) = steps(source);
            assert!(
                steps <= 4 * source.len(),
                "{} steps for {} bytes in {:.40}",
                steps,
                source.len(),
                source
            );
        }
        let (_, found) = steps(&cases[0]);
        assert!(matches!(&found[0], Found::Inline { args, .. } if args.len() == 300_001));
        // a duplicate key among many is still found, at its place
        let dup = format!("{{{{ note({args}a7=2) }}}}");
        let (_, found) = steps(&dup);
        assert!(
            matches!(&found[0], Found::Broken { message, .. } if message.contains("`a7` is given twice"))
        );
    }

    #[test]
    fn calls_with_typed_arguments() {
        let src = "A {{ figure(src=\"a.png\", alt='A \\\"b\\\"', width=300, big=true, tags=[1, \"x\", [false]]) }} b";
        let found = scan(src);
        let [Found::Inline { name, args, span }] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert_eq!(name, "figure");
        assert_eq!(&src[span.clone()], &src[2..src.len() - 2]);
        assert_eq!(args[0], ("src".into(), Arg::Text("a.png".into())));
        assert_eq!(args[1], ("alt".into(), Arg::Text("A \"b\"".into())));
        assert_eq!(args[2], ("width".into(), Arg::Number(300.0)));
        assert_eq!(args[3], ("big".into(), Arg::Bool(true)));
        let list = Arg::List(vec![
            Arg::Number(1.0),
            Arg::Text("x".into()),
            Arg::List(vec![Arg::Bool(false)]),
        ]);
        assert_eq!(args[4], ("tags".into(), list));
    }

    #[test]
    fn bodies_literals_code_and_other_generators() {
        let src = "{% note(title=\"Hi\") %}\nBody\n{% end %}\n`{{ x() }}`\n\n```\n{{ y() }}\n```\n{{/* figure(src=\"a\") */}} {{< hugo >}} {% include a.html %} {{ site.url }}\n";
        let found = scan(src);
        assert!(
            matches!(&found[0], Found::Open { name, .. } if name == "note"),
            "{found:?}"
        );
        assert!(matches!(&found[1], Found::End { .. }), "{found:?}");
        assert!(
            matches!(&found[2], Found::Literal { text, .. } if text == "{{ figure(src=\"a\") }}"),
            "{found:?}"
        );
        let foreign = found
            .iter()
            .filter(|f| matches!(f, Found::Foreign { .. }))
            .count();
        assert_eq!(foreign, 3, "{found:?}");
        assert_eq!(found.len(), 6, "code is skipped: {found:?}");
    }

    #[test]
    fn broken_calls_are_located() {
        let src = "x {{ figure(src=\"a.png\" alt=\"b\") }}";
        let found = scan(src);
        let [Found::Broken { message, at, .. }] = found.as_slice() else {
            panic!("{found:?}");
        };
        assert!(message.contains("expected `,`"), "{message}");
        assert_eq!(&src[*at..*at + 3], "alt");
        let found = scan("{{ figure(src=\"a.png) }}");
        assert!(
            matches!(&found[0], Found::Broken { message, .. } if message.contains("not closed"))
        );
        let found = scan("{{ figure(src=\"a.png\") }");
        assert!(
            matches!(&found[0], Found::Broken { message, .. } if message.contains("not closed"))
        );
    }
}
