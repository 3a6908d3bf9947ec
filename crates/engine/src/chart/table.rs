//! The chart's numbers as an HTML table, for screen readers (hidden from sight, as the chart
//! shows them): a row per week, and a row per main lift's training max by cycle.

use std::fmt::Write;

use crate::message::{Language, Message, english, in_language, muscle};
use crate::plan::Schedule;
use crate::text::escape_xml as escape;

/// Hides the table's box from sight but not from screen readers (inline, so it holds in every
/// page that inserts the chart: the site's, the printed sheet's, the Planner's). On a `<div>`
/// around the table: a table is never narrower than its content, so on the table itself its
/// unwrapped lines would widen the page (and a printed page shrinks to fit it).
const VISUALLY_HIDDEN: &str = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip-path:inset(50%);border:0";

/// The numbers of [`super::svg`]'s chart as an HTML table: week, block, working sets, the top
/// set's % of the 1RM, each muscle group's working sets and the deload's reason; then each main
/// lift's training max by cycle.
pub fn table(s: &Schedule) -> String {
    table_in(s, english())
}

/// [`table`] in `lang`.
pub fn table_in(s: &Schedule, lang: &dyn Language) -> String {
    let mut out = String::with_capacity(4096 + 256 * s.weeks.len());
    // an apostrophe needs no escaping in HTML text (the English caption has one)
    let w = |key| escape(lang.word(key)).replace("&#39;", "'");
    let _ = write!(
        out,
        "<div class=\"plan-chart-numbers\" style=\"{VISUALLY_HIDDEN}\"><table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th>",
        w("chart_table_caption"),
        w("chart_table_week"),
        w("chart_table_block"),
        w("chart_table_sets"),
        w("chart_table_top"),
    );
    for g in &s.chart.muscles {
        let m = Message::new("chart_table_muscle").name("muscle", muscle(lang, &g.muscle));
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&m.say(lang)));
    }
    let _ = write!(
        out,
        "<th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        w("chart_table_deload")
    );
    for (i, w) in s.weeks.iter().enumerate() {
        let top = s.chart.top_intensity.get(i).copied().flatten();
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td>",
            w.number,
            escape(&w.block),
            w.total_sets,
            top.map_or_else(|| "–".to_string(), |p| lang.number(p))
        );
        for g in &s.chart.muscles {
            let _ = write!(out, "<td>{}</td>", g.sets.get(i).copied().unwrap_or(0));
        }
        let reason = w.deload_reason.as_deref().filter(|_| w.is_deload);
        let reason = reason.map(|r| in_language(lang, w.deload_message.as_ref(), r));
        let yes = |r: &str| {
            let m = Message::new("chart_table_yes").name("reason", r);
            escape(&m.say(lang))
        };
        let _ = writeln!(
            out,
            "<td>{}</td></tr>",
            reason.map_or_else(|| "–".to_string(), |r| yes(&r))
        );
    }
    out.push_str("</tbody>\n");
    training_max_rows(&mut out, s, lang);
    out.push_str("</table></div>\n");
    out
}

/// A body of rows, one per main lift, of its training max by cycle, when the plan has any.
fn training_max_rows(out: &mut String, s: &Schedule, lang: &dyn Language) {
    if s.chart.training_maxes.is_empty() {
        return;
    }
    out.push_str("<tbody>\n");
    for t in &s.chart.training_maxes {
        let values: Vec<String> = t
            .cycles
            .iter()
            .map(|c| {
                let m = match c.load {
                    Some(load) => Message::new("chart_table_cycle").num("load", load),
                    None => Message::new("chart_table_cycle_tm").num("added", c.added),
                };
                m.count("n", c.cycle + 1)
                    .name("units", s.units.as_str())
                    .say(lang)
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td colspan=\"{}\">{}</td></tr>",
            escape(
                &Message::new("chart_table_tm")
                    .name("exercise", t.exercise.as_str())
                    .say(lang)
            ),
            s.chart.muscles.len() + 4,
            escape(&values.join("; "))
        );
    }
    out.push_str("</tbody>\n");
}
