//! `taxonomy` and `term` (taxonomy_list.html, taxonomy_single.html).

use serde::Serialize;

use super::{Paginator, Summaries};
use deload_site::site::{Site, Taxonomy, Term};

/// `taxonomy`: a taxonomy with its terms.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyView<'a> {
    /// Name (`tags`).
    name: &'a str,
    /// Absolute URL of the term list.
    permalink: String,
    /// Every term with its page count (and no pages).
    terms: Vec<TermView<'a>>,
}

impl<'a> TaxonomyView<'a> {
    /// The view of `t`.
    pub(crate) fn new(site: &Site, t: &'a Taxonomy) -> TaxonomyView<'a> {
        TaxonomyView {
            name: &t.name,
            permalink: site.permalink(&t.path),
            terms: t
                .terms
                .iter()
                .map(|term| TermView::new(site, term, tera::Value::from(Vec::<tera::Value>::new())))
                .collect(),
        }
    }
}

/// Taxonomy `t` as `get_taxonomy` returns it: the taxonomy with every term's pages.
pub(crate) fn taxonomy_value(site: &Site, t: &Taxonomy, summaries: &Summaries<'_>) -> tera::Value {
    let view = TaxonomyView {
        name: &t.name,
        permalink: site.permalink(&t.path),
        terms: (t.terms.iter())
            .map(|term| TermView::new(site, term, summaries.list(&term.pages)))
            .collect(),
    };
    super::shared(&view)
}

/// `term`: one term and its pages.
#[derive(Debug, Serialize)]
pub(crate) struct TermView<'a> {
    /// The term.
    name: &'a str,
    /// URL-safe form.
    slug: &'a str,
    /// Absolute URL.
    permalink: String,
    /// Number of pages.
    page_count: usize,
    /// Pages, newest first (each a page summary, shared; empty in `taxonomy.terms`).
    pages: tera::Value,
    /// Absolute URL of the term's feed, when the build writes one.
    feed_url: Option<String>,
}

impl<'a> TermView<'a> {
    /// The view of `term`, listing `pages`.
    fn new(site: &Site, term: &'a Term, pages: tera::Value) -> TermView<'a> {
        TermView {
            name: &term.name,
            slug: &term.slug,
            permalink: site.permalink(&term.path),
            page_count: term.pages.len(),
            pages,
            feed_url: site.term_feed(term).map(|f| site.permalink(&f)),
        }
    }
}

/// The context of `taxonomy_list.html`.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyListContext<'a> {
    /// The taxonomy (a [`TaxonomyView`], serialised once for the list and every term page).
    taxonomy: tera::Value,
    /// The list's site path.
    current_path: &'a str,
    /// Its absolute URL.
    current_url: String,
    /// The language of the taxonomy's pages (the theme's strings, `t(...)`, are in it).
    lang: &'a str,
    /// `config` in that language, when it is not the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<tera::Value>,
}

impl<'a> TaxonomyListContext<'a> {
    /// The context of `t`'s term list; `taxonomy` is its shared [`TaxonomyView`].
    pub(crate) fn new(site: &'a Site, t: &'a Taxonomy, taxonomy: tera::Value) -> Self {
        TaxonomyListContext {
            taxonomy,
            current_path: &t.path,
            current_url: site.permalink(&t.path),
            lang: super::lang_of(site, t.lang.as_deref()),
            config: super::config_in(site, t.lang.as_deref()),
        }
    }
}

/// The context of `taxonomy_single.html`: one page of a term's listing.
#[derive(Debug, Serialize)]
pub(crate) struct TermContext<'a> {
    /// The taxonomy (a [`TaxonomyView`], shared).
    taxonomy: tera::Value,
    /// The term, with all its pages.
    term: TermView<'a>,
    /// This listing page.
    paginator: Paginator,
    /// The listing page's site path.
    current_path: String,
    /// Its absolute URL.
    current_url: String,
    /// The language of the taxonomy's pages (the theme's strings, `t(...)`, are in it).
    lang: &'a str,
    /// `config` in that language, when it is not the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<tera::Value>,
}

impl<'a> TermContext<'a> {
    /// The context of listing page `paginator.number` of `term`; `taxonomy` is its taxonomy's
    /// shared [`TaxonomyView`].
    pub(crate) fn new(
        site: &'a Site,
        (t, term): (&'a Taxonomy, &'a Term),
        taxonomy: tera::Value,
        summaries: &Summaries<'_>,
        paginator: Paginator,
    ) -> Self {
        let current_path = deload_site::urls::listing_path(&term.path, paginator.number);
        TermContext {
            lang: super::lang_of(site, t.lang.as_deref()),
            config: super::config_in(site, t.lang.as_deref()),
            taxonomy,
            term: TermView::new(site, term, summaries.list(&term.pages)),
            paginator,
            current_url: site.permalink(&current_path),
            current_path,
        }
    }
}
