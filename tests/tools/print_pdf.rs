//! Printed plans as PDF through a real headless Chromium, read back with poppler's `pdfinfo` and
//! `pdftotext`: the metadata and every exercise, the coach as the author, and a roster printed by
//! one browser process.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::tools::{chromium, require};
use crate::support::{assert_ok as ok, copy_dir, deload_env, repo};

/// The environment that points deload at the test's Chromium.
fn with_chromium() -> Vec<(&'static str, std::ffi::OsString)> {
    vec![("DELOAD_CHROMIUM", chromium().into_os_string())]
}

/// `pdfinfo FILE`'s fields.
fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new(require("pdfinfo", "reading printed PDFs"))
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    assert!(out.status.success(), "pdfinfo {}: {:?}", pdf.display(), out);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The value of `field` in `pdfinfo`'s output.
fn info_field(info: &str, field: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

/// The text of `pdf`, as `pdftotext` reads it.
fn pdftotext(pdf: &Path) -> String {
    let out = Command::new(require("pdftotext", "reading printed PDFs"))
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The exercise names of a plan, from its JSON.
fn exercises(json: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut names: Vec<String> = Vec::new();
    for week in v["weeks"].as_array().unwrap() {
        for day in week["days"].as_array().unwrap() {
            let Some(ps) = day["session"]["prescriptions"].as_array() else {
                continue;
            };
            for p in ps {
                let name = p["exercise"].as_str().unwrap().to_string();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
    }
    names
}

#[test]
fn a_pdf_has_its_title_author_date_and_every_exercise() {
    let tmp = tempfile::tempdir().unwrap();
    let pdf = tmp.path().join("sam.pdf");
    let pdf_arg = pdf.to_string_lossy().into_owned();
    let env = with_chromium();
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    let file = "programs/athletes/sam.yaml";
    let out = deload_env(
        &repo(),
        &[
            "plan", file, "--format", "pdf", "--paper", "a4", "-o", &pdf_arg,
        ],
        &env,
    );
    ok(&out, "deload plan --format pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let info = pdfinfo(&pdf);
    assert_eq!(
        info_field(&info, "Title"),
        "Sam: Novice full body · 2026-01-05 to 2026-03-22"
    );
    assert_eq!(
        info_field(&info, "Author"),
        "The deload team",
        "site.yaml's author"
    );
    assert!(info_field(&info, "CreationDate").contains("20"), "{info}");
    assert!(info_field(&info, "Page size").contains("(A4)"), "{info}");
    // a long name may wrap in its cell: compare with the lines joined
    let text = pdftotext(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let json = deload_env(&repo(), &["plan", file, "--format", "json"], &[]);
    ok(&json, "deload plan --format json");
    let names = exercises(&String::from_utf8_lossy(&json.stdout));
    assert!(names.len() >= 5, "{names:?}");
    for name in names {
        assert!(text.contains(&name), "the PDF's text lacks {name}");
    }
}

/// A shell script that logs each start to `log` and runs the real Chromium.
#[cfg(unix)]
fn counting_browser(dir: &Path, log: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("counting-chromium");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho started >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            chromium().display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[cfg(unix)]
#[test]
fn a_roster_writes_every_athlete_with_one_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("programs"), &site.join("programs"));
    std::fs::copy(repo().join("site.yaml"), site.join("site.yaml")).unwrap();
    let log = tmp.path().join("starts.log");
    let browser = counting_browser(tmp.path(), &log);
    let out_dir = tmp.path().join("plans");
    let out_arg = out_dir.to_string_lossy().into_owned();
    let out = deload_env(
        &site,
        &[
            "plan",
            "programs/athletes/",
            "--format",
            "all",
            "-o",
            &out_arg,
        ],
        &[("DELOAD_CHROMIUM", browser.as_os_str())],
    );
    ok(&out, "deload plan programs/athletes/");
    let starts = std::fs::read_to_string(&log).unwrap();
    assert_eq!(starts.lines().count(), 1, "one browser prints every PDF");
    let athletes: Vec<String> = std::fs::read_dir(site.join("programs/athletes"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(athletes.len() >= 5);
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    for a in &athletes {
        for ext in ["html", "md", "json", "csv", "ics", "pdf"] {
            let name = format!("{a}.{ext}");
            assert!(out_dir.join(&name).is_file(), "{name}");
            assert!(
                index.contains(&format!("href=\"{name}\"")),
                "index links {name}"
            );
        }
        let pdf = out_dir.join(format!("{a}.pdf"));
        let title = info_field(&pdfinfo(&pdf), "Title");
        let json = std::fs::read_to_string(out_dir.join(format!("{a}.json"))).unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let who = v["athlete"].as_str().unwrap();
        assert!(title.starts_with(&format!("{who}: ")), "{a}: {title}");
    }
    // two files (one per athlete, the same folder) give the same as the folder, without -o: an error
    let out = deload_env(
        &site,
        &[
            "plan",
            "programs/athletes/sam.yaml",
            "programs/athletes/alex.yaml",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add -o FOLDER"));
}

/// The athlete file's coach is the PDF's author, and the PDF is a cover (of one or two pages: the
/// periodisation chart may take the second) plus a page per week (on Letter, the default).
#[test]
fn the_coach_is_the_pdf_s_author_and_each_week_prints_on_one_page() {
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
    let weeks = String::from_utf8_lossy(&out.stdout)
        .matches("class=\"sheet week")
        .count();
    let pdf = tmp.path().join("morgan.pdf");
    let pdf_arg = pdf.to_string_lossy().into_owned();
    let out = deload_env(
        &site,
        &["plan", file, "--format", "pdf", "-o", &pdf_arg],
        &[("DELOAD_CHROMIUM", chromium().as_os_str())],
    );
    ok(&out, "deload plan --format pdf");
    let info = pdfinfo(&pdf);
    assert_eq!(info_field(&info, "Author"), "Kim Lee, kim@example.org");
    let pages: usize = info_field(&info, "Pages").parse().unwrap();
    // the cover takes one page, or two with the periodisation chart; then a page per week, each
    // starting with its heading
    let texts: Vec<String> = pdftotext(&pdf).split('\u{c}').map(str::to_string).collect();
    let first_week = texts
        .iter()
        .position(|t| t.starts_with("Week 1\n"))
        .expect("a page that starts week 1");
    assert!(
        (1..=2).contains(&first_week),
        "a cover of {first_week} pages"
    );
    assert_eq!(pages, first_week + weeks);
    for (k, text) in texts.iter().skip(first_week).take(weeks).enumerate() {
        assert!(
            text.starts_with(&format!("Week {}\n", k + 1)),
            "page of week {}",
            k + 1
        );
    }
}
