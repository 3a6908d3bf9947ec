//! A Hugo site's content as deload reads it: translations Hugo pairs by `translationKey` (not
//! by file name) renamed so that deload pairs them too, and the list pages Hugo serves for a
//! top-level content folder that has no `_index.md`, kept with one.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::config::{Source, menu_parents as config_parents};
use super::front::{Mapped, Place, front_value};
use super::languages::with_lang;
use super::{ContentFile, Output, Site};

/// Pairs the pages of a multilingual Hugo site that share a `translationKey`: each is written
/// beside one partner, the default language's page (else the page of the language listed first),
/// with its language's code (`content/fr/posts/jour.md` beside `posts/rest-day.md` becomes
/// `posts/rest-day.fr.md`); its URL stays Hugo's (see `hugo_urls`, which reads
/// [`super::front::Place::renamed_from`]). A page whose new name another file has, or a second
/// page of one language for one key, keeps its name, with a note.
pub(super) fn pair_by_translation_key(files: &mut [ContentFile], site: &mut Site) {
    let Some(langs) = site.langs.clone() else {
        return;
    };
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, file) in files.iter().enumerate() {
        let Some((place, text)) = &file.page else {
            continue;
        };
        if place.rel.ends_with("_index.md") {
            continue;
        }
        let key = match front_value(place, text, "translationKey") {
            Some(Value::String(s)) if !s.trim().is_empty() => s,
            Some(v @ Value::Number(_)) => v.to_string(),
            _ => continue,
        };
        groups.entry(key).or_default().push(i);
    }
    let rank = |lang: &Option<String>| {
        let code = lang.as_deref().unwrap_or(&langs.default);
        langs
            .codes
            .iter()
            .position(|c| c == code)
            .unwrap_or(usize::MAX)
    };
    let mut taken: BTreeSet<String> = files.iter().map(|f| f.rel.clone()).collect();
    for (key, members) in groups {
        let lang_of = |i: usize| files[i].page.as_ref().and_then(|(p, _)| p.lang.clone());
        let Some(&partner) = members.iter().min_by_key(|i| (rank(&lang_of(**i)), **i)) else {
            continue;
        };
        let Some((anchor, _)) = &files[partner].page else {
            continue;
        };
        let (anchor_rel, anchor_shown) = (anchor.rel.clone(), anchor.shown.clone());
        let mut langs_seen = BTreeSet::from([lang_of(partner)]);
        for i in members.into_iter().filter(|i| *i != partner) {
            let file = &mut files[i];
            let Some((place, _)) = &mut file.page else {
                continue;
            };
            let construct = format!("`translationKey = \"{key}\"`");
            if !langs_seen.insert(place.lang.clone()) {
                let done = "kept as a page of its own: another page of its language has that key";
                site.note(&place.shown, 0, construct, done);
                continue;
            }
            if place.rel == anchor_rel {
                continue;
            }
            let target = with_lang(&anchor_rel, place.lang.as_deref());
            if taken.contains(&target) {
                let done = format!(
                    "kept its own name, not paired with `{anchor_shown}`: `content/{target}` comes from another file"
                );
                site.note(&place.shown, 0, construct, done);
                continue;
            }
            taken.remove(&file.rel);
            taken.insert(target.clone());
            let own = std::mem::replace(&mut place.rel, anchor_rel.clone());
            let mut done = format!(
                "paired with `{anchor_shown}`, as Hugo pairs them: written as `content/{target}`, its URL kept"
            );
            if own.ends_with("/index.md") {
                done.push_str(
                    "; its bundle's other files served beside it, from `static/`, where its relative links find them",
                );
            }
            site.note(&place.shown, 0, construct, done);
            place.renamed_from = Some(own);
            file.rel = target;
        }
    }
}

/// Records where a bundle renamed to pair by `translationKey` keeps its page (its `path:`,
/// under its language's folder), for [`renamed_bundle_file`].
pub(super) fn note_renamed_bundle(place: &Place, page: &Mapped, site: &mut Site) {
    let own = place.renamed_from.as_deref().unwrap_or_default();
    let Some(folder) = (own.ends_with("/index.md"))
        .then_some(())
        .and(place.shown.rsplit_once('/'))
    else {
        return;
    };
    let Some(path) = page.get("path").and_then(Value::as_str) else {
        return;
    };
    let lang = place
        .lang
        .as_deref()
        .map_or(String::new(), |l| format!("/{l}"));
    let url = format!("{lang}/{}", path.trim_matches('/'));
    site.renamed_bundles.insert(folder.0.to_string(), url);
}

/// Where the source file `shown` (`content/fr/posts/jour/photo.jpg`) of a bundle renamed to
/// pair by `translationKey` goes: into `static/` at its page's URL (`/fr/posts/jour/photo.jpg`),
/// where Hugo served it and the page's relative links find it; none for any other file. deload
/// serves a translated bundle's own files beside its default-language page only.
pub(super) fn renamed_bundle_file(shown: &str, site: &Site) -> Option<String> {
    site.renamed_bundles.iter().find_map(|(folder, url)| {
        let rest = shown.strip_prefix(folder.as_str())?.strip_prefix('/')?;
        Some(format!("static/{}/{rest}", url.trim_matches('/')))
    })
}

