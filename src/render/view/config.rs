//! `config`: the site settings every template sees (a Tera global).

use std::collections::BTreeMap;

use serde::Serialize;

use super::LinkView;
use crate::config::{Config, guidance};
use crate::site::Site;

/// `config`: the site settings (every template).
#[derive(Debug, Serialize)]
pub(crate) struct ConfigView<'a> {
    /// Site title.
    title: &'a str,
    /// Site description.
    description: &'a str,
    /// Base URL, always ending in `/`.
    base_url: &'a str,
    /// Language code.
    language: &'a str,
    /// Author.
    author: &'a str,
    /// Navigation links with resolved URLs.
    menu: Vec<LinkView>,
    /// Taxonomy names.
    taxonomies: Vec<&'a str>,
    /// Free data from site.yaml.
    extra: &'a BTreeMap<String, serde_json::Value>,
    /// URL of the search index script.
    search_index_url: String,
    /// URL of the site's stylesheet.
    stylesheet_url: String,
    /// URL of the Atom feed.
    feed_url: String,
    /// Whether the Programs section is published.
    has_programs: bool,
    /// URL of the Planner page, when the site builds it.
    planner_url: Option<String>,
    /// Whether site.yaml's menu already links the Planner (else the menu adds "Make a plan").
    planner_in_menu: bool,
    /// URL of the Programs section.
    programs_url: String,
    /// `deload x.y.z`.
    generator: &'static str,
    /// The absolute URL of each guidance topic's page (`sleep`, `deload_weeks`, ...).
    guidance: BTreeMap<&'static str, String>,
}

/// Builds `config` from site.yaml alone, for rendering outside a loaded site (`deload plan`):
/// menu links to content (`@/...`) are left out, since no content is loaded.
pub(crate) fn config_view_plain(c: &Config) -> ConfigView<'_> {
    let menu = c
        .menu
        .iter()
        .filter(|m| !m.url.starts_with("@/"))
        .filter(|m| menu_keeps(c, &m.url))
        .map(|m| LinkView {
            name: m.name.clone(),
            url: crate::urls::encode(&if m.url.starts_with('/') {
                c.permalink(&m.url)
            } else {
                m.url.clone()
            })
            .into_owned(),
        })
        .collect();
    ConfigView {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        language: &c.language,
        author: &c.author,
        menu,
        taxonomies: c.taxonomies.iter().map(|t| t.name.as_str()).collect(),
        extra: &c.extra,
        search_index_url: c.permalink("/search-index.js"),
        stylesheet_url: c.permalink("/style.css"),
        feed_url: c.permalink(crate::urls::FEED_PATH),
        has_programs: c.programs.publish,
        planner_url: None,
        planner_in_menu: false,
        programs_url: c.permalink("/programs/"),
        generator: concat!("deload ", env!("CARGO_PKG_VERSION")),
        guidance: (guidance::TOPICS.iter())
            .map(|(t, _)| {
                let target = guidance::target(&c.guidance, t);
                (*t, c.permalink(&guidance::plain_path(target)))
            })
            .collect(),
    }
}

/// Whether the menu shows an item linking to `url`: not when its scheme could run code (unless
/// site.yaml trusts the content with `markdown.unsafe_html`; the site warns about the others).
fn menu_keeps(c: &Config, url: &str) -> bool {
    c.markdown.unsafe_html || crate::urls::schemes::is_safe(url)
}

/// Builds `config`, resolving menu URLs (`@/x.md` → the page's URL, `/x/` → absolute),
/// percent-encoded as Markdown links are.
pub(crate) fn config_view(site: &Site) -> ConfigView<'_> {
    let menu = site
        .config
        .menu
        .iter()
        .filter(|m| menu_keeps(&site.config, &m.url))
        .map(|m| LinkView {
            name: m.name.clone(),
            url: crate::urls::encode(&resolve_url(site, &m.url)).into_owned(),
        })
        .collect();
    let mut view = ConfigView {
        menu,
        has_programs: site.has_programs(),
        planner_url: (site.catalog.as_ref())
            .filter(|c| c.planner)
            .map(|_| site.permalink(crate::planner::PATH)),
        ..config_view_plain(&site.config)
    };
    view.planner_in_menu =
        (view.planner_url.as_ref()).is_some_and(|p| view.menu.iter().any(|m| &m.url == p));
    for (topic, path) in &site.guidance {
        let url = if path.starts_with('/') {
            site.permalink(path)
        } else {
            path.clone()
        };
        view.guidance.insert(topic, url);
    }
    view
}

/// Resolves a menu URL: `@/x.md#a` → the page's URL with the anchor, `/x/` → absolute, others
/// as written.
fn resolve_url(site: &Site, url: &str) -> String {
    let Some(target) = url.strip_prefix("@/") else {
        return if url.starts_with('/') {
            site.permalink(url)
        } else {
            url.to_string()
        };
    };
    let (file, anchor) = match target.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (target, None),
    };
    let path = site.content_path(file).unwrap_or("/");
    let mut u = site.permalink(path);
    if let Some(a) = anchor {
        u.push('#');
        u.push_str(a);
    }
    u
}
