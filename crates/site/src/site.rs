//! The site model: everything loaded, every URL known, Markdown rendered and internal links
//! resolved. Rendering (`render`) only reads from it.

pub mod cache;
mod external;
mod feeds;
mod guidance;
mod known;
mod link_schemes;
pub mod menus;
mod related;
mod resolve;
mod translations;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::assets::Asset;
use crate::content::{self, Page, Section, SortBy};
use crate::links::KnownFiles;
use crate::markdown::{self, MarkdownOptions};
use crate::shortcodes::{Document, Shortcodes, Views};
use crate::urls::{self, Kind, SitePath};
use deload_engine::error::Error;
use resolve::{Doc, Resolver, Targets};
pub use translations::Translations;

/// Options that change what is loaded.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Include pages dated after today (site.yaml's `build.future` also does).
    pub future: bool,
    /// Include pages whose `expiry_date` has passed (site.yaml's `build.expired` also does).
    pub expired: bool,
    /// Replace `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Today's date, for plans without a start date (they start the next Monday) and pages
    /// dated after it or expired. None: `SOURCE_DATE_EPOCH`'s day, else the system clock's.
    pub today: Option<jiff::civil::Date>,
    /// The values of the shortcode templates (the template contract's, `render::view`).
    pub views: &'static dyn SiteViews,
    /// Unknown front-matter keys are errors (`--strict`), whatever site.yaml says.
    pub strict: bool,
    /// Check the links written with the site's own base URL too (`deload check`: a crawler of
    /// the published site follows them), with the other errors of the run.
    pub own_links: bool,
    /// The rendered Markdown of the last build's pages, to take instead of rendering the pages
    /// whose bodies did not change; this build's renderings are added to it (see [`cache`]).
    pub cache: Option<std::sync::Arc<cache::PageCache>>,
}

impl LoadOptions {
    /// Published pages only, site.yaml's base URL, today's date, and the shortcodes' values made
    /// by `views`.
    pub fn new(views: &'static dyn SiteViews) -> LoadOptions {
        LoadOptions {
            drafts: false,
            future: false,
            expired: false,
            base_url: None,
            today: None,
            views,
            strict: false,
            own_links: false,
            cache: None,
        }
    }
}

/// One term of a taxonomy (`sleep` in `tags`) and the pages that use it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as first written.
    pub name: String,
    /// URL-safe form.
    pub slug: String,
    /// Site path, `/tags/sleep/`.
    pub path: String,
    /// Page indices, newest first.
    pub pages: Vec<usize>,
}

/// A taxonomy with its terms, sorted by slug.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Name, also the URL segment.
    pub name: String,
    /// Site path, `/tags/`.
    pub path: String,
    /// The terms, sorted by slug.
    pub terms: Vec<Term>,
    /// The language of its pages on a multilingual site (none: the default language's).
    pub lang: Option<String>,
}

/// The values of the shortcode templates ([`Views`]) and of the site functions shortcodes call
/// (`get_page`, ...): view structs of `render::view`, which sits above this crate.
pub trait SiteViews: Views {
    /// The snapshots of `site` for the functions that look it up and that `uses(name)` says a
    /// shortcode calls, made once every page's front matter is read. A page's or section's
    /// rendered Markdown (`content`, `summary`, `toc`, word counts) is not part of them: it is
    /// being made when shortcodes run.
    fn lookups(&self, site: &Site, uses: &dyn Fn(&str) -> bool) -> crate::lookups::Lookups;
}

/// The loaded site.
#[derive(Debug)]
pub struct Site {
    /// The site root folder.
    pub root: PathBuf,
    /// site.yaml.
    pub config: Config,
    /// Pages, sorted by content path.
    pub pages: Vec<Page>,
    /// Sections, sorted by folder; index 0 is the root (home).
    pub sections: Vec<Section>,
    /// Taxonomies in site.yaml order.
    pub taxonomies: Vec<Taxonomy>,
    /// Per page: (previous, next) within its section's order.
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Per page: the index of its section.
    pub page_section: Vec<usize>,
    /// Per page: its related pages (`page.related`) with their scores, best first.
    pub related: Vec<Vec<(usize, u32)>>,
    /// Warnings worth showing (the build still succeeds).
    pub warnings: Vec<Error>,
    /// Site paths of generated pages that are not content (the Programs section), for the sitemap.
    pub(crate) generated_paths: Vec<String>,
    /// The Programs section (programs and athlete plans), when published.
    pub catalog: Option<crate::catalog::Catalog>,
    /// Wall time of each loading stage, for `deload build --verbose`.
    pub phases: Vec<(&'static str, std::time::Duration)>,
    /// The files of `content/` that are not Markdown, copied to the output.
    pub assets: Vec<Asset>,
    /// The files of `static/` (`/`-separated, relative to it).
    pub static_files: Vec<String>,
    /// Every file the build writes.
    pub known: KnownFiles,
    /// The shortcode templates (pages edited in `serve` are rendered again with them).
    pub(crate) shortcodes: Shortcodes,
    /// The site path (and anchor) of each guidance topic's page, when the site renders plans.
    pub guidance: BTreeMap<&'static str, String>,
    /// The content files that did not load (the build fails), with the site path each would
    /// most likely have had: links to them are not reported as broken.
    pub(crate) unloaded: Vec<(String, String)>,
    /// Each page's and section's versions in the site's languages; none for a single-language
    /// site.
    pub translations: Option<Translations>,
    /// The default theme's strings in the site's languages (`t(key=...)` in templates).
    pub strings: crate::templates::i18n::Strings,
    /// What makes the shortcodes' snapshot of the site ([`SiteViews::lookups`]).
    views: &'static dyn SiteViews,
}

impl Site {
    /// The images `resize_image` processed for this build, to copy to the output.
    pub fn images(&self) -> std::sync::Arc<crate::images::Images> {
        self.shortcodes.images.clone()
    }

