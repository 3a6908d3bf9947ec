//! Re-planning one request from a training log: the files in memory with the log among them,
//! the athlete file and the log through the engine's pipeline (the one path `deload replan`
//! takes), then the progress report (HTML and JSON) and the re-planned weeks in every format.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use deload_engine::error::Error;
use deload_engine::export::{self, ics::IcsOptions};
use deload_engine::pipeline::{self, PipelineOptions, Replanned};
use deload_engine::replan::document;
use deload_sheet::report::{REPORT_TEMPLATE, ReportView};
use serde::{Deserialize, Serialize};

use crate::request::{ATHLETE_PATH, MAX_REQUEST_BYTES, Outputs, PlanError, ROOT, Sheet};

/// The largest re-plan request the planner reads: a log at the command line's limit for a text
/// file ([`deload_engine::fs::MAX_TEXT_BYTES`]), twice over for JSON's escapes, and the plan's
/// files; past it the request is refused before it is parsed.
pub(crate) const MAX_REPLAN_BYTES: usize =
    2 * deload_engine::fs::MAX_TEXT_BYTES as usize + MAX_REQUEST_BYTES;

/// A training log the reader gave the page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogFile {
    /// The file's name as the reader's system gave it (`strong.csv`); messages name it.
    pub name: String,
    /// Its text (the page reads it as UTF-8).
    pub text: String,
}

/// What the page asks for to re-plan: the plan's request and the log.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplanRequest {
    /// The program files by path, as in [`Request`](crate::Request).
    pub files: BTreeMap<String, String>,
    /// The athlete file's text: the plan the log follows.
    pub athlete: String,
    /// The training log.
    pub log: LogFile,
    /// Today's date (YYYY-MM-DD): the day of the re-plan.
    pub today: String,
    /// Leave out rows that do not parse (`deload replan --skip-bad-rows`).
    #[serde(default)]
    pub skip_bad_rows: bool,
    /// Also write a calendar event for each rest day.
    #[serde(default)]
    pub rest_events: bool,
    /// How to print the plan as HTML; none: no HTML plan and no HTML report.
    #[serde(default)]
    pub sheet: Option<Sheet>,
    /// The site's `report/report.html` (its own, else the built-in one), for the report as HTML.
    #[serde(default)]
    pub report: Option<String>,
}

/// The progress report, as `deload replan --format report` and `--format report-json` write it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The HTML page, when the request gave the sheet's settings and the report's template.
    pub html: Option<String>,
    /// The JSON document.
    pub json: String,
}

/// The planner's answer to a re-plan.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum ReplanAnswer {
    /// Re-planned.
    Ok {
        /// The progress report.
        report: Report,
        /// The re-planned weeks in every format.
        outputs: Outputs,
        /// Warnings of every file read and of the re-plan, as `deload replan` prints them.
        warnings: Vec<String>,
    },
    /// Not re-planned.
    Error {
        /// Why.
        error: PlanError,
    },
}

/// The log's path among the memory files: its name without any folder, so it cannot stand for
/// another file.
fn log_path(name: &str) -> PathBuf {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    match base {
        "" | "." | ".." => PathBuf::from("log.csv"),
        b => PathBuf::from(b),
    }
}

/// Re-plans `req`: the athlete file at [`ATHLETE_PATH`], its program among `req.files`, the log
/// beside them. Returns the report, the re-planned weeks and the warnings.
///
/// Errors: a date that is not YYYY-MM-DD, or anything `deload replan` would refuse in these
/// files (a file that is not a log, a log over the size limit, a log that does not follow the
/// plan...).
pub fn replan(req: &ReplanRequest) -> Result<(Report, Outputs, Vec<String>), Error> {
    let today = req.today.parse::<jiff::civil::Date>().map_err(|_| {
        Error::new(format!("--today `{}` is not a valid date", req.today))
            .with_hint("write it as YYYY-MM-DD, for example 2027-01-04")
    })?;
    let mut opts = PipelineOptions::new(today);
    opts.root = Some(PathBuf::from(ROOT));
    opts.import.skip_bad_rows = req.skip_bad_rows;
    let log = log_path(&req.log.name);
    let mut files: BTreeMap<PathBuf, String> = (req.files.iter())
        .map(|(p, t)| (PathBuf::from(p), t.clone()))
        .collect();
    files.insert(PathBuf::from(ATHLETE_PATH), req.athlete.clone());
    files.insert(log.clone(), req.log.text.clone());
    let r = deload_engine::fs::with_memory_files(files, || {
        pipeline::replan_file(Path::new(ATHLETE_PATH), &log, &opts)
    })?;
    let schedule = &r.replan.schedule;
    let (plan_html, report_html) = match &req.sheet {
        Some(sheet) => html(&r, sheet, req.report.as_deref())?,
        None => (None, None),
    };
    let outputs = Outputs {
        json: export::json::to_json(schedule),
        csv: export::csv::to_csv(schedule),
        ics: export::ics::to_ics(
            schedule,
            &IcsOptions {
                rest_events: req.rest_events,
            },
        ),
        md: export::markdown::to_markdown(schedule),
        svg: deload_engine::chart::svg(schedule),
        svg_table: deload_engine::chart::table(schedule),
        html: plan_html,
    };
    let report = Report {
        html: report_html,
        json: document::report_json(&r.replan, &log.display().to_string()),
    };
    let warnings = (r.warnings.iter())
        .map(deload_engine::plan::warning_text)
        .collect();
    Ok((report, outputs, warnings))
}

