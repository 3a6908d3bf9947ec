//! The Programs section's jobs: the section list, one page per program, and each program's
//! printable plans and downloads, and each published athlete's printable plan and downloads.

use super::view::{
    PlannerContext, ProgramContext, ProgramsSectionContext, ReportView, TemplateContext,
};
use crate::job::{Job, Jobs};
use deload_engine::replan::Progress;
use deload_site::catalog::{AthleteEntry, Catalog};
use deload_site::urls::{DOWNLOADS, file_for};

/// Queues every page of the Programs section.
pub(super) fn jobs<'a>(jobs: &mut Jobs<'a, '_, '_>, catalog: &'a Catalog) {
    let site = jobs.site;
    let programs = super::view::program_values(site, catalog);
    let ctx = ProgramsSectionContext::new(site, catalog, &programs);
    if catalog.planner {
        planner_jobs(jobs, catalog, &programs);
    }
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
                language: None,
            });
            for ext in DOWNLOADS {
                jobs.push(Job::Export {
                    file: file(ext),
                    schedule,
                    language: None,
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
            language: a.language.as_deref(),
        });
        for ext in DOWNLOADS {
            jobs.push(Job::Export {
                file: file_for(&Catalog::athlete_download_path(&a.slug, ext)),
                schedule: &a.schedule,
                language: a.language.as_deref(),
            });
        }
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

/// Queues the Planner page (in each of the site's languages), its script and the planner's
/// WebAssembly module (also as a script, for a page opened from a file).
fn planner_jobs(jobs: &mut Jobs<'_, '_, '_>, catalog: &Catalog, programs: &[tera::Value]) {
    use deload_site::planner::{MODULE, PATH, SCRIPT, module_script};
    match PlannerContext::all(jobs.site, jobs.templates, catalog, programs) {
        Ok(pages) => {
            for (i, (path, ctx)) in pages.into_iter().enumerate() {
                let what = match i {
                    0 => "the Planner page".to_string(),
                    _ => format!("the Planner page at {path}"),
                };
                let ctx = TemplateContext::Planner(ctx);
                jobs.push_template(&path, "programs/planner.html", what, ctx);
            }
        }
        Err(e) => jobs.errors.push(e),
    }
    let asset = |name: &str, bytes: std::borrow::Cow<'static, [u8]>| Job::Asset {
        file: format!("{}{name}", PATH.trim_start_matches('/')),
        bytes,
    };
    jobs.push(asset("planner.js", SCRIPT.as_bytes().into()));
    jobs.push(asset("planner.wasm", MODULE.into()));
    let worker = deload_site::planner::OFFLINE_WORKER.trim_start_matches('/');
    if jobs.wants(worker) {
        jobs.push(Job::Asset {
            file: worker.to_string(),
            bytes: super::offline::worker_script(&jobs.site.config)
                .into_bytes()
                .into(),
        });
    }
    if jobs.wants(&format!("{}planner-wasm.js", PATH.trim_start_matches('/'))) {
        jobs.push(asset(
            "planner-wasm.js",
            module_script().into_bytes().into(),
        ));
    }
}
