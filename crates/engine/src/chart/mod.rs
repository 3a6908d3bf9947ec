//! The periodisation chart of a plan: a hand-written SVG of the plan's shape, drawn from the
//! schedule the engine computed (the same code for `deload plan --format svg`, the printed
//! cover, the site's program pages and the in-browser Planner, so every one draws the same
//! bytes).
//!
//! From top to bottom: weekly working ("hard") sets as bars in the colour of their block, deload
//! weeks hatched and marked D; the heaviest main-lift set of each week as % of the 1RM, a line on
//! a second axis; each main lift's training max cycle by cycle, where the program loads from
//! one; the deload weeks' reasons as footnotes (and, in full, on hover); then each muscle
//! group's weekly working sets as small multiples, the 4–30 band the sanity rule allows shaded.
//!
//! Legibility: the drawing is 360 units wide, scales to its container (`width="100%"`) up to
//! 30 em (360 CSS px at its 12 px text), so no label is under 12 × 343 / 360 ≈ 11.4 px on a
//! 375 px screen or under 9 pt on paper, where it prints 95 mm wide. Nothing is said by colour
//! alone: deloads are hatched and lettered, the intensity is a line with dots, blocks are named
//! in the legend and in each bar's title. [`table`] holds the same numbers as an HTML table for
//! screen readers.

mod draw;
mod muscles;
mod notes;
mod table;

use std::fmt::Write;

use crate::message::{Arg, Language, Message, english};
use crate::plan::Schedule;
use crate::text::escape_xml as escape;

pub use table::{table, table_in};

/// Width of the drawing, in SVG units (CSS px at the largest size).
pub(crate) const WIDTH: f64 = 360.0;
/// Text size of every label (the title is larger).
pub(crate) const LABEL: f64 = 12.0;
/// Characters of label text that fit across the drawing (at about 0.6 em a character).
pub(crate) const LINE_CHARS: usize = 46;
/// Colours of the blocks' bars, in the order the blocks first appear (then again).
pub(crate) const BLOCK_COLOURS: [&str; 5] = ["#2d6ca3", "#3a8f5c", "#8a5a9e", "#b5651d", "#4a7f8c"];
/// The fill of deload bars: a hatch pattern (defined once in the drawing).
pub(crate) const DELOAD_FILL: &str = "url(#plan-chart-deload)";

/// The chart of `s` as an SVG document, also valid inline in HTML (`deload plan --format svg`).
pub fn svg(s: &Schedule) -> String {
    svg_in(s, english())
}

/// [`svg`] with its words, numbers and dates in `lang`.
pub fn svg_in(s: &Schedule, lang: &dyn Language) -> String {
    svg_with_room(s, lang, 0)
}

/// [`svg_in`] in a string with `room` bytes to spare after it.
fn svg_with_room(s: &Schedule, lang: &dyn Language, room: usize) -> String {
    let blocks = draw::block_names(s);
    let mut body = String::with_capacity(8192 + 512 * s.weeks.len());
    let mut y = draw::legend(&mut body, &blocks, lang);
    y = draw::weekly(&mut body, s, &blocks, y, lang);
    y = notes::training_maxes(&mut body, s, y, lang);
    y = notes::deloads(&mut body, s, y, lang);
    y = muscles::small_multiples(&mut body, s, y, lang);
    let height = y.ceil() + 4.0;
    let mut out = String::with_capacity(body.len() + 1024 + room);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plan-chart\" width=\"100%\" viewBox=\"0 0 {WIDTH} {height}\" style=\"max-width:30em;height:auto\" role=\"img\" aria-labelledby=\"plan-chart-title plan-chart-desc\" font-family=\"sans-serif\" font-size=\"{LABEL}\">\n<title id=\"plan-chart-title\">{}</title>\n<desc id=\"plan-chart-desc\">{}</desc>\n",
        escape(&title(s, lang)),
        escape(&description(s, lang))
    );
    out.push_str("<defs><pattern id=\"plan-chart-deload\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f6dcb4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8a4b12\" stroke-width=\"2.5\"/></pattern></defs>\n");
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// The chart and its numbers as HTML: the SVG of [`svg`], then the [`table`] for screen readers.
pub fn html(s: &Schedule) -> String {
    html_in(s, english())
}

/// [`html`] in `lang`.
pub fn html_in(s: &Schedule, lang: &dyn Language) -> String {
    // the table first, so that the drawing's string has room for it (not copied to grow)
    let table = table_in(s, lang);
    let mut out = svg_with_room(s, lang, table.len());
    out.push_str(&table);
    out
}

/// The chart's title: the program and the plan's dates.
fn title(s: &Schedule, lang: &dyn Language) -> String {
    Message::new("chart_title")
        .name("program", s.program.as_str())
        .count("n", s.weeks.len() as u64)
        .with("start", Arg::Date(s.start))
        .with("end", Arg::Date(s.end))
        .say(lang)
}

/// The chart in words: the range of each series and the deload weeks.
fn description(s: &Schedule, lang: &dyn Language) -> String {
    let sets = s.weeks.iter().map(|w| w.total_sets);
    let (lo, hi) = (sets.clone().min().unwrap_or(0), sets.max().unwrap_or(0));
    let mut out = Message::new("chart_desc_bars")
        .count("lo", lo)
        .count("hi", hi)
        .say(lang);
    let known: Vec<f64> = s.chart.top_intensity.iter().flatten().copied().collect();
    if let (Some(lo), Some(hi)) = (
        known.iter().copied().reduce(f64::min),
        known.iter().copied().reduce(f64::max),
    ) {
        out.push_str(
            &Message::new("chart_desc_line")
                .num("lo", lo)
                .num("hi", hi)
                .say(lang),
        );
    }
    let deloads: Vec<String> = s
        .weeks
        .iter()
        .filter(|w| w.is_deload)
        .map(|w| w.number.to_string())
        .collect();
    if deloads.is_empty() {
        out.push_str(lang.word("chart_desc_no_deload"));
    } else {
        let m = Message::new("chart_desc_deloads")
            .count("n", deloads.len() as u64)
            .with("weeks", Arg::Names(deloads));
        out.push_str(&m.say(lang));
    }
    out.push_str(lang.word("chart_desc_below"));
    out
}

/// Words of `text` in lines of at most `max` characters (a longer word on a line of its own).
pub(crate) fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes `lines` as text from `x`, the first baseline at `y`, `step` apart; returns the
/// baseline after the last.
pub(crate) fn text_lines(out: &mut String, lines: &[String], x: f64, y: f64, step: f64) -> f64 {
    let mut y = y;
    for line in lines {
        let _ = writeln!(out, "<text x=\"{x}\" y=\"{y:.1}\">{}</text>", escape(line));
        y += step;
    }
    y
}

#[cfg(test)]
mod tests;
