//! The weekly-volume chart: a hand-written SVG bar chart of work sets per week, deload weeks in
//! another colour and labelled, so it prints in black and white too.

use std::fmt::Write;

use super::DerivedHistory;
use crate::text::escape_xml as escape;

/// The chart as a standalone SVG document (also valid inline in HTML).
pub fn to_svg(h: &DerivedHistory) -> String {
    const BAR: f64 = 12.0;
    const GAP: f64 = 3.0;
    const LEFT: f64 = 44.0;
    const TOP: f64 = 30.0;
    const PLOT_H: f64 = 160.0;
    const BOTTOM: f64 = 46.0;
    let n = h.weeks.len().max(1) as f64;
    let width = LEFT + n * (BAR + GAP) + 20.0;
    let height = TOP + PLOT_H + BOTTOM;
    let max = h
        .weeks
        .iter()
        .map(|w| w.work_sets)
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = PLOT_H / f64::from(max);
    let mut s = String::new();
    let title = format!(
        "Work sets per week, {} to {} ({} deload week{} marked D)",
        h.first_session,
        h.last_session,
        h.deload_weeks.len(),
        if h.deload_weeks.len() == 1 { "" } else { "s" }
    );
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-labelledby=\"vol-title\" font-family=\"sans-serif\" font-size=\"10\">\n<title id=\"vol-title\">{}</title>\n",
        escape(&title)
    );
    let _ = writeln!(
        s,
        "<text x=\"{LEFT}\" y=\"16\" font-size=\"12\">{}</text>",
        escape(&title)
    );
    // Axis and gridlines at 0, max/2, max.
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
    for (i, w) in h.weeks.iter().enumerate() {
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
        // A date label every 4 weeks.
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
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
