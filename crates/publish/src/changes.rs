//! What a change to a site's sources rebuilds: the one set of rules that `deload serve` (after a
//! batch of file events) and `deload build` (after comparing the sources with the build graph's
//! record) both follow.
//!
//! - [`classify`] sorts changed paths into [`Changes`] by source folder, and
//!   [`Changes::kind`] says how far they reach ([`ChangeKind`]);
//! - for a content change, [`PageFacts`] tell whether a page was edited in place (its front
//!   matter, URL and heading ids as they were) and whether its summary changed, and
//!   [`reached_files`] lists the output files such edits reach. Anything else is a reload of the
//!   whole model and a full render.

use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};

use deload_site::content::Page;
use deload_site::site::Site;
use deload_site::urls;

/// The source folders under the site root that are watched recursively.
pub const SOURCE_DIRS: [&str; 6] = ["content", "programs", "templates", "static", "data", "sass"];

/// The sources a batch of changes touched, by kind. Paths are relative to their source folder
/// (`guidance/sleep.md` for `content/guidance/sleep.md`), `/`-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// `site.yaml` changed.
    pub config: bool,
    /// Source folders created, removed or renamed as a whole (`static`).
    pub folders: BTreeSet<String>,
    /// Files or folders under `content/`.
    pub content: BTreeSet<String>,
    /// Files or folders under `programs/`.
    pub programs: BTreeSet<String>,
    /// Files or folders under `templates/`.
    pub templates: BTreeSet<String>,
    /// Files or folders under `static/`.
    pub statics: BTreeSet<String>,
    /// Files or folders under `data/` (read by `load_data`).
    pub data: BTreeSet<String>,
    /// Files or folders under `sass/` (compiled to CSS when `sass.compile` is on).
    pub sass: BTreeSet<String>,
    /// Paths that were ignored (editor temp files, `.git`, the output, anything else).
    pub ignored: usize,
}

/// What a batch of changes needs rebuilt. Later variants include the work of earlier ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// Nothing deload reads changed.
    Nothing,
    /// Only files in `static/`: copy them again; nothing is rendered.
    Static,
    /// Only Markdown in `content/`: reload the model; re-render what the edit can reach.
    Content,
    /// Templates (and maybe static files): re-render everything from the loaded model.
    Templates,
    /// `site.yaml`, programs, or content together with templates: load and render everything.
    Full,
}

impl Changes {
    /// The rebuild the batch needs.
    pub fn kind(&self) -> ChangeKind {
        let content = !self.content.is_empty();
        // a stylesheet compiled from sass/ is written with the theme's assets
        let templates = !self.templates.is_empty() || !self.sass.is_empty();
        let statics = !self.statics.is_empty();
        // shortcode templates are rendered with the content
        let shortcodes = self.templates.iter().any(|t| t.starts_with("shortcodes"));
        if self.config
            || !self.folders.is_empty()
            || !self.programs.is_empty()
            || !self.data.is_empty()
            || shortcodes
            || (content && (templates || statics))
        {
            ChangeKind::Full
        } else if templates {
            ChangeKind::Templates
        } else if content {
            ChangeKind::Content
        } else if statics {
            ChangeKind::Static
        } else {
            ChangeKind::Nothing
        }
    }

