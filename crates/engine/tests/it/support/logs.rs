//! One model of a lifter's training, written out as the log exports of Strong, Hevy and FitNotes,
//! with the values a correct import derives from it computed by hand below.
//! `tests/fixtures/logs/` holds three of these logs as files (checked against this model by
//! `training_log::fixture_logs_are_the_model_written_out`), for the command-line tests of the
//! `deload` package.
//!
//! # The two logs, by hand
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

use jiff::civil::{Date, date};

/// Kilograms in a pound.
pub(crate) const LB: f64 = 0.453_592_37;

/// One logged set.
#[derive(Debug, Clone)]
pub(crate) struct Set {
    pub day: Date,
    pub exercise: Lift,
    pub order: u32,
    pub weight: f64,
    pub reps: u32,
    pub rpe: f64,
    pub warmup: bool,
}

/// The two lifts of the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Lift {
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

/// `d` plus `days` days.
pub(crate) fn add(d: Date, days: i64) -> Date {
    d.checked_add(jiff::Span::new().days(days))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The training of the fixtures: `weeks` weeks from 2026-01-05; `fatigued` holds the loads from
/// week 8 on with rising RPE.
pub(crate) fn training(weeks: i64, fatigued: bool) -> Vec<Set> {
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
pub(crate) fn strong_current(sets: &[Set]) -> String {
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
pub(crate) fn strong_older(sets: &[Set]) -> String {
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
pub(crate) fn strong_semicolon(sets: &[Set]) -> String {
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
pub(crate) fn strong_numbered(sets: &[Set]) -> String {
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
pub(crate) fn hevy(sets: &[Set], imperial: bool) -> String {
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
pub(crate) fn fitnotes(sets: &[Set]) -> String {
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

/// The logs kept as files in `tests/fixtures/logs/`: (file name, text).
pub(crate) fn fixture_logs() -> [(&'static str, String); 3] {
    [
        ("steady-strong.csv", strong_current(&training(9, false))),
        ("fatigued-strong.csv", strong_current(&training(11, true))),
        ("steady-fitnotes.csv", fitnotes(&training(9, false))),
    ]
}
