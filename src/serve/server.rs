//! The preview's HTTP server (tiny_http): the site from memory, a Server-Sent Events endpoint
//! for live reload, and the client script injected into HTML responses.
//!
//! The site is served from an in-memory map (the last good build), not from a folder: a rebuild
//! swaps the whole map at once, so a request never sees half a build; there is no output folder
//! to watch (no rebuild loops) or to escape from; a request path is only ever a key looked up
//! in the map, so `..`, encoded slashes and symlinks cannot reach other files.

use std::collections::HashMap;
use std::io::Write;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

/// The served files: site-relative path (`guidance/sleep/index.html`) → bytes.
pub(crate) type Files = HashMap<String, Arc<[u8]>>;

/// The path of the live-reload event stream.
pub(crate) const EVENTS_PATH: &str = "/__deload/events";

/// How often an idle event stream gets a comment line (so proxies and browsers keep it open,
/// and a closed tab is noticed).
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Worker threads answering ordinary requests (each event stream gets its own thread).
const WORKERS: usize = 8;

/// Events queued per browser tab before it is dropped as too slow.
const CLIENT_QUEUE: usize = 64;

/// What the server shares with the rebuild loop.
#[derive(Default)]
pub(crate) struct State {
    files: RwLock<Arc<Files>>,
    error: Mutex<Option<String>>,
    clients: Mutex<Vec<SyncSender<String>>>,
}

impl State {
    /// The files being served.
    pub(crate) fn files(&self) -> Arc<Files> {
        self.files.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Replaces the files being served, all at once.
    pub(crate) fn set_files(&self, files: Arc<Files>) {
        *self.files.write().unwrap_or_else(|p| p.into_inner()) = files;
    }

    /// The current build error, as shown in the overlay.
    pub(crate) fn error(&self) -> Option<String> {
        self.error.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Sets or clears the build error and tells every open tab.
    pub(crate) fn set_error(&self, error: Option<String>) {
        *self.error.lock().unwrap_or_else(|p| p.into_inner()) = error.clone();
        match error {
            Some(text) => self.broadcast("error", &text),
            None => self.broadcast("clear", ""),
        }
    }

    /// Sends an event to every open tab (`reload`, `css`, `error`, `clear`).
    pub(crate) fn broadcast(&self, event: &str, data: &str) {
        let msg = sse_message(event, data);
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        clients.retain(|c| c.try_send(msg.clone()).is_ok());
    }

    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = std::sync::mpsc::sync_channel(CLIENT_QUEUE);
        if let Some(e) = self.error() {
            let _ = tx.try_send(sse_message("error", &e));
        }
        self.clients
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(tx);
        rx
    }
}

/// One SSE message: `event:` line, a `data:` line per line of data, a blank line.
fn sse_message(event: &str, data: &str) -> String {
    let mut msg = format!("event: {event}\n");
    for line in data.split('\n') {
        msg.push_str("data: ");
        msg.push_str(line.trim_end_matches('\r'));
        msg.push('\n');
    }
    msg.push('\n');
    msg
}

/// Request bodies (the server needs none) up to this size are refused on a thread of their own;
/// tiny_http reads the rest of a body when the request is dropped, which would hold a worker
/// while a slow client sends it.
const MAX_BODY: usize = 64 * 1024;

/// Threads refusing bodies at once; beyond this, bodies are refused as if too large.
const MAX_BODY_THREADS: usize = 16;

/// Bodies being refused on their own threads.
static BODY_THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Refuses a request that declares a body longer than tiny_http reads up front (1 KiB). Returns
/// the request back when it has none.
fn refuse_body(req: Request) -> Option<Request> {
    use std::sync::atomic::Ordering;
    let len = req.body_length().unwrap_or(0);
    if len <= 1024 {
        return Some(req);
    }
    let response = || {
        Response::from_string("deload serve accepts no request bodies\n")
            .with_status_code(413)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
    };
    if len <= MAX_BODY && BODY_THREADS.fetch_add(1, Ordering::SeqCst) < MAX_BODY_THREADS {
        std::thread::spawn(move || {
            // Dropping the request reads (at most MAX_BODY bytes of) the body, here rather
            // than on a worker.
            let _ = req.respond(response().with_header(header("Connection", "close")));
            BODY_THREADS.fetch_sub(1, Ordering::SeqCst);
        });
        return None;
    }
    if len <= MAX_BODY {
        BODY_THREADS.fetch_sub(1, Ordering::SeqCst);
    }
    // tiny_http 0.12 drains an unread body on drop with a buffer of the declared length, so a
    // request declaring a huge body would abort the process (an allocation failure) or hold
    // memory and a worker. Answer it, then keep the connection's halves from ever being
    // dropped: a small leak per hostile request instead of a crash.
    let stream = req.upgrade("close", response());
    std::mem::forget(stream);
    None
}

/// Starts the worker threads answering requests on `server`. They run until the process ends.
pub(crate) fn start(server: Arc<Server>, state: Arc<State>) {
    for _ in 0..WORKERS {
        let server = server.clone();
        let state = state.clone();
        std::thread::spawn(move || {
            loop {
                let req = match server.recv() {
                    Ok(r) => r,
                    Err(_) => continue,
                };
                let Some(req) = refuse_body(req) else {
                    continue;
                };
                if req.url().split('?').next() == Some(EVENTS_PATH) {
                    let state = state.clone();
                    std::thread::spawn(move || events(req, &state));
                } else {
                    handle(req, &state);
                }
            }
        });
    }
}

/// The event stream: headers written by hand, then one flushed write per event, so events
/// arrive at once (a tiny_http `Response` would buffer them).
fn events(req: Request, state: &State) {
    let rx = state.subscribe();
    let mut w = req.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(KEEPALIVE) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(msg.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return; // the tab went away; the state drops our sender on the next broadcast
        }
    }
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not valid percent-encoding or not UTF-8 (400).
    BadRequest,
    /// Tries to leave the site: `..`, `.`, backslashes, NUL (403).
    Forbidden,
}

