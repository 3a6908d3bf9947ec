//! What a site moved from Hugo, Zola or Jekyll needs, on the fixture site `tests/fixtures/migrated`
//! (a page bundle with an image, Jekyll dates in file names, a top-level `categories:` taxonomy,
//! TOML front matter with `path:`, a page using every built-in shortcode, a template calling
//! every site function) and on small broken sites: every problem is located.

use std::process::Output;

use crate::support::Fixture;

fn built() -> (Fixture, Output) {
    let f = Fixture::new("migrated");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_deload"))
        .arg("build")
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1800000000")
        .output()
        .unwrap_or_else(|e| panic!("run deload: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (f, out)
}

/// `deload build` that must fail; its stderr.
fn fails(f: &Fixture) -> String {
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    stderr
}

#[test]
fn a_page_bundle_is_one_page_with_its_files_beside_it() {
    let (f, _) = built();
    let html = f.read_out("posts/trip/index.html");
    assert!(html.contains("<h1>A training trip</h1>"), "{html}");
    assert!(
        html.contains(
            r#"<img src="/posts/trip/chart.png" alt="Sessions and rest days of the trip""#
        ),
        "{html}"
    );
    assert!(html.contains(r#"href="/posts/trip/numbers.csv""#), "{html}");
    assert!(html.contains(r#"href="/posts/rest-days/""#), "{html}");
    let copied = std::fs::read(f.out().join("posts/trip/chart.png")).unwrap_or_default();
    let source = std::fs::read(f.root().join("content/posts/trip/chart.png")).unwrap_or_default();
    assert!(
        !source.is_empty() && copied == source,
        "the image is copied as is"
    );
    assert!(f.out().join("posts/trip/numbers.csv").is_file());
    assert!(
        !f.out().join("posts/trip/index").exists(),
        "no /trip/index/ page"
    );
}

#[test]
fn migrated_front_matter_keeps_dates_urls_and_categories() {
    let (f, out) = built();
    let rest = f.read_out("posts/rest-days/index.html");
    assert!(
        rest.contains(r#"<time datetime="2019-08-27">"#),
        "date from the file name: {rest}"
    );
    assert!(
        f.out().join("2019/08/27/rest-days.html").is_file(),
        "the old URL redirects"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("alias `/posts/rest-days/` is the page's own URL")
            && stderr.contains("content/posts/2019-08-27-rest-days.md:5:10"),
        "{stderr}"
    );
    // `categories:` at the top level is the categories taxonomy, two pages a listing page
    let recovery = f.read_out("categories/recovery/index.html");
    assert!(recovery.contains("Page 1 of 2"), "{recovery}");
    assert!(
        f.read_out("categories/recovery/page/2/index.html")
            .contains("Rest days")
    );
    // TOML front matter with `path:` and a TOML date
    let mods = f.read_out("hugo_mod/index.html");
    assert!(mods.contains(r#"<time datetime="2023-01-15">"#), "{mods}");
    assert!(
        f.read_out("categories/tools/index.html")
            .contains("Hugo modules")
    );
    // footnotes at the end, with a way back
    assert!(
        rest.contains(r##"<a href="#fnref-why" class="footnote-backref""##),
        "{rest}"
    );
}

#[test]
fn every_built_in_shortcode_renders_in_a_page() {
    let (f, _) = built();
    let html = f.read_out("guide/shortcodes/index.html");
    for expected in [
        r#"<figure class="figure"><img src="/posts/trip/chart.png" alt="Sessions and rest days" width="320""#,
        "<figcaption>One week of the trip</figcaption>",
        r#"<aside class="callout callout-note" aria-label="Note">"#,
        r#"see <a href="https://migrated.test/guide/recovery/#sleep">recovery</a>"#,
        r#"<aside class="callout callout-tip" aria-label="Walk">"#,
        "Seven sessions a week leave no rest day.",
        "Pain is not a training signal.",
        r#"<section class="program-card" aria-label="Novice full body">"#,
        "Advanced: a deload every 4 weeks",
        r#"<section class="plan-week" aria-label="Week 1 of Novice full body">"#,
        "Back squat: 3 × 5 at 65% 1RM",
        r#"<a href="https://migrated.test/guide/recovery/#sleep">Sleep</a>"#,
        "<code>{{ figure(...) }}</code> or {{ note() }}.",
    ] {
        assert!(html.contains(expected), "missing {expected}\n{html}");
    }
    assert_eq!(
        html.matches("callout-warning").count(),
        2,
        "the shortcode and the alert"
    );
    assert!(!html.contains("dlsc"), "no marker is left");
}

#[test]
fn templates_ask_the_site_through_functions() {
    let (f, _) = built();
    let html = f.read_out("guide/functions/index.html");
    for expected in [
        r#"<p id="page">Recovery https://migrated.test/guide/recovery/ 2</p>"#,
        r#"<p id="section">Posts 4</p>"#,
        r#"<p id="url">https://migrated.test/guide/recovery/#food https://migrated.test/hugo_mod/</p>"#,
        r#"<p id="taxonomy">Basics=1;Recovery=3;Tools=1;</p>"#,
        r#"<p id="data">squat:100;bench:80; Sam,Riley kg spring</p>"#,
        r#"<p id="now">2027-01-15T08:00:00Z</p>"#,
    ] {
        assert!(html.contains(expected), "missing {expected}\n{html}");
    }
}

#[test]
fn a_function_error_names_the_template_and_line() {
    let f = Fixture::new("migrated");
    f.write(
        "templates/functions.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ get_page(path=\"guide/recovery\") }}\n{% endblock content %}\n",
    );
    let stderr = fails(&f);
    assert!(
        stderr.contains("there is no page `guide/recovery`; did you mean `guide/recovery.md`?"),
        "{stderr}"
    );
    assert!(stderr.contains("templates/functions.html:3:"), "{stderr}");
    f.write(
        "templates/functions.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ load_data(path=\"../site.yaml\") }}\n{% endblock content %}\n",
    );
    let stderr = fails(&f);
    assert!(stderr.contains("is not a path inside data/"), "{stderr}");
}

#[test]
fn every_unknown_key_is_reported_at_once_with_a_summary() {
    let f = Fixture::new("basic");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write("site.yaml", &format!("{yaml}strict: true\n"));
    for (name, date) in [("a", "2020-01-01"), ("b", "2020-02-02")] {
        f.write(
            &format!("content/blog/{name}.md"),
            &format!(
                "---\ntitle: {name}\nlastmod: {date}\nlayout: post\nseries: [x]\n---\nText.\n"
            ),
        );
    }
    let stderr = fails(&f);
    for at in [
        "content/blog/a.md:3:1",
        "content/blog/a.md:4:1",
        "content/blog/a.md:5:1",
        "content/blog/b.md:3:1",
    ] {
        assert!(stderr.contains(at), "{at} missing:\n{stderr}");
    }
    assert!(
        stderr.contains("unknown front-matter key `layout` in 2 files"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `taxonomies: {series: [...]}`?"),
        "{stderr}"
    );
    assert!(stderr.contains("deload calls it `updated`"), "{stderr}");
}

#[test]
fn shortcode_problems_are_located_and_other_generators_warned_about() {
    let f = Fixture::new("basic");
    f.write(
        "content/blog/codes.md",
        "---\ntitle: Codes\n---\nIntro.\n\n{{< youtube abc >}}\n\nA {{ figur(src=\"a.png\") }} here.\n",
    );
    let stderr = fails(&f);
    assert!(stderr.contains("unknown shortcode `figur`"), "{stderr}");
    assert!(stderr.contains("content/blog/codes.md:8:3"), "{stderr}");
    assert!(stderr.contains("did you mean `figure`?"), "{stderr}");
    f.write(
        "content/blog/codes.md",
        "---\ntitle: Codes\n---\nIntro.\n\n{{< youtube abc >}}\n",
    );
    let out = f.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: `{{< youtube abc >}}` looks like another generator's shortcode")
            && stderr.contains("content/blog/codes.md:6:1"),
        "{stderr}"
    );
}

#[test]
fn root_relative_links_are_checked_and_get_the_base_urls_path() {
    let f = Fixture::shipped();
    f.build(&["--base-url", "https://example.org/deload/"]);
    let home = f.read_out("index.html");
    assert!(
        home.contains(r#"<a href="/deload/programs/">training programs</a>"#),
        "{home}"
    );
    let plan = f.read_out("guidance/reading-a-plan/index.html");
    assert!(
        plan.contains(r#"<a href="/deload/guidance/sleep/">Sleep</a>"#),
        "plan_week's links: {plan}"
    );
    f.write(
        "content/about.md",
        &std::fs::read_to_string(f.root().join("content/about.md"))
            .unwrap_or_default()
            .replace("\n---\n", "\n---\nSee [the sleep page](/guidance/slep/).\n"),
    );
    let stderr = fails(&f);
    assert!(
        stderr.contains("broken link: `/guidance/slep/` is not a page or file of the site"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `/guidance/sleep/`?"),
        "{stderr}"
    );
}

#[test]
fn plans_need_their_guidance_pages() {
    let f = Fixture::new("recovery");
    assert!(f.run(&["check"]).status.success());
    std::fs::remove_file(f.root().join("content/guidance/stress.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let out = f.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("plans link the guidance topic `stress` to /guidance/stress/, and the site has no such page"),
        "{stderr}"
    );
    assert!(
        stderr.contains("guidance: {stress:"),
        "the hint shows the mapping: {stderr}"
    );
    // mapped to another page, the plans link there
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write(
        "site.yaml",
        &format!("{yaml}guidance:\n  stress: \"@/guidance/sleep.md\"\n"),
    );
    f.build(&[]);
    let plan = f.read_out("programs/upper-lower/plan-intermediate.html");
    assert!(plan.contains("/guidance/sleep/\">Stress</a>"), "{plan}");
    assert!(
        !plan.contains("/guidance/stress/"),
        "no link to the missing page"
    );
}

/// The optional guidance topics: a site without their pages builds and its plans do not link
/// them; with a page, the plans link it where it applies (the readiness check, the rest days'
/// checklist, the cover); mapped in site.yaml to a page that does not exist, the build stops.
#[test]
fn optional_guidance_topics_are_linked_where_the_site_has_the_page() {
    let f = Fixture::new("recovery");
    f.build(&[]);
    let plan = f.read_out("programs/upper-lower/plan-intermediate.html");
    for path in ["/guidance/soreness-or-injury/", "/guidance/ways-to-deload/"] {
        assert!(!plan.contains(path), "no page, no link to {path}");
    }
    f.write(
        "content/guidance/soreness-or-injury.md",
        "---\ntitle: Soreness or injury\n---\nWhen to see a doctor.\n",
    );
    f.write(
        "content/guidance/ways-to-deload.md",
        "---\ntitle: Ways to deload\n---\nLighter, shorter, or a week off.\n",
    );
    f.build(&[]);
    let plan = f.read_out("programs/upper-lower/plan-intermediate.html");
    let soreness = "/guidance/soreness-or-injury/\">";
    let weeks = plan.matches("class=\"readiness\"").count();
    assert!(weeks > 1, "{weeks} readiness checks");
    assert!(
        plan.matches(soreness).count() >= weeks,
        "each readiness check and the rest days' checklists link soreness or injury"
    );
    assert!(
        plan.contains("/guidance/ways-to-deload/\">Other ways to deload</a>"),
        "the cover links the ways to deload"
    );
    assert!(
        !plan.contains("/guidance/monitoring-readiness/"),
        "a topic without its page stays unlinked"
    );
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap_or_default();
    f.write(
        "site.yaml",
        &format!("{yaml}guidance:\n  monitoring_readiness: \"@/guidance/readiness.md\"\n"),
    );
    let stderr = fails(&f);
    assert!(
        stderr.contains("plans link the guidance topic `monitoring_readiness`"),
        "{stderr}"
    );
}
