//! Training-log import: fixture logs in every format, written here from one model of the
//! training, read back and checked against values computed by hand; bad input; the `history`
//! command; `plan --log`; and a property test that the order of rows does not matter.
//!
//! # The two fixtures, by hand
//!
//! Both start with one week in October 2025 (Mon 6 and Thu 9), then a break until Mon
//! 2026-01-05, then two sessions a week (Monday and Thursday, 18:00). Each session: one warm-up
//! set and 3 work sets of 5 for squat and bench (week 5, 2026-02-02, is a deload: 1 work set
//! each). Week i (1-based from 2026-01-05) loads squat 60 + 2.5 (i − 1), bench 40 + 2.5 (i − 1);
//! the October week squat 50, bench 30; the deload week 50 and 30. RPE 8 throughout.
//!
//! **Steady**: 9 weeks (to 2026-03-05), read as of Sunday 2026-03-08.
//! - Training age: 2025-10-06 → 2026-03-08 is 153 days; the break 2025-10-09 → 2026-01-05 is 88
//!   days; 153 − 88 = 65 days = 0.18 years → novice.
//! - Sessions 2 + 18 = 20; work sets 2×6 + 8×12 + 4 = 112; warm-ups 2 × 20 = 40.
//! - Deload week 2026-02-02: 4 work sets ≤ 70 % of 12 after weeks 1–4 (12 each).
//! - Weeks since the deload: 2026-02-09 … 2026-03-02 = 4.
//! - e1RM (Epley) week 9: squat 80 × 7/6 = 93.3, bench 60 × 7/6 = 70; rising every loading week,
//!   so no stalls.
//! - ACWR: last 7 days 80·30 + 60·30 = 4200; 28 days (weeks 6–9) (72.5 + 75 + 77.5 + 80)·30 +
//!   (52.5 + 55 + 57.5 + 60)·30 = 15 900, a week 3975; 4200 / 3975 = 1.06.
//! - Next deload: novice K = 6, W = 4: week 6 − 4 = 2 from Monday 2026-03-09, i.e. 2026-03-16.
//!
//! **Fatigued**: 11 weeks (to 2026-03-19), read as of Sunday 2026-03-22; weeks 8–11 keep week 7's
//! loads (squat 75, bench 55) with RPE 7, 7.5, 8, 8.5.
//! - Stalls: best e1RM set in week 7 (2026-02-16: 87.5 and 64.2), latest week 2026-03-16: 4 weeks
//!   without progress on both lifts → a warning sign.
//! - Rising RPE: in the 28 days to 2026-03-19 (from 2026-02-20), 75 × 5 went from RPE 7
//!   (2026-02-23) to 8.5 (2026-03-19) → a warning sign. Two signs → an early deload.
//! - Weeks since the deload: 2026-02-09 … 2026-03-16 = 6.

use std::path::{Path, PathBuf};
use std::process::Command;

use deload_engine::traininglog::{DerivedHistory, Format, ImportOptions, derive, parse};
use jiff::civil::{Date, date};
use proptest::prelude::*;

const LB: f64 = 0.453_592_37;

#[derive(Debug, Clone)]
struct Set {
    day: Date,
    exercise: Lift,
    order: u32,
    weight: f64,
    reps: u32,
    rpe: f64,
    warmup: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Lift {
    Squat,
    Bench,
}

impl Lift {
    fn strong(self) -> &'static str {
        match self {
            Lift::Squat => "Squat (Barbell)",
            Lift::Bench => "Bench Press (Barbell)",
        }
    }
    fn fitnotes(self) -> &'static str {
        match self {
            Lift::Squat => "Barbell Squat",
            Lift::Bench => "Flat Barbell Bench Press",
        }
    }
}

