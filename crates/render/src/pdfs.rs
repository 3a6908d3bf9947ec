//! The published plans as PDF (site.yaml's `programs.pdf`): every program plan and published
//! athlete plan printed by one headless Chromium, found when the site was loaded, after the rest
//! of the site is rendered. The sheet is rendered again for it, which costs a few milliseconds a
//! plan against Chromium's second and a half.

use super::sink::Sink;
use deload_engine::error::Error;
use deload_engine::plan::Schedule;
use deload_pdf::{self as pdf, Document, Paper};
use deload_site::catalog::{Catalog, Pdf};
use deload_site::site::Site;
use deload_site::templates::Templates;
use deload_site::urls::file_for;

/// One plan to print: its output file, its plan, its coach.
struct Print<'a> {
    file: String,
    schedule: &'a Schedule,
    noindex: bool,
    coach: Option<&'a str>,
    language: Option<&'a str>,
}

/// Prints every published plan of `site` to PDF into `sink`, when its catalog asks for it and a
/// browser was found. Returns the number of files written.
pub(super) fn write(site: &Site, templates: &Templates, sink: &dyn Sink) -> Result<usize, Error> {
    let Some(catalog) = &site.catalog else {
        return Ok(0);
    };
    let Pdf::Browser(browser) = &catalog.pdf else {
        return Ok(0);
    };
    let plans = plans(catalog);
    let mut html = Vec::with_capacity(plans.len());
    let mut names = Vec::with_capacity(plans.len());
    for p in &plans {
        names.push(format!("{} ({})", pdf::plan_name(p.schedule), p.file));
        let words = crate::plan::words(site, p.language);
        let opts = deload_sheet::Options {
            site_url: &site.config.base_url,
            noindex: p.noindex,
            coach: p.coach,
            words: Some(&words),
        };
        html.push(deload_sheet::to_html_with(
            p.schedule,
            templates.sheet(),
            &opts,
        )?);
    }
    let docs: Vec<Document<'_>> = (html.iter().zip(&names).zip(&plans))
        .map(|((h, name), p)| Document {
            html: h,
            author: p.coach.unwrap_or(""),
            name,
        })
        .collect();
    let pdfs = pdf::print(browser, &docs, Paper::Letter)
        .map_err(|e| pdf::naming_sheet_files(e, &templates.sheet().site_files()))?;
    for (bytes, p) in pdfs.iter().zip(&plans) {
        sink.write(&p.file, bytes)?;
    }
    Ok(pdfs.len())
}

/// Every published plan of `catalog` with its PDF's output file.
fn plans(catalog: &Catalog) -> Vec<Print<'_>> {
    let mut out = Vec::new();
    for p in &catalog.programs {
        for (level, schedule) in &p.plans {
            out.push(Print {
                file: file_for(&Catalog::plan_path(&p.slug, *level, "pdf")),
                schedule,
                noindex: false,
                coach: None,
                language: None,
            });
        }
    }
    for a in &catalog.athletes {
        out.push(Print {
            file: file_for(&Catalog::athlete_download_path(&a.slug, "pdf")),
            schedule: &a.schedule,
            noindex: true,
            coach: a.coach.as_deref(),
            language: a.language.as_deref(),
        });
    }
    out
}
