//! The printable plan: one self-contained HTML file (CSS inlined, no network), rendered through
//! the `plan/*.html` templates so a coach can rebrand or reshape it by overriding one partial.
//!
//! Each week is rendered on its own through `plan/week.html`, in parallel, with a small context
//! (`view::WeekContext`: `plan` without its weeks, `week` and
//! `site_root`); `plan/plan.html` then puts the cover and the rendered weeks (`weeks_html`) into
//! one document. Building one template context for a whole 52-week plan cost as much as
//! rendering it; per-week contexts are small and spread over the cores. What every week shares
//! (the plan header, the rest days) is turned into template values once: see
//! `view::PlanViews`.

use rayon::prelude::*;
use tera::Value;

use super::Templates;
use super::view::PlanViews;
use deload_engine::error::Error;
use deload_engine::export;
use deload_engine::plan::{Schedule, Week};

/// The template that renders a whole plan.
pub(crate) const PLAN_TEMPLATE: &str = "plan/plan.html";
/// The template that renders one week.
pub(crate) const WEEK_TEMPLATE: &str = "plan/week.html";
/// The stylesheet inlined into every printable plan.
pub(crate) const PLAN_CSS: &str = "plan/style.css";

/// Renders `schedule` as a printable HTML document. `site_url` is the site's base URL, used for
/// links to the guidance pages (rest days, readiness check, deload explanation). The templates'
/// `config` global must be set ([`prepare_config`](super::prepare_config), or the site's).
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
    let weeks_html: Vec<Value> = schedule
        .weeks
        .par_iter()
        .with_min_len(4)
        .map(render_week)
        .collect::<Result<_, _>>()?;
    let plan_css = templates.source(PLAN_CSS).unwrap_or("");
    templates.render(PLAN_TEMPLATE, &views.document(weeks_html, plan_css), &what)
}

/// One plan in every format, as [`all`] renders it.
#[derive(Debug, Clone)]
pub struct AllFormats {
    /// The printable plan.
    pub(crate) html: String,
    /// Markdown.
    pub(crate) md: String,
    /// JSON.
    pub(crate) json: String,
    /// CSV.
    pub(crate) csv: String,
    /// iCalendar.
    pub(crate) ics: String,
}

impl AllFormats {
    /// `(extension, text)` for every format.
    pub fn files(&self) -> [(&'static str, &str); 5] {
        [
            ("html", &self.html),
            ("md", &self.md),
            ("json", &self.json),
            ("csv", &self.csv),
            ("ics", &self.ics),
        ]
    }
}

/// Renders `schedule` in all five formats at once, in parallel (the printable plan on one core,
/// the other four on another).
pub fn all(
    schedule: &Schedule,
    templates: &Templates,
    site_url: &str,
    ics_options: &export::IcsOptions,
) -> Result<AllFormats, Error> {
    let (html, (json, (ics, (csv, md)))) = rayon::join(
        || to_html(schedule, templates, site_url),
        || {
            rayon::join(
                || export::to_json(schedule),
                || {
                    rayon::join(
                        || export::to_ics(schedule, ics_options),
                        || {
                            rayon::join(
                                || export::to_csv(schedule),
                                || export::to_markdown(schedule),
                            )
                        },
                    )
                },
            )
        },
    );
    Ok(AllFormats {
        html: html?,
        md,
        json,
        csv,
        ics,
    })
}
