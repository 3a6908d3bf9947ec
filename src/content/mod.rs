//! `content/`: Markdown pages and sections with YAML front matter.
//!
//! [`load`] walks the folder and parses every file's front matter; Markdown bodies are rendered
//! later by [`crate::site`], once every page's URL is known.

mod front_matter;
mod page;
mod section;

pub use front_matter::{PageFrontMatter, SectionFrontMatter, SortBy, split_front_matter};
pub use page::Page;
pub use section::Section;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;

/// The folder under the site root that holds the Markdown content.
pub const CONTENT_DIR: &str = "content";

/// Turns text into a URL- and id-safe slug: lowercase; each run of characters other than ASCII
/// letters and digits becomes one `-`; no leading or trailing `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Everything found under `content/`, parsed but not yet rendered.
#[derive(Debug, Default)]
pub struct Content {
    /// Pages, sorted by their content-relative path.
    pub pages: Vec<Page>,
    /// Sections, sorted by path; the root section (`content/_index.md`, or an implicit one) first.
    pub sections: Vec<Section>,
}

/// Reads every `*.md` under `root/content`. Drafts are skipped unless `drafts`. All errors are
/// collected, so the user sees every broken file at once.
pub fn load(root: &Path, drafts: bool) -> Result<Content, Vec<Error>> {
    let dir = root.join(CONTENT_DIR);
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if dir.is_dir() {
        walk(&dir, &mut files, &mut errors, 0);
    }
    files.sort();
    let parsed: Vec<Result<Item, Error>> = files
        .par_iter()
        .map(|file| {
            let rel = rel_path(&dir, file);
            let text = crate::fs::read_text(file)?;
            let display = Path::new(CONTENT_DIR).join(&rel);
            if file.file_name().is_some_and(|n| n == "_index.md") {
                Section::parse(display, rel, text).map(Item::Section)
            } else {
                Page::parse(display, rel, text).map(Item::Page)
            }
        })
        .collect();
    let mut content = Content::default();
    for item in parsed {
        match item {
            Ok(Item::Page(p)) => {
                if drafts || !p.meta.draft {
                    content.pages.push(p);
                }
            }
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
}

/// The path of `file` relative to `dir`, with `/` separators.
fn rel_path(dir: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(dir).unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

const MAX_DEPTH: usize = 64;

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<Error>, depth: usize) {
    if depth > MAX_DEPTH {
        errors.push(
            Error::new("content is nested too deeply (a symlink loop?)")
                .in_file(dir)
                .with_hint("remove the symlink loop or flatten the folders"),
        );
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(Error::io(dir, "read the folder", &e));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Error::io(dir, "read the folder", &e));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            errors.push(
                Error::new("file name is not valid UTF-8")
                    .in_file(&path)
                    .with_hint("rename the file using UTF-8 characters"),
            );
            continue;
        };
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        // follow symlinks, but through metadata so a dangling one is an error, not a panic
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, files, errors, depth + 1),
            Ok(m) if m.is_file() && name.ends_with(".md") => files.push(path),
            Ok(_) => {}
            Err(e) => errors.push(Error::io(&path, "read", &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_rules() {
        assert_eq!(slugify("How much sleep?"), "how-much-sleep");
        assert_eq!(slugify("RPE, RIR and load"), "rpe-rir-and-load");
        assert_eq!(slugify("7–9 hours"), "7-9-hours");
        assert_eq!(slugify("  --Déjà vu--  "), "d-j-vu");
        assert_eq!(slugify("???"), "");
    }
}
