//! Answers one request: refuses bodies (413), foreign hosts (403) and methods other than GET
//! and HEAD (405); serves the live-reload stream, built files from memory and static files from
//! disk, with `ETag`, `If-None-Match` (304) and `Range` (206, 416).

use std::fs::File;
use std::sync::Arc;

use hyper::body::{Body, Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::Shared;
use super::body::{Events, FileChunks, Out};
use super::info::ConnInfo;
use super::range::{self, Part};
use crate::files::{DiskFile, Served};
use crate::paths::{self, Refused};
use crate::server::{CLIENT_SCRIPT, EVENTS_PATH, State, inject_at};

const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// How long a live-reload stream refused at the limit waits before trying again (sent as the
/// stream's `retry:`).
const STREAM_RETRY_MS: u32 = 10_000;

/// The page shown while no build has succeeded yet.
const NO_BUILD: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>deload: build failed</title></head><body><p>The site has not built yet; fix the error and save.</p></body></html>";

/// The answer to `req`. Never panics on a bad request.
pub(super) fn respond(
    req: Request<Incoming>,
    shared: &Shared,
    conn: &Arc<ConnInfo>,
) -> Response<Out> {
    if !req.body().is_end_stream() {
        let mut r = text(
            StatusCode::PAYLOAD_TOO_LARGE,
            "deload serve accepts no request bodies\n",
        );
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return r;
    }
    if let Err(status) = check_host(&req, shared) {
        let why = if status == StatusCode::BAD_REQUEST {
            "bad request: more than one Host header\n"
        } else {
            "deload serve answers only requests for a loopback name (localhost, 127.0.0.1) or the address it listens on; start it with --allow-host NAME to allow another name\n"
        };
        return text(status, why);
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let head = req.method() == Method::HEAD;
    let mut r = if req.uri().path() == EVENTS_PATH {
        events(shared, conn)
    } else {
        file(&req, &shared.state)
    };
    if head {
        *r.body_mut() = Out::Empty;
    }
    r
}

/// The Host check; a request with several Host values is malformed (400).
fn check_host(req: &Request<Incoming>, shared: &Shared) -> Result<(), StatusCode> {
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let host = match (req.uri().authority(), hosts.next(), hosts.next()) {
        (_, Some(_), Some(_)) => return Err(StatusCode::BAD_REQUEST),
        (Some(authority), _, _) => Some(authority.as_str()),
        (None, Some(h), None) => Some(h.to_str().map_err(|_| StatusCode::BAD_REQUEST)?),
        (None, None, _) => None,
    };
    if shared.hosts.allows(host) {
        Ok(())
    } else {
        Err(StatusCode::FORBIDDEN)
    }
}

/// A short plain-text answer.
fn text(status: StatusCode, body: &'static str) -> Response<Out> {
    let mut r = Response::new(Out::bytes(Bytes::from_static(body.as_bytes())));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(TEXT));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The live-reload stream, or (at the stream limit) a stream that only asks the browser to try
/// again later.
fn events(shared: &Shared, conn: &Arc<ConnInfo>) -> Response<Out> {
    let body = match shared.state.subscribe(shared.limits.max_streams) {
        Some(rx) => {
            let first = Bytes::from_static(b"retry: 500\n\n");
            Out::Events(Events::new(
                first,
                rx,
                shared.limits.keepalive,
                conn.clone(),
            ))
        }
        None => Out::bytes(format!(
            ": too many live-reload streams are open\nretry: {STREAM_RETRY_MS}\n\n"
        )),
    };
    let mut r = Response::new(body);
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    r
}

/// A built or static file, a redirect to a folder, or the site's 404 page.
fn file(req: &Request<Incoming>, state: &State) -> Response<Out> {
    let key = match paths::resolve_path(req.uri().path()) {
        Ok(k) => k,
        Err(Refused::BadRequest) => return text(StatusCode::BAD_REQUEST, "bad request\n"),
        Err(Refused::Forbidden) => {
            return text(StatusCode::FORBIDDEN, "forbidden: outside the site\n");
        }
    };
    let files = state.files();
    match files.get(&key) {
        Some(Served::Memory { bytes, etag }) => {
            memory(req, StatusCode::OK, paths::mime_type(&key), bytes, etag)
        }
        Some(Served::Disk(d)) => match open_static(d, state) {
            Ok((file, len, etag)) => entity(req, paths::mime_type(&key), &etag, len, |r| {
                Out::File(FileChunks::new(file, r))
            }),
            Err(_) => not_found(req, &files),
        },
        None => {
            // a pretty URL without its slash: redirect to the folder (on this host, always)
            if !key.ends_with("index.html") && files.contains_key(&format!("{key}/index.html")) {
                return redirect(req, &key);
            }
            not_found(req, &files)
        }
    }
}

/// A 301 to `key`'s folder URL, keeping the query.
fn redirect(req: &Request<Incoming>, key: &str) -> Response<Out> {
    let mut location = paths::folder_url(key);
    if let Some(q) = req.uri().query() {
        location.push('?');
        location.push_str(q);
    }
    let mut r = Response::new(Out::Empty);
    *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
    if let Ok(v) = HeaderValue::from_str(&location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The site's `404.html` (404), a plain 404, or the no-build page (503).
fn not_found(req: &Request<Incoming>, files: &crate::server::Files) -> Response<Out> {
    match files.get("404.html") {
        Some(Served::Memory { bytes, etag }) => {
            memory(req, StatusCode::NOT_FOUND, HTML, bytes, etag)
        }
        _ if files.is_empty() => page(
            StatusCode::SERVICE_UNAVAILABLE,
            Bytes::from_static(NO_BUILD.as_bytes()),
        ),
        _ => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// A file held in memory: HTML gets the client script and is never cached (a page must show
/// the latest build); anything else may be revalidated and asked for in part.
fn memory(
    req: &Request<Incoming>,
    status: StatusCode,
    mime: &'static str,
    bytes: &Arc<[u8]>,
    etag: &str,
) -> Response<Out> {
    let shared = Bytes::from_owner(bytes.clone());
    if mime == HTML {
        return page(status, shared);
    }
    let len = shared.len() as u64;
    entity(req, mime, etag, len, |r| {
        Out::bytes(shared.slice(r.start as usize..r.end as usize))
    })
}

/// An HTML page with the client script injected, without copying it; never stored by the
/// browser.
fn page(status: StatusCode, html: Bytes) -> Response<Out> {
    let (before, after) = inject_at(&html);
    let (before, after) = (before.len(), after.len());
    let chunks = [
        html.slice(..before),
        Bytes::from_static(CLIENT_SCRIPT.as_bytes()),
        html.slice(before..before + after),
    ];
    let len: usize = chunks.iter().map(Bytes::len).sum();
    let mut r = Response::new(Out::Chunks(chunks.into_iter().collect()));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(HTML));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// An entity of `len` bytes that may be asked for in part: 304 when the client has it, 206 for
/// a range, 416 for a range past its end, else 200. `body` gives the bytes of a range.
fn entity(
    req: &Request<Incoming>,
    mime: &'static str,
    etag: &str,
    len: u64,
    body: impl FnOnce(std::ops::Range<u64>) -> Out,
) -> Response<Out> {
    if matches_etag(req, etag) {
        return not_modified(etag);
    }
    let value = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    let part = range::part(value(header::RANGE), value(header::IF_RANGE), etag, len);
    let (status, range) = match part {
        Part::Whole => (StatusCode::OK, 0..len),
        Part::Bytes(r) => (StatusCode::PARTIAL_CONTENT, r),
        Part::Unsatisfiable => {
            let mut r = Response::new(Out::Empty);
            *r.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            set(&mut r, header::CONTENT_RANGE, &format!("bytes */{len}"));
            return r;
        }
    };
    let mut r = Response::new(Out::Empty);
    *r.status_mut() = status;
    if status == StatusCode::PARTIAL_CONTENT {
        let last = range.end - 1;
        set(
            &mut r,
            header::CONTENT_RANGE,
            &format!("bytes {}-{last}/{len}", range.start),
        );
    }
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(
        header::CONTENT_LENGTH,
        HeaderValue::from(range.end - range.start),
    );
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    set(&mut r, header::ETAG, etag);
    *r.body_mut() = body(range);
    r
}

fn matches_etag(req: &Request<Incoming>, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| range::none_match(v, etag))
}

fn not_modified(etag: &str) -> Response<Out> {
    let mut r = Response::new(Out::Empty);
    *r.status_mut() = StatusCode::NOT_MODIFIED;
    set(&mut r, header::ETAG, etag);
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// Sets a header whose value we built (a bad one, which cannot happen, is left out).
fn set(r: &mut Response<Out>, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().insert(name, v);
    }
}

/// Opens a static file for reading, only if its real path is still inside `static/` and it is
/// still a regular file: a symlink swapped in after the build is never followed out. Returns
/// the open file, its length and its entity tag.
fn open_static(d: &DiskFile, state: &State) -> std::io::Result<(File, u64, String)> {
    let denied = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let dir = state.static_dir().ok_or_else(denied)?;
    let real = std::fs::canonicalize(&d.path)?;
    if !real.starts_with(&dir) {
        return Err(denied());
    }
    let before = std::fs::symlink_metadata(&real)?;
    let file = File::open(&real)?;
    let meta = file.metadata()?;
    if !meta.is_file() || !same_file(&before, &meta) {
        return Err(denied());
    }
    Ok((file, meta.len(), disk_etag(&meta)))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.is_file() && a.len() == b.len()
}

/// A static file's entity tag: its length and modification time (and inode, on Unix).
fn disk_etag(meta: &std::fs::Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(meta);
    #[cfg(not(unix))]
    let ino = 0u64;
    format!("\"{ino:x}-{:x}-{modified:x}\"", meta.len())
}
