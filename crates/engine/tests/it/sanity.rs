//! No silent nonsense, through the library: every check of domain rule 8 and issue #12's list is
//! a located error or a located warning, at the prescription (or override) that causes it, in
//! the plan's `diagnostics` and, as text, its JSON `warnings`.

use deload_engine::Error;
use deload_engine::export::to_json;
use deload_engine::pipeline::{self, PipelineOptions};
use deload_engine::plan::{PlanOptions, Schedule, plan};
use deload_engine::programs::load_input;

use crate::plan_errors::{check, expect_warning, fixture};

/// Plans the fixture `name` (start 2026-01-05, `weeks` weeks).
fn plan_fixture(name: &str, weeks: u32) -> Result<Schedule, Error> {
    let (input, _) = load_input(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let opts = PlanOptions {
        start: Some(jiff::civil::date(2026, 1, 5)),
        weeks: Some(weeks),
        ..PlanOptions::default()
    };
    plan(&input, &opts)
}

/// The plan's one warning about its numbers, checked like an error; it is in the JSON's
/// `warnings` too, with its file, line and column.
fn one_warning(name: &str, weeks: u32, at: (usize, usize), message: &str, hint: &str) {
    let s = plan_fixture(name, weeks).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(s.diagnostics.len(), 1, "{name}: {:?}", s.diagnostics);
    check(&s.diagnostics[0], name, at.0, at.1, message, hint);
    let json: serde_json::Value =
        serde_json::from_str(&to_json(&s)).unwrap_or_else(|e| panic!("{e}"));
    let file = name.rsplit('/').next().unwrap_or(name);
    let prefix = format!("{file}:{}:{}: ", at.0, at.1);
    let warnings = json["warnings"].as_array().cloned().unwrap_or_default();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .is_some_and(|w| w.starts_with(&prefix) && w.contains(message))),
        "{name}: {warnings:?}"
    );
}

/// The plan fails with an error located at `at`.
fn plan_error(name: &str, weeks: u32, at: (usize, usize), message: &str, hint: &str) {
    let e = plan_fixture(name, weeks)
        .err()
        .unwrap_or_else(|| panic!("{name}: planned without an error"));
    check(&e, name, at.0, at.1, message, hint);
}

#[test]
fn above_the_one_rep_max_is_a_located_warning() {
    one_warning(
        "percent-high.yaml",
        3,
        (10, 19),
        "`Squat` goes above its one-rep max from week 1 (4 × 5, 105% 1RM)",
        "more than 100 % of the 1RM is more than a max",
    );
}

#[test]
fn a_load_of_zero_or_less_is_a_located_error() {
    // 20 kg, −2.5 kg a loading week: 0 kg in the ninth loading week (week 10, after a deload).
    plan_error(
        "negative-progression.yaml",
        12,
        (10, 19),
        "`Overhead press` comes to 0 kg in week 10 (A), a load of 0 or less",
        "a negative step lowers it every week",
    );
    // 1 kg rounds to 0 on 2.5 kg plates.
    plan_error(
        "rounds-to-zero.yaml",
        2,
        (14, 19),
        "`Lateral raise` comes to 0 kg in week 1 (A)",
        "under half a plate (2.5 kg) rounds to 0",
    );
}

#[test]
fn a_deload_never_rounds_a_load_to_zero() {
    // 2.5 kg × 0.9 = 2.25 kg: one plate, not 0.
    let s = plan_fixture("small-loads.yaml", 4).unwrap_or_else(|e| panic!("{e}"));
    assert!(s.weeks[3].is_deload);
    let raise = s.weeks[3]
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .find(|p| p.exercise == "Lateral raise")
        .map(|p| p.lines[0].load);
    assert_eq!(raise, Some(Some(2.5)));
    assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
}

#[test]
fn more_than_ten_sets_in_a_session_is_a_located_warning() {
    one_warning(
        "too-many-sets.yaml",
        3,
        (10, 19),
        "`Deadlift` has 13 working sets in one session (A), more than 10",
        "split them over two sessions",
    );
}

#[test]
fn failure_for_more_than_two_weeks_is_a_located_warning() {
    // RPE 8 + 0.5 a week: RPE 10 from the fifth loading week on; the deload in week 6 breaks
    // the run, then weeks 7 to 11 are at RPE 10 again.
    one_warning(
        "rpe-ten.yaml",
        12,
        (11, 19),
        "`Curl` is at RPE 10 (RIR 0) for 5 weeks in a row, weeks 7 to 11",
        "cap the RPE progression below 10",
    );
    // Up to two weeks at RPE 10 are allowed: six weeks have week 5 only.
    let short = plan_fixture("rpe-ten.yaml", 6).unwrap_or_else(|e| panic!("{e}"));
    assert!(short.diagnostics.is_empty(), "{:?}", short.diagnostics);
}

