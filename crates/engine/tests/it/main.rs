//! The engine's integration tests, through its public API only: the shipped programs and athletes
//! planned and checked against every domain rule, bad input, the exports read back with real
//! parsers, training-log import, and property tests. Tests that run the `deload` binary or build a
//! site are in the `deload` package's `tests/it/`.

// `deload_engine::Error` is large by design (see the crate's lib.rs).
#![allow(clippy::result_large_err)]

mod intensity;
mod issue24;
mod limits;
mod load_model;
mod max_evidence;
mod plan_engine;
mod plan_errors;
mod plan_exports;
mod plan_props;
mod props;
mod replan;
mod rule9_effort;
mod sanity;
mod support;
mod training_log;
mod warmups;
