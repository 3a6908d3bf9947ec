//! The links of HTML that a shortcode rendered into a page, or that the page's own raw HTML holds
//! (when `markdown.unsafe_html` trusts it): recorded and checked like the page's Markdown links,
//! as a crawler of the built site would follow them; and the ids that HTML gives, which links
//! may name as anchors.

use crate::urls::{encode, kind, srcset_candidates};

/// How [`attribute_links`] writes the links of the HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Others {
    /// Checked links become what `record` returns (a placeholder), the others are
    /// percent-encoded as Markdown's are (a shortcode's output).
    Encode,
    /// Every link kept as written, the checked ones only recorded (the page's own raw HTML,
    /// which the author wrote as it is to be published).
    Keep,
}

/// Calls `record` for each checkable link (`href`/`src` attributes, quoted with `"` or `'`,
/// holding an `@/`, root-relative, relative or `#fragment` URL) of `html`, with the URL and the
/// byte index of its attribute in `html`. Under [`Others::Encode`] the link becomes what `record`
/// returns (a placeholder the site resolves like a Markdown link, in double quotes), and the
/// other links are percent-encoded as Markdown's are (`https://example.org/a b` →
/// `https://example.org/a%20b`); under [`Others::Keep`] every link stays as written.
pub(super) fn attribute_links(
    html: &str,
    others: Others,
    record: &mut dyn FnMut(&str, usize) -> String,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['h', 's']) {
        let attr_len = if rest[i..].starts_with("href=") {
            5
        } else if rest[i..].starts_with("src=") {
            4
        } else if rest[i..].starts_with("srcset=") {
            7
        } else {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
            continue;
        };
        let quote = match rest.as_bytes().get(i + attr_len) {
            Some(&q @ (b'"' | b'\'')) => char::from(q),
            _ => {
                out.push_str(&rest[..=i]);
                rest = &rest[i + 1..];
                continue;
            }
        };
        let value_start = i + attr_len + 1;
        let Some(len) = rest[value_start..].find(quote) else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        let url = value.replace("&amp;", "&");
        let at = html.len() - rest.len() + i;
        let attribute = i > 0 && rest.as_bytes()[i - 1].is_ascii_whitespace();
        if attribute && attr_len == 7 {
            out.push_str(&rest[..value_start - 1]);
            out.push('"');
            out.push_str(&srcset(value, others, at, record));
            out.push('"');
            rest = &rest[value_start + len + 1..];
            continue;
        }
        if others == Others::Keep {
            if attribute && is_checked(&url) {
                record(&url, at);
            }
            out.push_str(&rest[..value_start + len]);
            rest = &rest[value_start + len..];
            continue;
        }
        // the attribute's name and `=`; the value in double quotes, as placeholders are found
        out.push_str(&rest[..value_start - 1]);
        out.push('"');
        if attribute && is_checked(&url) {
            out.push_str(&record(&url, at));
        } else {
            // entities of the escaped value (`&amp;`) are made of characters encoding keeps
            out.push_str(&encode(value).replace('"', "&quot;"));
        }
        out.push('"');
        rest = &rest[value_start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// A `srcset` value (`a.jpg 480w, b.jpg 960w`) with each candidate's URL recorded (and, under
/// [`Others::Encode`], written as [`attribute_links`] writes an `src`), its descriptor kept.
fn srcset(
    value: &str,
    others: Others,
    at: usize,
    record: &mut dyn FnMut(&str, usize) -> String,
) -> String {
    if others == Others::Keep {
        for (url, _) in srcset_candidates(value) {
            let url = url.replace("&amp;", "&");
            if is_checked(&url) {
                record(&url, at);
            }
        }
        return value.to_string();
    }
    let candidates: Vec<String> = srcset_candidates(value)
        .map(|(url, descriptor)| {
            let decoded = url.replace("&amp;", "&");
            let url = if is_checked(&decoded) {
                record(&decoded, at)
            } else {
                encode(url).replace('"', "&quot;")
            };
            if descriptor.is_empty() {
                url
            } else {
                format!("{url} {descriptor}")
            }
        })
        .collect();
    candidates.join(", ")
}

/// Whether a link of HTML is one the build checks: internal, root-relative, relative, or a
/// `#fragment` of the page itself.
fn is_checked(url: &str) -> bool {
    kind(url).is_some() || (url.len() > 1 && url.starts_with('#'))
}

/// The values of the `id` and `name` attributes of `html` (quoted with `"` or `'`): the targets
/// `#fragment` links may name.
pub(super) fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    for attr in ["id=", "name="] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attr).map(|i| i + from) {
            from = i + attr.len();
            let attribute = i > 0 && bytes[i - 1].is_ascii_whitespace();
            let Some(&q @ (b'"' | b'\'')) = bytes.get(from) else {
                continue;
            };
            let value = &html[from + 1..];
            if let (true, Some(end)) = (attribute, value.find(char::from(q))) {
                out.push(value[..end].to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each candidate of a `srcset` is a link of its own: recorded, and (in a shortcode's
    /// output) made a placeholder the site resolves, its width or density kept.
    #[test]
    fn each_srcset_candidate_is_a_link() {
        let html = r#"<img srcset="/a.jpg 480w, b.jpg 2x, https://e.org/c d.jpg 960w">"#;
        let mut seen = Vec::new();
        let kept = attribute_links(html, Others::Keep, &mut |url, _| {
            seen.push(url.to_string());
            String::new()
        });
        assert_eq!(kept, html);
        assert_eq!(seen, ["/a.jpg", "b.jpg"]);
        let mut n = 0;
        let encoded = attribute_links(html, Others::Encode, &mut |_, _| {
            n += 1;
            format!("{}{}", crate::markdown::PLACEHOLDER_PREFIX, n - 1)
        });
        let p = crate::markdown::PLACEHOLDER_PREFIX;
        assert_eq!(
            encoded,
            format!(r#"<img srcset="{p}0 480w, {p}1 2x, https://e.org/c d.jpg 960w">"#)
        );
        let urls = ["/blog/a.jpg".to_string(), "/blog/b.jpg".to_string()];
        assert_eq!(
            crate::markdown::resolve_links(&encoded, &urls),
            r#"<img srcset="/blog/a.jpg 480w, /blog/b.jpg 2x, https://e.org/c d.jpg 960w">"#
        );
        // a placeholder spelled in text, or in another attribute, stays as written
        let text = format!(r#"<p title="{p}0">{p}1, {p}0</p>"#);
        assert_eq!(crate::markdown::resolve_links(&text, &urls), text);
    }

    #[test]
    fn links_of_html_are_recorded_where_they_are() {
        let html = r##"<a href="/x/">a</a> <img src='pic.png'> <a href="#top">t</a> <a href="https://e.org/a b">e</a> <p data-href="/no/">"##;
        let mut seen = Vec::new();
        let out = attribute_links(html, Others::Keep, &mut |url, at| {
            seen.push((url.to_string(), at));
            format!("L{}", seen.len())
        });
        assert_eq!(
            seen,
            [
                ("/x/".to_string(), 3),
                ("pic.png".to_string(), 25),
                ("#top".to_string(), 43)
            ]
        );
        assert_eq!(out, html, "raw HTML is kept as written");
        let encoded = attribute_links(html, Others::Encode, &mut |_, _| "L".into());
        assert!(
            encoded.starts_with(r#"<a href="L">a</a> <img src="L">"#),
            "{encoded}"
        );
        assert!(encoded.contains("https://e.org/a%20b"), "{encoded}");
    }

    #[test]
    fn ids_and_names_are_targets() {
        assert_eq!(
            ids(r#"<div id="a"><a name='b'></a><p data-id="c" id=d>"#),
            ["a", "b"]
        );
    }
}
