//! How dense a printed week is, and so how it is laid out: one page per week whenever the week
//! fits at the type floor (7.5 pt), else the week spans pages with its header repeated.
//!
//! The sheet is the same HTML on A4 and US Letter, so the estimate is for the smaller printable
//! area of the two: A4's width (210 mm) and Letter's height (279 mm), less the page margins. It
//! counts lines of text from the engine's week (exercises, set lines, sets, notes) and turns them
//! into millimetres with the stylesheet's row heights; it errs on the side of the denser layout.
//!
//! - `normal`: a row per set line, each set's logging box written out (load × reps @ RPE), notes
//!   in the exercise's cell. Light and medium programs.
//! - `compact`: a row per set line with a small box per set, the rest beside the exercise's name,
//!   notes moved to a numbered list at the foot of the week, shorter rows.
//! - `dense`: the compact tables in a two-column session grid.
//!
//! A week that does not fit even dense is cut between days into parts of about the same height,
//! a page each, every part under the week's header ("continued").

use deload_engine::plan::{Day, Line, Prescription, RestDay, Session, Week};

/// Printable height in millimetres (Letter's 279 mm less 10 mm margins, less a little slack for
/// the browser's rounding; the estimates run a few millimetres over what Chromium prints).
const PAGE_MM: f64 = 256.0;
/// Printable width in millimetres (A4's 210 mm less 11 mm margins).
const WIDTH_MM: f64 = 188.0;
/// Width of a character of 7.5 pt sans-serif text, on average, in millimetres.
const CHAR_MM: f64 = 1.35;
/// Height of a line of 7.5 pt text outside the tables, in millimetres.
const TEXT_LINE_MM: f64 = 3.05;
/// Width of a character of 7.5 pt bold text (exercise names), on average, in millimetres.
const BOLD_CHAR_MM: f64 = 1.5;

/// A week's layout class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A row per set line with written-out logging boxes.
    Normal,
    /// A row per set line with a matrix of set boxes, notes as footnotes.
    Compact,
    /// The compact tables in two columns.
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

    /// Row height of one line of table text, in millimetres.
    fn row_mm(self) -> f64 {
        match self {
            Class::Normal => 3.9,
            Class::Compact | Class::Dense => 3.45,
        }
    }

    /// The shares of a compact table's width of its columns: exercise, sets, load, set boxes
    /// (as the stylesheet sets them).
    fn columns(self) -> [f64; 4] {
        match self {
            Class::Dense => [0.32, 0.15, 0.14, 0.39],
            _ => [0.30, 0.19, 0.19, 0.32],
        }
    }

    /// Width of one session table, in millimetres.
    fn table_mm(self) -> f64 {
        match self {
            Class::Dense => (WIDTH_MM - 2.5) / 2.0,
            _ => WIDTH_MM,
        }
    }
}

/// How one week is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekLayout {
    /// Its layout class.
    pub class: Class,
    /// Its parts, a page each: ranges of day indexes (one part, every day, when it fits).
    pub parts: Vec<std::ops::Range<usize>>,
}

