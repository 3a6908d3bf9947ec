//! Link schemes: which link targets a page may have. By default only `http`, `https`, `mailto`,
//! `tel` and relative URLs are kept; a `javascript:`, `data:` or `vbscript:` link runs when it is
//! clicked (and any other scheme hands the click to some program), so it is rendered as plain
//! text with a warning, unless `markdown.unsafe_html` says the content is trusted.

/// The schemes a link may have.
const ALLOWED: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Whether a browser would follow `url` to an allowed scheme or a relative URL.
pub fn is_safe(url: &str) -> bool {
    if !url.contains(':') {
        return true;
    }
    match scheme(&as_read(url)) {
        None => true,
        Some(s) => ALLOWED.iter().any(|a| a.eq_ignore_ascii_case(s)),
    }
}

/// Whether `url`, as a browser reads it, starts with a scheme (`https:`, `java\tscript:`): such a
/// link leaves the site, and is never one of the site's own paths.
pub(crate) fn has_scheme(url: &str) -> bool {
    url.contains(':') && scheme(&as_read(url)).is_some()
}

/// `url` as a browser reads it: leading control characters and spaces dropped, tabs and line
/// breaks removed wherever they are (`java\tscript:` is `javascript:`).
fn as_read(url: &str) -> String {
    url.trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of `url` (before the first `:`, when that comes before any `/`, `?` or `#` and is
/// a letter followed by letters, digits, `+`, `-` or `.`), if it has one.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    let s = &url[..end];
    let well_formed = s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (url[end..].starts_with(':') && well_formed).then_some(s)
}

/// The warning's words for a link to `url` that was not kept.
pub(crate) fn warning(url: &str) -> String {
    // control characters shown as escapes (a tab as `\t`), long URLs cut
    let shown: String = url
        .chars()
        .take(60)
        .collect::<String>()
        .escape_debug()
        .collect();
    let cut = if url.chars().nth(60).is_some() {
        "…"
    } else {
        ""
    };
    format!(
        "the link to `{shown}{cut}` was rendered as plain text: its scheme could run code or open another program"
    )
}

/// The hint for that warning.
pub(crate) const HINT: &str = "links may use http, https, mailto, tel or relative URLs; set `markdown.unsafe_html: true` in site.yaml only if every author of the content is trusted";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_phone_and_relative_links_are_safe() {
        for ok in [
            "https://example.org/a:b",
            "HTTP://x",
            "mailto:a@b.c",
            "tel:+4912345",
            "/guidance/sleep/",
            "../a.md",
            "sleep.md#how-much",
            "#top",
            "//cdn.example.org/x",
            "?q=a:b",
            "./a:b",
            "",
        ] {
            assert!(is_safe(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "c:/windows",
        ] {
            assert!(!is_safe(bad), "{bad:?}");
        }
    }
}
