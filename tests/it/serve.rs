//! `deload serve`: the real binary on a free loopback port in a temporary copy of the shipped
//! site; files edited the ways editors and tools do; what is served, what the terminal says,
//! what the event stream sends; traversal refused (a headless Chromium reloading by itself is in
//! tests/tools/serve.rs).
//!
//! Every server runs with `DELOAD_SERVE_VERIFY=1`: after each incremental rebuild it renders
//! everything again and prints `Incremental mismatch` if anything differs; no test may see one.

use std::cell::Cell;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use deload_serve::watch::DEBOUNCE;

use crate::support::{Fixture, ServeProcess};

const WAIT: Duration = Duration::from_secs(20);

/// A running `deload serve` (verifying every incremental rebuild), with what the tests expect of
/// its rebuilds.
struct Serve {
    process: ServeProcess,
    /// Rebuilds beyond the count a test expects that were legitimate: a save whose steps took
    /// longer than the watcher's debounce may be seen as two saves (see [`Serve::saved_in`]).
    extra: Cell<usize>,
    /// Rebuilds that slow saves since the last check may add.
    slow_saves: Cell<usize>,
}

impl std::ops::Deref for Serve {
    type Target = ServeProcess;

    fn deref(&self) -> &ServeProcess {
        &self.process
    }
}

impl Serve {
    fn start(root: &Path) -> Serve {
        Serve {
            process: ServeProcess::start(root, &[("DELOAD_SERVE_VERIFY", "1")], WAIT),
            extra: Cell::new(0),
            slow_saves: Cell::new(0),
        }
    }

    /// Lines that report a rebuild (good or failed).
    fn rebuilds(&self) -> Vec<String> {
        self.output()
            .into_iter()
            .filter(|l| l.starts_with("Rebuilt ") || l.starts_with("Build failed "))
            .collect()
    }

    fn get(&self, path: &str) -> Resp {
        get(self.port, path)
    }