    /// A short description for the terminal: `content/guidance/sleep.md`, or
    /// `3 files in content/, templates/style.css`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.config {
            parts.push("site.yaml".to_string());
        }
        for f in &self.folders {
            parts.push(format!("{f}/ (the folder)"));
        }
        for (dir, set) in [
            ("content", &self.content),
            ("programs", &self.programs),
            ("templates", &self.templates),
            ("static", &self.statics),
            ("data", &self.data),
            ("sass", &self.sass),
        ] {
            match set.len() {
                0 => {}
                1 => parts.push(format!("{dir}/{}", set.iter().next().map_or("", |s| s))),
                n => parts.push(format!("{n} paths in {dir}/")),
            }
        }
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Whether a file name is an editor's or tool's temporary file: `*~`, `.*` (vim's `.x.swp`,
/// `.x.swx`, emacs' `.#x`, atomic-save temporaries), `4913` (vim's probe), `*.tmp`, `*.swp`,
/// `#x#` (emacs autosave).
pub fn is_temp_name(name: &str) -> bool {
    name.is_empty()
        || name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".tmp")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Sorts a batch of changed paths (absolute, under `root`) into [`Changes`]. Pure: looks only at
/// the paths. Ignored: anything in the output folder `out` (if any), in `.git` or another hidden
/// folder, editor temp files, and
/// anything outside the sources.
pub fn classify(paths: &[PathBuf], root: &Path, out: Option<&Path>) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        if out.is_some_and(|o| path.starts_with(o)) {
            changes.ignored += 1;
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            changes.ignored += 1;
            continue;
        };
        let parts: Option<Vec<&str>> = rel
            .components()
            .map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        let Some(parts) = parts.filter(|p| !p.is_empty()) else {
            changes.ignored += 1;
            continue;
        };
        if parts.iter().any(|p| is_temp_name(p)) {
            changes.ignored += 1;
            continue;
        }
        let inner = parts[1..].join("/");
        let last = parts[parts.len() - 1];
        let ext = last.rsplit_once('.').map(|(_, e)| e);
        let recorded = match parts[0] {
            "site.yaml" if parts.len() == 1 => {
                changes.config = true;
                true
            }
            // a source folder itself (created, deleted or renamed)
            dir if parts.len() == 1 && SOURCE_DIRS.contains(&dir) => {
                changes.folders.insert(dir.to_string());
                true
            }
            // Markdown, the files beside it (copied to the output), folders
            "content" => {
                changes.content.insert(inner);
                true
            }
            "data" => {
                changes.data.insert(inner);
                true
            }
            "programs" if ext.is_none() || matches!(ext, Some("yaml" | "yml")) => {
                changes.programs.insert(inner);
                true
            }
            "templates" => {
                changes.templates.insert(inner);
                true
            }
            "static" => {
                changes.statics.insert(inner);
                true
            }
            "sass" => {
                changes.sass.insert(inner);
                true
            }
            _ => false,
        };
        if !recorded {
            changes.ignored += 1;
        }
    }
    changes
}

/// What the rules look at in one page to tell how far an edit of it reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageFacts {
    /// The front matter as written and the page's URL.
    pub meta: u128,
    /// The heading ids (other pages may link to them).
    pub anchors: u128,
    /// The summary and the word count (listings show them).
    pub summary: u128,
    /// The parsed front matter without its taxonomy terms, and the page's URL.
    pub rest: u128,
}

impl PageFacts {
    /// The facts of a loaded page.
    pub fn of(page: &Page) -> PageFacts {
        let mut meta = Vec::with_capacity(page.body_offset + page.path.len() + 16);
        for part in [
            &page.text.as_bytes()[..page.body_offset],
            page.path.as_bytes(),
        ] {
            meta.extend_from_slice(&(part.len() as u64).to_le_bytes());
            meta.extend_from_slice(part);
        }
        let mut anchors = Vec::new();
        for a in &page.rendered.anchors {
            anchors.extend_from_slice(&(a.len() as u64).to_le_bytes());
            anchors.extend_from_slice(a.as_bytes());
        }
        let mut summary = (page.rendered.word_count as u64).to_le_bytes().to_vec();
        summary.extend_from_slice(page.rendered.summary.as_bytes());
        let mut rest = page.meta.clone();
        rest.tags.clear();
        rest.taxonomies.clear();
        let rest = format!("{rest:?} {:?} {}", page.date, page.path);
        PageFacts {
            meta: xxhash_rust::xxh3::xxh3_128(&meta),
            anchors: xxhash_rust::xxh3::xxh3_128(&anchors),
            summary: xxhash_rust::xxh3::xxh3_128(&summary),
            rest: xxhash_rust::xxh3::xxh3_128(rest.as_bytes()),
        }
    }

    /// Whether the edit from `self` to `new` changed the page's taxonomy terms and nothing else
    /// of its front matter, URL or heading ids (its body may have changed too): see
    /// [`retagged_files`].
    pub fn terms_only(&self, new: &PageFacts) -> bool {
        self.rest == new.rest && self.anchors == new.anchors && self.meta != new.meta
    }

    /// How far the edit from `self` (the page as it was) to `new` reaches: `None` when beyond the
    /// page and its listings (front matter, URL or heading ids changed: titles reach listings,
    /// prev/next, tags and menus; ids reach other pages' links), else the edit in place.
    pub fn edit(&self, new: &PageFacts, index: usize) -> Option<PageEdit> {
        (self.meta == new.meta && self.anchors == new.anchors).then_some(PageEdit {
            index,
            summary_changed: self.summary != new.summary,
        })
    }
}

/// Output files a change reaches: files by output path, and every file under some folders.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// Output paths (`guidance/sleep/index.html`).
    pub files: HashSet<String>,
    /// Output folders, `/`-terminated (`tags/sleep/`): every file under them.
    pub folders: Vec<String>,
}

impl Reach {
    /// Whether the change reaches the output file `f`.
    pub fn contains(&self, f: &str) -> bool {
        self.files.contains(f) || self.folders.iter().any(|d| f.starts_with(d.as_str()))
    }
}

