//! The CommonMark spec 0.31.2 as a test suite, and the examples of GFM 0.29's extensions that
//! deload enables (tables, task list items, strikethrough): every example is a page of one
//! fixture site built by `deload build`, its HTML compared with the spec's after normalisation
//! (`support::spec`). Each example matches, or matches once the intended deviations of
//! [`DEVIATIONS`] (the one list, also in the manual's Markdown page) are undone; each deviation
//! has its own test below. No network: the specs are files under `tests/spec/`.
//!
//! The site is built as a site with such content would be: `markdown.unsafe_html: true` (the
//! spec's raw HTML passes, as CommonMark says), heading anchors off, every link checked, with
//! `links.broken: warn`, and a file for every link target the spec's HTML names (root-relative
//! ones in `static/`, relative ones beside the example's page), so that links resolve through the
//! checker, encoded or not.

use crate::support::spec::{self, Example, Token};
use crate::support::spec_site::{Built, page_of, read_spec, render, render_with};

/// A way deload's HTML differs from the spec's on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Deviation {
    /// A relative link is written site-absolute (`url` → `/ex/0001/url`).
    SiteAbsoluteLinks,
    /// Smart punctuation: `"` `'` `--` `---` `...` become `“ ” ‘ ’ – — …` in text.
    SmartPunctuation,
    /// Every heading has an id (`<h1 id="foo">`).
    HeadingIds,
    /// A table cell's alignment is `style="text-align: …"`, not `align="…"`.
    TableAlignment,
}

/// The intended deviations, each with its reason and the first cell of its row in the manual's
/// table (the manual's Markdown page lists the same, and a test holds them together).
const DEVIATIONS: &[(Deviation, &str, &str)] = &[
    (
        Deviation::SiteAbsoluteLinks,
        "a page's relative links are checked against the files the build writes and written from \
         the site's root (under base_url's path), so a page reads the same at any URL: its \
         listing summary, the feed and the search index show it elsewhere",
        "relative links are written from the site's root",
    ),
    (
        Deviation::SmartPunctuation,
        "deload renders with smart punctuation on by default (typographic quotes, dashes and \
         ellipses), as its guidance pages are prose; `markdown.smart_punctuation: false` turns it \
         off",
        "smart punctuation (`markdown.smart_punctuation`, on by default)",
    ),
    (
        Deviation::HeadingIds,
        "every heading gets a stable id (a slug of its text, or {#id}) for the table of \
         contents, anchor links and anchor checks",
        "every heading has an id",
    ),
    (
        Deviation::TableAlignment,
        "GFM's align attribute is obsolete in HTML5 (the Nu checker flags it); pulldown-cmark \
         writes the same alignment as a style",
        "table alignment as a style",
    ),
];

impl Deviation {
    /// Undoes the deviation in `tokens` (deload's normalised HTML of the page at `page`);
    /// whether anything changed.
    fn undo(self, tokens: &mut [Token], page: &str) -> bool {
        let mut changed = false;
        for t in tokens.iter_mut() {
            changed |= match (self, t) {
                (Deviation::SiteAbsoluteLinks, Token::Tag(name, attrs))
                    if is(name, &["a", "img"]) =>
                {
                    undo_site_absolute(attrs, page)
                }
                (Deviation::SmartPunctuation, Token::Text(text)) => undo_smart(text),
                (Deviation::HeadingIds, Token::Tag(name, attrs))
                    if is(name, &["h1", "h2", "h3", "h4", "h5", "h6"]) =>
                {
                    let before = attrs.len();
                    attrs.retain(|(k, _)| k != "id");
                    attrs.len() != before
                }
                (Deviation::TableAlignment, Token::Tag(name, attrs)) if is(name, &["th", "td"]) => {
                    undo_alignment(attrs)
                }
                _ => false,
            };
        }
        changed
    }
}

fn is(name: &str, names: &[&str]) -> bool {
    names.contains(&name)
}

