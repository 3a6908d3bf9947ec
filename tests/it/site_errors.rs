//! Bad input: each case gets a clear error naming the file, line and column with a hint, exit
//! code 1, no panic, and the previous output stays exactly as it was.

use crate::support::{Fixture, snapshot};

/// Builds the fixture once (the "previous output"), applies `breakage`, builds again and checks
/// the failure. Returns stderr.
fn fails(breakage: impl FnOnce(&Fixture), expect: &[&str]) -> String {
    let f = Fixture::new("basic");
    f.build(&[]);
    let before = snapshot(&f.out());
    breakage(&f);
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code 1 expected; stderr:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    for e in expect {
        assert!(stderr.contains(e), "stderr lacks `{e}`:\n{stderr}");
    }
    assert!(stderr.contains("help:"), "a hint is given:\n{stderr}");
    assert_eq!(
        snapshot(&f.out()),
        before,
        "the previous output is untouched"
    );
    let stray: Vec<_> = std::fs::read_dir(f.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("deload-staging"))
        .collect();
    assert!(stray.is_empty(), "staging folder removed: {stray:?}");
    stderr
}

#[test]
fn malformed_front_matter() {
    fails(
        |f| f.write("content/bad.md", "---\ntitle: ok\ntags: [a, b\n---\nBody\n"),
        &["content/bad.md:4:", "check the YAML syntax"],
    );
}

#[test]
fn front_matter_not_closed() {
    fails(
        |f| f.write("content/bad.md", "---\ntitle: ok\nBody\n"),
        &["the front matter is not closed", "content/bad.md:1:1"],
    );
}

#[test]
fn missing_title() {
    fails(
        |f| f.write("content/bad.md", "---\ndescription: no title\n---\nBody\n"),
        &[
            "missing field `title`",
            "content/bad.md:2:",
            "add `title: ...`",
        ],
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    fails(
        |f| {
            f.write(
                "content/bad.md",
                "---\ntitle: ok\ndescripton: typo\n---\nBody\n",
            );
        },
        &[
            "unknown front-matter key `descripton`",
            "content/bad.md:3:1",
            "did you mean `description`?",
        ],
    );
}

#[test]
fn bad_date() {
    fails(
        |f| {
            f.write(
                "content/bad.md",
                "---\ntitle: ok\ndate: 2026-13-45\n---\nBody\n",
            );
        },
        &[
            "`date` is not a valid date: `2026-13-45`",
            "content/bad.md:3:7",
            "YYYY-MM-DD",
        ],
    );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    fails(
        |f| {
            f.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n");
        },
        &[
            "template syntax error in `page.html`",
            "templates/page.html:3:",
        ],
    );
}

#[test]
fn unknown_template_variable_names_page_and_template() {
    fails(
        |f| {
            f.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.subtitle }}</p>\n{% endblock content %}\n");
        },
        &[
            "template error in `page.html`",
            "templates/page.html:3:",
            "while rendering content/",
        ],
    );
}

#[test]
fn an_alias_taking_a_pages_url() {
    fails(
        |f| {
            f.write(
                "content/blog/other.md",
                "---\ntitle: Other\naliases: [\"/blog/first/\"]\n---\nBody\n",
            );
        },
        &[
            "two pages have the same URL /blog/first/",
            "an alias in content/blog/other.md",
            "content/blog/other.md:3:",
        ],
    );
}

#[test]
fn a_page_at_the_programs_sections_url() {
    let f = Fixture::shipped();
    f.write(
        "content/programs.md",
        "---\ntitle: Our programs\n---\nBody\n",
    );
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    for e in [
        "two pages have the same URL /programs/: content/programs.md and the generated Programs section",
        "site.yaml:",
        "programs: { publish: false }",
    ] {
        assert!(stderr.contains(e), "stderr lacks `{e}`:\n{stderr}");
    }
}

