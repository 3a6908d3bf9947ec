//! A content page: one Markdown file that is not an `_index.md`.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::front_matter::{
    Format, PageFrontMatter, Split, key_location, parse_date, parse_meta, split_front_matter,
};
use super::keys::{self, Kind};
use crate::markdown::Rendered;
use crate::urls::slug::{self, Mode};
use crate::urls::{alias_path, dir_path};
use deload_engine::error::{Error, Location};

/// A page: its source, front matter, URL and (after rendering) its HTML.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file as shown in messages (`content/guidance/sleep.md`).
    pub file: PathBuf,
    /// The path relative to `content/`, `/`-separated (`guidance/sleep.md`); internal links use it.
    pub rel: String,
    /// The section folder relative to `content/` (`guidance`, or empty for the root).
    pub(crate) dir: String,
    /// The file text: all of it until the site has rendered the Markdown, then only the front
    /// matter (see [`Page::release_body`]).
    pub text: String,
    /// Byte offset of the Markdown body in `text`.
    pub body_offset: usize,
    /// A hash of the body, set when the body is released (to tell an edit from a touch).
    body_hash: Option<u64>,
    /// The parsed front matter.
    pub meta: PageFrontMatter,
    /// The bundle folder (content-relative) when the page is a bundle's `index.md`: the other
    /// files in it are copied beside the page.
    pub(crate) bundle: Option<String>,
    /// Warnings about the file (a self-alias), for the build's report.
    pub(crate) warnings: Vec<Error>,
    /// The front-matter keys that are not deload's, kept under `extra`, each with its location
    /// (for the site-wide warning, one per key).
    pub(crate) kept_keys: Vec<(String, Error)>,
    /// Parsed `date`.
    pub date: Option<Date>,
    /// Parsed `updated`.
    pub updated: Option<Date>,
    /// Parsed `expiry_date`: the page is left out after it.
    pub(crate) expiry: Option<Date>,
    /// The site path, `/guidance/sleep/`.
    pub path: String,
    /// The rendered Markdown, filled in by the site.
    pub rendered: Rendered,
    /// The language of a translation (`sleep.es.md`); none for the default language.
    pub lang: Option<String>,
    /// Whether the body calls a shortcode that looks up the site (`get_page`, ...): it is
    /// rendered once every page's front matter is read, not as the page loads.
    pub(crate) awaits_site: bool,
}

/// What parsing a content file needs from site.yaml.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rules {
    /// The taxonomies besides `tags`: a page may list its terms under a key of that name.
    pub(crate) taxonomies: Vec<String>,
    /// Unknown front-matter keys are errors (site.yaml `strict: true`), not kept under `extra`.
    pub(crate) strict: bool,
    /// Glob patterns of files to skip (site.yaml `ignore`).
    pub(crate) ignore: Vec<String>,
    /// The build's date, when pages dated after it or expired before it are left out.
    pub(crate) today: Option<Date>,
    /// Keep pages dated after `today` (`--future`, `build.future`).
    pub(crate) future: bool,
    /// Keep pages whose `expiry_date` is before `today` (`--expired`, `build.expired`).
    pub(crate) expired: bool,
    /// The site's languages besides the default: `sleep.es.md` is a translation when `es` is
    /// one (see `content::lang`).
    pub(crate) languages: Vec<String>,
    /// The default language's code.
    pub(crate) default_language: String,
    /// How file names and `slug`s become paths (site.yaml `slugify.paths`).
    pub(crate) paths: Mode,
}

impl Rules {
    /// Whether `page` is left out for its dates: dated after today, or expired before it.
    pub(crate) fn hides(&self, page: &Page) -> bool {
        let Some(today) = self.today else {
            return false;
        };
        let future = !self.future && page.date.is_some_and(|d| d > today);
        let expired = !self.expired && page.expiry.is_some_and(|d| d < today);
        future || expired
    }
}

/// Why a file was not loaded: its errors, and the unknown front-matter keys among them (for the
/// site-wide summary).
#[derive(Debug, Default)]
pub(crate) struct Rejected {
    /// Every error found in the file.
    pub(crate) errors: Vec<Error>,
    /// The unknown keys it has.
    pub(crate) unknown: Vec<String>,
}

impl From<Error> for Rejected {
    fn from(e: Error) -> Rejected {
        Rejected {
            errors: vec![e],
            unknown: Vec::new(),
        }
    }
}

