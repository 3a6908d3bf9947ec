//! Property tests for the engine's entry points the fuzzers cover (program YAML → plan,
//! exports, training logs), so CI catches regressions without a nightly toolchain; the `deload`
//! package's own (front matter, Markdown) are in its `tests/it/props.rs`. A few hundred cases
//! each; fast in debug builds.

use std::path::Path;

use deload_engine::export::{IcsOptions, to_csv, to_ics, to_json, to_markdown};
use deload_engine::plan::{PlanOptions, plan};
use deload_engine::programs::{PlanInput, parse_program_text};
use deload_engine::traininglog::{ImportOptions, derive, parse};
use proptest::prelude::*;

fn cfg(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text made of pieces that matter to the parsers, plus arbitrary characters.
fn pieces(parts: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            3 => proptest::sample::select(parts).prop_map(str::to_string),
            1 => "\\PC{0,8}",
            1 => "[\r\n\t \u{feff}\u{0}]{1,3}",
        ],
        0..max,
    )
    .prop_map(|v| v.concat())
}

const PROGRAM: &[&str] = &[
    "name: P\n",
    "sessions_per_week: ",
    "1",
    "3",
    "6",
    "7",
    "0",
    "-1",
    "99999999999",
    "\n",
    "blocks:\n",
    "  - name: A\n",
    "    weeks: ",
    "  - {name: B, weeks: 2, sessions: [A]}\n",
    "sessions:\n",
    "  - name: A\n",
    "    exercises:\n",
    "      - {exercise: Squat, sets: 3, reps: 5}\n",
    "      - exercise: Bench\n",
    "        sets: ",
    "        reps: ",
    "8-12",
    "5+",
    "AMRAP",
    "        percent: ",
    "75",
    "        rpe: ",
    "        rir: ",
    "        load: ",
    "1e308",
    "NaN",
    ".inf",
    "        rest: ",
    "progression: ",
    "linear 2.5",
    "{linear: 2.5}",
    "double",
    "deload:\n",
    "  every: ",
    "  sets_factor: ",
    "0.5",
    "  load_factor: ",
    "rotation: [A, B]\n",
    "extends: ../x.yaml\n",
    "units: lb\n",
    "suits: novice\n",
    "  - name: B\n",
    "    intensity: heavy\n",
    "    heavy: true\n",
    "&a ",
    "*a",
    "{",
    "[",
    ": ",
    "'",
];

/// Programs that are valid by construction: they must load and plan.
fn valid_program() -> impl Strategy<Value = (String, u32)> {
    (
        1u32..=6,
        1u32..=3,
        proptest::collection::vec((1u32..=12, 0usize..3), 1..4),
        proptest::collection::vec((1u32..=8, 1u32..=20, 0u32..=3, 40u32..=95), 1..4),
        prop_oneof![Just(""), Just("progression: {linear: 2.5}\n"), Just("deload:\n  every: 4\n")],
        0u32..=60,
    )
        .prop_map(|(spw, n_sessions, blocks, exercises, extra, weeks)| {
            let mut s = format!("name: Gen\nsessions_per_week: {spw}\n{extra}blocks:\n");
            for (i, (w, _)) in blocks.iter().enumerate() {
                s.push_str(&format!("  - name: Block {i}\n    weeks: {w}\n"));
            }
            s.push_str("sessions:\n");
            for n in 0..n_sessions {
                s.push_str(&format!("  - name: S{n}\n    exercises:\n"));
                for (i, (sets, reps, kind, pct)) in exercises.iter().enumerate() {
                    let intensity = match kind {
                        // No heavier than the reps allow (implied RPE 10 at most, rule 9).
                        0 => {
                            let most = deload_engine::plan::feasible_percent(*reps, *sets, 10.0)
                                .unwrap_or(55.0)
                                .floor();
                            format!("percent: {}", f64::from(*pct).min(most))
                        }
                        1 => format!("rpe: {}", 6 + pct % 4),
                        2 => format!("load: {pct}"),
                        _ => String::new(),
                    };
                    s.push_str(&format!(
                        "      - {{exercise: \"Ex {i} <b>&\\\"'=1+1\", sets: {sets}, reps: {reps}, {intensity}}}\n"
                    ));
                }
            }
            (s, weeks)
        })
}

