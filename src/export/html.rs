//! The printable plan: one self-contained HTML file (CSS inlined, no network), rendered through
//! the `plan/*.html` templates so a coach can rebrand or reshape it by overriding one partial.

use tera::Context;

use crate::error::Error;
use crate::plan::Schedule;
use crate::render::Templates;

/// The template that renders a whole plan.
pub const PLAN_TEMPLATE: &str = "plan/plan.html";
/// The stylesheet inlined into every printable plan.
pub const PLAN_CSS: &str = "plan/style.css";

/// Renders `schedule` as a printable HTML document. `site_url` is the site's base URL, used for
/// links to the guidance pages (rest days, readiness check, deload explanation). The templates'
/// `config` global must be set ([`crate::render::prepare`] or [`crate::render::prepare_config`]).
pub fn to_html(
    schedule: &Schedule,
    templates: &Templates,
    site_url: &str,
) -> Result<String, Error> {
    let mut ctx = Context::new();
    ctx.insert("plan", schedule);
    ctx.insert("plan_css", templates.source(PLAN_CSS).unwrap_or(""));
    ctx.insert("site_root", site_url.trim_end_matches('/'));
    ctx.insert("history_chart", &schedule.history_chart);
    let what = match &schedule.athlete {
        Some(a) => format!("the plan for {a} ({})", schedule.program),
        None => format!("the plan for {}", schedule.program),
    };
    templates.render(PLAN_TEMPLATE, &ctx, &what)
}
