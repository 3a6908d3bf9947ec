//! The site model: everything loaded, every URL known, Markdown rendered and internal links
//! resolved. Rendering (`render`) only reads from it.

mod link_schemes;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Page, Section, SortBy};
use crate::markdown::{self, MarkdownOptions};
use deload_engine::error::Error;
use deload_engine::text::slugify;

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub(crate) drafts: bool,
    /// Replace `base_url` from site.yaml.
    pub(crate) base_url: Option<String>,
    /// Today's date, for plans without a start date (they start the next Monday). None: the
    /// system clock.
    pub(crate) today: Option<jiff::civil::Date>,
}

/// One term of a taxonomy (`sleep` in `tags`) and the pages that use it.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The term as first written.
    pub(crate) name: String,
    /// URL-safe form.
    pub(crate) slug: String,
    /// Site path, `/tags/sleep/`.
    pub(crate) path: String,
    /// Page indices, newest first.
    pub(crate) pages: Vec<usize>,
}

/// A taxonomy with its terms, sorted by slug.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    /// Name, also the URL segment.
    pub(crate) name: String,
    /// Site path, `/tags/`.
    pub(crate) path: String,
    /// The terms, sorted by slug.
    pub(crate) terms: Vec<Term>,
}

/// The loaded site.
#[derive(Debug)]
pub(crate) struct Site {
    /// The site root folder.
    pub(crate) root: PathBuf,
    /// site.yaml.
    pub(crate) config: Config,
    /// Pages, sorted by content path.
    pub(crate) pages: Vec<Page>,
    /// Sections, sorted by folder; index 0 is the root (home).
    pub(crate) sections: Vec<Section>,
    /// Taxonomies in site.yaml order.
    pub(crate) taxonomies: Vec<Taxonomy>,
    /// Per page: (previous, next) within its section's order.
    pub(crate) neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Per page: the index of its section.
    pub(crate) page_section: Vec<usize>,
    /// Warnings worth showing (the build still succeeds).
    pub(crate) warnings: Vec<Error>,
    /// Site paths of generated pages that are not content (the Programs section), for the sitemap.
    pub(crate) generated_paths: Vec<String>,
    /// The Programs section (programs and athlete plans), when published.
    pub(crate) catalog: Option<crate::catalog::Catalog>,
    /// Wall time of each loading stage, for `deload build --verbose`.
    pub(crate) phases: Vec<(&'static str, std::time::Duration)>,
}

impl Site {
    /// Loads the site at `root`: config, content, URLs, Markdown, links and taxonomies. Every
    /// error found is returned, not just the first.
    pub(crate) fn load(root: &Path, opts: &LoadOptions) -> Result<Site, Vec<Error>> {
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
        let prepare = |p: &mut Page| {
            p.rendered = render_body(&p.file, &p.text, p.body(), &config)?;
            // the source is read again only to point at a broken link
            p.release_body();
            Ok(())
        };
        let mut content = content::load(root, opts.drafts, &prepare)?;
        lap("read content, parse front matter, render Markdown");
        let content_warnings = std::mem::take(&mut content.warnings);
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            pages: content.pages,
            sections: content.sections,
            taxonomies: Vec::new(),
            neighbours: Vec::new(),
            page_section: Vec::new(),
            warnings: Vec::new(),
            generated_paths: Vec::new(),
            catalog: None,
            phases: Vec::new(),
        };
        if site.has_programs() {
            let today = opts
                .today
                .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
            let (catalog, warnings) = crate::catalog::load(root, &site.config.programs, today)?;
            site.generated_paths = catalog.paths();
            site.warnings.extend(warnings);
            site.catalog = Some(catalog);
            lap("load and plan programs");
        }
        site.warnings.extend(content_warnings);
        let static_dir = root.join("static");
        if static_dir.is_dir() {
            let tree = crate::fs::walk_tree(&static_dir, false);
            site.warnings.extend(
                tree.outside
                    .iter()
                    .map(|l| crate::fs::outside_warning(l, "static")),
            );
        }
        site.link_sections();
        site.check_unique_paths()?;
        site.render_markdown(&mut lap)?;
        site.sort_sections();
        site.build_taxonomies()?;
        site.check_menu()?;
        let unsafe_links = link_schemes::warnings(&site);
        site.warnings.extend(unsafe_links);
        lap("sections, taxonomies");
        site.phases = phases;
        Ok(site)
    }