/// Where a page's file puts it: its section folder, the name its URL comes from, and its bundle
/// folder when the file is a bundle's `index.md`.
struct Place<'a> {
    dir: String,
    stem: &'a str,
    bundle: Option<String>,
}

impl<'a> Place<'a> {
    /// The place of the file `rel` (content-relative, `/`-separated).
    fn of(rel: &'a str) -> Place<'a> {
        let (dir, name) = match rel.rsplit_once('/') {
            Some((d, f)) => (d, f),
            None => ("", rel),
        };
        if name == "index.md" && !dir.is_empty() {
            // a page bundle: the folder is the page; it belongs to the folder around it
            let (parent, folder) = dir.rsplit_once('/').unwrap_or(("", dir));
            return Place {
                dir: parent.to_string(),
                stem: folder,
                bundle: Some(dir.to_string()),
            };
        }
        Place {
            dir: dir.to_string(),
            stem: name.strip_suffix(".md").unwrap_or(name),
            bundle: None,
        }
    }
}

/// A `YYYY-MM-DD-` prefix of a file or folder name: the date and the rest of the name.
fn date_prefix(name: &str) -> Option<(Date, &str)> {
    let rest = name.get(11..).filter(|r| !r.is_empty())?;
    if name.as_bytes().get(10) != Some(&b'-') {
        return None;
    }
    let date = name.get(..10)?.parse::<Date>().ok()?;
    Some((date, rest))
}

impl Page {
    /// Parses a page's front matter and computes its URL. `file` is the path for messages.
    pub fn parse(file: PathBuf, rel: String, text: String) -> Result<Page, Vec<Error>> {
        Page::parse_with(file, rel, text, &Rules::default()).map_err(|r| r.errors)
    }

    /// Parses a page as [`Page::parse`] does, with site.yaml's `rules`; every unknown key is
    /// reported at once.
    pub(crate) fn parse_with(
        file: PathBuf,
        rel: String,
        text: String,
        rules: &Rules,
    ) -> Result<Page, Rejected> {
        let split = split_front_matter(&file, &text)?;
        let keys = keys::top_level(&split);
        let unknown = keys::unknown(
            &split,
            &keys,
            Kind::Page,
            &rules.taxonomies,
            rules.strict,
            &file,
            &text,
        );
        if !unknown.errors.is_empty() {
            return Err(Rejected {
                errors: unknown.errors,
                unknown: unknown.names,
            });
        }
        let at = |key: &str| key_location(&split, key).unwrap_or(Location { line: 1, column: 1 });
        let mut meta: PageFrontMatter = parse_meta(&split, &file, &text).map_err(|e| {
            // the YAML parser places a `menu:` value's own error at the front matter's start
            let is_menu = e.message.starts_with("`menu");
            if is_menu { e.at(at("menu"), &text) } else { e }
        })?;
        let names: Vec<String> = unknown.kept.iter().map(|(n, _)| n.clone()).collect();
        for (k, v) in keys::values(&split, &names, &file, &text)? {
            meta.extra.entry(k).or_insert(v);
        }
        taxonomy_keys(&mut meta, &split, &keys, rules, &file, &text)?;
        check_meta(&meta, &file, &text, &at)?;
        let place = Place::of(&rel);
        let (name_date, stem) = match date_prefix(place.stem) {
            Some((d, rest)) => (Some(d), rest),
            None => (None, place.stem),
        };
        let date = match meta.date.as_deref() {
            Some(d) => Some(parse_date(d, "date", &file, &split, &text)?),
            None => name_date,
        };
        let updated = meta
            .updated
            .as_deref()
            .map(|d| parse_date(d, "updated", &file, &split, &text))
            .transpose()?;
        let expiry = (meta.expiry_date.as_deref())
            .map(|d| parse_date(d, expiry_key(&keys), &file, &split, &text))
            .transpose()?;
        let path = page_path(&meta, (&place.dir, stem), rules.paths, &file, &text, &at)?;
        let warnings = drop_own_aliases(&mut meta, &path, &file, &text, at("aliases"));
        let body_offset = split.body_offset;
        Ok(Page {
            file,
            dir: place.dir,
            bundle: place.bundle,
            rel,
            text,
            body_offset,
            meta,
            date,
            updated,
            expiry,
            path,
            rendered: Rendered::default(),
            body_hash: None,
            warnings,
            kept_keys: unknown.kept,
            lang: None,
            awaits_site: false,
        })
    }

