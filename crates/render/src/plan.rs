//! The printable plan, through the `deload-sheet` crate (its templates are the site's
//! `templates/plan/*` over the built-in ones: [`Templates::sheet`]), and a plan in every format
//! at once.

use super::Templates;
use deload_engine::error::Error;
use deload_engine::export;
use deload_engine::plan::Schedule;

/// Renders `schedule` as a printable HTML document. `site_url` is the site's base URL, used for
/// links to the guidance pages (rest days, readiness check, deload explanation). The templates'
/// `config` global must be set ([`prepare_config`](super::prepare_config), or the site's). An
/// athlete's plan asks search engines not to index it, wherever it ends up.
pub fn to_html(
    schedule: &Schedule,
    templates: &Templates,
    site_url: &str,
) -> Result<String, Error> {
    deload_sheet::to_html(schedule, templates.sheet(), site_url)
}

/// [`to_html`] with the coach's name and contact (`coach`: the athlete file's, else the site's
/// author) on the cover, in the language of `words` (`None`: English).
pub fn to_html_for(
    schedule: &Schedule,
    templates: &Templates,
    site_url: &str,
    coach: &str,
    words: Option<&deload_sheet::Words>,
) -> Result<String, Error> {
    let opts = deload_sheet::Options {
        site_url,
        noindex: schedule.athlete.is_some(),
        coach: Some(coach).filter(|c| !c.trim().is_empty()),
        words,
    };
    deload_sheet::to_html_with(schedule, templates.sheet(), &opts)
}

/// The sheet's words in `language` (`None`: the site's default language), with the site's own
/// `i18n/LANG.yaml` over the shipped strings; a shipped language the site does not list (an
/// athlete's `language: de` on an English site) in its shipped words.
pub fn words(site: &deload_site::site::Site, language: Option<&str>) -> deload_sheet::Words {
    let lang = language.unwrap_or_else(|| site.config.default_lang());
    if !site.strings.has(lang)
        && let Some(shipped) = deload_sheet::Words::built_in(lang)
    {
        return shipped;
    }
    deload_sheet::Words::from_map(lang, site.strings.all_in(lang))
}

/// One plan in every format, as [`all`] renders it.
#[derive(Debug, Clone)]
pub struct AllFormats {
    /// The printable plan.
    pub(crate) html: String,
    /// Markdown.
    pub(crate) md: String,
    /// JSON.
    pub(crate) json: String,
    /// CSV.
    pub(crate) csv: String,
    /// iCalendar.
    pub(crate) ics: String,
}

impl AllFormats {
    /// `(extension, text)` for every format.
    pub fn files(&self) -> [(&'static str, &str); 5] {
        [
            ("html", &self.html),
            ("md", &self.md),
            ("json", &self.json),
            ("csv", &self.csv),
            ("ics", &self.ics),
        ]
    }
}

/// Renders `schedule` in all five formats at once, in parallel (the printable plan on one core,
/// the other four on another).
pub fn all(
    schedule: &Schedule,
    templates: &Templates,
    site_url: &str,
    ics_options: &export::IcsOptions,
) -> Result<AllFormats, Error> {
    let (html, (json, (ics, (csv, md)))) = rayon::join(
        || to_html(schedule, templates, site_url),
        || {
            rayon::join(
                || export::to_json(schedule),
                || {
                    rayon::join(
                        || export::to_ics(schedule, ics_options),
                        || {
                            rayon::join(
                                || export::to_csv(schedule),
                                || export::to_markdown(schedule),
                            )
                        },
                    )
                },
            )
        },
    );
    Ok(AllFormats {
        html: html?,
        md,
        json,
        csv,
        ics,
    })
}
