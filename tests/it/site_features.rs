//! What Hugo and Zola sites expect besides the content itself (issue #27): future-dated and
//! expired pages left out unless asked for, `ignore` patterns for content/ and static/, menus
//! from front matter with weights and nesting, and related pages. Each on the `basic` fixture
//! with a few pages added, built with a fixed date (`SOURCE_DATE_EPOCH`, never the real clock).

use std::io::{Read, Write};
use std::process::Output;
use std::time::{Duration, Instant};

use crate::support::{Fixture, ServeProcess};

/// 2026-06-01 12:00 UTC: the build's "today" in these tests.
const JUNE_1: &str = "1780315200";
/// 2026-09-02 12:00 UTC.
const SEPTEMBER_2: &str = "1788350400";

/// `deload ARGS` in the fixture with the build's date set to `epoch`.
fn run_on(f: &Fixture, epoch: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_deload"))
        .args(args)
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .unwrap_or_else(|e| panic!("run deload: {e}"))
}

/// `deload build ARGS` on `epoch` that must succeed; its stdout.
fn build_on(f: &Fixture, epoch: &str, args: &[&str]) -> String {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = run_on(f, epoch, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The basic fixture with a future page, an expired one and one expiring today, all tagged
/// `sleep` (each in its own spelling of the expiry key).
fn dated_site() -> Fixture {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/future/index.md",
        "---\ntitle: Future post\ndate: 2026-09-01\ntags: [sleep]\n---\nNot yet.\n",
    );
    f.write(
        "content/blog/expired.md",
        "---\ntitle: Expired post\ndate: 2026-01-15\nexpiry_date: 2026-05-31\ntags: [sleep]\n---\nGone.\n",
    );
    f.write(
        "content/blog/expiring/index.md",
        "---\ntitle: Expiring post\ndate: 2026-01-20\nexpiryDate: 2026-06-01\ntags: [sleep]\n---\nLast day.\n",
    );
    f.write(
        "content/blog/old-toml.md",
        "+++\ntitle = \"Old TOML post\"\ndate = 2025-01-01\nexpirydate = 2025-12-31\n+++\nGone too.\n",
    );
    f.write("content/blog/future/photo.txt", "not a bundle file");
    f
}

/// Every place a published page shows up: its own file, its section's listing, its tag's
/// page, the feed, the sitemap and the search index. Which of them name `path` (or `title`).
fn places_of(f: &Fixture, path: &str, title: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    if f.out()
        .join(path.trim_start_matches('/'))
        .join("index.html")
        .is_file()
    {
        found.push("page");
    }
    let url = format!("https://fixture.test{path}");
    let listing = (1..=4)
        .map(|n| {
            let rel = if n == 1 {
                "blog/index.html".to_string()
            } else {
                format!("blog/page/{n}/index.html")
            };
            std::fs::read_to_string(f.out().join(rel)).unwrap_or_default()
        })
        .collect::<String>();
    for (name, text) in [
        ("listing", listing),
        ("tag", f.read_out("tags/sleep/index.html")),
        ("feed", f.read_out("atom.xml")),
        ("sitemap", f.read_out("sitemap.xml")),
    ] {
        if text.contains(&url) {
            found.push(name);
        }
    }
    if f.read_out("search-index.js").contains(title) {
        found.push("search");
    }
    found
}

const EVERYWHERE: [&str; 6] = ["page", "listing", "tag", "feed", "sitemap", "search"];

#[test]
fn future_and_expired_pages_are_left_out_of_everything() {
    let f = dated_site();
    build_on(&f, JUNE_1, &[]);
    assert!(places_of(&f, "/blog/future/", "Future post").is_empty());
    assert!(places_of(&f, "/blog/expired/", "Expired post").is_empty());
    assert!(places_of(&f, "/blog/old-toml/", "Old TOML post").is_empty());
    assert!(
        !f.out().join("blog/future/photo.txt").exists(),
        "a left-out bundle's files are left out too"
    );
    // expiring today: still published
    assert_eq!(
        places_of(&f, "/blog/expiring/", "Expiring post"),
        EVERYWHERE
    );
    assert_eq!(places_of(&f, "/blog/second/", "Second post"), EVERYWHERE);
    // the sleep tag counts only the published pages
    let tags = f.read_out("tags/index.html");
    assert!(!tags.contains("Future post"), "{tags}");
}

#[test]
fn the_flags_and_site_yaml_publish_them_and_the_date_moves_on() {
    let f = dated_site();
    build_on(&f, JUNE_1, &[]);
    // the flags change the build: not "up to date"
    let out = build_on(&f, JUNE_1, &["--future"]);
    assert!(!out.contains("Up to date"), "{out}");
    assert_eq!(places_of(&f, "/blog/future/", "Future post"), EVERYWHERE);
    assert!(places_of(&f, "/blog/expired/", "Expired post").is_empty());
    build_on(&f, JUNE_1, &["--expired"]);
    assert!(places_of(&f, "/blog/future/", "Future post").is_empty());
    assert_eq!(places_of(&f, "/blog/expired/", "Expired post"), EVERYWHERE);
    assert!(f.out().join("blog/old-toml/index.html").is_file());
    // site.yaml's build settings do what the flags do
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write(
        "site.yaml",
        &format!("{yaml}build:\n  future: true\n  expired: true\n"),
    );
    build_on(&f, JUNE_1, &[]);
    assert_eq!(places_of(&f, "/blog/future/", "Future post"), EVERYWHERE);
    assert_eq!(places_of(&f, "/blog/expired/", "Expired post"), EVERYWHERE);
    // without them, a later date publishes the future post and unpublishes the expiring one
    f.write("site.yaml", &yaml);
    let out = build_on(&f, SEPTEMBER_2, &[]);
    assert!(!out.contains("Up to date"), "{out}");
    assert_eq!(places_of(&f, "/blog/future/", "Future post"), EVERYWHERE);
    assert!(places_of(&f, "/blog/expiring/", "Expiring post").is_empty());
    // `check` takes the same flags
    let out = run_on(&f, JUNE_1, &["check", "--future", "--expired"]);
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn a_bad_expiry_date_is_located_and_a_build_setting_typo_refused() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/bad.md",
        "---\ntitle: Bad\nexpirydate: 2026-02-30\n---\nText.\n",
    );
    let out = run_on(&f, JUNE_1, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`expirydate` is not a valid date: `2026-02-30`")
            && stderr.contains("content/blog/bad.md:3:13"),
        "{stderr}"
    );
    std::fs::remove_file(f.root().join("content/blog/bad.md")).unwrap_or_default();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write("site.yaml", &format!("{yaml}build:\n  futur: true\n"));
    let out = run_on(&f, JUNE_1, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("futur"), "{stderr}");
}

