//! The data of `program_card(program=...)` and `plan_week(program=..., week=N, history=...)`: the
//! program file of `programs/` planned through the engine's one pipeline (as the Programs section
//! plans it: site.yaml's `programs.start` and `programs.weeks`), each plan made once per build,
//! and handed to the templates as the view structs of `render::view::shortcode` (through
//! [`Views`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jiff::civil::Date;
use tera::Context;

use super::Views;
use super::parse::Arg;
use crate::catalog::{Catalog, PROGRAMS_DIR};
use crate::config::Config;
use crate::config::guidance;
use deload_engine::error::Error;
use deload_engine::pipeline::{self, Loaded, PipelineOptions};
use deload_engine::plan::{PlanOptions, Schedule};
use deload_engine::programs::{FileKind, Level};

/// Why a call cannot be rendered: the message and the hint.
type Refusal = (String, String);

/// A planned program: the loaded file and its plan per training history.
struct Planned {
    loaded: Loaded,
    plans: Mutex<HashMap<&'static str, Arc<Result<Schedule, Error>>>>,
}

/// Plans the programs the shortcodes name, each once.
pub(super) struct Planner {
    root: PathBuf,
    opts: Result<PipelineOptions, String>,
    /// The Programs section's URL of a program, when the section is published.
    publish: bool,
    /// site.yaml's `guidance:`.
    guidance: std::collections::BTreeMap<String, String>,
    /// site.yaml's `programs.publish_athletes`: whether athletes are published unless their
    /// file says otherwise.
    publish_athletes: bool,
    loaded: Mutex<HashMap<String, Arc<Result<Planned, Error>>>>,
    /// Makes the templates' values.
    views: &'static dyn Views,
}

impl Planner {
    /// A planner for the site at `root`, planning as of `today`, its values made by `views`.
    pub(super) fn new(
        root: &Path,
        config: &Config,
        today: Date,
        views: &'static dyn Views,
    ) -> Planner {
        let mut opts = PipelineOptions::new(today);
        opts.root = Some(root.to_path_buf());
        opts.plan.weeks = config.programs.weeks;
        let opts = match config.programs.start.as_deref().map(str::parse::<Date>) {
            Some(Ok(d)) => {
                opts.default_start = d;
                Ok(opts)
            }
            Some(Err(_)) => Err("site.yaml's `programs.start` is not a date".to_string()),
            None => Ok(opts),
        };
        Planner {
            root: root.to_path_buf(),
            opts,
            publish: config.programs.publish && root.join(PROGRAMS_DIR).is_dir(),
            publish_athletes: config.programs.publish_athletes,
            guidance: config.guidance.clone(),
            loaded: Mutex::new(HashMap::new()),
            views,
        }
    }

    /// Every file read by the plans made so far (programs, `extends` chains, training logs).
    pub(super) fn sources(&self) -> Vec<PathBuf> {
        let loaded = self
            .loaded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let planned = loaded.values().filter_map(|p| p.as_ref().as_ref().ok());
        planned.flat_map(|p| p.loaded.sources.clone()).collect()
    }

