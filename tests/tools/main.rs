//! The `deload` package's tests that need programs beyond Rust: a headless Chromium (browsers,
//! printed PDFs, the Planner page, live reload), poppler's `pdfinfo` and `pdftotext`, Java with
//! the Nu HTML checker, and Node (the Planner's WebAssembly module).
//!
//! Declared with `test = false` in Cargo.toml, so `cargo test --workspace` (what a machine with
//! only Rust runs) leaves this target out; `scripts/test` installs the programs and runs it with
//! `cargo test --test tools`. Here a missing program fails its test, saying how to install it:
//! nothing is skipped. The helpers are the `it` target's (`tests/it/support/`).

// `deload_engine::Error` is large by design (see the engine's lib.rs).
#![allow(clippy::result_large_err)]

mod browser;
mod html_check;
mod markdown_spec_nu;
mod pdf_sandbox;
mod plan_chart;
mod planner;
mod planner_browser;
mod planner_replan;
mod planner_replan_browser;
mod print_dense;
mod print_pdf;
mod programs_downloads;
mod programs_site;
mod replan_cli;
mod serve;
#[path = "../it/support/mod.rs"]
mod support;
