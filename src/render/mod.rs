//! Rendering: the loaded [`Site`] through the templates into files on a [`Sink`].

pub mod plan;
mod programs;
pub mod search;
mod sink;
pub mod templates;
pub mod view;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::site::Site;
use deload_engine::error::Error;
pub use sink::Sink;
pub use templates::Templates;
use view::{
    LinkView, PageView, Paginator, SectionView, SubsectionView, TaxonomyView, TermRef, TermView,
};

/// What a build produced, for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Content pages rendered.
    pub pages: usize,
    /// Sections rendered (listing pages not counted).
    pub sections: usize,
    /// Taxonomy terms.
    pub terms: usize,
    /// Printable plans rendered.
    pub plans: usize,
    /// Files written in all.
    pub files: usize,
}

/// Sets the `config` global for every template render.
pub fn prepare(templates: &mut Templates, site: &Site) {
    templates.set_global("config", &view::config_view(site));
}

/// Sets the `config` global from site.yaml alone (for `deload plan` outside a site build).
pub fn prepare_config(templates: &mut Templates, config: &crate::config::Config) {
    templates.set_global("config", &view::config_view_plain(config));
}

/// The site-relative output file for a site path (`/a/b/` → `a/b/index.html`).
pub fn file_for(path: &str) -> String {
    let p = path.trim_start_matches('/');
    if p.is_empty() {
        "index.html".to_string()
    } else if p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// One output file to render.
pub(crate) enum Job<'a> {
    /// A page rendered through a template.
    Template {
        file: String,
        template: &'a str,
        what: String,
        ctx: Context,
    },
    /// A content page; its context is built when it renders (on a worker thread), so contexts
    /// are neither built one after another nor all held in memory at once.
    Page {
        file: String,
        template: &'a str,
        index: usize,
    },
    /// A printable plan.
    Plan {
        file: String,
        schedule: &'a deload_engine::plan::Schedule,
    },
    /// A plan download in the format its file extension names (ics, csv, json).
    Export {
        file: String,
        schedule: &'a deload_engine::plan::Schedule,
    },
}

impl<'a> Job<'a> {
    fn file(&self) -> &str {
        match self {
            Job::Template { file, .. }
            | Job::Page { file, .. }
            | Job::Plan { file, .. }
            | Job::Export { file, .. } => file,
        }
    }

    fn template(file: String, template: &'a str, what: String, ctx: Context) -> Job<'a> {
        Job::Template {
            file,
            template,
            what,
            ctx,
        }
    }

    fn run<'s>(
        &self,
        site: &'s Site,
        templates: &Templates,
        summaries: &view::Summaries<'s>,
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        match self {
            Job::Page {
                file,
                template,
                index,
            } => {
                let p = &site.pages[*index];
                let mut ctx = Context::new();
                ctx.insert("page", &page_view(site, *index, summaries));
                ctx.insert("current_path", &p.path);
                ctx.insert("current_url", &summaries[*index].permalink);
                let html = templates.render(template, &ctx, &p.file.display().to_string())?;
                sink.write(file, html.as_bytes())
            }
            Job::Template {
                file,
                template,
                what,
                ctx,
            } => {
                let html = templates.render(template, ctx, what)?;
                sink.write(file, html.as_bytes())
            }
            Job::Export { file, schedule } => {
                let text = if file.ends_with(".ics") {
                    deload_engine::export::to_ics(
                        schedule,
                        &deload_engine::export::IcsOptions { rest_events: false },
                    )
                } else if file.ends_with(".csv") {
                    deload_engine::export::to_csv(schedule)
                } else {
                    deload_engine::export::to_json(schedule)
                };
                sink.write(file, text.as_bytes())
            }
            Job::Plan { file, schedule } => {
                let html = plan::to_html(schedule, templates, &site.config.base_url)?;
                sink.write(file, html.as_bytes())
            }
        }
    }
}

/// Renders the whole site to `sink`. Every error is collected.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
) -> Result<Stats, Vec<Error>> {
    render(site, templates, sink, &|_| true, true)
}

