//! Printed plans and rosters without a browser: the error `--format pdf` gives without one, the
//! browser's arguments (a stand-in that records them), rosters and the printed sheet's text. The
//! PDFs printed by a real Chromium are checked in the tools target (tests/tools/print_pdf.rs).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{assert_ok as ok, copy_dir, deload_env, repo};

/// A folder holding only a `chromium` that is not a browser, and nothing else: PATH for the
/// tests that must find no browser.
fn path_without_browser(tmp: &Path) -> PathBuf {
    let dir = tmp.join("bin");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn without_a_browser_pdf_says_how_to_install_one() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = path_without_browser(tmp.path());
    let out_file = tmp.path().join("sam.pdf");
    let out_arg = out_file.to_string_lossy().into_owned();
    let args = [
        "plan",
        "programs/athletes/sam.yaml",
        "--format",
        "pdf",
        "-o",
        &out_arg,
    ];
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deload"));
    let out = cmd
        .args(args)
        .current_dir(repo())
        .env_remove("DELOAD_CHROMIUM")
        .env("PATH", &bin)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs Chromium or Google Chrome"), "{err}");
    assert!(err.contains("apt install chromium"), "{err}");
    assert!(err.contains("DELOAD_CHROMIUM"), "{err}");
    assert!(!out_file.exists(), "no file written");
    // a DELOAD_CHROMIUM that is not a program is named
    let out = deload_env(
        &repo(),
        &args,
        &[(
            "DELOAD_CHROMIUM",
            std::ffi::OsStr::new("/nonexistent/chrome"),
        )],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/chrome"), "{err}");
    // --format all writes every other file and warns
    let dir = tmp.path().join("all");
    let dir_arg = dir.to_string_lossy().into_owned();
    let out = Command::new(env!("CARGO_BIN_EXE_deload"))
        .args([
            "plan",
            "programs/athletes/sam.yaml",
            "--format",
            "all",
            "-o",
            &dir_arg,
        ])
        .current_dir(repo())
        .env_remove("DELOAD_CHROMIUM")
        .env("PATH", &bin)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    ok(&out, "--format all without a browser");
    assert!(String::from_utf8_lossy(&out.stderr).contains("no PDF written"));
    for ext in ["html", "md", "json", "csv", "ics", "svg"] {
        assert!(dir.join(format!("sam.{ext}")).is_file(), "sam.{ext}");
    }
    assert!(!dir.join("sam.pdf").exists());
}

#[test]
fn a_roster_of_several_files_writes_the_asked_format_and_an_index() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("plans");
    let out_arg = out_dir.to_string_lossy().into_owned();
    let out = deload_env(
        &repo(),
        &[
            "plan",
            "programs/athletes/sam.yaml",
            "programs/novice-full-body.yaml",
            "--format",
            "csv",
            "-o",
            &out_arg,
        ],
        &[],
    );
    ok(&out, "a roster of two files");
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["index.html", "novice-full-body.csv", "sam.csv"]);
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(index.contains("<th scope=\"row\">Sam</th>"), "{index}");
    assert!(index.contains("noindex"));
}

#[test]
fn without_a_site_url_the_sheet_names_the_guidance_pages_and_plan_warns_once() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_string_lossy().into_owned();
    let file = repo().join("programs/athletes/sam.yaml");
    let file = file.to_string_lossy().into_owned();
    let out = deload_env(&repo(), &["plan", &file, "--root", &root], &[]);
    ok(&out, "deload plan without a base_url");
    let html = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("will not be clickable").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("--base-url"), "{stderr}");
    assert!(!html.contains("href=\"/"), "no site-relative links");
    assert!(html.contains("<span class=\"path\">(/guidance/sleep/)</span>"));
    assert!(
        html.contains(
            "How to read this plan: <span class=\"path\">/guidance/reading-a-plan/</span>"
        )
    );
    // with --base-url every guidance link is absolute, and there is nothing to warn about
    let out = deload_env(
        &repo(),
        &[
            "plan",
            &file,
            "--root",
            &root,
            "--base-url",
            "https://coach.test/",
        ],
        &[],
    );
    ok(&out, "deload plan --base-url");
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains("href=\"https://coach.test/guidance/sleep/\""));
    assert!(html.contains("href=\"https://coach.test/guidance/reading-a-plan/\""));
    assert!(!html.contains("href=\"/"));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("clickable"));
    // data formats have no links: no warning
    let out = deload_env(
        &repo(),
        &["plan", &file, "--root", &root, "--format", "csv"],
        &[],
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("clickable"));
}

