//! One connection: hyper serves it while a watchdog closes it when no byte has moved for the
//! idle timeout, or when the accept loop needs its slot; then a lingering close, so a client
//! that sent more than was read (a refused body) still receives its answer.

use std::collections::HashMap;
use std::future::{Future, poll_fn};
use std::io;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::server::conn::http1::Connection;
use hyper::service::HttpService;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{Notify, OwnedSemaphorePermit};

use super::Shared;
use super::info::ConnInfo;

/// After the last response of a connection, how long and how much of what the client still
/// sends is read and dropped before closing (closing with unread data would reset the
/// connection and could destroy the answer before the client reads it).
const LINGER_TIME: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 256 * 1024;

/// The answer to a client that opens with the HTTP/2 preface (hyper answers no HTTP/2).
const HTTP2_REFUSED: &[u8] = b"HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 45\r\nConnection: close\r\n\r\ndeload serve speaks HTTP/1.1 and HTTP/1.0 only";

/// Every open connection.
#[derive(Debug)]
pub(super) struct Registry {
    epoch: Instant,
    next: AtomicU64,
    conns: Mutex<HashMap<u64, Arc<ConnInfo>>>,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry {
            epoch: Instant::now(),
            next: AtomicU64::new(0),
            conns: Mutex::new(HashMap::new()),
        }
    }
}

impl Registry {
    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Notes that bytes moved on `conn`.
    fn touch(&self, conn: &ConnInfo) {
        conn.last_progress.store(self.now(), Ordering::Relaxed);
    }

    /// How long `conn` has been quiet.
    fn quiet_for(&self, conn: &ConnInfo) -> Duration {
        let last = conn.last_progress.load(Ordering::Relaxed);
        Duration::from_millis(self.now().saturating_sub(last))
    }