fn add(d: Date, days: i64) -> Date {
    d.checked_add(jiff::Span::new().days(days))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The training of the fixtures: `weeks` weeks from 2026-01-05; `fatigued` holds the loads from
/// week 8 on with rising RPE.
fn training(weeks: i64, fatigued: bool) -> Vec<Set> {
    let mut sets = Vec::new();
    let mut session = |day: Date, squat: f64, bench: f64, work: u32, rpe: f64| {
        for (lift, w) in [(Lift::Squat, squat), (Lift::Bench, bench)] {
            sets.push(Set {
                day,
                exercise: lift,
                order: 0,
                weight: 20.0,
                reps: 10,
                rpe: 0.0,
                warmup: true,
            });
            for order in 1..=work {
                sets.push(Set {
                    day,
                    exercise: lift,
                    order,
                    weight: w,
                    reps: 5,
                    rpe,
                    warmup: false,
                });
            }
        }
    };
    for day in [date(2025, 10, 6), date(2025, 10, 9)] {
        session(day, 50.0, 30.0, 3, 8.0);
    }
    for i in 1..=weeks {
        let monday = add(date(2026, 1, 5), (i - 1) * 7);
        let step = if fatigued { (i - 1).min(6) } else { i - 1 } as f64;
        let (squat, bench, work) = if i == 5 {
            (50.0, 30.0, 1)
        } else {
            (60.0 + 2.5 * step, 40.0 + 2.5 * step, 3)
        };
        let rpe = if fatigued && i >= 8 {
            7.0 + 0.5 * (i - 8) as f64
        } else {
            8.0
        };
        for day in [monday, add(monday, 3)] {
            session(day, squat, bench, work, rpe);
        }
    }
    sets
}

fn quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Strong's current export: rest-timer rows after each exercise, a quoted workout name with a
/// comma, notes with quotes, float noise on one load.
fn strong_current(sets: &[Set]) -> String {
    let mut out = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for (i, s) in sets.iter().enumerate() {
        let weight = if s.weight == 75.0 {
            "74.99999999999999".to_string()
        } else {
            s.weight.to_string()
        };
        let order = if s.warmup {
            "W".to_string()
        } else {
            s.order.to_string()
        };
        let rpe = if s.warmup {
            String::new()
        } else {
            s.rpe.to_string()
        };
        out.push_str(&format!(
            "{} 18:00:00,{},1h 3m,{},{order},{weight},{},0,0,{},,{rpe}\n",
            s.day,
            quote("Full body, A"),
            s.exercise.strong(),
            s.reps,
            quote("brace \"hard\", then go")
        ));
        let last_of_exercise = sets
            .get(i + 1)
            .is_none_or(|n| n.exercise != s.exercise || n.day != s.day);
        if last_of_exercise {
            out.push_str(&format!(
                "{} 18:00:00,{},1h 3m,{},Rest Timer,0,0,0,120,,,\n",
                s.day,
                quote("Full body, A"),
                s.exercise.strong()
            ));
        }
    }
    out
}

/// Strong's older export: no Duration, no RPE.
fn strong_older(sets: &[Set]) -> String {
    let mut out = String::from(
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes\n",
    );
    for s in sets {
        let order = if s.warmup {
            "W".to_string()
        } else {
            s.order.to_string()
        };
        out.push_str(&format!(
            "{} 18:00:00,Full body,{},{order},{},{},0,0,,\n",
            s.day,
            s.exercise.strong(),
            s.weight,
            s.reps
        ));
    }
    out
}

/// Strong's semicolon export: a unit per row, decimal commas.
fn strong_semicolon(sets: &[Set]) -> String {
    let mut out = String::from(
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes\n",
    );
    for s in sets {
        let order = if s.warmup {
            "W".to_string()
        } else {
            s.order.to_string()
        };
        let rpe = if s.warmup {
            String::new()
        } else {
            s.rpe.to_string().replace('.', ",")
        };
        out.push_str(&format!(
            "{} 18:00:00;\"Full body; A\";\"{}\";{order};{};kg;{};{rpe};;;0;\"\";\"\"\n",
            s.day,
            s.exercise.strong(),
            s.weight.to_string().replace('.', ","),
            s.reps
        ));
    }
    out
}

/// Strong's quoted semicolon export with a workout number and `Weight (kg)`.
fn strong_numbered(sets: &[Set]) -> String {
    let mut out = String::from(
        "\"Workout #\";\"Date\";\"Workout Name\";\"Duration (sec)\";\"Exercise Name\";\"Set Order\";\"Weight (kg)\";\"Reps\";\"RPE\";\"Distance (meters)\";\"Seconds\";\"Notes\";\"Workout Notes\"\n",
    );
    let mut days: Vec<Date> = sets.iter().map(|s| s.day).collect();
    days.dedup();
    for s in sets {
        let n = days.iter().position(|d| *d == s.day).unwrap_or(0) + 1;
        let order = if s.warmup {
            "W".to_string()
        } else {
            s.order.to_string()
        };
        let rpe = if s.warmup {
            String::new()
        } else {
            s.rpe.to_string()
        };
        out.push_str(&format!(
            "\"{n}\";\"{} 18:00:00\";\"Full body\";\"3780\";\"{}\";\"{order}\";\"{}\";\"{}\";\"{rpe}\";\"\";\"\";\"\";\"\"\n",
            s.day,
            s.exercise.strong(),
            s.weight,
            s.reps
        ));
    }
    out
}

fn hevy_date(d: Date, time: &str) -> String {
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {} {}, {time}",
        d.day(),
        M[usize::try_from(d.month() - 1).unwrap_or(0)],
        d.year()
    )
}

