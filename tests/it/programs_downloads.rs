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

/// `deload build` of `f` with `DELOAD_CHROMIUM` set to `browser`; it must succeed.
fn build_with_browser(f: &Fixture, browser: &std::path::Path) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_deload"))
        .arg("build")
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .env("DELOAD_CHROMIUM", browser)
        .output()
        .expect("run deload");
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The fixture site with `programs.pdf: true` in its site.yaml.
fn with_pdf_on() -> Fixture {
    let f = Fixture::new("recovery");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace("programs:\n", "programs:\n  pdf: true\n");
    assert!(yaml.contains("  pdf: true\n  start:"), "{yaml}");
    f.write("site.yaml", &yaml);
    f
}

/// With `programs.pdf: true` and a browser, every published plan has a PDF link that resolves
/// to a printed PDF of a cover and its weeks.
#[test]
fn with_pdf_on_and_a_browser_every_plan_links_its_pdf() {
    let f = with_pdf_on();
    build_with_browser(&f, &crate::support::tools::chromium());
    let page = f.read_out("programs/upper-lower/index.html");
    let pdfs = links(&page, &["pdf"]);
    assert_eq!(pdfs.len(), 3, "{pdfs:?}");
    let section = f.read_out("programs/index.html");
    let athlete = links(&section, &["pdf"]);
    assert_eq!(athlete.len(), 1, "{athlete:?}");
    assert!(!page.contains("No PDFs of these plans"));
    let pdfinfo = crate::support::tools::require("pdfinfo", "counting printed pages");
    for url in pdfs.iter().chain(&athlete) {
        let rel = url.strip_prefix("https://fixture.test/").unwrap();
        let path = f.out().join(rel);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(bytes.starts_with(b"%PDF-"), "{url}");
        let info = std::process::Command::new(&pdfinfo)
            .arg(&path)
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        assert!(pages >= 5, "{url}: {pages} pages");
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
