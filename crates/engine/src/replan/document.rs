//! The re-plan's progress report as a JSON document (`deload replan --format report-json`, and
//! the in-browser planner's re-plan): the [`Replan`] with the athlete, the program and the log it
//! was made from.

use serde::Serialize;

use super::Replan;

/// The value of `format_version` in the report's JSON.
pub const REPORT_VERSION: u32 = 1;

/// The report of `replan` as pretty JSON with a final newline; `log` names the training log as
/// the caller was given it (the path on the command line, the file's name in the browser).
pub fn report_json(replan: &Replan, log: &str) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        format_version: u32,
        athlete: Option<&'a str>,
        program: &'a str,
        log: &'a str,
        #[serde(flatten)]
        replan: &'a Replan,
    }
    let doc = Doc {
        format_version: REPORT_VERSION,
        athlete: replan.schedule.athlete.as_deref(),
        program: &replan.schedule.program,
        log,
        replan,
    };
    // a document of strings, numbers and dates always serialises
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