    /// Polls `path` until its body contains `needle`.
    fn wait_for(&self, path: &str, needle: &str) -> Resp {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if r.body.contains(needle) {
                return r;
            }
            assert!(
                start.elapsed() < WAIT,
                "{path} never contained {needle:?}; last status {}; output:\n{}",
                r.status,
                self.output().join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Records how long the file operations of one save took. An editor does them within
    /// microseconds; when this test was descheduled between them for longer than the watcher's
    /// debounce (a loaded machine), the server may rightly see two saves and rebuild twice.
    fn saved_in(&self, took: Duration) {
        // at most one more rebuild per debounce window the steps spanned
        let windows = (took.as_micros() / DEBOUNCE.as_micros()) as usize;
        self.slow_saves.set(self.slow_saves.get() + windows);
    }

    /// Waits until there are `n` rebuild lines, then a little longer, and checks there are
    /// exactly `n` (plus at most one per slow save, see [`Serve::saved_in`]) and no incremental
    /// mismatch.
    fn expect_rebuilds(&self, n: usize) {
        let want = n + self.extra.get();
        let start = Instant::now();
        while self.rebuilds().len() < want {
            assert!(
                start.elapsed() < WAIT,
                "waiting for {want} rebuilds:\n{}",
                self.output().join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        std::thread::sleep(Duration::from_millis(400));
        let out = self.output();
        let got = self.rebuilds().len();
        let allowed = self.slow_saves.replace(0);
        assert!(
            got >= want && got - want <= allowed,
            "expected exactly {want} rebuild lines ({allowed} more allowed for slow saves):\n{}",
            out.join("\n")
        );
        self.extra.set(got - n);
        assert!(
            !out.iter().any(|l| l.contains("Incremental mismatch")),
            "{}",
            out.join("\n")
        );
    }
}

struct Resp {
    status: u16,
    head: String,
    body: String,
}

impl Resp {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// A raw HTTP/1.0 GET (the path is sent exactly as given).
fn get(port: u16, path: &str) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Resp {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Reads the event stream in a thread, collecting what arrives.
fn events(port: u16) -> Arc<Mutex<String>> {
    let got = Arc::new(Mutex::new(String::new()));
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET /__deload/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let g = got.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                break;
            }
            g.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let start = Instant::now();
    while !got.lock().unwrap().contains("text/event-stream") {
        assert!(start.elapsed() < WAIT, "no event stream");
        std::thread::sleep(Duration::from_millis(10));
    }
    got
}

fn wait_text(got: &Mutex<String>, needle: &str) {
    let start = Instant::now();
    while !got.lock().unwrap().contains(needle) {
        assert!(
            start.elapsed() < WAIT,
            "event stream never had {needle:?}: {}",
            got.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(&str) -> String) -> String {
    let p = root.join(rel);
    let old = std::fs::read_to_string(&p).unwrap();
    let new = f(&old);
    std::fs::write(&p, &new).unwrap();
    new
}

/// Saves 1 to 3: written in place, an atomic rename over the file, vim's way.
fn save_in_place_atomically_and_like_vim(s: &Serve, root: &Path, sleep: &str) {
    // 1. write in place
    let t = Instant::now();
    edit(root, sleep, |t| format!("{t}\nMarker written in place.\n"));
    s.saved_in(t.elapsed());
    s.wait_for("/guidance/sleep/", "Marker written in place.");
    s.expect_rebuilds(2);

    // 2. atomic rename: a temp file beside it, renamed over it
    let text = std::fs::read_to_string(root.join(sleep)).unwrap();
    let tmp = root.join("content/guidance/.sleep.md.tmp.1234");
    let t = Instant::now();
    std::fs::write(&tmp, format!("{text}\nMarker from an atomic save.\n")).unwrap();
    std::fs::rename(&tmp, root.join(sleep)).unwrap();
    s.saved_in(t.elapsed());
    s.wait_for("/guidance/sleep/", "Marker from an atomic save.");
    s.expect_rebuilds(3);

    // 3. vim's way: probe file 4913, backup by rename, write anew, delete the backup
    let text = std::fs::read_to_string(root.join(sleep)).unwrap();
    let dir = root.join("content/guidance");
    let t = Instant::now();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::write(dir.join(".sleep.md.swp"), "swap").unwrap();
    std::fs::rename(root.join(sleep), dir.join("sleep.md~")).unwrap();
    std::fs::write(root.join(sleep), format!("{text}\nMarker saved by vim.\n")).unwrap();
    std::fs::remove_file(dir.join("sleep.md~")).unwrap();
    std::fs::remove_file(dir.join(".sleep.md.swp")).unwrap();
    s.saved_in(t.elapsed());
    s.wait_for("/guidance/sleep/", "Marker saved by vim.");
    s.expect_rebuilds(4);
}

/// Saves 4 to 6: delete and recreate, a page in a new folder, a burst of 50 files.
fn recreate_add_a_folder_and_a_burst(s: &Serve, fx: &Fixture, sleep: &str) {
    let root = fx.root();
    // 4. delete and recreate
    let text = std::fs::read_to_string(root.join(sleep)).unwrap();
    let t = Instant::now();
    std::fs::remove_file(root.join(sleep)).unwrap();
    std::fs::write(
        root.join(sleep),
        format!("{text}\nMarker after recreate.\n"),
    )
    .unwrap();
    s.saved_in(t.elapsed());
    s.wait_for("/guidance/sleep/", "Marker after recreate.");
    s.expect_rebuilds(5);

    // 5. a new folder with a page in it
    let t = Instant::now();
    fx.write(
        "content/new-folder/fresh.md",
        "---\ntitle: Fresh page\n---\nMarker in a new folder.\n",
    );
    s.saved_in(t.elapsed());
    s.wait_for("/new-folder/fresh/", "Marker in a new folder.");
    s.expect_rebuilds(6);

    // 6. a burst of 50 files at once (a git checkout)
    let t = Instant::now();
    for i in 0..50 {
        fx.write(
            &format!("content/burst/p{i:02}.md"),
            &format!("---\ntitle: Burst {i}\ntags: [burst]\n---\nMarker burst {i}.\n"),
        );
    }
    s.saved_in(t.elapsed());
    for i in [0, 17, 49] {
        s.wait_for(&format!("/burst/p{i:02}/"), &format!("Marker burst {i}."));
    }
    // 50 pages, 20 to a term page: "Burst 49" is the 45th by title, on the third
    s.wait_for("/tags/burst/page/3/", "Burst 49");
    s.expect_rebuilds(7);
}

#[test]
fn saves_of_every_kind_end_in_one_correct_rebuild() {
    let fx = Fixture::shipped();
    let root = fx.root();
    let s = Serve::start(root);
    s.expect_rebuilds(1); // the initial build
    let sleep = "content/guidance/sleep.md";
    save_in_place_atomically_and_like_vim(&s, root, sleep);
    recreate_add_a_folder_and_a_burst(&s, &fx, sleep);

    // 7. a deleted page is gone
    std::fs::remove_file(root.join("content/burst/p00.md")).unwrap();
    let start = Instant::now();
    while s.get("/burst/p00/").status != 404 {
        assert!(start.elapsed() < WAIT, "deleted page still served");
        std::thread::sleep(Duration::from_millis(20));
    }
    s.expect_rebuilds(8);

    // 8. editor temp files alone rebuild nothing
    let dir = root.join("content/guidance");
    std::fs::write(dir.join(".#sleep.md"), "lock").unwrap();
    std::fs::write(dir.join("sleep.md.tmp"), "x").unwrap();
    std::fs::write(dir.join("notes~"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    s.expect_rebuilds(8);
}

#[test]
fn edits_reach_every_page_that_shows_them() {
    let fx = Fixture::shipped();
    let root = fx.root();
    let s = Serve::start(root);
    s.expect_rebuilds(1);
    // a section title appears on every page of the section (breadcrumbs, prev/next label)
    edit(root, "content/guidance/_index.md", |t| {
        t.replace(
            "title: \"Recovery guidance\"",
            "title: \"Renamed guidance\"",
        )
    });
    s.wait_for("/guidance/", "Renamed guidance");
    s.wait_for("/guidance/sleep/", "Renamed guidance");
    s.expect_rebuilds(2);
    // a page title reaches the section listing, its tag pages and its neighbours
    edit(root, "content/guidance/sleep.md", |t| {
        t.replace(
            "title: \"Sleep: the recovery habit with the most behind it\"",
            "title: \"Sleep, renamed\"",
        )
    });
    s.wait_for("/guidance/", "Sleep, renamed");
    s.wait_for("/tags/sleep/", "Sleep, renamed");
    s.expect_rebuilds(3);
    // a first-paragraph edit changes the summary shown in listings (the incremental path)
    edit(root, "content/guidance/sleep.md", |t| {
        let body_at = t[3..].find("---").unwrap() + 6;
        format!(
            "{}\nA new first paragraph, Marker in the summary.\n\n{}",
            &t[..body_at],
            &t[body_at..]
        )
    });
    s.wait_for("/guidance/sleep/", "Marker in the summary");
    s.wait_for("/search-index.js", "marker");
    s.expect_rebuilds(4);
    let last = s.rebuilds().pop().unwrap();
    assert!(last.contains("→ 1 page"), "{last}");
    // a template edit reaches the pages using it
    edit(root, "templates/partials/footer.html", |t| {
        format!("{t}<p>Marker in the footer</p>")
    });
    s.wait_for("/about/", "Marker in the footer");
    s.expect_rebuilds(5);
    // a program edit regenerates its pages
    edit(root, "programs/novice-full-body.yaml", |t| {
        t.replacen("name: ", "name: Marker ", 1)
    });
    s.wait_for("/programs/", "Marker ");
    s.expect_rebuilds(6);
}

#[test]
fn broken_edit_keeps_the_last_good_site_and_shows_the_error() {
    let fx = Fixture::shipped();
    let root = fx.root();
    let s = Serve::start(root);
    s.expect_rebuilds(1);
    let ev = events(s.port);
    let good = std::fs::read_to_string(root.join("content/about.md")).unwrap();
    std::fs::write(
        root.join("content/about.md"),
        "---\ntitle: [broken\n---\nBroken marker\n",
    )
    .unwrap();
    wait_text(&ev, "event: error");
    wait_text(&ev, "content/about.md:2:8");
    s.expect_rebuilds(2);
    let out = s.output().join("\n");
    assert!(out.contains("Build failed"), "{out}");
    assert!(out.contains("content/about.md:2:8"), "{out}");
    // the old page is still served
    let r = s.get("/about/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("About deload") && !r.body.contains("Broken marker"));
    // a tab opened now learns of the error at once
    let late = events(s.port);
    wait_text(&late, "content/about.md:2:8");
    // the fix clears it
    std::fs::write(
        root.join("content/about.md"),
        good.replace("About deload", "About deload, fixed"),
    )
    .unwrap();
    wait_text(&ev, "event: clear");
    wait_text(&ev, "event: reload");
    s.wait_for("/about/", "About deload, fixed");
    s.expect_rebuilds(3);
}

#[test]
fn css_edit_is_swapped_without_reload() {
    let fx = Fixture::shipped();
    let root = fx.root();
    let s = Serve::start(root);
    s.expect_rebuilds(1);
    let ev = events(s.port);
    edit(root, "templates/style.css", |t| {
        format!("{t}\n.marker {{ color: red }}\n")
    });
    s.wait_for("/style.css", ".marker");
    wait_text(&ev, "event: css");
    s.expect_rebuilds(2);
    assert!(!ev.lock().unwrap().contains("event: reload"));
}

/// Each kind of file is served with its type, and the live-reload script only in HTML.
fn check_content_types(s: &Serve) {
    for (path, mime) in [
        ("/style.css", "text/css"),
        ("/search.js", "text/javascript"),
        ("/search-index.js", "text/javascript"),
        ("/atom.xml", "application/xml"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain"),
        ("/logo.svg", "image/svg+xml"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type").unwrap().starts_with(mime),
            "{path}"
        );
        assert!(
            !r.body.contains("__deload/events"),
            "{path}: script only in HTML"
        );
    }
}

/// Traversal and symlinks out of the site are refused, and nothing outside is served.
fn check_traversal_refused(s: &Serve) {
    for path in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2FCargo.toml",
        "/..%2fCargo.toml",
        "/guidance/%2e%2e/%2e%2e/Cargo.toml",
        "/..%5cCargo.toml",
        "/leak.txt",
        "/repo/Cargo.toml",
        "/static/leak.txt",
    ] {
        let r = s.get(path);
        assert!(
            r.status == 403 || r.status == 404 || r.status == 400,
            "{path}: {}",
            r.status
        );
        assert!(!r.body.contains("TOP SECRET"), "{path}");
        assert!(!r.body.contains("[package]"), "{path}");
    }
}

#[test]
fn serves_the_site_only() {
    let fx = Fixture::shipped();
    let root = fx.root();
    fx.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let secret = root
        .parent()
        .unwrap()
        .join(format!("deload-secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "TOP SECRET").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("static/leak.txt")).unwrap();
    std::os::unix::fs::symlink(crate::support::repo(), root.join("static/repo")).unwrap();
    let s = Serve::start(root);
    s.expect_rebuilds(1);

    let r = s.get("/guidance/sleep/");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(
        r.body.contains("/__deload/events"),
        "client script injected"
    );
    check_content_types(&s);
    // links point at the server, whatever base_url says
    assert!(
        r.body
            .contains(&format!("http://127.0.0.1:{}/guidance/", s.port)),
        "local links"
    );
    assert!(!r.body.contains("deload.example.org/guidance"));
    // a folder without its slash redirects
    assert_eq!(s.get("/guidance").status, 301);
    // the site's 404 page
    let r = s.get("/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("<html"), "{}", r.body);
    check_traversal_refused(&s);
    // bad methods
    let mut st = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    write!(st, "DELETE / HTTP/1.0\r\n\r\n").unwrap();
    let mut out = String::new();
    let _ = st.read_to_string(&mut out);
    assert!(
        out.starts_with("HTTP/1.1 405") || out.starts_with("HTTP/1.0 405"),
        "{out}"
    );
    let _ = std::fs::remove_file(&secret);
}

#[test]
fn survives_disconnects_and_many_clients() {
    let fx = Fixture::shipped();
    let s = Serve::start(fx.root());
    s.expect_rebuilds(1);
    let port = s.port;
    // clients that go away mid-request and mid-response
    for i in 0..30 {
        let mut st = TcpStream::connect(("127.0.0.1", port)).unwrap();
        if i % 2 == 0 {
            let _ = st.write_all(b"GET /guidance/sleep/ HTTP/1.1\r\nHost: x\r\n\r\n");
            let mut b = [0u8; 16];
            let _ = st.read(&mut b);
        } else {
            let _ = st.write_all(b"GET /search-index");
        }
        drop(st);
    }
    // an event stream that goes away
    drop(events(port));
    // many at once
    let handles: Vec<_> = (0..64)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 { "/" } else { "/guidance/sleep/" };
                get(port, path).status
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 200);
    }
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn port_in_use_is_a_clear_error() {
    let fx = Fixture::shipped();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_deload"))
        .args(["serve", "--port", &port, "--root"])
        .arg(fx.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--port"), "{err}");
}

/// A symlink in static/ that leads out of the site is skipped by the build; changes out there
/// must not rebuild the site either (the watcher once followed it into the repository and
/// rebuilt on every compiler output).
#[test]
fn changes_behind_a_symlink_out_of_the_site_rebuild_nothing() {
    let fx = Fixture::shipped();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(fx.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path(), fx.root().join("static/outside")).unwrap();
    let s = Serve::start(fx.root());
    s.expect_rebuilds(1);
    for i in 0..5 {
        std::fs::write(outside.path().join(format!("noise-{i}.txt")), "x").unwrap();
        std::thread::sleep(Duration::from_millis(100));
    }
    // a change inside the site still rebuilds: it proves the watcher is running
    fx.write("static/inside.txt", "y");
    s.expect_rebuilds(2);
    let rebuilds = s.rebuilds();
    assert!(
        rebuilds.iter().all(|l| !l.contains("noise-")),
        "{}",
        rebuilds.join("\n")
    );
}

/// A named pipe in `data/` read by `load_data` fails the rebuild at once (it waited for ever and
/// stopped every later rebuild); once the pipe is replaced by a file, the next save rebuilds.
#[cfg(unix)]
#[test]
fn a_rebuild_that_fails_on_a_named_pipe_does_not_stop_the_server() {
    let fx = Fixture::new("basic");
    let root = fx.root();
    fx.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}Rows: {{ load_data(path=\"rows.csv\") | length }}{% endblock content %}\n",
    );
    fx.write("data/rows.csv", "a\n1\n2\n");
    let s = Serve::start(root);
    s.wait_for("/about-us/", "Rows: 2");
    let pipe = root.join("data/rows.csv");
    std::fs::remove_file(&pipe).unwrap();
    let c = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let start = Instant::now();
    while !s
        .output()
        .iter()
        .any(|l| l.contains("is not a regular file"))
    {
        assert!(start.elapsed() < WAIT, "{}", s.output().join("\n"));
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::remove_file(&pipe).unwrap();
    fx.write("data/rows.csv", "a\n1\n2\n3\n");
    s.wait_for("/about-us/", "Rows: 3");
}
