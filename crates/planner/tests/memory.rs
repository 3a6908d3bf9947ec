//! The planner, on the host: the files held in memory plan exactly as the same files on disk
//! through `deload_engine::pipeline::plan_file` (what `deload plan` does), `extends:` included;
//! a missing file is the command line's error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use deload_engine::export;
use deload_engine::pipeline::{self, PipelineOptions};
use deload_planner::{ATHLETE_PATH, Request, plan_json};

const ATHLETE: &str = "program: ../novice-full-body-dumbbell.yaml\nhistory:\n  level: intermediate\n  weeks_since_deload: 2\n  sleep_hours: 6.5\nstart: \"2026-12-07\"\navailable_days: [mon, wed, fri]\n";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn program_files() -> BTreeMap<String, String> {
    ["novice-full-body-dumbbell.yaml", "novice-full-body.yaml"]
        .iter()
        .map(|name| {
            let text = std::fs::read_to_string(repo().join("programs").join(name)).expect("read");
            (format!("programs/{name}"), text)
        })
        .collect()
}

fn answer(req: &Request) -> serde_json::Value {
    let text = serde_json::to_string(&serde_json::json!({
        "files": req.files, "athlete": req.athlete, "today": req.today,
    }))
    .expect("json");
    serde_json::from_str(&plan_json(&text)).expect("the answer is JSON")
}

#[test]
fn memory_files_plan_as_the_same_files_on_disk() {
    let req = Request {
        files: program_files(),
        athlete: ATHLETE.into(),
        today: "2026-11-29".into(),
        rest_events: false,
        sheet: None,
        lang: None,
    };
    let got = answer(&req);
    assert_eq!(got["status"], "ok", "{got}");
    // the same files on disk, planned by the pipeline
    let dir = tempfile::tempdir().expect("tempdir");
    for (path, text) in &req.files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let athlete = dir.path().join(ATHLETE_PATH);
    std::fs::create_dir_all(athlete.parent().expect("parent")).expect("mkdir");
    std::fs::write(&athlete, ATHLETE).expect("write");
    let opts = PipelineOptions::new("2026-11-29".parse().expect("date"));
    let planned = pipeline::plan_file(&athlete, &opts).expect("plans on disk");
    assert_eq!(
        got["outputs"]["json"],
        export::json::to_json(&planned.schedule)
    );
    assert_eq!(
        got["outputs"]["md"],
        export::markdown::to_markdown(&planned.schedule)
    );
    assert!(got["outputs"]["html"].is_null(), "no sheet asked for");
}

#[test]
fn a_missing_parent_is_the_clis_error_at_the_extends_line() {
    let mut files = program_files();
    files.remove("programs/novice-full-body.yaml");
    let req = Request {
        files,
        athlete: ATHLETE.into(),
        today: "2026-11-29".into(),
        rest_events: false,
        sheet: None,
        lang: None,
    };
    let got = answer(&req);
    assert_eq!(got["status"], "error", "{got}");
    let e = &got["error"];
    assert_eq!(e["file"], "novice-full-body-dumbbell.yaml");
    let message = e["message"].as_str().expect("message");
    assert!(
        message.starts_with("`extends` names a file that does not exist"),
        "{message}"
    );
    // located at the `extends:` line of the program that names the missing file
    let line = e["line"].as_u64().expect("line") as usize;
    let text = &program_files()["programs/novice-full-body-dumbbell.yaml"];
    assert!(
        text.lines()
            .nth(line - 1)
            .expect("the line")
            .starts_with("extends:")
    );
}

/// Hostile requests are answered with an error, never by growing the module: one over the size
/// limit before it is parsed, and an athlete file nested 40,000 levels deep at its line.
#[test]
fn oversized_and_deeply_nested_requests_are_refused() {
    let huge = format!(
        "{{\"files\": {{}}, \"athlete\": \"{}\"}}",
        "x".repeat(29 << 20)
    );
    let got: serde_json::Value = serde_json::from_str(&plan_json(&huge)).expect("JSON");
    assert_eq!(got["status"], "error", "{got:.300}");
    let message = got["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("over the planner's limit"), "{message}");

    let req = Request {
        files: program_files(),
        athlete: format!("{ATHLETE}notes:\n  {}x\n", "- ".repeat(40_000)),
        today: "2026-11-29".into(),
        rest_events: false,
        sheet: None,
        lang: None,
    };
    let got = answer(&req);
    assert_eq!(got["status"], "error", "{got:.300}");
    let message = got["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("nest deeper than 128 levels"), "{message}");
}

/// The page's two steps (the plan without its sheet, then the last plan's sheet) give the sheet
/// the one-step request gives, byte for byte; a sheet before any plan is an error, not a panic.
#[test]
fn the_sheet_asked_for_after_the_plan_is_the_one_step_sheet() {
    let sheet = serde_json::json!({
        "config": {"title": "T", "language": "en", "author": "A", "generator": "deload",
            "guidance": {"deload_weeks": "/d/", "how_the_planner_decides": "/h/",
                "monitoring_readiness": "/m/", "overtraining_signs": "/o/",
                "reading_a_plan": "/r/", "soreness_or_injury": "/s/", "ways_to_deload": "/w/"}},
        "site_url": "https://example.org/",
    });
    // in its own thread: the planner keeps the last plan per thread
    let before = std::thread::spawn({
        let sheet = sheet.to_string();
        move || deload_planner::sheet_json(&sheet)
    })
    .join()
    .expect("no panic");
    let before: serde_json::Value = serde_json::from_str(&before).expect("JSON");
    assert_eq!(before["status"], "error", "{before}");
    assert!(
        before["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no plan"))
    );
    let request = |with_sheet: bool| {
        let mut r = serde_json::json!({
            "files": program_files(), "athlete": ATHLETE, "today": "2026-11-29",
        });
        if with_sheet {
            r["sheet"] = sheet.clone();
        }
        r.to_string()
    };
    let one: serde_json::Value = serde_json::from_str(&plan_json(&request(true))).expect("JSON");
    let html = one["outputs"]["html"]
        .as_str()
        .unwrap_or_else(|| panic!("{one}"));
    let plan: serde_json::Value = serde_json::from_str(&plan_json(&request(false))).expect("JSON");
    assert_eq!(plan["status"], "ok", "{plan}");
    assert!(
        plan["outputs"]["html"].is_null(),
        "no sheet without settings"
    );
    let two: serde_json::Value =
        serde_json::from_str(&deload_planner::sheet_json(&sheet.to_string())).expect("JSON");
    assert_eq!(two["status"], "ok", "{two}");
    assert!(two["html"] == html, "the two-step sheet differs");
    assert!(html.contains("Week 1"));
}
