//! The template contract: the borrowed view structs templates see. Templates never reach into
//! internal types, so internals can change without breaking a user's template. The README's
//! "Template context" section documents every field here.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::markdown::Heading;
use crate::site::Site;

/// `config`: the site settings (available in every template).
#[derive(Debug, Serialize)]
pub struct ConfigView<'a> {
    /// Site title.
    pub title: &'a str,
    /// Site description.
    pub description: &'a str,
    /// Base URL, always ending in `/`.
    pub base_url: &'a str,
    /// Language code.
    pub language: &'a str,
    /// Author.
    pub author: &'a str,
    /// Navigation links with resolved URLs.
    pub menu: Vec<LinkView>,
    /// Taxonomy names.
    pub taxonomies: Vec<&'a str>,
    /// Free data from site.yaml.
    pub extra: &'a BTreeMap<String, serde_json::Value>,
    /// URL of the search index script.
    pub search_index_url: String,
    /// URL of the site's stylesheet.
    pub stylesheet_url: String,
    /// URL of the Atom feed.
    pub feed_url: String,
    /// Whether the Programs section is published.
    pub has_programs: bool,
    /// URL of the Programs section.
    pub programs_url: String,
    /// `deload x.y.z`.
    pub generator: &'static str,
}

/// A title and a URL.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    /// Link text.
    pub name: String,
    /// Absolute URL.
    pub url: String,
}

/// A taxonomy term as shown on a page.
#[derive(Debug, Clone, Serialize)]
pub struct TermRef<'a> {
    /// The term.
    pub name: &'a str,
    /// Its page's URL.
    pub permalink: String,
}

/// A page in a listing (no full content).
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary<'a> {
    /// Title.
    pub title: &'a str,
    /// Description, if any.
    pub description: Option<&'a str>,
    /// `YYYY-MM-DD`, if dated.
    pub date: Option<String>,
    /// Human date ("2 November 2026").
    pub date_display: Option<String>,
    /// Absolute URL.
    pub permalink: String,
    /// Site path.
    pub path: &'a str,
    /// Summary HTML.
    pub summary: &'a str,
    /// Tags.
    pub tags: Vec<TermRef<'a>>,
    /// Words.
    pub word_count: usize,
    /// Minutes to read.
    pub reading_time: usize,
    /// Weight, if set.
    pub weight: Option<i64>,
}

/// `page`: the page being rendered (page.html).
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// Everything a listing shows, flattened in.
    #[serde(flatten)]
    pub summary: &'a PageSummary<'a>,
    /// Last update `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Human form of `updated`.
    pub updated_display: Option<String>,
    /// The full HTML.
    pub content: &'a str,
    /// Table of contents.
    pub toc: &'a [Heading],
    /// Whether to show the table of contents (`toc: true`).
    pub show_toc: bool,
    /// Terms of other taxonomies, by taxonomy name.
    pub taxonomies: BTreeMap<&'a str, Vec<TermRef<'a>>>,
    /// Previous page in the section's order.
    pub prev: Option<LinkView>,
    /// Next page in the section's order.
    pub next: Option<LinkView>,
    /// The section the page belongs to.
    pub section: LinkView,
    /// Sections from the home page down to the page's section.
    pub ancestors: Vec<LinkView>,
    /// Free data from the front matter.
    pub extra: &'a BTreeMap<String, serde_json::Value>,
}

/// `section`: the section being rendered (section.html, index.html).
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<&'a str>,
    /// Absolute URL.
    pub permalink: String,
    /// Site path.
    pub path: &'a str,
    /// The `_index.md` body as HTML.
    pub content: &'a str,
    /// All pages, in the section's order (each a [`PageSummary`]).
    pub pages: tera::Value,
    /// Direct subsections.
    pub subsections: Vec<SubsectionView<'a>>,
    /// Sections from the home page down to the parent.
    pub ancestors: Vec<LinkView>,
    /// Free data from the front matter.
    pub extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A subsection in a listing.
#[derive(Debug, Serialize)]
pub struct SubsectionView<'a> {
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<&'a str>,
    /// Absolute URL.
    pub permalink: String,
    /// Number of pages.
    pub page_count: usize,
}

/// `paginator`: one page of a paginated listing.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// 1-based number of this listing page.
    pub number: usize,
    /// Listing pages in all.
    pub total_pages: usize,
    /// The pages on this listing page (each a [`PageSummary`]).
    pub pages: tera::Value,
    /// URL of the previous listing page.
    pub previous: Option<String>,
    /// URL of the next listing page.
    pub next: Option<String>,
    /// URL of the first listing page.
    pub first: String,
    /// URL of the last listing page.
    pub last: String,
}

/// `taxonomy`: a taxonomy with its terms (taxonomy_list.html, taxonomy_single.html).
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    /// Name (`tags`).
    pub name: &'a str,
    /// Absolute URL of the term list.
    pub permalink: String,
    /// Every term with its page count.
    pub terms: Vec<TermView<'a>>,
}

