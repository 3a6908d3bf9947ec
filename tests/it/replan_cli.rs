//! `deload replan` and `deload history --format html`: a synthetic log written from Morgan's plan
//! (the shipped 5/3/1 athlete), who stalls on the squat and bench press from week 4; the
//! calendar UIDs of the sessions still to come are those `deload plan` gave them; every format
//! and the report are written; bad logs are refused with a message that says why. The re-plan's
//! numbers are checked in the engine's tests (crates/engine/tests/it/replan.rs); the reports
//! checked by the Nu HTML checker and drawn in Chromium in tests/tools/replan_cli.rs.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::logs::{morgan, stalling_log};
use crate::support::repo;

/// Runs `deload ARGS` in the repository: (exit code, stdout, stderr).
fn deload(args: &[&str]) -> (i32, String, String) {
    let out = crate::support::deload(&repo(), args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

/// The UID of every event of an iCalendar text, by its DTSTART.
fn uids(ics: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for event in ics.split("BEGIN:VEVENT").skip(1) {
        let field = |name: &str| {
            event
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .unwrap_or_default()
                .to_string()
        };
        out.insert(field("DTSTART;VALUE=DATE:"), field("UID:"));
    }
    out
}

#[test]
fn unchanged_sessions_keep_their_calendar_uids() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    let (code, plan_ics, err) = deload(&["plan", s(&morgan()), "--format", "ics"]);
    assert_eq!(code, 0, "{err}");
    let (code, replan_ics, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&log),
        "--today",
        "2026-02-15",
        "--format",
        "ics",
    ]);
    assert_eq!(code, 0, "{err}");
    let before = uids(&plan_ics);
    let after = uids(&replan_ics);
    // Weeks 7 to 15: 9 weeks of 4 sessions, each with the UID `plan` gave it (the deload moved
    // to week 7 and the TMs changed, but no session changed its day or name).
    assert_eq!(after.len(), 36, "{after:?}");
    for (day, uid) in &after {
        assert!(day.as_str() >= "20260216", "{day}");
        assert_eq!(before.get(day), Some(uid), "the session of {day}");
    }
    // stderr says what changed, and why
    assert!(err.contains("Re-planned weeks 7 to 15"), "{err}");
    assert!(
        err.contains("deload brought forward to week 7 from week 8"),
        "{err}"
    );
    assert!(
        err.contains("Back squat: TM lowered from 140 to 127.5"),
        "{err}"
    );
}

