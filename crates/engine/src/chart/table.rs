//! The chart's numbers as an HTML table, for screen readers (hidden from sight, as the chart
//! shows them): a row per week, and a row per main lift's training max by cycle.

use std::fmt::Write;

use crate::plan::Schedule;
use crate::text::{escape_xml as escape, fmt_num};

/// Hides the table's box from sight but not from screen readers (inline, so it holds in every
/// page that inserts the chart: the site's, the printed sheet's, the Planner's). On a `<div>`
/// around the table: a table is never narrower than its content, so on the table itself its
/// unwrapped lines would widen the page (and a printed page shrinks to fit it).
const VISUALLY_HIDDEN: &str = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip-path:inset(50%);border:0";

/// The numbers of [`super::svg`]'s chart as an HTML table: week, block, working sets, the top
/// set's % of the 1RM, each muscle group's working sets and the deload's reason; then each main
/// lift's training max by cycle.
pub fn table(s: &Schedule) -> String {
    let mut out = String::with_capacity(4096 + 256 * s.weeks.len());
    let _ = write!(
        out,
        "<div class=\"plan-chart-numbers\" style=\"{VISUALLY_HIDDEN}\"><table>\n<caption>The periodisation chart's numbers, week by week</caption>\n<thead><tr><th scope=\"col\">Week</th><th scope=\"col\">Block</th><th scope=\"col\">Working sets</th><th scope=\"col\">Top set, % of 1RM</th>"
    );
    for g in &s.chart.muscles {
        let _ = write!(out, "<th scope=\"col\">{} sets</th>", escape(&g.muscle));
    }
    out.push_str("<th scope=\"col\">Deload</th></tr></thead>\n<tbody>\n");
    for (i, w) in s.weeks.iter().enumerate() {
        let top = s.chart.top_intensity.get(i).copied().flatten();
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td>",
            w.number,
            escape(&w.block),
            w.total_sets,
            top.map_or_else(|| "–".to_string(), fmt_num)
        );
        for g in &s.chart.muscles {
            let _ = write!(out, "<td>{}</td>", g.sets.get(i).copied().unwrap_or(0));
        }
        let reason = w.deload_reason.as_deref().filter(|_| w.is_deload);
        let _ = writeln!(
            out,
            "<td>{}</td></tr>",
            reason.map_or_else(|| "–".to_string(), |r| format!("yes: {}", escape(r)))
        );
    }
    out.push_str("</tbody>\n");
    training_max_rows(&mut out, s);
    out.push_str("</table></div>\n");
    out
}

/// A body of rows, one per main lift, of its training max by cycle, when the plan has any.
fn training_max_rows(out: &mut String, s: &Schedule) {
    if s.chart.training_maxes.is_empty() {
        return;
    }
    out.push_str("<tbody>\n");
    for t in &s.chart.training_maxes {
        let values: Vec<String> = t
            .cycles
            .iter()
            .map(|c| match c.load {
                Some(load) => format!("cycle {}: {} {}", c.cycle + 1, fmt_num(load), s.units),
                None => format!(
                    "cycle {}: TM + {} {}",
                    c.cycle + 1,
                    fmt_num(c.added),
                    s.units
                ),
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">Training max, {}</th><td colspan=\"{}\">{}</td></tr>",
            escape(&t.exercise),
            s.chart.muscles.len() + 4,
            escape(&values.join("; "))
        );
    }
    out.push_str("</tbody>\n");
}
