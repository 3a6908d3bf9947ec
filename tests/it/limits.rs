//! Hostile sizes and shapes: alias bombs, deep nesting, huge files, a million-line page, odd file
//! names. Each gives a clear error or a bounded, fast result (the limits are in the README).
//! Program YAML's own are tested in the engine (`crates/engine/tests/it/limits.rs`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use deload::content::Page;
use deload::markdown::{MarkdownOptions, render};

use crate::support::Fixture;

/// A "billion laughs" document: ten levels of ten aliases each under `key`.
fn alias_bomb(key: &str) -> String {
    let mut s = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        s.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    s.push_str(&format!("{key}: *a9\n"));
    s
}

/// The same bomb nested under one mapping key, so it fits a struct with a free-form map.
fn alias_bomb_under(key: &str) -> String {
    let mut s = format!("{key}:\n");
    for line in alias_bomb("z").lines() {
        s.push_str("  ");
        s.push_str(line);
        s.push('\n');
    }
    s
}

fn nested_yaml(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

fn quick<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    assert!(t.elapsed() < limit, "{what} took {:?}", t.elapsed());
    out
}

fn page(text: String) -> Result<Page, deload_engine::Error> {
    Page::parse(PathBuf::from("content/bomb.md"), "bomb.md".into(), text)
        .map_err(|mut e| e.remove(0))
}

#[test]
fn alias_bomb_in_front_matter_is_an_error() {
    let text = format!(
        "---\ntitle: Bomb\n{}---\nBody.\n",
        alias_bomb_under("extra")
    );
    let e = quick("front matter bomb", Duration::from_secs(5), || page(text))
        .expect_err("an alias bomb must not load");
    assert!(
        e.message.contains("repetition limit") || e.message.contains("recursion limit"),
        "{e}"
    );
}

#[test]
fn alias_bomb_in_site_yaml_is_an_error() {
    let f = Fixture::new("basic");
    let site = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write("site.yaml", &format!("{site}{}", alias_bomb_under("extra")));
    let out = quick("site.yaml bomb", Duration::from_secs(30), || {
        f.run(&["build"])
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("site.yaml") && err.contains("limit"), "{err}");
}

#[test]
fn ten_thousand_levels_of_yaml_nesting_in_front_matter_are_an_error() {
    let text = format!(
        "---\ntitle: Deep\nextra:\n  deep: {}\n---\nBody.\n",
        nested_yaml(10_000)
    );
    let e = quick("deep front matter", Duration::from_secs(5), || page(text))
        .expect_err("10,000 levels must not load");
    assert!(e.message.contains("recursion limit"), "{e}");
}

#[test]
fn ten_thousand_levels_of_markdown_nesting_are_refused_before_parsing() {
    use deload::markdown::bounds::{MAX_NESTING, check};
    let quotes = format!("{} deep\n", ">".repeat(10_000));
    let r = check(&quotes).expect_err("10,000 nested quotes");
    assert_eq!(r.offset, MAX_NESTING, "{r:?}");

    let mut lists = String::new();
    for i in 0..10_000 {
        lists.push_str(&" ".repeat(i * 2));
        lists.push_str("- item\n");
    }
    let r = check(&lists).expect_err("10,000 nested lists");
    // the marker that opens level 129, after 128 levels of indentation
    let line = lists
        .lines()
        .position(|l| l.starts_with(&" ".repeat(256)))
        .unwrap_or(0);
    let at = lists.lines().take(line).map(|l| l.len() + 1).sum::<usize>();
    assert_eq!(r.offset, at + 256, "{r:?}");

    // brackets nest inside one paragraph: cheap, and within the element budget
    let brackets = format!("{}x{}", "[".repeat(10_000), "](u)".repeat(10_000));
    check(&brackets).expect("10,000 nested links are within the bounds");
    let r = quick("nested links", Duration::from_secs(10), || {
        render(&brackets, MarkdownOptions::default())
    });
    // links cannot hold links: the innermost is the one link (a relative one the build checks),
    // the other brackets stay text
    assert_eq!(r.links.len(), 1);
    assert_eq!(r.html.matches("<a href=").count(), 1);
    assert!(r.html.contains(&"[".repeat(9_999)));
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name() {
    let f = Fixture::new("basic");
    let big = f.root().join("content/blog/huge.md");
    let file = std::fs::File::create(&big).unwrap();
    // 100 MB, sparse: the size check refuses it before reading.
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    let out = quick("100 MB page", Duration::from_secs(30), || f.run(&["build"]));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("huge.md") && err.contains("32 MiB"), "{err}");

    let e = deload::fs::read_text(&big).expect_err("over the limit");
    assert!(e.message.contains("32 MiB"), "{e}");
}

#[test]
fn a_static_file_over_the_text_limit_is_copied_whole() {
    let f = Fixture::new("basic");
    let video = f.root().join("static/media/talk.mp4");
    std::fs::create_dir_all(video.parent().unwrap()).unwrap();
    // 100 MB: static files have no size limit; the build copies them without reading them into
    // memory. Marked bytes at both ends, the middle sparse.
    let mut bytes = vec![0u8; 4096];
    bytes[..4].copy_from_slice(b"head");
    std::fs::write(&video, &bytes).unwrap();
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(&video)
        .unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    drop(file);
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(&video)
            .unwrap();
        file.seek(SeekFrom::End(-4)).unwrap();
        file.write_all(b"tail").unwrap();
    }
    f.build(&[]);
    let out = std::fs::read(f.out().join("media/talk.mp4")).unwrap();
    assert_eq!(out.len(), 100 * 1024 * 1024);
    assert_eq!(&out[..4], b"head");
    assert_eq!(&out[out.len() - 4..], b"tail");
    assert_eq!(out, std::fs::read(&video).unwrap());
}

/// Plain prose is about two Markdown elements a line: 200,000 lines (2 MB) are within the
/// element budget and build; a million lines (11 MB) are refused, at the line that passes it.
#[test]
fn a_long_page_builds_in_bounded_time_and_a_longer_one_is_refused() {
    let f = Fixture::new("basic");
    let page = |lines: usize| {
        let mut text = String::from("---\ntitle: Long\ndate: 2026-01-01\n---\n");
        for i in 0..lines {
            if i % 10 == 0 {
                text.push('\n');
            } else {
                text.push_str("Sleep well.\n");
            }
        }
        text
    };
    f.write("content/blog/long.md", &page(200_000));
    quick("200,000-line page", Duration::from_secs(120), || {
        f.build(&[])
    });
    let html = f.read_out("blog/long/index.html");
    assert!(html.matches("Sleep well.").count() >= 175_000);

    let text = page(1_000_000);
    assert!(text.len() < deload::fs::MAX_TEXT_BYTES as usize);
    f.write("content/blog/long.md", &text);
    let out = quick("million-line page", Duration::from_secs(60), || {
        f.run(&["build"])
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // two elements a line: the 250,001st line of the body passes the limit
    assert!(err.contains("content/blog/long.md:250005:1"), "{err}");
    assert!(
        err.contains("more Markdown elements than deload's limit"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_non_utf8_file_name_is_a_clear_error() {
    use std::os::unix::ffi::OsStrExt;
    let f = Fixture::new("basic");
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff-name.md");
    let p = f.root().join("content/blog").join(name);
    std::fs::write(&p, "---\ntitle: Bad\n---\nx\n").unwrap();
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("not valid UTF-8") && err.contains("bad-"),
        "{err}"
    );
}