/// `term`: one term and its pages.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    /// The term.
    pub name: &'a str,
    /// URL-safe form.
    pub slug: &'a str,
    /// Absolute URL.
    pub permalink: String,
    /// Number of pages.
    pub page_count: usize,
    /// Pages, newest first (each a [`PageSummary`]; empty in the term list).
    pub pages: tera::Value,
}

/// The summaries of the site's pages, each built on first use and then shared by every listing
/// (a partial rebuild in `serve` builds only the few it shows). Index it like a slice.
///
/// Each summary is also kept as a template value, serialised once: listings (sections, their
/// pagination, taxonomy terms) hold shared references to it, so a page listed in five places
/// costs one serialisation and no copies.
pub struct Summaries<'a> {
    site: &'a Site,
    cells: Vec<std::sync::OnceLock<PageSummary<'a>>>,
    values: Vec<std::sync::OnceLock<tera::Value>>,
}

impl<'a> Summaries<'a> {
    /// Summaries of `site`'s pages (none built yet).
    pub fn new(site: &'a Site) -> Summaries<'a> {
        let n = site.pages.len();
        Summaries {
            site,
            cells: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
            values: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    /// Builds every summary and its template value now, on all cores (a full build lists
    /// every page somewhere; building them while listings are assembled would be serial).
    pub fn build_all(&self) {
        use rayon::prelude::*;
        (0..self.len()).into_par_iter().for_each(|i| {
            self.value(i);
        });
    }

    /// Page `i`'s summary as a template value.
    pub fn value(&self, i: usize) -> &tera::Value {
        self.values[i].get_or_init(|| tera::Value::from_serializable(&self[i]))
    }

    /// A template list of the summaries of `pages` (page indexes), sharing each value.
    pub fn list(&self, pages: &[usize]) -> tera::Value {
        tera::Value::from(
            pages
                .iter()
                .map(|&i| self.value(i).clone())
                .collect::<Vec<_>>(),
        )
    }

    /// Number of pages.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the site has no pages.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

impl<'a> std::ops::Index<usize> for Summaries<'a> {
    type Output = PageSummary<'a>;

    fn index(&self, i: usize) -> &PageSummary<'a> {
        self.cells[i].get_or_init(|| page_summary(self.site, i))
    }
}

/// The summary of page `i`.
fn page_summary(site: &Site, i: usize) -> PageSummary<'_> {
    let p = &site.pages[i];
    PageSummary {
        title: &p.meta.title,
        description: p.meta.description.as_deref(),
        date: p.date.map(|d| d.to_string()),
        date_display: p.date.map(deload_engine::text::display_date),
        permalink: site.permalink(&p.path),
        path: &p.path,
        summary: &p.rendered.summary,
        tags: p
            .meta
            .tags
            .iter()
            .map(|t| TermRef {
                name: t,
                permalink: site.permalink(&format!("/tags/{}/", deload_engine::text::slugify(t))),
            })
            .collect(),
        word_count: p.rendered.word_count,
        reading_time: p.reading_time(),
        weight: p.meta.weight,
    }
}

/// Builds `config` from site.yaml alone, for rendering outside a loaded site (`deload plan`):
/// menu links to content (`@/...`) are left out, since no content is loaded.
pub fn config_view_plain(c: &crate::config::Config) -> ConfigView<'_> {
    let menu = c
        .menu
        .iter()
        .filter(|m| !m.url.starts_with("@/"))
        .map(|m| LinkView {
            name: m.name.clone(),
            url: if m.url.starts_with('/') {
                c.permalink(&m.url)
            } else {
                m.url.clone()
            },
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
        feed_url: c.permalink("/atom.xml"),
        has_programs: c.programs.publish,
        programs_url: c.permalink("/programs/"),
        generator: concat!("deload ", env!("CARGO_PKG_VERSION")),
    }
}

/// Builds `config`, resolving menu URLs (`@/x.md` → the page's URL, `/x/` → absolute).
pub fn config_view(site: &Site) -> ConfigView<'_> {
    let menu = site
        .config
        .menu
        .iter()
        .map(|m| LinkView {
            name: m.name.clone(),
            url: resolve_url(site, &m.url),
        })
        .collect();
    ConfigView {
        menu,
        has_programs: site.has_programs(),
        ..config_view_plain(&site.config)
    }
}

/// Resolves a menu URL.
pub fn resolve_url(site: &Site, url: &str) -> String {
    if let Some(target) = url.strip_prefix("@/") {
        let (file, anchor) = match target.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (target, None),
        };
        let path = site
            .pages
            .iter()
            .find(|p| p.rel == file)
            .map(|p| p.path.clone())
            .or_else(|| {
                site.sections
                    .iter()
                    .find(|s| {
                        file == "_index.md" && s.rel_dir.is_empty()
                            || file.strip_suffix("/_index.md") == Some(s.rel_dir.as_str())
                    })
                    .map(|s| s.path.clone())
            })
            .unwrap_or_else(|| "/".to_string());
        let mut u = site.permalink(&path);
        if let Some(a) = anchor {
            u.push('#');
            u.push_str(a);
        }
        u
    } else if url.starts_with('/') {
        site.permalink(url)
    } else {
        url.to_string()
    }
}
