//! The PDF printer's sandbox and deadline (#23.6, #23.7), end to end through a real headless
//! Chromium: a site's `templates/plan/cover.html` that reaches for local files, the network and
//! scripts prints without any of them, a script that never ends cannot hold the print, and a
//! sheet too heavy to print within `DELOAD_PDF_DEADLINE_MS` is a located error that leaves no
//! browser running.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::tools::{chromium, require};
use crate::support::{Fixture, repo, snapshot};

/// How long a run may take before the test gives up on it (a hang is a failure, not a wait).
const GIVE_UP: Duration = Duration::from_secs(240);

/// A site folder (site.yaml of the shipped site) whose `templates/plan/cover.html` is the
/// built-in cover followed by `extra`.
fn site_with_cover(root: &Path, extra: &str) -> PathBuf {
    let site = root.join("site");
    std::fs::create_dir_all(site.join("templates/plan")).unwrap();
    std::fs::copy(repo().join("site.yaml"), site.join("site.yaml")).unwrap();
    let cover = std::fs::read_to_string(repo().join("crates/sheet/templates/plan/cover.html"))
        .expect("the built-in cover");
    std::fs::write(
        site.join("templates/plan/cover.html"),
        format!("{cover}\n{extra}\n"),
    )
    .unwrap();
    site
}