    /// The file `program` names: `programs/NAME.yaml` (or `.yml`, or the name as given).
    fn file(&self, program: &str) -> Result<PathBuf, Refusal> {
        let bad = program.is_empty()
            || program.starts_with('/')
            || program.contains('\\')
            || program.split('/').any(|s| s == ".." || s == ".");
        if bad {
            return Err((
                format!("program `{program}` is not a file name in programs/"),
                "name a program file of programs/, like `program=\"novice-full-body\"`".into(),
            ));
        }
        let dir = self.root.join(PROGRAMS_DIR);
        let candidates = [
            program.to_string(),
            format!("{program}.yaml"),
            format!("{program}.yml"),
        ];
        candidates
            .iter()
            .map(|c| dir.join(c))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                (
                    format!("there is no program `{program}` in programs/"),
                    format!("add programs/{program}.yaml, or name one of the files there"),
                )
            })
    }

    /// The program `program`, loaded once.
    fn load(&self, program: &str) -> Result<Arc<Result<Planned, Error>>, Refusal> {
        let file = self.file(program)?;
        let opts = self
            .opts
            .clone()
            .map_err(|m| (m, "write it as YYYY-MM-DD".to_string()))?;
        let mut cache = self
            .loaded
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = cache.entry(program.to_string()).or_insert_with(|| {
            let loaded = pipeline::load(&file, &opts.with_kind(FileKind::Either));
            Arc::new(loaded.map(|loaded| Planned {
                loaded,
                plans: Mutex::new(HashMap::new()),
            }))
        });
        Ok(entry.clone())
    }

    /// The plan of `program` for `history` (the file's own when none).
    fn plan(
        &self,
        program: &str,
        history: Option<Level>,
    ) -> Result<Arc<Result<Schedule, Error>>, Refusal> {
        let planned = self.load(program)?;
        let planned = match planned.as_ref() {
            Ok(p) => p,
            Err(e) => return Err(engine_refusal(program, e)),
        };
        // athletes are private unless published: their loads and swaps never reach a page
        // through a shortcode either
        if let Some(a) = &planned.loaded.input.athlete
            && !a.publish.unwrap_or(self.publish_athletes)
        {
            return Err((
                format!(
                    "`{program}` is an athlete's plan, and athletes are private unless published"
                ),
                "name a program instead, or publish the athlete (`publish: true` in the athlete                  file, or `programs.publish_athletes: true` in site.yaml)"
                    .into(),
            ));
        }
        let key = history.map_or("own", Level::as_str);
        let mut plans = planned
            .plans
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let plan = plans.entry(key).or_insert_with(|| {
            let opts = self
                .opts
                .as_ref()
                .map(|o| o.plan.clone())
                .unwrap_or_default();
            let plan = planned.loaded.plan(&PlanOptions {
                level: history,
                ..opts
            });
            // the topics' pages as site.yaml maps them (`@/` links are resolved with the page's)
            Arc::new(plan.map(|mut s| {
                guidance::apply(&mut s, &|topic| {
                    guidance::target(&self.guidance, topic).to_string()
                });
                s
            }))
        });
        Ok(plan.clone())
    }

    /// The root-relative URL of `program`'s page in the Programs section, when it has one.
    fn program_url(&self, program: &str) -> Option<String> {
        let file = self.file(program).ok()?;
        let in_section = file.parent() == Some(self.root.join(PROGRAMS_DIR).as_path());
        (self.publish && in_section).then(|| Catalog::program_path(&crate::catalog::slug_of(&file)))
    }

    /// The variables of `plan_week(program=..., week=N, history=...)`.
    pub(super) fn plan_week(&self, args: &[(String, Arg)]) -> Result<Context, Refusal> {
        check_keys("plan_week", args, &["program", "week", "history"])?;
        let program = text_arg(args, "program")?
            .ok_or_else(|| missing("plan_week", "program", "program=\"novice-full-body\""))?;
        let week = match arg(args, "week") {
            None => 1,
            Some(Arg::Number(n)) if *n >= 1.0 && n.fract() == 0.0 => *n as usize,
            Some(other) => return Err(wrong("week", "a week number from 1", other)),
        };
        let history = level(args)?;
        let plan = self.plan(&program, history)?;
        let schedule = plan
            .as_ref()
            .as_ref()
            .map_err(|e| engine_refusal(&program, e))?;
        let Some(w) = schedule.weeks.get(week - 1) else {
            return Err((
                format!(
                    "the plan of `{program}` has {} weeks, not {week}",
                    schedule.weeks.len()
                ),
                format!("choose a week from 1 to {}", schedule.weeks.len()),
            ));
        };
        self.views
            .plan_week(schedule, w, self.program_url(&program))
            .map_err(|e| (e, String::new()))
    }

    /// The variables of `program_card(program=...)`.
    pub(super) fn program_card(&self, args: &[(String, Arg)]) -> Result<Context, Refusal> {
        check_keys("program_card", args, &["program"])?;
        let program = text_arg(args, "program")?
            .ok_or_else(|| missing("program_card", "program", "program=\"novice-full-body\""))?;
        let planned = self.load(&program)?;
        let planned = planned
            .as_ref()
            .as_ref()
            .map_err(|e| engine_refusal(&program, e))?;
        let mut levels = Vec::new();
        for level in crate::catalog::LEVELS {
            let plan = self.plan(&program, Some(level))?;
            let schedule = plan
                .as_ref()
                .as_ref()
                .map_err(|e| engine_refusal(&program, e))?;
            levels.push(schedule.clone());
        }
        self.views
            .program_card(
                &planned.loaded.input.program,
                &levels,
                self.program_url(&program),
            )
            .map_err(|e| (e, String::new()))
    }
}

/// The refusal for a program the engine could not load or plan (its own located error as a
/// note).
fn engine_refusal(program: &str, e: &Error) -> Refusal {
    let at = e.position().unwrap_or_default();
    (
        format!(
            "the program `{program}` cannot be planned: {} ({at})",
            e.message
        ),
        e.hint
            .clone()
            .unwrap_or_else(|| "fix the program file".into()),
    )
}

/// The argument `key`, if given.
fn arg<'a>(args: &'a [(String, Arg)], key: &str) -> Option<&'a Arg> {
    args.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// The text argument `key`, if given.
fn text_arg(args: &[(String, Arg)], key: &str) -> Result<Option<String>, Refusal> {
    match arg(args, key) {
        None => Ok(None),
        Some(Arg::Text(t)) => Ok(Some(t.clone())),
        Some(other) => Err(wrong(key, "text in quotes", other)),
    }
}

/// `history="novice"|"intermediate"|"advanced"`, if given.
fn level(args: &[(String, Arg)]) -> Result<Option<Level>, Refusal> {
    Ok(match text_arg(args, "history")?.as_deref() {
        None => None,
        Some("novice") => Some(Level::Novice),
        Some("intermediate") => Some(Level::Intermediate),
        Some("advanced") => Some(Level::Advanced),
        Some(other) => {
            return Err((
                format!("history `{other}` is not a training history"),
                "use `novice`, `intermediate` or `advanced`".into(),
            ));
        }
    })
}

/// An error unless every argument is one of `known`.
fn check_keys(name: &str, args: &[(String, Arg)], known: &[&str]) -> Result<(), Refusal> {
    match args.iter().find(|(k, _)| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some((k, _)) => Err((
            format!("`{name}` has no argument `{k}`"),
            format!("its arguments: {}", known.join(", ")),
        )),
    }
}

fn missing(name: &str, key: &str, example: &str) -> Refusal {
    (
        format!("`{name}` needs `{key}`"),
        format!("write `{name}({example})`"),
    )
}

fn wrong(key: &str, expected: &str, got: &Arg) -> Refusal {
    (
        format!("`{key}` must be {expected}, not {}", got.kind()),
        format!("write `{key}=` with {expected}"),
    )
}
