//! The preview's HTTP layer: hyper 1 (HTTP/1.1) on a single-threaded tokio runtime, with every
//! resource a client can hold bounded.
//!
//! - connections: at most [`Limits::max_connections`] (lowered to fit the open-file limit);
//!   at the limit, a new connection closes the one that has been quiet longest (an idle socket
//!   costs an attacker as much as it costs us), so an ordinary request is answered at once;
//! - live-reload streams: at most [`Limits::max_streams`]; extra ones are told to retry later;
//! - request heads: [`MAX_HEADER_BYTES`] and [`MAX_HEADERS`] (431), read within
//!   [`Limits::header_timeout`], which also closes idle keep-alive connections;
//! - a connection on which no byte moves either way for [`Limits::idle_timeout`] (a reader that
//!   stopped reading, a pipelining client that never reads) is closed;
//! - request bodies: refused with 413 and the connection closed, never read;
//! - threads: one for the runtime and at most [`BLOCKING_THREADS`] reading static files;
//! - memory: a response is streamed (static files in 64 KiB chunks from disk), never copied.
//!
//! Accepting never stops on an error: when file descriptors run out it closes the quietest
//! connection and tries again shortly.

mod body;
mod conn;
pub(crate) mod host;
mod info;
mod range;
mod respond;

use std::io::Write as _;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use deload_engine::error::Error;
use tokio::sync::Semaphore;

use super::server::State;
use conn::Registry;
use host::HostCheck;

/// The largest request head (request line and headers) in bytes; a larger one gets 431.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The most header fields in one request; more get 431.
pub const MAX_HEADERS: usize = 100;

/// Threads reading static files from disk, at most.
pub const BLOCKING_THREADS: usize = 4;

/// File descriptors kept for everything but connections (the watcher, files being read).
const RESERVED_FDS: u64 = 64;

/// How long the accept loop waits after an error (out of file descriptors) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// The bounds on what clients may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Open connections, at most (lowered to fit the process's open-file limit).
    pub max_connections: usize,
    /// Open live-reload streams, at most (lowered to half the connections).
    pub max_streams: usize,
    /// Time to receive a whole request head, counted from when the server starts waiting for
    /// it (so it also closes idle keep-alive connections).
    pub header_timeout: Duration,
    /// A connection on which no byte was read or written for this long is closed.
    pub idle_timeout: Duration,
    /// How often an idle live-reload stream gets a comment line (less than `idle_timeout`, so
    /// a tab that reads stays connected).
    pub keepalive: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 256,
            max_streams: 64,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            keepalive: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// These limits made consistent and fitted to the open-file limit `nofile` (each
    /// connection may hold a socket and a file it streams).
    pub fn fitted(&self, nofile: Option<u64>) -> Limits {
        let mut l = self.clone();
        if let Some(n) = nofile {
            let fit = usize::try_from(n.saturating_sub(RESERVED_FDS) / 2).unwrap_or(usize::MAX);
            l.max_connections = l.max_connections.min(fit);
        }
        l.max_connections = l.max_connections.max(4);
        l.max_streams = l.max_streams.min(l.max_connections / 2).max(1);
        l.keepalive = l.keepalive.min(l.idle_timeout / 2);
        l
    }
}

/// The soft limit on open files, where the platform has one.
fn open_file_limit() -> Option<u64> {
    #[cfg(target_os = "linux")]
    {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct we pass and reads nothing else.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } == 0
            && lim.rlim_cur != libc::RLIM_INFINITY
        {
            return Some(lim.rlim_cur);
        }
    }
    None
}

/// Opens the listening socket on `host` (an IP address or a name such as `localhost`, tried in
/// the order it resolves to, IPv4 first) and `port`.
pub fn listen(host: &str, port: u16) -> Result<TcpListener, Error> {
    let mut addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| {
            Error::new(format!("cannot listen on {host}: {e}")).with_hint(
                "pass an IP address or a name this machine resolves, such as `--bind localhost`",
            )
        })?
        .collect();
    addrs.sort_by_key(SocketAddr::is_ipv6);
    let mut last = None;
    for addr in &addrs {
        match TcpListener::bind(addr) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let e = last.unwrap_or_else(|| std::io::Error::other("the name resolves to no address"));
    let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
        format!(
            "another program listens on port {port}: choose another with --port (0 picks a free one)"
        )
    } else {
        "check --bind and --port".to_string()
    };
    Err(Error::new(format!("cannot listen on {host}:{port}: {e}")).with_hint(hint))
}

