//! The manual (`docs/`) is a deload site: `deload check --root docs` passes with no warning (so
//! every link and anchor between its pages resolves), and `deload build --root docs` builds it,
//! into a temporary folder, with its sections, menu and search index. A broken link between its
//! pages fails the check.

use std::path::Path;
use std::process::Output;

use crate::support::{copy_dir, copy_file, deload, repo};

/// The manual's sections, each a folder of `docs/content/` with an `_index.md`.
const SECTIONS: [&str; 5] = ["guide", "reference", "plans", "operations", "development"];

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `deload ARGS --root ROOT` in a temporary folder (so a default output path could not land
/// in the repository), and returns what it printed.
fn run_on(root: &Path, args: &[&str]) -> (Output, tempfile::TempDir) {
    let cwd = tempfile::tempdir().unwrap();
    let root = root.to_str().unwrap();
    let mut all = args.to_vec();
    all.extend(["--root", root]);
    (deload(cwd.path(), &all), cwd)
}

#[test]
fn the_manual_checks_clean() {
    let (out, _cwd) = run_on(&repo().join("docs"), &["check"]);
    let err = stderr(&out);
    assert!(out.status.success(), "deload check --root docs:\n{err}");
    assert!(
        !err.contains("warning"),
        "deload check --root docs warns:\n{err}"
    );
    let printed = format!("{}{err}", String::from_utf8_lossy(&out.stdout));
    assert!(printed.contains("Checked"), "{printed}");
}

#[test]
fn the_manual_builds_with_its_sections_menu_and_search() {
    let cwd = tempfile::tempdir().unwrap();
    let public = cwd.path().join("public");
    let root = repo().join("docs");
    let args = [
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        public.to_str().unwrap(),
        "--relative-urls",
    ];
    let out = deload(cwd.path(), &args);
    assert!(
        out.status.success(),
        "deload build --root docs:\n{}",
        stderr(&out)
    );
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    for section in SECTIONS {
        assert!(
            public.join(section).join("index.html").is_file(),
            "no {section}/ in the built manual"
        );
        assert!(
            home.contains(&format!("href=\"{section}/index.html\"")),
            "the home page's menu does not link {section}/"
        );
    }
    let page = public.join("reference/template-context/index.html");
    let page = std::fs::read_to_string(&page).unwrap();
    assert!(page.contains("<h2 id=\"shapes\">"), "{page}");
    let index = std::fs::read_to_string(public.join("search-index.js")).unwrap();
    assert!(
        index.contains("Template context") && index.contains("Training logs"),
        "the search index lacks the manual's pages"
    );
}

#[test]
fn a_broken_link_between_manual_pages_fails_the_check() {
    let tmp = tempfile::tempdir().unwrap();
    copy_file(
        &repo().join("docs/site.yaml"),
        &tmp.path().join("site.yaml"),
    );
    copy_dir(&repo().join("docs/content"), &tmp.path().join("content"));
    let page = tmp.path().join("content/guide/getting-started.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let broken = text.replace("@/reference/site-yaml.md", "@/reference/no-such-page.md");
    assert_ne!(text, broken, "the page links site.yaml's reference");
    std::fs::write(&page, broken).unwrap();
    let (out, _cwd) = run_on(tmp.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("@/reference/no-such-page.md") && err.contains("guide/getting-started.md"),
        "{err}"
    );
}

/// Without `--out`, `build --root DIR` writes `DIR/public` (as Zola's `output_dir` does), never
/// the `public/` of the folder deload runs in; a `--out` given is read from that folder.
#[test]
fn the_default_output_is_in_the_sites_folder() {
    let cwd = tempfile::tempdir().unwrap();
    let site = cwd.path().join("site");
    copy_dir(&repo().join("tests/fixtures/basic"), &site);
    let out = deload(cwd.path(), &["build", "--root", "site"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.join("public/index.html").is_file());
    assert!(!cwd.path().join("public").exists());
    let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(printed.contains("site/public"), "{printed}");
    let out = deload(
        cwd.path(),
        &["build", "--root", "site", "--out", "elsewhere"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(cwd.path().join("elsewhere/index.html").is_file());
}
