//! One test per bad input: the message, the file:line:column and the hint.

use std::path::PathBuf;

use deload_engine::Error;
use deload_engine::plan::{PlanOptions, plan};
use deload_engine::programs::load_input;

/// A file of `tests/fixtures/plans/`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    crate::support::fixture(&format!("plans/{name}"))
}

/// Loads `name`, expecting an error; checks message, position and hint.
fn expect_err(name: &str, line: usize, column: usize, message: &str, hint: &str) -> Error {
    let Err(e) = load_input(&fixture(name)) else {
        panic!("{name}: loaded without error")
    };
    check(&e, name, line, column, message, hint);
    e
}

pub(crate) fn check(e: &Error, name: &str, line: usize, column: usize, message: &str, hint: &str) {
    let position = e.position().unwrap_or_default();
    assert!(
        position.ends_with(&format!("{name}:{line}:{column}")),
        "{name}: position {position}, want {line}:{column} ({e})"
    );
    assert!(
        e.message.contains(message),
        "{name}: message {:?}",
        e.message
    );
    let h = e.hint.as_deref().unwrap_or("");
    assert!(h.contains(hint), "{name}: hint {h:?}");
    if name != "empty.yaml" {
        assert!(
            e.source_line.is_some(),
            "{name}: no source line for the snippet"
        );
    }
}

