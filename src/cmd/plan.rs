//! `deload plan FILE`: load, plan, render in the chosen format, write.

use std::path::Path;

use deload::config::Config;
use deload::render::{self, Templates};
use deload_engine::Severity;
use deload_engine::error::Error;
use deload_engine::export::{self, ics::IcsOptions};
use deload_engine::pipeline::{self, LogSource, PipelineOptions};
use deload_engine::plan::{PlanOptions, Schedule};
use deload_engine::programs::Level;
use deload_engine::traininglog;

use super::{Verbosity, fail, print_diagnostics};
use crate::cli::{FormatArg, LevelArg, PlanArgs};

/// Runs `deload plan`.
pub(crate) fn plan(args: &PlanArgs, v: Verbosity) -> i32 {
    match run(args) {
        Ok((text, warnings)) => {
            if v != Verbosity::Quiet {
                print_diagnostics(&warnings, Severity::Warning);
            }
            match emit(&text, &writer(args), v) {
                Ok(()) => 0,
                Err(e) => fail(&[e], "plan"),
            }
        }
        Err(e) => fail(&[e], "plan"),
    }
}

/// How a schedule is written: the format, the site root whose templates and site.yaml the HTML
/// uses, where it goes and the name its files take. Shared by `deload plan` and `deload replan`.
pub(crate) struct Writer<'a> {
    /// The format.
    pub(crate) format: FormatArg,
    /// The site root (templates, site.yaml).
    pub(crate) root: &'a Path,
    /// `-o`: a file, or a folder for `--format all`; `None`: standard output.
    pub(crate) output: Option<&'a Path>,
    /// The name of `--format all`'s files (the input file's stem).
    pub(crate) stem: String,
    /// ICS options.
    pub(crate) ics: IcsOptions,
}

/// The writer of `deload plan`'s arguments.
fn writer(args: &PlanArgs) -> Writer<'_> {
    Writer {
        format: args.format,
        root: &args.root,
        output: args.output.as_deref(),
        stem: file_stem(&args.file),
        ics: IcsOptions {
            rest_events: args.rest_events,
        },
    }
}

/// The stem of `file` (`plan` when it has none).
pub(crate) fn file_stem(file: &Path) -> String {
    file.file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned())
}

/// Writes `text` (a schedule rendered by [`render_schedule`]) where `w` says: to the `-o` file,
/// or to standard output; for `--format all` (already written) it lists the files.
pub(crate) fn emit(text: &str, w: &Writer<'_>, v: Verbosity) -> Result<(), Error> {
    match w.output {
        // --format all wrote its files already; `text` lists them
        Some(_) if matches!(w.format, FormatArg::All) => {
            if v != Verbosity::Quiet {
                tell!("Wrote\n{text}");
            }
        }
        Some(path) => {
            deload::fs::write_atomic(path, text.as_bytes())?;
            if v != Verbosity::Quiet {
                tell!("Wrote {}", path.display());
            }
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => {}
                // the reader went away (`deload plan ... | head`): not an error
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                Err(e) => {
                    return Err(Error::new(format!("cannot write the plan: {e}"))
                        .with_hint("check where standard output goes"));
                }
            }
        }
    }
    Ok(())
}

/// The site's templates (or the embedded ones) with `config` set, and site.yaml.
pub(crate) fn plan_templates(root: &Path) -> Result<(Templates, Config), Error> {
    let config = Config::load(root)?;
    let mut templates = Templates::load(Some(root))?;
    render::prepare_config(&mut templates, &config);
    Ok((templates, config))
}

/// Plans `args.file` and renders it in the chosen format; returns the text (for
/// `--format all`, the files written) and the warnings.
fn run(args: &PlanArgs) -> Result<(String, Vec<Error>), Error> {
    let opts = pipeline_options(args)?;
    let planned = pipeline::plan_file(&args.file, &opts)?;
    let warnings = planned.warnings;
    let mut schedule = planned.schedule;
    schedule.history_chart = planned.history.as_ref().map(traininglog::chart::to_svg);
    let text = render_schedule(&schedule, &writer(args))?;
    Ok((text, warnings))
}

