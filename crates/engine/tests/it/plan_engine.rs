//! Loads every shipped program and athlete, plans 24 weeks at each history level, and checks
//! every domain rule; plus targeted checks of the shipped examples.

use deload_engine::plan::{DayKind, Line, PlanOptions, Schedule, plan};
use deload_engine::programs::{Level, PlanInput, Units};
use jiff::civil::date;

use crate::support::{load, program, rules, shipped, start};

#[test]
fn ships_enough_programs_and_athletes() {
    let files = shipped();
    let programs = files
        .iter()
        .filter(|p| !p.to_string_lossy().contains("athletes"))
        .count();
    let athletes = files.len() - programs;
    assert!(programs >= 5, "{files:?}");
    assert!(athletes >= 2, "{files:?}");
}

#[test]
fn every_shipped_file_obeys_every_rule_at_every_level() {
    for path in shipped() {
        let input = load(&path);
        let history = input
            .athlete
            .as_ref()
            .map(|a| a.history.clone())
            .unwrap_or_default();
        for level in [Level::Novice, Level::Intermediate, Level::Advanced] {
            for since in [0u32, 2, 9] {
                let opts = PlanOptions {
                    level: Some(level),
                    weeks_since_deload: Some(since),
                    start: Some(start()),
                    weeks: Some(24),
                    ..PlanOptions::default()
                };
                let s = plan(&input, &opts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let k = rules::expected_k(level, history.sleep_hours, history.signs.len());
                let expect = rules::Expect {
                    k,
                    since,
                    early: false,
                };
                rules::check(&s, &input, 24, expect);
                let waves = input.program.wave.is_some();
                if since == 0 && !waves {
                    let deloads: Vec<u32> = s
                        .weeks
                        .iter()
                        .filter(|w| w.is_deload)
                        .map(|w| w.number)
                        .collect();
                    // On block ends inside the window K − 1 ..= K + 1, else every K weeks.
                    let program = &input.program;
                    let blocks: Vec<u32> = program.blocks.iter().map(|b| b.weeks).collect();
                    let expected = rules::expected_deloads(expect, None, &blocks, 24);
                    assert_eq!(deloads, expected, "{}: {level}", path.display());
                }
            }
        }
    }
}

#[test]
fn default_length_is_one_pass_plus_deloads() {
    for path in shipped() {
        let input = load(&path);
        let opts = PlanOptions {
            start: Some(start()),
            ..PlanOptions::default()
        };
        let s = plan(&input, &opts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let loading = s.weeks.iter().filter(|w| !w.is_deload).count() as u32;
        let program =
            deload_engine::programs::effective_program(&input.program, input.athlete.as_ref());
        assert_eq!(loading, program.loading_weeks(), "{}", path.display());
        assert!(
            !s.weeks.last().is_some_and(|w| w.is_deload),
            "ends on a loading week"
        );
    }
}

fn sam() -> (PlanInput, Schedule) {
    let input = load(&program("athletes/sam.yaml"));
    let s = plan(
        &input,
        &PlanOptions {
            weeks: Some(12),
            ..PlanOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (input, s)
}

/// The first line of `exercise` in week `week` (1-based).
fn first_line(s: &Schedule, week: usize, exercise: &str) -> Line {
    s.weeks[week - 1]
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .find(|p| p.exercise == exercise)
        .and_then(|p| p.lines.first().cloned())
        .unwrap_or_else(|| panic!("no {exercise} in week {week}"))
}

#[test]
fn sam_novice_plan() {
    let (_, s) = sam();
    assert_eq!(s.athlete.as_deref(), Some("Sam"));
    assert_eq!(s.start, date(2026, 1, 5));
    assert_eq!(s.level, Level::Novice);
    assert_eq!(s.deload_every, 6);
    assert_eq!(s.training_days, vec!["Monday", "Wednesday", "Friday"]);
    // Sam has 1.25 kg microplates. 57.5 % of 80 kg = 46 → 46.25 kg; then +2.5 points of the
    // 1RM a loading week, printed as they are.
    let w1 = first_line(&s, 1, "Back squat");
    assert_eq!((w1.intensity.as_str(), w1.load), ("57.5% 1RM", Some(46.25)));
    let w5 = first_line(&s, 5, "Back squat");
    assert_eq!((w5.intensity.as_str(), w5.load), ("67.5% 1RM", Some(53.75)));
    // Week 6 is the deload: at most 0.9 × the week-5 load, rounded down to the plate
    // (53.75 × 0.9 = 48.4 → 47.5 kg, 59.4 % of 80), not to the nearest (48.75 kg, 0.91 ×).
    assert!(s.weeks[5].is_deload);
    let w6 = first_line(&s, 6, "Back squat");
    assert_eq!((w6.intensity.as_str(), w6.load), ("59.4% 1RM", Some(47.5)));
    // The squat is the session's main lift: 3 sets keep 2; the bench after it keeps 1.
    let deload_sets: Vec<u32> = s.weeks[5].days[0]
        .session()
        .map(|s| s.prescriptions.iter().map(|p| p.sets).collect())
        .unwrap_or_default();
    assert_eq!(deload_sets, vec![2, 1, 1, 1]);
    // Week 7 resumes where week 5 left off: one step further, not two.
    let w7 = first_line(&s, 7, "Back squat");
    assert_eq!((w7.intensity.as_str(), w7.load), ("70% 1RM", Some(56.25)));
    // The swap and the set change apply.
    let names: Vec<&str> = s.weeks[0]
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| s.prescriptions.iter().map(|p| p.exercise.as_str()))
        .collect();
    assert!(names.contains(&"Chest-supported dumbbell row"));
    assert!(!names.contains(&"Barbell row"));
    let plank = s.weeks[0].days[0]
        .session()
        .and_then(|s| s.prescriptions.iter().find(|p| p.exercise == "Plank"))
        .map(|p| p.sets);
    assert_eq!(plank, Some(3));
}

#[test]
fn alex_deloads_early_and_often() {
    let input = load(&program("athletes/alex.yaml"));
    let s = plan(&input, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.level, Level::Advanced);
    assert_eq!(
        s.level_reason,
        "4 years of training → advanced (2 years or more)"
    );
    assert_eq!(s.deload_every, 4);
    assert!(
        s.cadence_reason.contains("sleep under 7 h (6 h)"),
        "{}",
        s.cadence_reason
    );
    // Three weeks since the last deload: the first comes in week 1.
    assert_eq!(s.first_deload_week, 1);
    assert!(s.weeks[0].is_deload);
    let reason = s.weeks[0].deload_reason.clone().unwrap_or_default();
    assert!(reason.contains("brought forward to week 1"), "{reason}");
    // Squat and deadlift days (both heavy legs) are never on consecutive days.
    assert!(s.days_reason.contains("48 h"), "{}", s.days_reason);
}

#[test]
fn jordan_intermediate_markers_shorten_cadence() {
    let input = load(&program("athletes/jordan.yaml"));
    let s = plan(&input, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.level, Level::Intermediate);
    assert_eq!(s.deload_every, 4);
    assert!(
        s.cadence_reason.contains("one week sooner"),
        "{}",
        s.cadence_reason
    );
    assert_eq!(s.first_deload_week, 2);
    // Jordan plans in lb (the program is in kg): TM 85 % of 225 lb = 191.25 lb; week 1 is
    // 4 × 8 at 75 % of it = 143.4 → 145 lb on 5 lb plates.
    assert_eq!(s.units, Units::Lb);
    let bench = first_line(&s, 1, "Bench press");
    assert_eq!(
        (bench.intensity.as_str(), bench.load),
        ("75% TM", Some(145.0))
    );
    assert_eq!(bench.base_load, Some(191.25));
}

#[test]
fn rotation_continues_across_weeks() {
    let input = load(&program("rotation-abc.yaml"));
    let s = plan(
        &input,
        &PlanOptions {
            start: Some(start()),
            weeks: Some(3),
            ..PlanOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let order: String = s
        .weeks
        .iter()
        .flat_map(|w| &w.days)
        .filter_map(|d| d.session())
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(order, "ABCABCABCABC");
}

#[test]
fn bare_percent_program_shows_percentages_without_loads() {
    let input = load(&program("advanced-split.yaml"));
    let s = plan(
        &input,
        &PlanOptions {
            start: Some(start()),
            weeks: Some(1),
            ..PlanOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let squat = s.weeks[0]
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .find(|p| p.exercise == "Back squat")
        .cloned();
    let squat = squat.unwrap_or_else(|| panic!("no squat"));
    assert_eq!(squat.lines[0].intensity, "78% TM");
    assert_eq!(squat.lines[0].load, None);
}

#[test]
fn extends_replaces_sessions_and_keeps_blocks() {
    let base = load(&program("novice-full-body.yaml"));
    let db = load(&program("novice-full-body-dumbbell.yaml"));
    assert_eq!(db.program.name, "Novice full body (dumbbells)");
    assert_eq!(db.program.blocks, base.program.blocks);
    assert_eq!(
        db.program.progression,
        Some(deload_engine::programs::Progression::Double(2.5))
    );
    assert_eq!(db.program.sessions_per_week, 3);
    assert_eq!(db.program.sessions.len(), 3);
    assert_eq!(
        db.program.sessions[0].exercises[0].exercise,
        "Dumbbell goblet squat"
    );
}

#[test]
fn schedule_serialises_with_stable_fields() {
    let (_, s) = sam();
    let v = serde_json::to_value(&s).unwrap_or_default();
    for key in [
        "athlete",
        "program",
        "description",
        "units",
        "start",
        "end",
        "level",
        "level_reason",
        "deload_every",
        "cadence_reason",
        "first_deload_week",
        "training_days",
        "days_reason",
        "warnings",
        "weeks",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["start"], "2026-01-05");
    let day = &v["weeks"][0]["days"][0];
    assert_eq!(day["kind"], "session");
    assert!(day["rest"].is_null());
    assert_eq!(
        day["session"]["prescriptions"][0]["lines"][0]["intensity"],
        "57.5% 1RM"
    );
    assert_eq!(
        day["session"]["prescriptions"][0]["lines"][0]["load"],
        46.25
    );
    let rest = &v["weeks"][0]["days"][1];
    assert_eq!(rest["kind"], "rest");
    assert_eq!(rest["rest"]["guidance"][0]["topic"], "sleep");
    assert_eq!(rest["rest"]["guidance"][0]["link"], "/guidance/sleep/");
    assert!(matches!(s.weeks[0].days[1].kind, DayKind::Rest(_)));
    assert_eq!(v["weeks"][5]["deload_link"], "/guidance/deload-weeks/");
}
