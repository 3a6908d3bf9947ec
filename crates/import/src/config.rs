//! The source site's config (TOML, YAML or JSON) and the site.yaml made from it.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use super::{Generator, Note};
use deload_engine::error::Error;

/// The source config, as JSON, with the name of its file.
#[derive(Debug, Default)]
pub(super) struct Source {
    /// The file (`hugo.toml`), empty when the site has none.
    pub(super) file: String,
    /// Its top-level keys.
    pub(super) values: Map<String, Value>,
}

impl Source {
    /// A top-level string setting, under any of `keys` (case as written, then ignoring case).
    pub(super) fn text(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|k| {
            let v = (self.values.get(*k)).or_else(|| {
                (self.values.iter())
                    .find(|(n, _)| n.eq_ignore_ascii_case(k))
                    .map(|(_, v)| v)
            })?;
            v.as_str().map(str::to_string)
        })
    }

    /// A top-level `true` or `false` setting by its key in any case; false when not given.
    fn flag(&self, key: &str) -> bool {
        (self.values.iter())
            .find(|(n, _)| n.eq_ignore_ascii_case(key))
            .and_then(|(_, v)| v.as_bool())
            .unwrap_or(false)
    }

    /// The `[languages.CODE]` table of a Hugo config (its key in any case); empty if none.
    pub(super) fn language(&self, code: &str) -> Map<String, Value> {
        (self.at(&["languages"]))
            .and_then(Value::as_object)
            .and_then(|t| t.iter().find(|(k, _)| k.to_lowercase() == code))
            .and_then(|(_, v)| v.as_object().cloned())
            .unwrap_or_default()
    }

    /// A Zola config's `slugify.KIND` (`paths`, `taxonomies`), `on` when not given.
    pub(super) fn slugify(&self, kind: &str) -> Strategy {
        match self.at(&["slugify", kind]).and_then(Value::as_str) {
            Some("safe") => Strategy::Safe,
            Some("off") => Strategy::Off,
            _ => Strategy::On,
        }
    }

    /// A nested value (`markup.goldmark.renderer.unsafe`).
    pub(super) fn at(&self, path: &[&str]) -> Option<&Value> {
        let (first, rest) = path.split_first()?;
        let mut v = self.values.get(*first)?;
        for k in rest {
            v = v.get(*k)?;
        }
        Some(v)
    }
}

/// A Zola `slugify` strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strategy {
    /// Transliterated to lower-case ASCII letters, digits and `-`.
    On,
    /// Kept, but for the characters a file name may not have (`<>:"/\|?*`).
    Safe,
    /// Kept as written.
    Off,
}

/// The config files each generator reads, in its order.
fn candidates(from: Generator) -> &'static [&'static str] {
    match from {
        Generator::Hugo => &[
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config.toml",
            "config.yaml",
            "config.yml",
            "config.json",
        ],
        Generator::Jekyll => &["_config.yml", "_config.yaml", "_config.toml"],
        Generator::Zola => &["config.toml", "zola.toml"],
    }
}

/// Reads the source config (none is an empty one: every generator has defaults).
pub(super) fn read(from: Generator, src: &Path) -> Result<Source, Error> {
    let Some(name) = candidates(from).iter().find(|n| src.join(n).is_file()) else {
        return Ok(Source::default());
    };
    let path = src.join(name);
    let text = deload_site::fs::read_text(&path)?;
    let bad = |why: String| {
        Error::new(format!("cannot read the {} config: {why}", from.name()))
            .in_file(&path)
            .with_hint("fix the file so that the generator itself reads it, then import again")
    };
    let values: Map<String, Value> = if name.ends_with(".toml") {
        let table: toml::Table = toml::from_str(&text).map_err(|e| bad(e.message().into()))?;
        match deload_site::content::toml_to_json(toml::Value::Table(table)) {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    } else if name.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?
    } else {
        let yaml: serde_yaml::Value =
            deload_engine::yaml::parse(&text, &path, 1, &text).map_err(|e| bad(e.message))?;
        match serde_json::to_value(yaml) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        }
    };
    Ok(Source {
        file: (*name).to_string(),
        values,
    })
}

