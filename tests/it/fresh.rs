//! `deload build` on an unchanged site says "up to date" and writes nothing; a change to any
//! input, a different flag, or a published file deleted or edited makes it build again (see
//! `src/build/fresh.rs`).

use std::path::Path;

use crate::support::Fixture;

/// What one `deload build ARGS` did.
#[derive(Debug, PartialEq, Eq)]
enum Did {
    Built,
    UpToDate,
}

fn build(f: &Fixture, extra: &[&str]) -> Did {
    let out = f.build(extra);
    let said = String::from_utf8_lossy(&out.stdout);
    if said.starts_with("Up to date: ") {
        Did::UpToDate
    } else {
        assert!(said.starts_with("Built "), "{said}");
        Did::Built
    }
}

/// Builds, then checks that a second build with nothing changed, straight after it (the files
/// may have been written in the same clock tick), is up to date.
fn settle(f: &Fixture, extra: &[&str]) {
    build(f, extra);
    assert_eq!(
        build(f, extra),
        Did::UpToDate,
        "a second build with nothing changed"
    );
}

/// A shipped site with a program extending a file outside `programs/` and an athlete whose
/// training log is outside it too: only the engine's list of the files it read finds them.
fn site() -> Fixture {
    let f = Fixture::shipped();
    let root = f.root();
    let program = std::fs::read_to_string(root.join("programs/novice-full-body.yaml")).unwrap();
    f.write("bases/base.yaml", &program);
    f.write(
        "programs/child.yaml",
        "extends: ../bases/base.yaml\nname: Child program\n",
    );
    let log = std::fs::read_to_string(
        crate::support::repo().join("tests/fixtures/logs/steady-strong.csv"),
    )
    .unwrap();
    f.write("logs/lee.csv", &log);
    f.write(
        "programs/athletes/lee.yaml",
        "program: ../novice-full-body.yaml\nname: Lee\nlog: ../../logs/lee.csv\nmaxes: { Back squat: 80 kg, Bench press: 55 kg, Overhead press: 35 kg, Deadlift: 100 kg }\n",
    );
    f
}

/// One edit of the site, by name.
type Edit<'a> = Box<dyn Fn() + 'a>;

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).unwrap();
    old.push_str(text);
    std::fs::write(path, old).unwrap();
}

#[test]
fn an_untouched_rebuild_is_skipped_and_writes_nothing() {
    let f = site();
    settle(&f, &[]);
    let marker = f.out().join(".deload-output");
    let before = std::fs::symlink_metadata(&marker).unwrap();
    let page = std::fs::symlink_metadata(f.out().join("index.html")).unwrap();
    let out = f.build(&["-v"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Up to date: ") && said.contains("--force rebuilds"),
        "{said}"
    );
    use std::os::unix::fs::MetadataExt;
    let after = std::fs::symlink_metadata(&marker).unwrap();
    assert_eq!(
        (before.ino(), before.ctime_nsec()),
        (after.ino(), after.ctime_nsec())
    );
    let page_after = std::fs::symlink_metadata(f.out().join("index.html")).unwrap();
    assert_eq!(
        (page.ino(), page.ctime_nsec()),
        (page_after.ino(), page_after.ctime_nsec())
    );
    // --force builds anyway
    assert_eq!(build(&f, &["--force"]), Did::Built);
}

#[test]
fn editing_any_kind_of_input_rebuilds() {
    let f = site();
    let root = f.root().to_path_buf();
    let edits: Vec<(&str, Edit<'_>)> = vec![
        (
            "a content page",
            Box::new(|| append(&root.join("content/_index.md"), "\nOne more line.\n")),
        ),
        (
            "a template",
            Box::new(|| append(&root.join("templates/base.html"), "\n")),
        ),
        (
            "a static file",
            Box::new(|| f.write("static/notes.txt", "new static file\n")),
        ),
        (
            "the static file again",
            Box::new(|| append(&root.join("static/notes.txt"), "edited\n")),
        ),
        (
            "a program",
            Box::new(|| append(&root.join("programs/novice-full-body.yaml"), "\n# edited\n")),
        ),
        (
            "an extends parent outside programs/",
            Box::new(|| append(&root.join("bases/base.yaml"), "\n# edited\n")),
        ),
        (
            "a training log outside programs/",
            Box::new(|| append(&root.join("logs/lee.csv"), "\n")),
        ),
        (
            "site.yaml",
            Box::new(|| append(&root.join("site.yaml"), "\n# edited\n")),
        ),
        (
            "a new page",
            Box::new(|| f.write("content/fresh-page.md", "---\ntitle: Fresh\n---\nNew.\n")),
        ),
        (
            "a removed page",
            Box::new(|| std::fs::remove_file(root.join("content/fresh-page.md")).unwrap()),
        ),
        (
            "a data file",
            Box::new(|| f.write("data/lifts.csv", "name\nsquat\n")),
        ),
    ];
    settle(&f, &[]);
    for (what, edit) in &edits {
        edit();
        assert_eq!(build(&f, &[]), Did::Built, "after editing {what}");
        settle(&f, &[]);
    }
    // the new page reached the output, then left it
    assert!(!f.out().join("fresh-page/index.html").exists());
    assert!(f.read_out("notes.txt").contains("edited"));
}

#[test]
fn changing_flags_rebuilds() {
    let f = site();
    settle(&f, &[]);
    assert_eq!(build(&f, &["--drafts"]), Did::Built);
    settle(&f, &["--drafts"]);
    assert_eq!(build(&f, &[]), Did::Built);
    settle(&f, &[]);
    assert_eq!(
        build(&f, &["--base-url", "https://other.test/"]),
        Did::Built
    );
    assert!(f.read_out("index.html").contains("https://other.test/"));
    settle(&f, &["--base-url", "https://other.test/"]);
    assert_eq!(build(&f, &[]), Did::Built);
    assert!(!f.read_out("index.html").contains("https://other.test/"));
}

#[test]
fn a_tampered_output_rebuilds() {
    let f = site();
    settle(&f, &[]);
    let page = f.out().join("index.html");
    let good = std::fs::read_to_string(&page).unwrap();
    std::fs::remove_file(&page).unwrap();
    assert_eq!(build(&f, &[]), Did::Built, "a deleted page");
    assert_eq!(f.read_out("index.html"), good);
    settle(&f, &[]);
    std::fs::write(&page, "defaced").unwrap();
    assert_eq!(build(&f, &[]), Did::Built, "an edited page");
    assert_eq!(f.read_out("index.html"), good);
    settle(&f, &[]);
    // a file the build copies, edited in the output: its bytes are not read, only its identity
    let css = f.out().join("style.css");
    let good = std::fs::read(&css).unwrap();
    std::fs::write(&css, "body{}").unwrap();
    assert_eq!(build(&f, &[]), Did::Built, "an edited stylesheet");
    assert_eq!(std::fs::read(&css).unwrap(), good);
}

/// A template that prints the build's time (`now()`) makes every build different: such a site
/// is always built.
#[test]
fn a_site_whose_templates_call_now_is_always_built() {
    let f = site();
    let page = f.root().join("templates/404.html");
    let original = std::fs::read_to_string(&page).unwrap();
    let stamped = original.replace("</div>", "<!-- built {{ now() }} --></div>");
    assert_ne!(stamped, original);
    std::fs::write(&page, stamped).unwrap();
    for _ in 0..3 {
        assert_eq!(build(&f, &[]), Did::Built);
    }
    assert!(f.read_out("404.html").contains("<!-- built 20"));
    std::fs::write(&page, original).unwrap();
    settle(&f, &[]);
}
