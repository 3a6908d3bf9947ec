//! The main chart: the legend, weekly working sets as bars by block (deloads hatched and marked
//! D), and the heaviest main-lift intensity as a line on the right-hand axis.

use std::fmt::Write;

use super::{BLOCK_COLOURS, DELOAD_FILL, LABEL, WIDTH};
use crate::message::{Arg, Language, Message, in_language};
use crate::plan::{Schedule, Week};
use crate::text::escape_xml as escape;

/// Left edge of the plot (room for the sets axis's labels).
const LEFT: f64 = 30.0;
/// Right edge of the plot (room for the intensity axis's labels).
const RIGHT: f64 = WIDTH - 36.0;
/// Height of the plot.
const PLOT_H: f64 = 100.0;
/// Height of one line of labels.
const LINE: f64 = 16.0;

/// The plan's block names, in the order they first appear (a deload week's block is the one it
/// follows).
pub(super) fn block_names(s: &Schedule) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for w in &s.weeks {
        if !names.contains(&w.block.as_str()) {
            names.push(&w.block);
        }
    }
    names
}

/// The colour of block `name` among `blocks`.
fn colour(blocks: &[&str], name: &str) -> &'static str {
    let i = blocks.iter().position(|b| *b == name).unwrap_or(0);
    BLOCK_COLOURS[i % BLOCK_COLOURS.len()]
}

/// The heading and the legend (a key per series, then each block's colour by name), flowing
/// over as many lines as they need; returns the y below them.
pub(super) fn legend(out: &mut String, blocks: &[&str], lang: &dyn Language) -> f64 {
    // the heading in as many lines as the drawing's width needs (a bold 14-unit letter is
    // about 8.5 units wide: 42 to a line)
    let heading = super::wrap(lang.word("chart_heading"), 42);
    for (i, line) in heading.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"0\" y=\"{}\" font-size=\"14\" font-weight=\"bold\">{}</text>",
            15 + 17 * i,
            escape(line)
        );
    }
    let mut keys: Vec<(String, &str)> = vec![
        (lang.word("chart_key_sets").into(), "bar"),
        (lang.word("chart_key_top").into(), "line"),
        (lang.word("chart_key_deload").into(), "deload"),
    ];
    keys.extend(blocks.iter().map(|b| ((*b).to_string(), colour(blocks, b))));
    let (mut x, mut y) = (0.0, 36.0 + 17.0 * heading.len().saturating_sub(1) as f64);
    for (text, kind) in &keys {
        let w = 18.0 + text.chars().count() as f64 * LABEL * 0.6;
        if x > 0.0 && x + w > WIDTH {
            x = 0.0;
            y += LINE;
        }
        match *kind {
            "line" => {
                let _ = write!(
                    out,
                    "<line x1=\"{x}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#111\" stroke-width=\"1.5\"/><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"#111\"/>",
                    y - 4.0,
                    x + 12.0,
                    y - 4.0,
                    x + 6.0,
                    y - 4.0
                );
            }
            kind => {
                let fill = match kind {
                    "bar" => "#777",
                    "deload" => DELOAD_FILL,
                    colour => colour,
                };
                let _ = write!(
                    out,
                    "<rect x=\"{x}\" y=\"{:.1}\" width=\"12\" height=\"10\" fill=\"{fill}\"/>",
                    y - 9.0
                );
            }
        }
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{y:.1}\">{}</text>",
            x + 16.0,
            escape(text)
        );
        x += w;
    }
    y + 8.0
}

/// Where the plot's x axis puts week `i` of `n`: the left edge of its slot, and the slot width.
fn slot(i: usize, n: usize) -> (f64, f64) {
    let w = (RIGHT - LEFT) / n.max(1) as f64;
    (LEFT + i as f64 * w, w)
}

/// A round top for an axis from 0 holding `max`: the next multiple of 10 (of 2 under 10).
fn axis_top(max: u32) -> u32 {
    let step = if max < 10 { 2 } else { 10 };
    max.max(1).div_ceil(step) * step
}

