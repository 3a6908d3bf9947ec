//! `site.yaml`: the site's configuration, with the guidance topics its `guidance:` maps
//! (`guidance`).

pub mod guidance;
mod languages;

pub use languages::{LanguageConfig, is_language_code};

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::fs;
use deload_engine::error::Error;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// Pages on one page of a taxonomy term's listing when the taxonomy sets no `paginate_by`.
pub(crate) const TERM_PAGE_SIZE: usize = 20;

/// Site-wide settings, read from `site.yaml`. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The site's title, shown in the header and the feed.
    pub title: String,
    /// One or two sentences about the site (meta description, feed subtitle).
    pub description: String,
    /// The absolute URL the site is published at, e.g. `https://example.org/`.
    pub base_url: String,
    /// The language code of the content (`en`, `de`, ...).
    pub language: String,
    /// The author, used in the feed and page metadata.
    pub author: String,
    /// HTML the default theme shows in every page's footer (the shipped site's "Not medical
    /// advice"); none when empty. site.yaml is the owner's, as the templates are: not escaped.
    pub disclaimer: String,
    /// Links in the main navigation.
    pub(crate) menu: Vec<MenuItem>,
    /// Taxonomies pages may use; `tags` is always available.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// How many of the newest pages the Atom feed lists.
    pub feed_limit: usize,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// How the build checks the site's own links.
    pub links: LinksConfig,
    /// Whether to publish the Programs section from `programs/`.
    pub programs: ProgramsConfig,
    /// Which site-wide files to write.
    pub outputs: OutputsConfig,
    /// Free data for templates (`config.extra`).
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Unknown front-matter keys are errors (by default a warning each, their values kept under
    /// `extra`, as Hugo and Zola are lenient).
    pub(crate) strict: bool,
    /// The guidance page of a topic plans link to, when not the default (`sleep:
    /// "@/recovery/sleep.md"`); see `guidance`.
    pub guidance: BTreeMap<String, String>,
    /// Which dated pages the build publishes (`build.future`, `build.expired`).
    pub(crate) build: PublishConfig,
    /// Glob patterns of files in content/ and static/ the build skips (`*.Rmd`, `drafts/**`).
    pub(crate) ignore: Vec<String>,
    /// How many related pages each page gets (`related.count`).
    pub(crate) related: RelatedConfig,
    /// Sass/SCSS compilation.
    pub sass: SassConfig,
    /// The languages of a multilingual site (`languages: {en: {}, es: {title: ...}}`), by code;
    /// see `languages`.
    pub languages: BTreeMap<String, LanguageConfig>,
    /// The default language (the one at `/`); `language` when not given.
    pub default_language: Option<String>,
    /// Whether paths, taxonomy terms and heading ids keep upper case (`slugify.paths: safe`).
    pub slugify: crate::urls::slug::Slugify,
}

/// Pages the build publishes although their dates say not to (site.yaml `build:`; the
/// `--future` and `--expired` flags turn them on too).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct PublishConfig {
    /// Publish pages dated after today (Hugo's `buildFuture`).
    pub(crate) future: bool,
    /// Publish pages whose `expiry_date` has passed (Hugo's `buildExpired`).
    pub(crate) expired: bool,
}

/// Related pages (`page.related`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct RelatedConfig {
    /// Related pages per page at most (0: none).
    pub(crate) count: usize,
}

impl Default for RelatedConfig {
    fn default() -> Self {
        RelatedConfig { count: 5 }
    }
}

/// One link in the navigation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MenuItem {
    /// The link text.
    pub(crate) name: String,
    /// A URL: absolute (`https://...`), site-relative (`/guidance/`) or an internal link
    /// (`@/guidance/sleep.md`).
    pub(crate) url: String,
    /// Lower first (0 when not given; equal weights keep the order written).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) weight: Option<i64>,
    /// The `identifier` (or `name`) of the entry it goes under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) parent: Option<String>,
    /// What other entries name as their `parent` (default: the name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) identifier: Option<String>,
}

/// A taxonomy (a way of classifying pages, like tags).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The name, also the URL segment (`tags` → `/tags/`).
    pub name: String,
    /// Pages per page of a term's listing (default [`TERM_PAGE_SIZE`]).
    #[serde(default)]
    pub(crate) paginate_by: Option<usize>,
}