/// Passes on only the files a filter wants.
struct Only<'a> {
    sink: &'a dyn Sink,
    want: &'a (dyn Fn(&str) -> bool + Sync),
}

impl Sink for Only<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        if (self.want)(rel) {
            self.sink.write(rel, bytes)
        } else {
            Ok(())
        }
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        if (self.want)(rel) {
            self.sink.copy(rel, from)
        } else {
            Ok(())
        }
    }
}

/// Renders only the output files (site-relative paths, like `guidance/sleep/index.html`) that
/// `want` accepts, skipping the work for the others (the live preview's partial rebuilds). The
/// checks that need the whole site (missing templates) still run.
pub fn render_site_only(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    want: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Stats, Vec<Error>> {
    render(site, templates, sink, want, false)
}

/// Renders what `want` accepts; `everything` says that is every file, so every page summary is
/// built up front on all cores.
fn render(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    want: &(dyn Fn(&str) -> bool + Sync),
    everything: bool,
) -> Result<Stats, Vec<Error>> {
    let only = Only { sink, want };
    let sink: &dyn Sink = &only;
    let summaries = view::Summaries::new(site);
    if everything {
        summaries.build_all();
    }
    let mut stats = Stats::default();
    let mut jobs: Vec<Job> = Vec::new();
    let mut errors = Vec::new();

    // pages
    for (i, p) in site.pages.iter().enumerate() {
        let template = p.meta.template.as_deref().unwrap_or("page.html");
        if !templates.has(template) {
            let loc = p
                .key_location("template")
                .unwrap_or(deload_engine::Location { line: 1, column: 1 });
            errors.push(
                Error::new(format!("template `{template}` does not exist"))
                    .in_file(&p.file)
                    .at(loc, &p.text)
                    .with_hint(format!(
                        "add templates/{template} or remove the `template` key"
                    )),
            );
            continue;
        }
        stats.pages += 1;
        if !want(&file_for(&p.path)) {
            continue;
        }
        jobs.push(Job::Page {
            file: file_for(&p.path),
            template,
            index: i,
        });
    }

    // sections (paginated)
    for (i, s) in site.sections.iter().enumerate() {
        let default = if i == 0 { "index.html" } else { "section.html" };
        let template = s.meta.template.as_deref().unwrap_or(default);
        let what = s
            .file
            .as_ref()
            .map_or_else(|| "the home page".to_string(), |f| f.display().to_string());
        if !templates.has(template) {
            errors.push(
                Error::new(format!("template `{template}` does not exist"))
                    .in_file(s.file.clone().unwrap_or_default())
                    .with_hint(format!(
                        "add templates/{template} or remove the `template` key"
                    )),
            );
            continue;
        }
        let per = s.meta.paginate_by.unwrap_or(usize::MAX).max(1);
        let listing_pages = s.pages.len().div_ceil(per).max(1);
        let listing_path = |n: usize| {
            if n == 1 {
                s.path.clone()
            } else {
                format!("{}page/{n}/", s.path)
            }
        };
        let wanted = (1..=listing_pages).any(|n| want(&file_for(&listing_path(n))))
            || (listing_pages > 1 && want(&file_for(&format!("{}page/1/", s.path))));
        if !wanted {
            stats.sections += 1;
            continue;
        }
        let sview = section_view(site, i, &summaries);
        let chunks: Vec<&[usize]> = if s.pages.is_empty() {
            vec![&[]]
        } else {
            s.pages.chunks(per).collect()
        };
        let total = chunks.len();
        let page_url = |n: usize| site.permalink(&listing_path(n));
        for (k, chunk) in chunks.iter().enumerate() {
            let n = k + 1;
            let path = listing_path(n);
            if !want(&file_for(&path)) {
                continue;
            }
            let paginator = Paginator {
                number: n,
                total_pages: total,
                pages: if total == 1 {
                    sview.pages.clone()
                } else {
                    summaries.list(chunk)
                },
                previous: (n > 1).then(|| page_url(n - 1)),
                next: (n < total).then(|| page_url(n + 1)),
                first: page_url(1),
                last: page_url(total),
            };
            let mut ctx = Context::new();
            ctx.insert("section", &sview);
            ctx.insert("paginator", &paginator);
            ctx.insert("current_path", &path);
            ctx.insert("current_url", &site.permalink(&path));
            jobs.push(Job::Template {
                file: file_for(&path),
                template,
                what: what.clone(),
                ctx,
            });
        }
        if total > 1 {
            // /section/page/1/ → /section/
            let mut ctx = Context::new();
            ctx.insert("target", &site.permalink(&s.path));
            jobs.push(Job::Template {
                file: file_for(&format!("{}page/1/", s.path)),
                template: "alias.html",
                what: what.clone(),
                ctx,
            });
        }
        stats.sections += 1;
    }

    // taxonomies
    for t in &site.taxonomies {
        let tview = TaxonomyView {
            name: &t.name,
            permalink: site.permalink(&t.path),
            terms: t
                .terms
                .iter()
                .map(|term| TermView {
                    name: &term.name,
                    slug: &term.slug,
                    permalink: site.permalink(&term.path),
                    page_count: term.pages.len(),
                    pages: tera::Value::from(Vec::<tera::Value>::new()),
                })
                .collect(),
        };
        if want(&file_for(&t.path)) {
            let mut ctx = Context::new();
            ctx.insert("taxonomy", &tview);
            ctx.insert("current_path", &t.path);
            ctx.insert("current_url", &site.permalink(&t.path));
            jobs.push(Job::Template {
                file: file_for(&t.path),
                template: "taxonomy_list.html",
                what: format!("the {} list", t.name),
                ctx,
            });
        }
        for term in &t.terms {
            stats.terms += 1;
            if !want(&file_for(&term.path)) {
                continue;
            }
            let termv = TermView {
                name: &term.name,
                slug: &term.slug,
                permalink: site.permalink(&term.path),
                page_count: term.pages.len(),
                pages: summaries.list(&term.pages),
            };
            let mut ctx = Context::new();
            ctx.insert("taxonomy", &tview);
            ctx.insert("term", &termv);
            ctx.insert("current_path", &term.path);
            ctx.insert("current_url", &site.permalink(&term.path));
            jobs.push(Job::Template {
                file: file_for(&term.path),
                template: "taxonomy_single.html",
                what: format!("the {} page for `{}`", t.name, term.name),
                ctx,
            });
        }
    }

    // aliases
    for p in &site.pages {
        for a in &p.meta.aliases {
            let mut ctx = Context::new();
            ctx.insert("target", &site.permalink(&p.path));
            let file = if a.ends_with(".html") {
                a.trim_start_matches('/').to_string()
            } else {
                file_for(&format!("{}/", a.trim_end_matches('/')))
            };
            jobs.push(Job::Template {
                file,
                template: "alias.html",
                what: format!("an alias of {}", p.file.display()),
                ctx,
            });
        }
    }

    // 404, feed, sitemap, robots (each can be switched off in site.yaml `outputs`;
    // the feed and sitemap read every page: built only if wanted)
    let outputs = &site.config.outputs;
    if outputs.not_found && want("404.html") {
        let mut ctx = Context::new();
        ctx.insert("current_path", "/404.html");
        ctx.insert("current_url", &site.permalink("/404.html"));
        jobs.push(Job::template(
            "404.html".into(),
            "404.html",
            "the 404 page".into(),
            ctx,
        ));
    }
    if outputs.feed && want("atom.xml") {
        jobs.push(Job::template(
            "atom.xml".into(),
            "atom.xml",
            "the Atom feed".into(),
            feed_context(site, &summaries),
        ));
    }
    if outputs.sitemap && want("sitemap.xml") {
        let mut ctx = Context::new();
        ctx.insert("entries", &sitemap_entries(site));
        jobs.push(Job::template(
            "sitemap.xml".into(),
            "sitemap.xml",
            "the sitemap".into(),
            ctx,
        ));
    }
    if outputs.robots && want("robots.txt") {
        let mut ctx = Context::new();
        ctx.insert("sitemap_url", &site.permalink("/sitemap.xml"));
        jobs.push(Job::template(
            "robots.txt".into(),
            "robots.txt",
            "robots.txt".into(),
            ctx,
        ));
    }

    if let Some(catalog) = &site.catalog {
        programs::jobs(site, catalog, &mut jobs, &mut stats);
    }

    if !errors.is_empty() {
        return Err(errors);
    }

    jobs.retain(|j| want(j.file()));
    // Listings (sections, terms: hundreds of pages each) first, pages after: a long job left
    // for the end would keep one core busy while the other waits.
    jobs.sort_by_key(|j| matches!(j, Job::Page { .. }));
    let results: Vec<Result<(), Error>> = jobs
        .par_iter()
        .map(|job| job.run(site, templates, &summaries, sink))
        .collect();
    stats.files += jobs.len();
    errors.extend(results.into_iter().filter_map(Result::err));

    // search index
    if outputs.search && want("search-index.js") {
        let docs: Vec<search::Doc> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p, &summaries[i]))
            .map(|(p, s)| search::Doc {
                title: &p.meta.title,
                url: s.permalink.clone(),
                description: p.meta.description.as_deref().unwrap_or(""),
                body: &p.rendered.text,
            })
            .collect();
        if let Err(e) = sink.write("search-index.js", search::build(&docs).as_bytes()) {
            errors.push(e);
        }
        stats.files += 1;
    }
    // theme assets, then static/ (static files win over theme assets of the same name)
    for (name, bytes) in &templates.assets {
        if let Err(e) = sink.write(name, bytes) {
            errors.push(e);
        }
        stats.files += 1;
    }
    match copy_static(&site.root.join("static"), sink) {
        Ok(n) => stats.files += n,
        Err(e) => errors.push(e),
    }
    crate::oneshot::release((summaries, jobs));
    if errors.is_empty() {
        Ok(stats)
    } else {
        Err(errors)
    }
}

