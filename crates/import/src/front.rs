//! Front matter: another generator's keys mapped to deload's, the rest kept under `extra:`, and
//! the page's old URL kept (an alias where deload's URL differs).

use std::path::Path;

use serde_json::{Map, Value};

use super::config::{Source, declared_taxonomies};
use super::{Generator, Site, body};
use deload_engine::error::Error;
use deload_engine::text::slugify;
use deload_site::content::{Format, split_front_matter, toml_to_json};

/// Where a converted file comes from and goes.
#[derive(Debug, Clone)]
pub(super) struct Place {
    /// The path under the new site's `content/` (`posts/2020-01-02-rest.md`).
    pub(super) rel: String,
    /// The source file, relative to the source folder, for notes.
    pub(super) shown: String,
    /// A Jekyll post's date from its file name.
    pub(super) post_date: Option<String>,
    /// A Jekyll draft (`_drafts/`): imported with `draft: true`.
    pub(super) draft: bool,
    /// A page written in HTML (Jekyll's `about.html`): its body is kept as one raw HTML block.
    pub(super) html: bool,
    /// The language of a translation (a Hugo site's `post.fr.md` or `content/fr/post.md`):
    /// `rel` names its default-language file, and the file is written as `post.fr.md`.
    pub(super) lang: Option<String>,
    /// A translation Hugo paired by `translationKey` with a file of another name: its own path
    /// (as `rel` would be), from which Hugo made its URL; `rel` is then its partner's.
    pub(super) renamed_from: Option<String>,
}

impl Place {
    /// The path the source generator knew the file by, without a language code
    /// (`posts/jour.md` for `content/fr/posts/jour.md`): `rel` unless the file was renamed to
    /// pair with its translations.
    pub(super) fn source_rel(&self) -> &str {
        self.renamed_from.as_deref().unwrap_or(&self.rel)
    }

    /// The place as the source generator saw it (`rel` its own path).
    pub(super) fn as_source(&self) -> Place {
        let mut own = self.clone();
        if let Some(from) = own.renamed_from.take() {
            own.rel = from;
        }
        own
    }

    /// The file's path under the new site's `content/` (`posts/a.fr.md` for a translation).
    pub(super) fn out_rel(&self) -> String {
        super::languages::with_lang(&self.rel, self.lang.as_deref())
    }
}

/// The `YYYY-MM-DD` prefix of a file name (`2020-01-02-title.md`).
pub(super) fn name_date(name: &str) -> Option<String> {
    let d = name.rsplit('/').next()?.get(..10)?;
    (d.parse::<jiff::civil::Date>().is_ok() && name.rsplit('/').next()?.get(10..11) == Some("-"))
        .then(|| d.to_string())
}

/// A front-matter value of `text` by its key in any case (Hugo reads `translationKey` as
/// `translationkey`); none when the file has no front matter or it does not parse (the
/// conversion reports that).
pub(super) fn front_value(place: &Place, text: &str, key: &str) -> Option<Value> {
    let (front, _, _) = parse(place, text).ok()?;
    (front.into_iter())
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

/// The front matter of `text` as JSON, the body, and the body's first line; a file without
/// front matter is all body.
fn parse<'a>(place: &Place, text: &'a str) -> Result<(Map<String, Value>, &'a str, usize), Error> {
    let path = Path::new(&place.shown);
    let Ok(split) = split_front_matter(path, text) else {
        return Ok((Map::new(), text.trim_start_matches('\u{feff}'), 1));
    };
    let line = text[..split.body_offset].matches('\n').count() + 1;
    let map = match split.format {
        Format::Yaml => {
            let v: serde_yaml::Value =
                deload_engine::yaml::parse(split.yaml, path, split.yaml_line, text)?;
            match serde_json::to_value(v) {
                Ok(Value::Object(m)) => m,
                _ => Map::new(),
            }
        }
        Format::Toml => {
            let t: toml::Table = toml::from_str(split.yaml).map_err(|e| {
                Error::new(e.message().to_string())
                    .in_file(path)
                    .at_offset(text, split.yaml_offset + e.span().map_or(0, |s| s.start))
            })?;
            match toml_to_json(toml::Value::Table(t)) {
                Value::Object(m) => m,
                _ => Map::new(),
            }
        }
        Format::Json => {
            serde_json::from_str(split.yaml).map_err(|e| Error::new(e.to_string()).in_file(path))?
        }
    };
    Ok((map, split.body, line))
}

