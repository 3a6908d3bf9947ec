//! The contexts of the two special pages: an alias's redirect page and the 404 page.

use serde::Serialize;

use deload_site::site::Site;

/// The context of `alias.html`: a page that redirects to a moved page.
#[derive(Debug, Serialize)]
pub(crate) struct AliasContext {
    /// Absolute URL of the page the alias leads to.
    target: String,
}

impl AliasContext {
    /// The redirect to the site path `path`.
    pub(crate) fn new(site: &Site, path: &str) -> AliasContext {
        AliasContext {
            target: site.permalink(path),
        }
    }
}

/// The context of `404.html`: the site's (`/404.html`), and on a multilingual site one in each
/// other language (`/es/404.html`), in its words.
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundContext {
    /// `/404.html`, `/es/404.html`.
    current_path: String,
    /// Its absolute URL.
    current_url: String,
    /// Its language code (the theme's strings, `t(...)`, are in it).
    lang: String,
    /// `config` in that language, when it is not the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<tera::Value>,
}

impl NotFoundContext {
    /// The site path of the 404 page.
    pub(crate) const PATH: &'static str = "/404.html";

    /// The site path of the 404 page in `lang` (none: the default language).
    pub(crate) fn path(site: &Site, lang: Option<&str>) -> String {
        match lang.filter(|l| *l != site.config.default_lang()) {
            Some(l) => format!("/{l}{}", Self::PATH),
            None => Self::PATH.to_string(),
        }
    }

    /// The context of the 404 page in `lang` (none: the default language).
    pub(crate) fn new(site: &Site, lang: Option<&str>) -> NotFoundContext {
        let path = Self::path(site, lang);
        NotFoundContext {
            current_url: site.permalink(&path),
            current_path: path,
            lang: super::lang_of(site, lang).to_string(),
            config: super::config_in(site, lang),
        }
    }
}
