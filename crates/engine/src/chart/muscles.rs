//! Small multiples: each muscle group's working sets week by week, on one scale, with the band
//! the sanity rule allows (4–30 a week) shaded, so an over- or under-served group stands out.

use std::fmt::Write;

use super::{DELOAD_FILL, LINE_CHARS, WIDTH, text_lines, wrap};
use crate::message::{Language, Message, muscle};
use crate::plan::sanity::{MAX_WEEKLY_SETS, MIN_WEEKLY_SETS};
use crate::plan::{MuscleSets, Schedule};
use crate::text::escape_xml as escape;

/// Panels in a row.
const COLUMNS: usize = 3;
/// Space between two panels of a row.
const GAP: f64 = 12.0;
/// Room left of a panel's plot for the band's labels.
const AXIS: f64 = 20.0;
/// Height of a panel's plot.
const PLOT_H: f64 = 34.0;
/// The top of every panel's scale, in working sets a week: a week above it is drawn to the top,
/// with a notch (its number is in its title and the panel's range).
const SCALE_TOP: u32 = 40;
/// Height of a panel's two lines of labels above its plot.
const LABELS_H: f64 = 34.0;
/// Height of a panel: its labels, its plot and the space under it.
const PANEL_H: f64 = LABELS_H + PLOT_H + 12.0;
/// Characters of a panel's label that fit in its width.
const PANEL_CHARS: usize = 14;

/// The heading and a panel per muscle group, from `top`; returns the y below.
pub(super) fn small_multiples(
    out: &mut String,
    s: &Schedule,
    top: f64,
    lang: &dyn Language,
) -> f64 {
    let groups = &s.chart.muscles;
    if groups.is_empty() || s.weeks.is_empty() {
        return top;
    }
    let heading = Message::new("chart_muscles_heading")
        .count("min", MIN_WEEKLY_SETS)
        .count("max", MAX_WEEKLY_SETS)
        .say(lang);
    let heading = wrap(&heading, LINE_CHARS);
    let _ = writeln!(out, "<g class=\"plan-chart-muscles\">");
    let y = text_lines(out, &heading, 0.0, top + 14.0, 15.0) - 15.0 + 8.0;
    let panel_w = (WIDTH - GAP * (COLUMNS - 1) as f64) / COLUMNS as f64;
    for (i, g) in groups.iter().enumerate() {
        let x = (i % COLUMNS) as f64 * (panel_w + GAP);
        let py = y + (i / COLUMNS) as f64 * PANEL_H;
        panel(out, s, g, (x, py, panel_w), lang);
    }
    out.push_str("</g>\n");
    y + groups.len().div_ceil(COLUMNS) as f64 * PANEL_H
}

/// The range of a group's working sets in its loading weeks in words (`8–16 sets`), with
/// `low` or `high` when a week falls outside the band.
fn range(s: &Schedule, g: &MuscleSets, lang: &dyn Language) -> String {
    let loading = s
        .weeks
        .iter()
        .zip(&g.sets)
        .filter(|(w, _)| !w.is_deload)
        .map(|(_, n)| *n);
    let (Some(lo), Some(hi)) = (loading.clone().min(), loading.max()) else {
        return String::new();
    };
    let range = if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}–{hi}")
    };
    let flag = if lo < MIN_WEEKLY_SETS {
        lang.word("chart_low")
    } else if hi > MAX_WEEKLY_SETS {
        lang.word("chart_high")
    } else {
        ""
    };
    let m = Message::new("chart_muscle_range").name("range", range);
    format!("{}{flag}", m.say(lang))
}

/// `name` cut to fit a panel, with an ellipsis when cut (the whole name is in the table and in
/// each bar's title).
fn fit(name: &str) -> String {
    if name.chars().count() <= PANEL_CHARS {
        return name.to_string();
    }
    let mut cut: String = name.chars().take(PANEL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// One group's panel in the box `(x, y, width)`: its name and range, the shaded band with its
/// edges labelled, and a bar a week (deloads hatched; above the scale, cut and notched), each
/// titled with its numbers.
fn panel(
    out: &mut String,
    s: &Schedule,
    g: &MuscleSets,
    (x, y, w): (f64, f64, f64),
    lang: &dyn Language,
) {
    let name = muscle(lang, &g.muscle);
    let _ = writeln!(
        out,
        "<text x=\"{x:.1}\" y=\"{:.1}\" font-weight=\"bold\">{}</text><text x=\"{x:.1}\" y=\"{:.1}\">{}</text>",
        y + 13.0,
        escape(&fit(&name)),
        y + 27.0,
        escape(&range(s, g, lang))
    );
    let (left, bottom) = (x + AXIS, y + LABELS_H + PLOT_H);
    let plot_w = w - AXIS;
    let at = |n: u32| bottom - f64::from(n.min(SCALE_TOP)) / f64::from(SCALE_TOP) * PLOT_H;
    let (band_lo, band_hi) = (at(MIN_WEEKLY_SETS), at(MAX_WEEKLY_SETS));
    let _ = writeln!(
        out,
        "<rect x=\"{left:.1}\" y=\"{band_hi:.1}\" width=\"{plot_w:.1}\" height=\"{:.1}\" fill=\"#dcefdc\"/><line x1=\"{left:.1}\" y1=\"{bottom:.1}\" x2=\"{:.1}\" y2=\"{bottom:.1}\" stroke=\"#999\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{MAX_WEEKLY_SETS}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{MIN_WEEKLY_SETS}</text>",
        band_lo - band_hi,
        left + plot_w,
        left - 3.0,
        band_hi + 4.0,
        left - 3.0,
        band_lo + 2.0,
    );
    let slot = plot_w / s.weeks.len().max(1) as f64;
    let bar_w = (slot * 0.75).max(0.8);
    for ((i, w), n) in s.weeks.iter().enumerate().zip(&g.sets) {
        let h = bottom - at(*n);
        let fill = if w.is_deload { DELOAD_FILL } else { "#555" };
        let bx = left + i as f64 * slot + (slot - bar_w) / 2.0;
        let _ = write!(
            out,
            "<rect x=\"{bx:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"{fill}\"><title>{}</title></rect>",
            bottom - h,
            escape(
                &Message::new("chart_muscle_bar")
                    .name("muscle", name.as_ref())
                    .count("week", w.number)
                    .count("n", *n)
                    .name(
                        "deload",
                        if w.is_deload {
                            lang.word("chart_deload_mark")
                        } else {
                            ""
                        }
                    )
                    .say(lang)
            ),
        );
        if *n > SCALE_TOP {
            // the cut: a white slash across the bar near its top
            let top = bottom - PLOT_H;
            let _ = write!(
                out,
                "<line x1=\"{bx:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#fff\" stroke-width=\"2\"/>",
                top + 7.0,
                bx + bar_w,
                top + 3.0
            );
        }
    }
    out.push('\n');
}
