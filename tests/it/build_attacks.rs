//! Hostile sites given to `deload build`: outputs reaching the sources through symlinks,
//! aliases over generated files, dangerous link schemes, pathological Markdown and YAML. Each is
//! refused (or made harmless) with a located message, in bounded time and memory.

use std::time::Duration;

use crate::support::Fixture;
use crate::support::bounded::{GIB, deload_bounded};

/// `--out` is checked after resolving symlinks: a link to content/, a link inside the path, a
/// link to a source folder that is itself a link, and `..` after a part that does not exist.
#[cfg(unix)]
#[test]
fn an_out_reaching_the_sources_through_a_symlink_is_refused() {
    use std::os::unix::fs::symlink;
    let f = Fixture::new("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    symlink(f.root().join("content"), elsewhere.path().join("c")).unwrap();
    symlink(f.root().join("content/blog"), f.root().join("blog-link")).unwrap();
    let via_link = elsewhere.path().join("c/public");
    let dotdot = elsewhere.path().join("c/missing/../public");
    for out_arg in [
        via_link.to_str().unwrap(),
        "blog-link/public",
        dotdot.to_str().unwrap(),
    ] {
        let out = f.run(&["build", "--out", out_arg]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{out_arg}: {stderr}");
        assert!(
            stderr.contains("inside the site's content/"),
            "{out_arg}: {stderr}"
        );
    }
    assert!(!f.root().join("content/public").exists());
    assert!(!f.root().join("content/blog/public").exists());

    // content/ itself a link to a folder outside the site: its target is a source folder too
    let g = Fixture::new("basic");
    let moved = tempfile::tempdir().unwrap();
    std::fs::rename(g.root().join("content"), moved.path().join("content")).unwrap();
    symlink(moved.path().join("content"), g.root().join("content")).unwrap();
    let target = moved.path().join("content/public");
    let out = g.run(&["build", "--out", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside the site's content/"));
    assert!(!target.exists());
    // a build into an ordinary folder still works
    g.build(&[]);
}

/// Aliases over files the build makes, with what the error says about each.
// fn-length: data table
const ALIAS_CLASHES: [(&str, &str); 12] = [
    (
        "/index.html",
        "would replace index.html, made by the home page",
    ),
    (
        "/tags/",
        "would replace tags/index.html, made by the tags list",
    ),
    (
        "/tags/sleep/",
        "would replace tags/sleep/index.html, made by the tags page for `sleep`",
    ),
    (
        "/blog/page/2/",
        "would replace blog/page/2/index.html, made by content/blog/_index.md",
    ),
    (
        "/atom.xml",
        "needs a folder where the file atom.xml is, made by the Atom feed",
    ),
    (
        "/sitemap.xml",
        "needs a folder where the file sitemap.xml is, made by the sitemap",
    ),
    (
        "/robots.txt",
        "needs a folder where the file robots.txt is, made by robots.txt",
    ),
    ("/404.html", "would replace 404.html, made by the 404 page"),
    (
        "/search-index.js",
        "needs a folder where the file search-index.js is, made by the search index",
    ),
    (
        "/style.css",
        "needs a folder where the file style.css is, made by the theme's style.css",
    ),
    (
        "/img/logo.txt",
        "needs a folder where the file img/logo.txt is, made by static/img/logo.txt",
    ),
    (
        "/odd.html",
        "would be a file where the folder of odd.html/keep.txt is, made by static/odd.html/keep.txt",
    ),
];

/// An alias may not replace a file the build makes: the home page, a section, its listing pages,
/// the taxonomy pages, the feed, the sitemap, the search index, theme and static files. Each is
/// an error at the alias naming both, and the output is left as it was.
#[test]
fn an_alias_over_a_generated_file_is_an_error_naming_both() {
    let f = Fixture::new("basic");
    f.write(
        "static/odd.html/keep.txt",
        "a static file in a folder named like a page\n",
    );
    f.build(&[]);
    let home = f.read_out("index.html");
    for (alias, names) in ALIAS_CLASHES {
        f.write(
            "content/about.md",
            &format!(
                "---\ntitle: \"About us\"\naliases:\n  - \"/old/\"\n  - \"{alias}\"\n---\nAbout.\n"
            ),
        );
        let out = f.run(&["build"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{alias}: {err}");
        assert!(
            err.contains(&format!("the alias `{alias}`")),
            "{alias}: {err}"
        );
        assert!(err.contains("content/about.md:5:6"), "{alias}: {err}");
        assert!(err.contains(names), "{alias}: {err}");
        assert_eq!(
            f.read_out("index.html"),
            home,
            "{alias}: the output is untouched"
        );
    }
    // the home page's own URL was already a clash of two pages
    f.write(
        "content/about.md",
        "---\ntitle: About\naliases: [\"/\"]\n---\nAbout.\n",
    );
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/_index.md and an alias in content/about.md"),
        "{err}"
    );
}

/// Links that run code when clicked (`javascript:` in any case, `data:`, `vbscript:`, hidden
/// behind entities or tabs) are rendered as plain text with a warning at the link; so is a menu
/// item. With `markdown.unsafe_html` (trusted content) they are kept as written.
#[test]
fn script_links_are_rendered_inert_with_a_located_warning() {
    let f = Fixture::new("basic");
    let body = "Links: [a](JaVaScRiPt:alert(1)) [b](data:text/html,<script>alert(1)</script>)\n\
                [c](vbscript:msgbox) [d](&#106;avascript:alert(1)) [e](<java\tscript:alert(1)>)\n\
                ![f](javascript:alert(1)) [ok](https://example.org/) [mail](mailto:a@b.org)\n";
    f.write(
        "content/about.md",
        &format!("---\ntitle: About\n---\n{body}"),
    );
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "menu:\n",
        "menu:\n  - name: Evil\n    url: \"javascript:alert(document.cookie)\"\n",
    );
    f.write("site.yaml", &yaml);
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for at in [
        "about.md:4:8",
        "about.md:4:33",
        "about.md:5:1",
        "about.md:5:22",
        "about.md:5:52",
        "about.md:6:1",
    ] {
        assert!(err.contains(at), "a warning at {at}:\n{err}");
    }
    assert!(err.contains("rendered as plain text"), "{err}");
    assert!(
        err.contains("site.yaml:") && err.contains("`Evil` was left out"),
        "{err}"
    );
    for file in crate::support::html_files(&f.out()) {
        let html = std::fs::read_to_string(f.out().join(&file))
            .unwrap()
            .to_lowercase();
        for scheme in ["javascript:", "vbscript:", "data:text"] {
            assert!(!html.contains(scheme), "{} has {scheme}", file.display());
        }
    }
    let about = f.read_out("about/index.html");
    assert!(
        about.contains(">a<") || about.contains(" a "),
        "the link text stays: {about}"
    );
    assert!(about.contains(r#"href="https://example.org/""#), "{about}");
    assert!(about.contains(r#"href="mailto:a@b.org""#), "{about}");

    // trusted content: kept as written, no warning
    f.write(
        "site.yaml",
        &format!("{yaml}markdown:\n  unsafe_html: true\n"),
    );
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("plain text") && !err.contains("left out"),
        "{err}"
    );
    assert!(
        f.read_out("about/index.html")
            .contains(r#"href="JaVaScRiPt:alert(1)""#)
    );
    assert!(
        f.read_out("index.html")
            .contains("javascript:alert(document.cookie)")
    );
}

/// Heading attributes (`{#x tabindex=0 autofocus onfocus=alert(1)}`) keep only a safe id and
/// classes unless the content is trusted: the event handler, `autofocus`, `tabindex`, `style` and
/// an id or class of unsafe characters never reach the page, and each heading that lost something
/// gets a warning at its line (after a shortcode and an alert too, whose expansion moves the
/// Markdown). With `markdown.unsafe_html` every attribute is kept, as written.
#[test]
fn heading_attributes_keep_only_a_safe_id_and_classes() {
    let f = Fixture::new("basic");
    let body = "## Title {#x tabindex=0 autofocus onfocus=alert(1)}\n\n\
                ## Styled {.wide style=color:red}\n\n\
                {{ note(text=\"Rest.\") }}\n\n\
                > [!TIP]\n> Sleep.\n\n\
                ### Evil id {#a\"onmouseover=\"alert(2) .ok id=fine}\n\n\
                ## Plain {#plain .one class=two}\n";
    f.write(
        "content/about.md",
        &format!("---\ntitle: About\n---\n{body}"),
    );
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    for (at, what) in [
        ("about.md:4:1", "`onfocus=alert(1)`"),
        ("about.md:6:1", "`style=color:red`"),
        ("about.md:13:1", "`#a\\\"onmouseover=\\\"alert(2)`"),
    ] {
        let line = err
            .lines()
            .position(|l| l.contains(at))
            .unwrap_or_else(|| panic!("a warning at {at}:\n{err}"));
        let near: String = err.lines().skip(line.saturating_sub(2)).take(4).collect();
        assert!(near.contains("heading attributes dropped"), "{near}");
        assert!(err.contains(what), "{what} named:\n{err}");
    }
    assert!(
        !err.contains("about.md:15:"),
        "a safe heading warns:\n{err}"
    );
    let html = f.read_out("about/index.html");
    let lower = html.to_lowercase();
    for bad in [
        "onfocus",
        "autofocus",
        "tabindex=\"0\"",
        "style=",
        "onmouseover",
    ] {
        assert!(!lower.contains(bad), "{bad} in the page:\n{html}");
    }
    assert!(html.contains(r#"<h2 id="x">"#), "{html}");
    assert!(html.contains(r#"<h2 id="styled" class="wide">"#), "{html}");
    assert!(html.contains(r#"<h3 id="fine" class="ok">"#), "{html}");
    assert!(
        html.contains(r#"<h2 id="plain" class="one two">"#),
        "{html}"
    );

    // trusted content: every attribute as written, no warning
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &format!("{yaml}markdown:\n  unsafe_html: true\n"),
    );
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("heading attributes"), "{err}");
    let html = f.read_out("about/index.html");
    assert!(
        html.contains(r#"tabindex="0" autofocus="" onfocus="alert(1)""#),
        "{html}"
    );
}

/// YAML nested a million `[` deep (front matter, site.yaml, a program, an athlete file) is
/// refused at the bracket past the limit before the parser sees it: the parser took 21 s for
/// 100,000 and ran past 90 s for a million.
#[test]
fn deep_yaml_is_refused_before_parsing() {
    let deep = "[".repeat(1_000_000);
    let f = Fixture::new("basic");
    f.write(
        "content/deep.md",
        &format!("---\ntitle: Deep\nextra:\n  deep: {deep}\n---\nBody.\n"),
    );
    let out = deload_bounded(f.root(), &["build"], GIB, Duration::from_secs(30))
        .ended("a million `[` in front matter");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/deep.md:4:137"), "{err}");
    assert!(err.contains("nest deeper than 128 levels"), "{err}");

    let g = Fixture::new("basic");
    let site = std::fs::read_to_string(g.root().join("site.yaml")).unwrap();
    g.write(
        "site.yaml",
        &format!("{site}extra:\n  deep: {}\n", "{".repeat(1_000_000)),
    );
    let out = deload_bounded(g.root(), &["build"], GIB, Duration::from_secs(30))
        .ended("a million `{` in site.yaml");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("site.yaml:") && err.contains("nest deeper than 128"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    let program = format!("name: Deep\nweeks: {deep}\n");
    std::fs::write(dir.path().join("deep.yaml"), program).unwrap();
    let out = deload_bounded(
        dir.path(),
        &["plan", "deep.yaml"],
        GIB,
        Duration::from_secs(30),
    )
    .ended("a million `[` in a program");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("deep.yaml:2:136"), "{err}");
}

/// A page of `body` in a copy of the basic fixture, built under 1 GiB of address space and a
/// deadline: it must fail with the located `error`, not abort.
fn refused_page(what: &str, body: &str, located: &str, error: &str) {
    let f = Fixture::new("basic");
    f.write("content/bomb.md", &format!("---\ntitle: Bomb\n---\n{body}"));
    let out = deload_bounded(f.root(), &["build"], GIB, Duration::from_secs(60)).ended(what);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: {err}");
    assert!(err.contains(located), "{what}: {err}");
    assert!(err.contains(error), "{what}: {err}");
    assert!(!err.contains("memory allocation"), "{what}: {err}");
}

/// Pages well under the 32 MiB size limit that made the Markdown parser and the build's events
/// take gigabytes (the build aborted asking for 1.3 GB) are refused before parsing, at the
/// place they pass a bound.
#[test]
fn pathological_markdown_is_a_located_error_not_an_abort() {
    const DEPTH: &str = "nest deeper than deload's limit of 128 levels";
    const ELEMENTS: &str = "more Markdown elements than deload's limit of 500,000";
    // 8 MB of `1. `: lists nested 2.7 million deep, refused at the 129th
    let lists = "1. ".repeat(8_000_000 / 3);
    refused_page("8 MB of `1. `", &lists, "content/bomb.md:4:385", DEPTH);
    refused_page(
        "16 MB of `[`",
        &"[".repeat(16_000_000),
        "content/bomb.md:4:1",
        ELEMENTS,
    );
    refused_page(
        "2 MB of `[`",
        &"[".repeat(2_000_000),
        "content/bomb.md:4:1",
        ELEMENTS,
    );
    // tables whose rows are filled up to a 362-column header: 180 parser events a byte
    let table = format!(
        "{}|\n{}|\n{}\n",
        "|a".repeat(362),
        "|-".repeat(362),
        "a\n".repeat(724)
    );
    refused_page(
        "580 KB of tables",
        &table.repeat(200),
        "content/bomb.md:",
        ELEMENTS,
    );
    let quotes = format!("{}x\n", "> ".repeat(100_000));
    refused_page(
        "100,000 nested quotes",
        &quotes,
        "content/bomb.md:4:257",
        DEPTH,
    );
}

/// A section's body is bounded like a page's.
#[test]
fn a_pathological_section_body_is_refused_too() {
    let f = Fixture::new("basic");
    let index = std::fs::read_to_string(f.root().join("content/blog/_index.md")).unwrap();
    f.write(
        "content/blog/_index.md",
        &format!("{index}\n{}\n", "- ".repeat(1000)),
    );
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/blog/_index.md:9:257"), "{err}");
}
