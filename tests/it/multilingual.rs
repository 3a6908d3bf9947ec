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

/// English words and phrases of the default theme and the shipped shortcodes (their `en.yaml`
/// strings and what they printed before they were translated): none may be on a page in
/// another language. Matched as whole words, case-sensitive.
const THEME_ENGLISH: &[&str] = &[
    "Skip to content",
    "Search the site",
    "min read",
    "On this page",
    "Last reviewed",
    "updated",
    "Built with",
    "Home",
    "Related",
    "More in",
    "References",
    "reference 1",
    "strong evidence",
    "limited evidence",
    "coaching practice",
    "this tool’s rule",
    "What the evidence labels mean",
    "Note",
    "Tip",
    "Warning",
    "No pages match",
    "Page not found",
    "home page",
    "January",
    "March",
    "December",
];

/// The English words of [`THEME_ENGLISH`] in `html`.
fn english_in(html: &str) -> Vec<&'static str> {
    let word = |c: char| c.is_alphanumeric() || c == '-';
    (THEME_ENGLISH.iter().copied())
        .filter(|w| {
            html.match_indices(w).any(|(i, _)| {
                let before = html[..i].chars().next_back().is_none_or(|c| !word(c));
                let after = html[i + w.len()..].chars().next().is_none_or(|c| !word(c));
                before && after
            })
        })
        .collect()
}

/// The multilingual fixture with a bibliography, a glossary (the `evidence` label's target) and
/// its translated sleep pages calling the shipped shortcodes, none with a `lang` argument.
fn with_shortcodes() -> Fixture {
    let f = Fixture::new("multilingual");
    f.write(
        "data/references.yaml",
        "walker2017:\n  authors: \"Walker M\"\n  year: 2017\n  title: \"Why we sleep\"\n  url: \"https://example.org/walker\"\n",
    );
    f.write(
        "content/guidance/glossary.md",
        "---\ntitle: Glossary\n---\n## Evidence labels\n\nWhat they mean.\n",
    );
    let pages = [
        ("de", "Schlaf", "schlaf"),
        ("es", "Sueño", "sueño"),
        ("fr", "Sommeil", "sommeil"),
        ("", "Sleep", "sleep"),
    ];
    for (lang, title, tag) in pages {
        let file = match lang {
            "" => "content/guidance/sleep.md".to_string(),
            l => format!("content/guidance/sleep.{l}.md"),
        };
        let cite = if lang.is_empty() {
            ""
        } else {
            "{{ cite(key=\"walker2017\") }}"
        };
        f.write(
            &file,
            &format!(
                "---\ntitle: {title}\ndate: 2026-03-01\nupdated: 2026-12-07\ntags: [{tag}]\n---\n\
                 {title}{cite} ({{{{ evidence(level=\"strong\") }}}}).\n\n\
                 {{{{ note(text=\"1\") }}}}\n\n{{{{ tip(text=\"2\") }}}}\n\n{{{{ warning(text=\"3\") }}}}\n\n\
                 ## {title}\n\n{title}.\n"
            ),
        );
    }
    f.build(&[]);
    f
}

#[test]
fn shortcodes_speak_the_page_language_without_a_lang_argument() {
    let f = with_shortcodes();
    let cases = [
        (
            "de",
            "Quellen",
            "Quelle 1: Walker M, 2017",
            "starke Evidenz",
            "Hinweis",
        ),
        (
            "es",
            "Referencias",
            "referencia 1: Walker M, 2017",
            "evidencia sólida",
            "Nota",
        ),
        (
            "fr",
            "Références",
            "référence 1\u{a0}: Walker M, 2017",
            "preuves solides",
            "Remarque",
        ),
    ];
    for (lang, heading, aria, label, note) in cases {
        let file = format!("{lang}/guidance/sleep/index.html");
        let html = f.read_out(&file);
        for expected in [
            format!("<h2 id=\"references\">{heading}</h2>"),
            format!("aria-label=\"{aria}\""),
            format!(">{label}</a>"),
            format!("<p class=\"callout-title\">{note}</p>"),
        ] {
            assert!(html.contains(&expected), "{file} lacks {expected}:\n{html}");
        }
        assert_eq!(english_in(&html), Vec::<&str>::new(), "{file}:\n{html}");
    }
    let en = f.read_out("guidance/sleep/index.html");
    assert!(
        en.contains(">strong evidence</a>") && en.contains(">Note</p>"),
        "{en}"
    );
}

