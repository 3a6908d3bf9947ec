//! The links of HTML that a shortcode rendered into a page: recorded and checked like the page's
//! own Markdown links.

use crate::urls::{encode, kind};

/// Replaces each checkable link (`href`/`src` attributes holding an `@/`, root-relative or
/// relative URL) of `html`, written by a shortcode, with what `record` returns for it (a
/// placeholder the site resolves like a Markdown link); the other links are percent-encoded
/// as Markdown's are (`https://example.org/a b` → `https://example.org/a%20b`).
pub(super) fn attribute_links(html: &str, record: &mut dyn FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['h', 's']) {
        let attr_len = if rest[i..].starts_with("href=\"") {
            6
        } else if rest[i..].starts_with("src=\"") {
            5
        } else {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
            continue;
        };
        let value_start = i + attr_len;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        let value = &rest[value_start..value_start + len];
        let url = value.replace("&amp;", "&");
        out.push_str(&rest[..value_start]);
        if i > 0 && rest.as_bytes()[i - 1] == b' ' && kind(&url).is_some() {
            out.push_str(&record(&url));
        } else {
            // entities of the escaped value (`&amp;`) are made of characters encoding keeps
            out.push_str(&encode(value));
        }
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}
