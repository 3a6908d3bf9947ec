//! Hostile inputs of the third round of attacks: trees of links that would multiply a walk,
//! data files that are not files, and sources that would collide with deload's own output.

use std::path::Path;

use crate::support::{Fixture, snapshot};

/// Makes `levels` real folders under `dir`, each holding two links to the next one, and a file
/// in the last: walked naively, the file is reached 2^levels times.
#[cfg(unix)]
fn doubling_links(dir: &Path, levels: usize, file: (&str, &str)) {
    for i in 0..levels {
        std::fs::create_dir_all(dir.join(format!("d{i}"))).unwrap();
    }
    for i in 0..levels - 1 {
        for link in ["a", "b"] {
            std::os::unix::fs::symlink(
                dir.join(format!("d{}", i + 1)),
                dir.join(format!("d{i}/{link}")),
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join(format!("d{}/{}", levels - 1, file.0)), file.1).unwrap();
}

/// Folders that link twice to the next (no loop) cost each real folder once: the file is
/// published once, and each repeated link is a warning rather than a doubling.
#[cfg(unix)]
#[test]
fn trees_of_links_are_walked_once_per_real_folder() {
    let f = Fixture::new("basic");
    doubling_links(&f.root().join("static/tree"), 22, ("photo.txt", "pixels"));
    doubling_links(
        &f.root().join("content/tree"),
        22,
        ("leaf.md", "---\ntitle: Leaf\n---\nThe leaf.\n"),
    );
    let out = f.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("already read"),
        "repeated links are warned about:\n{stderr}"
    );
    let files = snapshot(&f.out());
    let photos = files
        .iter()
        .filter(|(p, _)| p.ends_with("photo.txt"))
        .count();
    let leaves = files
        .iter()
        .filter(|(p, _)| p.ends_with("leaf/index.html"))
        .count();
    assert_eq!(photos, 1, "one copy of the static file");
    assert_eq!(leaves, 1, "one page for the leaf");
    assert!(f.out().join("tree/d21/photo.txt").is_file());
    // deterministic: the real folder's path wins, never a link's
    assert!(!f.out().join("tree/d0/a").exists());
}

/// A site whose page template reads `data/NAME` with `load_data`.
fn reading_data(name: &str) -> Fixture {
    let f = Fixture::new("basic");
    f.write(
        "templates/page.html",
        &format!(
            "{{% extends \"base.html\" %}}\n{{% block content %}}{{{{ load_data(path=\"{name}\") | length }}}}{{% endblock content %}}\n"
        ),
    );
    f
}

/// Builds `f` under a 1 GiB bound; the build must fail (not hang, not abort) with `expect`.
fn refused_within_bounds(f: &Fixture, what: &str, expect: &str) {
    use crate::support::bounded::{GIB, deload_bounded};
    let out = deload_bounded(
        f.root(),
        &["build"],
        GIB,
        std::time::Duration::from_secs(300),
    )
    .ended(what);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: a clean failure:\n{stderr:.2000}"
    );
    assert!(stderr.contains(expect), "{what}:\n{stderr:.2000}");
    assert!(!f.out().exists(), "{what}: nothing published");
}

/// A named pipe in data/ is refused at once (reading it would wait for a writer for ever).
#[cfg(unix)]
#[test]
fn load_data_reads_only_regular_files() {
    let f = reading_data("pipe.csv");
    std::fs::create_dir_all(f.root().join("data")).unwrap();
    let fifo = f.root().join("data/pipe.csv");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    refused_within_bounds(&f, "a FIFO", "is not a regular file");
    let out = f.run(&["check"]);
    assert!(!out.status.success());
}

/// Data that would take gigabytes once parsed is refused before it is built, in every format.
#[test]
fn data_files_are_bounded_by_what_they_cost_parsed() {
    // 24 MB of one-digit fields: 12 million values
    let row = format!("{}1\n", "1,".repeat(999));
    let csv = format!(
        "{}x\n{}",
        (0..999).map(|i| format!("c{i},")).collect::<String>(),
        row.repeat(12_000)
    );
    let json = format!("[{}1]", "1,".repeat(12 << 20));
    let toml = format!("a = [{}1]\n", "1,".repeat(12 << 20));
    // a 1 MiB anchor repeated 3,000 times through aliases: 3 GB of text from 1 MB
    let yaml = format!(
        "a: &big \"{}\"\nb: [{}]\n",
        "x".repeat(1 << 20),
        vec!["*big"; 3000].join(", ")
    );
    for (name, text, expect) in [
        ("big.csv", csv, "too large once parsed"),
        ("big.json", json, "too large once parsed"),
        ("big.toml", toml, "too large once parsed"),
        ("big.yaml", yaml, "repeat too much text"),
    ] {
        let f = reading_data(name);
        f.write(&format!("data/{name}"), &text);
        refused_within_bounds(&f, name, expect);
    }
}

/// Front matter is bounded in size, and YAML nesting anywhere (site.yaml, front matter, data) is
/// bounded before parsing: the build fails with a located error instead of aborting.
#[test]
fn front_matter_and_nested_yaml_are_bounded() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/huge.md",
        &format!(
            "+++\ntitle = \"Huge\"\nlist = [{}1]\n+++\nText.\n",
            "1,".repeat(1 << 20)
        ),
    );
    refused_within_bounds(
        &f,
        "2 MiB of TOML front matter",
        "over deload's limit of 1024 KiB",
    );

    let dashes = format!("{}x", "- ".repeat(4_000_000));
    let g = Fixture::new("basic");
    let site = std::fs::read_to_string(g.root().join("site.yaml")).unwrap();
    g.write("site.yaml", &format!("{site}extra:\n  {dashes}\n"));
    refused_within_bounds(
        &g,
        "8 MB of dashes in site.yaml",
        "nest deeper than 128 levels",
    );

    let h = reading_data("deep.yaml");
    h.write("data/deep.yaml", &dashes);
    refused_within_bounds(
        &h,
        "8 MB of dashes in a data file",
        "nest deeper than 128 levels",
    );

    let p = Fixture::new("basic");
    p.write(
        "deep.yaml",
        &format!("name: x\nweeks:\n{}x\n", "- ".repeat(40_000)),
    );
    let out = p.run(&["plan", "deep.yaml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr:.2000}");
    assert!(stderr.contains("deep.yaml:3:"), "located: {stderr:.2000}");
}

