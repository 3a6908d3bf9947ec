//! The site's own links as issue #33 asks: email autolinks are `mailto:` links, destinations are
//! percent-encoded as CommonMark encodes them (in Markdown, shortcode output and the menu) and
//! found encoded or not, `links.unchecked` publishes a link deload cannot verify, and
//! `links.broken: warn` makes broken links warnings.

use crate::support::Fixture;

/// The basic fixture with `yaml` added to site.yaml and `body` as the About page.
fn site(yaml: &str, body: &str) -> Fixture {
    let f = Fixture::new("basic");
    let site = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write("site.yaml", &format!("{site}{yaml}"));
    f.write(
        "content/about.md",
        &format!("---\ntitle: About\n---\n{body}"),
    );
    f
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `<foo@bar.example.com>` is a `mailto:` link with the address in `build`, and `check` does
/// not call it a broken relative link.
#[test]
fn email_autolinks_are_mailto_links() {
    let f = site("", "Write to <foo@bar.example.com>.\n");
    for cmd in ["check", "build"] {
        let out = f.run(&[cmd]);
        assert_eq!(out.status.code(), Some(0), "{cmd}: {}", stderr(&out));
        assert!(!stderr(&out).contains("foo@bar"), "{}", stderr(&out));
    }
    let html = f.read_out("about/index.html");
    assert!(
        html.contains(r#"<a href="mailto:foo@bar.example.com">foo@bar.example.com</a>"#),
        "{html}"
    );
    assert!(!html.contains("deload-internal-link"), "{html}");
}

/// Spaces, non-ASCII and control characters in a destination are percent-encoded in the page,
/// in a shortcode's output and in the menu; the checker finds a file whether its link is
/// written encoded or not.
#[test]
fn destinations_are_percent_encoded_and_found_either_way() {
    let body = "[raw](</my chart.png>) [encoded](/my%20chart.png) [umlaut](/föö.txt) \
                [escaped](/f%C3%B6%C3%B6.txt) [out](<https://example.org/a b/ü>)\n\n\
                {{ figure(src=\"/my chart.png\", alt=\"Chart\") }}\n\n\
                {{ figure(src=\"https://example.org/x y.png\", alt=\"Remote\") }}\n";
    let f = site("", body);
    f.write("static/my chart.png", "png");
    f.write("static/föö.txt", "text");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "menu:\n",
        "menu:\n  - name: Umlaut\n    url: \"/föö.txt\"\n  - name: Space\n    url: \"https://example.org/a b\"\n",
    );
    f.write("site.yaml", &yaml);
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = f.read_out("about/index.html");
    for want in [
        r#"<a href="/my%20chart.png">raw</a>"#,
        r#"<a href="/my%20chart.png">encoded</a>"#,
        r#"<a href="/f%C3%B6%C3%B6.txt">umlaut</a>"#,
        r#"<a href="/f%C3%B6%C3%B6.txt">escaped</a>"#,
        r#"<a href="https://example.org/a%20b/%C3%BC">out</a>"#,
        r#"<img src="/my%20chart.png" alt="Chart""#,
        r#"<img src="https://example.org/x%20y.png" alt="Remote""#,
        r#"href="/f%C3%B6%C3%B6.txt""#,
        r#"href="https://example.org/a%20b""#,
    ] {
        assert!(html.contains(want), "{want} in:\n{html}");
    }
    for bad in ["my chart", "föö", "x y", "a b"] {
        assert!(!html.contains(&format!("=\"{bad}")), "{bad}");
        assert!(
            !html.contains(&format!("/{bad}")),
            "an unencoded `{bad}` in an attribute:\n{html}"
        );
    }
}

/// `links.unchecked` publishes links deload cannot find: a root-relative one under the base
/// URL's path, a relative one as written, an `@/` link's anchor unchecked. Without the setting
/// they are build errors.
#[test]
fn unchecked_links_are_published_without_a_check() {
    let body = "[api](/api/v1/users) [zip](files/plan.zip) [back](foo\\bar) \
                [later](@/blog/first.md#made-by-script)\n";
    let f = site("", body);
    let out = f.run(&["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for at in [
        "about.md:4:1",
        "about.md:4:22",
        "about.md:4:44",
        "about.md:4:60",
    ] {
        assert!(err.contains(at), "an error at {at}:\n{err}");
    }

    let yaml = "links:\n  unchecked: [\"/api/**\", \"files/*.zip\", \"foo\\\\bar\", \"@/blog/first.md#*\"]\n";
    let f = site(yaml, body);
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &yaml.replace("https://fixture.test/", "https://fixture.test/sub/"),
    );
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("about.md"), "{}", stderr(&out));
    let html = f.read_out("about/index.html");
    for want in [
        r#"<a href="/sub/api/v1/users">api</a>"#,
        r#"<a href="files/plan.zip">zip</a>"#,
        r#"<a href="foo%5Cbar">back</a>"#,
        r#"<a href="https://fixture.test/sub/blog/first/#made-by-script">later</a>"#,
    ] {
        assert!(html.contains(want), "{want} in:\n{html}");
    }
    // an `@/` link still needs its file
    f.write(
        "content/about.md",
        "---\ntitle: About\n---\n[gone](@/blog/gone.md#x)\n",
    );
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &yaml.replace("\"@/blog/first.md#*\"", "\"@/blog/*\""),
    );
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("@/blog/gone.md"), "{}", stderr(&out));
}

/// `links.broken: warn`: broken links (and menu links) are warnings at their place, the build
/// succeeds and publishes them as written; the default stays an error.
#[test]
fn broken_links_can_be_warnings() {
    let body = "[nowhere](/nowhere/) [rel](missing.png) [anchor](@/blog/first.md#nope)\n";
    let menu = "  - name: Gone\n    url: \"/gone/\"\n";
    let make = |yaml: &str| {
        let f = site(yaml, body);
        let site_yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
        f.write(
            "site.yaml",
            &site_yaml.replace("menu:\n", &format!("menu:\n{menu}")),
        );
        f
    };
    let f = make("");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));

    let f = make("links:\n  broken: warn\n");
    for cmd in ["check", "build"] {
        let out = f.run(&[cmd]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{cmd}: {err}");
        for at in [
            "about.md:4:1",
            "about.md:4:22",
            "about.md:4:41",
            "site.yaml:",
        ] {
            assert!(err.contains(at), "{cmd}: a warning at {at}:\n{err}");
        }
        assert!(err.contains("warning"), "{err}");
    }
    let html = f.read_out("about/index.html");
    for want in [
        r#"<a href="/nowhere/">nowhere</a>"#,
        r#"<a href="missing.png">rel</a>"#,
        r#"<a href="https://fixture.test/blog/first/#nope">anchor</a>"#,
    ] {
        assert!(html.contains(want), "{want} in:\n{html}");
    }

    let f = site("links:\n  broken: never\n", body);
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("site.yaml"), "{}", stderr(&out));
}
