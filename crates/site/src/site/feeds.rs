//! Which feeds a build writes: the site's (`/atom.xml`, or `/rss.xml` under
//! `outputs.feed_format: rss`), and one per section and per taxonomy term that lists a dated
//! page (`/guidance/atom.xml`, `/tags/sleep/atom.xml`), as Hugo and Zola write them.

use super::{Site, Term};
use crate::urls::{FeedFormat, feed_path};

impl Site {
    /// The feeds' format (site.yaml `outputs.feed_format`).
    pub fn feed_format(&self) -> FeedFormat {
        self.config.outputs.feed_format
    }

    /// The site path of the site's own feed (`/atom.xml`).
    pub fn site_feed(&self) -> String {
        feed_path("/", self.feed_format())
    }

    /// The site path of the feed of a multilingual site's language `lang` (not the default):
    /// `/es/atom.xml`, `/es/rss.xml`.
    pub fn language_feed(&self, lang: &str) -> String {
        feed_path(&format!("/{lang}/"), self.feed_format())
    }

    /// The site path of the feed that lists page `i` besides its section's and terms': the
    /// site's, or on a multilingual site its language's (`/es/atom.xml`).
    pub fn page_feed(&self, i: usize) -> String {
        match self.pages.get(i).and_then(|p| p.lang.as_deref()) {
            Some(l) => self.language_feed(l),
            None => self.site_feed(),
        }
    }

    /// The site path of section `i`'s feed, when the build writes one: feeds and section feeds
    /// are on, it is not a home page (whose feed is the site's or its language's) and it lists
    /// a dated page.
    pub fn section_feed(&self, i: usize) -> Option<String> {
        let outputs = &self.config.outputs;
        let s = self.sections.get(i)?;
        let home = s.path == "/" || s.rel_dir.is_empty();
        let wanted = outputs.feed && outputs.section_feeds && !home;
        (wanted && self.any_dated(&s.pages)).then(|| feed_path(&s.path, self.feed_format()))
    }

    /// The site path of `term`'s feed, when the build writes one: feeds and term feeds are on
    /// and it lists a dated page.
    pub fn term_feed(&self, term: &Term) -> Option<String> {
        let outputs = &self.config.outputs;
        let wanted = outputs.feed && outputs.term_feeds;
        (wanted && self.any_dated(&term.pages)).then(|| feed_path(&term.path, self.feed_format()))
    }

    /// Whether one of the pages `pages` (indices) has a date.
    fn any_dated(&self, pages: &[usize]) -> bool {
        pages
            .iter()
            .any(|&i| self.pages.get(i).is_some_and(|p| p.date.is_some()))
    }
}
