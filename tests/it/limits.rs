//! Hostile sizes and shapes: alias bombs, deep nesting, huge files, a million-line page, odd file
//! names, programs whose plans would be huge, long `extends` chains. Each gives a clear error or a
//! bounded result (the limits are in the manual, `docs/content/operations/limits.md`): work is
//! bounded by the error, by a memory limit, or by the size of what is written, never asserted with
//! a clock. Every bound of program and athlete files is tested in the engine
//! (`crates/engine/tests/it/limits.rs`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use deload_site::content::Page;
use deload_site::markdown::{MarkdownOptions, render};

use crate::support::Fixture;
use crate::support::bounded::{GIB, deload_bounded};

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
    // bounded by the parser's repetition limit: the error, not a billion strings
    let e = page(text).expect_err("an alias bomb must not load");
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
    let out =
        deload_bounded(f.root(), &["build"], GIB, Duration::from_secs(300)).ended("site.yaml bomb");
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
    let e = page(text).expect_err("10,000 levels must not load");
    assert!(e.message.contains("recursion limit"), "{e}");
}

#[test]
fn ten_thousand_levels_of_markdown_nesting_are_refused_before_parsing() {
    use deload_site::markdown::bounds::{MAX_NESTING, check};
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
    let r = render(&brackets, MarkdownOptions::default());
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
    // refused by its size, unread: within a quarter of its size in memory
    let out =
        deload_bounded(f.root(), &["build"], GIB, Duration::from_secs(300)).ended("100 MB page");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("huge.md") && err.contains("32 MiB"), "{err}");

    let e = deload_site::fs::read_text(&big).expect_err("over the limit");
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
/// element budget and build in 1 GiB of address space; a million lines (11 MB) are refused, at
/// the line that passes it.
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
    let out = deload_bounded(f.root(), &["build"], GIB, Duration::from_secs(600))
        .ended("200,000-line page");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = f.read_out("blog/long/index.html");
    assert!(html.matches("Sleep well.").count() >= 175_000);

    let text = page(1_000_000);
    assert!(text.len() < deload_site::fs::MAX_TEXT_BYTES as usize);
    f.write("content/blog/long.md", &text);
    let out = deload_bounded(f.root(), &["build"], GIB, Duration::from_secs(600))
        .ended("million-line page");
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

/// A program of `sessions` sessions a week over one block of `weeks` weeks, each session one
/// exercise of `lines` set lines with notes of `notes` characters.
fn big_program(
    weeks: usize,
    sessions: usize,
    lines: usize,
    exercises: usize,
    notes: usize,
) -> String {
    let names: Vec<String> = (0..sessions).map(|i| format!("S{i}")).collect();
    let mut y = format!(
        "name: Big\nsessions_per_week: {sessions}\nblocks:\n  - {{ name: B, weeks: {weeks}, sessions: [{}] }}\nsessions:\n",
        names.join(", ")
    );
    let lines = vec!["\"1 x 5\""; lines].join(", ");
    for name in &names {
        y.push_str(&format!("  - name: {name}\n    exercises:\n"));
        for j in 0..exercises {
            y.push_str(&format!("      - {{ exercise: E{j}, lines: [{lines}]"));
            if notes > 0 {
                y.push_str(&format!(", notes: {}", "n".repeat(notes)));
            }
            y.push_str(" }\n");
        }
    }
    y
}

fn files_size(dir: &Path) -> u64 {
    let entries = std::fs::read_dir(dir).expect("the output folder");
    entries
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// `deload plan --format all` at the plan's set-line budget (ten years of six sessions of 19
/// lines: 59,280 lines) writes five files of under 100 MB in all within 1 GiB of address space;
/// one line more a session is refused before planning, at the session, and nothing is written.
#[test]
fn plan_at_the_budget_writes_bounded_files_and_over_it_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("at.yaml"), big_program(520, 6, 19, 1, 0)).unwrap();
    let args = ["plan", "at.yaml", "--format", "all", "-o", "at"];
    let out = deload_bounded(root, &args, GIB, Duration::from_secs(600)).ended("at the budget");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let size = files_size(&root.join("at"));
    assert!(size > 10_000_000 && size < 100_000_000, "{size} bytes");

    std::fs::write(root.join("over.yaml"), big_program(520, 6, 20, 1, 0)).unwrap();
    let args = ["plan", "over.yaml", "--format", "all", "-o", "over"];
    let out = deload_bounded(root, &args, GIB, Duration::from_secs(600)).ended("over the budget");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("over.yaml:6:11"), "{err}");
    assert!(
        err.contains("62400 set lines") && err.contains("limit of 60000"),
        "{err}"
    );
    assert!(err.contains("help: plan fewer weeks"), "{err}");
    assert!(!root.join("over").exists());
}

/// The shape that once wrote 1.7 GB from 73 KB: long notes on many exercises, repeated by every
/// week of a long block. Refused before planning, at the session, within 1 GiB; nothing written.
#[test]
fn long_notes_repeated_by_every_week_are_refused_before_planning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text = big_program(520, 6, 1, 12, 1000);
    assert!(text.len() > 70_000 && text.len() < 80_000, "{}", text.len());
    std::fs::write(root.join("notes.yaml"), text).unwrap();
    let args = ["plan", "notes.yaml", "--format", "all", "-o", "out"];
    let out = deload_bounded(root, &args, GIB, Duration::from_secs(600)).ended("long notes");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("notes.yaml:6:11"), "{err}");
    assert!(err.contains("bytes of exercise names and notes"), "{err}");
    assert!(!root.join("out").exists());
}

/// A program in the site whose plan is over the budget fails the build with the located error;
/// the previous output stays.
#[test]
fn a_site_program_over_the_plan_budget_fails_the_build() {
    let f = Fixture::shipped();
    f.build(&[]);
    let before = f.read_out("index.html");
    f.write("programs/big.yaml", &big_program(520, 6, 20, 1, 0));
    let out =
        deload_bounded(f.root(), &["build"], GIB, Duration::from_secs(600)).ended("big program");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("programs/big.yaml:6:11") && err.contains("limit of 60000"),
        "{err}"
    );
    assert_eq!(f.read_out("index.html"), before);
}

/// An `extends` chain 700 files deep (once a stack overflow): `deload plan` stops at the 17th
/// parent with a located error naming the chain, and exits 1.
#[test]
fn a_700_file_extends_chain_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let programs = dir.path().join("programs");
    std::fs::create_dir_all(&programs).unwrap();
    std::fs::write(programs.join("p0.yaml"), big_program(4, 3, 1, 1, 0)).unwrap();
    for i in 1..=700 {
        let text = format!("extends: p{}.yaml\nname: P{i}\n", i - 1);
        std::fs::write(programs.join(format!("p{i}.yaml")), text).unwrap();
    }
    let out = deload_bounded(
        dir.path(),
        &["plan", "programs/p700.yaml"],
        GIB,
        Duration::from_secs(600),
    )
    .ended("700 parents");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("p684.yaml:1:10"), "{err}");
    assert!(
        err.contains("deeper than deload's limit of 16 parents: p700.yaml → p699.yaml"),
        "{err}"
    );
    let out = deload_bounded(
        dir.path(),
        &["plan", "programs/p16.yaml"],
        GIB,
        Duration::from_secs(600),
    )
    .ended("16 parents");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
