//! The `history` command and `plan --log` on the logs in `tests/fixtures/logs/`: the engine's
//! modelled training written out (see `crates/engine/tests/it/support/logs.rs`, which also holds
//! the values every import must derive from them, computed by hand). The steady logs run to
//! 2026-03-05 and are read as of 2026-03-08; the fatigued one runs to 2026-03-19, read as of
//! 2026-03-22.

use std::path::{Path, PathBuf};

use crate::support::repo;

/// A log of `tests/fixtures/logs/`.
fn log(name: &str) -> PathBuf {
    repo().join("tests/fixtures/logs").join(name)
}

/// Runs `deload ARGS` in the repository: (exit code, stdout, stderr).
fn deload(args: &[&str]) -> (i32, String, String) {
    let out = crate::support::deload(&repo(), args);
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

/// Every field of `deload history --format json`.
const HISTORY_JSON_FIELDS: [&str; 27] = [
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
];

#[test]
fn history_command_text_json_and_chart() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = log("steady-strong.csv");
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
    check_history_json(&log);
}

/// `deload history --format json` on the steady log.
fn check_history_json(log: &Path) {
    let (code, out, err) = deload(&[
        "history",
        s(log),
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
    for key in HISTORY_JSON_FIELDS {
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

fn plan_json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = deload(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"))
}

/// `deload plan` of Sam's file from `start` for 12 weeks in `format`, with `extra` arguments.
fn sam_args<'a>(start: &'a str, format: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "plan",
        "programs/athletes/sam.yaml",
        "--start",
        start,
        "--weeks",
        "12",
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    args
}

/// The load and the percentage of 1RM of the first back squat in week 1 of a JSON plan.
fn first_squat(plan: &serde_json::Value) -> (Option<f64>, Option<f64>) {
    let squat = plan["weeks"][0]["days"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["session"]["prescriptions"].as_array())
        .flatten()
        .find(|p| p["exercise"] == "Back squat");
    (
        squat.and_then(|p| p["load"].as_f64()),
        squat.and_then(|p| p["percent"].as_f64()),
    )
}

#[test]
fn plan_log_moves_the_first_deload_and_says_so() {
    // Sam's file: novice, 0 weeks since the last deload → first deload in week 6.
    let without = plan_json(&sam_args("2026-03-09", "json", &[]));
    assert_eq!(without["first_deload_week"], 6);
    assert!(without["history_source"].is_null());
    // The log: 4 weeks since the deload of 2026-02-02 → week 6 − 4 = 2.
    let steady = log("steady-strong.csv");
    let with = plan_json(&sam_args(
        "2026-03-09",
        "json",
        &["--log", s(&steady), "--today", "2026-03-08"],
    ));
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
    if let (Some(load), Some(pct)) = first_squat(&with) {
        let expected = (93.3 * pct / 100.0 / 2.5).round() * 2.5;
        assert!((load - expected).abs() <= 2.5, "{load} vs {expected}");
    }
}

#[test]
fn a_fatigued_log_brings_the_deload_forward_and_the_cover_says_why() {
    // The fatigued log: two warning signs → the first deload in week 1, with the reason.
    let fatigued = log("fatigued-strong.csv");
    let extra = ["--log", s(&fatigued), "--today", "2026-03-22"];
    let early = plan_json(&sam_args("2026-03-23", "json", &extra));
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
    let (code, html, err) = deload(&sam_args("2026-03-23", "html", &extra));
    assert_eq!(code, 0, "{err}");
    let cover = html.split("</section>").next().unwrap_or_default();
    assert!(cover.contains("From your log (Strong"), "{cover}");
    assert!(cover.contains("early deload"), "{cover}");
    assert!(cover.contains("<svg"), "{cover}");
}

/// A folder holding the steady FitNotes log and a copy of the shipped novice program, for
/// athlete files that name them (references stay inside the athlete file's folder; absolute
/// paths are refused).
fn athlete_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (from, to) in [
        (log("steady-fitnotes.csv"), "steady.csv"),
        (
            repo().join("programs/novice-full-body.yaml"),
            "novice-full-body.yaml",
        ),
    ] {
        std::fs::copy(&from, dir.path().join(to)).unwrap_or_else(|e| panic!("{e}"));
    }
    dir
}

#[test]
fn athlete_file_names_its_log() {
    let dir = athlete_folder();
    // No squat or bench max in the file: the log provides them.
    let athlete = write(
        dir.path(),
        "kim.yaml",
        "program: novice-full-body.yaml\nname: Kim\nlog: steady.csv\nmaxes: { Overhead press: 40, Deadlift: 120 }\n",
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
        "program: novice-full-body.yaml\nname: Lee\nlog: steady.csv\nmaxes: { Overhead press: 40 }\n",
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
        "program: novice-full-body.yaml\nlog: nope.csv\n",
    );
    let (code, _, err) = deload(&["plan", s(&athlete), "--format", "json"]);
    assert_eq!(code, 1);
    assert!(err.contains("max.yaml:2:"), "{err}");
    assert!(err.contains("training log does not exist"), "{err}");
}

/// English words of `deload history`'s text report (its headings, labels and sentences); none
/// may be left in the report in German, Spanish or French (words the language shares, like
/// German's `Last`, French's `volume` or Spanish's `no` and `press`, are not in the list).
const HISTORY_ENGLISH: &[&str] = &[
    "training",
    "log",
    "rows",
    "row",
    "sessions",
    "session",
    "age",
    "years",
    "break",
    "days",
    "without",
    "weekly",
    "week",
    "weeks",
    "work",
    "set",
    "sets",
    "warm",
    "up",
    "left",
    "out",
    "skipped",
    "bad",
    "reps",
    "read",
    "as",
    "deload",
    "progress",
    "found",
    "down",
    "more",
    "against",
    "normal",
    "before",
    "estimated",
    "main",
    "lift",
    "logged",
    "recent",
    "best",
    "stalled",
    "rising",
    "acute",
    "chronic",
    "workload",
    "ratio",
    "advice",
    "only",
    "warning",
    "signs",
    "risen",
    "same",
    "load",
    "early",
    "yes",
    "needs",
    "recommended",
    "next",
    "once",
    "every",
    "none",
    "from",
    "to",
    "over",
    "since",
    "the",
    "of",
    "at",
    "on",
    "and",
    "or",
    "back",
    "bench",
    "deadlift",
    "overhead",
    "note",
];

/// The logs the history report is read in each language: the log, the day it is read as of,
/// and that day as German, Spanish and French write it.
const HISTORY_RUNS: [(&str, &str, [&str; 3]); 3] = [
    (
        "fatigued-strong.csv",
        "2026-03-22",
        ["22.03.2026", "22/03/2026", "22/03/2026"],
    ),
    (
        "steady-fitnotes.csv",
        "2026-03-08",
        ["08.03.2026", "08/03/2026", "08/03/2026"],
    ),
    // read long after its last session: the note that the log is not current
    (
        "steady-fitnotes.csv",
        "2026-05-04",
        ["04.05.2026", "04/05/2026", "04/05/2026"],
    ),
];

#[test]
fn the_history_report_is_written_in_german_spanish_and_french() {
    let runs = HISTORY_RUNS;
    let english = |name: &str, today: &str| {
        let (code, out, err) =
            deload(&["history", s(&log(name)), "--today", today, "--units", "kg"]);
        assert_eq!(code, 0, "{err}");
        out
    };
    for (name, today, dates) in runs {
        let en = english(name, today);
        if today == "2026-05-04" {
            assert!(en.contains("Note: the last session"), "{en}");
        }
        for (lang, date) in ["de", "es", "fr"].into_iter().zip(dates) {
            let path = log(name);
            let args = [
                "history",
                s(&path),
                "--today",
                today,
                "--units",
                "kg",
                "--lang",
                lang,
            ];
            let (code, out, err) = deload(&args);
            assert_eq!(code, 0, "{lang}: {err}");
            assert_eq!(
                out.lines().count(),
                en.lines().count(),
                "{lang}: a line per line\n{out}"
            );
            // the read-as-of date and every number in the language's form
            assert!(out.contains(date), "{lang}: no {date}\n{out}");
            assert!(!out.contains(today), "{lang}: an ISO date\n{out}");
            if name.starts_with("fatigued") {
                assert!(
                    out.contains("87,5") && !out.contains("87.5"),
                    "{lang}\n{out}"
                );
            }
            // what the athlete logged (the file's path, the exercises as written) aside
            let mut text = out.lines().skip(1).collect::<Vec<_>>().join("\n");
            for logged in [
                "Squat (Barbell)",
                "Bench Press (Barbell)",
                "Deadlift (Barbell)",
                "Overhead Press (Barbell)",
                "Squat",
                "Bench Press",
                "Deadlift",
                "Overhead Press",
            ] {
                text = text.replace(logged, "");
            }
            let left: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| HISTORY_ENGLISH.contains(&w.to_lowercase().as_str()))
                .collect();
            assert!(left.is_empty(), "{lang}: English words {left:?} in\n{out}");
        }
    }
    let (code, _, err) = deload(&["history", s(&log("steady-strong.csv")), "--lang", "xx"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("--lang xx") && err.contains("de, es, fr"),
        "{err}"
    );
}

/// A plan from a fatigued log in German, Spanish and French (issue 28): the cover's line on
/// the log and the early deload's reason say the log's warning signs in the language, the
/// main lifts by their names in it.
#[test]
fn a_plan_from_a_log_says_the_logs_signs_in_its_language() {
    let fatigued = log("fatigued-strong.csv");
    for (lang, wants) in [
        (
            "de",
            [
                "Aus Ihrem Protokoll (Strong, 24 Einheiten vom ",
                "vorgezogene Deload-Woche in Woche 1, laut Ihrem Protokoll: 2 Warnzeichen im Protokoll: das e1RM ist bei 2 Übungen seit 3 oder mehr Wochen nicht gestiegen: Kniebeuge",
                "RPE bei gleicher Last um 1 oder mehr gestiegen: ",
            ],
        ),
        (
            "es",
            [
                "Según tu registro (Strong, 24 sesiones del ",
                "descarga adelantada a la semana 1, según tu registro: 2 señales de alarma en el registro: el e1RM no ha subido en 3 semanas o más en 2 ejercicios: ",
                "RPE 1 punto o más alto con la misma carga: ",
            ],
        ),
        (
            "fr",
            [
                "D’après votre carnet (Strong, 24 séances du ",
                "décharge avancée à la semaine 1, d’après votre carnet\u{a0}: 2 signes d’alerte dans le carnet\u{a0}: l’e1RM n’a pas progressé depuis 3 semaines ou plus sur 2 mouvements\u{a0}: ",
                "RPE en hausse d’au moins 1 à charge égale\u{a0}: ",
            ],
        ),
    ] {
        let extra = [
            "--log",
            s(&fatigued),
            "--today",
            "2026-03-22",
            "--lang",
            lang,
        ];
        let (code, html, err) = deload(&sam_args("2026-03-23", "html", &extra));
        assert_eq!(code, 0, "{err}");
        let html = html.replace("&#39;", "'");
        for want in wants {
            assert!(html.contains(want), "{lang}: no `{want}`");
        }
        for english in [
            "From your log",
            "warning signs",
            "has not risen",
            "RPE up by",
            "early deload",
            "training week",
            "since the deload",
            "from recent e1RMs",
            "Back squat (",
        ] {
            assert!(!html.contains(english), "{lang}: `{english}` in the plan");
        }
    }
}