/// The layout of `week`: the roomiest class that fits one page, else dense cut into pages.
pub fn for_week(week: &Week) -> WeekLayout {
    let notes = footnotes(week).len();
    for class in [Class::Normal, Class::Compact, Class::Dense] {
        if week_mm(week, class, notes) <= PAGE_MM {
            return WeekLayout {
                class,
                parts: std::iter::once(0..week.days.len()).collect(),
            };
        }
    }
    WeekLayout {
        class: Class::Dense,
        parts: cut(week, notes),
    }
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

/// The week's days cut into parts of about the same height, as few as fit a page each under
/// the header (dense); the last part also holds the footnotes and the readiness check.
fn cut(week: &Week, notes: usize) -> Vec<std::ops::Range<usize>> {
    let head = fixed_mm(week, Class::Dense, notes) - tail_mm(Class::Dense, notes);
    let heights: Vec<f64> = week.days.iter().map(|d| day_mm(d, Class::Dense)).collect();
    let total = heights.iter().sum::<f64>() + tail_mm(Class::Dense, notes);
    let count = (total / (PAGE_MM - head)).ceil().max(1.0);
    let target = total / count;
    let mut parts = Vec::new();
    let (mut from, mut used) = (0, 0.0);
    for (i, h) in heights.iter().enumerate() {
        // a day starts a new part when most of it would fall past the part's share
        if i > from && used + h / 2.0 > target && (parts.len() as f64) < count - 1.0 {
            parts.push(from..i);
            from = i;
            used = 0.0;
        }
        used += h;
    }
    parts.push(from..week.days.len());
    parts
}

/// The estimated height of `week` printed in `class`, in millimetres.
fn week_mm(week: &Week, class: Class, notes: usize) -> f64 {
    let days: f64 = week.days.iter().map(|d| day_mm(d, class)).sum();
    fixed_mm(week, class, notes) + days
}

/// What a page of the week holds besides its days: the header, and the tail.
fn fixed_mm(week: &Week, class: Class, notes: usize) -> f64 {
    let head = if week.is_deload { 17.0 } else { 12.0 };
    head + tail_mm(class, notes)
}

/// What the week's last page holds after its days: the footnotes (compact and dense) and the
/// readiness check.
fn tail_mm(class: Class, notes: usize) -> f64 {
    let readiness = 25.0;
    match class {
        Class::Normal => readiness,
        _ => readiness + 3.0 + notes as f64 * class.row_mm() / 2.0,
    }
}

/// The height `day` takes in `class`. In the dense grid the days flow through two columns, so
/// a day takes about half its height in one column.
fn day_mm(day: &Day, class: Class) -> f64 {
    let full = match (day.session(), day.rest()) {
        (Some(s), _) => session_mm(s, class),
        (None, Some(r)) => rest_mm(r, class),
        (None, None) => 0.0,
    };
    match class {
        Class::Dense => full / 2.0,
        _ => full,
    }
}

/// The height of a rest day's box: its note, then its guidance in three columns (one in the
/// dense grid), each item with its link's path (printed when the plan has no site URL).
fn rest_mm(r: &RestDay, class: Class) -> f64 {
    let (columns, column_mm) = match class {
        Class::Dense => (1.0, class.table_mm() - 3.0),
        _ => (3.0, (class.table_mm() - 9.0) / 3.0),
    };
    let chars = |s: &str| s.chars().count() as f64 * CHAR_MM;
    let items: f64 = r
        .guidance
        .iter()
        .map(|g| text_lines(chars(&g.text) + chars(&g.link) + 16.0 * CHAR_MM, column_mm))
        .sum();
    let note = text_lines(chars(&r.note) + 40.0 * CHAR_MM, class.table_mm() - 3.0);
    2.5 + (note + (items / columns).ceil()) * TEXT_LINE_MM
}

/// The height of a session's table: its caption, header row and exercises.
fn session_mm(s: &Session, class: Class) -> f64 {
    let rows: f64 = s
        .prescriptions
        .iter()
        .map(|p| exercise_rows(p, class))
        .sum();
    5.0 + class.row_mm() + 1.5 + rows * class.row_mm()
}

/// Lines of text an exercise takes: the most of any of its cells (its name cell spans its set
/// lines).
fn exercise_rows(p: &Prescription, class: Class) -> f64 {
    let table = class.table_mm();
    let tempo = p.tempo.as_ref().map_or(0, |t| t.chars().count() + 6);
    if class == Class::Normal {
        let notes = p.notes.as_ref().map_or(0, |n| n.chars().count() + 3);
        let name = p.exercise.chars().count() + tempo + notes;
        let name_lines = text_lines(name as f64 * CHAR_MM, table * 0.26);
        let per_row = (table * 0.38 / 21.0).floor().max(1.0) as u32;
        let set_lines: u32 = p
            .lines
            .iter()
            .map(|l| l.sets.div_ceil(per_row).max(1))
            .sum();
        return f64::from(set_lines).max(name_lines);
    }
    // the name in bold, a footnote mark, the tempo and the rest
    let rest = p.rest.map_or(0, |r| r.to_string().len() + 3);
    let name_mm =
        p.exercise.chars().count() as f64 * BOLD_CHAR_MM + 2.0 + (tempo + rest) as f64 * CHAR_MM;
    let name_lines = text_lines(name_mm, table * class.columns()[0]);
    let line_rows: f64 = p.lines.iter().map(|l| compact_line_rows(l, class)).sum();
    line_rows.max(name_lines)
}

/// Lines of text a set line takes in a compact or dense table: the most of its sets cell (sets
/// × reps, target), its load cell and its set boxes.
fn compact_line_rows(l: &Line, class: Class) -> f64 {
    let [_, work_share, load_share, log_share] = class.columns();
    let table_mm = class.table_mm();
    let label =
        l.label.as_ref().map_or(0, |t| t.chars().count() + 1) + if l.warmup { 8 } else { 0 };
    let target = if l.work_range.is_some() { 16 } else { 0 };
    let work = label + l.sets.to_string().len() + 3 + l.reps.chars().count() + target;
    let load = l.intensity.chars().count().max(1) + if l.load.is_some() { 12 } else { 0 };
    let per_row = ((table_mm * log_share - 0.1) / 6.5).floor().max(1.0) as u32;
    let boxes = f64::from(l.sets.div_ceil(per_row).max(1));
    text_lines(work as f64 * CHAR_MM, table_mm * work_share)
        .max(text_lines(load as f64 * CHAR_MM, table_mm * load_share))
        .max(boxes)
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

    /// Shipped programs keep the roomy layout on one page; the dense fixtures get denser
    /// layouts, still on one page, with their one shared note as one footnote.
    #[test]
    fn light_weeks_stay_normal_and_dense_ones_get_denser() {
        for file in [
            "programs/push-pull-legs.yaml",
            "programs/novice-full-body.yaml",
        ] {
            for w in weeks(file) {
                let l = for_week(&w);
                assert_eq!((l.class, l.parts.len()), (Class::Normal, 1), "{file}");
            }
        }
        for (n, class) in [(6, Class::Compact), (8, Class::Dense), (10, Class::Dense)] {
            for w in weeks(&format!("tests/fixtures/plans/dense-{n}.yaml")) {
                let l = for_week(&w);
                assert_eq!(l.class, class, "6 × {n}");
                assert_eq!((l.parts.len(), &l.parts[0]), (1, &(0..7)), "6 × {n}");
                assert_eq!(footnotes(&w).len(), 1);
            }
        }
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

    /// A week with twice the rows of the densest fixture is cut into two parts between days,
    /// in order, covering every day once.
    #[test]
    fn a_week_too_dense_for_a_page_is_cut_between_days() {
        let mut week = weeks("tests/fixtures/plans/dense-10.yaml").remove(0);
        for day in &mut week.days {
            if let deload_engine::plan::DayKind::Session(s) = &mut day.kind {
                let more = s.prescriptions.clone();
                s.prescriptions.extend(more);
            }
        }
        let l = for_week(&week);
        assert_eq!(l.class, Class::Dense);
        assert_eq!(l.parts.len(), 2, "{:?}", l.parts);
        assert_eq!(l.parts[0].start, 0);
        assert_eq!(l.parts[0].end, l.parts[1].start);
        assert_eq!(l.parts[1].end, 7);
        assert!(l.parts.iter().all(|p| !p.is_empty()));
    }
}
