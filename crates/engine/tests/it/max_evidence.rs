//! Where a re-plan's max comes from (issue #24, re-plan point 5): by recency and evidence, not by
//! position in the file. Sam (the README's sample athlete: squat max 80 kg in the athlete file,
//! 1.25 kg microplates, plan from 2026-01-05) with Strong logs that hold one week before the plan
//! and a 5 × 80 kg squat in it on 2026-03-02 (e1RM 93.3).

use std::path::{Path, PathBuf};

use deload_engine::pipeline::{PipelineOptions, replan_file};
use deload_engine::programs::{Base, Units};
use deload_engine::replan::{MaxUpdate, Replan};
use jiff::civil::date;

use crate::support::program;

/// A site holding Sam's program and Sam with `maxes` (YAML lines under `maxes:`), and a Strong
/// log of 3 sets of 5 squats at each `(day, kg)`, without an RPE.
fn sam_with(dir: &Path, maxes: &str, squats: &[(&str, u32)]) -> (PathBuf, PathBuf) {
    let squats: Vec<(&str, u32, &str)> = squats.iter().map(|&(d, kg)| (d, kg, "")).collect();
    sam_logged(dir, maxes, &squats)
}

/// [`sam_with`], each day's sets at their `(day, kg, RPE)` (an empty RPE: none logged).
fn sam_logged(dir: &Path, maxes: &str, squats: &[(&str, u32, &str)]) -> (PathBuf, PathBuf) {
    let write = |p: &Path, text: &str| std::fs::write(p, text).unwrap_or_else(|e| panic!("{e}"));
    let athletes = dir.join("programs/athletes");
    std::fs::create_dir_all(&athletes).unwrap_or_else(|e| panic!("{e}"));
    let shipped =
        std::fs::read_to_string(program("novice-full-body.yaml")).unwrap_or_else(|e| panic!("{e}"));
    write(&dir.join("programs/novice-full-body.yaml"), &shipped);
    let sam = format!(
        "program: ../novice-full-body.yaml\nname: Sam\nhistory:\n  level: novice\n  weeks_since_deload: 0\n  sleep_hours: 7.5\nstart: 2026-01-05\navailable_days: [mon, wed, fri, sat]\nmaxes:\n{maxes}plate_increment: 1.25\n"
    );
    let athlete = athletes.join("sam.yaml");
    write(&athlete, &sam);
    let mut log = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for (day, kg, rpe) in squats {
        for order in 1..=3 {
            log.push_str(&format!(
                "{day} 18:00:00,Full body A,1h,Squat (Barbell),{order},{kg},5,0,0,,,{rpe}\n"
            ));
        }
    }
    let log_file = dir.join("log.csv");
    write(&log_file, &log);
    (athlete, log_file)
}

/// The re-plan of Sam on 2026-03-08 with the log.
fn replan(athlete: &Path, log: &Path) -> Replan {
    let mut opts = PipelineOptions::new(date(2026, 3, 8));
    opts.import.units = Some(Units::Kg);
    replan_file(athlete, log, &opts)
        .unwrap_or_else(|e| panic!("{}", e.render(deload_engine::Severity::Error, false)))
        .replan
}

fn squat(r: &Replan) -> &MaxUpdate {
    r.maxes
        .iter()
        .find(|m| m.exercise == "Back squat" && m.base == Base::OneRm)
        .unwrap_or_else(|| panic!("no squat 1RM in {:?}", r.maxes))
}

const STATED: &str =
    "  Back squat: 80 kg\n  Bench press: 55 kg\n  Overhead press: 35 kg\n  Deadlift: 100 kg\n";
/// No squat max: the athlete file names its log, whose sets give the missing max.
const NO_SQUAT: &str =
    "  Bench press: 55 kg\n  Overhead press: 35 kg\n  Deadlift: 100 kg\nlog: ../../log.csv\n";

#[test]
fn an_old_light_week_is_set_aside_and_the_cap_applies_to_the_stated_max() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (athlete, log) = sam_with(
        dir.path(),
        STATED,
        &[("2025-10-06", 50), ("2026-03-02", 80)],
    );
    let s = replan(&athlete, &log);
    let s = squat(&s);
    assert_eq!((s.planned, s.updated), (80.0, 83.75), "{s:?}");
    assert_eq!(
        s.reason,
        "1RM raised from 80 to 83.75: e1RM 93.3 (5 × 80 kg on 2026-03-02), above the planned 1RM \
         of 80, capped at +5 % a re-plan; set aside: e1RM 58.3 (5 × 50 kg in the week of \
         2025-10-06): lighter than the stated max, and sets below a max are no evidence that it \
         is lower"
    );
    assert!(!s.reason.contains("from 58.3"), "{}", s.reason);
}

