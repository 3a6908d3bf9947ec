//! Shortcodes expanded and rendered with the Markdown around them.

use std::path::Path;

use super::*;
use crate::markdown::{MarkdownOptions, render_with};

/// The values of the templates these tests render: none of them reads `config` or calls a plan
/// shortcode (those render with the real views in tests/it/content_features.rs), so every value
/// is empty and a plan shortcode is refused.
#[derive(Debug)]
struct NoPlans;

impl Views for NoPlans {
    fn config(&self, _: &Config) -> Value {
        Value::none()
    }

    fn plan_week(&self, _: &Schedule, _: &Week, _: Option<String>) -> Result<Context, String> {
        Err("no plans in these tests".into())
    }

    fn program_card(
        &self,
        _: &Program,
        _: &[Schedule],
        _: Option<String>,
    ) -> Result<Context, String> {
        Err("no plans in these tests".into())
    }
}

fn codes(root: &Path) -> Shortcodes {
    let today = "2026-11-29".parse().unwrap_or_else(|e| panic!("{e}"));
    let strings = std::sync::Arc::new(crate::templates::i18n::Strings::english());
    Shortcodes::load(root, &Config::default(), (today, strings), &NoPlans)
        .unwrap_or_else(|e| panic!("{e:?}"))
}

/// Renders `body` with the built-in shortcodes: the HTML, the errors, the warnings.
fn run(codes: &Shortcodes, body: &str) -> (String, Vec<Error>, Vec<Error>) {
    let doc = Document::expand(codes, body);
    let r = render_with(&doc.source, MarkdownOptions::default(), Some(&doc));
    let (errors, warnings) = doc.finish(Path::new("content/a.md"), body, 0);
    (r.html, errors, warnings)
}

#[test]
fn figure_and_callouts_with_markdown_bodies() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = codes(dir.path());
    let body = "Intro.\n\n{{ figure(src=\"chart.png\", alt=\"Sleep by week\", caption=\"Hours of sleep\", width=600) }}\n\n{% warning(title=\"Careful\") %}\nDo **not** skip *sleep*.\n{% end %}\n\n> [!TIP]\n> Walk on rest days.\n";
    let (html, errors, _) = run(&c, body);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(html.contains("<figure class=\"figure\"><img src=\"deload-internal-link:0\" alt=\"Sleep by week\" width=\"600\""), "{html}");
    assert!(
        html.contains("<figcaption>Hours of sleep</figcaption>"),
        "{html}"
    );
    assert!(
        html.contains("<aside class=\"callout callout-warning\" aria-label=\"Careful\">"),
        "{html}"
    );
    assert!(
        html.contains("<p>Do <strong>not</strong> skip <em>sleep</em>.</p>"),
        "{html}"
    );
    assert!(
        html.contains("callout-tip") && html.contains("Walk on rest days."),
        "{html}"
    );
    assert!(!html.contains("dlsc"), "{html}");
}

#[test]
fn errors_point_at_the_call() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = codes(dir.path());
    let body = "Line one.\n\nSee {{ figure(src=\"a.png\") }} and {{ figur(src=\"b\") }}.\n\n{% note() %}\nUnended.\n";
    let (_, errors, _) = run(&c, body);
    let lines: Vec<(usize, usize)> = errors
        .iter()
        .filter_map(|e| e.location.map(|l| (l.line, l.column)))
        .collect();
    assert_eq!(lines, [(3, 5), (3, 35), (5, 1)], "{errors:#?}");
    assert!(
        errors[0].message.contains("`figure` needs `alt`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `figure`"),
        "{:?}",
        errors[1]
    );
    assert!(errors[2].message.contains("not ended"), "{}", errors[2]);
}

#[test]
fn literal_calls_code_and_other_generators_syntax() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = codes(dir.path());
    let body = "Write {{/* note() */}} to call it; `{{ note() }}` in code is kept.\n\n{{< code-toggle >}}\n";
    let (html, errors, warnings) = run(&c, body);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(html.contains("Write {{ note() }} to call it"), "{html}");
    assert!(html.contains("<code>{{ note() }}</code>"), "{html}");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location.map(|l| l.line), Some(3));
}

#[test]
fn a_sites_shortcode_wins_and_gets_typed_arguments() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let sc = dir.path().join("templates/shortcodes");
    std::fs::create_dir_all(&sc).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        sc.join("note.html"),
        "<div class=\"mine\">{{ body | safe }}</div>",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        sc.join("sets.html"),
        "<span>{{ n + 1 }} {{ heavy }} {{ lifts | join(sep=\"/\") }} #{{ nth }}</span>",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let c = codes(dir.path());
    let (html, errors, _) = run(
        &c,
        "{% note() %}\nHi\n{% end %}\n\nA {{ sets(n=2, heavy=true, lifts=[\"squat\", \"bench\"]) }} {{ sets(n=0, heavy=false, lifts=[]) }}\n",
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        html.contains("<div class=\"mine\"><p>Hi</p>\n</div>"),
        "{html}"
    );
    assert!(
        html.contains("<span>3 true squat/bench #1</span> <span>1 false  #2</span>"),
        "{html}"
    );
}

#[test]
fn a_template_link_to_a_content_file_becomes_a_checked_link_at_the_call() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = codes(dir.path());
    let body = "One [link](@/a.md).\n\nGraded ({{ evidence(level=\"limited\") }}).\n";
    let doc = Document::expand(&c, body);
    let mut r = render_with(&doc.source, MarkdownOptions::default(), Some(&doc));
    doc.finish_markdown(&mut r);
    let (errors, _) = doc.finish(Path::new("content/a.md"), body, 0);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(r.links.len(), 2, "{:?}", r.links);
    let legend = &r.links[1];
    assert_eq!(legend.target, "guidance/glossary.md");
    assert_eq!(legend.anchor.as_deref(), Some("evidence-labels"));
    assert_eq!(legend.offset, body.find("{{ evidence").unwrap_or_default());
    assert!(
        r.html
            .contains("<a class=\"evidence evidence-limited\" href=\"deload-internal-link:1\""),
        "{}",
        r.html
    );
    assert!(!r.html.contains("dlsc-link"), "{}", r.html);
}

#[test]
fn key_lines_refuse_a_key_written_twice_and_a_key_with_spaces() {
    let text = "# sources\na2020:\n  title: x\nb2021:\n  title: y\na2020:\n  title: z\n";
    let errors = cite::key_lines_for_tests(text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("used twice (first on line 2)"),
        "{errors:?}"
    );
    let errors = cite::key_lines_for_tests("my key:\n  title: x\n");
    assert!(errors[0].contains("is not letters, digits"), "{errors:?}");
    assert!(cite::key_lines_for_tests("ok-key_1:\n  title: x\n").is_empty());
}
