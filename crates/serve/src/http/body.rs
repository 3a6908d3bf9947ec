//! Response bodies, all streamed: bytes already in memory (shared, never copied), a static
//! file read from disk a chunk at a time on the blocking pool, and a live-reload event stream.

use std::collections::VecDeque;
use std::fs::File;
use std::future::Future;
use std::io::{self, Read, Seek, SeekFrom};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, SizeHint};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::info::ConnInfo;

/// Bytes read from a file per chunk.
const CHUNK: u64 = 16 * 1024;

/// A response body.
pub(super) enum Out {
    /// Nothing (HEAD, 304, redirects).
    Empty,
    /// Pieces of memory, sent in order.
    Chunks(VecDeque<Bytes>),
    /// A range of a file.
    File(FileChunks),
    /// A live-reload stream.
    Events(Events),
}

impl Out {
    /// A body of one piece.
    pub(super) fn bytes(b: impl Into<Bytes>) -> Out {
        Out::Chunks(VecDeque::from([b.into()]))
    }
}

impl Body for Out {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            Out::Empty => Poll::Ready(None),
            Out::Chunks(c) => Poll::Ready(c.pop_front().map(|b| Ok(Frame::data(b)))),
            Out::File(f) => f.poll_chunk(cx).map(|r| r.map(|r| r.map(Frame::data))),
            Out::Events(e) => e.poll_event(cx).map(|b| b.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Out::Empty => true,
            Out::Chunks(c) => c.iter().all(Bytes::is_empty),
            Out::File(f) => f.pos >= f.end && f.pending.is_none(),
            Out::Events(_) => false,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Out::Empty => SizeHint::with_exact(0),
            Out::Chunks(c) => SizeHint::with_exact(c.iter().map(|b| b.len() as u64).sum()),
            Out::File(f) => SizeHint::with_exact(f.end - f.pos),
            Out::Events(_) => SizeHint::default(),
        }
    }
}

/// Bytes `pos..end` of an open file, read [`CHUNK`] bytes at a time off the runtime's thread.
/// A file that shrank meanwhile ends the response with an error (the connection is closed, so
/// the client sees a short body rather than a wrong one).
pub(super) struct FileChunks {
    file: Arc<Mutex<File>>,
    pos: u64,
    end: u64,
    pending: Option<JoinHandle<io::Result<Vec<u8>>>>,
}

impl FileChunks {
    /// Bytes `range` of `file`.
    pub(super) fn new(file: File, range: std::ops::Range<u64>) -> FileChunks {
        FileChunks {
            file: Arc::new(Mutex::new(file)),
            pos: range.start,
            end: range.end,
            pending: None,
        }
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<io::Result<Bytes>>> {
        loop {
            if let Some(job) = &mut self.pending {
                let read = ready!(Pin::new(job).poll(cx));
                self.pending = None;
                let chunk = match read {
                    Ok(Ok(c)) if !c.is_empty() => c,
                    Ok(Ok(_)) => {
                        return Poll::Ready(Some(Err(io::ErrorKind::UnexpectedEof.into())));
                    }
                    Ok(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Err(e) => return Poll::Ready(Some(Err(io::Error::other(e)))),
                };
                self.pos += chunk.len() as u64;
                return Poll::Ready(Some(Ok(Bytes::from(chunk))));
            }
            if self.pos >= self.end {
                return Poll::Ready(None);
            }
            let (file, pos) = (self.file.clone(), self.pos);
            let len = (self.end - self.pos).min(CHUNK);
            // the buffer is allocated here, on the runtime's thread, where hyper frees it once
            // sent: allocated on a file-reading thread and freed here, its memory stayed with
            // that thread's heap (38 MiB after 250 readers that never read)
            let buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            self.pending = Some(tokio::task::spawn_blocking(move || {
                read_at(&file, pos, len, buf)
            }));
        }
    }
}

/// Up to `len` bytes of `file` from `pos` (fewer only at its end), read into `buf`.
fn read_at(file: &Mutex<File>, pos: u64, len: u64, mut buf: Vec<u8>) -> io::Result<Vec<u8>> {
    let mut f = file
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f.seek(SeekFrom::Start(pos))?;
    (&mut *f).take(len).read_to_end(&mut buf)?;
    Ok(buf)
}

/// A live-reload stream: queued events as they come, a comment line when idle. It counts as a
/// stream on its connection while it lives.
pub(super) struct Events {
    first: Option<Bytes>,
    rx: mpsc::Receiver<Bytes>,
    keepalive: Pin<Box<tokio::time::Sleep>>,
    every: Duration,
    conn: Arc<ConnInfo>,
}

impl Events {
    /// A stream that sends `first`, then the events arriving on `rx`, with a comment line every
    /// `every` of silence.
    pub(super) fn new(
        first: Bytes,
        rx: mpsc::Receiver<Bytes>,
        every: Duration,
        conn: Arc<ConnInfo>,
    ) -> Events {
        conn.set_streaming(true);
        Events {
            first: Some(first),
            rx,
            keepalive: Box::pin(tokio::time::sleep(every)),
            every,
            conn,
        }
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(first));
        }
        if let Poll::Ready(msg) = self.rx.poll_recv(cx) {
            self.keepalive
                .as_mut()
                .reset(tokio::time::Instant::now() + self.every);
            return Poll::Ready(msg);
        }
        if self.keepalive.as_mut().poll(cx).is_ready() {
            self.keepalive
                .as_mut()
                .reset(tokio::time::Instant::now() + self.every);
            return Poll::Ready(Some(Bytes::from_static(b": keepalive\n\n")));
        }
        Poll::Pending
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.conn.set_streaming(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_in_chunks_and_a_short_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let collect = |range: std::ops::Range<u64>| {
            let mut body = Out::File(FileChunks::new(File::open(&path).unwrap(), range));
            rt.block_on(async {
                let mut got = Vec::new();
                let mut sizes = Vec::new();
                while let Some(frame) =
                    std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await
                {
                    match frame {
                        Ok(f) => {
                            let b = f.into_data().unwrap();
                            sizes.push(b.len());
                            got.extend_from_slice(&b);
                        }
                        Err(e) => return Err(e),
                    }
                }
                Ok((got, sizes))
            })
        };
        let (got, sizes) = collect(0..200_000).unwrap();
        assert_eq!(got, data);
        // 12 whole chunks of 16 KiB, then the rest
        assert_eq!(sizes.len(), 13);
        assert!(sizes[..12].iter().all(|&n| n == 16 * 1024), "{sizes:?}");
        assert_eq!(sizes[12], 200_000 - 12 * 16 * 1024);
        let (got, _) = collect(1000..1010).unwrap();
        assert_eq!(got, &data[1000..1010]);
        let e = collect(199_990..200_010).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    }
}
