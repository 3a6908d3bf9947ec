//! `deload import`: a Hugo, Jekyll or Zola site read and written as a deload site (issue #26).
//!
//! The source is only read. Its config becomes site.yaml (`config`), each content file's front
//! matter is mapped to deload's keys with the rest under `extra:` (`front`), the generators'
//! common shortcodes and Liquid tags are translated (`body`), and static files, data files and
//! bundles are copied. Whatever cannot be translated (a shortcode, a template folder, a URL
//! pattern) is a [`Note`] with its file and line, listed in one report at the end: nothing is
//! dropped without a word. The destination must not exist or be empty.

#![warn(missing_docs)]
// The crate is the `deload` binary's internals (never published): its docs name private items
// on purpose, for whoever maintains it (`cargo doc --document-private-items` shows them).
#![allow(rustdoc::private_intra_doc_links)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

mod body;
mod config;
mod front;
mod hugo_content;
mod hugo_urls;
mod languages;
mod slugs;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use deload_engine::error::Error;

/// The generator a site was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generator {
    /// Hugo: `hugo.toml` (or `config.*`), `content/`, `static/`, `data/`.
    Hugo,
    /// Jekyll: `_config.yml`, `_posts/`, `_pages/` and root pages, `assets/`, `_data/`.
    Jekyll,
    /// Zola: `config.toml`, `content/`, `static/`.
    Zola,
}

impl Generator {
    /// The name, as written in the report.
    pub fn name(self) -> &'static str {
        match self {
            Generator::Hugo => "Hugo",
            Generator::Jekyll => "Jekyll",
            Generator::Zola => "Zola",
        }
    }
}

/// Something the import could not carry over as it was, and what it did instead.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The source file, relative to the source folder (empty for the whole site).
    pub file: String,
    /// The 1-based line in it (0 when the note is about the whole file).
    pub line: usize,
    /// The construct (`shortcode \`gist\``, `key \`layout\``).
    pub construct: String,
    /// What was done with it.
    pub done: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.file.is_empty(), self.line) {
            (true, _) => write!(f, "(site): {}: {}", self.construct, self.done),
            (false, 0) => write!(f, "{}: {}: {}", self.file, self.construct, self.done),
            (false, l) => write!(f, "{}:{l}: {}: {}", self.file, self.construct, self.done),
        }
    }
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Default)]
pub struct Report {
    /// Markdown files converted.
    pub pages: usize,
    /// Other files copied (bundles' files, static and data files).
    pub copied: usize,
    /// Every construct not carried over as it was, sorted by file and line.
    pub notes: Vec<Note>,
}

/// One file of the new site.
enum Output {
    /// Text written as given.
    Text(String),
    /// A file copied from the source.
    Copy(PathBuf),
}

/// The new site, built in memory before anything is written.
struct Site {
    files: Vec<(String, Output)>,
    notes: Vec<Note>,
    /// Taxonomies the pages use (besides `tags`), for site.yaml.
    pub taxonomies: BTreeSet<String>,
    pub pages: usize,
    /// The Markdown files of the new site's `content/`, for cross-references.
    content: BTreeSet<String>,
    /// The taxonomy terms the pages use, as (language, taxonomy, term); the language is empty
    /// for the default language.
    terms: BTreeSet<(String, String, String)>,
    /// The sections (`_index.md`), as (language, folder); both empty for the home page.
    sections: BTreeSet<(String, String)>,
    /// A multilingual Hugo site's languages.
    langs: Option<languages::Languages>,
    /// A multilingual Hugo site's pages by language (empty for the default language) and the
    /// path Hugo knew them by in it (`posts/jour.md` of `content/fr/`): their path in the new
    /// `content/`, for cross-references.
    refs: std::collections::BTreeMap<(String, String), String>,
    /// A Jekyll site's partials (`_includes/`, by their path there) written without Liquid,
    /// which an `{% include %}` inlines.
    includes: std::collections::BTreeMap<String, String>,
    /// A Hugo site's menus by name, and the identifiers and names of their top-level entries
    /// (site.yaml's and the pages'), which a page's entry may name as its `parent`.
    menu_parents: std::collections::BTreeMap<String, BTreeSet<String>>,
    /// The source folders of bundles renamed to pair by `translationKey`
    /// (`content/fr/posts/jour`) and the URL their page keeps (`/fr/posts/jour/`): their other
    /// files are served there, where the page's relative links find them.
    renamed_bundles: std::collections::BTreeMap<String, String>,
}

