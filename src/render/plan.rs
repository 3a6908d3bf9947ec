//! The printable plan: one self-contained HTML file (CSS inlined, no network), rendered through
//! the `plan/*.html` templates so a coach can rebrand or reshape it by overriding one partial.
//!
//! Each week is rendered on its own through `plan/week.html`, in parallel, with a small context
//! (`plan` without its weeks, `week` and `site_root`); `plan/plan.html` then puts the cover and
//! the rendered weeks (`weeks_html`) into one document. Building one template context for a
//! whole 52-week plan cost as much as rendering it; per-week contexts are small and spread over
//! the cores.
//!
//! # Template values, built once
//!
//! Turning Rust values into Tera values (maps of strings) and freeing them again was about a
//! quarter of the instructions of a 52-week plan (callgrind), so what repeats is turned once and
//! shared: the plan header (the same in every week) and the rest days (a plan has a handful of
//! different ones, repeated in every week). A `tera::Value` inside a serialised struct is not
//! serialised again but shared, which is what [`WeekView`] relies on.
//!
//! The weeks the templates see are the weeks of the JSON format, field for field (a test checks
//! it), plus two fields on each rest-day guidance item: `label`, its topic as a heading
//! ("Sleep"), and `url`, its link under the site's base URL (`site_root` + `link`). They save
//! the templates a filter and a concatenation per item, nearly a tenth of the rendering.

use rayon::prelude::*;
use serde::{Serialize, Serializer};
use tera::{Context, Value};

use crate::render::Templates;
use deload_engine::error::Error;
use deload_engine::export;
use deload_engine::plan::{Day, RecoveryItem, RestDay, Schedule, Session, Topic, Week};

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
        wave: s.wave,
        plate_increment: s.plate_increment,
        lifts: s.lifts.clone(),
        history_source: s.history_source.clone(),
        history_chart: None,
        weeks: Vec::new(),
        diagnostics: Vec::new(),
    }
}

fn ser_display<T: std::fmt::Display, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// `week` as the week templates see it: [`Week`]'s fields, with the rest days as shared values.
#[derive(Serialize)]
struct WeekView<'a> {
    number: u32,
    #[serde(serialize_with = "ser_display")]
    start: jiff::civil::Date,
    #[serde(serialize_with = "ser_display")]
    end: jiff::civil::Date,
    block: &'a str,
    focus: &'a str,
    is_deload: bool,
    deload_reason: Option<&'a str>,
    deload_link: Option<&'a str>,
    total_sets: u32,
    days: Vec<DayView<'a>>,
}

/// `day` as the templates see it: [`Day`]'s serialised fields (`date`, `weekday`, `kind`,
/// `session`, `rest`), `rest` being a shared value.
#[derive(Serialize)]
struct DayView<'a> {
    #[serde(serialize_with = "ser_display")]
    date: jiff::civil::Date,
    weekday: &'static str,
    kind: &'static str,
    session: Option<&'a Session>,
    rest: Option<Value>,
}

/// A rest day as the templates see it: [`RestDay`] with a `label` on each guidance item.
#[derive(Serialize)]
struct RestView<'a> {
    note: &'a str,
    guidance: Vec<ItemView<'a>>,
}

/// [`RecoveryItem`], its topic as a heading (`label`) and its link under the site's base URL
/// (`url`).
#[derive(Serialize)]
struct ItemView<'a> {
    topic: Topic,
    label: &'static str,
    text: &'a str,
    link: &'a str,
    url: String,
}

impl<'a> RestView<'a> {
    fn new(rest: &'a RestDay, site_root: &str) -> RestView<'a> {
        RestView {
            note: &rest.note,
            guidance: rest
                .guidance
                .iter()
                .map(|g: &'a RecoveryItem| ItemView {
                    topic: g.topic,
                    label: g.topic.label(),
                    text: &g.text,
                    link: &g.link,
                    url: format!("{site_root}{}", g.link),
                })
                .collect(),
        }
    }
}

/// Every different rest day of a plan, each turned into a template value once.
struct RestDays<'a> {
    distinct: Vec<(&'a RestDay, Value)>,
    site_root: &'a str,
}

impl<'a> RestDays<'a> {
    fn new(schedule: &'a Schedule, site_root: &'a str) -> RestDays<'a> {
        let mut distinct: Vec<(&RestDay, Value)> = Vec::new();
        for rest in schedule
            .weeks
            .iter()
            .flat_map(|w| &w.days)
            .filter_map(Day::rest)
        {
            if !distinct.iter().any(|(r, _)| *r == rest) {
                let value = Value::from_serializable(&RestView::new(rest, site_root));
                distinct.push((rest, value));
            }
        }
        RestDays {
            distinct,
            site_root,
        }
    }

    /// The shared value of `rest` (a plan has a handful of different rest days, so a linear
    /// search is quick).
    fn value(&self, rest: &RestDay) -> Value {
        match self.distinct.iter().find(|(r, _)| *r == rest) {
            Some((_, v)) => v.clone(),
            None => Value::from_serializable(&RestView::new(rest, self.site_root)),
        }
    }
}