    /// Whether the Programs section is published (site.yaml `programs.publish` and a `programs/`
    /// folder).
    pub(crate) fn has_programs(&self) -> bool {
        self.config.programs.publish && self.root.join("programs").is_dir()
    }

    /// The site path of the page of the term `name` of the taxonomy `taxonomy`
    /// (`/tags/sleep/`).
    pub(crate) fn term_path(taxonomy: &str, name: &str) -> String {
        format!("/{taxonomy}/{}/", slugify(name))
    }

    /// The site path of a content file (`guidance/sleep.md`, `guidance/_index.md` or
    /// `_index.md`), if the site has it.
    pub(crate) fn content_path(&self, file: &str) -> Option<&str> {
        let page = self.pages.iter().find(|p| p.rel == file);
        let section = || {
            self.sections.iter().find(|s| {
                (s.rel_dir.is_empty() && file == "_index.md")
                    || file.strip_suffix("/_index.md") == Some(s.rel_dir.as_str())
            })
        };
        match page {
            Some(p) => Some(&p.path),
            None => section().map(|s| s.path.as_str()),
        }
    }

    /// Generated site paths that are not content pages (for the sitemap).
    pub(crate) fn extra_paths(&self) -> Vec<String> {
        self.generated_paths.clone()
    }

    /// The absolute URL of a site path.
    pub(crate) fn permalink(&self, path: &str) -> String {
        self.config.permalink(path)
    }

    /// Every `@/` link in the menu must name a page or section.
    fn check_menu(&self) -> Result<(), Vec<Error>> {
        let path = self.root.join(crate::config::CONFIG_FILE);
        let mut errors = Vec::new();
        for item in &self.config.menu {
            let Some(target) = item.url.strip_prefix("@/") else {
                continue;
            };
            let file = target.split('#').next().unwrap_or("");
            if self.content_path(file).is_none() {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let line = text
                    .lines()
                    .position(|l| l.contains(&item.url))
                    .map_or(1, |i| i + 1);
                let col = text
                    .lines()
                    .nth(line - 1)
                    .and_then(|l| l.find(&item.url))
                    .map_or(1, |c| c + 1);
                errors.push(
                    Error::new(format!(
                        "menu link `{}` points at a page that does not exist",
                        item.url
                    ))
                    .in_file(&path)
                    .at(deload_engine::Location { line, column: col }, &text)
                    .with_hint("menu links use paths inside content/, like `@/guidance/sleep.md`"),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Attaches every page and section to its nearest ancestor section.
    fn link_sections(&mut self) {
        let by_dir: HashMap<String, usize> = self
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.rel_dir.clone(), i))
            .collect();
        let nearest = |dir: &str| -> usize {
            let mut d = dir;
            loop {
                if let Some(i) = by_dir.get(d) {
                    return *i;
                }
                match d.rfind('/') {
                    Some(i) => d = &d[..i],
                    None => return by_dir.get("").copied().unwrap_or(0),
                }
            }
        };
        for i in 1..self.sections.len() {
            let dir = self.sections[i].rel_dir.clone();
            let parent_dir = dir.rsplit_once('/').map_or("", |(p, _)| p);
            let parent = nearest(parent_dir);
            self.sections[i].parent = Some(parent);
            self.sections[parent].subsections.push(i);
        }
        self.page_section = self.pages.iter().map(|p| nearest(&p.dir)).collect();
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
            .flat_map(|p| {
                p.meta
                    .aliases
                    .iter()
                    .map(move |a| (content::alias_path(a), p))
            })
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
            let rel = if s.rel_dir.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{}/_index.md", s.rel_dir)
            };
            targets.insert(Cow::Owned(rel), (&s.path, &s.rendered.anchors));
        }
        targets
    }

