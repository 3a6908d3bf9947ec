//! Warm-up sets with plate math (issue 25): on with the athlete file's `warmups: true` or
//! `PlanOptions::warmups`, the main barbell lift of each session ramps up to its first working
//! load, and every line of it says the plates on each side of the bar, from the athlete's plates.

use deload_engine::plan::{Line, PlanOptions, Schedule, plan};
use deload_engine::programs::load_input;

use crate::support::repo;

/// The plan of the fixture at `path` (from the repository's root), one week from 2027-01-04.
fn planned(path: &str, warmups: bool) -> Schedule {
    let (input, _) = load_input(&repo().join(path)).unwrap_or_else(|e| panic!("{e}"));
    let opts = PlanOptions {
        start: "2027-01-04".parse().ok(),
        weeks: Some(1),
        warmups,
        ..Default::default()
    };
    plan(&input, &opts).unwrap_or_else(|e| panic!("{e}"))
}

/// A line as the tests compare it: warm-up, sets, reps, load and plates per side.
type Row = (bool, u32, u32, Option<f64>, Option<Vec<f64>>);

/// The lines of `exercise` on the plan's first day that has it.
fn lines<'a>(s: &'a Schedule, exercise: &str) -> &'a [Line] {
    let sessions = s.weeks[0].days.iter().filter_map(|d| d.session());
    let p = sessions
        .flat_map(|s| &s.prescriptions)
        .find(|p| p.exercise == exercise);
    &p.unwrap_or_else(|| panic!("no {exercise}")).lines
}

/// Squat 4 × 5 at 70 % of a 150 kg 1RM (105 kg), with 20, 10, 5, 2.5 and 1.25 kg plates and
/// a 20 kg bar: the bar × 10, 40 % (60 → 40: loads round down) × 5, 60 % (63 → 62.5) × 3 and
/// 80 % (84 → 82.5) × 2, then the work; the plates per side are the fewest the athlete has
/// (no 25s: 105 kg is 20 + 20 + 2.5 a side).
#[test]
fn the_athlete_file_turns_on_warm_ups_with_the_plates_per_side() {
    let s = planned("tests/fixtures/plans/athletes/valid-warmups.yaml", false);
    let got: Vec<Row> = lines(&s, "Squat")
        .iter()
        .map(|l| (l.warmup, l.sets, l.rep_range.min, l.load, l.plates.clone()))
        .collect();
    let want = vec![
        (true, 1, 10, Some(20.0), Some(vec![])),
        (true, 1, 5, Some(40.0), Some(vec![10.0])),
        (true, 1, 3, Some(62.5), Some(vec![20.0, 1.25])),
        (true, 1, 2, Some(82.5), Some(vec![20.0, 10.0, 1.25])),
        (false, 4, 5, Some(105.0), Some(vec![20.0, 20.0, 2.5])),
    ];
    assert_eq!(got, want);
    // warm-ups are not working sets: the week's count is the same without them
    let json = serde_json::to_value(lines(&s, "Squat")).expect("lines serialise");
    assert_eq!(json[4]["plates"], serde_json::json!([20, 20, 2.5]));
    assert_eq!(json[0]["plates"], serde_json::json!([]));
    // a row has no bar: no warm-ups, no plates
    assert!(
        lines(&s, "Row")
            .iter()
            .all(|l| !l.warmup && l.plates.is_none())
    );
    let md = deload_engine::export::markdown::to_markdown(&s);
    assert!(md.contains("105 kg (20 + 20 + 2.5 kg a side)"), "{md}");
}

/// Without the toggle there are none; `PlanOptions::warmups` turns them on for any plan with
/// loads, on the standard plates (1.25 kg steps for the athlete's microplates: a pair of 0.625).
#[test]
fn the_option_turns_on_warm_ups_on_the_standard_plates() {
    let off = planned("programs/athletes/sam.yaml", false);
    let squat = lines(&off, "Back squat");
    assert!(squat.iter().all(|l| !l.warmup && l.plates.is_none()));
    let on = planned("programs/athletes/sam.yaml", true);
    let squat = lines(&on, "Back squat");
    let got: Vec<(Option<f64>, Option<Vec<f64>>)> =
        squat.iter().map(|l| (l.load, l.plates.clone())).collect();
    // 46.25 kg: 40 % is under the bar; 60 % = 27.75 → 27.5, 80 % = 37 → 35
    assert_eq!(
        got,
        [
            (Some(20.0), Some(vec![])),
            (Some(27.5), Some(vec![2.5, 1.25])),
            (Some(35.0), Some(vec![5.0, 2.5])),
            (Some(46.25), Some(vec![10.0, 2.5, 0.625])),
        ]
    );
    assert_eq!(on.weeks[0].total_sets, off.weeks[0].total_sets);
}
