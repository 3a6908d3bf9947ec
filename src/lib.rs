//! deload: recovery guidance sites and periodised training plans with rest days and deload weeks
//! built in.
//!
//! The pipeline flows one way: load (files) → parse (front matter, Markdown, YAML) → model
//! ([`site::Site`]) → render (Tera, [`render`]) → write ([`output`], atomic publish).

pub mod build;
pub mod config;
pub mod content;
pub mod error;
pub mod fs;
pub mod markdown;
pub mod output;
pub mod render;
pub mod site;
pub mod yaml;

pub use error::{Error, Location, Result, Severity};
