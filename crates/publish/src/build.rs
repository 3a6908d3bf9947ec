//! The whole build, as the CLI and tests run it: load the site, render it, publish it; or,
//! when nothing it depends on changed since the last build into the same output, nothing
//! (`fresh`); or, when some sources changed, render only the files they reach (`graph`,
//! `incremental`).

mod fresh;
mod graph;
mod incremental;
mod pages;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

pub use crate::output::Publication;
use crate::output::{self, NullSink, RelativeUrls, Sink};
use deload_engine::error::Error;
use deload_render::{self as render, Stats, Templates};
pub use deload_site::links::external::ExternalOptions;
use deload_site::site::cache::PageCache;
use deload_site::site::{LoadOptions, Site};
use std::sync::Arc;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root (holds site.yaml, content/, templates/, programs/, static/).
    pub root: PathBuf,
    /// The output folder; relative paths are relative to the current folder.
    pub out: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Include pages dated after today (`--future`).
    pub future: bool,
    /// Include pages whose `expiry_date` has passed (`--expired`).
    pub expired: bool,
    /// Override site.yaml's base_url.
    pub base_url: Option<String>,
    /// Write the site's URLs in HTML files relative to each page (`--relative-urls`), so the
    /// output can be viewed from disk or any static server: see `output::RelativeUrls`.
    pub relative_urls: bool,
    /// Unknown front-matter keys are errors, as with `strict: true` in site.yaml.
    pub strict: bool,
    /// Build even when the output is up to date.
    pub force: bool,
}

/// Which pages a build publishes besides those site.yaml and their front matter publish.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Include {
    /// Drafts (`--drafts`).
    pub drafts: bool,
    /// Pages dated after today (`--future`).
    pub future: bool,
    /// Pages whose `expiry_date` has passed (`--expired`).
    pub expired: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Counts of what was rendered.
    pub stats: Stats,
    /// Warnings (the build still succeeded).
    pub warnings: Vec<Error>,
    /// Wall time.
    pub elapsed: Duration,
    /// Wall time of each phase (load, render and write, ...), for `--verbose`.
    pub phases: Vec<(&'static str, Duration)>,
    /// What publishing did to the output folder (`None` for `check`, which writes nothing).
    pub publication: Option<output::Publication>,
    /// Set when nothing the build depends on changed since the last build into the same output:
    /// nothing was loaded or written, `stats` are the last build's, and this is the number of
    /// warnings it printed.
    pub up_to_date: Option<usize>,
    /// Set when only what changed since the last build was rendered (the rest of the output
    /// kept as it was): what that was (`1 page, search index`).
    pub rebuilt: Option<String>,
    /// How many pages' Markdown was taken from the page cache and how many rendered (`None`:
    /// no cache was kept, or nothing was loaded).
    pub cached: Option<(usize, usize)>,
}

/// Loads the site and its templates (everything but writing): the pages `include` keeps, as of
/// `today` (default: the current date); `strict` makes unknown front-matter keys errors.
fn load_on(
    root: &Path,
    include: Include,
    base_url: Option<String>,
    today: Option<jiff::civil::Date>,
    (strict, own_links): (bool, bool),
    cache: Option<Arc<PageCache>>,
) -> Result<(Site, Templates), Vec<Error>> {
    if !root.is_dir() {
        return Err(vec![
            Error::new(format!("the site folder {} does not exist", root.display()))
                .in_file(root)
                .with_hint(
                    "pass the site's folder with --root, or create one with `deload init DIR`",
                ),
        ]);
    }
    let opts = LoadOptions {
        drafts: include.drafts,
        future: include.future,
        expired: include.expired,
        base_url,
        today,
        strict,
        own_links,
        cache,
        ..LoadOptions::new(&render::view::ShortcodeViews)
    };
    let site = Site::load(root, &opts);
    let clock = Instant::now();
    let templates = Templates::load(Some(root));
    // the templates' errors come with the content's, in one run
    let (mut site, mut templates) = match (site, templates) {
        (Ok(site), Ok(templates)) => (site, templates),
        (Err(mut errors), Err(e)) => {
            errors.push(e);
            return Err(errors);
        }
        (Err(errors), Ok(_)) => return Err(errors),
        (Ok(_), Err(e)) => return Err(vec![e]),
    };
    render::prepare(&mut templates, &site);
    site.phases.push(("compile templates", clock.elapsed()));
    Ok((site, templates))
}

/// Renders an already loaded site to a sink.
pub(crate) fn render_to(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
) -> Result<Stats, Vec<Error>> {
    render::render_site(site, templates, sink)
}

