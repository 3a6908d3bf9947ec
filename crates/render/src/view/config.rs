//! `config`: the site settings every template sees (a Tera global).

use std::collections::BTreeMap;

use serde::Serialize;

use deload_site::config::{Config, guidance};
use deload_site::site::Site;
use deload_site::site::menus::{self, Entry, Target};
use deload_site::urls::feed_path;

/// An entry of a menu (`config.menu`, `config.menus`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MenuItemView {
    /// Link text.
    name: String,
    /// Absolute URL.
    url: String,
    /// What entries name as their `parent`.
    identifier: String,
    /// Its weight (0 when not given).
    weight: i64,
    /// The entries under it.
    children: Vec<MenuItemView>,
}

/// The menus of `entries` as templates see them: entries whose URL is left out (`keep` says
/// none) are dropped with their children, the others' URLs resolved by `url`.
fn menu_views(
    entries: &[Entry],
    keep: &dyn Fn(&Target) -> bool,
    url: &dyn Fn(&Target) -> String,
) -> Vec<MenuItemView> {
    (entries.iter())
        .filter(|e| keep(&e.target))
        .map(|e| MenuItemView {
            name: e.name.clone(),
            url: deload_site::urls::encode(&url(&e.target)).into_owned(),
            identifier: e.identifier.clone(),
            weight: e.weight,
            children: menu_views(&e.children, keep, url),
        })
        .collect()
}

/// `config`: the site settings (every template).
#[derive(Debug, Serialize)]
pub(crate) struct ConfigView<'a, M: Serialize = MenuItemView> {
    /// Site title.
    title: &'a str,
    /// Site description.
    description: &'a str,
    /// Base URL, always ending in `/`.
    base_url: &'a str,
    /// The URL of the home page of the pages' language (`base_url`, or `base_url` + `es/`).
    home_url: String,
    /// Language code.
    language: &'a str,
    /// Author.
    author: &'a str,
    /// HTML for the footer (site.yaml `disclaimer`), empty when none.
    disclaimer: &'a str,
    /// The main menu, URLs resolved.
    menu: Vec<M>,
    /// Every menu by name (`main` too); none only in the Planner's sheet data.
    #[serde(skip_serializing_if = "Option::is_none")]
    menus: Option<BTreeMap<String, Vec<M>>>,
    /// Taxonomy names.
    taxonomies: Vec<&'a str>,
    /// The URL of each taxonomy's list of terms in the pages' language (`tags`: `/es/tags/`).
    taxonomy_urls: BTreeMap<&'a str, String>,
    /// Free data from site.yaml.
    extra: &'a BTreeMap<String, serde_json::Value>,
    /// URL of the search index script.
    search_index_url: String,
    /// URL of the site's stylesheet.
    stylesheet_url: String,
    /// URL of the site's feed (`atom.xml`, or `rss.xml` under `outputs.feed_format: rss`).
    feed_url: String,
    /// The feeds' media type (`application/atom+xml` or `application/rss+xml`).
    feed_type: &'static str,
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
    let entries = menus::build(c, std::path::Path::new(""), &[]).unwrap_or_default();
    let keep = |t: &Target| match t {
        Target::Url(u) => !u.starts_with("@/") && menu_keeps(c, u),
        Target::Page(_) => false,
    };
    let url = |t: &Target| match t {
        Target::Url(u) if u.starts_with('/') => c.permalink(u),
        Target::Url(u) => u.clone(),
        Target::Page(_) => String::new(),
    };
    let mut menus: BTreeMap<String, Vec<MenuItemView>> = (entries.iter())
        .map(|(name, e)| (name.clone(), menu_views(e, &keep, &url)))
        .collect();
    let menu = menus.remove(menus::MAIN).unwrap_or_default();
    ConfigView {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        home_url: c.base_url.clone(),
        language: &c.language,
        author: &c.author,
        disclaimer: &c.disclaimer,
        menus: Some(plain_menus(menus, &menu)),
        menu,
        taxonomies: c.taxonomies.iter().map(|t| t.name.as_str()).collect(),
        taxonomy_urls: (c.taxonomies.iter())
            .map(|t| (t.name.as_str(), c.permalink(&format!("/{}/", t.name))))
            .collect(),
        extra: &c.extra,
        search_index_url: c.permalink("/search-index.js"),
        stylesheet_url: c.permalink("/style.css"),
        feed_url: c.permalink(&feed_path("/", c.outputs.feed_format)),
        feed_type: c.outputs.feed_format.media_type(),
        has_programs: c.programs.publish,
        planner_url: None,
        planner_in_menu: false,
        programs_url: c.permalink("/programs/"),
        generator: concat!("deload ", env!("CARGO_PKG_VERSION")),
        guidance: plain_guidance(c),
    }
}

