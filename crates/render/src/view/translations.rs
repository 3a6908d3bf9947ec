//! `lang` and `translations` (page.html, index.html, section.html): a page's or section's
//! versions in the site's languages, and `config` as pages in another language than the
//! default see it.

use serde::Serialize;

use super::config::config_view;
use deload_site::site::{Site, Translations};

/// One language's version of the page being rendered (`translations`, `page.translations`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TranslationView {
    /// Its language code (`es`).
    lang: String,
    /// The language's name in itself (`Español`: the theme string `language_name`).
    name: String,
    /// Its absolute URL; where the language has no version, the default language's page (or
    /// the language's home page), never a broken link.
    url: String,
    /// Its title.
    title: String,
    /// Whether it is the page being rendered.
    current: bool,
    /// Whether the language has no version of the page (`url` leads elsewhere).
    fallback: bool,
}

/// The versions of page `i` in every language of the site (none on a single-language site).
pub(crate) fn of_page(site: &Site, i: usize) -> Vec<TranslationView> {
    let Some(t) = &site.translations else {
        return Vec::new();
    };
    let title = |j: usize| {
        (
            site.pages[j].meta.title.clone(),
            site.pages[j].path.as_str(),
        )
    };
    let current = t.slot(site.pages[i].lang.as_deref());
    versions(site, t, &t.pages[i], current, &title)
}

/// The versions of section `i` in every language of the site (none on a single-language site).
pub(crate) fn of_section(site: &Site, i: usize) -> Vec<TranslationView> {
    let Some(t) = &site.translations else {
        return Vec::new();
    };
    let title = |j: usize| {
        let s = &site.sections[j];
        let title = match (&s.meta.title, s.rel_dir.is_empty()) {
            (Some(t), _) => t.clone(),
            (None, true) => site
                .config
                .title_in(super::lang_of(site, s.lang.as_deref()))
                .to_string(),
            (None, false) => s.title(),
        };
        (title, s.path.as_str())
    };
    let current = t.slot(site.sections[i].lang.as_deref());
    versions(site, t, &t.sections[i], current, &title)
}

/// The versions of a page the build writes in every language of the site (the Planner's), each
/// at `path_in(lang)` (none: the default language) and titled with the theme string
/// `title_key` of its language; `current` is the language rendered. None on a single-language
/// site.
pub(crate) fn of_generated(
    site: &Site,
    path_in: &dyn Fn(Option<&str>) -> String,
    title_key: &str,
    current: &str,
) -> Vec<TranslationView> {
    if !site.config.is_multilingual() {
        return Vec::new();
    }
    let default = site.config.default_lang();
    (site.config.all_languages().into_iter())
        .map(|code| TranslationView {
            lang: code.to_string(),
            name: site.strings.text(Some(code), "language_name"),
            url: site.permalink(&path_in(Some(code).filter(|c| *c != default))),
            title: site.strings.text(Some(code), title_key),
            current: code == current,
            fallback: false,
        })
        .collect()
}

/// The views of `versions` (by language slot); `current` is the slot rendered.
fn versions<'s>(
    site: &'s Site,
    t: &Translations,
    versions: &[Option<usize>],
    current: usize,
    title: &dyn Fn(usize) -> (String, &'s str),
) -> Vec<TranslationView> {
    (t.codes.iter().enumerate())
        .map(|(k, code)| {
            let name = (site.strings.get(Some(code), "language_name"))
                .unwrap_or(code)
                .to_string();
            let (title, path, fallback) = match (versions.get(k).copied().flatten(), versions[0]) {
                (Some(j), _) => {
                    let (title, path) = title(j);
                    (title, path.to_string(), false)
                }
                (None, Some(default)) => {
                    let (title, path) = title(default);
                    (title, path.to_string(), true)
                }
                (None, None) => {
                    let home = if k == 0 {
                        "/".to_string()
                    } else {
                        format!("/{code}/")
                    };
                    (site.config.title_in(code).to_string(), home, true)
                }
            };
            TranslationView {
                lang: code.clone(),
                name,
                url: site.permalink(&path),
                title,
                current: k == current,
                fallback,
            }
        })
        .collect()
}

/// `config` as the pages in `lang` see it (its title and description, its feed and search
/// index), for a language other than the default; none for the default language.
pub(crate) fn config_in<'a>(site: &'a Site, lang: Option<&'a str>) -> Option<tera::Value> {
    let lang = lang.filter(|l| *l != site.config.default_lang())?;
    Some(super::shared(&config_view(site).in_language(site, lang)))
}
