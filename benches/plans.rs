//! Plan benchmarks for issue #3's targets: a 52-week plan planned and exported in all five formats
//! in under 5 ms, and 1,000 athlete plans in under 1 s.
//!
//! `cargo bench --bench plans` prints, per shipped program, the median, 90th percentile and
//! maximum of repeated `plan` + `export::all` runs; a per-format breakdown for one program (each
//! exporter on its own, on one thread); the periodisation chart's cost (issue #31: under 1 ms of
//! a 52-week plan) for every program; the time to load and plan 1,000 athlete files; and a last
//! line saying whether the targets hold. Figures are wall time on the machine at hand, which may
//! be shared and noisy: compare them within one run, and never assert them in tests.
//!
//! For profiling, `cargo bench --bench plans -- STAGE [RUNS]` runs only one stage (`all`, `plan`,
//! `html`, `md`, `json`, `csv`, `ics` or `svg`) of the breakdown program (or of the program file that
//! `DELOAD_BENCH_PROGRAM` names) RUNS times (default 1,000), for
//! `perf record -g target/release/deps/plans-HASH html` or, counting instructions (steady on a
//! busy machine), `valgrind --tool=callgrind target/release/deps/plans-HASH html 20`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use deload_engine::export::{self, IcsOptions};
use deload_engine::plan::{self, PlanOptions, Schedule};
use deload_engine::programs::{self, Level, PlanInput};
use deload_render::{self as render, Templates};
use deload_site::config::Config;

/// The same allocator as the `deload` binary (src/main.rs), so the figures are what users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Target for one 52-week plan in all five formats.
const PLAN_TARGET: Duration = Duration::from_millis(5);
/// Target for drawing the periodisation chart of a 52-week plan (its SVG and its table).
const CHART_TARGET: Duration = Duration::from_millis(1);
/// Target for loading and planning 1,000 athlete files.
const ATHLETES_TARGET: Duration = Duration::from_secs(1);
/// Runs per program.
const RUNS: usize = 50;
/// The program of the per-format breakdown and of the profiling loop.
const BREAKDOWN: &str = "novice-full-body.yaml";

/// Sorted durations, with their median, 90th percentile and maximum.
struct Stats(Vec<Duration>);