impl<'a> ConfigView<'a> {
    /// The view as pages in `lang` (not the default language) see it: the language's title,
    /// description, author and menus, and its own home page, feed, search index and
    /// taxonomies.
    pub(crate) fn in_language(mut self, site: &'a Site, lang: &'a str) -> ConfigView<'a> {
        self.title = site.config.title_in(lang);
        self.description = site.config.description_in(lang);
        self.disclaimer = site.config.disclaimer_in(lang);
        self.author = site.config.author_in(lang);
        self.language = lang;
        self.home_url = site.permalink(&format!("/{lang}/"));
        for (name, url) in &mut self.taxonomy_urls {
            *url = site.permalink(&site.term_path_in(Some(lang), name, None));
        }
        let (menu, menus) = site_menus(site, Some(lang));
        self.planner_in_menu =
            (self.planner_url.as_ref()).is_some_and(|p| menu.iter().any(|m| &m.url == p));
        self.menu = menu;
        self.menus = Some(menus);
        self.feed_url = site.permalink(&site.language_feed(lang));
        self.search_index_url =
            site.permalink(&format!("/{lang}/{}", deload_site::urls::SEARCH_INDEX));
        self
    }

    /// The view as the Planner's sheets get it in the page (their templates show no menu): the
    /// main menu's links without their nesting, no `menus`, so the page's data is what it was
    /// before menus nested.
    pub(crate) fn for_sheet(self) -> ConfigView<'a, super::LinkView> {
        let menu = (self.menu.into_iter())
            .map(|m| super::LinkView {
                name: m.name,
                url: m.url,
            })
            .collect();
        ConfigView {
            title: self.title,
            description: self.description,
            base_url: self.base_url,
            home_url: self.home_url,
            language: self.language,
            author: self.author,
            disclaimer: self.disclaimer,
            menu,
            menus: None,
            taxonomies: self.taxonomies,
            taxonomy_urls: self.taxonomy_urls,
            extra: self.extra,
            search_index_url: self.search_index_url,
            stylesheet_url: self.stylesheet_url,
            feed_url: self.feed_url,
            feed_type: self.feed_type,
            has_programs: self.has_programs,
            // as `deload plan`'s sheets get it (no site around them)
            planner_url: None,
            planner_in_menu: false,
            programs_url: self.programs_url,
            generator: self.generator,
            guidance: self.guidance,
        }
    }
}

/// `menus` with the main menu `main` back in (when it has entries).
fn plain_menus(
    mut menus: BTreeMap<String, Vec<MenuItemView>>,
    main: &[MenuItemView],
) -> BTreeMap<String, Vec<MenuItemView>> {
    if !main.is_empty() {
        menus.insert(menus::MAIN.to_string(), main.to_vec());
    }
    menus
}

/// Whether the menu shows an item linking to `url`: not when its scheme could run code (unless
/// site.yaml trusts the content with `markdown.unsafe_html`; the site warns about the others).
fn menu_keeps(c: &Config, url: &str) -> bool {
    c.markdown.unsafe_html || deload_site::urls::schemes::is_safe(url)
}

/// Builds `config`, resolving menu URLs (`@/x.md` → the page's URL, `/x/` → absolute),
/// percent-encoded as Markdown links are.
pub(crate) fn config_view(site: &Site) -> ConfigView<'_> {
    let (menu, menus) = site_menus(site, None);
    let mut view = ConfigView {
        menus: Some(menus),
        menu,
        has_programs: site.has_programs(),
        planner_url: (site.catalog.as_ref())
            .filter(|c| c.planner)
            .map(|_| site.permalink(deload_site::planner::PATH)),
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

/// The main menu and every menu by name (`main` too) as the pages in `lang` (none: the default
/// language) show them, URLs resolved (`@/` links to the language's translations where the
/// site has them) and percent-encoded as Markdown links are.
fn site_menus(
    site: &Site,
    lang: Option<&str>,
) -> (Vec<MenuItemView>, BTreeMap<String, Vec<MenuItemView>>) {
    let entries = menus::build_in(&site.config, &site.root, &site.pages, lang).unwrap_or_default();
    let keep = |t: &Target| match t {
        Target::Url(u) => menu_keeps(&site.config, u),
        Target::Page(_) => true,
    };
    let url = |t: &Target| match t {
        Target::Url(u) => resolve_url(site, u, lang),
        Target::Page(i) => site.permalink(&site.pages[*i].path),
    };
    let mut menus: BTreeMap<String, Vec<MenuItemView>> = (entries.iter())
        .map(|(name, e)| (name.clone(), menu_views(e, &keep, &url)))
        .collect();
    let menu = menus.remove(menus::MAIN).unwrap_or_default();
    let menus = plain_menus(menus, &menu);
    (menu, menus)
}

/// The view of site.yaml alone, as `deload plan` sees it in the site's folder (the Planner's
/// sheets must equal the command line's): the optional guidance topics whose page the site has
/// are linked, as `deload plan` links them (`guidance::optional_with_pages`).
pub(crate) fn config_view_as_cli(site: &Site) -> ConfigView<'_> {
    let mut view = config_view_plain(&site.config);
    for (topic, path) in &site.guidance {
        if guidance::is_optional(topic) && !site.config.guidance.contains_key(*topic) {
            let url = if path.starts_with('/') {
                site.permalink(path)
            } else {
                path.clone()
            };
            view.guidance.insert(topic, url);
        }
    }
    view
}

/// Each topic's URL without the site at hand: a required topic's page as site.yaml maps it (or
/// its default); an optional topic's only where site.yaml maps it, else empty (templates test
/// `config.guidance.TOPIC` before linking), since nothing here knows whether the page exists.
fn plain_guidance(c: &Config) -> BTreeMap<&'static str, String> {
    guidance::all_topics()
        .map(|t| {
            let url = if guidance::is_optional(t) && !c.guidance.contains_key(t) {
                String::new()
            } else {
                c.permalink(&guidance::plain_path(
                    guidance::target(&c.guidance, t),
                    c.slugify.paths,
                ))
            };
            (t, url)
        })
        .collect()
}

/// Resolves a menu URL of the pages in `lang`: `@/x.md#a` → the URL of the page (its
/// translation into `lang` where there is one) with the anchor, `/x/` → absolute, others as
/// written.
fn resolve_url(site: &Site, url: &str, lang: Option<&str>) -> String {
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
    let path = site.content_path_in(file, lang).unwrap_or("/");
    let mut u = site.permalink(path);
    if let Some(a) = anchor {
        u.push('#');
        u.push_str(a);
    }
    u
}
