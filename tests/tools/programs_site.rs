//! The shipped programs' printable plans printed by a real headless Chromium: one page per week on
//! A4 and US Letter (push/pull/legs, with 37 set lines a week of pen-sized boxes: two), a plan
//! made from a training log included.

use std::process::Command;

use crate::support::browser::Browser;
use crate::support::{Fixture, tools};

fn built_shipped() -> Fixture {
    let f = Fixture::shipped();
    f.set_programs("start", "2027-01-04");
    f.build(&[]);
    f
}

fn pdf_pages(pdf: &std::path::Path) -> Vec<String> {
    let pdfinfo = tools::require("pdfinfo", "counting printed pages");
    let pdftotext = tools::require("pdftotext", "reading printed pages");
    let info = Command::new(pdfinfo)
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdfinfo: {e}"));
    let info = String::from_utf8_lossy(&info.stdout);
    let n: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("page count");
    (1..=n)
        .map(|i| {
            let out = Command::new(&pdftotext)
                .args(["-layout", "-f", &i.to_string(), "-l", &i.to_string()])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap_or_else(|e| panic!("pdftotext: {e}"));
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect()
}

/// Every shipped plan prints as a cover (one or two pages: the periodisation chart) plus exactly
/// one page per week on both A4 and US Letter (push/pull/legs: two, the first full), each week starting its page and ending with its
/// readiness check.
#[test]
fn printed_plans_have_one_page_per_week_on_a4_and_letter() {
    let f = built_shipped();
    let mut plans: Vec<std::path::PathBuf> = crate::support::html_files(&f.out().join("programs"))
        .into_iter()
        .filter(|p| {
            p.to_string_lossy().contains("plan-") || p.to_string_lossy().starts_with("athletes/")
        })
        .map(|p| f.out().join("programs").join(p))
        .collect();
    plans.sort();
    assert!(plans.len() >= 18, "{plans:?}");
    let mut b = Browser::launch();
    let tmp = tempfile::tempdir().unwrap();
    for (paper, w, h) in [("A4", 8.27, 11.69), ("Letter", 8.5, 11.0)] {
        for plan in &plans {
            let html = std::fs::read_to_string(plan).unwrap();
            let weeks = html.matches("class=\"sheet week").count();
            b.goto(&format!("file://{}", plan.display()));
            let r = b.call(
                "Page.printToPDF",
                serde_json::json!({"paperWidth": w, "paperHeight": h, "printBackground": true, "displayHeaderFooter": false}),
            );
            let data = crate::support::browser::base64_decode(r["data"].as_str().unwrap());
            let pdf = tmp.path().join("p.pdf");
            std::fs::write(&pdf, data).unwrap();
            let pages = pdf_pages(&pdf);
            // push/pull/legs has 37 set lines a week, over a page of pen-sized boxes
            let ppl = html.contains("Push (heavy)");
            let at = format!("{paper} {}", plan.display());
            assert_week_pages(&pages, weeks, if ppl { 2 } else { 1 }, &at);
        }
    }
}

/// The pages of the cover among a printed plan's `pages`: one, or two when the periodisation
/// chart pushes the end of the cover over; week 1 starts the page after.
fn cover_pages(pages: &[String], at: &str) -> usize {
    let cover = pages
        .iter()
        .position(|t| {
            t.trim_start().starts_with("Week 1\n") || t.trim_start().starts_with("Week 1 ")
        })
        .unwrap_or_else(|| panic!("{at}: no page starts week 1"));
    assert!((1..=2).contains(&cover), "{at}: a cover of {cover} pages");
    cover
}

/// Each of the `weeks` weeks printed in `pages` (the cover, one or two pages, first) starts on
/// the page after the last one's readiness check and takes exactly `per_week` pages, its
/// readiness check on the last.
fn assert_week_pages(pages: &[String], weeks: usize, per_week: usize, at: &str) {
    let cover = cover_pages(pages, at);
    assert_eq!(
        pages.len(),
        weeks * per_week + cover,
        "{at}: {} pages for {weeks} weeks",
        pages.len()
    );
    for k in 1..=weeks {
        let first = &pages[(k - 1) * per_week + cover];
        let last = &pages[k * per_week + cover - 1];
        assert!(
            first.contains(&format!("Week {k}")),
            "{at}: week {k} does not start its page"
        );
        assert!(
            last.contains(&format!("end of week {k}")),
            "{at}: week {k}'s readiness check is not on its last page"
        );
    }
}

/// A plan planned from a training log carries the log summary and a volume chart on its cover;
/// the cover still fits on one page.
#[test]
fn plan_from_a_log_still_prints_one_page_per_week() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("strong.csv");
    let mut csv = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    let start: jiff::civil::Date = "2026-01-05".parse().unwrap();
    let mut last = start;
    for week in 0..26i64 {
        for dow in [0i64, 2, 4] {
            let day = start
                .checked_add(jiff::Span::new().days(week * 7 + dow))
                .unwrap();
            last = day;
            let sets = if week % 5 == 4 { 2 } else { 4 };
            for (k, ex) in [
                "Squat (Barbell)",
                "Bench Press (Barbell)",
                "Deadlift (Barbell)",
            ]
            .iter()
            .enumerate()
            {
                for s in 1..=sets {
                    let w = 60.0 + 10.0 * k as f64 + 1.25 * week as f64;
                    csv.push_str(&format!(
                        "{day} 18:00:00,Full body,1h,{ex},{s},{w},5,0,0,,,8\n"
                    ));
                }
            }
        }
    }
    std::fs::write(&log, csv).unwrap();
    let html = tmp.path().join("plan.html");
    let out = crate::support::deload(
        &crate::support::repo(),
        &[
            "plan",
            "programs/athletes/sam.yaml",
            "--log",
            log.to_str().unwrap(),
            "--today",
            &last.to_string(),
            "--start",
            "2027-01-04",
            "-o",
            html.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        text.contains("class=\"history-source\""),
        "the cover says the history comes from the log"
    );
    assert!(text.contains("<svg"), "the volume chart is on the cover");
    let weeks = text.matches("class=\"sheet week").count();
    let mut b = Browser::launch();
    b.goto(&format!("file://{}", html.display()));
    for (w, h) in [(8.27, 11.69), (8.5, 11.0)] {
        let r = b.call(
            "Page.printToPDF",
            serde_json::json!({"paperWidth": w, "paperHeight": h, "printBackground": true}),
        );
        let pdf = tmp.path().join("p.pdf");
        std::fs::write(
            &pdf,
            crate::support::browser::base64_decode(r["data"].as_str().unwrap()),
        )
        .unwrap();
        assert_week_pages(&pdf_pages(&pdf), weeks, 1, &format!("{w}x{h} in"));
    }
}
