//! `deload check --external`: every link to another site (`http://`, `https://`) is requested,
//! each URL once, many at a time but never more than a few per host, each within a timeout. A
//! link is broken when its server answers 4xx (but 429, "too many requests") or 5xx, or does not
//! answer in time, or cannot be reached; redirects are followed. Each broken link is reported at
//! every file and line that has it.
//!
//! The client is small on purpose: HTTP/1.1 over TCP (TLS from rustls with the Mozilla roots of
//! webpki-roots), `HEAD` first and `GET` when a server refuses `HEAD`, reading only the answer's
//! head.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use crate::urls::encode;
use deload_engine::error::{Error, Location};

/// How external links are checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalOptions {
    /// The longest a URL may take, redirects included.
    pub timeout: Duration,
    /// The longest the whole check may take: links still unchecked then are reported so.
    pub deadline: Duration,
    /// Requests at once to one host.
    pub per_host: usize,
    /// Requests at once in all.
    pub total: usize,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            timeout: Duration::from_secs(10),
            deadline: Duration::from_secs(120),
            per_host: 2,
            total: 16,
        }
    }
}

/// An external link where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The URL as written.
    pub(crate) url: String,
    /// The file, as shown in messages.
    pub(crate) file: PathBuf,
    /// Where in it.
    pub(crate) at: Location,
    /// The line's text, for the snippet.
    pub(crate) line: String,
}

/// The most redirects followed.
const MAX_REDIRECTS: usize = 5;
/// The most bytes of an answer's head read.
const MAX_HEAD: usize = 16 * 1024;

/// Checks every link of `found` and returns an error at each place a broken one is.
pub fn check(found: &[Found], opts: &ExternalOptions) -> Vec<Error> {
    // a URL written percent-encoded and one written plain (`a%20b`, `<a b>`) are one request
    let mut encoded: Vec<Cow<'_, str>> = found.iter().map(|f| encode(&f.url)).collect();
    encoded.sort_unstable();
    encoded.dedup();
    let urls: Vec<&str> = encoded.iter().map(AsRef::as_ref).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => return vec![Error::new(format!("cannot start the link checker: {e}"))],
    };
    let verdicts = runtime.block_on(check_all(&urls, opts));
    let mut errors = Vec::new();
    for f in found {
        if let Some(Some(why)) = verdicts.get(encode(&f.url).as_ref()) {
            let mut e = Error::new(format!("broken external link: {} ({why})", f.url))
                .in_file(&f.file)
                .with_hint("fix or remove the link (or check it again later if the site is down)");
            e.location = Some(f.at);
            e.source_line = Some(f.line.clone());
            errors.push(e);
        }
    }
    errors
}

/// Checks `urls` concurrently: for each, none when it works, else why not.
async fn check_all(urls: &[&str], opts: &ExternalOptions) -> HashMap<String, Option<String>> {
    let total = Arc::new(Semaphore::new(opts.total.max(1)));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let tls = Arc::new(tls_connector());
    let mut tasks = tokio::task::JoinSet::new();
    for url in urls {
        let host = Target::parse(url).map(|t| t.host).unwrap_or_default();
        let per_host = hosts
            .entry(host)
            .or_insert_with(|| Arc::new(Semaphore::new(opts.per_host.max(1))))
            .clone();
        let (total, tls, url, timeout) =
            (total.clone(), tls.clone(), url.to_string(), opts.timeout);
        tasks.spawn(async move {
            let _host = per_host.acquire_owned().await;
            let _slot = total.acquire_owned().await;
            let verdict = match tokio::time::timeout(timeout, follow(&url, &tls)).await {
                Ok(v) => v,
                Err(_) => Some(format!("no answer within {} s", timeout.as_secs_f64())),
            };
            (url, verdict)
        });
    }
    let mut out = HashMap::new();
    let end = tokio::time::Instant::now() + opts.deadline;
    loop {
        match tokio::time::timeout_at(end, tasks.join_next()).await {
            Ok(Some(Ok((url, verdict)))) => {
                out.insert(url, verdict);
            }
            Ok(Some(Err(_))) => {}
            Ok(None) => break,
            Err(_) => {
                // the deadline: what is still waiting or running is not checked
                tasks.abort_all();
                let why = format!(
                    "not checked: the whole check's deadline of {} s passed first (raise --deadline)",
                    opts.deadline.as_secs_f64()
                );
                for url in urls {
                    out.entry((*url).to_string())
                        .or_insert_with(|| Some(why.clone()));
                }
                break;
            }
        }
    }
    out
}

/// A TLS client with the Mozilla root certificates.
fn tls_connector() -> Result<tokio_rustls::TlsConnector, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

