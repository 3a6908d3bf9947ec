//! deload: recovery guidance sites and periodised training plans with rest days and deload weeks
//! built in.
//!
//! This crate is the site generator and the command line; the plan engine (programs, athlete
//! files, training logs, plans and their data exports) is the `deload-engine` crate, which knows
//! nothing of the site.
//!
//! The pipeline flows one way, and imports point the same way: load ([`config`], [`content`],
//! `catalog`) → parse ([`markdown`], `search`) → model (`site::Site`) → render
//! ([`render`], including the printed plan; templates see only `render::view`) → write
//! (`output`, atomic publish) → [`serve`], [`build`] and the commands. Only what the `deload`
//! binary, the benchmarks, the fuzz targets and the integration tests use is public.

#![warn(missing_docs)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod build;
mod catalog;
pub mod config;
pub mod content;
pub mod fs;
mod links;
pub mod markdown;
pub mod oneshot;
mod output;
pub mod render;
mod search;
pub mod serve;
mod shortcodes;
mod site;
mod templates;
mod urls;
