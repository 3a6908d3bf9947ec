//! The printed sheet on paper, measured in a real headless Chromium: every set's logging blanks
//! are big enough for a pen in every layout (normal, compact, dense) on A4 and US Letter, and the
//! pages the browser breaks fill top to bottom: a week spans pages only when it is longer than
//! one, and every page of a week but its last is at least 70 % full. Read back with poppler's
//! `pdfinfo` and `pdftotext` (each test fails when a program is missing).

use std::path::Path;
use std::process::{Command, Output};

use crate::support::browser::Browser;
use crate::support::repo;
use crate::support::tools::{chromium, require};

/// The smallest a logging blank may be, in millimetres: 6 mm tall, the load 15 mm wide.
const MIN_HEIGHT_MM: f64 = 6.0;
/// The narrowest the load blank may be, in millimetres.
const MIN_LOAD_WIDTH_MM: f64 = 15.0;
/// The page margins of the sheet's `@page` rule, top and bottom, in millimetres.
const MARGIN_MM: f64 = 8.0;
/// The left and right page margins, in millimetres.
const SIDE_MARGIN_MM: f64 = 11.0;

/// `deload plan FILE --start 2027-01-04 --weeks WEEKS --format FORMAT [--paper PAPER] -o OUT`
/// with the test's Chromium.
fn plan(file: &Path, weeks: u32, format: &str, paper: Option<&str>, out: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deload"));
    cmd.arg("plan")
        .arg(file)
        .args(["--start", "2027-01-04", "--format", format, "-o"])
        .arg(out)
        .args(["--weeks", &weeks.to_string()])
        .env("NO_COLOR", "1")
        .env("DELOAD_CHROMIUM", chromium());
    if let Some(p) = paper {
        cmd.args(["--paper", p]);
    }
    let done = cmd.output().expect("run deload");
    assert!(
        done.status.success(),
        "deload plan {}: {}",
        file.display(),
        String::from_utf8_lossy(&done.stderr)
    );
    done
}

/// The page count `pdfinfo` reads in `pdf`.
fn page_count(pdf: &Path) -> usize {
    let out = Command::new(require("pdfinfo", "counting printed pages"))
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count for {}: {info}", pdf.display()))
}

/// The text of each page of `pdf` (`pdftotext` ends each page with a form feed).
fn page_texts(pdf: &Path) -> Vec<String> {
    let out = Command::new(require("pdftotext", "reading printed pages"))
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The value of the attribute `name` in the tag `tag` (`pdftotext -bbox`'s output).
fn attr(tag: &str, name: &str) -> Option<f64> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()?.parse().ok()
}

/// How full each page of `pdf` is: the lowest word on it, from the top of the printable area,
/// as a share of the printable height (read with `pdftotext -bbox`; boxes drawn under the last
/// words make a page a little fuller than this says, never emptier).
fn fill_ratios(pdf: &Path) -> Vec<f64> {
    let out = Command::new(require("pdftotext", "reading printed pages"))
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext -bbox");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let margin = MARGIN_MM / 25.4 * 72.0;
    let mut pages: Vec<(f64, f64)> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with("<page ") {
            let height = attr(line, "height").expect("page height");
            pages.push((height, margin));
        } else if line.starts_with("<word ")
            && let (Some(page), Some(y)) = (pages.last_mut(), attr(line, "yMax"))
        {
            page.1 = page.1.max(y);
        }
    }
    pages
        .iter()
        .map(|(h, bottom)| (bottom - margin) / (h - 2.0 * margin))
        .collect()
}

/// The layout classes of the weeks of a printed plan's HTML, in order.
fn layouts(html: &str) -> Vec<String> {
    html.split("<section class=\"sheet week")
        .skip(1)
        .map(|s| {
            let class = s.split('"').next().unwrap_or("");
            let layout = class.split(' ').find_map(|c| c.strip_prefix("layout-"));
            layout.unwrap_or("none").to_string()
        })
        .collect()
}