/// The status line and body of `GET path` from a server on `port`.
fn get(port: u16, path: &str) -> (String, String) {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))
        .unwrap_or_else(|e| panic!("connect: {e}"));
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).unwrap_or_default();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap_or_default();
    let status = text.lines().next().unwrap_or("").to_string();
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_string();
    (status, body)
}

#[test]
fn serve_follows_the_same_settings() {
    let f = dated_site();
    let wait = Duration::from_secs(20);
    {
        let s = ServeProcess::start(f.root(), &[("SOURCE_DATE_EPOCH", JUNE_1)], wait);
        let (status, _) = get(s.port, "/blog/future/");
        assert!(status.contains("404"), "{status}");
        let (status, _) = get(s.port, "/blog/expiring/");
        assert!(status.contains("200"), "{status}");
    }
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write("site.yaml", &format!("{yaml}build: {{future: true}}\n"));
    let s = ServeProcess::start(f.root(), &[("SOURCE_DATE_EPOCH", JUNE_1)], wait);
    let start = Instant::now();
    let (status, body) = get(s.port, "/blog/future/");
    assert!(
        status.contains("200"),
        "{status} after {:?}",
        start.elapsed()
    );
    assert!(body.contains("Not yet."), "{body}");
    let (status, _) = get(s.port, "/blog/expired/");
    assert!(status.contains("404"), "{status}");
}

