//! Building fixture sites and the shipped site, and inspecting the output.

use std::collections::{HashMap, HashSet};

use crate::support::spec_site::percent_decode;
use crate::support::{Fixture, html_files};

fn built() -> Fixture {
    let f = Fixture::new("basic");
    f.build(&[]);
    f
}

#[test]
fn every_page_and_listing_is_written() {
    let f = built();
    for rel in [
        "index.html",
        "about-us/index.html",
        "blog/index.html",
        "blog/page/2/index.html",
        "blog/page/1/index.html",
        "blog/first/index.html",
        "blog/second/index.html",
        "blog/third/index.html",
        "blog/deep/index.html",
        "blog/deep/nested/index.html",
        "tags/index.html",
        "tags/sleep/index.html",
        "tags/rest-days/index.html",
        "tags/stress/index.html",
        "old-first/index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "search-index.js",
        "search.js",
        "style.css",
        "img/logo.txt",
        ".deload-output",
    ] {
        assert!(f.out().join(rel).is_file(), "missing {rel}");
    }
    assert!(
        !f.out().join("blog/draft").exists(),
        "drafts are not built by default"
    );
    let page = f.read_out("blog/first/index.html");
    assert!(
        page.contains("<title>First post · Fixture site</title>"),
        "{page}"
    );
    assert!(page.contains(r#"<link rel="canonical" href="https://fixture.test/blog/first/">"#));
}

#[test]
fn summary_line_counts_what_was_built() {
    let f = Fixture::new("basic");
    let out = f.build(&[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Built 5 pages, 3 sections, 3 tags, 0 plans in "),
        "{stdout}"
    );
}

#[test]
fn drafts_flag_includes_drafts() {
    let f = Fixture::new("basic");
    f.build(&["--drafts"]);
    assert!(f.out().join("blog/draft/index.html").is_file());
}

#[test]
fn internal_links_and_anchors_resolve_to_urls() {
    let f = built();
    let page = f.read_out("blog/first/index.html");
    assert!(
        page.contains(r#"href="https://fixture.test/blog/second/#part-two""#),
        "{page}"
    );
    assert!(page.contains(r#"href="https://fixture.test/""#));
    let nested = f.read_out("blog/deep/nested/index.html");
    assert!(nested.contains(r#"href="https://fixture.test/blog/""#));
    let home = f.read_out("index.html");
    assert!(
        home.contains(r#"href="https://fixture.test/blog/first/""#),
        "{home}"
    );
}

#[test]
fn headings_get_stable_unique_ids_and_a_toc() {
    let f = built();
    let page = f.read_out("blog/first/index.html");
    assert!(page.contains(r#"<h2 id="getting-started">"#));
    assert!(page.contains(r#"<h3 id="a-detail">"#));
    assert!(page.contains(r#"<h2 id="getting-started-1">"#));
    assert!(page.contains(r#"<nav class="toc" aria-label="On this page">"#));
    assert!(page.contains(r##"<a href="#a-detail">A detail</a>"##));
    // toc is opt-in
    assert!(
        !f.read_out("blog/second/index.html")
            .contains(r#"class="toc""#)
    );
}

#[test]
fn sections_sort_paginate_and_link_neighbours() {
    let f = built();
    let p1 = f.read_out("blog/index.html");
    let p2 = f.read_out("blog/page/2/index.html");
    // newest first: third, second | first
    let (i3, i2) = (
        p1.find("Third post").unwrap(),
        p1.find("Second post").unwrap(),
    );
    assert!(i3 < i2);
    assert!(!p1.contains("First post</a></h3>"));
    assert!(p2.contains("First post</a></h3>"));
    assert!(p1.contains("Page 1 of 2") && p2.contains("Page 2 of 2"));
    assert!(p1.contains(r#"rel="next" href="https://fixture.test/blog/page/2/""#));
    assert!(p2.contains(r#"rel="prev" href="https://fixture.test/blog/""#));
    assert!(
        f.read_out("blog/page/1/index.html")
            .contains("url=https://fixture.test/blog/")
    );
    let second = f.read_out("blog/second/index.html");
    assert!(
        second.contains(r#"rel="prev" href="https://fixture.test/blog/third/">← Third post"#),
        "{second}"
    );
    assert!(second.contains(r#"rel="next" href="https://fixture.test/blog/first/">First post →"#));
    // nested section listed under its parent
    assert!(p1.contains("Deep section"));
}

#[test]
fn summaries_reading_time_and_escaped_raw_html() {
    let f = built();
    let third = f.read_out("blog/third/index.html");
    assert!(
        third.contains("&lt;script&gt;alert"),
        "raw HTML is escaped by default"
    );
    assert!(!third.contains("<script>alert"));
    assert!(third.contains("1 min read"));
    let feed = f.read_out("atom.xml");
    // summary up to <!-- more -->: both paragraphs, nothing after the fold
    let entry = &feed[feed.find("Third post").unwrap()..];
    let entry = &entry[..entry.find("</entry>").unwrap()];
    assert!(
        entry.contains("Summary part two") && !entry.contains("After the fold"),
        "{entry}"
    );
}

#[test]
fn tags_list_and_term_pages() {
    let f = built();
    let list = f.read_out("tags/index.html");
    assert!(list.contains(r#"<a href="https://fixture.test/tags/rest-days/">Rest Days</a> <span class="count">(1)</span>"#), "{list}");
    assert!(list.contains(
        r#"<a href="https://fixture.test/tags/sleep/">sleep</a> <span class="count">(2)</span>"#
    ));
    let sleep = f.read_out("tags/sleep/index.html");
    assert!(
        sleep.contains("First post")
            && sleep.contains("Second post")
            && !sleep.contains("Third post")
    );
}

#[test]
fn feed_is_valid_atom_listing_dated_pages_newest_first() {
    let f = built();
    let xml = f.read_out("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml parses");
    let ns = "http://www.w3.org/2005/Atom";
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed");
    assert_eq!(root.tag_name().namespace(), Some(ns));
    let titles: Vec<&str> = root
        .children()
        .filter(|n| n.has_tag_name((ns, "entry")))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name((ns, "title")))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(titles, ["Third post", "Second post", "First post"]);
    let updated = root
        .children()
        .find(|n| n.has_tag_name((ns, "updated")))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(updated, "2026-03-01T00:00:00Z");
}

#[test]
fn sitemap_lists_every_page() {
    let f = built();
    let xml = f.read_out("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml parses");
    let locs: HashSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for path in [
        "",
        "about-us/",
        "blog/",
        "blog/first/",
        "blog/second/",
        "blog/third/",
        "blog/deep/",
        "blog/deep/nested/",
        "tags/",
        "tags/sleep/",
    ] {
        assert!(
            locs.contains(format!("https://fixture.test/{path}").as_str()),
            "missing {path}"
        );
    }
    assert!(!locs.iter().any(|l| l.contains("draft")));
    assert!(
        f.read_out("robots.txt")
            .contains("Sitemap: https://fixture.test/sitemap.xml")
    );
}

#[test]
fn search_index_holds_every_page() {
    let f = built();
    let js = f.read_out("search-index.js");
    let json = js
        .trim()
        .strip_prefix("window.deloadSearchIndex = ")
        .unwrap()
        .strip_suffix(';')
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let docs = v["docs"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    let first = docs.iter().position(|d| d[0] == "First post").unwrap() as u64;
    let sleep: Vec<u64> = v["index"]["sleep"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    assert!(sleep.chunks(2).any(|c| c[0] == first));
    assert!(v["index"].get("protein").is_some());
}

#[test]
fn aliases_redirect_to_the_page() {
    let f = built();
    let alias = f.read_out("old-first/index.html");
    assert!(
        alias.contains(
            r#"<meta http-equiv="refresh" content="0; url=https://fixture.test/blog/first/">"#
        ),
        "{alias}"
    );
}

#[test]
fn a_site_template_overrides_one_default_partial() {
    let f = Fixture::new("basic");
    f.write(
        "templates/partials/footer.html",
        "<footer><p>Coach Kim · call 555</p></footer>\n",
    );
    f.write("templates/custom.html", "{% extends \"base.html\" %}{% block content %}<p>CUSTOM {{ page.title }}</p>{% endblock content %}\n");
    f.write(
        "content/special.md",
        "---\ntitle: Special\ntemplate: custom.html\n---\nx\n",
    );
    f.build(&[]);
    let page = f.read_out("blog/first/index.html");
    assert!(page.contains("Coach Kim · call 555"));
    assert!(
        page.contains(r#"<nav class="site-nav""#),
        "other defaults remain"
    );
    assert!(
        f.read_out("special/index.html")
            .contains("<p>CUSTOM Special</p>")
    );
}

#[test]
fn base_url_flag_overrides_config() {
    let f = Fixture::new("basic");
    f.build(&["--base-url", "http://localhost:9999/sub"]);
    assert!(
        f.read_out("blog/first/index.html")
            .contains(r#"href="http://localhost:9999/sub/blog/second/#part-two""#)
    );
}

#[test]
fn rebuild_replaces_output_atomically_and_drops_stale_files() {
    let f = Fixture::new("basic");
    f.build(&[]);
    std::fs::remove_file(f.root().join("content/blog/third.md")).unwrap();
    f.build(&[]);
    assert!(!f.out().join("blog/third").exists());
    let leftovers: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("deload-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging folders left behind");
}

#[test]
fn check_writes_nothing() {
    let f = Fixture::new("basic");
    let out = f.run(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing written"));
    assert!(!f.out().exists());
}

#[test]
fn init_creates_a_site_that_builds_and_refuses_non_empty_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let out = crate::support::deload(tmp.path(), &["init", "mysite"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = tmp.path().join("mysite");
    assert!(site.join("site.yaml").is_file());
    assert!(!site.join("templates").exists(), "templates stay embedded");
    let out = crate::support::deload(&site, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.join("public/rest-days/index.html").is_file());
    assert!(
        site.join("programs/novice-full-body.yaml").is_file(),
        "a sample program"
    );
    assert!(
        site.join("public/programs/novice-full-body/plan-novice.html")
            .is_file()
    );
    assert!(
        site.join("public/guidance/sleep/index.html").is_file(),
        "rest days link here"
    );
    let again = crate::support::deload(tmp.path(), &["init", "mysite"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

/// Every `href`/`src` pointing into the site resolves to a built file, and every `#anchor` to an
/// element id in it. Checked on the shipped site.
#[test]
fn shipped_site_has_no_broken_links_or_anchors() {
    let f = Fixture::shipped();
    f.build(&["--base-url", "https://deload.test/"]);
    let out = f.out();
    let files = html_files(&out);
    assert!(files.len() >= 14, "the shipped site has its pages");
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for rel in &files {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        let key = rel.to_string_lossy().replace('\\', "/");
        ids.insert(key.clone(), attr_values(&html, "id").into_iter().collect());
        for a in ["href", "src"] {
            for v in attr_values(&html, a) {
                links.push((key.clone(), v));
            }
        }
    }
    let mut broken = Vec::new();
    for (from, url) in &links {
        let Some(rest) = url
            .strip_prefix("https://deload.test/")
            .or_else(|| url.strip_prefix('#').map(|_| ""))
        else {
            continue;
        };
        // URLs are percent-encoded (`/es/tags/sue%C3%B1o/`), files and ids are not
        let (path, anchor) = if let Some(a) = url.strip_prefix('#') {
            (from.clone(), Some(percent_decode(a)))
        } else {
            match rest.split_once('#') {
                Some((p, a)) => (file_of(&percent_decode(p)), Some(percent_decode(a))),
                None => (file_of(&percent_decode(rest)), None),
            }
        };
        if !out.join(&path).is_file() {
            broken.push(format!("{from}: {url} (no file {path})"));
            continue;
        }
        if let Some(a) = anchor
            && !a.is_empty()
            && !ids.get(&path).is_some_and(|s| s.contains(&a))
        {
            broken.push(format!("{from}: {url} (no #{a})"));
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

fn file_of(path: &str) -> String {
    let p = path.split('?').next().unwrap_or("");
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&pat) {
        let after = &rest[i + pat.len()..];
        let end = after.find('"').unwrap_or(after.len());
        out.push(after[..end].replace("&amp;", "&"));
        rest = &after[end..];
    }
    out
}

#[test]
fn site_wide_outputs_can_be_switched_off() {
    let f = Fixture::new("basic");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write("site.yaml", &format!("{yaml}outputs: {{ feed: false, sitemap: false, search: false, robots: false, not_found: false }}\n"));
    f.build(&[]);
    for gone in [
        "atom.xml",
        "sitemap.xml",
        "search-index.js",
        "robots.txt",
        "404.html",
    ] {
        assert!(!f.out().join(gone).exists(), "{gone} was written");
    }
    assert!(f.out().join("blog/first/index.html").is_file());
}

#[test]
fn overriding_base_html_does_not_break_unused_built_in_templates() {
    let f = Fixture::new("basic");
    // minimal templates (as the benchmark uses): a base without the `description` block that
    // the built-in programs pages fill
    crate::support::copy_dir(
        &crate::support::repo().join("scripts/bench/templates"),
        &f.root().join("templates"),
    );
    f.build(&[]);
    assert!(
        f.read_out("blog/first/index.html")
            .contains("<title>First post | Fixture site</title>")
    );
    // with programs published, the built-in programs templates are needed and the error says why
    std::fs::create_dir_all(f.root().join("programs")).unwrap();
    std::fs::copy(
        crate::support::repo().join("programs/rotation-abc.yaml"),
        f.root().join("programs/rotation-abc.yaml"),
    )
    .unwrap();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    // (the plans' guidance topics, all on the about page)
    let topics = crate::support::GUIDANCE_TOPICS
        .iter()
        .map(|t| format!("  {t}: \"@/about.md\"\n"))
        .collect::<String>();
    f.write(
        "site.yaml",
        &format!(
            "{}guidance:\n{topics}",
            yaml.replace("publish: false", "publish: true")
        ),
    );
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("does not work with the templates your site overrides"),
        "{stderr}"
    );
    assert!(stderr.contains("description"), "{stderr}");
}
