//! Printed plans as PDF, through a headless Chromium on this machine: the same layout as printing
//! the HTML from the browser, with no network (the sheet has no external resources, and the
//! browser is started with its network switched off).
//!
//! The browser is found through `DELOAD_CHROMIUM`, else `chromium`, `chromium-browser` or
//! `google-chrome` on `PATH`. On Linux one browser process prints every document of a call
//! through the DevTools protocol over a pipe (`cdp`), each in a sandboxed tab: the sheet is
//! served from memory, every other request (files, the network) is failed, scripts are off, and
//! each document has a deadline ([`DEADLINE_VAR`]) after which the browser is killed. Elsewhere
//! each document is printed by its own `--print-to-pdf` run. Chromium writes the title and the
//! creation date into the PDF; the author is added afterwards (`info`).

#![warn(missing_docs)]
// The crate is the `deload` binary's internals (never published): its docs name private items
// on purpose, for whoever maintains it (`cargo doc --document-private-items` shows them).
#![allow(rustdoc::private_intra_doc_links)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

#[cfg(target_os = "linux")]
mod cdp;
mod info;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use deload_engine::error::Error;

/// The environment variable that names the browser to print with.
pub const BROWSER_VAR: &str = "DELOAD_CHROMIUM";

/// The environment variable that bounds the time to print one document, in milliseconds.
pub const DEADLINE_VAR: &str = "DELOAD_PDF_DEADLINE_MS";

/// The time to print one document when [`DEADLINE_VAR`] is not set: a minute (a shipped plan
/// takes about a second).
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// The most [`DEADLINE_VAR`] may ask for: an hour.
const MAX_DEADLINE_MS: u64 = 3_600_000;

/// The browsers looked for on `PATH`, in order.
const BROWSER_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome"];

/// One document to print.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The self-contained HTML (its `<title>` becomes the PDF's title).
    pub html: &'a str,
    /// The PDF's author (the coach), written into its metadata when not empty.
    pub author: &'a str,
    /// What is printed, for error messages: `the plan "Sam: Novice full body"`.
    pub name: &'a str,
}

/// How errors name the plan `schedule` when it is printed: `the plan "Sam: Novice full body"`.
pub fn plan_name(schedule: &deload_engine::plan::Schedule) -> String {
    match &schedule.athlete {
        Some(a) => format!("the plan \"{a}: {}\"", schedule.program),
        None => format!("the plan \"{}\"", schedule.program),
    }
}

/// Paper sizes, in inches (Chromium's unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// US Letter, 8.5 × 11 in.
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl Paper {
    /// Width and height in inches.
    fn inches(self) -> (f64, f64) {
        match self {
            Paper::Letter => (8.5, 11.0),
            Paper::A4 => (210.0 / 25.4, 297.0 / 25.4),
        }
    }
}

/// The browser to print with: `DELOAD_CHROMIUM`, else the first of `chromium`,
/// `chromium-browser` and `google-chrome` on `PATH`. The error says how to install one.
pub fn find_browser() -> Result<PathBuf, Error> {
    if let Some(named) = std::env::var_os(BROWSER_VAR).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&named);
        return match resolve(&path) {
            Some(p) => Ok(p),
            None => Err(Error::new(format!(
                "{BROWSER_VAR}={} is not a program deload can run",
                path.display()
            ))
            .with_hint("set DELOAD_CHROMIUM to the full path of chromium or google-chrome")),
        };
    }
    BROWSER_NAMES
        .iter()
        .find_map(|n| resolve(Path::new(n)))
        .ok_or_else(|| {
            Error::new("--format pdf needs Chromium or Google Chrome, and none was found")
                .with_hint(
                    "install one (Debian/Ubuntu: `sudo apt install chromium`; macOS: install Google Chrome) \
                     or set DELOAD_CHROMIUM to its path; deload prints through it offline",
                )
        })
}

