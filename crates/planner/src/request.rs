//! Planning one request: the files in memory, the athlete file through the engine's pipeline,
//! the plan out in every format.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use deload_engine::error::Error;
use deload_engine::export::{self, ics::IcsOptions};
use deload_engine::pipeline::{self, PipelineOptions};
use deload_engine::programs::FileKind;
use serde::{Deserialize, Serialize};

/// Where the planner puts the athlete file the page writes: in `programs/athletes/`, so its
/// `program: ../NAME.yaml` names a program file of [`ROOT`], as in a site.
pub const ATHLETE_PATH: &str = "programs/athletes/you.yaml";

/// The folder every file reference must stay inside: the site root, which the paths of the
/// request's files start from (as `deload plan` confines a site's files to the site).
pub const ROOT: &str = ".";

/// What the page asks for.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The program files by path (`programs/novice-full-body.yaml`): the chosen program and every
    /// file its `extends:` chain names.
    pub files: BTreeMap<String, String>,
    /// The athlete file's text (see [`ATHLETE_PATH`]).
    pub athlete: String,
    /// Today's date (YYYY-MM-DD), the day the training log and default start count from.
    pub today: String,
    /// Also write a calendar event for each rest day (`deload plan --rest-events`).
    #[serde(default)]
    pub rest_events: bool,
    /// How to print the plan as HTML (the site's settings); none: no HTML.
    #[serde(default)]
    pub sheet: Option<Sheet>,
    /// The plan's language (`en`, `de`, `es` or `fr`, as `deload plan --lang`); none: the
    /// athlete file's `language:`, else English. The printed sheet, the chart and the calendar
    /// are in it; JSON, CSV and Markdown are not.
    #[serde(default)]
    pub lang: Option<String>,
}

/// What the printed sheet needs from the site, as `deload plan --format html` takes it from
/// site.yaml and `templates/plan/*`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// The templates' `config` (the site's title, language, guidance links...).
    pub config: serde_json::Value,
    /// The site's base URL, for links to the guidance pages.
    pub site_url: String,
    /// The site's own `plan/*` templates and stylesheet, by name (`plan/cover.html`).
    #[serde(default)]
    pub overrides: BTreeMap<String, String>,
}

/// The plan in every format the page offers, each byte for byte what `deload plan --format ...`
/// writes for the same files.
#[derive(Debug, Clone, Serialize)]
pub struct Outputs {
    /// `--format json`.
    pub json: String,
    /// `--format csv`.
    pub csv: String,
    /// `--format ics`.
    pub ics: String,
    /// `--format md`.
    pub md: String,
    /// `--format svg`: the periodisation chart.
    pub svg: String,
    /// The chart's numbers as an HTML table for screen readers (`deload_engine::chart::table`),
    /// which the page puts after it.
    pub svg_table: String,
    /// `--format html`, when the request gave a `Sheet`.
    pub html: Option<String>,
}

/// An error as the command line reports it, with where it points.
#[derive(Debug, Clone, Serialize)]
pub struct PlanError {
    /// What went wrong (the command line's wording).
    pub message: String,
    /// How to fix it, when known.
    pub hint: Option<String>,
    /// Further context lines.
    pub notes: Vec<String>,
    /// The file it concerns (`you.yaml` is the athlete file the page wrote).
    pub file: Option<String>,
    /// The line in that file, counted from 1.
    pub line: Option<usize>,
    /// The column, counted from 1.
    pub column: Option<usize>,
}

impl From<&Error> for PlanError {
    fn from(e: &Error) -> PlanError {
        PlanError {
            message: e.message.clone(),
            hint: e.hint.clone(),
            notes: e.notes.clone(),
            file: e
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned()),
            line: e.location.map(|l| l.line),
            column: e.location.map(|l| l.column),
        }
    }
}

/// The planner's answer: the plan (with its warnings, as `deload plan` prints them) or the error.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Answer {
    /// Planned.
    Ok {
        /// The plan in every format.
        outputs: Outputs,
        /// Warnings, each as `file:line:column: message; hint`.
        warnings: Vec<String>,
        /// The first deload's week number (it may lie beyond the plan's end).
        first_deload_week: u32,
        /// The plan's sentences the page shows in a language other than English.
        #[serde(skip_serializing_if = "Option::is_none")]
        said: Option<Said>,
    },
    /// Not planned.
    Error {
        /// Why.
        error: PlanError,
    },
}

