//! The in-browser planner (the Planner page's script and WebAssembly module, run in Node) gives
//! byte for byte the plans `deload plan` gives for the same athlete file: every shipped program,
//! at every training level, for several weeks since the last deload, in JSON, CSV, iCalendar,
//! Markdown, the periodisation chart (SVG) and the printed sheet (HTML), in English, German,
//! Spanish and French (`deload plan --lang`); and its errors are the command line's, pointing at
//! the form's field.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{Fixture, repo, tools};

const TODAY: &str = "2026-11-29";
pub(crate) const START: &str = "2026-12-07";
const FORMATS: [&str; 6] = ["json", "csv", "ics", "md", "svg", "html"];

/// The shipped site built, and the planner data its Planner page holds: the programs, and the
/// printed sheet's settings.
fn planner_data() -> (Fixture, Vec<Value>, Value) {
    let f = Fixture::shipped();
    let out = f.build(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = f.read_out("programs/planner/index.html");
    let open = "<script type=\"application/json\" id=\"planner-programs\">";
    let start = html.find(open).expect("the planner's data") + open.len();
    let end = start + html[start..].find("</script>").expect("its end");
    let data: Value = serde_json::from_str(&html[start..end]).expect("JSON");
    let programs = data["programs"].as_array().expect("programs").clone();
    (f, programs, data["sheet"].clone())
}

/// Runs the page's script on `cases` in Node; returns one result per case.
fn run_in_node(site: &Fixture, cases: &[Value]) -> Vec<Value> {
    node_runner(site, "planner-run.js", cases)
}

/// Runs `tests/it/support/RUNNER` in Node on the built Planner's script and module with `cases`
/// (JSON); returns its JSON answer, one result per case.
pub(crate) fn node_runner(site: &Fixture, runner: &str, cases: &[Value]) -> Vec<Value> {
    let node = tools::require("node", "the in-browser planner's tests (apt nodejs)");
    let dir = tempfile::tempdir().expect("tempdir");
    let cases_file = dir.path().join("cases.json");
    std::fs::write(&cases_file, serde_json::to_vec(cases).expect("json")).expect("write");
    let out = Command::new(node)
        .arg(repo().join("tests/it/support").join(runner))
        .arg(site.out().join("programs/planner/planner.js"))
        .arg(site.out().join("programs/planner/planner.wasm"))
        .arg(&cases_file)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the runner's JSON")
}

/// The form's values for `program` (its data from the page), with every max it asks for.
pub(crate) fn form(program: &Value, level: &str, weeks: u32) -> Value {
    let maxes: Vec<Value> = program["maxes"]
        .as_array()
        .expect("maxes")
        .iter()
        .enumerate()
        .map(|(i, m)| json!({"lift": m["lift"], "value": format!("{}", 60 + 20 * i)}))
        .collect();
    json!({
        "program": program["file"], "level": level, "years": "", "weeksSinceDeload": weeks.to_string(),
        "sleep": "7.5", "signs": [], "start": START, "days": [], "units": "", "maxes": maxes,
    })
}

pub(crate) fn files_of(program: &Value) -> Value {
    let mut files = serde_json::Map::new();
    for f in program["files"].as_array().expect("files") {
        files.insert(f["path"].as_str().expect("path").into(), f["text"].clone());
    }
    Value::Object(files)
}

/// `deload plan` on `athlete` (written as programs/athletes/you.yaml in the site), every format,
/// in `lang` (none: the site's language, English).
fn cli_plans(site: &Path, athlete: &str, out: &Path, lang: Option<&str>) -> Result<(), String> {
    std::fs::write(site.join("programs/athletes/you.yaml"), athlete).expect("write");
    // every format but the PDF, which the browser planner does not make (no browser is found,
    // so `--format all` leaves it out)
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_deload"))
        .args([
            "plan",
            "programs/athletes/you.yaml",
            "--format",
            "all",
            "-o",
            out.to_str().expect("utf-8"),
            "--today",
            TODAY,
            "--quiet",
        ])
        .args(lang.map(|l| ["--lang", l]).into_iter().flatten())
        .current_dir(site)
        .env("DELOAD_CHROMIUM", site.join("no-browser-here"))
        .output()
        .expect("run deload");
    if o.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

#[test]
fn the_browser_planner_and_the_cli_give_identical_plans() {
    let (site, programs, sheet) = planner_data();
    let shipped = std::fs::read_dir(repo().join("programs"))
        .expect("programs/")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        })
        .count();
    assert_eq!(
        programs.len(),
        shipped,
        "the planner offers every shipped program"
    );
    let mut cases = Vec::new();
    for p in &programs {
        for level in ["novice", "intermediate", "advanced"] {
            for weeks in [0, 3, 7] {
                cases.push(
                    json!({"form": form(p, level, weeks), "files": files_of(p), "today": TODAY, "sheet": sheet}),
                );
            }
        }
    }
    // and the other inputs the form has: years, days, units, signs, no sleep
    let mut extra = form(&programs[0], "", 2);
    extra["years"] = json!("1.5");
    extra["days"] = json!(["mon", "tue", "wed", "thu", "fri", "sat"]);
    extra["units"] = json!("lb");
    extra["signs"] = json!(["stalled_progress", "mood_sleep"]);
    extra["sleep"] = json!("");
    cases.push(
        json!({"form": extra, "files": files_of(&programs[0]), "today": TODAY, "sheet": sheet}),
    );
    // every program in the other three languages
    for p in &programs {
        for lang in ["de", "es", "fr"] {
            cases.push(
                json!({"form": form(p, "intermediate", 3), "files": files_of(p),
                "today": TODAY, "sheet": sheet, "lang": lang}),
            );
        }
    }
    let results = run_in_node(&site, &cases);
    assert_eq!(results.len(), cases.len());
    let work = tempfile::tempdir().expect("tempdir");
    for (i, r) in results.iter().enumerate() {
        let athlete = r["athlete"].as_str().expect("athlete text");
        let answer = &r["answer"];
        assert_eq!(answer["status"], "ok", "case {i}:\n{athlete}\n{answer}");
        let out: PathBuf = work.path().join(i.to_string());
        let lang = cases[i]["lang"].as_str();
        cli_plans(site.root(), athlete, &out, lang)
            .unwrap_or_else(|e| panic!("case {i}: {e}\n{athlete}"));
        for ext in FORMATS {
            let cli = std::fs::read_to_string(out.join(format!("you.{ext}"))).expect("CLI output");
            let browser = answer["outputs"][ext].as_str().expect("planner output");
            assert!(
                cli == browser,
                "case {i}, {ext}: the browser's plan differs from `deload plan`'s for\n{athlete}"
            );
        }
    }
}