#[test]
fn replan_writes_every_format_and_the_report() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    let out = dir.path().join("out");
    let (code, _, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&log),
        "--today",
        "2026-02-15",
        "--format",
        "all",
        "-o",
        s(&out),
    ]);
    assert_eq!(code, 0, "{err}");
    let read = |name: &str| {
        std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    for ext in ["html", "md", "json", "csv", "ics"] {
        assert!(!read(&format!("morgan.{ext}")).is_empty(), "{ext}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&read("morgan.json")).unwrap_or_else(|e| panic!("{e}"));
    let weeks = json["weeks"].as_array().map(Vec::len);
    assert_eq!(weeks, Some(9), "the remaining weeks only");
    assert_eq!(json["weeks"][0]["number"], 7);
    assert_eq!(json["weeks"][0]["is_deload"], true);
    let report: serde_json::Value =
        serde_json::from_str(&read("morgan-report.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report["format_version"], 1);
    assert_eq!(report["next_week"], 7);
    assert_eq!(report["deload"]["moved"], true);
    assert_eq!(
        report["progress"]["weeks"].as_array().map(Vec::len),
        Some(6)
    );
    let html = read("morgan-report.html");
    assert_eq!(html.matches("<svg").count(), 3, "three charts");
    assert!(!html.contains("<script"), "no script");
    assert!(
        html.contains("TM lowered from 140 to 127.5"),
        "the reasons are in the report"
    );
    assert!(
        html.contains("Week 4, week of 2026-01-26: planned deload, done"),
        "deloads taken"
    );
}

#[test]
fn bad_logs_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    // sets after --today
    let (code, _, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&log),
        "--today",
        "2026-02-01",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("after today") || err.contains("future"),
        "{err}"
    );
    // a log of another time
    let old = dir.path().join("old.csv");
    std::fs::write(&old, "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n2025-03-03 18:00:00,A,1h,Squat (Barbell),1,100,5,0,0,,,\n").unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = deload(&[
        "replan",
        s(&morgan()),
        "--log",
        s(&old),
        "--today",
        "2026-02-15",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("does not belong to this plan"), "{err}");
    // a program, not an athlete file
    let program = repo().join("programs/five-three-one-bbb.yaml");
    let (code, _, err) = deload(&[
        "replan",
        s(&program),
        "--log",
        s(&log),
        "--today",
        "2026-02-15",
    ]);
    assert_eq!(code, 1, "{err}");
}

#[test]
fn history_html_has_the_same_charts() {
    let log = repo().join("tests/fixtures/logs/fatigued-strong.csv");
    let (code, html, err) = deload(&[
        "history",
        s(&log),
        "--today",
        "2026-03-22",
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("e1RM per main lift"), "{html}");
    assert!(html.contains("Back squat"), "{html}");
    assert!(html.contains("deload (30 % or more fewer sets"), "{html}");
}

/// `--lang` prints the re-planned weeks in that language (issue 28): the sheet's and the
/// engine's words, the re-plan's deload reason among them; a code deload does not ship is
/// refused.
#[test]
fn the_replanned_plan_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let log = stalling_log(dir.path());
    let args = |lang: &'static str| {
        vec![
            "replan".to_string(),
            s(&morgan()).to_string(),
            "--log".into(),
            s(&log).to_string(),
            "--today".into(),
            "2026-02-15".into(),
            "--format".into(),
            "html".into(),
            "--lang".into(),
            lang.into(),
        ]
    };
    let german: Vec<String> = args("de");
    let german: Vec<&str> = german.iter().map(String::as_str).collect();
    let (code, html, err) = deload(&german);
    assert_eq!(code, 0, "{err}");
    for want in [
        "<html lang=\"de\"",
        ">Woche 7",
        "durch die Neuplanung",
        "Ruhetag",
    ] {
        assert!(html.contains(want), "no `{want}` in the German re-plan");
    }
    for english in [
        "Rest day",
        "brought forward",
        "planned deload",
        "Periodisation of",
    ] {
        assert!(!html.contains(english), "`{english}` in the German re-plan");
    }
    signs_in_each_language(&args);
    let bad: Vec<String> = args("xx");
    let bad: Vec<&str> = bad.iter().map(String::as_str).collect();
    let (code, _, err) = deload(&bad);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--lang xx"), "{err}");
}

/// The log's warning signs that moved the deload, said in German, Spanish and French, with
/// `args(lang)` the re-plan's arguments.
fn signs_in_each_language(args: &dyn Fn(&'static str) -> Vec<String>) {
    // the log's warning signs that moved the deload, said in each language
    for (lang, want) in [
        (
            "de",
            "kein neuer Bestwert beim e1RM in den letzten 2 Belastungswochen bei ",
        ),
        (
            "es",
            "ninguna mejor marca de e1RM en las últimas 2 semanas de carga en ",
        ),
        (
            "fr",
            "aucun nouveau record d’e1RM sur les 2 dernières semaines de charge pour ",
        ),
    ] {
        let all: Vec<String> = args(lang);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let (code, html, err) = deload(&all);
        assert_eq!(code, 0, "{err}");
        let html = html.replace("&#39;", "'").replace("&#x27;", "'");
        assert!(html.contains(want), "{lang}: no `{want}`");
        for english in [
            "no new best",
            "loading weeks on",
            "sets short of reps",
            "above target",
            "missed in the last",
            "workload ratio",
            "warning signs",
            "brought forward",
        ] {
            assert!(
                !html.contains(english),
                "{lang}: `{english}` in the re-plan"
            );
        }
    }
}
