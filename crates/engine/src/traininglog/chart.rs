//! The weekly-volume chart: a hand-written SVG bar chart of work sets per week, deload weeks in
//! another colour and labelled, so it prints in black and white too.

use std::fmt::Write;

use super::DerivedHistory;
use super::derive::WeekVolume;
use crate::text::escape_xml as escape;

/// Bar width.
const BAR: f64 = 12.0;
/// Space between bars.
const GAP: f64 = 3.0;
/// Left margin (room for the axis labels).
const LEFT: f64 = 44.0;
/// Top margin (room for the title).
const TOP: f64 = 30.0;
/// Height of the plot area.
const PLOT_H: f64 = 160.0;
/// Bottom margin (room for the date labels).
const BOTTOM: f64 = 46.0;

/// The chart as a standalone SVG document (also valid inline in HTML).
pub fn to_svg(h: &DerivedHistory) -> String {
    let n = h.weeks.len().max(1) as f64;
    let width = LEFT + n * (BAR + GAP) + 20.0;
    let max = h
        .weeks
        .iter()
        .map(|w| w.work_sets)
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = PLOT_H / f64::from(max);
    let mut s = String::new();
    write_head(&mut s, h, width);
    write_gridlines(&mut s, max, scale, width);
    for (i, w) in h.weeks.iter().enumerate() {
        write_bar(&mut s, i, w, scale);
    }
    s.push_str("</svg>\n");
    s
}

/// The `<svg>` element's start, its title and the visible heading.
fn write_head(s: &mut String, h: &DerivedHistory, width: f64) {
    let height = TOP + PLOT_H + BOTTOM;
    let title = format!(
        "Work sets per week, {} to {} ({} deload week{} marked D)",
        h.first_session,
        h.last_session,
        h.deload_weeks.len(),
        crate::text::s(h.deload_weeks.len())
    );
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-labelledby=\"vol-title\" font-family=\"sans-serif\" font-size=\"11\">\n<title id=\"vol-title\">{}</title>\n",
        escape(&title)
    );
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"16\" font-size=\"13\">{}</text>",
        escape(&title)
    );
}

/// The axis and gridlines at 0, max/2 and max work sets, labelled.
fn write_gridlines(s: &mut String, max: u32, scale: f64, width: f64) {
    for v in [0, max / 2, max] {
        let y = TOP + PLOT_H - f64::from(v) * scale;
        let _ = writeln!(
            s,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            width - 10.0,
            LEFT - 4.0,
            y + 3.5
        );
    }
}

/// The bar of week `i`: deload weeks in another colour and marked D, the week in progress lighter;
/// a date label under every 4th week.
fn write_bar(s: &mut String, i: usize, w: &WeekVolume, scale: f64) {
    let x = LEFT + i as f64 * (BAR + GAP) + GAP;
    let bar_h = f64::from(w.work_sets) * scale;
    let y = TOP + PLOT_H - bar_h;
    let (fill, label) = if w.deload {
        ("#e39b2d", " (deload)")
    } else if w.in_progress {
        ("#9bb7d4", " (in progress)")
    } else {
        ("#2d6ca3", "")
    };
    let _ = writeln!(
        s,
        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{BAR}\" height=\"{bar_h:.1}\" fill=\"{fill}\"><title>{}: {} work sets, {} sessions{label}</title></rect>",
        w.start, w.work_sets, w.sessions
    );
    if w.deload {
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\">D</text>",
            x + BAR / 2.0,
            (y - 3.0).min(TOP + PLOT_H - 3.0)
        );
    }
    if i % 4 == 0 {
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" transform=\"rotate(45 {:.1} {:.1})\">{}</text>",
            x,
            TOP + PLOT_H + 12.0,
            x,
            TOP + PLOT_H + 12.0,
            w.start
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::traininglog::{ImportOptions, derive, parse};

    /// A Strong log of 5 weeks, 3 sessions of 4 sets each, with week 4 down to 1 set a session.
    fn history() -> DerivedHistory {
        let mut text = String::from(
            "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n",
        );
        let monday = jiff::civil::date(2026, 1, 5);
        for week in 0..5i64 {
            for day in [0, 2, 4] {
                let date = monday + jiff::Span::new().days(week * 7 + day);
                let sets = if week == 3 { 1 } else { 4 };
                for set in 1..=sets {
                    let _ = writeln!(text, "{date} 18:00:00,A,Squat (Barbell),{set},100,5,0,0,,");
                }
            }
        }
        let opts = ImportOptions {
            units: None,
            skip_bad_rows: false,
            today: jiff::civil::date(2026, 2, 8),
        };
        let log = parse(&text, std::path::Path::new("log.csv"), &opts).map(|(log, _)| log);
        derive(&log.unwrap_or_else(|e| panic!("{e}")), opts.today)
    }

    #[test]
    fn one_bar_per_week_with_the_deload_marked() {
        let h = history();
        assert_eq!(h.deload_weeks, vec![jiff::civil::date(2026, 1, 26)]);
        let svg = to_svg(&h);
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"139\""),
            "{svg}"
        );
        assert!(svg.contains("<title id=\"vol-title\">Work sets per week, 2026-01-05 to 2026-02-06 (1 deload week marked D)</title>"), "{svg}");
        assert_eq!(svg.matches("<rect ").count(), 5);
        assert_eq!(svg.matches(">D</text>").count(), 1);
        assert!(
            svg.contains(
                "fill=\"#e39b2d\"><title>2026-01-26: 3 work sets, 3 sessions (deload)</title>"
            ),
            "{svg}"
        );
        // The tallest bar fills the plot: 12 work sets at the top gridline (y = 30).
        assert!(
            svg.contains("y=\"30.0\" width=\"12\" height=\"160.0\""),
            "{svg}"
        );
        // Date labels under weeks 1 and 5.
        assert_eq!(svg.matches("transform=\"rotate(45").count(), 2);
        assert!(svg.ends_with("</svg>\n"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
