//! A multilingual Hugo site (`[languages]` in its config) as a multilingual deload site: the
//! languages in site.yaml, each translation beside its default-language file with the language's
//! code in its name (`post.fr.md`, Zola's convention, which deload reads), whether Hugo found it
//! by that name or in the language's own content folder (`contentDir = "content/fr"`).

use serde_json::{Map, Value};

use super::Note;
use super::config::Source;
use deload_site::config::is_language_code;

/// The languages of a Hugo site, as deload will name them.
#[derive(Debug, Clone, Default)]
pub(super) struct Languages {
    /// The default language's code (Hugo's `defaultContentLanguage`, `en` when not given).
    pub(super) default: String,
    /// Whether Hugo served the default language under `/CODE/` too
    /// (`defaultContentLanguageInSubdir`); deload serves it at `/`.
    pub(super) in_subdir: bool,
    /// Every language the import keeps, the default first.
    pub(super) codes: Vec<String>,
    /// Languages the config declares but the import leaves out (Hugo's `disableLanguages`, a
    /// language's `disabled = true`, or a key that is not a language code deload accepts).
    pub(super) left_out: Vec<String>,
    /// The content folders, relative to the source folder, and their language: `content` for
    /// the default language unless it names its own, then each `contentDir`.
    pub(super) roots: Vec<(String, String)>,
}

impl Languages {
    /// The languages of the site, if its config has `[languages]` with more than the default
    /// language in it, or a language with its own `contentDir`.
    pub(super) fn read(source: &Source) -> Option<Languages> {
        let table = source.at(&["languages"])?.as_object()?;
        let default = source
            .text(&["defaultContentLanguage"])
            .unwrap_or_else(|| "en".into())
            .to_lowercase();
        let disabled: Vec<String> = (source.at(&["disableLanguages"]))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_lowercase))
            .collect();
        let mut langs = Languages {
            default: default.clone(),
            in_subdir: (source.at(&["defaultContentLanguageInSubdir"]))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            codes: vec![default.clone()],
            ..Languages::default()
        };
        let mut own_dir = false;
        for (key, settings) in table {
            let code = key.to_lowercase();
            let off = settings.get("disabled").and_then(Value::as_bool) == Some(true)
                || disabled.contains(&code)
                || !is_language_code(&code);
            if off && code != default {
                langs.left_out.push(code);
                continue;
            }
            if code != default {
                langs.codes.push(code.clone());
            }
            if let Some(dir) = settings.get("contentDir").and_then(Value::as_str) {
                let dir = dir.trim_matches('/').to_string();
                own_dir |= code == default;
                langs.roots.push((dir, code));
            }
        }
        if !own_dir {
            langs.roots.insert(0, ("content".into(), default));
        }
        // the default language's folder first: its files win where two give one output
        langs.roots.sort_by_key(|(_, code)| *code != langs.default);
        let multi = langs.codes.len() > 1 || langs.roots.iter().any(|(d, _)| d != "content");
        multi.then_some(langs)
    }

    /// The languages of a Zola site, if its config lists one besides the default language: its
    /// translations are named as deload names them (`post.fr.md`), in one content folder.
    pub(super) fn read_zola(source: &Source) -> Option<Languages> {
        let (default, listed) = zola_listed(source);
        let mut langs = Languages {
            codes: vec![default.clone()],
            roots: vec![("content".into(), default.clone())],
            default,
            ..Languages::default()
        };
        for (code, _) in listed {
            if code == langs.default {
                continue;
            }
            // a code deload does not take: its files stay pages of their own (noted in
            // `zola_site_yaml`)
            if is_language_code(&code) {
                langs.codes.push(code);
            }
        }
        (langs.codes.len() > 1).then_some(langs)
    }

    /// The URL prefix Hugo gave the language's pages (`/fr`, `/en` for the default language in
    /// a subfolder, else nothing).
    pub(super) fn hugo_prefix(&self, code: Option<&str>) -> String {
        match code {
            Some(c) => format!("/{c}"),
            None if self.in_subdir => format!("/{}", self.default),
            None => String::new(),
        }
    }

    /// The other languages' content folders inside `root`, relative to it (`fr` for
    /// `content/fr` inside `content`), which a walk of `root` skips.
    pub(super) fn nested_roots(&self, root: &str) -> Vec<String> {
        (self.roots.iter())
            .filter_map(|(d, _)| d.strip_prefix(root)?.strip_prefix('/'))
            .map(|d| format!("{d}/"))
            .collect()
    }
}

/// What a file of a language's content folder becomes: the path of its default-language
/// version under the new `content/` and its language (none for the default language).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum FileLang {
    /// A file the import writes: its default-language path, and its language if another.
    Keep(String, Option<String>),
    /// A file in a language the import leaves out (its code).
    LeftOut(String),
}

