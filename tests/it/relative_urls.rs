//! `deload build --relative-urls`: the shipped site built to be viewed from disk or any static
//! server. Every link, stylesheet and script of the site in every HTML page is relative to the
//! page and names a file the output holds; nothing else differs from the default build; feeds
//! and the sitemap keep absolute URLs; the flag is part of what makes a build up to date.

use std::path::{Path, PathBuf};

use crate::support::spec_site::percent_decode;
use crate::support::{Fixture, html_files, snapshot};

/// The URLs of `html` in `href`, `src`, `action` and `data-index` attributes.
fn urls(html: &str) -> Vec<&str> {
    ["href=\"", "src=\"", "action=\"", "data-index=\""]
        .iter()
        .flat_map(|attr| html.split(attr).skip(1))
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// The output file a relative `url` of the page `page` names, without its query and fragment
/// (percent-decoded: `sue%C3%B1o/index.html` names `sueño/index.html`).
fn target(out: &Path, page: &Path, url: &str) -> PathBuf {
    let path = percent_decode(url.split(['#', '?']).next().unwrap_or_default());
    let mut file = out.join(page).parent().unwrap_or(out).to_path_buf();
    for part in path.split('/') {
        match part {
            ".." => assert!(
                file.pop() && file.starts_with(out),
                "{url} leaves the output"
            ),
            "" | "." => {}
            p => file.push(p),
        }
    }
    file
}

#[test]
fn every_url_of_the_site_is_relative_and_names_a_file_of_the_output() {
    let f = Fixture::shipped();
    f.build(&["--relative-urls"]);
    let out = f.out();
    let pages = html_files(&out);
    assert!(pages.len() > 30, "{pages:?}");
    let mut checked = 0;
    for page in &pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for url in urls(&html) {
            if url.starts_with('#') || url.contains("://") || url.starts_with("mailto:") {
                assert!(
                    !url.starts_with("https://deload.example.org/"),
                    "{}: {url}",
                    page.display()
                );
                continue;
            }
            assert!(!url.starts_with('/'), "{}: {url}", page.display());
            let file = target(&out, page, url);
            assert!(
                file.is_file(),
                "{}: {url} → {}",
                page.display(),
                file.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} links checked");
    // the stylesheet from a page two folders down
    let sleep = f.read_out("guidance/sleep/index.html");
    assert!(sleep.contains(r#"href="../../style.css""#), "{sleep}");
    assert!(sleep.contains(r#"href="../../guidance/index.html""#));
    // the search index's pages, from the site's root
    let index = f.read_out("search-index.js");
    assert!(index.contains(r#""guidance/sleep/index.html""#), "{index}");
    // feeds and the sitemap keep the absolute URLs readers and crawlers need
    assert!(
        f.read_out("atom.xml")
            .contains("https://deload.example.org/guidance/")
    );
    assert!(
        f.read_out("sitemap.xml")
            .contains("<loc>https://deload.example.org/")
    );
}

#[test]
fn only_the_site_s_urls_differ_from_the_default_build_and_the_flag_rebuilds() {
    let f = Fixture::shipped();
    f.build(&[]);
    let default = snapshot(&f.out());
    let relative = f.build(&["--relative-urls"]);
    assert!(
        String::from_utf8_lossy(&relative.stdout).starts_with("Built "),
        "the flag is part of what makes a build up to date"
    );
    let rewritten = snapshot(&f.out());
    assert_eq!(
        default.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        rewritten.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        "the same files"
    );
    for ((path, a), (_, b)) in default.iter().zip(&rewritten) {
        let name = path.to_string_lossy();
        if name.ends_with(".html") || name == "search-index.js" {
            continue;
        }
        assert!(a == b, "{name} differs");
    }
    f.build(&[]);
    assert!(snapshot(&f.out()) == default, "back to the default build");
}
