//! Multilingual sites (issue #28): the fixture `tests/fixtures/multilingual` in English (the
//! default), German, Spanish and French builds with each language's pages, sections, tags,
//! feed, search index and sitemap (and a sitemap index over them); every `hreflang` alternate
//! points back; the language switcher never links to a missing page; the theme's words are in
//! the page's language; `deload check` sums up the missing translations. A single-language site
//! gets none of it (its output is pinned by `expected_output`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::Fixture;
use crate::support::spec_site::percent_decode;

const BASE: &str = "https://example.org/";

fn built() -> Fixture {
    let f = Fixture::new("multilingual");
    f.build(&[]);
    f
}

/// The output file of an absolute URL of the fixture (`%C3%A9` decoded: `estrés`).
fn file_of(url: &str) -> String {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not on the site"));
    let rel = percent_decode(rel);
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// The values of `attr` of every `<tag ...>` of `html` that has `marker` in it.
fn attrs<'a>(html: &'a str, marker: &str, attr: &str) -> Vec<&'a str> {
    html.split('<')
        .filter(|t| t.contains(marker))
        .filter_map(|t| {
            let start = t.find(&format!("{attr}=\""))? + attr.len() + 2;
            let end = start + t[start..].find('"')?;
            Some(&t[start..end])
        })
        .collect()
}

/// The `hreflang` alternates of a page: language → URL.
fn alternates(html: &str) -> BTreeMap<String, String> {
    html.split('<')
        .filter(|t| t.starts_with("link rel=\"alternate\" hreflang="))
        .map(|t| {
            let lang = t.split('"').nth(3).unwrap_or_default().to_string();
            let href = t.split('"').nth(5).unwrap_or_default().to_string();
            (lang, href)
        })
        .collect()
}

fn html_files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(html_files(&p));
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p.to_string_lossy().into_owned());
        }
    }
    out
}

#[test]
fn each_language_has_its_pages_sections_tags_feed_and_search_index() {
    let f = built();
    for file in [
        "index.html",
        "de/index.html",
        "es/index.html",
        // no _index.fr.md: the French home page is there all the same
        "fr/index.html",
        "guidance/sleep/index.html",
        "de/guidance/sleep/index.html",
        "es/guidance/sleep/index.html",
        "fr/guidance/sleep/index.html",
        "es/guidance/stress/index.html",
        "es/guidance/index.html",
        "de/tags/schlaf/index.html",
        "fr/tags/sommeil/index.html",
        "tags/sleep/index.html",
    ] {
        assert!(f.out().join(file).is_file(), "{file} is missing");
    }
    assert!(!f.out().join("de/guidance/stress/index.html").exists());
    // each section lists its own language's pages
    let es = f.read_out("es/guidance/index.html");
    assert!(es.contains("Sueño") && es.contains("Estrés"), "{es}");
    assert!(!es.contains(">Sleep<") && !es.contains(">Sommeil<"), "{es}");
    let en = f.read_out("guidance/index.html");
    assert!(!en.contains("Sueño") && !en.contains("Schlaf"), "{en}");
    // feeds
    let feed = f.read_out("es/atom.xml");
    assert!(feed.contains("xml:lang=\"es\"") && feed.contains("<title>Recuperación</title>"));
    assert!(
        feed.contains("https://example.org/es/guidance/sleep/"),
        "{feed}"
    );
    assert!(
        !feed.contains("https://example.org/guidance/sleep/"),
        "{feed}"
    );
    let feed = f.read_out("atom.xml");
    assert!(
        feed.contains("https://example.org/guidance/sleep/"),
        "{feed}"
    );
    assert!(!feed.contains("/es/") && !feed.contains("/de/"), "{feed}");
    // search indexes
    let index = f.read_out("de/search-index.js");
    assert!(
        index.contains("Schlaf") && !index.contains("Sueño"),
        "{index}"
    );
    let index = f.read_out("search-index.js");
    assert!(
        index.contains("Sleep") && !index.contains("Schlaf"),
        "{index}"
    );
}

