//! The one output path of a plan: a schedule in each format asked for (`deload plan`, a roster,
//! and any command that writes plans). PDFs are printed last, all of a call through one browser
//! process.

use std::path::{Path, PathBuf};

use deload_engine::error::Error;
use deload_engine::export::{self, ics::IcsOptions};
use deload_engine::plan::Schedule;
use deload_engine::programs::LANGUAGES;
use deload_pdf::{self as pdf, Paper};
use deload_render::{self as render, Templates};
use deload_sheet::Words;
use deload_site::config::{Config, guidance};
use deload_site::templates::i18n::Strings;

pub(crate) use crate::cli::Format;

/// A planned schedule with what the printed plan adds: the athlete file's coach.
#[derive(Debug)]
pub(crate) struct Planned {
    /// The plan.
    pub(crate) schedule: Schedule,
    /// The coach's name and contact, from the athlete file (`coach:`).
    pub(crate) coach: Option<String>,
    /// The language to print it in (`--lang`, else the athlete file's `language:`; `None`: the
    /// site's default language).
    pub(crate) language: Option<String>,
}

impl Planned {
    /// The coach: the athlete file's, else site.yaml's `author` (empty when neither is set).
    fn coach<'a>(&'a self, config: &'a Config) -> &'a str {
        self.coach.as_deref().unwrap_or(config.author())
    }
}

/// What rendering needs besides the schedule: the site's templates and settings, the calendar
/// options, the paper, and the browser (looked for once, when a PDF is first asked for).
pub(crate) struct Setup {
    /// The site's templates (or the built-in ones), `config` set.
    pub(crate) templates: Templates,
    /// site.yaml.
    pub(crate) config: Config,
    /// Calendar options.
    pub(crate) ics: IcsOptions,
    /// Paper size of PDFs.
    pub(crate) paper: Paper,
    /// The theme's and the sheet's words in every language the site and deload have.
    strings: Strings,
    /// What loading the site's `i18n/LANG.yaml` files found (missing keys, once per language).
    pub(crate) string_warnings: Vec<Error>,
}

impl Setup {
    /// The site at `root` (its templates and site.yaml), its base URL replaced by `base_url`.
    pub(crate) fn load(
        root: &Path,
        base_url: Option<&str>,
        ics: IcsOptions,
        paper: Paper,
    ) -> Result<Setup, Error> {
        let mut config = Config::load(root)?;
        if let Some(url) = base_url {
            config.set_base_url(url)?;
        }
        // the optional guidance pages the site has, linked as the site's own plans link them
        let present = guidance::optional_with_pages(&config.guidance, root);
        for (topic, target) in present {
            config
                .guidance
                .insert(topic.to_string(), target.to_string());
        }
        let mut templates = Templates::load(Some(root))?;
        render::prepare_config(&mut templates, &config);
        let mut languages = config.all_languages();
        languages.extend(
            LANGUAGES
                .iter()
                .filter(|l| !config.all_languages().contains(l)),
        );
        let (strings, string_warnings) = Strings::load(root, &languages)?;
        Ok(Setup {
            templates,
            config,
            ics,
            paper,
            strings,
            string_warnings,
        })
    }

    /// An error unless the sheet can be printed in `lang`: a language deload ships, or one of
    /// the site's (site.yaml's `language`/`languages`).
    pub(crate) fn check_language(&self, lang: &str) -> Result<(), Error> {
        if LANGUAGES.contains(&lang) || self.config.all_languages().contains(&lang) {
            return Ok(());
        }
        Err(Error::new(format!(
            "--lang {lang}: deload prints plans in {} (and the site's own languages)",
            LANGUAGES.join(", ")
        ))
        .with_hint(
            "pass one of those codes, like --lang de, or leave --lang out for the site's language",
        ))
    }

    /// The words of `plan`'s language (its own, else the site's default language).
    fn words(&self, plan: &Planned) -> Words {
        let lang = self.language_of(plan);
        Words::from_map(lang, self.strings.all_in(lang))
    }

    /// The language `plan` is printed in: its own, else the site's default language.
    pub(crate) fn language_of<'p>(&'p self, plan: &'p Planned) -> &'p str {
        (plan.language.as_deref()).unwrap_or_else(|| self.config.default_lang())
    }