fn link(site: &Site, title: String, path: &str) -> LinkView {
    LinkView {
        name: title,
        url: site.permalink(path),
    }
}

fn ancestors(site: &Site, mut section: Option<usize>) -> Vec<LinkView> {
    let mut out = Vec::new();
    while let Some(i) = section {
        let s = &site.sections[i];
        out.push(link(
            site,
            if i == 0 {
                "Home".to_string()
            } else {
                s.title()
            },
            &s.path,
        ));
        section = s.parent;
    }
    out.reverse();
    out
}

fn page_view<'a: 's, 's>(
    site: &'a Site,
    i: usize,
    summaries: &'s view::Summaries<'a>,
) -> PageView<'s> {
    let p = &site.pages[i];
    let (prev, next) = site.neighbours[i];
    let to_link = |j: usize| link(site, site.pages[j].meta.title.clone(), &site.pages[j].path);
    let sec = site.page_section[i];
    let mut taxonomies = BTreeMap::new();
    for (name, terms) in &p.meta.taxonomies {
        taxonomies.insert(
            name.as_str(),
            terms
                .iter()
                .map(|t| TermRef {
                    name: t,
                    permalink: site
                        .permalink(&format!("/{name}/{}/", deload_engine::text::slugify(t))),
                })
                .collect(),
        );
    }
    PageView {
        summary: &summaries[i],
        updated: p.updated.map(|d| d.to_string()),
        updated_display: p.updated.map(deload_engine::text::display_date),
        content: &p.rendered.html,
        toc: &p.rendered.toc,
        show_toc: p.meta.toc && !p.rendered.toc.is_empty(),
        taxonomies,
        prev: prev.map(to_link),
        next: next.map(to_link),
        section: link(site, site.sections[sec].title(), &site.sections[sec].path),
        ancestors: ancestors(site, Some(sec)),
        extra: &p.meta.extra,
    }
}

