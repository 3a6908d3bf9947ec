//! Every file a build of the site writes, known before any Markdown link is resolved: the link
//! checks look root-relative and relative links up in it, and a content asset may not take a
//! generated file's place.

use deload_engine::error::Error;

use super::Site;
use crate::catalog::Catalog;
use crate::links::{KnownFiles, Owner};
use crate::urls::{self, DOWNLOADS, listing_path};

/// The fixed files of every build (their site paths).
const SITE_FILES: &[(&str, &str)] = &[
    ("/sitemap.xml", "the sitemap"),
    ("/robots.txt", "robots.txt"),
    ("/404.html", "the 404 page"),
];

impl Site {
    /// Every file the build writes, with who writes it; an error for each content asset that
    /// would take a generated file's place.
    pub(super) fn known_files(&self, theme_assets: &[String]) -> (KnownFiles, Vec<Error>) {
        let mut known = KnownFiles::default();
        for (i, p) in self.pages.iter().enumerate() {
            known.claim(&p.path, Owner::Page(i));
        }
        for (i, s) in self.sections.iter().enumerate() {
            known.claim(&s.path, Owner::Section(i));
            let listings = s.listing_pages();
            for n in 2..=listings {
                known.claim(&listing_path(&s.path, n), Owner::Other(s.path.clone()));
            }
            if let Some(feed) = self.section_feed(i) {
                known.claim(&feed, Owner::Other(format!("the feed of {}", s.path)));
            }
        }
        let feed = match self.feed_format() {
            urls::FeedFormat::Atom => "the Atom feed",
            urls::FeedFormat::Rss => "the RSS feed",
        };
        known.claim(&self.site_feed(), Owner::Other(feed.into()));
        self.claim_taxonomies(&mut known);
        for p in &self.pages {
            for a in &p.meta.aliases {
                known.claim(
                    &urls::alias_path(a),
                    Owner::Other(format!("an alias of {}", p.file.display())),
                );
            }
        }
        if let Some(catalog) = &self.catalog {
            claim_catalog(catalog, &mut known);
        }
        // the images the pages' shortcodes had processed (their Markdown is rendered by now;
        // the sections' is not yet: see `claim_processed_images`)
        self.claim_processed_images(&mut known);
        for (path, what) in SITE_FILES {
            known.claim(path, Owner::Other((*what).to_string()));
        }
        self.claim_language_files(&mut known);
        if self.config.outputs.search {
            known.claim(
                &format!("/{}", urls::SEARCH_INDEX),
                Owner::Other("the search index".into()),
            );
        }
        for name in theme_assets {
            known.claim(
                &format!("/{name}"),
                Owner::Other(format!("the theme's {name}")),
            );
        }
        for rel in &self.static_files {
            known.claim(&format!("/{rel}"), Owner::Other(format!("static/{rel}")));
        }
        let mut errors = Vec::new();
        for a in &self.assets {
            if let Some(owner) = known.claim(&a.path, Owner::Other(a.file.display().to_string())) {
                let who = match owner {
                    Owner::Page(i) => self.pages[*i].file.display().to_string(),
                    Owner::Section(i) => self.sections[*i].path.clone(),
                    Owner::Other(w) => w.clone(),
                };
                errors.push(
                    Error::new(format!(
                        "{} would replace {} (written by {who})",
                        a.file.display(),
                        a.path
                    ))
                    .in_file(&a.file)
                    .with_hint("rename the file or move it to another folder"),
                );
            }
        }
        (known, errors)
    }

    /// A multilingual site's files of each language: its feed and search index
    /// (`/es/atom.xml`, `/es/search-index.js`) and its sitemap (`/sitemap-es.xml`).
    fn claim_language_files(&self, known: &mut KnownFiles) {
        if !self.config.is_multilingual() {
            return;
        }
        for lang in self.config.other_languages() {
            let not_found = format!("/{lang}/404.html");
            known.claim(&not_found, Owner::Other(format!("the `{lang}` 404 page")));
            let feed = self.language_feed(lang);
            let format = match self.feed_format() {
                urls::FeedFormat::Atom => "Atom",
                urls::FeedFormat::Rss => "RSS",
            };
            known.claim(&feed, Owner::Other(format!("the `{lang}` {format} feed")));
            if self.config.outputs.search {
                let index = format!("/{lang}/{}", urls::SEARCH_INDEX);
                known.claim(&index, Owner::Other(format!("the `{lang}` search index")));
            }
        }
        for lang in self.config.all_languages() {
            let sitemap = format!("/sitemap-{lang}.xml");
            known.claim(&sitemap, Owner::Other(format!("the `{lang}` sitemap")));
        }
    }

    /// The taxonomies' term lists and every listing page of every term.
    fn claim_taxonomies(&self, known: &mut KnownFiles) {
        for t in &self.taxonomies {
            known.claim(&t.path, Owner::Other(format!("the {} list", t.name)));
            let per = self.config.term_page_size(&t.name);
            for term in &t.terms {
                let pages = term.pages.len().div_ceil(per).max(1);
                let owner = || Owner::Other(format!("the {} page for `{}`", t.name, term.name));
                for n in 1..=pages {
                    known.claim(&listing_path(&term.path, n), owner());
                }
                if let Some(feed) = self.term_feed(term) {
                    known.claim(&feed, owner());
                }
            }
        }
    }

    /// The images shortcodes have processed so far (`resize_image`, a `figure` with `widths`),
    /// each under `/processed_images/`: once when the files are listed (the pages' Markdown is
    /// rendered by then), and again once the sections' Markdown is, before any link is checked.
    pub(crate) fn claim_processed_images(&self, known: &mut KnownFiles) {
        for (path, _) in self.shortcodes.images.produced() {
            known.claim(
                &format!("/{path}"),
                Owner::Other("a processed image".into()),
            );
        }
    }
}

/// The Programs section's files: its pages, printable plans and their downloads.
fn claim_catalog(catalog: &Catalog, known: &mut KnownFiles) {
    let owner = || Owner::Other("the Programs section".to_string());
    for path in catalog.paths() {
        known.claim(&path, owner());
    }
    if catalog.planner {
        for name in crate::planner::ASSETS {
            known.claim(&format!("{}{name}", crate::planner::PATH), owner());
        }
        known.claim(crate::planner::OFFLINE_WORKER, owner());
    }
    for p in &catalog.programs {
        for (level, _) in &p.plans {
            for ext in DOWNLOADS {
                known.claim(&Catalog::plan_path(&p.slug, *level, ext), owner());
            }
        }
    }
}
