//! Translations in file names (Zola's convention): `sleep.es.md` is the Spanish version of
//! `sleep.md`, `_index.es.md` of `_index.md`, `sleep/index.es.md` of the bundle `sleep/index.md`,
//! when `es` is one of site.yaml's `languages`. A translation is served under `/es/`.
//!
//! A code that site.yaml does not list (`notes.xx.md`) is part of the name, as in a
//! single-language site (`/notes-xx/`); the site warns about it (see [`unknown_code`]).

use std::path::Path;

use deload_engine::error::Error;

/// The default-language file of the translation `rel` and its language: `guidance/sleep.es.md`
/// → (`guidance/sleep.md`, `es`) when `es` is in `languages` (the site's other languages).
pub(crate) fn split<'l>(rel: &str, languages: &'l [String]) -> Option<(String, &'l str)> {
    let stem = rel.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || base.ends_with('/') || code.contains('/') {
        return None;
    }
    let lang = languages.iter().find(|l| l.as_str() == code)?;
    Some((format!("{base}.md"), lang))
}

/// The site path of a translation into `lang` of the file whose path is `path`: `/es/...`.
pub(crate) fn prefixed(lang: &str, path: &str) -> String {
    format!("/{lang}{path}")
}

/// A warning for a file whose name ends in what looks like a language code that site.yaml does
/// not list (`sleep.xx.md`): it is served as a page of its own, named with the code.
pub(crate) fn unknown_code(
    rel: &str,
    file: &Path,
    languages: &[String],
    default: &str,
) -> Option<Error> {
    if languages.is_empty() {
        return None;
    }
    let stem = rel.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    let looks_like_code = (2..=3).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_lowercase())
        && !base.is_empty()
        && !base.ends_with('/');
    if looks_like_code && code == default {
        return Some(
            Error::new(format!(
                "`{code}` is the default language: its files carry no code, so this file is a page \
                 of its own"
            ))
            .in_file(file)
            .with_hint(format!("rename it to `{base}.md`")),
        );
    }
    looks_like_code.then(|| {
        Error::new(format!(
            "`{code}` in the file name is not one of site.yaml's languages, so the file is a page \
             of its own, not a translation"
        ))
        .in_file(file)
        .with_hint(format!(
            "add `{code}` to `languages:` in site.yaml, or rename the file; the languages are: {}",
            languages.join(", ")
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_only_listed_codes() {
        let langs = vec!["es".to_string(), "de".to_string()];
        assert_eq!(
            split("guidance/sleep.es.md", &langs),
            Some(("guidance/sleep.md".to_string(), "es"))
        );
        assert_eq!(
            split("_index.de.md", &langs),
            Some(("_index.md".to_string(), "de"))
        );
        assert_eq!(
            split("g/sleep/index.es.md", &langs),
            Some(("g/sleep/index.md".to_string(), "es"))
        );
        assert_eq!(split("guidance/sleep.xx.md", &langs), None);
        assert_eq!(split("guidance/sleep.md", &langs), None);
        assert_eq!(split("guidance/.es.md", &langs), None);
        assert_eq!(split("v1.2/notes.md", &langs), None);
    }

    #[test]
    fn unknown_codes_warn_only_on_multilingual_sites() {
        let langs = vec!["es".to_string()];
        let file = Path::new("content/page.xx.md");
        assert!(unknown_code("page.xx.md", file, &langs, "en").is_some());
        assert!(unknown_code("page.en.md", file, &langs, "en").is_some());
        assert!(unknown_code("page.xx.md", file, &[], "en").is_none());
        assert!(unknown_code("page.v2.md", file, &langs, "en").is_none());
        assert!(unknown_code("page.md", file, &langs, "en").is_none());
    }
}
