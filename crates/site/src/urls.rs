//! The site's URL scheme and link syntax, which every stage shares: how a site path becomes an
//! output file ([`file_for`]), the paths the build generates (listing pages, aliases, the feed,
//! the search index, plan downloads), what kind of link a URL is ([`kind`]), how a link splits
//! and resolves ([`SitePath`], [`join`]), and which schemes a link may have ([`schemes`]).
//!
//! It sits below every stage and imports nothing of the crate.

pub mod schemes;
pub mod slug;

/// The site-relative output file for a site path (`/a/b/` → `a/b/index.html`, `/a.xml` →
/// `a.xml`): the one place the URL scheme meets the file tree.
pub fn file_for(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() {
        "index.html".to_string()
    } else if p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// The site path of listing page `n` (1-based) of the section at `section_path`: the section's
/// own path for the first, `/section/page/N/` after it.
pub fn listing_path(section_path: &str, n: usize) -> String {
    if n == 1 {
        section_path.to_string()
    } else {
        format!("{section_path}page/{n}/")
    }
}

/// The site path `/section/page/1/`, which redirects to the section itself.
pub fn first_listing_alias(section_path: &str) -> String {
    format!("{section_path}page/1/")
}

/// The site path of the Atom feed.
pub const FEED_PATH: &str = "/atom.xml";

/// The format of the site's feeds (site.yaml `outputs.feed_format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedFormat {
    /// Atom 1.0 (`atom.xml`): the default.
    #[default]
    Atom,
    /// RSS 2.0 (`rss.xml`).
    Rss,
}

impl FeedFormat {
    /// The feed's file name, also the name of its template.
    pub fn file_name(self) -> &'static str {
        match self {
            FeedFormat::Atom => "atom.xml",
            FeedFormat::Rss => "rss.xml",
        }
    }

    /// The media type a `<link rel="alternate">` names.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Rss => "application/rss+xml",
        }
    }
}

/// The site path of the feed of the listing at `listing` (`/` → `/atom.xml`, `/guidance/` →
/// `/guidance/atom.xml`, `/tags/sleep/` → `/tags/sleep/atom.xml`).
pub fn feed_path(listing: &str, format: FeedFormat) -> String {
    format!("{listing}{}", format.file_name())
}

/// The output file of the search index.
pub const SEARCH_INDEX: &str = "search-index.js";

/// The extensions of the plan files offered for download beside each printable plan.
pub const DOWNLOADS: [&str; 4] = ["ics", "csv", "json", "md"];

/// The site path of a content folder: `""` → `/`, `guidance/deep` → `/guidance/deep/`, each
/// segment slugged by `mode` (see [`slug`]).
pub fn dir_path(dir: &str, mode: slug::Mode) -> String {
    if dir.is_empty() {
        return "/".to_string();
    }
    let mut p = String::from("/");
    for seg in dir.split('/') {
        let s = slug::path_segment(seg, mode);
        p.push_str(if s.is_empty() { "_" } else { &s });
        p.push('/');
    }
    p
}

/// The site path an alias claims: `/old` → `/old/`; paths ending in `/` or `.html` as written.
pub fn alias_path(alias: &str) -> String {
    if alias.ends_with('/') || alias.ends_with(".html") {
        alias.to_string()
    } else {
        format!("{alias}/")
    }
}

/// What kind of link a Markdown destination is, when the build checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// The candidates of a `srcset` value (`a.jpg 480w, b.jpg 2x`): each one's URL and descriptor
/// (empty when it has none), empty candidates skipped.
pub(crate) fn srcset_candidates(value: &str) -> impl Iterator<Item = (&str, &str)> {
    (value.split(','))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| {
            c.split_once(char::is_whitespace)
                .map_or((c, ""), |(url, descriptor)| (url, descriptor.trim()))
        })
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