/// Measures, in the laid-out page, the smallest load, reps and RPE blanks of each layout class
/// (millimetres at 96 px to the inch), and counts the boxes that stick out of their cell.
const MEASURE: &str = r#"(() => {
  const mm = px => px * 25.4 / 96;
  const out = {};
  for (const week of document.querySelectorAll('section.week')) {
    const layout = [...week.classList].find(c => c.startsWith('layout-')).slice(7);
    const o = out[layout] ??= { sets: 0, outside: 0, load_w: 1e9, load_h: 1e9, reps_w: 1e9,
      reps_h: 1e9, effort_w: 1e9, effort_h: 1e9 };
    for (const set of week.querySelectorAll('.set')) {
      o.sets++;
      const cell = set.closest('td').getBoundingClientRect();
      const box = set.getBoundingClientRect();
      if (box.left < cell.left - 0.5 || box.right > cell.right + 0.5) o.outside++;
      for (const kind of ['load', 'reps', 'effort']) {
        const r = set.querySelector('.blank.' + kind).getBoundingClientRect();
        o[kind + '_w'] = Math.min(o[kind + '_w'], mm(r.width));
        o[kind + '_h'] = Math.min(o[kind + '_h'], mm(r.height));
      }
    }
  }
  return out;
})()"#;

/// The smallest blanks of each layout class of the sheet at `html`, laid out at the printable
/// width of a paper `width_mm` wide under print media.
fn measure(b: &mut Browser, html: &Path, width_mm: f64) -> serde_json::Value {
    let px = ((width_mm - 2.0 * SIDE_MARGIN_MM) * 96.0 / 25.4).round();
    b.call(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": px, "height": 1000, "deviceScaleFactor": 1, "mobile": false}),
    );
    b.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"media": "print"}),
    );
    b.navigate_until_loaded(&format!("file://{}", html.display()));
    b.eval(MEASURE)
}

/// Every set's load, reps and RPE blanks are at least 6 mm tall and the load blank at least
/// 15 mm wide, in the normal, compact and dense layouts, laid out by Chromium at the printable
/// width of A4 and of Letter; no box sticks out of its cell.
#[test]
fn logging_blanks_are_pen_sized_in_every_layout_on_a4_and_letter() {
    let tmp = tempfile::tempdir().unwrap();
    let mut b = Browser::launch();
    let files = [
        ("programs/novice-full-body.yaml", "normal"),
        ("programs/advanced-split.yaml", "compact"),
        ("tests/fixtures/plans/long-10.yaml", "dense"),
    ];
    for (file, layout) in files {
        let html = tmp.path().join(format!("{layout}.html"));
        plan(&repo().join(file), 1, "html", None, &html);
        let classes = layouts(&std::fs::read_to_string(&html).unwrap());
        assert_eq!(classes, [layout], "{file}");
        for (paper, width_mm) in [("A4", 210.0), ("Letter", 215.9)] {
            let m = measure(&mut b, &html, width_mm);
            let m = &m[layout];
            let at = format!("{file} ({layout}) on {paper}: {m}");
            eprintln!("{at}");
            assert!(m["sets"].as_u64().unwrap_or(0) >= 20, "{at}");
            assert_eq!(m["outside"].as_u64(), Some(0), "{at}");
            for kind in ["load", "reps", "effort"] {
                let h = m[format!("{kind}_h")].as_f64().unwrap_or(0.0);
                assert!(h >= MIN_HEIGHT_MM, "{kind} blank {h:.2} mm tall: {at}");
                let w = m[format!("{kind}_w")].as_f64().unwrap_or(0.0);
                assert!(w >= 5.0, "{kind} blank {w:.3} mm wide: {at}");
            }
            let w = m["load_w"].as_f64().unwrap_or(0.0);
            assert!(w >= MIN_LOAD_WIDTH_MM, "load blank {w:.2} mm wide: {at}");
        }
    }
}

