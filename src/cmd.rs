//! Orchestration of each subcommand: call the library, print the outcome, pick the exit code.

/// `println!` that does not panic when standard output is closed (`deload build | head -1`):
/// the reader has gone, so there is no one left to tell, and the command ends as it would have.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that does not panic when standard error is closed (see [`say`]).
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub(crate) mod build;
mod fold;
pub(crate) mod history;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod plan;
pub(crate) mod replan;
pub(crate) mod serve;

use std::io::IsTerminal;

use deload_engine::text::s;
use deload_engine::{Error, Severity};

/// `--start` of `plan` and `replan`: the plan's first day, `YYYY-MM-DD`, when given.
pub(crate) fn start(arg: Option<&str>) -> Result<Option<jiff::civil::Date>, Error> {
    arg.map(|s| {
        s.parse::<jiff::civil::Date>().map_err(|_| {
            Error::new(format!("--start `{s}` is not a valid date"))
                .with_hint("write it as YYYY-MM-DD, for example 2027-01-04")
        })
    })
    .transpose()
}

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

/// Prints diagnostics to stderr with a snippet and a caret, repeats folded into one (see
/// [`fold::repeats`]). Returns how many were printed.
pub(crate) fn print_diagnostics(errors: &[Error], severity: Severity) -> usize {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let folded = fold::repeats(errors);
    for e in &folded {
        tell!("{}\n", e.render(severity, color));
    }
    folded.len()
}

/// Prints errors and a one-line failure summary; returns exit code 1.
pub(crate) fn fail(errors: &[Error], what: &str) -> i32 {
    let shown = print_diagnostics(errors, Severity::Error);
    let n = errors.len();
    if shown == n {
        tell!("{what} failed with {n} error{}", s(count(n)));
    } else {
        tell!(
            "{what} failed with {shown} distinct error{} ({n} in all)",
            s(count(shown))
        );
    }
    1
}