/// Keeps a page's old URL (the generator's own rules, in modules above this one).
pub(super) type KeepUrl = fn(Generator, &Source, &Place, &mut Mapped, &mut Site);

/// The file converted: deload front matter and the translated body; `keep_url` keeps a page's
/// old URL once its keys are mapped.
pub(super) fn convert(
    from: Generator,
    place: &Place,
    text: &str,
    source: &Source,
    site: &mut Site,
    keep_url: KeepUrl,
) -> Result<String, Vec<Error>> {
    let (front, body, first_line) = parse(place, text).map_err(|e| vec![e])?;
    let params = match from {
        Generator::Hugo => hugo_params(&front, source),
        _ => Map::new(),
    };
    let mut page = Mapped::default();
    let taxonomies = declared_taxonomies(from, source);
    let noted = site.notes.len();
    for (key, value) in front {
        map_key(from, place, &key, value, &taxonomies, &mut page, site);
    }
    for note in &mut site.notes[noted..] {
        let key = note
            .construct
            .strip_prefix("key `")
            .and_then(|k| k.strip_suffix('`'));
        note.line = key.map_or(0, |k| key_line(text, k));
    }
    if finish(from, place, source, &mut page, site) {
        keep_url(from, source, place, &mut page, site);
    }
    if place.rel.ends_with("_index.md") {
        let dir = place
            .rel
            .trim_end_matches("_index.md")
            .trim_end_matches('/');
        let lang = place.lang.clone().unwrap_or_default();
        site.sections.insert((lang, dir.to_string()));
    }
    // the terms of a page deload will not publish (a draft, a page dated after today, an
    // expired page) have no page in a normal build: no redirect may lead to one
    let hidden = unpublished(from, source, &page);
    if let (Some(why), true) = (hidden, page.keys.iter().any(|(k, _)| is_term_key(k, site))) {
        let done = format!(
            "{why}: its terms' old URLs get no redirect page (their term pages are not built while no published page uses them; rerun the import or write the redirect once it is published)"
        );
        site.note(&place.shown, 0, "unpublished page".into(), done);
    }
    for (taxonomy, terms) in page.keys.iter().filter(|_| hidden.is_none()) {
        let is_taxonomy = ["tags", "categories"].contains(&taxonomy.as_str())
            || site.taxonomies.contains(taxonomy);
        if let (true, Value::Array(terms)) = (is_taxonomy, terms) {
            let lang = place.lang.clone().unwrap_or_default();
            let terms = terms.iter().filter_map(Value::as_str);
            site.terms
                .extend(terms.map(|t| (lang.clone(), taxonomy.clone(), t.to_string())));
        }
    }
    let page_of_body = body::Page {
        file: &place.shown,
        lang: place.lang.as_deref(),
        params: &params,
        ascii_anchors: from == Generator::Zola
            && source.slugify("anchors") == super::config::Strategy::On,
    };
    let mut body = body::convert(from, body, first_line, &page_of_body, site);
    if place.html {
        body = one_html_block(&body);
    }
    let mut m = Map::new();
    for (k, v) in page.keys {
        m.insert(k, v);
    }
    if !page.extra.is_empty() {
        m.insert("extra".into(), Value::Object(page.extra));
    }
    let yaml = serde_yaml::to_string(&Value::Object(m)).unwrap_or_default();
    Ok(format!("---\n{yaml}---\n{body}"))
}

/// Whether the front-matter key `key` names a taxonomy's terms.
fn is_term_key(key: &str, site: &Site) -> bool {
    ["tags", "categories"].contains(&key) || site.taxonomies.contains(key)
}