/// The pages of each week of the plan printed at `pdf` (1-based, after the cover's one or two
/// pages): from the page its header is on to the page of its readiness check.
fn week_pages(pdf: &Path, weeks: usize) -> Vec<std::ops::RangeInclusive<usize>> {
    let pages = page_texts(pdf);
    let find = |what: &str| {
        let at = pages.iter().position(|p| p.contains(what));
        at.unwrap_or_else(|| panic!("{}: no page with {what:?}", pdf.display())) + 1
    };
    (1..=weeks)
        .map(|k| {
            let first = pages
                .iter()
                .position(|p| p.trim_start().starts_with(&format!("Week {k}")));
            let first = first.unwrap_or_else(|| panic!("{}: no week {k}", pdf.display())) + 1;
            first..=find(&format!("end of week {k}"))
        })
        .collect()
}

/// Each week of `file` printed on A4 and Letter takes `expected` pages after the cover: it starts
/// a page, its pages follow each other, and every page but its last is at least 70 % full.
fn assert_pages(file: &str, weeks: usize, expected: usize) {
    let tmp = tempfile::tempdir().unwrap();
    for paper in ["a4", "letter"] {
        let pdf = tmp.path().join(format!("{paper}.pdf"));
        plan(&repo().join(file), weeks as u32, "pdf", Some(paper), &pdf);
        let spans = week_pages(&pdf, weeks);
        let fills = fill_ratios(&pdf);
        // the cover: one page, or two when the periodisation chart goes on over
        let cover = spans.first().map_or(1, |s| *s.start() - 1);
        assert!(
            (1..=2).contains(&cover),
            "{file} on {paper}: a {cover}-page cover"
        );
        assert_eq!(
            page_count(&pdf),
            cover + weeks * expected,
            "{file} on {paper}"
        );
        assert_eq!(fills.len(), page_count(&pdf));
        let mut next = cover + 1;
        for (k, span) in spans.iter().enumerate() {
            let at = format!(
                "{file} on {paper}, week {}: pages {span:?}, fill {fills:.2?}",
                k + 1
            );
            eprintln!("{at}");
            assert_eq!(*span.start(), next, "{at}");
            assert_eq!(span.clone().count(), expected, "{at}");
            for page in *span.start()..*span.end() {
                assert!(fills[page - 1] >= 0.70, "page {page} under 70 % full: {at}");
            }
            next = span.end() + 1;
        }
    }
}

/// 6 sessions × 6 exercises of 3 to 5 sets with 50-character names: 144 boxes do not fit a
/// page (each row of boxes is 7 mm), so each week takes two, the first full.
#[test]
fn six_by_six_with_long_names_prints_two_full_pages_a_week() {
    assert_pages("tests/fixtures/plans/long-6.yaml", 2, 2);
}

/// 6 × 8 with notes, short names and with 50-character names: two pages a week, the first full
/// (186 boxes of 25 × 6.5 mm are two thirds of a page before any name or heading).
#[test]
fn six_by_eight_prints_two_full_pages_a_week() {
    assert_pages("tests/fixtures/plans/dense-8.yaml", 2, 2);
    assert_pages("tests/fixtures/plans/long-8.yaml", 1, 2);
}

/// 6 × 10 with 50-character names and notes: at most two pages a week (exactly two), the
/// first full.
#[test]
fn six_by_ten_with_long_names_prints_on_two_pages_a_week() {
    assert_pages("tests/fixtures/plans/long-10.yaml", 2, 2);
}

/// Shipped programs, 5/3/1 with its warm-up, top-set and Boring But Big lines among them, print
/// one page a week.
#[test]
fn shipped_programs_print_a_page_a_week() {
    for file in [
        "programs/five-three-one-bbb.yaml",
        "programs/novice-full-body.yaml",
        "programs/intermediate-upper-lower.yaml",
    ] {
        assert_pages(file, 4, 1);
    }
}

/// The cover says nothing about which weeks span pages (the browser breaks the pages), and
/// says how a long week goes on.
#[test]
fn the_cover_does_not_guess_which_weeks_span_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("plan.html");
    plan(
        &repo().join("tests/fixtures/plans/long-10.yaml"),
        3,
        "html",
        None,
        &html,
    );
    let html = std::fs::read_to_string(&html).unwrap();
    for wrong in [
        "span two",
        "span up to",
        "too dense for one page",
        "One week per page",
    ] {
        assert!(!html.contains(wrong), "{wrong}");
    }
    assert!(html.contains("a long week goes on over the next page"));
}
