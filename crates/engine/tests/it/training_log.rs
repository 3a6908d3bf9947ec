//! Training-log import: the modelled logs (see `support::logs`) in every format, read back and
//! checked against values computed by hand; bad input; and a property test that the order of
//! rows does not matter. The `history` command and `plan --log` are tested in the `deload`
//! package (`tests/it/history_cli.rs`), on the same logs.

use std::path::Path;

use deload_engine::traininglog::{DerivedHistory, Format, ImportOptions, derive, parse};
use jiff::civil::{Date, date};
use proptest::prelude::*;

use crate::support::logs::{
    LB, fitnotes, hevy, strong_current, strong_numbered, strong_older, strong_semicolon, training,
};

fn opts(today: Date) -> ImportOptions {
    ImportOptions {
        units: None,
        skip_bad_rows: false,
        today,
    }
}

fn read(text: &str, o: &ImportOptions) -> DerivedHistory {
    match parse(text, Path::new("log.csv"), o) {
        Ok((log, _)) => derive(&log, o.today),
        Err(e) => panic!("{}", e.render(deload_engine::Severity::Error, false)),
    }
}

fn steady_today() -> Date {
    date(2026, 3, 8)
}

fn fatigued_today() -> Date {
    date(2026, 3, 22)
}

fn lift<'a>(
    h: &'a DerivedHistory,
    name: &str,
) -> &'a deload_engine::traininglog::derive::LiftTrend {
    h.lifts
        .iter()
        .find(|l| l.lift == name)
        .unwrap_or_else(|| panic!("no {name} in {:?}", h.lifts))
}

/// The hand-computed steady values (see the module docs), for every format.
fn check_steady(h: &DerivedHistory, what: &str, warmups: usize) {
    assert_eq!(h.sessions, 20, "{what}");
    assert_eq!(h.work_sets, 112, "{what}");
    assert_eq!(h.warmup_sets, warmups, "{what}");
    assert_eq!(h.first_session, date(2025, 10, 6), "{what}");
    assert_eq!(h.last_session, date(2026, 3, 5), "{what}");
    assert_eq!(h.breaks.len(), 1, "{what}");
    assert_eq!(h.breaks[0].days, 88, "{what}");
    assert_eq!(h.training_days, 65, "{what}");
    assert_eq!(h.training_years, 0.18, "{what}");
    assert_eq!(h.level, deload_engine::programs::Level::Novice, "{what}");
    assert_eq!(h.deload_weeks, vec![date(2026, 2, 2)], "{what}");
    assert_eq!(h.weeks_since_deload, 4, "{what}");
    assert_eq!(lift(h, "Back squat").recent_e1rm, 93.3, "{what}");
    assert_eq!(lift(h, "Bench press").recent_e1rm, 70.0, "{what}");
    assert!(h.stalled_lifts.is_empty(), "{what}: {:?}", h.stalled_lifts);
    assert!(h.rpe_rises.is_empty(), "{what}: {:?}", h.rpe_rises);
    assert_eq!(h.acwr.as_ref().map(|a| a.ratio), Some(1.06), "{what}");
    assert!(h.warning_signs.is_empty(), "{what}");
    assert_eq!(h.early_deload, None, "{what}");
    assert_eq!(h.next_deload, date(2026, 3, 16), "{what}");
    let week = |d| h.weeks.iter().find(|w| w.start == d);
    let w9 = week(date(2026, 3, 2)).unwrap_or_else(|| panic!("{what}: no week 9"));
    assert_eq!(
        (w9.sessions, w9.work_sets, w9.tonnage),
        (2, 12, 4200.0),
        "{what}"
    );
}

#[test]
fn every_format_imports_to_the_hand_computed_history() {
    let sets = training(9, false);
    let o = opts(steady_today());
    let cases: Vec<(&str, String, Format, usize)> = vec![
        (
            "strong current",
            strong_current(&sets),
            Format::StrongCurrent,
            40,
        ),
        ("strong older", strong_older(&sets), Format::StrongOlder, 40),
        (
            "strong semicolon",
            strong_semicolon(&sets),
            Format::StrongSemicolon,
            40,
        ),
        (
            "strong numbered",
            strong_numbered(&sets),
            Format::StrongNumbered,
            40,
        ),
        ("hevy", hevy(&sets, false), Format::Hevy, 40),
        ("fitnotes", fitnotes(&sets), Format::FitNotes, 0),
    ];
    for (what, text, format, warmups) in cases {
        let h = read(&text, &o);
        assert_eq!(h.format, format, "{what}");
        assert_eq!(h.units, deload_engine::programs::Units::Kg, "{what}");
        check_steady(&h, what, warmups);
    }
}

