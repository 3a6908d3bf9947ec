//! The contexts of the machine-read files: the feeds (Atom or RSS 2.0; the site's, and each
//! section's and term's), the sitemap and robots.txt.

use serde::Serialize;

use super::Summaries;
use deload_site::site::Site;

/// One page in the feed.
#[derive(Debug, Serialize)]
struct FeedEntry<'a> {
    /// Title.
    title: &'a str,
    /// Absolute URL.
    permalink: &'a str,
    /// The page's date, RFC 3339.
    published: String,
    /// Its last update (at least `published`), RFC 3339.
    updated: String,
    /// The page's date, RFC 2822 (RSS's `pubDate`).
    pub_date: String,
    /// Summary HTML.
    summary: &'a str,
    /// Description, if any.
    description: Option<&'a str>,
}

/// The context of `atom.xml` and `rss.xml`.
#[derive(Debug, Serialize)]
pub(crate) struct FeedContext<'a> {
    /// The feed's title: the site's, or the section's or term's and the site's.
    title: String,
    /// The newest dated pages (site.yaml `feed_limit`), newest first.
    entries: Vec<FeedEntry<'a>>,
    /// The latest date of any page listed, RFC 3339.
    updated: String,
    /// The same date, RFC 2822 (RSS's `lastBuildDate`).
    last_build_date: String,
    /// Absolute URL of the feed.
    feed_url: String,
    /// Absolute URL of the home page.
    home_url: String,
    /// Absolute URL of the page the feed follows: the home page, the section or the term.
    alternate_url: String,
    /// `config` in the feed's language, when it is not the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<tera::Value>,
}

/// A date at midnight UTC, RFC 3339.
fn rfc3339(d: jiff::civil::Date) -> String {
    format!("{d}T00:00:00Z")
}

/// A date at midnight UTC, RFC 2822 (`Tue, 02 Jan 2024 00:00:00 +0000`).
fn rfc2822(d: jiff::civil::Date) -> String {
    d.strftime("%a, %d %b %Y 00:00:00 +0000").to_string()
}

/// What a feed lists: its title, the site path of its feed and of the page it follows, and
/// its pages (indices; every page for the site's feed).
pub(crate) struct FeedOf<'s> {
    /// The title.
    pub(crate) title: String,
    /// The feed's site path.
    pub(crate) path: String,
    /// The site path of the listing it follows.
    pub(crate) listing: &'s str,
    /// The pages it may list, or none for all of them.
    pub(crate) pages: Option<&'s [usize]>,
    /// Its language (none: the default language).
    pub(crate) lang: Option<&'s str>,
}

impl<'a> FeedContext<'a> {
    /// The feed of `site`'s newest dated pages in `lang` (none: the default language's, which
    /// are every page of a single-language site), at `/atom.xml` or `/LANG/atom.xml` (`rss.xml`
    /// under `outputs.feed_format: rss`).
    pub(crate) fn new(
        site: &'a Site,
        summaries: &'a Summaries<'_>,
        lang: Option<&'a str>,
    ) -> FeedContext<'a> {
        let in_lang: Vec<usize>;
        let (title, path, listing, pages) = match lang {
            Some(l) => {
                in_lang = (0..site.pages.len())
                    .filter(|&i| site.pages[i].lang.as_deref() == Some(l))
                    .collect();
                let title = site.config.title_in(l).to_string();
                (
                    title,
                    site.language_feed(l),
                    format!("/{l}/"),
                    Some(&in_lang[..]),
                )
            }
            None if site.config.is_multilingual() => {
                in_lang = (0..site.pages.len())
                    .filter(|&i| site.pages[i].lang.is_none())
                    .collect();
                let title = site.config.title.clone();
                (title, site.site_feed(), "/".to_string(), Some(&in_lang[..]))
            }
            None => {
                let title = site.config.title.clone();
                (title, site.site_feed(), "/".to_string(), None)
            }
        };
        let of = FeedOf {
            title,
            path,
            listing: &listing,
            pages,
            lang,
        };
        FeedContext::of(site, summaries, &of)
    }

    /// The feed `of` a listing: its newest dated pages.
    pub(crate) fn of(
        site: &'a Site,
        summaries: &'a Summaries<'_>,
        of: &FeedOf<'_>,
    ) -> FeedContext<'a> {
        let all: Vec<usize>;
        let pages = match of.pages {
            Some(p) => p,
            None => {
                all = (0..site.pages.len()).collect();
                &all
            }
        };
        let entries = newest_dated(site, pages)
            .into_iter()
            .filter_map(|i| {
                let p = &site.pages[i];
                let date = p.date?;
                Some(FeedEntry {
                    title: &p.meta.title,
                    permalink: &summaries[i].permalink,
                    published: rfc3339(date),
                    updated: rfc3339(p.updated.unwrap_or(date).max(date)),
                    pub_date: rfc2822(date),
                    summary: &p.rendered.summary,
                    description: p.meta.description.as_deref(),
                })
            })
            .collect();
        let latest = (pages.iter())
            .filter_map(|&i| site.pages.get(i))
            .filter_map(|p| p.updated.or(p.date))
            .max()
            .unwrap_or(jiff::civil::date(1970, 1, 1));
        let home = of
            .lang
            .map_or_else(|| "/".to_string(), |l| format!("/{l}/"));
        FeedContext {
            title: of.title.clone(),
            entries,
            updated: rfc3339(latest),
            last_build_date: rfc2822(latest),
            feed_url: site.permalink(&of.path),
            home_url: site.permalink(&home),
            alternate_url: site.permalink(of.listing),
            config: super::config_in(site, of.lang),
        }
    }
}