/// Numeric flags are validated: NaN, infinities, zero and huge values are usage errors, never a
/// panic.
#[test]
fn numeric_flags_are_finite_positive_and_bounded() {
    let f = Fixture::new("basic");
    for bad in ["nan", "inf", "-1", "0", "1e9", "lots"] {
        for flag in ["--timeout", "--deadline"] {
            let arg = format!("{flag}={bad}");
            let out = f.run(&["check", "--external", &arg]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{flag} {bad}: {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            assert!(
                stderr.contains("seconds"),
                "{flag} {bad}: says what is allowed: {stderr}"
            );
        }
    }
    let out = f.run(&["check", "--external", "--per-host", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let out = f.run(&["serve", "--idle-timeout-ms", "0"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `check --external` ends by its overall deadline: 40 links to a host that accepts and never
/// answers (each link allowed 600 s) are reported as not checked once the deadline passes.
#[test]
fn the_external_check_has_an_overall_deadline() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // accepts (the kernel's backlog does) and never answers; closed when the test ends
    let f = Fixture::new("basic");
    let links: String = (0..40)
        .map(|i| format!("\n[link {i}](http://127.0.0.1:{port}/page/{i})\n"))
        .collect();
    f.write(
        "content/blog/links.md",
        &format!("---\ntitle: Links\ndate: 2026-05-01\n---\n{links}"),
    );
    let out = f.run(&[
        "check",
        "--external",
        "--timeout",
        "600",
        "--deadline",
        "0.5",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr:.3000}");
    assert_eq!(
        stderr
            .matches("not checked: the whole check's deadline")
            .count(),
        40,
        "{stderr:.3000}"
    );
    drop(listener);
}

/// A shortcode argument that becomes a URL goes through the link-scheme check: a `javascript:`
/// figure source is made inert with a located warning, and kept only with `unsafe_html`.
#[test]
fn shortcode_urls_get_the_link_scheme_check() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/fig.md",
        "---\ntitle: Fig\ndate: 2026-05-01\n---\nIntro.\n\n{{ figure(src=\"java\tscript:alert(1)\", alt=\"x\") }}\n\n{{ figure(src=\"javascript:alert(2)\", alt=\"y\") }}\n",
    );
    let out = f.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("was made inert").count(), 2, "{stderr}");
    assert!(
        stderr.contains("content/blog/fig.md:7:"),
        "located: {stderr}"
    );
    let html = f.read_out("blog/fig/index.html");
    assert!(!html.contains("alert("), "{html}");
    assert!(html.contains(r##"<img src="#""##), "{html}");

    let site = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &format!("{site}markdown:\n  unsafe_html: true\n"),
    );
    f.build(&[]);
    assert!(
        f.read_out("blog/fig/index.html")
            .contains("javascript:alert(2)")
    );
}

/// A file of `static/`, a page's `path:` and a file deload generates may not claim the same
/// output file: `check` and `build` report it before anything is written, naming both, and a
/// previous output stays as it was.
#[test]
fn output_collisions_are_found_before_anything_is_written() {
    let f = Fixture::new("basic");
    f.build(&[]);
    let before = snapshot(&f.out());
    let cases = [
        (
            "static/search.js",
            "// mine\n",
            "static/search.js and the theme's search.js",
        ),
        (
            "content/blog/lost.md",
            "---\ntitle: Lost\ndate: 2026-05-01\npath: /404.html\n---\nText.\n",
            "make the output file 404.html",
        ),
        (
            "static/sitemap.xml/x.txt",
            "x",
            "one needs a file where the other needs a folder",
        ),
    ];
    for (rel, text, expect) in cases {
        f.write(rel, text);
        for cmd in ["check", "build"] {
            let out = f.run(&[cmd]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{cmd} {rel}: {stderr}");
            assert!(stderr.contains(expect), "{cmd} {rel}: {stderr}");
            assert!(!stderr.contains("os error"), "{cmd} {rel}: {stderr}");
        }
        assert_eq!(snapshot(&f.out()), before, "{rel}: the output is untouched");
        let p = f.root().join(rel);
        std::fs::remove_file(&p).unwrap();
    }
    let out = f.run(&["build"]);
    assert!(out.status.success());
}

/// Body shortcodes nested past the limit are one located error, found without rendering the
/// levels (the body of each level is rendered into the one around it).
#[test]
fn deeply_nested_shortcode_bodies_are_refused() {
    let f = Fixture::new("basic");
    let nested = "{% note() %}\n".repeat(20_000) + "x\n" + &"{% end %}\n".repeat(20_000);
    f.write(
        "content/nest.md",
        &format!("---\ntitle: Nest\n---\n{nested}"),
    );
    refused_within_bounds(
        &f,
        "20,000 nested bodies",
        "nest deeper than deload's limit of 32",
    );
    let out = f.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/nest.md:36:"),
        "located at the 33rd: {stderr:.1500}"
    );
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr:.1500}");
}