#[test]
fn two_pages_with_the_same_url() {
    fails(
        |f| {
            f.write(
                "content/blog/dup.md",
                "---\ntitle: Dup\nslug: first\n---\nBody\n",
            );
        },
        &[
            "two pages have the same URL /blog/first/",
            "content/blog/dup.md:3:",
        ],
    );
}

#[test]
fn broken_internal_link() {
    fails(
        |f| {
            f.write(
                "content/bad.md",
                "---\ntitle: ok\n---\nIntro.\n\nSee [this](@/blog/frist.md) please.\n",
            );
        },
        &[
            "broken internal link: `@/blog/frist.md` does not exist",
            "content/bad.md:6:5",
            "did you mean `@/blog/first.md`?",
        ],
    );
}

#[test]
fn broken_anchor() {
    fails(
        |f| {
            f.write(
                "content/bad.md",
                "---\ntitle: ok\n---\n[x](@/blog/second.md#part-too)\n",
            );
        },
        &[
            "broken anchor: `@/blog/second.md` has no heading `#part-too`",
            "content/bad.md:4:1",
            "did you mean `#part-two`?",
        ],
    );
}

#[test]
fn non_utf8_file() {
    fails(
        |f| {
            std::fs::write(
                f.root().join("content/bad.md"),
                b"---\ntitle: caf\xe9\n---\n",
            )
            .unwrap();
        },
        &["not valid UTF-8", "content/bad.md:2:11"],
    );
}

#[test]
fn binary_file() {
    fails(
        |f| std::fs::write(f.root().join("content/bin.md"), b"\x00\x01\x02\xff\xfe").unwrap(),
        &["the file is binary", "content/bin.md:1:"],
    );
}

#[test]
fn unreadable_file() {
    fails(
        |f| {
            std::os::unix::fs::symlink(
                f.root().join("nowhere.md"),
                f.root().join("content/gone.md"),
            )
            .unwrap();
        },
        &["content/gone.md", "cannot read"],
    );
}

#[test]
fn out_folder_not_created_by_deload_is_refused() {
    let f = Fixture::new("basic");
    f.write("mine/notes.txt", "precious");
    let out = f.run(&["build", "--out", "mine"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not empty and was not created by deload"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(f.root().join("mine/notes.txt")).unwrap(),
        "precious"
    );
    assert_eq!(std::fs::read_dir(f.root().join("mine")).unwrap().count(), 1);
}

#[test]
fn out_equal_to_root_or_inside_content_is_refused() {
    let f = Fixture::new("basic");
    for (out_arg, why) in [
        (".", "site root"),
        ("content/public", "inside the site's content/"),
    ] {
        let out = f.run(&["build", "--out", out_arg]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(why), "{stderr}");
    }
    assert!(!f.root().join("content/public").exists());
    assert!(!f.root().join("index.html").exists());
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let stderr = fails(
        |f| {
            f.write("content/a.md", "---\ntitle: a\ntitel: x\n---\n");
            f.write("content/b.md", "---\ntitle: b\ndate: soon\n---\n");
        },
        &[
            "content/a.md:3:1",
            "content/b.md:3:7",
            "build failed with 2 errors",
        ],
    );
    assert!(stderr.contains("-->"), "snippet with an arrow:\n{stderr}");
    assert!(stderr.contains('^'), "caret under the column:\n{stderr}");
}

#[test]
fn menu_link_to_a_missing_page() {
    fails(
        |f| {
            let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
            f.write("site.yaml", &yaml.replace("@/about.md", "@/abuot.md"));
        },
        &[
            "menu link `@/abuot.md` points at a page that does not exist",
            "site.yaml:9:11",
        ],
    );
}

#[test]
fn unknown_key_in_site_yaml() {
    fails(
        |f| {
            let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
            f.write("site.yaml", &format!("{yaml}titel: x\n"));
        },
        &[
            "unknown field `titel`",
            "site.yaml:",
            "did you mean `title`?",
        ],
    );
}
