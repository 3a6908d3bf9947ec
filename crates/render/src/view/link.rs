//! Links: a text and a URL (menus, breadcrumbs, previous and next, downloads).

use serde::Serialize;

use deload_site::site::Site;

/// A link: a text and an absolute URL.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkView {
    /// Link text.
    pub(crate) name: String,
    /// Absolute URL.
    pub(crate) url: String,
}

impl LinkView {
    /// A link to the site path `path`.
    pub(crate) fn to_path(site: &Site, name: String, path: &str) -> LinkView {
        LinkView {
            name,
            url: site.permalink(path),
        }
    }
}

/// Links to the sections from the home page down to `section`. The home page of each language
/// is named by the theme string `home` in that language ("Home", "Inicio"), not by its title.
pub(crate) fn ancestors(site: &Site, mut section: Option<usize>) -> Vec<LinkView> {
    let mut out = Vec::new();
    while let Some(i) = section {
        let s = &site.sections[i];
        let name = if s.rel_dir.is_empty() {
            let lang = super::lang_of(site, s.lang.as_deref());
            site.strings.text(Some(lang), "home")
        } else {
            s.title()
        };
        out.push(LinkView::to_path(site, name, &s.path));
        section = s.parent;
    }
    out.reverse();
    out
}
