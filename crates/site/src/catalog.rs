//! The Programs section of the site: every program in `programs/` planned for each training
//! history level, and every athlete file in `programs/athletes/` planned as its coach set it up.
//!
//! Loading and planning happen with the rest of the site's loading, so a broken program fails the
//! build with its file, line and column before anything is rendered.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::ProgramsConfig;
use deload_engine::error::{Error, Location};
use deload_engine::pipeline::{self, PipelineOptions};
use deload_engine::plan::{self, PlanOptions, Schedule};
use deload_engine::programs::{FileKind, Level, Program};
use deload_engine::replan::{self, Progress};
use deload_engine::text::slugify;
use deload_engine::traininglog;

/// The folder of program files under the site root.
pub const PROGRAMS_DIR: &str = "programs";
/// The folder of athlete files inside [`PROGRAMS_DIR`].
pub(crate) const ATHLETES_DIR: &str = "athletes";
/// The levels every program is planned for.
pub(crate) const LEVELS: [Level; 3] = [Level::Novice, Level::Intermediate, Level::Advanced];

/// A program with its plans.
#[derive(Debug, Clone)]
pub struct ProgramEntry {
    /// The file, as shown in messages (`programs/novice-full-body.yaml`).
    pub file: PathBuf,
    /// URL segment (`novice-full-body`).
    pub slug: String,
    /// The program as loaded (with `extends` applied).
    pub program: Program,
    /// One plan per level, in [`LEVELS`] order.
    pub plans: Vec<(Level, Schedule)>,
}

/// An athlete file with its plan.
#[derive(Debug, Clone)]
pub struct AthleteEntry {
    /// URL segment.
    pub slug: String,
    /// The athlete's name.
    pub name: String,
    /// The slug of the program it uses, when that program is also in `programs/`.
    pub program_slug: Option<String>,
    /// The plan.
    pub schedule: Schedule,
    /// Whether the athlete file says whether to publish it (`publish:`).
    pub(crate) publish: Option<bool>,
    /// The coach's name and contact (`coach:`), for the printed plan.
    pub coach: Option<String>,
    /// The language of the printed plan (`language:`; `None`: the site's default language).
    pub language: Option<String>,
    /// The progress report of the athlete file's training log (`log:`), when it names one and
    /// the athlete is published: the site shows it on the athlete's progress page.
    pub progress: Option<Progress>,
}

/// Everything the Programs section shows.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Programs, sorted by file name.
    pub programs: Vec<ProgramEntry>,
    /// Athletes, sorted by file name.
    pub athletes: Vec<AthleteEntry>,
    /// Every file the plans read (programs, athlete files, `extends` chains, training logs).
    pub(crate) sources: Vec<PathBuf>,
    /// Whether the section has the Planner page (`programs.planner` in site.yaml).
    pub planner: bool,
    /// The site's languages besides the default: the Planner page is built in each of them too
    /// (`/es/programs/planner/`); none on a single-language site.
    pub planner_languages: Vec<String>,
    /// Whether the plans are also printed to PDF, and with which browser.
    pub pdf: Pdf,
}

/// The PDFs of the published plans (site.yaml's `programs.pdf`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Pdf {
    /// Not asked for.
    #[default]
    Off,
    /// Asked for, and printed with this browser.
    Browser(PathBuf),
    /// Asked for, but no browser was found at build time (the pages say so).
    NoBrowser,
}

/// The PDF set-up `config` asks for, with a warning when it cannot be had.
fn pdf_setup(config: &ProgramsConfig, warnings: &mut Vec<Error>) -> Pdf {
    if !config.pdf {
        return Pdf::Off;
    }
    match deload_pdf::find_browser() {
        Ok(browser) => Pdf::Browser(browser),
        Err(e) => {
            let hint = e.hint.clone().unwrap_or_default();
            warnings.push(
                Error::new(
                    "site.yaml sets programs.pdf, but no browser was found: the plans are published without PDFs",
                )
                .with_hint(hint),
            );
            Pdf::NoBrowser
        }
    }
}

impl Catalog {
    /// Site path of the section.
    pub const PATH: &'static str = "/programs/";

    /// Site path of a program's page.
    pub fn program_path(slug: &str) -> String {
        format!("/programs/{slug}/")
    }

