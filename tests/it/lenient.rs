//! The build is lenient where Hugo and Zola are (issue #26): a front-matter key deload does not
//! know is a warning, one per key for the whole site, and its value reaches templates as
//! `page.extra.KEY`; a typo of a known key stays an error with its hint; `strict: true` in
//! site.yaml makes every unknown key an error; blank lines or a byte-order mark before the front
//! matter, and JSON front matter, are read.

use crate::support::Fixture;

/// A template that shows a page's foreign keys kept under `extra`.
const EXTRA_TEMPLATE: &str = "{% extends \"base.html\" %}\n{% block content %}\n<p id=\"layout\">{{ page.extra.layout }}</p><p id=\"series\">{{ page.extra.series | join(sep=\",\") }}</p><p id=\"hero\">{{ page.extra.hero }}</p>\n{% endblock content %}\n";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Five posts with Hugo and Jekyll keys deload does not have.
fn foreign_site() -> Fixture {
    let f = Fixture::new("basic");
    f.write("templates/extra.html", EXTRA_TEMPLATE);
    for n in 1..=5 {
        f.write(
            &format!("content/blog/p{n}.md"),
            &format!(
                "---\ntitle: Post {n}\ntemplate: extra.html\nlayout: post\nseries: [rest, sleep]\nextra:\n  hero: h{n}.png\n---\nText.\n"
            ),
        );
    }
    f
}

#[test]
fn foreign_keys_are_one_warning_each_and_reach_templates_as_extra() {
    let f = foreign_site();
    let out = f.build(&[]);
    let err = stderr(&out);
    assert_eq!(
        err.matches("front-matter key `layout` is not one of deload's")
            .count(),
        1,
        "one warning for the key, not one per file:\n{err}"
    );
    assert!(
        err.contains("kept as `page.extra.layout` (in 5 files: content/blog/p1.md:4, content/blog/p2.md:4, content/blog/p3.md:4 and 2 more)"),
        "{err}"
    );
    assert!(
        err.contains("content/blog/p1.md:4:1"),
        "located at the first:\n{err}"
    );
    assert!(
        err.contains("name a template file instead"),
        "the other generator's hint is kept:\n{err}"
    );
    assert!(err.contains("`series`"), "{err}");
    assert!(!err.contains("error:"), "{err}");
    let html = f.read_out("blog/p3/index.html");
    assert!(html.contains("<p id=\"layout\">post</p>"), "{html}");
    assert!(html.contains("<p id=\"series\">rest,sleep</p>"), "{html}");
    assert!(
        html.contains("<p id=\"hero\">h3.png</p>"),
        "the page's own extra is kept too:\n{html}"
    );
}

#[test]
fn strict_sites_refuse_every_unknown_key() {
    let f = foreign_site();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write("site.yaml", &format!("{yaml}strict: true\n"));
    let out = f.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("unknown front-matter key `layout` in 5 files"),
        "{err}"
    );
    assert!(err.contains("content/blog/p5.md:5:1"), "{err}");
}

#[test]
fn typos_of_known_keys_stay_errors_with_their_hint() {
    for (key, meant, line) in [
        ("titel", "title", 3),
        ("dtae", "date", 3),
        ("drafts", "draft", 3),
        ("Tags", "tags", 3),
    ] {
        let f = Fixture::new("basic");
        f.write(
            "content/blog/typo.md",
            &format!("---\ntitle: T\n{key}: x\n---\nText.\n"),
        );
        let out = f.run(&["build"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{key}: {err}");
        assert!(
            err.contains(&format!("unknown front-matter key `{key}`")),
            "{err}"
        );
        assert!(
            err.contains(&format!("content/blog/typo.md:{line}:1")),
            "{err}"
        );
        assert!(err.contains(&format!("did you mean `{meant}`?")), "{err}");
    }
    // other generators' keys that look like typos are theirs: `math` is not `path`
    let f = Fixture::new("basic");
    f.write(
        "content/blog/math.md",
        "---\ntitle: T\nmath: true\n---\nText.\n",
    );
    let err = stderr(&f.build(&[]));
    assert!(err.contains("`page.extra.math`"), "{err}");
}

#[test]
fn a_section_keeps_its_foreign_keys_and_the_hint_never_names_the_key_typed() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/_index.md",
        "---\ntitle: Blog\nsort_by: date\npage_template: post.html\ndate: 2020-01-01\n---\n",
    );
    let err = stderr(&f.build(&[]));
    assert!(
        err.contains("kept as `section.extra.page_template`"),
        "{err}"
    );
    assert!(err.contains("kept as `section.extra.date`"), "{err}");
    assert!(!err.contains("did you mean `date`"), "{err}");
}

#[test]
fn blank_lines_and_a_byte_order_mark_before_the_front_matter_are_read() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/blank.md",
        "\n\n  \n---\ntitle: Blank\n---\nText.\n",
    );
    f.write(
        "content/blog/bom.md",
        "\u{feff}+++\ntitle = \"Bom\"\n+++\nText.\n",
    );
    f.write(
        "content/blog/both.md",
        "\u{feff}\r\n---\r\ntitle: Both\r\ndate: 2020-13-01\r\n---\r\n",
    );
    let out = f.run(&["build"]);
    let err = stderr(&out);
    // the bad date is located on its own line, past the blank line
    assert!(err.contains("content/blog/both.md:4:7"), "{err}");
    f.write(
        "content/blog/both.md",
        "\u{feff}\r\n---\r\ntitle: Both\r\n---\r\nText.\r\n",
    );
    f.build(&[]);
    assert!(f.read_out("blog/blank/index.html").contains("Blank"));
    assert!(f.read_out("blog/bom/index.html").contains("Bom"));
    assert!(f.read_out("blog/both/index.html").contains("Both"));
}

