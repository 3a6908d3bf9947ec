//! The `deload` package's integration tests, one binary: fixture sites built and looked at as a
//! user would, the command line, `deload serve`, and checks of the repository itself (README and
//! manual examples, the manual's build, function lengths). They need nothing but Rust. The tests
//! that need Chromium, poppler, Java or Node are the `tools` target (`tests/tools/`), which
//! `scripts/test` runs; the engine's own tests, through its public API only, are in
//! `crates/engine/tests/it/`.

// `deload_engine::Error` is large by design (see the engine's lib.rs).
#![allow(clippy::result_large_err)]

mod athlete_privacy;
mod build_attacks;
mod citations;
mod cli_attacks;
mod confinement;
mod content_features;
mod content_rules;
mod crawler;
mod expected_output;
mod external_links;
mod extras;
mod findable;
mod fn_length;
mod fresh;
mod hardening;
mod history_cli;
mod hostile_inputs;
mod import;
mod incremental;
mod layers;
mod lenient;
mod limits;
mod log_attacks;
mod manual;
mod markdown_export;
mod markdown_spec;
mod md_links;
mod multilingual;
mod nonsense_cli;
mod owned_state;
mod plan_cli;
mod print_pdf;
mod printed_sheet;
mod printed_sheet_languages;
mod programs_downloads;
mod programs_site;
mod props;
mod publish;
mod readme;
mod relative_urls;
mod replan_cli;
mod serve;
#[cfg(target_os = "linux")]
mod serve_attacks;
mod serve_load;
mod sibling_cycles;
mod site_and_cli_agree;
mod site_build;
mod site_errors;
mod site_features;
mod support;
mod urls_as_expected;
mod xml_escaping;