#[test]
fn ignore_patterns_skip_content_and_static_files() {
    let f = Fixture::new("basic");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write(
        "site.yaml",
        &format!("{yaml}ignore: [\"*.Rmd\", \"drafts/**\", \"img/*.psd\"]\n"),
    );
    // an R Markdown source beside its rendered page, which is not Markdown deload can read
    f.write(
        "content/blog/analysis.Rmd",
        "---\ntitle: x\noutput: html_document\n---\n```{r}\nplot(1)\n```\n",
    );
    f.write(
        "content/blog/analysis.md",
        "---\ntitle: Analysis\n---\nDone.\n",
    );
    // a drafts folder whose front matter would not even parse
    f.write("content/drafts/idea.md", "no front matter\n");
    f.write("content/drafts/pic.png", "png");
    f.write("static/drafts/old.css", "a{}");
    f.write("static/img/logo.psd", "psd");
    f.write("static/img/deep/logo.psd", "psd");
    build_on(&f, JUNE_1, &[]);
    let out = f.out();
    assert!(out.join("blog/analysis/index.html").is_file());
    assert!(!out.join("blog/analysis.Rmd").exists());
    assert!(!out.join("drafts").exists());
    assert!(!out.join("img/logo.psd").exists());
    // `img/*.psd` is from the top of static/ and `*` stays in one folder
    assert!(out.join("img/deep/logo.psd").is_file());
    assert!(out.join("img/logo.txt").is_file(), "other files are copied");
    assert!(!f.read_out("sitemap.xml").contains("drafts"));
    // without the patterns the drafts folder is an error: they are what skipped it
    f.write("site.yaml", &yaml);
    let out = run_on(&f, JUNE_1, &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("content/drafts/idea.md"),
        "{out:?}"
    );
}

/// The basic fixture with pages sharing tags with `blog/first.md` (tags `sleep`, `Rest Days`),
/// and a template that prints each page's related pages with their scores.
fn related_site(extra_yaml: &str) -> Fixture {
    let f = Fixture::new("basic");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    let yaml = yaml.replace("  - name: tags\n", "  - name: tags\n  - name: topics\n");
    f.write("site.yaml", &format!("{yaml}{extra_yaml}"));
    let page = |rel: &str, front: &str| {
        f.write(
            rel,
            &format!("---\n{front}template: scores.html\n---\nText.\n"),
        );
    };
    page(
        "content/blog/fourth.md",
        "title: Fourth\ndate: 2025-06-01\ntags: [sleep, Rest Days]\n",
    );
    page(
        "content/newer.md",
        "title: Newer\ndate: 2026-05-01\ntags: [sleep]\n",
    );
    page(
        "content/older.md",
        "title: Older\ndate: 2026-04-01\ntags: [sleep]\n",
    );
    page(
        "content/topical.md",
        "title: Topical\ndate: 2020-01-01\ntopics: [naps]\n",
    );
    page(
        "content/blog/sixth.md",
        "title: Sixth\ndate: 2020-01-01\ntopics: [naps]\n",
    );
    page("content/alone.md", "title: Alone\ntags: [nothing-shared]\n");
    let first = std::fs::read_to_string(f.root().join("content/blog/first.md")).unwrap_or_default();
    f.write(
        "content/blog/first.md",
        &first.replace("toc: true\n", "toc: true\ntopics: [naps]\n"),
    );
    f.write(
        "templates/scores.html",
        "{% for r in page.related %}{{ r.path }}={{ r.score }};{% endfor %}\n",
    );
    f
}

