//! The printable plan: one self-contained HTML file (CSS inlined, no network), rendered through
//! the `plan/*.html` templates so a coach can rebrand or reshape it by overriding one partial.
//!
//! Each week is rendered on its own through `plan/week.html` (in parallel with the `rayon`
//! feature), with a small context ([`WeekContext`](crate::view::WeekContext): `plan` without its
//! weeks, `week` and `site_root`); `plan/plan.html` then puts the cover and the rendered weeks
//! (`weeks_html`) into one document. When it prints each week as it is (the built-in one does),
//! it is rendered around a marker for each week, and the weeks take their markers' places
//! after: Tera no longer copies the weeks (two megabytes for a year) into its output and checks
//! them again. Building one template context for a whole 52-week plan cost
//! as much as rendering it; per-week contexts are small and spread over the cores. What every
//! week shares (the plan header, the rest days) is turned into template values once: see
//! [`PlanViews`].

use tera::Value;

use crate::templates::{PLAN_CSS, PLAN_TEMPLATE, Templates, WEEK_TEMPLATE};
use crate::view::PlanViews;
use crate::words::Words;
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
    /// The words of the plan's language (`None`: English).
    pub words: Option<&'a Words>,
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
        words: None,
    };
    to_html_with(schedule, templates, &opts)
}

/// Renders `schedule` as a printable HTML document, as `opts` says.
pub fn to_html_with(
    schedule: &Schedule,
    templates: &Templates,
    opts: &Options<'_>,
) -> Result<String, Error> {
    let what = match &schedule.athlete {
        Some(a) => format!("the plan for {a} ({})", schedule.program),
        None => format!("the plan for {}", schedule.program),
    };
    let words = opts.words.unwrap_or_else(|| Words::english());
    let mut views = PlanViews::in_language(schedule, opts.site_url, words);
    views.noindex = opts.noindex;
    views.coach = opts.coach;
    let plan_css = templates.source(PLAN_CSS).unwrap_or("");
    let render_week = |week: &Week| -> Result<String, Error> {
        let what = format_args!("week {} of {what}", week.number);
        templates.render_sized(WEEK_TEMPLATE, &views.week(week), &what, WEEK_BYTES)
    };
    // the document around markers, while the weeks are rendered
    let around_markers = || -> Result<Option<String>, Error> {
        if !prints_weeks_as_they_are(templates) {
            return Ok(None);
        }
        let markers: Vec<Value> = (0..schedule.weeks.len())
            .map(|i| Value::safe_string(&marker(i)))
            .collect();
        let ctx = views.document(markers, plan_css);
        (templates.render_sized(PLAN_TEMPLATE, &ctx, &what, DOCUMENT_BYTES)).map(Some)
    };
    let (weeks_html, doc) = both(|| each(&schedule.weeks, render_week), around_markers);
    let weeks_html = weeks_html?;
    if let Some(doc) = doc?
        && let Some(html) = splice(&doc, &weeks_html)
    {
        return Ok(html);
    }
    let weeks_html: Vec<Value> = weeks_html.iter().map(|h| Value::safe_string(h)).collect();
    let ctx = views.document(weeks_html, plan_css);
    templates.render(PLAN_TEMPLATE, &ctx, &what)
}

/// Room for one printed week: most weeks of the shipped programs are 30 to 75 KiB.
const WEEK_BYTES: usize = 80 * 1024;

/// Room for the document around the weeks: the cover with its chart, the style sheet and the
/// last pages are 40 to 90 KiB.
const DOCUMENT_BYTES: usize = 128 * 1024;

/// What the document template is given in the place of week `i`'s HTML, to be replaced by it.
/// It starts with `<`, which the templates escape in every text they are given, so only a
/// template's own text or a value marked safe could hold it; [`splice`] checks that none does.
fn marker(i: usize) -> String {
    format!("<!--deload-sheet-week-{i}-->")
}

/// The start of every [`marker`].
const MARKER_START: &str = "<!--deload-sheet-week-";

/// Whether the document template prints each rendered week as it is, once
/// (`{% for week_html in weeks_html %}…{{ week_html }}…{% endfor %}`, as the built-in one
/// does): then it is rendered around markers, and the weeks are put in their place after,
/// without Tera copying two megabytes of weeks into its output and checking them again. A
/// site's template that does anything else with `week_html` is rendered with the weeks.
fn prints_weeks_as_they_are(templates: &Templates) -> bool {
    templates
        .source(PLAN_TEMPLATE)
        .is_some_and(|t| t.contains("{{ week_html }}") && t.matches("week_html").count() == 2)
}

/// `doc` with the `i`-th [`marker`] replaced by `weeks[i]`; `None` unless every marker is in
/// `doc` exactly once, in order, and nothing else in it looks like one.
fn splice(doc: &str, weeks: &[String]) -> Option<String> {
    if doc.matches(MARKER_START).count() != weeks.len() {
        return None;
    }
    let total = doc.len() + weeks.iter().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(total);
    let mut rest = doc;
    for (i, week) in weeks.iter().enumerate() {
        let m = marker(i);
        let at = rest.find(&m)?;
        out.push_str(&rest[..at]);
        out.push_str(week);
        rest = &rest[at + m.len()..];
    }
    out.push_str(rest);
    Some(out)
}

