//! Training logs the tests write: a Strong export of a shipped athlete's plan, as lifted.

use std::path::{Path, PathBuf};

use deload_engine::pipeline::{self, LogSource, PipelineOptions};
use jiff::civil::date;

use super::repo;

pub(crate) fn morgan() -> PathBuf {
    repo().join("programs/athletes/morgan.yaml")
}

/// A Strong export of Morgan's plan up to 2026-02-15 (the end of week 6), every set as
/// prescribed except the squat and bench press from week 4, 2 reps short.
pub(crate) fn stalling_log(dir: &Path) -> PathBuf {
    let mut opts = PipelineOptions::new(date(2026, 1, 1));
    opts.log = LogSource::Without;
    let plan = pipeline::plan_file(&morgan(), &opts)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .schedule;
    let mut out = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for week in &plan.weeks {
        for day in week.days.iter().filter(|d| d.date <= date(2026, 2, 15)) {
            let Some(session) = day.session() else {
                continue;
            };
            for p in &session.prescriptions {
                let stalls =
                    week.number >= 4 && (p.exercise == "Back squat" || p.exercise == "Bench press");
                for (i, line) in p.lines.iter().filter(|l| !l.warmup).enumerate() {
                    let reps = if stalls {
                        line.rep_range.min.saturating_sub(2).max(1)
                    } else {
                        line.rep_range.min
                    };
                    for _ in 0..line.sets {
                        out.push_str(&format!(
                            "{} 18:00:00,{},1h,{},{},{},{reps},0,0,,,\n",
                            day.date,
                            session.name,
                            p.exercise,
                            i + 1,
                            line.load.unwrap_or(0.0)
                        ));
                    }
                }
            }
        }
    }
    let path = dir.join("morgan-log.csv");
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("{e}"));
    path
}

/// A Strong export (the current one, with RPE) of the plan of the athlete file at `athlete`, as
/// lifted up to `until`: the second session of every third week missed, the first exercise of
/// each session from week 4 on a rep short of its target, and the RPE of every set rising by
/// half a point a week from 7 (at most 10).
pub(crate) fn log_from_plan(
    athlete: &Path,
    today: jiff::civil::Date,
    until: jiff::civil::Date,
) -> String {
    let mut opts = PipelineOptions::new(today);
    opts.log = LogSource::Without;
    let plan = pipeline::plan_file(athlete, &opts)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .schedule;
    let mut out = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for week in &plan.weeks {
        let rpe = (7.0 + 0.5 * f64::from(week.number.saturating_sub(1))).min(10.0);
        let sessions = week.days.iter().filter(|d| d.date <= until);
        for (k, day) in sessions.filter(|d| d.session().is_some()).enumerate() {
            let Some(session) = day.session() else {
                continue;
            };
            if week.number % 3 == 0 && k == 1 {
                continue;
            }
            for (e, p) in session.prescriptions.iter().enumerate() {
                let short = week.number >= 4 && e == 0;
                let mut order = 0;
                for line in p.lines.iter().filter(|l| !l.warmup) {
                    let target = line.rep_range.min.max(1);
                    let reps = if short {
                        target.saturating_sub(1).max(1)
                    } else {
                        target
                    };
                    for _ in 0..line.sets {
                        order += 1;
                        out.push_str(&format!(
                            "{} 18:00:00,\"{}\",1h,\"{}\",{order},{},{reps},0,0,,,{rpe}\n",
                            day.date,
                            session.name.replace('"', "\"\""),
                            p.exercise.replace('"', "\"\""),
                            line.load.unwrap_or(0.0),
                        ));
                    }
                }
            }
        }
    }
    out
}
