//! `deload check` finds what a crawler of the built site finds (issue #26): fixture sites are
//! built, every HTML page of the output is walked, every `href` and `src` is resolved as a
//! browser would (relative, root-relative, absolute to the site's own base URL, `#fragments`
//! against the ids of the target page), and the broken ones must be exactly those `deload check`
//! reported: none missed, none extra.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::support::import::import_edited;
use crate::support::spec_site::percent_decode;
use crate::support::{Fixture, deload, repo};

/// A built site as a crawler sees it: its output folder and the base URL its pages use.
struct Crawl {
    out: PathBuf,
    base: String,
    /// The ids of each HTML file read so far.
    ids: HashMap<PathBuf, BTreeSet<String>>,
}

/// A link a crawler found broken: the page and the link as written there, and what identifies
/// it (see [`key_of_link`]).
struct Broken {
    page: String,
    href: String,
    key: String,
}

/// The last path segment of a link, decoded (`../no-such/#x` → `no-such`): what a broken link
/// is known by on both sides, the crawler's (the URL published) and the check's (the URL as
/// written).
fn key_of_link(link: &str) -> String {
    let path = link.split(['#', '?']).next().unwrap_or(link);
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    let key = if last.is_empty() { link } else { last };
    percent_decode(key)
}

/// The `href` and `src` values and each `srcset` candidate's URL of the tags of `html` (entities
/// `&amp;` decoded), outside `<script>` and `<style>` elements; text in code blocks is escaped, so
/// never a tag.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        rest = &rest[end..];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        for attr in [
            " href=",
            " src=",
            " srcset=",
            "\nhref=",
            "\nsrc=",
            "\nsrcset=",
        ] {
            let mut from = 0;
            while let Some(j) = tag[from..].find(attr) {
                let v = &tag[from + j + attr.len()..];
                from += j + attr.len();
                let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                    continue;
                };
                let Some(len) = v[1..].find(q) else { continue };
                let value = v[1..1 + len].replace("&amp;", "&");
                if attr.ends_with("srcset=") {
                    let urls = value.split(',').filter_map(|c| c.split_whitespace().next());
                    out.extend(urls.map(String::from));
                } else {
                    out.push(value);
                }
            }
        }
        for raw in ["script", "style"] {
            if tag.starts_with(raw)
                && let Some(close) = rest.find(&format!("</{raw}"))
            {
                rest = &rest[close..];
            }
        }
    }
    out
}

