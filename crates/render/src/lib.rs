//! Rendering: the loaded `Site` through the templates into files on a `Sink`.
//!
//! A render first lists its jobs (every output file with its template and context, or the plan
//! it prints; see `jobs`), checking that every template exists, then runs them on all cores.
//! Templates see only the view structs of `view`, the template contract.

#![warn(missing_docs)]
// The crate is the `deload` binary's internals (never published): its docs name private items
// on purpose, for whoever maintains it (`cargo doc --document-private-items` shows them).
#![allow(rustdoc::private_intra_doc_links)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

mod functions;
mod job;
mod jobs;
mod offline;
mod pdfs;
pub mod plan;
mod programs;
#[cfg(test)]
mod readme;
pub mod report;
pub mod sink;
pub mod styles;
mod taken;
pub mod view;

use std::path::Path;

use rayon::prelude::*;

use deload_engine::error::Error;
use deload_site::config::Config;
use deload_site::search;
use deload_site::site::Site;
pub use deload_site::templates::Templates;
use deload_site::urls::{SEARCH_INDEX, file_for};
use job::Jobs;
pub use sink::Sink;
pub use view::ReportView;

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

/// Sets the `config` global for every template render, and the site functions the templates
/// call (`get_page`, ...).
pub fn prepare(templates: &mut Templates, site: &Site) {
    templates.set_global("config", &view::config_view(site));
    functions::register(templates, site);
    let strings = std::sync::Arc::new(site.strings.clone());
    templates.register_function("t", deload_site::templates::i18n::function(strings));
}

/// Sets the `config` global from site.yaml alone (for `deload plan` outside a site build).
pub fn prepare_config(templates: &mut Templates, config: &deload_site::config::Config) {
    templates.set_global("config", &view::config_view_plain(config));
}

