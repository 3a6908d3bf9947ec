//! `deload build --relative-urls`: an output to view from disk (`file://`) or from any static
//! server at any path, as Hugo's `relativeURLs` does.
//!
//! Each HTML file is written with every URL of the site made relative to it: a URL that starts
//! with the base URL, or with its path (a root-relative `/guidance/`, as a shortcode may write),
//! right where an attribute value (`="`, `='`) or a refresh's `url=` starts becomes the path of
//! its output file from the page (`https://site/guidance/sleep/#x` on
//! `guidance/index.html` → `../guidance/sleep/index.html#x`), since a browser that opens a folder
//! from disk shows its listing, not its `index.html`. The search index's page URLs become paths
//! from the site's root, which the search script resolves against the index's own URL. Feeds,
//! the sitemap and robots.txt keep absolute URLs: readers and crawlers need them. Without the
//! flag, nothing passes through here.

use std::path::Path;

use deload_engine::error::Error;

use super::Sink;
use deload_site::urls::{self, SEARCH_INDEX};

/// Where a URL can start in an HTML file: a double- or single-quoted attribute value, or the
/// `url=` of a `<meta http-equiv="refresh">`.
const HTML_OPENERS: [&str; 3] = ["=\"", "='", "url="];

/// A sink that writes the site's HTML files (and its search index) with relative URLs into
/// another sink.
pub(crate) struct RelativeUrls<'a> {
    inner: &'a dyn Sink,
    base: &'a str,
}

impl<'a> RelativeUrls<'a> {
    /// Writes into `inner`, making the URLs that start with `base` (the site's base URL, ending
    /// with `/`) relative.
    pub(crate) fn new(inner: &'a dyn Sink, base: &'a str) -> RelativeUrls<'a> {
        RelativeUrls { inner, base }
    }
}

impl Sink for RelativeUrls<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        match rewritten(rel, bytes, self.base) {
            Some(text) => self.inner.write(rel, text.as_bytes()),
            None => self.inner.write(rel, bytes),
        }
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        if !rel.ends_with(".html") {
            return self.inner.copy(rel, from);
        }
        let bytes = std::fs::read(from).map_err(|e| Error::io(from, "read the file", &e))?;
        self.write(rel, &bytes)
    }
}

/// The output file `rel` (`bytes`) with the site's URLs made relative, or `None` when it keeps
/// them (not HTML, not the search index, or not UTF-8).
fn rewritten(rel: &str, bytes: &[u8], base: &str) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    if rel.ends_with(".html") {
        let up = "../".repeat(rel.matches('/').count());
        let text = relativize(text, base, &HTML_OPENERS, &up);
        Some(match root_path(base) {
            Some(path) => relativize(&text, path, &HTML_OPENERS, &up),
            None => text,
        })
    } else if rel == SEARCH_INDEX {
        Some(relativize(text, base, &["\""], ""))
    } else {
        None
    }
}

/// The path of an absolute base URL (`/` of `https://site/`, `/docs/` of `https://site/docs/`),
/// which root-relative URLs of the site start with; `None` for a base that is a path already.
fn root_path(base: &str) -> Option<&str> {
    let host = base.find("://")? + "://".len();
    base[host..].find('/').map(|i| &base[host + i..])
}

