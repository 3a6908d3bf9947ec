//! The Nu HTML checker on the CommonMark spec's pages as deload builds them: no URL error of
//! deload's own (needs Java and the checker, which `scripts/test` installs).

use crate::support::spec;
use crate::support::spec_site::{read_spec, render};

/// The Nu HTML checker finds no URL error (`href` or `src` values with spaces, control or other
/// characters a URL may not hold) that deload made on the CommonMark spec's pages. The URL errors
/// it does find are in values the spec itself writes as they are (its raw HTML examples, and
/// `<https://../>`), so each is checked to be one of those.
#[test]
fn nu_checker_finds_no_url_error_of_deloads_on_the_spec_pages() {
    let examples = spec::examples(&read_spec("tests/spec/commonmark-0.31.2/spec.txt"));
    let built = render(&[("ex", &examples)]);
    let report = crate::html_check::nu_errors(&built.dir.path().join("public/ex"));
    assert!(
        report.is_empty() || report.contains("Error:"),
        "the checker did not run:\n{report}"
    );
    let lines: Vec<&str> = report.lines().collect();
    let mut spec_own = 0;
    let mut ours = Vec::new();
    for pair in lines.windows(2) {
        let (error, place) = (pair[0], pair[1]);
        let is_url = error.contains("Bad value")
            && (error.contains("attribute “href”") || error.contains("attribute “src”"));
        if !is_url {
            continue;
        }
        let value = (error.split_once('“'))
            .and_then(|(_, v)| v.split_once('”'))
            .map_or("", |(v, _)| v)
            .replace('↩', "\n");
        let example = (place.rsplit_once("/ex/"))
            .and_then(|(_, rest)| rest.get(..4))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| examples.get(n - 1));
        let written_by_spec = example.is_some_and(|ex| {
            ex.html.contains(&format!("=\"{value}\"")) || ex.html.contains(&format!("='{value}'"))
        });
        if written_by_spec {
            spec_own += 1;
        } else {
            ours.push(format!("{error}\n{place}"));
        }
    }
    assert!(ours.is_empty(), "{}", ours.join("\n"));
    eprintln!("URL errors in the spec's own HTML: {spec_own}");
}