/// The sentences of a plan the page shows beside its table, in the plan's language (the JSON
/// has them in English): as the printed sheet says them.
#[derive(Debug, Clone, Serialize)]
pub struct Said {
    /// Why the training level (`level_reason`).
    pub level_reason: String,
    /// Why the deload cadence (`cadence_reason`).
    pub cadence_reason: String,
    /// The plan's warnings (`warnings`), as the sheet lists them.
    pub warnings: Vec<String>,
}

impl Said {
    /// The sentences of `s` in the language of `words`; none in English.
    fn of(s: &deload_engine::plan::Schedule, words: &deload_sheet::Words) -> Option<Said> {
        if words.is_english() {
            return None;
        }
        let m = &s.messages;
        Some(Said {
            level_reason: words.say(&m.level_reason, &s.level_reason).into_owned(),
            cadence_reason: words.say(&m.cadence_reason, &s.cadence_reason).into_owned(),
            warnings: (s.warnings.iter().enumerate())
                .filter_map(|(i, w)| words.say_opt(m.warnings.get(i), Some(w)))
                .map(std::borrow::Cow::into_owned)
                .collect(),
        })
    }
}

/// A plan as the page is given it: every format, the warnings as `deload plan` prints them,
/// the first deload's week, and the sentences in the plan's language.
pub type Planned = (Outputs, Vec<String>, u32, Option<Said>);

/// Plans `req`: the athlete file at [`ATHLETE_PATH`], its program among `req.files`.
///
/// Errors: a date that is not YYYY-MM-DD, or anything `deload plan` would refuse in these files.
pub fn plan(req: &Request) -> Result<Planned, Error> {
    let today = req.today.parse::<jiff::civil::Date>().map_err(|_| {
        Error::new(format!("--today `{}` is not a valid date", req.today))
            .with_hint("write it as YYYY-MM-DD, for example 2027-01-04")
    })?;
    let mut opts = PipelineOptions::new(today).with_kind(FileKind::Athlete);
    opts.root = Some(PathBuf::from(ROOT));
    let mut files: BTreeMap<PathBuf, String> = req
        .files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.clone()))
        .collect();
    files.insert(PathBuf::from(ATHLETE_PATH), req.athlete.clone());
    let planned = deload_engine::fs::with_memory_files(files, || {
        pipeline::plan_file(Path::new(ATHLETE_PATH), &opts)
    })?;
    let schedule = &planned.schedule;
    let ics = IcsOptions {
        rest_events: req.rest_events,
    };
    let lang = (req.lang.clone())
        .or_else(|| (planned.input.athlete.as_ref()).and_then(|a| a.language.clone()));
    let own = words_in(lang.as_deref())?;
    let words = own
        .as_ref()
        .unwrap_or_else(|| deload_sheet::Words::english());
    let outputs = Outputs {
        json: export::json::to_json(schedule),
        csv: export::csv::to_csv(schedule),
        ics: export::ics::to_ics_in(schedule, &ics, words),
        md: export::markdown::to_markdown(schedule),
        svg: deload_engine::chart::svg_in(schedule, words),
        svg_table: deload_engine::chart::table_in(schedule, words),
        html: match &req.sheet {
            Some(sheet) => Some(print(schedule, sheet, words)?),
            None => None,
        },
    };
    let warnings = planned
        .warnings
        .iter()
        .map(deload_engine::plan::warning_text)
        .collect();
    let first_deload_week = schedule.first_deload_week;
    let said = Said::of(schedule, words);
    LAST.with_borrow_mut(|last| *last = Some((planned.schedule, lang)));
    Ok((outputs, warnings, first_deload_week, said))
}

/// The words of `lang` (`None` for English, the built-in words): deload's four languages.
///
/// Errors: another language.
pub(crate) fn words_in(lang: Option<&str>) -> Result<Option<deload_sheet::Words>, Error> {
    match lang {
        None | Some("en") => Ok(None),
        Some(code) => deload_sheet::Words::built_in(code)
            .map(Some)
            .ok_or_else(|| {
                Error::new(format!(
                    "--lang {code}: deload prints plans in en, de, es, fr"
                ))
                .with_hint("pick one of those languages")
            }),
    }
}

thread_local! {
    /// The last plan [`plan`] made, which [`sheet_json`] prints: the page asks for the plan
    /// without its sheet, shows it, and then asks for the sheet, so a click shows the plan
    /// without waiting for the printable pages.
    static LAST: RefCell<Option<(deload_engine::plan::Schedule, Option<String>)>> =
        const { RefCell::new(None) };
}

