//! The load model of issue #12, through the library: carry-over between blocks (and `reset`),
//! training maxes rising per wave, 5/3/1 deloads at the end of a wave, loads from the RPE chart,
//! the athlete's units, `extends:` across units, and training-log signs counting for the cadence.

use std::path::Path;

use deload_engine::pipeline::{self, LogSource, PipelineOptions};
use deload_engine::plan::{Line, LoadFrom, PlanOptions, Schedule, plan, rpe_percent};
use deload_engine::programs::{
    Athlete, History, Level, PlanInput, Sign, Units, load_input, parse_program_text,
};
use jiff::civil::date;

use crate::plan_errors::fixture;
use crate::support::{load, logs, program, rules};

fn opts(weeks: Option<u32>) -> PlanOptions {
    PlanOptions {
        start: Some(date(2026, 1, 5)),
        weeks,
        ..PlanOptions::default()
    }
}

/// The lines of `exercise` in week `week` (1-based), in its first session.
fn lines(s: &Schedule, week: usize, exercise: &str) -> Vec<Line> {
    s.weeks[week - 1]
        .days
        .iter()
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .find(|p| p.exercise == exercise)
        .map_or_else(
            || panic!("no {exercise} in week {week}"),
            |p| p.lines.clone(),
        )
}

const BLOCKS: &str = "\
name: Two blocks
sessions_per_week: 1
deload: { every: 6 }
blocks:
  - { name: Hypertrophy, weeks: 4, progression: { linear: 2.5 } }
  - { name: Strength, weeks: 2, progression: { linear: 2.5 }RESET }
sessions:
  - name: A
    muscles: [chest]
    exercises:
      - { exercise: Bench press, sets: 4, reps: 6, percent: 65 }
";

/// The bench loads of the two-block program, `reset` on the second block or not.
fn bench_loads(reset: bool) -> Vec<(String, Option<f64>)> {
    let text = BLOCKS.replace("RESET", if reset { ", reset: true" } else { "" });
    let (program, _) =
        parse_program_text(&text, Path::new("blocks.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let athlete = Athlete {
        name: "A".into(),
        maxes: [("bench press".to_string(), 100.0)].into_iter().collect(),
        ..Athlete::default()
    };
    let input = PlanInput {
        program,
        athlete: Some(athlete),
    };
    let s = plan(&input, &opts(Some(6))).unwrap_or_else(|e| panic!("{e}"));
    // The deload (K = 6, window 5–6 weeks) falls at the end of the 4-week block: week 5.
    assert!(s.weeks[4].is_deload);
    let reason = s.weeks[4].deload_reason.clone().unwrap_or_default();
    assert!(
        reason.starts_with("planned deload at the end of block `Hypertrophy`"),
        "{reason}"
    );
    [1, 2, 3, 4, 6]
        .into_iter()
        .map(|w| {
            let l = &lines(&s, w, "Bench press")[0];
            (l.intensity.clone(), l.load)
        })
        .collect()
}

#[test]
fn a_new_block_starts_where_the_last_one_ended() {
    let s = |t: &str| t.to_string();
    // Hypertrophy: 65 kg + 2.5 kg a week; Strength carries the 7.5 kg on, plus its own step,
    // printed as the percentage it is.
    assert_eq!(
        bench_loads(false),
        vec![
            (s("65% 1RM"), Some(65.0)),
            (s("67.5% 1RM"), Some(67.5)),
            (s("70% 1RM"), Some(70.0)),
            (s("72.5% 1RM"), Some(72.5)),
            (s("75% 1RM"), Some(75.0)),
        ]
    );
    // `reset: true`: the block starts from its own numbers.
    assert_eq!(bench_loads(true)[4], (s("65% 1RM"), Some(65.0)));
}

#[test]
fn five_three_one_raises_the_tm_each_wave_and_deloads_at_its_end() {
    let input = load(&program("athletes/morgan.yaml"));
    let s = plan(&input, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    // 12 loading weeks (four waves) and a deload after each wave.
    assert_eq!(s.weeks.len(), 15);
    assert_eq!(s.wave, Some(3));
    let deloads: Vec<u32> = s
        .weeks
        .iter()
        .filter(|w| w.is_deload)
        .map(|w| w.number)
        .collect();
    assert_eq!(deloads, vec![4, 8, 12]);
    let reason = s.weeks[7].deload_reason.clone().unwrap_or_default();
    assert!(reason.contains("at the end of a 3-week wave"), "{reason}");
    // Deadlift TM 160 kg (the athlete's own), +5 kg a wave.
    let tm = |w| lines(&s, w, "Deadlift")[0].base_load;
    assert_eq!(
        (tm(1), tm(5), tm(9), tm(13)),
        (Some(160.0), Some(165.0), Some(170.0), Some(175.0))
    );
    // Week 3: 5 @ 75 %, 3 @ 85 %, PR set 1+ @ 95 %, then BBB 5 × 10 @ 50 % (Wendler's warm-ups,
    // 5 at 40 %, 5 at 50 % and 3 at 60 % of the TM, are the exercise's note: as set lines they
    // would take every week of the printed plan past its page).
    let week3: Vec<(String, String, Option<f64>)> = lines(&s, 3, "Deadlift")
        .iter()
        .map(|l| (l.reps.clone(), l.intensity.clone(), l.load))
        .collect();
    let row = |r: &str, i: &str, l: f64| (r.to_string(), i.to_string(), Some(l));
    assert_eq!(
        week3,
        vec![
            row("5", "75% TM", 120.0),
            row("3", "85% TM", 135.0),
            row("1+ (AMRAP)", "95% TM", 152.5),
            row("10", "50% TM", 80.0),
        ]
    );
    // The deload after it is Wendler's, as the program declares: 40/50/60 % of the TM × 5
    // (64 → 62.5, 80, 96 → 95 kg, rounded down), no BBB sets; 0.9 × the 5/3/1 week would top
    // out at 137.5 kg.
    let deload = lines(&s, 4, "Deadlift");
    let shown: Vec<(&str, &str, Option<f64>)> = deload
        .iter()
        .map(|l| (l.reps.as_str(), l.intensity.as_str(), l.load))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("5", "39.1% TM", Some(62.5)),
            ("5", "50% TM", Some(80.0)),
            ("5", "59.4% TM", Some(95.0)),
        ]
    );
    let reason = s.weeks[3].deload_reason.clone().unwrap_or_default();
    assert!(
        reason.contains("the program's own deload week for 5/3/1 (no supplemental sets)"),
        "{reason}"
    );
    assert!(
        deload
            .iter()
            .all(|l| l.sets == 1 && !l.amrap && l.label.as_deref() != Some("PR set"))
    );
    // Each at most 0.9 × the loading week's working set in the same place (120, 135, 152.5).
    let loading: Vec<Option<f64>> = lines(&s, 3, "Deadlift")
        .iter()
        .filter(|l| !l.warmup)
        .map(|l| l.load)
        .collect();
    assert!(
        deload
            .iter()
            .zip(&loading)
            .all(|(d, l)| d.load.unwrap_or(0.0) <= 0.9 * l.unwrap_or(0.0))
    );
}