/// `href` and `src` values under `page` made relative again.
fn undo_site_absolute(attrs: &mut [(String, String)], page: &str) -> bool {
    let mut changed = false;
    for (k, v) in attrs.iter_mut() {
        if (k == "href" || k == "src")
            && let Some(rest) = v.strip_prefix(page)
        {
            *v = rest.to_string();
            changed = true;
        }
    }
    changed
}

/// Typographic punctuation back to what was typed.
fn undo_smart(text: &mut String) -> bool {
    const MAP: [(char, &str); 7] = [
        ('“', "\""),
        ('”', "\""),
        ('‘', "'"),
        ('’', "'"),
        ('–', "--"),
        ('—', "---"),
        ('…', "..."),
    ];
    if !text.contains(|c| MAP.iter().any(|(s, _)| *s == c)) {
        return false;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match MAP.iter().find(|(s, _)| *s == c) {
            Some((_, plain)) => out.push_str(plain),
            None => out.push(c),
        }
    }
    *text = out;
    true
}

/// `style="text-align: X"` as `align="X"`.
fn undo_alignment(attrs: &mut [(String, String)]) -> bool {
    let Some(i) = attrs.iter().position(|(k, _)| k == "style") else {
        return false;
    };
    let Some(side) = attrs[i].1.strip_prefix("text-align: ").map(str::to_string) else {
        return false;
    };
    attrs[i] = ("align".to_string(), side);
    attrs.sort();
    true
}

/// How an example came out.
#[derive(Debug)]
enum Outcome {
    /// As the spec says.
    Same,
    /// As the spec says once these deviations are undone.
    With(Vec<Deviation>),
    /// Otherwise: the spec's HTML and deload's, normalised.
    Differs(String, String),
}

/// Example `ex`, rendered by deload as `html` on the page at `page`, against the spec.
fn compare(ex: &Example, html: &str, page: &str) -> Outcome {
    let expected = spec::normalise(&ex.html);
    let mut actual = spec::normalise(html);
    if actual == expected {
        return Outcome::Same;
    }
    let used: Vec<Deviation> = (DEVIATIONS.iter())
        .filter_map(|&(d, ..)| d.undo(&mut actual, page).then_some(d))
        .collect();
    if actual == expected {
        Outcome::With(used)
    } else {
        Outcome::Differs(spec::serialise(&expected), spec::serialise(&actual))
    }
}

