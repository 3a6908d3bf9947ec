//! `page` (page.html) and the page summaries every listing shows.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use super::link::ancestors;
use super::{LinkView, TranslationView, lang_of};
use deload_site::markdown::Heading;
use deload_site::site::Site;

/// A taxonomy term as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermRef<'a> {
    /// The term.
    name: &'a str,
    /// Its page's URL.
    permalink: String,
}

impl<'a> TermRef<'a> {
    /// The term `name` of the taxonomy `taxonomy`, linked to its page in `lang` (none: the
    /// default language).
    fn new(site: &Site, lang: Option<&str>, taxonomy: &str, name: &'a str) -> TermRef<'a> {
        TermRef {
            name,
            permalink: site.permalink(&site.term_path_in(lang, taxonomy, Some(name))),
        }
    }
}

/// One heading in a page's table of contents.
#[derive(Debug, Serialize)]
pub(crate) struct HeadingView<'a> {
    /// 1 to 6.
    level: u32,
    /// The anchor id (`#id`).
    id: &'a str,
    /// The heading's text.
    title: &'a str,
    /// Headings nested under this one.
    children: Vec<HeadingView<'a>>,
}

impl<'a> HeadingView<'a> {
    /// The table of contents of `headings`.
    fn toc(headings: &'a [Heading]) -> Vec<HeadingView<'a>> {
        headings
            .iter()
            .map(|h| HeadingView {
                level: h.level,
                id: &h.id,
                title: &h.title,
                children: HeadingView::toc(&h.children),
            })
            .collect()
    }
}

/// A page in a listing (no full content).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageSummary<'a> {
    /// Title.
    title: &'a str,
    /// Description, if any.
    description: Option<&'a str>,
    /// `YYYY-MM-DD`, if dated.
    date: Option<String>,
    /// The date as the page's language writes it ("2 November 2026", "2 de noviembre de 2026").
    date_display: Option<String>,
    /// Absolute URL.
    pub(crate) permalink: String,
    /// Site path.
    path: &'a str,
    /// Summary HTML.
    summary: &'a str,
    /// Tags.
    tags: Vec<TermRef<'a>>,
    /// Words.
    word_count: usize,
    /// Minutes to read.
    reading_time: usize,
    /// Weight, if set.
    weight: Option<i64>,
}

impl<'a> PageSummary<'a> {
    /// The summary of page `i`.
    fn new(site: &'a Site, i: usize) -> PageSummary<'a> {
        let p = &site.pages[i];
        PageSummary {
            title: &p.meta.title,
            description: p.meta.description.as_deref(),
            date: p.date.map(|d| d.to_string()),
            date_display: p.date.map(|d| site.strings.date(p.lang.as_deref(), d)),
            permalink: site.permalink(&p.path),
            path: &p.path,
            summary: &p.rendered.summary,
            tags: p
                .meta
                .tags
                .iter()
                .map(|t| TermRef::new(site, p.lang.as_deref(), "tags", t))
                .collect(),
            word_count: p.rendered.word_count,
            reading_time: p.reading_time(),
            weight: p.meta.weight,
        }
    }
}

/// A related page (`page.related`).
#[derive(Debug, Serialize)]
pub(crate) struct RelatedView<'a> {
    /// Title.
    title: &'a str,
    /// Description, if any.
    description: Option<&'a str>,
    /// `YYYY-MM-DD`, if dated.
    date: Option<String>,
    /// Absolute URL.
    permalink: String,
    /// Site path.
    path: &'a str,
    /// How related: 2 a shared tag, 1 a shared term of another taxonomy, 1 the same section.
    score: u32,
}

impl<'a> RelatedView<'a> {
    /// The related pages of page `i`.
    fn of(site: &'a Site, i: usize) -> Vec<RelatedView<'a>> {
        let related = site.related.get(i).map_or(&[][..], Vec::as_slice);
        (related.iter())
            .map(|&(j, score)| {
                let q = &site.pages[j];
                RelatedView {
                    title: &q.meta.title,
                    description: q.meta.description.as_deref(),
                    date: q.date.map(|d| d.to_string()),
                    permalink: site.permalink(&q.path),
                    path: &q.path,
                    score,
                }
            })
            .collect()
    }
}

/// `page`: the page being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct PageView<'a> {
    /// Everything a listing shows, flattened in.
    #[serde(flatten)]
    summary: &'a PageSummary<'a>,
    /// Last update `YYYY-MM-DD`.
    updated: Option<String>,
    /// Human form of `updated`.
    updated_display: Option<String>,
    /// The full HTML.
    content: std::borrow::Cow<'a, str>,
    /// Table of contents.
    toc: Vec<HeadingView<'a>>,
    /// Whether to show the table of contents (`toc: true`).
    show_toc: bool,
    /// Terms of the other taxonomies, by taxonomy name.
    taxonomies: BTreeMap<&'a str, Vec<TermRef<'a>>>,
    /// Previous page in the section's order.
    prev: Option<LinkView>,
    /// Next page in the section's order.
    next: Option<LinkView>,
    /// The section the page belongs to.
    section: LinkView,
    /// Sections from the home page down to the page's section.
    ancestors: Vec<LinkView>,
    /// The pages sharing the most taxonomy terms with it, best first.
    related: Vec<RelatedView<'a>>,
    /// Free data from the front matter.
    extra: &'a BTreeMap<String, serde_json::Value>,
    /// Its language code.
    lang: &'a str,
    /// Its versions in the site's languages (none on a single-language site).
    translations: Vec<TranslationView>,
}

