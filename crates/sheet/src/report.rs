//! The progress report of a re-plan or a training log: hand-written SVG charts (no script, no
//! chart library) and the values `report/report.html` sees ([`ReportView`]). The template is the
//! site's (its `templates/report/report.html`, else the built-in one): the caller compiles it;
//! the site's build and `deload replan` render through the site's templates, the in-browser
//! planner through [`Templates`](crate::Templates) with the report added.
//!
//! Three charts, each readable in black and white: the e1RM of each main lift per week (one line
//! each, told apart by marker and dash as well as colour), the weekly hard sets per muscle group
//! (one small bar chart per group on a shared week axis, with the 4–30 guideline marked), and
//! compliance (sets done of sets due per week for a re-plan, sessions per week for a log alone).
//! Deload weeks are shaded in every chart.

use std::fmt::Write;

use deload_engine::replan::{Progress, Replan, report::DeloadTaken};
use deload_engine::text::{escape_attr as esc, fmt_num};
use serde::Serialize;

/// The template that renders a progress report.
pub const REPORT_TEMPLATE: &str = "report/report.html";

/// Width of every chart's plot area, in SVG units.
const PLOT_W: f64 = 640.0;
/// Left margin (axis labels).
const LEFT: f64 = 48.0;
/// Right margin (line labels).
const RIGHT: f64 = 150.0;
/// Line styles for the lifts: colour, dash, marker shape.
const STYLES: [(&str, &str, &str); 6] = [
    ("#1f4e79", "", "circle"),
    ("#a33b20", "6 3", "square"),
    ("#2f6b2f", "2 2", "diamond"),
    ("#6b4f9e", "8 3 2 3", "triangle"),
    ("#7a6a00", "1 3", "circle"),
    ("#333333", "4 4", "square"),
];

/// The charts of a progress report, as inline SVG.
#[derive(Debug, Clone, Serialize)]
pub struct Charts {
    /// e1RM per main lift per week.
    pub e1rm: String,
    /// Weekly hard sets per muscle group.
    pub muscles: String,
    /// Compliance (or sessions per week).
    pub compliance: String,
}

/// Draws the charts of `p`.
pub fn charts(p: &Progress) -> Charts {
    Charts {
        e1rm: e1rm_chart(p),
        muscles: muscle_chart(p),
        compliance: compliance_chart(p),
    }
}

/// The x position of week `i` of `n`: the middle of its column.
fn x_of(i: usize, n: usize) -> f64 {
    LEFT + PLOT_W * (i as f64 + 0.5) / n.max(1) as f64
}

/// A round step for about four gridlines over `span`.
fn nice_step(span: f64) -> f64 {
    let raw = (span / 4.0).max(1e-9);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// Opens an `<svg>` of `height` with a title (for screen readers) and a visible heading.
fn open(s: &mut String, id: &str, height: f64, title: &str) {
    let width = LEFT + PLOT_W + RIGHT;
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-labelledby=\"{id}\" font-family=\"sans-serif\" font-size=\"11\">\n<title id=\"{id}\">{}</title>\n",
        esc(title)
    );
}

/// Shades the deload weeks of `p` between `top` and `bottom`, `band` wide around each week.
fn shade_deloads(s: &mut String, p: &Progress, top: f64, bottom: f64, band: f64) {
    let n = p.weeks.len();
    for (i, w) in p.weeks.iter().enumerate().filter(|(_, w)| w.deload) {
        let x = x_of(i, n) - band / 2.0;
        let _ = writeln!(
            s,
            "<rect class=\"deload\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{band:.1}\" height=\"{:.1}\" fill=\"#e8e8e8\"><title>deload week of {}</title></rect>",
            bottom - top,
            w.start
        );
    }
}

/// `Mar 2`: the month's first three letters and the day (not through jiff's strftime, which
/// with its messages is 30 KB of the Planner's module).
fn short_date(d: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = usize::try_from(d.month() - 1).map_or("", |m| MONTHS.get(m).copied().unwrap_or(""));
    format!("{month} {}", d.day())
}