/// Hevy, metric or imperial (`weight_lbs`, `distance_miles`).
fn hevy(sets: &[Set], imperial: bool) -> String {
    let (w, dist) = if imperial {
        ("weight_lbs", "distance_miles")
    } else {
        ("weight_kg", "distance_km")
    };
    let mut out = format!(
        "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\",\"exercise_notes\",\"set_index\",\"set_type\",\"{w}\",\"reps\",\"{dist}\",\"duration_seconds\",\"rpe\"\n"
    );
    for s in sets {
        let weight = if imperial { s.weight / LB } else { s.weight };
        let rpe = if s.warmup {
            String::new()
        } else {
            s.rpe.to_string()
        };
        out.push_str(&format!(
            "\"Full body, A\",\"{}\",\"{}\",\"\",\"{}\",,\"\",{},\"{}\",{weight},{},,,{rpe}\n",
            hevy_date(s.day, "18:00"),
            hevy_date(s.day, "19:03"),
            s.exercise.strong(),
            s.order,
            if s.warmup { "warmup" } else { "normal" },
            s.reps
        ));
    }
    out
}

/// FitNotes: no warm-up marker (so warm-ups are left out, as a FitNotes user would), no RPE.
fn fitnotes(sets: &[Set]) -> String {
    let mut out = String::from(
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n",
    );
    for s in sets.iter().filter(|s| !s.warmup) {
        out.push_str(&format!(
            "{},{},Legs,{},kgs,{},,,,\"felt good, fast\"\n",
            s.day,
            s.exercise.fitnotes(),
            s.weight,
            s.reps
        ));
    }
    out
}

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

// ---- The command line ----