#[test]
fn a_lang_argument_is_still_accepted_and_wins() {
    let f = Fixture::new("multilingual");
    f.write(
        "content/guidance/sleep.md",
        "---\ntitle: Sleep\n---\n{{ note(text=\"x\", lang=\"es\") }}\n",
    );
    f.build(&[]);
    let html = f.read_out("guidance/sleep/index.html");
    assert!(
        html.contains("<p class=\"callout-title\">Nota</p>"),
        "{html}"
    );
}

#[test]
fn every_theme_link_stays_in_the_page_language() {
    let f = with_shortcodes();
    let html = f.read_out("es/guidance/sleep/index.html");
    let es = |rest: &str| format!("{BASE}es/{rest}");
    assert_eq!(attrs(&html, "class=\"site-title\"", "href"), [es("")]);
    assert_eq!(attrs(&html, "role=\"search\"", "action"), [es("")]);
    assert_eq!(
        attrs(&html, "role=\"search\"", "data-index"),
        [es("search-index.js")]
    );
    let footer = &html[html.find("site-footer").unwrap()..];
    let links = attrs(footer, "a href", "href");
    assert_eq!(links, [es("atom.xml"), es("tags/")], "{footer}");
    // the breadcrumbs start at the language's home page, named in its words
    assert!(
        html.contains(&format!("<a href=\"{}\">Inicio</a>", es(""))),
        "{html}"
    );
    let term = f.read_out("es/tags/sueño/index.html");
    assert!(
        term.contains(&format!("<a href=\"{}\">Inicio</a>", es(""))),
        "{term}"
    );
    // each language has its 404 page, linking its home page
    let missing = f.read_out("es/404.html");
    assert!(missing.contains("<html lang=\"es\">"), "{missing}");
    assert!(missing.contains(&format!("<a href=\"{}\">página de inicio</a>", es(""))));
    assert_eq!(english_in(&missing), Vec::<&str>::new(), "{missing}");
    let search = f.read_out("es/index.html");
    assert!(search.contains("data-no-results=\"Ninguna página coincide con «{query}».\""));
    let en = f.read_out("guidance/sleep/index.html");
    assert_eq!(attrs(&en, "class=\"site-title\"", "href"), [BASE]);
    assert!(en.contains(&format!("<a href=\"{BASE}\">Home</a>")), "{en}");
    assert!(f.read_out("404.html").contains("Page not found"));
}

#[test]
fn dates_print_in_the_language_form() {
    let f = with_shortcodes();
    let cases = [
        ("", "1 March 2026", "7 December 2026"),
        ("de/", "1. März 2026", "7. Dezember 2026"),
        ("es/", "1 de marzo de 2026", "7 de diciembre de 2026"),
        ("fr/", "1er mars 2026", "7 décembre 2026"),
    ];
    for (prefix, date, updated) in cases {
        let page = f.read_out(&format!("{prefix}guidance/sleep/index.html"));
        for d in [date, updated] {
            assert!(
                page.contains(&format!("\">{d}</time>")),
                "{prefix}: {d}\n{page}"
            );
        }
        let list = f.read_out(&format!("{prefix}guidance/index.html"));
        assert!(
            list.contains(&format!("\">{date}</time>")),
            "{prefix}: {date}\n{list}"
        );
    }
}

#[test]
fn each_language_has_its_menu_or_the_default_one_led_to_its_translations() {
    let f = Fixture::new("multilingual");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "  es: { title: Recuperación,",
        "  es: { menu: [{ name: Guía, url: \"@/guidance/_index.md\" }, { name: Estrés, url: \"@/guidance/stress.es.md\" }], title: Recuperación,",
    );
    let menu = "menu: [{ name: Guidance, url: \"@/guidance/_index.md\" }, { name: Stress, url: \"@/guidance/stress.md\" }]\n";
    f.write("site.yaml", &format!("{yaml}{menu}"));
    f.build(&[]);
    let nav = |file: &str| {
        let html = f.read_out(file);
        let nav = &html[html.find("class=\"site-nav\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        let names: Vec<String> = (nav.split("\">").skip(1))
            .filter_map(|s| Some(s.split_once("</a>")?.0.to_string()))
            .collect();
        (attrs(nav, "a href", "href").join(" "), names.join(", "))
    };
    let (urls, names) = nav("es/guidance/sleep/index.html");
    assert_eq!(names, "Guía, Estrés");
    assert_eq!(
        urls,
        format!("{BASE}es/guidance/ {BASE}es/guidance/stress/")
    );
    // German has no menu of its own: the default one, its links to the German pages there are
    let (urls, names) = nav("de/guidance/sleep/index.html");
    assert_eq!(names, "Guidance, Stress");
    assert_eq!(urls, format!("{BASE}de/guidance/ {BASE}guidance/stress/"));
    let (urls, _) = nav("guidance/sleep/index.html");
    assert_eq!(urls, format!("{BASE}guidance/ {BASE}guidance/stress/"));
    // a broken link in a language's menu is an error, as in the default one
    f.write(
        "site.yaml",
        &format!("{}{menu}", yaml.replace("stress.es.md", "nap.es.md")),
    );
    let out = f.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("`@/guidance/nap.es.md`"),
        "{err}"
    );
}

