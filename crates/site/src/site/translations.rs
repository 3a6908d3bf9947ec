//! The translations of a multilingual site: which page (and section) is which page's version
//! in each language, and a summary of the missing ones for `deload check`.
//!
//! A page's versions are its default-language file and the files named like it with a
//! language's code (`sleep.md`, `sleep.es.md`, `sleep.de.md`); a section's, its `_index.md`
//! and `_index.LANG.md` (or a language's home page, which is always there).

use std::collections::HashMap;

use super::Site;
use deload_engine::error::Error;

/// Files named in a summary warning before "and N more".
const NAMED: usize = 5;

/// Every page's and section's versions in each language of the site.
#[derive(Debug, Clone)]
pub struct Translations {
    /// The language codes: the default first, then the others by code.
    pub codes: Vec<String>,
    /// Per page: its version in each language of `codes` (itself in its own), if there is one.
    pub pages: Vec<Vec<Option<usize>>>,
    /// Per section: the same.
    pub sections: Vec<Vec<Option<usize>>>,
}

impl Translations {
    /// The translations of `site`'s pages and sections; none for a single-language site.
    pub(crate) fn find(site: &Site) -> Option<Translations> {
        if !site.config.is_multilingual() {
            return None;
        }
        let codes: Vec<String> = (site.config.all_languages().into_iter())
            .map(String::from)
            .collect();
        let slot = |lang: Option<&str>| lang.and_then(|l| codes.iter().position(|c| c == l));
        let page_keys: Vec<(String, usize)> = (site.pages.iter())
            .map(|p| {
                (
                    base_rel(&p.rel, p.lang.as_deref()),
                    slot(p.lang.as_deref()).unwrap_or(0),
                )
            })
            .collect();
        let section_keys: Vec<(String, usize)> = (site.sections.iter())
            .map(|s| (s.rel_dir.clone(), slot(s.lang.as_deref()).unwrap_or(0)))
            .collect();
        Some(Translations {
            pages: versions(&page_keys, codes.len()),
            sections: versions(&section_keys, codes.len()),
            codes,
        })
    }

    /// The position in `codes` of a page's or section's language (none: the default's).
    pub fn slot(&self, lang: Option<&str>) -> usize {
        lang.and_then(|l| self.codes.iter().position(|c| c == l))
            .unwrap_or(0)
    }

    /// One warning per language that lacks translations of some default-language pages or
    /// sections, naming the first few files: readers of that language are sent to the
    /// default language's page instead.
    pub(crate) fn missing(&self, site: &Site) -> Vec<Error> {
        let mut warnings = Vec::new();
        for (k, code) in self.codes.iter().enumerate().skip(1) {
            let pages = (self.pages.iter().zip(&site.pages))
                .filter(|(v, p)| p.lang.is_none() && v[k].is_none())
                .map(|(_, p)| p.rel.clone());
            let sections = (self.sections.iter().zip(&site.sections))
                .filter(|(v, s)| s.lang.is_none() && s.file.is_some() && v[k].is_none())
                .map(|(_, s)| s.content_rel());
            let missing: Vec<String> = pages.chain(sections).collect();
            if missing.is_empty() {
                continue;
            }
            let mut named = missing
                .iter()
                .take(NAMED)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if missing.len() > NAMED {
                named.push_str(&format!(" and {} more", missing.len() - NAMED));
            }
            warnings.push(
                Error::new(format!(
                    "{} file{} of content/ {} no `{code}` translation: {named}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    if missing.len() == 1 { "has" } else { "have" },
                ))
                .with_hint(format!(
                    "the `{code}` pages link to the default language's page instead; add a \
                     translation beside each, like `sleep.{code}.md` beside `sleep.md`"
                )),
            );
        }
        warnings
    }
}

/// The default-language file of `rel` in `lang`: `guidance/sleep.es.md` → `guidance/sleep.md`.
fn base_rel(rel: &str, lang: Option<&str>) -> String {
    match lang.and_then(|l| rel.strip_suffix(&format!(".{l}.md"))) {
        Some(base) => format!("{base}.md"),
        None => rel.to_string(),
    }
}

/// For items keyed (name, language slot): each item's versions, by slot.
fn versions(keys: &[(String, usize)], n: usize) -> Vec<Vec<Option<usize>>> {
    let mut groups: HashMap<&str, Vec<Option<usize>>> = HashMap::new();
    for (i, (key, slot)) in keys.iter().enumerate() {
        groups.entry(key).or_insert_with(|| vec![None; n])[*slot] = Some(i);
    }
    (keys.iter())
        .map(|(key, _)| groups.get(key.as_str()).cloned().unwrap_or_default())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_group_by_name() {
        let keys = vec![
            ("a.md".to_string(), 0),
            ("a.md".to_string(), 2),
            ("b.md".to_string(), 1),
        ];
        let v = versions(&keys, 3);
        assert_eq!(v[0], [Some(0), None, Some(1)]);
        assert_eq!(v[1], v[0]);
        assert_eq!(v[2], [None, Some(2), None]);
        assert_eq!(base_rel("g/sleep.es.md", Some("es")), "g/sleep.md");
        assert_eq!(
            base_rel("g/sleep/index.es.md", Some("es")),
            "g/sleep/index.md"
        );
        assert_eq!(base_rel("g/sleep.md", None), "g/sleep.md");
    }
}
