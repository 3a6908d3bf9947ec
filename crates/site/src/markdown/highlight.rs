//! Code highlighting at build time (`markdown.highlighting`), with syntect's Sublime Text
//! grammars: a fenced block's tokens become `<span class="z-…">` (classes, never inline styles),
//! coloured by the theme CSS [`theme_css`] writes into the site's stylesheet, light by default and
//! dark under `prefers-color-scheme: dark`.
//!
//! The fence may carry options after the language, comma-separated:
//! ```` ```rust,linenos,hl_lines=3-5 7,hide_lines=1-2 ````: line numbers, highlighted lines and
//! lines left out (numbers count the lines as written). A language syntect does not know is shown
//! as plain text, with one warning.

use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};

/// The prefix of every token class (`z-keyword`).
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };

/// The hint of the warning for an unknown language.
pub(crate) const UNKNOWN_HINT: &str = "name a language syntect knows (its name or file extension: `rust`, `py`, `sh`, `yaml`...), or write ```text for plain text";

/// The hint of the warning for a fence option that is not understood.
pub(crate) const OPTION_HINT: &str = "fence options are `linenos`, `hl_lines=3-5 7` and `hide_lines=1-2`, after the language and a comma: ```rust,linenos,hl_lines=2";

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// What a fence's info string asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Fence {
    /// The language as written (`rust`), empty when none.
    pub(crate) lang: String,
    /// Show line numbers.
    pub(crate) linenos: bool,
    /// Lines to highlight (from 1).
    pub(crate) hl_lines: Vec<RangeInclusive<usize>>,
    /// Lines to leave out (from 1).
    pub(crate) hide_lines: Vec<RangeInclusive<usize>>,
    /// Options not understood, as written.
    pub(crate) unknown: Vec<String>,
}

/// Reads a fence's info string: `rust,linenos,hl_lines=3-5 7,hide_lines=1-2`.
pub(crate) fn parse_fence(info: &str) -> Fence {
    let mut parts = info.split(',');
    let lang = parts.next().unwrap_or("").split_whitespace().next();
    let mut fence = Fence {
        lang: lang.unwrap_or("").to_string(),
        ..Fence::default()
    };
    for part in parts.map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let ranges = || {
            value
                .split_whitespace()
                .map(range)
                .collect::<Option<Vec<_>>>()
        };
        match (key.trim(), ranges()) {
            ("linenos", _) if value.is_empty() => fence.linenos = true,
            ("hl_lines", Some(r)) if !r.is_empty() => fence.hl_lines = r,
            ("hide_lines", Some(r)) if !r.is_empty() => fence.hide_lines = r,
            _ => fence.unknown.push(part.to_string()),
        }
    }
    fence
}

/// `3` or `3-5` as a range of line numbers.
fn range(s: &str) -> Option<RangeInclusive<usize>> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    (a >= 1 && a <= b).then_some(a..=b)
}

/// The syntax of `lang` (a name or a file extension, any case), if syntect knows it.
fn syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    set.find_syntax_by_token(lang)
        .or_else(|| set.find_syntax_by_token(&lang.to_ascii_lowercase()))
}

/// Whether `lang` is a language the highlighter knows (`text` and `plain` are plain text).
pub(crate) fn knows(lang: &str) -> bool {
    matches!(lang, "text" | "plain" | "txt") || syntax(lang).is_some()
}

/// The HTML of a highlighted block of `code` as `fence` asks (its language unknown: plain
/// text, every line still its own span).
pub(crate) fn block(code: &str, fence: &Fence) -> String {
    let lang = deload_engine::text::escape_attr(&fence.lang);
    let mut html = String::with_capacity(code.len() * 3);
    let _ = write!(html, "<pre class=\"z-code\"");
    if !lang.is_empty() {
        let _ = write!(
            html,
            " data-lang=\"{lang}\"><code class=\"language-{lang}\">"
        );
    } else {
        html.push_str("><code>");
    }
    let mut state = syntax(&fence.lang).map(|s| (ParseState::new(s), ScopeStack::new()));
    let inside = |ranges: &[RangeInclusive<usize>], n: usize| ranges.iter().any(|r| r.contains(&n));
    for (i, line) in lines(code).enumerate() {
        let n = i + 1;
        // a hidden line is still parsed: a string or comment it opens goes on
        let spans = match state.as_mut() {
            Some((parse, stack)) => classed_line(line, parse, stack),
            None => deload_engine::text::escape_attr(line),
        };
        if inside(&fence.hide_lines, n) {
            continue;
        }
        let class = if inside(&fence.hl_lines, n) {
            "line hl"
        } else {
            "line"
        };
        let _ = write!(html, "<span class=\"{class}\">");
        if fence.linenos {
            let _ = write!(html, "<span class=\"ln\" aria-hidden=\"true\">{n}</span>");
        }
        html.push_str(&spans);
        html.push_str("</span>");
    }
    html.push_str("</code></pre>\n");
    html
}

/// The lines of `code`, each with its line ending.
fn lines(code: &str) -> impl Iterator<Item = &str> {
    code.split_inclusive('\n')
}