#[test]
fn a_stale_logged_max_does_not_cap_the_rise_of_a_lift_with_newer_heavier_sets() {
    // No squat max in the athlete file: the plan's 1RM is the October week's e1RM, 58.3 kg,
    // 12 weeks before the plan. The 5 × 80 kg squat (e1RM 93.3) raises it to 92.5 (93.3 down to
    // the 1.25 kg plate), not to 61.25 (+5 % of a stale max).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (athlete, log) = sam_with(
        dir.path(),
        NO_SQUAT,
        &[("2025-10-06", 50), ("2026-03-02", 80)],
    );
    let s = replan(&athlete, &log);
    let s = squat(&s);
    assert_eq!(
        (s.planned, s.updated, s.change.as_str()),
        (58.3, 92.5, "raised"),
        "{s:?}"
    );
    assert_eq!(
        s.reason,
        "1RM raised from 58.3 to 92.5: e1RM 93.3 (5 × 80 kg on 2026-03-02), above the planned 1RM \
         of 58.3, not capped at +5 %: the planned 1RM rests on e1RM 58.3 (5 × 50 kg in the week \
         of 2025-10-06), 12 weeks before the plan, a stale max"
    );
}

#[test]
fn old_heavier_sets_do_not_move_a_stated_max_and_recent_ones_do() {
    // 5 × 90 kg (e1RM 105) in October: too old to replace the stated 80 kg, which then rises by
    // the capped 5 % (83.75 on 1.25 kg plates).
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (athlete, log) = sam_with(
        dir.path(),
        STATED,
        &[("2025-10-06", 90), ("2026-03-02", 80)],
    );
    let s = replan(&athlete, &log);
    let s = squat(&s);
    assert_eq!((s.planned, s.updated), (80.0, 83.75), "{s:?}");
    assert!(
        s.reason.ends_with(
            "; set aside: e1RM 105 (5 × 90 kg in the week of 2025-10-06): 12 weeks before the \
             plan, too old to move a stated max"
        ),
        "{}",
        s.reason
    );
    // The same sets in the week before the plan: newer and heavier, so the plan's 1RM is 105
    // and the 5 × 80 kg of March (e1RM 93.3) says nothing of a lower max.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (athlete, log) = sam_with(
        dir.path(),
        STATED,
        &[("2025-12-29", 90), ("2026-03-02", 80)],
    );
    let s = replan(&athlete, &log);
    let s = squat(&s);
    assert_eq!(
        (s.planned, s.updated, s.change.as_str()),
        (105.0, 105.0, "kept"),
        "{s:?}"
    );
    assert!(
        s.reason
            .ends_with("; set aside: the athlete file's 80 kg, below what the log shows"),
        "{}",
        s.reason
    );
}

#[test]
fn a_recent_set_near_failure_lowers_a_stated_max_and_others_do_not() {
    // The week before the plan, 3 × 5 × 65 kg squats (Epley's e1RM 75.8) under Sam's stated
    // 80 kg. At RPE 10 they measure the max: the plan's 1RM is 75.8. At RPE 9 (a rep in reserve,
    // counted as a sixth rep) it is 78. At RPE 8, or with no RPE, they only bound it from below,
    // and the stated 80 kg stands.
    let lighter = "; set aside: e1RM 75.8 (5 × 65 kg in the week of 2025-12-29): lighter than the \
                   stated max, and sets below a max are no evidence that it is lower";
    for (rpe, planned, set_aside) in [
        (
            "10",
            75.8,
            "; set aside: the athlete file's 80 kg: above e1RM 75.8 (5 × 65 kg at RPE 10 in the \
             week of 2025-12-29), a recent set near failure",
        ),
        (
            "9",
            78.0,
            "; set aside: the athlete file's 80 kg: above e1RM 78 (5 × 65 kg at RPE 9 in the \
             week of 2025-12-29), a recent set near failure",
        ),
        ("8", 80.0, lighter),
        ("", 80.0, lighter),
    ] {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let (athlete, log) = sam_logged(
            dir.path(),
            STATED,
            &[("2025-12-29", 65, rpe), ("2026-03-02", 80, "")],
        );
        let r = replan(&athlete, &log);
        let s = squat(&r);
        assert_eq!(s.planned, planned, "RPE {rpe}: {s:?}");
        assert!(s.reason.ends_with(set_aside), "RPE {rpe}: {}", s.reason);
    }
}
