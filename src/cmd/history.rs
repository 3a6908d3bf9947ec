//! `deload history LOG.csv`: read a training log, derive the history, print a report (text or
//! JSON), optionally write the weekly-volume chart as SVG.

use std::fmt::Write;
use std::path::Path;

use deload_engine::Severity;
use deload_engine::error::Error;
use deload_engine::programs::Units;
use deload_engine::text::{fmt_num, plural};
use deload_engine::traininglog::{self, DerivedHistory, ImportOptions};

use super::{Verbosity, count, fail, print_diagnostics};

mod lang;
use crate::cli::{HistoryArgs, ReportFormat, UnitsArg};

/// The value of `format_version` in `deload history --format json`.
pub(crate) const REPORT_VERSION: u32 = 1;

/// Runs `deload history`.
pub(crate) fn history(args: &HistoryArgs, v: Verbosity) -> i32 {
    match run(args) {
        Ok((text, warnings)) => {
            if v != Verbosity::Quiet {
                print_diagnostics(&warnings, Severity::Warning);
            }
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
            0
        }
        Err(e) => fail(&[e], "history"),
    }
}

/// `--units` as the library's units.
pub(crate) fn units(u: Option<UnitsArg>) -> Option<Units> {
    u.map(|u| match u {
        UnitsArg::Kg => Units::Kg,
        UnitsArg::Lb => Units::Lb,
    })
}

