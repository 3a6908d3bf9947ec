//! `deload serve` against what any process on the same machine can do to it (loopback only):
//! every attack from the hardening report, each bounded in time and in count. During and after
//! each one the server must keep answering ordinary requests within [`ANSWER_WITHIN`], keep its
//! threads and file descriptors bounded, and come back to its idle memory (VmRSS) and open-file
//! count. The server runs with the usual limit of 1,024 open files (`setrlimit` in the child),
//! so the descriptor attacks run at their real size.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::Fixture;
use crate::support::serve::collect_lines;

/// An ordinary request must be answered this fast during every attack (the old server let it
/// time out after 5 s, or never answered).
const ANSWER_WITHIN: Duration = Duration::from_secs(3);

/// The open-file limit the server runs with, as on most desktops.
const NOFILE: u64 = 1024;

/// How far above its idle level the server's memory may be once an attack is over.
const RSS_MARGIN_KIB: u64 = 16 * 1024;

/// How long the server has to come back to its idle level after an attack.
const SETTLE: Duration = Duration::from_secs(15);

// ---------------------------------------------------------------------------------------------
// The server under attack

/// Resource limits for the server process.
#[derive(Clone, Copy)]
struct Rlimits {
    nofile: u64,
    address_space: Option<u64>,
}

const USUAL: Rlimits = Rlimits {
    nofile: NOFILE,
    address_space: None,
};

/// A running `deload serve` (killed when dropped).
struct Server {
    child: Child,
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
    site: Fixture,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's idle level, to come back to.
struct Idle {
    rss_kib: u64,
    fds: usize,
}

impl Server {
    fn start(site: Fixture, args: &[&str], limits: Rlimits) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_deload"));
        cmd.args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        use std::os::unix::process::CommandExt;
        // SAFETY: the closure runs in the forked child before exec and only calls setrlimit,
        // which is async-signal-safe.
        unsafe {
            cmd.pre_exec(move || {
                set_rlimit(libc::RLIMIT_NOFILE, Some(limits.nofile))?;
                set_rlimit(libc::RLIMIT_AS, limits.address_space)
            });
        }
        let mut child = cmd.spawn().expect("start deload serve");
        let lines = collect_lines(&mut child);
        let mut s = Server {
            child,
            port: 0,
            lines,
            site,
        };
        s.port = s.wait_for_port();
        s
    }