/// One line as token spans, balanced: the scopes open at its start are opened again, and every
/// span is closed at its end, so a line can be wrapped (and hidden) on its own.
fn classed_line(line: &str, parse: &mut ParseState, stack: &mut ScopeStack) -> String {
    let mut html = String::new();
    for scope in stack.as_slice() {
        html.push_str("<span class=\"");
        html.push_str(&classes(&scope.build_string()));
        html.push_str("\">");
    }
    let tokens = parse.parse_line(line, syntaxes()).ok();
    let spans = tokens.and_then(|ops| line_tokens_to_classed_spans(line, &ops, STYLE, stack).ok());
    match spans {
        Some((spans, _)) => html.push_str(&spans),
        None => {
            // a grammar error: this line plain, the spans opened for it closed
            html.clear();
            return deload_engine::text::escape_attr(line);
        }
    }
    for _ in stack.as_slice() {
        html.push_str("</span>");
    }
    html
}

/// `source.rust` → `z-source z-rust`.
fn classes(scope: &str) -> String {
    let atoms: Vec<String> = scope.split('.').map(|a| format!("z-{a}")).collect();
    atoms.join(" ")
}

/// The stylesheet of the highlighted blocks: `light` under `prefers-color-scheme: light`, `dark`
/// under `prefers-color-scheme: dark`, and the rules of line numbers and highlighted lines. `None`
/// when a theme is not one of syntect's (`config::HIGHLIGHT_THEMES`).
pub fn theme_css(light: &str, dark: &str) -> Option<String> {
    let themes = ThemeSet::load_defaults();
    let css = |name: &str| css_for_theme_with_class_style(themes.themes.get(name)?, STYLE).ok();
    let (light, dark) = (css(light)?, css(dark)?);
    let mut out = String::from("\n/* code highlighting (markdown.highlighting) */\n");
    out.push_str(LINES_CSS);
    // each theme under its own scheme: a scope one theme colours and the other does not would
    // keep the light colour on a dark background
    out.push_str("@media (prefers-color-scheme: light) {\n");
    out.push_str(&light);
    out.push_str("\n}\n@media (prefers-color-scheme: dark) {\n");
    out.push_str(&dark);
    out.push_str("\n.z-code .line.hl { background: rgba(255, 255, 255, 0.12); }\n}\n");
    Some(out)
}

/// The code inside a block (on the theme's background), line numbers and highlighted lines.
const LINES_CSS: &str = "pre.z-code code { background: none; }
.z-code .ln { display: inline-block; min-width: 2.5ch; margin-right: 1.5ch; text-align: right; opacity: 0.55; user-select: none; }
.z-code .line.hl { display: block; background: rgba(255, 213, 0, 0.25); }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_options() {
        let f = parse_fence("rust,linenos,hl_lines=3-5 7,hide_lines=1-2");
        assert_eq!(f.lang, "rust");
        assert!(f.linenos);
        assert_eq!(f.hl_lines, vec![3..=5, 7..=7]);
        assert_eq!(f.hide_lines, vec![1..=2]);
        assert!(f.unknown.is_empty());
        let f = parse_fence("py,hl_lines=x,bogus");
        assert_eq!(f.unknown, ["hl_lines=x", "bogus"]);
        assert_eq!(parse_fence("").lang, "");
    }

    #[test]
    fn tokens_lines_numbers_and_hidden_lines() {
        let code = "// hidden\nfn main() {\n    let x = \"a\nb\";\n}\n";
        let html = block(code, &parse_fence("rust,linenos,hl_lines=3,hide_lines=1"));
        assert!(!html.contains("z-comment"), "{html}");
        assert!(
            html.contains("<span class=\"z-storage z-type z-function z-rust\">fn</span>"),
            "{html}"
        );
        assert!(
            html.contains(
                "<span class=\"line hl\"><span class=\"ln\" aria-hidden=\"true\">3</span>"
            ),
            "{html}"
        );
        // every line balanced: as many span openings as closings
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count(),
            "{html}"
        );
        // the string that goes on over a line break is a string on its second line too
        let fourth = html.split("<span class=\"line\">").nth(2).unwrap_or("");
        assert!(
            fourth.starts_with("<span class=\"ln\" aria-hidden=\"true\">4</span>"),
            "{fourth}"
        );
        assert!(fourth.contains("z-string"), "{fourth}");
    }

    #[test]
    fn unknown_language_is_plain_text() {
        assert!(!knows("klingon"));
        assert!(knows("RUST") && knows("py") && knows("text"));
        let html = block("a < b\n", &parse_fence("klingon"));
        assert!(
            html.contains("<span class=\"line\">a &lt; b\n</span>"),
            "{html}"
        );
    }

    #[test]
    fn css_for_both_themes() {
        let css = theme_css("InspiredGitHub", "base16-ocean.dark").unwrap_or_default();
        assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");
        assert!(css.contains(".z-comment"), "{css}");
        assert!(theme_css("nope", "base16-ocean.dark").is_none());
    }
}