/// What every connection shares.
struct Shared {
    state: Arc<State>,
    hosts: HostCheck,
    limits: Limits,
    registry: Registry,
    http: hyper::server::conn::http1::Builder,
    /// A connection ended since the memory was last given back.
    closed: std::sync::atomic::AtomicBool,
}

/// What gives the memory the allocator holds free back to the OS (the binary sets mimalloc's
/// `mi_collect`); nothing by default.
static RELEASE: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// How often the server gives freed memory back after connections end.
const RELEASE_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Sets what gives freed memory back to the OS; the server calls it a moment after connections
/// end. An allocator that keeps freed pages until its thread allocates again (mimalloc) would
/// otherwise hold what 250 stalled readers of a large file used, 38 MiB, while the server idles.
pub fn set_memory_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Gives freed memory back every [`RELEASE_EVERY`] when a connection ended meanwhile.
async fn release_loop(shared: Arc<Shared>) {
    let Some(release) = RELEASE.get() else { return };
    loop {
        tokio::time::sleep(RELEASE_EVERY).await;
        if shared
            .closed
            .swap(false, std::sync::atomic::Ordering::Relaxed)
        {
            release();
        }
    }
}

/// Serves `state` on `listener` from a thread of its own, until the process ends.
pub(crate) fn start(
    listener: TcpListener,
    state: Arc<State>,
    hosts: HostCheck,
    limits: &Limits,
) -> Result<(), Error> {
    let limits = limits.fitted(open_file_limit());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(BLOCKING_THREADS)
        .thread_name("deload-serve-io")
        .build()
        .map_err(|e| Error::new(format!("cannot start the preview server: {e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::new(format!("cannot start the preview server: {e}")))?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::new(format!("cannot start the preview server: {e}")))?
    };
    let shared = Arc::new(Shared {
        http: http_builder(&limits),
        state,
        hosts,
        registry: Registry::default(),
        limits,
        closed: std::sync::atomic::AtomicBool::new(false),
    });
    std::thread::Builder::new()
        .name("deload-serve".into())
        .spawn(move || runtime.block_on(accept_loop(listener, shared)))
        .map_err(|e| Error::new(format!("cannot start the preview server: {e}")))?;
    Ok(())
}

/// hyper's HTTP/1 settings: the header limits and the head timeout. (Not `pipeline_flush`: it
/// keeps the answer to a malformed request unsent while the bad bytes sit in the buffer.)
fn http_builder(limits: &Limits) -> hyper::server::conn::http1::Builder {
    let mut b = hyper::server::conn::http1::Builder::new();
    b.timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_headers(MAX_HEADERS)
        .max_header_size(MAX_HEADER_BYTES)
        .max_buf_size(MAX_HEADER_BYTES + 16 * 1024)
        .half_close(false);
    b
}

/// Accepts connections forever. At the connection limit, the quietest connection is closed to
/// make room; an error (no file descriptors left) closes one too, then waits a little.
async fn accept_loop(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    tokio::spawn(release_loop(shared.clone()));
    let slots = Arc::new(Semaphore::new(shared.limits.max_connections));
    let mut warned = false;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                if !warned {
                    // a closed standard error is no reason to stop serving
                    let _ = writeln!(
                        std::io::stderr(),
                        "warning: the preview server could not accept a connection: {e}"
                    );
                    warned = true;
                }
                shared.registry.evict_quietest();
                tokio::time::sleep(ACCEPT_BACKOFF).await;
                continue;
            }
        };
        let permit = match slots.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                shared.registry.evict_quietest();
                match slots.clone().acquire_owned().await {
                    Ok(p) => p,
                    Err(_) => return, // the semaphore is never closed
                }
            }
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(conn::serve(stream, shared.clone(), permit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_fit_the_open_file_limit() {
        let l = Limits::default();
        assert_eq!(l.fitted(None), l);
        assert_eq!(l.fitted(Some(20_000)).max_connections, 256);
        let small = l.fitted(Some(1024));
        assert_eq!(small.max_connections, 256);
        let tiny = l.fitted(Some(256));
        assert_eq!((tiny.max_connections, tiny.max_streams), (96, 48));
        assert_eq!(l.fitted(Some(10)).max_connections, 4);
        assert!(tiny.keepalive < tiny.idle_timeout);
    }

    #[test]
    fn localhost_resolves() {
        let l = listen("localhost", 0).expect("localhost resolves to a loopback address");
        assert!(l.local_addr().unwrap().ip().is_loopback());
        let e = listen("no-such-host.invalid", 0).unwrap_err();
        assert!(e.to_string().contains("no-such-host.invalid"), "{e}");
    }
}
