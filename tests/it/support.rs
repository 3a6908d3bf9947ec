//! Test helpers: fixture copies, running the binary, a static file server, a headless-Chromium
//! driver speaking the DevTools protocol.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site copied into a fresh temporary folder (so tests can change it).
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new(name: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        Fixture { dir }
    }

    /// A copy of the shipped site (the repository's own content, templates, programs, static).
    pub fn shipped() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        for d in ["content", "templates", "programs", "static"] {
            let src = repo().join(d);
            if src.exists() {
                copy_dir(&src, &dir.path().join(d));
            }
        }
        std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read_out(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// Runs `deload ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Output {
        deload(self.root(), args)
    }

    /// `deload build` that must succeed.
    pub fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// Runs the deload binary in `dir`.
pub fn deload(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_deload"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run deload")
}

pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted (to compare an output before and after).
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(base: &Path, d: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push((
                    p.strip_prefix(base).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every HTML file under `dir`.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// A running `deload serve` on a free loopback port, its output collected line by line. Killed
/// when dropped.
pub struct ServeProcess {
    pub child: Child,
    pub port: u16,
    /// Everything it printed, stdout and stderr, a line per entry.
    pub lines: Arc<Mutex<Vec<String>>>,
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServeProcess {
    /// Starts `deload serve` on `root` with the extra environment `env`, and waits up to `wait`
    /// for it to say which port it serves on.
    pub fn start(root: &Path, env: &[(&str, &str)], wait: Duration) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_deload"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start deload serve");
        let lines = Arc::new(Mutex::new(Vec::new()));
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        let mut s = ServeProcess {
            child,
            port: 0,
            lines,
        };
        let start = Instant::now();
        s.port = loop {
            let found = s.lines.lock().unwrap().iter().find_map(|l| {
                let rest = l.strip_prefix("Serving ")?;
                let at = rest.find("http://127.0.0.1:")? + "http://127.0.0.1:".len();
                let digits: String = rest[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<u16>().ok()
            });
            if let Some(p) = found {
                break p;
            }
            assert!(
                start.elapsed() < wait,
                "serve did not start: {:?}",
                s.output()
            );
            if let Ok(Some(status)) = s.child.try_wait() {
                panic!("serve exited with {status}: {:?}", s.output());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        s
    }

    /// What it has printed so far.
    pub fn output(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

/// A minimal static file server for a folder, on a free loopback port, for browser tests.
pub struct StaticServer {
    pub port: u16,
}

impl StaticServer {
    pub fn start(dir: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let dir = dir.clone();
                std::thread::spawn(move || serve_one(stream, &dir));
            }
        });
        StaticServer { port }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{}", self.port, path)
    }
}

fn serve_one(mut stream: TcpStream, dir: &Path) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split('?').next().unwrap_or("/");
    let mut file = dir.join(path.trim_start_matches('/'));
    if path.contains("..") {
        let _ = stream.write_all(b"HTTP/1.0 403 Forbidden\r\n\r\n");
        return;
    }
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(b) => ("200 OK", b),
        Err(_) => (
            "404 Not Found",
            std::fs::read(dir.join("404.html")).unwrap_or_default(),
        ),
    };
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    };
    let _ = write!(
        stream,
        "HTTP/1.0 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

/// The Chromium binary: `$DELOAD_CHROMIUM` or Debian's `/usr/bin/chromium`. A missing browser
/// fails the test (scripts/test installs it).
pub fn chromium_path() -> PathBuf {
    let p = std::env::var_os("DELOAD_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        p.exists(),
        "Chromium not found at {}: browser tests need it. Run scripts/test (it installs Debian's chromium) or set DELOAD_CHROMIUM.",
        p.display()
    );
    p
}

/// A headless Chromium with one page, driven over the DevTools protocol.
pub struct Browser {
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
    pub fn launch() -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(chromium_path())
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
    pub fn call(&mut self, method: &str, params: serde_json::Value) -> serde_json::Value {
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
                    assert!(v.get("error").is_none(), "{method} failed: {v}");
                    return v["result"].clone();
                }
            }
        }
    }

    /// Opens `url` and waits until the document has loaded.
    pub fn goto(&mut self, url: &str) {
        self.call("Page.navigate", serde_json::json!({"url": url}));
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'");
    }

    /// Evaluates JavaScript and returns its value.
    pub fn eval(&mut self, js: &str) -> serde_json::Value {
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

    /// Polls a JavaScript condition until it is true (at most 45 s: CI machines are shared).
    pub fn wait_for(&mut self, js: &str) {
        let start = Instant::now();
        loop {
            if self.eval(js) == serde_json::Value::Bool(true) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(45),
                "timed out waiting for `{js}`"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Types text into the focused element, as a user would.
    pub fn type_text(&mut self, text: &str) {
        for ch in text.chars() {
            self.call(
                "Input.insertText",
                serde_json::json!({"text": ch.to_string()}),
            );
        }
    }

    /// Prints the page to PDF (A4 unless the page's CSS says otherwise) and returns the bytes.
    pub fn print_pdf(&mut self) -> Vec<u8> {
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

pub fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
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
