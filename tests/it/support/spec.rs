//! The examples of a Markdown spec (`tests/spec/*/spec.txt`, in the CommonMark spec's format)
//! and the normalisation the rendered HTML and the spec's are compared after: tags with their
//! attributes sorted and values re-escaped one way, entities decoded one way, white space
//! collapsed outside `<pre>` and dropped beside block-level tags. Written for these tests from
//! the spec's description of its format.

/// One example of a spec.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    /// Its number, counted from 1 in the file.
    pub(crate) number: usize,
    /// The heading of the section it is in.
    pub(crate) section: String,
    /// The Markdown (tabs written `→` in the spec are tabs here).
    pub(crate) markdown: String,
    /// The HTML the spec expects.
    pub(crate) html: String,
}

/// The fence that opens (with ` example` after it) and closes an example.
const FENCE: &str = "````````````````````````````````";

/// The examples of `spec` (the text of a spec.txt).
pub(crate) fn examples(spec: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut section = String::new();
    // inside an example: which part (0 Markdown, 1 HTML) and the two texts
    let mut open: Option<(usize, String, String)> = None;
    for line in spec.lines() {
        if line.starts_with("<!-- END TESTS -->") {
            break;
        }
        match open.as_mut() {
            None if line.starts_with(FENCE) && line[FENCE.len()..].starts_with(" example") => {
                open = Some((0, String::new(), String::new()));
            }
            None => {
                if let Some(h) = heading(line) {
                    section = h.to_string();
                }
            }
            Some((0, _, _)) if line == "." => open.as_mut().map_or((), |o| o.0 = 1),
            Some((1, _, _)) if line == FENCE => {
                let (_, markdown, html) = open.take().unwrap_or_default();
                out.push(Example {
                    number: out.len() + 1,
                    section: section.clone(),
                    markdown: markdown.replace('→', "\t"),
                    html: html.replace('→', "\t"),
                });
            }
            Some((part, markdown, html)) => {
                let text = if *part == 0 { markdown } else { html };
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    out
}

/// The title of a heading line (`## Tables (extension)`).
fn heading(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    ((1..=6).contains(&hashes) && line[hashes..].starts_with(' ')).then(|| line[hashes..].trim())
}

/// A piece of normalised HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// A start or end tag: the name (lowercase, `/name` for an end tag) and the attributes,
    /// sorted, with values decoded.
    Tag(String, Vec<(String, String)>),
    /// Text, entities decoded.
    Text(String),
    /// A comment, a declaration, a processing instruction or CDATA, as written.
    Raw(String),
}

/// The elements beside which white space does not count.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// `html` as tokens, normalised.
pub(crate) fn normalise(html: &str) -> Vec<Token> {
    let mut tokens = tokenise(html);
    let mut in_pre = 0usize;
    for t in &mut tokens {
        match t {
            Token::Tag(name, _) if name == "pre" => in_pre += 1,
            Token::Tag(name, _) if name == "/pre" => in_pre = in_pre.saturating_sub(1),
            Token::Text(text) if in_pre == 0 => *text = collapse_space(text),
            _ => {}
        }
    }
    trim_beside_blocks(&mut tokens);
    tokens.retain(|t| !matches!(t, Token::Text(s) if s.is_empty()));
    merge_text(tokens)
}

/// Normalised tokens written out again.
pub(crate) fn serialise(tokens: &[Token]) -> String {
    let mut out = String::new();
    for t in tokens {
        match t {
            Token::Text(s) => out.push_str(&escape(s, false)),
            Token::Raw(s) => out.push_str(s),
            Token::Tag(name, attrs) => {
                out.push('<');
                out.push_str(name);
                for (k, v) in attrs {
                    out.push_str(&format!(" {k}=\"{}\"", escape(v, true)));
                }
                out.push('>');
            }
        }
    }
    out
}

/// Runs of white space as one space.
fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_ascii_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Whether `t` is a block-level start or end tag.
fn is_block(t: Option<&Token>) -> bool {
    matches!(t, Some(Token::Tag(name, _)) if BLOCKS.contains(&name.trim_start_matches('/')))
}

/// White space at the side of a text that touches a block-level tag dropped (not in `<pre>`).
fn trim_beside_blocks(tokens: &mut [Token]) {
    let mut in_pre = 0usize;
    for i in 0..tokens.len() {
        let before = is_block(i.checked_sub(1).and_then(|j| tokens.get(j)));
        let after = is_block(tokens.get(i + 1));
        match &mut tokens[i] {
            Token::Tag(name, _) if name == "pre" => in_pre += 1,
            Token::Tag(name, _) if name == "/pre" => in_pre = in_pre.saturating_sub(1),
            Token::Text(text) if in_pre == 0 => {
                if before {
                    *text = text.trim_start().to_string();
                }
                if after {
                    *text = text.trim_end().to_string();
                }
            }
            _ => {}
        }
    }
}

/// Neighbouring texts as one.
fn merge_text(tokens: Vec<Token>) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    for t in tokens {
        if let (Some(Token::Text(prev)), Token::Text(s)) = (out.last_mut(), &t) {
            prev.push_str(s);
        } else {
            out.push(t);
        }
    }
    out
}

/// Stands for the `&` of an entity [`decode`] kept as written (`&copy;` in raw HTML).
const KEPT_AMP: char = '\u{e000}';

/// `s` escaped: `&`, `<`, `>` (and `"` in an attribute value); an entity kept as written stays.
fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            KEPT_AMP => out.push('&'),
            c => out.push(c),
        }
    }
    out
}