/// Every page's taxonomy terms, by their site paths (`/tags/sleep/`), indexed like the pages.
pub fn page_terms(site: &Site) -> Vec<Vec<String>> {
    let mut terms = vec![Vec::new(); site.pages.len()];
    for term in site.taxonomies.iter().flat_map(|t| &t.terms) {
        for &p in &term.pages {
            if let Some(list) = terms.get_mut(p) {
                list.push(term.path.clone());
            }
        }
    }
    terms
}

/// What changing the terms of page `i` alone reaches (see [`PageFacts::terms_only`]), given
/// the terms it had (`old`, site paths): the page; every page that shares a term it had or has
/// (the related pages they show are scored by shared terms); its section's listing pages; every
/// file of those terms' pages (their listings, and the pages that come and go with them);
/// every taxonomy's term list; the feed and the sitemap. The search index is the caller's.
pub fn retagged_files(site: &Site, i: usize, old: &[String]) -> Reach {
    let mut reach = Reach::default();
    reach.files.insert(urls::file_for(&site.pages[i].path));
    let now = page_terms_of(site, i);
    for path in old.iter().chain(&now) {
        reach.folders.push(
            urls::file_for(path)
                .trim_end_matches("index.html")
                .to_string(),
        );
        let term = site
            .taxonomies
            .iter()
            .flat_map(|t| &t.terms)
            .find(|t| &t.path == path);
        for &p in term.map_or(&[][..], |t| t.pages.as_slice()) {
            reach.files.insert(urls::file_for(&site.pages[p].path));
        }
    }
    let s = &site.sections[site.page_section[i]];
    for n in 1..=s.pages.len().max(1) {
        reach
            .files
            .insert(urls::file_for(&urls::listing_path(&s.path, n)));
    }
    for t in &site.taxonomies {
        reach.files.insert(urls::file_for(&t.path));
    }
    // a term's feed is in its folder, above; the section's feed and the site's list the page
    let section = site.page_section[i];
    reach
        .files
        .extend(site.section_feed(section).map(|f| urls::file_for(&f)));
    reach.files.insert(urls::file_for(&site.page_feed(i)));
    reach.files.insert(urls::file_for("/sitemap.xml"));
    if site.config.is_multilingual() {
        // a multilingual site's `/sitemap.xml` is the index; the page is in its language's
        let lang = (site.pages[i].lang.as_deref()).unwrap_or(site.config.default_lang());
        reach.files.insert(format!("sitemap-{lang}.xml"));
    }
    reach
}

/// The terms of page `i`, by their site paths.
fn page_terms_of(site: &Site, i: usize) -> Vec<String> {
    (site.taxonomies.iter().flat_map(|t| &t.terms))
        .filter(|t| t.pages.contains(&i))
        .map(|t| t.path.clone())
        .collect()
}

/// A page edited in place (see [`PageFacts::edit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageEdit {
    /// The page's index in the site.
    pub index: usize,
    /// Its summary or word count changed, so the listings that show it change too.
    pub summary_changed: bool,
}