#[test]
fn related_pages_are_ranked_by_shared_terms_then_date() {
    let f = related_site("");
    build_on(&f, JUNE_1, &[]);
    // first.md: Fourth shares both tags (2 + 2) and the section (1); Second one tag (2) and the
    // section (1); Newer, Older and Sixth 2 each, newest first (a tag each; a topic and the
    // section); Topical one topic (1), sixth of five; Third and Alone nothing.
    let page = f.read_out("blog/first/index.html");
    let list = page
        .split("<h2 id=\"related-heading\">Related</h2>")
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .unwrap_or_default();
    let hrefs: Vec<&str> = (list.split("href=\"").skip(1))
        .filter_map(|h| h.split('"').next())
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://fixture.test/blog/fourth/",
            "https://fixture.test/blog/second/",
            "https://fixture.test/newer/",
            "https://fixture.test/older/",
            "https://fixture.test/blog/sixth/",
        ],
        "{page}"
    );
    assert!(
        page.contains(r#"<nav class="related" aria-labelledby="related-heading">"#)
            && page.contains(r#"<li><a href="https://fixture.test/blog/fourth/">Fourth</a></li>"#),
        "{page}"
    );
    // the scores, through a template of the pages' own
    assert_eq!(
        f.read_out("blog/fourth/index.html").trim(),
        "/blog/first/=5;/blog/second/=3;/newer/=2;/older/=2;"
    );
    assert_eq!(
        f.read_out("topical/index.html").trim(),
        "/blog/first/=1;/blog/sixth/=1;"
    );
    // the same section alone does not make pages related
    assert_eq!(f.read_out("alone/index.html").trim(), "");
    assert!(!f.read_out("blog/sixth/index.html").contains("/blog/third/"));
    // a page with nothing related gets no list
    let third = f.read_out("blog/third/index.html");
    assert!(!third.contains("related-heading"), "{third}");
}

#[test]
fn related_count_limits_or_turns_them_off() {
    let f = related_site("related: {count: 2}\n");
    build_on(&f, JUNE_1, &[]);
    assert_eq!(
        f.read_out("blog/fourth/index.html").trim(),
        "/blog/first/=5;/blog/second/=3;"
    );
    let f = related_site("related: {count: 0}\n");
    build_on(&f, JUNE_1, &[]);
    assert_eq!(f.read_out("blog/fourth/index.html").trim(), "");
    let page = f.read_out("blog/first/index.html");
    assert!(!page.contains("related-heading"), "{page}");
}

/// The `<nav class="site-nav">` element of a built page.
fn site_nav(html: &str) -> &str {
    let start = html.find("<nav class=\"site-nav\"").unwrap_or(0);
    let end = html[start..]
        .find("</nav>")
        .map_or(html.len(), |i| start + i + 6);
    &html[start..end]
}

#[test]
fn a_flat_site_menu_renders_as_it_always_did() {
    let f = Fixture::new("basic");
    build_on(&f, JUNE_1, &[]);
    let html = f.read_out("about-us/index.html");
    assert_eq!(
        site_nav(&html),
        "<nav class=\"site-nav\" aria-label=\"Main\">\n  <ul>\n\n    <li><a href=\"https://fixture.test/blog/\">Blog</a></li>\n\n    <li><a href=\"https://fixture.test/about-us/\" aria-current=\"page\">About</a></li>\n\n  </ul>\n</nav>"
    );
}

/// The basic fixture with a `Guides` entry in site.yaml and pages in the main menu (two under
/// Guides) and in a `footer` menu.
fn menu_site() -> Fixture {
    let f = Fixture::new("basic");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write(
        "site.yaml",
        &yaml.replace(
            "    url: \"@/about.md\"\n",
            "    url: \"@/about.md\"\n  - name: Guides\n    url: /tags/\n    weight: 20\n    identifier: guides\n",
        ),
    );
    let edit = |rel: &str, add: &str| {
        let path = f.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        f.write(rel, &text.replacen("---\n", &format!("---\n{add}"), 1));
    };
    edit(
        "content/blog/first.md",
        "menu: {main: {parent: guides, weight: 2, name: \"First!\"}}\n",
    );
    edit(
        "content/blog/second.md",
        "menu:\n  main:\n    parent: Guides\n    weight: 1\n",
    );
    edit(
        "content/blog/third.md",
        "menu: main\ntemplate: menus.html\n",
    );
    edit(
        "content/blog/deep/nested.md",
        "menu: {footer: {weight: -1}}\n",
    );
    edit("content/about.md", "menu: [footer]\n");
    f.write(
        "templates/menus.html",
        "{% for name in [\"footer\", \"main\"] %}{{ name }}:{% for m in config.menus[name] %} {{ m.name }} {{ m.url }} {{ m.weight }}{% for c in m.children %} [{{ c.name }} {{ c.identifier }}]{% endfor %};{% endfor %}\n{% endfor %}",
    );
    f
}

#[test]
fn pages_join_the_menus_by_weight_with_one_level_of_nesting() {
    let f = menu_site();
    build_on(&f, JUNE_1, &[]);
    assert_eq!(
        f.read_out("blog/third/index.html"),
        "footer: Nested page https://fixture.test/blog/deep/nested/ -1; About us https://fixture.test/about-us/ 0;\n\
         main: Blog https://fixture.test/blog/ 0; About https://fixture.test/about-us/ 0; Third post https://fixture.test/blog/third/ 0; Guides https://fixture.test/tags/ 20 [Second post Second post] [First! First!];\n"
    );
    // the default header: nested lists in the nav, the page being shown marked
    let html = f.read_out("blog/first/index.html");
    let nav = site_nav(&html);
    assert!(
        nav.contains(
            "<li><a href=\"https://fixture.test/tags/\">Guides</a>\n      <ul>\n        <li><a href=\"https://fixture.test/blog/second/\">Second post</a></li>\n        <li><a href=\"https://fixture.test/blog/first/\" aria-current=\"page\">First!</a></li>\n      </ul>\n    </li>"
        ),
        "{nav}"
    );
    assert_eq!(nav.matches("aria-current").count(), 1, "{nav}");
    // TOML front matter writes the same as a table
    f.write(
        "content/blog/toml.md",
        "+++\ntitle = \"In TOML\"\n[menu.main]\nparent = \"guides\"\nweight = 0\n+++\nText.\n",
    );
    build_on(&f, JUNE_1, &[]);
    let nav_after = f.read_out("blog/first/index.html");
    let nav_after = site_nav(&nav_after);
    let toml = nav_after.find(">In TOML<");
    assert!(
        toml.is_some() && toml < nav_after.find(">Second post<"),
        "{nav_after}"
    );
}

#[test]
fn a_parent_that_is_not_a_top_level_entry_is_located() {
    let f = menu_site();
    let text = std::fs::read_to_string(f.root().join("content/blog/third.md")).unwrap_or_default();
    f.write(
        "content/blog/third.md",
        &text.replace("menu: main\n", "menu: {main: {parent: First!}}\n"),
    );
    let out = run_on(&f, JUNE_1, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "menu entry `Third post`: parent `First!` of menu `main` is not a top-level entry"
        ) && stderr.contains("content/blog/third.md:2:7"),
        "{stderr}"
    );
    // a misspelt entry key is located at the page's `menu:`
    f.write(
        "content/blog/third.md",
        &text.replace("menu: main\n", "menu: {main: {wieght: 1}}\n"),
    );
    let out = run_on(&f, JUNE_1, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`menu.main`: unknown field `wieght`")
            && stderr.contains("content/blog/third.md:2:7"),
        "{stderr}"
    );
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write("content/blog/third.md", &text);
    f.write(
        "site.yaml",
        &yaml.replace(
            "    identifier: guides\n",
            "    identifier: guides\n    parent: Nowhere\n",
        ),
    );
    let out = run_on(&f, JUNE_1, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("parent `Nowhere` of menu `main`") && stderr.contains("site.yaml:"),
        "{stderr}"
    );
}