/// `--today`, or the clock's date.
pub(crate) fn today(arg: Option<&str>) -> Result<jiff::civil::Date, Error> {
    match arg {
        Some(s) => s.trim().parse::<jiff::civil::Date>().map_err(|_| {
            Error::new(format!("--today `{s}` is not a valid date"))
                .with_hint("write it as YYYY-MM-DD, for example 2026-03-02")
        }),
        None => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// The words of `--lang`: `None` for English (the report as it always printed), an error for a
/// language deload has no strings for.
fn words(lang: Option<&str>) -> Result<Option<deload_sheet::Words>, Error> {
    match lang.map(str::trim) {
        None | Some("en") => Ok(None),
        Some(code) => deload_sheet::Words::built_in(code)
            .map(Some)
            .ok_or_else(|| {
                Error::new(format!(
                    "--lang {code}: deload writes the history report in {}",
                    deload_engine::programs::LANGUAGES.join(", ")
                ))
                .with_hint(
                    "pass one of those codes, like --lang de, or leave --lang out for English",
                )
            }),
    }
}

fn run(args: &HistoryArgs) -> Result<(String, Vec<Error>), Error> {
    let opts = ImportOptions {
        units: units(args.units),
        skip_bad_rows: args.skip_bad_rows,
        today: today(args.today.as_deref())?,
    };
    let words = words(args.lang.as_deref())?;
    let (h, progress, warnings) = deload_engine::pipeline::read_log_report(&args.log, &opts)?;
    if let Some(chart) = &args.chart {
        deload_site::fs::write_atomic(chart, traininglog::chart::to_svg(&h).as_bytes())?;
    }
    let text = match args.format {
        ReportFormat::Json => to_json(&args.log, &h),
        ReportFormat::Text => match &words {
            Some(w) => lang::to_text(w, &args.log, &h),
            None => to_text(&args.log, &h),
        },
        ReportFormat::Html => to_html(&args.log, &h, &progress)?,
    };
    Ok((text, warnings))
}

/// The progress report of the log alone, as HTML (the embedded `report/report.html`).
fn to_html(
    path: &Path,
    h: &DerivedHistory,
    progress: &deload_engine::replan::Progress,
) -> Result<String, Error> {
    let templates = deload_render::Templates::load(None)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let view = deload_render::ReportView::new(
        format!("Training log: {name}"),
        format!(
            "{} · {} to {} · as of {} · {} sessions, {} work sets",
            h.format_name, h.first_session, h.last_session, h.as_of, h.sessions, h.work_sets
        ),
        progress,
    );
    deload_render::report::to_html(&view, &templates, &format!("the report of {name}"))
}

fn to_json(path: &Path, h: &DerivedHistory) -> String {
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        format_version: u32,
        log: String,
        #[serde(flatten)]
        history: &'a DerivedHistory,
    }
    let doc = Doc {
        format_version: REPORT_VERSION,
        log: path.display().to_string(),
        history: h,
    };
    // No maps with non-string keys and no failing `Serialize` impls: this cannot fail.
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// The report `deload history` prints: the log read, weekly volume, lifts, then the signals.
fn to_text(path: &Path, h: &DerivedHistory) -> String {
    let mut s = String::new();
    write_log_summary(&mut s, path, h);
    write_weeks(&mut s, h);
    write_lifts(&mut s, h);
    write_signals(&mut s, h);
    s
}

/// The log: file, format, rows, sessions, training age and breaks.
fn write_log_summary(s: &mut String, path: &Path, h: &DerivedHistory) {
    let _ = writeln!(s, "Training log: {}", path.display());
    let _ = writeln!(s, "Format: {} ({})", h.format_name, h.units_note);
    let _ = writeln!(
        s,
        "Rows: {} ({}, {}; left out: {}, {}, {} skipped)",
        h.rows,
        plural(count(h.work_sets), "work set", "work sets"),
        plural(count(h.warmup_sets), "warm-up set", "warm-up sets"),
        plural(
            count(h.rest_timer_rows),
            "rest-timer row",
            "rest-timer rows"
        ),
        plural(
            count(h.no_rep_rows),
            "row without reps",
            "rows without reps"
        ),
        plural(count(h.skipped_rows), "bad row", "bad rows")
    );
    let _ = writeln!(
        s,
        "Sessions: {} from {} to {} (read as of {})",
        h.sessions, h.first_session, h.last_session, h.as_of
    );
    let _ = writeln!(s, "Training age: {}", h.level_reason);
    for b in &h.breaks {
        let _ = writeln!(
            s,
            "  break: {} days without a session, {} to {}",
            b.days, b.after, b.until
        );
    }
}

/// Weekly volume, sessions a week, past deloads and the weeks since the last one.
fn write_weeks(s: &mut String, h: &DerivedHistory) {
    let u = h.units.as_str();
    let _ = writeln!(
        s,
        "\nWeekly volume (weeks from Monday; work sets exclude warm-ups; tonnage = weight × reps in {u}):"
    );
    let _ = writeln!(s, "  week        sessions  work sets  tonnage");
    for w in &h.weeks {
        let mark = if w.deload {
            "  deload"
        } else if w.in_progress {
            "  (in progress)"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  {}  {:>8}  {:>9}  {:>7}{mark}",
            w.start,
            w.sessions,
            w.work_sets,
            fmt_num(w.tonnage)
        );
    }
    let _ = writeln!(
        s,
        "Sessions a week (last 4 complete weeks): {}",
        fmt_num(h.sessions_per_week)
    );
    let deloads: Vec<String> = h.deload_weeks.iter().map(ToString::to_string).collect();
    let _ = writeln!(
        s,
        "Deload weeks found (work sets down 30 % or more against the 3 normal weeks before): {}",
        if deloads.is_empty() {
            "none".to_string()
        } else {
            deloads.join(", ")
        }
    );
    let _ = writeln!(
        s,
        "Weeks since the last deload: {}",
        h.weeks_since_deload_reason
    );
}

/// Estimated 1RM per main lift, then rising RPE at the same load.
fn write_lifts(s: &mut String, h: &DerivedHistory) {
    let u = h.units.as_str();
    let _ = writeln!(s, "\nEstimated 1RM per main lift ({}):", h.e1rm_formula);
    if h.lifts.is_empty() {
        let _ = writeln!(
            s,
            "  no barbell squat, bench press, deadlift or overhead press sets of 1 to 12 reps"
        );
    }
    for l in &h.lifts {
        let first = l.points.first().map_or(0.0, |p| p.e1rm);
        let _ = writeln!(
            s,
            "  {} (logged as {}): {} → {} {u} over {}; recent {} {u}; best {} {u} in the week of {}, {} since{}",
            l.lift,
            l.logged_as.join(", "),
            fmt_num(first),
            fmt_num(l.points.last().map_or(0.0, |p| p.e1rm)),
            plural(count(l.points.len()), "week", "weeks"),
            fmt_num(l.recent_e1rm),
            fmt_num(l.best_e1rm),
            l.best_week,
            plural(l.weeks_without_progress, "week", "weeks"),
            if l.stalled { ": stalled" } else { "" }
        );
        let recent: Vec<String> = l.points[l.points.len().saturating_sub(8)..]
            .iter()
            .map(|p| format!("{} {}", p.week, fmt_num(p.e1rm)))
            .collect();
        let _ = writeln!(s, "    weekly: {}", recent.join(" · "));
    }
    for r in &h.rpe_rises {
        let _ = writeln!(
            s,
            "  RPE rising: {} {} {u} × {}: RPE {} on {} → {} on {}",
            r.exercise,
            fmt_num(r.weight),
            r.reps,
            fmt_num(r.from_rpe),
            r.from,
            fmt_num(r.to_rpe),
            r.to
        );
    }
}

/// The workload ratio, warning signs, the early-deload verdict, the next deload and notes.
fn write_signals(s: &mut String, h: &DerivedHistory) {
    let u = h.units.as_str();
    match &h.acwr {
        Some(a) => {
            let _ = writeln!(
                s,
                "\nAcute:chronic workload ratio (advice only): {} ({} {u} in the last 7 days, {} {u} a week over 28 days){}",
                fmt_num(a.ratio),
                fmt_num(a.acute),
                fmt_num(a.chronic),
                if a.high { ": above 1.5" } else { "" }
            );
        }
        None => {
            let _ = writeln!(
                s,
                "\nAcute:chronic workload ratio: not available (needs 4 weeks of log)"
            );
        }
    }
    if h.warning_signs.is_empty() {
        let _ = writeln!(s, "Warning signs: none");
    } else {
        let _ = writeln!(s, "Warning signs:");
        for w in &h.warning_signs {
            let _ = writeln!(s, "  - {}", w.detail);
        }
    }
    let _ = writeln!(
        s,
        "Early deload: {}",
        match &h.early_deload {
            Some(_) => "yes, two or more warning signs",
            None => "no (it needs two or more warning signs)",
        }
    );
    let _ = writeln!(s, "Recommended next deload: {}", h.next_deload_reason);
    for n in &h.notes {
        let _ = writeln!(s, "Note: {n}");
    }
}
