//! Every shipped program and athlete planned two ways, by `deload build` (the Programs section of
//! the site) and by `deload plan`, gives the same files byte for byte: both plan through the one
//! pipeline (`deload_engine::pipeline`), and this checks nothing on either side adds to it.
//!
//! The dates are fixed: the site's `programs.start` is [`START`], and `deload plan` gets
//! `--start` with the same date wherever the site uses `programs.start` (programs, and athletes
//! whose file gives no start of its own). For a program, the site writes a printable plan and
//! JSON, CSV and iCalendar downloads per level (`programs/SLUG/plan-LEVEL.EXT`); for an athlete,
//! the printable plan (`programs/athletes/SLUG/index.html`) and no downloads.

use std::path::{Path, PathBuf};

use crate::support::Fixture;
use crate::support::expected::diff;

/// The start of the site's published plans.
const START: &str = "2027-01-04";

/// The shipped site with `programs.start` set to [`START`], built.
fn built_site() -> Fixture {
    let f = Fixture::shipped();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    assert!(!yaml.contains("  start:"), "site.yaml sets programs.start");
    f.set_programs("start", START);
    f.build(&[]);
    f
}

/// The `*.yaml` files of `dir`, sorted, as paths relative to the site root `root`.
fn yaml_files(root: &Path, dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| Path::new(dir).join(p.file_name().unwrap_or_default()))
        .collect();
    files.sort();
    files
}

/// The URL segment the site gives a file (the shipped names are already slugs).
fn slug(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `deload plan ARGS` in the site folder, which must succeed without warnings; its output.
fn plan(f: &Fixture, args: &[&str]) -> String {
    let mut all = vec!["plan"];
    all.extend_from_slice(args);
    let out = f.run(&all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "deload {all:?} failed:\n{stderr}");
    assert!(stderr.is_empty(), "deload {all:?} warned:\n{stderr}");
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("deload {all:?}: {e}"))
}

fn assert_same(site_file: &str, site: &str, cli: &str, args: &str) {
    assert!(
        site == cli,
        "the site's {site_file} and `deload plan {args}` differ:\n{}",
        diff(site, cli)
    );
}

#[test]
fn every_shipped_program_plans_the_same_on_the_site_and_with_deload_plan() {
    let f = built_site();
    let programs = yaml_files(f.root(), "programs");
    assert!(programs.len() >= 5, "{programs:?}");
    for file in &programs {
        let file_arg = file.to_str().unwrap_or_default();
        for level in ["novice", "intermediate", "advanced"] {
            for ext in ["html", "json", "csv", "ics"] {
                let site_file = format!("programs/{}/plan-{level}.{ext}", slug(file));
                let args = [
                    file_arg,
                    "--history",
                    level,
                    "--start",
                    START,
                    "--format",
                    ext,
                ];
                let cli = plan(&f, &args);
                assert_same(&site_file, &f.read_out(&site_file), &cli, &args.join(" "));
            }
        }
    }
}

#[test]
fn every_shipped_athlete_plans_the_same_on_the_site_and_with_deload_plan() {
    let f = built_site();
    let athletes = yaml_files(f.root(), "programs/athletes");
    assert!(athletes.len() >= 3, "{athletes:?}");
    for file in &athletes {
        let text = std::fs::read_to_string(f.root().join(file)).unwrap();
        let mut args = vec![file.to_str().unwrap_or_default()];
        if !text.lines().any(|l| l.starts_with("start:")) {
            args.extend(["--start", START]);
        }
        let site_file = format!("programs/athletes/{}/index.html", slug(file));
        let cli = plan(&f, &args);
        assert_same(&site_file, &f.read_out(&site_file), &cli, &args.join(" "));
        // The plan is the athlete's: their name, on the dates their file gives.
        let json: serde_json::Value =
            serde_json::from_str(&plan(&f, &[&args[..], &["--format", "json"]].concat()))
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = json["athlete"].as_str().unwrap_or_default();
        assert!(
            !name.is_empty() && cli.contains(&format!("<title>{name}: ")),
            "{}",
            file.display()
        );
        let start = json["start"].as_str().unwrap_or_default();
        assert!(
            cli.contains(&format!("<time datetime=\"{start}\">")),
            "{}: {start}",
            file.display()
        );
    }
}