    /// The port from the `Serving … at http://HOST:PORT/` line.
    fn wait_for_port(&mut self) -> u16 {
        let start = Instant::now();
        loop {
            let found = self.output().iter().find_map(|l| {
                let rest = l.strip_prefix("Serving ")?;
                let url = &rest[rest.find(" at http://")? + " at http://".len()..];
                let authority = url.split('/').next()?;
                authority.rsplit_once(':')?.1.parse::<u16>().ok()
            });
            if let Some(p) = found {
                return p;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("serve exited with {status}: {:?}", self.output());
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "serve did not start: {:?}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn output(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    fn proc_status(&self, field: &str) -> u64 {
        let path = format!("/proc/{}/status", self.child.id());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        text.lines()
            .find_map(|l| {
                l.strip_prefix(field)?
                    .trim()
                    .split(' ')
                    .next()?
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("no {field} in {path}; output: {:?}", self.output()))
    }

    fn rss_kib(&self) -> u64 {
        self.proc_status("VmRSS:")
    }

    fn threads(&self) -> u64 {
        self.proc_status("Threads:")
    }

    fn fds(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .map_or(0, std::iter::Iterator::count)
    }

    /// Panics if the server exited.
    fn assert_alive(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("the server died ({status}); output: {:?}", self.output());
        }
    }

    /// An ordinary GET of `path`, which must be answered within [`ANSWER_WITHIN`].
    fn get(&mut self, path: &str) -> Resp {
        self.assert_alive();
        let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let start = Instant::now();
        let raw = exchange(self.port, req.as_bytes(), ANSWER_WITHIN);
        let took = start.elapsed();
        let r = Resp::parse(&raw);
        assert!(
            took < ANSWER_WITHIN && r.status != 0,
            "GET {path} was not answered within {ANSWER_WITHIN:?} (took {took:?}, got {:?})",
            String::from_utf8_lossy(&raw[..raw.len().min(200)])
        );
        r
    }

    /// The home page is served, whole, within [`ANSWER_WITHIN`].
    fn assert_answers(&mut self) {
        let r = self.get("/");
        assert_eq!(r.status, 200, "{}", r.head);
        assert!(r.text().contains("</html>"), "a whole page");
    }

    /// Fetches a few pages so their memory is in use, then records the idle level.
    fn warm(&mut self) -> Idle {
        for _ in 0..3 {
            for p in [
                "/",
                "/guidance/sleep/",
                "/style.css",
                "/search-index.js",
                "/nope/",
            ] {
                self.get(p);
            }
        }
        std::thread::sleep(Duration::from_millis(300));
        Idle {
            rss_kib: self.rss_kib(),
            fds: self.fds(),
        }
    }

    /// Waits until memory and open files are back near `idle`, and checks the server answers.
    fn assert_settles(&mut self, idle: &Idle) {
        let start = Instant::now();
        loop {
            let (rss, fds) = (self.rss_kib(), self.fds());
            if rss <= idle.rss_kib + RSS_MARGIN_KIB && fds <= idle.fds + 4 {
                break;
            }
            assert!(
                start.elapsed() < SETTLE,
                "not back to idle after {SETTLE:?}: VmRSS {rss} KiB (idle {} KiB), {fds} open files (idle {})",
                idle.rss_kib,
                idle.fds
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self.assert_answers();
    }
}

fn set_rlimit(resource: libc::__rlimit_resource_t, value: Option<u64>) -> std::io::Result<()> {
    let Some(v) = value else {
        return Ok(());
    };
    let lim = libc::rlimit {
        rlim_cur: v,
        rlim_max: v,
    };
    // SAFETY: setrlimit reads the struct we pass.
    if unsafe { libc::setrlimit(resource, &lim) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Lets this test process hold as many sockets as its hard limit allows (the attacks open
/// hundreds at once, and tests run in parallel).
fn raise_own_fd_limit() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct we pass.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim), 0);
        lim.rlim_cur = lim.rlim_max;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &lim), 0);
    }
    assert!(
        lim.rlim_cur >= 4096,
        "these tests need 4,096 open files (hard limit {})",
        lim.rlim_cur
    );
}

// ---------------------------------------------------------------------------------------------
// Raw HTTP

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_secs(10))
        .expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Sends `request` and reads until the server closes or `read_for` passes.
fn exchange(port: u16, request: &[u8], read_for: Duration) -> Vec<u8> {
    let mut s = connect(port);
    s.write_all(request).expect("send");
    read_until_closed(&mut s, read_for)
}

/// Reads until the peer closes (or resets) or `read_for` passes.
fn read_until_closed(s: &mut TcpStream, read_for: Duration) -> Vec<u8> {
    let start = Instant::now();
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    while start.elapsed() < read_for {
        let left = read_for
            .saturating_sub(start.elapsed())
            .max(Duration::from_millis(1));
        s.set_read_timeout(Some(left)).unwrap();
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    raw
}

/// Reads what `s` still delivers: the byte count, and whether the server closed it (EOF or a
/// reset, not a timeout) within `within`.
fn drain(s: &mut TcpStream, within: Duration) -> (usize, bool) {
    let start = Instant::now();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0;
    while start.elapsed() < within {
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        match s.read(&mut buf) {
            Ok(0) => return (total, true),
            Ok(n) => total += n,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return (total, true),
        }
    }
    (total, false)
}

/// Whether the server closed `s` within `within`.
fn closed_by_server(s: &mut TcpStream, within: Duration) -> bool {
    drain(s, within).1
}

/// Reads one response head (up to the blank line).
fn read_head(s: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).into_owned()
}

