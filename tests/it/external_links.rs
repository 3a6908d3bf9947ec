//! `deload check --external` against a server on loopback (never the network): broken links
//! are reported at every file and line that has them, redirects are followed, a server that
//! refuses HEAD is asked with GET, a link that does not answer in time is broken, and no more
//! than two requests at once go to one host.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::Fixture;

/// A small HTTP server on 127.0.0.1 that answers by path, counting the connections open at once.
struct LinkServer {
    port: u16,
    max_open: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl LinkServer {
    fn start() -> LinkServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        let port = listener.local_addr().map_or(0, |a| a.port());
        let open = Arc::new(AtomicUsize::new(0));
        let max_open = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (max, flag) = (max_open.clone(), stop.clone());
        std::thread::spawn(move || {
            // bounded: the server stops when the test drops it, or after a minute
            let deadline = Instant::now() + Duration::from_secs(60);
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) || Instant::now() > deadline {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (open, max) = (open.clone(), max.clone());
                std::thread::spawn(move || answer(stream, &open, &max));
            }
        });
        LinkServer {
            port,
            max_open,
            stop,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for LinkServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Answers one request by its path; `open` and `max` count the `/slow/` requests being answered
/// (the others may outlive the client's timeout).
fn answer(mut stream: TcpStream, open: &AtomicUsize, max: &AtomicUsize) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = [0u8; 2048];
    let n = stream.read(&mut buf).unwrap_or(0);
    let request = String::from_utf8_lossy(&buf[..n]).to_string();
    let mut words = request.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let status = match path {
        "/ok" | "/a%20b" => "200 OK",
        "/gone" => "404 Not Found",
        "/moved" => "301 Moved Permanently\r\nLocation: /ok",
        "/no-head" if method == "HEAD" => "405 Method Not Allowed",
        "/no-head" => "200 OK",
        "/hang" => {
            std::thread::sleep(Duration::from_secs(4));
            "200 OK"
        }
        p if p.starts_with("/slow/") => {
            let now = open.fetch_add(1, Ordering::SeqCst) + 1;
            max.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(300));
            open.fetch_sub(1, Ordering::SeqCst);
            "200 OK"
        }
        _ => "500 Internal Server Error",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

#[test]
fn broken_external_links_are_reported_where_they_are() {
    let server = LinkServer::start();
    let f = Fixture::new("basic");
    let mut links = format!(
        "---\ntitle: Links\n---\n[ok]({})\n\n[gone]({})\n\n[moved]({})\n\n[no head]({})\n\n[hang]({})\n",
        server.url("/ok"),
        server.url("/gone"),
        server.url("/moved"),
        server.url("/no-head"),
        server.url("/hang"),
    );
    for i in 0..6 {
        links.push_str(&format!(
            "\n[slow {i}]({})\n",
            server.url(&format!("/slow/{i}"))
        ));
    }
    f.write("content/blog/links.md", &links);
    f.write(
        "content/blog/again.md",
        &format!(
            "---\ntitle: Again\n---\nOnce more: ![gone]({})\n",
            server.url("/gone")
        ),
    );
    // a plain check does not go out
    assert!(f.run(&["check"]).status.success());
    let start = Instant::now();
    let out = f.run(&["check", "--external", "--timeout", "1"]);
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let gone = format!("broken external link: {} (HTTP 404)", server.url("/gone"));
    assert_eq!(stderr.matches(&gone).count(), 2, "{stderr}");
    assert!(stderr.contains("content/blog/links.md:6:1"), "{stderr}");
    assert!(stderr.contains("content/blog/again.md:4:12"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "broken external link: {} (no answer within 1 s)",
            server.url("/hang")
        )),
        "{stderr}"
    );
    for fine in ["/ok)", "/moved", "/no-head", "/slow/"] {
        assert!(
            !stderr.contains(&server.url(fine)),
            "{fine} is fine: {stderr}"
        );
    }
    assert!(stderr.contains("check failed with 3 errors"), "{stderr}");
    let max = server.max_open.load(Ordering::SeqCst);
    assert_eq!(max, 2, "slow requests at once to one host: {max}");
    assert!(
        took < Duration::from_secs(10),
        "the timeout bounds the check: {took:?}"
    );
}

/// A URL with a space is requested percent-encoded, written either way; a link matching
/// `links.unchecked` is not requested at all.
#[test]
fn external_links_are_encoded_and_unchecked_ones_skipped() {
    let server = LinkServer::start();
    let f = Fixture::new("basic");
    f.write(
        "content/blog/links.md",
        &format!(
            "---\ntitle: Links\n---\n[plain](<{}>) [encoded]({}) [gone]({})\n",
            server.url("/a b"),
            server.url("/a%20b"),
            server.url("/gone"),
        ),
    );
    let out = f.run(&["check", "--external", "--timeout", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("/gone (HTTP 404)"), "{stderr}");
    assert_eq!(
        stderr.matches("broken external link").count(),
        1,
        "only /gone: {stderr}"
    );

    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write(
        "site.yaml",
        &format!("{yaml}links:\n  unchecked: [\"http://127.0.0.1:*/gone\"]\n"),
    );
    let out = f.run(&["check", "--external", "--timeout", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
