//! The `deload` binary: parse arguments, run the command, exit with its code.

// deload's `Error` is large on purpose (location, source line, hint); see lib.rs.
#![allow(clippy::result_large_err)]

mod cli;
mod cmd;

use clap::Parser;

use cli::{Cli, Command};
use cmd::Verbosity;

/// mimalloc: the build allocates many small strings and maps on two threads; with glibc malloc
/// a sixth of a 10,000-page build went to its free lists (perf). Built without transparent huge
/// pages (`no_thp`): with them, the kernel zeroing fresh 2 MiB pages took a third of the build's
/// CPU time and peak memory was 20 % higher.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = Cli::parse();
    let v = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    // the preview server gives what mimalloc holds free back to the OS after connections end
    // SAFETY: mi_collect takes no pointers and may be called from any thread at any time.
    deload_serve::http::set_memory_release(|| unsafe { libmimalloc_sys::mi_collect(true) });
    if matches!(cli.command, Command::Build(_) | Command::Check(_)) {
        // the process exits right after: the OS takes the build's memory back at once
        deload_site::oneshot::set();
    }
    let code = match &cli.command {
        Command::Build(a) => cmd::build::build(a, v),
        Command::Check(a) => cmd::build::check(a, v),
        Command::Init(a) => cmd::init::init(a, v),
        Command::Plan(a) => cmd::plan::plan(a, v),
        Command::History(a) => cmd::history::history(a, v),
        Command::Replan(a) => cmd::replan::replan(a, v),
        Command::Serve(a) => cmd::serve::serve(a, v),
        Command::Import(a) => cmd::import::import(a, v),
    };
    std::process::exit(code);
}
