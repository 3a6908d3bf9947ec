//! The Programs section of the built site and the printable plans (printed in real Chromium in
//! tests/tools/programs_site.rs).

use crate::support::Fixture;

fn built_shipped() -> Fixture {
    let f = Fixture::shipped();
    f.set_programs("start", "2027-01-04");
    f.build(&[]);
    f
}

#[test]
fn programs_section_lists_every_program_and_athlete() {
    let f = built_shipped();
    let list = f.read_out("programs/index.html");
    for name in [
        "Novice full body",
        "Intermediate upper/lower",
        "Advanced five-day split",
    ] {
        assert!(list.contains(name), "{name} missing from the list:\n{list}");
    }
    for athlete in ["Sam", "Alex", "Jordan"] {
        assert!(
            list.contains(&format!(">{athlete}</a>")),
            "athlete {athlete} missing"
        );
    }
    let page = f.read_out("programs/novice-full-body/index.html");
    assert!(page.contains("Printable plans"));
    for level in ["novice", "intermediate", "advanced"] {
        assert!(page.contains(&format!("programs/novice-full-body/plan-{level}.html")));
        assert!(
            f.out()
                .join(format!("programs/novice-full-body/plan-{level}.html"))
                .is_file()
        );
    }
    assert!(page.contains("A sample week"));
    assert!(
        page.contains("/guidance/sleep/"),
        "rest days link to the guidance on sleep"
    );
    assert!(f.out().join("programs/athletes/sam/index.html").is_file());
    let sitemap = f.read_sitemap();
    assert!(sitemap.contains("/programs/novice-full-body/</loc>"));
    let summary = String::from_utf8_lossy(&f.run(&["check"]).stdout).into_owned();
    assert!(summary.contains(" 29 plans"), "{summary}");
}

#[test]
fn printable_plan_marks_deloads_and_links_rest_days_to_guidance() {
    let f = built_shipped();
    let html = f.read_out("programs/novice-full-body/plan-advanced.html");
    assert!(html.contains("<style>"), "CSS is inline");
    assert!(
        !html.contains("<link rel=\"stylesheet\""),
        "no external stylesheet"
    );
    assert!(!html.contains("<script"), "no scripts");
    assert!(html.contains("advanced lifter: every 4th week"));
    assert_eq!(
        html.matches("<span class=\"deload-badge\">Deload week</span>")
            .count(),
        html.matches("Why a deload now:").count()
    );
    assert!(html.contains("Why a deload now:"));
    assert!(html.contains("href=\"https://deload.example.org/guidance/sleep/\""));
    assert!(html.contains("href=\"https://deload.example.org/guidance/nutrition-and-hydration/\""));
    assert!(
        html.contains("href=\"https://deload.example.org/guidance/mobility-and-active-recovery/\"")
    );
    assert!(html.contains("Readiness check: end of week 1"));
    assert!(html.contains("Take the deload now"));
}
