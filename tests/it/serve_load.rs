//! `deload serve` under load: 32 client threads send 3,200 requests (ordinary, slow writers,
//! aborted connections, malformed request lines, traversal attempts) while another thread edits
//! the site. The server keeps answering, serves nothing from outside the site, and exits when
//! told to. Loopback only; bounded in count and time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Fixture, ServeProcess};

const THREADS: usize = 32;
const PER_THREAD: usize = 100;
const IO_TIMEOUT: Duration = Duration::from_secs(15);
const DEADLINE: Duration = Duration::from_secs(240);

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let s = TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), IO_TIMEOUT)?;
    s.set_read_timeout(Some(IO_TIMEOUT))?;
    s.set_write_timeout(Some(IO_TIMEOUT))?;
    Ok(s)
}

/// Sends `request` (in pieces with pauses when `slow`) and reads the whole answer.
fn exchange(port: u16, request: &[u8], slow: bool) -> std::io::Result<(u16, String)> {
    exchange_within(port, request, slow, IO_TIMEOUT)
}

/// [`exchange`], reading for at most `read_for`.
fn exchange_within(
    port: u16,
    request: &[u8],
    slow: bool,
    read_for: Duration,
) -> std::io::Result<(u16, String)> {
    let mut s = connect(port)?;
    s.set_read_timeout(Some(read_for))?;
    if slow {
        for chunk in request.chunks((request.len() / 16).max(4)) {
            s.write_all(chunk)?;
            std::thread::sleep(Duration::from_millis(3));
        }
    } else {
        s.write_all(request)?;
    }
    let mut raw = Vec::new();
    let t = Instant::now();
    // A server may close a malformed connection while we read: keep what arrived.
    let read = s.read_to_end(&mut raw);
    if raw.is_empty() {
        return Ok((0, format!("no answer after {:?}: {read:?}", t.elapsed())));
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, text))
}

const PAGES: [&str; 6] = [
    "/",
    "/guidance/sleep/",
    "/style.css",
    "/atom.xml",
    "/search-index.js",
    "/no/such/page/",
];

const TRAVERSAL: [&str; 9] = [
    "/../Cargo.toml",
    "/../../../../etc/passwd",
    "/%2e%2e/Cargo.toml",
    "/%2E%2E%2FCargo.toml",
    "/..%2fCargo.toml",
    "/guidance/%2e%2e/%2e%2e/Cargo.toml",
    "/..%5c..%5cCargo.toml",
    "/leak.txt",
    "//etc/passwd",
];

fn malformed(i: usize) -> Vec<u8> {
    match i % 10 {
        7 => b"GET / HTTP/1.1\r\nContent-Length: 999999999999999\r\n\r\nabc".to_vec(),
        8 => b"GET / HTTP/1.1\r\nContent-Length: 5000\r\n\r\nabc".to_vec(),
        9 => b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\nabc".to_vec(),
        0 => b"GARBAGE\r\n\r\n".to_vec(),
        1 => b"GET\r\n\r\n".to_vec(),
        2 => b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        3 => b"\x00\x01\x02\xff\xfe\r\n\r\n".to_vec(),
        4 => format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(16_000)).into_bytes(),
        5 => b"GET / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\nabc".to_vec(),
        _ => b"GET /%zz%00%ff HTTP/1.0\r\nHost: \xff\r\n\r\n".to_vec(),
    }
}

/// What one client request came to: whether it counts as answered, and what went wrong.
type Outcome = (bool, Vec<String>);

/// An ordinary request for one of [`PAGES`], from a slow writer when `slow`.
fn ordinary(port: u16, n: usize, slow: bool) -> Outcome {
    let path = PAGES[n % PAGES.len()];
    let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    match exchange(port, req.as_bytes(), slow) {
        Ok((status, body)) => {
            let want = if path == "/no/such/page/" { 404 } else { 200 };
            let mut failures = Vec::new();
            if status != want {
                failures.push(format!(
                    "{path}: status {status} {}",
                    &body[..body.len().min(60)]
                ));
            }
            if body.contains("TOP SECRET") {
                failures.push(format!("{path}: leaked"));
            }
            (status == want, failures)
        }
        Err(e) => (false, vec![format!("{path}: {e}")]),
    }
}