    /// Site path of a program's printable plan for a level (`ext` is `html`, `ics`, `csv`...).
    pub fn plan_path(slug: &str, level: Level, ext: &str) -> String {
        format!("/programs/{slug}/plan-{}.{ext}", level.as_str())
    }

    /// The site path every athlete's plan is under.
    pub const ATHLETES_PATH: &'static str = "/programs/athletes/";

    /// Site path of an athlete's printable plan.
    pub fn athlete_path(slug: &str) -> String {
        format!("{}{slug}/", Self::ATHLETES_PATH)
    }

    /// Site path of an athlete's progress page (published athletes with a training log).
    pub fn progress_path(slug: &str) -> String {
        format!("{}{slug}/progress/", Self::ATHLETES_PATH)
    }

    /// Site path of a download of an athlete's plan (`ext` is `ics`, `csv`...), beside it.
    pub fn athlete_download_path(slug: &str, ext: &str) -> String {
        format!("{}{slug}/plan.{ext}", Self::ATHLETES_PATH)
    }

    /// Every site path the section generates (for the sitemap and URL clash checks).
    pub(crate) fn paths(&self) -> Vec<String> {
        let mut out = vec![Self::PATH.to_string()];
        for p in &self.programs {
            out.push(Self::program_path(&p.slug));
            for (level, _) in &p.plans {
                out.push(Self::plan_path(&p.slug, *level, "html"));
            }
        }
        for a in &self.athletes {
            out.push(Self::athlete_path(&a.slug));
            if a.progress.is_some() {
                out.push(Self::progress_path(&a.slug));
            }
        }
        if self.planner {
            out.push(crate::planner::PATH.to_string());
            out.extend((self.planner_languages.iter()).map(|l| crate::planner::path_in(Some(l))));
        }
        out
    }
}