fn section_view<'a: 's, 's>(
    site: &'a Site,
    i: usize,
    summaries: &'s view::Summaries<'a>,
) -> SectionView<'s> {
    let s = &site.sections[i];
    SectionView {
        title: if i == 0 {
            s.meta
                .title
                .clone()
                .unwrap_or_else(|| site.config.title.clone())
        } else {
            s.title()
        },
        description: s.meta.description.as_deref(),
        permalink: site.permalink(&s.path),
        path: &s.path,
        content: &s.rendered.html,
        pages: summaries.list(&s.pages),
        subsections: s
            .subsections
            .iter()
            .map(|&j| {
                let sub = &site.sections[j];
                SubsectionView {
                    title: sub.title(),
                    description: sub.meta.description.as_deref(),
                    permalink: site.permalink(&sub.path),
                    page_count: sub.pages.len(),
                }
            })
            .collect(),
        ancestors: ancestors(site, s.parent),
        extra: &s.meta.extra,
    }
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    permalink: &'a str,
    published: String,
    updated: String,
    summary: &'a str,
    description: Option<&'a str>,
}

fn rfc3339(d: jiff::civil::Date) -> String {
    format!("{d}T00:00:00Z")
}

fn feed_context(site: &Site, summaries: &view::Summaries) -> Context {
    let mut dated: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].date.is_some())
        .collect();
    dated.sort_by(|&a, &b| {
        site.pages[b]
            .date
            .cmp(&site.pages[a].date)
            .then_with(|| site.pages[a].rel.cmp(&site.pages[b].rel))
    });
    dated.truncate(site.config.feed_limit);
    let entries: Vec<FeedEntry> = dated
        .iter()
        .filter_map(|&i| {
            let p = &site.pages[i];
            let date = p.date?;
            Some(FeedEntry {
                title: &p.meta.title,
                permalink: &summaries[i].permalink,
                published: rfc3339(date),
                updated: rfc3339(p.updated.unwrap_or(date).max(date)),
                summary: &p.rendered.summary,
                description: p.meta.description.as_deref(),
            })
        })
        .collect();
    let updated = site
        .pages
        .iter()
        .filter_map(|p| p.updated.or(p.date))
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), rfc3339);
    let mut ctx = Context::new();
    ctx.insert("entries", &entries);
    ctx.insert("updated", &updated);
    ctx.insert("feed_url", &site.permalink("/atom.xml"));
    ctx.insert("home_url", &site.permalink("/"));
    ctx
}