/// Requests `url`, following redirects: none when it works, else why not.
async fn follow(url: &str, tls: &Result<tokio_rustls::TlsConnector, String>) -> Option<String> {
    let mut url = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        let Some(target) = Target::parse(&url) else {
            return Some("not a URL deload can request".into());
        };
        let mut answer = request(&target, "HEAD", tls).await;
        if matches!(answer, Ok((405 | 501 | 403, _))) {
            answer = request(&target, "GET", tls).await;
        }
        match answer {
            Err(why) => return Some(why),
            Ok((code, Some(location))) if (300..400).contains(&code) => {
                url = target.join(&location);
            }
            Ok((code, _)) if code < 400 || code == 429 => return None,
            Ok((code, _)) => return Some(format!("HTTP {code}")),
        }
    }
    Some(format!("more than {MAX_REDIRECTS} redirects"))
}

/// A URL split for a request.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    tls: bool,
    host: String,
    port: u16,
    path: String,
}

impl Target {
    /// `http(s)://host[:port]/path?query` (the fragment dropped), percent-encoded as links are.
    fn parse(url: &str) -> Option<Target> {
        let uri: hyper::Uri = encode(url).split('#').next()?.parse().ok()?;
        let tls = match uri.scheme_str()? {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let host = uri
            .host()?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
        Some(Target {
            port: uri.port_u16().unwrap_or(if tls { 443 } else { 80 }),
            tls,
            host,
            path: if path.is_empty() { "/".into() } else { path },
        })
    }

    /// A redirect's `Location` against this URL.
    fn join(&self, location: &str) -> String {
        if location.starts_with("http://") || location.starts_with("https://") {
            return location.to_string();
        }
        let scheme = if self.tls { "https" } else { "http" };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        let base = format!("{scheme}://{host}:{}", self.port);
        if location.starts_with('/') {
            format!("{base}{location}")
        } else {
            let dir = self.path.rsplit_once('/').map_or("", |(d, _)| d);
            format!("{base}{dir}/{location}")
        }
    }
}

/// One request: the answer's status and `Location`.
async fn request(
    t: &Target,
    method: &str,
    tls: &Result<tokio_rustls::TlsConnector, String>,
) -> Result<(u16, Option<String>), String> {
    let tcp = TcpStream::connect((t.host.as_str(), t.port))
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let head = format!(
        "{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: deload-link-check/{}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        t.path,
        t.host,
        env!("CARGO_PKG_VERSION")
    );
    if !t.tls {
        return exchange(tcp, &head).await;
    }
    let connector = tls.as_ref().map_err(|e| format!("TLS: {e}"))?;
    let name =
        rustls::pki_types::ServerName::try_from(t.host.clone()).map_err(|e| format!("TLS: {e}"))?;
    let stream = connector
        .connect(name, tcp)
        .await
        .map_err(|e| format!("TLS: {e}"))?;
    exchange(stream, &head).await
}

/// Sends `head` and reads the answer's head: its status and `Location`.
async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(
    mut s: S,
    head: &str,
) -> Result<(u16, Option<String>), String> {
    s.write_all(head.as_bytes())
        .await
        .map_err(|e| format!("cannot send: {e}"))?;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < MAX_HEAD {
        let n = s
            .read(&mut chunk)
            .await
            .map_err(|e| format!("cannot read the answer: {e}"))?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let mut lines = text.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse::<u16>().ok())
        .ok_or("the answer is not HTTP")?;
    let location = lines.take_while(|l| !l.is_empty()).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("location")
            .then(|| v.trim().to_string())
    });
    Ok((status, location))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_and_redirects_join() {
        let t = Target::parse("https://example.org/a/b?x=1#top").unwrap_or_else(|| panic!("parse"));
        assert_eq!(
            (t.tls, t.host.as_str(), t.port, t.path.as_str()),
            (true, "example.org", 443, "/a/b?x=1")
        );
        let t = Target::parse("http://127.0.0.1:8080").unwrap_or_else(|| panic!("parse"));
        assert_eq!((t.port, t.path.as_str()), (8080, "/"));
        assert_eq!(t.join("/new"), "http://127.0.0.1:8080/new");
        assert_eq!(t.join("https://b.org/"), "https://b.org/");
        assert!(Target::parse("mailto:a@b.org").is_none());
        // written plain or percent-encoded, the same request
        for url in [
            "https://example.org/a b/ü?q=x y",
            "https://example.org/a%20b/%C3%BC?q=x%20y",
        ] {
            let t = Target::parse(url).unwrap_or_else(|| panic!("parse {url}"));
            assert_eq!(t.path, "/a%20b/%C3%BC?q=x%20y");
        }
    }
}
