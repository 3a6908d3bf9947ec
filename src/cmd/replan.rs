//! `deload replan ATHLETE.yaml --log LOG`: re-plan the weeks still to come from the log, write
//! them in the chosen format through `deload plan`'s writer, or write the progress report.

use deload_engine::Severity;
use deload_engine::error::Error;
use deload_engine::pipeline::{self, PipelineOptions, Replanned};
use deload_engine::replan::Replan;
use deload_render::{self as render, ReportView};

use super::plan::{Format, Planned, Setup, render_one, stem_of, write_all, write_output};
use super::{Verbosity, fail, print_diagnostics};
use crate::cli::{ReplanArgs, ReplanFormat};

/// Runs `deload replan`.
pub(crate) fn replan(args: &ReplanArgs, v: Verbosity) -> i32 {
    match run(args, v) {
        Ok(()) => 0,
        Err(e) => fail(&[e], "replan"),
    }
}

/// The pipeline's options from the arguments.
fn options(args: &ReplanArgs) -> Result<PipelineOptions, Error> {
    let today = super::history::today(args.today.as_deref())?;
    let mut opts = PipelineOptions::new(today);
    opts.import.units = super::history::units(args.log_units);
    opts.import.skip_bad_rows = args.skip_bad_rows;
    opts.plan.start = super::start(args.start.as_deref())?;
    Ok(opts)
}

fn run(args: &ReplanArgs, v: Verbosity) -> Result<(), Error> {
    if let Some(out) = &args.output
        && out.is_dir()
        && args.format != ReplanFormat::All
    {
        return Err(Error::new(format!("{} is a folder", out.display()))
            .with_hint("give -o a file name, like replan.html"));
    }
    let replanned = pipeline::replan_file(&args.file, &args.log, &options(args)?)?;
    let setup = setup(args)?;
    let mut warnings = replanned.warnings.clone();
    let format = plan_format(args.format);
    let printed = format.map_or_else(|| Format::ALL.to_vec(), |f| vec![f]);
    if args.format != ReplanFormat::Report && args.format != ReplanFormat::ReportJson {
        warnings.extend(setup.link_warning(&printed));
    }
    let plan = Planned {
        schedule: replanned.replan.schedule.clone(),
        coach: None,
        language: args.lang.clone().or_else(|| replanned.language.clone()),
    };
    warnings.extend(setup.string_warnings_in(setup.language_of(&plan)));
    let bytes = match (args.format, format) {
        (ReplanFormat::Report, _) => report_html(args, &setup, &replanned)?.into_bytes(),
        (ReplanFormat::ReportJson, _) => report_json(args, &replanned).into_bytes(),
        (_, Some(f)) => render_one(&setup, &plan, f)?,
        (_, None) => write_every_format(args, &setup, &plan, &replanned, &mut warnings)?,
    };
    if v != Verbosity::Quiet {
        print_diagnostics(&warnings, Severity::Warning);
        summary(&replanned.replan);
    }
    let all = args.format == ReplanFormat::All;
    write_output(args.output.as_deref(), all, &bytes, v)
}

/// The plan format of `format`: the printable plan for the reports (whose links it checks),
/// `None` for `all` (every format).
fn plan_format(format: ReplanFormat) -> Option<Format> {
    match format {
        ReplanFormat::Plan(f) => Some(f),
        ReplanFormat::Report | ReplanFormat::ReportJson => Some(Format::Html),
        ReplanFormat::All => None,
    }
}

/// The site's templates and settings, with the calendar options and paper of `args`.
fn setup(args: &ReplanArgs) -> Result<Setup, Error> {
    let base_url = args.base_url.as_deref();
    let setup = super::plan::setup_with(&args.root, base_url, args.rest_events, args.paper)?;
    if let Some(lang) = &args.lang {
        setup.check_language(lang)?;
    }
    Ok(setup)
}

/// `--format all`: the plan in every format (the PDF when a browser is found), then the report
/// as HTML and JSON; the files written, one a line.
fn write_every_format(
    args: &ReplanArgs,
    setup: &Setup,
    plan: &Planned,
    r: &Replanned,
    warnings: &mut Vec<Error>,
) -> Result<Vec<u8>, Error> {
    let dir = args.output.as_deref().ok_or_else(|| {
        Error::new("--format all writes a file per format and the report, and needs a folder")
            .with_hint("add -o FOLDER, for example -o plans/sam")
    })?;
    let stem = stem_of(&args.file);
    let (mut written, pdf_skipped) =
        write_all(setup, &[(stem.clone(), plan)], &Format::ALL, dir, true)?;
    warnings.extend(pdf_skipped);
    for (ext, text) in [
        ("html", report_html(args, setup, r)?),
        ("json", report_json(args, r)),
    ] {
        let path = dir.join(format!("{stem}-report.{ext}"));
        deload_site::fs::write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    Ok(names.join("\n").into_bytes())
}

/// What changed, on standard error.
fn summary(r: &Replan) {
    tell!(
        "Re-planned weeks {} to {} from the log ({} of {} work sets matched the plan)",
        r.next_week,
        r.plan_weeks,
        r.matched_sets,
        r.logged_sets - r.sets_before_start
    );
    for c in &r.changes {
        tell!("  changed: {c}");
    }
    if r.changes.is_empty() {
        tell!("  nothing changed: {}", r.deload.reason);
    }
    if !r.unmatched.is_empty() {
        tell!(
            "  {} of the log match nothing in the plan (listed in the report)",
            deload_engine::text::plural(r.unmatched.len(), "row", "rows")
        );
    }
}

/// The report as HTML.
fn report_html(args: &ReplanArgs, setup: &Setup, r: &Replanned) -> Result<String, Error> {
    let who = deload_sheet::report::who(&r.replan, &stem_of(&args.file));
    let view = ReportView::for_replan(&r.replan, &who);
    render::report::to_html(
        &view,
        &setup.templates,
        &format!("the progress report of {who}"),
    )
}

/// The report as JSON.
fn report_json(args: &ReplanArgs, r: &Replanned) -> String {
    deload_engine::replan::document::report_json(&r.replan, &args.log.display().to_string())
}
