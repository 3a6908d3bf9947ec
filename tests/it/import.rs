//! `deload import` (issue #26): the small Hugo, Jekyll and Zola sites of
//! tests/fixtures/import/ (written for these tests) become deload sites that build without
//! edits, every old URL served (a page or an alias), the shortcodes deload has translated, and
//! every construct it cannot carry over listed with its file and line.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::import::{fixture_source, import_edited, run_import};
use crate::support::{deload, repo};

/// Imports the fixture `name` with `--from name` into a new folder; the output and the folder.
fn import(name: &str) -> (tempfile::TempDir, PathBuf, Output) {
    import_edited(name, name, None)
}

/// Builds the imported site at `dest`; its stderr (warnings).
fn build(dest: &Path) -> String {
    let out = deload(dest, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "the imported site does not build:\n{stderr}"
    );
    stderr
}

fn page(dest: &Path, path: &str) -> String {
    let file = dest
        .join("public")
        .join(path.trim_matches('/'))
        .join("index.html");
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_hugo_site_builds_with_its_urls_bundles_taxonomies_and_shortcodes() {
    let (_tmp, dest, out) = import("hugo");
    let report = stdout(&out);
    assert!(report.contains("Imported a Hugo site: 6 pages"), "{report}");
    assert!(
        report
            .contains("content/posts/0.89.3-relnotes.md:22: shortcode `callout`: left as written"),
        "an unknown shortcode is reported at its line:\n{report}"
    );
    assert!(!report.contains("`/callout`"), "{report}");
    assert!(
        report.contains("content/posts/0.89.3-relnotes.md:9: key `layout`: dropped"),
        "{report}"
    );
    assert!(report.contains("folder `layouts/`"), "{report}");
    let warnings = build(&dest);
    assert!(warnings.contains("{{< callout"), "{warnings}");
    assert!(
        !warnings.contains("front-matter key"),
        "every key was mapped:\n{warnings}"
    );
    // the dotted file name keeps its URL, as in Hugo
    let post = page(&dest, "/posts/0.89.3-relnotes/");
    assert!(post.contains("Release notes 0.89.3"), "{post}");
    // the old URLs: an absolute alias, a relative one
    for old in ["/old/relnotes/", "/posts/relnotes-latest/"] {
        let alias = page(&dest, old);
        assert!(alias.contains("/posts/0.89.3-relnotes/"), "{old}: {alias}");
    }
    assert!(
        post.contains(r#"href="https://hugo-rest.test/posts/trip/""#),
        "relref:\n{post}"
    );
    assert!(
        post.contains(r#"href="https://hugo-rest.test/posts/trip/#what-we-did""#),
        "ref with an anchor:\n{post}"
    );
    assert!(
        post.contains("<figcaption>Sessions of the trip</figcaption>"),
        "{post}"
    );
    assert!(
        post.contains("https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        "{post}"
    );
    assert!(
        post.contains(r#"<code class="language-yaml">"#),
        "highlight:\n{post}"
    );
    assert!(
        post.contains(r#"{{&lt; figure src="left-alone.png" &gt;}}"#),
        "a code block is left alone:\n{post}"
    );
    assert!(!post.contains("&lt;!--more--&gt;"), "{post}");
    files_and_config(&dest);
}

/// The Hugo import's bundle, static and data files, taxonomies, drafts, JSON front matter,
/// site.yaml and menu.
fn files_and_config(dest: &Path) {
    let trip = page(dest, "/posts/trip/");
    assert!(
        trip.contains(r#"src="/posts/trip/chart.png" alt="Sessions per day""#)
            && trip.contains(r#"width="320""#),
        "{trip}"
    );
    assert!(
        dest.join("public/posts/trip/chart.png").is_file(),
        "bundle file copied"
    );
    assert!(dest.join("public/css/site.css").is_file(), "static/ copied");
    assert!(dest.join("data/team.yaml").is_file(), "data/ copied");
    for term in ["/tags/rest-days/", "/categories/news/", "/series/releases/"] {
        assert!(page(dest, term).contains("Release notes 0.89.3"), "{term}");
    }
    assert!(
        !dest.join("public/posts/unfinished").exists(),
        "drafts stay drafts"
    );
    assert!(
        page(dest, "/about/").contains("We write about rest."),
        "JSON front matter"
    );
    let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
    for line in [
        "title: Rest Notes",
        "base_url: https://hugo-rest.test/",
        "language: en-gb",
    ] {
        assert!(site.contains(line), "{line}:\n{site}");
    }
    let home = page(dest, "/");
    let posts = home.find(r#"href="https://hugo-rest.test/posts/""#);
    let about = home.find(r#"href="https://hugo-rest.test/about/""#);
    assert!(
        posts.is_some() && posts < about,
        "the menu by weight:\n{home}"
    );
}

#[test]
fn a_jekyll_site_builds_with_its_post_dates_permalinks_and_links() {
    let (_tmp, dest, out) = import("jekyll");
    let report = stdout(&out);
    assert!(
        report.contains("Imported a Jekyll site: 7 pages"),
        "{report}"
    );
    assert!(
        report.contains("_posts/2020-01-02-first-rest-day.md:16: Liquid tag `include`"),
        "{report}"
    );
    assert!(
        report.contains("_posts/2020-01-02-first-rest-day.md:2: key `layout`"),
        "{report}"
    );
    assert!(!report.contains("README"), "{report}");
    build(&dest);
    // the site's permalink pattern, from the file name's date
    let first = page(&dest, "/2020/01/first-rest-day/");
    assert!(first.contains("First rest day"), "{first}");
    assert!(
        first.contains("2020-01-02"),
        "the date from the file name:\n{first}"
    );
    assert!(
        first.contains(r#"href="https://jekyll-rest.test/2021/03/deload-week/""#),
        "post_url:\n{first}"
    );
    assert!(
        first.contains(r#"src="/assets/img/chart.png""#),
        "relative_url:\n{first}"
    );
    assert!(first.contains(r#"<code class="language-ruby">"#), "{first}");
    assert!(
        dest.join("public/assets/img/chart.png").is_file(),
        "assets/ copied"
    );
    let second = page(&dest, "/2021/03/deload-week/");
    assert!(
        second.contains(r#"href="https://jekyll-rest.test/2020/01/first-rest-day/""#),
        "link:\n{second}"
    );
    assert!(
        second.contains("{{ page.title }}"),
        "raw kept literal:\n{second}"
    );
    assert!(
        page(&dest, "/old-deload/").contains("/2021/03/deload-week/"),
        "redirect_from"
    );
    assert!(
        page(&dest, "/tags/rest/").contains("First rest day"),
        "space-separated tags"
    );
    assert!(page(&dest, "/categories/recovery/").contains("First rest day"));
    // jekyll-archives' term pages still land, on deload's
    assert!(page(&dest, "/tag/rest/").contains(r#"url=../../tags/rest/""#));
    assert!(page(&dest, "/category/recovery/").contains(r#"url=../../categories/recovery/""#));
    assert!(report.contains("jekyll-archives term pages: "), "{report}");
    assert!(page(&dest, "/about/").contains("A diary kept by"));
    assert!(
        page(&dest, "/Training-Log/").contains("The log, kept weekly."),
        "upper case kept, as Jekyll keeps it"
    );
    assert!(
        page(&dest, "/").contains("The newest posts are below."),
        "index.md is home"
    );
    let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
    assert!(site.contains("author: Alex Easy"), "{site}");
    assert!(site.contains("unsafe_html: true"), "{site}");
}

#[test]
fn jekyll_drafts_and_html_pages_are_imported_as_jekyll_builds_them() {
    let (_tmp, dest, out) = import("jekyll");
    let report = stdout(&out);
    assert!(
        report.contains("_drafts/next-deload.md: draft: imported as a draft"),
        "{report}"
    );
    assert!(
        report.contains("contact.html: HTML page: imported"),
        "{report}"
    );
    assert!(
        report.contains("archive.html:6: HTML page with `{% for`: not imported"),
        "{report}"
    );
    build(&dest);
    // a page written in HTML keeps its markup, indented lines and <pre> blank lines included
    let contact = page(&dest, "/contact/");
    assert!(contact.contains("<h2>Write to us</h2>"), "{contact}");
    assert!(
        contact.contains(r#"<p class="small">We answer within a week.</p>"#),
        "an indented line is not code:\n{contact}"
    );
    assert!(
        contact.contains("<pre>\nline one&#10;\nline three\n</pre>"),
        "the empty line in <pre>:\n{contact}"
    );
    assert!(!dest.join("public/archive").exists(), "a page of loops");
    // a draft is built only on request, as Jekyll's --drafts does
    let drafts = dest.join("public/posts/next-deload/index.html");
    assert!(!drafts.exists(), "a draft in a normal build");
    let out = deload(&dest, &["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let draft = std::fs::read_to_string(&drafts).unwrap_or_default();
    assert!(draft.contains("Notes for the next easy week"), "{draft}");
}

#[test]
fn a_zola_site_builds_with_its_sections_taxonomies_and_extra() {
    let (_tmp, dest, out) = import("zola");
    let report = stdout(&out);
    assert!(
        report.contains("content/blog/_index.md:5: key `page_template`: dropped"),
        "{report}"
    );
    assert!(report.contains("folder `templates/`"), "{report}");
    let warnings = build(&dest);
    assert!(!warnings.contains("warning"), "{warnings}");
    let post = page(&dest, "/blog/recovery/");
    assert!(
        post.contains(r#"href="https://zola-rest.test/blog/bundle/""#),
        "{post}"
    );
    assert!(
        page(&dest, "/2020/05/recovery/").contains("/blog/recovery/"),
        "alias"
    );
    assert!(page(&dest, "/authors/robin/").contains("Recovery basics"));
    // Zola's literal calls, in text and code, show as Zola shows them: no `/* */` left
    for shown in [
        "{{ figure(src=“a.png”) }} and <code>{{ note() }}</code>",
        r#"<pre><code>{{ figure(src="chart.png") }}"#,
        "{% note() %}\nBody\n{% end %}",
    ] {
        assert!(post.contains(shown), "{shown}:\n{post}");
    }
    assert!(!post.contains("/*"), "{post}");
    assert!(dest.join("public/blog/bundle/photo.png").is_file());
    assert!(dest.join("public/robots-extra.txt").is_file());
    let text = std::fs::read_to_string(dest.join("content/blog/2020-05-06-recovery.md"))
        .unwrap_or_default();
    assert!(text.contains("hero: hero.png"), "{text}");
    assert!(
        text.contains("in_search_index: true"),
        "kept under extra:\n{text}"
    );
}

#[test]
fn an_import_never_writes_into_a_folder_with_files_and_a_dry_run_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = repo().join("tests/fixtures/import/zola");
    let dest = tmp.path().join("site");
    std::fs::create_dir_all(&dest).expect("mkdir");
    std::fs::write(dest.join("keep.txt"), "mine").expect("write");
    let out = run_import(tmp.path(), "zola", &src, &dest, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("exists and is not an empty folder"), "{err}");
    let entries = std::fs::read_dir(&dest).map_or(0, Iterator::count);
    assert_eq!(entries, 1, "nothing written beside keep.txt");
    let fresh = tmp.path().join("dry");
    let out = run_import(tmp.path(), "zola", &src, &fresh, &["--dry-run"]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("Would import a Zola site"),
        "{}",
        stdout(&out)
    );
    assert!(!fresh.exists(), "a dry run writes nothing");
}

#[test]
fn jekyll_default_urls_are_noted_and_every_broken_file_is_reported_at_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let no_pattern = |c: String| c.replace("permalink: /:year/:month/:title/\n", "");
    let src = fixture_source(tmp.path(), "jekyll", Some(("_config.yml", &no_pattern)));
    let dest = tmp.path().join("site");
    let out = run_import(tmp.path(), "jekyll", &src, &dest, &[]);
    let report = stdout(&out);
    assert!(
        report.contains("_config.yml: post URLs ending in `.html`: written as folder URLs"),
        "{report}"
    );
    build(&dest);
    assert!(page(&dest, "/recovery/2020/01/02/first-rest-day/").contains("First rest day"));
    // a page's old `.html` address, and a post's, are aliases of the page
    let log = std::fs::read_to_string(dest.join("public/Training-Log.html")).unwrap_or_default();
    assert!(log.contains("/Training-Log/"), "{log}");
    let old = dest.join("public/recovery/2020/01/02/first-rest-day.html");
    let alias = std::fs::read_to_string(&old).unwrap_or_else(|e| panic!("{}: {e}", old.display()));
    assert!(
        alias.contains("/recovery/2020/01/02/first-rest-day/"),
        "{alias}"
    );
    for bad in ["_posts/2022-01-01-bad.md", "_posts/2022-02-02-worse.md"] {
        std::fs::write(src.join(bad), "---\ntitle: [unclosed\n---\nText.\n").expect("write");
    }
    let again = tmp.path().join("again");
    let out = run_import(tmp.path(), "jekyll", &src, &again, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("_posts/2022-01-01-bad.md:3:")
            && err.contains("_posts/2022-02-02-worse.md:3:"),
        "{err}"
    );
    assert!(!again.exists(), "nothing written");
}

#[test]
fn a_hugo_permalink_pattern_keeps_every_post_at_its_old_url() {
    let add =
        |config: String| format!("{config}\n[permalinks]\nposts = \"/:year/:month/:slug/\"\n");
    let (_tmp, dest, _) = import_edited("hugo", "hugo", Some(("hugo.toml", &add)));
    build(&dest);
    let trip = page(&dest, "/2021/06/a-training-trip/");
    assert!(trip.contains("A training trip"), "{trip}");
    assert!(
        dest.join("public/2021/06/a-training-trip/chart.png")
            .is_file(),
        "the bundle's file beside it"
    );
    assert!(!dest.join("public/posts/trip").exists(), "no second copy");
    let text =
        std::fs::read_to_string(dest.join("content/posts/trip/index.md")).unwrap_or_default();
    assert!(text.contains("path: /2021/06/a-training-trip/"), "{text}");
    // pages outside the section keep deload's URLs
    assert!(page(&dest, "/about/").contains("About"));
}

/// Asserts that each old URL of `moved` is served in the built site at `dest` by a page whose
/// text has the second string (the page itself, or an alias or redirect page naming its URL).
fn served(dest: &Path, moved: &[(&str, &str)]) {
    for (old, shown) in moved {
        let html = page(dest, old);
        assert!(html.contains(shown), "{old} should show {shown}:\n{html}");
    }
}

#[test]
fn hugo_menus_per_language_are_imported_and_the_other_menus_listed() {
    let (_tmp, dest, out) = import_edited("hugo", "hugo-languages", None);
    let report = stdout(&out);
    for line in [
        "hugo.toml: `languages.en.menu.footer` (1 entries): not imported: site.yaml holds only the main menu; a page joins `footer` with `menu: footer`",
        "hugo.toml: `languages.fr.menu.footer` (1 entries): not imported",
    ] {
        assert!(report.contains(line), "{line}:\n{report}");
    }
    let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
    let fr_menu = "    menu:\n    - identifier: accueil\n      name: Accueil\n      url: /fr/\n    - name: Articles\n      url: /fr/posts/\n";
    assert!(site.contains(fr_menu), "{fr_menu}:\n{site}");
    build(&dest);
    let link = |p: &str| format!(r#"href="https://hugo-langs.test{p}""#);
    let fr = page(&dest, "/fr/");
    for p in ["/fr/", "/fr/posts/"] {
        assert!(fr.contains(&link(p)), "the French menu's {p}:\n{fr}");
    }
    assert!(fr.contains(">Articles<"), "{fr}");
    let en = page(&dest, "/");
    assert!(
        en.contains(&link("/posts/")) && !en.contains(">Articles<"),
        "{en}"
    );
}

#[test]
fn a_multilingual_hugo_site_keeps_its_languages_translations_and_urls() {
    let (_tmp, dest, out) = import_edited("hugo", "hugo-languages", None);
    let report = stdout(&out);
    for line in [
        "content/posts/old.de.md: language `de`: not imported",
        "content/posts/notes.xx.md: language `xx`: `xx` is not one of the site's languages",
        "hugo.toml: `languages.es.params`: not imported",
        "hugo.toml: language `de`: left out",
    ] {
        assert!(report.contains(line), "{line}:\n{report}");
    }
    for file in [
        "content/about.md",
        "content/posts/rest-day.fr.md",
        "content/_index.fr.md",
    ] {
        assert!(dest.join(file).is_file(), "{file}");
    }
    assert!(!dest.join("content/posts/old.de.md").exists());
    let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
    for line in [
        "language: en",
        "  es:\n",
        "    title: Notas de descanso",
        "    description: Notas sobre descansar bien.",
    ] {
        assert!(site.contains(line), "{line}:\n{site}");
    }
    let i18n = std::fs::read_to_string(dest.join("i18n/fr.yaml")).unwrap_or_default();
    assert!(i18n.contains("language_name: Français (France)"), "{i18n}");
    build(&dest);
    served(
        &dest,
        &[
            ("/posts/rest-day/", "A day off lets the body catch up."),
            ("/es/posts/rest-day/", "Un día libre"),
            ("/fr/posts/rest-day/", "Un jour sans entraînement"),
            ("/fr/posts/only-french/", "qu’en français"),
            ("/fr/", "De courtes notes"),
            ("/es/tags/sueño/", "Por qué un día de descanso"),
            ("/fr/tags/repos/", "Pourquoi un jour de repos"),
            // Hugo served English under /en/: each old address leads to deload's
            ("/en/posts/rest-day/", "/posts/rest-day/"),
            ("/en/posts/rest/", "/posts/rest-day/"),
            ("/en/about/", "/about/"),
            ("/en/posts/notes.xx/", "/posts/notes.xx/"),
            ("/en/", "url=../\""),
            ("/en/posts/", "url=../../posts/\""),
            ("/en/tags/", "url=../../tags/\""),
            ("/en/tags/sleep/", "url=../../../tags/sleep/\""),
        ],
    );
    let home = page(&dest, "/");
    assert!(
        home.contains(r#"href="https://hugo-langs.test/posts/""#),
        "the default language's menu:\n{home}"
    );
    assert!(
        page(&dest, "/fr/").contains("Notes de repos"),
        "the French title"
    );
}

#[test]
fn the_terms_of_future_and_expired_pages_get_no_redirect_to_a_term_page_not_built() {
    let (_tmp, dest, out) = import_edited("hugo", "hugo-permalinks", None);
    let report = stdout(&out);
    for (file, why) in [
        ("next-block.md", "dated after today"),
        ("old-offer.md", "expired"),
    ] {
        let note = format!("content/posts/{file}: unpublished page: {why}: its terms' old URLs");
        assert!(report.contains(&note), "{note}\n{report}");
    }
    build(&dest);
    assert!(
        !dest.join("public/tags/peaking").exists(),
        "a future page's term"
    );
    assert!(
        !dest.join("public/tags/offers").exists(),
        "an expired page's term"
    );
    for old in ["static/topic/peaking", "static/topic/offers"] {
        assert!(
            !dest.join(old).exists(),
            "{old}: a redirect to a term page not built"
        );
    }
    served(&dest, &[("/topic/deload/", "url=../../tags/deload/\"")]);
    // with Hugo's buildFuture and buildExpired, deload publishes them too, and their terms
    let both = |c: String| format!("buildFuture = true\nbuildExpired = true\n{c}");
    let (_tmp, dest, _) = import_edited("hugo", "hugo-permalinks", Some(("hugo.toml", &both)));
    let yaml = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
    assert!(
        yaml.contains("build:\n  expired: true\n  future: true"),
        "{yaml}"
    );
    build(&dest);
    served(
        &dest,
        &[
            ("/topic/peaking/", "url=../../tags/peaking/\""),
            ("/tags/peaking/", "Next block"),
            ("/tags/offers/", "Old offer"),
        ],
    );
}

#[test]
fn hugo_permalinks_for_root_pages_sections_and_terms_keep_their_urls_in_either_form() {
    let (_tmp, dest, out) = import_edited("hugo", "hugo-permalinks", None);
    assert!(
        stdout(&out).contains("hugo.toml: moved list pages: "),
        "{}",
        stdout(&out)
    );
    build(&dest);
    served(
        &dest,
        &[
            ("/pages/about-us/", "Two lifters keep this log."),
            ("/pages/contact/", "Write to the log"),
            ("/2021/05/deload-week/", "Half the sets"),
            ("/articles/", "url=../posts/\""),
            ("/topics/", "url=../tags/\""),
            ("/topic/deload/", "url=../../tags/deload/\""),
            ("/topic/c++/", "url=../../tags/c-plus-plus/\""),
        ],
    );
    // the flat form of Hugo before 0.115: a section's pages, the root's, a taxonomy's terms
    let flat = |config: String| {
        let at = config.find("[permalinks.page]").unwrap_or(config.len());
        let head = &config[..at];
        format!(
            "{head}[permalinks]\nposts = \"/:year/:month/:slug/\"\n\"/\" = \"/pages/:slug/\"\ntags = \"/topic/:slug/\"\n"
        )
    };
    let (_tmp, dest, _) = import_edited("hugo", "hugo-permalinks", Some(("hugo.toml", &flat)));
    build(&dest);
    served(
        &dest,
        &[
            ("/pages/about-us/", "Two lifters keep this log."),
            ("/2021/05/deload-week/", "Half the sets"),
            ("/topic/deload/", "url=../../tags/deload/\""),
        ],
    );
    assert!(
        !dest.join("public/articles").exists(),
        "no section pattern in the flat form"
    );
}

#[test]
fn zola_transliterated_slugs_keep_their_urls_and_safe_keeps_the_names() {
    let (_tmp, dest, out) = import_edited("zola", "zola-slugs", None);
    let report = stdout(&out);
    assert!(
        report.contains(
            "content/blog/café-crème.md: slug of `café-crème`: written as `slug: cafe-creme`"
        ),
        "{report}"
    );
    build(&dest);
    served(
        &dest,
        &[
            ("/blog/cafe-creme/", "Coffee with milk"),
            ("/blog/aero/", "Cycling, no lifting."),
            ("/blog/0-9-release/", "The ninth draft"),
            ("/blog/uber-uns/", "Who writes here."),
            ("/blog/pates/", "Pasta before a heavy day"),
            ("/tags/creme-brulee/", "/tags/cr%C3%A8me-br%C3%BBl%C3%A9e/"),
            // a section folder's name, and so its pages' paths, spelt in ASCII by Zola
            ("/the/", "url=../th%C3%A9/\""),
            ("/the/green/", "/th%C3%A9/green/"),
            ("/thé/green/", "Green tea on a rest day."),
        ],
    );
    assert!(
        report.contains("config.toml: section URLs: 1 redirect pages in static/"),
        "{report}"
    );
    assert!(
        dest.join("public/blog/pates/notes.txt").is_file(),
        "the bundle's file beside it"
    );
    // `safe` keeps the names as written: upper case and letters kept, a space an alias
    let safe = |config: String| format!("{config}\n[slugify]\npaths = \"safe\"\n");
    let (_tmp, dest, _) = import_edited("zola", "zola-slugs", Some(("config.toml", &safe)));
    let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
    assert!(site.contains("paths: safe"), "{site}");
    build(&dest);
    served(
        &dest,
        &[
            ("/blog/café-crème/", "Coffee with milk"),
            ("/blog/Ærø/", "Cycling, no lifting."),
            ("/blog/0.9-release/", "The ninth draft"),
            ("/blog/Über uns/", "/blog/%C3%9Cber-uns/"),
        ],
    );
}

#[test]
fn zola_heading_ids_keep_their_spelling_under_each_slugify_anchors() {
    // Zola's default `on`: a heading it spelt in ASCII keeps that id, which links name
    let (_tmp, dest, out) = import_edited("zola", "zola-slugs", None);
    let note = "content/blog/café-crème.md:9: heading `Crème brûlée`: Zola's id kept as `{#creme-brulee}`, where deload's would be `#crème-brûlée`";
    assert!(stdout(&out).contains(note), "{note}\n{}", stdout(&out));
    let md = std::fs::read_to_string(dest.join("content/blog/café-crème.md")).unwrap_or_default();
    assert!(md.contains("## Crème brûlée {#creme-brulee}\n"), "{md}");
    let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
    assert!(!site.contains("anchors:"), "not set, not written:\n{site}");
    build(&dest);
    assert!(page(&dest, "/blog/cafe-creme/").contains(r#"id="creme-brulee""#));
    let checked = deload(&dest, &["check"]);
    let err = String::from_utf8_lossy(&checked.stderr);
    assert!(
        !err.contains("creme-brulee"),
        "the link finds its heading:\n{err}"
    );
    // set in the config: deload's matching setting in site.yaml
    for (zola, deload_mode, id) in [
        ("on", "on", "creme-brulee"),
        ("safe", "safe", "Crème-brûlée"),
        ("off", "safe", "Crème-brûlée"),
    ] {
        let set = |c: String| format!("{c}\n[slugify]\nanchors = \"{zola}\"\n");
        let (_tmp, dest, _) = import_edited("zola", "zola-slugs", Some(("config.toml", &set)));
        let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
        let line = format!("slugify:\n  anchors: {deload_mode}\n");
        assert!(site.contains(&line), "{zola}: {line}\n{site}");
        build(&dest);
        let html = page(&dest, "/blog/cafe-creme/");
        assert!(
            html.contains(&format!(r#"id="{id}""#)),
            "{zola}: {id}\n{html}"
        );
    }
}

#[test]
fn hugo_translations_paired_by_translation_key_keep_their_urls_and_references_their_language() {
    let (_tmp, dest, out) = import_edited("hugo", "hugo-languages", None);
    let report = stdout(&out);
    for line in [
        "content/fr/posts/bien-dormir.md: `translationKey = \"sleep\"`: paired with `content/posts/sleep-well.md`, as Hugo pairs them: written as `content/posts/sleep-well.fr.md`",
        "content/posts/dormir-bien.es.md: `translationKey = \"sleep\"`: paired with `content/posts/sleep-well.md`",
    ] {
        assert!(report.contains(line), "{line}:\n{report}");
    }
    for file in [
        "content/posts/sleep-well.fr.md",
        "content/posts/sleep-well.es.md",
    ] {
        assert!(dest.join(file).is_file(), "{file}");
    }
    assert!(!dest.join("content/posts/bien-dormir.fr.md").exists());
    assert!(!dest.join("content/posts/dormir-bien.es.md").exists());
    build(&dest);
    // every version at its Hugo URL, and deload takes them for translations of one page
    served(
        &dest,
        &[
            ("/posts/sleep-well/", "Sleep is where"),
            ("/fr/posts/bien-dormir/", "Le sommeil fait"),
            ("/es/posts/dormir-bien/", "El sueño hace"),
            ("/en/posts/sleep-well/", "/posts/sleep-well/"),
        ],
    );
    let en = page(&dest, "/posts/sleep-well/");
    for (lang, other) in [
        ("fr", "fr/posts/bien-dormir/"),
        ("es", "es/posts/dormir-bien/"),
    ] {
        let alternate = format!(r#"hreflang="{lang}" href="https://hugo-langs.test/{other}""#);
        assert!(en.contains(&alternate), "{alternate}:\n{en}");
    }
    // Hugo's references look a page up in the referring page's language first
    let link = |p: &str| format!(r#"href="https://hugo-langs.test{p}""#);
    let fr = page(&dest, "/fr/posts/bien-dormir/");
    for (p, why) in [
        ("/fr/posts/rest-day/", "the French version"),
        ("/posts/rest-day/", "`lang=\"en\"`"),
        (
            "/fr/posts/only-french/",
            "a page only in French, by its name",
        ),
    ] {
        assert!(fr.contains(&link(p)), "{why}: {p}:\n{fr}");
    }
    let es = page(&dest, "/es/posts/dormir-bien/");
    assert!(es.contains(&link("/es/posts/rest-day/")), "{es}");
    assert!(
        es.contains(&link("/about/")),
        "no Spanish version: the default language's:\n{es}"
    );
    assert!(page(&dest, "/posts/sleep-well/").contains(&link("/posts/rest-day/")));
}

#[test]
fn a_hugo_bundle_paired_by_translation_key_takes_its_files_along() {
    let (_tmp, dest, out) = import_edited("hugo", "hugo-languages", None);
    let report = stdout(&out);
    let note = "content/fr/posts/echauffement/index.md: `translationKey = \"warmup\"`: paired with `content/posts/warm-up/index.md`, as Hugo pairs them: written as `content/posts/warm-up/index.fr.md`, its URL kept; its bundle's other files served beside it";
    assert!(report.contains(note), "{note}:\n{report}");
    assert!(
        dest.join("static/fr/posts/echauffement/barre.png")
            .is_file()
    );
    assert!(
        !dest.join("content/posts/echauffement").exists(),
        "the files went with their page"
    );
    build(&dest);
    let fr = page(&dest, "/fr/posts/echauffement/");
    assert!(
        fr.contains(r#"src="/fr/posts/echauffement/barre.png""#),
        "{fr}"
    );
    let image = dest.join("public/fr/posts/echauffement/barre.png");
    assert!(image.is_file(), "the image beside the translated page");
    assert!(dest.join("public/posts/warm-up/bar.png").is_file());
}

#[test]
fn a_hugo_folder_without_an_index_keeps_its_list_page_in_each_language() {
    let (_tmp, dest, out) = import_edited("hugo", "hugo-languages", None);
    let report = stdout(&out);
    assert!(
        report.contains("hugo.toml: top-level content folders without `_index.md`: written with a title and no body")
            && report.contains("`content/notes/_index.md`, `content/notes/_index.fr.md`"),
        "{report}"
    );
    let index = std::fs::read_to_string(dest.join("content/notes/_index.md")).unwrap_or_default();
    assert_eq!(index, "---\ntitle: Notes\n---\n");
    // folders that have an index, and bundles, are left alone
    assert!(!report.contains("`content/posts/_index"), "{report}");
    build(&dest);
    served(
        &dest,
        &[
            ("/notes/", "A first note"),
            ("/fr/notes/", "Une première note"),
            ("/en/notes/", "url=../../notes/\""),
        ],
    );
    assert!(page(&dest, "/notes/").contains("<h1>Notes</h1>"));
}

#[test]
fn a_multilingual_zola_site_keeps_its_languages_titles_and_urls() {
    let (_tmp, dest, out) = import_edited("zola", "zola-languages", None);
    let report = stdout(&out);
    for line in [
        "config.toml: `languages.fr.translations`: not imported",
        "config.toml: `translations`: not imported",
    ] {
        assert!(report.contains(line), "{line}:\n{report}");
    }
    let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
    for line in [
        "language: en\n",
        "languages:\n  en: {}\n  fr:\n",
        "    title: Notes de repos\n",
        "    description: Des notes sur le repos.\n",
    ] {
        assert!(site.contains(line), "{line}:\n{site}");
    }
    let warnings = build(&dest);
    assert!(!warnings.contains("not one of"), "{warnings}");
    served(
        &dest,
        &[
            ("/blog/sleep/", "Sleep is most of recovery."),
            ("/fr/blog/sleep/", "Le sommeil fait"),
            ("/fr/blog/cafe/", "Un café avant"),
            ("/fr/", "De courtes notes"),
            ("/tags/sleep/", "Sleep first"),
            ("/fr/tags/creme/", "fr/tags/cr%C3%A8me/"),
        ],
    );
    assert!(
        page(&dest, "/fr/").contains("Notes de repos"),
        "the French title"
    );
    assert!(
        !dest.join("public/tags/creme").exists(),
        "a French term stays French"
    );
}

#[test]
fn hugo_param_tweet_vimeo_gist_and_code_toggle_are_translated() {
    let (_tmp, dest, out) = import_edited("hugo", "hugo-shortcodes", None);
    let report = stdout(&out);
    for line in [
        "content/posts/extras.md:15: shortcode `param`: left as written: no such key",
        "content/posts/extras.md:25: shortcode `code-toggle`: a code block in the format it is written in",
    ] {
        assert!(report.contains(line), "{line}:\n{report}");
    }
    build(&dest);
    let post = page(&dest, "/posts/extras/");
    for shown in [
        "By Sam Rest (@rest@example.org): Rest, measured, feeling calm.",
        "{{&lt; param “nope” &gt;}}",
        r#"href="https://x.com/SanDiegoZoo/status/1453110110599868418""#,
        r#"href="https://x.com/i/status/1453110110599868418""#,
        r#"href="https://vimeo.com/55073825""#,
        r#"href="https://gist.github.com/spf13/7896402""#,
        r#"<code class="language-toml">baseURL = "https://example.org/""#,
    ] {
        assert!(post.contains(shown), "{shown}:\n{post}");
    }
    // a page's menu entry, under the config's entry it names as parent; one whose parent is
    // no top-level entry is top-level, noted
    assert!(
        report.contains("content/posts/lasting.md: menu `main` parent \"nowhere\": left out"),
        "{report}"
    );
    let home = page(&dest, "/");
    let nested = r#"<li><a href="https://hugo-shortcodes.test/posts/">Guides</a>
      <ul>
        <li><a href="https://hugo-shortcodes.test/posts/extras/">Extras</a></li>"#;
    assert!(home.contains(nested), "{home}");
    assert!(home.contains(
        r#"<li><a href="https://hugo-shortcodes.test/posts/lasting/">A lasting note</a></li>"#
    ));
    // Hugo's expiryDate: an expired page is left out, as Hugo leaves it out
    let text = std::fs::read_to_string(dest.join("content/posts/expired.md")).unwrap_or_default();
    assert!(text.contains("expiry_date: 2020-01-01"), "{text}");
    assert!(!dest.join("public/posts/expired").exists());
    assert!(page(&dest, "/posts/lasting/").contains("Still true."));
}

#[test]
fn jekyll_img_figure_and_plain_includes_become_images_figures_and_html() {
    let (_tmp, dest, out) = import_edited("jekyll", "jekyll-plugins", None);
    let report = stdout(&out);
    for line in [
        "_posts/2022-01-01-photos.md:10: Liquid tag `img`: left as written",
        "_posts/2022-01-01-photos.md:14: Liquid tag `include`: left as written: its partial has Liquid in it",
    ] {
        assert!(report.contains(line), "{line}:\n{report}");
    }
    assert!(!report.contains("photos.md:12:"), "{report}");
    build(&dest);
    let post = page(&dest, "/2022/photos/");
    for shown in [
        r#"<img src="/assets/img/bar.png" alt="A bar chart of rest days" title="Bar chart""#,
        r#"<figure class="figure"><img src="/assets/img/sleep.png" alt="Sleep chart""#,
        "<figcaption>Sleep hours, by week</figcaption>",
        r#"<aside class="signup">Get the weekly rest note.</aside>"#,
    ] {
        assert!(post.contains(shown), "{shown}:\n{post}");
    }
    assert!(
        !post.contains("figure caption") && !post.contains("endfigure"),
        "{post}"
    );
}

#[test]
fn a_hugo_config_in_yaml_or_json_is_read_as_one_in_toml() {
    let configs = [
        (
            "hugo.yaml",
            "baseURL: https://hugo-shortcodes.test/\ntitle: Rest Notes\nparams:\n  author: Sam Rest\n  social:\n    mastodon: \"@rest@example.org\"\n",
        ),
        (
            "config.json",
            r#"{"baseURL": "https://hugo-shortcodes.test/", "title": "Rest Notes", "params": {"author": "Sam Rest", "social": {"mastodon": "@rest@example.org"}}}"#,
        ),
    ];
    for (name, text) in configs {
        let tmp = tempfile::tempdir().expect("tempdir");
        let keep = |c: String| c;
        let src = fixture_source(tmp.path(), "hugo-shortcodes", Some(("hugo.toml", &keep)));
        std::fs::remove_file(src.join("hugo.toml")).expect("rm");
        std::fs::write(src.join(name), text).expect("write");
        let dest = tmp.path().join("site");
        let out = run_import(tmp.path(), "hugo", &src, &dest, &[]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let site = std::fs::read_to_string(dest.join("site.yaml")).unwrap_or_default();
        for line in [
            "title: Rest Notes",
            "base_url: https://hugo-shortcodes.test/",
        ] {
            assert!(site.contains(line), "{name}: {line}:\n{site}");
        }
        build(&dest);
        let post = page(&dest, "/posts/extras/");
        assert!(
            post.contains("By Sam Rest (@rest@example.org)"),
            "{name}:\n{post}"
        );
    }
}