/// Markdown rendering options.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through unescaped. Off by default: raw HTML is shown as text.
    pub unsafe_html: bool,
    /// Give every heading a link to itself (on by default).
    pub(crate) heading_anchors: bool,
    /// Typographic quotes, dashes and ellipses (on by default).
    pub(crate) smart_punctuation: bool,
    /// Code highlighting at build time (off by default).
    pub highlighting: HighlightConfig,
    /// Definition lists: a line, then `: definition` (off by default).
    pub(crate) definition_lists: bool,
    /// Emoji shortcodes: `:smile:` (off by default).
    pub(crate) emoji: bool,
    /// Attribute lists on paragraphs, links and images, `{.class #id}` and kramdown's
    /// `{: .class}` (off by default; headings always take `{#id .class}`).
    pub(crate) attributes: bool,
    /// `$...$` and `$$...$$` rendered to MathML at build time (off by default).
    pub(crate) math: bool,
    /// Bare `https://` URLs made links (off by default).
    pub(crate) linkify: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            unsafe_html: false,
            heading_anchors: true,
            smart_punctuation: true,
            highlighting: HighlightConfig::default(),
            definition_lists: false,
            emoji: false,
            attributes: false,
            math: false,
            linkify: false,
        }
    }
}

/// The themes `markdown.highlighting` may name (syntect's).
pub const HIGHLIGHT_THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (light)",
    "Solarized (dark)",
    "base16-ocean.light",
    "base16-ocean.dark",
    "base16-eighties.dark",
    "base16-mocha.dark",
];

/// Code highlighting (`markdown.highlighting`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct HighlightConfig {
    /// Highlight fenced code blocks that name a language.
    pub enabled: bool,
    /// The theme of the light colour scheme (the default one).
    pub light_theme: String,
    /// The theme under `prefers-color-scheme: dark`.
    pub dark_theme: String,
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig {
            enabled: false,
            light_theme: "InspiredGitHub".to_string(),
            dark_theme: "base16-ocean.dark".to_string(),
        }
    }
}

/// Sass/SCSS (`sass:`).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SassConfig {
    /// Compile each `sass/*.scss` and `*.sass` not starting with `_` to a `.css` file of the same
    /// path at the output root (off by default).
    pub compile: bool,
}

/// How the build checks the links of pages, sections, shortcodes and the menu to the site's own
/// pages and files.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinksConfig {
    /// Glob patterns (`*` within a path segment, `**` across, `?` one character) of links
    /// published without a check, matched against the link as written (`/api/**`,
    /// `@/drafts/*.md`, `files/*.zip`): a root-relative one still gets the base URL's path in
    /// front, a relative one stays as written; an `@/` link still needs its file (it has no URL
    /// otherwise) but not its anchor.
    pub(crate) unchecked: Vec<String>,
    /// What a broken link is in `build` and `check`: an error (the default) or a warning, the
    /// link then published as written.
    pub(crate) broken: Broken,
}

impl LinksConfig {
    /// Whether the link written `link` is published without a check.
    pub(crate) fn is_unchecked(&self, link: &str) -> bool {
        (self.unchecked.iter()).any(|p| crate::urls::glob_matches(p, link))
    }

    /// Whether a broken link is only a warning.
    pub fn broken_warns(&self) -> bool {
        self.broken == Broken::Warn
    }
}

/// What a broken link of the site's own is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Broken {
    /// The build fails (the default).
    #[default]
    Error,
    /// A warning; the build goes on and publishes the link as written.
    Warn,
}

/// Site-wide files that can be switched off (all on by default).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputsConfig {
    /// `atom.xml`.
    pub feed: bool,
    /// `sitemap.xml`.
    pub sitemap: bool,
    /// `search-index.js` (the search box needs it).
    pub search: bool,
    /// `robots.txt`.
    pub robots: bool,
    /// `404.html`.
    pub not_found: bool,
    /// A feed of each section with dated pages (`/guidance/atom.xml`), when `feed` is on.
    pub section_feeds: bool,
    /// A feed of each taxonomy term with dated pages (`/tags/sleep/atom.xml`), when `feed` is on.
    pub term_feeds: bool,
    /// The feeds' format: `atom` (`atom.xml`, the default) or `rss` (RSS 2.0, `rss.xml`).
    pub feed_format: crate::urls::FeedFormat,
}

impl Default for OutputsConfig {
    fn default() -> Self {
        OutputsConfig {
            feed: true,
            sitemap: true,
            search: true,
            robots: true,
            not_found: true,
            section_feeds: true,
            term_feeds: true,
            feed_format: crate::urls::FeedFormat::Atom,
        }
    }
}

