//! Request paths: from a request target to the key of a served file, and back to a URL path;
//! the Content-Type of a file name.
//!
//! A request path is only ever a key looked up in the served map, so `..`, encoded slashes and
//! symlinks cannot name other files; the checks here refuse such paths outright so that they
//! are answered as what they are (400 or 403) rather than 404.

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not valid percent-encoding or not UTF-8 (400).
    BadRequest,
    /// Tries to leave the site: `..`, `.`, backslashes, NUL (403).
    Forbidden,
}

/// Turns a request target into the key of a served file (`/guidance/sleep/` →
/// `guidance/sleep/index.html`). Percent-decoding happens before the checks, so `%2e%2e` and
/// `%2f` are refused like `..` and `/`.
pub(crate) fn resolve_path(target: &str) -> Result<String, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or(Refused::BadRequest)?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refused::Forbidden);
    }
    let rel = decoded.trim_start_matches('/');
    let segments: Vec<&str> = rel.split('/').collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") {
        return Err(Refused::Forbidden);
    }
    if segments[..segments.len().saturating_sub(1)]
        .iter()
        .any(|s| s.is_empty())
    {
        return Err(Refused::Forbidden); // `a//b`
    }
    // the file of that site path, as the build writes it
    Ok(deload_site::urls::file_for(rel))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The URL path of a folder key (`guidance` → `/guidance/`), percent-encoded. It always starts
/// with exactly one `/`, so a browser can never read it as another host (`//evil.example/`).
pub(crate) fn folder_url(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 2);
    out.push('/');
    for segment in key.split('/').filter(|s| !s.is_empty()) {
        for &b in segment.as_bytes() {
            if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out.push('/');
    }
    out
}

/// The Content-Type for a file name.
pub(crate) fn mime_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_files() {
        assert_eq!(resolve_path("/").unwrap(), "index.html");
        assert_eq!(
            resolve_path("/guidance/sleep/").unwrap(),
            "guidance/sleep/index.html"
        );
        assert_eq!(resolve_path("/style.css?v=1").unwrap(), "style.css");
        assert_eq!(resolve_path("/a%20b.txt").unwrap(), "a b.txt");
        assert_eq!(resolve_path("/guidance#x").unwrap(), "guidance");
        assert_eq!(resolve_path("//guidance").unwrap(), "guidance");
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../Cargo.toml",
            "/guidance/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/..%2fCargo.toml",
            "/..%2FCargo.toml",
            "/%2e%2e%2fCargo.toml",
            "/a/%2e/b",
            "/..\\Cargo.toml",
            "/%5c..%5cCargo.toml",
            "/a%00b",
        ] {
            assert!(resolve_path(bad).is_err(), "{bad}");
        }
        assert_eq!(resolve_path("/%zz"), Err(Refused::BadRequest));
        assert_eq!(resolve_path("/%ff"), Err(Refused::BadRequest));
    }

    #[test]
    fn folder_urls_stay_on_this_host() {
        assert_eq!(folder_url("guidance"), "/guidance/");
        assert_eq!(folder_url("a b/ü"), "/a%20b/%C3%BC/");
        // what `//evil.example` and `/%2f%2fevil.example` resolve to
        assert_eq!(folder_url("evil.example"), "/evil.example/");
        assert_eq!(folder_url("/evil.example"), "/evil.example/");
        assert_eq!(folder_url("a?b#c%d\\e"), "/a%3Fb%23c%25d%5Ce/");
    }

    #[test]
    fn mime_types() {
        assert_eq!(mime_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(mime_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(mime_type("search.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(mime_type("logo.SVG"), "image/svg+xml");
        assert_eq!(mime_type("noext"), "application/octet-stream");
    }
}
