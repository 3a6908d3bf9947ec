//! deload: recovery guidance sites and periodised training plans with rest days and deload weeks
//! built in.
//!
//! The pipeline flows one way: load (files) → parse (front matter, Markdown, YAML) → model
//! ([`site::Site`], [`programs::Program`]) → plan ([`plan::Schedule`], pure) → render (Tera) →
//! write ([`output`], atomic publish).

pub mod error;
pub mod yaml;

pub use error::{Error, Location, Result, Severity};
