//! The printable plan: one self-contained HTML file (CSS inlined, no network), rendered through
//! the `plan/*.html` templates so a coach can rebrand or reshape it by overriding one partial.
//!
//! Each week is rendered on its own through `plan/week.html`, in parallel, with a small context
//! (`plan` without its weeks, and `week`); `plan/plan.html` then puts the cover and the rendered
//! weeks (`weeks_html`) into one document. Building one template context for a whole 52-week
//! plan cost as much as rendering it; per-week contexts are small and spread over the cores.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::error::Error;
use crate::plan::{Schedule, Week};
use crate::render::Templates;

/// The template that renders a whole plan.
pub const PLAN_TEMPLATE: &str = "plan/plan.html";
/// The template that renders one week.
pub const WEEK_TEMPLATE: &str = "plan/week.html";
/// The stylesheet inlined into every printable plan.
pub const PLAN_CSS: &str = "plan/style.css";

/// A week as the cover lists it: everything but the days.
#[derive(Debug, Serialize)]
struct WeekSummary<'a> {
    number: u32,
    start: String,
    end: String,
    block: &'a str,
    focus: &'a str,
    is_deload: bool,
    deload_reason: Option<&'a str>,
    total_sets: u32,
}

/// The schedule without its weeks (the `plan` templates see).
fn header(s: &Schedule) -> Schedule {
    Schedule {
        athlete: s.athlete.clone(),
        program: s.program.clone(),
        description: s.description.clone(),
        units: s.units,
        start: s.start,
        end: s.end,
        level: s.level,
        level_reason: s.level_reason.clone(),
        deload_every: s.deload_every,
        cadence_reason: s.cadence_reason.clone(),
        first_deload_week: s.first_deload_week,
        training_days: s.training_days.clone(),
        days_reason: s.days_reason.clone(),
        warnings: s.warnings.clone(),
        history_source: s.history_source.clone(),
        history_chart: None,
        weeks: Vec::new(),
    }
}

/// Renders `schedule` as a printable HTML document. `site_url` is the site's base URL, used for
/// links to the guidance pages (rest days, readiness check, deload explanation). The templates'
/// `config` global must be set ([`crate::render::prepare`] or [`crate::render::prepare_config`]).
pub fn to_html(
    schedule: &Schedule,
    templates: &Templates,
    site_url: &str,
) -> Result<String, Error> {
    let what = match &schedule.athlete {
        Some(a) => format!("the plan for {a} ({})", schedule.program),
        None => format!("the plan for {}", schedule.program),
    };
    let head = header(schedule);
    let site_root = site_url.trim_end_matches('/');
    let render_week = |week: &Week| -> Result<String, Error> {
        let mut ctx = Context::new();
        ctx.insert("plan", &head);
        ctx.insert("week", week);
        ctx.insert("site_root", site_root);
        templates.render(
            WEEK_TEMPLATE,
            &ctx,
            &format!("week {} of {what}", week.number),
        )
    };
    let weeks_html: Vec<String> = schedule
        .weeks
        .par_iter()
        .with_min_len(4)
        .map(render_week)
        .collect::<Result<_, _>>()?;
    let summaries: Vec<WeekSummary> = schedule
        .weeks
        .iter()
        .map(|w| WeekSummary {
            number: w.number,
            start: w.start.to_string(),
            end: w.end.to_string(),
            block: &w.block,
            focus: &w.focus,
            is_deload: w.is_deload,
            deload_reason: w.deload_reason.as_deref(),
            total_sets: w.total_sets,
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("plan", &head);
    ctx.insert("weeks", &summaries);
    ctx.insert("weeks_html", &weeks_html);
    ctx.insert("plan_css", templates.source(PLAN_CSS).unwrap_or(""));
    ctx.insert("site_root", site_root);
    ctx.insert("history_chart", &schedule.history_chart);
    templates.render(PLAN_TEMPLATE, &ctx, &what)
}