/// Turns a request target into the key of a served file (`/guidance/sleep/` →
/// `guidance/sleep/index.html`). Percent-decoding happens before the checks, so `%2e%2e` and
/// `%2f` are refused like `..` and `/`.
pub(crate) fn resolve_path(target: &str) -> Result<String, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or(Refused::BadRequest)?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refused::Forbidden);
    }
    let rel = decoded.trim_start_matches('/');
    let segments: Vec<&str> = rel.split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Err(Refused::Forbidden);
    }
    if segments[..segments.len().saturating_sub(1)]
        .iter()
        .any(|s| s.is_empty())
    {
        return Err(Refused::Forbidden); // `a//b`
    }
    // the file of that site path, as the build writes it
    Ok(crate::render::file_for(rel))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file name.
pub(crate) fn mime_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The live-reload client, injected before `</body>` of every HTML response (never into built
/// files). `reload` reloads the page, `css` re-fetches the stylesheets, `error` shows the
/// overlay, `clear` removes it.
pub(crate) const CLIENT_SCRIPT: &str = r##"<script>
(function () {
  if (!window.EventSource) return;
  var es = new EventSource("/__deload/events");
  var ID = "__deload_overlay";
  function clear() { var o = document.getElementById(ID); if (o) o.remove(); }
  es.addEventListener("reload", function () { location.reload(); });
  es.addEventListener("css", function () {
    clear();
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href, location.href);
      if (u.origin !== location.origin) return;
      u.searchParams.set("__deload", Date.now());
      var n = l.cloneNode();
      n.href = u.href;
      n.onload = function () { l.remove(); };
      l.after(n);
    });
  });
  es.addEventListener("clear", clear);
  es.addEventListener("error", function (e) {
    if (!e.data) return; // a dropped connection, not a build error; EventSource reconnects
    clear();
    var o = document.createElement("div");
    o.id = ID;
    o.setAttribute("role", "alert");
    o.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2em;background:rgba(20,20,20,.94);color:#f3f3f3;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
    var h = document.createElement("strong");
    h.textContent = "deload: the last save did not build; showing the previous version.\n\n";
    h.style.color = "#ff8080";
    var pre = document.createElement("div");
    pre.textContent = e.data;
    o.appendChild(h);
    o.appendChild(pre);
    document.body.appendChild(o);
  });
})();
</script>
"##;

