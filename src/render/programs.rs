//! The Programs section's jobs: the section list, one page per program, and each program's
//! printable plans and downloads, and each athlete's printable plan.

use super::jobs::{Job, Jobs};
use super::view::ReportView;
use super::view::{ProgramContext, ProgramsSectionContext, TemplateContext};
use crate::catalog::{AthleteEntry, Catalog};
use crate::urls::{DOWNLOADS, file_for};
use deload_engine::replan::Progress;

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
        jobs.stats.plans += 1;
        if let Some(progress) = &a.progress {
            jobs.push(Job::Report {
                file: file_for(&Catalog::progress_path(&a.slug)),
                view: Box::new(progress_view(a, progress)),
            });
        }
    }
}

/// The context of `a`'s progress page: the report of the athlete file's training log, which
/// asks search engines not to index it (as the athlete's plan does).
fn progress_view<'a>(a: &'a AthleteEntry, progress: &'a Progress) -> ReportView<'a> {
    let s = &a.schedule;
    let logged = progress.weeks.last().map_or_else(String::new, |w| {
        format!(" · logged to the week of {}", w.start)
    });
    let mut view = ReportView::new(
        format!("Progress: {}", a.name),
        format!("{}{logged} · plan {} to {}", s.program, s.start, s.end),
        progress,
    );
    view.noindex = true;
    view
}
