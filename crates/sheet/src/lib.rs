//! The printed plan sheet of deload: a [`Schedule`](deload_engine::plan::Schedule) as one
//! self-contained, printable HTML document (stylesheet inlined, no external resources), rendered
//! through the `plan/*` Tera templates compiled into the crate.
//!
//! A site overrides any of those templates with its own `templates/plan/*` files: the caller
//! reads them and passes their sources in ([`Templates::new`]); the crate does no file I/O, so
//! it also builds for `wasm32-unknown-unknown` (without the default `rayon` feature, which
//! renders the weeks of a plan in parallel).
//!
//! ```no_run
//! # fn main() -> Result<(), deload_engine::error::Error> {
//! # let schedule: deload_engine::plan::Schedule = todo!();
//! let mut templates = deload_sheet::Templates::built_in()?;
//! # let config = ();
//! templates.set_global("config", &config);
//! let html = deload_sheet::to_html(&schedule, &templates, "https://example.org/")?;
//! # Ok(()) }
//! ```
//!
//! Modules, lowest layer first (each names only modules of lower layers; tests/it/layers.rs
//! checks it): `cells`, [`context`], [`errors`], [`layout`] and [`words`] (a set line's cells
//! as HTML; a view struct as Tera's context; Tera's errors located in the template files; how
//! dense a week is, and so how it is laid out; the sheet's words in the plan's language);
//! `templates`, [`view`] and [`report`] (the compiled templates; the values the templates see;
//! the progress report's charts and values); `print` (the document).

#![warn(missing_docs)]
// `Error` carries its location, source line and hint by design; errors are the cold path.
#![allow(clippy::result_large_err)]

mod cells;
pub mod context;
pub mod errors;
pub mod layout;
mod print;
pub mod report;
mod templates;
pub mod view;
pub mod words;

pub use print::{Options, to_html, to_html_with};
pub use templates::{BUILT_IN, Override, PLAN_CSS, PLAN_TEMPLATE, Templates, WEEK_TEMPLATE};
pub use words::Words;
