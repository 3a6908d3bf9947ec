//! `deload serve` in a real headless Chromium: the page reloads by itself after an edit, and a
//! broken edit shows the error overlay until it is fixed. The server runs with
//! `DELOAD_SERVE_VERIFY=1` (every incremental rebuild checked against a full one).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::browser::Browser;
use crate::support::{Fixture, ServeProcess};

const WAIT: Duration = Duration::from_secs(20);

/// Waits until the server has printed a line starting with `prefix`.
fn wait_for_line(s: &ServeProcess, prefix: &str) {
    let start = Instant::now();
    while !s.output().iter().any(|l| l.starts_with(prefix)) {
        assert!(
            start.elapsed() < WAIT,
            "no line starting with {prefix:?}:\n{}",
            s.output().join("\n")
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Rewrites the file `rel` of the site with `f`.
fn edit(root: &Path, rel: &str, f: impl FnOnce(&str) -> String) {
    let p = root.join(rel);
    let old = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, f(&old)).unwrap();
}

#[test]
fn browser_reloads_by_itself_and_shows_the_overlay() {
    let fx = Fixture::shipped();
    let root = fx.root();
    let s = ServeProcess::start(root, &[("DELOAD_SERVE_VERIFY", "1")], WAIT);
    wait_for_line(&s, "Rebuilt ");
    let mut b = Browser::launch();
    b.goto(&format!("http://127.0.0.1:{}/guidance/sleep/", s.port));
    // the page's own state: gone after a reload
    b.eval("window.__marker = 'before'; true");
    edit(root, "content/guidance/sleep.md", |t| {
        t.replace(
            "title: \"Sleep: the recovery habit with the most behind it\"",
            "title: \"Sleep, live\"",
        )
    });
    b.wait_for("document.querySelector('h1')?.textContent.includes('Sleep, live')");
    assert_eq!(
        b.eval("window.__marker === undefined"),
        serde_json::Value::Bool(true),
        "the page reloaded"
    );
    // a broken edit: the overlay
    let good = std::fs::read_to_string(root.join("content/guidance/sleep.md")).unwrap();
    std::fs::write(
        root.join("content/guidance/sleep.md"),
        good.replacen("title:", "titel:", 1),
    )
    .unwrap();
    b.wait_for("!!document.getElementById('__deload_overlay')");
    let text = b.eval("document.getElementById('__deload_overlay').textContent");
    let text = text.as_str().unwrap_or("");
    assert!(text.contains("content/guidance/sleep.md:2:1"), "{text}");
    assert!(text.contains("title"), "hint: {text}");
    // the fix clears it
    std::fs::write(
        root.join("content/guidance/sleep.md"),
        good.replace("Sleep, live", "Sleep, fixed"),
    )
    .unwrap();
    b.wait_for("document.querySelector('h1')?.textContent.includes('Sleep, fixed') && !document.getElementById('__deload_overlay')");
    let out = s.output();
    assert!(
        !out.iter().any(|l| l.contains("Incremental mismatch")),
        "{}",
        out.join("\n")
    );
}
