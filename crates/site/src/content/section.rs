//! A section: a content folder with an `_index.md`.

use std::path::PathBuf;

use super::front_matter::{SectionFrontMatter, parse_meta, split_front_matter};
use super::keys::{self, Kind};
use super::page::Rejected;
use crate::markdown::Rendered;
use crate::urls::dir_path;
use deload_engine::error::Error;

/// A section and, after the site is assembled, its pages and subsections.
#[derive(Debug, Clone)]
pub struct Section {
    /// The file as shown in messages (`content/guidance/_index.md`), none for an implicit root.
    pub file: Option<PathBuf>,
    /// The folder relative to `content/` (`guidance`; empty for the root).
    pub rel_dir: String,
    /// The whole file text.
    pub(crate) text: String,
    /// Byte offset of the Markdown body.
    pub(crate) body_offset: usize,
    /// The parsed front matter.
    pub meta: SectionFrontMatter,
    /// The site path, `/guidance/`.
    pub path: String,
    /// The rendered Markdown body, filled in by the site.
    pub rendered: Rendered,
    /// Indices of this section's pages in the site's page list, in the section's order.
    pub pages: Vec<usize>,
    /// Indices of direct subsections.
    pub subsections: Vec<usize>,
    /// Index of the parent section (none for the root).
    pub parent: Option<usize>,
    /// The front-matter keys that are not deload's, kept under `extra` (see `Page::kept_keys`).
    pub(crate) kept_keys: Vec<(String, Error)>,
    /// The language of a translation (`_index.es.md`, or a language's implicit home); none for
    /// the default language.
    pub lang: Option<String>,
}

impl Section {
    /// Parses an `_index.md`. `rel` is its path relative to `content/`.
    pub fn parse(file: PathBuf, rel: String, text: String) -> Result<Section, Vec<Error>> {
        let rules = super::Rules::default();
        Section::parse_all(file, rel, text, &rules).map_err(|r| r.errors)
    }

    /// Parses an `_index.md`, reporting every unknown key at once.
    /// Unknown keys are kept under `extra` unless `rules.strict` (or a typo of a known key).
    pub(crate) fn parse_all(
        file: PathBuf,
        rel: String,
        text: String,
        rules: &super::Rules,
    ) -> Result<Section, Rejected> {
        let strict = rules.strict;
        let split = split_front_matter(&file, &text)?;
        let keys = keys::top_level(&split);
        let unknown = keys::unknown(&split, &keys, Kind::Section, &[], strict, &file, &text);
        if !unknown.errors.is_empty() {
            return Err(Rejected {
                errors: unknown.errors,
                unknown: unknown.names,
            });
        }
        let mut meta: SectionFrontMatter = parse_meta(&split, &file, &text)?;
        let names: Vec<String> = unknown.kept.iter().map(|(n, _)| n.clone()).collect();
        for (k, v) in keys::values(&split, &names, &file, &text)? {
            meta.extra.entry(k).or_insert(v);
        }
        if meta.paginate_by == Some(0) {
            let loc = super::front_matter::key_location(&split, "paginate_by")
                .unwrap_or(deload_engine::Location { line: 1, column: 1 });
            return Err(Error::new("`paginate_by` must be at least 1")
                .in_file(&file)
                .at(loc, &text)
                .with_hint("remove it to list every page on one page")
                .into());
        }
        let rel_dir = rel
            .strip_suffix("_index.md")
            .unwrap_or("")
            .trim_end_matches('/')
            .to_string();
        let body_offset = split.body_offset;
        Ok(Section {
            file: Some(file),
            path: dir_path(&rel_dir, rules.paths),
            rel_dir,
            text,
            body_offset,
            meta,
            rendered: Rendered::default(),
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            kept_keys: unknown.kept,
            lang: None,
        })
    }

    /// The home section when `content/_index.md` does not exist.
    pub(crate) fn implicit_root() -> Section {
        Section {
            file: None,
            rel_dir: String::new(),
            text: String::new(),
            body_offset: 0,
            meta: SectionFrontMatter::default(),
            path: "/".to_string(),
            rendered: Rendered::default(),
            pages: Vec::new(),
            subsections: Vec::new(),
            parent: None,
            kept_keys: Vec::new(),
            lang: None,
        }
    }

    /// Its file's path relative to `content/`, as `@/` links name it: `_index.md`,
    /// `guidance/_index.md`, `guidance/_index.es.md` for a translation.
    pub fn content_rel(&self) -> String {
        let name = match &self.lang {
            Some(l) => format!("_index.{l}.md"),
            None => "_index.md".to_string(),
        };
        if self.rel_dir.is_empty() {
            name
        } else {
            format!("{}/{name}", self.rel_dir)
        }
    }

    /// How many listing pages the section has (`paginate_by` pages on each, at least one).
    pub(crate) fn listing_pages(&self) -> usize {
        let per = self.meta.paginate_by.unwrap_or(usize::MAX).max(1);
        self.pages.len().div_ceil(per).max(1)
    }

    /// The title, or the folder name when the front matter has none.
    pub fn title(&self) -> String {
        match &self.meta.title {
            Some(t) => t.clone(),
            None => self
                .rel_dir
                .rsplit('/')
                .next()
                .filter(|s| !s.is_empty())
                .unwrap_or("Home")
                .to_string(),
        }
    }
}