/// A traversal attempt, refused without serving anything from outside the site.
fn traversal(port: u16, n: usize) -> Outcome {
    let path = TRAVERSAL[n % TRAVERSAL.len()];
    let req = format!("GET {path} HTTP/1.0\r\n\r\n");
    match exchange(port, req.as_bytes(), false) {
        Ok((status, body)) => {
            let mut failures = Vec::new();
            if !matches!(status, 400 | 403 | 404) {
                failures.push(format!(
                    "{path}: status {status} {}",
                    &body[..body.len().min(60)]
                ));
            }
            if body.contains("TOP SECRET") || body.contains("[package]") || body.contains("root:x:")
            {
                failures.push(format!("{path}: served a file outside the site"));
            }
            (true, failures)
        }
        Err(e) => (false, vec![format!("{path}: {e}")]),
    }
}

/// A malformed request: any answer, or a closed connection, but never a file from outside.
fn malformed_request(port: u16, n: usize) -> Outcome {
    let slow = n % 3 == 0;
    match exchange_within(port, &malformed(n / 8), slow, Duration::from_secs(2)) {
        Ok((_, body)) => {
            let leaked = body.contains("TOP SECRET") || body.contains("[package]");
            let failures = if leaked {
                vec!["malformed request served a file outside".into()]
            } else {
                vec![]
            };
            (true, failures)
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::ConnectionReset
                || e.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            (true, vec![])
        }
        Err(e) => (false, vec![format!("malformed {}: {e}", (n / 8) % 10)]),
    }
}

/// An aborted client: half a request, or (`whole`) a whole one whose answer it never reads.
fn aborted(port: u16, whole: bool) -> Outcome {
    match connect(port) {
        Ok(mut s) => {
            if whole {
                let _ = s.write_all(b"GET /search-index.js HTTP/1.1\r\nHost: x\r\n\r\n");
                let mut b = [0u8; 32];
                let _ = s.read(&mut b);
            } else {
                let _ = s.write_all(b"GET /guidance/sl");
            }
            drop(s);
            (true, vec![])
        }
        Err(e) => (false, vec![format!("connect: {e}")]),
    }
}

/// Client thread `t`: [`PER_THREAD`] requests of every kind, counted in `ok` and `errors`.
fn client(t: usize, port: u16, began: Instant, ok: &AtomicUsize, errors: &Mutex<Vec<String>>) {
    for i in 0..PER_THREAD {
        if began.elapsed() > DEADLINE {
            errors.lock().unwrap().push("deadline passed".into());
            return;
        }
        let n = t * PER_THREAD + i;
        let (answered, failures) = match n % 8 {
            // Ordinary requests, half of them from slow writers.
            k @ 0..=3 => ordinary(port, n, k == 3),
            4 => traversal(port, n),
            5 => malformed_request(port, n),
            k => aborted(port, k == 7),
        };
        if answered {
            ok.fetch_add(1, Ordering::Relaxed);
        }
        errors.lock().unwrap().extend(failures);
    }
}

/// The editor: rewrites a page, adds and removes another, until `done`; returns the number of
/// the last edit.
fn editor(root: PathBuf, done: Arc<AtomicBool>) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let page = root.join("content/guidance/sleep.md");
        let original = std::fs::read_to_string(&page).unwrap();
        let extra = root.join("content/guidance/load-extra.md");
        let mut n = 0;
        while !done.load(Ordering::Relaxed) && n < 400 {
            n += 1;
            std::fs::write(&page, format!("{original}\nEdit number {n}.\n")).unwrap();
            if n % 2 == 0 {
                std::fs::write(&extra, format!("---\ntitle: Extra {n}\n---\nBody {n}.\n")).unwrap();
            } else {
                let _ = std::fs::remove_file(&extra);
            }
            std::thread::sleep(Duration::from_millis(150));
        }
        n
    })
}

