//! `section` and `paginator` (index.html, section.html): a section and one page of its listing.

use std::collections::BTreeMap;

use serde::Serialize;

use super::link::ancestors;
use super::{LinkView, Summaries};
use deload_site::site::Site;

/// `section`: the section being rendered.
#[derive(Debug, Serialize)]
pub(crate) struct SectionView<'a> {
    /// Title.
    title: String,
    /// Description.
    description: Option<&'a str>,
    /// Absolute URL.
    permalink: String,
    /// Site path.
    path: &'a str,
    /// The `_index.md` body as HTML.
    content: std::borrow::Cow<'a, str>,
    /// All pages, in the section's order (each a [`super::page::PageSummary`], shared).
    pages: tera::Value,
    /// Direct subsections.
    subsections: Vec<SubsectionView<'a>>,
    /// Sections from the home page down to the parent.
    ancestors: Vec<LinkView>,
    /// Free data from the front matter.
    extra: &'a BTreeMap<String, serde_json::Value>,
    /// Absolute URL of the section's feed, when the build writes one (not for the home page,
    /// whose feed is `config.feed_url`).
    feed_url: Option<String>,
}

impl<'a> SectionView<'a> {
    /// The view of section `i` (the home page is section 0: its title defaults to the site's).
    pub(crate) fn new(site: &'a Site, i: usize, summaries: &Summaries<'_>) -> SectionView<'a> {
        let s = &site.sections[i];
        let title = if s.rel_dir.is_empty() {
            // a home page: the site's title (in its language)
            let lang = super::lang_of(site, s.lang.as_deref());
            (s.meta.title.clone()).unwrap_or_else(|| site.config.title_in(lang).to_string())
        } else {
            s.title()
        };
        SectionView {
            title,
            description: s.meta.description.as_deref(),
            permalink: site.permalink(&s.path),
            path: &s.path,
            content: if summaries.rendered {
                s.rendered.html()
            } else {
                std::borrow::Cow::Borrowed("")
            },
            pages: summaries.list(&s.pages),
            subsections: s
                .subsections
                .iter()
                .map(|&j| SubsectionView::new(site, j))
                .collect(),
            ancestors: ancestors(site, s.parent),
            extra: &s.meta.extra,
            feed_url: site.section_feed(i).map(|f| site.permalink(&f)),
        }
    }

    /// All the section's pages, as a template list.
    pub(crate) fn pages(&self) -> &tera::Value {
        &self.pages
    }
}

/// A subsection in a listing.
#[derive(Debug, Serialize)]
struct SubsectionView<'a> {
    /// Title.
    title: String,
    /// Description.
    description: Option<&'a str>,
    /// Absolute URL.
    permalink: String,
    /// Number of pages.
    page_count: usize,
}

impl<'a> SubsectionView<'a> {
    /// Section `j` as its parent lists it.
    fn new(site: &'a Site, j: usize) -> SubsectionView<'a> {
        let sub = &site.sections[j];
        SubsectionView {
            title: sub.title(),
            description: sub.meta.description.as_deref(),
            permalink: site.permalink(&sub.path),
            page_count: sub.pages.len(),
        }
    }
}

/// `paginator`: one page of a paginated listing.
#[derive(Debug, Serialize)]
pub(crate) struct Paginator {
    /// 1-based number of this listing page.
    pub(crate) number: usize,
    /// Listing pages in all.
    pub(crate) total_pages: usize,
    /// The pages on this listing page (each a page summary, shared).
    pub(crate) pages: tera::Value,
    /// URL of the previous listing page.
    pub(crate) previous: Option<String>,
    /// URL of the next listing page.
    pub(crate) next: Option<String>,
    /// URL of the first listing page.
    pub(crate) first: String,
    /// URL of the last listing page.
    pub(crate) last: String,
}

/// The context of `index.html` and `section.html` (or the section's own `template`): one page of
/// the section's listing.
#[derive(Debug, Serialize)]
pub(crate) struct SectionContext {
    /// The section (a [`SectionView`], serialised once for all its listing pages).
    pub(crate) section: tera::Value,
    /// This listing page.
    pub(crate) paginator: Paginator,
    /// The listing page's site path.
    pub(crate) current_path: String,
    /// Its absolute URL.
    pub(crate) current_url: String,
    /// The section's language code (the theme's strings, `t(...)`, are in it).
    pub(crate) lang: String,
    /// The section's versions in the site's languages (none on a single-language site).
    pub(crate) translations: Vec<super::TranslationView>,
    /// `config` in the section's language, when it is not the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) config: Option<tera::Value>,
}
