//! The Programs section's values (programs/section.html, programs/program.html).

use serde::Serialize;
use tera::Value;

use super::{LinkView, shared};
use deload_engine::plan::Schedule;
use deload_sheet::view::{Shared, WeekView};
use deload_site::catalog::{AthleteEntry, Catalog, Pdf, ProgramEntry};
use deload_site::site::Site;
use deload_site::urls::DOWNLOADS;

/// The link text of each plan download, in the order of [`DOWNLOADS`].
const DOWNLOAD_NAMES: [&str; DOWNLOADS.len()] =
    ["Calendar (.ics)", "Spreadsheet (.csv)", "JSON", "Markdown"];

/// The description of the Programs section.
const SECTION_DESCRIPTION: &str = "Periodised training programs with rest days and deload weeks built in, printable for every training history.";

/// A program, in the section list and on its page.
#[derive(Debug, Serialize)]
struct ProgramView<'a> {
    /// The program's slug (its file name without `.yaml`), as the Planner's `?program=` takes it.
    slug: &'a str,
    /// Name.
    name: &'a str,
    /// Description.
    description: &'a str,
    /// The first sentence of the description.
    summary: String,
    /// Who it suits.
    suits: Option<&'a str>,
    /// Author.
    author: Option<&'a str>,
    /// `kg` or `lb`.
    units: &'static str,
    /// "3 sessions a week" or "rotation A, B, C over 4 training days a week".
    frequency: String,
    /// Weeks in one pass through the blocks (with deloads, intermediate level).
    weeks: usize,
    /// Absolute URL of the program's page.
    permalink: String,
    /// The blocks, in order.
    blocks: Vec<BlockView<'a>>,
    /// The printable plan for each training level.
    plans: Vec<PlanLink>,
    /// Week 1 of the intermediate plan.
    sample_week: Option<WeekView<'a>>,
    /// The intermediate plan's periodisation chart (SVG) and its numbers as a table.
    chart: Option<String>,
    /// Links to the plans of the athletes on this program.
    athletes: Vec<LinkView>,
    /// site.yaml asks for PDFs but no browser was found at build time: the page says how to get
    /// them.
    pdf_missing: bool,
}

/// A block of a program.
#[derive(Debug, Serialize)]
struct BlockView<'a> {
    /// Name.
    name: &'a str,
    /// Loading weeks.
    weeks: u32,
    /// Focus.
    focus: &'a str,
}

/// A printable plan of a program, for one training level.
#[derive(Debug, Serialize)]
struct PlanLink {
    /// `novice`, `intermediate` or `advanced`.
    level: &'static str,
    /// Why the plan deloads when it does.
    cadence_reason: String,
    /// Weeks in the plan.
    weeks: usize,
    /// Absolute URL of the printable plan.
    html_url: String,
    /// The plan as a calendar, a spreadsheet and JSON.
    downloads: Vec<LinkView>,
}

/// An athlete's plan in the section list.
#[derive(Debug, Serialize)]
struct AthleteView<'a> {
    /// The athlete's name.
    name: &'a str,
    /// Program name.
    program: &'a str,
    /// Absolute URL of the printable plan.
    permalink: String,
    /// Absolute URL of the progress page, when the athlete file names a training log.
    progress: Option<String>,
    /// First day `YYYY-MM-DD`.
    start: String,
    /// Last day `YYYY-MM-DD`.
    end: String,
    /// Training level.
    level: &'static str,
    /// A deload every this many weeks.
    deload_every: u32,
    /// The plan's downloads (calendar, spreadsheet, JSON, Markdown).
    downloads: Vec<LinkView>,
}

/// The downloads of a plan: one link per format of [`DOWNLOADS`], then the PDF when `catalog`
/// prints them, each URL from `url(ext)`.
fn download_links(catalog: &Catalog, url: impl Fn(&str) -> String) -> Vec<LinkView> {
    let pdf = matches!(catalog.pdf, Pdf::Browser(_)).then_some(("pdf", "PDF"));
    (DOWNLOADS.iter().copied().zip(DOWNLOAD_NAMES))
        .chain(pdf)
        .map(|(ext, name)| LinkView {
            name: name.to_string(),
            url: url(ext),
        })
        .collect()
}

/// The Programs section itself.
#[derive(Debug, Serialize)]
struct ProgramsSectionView<'a> {
    /// Title (site.yaml `programs.title`).
    title: &'a str,
    /// One sentence on what the section holds.
    description: &'static str,
    /// Absolute URL.
    permalink: String,
}

/// The context of `programs/section.html`.
#[derive(Debug, Serialize)]
pub(crate) struct ProgramsSectionContext<'a> {
    /// The section.
    section: ProgramsSectionView<'a>,
    /// Every program (each a program view, shared with its own page).
    programs: Value,
    /// Every athlete's plan.
    athletes: Vec<AthleteView<'a>>,
    /// `/programs/`.
    current_path: &'static str,
    /// Its absolute URL.
    current_url: String,
}

/// The context of `programs/program.html`.
#[derive(Debug, Serialize)]
pub(crate) struct ProgramContext {
    /// The program (a program view, shared with the section list).
    program: Value,
    /// The program page's site path.
    current_path: String,
    /// Its absolute URL.
    current_url: String,
}