/// The values of the `id` and `name` attributes of the tags of `html`.
fn ids(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for attr in [" id=\"", " name=\""] {
        for (i, _) in html.match_indices(attr) {
            let v = &html[i + attr.len()..];
            if let Some(end) = v.find('"') {
                out.insert(v[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// `target` (a relative path) resolved against the folder of the site path `page`; none when
/// it climbs above the root.
fn join(page: &str, target: &str) -> Option<String> {
    let mut segs: Vec<&str> = page.split('/').filter(|s| !s.is_empty()).collect();
    if !page.ends_with('/') {
        segs.pop();
    }
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segs.pop()?;
            }
            p => segs.push(p),
        }
    }
    let slash = if target.ends_with('/') || segs.is_empty() {
        "/"
    } else {
        ""
    };
    Some(format!("/{}{slash}", segs.join("/")))
}

impl Crawl {
    fn new(out: &Path, base: &str) -> Crawl {
        Crawl {
            out: out.to_path_buf(),
            base: base.to_string(),
            ids: HashMap::new(),
        }
    }

    /// Every HTML page of the output, with its site path (`blog/a/index.html` → `/blog/a/`).
    fn pages(&self) -> Vec<(String, PathBuf)> {
        crate::support::html_files(&self.out)
            .into_iter()
            .map(|rel| {
                let s = rel.to_string_lossy().replace('\\', "/");
                let path = match s.strip_suffix("index.html") {
                    Some(dir) => format!("/{dir}"),
                    None => format!("/{s}"),
                };
                (path, self.out.join(rel))
            })
            .collect()
    }

    /// The site path and fragment `href` (on the page at site path `page`) leads to, if it is a
    /// link into the site.
    fn target(&self, page: &str, href: &str) -> Option<(Option<String>, Option<String>)> {
        let (rest, frag) = match href.split_once('#') {
            Some((r, f)) => (r, Some(f.to_string()).filter(|f| !f.is_empty())),
            None => (href, None),
        };
        let rest = rest.split('?').next().unwrap_or(rest);
        let path = if let Some(own) = rest.strip_prefix(self.base.as_str()) {
            Some(format!("/{own}"))
        } else if rest.starts_with("//") || rest.split('/').next()?.contains(':') {
            return None;
        } else if rest.starts_with('/') {
            // a root-relative link resolves against the host, as a browser resolves it: under a
            // base URL with a path (`https://deload.example.org/manual/`) only the links under
            // that path (`/manual/...`) are the site's; any other (`/guidance/`) leaves it, so is
            // broken (known by its last segment)
            let base_path = (self.base.split("://").nth(1))
                .and_then(|b| b.find('/').map(|i| &b[i..]))
                .unwrap_or("/");
            rest.strip_prefix(base_path).map(|own| format!("/{own}"))
        } else if rest.is_empty() {
            Some(page.to_string())
        } else {
            join(page, rest)
        };
        Some((path, frag))
    }

    /// The output file of the site path `path`, if the build wrote it.
    fn file(&self, path: &str) -> Option<PathBuf> {
        let rel = percent_decode(path.trim_start_matches('/'));
        let file = self.out.join(&rel);
        if rel.is_empty() || path.ends_with('/') || file.is_dir() {
            let index = file.join("index.html");
            return index.is_file().then_some(index);
        }
        file.is_file().then_some(file)
    }

    /// Whether the HTML `file` has an element with the id (or name) `frag`.
    fn has_id(&mut self, file: &Path, frag: &str) -> bool {
        if file.extension().is_none_or(|e| e != "html") {
            return true;
        }
        let ids = self
            .ids
            .entry(file.to_path_buf())
            .or_insert_with(|| ids(&std::fs::read_to_string(file).unwrap_or_default()));
        ids.contains(frag) || ids.contains(&percent_decode(frag))
    }

    /// Every broken link of every page.
    fn broken(&mut self) -> Vec<Broken> {
        let mut out = Vec::new();
        for (page, file) in self.pages() {
            let html = std::fs::read_to_string(&file).unwrap_or_default();
            for href in links(&html) {
                let Some((path, frag)) = self.target(&page, &href) else {
                    continue;
                };
                let key = match path.as_deref().and_then(|p| self.file(p)) {
                    None => Some(key_of_link(&href)),
                    Some(target) => frag
                        .filter(|f| !self.has_id(&target, f))
                        .map(|f| percent_decode(&f)),
                };
                if let Some(key) = key {
                    out.push(Broken {
                        page: page.clone(),
                        href,
                        key,
                    });
                }
            }
        }
        out
    }
}

/// The broken links, one a line (`page → href`), for a failure's message.
fn describe(broken: &[Broken]) -> String {
    let lines: Vec<String> = (broken.iter())
        .map(|b| format!("{} → {} ({})", b.page, b.href, b.key))
        .collect();
    lines.join("\n")
}

/// What identifies each broken link or anchor `deload check` reported (`stderr`'s
/// `broken link: `X`` and `broken anchor: ... `#a`` lines).
fn reported(stderr: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in stderr.lines() {
        let Some(message) = line
            .strip_prefix("warning: broken ")
            .or_else(|| line.strip_prefix("error: broken "))
        else {
            continue;
        };
        let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
        let key = if message.starts_with("anchor") {
            quoted
                .last()
                .map(|a| percent_decode(a.trim_start_matches('#')))
        } else {
            quoted.first().map(|l| key_of_link(l))
        };
        out.extend(key);
    }
    out
}

/// Builds the site at `root` into `out`, crawls it and checks it; the crawler's broken links and
/// what the check reported.
fn crawl_and_check(root: &Path, out: &Path, base: &str) -> (Vec<Broken>, BTreeSet<String>) {
    let built = deload(root, &["build", "--out", &out.to_string_lossy()]);
    let err = String::from_utf8_lossy(&built.stderr).into_owned();
    assert!(built.status.success(), "build failed:\n{err}");
    let broken = Crawl::new(out, base).broken();
    let checked = deload(root, &["check"]);
    let err = String::from_utf8_lossy(&checked.stderr).into_owned();
    (broken, reported(&err))
}

/// A site with links of every kind a crawler follows, good and broken: Markdown, reference
/// style, raw HTML, shortcode output, same-page anchors, the site's own absolute URLs, Unicode
/// paths; broken links are warnings so that it builds.
fn linked_site() -> Fixture {
    let f = Fixture::new("basic");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &format!("{yaml}markdown:\n  unsafe_html: true\nlinks:\n  broken: warn\n"),
    );
    f.write(
        "templates/shortcodes/linkbox.html",
        "<a href=\"{{ to }}\">box</a> <img src=\"{{ img }}\" srcset=\"{{ img }} 1x, {{ img2 | default(value='/img/logo.txt') }} 2x\" alt=\"\">",
    );
    f.write(
        "content/blog/café-crème.md",
        "---\ntitle: Cafe\ndate: 2026-02-01\n---\n## Crème\n\nText.\n",
    );
    f.write("content/blog/links.md", LINKS_PAGE);
    f
}

/// The page of [`linked_site`] with every kind of link.
const LINKS_PAGE: &str = r##"---
title: Links
date: 2026-03-01
---
Summary with [a same-page anchor](#details), [a broken one](#summary-nowhere) and [a cite-like one](#raw-target).

## Details

- [ok page](/blog/first/) [ok @](@/blog/second.md#part-two) [bad @ anchor](@/blog/second.md#part-twoo)
- [bad root](/blog/missing-root/) [bad relative](../no-such-page/) [ok relative](../first/)
- [own ok](https://fixture.test/about-us/) [own bad](https://fixture.test/gone-page/) [own bad anchor](https://fixture.test/about-us/#no-such-heading)
- [ref ok][okref] and [ref bad][badref]
- <a href="/blog/raw-missing/">raw bad</a> <a href='/about-us/'>raw ok</a> <img src="/img/raw-missing.png" alt=""> <img src="/img/logo.txt" srcset="/img/logo.txt 1x, /img/srcset-missing.png 2x" alt="">
- <span id="raw-target"></span>[to a raw id](#raw-target) <a href="#raw-nowhere">raw bad anchor</a>
- <admin@example.org> [mail](mailto:a@b.org) [external](https://example.org/x)
- [café](@/blog/café-crème.md#crème) [encoded](/blog/caf%C3%A9-cr%C3%A8me/) [bad unicode](/blog/thé/)
- {{ linkbox(to="/blog/box-missing/", img="/img/logo.txt", img2="box-srcset-missing.png") }} {{ linkbox(to="../second/#part-two", img="box-missing.png") }}

[okref]: /blog/third/
[badref]: /blog/ref-missing/
"##;

#[test]
fn a_crawler_of_the_built_site_finds_no_broken_link_check_did_not_report() {
    let f = linked_site();
    let out = f.root().join("crawled");
    let (broken, reported) = crawl_and_check(f.root(), &out, "https://fixture.test/");
    let found: BTreeSet<String> = broken.iter().map(|b| b.key.clone()).collect();
    let expected: BTreeSet<String> = [
        "summary-nowhere",
        "part-twoo",
        "missing-root",
        "no-such-page",
        "gone-page",
        "no-such-heading",
        "ref-missing",
        "raw-missing",
        "raw-missing.png",
        "raw-nowhere",
        "thé",
        "box-missing",
        "box-missing.png",
        "srcset-missing.png",
        "box-srcset-missing.png",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let seen = describe(&broken);
    assert_eq!(found, expected, "the crawler's finds:\n{seen}");
    assert_eq!(
        reported, found,
        "what check reported, and the crawler's finds:\n{seen}"
    );
}

#[test]
fn a_broken_reference_link_is_reported_at_its_definition() {
    let f = linked_site();
    let out = f.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let Some(i) = err.find("`/blog/ref-missing/`") else {
        panic!("{err}");
    };
    let at = &err[i..];
    assert!(at.contains("content/blog/links.md:20:1"), "{at}");
}

#[test]
fn a_crawl_of_the_shipped_site_and_the_manual_finds_nothing_broken() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let shipped = Fixture::shipped();
    let (broken, reported) = crawl_and_check(
        shipped.root(),
        &tmp.path().join("site"),
        "https://deload.example.org/",
    );
    assert!(
        broken.is_empty() && reported.is_empty(),
        "{}\n{reported:?}",
        describe(&broken)
    );
    let docs = repo().join("docs");
    let yaml = std::fs::read_to_string(docs.join("site.yaml")).expect("docs/site.yaml");
    let base = yaml
        .lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .map(|b| b.trim().trim_matches('"').to_string())
        .expect("the manual's base_url");
    let (broken, reported) = crawl_and_check(&docs, &tmp.path().join("manual"), &base);
    assert!(
        broken.is_empty() && reported.is_empty(),
        "{}\n{reported:?}",
        describe(&broken)
    );
}

#[test]
fn the_redirect_pages_of_an_import_land_under_a_base_url_with_a_path() {
    // a multilingual Hugo site served under /blog/: its old /en/... list pages, moved term pages
    // and aliases are redirect pages, each of which must lead into the site
    let under_blog = |c: String| c.replace("hugo-langs.test/\"", "hugo-langs.test/blog/\"");
    let (tmp, dest, _) = import_edited("hugo", "hugo-languages", Some(("hugo.toml", &under_blog)));
    let out = tmp.path().join("crawled");
    let (broken, reported) = crawl_and_check(&dest, &out, "https://hugo-langs.test/blog/");
    assert!(
        broken.is_empty() && reported.is_empty(),
        "{}\n{reported:?}",
        describe(&broken)
    );
    // the crawl walked the redirect pages the import wrote, and each names its target
    let moved = std::fs::read_to_string(out.join("en/tags/sleep/index.html")).unwrap_or_default();
    assert!(moved.contains(r#"href="../../../tags/sleep/""#), "{moved}");
    let home = std::fs::read_to_string(out.join("en/index.html")).unwrap_or_default();
    assert!(home.contains(r#"href="../""#), "{home}");
}

#[test]
fn a_crawl_of_every_imported_fixture_finds_no_broken_link_check_did_not_report() {
    let fixtures = [
        ("hugo", "hugo"),
        ("hugo", "hugo-languages"),
        ("hugo", "hugo-permalinks"),
        ("hugo", "hugo-shortcodes"),
        ("jekyll", "jekyll"),
        ("jekyll", "jekyll-plugins"),
        ("zola", "zola"),
        ("zola", "zola-slugs"),
        ("zola", "zola-languages"),
    ];
    for (from, fixture) in fixtures {
        let (tmp, dest, _) = import_edited(from, fixture, None);
        let yaml = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
        let base = yaml
            .lines()
            .find_map(|l| l.strip_prefix("base_url:"))
            .map_or_else(
                || panic!("{fixture}: no base_url:\n{yaml}"),
                |b| b.trim().trim_matches('"').to_string(),
            );
        let base = if base.ends_with('/') {
            base
        } else {
            format!("{base}/")
        };
        let (broken, reported) = crawl_and_check(&dest, &tmp.path().join("crawled"), &base);
        let found: BTreeSet<String> = broken.iter().map(|b| b.key.clone()).collect();
        assert_eq!(
            found,
            reported,
            "{fixture}: the crawler's finds and what check reported:\n{}",
            describe(&broken)
        );
    }
}

#[test]
fn the_crawler_resolves_as_a_browser_does() {
    let c = Crawl::new(Path::new("/nowhere"), "https://x.test/");
    let t = |page: &str, href: &str| c.target(page, href);
    assert_eq!(t("/a/b/", "../c/"), Some((Some("/a/c/".into()), None)));
    assert_eq!(
        t("/a/b/", "#x"),
        Some((Some("/a/b/".into()), Some("x".into())))
    );
    assert_eq!(
        t("/a/", "https://x.test/d/#y"),
        Some((Some("/d/".into()), Some("y".into())))
    );
    assert_eq!(t("/a/", "https://other.test/"), None);
    assert_eq!(t("/a/", "mailto:a@b.org"), None);
    assert_eq!(t("/a/", "//cdn.test/x.js"), None);
    assert_eq!(key_of_link("/blog/caf%C3%A9/#x"), "café");
    // under a base URL with a path, a root-relative link outside it leaves the site
    let sub = Crawl::new(Path::new("/nowhere"), "https://x.test/blog/");
    assert_eq!(
        sub.target("/a/", "/blog/c/"),
        Some((Some("/c/".into()), None))
    );
    assert_eq!(sub.target("/a/", "/c/"), Some((None, None)));
    assert_eq!(
        sub.target("/a/b/", "../../c/"),
        Some((Some("/c/".into()), None))
    );
    assert_eq!(
        links(
            r#"<a href="/x/?a=1&amp;b=2">x</a><code>&lt;a href="/no/"&gt;</code><script>var s = '<a href="/js/">';</script><img src='y.png' srcset="a.png 1x, /b.png 2x">"#
        ),
        ["/x/?a=1&b=2", "y.png", "a.png", "/b.png"]
    );
}
