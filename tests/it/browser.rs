//! Real headless Chromium: search on the built site.

use crate::support::{Browser, Fixture, StaticServer};

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