impl Site {
    fn note(&mut self, file: &str, line: usize, construct: String, done: impl Into<String>) {
        self.notes.push(Note {
            file: file.to_string(),
            line,
            construct,
            done: done.into(),
        });
    }

    /// The `@/` link of a Hugo cross-reference (`ref "posts/a.md#x"`, `"/posts/a"`, `"a.md"`),
    /// if its page is in content/: on a page of the language `lang`, the page of that language,
    /// found by the path Hugo knew it by, else the translation in that language of the default
    /// language's page (Hugo looks a reference up in the page's own language), else that page.
    fn content_link(&self, target: &str, lang: Option<&str>) -> Option<String> {
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, format!("#{a}")),
            None => (target, String::new()),
        };
        let p = path.trim_matches('/');
        if p.is_empty() {
            return (!anchor.is_empty()).then_some(anchor);
        }
        let p = p
            .strip_suffix(".markdown")
            .map_or(p.to_string(), |s| format!("{s}.md"));
        let default = self.langs.as_ref().map(|l| l.default.as_str());
        let lang = lang.filter(|l| Some(*l) != default);
        let own = lang.and_then(|l| {
            let known: std::collections::BTreeMap<&str, &str> = (self.refs.iter())
                .filter(|((fl, _), _)| fl == l)
                .map(|((_, from), to)| (from.as_str(), to.as_str()))
                .collect();
            find_content(known.keys().copied(), &p).map(|k| known[k].to_string())
        });
        let found = own.or_else(|| {
            let page = find_content(self.content.iter().map(String::as_str), &p)?;
            let translated = lang
                .map(|l| languages::with_lang(page, Some(l)))
                .filter(|t| self.content.contains(t));
            Some(translated.unwrap_or_else(|| page.to_string()))
        })?;
        Some(format!("@/{found}{anchor}"))
    }

    /// A redirect page in `static/` at the site path `old` (ending in `/`) to the site path
    /// `target`; false, and nothing written, when `old` is `target`, leaves the site or already
    /// has a file. The page links its target by a relative URL (`../../tags/rest/` from
    /// `/tag/rest/`), which leads to it wherever the site is served: under a base URL with a path
    /// (`https://example.org/blog/`), where a root-relative `/tags/rest/` would leave the site,
    /// and in `deload serve`'s preview at `/`.
    fn redirect(&mut self, old: &str, target: &str) -> bool {
        let rel = format!("static/{}index.html", old.trim_start_matches('/'));
        let unsafe_path = old.split('/').any(|s| s == ".." || s == ".") || old.contains('\\');
        if old == target || unsafe_path || !old.ends_with('/') || old.chars().any(char::is_control)
        {
            return false;
        }
        if self.files.iter().any(|(f, _)| *f == rel) {
            return false;
        }
        let target = relative_url(old, &deload_site::urls::encode(target));
        let html = format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n"
        );
        self.files.push((rel, Output::Text(html)));
        true
    }

    fn copy_tree(&mut self, src: &Path, from: &str, to: &str) -> Result<(), Vec<Error>> {
        let dir = src.join(from);
        if !dir.is_dir() {
            return Ok(());
        }
        let tree = deload_site::fs::walk_tree(&dir, true);
        if !tree.errors.is_empty() {
            return Err(tree.errors);
        }
        for (rel, path) in tree.files {
            self.files.push((format!("{to}/{rel}"), Output::Copy(path)));
        }
        Ok(())
    }
}

/// The URL of the site path `target` relative to the folder URL `old` (both from the site's
/// root: `/tag/rest/` and `/tags/rest/` → `../../tags/rest/`).
fn relative_url(old: &str, target: &str) -> String {
    let depth = old.split('/').filter(|s| !s.is_empty()).count();
    let rest = target.trim_start_matches('/');
    match (depth, rest.is_empty()) {
        (0, true) => "./".to_string(),
        _ => format!("{}{rest}", "../".repeat(depth)),
    }
}