/// Every item of `items` through `f`, on all cores.
#[cfg(feature = "rayon")]
fn each<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, Error> + Sync + Send,
) -> Result<Vec<R>, Error> {
    use rayon::prelude::*;
    items.par_iter().with_min_len(4).map(f).collect()
}

/// `a` and `b`, each on its own core.
#[cfg(feature = "rayon")]
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    rayon::join(a, b)
}

/// `a`, then `b`.
#[cfg(not(feature = "rayon"))]
fn both<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B) -> (A, B) {
    (a(), b())
}

/// Every item of `items` through `f`, one after another.
#[cfg(not(feature = "rayon"))]
fn each<T, R>(items: &[T], f: impl Fn(&T) -> Result<R, Error>) -> Result<Vec<R>, Error> {
    items.iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_take_their_markers_places_only_when_each_is_there_once_in_order() {
        let weeks = vec!["<p>one</p>".to_string(), "<p>two</p>".to_string()];
        let doc = format!("<main>\n{}\n{}\n</main>", marker(0), marker(1));
        assert_eq!(
            splice(&doc, &weeks).as_deref(),
            Some("<main>\n<p>one</p>\n<p>two</p>\n</main>")
        );
        // printed twice, missing, out of order, or something that looks like a marker: no
        for doc in [
            format!("{}{}{}", marker(0), marker(0), marker(1)),
            marker(0),
            format!("{}{}", marker(1), marker(0)),
            format!("{}{}{MARKER_START}", marker(0), marker(1)),
        ] {
            assert_eq!(splice(&doc, &weeks), None, "{doc}");
        }
    }

    /// The built-in sheet with a `config` global.
    fn sheet() -> Templates {
        let mut templates = match Templates::built_in() {
            Ok(t) => t,
            Err(e) => panic!("the sheet compiles: {e}"),
        };
        let guidance = serde_json::json!({
            "deload_weeks": "/d/", "overtraining_signs": "/o/", "reading_a_plan": "/r/",
        });
        let config = serde_json::json!({
            "title": "T", "language": "en", "generator": "g", "author": "A", "guidance": guidance,
        });
        templates.set_global("config", &config);
        templates
    }

    /// `file` (from the repository's root) planned for `weeks` weeks.
    fn schedule(file: &str, weeks: u32) -> Schedule {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let input = match deload_engine::programs::load_input(&root.join(file)) {
            Ok((input, _)) => input,
            Err(e) => panic!("{file}: {e}"),
        };
        let opts = deload_engine::plan::PlanOptions {
            weeks: Some(weeks),
            start: "2027-01-04".parse().ok(),
            ..Default::default()
        };
        match deload_engine::plan::plan(&input, &opts) {
            Ok(s) => s,
            Err(e) => panic!("{file}: {e}"),
        }
    }

    /// The document as it would be without any shortcut: every week rendered through
    /// `plan/week.html`, and the document rendered with the weeks in it.
    fn the_long_way(schedule: &Schedule, templates: &Templates) -> String {
        let views = PlanViews::new(schedule, "https://example.org/");
        let Ok(weeks) = each(&schedule.weeks, |w| {
            templates.render_sized(WEEK_TEMPLATE, &views.week(w), &"a week", 1)
        }) else {
            panic!("the weeks render");
        };
        let mut views = PlanViews::new(schedule, "https://example.org/");
        views.noindex = schedule.athlete.is_some();
        let weeks: Vec<Value> = weeks.iter().map(|h| Value::safe_string(h)).collect();
        let css = templates.source(PLAN_CSS).unwrap_or("");
        match templates.render(PLAN_TEMPLATE, &views.document(weeks, css), &"the plan") {
            Ok(doc) => doc,
            Err(e) => panic!("{e}"),
        }
    }

    /// Splicing the weeks into the document at their markers (the document rendered while the
    /// weeks are) gives the same document as rendering the weeks in place, in every layout (the
    /// dense fixtures print compact and dense weeks with footnotes).
    #[test]
    fn a_plan_is_the_same_with_and_without_shortcuts() {
        let templates = sheet();
        assert!(prints_weeks_as_they_are(&templates));
        for file in [
            "programs/athletes/sam.yaml",
            "programs/five-three-one-bbb.yaml",
            "programs/push-pull-legs.yaml",
            "tests/fixtures/plans/dense-6.yaml",
            "tests/fixtures/plans/dense-8.yaml",
            "tests/fixtures/plans/dense-10.yaml",
        ] {
            let schedule = schedule(file, 12);
            let fast = match to_html(&schedule, &templates, "https://example.org/") {
                Ok(doc) => doc,
                Err(e) => panic!("{file}: {e}"),
            };
            assert!(fast.contains("<tbody class=\"exercise\">"), "{file}");
            assert!(
                fast == the_long_way(&schedule, &templates),
                "{file}: the documents differ"
            );
        }
    }
}
