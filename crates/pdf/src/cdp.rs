//! A small client of Chromium's DevTools protocol over `--remote-debugging-pipe`: the browser
//! reads commands from its file descriptor 3 and writes answers and events to 4, each a JSON
//! message ending in a NUL byte. It opens one tab per document and prints it
//! (`Page.printToPDF`, which answers in base64).
//!
//! The tab is a sandbox. Scripts are off (`Emulation.setScriptExecutionDisabled`), and every
//! request the tab makes stops at the DevTools `Fetch` domain before it reaches the network or
//! the disk: the sheet is served from memory at [`SHEET_URL`], once, and every other request
//! (`file://`, `http://127.0.0.1`, another host, the sheet's URL a second time) is failed. The
//! sheet comes with a content security policy that allows nothing but what it holds (inline
//! styles, `data:` URLs) and no script, a second wall behind the first.
//!
//! Every read and write waits at most until the document's deadline; when it passes, the
//! caller gets [`Failure::Deadline`] and the browser's whole process group is killed.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::Paper;
use deload_engine::error::Error;

/// Where the tab loads the sheet from. Nothing answers there but deload, out of memory: the
/// name is under `.invalid`, which never resolves, and the request never leaves the browser.
pub(super) const SHEET_URL: &str = "https://deload.invalid/plan.html";

/// The content security policy the sheet is served with: its inline styles and `data:` URLs,
/// nothing else, and no script.
const SHEET_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline' data:; img-src data:; \
    font-src data:; media-src data:; frame-src data:; object-src 'none'; script-src 'none'; \
    base-uri 'none'; form-action 'none'";

/// How long closing the browser may take after the last document.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// Why a document was not printed.
#[derive(Debug)]
pub(super) enum Failure {
    /// Its deadline passed first.
    Deadline,
    /// The browser stopped, failed a command or answered nonsense.
    Broken(Error),
}

/// A running browser and the two ends of its pipe.
pub(super) struct Browser {
    child: Child,
    conn: Conn,
}

/// A pipe: (read end, write end).
fn pipe() -> Result<(OwnedFd, OwnedFd), Error> {
    let mut fds = [0; 2];
    // SAFETY: `fds` is a valid array of two ints for pipe2 to fill.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(Error::new(format!(
            "cannot open a pipe to the browser: {}",
            std::io::Error::last_os_error()
        )));
    }
    // SAFETY: pipe2 succeeded, so both are open descriptors that nothing else owns.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// The error for a browser that stopped answering or answered nonsense.
fn broken(what: &str) -> Failure {
    Failure::Broken(Error::new(format!("the browser stopped printing: {what}")).with_hint(
        "check that the browser runs (try `chromium --headless --version`), or set DELOAD_CHROMIUM to another one",
    ))
}

/// Waits until `fd` is ready for `events` (`POLLIN`, `POLLOUT`), or `deadline` passes. A
/// descriptor that hung up or failed counts as ready: the read or write that follows says so.
fn ready(fd: RawFd, events: libc::c_short, deadline: Instant) -> Result<(), Failure> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Failure::Deadline);
        }
        // rounded up, so that a wait never ends just before the deadline and spins
        let ms = i32::try_from(left.as_millis() + 1).unwrap_or(i32::MAX);
        let mut poll = libc::pollfd {
            fd,
            events,
            revents: 0,
        };
        // SAFETY: `poll` is one valid pollfd, and the count says one.
        let n = unsafe { libc::poll(&mut poll, 1, ms) };
        if n > 0 {
            return Ok(());
        }
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(broken(&format!("cannot wait for the browser: {e}")));
            }
        }
    }
}

/// The sheet being printed in a tab: which tab, the HTML, and whether the tab has had it.
pub(super) struct Tab<'a> {
    session: String,
    html: &'a str,
    served: bool,
}

/// The protocol over the two ends of the pipe, each read and write bounded by a deadline.
pub(super) struct Conn {
    to_browser: File,
    from_browser: File,
    /// Bytes read and not yet handed out as messages.
    buf: Vec<u8>,
    /// How much of `buf` is known to hold no NUL.
    scanned: usize,
    next_id: u64,
    /// When the document being printed runs out of time.
    pub(super) deadline: Instant,
}

