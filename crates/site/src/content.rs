//! `content/`: Markdown pages and sections with YAML (or TOML) front matter, page bundles, and
//! the other files beside them.
//!
//! `load` walks the folder and parses every file's front matter; Markdown bodies are rendered
//! as they load (see `load`'s `prepare`) and their links resolved by the site model (`site`),
//! once every page's URL is known. Every file that is not Markdown is an asset, copied to the
//! output beside its page (see `assets`).

pub(crate) mod assets;
mod front_matter;
mod keys;
mod lang;
mod menu;
mod page;
mod section;

use std::collections::BTreeMap;

pub(crate) use front_matter::SortBy;
pub use front_matter::{Format, PageFrontMatter, SectionFrontMatter, Split, split_front_matter};
pub use keys::toml_to_json;
pub(crate) use menu::PageMenuEntry;
pub use page::Page;
pub(crate) use page::{Rejected, Rules};
pub use section::Section;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use deload_engine::error::Error;

/// The folder under the site root that holds the Markdown content.
pub(crate) const CONTENT_DIR: &str = "content";

/// Everything found under `content/`, parsed but not yet rendered.
#[derive(Debug, Default)]
pub(crate) struct Content {
    /// Pages, sorted by their content-relative path.
    pub(crate) pages: Vec<Page>,
    /// Sections, sorted by path; the root section (`content/_index.md`, or an implicit one) first.
    pub(crate) sections: Vec<Section>,
    /// Warnings (symlinks leading outside content/, skipped; self-aliases).
    pub(crate) warnings: Vec<Error>,
    /// Every file that is not Markdown: `(content-relative path, path)`, sorted.
    pub(crate) files: Vec<(String, PathBuf)>,
    /// The bundle folders of draft pages left out (their files are left out too).
    pub(crate) skipped_bundles: Vec<String>,
    /// The errors of the files that did not load: the site goes on loading without them, so a
    /// build reports its other errors (links, templates) in the same run, then fails.
    pub(crate) errors: Vec<Error>,
    /// The content-relative paths of the Markdown files that did not load, and the site path
    /// each would most likely have had: links to them are not reported as broken.
    pub(crate) unloaded: Vec<(String, String)>,
}

/// Reads every `*.md` under `root/content`. Drafts are skipped unless `drafts`, and so are
/// pages dated after `rules.today` or expired before it unless `rules` keeps them, and files
/// site.yaml's `ignore` matches. All errors are collected in `Content::errors`, so the user sees
/// every broken file at once (and, as the site goes on without them, the errors of later stages
/// too).
///
/// `prepare` runs on each page that is kept, on the thread that parsed it, while the page is
/// still warm in the cache (the site renders its Markdown there and drops the source, so the
/// sources of all pages are never in memory at once); its errors (a broken shortcode) are the
/// page's.
pub(crate) fn load(
    root: &Path,
    drafts: bool,
    rules: &Rules,
    prepare: &(dyn Fn(&mut Page) -> Result<(), Vec<Error>> + Sync),
) -> Content {
    let dir = root.join(CONTENT_DIR);
    let tree = if dir.is_dir() {
        crate::fs::walk_tree(&dir, true)
    } else {
        crate::fs::Tree::default()
    };
    let warnings = tree.link_warnings(CONTENT_DIR);
    let mut errors = tree.errors;
    let (markdown, files): (Vec<_>, Vec<_>) = (tree.files.into_iter())
        .filter(|(rel, _)| !crate::config::is_ignored(&rules.ignore, rel))
        .partition(|(rel, _)| rel.ends_with(".md"));
    errors.extend(assets::bundle_clashes(&markdown));
    let parsed: Vec<(Result<Item, Rejected>, &String)> = markdown
        .par_iter()
        .map(|(rel, file)| (parse_file(rel, file, drafts, rules, prepare), rel))
        .collect();
    let mut content = Content {
        warnings,
        files,
        pages: Vec::with_capacity(parsed.len()),
        ..Content::default()
    };
    let mut unknown: BTreeMap<String, (usize, keys::Kind)> = BTreeMap::new();
    let mut kept = Kept::default();
    for (item, rel) in parsed {
        match item {
            Ok(Item::Page(p)) => {
                let mut p = *p;
                content.warnings.append(&mut p.warnings);
                kept.add(std::mem::take(&mut p.kept_keys), keys::Kind::Page);
                content.pages.push(p);
            }
            Ok(Item::Draft(bundle)) => content.skipped_bundles.extend(bundle),
            Ok(Item::Section(mut s)) => {
                kept.add(std::mem::take(&mut s.kept_keys), keys::Kind::Section);
                content.sections.push(*s);
            }
            Err(r) => {
                content
                    .unloaded
                    .push((rel.clone(), page::likely_path(rel, rules.paths)));
                for key in r.unknown {
                    unknown.entry(key).or_insert((0, keys::Kind::Page)).0 += 1;
                }
                errors.extend(r.errors);
            }
        }
    }
    errors.extend(keys::summary(&unknown));
    content.warnings.extend(kept.warnings());
    content.errors = errors;
    let has_root = |sections: &[Section], lang: Option<&str>| {
        (sections.iter()).any(|s| s.rel_dir.is_empty() && s.lang.as_deref() == lang)
    };
    if !has_root(&content.sections, None) {
        content.sections.push(Section::implicit_root());
    }
    for l in &rules.languages {
        // each language has a home page, `/es/`, written or not
        if !has_root(&content.sections, Some(l)) {
            let mut home = Section::implicit_root();
            home.path = lang::prefixed(l, &home.path);
            home.lang = Some(l.clone());
            content.sections.push(home);
        }
    }
    // the default language's first: the root (home) is section 0
    (content.sections).sort_by(|a, b| (&a.rel_dir, &a.lang).cmp(&(&b.rel_dir, &b.lang)));
    content
}