#[test]
fn weekly_sets_per_muscle_outside_4_to_30_are_located_warnings() {
    let s = plan_fixture("volume.yaml", 3).unwrap_or_else(|e| panic!("{e}"));
    let messages: Vec<&str> = s.diagnostics.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(s.diagnostics.len(), 2, "{messages:?}");
    // legs: 12 + 12 + 8 = 32 a week, first listed in session A; arms: 3, first listed in B.
    check(
        &s.diagnostics[0],
        "volume.yaml",
        8,
        14,
        "legs get 32 working sets a week in week 1, more than 30",
        "spread the work or cut it",
    );
    check(
        &s.diagnostics[1],
        "volume.yaml",
        13,
        14,
        "arms get 3 working sets a week in week 1, fewer than 4",
        "add sets for it",
    );
}

#[test]
fn a_change_or_swap_that_matches_several_lines_says_which() {
    expect_warning(
        "athletes/valid-change-many.yaml",
        8,
        17,
        "this change of `Deadlift` applies to 2 lines of the program: A (line 10), B (line 17)",
        "add `session: NAME`",
    );
    expect_warning(
        "athletes/valid-swap-many.yaml",
        8,
        13,
        "this swap of `Deadlift` applies to 2 lines of the program: A (line 10), B (line 17)",
        "add `session: NAME`",
    );
    // With `session:`, one line each and no warning.
    let (input, warnings) =
        load_input(&fixture("athletes/valid-swap-one.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let opts = PlanOptions {
        weeks: Some(1),
        ..PlanOptions::default()
    };
    let s = plan(&input, &opts).unwrap_or_else(|e| panic!("{e}"));
    let sessions: Vec<(String, String, u32)> = s.weeks[0]
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| {
            s.prescriptions
                .iter()
                .map(move |p| (s.name.clone(), p.exercise.clone(), p.sets))
        })
        .collect();
    let want = |s: &str, e: &str, n: u32| (s.to_string(), e.to_string(), n);
    assert_eq!(
        sessions,
        vec![
            want("A", "Deadlift", 5),
            want("B", "Trap bar deadlift", 4),
            want("B", "Squat", 4)
        ]
    );
}

#[test]
fn options_out_of_range_are_errors_with_the_files_limits() {
    let (input, _) = load_input(&fixture("valid.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let start = Some(jiff::civil::date(2026, 1, 5));
    let since = plan(
        &input,
        &PlanOptions {
            start,
            weeks_since_deload: Some(100_000),
            ..PlanOptions::default()
        },
    )
    .err()
    .map(|e| e.message);
    assert_eq!(
        since.as_deref(),
        Some("100000 weeks since the last deload is more than the 520 accepted")
    );
    for years in [1000.0, -1.0, f64::NAN] {
        let e = plan(
            &input,
            &PlanOptions {
                start,
                training_years: Some(years),
                ..PlanOptions::default()
            },
        )
        .err()
        .map(|e| e.message);
        assert!(
            e.as_deref()
                .is_some_and(|m| m.ends_with("years of training is not possible")),
            "{years}: {e:?}"
        );
    }
    // The limits themselves are accepted.
    let edge = PlanOptions {
        start,
        weeks_since_deload: Some(520),
        training_years: Some(80.0),
        ..PlanOptions::default()
    };
    assert!(plan(&input, &edge).is_ok());
}

#[test]
fn the_pipeline_passes_the_plans_warnings_on() {
    let mut opts = PipelineOptions::new(jiff::civil::date(2026, 1, 1));
    opts.plan.weeks = Some(3);
    let planned = pipeline::plan_file(&fixture("too-many-sets.yaml"), &opts)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(planned.warnings.len(), 1, "{:?}", planned.warnings);
    assert!(planned.warnings[0].message.contains("13 working sets"));
}

#[test]
fn the_48_hour_warning_counts_in_plain_english() {
    let text = "name: Legs twice\nsessions_per_week: 2\nblocks:\n  - { name: B, weeks: 40 }\nsessions:\n  - { name: A, muscles: [legs], heavy: true, exercises: [{ exercise: Squat, sets: 4, reps: 5, rpe: 7 }] }\n  - { name: C, muscles: [legs], heavy: true, exercises: [{ exercise: Lunge, sets: 4, reps: 8, rpe: 7 }] }\n";
    let (program, _) =
        deload_engine::programs::parse_program_text(text, std::path::Path::new("legs.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
    let athlete = deload_engine::programs::Athlete {
        name: "T".into(),
        available_days: Some(vec![
            deload_engine::programs::Weekday::Mon,
            deload_engine::programs::Weekday::Tue,
        ]),
        ..deload_engine::programs::Athlete::default()
    };
    let input = deload_engine::programs::PlanInput {
        program,
        athlete: Some(athlete),
    };
    for (weeks, said) in [(30, "(30 times in the plan)"), (1, "(1 time in the plan)")] {
        let opts = PlanOptions {
            start: Some(jiff::civil::date(2026, 1, 5)),
            weeks: Some(weeks),
            ..PlanOptions::default()
        };
        let s = plan(&input, &opts).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            s.warnings
                .iter()
                .any(|w| w.contains("48 h apart") && w.contains(said)),
            "{weeks}: {:?}",
            s.warnings
        );
    }
}
