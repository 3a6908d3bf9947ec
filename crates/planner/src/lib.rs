//! deload-planner: the plan engine behind a small byte-string interface, for the site's Planner
//! page, where it runs compiled to WebAssembly in the reader's browser.
//!
//! A request is JSON text: the program files (path → YAML text, the program and every file its
//! `extends:` chain names), an athlete file the page wrote from its form, today's date and the
//! calendar options. The planner holds those files in memory
//! ([`deload_engine::fs::with_memory_files`]) and plans the athlete file through
//! [`deload_engine::pipeline::plan_file`], the one path `deload plan` takes, so the plan and
//! every error message are the ones the command line gives for the same files: the athlete file
//! is at [`ATHLETE_PATH`] and the programs beside its folder, as in a site's `programs/`.
//!
//! The answer is JSON text too ([`Answer`]): the plan in every export format and, when the
//! request carries the site's `Sheet` settings, as the printed sheet (`deload-sheet`, the HTML
//! `deload plan --format html` writes); or the error with
//! its line in the athlete file, which the page maps back to the form field it wrote there.
//! The page asks for the plan without its sheet and then for the last plan's sheet
//! ([`sheet_json`]): the plan is on screen before the printable pages are laid out.
//!
//! A re-plan request ([`ReplanRequest`]) adds the athlete's training log: the planner re-plans it
//! through [`deload_engine::pipeline::replan_file`], the path `deload replan` takes, and answers
//! with the progress report (HTML and JSON) and the re-planned weeks in every format
//! ([`ReplanAnswer`]), byte for byte what `deload replan` writes.
//!
//! [`abi`] exports the functions the page's JavaScript calls (plain `extern "C"`, strings passed
//! as pointer and length in the module's memory); they build on every target, so the host's
//! tests and lints cover them.

#![warn(missing_docs)]
#![allow(clippy::result_large_err)]

pub mod abi;
mod replan;
mod request;
pub mod sources;

pub use replan::{LogFile, ReplanAnswer, ReplanRequest, Report, replan, replan_json};
pub use request::{
    ATHLETE_PATH, Answer, Outputs, PlanError, Planned, ROOT, Request, Said, Sheet, SheetAnswer,
    plan, plan_json, sheet, sheet_json,
};
