//! No silent nonsense, through the binary: every check of issue #12's list is a located error
//! (exit code 1, nothing written) or a located warning (printed by `plan`, `check` and `build`,
//! and in the JSON's `warnings`), at the file, line and column of the prescription that causes it.

use crate::support::{Fixture, deload, repo};

/// `deload plan FILE --format json` plus `extra`, from the repository.
fn plan_json(file: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["plan", file, "--format", "json", "--start", "2027-01-04"];
    args.extend_from_slice(extra);
    deload(&repo(), &args)
}

/// The plan succeeds, warns at `at` (`file:line:col`) with `message` on stderr, and the JSON's
/// `warnings` hold the same warning.
fn warns(file: &str, extra: &[&str], at: &str, message: &str) {
    let out = plan_json(file, extra);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("warning:"), "{stderr}");
    assert!(
        stderr.contains(message),
        "stderr lacks {message:?}:\n{stderr}"
    );
    assert!(
        stderr.contains(&format!("{file}:{at}")),
        "stderr lacks {file}:{at}:\n{stderr}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let name = file.rsplit('/').next().unwrap();
    let located = format!("{name}:{at}: ");
    assert!(
        v["warnings"].as_array().unwrap().iter().any(|w| {
            let w = w.as_str().unwrap_or("");
            w.starts_with(&located) && w.contains(message)
        }),
        "JSON warnings lack {located}{message}: {}",
        v["warnings"]
    );
}

/// The plan fails with `message` located at `at`, and prints nothing.
fn fails(file: &str, extra: &[&str], at: &str, message: &str) {
    let out = plan_json(file, extra);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(
        stderr.contains(message),
        "stderr lacks {message:?}:\n{stderr}"
    );
    if !at.is_empty() {
        assert!(
            stderr.contains(&format!("{file}:{at}")),
            "stderr lacks {file}:{at}:\n{stderr}"
        );
    }
    assert!(stderr.contains("help:"), "{stderr}");
}

const D: &str = "tests/fixtures/plans";

#[test]
fn above_the_max_warns() {
    warns(
        &format!("{D}/percent-high.yaml"),
        &["--weeks", "3"],
        "10:19",
        "`Squat` goes above its one-rep max from week 1",
    );
}

#[test]
fn zero_percent_and_loads_of_zero_or_less_fail() {
    fails(
        &format!("{D}/percent-zero.yaml"),
        &[],
        "13:18",
        "0% of the 1RM is no load",
    );
    fails(
        &format!("{D}/negative-progression.yaml"),
        &["--weeks", "12"],
        "10:19",
        "`Overhead press` comes to 0 kg in week 10",
    );
    fails(
        &format!("{D}/rounds-to-zero.yaml"),
        &[],
        "14:19",
        "`Lateral raise` comes to 0 kg in week 1",
    );
}

#[test]
fn too_many_sets_warns() {
    warns(
        &format!("{D}/too-many-sets.yaml"),
        &["--weeks", "3"],
        "10:19",
        "`Deadlift` has 13 working sets in one session (A), more than 10",
    );
}

#[test]
fn failure_every_week_warns() {
    warns(
        &format!("{D}/rpe-ten.yaml"),
        &["--weeks", "12"],
        "11:19",
        "`Curl` is at RPE 10 (RIR 0) for 5 weeks in a row, weeks 7 to 11",
    );
}

#[test]
fn weekly_volume_out_of_range_warns() {
    let file = format!("{D}/volume.yaml");
    warns(
        &file,
        &["--weeks", "3"],
        "8:14",
        "legs get 32 working sets a week",
    );
    warns(
        &file,
        &["--weeks", "3"],
        "13:14",
        "arms get 3 working sets a week",
    );
}

#[test]
fn empty_names_fail() {
    fails(
        &format!("{D}/empty-exercise.yaml"),
        &[],
        "10:19",
        "an exercise without a name",
    );
    fails(
        &format!("{D}/empty-session.yaml"),
        &[],
        "7:11",
        "a session without a name",
    );
}

#[test]
fn overrides_matching_several_lines_warn() {
    warns(
        &format!("{D}/athletes/valid-change-many.yaml"),
        &["--weeks", "2"],
        "8:17",
        "this change of `Deadlift` applies to 2 lines of the program: A (line 10), B (line 17)",
    );
    warns(
        &format!("{D}/athletes/valid-swap-many.yaml"),
        &["--weeks", "2"],
        "8:13",
        "this swap of `Deadlift` applies to 2 lines of the program",
    );
}

#[test]
fn history_flags_share_the_files_limits() {
    let file = "programs/athletes/sam.yaml";
    fails(
        file,
        &["--weeks-since-deload", "100000"],
        "",
        "--weeks-since-deload 100000 is more than the 520 accepted",
    );
    fails(
        file,
        &["--training-years", "1000"],
        "",
        "--training-years 1000 is not possible",
    );
    fails(
        file,
        &["--training-years=-1"],
        "",
        "--training-years -1 is not possible",
    );
    // The limits themselves are fine.
    let out = plan_json(
        file,
        &["--weeks-since-deload", "520", "--training-years", "80"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_and_build_show_the_plans_warnings() {
    // The shipped site: its Programs section is published and has the guidance pages plans
    // link to.
    let f = Fixture::shipped();
    f.write(
        "programs/thirteen.yaml",
        &std::fs::read_to_string(repo().join(D).join("too-many-sets.yaml")).unwrap(),
    );
    for command in ["check", "build"] {
        let out = f.run(&[command]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{command}: {stderr}");
        assert!(
            stderr.contains("`Deadlift` has 13 working sets in one session"),
            "{command}: {stderr}"
        );
        assert!(
            stderr.contains("thirteen.yaml:10:19"),
            "{command}: {stderr}"
        );
        // Planned for three levels, reported once.
        assert_eq!(
            stderr.matches("13 working sets").count(),
            1,
            "{command}: {stderr}"
        );
    }
}