    /// Parses and renders page `i` again from `text` (an edit of its file), resolving its `@/`
    /// links against the site as loaded. The site is not changed: the caller swaps the page in
    /// only when nothing else depends on what changed (same front matter, same heading ids).
    pub(crate) fn reparse_page(&self, i: usize, text: String) -> Result<Page, Vec<Error>> {
        let old = &self.pages[i];
        let mut page = Page::parse(old.file.clone(), old.rel.clone(), text).map_err(|e| vec![e])?;
        page.rendered =
            render_body(&page.file, &page.text, page.body(), &self.config).map_err(|e| vec![e])?;
        let mut targets = self.link_targets();
        // links from the page to itself see its new headings
        let anchors = page.rendered.anchors.clone();
        targets.insert(Cow::Borrowed(&page.rel), (&page.path, &anchors));
        let (urls, errors) = resolve_links(
            &targets,
            &self.config,
            &page.file,
            &|| page.text.clone(),
            page.body_offset,
            &page.rendered,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        page.rendered.resolve_links(&urls);
        page.release_body();
        Ok(page)
    }

    /// Renders the sections' Markdown (the pages' is rendered as they load), then checks and
    /// resolves `@/` links.
    fn render_markdown(&mut self, lap: &mut dyn FnMut(&'static str)) -> Result<(), Vec<Error>> {
        let config = &self.config;
        let refused: Vec<Error> = (self.sections.par_iter_mut())
            .filter_map(|s| {
                let file = s.file.clone().unwrap_or_default();
                match render_body(&file, &s.text, s.body(), config) {
                    Ok(r) => {
                        s.rendered = r;
                        None
                    }
                    Err(e) => Some(e),
                }
            })
            .collect();
        if !refused.is_empty() {
            return Err(refused);
        }

        let targets = self.link_targets();
        let root = &self.root;
        let resolve = |file: &Path,
                       source: &dyn Fn() -> String,
                       body_offset: usize,
                       r: &markdown::Rendered| {
            resolve_links(&targets, config, file, source, body_offset, r)
        };
        let page_links: Vec<_> = self
            .pages
            .par_iter()
            .map(|p| {
                // the body is released: read the file again to show where a broken link is
                let source = || std::fs::read_to_string(root.join(&p.file)).unwrap_or_default();
                resolve(&p.file, &source, p.body_offset, &p.rendered)
            })
            .collect();
        let section_links: Vec<_> = self
            .sections
            .iter()
            .map(|s| {
                let f = s.file.clone().unwrap_or_default();
                resolve(&f, &|| s.text.clone(), s.body_offset, &s.rendered)
            })
            .collect();
        lap("check internal links");
        let mut errors: Vec<Error> = self
            .pages
            .par_iter_mut()
            .zip(page_links)
            .flat_map_iter(|(p, (urls, errs))| {
                p.rendered.resolve_links(&urls);
                errs
            })
            .collect();
        for (s, (urls, errs)) in self.sections.iter_mut().zip(section_links) {
            errors.extend(errs);
            s.rendered.resolve_links(&urls);
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

    /// Collects tags and the other taxonomies declared in site.yaml.
    fn build_taxonomies(&mut self) -> Result<(), Vec<Error>> {
        let mut errors = self.check_taxonomy_names();
        let mut taxonomies = Vec::new();
        for tax in &self.config.taxonomies {
            let terms = self.taxonomy_terms(&tax.name, &mut errors);
            taxonomies.push(Taxonomy {
                name: tax.name.clone(),
                path: format!("/{}/", tax.name),
                terms,
            });
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
    /// term without letters or digits is an error in `errors`.
    fn taxonomy_terms(&self, taxonomy: &str, errors: &mut Vec<Error>) -> Vec<Term> {
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            let list: &[String] = if taxonomy == "tags" {
                &p.meta.tags
            } else {
                p.meta.taxonomies.get(taxonomy).map_or(&[], Vec::as_slice)
            };
            for name in list {
                let slug = slugify(name);
                if slug.is_empty() {
                    let loc = p
                        .key_location(taxonomy)
                        .or_else(|| p.key_location("taxonomies"));
                    let mut e =
                        Error::new(format!("{taxonomy} term `{name}` has no letters or digits"))
                            .in_file(&p.file)
                            .with_hint("use words, like `sleep`");
                    if let Some(l) = loc {
                        e = e.at(l, &p.text);
                    }
                    errors.push(e);
                    continue;
                }
                let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.clone(),
                    path: Site::term_path(taxonomy, name),
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

/// Link targets: content-relative file → (site path, heading ids).
type Targets<'a> = HashMap<Cow<'a, str>, (&'a str, &'a [String])>;

/// Renders `body`, the Markdown body at the end of `text` (the file `file`), with the site's
/// options, keeping of its plain text only what the search index reads (nothing when the
/// site has no search index): the plain text of every page would otherwise stay in memory for
/// the whole build. Error: a body over the bounds of `markdown::bounds`, refused before parsing.
fn render_body(
    file: &Path,
    text: &str,
    body: &str,
    config: &Config,
) -> Result<markdown::Rendered, Error> {
    if let Err(r) = markdown::bounds::check(body) {
        let body_offset = text.len().saturating_sub(body.len());
        return Err(Error::new(r.message)
            .in_file(file)
            .at_offset(text, body_offset + r.offset)
            .with_hint(r.hint));
    }
    let opts = MarkdownOptions {
        unsafe_html: config.markdown.unsafe_html,
    };
    let mut r = markdown::render(body, opts);
    let keep = if config.outputs.search {
        crate::search::indexed_body(&r.text).len()
    } else {
        0
    };
    if keep < r.text.len() {
        r.text.truncate(keep);
        r.text.shrink_to_fit();
    }
    Ok(r)
}

/// Resolves the `@/` links of one rendered file: the URL of each (in order) and an error for
/// each broken link or anchor, at its line and column.
fn resolve_links(
    targets: &Targets<'_>,
    config: &Config,
    file: &Path,
    source: &dyn Fn() -> String,
    body_offset: usize,
    r: &markdown::Rendered,
) -> (Vec<String>, Vec<Error>) {
    let mut urls = Vec::with_capacity(r.links.len());
    let mut errors = Vec::new();
    // the file's text, fetched only for an error
    let text = std::cell::OnceCell::new();
    for link in &r.links {
        let at = |msg: String, hint: String| {
            Error::new(msg)
                .in_file(file)
                .at_offset(text.get_or_init(source), body_offset + link.offset)
                .with_hint(hint)
        };
        let target = link.target.trim_start_matches('/');
        match targets.get(target) {
            None => {
                let known = targets.keys().map(|k| k.as_ref());
                let hint = match deload_engine::error::nearest(target, known) {
                    Some(k) => format!("did you mean `@/{k}`?"),
                    None => "internal links are paths inside content/, like `@/guidance/sleep.md`"
                        .into(),
                };
                errors.push(at(
                    format!("broken internal link: `@/{}` does not exist", link.target),
                    hint,
                ));
                urls.push(String::new());
            }
            Some((path, anchors)) => {
                let mut url = config.permalink(path);
                if let Some(a) = &link.anchor {
                    if !anchors.iter().any(|x| x == a) {
                        let hint = match deload_engine::error::nearest(
                            a,
                            anchors.iter().map(String::as_str),
                        ) {
                            Some(k) => format!("did you mean `#{k}`?"),
                            None => format!(
                                "headings there: {}",
                                if anchors.is_empty() {
                                    "none".to_string()
                                } else {
                                    anchors.join(", ")
                                }
                            ),
                        };
                        errors.push(at(
                            format!("broken anchor: `@/{}` has no heading `#{a}`", link.target),
                            hint,
                        ));
                    }
                    url.push('#');
                    url.push_str(a);
                }
                urls.push(url);
            }
        }
    }
    (urls, errors)
}