/// Why deload will not publish the mapped `page` in a normal build, if it will not: a draft,
/// dated after today or expired before it (by deload's today, `SOURCE_DATE_EPOCH` when set),
/// unless the source's config publishes those (Hugo's `buildFuture` and `buildExpired`,
/// Jekyll's `future`), which the imported site.yaml then does too.
fn unpublished(from: Generator, source: &Source, page: &Mapped) -> Option<&'static str> {
    let day = |key: &str| {
        (page.get(key).and_then(Value::as_str))
            .and_then(|d| d.get(..10)?.parse::<jiff::civil::Date>().ok())
    };
    let today = deload_site::config::today();
    let (future_built, expired_built) = super::config::builds_future_and_expired(from, source);
    if page.get("draft") == Some(&Value::Bool(true)) {
        Some("a draft")
    } else if !future_built && day("date").is_some_and(|d| d > today) {
        Some("dated after today")
    } else if !expired_built && day("expiry_date").is_some_and(|d| d < today) {
        Some("expired")
    } else {
        None
    }
}

/// What Hugo's `param` shortcode reads on a page: its front matter (its `params` table's keys
/// among the others) over the site config's `params`.
fn hugo_params(front: &Map<String, Value>, source: &Source) -> Map<String, Value> {
    let mut params = (source.at(&["params"]).and_then(Value::as_object))
        .cloned()
        .unwrap_or_default();
    for (key, value) in front {
        match value.as_object() {
            Some(table) if key.eq_ignore_ascii_case("params") => params.extend(table.clone()),
            _ => {
                params.insert(key.clone(), value.clone());
            }
        }
    }
    params
}

/// The body of a page written in HTML as one raw HTML block of Markdown: wrapped in a `<div>`
/// (which starts a block whatever the body starts with) and without blank lines, which would end
/// the block (and indented lines after one would become code). A blank line inside `<pre>` is
/// kept as a newline character reference at the end of the line before it (`&#10;`), which the
/// browser shows as the same empty line.
pub(super) fn one_html_block(body: &str) -> String {
    let mut out = String::from("<div class=\"html-page\">\n");
    let mut in_pre = 0_usize;
    for line in body.lines() {
        if line.trim().is_empty() {
            if in_pre > 0 {
                out.pop();
                out.push_str("&#10;\n");
            }
            continue;
        }
        let lower = line.to_ascii_lowercase();
        in_pre = (in_pre + lower.matches("<pre").count())
            .saturating_sub(lower.matches("</pre>").count());
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("</div>\n");
    out
}

/// The 1-based line of the front-matter key `key` in `text` (0 when not found).
fn key_line(text: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let rest = l
                .strip_prefix(key)
                .or_else(|| l.strip_prefix(quoted.as_str()));
            rest.is_some_and(|r| r.trim_start().starts_with([':', '=']))
        })
        .map_or(0, |i| i + 1)
}

/// A file's front matter as deload's keys (in order) and `extra`.
#[derive(Default)]
pub(super) struct Mapped {
    keys: Vec<(String, Value)>,
    extra: Map<String, Value>,
    categories: Vec<String>,
}

impl Mapped {
    pub(super) fn has(&self, key: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == key)
    }

    pub(super) fn set(&mut self, key: &str, value: Value) {
        if !self.has(key) {
            self.keys.push((key.to_string(), value));
        }
    }

    /// Sets `key`, replacing a value it has.
    pub(super) fn replace(&mut self, key: &str, value: Value) {
        self.keys.retain(|(k, _)| k != key);
        self.keys.push((key.to_string(), value));
    }

    pub(super) fn get(&self, key: &str) -> Option<&Value> {
        self.keys.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn add_terms(&mut self, taxonomy: &str, terms: Vec<String>) {
        if taxonomy == "categories" {
            self.categories.extend(terms.iter().cloned());
        }
        let entry = match self.keys.iter_mut().find(|(k, _)| k == taxonomy) {
            Some((_, v)) => v,
            None => {
                self.keys
                    .push((taxonomy.to_string(), Value::Array(Vec::new())));
                let last = self.keys.len() - 1;
                &mut self.keys[last].1
            }
        };
        if let Value::Array(a) = entry {
            a.extend(terms.into_iter().map(Value::String));
        }
    }
}