/// Builds the site into `opts.out`, atomically: on any error the previous output is untouched.
/// When nothing the build depends on changed since the last build into `opts.out` (and
/// `opts.force` is not set), nothing is loaded or written: see `fresh`. When only some sources
/// changed, only the output files they reach are rendered again and the rest kept: see `graph`.
pub fn build(opts: &BuildOptions) -> Result<Report, Vec<Error>> {
    let start = Instant::now();
    let started = SystemTime::now();
    output::check_out_dir(&opts.root, &opts.out).map_err(|e| vec![e])?;
    let inputs = fresh_inputs(opts);
    let home = output::home_of(&opts.out);
    // before anything in it is read or removed: the folder may have come with the site
    output::home::verify(&home).map_err(|e| vec![e])?;
    if !opts.force
        && let Some(summary) = fresh::up_to_date(&inputs, &home)
        && let Some((stats, warnings)) = parse_summary(&summary)
    {
        return Ok(Report {
            stats,
            warnings: Vec::new(),
            elapsed: start.elapsed(),
            phases: vec![("check that nothing changed", start.elapsed())],
            publication: None,
            up_to_date: Some(warnings),
            rebuilt: None,
            cached: None,
        });
    }
    let Before {
        before,
        snapshot,
        key,
        last,
    } = before_build(opts, &inputs, &home, started);
    let changes = last
        .as_ref()
        .zip(snapshot.as_ref())
        .and_then(|(g, now)| incremental::changes_since(g, now, &inputs.root, &opts.out));
    let include = Include {
        drafts: opts.drafts,
        future: opts.future,
        expired: opts.expired,
    };
    let cache = key.map(|k| Arc::new(pages::read(&home, k, opts.force)));
    let (site, templates) = load_on(
        &opts.root,
        include,
        opts.base_url.clone(),
        Some(inputs.today),
        (opts.strict, false),
        cache.clone(),
    )?;
    let loaded = start.elapsed();
    let plan = changes
        .as_ref()
        .zip(last.as_ref())
        .and_then(|(c, g)| incremental::plan(c, g, &site, &templates));
    let done = render_and_publish(opts, &site, &templates, plan.as_ref(), last.as_ref())?;
    let summary = summary_text(&done.stats, site.warnings.len());
    let records = Records {
        graph: key.zip(snapshot),
        before,
        cache: cache.as_deref(),
    };
    records.write(&inputs, &home, &site, started, &summary);
    let elapsed = start.elapsed();
    let mut phases = site.phases.clone();
    phases.push(("render and write", done.rendered));
    phases.push((
        "publish (link unchanged files, remove stale ones, swap)",
        elapsed - loaded - done.rendered,
    ));
    let warnings = site.warnings.clone();
    deload_site::oneshot::release((site, templates));
    Ok(Report {
        stats: done.stats,
        warnings,
        elapsed,
        phases,
        publication: Some(done.publication),
        up_to_date: None,
        rebuilt: done.rebuilt,
        cached: cache.as_ref().map(|c| c.counts()),
    })
}

/// What a build that published records for the next one.
struct Records<'a> {
    /// The key and the sources' snapshot, for the build graph.
    graph: Option<(u128, graph::Snapshot)>,
    /// The fingerprint of the sources, for the up-to-date check.
    before: Option<u128>,
    /// The page cache.
    cache: Option<&'a PageCache>,
}

impl Records<'_> {
    /// Writes the records at once: each walks or writes a file per source.
    fn write(
        self,
        inputs: &fresh::Inputs,
        home: &Path,
        site: &Site,
        started: SystemTime,
        summary: &str,
    ) {
        std::thread::scope(|s| {
            s.spawn(|| {
                if let Some((key, snapshot)) = self.graph {
                    record_graph(inputs, home, key, snapshot, site, summary.to_string());
                }
            });
            if let Some(cache) = self.cache {
                s.spawn(|| pages::write(home, cache));
            }
            let plans = site.plan_sources();
            fresh::record(inputs, home, self.before, &plans, started, summary);
        });
    }
}

/// What a build knows before it reads the site.
struct Before {
    /// The fingerprint of the sources (see `fresh::before_build`).
    before: Option<u128>,
    /// The sources' identities, taken in the same walk (`None`: not all could be taken).
    snapshot: Option<graph::Snapshot>,
    /// The key of the build's inputs.
    key: Option<u128>,
    /// The last build's graph, when it was made under the same key (never with `--force`).
    last: Option<graph::Graph>,
}

/// Forgets the records of the last build (a failed build must leave none) after taking what
/// this one needs of them, and walks the sources once for both.
fn before_build(
    opts: &BuildOptions,
    inputs: &fresh::Inputs,
    home: &Path,
    started: SystemTime,
) -> Before {
    fresh::forget(home);
    let mut snapshot = graph::Snapshot::new(fresh::racy_edge(started));
    let before = fresh::before_build(inputs, started, &mut |path, m| {
        snapshot.add(&inputs.root, path, m);
    });
    let snapshot = snapshot.finish(&inputs.root, before.is_some());
    let key = fresh::inputs_key(inputs);
    let last = key
        .filter(|_| !opts.force)
        .and_then(|k| graph::read(home, k));
    graph::forget(home);
    Before {
        before,
        snapshot,
        key,
        last,
    }
}

/// What rendering and publishing did.
struct Done {
    stats: Stats,
    publication: Publication,
    /// How long rendering took (to the end of the render, from its start).
    rendered: Duration,
    /// What an incremental build rendered.
    rebuilt: Option<String>,
}

