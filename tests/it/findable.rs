//! A visitor finds their way: programs are in the site search, every page has a favicon that
//! exists, and the athletes' published plans carry the site's navigation (on screen only).

use crate::support::{Fixture, html_files};

#[test]
fn programs_are_in_the_search_and_athletes_are_not() {
    let f = Fixture::shipped();
    f.build(&[]);
    let index = f.read_out("search-index.js");
    assert!(index.contains("5/3/1 Boring But Big"), "the program's name");
    assert!(index.contains("/programs/five-three-one-bbb/"), "its page");
    // its exercises and blocks are searchable words ("boring but big" is the title's)
    assert!(index.contains("\"bench\""), "its exercises are searchable");
    // athletes' plans stay private to search even when published
    assert!(!index.contains("/programs/athletes/"));
}

#[test]
fn every_page_has_a_favicon_that_exists() {
    let f = Fixture::shipped();
    f.build(&[]);
    assert!(f.read_out("favicon.svg").starts_with("<svg"));
    let out = f.out();
    let mut pages = 0;
    for file in html_files(&out) {
        let html = std::fs::read_to_string(out.join(&file)).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue; // alias redirects
        }
        pages += 1;
        assert!(
            html.contains("favicon.svg\" type=\"image/svg+xml\">"),
            "{} has no favicon",
            file.display()
        );
    }
    assert!(pages > 40, "{pages} pages");
}

#[test]
fn athlete_plans_carry_the_site_navigation_on_screen() {
    let f = Fixture::shipped();
    f.build(&[]);
    let sheet = f.read_out("programs/athletes/sam/index.html");
    assert!(sheet.contains(
        "<nav class=\"site-nav\" aria-label=\"Site\"><a href=\"https://deload.example.org/\">"
    ));
    assert!(
        sheet.contains(".site-nav { display: none; }"),
        "not printed"
    );
}