/// Loads `name`, expecting success with exactly one warning; checks it like an error.
pub(crate) fn expect_warning(name: &str, line: usize, column: usize, message: &str, hint: &str) {
    let (_, warnings) = load_input(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(warnings.len(), 1, "{name}: {warnings:?}");
    check(&warnings[0], name, line, column, message, hint);
}

#[test]
fn valid_fixtures_load_cleanly() {
    for name in ["valid.yaml", "athletes/valid.yaml"] {
        let (_, warnings) = load_input(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(warnings.is_empty(), "{name}: {warnings:?}");
    }
}

#[test]
fn malformed_yaml() {
    // The unclosed `[legs` on line 8 is detected where the next line starts.
    expect_err(
        "malformed.yaml",
        9,
        14,
        "did not find expected ','",
        "check the YAML syntax",
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    expect_err(
        "unknown-key.yaml",
        12,
        9,
        "unknown field `repz`",
        "did you mean `reps`?",
    );
    expect_err(
        "athletes/unknown-key.yaml",
        4,
        3,
        "unknown field `levl`",
        "did you mean `level`?",
    );
}

#[test]
fn wrong_type() {
    expect_err(
        "wrong-type.yaml",
        11,
        15,
        "invalid type: string \"three\"",
        "write a whole number",
    );
}

#[test]
fn zero_or_negative_sets_reps_weeks() {
    expect_err(
        "zero-sets.yaml",
        11,
        15,
        "sets must be at least 1, not 0",
        "from 1 to 100",
    );
    expect_err(
        "negative-sets.yaml",
        18,
        15,
        "sets must be at least 1, not -2",
        "from 1 to 100",
    );
    expect_err(
        "zero-reps.yaml",
        12,
        15,
        "reps must be at least 1, not 0",
        "from 1 to 1000",
    );
    expect_err(
        "zero-weeks.yaml",
        5,
        12,
        "weeks must be at least 1, not 0",
        "from 1 to 520",
    );
}

#[test]
fn upside_down_rep_range() {
    expect_err(
        "upside-down.yaml",
        19,
        15,
        "`12-8` is upside down",
        "`8-12`",
    );
}

#[test]
fn percent_of_0_or_below_is_an_error() {
    expect_err(
        "percent-negative.yaml",
        13,
        18,
        "-5% of the 1RM is no load",
        "above 0",
    );
    expect_err(
        "percent-zero.yaml",
        13,
        18,
        "0% of the 1RM is no load",
        "above 0",
    );
}

#[test]
fn empty_names_are_errors() {
    expect_err(
        "empty-exercise.yaml",
        10,
        19,
        "an exercise without a name",
        "give the exercise a name",
    );
    expect_err(
        "empty-session.yaml",
        7,
        11,
        "a session without a name",
        "give it a name",
    );
}

#[test]
fn seven_sessions_a_week() {
    expect_err(
        "seven-sessions.yaml",
        2,
        20,
        "7 sessions a week leaves no rest day",
        "at least one full rest day",
    );
}

#[test]
fn fewer_available_days_than_sessions() {
    expect_err(
        "athletes/few-days.yaml",
        8,
        1,
        "1 available day for 2 sessions a week",
        "make at least 2 days available",
    );
}

#[test]
fn deload_cadence_outside_4_to_6_warns() {
    expect_warning(
        "deload-every-8.yaml",
        22,
        10,
        "every 8 weeks is outside the recommended 4 to 6",
        "fatigue pile up",
    );
    expect_warning(
        "athletes/deload-every-3.yaml",
        8,
        15,
        "every 3 weeks is outside the recommended 4 to 6",
        "4 to 6",
    );
    expect_err(
        "deload-every-1.yaml",
        22,
        10,
        "a deload every 1 week is not possible",
        "from 2 to 52",
    );
}

#[test]
fn missing_program_points_at_the_program_line() {
    expect_err(
        "athletes/missing-program.yaml",
        1,
        10,
        "the program file does not exist",
        "relative to the athlete file",
    );
}

#[test]
fn percent_without_a_max_is_an_error_for_an_athlete() {
    let e = expect_err(
        "athletes/no-max.yaml",
        6,
        1,
        "no one-rep max for `Squat`",
        "add it under `maxes:`, e.g. `Squat: 100 kg`",
    );
    assert!(
        e.notes.iter().any(|n| n.contains("valid.yaml")),
        "{:?}",
        e.notes
    );
}

#[test]
fn percent_without_a_max_is_fine_for_a_bare_program() {
    let (input, _) = load_input(&fixture("valid.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let opts = PlanOptions {
        start: Some(jiff::civil::date(2026, 1, 5)),
        ..PlanOptions::default()
    };
    let s = plan(&input, &opts).unwrap_or_else(|e| panic!("{e}"));
    let squat = &s.weeks[0]
        .days
        .iter()
        .find_map(|d| d.session())
        .map(|s| s.prescriptions[0].clone());
    let squat = squat.as_ref().unwrap_or_else(|| panic!("no session"));
    let line = &squat.lines[0];
    assert_eq!((line.intensity.as_str(), line.load), ("70% 1RM", None));
}

#[test]
fn empty_and_comment_only_files() {
    expect_err("empty.yaml", 1, 1, "the file is empty", "write the program");
    let e = load_input(&fixture("blank.yaml")).err().map(|e| e.message);
    assert_eq!(e.as_deref(), Some("the file is empty"));
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("photo.yaml");
    std::fs::write(&path, b"name: x\n\x00\x01\x02").unwrap_or_else(|e| panic!("{e}"));
    let e = load_input(&path)
        .err()
        .unwrap_or_else(|| panic!("loaded a binary file"));
    assert_eq!(e.message, "this is a binary file, not YAML text");
    assert_eq!(e.location.map(|l| (l.line, l.column)), Some((2, 1)));
    assert!(e.hint.as_deref().unwrap_or("").contains(".yaml text file"));
}

#[test]
fn extends_cycle() {
    // Loading cycle-a reaches cycle-b, whose `extends: cycle-a.yaml` closes the cycle: the error
    // points at that line.
    let e = load_input(&fixture("cycle-a.yaml"))
        .err()
        .unwrap_or_else(|| panic!("a cycle loaded"));
    check(
        &e,
        "cycle-b.yaml",
        2,
        10,
        "`extends` cycle: cycle-a.yaml → cycle-b.yaml → cycle-a.yaml",
        "cannot extend itself",
    );
}

#[test]
fn extends_missing_file_and_errors_in_the_child() {
    expect_err(
        "extends-missing.yaml",
        2,
        10,
        "does not exist",
        "relative to this file's folder",
    );
    // A bad value in the child is reported in the child, not in the parent.
    expect_err(
        "child-bad.yaml",
        8,
        15,
        "sets must be at least 1, not 0",
        "from 1 to 100",
    );
}

#[test]
fn unknown_session_in_a_block() {
    expect_err(
        "unknown-session.yaml",
        6,
        19,
        "no session is called `C`",
        "Sessions: A, B",
    );
}

#[test]
fn rotation_needs_sessions_per_week() {
    expect_err(
        "rotation-no-spw.yaml",
        2,
        1,
        "a rotation needs `sessions_per_week`",
        "training days a week",
    );
}

#[test]
fn bad_progression_and_two_intensities() {
    expect_err(
        "bad-progression.yaml",
        21,
        1,
        "unknown progression `linaer`",
        "did you mean `linear`?",
    );
    expect_err(
        "two-intensities.yaml",
        20,
        9,
        "gives both `rpe` and `rir`",
        "one intensity per exercise",
    );
}

#[test]
fn athlete_values() {
    expect_err(
        "athletes/bad-day.yaml",
        8,
        23,
        "`thurs` is not a day of the week",
        "did you mean `thu`?",
    );
    expect_err(
        "athletes/bad-swap.yaml",
        10,
        13,
        "no exercise called `Sqat`",
        "did you mean `Squat`?",
    );
    expect_err(
        "athletes/bad-date.yaml",
        5,
        8,
        "cannot read the start date `2026-13-05`",
        "YYYY-MM-DD",
    );
    expect_err(
        "athletes/bad-level.yaml",
        4,
        10,
        "unknown variant `expert`",
        "novice, intermediate, advanced",
    );
    expect_err(
        "athletes/bad-max.yaml",
        7,
        10,
        "cannot read the max for `Squat`",
        "140 kg",
    );
}

#[test]
fn plan_rejects_bad_options() {
    let (input, _) = load_input(&fixture("valid.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let no_start = plan(&input, &PlanOptions::default())
        .err()
        .map(|e| e.message);
    assert_eq!(no_start.as_deref(), Some("no start date"));
    let start = Some(jiff::civil::date(2026, 1, 5));
    let zero = plan(
        &input,
        &PlanOptions {
            start,
            weeks: Some(0),
            ..PlanOptions::default()
        },
    );
    assert!(zero.err().is_some_and(|e| e.message.contains("0 weeks")));
    let long = plan(
        &input,
        &PlanOptions {
            start,
            weeks: Some(10_000),
            ..PlanOptions::default()
        },
    );
    assert!(
        long.err()
            .is_some_and(|e| e.message.contains("longer than"))
    );
    let late = plan(
        &input,
        &PlanOptions {
            start: Some(jiff::civil::date(9999, 12, 1)),
            weeks: Some(10),
            ..PlanOptions::default()
        },
    );
    assert!(
        late.err()
            .is_some_and(|e| e.message.contains("end of the calendar"))
    );
}