/// The language of the Markdown file `rel` of the content folder of `root_lang`: the code in
/// its name (`post.fr.md`) if it is one of the site's languages, else the folder's.
pub(super) fn file_lang(langs: &Languages, rel: &str, root_lang: &str) -> FileLang {
    let named = rel
        .strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
        .filter(|(base, code)| !base.is_empty() && !base.ends_with('/') && !code.contains('/'));
    let (base, lang) = match named {
        Some((base, code)) if langs.codes.iter().any(|c| c == code) => {
            (format!("{base}.md"), code.to_string())
        }
        Some((_, code)) if langs.left_out.iter().any(|c| c == code) => {
            return FileLang::LeftOut(code.to_string());
        }
        _ => (rel.to_string(), root_lang.to_string()),
    };
    let other = (lang != langs.default).then_some(lang);
    FileLang::Keep(base, other)
}

/// The code-like ending of a file name that is not a language of the site (`notes.xx.md` →
/// `xx`: two or three lower-case letters), which stays part of the page's name.
pub(super) fn unknown_code(rel: &str) -> Option<&str> {
    let (base, code) = rel.strip_suffix(".md")?.rsplit_once('.')?;
    let looks = (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    (looks && !base.is_empty() && !base.ends_with('/')).then_some(code)
}

/// `posts/a.md` in `fr` → `posts/a.fr.md`; the default language's name as it is.
pub(super) fn with_lang(rel: &str, lang: Option<&str>) -> String {
    match (lang, rel.strip_suffix(".md")) {
        (Some(l), Some(stem)) => format!("{stem}.{l}.md"),
        _ => rel.to_string(),
    }
}

/// site.yaml's `language` and `languages:` (each one's `title` and `description`), and the
/// `i18n/CODE.yaml` files that name a language as the Hugo site did (`languageName`); notes
/// for what deload keeps for every language alike (menus, `params`).
pub(super) fn site_yaml(
    source: &Source,
    m: &mut Map<String, Value>,
    notes: &mut Vec<Note>,
) -> Vec<(String, String)> {
    let Some(langs) = Languages::read(source) else {
        return Vec::new();
    };
    let note = |notes: &mut Vec<Note>, construct: String, done: &str| {
        notes.push(Note {
            file: source.file.clone(),
            line: 0,
            construct,
            done: done.into(),
        });
    };
    m.insert("language".into(), Value::String(langs.default.clone()));
    let mut map = Map::new();
    let mut i18n = Vec::new();
    for code in &langs.codes {
        let settings = source.language(code);
        let mut one = Map::new();
        let description = (settings.get("description"))
            .or_else(|| settings.get("params").and_then(|p| p.get("description")));
        for (key, value) in [
            ("title", settings.get("title")),
            ("description", description),
        ] {
            if let Some(v) = value.and_then(Value::as_str).filter(|v| !v.is_empty()) {
                one.insert(key.into(), Value::String(v.to_string()));
            }
        }
        if let Some(name) = settings.get("languageName").and_then(Value::as_str) {
            let yaml = serde_yaml::to_string(&serde_json::json!({ "language_name": name }))
                .unwrap_or_default();
            i18n.push((format!("i18n/{code}.yaml"), yaml));
        }
        let menus = settings.get("menu").or_else(|| settings.get("menus"));
        let main = (menus.and_then(|m| m.get("main")).and_then(Value::as_array))
            .map(|entries| entries.iter().collect::<Vec<_>>())
            .filter(|_| *code != langs.default)
            .map(|entries| super::config::hugo_menu(&entries, Some(code)))
            .filter(|menu| !menu.is_empty());
        if let Some(menu) = main {
            one.insert("menu".into(), Value::Array(menu));
        }
        let at = format!("languages.{code}.menu");
        super::config::other_menus(menus, &at, &source.file, notes);
        map.insert(code.clone(), Value::Object(one));
        let params = settings.get("params").and_then(Value::as_object);
        if params.is_some_and(|p| p.keys().any(|k| k != "description")) {
            let done = "not imported: deload's `extra` is one for every language (site.yaml's, from the top-level `params`)";
            note(notes, format!("`languages.{code}.params`"), done);
        }
    }
    m.insert("languages".into(), Value::Object(map));
    for code in &langs.left_out {
        let done = "left out, with its content: a disabled language, or a key that is not a language code deload accepts (`fr`, `pt-br`)";
        note(notes, format!("language `{code}`"), done);
    }
    if langs.in_subdir {
        let done = "deload serves the default language at `/`: every old `/CODE/...` address of it is an alias or a redirect page";
        note(notes, "`defaultContentLanguageInSubdir`".into(), done);
    }
    i18n
}

/// Languages by code, each with its settings (a table of the config).
type Listed = Vec<(String, Map<String, Value>)>;

/// A Zola config's default language (`default_language`, `en` when not given) and the
/// languages it lists, each with its settings.
fn zola_listed(source: &Source) -> (String, Listed) {
    let listed = match source.at(&["languages"]) {
        Some(Value::Object(t)) => (t.iter())
            .map(|(k, v)| (k.clone(), v.as_object().cloned().unwrap_or_default()))
            .collect(),
        Some(Value::Array(a)) => (a.iter())
            .filter_map(Value::as_object)
            .filter_map(|t| Some((t.get("code")?.as_str()?.to_string(), t.clone())))
            .collect(),
        _ => Vec::new(),
    };
    let default = source
        .text(&["default_language"])
        .unwrap_or_else(|| "en".into());
    (default, listed)
}

/// A Zola site's languages (`default_language`, `[languages.CODE]` with `title` and
/// `description`, or the list of `{code = ...}` tables of Zola before 0.16) as site.yaml's
/// `language` and `languages:`; Zola names translations as deload does (`post.fr.md`), so the
/// content needs nothing more. Notes for what deload keeps otherwise: `translations` (words for
/// Zola's templates) and a code deload does not take.
pub(super) fn zola_site_yaml(source: &Source, m: &mut Map<String, Value>, notes: &mut Vec<Note>) {
    let mut note = |construct: String, done: &str| {
        notes.push(Note {
            file: source.file.clone(),
            line: 0,
            construct,
            done: done.into(),
        });
    };
    let (default, listed) = zola_listed(source);
    if listed.iter().all(|(code, _)| *code == default) {
        // one language: site.yaml's `language` says it
        return;
    }
    m.insert("language".into(), Value::String(default.clone()));
    let mut map = Map::new();
    map.insert(default.clone(), Value::Object(Map::new()));
    for (code, settings) in listed {
        if !is_language_code(&code) {
            let done = "left out: not a language code deload accepts (`fr`, `pt-br`); its files are imported as pages of their own, and deload warns about each";
            note(format!("language `{code}`"), done);
            continue;
        }
        let mut one = Map::new();
        for key in ["title", "description"] {
            if let Some(v) = settings.get(key).and_then(Value::as_str) {
                one.insert(key.into(), Value::String(v.to_string()));
            }
        }
        if settings.get("translations").is_some() {
            let done = "not imported: words for Zola's templates, which are not imported; deload's theme has its own words (i18n/CODE.yaml)";
            note(format!("`languages.{code}.translations`"), done);
        }
        let entry = map.entry(code).or_insert(Value::Object(Map::new()));
        if let Value::Object(e) = entry {
            e.extend(one);
        }
    }
    if source.at(&["translations"]).is_some() {
        let done = "not imported: words for Zola's templates, which are not imported; deload's theme has its own words (i18n/CODE.yaml)";
        note("`translations`".into(), done);
    }
    m.insert("languages".into(), Value::Object(map));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs() -> Languages {
        Languages {
            default: "en".into(),
            in_subdir: false,
            codes: vec!["en".into(), "fr".into()],
            left_out: vec!["de".into()],
            roots: vec![("content".into(), "en".into())],
        }
    }

    #[test]
    fn a_files_language_comes_from_its_name_then_its_folder() {
        let l = langs();
        let keep = |b: &str, l: Option<&str>| FileLang::Keep(b.into(), l.map(str::to_string));
        assert_eq!(
            file_lang(&l, "posts/a.fr.md", "en"),
            keep("posts/a.md", Some("fr"))
        );
        assert_eq!(
            file_lang(&l, "posts/a.en.md", "en"),
            keep("posts/a.md", None)
        );
        assert_eq!(
            file_lang(&l, "posts/a.md", "fr"),
            keep("posts/a.md", Some("fr"))
        );
        assert_eq!(
            file_lang(&l, "_index.fr.md", "en"),
            keep("_index.md", Some("fr"))
        );
        assert_eq!(
            file_lang(&l, "a.de.md", "en"),
            FileLang::LeftOut("de".into())
        );
        assert_eq!(file_lang(&l, "v1.2/a.md", "en"), keep("v1.2/a.md", None));
        assert_eq!(with_lang("posts/a.md", Some("fr")), "posts/a.fr.md");
        assert_eq!(with_lang("posts/a.md", None), "posts/a.md");
    }

    #[test]
    fn nested_language_folders_are_skipped_by_the_default_walk() {
        let mut l = langs();
        l.roots.push(("content/fr".into(), "fr".into()));
        assert_eq!(l.nested_roots("content"), ["fr/"]);
        assert!(l.nested_roots("content/fr").is_empty());
        assert_eq!(l.hugo_prefix(Some("fr")), "/fr");
        assert_eq!(l.hugo_prefix(None), "");
    }
}