/// Of the content paths `known`, the one the reference path `p` (`posts/a`, `a.md`) names: by
/// its path (as a page, a bundle or a section), else by its end.
fn find_content<'a>(known: impl Iterator<Item = &'a str> + Clone, p: &str) -> Option<&'a str> {
    let exact = [
        p.to_string(),
        format!("{p}.md"),
        format!("{p}/index.md"),
        format!("{p}/_index.md"),
    ];
    (exact.iter())
        .find_map(|c| known.clone().find(|k| k == c))
        .or_else(|| {
            let tail = format!("/{}", p.trim_end_matches(".md"));
            known.clone().find(|c| {
                let c = c
                    .trim_end_matches(".md")
                    .trim_end_matches("/index")
                    .trim_end_matches("/_index");
                c.ends_with(&tail)
            })
        })
}

/// jekyll-archives' term pages (`/tag/sleep/`, `/category/news/`, or the site's
/// `jekyll-archives.permalinks`) as redirect pages in `static/` to deload's (`/tags/sleep/`), so
/// that their old URLs still land; nothing for a site without the plugin's settings.
fn archive_redirects(source: &config::Source, site: &mut Site) {
    if source.at(&["jekyll-archives"]).is_none() {
        return;
    }
    let mut written = 0;
    for (lang, taxonomy, term) in site.terms.clone() {
        let kind = match taxonomy.as_str() {
            "tags" => "tag",
            "categories" => "category",
            _ => continue,
        };
        let default = format!("/{kind}/:name/");
        let pattern = (source.at(&["jekyll-archives", "permalinks", kind]))
            .and_then(serde_json::Value::as_str)
            .unwrap_or(&default);
        use deload_site::urls::slug::{Mode, anchor, term as term_slug};
        let old = pattern.replace(":name", &anchor(&term, Mode::On));
        let target = format!("/{taxonomy}/{}/", term_slug(&term, Mode::On));
        if lang.is_empty() && site.redirect(&old, &target) {
            written += 1;
        }
    }
    if written > 0 {
        let done =
            format!("{written} redirect pages in static/ to deload's term pages (`/tags/NAME/`)");
        site.note(&source.file, 0, "jekyll-archives term pages".into(), done);
    }
}

/// Imports the `from` site at `src` into `dest` (which must not exist or be empty); with
/// `dry_run`, only reports.
pub fn import(
    from: Generator,
    src: &Path,
    dest: &Path,
    dry_run: bool,
) -> Result<Report, Vec<Error>> {
    check_dest(dest).map_err(|e| vec![e])?;
    if !src.is_dir() {
        return Err(vec![
            Error::new(format!(
                "the source folder {} does not exist",
                src.display()
            ))
            .in_file(src)
            .with_hint("give the folder of the site to import"),
        ]);
    }
    let mut site = Site {
        files: Vec::new(),
        notes: Vec::new(),
        taxonomies: BTreeSet::new(),
        pages: 0,
        content: BTreeSet::new(),
        terms: BTreeSet::new(),
        sections: BTreeSet::new(),
        langs: None,
        refs: std::collections::BTreeMap::new(),
        includes: std::collections::BTreeMap::new(),
        menu_parents: std::collections::BTreeMap::new(),
        renamed_bundles: std::collections::BTreeMap::new(),
    };
    let source_config = config::read(from, src).map_err(|e| vec![e])?;
    pages(from, src, &source_config, &mut site)?;
    let (statics, data) = match from {
        Generator::Hugo => ("static", "data"),
        Generator::Zola => ("static", ""),
        Generator::Jekyll => ("assets", "_data"),
    };
    let static_to = if from == Generator::Jekyll {
        "static/assets"
    } else {
        "static"
    };
    site.copy_tree(src, statics, static_to)?;
    if !data.is_empty() {
        site.copy_tree(src, data, "data")?;
    }
    left_for_the_user(from, src, &mut site);
    let mut i18n = Vec::new();
    let mut languages = |m: &mut serde_json::Map<String, serde_json::Value>,
                         notes: &mut Vec<Note>| match from {
        Generator::Hugo => i18n = languages::site_yaml(&source_config, m, notes),
        Generator::Zola => languages::zola_site_yaml(&source_config, m, notes),
        Generator::Jekyll => {}
    };
    let yaml = config::site_yaml(
        from,
        &source_config,
        &site.taxonomies,
        &mut site.notes,
        &mut languages,
    );
    site.files.push(("site.yaml".into(), Output::Text(yaml)));
    for (rel, text) in i18n {
        site.files.push((rel, Output::Text(text)));
    }
    let mut report = Report {
        pages: site.pages,
        copied: (site.files.iter())
            .filter(|(_, o)| matches!(o, Output::Copy(_)))
            .count(),
        notes: std::mem::take(&mut site.notes),
    };
    report.notes.sort();
    report.notes.dedup();
    if !dry_run {
        write(dest, &site.files).map_err(|e| vec![e])?;
    }
    Ok(report)
}

