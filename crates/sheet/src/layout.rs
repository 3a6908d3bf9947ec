//! How dense a printed week is: the layout class of its tables, picked per week from an
//! estimate of its height. Where the pages break is not estimated: the browser paginates the
//! sheet with CSS fragmentation (each week starts a page; a session may continue on the next
//! page between exercises, its header rows repeated; an exercise, a rest day and the readiness
//! check never split), so pages fill top to bottom whatever the fonts, and a week spans pages
//! only when it is longer than one. The printed sheet's tests check the result in Chromium.
//!
//! Every layout has the same logging boxes, sized for a pen: a box per set with load, reps and
//! RPE blanks 6 mm tall, the load blank 15 mm wide. The classes differ in what else a row
//! holds and so in how many boxes fit on a row:
//!
//! - `normal`: columns for sets × reps, intensity, load and rest, notes in the exercise's cell,
//!   three boxes a row. Light and medium programs.
//! - `compact`: the rest beside the exercise's name, the sets, intensity and load in one
//!   column, notes moved to a numbered list at the foot of the week, four boxes a row.
//! - `dense`: compact with narrower text columns, five boxes a row.
//!
//! The estimate is for the smaller printable area of A4 and Letter: A4's width (210 mm) and
//! Letter's height (279 mm), less the page margins, with DejaVu Sans's wide letters; it errs on
//! the side of the denser layout. An estimate that is off changes only which class a week gets,
//! never how its pages fill.

use deload_engine::plan::{Day, Line, Prescription, RestDay, Session, Week};

/// Printable height in millimetres (Letter's 279 mm less 8 mm margins, less a little slack).
const PAGE_MM: f64 = 248.0;
/// Printable width in millimetres (A4's 210 mm less 11 mm margins).
const WIDTH_MM: f64 = 188.0;
/// Width of a character of 7.5 pt sans-serif text, on average, in millimetres.
const CHAR_MM: f64 = 1.45;
/// Height of a line of 7.5 pt text, in millimetres.
const TEXT_LINE_MM: f64 = 3.05;
/// Width of a character of 7.5 pt bold text (exercise names), on average, in millimetres.
const BOLD_CHAR_MM: f64 = 1.6;
/// Width of one set's logging box and the gap after it (15 + 5 + 5 mm of blanks, borders).
const SET_MM: f64 = 26.3;
/// Height of a row of logging boxes and the gap under it (6 mm blanks, borders).
const SET_ROW_MM: f64 = 6.9;

/// A week's layout class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Separate columns for sets, intensity, load and rest; three logging boxes a row.
    Normal,
    /// The text in two columns, notes as footnotes; four logging boxes a row.
    Compact,
    /// Compact with narrower text columns; five logging boxes a row.
    Dense,
}

impl Class {
    /// The class as the templates and the stylesheet name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Normal => "normal",
            Class::Compact => "compact",
            Class::Dense => "dense",
        }
    }

    /// The shares of the table's width of the text cells (the exercise and the prescription,
    /// together) and the logging boxes, as the stylesheet sets them.
    fn shares(self) -> [f64; 2] {
        match self {
            Class::Normal => [0.57, 0.43],
            Class::Compact => [0.435, 0.565],
            Class::Dense => [0.295, 0.705],
        }
    }

    /// Logging boxes on a row.
    fn sets_per_row(self) -> u32 {
        let log_mm = WIDTH_MM * self.shares()[1] - 0.6;
        ((log_mm + 0.8) / SET_MM).floor().max(1.0) as u32
    }

    /// The average width of a character of an exercise's name, in millimetres.
    fn name_char_mm(self) -> f64 {
        match self {
            Class::Dense => CHAR_MM,
            _ => BOLD_CHAR_MM,
        }
    }
}

/// How one week is printed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeekLayout {
    /// Its layout class.
    pub class: Class,
    /// The share of the table's width of the exercise's cell (the prescription's cells have
    /// the rest of the class's text share): split so that the week's longest name and longest
    /// prescription need about as many lines.
    pub name_share: f64,
}

impl WeekLayout {
    /// The layout of a week in `class`, its text share split for `week`.
    fn new(week: &Week, class: Class) -> WeekLayout {
        let text = class.shares()[0];
        let name_share = match class {
            Class::Normal => 0.23,
            _ => split(week, class),
        };
        debug_assert!(name_share < text);
        WeekLayout { class, name_share }
    }

    /// The column widths of the compact and dense tables as CSS custom properties
    /// (`--ex: 22%; --work: 7.5%`), empty for the normal layout (the stylesheet's widths).
    pub fn columns_css(&self) -> String {
        if self.class == Class::Normal {
            return String::new();
        }
        let ex = self.name_share * 100.0;
        let work = self.class.shares()[0] * 100.0 - ex;
        format!("--ex: {ex:.1}%; --work: {work:.1}%")
    }
}

