//! Resolving a rendered file's checked links: `@/` links to the URL of their content file,
//! root-relative and relative links to a file the build writes (under the base URL's path), each
//! anchor against the target's headings. A broken one is an error at its line and column.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::content::{Page, Section};
use crate::links::{KnownFiles, Owner};
use crate::markdown::{InternalLink, Rendered};
use crate::urls::{self, Kind, SitePath};
use deload_engine::error::{Error, nearest};

/// Link targets: content-relative file → (site path, heading ids).
pub(super) type Targets<'a> = HashMap<Cow<'a, str>, (&'a str, &'a [String])>;

/// What resolving links needs: the content files, every output file, the site's settings.
pub(super) struct Resolver<'a> {
    pub(super) targets: Targets<'a>,
    pub(super) known: &'a KnownFiles,
    pub(super) pages: &'a [Page],
    pub(super) sections: &'a [Section],
    pub(super) config: &'a Config,
    /// The content files that did not load, and their likely site paths.
    pub(super) unloaded: &'a [(String, String)],
}

/// One file whose links are resolved.
pub(super) struct Doc<'d> {
    /// The file, for messages.
    pub(super) file: &'d Path,
    /// Its text, fetched only for an error.
    pub(super) source: &'d dyn Fn() -> String,
    /// Byte offset of the Markdown body in the text.
    pub(super) body_offset: usize,
    /// Its site path: relative links start from it.
    pub(super) path: &'d str,
}

/// Why a link is broken: the message and the hint.
type Broken = (String, String);

/// What resolving a file's links gives.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    /// The URL of each link, in order.
    pub(super) urls: Vec<String>,
    /// A broken link each (none under `links.broken: warn`).
    pub(super) errors: Vec<Error>,
    /// A broken link each under `links.broken: warn`.
    pub(super) warnings: Vec<Error>,
}

