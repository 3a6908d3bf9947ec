//! The printed plan's values: `plan`, `week`, `day` and what a day holds (plan/*.html, and the
//! sample week of programs/program.html).
//!
//! The weeks the templates see are the weeks of the JSON format, field for field (a test checks
//! it), plus two fields on each rest-day guidance item: `label`, its topic as a heading
//! ("Sleep"), and `url`, its link under the site's base URL (`site_root` + `link`). They save
//! the templates a filter and a concatenation per item, nearly a tenth of the rendering.
//!
//! # Template values, built once
//!
//! Turning Rust values into Tera values (maps of strings) and freeing them again was about a
//! quarter of the instructions of a 52-week plan (callgrind), so what repeats is turned once and
//! shared ([`PlanViews`]): the plan header (the same in every week) and the rest days (a plan
//! has a handful of different ones, repeated in every week). A `tera::Value` inside a serialised
//! struct is not serialised again but shared, which is what [`DayView`] relies on.

use jiff::civil::Date;
use serde::Serialize;
use tera::Value;

use super::{ser_display, shared};
use deload_engine::plan::{
    Day, Prescription, RecoveryItem, RestDay, Schedule, Session, Topic, Week,
};

/// `plan`: the schedule without its weeks.
#[derive(Debug, Serialize)]
struct PlanView<'a> {
    /// The athlete's name, for an athlete's plan.
    athlete: Option<&'a str>,
    /// Program name.
    program: &'a str,
    /// Program description.
    description: &'a str,
    /// Units of every load (`kg`, `lb`).
    units: &'static str,
    /// First day.
    #[serde(serialize_with = "ser_display")]
    start: Date,
    /// Last day.
    #[serde(serialize_with = "ser_display")]
    end: Date,
    /// Training level (`novice`, `intermediate`, `advanced`).
    level: &'static str,
    /// Why that level.
    level_reason: &'a str,
    /// A deload every this many weeks, counting the deload.
    deload_every: u32,
    /// Why that cadence.
    cadence_reason: &'a str,
    /// Week number of the first deload.
    first_deload_week: u32,
    /// Training weekdays ("Monday", ...).
    training_days: &'a [String],
    /// Why those days.
    days_reason: &'a str,
    /// Things the reader should look at.
    warnings: &'a [String],
    /// Where the training history came from, when a training log was read.
    history_source: Option<&'a str>,
}

impl<'a> PlanView<'a> {
    /// The header of `s`.
    fn new(s: &'a Schedule) -> PlanView<'a> {
        PlanView {
            athlete: s.athlete.as_deref(),
            program: &s.program,
            description: &s.description,
            units: s.units.as_str(),
            start: s.start,
            end: s.end,
            level: s.level.as_str(),
            level_reason: &s.level_reason,
            deload_every: s.deload_every,
            cadence_reason: &s.cadence_reason,
            first_deload_week: s.first_deload_week,
            training_days: &s.training_days,
            days_reason: &s.days_reason,
            warnings: &s.warnings,
            history_source: s.history_source.as_deref(),
        }
    }
}

/// The plan header of `schedule` (`plan`) as a template value.
pub(crate) fn plan_header(schedule: &Schedule) -> Value {
    shared(&PlanView::new(schedule))
}

/// A week as the cover lists it: everything but the days.
#[derive(Debug, Serialize)]
struct WeekSummary<'a> {
    /// 1-based week number.
    number: u32,
    /// First day.
    #[serde(serialize_with = "ser_display")]
    start: Date,
    /// Last day.
    #[serde(serialize_with = "ser_display")]
    end: Date,
    /// The block the week belongs to.
    block: &'a str,
    /// The block's focus (`deload` in a deload week).
    focus: &'a str,
    /// Whether it is a deload week.
    is_deload: bool,
    /// Why it is a deload week.
    deload_reason: Option<&'a str>,
    /// Sets in the week.
    total_sets: u32,
}

impl<'a> WeekSummary<'a> {
    /// The cover's line for `w`.
    fn new(w: &'a Week) -> WeekSummary<'a> {
        WeekSummary {
            number: w.number,
            start: w.start,
            end: w.end,
            block: &w.block,
            focus: &w.focus,
            is_deload: w.is_deload,
            deload_reason: w.deload_reason.as_deref(),
            total_sets: w.total_sets,
        }
    }
}

/// `week`: one week with its days.
#[derive(Debug, Serialize)]
pub(crate) struct WeekView<'a> {
    /// 1-based week number.
    number: u32,
    /// First day.
    #[serde(serialize_with = "ser_display")]
    start: Date,
    /// Last day.
    #[serde(serialize_with = "ser_display")]
    end: Date,
    /// The block the week belongs to.
    block: &'a str,
    /// The block's focus.
    focus: &'a str,
    /// Whether it is a deload week.
    is_deload: bool,
    /// Why it is a deload week.
    deload_reason: Option<&'a str>,
    /// The site's page on deload weeks, for deload weeks.
    deload_link: Option<&'a str>,
    /// Sets in the week.
    total_sets: u32,
    /// Seven days.
    days: Vec<DayView<'a>>,
}

