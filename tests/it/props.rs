//! Property tests for this package's entry points the fuzzers cover (front matter, Markdown), so
//! CI catches regressions without a nightly toolchain; the engine's (program YAML → plan,
//! exports, training logs) are in `crates/engine/tests/it/props.rs`. A few hundred cases each;
//! fast in debug builds.

use std::path::{Path, PathBuf};

use deload_site::content::{Page, Section, split_front_matter};
use deload_site::markdown::{MarkdownOptions, render, resolve_links};
use proptest::prelude::*;

fn cfg(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text made of pieces that matter to the parsers, plus arbitrary characters.
fn pieces(parts: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::sample::select(parts).prop_map(str::to_string),
            1 => "\\PC{0,8}",
            1 => "[\r\n\t \u{feff}\u{0}]{1,3}",
        ],
        0..max,
    )
    .prop_map(|v| v.concat())
}

const FRONT: &[&str] = &[
    "---\n",
    "---\r\n",
    "--- \n",
    "title: ",
    "a",
    "\"q\"",
    "date: ",
    "2026-01-05",
    "2026-13-40",
    "tags: [a, b]",
    "extra: {k: v}",
    "slug: ",
    "../x",
    "aliases: [/a/]",
    "&a [1, 2]",
    "*a",
    "\n",
    "  ",
    "- ",
    ":",
    "#",
    "draft: true",
    "weight: 3",
    "template: page.html",
    "toc: true",
    "sort_by: weight",
    "paginate_by: 0",
    "{",
    "]",
    "'",
    "!!binary",
    "? ",
];

const MD: &[&str] = &[
    "# ",
    "## ",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "  ",
    "```\n",
    "`",
    "*",
    "_",
    "[a](@/about.md)",
    "[b](@/blog/_index.md#x)",
    "[c](@/)",
    "[d](http://e.com)",
    "<script>x</script>",
    "<b>",
    "&amp;",
    "|a|b|\n|-|-|\n",
    "[^1]",
    "[^1]: note\n",
    "{#id}",
    "![i](@/img.png)",
    "deload-internal-link:0",
    "\\",
    "<!--",
    "-->",
    "~~",
    "- [ ] ",
    "<https://a.org>",
    "[x]: /y\n",
    "[x]",
    "'",
    "\"",
    "...",
    "---",
    "\r",
    "    ",
    "\t",
];

proptest! {
    #![proptest_config(cfg(300))]

    #[test]
    fn front_matter_never_panics(text in pieces(FRONT, 24)) {
        let p = Path::new("content/p.md");
        if let Ok(split) = split_front_matter(p, &text) {
            prop_assert_eq!(&text[split.body_offset..], split.body);
        }
        let _ = Page::parse(PathBuf::from("content/p.md"), "p.md".into(), text.clone());
        let _ = Section::parse(PathBuf::from("content/_index.md"), "_index.md".into(), text);
    }

    #[test]
    fn markdown_renders_and_resolves(text in pieces(MD, 30)) {
        let r = render(&text, MarkdownOptions::default());
        prop_assert!(!r.html.contains("<script"), "raw HTML is escaped by default: {}", r.html);
        let urls: Vec<String> = (0..r.links.len()).map(|i| format!("/p/{i}/?a=1&b=\"")).collect();
        let html = resolve_links(&r.html, &urls);
        prop_assert!(!html.contains("b=\""), "URLs are escaped in attributes");
        let _ = render(&text, MarkdownOptions { unsafe_html: true, heading_anchors: true, ..MarkdownOptions::default() });
    }

    /// The element estimate of `markdown::bounds` bounds the parser's events within a factor of
    /// two (a mark that makes no element of its own still splits the text around it), so the
    /// bound holds what the build keeps.
    #[test]
    fn the_element_estimate_bounds_the_parser_events(text in pieces(MD, 30)) {
        let estimate = deload_site::markdown::bounds::elements(&text).unwrap_or(usize::MAX);
        let opts = deload_site::markdown::options();
        let events = pulldown_cmark::Parser::new_ext(&text, opts).count();
        prop_assert!(events <= 2 * estimate, "{} events, estimate {}", events, estimate);
    }
}