#[test]
fn every_shipped_language_file_has_exactly_the_english_keys() {
    let dir = crate::support::repo().join("templates/i18n");
    let keys = |file: &Path| -> Vec<String> {
        let text = std::fs::read_to_string(file).unwrap();
        let mut keys: Vec<String> = (text.lines())
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(':'))
            .map(|l| l.split(':').next().unwrap_or_default().to_string())
            .collect();
        keys.sort();
        keys
    };
    let english = keys(&dir.join("en.yaml"));
    assert!(english.len() > 80, "{english:?}");
    let mut checked = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(keys(&path), english, "{name} has other keys than en.yaml");
        checked.push(name);
    }
    checked.sort();
    assert_eq!(checked, ["de.yaml", "en.yaml", "es.yaml", "fr.yaml"]);
}

#[test]
fn the_shipped_spanish_pages_carry_no_english_from_the_theme() {
    let f = Fixture::shipped();
    crate::support::assert_ok(&f.build(&[]), "the shipped site");
    let mut pages = 0;
    let es = f.out().join("es");
    for file in crate::support::html_files(&es) {
        let html = std::fs::read_to_string(es.join(&file)).unwrap();
        // the Planner's data: the programs' files and the report's template, not page words
        let html = without_planner_data(&html);
        assert_eq!(english_in(&html), Vec::<&str>::new(), "{}", file.display());
        pages += 1;
    }
    assert!(pages >= 5, "{pages} Spanish pages");
    let home = f.read_out("es/index.html");
    assert!(home.contains(">Semanas de descarga</a>") && home.contains("El equipo de deload"));
    // the table of contents names the reference list in Spanish too
    let sleep = f.read_out("es/guidance/sleep/index.html");
    assert!(
        sleep.contains("<a href=\"#references\">Referencias</a>"),
        "{sleep}"
    );
}

/// English words of the Planner page and its script: none may be left on its page in another
/// language (the programs' own files, in its data, are the coach's words and are not looked at).
const PLANNER_ENGLISH: &[&str] = &[
    "Plan your own",
    "Pick a program",
    "Nothing you enter",
    "The planner needs JavaScript",
    "Program",
    "Your training",
    "Training history",
    "Novice",
    "Intermediate",
    "Advanced",
    "I will give years of training",
    "Years of consistent training",
    "e.g.",
    "Weeks trained since your last deload",
    "Average sleep",
    "Warning signs lately",
    "Workouts feel harder",
    "Soreness lingers",
    "Mood or sleep",
    "Slower recovery",
    "Progress stalls",
    "Your week",
    "Start date",
    "Language of the printed plan",
    "Days you can train",
    "Monday",
    "Sunday",
    "Your maxes",
    "Units",
    "The program's",
    "sets no loads",
    "Make my plan",
    "Your plan",
    "Print",
    "Calendar",
    "Spreadsheet",
    "Chart",
    "Worth a look",
    "Week by week",
    "Week",
    "Dates",
    "Block",
    "Kind",
    "Sessions",
    "The printable plan",
    "sessions a week",
    "one-rep max",
    "Deloads:",
    "Training days",
    "Loading",
    "Ready.",
    "Re-plan",
    "Drop your log",
    "Leave out rows",
    "Remember my settings",
    "Forget my settings",
    "Link to these settings",
    "Report",
    "changes from your log",
    "logged work sets",
    "Reading",
    "is not a text file",
    "took too long",
    "could not read",
    "Fill in the form",
    "export your whole history",
];

/// The English words of [`PLANNER_ENGLISH`] in `text`, as whole words.
fn planner_english_in(text: &str) -> Vec<&'static str> {
    let word = |c: char| c.is_alphanumeric() || c == '-';
    (PLANNER_ENGLISH.iter().copied())
        .filter(|w| {
            text.match_indices(w).any(|(i, _)| {
                let before = text[..i].chars().next_back().is_none_or(|c| !word(c));
                let after = text[i + w.len()..].chars().next().is_none_or(|c| !word(c));
                before && after
            })
        })
        .collect()
}