#[test]
fn the_sheet_has_a_logging_box_per_set_and_prints_rep_ranges() {
    let out = deload_env(&repo(), &["plan", "programs/athletes/sam.yaml"], &[]);
    ok(&out, "deload plan");
    let html = String::from_utf8_lossy(&out.stdout);
    let json = deload_env(
        &repo(),
        &["plan", "programs/athletes/sam.yaml", "--format", "json"],
        &[],
    );
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut sets = 0;
    for week in v["weeks"].as_array().unwrap() {
        for day in week["days"].as_array().unwrap() {
            for p in day["session"]["prescriptions"]
                .as_array()
                .into_iter()
                .flatten()
            {
                for l in p["lines"].as_array().unwrap() {
                    sets += l["sets"].as_u64().unwrap();
                }
            }
        }
    }
    assert!(sets > 100);
    assert_eq!(
        html.matches("<span class=\"set\" ").count() as u64,
        sets,
        "one logging box per set"
    );
    // double progression: the whole range, and the week's target in it
    assert!(html.contains("3 × 8–10 <span class=\"target\">target 8</span>"));
    assert!(html.contains("3 × 8–10 <span class=\"target\">target 9</span>"));
    assert!(!html.contains("3 × 8-10"), "ranges take an en dash");
    let row = json_line(&v, "Chest-supported dumbbell row");
    assert_eq!(
        row["work_range"],
        serde_json::json!({ "min": 8, "max": 10 })
    );
}

/// The first line of `exercise` in the plan `v`.
fn json_line<'a>(v: &'a serde_json::Value, exercise: &str) -> &'a serde_json::Value {
    v["weeks"][0]["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["session"]["prescriptions"].as_array())
        .flatten()
        .find(|p| p["exercise"] == exercise)
        .map_or_else(|| panic!("no {exercise}"), |p| &p["lines"][0])
}

#[test]
fn the_cover_names_the_coach_blocks_and_legend_and_deload_weeks_advise_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("programs"), &site.join("programs"));
    std::fs::copy(repo().join("site.yaml"), site.join("site.yaml")).unwrap();
    let morgan = site.join("programs/athletes/morgan.yaml");
    let yaml = std::fs::read_to_string(&morgan).unwrap();
    std::fs::write(&morgan, format!("{yaml}coach: Kim Lee, kim@example.org\n")).unwrap();
    let file = "programs/athletes/morgan.yaml";
    let out = deload_env(&site, &["plan", file], &[]);
    ok(&out, "deload plan");
    let html = String::from_utf8_lossy(&out.stdout);
    let cover = &html[..html.find("class=\"sheet week").unwrap()];
    assert!(cover.contains("<dt>Coach</dt><dd>Kim Lee, kim@example.org</dd>"));
    assert!(cover.contains("<caption>Blocks</caption>"));
    assert!(cover.contains("<td class=\"week-no\">1–15</td>"), "{cover}");
    assert!(
        cover.contains("<td>4, 8, 12</td>"),
        "the deload weeks of the block"
    );
    assert!(cover.contains("Superset: exercises with the same letter"));
    assert!(cover.contains("<strong>AMRAP</strong>"));
    assert!(cover.contains("<strong>RIR</strong>"));
    // a deload week's readiness check does not ask for another deload
    let weeks: Vec<&str> = html.split("class=\"sheet week").skip(1).collect();
    for (i, w) in weeks.iter().enumerate() {
        let deload = w.starts_with(" deload ");
        assert_eq!(
            w.contains("make next week a deload week"),
            !deload,
            "week {}",
            i + 1
        );
    }
    assert!(weeks.iter().any(|w| w.starts_with(" deload ")));
}

/// A "browser" that writes its arguments to `log` and exits without printing.
#[cfg(unix)]
fn recording_browser(dir: &Path, log: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("recording-chromium");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\" >> '{}'; done\nexit 3\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

/// The browser is started offline, headless, with a profile of its own, and a browser that
/// stops is an error, not a hang or an empty file.
#[cfg(unix)]
#[test]
fn the_browser_runs_offline_and_a_failing_one_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let log = tmp.path().join("args.log");
    let browser = recording_browser(tmp.path(), &log);
    let pdf = tmp.path().join("sam.pdf");
    let pdf_arg = pdf.to_string_lossy().into_owned();
    let out = deload_env(
        &repo(),
        &[
            "plan",
            "programs/athletes/sam.yaml",
            "--format",
            "pdf",
            "-o",
            &pdf_arg,
        ],
        &[("DELOAD_CHROMIUM", browser.as_os_str())],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the browser stopped printing"), "{err}");
    assert!(!pdf.exists());
    let args = std::fs::read_to_string(&log).unwrap();
    let args: Vec<&str> = args.lines().collect();
    for flag in [
        "--headless",
        "--remote-debugging-pipe",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--proxy-server=127.0.0.1:9",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ] {
        assert!(args.contains(&flag), "{flag} missing from {args:?}");
    }
    let profile = args
        .iter()
        .find_map(|a| a.strip_prefix("--user-data-dir="))
        .unwrap_or_else(|| panic!("no profile of its own: {args:?}"));
    assert!(profile.contains("deload-pdf-"), "{profile}");
    assert!(
        !Path::new(profile).exists(),
        "the temporary profile is removed"
    );
}