/// The output files the pages edited in place reach, besides the search index (which reads every
/// page): each page's own file and, when its summary or word count changed, the listings that
/// show it (its section's listing pages, its terms' pages, the feed). The flag says whether
/// listings are among them.
pub fn reached_files(site: &Site, edits: &[PageEdit]) -> (HashSet<String>, bool) {
    let mut wanted: HashSet<String> = HashSet::new();
    let mut listings = false;
    for edit in edits {
        let i = edit.index;
        wanted.insert(urls::file_for(&site.pages[i].path));
        if !edit.summary_changed {
            continue;
        }
        listings = true;
        let section = site.page_section[i];
        let s = &site.sections[section];
        for n in 1..=s.pages.len().max(1) {
            wanted.insert(urls::file_for(&urls::listing_path(&s.path, n)));
        }
        wanted.extend(site.section_feed(section).map(|f| urls::file_for(&f)));
        for t in &site.taxonomies {
            let per = site.config.term_page_size(&t.name);
            for term in t.terms.iter().filter(|term| term.pages.contains(&i)) {
                for n in 1..=term.pages.len().div_ceil(per).max(1) {
                    wanted.insert(urls::file_for(&urls::listing_path(&term.path, n)));
                }
                wanted.extend(site.term_feed(term).map(|f| urls::file_for(&f)));
            }
        }
        wanted.insert(urls::file_for(&site.page_feed(i)));
    }
    (wanted, listings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str]) -> Changes {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(&paths, root, Some(&root.join("public")))
    }

    #[test]
    fn temp_files_are_ignored() {
        for p in [
            "content/guidance/.sleep.md.swp",
            "content/guidance/.sleep.md.swx",
            "content/guidance/sleep.md~",
            "content/guidance/4913",
            "content/guidance/sleep.md.tmp",
            "content/guidance/.#sleep.md",
            "content/guidance/#sleep.md#",
            "content/.git/index",
            ".git/HEAD",
            "templates/.style.css.swp",
        ] {
            let c = run(&[p]);
            assert_eq!(c.kind(), ChangeKind::Nothing, "{p}: {c:?}");
            assert_eq!(c.ignored, 1, "{p}");
        }
    }

    #[test]
    fn output_and_unrelated_paths_are_ignored() {
        let c = run(&[
            "public/index.html",
            "public/guidance/sleep/index.html",
            "README.md",
            "target/debug/deload",
        ]);
        assert_eq!(c.kind(), ChangeKind::Nothing, "{c:?}");
        assert_eq!(c.ignored, 4);
        // a file beside the Markdown is copied to the output: a content change
        assert_eq!(
            run(&["content/guidance/photo.jpg"]).kind(),
            ChangeKind::Content
        );
        // data files and shortcode templates reach the content: everything is rebuilt
        assert_eq!(run(&["data/lifts.csv"]).kind(), ChangeKind::Full);
        assert_eq!(
            run(&["templates/shortcodes/note.html"]).kind(),
            ChangeKind::Full
        );
        // a path outside the root
        let c = classify(
            &[PathBuf::from("/elsewhere/x.md")],
            Path::new("/site"),
            None,
        );
        assert_eq!(c.kind(), ChangeKind::Nothing);
    }

    #[test]
    fn atomic_save_is_one_content_change() {
        // the editor writes a temp file and renames it over the page
        let c = run(&[
            "content/guidance/.sleep.md.tmp.1234",
            "content/guidance/sleep.md",
        ]);
        assert_eq!(c.kind(), ChangeKind::Content);
        assert_eq!(
            c.content.iter().collect::<Vec<_>>(),
            ["guidance/sleep.md"],
            "{c:?}"
        );
        assert_eq!(c.describe(), "content/guidance/sleep.md");
    }

    #[test]
    fn vim_save_is_one_content_change() {
        let c = run(&[
            "content/guidance/4913",
            "content/guidance/sleep.md~",
            "content/guidance/.sleep.md.swp",
            "content/guidance/sleep.md",
        ]);
        assert_eq!(c.kind(), ChangeKind::Content);
        assert_eq!(c.content.len(), 1);
    }

    #[test]
    fn new_folder_and_burst() {
        let mut paths = vec!["content/new".to_string()];
        for i in 0..50 {
            paths.push(format!("content/new/p{i}.md"));
        }
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let c = run(&refs);
        assert_eq!(c.kind(), ChangeKind::Content);
        assert_eq!(c.content.len(), 51);
        assert_eq!(c.describe(), "51 paths in content/");
    }

    #[test]
    fn kinds_by_source() {
        assert_eq!(run(&["site.yaml"]).kind(), ChangeKind::Full);
        assert_eq!(run(&["programs/novice.yaml"]).kind(), ChangeKind::Full);
        assert_eq!(
            run(&["programs/athletes/sam.yaml"]).kind(),
            ChangeKind::Full
        );
        assert_eq!(run(&["programs/notes.txt"]).kind(), ChangeKind::Nothing);
        assert_eq!(run(&["templates/page.html"]).kind(), ChangeKind::Templates);
        assert_eq!(run(&["templates/style.css"]).kind(), ChangeKind::Templates);
        assert_eq!(run(&["static/img/logo.svg"]).kind(), ChangeKind::Static);
        assert_eq!(run(&["sass/main.scss"]).kind(), ChangeKind::Templates);
        assert_eq!(
            run(&["sass/_vars.scss", "content/a.md"]).kind(),
            ChangeKind::Full
        );
        assert_eq!(
            run(&["static/a.css", "templates/base.html"]).kind(),
            ChangeKind::Templates
        );
        assert_eq!(
            run(&["content/a.md", "templates/base.html"]).kind(),
            ChangeKind::Full
        );
        assert_eq!(
            run(&["content/a.md", "static/a.css"]).kind(),
            ChangeKind::Full
        );
        // a source folder created or removed as a whole
        assert_eq!(run(&["static"]).kind(), ChangeKind::Full);
        assert_eq!(
            run(&["content/guidance/_index.md"]).kind(),
            ChangeKind::Content
        );
    }
}