/// Adds the client script before the last `</body>`, or at the end.
pub(crate) fn inject(html: &[u8]) -> Vec<u8> {
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + CLIENT_SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(CLIENT_SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn header(name: &str, value: &str) -> Header {
    // names and values here are ours and ASCII; a bad one is a bug, answered without the header
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(&b"X-Deload"[..], &b"1"[..]).expect("ascii"))
}

/// The page shown while no build has succeeded yet.
const NO_BUILD: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>deload: build failed</title></head><body><p>The site has not built yet; fix the error and save.</p></body></html>";

/// Answers one request. Never panics on a bad request; a client that disconnects only makes
/// the write fail.
fn handle(req: Request, state: &State) {
    match req.method() {
        Method::Get | Method::Head => {}
        _ => {
            let r = Response::from_string("method not allowed\n")
                .with_status_code(405)
                .with_header(header("Allow", "GET, HEAD"));
            let _ = req.respond(r);
            return;
        }
    }
    let files = state.files();
    let key = match resolve_path(req.url()) {
        Ok(k) => k,
        Err(why) => {
            let (code, text) = match why {
                Refused::BadRequest => (400, "bad request\n"),
                Refused::Forbidden => (403, "forbidden: outside the site\n"),
            };
            let r = Response::from_string(text)
                .with_status_code(code)
                .with_header(header("Content-Type", "text/plain; charset=utf-8"));
            let _ = req.respond(r);
            return;
        }
    };
    const HTML: &str = "text/html; charset=utf-8";
    let (status, mime, body): (u16, &str, Arc<[u8]>) = match files.get(&key) {
        Some(b) => (200, mime_type(&key), b.clone()),
        None => {
            // a pretty URL without its slash: redirect to the folder
            let dir_index = format!("{key}/index.html");
            if !key.ends_with("index.html") && files.contains_key(&dir_index) {
                let path = req.url().split(['?', '#']).next().unwrap_or("/");
                let r = Response::empty(301)
                    .with_header(header("Location", &format!("{path}/")))
                    .with_header(header("Cache-Control", "no-store"));
                let _ = req.respond(r);
                return;
            }
            match files.get("404.html") {
                Some(b) => (404, HTML, b.clone()),
                None if files.is_empty() => (503, HTML, Arc::from(NO_BUILD.as_bytes())),
                None => (
                    404,
                    "text/plain; charset=utf-8",
                    Arc::from(&b"not found\n"[..]),
                ),
            }
        }
    };
    let bytes = if mime == HTML {
        inject(&body)
    } else {
        body.to_vec()
    };
    // for HEAD, tiny_http sends the headers (with the real length) and leaves the body out
    let r = Response::from_data(bytes)
        .with_status_code(status)
        .with_header(header("Content-Type", mime))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = req.respond(r);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files() {
        assert_eq!(resolve_path("/").unwrap(), "index.html");
        assert_eq!(
            resolve_path("/guidance/sleep/").unwrap(),
            "guidance/sleep/index.html"
        );
        assert_eq!(resolve_path("/style.css?v=1").unwrap(), "style.css");
        assert_eq!(resolve_path("/a%20b.txt").unwrap(), "a b.txt");
        assert_eq!(resolve_path("/guidance#x").unwrap(), "guidance");
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../Cargo.toml",
            "/guidance/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/..%2fCargo.toml",
            "/..%2FCargo.toml",
            "/%2e%2e%2fCargo.toml",
            "/a/%2e/b",
            "/..\\Cargo.toml",
            "/%5c..%5cCargo.toml",
            "/a%00b",
        ] {
            assert!(resolve_path(bad).is_err(), "{bad}");
        }
        assert_eq!(resolve_path("/%zz"), Err(Refused::BadRequest));
        assert_eq!(resolve_path("/%ff"), Err(Refused::BadRequest));
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(mime_type("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(mime_type("logo.SVG"), "image/svg+xml");
        assert_eq!(mime_type("noext"), "application/octet-stream");
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = inject(b"<html><body><p>x</p></body></html>");
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("EventSource"));
        assert!(s.ends_with("</script>\n</body></html>"), "{s}");
        let s = String::from_utf8(inject(b"<p>no body</p>")).unwrap();
        assert!(s.starts_with("<p>no body</p><script>"));
    }

    #[test]
    fn sse_messages_split_lines() {
        assert_eq!(
            sse_message("error", "a\nb"),
            "event: error\ndata: a\ndata: b\n\n"
        );
        assert_eq!(sse_message("reload", ""), "event: reload\ndata: \n\n");
    }
}
