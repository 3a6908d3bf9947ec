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

/// The context of `404.html`.
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundContext {
    /// `/404.html`.
    current_path: &'static str,
    /// Its absolute URL.
    current_url: String,
}

impl NotFoundContext {
    /// The site path of the 404 page.
    pub(crate) const PATH: &'static str = "/404.html";

    /// The 404 page's context.
    pub(crate) fn new(site: &Site) -> NotFoundContext {
        NotFoundContext {
            current_path: Self::PATH,
            current_url: site.permalink(Self::PATH),
        }
    }
}
