//! What the printed plan says, read from `deload plan --format html` as an athlete reads it:
//! no deload session marked heavy, rest in minutes, the recovery checklist once a week, and a
//! cover that always says when the first deload comes.

use crate::support::{deload, repo};

/// `deload plan FILE --format html` for `weeks` weeks from a fixed Monday, as text.
fn sheet(file: &str, weeks: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.html");
    let o = deload(
        &repo(),
        &[
            "plan",
            file,
            "--weeks",
            weeks,
            "--start",
            "2027-01-04",
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(&out).unwrap()
}

/// The printed weeks of a sheet: (is a deload week, its HTML).
fn weeks(html: &str) -> Vec<(bool, &str)> {
    html.split("<section class=\"sheet week")
        .skip(1)
        .map(|w| (w.starts_with(" deload"), w))
        .collect()
}

#[test]
fn deload_sessions_are_never_heavy_and_rest_reads_in_minutes() {
    let html = sheet("programs/advanced-split.yaml", "8");
    let weeks = weeks(&html);
    assert!(weeks.iter().any(|(d, _)| *d), "the plan has a deload week");
    for (deload, week) in &weeks {
        let heavy = week.contains("<span class=\"tag\">heavy</span>");
        if *deload {
            assert!(!heavy, "a deload session is marked heavy");
        }
    }
    assert!(
        weeks
            .iter()
            .any(|(d, w)| !d && w.contains("<span class=\"tag\">heavy</span>")),
        "loading weeks still mark their heavy sessions"
    );
    // the squat rests 240 s and the bench 210 s in the program
    assert!(
        html.contains(">4 min<") && html.contains(">3½ min<"),
        "rest in minutes"
    );
    assert!(!html.contains("240 s") && !html.contains("210 s"));
}

#[test]
fn the_recovery_checklist_is_printed_once_a_week() {
    let html = sheet("programs/novice-full-body.yaml", "3");
    for (_, week) in weeks(&html) {
        let rest_days = week.matches("<strong>Rest day.</strong>").count();
        assert!(rest_days >= 2, "three sessions leave four rest days");
        assert_eq!(
            week.matches("<ul class=\"checklist\">").count(),
            1,
            "one checklist"
        );
        assert_eq!(
            week.matches("(the checklist is under ").count(),
            rest_days - 1,
            "the other rest days point to it"
        );
    }
}

#[test]
fn a_short_plan_names_its_first_deload_on_the_cover() {
    let html = sheet("programs/novice-full-body.yaml", "3");
    assert!(weeks(&html).iter().all(|(d, _)| !d));
    let cover = html.split("<section class=\"sheet week").next().unwrap();
    assert!(
        cover.contains("The first deload falls in week 6, after the 3 weeks of this plan"),
        "{cover}"
    );
}

/// With warm-ups on (the athlete file's `warmups: true`), the main lift's lines print their
/// plates per side from the athlete's plates, and its warm-up rows have no logging boxes.
#[test]
fn warm_ups_print_the_plates_per_side_without_logging_boxes() {
    let html = sheet("tests/fixtures/plans/athletes/valid-warmups.yaml", "1");
    for plates in [
        "empty bar",
        "10 kg a side",
        "20 + 1.25 kg a side",
        "20 + 10 + 1.25 kg a side",
        "20 + 20 + 2.5 kg a side",
    ] {
        assert!(
            html.contains(&format!("<span class=\"plates\">{plates}</span>")),
            "{plates}"
        );
    }
    let warmups: Vec<&str> = html
        .split("<tr class=\"warmup\">")
        .skip(1)
        .map(|row| row.split("</tr>").next().unwrap_or(""))
        .collect();
    assert_eq!(warmups.len(), 4, "the bar and three ramp sets");
    assert!(warmups.iter().all(|row| !row.contains("class=\"set\"")));
    // the work sets keep their boxes: 4 squats and 4 rows
    assert_eq!(html.matches("<span class=\"set\"").count(), 4 + 4);
}