struct Resp {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Resp {
    fn parse(raw: &[u8]) -> Resp {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(raw.len(), |i| i + 4);
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        Resp {
            status: status_of(&head),
            head,
            body: raw[split..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn status_of(head: &str) -> u16 {
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// The payload of a chunked body (as much as arrived).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.trim(), 16).ok());
        let Some(size) = size.filter(|&n| n > 0) else {
            break;
        };
        let start = eol + 2;
        let end = (start + size).min(body.len());
        out.extend_from_slice(&body[start..end]);
        body = body.get(end + 2..).unwrap_or(&[]);
    }
    out
}

/// The events of a Server-Sent Events stream, parsed as a browser does (lines end at CR LF, CR
/// or LF; a blank line dispatches): (event type, data) pairs.
fn sse_events(stream: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(stream)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut events = Vec::new();
    let (mut kind, mut data): (String, Vec<String>) = (String::new(), Vec::new());
    for line in text.split('\n') {
        if line.is_empty() {
            if !data.is_empty() {
                let k = if kind.is_empty() { "message" } else { &kind };
                events.push((k.to_string(), data.join("\n")));
            }
            kind.clear();
            data.clear();
            continue;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => kind = value.to_string(),
            "data" => data.push(value.to_string()),
            _ => {}
        }
    }
    events
}

/// Opens a live-reload stream and returns it with what arrived within `wait`.
fn open_stream(port: u16, wait: Duration) -> (TcpStream, String) {
    let mut s = connect(port);
    s.write_all(
        b"GET /__deload/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
    )
    .expect("send");
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < wait && !got.windows(7).any(|w| w == b"retry: ") {
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    (s, String::from_utf8_lossy(&got).into_owned())
}

// ---------------------------------------------------------------------------------------------
// Running out of file descriptors, connections and threads

#[test]
fn six_hundred_idle_sockets_leave_room_for_everyone() {
    raise_own_fd_limit();
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    let idle = s.warm();
    let mut held: Vec<TcpStream> = (0..600).map(|_| connect(s.port)).collect();
    for _ in 0..5 {
        s.assert_answers();
    }
    assert!(s.fds() < 400, "{} open files", s.fds());
    // more of them, while requests keep coming
    held.extend((0..300).map(|_| connect(s.port)));
    s.assert_answers();
    drop(held);
    s.assert_settles(&idle);
    // what stays is the allocator's high-water mark for 256 connections, not a leak: the same
    // attack again costs nothing more
    let after_first = s.rss_kib();
    for _ in 0..2 {
        let held: Vec<TcpStream> = (0..900).map(|_| connect(s.port)).collect();
        s.assert_answers();
        drop(held);
        s.assert_settles(&idle);
    }
    assert!(
        s.rss_kib() <= after_first + 2048,
        "VmRSS grew from {after_first} KiB to {} KiB over two more rounds",
        s.rss_kib()
    );
}

#[test]
fn live_reload_streams_are_bounded_and_extra_ones_told_to_retry() {
    raise_own_fd_limit();
    let mut s = Server::start(Fixture::shipped(), &["--idle-timeout-ms", "3000"], USUAL);
    let idle = s.warm();
    let mut open = Vec::new();
    let (mut served, mut refused) = (0, 0);
    for _ in 0..470 {
        let (stream, got) = open_stream(s.port, ANSWER_WITHIN);
        if got.contains("retry: 500") {
            served += 1;
        } else if got.contains("retry: 10000") {
            refused += 1;
        } else {
            panic!("a stream request got {got:?}");
        }
        open.push(stream);
    }
    assert_eq!((served, refused), (64, 406), "64 streams at most");
    s.assert_answers();
    assert!(s.threads() <= 12, "{} threads", s.threads());
    assert!(s.fds() < 400, "{} open files", s.fds());
    // an open stream still gets its keepalive comments (one a second with these limits)
    let first = &mut open[0];
    first
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let mut buf = [0u8; 256];
    let n = first.read(&mut buf).expect("the stream is alive");
    assert!(String::from_utf8_lossy(&buf[..n]).contains(": keepalive"));
    drop(open);
    // the slots are free again
    let start = Instant::now();
    loop {
        let (_stream, got) = open_stream(s.port, ANSWER_WITHIN);
        if got.contains("retry: 500") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no stream after the attack: {got:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    s.assert_settles(&idle);
}

#[test]
fn declared_bodies_get_413_and_their_connections_are_not_kept() {
    raise_own_fd_limit();
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    let idle = s.warm();
    let mut held = Vec::new();
    for _ in 0..508 {
        let mut c = connect(s.port);
        c.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\nabc")
            .unwrap();
        let head = read_head(&mut c);
        assert_eq!(status_of(&head), 413, "{head}");
        held.push(c); // never sends the body, never closes
    }
    s.assert_answers();
    // the server closed its side of every one, though the clients keep theirs open
    s.assert_settles(&idle);
    for c in held.iter_mut().take(20) {
        assert!(closed_by_server(c, Duration::from_secs(5)));
    }
}

#[test]
fn a_thousand_held_connections_need_no_threads_under_a_4_gib_address_space() {
    raise_own_fd_limit();
    let limits = Rlimits {
        nofile: NOFILE,
        address_space: Some(4 << 30),
    };
    let mut s = Server::start(Fixture::shipped(), &[], limits);
    let idle = s.warm();
    let base_threads = s.threads();
    let mut held = Vec::new();
    for i in 0..1000 {
        let mut c = connect(s.port);
        let _ = match i % 4 {
            0 => c.write_all(b"GET /__deload/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
            1 => c.write_all(
                b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n",
            ),
            2 => c.write_all(b"GET /guidance/sleep/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "),
            _ => Ok(()),
        };
        held.push(c);
        if i % 100 == 99 {
            s.assert_answers();
        }
    }
    let threads = s.threads();
    assert!(
        threads <= base_threads + 4,
        "{threads} threads (idle: {base_threads})"
    );
    drop(held);
    s.assert_settles(&idle);
}

// ---------------------------------------------------------------------------------------------
// One client stalling the others

/// Adds a 1 MiB file to the site's `static/`.
fn with_big_file(site: &Fixture) {
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::fs::write(site.root().join("static/big.bin"), vec![b'x'; 1 << 20]).unwrap();
}

#[test]
fn pipelined_requests_that_are_never_read_stall_no_one() {
    let site = Fixture::shipped();
    with_big_file(&site);
    let mut s = Server::start(site, &["--idle-timeout-ms", "2000"], USUAL);
    let idle = s.warm();
    // 200 requests for a 1 MiB file in one write, never read: the server's writes stall
    let mut stalled = connect(s.port);
    let one = "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    stalled.write_all(one.repeat(200).as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..20 {
        s.assert_answers();
    }
    // the stalled connection is closed once nothing moved on it for the idle timeout: what is
    // left to read is what the socket buffers held, not the 200 MiB asked for
    std::thread::sleep(Duration::from_secs(4));
    let (left, closed) = drain(&mut stalled, Duration::from_secs(30));
    assert!(closed, "the stalled connection was kept");
    assert!(
        left < 64 << 20,
        "{left} bytes were still sent after the idle timeout"
    );
    s.assert_settles(&idle);
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    let paths = [
        "/style.css",
        "/",
        "/nope/",
        "/robots.txt",
        "/guidance",
        "/atom.xml",
    ];
    let mut req = String::new();
    for p in paths {
        req.push_str(&format!("GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    }
    req.push_str("HEAD /search-index.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    let raw = exchange(s.port, req.as_bytes(), ANSWER_WITHIN);
    let mut rest = &raw[..];
    let mut got = Vec::new();
    for i in 0..=paths.len() {
        let r = Resp::parse(rest);
        let len: usize = r
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let body_len = if i == paths.len() { 0 } else { len };
        got.push((r.status, r.header("content-type").unwrap_or_default()));
        rest = &rest[r.head.len() + body_len..];
    }
    let statuses: Vec<u16> = got.iter().map(|g| g.0).collect();
    assert_eq!(statuses, [200, 200, 404, 200, 301, 200, 200]);
    assert!(got[0].1.starts_with("text/css"));
    assert!(got[1].1.starts_with("text/html"));
    assert!(got[3].1.starts_with("text/plain"));
    assert!(got[5].1.starts_with("application/xml"));
    assert!(got[6].1.starts_with("text/javascript"));
    assert!(rest.is_empty(), "nothing after the last answer");
    s.assert_answers();
}

#[test]
fn expect_100_continue_without_a_body_holds_nothing() {
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    let idle = s.warm();
    let mut held = Vec::new();
    for i in 0..30 {
        let mut c = connect(s.port);
        let method = if i % 2 == 0 { "GET" } else { "POST" };
        write!(
            c,
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n"
        )
        .unwrap();
        let start = Instant::now();
        let head = read_head(&mut c);
        assert!(start.elapsed() < ANSWER_WITHIN);
        assert_eq!(status_of(&head), 413, "refused, not continued: {head}");
        held.push(c);
    }
    for _ in 0..10 {
        s.assert_answers();
    }
    // without a body, the expectation is simply met
    let raw = exchange(
        s.port,
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        ANSWER_WITHIN,
    );
    assert_eq!(Resp::parse(&raw).status, 200);
    drop(held);
    s.assert_settles(&idle);
}

// ---------------------------------------------------------------------------------------------
// Request heads

/// Sends a request head with a header line of `size` bytes, in 1 MiB writes; returns the
/// status answered (0 when the server closed before answering) and the bytes it took.
fn send_huge_header(port: u16, size: usize) -> (u16, usize) {
    let mut c = connect(port);
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    let _ = c.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Huge: ");
    while sent < size {
        match c.write(&chunk[..chunk.len().min(size - sent)]) {
            Ok(n) => sent += n,
            Err(_) => break,
        }
    }
    let _ = c.write_all(b"\r\n\r\n");
    let raw = read_until_closed(&mut c, Duration::from_secs(5));
    (Resp::parse(&raw).status, sent)
}

#[test]
fn oversized_request_heads_get_431_and_cost_no_memory() {
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    let idle = s.warm();
    let head_with = |extra: &str| {
        format!("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{extra}\r\n")
    };
    let status = |req: String| Resp::parse(&exchange(s.port, req.as_bytes(), ANSWER_WITHIN)).status;
    assert_eq!(
        status(head_with(&format!("X-Big: {}\r\n", "a".repeat(60_000)))),
        200
    );
    assert_eq!(
        status(head_with(&format!("X-Big: {}\r\n", "a".repeat(70_000)))),
        431
    );
    assert_eq!(status(head_with(&"X-Many: 1\r\n".repeat(90))), 200);
    assert_eq!(status(head_with(&"X-Many: 1\r\n".repeat(101))), 431);

    // one 100 MB header line: refused long before it is all sent
    let (code, sent) = send_huge_header(s.port, 100 << 20);
    assert!(
        code == 431 || sent < 100 << 20,
        "status {code} after {sent} bytes"
    );
    assert!(
        s.rss_kib() <= idle.rss_kib + RSS_MARGIN_KIB,
        "{} KiB",
        s.rss_kib()
    );
    // eight 200 MB header lines at once
    let port = s.port;
    let senders: Vec<_> = (0..8)
        .map(|_| std::thread::spawn(move || send_huge_header(port, 200 << 20)))
        .collect();
    let mut peak = 0;
    while !senders.iter().all(std::thread::JoinHandle::is_finished) {
        peak = peak.max(s.rss_kib());
        std::thread::sleep(Duration::from_millis(20));
    }
    for t in senders {
        let (code, sent) = t.join().unwrap();
        assert!(
            code == 431 || sent < 200 << 20,
            "status {code} after {sent} bytes"
        );
    }
    assert!(
        peak <= idle.rss_kib + RSS_MARGIN_KIB,
        "peak VmRSS {peak} KiB (idle {} KiB)",
        idle.rss_kib
    );
    s.assert_settles(&idle);
}

// ---------------------------------------------------------------------------------------------
// A large static file

const VIDEO_LEN: u64 = 200 << 20;
const MARK_AT: u64 = 150 << 20;

/// Adds a 200 MiB video to `static/` (sparse: zeros, with a marker at 150 MiB).
fn with_video(site: &Fixture) {
    use std::os::unix::fs::FileExt;
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    let f = std::fs::File::create(site.root().join("static/video.mp4")).unwrap();
    f.set_len(VIDEO_LEN).unwrap();
    f.write_all_at(b"0123456789", MARK_AT).unwrap();
    f.write_all_at(b"THE END...", VIDEO_LEN - 10).unwrap();
}

#[test]
fn a_200_mb_video_is_streamed_from_disk_in_ranges() {
    let site = Fixture::shipped();
    with_video(&site);
    let mut s = Server::start(site, &[], USUAL);
    let idle = s.warm();
    assert!(
        idle.rss_kib < 100 * 1024,
        "idle VmRSS {} KiB with a 200 MiB video",
        idle.rss_kib
    );
    let ranged = |s: &Server, extra: &str| {
        let req = format!(
            "GET /video.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{extra}\r\n"
        );
        Resp::parse(&exchange(s.port, req.as_bytes(), ANSWER_WITHIN))
    };
    let r = ranged(&s, &format!("Range: bytes={MARK_AT}-{}\r\n", MARK_AT + 9));
    assert_eq!(r.status, 206, "{}", r.head);
    assert_eq!(r.body, b"0123456789");
    assert_eq!(
        r.header("content-range").unwrap(),
        format!("bytes {MARK_AT}-{}/{VIDEO_LEN}", MARK_AT + 9)
    );
    assert_eq!(r.header("content-type").unwrap(), "video/mp4");
    let etag = r.header("etag").expect("an ETag");
    assert_eq!(ranged(&s, "Range: bytes=-10\r\n").body, b"THE END...");
    let r = ranged(&s, "Range: bytes=300000000-\r\n");
    assert_eq!(r.status, 416);
    assert_eq!(
        r.header("content-range").unwrap(),
        format!("bytes */{VIDEO_LEN}")
    );
    let r = ranged(&s, &format!("If-None-Match: {etag}\r\n"));
    assert_eq!((r.status, r.body.len()), (304, 0));
    let r = ranged(&s, "If-Range: \"stale\"\r\nRange: bytes=0-1\r\n");
    assert_eq!(r.status, 200, "a stale If-Range gets the whole file");
    let head = Resp::parse(&exchange(
        s.port,
        b"HEAD /video.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ANSWER_WITHIN,
    ));
    assert_eq!(
        head.header("content-length").unwrap(),
        VIDEO_LEN.to_string()
    );
    assert!(head.body.is_empty());

    // eight slow readers of the whole file
    let mut readers: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut c = connect(s.port);
            c.write_all(b"GET /video.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .unwrap();
            c
        })
        .collect();
    let mut peak = 0;
    let mut buf = [0u8; 16 * 1024];
    for _ in 0..30 {
        for c in &mut readers {
            let _ = c.read(&mut buf);
        }
        peak = peak.max(s.rss_kib());
        std::thread::sleep(Duration::from_millis(100));
    }
    s.assert_answers();
    assert!(
        peak <= idle.rss_kib + RSS_MARGIN_KIB,
        "peak VmRSS {peak} KiB with 8 slow readers (idle {} KiB)",
        idle.rss_kib
    );
    drop(readers);
    s.assert_settles(&idle);
}

/// 250 readers that ask for a large static file and never read: while they hang the server
/// still answers, and once they are gone its memory comes back to idle (the chunks read for them
/// were kept by the file-reading threads' heaps, 38 MiB above idle).
#[test]
fn stalled_readers_of_a_static_file_leave_no_memory_behind() {
    let site = Fixture::shipped();
    with_video(&site);
    let mut s = Server::start(site, &[], USUAL);
    let idle = s.warm();
    for _ in 0..2 {
        let readers: Vec<TcpStream> = (0..250)
            .map(|_| {
                let mut c = connect(s.port);
                c.write_all(b"GET /video.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .unwrap();
                c
            })
            .collect();
        // every reader's first chunks are read and queued (the socket buffers are full)
        s.assert_answers();
        drop(readers);
        s.assert_settles(&idle);
    }
}

#[test]
fn static_files_are_never_read_outside_static() {
    let site = Fixture::shipped();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::fs::write(site.root().join("static/swap.txt"), "inside").unwrap();
    let secret = site.root().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").unwrap();
    let mut s = Server::start(site, &[], USUAL);
    assert_eq!(s.get("/swap.txt").text(), "inside");
    // swapped for a symlink out of static/ after the build: never followed
    let swap = s.site.root().join("static/swap.txt");
    std::fs::remove_file(&swap).unwrap();
    std::os::unix::fs::symlink(&secret, &swap).unwrap();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) {
        let r = s.get("/swap.txt");
        assert!(
            !r.text().contains("TOP SECRET"),
            "served a file outside static/"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_static_folder_created_later_is_served_from_disk() {
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    assert!(!s.site.root().join("static").exists());
    std::fs::create_dir_all(s.site.root().join("static/media")).unwrap();
    std::fs::write(s.site.root().join("static/media/late.txt"), "late but here").unwrap();
    let start = Instant::now();
    loop {
        let r = s.get("/media/late.txt");
        if r.status == 200 {
            assert_eq!(r.text(), "late but here");
            assert_eq!(r.header("accept-ranges").as_deref(), Some("bytes"));
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "never served: {}",
            r.status
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn files_revalidate_and_pages_are_never_stored() {
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    let css = s.get("/style.css");
    assert_eq!(css.header("cache-control").as_deref(), Some("no-cache"));
    let etag = css.header("etag").expect("an ETag");
    let req = format!(
        "GET /style.css HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: {etag}\r\nConnection: close\r\n\r\n"
    );
    let r = Resp::parse(&exchange(s.port, req.as_bytes(), ANSWER_WITHIN));
    assert_eq!((r.status, r.body.len()), (304, 0));
    let page = s.get("/");
    assert_eq!(page.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(page.header("etag"), None);
}

// ---------------------------------------------------------------------------------------------
// Host names, redirects, the event stream, malformed requests, --bind

#[test]
fn foreign_host_names_are_refused() {
    let mut s = Server::start(Fixture::shipped(), &["--allow-host", "preview.test"], USUAL);
    let port = s.port;
    let with_host = |host: &str, path: &str| {
        let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        Resp::parse(&exchange(port, req.as_bytes(), ANSWER_WITHIN))
    };
    for host in [
        "evil.example",
        "evil.example:80",
        &format!("rebind.evil.example:{port}"),
    ] {
        for path in ["/", "/__deload/events", "/style.css"] {
            let r = with_host(host, path);
            assert_eq!(r.status, 403, "{host}{path}");
            assert!(!r.text().contains("<html"), "{host}{path}");
        }
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "preview.test".to_string(),
    ] {
        assert_eq!(with_host(&host, "/").status, 200, "{host}");
    }
    // the authority of an absolute target counts, not the Host beside it
    let req = format!(
        "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(
        Resp::parse(&exchange(port, req.as_bytes(), ANSWER_WITHIN)).status,
        403
    );
    s.assert_answers();
}

#[test]
fn double_slash_paths_never_redirect_off_site() {
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    for (path, want) in [
        ("//guidance", "/guidance/"),
        ("///guidance", "/guidance/"),
        ("/%2f%2fguidance", "/guidance/"),
        ("//guidance?x=1", "/guidance/?x=1"),
        ("/guidance", "/guidance/"),
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 301, "{path}");
        assert_eq!(r.header("location").as_deref(), Some(want), "{path}");
    }
}

#[test]
fn a_carriage_return_in_a_failing_file_name_cannot_forge_events() {
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    let (mut stream, first) = open_stream(s.port, ANSWER_WITHIN);
    let bad = s
        .site
        .root()
        .join("content/guidance/bad\rname\revent: reload\r\r.md");
    std::fs::write(&bad, "---\ntitel: x\n---\nBody.\n").unwrap();
    // everything the stream sends in the next 8 seconds
    let mut raw = first.into_bytes();
    raw.extend(read_until_closed(&mut stream, Duration::from_secs(8)));
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head")
        + 4;
    let body = dechunk(&raw[head_end..]);
    assert!(
        !body.contains(&b'\r'),
        "a raw CR in the stream: {:?}",
        String::from_utf8_lossy(&body)
    );
    let events = sse_events(&body);
    let kinds: Vec<&str> = events.iter().map(|(k, _)| k.as_str()).collect();
    assert!(kinds.contains(&"error"), "{kinds:?}");
    assert!(
        kinds.iter().all(|k| *k == "error"),
        "only build errors: {kinds:?}"
    );
    let error = &events.iter().find(|(k, _)| k == "error").unwrap().1;
    assert!(
        error.contains("bad\nname\nevent: reload"),
        "the name is data: {error:?}"
    );
    s.assert_answers();
}

#[test]
fn http2_and_malformed_requests_are_answered_and_closed() {
    let mut s = Server::start(Fixture::shipped(), &[], USUAL);
    let cases: [(&[u8], u16); 6] = [
        (
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00",
            505,
        ),
        (b"GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 400),
        (b"GET / HTTP/9.9\r\n\r\n", 400),
        (b"GARBAGE\r\n\r\n", 400),
        (b"\x00\x01\x02\xff\r\n\r\n", 400),
        (
            b"GET / HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n",
            200,
        ),
    ];
    for (req, want) in cases {
        let mut c = connect(s.port);
        c.write_all(req).unwrap();
        let start = Instant::now();
        let raw = read_until_closed(&mut c, Duration::from_secs(5));
        assert!(
            start.elapsed() < ANSWER_WITHIN,
            "{:?} was not closed",
            String::from_utf8_lossy(req)
        );
        assert_eq!(
            Resp::parse(&raw).status,
            want,
            "{:?}",
            String::from_utf8_lossy(req)
        );
        let _ = c.shutdown(Shutdown::Both);
    }
    s.assert_answers();
}

#[test]
fn bind_localhost_resolves() {
    let mut s = Server::start(Fixture::shipped(), &["--bind", "localhost"], USUAL);
    let url = s
        .output()
        .into_iter()
        .find(|l| l.starts_with("Serving "))
        .unwrap();
    assert!(
        url.contains(&format!("http://localhost:{}/", s.port)),
        "{url}"
    );
    let mut c = TcpStream::connect(("localhost", s.port)).expect("connect to localhost");
    c.write_all(b"GET /guidance/sleep/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let r = Resp::parse(&read_until_closed(&mut c, ANSWER_WITHIN));
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains(&format!("http://localhost:{}/", s.port)),
        "links use the name"
    );
    s.assert_alive();
}
