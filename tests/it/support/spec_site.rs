//! A site of CommonMark and GFM spec examples built by deload, one page per example (shared by
//! the spec suite in `markdown_spec.rs` and the Nu checker's look at its pages in the tools
//! target).

#![allow(dead_code)]

use std::path::Path;

use super::spec::Example;
use super::{deload, repo};

/// The site folder of example `n` of the suite `suite`, and its page's site path.
pub(crate) fn page_of(suite: &str, n: usize) -> (String, String) {
    (format!("{suite}/{n:04}"), format!("/{suite}/{n:04}/"))
}

/// A built site of spec examples.
pub(crate) struct Built {
    /// The site (its output in `public/`).
    pub(crate) dir: tempfile::TempDir,
    /// Each example's HTML (what its page's content is), suite by suite.
    pub(crate) pages: Vec<Vec<String>>,
    /// The build's warnings.
    pub(crate) stderr: String,
}

/// Builds one site with a page per example of each suite (`(name, examples)`).
pub(crate) fn render(suites: &[(&str, &[Example])]) -> Built {
    render_with(suites, "")
}

/// [`render`] with `markdown` settings added to site.yaml's (`  key: value\n` lines).
pub(crate) fn render_with(suites: &[(&str, &[Example])], markdown: &str) -> Built {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "site.yaml",
        &format!(
            "title: Spec\nbase_url: /\nmarkdown:\n  unsafe_html: true\n  heading_anchors: false\n\
             {markdown}links:\n  broken: warn\nprograms:\n  publish: false\noutputs: {{feed: false, \
             sitemap: false, search: false, robots: false, not_found: false}}\n"
        ),
    );
    write(
        root,
        "templates/page.html",
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ page.title }}</title>\
         </head><body><main>\n<!--spec-->{{ page.content | safe }}<!--/spec-->\n</main></body></html>\n",
    );
    write(root, "content/_index.md", "---\ntitle: Home\n---\n");
    for (suite, examples) in suites {
        for ex in *examples {
            let (folder, _) = page_of(suite, ex.number);
            let front = format!("---\ntitle: \"{suite} {}\"\n---\n", ex.number);
            write(
                root,
                &format!("content/{folder}/index.md"),
                &(front + &ex.markdown),
            );
            for target in targets(&ex.html) {
                place_target(root, &folder, &target);
            }
        }
    }
    let out = deload(root, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "the spec site did not build:\n{stderr}"
    );
    let pages = (suites.iter())
        .map(|(suite, examples)| {
            (examples.iter())
                .map(|ex| {
                    let (folder, _) = page_of(suite, ex.number);
                    let file = root.join(format!("public/{folder}/index.html"));
                    let html = std::fs::read_to_string(&file).unwrap_or_default();
                    let start = html.find("<!--spec-->").map_or(0, |i| i + 11);
                    let end = html.rfind("<!--/spec-->").unwrap_or(html.len());
                    html.get(start..end).unwrap_or_default().to_string()
                })
                .collect()
        })
        .collect();
    Built { dir, pages, stderr }
}

pub(crate) fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("a parent")).expect("create folder");
    std::fs::write(p, text).expect("write");
}

/// The `href` and `src` values of `html`, entities and `%XX` escapes decoded.
pub(crate) fn targets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            let Some(end) = rest.find('"') else { continue };
            let value = rest[..end]
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
            out.push(percent_decode(&value));
        }
    }
    out
}

pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = s
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A file for the link target `url` (decoded) of the page in `folder`: in `static/` for a
/// root-relative one, beside the page for a relative one. URLs with a scheme, `//host`,
/// fragments alone, folders and paths the build refuses to write (a `\`, a control character)
/// get none: those links stay broken, and are published as written.
pub(crate) fn place_target(root: &Path, folder: &str, url: &str) {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let scheme = path
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/'));
    let odd = path.is_empty()
        || path.ends_with('/')
        || path.ends_with(".md")
        || path.starts_with("//")
        || path.contains(|c: char| c.is_control() || c == '\\')
        || path.split('/').any(|seg| seg.starts_with('.'));
    if scheme || odd {
        return;
    }
    let file = match path.strip_prefix('/') {
        Some(rest) => root.join("static").join(rest),
        None => root.join("content").join(folder).join(path),
    };
    if let Some(parent) = file.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = std::fs::write(file, "target");
}

pub(crate) fn read_spec(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
