//! `deload build` and `deload check`.

use deload_engine::Severity;
use deload_publish::build::Publication;
use deload_publish::build::{self, BuildOptions, Report};

use super::{Verbosity, fail, print_diagnostics};
use std::path::{Path, PathBuf};

use crate::cli::{BuildArgs, CheckArgs};

fn summary(r: &Report, verb: &str) -> String {
    let s = &r.stats;
    format!(
        "{verb} {} pages, {} sections, {} tags, {} plans in {} ms",
        s.pages,
        s.sections,
        s.terms,
        s.plans,
        r.elapsed.as_millis()
    )
}

/// What `build -v` says about the output folder.
fn publication_line(files: usize, p: &Publication) -> String {
    let mut line = format!(
        "{files} files: {} written, {} unchanged (not rewritten)",
        p.written, p.unchanged
    );
    if p.removed > 0 {
        line.push_str(&format!(", {} removed", p.removed));
    }
    if p.kept > 0 {
        line.push_str(&format!(", {} not deload's kept", p.kept));
    }
    if !p.swapped {
        line.push_str("; nothing changed, the output was left as it was");
    }
    line
}

/// What `build` says when nothing changed since the last build.
fn up_to_date_line(r: &Report, out: &std::path::Path) -> String {
    let mut line = format!(
        "Up to date: {} → {} (nothing changed since the last build; --force rebuilds)",
        summary(r, "checked").replacen("checked ", "", 1),
        out.display()
    );
    let warnings = r.up_to_date.unwrap_or(0);
    if warnings > 0 {
        line.push_str(&format!(
            "\n{warnings} warning{} at the last build: run with --force to see {}",
            deload_engine::text::s(warnings),
            if warnings == 1 { "it" } else { "them" }
        ));
    }
    line
}

/// How many of `diagnostics` are broken links (of pages, anchors, the menu), and in how many
/// files: one line, so a run's broken links are counted whatever else it reports.
fn broken_links_line(diagnostics: &[deload_engine::Error], kind: &str) -> Option<String> {
    let broken: Vec<&deload_engine::Error> = (diagnostics.iter())
        .filter(|e| {
            [
                "broken link",
                "broken internal link",
                "broken anchor",
                "menu link",
            ]
            .iter()
            .any(|p| e.message.starts_with(p))
        })
        .collect();
    if broken.is_empty() {
        return None;
    }
    let mut files: Vec<_> = broken.iter().filter_map(|e| e.path.as_ref()).collect();
    files.sort();
    files.dedup();
    let (n, f) = (broken.len(), files.len());
    Some(format!(
        "{n} broken link{} ({kind}) in {f} file{}",
        deload_engine::text::s(super::count(n)),
        deload_engine::text::s(super::count(f))
    ))
}

/// Runs `deload build`.
pub(crate) fn build(args: &BuildArgs, v: Verbosity) -> i32 {
    let out = out_dir(args);
    let opts = BuildOptions {
        root: args.root.clone(),
        out: out.clone(),
        drafts: args.drafts,
        future: args.future,
        expired: args.expired,
        base_url: args.base_url.clone(),
        relative_urls: args.relative_urls,
        force: args.force,
        strict: args.strict,
    };
    match build::build(&opts) {
        Ok(report) if report.up_to_date.is_some() => {
            if v != Verbosity::Quiet {
                say!("{}", up_to_date_line(&report, &out));
            }
            0
        }
        Ok(report) => {
            if v != Verbosity::Quiet {
                print_diagnostics(&report.warnings, Severity::Warning);
                if let Some(line) = broken_links_line(&report.warnings, "warnings") {
                    say!("{line}");
                }
                say!("{} → {}", summary(&report, "Built"), out.display());
                if v == Verbosity::Verbose {
                    if let Some(p) = &report.publication {
                        say!("{}", publication_line(report.stats.files, p));
                    }
                    if let Some((hits, rendered)) = report.cached {
                        say!("Markdown: {hits} pages from the page cache, {rendered} rendered");
                    }
                    if let Some(what) = &report.rebuilt {
                        say!("only what changed was rendered: {what} (--force renders everything)");
                    }
                    for (phase, t) in &report.phases {
                        say!("  {phase}: {} ms", t.as_millis());
                    }
                }
            }
            0
        }
        Err(errors) => {
            let code = fail(&errors, "build");
            if let Some(line) = broken_links_line(&errors, "errors") {
                tell!("{line}");
            }
            code
        }
    }
}

/// Where `build` writes: `--out` as given (relative to the folder deload runs in), else `public`
/// in the site's folder, as Zola's `output_dir` is.
fn out_dir(args: &BuildArgs) -> PathBuf {
    match &args.out {
        Some(out) => out.clone(),
        None if args.root == Path::new(".") => PathBuf::from("public"),
        None => args.root.join("public"),
    }
}

/// Runs `deload check`.
pub(crate) fn check(args: &CheckArgs, v: Verbosity) -> i32 {
    let external = args.external.then(|| build::ExternalOptions {
        timeout: args.timeout,
        deadline: args.deadline,
        per_host: usize::from(args.per_host),
        ..build::ExternalOptions::default()
    });
    let include = build::Include {
        drafts: args.drafts,
        future: args.future,
        expired: args.expired,
    };
    match build::check_with(&args.root, include, external.as_ref(), args.strict) {
        Ok(report) => {
            if v != Verbosity::Quiet {
                print_diagnostics(&report.warnings, Severity::Warning);
                if let Some(line) = broken_links_line(&report.warnings, "warnings") {
                    say!("{line}");
                }
                say!("{}; nothing written", summary(&report, "Checked"));
            }
            0
        }
        Err(errors) => {
            let code = fail(&errors, "check");
            if let Some(line) = broken_links_line(&errors, "errors") {
                tell!("{line}");
            }
            code
        }
    }
}