/// The site's base URL: Hugo's `baseURL`, Jekyll's `url` + `baseurl`, Zola's `base_url`.
fn base_url(from: Generator, source: &Source) -> Option<String> {
    let url = match from {
        Generator::Hugo => source.text(&["baseURL", "baseurl"]),
        Generator::Zola => source.text(&["base_url"]),
        Generator::Jekyll => {
            let url = source.text(&["url"]).unwrap_or_default();
            let base = source.text(&["baseurl"]).unwrap_or_default();
            Some(format!("{}{base}", url.trim_end_matches('/'))).filter(|u| !u.is_empty())
        }
    }?;
    (url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/'))
        .then_some(url)
}

/// The menu: Hugo's `menu.main` (or `menus.main`), by weight; Jekyll's `header_pages`.
fn menu(from: Generator, source: &Source, notes: &mut Vec<Note>) -> Vec<Value> {
    let mut items: Vec<(i64, String, String)> = Vec::new();
    match from {
        Generator::Hugo => {
            let menus = source.at(&["menu"]).or_else(|| source.at(&["menus"]));
            other_menus(menus, "menu", &source.file, notes);
            return hugo_menu(&hugo_main_menu(source), None);
        }
        Generator::Jekyll => {
            let pages = source.at(&["header_pages"]).and_then(Value::as_array);
            for (i, p) in pages.into_iter().flatten().enumerate() {
                if let Some(file) = p.as_str() {
                    let stem = file.rsplit('/').next().unwrap_or(file);
                    let stem = stem.split('.').next().unwrap_or(stem);
                    let weight = i64::try_from(i).unwrap_or(0);
                    items.push((weight, title_case(stem), format!("/{stem}/")));
                }
            }
        }
        Generator::Zola => {}
    }
    if items.is_empty() && source.at(&["menu"]).is_some() {
        notes.push(Note {
            file: source.file.clone(),
            line: 0,
            construct: "`menu`".into(),
            done: "not imported; add its entries to site.yaml's `menu`".into(),
        });
    }
    items.sort_by_key(|(w, _, _)| *w);
    (items.into_iter())
        .map(|(_, name, url)| serde_json::json!({"name": name, "url": url}))
        .collect()
}

/// Hugo menu entries (`[[menu.main]]`) as site.yaml's `menu`: by weight, each with its
/// `identifier` (pages name it as their entries' `parent`); an entry without a name or URL is
/// left out. For a language other than the default (`lang`), a page reference (`pageRef =
/// "/posts"`) is that language's page (`/fr/posts/`), as Hugo looks it up.
pub(super) fn hugo_menu(entries: &[&Value], lang: Option<&str>) -> Vec<Value> {
    let mut items: Vec<(i64, Value)> = Vec::new();
    for m in entries {
        let name = m.get("name").and_then(Value::as_str).unwrap_or("");
        let weight = m.get("weight").and_then(Value::as_i64).unwrap_or(0);
        let url = match (m.get("url").and_then(Value::as_str), m.get("pageRef")) {
            (Some(url), _) => hugo_menu_url(url),
            (None, Some(Value::String(page))) => {
                let prefix = lang.map_or(String::new(), |l| format!("/{l}"));
                format!("{prefix}{}", hugo_menu_url(page))
            }
            _ => continue,
        };
        if name.is_empty() {
            continue;
        }
        let mut entry = serde_json::json!({"name": name, "url": url});
        if let (Some(id), Value::Object(e)) = (m.get("identifier"), &mut entry) {
            if id.is_string() {
                e.insert("identifier".into(), id.clone());
            }
        }
        items.push((weight, entry));
    }
    items.sort_by_key(|(w, _)| *w);
    items.into_iter().map(|(_, e)| e).collect()
}

/// Notes for a Hugo config's menus other than `main` in `menus` (a `[menu]` table, shown as
/// `at`: `menu`, `languages.fr.menu`): site.yaml holds only the main menu (a page joins any
/// other with `menu:` in its front matter).
pub(super) fn other_menus(menus: Option<&Value>, at: &str, file: &str, notes: &mut Vec<Note>) {
    let Some(Value::Object(menus)) = menus else {
        return;
    };
    for (name, entries) in menus.iter().filter(|(n, _)| *n != "main") {
        let count = entries.as_array().map_or(1, Vec::len);
        notes.push(Note {
            file: file.to_string(),
            line: 0,
            construct: format!("`{at}.{name}` ({count} entries)"),
            done: format!(
                "not imported: site.yaml holds only the main menu; a page joins `{name}` with `menu: {name}` in its front matter (templates read it as `config.menus.{name}`)"
            ),
        });
    }
}

/// A Hugo config's `main` menu entries: `[[menu.main]]` (or `menus`), else the default
/// language's (`[[languages.en.menu.main]]`).
fn hugo_main_menu(source: &Source) -> Vec<&Value> {
    let default = (source.text(&["defaultContentLanguage"]))
        .unwrap_or_else(|| "en".into())
        .to_lowercase();
    let own = (source.at(&["languages"]).and_then(Value::as_object))
        .and_then(|t| t.iter().find(|(k, _)| k.to_lowercase() == default))
        .map(|(_, v)| v);
    let main = (source.at(&["menu", "main"]))
        .or_else(|| source.at(&["menus", "main"]))
        .or_else(|| own?.get("menu").or_else(|| own?.get("menus"))?.get("main"))
        .and_then(Value::as_array);
    main.into_iter().flatten().collect()
}

/// The entries of site.yaml's menu a page's entry may name as its `parent` (deload's menus
/// nest one level): each `main` entry of a Hugo config by its identifier and its name.
pub(super) fn menu_parents(source: &Source) -> Vec<String> {
    let mut out = Vec::new();
    for m in hugo_main_menu(source) {
        for key in ["identifier", "name"] {
            out.extend(m.get(key).and_then(Value::as_str).map(str::to_string));
        }
    }
    out
}

/// A Hugo menu URL: a page reference (`/posts`) as a site path with a trailing slash.
fn hugo_menu_url(url: &str) -> String {
    if url.contains("://") || url.ends_with('/') || url.contains('#') || url.contains('.') {
        return url.to_string();
    }
    format!("/{}/", url.trim_matches('/')).replace("//", "/")
}

/// `about` → `About`.
fn title_case(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The taxonomies the source declares, by their plural names (Hugo's `taxonomies` map
/// `tag = "tags"`, Zola's list of `{name}`).
pub(super) fn declared_taxonomies(from: Generator, source: &Source) -> Vec<String> {
    let Some(t) = source.at(&["taxonomies"]) else {
        return match from {
            Generator::Hugo => vec!["tags".into(), "categories".into()],
            _ => Vec::new(),
        };
    };
    match t {
        Value::Object(m) => m
            .values()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Value::Array(a) => {
            // Zola's, with each language's own (`[languages.fr] taxonomies = [...]`): deload's
            // taxonomies are the same in every language
            let own = (source.at(&["languages"]).and_then(Value::as_object))
                .into_iter()
                .flat_map(|t| t.values())
                .filter_map(|l| l.get("taxonomies").and_then(Value::as_array))
                .flatten();
            (a.iter().chain(own))
                .filter_map(|v| v.get("name").and_then(Value::as_str).map(str::to_string))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Settings a caller adds to site.yaml (and notes about them), before it is written.
pub(super) type MoreSettings<'a> = dyn FnMut(&mut Map<String, Value>, &mut Vec<Note>) + 'a;

/// site.yaml for the imported site; `more` adds settings of its own (a multilingual site's
/// languages) before it is written.
pub(super) fn site_yaml(
    from: Generator,
    source: &Source,
    used: &BTreeSet<String>,
    notes: &mut Vec<Note>,
    more: &mut MoreSettings<'_>,
) -> String {
    let mut m = Map::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            m.insert(k.into(), Value::String(v));
        }
    };
    put("title", source.text(&["title"]));
    put(
        "description",
        (source.text(&["description"])).or_else(|| {
            source
                .at(&["params", "description"])
                .and_then(|v| v.as_str().map(str::to_string))
        }),
    );
    put("base_url", base_url(from, source));
    put(
        "language",
        source.text(&["languageCode", "default_language", "lang", "language"]),
    );
    let author = (source.at(&["author"]))
        .or_else(|| source.at(&["params", "author"]))
        .and_then(|a| a.as_str().or_else(|| a.get("name").and_then(Value::as_str)));
    put("author", author.map(str::to_string));
    more(&mut m, notes);
    let menu = menu(from, source, notes);
    if !menu.is_empty() {
        m.insert("menu".into(), Value::Array(menu));
    }
    let mut taxonomies: BTreeSet<String> = declared_taxonomies(from, source).into_iter().collect();
    taxonomies.extend(used.iter().cloned());
    taxonomies.insert("tags".into());
    let list = (taxonomies.iter())
        .map(|t| serde_json::json!({"name": t}))
        .collect();
    m.insert("taxonomies".into(), Value::Array(list));
    markdown_and_links(from, source, &mut m, notes);
    let (future, expired) = builds_future_and_expired(from, source);
    if future || expired {
        let build = serde_json::json!({"future": future, "expired": expired});
        m.insert("build".into(), build);
    }
    let extra = source.at(&["params"]).or_else(|| source.at(&["extra"]));
    if let Some(Value::Object(e)) = extra.cloned() {
        m.insert("extra".into(), Value::Object(e));
    }
    m.insert("programs".into(), serde_json::json!({"publish": false}));
    let yaml = serde_yaml::to_string(&Value::Object(m)).unwrap_or_default();
    format!(
        "# Imported from a {} site by `deload import`; see the manual's \"Moving in\" page (docs/content/guide/moving-in.md).\n{yaml}",
        from.name()
    )
}

/// Whether the source site publishes pages dated after today and expired pages (Hugo's
/// `buildFuture` and `buildExpired`, Jekyll's `future`; Zola has neither).
pub(super) fn builds_future_and_expired(from: Generator, source: &Source) -> (bool, bool) {
    match from {
        Generator::Hugo => (source.flag("buildFuture"), source.flag("buildExpired")),
        Generator::Jekyll => (source.flag("future"), false),
        Generator::Zola => (false, false),
    }
}

/// A Zola config's `slugify` as site.yaml's: `paths` (and `taxonomies` with it) `safe` where
/// Zola keeps a name's case (`safe`, `off`); `anchors` as set, Zola's `on` as deload's `on`
/// (lower case) and its `safe` and `off` as `safe` (case kept), so that `#anchor` links from
/// elsewhere keep finding their headings.
fn zola_slugify(source: &Source, m: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    let zola_keeps = |kind| source.slugify(kind) != Strategy::On;
    let mut slugify = Map::new();
    let mut note = |construct: &str, done: &str| {
        notes.push(Note {
            file: source.file.clone(),
            line: 0,
            construct: construct.into(),
            done: done.into(),
        });
    };
    if zola_keeps("paths") {
        // Zola's `safe` and `off` keep a file name's case; its other characters are aliases
        let taxonomies = if zola_keeps("taxonomies") {
            "safe"
        } else {
            "on"
        };
        slugify.insert("paths".into(), "safe".into());
        slugify.insert("taxonomies".into(), taxonomies.into());
        note(
            "`slugify.paths`",
            "upper case kept in URLs, as Zola keeps it (`slugify.paths: safe`); a name deload spells otherwise has an alias from Zola's URL",
        );
    }
    if source.at(&["slugify", "anchors"]).is_some() {
        let (anchors, done) = match source.slugify("anchors") {
            Strategy::On => (
                "on",
                "heading ids in lower case, as Zola writes them (`slugify.anchors: on`); a heading Zola spelt in ASCII (`#cafe` for `Café`) keeps that id as its `{#id}`",
            ),
            Strategy::Safe | Strategy::Off => (
                "safe",
                "heading ids keep their case, as Zola keeps it (`slugify.anchors: safe`); deload still joins words with `-`",
            ),
        };
        slugify.insert("anchors".into(), anchors.into());
        note("`slugify.anchors`", done);
    }
    if !slugify.is_empty() {
        m.insert("slugify".into(), Value::Object(slugify));
    }
}

/// Raw HTML as the source rendered it, and broken links as warnings (as Hugo and Zola report
/// them) until `deload check` is clean.
fn markdown_and_links(
    from: Generator,
    source: &Source,
    m: &mut Map<String, Value>,
    notes: &mut Vec<Note>,
) {
    let unsafe_html = match from {
        Generator::Jekyll => true,
        Generator::Hugo => source
            .at(&["markup", "goldmark", "renderer", "unsafe"])
            .and_then(Value::as_bool)
            .unwrap_or(false),
        // Zola's Markdown passes raw HTML through
        Generator::Zola => true,
    };
    if unsafe_html {
        m.insert("markdown".into(), serde_json::json!({"unsafe_html": true}));
        notes.push(Note {
            file: source.file.clone(),
            line: 0,
            construct: "raw HTML in Markdown".into(),
            done: "passed through as the source did (`markdown.unsafe_html: true`)".into(),
        });
    }
    if from == Generator::Zola {
        zola_slugify(source, m, notes);
    }
    if from == Generator::Jekyll {
        // Jekyll keeps a file name's case in its URL (`About.md` → `/About.html`)
        m.insert("slugify".into(), serde_json::json!({"paths": "safe"}));
        notes.push(Note {
            file: source.file.clone(),
            line: 0,
            construct: "upper case in file names".into(),
            done: "kept in URLs, as Jekyll keeps it (`slugify.paths: safe`)".into(),
        });
    }
    m.insert("links".into(), serde_json::json!({"broken": "warn"}));
    notes.push(Note {
        file: String::new(),
        line: 0,
        construct: "broken links".into(),
        done: "warnings, as in the source generator (`links.broken: warn`); remove it once `deload check` is clean".into(),
    });
}
