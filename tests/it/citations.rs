//! Evidence labels, citations and the bibliography (issue #32): the `evidence` and `cite`
//! shortcodes on a small site of their own, every located error `check` and `build` give for a
//! bibliography that does not match its pages, and the shipped guidance held to the same rules
//! (every grade a label, every reference cited, a review date and the disclaimer on every page,
//! the glossary's terms linked on first use).

use std::path::Path;
use std::process::Output;

use crate::support::{Fixture, repo};

const SITE_YAML: &str = "title: \"Cite\"\nbase_url: \"https://cite.test/\"\n";

const GLOSSARY: &str = "---\ntitle: Glossary\n---\n## Evidence labels\n\nWhat they mean.\n";

/// Three references: two with a DOI, one with a URL (a book).
const BIBLIOGRAPHY: &str = r#"# the site's sources
morton2018:
  authors: "Morton RW et al"
  year: 2018
  title: "Protein & resistance training: a meta-analysis"
  source: "British Journal of Sports Medicine, 52(6), 376–384"
  doi: "10.1136/bjsports-2017-097608"

zatsiorsky2006:
  authors: "Zatsiorsky VM, Kraemer WJ"
  year: 2006
  title: "Science and Practice of Strength Training"
  source: "Human Kinetics (book)"
  url: "https://openlibrary.org/isbn/0736056289"

halson2004:
  authors: "Halson SL, Jeukendrup AE"
  year: 2004
  title: "Does overtraining exist?"
  doi: "10.2165/00007256-200434140-00003"
"#;

/// A page citing `morton2018` twice and `zatsiorsky2006` once, with the other reference on a
/// second page.
const PAGE: &str = "---\ntitle: Protein\nupdated: 2026-12-07\n---\nAbout 1.6 g/kg a day \
({{ evidence(level=\"strong\") }}){{ cite(key=\"morton2018\") }}.\n\nThe fitness–fatigue \
model{{ cite(key=\"zatsiorsky2006\") }} and again{{ cite(key=\"morton2018\") }}.\n";

const OTHER: &str = "---\ntitle: Overtraining\n---\nHard to tell apart{{ cite(key=\"halson2004\") }} \
({{ evidence(level=\"limited\") }}; {{ evidence(level=\"practice\") }}; {{ evidence(level=\"rule\") }}).\n";

/// A site with a glossary, the bibliography and two pages citing all of it.
fn site() -> Fixture {
    let f = Fixture {
        dir: tempfile::tempdir().expect("tempdir"),
    };
    f.write("site.yaml", SITE_YAML);
    f.write("content/_index.md", "---\ntitle: Home\n---\nHello.\n");
    f.write("content/guidance/glossary.md", GLOSSARY);
    f.write("content/protein.md", PAGE);
    f.write("content/overtraining.md", OTHER);
    f.write("data/references.yaml", BIBLIOGRAPHY);
    f
}

/// `deload ARGS` that must fail: its stderr.
fn fails(f: &Fixture, args: &[&str]) -> String {
    let out: Output = f.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    stderr
}

