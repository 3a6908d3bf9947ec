//! The Programs section's downloads: a program page links each plan's printable sheet, calendar,
//! spreadsheet, JSON and Markdown, and the section lists each published athlete's; every link
//! resolves to a file of the built site with that format's content, and none is in the sitemap
//! or the search index.

use crate::support::Fixture;

/// The `href`s of `html` that end with one of `exts`.
fn links<'a>(html: &'a str, exts: &[&str]) -> Vec<&'a str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|url| exts.iter().any(|e| url.ends_with(&format!(".{e}"))))
        .collect()
}

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