/// The share of the table's width for the names in a compact or dense `week`: the text share
/// split in the ratio of what the longest name and the longest prescription of the week need to
/// fit on two lines (half their width, and a word's slack for wrapping), each given at least a
/// fifth of it.
fn split(week: &Week, class: Class) -> f64 {
    let text = class.shares()[0];
    let two_lines = |mm: f64| mm / 2.0 + 4.2;
    let sessions = week.days.iter().filter_map(Day::session);
    let (mut name, mut work) = (1.0_f64, 1.0_f64);
    for p in sessions.flat_map(|s| &s.prescriptions) {
        name = name.max(two_lines(name_mm(p, class)));
        for l in &p.lines {
            work = work.max(two_lines(work_chars(l) as f64 * CHAR_MM));
        }
    }
    let share = (text * name / (name + work)).clamp(text / 5.0, text * 0.8);
    (share * 200.0).round() / 200.0
}

/// The layout of `week`: the roomiest class that fits one page by the estimate, else dense
/// (which takes the fewest pages).
pub fn for_week(week: &Week) -> WeekLayout {
    let notes = footnotes(week).len();
    [Class::Normal, Class::Compact]
        .into_iter()
        .map(|c| WeekLayout::new(week, c))
        .find(|l| week_mm(week, l, notes) <= PAGE_MM)
        .unwrap_or_else(|| WeekLayout::new(week, Class::Dense))
}