impl Resolver<'_> {
    /// The URL of each of `r`'s links (in order), and an error (or, where site.yaml says
    /// `links.broken: warn`, a warning) for each broken link or anchor. A link matching
    /// `links.unchecked` is not checked.
    pub(super) fn resolve(&self, doc: &Doc<'_>, r: &Rendered) -> Resolved {
        let mut out = Resolved {
            urls: Vec::with_capacity(r.links.len()),
            ..Resolved::default()
        };
        let links = &self.config.links;
        // the file's text, fetched only for an error
        let text = std::cell::OnceCell::new();
        for link in &r.links {
            let unchecked = !links.unchecked.is_empty() && links.is_unchecked(&written(link));
            let resolved = if unchecked {
                self.unchecked(link)
            } else {
                self.checked(link, doc.path)
            };
            let (msg, hint) = match resolved {
                Ok(url) => {
                    out.urls.push(url);
                    continue;
                }
                Err(_) if self.is_unloaded(&written(link), doc.path) => {
                    out.urls.push(String::new());
                    continue;
                }
                Err(broken) => broken,
            };
            let e = Error::new(msg)
                .in_file(doc.file)
                .at_offset(text.get_or_init(doc.source), doc.body_offset + link.offset)
                .with_hint(hint);
            if links.broken_warns() {
                // published as written (the file of an `@/` link may be there, its anchor not)
                let url = self.unchecked(link).unwrap_or_else(|_| written(link));
                out.urls.push(url);
                out.warnings.push(e);
            } else {
                out.urls.push(String::new());
                out.errors.push(e.with_note(
                    "to publish a link deload cannot verify, list it in site.yaml's \
                     `links.unchecked` (or make broken links warnings: `links.broken: warn`)",
                ));
            }
        }
        out
    }

    /// Whether the link target `target` (in the page at site path `page`) names a content file
    /// that did not load: its own error is reported, the link is not also called broken.
    pub(super) fn is_unloaded(&self, target: &str, page: &str) -> bool {
        if self.unloaded.is_empty() {
            return false;
        }
        let target = target.split('#').next().unwrap_or(target);
        if let Some(file) = target.strip_prefix("@/") {
            let file = file.trim_start_matches('/');
            return self.unloaded.iter().any(|(rel, _)| rel == file);
        }
        let path = if target.starts_with('/') {
            Some(target.to_string())
        } else {
            urls::join(page, target)
        };
        path.is_some_and(|p| {
            let p = urls::percent_decode(&p);
            (self.unloaded.iter()).any(|(_, likely)| {
                p.trim_end_matches('/') == likely.trim_end_matches('/')
                    || p.starts_with(likely.as_str())
            })
        })
    }

    /// The URL of `link` (in the page at site path `page`), checked.
    fn checked(&self, link: &InternalLink, page: &str) -> Result<String, Broken> {
        let anchor = link.anchor.as_deref();
        match link.kind {
            Kind::Content => self.content_link(link),
            Kind::Root => self.site_link(&link.target, anchor, None),
            // `#anchor`: a heading of the page itself, the link kept as written
            Kind::Relative if link.target.is_empty() && anchor.is_some() => self
                .site_link("", anchor, Some(page))
                .map(|_| format!("#{}", anchor.unwrap_or_default())),
            Kind::Relative => self.site_link(&link.target, anchor, Some(page)),
        }
    }

    /// The URL of `link`, unchecked: an `@/` link's file's URL (that file must exist) with the
    /// anchor as written, a root-relative link under the base URL's path, a relative one as
    /// written.
    fn unchecked(&self, link: &InternalLink) -> Result<String, Broken> {
        let mut url = match link.kind {
            Kind::Content => {
                let unanchored = InternalLink {
                    anchor: None,
                    ..link.clone()
                };
                self.content_link(&unanchored)?
            }
            Kind::Root => {
                let mut url = self.config.path_prefix().to_string();
                url.push_str(link.target.trim_start_matches('/'));
                url
            }
            Kind::Relative => link.target.clone(),
        };
        if let Some(a) = &link.anchor {
            url.push('#');
            url.push_str(a);
        }
        Ok(url)
    }

    /// An `@/` link: the permalink of its file, with its anchor checked.
    fn content_link(&self, link: &InternalLink) -> Result<String, Broken> {
        let target = link.target.trim_start_matches('/');
        let found = (self.targets.get(target))
            .or_else(|| self.targets.get(urls::percent_decode(target).as_str()));
        let Some((path, anchors)) = found else {
            let known = self.targets.keys().map(std::convert::AsRef::as_ref);
            let hint = match nearest(target, known) {
                Some(k) => format!("did you mean `@/{k}`?"),
                None => {
                    "internal links are paths inside content/, like `@/guidance/sleep.md`".into()
                }
            };
            return Err((
                format!("broken internal link: `@/{}` does not exist", link.target),
                hint,
            ));
        };
        let mut url = self.config.permalink(path);
        if let Some(a) = &link.anchor {
            check_anchor(a, anchors, &format!("@/{}", link.target))?;
            url.push('#');
            url.push_str(a);
        }
        Ok(url)
    }

    /// A root-relative link (`base` none) or one relative to the site path `base`: the file must
    /// be one the build writes; the URL gets the base URL's path prefix.
    pub(super) fn site_link(
        &self,
        target: &str,
        anchor: Option<&str>,
        base: Option<&str>,
    ) -> Result<String, Broken> {
        let written = match anchor {
            Some(a) => format!("{target}#{a}"),
            None => target.to_string(),
        };
        let split = SitePath::split(target);
        let path = match base {
            None => split.path.to_string(),
            Some(b) if split.path.is_empty() => b.to_string(),
            Some(b) => urls::join(b, split.path).ok_or_else(|| {
                (
                    format!("broken link: `{written}` leads above the site's root"),
                    "use a path from the site's root, like `/guidance/sleep/`".to_string(),
                )
            })?,
        };
        let decoded = urls::percent_decode(&path);
        let owner = (self.known.owner(&decoded)).or_else(|| self.known.owner(&path));
        let Some(owner) = owner else {
            let paths: Vec<String> = self.known.paths().collect();
            let hint = match nearest(&decoded, paths.iter().map(String::as_str)) {
                Some(p) => format!("did you mean `{p}`?"),
                None => {
                    "link to a page's URL, like `/guidance/sleep/`, or a file in static/".into()
                }
            };
            let shown = if base.is_some() {
                format!("`{written}` ({path})")
            } else {
                format!("`{written}`")
            };
            return Err((
                format!("broken link: {shown} is not a page or file of the site"),
                hint,
            ));
        };
        if let Some(a) = anchor {
            let anchors: Option<&[String]> = match owner {
                Owner::Page(i) => Some(&self.pages[*i].rendered.anchors),
                Owner::Section(i) => Some(&self.sections[*i].rendered.anchors),
                Owner::Other(_) => None,
            };
            if let Some(anchors) = anchors {
                check_anchor(a, anchors, &written)?;
            }
        }
        let mut url = self.config.path_prefix().to_string();
        url.push_str(path.trim_start_matches('/'));
        url.push_str(split.query);
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        Ok(url)
    }
}

/// An error unless `anchor` is one of `anchors` (the headings of the page `link` names).
fn check_anchor(anchor: &str, anchors: &[String], link: &str) -> Result<(), Broken> {
    if anchors.iter().any(|x| x == anchor) {
        return Ok(());
    }
    // `#caf%C3%A9` names the heading `#café`
    let decoded = urls::percent_decode(anchor);
    if decoded != anchor && anchors.contains(&decoded) {
        return Ok(());
    }
    let hint = match nearest(anchor, anchors.iter().map(String::as_str)) {
        Some(k) => format!("did you mean `#{k}`?"),
        None => format!(
            "headings there: {}",
            if anchors.is_empty() {
                "none".to_string()
            } else {
                anchors.join(", ")
            }
        ),
    };
    let target = link.split('#').next().unwrap_or(link);
    let message = if target.is_empty() {
        format!("broken anchor: this page has no heading `#{anchor}`")
    } else {
        format!("broken anchor: `{target}` has no heading `#{anchor}`")
    };
    Err((message, hint))
}

/// `link` as written in the page (`@/guidance/sleep.md#a`, `/x/`, `chart.png`).
fn written(link: &InternalLink) -> String {
    let mut w = match link.kind {
        Kind::Content => format!("@/{}", link.target),
        _ => link.target.clone(),
    };
    if let Some(a) = &link.anchor {
        w.push('#');
        w.push_str(a);
    }
    w
}