/// Renders `schedule` in `w`'s format (for `--format all`: writes the files into the `-o`
/// folder and returns their list).
pub(crate) fn render_schedule(schedule: &Schedule, w: &Writer<'_>) -> Result<String, Error> {
    Ok(match w.format {
        FormatArg::Html => {
            let (templates, config) = plan_templates(w.root)?;
            render::plan::to_html(schedule, &templates, &config.base_url)?
        }
        FormatArg::All => write_all_formats(w, schedule)?,
        FormatArg::Md => export::markdown::to_markdown(schedule),
        FormatArg::Json => export::json::to_json(schedule),
        FormatArg::Csv => export::csv::to_csv(schedule),
        FormatArg::Ics => export::ics::to_ics(schedule, &w.ics),
    })
}

/// `--training-years` and `--weeks-since-deload` in the ranges an athlete file accepts: 0 to
/// 80 years, 0 to 520 weeks.
fn check_history_flags(args: &PlanArgs) -> Result<(), Error> {
    use deload_engine::plan::{MAX_TRAINING_YEARS, MAX_WEEKS};
    if let Some(y) = args.training_years
        && !(y.is_finite() && (0.0..=MAX_TRAINING_YEARS).contains(&y))
    {
        return Err(
            Error::new(format!("--training-years {y} is not possible")).with_hint(
                "give years of consistent training from 0 to 80, like 1.5 (as in an athlete file)",
            ),
        );
    }
    if let Some(w) = args.weeks_since_deload
        && w > MAX_WEEKS
    {
        return Err(Error::new(format!(
            "--weeks-since-deload {w} is more than the {MAX_WEEKS} accepted"
        ))
        .with_hint(
            "give the loading weeks trained since the last deload, 0 to 520 (as in an athlete file)",
        ));
    }
    Ok(())
}

/// The pipeline's options from the arguments, each checked (an error says how to fix it).
fn pipeline_options(args: &PlanArgs) -> Result<PipelineOptions, Error> {
    if let Some(out) = &args.output
        && out.is_dir()
        && !matches!(args.format, FormatArg::All)
    {
        return Err(Error::new(format!("{} is a folder", out.display()))
            .with_hint("give -o a file name, like plan.html"));
    }
    let start = args
        .start
        .as_deref()
        .map(|s| {
            s.parse::<jiff::civil::Date>().map_err(|_| {
                Error::new(format!("--start `{s}` is not a valid date"))
                    .with_hint("write it as YYYY-MM-DD, for example 2027-01-04")
            })
        })
        .transpose()?;
    check_history_flags(args)?;
    if args.weeks == Some(0) {
        return Err(Error::new("--weeks 0 plans nothing").with_hint("give at least 1 week"));
    }
    let today = super::history::today(args.today.as_deref())?;
    let mut opts = PipelineOptions::new(today);
    if let Some(log) = &args.log {
        opts.log = LogSource::Path(log.clone());
    }
    opts.import.units = super::history::units(args.log_units);
    opts.import.skip_bad_rows = args.skip_bad_rows;
    opts.plan = PlanOptions {
        level: args.history.map(|l| match l {
            LevelArg::Novice => Level::Novice,
            LevelArg::Intermediate => Level::Intermediate,
            LevelArg::Advanced => Level::Advanced,
        }),
        training_years: args.training_years,
        weeks_since_deload: args.weeks_since_deload,
        start,
        weeks: args.weeks,
    };
    Ok(opts)
}

/// `--format all`: writes the plan in every format into the `-o` folder, each file named after
/// the input file; returns the files written, one a line.
fn write_all_formats(w: &Writer<'_>, schedule: &Schedule) -> Result<String, Error> {
    let (templates, config) = plan_templates(w.root)?;
    let all = render::plan::all(schedule, &templates, &config.base_url, &w.ics)?;
    let dir = w.output.ok_or_else(|| {
        Error::new("--format all writes five files and needs a folder")
            .with_hint("add -o FOLDER, for example -o plans/sam")
    })?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the folder", &e))?;
    let mut written = Vec::new();
    for (ext, text) in all.files() {
        let path = dir.join(format!("{}.{ext}", w.stem));
        deload::fs::write_atomic(&path, text.as_bytes())?;
        written.push(path.display().to_string());
    }
    Ok(written.join("\n"))
}