/// Loads and plans every program and athlete under `root/programs`. `today` gives the default
/// start (the next Monday) when site.yaml sets no `programs.start`. Returns the catalog and the
/// warnings; all errors are collected.
pub(crate) fn load(
    root: &Path,
    config: &ProgramsConfig,
    today: Date,
) -> Result<(Catalog, Vec<Error>), Vec<Error>> {
    let dir = root.join(PROGRAMS_DIR);
    let start = match &config.start {
        Some(s) => parse_start(root, s).map_err(|e| vec![e])?,
        None => plan::next_monday(today),
    };
    let program_files = yaml_files(&dir).map_err(|e| vec![e])?;
    let athlete_files = yaml_files(&dir.join(ATHLETES_DIR)).map_err(|e| vec![e])?;
    let mut opts = PipelineOptions::new(today);
    opts.root = Some(root.to_path_buf());
    opts.default_start = start;
    opts.plan.weeks = config.weeks;
    let programs: Vec<_> = program_files
        .par_iter()
        .map(|file| plan_program(&dir, file, &opts.with_kind(FileKind::Program)))
        .collect();
    let athletes: Vec<_> = athlete_files
        .par_iter()
        .map(|file| plan_athlete(&dir, file, &opts.with_kind(FileKind::Athlete), config))
        .collect();
    let mut catalog = Catalog {
        planner: config.planner,
        ..Catalog::default()
    };
    let mut warnings = Vec::new();
    catalog.pdf = pdf_setup(config, &mut warnings);
    let mut errors = Vec::new();
    for r in programs {
        match r {
            Ok((p, w, read)) => {
                catalog.programs.push(p);
                catalog.sources.extend(read);
                warnings.extend(w);
            }
            Err(e) => errors.push(e),
        }
    }
    for r in athletes {
        match r {
            Ok((a, w, read)) => {
                catalog.sources.extend(read);
                // an athlete's plan is checked with the site, and published only on request
                if published(&a, config) {
                    catalog.athletes.push(a);
                }
                warnings.extend(w);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok((catalog, warnings))
    } else {
        Err(errors)
    }
}

/// site.yaml's `programs.start`, `text`, as a date; the error points at its line.
fn parse_start(root: &Path, text: &str) -> Result<Date, Error> {
    text.parse::<Date>().map_err(|_| {
        let path = root.join(crate::config::CONFIG_FILE);
        let yaml = std::fs::read_to_string(&path).unwrap_or_default();
        let line = yaml
            .lines()
            .position(|l| l.trim_start().starts_with("start:"))
            .map_or(1, |i| i + 1);
        Error::new(format!("programs.start `{text}` is not a valid date"))
            .in_file(&path)
            .at(Location { line, column: 1 }, &yaml)
            .with_hint("write it as YYYY-MM-DD, for example 2027-01-04")
    })
}

/// `file` as messages show it: `programs/...`, relative to the site.
fn display(dir: &Path, file: &Path) -> PathBuf {
    PathBuf::from(PROGRAMS_DIR).join(file.strip_prefix(dir).unwrap_or(file))
}

/// Loads the program `file` (in `dir`) and plans it for every level in [`LEVELS`]; returns it
/// with its warnings and the files read.
fn plan_program(
    dir: &Path,
    file: &Path,
    opts: &PipelineOptions,
) -> Result<(ProgramEntry, Vec<Error>, Vec<PathBuf>), Error> {
    let loaded = pipeline::load(file, opts)?;
    let mut plans = Vec::new();
    // The same program planned for three levels finds the same problems in each plan.
    let mut warnings = loaded.warnings.clone();
    for level in LEVELS {
        let plan = PlanOptions {
            level: Some(level),
            ..opts.plan.clone()
        };
        let schedule = loaded.plan(&plan)?;
        pipeline::add_new(&mut warnings, &schedule.diagnostics);
        plans.push((level, schedule));
    }
    let entry = ProgramEntry {
        file: display(dir, file),
        slug: slug_of(file),
        program: loaded.input.program,
        plans,
    };
    Ok((entry, warnings, loaded.sources))
}

/// Whether the site publishes `a`'s plan (and progress page): when the athlete file says so
/// (`publish:`), else when site.yaml's `programs.publish_athletes` does.
fn published(a: &AthleteEntry, config: &ProgramsConfig) -> bool {
    a.publish.unwrap_or(config.publish_athletes)
}

/// Plans the athlete file `file` (in `dir`/athletes), with the chart of its training log if it
/// names one and, when the athlete is published, the log's progress report; returns it with its
/// warnings and the files read.
fn plan_athlete(
    dir: &Path,
    file: &Path,
    opts: &PipelineOptions,
    config: &ProgramsConfig,
) -> Result<(AthleteEntry, Vec<Error>, Vec<PathBuf>), Error> {
    let planned = pipeline::plan_file(file, opts)?;
    let athlete = planned.input.athlete.as_ref();
    // the program's slug, when the program is one of the catalog's
    let program_slug = athlete
        .and_then(|a| a.program_path.canonicalize().ok())
        .filter(|p| p.parent() == dir.canonicalize().ok().as_deref())
        .map(|p| slug_of(&p));
    let mut schedule = planned.schedule;
    schedule.history_chart = planned.history.as_ref().map(traininglog::chart::to_svg);
    let entry = AthleteEntry {
        slug: slug_of(file),
        name: athlete.map(|a| a.name.clone()).unwrap_or_default(),
        program_slug,
        schedule,
        publish: athlete.and_then(|a| a.publish),
        coach: athlete.and_then(|a| a.coach.clone()),
        language: athlete.and_then(|a| a.language.clone()),
        progress: None,
    };
    // the report of the log the plan read, for a published athlete's progress page
    let progress = match (&planned.log, &planned.history) {
        (Some(log), Some(history)) if published(&entry, config) => {
            Some(replan::report::from_log(log, history))
        }
        _ => None,
    };
    let entry = AthleteEntry { progress, ..entry };
    Ok((entry, planned.warnings, planned.sources))
}

/// The URL segment of a program or athlete file: its name, slugified.
pub(crate) fn slug_of(file: &Path) -> String {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let s = slugify(&stem);
    if s.is_empty() { "program".into() } else { s }
}

/// The `*.yaml` / `*.yml` files directly in `dir`, sorted (none if the folder does not exist).
fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, "read the folder", &e))? {
        let entry = entry.map_err(|e| Error::io(dir, "read the folder", &e))?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if (name.ends_with(".yaml") || name.ends_with(".yml")) && path.is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}