/// Options for the Programs section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProgramsConfig {
    /// Publish `programs/` as a section of the site.
    pub publish: bool,
    /// The section's title.
    pub title: String,
    /// Weeks to plan for the published printable plans (none: one pass through the program).
    pub(crate) weeks: Option<u32>,
    /// Start date for published plans of bare programs (YYYY-MM-DD); athletes use their own.
    pub(crate) start: Option<String>,
    /// Publish the plans of `programs/athletes/` (an athlete file's `publish:` wins). Off by
    /// default: athletes' names, maxes and dates stay off a public site.
    pub(crate) publish_athletes: bool,
    /// Publish the Planner page (`/programs/planner/`), where a reader plans a published
    /// program for their own history in the browser.
    pub(crate) planner: bool,
    /// Also print every published plan to PDF (US Letter) with a headless Chromium found at build
    /// time (about 1.5 s a plan). Off by default; without a browser the build warns and the
    /// program pages say how to get the PDFs.
    pub(crate) pdf: bool,
}

impl Default for ProgramsConfig {
    fn default() -> Self {
        ProgramsConfig {
            publish: true,
            title: "Training programs".to_string(),
            weeks: None,
            start: None,
            publish_athletes: false,
            planner: false,
            pdf: false,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "deload".to_string(),
            description: String::new(),
            base_url: "/".to_string(),
            language: "en".to_string(),
            author: String::new(),
            disclaimer: String::new(),
            menu: Vec::new(),
            taxonomies: vec![TaxonomyConfig {
                name: "tags".to_string(),
                paginate_by: None,
            }],
            feed_limit: 20,
            markdown: MarkdownConfig::default(),
            links: LinksConfig::default(),
            programs: ProgramsConfig::default(),
            outputs: OutputsConfig::default(),
            extra: BTreeMap::new(),
            strict: false,
            guidance: BTreeMap::new(),
            build: PublishConfig::default(),
            ignore: Vec::new(),
            related: RelatedConfig::default(),
            sass: SassConfig::default(),
            languages: BTreeMap::new(),
            default_language: None,
            slugify: crate::urls::slug::Slugify::default(),
        }
    }
}

impl Config {
    /// Reads and validates `site.yaml` under `root`. A missing file gives the defaults.
    pub fn load(root: &Path) -> Result<Config, Error> {
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            return Ok(Config::default());
        }
        let text = fs::read_text(&path)?;
        let mut config: Config = deload_engine::yaml::parse(&text, &path, 1, &text)?;
        config.validate(&path, &text)?;
        Ok(config)
    }

    /// The site's author (site.yaml `author`), the coach on printed plans.
    pub fn author(&self) -> &str {
        &self.author
    }

    fn validate(&mut self, path: &Path, text: &str) -> Result<(), Error> {
        let locate = |key: &str, msg: String, hint: &str| {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                .map_or(1, |i| i + 1);
            Error::new(msg)
                .in_file(path)
                .at(deload_engine::Location { line, column: 1 }, text)
                .with_hint(hint.to_string())
        };
        if self.title.trim().is_empty() {
            return Err(locate(
                "title",
                "the site title is empty".into(),
                "set `title: My site`",
            ));
        }
        self.base_url = normalize_base_url(&self.base_url).map_err(|m| {
            locate(
                "base_url",
                m,
                "use an absolute URL like `https://example.org/` or `/`",
            )
        })?;
        if !self.taxonomies.iter().any(|t| t.name == "tags") {
            self.taxonomies.insert(
                0,
                TaxonomyConfig {
                    name: "tags".into(),
                    paginate_by: None,
                },
            );
        }
        if let Some(e) = guidance::unknown_topics(&self.guidance, path, text)
            .into_iter()
            .next()
        {
            return Err(e);
        }
        let h = &self.markdown.highlighting;
        for theme in [&h.light_theme, &h.dark_theme] {
            if !HIGHLIGHT_THEMES.contains(&theme.as_str()) {
                return Err(locate(
                    if *theme == h.light_theme {
                        "light_theme"
                    } else {
                        "dark_theme"
                    },
                    format!("unknown highlighting theme `{theme}`"),
                    &format!("the themes are {}", HIGHLIGHT_THEMES.join(", ")),
                ));
            }
        }
        self.validate_languages(path, text)?;
        for t in &self.taxonomies {
            if deload_engine::text::slugify(&t.name) != t.name {
                return Err(locate(
                    "taxonomies",
                    format!("taxonomy name `{}` is not URL-safe", t.name),
                    "use lowercase letters, digits and hyphens",
                ));
            }
        }
        Ok(())
    }

    /// Overrides the base URL (from `--base-url` or `serve`), validated like the file's.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Error> {
        self.base_url = normalize_base_url(url).map_err(|m| {
            Error::new(m).with_hint("use an absolute URL like https://example.org/")
        })?;
        Ok(())
    }

    /// The path part of the base URL, ending in `/` (`https://example.org/blog/` → `/blog/`):
    /// root-relative links in content get it in front.
    pub fn path_prefix(&self) -> &str {
        let url = self.base_url.as_str();
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        match url[after_scheme..].find('/') {
            Some(i) if after_scheme > 0 => &url[after_scheme + i..],
            _ if after_scheme > 0 => "/",
            _ => url,
        }
    }

    /// Pages per term page of the taxonomy `name` (its `paginate_by`, else
    /// [`TERM_PAGE_SIZE`]).
    pub fn term_page_size(&self, name: &str) -> usize {
        let set = self.taxonomies.iter().find(|t| t.name == name);
        set.and_then(|t| t.paginate_by)
            .unwrap_or(TERM_PAGE_SIZE)
            .max(1)
    }

    /// Whether site.yaml's `ignore` skips the file `rel` (`/`-separated, relative to content/ or
    /// static/): a pattern without `/` matches a file or folder name at any depth (`*.Rmd`), one
    /// with `/` the path from the top (`drafts/**`, `drafts`, which skips the folder).
    pub fn is_ignored(&self, rel: &str) -> bool {
        is_ignored(&self.ignore, rel)
    }

    /// A site path with the base URL's path in front (`/guidance/` → `/docs/guidance/` for a
    /// site published at `https://example.org/docs/`), as links are written.
    pub(crate) fn prefixed(&self, path: &str) -> String {
        format!("{}{}", self.path_prefix(), path.trim_start_matches('/'))
    }

    /// The absolute URL of a site path (`/guidance/` → `https://example.org/guidance/`).
    pub fn permalink(&self, path: &str) -> String {
        let path = crate::urls::encode(path.trim_start_matches('/'));
        format!("{}{path}", self.base_url)
    }
}