impl<'a> WeekView<'a> {
    /// The view of `week`, its rest days taken from `rest_days`.
    pub(crate) fn new(week: &'a Week, rest_days: &RestDays<'_>) -> WeekView<'a> {
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
                .map(|d| DayView::new(d, rest_days))
                .collect(),
        }
    }
}

/// `day`: a training day or a rest day.
#[derive(Debug, Serialize)]
pub(crate) struct DayView<'a> {
    /// The date.
    #[serde(serialize_with = "ser_display")]
    date: Date,
    /// "Monday", ...
    weekday: &'static str,
    /// `session` or `rest`.
    kind: &'static str,
    /// The session, on a training day.
    session: Option<SessionView<'a>>,
    /// The rest day (a [`RestView`], shared), on a rest day.
    rest: Option<Value>,
}

impl<'a> DayView<'a> {
    /// The view of `day`.
    fn new(day: &'a Day, rest_days: &RestDays<'_>) -> DayView<'a> {
        DayView {
            date: day.date,
            weekday: day.weekday.name(),
            kind: day.kind_name(),
            session: day.session().map(SessionView::new),
            rest: day.rest().map(|r| rest_days.value(r)),
        }
    }
}

/// `day.session`: a training session.
#[derive(Debug, Serialize)]
struct SessionView<'a> {
    /// Session name.
    name: &'a str,
    /// Main muscle groups.
    muscles: &'a [String],
    /// Whether it is a heavy session.
    heavy: bool,
    /// The exercises.
    prescriptions: Vec<PrescriptionView<'a>>,
}

impl<'a> SessionView<'a> {
    /// The view of `s`.
    fn new(s: &'a Session) -> SessionView<'a> {
        SessionView {
            name: &s.name,
            muscles: &s.muscles,
            heavy: s.heavy,
            prescriptions: s.prescriptions.iter().map(PrescriptionView).collect(),
        }
    }
}

/// One exercise of a session, serialised straight from the engine's prescription: these
/// fields, in this order (`exercise`, `sets`, `reps`, `rep_range` {`min`, `max`}, `amrap`,
/// `intensity`, `percent`, `rpe`, `rir`, `load`, `units`, `rest`, `tempo`, `notes`,
/// `superset`). A 52-week plan has a thousand of them: writing them out without first copying
/// each into a view struct keeps the printed plan as fast as before the views.
#[derive(Debug)]
struct PrescriptionView<'a>(&'a Prescription);

impl Serialize for PrescriptionView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let p = self.0;
        let mut st = s.serialize_struct("Prescription", 15)?;
        st.serialize_field("exercise", &p.exercise)?;
        st.serialize_field("sets", &p.sets)?;
        st.serialize_field("reps", &p.reps)?;
        st.serialize_field("rep_range", &RepRangeView(p))?;
        st.serialize_field("amrap", &p.amrap)?;
        st.serialize_field("intensity", &p.intensity)?;
        st.serialize_field("percent", &p.percent)?;
        st.serialize_field("rpe", &p.rpe)?;
        st.serialize_field("rir", &p.rir)?;
        st.serialize_field("load", &p.load)?;
        st.serialize_field("units", p.units.as_str())?;
        st.serialize_field("rest", &p.rest)?;
        st.serialize_field("tempo", &p.tempo)?;
        st.serialize_field("notes", &p.notes)?;
        st.serialize_field("superset", &p.superset)?;
        st.end()
    }
}

/// `rep_range`: the reps as numbers, `min` and `max` (none for AMRAP).
#[derive(Debug)]
struct RepRangeView<'a>(&'a Prescription);

impl Serialize for RepRangeView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("RepRange", 2)?;
        st.serialize_field("min", &self.0.rep_range.min)?;
        st.serialize_field("max", &self.0.rep_range.max)?;
        st.end()
    }
}

/// `day.rest`: a rest day.
#[derive(Debug, Serialize)]
struct RestView<'a> {
    /// Why the day matters.
    note: &'a str,
    /// Recovery guidance, one item per topic.
    guidance: Vec<ItemView<'a>>,
}

/// One piece of recovery guidance.
#[derive(Debug, Serialize)]
struct ItemView<'a> {
    /// The topic (`sleep`, `nutrition`, `mobility`, `hydration`, `stress`).
    topic: &'static str,
    /// The topic as a heading ("Sleep").
    label: &'static str,
    /// What to do.
    text: &'a str,
    /// The site path of the topic's page.
    link: &'a str,
    /// `link` under the site's base URL.
    url: String,
}

/// A topic's name in the JSON format and the templates.
fn topic_name(t: Topic) -> &'static str {
    match t {
        Topic::Sleep => "sleep",
        Topic::Nutrition => "nutrition",
        Topic::Mobility => "mobility",
        Topic::Hydration => "hydration",
        Topic::Stress => "stress",
    }
}

