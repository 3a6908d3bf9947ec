//! Every set is possible (domain rule 9, issue #24): implied RPE from reps and % of the 1RM by
//! Tuchscherer's chart, fatigue across sets counted; over 10 is a located error in a program
//! and a located warning from an athlete's numbers; over 9.5 outside AMRAP, max and peak sets a
//! warning; no deload set above implied RPE 7. The cases are the issue's, with its numbers.

use std::collections::BTreeMap;
use std::path::Path;

use deload_engine::Error;
use deload_engine::plan::{PlanOptions, Schedule, implied_rpe, plan};
use deload_engine::programs::{Athlete, PlanInput, parse_program_text};

/// A program of one session of `exercises` (YAML flow mappings), `weeks` weeks in one block.
fn program_text(weeks: u32, exercises: &[&str]) -> String {
    let mut s = format!(
        "name: Rule nine\nsessions_per_week: 1\nblocks:\n  - {{ name: Base, weeks: {weeks} }}\nsessions:\n  - name: A\n    muscles: [legs, chest, back, shoulders]\n    exercises:\n"
    );
    for e in exercises {
        s.push_str(&format!("      - {e}\n"));
    }
    s
}

/// Plans `text` for an athlete with `maxes` (kg), 6 weeks from 2026-01-05.
fn plan_text(text: &str, maxes: &[(&str, f64)]) -> Result<Schedule, Error> {
    let (program, _) = parse_program_text(text, Path::new("p.yaml"))?;
    let athlete = Athlete {
        name: "T".into(),
        maxes: maxes
            .iter()
            .map(|(k, v)| (k.to_lowercase(), *v))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect(),
        ..Athlete::default()
    };
    let opts = PlanOptions {
        start: Some(jiff::civil::date(2026, 1, 5)),
        weeks: Some(6),
        ..PlanOptions::default()
    };
    plan(
        &PlanInput {
            program,
            athlete: Some(athlete),
        },
        &opts,
    )
}

fn warnings_with<'s>(s: &'s Schedule, needle: &str) -> Vec<&'s str> {
    s.warnings
        .iter()
        .map(String::as_str)
        .filter(|w| w.contains(needle))
        .collect()
}

#[test]
fn the_chart_puts_five_reps_at_rpe_10_near_86_percent() {
    // "five reps at RPE 10 is about 86 % on Tuchscherer's chart, so each set is two reps past
    // failure": 4 × 5 @ 92.5 % starts about two RPE past 10.
    let first = implied_rpe(5, 92.5, 1).unwrap_or(0.0);
    assert!((first - 12.1).abs() < 0.05, "{first}");
    let last = implied_rpe(5, 92.5, 4).unwrap_or(0.0);
    assert!(last > first, "{last}");
    let squat = implied_rpe(5, 90.4, 4).unwrap_or(0.0);
    assert!(squat > 10.0, "{squat}");
}

#[test]
fn a_program_writing_five_by_twelve_at_90_percent_is_a_located_error() {
    let text = program_text(4, &["{ exercise: Squat, sets: 5, reps: 12, percent: 90 }"]);
    let e = plan_text(&text, &[("Squat", 100.0)])
        .err()
        .unwrap_or_else(|| panic!("5 × 12 @ 90 % planned"));
    assert!(
        e.message
            .starts_with("`Squat` asks 5 × 12 at 90 % of the 1RM: implied RPE"),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("12 reps at RPE 10 is 68 %"),
        "{}",
        e.message
    );
    assert_eq!(
        e.location.map(|l| (l.line, l.column)),
        Some((9, 9)),
        "{e:?}"
    );
    let hint = e.hint.unwrap_or_default();
    assert!(
        hint.starts_with("nearest feasible: 5 × 2 at 90 %"),
        "{hint}"
    );
}

#[test]
fn three_by_five_at_90_percent_written_is_an_error_without_maxes() {
    // 3 × 5 @ 90–100 % in weeks 1–5: the first week's written 90 % is already past failure.
    let text = program_text(
        5,
        &["{ exercise: Squat, sets: 3, reps: 5, percent: 90, progression: { percent: 2.5 } }"],
    );
    let e = plan_text(&text, &[])
        .err()
        .unwrap_or_else(|| panic!("3 × 5 @ 90 % planned"));
    assert!(
        e.message.contains("asks 3 × 5 at 90 % of the 1RM"),
        "{}",
        e.message
    );
}

#[test]
fn an_athletes_loads_past_failure_are_located_warnings_naming_the_week() {
    // Bench 4 × 5 at 92.5 kg of a 100 kg max, squat 4 × 5 at 122.5 of 135.5 (90.4 %): the
    // program's fixed loads, the athlete's maxes. A warning, with the nearest feasible sets.
    let text = program_text(
        4,
        &[
            "{ exercise: Bench press, sets: 4, reps: 5, load: 92.5 }",
            "{ exercise: Back squat, sets: 4, reps: 5, load: 122.5 }",
        ],
    );
    let s = plan_text(&text, &[("Bench press", 100.0), ("Back squat", 135.5)])
        .unwrap_or_else(|e| panic!("{e}"));
    let bench = warnings_with(
        &s,
        "`Bench press` asks 4 × 5 at 92.5 % of the 1RM in week 1",
    );
    assert_eq!(bench.len(), 1, "{:?}", s.warnings);
    assert!(bench[0].starts_with("p.yaml:9:9: "), "{}", bench[0]);
    assert!(
        bench[0].contains("more reps than the lifter has"),
        "{}",
        bench[0]
    );
    assert!(
        bench[0].contains("prescribe 4 × 2 at 92.5 %, or 4 × 5 at 84 % of the 1RM"),
        "{}",
        bench[0]
    );
    let squat = warnings_with(&s, "`Back squat` asks 4 × 5 at 90.4 % of the 1RM in week 1");
    assert_eq!(squat.len(), 1, "{:?}", s.warnings);
}