/// Renders the site (all of it, or only what `plan` wants, the rest kept from the output the
/// graph `last` describes) and publishes it. An incremental build that finds the output not as
/// published builds everything.
fn render_and_publish(
    opts: &BuildOptions,
    site: &Site,
    templates: &Templates,
    plan: Option<&incremental::Plan>,
    last: Option<&graph::Graph>,
) -> Result<Done, Vec<Error>> {
    let clock = Instant::now();
    let mut rendered = Duration::ZERO;
    if let (Some(plan), Some((stats, _))) = (plan, last.and_then(|g| parse_summary(&g.summary))) {
        let mut fallback = false;
        let result = output::publish(&opts.out, |stager| {
            let r = incremental::stage(stager, plan, site, templates, opts.relative_urls);
            rendered = clock.elapsed();
            r?.ok_or_else(|| {
                fallback = true;
                Vec::new()
            })
        });
        match result {
            Ok((_, publication)) => {
                let files = publication.written + publication.unchanged;
                return Ok(Done {
                    stats: Stats { files, ..stats },
                    publication,
                    rendered,
                    rebuilt: Some(plan.what.clone()),
                });
            }
            Err(e) if !fallback => return Err(e),
            Err(_) => {}
        }
    }
    let (stats, publication) = output::publish(&opts.out, |sink| {
        let relative = RelativeUrls::new(sink, &site.config.base_url);
        let sink: &dyn Sink = if opts.relative_urls { &relative } else { sink };
        let r = render_to(site, templates, sink);
        rendered = clock.elapsed();
        r
    })?;
    Ok(Done {
        stats,
        publication,
        rendered,
        rebuilt: None,
    })
}

/// Records the build graph of a build that published `site`, whose sources were `snapshot`
/// before it read them (nothing when a template calls `now()` or a plan file is racy).
fn record_graph(
    inputs: &fresh::Inputs,
    home: &Path,
    key: u128,
    snapshot: graph::Snapshot,
    site: &Site,
    summary: String,
) {
    if fresh::calls_now(&inputs.root.join("templates")) {
        return;
    }
    let Some(plans) = graph::plan_stamps(&site.plan_sources(), snapshot.edge) else {
        return;
    };
    let g = graph::Graph {
        key,
        summary,
        snapshot,
        plans,
        pages: incremental::page_records(site),
    };
    graph::write(home, &g);
}

/// What the up-to-date check of a build with `opts` depends on besides the files.
fn fresh_inputs(opts: &BuildOptions) -> fresh::Inputs {
    fresh::Inputs {
        root: opts
            .root
            .canonicalize()
            .unwrap_or_else(|_| opts.root.clone()),
        out: opts.out.clone(),
        drafts: opts.drafts,
        future: opts.future,
        expired: opts.expired,
        base_url: opts.base_url.clone(),
        relative_urls: opts.relative_urls,
        strict: opts.strict,
        today: deload_site::config::today(),
    }
}

/// The counts of a build and its number of warnings, as [`fresh`] records them.
fn summary_text(s: &Stats, warnings: usize) -> String {
    format!(
        "{} {} {} {} {} {warnings}",
        s.pages, s.sections, s.terms, s.plans, s.files
    )
}

/// The counts and number of warnings of [`summary_text`].
fn parse_summary(text: &str) -> Option<(Stats, usize)> {
    let n: Vec<usize> = text
        .split(' ')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let [pages, sections, terms, plans, files, warnings] = n[..] else {
        return None;
    };
    let stats = Stats {
        pages,
        sections,
        terms,
        plans,
        files,
    };
    Some((stats, warnings))
}

/// Everything `build` checks, writing nothing.
pub fn check(root: &Path, include: Include) -> Result<Report, Vec<Error>> {
    check_with(root, include, None, false)
}

/// Everything `build` checks, writing nothing, and with `external` the links to other sites too
/// (`deload check --external`).
pub fn check_with(
    root: &Path,
    include: Include,
    external: Option<&ExternalOptions>,
    strict: bool,
) -> Result<Report, Vec<Error>> {
    let start = Instant::now();
    let (site, templates) = load_on(root, include, None, None, (strict, true), None)?;
    let loaded = start.elapsed();
    let stats = render_to(&site, &templates, &NullSink)?;
    let rendered = start.elapsed();
    let mut phases = site.phases.clone();
    phases.push(("render", rendered - loaded));
    // the links to the site's own base URL were checked as it loaded (`own_links`)
    let warnings = site.warnings.clone();
    if let Some(opts) = external {
        let errors = deload_site::links::external::check(&site.external_links(), opts);
        phases.push(("check external links", start.elapsed() - rendered));
        if !errors.is_empty() {
            return Err(errors);
        }
    }
    let elapsed = start.elapsed();
    deload_site::oneshot::release((site, templates));
    Ok(Report {
        stats,
        warnings,
        elapsed,
        phases,
        publication: None,
        up_to_date: None,
        rebuilt: None,
        cached: None,
    })
}
