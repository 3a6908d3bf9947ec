//! A headless Chromium driven over the DevTools protocol. A missing browser fails the test that
//! needs it, with a message saying to run `scripts/test` (which installs it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A headless Chromium with one page, driven over the DevTools protocol.
pub(crate) struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    ws: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    pub(crate) fn launch() -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(super::tools::chromium())
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        struct Guard(Option<Child>);
        impl Drop for Guard {
            fn drop(&mut self) {
                if let Some(c) = self.0.as_mut() {
                    let _ = c.kill();
                    let _ = c.wait();
                }
            }
        }
        let mut guard = Guard(Some(child));
        let port_file = profile.path().join("DevToolsActivePort");
        let start = Instant::now();
        let port = loop {
            if let Ok(s) = std::fs::read_to_string(&port_file)
                && let Some(p) = s.lines().next().and_then(|l| l.trim().parse::<u16>().ok())
            {
                break p;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "Chromium did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let list = http_request(port, "PUT", "/json/new?about:blank");
        let v: serde_json::Value = serde_json::from_str(&list).expect("devtools json");
        let ws_url = v["webSocketDebuggerUrl"]
            .as_str()
            .expect("ws url")
            .to_string();
        let (ws, _) = tungstenite::connect(ws_url).expect("connect devtools");
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_ref() {
            // a browser that stops answering fails the test instead of hanging it
            s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        }
        let child = guard.0.take().expect("child");
        let mut b = Browser {
            child,
            _profile: profile,
            ws,
            next_id: 0,
        };
        b.call("Page.enable", serde_json::json!({}));
        b.call("Runtime.enable", serde_json::json!({}));
        b
    }

    /// Sends a DevTools command and waits for its answer.
    pub(crate) fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        let v = self.answer(method, params);
        assert!(v.get("error").is_none(), "{method} failed: {v}");
        v["result"].clone()
    }

    /// Sends `method` and returns the browser's whole answer to it (its `result` or `error`).
    fn answer(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
        self.next_id += 1;
        let id = self.next_id;
        let msg = serde_json::json!({"id": id, "method": method, "params": params});
        self.ws
            .send(tungstenite::Message::text(msg.to_string()))
            .expect("send");
        loop {
            let m = self.ws.read().expect("read devtools");
            if let tungstenite::Message::Text(t) = m {
                let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
                if v["id"].as_u64() == Some(id) {
                    return v;
                }
            }
        }
    }

    /// Opens `url` and waits for the page's load event, read from the DevTools stream rather
    /// than polled with JavaScript (which works even while the page's scripts are disabled).
    pub(crate) fn navigate_until_loaded(&mut self, url: &str) {
        self.next_id += 1;
        let id = self.next_id;
        let msg = serde_json::json!({"id": id, "method": "Page.navigate", "params": {"url": url}});
        self.ws
            .send(tungstenite::Message::text(msg.to_string()))
            .expect("send");
        let (mut answered, mut loaded) = (false, false);
        while !(answered && loaded) {
            let m = self.ws.read().expect("read devtools");
            if let tungstenite::Message::Text(t) = m {
                let v: serde_json::Value = serde_json::from_str(t.as_str()).unwrap();
                if v["id"].as_u64() == Some(id) {
                    assert!(v.get("error").is_none(), "Page.navigate failed: {v}");
                    answered = true;
                }
                // the load event of this navigation: it comes after the answer
                loaded |= answered && v["method"] == "Page.loadEventFired";
            }
        }
    }

    /// Opens `url` and waits until the document has loaded.
    pub(crate) fn goto(&mut self, url: &str) {
        self.call("Page.navigate", serde_json::json!({"url": url}));
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'");
    }

    /// Evaluates JavaScript and returns its value.
    pub(crate) fn eval(&mut self, js: &str) -> serde_json::Value {
        let r = self.call(
            "Runtime.evaluate",
            serde_json::json!({"expression": js, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "JS error in `{js}`: {r}"
        );
        r["result"]["value"].clone()
    }

    /// Polls a JavaScript condition until it is true (at most 45 s: CI machines are shared). An
    /// evaluation that the page's own navigation cut short (a live reload between two polls) is
    /// polled again; any other failure fails the test.
    pub(crate) fn wait_for(&mut self, js: &str) {
        let start = Instant::now();
        loop {
            let params =
                serde_json::json!({"expression": js, "returnByValue": true, "awaitPromise": true});
            let v = self.answer("Runtime.evaluate", params);
            if let Some(e) = v.get("error") {
                let message = e["message"].as_str().unwrap_or("");
                let navigating = ["navigated", "closed", "context was destroyed"]
                    .iter()
                    .any(|m| message.contains(m));
                assert!(navigating, "Runtime.evaluate failed: {v}");
            } else {
                let r = &v["result"];
                let destroyed = r["exceptionDetails"]
                    .to_string()
                    .contains("context was destroyed");
                assert!(
                    destroyed || r.get("exceptionDetails").is_none(),
                    "JS error in `{js}`: {r}"
                );
                if r["result"]["value"] == serde_json::Value::Bool(true) {
                    return;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(45),
                "timed out waiting for `{js}`"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types text into the focused element, as a user would.
    pub(crate) fn type_text(&mut self, text: &str) {
        for ch in text.chars() {
            self.call(
                "Input.insertText",
                serde_json::json!({"text": ch.to_string()}),
            );
        }
    }

    /// Prints the page to PDF (A4 unless the page's CSS says otherwise) and returns the bytes.
    pub(crate) fn print_pdf(&mut self) -> Vec<u8> {
        let r = self.call(
            "Page.printToPDF",
            serde_json::json!({"preferCSSPageSize": true, "printBackground": true}),
        );
        let b64 = r["data"].as_str().expect("pdf data");
        base64_decode(b64)
    }
}

fn http_request(port: u16, method: &str, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("devtools http header");
        if line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body).expect("devtools http body");
    String::from_utf8_lossy(&body).into_owned()
}

pub(crate) fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let Some(v) = val(c) else { continue };
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}
