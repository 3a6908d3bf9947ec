//! The Markdown extras a site turns on in `markdown:` (each off by default): emoji shortcodes
//! (`:smile:`), bare URLs made links (`linkify`), math rendered to MathML at build time (`math`)
//! and attribute lists (`attributes`) on paragraphs, links and images: `{.class #id}` or
//! kramdown's `{: .class}`. Only an id and classes of safe characters are kept unless
//! `markdown.unsafe_html` says the content is trusted.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::attributes::is_safe_name;

/// The hint of a warning about an attribute list.
pub(crate) const ATTRIBUTES_HINT: &str = "attribute lists may set `#id` and `.class` of letters, digits, `-`, `_`, `.` and `:`; set `markdown.unsafe_html: true` in site.yaml only if every author of the content is trusted";

/// The hint of a warning about math.
pub(crate) const MATH_HINT: &str = "write LaTeX math between `$...$` (inline) or `$$...$$` (display); the formula is shown with its error marked";

/// An attribute list: its HTML (` id="x" class="a b"`) and what was dropped, as written.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Attributes {
    /// The attributes to write, each with a space in front.
    pub(crate) html: String,
    /// Attributes left out (not an id or a class, or unsafe characters), as written.
    pub(crate) dropped: Vec<String>,
}

/// Reads the attribute list `{...}` at the start of `text` (`{.a #b}`, `{: .a}`, `{:.a}`):
/// what it sets and where it ends, or `None` when `text` does not start with one.
pub(crate) fn parse_list(text: &str, trusted: bool) -> Option<(Attributes, usize)> {
    let inner_end = text.find('}')?;
    let inner = text.strip_prefix('{')?.get(..inner_end - 1)?;
    let inner = inner.strip_prefix(':').unwrap_or(inner);
    if inner.contains(['{', '\n']) || inner.trim().is_empty() {
        return None;
    }
    let (mut id, mut classes, mut others, mut dropped) = (None, Vec::new(), Vec::new(), Vec::new());
    for token in inner.split_whitespace() {
        if let Some(c) = token.strip_prefix('.') {
            if is_safe_name(c) {
                classes.push(c);
            } else {
                dropped.push(token.to_string());
            }
        } else if let Some(i) = token.strip_prefix('#') {
            if is_safe_name(i) {
                id = Some(i);
            } else {
                dropped.push(token.to_string());
            }
        } else if let Some((key, value)) = token.split_once('=') {
            let value = value.trim_matches('"');
            let key_ok =
                !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if trusted && key_ok {
                others.push((key, value));
            } else {
                dropped.push(token.to_string());
            }
        } else {
            // not an attribute list after all (`{like this}` in prose)
            return None;
        }
    }
    let mut html = String::new();
    if let Some(id) = id {
        html.push_str(&format!(" id=\"{}\"", deload_engine::text::escape_attr(id)));
    }
    if !classes.is_empty() {
        html.push_str(&format!(
            " class=\"{}\"",
            deload_engine::text::escape_attr(&classes.join(" "))
        ));
    }
    for (key, value) in others {
        html.push_str(&format!(
            " {key}=\"{}\"",
            deload_engine::text::escape_attr(value)
        ));
    }
    Some((Attributes { html, dropped }, inner_end + 1))
}

/// The attribute list at the end of a paragraph's last text (`Text. {.note}`, or kramdown's
/// `{: .note}` on the line below): its attributes and where it starts in `text`.
pub(crate) fn trailing_list(text: &str, trusted: bool) -> Option<(Attributes, usize)> {
    let trimmed = text.trim_end();
    if !trimmed.ends_with('}') {
        return None;
    }
    let start = trimmed.rfind('{')?;
    let (attributes, len) = parse_list(&trimmed[start..], trusted)?;
    (start + len == trimmed.len()).then_some((attributes, start))
}

/// The warning's words for attributes dropped from a list.
pub(crate) fn dropped_warning(dropped: &[String]) -> String {
    let shown: Vec<String> = dropped
        .iter()
        .map(|d| format!("`{}`", d.escape_debug()))
        .collect();
    format!(
        "attributes dropped: {} (only an id and classes of safe characters are kept)",
        shown.join(", ")
    )
}

