//! The one plan pipeline: a program or athlete file, an optional training log and options in; the
//! schedule, its warnings and the log's history out.
//!
//! `deload plan`, `deload build`, `deload check` and `deload serve` all plan through
//! [`plan_file`], so a plan is the same wherever it is made: an athlete file's `log:` is read by
//! the site build exactly as by `deload plan`.
//!
//! The stages, in order: [`load`](crate::programs) the file (following `program:` and
//! `extends:`, confined to a root folder), [read the log](crate::traininglog) when there is one
//! and put the history it gives into the input, then [`plan`](crate::plan::plan).

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::error::Error;
use crate::plan::{self, PlanOptions, Schedule};
use crate::programs::{self, FileKind, PlanInput};
use crate::replan::Replan;
use crate::traininglog::{self, DerivedHistory, ImportOptions, TrainingLog};

/// Where a training log comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum LogSource {
    /// The athlete file's `log:` key, if it has one.
    #[default]
    FromFile,
    /// This file (`--log`), which wins over the athlete file's `log:`.
    Path(PathBuf),
    /// No log, even when the athlete file names one.
    Without,
}

/// Everything [`plan_file`] needs besides the file.
#[derive(Debug, Clone, PartialEq)]
pub struct PipelineOptions {
    /// File references (`program:`, `log:`, `extends:`) must stay inside this folder; `None`:
    /// the site root [`programs::load_input`] finds for the file.
    pub root: Option<PathBuf>,
    /// Whether the file must be a program, an athlete file, or either.
    pub kind: FileKind,
    /// The training log to read.
    pub log: LogSource,
    /// How to read the log.
    pub import: ImportOptions,
    /// Overrides of the files' history, start and length.
    pub plan: PlanOptions,
    /// The start date when neither `plan.start` nor the athlete file gives one.
    pub default_start: Date,
}

impl PipelineOptions {
    /// Options for planning as of `today`: no overrides, the athlete's own log, plans starting on
    /// the Monday after `today` unless the athlete file says otherwise.
    pub fn new(today: Date) -> PipelineOptions {
        PipelineOptions {
            root: None,
            kind: FileKind::Either,
            log: LogSource::FromFile,
            import: ImportOptions {
                units: None,
                skip_bad_rows: false,
                today,
            },
            plan: PlanOptions::default(),
            default_start: plan::next_monday(today),
        }
    }

    /// These options for a file of the given kind.
    pub fn with_kind(&self, kind: FileKind) -> PipelineOptions {
        PipelineOptions {
            kind,
            ..self.clone()
        }
    }
}

/// A file loaded with its log applied: ready to plan, once or for several histories.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The input the plan is made from (the athlete's history and maxes filled in from the log,
    /// if any).
    pub input: PlanInput,
    /// Warnings of every file read (program, athlete, log), each located in its file.
    pub warnings: Vec<Error>,
    /// What the training log showed, when one was read.
    pub history: Option<DerivedHistory>,
    /// The training log as read, when one was (for reports that need its sets, such as
    /// [`crate::replan::report::from_log`]).
    pub log: Option<TrainingLog>,
    /// The start date when neither the plan options nor the athlete file give one.
    pub default_start: Date,
    /// Every file read: the file, an athlete's program, the `extends` chain, the training log
    /// (a cached plan is stale when one of them changes).
    pub sources: Vec<PathBuf>,
}

impl Loaded {
    /// Plans the input: `plan.start`, else the athlete file's `start`, else the default start.
    /// The files' warnings come first in the schedule's `warnings`, as text, each with an empty
    /// message (English only), so every other warning keeps its own message.
    pub fn plan(&self, plan: &PlanOptions) -> Result<Schedule, Error> {
        let athlete_start = self.input.athlete.as_ref().and_then(|a| a.start);
        let opts = PlanOptions {
            start: plan.start.or(athlete_start).or(Some(self.default_start)),
            ..plan.clone()
        };
        let mut schedule = plan::plan(&self.input, &opts)?;
        if !self.warnings.is_empty() {
            let mut all: Vec<String> = self.warnings.iter().map(plan::warning_text).collect();
            all.append(&mut schedule.warnings);
            schedule.warnings = all;
            // the files' warnings have no message: they stay as written, in English
            let said = &mut schedule.messages.warnings;
            let mut messages = vec![crate::message::Message::default(); self.warnings.len()];
            messages.append(said);
            *said = messages;
        }
        Ok(schedule)
    }
}

/// A planned file.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The input the plan was made from (the athlete's maxes filled in from the log, if any).
    pub input: PlanInput,
    /// The plan.
    pub schedule: Schedule,
    /// Warnings of every file read (program, athlete, log), each located in its file, then the
    /// plan's located warnings about the program's numbers.
    pub warnings: Vec<Error>,
    /// What the training log showed, when one was read.
    pub history: Option<DerivedHistory>,
    /// The training log as read, when one was ([`Loaded::log`]).
    pub log: Option<TrainingLog>,
    /// Every file read ([`Loaded::sources`]).
    pub sources: Vec<PathBuf>,
}

