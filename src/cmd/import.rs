//! `deload import`.

use deload_import::{self as import, Generator};

use super::{Verbosity, fail};
use crate::cli::{FromArg, ImportArgs};

/// Runs `deload import`: the summary on stdout, then every note (file:line, construct, what was
/// done), so nothing the import could not carry over goes unsaid.
pub(crate) fn import(args: &ImportArgs, v: Verbosity) -> i32 {
    let from = match args.from {
        FromArg::Hugo => Generator::Hugo,
        FromArg::Jekyll => Generator::Jekyll,
        FromArg::Zola => Generator::Zola,
    };
    match import::import(from, &args.src, &args.dest, args.dry_run) {
        Ok(report) => {
            let verb = if args.dry_run {
                "Would import"
            } else {
                "Imported"
            };
            if v != Verbosity::Quiet || args.dry_run {
                say!(
                    "{verb} a {} site: {} pages, {} files copied → {}",
                    from.name(),
                    report.pages,
                    report.copied,
                    args.dest.display()
                );
            }
            if !report.notes.is_empty() {
                say!(
                    "{} thing{} not carried over as they were (file:line: construct: what was done):",
                    report.notes.len(),
                    if report.notes.len() == 1 { "" } else { "s" }
                );
                for n in &report.notes {
                    say!("  {n}");
                }
            }
            if !args.dry_run && v != Verbosity::Quiet {
                say!("Next: cd {} && deload build", args.dest.display());
            }
            0
        }
        Err(errors) => fail(&errors, "import"),
    }
}
