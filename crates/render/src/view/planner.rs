//! The Planner page's values (`programs/planner.html`).

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use super::config::{ConfigView, config_view_plain};
use deload_site::templates::Templates;

use deload_engine::error::Error;
use deload_site::catalog::{Catalog, ProgramEntry};
use deload_site::planner::{MaxField, SourceFile};
use deload_site::site::Site;

/// A program the planner offers.
#[derive(Debug, Serialize)]
struct PlannerProgram {
    /// Name.
    name: String,
    /// URL segment (`novice-full-body`), which names the downloads.
    slug: String,
    /// The program file's path inside `programs/` (`novice-full-body.yaml`), for the athlete
    /// file's `program: ../...`.
    file: String,
    /// `kg` or `lb`.
    units: &'static str,
    /// The lifts whose maxes the form asks for.
    maxes: Vec<MaxField>,
    /// The files the planner reads (the program and its `extends:` chain).
    files: Vec<SourceFile>,
}

/// What the page's script reads.
#[derive(Debug, Serialize)]
struct PlannerData<'a> {
    /// The programs offered, in the order of the page's list.
    programs: Vec<PlannerProgram>,
    /// The printed sheet's settings, as `deload plan --format html` takes them from the site.
    sheet: SheetData<'a>,
    /// The progress report's template (`report/report.html`, the site's or the built-in one),
    /// for a re-plan from a training log, as `deload replan --format report` renders it.
    report: &'a str,
    /// The service worker that keeps the Planner working offline (its URL).
    offline_worker: String,
}

/// The printed sheet's settings.
#[derive(Debug, Serialize)]
struct SheetData<'a> {
    /// The templates' `config`, as `deload plan` sets it.
    config: ConfigView<'a, super::LinkView>,
    /// The site's base URL.
    site_url: &'a str,
    /// The site's `plan/*` files that differ from the built-in ones, by name.
    overrides: BTreeMap<&'static str, &'a str>,
}

/// The context of `programs/planner.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PlannerContext {
    /// Every published program (the same values as the section list), for the form's choice and
    /// for the links to the pre-built plans when scripts are off.
    programs: Vec<Value>,
    /// What the page's script reads (every program's files and maxes), as JSON safe to put
    /// inside a `<script type="application/json">` element.
    planner_data: String,
    /// The page's site path.
    current_path: &'static str,
    /// Its absolute URL.
    current_url: String,
}

impl PlannerContext {
    /// The Planner page of `catalog`, whose program values (from `program_values`) are
    /// `programs`. Errors: a program file that cannot be read again.
    pub(crate) fn new(
        site: &Site,
        templates: &Templates,
        catalog: &Catalog,
        programs: Vec<Value>,
    ) -> Result<Self, Error> {
        let offered = catalog
            .programs
            .iter()
            .map(|p| planner_program(site, p))
            .collect::<Result<Vec<_>, Error>>()?;
        let data = PlannerData {
            programs: offered,
            sheet: SheetData {
                config: config_view_plain(&site.config).for_sheet(),
                site_url: &site.config.base_url,
                overrides: sheet_overrides(templates.sheet()),
            },
            report: (templates.source(crate::report::REPORT_TEMPLATE)).unwrap_or(""),
            offline_worker: site.permalink(deload_site::planner::OFFLINE_WORKER),
        };
        let json = serde_json::to_string(&data)
            .map_err(|e| Error::new(format!("cannot write the planner's data: {e}")))?;
        Ok(PlannerContext {
            programs,
            planner_data: script_safe(&json),
            current_path: deload_site::planner::PATH,
            current_url: site.permalink(deload_site::planner::PATH),
        })
    }
}

/// What the planner needs of program `p`.
fn planner_program(site: &Site, p: &ProgramEntry) -> Result<PlannerProgram, Error> {
    let file = p
        .file
        .strip_prefix(deload_site::catalog::PROGRAMS_DIR)
        .unwrap_or(&p.file);
    Ok(PlannerProgram {
        name: p.program.name.clone(),
        slug: p.slug.clone(),
        file: file.to_string_lossy().replace('\\', "/"),
        units: p.program.units.as_str(),
        maxes: deload_site::planner::max_fields(&p.program),
        files: deload_site::planner::sources(&site.root, &site.root.join(&p.file))?,
    })
}

/// The sheet's files whose source is not the built-in one (the site's `templates/plan/*`).
fn sheet_overrides(sheet: &deload_sheet::Templates) -> BTreeMap<&'static str, &str> {
    deload_sheet::BUILT_IN
        .iter()
        .filter_map(|(name, built_in)| {
            let source = sheet.source(name)?;
            (source != *built_in).then_some((*name, source))
        })
        .collect()
}

/// JSON that cannot end the `<script>` element holding it: every `<` written as `\u003c`
/// (also inside strings, where JSON allows the escape).
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}
