//! The Programs section's downloads: a program page links each plan's printable sheet, calendar,
//! spreadsheet, JSON and Markdown, and the section lists each published athlete's; every link
//! resolves to a file of the built site with that format's content, and none is in the sitemap
//! or the search index.

use crate::support::Fixture;
use crate::support::downloads::{build_with_browser, links, with_pdf_on};

/// Checks the file behind `url` (under the fixture's base URL) has the content of its format.
fn check_download(f: &Fixture, url: &str, program: &str) {
    let rel = url
        .strip_prefix("https://fixture.test/")
        .unwrap_or_else(|| panic!("{url} is not under the site's base URL"));
    let path = f.out().join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{url} does not resolve ({}): {e}", path.display()));
    match rel.rsplit('.').next() {
        Some("ics") => {
            let cal: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{url}: {e}"));
            assert!(!cal.components.is_empty(), "{url}: no events");
        }
        Some("csv") => {
            let header = text.lines().next().unwrap_or("");
            assert!(
                header.starts_with("date,week,block,session,exercise,sets,reps"),
                "{url}: {header}"
            );
            assert!(text.lines().count() > 10, "{url}");
        }
        Some("json") => {
            let v: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(v["program"], program, "{url}");
            assert!(v["weeks"].as_array().is_some_and(|w| !w.is_empty()));
        }
        Some("md") => assert!(text.starts_with("# "), "{url}: {}", &text[..40]),
        Some("html") => {
            assert!(text.contains("class=\"sheet cover\""), "{url}: not a sheet");
            assert!(text.contains("Readiness check: end of week 1"), "{url}");
        }
        other => panic!("{url}: unexpected download {other:?}"),
    }
}

#[test]
fn program_and_athlete_plans_link_downloads_that_resolve() {
    let f = Fixture::new("recovery");
    f.build(&[]);
    let page = f.read_out("programs/upper-lower/index.html");
    let all = ["html", "ics", "csv", "json", "md"];
    let found = links(&page, &all);
    // three levels, each with its sheet and four downloads
    assert_eq!(found.len(), 15, "{found:?}");
    for ext in all {
        assert_eq!(
            found.iter().filter(|u| u.ends_with(ext)).count(),
            3,
            "{ext}"
        );
    }
    for url in &found {
        check_download(&f, url, "Upper/lower");
    }
    let section = f.read_out("programs/index.html");
    let athlete = links(&section, &["ics", "csv", "json", "md"]);
    assert_eq!(
        athlete.len(),
        4,
        "the published athlete's downloads: {athlete:?}"
    );
    for url in &athlete {
        assert!(url.contains("/programs/athletes/riley/plan."), "{url}");
        check_download(&f, url, "Upper/lower");
    }
    // downloads are files, not pages: not in the sitemap nor the search index
    let sitemap = f.read_out("sitemap.xml");
    let search = f.read_out("search-index.js");
    for ext in ["ics", "csv", "json", "md"] {
        assert!(
            !sitemap.contains(&format!(".{ext}<")),
            "{ext} in the sitemap"
        );
        assert!(
            !search.contains(&format!(".{ext}\"")),
            "{ext} in the search index"
        );
    }
}

/// With `programs.pdf: true` but no browser, the build warns (saying how to install one) and
/// the program page says there are no PDFs instead of linking them.
#[test]
fn with_pdf_on_and_no_browser_the_build_warns_and_the_page_says_so() {
    let f = with_pdf_on();
    let out = build_with_browser(&f, &f.root().join("no-such-chromium"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("programs.pdf"), "{stderr}");
    assert!(stderr.contains("DELOAD_CHROMIUM"), "{stderr}");
    let page = f.read_out("programs/upper-lower/index.html");
    assert!(links(&page, &["pdf"]).is_empty());
    assert!(page.contains("No PDFs of these plans"));
    assert!(page.contains("<code>DELOAD_CHROMIUM</code>"));
    assert!(
        !f.out()
            .join("programs/upper-lower/plan-novice.pdf")
            .exists()
    );
}