/// `html` split into tags, text and raw pieces.
fn tokenise(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        text.push_str(&rest[..i]);
        rest = &rest[i..];
        let piece = raw(rest)
            .map(|len| (Token::Raw(rest[..len].to_string()), len))
            .or_else(|| tag(rest));
        match piece {
            Some((token, len)) => {
                tokens.push(Token::Text(decode(&std::mem::take(&mut text))));
                tokens.push(token);
                rest = &rest[len..];
            }
            None => {
                text.push('<');
                rest = &rest[1..];
            }
        }
    }
    text.push_str(rest);
    tokens.push(Token::Text(decode(&text)));
    tokens
}

/// The length of the comment, CDATA, declaration or processing instruction `s` starts with.
fn raw(s: &str) -> Option<usize> {
    let end = |open: &str, close: &str| {
        s.starts_with(open)
            .then(|| {
                s[open.len()..]
                    .find(close)
                    .map(|i| open.len() + i + close.len())
            })
            .flatten()
    };
    // `<!-->` and `<!--->` are whole (empty) comments
    let empty = ["<!-->", "<!--->"].iter().find(|c| s.starts_with(**c));
    empty
        .map(|c| c.len())
        .or_else(|| end("<!--", "-->"))
        .or_else(|| end("<![CDATA[", "]]>"))
        .or_else(|| end("<?", "?>"))
        .or_else(|| {
            let decl = s.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic);
            if decl { end("<!", ">") } else { None }
        })
}

/// The tag `s` starts with and its length, if it is one.
fn tag(s: &str) -> Option<(Token, usize)> {
    let b = s.as_bytes();
    let mut i = 1;
    let closing = b.get(i) == Some(&b'/');
    i += usize::from(closing);
    let name_len = s[i..]
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-')
        .count();
    if name_len == 0 || !b[i].is_ascii_alphabetic() {
        return None;
    }
    let mut name = s[i..i + name_len].to_ascii_lowercase();
    i += name_len;
    let mut attrs = Vec::new();
    loop {
        let space = s[i..].bytes().take_while(u8::is_ascii_whitespace).count();
        i += space;
        match b.get(i)? {
            b'>' => break,
            b'/' if b.get(i + 1) == Some(&b'>') => {
                i += 1;
                break;
            }
            _ if space == 0 || closing => return None,
            _ => {
                let (attr, len) = attribute(&s[i..])?;
                attrs.push(attr);
                i += len;
            }
        }
    }
    attrs.sort();
    if closing {
        name.insert(0, '/');
    }
    Some((Token::Tag(name, attrs), i + 1))
}

/// The attribute `s` starts with (`name`, `name=value`, quoted or not) and its length.
fn attribute(s: &str) -> Option<((String, String), usize)> {
    let name_len = s
        .bytes()
        .take_while(|c| !c.is_ascii_whitespace() && !b"\"'>/=".contains(c))
        .count();
    if name_len == 0 {
        return None;
    }
    let name = s[..name_len].to_ascii_lowercase();
    let after = &s[name_len..];
    let ws = after.bytes().take_while(u8::is_ascii_whitespace).count();
    if !after[ws..].starts_with('=') {
        return Some(((name, String::new()), name_len));
    }
    let value_at = name_len + ws + 1;
    let v = &s[value_at..];
    let ws = v.bytes().take_while(u8::is_ascii_whitespace).count();
    let v = &v[ws..];
    let (value, len) = match v.chars().next()? {
        q @ ('"' | '\'') => {
            let end = v[1..].find(q)?;
            (&v[1..=end], end + 2)
        }
        _ => {
            let end = v
                .bytes()
                .take_while(|c| !c.is_ascii_whitespace() && !b"\"'=<>`".contains(c))
                .count();
            if end == 0 {
                return None;
            }
            (&v[..end], end)
        }
    };
    Some(((name, decode(value)), value_at + ws + len))
}

/// `s` with its character references decoded: `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and
/// numeric ones; any other (`&copy;`) is kept, marked so that escaping leaves it alone.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 33) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let numeric = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            n if n.starts_with("#x") || n.starts_with("#X") => numeric(&n[2..], 16).map(|v| {
                char::from_u32(v)
                    .filter(|&c| c != '\0')
                    .unwrap_or('\u{fffd}')
            }),
            n if n.starts_with('#') => numeric(&n[1..], 10).map(|v| {
                char::from_u32(v)
                    .filter(|&c| c != '\0')
                    .unwrap_or('\u{fffd}')
            }),
            _ => None,
        };
        let consumed = match c {
            Some(c) => {
                out.push(c);
                semi + 1
            }
            None if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                out.push(KEPT_AMP);
                out.push_str(&rest[1..=semi]);
                semi + 1
            }
            None => {
                out.push('&');
                1
            }
        };
        rest = &rest[consumed..];
    }
    out.push_str(rest);
    out
}
