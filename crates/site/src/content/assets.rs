//! The files under `content/` that are not Markdown: images, PDFs, data files. Each is copied to
//! the output, none is left out: in a page bundle (a folder with an `index.md`) beside its page,
//! wherever the page's URL is (so `![](chart.png)` works from the page), and elsewhere in its
//! folder's URL. An asset that would replace a generated file is an error.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{CONTENT_DIR, Page};
use crate::urls::dir_path;
use deload_engine::error::Error;

/// A file copied from `content/` to the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// The file as shown in messages (`content/guidance/sleep/chart.png`).
    pub file: PathBuf,
    /// The file to read.
    pub source: PathBuf,
    /// Its site path (`/guidance/sleep/chart.png`).
    pub path: String,
}

/// A folder holding both an `index.md` (a page bundle) and an `_index.md` (a section) is an
/// error: it cannot be both.
pub(crate) fn bundle_clashes(markdown: &[(String, PathBuf)]) -> Vec<Error> {
    let rels: HashSet<&str> = markdown.iter().map(|(r, _)| r.as_str()).collect();
    markdown
        .iter()
        .filter_map(|(rel, _)| {
            let dir = rel.strip_suffix("/index.md")?;
            rels.contains(format!("{dir}/_index.md").as_str()).then(|| {
                Error::new(format!(
                    "content/{dir}/ has both an index.md (a page bundle) and an _index.md (a section)"
                ))
                .in_file(Path::new(CONTENT_DIR).join(rel))
                .with_hint("keep index.md for one page with its files, or _index.md for a section of pages")
            })
        })
        .collect()
}

/// The assets of `files` (content-relative path, path): each in the deepest page bundle that
/// holds it, beside that page, else at its folder's URL. Files inside the bundle of a page that
/// is not built (a draft, `skipped`) are left out with it. Folder names are slugged by `mode`.
pub(crate) fn place(
    files: &[(String, PathBuf)],
    pages: &[Page],
    skipped: &[String],
    mode: crate::urls::slug::Mode,
) -> Vec<Asset> {
    let bundles: HashMap<&str, &str> = pages
        .iter()
        .filter_map(|p| p.bundle.as_deref().map(|b| (b, p.path.as_str())))
        .collect();
    let mut out = Vec::with_capacity(files.len());
    for (rel, source) in files {
        let (parent, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let mut dir = parent;
        let path = loop {
            if let Some(page) = bundles.get(dir) {
                break Some(format!("{page}{}", &rel[dir.len() + 1..]));
            }
            if skipped.iter().any(|s| s == dir) {
                break None;
            }
            match dir.rfind('/') {
                Some(i) => dir = &dir[..i],
                None if !dir.is_empty() => dir = "",
                None => break Some(format!("{}{name}", dir_path(parent, mode))),
            }
        };
        if let Some(path) = path {
            out.push(Asset {
                file: Path::new(CONTENT_DIR).join(rel),
                source: source.clone(),
                path,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, fm: &str) -> Page {
        let text = format!("---\ntitle: T\n{fm}---\n");
        match Page::parse(Path::new("content").join(rel), rel.into(), text) {
            Ok(p) => p,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn assets_go_beside_their_bundle_page_or_to_their_folder() {
        let pages = [
            page("guidance/sleep/index.md", ""),
            page("posts/2020-01-02-trip/index.md", "slug: holiday\n"),
        ];
        let files: Vec<(String, PathBuf)> = [
            "guidance/sleep/chart.png",
            "guidance/sleep/img/a.jpg",
            "posts/2020-01-02-trip/map.svg",
            "Guidance Notes/x.pdf",
            "top.txt",
            "drafts/d/pic.png",
        ]
        .iter()
        .map(|r| (r.to_string(), PathBuf::from(r)))
        .collect();
        let placed: Vec<String> = place(
            &files,
            &pages,
            &["drafts/d".to_string()],
            Default::default(),
        )
        .into_iter()
        .map(|a| a.path)
        .collect();
        assert_eq!(
            placed,
            [
                "/guidance/sleep/chart.png",
                "/guidance/sleep/img/a.jpg",
                "/posts/holiday/map.svg",
                "/guidance-notes/x.pdf",
                "/top.txt",
            ]
        );
    }

    #[test]
    fn a_folder_cannot_be_a_bundle_and_a_section() {
        let md = |r: &str| (r.to_string(), PathBuf::from(r));
        let errors = bundle_clashes(&[md("a/index.md"), md("a/_index.md"), md("b/index.md")]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("content/a/"), "{}", errors[0]);
    }
}
