//! Site functions for templates: `get_page(path)`, `get_section(path)`, `get_url(path)`,
//! `get_taxonomy(kind)`, `load_data(path)`, `now()` and `resize_image(path, ...)` (see
//! `deload_site::images`).
//!
//! Tera's functions must own what they read, so each function gets a snapshot of the site made
//! when the templates are prepared; a snapshot is made only when a template calls its function
//! (a site that uses none pays nothing). The values are the view structs' (`view`), like every
//! other template value. An error (a missing page, a data file that does not parse) stops the
//! render with the template's name and line.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Kwargs, State, Value};

use super::Templates;
use super::view::{self, Summaries};
use deload_site::data::{DataFiles, now};
use deload_site::site::Site;

/// Registers the site functions the templates use.
pub(crate) fn register(templates: &mut Templates, site: &Site) {
    let summaries = Summaries::new(site);
    if templates.uses_function("get_url") {
        let urls = Arc::new(url_index(site));
        templates.register_function("get_url", move |kw: Kwargs, _: &State| get_url(&urls, &kw));
    }
    if templates.uses_function("get_page") {
        let pages =
            Arc::new(by_file(site.pages.iter().enumerate().map(|(i, p)| {
                (p.rel.clone(), view::page_value(site, i, &summaries))
            })));
        templates.register_function("get_page", move |kw: Kwargs, _: &State| {
            lookup(&pages, &kw, "path", "page", "guidance/sleep.md")
        });
    }
    if templates.uses_function("get_section") {
        let sections = Arc::new(by_file(site.sections.iter().enumerate().map(|(i, s)| {
            (
                s.content_rel(),
                view::shared(&view::SectionView::new(site, i, &summaries)),
            )
        })));
        templates.register_function("get_section", move |kw: Kwargs, _: &State| {
            lookup(&sections, &kw, "path", "section", "guidance/_index.md")
        });
    }
    if templates.uses_function("get_taxonomy") {
        // the default language's (a multilingual site's others have the same names)
        let default = site.taxonomies.iter().filter(|t| t.lang.is_none());
        let taxonomies =
            Arc::new(by_file(default.map(|t| {
                (t.name.clone(), view::taxonomy_value(site, t, &summaries))
            })));
        templates.register_function("get_taxonomy", move |kw: Kwargs, _: &State| {
            lookup(&taxonomies, &kw, "kind", "taxonomy", "tags")
        });
    }
    if templates.uses_function("load_data") {
        let data = Arc::new(DataFiles::new(site.root.clone()));
        templates.register_function("load_data", move |kw: Kwargs, _: &State| data.load(&kw));
    }
    templates.register_function("now", |_: Kwargs, _: &State| now());
    if templates.uses_function("resize_image") {
        let prefix = site.config.path_prefix().to_string();
        let f = deload_site::images::tera_function(site.images(), site.root.clone(), prefix);
        templates.register_function("resize_image", f);
    }
}

/// Values by file (or name), with the keys for "did you mean".
struct ByFile {
    values: HashMap<String, Value>,
}

fn by_file(items: impl Iterator<Item = (String, Value)>) -> ByFile {
    ByFile {
        values: items.collect(),
    }
}

/// The value named by the argument `arg` (`@/` and a leading `/` allowed), or an error saying
/// which `what` was asked for and which exist.
fn lookup(
    map: &ByFile,
    kw: &Kwargs,
    arg: &str,
    what: &str,
    example: &str,
) -> tera::TeraResult<Value> {
    let key: &str = kw.must_get(arg)?;
    let key = key.trim_start_matches("@/").trim_start_matches('/');
    match map.values.get(key) {
        Some(v) => Ok(v.clone()),
        None => {
            let near = deload_engine::error::nearest(key, map.values.keys().map(String::as_str));
            let hint = match near {
                Some(n) => format!("; did you mean `{n}`?"),
                None => format!("; name it like `{example}`"),
            };
            Err(tera::Error::message(format!(
                "there is no {what} `{key}`{hint}"
            )))
        }
    }
}

/// What `get_url` resolves: content files to site paths, and every file the build writes.
struct UrlIndex {
    content: HashMap<String, String>,
    files: std::collections::HashSet<String>,
    base_url: String,
}

fn url_index(site: &Site) -> UrlIndex {
    let mut content: HashMap<String, String> = (site.pages.iter())
        .map(|p| (p.rel.clone(), p.path.clone()))
        .collect();
    for s in &site.sections {
        content.insert(s.content_rel(), s.path.clone());
    }
    UrlIndex {
        content,
        files: site.known.paths().collect(),
        base_url: site.config.base_url.clone(),
    }
}

/// `get_url(path="@/guidance/sleep.md#naps")` or `get_url(path="/programs/")`: the absolute URL,
/// checked to exist.
fn get_url(index: &UrlIndex, kw: &Kwargs) -> tera::TeraResult<String> {
    let path: &str = kw.must_get("path")?;
    let (target, anchor) = match path.split_once('#') {
        Some((t, a)) => (t, Some(a)),
        None => (path, None),
    };
    let site_path = match target.strip_prefix("@/") {
        Some(file) => index.content.get(file).cloned().ok_or_else(|| {
            tera::Error::message(format!("get_url: `{path}` names no file of content/"))
        })?,
        None if target.starts_with('/') => {
            let known = index.files.contains(target)
                || index
                    .files
                    .contains(&format!("{}/", target.trim_end_matches('/')));
            if !known {
                return Err(tera::Error::message(format!(
                    "get_url: the site has no page or file at `{target}`"
                )));
            }
            target.to_string()
        }
        None => {
            return Err(tera::Error::message(format!(
                "get_url: `{path}` is neither `@/file.md` nor a site path like `/programs/`"
            )));
        }
    };
    let mut url = format!("{}{}", index.base_url, site_path.trim_start_matches('/'));
    if let Some(a) = anchor {
        url.push('#');
        url.push_str(a);
    }
    Ok(url)
}
