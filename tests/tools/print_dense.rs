//! Dense programs on paper: up to 6 sessions × 10 exercises with notes print one page per week
//! on A4 and US Letter (the sheet picks a compact or a dense layout for such weeks), and a week
//! too dense even for that spans pages with its header repeated, as its cover says. Printed by a
//! real headless Chromium and read back with poppler's `pdfinfo` and `pdftotext` (each test fails
//! when one is missing).

use std::path::Path;
use std::process::{Command, Output};

use crate::support::repo;
use crate::support::tools::{chromium, require};

/// `deload plan FILE --start 2027-01-04 --format FORMAT [--paper PAPER] -o OUT` with the test's
/// Chromium.
fn plan(file: &Path, format: &str, paper: Option<&str>, out: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deload"));
    cmd.arg("plan")
        .arg(file)
        .args(["--start", "2027-01-04", "--format", format, "-o"])
        .arg(out)
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

/// The pages of the cover among `pages` (the texts of a printed plan's pages): one, or two when
/// the periodisation chart pushes the rest of the cover over; week 1 starts the page after.
fn cover_pages(pages: &[String]) -> usize {
    let cover = pages
        .iter()
        .position(|p| p.starts_with("Week 1\n"))
        .expect("a page that starts week 1");
    assert!((1..=2).contains(&cover), "a cover of {cover} pages");
    cover
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

/// The layout classes of the weeks of a printed plan's HTML, in order (a spanning week's
/// continued pages are marked `+continued`).
fn layouts(html: &str) -> Vec<String> {
    html.split("<section class=\"sheet week")
        .skip(1)
        .map(|s| {
            let class = s.split('"').next().unwrap_or("");
            let layout = class
                .split(' ')
                .find_map(|c| c.strip_prefix("layout-"))
                .unwrap_or("none");
            if class.contains("continued") {
                format!("{layout}+continued")
            } else {
                layout.to_string()
            }
        })
        .collect()
}

/// 6 sessions of 6, 8 and 10 exercises with notes print a cover and one page per week on A4
/// and Letter, each week's page with its readiness check; the lighter one is compact (one
/// column), the heavier ones dense (two columns); no week spans pages, so the cover says none
/// does.
#[test]
fn dense_programs_print_one_page_per_week_on_a4_and_letter() {
    let tmp = tempfile::tempdir().unwrap();
    for (n, layout) in [(6, "compact"), (8, "dense"), (10, "dense")] {
        let file = repo().join(format!("tests/fixtures/plans/dense-{n}.yaml"));
        let html_path = tmp.path().join(format!("dense-{n}.html"));
        plan(&file, "html", None, &html_path);
        let html = std::fs::read_to_string(&html_path).unwrap();
        assert_eq!(layouts(&html), vec![layout; 3], "6 × {n}");
        assert!(!html.contains("class=\"spanning\""), "6 × {n}");
        assert!(html.contains("<ol class=\"footnotes\""), "6 × {n}: notes");
        for paper in ["a4", "letter"] {
            let pdf = tmp.path().join(format!("dense-{n}-{paper}.pdf"));
            plan(&file, "pdf", Some(paper), &pdf);
            let pages = page_texts(&pdf);
            let cover = cover_pages(&pages);
            assert_eq!(
                page_count(&pdf),
                cover + 3,
                "6 × {n} on {paper}: cover + 3 weeks"
            );
            for (k, page) in pages.iter().enumerate().skip(cover) {
                let k = k + 1 - cover;
                assert!(page.contains(&format!("Week {k}")), "6 × {n} {paper} p{k}");
                assert!(
                    page.contains(&format!("end of week {k}")),
                    "6 × {n} {paper} p{k}"
                );
                let last = char::from(b'A' + n - 1);
                for ex in ["Exercise 1A".to_string(), format!("Exercise 6{last}")] {
                    assert!(page.contains(&ex), "6 × {n} {paper} p{k}: {ex}");
                }
            }
        }
    }
}

/// A program of `sessions` sessions × `exercises` exercises of 5 sets, each with a note (the
/// same or each its own), written out.
fn program(sessions: usize, exercises: usize, distinct_notes: bool) -> String {
    let mut y = format!(
        "name: Dense {sessions} x {exercises}\ndescription: Test.\nunits: kg\nsessions_per_week: {sessions}\nblocks:\n  - {{ name: Volume, weeks: 3, focus: volume }}\nsessions:\n"
    );
    for s in 1..=sessions {
        y.push_str(&format!(
            "  - name: Session {s}\n    muscles: [legs]\n    exercises:\n"
        ));
        for e in 1..=exercises {
            let note = if distinct_notes {
                format!("Cue {s}.{e}: control the lowering, full range, pause at the bottom")
            } else {
                "Control the lowering".to_string()
            };
            y.push_str(&format!(
                "      - {{ exercise: Lift {s}-{e}, sets: 5, reps: \"8-12\", rir: 2, rest: 90, notes: \"{note}\" }}\n"
            ));
        }
    }
    y
}

/// Weeks too dense for one page even at the floor (6 sessions × 20 exercises of 5 sets) span two pages each: the second repeats the week's header as "continued",
/// the readiness check is on the last, and the cover lists them.
#[test]
fn a_week_too_dense_for_a_page_spans_two_with_its_header_repeated() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("very-dense.yaml");
    std::fs::write(&file, program(6, 20, false)).unwrap();
    let html_path = tmp.path().join("very-dense.html");
    plan(&file, "html", None, &html_path);
    let html = std::fs::read_to_string(&html_path).unwrap();
    let both = ["dense", "dense+continued"];
    assert_eq!(layouts(&html), [both, both, both].concat());
    assert!(
        html.contains("Weeks 1, 2 and 3 are too dense for one page and span two pages."),
        "the cover lists the spanning weeks"
    );
    for paper in ["a4", "letter"] {
        let pdf = tmp.path().join(format!("very-dense-{paper}.pdf"));
        plan(&file, "pdf", Some(paper), &pdf);
        let pages = page_texts(&pdf);
        let cover = cover_pages(&pages);
        assert_eq!(
            page_count(&pdf),
            cover + 6,
            "{paper}: cover + 3 weeks of two pages"
        );
        assert!(pages[..cover].concat().contains("span two pages"));
        for k in 1..=3 {
            let (first, second) = (&pages[cover + 2 * k - 2], &pages[cover + 2 * k - 1]);
            assert!(first.contains(&format!("Week {k}")), "{paper} week {k}");
            assert!(!first.contains(&format!("end of week {k}")));
            assert!(second.contains(&format!("Week {k} (continued")), "{paper}");
            assert!(second.contains(&format!("end of week {k}")));
        }
    }
}