fn deload(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_deload"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

#[test]
fn history_command_text_json_and_chart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = write(dir.path(), "log.csv", &strong_current(&training(9, false)));
    let chart = dir.path().join("volume.svg");
    let (code, out, err) = deload(&[
        "history",
        s(&log),
        "--today",
        "2026-03-08",
        "--chart",
        s(&chart),
    ]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "Format: Strong (current export)",
        "Sessions: 20 from 2025-10-06 to 2026-03-05",
        "65 days of training",
        "→ novice",
        "2026-02-02         2          4",
        "deload",
        "Deload weeks found (work sets down 30 % or more against the 3 normal weeks before): 2026-02-02",
        "4 training weeks since the deload in the week of 2026-02-02",
        "Epley",
        "Back squat (logged as Squat (Barbell))",
        "Warning signs: none",
        "Recommended next deload: the week of 2026-03-16",
    ] {
        assert!(out.contains(want), "missing `{want}` in:\n{out}");
    }
    let svg = std::fs::read_to_string(&chart).unwrap_or_else(|e| panic!("{e}"));
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    let bars = doc.descendants().filter(|n| n.has_tag_name("rect")).count();
    // 2025-10-06 … 2026-03-02: 22 weeks.
    assert_eq!(bars, 22);
    assert!(svg.contains("(deload)"));

    let (code, out, err) = deload(&[
        "history",
        s(&log),
        "--today",
        "2026-03-08",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["format_version"], 1);
    assert_eq!(v["format"], "strong_current");
    assert_eq!(v["training_days"], 65);
    assert_eq!(v["level"], "novice");
    assert_eq!(v["weeks_since_deload"], 4);
    assert_eq!(v["deload_weeks"][0], "2026-02-02");
    assert_eq!(v["next_deload"], "2026-03-16");
    assert_eq!(v["lifts"][0]["lift"], "Back squat");
    assert_eq!(v["lifts"][0]["recent_e1rm"], 93.3);
    assert!(v["early_deload"].is_null());
    for key in [
        "format_name",
        "units",
        "rows",
        "work_sets",
        "warmup_sets",
        "rest_timer_rows",
        "no_rep_rows",
        "skipped_rows",
        "sessions",
        "first_session",
        "last_session",
        "as_of",
        "breaks",
        "training_years",
        "level_reason",
        "weeks",
        "sessions_per_week",
        "weeks_since_deload_reason",
        "e1rm_formula",
        "stalled_lifts",
        "rpe_rises",
        "acwr",
        "warning_signs",
        "deload_every",
        "next_deload_reason",
        "notes",
        "log",
    ] {
        assert!(v.get(key).is_some(), "no `{key}`");
    }
}

#[test]
fn history_command_errors_and_skipped_rows() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let text = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment\n\
        2026-01-05,Barbell Squat,Legs,100,kgs,5,,,,\n\
        2026-01-05,Barbell Squat,Legs,100,stone,5,,,,\n\
        2026-01-08,Barbell Squat,Legs,105,kgs,5,,,,\n";
    let log = write(dir.path(), "fit.csv", text);
    let (code, _, err) = deload(&["history", s(&log), "--today", "2026-02-01"]);
    assert_eq!(code, 1);
    assert!(err.contains("fit.csv:3:"), "{err}");
    assert!(err.contains("`stone` is not a weight unit"), "{err}");
    assert!(err.contains("--skip-bad-rows"), "{err}");
    let (code, out, err) = deload(&[
        "history",
        s(&log),
        "--today",
        "2026-02-01",
        "--skip-bad-rows",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("row skipped"), "{err}");
    assert!(out.contains("1 bad row skipped"), "{out}");
    let (code, _, err) = deload(&["history", s(&dir.path().join("missing.csv"))]);
    assert_eq!(code, 1);
    assert!(err.contains("missing.csv"), "{err}");
}

fn sam() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs/athletes/sam.yaml")
}

fn plan_json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = deload(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"))
}

