//! Link checks beyond `@/` links: every file the build writes is known before Markdown links are
//! resolved, so a root-relative link (`/guidance/sleep/`) or a relative one (`chart.png`) is
//! checked like an internal link and gets the base URL's path prefix; the guidance pages that
//! plans link to are checked by topic (`guidance`); `deload check --external` checks the links
//! to other sites (`external`).

pub(crate) mod external;
pub(crate) mod guidance;

use std::collections::HashMap;

use crate::markdown::schemes;
use crate::render::file_for;

/// Who writes an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    /// Content page `i`.
    Page(usize),
    /// Section `i` (its first listing page).
    Section(usize),
    /// Anything else, described for messages ("the Atom feed", "static/logo.png").
    Other(String),
}

/// Every file the build writes (site-relative, `guidance/sleep/index.html`) and who writes it.
#[derive(Debug, Default)]
pub(crate) struct KnownFiles {
    files: HashMap<String, Owner>,
}

impl KnownFiles {
    /// Records that `owner` writes the site path `path`; returns who already did, if anyone.
    pub(crate) fn claim(&mut self, path: &str, owner: Owner) -> Option<&Owner> {
        let file = file_for(path);
        if self.files.contains_key(&file) {
            return self.files.get(&file);
        }
        self.files.insert(file, owner);
        None
    }

    /// Who writes the site path `path` (`/a/b/`, `/a/b`, `/a/b/index.html`, `/logo.png`).
    pub(crate) fn owner(&self, path: &str) -> Option<&Owner> {
        let file = file_for(path);
        self.files.get(&file).or_else(|| {
            // `/guidance` for `/guidance/`
            (!path.ends_with('/'))
                .then(|| self.files.get(&format!("{file}/index.html")))
                .flatten()
        })
    }

    /// The known site paths, for "did you mean" hints.
    pub(crate) fn paths(&self) -> impl Iterator<Item = String> + '_ {
        self.files.keys().map(|f| {
            let p = f.strip_suffix("index.html").unwrap_or(f);
            format!("/{p}")
        })
    }
}

/// What kind of link a Markdown destination is, when the build checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `@/file.md#anchor`: a content file.
    Content,
    /// `/path/`: a site path.
    Root,
    /// `chart.png`, `../sleep/`: relative to the page's own URL.
    Relative,
}

/// The kind of `url` when it is a link the build checks: internal (`@/`), root-relative
/// (`/x/`, not `//host`) or relative (no scheme, not only a `#fragment` or a `?query`).
pub(crate) fn kind(url: &str) -> Option<Kind> {
    if url.starts_with("@/") {
        return Some(Kind::Content);
    }
    if url.starts_with("//") {
        return None;
    }
    if url.starts_with('/') {
        return Some(Kind::Root);
    }
    if url.is_empty() || url.starts_with(['#', '?']) || schemes::has_scheme(url) {
        return None;
    }
    Some(Kind::Relative)
}

/// `target` (a relative URL path) resolved against the site path `base` (a page's URL, ending
/// in `/`): `../sleep/` from `/guidance/stress/` is `/guidance/sleep/`. None when it climbs
/// above the site's root.
pub(crate) fn join(base: &str, target: &str) -> Option<String> {
    let mut segments: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    if !base.ends_with('/') {
        segments.pop();
    }
    let parts: Vec<&str> = target.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            "." | "" if i + 1 < parts.len() => {}
            ".." => {
                segments.pop()?;
            }
            "." => {}
            p => segments.push(p),
        }
    }
    let mut out = String::from("/");
    out.push_str(&segments.join("/"));
    if target.ends_with('/') && !out.ends_with('/') || (segments.is_empty() && !out.ends_with('/'))
    {
        out.push('/');
    }
    Some(out)
}

/// `%XX` escapes decoded (a file named `my chart.png` is linked as `my%20chart.png`).
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A site-path link split into its path (decoded, for the lookup), its query (`?a=1`, kept as
/// written) and its anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath<'a> {
    /// The path as written.
    pub(crate) path: &'a str,
    /// `?...` or empty.
    pub(crate) query: &'a str,
    /// After `#`, if any.
    pub(crate) anchor: Option<&'a str>,
}

impl<'a> SitePath<'a> {
    /// Splits `url`.
    pub(crate) fn split(url: &'a str) -> SitePath<'a> {
        let (rest, anchor) = match url.split_once('#') {
            Some((r, a)) => (r, Some(a)),
            None => (url, None),
        };
        let (path, query) = match rest.find('?') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        SitePath {
            path,
            query,
            anchor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_links() {
        assert_eq!(kind("@/a.md"), Some(Kind::Content));
        assert_eq!(kind("/guidance/"), Some(Kind::Root));
        assert_eq!(kind("chart.png"), Some(Kind::Relative));
        assert_eq!(kind("../sleep/#x"), Some(Kind::Relative));
        for url in [
            "https://a.org",
            "mailto:a@b",
            "//cdn.org/x",
            "#top",
            "?q=1",
            "",
            "tel:+1",
        ] {
            assert_eq!(kind(url), None, "{url}");
        }
    }

    #[test]
    fn relative_paths_resolve_against_the_page() {
        assert_eq!(
            join("/guidance/stress/", "../sleep/").as_deref(),
            Some("/guidance/sleep/")
        );
        assert_eq!(
            join("/guidance/sleep/", "chart.png").as_deref(),
            Some("/guidance/sleep/chart.png")
        );
        assert_eq!(
            join("/guidance/sleep/", "./img/a.jpg").as_deref(),
            Some("/guidance/sleep/img/a.jpg")
        );
        assert_eq!(join("/a/", "../../x"), None);
        assert_eq!(join("/a/", "..").as_deref(), Some("/"));
    }

    #[test]
    fn known_files_answer_for_every_spelling() {
        let mut k = KnownFiles::default();
        assert_eq!(k.claim("/guidance/", Owner::Section(1)), None);
        assert!(
            k.claim("/guidance/index.html", Owner::Other("x".into()))
                .is_some()
        );
        assert_eq!(k.owner("/guidance"), Some(&Owner::Section(1)));
        assert_eq!(k.owner("/guidance/index.html"), Some(&Owner::Section(1)));
        assert_eq!(k.owner("/nope/"), None);
        assert_eq!(percent_decode("my%20chart.png"), "my chart.png");
        let s = SitePath::split("/a/?q=1#top");
        assert_eq!((s.path, s.query, s.anchor), ("/a/", "?q=1", Some("top")));
    }
}