/// Runs `suites` and checks every example matches but for the listed deviations; returns how
/// many examples used each deviation.
fn check_suites(suites: &[(&str, &[Example])]) -> Vec<(Deviation, usize)> {
    let Built { pages, stderr, .. } = render(suites);
    let mut used: Vec<(Deviation, usize)> = DEVIATIONS.iter().map(|&(d, ..)| (d, 0)).collect();
    let mut failures = Vec::new();
    for ((suite, examples), htmls) in suites.iter().zip(&pages) {
        for (ex, html) in examples.iter().zip(htmls) {
            let (_, page) = page_of(suite, ex.number);
            match compare(ex, html, &page) {
                Outcome::Same => {}
                Outcome::With(ds) => {
                    for d in ds {
                        if let Some(u) = used.iter_mut().find(|(x, _)| *x == d) {
                            u.1 += 1;
                        }
                    }
                }
                Outcome::Differs(want, got) => failures.push(format!(
                    "{suite} example {} ({}):\n--- markdown\n{}--- spec\n{want}\n--- deload\n{got}\n",
                    ex.number, ex.section, ex.markdown
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} examples differ:\n\n{}\nwarnings:\n{stderr}",
        failures.len(),
        failures.join("\n")
    );
    used
}

/// Every example of the CommonMark spec 0.31.2 matches, but for the listed deviations; the
/// deviations the spec's examples show are the ones listed (none listed in vain but the
/// table's, which only GFM's examples show).
#[test]
fn commonmark_spec_examples_match_but_for_the_listed_deviations() {
    let text = read_spec("tests/spec/commonmark-0.31.2/spec.txt");
    let examples = spec::examples(&text);
    let fences = text
        .lines()
        .filter(|l| l.starts_with("```````````````````````````````` example"))
        .count();
    assert_eq!(examples.len(), fences);
    assert_eq!(examples.len(), 652, "the spec 0.31.2 has 652 examples");
    let used = check_suites(&[("ex", &examples)]);
    eprintln!("deviations used by CommonMark examples: {used:?}");
    for (d, n) in used {
        let expected_some = d != Deviation::TableAlignment;
        assert_eq!(n > 0, expected_some, "{d:?} used by {n} examples");
    }
}

/// The examples of GFM's extension sections that deload enables (tables, task list items,
/// strikethrough) match, but for the listed deviations. Not run: `Autolinks (extension)` (bare
/// `www.` and URLs made links: pulldown-cmark has no such extension, deload leaves them as text)
/// and `Disallowed Raw HTML (extension)` (deload shows every raw tag as text unless
/// `markdown.unsafe_html`, instead of filtering nine).
#[test]
fn gfm_extension_examples_match_but_for_the_listed_deviations() {
    let text = read_spec("tests/spec/gfm-0.29/spec.txt");
    let all = spec::examples(&text);
    let enabled = [
        "Tables (extension)",
        "Task list items (extension)",
        "Strikethrough (extension)",
    ];
    let examples: Vec<Example> = (all.iter())
        .filter(|e| enabled.contains(&e.section.as_str()))
        .cloned()
        .collect();
    assert_eq!(
        examples.len(),
        12,
        "8 tables, 2 task lists, 2 strikethrough"
    );
    let used = check_suites(&[("gfm", &examples)]);
    eprintln!("deviations used by GFM examples: {used:?}");
    assert!(
        used.iter()
            .any(|&(d, n)| d == Deviation::TableAlignment && n > 0),
        "{used:?}"
    );
}

/// One example of each deviation, written for it: deload's HTML shows the deviation, and undoing
/// it gives the spec's HTML.
fn deviation_example(markdown: &str, spec_html: &str, files: &[&str]) -> (String, Outcome) {
    deviation_example_with(markdown, spec_html, files, "")
}

/// [`deviation_example`] with `settings` added under site.yaml's `markdown:`.
fn deviation_example_with(
    markdown: &str,
    spec_html: &str,
    files: &[&str],
    settings: &str,
) -> (String, Outcome) {
    let ex = Example {
        number: 1,
        section: "deviation".into(),
        markdown: markdown.into(),
        html: spec_html.into(),
    };
    let with_files = Example {
        html: files
            .iter()
            .map(|f| format!("<a href=\"{f}\"></a>"))
            .collect(),
        ..ex.clone()
    };
    let built = render_with(&[("dev", std::slice::from_ref(&with_files))], settings);
    let html = built.pages[0][0].clone();
    let outcome = compare(&ex, &html, &page_of("dev", 1).1);
    (html, outcome)
}

#[test]
fn deviation_relative_links_are_site_absolute() {
    let (html, outcome) = deviation_example(
        "[chart](chart.png) ![w](img/week%201.png)\n",
        "<p><a href=\"chart.png\">chart</a> <img src=\"img/week%201.png\" alt=\"w\" /></p>\n",
        &["chart.png", "img/week 1.png"],
    );
    assert!(html.contains(r#"href="/dev/0001/chart.png""#), "{html}");
    assert!(
        html.contains(r#"src="/dev/0001/img/week%201.png""#),
        "{html}"
    );
    assert!(
        matches!(outcome, Outcome::With(ref d) if *d == [Deviation::SiteAbsoluteLinks]),
        "{outcome:?}"
    );
}

#[test]
fn deviation_smart_punctuation() {
    let (html, outcome) = deviation_example(
        "\"Rest\" -- don't --- wait...\n",
        "<p>&quot;Rest&quot; -- don't --- wait...</p>\n",
        &[],
    );
    assert!(html.contains("“Rest” – don’t — wait…"), "{html}");
    assert!(
        matches!(outcome, Outcome::With(ref d) if *d == [Deviation::SmartPunctuation]),
        "{outcome:?}"
    );
    // off, punctuation stays as typed: no deviation
    let (html, outcome) = deviation_example_with(
        "\"Rest\" -- don't --- wait...\n",
        "<p>&quot;Rest&quot; -- don't --- wait...</p>\n",
        &[],
        "  smart_punctuation: false\n",
    );
    assert!(matches!(outcome, Outcome::Same), "{outcome:?}: {html}");
}

#[test]
fn deviation_heading_ids() {
    let (html, outcome) = deviation_example(
        "# Deep sleep\n\n## Naps {#naps-1}\n",
        "<h1>Deep sleep</h1>\n<h2>Naps</h2>\n",
        &[],
    );
    assert!(html.contains(r#"<h1 id="deep-sleep">"#), "{html}");
    assert!(html.contains(r#"<h2 id="naps-1">"#), "{html}");
    assert!(
        matches!(outcome, Outcome::With(ref d) if *d == [Deviation::HeadingIds]),
        "{outcome:?}"
    );
}

#[test]
fn deviation_table_alignment() {
    let (html, outcome) = deviation_example(
        "| a | b |\n|:-:|--:|\n| 1 | 2 |\n",
        "<table>\n<thead>\n<tr>\n<th align=\"center\">a</th>\n<th align=\"right\">b</th>\n</tr>\n\
         </thead>\n<tbody>\n<tr>\n<td align=\"center\">1</td>\n<td align=\"right\">2</td>\n</tr>\n\
         </tbody>\n</table>\n",
        &[],
    );
    assert!(
        html.contains(r#"<th style="text-align: center">"#),
        "{html}"
    );
    assert!(
        matches!(outcome, Outcome::With(ref d) if *d == [Deviation::TableAlignment]),
        "{outcome:?}"
    );
}

/// The normalisation the suite relies on: attribute order, quotes, `/>`, entities and white
/// space beside blocks do not count; text, tags and attribute values do.
#[test]
fn normalisation_keeps_what_matters() {
    let same = [
        (
            "<p><a title=\"t\" href=\"/u\">x</a></p>\n<hr />",
            "<p>\n<a href='/u' title=t>x</a></p><hr>",
        ),
        (
            "<p>&quot;a&quot; &amp; &#39;b&#x27;</p>",
            "<p>\"a\" &amp; 'b'</p>",
        ),
        (
            "<li><input disabled=\"\" type=\"checkbox\"> foo</li>",
            "<li><input type=\"checkbox\" disabled/>\nfoo</li>",
        ),
        (
            "<pre><code>a  b\n</code></pre>",
            "<pre><code>a  b\n</code></pre>\n",
        ),
    ];
    for (a, b) in same {
        assert_eq!(spec::normalise(a), spec::normalise(b), "{a} / {b}");
    }
    let differ = [
        ("<p>a b</p>", "<p>ab</p>"),
        (
            "<pre><code>a  b</code></pre>",
            "<pre><code>a b</code></pre>",
        ),
        ("<a href=\"/u%20v\">", "<a href=\"/u v\">"),
        ("<p>&amp;copy;</p>", "<p>&copy;</p>"),
        ("<em>x</em>", "<strong>x</strong>"),
    ];
    for (a, b) in differ {
        assert_ne!(spec::normalise(a), spec::normalise(b), "{a} / {b}");
    }
}

/// The manual's table of deviations (`docs/content/reference/markdown.md`) has a row for each
/// deviation of [`DEVIATIONS`], and no other.
#[test]
fn the_manual_lists_the_same_deviations() {
    let page = read_spec("docs/content/reference/markdown.md");
    let start = page
        .find("| deviation | example | why |")
        .expect("the manual's table of deviations");
    let rows: Vec<&str> = page[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), DEVIATIONS.len(), "{rows:#?}");
    for (d, reason, row) in DEVIATIONS {
        assert!(!reason.is_empty());
        assert!(
            rows.iter().any(|r| r.starts_with(&format!("| {row} |"))),
            "{d:?}: no row `{row}` in the manual's table"
        );
    }
}
