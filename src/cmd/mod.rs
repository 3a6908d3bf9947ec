//! Orchestration of each subcommand: call the library, print the outcome, pick the exit code.

pub(crate) mod build;
pub(crate) mod history;
pub(crate) mod init;
pub(crate) mod plan;
pub(crate) mod serve;

use std::io::IsTerminal;

use deload_engine::text::s;
use deload_engine::{Error, Severity};

/// How chatty to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, warnings and a summary.
    Normal,
    /// Also timings and detail.
    Verbose,
}

/// A count as the `i64` the plural helpers of [`deload_engine::text`] take (a count of things
/// in memory always fits).
pub(crate) fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Prints diagnostics to stderr with a snippet and a caret.
pub(crate) fn print_diagnostics(errors: &[Error], severity: Severity) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for e in errors {
        eprintln!("{}\n", e.render(severity, color));
    }
}

/// Prints errors and a one-line failure summary; returns exit code 1.
pub(crate) fn fail(errors: &[Error], what: &str) -> i32 {
    print_diagnostics(errors, Severity::Error);
    let n = errors.len();
    eprintln!("{what} failed with {n} error{}", s(count(n)));
    1
}