#[test]
fn five_three_one_deloads_end_a_wave_at_every_level() {
    let input = load(&program("five-three-one-bbb.yaml"));
    for (level, k) in [
        (Level::Novice, 6),
        (Level::Intermediate, 5),
        (Level::Advanced, 4),
    ] {
        let o = PlanOptions {
            level: Some(level),
            ..opts(Some(24))
        };
        let s = plan(&input, &o).unwrap_or_else(|e| panic!("{e}"));
        let deloads: Vec<u32> = s
            .weeks
            .iter()
            .filter(|w| w.is_deload)
            .map(|w| w.number)
            .collect();
        // Three loading weeks, then the deload: never inside a wave.
        assert_eq!(deloads, vec![4, 8, 12, 16, 20, 24], "{level}");
        let expect = rules::Expect {
            k,
            since: 0,
            early: false,
        };
        rules::check(&s, &input, 24, expect);
    }
}

#[test]
fn rpe_and_rir_get_loads_from_the_chart() {
    let input = load(&program("athletes/taylor.yaml"));
    let s = plan(&input, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let bench = lines(&s, 1, "Bench press");
    // Top set 1 × 6 at RPE 7: 9 reps to failure, 76.2 % of 90 kg = 68.6 → 67.5 kg.
    assert_eq!(rpe_percent(6, 7.0), Some(76.2));
    let top = &bench[0];
    assert_eq!(
        (top.label.as_deref(), top.intensity.as_str()),
        (Some("top set"), "RPE 7")
    );
    assert_eq!(
        (top.load, top.load_from, top.base_load),
        (Some(67.5), Some(LoadFrom::RpeChart), Some(90.0))
    );
    // A week later the RPE is half a point higher, and so is the load.
    let next = &lines(&s, 2, "Bench press")[0];
    assert_eq!(
        (next.intensity.as_str(), next.load),
        ("RPE 7.5", Some(70.0))
    );
    // Exercises without a max have no load.
    assert_eq!(lines(&s, 1, "Face pull").first().and_then(|l| l.load), None);
}

#[test]
fn athletes_plan_in_their_own_units() {
    // A kg program, an athlete in lb: the whole plan is in lb, on 5 lb plates.
    let input = load(&fixture("athletes/valid-lb-athlete.yaml"));
    let s = plan(&input, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((s.units, s.plate_increment), (Units::Lb, 5.0));
    // 70 % of 100 kg (220.46 lb) = 154.3 → 155 lb.
    let squat = &lines(&s, 1, "Squat")[0];
    assert_eq!(
        (squat.intensity.as_str(), squat.load),
        ("70% 1RM", Some(155.0))
    );
    // Jordan: a kg program, maxes and plates in lb.
    let jordan = plan(
        &load(&program("athletes/jordan.yaml")),
        &PlanOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(jordan.units, Units::Lb);
    for l in jordan
        .weeks
        .iter()
        .flat_map(|w| &w.days)
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .flat_map(|p| &p.lines)
    {
        if let Some(load) = l.load {
            assert_eq!(load % 5.0, 0.0, "{load}");
        }
    }
}

#[test]
fn plates_in_other_units_are_converted_with_a_warning() {
    let (input, warnings) =
        load_input(&fixture("athletes/valid-plates-lb.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(
        w.message.contains("plates of 5 lb are 2.27 kg"),
        "{}",
        w.message
    );
    assert!(
        w.hint.as_deref().is_some_and(|h| h.contains("units: lb")),
        "{w:?}"
    );
    assert!(
        w.message.contains("loads are rounded to steps of 2.5 kg"),
        "{}",
        w.message
    );
    // Issue #24: not 2.2679618500000003 (loads of 65.77 and 97.52 kg), but 2.5 kg.
    let plate = input.athlete.and_then(|a| a.plate_increment).unwrap_or(0.0);
    assert_eq!(plate, 2.5);
}

#[test]
fn json_numbers_are_short_decimals_in_the_athletes_units() {
    // A kg plan with 5-lb plates: every load a multiple of 2.5 kg, and the JSON carries 97.5,
    // never 97.52235955000002 or a plate increment of 2.2679618500000003.
    let (input, _) =
        load_input(&fixture("athletes/valid-plates-lb.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let s = plan(&input, &opts(Some(12))).unwrap_or_else(|e| panic!("{e}"));
    let json = deload_engine::export::to_json(&s);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(value["plate_increment"], serde_json::json!(2.5));
    let mut numbers = Vec::new();
    collect_numbers(&value, &mut numbers);
    for n in numbers {
        let text = n.to_string();
        let decimals = text.split('.').nth(1).map_or(0, str::len);
        assert!(decimals <= 2, "{text}");
    }
}

/// Every number in `v`.
fn collect_numbers(v: &serde_json::Value, out: &mut Vec<serde_json::Number>) {
    match v {
        serde_json::Value::Number(n) => out.push(n.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_numbers(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_numbers(x, out)),
        _ => {}
    }
}

#[test]
fn extends_into_other_units_converts_the_parents_loads() {
    let (input, warnings) =
        load_input(&fixture("fixed-lb-child.yaml")).unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(input.program.units, Units::Lb);
    let s = plan(&input, &opts(Some(2))).unwrap_or_else(|e| panic!("{e}"));
    // The parent's 40 kg goblet squat is 88.2 lb → 90 lb, and its +2.5 kg a week is what lb
    // plates add, 5 lb: 93.2 → 95 lb in week 2. The child's own row is 55 lb.
    let goblet = |w| lines(&s, w, "Goblet squat")[0].intensity.clone();
    assert_eq!(
        (goblet(1), goblet(2)),
        ("90 lb".to_string(), "95 lb".to_string())
    );
    assert_eq!(lines(&s, 1, "Dumbbell row")[0].intensity, "55 lb");
}

#[test]
fn training_log_signs_shorten_the_cadence_as_typed_signs_do() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = dir.path().join("log.csv");
    let sets = logs::training(11, true);
    std::fs::write(&log, logs::strong_current(&sets)).unwrap_or_else(|e| panic!("{e}"));
    let mut o = PipelineOptions::new(date(2026, 3, 22));
    o.log = LogSource::Path(log);
    o.plan.weeks = Some(12);
    let planned = pipeline::plan_file(&fixture("valid.yaml"), &o).unwrap_or_else(|e| panic!("{e}"));
    let h = planned.history.unwrap_or_else(|| panic!("no history"));
    assert_eq!(h.level, Level::Novice);
    assert_eq!(h.warning_signs.len(), 2);
    // Two signs from the log: a novice deloads every 5th week, not every 6th...
    assert_eq!(
        planned.schedule.deload_every, 5,
        "{}",
        planned.schedule.cadence_reason
    );
    // ...exactly as the same two signs typed into an athlete file.
    let mut input = planned.input.clone();
    if let Some(a) = &mut input.athlete {
        a.history = History {
            level: Some(Level::Novice),
            signs: vec![Sign::StalledProgress, Sign::HarderWorkouts],
            ..History::default()
        };
    }
    let typed = plan(&input, &opts(Some(12))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(typed.deload_every, planned.schedule.deload_every);
    // A typed sign the log also shows counts once.
    if let Some(a) = &mut input.athlete {
        a.history.signs = vec![Sign::StalledProgress];
        a.history.log_signs = vec!["stalls".into()];
    }
    let once = plan(&input, &opts(Some(12))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(once.deload_every, 6, "{}", once.cadence_reason);
}