/// `deload ARGS` in `dir` with the test's Chromium, `TMPDIR` at `tmpdir` and `env` on top,
/// killed (and the test failed) if it runs past [`GIVE_UP`].
fn deload(dir: &Path, args: &[&str], tmpdir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deload"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("DELOAD_CHROMIUM", chromium())
        .env("TMPDIR", tmpdir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run deload");
    let start = Instant::now();
    while child.try_wait().expect("wait for deload").is_none() {
        if start.elapsed() > GIVE_UP {
            let _ = child.kill();
            let _ = child.wait();
            panic!("deload {args:?} still ran after {GIVE_UP:?}: the print hangs");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("deload's output")
}

/// `deload plan` of the shipped athlete Sam to PDF at `pdf`, with `site`'s templates.
fn plan_pdf(site: &Path, pdf: &Path, tmpdir: &Path, env: &[(&str, &str)]) -> Output {
    let program = repo()
        .join("programs/athletes/sam.yaml")
        .to_string_lossy()
        .into_owned();
    let pdf = pdf.to_string_lossy().into_owned();
    let args = ["plan", &program, "--format", "pdf", "-o", &pdf];
    deload(site, &args, tmpdir, env)
}

/// The text of `pdf`, as `pdftotext` reads it.
fn pdftotext(pdf: &Path) -> String {
    let out = Command::new(require("pdftotext", "reading printed PDFs"))
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn succeeded(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A loopback listener that counts the connections made to it (queued by the kernel even
/// when never accepted, so counting after the run misses none).
struct Listener(TcpListener);

impl Listener {
    fn new() -> Listener {
        let l = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        l.set_nonblocking(true).unwrap();
        Listener(l)
    }

    fn port(&self) -> u16 {
        self.0.local_addr().unwrap().port()
    }

    /// Connections made so far.
    fn connections(&self) -> usize {
        std::iter::from_fn(|| self.0.accept().ok()).count()
    }
}

/// Everything a plan template can reach for: local files (`secret` holds text, `style` a
/// stylesheet that would add text), the listener on `port`, and scripts of every kind. Each
/// would leave a marker in the PDF's text.
fn hostile_cover(secret: &Path, style: &Path, port: u16) -> String {
    let (secret, style) = (secret.display(), style.display());
    format!(
        r#"<p>SANDBOX-COVER-MARKER</p>
<iframe src="file:///etc/passwd"></iframe>
<iframe src="file://{secret}"></iframe>
<img src="file://{secret}"><object data="file://{secret}"></object><embed src="file://{secret}">
<link rel="stylesheet" href="file://{style}">
<style>@import url("file://{style}");</style>
<img src="http://127.0.0.1:{port}/img.png">
<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">
<iframe src="http://127.0.0.1:{port}/frame"></iframe>
<script>document.write("SCRIPT-OUTPUT-WRITE"); fetch("http://127.0.0.1:{port}/fetch");</script>
<script>document.body.insertAdjacentText("beforeend", "SCRIPT-OUTPUT-DOM")</script>
<img src="data:," onerror="document.body.append('SCRIPT-OUTPUT-HANDLER')">
<iframe srcdoc="<script>document.write('SCRIPT-OUTPUT-SRCDOC')</script>"></iframe>
<iframe src="data:text/html,<script>document.write('SCRIPT-OUTPUT-DATA')</script>"></iframe>
<iframe src="javascript:'SCRIPT-OUTPUT-URL'"></iframe>
<svg onload="document.body.append('SCRIPT-OUTPUT-SVG')"><script>document.body.append('SCRIPT-OUTPUT-SVG-SCRIPT')</script></svg>"#
    )
}

/// The secret file and stylesheet in `dir`.
fn secrets(dir: &Path) -> (PathBuf, PathBuf) {
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "SECRET-FILE-TEXT\n").unwrap();
    let style = dir.join("secret.css");
    std::fs::write(&style, "main::after { content: \"SECRET-CSS-TEXT\"; }\n").unwrap();
    (secret, style)
}

/// Fails when `text` holds anything a hostile cover reached for.
fn assert_nothing_leaked(text: &str, what: &str) {
    for leak in [
        "root:",
        "SECRET-FILE-TEXT",
        "SECRET-CSS-TEXT",
        "SCRIPT-OUTPUT",
    ] {
        assert!(!text.contains(leak), "{what} holds {leak}:\n{text}");
    }
}

#[test]
fn a_plan_template_reaches_no_file_no_network_and_runs_no_script() {
    let tmp = tempfile::tempdir().unwrap();
    let (secret, style) = secrets(tmp.path());
    let listener = Listener::new();
    let site = site_with_cover(tmp.path(), &hostile_cover(&secret, &style, listener.port()));
    let pdf = tmp.path().join("sam.pdf");
    let out = plan_pdf(&site, &pdf, tmp.path(), &[]);
    succeeded(&out, "deload plan --format pdf");
    let text = pdftotext(&pdf);
    assert!(
        text.contains("SANDBOX-COVER-MARKER"),
        "the cover printed:\n{text}"
    );
    assert!(
        text.contains("Novice full body"),
        "the plan printed:\n{text}"
    );
    assert_nothing_leaked(&text, "the PDF");
    assert_eq!(
        listener.connections(),
        0,
        "the browser reached the listener"
    );
}

#[test]
fn a_script_that_never_ends_cannot_hold_the_print() {
    let tmp = tempfile::tempdir().unwrap();
    let extra = "<p>LOOP-COVER-MARKER</p>\n<script>while(true){}</script>";
    let site = site_with_cover(tmp.path(), extra);
    let pdf = tmp.path().join("sam.pdf");
    let out = plan_pdf(&site, &pdf, tmp.path(), &[]);
    succeeded(&out, "deload plan --format pdf");
    assert!(pdftotext(&pdf).contains("LOOP-COVER-MARKER"));
}

/// The command lines of the running processes that name `needle` (the browser's profile is in
/// the run's `TMPDIR`), waiting up to 20 s for a killed browser's processes to go.
fn processes_naming(needle: &str) -> Vec<String> {
    let start = Instant::now();
    loop {
        let found: Vec<String> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
            .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
            .filter(|c| c.contains(needle))
            .collect();
        if found.is_empty() || start.elapsed() > Duration::from_secs(20) {
            return found;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A sheet with 20,000 extra paragraphs (over 600 pages: Chromium needs many seconds to lay it
/// out and print it, scripts or not) against a deadline of 300 ms.
#[cfg(target_os = "linux")]
#[test]
fn a_sheet_too_heavy_for_the_deadline_is_a_located_error_and_the_browser_is_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    let runs = tmp.path().join("tmp");
    std::fs::create_dir_all(&runs).unwrap();
    let extra = "{% for i in range(end=20000) %}<p>row {{ i }}</p>{% endfor %}";
    let site = site_with_cover(tmp.path(), extra);
    let pdf = tmp.path().join("sam.pdf");
    let out = plan_pdf(&site, &pdf, &runs, &[("DELOAD_PDF_DEADLINE_MS", "300")]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    for part in [
        "printing the plan \"Sam: Novice full body\" to PDF took longer than its deadline of 300 ms",
        "the browser was stopped",
        "templates/plan/",
        "DELOAD_PDF_DEADLINE_MS=MILLISECONDS",
        "the sheet is made with the site's own ",
        "templates/plan/cover.html",
    ] {
        assert!(err.contains(part), "{part:?} missing from:\n{err}");
    }
    assert!(!pdf.exists(), "no PDF is written");
    let left = processes_naming(&runs.to_string_lossy());
    assert!(left.is_empty(), "the browser still runs: {left:?}");
}

#[test]
fn a_deadline_that_is_not_whole_milliseconds_is_refused_before_printing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = site_with_cover(tmp.path(), "");
    let pdf = tmp.path().join("sam.pdf");
    for bad in ["0", "1.5", "soon", "3600001"] {
        let out = plan_pdf(&site, &pdf, tmp.path(), &[("DELOAD_PDF_DEADLINE_MS", bad)]);
        assert_eq!(out.status.code(), Some(1), "{bad}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "DELOAD_PDF_DEADLINE_MS={bad} is not a number of milliseconds"
            )),
            "{err}"
        );
        assert!(!pdf.exists());
    }
}

#[test]
fn the_pdfs_a_build_publishes_hold_no_local_file_and_no_script_output() {
    let f = Fixture::new("recovery");
    f.set_programs("pdf", "true");
    let (secret, style) = secrets(f.root());
    let listener = Listener::new();
    let cover = std::fs::read_to_string(repo().join("crates/sheet/templates/plan/cover.html"))
        .expect("the built-in cover");
    let hostile = hostile_cover(&secret, &style, listener.port());
    f.write(
        "templates/plan/cover.html",
        &format!("{cover}\n{hostile}\n"),
    );
    let runs = tempfile::tempdir().unwrap();
    let out = deload(f.root(), &["build"], runs.path(), &[]);
    succeeded(&out, "deload build");
    let pdfs: Vec<PathBuf> = (snapshot(&f.out()).into_iter())
        .map(|(p, _)| f.out().join(p))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert!(!pdfs.is_empty(), "the build published no PDF");
    for pdf in &pdfs {
        let text = pdftotext(pdf);
        assert!(text.contains("SANDBOX-COVER-MARKER"), "{}", pdf.display());
        assert_nothing_leaked(&text, &pdf.display().to_string());
    }
    assert_eq!(
        listener.connections(),
        0,
        "the browser reached the listener"
    );
}