impl<'a> PageView<'a> {
    /// The view of page `i`, around its summary.
    fn new(site: &'a Site, i: usize, summary: &'a PageSummary<'a>) -> PageView<'a> {
        let p = &site.pages[i];
        let (prev, next) = site.neighbours[i];
        let to_link = |j: usize| {
            let q = &site.pages[j];
            LinkView::to_path(site, q.meta.title.clone(), &q.path)
        };
        let taxonomies = p
            .meta
            .taxonomies
            .iter()
            .map(|(name, terms)| {
                let lang = p.lang.as_deref();
                let refs = (terms.iter())
                    .map(|t| TermRef::new(site, lang, name, t))
                    .collect();
                (name.as_str(), refs)
            })
            .collect();
        let sec = site.page_section[i];
        let section = &site.sections[sec];
        PageView {
            summary,
            updated: p.updated.map(|d| d.to_string()),
            updated_display: p.updated.map(|d| site.strings.date(p.lang.as_deref(), d)),
            content: p.rendered.html(),
            toc: HeadingView::toc(&p.rendered.toc),
            show_toc: p.meta.toc && !p.rendered.toc.is_empty(),
            taxonomies,
            prev: prev.map(to_link),
            next: next.map(to_link),
            section: LinkView::to_path(site, section.title(), &section.path),
            ancestors: ancestors(site, Some(sec)),
            related: RelatedView::of(site, i),
            extra: &p.meta.extra,
            lang: lang_of(site, p.lang.as_deref()),
            translations: super::translations::of_page(site, i),
        }
    }
}

/// Page `i` as `get_page` returns it: the `page` of page.html (without its rendered Markdown
/// when `summaries` are [`Summaries::unrendered`]).
pub(crate) fn page_value(site: &Site, i: usize, summaries: &Summaries<'_>) -> tera::Value {
    let mut view = PageView::new(site, i, &summaries[i]);
    if !summaries.rendered {
        view.content = std::borrow::Cow::Borrowed("");
        view.toc = Vec::new();
        view.show_toc = false;
    }
    super::shared(&view)
}

/// The context of `page.html` (or the page's own `template`).
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<'a> {
    /// The page.
    page: PageView<'a>,
    /// Its site path.
    current_path: &'a str,
    /// Its absolute URL.
    current_url: &'a str,
    /// Its language code (the theme's strings, `t(...)`, are in it).
    lang: &'a str,
    /// Its versions in the site's languages (none on a single-language site).
    translations: Vec<TranslationView>,
    /// `config` in the page's language, when it is not the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<tera::Value>,
}

impl<'a> PageContext<'a> {
    /// The context of page `i`.
    pub(crate) fn new(site: &'a Site, i: usize, summaries: &'a Summaries<'_>) -> PageContext<'a> {
        let summary = &summaries[i];
        let page = PageView::new(site, i, summary);
        let lang = site.pages[i].lang.as_deref();
        PageContext {
            lang: page.lang,
            translations: page.translations.clone(),
            config: super::config_in(site, lang),
            page,
            current_path: &site.pages[i].path,
            current_url: &summary.permalink,
        }
    }
}

/// The summaries of the site's pages, each built on first use and then shared by every listing
/// (a partial rebuild in `serve` builds only the few it shows). Index it like a slice.
///
/// Each summary is also kept as a template value, serialised once: listings (sections, their
/// pagination, taxonomy terms) hold shared references to it, so a page listed in five places
/// costs one serialisation and no copies.
pub(crate) struct Summaries<'a> {
    site: &'a Site,
    /// Whether the summaries carry what rendering the Markdown made (summary, word count);
    /// see [`Summaries::unrendered`].
    pub(crate) rendered: bool,
    cells: Vec<OnceLock<PageSummary<'a>>>,
    values: Vec<OnceLock<tera::Value>>,
}

impl<'a> Summaries<'a> {
    /// Summaries of `site`'s pages (none built yet).
    pub(crate) fn new(site: &'a Site) -> Summaries<'a> {
        let n = site.pages.len();
        Summaries {
            site,
            rendered: true,
            cells: (0..n).map(|_| OnceLock::new()).collect(),
            values: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Summaries of `site`'s pages without what rendering their Markdown makes (the summary is
    /// empty, the word count and reading time 0), for the shortcodes' site functions: they run
    /// while the Markdown is rendered, when a page's is not finished (its links are not yet
    /// resolved) or not made at all.
    pub(crate) fn unrendered(site: &'a Site) -> Summaries<'a> {
        Summaries {
            rendered: false,
            ..Summaries::new(site)
        }
    }

    /// Builds every summary and its template value now, on all cores (a full build lists
    /// every page somewhere; building them while listings are assembled would be serial).
    pub(crate) fn build_all(&self) {
        use rayon::prelude::*;
        (0..self.cells.len()).into_par_iter().for_each(|i| {
            self.value(i);
        });
    }

    /// Page `i`'s summary as a template value.
    fn value(&self, i: usize) -> &tera::Value {
        self.values[i].get_or_init(|| super::shared(&self[i]))
    }

    /// A template list of the summaries of `pages` (page indexes), sharing each value.
    pub(crate) fn list(&self, pages: &[usize]) -> tera::Value {
        tera::Value::from(
            pages
                .iter()
                .map(|&i| self.value(i).clone())
                .collect::<Vec<_>>(),
        )
    }
}

impl<'a> std::ops::Index<usize> for Summaries<'a> {
    type Output = PageSummary<'a>;

    fn index(&self, i: usize) -> &PageSummary<'a> {
        self.cells[i].get_or_init(|| {
            let mut summary = PageSummary::new(self.site, i);
            if !self.rendered {
                summary.summary = "";
                summary.word_count = 0;
                summary.reading_time = 0;
            }
            summary
        })
    }
}