impl<'a> WeekView<'a> {
    fn new(week: &'a Week, rest_days: &RestDays<'_>) -> WeekView<'a> {
        WeekView {
            number: week.number,
            start: week.start,
            end: week.end,
            block: &week.block,
            focus: &week.focus,
            is_deload: week.is_deload,
            deload_reason: week.deload_reason.as_deref(),
            deload_link: week.deload_link.as_deref(),
            total_sets: week.total_sets,
            days: week
                .days
                .iter()
                .map(|day| DayView {
                    date: day.date,
                    weekday: day.weekday.name(),
                    kind: day.kind_name(),
                    session: day.session(),
                    rest: day.rest().map(|r| rest_days.value(r)),
                })
                .collect(),
        }
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
    let head = Value::from_serializable(&header(schedule));
    let root = site_url.trim_end_matches('/');
    let site_root = Value::from(root);
    let rest_days = RestDays::new(schedule, root);
    let render_week = |week: &Week| -> Result<Value, Error> {
        let mut ctx = Context::new();
        ctx.insert_value("plan", head.clone());
        ctx.insert("week", &WeekView::new(week, &rest_days));
        ctx.insert_value("site_root", site_root.clone());
        let html = templates.render(
            WEEK_TEMPLATE,
            &ctx,
            &format!("week {} of {what}", week.number),
        )?;
        Ok(Value::safe_string(&html))
    };
    let weeks_html: Vec<Value> = schedule
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
    ctx.insert_value("plan", head);
    ctx.insert("weeks", &summaries);
    ctx.insert_value("weeks_html", Value::from(weeks_html));
    ctx.insert("plan_css", templates.source(PLAN_CSS).unwrap_or(""));
    ctx.insert_value("site_root", site_root);
    ctx.insert("history_chart", &schedule.history_chart);
    templates.render(PLAN_TEMPLATE, &ctx, &what)
}

/// One plan in every format, as [`all`] renders it.
#[derive(Debug, Clone)]
pub struct AllFormats {
    /// The printable plan.
    pub html: String,
    /// Markdown.
    pub md: String,
    /// JSON.
    pub json: String,
    /// CSV.
    pub csv: String,
    /// iCalendar.
    pub ics: String,
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

#[cfg(test)]
mod tests {
    use super::*;
    use deload_engine::plan::{PlanOptions, plan};

    /// Every field of the JSON format's week (and day, session and rest day) reaches the
    /// templates with the same value; the views may only add fields.
    #[test]
    fn week_views_hold_the_json_weeks() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in [
            "programs/novice-full-body.yaml",
            "programs/athletes/sam.yaml",
        ] {
            let input = match deload_engine::programs::load_input(&root.join(file)) {
                Ok((input, _)) => input,
                Err(e) => panic!("{e}"),
            };
            let opts = PlanOptions {
                weeks: Some(8),
                start: "2027-01-04".parse().ok(),
                ..Default::default()
            };
            let schedule = match plan(&input, &opts) {
                Ok(s) => s,
                Err(e) => panic!("{e}"),
            };
            assert!(schedule.weeks.iter().any(|w| w.is_deload));
            let rest_days = RestDays::new(&schedule, "https://example.org");
            let distinct = rest_days.distinct.len();
            assert!(distinct < 20, "{distinct} different rest days");
            for week in &schedule.weeks {
                let json = Value::from_serializable(week);
                let view = Value::from_serializable(&WeekView::new(week, &rest_days));
                assert_contains(&view, &json, &format!("{file}, week {}", week.number));
            }
        }
    }

    /// Every key of `expected`, recursively, is in `actual` with an equal value.
    fn assert_contains(actual: &Value, expected: &Value, at: &str) {
        match (
            actual.as_map(),
            expected.as_map(),
            actual.as_array(),
            expected.as_array(),
        ) {
            (Some(a), Some(e), _, _) => {
                for (k, v) in e {
                    let Some(av) = a.get(k) else {
                        panic!("{at}: `{k:?}` is missing");
                    };
                    assert_contains(av, v, &format!("{at}.{k:?}"));
                }
            }
            (_, _, Some(a), Some(e)) => {
                assert_eq!(a.len(), e.len(), "{at}: lengths");
                for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                    assert_contains(av, ev, &format!("{at}[{i}]"));
                }
            }
            _ => assert_eq!(actual, expected, "{at}"),
        }
    }
}