/// Loads `path` (a program file, or an athlete file: one with a `program:` key), reads its
/// training log when there is one, and plans it with `opts.plan`: [`load`], then
/// [`Loaded::plan`].
///
/// Errors: anything wrong in the files or the log (located), or a plan that cannot be made (see
/// [`plan::plan`]).
pub fn plan_file(path: &Path, opts: &PipelineOptions) -> Result<Planned, Error> {
    let loaded = load(path, opts)?;
    let schedule = loaded.plan(&opts.plan)?;
    let mut warnings = loaded.warnings;
    add_new(&mut warnings, &schedule.diagnostics);
    Ok(Planned {
        input: loaded.input,
        schedule,
        warnings,
        history: loaded.history,
        log: loaded.log,
        sources: loaded.sources,
    })
}

/// The first stages of [`plan_file`]: load the file (following `program:` and `extends:`,
/// confined to `opts.root`), then read the training log when there is one and put the history it
/// shows into the input.
pub fn load(path: &Path, opts: &PipelineOptions) -> Result<Loaded, Error> {
    let root = opts
        .root
        .clone()
        .unwrap_or_else(|| programs::confinement_root(path));
    let (mut input, mut warnings, mut sources) =
        programs::load_input_within(path, &root, opts.kind)?;
    let log = match &opts.log {
        LogSource::Path(p) => Some(p.clone()),
        LogSource::FromFile => input.athlete.as_ref().and_then(|a| a.log.clone()),
        LogSource::Without => None,
    };
    let (history, log) = match log {
        Some(path) => {
            sources.push(path.clone());
            let (log, log_warnings) = traininglog::import(&path, &opts.import)?;
            let history = traininglog::derive(&log, opts.import.today);
            warnings.extend(log_warnings);
            traininglog::apply_to_input(&mut input, &history).map_err(|e| e.in_file(&path))?;
            (Some(history), Some(log))
        }
        None => (None, None),
    };
    Ok(Loaded {
        input,
        warnings,
        history,
        log,
        default_start: opts.default_start,
        sources,
    })
}

/// Appends to `warnings` each of `more` it does not hold yet (a program planned for several
/// histories finds the same problems in each plan).
pub fn add_new(warnings: &mut Vec<Error>, more: &[Error]) {
    for w in more {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
}

/// A plan re-planned from a log.
#[derive(Debug, Clone)]
pub struct Replanned {
    /// The re-plan: matching, review, updated maxes, the moved deload, the remaining weeks and
    /// the progress report.
    pub replan: Replan,
    /// Warnings of every file read (program, athlete, log), then those of the re-plan.
    pub warnings: Vec<Error>,
    /// The athlete file's `language:`, the language its plan is printed in.
    pub language: Option<String>,
}

/// Re-plans the athlete file at `path` from the training log at `log`, as of
/// `opts.import.today`: the plan the file gives (its own `start`, or `opts.plan.start`, and
/// length) is matched to the log and the weeks still to come are planned again
/// ([`crate::replan::replan`]).
///
/// The plan re-planned is the one made before it began: the log's sets before the plan's start
/// are its history (read as `deload plan --log` reads a log, as of the day before the start);
/// without such sets the athlete file's own history and maxes stand (its `log:` is not read).
///
/// Errors: the file is not an athlete file, or the file, the log, the plan or the re-plan fail
/// (see [`crate::replan::replan`]); a log with sets after today is refused as `deload history`
/// refuses it.
pub fn replan_file(path: &Path, log: &Path, opts: &PipelineOptions) -> Result<Replanned, Error> {
    let mut o = opts.with_kind(FileKind::Athlete);
    o.log = LogSource::Without;
    let loaded = load(path, &o)?;
    let (log_data, log_warnings) = traininglog::import(log, &opts.import)?;
    let mut input = loaded.input;
    let athlete_start = input.athlete.as_ref().and_then(|a| a.start);
    let start = opts
        .plan
        .start
        .or(athlete_start)
        .unwrap_or(opts.default_start);
    let mut warnings = loaded.warnings;
    warnings.extend(log_warnings);
    if let Some(before) = before_start(&log_data, start) {
        let day_before = start.yesterday().unwrap_or(start);
        let history = traininglog::derive(&before, day_before);
        traininglog::apply_to_input(&mut input, &history).map_err(|e| e.in_file(log))?;
    }
    let plan = PlanOptions {
        start: Some(start),
        ..opts.plan.clone()
    };
    let replan = crate::replan::replan(&input, &plan, &log_data, opts.import.today)
        .map_err(|e| if e.path.is_none() { e.in_file(log) } else { e })?;
    add_new(&mut warnings, &replan.schedule.diagnostics);
    let language = input.athlete.as_ref().and_then(|a| a.language.clone());
    Ok(Replanned {
        replan,
        warnings,
        language,
    })
}

/// The log's sets before `start`, as a log of their own, when there are any.
fn before_start(log: &TrainingLog, start: Date) -> Option<TrainingLog> {
    let sets: Vec<_> = log
        .sets
        .iter()
        .filter(|s| s.session.date() < start)
        .cloned()
        .collect();
    (!sets.is_empty()).then(|| TrainingLog {
        sets,
        ..log.clone()
    })
}

/// Reads a training log, derives the history it shows and its progress report (as of
/// `opts.today`), for `deload history`'s charts.
pub fn read_log_report(
    path: &Path,
    opts: &ImportOptions,
) -> Result<(DerivedHistory, crate::replan::Progress, Vec<Error>), Error> {
    let (log, warnings) = traininglog::import(path, opts)?;
    let h = traininglog::derive(&log, opts.today);
    let progress = crate::replan::report::from_log(&log, &h);
    Ok((h, progress, warnings))
}