    /// The warnings about the site's strings (`i18n/LANG.yaml`) of the language `lang` only.
    pub(crate) fn string_warnings_in(&self, lang: &str) -> impl Iterator<Item = Error> + '_ {
        let file = format!("{lang}.yaml");
        (self.string_warnings.iter())
            .filter(move |w| {
                (w.path.as_deref())
                    .and_then(Path::file_name)
                    .is_none_or(|n| n.to_string_lossy() == file)
            })
            .cloned()
    }

    /// The warning for printed plans whose guidance links cannot be followed (no absolute base
    /// URL): they name the pages by path instead.
    pub(crate) fn link_warning(&self, formats: &[Format]) -> Option<Error> {
        let printed = formats
            .iter()
            .any(|f| matches!(f, Format::Html | Format::Pdf));
        if !printed || self.config.base_url.contains("://") {
            return None;
        }
        Some(
            Error::new(
                "the printed plan's links to the guidance pages will not be clickable: no site URL is set, so they are printed as paths",
            )
            .with_hint("pass --base-url https://your.site/ or set `base_url` in site.yaml"),
        )
    }

    /// `plan` as the printable plan.
    fn html(&self, plan: &Planned) -> Result<String, Error> {
        // the cover falls back to site.yaml's author by itself, as on the site
        let coach = plan.coach.as_deref().unwrap_or("");
        let words = self.words(plan);
        render::plan::to_html_for(
            &plan.schedule,
            &self.templates,
            &self.config.base_url,
            coach,
            Some(&words),
        )
    }

    /// `plan` in `format`, but not PDF (see [`render_all`]).
    fn text(&self, plan: &Planned, format: Format) -> Result<String, Error> {
        let schedule = &plan.schedule;
        Ok(match format {
            Format::Html | Format::Pdf => self.html(plan)?,
            Format::Md => export::markdown::to_markdown(schedule),
            Format::Json => export::json::to_json(schedule),
            Format::Csv => export::csv::to_csv(schedule),
            Format::Ics => export::ics::to_ics_in(schedule, &self.ics, &self.words(plan)),
            Format::Svg => deload_engine::chart::svg_in(schedule, &self.words(plan)),
        })
    }
}

/// What [`render_all`] made: `(plan index, format, bytes)`, and why the PDFs were left out when
/// they were asked for "if possible" and could not be printed.
pub(crate) struct Rendered {
    /// The files' contents, plan by plan in the order of the formats asked for.
    pub(crate) files: Vec<(usize, Format, Vec<u8>)>,
    /// The warning saying why no PDF was written (no browser, or the browser failed).
    pub(crate) pdf_skipped: Option<Error>,
}

/// Renders every plan of `plans` in every format of `formats`. The PDFs of all plans are printed
/// together, by one browser; with `pdf_if_possible` (`--format all`), a missing or failing
/// browser leaves the PDFs out, with a warning in [`Rendered::pdf_skipped`], instead of failing.
pub(crate) fn render_all(
    setup: &Setup,
    plans: &[&Planned],
    formats: &[Format],
    pdf_if_possible: bool,
) -> Result<Rendered, Error> {
    let mut out = Vec::new();
    let mut printable = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        for &f in formats {
            let text = setup.text(plan, f)?;
            if f == Format::Pdf {
                let name = pdf::plan_name(&plan.schedule);
                printable.push((i, text, plan.coach(&setup.config), name));
            } else {
                out.push((i, f, text.into_bytes()));
            }
        }
    }
    let mut rendered = Rendered {
        files: out,
        pdf_skipped: None,
    };
    if printable.is_empty() {
        return Ok(rendered);
    }
    let docs: Vec<pdf::Document<'_>> = printable
        .iter()
        .map(|(_, html, author, name)| pdf::Document { html, author, name })
        .collect();
    let printed = pdf::find_browser().and_then(|b| {
        pdf::print(&b, &docs, setup.paper)
            .map_err(|e| pdf::naming_sheet_files(e, &setup.templates.sheet().site_files()))
    });
    let pdfs = match printed {
        Ok(pdfs) => pdfs,
        Err(e) if pdf_if_possible => {
            rendered.pdf_skipped = Some(pdf_skipped(&e));
            return Ok(rendered);
        }
        Err(e) => return Err(e),
    };
    rendered.files.extend(
        printable
            .iter()
            .zip(pdfs)
            .map(|((i, _, _, _), bytes)| (*i, Format::Pdf, bytes)),
    );
    rendered
        .files
        .sort_by_key(|(i, f, _)| (*i, formats.iter().position(|g| g == f)));
    Ok(rendered)
}

/// The warning of `--format all` when no PDF could be printed (`why`): every other file was
/// written.
fn pdf_skipped(why: &Error) -> Error {
    let hint = why
        .hint
        .clone()
        .unwrap_or_else(|| "install Chromium or set DELOAD_CHROMIUM".into());
    Error::new(format!("no PDF written: {}", why.message)).with_hint(hint)
}

/// Renders one plan in one format.
pub(crate) fn render_one(setup: &Setup, plan: &Planned, format: Format) -> Result<Vec<u8>, Error> {
    let mut all = render_all(setup, &[plan], &[format], false)?;
    Ok(all.files.pop().map(|(_, _, b)| b).unwrap_or_default())
}

/// Writes every plan of `plans` (`(file stem, plan)`) in every format of `formats` into
/// `dir`, as `STEM.EXT`; returns the files written and, when the PDFs were left out (see
/// [`render_all`] for `pdf_if_possible`), the warning that says why.
pub(crate) fn write_all(
    setup: &Setup,
    plans: &[(String, &Planned)],
    formats: &[Format],
    dir: &Path,
    pdf_if_possible: bool,
) -> Result<(Vec<PathBuf>, Option<Error>), Error> {
    let schedules: Vec<&Planned> = plans.iter().map(|(_, s)| *s).collect();
    let rendered = render_all(setup, &schedules, formats, pdf_if_possible)?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "create the folder", &e))?;
    let mut written = Vec::with_capacity(rendered.files.len());
    for (i, format, bytes) in rendered.files {
        let path = dir.join(format!("{}.{}", plans[i].0, format.ext()));
        deload_site::fs::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok((written, rendered.pdf_skipped))
}