    /// The Markdown body (empty once released).
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Drops the Markdown body from memory once it is rendered and its links are checked: the
    /// site renders from the HTML, and error messages point into the front matter, which is kept.
    /// (The bodies were a quarter of a large site's memory.)
    pub(crate) fn release_body(&mut self) {
        if self.body_hash.is_none() {
            self.body_hash = Some(hash(self.body()));
            self.text.truncate(self.body_offset);
            self.text.shrink_to_fit();
        }
    }

    /// Whether `text` is this page's source file as it was loaded.
    pub fn is_source(&self, text: &str) -> bool {
        let (front, body) = text
            .split_at_checked(self.body_offset)
            .unwrap_or((text, ""));
        match self.body_hash {
            None => text == self.text,
            Some(h) => front == self.text && hash(body) == h,
        }
    }

    /// The location of a front-matter key in the file, if present.
    pub fn key_location(&self, key: &str) -> Option<Location> {
        split_front_matter(&self.file, &self.text)
            .ok()
            .and_then(|s| key_location(&s, key))
    }

    /// The page's words per minute reading time, at least one minute.
    pub fn reading_time(&self) -> usize {
        self.rendered.word_count.div_ceil(200).max(1)
    }
}

/// The name the front matter gives `expiry_date` (it has aliases), for messages.
fn expiry_key(keys: &[keys::Key]) -> &str {
    (keys.iter())
        .map(|k| k.name.as_str())
        .find(|k| k.eq_ignore_ascii_case("expirydate") || *k == "expiry_date")
        .unwrap_or("expiry_date")
}

/// Checks the front matter's values: a title, aliases and a template name that stay inside the
/// site.
fn check_meta(
    meta: &PageFrontMatter,
    file: &Path,
    text: &str,
    at: &dyn Fn(&str) -> Location,
) -> Result<(), Error> {
    if meta.title.trim().is_empty() {
        return Err(Error::new("the title is empty")
            .in_file(file)
            .at(at("title"), text)
            .with_hint("give the page a title: `title: Sleep and recovery`"));
    }
    for alias in &meta.aliases {
        if let Err(why) = check_site_path(alias) {
            return Err(Error::new(format!("alias `{alias}` {why}"))
                .in_file(file)
                .at(at("aliases"), text)
                .with_hint("write aliases as site paths like `/old/path/`"));
        }
    }
    if let Some(t) = &meta.template
        && (t.contains("..") || t.starts_with('/') || t.contains('\\'))
    {
        return Err(
            Error::new(format!("template name `{t}` leaves the templates folder"))
                .in_file(file)
                .at(at("template"), text)
                .with_hint("name a file inside templates/, like `guide.html`"),
        );
    }
    Ok(())
}

/// The page's site path: `path` as written, else its folder's path and its `slug` (or `stem`,
/// the file or bundle name without a date prefix), slugged by `mode`.
fn page_path(
    meta: &PageFrontMatter,
    (dir, stem): (&str, &str),
    mode: Mode,
    file: &Path,
    text: &str,
    at: &dyn Fn(&str) -> Location,
) -> Result<String, Error> {
    if let Some(p) = &meta.path {
        let p = if p.starts_with('/') {
            p.clone()
        } else {
            format!("/{p}")
        };
        return match check_site_path(&p) {
            Ok(()) => Ok(alias_path(&p)),
            Err(why) => Err(Error::new(format!("path `{p}` {why}"))
                .in_file(file)
                .at(at("path"), text)
                .with_hint("write the page's URL as a site path like `/hugo_mod/`")),
        };
    }
    let slug = match &meta.slug {
        Some(s) => {
            let slug = slug::path_segment(s, mode);
            if slug.is_empty() {
                return Err(Error::new(format!("slug `{s}` has no letters or digits"))
                    .in_file(file)
                    .at(at("slug"), text)
                    .with_hint("use letters, digits and hyphens, like `sleep-basics`"));
            }
            slug
        }
        None => {
            let s = slug::path_segment(stem, mode);
            if s.is_empty() { "page".to_string() } else { s }
        }
    };
    Ok(format!("{}{slug}/", dir_path(dir, mode)))
}

/// Adds the terms of top-level keys named like a taxonomy (`categories: [...]`) to
/// `meta.taxonomies`.
fn taxonomy_keys(
    meta: &mut PageFrontMatter,
    split: &Split,
    keys: &[keys::Key],
    rules: &Rules,
    file: &Path,
    text: &str,
) -> Result<(), Error> {
    let named: Vec<&keys::Key> = keys
        .iter()
        .filter(|k| rules.taxonomies.contains(&k.name))
        .collect();
    if named.is_empty() {
        return Ok(());
    }
    let table = match split.format {
        Format::Toml => Some(parse_meta::<toml::Table>(split, file, text)?),
        Format::Yaml | Format::Json => None,
    };
    for key in named {
        let terms = match (&table, split.format) {
            (Some(t), _) => keys::toml_terms(t, key, file, text)?,
            (None, Format::Json) => keys::json_terms(split, key, file, text)?,
            (None, _) => keys::yaml_terms(split, key, file, text)?,
        };
        meta.taxonomies
            .entry(key.name.clone())
            .or_default()
            .extend(terms);
    }
    Ok(())
}

/// The site path a content file `rel` has unless its front matter moves it (`slug`, `path`):
/// where a link to it most likely points when it did not load.
pub(crate) fn likely_path(rel: &str, mode: Mode) -> String {
    if let Some(dir) = rel.strip_suffix("_index.md") {
        return dir_path(dir.trim_end_matches('/'), mode);
    }
    let place = Place::of(rel);
    let stem = date_prefix(place.stem).map_or(place.stem, |(_, rest)| rest);
    let name = slug::path_segment(stem, mode);
    format!("{}{name}/", dir_path(&place.dir, mode))
}

/// Checks a site path from user input: absolute, no `..`, no backslashes or control characters.
pub(super) fn check_site_path(p: &str) -> Result<(), &'static str> {
    if !p.starts_with('/') {
        return Err("must start with `/`");
    }
    if p.split('/').any(|s| s == ".." || s == ".") || p.contains('\\') {
        return Err("must not contain `..` or `.` segments");
    }
    if p.chars().any(char::is_control) || p.contains("//") {
        return Err("has control characters or an empty segment");
    }
    Ok(())
}