/// Reads and parses one Markdown file (`rel` under content/, at `file`).
fn parse_file(
    rel: &str,
    file: &Path,
    drafts: bool,
    rules: &Rules,
    prepare: &(dyn Fn(&mut Page) -> Result<(), Vec<Error>> + Sync),
) -> Result<Item, Rejected> {
    let text = crate::fs::read_text(file)?;
    let display = Path::new(CONTENT_DIR).join(rel);
    // a translation (`sleep.es.md`) parses as its default-language file would, then moves
    // under its language's folder (see `lang`)
    let (base, lang) = match lang::split(rel, &rules.languages) {
        Some((base, lang)) => (base, Some(lang.to_string())),
        None => (rel.to_string(), None),
    };
    if base == "_index.md" || base.ends_with("/_index.md") {
        let mut s = Section::parse_all(display, base, text, rules)?;
        if let Some(l) = lang {
            s.path = lang::prefixed(&l, &s.path);
            s.lang = Some(l);
        }
        return Ok(Item::Section(Box::new(s)));
    }
    let mut page = Page::parse_with(display, base, text, rules)?;
    if let Some(l) = lang {
        page.rel = rel.to_string();
        page.path = lang::prefixed(&l, &page.path);
        page.lang = Some(l);
    } else if let Some(w) =
        lang::unknown_code(rel, &page.file, &rules.languages, &rules.default_language)
    {
        page.warnings.push(w);
    }
    if (page.meta.draft && !drafts) || rules.hides(&page) {
        return Ok(Item::Draft(page.bundle));
    }
    prepare(&mut page).map_err(|errors| Rejected {
        errors,
        unknown: Vec::new(),
    })?;
    Ok(Item::Page(Box::new(page)))
}

enum Item {
    Page(Box<Page>),
    Section(Box<Section>),
    /// A draft page (or one not yet or no longer published), left out, with its bundle folder if
    /// it is a bundle.
    Draft(Option<String>),
}

/// How many files of the site have each front-matter key that is not deload's (kept under
/// `extra`): one warning per key, located at its first file, naming the first few.
#[derive(Default)]
struct Kept {
    keys: BTreeMap<(String, bool), KeptKey>,
}

/// One key of [`Kept`].
struct KeptKey {
    count: usize,
    first: Error,
    files: Vec<String>,
}

/// Files named in a kept key's warning.
const KEPT_FILES_SHOWN: usize = 3;

impl Kept {
    fn add(&mut self, kept: Vec<(String, Error)>, kind: keys::Kind) {
        for (name, at) in kept {
            let place = match (&at.path, at.location) {
                (Some(p), Some(l)) => format!("{}:{}", p.display(), l.line),
                (Some(p), None) => p.display().to_string(),
                _ => String::new(),
            };
            let entry = (self.keys)
                .entry((name, kind == keys::Kind::Page))
                .or_insert_with(|| KeptKey {
                    count: 0,
                    first: at,
                    files: Vec::new(),
                });
            entry.count += 1;
            if entry.files.len() < KEPT_FILES_SHOWN {
                entry.files.push(place);
            }
        }
    }

    fn warnings(self) -> Vec<Error> {
        (self.keys.into_iter())
            .map(|((name, page), k)| {
                let kind = if page {
                    keys::Kind::Page
                } else {
                    keys::Kind::Section
                };
                keys::kept_warning(&name, kind, k.count, &k.first, &k.files)
            })
            .collect()
    }
}