/// The week-axis labels under `y`: every k-th week's date so they do not overlap.
fn week_labels(s: &mut String, p: &Progress, y: f64) {
    let n = p.weeks.len();
    let every = n.div_ceil(10).max(1);
    for (i, w) in p.weeks.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let label = match w.number {
            Some(k) => format!("wk {k}"),
            None => short_date(w.start),
        };
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"middle\" fill=\"#333\">{}</text>",
            x_of(i, n),
            esc(&label)
        );
    }
}

/// The index of the week of `p` that holds `d`.
fn week_index(p: &Progress, d: jiff::civil::Date) -> Option<usize> {
    p.weeks.iter().rposition(|w| w.start <= d)
}

/// e1RM per main lift per week: one line per lift.
fn e1rm_chart(p: &Progress) -> String {
    let (top, plot_h) = (28.0, 200.0);
    let bottom = top + plot_h;
    let mut s = String::new();
    let units = p.units.to_string();
    open(
        &mut s,
        "e1rm-title",
        bottom + 40.0,
        &format!("e1RM per main lift per week, in {units}"),
    );
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"16\" font-weight=\"bold\" font-size=\"13\">e1RM per main lift ({units})</text>"
    );
    let points: Vec<f64> = p
        .lifts
        .iter()
        .flat_map(|l| l.points.iter().map(|q| q.e1rm))
        .collect();
    if points.is_empty() || p.weeks.is_empty() {
        let _ = writeln!(
            s,
            "<text x=\"{LEFT}\" y=\"{:.0}\">No main lift (squat, bench press, deadlift, overhead press) was logged.</text>",
            top + 30.0
        );
        s.push_str("</svg>\n");
        return s;
    }
    let lo = points.iter().copied().fold(f64::MAX, f64::min);
    let hi = points.iter().copied().fold(0.0, f64::max);
    let step = nice_step((hi - lo).max(10.0) * 1.2);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    let hi = if hi - lo < step { lo + step } else { hi };
    let y_of = |v: f64| bottom - (v - lo) / (hi - lo) * plot_h;
    shade_deloads(
        &mut s,
        p,
        top,
        bottom,
        (PLOT_W / p.weeks.len().max(1) as f64).max(6.0),
    );
    let ticks = ((hi - lo) / step).round() as u32;
    for k in 0..=ticks {
        let v = lo + step * f64::from(k);
        let y = y_of(v);
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{:.0}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\"/><text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            LEFT + PLOT_W,
            LEFT - 6.0,
            y + 4.0,
            fmt_num(v)
        );
    }
    week_labels(&mut s, p, bottom + 16.0);
    lift_lines(&mut s, p, &y_of);
    s.push_str("</svg>\n");
    s
}

/// One line per lift of `p`, with its markers and its last value labelled.
fn lift_lines(s: &mut String, p: &Progress, y_of: &dyn Fn(f64) -> f64) {
    let units = p.units.to_string();
    for (li, lift) in p.lifts.iter().enumerate() {
        let (colour, dash, marker) = STYLES[li % STYLES.len()];
        let pts: Vec<(f64, f64, &deload_engine::traininglog::derive::E1rmPoint)> = lift
            .points
            .iter()
            .filter_map(|q| {
                week_index(p, q.week).map(|i| (x_of(i, p.weeks.len()), y_of(q.e1rm), q))
            })
            .collect();
        let path: Vec<String> = pts
            .iter()
            .map(|(x, y, _)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = writeln!(
            s,
            "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\" points=\"{}\"/>",
            path.join(" ")
        );
        for (x, y, q) in &pts {
            let tip = format!(
                "{}: e1RM {} {units} ({} × {}) in the week of {}",
                lift.lift,
                fmt_num(q.e1rm),
                q.reps,
                fmt_num(q.weight),
                q.week
            );
            marker_at(s, marker, colour, *x, *y, &tip);
        }
        if let Some((x, y, q)) = pts.last() {
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{colour}\">{} {}</text>",
                x + 8.0,
                y + 4.0,
                esc(&lift.lift),
                fmt_num(q.e1rm)
            );
        }
    }
}

