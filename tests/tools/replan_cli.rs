//! The progress reports of `deload replan` and `deload history --format html` checked by the Nu
//! HTML checker and drawn by a real headless Chromium.

use std::path::Path;

use crate::support::logs::{morgan, stalling_log};
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

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
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
    let mut b = crate::support::browser::Browser::launch();
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