/// The week's distinct exercise notes in order of appearance (the footnotes of the compact and
/// dense layouts).
pub fn footnotes(week: &Week) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let sessions = week.days.iter().filter_map(Day::session);
    for p in sessions.flat_map(|s| &s.prescriptions) {
        if let Some(n) = p.notes.as_deref().filter(|n| !n.is_empty())
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

/// The estimated height of `week` printed in `class`, in millimetres: its header, its days and
/// its tail (the footnotes of the compact and dense layouts, and the readiness check).
fn week_mm(week: &Week, layout: &WeekLayout, notes: usize) -> f64 {
    let class = layout.class;
    let head = if week.is_deload { 17.0 } else { 12.0 };
    let readiness = 18.0;
    let tail = match class {
        Class::Normal => readiness,
        _ => readiness + 3.0 + notes as f64 * TEXT_LINE_MM / 2.0,
    };
    let first_rest = week.days.iter().position(|d| d.rest().is_some());
    let days: f64 = (week.days.iter().enumerate())
        .map(|(i, d)| day_mm(d, layout, Some(i) == first_rest))
        .sum();
    head + days + tail
}

/// The height `day` takes in `class`; `checklist`: whether it is the rest day that prints the
/// week's recovery checklist (the others print a line that points to it).
fn day_mm(day: &Day, layout: &WeekLayout, checklist: bool) -> f64 {
    match (day.session(), day.rest()) {
        (Some(s), _) => session_mm(s, layout),
        (None, Some(r)) if checklist => rest_mm(r),
        (None, Some(_)) => 2.5 + 2.0 * TEXT_LINE_MM,
        (None, None) => 0.0,
    }
}

/// The height of a rest day's box: its note, then its guidance in three columns, each item with
/// its link's path (printed when the plan has no site URL).
fn rest_mm(r: &RestDay) -> f64 {
    let column_mm = (WIDTH_MM - 9.0) / 3.0;
    let chars = |s: &str| s.chars().count() as f64 * CHAR_MM;
    let items: f64 = r
        .guidance
        .iter()
        .map(|g| text_lines(chars(&g.text) + chars(&g.link) + 16.0 * CHAR_MM, column_mm))
        .sum();
    let note = text_lines(chars(&r.note) + 40.0 * CHAR_MM, WIDTH_MM - 3.0);
    2.5 + (note + (items / 3.0).ceil()) * TEXT_LINE_MM
}

/// The height of a session's table: its two header rows and its exercises.
fn session_mm(s: &Session, layout: &WeekLayout) -> f64 {
    let rows: f64 = s.prescriptions.iter().map(|p| exercise_mm(p, layout)).sum();
    let head = match layout.class {
        Class::Normal => 2.0 * TEXT_LINE_MM + 1.5,
        _ => TEXT_LINE_MM + 1.5,
    };
    head + rows
}

/// The height of an exercise: the most of its name's cell (which spans its set lines) and its
/// set lines.
fn exercise_mm(p: &Prescription, layout: &WeekLayout) -> f64 {
    let name_mm = name_mm(p, layout.class);
    let name = text_lines(name_mm, WIDTH_MM * layout.name_share) * TEXT_LINE_MM + 0.8;
    let lines: f64 = p.lines.iter().map(|l| line_mm(l, layout)).sum();
    lines.max(name)
}

/// The width of an exercise's name cell's text on one line, in millimetres: the name, its
/// tempo, and its notes (normal) or its footnote mark and rest (compact and dense).
fn name_mm(p: &Prescription, class: Class) -> f64 {
    let tempo = p.tempo.as_ref().map_or(0, |t| t.chars().count() + 6);
    let extra = match class {
        Class::Normal => p.notes.as_ref().map_or(0, |n| n.chars().count() + 3),
        _ => p.rest.map_or(0, |_| 8) + 2,
    };
    p.exercise.chars().count() as f64 * class.name_char_mm() + (tempo + extra) as f64 * CHAR_MM
}

/// Characters of a set line's prescription as the compact and dense tables print it: its label,
/// sets × reps, target, intensity and load.
fn work_chars(l: &Line) -> usize {
    let label =
        l.label.as_ref().map_or(0, |t| t.chars().count() + 1) + if l.warmup { 8 } else { 0 };
    let target = if l.work_range.is_some() { 16 } else { 0 };
    let load = l.intensity.chars().count() + if l.load.is_some() { 12 } else { 0 };
    let digits = l.sets.checked_ilog10().map_or(1, |d| d as usize + 1);
    label + digits + 3 + l.reps.chars().count() + target + load + 3
}

/// The height of a set line: the most of its text cells and its rows of logging boxes.
fn line_mm(l: &Line, layout: &WeekLayout) -> f64 {
    let class = layout.class;
    let work_mm = WIDTH_MM * (class.shares()[0] - layout.name_share);
    let text = match class {
        // four columns of about a quarter of the width each, the longest text in one
        Class::Normal => text_lines(work_chars(l) as f64 * CHAR_MM / 2.0, work_mm / 4.0),
        _ => text_lines(work_chars(l) as f64 * CHAR_MM, work_mm),
    };
    let plates = if l.plates.is_some() { 1.0 } else { 0.0 };
    let text = (text + plates) * TEXT_LINE_MM + 0.8;
    if l.warmup {
        // warm-up sets are not logged: no boxes
        return text;
    }
    let boxes = f64::from(l.sets.div_ceil(class.sets_per_row()).max(1));
    (boxes * SET_ROW_MM + 0.6).max(text)
}

/// Lines a text `text_mm` long takes in a cell `width_mm` wide.
fn text_lines(text_mm: f64, width_mm: f64) -> f64 {
    (text_mm / (width_mm - 1.2).max(1.0)).ceil().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use deload_engine::plan::{PlanOptions, plan};

    /// The weeks of the program file at `path` (from the repository's root).
    fn weeks(path: &str) -> Vec<Week> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let input = match deload_engine::programs::load_input(&root.join(path)) {
            Ok((input, _)) => input,
            Err(e) => panic!("{e}"),
        };
        let opts = PlanOptions {
            start: "2027-01-04".parse().ok(),
            ..Default::default()
        };
        match plan(&input, &opts) {
            Ok(s) => s.weeks,
            Err(e) => panic!("{e}"),
        }
    }

    /// Shipped programs keep the roomy layout; the dense fixtures get denser layouts, with
    /// their one shared note as one footnote.
    #[test]
    fn light_weeks_stay_normal_and_dense_ones_get_denser() {
        for file in [
            "programs/intermediate-upper-lower.yaml",
            "programs/novice-full-body.yaml",
        ] {
            for w in weeks(file) {
                assert_eq!(for_week(&w).class, Class::Normal, "{file}");
            }
        }
        for n in [6, 8, 10] {
            for w in weeks(&format!("tests/fixtures/plans/dense-{n}.yaml")) {
                assert_eq!(for_week(&w).class, Class::Dense, "6 × {n}");
                assert_eq!(footnotes(&w).len(), 1);
            }
        }
    }

    /// Three, four and five logging boxes a row, as the stylesheet's column widths hold them.
    #[test]
    fn each_class_has_its_boxes_a_row() {
        let per_row = [Class::Normal, Class::Compact, Class::Dense].map(Class::sets_per_row);
        assert_eq!(per_row, [3, 4, 5]);
    }

    /// No text of the built-in stylesheet is smaller than the 7.5 pt floor: every font size is
    /// in points and at least 7.5, or relative with that floor (`max(0.9em, 7.5pt)`).
    #[test]
    fn no_printed_text_is_under_the_floor() {
        let css = include_str!("../templates/plan/style.css");
        let sizes: Vec<&str> = css
            .split("font-size:")
            .skip(1)
            .map(|rest| rest.split([';', '}']).next().unwrap_or("").trim())
            .collect();
        assert!(sizes.len() > 20, "{sizes:?}");
        for size in sizes {
            let pt = size
                .strip_prefix("max(")
                .and_then(|s| s.strip_suffix(")")?.split(", ").nth(1))
                .unwrap_or(size);
            let value: f64 = match pt.strip_suffix("pt").map(str::parse) {
                Some(Ok(v)) => v,
                _ => panic!("font-size: {size} is not in points"),
            };
            assert!(value >= 7.5, "font-size: {size}");
        }
    }
}