/// `html` without the Planner page's data (the programs' files and the report's template: the
/// coach's words and template code, not the page's).
fn without_planner_data(html: &str) -> String {
    let open = "<script type=\"application/json\" id=\"planner-programs\">";
    match html.find(open) {
        Some(start) => {
            let end = html[start..]
                .find("</script>")
                .map_or(html.len(), |e| start + e);
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}

/// The Planner page's data (`<script type="application/json" id="planner-programs">`).
fn planner_data(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/json\" id=\"planner-programs\">";
    let start = html.find(open).expect("the planner's data") + open.len();
    let end = start + html[start..].find("</script>").expect("its end");
    serde_json::from_str(&html[start..end]).expect("JSON")
}

/// The Spanish Planner page's script words (its `data`): Spanish, and only the script's.
fn check_script_words(data: &serde_json::Value) {
    // the script's words are the page's language's, and only the script's
    let words = data["words"].as_object().expect("the script's words");
    assert_eq!(
        words["planner_js_ready"],
        "Listo. Nada de lo que escribes sale de este navegador."
    );
    assert_eq!(words["sheet_date"], "{dd}/{mm}/{year}");
    let all: String = words
        .values()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(planner_english_in(&all), Vec::<&str>::new(), "{all}");
    assert!(
        words
            .keys()
            .all(|k| k.starts_with("planner_") || k.starts_with("weekday_") || k == "sheet_date")
    );
}

#[test]
fn the_planner_page_is_built_in_each_language_in_its_words() {
    let f = Fixture::shipped();
    crate::support::assert_ok(&f.build(&[]), "the shipped site");
    let en = f.read_out("programs/planner/index.html");
    let es = f.read_out("es/programs/planner/index.html");
    // the page's own words, without its data (the programs' files are the coach's words)
    let mut page = without_planner_data(&es);
    // the programs' names are the coach's words
    for p in planner_data(&es)["programs"].as_array().expect("programs") {
        let name = p["name"].as_str().expect("a name");
        page = page
            .replace(name, "NAME")
            .replace(&name.replace('/', "&#x2F;"), "NAME");
    }
    let page = page.as_str();
    assert_eq!(planner_english_in(page), Vec::<&str>::new(), "{page}");
    assert_eq!(english_in(page), Vec::<&str>::new());
    assert!(page.contains("<html lang=\"es\">"), "{page}");
    for words in [
        "<h1>Tu propio plan</h1>",
        ">Crear mi plan</button>",
        "> Lunes</label>",
        "sesiones por semana)</option>",
        ">Principiante (menos de 6 meses)</option>",
        "<li><a href=\"https://deload.example.org/es/\">Inicio</a></li>",
    ] {
        assert!(page.contains(words), "no {words} in {page}");
    }
    // the plan's language starts as the page's, before the script runs too
    assert!(
        page.contains(
            "<option value=\"en\" lang=\"en\">English</option><option value=\"de\" lang=\"de\">Deutsch</option><option value=\"es\" selected>Español</option>"
        ),
        "{page}"
    );
    check_script_words(&planner_data(&es));
    // the same programs, and the script and module of the default language's page
    assert_eq!(planner_data(&es)["programs"], planner_data(&en)["programs"]);
    assert!(es.contains("<script src=\"../../../programs/planner/planner.js\"></script>"));
    assert!(es.contains("data-wasm=\"../../../programs/planner/planner.wasm\""));
    assert!(!f.out().join("es/programs/planner/planner.js").exists());
    // each version points at the other, and at itself
    let want: BTreeMap<String, String> = [
        ("en", "https://deload.example.org/programs/planner/"),
        ("es", "https://deload.example.org/es/programs/planner/"),
        ("x-default", "https://deload.example.org/programs/planner/"),
    ]
    .into_iter()
    .map(|(l, u)| (l.to_string(), u.to_string()))
    .collect();
    assert_eq!(alternates(&es), want);
    assert_eq!(alternates(&en), want);
    // the English page is as it was: English words, the plan in English to start with
    assert!(en.contains("<html lang=\"en\">") && en.contains("<h1>Plan your own</h1>"));
    assert!(en.contains(
        "<option value=\"en\" selected>English</option><option value=\"de\" lang=\"de\">"
    ));
    assert!(en.contains("<script src=\"planner.js\"></script>"));
    assert_eq!(
        planner_data(&en)["words"]["planner_js_ready"],
        "Ready. Nothing you enter leaves this browser."
    );
    // each in its language's sitemap
    let sitemap_es = f.read_out("sitemap-es.xml");
    assert!(sitemap_es.contains("<loc>https://deload.example.org/es/programs/planner/</loc>"));
    let sitemap_en = f.read_out("sitemap-en.xml");
    assert!(sitemap_en.contains("<loc>https://deload.example.org/programs/planner/</loc>"));
    assert!(!sitemap_en.contains("/es/programs/planner/"));
}