/// The first sentence of `text` (all of it if it has one sentence).
fn first_sentence(text: &str) -> String {
    let t = text.trim();
    match t.find(". ") {
        Some(i) => t[..=i].to_string(),
        None => t.to_string(),
    }
}

impl<'a> ProgramView<'a> {
    /// The view of `p`.
    fn new(site: &Site, catalog: &'a Catalog, p: &'a ProgramEntry) -> ProgramView<'a> {
        let prog = &p.program;
        let frequency = match &prog.rotation {
            Some(r) => format!(
                "rotation {} over {} training days a week",
                r.join(", "),
                prog.sessions_per_week
            ),
            None => format!("{} sessions a week", prog.sessions_per_week),
        };
        let sample: Option<&Schedule> = p.plans.get(1).or(p.plans.first()).map(|(_, s)| s);
        ProgramView {
            slug: &p.slug,
            name: &prog.name,
            description: &prog.description,
            summary: first_sentence(&prog.description),
            suits: prog.suits.as_deref(),
            author: prog.author.as_deref(),
            units: prog.units.as_str(),
            frequency,
            weeks: sample.map_or(0, |s| s.weeks.len()),
            permalink: site.permalink(&Catalog::program_path(&p.slug)),
            blocks: prog
                .blocks
                .iter()
                .map(|b| BlockView {
                    name: &b.name,
                    weeks: b.weeks,
                    focus: &b.focus,
                })
                .collect(),
            plans: p
                .plans
                .iter()
                .map(|(l, s)| PlanLink::new(site, catalog, p, *l, s))
                .collect(),
            sample_week: sample.and_then(|s| sample_week(site, s)),
            chart: sample.map(deload_engine::chart::html),
            athletes: catalog
                .athletes
                .iter()
                .filter(|a| a.program_slug.as_deref() == Some(p.slug.as_str()))
                .map(|a| LinkView::to_path(site, a.name.clone(), &Catalog::athlete_path(&a.slug)))
                .collect(),
            pdf_missing: catalog.pdf == Pdf::NoBrowser,
        }
    }
}

/// The first week of `s`, its rest-day links under the site's base URL.
fn sample_week<'a>(site: &Site, s: &'a Schedule) -> Option<WeekView<'a>> {
    let week = s.weeks.first()?;
    let root = site.config.base_url.trim_end_matches('/');
    Some(WeekView::new(week, &Shared::new(s, root)))
}

impl PlanLink {
    /// The link to `p`'s plan `s` for `level`.
    fn new(
        site: &Site,
        catalog: &Catalog,
        p: &ProgramEntry,
        level: deload_engine::programs::Level,
        s: &Schedule,
    ) -> PlanLink {
        let url = |ext: &str| site.permalink(&Catalog::plan_path(&p.slug, level, ext));
        PlanLink {
            level: level.as_str(),
            cadence_reason: s.cadence_reason.clone(),
            weeks: s.weeks.len(),
            html_url: url("html"),
            downloads: download_links(catalog, url),
        }
    }
}

impl<'a> AthleteView<'a> {
    /// The section list's line for `a`.
    fn new(site: &Site, catalog: &Catalog, a: &'a AthleteEntry) -> AthleteView<'a> {
        AthleteView {
            name: &a.name,
            program: &a.schedule.program,
            permalink: site.permalink(&Catalog::athlete_path(&a.slug)),
            progress: a
                .progress
                .as_ref()
                .map(|_| site.permalink(&Catalog::progress_path(&a.slug))),
            start: a.schedule.start.to_string(),
            end: a.schedule.end.to_string(),
            level: a.schedule.level.as_str(),
            deload_every: a.schedule.deload_every,
            downloads: download_links(catalog, |ext| {
                site.permalink(&Catalog::athlete_download_path(&a.slug, ext))
            }),
        }
    }
}

/// Every program of `catalog` as a template value, in catalog order: the section lists them and
/// each has its page, so each is serialised once.
pub(crate) fn program_values(site: &Site, catalog: &Catalog) -> Vec<Value> {
    let views = catalog
        .programs
        .iter()
        .map(|p| ProgramView::new(site, catalog, p));
    views.map(|v| shared(&v)).collect()
}

impl<'a> ProgramsSectionContext<'a> {
    /// The section list of `catalog`; `programs` are its [`program_values`].
    pub(crate) fn new(site: &'a Site, catalog: &'a Catalog, programs: &[Value]) -> Self {
        ProgramsSectionContext {
            section: ProgramsSectionView {
                title: &site.config.programs.title,
                description: SECTION_DESCRIPTION,
                permalink: site.permalink(Catalog::PATH),
            },
            programs: Value::from(programs.to_vec()),
            athletes: catalog
                .athletes
                .iter()
                .map(|a| AthleteView::new(site, catalog, a))
                .collect(),
            current_path: Catalog::PATH,
            current_url: site.permalink(Catalog::PATH),
        }
    }
}

impl ProgramContext {
    /// The context of the page at `path` of the program whose value is `program`.
    pub(crate) fn new(site: &Site, path: String, program: Value) -> Self {
        ProgramContext {
            program,
            current_url: site.permalink(&path),
            current_path: path,
        }
    }
}
