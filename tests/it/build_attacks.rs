//! Hostile sites given to `deload build`: outputs reaching the sources through symlinks,
//! aliases over generated files, dangerous link schemes, pathological Markdown and YAML. Each is
//! refused (or made harmless) with a located message, in bounded time and memory.

use crate::support::Fixture;

/// `--out` is checked after resolving symlinks: a link to content/, a link inside the path, a
/// link to a source folder that is itself a link, and `..` after a part that does not exist.
#[cfg(unix)]
#[test]
fn an_out_reaching_the_sources_through_a_symlink_is_refused() {
    use std::os::unix::fs::symlink;
    let f = Fixture::new("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    symlink(f.root().join("content"), elsewhere.path().join("c")).unwrap();
    symlink(f.root().join("content/blog"), f.root().join("blog-link")).unwrap();
    let via_link = elsewhere.path().join("c/public");
    let dotdot = elsewhere.path().join("c/missing/../public");
    for out_arg in [
        via_link.to_str().unwrap(),
        "blog-link/public",
        dotdot.to_str().unwrap(),
    ] {
        let out = f.run(&["build", "--out", out_arg]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{out_arg}: {stderr}");
        assert!(
            stderr.contains("inside the site's content/"),
            "{out_arg}: {stderr}"
        );
    }
    assert!(!f.root().join("content/public").exists());
    assert!(!f.root().join("content/blog/public").exists());

    // content/ itself a link to a folder outside the site: its target is a source folder too
    let g = Fixture::new("basic");
    let moved = tempfile::tempdir().unwrap();
    std::fs::rename(g.root().join("content"), moved.path().join("content")).unwrap();
    symlink(moved.path().join("content"), g.root().join("content")).unwrap();
    let target = moved.path().join("content/public");
    let out = g.run(&["build", "--out", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("inside the site's content/"));
    assert!(!target.exists());
    // a build into an ordinary folder still works
    g.build(&[]);
}