#[test]
fn errors_are_the_clis_and_point_at_the_field() {
    let (site, programs, sheet) = planner_data();
    let p = programs
        .iter()
        .find(|p| !p["maxes"].as_array().expect("maxes").is_empty())
        .expect("a program with percentages");
    let mut bad_weeks = form(p, "novice", 0);
    bad_weeks["weeksSinceDeload"] = json!("600");
    let mut no_max = form(p, "novice", 0);
    no_max["maxes"] = json!([]);
    let mut bad_start = form(p, "novice", 0);
    bad_start["start"] = json!("2026-13-40");
    let mut not_a_number = form(p, "novice", 0);
    not_a_number["sleep"] = json!("lots");
    let forms = [bad_weeks, no_max, bad_start, not_a_number];
    let cases: Vec<Value> = forms
        .iter()
        .map(|f| json!({"form": f, "files": files_of(p), "today": TODAY, "sheet": sheet}))
        .collect();
    let results = run_in_node(&site, &cases);
    let work = tempfile::tempdir().expect("tempdir");
    let expected_fields = ["weeks-since-deload", "program", "start", "sleep"];
    for (r, field) in results.iter().zip(expected_fields) {
        let athlete = r["athlete"].as_str().expect("athlete");
        let error = &r["answer"]["error"];
        assert_eq!(r["answer"]["status"], "error", "{athlete}");
        let cli =
            cli_plans(site.root(), athlete, work.path(), None).expect_err("the CLI refuses it too");
        let message = error["message"].as_str().expect("message");
        assert!(
            cli.contains(message),
            "the CLI says\n{cli}\nthe planner: {message}"
        );
        if let Some(hint) = error["hint"].as_str() {
            assert!(
                cli.contains(hint),
                "the CLI says\n{cli}\nthe planner's hint: {hint}"
            );
        }
        let line = error["line"]
            .as_u64()
            .expect("a line in the athlete file")
            .to_string();
        assert_eq!(r["fields"][&line], field, "{athlete}\n{error}");
        assert!(cli.contains(&format!("you.yaml:{line}:")), "{cli}");
    }
}
