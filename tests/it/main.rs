//! The `deload` package's integration tests, one binary: fixture sites built and looked at as a
//! user would, the command line, `deload serve`, real browsers and checkers, and checks of the
//! repository itself (README examples, function lengths). The engine's own tests, through its
//! public API only, are in `crates/engine/tests/it/`.

// `deload_engine::Error` is large by design (see the engine's lib.rs).
#![allow(clippy::result_large_err)]

mod athlete_privacy;
mod browser;
mod build_attacks;
mod cli_attacks;
mod confinement;
mod content_features;
mod expected_output;
mod external_links;
mod fn_length;
mod fresh;
mod hardening;
mod history_cli;
mod hostile_inputs;
mod html_check;
mod layers;
mod limits;
mod log_attacks;
mod markdown_export;
mod markdown_spec;
mod md_links;
mod nonsense_cli;
mod owned_state;
mod pdf_sandbox;
mod plan_cli;
mod planner;
mod planner_browser;
mod print_dense;
mod print_pdf;
mod programs_downloads;
mod programs_site;
mod props;
mod publish;
mod readme;
mod replan_cli;
mod serve;
#[cfg(target_os = "linux")]
mod serve_attacks;
mod serve_load;
mod site_and_cli_agree;
mod site_build;
mod site_errors;
mod site_features;
mod support;
mod xml_escaping;