#[test]
fn plan_log_moves_the_first_deload_and_says_so() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let steady = write(
        dir.path(),
        "steady.csv",
        &strong_current(&training(9, false)),
    );
    let sam = sam();
    let base = [
        "plan",
        s(&sam),
        "--start",
        "2026-03-09",
        "--weeks",
        "12",
        "--format",
        "json",
    ];
    // Sam's file: novice, 0 weeks since the last deload → first deload in week 6.
    let without = plan_json(&base);
    assert_eq!(without["first_deload_week"], 6);
    assert!(without["history_source"].is_null());
    // The log: 4 weeks since the deload of 2026-02-02 → week 6 − 4 = 2.
    let mut args = base.to_vec();
    args.extend(["--log", s(&steady), "--today", "2026-03-08"]);
    let with = plan_json(&args);
    assert_eq!(with["first_deload_week"], 2);
    assert_eq!(with["weeks"][1]["is_deload"], true);
    let source = with["history_source"].as_str().unwrap_or_default();
    assert!(source.starts_with("From your log (Strong"), "{source}");
    assert!(
        source.contains("4 training weeks since the deload in the week of 2026-02-02"),
        "{source}"
    );
    assert!(source.contains("Back squat 93.3 kg"), "{source}");
    assert!(
        with["level_reason"]
            .as_str()
            .is_some_and(|r| r.contains("from the training log")),
        "{}",
        with["level_reason"]
    );
    // Loads come from the log's e1RM: the first squat is a percentage of 93.3, not of 80.
    let squat_load = with["weeks"][0]["days"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["session"]["prescriptions"].as_array())
        .flatten()
        .find(|p| p["exercise"] == "Back squat")
        .map(|p| p["load"].clone());
    let pct = with["weeks"][0]["days"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["session"]["prescriptions"].as_array())
        .flatten()
        .find(|p| p["exercise"] == "Back squat")
        .and_then(|p| p["percent"].as_f64());
    if let (Some(Some(load)), Some(pct)) = (squat_load.map(|l| l.as_f64()), pct) {
        let expected = (93.3 * pct / 100.0 / 2.5).round() * 2.5;
        assert!((load - expected).abs() <= 2.5, "{load} vs {expected}");
    }

    // The fatigued log: two warning signs → the first deload in week 1, with the reason.
    let fatigued = write(
        dir.path(),
        "fatigued.csv",
        &strong_current(&training(11, true)),
    );
    let mut args = base.to_vec();
    args.extend(["--log", s(&fatigued), "--today", "2026-03-22"]);
    args[3] = "2026-03-23";
    let early = plan_json(&args);
    assert_eq!(early["first_deload_week"], 1);
    let reason = early["weeks"][0]["deload_reason"]
        .as_str()
        .unwrap_or_default();
    assert!(
        reason.contains("early deload in week 1, from your log"),
        "{reason}"
    );
    assert!(
        reason.contains("stalls") || reason.contains("e1RM has not risen"),
        "{reason}"
    );

    // The printable cover says where the history came from and shows the chart.
    let mut args = base.to_vec();
    args.extend(["--log", s(&fatigued), "--today", "2026-03-22"]);
    args[3] = "2026-03-23";
    args[7] = "html";
    let (code, html, err) = deload(&args);
    assert_eq!(code, 0, "{err}");
    let cover = html.split("</section>").next().unwrap_or_default();
    assert!(cover.contains("From your log (Strong"), "{cover}");
    assert!(cover.contains("early deload"), "{cover}");
    assert!(cover.contains("<svg"), "{cover}");
}

#[test]
fn athlete_file_names_its_log() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    write(dir.path(), "steady.csv", &fitnotes(&training(9, false)));
    // References stay inside the athlete file's folder (absolute paths are refused): copy the
    // program beside it.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs/novice-full-body.yaml");
    let program = dir.path().join("novice-full-body.yaml");
    std::fs::copy(&shipped, &program).unwrap_or_else(|e| panic!("{e}"));
    let program = Path::new("novice-full-body.yaml");
    // No squat or bench max in the file: the log provides them.
    let athlete = write(
        dir.path(),
        "kim.yaml",
        &format!(
            "program: {}\nname: Kim\nlog: steady.csv\nmaxes: {{ Overhead press: 40, Deadlift: 120 }}\n",
            program.display()
        ),
    );
    let v = plan_json(&[
        "plan",
        s(&athlete),
        "--start",
        "2026-03-09",
        "--today",
        "2026-03-08",
        "--format",
        "json",
    ]);
    assert_eq!(v["first_deload_week"], 2);
    assert!(
        v["history_source"]
            .as_str()
            .is_some_and(|s| s.contains("FitNotes"))
    );
    // Without the deadlift max, neither the file nor the log has one: a clear error.
    let athlete = write(
        dir.path(),
        "lee.yaml",
        &format!(
            "program: {}\nname: Lee\nlog: steady.csv\nmaxes: {{ Overhead press: 40 }}\n",
            program.display()
        ),
    );
    let (code, _, err) = deload(&[
        "plan",
        s(&athlete),
        "--today",
        "2026-03-08",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no one-rep max for `Deadlift`"), "{err}");
    // A log that does not exist is an error at the `log:` key.
    let athlete = write(
        dir.path(),
        "max.yaml",
        &format!("program: {}\nlog: nope.csv\n", program.display()),
    );
    let (code, _, err) = deload(&["plan", s(&athlete), "--format", "json"]);
    assert_eq!(code, 1);
    assert!(err.contains("max.yaml:2:"), "{err}");
    assert!(err.contains("training log does not exist"), "{err}");
}