impl Conn {
    /// The protocol over `to_browser` (made non-blocking here) and `from_browser`, with no
    /// deadline yet (an hour).
    pub(super) fn new(to_browser: OwnedFd, from_browser: OwnedFd) -> Conn {
        // SAFETY: fcntl on a descriptor this function owns; a failure leaves it blocking,
        // which only loses the deadline of a write into a full pipe.
        unsafe {
            let fd = to_browser.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
            }
        }
        Conn {
            to_browser: File::from(to_browser),
            from_browser: File::from(from_browser),
            buf: Vec::new(),
            scanned: 0,
            next_id: 0,
            deadline: Instant::now() + Duration::from_secs(3600),
        }
    }

    /// Sends `method` with `params` (to the tab `session`, if given); returns its id.
    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Result<u64, Failure> {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        let mut bytes = msg.to_string().into_bytes();
        bytes.push(0);
        let mut rest = &bytes[..];
        while !rest.is_empty() {
            match self.to_browser.write(rest) {
                Ok(0) => return Err(broken(&format!("cannot send {method}"))),
                Ok(n) => rest = &rest[n..],
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    ready(self.to_browser.as_raw_fd(), libc::POLLOUT, self.deadline)?;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(broken(&format!("cannot send {method}: {e}"))),
            }
        }
        Ok(id)
    }

    /// Sends `method` with `params` (to `tab`, if given) and returns its result. The events
    /// that come before it are passed over, but for `tab`'s paused requests, which are answered.
    pub(super) fn call(
        &mut self,
        method: &str,
        params: Value,
        mut tab: Option<&mut Tab<'_>>,
    ) -> Result<Value, Failure> {
        let id = self.send(method, params, tab.as_ref().map(|t| t.session.as_str()))?;
        loop {
            let m = self.read()?;
            if m.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(err) = m.get("error") {
                    return Err(broken(&format!("{method} failed: {err}")));
                }
                return Ok(m.get("result").cloned().unwrap_or(Value::Null));
            }
            if let Some(t) = tab.as_deref_mut() {
                self.answer_request(&m, t)?;
            }
        }
    }

    /// Waits for the event `method` of `tab`, answering its paused requests meanwhile.
    pub(super) fn wait_for(&mut self, method: &str, tab: &mut Tab<'_>) -> Result<(), Failure> {
        loop {
            let m = self.read()?;
            let same_tab = m.get("sessionId").and_then(Value::as_str) == Some(&tab.session);
            if same_tab && m.get("method").and_then(Value::as_str) == Some(method) {
                return Ok(());
            }
            self.answer_request(&m, tab)?;
        }
    }

    /// When `m` is a request of `tab` paused by `Fetch`: fulfils it with the sheet when it is the
    /// tab's first load of [`SHEET_URL`], fails it otherwise. The answer's own answer is not
    /// waited for (a request the page gave up meanwhile is no error).
    fn answer_request(&mut self, m: &Value, tab: &mut Tab<'_>) -> Result<(), Failure> {
        let same_tab = m.get("sessionId").and_then(Value::as_str) == Some(&tab.session);
        if !same_tab || m.get("method").and_then(Value::as_str) != Some("Fetch.requestPaused") {
            return Ok(());
        }
        let p = &m["params"];
        let id = p["requestId"].as_str().unwrap_or_default();
        let is_sheet = !tab.served
            && p["request"]["url"].as_str() == Some(SHEET_URL)
            && p["resourceType"].as_str() == Some("Document");
        let (method, params) = if is_sheet {
            tab.served = true;
            ("Fetch.fulfillRequest", sheet_response(id, tab.html))
        } else {
            let reason = json!({ "requestId": id, "errorReason": "BlockedByClient" });
            ("Fetch.failRequest", reason)
        };
        self.send(method, params, Some(&tab.session)).map(|_| ())
    }

    /// The next message from the browser, by the deadline.
    fn read(&mut self) -> Result<Value, Failure> {
        loop {
            if Instant::now() >= self.deadline {
                return Err(Failure::Deadline);
            }
            if let Some(at) = self.buf[self.scanned..].iter().position(|&b| b == 0) {
                let end = self.scanned + at;
                let msg = serde_json::from_slice(&self.buf[..end]);
                self.buf.drain(..=end);
                self.scanned = 0;
                return msg.map_err(|e| broken(&format!("unreadable message: {e}")));
            }
            self.scanned = self.buf.len();
            ready(self.from_browser.as_raw_fd(), libc::POLLIN, self.deadline)?;
            let mut chunk = [0u8; 64 * 1024];
            match self.from_browser.read(&mut chunk) {
                Ok(0) => return Err(broken("it closed the connection")),
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(broken(&e.to_string())),
            }
        }
    }
}

