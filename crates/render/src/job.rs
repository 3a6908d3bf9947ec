//! One job of a render ([`Job`]: an output file with what it needs) and the list of them being
//! built ([`Jobs`]); what goes on the list is decided in `jobs` (and `programs` for the Programs
//! section).

use deload_engine::error::Error;
use deload_engine::plan::Schedule;

use crate::view::{PageContext, ReportView, Summaries, TemplateContext};
use crate::{Sink, Stats, Templates};
use deload_site::site::Site;
use deload_site::urls::file_for;

/// One output file to render.
pub(crate) enum Job<'a> {
    /// A file rendered through a template.
    Template {
        /// The output file.
        file: String,
        /// The template.
        template: &'a str,
        /// What is rendered, for error messages ("the Atom feed").
        what: String,
        /// The template's context (boxed: contexts are large, and most jobs have none).
        ctx: Box<TemplateContext<'a>>,
    },
    /// A content page; its context is built when it renders (on a worker thread), so contexts
    /// are neither built one after another nor all held in memory at once.
    Page {
        /// The output file.
        file: String,
        /// The template.
        template: &'a str,
        /// The page's index in the site.
        index: usize,
    },
    /// A printable plan.
    Plan {
        /// The output file.
        file: String,
        /// The plan.
        schedule: &'a Schedule,
        /// Whether it asks search engines not to index it (an athlete's plan).
        noindex: bool,
        /// The athlete file's coach, for the cover.
        coach: Option<&'a str>,
        /// The athlete file's language (`None`: the site's default language).
        language: Option<&'a str>,
    },
    /// A published athlete's progress page (`report/report.html`).
    Report {
        /// The output file.
        file: String,
        /// The page's context (boxed: it is large).
        view: Box<ReportView<'a>>,
    },
    /// A plan download in the format its file extension names (ics, csv, json).
    Export {
        /// The output file.
        file: String,
        /// The plan.
        schedule: &'a Schedule,
        /// The athlete file's `language:` (none: the site's default language), which the
        /// calendar's words are in.
        language: Option<&'a str>,
    },
    /// A file written as it is (the Planner page's script and WebAssembly module).
    Asset {
        /// The output file.
        file: String,
        /// Its bytes.
        bytes: std::borrow::Cow<'static, [u8]>,
    },
}

impl Job<'_> {
    /// The output file.
    pub(crate) fn file(&self) -> &str {
        match self {
            Job::Template { file, .. }
            | Job::Page { file, .. }
            | Job::Plan { file, .. }
            | Job::Report { file, .. }
            | Job::Export { file, .. }
            | Job::Asset { file, .. } => file,
        }
    }

    /// Renders the job and writes its file to `sink`.
    pub(crate) fn run(
        &self,
        site: &Site,
        templates: &Templates,
        summaries: &Summaries<'_>,
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let text = match self {
            Job::Page {
                template, index, ..
            } => {
                let ctx = PageContext::new(site, *index, summaries);
                templates.render(template, &ctx, &site.pages[*index].file.display())?
            }
            Job::Template {
                template,
                what,
                ctx,
                ..
            } => templates.render(template, ctx, what)?,
            Job::Export {
                file,
                schedule,
                language,
            } => export(site, file, schedule, *language),
            Job::Report { file, view } => crate::report::to_html(view, templates, file)?,
            Job::Plan {
                schedule,
                noindex,
                coach,
                language,
                ..
            } => {
                let words = crate::plan::words(site, *language);
                let opts = deload_sheet::Options {
                    site_url: &site.config.base_url,
                    noindex: *noindex,
                    coach: *coach,
                    words: Some(&words),
                };
                let html = deload_sheet::to_html_with(schedule, templates.sheet(), &opts)?;
                translated_guidance(site, html, *language)
            }
            Job::Asset { bytes, .. } => return sink.write(self.file(), bytes),
        };
        sink.write(self.file(), text.as_bytes())
    }
}

/// A printed plan in `language` with its links to the guidance pages (the cover's, the
/// readiness check's, taken from `config.guidance`) led to their translations into it where the
/// site has them, as its rest days' links already are (`Site::guidance_in`): each link is an
/// `href` the sheet wrote from the site's own URL, replaced whole.
fn translated_guidance(site: &Site, html: String, language: Option<&str>) -> String {
    let Some(translated) = site.guidance_in(language).filter(|t| !t.is_empty()) else {
        return html;
    };
    let mut html = html;
    for (topic, there) in translated {
        let Some(here) = site.guidance.get(topic) else {
            continue;
        };
        let from = format!("href=\"{}\"", site.permalink(here));
        let to = format!("href=\"{}\"", site.permalink(&there));
        if html.contains(&from) {
            html = html.replace(&from, &to);
        }
    }
    html
}

/// `schedule` in the download format `file`'s extension names (ics, csv, md, else json); the
/// calendar in `language` (none: the site's default language).
fn export(site: &Site, file: &str, schedule: &Schedule, language: Option<&str>) -> String {
    use deload_engine::export;
    if file.ends_with(".ics") {
        let opts = export::IcsOptions { rest_events: false };
        match language.unwrap_or_else(|| site.config.default_lang()) {
            "en" => export::to_ics(schedule, &opts),
            _ => export::to_ics_in(schedule, &opts, &crate::plan::words(site, language)),
        }
    } else if file.ends_with(".csv") {
        export::to_csv(schedule)
    } else if file.ends_with(".md") {
        export::to_markdown(schedule)
    } else {
        export::to_json(schedule)
    }
}

/// The jobs of one render, with the counts and errors listing them found.
pub(crate) struct Jobs<'a, 'p, 'w> {
    /// The site rendered.
    pub(crate) site: &'a Site,
    /// Its templates.
    pub(crate) templates: &'a Templates,
    /// Every page's summary, for listings.
    pub(crate) summaries: &'a Summaries<'p>,
    /// Which output files the render wants.
    pub(crate) want: &'w (dyn Fn(&str) -> bool + Sync),
    /// The jobs whose files `want` accepts.
    pub(crate) list: Vec<Job<'a>>,
    /// What the site holds (every page, section, term and plan, wanted or not).
    pub(crate) stats: Stats,
    /// Missing templates.
    pub(crate) errors: Vec<Error>,
}

impl<'a> Jobs<'a, '_, '_> {
    /// Whether the render wants the output file `file`.
    pub(crate) fn wants(&self, file: &str) -> bool {
        (self.want)(file)
    }

    /// Adds `job` if its file is wanted.
    pub(crate) fn push(&mut self, job: Job<'a>) {
        if self.wants(job.file()) {
            self.list.push(job);
        }
    }

    /// Adds a job rendering `template` with `ctx` to the site path `path`.
    pub(crate) fn push_template(
        &mut self,
        path: &str,
        template: &'a str,
        what: String,
        ctx: TemplateContext<'a>,
    ) {
        self.push(Job::Template {
            file: file_for(path),
            template,
            what,
            ctx: Box::new(ctx),
        });
    }

    /// A page or section names a template that does not exist.
    pub(crate) fn missing_template(template: &str) -> Error {
        Error::new(format!("template `{template}` does not exist")).with_hint(format!(
            "add templates/{template} or remove the `template` key"
        ))
    }
}