/// Renders the whole site to `sink`. Every error is collected.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
) -> Result<Stats, Vec<Error>> {
    render(site, templates, sink, &|_| true, true)
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

/// Renders what `want` accepts; `everything` says that is every file, so every page summary is
/// built up front on all cores.
fn render(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    want: &(dyn Fn(&str) -> bool + Sync),
    everything: bool,
) -> Result<Stats, Vec<Error>> {
    let sink: &dyn Sink = &Only { sink, want };
    let summaries = view::Summaries::new(site);
    if everything {
        summaries.build_all();
    }
    let Jobs {
        list: jobs,
        mut stats,
        mut errors,
        ..
    } = Jobs::list(site, templates, &summaries, want);
    if everything {
        errors.extend(taken::collisions(site, templates, &jobs));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let results: Vec<Result<(), Error>> = jobs
        .par_iter()
        .map(|job| job.run(site, templates, &summaries, sink))
        .collect();
    stats.files += jobs.len();
    errors.extend(results.into_iter().filter_map(Result::err));
    if site.config.outputs.search && want(SEARCH_INDEX) {
        errors.extend(write_search_index(site, &summaries, None, sink).err());
        stats.files += 1;
    }
    if site.config.outputs.search {
        // a multilingual site's other languages: `/es/search-index.js`, ...
        for lang in site.config.other_languages() {
            if want(&format!("{lang}/{SEARCH_INDEX}")) {
                errors.extend(write_search_index(site, &summaries, Some(lang), sink).err());
                stats.files += 1;
            }
        }
    }
    stats.files += write_assets(site, templates, sink, &mut errors);
    // the images `resize_image` processed, from the cache, once every page asked for its own
    for (path, cached) in site.images().produced() {
        if want(&path) {
            errors.extend(sink.copy(&path, &cached).err());
            stats.files += 1;
        }
    }
    // PDFs only in a whole build (not the live preview's partial ones), and only when no error
    // came before: Chromium takes about 1.5 s a plan
    if everything && errors.is_empty() {
        match pdfs::write(site, templates, sink) {
            Ok(n) => stats.files += n,
            Err(e) => errors.push(e),
        }
    }
    deload_site::oneshot::release(jobs);
    deload_site::oneshot::release(summaries);
    if errors.is_empty() {
        Ok(stats)
    } else {
        Err(errors)
    }
}

/// Writes the search index of `site`'s pages in `lang` to `sink` (none: the default
/// language's, which are every page of a single-language site, with the programs).
fn write_search_index(
    site: &Site,
    summaries: &view::Summaries<'_>,
    lang: Option<&str>,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let mut docs: Vec<search::Doc> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang.as_deref() == lang)
        .map(|(i, p)| search::Doc {
            title: &p.meta.title,
            url: summaries[i].permalink.clone(),
            description: p.meta.description.as_deref().unwrap_or(""),
            body: &p.rendered.text,
        })
        .collect();
    // the programs' pages too ("boring but big" finds 5/3/1), never an athlete's: their plans
    // are private even when published (kept out of search, feed and sitemap)
    if let Some(lang) = lang {
        let file = format!("{lang}/{SEARCH_INDEX}");
        return sink.write(&file, search::build(&docs).as_bytes());
    }
    let programs = program_texts(site);
    docs.extend(
        programs
            .iter()
            .map(|(title, url, description, body)| search::Doc {
                title,
                url: url.clone(),
                description,
                body,
            }),
    );
    sink.write(SEARCH_INDEX, search::build(&docs).as_bytes())
}

/// Each published program's title, page URL, description and searchable text (its blocks,
/// their focus and its exercises).
fn program_texts(site: &Site) -> Vec<(&str, String, &str, String)> {
    let Some(catalog) = site.catalog.as_ref().filter(|_| site.has_programs()) else {
        return Vec::new();
    };
    (catalog.programs.iter())
        .map(|p| {
            let prog = &p.program;
            let mut body: Vec<&str> = Vec::new();
            for b in &prog.blocks {
                body.extend([b.name.as_str(), b.focus.as_str()]);
            }
            for s in &prog.sessions {
                body.push(s.name.as_str());
                body.extend(s.exercises.iter().map(|e| e.exercise.as_str()));
            }
            let url = site.permalink(&deload_site::catalog::Catalog::program_path(&p.slug));
            (
                prog.name.as_str(),
                url,
                prog.description.as_str(),
                body.join(" · "),
            )
        })
        .collect()
}

/// Writes the theme's assets, then copies `static/` (static files win over theme assets of the
/// same name) and the files of `content/` that are not Markdown. Returns the number of files; errors go to `errors`.
fn write_assets(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    errors: &mut Vec<Error>,
) -> usize {
    let mut files = 0;
    for (name, bytes) in &templates.assets {
        let themed = styles::with_theme_css(site, name, bytes);
        if let Err(e) = sink.write(name, themed.as_deref().unwrap_or(bytes)) {
            errors.push(e);
        }
        files += 1;
    }
    files += styles::compile_sass(site, sink, errors);
    match copy_static(&site.root.join("static"), &site.config, sink) {
        Ok(n) => files += n,
        Err(e) => errors.push(e),
    }
    let copied: Vec<Result<(), Error>> = (site.assets.par_iter())
        .map(|a| sink.copy(&file_for(&a.path), &a.source))
        .collect();
    errors.extend(copied.into_iter().filter_map(Result::err));
    files + site.assets.len()
}

/// Copies `static/` into the output as is (hidden files like `.well-known/` included), but the
/// files site.yaml's `ignore` matches. Returns the number of files.
fn copy_static(dir: &Path, config: &Config, sink: &dyn Sink) -> Result<usize, Error> {
    if !dir.is_dir() {
        return Ok(0);
    }
    let tree = deload_site::fs::walk_tree(dir, false);
    if let Some(e) = tree.errors.into_iter().next() {
        return Err(e);
    }
    // symlinks leading out of static/ are skipped (Site::load warns about them)
    let mut files = tree.files;
    files.retain(|(rel, _)| !config.is_ignored(rel));
    files
        .par_iter()
        .map(|(rel, path)| sink.copy(rel, path))
        .collect::<Result<Vec<()>, Error>>()?;
    Ok(files.len())
}
