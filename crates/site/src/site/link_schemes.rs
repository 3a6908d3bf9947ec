//! Warnings for what the build did not render as written: links made inert for their scheme
//! (see `urls::schemes`) and heading attributes dropped (see `markdown::attributes`), in pages
//! and sections at the link or heading, and menu items left out, in site.yaml at the item.

use std::path::Path;

use deload_engine::error::{Error, Location};

use super::Site;
use crate::markdown::Rendered;
use crate::urls::schemes;

/// One warning per link or heading of a page or section that was not rendered as written, and
/// per menu item that was not kept for its scheme.
/// The sources are read again only when there is something to point at.
pub(super) fn warnings(site: &Site) -> Vec<Error> {
    let mut out = Vec::new();
    let pages = site
        .pages
        .iter()
        .map(|p| (&p.file, p.body_offset, &p.rendered));
    let sections =
        (site.sections.iter()).filter_map(|s| Some((s.file.as_ref()?, s.body_offset, &s.rendered)));
    for (file, body_offset, rendered) in pages.chain(sections) {
        out.extend(in_markdown(&site.root, file, body_offset, rendered));
    }
    out.extend(in_menu(site));
    out
}

fn in_markdown(root: &Path, file: &Path, body_offset: usize, r: &Rendered) -> Vec<Error> {
    if r.warnings.is_empty() {
        return Vec::new();
    }
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    (r.warnings.iter())
        .map(|w| {
            Error::new(w.message.clone())
                .in_file(file)
                .at_offset(&text, body_offset + w.offset)
                .with_hint(w.hint)
        })
        .collect()
}

/// Menu items whose URL has a scheme that is not allowed: left out of the menu (see
/// `render::view::config`).
fn in_menu(site: &Site) -> Vec<Error> {
    let config = &site.config;
    if config.markdown.unsafe_html || config.menu.iter().all(|m| schemes::is_safe(&m.url)) {
        return Vec::new();
    }
    let path = site.root.join(crate::config::CONFIG_FILE);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    (config.menu.iter())
        .filter(|m| !schemes::is_safe(&m.url))
        .map(|m| {
            let at = text.lines().enumerate().find_map(|(i, l)| {
                let c = l.find(m.url.as_str())?;
                Some(Location { line: i + 1, column: l[..c].chars().count() + 1 })
            });
            let e = Error::new(format!(
                "the menu item `{}` was left out: its URL's scheme could run code or open another program",
                m.name
            ))
            .in_file(&path)
            .with_hint(schemes::HINT);
            match at {
                Some(loc) => e.at(loc, &text),
                None => e,
            }
        })
        .collect()
}
