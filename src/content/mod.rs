//! `content/`: Markdown pages and sections with YAML front matter.
//!
//! `load` walks the folder and parses every file's front matter; Markdown bodies are rendered
//! later by the site model (`site`), once every page's URL is known.

mod front_matter;
mod page;
mod section;

pub(crate) use front_matter::SortBy;
pub use front_matter::{PageFrontMatter, SectionFrontMatter, Split, split_front_matter};
pub use page::Page;
pub(crate) use page::alias_path;
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
    /// Warnings (symlinks leading outside content/, skipped).
    pub(crate) warnings: Vec<Error>,
}

/// Reads every `*.md` under `root/content`. Drafts are skipped unless `drafts`. All errors are
/// collected, so the user sees every broken file at once.
///
/// `prepare` runs on each page that is kept, on the thread that parsed it, while the page is
/// still warm in the cache (the site renders its Markdown there and drops the source, so the
/// sources of all pages are never in memory at once); its error is the page's.
pub(crate) fn load(
    root: &Path,
    drafts: bool,
    prepare: &(dyn Fn(&mut Page) -> Result<(), Error> + Sync),
) -> Result<Content, Vec<Error>> {
    let dir = root.join(CONTENT_DIR);
    let tree = if dir.is_dir() {
        crate::fs::walk_tree(&dir, true)
    } else {
        crate::fs::Tree::default()
    };
    let mut errors = tree.errors;
    let warnings: Vec<Error> = tree
        .outside
        .iter()
        .map(|l| crate::fs::outside_warning(l, CONTENT_DIR))
        .collect();
    let files: Vec<(String, PathBuf)> = tree
        .files
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".md"))
        .collect();
    let parsed: Vec<Result<Item, Error>> = files
        .par_iter()
        .map(|(rel, file)| {
            let rel = rel.clone();
            let text = crate::fs::read_text(file)?;
            let display = Path::new(CONTENT_DIR).join(&rel);
            if file.file_name().is_some_and(|n| n == "_index.md") {
                return Section::parse(display, rel, text).map(Item::Section);
            }
            let mut page = Page::parse(display, rel, text)?;
            if page.meta.draft && !drafts {
                return Ok(Item::Draft);
            }
            prepare(&mut page)?;
            Ok(Item::Page(page))
        })
        .collect();
    let mut content = Content {
        warnings,
        pages: Vec::with_capacity(parsed.len()),
        ..Content::default()
    };
    for item in parsed {
        match item {
            Ok(Item::Page(p)) => content.pages.push(p),
            Ok(Item::Draft) => {}
            Ok(Item::Section(s)) => content.sections.push(s),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if !content.sections.iter().any(|s| s.rel_dir.is_empty()) {
        content.sections.push(Section::implicit_root());
    }
    content.sections.sort_by(|a, b| a.rel_dir.cmp(&b.rel_dir));
    Ok(content)
}

enum Item {
    Page(Page),
    Section(Section),
    /// A draft page, left out.
    Draft,
}