#[test]
fn imperial_hevy_converts_and_reports_in_the_chosen_units() {
    let sets = training(9, false);
    let text = hevy(&sets, true);
    // Without --units the report stays in pounds.
    let lb = read(&text, &opts(steady_today()));
    assert_eq!(lb.units, deload_engine::programs::Units::Lb);
    assert!((lift(&lb, "Back squat").recent_e1rm - 93.333 / LB).abs() < 0.1);
    // With --units kg it matches the metric log.
    let o = ImportOptions {
        units: Some(deload_engine::programs::Units::Kg),
        ..opts(steady_today())
    };
    check_steady(&read(&text, &o), "hevy imperial", 40);
}

#[test]
fn rest_timers_warmups_float_noise_and_quoted_commas() {
    let sets = training(11, true);
    let text = strong_current(&sets);
    let (log, warnings) = parse(&text, Path::new("log.csv"), &opts(fatigued_today()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    // 24 sessions × 2 exercises: one rest-timer row each.
    assert_eq!(log.rest_timer_rows, 48);
    assert_eq!(log.sets.iter().filter(|s| s.warmup).count(), 48);
    // 74.99999999999999 reads as 75.
    assert!(log.sets.iter().any(|s| s.weight == 75.0));
    assert!(log.sets.iter().all(|s| s.exercise.ends_with("(Barbell)")));
}

#[test]
fn fatigued_log_shows_stalls_rising_rpe_and_an_early_deload() {
    let sets = training(11, true);
    for (what, text) in [
        ("strong", strong_current(&sets)),
        ("hevy", hevy(&sets, false)),
        ("semicolon", strong_semicolon(&sets)),
    ] {
        let h = read(&text, &opts(fatigued_today()));
        assert_eq!(h.weeks_since_deload, 6, "{what}");
        assert_eq!(h.stalled_lifts, vec!["Back squat", "Bench press"], "{what}");
        let squat = lift(&h, "Back squat");
        assert_eq!(squat.best_week, date(2026, 2, 16), "{what}");
        assert_eq!(squat.weeks_without_progress, 4, "{what}");
        assert_eq!(squat.best_e1rm, 87.5, "{what}");
        assert_eq!(lift(&h, "Bench press").best_e1rm, 64.2, "{what}");
        assert_eq!(h.rpe_rises.len(), 2, "{what}: {:?}", h.rpe_rises);
        let r = &h.rpe_rises[0];
        assert_eq!(
            (r.from, r.from_rpe, r.to, r.to_rpe, r.weight),
            (date(2026, 2, 23), 7.0, date(2026, 3, 19), 8.5, 55.0),
            "{what}"
        );
        let kinds: Vec<&str> = h.warning_signs.iter().map(|w| w.kind.as_str()).collect();
        assert_eq!(kinds, vec!["stalls", "rising_rpe"], "{what}");
        assert!(h.early_deload.is_some(), "{what}");
        assert_eq!(h.next_deload, date(2026, 3, 23), "{what}");
        assert_eq!(h.acwr.as_ref().map(|a| a.ratio), Some(1.0), "{what}");
    }
}

#[test]
fn hevy_dropsets_count_and_warmups_do_not() {
    let text = "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\",\"exercise_notes\",\"set_index\",\"set_type\",\"weight_kg\",\"reps\",\"distance_km\",\"duration_seconds\",\"rpe\"\n\
        \"Push\",\"8 Apr 2026, 16:50\",\"8 Apr 2026, 17:40\",\"\",\"Bench Press (Barbell)\",,\"\",0,\"warmup\",40,10,,,\n\
        \"Push\",\"8 Apr 2026, 16:50\",\"8 Apr 2026, 17:40\",\"\",\"Bench Press (Barbell)\",,\"\",1,\"normal\",80,5,,,8\n\
        \"Push\",\"8 Apr 2026, 16:50\",\"8 Apr 2026, 17:40\",\"\",\"Bench Press (Barbell)\",,\"\",2,\"dropset\",60,8,,,\n\
        \"Push\",\"8 Apr 2026, 16:50\",\"8 Apr 2026, 17:40\",\"\",\"Bench Press (Barbell)\",,\"\",3,\"failure\",80,4,,,10\n\
        \"Push\",\"8 Apr 2026, 16:50\",\"8 Apr 2026, 17:40\",\"\",\"Treadmill\",,\"\",0,\"normal\",,,2.5,900,\n";
    let h = read(text, &opts(date(2026, 4, 9)));
    assert_eq!((h.work_sets, h.warmup_sets, h.no_rep_rows), (3, 1, 1));
    assert_eq!(h.weeks[0].tonnage, 80.0 * 5.0 + 60.0 * 8.0 + 80.0 * 4.0);
    // e1RM: the best of 80 × 5 (93.3), 60 × 8 (76) and 80 × 4 (90.7).
    assert_eq!(lift(&h, "Bench press").recent_e1rm, 93.3);
    assert_eq!(h.sessions, 1);
}

fn err(text: &str, o: &ImportOptions) -> deload_engine::Error {
    match parse(text, Path::new("log.csv"), o) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

fn at(e: &deload_engine::Error) -> (usize, usize) {
    let l = e.location.unwrap_or_else(|| panic!("no location: {e}"));
    (l.line, l.column)
}

#[test]
fn non_english_hevy_month_is_a_clear_error() {
    let text = "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\",\"exercise_notes\",\"set_index\",\"set_type\",\"weight_kg\",\"reps\",\"distance_km\",\"duration_seconds\",\"rpe\"\n\
        \"Push\",\"8 Apr 2026, 16:50\",\"8 Apr 2026, 17:40\",\"\",\"Bench Press (Barbell)\",,\"\",0,\"normal\",80,5,,,\n\
        \"Push\",\"9 abr 2026, 16:50\",\"9 abr 2026, 17:40\",\"\",\"Bench Press (Barbell)\",,\"\",0,\"normal\",80,5,,,\n";
    let e = err(text, &opts(date(2026, 5, 1)));
    assert!(e.message.contains("not an English month name"), "{e}");
    assert_eq!(at(&e), (3, 8));
    assert!(
        e.hint.as_deref().is_some_and(|h| h.contains("English")),
        "{e}"
    );
}

#[test]
fn bad_rows_name_line_and_column_and_can_be_skipped() {
    let text = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n\
        2026-01-05 18:00:00,\"A, heavy\",1h,Squat (Barbell),1,100,5,0,0,,,8\n\
        2026-01-05 18:00:00,\"A, heavy\",1h,Squat (Barbell),2,heavy,5,0,0,,,8\n\
        2026-01-05 18:00:00,\"A, heavy\",1h,Squat (Barbell),3,100,five,0,0,,,8\n\
        2026-13-05 18:00:00,A,1h,Squat (Barbell),4,100,5,0,0,,,8\n\
        2026-01-05 18:00:00,A,1h,Squat (Barbell),5,100,5,0,0,,,11\n\
        2026-01-08 18:00:00,A,1h,Squat (Barbell),1,102.5,5,0,0,,,8\n";
    let o = opts(date(2026, 1, 10));
    let e = err(text, &o);
    assert_eq!(at(&e), (3, 53), "{e}");
    assert!(e.message.contains("`heavy` is not a weight"), "{e}");
    assert_eq!(
        e.source_line.as_deref().map(|l| l.contains("heavy")),
        Some(true)
    );
    let skip = ImportOptions {
        skip_bad_rows: true,
        ..o
    };
    let (log, warnings) =
        parse(text, Path::new("log.csv"), &skip).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.skipped_rows, 4);
    assert_eq!(log.sets.len(), 2);
    let places: Vec<(usize, usize)> = warnings.iter().map(at).collect();
    assert_eq!(places, vec![(3, 53), (4, 57), (5, 1), (6, 56)]);
}

#[test]
fn unknown_header_names_the_known_formats() {
    let e = err(
        "Datum,Übung,Gewicht\n2026-01-05,Kniebeuge,100\n",
        &opts(date(2026, 2, 1)),
    );
    assert!(e.message.contains("Datum,Übung,Gewicht"), "{e}");
    let notes = e.notes.join("\n");
    for f in ["Strong", "Hevy", "FitNotes"] {
        assert!(notes.contains(f), "{notes}");
    }
    assert_eq!(at(&e), (1, 1));
}

#[test]
fn empty_logs_are_errors() {
    let o = opts(date(2026, 2, 1));
    assert!(err("", &o).message.contains("empty"));
    assert!(err("\u{feff}\n  \n", &o).message.contains("empty"));
    let e = err(
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n",
        &o,
    );
    assert!(e.message.contains("no rows"), "{e}");
    let e = err(
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n2026-01-05,Running,Cardio,,,,5,km,30:00,\n",
        &o,
    );
    assert!(e.message.contains("no sets"), "{e}");
}

#[test]
fn future_dates_are_errors() {
    let text = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n\
        2026-01-05,Barbell Squat,Legs,100,kgs,5,,,,\n\
        2027-01-05,Barbell Squat,Legs,100,kgs,5,,,,\n";
    let e = err(text, &opts(date(2026, 2, 1)));
    assert!(e.message.contains("in the future"), "{e}");
    assert_eq!(at(&e), (3, 1));
}

#[test]
fn mixed_units_warn_and_convert() {
    let text = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n\
        2026-01-05,Barbell Squat,Legs,100,kgs,5,,,,\n\
        2026-01-05,Barbell Squat,Legs,100,kgs,5,,,,\n\
        2026-01-08,Barbell Squat,Legs,225,lbs,5,,,,\n";
    let (log, warnings) = parse(text, Path::new("log.csv"), &opts(date(2026, 2, 1)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].message.contains("mixes units"),
        "{:?}",
        warnings[0]
    );
    assert_eq!(log.units, deload_engine::programs::Units::Kg);
    assert!((log.sets[2].weight - 102.058).abs() < 0.001);
}

#[test]
fn fitnotes_with_the_unit_in_the_header() {
    let text = "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time,Comment\n\
        2026-01-05,Deadlift,Back,315,5,,,,\n";
    let (log, _) = parse(text, Path::new("log.csv"), &opts(date(2026, 2, 1)))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log.format, Format::FitNotes);
    assert_eq!(log.units, deload_engine::programs::Units::Lb);
    assert_eq!(log.sets[0].weight, 315.0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Shuffling the rows changes nothing derived.
    #[test]
    fn shuffling_rows_does_not_change_the_history(seed in any::<u64>(), fatigued in any::<bool>()) {
        let (weeks, today) = if fatigued { (11, fatigued_today()) } else { (9, steady_today()) };
        let text = strong_current(&training(weeks, fatigued));
        let mut lines: Vec<&str> = text.lines().collect();
        let header = lines.remove(0);
        // Fisher–Yates with a small xorshift, seeded by proptest.
        let mut x = seed | 1;
        for i in (1..lines.len()).rev() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let j = usize::try_from(x % (i as u64 + 1)).unwrap_or(0);
            lines.swap(i, j);
        }
        let shuffled = format!("{header}\n{}\n", lines.join("\n"));
        let o = opts(today);
        prop_assert_eq!(read(&text, &o), read(&shuffled, &o));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any rows under any known header: an error or a history, never a panic.
    #[test]
    fn hostile_rows_never_panic(
        header in prop_oneof![
            Just("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"),
            Just("Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes"),
            Just("\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\",\"exercise_notes\",\"set_index\",\"set_type\",\"weight_lbs\",\"reps\",\"distance_miles\",\"duration_seconds\",\"rpe\""),
            Just("Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment"),
        ],
        rows in proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![
                    Just(String::new()),
                    Just("2026-01-05 18:00:00".to_string()),
                    Just("2026-01-05".to_string()),
                    Just("8 Apr 2026, 16:50".to_string()),
                    Just("1900-01-01".to_string()),
                    Just("Squat (Barbell)".to_string()),
                    Just("W".to_string()),
                    Just("warmup".to_string()),
                    Just("kgs".to_string()),
                    Just("lbs".to_string()),
                    "-?[0-9]{1,6}(\\.[0-9]{0,17})?",
                    "[\"',; a-zé\n]{0,6}",
                ],
                0..15,
            ),
            0..12,
        ),
        skip in any::<bool>(),
    ) {
        let delim = if header.contains(';') { ";" } else { "," };
        let body: Vec<String> = rows.iter().map(|r| r.join(delim)).collect();
        let text = format!("{header}\n{}\n", body.join("\n"));
        let o = ImportOptions { skip_bad_rows: skip, ..opts(date(2026, 6, 1)) };
        if let Ok((log, _)) = parse(&text, Path::new("x.csv"), &o) {
            let h = derive(&log, o.today);
            let _ = deload_engine::traininglog::chart::to_svg(&h);
            let _ = h.summary();
        }
    }
}

/// The logs in `tests/fixtures/logs/` (which the `deload` package's command-line tests read) are
/// this model written out, so the values computed by hand hold for them too.
#[test]
fn fixture_logs_are_the_model_written_out() {
    for (name, text) in crate::support::logs::fixture_logs() {
        let path = crate::support::fixture(&format!("logs/{name}"));
        crate::support::assert_file(&path, &text);
    }
}
