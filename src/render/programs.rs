//! The Programs section's jobs: the section list, one page per program, and each program's
//! printable plans and downloads, and each published athlete's printable plan and downloads.

use super::jobs::{Job, Jobs};
use super::view::{ProgramContext, ProgramsSectionContext, TemplateContext};
use crate::catalog::Catalog;
use crate::urls::{DOWNLOADS, file_for};

/// Queues every page of the Programs section.
pub(super) fn jobs<'a>(jobs: &mut Jobs<'a, '_, '_>, catalog: &'a Catalog) {
    let site = jobs.site;
    let programs = super::view::program_values(site, catalog);
    let ctx = ProgramsSectionContext::new(site, catalog, &programs);
    jobs.push_template(
        Catalog::PATH,
        "programs/section.html",
        "the Programs section".into(),
        TemplateContext::ProgramsSection(ctx),
    );
    for (p, program) in catalog.programs.iter().zip(programs) {
        let path = Catalog::program_path(&p.slug);
        let what = p.file.display().to_string();
        let ctx = TemplateContext::Program(ProgramContext::new(site, path.clone(), program));
        jobs.push_template(&path, "programs/program.html", what, ctx);
        for (level, schedule) in &p.plans {
            let file = |ext: &str| file_for(&Catalog::plan_path(&p.slug, *level, ext));
            jobs.push(Job::Plan {
                file: file("html"),
                schedule,
                noindex: false,
                coach: None,
            });
            for ext in DOWNLOADS {
                jobs.push(Job::Export {
                    file: file(ext),
                    schedule,
                });
            }
            jobs.stats.plans += 1;
        }
    }
    for a in &catalog.athletes {
        jobs.push(Job::Plan {
            file: file_for(&Catalog::athlete_path(&a.slug)),
            schedule: &a.schedule,
            noindex: true,
            coach: a.coach.as_deref(),
        });
        for ext in DOWNLOADS {
            jobs.push(Job::Export {
                file: file_for(&Catalog::athlete_download_path(&a.slug, ext)),
                schedule: &a.schedule,
            });
        }
        jobs.stats.plans += 1;
    }
}
