//! `deload replan` and `deload history --format html`: a synthetic log written from Morgan's plan
//! (the shipped 5/3/1 athlete), who stalls on the squat and bench press from week 4; the
//! calendar UIDs of the sessions still to come are those `deload plan` gave them; every format
//! and the report are written; bad logs are refused with a message that says why. The re-plan's
//! numbers are checked in the engine's tests (crates/engine/tests/it/replan.rs).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use deload_engine::pipeline::{self, LogSource, PipelineOptions};
use jiff::civil::date;

use crate::support::repo;

/// Runs `deload ARGS` in the repository: (exit code, stdout, stderr).
fn deload(args: &[&str]) -> (i32, String, String) {
    let out = crate::support::deload(&repo(), args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn morgan() -> PathBuf {
    repo().join("programs/athletes/morgan.yaml")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// A Strong export of Morgan's plan up to 2026-02-15 (the end of week 6), every set as
/// prescribed except the squat and bench press from week 4, 2 reps short.
fn stalling_log(dir: &Path) -> PathBuf {
    let mut opts = PipelineOptions::new(date(2026, 1, 1));
    opts.log = LogSource::Without;
    let plan = pipeline::plan_file(&morgan(), &opts)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .schedule;
    let mut out = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for week in &plan.weeks {
        for day in week.days.iter().filter(|d| d.date <= date(2026, 2, 15)) {
            let Some(session) = day.session() else {
                continue;
            };
            for p in &session.prescriptions {
                let stalls =
                    week.number >= 4 && (p.exercise == "Back squat" || p.exercise == "Bench press");
                for (i, line) in p.lines.iter().filter(|l| !l.warmup).enumerate() {
                    let reps = if stalls {
                        line.rep_range.min.saturating_sub(2).max(1)
                    } else {
                        line.rep_range.min
                    };
                    for _ in 0..line.sets {
                        out.push_str(&format!(
                            "{} 18:00:00,{},1h,{},{},{},{reps},0,0,,,\n",
                            day.date,
                            session.name,
                            p.exercise,
                            i + 1,
                            line.load.unwrap_or(0.0)
                        ));
                    }
                }
            }
        }
    }
    let path = dir.join("morgan-log.csv");
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// The UID of every event of an iCalendar text, by its DTSTART.
fn uids(ics: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for event in ics.split("BEGIN:VEVENT").skip(1) {
        let field = |name: &str| {
            event
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_default()
                .to_string()
        };
        out.insert(field("DTSTART;VALUE=DATE:"), field("UID:"));
    }
    out
}

#[test]
fn unchanged_sessions_keep_their_calendar_uids() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    let (code, plan_ics, err) = deload(&["plan", s(&morgan()), "--format", "ics"]);
    assert_eq!(code, 0, "{err}");
    let (code, replan_ics, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&log),
        "--today",
        "2026-02-15",
        "--format",
        "ics",
    ]);
    assert_eq!(code, 0, "{err}");
    let before = uids(&plan_ics);
    let after = uids(&replan_ics);
    // Weeks 7 to 15: 9 weeks of 4 sessions, each with the UID `plan` gave it (the deload moved
    // to week 7 and the TMs changed, but no session changed its day or name).
    assert_eq!(after.len(), 36, "{after:?}");
    for (day, uid) in &after {
        assert!(day.as_str() >= "20260216", "{day}");
        assert_eq!(before.get(day), Some(uid), "the session of {day}");
    }
    // stderr says what changed, and why
    assert!(err.contains("Re-planned weeks 7 to 15"), "{err}");
    assert!(
        err.contains("deload brought forward to week 7 from week 8"),
        "{err}"
    );
    assert!(
        err.contains("Back squat: TM lowered from 140 to 127.5"),
        "{err}"
    );
}

#[test]
fn replan_writes_every_format_and_the_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    let out = dir.path().join("out");
    let (code, _, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&log),
        "--today",
        "2026-02-15",
        "--format",
        "all",
        "-o",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    for ext in ["html", "md", "json", "csv", "ics"] {
        assert!(!read(&format!("morgan.{ext}")).is_empty(), "{ext}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&read("morgan.json")).unwrap_or_else(|e| panic!("{e}"));
    let weeks = json["weeks"].as_array().map(Vec::len);
    assert_eq!(weeks, Some(9), "the remaining weeks only");
    assert_eq!(json["weeks"][0]["number"], 7);
    assert_eq!(json["weeks"][0]["is_deload"], true);
    let report: serde_json::Value =
        serde_json::from_str(&read("morgan-report.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report["format_version"], 1);
    assert_eq!(report["next_week"], 7);
    assert_eq!(report["deload"]["moved"], true);
    assert_eq!(
        report["progress"]["weeks"].as_array().map(Vec::len),
        Some(6)
    );
    let html = read("morgan-report.html");
    assert_eq!(html.matches("<svg").count(), 3, "three charts");
    assert!(!html.contains("<script"), "no script");
    assert!(
        html.contains("TM lowered from 140 to 127.5"),
        "the reasons are in the report"
    );
    assert!(
        html.contains("Week 4, week of 2026-01-26: planned deload, done"),
        "deloads taken"
    );
}

#[test]
fn bad_logs_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    // sets after --today
    let (code, _, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&log),
        "--today",
        "2026-02-01",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("after today") || err.contains("future"),
        "{err}"
    );
    // a log of another time
    let old = dir.path().join("old.csv");
    std::fs::write(&old, "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n2025-03-03 18:00:00,A,1h,Squat (Barbell),1,100,5,0,0,,,\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&old),
        "--today",
        "2026-02-15",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not belong to this plan"), "{err}");
    // a program, not an athlete file
    let program = repo().join("programs/five-three-one-bbb.yaml");
    let (code, _, err) = deload(&[
        "replan",
        s(&program),
        "--log",
        s(&log),
        "--today",
        "2026-02-15",
    ]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn history_html_has_the_same_charts() {
    let log = repo().join("tests/fixtures/logs/fatigued-strong.csv");
    let (code, html, err) = deload(&[
        "history",
        s(&log),
        "--today",
        "2026-03-22",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("e1RM per main lift"), "{html}");
    assert!(html.contains("Back squat"), "{html}");
    assert!(html.contains("deload (30 % or more fewer sets"), "{html}");
}

/// The progress reports (replan's and history's) are valid HTML by the Nu checker.
#[test]
fn the_reports_are_valid_html() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    let out = dir.path().join("out");
    let (code, _, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&log),
        "--today",
        "2026-02-15",
        "--format",
        "all",
        "-o",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    let fatigued = repo().join("tests/fixtures/logs/fatigued-strong.csv");
    let (code, html, err) = deload(&[
        "history",
        s(&fatigued),
        "--today",
        "2026-03-22",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(out.join("history.html"), html).unwrap_or_else(|e| panic!("{e}"));
    let report = crate::html_check::nu_errors(&out);
    assert!(report.is_empty(), "Nu HTML checker errors:\n{report}");
}

/// The report in real headless Chromium: three charts drawn at a readable size, four lift lines
/// with their markers, every label inside its chart, and the page prints to PDF.
#[test]
fn the_report_s_charts_render_in_chromium() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    let report = dir.path().join("report.html");
    let (code, _, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&log),
        "--today",
        "2026-02-15",
        "-o",
        s(&report),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut b = crate::support::Browser::launch();
    b.goto(&format!("file://{}", s(&report)));
    let sizes = b.eval(
        "Array.from(document.querySelectorAll('svg.chart')).map(s => { const r = s.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; })",
    );
    let sizes: Vec<(u32, u32)> = serde_json::from_value(sizes).unwrap_or_default();
    assert_eq!(sizes.len(), 3, "{sizes:?}");
    for (w, h) in &sizes {
        assert!(
            *w >= 600 && *h >= 120,
            "a chart too small to read: {sizes:?}"
        );
    }
    let lines =
        b.eval("document.querySelectorAll('svg.chart')[0].querySelectorAll('polyline').length");
    assert_eq!(lines, 4, "one line per main lift");
    let markers = b.eval("document.querySelectorAll('svg.chart')[0].querySelectorAll('polyline ~ circle, polyline ~ rect:not(.deload), polyline ~ polygon').length");
    assert_eq!(markers, 24, "a marker per lift per week (4 × 6)");
    // every text of every chart lies inside its chart's viewBox
    let outside = b.eval(
        "Array.from(document.querySelectorAll('svg.chart')).flatMap(s => { const v = s.viewBox.baseVal; return Array.from(s.querySelectorAll('text')).filter(t => { const r = t.getBBox(); return r.x < 0 || r.y < 0 || r.x + r.width > v.width + 0.5 || r.y + r.height > v.height + 0.5; }).map(t => t.textContent); })",
    );
    assert_eq!(outside, serde_json::json!([]), "labels outside their chart");
    let pdf = b.print_pdf();
    assert!(pdf.starts_with(b"%PDF"), "the report prints");
}
