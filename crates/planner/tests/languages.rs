//! The planner, on the host, in the plan's language (issue 28): a request's `lang` (else the
//! athlete file's `language:`) prints the sheet, the chart, its table and the calendar in
//! German, Spanish or French, as the engine and sheet print them for `deload plan --lang`;
//! JSON, CSV and Markdown stay as they are; a language deload does not ship is an error.

use std::path::{Path, PathBuf};

use deload_planner::plan_json;
use serde_json::{Value, json};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The planner's answer for the novice program with `athlete` and `lang`, with a sheet.
fn answer(athlete: &str, lang: Option<&str>) -> Value {
    let program = std::fs::read_to_string(repo().join("programs/novice-full-body.yaml"))
        .expect("the program");
    let mut req = json!({
        "files": { "programs/novice-full-body.yaml": program },
        "athlete": athlete,
        "today": "2026-11-29",
        "rest_events": true,
        "sheet": {
            "config": {
                "title": "Site", "author": "Coach", "generator": "deload",
                "guidance": {
                    "deload_weeks": "/g/deload/",
                    "how_the_planner_decides": "/g/how/",
                    "monitoring_readiness": "/g/readiness/",
                    "overtraining_signs": "/g/signs/",
                    "reading_a_plan": "/g/reading/",
                    "soreness_or_injury": "/g/soreness/",
                    "ways_to_deload": "/g/ways/",
                },
            },
            "site_url": "https://example.org/",
        },
    });
    if let Some(lang) = lang {
        req["lang"] = json!(lang);
    }
    serde_json::from_str(&plan_json(&req.to_string())).expect("JSON")
}

const ATHLETE: &str = "program: ../novice-full-body.yaml\nstart: \"2026-12-07\"\nmaxes:\n  Back squat: 80 kg\n  Bench press: 55 kg\n  Overhead press: 35 kg\n  Deadlift: 100 kg\n";

#[test]
fn the_plan_in_the_language_asked_for_and_machine_formats_unchanged() {
    let english = answer(ATHLETE, None);
    assert_eq!(english["status"], "ok", "{english}");
    let cases = [
        (
            "de",
            "<html lang=\"de\"",
            "Periodisierung von",
            "SUMMARY:Ruhetag",
        ),
        (
            "es",
            "<html lang=\"es\"",
            "Periodización de",
            "SUMMARY:Día de descanso",
        ),
        (
            "fr",
            "<html lang=\"fr\"",
            "Périodisation du programme",
            "SUMMARY:Jour de repos",
        ),
    ];
    for (lang, html, svg, ics) in cases {
        let got = answer(ATHLETE, Some(lang));
        assert_eq!(got["status"], "ok", "{got}");
        let out = &got["outputs"];
        let text = |k: &str| out[k].as_str().unwrap_or_default().to_string();
        assert!(text("html").contains(html), "{lang}: the sheet");
        assert!(text("svg").contains(svg), "{lang}: the chart");
        assert!(
            !text("svg_table").contains("Working sets"),
            "{lang}: the table"
        );
        assert!(text("ics").contains(ics), "{lang}: the calendar");
        for machine in ["json", "csv", "md"] {
            assert_eq!(
                out[machine], english["outputs"][machine],
                "{lang}: {machine}"
            );
        }
    }
    // the athlete file's language, and `lang` over it
    let french = format!("{ATHLETE}language: fr\n");
    let got = answer(&french, None);
    assert!(
        got["outputs"]["html"]
            .as_str()
            .unwrap_or_default()
            .contains("lang=\"fr\"")
    );
    let got = answer(&french, Some("en"));
    assert!(
        got["outputs"]["html"]
            .as_str()
            .unwrap_or_default()
            .contains("lang=\"en\"")
    );
    // a language deload does not ship
    let got = answer(ATHLETE, Some("it"));
    assert_eq!(got["status"], "error", "{got}");
    let message = got["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("--lang it"), "{message}");
}
