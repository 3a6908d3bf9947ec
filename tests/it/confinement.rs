//! File references in programs and athlete files (`program`, `extends`, `log`) never reach
//! outside the site root (or, for a standalone file, outside its own folder tree).

use std::path::Path;

use crate::support::{Fixture, deload};

const PROGRAM: &str = "name: Outside\nsessions_per_week: 3\nblocks: [{name: A, weeks: 4}]\nsessions:\n  - name: A\n    exercises: [{exercise: Squat, sets: 3, reps: 5}]\n";

fn athlete(program: &str, extra: &str) -> String {
    format!("program: {program}\nname: Pat\nstart: 2026-01-05\n{extra}")
}

/// A build that must fail with every piece of `expect` in its error output.
fn build_fails(f: &Fixture, expect: &[&str]) -> String {
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "the build should fail:\n{err}");
    for e in expect {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
    assert!(!f.out().exists(), "nothing is published");
    err
}

/// A program outside the site: a sibling temporary folder.
fn outside_program() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("outside.yaml"), PROGRAM).unwrap();
    dir
}

fn rel_to(from: &Path, to: &Path) -> String {
    let depth = from.components().count();
    format!(
        "{}{}",
        "../".repeat(depth),
        to.display().to_string().trim_start_matches('/')
    )
}

#[test]
fn athlete_program_outside_the_site_is_refused() {
    let outside = outside_program();
    let target = outside.path().join("outside.yaml");
    let f = Fixture::shipped();
    // Absolute.
    f.write(
        "programs/athletes/pat.yaml",
        &athlete(&target.display().to_string(), ""),
    );
    build_fails(&f, &["pat.yaml:1:", "`program` must be a relative path"]);
    // Relative, climbing out with `..`.
    let dir = f.root().join("programs/athletes").canonicalize().unwrap();
    f.write(
        "programs/athletes/pat.yaml",
        &athlete(&rel_to(&dir, &target), ""),
    );
    build_fails(&f, &["pat.yaml:1:", "`program` leads outside"]);
}

#[test]
fn extends_outside_the_site_is_refused() {
    let outside = outside_program();
    let target = outside.path().join("outside.yaml");
    let f = Fixture::shipped();
    let dir = f.root().join("programs").canonicalize().unwrap();
    f.write(
        "programs/child.yaml",
        &format!("name: Child\nextends: {}\n", rel_to(&dir, &target)),
    );
    build_fails(&f, &["child.yaml:2:", "`extends` leads outside"]);
    f.write(
        "programs/child.yaml",
        &format!("name: Child\nextends: {}\n", target.display()),
    );
    build_fails(&f, &["child.yaml:2:", "`extends` must be a relative path"]);
}

#[test]
fn log_outside_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let log = outside.path().join("log.csv");
    std::fs::write(
        &log,
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n",
    )
    .unwrap();
    let f = Fixture::shipped();
    f.write(
        "programs/athletes/pat.yaml",
        &athlete(
            "../novice-full-body.yaml",
            &format!("log: {}\n", log.display()),
        ),
    );
    build_fails(&f, &["pat.yaml:4:", "`log` must be a relative path"]);
    f.write(
        "programs/athletes/pat.yaml",
        &athlete(
            "../novice-full-body.yaml",
            "log: ../../../../../../../../../../etc/passwd\n",
        ),
    );
    build_fails(&f, &["pat.yaml:4:", "`log` leads outside"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_leading_outside_is_refused() {
    let outside = outside_program();
    let f = Fixture::shipped();
    std::fs::create_dir_all(f.root().join("shared")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("outside.yaml"),
        f.root().join("shared/base.yaml"),
    )
    .unwrap();
    f.write(
        "programs/child.yaml",
        "name: Child\nextends: ../shared/base.yaml\n",
    );
    build_fails(&f, &["child.yaml:2:", "`extends` leads outside"]);
}

#[test]
fn references_inside_the_site_still_work() {
    let f = Fixture::shipped();
    f.write("shared/base.yaml", PROGRAM);
    f.write(
        "programs/child.yaml",
        "name: Child\nextends: ../shared/base.yaml\n",
    );
    f.write(
        "programs/athletes/pat.yaml",
        &athlete("./../child.yaml", ""),
    );
    f.build(&[]);
}

/// `deload plan FILE` outside any site: references stay within the file's own folder tree.
#[test]
fn standalone_plan_stays_in_the_files_folder() {
    let top = tempfile::tempdir().unwrap();
    std::fs::write(top.path().join("outside.yaml"), PROGRAM).unwrap();
    let dir = top.path().join("plans");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/prog.yaml"), PROGRAM).unwrap();
    std::fs::write(dir.join("ok.yaml"), athlete("sub/prog.yaml", "")).unwrap();
    std::fs::write(dir.join("bad.yaml"), athlete("../outside.yaml", "")).unwrap();

    let out = deload(&dir, &["plan", "ok.yaml", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = deload(&dir, &["plan", "bad.yaml", "--format", "json"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("bad.yaml:1:") && err.contains("leads outside"),
        "{err}"
    );

    // Inside a site, the site root is the limit: an athlete file in a subfolder of the site may
    // use a program elsewhere in the site.
    std::fs::write(top.path().join("site.yaml"), "title: T\n").unwrap();
    let out = deload(&dir, &["plan", "bad.yaml", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
