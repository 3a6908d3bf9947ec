//! deload: recovery guidance sites and periodised training plans with rest days and deload weeks
//! built in.
//!
//! The pipeline flows one way: load (files) → parse (front matter, Markdown, YAML) → model
//! ([`site::Site`], [`programs::Program`]) → plan ([`plan::Schedule`], pure) → render (Tera) →
//! write ([`output`], atomic publish).

// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod plan;
pub mod programs;
pub mod yaml;

pub use error::{Error, Location, Result, Severity};