/// Terms written as a list or as one string (Jekyll: space-separated).
fn terms(v: &Value, split_spaces: bool) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(scalar_text).collect(),
        Value::String(s) if split_spaces => s.split_whitespace().map(str::to_string).collect(),
        other => scalar_text(other).into_iter().collect(),
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A date deload reads: as written when it parses, else its `YYYY-MM-DD` part.
fn date(v: &Value) -> Option<Value> {
    let s = scalar_text(v)?;
    let s = s.trim();
    let reads = s.parse::<jiff::civil::Date>().is_ok()
        || s.parse::<jiff::Timestamp>().is_ok()
        || s.parse::<jiff::civil::DateTime>().is_ok();
    if reads {
        return Some(Value::String(s.to_string()));
    }
    let day = s.get(..10)?;
    day.parse::<jiff::civil::Date>()
        .ok()
        .map(|_| Value::String(day.to_string()))
}

/// Maps one key of the source front matter.
fn map_key(
    from: Generator,
    place: &Place,
    key: &str,
    value: Value,
    taxonomies: &[String],
    page: &mut Mapped,
    site: &mut Site,
) {
    let jekyll = from == Generator::Jekyll;
    match key.to_ascii_lowercase().as_str() {
        "title" | "description" | "slug" | "toc" | "paginate_by" => page.set(key, value),
        "summary" | "excerpt" if value.is_string() => page.set("description", value),
        "weight" if value.is_i64() => page.set("weight", value),
        "date" | "publishdate" | "pubdate" | "published_at" => match date(&value) {
            Some(d) => page.set("date", d),
            None => drop_key(place, key, "not a date deload reads; dropped", site),
        },
        "lastmod" | "updated" | "last_modified_at" | "modified" => {
            if let Some(d) = date(&value) {
                page.set("updated", d);
            }
        }
        // Hugo's `expiryDate` (`expirydate`) and Zola's none: hidden after it, as Hugo hides it
        "expirydate" | "expiry_date" => match date(&value) {
            Some(d) => page.set("expiry_date", d),
            None => drop_key(place, key, "not a date deload reads; dropped", site),
        },
        "menu" | "menus" if from == Generator::Hugo => match page_menu(place, value, site) {
            Some(menu) => page.set("menu", menu),
            None => drop_key(place, key, "not a menu deload reads; dropped", site),
        },
        "draft" => page.set("draft", Value::Bool(value.as_bool().unwrap_or(false))),
        "published" if value == Value::Bool(false) => page.set("draft", Value::Bool(true)),
        "url" | "permalink" | "path" => page.set("path", value),
        "aliases" | "redirect_from" => page.set("aliases", aliases(from, place, &value, site)),
        "tags" => page.add_terms("tags", terms(&value, jekyll)),
        "categories" | "category" => {
            site.taxonomies.insert("categories".into());
            page.add_terms("categories", terms(&value, jekyll));
        }
        "taxonomies" => {
            for (name, v) in value.as_object().cloned().unwrap_or_default() {
                if name != "tags" {
                    site.taxonomies.insert(name.clone());
                }
                page.add_terms(&name, terms(&v, false));
            }
        }
        "extra" | "params" if value.is_object() => {
            page.extra
                .extend(value.as_object().cloned().unwrap_or_default());
        }
        "sort_by" if matches!(value.as_str(), Some("date" | "weight" | "title")) => {
            page.set(key, value);
        }
        "layout" | "type" | "template" | "page_template" => {
            let done = "dropped: deload's built-in templates render the page (name one of templates/ with `template:`)";
            drop_key(place, key, done, site);
        }
        _ if taxonomies.iter().any(|t| t == key) => {
            site.taxonomies.insert(key.to_string());
            page.add_terms(key, terms(&value, jekyll));
        }
        _ => {
            page.extra.insert(key.to_string(), value);
        }
    }
}

