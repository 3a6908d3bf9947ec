//! Plan benchmarks (issue: 52-week plan in all five formats < 5 ms; 1,000 athlete plans < 1 s).
//!
//! `cargo bench --bench plans` prints the median of repeated runs. Figures are wall time on the
//! machine at hand; compare them within one run, never assert them in tests.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use deload::config::Config;
use deload::export::{self, IcsOptions};
use deload::plan::{self, PlanOptions};
use deload::programs::{self, Level};
use deload::render::{self, Templates};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn main() {
    let root = repo();
    let mut templates = Templates::load(Some(&root)).expect("templates");
    let config = Config::load(&root).expect("site.yaml");
    render::prepare_config(&mut templates, &config);
    let start = "2027-01-04".parse().unwrap();

    // 52-week plan in all five formats, per shipped program.
    println!(
        "52-week plan, planned and exported in all five formats (`export::all`, median of 50):"
    );
    let mut programs: Vec<PathBuf> = std::fs::read_dir(root.join("programs"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    programs.sort();
    for file in &programs {
        let (input, _) = programs::load_input(file).expect("program");
        let opts = PlanOptions {
            level: Some(Level::Intermediate),
            start: Some(start),
            weeks: Some(52),
            ..Default::default()
        };
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..50 {
            let t = Instant::now();
            let s = plan::plan(&input, &opts).expect("plan");
            let all = export::all(
                &s,
                &templates,
                &config.base_url,
                &IcsOptions { rest_events: true },
            )
            .expect("all");
            times.push(t.elapsed());
            bytes = all.files().iter().map(|(_, t)| t.len()).sum();
        }
        let stage = |f: &dyn Fn()| {
            median(
                (0..30)
                    .map(|_| {
                        let t = Instant::now();
                        f();
                        t.elapsed()
                    })
                    .collect(),
            )
            .as_secs_f64()
                * 1e3
        };
        let s = plan::plan(&input, &opts).expect("plan");
        println!(
            "    stages: plan {:.2} ms, html {:.2}, md {:.2}, json {:.2}, csv {:.2}, ics {:.2}",
            stage(&|| {
                plan::plan(&input, &opts).expect("plan");
            }),
            stage(&|| {
                export::to_html(&s, &templates, &config.base_url).expect("html");
            }),
            stage(&|| {
                export::to_markdown(&s);
            }),
            stage(&|| {
                export::to_json(&s);
            }),
            stage(&|| {
                export::to_csv(&s);
            }),
            stage(&|| {
                export::to_ics(&s, &IcsOptions { rest_events: true });
            }),
        );
        println!(
            "  {:<36} {:>8.2} ms  ({} KiB of output)",
            file.file_name().unwrap().to_string_lossy(),
            median(times).as_secs_f64() * 1e3,
            bytes / 1024
        );
    }

    // 1,000 athlete files: load (YAML + program) and plan each, sequentially and in parallel.
    let tmp = tempfile::tempdir().unwrap();
    let files = write_athletes(tmp.path(), 1000);
    let run = |parallel: bool| {
        let t = Instant::now();
        let one = |f: &PathBuf| {
            let (input, _) = programs::load_input(f).expect("athlete");
            plan::plan(&input, &PlanOptions::default())
                .expect("plan")
                .weeks
                .len()
        };
        let weeks: usize = if parallel {
            use rayon::prelude::*;
            files.par_iter().map(one).sum()
        } else {
            files.iter().map(one).sum()
        };
        assert!(weeks > 0);
        t.elapsed()
    };
    let seq = median((0..5).map(|_| run(false)).collect());
    let par = median((0..5).map(|_| run(true)).collect());
    println!(
        "1,000 athlete plans (load + plan, median of 5): {:.0} ms on one core, {:.0} ms on all cores",
        seq.as_secs_f64() * 1e3,
        par.as_secs_f64() * 1e3
    );
}

fn write_athletes(dir: &Path, n: usize) -> Vec<PathBuf> {
    let programs = [
        "novice-full-body",
        "intermediate-upper-lower",
        "advanced-split",
        "rotation-abc",
    ];
    let days = [
        "[mon, wed, fri]",
        "[mon, tue, thu, fri]",
        "[mon, tue, wed, fri, sat]",
        "[mon, tue, thu, sat]",
    ];
    // Program references must stay inside the site, so the athletes live in a temporary site
    // (`dir/programs/athletes/`) next to copies of the shipped programs.
    let prog_dir = dir.join("programs");
    let athlete_dir = prog_dir.join("athletes");
    std::fs::create_dir_all(&athlete_dir).unwrap();
    for entry in std::fs::read_dir(repo().join("programs"))
        .unwrap()
        .flatten()
    {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&p, prog_dir.join(entry.file_name())).unwrap();
        }
    }
    (0..n)
        .map(|i| {
            let k = i % programs.len();
            let text = format!(
                "program: ../{}.yaml\nname: Athlete {i}\nhistory:\n  training_years: {}\n  weeks_since_deload: {}\n  sleep_hours: {}\nstart: 2027-01-04\navailable_days: {}\nmaxes:\n  Back squat: {} kg\n  Bench press: {} kg\n  Deadlift: {} kg\n  Overhead press: {} kg\n",
                programs[k],
                (i % 7) as f64 * 0.5,
                i % 4,
                6.0 + (i % 4) as f64 * 0.5,
                days[k],
                80 + i % 60,
                60 + i % 40,
                100 + i % 80,
                40 + i % 20,
            );
            let p = athlete_dir.join(format!("a{i}.yaml"));
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect()
}