/// `Fetch.fulfillRequest`'s parameters for request `id`: `html`, with its policy.
fn sheet_response(id: &str, html: &str) -> Value {
    json!({
        "requestId": id,
        "responseCode": 200,
        "responseHeaders": [
            { "name": "Content-Type", "value": "text/html; charset=utf-8" },
            { "name": "Content-Security-Policy", "value": SHEET_POLICY },
        ],
        "body": base64_encode(html.as_bytes()),
    })
}

/// `Page.printToPDF`'s parameters for `paper`.
fn print_params(paper: Paper) -> Value {
    let (width, height) = paper.inches();
    json!({
        "printBackground": true,
        "preferCSSPageSize": true,
        "displayHeaderFooter": false,
        "generateTaggedPDF": true,
        "paperWidth": width,
        "paperHeight": height,
    })
}

impl Browser {
    /// Starts `browser` with `flags`, speaking the protocol over a pipe, in a process group of
    /// its own (so that stopping it stops its renderers too).
    pub(super) fn start(browser: &Path, flags: &[String]) -> Result<Browser, Error> {
        let (cmd_read, cmd_write) = pipe()?;
        let (out_read, out_write) = pipe()?;
        let (child_in, child_out) = (cmd_read.as_raw_fd(), out_write.as_raw_fd());
        let mut command = Command::new(browser);
        command
            .args(flags)
            .arg("--remote-debugging-pipe")
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: between fork and exec only fcntl and dup2 run, which are async-signal-safe;
        // the descriptors they copy stay open in the parent until the child has started. Both
        // ends are first copied above 10, so neither is overwritten by the other's dup2 (or left
        // close-on-exec when it is already 3 or 4).
        unsafe {
            command.pre_exec(move || {
                let input = libc::fcntl(child_in, libc::F_DUPFD, 10);
                let output = libc::fcntl(child_out, libc::F_DUPFD, 10);
                if input < 0 || output < 0 || libc::dup2(input, 3) < 0 || libc::dup2(output, 4) < 0
                {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command
            .spawn()
            .map_err(|e| Error::io(browser, "start the browser", &e))?;
        drop((cmd_read, out_write));
        Ok(Browser {
            child,
            conn: Conn::new(cmd_write, out_read),
        })
    }

    /// Loads `html` in a new, sandboxed tab and prints it on `paper`, all within `limit`;
    /// returns the PDF. After [`Failure::Deadline`] the browser is gone.
    pub(super) fn print(
        &mut self,
        html: &str,
        paper: Paper,
        limit: Duration,
    ) -> Result<Vec<u8>, Failure> {
        let result = print_in(&mut self.conn, html, paper, limit);
        if matches!(result, Err(Failure::Deadline)) {
            self.kill();
        }
        result
    }

    /// Closes the browser and waits for it to exit.
    pub(super) fn close(mut self) {
        self.conn.deadline = Instant::now() + CLOSE_GRACE;
        // the browser may already be gone; either way it is waited for below
        let _ = self.conn.call("Browser.close", json!({}), None);
        let until = Instant::now() + CLOSE_GRACE;
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.kill();
    }

    /// Stops the browser's process group, if its first process has not exited yet, and waits
    /// for that process.
    fn kill(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            // the group's id is the child's, which cannot be reused before it is waited for
            if let Ok(group) = i32::try_from(self.child.id()) {
                // SAFETY: kill has no memory preconditions; the group is the browser's own.
                unsafe { libc::kill(-group, libc::SIGKILL) };
            }
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // a browser left behind by an error is stopped (after `close`, it has exited already)
        self.kill();
    }
}

/// Prints `html` on `paper` in a new sandboxed tab of the browser at the end of `conn`, by
/// `limit` from now.
pub(super) fn print_in(
    conn: &mut Conn,
    html: &str,
    paper: Paper,
    limit: Duration,
) -> Result<Vec<u8>, Failure> {
    let now = Instant::now();
    conn.deadline = now
        .checked_add(limit)
        .unwrap_or(now + Duration::from_secs(3600));
    let target = conn.call("Target.createTarget", json!({ "url": "about:blank" }), None)?;
    let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
    let attach = json!({ "targetId": target_id, "flatten": true });
    let attached = conn.call("Target.attachToTarget", attach, None)?;
    let mut tab = Tab {
        session: attached["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        html,
        served: false,
    };
    let off = json!({ "value": true });
    conn.call("Emulation.setScriptExecutionDisabled", off, Some(&mut tab))?;
    let every_request = json!({ "patterns": [{ "urlPattern": "*" }] });
    conn.call("Fetch.enable", every_request, Some(&mut tab))?;
    conn.call("Page.enable", json!({}), Some(&mut tab))?;
    let nav = conn.call("Page.navigate", json!({ "url": SHEET_URL }), Some(&mut tab))?;
    if let Some(why) = nav.get("errorText").and_then(Value::as_str) {
        return Err(broken(&format!("the sheet did not load: {why}")));
    }
    conn.wait_for("Page.loadEventFired", &mut tab)?;
    let printed = conn.call("Page.printToPDF", print_params(paper), Some(&mut tab))?;
    let data = printed["data"].as_str().unwrap_or_default();
    let pdf = base64_decode(data).ok_or_else(|| broken("the PDF came back garbled"))?;
    conn.call("Target.closeTarget", json!({ "targetId": target_id }), None)?;
    Ok(pdf)
}

/// Standard base64 with padding.
fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let mut n = 0u32;
        for (i, &b) in chunk.iter().enumerate() {
            n |= u32::from(b) << (16 - 8 * i);
        }
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
/// Decodes standard base64 (with padding); `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(u32::from(v))
    }
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let keep = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        out.extend_from_slice(&n.to_be_bytes()[1..1 + keep]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};

    /// A connection to a fake browser, and the fake's ends: where it reads the commands, where
    /// it writes answers and events.
    fn fake() -> (Conn, File, File) {
        let (cmd_read, cmd_write) = pipe().expect("pipe");
        let (out_read, out_write) = pipe().expect("pipe");
        let conn = Conn::new(cmd_write, out_read);
        (conn, File::from(cmd_read), File::from(out_write))
    }

    /// Writes `msg` as the browser would; false once the other end is gone.
    fn emit(to: &mut File, msg: Value) -> bool {
        let mut bytes = msg.to_string().into_bytes();
        bytes.push(0);
        to.write_all(&bytes).is_ok()
    }

    /// The next command from deload, or `None` when it hung up.
    fn next(from: &mut BufReader<File>) -> Option<Value> {
        let mut buf = Vec::new();
        from.read_until(0, &mut buf).ok().filter(|n| *n > 0)?;
        buf.pop();
        serde_json::from_slice(&buf).ok()
    }

    /// A fake browser on its own thread: every command is recorded and answered with a target
    /// and a session, but `Page.navigate`, which is given to `on_navigate` (with the reader of
    /// the commands that follow, the writer, and the command), and `Page.printToPDF`, answered
    /// with a tiny PDF. Returns the commands it saw.
    fn browser(
        commands: File,
        mut events: File,
        on_navigate: impl Fn(&mut BufReader<File>, &mut File, &Value, &mut Vec<Value>) + Send + 'static,
    ) -> std::thread::JoinHandle<Vec<Value>> {
        std::thread::spawn(move || {
            let mut from = BufReader::new(commands);
            let mut seen = Vec::new();
            while let Some(cmd) = next(&mut from) {
                seen.push(cmd.clone());
                let result = match cmd["method"].as_str() {
                    Some("Page.navigate") => {
                        on_navigate(&mut from, &mut events, &cmd, &mut seen);
                        continue;
                    }
                    Some("Page.printToPDF") => json!({ "data": "JVBERi1mYWtl" }),
                    _ => json!({ "targetId": "T", "sessionId": "S" }),
                };
                if !emit(&mut events, json!({ "id": cmd["id"], "result": result })) {
                    break;
                }
            }
            seen
        })
    }

    /// A paused request of the tab, as Chromium reports it.
    fn paused(id: &str, url: &str, kind: &str) -> Value {
        json!({
            "method": "Fetch.requestPaused",
            "sessionId": "S",
            "params": { "requestId": id, "request": { "url": url }, "resourceType": kind },
        })
    }

    #[test]
    fn the_tab_gets_the_sheet_once_and_every_other_request_fails_with_scripts_off() {
        let (mut conn, commands, events) = fake();
        let fake = browser(commands, events, |from, to, nav, seen| {
            let requests = [
                paused("r1", SHEET_URL, "Document"),
                paused("r2", "file:///etc/passwd", "Document"),
                paused("r3", "http://127.0.0.1:9/x.png", "Image"),
                paused("r4", SHEET_URL, "Document"),
            ];
            for r in requests {
                emit(to, r);
            }
            seen.extend((0..4).filter_map(|_| next(from)));
            emit(to, json!({ "id": nav["id"], "result": { "frameId": "F" } }));
            emit(
                to,
                json!({ "method": "Page.loadEventFired", "sessionId": "S" }),
            );
        });
        let pdf = print_in(&mut conn, "<p>Plan</p>", Paper::A4, Duration::from_secs(60));
        drop(conn);
        let seen = fake.join().expect("the fake browser");
        assert_eq!(pdf.ok().as_deref(), Some(&b"%PDF-fake"[..]));
        let at = |m: &str| seen.iter().position(|c| c["method"] == m);
        let navigate = at("Page.navigate").expect("navigates");
        let scripts = at("Emulation.setScriptExecutionDisabled").expect("scripts off");
        assert_eq!(seen[scripts]["params"]["value"], true);
        let fetch = at("Fetch.enable").expect("requests intercepted");
        assert_eq!(seen[fetch]["params"]["patterns"][0]["urlPattern"], "*");
        assert!(scripts < navigate && fetch < navigate, "{seen:?}");
        assert_eq!(seen[navigate]["params"]["url"], SHEET_URL);
        let answer = |id: &str| {
            let c = seen.iter().find(|c| c["params"]["requestId"] == id);
            c.cloned()
                .unwrap_or_else(|| panic!("{id} unanswered: {seen:?}"))
        };
        let sheet = answer("r1");
        assert_eq!(sheet["method"], "Fetch.fulfillRequest");
        let body = base64_decode(sheet["params"]["body"].as_str().unwrap_or_default());
        assert_eq!(body.as_deref(), Some(&b"<p>Plan</p>"[..]));
        assert!(sheet.to_string().contains("script-src 'none'"), "{sheet}");
        for id in ["r2", "r3", "r4"] {
            assert_eq!(answer(id)["method"], "Fetch.failRequest", "{id}");
        }
    }

    #[test]
    fn a_silent_browser_is_given_up_at_the_deadline() {
        let (mut conn, _commands, _events) = fake();
        let r = print_in(
            &mut conn,
            "<p>x</p>",
            Paper::Letter,
            Duration::from_millis(50),
        );
        assert!(matches!(r, Err(Failure::Deadline)), "{r:?}");
    }

    #[test]
    fn a_page_that_never_loads_is_given_up_at_the_deadline_while_the_browser_chatters() {
        let (mut conn, commands, events) = fake();
        let fake = browser(commands, events, |_, to, nav, _| {
            emit(to, json!({ "id": nav["id"], "result": { "frameId": "F" } }));
            let event = json!({ "method": "Page.lifecycleEvent", "sessionId": "S" });
            // events for ever, never the load, until deload hangs up
            while emit(to, event.clone()) {}
        });
        let r = print_in(
            &mut conn,
            "<p>x</p>",
            Paper::Letter,
            Duration::from_millis(200),
        );
        assert!(matches!(r, Err(Failure::Deadline)), "{r:?}");
        drop(conn);
        let seen = fake.join().expect("the fake browser");
        assert!(seen.iter().any(|c| c["method"] == "Page.navigate"));
    }

    #[test]
    fn base64_encodes_the_three_tails() {
        for text in [
            &b""[..],
            b"M",
            b"Ma",
            b"Man",
            b"%PDF-1.4\n",
            "Säge ☐".as_bytes(),
        ] {
            assert_eq!(base64_decode(&base64_encode(text)).as_deref(), Some(text));
        }
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_encode(b"M"), "TQ==");
    }

    #[test]
    fn base64_round_trips_the_three_tails() {
        assert_eq!(base64_decode("TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(base64_decode("TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(base64_decode("TQ==").as_deref(), Some(&b"M"[..]));
        assert_eq!(
            base64_decode("JVBERi0xLjQK").as_deref(),
            Some(&b"%PDF-1.4\n"[..])
        );
        assert_eq!(base64_decode("T!=="), None);
        assert_eq!(base64_decode("T"), None);
    }
}