impl<'a> RestView<'a> {
    /// The view of `rest`, its links under `site_root`.
    fn new(rest: &'a RestDay, site_root: &str) -> RestView<'a> {
        let item = |g: &'a RecoveryItem| ItemView {
            topic: topic_name(g.topic),
            label: g.topic.label(),
            text: &g.text,
            link: &g.link,
            url: if g.link.starts_with('/') {
                format!("{site_root}{}", g.link)
            } else {
                g.link.clone()
            },
        };
        RestView {
            note: &rest.note,
            guidance: rest.guidance.iter().map(item).collect(),
        }
    }
}

/// Every different rest day of a plan, each turned into a template value once.
pub(crate) struct RestDays<'a> {
    distinct: Vec<(&'a RestDay, Value)>,
    site_root: &'a str,
}

impl<'a> RestDays<'a> {
    /// The rest days of `schedule`, their links under `site_root` (the base URL without its
    /// trailing `/`).
    pub(crate) fn new(schedule: &'a Schedule, site_root: &'a str) -> RestDays<'a> {
        let mut distinct: Vec<(&RestDay, Value)> = Vec::new();
        let rests = schedule.weeks.iter().flat_map(|w| &w.days);
        for rest in rests.filter_map(Day::rest) {
            if !distinct.iter().any(|(r, _)| *r == rest) {
                distinct.push((rest, shared(&RestView::new(rest, site_root))));
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
            None => shared(&RestView::new(rest, self.site_root)),
        }
    }
}

/// The context of `plan/week.html`, which renders one week (and includes `plan/session.html`,
/// `plan/rest_day.html` and `plan/readiness.html`).
#[derive(Debug, Serialize)]
pub(crate) struct WeekContext<'a> {
    /// The plan header (a [`PlanView`], shared by every week).
    plan: Value,
    /// The week.
    week: WeekView<'a>,
    /// The site's base URL without the trailing `/`.
    site_root: Value,
}

/// The context of `plan/plan.html`, which puts the cover (`plan/cover.html`) and the rendered
/// weeks into one document.
#[derive(Debug, Serialize)]
pub(crate) struct PlanContext<'a> {
    /// The plan header.
    plan: Value,
    /// The weeks without their days, for the cover.
    weeks: Vec<WeekSummary<'a>>,
    /// Each week rendered through `plan/week.html`: HTML, marked safe.
    weeks_html: Value,
    /// The stylesheet `plan/style.css`, inlined.
    plan_css: &'a str,
    /// The site's base URL without the trailing `/`.
    site_root: Value,
    /// The training log's weekly-volume chart (SVG), when a log was read.
    history_chart: Option<&'a str>,
}

/// The values shared by every template of one printed plan, built once.
pub(crate) struct PlanViews<'a> {
    schedule: &'a Schedule,
    head: Value,
    site_root: Value,
    rest_days: RestDays<'a>,
}

impl<'a> PlanViews<'a> {
    /// The shared values of `schedule`'s printed plan; `site_url` is the site's base URL, under
    /// which the plan links to the guidance pages.
    pub(crate) fn new(schedule: &'a Schedule, site_url: &'a str) -> PlanViews<'a> {
        let root = site_url.trim_end_matches('/');
        PlanViews {
            schedule,
            head: shared(&PlanView::new(schedule)),
            site_root: Value::from(root),
            rest_days: RestDays::new(schedule, root),
        }
    }

    /// The context of `week`'s page.
    pub(crate) fn week(&self, week: &'a Week) -> WeekContext<'a> {
        WeekContext {
            plan: self.head.clone(),
            week: WeekView::new(week, &self.rest_days),
            site_root: self.site_root.clone(),
        }
    }

    /// The context of the whole document around `weeks_html`, the rendered weeks.
    pub(crate) fn document(self, weeks_html: Vec<Value>, plan_css: &'a str) -> PlanContext<'a> {
        PlanContext {
            plan: self.head,
            weeks: self.schedule.weeks.iter().map(WeekSummary::new).collect(),
            weeks_html: Value::from(weeks_html),
            plan_css,
            site_root: self.site_root,
            history_chart: self.schedule.history_chart.as_deref(),
        }
    }
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
            let views = PlanViews::new(&schedule, "https://example.org/");
            let distinct = views.rest_days.distinct.len();
            assert!(distinct < 20, "{distinct} different rest days");
            // the header: the JSON format's plan without its weeks
            let json = Value::from_serializable(&schedule);
            let (Some(head), Some(json)) = (views.head.as_map(), json.as_map()) else {
                panic!("{file}: the plan is not a map");
            };
            for (k, v) in json.iter().filter(|(k, _)| k.as_str() != Some("weeks")) {
                let Some(hv) = head.get(k) else {
                    panic!("{file}: `plan.{k:?}` is missing");
                };
                assert_contains(hv, v, &format!("{file}, plan.{k:?}"));
            }
            for week in &schedule.weeks {
                let json = Value::from_serializable(week);
                let view = Value::from_serializable(&views.week(week));
                let Some(view) = view.as_map().and_then(|m| m.get(&"week".into())) else {
                    panic!("no `week` in the week context");
                };
                assert_contains(view, &json, &format!("{file}, week {}", week.number));
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
