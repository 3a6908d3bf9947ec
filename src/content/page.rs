//! A content page: one Markdown file that is not an `_index.md`.

#[cfg(test)]
use std::path::Path;
use std::path::PathBuf;

use jiff::civil::Date;

use super::front_matter::{PageFrontMatter, key_location, parse_date, split_front_matter};
use crate::markdown::Rendered;
use deload_engine::error::{Error, Location};
use deload_engine::text::slugify;

/// A page: its source, front matter, URL and (after rendering) its HTML.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file as shown in messages (`content/guidance/sleep.md`).
    pub(crate) file: PathBuf,
    /// The path relative to `content/`, `/`-separated (`guidance/sleep.md`); internal links use it.
    pub(crate) rel: String,
    /// The section folder relative to `content/` (`guidance`, or empty for the root).
    pub(crate) dir: String,
    /// The file text: all of it until the site has rendered the Markdown, then only the front
    /// matter (see [`Page::release_body`]).
    pub(crate) text: String,
    /// Byte offset of the Markdown body in `text`.
    pub(crate) body_offset: usize,
    /// A hash of the body, set when the body is released (to tell an edit from a touch).
    body_hash: Option<u64>,
    /// The parsed front matter.
    pub(crate) meta: PageFrontMatter,
    /// Parsed `date`.
    pub(crate) date: Option<Date>,
    /// Parsed `updated`.
    pub(crate) updated: Option<Date>,
    /// The site path, `/guidance/sleep/`.
    pub(crate) path: String,
    /// The rendered Markdown, filled in by the site.
    pub(crate) rendered: Rendered,
}

impl Page {
    /// Parses a page's front matter and computes its URL. `file` is the path for messages.
    pub fn parse(file: PathBuf, rel: String, text: String) -> Result<Page, Error> {
        let split = split_front_matter(&file, &text)?;
        let meta: PageFrontMatter =
            deload_engine::yaml::parse(split.yaml, &file, split.yaml_line, &text)?;
        let at = |key: &str| key_location(&split, key).unwrap_or(Location { line: 1, column: 1 });
        if meta.title.trim().is_empty() {
            return Err(Error::new("the title is empty")
                .in_file(&file)
                .at(at("title"), &text)
                .with_hint("give the page a title: `title: Sleep and recovery`"));
        }
        let date = meta
            .date
            .as_deref()
            .map(|d| parse_date(d, "date", &file, &split, &text))
            .transpose()?;
        let updated = meta
            .updated
            .as_deref()
            .map(|d| parse_date(d, "updated", &file, &split, &text))
            .transpose()?;
        for alias in &meta.aliases {
            if let Err(why) = check_site_path(alias) {
                return Err(Error::new(format!("alias `{alias}` {why}"))
                    .in_file(&file)
                    .at(at("aliases"), &text)
                    .with_hint("write aliases as site paths like `/old/path/`"));
            }
        }
        if let Some(t) = &meta.template
            && (t.contains("..") || t.starts_with('/') || t.contains('\\'))
        {
            return Err(
                Error::new(format!("template name `{t}` leaves the templates folder"))
                    .in_file(&file)
                    .at(at("template"), &text)
                    .with_hint("name a file inside templates/, like `guide.html`"),
            );
        }
        let (dir, stem) = match rel.rsplit_once('/') {
            Some((d, f)) => (d.to_string(), f),
            None => (String::new(), rel.as_str()),
        };
        let stem = stem.strip_suffix(".md").unwrap_or(stem);
        let slug = match &meta.slug {
            Some(s) => {
                let slug = slugify(s);
                if slug.is_empty() {
                    return Err(Error::new(format!("slug `{s}` has no letters or digits"))
                        .in_file(&file)
                        .at(at("slug"), &text)
                        .with_hint("use letters, digits and hyphens, like `sleep-basics`"));
                }
                slug
            }
            None => {
                let s = slugify(stem);
                if s.is_empty() { "page".to_string() } else { s }
            }
        };
        let path = format!("{}{slug}/", dir_path(&dir));
        let body_offset = split.body_offset;
        Ok(Page {
            file,
            rel,
            dir,
            text,
            body_offset,
            meta,
            date,
            updated,
            path,
            rendered: Rendered::default(),
            body_hash: None,
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
    pub(crate) fn is_source(&self, text: &str) -> bool {
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

/// The site path of a content folder: `""` → `/`, `guidance/deep` → `/guidance/deep/`.
pub(super) fn dir_path(dir: &str) -> String {
    if dir.is_empty() {
        return "/".to_string();
    }
    let mut p = String::from("/");
    for seg in dir.split('/') {
        let s = slugify(seg);
        p.push_str(if s.is_empty() { "_" } else { &s });
        p.push('/');
    }
    p
}

/// The site path an alias claims: `/old` → `/old/`; paths ending in `/` or `.html` as written.
pub(crate) fn alias_path(alias: &str) -> String {
    if alias.ends_with('/') || alias.ends_with(".html") {
        alias.to_string()
    } else {
        format!("{alias}/")
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, fm: &str) -> Result<Page, Error> {
        Page::parse(
            Path::new("content").join(rel),
            rel.to_string(),
            format!("---\n{fm}---\nBody text.\n"),
        )
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
