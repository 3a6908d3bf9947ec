//! The template contract: every value a template receives is a view struct in this folder.
//!
//! Templates never see the site model or the plan engine's types, only these structs, so the
//! internals can change without breaking a coach's templates. Each template gets one context
//! struct, serialised into Tera's context field by field (`deload_sheet::context::to_context`, called by
//! [`Templates::render`](super::Templates::render)):
//!
//! | template | context |
//! |---|---|
//! | `page.html` (or a page's `template`) | [`PageContext`] |
//! | `index.html`, `section.html` (or a section's `template`) | [`SectionContext`] |
//! | `taxonomy_list.html` | [`TaxonomyListContext`] |
//! | `taxonomy_single.html` | [`TermContext`] |
//! | `alias.html` | [`AliasContext`] |
//! | `404.html` | [`NotFoundContext`] |
//! | `atom.xml`, `rss.xml` (the site's feed, each section's and term's) | [`FeedContext`] |
//! | `sitemap.xml` | [`SitemapContext`] |
//! | `sitemap_index.xml` (a multilingual site's `/sitemap.xml`) | [`SitemapIndexContext`] |
//! | `robots.txt` | [`RobotsContext`] |
//! | `programs/section.html` | [`ProgramsSectionContext`] |
//! | `programs/program.html` | [`ProgramContext`] |
//! | `programs/planner.html` | [`PlannerContext`] |
//! | `plan/plan.html` | [`PlanContext`](deload_sheet::view::PlanContext) |
//! | `plan/week.html` | [`WeekContext`](deload_sheet::view::WeekContext) |
//!
//! | `shortcodes/plan_week.html` | [`PlanWeekContext`](shortcode::PlanWeekContext) |
//! | `shortcodes/program_card.html` | [`ProgramCardContext`](shortcode::ProgramCardContext) |
//!
//! Every template also sees the global `config` ([`ConfigView`](config::ConfigView)). The manual's
//! "Template context" page documents every field; a test (`crate::readme`) checks the two against
//! each other.
//!
//! Values that many pages show (a page's summary in every listing, a plan's header in every
//! week) are serialised once into a `tera::Value` and shared: Tera passes an embedded value on
//! by reference count instead of serialising it again.

mod config;
mod feeds;
mod link;
mod lookups;
mod page;
mod planner;
mod programs;
mod report;
mod section;
mod shortcode;
mod special;
mod taxonomy;
mod translations;

use serde::Serialize;

pub(crate) use config::{config_view, config_view_plain};
pub(crate) use feeds::{
    FeedContext, FeedOf, RobotsContext, SitemapContext, SitemapIndexContext, language_sitemap,
};
pub(crate) use link::LinkView;
pub(crate) use lookups::lookups;
pub(crate) use page::{PageContext, Summaries, page_value};
pub(crate) use planner::PlannerContext;
pub(crate) use programs::{ProgramContext, ProgramsSectionContext, program_values};
pub use report::ReportView;
pub(crate) use section::{Paginator, SectionContext, SectionView};
pub use shortcode::ShortcodeViews;
pub(crate) use special::{AliasContext, NotFoundContext};
pub(crate) use taxonomy::{TaxonomyListContext, TaxonomyView, TermContext, taxonomy_value};
pub(crate) use translations::{
    TranslationView, config_in, of_generated as translations_of_generated,
    of_section as translations_of_section,
};

/// The context of a template rendered from a prepared job: one of the context structs above.
/// Serialised as the struct it holds.
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum TemplateContext<'a> {
    /// `index.html`, `section.html`.
    Section(SectionContext),
    /// `taxonomy_list.html`.
    TaxonomyList(TaxonomyListContext<'a>),
    /// `taxonomy_single.html`.
    Term(TermContext<'a>),
    /// `alias.html`.
    Alias(AliasContext),
    /// `404.html`.
    NotFound(NotFoundContext),
    /// `atom.xml`.
    Feed(FeedContext<'a>),
    /// `sitemap.xml`.
    Sitemap(SitemapContext),
    /// `sitemap_index.xml`.
    SitemapIndex(SitemapIndexContext),
    /// `robots.txt`.
    Robots(RobotsContext),
    /// `programs/section.html`.
    ProgramsSection(ProgramsSectionContext<'a>),
    /// `programs/program.html`.
    Program(ProgramContext),
    /// `programs/planner.html`.
    Planner(PlannerContext),
}

pub(crate) use deload_sheet::view::shared;

/// The language of a page or section (`es`), or the site's default. Here, not in a view module,
/// because links, pages, sections and translations all need it.
pub(crate) fn lang_of<'a>(site: &'a deload_site::site::Site, lang: Option<&'a str>) -> &'a str {
    lang.unwrap_or(site.config.default_lang())
}
