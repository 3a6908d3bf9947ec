//! The Planner page's values (`programs/planner.html`).

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Value;

use super::config::{ConfigView, config_view_as_cli};
use deload_site::templates::Templates;
use deload_site::templates::i18n::fill;

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
    programs: &'a [PlannerProgram],
    /// The printed sheet's settings, as `deload plan --format html` takes them from the site.
    sheet: &'a SheetData<'a>,
    /// The progress report's template (`report/report.html`, the site's or the built-in one),
    /// for a re-plan from a training log, as `deload replan --format report` renders it.
    report: &'a str,
    /// The service worker that keeps the Planner working offline (its URL).
    offline_worker: &'a str,
    /// The script's words in the page's language: the theme strings `planner_js_*`, the
    /// weekdays (`weekday_*`), the downloads' names and `sheet_date`, the way a day is written.
    words: BTreeMap<String, String>,
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

/// The languages deload prints plans in (the Planner's module carries these four).
const PLAN_LANGUAGES: [&str; 4] = ["en", "de", "es", "fr"];

/// The context of `programs/planner.html`: the Planner page in one of the site's languages.
#[derive(Debug, Serialize)]
pub(crate) struct PlannerContext {
    /// Every published program (the same values as the section list), for the links to the
    /// pre-built plans when scripts are off.
    programs: Vec<Value>,
    /// The form's choice of program, in the page's language (see `choices_in`).
    choices: Vec<String>,
    /// What the page's script reads (every program's files and maxes, its words), as JSON safe
    /// to put inside a `<script type="application/json">` element.
    planner_data: String,
    /// The page's site path (`/programs/planner/`, `/es/programs/planner/`).
    current_path: String,
    /// Its absolute URL.
    current_url: String,
    /// Its language code (the theme's strings, `t(...)`, are in it).
    lang: String,
    /// `config` in that language, when it is not the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<Value>,
    /// The page in each of the site's languages (none on a single-language site).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    translations: Vec<super::TranslationView>,
    /// The plan's language the form starts with: the page's, when deload prints plans in it,
    /// else English.
    plan_lang: &'static str,
    /// Where the page's script and module are, relative to the page: empty for the default
    /// language's page (they are beside it), `../../../programs/planner/` for the others.
    assets_url: String,
}

impl PlannerContext {
    /// The Planner page in each of the site's languages, the default language's first, with its
    /// site path; `programs` are the program values of `catalog` (from `program_values`).
    /// Errors: a program file that cannot be read again.
    pub(crate) fn all(
        site: &Site,
        templates: &Templates,
        catalog: &Catalog,
        programs: &[Value],
    ) -> Result<Vec<(String, PlannerContext)>, Error> {
        let offered = catalog
            .programs
            .iter()
            .map(|p| planner_program(site, p))
            .collect::<Result<Vec<_>, Error>>()?;
        let sheet = SheetData {
            config: config_view_as_cli(site).for_sheet(),
            site_url: &site.config.base_url,
            overrides: sheet_overrides(templates.sheet()),
        };
        let report = (templates.source(crate::report::REPORT_TEMPLATE)).unwrap_or("");
        let worker = site.permalink(deload_site::planner::OFFLINE_WORKER);
        let default = site.config.default_lang();
        let mut pages = Vec::new();
        for code in site.config.all_languages() {
            let other = Some(code).filter(|c| *c != default);
            let data = PlannerData {
                programs: &offered,
                sheet: &sheet,
                report,
                offline_worker: &worker,
                words: script_words(site, code),
            };
            let json = serde_json::to_string(&data)
                .map_err(|e| Error::new(format!("cannot write the planner's data: {e}")))?;
            let path = deload_site::planner::path_in(other);
            let ctx = PlannerContext {
                programs: programs.to_vec(),
                choices: choices_in(site, catalog, programs, code),
                planner_data: script_safe(&json),
                current_url: site.permalink(&path),
                current_path: path.clone(),
                lang: code.to_string(),
                config: super::config_in(site, other),
                translations: super::translations_of_generated(
                    site,
                    &deload_site::planner::path_in,
                    "planner_title",
                    code,
                ),
                plan_lang: PLAN_LANGUAGES
                    .into_iter()
                    .find(|l| *l == code)
                    .unwrap_or("en"),
                assets_url: match other {
                    Some(_) => assets_from(&path),
                    None => String::new(),
                },
            };
            pages.push((path, ctx));
        }
        Ok(pages)
    }
}

/// The folder of the Planner's script and module ([`PATH`](deload_site::planner::PATH)) from
/// the page at the site path `path`, relative, so the page works from any server path and from
/// a file: `../../../programs/planner/` from `/es/programs/planner/`.
fn assets_from(path: &str) -> String {
    let depth = path.trim_matches('/').split('/').count();
    format!(
        "{}{}",
        "../".repeat(depth),
        deload_site::planner::PATH.trim_start_matches('/')
    )
}

/// The words of the page's script in `lang`.
fn script_words(site: &Site, lang: &str) -> BTreeMap<String, String> {
    let wanted = |k: &str| {
        k.starts_with("planner_js_")
            || k.starts_with("weekday_")
            || matches!(k, "planner_ics" | "planner_csv" | "sheet_date")
    };
    (site.strings.all_in(lang).into_iter())
        .filter(|(k, _)| wanted(k))
        .collect()
}

/// The form's choice of program in `lang`: each program's name and how often it trains
/// (`Novice full body (3 sessions a week)`); English as the Programs section writes it.
fn choices_in(site: &Site, catalog: &Catalog, programs: &[Value], lang: &str) -> Vec<String> {
    let text = |v: &Value, key: &str| {
        (v.get_from_path(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    (programs.iter().zip(&catalog.programs))
        .map(|(value, p)| {
            let prog = &p.program;
            let n = prog.sessions_per_week.to_string();
            let frequency = match (&prog.rotation, lang) {
                (_, "en") => text(value, "frequency"),
                (Some(r), _) => fill(
                    &site.strings.text(Some(lang), "planner_rotation"),
                    &[("rotation", r.join(", ")), ("n", n)],
                ),
                (None, _) => fill(
                    &site.strings.text(Some(lang), "planner_sessions"),
                    &[("n", n)],
                ),
            };
            format!("{} ({frequency})", text(value, "name"))
        })
        .collect()
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
