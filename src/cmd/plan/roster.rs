//! A roster in one command: `deload plan programs/athletes/ -o plans/` (a folder, or several
//! files) plans every file, writes one file per plan and format into the `-o` folder, and an
//! `index.html` listing them. All PDFs are printed by one browser process.

use std::path::{Path, PathBuf};

use deload_engine::Severity;
use deload_engine::error::Error;
use deload_engine::text::escape_attr;

use super::{Format, Planned, plan_one, setup, stem_of, write_all};
use crate::cli::{FormatArg, PlanArgs};
use crate::cmd::{Verbosity, fail, print_diagnostics};

/// Whether `files` is a roster: several files, or a folder.
pub(super) fn is_roster(files: &[PathBuf]) -> bool {
    files.len() > 1 || files.first().is_some_and(|f| f.is_dir())
}

/// Runs `deload plan` on a roster.
pub(super) fn run(args: &PlanArgs, v: Verbosity) -> i32 {
    match write_roster(args) {
        Ok((written, warnings)) => {
            if v != Verbosity::Quiet {
                print_diagnostics(&warnings, Severity::Warning);
                let n = written.len();
                tell!("Wrote {n} file{}", if n == 1 { "" } else { "s" });
                if v == Verbosity::Verbose {
                    for p in &written {
                        tell!("  {}", p.display());
                    }
                }
            }
            0
        }
        Err(errors) => fail(&errors, "plan"),
    }
}

/// The program and athlete files of `args`: each file as given, each folder's `*.yaml` and
/// `*.yml` files (not its subfolders), sorted.
fn roster_files(args: &PlanArgs) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    for f in &args.files {
        if !f.is_dir() {
            out.push(f.clone());
            continue;
        }
        let mut found = Vec::new();
        let entries = std::fs::read_dir(f).map_err(|e| Error::io(f, "read the folder", &e))?;
        for entry in entries {
            let path = entry
                .map_err(|e| Error::io(f, "read the folder", &e))?
                .path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
            if yaml && !name.starts_with('.') && path.is_file() {
                found.push(path);
            }
        }
        if found.is_empty() {
            return Err(Error::new(format!("{} holds no .yaml files", f.display()))
                .with_hint("give a folder of athlete or program files, like programs/athletes/"));
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

/// Plans every file and writes the roster; returns the files written and the warnings, or
/// every error (nothing is written when a file fails).
fn write_roster(args: &PlanArgs) -> Result<(Vec<PathBuf>, Vec<Error>), Vec<Error>> {
    let dir = args.output.as_deref().ok_or_else(|| {
        vec![
            Error::new("a roster (several files or a folder) writes one file per plan")
                .with_hint("add -o FOLDER, for example -o plans/"),
        ]
    })?;
    let files = roster_files(args).map_err(|e| vec![e])?;
    let (plans, mut warnings) = plan_every(args, &files)?;
    let setup = setup(args).map_err(|e| vec![e])?;
    let formats = args.format.formats();
    warnings.extend(setup.link_warning(&formats));
    let all = args.format == FormatArg::All;
    let named: Vec<(String, &Planned)> = plans.iter().map(|(n, p)| (n.clone(), p)).collect();
    let (mut written, pdf_skipped) =
        write_all(&setup, &named, &formats, dir, all).map_err(|e| vec![e])?;
    warnings.extend(pdf_skipped);
    let index = dir.join("index.html");
    deload_site::fs::write_atomic(&index, index_html(&plans, &written, dir).as_bytes())
        .map_err(|e| vec![e])?;
    written.push(index);
    Ok((written, warnings))
}

/// Every plan of a roster, `(file stem, schedule)`, with the warnings.
type Roster = (Vec<(String, Planned)>, Vec<Error>);

/// Plans every file: `(file stem, schedule)` and the warnings, or every error. Two files with the
/// same stem would write the same files: an error.
fn plan_every(args: &PlanArgs, files: &[PathBuf]) -> Result<Roster, Vec<Error>> {
    let mut plans: Vec<(String, Planned)> = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let stem = stem_of(file);
        if plans.iter().any(|(s, _)| *s == stem) {
            errors.push(
                Error::new(format!("two files of the roster are named `{stem}`"))
                    .in_file(file)
                    .with_hint("rename one: each plan's files are named after its file"),
            );
            continue;
        }
        match plan_one(args, file) {
            Ok((plan, w)) => {
                plans.push((stem, plan));
                warnings.extend(w);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok((plans, warnings))
    } else {
        Err(errors)
    }
}

/// The roster's `index.html`: each plan with its dates and a link to each of its files.
fn index_html(plans: &[(String, Planned)], written: &[PathBuf], dir: &Path) -> String {
    let mut rows = String::new();
    for (stem, plan) in plans {
        let s = &plan.schedule;
        let who = s.athlete.as_deref().unwrap_or(&s.program);
        let links: Vec<String> = Format::ALL
            .iter()
            .filter_map(|f| {
                let name = format!("{stem}.{}", f.ext());
                written
                    .contains(&dir.join(&name))
                    .then(|| format!("<a href=\"{0}\">{1}</a>", escape_attr(&name), f.ext()))
            })
            .collect();
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{} to {}</td><td>{}</td></tr>\n",
            escape_attr(who),
            escape_attr(&s.program),
            s.start,
            s.end,
            links.join(" · ")
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"robots\" content=\"noindex\">\n<title>Plans</title>\n<style>body{{font-family:system-ui,sans-serif;margin:2rem}}table{{border-collapse:collapse}}th,td{{border:1px solid #999;padding:.3rem .6rem;text-align:left}}</style>\n</head>\n<body>\n<h1>Plans</h1>\n<table>\n<thead><tr><th scope=\"col\">Athlete</th><th scope=\"col\">Program</th><th scope=\"col\">Dates</th><th scope=\"col\">Files</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</body>\n</html>\n"
    )
}
