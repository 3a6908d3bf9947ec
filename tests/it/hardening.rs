//! Hostile situations: killed builds, symlink loops, odd encodings.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{Fixture, snapshot};

/// Starts `deload build` in `root` and kills it after `delay` ms.
fn kill_build_after(root: &Path, delay: u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_deload"))
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(delay));
    let _ = child.kill();
    let _ = child.wait();
}

/// A build killed at any moment over an existing output leaves either the complete old output or
/// the complete new one (never the half-updated spare generation), and the next build is whole.
#[test]
fn killed_builds_leave_old_or_new_output_never_a_mix() {
    let f = Fixture::new("basic");
    let page = f.root().join("content/blog/second.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let edited = original.replace(
        "Opening line of the second post.",
        "An edited opening line.",
    );
    let extra = f.root().join("content/blog/extra.md");

    let set_version = |v: usize| {
        if v == 0 {
            std::fs::write(&page, &original).unwrap();
            let _ = std::fs::remove_file(&extra);
        } else {
            std::fs::write(&page, &edited).unwrap();
            std::fs::write(
                &extra,
                "---\ntitle: Extra\ndate: 2026-05-01\ntags: [sleep]\n---\nMore.\n",
            )
            .unwrap();
        }
    };
    // The two complete outputs.
    let mut versions = Vec::new();
    for v in 0..2 {
        set_version(v);
        f.build(&[]);
        versions.push(snapshot(&f.out()));
    }
    assert_ne!(versions[0], versions[1]);

    // Time one full build (forced: with nothing changed it would be "up to date") to spread
    // the kills over its whole length.
    let t = std::time::Instant::now();
    f.build(&["--force"]);
    let build_ms = t.elapsed().as_millis().max(5) as u64;

    let mut seed: u64 = 0x5eed;
    let mut seen = [0usize; 2];
    // at least 30 kills, more (up to 90) until kills before and after the swap were both seen
    for i in 0..90 {
        if i >= 30 && seen[0] > 0 && seen[1] > 0 {
            break;
        }
        set_version(i % 2);
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        // spread over 0..1.5 × the build time, growing if kills keep landing before the swap
        let span = (build_ms + build_ms / 2) * (1 + i as u64 / 30);
        let delay = (seed >> 33) % span;
        kill_build_after(f.root(), delay);
        let now = snapshot(&f.out());
        let which = versions.iter().position(|v| *v == now);
        assert!(
            which.is_some(),
            "after a kill at {delay} ms the output is neither the old nor the new build"
        );
        seen[which.unwrap_or(0)] += 1;
        // the killed build may have left the spare generation half updated: the next complete
        // build must still give exactly its version, whatever the spare held
        if i % 3 == 0 {
            f.build(&[]);
            assert!(
                snapshot(&f.out()) == versions[i % 2],
                "a complete build after a kill at {delay} ms differs from a clean one"
            );
        }
    }
    assert!(
        seen[0] > 0 && seen[1] > 0,
        "kills landed before and after the swap: {seen:?}"
    );
    // the next build cleans what killed builds left beside the output
    f.build(&[]);
    assert_no_leftovers(f.root());
}

/// Nothing a killed build left (staging folders, temporary files) is beside the output.
fn assert_no_leftovers(root: &Path) {
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("deload-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn symlink_loops_in_content_are_reported_not_followed_forever() {
    let f = Fixture::new("basic");
    std::os::unix::fs::symlink(
        f.root().join("content"),
        f.root().join("content/blog/loop1"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        f.root().join("content/blog"),
        f.root().join("content/blog/loop2"),
    )
    .unwrap();
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("symlink loop"), "{stderr}");
    assert!(
        stderr.contains("content/blog/loop1") && stderr.contains("content/blog/loop2"),
        "{stderr}"
    );
}

#[test]
fn bom_crlf_and_empty_files() {
    let f = Fixture::new("basic");
    f.write("content/crlf.md", "\u{feff}---\r\ntitle: \"Windows file\"\r\ntags: [sleep]\r\n---\r\nLine one.\r\n\r\n## A heading\r\n");
    f.build(&[]);
    let html = f.read_out("crlf/index.html");
    assert!(html.contains("<h1>Windows file</h1>"));
    assert!(html.contains(r#"<h2 id="a-heading">"#));
    f.write("content/empty.md", "");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("content/empty.md:1:1"));
}

#[test]
fn symlinks_out_of_the_site_are_never_read() {
    let f = Fixture::new("basic");
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "TOP SECRET").unwrap();
    std::os::unix::fs::symlink(secret.path(), f.root().join("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(std::env::temp_dir(), f.root().join("static/tmpdir")).unwrap();
    std::os::unix::fs::symlink(secret.path(), f.root().join("content/leak.md")).unwrap();
    let out = f.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("static/leak.txt") && stderr.contains("leads outside static/"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/leak.md") && stderr.contains("leads outside content/"),
        "{stderr}"
    );
    assert!(!f.out().join("leak.txt").exists());
    assert!(!f.out().join("tmpdir").exists());
    for (_, bytes) in crate::support::snapshot(&f.out()) {
        assert!(!String::from_utf8_lossy(&bytes).contains("TOP SECRET"));
    }
    // a symlink that stays inside the folder is followed
    std::os::unix::fs::symlink(
        f.root().join("static/img/logo.txt"),
        f.root().join("static/logo-link.txt"),
    )
    .unwrap();
    f.build(&[]);
    assert_eq!(f.read_out("logo-link.txt"), "logo\n");
}