/// A heading's kramdown attribute list (`## Title {: .class}`, `{:#id}`), which the parser
/// reads as attributes named `:`, `:.class` or `:#id`, as the id and classes they are.
pub(crate) fn kramdown_heading(tag: Tag<'_>) -> Tag<'_> {
    let Tag::Heading {
        level,
        mut id,
        mut classes,
        attrs,
    } = tag
    else {
        return tag;
    };
    let mut kept = Vec::new();
    for (key, value) in attrs {
        let rest = key.strip_prefix(':').filter(|_| value.is_none());
        match rest {
            Some("") => {}
            Some(r) if r.starts_with('.') => classes.push(CowStr::from(r[1..].to_string())),
            Some(r) if r.starts_with('#') => id = Some(CowStr::from(r[1..].to_string())),
            _ => kept.push((key, value)),
        }
    }
    Tag::Heading {
        level,
        id,
        classes,
        attrs: kept,
    }
}

/// `text` with each emoji shortcode it knows (`:smile:`, `:+1:`) replaced by its emoji; other
/// `:words:` stay as written.
pub(crate) fn emoji(text: &str) -> Option<String> {
    if !text.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        let found = (after[name_len..].starts_with(':') && name_len > 0)
            .then(|| emojis::get_by_shortcode(&after[..name_len]))
            .flatten();
        match found {
            Some(e) => {
                out.push_str(e.as_str());
                rest = &after[name_len + 1..];
                changed = true;
            }
            None => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// `text` as events with each bare `http(s)://` URL a link, or `None` when it has none.
pub(crate) fn linkify(text: &str) -> Option<Vec<Event<'static>>> {
    if !text.contains("://") {
        return None;
    }
    let mut finder = linkify::LinkFinder::new();
    finder.kinds(&[linkify::LinkKind::Url]);
    let mut events = Vec::new();
    let mut linked = false;
    for span in finder.spans(text) {
        let s = span.as_str().to_string();
        if span.kind().is_some() {
            linked = true;
            events.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: CowStr::from(s.clone()),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }));
            events.push(Event::Text(s.into()));
            events.push(Event::End(TagEnd::Link));
        } else {
            events.push(Event::Text(s.into()));
        }
    }
    linked.then_some(events)
}

/// LaTeX `source` as MathML (`display`: a block), and the error's words when it does not parse
/// (the MathML then marks it).
pub(crate) fn math(source: &str, display: bool) -> (String, Option<String>) {
    use pulldown_latex::config::DisplayMode;
    let storage = pulldown_latex::Storage::new();
    let events: Vec<_> = pulldown_latex::Parser::new(source, &storage).collect();
    let error = events
        .iter()
        .find_map(|e| e.as_ref().err().map(ToString::to_string));
    let config = pulldown_latex::RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..Default::default()
    };
    let mut html = String::new();
    if pulldown_latex::push_mathml(&mut html, events.into_iter(), config).is_err() {
        html = format!("<code>{}</code>", deload_engine::text::escape_attr(source));
    }
    (
        html,
        error.map(|e| format!("math that does not parse: {e}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists() {
        let (a, end) = parse_list("{.note #tip} rest", false).unwrap_or_default();
        assert_eq!(a.html, " id=\"tip\" class=\"note\"");
        assert_eq!(end, 12);
        let (a, _) = parse_list("{: .notice}", false).unwrap_or_default();
        assert_eq!(a.html, " class=\"notice\"");
        let (a, _) = parse_list("{:.a .b onclick=x}", false).unwrap_or_default();
        assert_eq!(a.html, " class=\"a b\"");
        assert_eq!(a.dropped, ["onclick=x"]);
        let (a, _) = parse_list("{.a title=\"x\"}", true).unwrap_or_default();
        assert_eq!(a.html, " class=\"a\" title=\"x\"");
        assert!(parse_list("{like this}", false).is_none());
        assert!(parse_list("no", false).is_none());
        let (a, at) = trailing_list("Text. {.wide}\n", false).unwrap_or_default();
        assert_eq!((a.html.as_str(), at), (" class=\"wide\"", 6));
        assert!(trailing_list("a {b} c", false).is_none());
    }

    #[test]
    fn emoji_shortcodes() {
        assert_eq!(
            emoji("hi :smile: :+1: :nope: 10:30").as_deref(),
            Some("hi 😄 👍 :nope: 10:30")
        );
        assert_eq!(emoji("no shortcode: here"), None);
    }

    #[test]
    fn bare_urls_become_links() {
        let events = linkify("see https://example.org/a. ok").unwrap_or_default();
        assert!(
            matches!(&events[1], Event::Start(Tag::Link { dest_url, .. }) if dest_url.as_ref() == "https://example.org/a")
        );
        assert!(linkify("no links").is_none());
    }

    #[test]
    fn math_to_mathml() {
        let (html, error) = math("x^2", false);
        assert!(html.starts_with("<math"), "{html}");
        assert!(html.contains("<msup>"), "{html}");
        assert_eq!(error, None);
        let (html, error) = math("\\frac{1}{2", true);
        assert!(html.contains("display=\"block\""), "{html}");
        assert!(error.is_some());
    }
}
