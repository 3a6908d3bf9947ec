//! The links to other sites in the content and the menu, for `deload check --external`. The
//! sources are read again: a normal build never looks for them.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::Site;
use crate::links::external::Found;
use deload_engine::error::Error;

impl Site {
    /// Every `http(s)://` link of the pages, the sections and the menu, where it is written, but
    /// those site.yaml's `links.unchecked` names.
    pub fn external_links(&self) -> Vec<Found> {
        let mut out = self.all_external_links();
        let links = &self.config.links;
        if !links.unchecked.is_empty() {
            out.retain(|f| !links.is_unchecked(&f.url));
        }
        out
    }

    /// A broken link each for the links written with the site's own base URL
    /// (`https://example.org/guide/x/`) to a page or file the build does not write, or to a
    /// heading the page does not have: a crawler of the published site follows them too.
    pub fn own_absolute_links(&self) -> Vec<Error> {
        let base = self.config.base_url.as_str();
        if !is_external(base) {
            return Vec::new();
        }
        let resolver = self.resolver(super::Targets::new());
        let mut errors = Vec::new();
        for f in self.external_links() {
            let Some(rest) = f.url.strip_prefix(base) else {
                continue;
            };
            let (rest, anchor) = match rest.split_once('#') {
                Some((r, a)) => (r, Some(a).filter(|a| !a.is_empty())),
                None => (rest, None),
            };
            let rest = rest.split('?').next().unwrap_or(rest);
            let target = format!("/{rest}");
            let prefix = self.config.path_prefix().trim_end_matches('/');
            let target = target
                .strip_prefix(prefix)
                .filter(|t| t.starts_with('/'))
                .unwrap_or(&target);
            if let Err((message, hint)) = resolver.site_link(target, anchor, None) {
                let mut e = Error::new(format!("{message} (written with the site's own base URL)"))
                    .in_file(&f.file)
                    .with_hint(hint);
                e.location = Some(f.at);
                e.source_line = Some(f.line.clone());
                errors.push(e);
            }
        }
        errors
    }

    /// Every `http(s)://` link of the pages, the sections and the menu, where it is written.
    fn all_external_links(&self) -> Vec<Found> {
        let mut out = Vec::new();
        for p in &self.pages {
            let text = std::fs::read_to_string(self.root.join(&p.file)).unwrap_or_default();
            markdown_links(&text, p.body_offset, &p.file, &mut out);
        }
        for s in &self.sections {
            if let Some(file) = &s.file {
                markdown_links(&s.text, s.body_offset, file, &mut out);
            }
        }
        let site_yaml = self.root.join(crate::config::CONFIG_FILE);
        let yaml = std::fs::read_to_string(&site_yaml).unwrap_or_default();
        for item in self.config.menu.iter().filter(|m| is_external(&m.url)) {
            let offset = yaml.find(&item.url).unwrap_or(0);
            out.push(found(
                &item.url,
                &yaml,
                offset,
                Path::new(crate::config::CONFIG_FILE),
            ));
        }
        out
    }
}

/// Whether `url` is another site's.
fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// The external links and images of the Markdown of `text` from `body_offset`.
fn markdown_links(text: &str, body_offset: usize, file: &Path, out: &mut Vec<Found>) {
    let body = text.get(body_offset..).unwrap_or("");
    for (event, range) in Parser::new_ext(body, Options::all()).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && is_external(&dest_url)
        {
            out.push(found(&dest_url, text, body_offset + range.start, file));
        }
    }
}

/// `url`, found at byte `offset` of `text` (the file `file`).
fn found(url: &str, text: &str, offset: usize, file: &Path) -> Found {
    let located = Error::new("").at_offset(text, offset);
    Found {
        url: url.to_string(),
        file: file.to_path_buf(),
        at: located
            .location
            .unwrap_or(deload_engine::Location { line: 1, column: 1 }),
        line: located.source_line.unwrap_or_default(),
    }
}
