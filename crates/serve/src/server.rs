//! What the preview server shares with the rebuild loop: the files being served, the current
//! build error, and the open live-reload streams (Server-Sent Events); the client script
//! injected into HTML responses. The HTTP layer is [`super::http`].
//!
//! The site is served from a map (the last good build), not from an output folder: a rebuild
//! swaps the whole map at once, so a request never sees half a build; there is no output folder
//! to watch (no rebuild loops) or to escape from; a request path is only ever a key looked up
//! in the map, so `..`, encoded slashes and symlinks cannot reach other files.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use hyper::body::Bytes;
use tokio::sync::mpsc;

pub(crate) use super::files::Files;

/// The path of the live-reload event stream.
pub(crate) const EVENTS_PATH: &str = "/__deload/events";

/// Events queued per browser tab before it is dropped as too slow.
const CLIENT_QUEUE: usize = 64;

/// What the server shares with the rebuild loop.
#[derive(Default)]
pub(crate) struct State {
    files: RwLock<Arc<Files>>,
    error: Mutex<Option<String>>,
    clients: Mutex<Vec<mpsc::Sender<Bytes>>>,
    /// The site's root: files are only ever read from the real path of its `static/`.
    root: Option<PathBuf>,
}

impl State {
    /// The state of a server for the site at `root` (its static files are served from
    /// `root/static` only).
    pub(crate) fn new(root: &Path) -> State {
        State {
            root: Some(root.to_path_buf()),
            ..State::default()
        }
    }

    /// The files being served.
    pub(crate) fn files(&self) -> Arc<Files> {
        self.files
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Replaces the files being served, all at once.
    pub(crate) fn set_files(&self, files: Arc<Files>) {
        *self
            .files
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = files;
    }

    /// The real path of the site's `static/` folder now (it may be created, or replaced, while
    /// the server runs), if it has one.
    pub(crate) fn static_dir(&self) -> Option<PathBuf> {
        std::fs::canonicalize(self.root.as_ref()?.join("static")).ok()
    }

    /// The current build error, as shown in the overlay.
    pub(crate) fn error(&self) -> Option<String> {
        self.error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Sets or clears the build error and tells every open tab.
    pub(crate) fn set_error(&self, error: Option<String>) {
        *self
            .error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = error.clone();
        match error {
            Some(text) => self.broadcast("error", &text),
            None => self.broadcast("clear", ""),
        }
    }

    /// Sends an event to every open tab (`reload`, `css`, `error`, `clear`). A tab whose queue
    /// is full (it stopped reading) is dropped; its browser reconnects.
    pub(crate) fn broadcast(&self, event: &str, data: &str) {
        let msg = Bytes::from(sse_message(event, data));
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        clients.retain(|c| c.try_send(msg.clone()).is_ok());
    }

    /// A new stream's queue of events (starting with the current error, if any), or `None` when
    /// `max` streams are open already.
    pub(super) fn subscribe(&self, max: usize) -> Option<mpsc::Receiver<Bytes>> {
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        clients.retain(|c| !c.is_closed());
        if clients.len() >= max {
            return None;
        }
        let (tx, rx) = mpsc::channel(CLIENT_QUEUE);
        if let Some(e) = self.error() {
            let _ = tx.try_send(Bytes::from(sse_message("error", &e)));
        }
        clients.push(tx);
        Some(rx)
    }
}

/// One SSE message: an `event:` line, a `data:` line per line of data, a blank line. Every line
/// break in the data (CR LF, CR or LF: the three an EventSource splits on) starts a new `data:`
/// line, so no text can end a message early or add fields (a file name with a carriage return
/// in a build error once made browsers reload in a loop).
pub(super) fn sse_message(event: &str, data: &str) -> String {
    let event: String = event
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n'))
        .collect();
    let mut msg = format!("event: {event}\n");
    let data = data.replace("\r\n", "\n").replace('\r', "\n");
    for line in data.split('\n') {
        msg.push_str("data: ");
        msg.push_str(line);
        msg.push('\n');
    }
    msg.push('\n');
    msg
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

/// Where the client script goes in an HTML page: before the last `</body>`, or at the end.
/// Returns the page's bytes before and after that point.
pub(crate) fn inject_at(html: &[u8]) -> (&[u8], &[u8]) {
    let needle = b"</body>";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    html.split_at(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end() {
        let (before, after) = inject_at(b"<html><body><p>x</p></body></html>");
        let s = format!(
            "{}{CLIENT_SCRIPT}{}",
            String::from_utf8_lossy(before),
            String::from_utf8_lossy(after)
        );
        assert!(s.contains("EventSource"));
        assert!(s.ends_with("</script>\n</body></html>"), "{s}");
        let (before, after) = inject_at(b"<p>no body</p>");
        assert_eq!((before, after), (&b"<p>no body</p>"[..], &b""[..]));
    }

    #[test]
    fn sse_messages_split_lines() {
        assert_eq!(
            sse_message("error", "a\nb"),
            "event: error\ndata: a\ndata: b\n\n"
        );
        assert_eq!(sse_message("reload", ""), "event: reload\ndata: \n\n");
    }

    #[test]
    fn sse_data_never_carries_a_carriage_return() {
        let msg = sse_message("error", "content/a\rb.md:1:1\r\nevent: reload\r\rdata: x\n");
        assert!(!msg.contains('\r'), "{msg:?}");
        assert_eq!(
            msg,
            "event: error\ndata: content/a\ndata: b.md:1:1\ndata: event: reload\ndata: \ndata: data: x\ndata: \n\n"
        );
        // every line of the message is a field of this one event
        let body = msg.trim_end_matches('\n');
        assert!(body.lines().skip(1).all(|l| l.starts_with("data: ")));
        assert_eq!(
            sse_message("re\rload\n", "").lines().next(),
            Some("event: reload")
        );
    }
}