    /// Loads the site at `root`: config, content, URLs, Markdown, links and taxonomies. Every
    /// error found is returned, not just the first.
    pub fn load(root: &Path, opts: &LoadOptions) -> Result<Site, Vec<Error>> {
        let mut clock = std::time::Instant::now();
        let mut phases = Vec::new();
        let mut lap = |name: &'static str| {
            phases.push((name, clock.elapsed()));
            clock = std::time::Instant::now();
        };
        let mut config = Config::load(root).map_err(|e| vec![e])?;
        if let Some(url) = &opts.base_url {
            config.set_base_url(url).map_err(|e| vec![e])?;
        }
        let (strings, string_warnings) =
            crate::templates::i18n::Strings::load(root, &config.all_languages())
                .map_err(|e| vec![e])?;
        let today = opts.today.unwrap_or_else(crate::config::today);
        let shared = std::sync::Arc::new(strings.clone());
        let shortcodes = Shortcodes::load(root, &config, (today, shared), opts.views)?;
        let cache = opts.cache.as_ref();
        cache.inspect(|c| c.set_options(&cache_options(&config)));
        let prepare = |p: &mut Page| prepare_page(p, &config, &shortcodes, cache);
        let mut rules = content::Rules {
            today: Some(today),
            future: opts.future || config.build.future,
            expired: opts.expired || config.build.expired,
            ..content_rules(&config)
        };
        rules.strict |= opts.strict;
        let mut content = content::load(root, opts.drafts, &rules, &prepare);
        lap("read content, parse front matter, render Markdown");
        let content_warnings = std::mem::take(&mut content.warnings);
        let paths = config.slugify.paths;
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            assets: content::assets::place(
                &content.files,
                &content.pages,
                &content.skipped_bundles,
                paths,
            ),
            pages: content.pages,
            sections: content.sections,
            taxonomies: Vec::new(),
            neighbours: Vec::new(),
            page_section: Vec::new(),
            related: Vec::new(),
            warnings: Vec::new(),
            generated_paths: Vec::new(),
            catalog: None,
            phases: Vec::new(),
            static_files: Vec::new(),
            known: KnownFiles::default(),
            shortcodes,
            guidance: BTreeMap::new(),
            unloaded: content.unloaded,
            translations: None,
            strings,
            views: opts.views,
        };
        site.warnings.extend(string_warnings);
        // the files that did not load are left out, and the stages after go on without them
        // (their links are not reported as broken), so one run reports the errors of them all
        let mut errors = content.errors;
        if let Err(e) = site.assemble(root, today, content_warnings, &mut lap) {
            errors.extend(e);
        }
        if opts.own_links && !site.known.is_empty() {
            let own = site.own_absolute_links();
            if site.config.links.broken_warns() {
                site.warnings.extend(own);
            } else {
                errors.extend(own);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        site.phases = phases;
        Ok(site)
    }

    /// Loads the programs, then assembles the site from its loaded content: URLs, taxonomies,
    /// the files it writes, the sections' Markdown, every link.
    fn assemble(
        &mut self,
        root: &Path,
        today: jiff::civil::Date,
        content_warnings: Vec<Error>,
        lap: &mut dyn FnMut(&'static str),
    ) -> Result<(), Vec<Error>> {
        let site = self;
        if site.has_programs() {
            let (mut catalog, warnings) = crate::catalog::load(root, &site.config.programs, today)?;
            if catalog.planner {
                catalog.planner_languages = (site.config.other_languages().into_iter())
                    .map(str::to_string)
                    .collect();
            }
            site.generated_paths = catalog.paths();
            site.warnings.extend(warnings);
            site.catalog = Some(catalog);
            lap("load and plan programs");
        }
        site.warnings.extend(content_warnings);
        site.read_static();
        site.link_sections();
        site.check_unique_paths()?;
        site.sort_sections();
        site.translations = Translations::find(site);
        if let Some(t) = &site.translations {
            site.warnings.extend(t.missing(site));
        }
        site.build_taxonomies()?;
        let theme = crate::templates::theme_asset_names(root);
        let (known, errors) = site.known_files(&theme);
        if !errors.is_empty() {
            return Err(errors);
        }
        site.known = known;
        site.render_markdown(lap)?;
        site.check_menu()?;
        if site.unloaded.is_empty() {
            // a topic's page may be one that did not load, and a citation may be in one
            site.check_guidance()?;
            site.check_references()?;
        }
        site.warnings.extend(link_schemes::warnings(site));
        lap("sections, taxonomies");
        Ok(())
    }

    /// An error at each reference of the bibliography that no page cites.
    fn check_references(&self) -> Result<(), Vec<Error>> {
        let uncited = self.shortcodes.uncited_references();
        if uncited.is_empty() {
            Ok(())
        } else {
            Err(uncited)
        }
    }

    /// Every file the site's plans read (the Programs section's and the shortcodes'): programs,
    /// athlete files, `extends` chains, training logs.
    pub fn plan_sources(&self) -> Vec<PathBuf> {
        let mut all = self.shortcodes.plan_sources();
        if let Some(c) = &self.catalog {
            all.extend(c.sources.iter().cloned());
        }
        all.sort();
        all.dedup();
        all
    }

    /// Lists `static/`'s files (but those site.yaml's `ignore` matches), with a warning for each
    /// symlink that leads outside it.
    fn read_static(&mut self) {
        let static_dir = self.root.join("static");
        if static_dir.is_dir() {
            let tree = crate::fs::walk_tree(&static_dir, false);
            self.warnings.extend(tree.link_warnings("static"));
            self.static_files = (tree.files.into_iter())
                .map(|(rel, _)| rel)
                .filter(|rel| !self.config.is_ignored(rel))
                .collect();
        }
    }

    /// Whether the Programs section is published (site.yaml `programs.publish` and a `programs/`
    /// folder).
    pub fn has_programs(&self) -> bool {
        self.config.programs.publish && self.root.join("programs").is_dir()
    }

    /// The site path of the page of the term `name` of the taxonomy `taxonomy`
    /// (`/tags/sleep/`, `/tags/c-plus-plus/` for `C++`; see [`crate::urls::slug::term`]).
    pub fn term_path(&self, taxonomy: &str, name: &str) -> String {
        let slug = crate::urls::slug::term(name, self.config.slugify.taxonomies);
        format!("/{taxonomy}/{slug}/")
    }

    /// The site path of the taxonomy `taxonomy` (`/tags/`), or of its term `name` (`/tags/sleep/`),
    /// in the language `lang` (none: the default language; `es`: `/es/tags/sleep/`).
    pub fn term_path_in(&self, lang: Option<&str>, taxonomy: &str, name: Option<&str>) -> String {
        let path = match name {
            Some(n) => self.term_path(taxonomy, n),
            None => format!("/{taxonomy}/"),
        };
        match lang {
            Some(l) => format!("/{l}{path}"),
            None => path,
        }
    }

    /// The site path of a content file (`guidance/sleep.md`, `guidance/_index.md` or
    /// `_index.md`), if the site has it.
    pub fn content_path(&self, file: &str) -> Option<&str> {
        let page = self.pages.iter().find(|p| p.rel == file);
        let section = || self.sections.iter().find(|s| s.content_rel() == file);
        match page {
            Some(p) => Some(&p.path),
            None => section().map(|s| s.path.as_str()),
        }
    }

    /// The site path of a content file as the pages in `lang` link it: its translation into
    /// `lang` where the site has one (`guidance/sleep.es.md` for `guidance/sleep.md`), else the
    /// file's own ([`Site::content_path`]).
    pub fn content_path_in(&self, file: &str, lang: Option<&str>) -> Option<&str> {
        let translated = lang
            .filter(|l| *l != self.config.default_lang())
            .and_then(|l| Some(format!("{}.{l}.md", file.strip_suffix(".md")?)));
        (translated.and_then(|t| self.content_path(&t))).or_else(|| self.content_path(file))
    }

    /// Generated site paths that are not content pages (for the sitemap).
    pub fn extra_paths(&self) -> Vec<String> {
        self.generated_paths.clone()
    }

    /// The absolute URL of a site path.
    pub fn permalink(&self, path: &str) -> String {
        self.config.permalink(path)
    }

    /// The menus of every language must nest as their `parent`s say (see `menus`); every `@/`
    /// link in site.yaml's menus (the default one and each language's) must name a page or section, and every site path a file the build writes: an error
    /// each, or a warning under `links.broken: warn`. Links matching `links.unchecked` are not
    /// checked.
    fn check_menu(&mut self) -> Result<(), Vec<Error>> {
        let languages = self.config.all_languages();
        let mut nesting: Vec<Error> = Vec::new();
        for &lang in &languages {
            if let Err(errors) = menus::build_in(&self.config, &self.root, &self.pages, Some(lang))
            {
                // a language without a menu of its own repeats the default one's errors
                for e in errors {
                    if !nesting.contains(&e) {
                        nesting.push(e);
                    }
                }
            }
        }
        if !nesting.is_empty() {
            return Err(nesting);
        }
        let path = self.root.join(crate::config::CONFIG_FILE);
        let links = &self.config.links;
        let mut broken: Vec<&str> = Vec::new();
        for &lang in &languages {
            let items = self.config.menu_in(Some(lang)).iter();
            for url in items.map(|m| m.url.as_str()) {
                if !broken.contains(&url)
                    && !links.is_unchecked(url)
                    && self.menu_link_is_broken(url)
                {
                    broken.push(url);
                }
            }
        }
        if broken.is_empty() {
            return Ok(());
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let errors: Vec<Error> = (broken.into_iter())
            .map(|url| {
                let line = text.lines().position(|l| l.contains(url)).map_or(1, |i| i + 1);
                let col = (text.lines().nth(line - 1))
                    .and_then(|l| l.find(url))
                    .map_or(1, |c| c + 1);
                Error::new(format!("menu link `{url}` points at a page that does not exist"))
                    .in_file(&path)
                    .at(deload_engine::Location { line, column: col }, &text)
                    .with_hint("menu links use paths inside content/, like `@/guidance/sleep.md`, or site paths like `/programs/`")
            })
            .collect();
        if self.config.links.broken_warns() {
            self.warnings.extend(errors);
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Whether a menu URL is an `@/` link to a missing file, or a site path (`/x/`) the build
    /// does not write (or a missing heading of a page).
    fn menu_link_is_broken(&self, url: &str) -> bool {
        let resolver = self.resolver(Targets::new());
        if resolver.is_unloaded(url, "/") {
            return false;
        }
        match urls::kind(url) {
            Some(Kind::Content) => {
                let file = url[2..].split('#').next().unwrap_or("");
                self.content_path(file).is_none()
            }
            Some(Kind::Root) => {
                let resolver = self.resolver(Targets::new());
                let split = SitePath::split(url);
                let target = &url[..url.len() - split.anchor.map_or(0, |a| a.len() + 1)];
                resolver.site_link(target, split.anchor, None).is_err()
            }
            _ => false,
        }
    }

    /// Attaches every page and section to its nearest ancestor section.
    /// A multilingual site's sections and pages are linked within their language: a Spanish
    /// page belongs to the nearest Spanish section, at worst the Spanish home page (`/es/`).
    fn link_sections(&mut self) {
        let by_dir: HashMap<(Option<&str>, &str), usize> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.lang.as_deref(), s.rel_dir.as_str()), i))
            .collect();
        let nearest = |lang: Option<&str>, dir: &str| -> usize {
            let mut d = dir;
            loop {
                if let Some(i) = by_dir.get(&(lang, d)) {
                    return *i;
                }
                match d.rfind('/') {
                    Some(i) => d = &d[..i],
                    None => return by_dir.get(&(lang, "")).copied().unwrap_or(0),
                }
            }
        };
        let mut links = Vec::new();
        for (i, s) in self.sections.iter().enumerate().skip(1) {
            if s.rel_dir.is_empty() {
                // a language's home page: no parent
                continue;
            }
            let parent_dir = s.rel_dir.rsplit_once('/').map_or("", |(p, _)| p);
            links.push((i, nearest(s.lang.as_deref(), parent_dir)));
        }
        self.page_section = (self.pages.iter())
            .map(|p| nearest(p.lang.as_deref(), &p.dir))
            .collect();
        drop(by_dir);
        for (i, parent) in links {
            self.sections[i].parent = Some(parent);
            self.sections[parent].subsections.push(i);
        }
        for (i, s) in self.page_section.clone().into_iter().enumerate() {
            self.sections[s].pages.push(i);
        }
    }

    /// Two things at one URL is an error; so is an alias that shadows a page. The error points
    /// at the `slug` or `aliases` line that made the clash where there is one.
    fn check_unique_paths(&self) -> Result<(), Vec<Error>> {
        let alias_paths: Vec<(String, &Page)> = self
            .pages
            .iter()
            .flat_map(|p| p.meta.aliases.iter().map(move |a| (urls::alias_path(a), p)))
            .collect();
        let claims = (self.sections.iter())
            .filter(|s| s.file.is_some())
            .map(|s| (s.path.as_str(), Claim::Section(s)))
            .chain(self.pages.iter().map(|p| (p.path.as_str(), Claim::Page(p))))
            .chain(
                self.generated_paths
                    .iter()
                    .map(|g| (g.as_str(), Claim::Generated)),
            )
            .chain(
                alias_paths
                    .iter()
                    .map(|(a, p)| (a.as_str(), Claim::Alias(p))),
            );
        let site_yaml = self.root.join(crate::config::CONFIG_FILE);
        let mut seen: HashMap<&str, Claim<'_>> = HashMap::with_capacity(self.pages.len());
        let mut errors = Vec::new();
        for (path, new) in claims {
            match seen.get(path) {
                Some(&prev) => errors.push(Claim::clash(path, prev, new, &site_yaml)),
                None => {
                    seen.insert(path, new);
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Link targets for `@/` links: content path → (site path, anchors).
    fn link_targets(&self) -> Targets<'_> {
        let mut targets: Targets<'_> =
            HashMap::with_capacity(self.pages.len() + self.sections.len());
        for p in &self.pages {
            targets.insert(Cow::Borrowed(&p.rel), (&p.path, &p.rendered.anchors));
        }
        for s in &self.sections {
            targets.insert(Cow::Owned(s.content_rel()), (&s.path, &s.rendered.anchors));
        }
        targets
    }

    /// Parses and renders page `i` again from `text` (an edit of its file), resolving its `@/`
    /// links against the site as loaded. The site is not changed: the caller swaps the page in
    /// only when nothing else depends on what changed (same front matter, same heading ids).
    pub fn reparse_page(&self, i: usize, text: String) -> Result<Page, Vec<Error>> {
        let old = &self.pages[i];
        let rules = content_rules(&self.config);
        let mut page = Page::parse_with(old.file.clone(), old.rel.clone(), text, &rules)
            .map_err(|r| r.errors)?;
        if old.lang.is_some() {
            // a translation keeps its language's URL (a new `slug` rebuilds the whole site)
            page.path.clone_from(&old.path);
            page.lang.clone_from(&old.lang);
        }
        let lang = (page.lang.as_deref()).unwrap_or(self.config.default_lang());
        let body = render_body(
            &page.text,
            page.body_offset,
            (&page.file, lang),
            &self.config,
            &self.shortcodes,
        );
        if !body.errors.is_empty() {
            return Err(body.errors);
        }
        page.rendered = body.rendered;
        let mut targets = self.link_targets();
        // links from the page to itself see its new headings
        let anchors = page.rendered.anchors.clone();
        targets.insert(Cow::Borrowed(&page.rel), (&page.path, &anchors));
        let resolver = self.resolver(targets);
        let doc = Doc {
            file: &page.file,
            source: &|| page.text.clone(),
            body_offset: page.body_offset,
            path: &page.path,
        };
        let resolved = resolver.resolve(&doc, &page.rendered);
        if !resolved.errors.is_empty() {
            return Err(resolved.errors);
        }
        page.warnings.extend(resolved.warnings);
        let url = self.config.prefixed(&page.path);
        page.rendered.resolve_links(&resolved.urls, &url);
        page.release_body();
        Ok(page)
    }

    /// A link resolver over `targets` and the site's known files.
    fn resolver<'a>(&'a self, targets: Targets<'a>) -> Resolver<'a> {
        Resolver {
            unloaded: &self.unloaded,
            targets,
            known: &self.known,
            pages: &self.pages,
            sections: &self.sections,
            config: &self.config,
        }
    }

    /// Gives the shortcodes that look up the site (`get_page`, ...) their snapshot of it, then
    /// renders the pages that call one, which waited for it; their shortcodes' errors. Nothing
    /// when no shortcode looks up the site.
    fn render_awaiting(&mut self) -> Vec<Error> {
        if !self.shortcodes.look_up() {
            return Vec::new();
        }
        let codes = &self.shortcodes;
        let lookups = self.views.lookups(self, &|name| codes.uses_lookup(name));
        self.shortcodes.set_lookups(lookups);
        let (config, codes) = (&self.config, &self.shortcodes);
        let problems: Vec<(Vec<Error>, Vec<Error>)> = (self.pages.par_iter_mut())
            .filter(|p| p.awaits_site)
            .map(|p| {
                let lang = (p.lang.as_deref()).unwrap_or(config.default_lang());
                let body = render_body(&p.text, p.body_offset, (&p.file, lang), config, codes);
                p.rendered = body.rendered;
                p.awaits_site = false;
                p.release_body();
                (body.errors, body.warnings)
            })
            .collect();
        self.keep_warnings(problems)
    }

    /// The errors of `problems` (each one's errors and warnings); the warnings are kept as the
    /// site's.
    fn keep_warnings(&mut self, problems: Vec<(Vec<Error>, Vec<Error>)>) -> Vec<Error> {
        let mut errors = Vec::new();
        for (e, w) in problems {
            errors.extend(e);
            self.warnings.extend(w);
        }
        errors
    }

    /// Renders the sections' Markdown; their shortcodes' errors.
    fn render_sections(&mut self) -> Vec<Error> {
        let (config, codes) = (&self.config, &self.shortcodes);
        let problems: Vec<(Vec<Error>, Vec<Error>)> = self
            .sections
            .par_iter_mut()
            .map(|s| {
                let file = s.file.clone().unwrap_or_default();
                let lang = (s.lang.as_deref()).unwrap_or(config.default_lang());
                let body = render_body(&s.text, s.body_offset, (&file, lang), config, codes);
                s.rendered = body.rendered;
                (body.errors, body.warnings)
            })
            .collect();
        self.keep_warnings(problems)
    }

    /// Renders the sections' Markdown (the pages' is rendered as they load), then checks and
    /// resolves `@/` links.
    fn render_markdown(&mut self, lap: &mut dyn FnMut(&'static str)) -> Result<(), Vec<Error>> {
        let mut errors = self.render_awaiting();
        errors.extend(self.render_sections());
        if !errors.is_empty() {
            return Err(errors);
        }
        // the images the sections' shortcodes processed are files of the site too
        let mut known = std::mem::take(&mut self.known);
        self.claim_processed_images(&mut known);
        self.known = known;
        let resolver = self.resolver(self.link_targets());
        let root = &self.root;
        let page_links: Vec<_> = self
            .pages
            .par_iter()
            .map(|p| {
                // the body is released: read the file again to show where a broken link is
                let source = || std::fs::read_to_string(root.join(&p.file)).unwrap_or_default();
                let doc = Doc {
                    file: &p.file,
                    source: &source,
                    body_offset: p.body_offset,
                    path: &p.path,
                };
                resolver.resolve(&doc, &p.rendered)
            })
            .collect();
        let section_links: Vec<_> = self
            .sections
            .iter()
            .map(|s| {
                let f = s.file.clone().unwrap_or_default();
                let doc = Doc {
                    file: &f,
                    source: &|| s.text.clone(),
                    body_offset: s.body_offset,
                    path: &s.path,
                };
                resolver.resolve(&doc, &s.rendered)
            })
            .collect();
        drop(resolver);
        lap("check internal links");
        let config = &self.config;
        let problems: Vec<(Vec<Error>, Vec<Error>)> = self
            .pages
            .par_iter_mut()
            .zip(page_links)
            .map(|(p, resolved)| {
                let url = config.prefixed(&p.path);
                p.rendered.resolve_links(&resolved.urls, &url);
                (resolved.errors, resolved.warnings)
            })
            .collect();
        let mut errors = self.keep_warnings(problems);
        for (s, resolved) in self.sections.iter_mut().zip(section_links) {
            errors.extend(resolved.errors);
            self.warnings.extend(resolved.warnings);
            let url = self.config.prefixed(&s.path);
            s.rendered.resolve_links(&resolved.urls, &url);
        }
        lap("resolve internal links");
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Orders each section's pages and subsections and records previous/next.
    fn sort_sections(&mut self) {
        /// What a section sorts its pages by (all pages of one section have the same variant).
        #[derive(PartialEq, Eq, PartialOrd, Ord)]
        enum Key {
            /// Newest first, undated last.
            Date(std::cmp::Reverse<Option<jiff::civil::Date>>),
            /// Weighted pages first, lightest first.
            Weight(bool, Option<i64>),
            /// Title, ignoring case.
            Title(String),
        }
        let pages = &self.pages;
        self.sections.par_iter_mut().for_each(|s| {
            let by = s.meta.sort_by;
            // keys computed once per page (not per comparison), then ties broken by file path
            s.pages.sort_by_cached_key(|&i| {
                let p = &pages[i];
                let key = match by {
                    SortBy::Date => Key::Date(std::cmp::Reverse(p.date)),
                    SortBy::Weight => Key::Weight(p.meta.weight.is_none(), p.meta.weight),
                    SortBy::Title => Key::Title(p.meta.title.to_lowercase()),
                };
                (key, p.rel.as_str())
            });
        });
        let weights: Vec<(Option<i64>, String)> = self
            .sections
            .iter()
            .map(|s| (s.meta.weight, s.title()))
            .collect();
        for s in &mut self.sections {
            s.subsections.sort_by(|&a, &b| {
                let (wa, wb) = (&weights[a], &weights[b]);
                wa.0.unwrap_or(i64::MAX)
                    .cmp(&wb.0.unwrap_or(i64::MAX))
                    .then_with(|| wa.1.cmp(&wb.1))
            });
        }
        self.neighbours = vec![(None, None); self.pages.len()];
        for s in &self.sections {
            for (i, &p) in s.pages.iter().enumerate() {
                let prev = i.checked_sub(1).map(|j| s.pages[j]);
                let next = s.pages.get(i + 1).copied();
                self.neighbours[p] = (prev, next);
            }
        }
    }

    /// Collects tags and the other taxonomies declared in site.yaml, and then each page's
    /// related pages.
    fn build_taxonomies(&mut self) -> Result<(), Vec<Error>> {
        let mut errors = self.check_taxonomy_names();
        let mut taxonomies = Vec::new();
        // a multilingual site's taxonomies are per language: `/tags/`, `/es/tags/`
        let langs: Vec<Option<&str>> = std::iter::once(None)
            .chain(self.config.other_languages().into_iter().map(Some))
            .collect();
        for lang in langs {
            for tax in &self.config.taxonomies {
                let terms = self.taxonomy_terms(&tax.name, lang, &mut errors);
                taxonomies.push(Taxonomy {
                    name: tax.name.clone(),
                    path: self.term_path_in(lang, &tax.name, None),
                    terms,
                    lang: lang.map(String::from),
                });
            }
        }
        for t in &taxonomies {
            if let Some(s) = self.sections.iter().find(|s| s.path == t.path) {
                errors.push(
                    Error::new(format!(
                        "the section {} has the same URL as the `{}` taxonomy",
                        s.path, t.name
                    ))
                    .in_file(s.file.clone().unwrap_or_default())
                    .with_hint("rename the folder"),
                );
            }
        }
        self.taxonomies = taxonomies;
        self.related = related::find(self, self.config.related.count);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// An error for each page's `taxonomies` entry that site.yaml does not declare (and for
    /// `tags` there, which has its own key).
    fn check_taxonomy_names(&self) -> Vec<Error> {
        let mut errors = Vec::new();
        for p in &self.pages {
            for name in p.meta.taxonomies.keys() {
                if name == "tags" || !self.config.taxonomies.iter().any(|t| &t.name == name) {
                    let loc = p
                        .key_location("taxonomies")
                        .unwrap_or(deload_engine::Location { line: 1, column: 1 });
                    let hint = if name == "tags" {
                        "put tags in the `tags` key".to_string()
                    } else {
                        format!("declare it in site.yaml: `taxonomies: [{{name: {name}}}]`")
                    };
                    errors.push(
                        Error::new(format!("unknown taxonomy `{name}`"))
                            .in_file(&p.file)
                            .at(loc, &p.text)
                            .with_hint(hint),
                    );
                }
            }
        }
        errors
    }

    /// The terms of the taxonomy `taxonomy` with their pages (newest first), sorted by slug. A
    /// term without letters or digits, or one whose URL another term has (`sleep!` and `sleep`;
    /// not `Sleep` and `sleep` unless `slugify.taxonomies: safe`), is an error in `errors`.
    /// Only the pages in `lang` count (none: the default language).
    fn taxonomy_terms(
        &self,
        taxonomy: &str,
        lang: Option<&str>,
        errors: &mut Vec<Error>,
    ) -> Vec<Term> {
        let mode = self.config.slugify.taxonomies;
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        let in_lang = self.pages.iter().enumerate();
        for (i, p) in in_lang.filter(|(_, p)| p.lang.as_deref() == lang) {
            let list: &[String] = if taxonomy == "tags" {
                &p.meta.tags
            } else {
                p.meta.taxonomies.get(taxonomy).map_or(&[], Vec::as_slice)
            };
            for name in list {
                let slug = crate::urls::slug::term(name, mode);
                let why = if slug.is_empty() {
                    Some(TermError::Empty)
                } else {
                    (terms.get(&slug))
                        .filter(|t| !same_term(&t.name, name, mode))
                        .map(|t| {
                            let first = t.pages.first().map(|&j| &self.pages[j].file);
                            TermError::Clash(t.name.clone(), first.cloned().unwrap_or_default())
                        })
                };
                if let Some(why) = why {
                    errors.push(term_error(p, taxonomy, name, &slug, why));
                    continue;
                }
                let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.clone(),
                    path: self.term_path_in(lang, taxonomy, Some(name)),
                    slug,
                    pages: Vec::new(),
                });
                // pages come in order: a term listed twice on a page is the last one
                if term.pages.last() != Some(&i) {
                    term.pages.push(i);
                }
            }
        }
        let pages = &self.pages;
        let mut terms: Vec<Term> = terms.into_values().collect();
        // newest first, then by title (a stable sort: equal pages keep file order)
        terms.par_iter_mut().for_each(|t| {
            t.pages.sort_by_cached_key(|&i| {
                (
                    std::cmp::Reverse(pages[i].date),
                    pages[i].meta.title.as_str(),
                )
            });
        });
        terms
    }
}

/// Why a taxonomy term has no page.
enum TermError {
    /// It has no letters or digits.
    Empty,
    /// Another term, named so and first listed in that file, has its URL.
    Clash(String, std::path::PathBuf),
}

/// Whether `a` and `b` name one term: the same but for case where terms are lowered (`mode`),
/// and surrounding white space.
fn same_term(a: &str, b: &str, mode: crate::urls::slug::Mode) -> bool {
    let (a, b) = (a.trim(), b.trim());
    match mode {
        crate::urls::slug::Mode::On => a.to_lowercase() == b.to_lowercase(),
        crate::urls::slug::Mode::Safe => a == b,
    }
}

/// The error of the term `name` of `taxonomy` on page `p`, located at the page's key listing it.
fn term_error(p: &Page, taxonomy: &str, name: &str, slug: &str, why: TermError) -> Error {
    let e = match why {
        TermError::Empty => {
            Error::new(format!("{taxonomy} term `{name}` has no letters or digits"))
                .with_hint("use words, like `sleep`")
        }
        TermError::Clash(other, first) => Error::new(format!(
            "{taxonomy} terms `{other}` and `{name}` would share the URL /{taxonomy}/{slug}/"
        ))
        .with_hint(format!(
            "write the term as {} does (`{other}`), or name it apart with a letter or digit \
             that differs",
            first.display()
        )),
    };
    let e = e.in_file(&p.file);
    match p
        .key_location(taxonomy)
        .or_else(|| p.key_location("taxonomies"))
    {
        Some(l) => e.at(l, &p.text),
        None => e,
    }
}

/// Who claims a URL (for [`Site::check_unique_paths`]). Everything for the message is worked
/// out only for a clash.
#[derive(Clone, Copy)]
enum Claim<'a> {
    /// A section, by its folder.
    Section(&'a Section),
    /// A page, by its file name or its `slug`.
    Page(&'a Page),
    /// One of a page's `aliases`.
    Alias(&'a Page),
    /// The generated Programs section.
    Generated,
}

impl<'p> Claim<'p> {
    /// Who it is, for the message.
    fn owner(self) -> String {
        match self {
            Claim::Section(s) => s.file.clone().unwrap_or_default().display().to_string(),
            Claim::Page(p) => p.file.display().to_string(),
            Claim::Alias(p) => format!("an alias in {}", p.file.display()),
            Claim::Generated => "the generated Programs section (programs/)".into(),
        }
    }

    /// The front-matter key that chose the URL, if one did.
    fn key(self) -> Option<(&'static str, &'p Page)> {
        match self {
            Claim::Page(p) if p.meta.slug.is_some() => Some(("slug", p)),
            Claim::Alias(p) => Some(("aliases", p)),
            _ => None,
        }
    }

    /// The error for `new` claiming `path`, which `prev` claimed first. It blames the claimant
    /// whose front matter chose the URL (`slug`, `aliases`), else the new one, at that line.
    fn clash(path: &str, prev: Claim<'_>, new: Claim<'_>, site_yaml: &Path) -> Error {
        let blame = if new.key().is_none() && prev.key().is_some() {
            prev
        } else {
            new
        };
        let e = Error::new(format!(
            "two pages have the same URL {path}: {} and {}",
            prev.owner(),
            new.owner()
        ))
        .with_hint("give one of them another `slug` (or rename the file)");
        let at = |line| deload_engine::Location { line, column: 1 };
        match blame {
            Claim::Section(s) => e
                .in_file(s.file.clone().unwrap_or_default())
                .at(at(1), &s.text),
            Claim::Page(p) | Claim::Alias(p) => {
                let key = blame.key().and_then(|(k, p)| p.key_location(k));
                e.in_file(&p.file)
                    .at(at(key.map_or(1, |l| l.line)), &p.text)
            }
            Claim::Generated => {
                // point at the `programs:` settings, which publish the section
                let text = std::fs::read_to_string(site_yaml).unwrap_or_default();
                let line = text
                    .lines()
                    .position(|l| l.starts_with("programs:"))
                    .map_or(1, |i| i + 1);
                e.in_file(site_yaml).at(at(line), &text).with_hint(
                    "the Programs section is generated from programs/: move the page \
                     elsewhere, or set `programs: { publish: false }` in site.yaml",
                )
            }
        }
    }
}

/// What parsing content needs from site.yaml: the taxonomies a page may list at the top level.
fn content_rules(config: &Config) -> content::Rules {
    content::Rules {
        taxonomies: (config.taxonomies.iter())
            .filter(|t| t.name != "tags")
            .map(|t| t.name.clone())
            .collect(),
        strict: config.strict,
        ignore: config.ignore.clone(),
        languages: (config.other_languages().into_iter())
            .map(String::from)
            .collect(),
        default_language: config.default_lang().to_string(),
        paths: config.slugify.paths,
        ..content::Rules::default()
    }
}

/// Renders a page's Markdown as it loads, then drops its source (read again only to point at a
/// broken link); the page's errors are its shortcodes'.
fn prepare_page(
    p: &mut Page,
    config: &Config,
    codes: &Shortcodes,
    cache: Option<&std::sync::Arc<cache::PageCache>>,
) -> Result<(), Vec<Error>> {
    let lang = (p.lang.as_deref()).unwrap_or(config.default_lang());
    // only a body rendered from its own bytes alone is cached: no shortcode, no alert
    let source = p.text.get(p.body_offset..).unwrap_or("");
    if codes.calls_lookup(source) {
        // rendered once every page is read (`Site::render_awaiting`)
        p.awaits_site = true;
        return Ok(());
    }
    let cache = cache.filter(|_| !may_embed(source));
    let hash = cache.map(|_| cache::body_hash(source));
    let taken = cache
        .zip(hash)
        .and_then(|(c, h)| cache::PageCache::take(c, &p.rel, h));
    if let Some(rendered) = taken {
        p.rendered = rendered;
        p.release_body();
        return Ok(());
    }
    let body = render_body(&p.text, p.body_offset, (&p.file, lang), config, codes);
    if let (Some(c), Some(h)) = (cache, hash)
        && body.errors.is_empty()
        && body.warnings.is_empty()
        && body.rendered.warnings.is_empty()
    {
        c.put(&p.rel, h, &body.rendered);
    }
    p.rendered = body.rendered;
    p.warnings.extend(body.warnings);
    p.release_body();
    if body.errors.is_empty() {
        Ok(())
    } else {
        Err(body.errors)
    }
}

/// Whether a Markdown body may call a shortcode or hold an alert (`> [!NOTE]`): then it is
/// rendered with the shortcodes (and never cached).
fn may_embed(body: &str) -> bool {
    crate::shortcodes::may_have_calls(body)
        || memchr::memmem::find(body.as_bytes(), b"[!").is_some()
}

/// What the page cache's entries depend on besides a page's body: the Markdown options and
/// whether the site keeps search text (see [`cache`]).
fn cache_options(config: &Config) -> String {
    format!(
        "{:?} search={}",
        markdown_options(config),
        config.outputs.search
    )
}

/// A Markdown body rendered, with what its shortcodes found wrong.
struct Body {
    rendered: markdown::Rendered,
    errors: Vec<Error>,
    warnings: Vec<Error>,
}

/// The options of the Markdown renderer as site.yaml's `markdown:` sets them.
pub fn markdown_options(config: &Config) -> MarkdownOptions {
    let m = &config.markdown;
    MarkdownOptions {
        unsafe_html: m.unsafe_html,
        heading_anchors: m.heading_anchors,
        smart_punctuation: m.smart_punctuation,
        highlight: m.highlighting.enabled,
        definition_lists: m.definition_lists,
        emoji: m.emoji,
        attributes: m.attributes,
        math: m.math,
        linkify: m.linkify,
        anchors: config.slugify.anchors,
    }
}

/// Renders the Markdown body of `text` (from `body_offset`; the file `file`, in the language
/// `lang`) with the site's options and shortcodes, keeping of its plain text only what the search index reads (nothing
/// when the site has no search index): the plain text of every page would otherwise stay in
/// memory for the whole build.
fn render_body(
    text: &str,
    body_offset: usize,
    (file, lang): (&Path, &str),
    config: &Config,
    codes: &Shortcodes,
) -> Body {
    let body = text.get(body_offset..).unwrap_or("");
    if let Err(r) = markdown::bounds::check(body) {
        // refused before parsing: the parser would take gigabytes
        let error = Error::new(r.message)
            .in_file(file)
            .at_offset(text, body_offset + r.offset)
            .with_hint(r.hint);
        return Body {
            rendered: markdown::Rendered::default(),
            errors: vec![error],
            warnings: Vec::new(),
        };
    }
    let opts = markdown_options(config);
    let (mut r, errors, warnings) = if may_embed(body) {
        // the page's folder under content/, where `resize_image` looks first
        let dir = file.parent().unwrap_or(Path::new(""));
        let dir = dir.strip_prefix("content").unwrap_or(dir);
        let dir = dir.to_string_lossy().replace('\\', "/");
        let doc = Document::expand_in(codes, body, (&dir, lang));
        let mut r = markdown::render_with(&doc.source, opts, Some(&doc));
        for link in &mut r.links {
            link.offset = doc.original_offset(link.offset);
        }
        for w in &mut r.warnings {
            w.offset = doc.original_offset(w.offset);
        }
        doc.finish_markdown(&mut r);
        let (errors, warnings) = doc.finish(file, text, body_offset);
        (r, errors, warnings)
    } else {
        (markdown::render(body, opts), Vec::new(), Vec::new())
    };
    let keep = if config.outputs.search {
        crate::search::indexed_body(&r.text).len()
    } else {
        0
    };
    if keep < r.text.len() {
        r.text.truncate(keep);
        r.text.shrink_to_fit();
    }
    Body {
        rendered: r,
        errors,
        warnings,
    }
}