/// An `_index.md` (a title, no body) for each top-level folder of `content/` with pages in it
/// but no `_index.md`, in each language that has pages there: Hugo makes a section of every
/// top-level folder and serves its list page (`/posts/`, `/fr/posts/`) all the same, deload only
/// of a folder with an `_index.md`. A folder that is a page (`about/index.md`) is left alone.
pub(super) fn implicit_sections(source: &Source, site: &mut Site) {
    let pages: Vec<(Option<String>, String)> = (site.refs.iter())
        .map(|((lang, _), out)| (Some(lang.clone()).filter(|l| !l.is_empty()), out.clone()))
        .collect();
    let mut folders: BTreeMap<String, BTreeSet<Option<String>>> = BTreeMap::new();
    let mut written: BTreeSet<(Option<String>, String)> = BTreeSet::new();
    let mut bundles = BTreeSet::new();
    for (lang, out) in &pages {
        let rel = strip_lang(out, lang.as_deref());
        let Some((top, rest)) = rel.split_once('/') else {
            continue;
        };
        match rest {
            "_index.md" => {
                written.insert((lang.clone(), top.to_string()));
            }
            "index.md" => {
                bundles.insert(top.to_string());
            }
            _ => {}
        }
        folders
            .entry(top.to_string())
            .or_default()
            .insert(lang.clone());
    }
    let mut made = Vec::new();
    for (top, langs) in folders.into_iter().filter(|(t, _)| !bundles.contains(t)) {
        for lang in langs {
            if written.contains(&(lang.clone(), top.clone())) {
                continue;
            }
            let out = with_lang(&format!("{top}/_index.md"), lang.as_deref());
            let front = serde_json::json!({ "title": title_case(&top) });
            let yaml = serde_yaml::to_string(&front).unwrap_or_default();
            site.files.push((
                format!("content/{out}"),
                Output::Text(format!("---\n{yaml}---\n")),
            ));
            site.content.insert(out.clone());
            site.sections
                .insert((lang.unwrap_or_default(), top.clone()));
            made.push(format!("`content/{out}`"));
        }
    }
    if !made.is_empty() {
        let done = format!(
            "written with a title and no body, so that the list pages Hugo served for these folders keep their URLs: {}",
            made.join(", ")
        );
        site.note(
            &source.file,
            0,
            "top-level content folders without `_index.md`".into(),
            done,
        );
    }
}

/// The entries each menu's pages may name as their `parent`: site.yaml's `main` entries, and
/// each page's top-level entries (no `parent`) by identifier and name (the page's title when
/// the entry has none), as deload names them.
pub(super) fn menu_parents<'a>(
    source: &Source,
    pages: impl Iterator<Item = &'a (Place, String)>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    out.entry("main".into())
        .or_default()
        .extend(config_parents(source));
    for (place, text) in pages {
        let menu = front_value(place, text, "menu").or_else(|| front_value(place, text, "menus"));
        let Some(menu) = menu else {
            continue;
        };
        let title = front_value(place, text, "title")
            .and_then(|t| t.as_str().map(str::to_string))
            .unwrap_or_default();
        let entries: Vec<(String, Value)> = match menu {
            Value::String(m) => vec![(m, Value::Null)],
            Value::Array(a) => (a.iter())
                .filter_map(|m| Some((m.as_str()?.to_string(), Value::Null)))
                .collect(),
            Value::Object(m) => m.into_iter().collect(),
            _ => Vec::new(),
        };
        for (menu, entry) in entries
            .into_iter()
            .filter(|(_, e)| e.get("parent").is_none())
        {
            let text_of = |k: &str| entry.get(k).and_then(Value::as_str).map(str::to_string);
            let name = text_of("name").unwrap_or_else(|| title.clone());
            let tops = out.entry(menu).or_default();
            tops.extend(text_of("identifier"));
            tops.insert(name);
        }
    }
    out
}

/// `posts/a.fr.md` of the language `fr` as `posts/a.md`.
fn strip_lang(out: &str, lang: Option<&str>) -> String {
    match lang.and_then(|l| out.strip_suffix(&format!(".{l}.md"))) {
        Some(stem) => format!("{stem}.md"),
        None => out.to_string(),
    }
}

/// A folder's name as Hugo titles its section: each word's first letter in upper case
/// (`posts` → `Posts`, `release notes` → `Release Notes`).
fn title_case(name: &str) -> String {
    let words = name.split(' ').map(|w| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    });
    words.collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_titles() {
        assert_eq!(strip_lang("posts/a.fr.md", Some("fr")), "posts/a.md");
        assert_eq!(strip_lang("posts/a.md", None), "posts/a.md");
        assert_eq!(title_case("posts"), "Posts");
        assert_eq!(title_case("release notes"), "Release Notes");
        assert_eq!(title_case("été"), "Été");
    }
}