/// A marker of `shape` at (x, y) with a tooltip.
fn marker_at(s: &mut String, shape: &str, colour: &str, x: f64, y: f64, tip: &str) {
    let (tag, at) = match shape {
        "square" => (
            "rect",
            format!(
                "x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\"",
                x - 3.5,
                y - 3.5
            ),
        ),
        "diamond" => (
            "polygon",
            format!(
                "points=\"{x:.1},{:.1} {:.1},{y:.1} {x:.1},{:.1} {:.1},{y:.1}\"",
                y - 4.5,
                x + 4.5,
                y + 4.5,
                x - 4.5
            ),
        ),
        "triangle" => (
            "polygon",
            format!(
                "points=\"{x:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\"",
                y - 4.5,
                x + 4.5,
                y + 3.5,
                x - 4.5,
                y + 3.5
            ),
        ),
        _ => ("circle", format!("cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\"")),
    };
    let _ = writeln!(
        s,
        "<{tag} {at} fill=\"{colour}\"><title>{}</title></{tag}>",
        esc(tip)
    );
}

/// Weekly hard sets per muscle group: one small bar chart per group.
fn muscle_chart(p: &Progress) -> String {
    let (row_h, top) = (54.0, 28.0);
    let rows = p.muscles.len().max(1) as f64;
    let bottom = top + rows * row_h;
    let mut s = String::new();
    open(
        &mut s,
        "muscle-title",
        bottom + 24.0,
        "Hard sets per muscle group per week; the dashed lines mark 4 and 30 sets",
    );
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"16\" font-weight=\"bold\" font-size=\"13\">Hard sets per muscle group per week (dashed: 4 and 30)</text>"
    );
    if p.muscles.is_empty() {
        let _ = writeln!(
            s,
            "<text x=\"{LEFT}\" y=\"{:.0}\">No sets of an exercise with known muscle groups.</text>",
            top + 24.0
        );
        s.push_str("</svg>\n");
        return s;
    }
    let n = p.weeks.len();
    let band = (PLOT_W / n.max(1) as f64).max(4.0);
    let bar = (band * 0.7).min(18.0);
    let max = p
        .weeks
        .iter()
        .flat_map(|w| w.hard_sets.iter().copied())
        .max()
        .unwrap_or(0)
        .max(30);
    shade_deloads(&mut s, p, top, bottom, band);
    for (mi, muscle) in p.muscles.iter().enumerate() {
        let base = top + (mi as f64 + 1.0) * row_h - 6.0;
        let scale = (row_h - 14.0) / f64::from(max);
        let _ = writeln!(
            s,
            "<text x=\"{:.0}\" y=\"{:.1}\" font-weight=\"bold\" fill=\"#333\">{}</text>",
            LEFT + PLOT_W + 8.0,
            base - 4.0,
            esc(muscle)
        );
        for guide in [4.0, 30.0] {
            let y = base - guide * scale;
            let _ = writeln!(
                s,
                "<line x1=\"{LEFT}\" x2=\"{:.0}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#999\" stroke-dasharray=\"3 3\"/>",
                LEFT + PLOT_W
            );
        }
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{:.0}\" y1=\"{base:.1}\" y2=\"{base:.1}\" stroke=\"#333\"/>",
            LEFT + PLOT_W
        );
        for (i, w) in p.weeks.iter().enumerate() {
            let v = w.hard_sets.get(mi).copied().unwrap_or(0);
            let h = f64::from(v) * scale;
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"#1f4e79\"><title>{}: {v} hard sets in the week of {}</title></rect>",
                x_of(i, n) - bar / 2.0,
                base - h,
                esc(muscle),
                w.start
            );
        }
    }
    week_labels(&mut s, p, bottom + 14.0);
    s.push_str("</svg>\n");
    s
}

