//! The progress report as HTML: the charts and the page's values are `deload_sheet::report`'s
//! (the in-browser planner draws the same), put into `report/report.html`, which a site may
//! override like the other templates.

use deload_engine::error::Error;
use serde::Serialize;

pub use deload_sheet::report::{Charts, charts};

use super::Templates;

/// The template that renders a progress report.
pub(crate) const REPORT_TEMPLATE: &str = deload_sheet::report::REPORT_TEMPLATE;

/// Renders a progress report page: `view` is the template's context (it must hold `charts`, the
/// [`Charts`] of its progress); the templates' `config` global must be set.
pub fn to_html(view: &impl Serialize, templates: &Templates, what: &str) -> Result<String, Error> {
    templates.render(REPORT_TEMPLATE, view, &what)
}
