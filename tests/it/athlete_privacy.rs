//! Athletes stay private: `deload build` publishes an athlete's plan only when the site opts in
//! (`programs.publish_athletes: true`) or the athlete file does (`publish: true`); a published one
//! asks search engines not to index it and is left out of the sitemap, the feed and the search
//! index.

use crate::support::{Fixture, html_files};

/// The files that list the shipped site's pages for search engines and readers, in each of its
/// languages: the sitemap index and the sitemaps, the feeds and the search indexes.
const LISTINGS: [&str; 7] = [
    "sitemap.xml",
    "sitemap-en.xml",
    "sitemap-es.xml",
    "atom.xml",
    "es/atom.xml",
    "search-index.js",
    "es/search-index.js",
];

/// The athlete files of the shipped site.
const ATHLETES: [&str; 5] = ["alex", "jordan", "morgan", "sam", "taylor"];

/// The shipped site with its example athletes' `publish: true` taken out, and
/// `programs.publish_athletes` set to `on`.
fn shipped_with(on: bool) -> Fixture {
    let f = Fixture::shipped();
    for a in ATHLETES {
        let rel = format!("programs/athletes/{a}.yaml");
        let yaml = std::fs::read_to_string(f.root().join(&rel)).unwrap();
        assert!(
            yaml.contains("\npublish: true\n"),
            "{a} is a published example"
        );
        f.write(&rel, &yaml.replace("\npublish: true\n", "\n"));
    }
    f.set_programs("publish_athletes", &on.to_string());
    f
}

/// Every output file's text, with its path.
fn every_text(f: &Fixture) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in crate::support::snapshot(&f.out()) {
        out.push((
            path.display().to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
    }
    out
}

#[test]
fn athletes_are_not_published_unless_the_site_opts_in() {
    let f = shipped_with(false);
    f.build(&[]);
    assert!(!f.out().join("programs/athletes").exists());
    for (path, text) in every_text(&f) {
        assert!(
            !text.contains("/programs/athletes/"),
            "{path} links an athlete"
        );
        // the athlete files' names, as their plans title them
        for who in ["Sam: ", "Alex: ", "Jordan: ", "Morgan: ", "Taylor: "] {
            assert!(!text.contains(who), "{path} names {who}");
        }
    }
    // the programs themselves are still published
    assert!(
        f.out()
            .join("programs/novice-full-body/index.html")
            .is_file()
    );
}

#[test]
fn the_site_opts_in_for_every_athlete() {
    let f = shipped_with(true);
    f.build(&[]);
    for a in ATHLETES {
        let plan = f.read_out(&format!("programs/athletes/{a}/index.html"));
        assert!(plan.contains("content=\"noindex\""), "{a}");
    }
    assert!(!f.read_sitemap().contains("/programs/athletes/"));
}

#[test]
fn an_athlete_file_opts_in_and_stays_out_of_search() {
    let f = shipped_with(false);
    let sam = std::fs::read_to_string(f.root().join("programs/athletes/sam.yaml")).unwrap();
    f.write(
        "programs/athletes/sam.yaml",
        &format!("{sam}publish: true\n"),
    );
    f.build(&[]);
    let plan = f.read_out("programs/athletes/sam/index.html");
    assert!(plan.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        !f.out().join("programs/athletes/alex").exists(),
        "alex stays private"
    );
    for file in LISTINGS {
        if f.out().join(file).exists() {
            let text = f.read_out(file);
            assert!(
                !text.contains("/programs/athletes/"),
                "{file} lists an athlete"
            );
            assert!(!text.contains("Sam: Novice"), "{file} names Sam");
        }
    }
    assert!(f.read_sitemap().contains("/programs/novice-full-body/"));
    // the other published pages are indexable
    let pages = html_files(&f.out());
    let indexable = pages
        .iter()
        .filter(|p| !p.starts_with("programs/athletes"))
        .all(|p| {
            !std::fs::read_to_string(f.out().join(p))
                .unwrap()
                .contains("content=\"noindex\"")
        });
    assert!(indexable, "only athletes' plans carry noindex");
}

#[test]
fn the_shipped_site_publishes_its_example_athletes_with_noindex() {
    let f = Fixture::shipped();
    f.build(&[]);
    let plan = f.read_out("programs/athletes/sam/index.html");
    assert!(plan.contains("content=\"noindex\""));
    assert!(!f.read_sitemap().contains("/programs/athletes/"));
}

/// The shipped site (athletes private) where Sam's file names a training log, and says
/// `publish: true` when `publish`.
fn sam_with_a_log(publish: bool) -> Fixture {
    let f = shipped_with(false);
    let log = std::fs::read_to_string(
        crate::support::repo().join("tests/fixtures/logs/steady-strong.csv"),
    )
    .unwrap();
    f.write("logs/sam.csv", &log);
    let sam = std::fs::read_to_string(f.root().join("programs/athletes/sam.yaml")).unwrap();
    let publish = if publish { "publish: true\n" } else { "" };
    f.write(
        "programs/athletes/sam.yaml",
        &format!("{sam}log: ../../logs/sam.csv\n{publish}"),
    );
    f
}

#[test]
fn a_published_athlete_with_a_log_has_a_progress_page_kept_out_of_search() {
    let f = sam_with_a_log(true);
    f.build(&[]);
    let page = f.read_out("programs/athletes/sam/progress/index.html");
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        page.contains("<title>Progress: Sam"),
        "titled by the athlete"
    );
    assert!(page.matches("<svg").count() >= 2, "the report's charts");
    let section = f.read_out("programs/index.html");
    assert!(section.contains("/programs/athletes/sam/progress/\">progress</a>"));
    for file in LISTINGS {
        if f.out().join(file).exists() {
            assert!(!f.read_out(file).contains("/progress/"), "{file}");
        }
    }
}

#[test]
fn a_private_athletes_log_makes_no_page() {
    let f = sam_with_a_log(false);
    f.build(&[]);
    assert!(!f.out().join("programs/athletes").exists());
    for (path, text) in every_text(&f) {
        assert!(!text.contains("/progress/"), "{path} links a progress page");
        assert!(
            !text.contains("Progress: Sam"),
            "{path} shows Sam's progress"
        );
    }
}

/// A private athlete's plan never reaches a page through a shortcode: `plan_week` and
/// `program_card` naming one are located errors that name the privacy rule; once the athlete is
/// published they render.
#[test]
fn shortcodes_never_render_a_private_athlete() {
    let f = shipped_with(false);
    for (i, call) in [
        "{{ plan_week(program=\"athletes/sam\", week=1) }}",
        "{{ program_card(program=\"athletes/sam\") }}",
    ]
    .iter()
    .enumerate()
    {
        f.write(
            "content/guidance/leak.md",
            &format!("---\ntitle: Leak\n---\nIntro.\n\n{call}\n"),
        );
        let out = f.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{i}: {stderr}");
        assert!(
            stderr.contains("athletes are private unless published"),
            "{i}: {stderr}"
        );
        assert!(
            stderr.contains("content/guidance/leak.md:6:"),
            "{i}: {stderr}"
        );
    }
    let sam = f.root().join("programs/athletes/sam.yaml");
    let yaml = std::fs::read_to_string(&sam).unwrap();
    std::fs::write(&sam, format!("{yaml}publish: true\n")).unwrap();
    f.write(
        "content/guidance/leak.md",
        "---\ntitle: Shown\n---\nIntro.\n\n{{ plan_week(program=\"athletes/sam\", week=1) }}\n",
    );
    f.build(&[]);
}
