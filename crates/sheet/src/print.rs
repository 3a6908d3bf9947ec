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

/// How a plan is printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The site's base URL, under which the plan links to the guidance pages (rest days,
    /// readiness check, deload explanation).
    pub site_url: &'a str,
    /// Asks search engines not to index the document (`noindex`): an athlete's plan.
    pub noindex: bool,
    /// The coach's name and contact, for the cover (`None`: the templates may fall back to
    /// `config.author`).
    pub coach: Option<&'a str>,
}

/// Renders `schedule` as a printable HTML document. `site_url` is the site's base URL, used for
/// links to the guidance pages (rest days, readiness check, deload explanation). The templates'
/// `config` global must be set ([`Templates::set_global`]). An athlete's plan asks search
/// engines not to index it, wherever it ends up (a site, a shared folder, the Planner page).
pub fn to_html(
    schedule: &Schedule,
    templates: &Templates,
    site_url: &str,
) -> Result<String, Error> {
    let opts = Options {
        site_url,
        noindex: schedule.athlete.is_some(),
        coach: None,
    };
    to_html_with(schedule, templates, &opts)
}

/// Renders `schedule` as a printable HTML document, as `opts` says.
pub fn to_html_with(
    schedule: &Schedule,
    templates: &Templates,
    opts: &Options<'_>,
) -> Result<String, Error> {
    let site_url = opts.site_url;
    let what = match &schedule.athlete {
        Some(a) => format!("the plan for {a} ({})", schedule.program),
        None => format!("the plan for {}", schedule.program),
    };
    let mut views = PlanViews::new(schedule, site_url);
    views.noindex = opts.noindex;
    views.coach = opts.coach;
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