/// The weekly plot from `top`: axes, bars, the intensity line and week numbers; returns the y
/// below it.
pub(super) fn weekly(
    out: &mut String,
    s: &Schedule,
    blocks: &[&str],
    top: f64,
    lang: &dyn Language,
) -> f64 {
    let plot_top = top + LINE + 10.0;
    let bottom = plot_top + PLOT_H;
    let max = axis_top(s.weeks.iter().map(|w| w.total_sets).max().unwrap_or(0));
    let _ = writeln!(
        out,
        "<text x=\"0\" y=\"{:.1}\">{}</text><text x=\"{WIDTH}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
        plot_top - 10.0,
        escape(lang.word("chart_axis_sets")),
        plot_top - 10.0,
        escape(lang.word("chart_axis_top"))
    );
    for k in 0..=2u32 {
        let y = bottom - f64::from(k) * PLOT_H / 2.0;
        let _ = writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{RIGHT}\" y2=\"{y:.1}\" stroke=\"#ccc\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            LEFT - 4.0,
            y + 4.0,
            max * k / 2,
            RIGHT + 4.0,
            y + 4.0,
            50 * k
        );
    }
    let n = s.weeks.len();
    for (i, w) in s.weeks.iter().enumerate() {
        let intensity = s.chart.top_intensity.get(i).copied().flatten();
        bar(
            out,
            w,
            slot(i, n),
            (bottom, PLOT_H / f64::from(max)),
            (blocks, lang),
            intensity,
        );
    }
    intensity_line(out, s, bottom);
    week_numbers(out, n, bottom, lang)
}

/// Week `w`'s bar in its slot `(x, width)` over the baseline `(y, units per set)`, titled with
/// its numbers; a deload hatched, marked D and titled with its reason.
fn bar(
    out: &mut String,
    w: &Week,
    (x, width): (f64, f64),
    (base, per_set): (f64, f64),
    (blocks, lang): (&[&str], &dyn Language),
    intensity: Option<f64>,
) {
    let h = f64::from(w.total_sets) * per_set;
    let bar_w = (width * 0.75).max(1.0);
    let x = x + (width - bar_w) / 2.0;
    let fill = if w.is_deload {
        DELOAD_FILL
    } else {
        colour(blocks, &w.block)
    };
    let mut title = Message::new("chart_bar")
        .count("week", w.number)
        .with("start", Arg::Date(w.start))
        .name("block", w.block.as_str())
        .count("sets", w.total_sets)
        .say(lang);
    if let Some(p) = intensity {
        title.push_str(&Message::new("chart_bar_top").num("pct", p).say(lang));
    }
    if let Some(reason) = w.deload_reason.as_deref().filter(|_| w.is_deload) {
        let reason = in_language(lang, w.deload_message.as_ref(), reason);
        let m = Message::new("chart_bar_deload").name("reason", reason.into_owned());
        title.push_str(&m.say(lang));
    }
    let _ = writeln!(
        out,
        "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"0.5\"><title>{}</title></rect>",
        base - h,
        if w.is_deload { "#8a4b12" } else { "none" },
        escape(&title)
    );
    if w.is_deload {
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\">D</text>",
            x + bar_w / 2.0,
            base - h - 3.0
        );
    }
}

/// The heaviest main-lift intensity of each week as a line with dots, on the 0–100 % axis;
/// broken where a week has none.
fn intensity_line(out: &mut String, s: &Schedule, bottom: f64) {
    let n = s.weeks.len();
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, p) in s.chart.top_intensity.iter().enumerate().take(n) {
        match p {
            Some(p) => {
                let (x, w) = slot(i, n);
                let y = bottom - p.clamp(0.0, 100.0) / 100.0 * PLOT_H;
                if let Some(run) = runs.last_mut() {
                    run.push((x + w / 2.0, y));
                }
            }
            None => runs.push(Vec::new()),
        }
    }
    for run in runs.iter().filter(|r| !r.is_empty()) {
        let points: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = writeln!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#111\" stroke-width=\"1.5\"/>",
            points.join(" ")
        );
        for (x, y) in run {
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"#111\"/>"
            );
        }
        out.push('\n');
    }
}

/// The week numbers under the plot, as many as fit (every week, or every 2nd, 4th...); returns
/// the y below them.
fn week_numbers(out: &mut String, n: usize, bottom: f64, lang: &dyn Language) -> f64 {
    let (_, w) = slot(0, n);
    let every = (24.0 / w).ceil().max(1.0) as usize;
    let y = bottom + LINE;
    let wk = lang.word("chart_wk");
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"end\">{}</text>",
        // ending left of the plot, or where a longer label (`sem.`) still fits in the drawing
        (LEFT - 4.0).max(wk.chars().count() as f64 * LABEL * 0.6),
        escape(wk)
    );
    for i in (0..n).step_by(every) {
        let (x, w) = slot(i, n);
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">{}</text>",
            x + w / 2.0,
            i + 1
        );
    }
    out.push('\n');
    y + 8.0
}