#[test]
fn near_failure_outside_max_efforts_is_a_warning_and_amrap_is_not() {
    // 3 × 5 at 85 %: about RPE 9.5 on the first set, 10 on the third.
    let text = program_text(3, &["{ exercise: Squat, sets: 3, reps: 5, load: 85 }"]);
    let s = plan_text(&text, &[("Squat", 100.0)]).unwrap_or_else(|e| panic!("{e}"));
    let high = warnings_with(&s, "above 9.5 outside an AMRAP, max or peak set");
    assert_eq!(high.len(), 1, "{:?}", s.warnings);
    assert!(high[0].contains("`Squat` asks 3 × 5 at 85 % of the 1RM in week 1"));
    let amrap = program_text(3, &["{ exercise: Squat, sets: 1, reps: 5+, load: 85 }"]);
    let s = plan_text(&amrap, &[("Squat", 100.0)]).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        warnings_with(&s, "implied RPE").is_empty(),
        "{:?}",
        s.warnings
    );
}

#[test]
fn no_deload_set_is_above_implied_rpe_7() {
    // A 5-week cadence for a novice is 6: week 6 is the deload after 5 weeks of 4 × 5 at
    // 80 %. Its sets are capped at implied RPE 7 and 0.9 × the loading load, rounded down.
    let text = program_text(5, &["{ exercise: Squat, sets: 4, reps: 5, percent: 80 }"]);
    let s = plan_text(&text, &[("Squat", 100.0)]).unwrap_or_else(|e| panic!("{e}"));
    let deload = s
        .weeks
        .iter()
        .find(|w| w.is_deload)
        .unwrap_or_else(|| panic!("no deload"));
    for p in deload
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
    {
        for l in p.working_lines() {
            let load = l.load.unwrap_or(0.0);
            let reps = l.rep_range.max.unwrap_or(l.rep_range.min);
            let rpe = implied_rpe(reps, load, l.sets).unwrap_or(0.0);
            assert!(rpe <= 7.0, "{} × {} at {load}: {rpe}", l.sets, l.reps);
            assert!(load <= 0.9 * 80.0, "{load}");
        }
    }
    assert!(
        warnings_with(&s, "in a deload week").is_empty(),
        "{:?}",
        s.warnings
    );
}

/// The warnings of loading fixture `name`, as `line:column: message` lines.
fn load_warnings(name: &str) -> Vec<String> {
    let (_, warnings) = deload_engine::programs::load_input(&crate::plan_errors::fixture(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    warnings
        .iter()
        .map(|w| {
            let at = w.location.map(|l| format!("{}:{}", l.line, l.column));
            format!("{}: {}", at.unwrap_or_default(), w.message)
        })
        .collect()
}

#[test]
fn implausible_maxes_and_a_level_against_the_years_are_located_warnings_once() {
    // A 2 kg bench max (week 1 would print 2.5 kg, 125 % of it), a 2,500 kg squat, "advanced"
    // after 0.1 years of training.
    let w = load_warnings("athletes/valid-implausible.yaml");
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        w.iter().any(|w| w.starts_with(
            "4:10: level `advanced` contradicts 0.1 years of training, which make a novice lifter"
        )),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| w.starts_with(
            "8:10: a max of 2500 kg for `Squat` is over what a lifter can have (20–500 kg)"
        )),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| w.starts_with(
            "9:16: a max of 2 kg for `Bench press` is under what a lifter can have (20–360 kg)"
        )),
        "{w:?}"
    );
}

#[test]
fn deload_factors_that_cut_nothing_are_one_located_warning() {
    let w = load_warnings("deload-cuts-nothing.yaml");
    let cut: Vec<&String> = w.iter().filter(|w| w.contains("cuts nothing")).collect();
    assert_eq!(cut.len(), 1, "{w:?}");
    assert!(
        cut[0].starts_with(
            "3:9: `sets_factor: 1` and `load_factor: 1` keep every set and every load"
        ),
        "{w:?}"
    );
}

#[test]
fn loads_round_to_the_athletes_plates() {
    // A 15 kg bar and pairs of 20, 10 and 5 kg plates make 15, 25, 35, …: 70 % of 100 kg is 70
    // kg, which rounds to 65 or 75 (never 70, a load the athlete cannot make).
    let (input, warnings) = deload_engine::programs::load_input(&crate::plan_errors::fixture(
        "athletes/valid-inventory.yaml",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let athlete = input.athlete.clone().unwrap_or_default();
    assert_eq!(
        (
            athlete.plates.clone(),
            athlete.bar,
            athlete.dumbbells.clone()
        ),
        (
            vec![5.0, 10.0, 20.0],
            Some(15.0),
            vec![10.0, 12.0, 16.0, 20.0]
        )
    );
    let opts = PlanOptions {
        start: Some(jiff::civil::date(2026, 1, 5)),
        weeks: Some(1),
        ..PlanOptions::default()
    };
    let s = plan(&input, &opts).unwrap_or_else(|e| panic!("{e}"));
    let squat = s.weeks[0]
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .find(|p| p.exercise == "Squat")
        .and_then(|p| p.working_lines().next().and_then(|l| l.load));
    assert!(
        matches!(squat, Some(l) if (l - 15.0) % 10.0 == 0.0),
        "{squat:?}"
    );
}
