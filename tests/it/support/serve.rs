//! Servers for the tests: `deload serve` itself, run as a child process, and a minimal static
//! file server for showing a built site to the browser.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `deload serve` on a free loopback port, its output collected line by line. Killed
/// when dropped.
/// Collects a child's stdout and stderr lines, as they come, into one shared list (read by
/// threads, so the child never blocks on a full pipe).
pub(crate) fn collect_lines(child: &mut Child) -> Arc<Mutex<Vec<String>>> {
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
    lines
}

pub(crate) struct ServeProcess {
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
    pub(crate) fn start(root: &Path, env: &[(&str, &str)], wait: Duration) -> ServeProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_deload"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start deload serve");
        let lines = collect_lines(&mut child);
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
    pub(crate) fn output(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

/// A minimal static file server for a folder, on a free loopback port, for browser tests.
pub(crate) struct StaticServer {
    pub port: u16,
}

impl StaticServer {
    pub(crate) fn start(dir: PathBuf) -> StaticServer {
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

    pub(crate) fn url(&self, path: &str) -> String {
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
