//! `deload plan FILE`: load, plan, render in the chosen format, write.

use deload::Severity;
use deload::config::Config;
use deload::error::Error;
use deload::export::{self, ics::IcsOptions};
use deload::plan::{self, PlanOptions};
use deload::programs::{self, Level};
use deload::render::{self, Templates};
use deload::traininglog::{self, ImportOptions};

use super::{Verbosity, fail, print_diagnostics};
use crate::cli::{FormatArg, LevelArg, PlanArgs};

/// Runs `deload plan`.
pub fn plan(args: &PlanArgs, v: Verbosity) -> i32 {
    match run(args) {
        Ok((text, warnings)) => {
            if v != Verbosity::Quiet {
                print_diagnostics(&warnings, Severity::Warning);
            }
            match &args.output {
                Some(path) => {
                    if let Err(e) = deload::fs::write_atomic(path, text.as_bytes()) {
                        return fail(&[e], "plan");
                    }
                    if v != Verbosity::Quiet {
                        eprintln!("Wrote {}", path.display());
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
                            return fail(
                                &[deload::Error::new(format!("cannot write the plan: {e}"))
                                    .with_hint("check where standard output goes")],
                                "plan",
                            );
                        }
                    }
                }
            }
            0
        }
        Err(e) => fail(&[e], "plan"),
    }
}

fn run(args: &PlanArgs) -> Result<(String, Vec<Error>), Error> {
    if let Some(out) = &args.output
        && out.is_dir()
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
    if let Some(y) = args.training_years
        && !(y.is_finite() && y >= 0.0)
    {
        return Err(
            Error::new(format!("--training-years {y} is not a number of years"))
                .with_hint("give years of consistent training, like 1.5"),
        );
    }
    if args.weeks == Some(0) {
        return Err(Error::new("--weeks 0 plans nothing").with_hint("give at least 1 week"));
    }
    let (mut input, mut warnings) = programs::load_input(&args.file)?;
    let today = super::history::today(args.today.as_deref())?;
    // A training log (`--log`, else the athlete file's `log:`) replaces the typed history.
    let log = args
        .log
        .clone()
        .or_else(|| input.athlete.as_ref().and_then(|a| a.log.clone()));
    let mut chart = None;
    if let Some(log) = &log {
        let opts = ImportOptions {
            units: super::history::units(args.log_units),
            skip_bad_rows: args.skip_bad_rows,
            today,
        };
        let (derived, log_warnings) = super::history::read_log(log, &opts)?;
        warnings.extend(log_warnings);
        traininglog::apply_to_input(&mut input, &derived).map_err(|e| e.in_file(log.clone()))?;
        chart = Some(traininglog::chart::to_svg(&derived));
    }
    let athlete_start = input.athlete.as_ref().and_then(|a| a.start);
    let opts = PlanOptions {
        level: args.history.map(|l| match l {
            LevelArg::Novice => Level::Novice,
            LevelArg::Intermediate => Level::Intermediate,
            LevelArg::Advanced => Level::Advanced,
        }),
        training_years: args.training_years,
        weeks_since_deload: args.weeks_since_deload,
        start: start.or(athlete_start).or(Some(plan::next_monday(today))),
        weeks: args.weeks,
    };
    let mut schedule = plan::plan(&input, &opts)?;
    schedule.history_chart = chart;
    let text = match args.format {
        FormatArg::Html => {
            let config = Config::load(&args.root)?;
            let mut templates = Templates::load(Some(&args.root))?;
            render::prepare_config(&mut templates, &config);
            export::html::to_html(&schedule, &templates, &config.base_url)?
        }
        FormatArg::Md => export::markdown::to_markdown(&schedule),
        FormatArg::Json => export::json::to_json(&schedule),
        FormatArg::Csv => export::csv::to_csv(&schedule),
        FormatArg::Ics => export::ics::to_ics(
            &schedule,
            &IcsOptions {
                rest_events: args.rest_events,
            },
        ),
    };
    Ok((text, warnings))
}