    fn add(&self) -> (u64, Arc<ConnInfo>) {
        let info = Arc::new(ConnInfo {
            last_progress: AtomicU64::new(self.now()),
            streaming: AtomicBool::new(false),
            evicted: AtomicBool::new(false),
            evict: Notify::new(),
        });
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(id, info.clone());
        (id, info)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<ConnInfo>>> {
        self.conns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Closes the connection (not a live-reload stream) on which nothing has moved for the
    /// longest. Returns whether there was one.
    pub(super) fn evict_quietest(&self) -> bool {
        let conns = self.lock();
        let victim = conns
            .values()
            .filter(|c| !c.streaming.load(Ordering::Relaxed) && !c.evicted.load(Ordering::Relaxed))
            .min_by_key(|c| c.last_progress.load(Ordering::Relaxed));
        match victim {
            Some(c) => {
                c.evicted.store(true, Ordering::Relaxed);
                c.evict.notify_one();
                true
            }
            None => false,
        }
    }

    /// Open connections.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

/// A socket that records when bytes move on it.
struct Watched {
    stream: TcpStream,
    info: Arc<ConnInfo>,
    shared: Arc<Shared>,
}

impl Watched {
    fn moved(&self, n: usize) {
        if n > 0 {
            self.shared.registry.touch(&self.info);
        }
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.stream).poll_read(cx, buf);
        let n = buf.filled().len() - before;
        self.moved(n);
        r
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = r {
            self.moved(n);
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = r {
            self.moved(n);
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// How a connection's HTTP exchange ended.
enum End {
    /// hyper is done (the client closed, asked to close, or sent something it answered with an
    /// error); the result says which.
    Done(hyper::Result<()>),
    /// Its slot was needed.
    Evicted,
    /// Nothing moved for the idle timeout.
    Idle,
}

/// Serves one connection until it ends, holding one of the accept loop's slots.
pub(super) async fn serve(stream: TcpStream, shared: Arc<Shared>, _slot: OwnedSemaphorePermit) {
    let (id, info) = shared.registry.add();
    let io = TokioIo::new(Watched {
        stream,
        info: info.clone(),
        shared: shared.clone(),
    });
    let service = {
        let shared = shared.clone();
        let info = info.clone();
        hyper::service::service_fn(move |req| {
            std::future::ready(Ok::<_, std::convert::Infallible>(super::respond::respond(
                req, &shared, &info,
            )))
        })
    };
    let mut conn = shared.http.serve_connection(io, service);
    let end = watch(&mut conn, &info, &shared).await;
    if let End::Done(result) = end {
        let refused_http2 = matches!(&result, Err(e) if e.is_parse_version_h2());
        let mut stream = conn.into_parts().io.into_inner().stream;
        if refused_http2 {
            let _ = tokio::time::timeout(LINGER_TIME, stream.write_all(HTTP2_REFUSED)).await;
        }
        let timed_out = matches!(&result, Err(e) if e.is_timeout());
        if !timed_out {
            linger(stream, &info).await;
        }
    }
    shared.registry.remove(id);
    shared
        .closed
        .store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Drives `conn` until hyper is done, the connection is evicted, or nothing moved on it for the
/// idle timeout.
async fn watch<S>(
    conn: &mut Connection<TokioIo<Watched>, S>,
    info: &ConnInfo,
    shared: &Shared,
) -> End
where
    S: HttpService<hyper::body::Incoming> + Unpin,
    S::Future: Unpin,
    S::ResBody: 'static,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    <S::ResBody as hyper::body::Body>::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let idle = shared.limits.idle_timeout;
    let mut evicted = pin!(info.evict.notified());
    let mut watchdog = pin!(tokio::time::sleep(idle));
    poll_fn(|cx| {
        if let Poll::Ready(r) = conn.poll_without_shutdown(cx) {
            return Poll::Ready(End::Done(r));
        }
        if evicted.as_mut().poll(cx).is_ready() {
            return Poll::Ready(End::Evicted);
        }
        while watchdog.as_mut().poll(cx).is_ready() {
            let quiet = shared.registry.quiet_for(info);
            if quiet >= idle {
                return Poll::Ready(End::Idle);
            }
            watchdog
                .as_mut()
                .reset(tokio::time::Instant::now() + (idle - quiet));
        }
        Poll::Pending
    })
    .await
}

/// Ends the connection politely: no more writes, then what the client still sends is read and
/// dropped (within [`LINGER_TIME`] and [`LINGER_BYTES`]) until it closes its side.
async fn linger(mut stream: TcpStream, info: &ConnInfo) {
    if stream.shutdown().await.is_err() {
        return;
    }
    let drain = async {
        let mut buf = [0u8; 8192];
        let mut read = 0;
        while read < LINGER_BYTES {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => read += n,
            }
        }
    };
    let evicted = info.evict.notified();
    let _ = tokio::time::timeout(LINGER_TIME, first(drain, evicted)).await;
}

/// Waits for whichever of `a` and `b` finishes first.
async fn first(a: impl Future<Output = ()>, b: impl Future<Output = ()>) {
    let (mut a, mut b) = (pin!(a), pin!(b));
    poll_fn(|cx| {
        if a.as_mut().poll(cx).is_ready() || b.as_mut().poll(cx).is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quietest_connection_is_evicted_never_a_stream() {
        let r = Registry::default();
        let (_, stream) = r.add();
        stream.set_streaming(true);
        let (_, old) = r.add();
        std::thread::sleep(Duration::from_millis(5));
        let (new_id, new) = r.add();
        r.touch(&new);
        assert_eq!(r.len(), 3);
        assert!(r.evict_quietest());
        assert!(old.evicted.load(Ordering::Relaxed));
        assert!(!stream.evicted.load(Ordering::Relaxed));
        assert!(r.evict_quietest());
        assert!(new.evicted.load(Ordering::Relaxed));
        assert!(!r.evict_quietest(), "only the stream is left");
        r.remove(new_id);
        assert_eq!(r.len(), 2);
    }
}