/// The printed sheet of the last plan [`plan`] made, with the site's settings.
///
/// Errors: no plan made yet, or the sheet's templates refuse it.
pub fn sheet(settings: &Sheet) -> Result<String, Error> {
    LAST.with_borrow(|last| match last {
        Some((schedule, lang)) => {
            let own = words_in(lang.as_deref())?;
            print(
                schedule,
                settings,
                own.as_ref()
                    .unwrap_or_else(|| deload_sheet::Words::english()),
            )
        }
        None => Err(Error::new("there is no plan to print yet")
            .with_hint("make a plan first: the sheet is the last plan's")),
    })
}

/// The sheet's answer: the HTML, or the error.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum SheetAnswer {
    /// Printed.
    Ok {
        /// `--format html` of the last plan: byte for byte what [`plan`] gives with the same
        /// settings.
        html: String,
    },
    /// Not printed.
    Error {
        /// Why.
        error: PlanError,
    },
}

/// [`sheet`] from and to JSON text: the site's [`Sheet`] settings as JSON, the [`SheetAnswer`]
/// as JSON.
pub fn sheet_json(settings: &str) -> String {
    let answer = match parse_limited::<Sheet>(settings) {
        Err(e) => Err(Error::new(format!(
            "the planner's request is not valid: {e}"
        ))),
        Ok(settings) => sheet(&settings),
    };
    let answer = match answer {
        Ok(html) => SheetAnswer::Ok { html },
        Err(e) => SheetAnswer::Error {
            error: PlanError::from(&e),
        },
    };
    // An answer of strings and numbers always serialises.
    serde_json::to_string(&answer).unwrap_or_default()
}

thread_local! {
    /// The sheet's templates compiled for the last request, with the overrides they were
    /// compiled from: a page plans many times with the same site settings, and compiling the
    /// templates was most of a plan's time.
    static SHEET: RefCell<Option<(BTreeMap<String, String>, deload_sheet::Templates)>> =
        const { RefCell::new(None) };
}

/// `schedule` as the printable HTML sheet, with the site's settings, in the language of `words`.
pub(crate) fn print(
    schedule: &deload_engine::plan::Schedule,
    sheet: &Sheet,
    words: &deload_sheet::Words,
) -> Result<String, Error> {
    SHEET.with_borrow_mut(|cached| {
        let entry = match cached.take() {
            Some(entry) if entry.0 == sheet.overrides => entry,
            _ => (sheet.overrides.clone(), compile(&sheet.overrides)?),
        };
        let (_, templates) = cached.insert(entry);
        templates.set_global("config", &sheet.config);
        let opts = deload_sheet::Options {
            site_url: &sheet.site_url,
            noindex: schedule.athlete.is_some(),
            coach: None,
            words: Some(words),
        };
        deload_sheet::to_html_with(schedule, templates, &opts)
    })
}

/// The sheet's templates: the built-in ones, with the site's `plan/*` files (`overrides`).
pub(crate) fn compile(
    overrides: &BTreeMap<String, String>,
) -> Result<deload_sheet::Templates, Error> {
    deload_sheet::Templates::new(
        overrides
            .iter()
            .map(|(name, source)| deload_sheet::Override {
                name: name.clone(),
                origin: deload_sheet::errors::Origin::File(PathBuf::from("templates").join(name)),
                source: source.clone(),
            }),
    )
}

/// The largest request the planner reads: a program and an athlete file are a few kilobytes, and
/// a request is parsed into values many times its size.
pub(crate) const MAX_REQUEST_BYTES: usize = 4 << 20;

/// The request in `text`, refused past [`MAX_REQUEST_BYTES`] before it is parsed.
fn parse_limited<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    if text.len() > MAX_REQUEST_BYTES {
        return Err(format!(
            "it is {} KiB, over the planner's limit of {} KiB",
            text.len() >> 10,
            MAX_REQUEST_BYTES >> 10
        ));
    }
    serde_json::from_str::<T>(text).map_err(|e| e.to_string())
}

/// [`plan`] from and to JSON text: the request as JSON, the [`Answer`] as JSON. A request that is
/// not valid JSON of the [`Request`] shape is answered with an error too.
pub fn plan_json(request: &str) -> String {
    let answer = match parse_limited::<Request>(request) {
        Err(e) => Answer::Error {
            error: PlanError::from(&Error::new(format!(
                "the planner's request is not valid: {e}"
            ))),
        },
        Ok(req) => match plan(&req) {
            Ok((outputs, warnings, first_deload_week, said)) => Answer::Ok {
                outputs,
                warnings,
                first_deload_week,
                said,
            },
            Err(e) => Answer::Error {
                error: PlanError::from(&e),
            },
        },
    };
    // An answer of strings and numbers always serialises.
    serde_json::to_string(&answer).unwrap_or_default()
}