/// The pages of the site, and redirect pages from the old URLs of the lists deload serves
/// elsewhere (sections, taxonomies and terms).
fn pages(
    from: Generator,
    src: &Path,
    source_config: &config::Source,
    site: &mut Site,
) -> Result<(), Vec<Error>> {
    match from {
        Generator::Hugo => {
            site.langs = languages::Languages::read(source_config);
            content_dir(from, src, source_config, site)?;
            hugo_urls::list_redirects(source_config, site);
        }
        Generator::Zola => {
            site.langs = languages::Languages::read_zola(source_config);
            content_dir(from, src, source_config, site)?;
            slugs::term_redirects(source_config, site);
            slugs::section_redirects(source_config, site);
        }
        Generator::Jekyll => {
            jekyll(src, source_config, site)?;
            archive_redirects(source_config, site);
        }
    }
    Ok(())
}

/// The destination must not exist, or be an empty folder: an import never overwrites.
fn check_dest(dest: &Path) -> Result<(), Error> {
    if !dest.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(dest).is_ok_and(|mut d| d.next().is_none());
    if dest.is_dir() && empty {
        return Ok(());
    }
    Err(Error::new(format!(
        "{} exists and is not an empty folder",
        dest.display()
    ))
    .in_file(dest)
    .with_hint("import into a new folder; an import never overwrites files"))
}

/// Writes the new site's files under `dest`.
fn write(dest: &Path, files: &[(String, Output)]) -> Result<(), Error> {
    let fail = |e: std::io::Error, p: &Path| {
        Error::new(format!("cannot write {}: {e}", p.display())).in_file(p)
    };
    for (rel, out) in files {
        let path = dest.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(e, parent))?;
        }
        match out {
            Output::Text(t) => std::fs::write(&path, t).map_err(|e| fail(e, &path))?,
            Output::Copy(from) => {
                std::fs::copy(from, &path).map_err(|e| fail(e, &path))?;
            }
        }
    }
    Ok(())
}