#[test]
fn each_language_has_a_sitemap_and_one_index_lists_them() {
    let f = built();
    let sitemap = f.read_out("sitemap.xml");
    assert!(sitemap.contains("<sitemapindex"), "{sitemap}");
    for lang in ["en", "de", "es", "fr"] {
        let url = format!("{BASE}sitemap-{lang}.xml");
        assert!(sitemap.contains(&url), "{sitemap}");
        let one = f.read_out(&file_of(&url));
        assert!(one.contains("<urlset"), "{one}");
        let locs = one.split("<loc>").skip(1);
        for loc in locs.map(|s| s.split("</loc>").next().unwrap_or_default()) {
            let other = ["de/", "es/", "fr/"]
                .iter()
                .any(|p| loc.starts_with(&format!("{BASE}{p}")));
            let in_lang = if lang == "en" {
                !other
            } else {
                loc.starts_with(&format!("{BASE}{lang}/"))
            };
            assert!(in_lang, "{loc} in the {lang} sitemap");
            assert!(
                f.out().join(file_of(loc)).is_file(),
                "{loc} of the {lang} sitemap"
            );
        }
    }
}

#[test]
fn every_hreflang_alternate_points_back_and_exists() {
    let f = built();
    let mut checked = 0;
    for file in html_files(&f.out()) {
        let html = std::fs::read_to_string(&file).unwrap();
        let alts = alternates(&html);
        if alts.is_empty() {
            continue;
        }
        let canonical = attrs(&html, "rel=\"canonical\"", "href")[0].to_string();
        let own = attrs(&html, "html lang=", "lang")[0].to_string();
        assert_eq!(alts.get(&own), Some(&canonical), "{file} lists itself");
        assert_eq!(alts.get("x-default"), alts.get("en"), "{file}: x-default");
        for (lang, url) in &alts {
            let target = f.read_out(&file_of(url));
            let back = alternates(&target);
            assert_eq!(
                back.get(&own),
                Some(&canonical),
                "{url} ({lang}) does not point back to {file}"
            );
            if lang != "x-default" {
                assert_eq!(attrs(&target, "html lang=", "lang")[0], lang, "{url}");
            }
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} pages had alternates");
}

#[test]
fn the_switcher_links_every_language_and_falls_back_for_a_missing_translation() {
    let f = built();
    let html = f.read_out("es/guidance/stress/index.html");
    let nav = &html[html.find("<nav class=\"languages\"").expect("a switcher")..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert!(nav.contains("aria-label=\"Idiomas\""), "{nav}");
    assert!(
        nav.contains("<span aria-current=\"page\" lang=\"es\">Español</span>"),
        "{nav}"
    );
    // no German stress page: the German link leads to the English one, with a note
    assert!(
        nav.contains("<a href=\"https://example.org/guidance/stress/\" hreflang=\"de\" lang=\"de\">Deutsch</a> <small class=\"untranslated\">(aún sin traducir)</small>"),
        "{nav}"
    );
    // and no hreflang claims a German version
    assert!(!alternates(&html).contains_key("de"), "{html}");
    for file in html_files(&f.out()) {
        let html = std::fs::read_to_string(&file).unwrap();
        if let Some(i) = html.find("<nav class=\"languages\"") {
            let nav = &html[i..i + html[i..].find("</nav>").unwrap()];
            for url in attrs(nav, "hreflang=", "href") {
                assert!(f.out().join(file_of(url)).is_file(), "{file} links {url}");
            }
        }
    }
}

#[test]
fn the_theme_speaks_the_page_language() {
    let f = built();
    let cases = [
        (
            "guidance/sleep/index.html",
            "en",
            "Skip to content",
            "min read",
        ),
        (
            "de/guidance/sleep/index.html",
            "de",
            "Zum Inhalt springen",
            "Min. Lesezeit",
        ),
        (
            "es/guidance/sleep/index.html",
            "es",
            "Ir al contenido",
            "min de lectura",
        ),
        (
            "fr/guidance/sleep/index.html",
            "fr",
            "Aller au contenu",
            "min de lecture",
        ),
    ];
    for (file, lang, skip, read) in cases {
        let html = f.read_out(file);
        assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{file}");
        assert!(
            html.contains(skip) && html.contains(read),
            "{file}:\n{html}"
        );
        if lang != "en" {
            for english in [
                "Skip to content",
                "Search the site",
                "min read",
                "Not medical advice",
                "On this page",
                "Built with",
                ">Tags<",
            ] {
                assert!(!html.contains(english), "{file} says {english:?}");
            }
        }
    }
    let terms = f.read_out("fr/tags/index.html");
    assert!(terms.contains("<h1>Mots-clés</h1>"), "{terms}");
    let home = f.read_out("de/index.html");
    assert!(home.contains("<title>Erholung</title>"), "{home}");
}

#[test]
fn check_sums_up_missing_translations_and_warns_of_an_unknown_code() {
    let f = Fixture::new("multilingual");
    let out = f.run(&["check", "--verbose"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(
            "2 files of content/ have no `de` translation: guidance/notes.xx.md, guidance/stress.md"
        ),
        "{err}"
    );
    assert!(
        err.contains("1 file of content/ has no `es` translation"),
        "{err}"
    );
    assert!(
        err.contains("`xx` in the file name is not one of site.yaml's languages")
            && err.contains("content/guidance/notes.xx.md"),
        "{err}"
    );
}

#[test]
fn the_site_overrides_theme_strings_and_a_language_without_them_warns_once() {
    let f = Fixture::new("multilingual");
    f.write("i18n/de.yaml", "skip_link: Direkt zum Inhalt\n");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &yaml.replace("  fr: {", "  it: { title: Recupero }\n  fr: {"),
    );
    let out = f.build(&["--verbose"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(f.read_out("de/index.html").contains("Direkt zum Inhalt"));
    assert!(f.read_out("it/index.html").contains("Skip to content"));
    assert_eq!(
        err.matches("no `it` translation of the theme's strings")
            .count(),
        1,
        "{err}"
    );
}

#[test]
fn a_language_code_that_is_not_one_is_a_located_error() {
    let f = Fixture::new("multilingual");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write("site.yaml", &yaml.replace("  fr: {", "  French: {"));
    let out = f.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("`French` is not a language code") && err.contains("site.yaml:"),
        "{err}"
    );
}

#[test]
fn a_single_language_site_gets_no_language_files() {
    let f = Fixture::new("basic");
    f.build(&[]);
    assert!(f.read_out("sitemap.xml").contains("<urlset"));
    assert!(!f.out().join("sitemap-en.xml").exists());
    for file in html_files(&f.out()) {
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(
            !html.contains("hreflang") && !html.contains("class=\"languages\""),
            "{file}"
        );
    }
}

#[test]
fn each_language_follows_the_feed_format_and_has_its_own_disclaimer() {
    let f = Fixture::new("multilingual");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "  es: { title: Recuperación,",
        "  es: { disclaimer: \"<strong>No es consejo médico.</strong>\", title: Recuperación,",
    );
    f.write(
        "site.yaml",
        &format!("{yaml}outputs: {{ feed_format: rss }}\ndisclaimer: \"<strong>Not medical advice.</strong>\"\n"),
    );
    f.build(&[]);
    // the language's feed, its sections' and its terms', all RSS
    let feed = f.read_out("es/rss.xml");
    assert!(
        feed.contains("<rss") && feed.contains("<title>Recuperación</title>"),
        "{feed}"
    );
    assert!(feed.contains("<language>es</language>"), "{feed}");
    assert!(
        feed.contains("https://example.org/es/guidance/sleep/"),
        "{feed}"
    );
    assert!(!f.out().join("es/atom.xml").exists());
    let section = f.read_out("es/guidance/rss.xml");
    assert!(
        section.contains("https://example.org/es/guidance/sleep/"),
        "{section}"
    );
    assert!(
        !section.contains("https://example.org/guidance/sleep/"),
        "{section}"
    );
    assert!(f.out().join("es/tags/sueño/rss.xml").is_file());
    // the head links the language's feeds and the hreflang alternates
    let html = f.read_out("es/guidance/index.html");
    let feeds = attrs(&html, "application/rss+xml", "href");
    assert!(
        feeds.contains(&"https://example.org/es/rss.xml"),
        "{feeds:?}"
    );
    assert!(
        feeds.contains(&"https://example.org/es/guidance/rss.xml"),
        "{feeds:?}"
    );
    assert!(!alternates(&html).is_empty(), "{html}");
    // the disclaimer is site.yaml's, in the page's language where `languages` has one
    assert!(html.contains("No es consejo médico."), "{html}");
    let de = f.read_out("de/index.html");
    assert!(de.contains("Not medical advice."), "{de}");
}