/// The dated pages of `of` the feed lists: newest first (ties by file), at most `feed_limit`.
fn newest_dated(site: &Site, of: &[usize]) -> Vec<usize> {
    let pages = &site.pages;
    let mut dated: Vec<usize> = (of.iter().copied())
        .filter(|&i| pages.get(i).is_some_and(|p| p.date.is_some()))
        .collect();
    dated.sort_by(|&a, &b| {
        (pages[b].date.cmp(&pages[a].date)).then_with(|| pages[a].rel.cmp(&pages[b].rel))
    });
    dated.truncate(site.config.feed_limit);
    dated
}

/// One URL in the sitemap.
#[derive(Debug, Serialize)]
struct SitemapEntry {
    /// Absolute URL.
    permalink: String,
    /// Last change `YYYY-MM-DD` (pages with a date), else none.
    lastmod: Option<String>,
}

/// The context of `sitemap.xml`.
#[derive(Debug, Serialize)]
pub(crate) struct SitemapContext {
    /// Every section, page, taxonomy, term and generated page, sorted by URL.
    entries: Vec<SitemapEntry>,
}

impl SitemapContext {
    /// The sitemap of `site`'s pages in `lang` (none: the default language's, which are every
    /// page of a single-language site; the Programs section is the default language's).
    pub(crate) fn new(site: &Site, lang: Option<&str>) -> SitemapContext {
        let entry = |path: &str| SitemapEntry {
            permalink: site.permalink(path),
            lastmod: None,
        };
        let sections = site.sections.iter().filter(|s| s.lang.as_deref() == lang);
        let mut entries: Vec<SitemapEntry> = sections.map(|s| entry(&s.path)).collect();
        let pages = site.pages.iter().filter(|p| p.lang.as_deref() == lang);
        entries.extend(pages.map(|p| SitemapEntry {
            lastmod: p.updated.or(p.date).map(|d| d.to_string()),
            ..entry(&p.path)
        }));
        for t in site.taxonomies.iter().filter(|t| t.lang.as_deref() == lang) {
            entries.push(entry(&t.path));
            entries.extend(t.terms.iter().map(|term| entry(&term.path)));
        }
        // athletes' plans are published for their athletes, not for search engines
        let listed = |p: &&String| !p.starts_with(deload_site::catalog::Catalog::ATHLETES_PATH);
        // the generated pages are the default language's, but for the Planner in another
        // language (`/es/programs/planner/`), which is in that language's sitemap
        let others: Vec<String> = (site.config.other_languages().into_iter())
            .map(|l| format!("/{l}/"))
            .collect();
        let own = |p: &&String| match lang {
            Some(l) => p
                .strip_prefix('/')
                .and_then(|p| p.strip_prefix(l))
                .is_some_and(|p| p.starts_with('/')),
            None => !others.iter().any(|o| p.starts_with(o.as_str())),
        };
        let generated = site.extra_paths();
        entries.extend(
            generated
                .iter()
                .filter(own)
                .filter(listed)
                .map(|p| entry(p)),
        );
        entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
        SitemapContext { entries }
    }
}

/// The context of `robots.txt`.
#[derive(Debug, Serialize)]
pub(crate) struct RobotsContext {
    /// Absolute URL of the sitemap.
    sitemap_url: String,
}

impl RobotsContext {
    /// The context for `site`.
    pub(crate) fn new(site: &Site) -> RobotsContext {
        RobotsContext {
            sitemap_url: site.permalink("/sitemap.xml"),
        }
    }
}

/// The context of `sitemap_index.xml`: on a multilingual site, `/sitemap.xml` lists one sitemap
/// per language (`/sitemap-en.xml`, `/sitemap-es.xml`, ...).
#[derive(Debug, Serialize)]
pub(crate) struct SitemapIndexContext {
    /// The absolute URLs of the languages' sitemaps, the default language's first.
    sitemaps: Vec<String>,
}

impl SitemapIndexContext {
    /// The index of `site`'s sitemaps.
    pub(crate) fn new(site: &Site) -> SitemapIndexContext {
        SitemapIndexContext {
            sitemaps: (site.config.all_languages().into_iter())
                .map(|l| site.permalink(&language_sitemap(l)))
                .collect(),
        }
    }
}

/// The site path of the sitemap of the pages in `lang` on a multilingual site.
pub(crate) fn language_sitemap(lang: &str) -> String {
    format!("/sitemap-{lang}.xml")
}
