//! deload-engine: training programs, athlete files and training logs in; dated, periodised plans
//! with rest days and deload weeks out, in JSON, CSV, iCalendar and Markdown.
//!
//! The engine knows nothing of the site: no templates, no Markdown, no file watching, no HTTP.
//! Data flows one way:
//!
//! 1. [`programs`] reads program and athlete files (YAML) into validated types;
//! 2. [`traininglog`] reads training-log exports and derives a training history from them;
//! 3. [`plan`] turns a [`programs::PlanInput`] into a [`plan::Schedule`]; it is pure (no I/O, no
//!    clock);
//! 4. [`replan`] matches a plan to a training log and plans the weeks still to come again from
//!    what was lifted (updated maxes, rep targets, an earlier deload), with a progress report;
//! 5. [`export`] writes a schedule as JSON, CSV, iCalendar or Markdown, and [`chart`] draws it as
//!    a periodisation chart (SVG).
//!
//! [`pipeline`] is the one path through them that every caller uses: a program or athlete
//! file, an optional training log and options in; the schedule with its warnings out.
//!
//! [`error::Error`] carries a file, line, column and hint; [`text`] holds the text helpers every
//! output shares.

#![warn(missing_docs)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod chart;
pub mod error;
pub mod export;
pub mod fs;
pub mod limits;
pub mod message;
pub mod pipeline;
pub mod plan;
pub mod programs;
pub mod replan;
pub mod size;
pub mod text;
pub mod traininglog;
pub mod yaml;

pub use error::{Error, Location, Severity};
