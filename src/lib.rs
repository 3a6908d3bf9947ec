//! deload: recovery guidance sites and periodised training plans with rest days and deload weeks
//! built in.
//!
//! The pipeline flows one way: load (files) → parse (front matter, Markdown, YAML) → model
//! ([`site::Site`], [`programs::PlanInput`]) → plan ([`plan::plan`], pure) → render (Tera,
//! [`render`]) → write ([`output`], atomic publish).

// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod catalog;
pub mod config;
pub mod content;
pub mod error;
pub mod export;
pub mod fs;
pub mod markdown;
pub mod oneshot;
pub mod output;
pub mod plan;
pub mod programs;
pub mod render;
pub mod serve;
pub mod site;
pub mod traininglog;
pub mod yaml;

pub use error::{Error, Location, Result, Severity};
