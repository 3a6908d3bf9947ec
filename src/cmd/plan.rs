//! `deload plan FILE...`: load, plan, render in the chosen format, write. Several files or a
//! folder (a roster) write one file per plan and format into the `-o` folder (`roster`); every
//! plan leaves through `formats`, the one output path.

mod formats;
mod roster;

use std::path::Path;

use deload_engine::Severity;
use deload_engine::error::Error;
use deload_engine::export::ics::IcsOptions;
use deload_engine::pipeline::{self, LogSource, PipelineOptions};
use deload_engine::plan::PlanOptions;
use deload_engine::programs::Level;
use deload_engine::traininglog;
use deload_pdf::Paper;

pub(crate) use formats::{Format, Planned, Setup, render_one, write_all};

use super::{Verbosity, fail, print_diagnostics};
use crate::cli::{FormatArg, LevelArg, PaperArg, PlanArgs};

/// Runs `deload plan`.
pub(crate) fn plan(args: &PlanArgs, v: Verbosity) -> i32 {
    if roster::is_roster(&args.files) {
        return roster::run(args, v);
    }
    match run(args) {
        Ok((bytes, warnings)) => {
            if v != Verbosity::Quiet {
                print_diagnostics(&warnings, Severity::Warning);
            }
            let all = args.format == FormatArg::All;
            match write_output(args.output.as_deref(), all, &bytes, v) {
                Ok(()) => 0,
                Err(e) => fail(&[e], "plan"),
            }
        }
        Err(e) => fail(&[e], "plan"),
    }
}

/// Writes what a command made: to `output` (`-o`), to standard output, or (for `--format all`,
/// which wrote its files already) the list of files.
pub(crate) fn write_output(
    output: Option<&Path>,
    all: bool,
    bytes: &[u8],
    v: Verbosity,
) -> Result<(), Error> {
    match output {
        Some(_) if all => {
            if v != Verbosity::Quiet {
                tell!("Wrote\n{}", String::from_utf8_lossy(bytes));
            }
        }
        Some(path) => {
            deload_site::fs::write_atomic(path, bytes)?;
            if v != Verbosity::Quiet {
                tell!("Wrote {}", path.display());
            }
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
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

/// The site's templates and settings, with the calendar options and paper of `args`; `--lang`
/// checked against the languages the sheet can be printed in.
fn setup(args: &PlanArgs) -> Result<Setup, Error> {
    let setup = setup_with(
        &args.root,
        args.base_url.as_deref(),
        args.rest_events,
        args.paper,
    )?;
    if let Some(lang) = &args.lang {
        setup.check_language(lang)?;
    }
    Ok(setup)
}

/// The site at `root` with the flags `plan` and `replan` share: `--base-url`, `--rest-events`
/// and `--paper`.
pub(crate) fn setup_with(
    root: &Path,
    base_url: Option<&str>,
    rest_events: bool,
    paper: PaperArg,
) -> Result<Setup, Error> {
    let paper = match paper {
        PaperArg::Letter => Paper::Letter,
        PaperArg::A4 => Paper::A4,
    };
    Setup::load(root, base_url, IcsOptions { rest_events }, paper)
}

/// Plans `file` with the options of `args`: the plan (with the chart of its training log and
/// the athlete file's coach) and the warnings.
pub(crate) fn plan_one(args: &PlanArgs, file: &Path) -> Result<(Planned, Vec<Error>), Error> {
    let opts = pipeline_options(args)?;
    let planned = pipeline::plan_file(file, &opts)?;
    let coach = planned.input.athlete.as_ref().and_then(|a| a.coach.clone());
    let language = (args.lang.clone())
        .or_else(|| (planned.input.athlete.as_ref()).and_then(|a| a.language.clone()));
    let mut schedule = planned.schedule;
    schedule.history_chart = planned.history.as_ref().map(traininglog::chart::to_svg);
    let plan = Planned {
        schedule,
        coach,
        language,
    };
    Ok((plan, planned.warnings))
}

/// Plans the one file of `args` and renders it in the chosen format; returns the bytes (for
/// `--format all`, the files written, one a line) and the warnings.
fn run(args: &PlanArgs) -> Result<(Vec<u8>, Vec<Error>), Error> {
    let file = &args.files[0];
    let setup = setup(args)?;
    let (plan, mut warnings) = plan_one(args, file)?;
    warnings.extend(setup.link_warning(&args.format.formats()));
    warnings.extend(setup.string_warnings_in(setup.language_of(&plan)));
    let bytes = match args.format {
        FormatArg::All => {
            let dir = args.output.as_deref().ok_or_else(|| {
                Error::new("--format all writes a file per format and needs a folder")
                    .with_hint("add -o FOLDER, for example -o plans/sam")
            })?;
            let plans = [(stem_of(file), &plan)];
            let (written, pdf_skipped) = write_all(&setup, &plans, &Format::ALL, dir, true)?;
            warnings.extend(pdf_skipped);
            let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
            names.join("\n").into_bytes()
        }
        FormatArg::One(format) => render_one(&setup, &plan, format)?,
    };
    Ok((bytes, warnings))
}

/// The file name stem of `file` (`sam` for `programs/athletes/sam.yaml`).
pub(crate) fn stem_of(file: &Path) -> String {
    file.file_stem()
        .map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned())
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
        && args.format != FormatArg::All
        && !roster::is_roster(&args.files)
    {
        return Err(Error::new(format!("{} is a folder", out.display()))
            .with_hint("give -o a file name, like plan.html"));
    }
    let start = super::start(args.start.as_deref())?;
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
        warmups: args.warmups,
    };
    Ok(opts)
}