/// The sheet's templates with the site's `plan/*` overrides and the report's template, with the
/// sources they were compiled from.
type Compiled = (
    BTreeMap<String, String>,
    Option<String>,
    deload_sheet::Templates,
);

thread_local! {
    /// The templates compiled for the last re-plan: a reader re-plans with the same site
    /// settings, and compiling them is much of a re-plan's time.
    static TEMPLATES: RefCell<Option<Compiled>> = const { RefCell::new(None) };
}

/// The re-planned weeks as the printable sheet and, when `report` (the report's template) is
/// given, the report as HTML, both as `deload replan` writes them for the athlete file at
/// [`ATHLETE_PATH`].
fn html(
    r: &Replanned,
    sheet: &Sheet,
    report: Option<&str>,
) -> Result<(Option<String>, Option<String>), Error> {
    TEMPLATES.with_borrow_mut(|cached| {
        let entry = match cached.take() {
            Some(c) if c.0 == sheet.overrides && c.1.as_deref() == report => c,
            _ => {
                let mut overrides = sheet.overrides.clone();
                if let Some(source) = report {
                    overrides.insert(REPORT_TEMPLATE.to_string(), source.to_string());
                }
                let compiled = crate::request::compile(&overrides)?;
                (
                    sheet.overrides.clone(),
                    report.map(str::to_string),
                    compiled,
                )
            }
        };
        let (_, _, t) = cached.insert(entry);
        t.set_global("config", &sheet.config);
        let plan = deload_sheet::to_html(&r.replan.schedule, t, &sheet.site_url)?;
        let report = match report {
            Some(_) => {
                let stem = Path::new(ATHLETE_PATH)
                    .file_stem()
                    .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
                let who = deload_sheet::report::who(&r.replan, &stem);
                let view = ReportView::for_replan(&r.replan, &who);
                let what = format!("the progress report of {who}");
                Some(t.render(REPORT_TEMPLATE, &view, &what)?)
            }
            None => None,
        };
        Ok((Some(plan), report))
    })
}

/// [`replan`] from and to JSON text: the [`ReplanRequest`] as JSON, the [`ReplanAnswer`] as
/// JSON. A request that is not valid JSON of that shape, or over the size limit (`MAX_REPLAN_BYTES`), is
/// answered with an error too.
pub fn replan_json(request: &str) -> String {
    let parsed = if request.len() > MAX_REPLAN_BYTES {
        Err(format!(
            "it is {} MiB, over the planner's limit of {} MiB",
            request.len() >> 20,
            MAX_REPLAN_BYTES >> 20
        ))
    } else {
        serde_json::from_str::<ReplanRequest>(request).map_err(|e| e.to_string())
    };
    let answer = match parsed {
        Err(e) => ReplanAnswer::Error {
            error: PlanError::from(&Error::new(format!(
                "the planner's request is not valid: {e}"
            ))),
        },
        Ok(req) => match replan(&req) {
            Ok((report, outputs, warnings)) => ReplanAnswer::Ok {
                report,
                outputs,
                warnings,
            },
            Err(e) => ReplanAnswer::Error {
                error: PlanError::from(&e),
            },
        },
    };
    // an answer of strings always serialises
    serde_json::to_string(&answer).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_s_name_cannot_point_at_another_file() {
        assert_eq!(log_path("strong.csv"), PathBuf::from("strong.csv"));
        assert_eq!(log_path("../../programs/x.yaml"), PathBuf::from("x.yaml"));
        assert_eq!(log_path("C:\\exports\\hevy.csv"), PathBuf::from("hevy.csv"));
        assert_eq!(log_path(".."), PathBuf::from("log.csv"));
        assert_eq!(log_path(""), PathBuf::from("log.csv"));
    }

    #[test]
    fn a_request_that_is_not_one_is_answered_with_an_error() {
        for request in ["{}", "not UTF-8", "[1, 2]"] {
            let answer: serde_json::Value =
                serde_json::from_str(&replan_json(request)).expect("JSON");
            assert_eq!(answer["status"], "error", "{request}: {answer}");
            let message = answer["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains("not valid"), "{message}");
        }
    }
}
