//! Markdown: render any text (raw HTML escaped and allowed), then resolve its internal links.
#![no_main]

use deload_site::markdown::{MarkdownOptions, render, resolve_links};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for unsafe_html in [false, true] {
        let r = render(text, MarkdownOptions {
            unsafe_html,
            heading_anchors: unsafe_html,
            smart_punctuation: !unsafe_html,
            ..MarkdownOptions::default()
        });
        let urls: Vec<String> = (0..r.links.len()).map(|i| format!("/p/{i}/")).collect();
        let _ = resolve_links(&r.html, &urls);
        // Fewer URLs than links must not panic either.
        let _ = resolve_links(&r.html, &urls[..urls.len() / 2]);
        if !unsafe_html {
            assert!(!r.html.contains("<script"), "raw HTML escaped by default");
        }
    }
});