#[test]
fn json_front_matter_is_read_as_hugo_reads_it() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/json.md",
        "{\n  \"title\": \"From JSON\",\n  \"date\": \"2020-01-02\",\n  \"tags\": [\"sleep\"],\n  \"aliases\": [\"/old/json/\"],\n  \"layout\": \"post\"\n}\nThe *body*.\n",
    );
    let err = stderr(&f.build(&[]));
    assert!(err.contains("content/blog/json.md:6:3"), "{err}");
    let html = f.read_out("blog/json/index.html");
    assert!(html.contains("From JSON"), "{html}");
    assert!(html.contains("The <em>body</em>."), "{html}");
    assert!(f.out().join("old/json/index.html").is_file());
    assert!(f.out().join("tags/sleep/index.html").is_file());
    f.write(
        "content/blog/json.md",
        "{\n  \"title\": \"From JSON\",\n  \"weight\": 1,,\n}\nBody.\n",
    );
    let out = f.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/blog/json.md:3:"), "{err}");
    assert!(err.contains("check the JSON"), "{err}");
}

#[test]
fn front_matter_link_and_template_errors_arrive_in_one_run() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/broken.md",
        "---\ntitle: [unclosed\n---\nText.\n",
    );
    f.write(
        "content/blog/links.md",
        "---\ntitle: Links\n---\n[ok](@/blog/broken.md), [ok too](/blog/broken/), [gone](@/blog/missing.md)\n",
    );
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.title }\n{% endblock content %}\n",
    );
    let out = f.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/blog/broken.md:2:"),
        "front matter:\n{err}"
    );
    assert!(
        err.contains("broken internal link: `@/blog/missing.md` does not exist"),
        "links:\n{err}"
    );
    assert!(err.contains("page.html"), "templates:\n{err}");
    assert!(
        !err.contains("`@/blog/broken.md` does not exist") && !err.contains("`/blog/broken/`"),
        "a link to the file that did not load is not also broken:\n{err}"
    );
    assert!(err.contains("build failed with 3 errors"), "{err}");
}

#[test]
fn check_counts_every_broken_link_of_the_run() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/one.md",
        "---\ntitle: One\n---\n[a](@/blog/nope.md) and [b](/nowhere/)\n",
    );
    f.write(
        "content/blog/two.md",
        "---\ntitle: Two\n---\n[c](@/blog/one.md#no-such-heading)\n",
    );
    let out = f.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("3 broken links (errors) in 2 files"), "{err}");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write("site.yaml", &format!("{yaml}links:\n  broken: warn\n"));
    let out = f.run(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        text.contains("3 broken links (warnings) in 2 files"),
        "{text}"
    );
}

#[test]
fn a_body_opening_with_a_shortcode_is_not_json_front_matter() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/call.md",
        "{{ figure(src=\"a.png\", alt=\"A\") }}\n",
    );
    let out = f.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the file does not start with front matter"),
        "{err}"
    );
}

#[test]
fn strict_on_the_command_line_refuses_unknown_keys_and_is_not_up_to_date() {
    let f = foreign_site();
    f.build(&[]);
    for cmd in ["build", "check"] {
        let out = f.run(&[cmd, "--strict"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            err.contains("unknown front-matter key `layout` in 5 files"),
            "{err}"
        );
    }
}

#[test]
fn same_page_anchors_are_checked_and_kept_as_written() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/anchors.md",
        "---\ntitle: Anchors\n---\n## Real one\n\n[up](#real-one) [gone](#nope) [top](#)\n",
    );
    let out = f.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("broken anchor: this page has no heading `#nope`"),
        "{err}"
    );
    assert!(err.contains("content/blog/anchors.md:6:17"), "{err}");
    assert!(
        err.contains("check failed with 1 error"),
        "only #nope:\n{err}"
    );
    f.write(
        "content/blog/anchors.md",
        "---\ntitle: Anchors\n---\n## Real one\n\n[up](#real-one) [top](#)\n",
    );
    f.build(&[]);
    let html = f.read_out("blog/anchors/index.html");
    assert!(html.contains(r##"<a href="#real-one">up</a>"##), "{html}");
    assert!(html.contains(r##"<a href="#">top</a>"##), "{html}");
}

#[test]
fn check_follows_links_written_with_the_sites_own_base_url() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/absolute.md",
        "---\ntitle: Absolute\n---\n## Here\n\n[ok](https://fixture.test/blog/absolute/#here) [gone](https://fixture.test/blog/missing/)\n[elsewhere](https://example.org/blog/missing/)\n",
    );
    let out = f.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`/blog/missing/` is not a page or file of the site (written with the site's own base URL)"),
        "{err}"
    );
    assert!(err.contains("content/blog/absolute.md:6:"), "{err}");
    assert!(err.contains("check failed with 1 error"), "{err}");
}
