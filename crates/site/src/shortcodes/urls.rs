//! URLs in what shortcodes render: an argument such as `src="javascript:…"` becomes an `href` or
//! `src` of the page, so the rendered HTML's URL attributes go through the link-scheme check that
//! Markdown links go through (`urls::schemes`): an attribute whose URL has a scheme that could run
//! code is made inert (`#`) and reported, unless `markdown.unsafe_html` trusts the content.

use crate::urls::{schemes, srcset_candidates};

/// The attributes whose value a browser follows, loads or submits to.
const URL_ATTRIBUTES: [&str; 10] = [
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "xlink:href",
];

/// `html` with the value of every URL attribute whose URL is not safe replaced by `#`, and those
/// URLs (as the browser reads them).
pub(super) fn make_inert(html: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(html.len());
    let mut bad = Vec::new();
    let mut copied = 0;
    for (start, end) in url_values(html) {
        let url = decode(&html[start..end]);
        let urls: Vec<&str> = match html[..start].trim_end_matches(['"', '\'', '=', ' ']) {
            a if a.to_ascii_lowercase().ends_with("srcset") => {
                // `url 2x, url 480w`: each candidate's URL
                srcset_candidates(&url).map(|(u, _)| u).collect()
            }
            _ => vec![url.as_str()],
        };
        // a body's own links are already placeholders of the Markdown pass, checked there
        let unsafe_url =
            |u: &&&str| !u.starts_with(crate::markdown::PLACEHOLDER_PREFIX) && !schemes::is_safe(u);
        if let Some(u) = urls.iter().find(unsafe_url) {
            bad.push((*u).to_string());
            out.push_str(&html[copied..start]);
            out.push('#');
            copied = end;
        }
    }
    out.push_str(&html[copied..]);
    (out, bad)
}

/// The byte ranges of the values of URL attributes in `html` (quoted or not).
fn url_values(html: &str) -> Vec<(usize, usize)> {
    let b = html.as_bytes();
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(eq) = lower[i..].find('=').map(|n| n + i) {
        i = eq + 1;
        let name_end = lower[..eq].trim_end().len();
        let name_start = lower[..name_end]
            .rfind(|c: char| c.is_ascii_whitespace() || c == '<' || c == '"' || c == '\'')
            .map_or(0, |n| n + 1);
        let name = &lower[name_start..name_end];
        if !URL_ATTRIBUTES.contains(&name) || name_start == 0 {
            continue;
        }
        let mut v = eq + 1;
        while v < b.len() && b[v].is_ascii_whitespace() {
            v += 1;
        }
        let (start, end) = match b.get(v) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = html[v + 1..].find(q as char).map_or(b.len(), |n| v + 1 + n);
                (v + 1, close)
            }
            Some(_) => {
                let e = html[v..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(b.len(), |n| v + n);
                (v, e)
            }
            None => break,
        };
        out.push((start, end));
        i = end.max(i);
    }
    out
}

/// An attribute value as the browser reads it: character references decoded (numeric ones and
/// the named ones that could spell a scheme).
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |n| n + 1);
        let name = &rest[1..end];
        let decoded = match name.strip_prefix('#') {
            Some(n) => match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            }
            .and_then(char::from_u32),
            None => match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "sol" => Some('/'),
                _ => None,
            },
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_urls_in_attributes_are_made_inert() {
        let (html, bad) = make_inert(
            r#"<figure><img src="javascript:alert(1)" alt="a"><a href='java&#x09;script&colon;x()'>x</a><a href=https://ok.example/>ok</a><img srcset="a.png 1x, data:text/html,x 2x"></figure>"#,
        );
        assert_eq!(bad.len(), 3, "{bad:?}");
        assert!(
            !html.contains("javascript") && !html.contains("data:"),
            "{html}"
        );
        assert!(html.contains("href=https://ok.example/"), "{html}");
        assert!(html.contains(r#"alt="a""#), "{html}");
        let (same, none) = make_inert(r#"<p title="javascript: a word">x</p><a href="/a:b">"#);
        assert!(none.is_empty(), "{none:?}");
        assert_eq!(
            same,
            r#"<p title="javascript: a word">x</p><a href="/a:b">"#
        );
    }
}