#[derive(Serialize)]
struct SitemapEntry {
    permalink: String,
    lastmod: Option<String>,
}

fn sitemap_entries(site: &Site) -> Vec<SitemapEntry> {
    let mut out = Vec::new();
    for s in &site.sections {
        out.push(SitemapEntry {
            permalink: site.permalink(&s.path),
            lastmod: None,
        });
    }
    for p in &site.pages {
        out.push(SitemapEntry {
            permalink: site.permalink(&p.path),
            lastmod: p.updated.or(p.date).map(|d| d.to_string()),
        });
    }
    for t in &site.taxonomies {
        out.push(SitemapEntry {
            permalink: site.permalink(&t.path),
            lastmod: None,
        });
        for term in &t.terms {
            out.push(SitemapEntry {
                permalink: site.permalink(&term.path),
                lastmod: None,
            });
        }
    }
    for path in site.extra_paths() {
        out.push(SitemapEntry {
            permalink: site.permalink(&path),
            lastmod: None,
        });
    }
    out.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    out
}

/// Copies `static/` into the output as is (hidden files like `.well-known/` included).
/// Returns the number of files.
fn copy_static(dir: &Path, sink: &dyn Sink) -> Result<usize, Error> {
    if !dir.is_dir() {
        return Ok(0);
    }
    let tree = crate::fs::walk_tree(dir, false);
    if let Some(e) = tree.errors.into_iter().next() {
        return Err(e);
    }
    // symlinks leading out of static/ are skipped (Site::load warns about them)
    let files = tree.files;
    files
        .par_iter()
        .map(|(rel, path)| sink.copy(rel, path))
        .collect::<Result<Vec<()>, Error>>()?;
    Ok(files.len())
}