/// `text` with every URL that starts with `base` just after one of `openers` replaced by `up`
/// and the output file of its site path, its query and fragment kept.
fn relativize(text: &str, base: &str, openers: &[&str], up: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(base) {
        let (before, after) = (&rest[..at], &rest[at + base.len()..]);
        out.push_str(before);
        let opened = openers.iter().any(|o| before.ends_with(o));
        // a root-relative base (`/`) does not take a protocol-relative URL (`//host/`)
        if !opened || (base.starts_with('/') && after.starts_with('/')) {
            out.push_str(base);
            rest = after;
            continue;
        }
        let end = after
            .find(|c: char| matches!(c, '"' | '\'' | '#' | '?' | '<' | '>') || c.is_whitespace())
            .unwrap_or(after.len());
        out.push_str(up);
        out.push_str(&urls::file_for(&after[..end]));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://deload.example.org/";

    fn html(rel: &str, text: &str) -> String {
        rewritten(rel, text.as_bytes(), BASE).expect("rewritten")
    }

    #[test]
    fn site_urls_in_attributes_point_at_files_from_the_page() {
        let page = concat!(
            r#"<link rel="stylesheet" href="https://deload.example.org/style.css">"#,
            r#"<a href="https://deload.example.org/">Home</a>"#,
            r#"<a href='https://deload.example.org/guidance/sleep/#naps'>Naps</a>"#,
            r#"<form action="https://deload.example.org/" data-index="https://deload.example.org/search-index.js">"#,
        );
        assert_eq!(
            html("guidance/sleep/index.html", page),
            concat!(
                r#"<link rel="stylesheet" href="../../style.css">"#,
                r#"<a href="../../index.html">Home</a>"#,
                r#"<a href='../../guidance/sleep/index.html#naps'>Naps</a>"#,
                r#"<form action="../../index.html" data-index="../../search-index.js">"#,
            )
        );
        assert_eq!(
            html(
                "index.html",
                r#"<a href="https://deload.example.org/tags/?page=2">"#
            ),
            r#"<a href="tags/index.html?page=2">"#
        );
    }

    #[test]
    fn text_other_sites_and_feeds_are_left_alone() {
        let page = concat!(
            "<p>Visit https://deload.example.org/ sometime.</p>",
            r#"<a href="https://other.example/https://deload.example.org/">x</a>"#,
        );
        assert_eq!(html("about/index.html", page), page);
        let feed = r#"<link href="https://deload.example.org/about/"/>"#;
        assert_eq!(rewritten("atom.xml", feed.as_bytes(), BASE), None);
    }

    #[test]
    fn an_alias_redirect_and_the_search_index_are_rewritten() {
        assert_eq!(
            html(
                "old/index.html",
                r#"<meta http-equiv="refresh" content="0; url=https://deload.example.org/new/">"#
            ),
            r#"<meta http-equiv="refresh" content="0; url=../new/index.html">"#
        );
        let index = r#"window.deloadSearchIndex = {"docs":[["About","https://deload.example.org/about/","x"]]};"#;
        assert_eq!(
            rewritten(SEARCH_INDEX, index.as_bytes(), BASE).as_deref(),
            Some(r#"window.deloadSearchIndex = {"docs":[["About","about/index.html","x"]]};"#)
        );
    }

    #[test]
    fn root_relative_urls_of_the_site_are_rewritten_too() {
        let page = r#"<a href="/programs/">p</a><img src="//cdn.example/x.png">"#;
        assert_eq!(
            html("guidance/index.html", page),
            r#"<a href="../programs/index.html">p</a><img src="//cdn.example/x.png">"#
        );
        // under a base with a path, a root-relative URL outside it is not the site's
        let sub = "https://example.org/docs/";
        let page = r#"<a href="/docs/a/">a</a><a href="/blog/">b</a>"#;
        assert_eq!(
            rewritten("index.html", page.as_bytes(), sub).as_deref(),
            Some(r#"<a href="a/index.html">a</a><a href="/blog/">b</a>"#)
        );
        assert_eq!(root_path(sub), Some("/docs/"));
        assert_eq!(root_path("/"), None);
    }

    #[test]
    fn a_root_relative_base_keeps_protocol_relative_urls() {
        let page = r#"<a href="/guidance/">g</a><img src="//cdn.example/x.png">"#;
        assert_eq!(
            rewritten("a/index.html", page.as_bytes(), "/").as_deref(),
            Some(r#"<a href="../guidance/index.html">g</a><img src="//cdn.example/x.png">"#)
        );
    }
}