impl Stats {
    fn new(mut v: Vec<Duration>) -> Stats {
        v.sort();
        Stats(v)
    }
    fn quantile(&self, q: f64) -> Duration {
        let i = ((self.0.len() - 1) as f64 * q).round() as usize;
        self.0[i]
    }
    fn median(&self) -> Duration {
        self.quantile(0.5)
    }
    fn p90(&self) -> Duration {
        self.quantile(0.9)
    }
    fn max(&self) -> Duration {
        self.quantile(1.0)
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn time(runs: usize, mut f: impl FnMut()) -> Stats {
    Stats::new(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Everything a plan export needs, loaded once.
struct Setup {
    templates: Templates,
    base_url: String,
    opts: PlanOptions,
    ics: IcsOptions,
}

impl Setup {
    fn load() -> Setup {
        let root = repo();
        let mut templates = Templates::load(Some(&root)).expect("templates");
        let config = Config::load(&root).expect("site.yaml");
        render::prepare_config(&mut templates, &config);
        Setup {
            templates,
            base_url: config.base_url.clone(),
            opts: PlanOptions {
                level: Some(Level::Intermediate),
                start: Some("2027-01-04".parse().expect("date")),
                weeks: Some(52),
                ..Default::default()
            },
            ics: IcsOptions { rest_events: true },
        }
    }

    /// Plans `input` and exports it in all five formats; returns the bytes of output.
    fn plan_and_export(&self, input: &PlanInput) -> usize {
        let s = plan::plan(input, &self.opts).expect("plan");
        let all =
            deload_render::plan::all(&s, &self.templates, &self.base_url, &self.ics).expect("all");
        all.files().iter().map(|(_, t)| t.len()).sum()
    }

    /// One stage on its own (`plan` also plans; the others export the planned `s`).
    fn stage(&self, stage: &str, input: &PlanInput, s: &Schedule) {
        match stage {
            "all" => {
                self.plan_and_export(input);
            }
            "plan" => {
                plan::plan(input, &self.opts).expect("plan");
            }
            "html" => {
                deload_render::plan::to_html(s, &self.templates, &self.base_url).expect("html");
            }
            "md" => {
                export::to_markdown(s);
            }
            "json" => {
                export::to_json(s);
            }
            "csv" => {
                export::to_csv(s);
            }
            "ics" => {
                export::to_ics(s, &self.ics);
            }
            "svg" => {
                deload_engine::chart::html(s);
            }
            other => panic!("unknown stage `{other}`: all, plan, html, md, json, csv, ics or svg"),
        }
    }
}

fn main() {
    let setup = Setup::load();
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    if let Some(stage) = args.next() {
        let runs: u32 = args
            .next()
            .map_or(1000, |s| s.parse().expect("a number of runs"));
        profile(&setup, &stage, runs);
        return;
    }
    let worst_median = every_program(&setup);
    per_format(&setup);
    let chart = charts(&setup);
    let seq = athletes();
    let verdict = |ok: bool| if ok { "holds" } else { "MISSED" };
    println!(
        "Targets: 52-week plan in all five formats < 5 ms {} (slowest median {:.2} ms); \
         its periodisation chart < 1 ms {} (slowest median {:.3} ms); \
         1,000 athlete plans < 1 s {} ({:.0} ms on one core)",
        verdict(worst_median < PLAN_TARGET),
        ms(worst_median),
        verdict(chart < CHART_TARGET),
        ms(chart),
        verdict(seq < ATHLETES_TARGET),
        ms(seq)
    );
}

/// Plans and exports every shipped program [`RUNS`] times; prints the figures and returns the
/// slowest median.
fn every_program(setup: &Setup) -> Duration {
    let programs = shipped_programs();
    println!(
        "52-week plan, planned and exported in all five formats (`export::all`), {RUNS} runs:"
    );
    println!(
        "  {:<34} {:>9} {:>9} {:>9} {:>8}",
        "program", "median", "p90", "max", "output"
    );
    let mut worst_median = Duration::ZERO;
    for file in &programs {
        let (input, _) = programs::load_input(file).expect("program");
        let mut bytes = 0;
        // one warm-up run: the first fills the allocator and the caches
        setup.plan_and_export(&input);
        let stats = time(RUNS, || bytes = setup.plan_and_export(&input));
        worst_median = worst_median.max(stats.median());
        println!(
            "  {:<34} {:>6.2} ms {:>6.2} ms {:>6.2} ms {:>4} KiB",
            file.file_name().unwrap_or_default().to_string_lossy(),
            ms(stats.median()),
            ms(stats.p90()),
            ms(stats.max()),
            bytes / 1024
        );
    }
    worst_median
}

/// Prints the median of each stage on its own for the [`BREAKDOWN`] program.
fn per_format(setup: &Setup) {
    let (input, _) =
        programs::load_input(&repo().join("programs").join(BREAKDOWN)).expect("program");
    let s = plan::plan(&input, &setup.opts).expect("plan");
    let stages: Vec<String> = ["plan", "html", "md", "json", "csv", "ics", "svg"]
        .iter()
        .map(|stage| {
            let stats = time(RUNS, || setup.stage(stage, &input, &s));
            format!("{stage} {:.2}", ms(stats.median()))
        })
        .collect();
    println!(
        "Per format, {BREAKDOWN} (each alone, median of {RUNS}; html renders its weeks on all cores), ms: {}",
        stages.join(", ")
    );
}

/// Draws the periodisation chart (`chart::html`: the SVG and its table) of every shipped
/// program's 52-week plan [`RUNS`] times; prints the slowest median and returns it. The chart's
/// numbers are collected while planning (`plan::ChartData`), a pass over the weeks that the
/// `plan` stage's figure includes.
fn charts(setup: &Setup) -> Duration {
    let mut slowest = (Duration::ZERO, String::new());
    for file in shipped_programs() {
        let (input, _) = programs::load_input(&file).expect("program");
        let s = plan::plan(&input, &setup.opts).expect("plan");
        deload_engine::chart::html(&s);
        let median = time(RUNS, || {
            deload_engine::chart::html(&s);
        })
        .median();
        if median > slowest.0 {
            slowest = (
                median,
                file.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into(),
            );
        }
    }
    println!(
        "Periodisation chart of a 52-week plan (SVG and table), slowest median of {RUNS}: {:.3} ms ({})",
        ms(slowest.0),
        slowest.1
    );
    slowest.0
}

/// The shipped programs' files, sorted.
fn shipped_programs() -> Vec<PathBuf> {
    let mut programs: Vec<PathBuf> = std::fs::read_dir(repo().join("programs"))
        .expect("programs/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    programs.sort();
    programs
}

/// Loads (YAML + program) and plans 1,000 athlete files, sequentially and in parallel; prints
/// the figures and returns the sequential median.
fn athletes() -> Duration {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let files = write_athletes(tmp.path(), 1000);
    let run = |parallel: bool| {
        let one = |f: &PathBuf| {
            let (input, _) = programs::load_input(f).expect("athlete");
            plan::plan(&input, &PlanOptions::default())
                .expect("plan")
                .weeks
                .len()
        };
        let t = Instant::now();
        let weeks: usize = if parallel {
            use rayon::prelude::*;
            files.par_iter().map(one).sum()
        } else {
            files.iter().map(one).sum()
        };
        assert!(weeks > 0);
        t.elapsed()
    };
    let seq = Stats::new((0..5).map(|_| run(false)).collect()).median();
    let par = Stats::new((0..5).map(|_| run(true)).collect()).median();
    println!(
        "1,000 athlete plans (load + plan, median of 5): {:.0} ms on one core, {:.0} ms on all cores",
        ms(seq),
        ms(par)
    );
    seq
}

/// Runs one stage of the breakdown program (or of `DELOAD_BENCH_PROGRAM`, a file name in
/// `programs/`) `runs` times, for a profiler.
fn profile(setup: &Setup, stage: &str, runs: u32) {
    let program = std::env::var("DELOAD_BENCH_PROGRAM").unwrap_or_else(|_| BREAKDOWN.into());
    let (input, _) = programs::load_input(&repo().join("programs").join(program)).expect("program");
    let s = plan::plan(&input, &setup.opts).expect("plan");
    let start = Instant::now();
    for _ in 0..runs {
        setup.stage(stage, &input, &s);
    }
    println!(
        "{stage}: {runs} runs, {:.3} ms each on average",
        ms(start.elapsed()) / f64::from(runs.max(1))
    );
}

/// Writes `n` athlete files into a temporary site in `dir`. Program references must stay inside
/// the site, so the athletes live in `dir/programs/athletes/` next to copies of the shipped
/// programs and name them relatively (`program: ../novice-full-body.yaml`).
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
    let prog_dir = dir.join("programs");
    let athlete_dir = prog_dir.join("athletes");
    std::fs::create_dir_all(&athlete_dir).expect("athletes/");
    for entry in std::fs::read_dir(repo().join("programs"))
        .expect("programs/")
        .flatten()
    {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(&p, prog_dir.join(entry.file_name())).expect("copy a program");
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
            std::fs::write(&p, text).expect("write an athlete file");
            p
        })
        .collect()
}