/// Hugo's and Zola's `content/` (and a multilingual Hugo site's other languages' content
/// folders): Markdown converted, every other file (bundles' images) copied; a Hugo site's
/// translations paired by `translationKey`, and its top-level folders without `_index.md` given
/// one, as Hugo serves a list page for them all the same.
fn content_dir(
    from: Generator,
    src: &Path,
    source_config: &config::Source,
    site: &mut Site,
) -> Result<(), Vec<Error>> {
    // every file's errors, not only the first file's
    let mut errors = Vec::new();
    let mut files = content_files(src, site, &mut errors)?;
    if from == Generator::Hugo {
        hugo_content::pair_by_translation_key(&mut files, site);
        let pages = files.iter().filter_map(|f| f.page.as_ref());
        site.menu_parents = hugo_content::menu_parents(source_config, pages);
    }
    let files = one_file_an_output(files, site);
    site.content = (files.iter())
        .filter(|f| f.page.is_some())
        .map(|f| f.rel.clone())
        .collect();
    for (place, _) in files.iter().filter_map(|f| f.page.as_ref()) {
        let lang = place.lang.clone().unwrap_or_default();
        let key = (lang, place.source_rel().to_string());
        site.refs.entry(key).or_insert_with(|| place.out_rel());
    }
    if from == Generator::Hugo {
        hugo_content::implicit_sections(source_config, site);
    }
    // the pages first: a renamed bundle's page tells where its other files go
    let (pages, others): (Vec<_>, Vec<_>) = files.into_iter().partition(|f| f.page.is_some());
    let page_dirs: BTreeSet<String> = (pages.iter().filter_map(|f| f.page.as_ref()))
        .filter(|(place, _)| place.renamed_from.is_none())
        .filter_map(|(place, _)| Some(place.shown.rsplit_once('/')?.0.to_string()))
        .collect();
    for (place, text) in pages.into_iter().filter_map(|f| f.page) {
        convert_file(from, &place, &text, source_config, site, &mut errors);
    }
    for file in others {
        let shown = file.path.strip_prefix(src).unwrap_or(&file.path);
        let shown = shown.to_string_lossy().replace('\\', "/");
        if let Some(to) = hugo_content::renamed_bundle_file(&shown, site) {
            site.files.push((to, Output::Copy(file.path.clone())));
            let dir = shown.rsplit_once('/').map_or("", |(d, _)| d);
            if !page_dirs.contains(dir) {
                continue;
            }
        }
        (site.files).push((format!("content/{}", file.rel), Output::Copy(file.path)));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A file of a content folder.
struct ContentFile {
    /// Its path under the new `content/` (a page's [`front::Place::out_rel`]).
    rel: String,
    /// Its path in the source.
    path: PathBuf,
    /// A Markdown file's place and text; none for another file, which is copied.
    page: Option<(front::Place, String)>,
}

/// The files of the site's content folders, the default language's first: a translation in
/// its own language's folder (`content/fr/posts/a.md`) goes beside its default-language file
/// (`posts/a.fr.md`). A Markdown file that cannot be read is an error in `errors`.
fn content_files(
    src: &Path,
    site: &mut Site,
    errors: &mut Vec<Error>,
) -> Result<Vec<ContentFile>, Vec<Error>> {
    let langs = site.langs.clone();
    let roots = (langs.as_ref()).map_or(vec![("content".to_string(), String::new())], |l| {
        l.roots.clone()
    });
    let mut out = Vec::new();
    for (root, root_lang) in roots {
        let dir = src.join(&root);
        if root != "content" && !dir.is_dir() {
            site.note(
                &root,
                0,
                format!("`contentDir` of `{root_lang}`"),
                "not found: nothing imported from it",
            );
            continue;
        }
        let tree = deload_site::fs::walk_tree(&dir, true);
        if !tree.errors.is_empty() {
            return Err(tree.errors);
        }
        let nested = langs
            .as_ref()
            .map(|l| l.nested_roots(&root))
            .unwrap_or_default();
        for (rel, path) in tree.files {
            if nested.iter().any(|n| rel.starts_with(n.as_str())) {
                continue;
            }
            let shown = format!("{root}/{rel}");
            let Some(md) = markdown_name(&rel) else {
                out.push(ContentFile {
                    rel,
                    path,
                    page: None,
                });
                continue;
            };
            let Some(place) = content_place(langs.as_ref(), md, shown, &root_lang, site) else {
                continue;
            };
            match deload_site::fs::read_text(&path) {
                Ok(text) => out.push(ContentFile {
                    rel: place.out_rel(),
                    path,
                    page: Some((place, text)),
                }),
                Err(e) => errors.push(e),
            }
        }
    }
    Ok(out)
}

/// `files` with one file for each output path: the first (the default language's folder comes
/// first), the others noted.
fn one_file_an_output(files: Vec<ContentFile>, site: &mut Site) -> Vec<ContentFile> {
    let mut taken = BTreeSet::new();
    let mut out = Vec::new();
    for file in files {
        if taken.insert(file.rel.clone()) {
            out.push(file);
        } else if let Some((place, _)) = &file.page {
            let done = format!(
                "not imported: `content/{}` comes from another file, which is kept",
                file.rel
            );
            site.note(&place.shown, 0, "a second file for one page".into(), done);
        }
    }
    out
}

/// `a.md` and `a.markdown` as `a.md`; none for a file that is not Markdown.
fn markdown_name(rel: &str) -> Option<String> {
    (rel.strip_suffix(".markdown"))
        .map(|s| format!("{s}.md"))
        .or_else(|| rel.ends_with(".md").then(|| rel.to_string()))
}

/// Where the Markdown file `md` (shown as `shown`) of a content folder of the language
/// `root_lang` goes; none, with a note, for a file of a language the import leaves out.
fn content_place(
    langs: Option<&languages::Languages>,
    md: String,
    shown: String,
    root_lang: &str,
    site: &mut Site,
) -> Option<front::Place> {
    let (rel, lang) = match langs {
        None => (md, None),
        Some(l) => match languages::file_lang(l, &md, root_lang) {
            languages::FileLang::Keep(rel, lang) => (rel, lang),
            languages::FileLang::LeftOut(code) => {
                let done =
                    "not imported: the language is disabled, or its code is not one deload accepts";
                site.note(&shown, 0, format!("language `{code}`"), done);
                return None;
            }
        },
    };
    if let Some(code) = langs.and_then(|_| languages::unknown_code(&rel)) {
        let done = format!(
            "`{code}` is not one of the site's languages: imported as a page of its own, named with the code (deload warns about it; rename it or add the language)"
        );
        site.note(&shown, 0, format!("language `{code}`"), done);
    }
    Some(front::Place {
        rel,
        shown,
        post_date: None,
        draft: false,
        html: false,
        lang,
        renamed_from: None,
    })
}

/// Jekyll: `_posts/` into `content/posts/` (file-name dates kept), `_drafts/` there too as drafts
/// (`draft: true`, built with `--drafts` as Jekyll builds them with its own), `_pages/` and the
/// root's Markdown pages into `content/` (a root `index.md` is the home page).
fn jekyll(src: &Path, source_config: &config::Source, site: &mut Site) -> Result<(), Vec<Error>> {
    site.includes = plain_partials(src);
    // (shown, source file, path under content/, the text where it was read already)
    let mut sources: Vec<(String, PathBuf, String, Option<String>)> = Vec::new();
    for (folder, to) in [("_posts", "posts/"), ("_drafts", "posts/"), ("_pages", "")] {
        let dir = src.join(folder);
        if dir.is_dir() {
            let tree = deload_site::fs::walk_tree(&dir, true);
            if !tree.errors.is_empty() {
                return Err(tree.errors);
            }
            for (rel, path) in tree.files {
                sources.push((format!("{folder}/{rel}"), path, format!("{to}{rel}"), None));
            }
        }
    }
    for (name, text) in jekyll_root_pages(src, site)? {
        let to = if name.starts_with("index.") {
            "_index.md".to_string()
        } else if let Some(stem) = name.strip_suffix(".html") {
            format!("{stem}.md")
        } else {
            name.clone()
        };
        sources.push((name.clone(), src.join(&name), to, text));
    }
    let mut errors = Vec::new();
    for (shown, path, to, text) in sources {
        let html = shown.ends_with(".html");
        let md = (to.strip_suffix(".markdown")).map_or(to.clone(), |s| format!("{s}.md"));
        if !md.ends_with(".md") {
            site.files
                .push((format!("content/{md}"), Output::Copy(path)));
            continue;
        }
        let draft = shown.starts_with("_drafts/");
        if draft {
            let done = "imported as a draft (`draft: true`): `deload build --drafts` shows it";
            site.note(&shown, 0, "draft".into(), done);
        }
        let place = front::Place {
            post_date: md.strip_prefix("posts/").and_then(front::name_date),
            rel: md,
            shown,
            draft,
            html,
            lang: None,
            renamed_from: None,
        };
        let text = match text.map_or_else(|| deload_site::fs::read_text(&path), Ok) {
            Ok(text) => text,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        convert_file(
            Generator::Jekyll,
            &place,
            &text,
            source_config,
            site,
            &mut errors,
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The pages at a Jekyll site's root: its Markdown files (but its README and the like) and its
/// HTML pages (see [`html_pages`]), with the text of those read already, by name.
fn jekyll_root_pages(
    src: &Path,
    site: &mut Site,
) -> Result<Vec<(String, Option<String>)>, Vec<Error>> {
    let root = std::fs::read_dir(src).map_err(|e| {
        vec![Error::new(format!("cannot read {}: {e}", src.display())).in_file(src)]
    })?;
    let mut pages: Vec<(String, Option<String>)> = (root.flatten())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| (n.ends_with(".md") || n.ends_with(".markdown")) && !is_readme(n))
        .map(|n| (n, None))
        .collect();
    pages.extend(html_pages(src, site).into_iter().map(|(n, t)| (n, Some(t))));
    pages.sort();
    Ok(pages)
}

/// The partials of a Jekyll site's `_includes/` that have no Liquid in them (no `{{` or `{%`),
/// by their path there: an `{% include %}` of one is its text.
fn plain_partials(src: &Path) -> std::collections::BTreeMap<String, String> {
    let dir = src.join("_includes");
    if !dir.is_dir() {
        return std::collections::BTreeMap::new();
    }
    let tree = deload_site::fs::walk_tree(&dir, true);
    (tree.files.into_iter())
        .filter_map(|(rel, path)| Some((rel, deload_site::fs::read_text(&path).ok()?)))
        .filter(|(_, text)| !text.contains("{{") && !text.contains("{%"))
        .collect()
}

/// The pages of the Jekyll site's root written in HTML: `.html` files with front matter (Jekyll
/// renders those; others are copied as static files). A page made of Liquid loops and
/// conditions (a home page listing `paginator.posts`, a tag index) is left to deload's theme,
/// which renders those lists itself, with a note. Each page's name and text.
fn html_pages(src: &Path, site: &mut Site) -> Vec<(String, String)> {
    let Ok(dir) = std::fs::read_dir(src) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for name in dir
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
    {
        if !name.ends_with(".html") {
            continue;
        }
        let Ok(text) = deload_site::fs::read_text(&src.join(&name)) else {
            continue;
        };
        if !text.starts_with("---") {
            continue;
        }
        let liquid_logic = ["{% for", "{%- for", "{% if", "{%- if", "paginator."]
            .iter()
            .find_map(|c| text.find(c).map(|at| (c, at)));
        match liquid_logic {
            Some((construct, at)) => {
                let line = text[..at].matches('\n').count() + 1;
                let done = "not imported: a page of Liquid loops and conditions; deload's theme renders its lists (write a template in templates/ to change them)";
                site.note(&name, line, format!("HTML page with `{construct}`"), done);
            }
            None => {
                let done = "imported as a page; its HTML body kept as one raw HTML block";
                site.note(&name, 0, "HTML page".into(), done);
                out.push((name, text));
            }
        }
    }
    out
}

/// Converts one Markdown file (its `text`) into the new site; its errors are added to `errors`
/// (the import goes on, so every broken file is reported at once).
fn convert_file(
    from: Generator,
    place: &front::Place,
    text: &str,
    source_config: &config::Source,
    site: &mut Site,
    errors: &mut Vec<Error>,
) {
    match front::convert(from, place, text, source_config, site, keep_url) {
        Ok(text) => {
            let rel = format!("content/{}", place.out_rel());
            site.files.push((rel, Output::Text(text)));
            site.pages += 1;
        }
        Err(e) => errors.extend(e),
    }
}

/// Keeps a page's old URL by its generator's rules (Hugo's permalinks and spelling, Zola's
/// slugs); Jekyll's are kept with its front matter.
fn keep_url(
    from: Generator,
    source: &config::Source,
    place: &front::Place,
    page: &mut front::Mapped,
    site: &mut Site,
) {
    match from {
        Generator::Hugo => {
            hugo_urls::keep_page_url(source, place, page, site);
            hugo_content::note_renamed_bundle(place, page, site);
        }
        Generator::Zola => slugs::keep_zola_url(source, place, page, site),
        Generator::Jekyll => {}
    }
}

/// Files a site's repository has about itself, not pages.
fn is_readme(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["readme.", "license.", "changelog.", "contributing."]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// Notes for the folders the import leaves to the user: templates, themes, includes, drafts.
fn left_for_the_user(from: Generator, src: &Path, site: &mut Site) {
    let folders: &[(&str, &str)] = match from {
        Generator::Hugo => &[
            (
                "layouts",
                "templates: not converted; deload's built-in theme renders the site (write templates/ in Tera to change it)",
            ),
            (
                "themes",
                "themes: not converted; deload's built-in theme renders the site",
            ),
            (
                "assets",
                "Hugo Pipes assets: not converted; put finished CSS and JS in static/",
            ),
            ("i18n", "translations: not converted"),
        ],
        Generator::Zola => &[
            (
                "templates",
                "templates: not copied; Zola's are Tera like deload's, copy the ones you need into templates/ and check the variables they use",
            ),
            (
                "themes",
                "themes: not converted; deload's built-in theme renders the site",
            ),
            ("sass", "Sass: not compiled; put the CSS in static/"),
        ],
        Generator::Jekyll => &[
            (
                "_layouts",
                "layouts: not converted; deload's built-in theme renders the site",
            ),
            (
                "_includes",
                "includes: a partial without Liquid is inlined where it is included; the other `{% include %}` calls are listed below",
            ),
            ("_sass", "Sass: not compiled; put the CSS in static/"),
        ],
    };
    for (folder, done) in folders {
        if src.join(folder).is_dir() {
            site.note(folder, 0, format!("folder `{folder}/`"), *done);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_link_their_targets_relatively() {
        assert_eq!(
            relative_url("/tag/rest/", "/tags/rest/"),
            "../../tags/rest/"
        );
        assert_eq!(relative_url("/en/", "/"), "../");
        assert_eq!(relative_url("/en/posts/", "/posts/"), "../../posts/");
        assert_eq!(relative_url("/", "/posts/"), "posts/");
    }
}
