//! Real headless Chromium: search on the built site.

use crate::support::Fixture;
use crate::support::browser::Browser;
use crate::support::serve::StaticServer;

fn served_shipped_site() -> (Fixture, StaticServer) {
    let f = Fixture::shipped();
    // the port must be known before building (links are absolute), so bind first
    let server = StaticServer::start(f.out());
    f.build(&["--base-url", &server.url("/")]);
    (f, server)
}

#[test]
fn typing_a_word_in_the_search_box_lists_matching_pages() {
    let (_f, server) = served_shipped_site();
    let mut b = Browser::launch();
    b.goto(&server.url("/"));
    b.eval("document.getElementById('search-input').focus(); true");
    b.type_text("cortisol");
    b.wait_for("document.querySelectorAll('#search-results li a').length > 0");
    let titles = b.eval(
        "Array.from(document.querySelectorAll('#search-results li a')).map(a => a.textContent)",
    );
    let titles: Vec<String> = serde_json::from_value(titles).unwrap();
    assert!(
        titles
            .iter()
            .any(|t| t.contains("ortisol") || t.to_lowercase().contains("hormone")),
        "{titles:?}"
    );
    // the results link to real pages
    let href = b.eval("document.querySelector('#search-results li a').href");
    let href = href.as_str().unwrap().to_string();
    b.goto(&href);
    let h1 = b.eval("document.querySelector('h1').textContent");
    assert_eq!(h1.as_str().unwrap(), titles[0]);
}

#[test]
fn search_says_so_when_nothing_matches_and_prefixes_match() {
    let (_f, server) = served_shipped_site();
    let mut b = Browser::launch();
    b.goto(&server.url("/guidance/"));
    b.eval("document.getElementById('search-input').focus(); true");
    b.type_text("zzqqxx");
    b.wait_for("document.getElementById('search-results').textContent.includes('No pages match')");
    b.eval("var i = document.getElementById('search-input'); i.value = ''; i.dispatchEvent(new Event('input')); true");
    b.type_text("deloa");
    b.wait_for("Array.from(document.querySelectorAll('#search-results li a')).some(a => a.textContent.toLowerCase().includes('deload'))");
}

/// At a phone's width (375 px) the header keeps the site's title and the search box on one row
/// and the menu on a second, scrolling sideways: under 100 px in all (it wrapped to 190 px), and
/// the page itself never scrolls sideways.
#[test]
fn the_header_is_compact_on_a_phone() {
    let (_f, server) = served_shipped_site();
    let mut b = Browser::launch();
    let metrics =
        serde_json::json!({"width": 375, "height": 700, "deviceScaleFactor": 2, "mobile": true});
    b.call("Emulation.setDeviceMetricsOverride", metrics);
    b.goto(&server.url("/guidance/sleep/"));
    let height = b.eval("document.querySelector('.site-header').getBoundingClientRect().height");
    let height = height.as_f64().unwrap_or(f64::MAX);
    assert!(height < 100.0, "the header is {height} px high at 375 px");
    let rows = b.eval(
        "(() => { const t = document.querySelector('.site-title').getBoundingClientRect(); \
         const s = document.querySelector('.search').getBoundingClientRect(); \
         const n = document.querySelector('.site-nav').getBoundingClientRect(); \
         return [Math.abs(t.top - s.top) < 12, n.top >= t.bottom - 1]; })()",
    );
    assert_eq!(
        rows,
        serde_json::json!([true, true]),
        "title and search share a row, the menu below"
    );
    let page_width = b.eval("document.documentElement.scrollWidth");
    assert!(
        page_width.as_f64().unwrap_or(f64::MAX) <= 375.0,
        "the page scrolls sideways: {page_width}"
    );
    let last_link = b.eval(
        "(() => { const links = document.querySelectorAll('.site-nav a'); \
         const last = links[links.length - 1]; last.scrollIntoView(); \
         const r = last.getBoundingClientRect(); return r.right <= 375 && r.left >= 0; })()",
    );
    assert_eq!(
        last_link,
        serde_json::json!(true),
        "the last menu link can be scrolled to"
    );
}

/// `deload build --relative-urls` opened from disk (`file://`), as a reader opens
/// `public/index.html`: the page is styled, its links open the pages of the output, and search
/// finds pages and links them inside the output.
#[test]
fn a_relative_urls_build_works_opened_from_disk() {
    let f = Fixture::shipped();
    f.build(&["--relative-urls"]);
    let out = f.out().canonicalize().unwrap();
    let root = format!("file://{}/", out.display());
    let mut b = Browser::launch();
    b.goto(&format!("{root}guidance/sleep/index.html"));
    // styled: the site's stylesheet loaded (html { font-size: 112.5% }: 18 px, not 16)
    let size = b.eval("getComputedStyle(document.documentElement).fontSize");
    assert_eq!(size, serde_json::json!("18px"), "the stylesheet applies");
    // a link of the menu opens a page of the output
    let href = b.eval("document.querySelector('nav a[href$=\"guidance/index.html\"]').href");
    let href = href.as_str().unwrap_or_default().to_string();
    assert_eq!(href, format!("{root}guidance/index.html"));
    b.goto(&href);
    assert!(b.eval("document.querySelector('h1') !== null") == serde_json::json!(true));
    // search, from a page one folder down
    b.eval("document.getElementById('search-input').focus(); true");
    b.type_text("cortisol");
    b.wait_for("document.querySelectorAll('#search-results li a').length > 0");
    let first = b.eval("document.querySelector('#search-results li a').href");
    let first = first.as_str().unwrap_or_default().to_string();
    assert!(
        first.starts_with(&root) && first.ends_with("/index.html"),
        "{first}"
    );
    let title = b.eval("document.querySelector('#search-results li a').textContent");
    b.goto(&first);
    assert_eq!(b.eval("document.querySelector('h1').textContent"), title);
}