/// Polls until the sleep page shows edit number `edits`.
fn wait_for_edit(serve: &ServeProcess, edits: usize) {
    let t = Instant::now();
    loop {
        let (status, body) = exchange(serve.port, b"GET /guidance/sleep/ HTTP/1.0\r\n\r\n", false)
            .expect("server answers after the load");
        assert_eq!(status, 200);
        if body.contains(&format!("Edit number {edits}.")) {
            return;
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the last edit never showed; output:\n{}",
            serve.lines.lock().unwrap().join("\n")
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Sends SIGTERM and expects the server to exit promptly.
#[cfg(target_os = "linux")]
fn stop(serve: &mut ServeProcess) {
    let pid = libc::pid_t::try_from(serve.child.id()).unwrap();
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let t = Instant::now();
    loop {
        if let Some(status) = serve.child.try_wait().unwrap() {
            assert!(!status.success() || status.code() == Some(0), "{status}");
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(10), "serve did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serve_keeps_answering_under_load_while_files_change() {
    let fx = Fixture::shipped();
    let root = fx.root().to_path_buf();
    let secret = root
        .parent()
        .unwrap()
        .join(format!("deload-load-secret-{}.txt", std::process::id()));
    std::fs::write(&secret, "TOP SECRET").unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, root.join("static/leak.txt")).unwrap();
    #[cfg_attr(not(target_os = "linux"), allow(unused_mut))]
    let mut serve = ServeProcess::start(&root, &[], Duration::from_secs(60));
    let port = serve.port;
    let began = Instant::now();

    let done = Arc::new(AtomicBool::new(false));
    let editor = editor(root.clone(), done.clone());
    let ok = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let clients: Vec<_> = (0..THREADS)
        .map(|t| {
            let (ok, errors) = (ok.clone(), errors.clone());
            std::thread::spawn(move || client(t, port, began, &ok, &errors))
        })
        .collect();
    for c in clients {
        c.join().expect("client thread");
    }
    done.store(true, Ordering::Relaxed);
    let edits = editor.join().expect("editor thread");
    let errors = errors.lock().unwrap().clone();
    assert!(
        errors.is_empty(),
        "{} failures of {}, e.g. {:?}",
        errors.len(),
        THREADS * PER_THREAD,
        &errors[..errors.len().min(10)]
    );
    assert_eq!(ok.load(Ordering::Relaxed), THREADS * PER_THREAD);
    assert!(edits > 0);

    // Still answering, with the last edit.
    wait_for_edit(&serve, edits);
    assert!(began.elapsed() < DEADLINE, "took {:?}", began.elapsed());

    // Exits when told to (SIGTERM), promptly.
    #[cfg(target_os = "linux")]
    stop(&mut serve);
    let _ = std::fs::remove_file(&secret);
}

/// Regression: tiny_http drained an unread body on drop with a buffer of the declared length, so
/// one request declaring a petabyte body aborted the server (a failed allocation), and a slow
/// declared body held a worker. Bodies are now refused unread (413); a length past what a
/// 64-bit count can hold is a malformed header (431).
#[test]
fn a_huge_declared_body_is_refused_and_the_server_lives() {
    let fx = Fixture::shipped();
    let serve = ServeProcess::start(fx.root(), &[], Duration::from_secs(60));
    let port = serve.port;
    for length in [
        "999999999999999",
        "18446744073709551615",
        "99999999",
        "5000",
    ] {
        let req = format!("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\n\r\nabc");
        let (status, _) =
            exchange_within(port, req.as_bytes(), false, Duration::from_secs(2)).unwrap();
        let want = if length == "18446744073709551615" {
            431
        } else {
            413
        };
        assert_eq!(status, want, "Content-Length: {length}");
    }
    let (status, _) = exchange(port, b"GET / HTTP/1.0\r\n\r\n", false).unwrap();
    assert_eq!(status, 200);
}
