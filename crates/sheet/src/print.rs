//! The printable plan: one self-contained HTML file (CSS inlined, no network), rendered through
//! the `plan/*.html` templates so a coach can rebrand or reshape it by overriding one partial.
//!
//! Each week is rendered on its own through `plan/week.html` (in parallel with the `rayon`
//! feature), with a small context ([`WeekContext`](crate::view::WeekContext): `plan` without its
//! weeks, `week` and `site_root`); `plan/plan.html` then puts the cover and the rendered weeks
//! (`weeks_html`) into one document. Building one template context for a whole 52-week plan cost
//! as much as rendering it; per-week contexts are small and spread over the cores. What every
//! week shares (the plan header, the rest days) is turned into template values once: see
//! [`PlanViews`].

use tera::Value;

use crate::templates::{PLAN_CSS, PLAN_TEMPLATE, Templates, WEEK_TEMPLATE};
use crate::view::PlanViews;
use deload_engine::error::Error;
use deload_engine::plan::{Schedule, Week};

/// Renders `schedule` as a printable HTML document. `site_url` is the site's base URL, used for
/// links to the guidance pages (rest days, readiness check, deload explanation). The templates'
/// `config` global must be set ([`Templates::set_global`]).
pub fn to_html(
    schedule: &Schedule,
    templates: &Templates,
    site_url: &str,
) -> Result<String, Error> {
    let what = match &schedule.athlete {
        Some(a) => format!("the plan for {a} ({})", schedule.program),
        None => format!("the plan for {}", schedule.program),
    };
    let views = PlanViews::new(schedule, site_url);
    let render_week = |week: &Week| -> Result<Value, Error> {
        let what = format_args!("week {} of {what}", week.number);
        let html = templates.render(WEEK_TEMPLATE, &views.week(week), &what)?;
        Ok(Value::safe_string(&html))
    };
    let weeks_html = render_weeks(&schedule.weeks, render_week)?;
    let plan_css = templates.source(PLAN_CSS).unwrap_or("");
    templates.render(PLAN_TEMPLATE, &views.document(weeks_html, plan_css), &what)
}

/// Every week through `render`, on all cores.
#[cfg(feature = "rayon")]
fn render_weeks(
    weeks: &[Week],
    render: impl Fn(&Week) -> Result<Value, Error> + Sync + Send,
) -> Result<Vec<Value>, Error> {
    use rayon::prelude::*;
    weeks.par_iter().with_min_len(4).map(render).collect()
}

/// Every week through `render`, one after another.
#[cfg(not(feature = "rayon"))]
fn render_weeks(
    weeks: &[Week],
    render: impl Fn(&Week) -> Result<Value, Error>,
) -> Result<Vec<Value>, Error> {
    weeks.iter().map(render).collect()
}
