//! site.yaml's `languages:` and `default_language:`: the languages of a multilingual site.
//!
//! The default language (`default_language`, else `language`) is served at `/`; every other
//! language under `/CODE/`. A site without `languages:` (or with only its default language in
//! it) is single-language, and builds exactly as before.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Config;
use deload_engine::error::Error;

/// One language of site.yaml's `languages:` map.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LanguageConfig {
    /// The site's title in this language (else site.yaml's `title`).
    pub title: Option<String>,
    /// The site's description in this language (else site.yaml's `description`).
    pub description: Option<String>,
    /// The footer's disclaimer in this language (else site.yaml's `disclaimer`).
    pub disclaimer: Option<String>,
    /// The author in this language (else site.yaml's `author`): "El equipo de deload".
    pub author: Option<String>,
    /// The main menu of this language's pages (else site.yaml's `menu:`, its `@/` links led to
    /// this language's translations where they exist).
    pub(crate) menu: Option<Vec<super::MenuItem>>,
}

impl Config {
    /// The default language's code: `default_language`, else `language`.
    pub fn default_lang(&self) -> &str {
        self.default_language.as_deref().unwrap_or(&self.language)
    }

    /// The languages other than the default, sorted by code (empty for a single-language site).
    pub fn other_languages(&self) -> Vec<&str> {
        let default = self.default_lang();
        (self.languages.keys())
            .map(String::as_str)
            .filter(|c| *c != default)
            .collect()
    }

    /// Whether the site has a language besides the default.
    pub fn is_multilingual(&self) -> bool {
        !self.other_languages().is_empty()
    }

    /// Every language of the site: the default first, then the others by code.
    pub fn all_languages(&self) -> Vec<&str> {
        let mut all = vec![self.default_lang()];
        all.extend(self.other_languages());
        all
    }

    /// The site's title in `lang`.
    pub fn title_in(&self, lang: &str) -> &str {
        (self.languages.get(lang))
            .and_then(|l| l.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The footer's disclaimer (HTML) in `lang`.
    pub fn disclaimer_in(&self, lang: &str) -> &str {
        (self.languages.get(lang))
            .and_then(|l| l.disclaimer.as_deref())
            .unwrap_or(&self.disclaimer)
    }

    /// The author in `lang`.
    pub fn author_in(&self, lang: &str) -> &str {
        (self.languages.get(lang))
            .and_then(|l| l.author.as_deref())
            .unwrap_or(&self.author)
    }

    /// The items of site.yaml's main menu in `lang` (none: the default language): the
    /// language's own `menu:`, else the default one.
    pub(crate) fn menu_in(&self, lang: Option<&str>) -> &[super::MenuItem] {
        (lang.and_then(|l| self.languages.get(l)))
            .and_then(|l| l.menu.as_deref())
            .unwrap_or(&self.menu)
    }

    /// The site's description in `lang`.
    pub fn description_in(&self, lang: &str) -> &str {
        (self.languages.get(lang))
            .and_then(|l| l.description.as_deref())
            .unwrap_or(&self.description)
    }

    /// Checks the language codes (`en`, `pt-br`: letters, then `-` parts), and makes `language`
    /// the default language, so `config.language` names it.
    pub(super) fn validate_languages(&mut self, path: &Path, text: &str) -> Result<(), Error> {
        let codes = (self.languages.keys())
            .map(String::as_str)
            .chain(self.default_language.as_deref());
        if let Some(bad) = codes.into_iter().find(|c| !is_language_code(c)) {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(&format!("{bad}:")))
                .or_else(|| text.lines().position(|l| l.contains(bad)))
                .map_or(1, |i| i + 1);
            return Err(Error::new(format!("`{bad}` is not a language code"))
                .in_file(path)
                .at(deload_engine::Location { line, column: 1 }, text)
                .with_hint("use a code like `en`, `de`, `es`, `fr` or `pt-br` (lowercase)"));
        }
        if let Some(d) = &self.default_language {
            self.language = d.clone();
        }
        Ok(())
    }
}

/// Whether `code` is a language code deload accepts: two or three lowercase letters, then
/// `-`-separated parts of letters and digits (`en`, `pt-br`, `zh-hant`).
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| {
            (1..=8).contains(&p.len())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_codes() {
        for ok in ["en", "es", "fra", "pt-br", "zh-hant"] {
            assert!(is_language_code(ok), "{ok}");
        }
        for bad in ["", "e", "EN", "english", "en_", "en-", "de/x", "../x"] {
            assert!(!is_language_code(bad), "{bad}");
        }
    }

    #[test]
    fn default_language_comes_first() {
        let mut c = Config {
            default_language: Some("en".into()),
            ..Config::default()
        };
        c.languages.insert("fr".into(), LanguageConfig::default());
        c.languages.insert("de".into(), LanguageConfig::default());
        c.languages.insert("en".into(), LanguageConfig::default());
        assert_eq!(c.all_languages(), ["en", "de", "fr"]);
        assert!(c.is_multilingual());
        c.languages.clear();
        assert!(!c.is_multilingual());
    }
}
