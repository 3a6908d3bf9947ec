//! Re-planning from a training log in the in-browser planner (the Planner page's script and
//! WebAssembly module, run in Node) gives byte for byte what `deload replan` gives for the same
//! files: for every shipped program, a log made from its plan (with missed sessions, reps short
//! and rising RPE) gives the same report (HTML and JSON) and the same re-planned weeks (JSON, CSV,
//! iCalendar, Markdown, the printed sheet); a file that is not a log, or one over the size limit,
//! gets the command line's message.

use std::path::Path;
use std::process::Command;

use jiff::civil::Date;
use serde_json::{Value, json};

use super::planner::{files_of, form};
use crate::support::logs::log_from_plan;
use crate::support::{Fixture, tools};

/// The day the plan was made.
const PLANNED: &str = "2026-11-29";
/// The day of the re-plan: the end of week 5 of a plan that starts on [`START`].
const TODAY: &str = "2027-01-10";
/// The log's name, in the site's folder.
const LOG: &str = "you-log.csv";

/// The shipped site built, and the Planner page's data.
pub(crate) fn page_data() -> (Fixture, Value) {
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
    (f, data)
}

/// Runs the page's re-plan on `cases` in Node; one result per case.
pub(crate) fn replan_in_node(site: &Fixture, cases: &[Value]) -> Vec<Value> {
    crate::planner::node_runner(site, "planner-replan-run.js", cases)
}

/// The athlete file the page writes for `form`, from the page's own script (Node).
fn athlete_text(site: &Fixture, form: &Value) -> String {
    let node = tools::require("node", "the in-browser planner's tests (apt nodejs)");
    let script = site.out().join("programs/planner/planner.js");
    let js = format!(
        "process.stdout.write(require({}).athleteYaml({}).text)",
        serde_json::to_string(&script.to_string_lossy()).expect("json"),
        form
    );
    let out = Command::new(node)
        .args(["-e", &js])
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn day(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// `deload replan` on the athlete file and log in `site`, every format and the report, into
/// `out`; its standard error when it fails.
fn cli_replan(site: &Path, out: &Path) -> Result<(), String> {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_deload"))
        .args([
            "replan",
            "programs/athletes/you.yaml",
            "--log",
            LOG,
            "--today",
            TODAY,
        ])
        .args([
            "--format",
            "all",
            "-o",
            out.to_str().expect("utf-8"),
            "--quiet",
        ])
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

/// The case for program `p` (its page data): the form, its files, a log of its plan.
fn case_for(site: &Fixture, data: &Value, p: &Value) -> Value {
    let form = form(p, "intermediate", 2);
    let athlete = athlete_text(site, &form);
    let path = site.root().join("programs/athletes/you.yaml");
    std::fs::write(&path, &athlete).expect("write");
    let log = log_from_plan(&path, day(PLANNED), day(TODAY));
    json!({"form": form, "files": files_of(p), "today": TODAY, "sheet": data["sheet"],
           "report": data["report"], "log": {"name": LOG, "text": log}})
}

#[test]
fn the_browser_and_the_cli_give_identical_replans_for_every_program() {
    let (site, data) = page_data();
    let programs = data["programs"].as_array().expect("programs");
    assert!(
        programs.len() >= 8,
        "every shipped program: {}",
        programs.len()
    );
    let work = tempfile::tempdir().expect("tempdir");
    for (i, p) in programs.iter().enumerate() {
        let case = case_for(&site, &data, p);
        std::fs::write(
            site.root().join(LOG),
            case["log"]["text"].as_str().expect("log"),
        )
        .expect("write the log");
        let result = &replan_in_node(&site, std::slice::from_ref(&case))[0];
        let answer = &result["answer"];
        let name = &p["file"];
        assert_eq!(answer["status"], "ok", "{name}: {answer}");
        let out = work.path().join(i.to_string());
        cli_replan(site.root(), &out).unwrap_or_else(|e| panic!("{name}: {e}"));
        let report: Value =
            serde_json::from_str(answer["report"]["json"].as_str().expect("report")).expect("json");
        assert!(
            report["matched_sets"].as_u64().unwrap_or(0) > 0,
            "{name}: the log matches the plan: {report}"
        );
        assert!(
            !report["missed_sessions"]
                .as_array()
                .expect("missed")
                .is_empty(),
            "{name}: a missed session is reported"
        );
        let pairs = [
            ("you-report.json", &answer["report"]["json"]),
            ("you-report.html", &answer["report"]["html"]),
            ("you.json", &answer["outputs"]["json"]),
            ("you.csv", &answer["outputs"]["csv"]),
            ("you.ics", &answer["outputs"]["ics"]),
            ("you.md", &answer["outputs"]["md"]),
            ("you.html", &answer["outputs"]["html"]),
        ];
        for (file, browser) in pairs {
            let cli = std::fs::read_to_string(out.join(file)).expect("CLI output");
            let browser = browser
                .as_str()
                .unwrap_or_else(|| panic!("{name}: no {file}"));
            assert!(
                cli == browser,
                "{name}, {file}: the browser's re-plan differs from `deload replan`'s"
            );
        }
    }
}

#[test]
fn a_file_that_is_not_a_log_gets_the_clis_message_and_the_formats() {
    let (site, data) = page_data();
    let p = &data["programs"][0];
    let mut not_a_log = case_for(&site, &data, p);
    not_a_log["log"]["text"] = json!("Name,Colour\nholiday,blue\n");
    // over the command line's limit for a text file (32 MiB), as a visitor's huge file is
    let mut too_big = case_for(&site, &data, p);
    too_big["log"]["text"] = json!("a".repeat(33 << 20));
    let results = replan_in_node(&site, &[not_a_log.clone(), too_big.clone()]);
    let work = tempfile::tempdir().expect("tempdir");
    for (case, r) in [not_a_log, too_big].iter().zip(&results) {
        let error = &r["answer"]["error"];
        assert_eq!(r["answer"]["status"], "error", "{}", r["answer"]);
        std::fs::write(
            site.root().join(LOG),
            case["log"]["text"].as_str().expect("log"),
        )
        .expect("write");
        let cli = cli_replan(site.root(), work.path()).expect_err("the CLI refuses it too");
        let message = error["message"].as_str().expect("message");
        assert!(
            cli.contains(message),
            "the CLI says\n{cli}\nthe planner: {message}"
        );
        assert_eq!(error["file"], LOG, "{error}");
    }
    let notes = results[0]["answer"]["error"]["notes"].to_string();
    for app in ["Strong", "Hevy", "FitNotes"] {
        assert!(
            notes.contains(app),
            "the accepted formats are listed: {notes}"
        );
    }
}
