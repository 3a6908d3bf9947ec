//! The Programs section's pages: the section list, one page per program, and the printable plans.

use serde::Serialize;
use tera::Context;

use super::{Job, Stats};
use crate::catalog::{Catalog, ProgramEntry};
use crate::site::Site;
use deload_engine::plan::{Schedule, Week};

/// A program in the section list and on its page.
#[derive(Debug, Serialize)]
struct ProgramView<'a> {
    name: &'a str,
    description: &'a str,
    /// The first sentence of the description.
    summary: String,
    suits: Option<&'a str>,
    author: Option<&'a str>,
    units: String,
    /// "3 sessions a week" or "rotation A, B, C over 4 training days a week".
    frequency: String,
    /// Weeks in one pass through the blocks (with deloads, intermediate level).
    weeks: usize,
    permalink: String,
    blocks: Vec<BlockView<'a>>,
    plans: Vec<PlanLink>,
    sample_week: Option<&'a Week>,
    athletes: Vec<super::view::LinkView>,
}

#[derive(Debug, Serialize)]
struct BlockView<'a> {
    name: &'a str,
    weeks: u32,
    focus: &'a str,
}

#[derive(Debug, Serialize)]
struct PlanLink {
    level: &'static str,
    cadence_reason: String,
    weeks: usize,
    html_url: String,
    downloads: Vec<super::view::LinkView>,
}

#[derive(Debug, Serialize)]
struct AthleteView<'a> {
    name: &'a str,
    program: &'a str,
    permalink: String,
    start: String,
    end: String,
    level: &'static str,
    deload_every: u32,
}

#[derive(Debug, Serialize)]
struct SectionInfo<'a> {
    title: &'a str,
    description: &'static str,
    permalink: String,
}

/// The plan files offered for download beside each printable plan: (extension, link text).
const DOWNLOADS: &[(&str, &str)] = &[
    ("ics", "Calendar (.ics)"),
    ("csv", "Spreadsheet (.csv)"),
    ("json", "JSON"),
];

fn first_sentence(text: &str) -> String {
    let t = text.trim();
    match t.find(". ") {
        Some(i) => t[..=i].to_string(),
        None => t.to_string(),
    }
}

fn program_view<'a>(site: &Site, catalog: &'a Catalog, p: &'a ProgramEntry) -> ProgramView<'a> {
    let prog = &p.program;
    let frequency = match &prog.rotation {
        Some(r) => format!(
            "rotation {} over {} training days a week",
            r.join(", "),
            prog.sessions_per_week
        ),
        None => format!("{} sessions a week", prog.sessions_per_week),
    };
    let sample: Option<&Schedule> = p.plans.get(1).or(p.plans.first()).map(|(_, s)| s);
    ProgramView {
        name: &prog.name,
        description: &prog.description,
        summary: first_sentence(&prog.description),
        suits: prog.suits.as_deref(),
        author: prog.author.as_deref(),
        units: prog.units.to_string(),
        frequency,
        weeks: sample.map_or(0, |s| s.weeks.len()),
        permalink: site.permalink(&Catalog::program_path(&p.slug)),
        blocks: prog
            .blocks
            .iter()
            .map(|b| BlockView {
                name: &b.name,
                weeks: b.weeks,
                focus: &b.focus,
            })
            .collect(),
        plans: p
            .plans
            .iter()
            .map(|(level, s)| PlanLink {
                level: level.as_str(),
                cadence_reason: s.cadence_reason.clone(),
                weeks: s.weeks.len(),
                html_url: site.permalink(&Catalog::plan_path(&p.slug, *level, "html")),
                downloads: DOWNLOADS
                    .iter()
                    .map(|(ext, name)| super::view::LinkView {
                        name: (*name).to_string(),
                        url: site.permalink(&Catalog::plan_path(&p.slug, *level, ext)),
                    })
                    .collect(),
            })
            .collect(),
        sample_week: sample.and_then(|s| s.weeks.first()),
        athletes: catalog
            .athletes
            .iter()
            .filter(|a| a.program_slug.as_deref() == Some(p.slug.as_str()))
            .map(|a| super::view::LinkView {
                name: a.name.clone(),
                url: site.permalink(&Catalog::athlete_path(&a.slug)),
            })
            .collect(),
    }
}

/// Queues every page of the Programs section.
pub(super) fn jobs<'a>(
    site: &'a Site,
    catalog: &'a Catalog,
    jobs: &mut Vec<Job<'a>>,
    stats: &mut Stats,
) {
    let title = site.config.programs.title.as_str();
    let section = SectionInfo {
        title,
        description: "Periodised training programs with rest days and deload weeks built in, printable for every training history.",
        permalink: site.permalink(Catalog::PATH),
    };
    let programs: Vec<ProgramView> = catalog
        .programs
        .iter()
        .map(|p| program_view(site, catalog, p))
        .collect();
    let athletes: Vec<AthleteView> = catalog
        .athletes
        .iter()
        .map(|a| AthleteView {
            name: &a.name,
            program: &a.schedule.program,
            permalink: site.permalink(&Catalog::athlete_path(&a.slug)),
            start: a.schedule.start.to_string(),
            end: a.schedule.end.to_string(),
            level: a.schedule.level.as_str(),
            deload_every: a.schedule.deload_every,
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("section", &section);
    ctx.insert("programs", &programs);
    ctx.insert("athletes", &athletes);
    ctx.insert("current_path", Catalog::PATH);
    ctx.insert("current_url", &section.permalink);
    jobs.push(Job::template(
        super::file_for(Catalog::PATH),
        "programs/section.html",
        "the Programs section".into(),
        ctx,
    ));

    for (p, view) in catalog.programs.iter().zip(&programs) {
        let path = Catalog::program_path(&p.slug);
        let mut ctx = Context::new();
        ctx.insert("program", view);
        ctx.insert("current_path", &path);
        ctx.insert("current_url", &site.permalink(&path));
        jobs.push(Job::template(
            super::file_for(&path),
            "programs/program.html",
            p.file.display().to_string(),
            ctx,
        ));
        for (level, schedule) in &p.plans {
            let file = Catalog::plan_path(&p.slug, *level, "html")
                .trim_start_matches('/')
                .to_string();
            jobs.push(Job::Plan { file, schedule });
            for (ext, _) in DOWNLOADS {
                let file = Catalog::plan_path(&p.slug, *level, ext)
                    .trim_start_matches('/')
                    .to_string();
                jobs.push(Job::Export { file, schedule });
            }
            stats.plans += 1;
        }
    }
    for a in &catalog.athletes {
        jobs.push(Job::Plan {
            file: super::file_for(&Catalog::athlete_path(&a.slug)),
            schedule: &a.schedule,
        });
        stats.plans += 1;
    }
}