/// A hash of a page body (to tell an edited file from one saved unchanged).
fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// Leaves out of `meta.aliases` those that are the page's own URL `path`, with a warning each
/// (at `at`, the `aliases` key of `file`, whose text is `text`).
fn drop_own_aliases(
    meta: &mut PageFrontMatter,
    path: &str,
    file: &Path,
    text: &str,
    at: Location,
) -> Vec<Error> {
    let mut warnings = Vec::new();
    meta.aliases.retain(|a| {
        let own = alias_path(a) == path;
        if own {
            warnings.push(
                Error::new(format!("alias `{a}` is the page's own URL; it is ignored"))
                    .in_file(file)
                    .at(at, text)
                    .with_hint("remove it from `aliases`"),
            );
        }
        !own
    });
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, fm: &str) -> Result<Page, Error> {
        Page::parse(
            Path::new("content").join(rel),
            rel.to_string(),
            format!("---\n{fm}---\nBody text.\n"),
        )
        .map_err(|mut e| e.remove(0))
    }

    fn with_rules(rel: &str, text: &str, taxonomies: &[&str]) -> Result<Page, Rejected> {
        let rules = Rules {
            taxonomies: taxonomies
                .iter()
                .map(std::string::ToString::to_string)
                .collect(),
            strict: true,
            ..Rules::default()
        };
        Page::parse_with(
            Path::new("content").join(rel),
            rel.into(),
            text.into(),
            &rules,
        )
    }

    #[test]
    fn bundles_dates_in_names_and_paths() {
        let p = page("guidance/sleep/index.md", "title: S\n").unwrap();
        assert_eq!(p.path, "/guidance/sleep/");
        assert_eq!(p.dir, "guidance");
        assert_eq!(p.bundle.as_deref(), Some("guidance/sleep"));
        let p = page("posts/2019-08-27-rest-days.md", "title: R\n").unwrap();
        assert_eq!(p.path, "/posts/rest-days/");
        assert_eq!(p.date.map(|d| d.to_string()).as_deref(), Some("2019-08-27"));
        let p = page(
            "posts/2019-08-27-rest-days.md",
            "title: R\ndate: 2020-01-02\n",
        )
        .unwrap();
        assert_eq!(p.date.map(|d| d.to_string()).as_deref(), Some("2020-01-02"));
        let p = page("posts/2019-13-27-x.md", "title: R\n").unwrap();
        assert_eq!(p.path, "/posts/2019-13-27-x/");
        let p = page("posts/2021-01-01-trip/index.md", "title: T\n").unwrap();
        assert_eq!(p.path, "/posts/trip/");
        let p = page("docs/mods.md", "title: M\npath: /hugo_mod/\n").unwrap();
        assert_eq!(p.path, "/hugo_mod/");
        let p = page("docs/mods.md", "title: M\npath: hugo_mod\n").unwrap();
        assert_eq!(p.path, "/hugo_mod/");
        assert!(page("docs/mods.md", "title: M\npath: /a/../b/\n").is_err());
    }

    #[test]
    fn every_unknown_key_at_once_and_taxonomy_keys() {
        let text =
            "---\ntitle: T\ncategories: [Sleep, Rest]\nlayout: post\nlastmod: 2020-01-01\n---\n";
        let r = with_rules("a.md", text, &[]).unwrap_err();
        assert_eq!(r.unknown, ["categories", "layout", "lastmod"]);
        let lines: Vec<usize> = r
            .errors
            .iter()
            .filter_map(|e| e.location.map(|l| l.line))
            .collect();
        assert_eq!(lines, [3, 4, 5]);
        let text = "---\ntitle: T\ncategories:\n  - Sleep\n  - Rest\ntags: [a]\n---\n";
        let p = with_rules("a.md", text, &["categories"]).unwrap();
        assert_eq!(p.meta.taxonomies["categories"], ["Sleep", "Rest"]);
        assert_eq!(p.meta.tags, ["a"]);
        // a flow mapping's line that looks like a key is not one
        let text = "---\ntitle: T\nextra: {\nhero: x.png\n}\n---\n";
        assert!(with_rules("a.md", text, &[]).is_ok());
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"T\"\ndate = 2019-08-27\ncategories = [\"Sleep\"]\n[extra]\nhero = \"x.png\"\n+++\nBody.\n";
        let p = with_rules("a.md", text, &["categories"]).unwrap();
        assert_eq!(p.meta.title, "T");
        assert_eq!(p.date.map(|d| d.to_string()).as_deref(), Some("2019-08-27"));
        assert_eq!(p.meta.taxonomies["categories"], ["Sleep"]);
        assert_eq!(p.body(), "Body.\n");
        let e = with_rules("a.md", "+++\ntitle = \"T\"\nweight = \"x\"\n+++\n", &[]).unwrap_err();
        assert_eq!(
            e.errors[0].location.map(|l| l.line),
            Some(3),
            "{:?}",
            e.errors
        );
        let e = with_rules("a.md", "+++\ntitle = \"T\"\nlayout = \"x\"\n+++\n", &[]).unwrap_err();
        assert_eq!(e.unknown, ["layout"]);
    }

    #[test]
    fn a_self_alias_is_dropped_with_a_warning() {
        let p = page(
            "guidance/sleep.md",
            "title: S\naliases: [/guidance/sleep/, /old/]\n",
        )
        .unwrap();
        assert_eq!(p.meta.aliases, ["/old/"]);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].location.map(|l| l.line), Some(3));
    }

    #[test]
    fn released_body_still_tells_an_edit_from_a_touch() {
        let mut p = page("a.md", "title: A\n").unwrap();
        let source = p.text.clone();
        assert!(p.is_source(&source));
        p.release_body();
        assert_eq!(p.body(), "");
        assert_eq!(p.text, "---\ntitle: A\n---\n");
        assert!(p.is_source(&source));
        assert!(!p.is_source(&source.replace("Body", "New")));
        assert!(!p.is_source(&source.replace("title: A", "title: B")));
        assert!(!p.is_source("---"));
    }

    #[test]
    fn url_from_path_and_slug() {
        assert_eq!(
            page("guidance/sleep.md", "title: S\n").unwrap().path,
            "/guidance/sleep/"
        );
        assert_eq!(page("about.md", "title: A\n").unwrap().path, "/about/");
        let p = page("guidance/Sleep Well.md", "title: S\nslug: Rest & Sleep\n").unwrap();
        assert_eq!(p.path, "/guidance/rest-sleep/");
    }

    #[test]
    fn bad_inputs_are_located() {
        let e = page("a.md", "title: x\ndate: 2026-02-30\n").unwrap_err();
        assert_eq!(e.location.map(|l| l.line), Some(3));
        let e = page("a.md", "title: \"  \"\n").unwrap_err();
        assert!(e.message.contains("title is empty"));
        let e = page("a.md", "title: x\naliases: [\"/../etc/\"]\n").unwrap_err();
        assert!(e.message.contains("alias"), "{e}");
        let e = page("a.md", "title: x\ntemplate: ../../x.html\n").unwrap_err();
        assert!(e.message.contains("leaves the templates folder"), "{e}");
    }
}