/// `name` as a runnable file: a path as given, a bare name looked up on `PATH`.
fn resolve(name: &Path) -> Option<PathBuf> {
    if name.components().count() > 1 {
        return is_executable(name).then(|| name.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

/// Whether `p` is a file this user may run.
fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    /// A new, empty folder.
    fn new() -> Result<TempDir, Error> {
        use std::sync::atomic::{AtomicU32, Ordering};
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let base = std::env::temp_dir();
        for _ in 0..100 {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let dir = base.join(format!("deload-pdf-{}-{n}", std::process::id()));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(TempDir(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::io(&base, "create a temporary folder", &e)),
            }
        }
        Err(Error::new("cannot create a temporary folder for printing")
            .with_hint("check the system's temporary folder (TMPDIR)"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // best effort: a leftover folder in the temporary folder harms nothing
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The switches that keep the browser offline, quiet and away from the user's profile.
fn browser_flags(profile: &Path) -> Vec<String> {
    let mut flags: Vec<String> = [
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-sync",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--metrics-recording-only",
        "--mute-audio",
        // every host name resolves to nothing and every request goes to a closed proxy
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    flags.push(format!("--user-data-dir={}", profile.display()));
    if running_as_root() {
        // Chromium refuses to start its sandbox as root (containers, CI)
        flags.push("--no-sandbox".into());
    }
    flags
}

/// Whether this process runs as root.
fn running_as_root() -> bool {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(target_os = "linux"))]
    {
        false
    }
}

/// The time each document may take to print: [`DEADLINE_VAR`] in milliseconds (from 1 to an
/// hour), else [`DEFAULT_DEADLINE`].
pub fn deadline() -> Result<Duration, Error> {
    parse_deadline(std::env::var_os(DEADLINE_VAR).as_deref())
}

/// [`deadline`] from the variable's value.
fn parse_deadline(value: Option<&OsStr>) -> Result<Duration, Error> {
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Ok(DEFAULT_DEADLINE);
    };
    let text = value.to_string_lossy();
    match text.trim().parse::<u64>() {
        Ok(ms) if (1..=MAX_DEADLINE_MS).contains(&ms) => Ok(Duration::from_millis(ms)),
        _ => Err(Error::new(format!(
            "{DEADLINE_VAR}={text} is not a number of milliseconds from 1 to {MAX_DEADLINE_MS}"
        ))
        .with_hint(format!(
            "unset {DEADLINE_VAR} for the default of {} s a document, or set it to a whole number of milliseconds",
            DEFAULT_DEADLINE.as_secs()
        ))),
    }
}

/// The error for a document that was not printed within `limit`.
fn too_slow(doc: &Document<'_>, limit: Duration) -> Error {
    Error::new(format!(
        "printing {} to PDF took longer than its deadline of {} ms; the browser was stopped",
        doc.name,
        limit.as_millis()
    ))
    .with_hint(format!(
        "a site's templates/plan/ files can make the sheet too heavy to lay out (long loops, huge \
         styles): simplify them, or give each document more time with {DEADLINE_VAR}=MILLISECONDS \
         (default {}, at most {MAX_DEADLINE_MS})",
        DEFAULT_DEADLINE.as_millis()
    ))
}

/// `err`, from printing a sheet made of `site_files` (the site's own `templates/plan/` files,
/// which a failure is most often about), with a note naming them.
pub fn naming_sheet_files(err: Error, site_files: &[&Path]) -> Error {
    if site_files.is_empty() {
        return err;
    }
    let names: Vec<String> = site_files.iter().map(|p| p.display().to_string()).collect();
    err.with_note(format!(
        "the sheet is made with the site's own {}",
        names.join(", ")
    ))
}

/// Prints every document of `docs` on `paper` with the browser at `browser`, one PDF each, in
/// order, each within [`deadline`]. One browser process prints them all (on Linux).
pub fn print(browser: &Path, docs: &[Document<'_>], paper: Paper) -> Result<Vec<Vec<u8>>, Error> {
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let limit = deadline()?;
    let tmp = TempDir::new()?;
    let profile = tmp.0.join("profile");
    let flags = browser_flags(&profile);
    let pdfs = print_docs(browser, &flags, docs, &tmp.0, paper, limit)?;
    Ok(pdfs
        .into_iter()
        .zip(docs)
        .map(|(pdf, d)| info::with_author(pdf, d.author))
        .collect())
}

/// Prints `docs` through one browser process speaking the DevTools protocol over a pipe, each
/// in a sandboxed tab that loads the sheet from memory.
#[cfg(target_os = "linux")]
fn print_docs(
    browser: &Path,
    flags: &[String],
    docs: &[Document<'_>],
    _tmp: &Path,
    paper: Paper,
    limit: Duration,
) -> Result<Vec<Vec<u8>>, Error> {
    let mut session = cdp::Browser::start(browser, flags)?;
    let mut out = Vec::with_capacity(docs.len());
    for d in docs {
        match session.print(d.html, paper, limit) {
            Ok(pdf) => out.push(pdf),
            Err(cdp::Failure::Deadline) => return Err(too_slow(d, limit)),
            Err(cdp::Failure::Broken(e)) => {
                return Err(e.with_note(format!("while printing {}", d.name)));
            }
        }
    }
    session.close();
    Ok(out)
}

/// Prints each of `docs` with its own `--print-to-pdf` run of a file in `tmp`, each stopped at
/// `limit`.
#[cfg(not(target_os = "linux"))]
fn print_docs(
    browser: &Path,
    flags: &[String],
    docs: &[Document<'_>],
    tmp: &Path,
    _paper: Paper,
    limit: Duration,
) -> Result<Vec<Vec<u8>>, Error> {
    let mut out = Vec::with_capacity(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let file = tmp.join(format!("plan-{i}.html"));
        std::fs::write(&file, d.html).map_err(|e| Error::io(&file, "write the file", &e))?;
        let pdf = tmp.join(format!("plan-{i}.pdf"));
        let mut child = std::process::Command::new(browser)
            .args(flags)
            .arg("--no-pdf-header-footer")
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(file_url(&file))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(|e| Error::io(browser, "start the browser", &e))?;
        let until = std::time::Instant::now() + limit;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if std::time::Instant::now() < until => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(too_slow(d, limit));
                }
            }
        };
        let bytes = std::fs::read(&pdf).map_err(|e| Error::io(&pdf, "read the PDF", &e))?;
        if !status.success() || bytes.is_empty() {
            return Err(Error::new(format!(
                "{} did not print {}",
                browser.display(),
                d.name
            )));
        }
        out.push(bytes);
    }
    Ok(out)
}

/// The `file://` URL of an absolute path (percent-encoding what a URL cannot hold).
#[cfg(not(target_os = "linux"))]
fn file_url(p: &Path) -> String {
    let mut url = String::from("file://");
    for b in p.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deadline_is_a_minute_unless_set_to_whole_milliseconds_up_to_an_hour() {
        assert_eq!(parse_deadline(None).ok(), Some(DEFAULT_DEADLINE));
        assert_eq!(
            parse_deadline(Some(OsStr::new(""))).ok(),
            Some(DEFAULT_DEADLINE)
        );
        let ms = |v: &str| parse_deadline(Some(OsStr::new(v))).map(|d| d.as_millis());
        assert_eq!(ms("250").ok(), Some(250));
        assert_eq!(ms("3600000").ok(), Some(3_600_000));
        for bad in [
            "0",
            "-5",
            "1.5",
            "nan",
            "3600001",
            "99999999999999999999",
            "60s",
        ] {
            let err = ms(bad).expect_err(bad);
            assert!(err.message.contains(DEADLINE_VAR), "{}", err.message);
            assert!(err.hint.is_some());
        }
    }
}
