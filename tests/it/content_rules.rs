//! Content rules a site moved in from Hugo, Jekyll or Zola meets (issue #26): `<!--more-->` and
//! `<!-- more -->` both end the summary; raw HTML shown as text is a located warning; a key
//! written twice is a located error and the other keys are still checked; no hint suggests the
//! key that was typed; an email autolink is a `mailto:` link and not checked as a path; the
//! default theme's footer disclaimer comes from site.yaml.

use crate::support::Fixture;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn both_spellings_of_more_end_the_summary() {
    let f = Fixture::new("basic");
    for (name, more) in [("hugo", "<!--more-->"), ("zola", "<!-- more -->")] {
        f.write(
            &format!("content/blog/{name}.md"),
            &format!(
                "---\ntitle: {name}\ndate: 2026-05-01\n---\nShown {name}.{more}\n\nHidden {name}.\n"
            ),
        );
    }
    f.build(&[]);
    let feed = f.read_out("atom.xml");
    for name in ["hugo", "zola"] {
        assert!(feed.contains(&format!("Shown {name}.")), "{feed}");
        assert!(!feed.contains(&format!("Hidden {name}.")), "{feed}");
        let page = f.read_out(&format!("blog/{name}/index.html"));
        assert!(page.contains(&format!("Hidden {name}.")), "{page}");
        assert!(!page.contains("more--&gt;"), "{page}");
    }
}

#[test]
fn raw_html_shown_as_text_is_a_located_warning() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/raw.md",
        "---\ntitle: Raw\n---\nText.\n\n<div class=\"box\">boxed</div>\n\nAn <b>inline</b> tag.\n",
    );
    let err = stderr(&f.build(&[]));
    assert!(
        err.contains("raw HTML is shown as text, as `markdown.unsafe_html` is off (3 places on this page; the first is here)"),
        "{err}"
    );
    assert!(err.contains("content/blog/raw.md:6:1"), "{err}");
    assert!(err.contains("markdown.unsafe_html: true"), "{err}");
    let page = f.read_out("blog/raw/index.html");
    assert!(page.contains("&lt;div class=\"box\"&gt;"), "{page}");
    // trusted content: no warning
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &format!("{yaml}markdown:\n  unsafe_html: true\n"),
    );
    let err = stderr(&f.build(&[]));
    assert!(!err.contains("raw HTML"), "{err}");
}

#[test]
fn a_key_written_twice_is_located_and_the_other_keys_are_still_checked() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/twice.md",
        "---\ntitle: A\ndate: 2026-01-01\ntitle: B\ntilte: typo\n---\nText.\n",
    );
    let out = f.run(&["check"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("front-matter key `title` is written twice (first on line 2)"),
        "{err}"
    );
    assert!(err.contains("content/blog/twice.md:4:1"), "{err}");
    assert!(
        err.contains("unknown front-matter key `tilte`") && err.contains("did you mean `title`?"),
        "the typo is found in the same run:\n{err}"
    );
    assert!(err.contains("content/blog/twice.md:5:1"), "{err}");
    // with `--strict`, an unknown key of that file is an error of the same run too
    f.write(
        "content/blog/twice.md",
        "---\ntitle: A\ntitle: B\nlayout: post\n---\nText.\n",
    );
    let err = stderr(&f.run(&["check", "--strict"]));
    assert!(err.contains("written twice"), "{err}");
    assert!(err.contains("unknown front-matter key `layout`"), "{err}");
}

#[test]
fn no_hint_suggests_the_key_that_was_typed() {
    let f = Fixture::new("basic");
    let keys = [
        "tags", "draft", "aliases", "slug", "path", "updated", "toc", "date", "template",
    ];
    let mut section = String::from("---\ntitle: Blog\n");
    for k in keys {
        section.push_str(&format!("{k}: x\n"));
    }
    section.push_str("---\n");
    f.write("content/blog/_index.md", &section);
    let err = stderr(&f.run(&["check", "--strict"]));
    for k in keys {
        assert!(
            !err.contains(&format!("did you mean `{k}`")),
            "the hint for `{k}` suggests `{k}`:\n{err}"
        );
    }
}

#[test]
fn an_email_autolink_is_a_mailto_link_not_a_path() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/mail.md",
        "---\ntitle: Mail\n---\nWrite to <admin@example.org>.\n",
    );
    let out = f.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    f.build(&[]);
    let page = f.read_out("blog/mail/index.html");
    assert!(
        page.contains("<a href=\"mailto:admin@example.org\">admin@example.org</a>"),
        "{page}"
    );
}

#[test]
fn the_footer_disclaimer_comes_from_site_yaml() {
    let f = Fixture::new("basic");
    f.build(&[]);
    let page = f.read_out("blog/first/index.html");
    assert!(
        !page.contains("class=\"disclaimer\""),
        "none by default:\n{page}"
    );
    assert!(!page.contains("medical"), "{page}");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &format!("{yaml}disclaimer: \"<strong>Not legal advice.</strong> Ask a lawyer.\"\n"),
    );
    f.build(&[]);
    let page = f.read_out("blog/first/index.html");
    assert!(
        page.contains(
            "<p class=\"disclaimer\"><strong>Not legal advice.</strong> Ask a lawyer.</p>"
        ),
        "{page}"
    );
}