/// Compliance per week (sets done of sets due), or sessions per week for a log alone.
fn compliance_chart(p: &Progress) -> String {
    let (top, plot_h) = (28.0, 120.0);
    let bottom = top + plot_h;
    let planned = p.weeks.iter().any(|w| w.compliance.is_some());
    let title = if planned {
        "Compliance: working sets done of sets due, per week (%)"
    } else {
        "Sessions per week"
    };
    let mut s = String::new();
    open(&mut s, "compliance-title", bottom + 40.0, title);
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"16\" font-weight=\"bold\" font-size=\"13\">{}</text>",
        esc(title)
    );
    let n = p.weeks.len();
    let band = (PLOT_W / n.max(1) as f64).max(4.0);
    let bar = (band * 0.7).min(18.0);
    let value = |w: &deload_engine::replan::report::ProgressWeek| {
        if planned {
            f64::from(w.compliance.unwrap_or(0))
        } else {
            f64::from(w.sessions_done)
        }
    };
    let max = if planned {
        100.0
    } else {
        p.weeks.iter().map(value).fold(1.0, f64::max)
    };
    shade_deloads(&mut s, p, top, bottom, band);
    for k in 0..=2 {
        let v = max * f64::from(k) / 2.0;
        let y = bottom - v / max * plot_h;
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" x2=\"{:.0}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\"/><text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333\">{}</text>",
            LEFT + PLOT_W,
            LEFT - 6.0,
            y + 4.0,
            fmt_num(v)
        );
    }
    for (i, w) in p.weeks.iter().enumerate() {
        let v = value(w);
        let h = v / max * plot_h;
        let tip = match (w.sessions_due, w.sets_due) {
            (Some(sd), Some(setd)) => format!(
                "week of {}: {} of {sd} sessions, {} of {setd} sets ({}%)",
                w.start,
                w.sessions_done,
                w.sets_done,
                fmt_num(v)
            ),
            _ => format!(
                "week of {}: {} sessions, {} work sets",
                w.start, w.sessions_done, w.sets_done
            ),
        };
        let _ = writeln!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\" fill=\"#2f6b2f\"><title>{}</title></rect>",
            x_of(i, n) - bar / 2.0,
            bottom - h,
            esc(&tip)
        );
    }
    week_labels(&mut s, p, bottom + 16.0);
    s.push_str("</svg>\n");
    s
}

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

/// The name a re-plan's report gives the athlete: the athlete file's `name`, else `stem` (its
/// file's name without the extension).
pub fn who(replan: &Replan, stem: &str) -> String {
    (replan.schedule.athlete.clone()).unwrap_or_else(|| stem.to_string())
}

impl<'a> ReportView<'a> {
    /// The view of `replan`'s report (`deload replan --format report`), the athlete called `who`.
    pub fn for_replan(replan: &'a Replan, who: &str) -> ReportView<'a> {
        let s = &replan.schedule;
        let mut view = ReportView::new(
            format!("Progress and re-plan: {who}"),
            format!(
                "{} · plan from {} · as of {} · weeks {} to {} re-planned",
                s.program, replan.plan_start, replan.as_of, replan.next_week, replan.plan_weeks
            ),
            &replan.progress,
        );
        view.replan = Some(replan);
        view
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_dates_are_the_month_s_three_letters_and_the_day() {
        assert_eq!(super::short_date(jiff::civil::date(2026, 3, 2)), "Mar 2");
        assert_eq!(super::short_date(jiff::civil::date(2026, 12, 31)), "Dec 31");
        assert_eq!(super::short_date(jiff::civil::date(2027, 1, 9)), "Jan 9");
    }
}