/// `url` percent-encoded as CommonMark renders a link destination: a byte that is not an ASCII
/// letter or digit nor one of `-._~!$&'()*+,;=:@/?#%` (a space, a control character, any
/// non-ASCII byte, `"`, `<`, `>`, `\`, `[`, `]`, `` ` ``, `{`, `|`, `}`, `^`) becomes `%XX`.
/// Escapes already there are kept (`%` stays), so encoding twice changes nothing.
pub fn encode(url: &str) -> std::borrow::Cow<'_, str> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#%".contains(&b);
    if url.bytes().all(keep) {
        return url.into();
    }
    let mut out = String::with_capacity(url.len() + 8);
    for b in url.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.into()
}

/// Whether `text` matches the glob `pattern`: `*` stands for any run of characters but `/`,
/// `**` for any run at all, `?` for one character but `/`; anything else for itself.
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // states[j]: the pattern up to here matches text[..j] (one row of the usual table, so the
    // cost is pattern × text, never exponential)
    let mut states = vec![false; t.len() + 1];
    states[0] = true;
    let mut i = 0;
    while i < p.len() {
        let mut next = vec![false; t.len() + 1];
        if p[i] == '*' {
            let any = p.get(i + 1) == Some(&'*');
            let mut open = false;
            for j in 0..=t.len() {
                open = (open && (any || t[j - 1] != '/')) || states[j];
                next[j] = open;
            }
            i += if any { 2 } else { 1 };
        } else {
            for j in 1..=t.len() {
                let one = if p[i] == '?' {
                    t[j - 1] != '/'
                } else {
                    t[j - 1] == p[i]
                };
                next[j] = states[j - 1] && one;
            }
            i += 1;
        }
        states = next;
    }
    states[t.len()]
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
    fn site_paths_map_to_files() {
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/guidance/sleep/"), "guidance/sleep/index.html");
        assert_eq!(file_for("/old.html"), "old.html");
        assert_eq!(
            file_for("/programs/a/plan-novice.ics"),
            "programs/a/plan-novice.ics"
        );
        assert_eq!(listing_path("/guidance/", 1), "/guidance/");
        assert_eq!(listing_path("/guidance/", 3), "/guidance/page/3/");
        assert_eq!(
            file_for(&first_listing_alias("/")),
            "page/1/index.html",
            "the home page's first listing page"
        );
    }

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
    fn destinations_are_percent_encoded_once() {
        assert_eq!(encode("/guidance/sleep/#a"), "/guidance/sleep/#a");
        assert_eq!(encode("/my uri"), "/my%20uri");
        assert_eq!(encode("/föö"), "/f%C3%B6%C3%B6");
        assert_eq!(encode("foo\\bar"), "foo%5Cbar");
        assert_eq!(encode("/url\u{a0}\"title\""), "/url%C2%A0%22title%22");
        assert_eq!(encode("a\tb\u{1}[x]"), "a%09b%01%5Bx%5D");
        assert_eq!(encode("my%20url?a=1&b=2"), "my%20url?a=1&b=2");
        assert_eq!(encode(&encode("/f ö")), "/f%20%C3%B6");
    }

    #[test]
    fn globs_match_links() {
        for (pattern, text) in [
            ("/api/*", "/api/users"),
            ("/api/**", "/api/v1/users"),
            ("*.pdf", "plan.pdf"),
            ("@/drafts/**", "@/drafts/a/b.md#x"),
            ("foo\\bar", "foo\\bar"),
            ("/a?c/", "/abc/"),
            ("**", "anything/at/all"),
            ("/x/*/z", "/x/y/z"),
        ] {
            assert!(glob_matches(pattern, text), "{pattern} {text}");
        }
        for (pattern, text) in [
            ("/api/*", "/api/v1/users"),
            ("*.pdf", "docs/plan.pdf"),
            ("/a?c/", "/a/c/"),
            ("/api/", "/api/x"),
            ("x", ""),
        ] {
            assert!(!glob_matches(pattern, text), "{pattern} {text}");
        }
        // a pattern of many stars against a long text stays quick (no backtracking)
        assert!(!glob_matches(&"*a".repeat(200), &"a".repeat(199)));
    }

    #[test]
    fn site_links_split_and_decode() {
        assert_eq!(percent_decode("my%20chart.png"), "my chart.png");
        let s = SitePath::split("/a/?q=1#top");
        assert_eq!((s.path, s.query, s.anchor), ("/a/", "?q=1", Some("top")));
    }
}
