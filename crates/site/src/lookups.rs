//! The site functions that look up the site: `get_page(path)`, `get_section(path)`,
//! `get_taxonomy(kind)` and `get_url(path)`, for templates and shortcode templates alike.
//!
//! Tera's functions must own what they read, so each function gets a snapshot of the site's
//! values ([`Lookups`]), made by the view layer (`render::view`, above this crate) from the
//! loaded site. Templates get the finished site; shortcode templates run while the pages'
//! Markdown is rendered, so their snapshot is made once every page's front matter is read and
//! before any page that calls such a shortcode is rendered (see [`crate::shortcodes`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

/// The names of the functions that look up the site.
pub const NAMES: [&str; 4] = ["get_page", "get_section", "get_taxonomy", "get_url"];

/// Values by content file (`guidance/sleep.md`) or by name (`tags`), with the keys for "did you
/// mean".
#[derive(Debug, Default)]
pub struct ByFile {
    values: HashMap<String, Value>,
}

impl FromIterator<(String, Value)> for ByFile {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(items: I) -> ByFile {
        ByFile {
            values: items.into_iter().collect(),
        }
    }
}

impl ByFile {
    /// The value named by the argument `arg` of `kw` (`@/` and a leading `/` allowed), or an
    /// error saying which `what` was asked for and which exist (`example` shows the form).
    pub fn lookup(
        &self,
        kw: &Kwargs,
        arg: &str,
        what: &str,
        example: &str,
    ) -> tera::TeraResult<Value> {
        let key: &str = kw.must_get(arg)?;
        let key = key.trim_start_matches("@/").trim_start_matches('/');
        match self.values.get(key) {
            Some(v) => Ok(v.clone()),
            None => {
                let near =
                    deload_engine::error::nearest(key, self.values.keys().map(String::as_str));
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
}

/// What `get_url` resolves: content files to site paths, and every file the build writes.
#[derive(Debug, Default)]
pub struct UrlIndex {
    content: HashMap<String, String>,
    files: HashSet<String>,
    base_url: String,
}

impl UrlIndex {
    /// The index of a site whose content files (`guidance/sleep.md`, `guidance/_index.md`)
    /// have the site paths `content`, which writes the files `files` (site paths), under
    /// `base_url` (ending in `/`).
    pub fn new(
        content: HashMap<String, String>,
        files: HashSet<String>,
        base_url: String,
    ) -> UrlIndex {
        UrlIndex {
            content,
            files,
            base_url,
        }
    }

    /// `get_url(path="@/guidance/sleep.md#naps")` or `get_url(path="/programs/")`: the absolute
    /// URL, checked to exist.
    pub fn get_url(&self, kw: &Kwargs) -> tera::TeraResult<String> {
        let path: &str = kw.must_get("path")?;
        let (target, anchor) = match path.split_once('#') {
            Some((t, a)) => (t, Some(a)),
            None => (path, None),
        };
        let site_path = match target.strip_prefix("@/") {
            Some(file) => self.content.get(file).cloned().ok_or_else(|| {
                tera::Error::message(format!("get_url: `{path}` names no file of content/"))
            })?,
            None if target.starts_with('/') => {
                let known = self.files.contains(target)
                    || (self.files).contains(&format!("{}/", target.trim_end_matches('/')));
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
        let mut url = format!("{}{}", self.base_url, site_path.trim_start_matches('/'));
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        Ok(url)
    }
}

/// A snapshot of the site for the functions that look it up. A field left `None` is a function
/// no template calls (its snapshot is not made).
#[derive(Debug, Default)]
pub struct Lookups {
    /// `get_page`: each page's value, by content file.
    pub pages: Option<ByFile>,
    /// `get_section`: each section's value, by content file (`guidance/_index.md`).
    pub sections: Option<ByFile>,
    /// `get_taxonomy`: each taxonomy of the default language, by name.
    pub taxonomies: Option<ByFile>,
    /// `get_url`.
    pub urls: Option<UrlIndex>,
}

impl Lookups {
    /// Registers a function in `tera` for each snapshot made.
    pub fn register(self, tera: &mut Tera) {
        let Lookups {
            pages,
            sections,
            taxonomies,
            urls,
        } = self;
        if let Some(urls) = urls.map(Arc::new) {
            tera.register_function("get_url", move |kw: Kwargs, _: &State| urls.get_url(&kw));
        }
        if let Some(pages) = pages.map(Arc::new) {
            tera.register_function("get_page", move |kw: Kwargs, _: &State| {
                pages.lookup(&kw, "path", "page", "guidance/sleep.md")
            });
        }
        if let Some(sections) = sections.map(Arc::new) {
            tera.register_function("get_section", move |kw: Kwargs, _: &State| {
                sections.lookup(&kw, "path", "section", "guidance/_index.md")
            });
        }
        if let Some(taxonomies) = taxonomies.map(Arc::new) {
            tera.register_function("get_taxonomy", move |kw: Kwargs, _: &State| {
                taxonomies.lookup(&kw, "kind", "taxonomy", "tags")
            });
        }
    }
}
