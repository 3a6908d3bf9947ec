//! The whole build, as the CLI and tests run it: load the site, render it, publish it; or,
//! when nothing it depends on changed since the last build into the same output, nothing
//! (`fresh`).

mod fresh;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

pub use crate::output::Publication;
use crate::output::{self, NullSink, RelativeUrls, Sink};
use deload_engine::error::Error;
use deload_render::{self as render, Stats, Templates};
pub use deload_site::links::external::ExternalOptions;
use deload_site::site::{LoadOptions, Site};

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
}

/// Loads the site and its templates (everything but writing): the pages `include` keeps, as of
/// `today` (default: the current date); `strict` makes unknown front-matter keys errors.
fn load_on(
    root: &Path,
    include: Include,
    base_url: Option<String>,
    today: Option<jiff::civil::Date>,
    (strict, own_links): (bool, bool),
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
/// `opts.force` is not set), nothing is loaded or written: see `fresh`.
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
        });
    }
    fresh::forget(&home);
    let before = fresh::before_build(&inputs, started);
    let include = Include {
        drafts: opts.drafts,
        future: opts.future,
        expired: opts.expired,
    };
    let (site, templates) = load_on(
        &opts.root,
        include,
        opts.base_url.clone(),
        Some(inputs.today),
        (opts.strict, false),
    )?;
    let loaded = start.elapsed();
    let mut rendered = Duration::ZERO;
    let (stats, publication) = output::publish(&opts.out, |sink| {
        let relative = RelativeUrls::new(sink, &site.config.base_url);
        let sink: &dyn Sink = if opts.relative_urls { &relative } else { sink };
        let r = render_to(&site, &templates, sink);
        rendered = start.elapsed() - loaded;
        r
    })?;
    let summary = summary_text(&stats, site.warnings.len());
    fresh::record(
        &inputs,
        &home,
        before,
        &site.plan_sources(),
        started,
        &summary,
    );
    let elapsed = start.elapsed();
    let mut phases = site.phases.clone();
    phases.push(("render and write", rendered));
    phases.push((
        "publish (link unchanged files, remove stale ones, swap)",
        elapsed - loaded - rendered,
    ));
    let warnings = site.warnings.clone();
    deload_site::oneshot::release((site, templates));
    Ok(Report {
        stats,
        warnings,
        elapsed,
        phases,
        publication: Some(publication),
        up_to_date: None,
    })
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
    let (site, templates) = load_on(root, include, None, None, (strict, true))?;
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
    })
}