/// A page's aliases as site paths: Hugo reads one without a leading `/` from the page's folder
/// (under its language's, where Hugo served the language in one).
fn aliases(from: Generator, place: &Place, value: &Value, site: &Site) -> Value {
    let rel = place.source_rel();
    let page_dir = rel.strip_suffix("/index.md").unwrap_or(rel);
    let page_dir = page_dir.rsplit_once('/').map_or("", |(d, _)| d);
    let list = (terms(value, false).into_iter())
        .map(|a| match a.strip_prefix('/') {
            Some(a) => format!("/{a}"),
            None if from == Generator::Hugo => {
                let lang = (site.langs.as_ref()).map(|l| l.hugo_prefix(place.lang.as_deref()));
                let dir = Some(page_dir).filter(|d| !d.is_empty());
                let dir = dir.map(|d| format!("/{d}"));
                format!(
                    "{}{}/{a}",
                    lang.unwrap_or_default(),
                    dir.unwrap_or_default()
                )
            }
            None => format!("/{a}"),
        })
        .map(Value::String)
        .collect();
    Value::Array(list)
}

/// A Hugo page's `menu` as deload reads it (Hugo's forms: `main`, `[main, footer]`, or
/// `{main: {name, parent, weight, identifier}}`), its entries' other keys (`pre`, `post`,
/// `params`) left out; a `parent` that is no top-level entry of its menu (deload's menus nest one
/// level) is left out too, with a note, so the entry is top-level. None for another value.
fn page_menu(place: &Place, value: Value, site: &mut Site) -> Option<Value> {
    let table = match value {
        v @ Value::String(_) => return Some(v),
        Value::Array(a) if a.iter().all(Value::is_string) => return Some(Value::Array(a)),
        Value::Object(t) => t,
        _ => return None,
    };
    let mut out = Map::new();
    for (menu, entry) in table {
        let mut kept = Map::new();
        for key in ["name", "identifier", "weight", "parent"] {
            let Some(v) = entry.get(key).cloned() else {
                continue;
            };
            let known = |p: &str| site.menu_parents.get(&menu).is_some_and(|t| t.contains(p));
            if key == "parent" && !v.as_str().is_some_and(known) {
                let done = "left out: it names no top-level entry of the menu (deload's menus nest one level), so the entry is top-level";
                site.note(&place.shown, 0, format!("menu `{menu}` parent {v}"), done);
                continue;
            }
            if key != "weight" || v.is_i64() {
                kept.insert(key.into(), v);
            }
        }
        out.insert(menu, Value::Object(kept));
    }
    Some(Value::Object(out))
}

fn drop_key(place: &Place, key: &str, done: &str, site: &mut Site) {
    site.note(&place.shown, 0, format!("key `{key}`"), done);
}

/// The keys a section may have; a section's other keys go under `extra`.
const SECTION_KEYS: &[&str] = &["title", "description", "sort_by", "paginate_by", "weight"];

/// After the keys: a title for a page without one, the Jekyll post date and URL, a Jekyll
/// page's old URL as an alias, and a section's page-only keys under `extra`; whether the file is
/// a page (not a section).
fn finish(
    from: Generator,
    place: &Place,
    source: &Source,
    page: &mut Mapped,
    site: &mut Site,
) -> bool {
    let section = place.rel.ends_with("_index.md");
    if section {
        let (keep, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut page.keys)
            .into_iter()
            .partition(|(k, _)| SECTION_KEYS.contains(&k.as_str()));
        page.keys = keep;
        page.extra.extend(rest);
        return false;
    }
    let has_title = page
        .get("title")
        .and_then(Value::as_str)
        .is_some_and(|t| !t.trim().is_empty());
    if !has_title {
        let stem = stem(&place.rel);
        let title = stem.replace(['-', '_'], " ");
        page.keys.retain(|(k, _)| k != "title");
        page.keys
            .insert(0, ("title".into(), Value::String(title.clone())));
        site.note(
            &place.shown,
            0,
            "no title".into(),
            format!("titled `{title}` from the file name"),
        );
    }
    if place.draft {
        page.set("draft", Value::Bool(true));
    }
    if let Some(d) = &place.post_date
        && !page.has("date")
    {
        page.set("date", Value::String(d.clone()));
    }
    if from == Generator::Jekyll && place.post_date.is_some() && !page.has("path") {
        let (path, old) = jekyll_post_path(source, place, page);
        if let Some(old) = old {
            let done = "written as folder URLs (`/2020/01/02/rest.html` → `/2020/01/02/rest/`), each old `.html` address an alias";
            site.note(&source.file, 0, "post URLs ending in `.html`".into(), done);
            add_alias(page, old);
        }
        page.set("path", Value::String(path));
    }
    let jekyll_page = from == Generator::Jekyll && place.post_date.is_none();
    if jekyll_page && !page.has("path") && !place.rel.ends_with("index.md") {
        if let Some(old) = jekyll_page_url(source, &place.rel) {
            add_alias(page, old);
        }
    }
    true
}

