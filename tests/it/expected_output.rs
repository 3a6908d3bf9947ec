//! The fixture site `tests/fixtures/recovery` (guidance pages, tags, one program and one athlete;
//! `programs.start: 2027-01-04`, so every date is fixed) is built, and a few representative
//! outputs are compared with the files in `tests/fixtures/expected/`: the `<main>` element of a
//! guidance page, a section listing, a tag's page and the home page (as mdBook's tests compare
//! only what is inside `<main>`, so a change to the shared header or footer does not rewrite them
//! all), and two printed plans whole (a program at one level, and an athlete's). The
//! periodisation chart of a 5/3/1 program and of a block program (`deload plan --format svg`,
//! dates fixed) is compared whole too.
//!
//! The one thing replaced before comparing is the version of deload in the plan's generator
//! line. `DELOAD_BLESS=1 cargo test -p deload --test it expected_output` rewrites the files after
//! an intended change; review the diff of `tests/fixtures/expected/` before committing it.

use crate::support::Fixture;
use crate::support::{BLESS, assert_expected};

fn built() -> Fixture {
    let f = Fixture::new("recovery");
    f.build(&[]);
    f
}

/// The `<main>` element of a built page, with a final newline.
fn main_element(html: &str, page: &str) -> String {
    let start = html
        .find("<main")
        .unwrap_or_else(|| panic!("{page} has no <main>"));
    let end = html[start..].find("</main>").map_or_else(
        || panic!("{page}: <main> is not closed"),
        |i| start + i + "</main>".len(),
    );
    assert_eq!(
        html.matches("<main").count(),
        1,
        "{page} has more than one <main>"
    );
    format!("{}\n", &html[start..end])
}

/// A printed plan as written, with deload's version replaced by `VERSION`.
fn sheet(html: &str) -> String {
    html.replace(
        &format!("deload {}", env!("CARGO_PKG_VERSION")),
        "deload VERSION",
    )
}

fn check_main(page: &str, expected: &str) {
    let f = built();
    assert_expected(expected, &main_element(&f.read_out(page), page));
}

fn check_sheet(plan: &str, expected: &str) {
    let f = built();
    assert_expected(expected, &sheet(&f.read_out(plan)));
}

#[test]
fn guidance_page() {
    check_main("guidance/sleep/index.html", "guidance-sleep.main.html");
}

#[test]
fn section_listing() {
    check_main("guidance/index.html", "guidance.main.html");
}

#[test]
fn tag_page() {
    check_main("tags/rest-days/index.html", "tags-rest-days.main.html");
}

#[test]
fn home_page() {
    check_main("index.html", "home.main.html");
}

#[test]
fn printed_plan_of_a_program_at_one_level() {
    check_sheet(
        "programs/upper-lower/plan-intermediate.html",
        "plan-upper-lower-intermediate.html",
    );
}

#[test]
fn printed_plan_of_an_athlete() {
    check_sheet("programs/athletes/riley/index.html", "plan-riley.html");
}

/// The periodisation chart of the shipped program `program` as `deload plan --format svg`
/// writes it for an intermediate lifter from 2027-01-04, compared with `expected`.
fn check_chart(program: &str, expected: &str) {
    let args = [
        "plan",
        program,
        "--format",
        "svg",
        "--start",
        "2027-01-04",
        "--history",
        "intermediate",
        "--quiet",
    ];
    let out = crate::support::deload(&crate::support::repo(), &args);
    crate::support::assert_ok(&out, program);
    let svg = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(svg.starts_with("<svg "), "{svg}");
    assert_expected(expected, &svg);
}

#[test]
fn chart_of_a_531_program() {
    check_chart(
        "programs/five-three-one-bbb.yaml",
        "chart-five-three-one-bbb.svg",
    );
}

#[test]
fn chart_of_a_block_program() {
    check_chart("programs/advanced-split.yaml", "chart-advanced-split.svg");
}

/// The comparison itself: a changed output fails with the differing lines and the command that
/// accepts it.
#[test]
fn a_changed_output_fails_with_a_readable_diff() {
    let expected = "<main>\n<h1>Sleep</h1>\n<p>Seven hours.</p>\n<p>Same times.</p>\n</main>\n";
    let actual = "<main>\n<h1>Sleep</h1>\n<p>Nine hours.</p>\n<p>Same times.</p>\n</main>\n";
    let diff = crate::support::expected::diff(expected, actual);
    assert_eq!(
        diff,
        "first difference at line 3 (5 lines expected, 5 written)\n\
         -    3 | <p>Seven hours.</p>\n\
         +    3 | <p>Nine hours.</p>\n"
    );
    let message = crate::support::expected::mismatch("home.main.html", expected, actual, BLESS)
        .unwrap_or_else(|| panic!("a changed page passed"));
    assert!(message.contains(&diff), "{message}");
    assert!(
        message.contains("DELOAD_BLESS=1 cargo test -p deload --test it"),
        "{message}"
    );
    assert_eq!(
        crate::support::expected::mismatch("home.main.html", expected, expected, BLESS),
        None
    );
}
