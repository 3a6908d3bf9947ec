//! The jobs of a render: every output file with what it needs (a template and its context, a
//! page to render, a plan to print or export), listed before anything renders so that a missing
//! template fails the build before any file is written.

use crate::job::{Job, Jobs};
use crate::view::{
    AliasContext, FeedContext, FeedOf, NotFoundContext, Paginator, RobotsContext, SectionContext,
    SectionView, SitemapContext, SitemapIndexContext, Summaries, TaxonomyListContext, TaxonomyView,
    TemplateContext, TermContext, language_sitemap, shared,
};
use crate::{Stats, Templates};
use deload_site::site::{Site, Taxonomy, Term};
use deload_site::urls::{alias_path, file_for, first_listing_alias, listing_path};

impl<'a, 'p, 'w> Jobs<'a, 'p, 'w> {
    /// Lists the jobs of the files `want` accepts: pages, section listings, taxonomies,
    /// aliases, the site-wide files, then the Programs section. Listings come first: a long job
    /// left for the end would keep one core busy while the other waits.
    pub(crate) fn list(
        site: &'a Site,
        templates: &'a Templates,
        summaries: &'a Summaries<'p>,
        want: &'w (dyn Fn(&str) -> bool + Sync),
    ) -> Jobs<'a, 'p, 'w> {
        let mut jobs = Jobs {
            site,
            templates,
            summaries,
            want,
            list: Vec::new(),
            stats: Stats::default(),
            errors: Vec::new(),
        };
        jobs.pages();
        jobs.sections();
        jobs.taxonomies();
        jobs.site_files();
        if let Some(catalog) = &site.catalog {
            super::programs::jobs(&mut jobs, catalog);
        }
        // last: an alias may not take the place of any file listed before it
        jobs.aliases();
        jobs.list.sort_by_key(|j| matches!(j, Job::Page { .. }));
        jobs
    }

    /// Every content page.
    fn pages(&mut self) {
        let site = self.site;
        for (i, p) in site.pages.iter().enumerate() {
            let template = p.meta.template.as_deref().unwrap_or("page.html");
            if !self.templates.has(template) {
                let loc = p
                    .key_location("template")
                    .unwrap_or(deload_engine::Location { line: 1, column: 1 });
                let e = Self::missing_template(template).in_file(&p.file);
                self.errors.push(e.at(loc, &p.text));
                continue;
            }
            self.stats.pages += 1;
            self.push(Job::Page {
                file: file_for(&p.path),
                template,
                index: i,
            });
        }
    }

    /// Every section's listing pages (the home page is section 0).
    fn sections(&mut self) {
        for i in 0..self.site.sections.len() {
            let s = &self.site.sections[i];
            // the home page of each language is an index
            let home = self.site.sections[i].rel_dir.is_empty();
            let default = if home { "index.html" } else { "section.html" };
            let template = s.meta.template.as_deref().unwrap_or(default);
            if !self.templates.has(template) {
                let file = s.file.clone().unwrap_or_default();
                self.errors
                    .push(Self::missing_template(template).in_file(file));
                continue;
            }
            self.stats.sections += 1;
            self.section(i, template);
            if let Some(path) = self.site.section_feed(i) {
                let s = &self.site.sections[i];
                let lang = s.lang.as_deref();
                let site_title = lang.map_or(self.site.config.title.as_str(), |l| {
                    self.site.config.title_in(l)
                });
                let title = format!("{} · {}", s.title(), site_title);
                let listing = s.path.as_str();
                let pages = Some(s.pages.as_slice());
                self.feed(FeedOf {
                    title,
                    path,
                    listing,
                    pages,
                    lang,
                });
            }
        }
    }

    /// The feed `of` a section or term, if wanted.
    fn feed(&mut self, of: FeedOf<'_>) {
        if !self.wants(&file_for(&of.path)) {
            return;
        }
        let site = self.site;
        let ctx = TemplateContext::Feed(FeedContext::of(site, self.summaries, &of));
        let template = site.feed_format().file_name();
        let what = format!("the feed of {}", of.listing);
        self.push_template(&of.path, template, what, ctx);
    }

    /// Section `i`'s listing pages, `paginate_by` pages each, and the redirect from
    /// `/section/page/1/` when there are several.
    fn section(&mut self, i: usize, template: &'a str) {
        let site = self.site;
        let s = &site.sections[i];
        let per = s.meta.paginate_by.unwrap_or(usize::MAX).max(1);
        let chunks: Vec<&[usize]> = if s.pages.is_empty() {
            vec![&[]]
        } else {
            s.pages.chunks(per).collect()
        };
        let total = chunks.len();
        let wanted = (1..=total).any(|n| self.wants(&file_for(&listing_path(&s.path, n))))
            || (total > 1 && self.wants(&file_for(&first_listing_alias(&s.path))));
        if !wanted {
            return;
        }
        let what = s
            .file
            .as_ref()
            .map_or_else(|| "the home page".to_string(), |f| f.display().to_string());
        let view = SectionView::new(site, i, self.summaries);
        let all_pages = view.pages().clone();
        let section = shared(&view);
        let page_url = |n: usize| site.permalink(&listing_path(&s.path, n));
        let translations = crate::view::translations_of_section(site, i);
        let config = crate::view::config_in(site, s.lang.as_deref());
        let lang = crate::view::lang_of(site, s.lang.as_deref());
        for (k, chunk) in chunks.iter().enumerate() {
            let n = k + 1;
            let path = listing_path(&s.path, n);
            if !self.wants(&file_for(&path)) {
                continue;
            }
            let paginator = Paginator {
                number: n,
                total_pages: total,
                pages: if total == 1 {
                    all_pages.clone()
                } else {
                    self.summaries.list(chunk)
                },
                previous: (n > 1).then(|| page_url(n - 1)),
                next: (n < total).then(|| page_url(n + 1)),
                first: page_url(1),
                last: page_url(total),
            };
            let ctx = SectionContext {
                section: section.clone(),
                paginator,
                current_url: site.permalink(&path),
                current_path: path,
                lang: lang.to_string(),
                translations: translations.clone(),
                config: config.clone(),
            };
            let file = ctx.current_path.clone();
            self.push_template(&file, template, what.clone(), TemplateContext::Section(ctx));
        }
        if total > 1 {
            let ctx = TemplateContext::Alias(AliasContext::new(site, &s.path));
            self.push_template(&first_listing_alias(&s.path), "alias.html", what, ctx);
        }
    }

    /// Every taxonomy's term list and term pages.
    fn taxonomies(&mut self) {
        let site = self.site;
        for t in &site.taxonomies {
            let list_wanted = self.wants(&file_for(&t.path));
            let terms_wanted = t.terms.iter().any(|term| {
                let per = site.config.term_page_size(&t.name);
                let pages = term.pages.len().div_ceil(per).max(1);
                (1..=pages).any(|n| self.wants(&file_for(&listing_path(&term.path, n))))
                    || (site.term_feed(term)).is_some_and(|f| self.wants(&file_for(&f)))
            });
            self.stats.terms += t.terms.len();
            if !list_wanted && !terms_wanted {
                continue;
            }
            let taxonomy = shared(&TaxonomyView::new(site, t));
            let ctx = TaxonomyListContext::new(site, t, taxonomy.clone());
            let what = format!("the {} list", t.name);
            self.push_template(
                &t.path,
                "taxonomy_list.html",
                what,
                TemplateContext::TaxonomyList(ctx),
            );
            let per = site.config.term_page_size(&t.name);
            for term in &t.terms {
                self.term(t, term, &taxonomy, per);
            }
        }
    }

    /// The listing pages of `term` (of taxonomy `t`), `per` pages each, and the redirect from
    /// its `page/1/` when there are several.
    fn term(&mut self, t: &'a Taxonomy, term: &'a Term, taxonomy: &tera::Value, per: usize) {
        let site = self.site;
        let chunks: Vec<&[usize]> = term.pages.chunks(per).collect();
        let total = chunks.len().max(1);
        let what = format!("the {} page for `{}`", t.name, term.name);
        let page_url = |n: usize| site.permalink(&listing_path(&term.path, n));
        for (k, chunk) in chunks.iter().enumerate() {
            let n = k + 1;
            if !self.wants(&file_for(&listing_path(&term.path, n))) {
                continue;
            }
            let paginator = Paginator {
                number: n,
                total_pages: total,
                pages: self.summaries.list(chunk),
                previous: (n > 1).then(|| page_url(n - 1)),
                next: (n < total).then(|| page_url(n + 1)),
                first: page_url(1),
                last: page_url(total),
            };
            let ctx =
                TermContext::new(site, (t, term), taxonomy.clone(), self.summaries, paginator);
            let path = listing_path(&term.path, n);
            self.push_template(
                &path,
                "taxonomy_single.html",
                what.clone(),
                TemplateContext::Term(ctx),
            );
        }
        if total > 1 {
            let ctx = TemplateContext::Alias(AliasContext::new(site, &term.path));
            self.push_template(&first_listing_alias(&term.path), "alias.html", what, ctx);
        }
        if let Some(path) = site.term_feed(term) {
            let lang = t.lang.as_deref();
            let site_title = lang.map_or(site.config.title.as_str(), |l| site.config.title_in(l));
            let title = format!("{} · {}", term.name, site_title);
            self.feed(FeedOf {
                title,
                path,
                listing: &term.path,
                pages: Some(&term.pages),
                lang,
            });
        }
    }

    /// The redirect pages of every page's `aliases`; an alias over a file the build makes is an
    /// error.
    fn aliases(&mut self) {
        let site = self.site;
        if site.pages.iter().all(|p| p.meta.aliases.is_empty()) {
            return;
        }
        let taken = super::taken::Taken::new(site, self.templates, &self.list);
        for p in &site.pages {
            for a in &p.meta.aliases {
                let file = file_for(&alias_path(a));
                if let Some(clash) = taken.clash(&file) {
                    let e = super::taken::alias_error(p, a, &file, clash);
                    self.errors.push(e);
                    continue;
                }
                let ctx = TemplateContext::Alias(AliasContext::new(site, &p.path));
                let what = format!("an alias of {}", p.file.display());
                self.push_template(&alias_path(a), "alias.html", what, ctx);
            }
        }
    }

    /// The 404 page, the feed, the sitemap and robots.txt, each unless site.yaml `outputs`
    /// switches it off (the feed and sitemap read every page: built only if wanted).
    fn site_files(&mut self) {
        let site = self.site;
        let outputs = &site.config.outputs;
        if outputs.not_found && self.wants("404.html") {
            let ctx = TemplateContext::NotFound(NotFoundContext::new(site, None));
            self.push_template(
                NotFoundContext::PATH,
                "404.html",
                "the 404 page".into(),
                ctx,
            );
        }
        let feed = site.site_feed();
        if outputs.feed && self.wants(&file_for(&feed)) {
            let ctx = TemplateContext::Feed(FeedContext::new(site, self.summaries, None));
            let template = site.feed_format().file_name();
            self.push_template(&feed, template, site_feed_name(site), ctx);
        }
        if outputs.sitemap && self.wants("sitemap.xml") && !site.config.is_multilingual() {
            let ctx = TemplateContext::Sitemap(SitemapContext::new(site, None));
            self.push_template("/sitemap.xml", "sitemap.xml", "the sitemap".into(), ctx);
        }
        if site.config.is_multilingual() {
            self.language_files();
        }
        if outputs.robots && self.wants("robots.txt") {
            let ctx = TemplateContext::Robots(RobotsContext::new(site));
            self.push_template("/robots.txt", "robots.txt", "robots.txt".into(), ctx);
        }
    }

    /// A multilingual site's 404 page and feed of each language besides the default
    /// (`/es/404.html`, `/es/atom.xml`), the
    /// sitemap of each language (`/sitemap-en.xml`, `/sitemap-es.xml`) and the sitemap index
    /// over them (`/sitemap.xml`).
    fn language_files(&mut self) {
        let site = self.site;
        let outputs = &site.config.outputs;
        for lang in site.config.other_languages() {
            let path = NotFoundContext::path(site, Some(lang));
            if outputs.not_found && self.wants(&file_for(&path)) {
                let ctx = TemplateContext::NotFound(NotFoundContext::new(site, Some(lang)));
                let what = format!("the `{lang}` 404 page");
                self.push_template(&path, "404.html", what, ctx);
            }
            let path = site.language_feed(lang);
            if outputs.feed && self.wants(&file_for(&path)) {
                let ctx = FeedContext::new(site, self.summaries, Some(lang));
                let what = format!(
                    "the `{lang}` {}",
                    site_feed_name(site).trim_start_matches("the ")
                );
                let template = site.feed_format().file_name();
                self.push_template(&path, template, what, TemplateContext::Feed(ctx));
            }
        }
        if !outputs.sitemap {
            return;
        }
        let default = site.config.default_lang();
        for lang in site.config.all_languages() {
            let path = language_sitemap(lang);
            if self.wants(&file_for(&path)) {
                let only = (lang != default).then_some(lang);
                let ctx = TemplateContext::Sitemap(SitemapContext::new(site, only));
                let what = format!("the `{lang}` sitemap");
                self.push_template(&path, "sitemap.xml", what, ctx);
            }
        }
        if self.wants("sitemap.xml") {
            let ctx = TemplateContext::SitemapIndex(SitemapIndexContext::new(site));
            let what = "the sitemap index".to_string();
            self.push_template("/sitemap.xml", "sitemap_index.xml", what, ctx);
        }
    }
}

/// What the site's feed is called in messages: "the Atom feed", "the RSS feed".
pub(crate) fn site_feed_name(site: &Site) -> String {
    match site.feed_format() {
        deload_site::urls::FeedFormat::Atom => "the Atom feed".into(),
        deload_site::urls::FeedFormat::Rss => "the RSS feed".into(),
    }
}