#[test]
fn citations_are_numbered_by_first_use_and_listed_at_the_end_of_the_page() {
    let f = site();
    f.build(&[]);
    let html = f.read_out("protein/index.html");
    let first = r##"<sup class="cite" id="cite-morton2018-1"><a href="#ref-morton2018""##;
    assert!(html.contains(first), "{html}");
    assert!(html.contains(">[1]</a></sup>.</p>"), "{html}");
    // the second citation of the same source keeps its number
    assert!(
        html.contains(r##"id="cite-morton2018-3"><a href="#ref-morton2018""##),
        "{html}"
    );
    assert_eq!(html.matches(">[1]</a>").count(), 2, "{html}");
    assert_eq!(html.matches(">[2]</a>").count(), 1, "{html}");
    let list = &html[html.find(r#"<section class="references""#).expect("a list")..];
    let morton = list
        .find(r#"<li id="ref-morton2018">"#)
        .expect("morton listed");
    let book = list
        .find(r#"<li id="ref-zatsiorsky2006">"#)
        .expect("book listed");
    assert!(morton < book, "in the order of first citation: {list}");
    assert!(
        list.contains("Morton RW et al (2018). Protein &amp; resistance training: a meta-analysis. <cite>British Journal of Sports Medicine, 52(6), 376–384</cite>. <a href=\"https://doi.org/10.1136/bjsports-2017-097608\">doi:10.1136/bjsports-2017-097608</a>"),
        "{list}"
    );
    assert!(
        list.contains(r#"<a href="https://openlibrary.org/isbn/0736056289">https://openlibrary.org/isbn/0736056289</a>"#),
        "{list}"
    );
    assert!(
        !list.contains("halson2004"),
        "only the page's own sources: {list}"
    );
    // the list is in the page's table of contents' anchors: a link to it resolves
    assert!(html.contains(r#"<h2 id="references">References</h2>"#));
}

#[test]
fn a_page_without_citations_has_no_reference_list() {
    let f = site();
    f.build(&[]);
    let html = f.read_out("index.html");
    assert!(!html.contains("class=\"references\""), "{html}");
}

#[test]
fn evidence_labels_are_words_linked_to_the_legend() {
    let f = site();
    f.build(&[]);
    let legend = "https://cite.test/guidance/glossary/#evidence-labels";
    let html = f.read_out("overtraining/index.html") + &f.read_out("protein/index.html");
    for (level, words) in [
        ("strong", "strong evidence"),
        ("limited", "limited evidence"),
        ("practice", "coaching practice, not tested in trials"),
        ("rule", "this tool’s rule"),
    ] {
        let label = format!(
            r#"<a class="evidence evidence-{level}" href="{legend}" title="What the evidence labels mean">{words}</a>"#
        );
        assert!(html.contains(&label), "{label} in {html}");
    }
    let css = std::fs::read_to_string(f.out().join("style.css")).unwrap_or_default();
    for rule in [
        ".evidence {",
        ".evidence-limited { border-style: dashed",
        ".cite {",
        ".references {",
    ] {
        assert!(css.contains(rule), "style.css has `{rule}`");
    }
}

#[test]
fn an_unknown_evidence_level_is_located_with_the_nearest() {
    let f = site();
    f.write(
        "content/protein.md",
        &PAGE.replace("level=\"strong\"", "level=\"strnog\""),
    );
    let stderr = fails(&f, &["check"]);
    assert!(
        stderr.contains("unknown evidence level `strnog`")
            && stderr.contains("did you mean `strong`?"),
        "{stderr}"
    );
    assert!(stderr.contains("content/protein.md:5:23"), "{stderr}");
}

#[test]
fn the_legend_must_exist() {
    let f = site();
    std::fs::remove_file(f.root().join("content/guidance/glossary.md")).unwrap_or_default();
    let stderr = fails(&f, &["check"]);
    assert!(
        stderr.contains("glossary.md") && stderr.contains("content/protein.md:5:23"),
        "the label's link is checked like any other, at the call: {stderr}"
    );
}

#[test]
fn an_unknown_key_is_located_at_the_call_with_the_nearest_key() {
    let f = site();
    f.write(
        "content/protein.md",
        &PAGE.replacen("key=\"morton2018\"", "key=\"morton2019\"", 1),
    );
    for cmd in ["check", "build"] {
        let stderr = fails(&f, &[cmd]);
        assert!(
            stderr.contains("unknown reference `morton2019`")
                && stderr.contains("did you mean `morton2018`?")
                && stderr.contains("content/protein.md:5:54"),
            "{cmd}: {stderr}"
        );
    }
    assert!(
        !f.out().exists(),
        "a failed build writes nothing: {}",
        f.out().display()
    );
}

#[test]
fn a_reference_no_page_cites_fails_check_and_build_at_its_line() {
    let f = site();
    f.write(
        "content/overtraining.md",
        &OTHER.replace("{{ cite(key=\"halson2004\") }}", ""),
    );
    for cmd in ["check", "build"] {
        let stderr = fails(&f, &[cmd]);
        assert!(
            stderr.contains("no page cites the reference `halson2004`")
                && stderr.contains("data/references.yaml:16:1"),
            "{cmd}: {stderr}"
        );
        assert_eq!(stderr.matches("no page cites").count(), 1, "{stderr}");
    }
}

#[test]
fn a_reference_without_a_doi_or_url_is_refused_at_its_line() {
    let f = site();
    f.write(
        "data/references.yaml",
        &BIBLIOGRAPHY.replace("  doi: \"10.2165/00007256-200434140-00003\"\n", ""),
    );
    let stderr = fails(&f, &["check"]);
    assert!(
        stderr.contains("the reference `halson2004` has no `doi` and no `url`")
            && stderr.contains("data/references.yaml:16:1"),
        "{stderr}"
    );
    f.write(
        "data/references.yaml",
        &BIBLIOGRAPHY.replace("doi: \"10.2165/", "doi: \"https://doi.org/10.2165/"),
    );
    let stderr = fails(&f, &["check"]);
    assert!(stderr.contains("has a `doi` that is not a DOI"), "{stderr}");
}

#[test]
fn a_key_written_twice_is_refused_at_the_second() {
    let f = site();
    f.write(
        "data/references.yaml",
        &format!("{BIBLIOGRAPHY}\nmorton2018:\n  authors: \"X\"\n  year: 2019\n  title: \"Y\"\n  url: \"https://example.org/\"\n"),
    );
    let stderr = fails(&f, &["check"]);
    assert!(
        stderr.contains("the reference key `morton2018` is used twice (first on line 2)")
            && stderr.contains("data/references.yaml:22:1"),
        "{stderr}"
    );
}

#[test]
fn cite_without_a_bibliography_says_what_is_missing() {
    let f = site();
    std::fs::remove_file(f.root().join("data/references.yaml")).unwrap_or_default();
    let stderr = fails(&f, &["check"]);
    assert!(
        stderr.contains("`cite` needs a bibliography, data/references.yaml")
            && stderr.contains("content/protein.md:5:54"),
        "{stderr}"
    );
}

/// The Markdown files of the shipped guidance (translations included), but the section's index
/// and its translations (`_index.es.md`), with their text.
fn guidance_pages() -> Vec<(String, String)> {
    let dir = repo().join("content/guidance");
    let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("_index."))
        })
        .map(|p| (name(&p), std::fs::read_to_string(&p).unwrap_or_default()))
        .collect();
    pages.sort();
    assert!(pages.len() >= 20, "the guidance pages: {}", pages.len());
    pages
}

fn name(p: &Path) -> String {
    p.file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn every_shipped_guidance_page_grades_its_claims_with_labels_and_cites_its_sources() {
    for (page, text) in guidance_pages() {
        assert!(
            text.contains("{{ evidence(level="),
            "{page} has no evidence label"
        );
        for plain in [
            "(strong evidence",
            "(limited evidence",
            "(coaching practice",
            "(this tool's rule",
        ] {
            assert!(
                !text.contains(plain),
                "{page}: `{plain}` is written as text, not as the evidence shortcode"
            );
        }
        assert!(
            !text.contains("## Sources") && !text.contains("*Last reviewed"),
            "{page}: the reference list and the review date are generated"
        );
        assert!(
            text.contains("\nupdated: 2026-"),
            "{page} has no `updated:` date"
        );
        if page != "how-the-planner-decides" && page != "glossary" {
            assert!(text.contains("{{ cite(key="), "{page} cites nothing");
        }
    }
}

#[test]
fn the_shipped_site_cites_every_reference_and_shows_dates_and_the_disclaimer() {
    let f = Fixture::shipped();
    f.build(&[]);
    let stress = f.read_out("guidance/stress/index.html");
    assert!(
        stress.contains(r#"<p class="last-reviewed">Last reviewed <time datetime="2026-12-07">7 December 2026</time></p>"#),
        "{stress}"
    );
    assert!(
        stress.contains(r#"<li id="ref-stultskolehmainen2014">Stults-Kolehmainen MA, Bartholomew JB, Sinha R (2014)."#),
        "{stress}"
    );
    for page in [
        "index.html",
        "about/index.html",
        "guidance/index.html",
        "guidance/sleep/index.html",
        "tags/index.html",
    ] {
        let html = f.read_out(page);
        assert!(
            html.contains("<strong>Not medical advice.</strong> This site is general education"),
            "{page} has no disclaimer in its footer"
        );
    }
    let about = std::fs::read_to_string(repo().join("content/about.md")).unwrap_or_default();
    assert!(!about.contains("*Last reviewed"), "about.md");
}

#[test]
fn the_printed_plan_ends_its_cover_with_the_disclaimer() {
    let out = crate::support::deload(
        &repo(),
        &[
            "plan",
            "programs/novice-full-body.yaml",
            "--start",
            "2027-01-04",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8_lossy(&out.stdout);
    let cover_end = html.find("</section>").expect("the cover section");
    let disclaimer = html
        .find(r#"<p class="small disclaimer"><strong>Not medical advice:</strong>"#)
        .expect("a disclaimer");
    assert!(
        disclaimer < cover_end,
        "the disclaimer is on the cover, at its bottom"
    );
    assert!(
        html[disclaimer..cover_end].matches("<p").count() == 1,
        "nothing after it on the cover"
    );
}

/// The glossary's terms, whether they are matched ignoring case, and the glossary's anchor for
/// them.
const TERMS: [(&str, bool, &str); 6] = [
    ("RPE", false, "effort"),
    ("RIR", false, "effort"),
    ("1RM", false, "loads-and-maxes"),
    ("TM", false, "loads-and-maxes"),
    ("e1RM", false, "loads-and-maxes"),
    ("overreaching", true, "fatigue-and-recovery"),
];

#[test]
fn glossary_terms_are_linked_to_the_glossary_on_first_use() {
    let glossary =
        std::fs::read_to_string(repo().join("content/guidance/glossary.md")).unwrap_or_default();
    for (_, _, anchor) in TERMS {
        let heading = anchor.replace('-', " ");
        assert!(
            glossary
                .to_lowercase()
                .contains(&format!("\n## {heading}\n")),
            "the glossary has a section #{anchor}"
        );
    }
    let mut missing = Vec::new();
    for (page, text) in guidance_pages() {
        if page == "glossary" {
            continue;
        }
        let body = prose(&text);
        for (term, any_case, anchor) in TERMS {
            let Some(at) = first_use(&body, term, any_case) else {
                continue;
            };
            let target = format!("@/guidance/glossary.md#{anchor}");
            if link_around(&text, at).as_deref() != Some(target.as_str()) {
                let line = text[..at].matches('\n').count() + 1;
                missing.push(format!("{page}.md:{line}: {term}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not linked to the glossary on first use: {missing:#?}"
    );
}

/// `text` with its front matter, headings, code spans and shortcode calls blanked out (the same
/// length, so offsets stay those of `text`).
fn prose(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut out[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    let fm_end = text[3..].find("\n---").map_or(0, |i| i + 3 + 4);
    blank(&mut out, 0, fm_end);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('#') {
            blank(&mut out, at, at + line.len());
        }
        at += line.len();
    }
    for (open, close) in [("{{", "}}"), ("`", "`")] {
        let mut from = 0;
        while let Some(i) = text[from..].find(open).map(|i| i + from) {
            let Some(j) = text[i + open.len()..].find(close) else {
                break;
            };
            let end = i + open.len() + j + close.len();
            blank(&mut out, i, end);
            from = end;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The byte offset of the first use of `term` in `body` as a word of its own.
fn first_use(body: &str, term: &str, any_case: bool) -> Option<usize> {
    let hay = if any_case {
        body.to_lowercase()
    } else {
        body.to_string()
    };
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let bytes = hay.as_bytes();
    hay.match_indices(term).map(|(i, _)| i).find(|&i| {
        !word(i.checked_sub(1).and_then(|j| bytes.get(j))) && !word(bytes.get(i + term.len()))
    })
}

/// The destination of the Markdown link whose text holds byte `at` of `text`, if one does.
fn link_around(text: &str, at: usize) -> Option<String> {
    let open = text[..at].rfind('[')?;
    if text[open..at].contains(']') {
        return None;
    }
    let close = text[at..].find("](")? + at;
    if text[at..close].contains('[') || text[at..close].contains('\n') {
        return None;
    }
    let rest = &text[close + 2..];
    Some(rest[..rest.find(')')?].to_string())
}
