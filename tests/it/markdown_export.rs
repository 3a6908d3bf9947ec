//! The Markdown export read back with a real CommonMark parser (pulldown-cmark, which the site
//! uses anyway; the engine crate does not depend on it, not even for its tests): every shipped
//! program and athlete, planned for 24 weeks through the one plan pipeline, gives one intact
//! table per session whose cells read as the schedule, and hostile names never break a table or
//! turn into raw HTML.

use std::path::{Path, PathBuf};

use deload_engine::export::{self, to_markdown};
use deload_engine::pipeline::{PipelineOptions, plan_file};
use deload_engine::plan::{DayKind, Line, PlanOptions, Prescription, Schedule, Session};
use jiff::civil::date;
use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::support::repo;

/// Every shipped program and athlete file.
fn shipped() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["programs", "programs/athletes"] {
        let entries = std::fs::read_dir(repo().join(dir)).unwrap_or_else(|e| panic!("{dir}: {e}"));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.extension().is_some_and(|x| x == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 10, "the shipped programs and athletes");
    files
}

/// `path` planned for 24 weeks from Monday 5 January 2026.
fn plan_24(path: &Path) -> Schedule {
    let mut opts = PipelineOptions::new(date(2026, 1, 1));
    opts.plan = PlanOptions {
        start: Some(date(2026, 1, 5)),
        weeks: Some(24),
        ..PlanOptions::default()
    };
    plan_file(path, &opts)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .schedule
}

/// Every training session, in order.
fn sessions(s: &Schedule) -> Vec<&Session> {
    s.weeks
        .iter()
        .flat_map(|w| &w.days)
        .filter_map(|d| d.session())
        .collect()
}

/// The cells of every table: `tables[t][row][cell]`, header row first. Raw HTML anywhere fails.
fn markdown_tables(text: &str) -> Vec<Vec<Vec<String>>> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    for event in Parser::new_ext(text, opts) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in the Markdown: {h}"),
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = tables.last_mut() {
                    t.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                    row.push(String::new());
                }
            }
            Event::Text(s) | Event::Code(s) => {
                if let Some(cell) = tables
                    .last_mut()
                    .and_then(|t| t.last_mut())
                    .and_then(|r| r.last_mut())
                {
                    cell.push_str(&s);
                }
            }
            _ => {}
        }
    }
    tables
}

const HEADER: [&str; 7] = [
    "Exercise",
    "Sets",
    "Reps",
    "Intensity",
    "Load",
    "Rest",
    "Notes",
];

/// Checks one session's table against the session: a row per set line, the exercise's name on
/// its first line and the line's label (after `↳ `) on the others.
fn check_table(name: &str, s: &Schedule, table: &[Vec<String>], sess: &Session) {
    assert_eq!(table[0], HEADER, "{name}");
    let rows: Vec<(&Prescription, usize, &Line)> = sess
        .prescriptions
        .iter()
        .flat_map(|p| p.lines.iter().enumerate().map(move |(i, l)| (p, i, l)))
        .collect();
    assert_eq!(table.len(), rows.len() + 1, "{name}");
    for (row, (p, i, l)) in table[1..].iter().zip(&rows) {
        assert_eq!(row.len(), 7, "{name}");
        if *i == 0 {
            assert!(row[0].starts_with(&p.exercise), "{name}: {row:?}");
        } else {
            let label = l.label.as_deref().unwrap_or("");
            assert_eq!(row[0].trim_start_matches("↳ "), label, "{name}: {row:?}");
        }
        assert_eq!(row[1], l.sets.to_string(), "{name}");
        assert_eq!(row[3], l.intensity, "{name}");
        assert_eq!(row[4], export::load_text(l, s.units), "{name}");
    }
}

#[test]
fn markdown_has_a_table_per_session_and_marks_deloads() {
    for path in shipped() {
        let name = path.display().to_string();
        let s = plan_24(&path);
        let text = to_markdown(&s);
        let expected = sessions(&s);
        let tables = markdown_tables(&text);
        assert_eq!(tables.len(), expected.len(), "{name}");
        for (t, sess) in tables.iter().zip(&expected) {
            check_table(&name, &s, t, sess);
        }
        let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("## Week ")).collect();
        assert_eq!(headings.len(), s.weeks.len(), "{name}");
        for (h, w) in headings.iter().zip(&s.weeks) {
            assert_eq!(h.contains("**Deload**"), w.is_deload, "{name}: {h}");
            if w.is_deload {
                assert!(w.deload_reason.as_deref().is_some_and(|r| !r.is_empty()));
            }
        }
        assert!(text.contains("## Deload schedule"), "{name}");
        let rest_days = s.weeks.iter().flat_map(|w| &w.days);
        let rest_days = rest_days.filter(|d| d.rest().is_some()).count();
        assert_eq!(text.matches(": Rest day\n").count(), rest_days, "{name}");
    }
}

/// A 200-character name with a pipe, emphasis, quotes and an emoji.
fn long_name() -> String {
    let mut name: String = "Überkopf 💪🏽 press, \"heavy\"; | *x* "
        .chars()
        .cycle()
        .take(199)
        .collect();
    name.push('!');
    name
}

#[test]
fn hostile_text_in_markdown_keeps_tables_intact() {
    let names = [
        "=HYPERLINK(\"x\")".to_string(),
        "a,b \"c\"".to_string(),
        "<script>".to_string(),
        "back`tick` \\ [link](javascript:x)".to_string(),
        long_name(),
    ];
    let mut s = plan_24(&repo().join("programs/novice-full-body.yaml"));
    s.program = "a,b \"c\"; <b>|</b>".to_string();
    s.athlete = Some(long_name());
    let mut i = 0;
    for d in s.weeks.iter_mut().flat_map(|w| &mut w.days) {
        if let DayKind::Session(sess) = &mut d.kind {
            sess.name = names[i % names.len()].clone();
            for p in &mut sess.prescriptions {
                p.exercise = names[i % names.len()].clone();
                p.notes = Some("<script>alert(1)</script>\nsecond | line".to_string());
                i += 1;
            }
        }
    }
    let text = to_markdown(&s);
    let tables = markdown_tables(&text);
    let expected = sessions(&s);
    assert_eq!(tables.len(), expected.len());
    for (t, sess) in tables.iter().zip(&expected) {
        let lines: usize = sess.prescriptions.iter().map(|p| p.lines.len()).sum();
        assert_eq!(t.len(), lines + 1);
        let firsts = t[1..]
            .iter()
            .filter(|r| !r[0].is_empty() && !r[0].starts_with("↳ "));
        for (row, p) in firsts.zip(&sess.prescriptions) {
            assert_eq!(row.len(), 7, "{row:?}");
            assert_eq!(row[0], p.exercise, "the cell reads as the name");
            assert!(
                row[6].contains("<script>alert(1)</script> second | line"),
                "{}",
                row[6]
            );
        }
    }
    assert!(!text.contains("<script>"), "escaped, so never raw HTML");
}