/// The file or bundle name of a content path, without `.md` and a date prefix.
pub(super) fn stem(rel: &str) -> &str {
    let name = rel.strip_suffix("/index.md").unwrap_or(rel);
    let name = name.rsplit('/').next().unwrap_or(name);
    let name = name.strip_suffix(".md").unwrap_or(name);
    match name_date(name) {
        Some(_) => &name[11..],
        None => name,
    }
}

/// A Jekyll post's URL from the site's `permalink` pattern (default `date`), with deload's
/// pretty URLs; and, where the pattern ends in `.html` (which becomes a folder), the old URL.
fn jekyll_post_path(source: &Source, place: &Place, page: &Mapped) -> (String, Option<String>) {
    let pattern = source.text(&["permalink"]).unwrap_or_else(|| "date".into());
    let pattern = match pattern.as_str() {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        p => p,
    }
    .to_string();
    let date = (page.get("date").and_then(Value::as_str))
        .or(place.post_date.as_deref())
        .unwrap_or("1970-01-01");
    let categories: Vec<String> = page.categories.iter().map(|c| slugify(c)).collect();
    let title = page
        .get("slug")
        .and_then(Value::as_str)
        .unwrap_or(stem(&place.rel));
    let path = pattern
        .replace(":categories", &categories.join("/"))
        .replace(":year", date.get(..4).unwrap_or("1970"))
        .replace(":month", date.get(5..7).unwrap_or("01"))
        .replace(":day", date.get(8..10).unwrap_or("01"))
        .replace(":title", title)
        .replace(":slug", title)
        .replace(":output_ext", "/")
        .replace(".html", "/");
    let mut clean = String::from("/");
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        clean.push_str(seg);
        clean.push('/');
    }
    let html = pattern.contains(":output_ext") || pattern.ends_with(".html");
    // the old address: the folder URL's last segment with `.html`
    let old = (html && clean.len() > 1).then(|| format!("{}.html", clean.trim_end_matches('/')));
    (clean, old)
}

/// The `.html` address Jekyll gives the page `rel` (`about.md` → `/about.html`) where its
/// permalink style ends pages in `.html` (`date`, `ordinal`, `none` and patterns not ending in
/// `/`); none where it gives folder URLs, which deload's are.
fn jekyll_page_url(source: &Source, rel: &str) -> Option<String> {
    let pattern = source.text(&["permalink"]).unwrap_or_else(|| "date".into());
    let html = match pattern.as_str() {
        "pretty" => false,
        "date" | "ordinal" | "none" => true,
        p => !p.ends_with('/'),
    };
    let stem = rel.strip_suffix(".md")?;
    html.then(|| format!("/{stem}.html"))
}

/// Adds `alias` to the page's `aliases`.
pub(super) fn add_alias(page: &mut Mapped, alias: String) {
    let aliases = match page.keys.iter_mut().find(|(k, _)| k == "aliases") {
        Some((_, v)) => v,
        None => {
            page.keys.push(("aliases".into(), Value::Array(Vec::new())));
            let last = page.keys.len() - 1;
            &mut page.keys[last].1
        }
    };
    if let Value::Array(a) = aliases {
        a.push(Value::String(alias));
    }
}
