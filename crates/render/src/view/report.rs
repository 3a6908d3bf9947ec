//! The context of a progress report page (`report/report.html`): `deload replan`'s report,
//! `deload history --format html` and, on a site that publishes an athlete with a training log,
//! the athlete's progress page.

use deload_engine::replan::{Progress, Replan, report::DeloadTaken};
use serde::Serialize;

use crate::report::{Charts, charts};

/// The context of `report/report.html`.
#[derive(Debug, Serialize)]
pub struct ReportView<'a> {
    /// The page title.
    pub title: String,
    /// The line under it.
    pub subtitle: String,
    /// Units of every load.
    pub units: String,
    /// The charts, as inline SVG.
    pub charts: Charts,
    /// The e1RM formula.
    pub e1rm_formula: &'a str,
    /// The deloads taken.
    pub deloads: &'a [DeloadTaken],
    /// The re-plan, when there is one.
    pub replan: Option<&'a Replan>,
    /// Whether the page asks search engines not to index it (an athlete's page on a site).
    pub noindex: bool,
}

impl<'a> ReportView<'a> {
    /// The view of `progress`, titled `title` with `subtitle` under it.
    pub fn new(title: String, subtitle: String, progress: &'a Progress) -> ReportView<'a> {
        ReportView {
            title,
            subtitle,
            units: progress.units.to_string(),
            charts: charts(progress),
            e1rm_formula: &progress.e1rm_formula,
            deloads: &progress.deloads,
            replan: None,
            noindex: false,
        }
    }
}
