//! Printed PDFs in the Programs section: with `programs.pdf: true` and a real Chromium, every
//! published plan links a PDF of its cover and weeks.

use crate::support::downloads::{build_with_browser, links, with_pdf_on};

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