const LOG: &[&str] = &[
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n",
    "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n",
    "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\",\"exercise_notes\",\"set_index\",\"set_type\",\"weight_kg\",\"reps\",\"distance_km\",\"duration_seconds\",\"rpe\"\n",
    "2026-01-05 18:00:00",
    "2026-01-05",
    "5 Jan 2026, 18:00",
    "Squat (Barbell)",
    "Barbell Squat",
    ",",
    ";",
    "\"",
    "\n",
    "\r\n",
    "W",
    "1",
    "80",
    "82,5",
    "5",
    "8.5",
    "kgs",
    "lbs",
    "Rest Timer",
    "normal",
    "warmup",
    "1e999",
    "-0",
    "9999-12-31",
    "0000-01-01",
];

fn path() -> &'static Path {
    Path::new("/nonexistent-deload-props/programs/p.yaml")
}

fn check_exports(schedule: &deload_engine::plan::Schedule) {
    let json = to_json(schedule);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON parses");
    assert!(v.is_object());
    let csv = to_csv(schedule);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let width = reader.headers().expect("CSV header").len();
    for rec in reader.records() {
        let rec = rec.expect("CSV row parses");
        assert_eq!(rec.len(), width);
        for field in &rec {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r'])
                    || field.parse::<f64>().is_ok(),
                "formula-like CSV field {field:?}"
            );
        }
    }
    for rest_events in [false, true] {
        let ics = to_ics(schedule, &IcsOptions { rest_events });
        assert!(ics.ends_with("\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "ICS line over 75 octets: {line:?}");
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
    }
    let _ = to_markdown(schedule);
}

proptest! {
    #![proptest_config(cfg(300))]

    #[test]
    fn program_text_loads_and_plans_without_panic(text in pieces(PROGRAM, 40), weeks in 0u32..80) {
        if let Ok((program, _)) = parse_program_text(&text, path()) {
            let input = PlanInput { program, athlete: None };
            let opts = PlanOptions {
                start: Some(jiff::civil::date(2026, 1, 5)),
                weeks: (weeks > 0).then_some(weeks),
                ..PlanOptions::default()
            };
            if let Ok(s) = plan(&input, &opts) {
                check_exports(&s);
            }
        }
    }

    #[test]
    fn valid_programs_plan_and_export((text, weeks) in valid_program(), day in 0i64..3_000_000) {
        let (program, _) = parse_program_text(&text, path())
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        let input = PlanInput { program, athlete: None };
        let start = jiff::civil::date(1, 1, 1)
            .checked_add(jiff::Span::new().days(day))
            .unwrap_or(jiff::civil::date(2026, 1, 5));
        let opts = PlanOptions {
            start: Some(start),
            weeks: (weeks > 0).then_some(weeks),
            ..PlanOptions::default()
        };
        match plan(&input, &opts) {
            Ok(s) => check_exports(&s),
            // Only running off the end of the calendar may fail.
            Err(e) => prop_assert!(e.message.contains("calendar"), "{e}\n{text}"),
        }
    }

    #[test]
    fn training_logs_never_panic(text in pieces(LOG, 40), skip in any::<bool>()) {
        let today = jiff::civil::date(2026, 6, 1);
        let o = ImportOptions { units: None, skip_bad_rows: skip, today };
        if let Ok((log, _)) = parse(&text, Path::new("log.csv"), &o) {
            let h = derive(&log, today);
            let _ = h.summary();
            let _ = deload_engine::traininglog::chart::to_svg(&h);
        }
    }
}
