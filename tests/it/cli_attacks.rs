//! The command line under hostile conditions: its output going to a reader that left
//! (`deload build 2>&1 | head -1`), a full disk, and errors repeated for every page.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::Fixture;

/// `deload ARGS` in `dir` with stdout and stderr going into `head -1` through one pipe, as a user
/// types it; returns deload's own exit code (not head's).
fn into_head(dir: &Path, args: &str) -> Option<i32> {
    let script = format!("\"$0\" {args} 2>&1 | head -1 >/dev/null; exit \"${{PIPESTATUS[0]}}\"");
    Command::new("bash")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_deload"))
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("bash runs")
        .code()
}

/// `deload ARGS` with its stdout and stderr pipes closed before it writes anything.
fn into_closed_pipes(dir: &Path, args: &[&str]) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_deload"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run deload");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("wait for deload").code()
}

/// A write to a closed pipe used to panic (exit 101), now and then: whenever the reader had left
/// before deload's last line. The exit code is the build's own, every time.
#[test]
fn a_reader_that_leaves_does_not_change_the_exit_code() {
    let good = Fixture::new("basic");
    let bad = Fixture::new("basic");
    // every page fails: many lines of errors for a reader that wants one
    bad.write("templates/page.html", "{{ no_such_variable }}\n");
    for i in 0..20 {
        assert_eq!(
            into_head(good.root(), "build -v"),
            Some(0),
            "good build, run {i}"
        );
        assert_eq!(
            into_head(bad.root(), "build"),
            Some(1),
            "failing build, run {i}"
        );
        assert_eq!(into_closed_pipes(good.root(), &["build", "-v"]), Some(0));
        assert_eq!(into_closed_pipes(bad.root(), &["build"]), Some(1));
        assert_eq!(into_closed_pipes(bad.root(), &["check"]), Some(1));
    }
}

/// One broken template shared by every page is one error, with a count and the first pages.
#[test]
fn an_error_repeated_for_every_page_is_printed_once() {
    let f = Fixture::new("basic");
    f.write("templates/page.html", "{{ no_such_variable }}\n");
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains("no_such_variable"), "{err}");
    assert!(err.contains("the same error"), "{err}");
    assert!(err.contains("more times: while rendering"), "{err}");
    assert!(err.contains("failed with 1 distinct error ("), "{err}");
}

/// A full disk (a 32 KiB tmpfs in a mount namespace of its own) fails the build with one error
/// per kind of write, each with a count and the first files, and leaves no output behind.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_one_error_with_a_count() {
    let f = Fixture::new("basic");
    let mnt = tempfile::tempdir().unwrap();
    let script = "mount -t tmpfs -o size=32k none \"$1\" && exec \"$0\" build --out \"$1/public\"";
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .arg(env!("CARGO_BIN_EXE_deload"))
        .arg(mnt.path())
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .output()
        .expect("unshare (util-linux) runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
    assert!(err.contains("the disk is full"), "{err}");
    assert!(err.contains("more times: "), "{err}");
    assert!(err.matches("error:").count() <= 3, "{err}");
    assert!(err.contains("distinct error"), "{err}");
}