/// The build's date: the UTC day of `SOURCE_DATE_EPOCH` when it is set (reproducible builds,
/// and tests), else today's date on this machine.
pub fn today() -> jiff::civil::Date {
    let epoch = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| jiff::Timestamp::from_second(s).ok());
    match epoch {
        Some(t) => jiff::tz::TimeZone::UTC.to_datetime(t).date(),
        None => jiff::ZonedDateTime::now().date(),
    }
}

/// [`Config::is_ignored`] for `patterns`.
pub(crate) fn is_ignored(patterns: &[String], rel: &str) -> bool {
    patterns.iter().any(|p| {
        let p = p.trim_start_matches("./").trim_start_matches('/');
        let p = p.trim_end_matches('/');
        if p.is_empty() {
            return false;
        }
        if p.contains('/') {
            // the path or one of its folders
            let mut prefixes = rel.match_indices('/').map(|(i, _)| &rel[..i]);
            crate::urls::glob_matches(p, rel) || prefixes.any(|d| crate::urls::glob_matches(p, d))
        } else {
            rel.split('/')
                .any(|name| crate::urls::glob_matches(p, name))
        }
    })
}

/// Makes sure the base URL ends with exactly one `/` and is absolute or root-relative.
fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok = url.starts_with("http://")
        || url.starts_with("https://")
        || url.starts_with("file://")
        || url.starts_with('/');
    if !ok || url.contains(char::is_whitespace) {
        return Err(format!("base_url `{url}` is not an absolute URL"));
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_urls_path_prefix() {
        let mut c = Config::default();
        for (url, prefix) in [
            ("https://a.org/", "/"),
            ("https://a.org/blog/", "/blog/"),
            ("/", "/"),
            ("/docs/", "/docs/"),
            ("file:///tmp/site/", "/tmp/site/"),
        ] {
            c.base_url = url.to_string();
            assert_eq!(c.path_prefix(), prefix, "{url}");
        }
    }

    #[test]
    fn ignore_patterns_match_names_at_any_depth_and_paths_from_the_top() {
        let p: Vec<String> = ["*.Rmd", "drafts/**", "tmp/", "a/*/x.md"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        for rel in [
            "x.Rmd",
            "posts/2019/x.Rmd",
            "drafts/a.md",
            "drafts/b/c.png",
            "tmp/a",
            "a/b/x.md",
        ] {
            assert!(is_ignored(&p, rel), "{rel}");
        }
        for rel in [
            "x.md",
            "posts/drafts.md",
            "b/drafts/a.md",
            "a/b/c/x.md",
            "x.Rmd.md",
        ] {
            assert!(!is_ignored(&p, rel), "{rel}");
        }
        assert!(!is_ignored(&[String::new()], "a.md"));
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        assert_eq!(
            normalize_base_url("https://a.org").as_deref(),
            Ok("https://a.org/")
        );
        assert_eq!(
            normalize_base_url("https://a.org///").as_deref(),
            Ok("https://a.org/")
        );
        assert_eq!(normalize_base_url("/").as_deref(), Ok("/"));
        assert!(normalize_base_url("a.org").is_err());
    }
}
