//! Zola's slugs kept. Under `slugify.paths = "on"` (its default) Zola transliterates a page's
//! file name or `slug` to ASCII (`café-crème.md` → `/cafe-creme/`, `Ærø` → `aero`, dots and
//! underscores as `-`), where deload keeps the letters of every script; under `"safe"` and
//! `"off"` it keeps the name nearly as written. The import writes Zola's slug as the page's
//! `slug:` where deload can spell it, else an alias from Zola's URL; and redirect pages from
//! Zola's taxonomy term URLs (`slugify.taxonomies`) where deload's differ.

use serde_json::Value;

use super::Site;
use super::body::transliterated;
use super::config::{Source, Strategy};
use super::front::{Mapped, Place, add_alias, stem};
use deload_site::urls::dir_path;
use deload_site::urls::slug::{Mode, path_segment, term as term_slug};

/// `name` as Zola's `slugify_paths` spells it under `strategy`.
pub(super) fn zola_slug(name: &str, strategy: Strategy) -> String {
    match strategy {
        Strategy::On => transliterated(name),
        Strategy::Safe => name
            .trim_end_matches([' ', '.'])
            .chars()
            .filter(|c| !r#"<>:"/\|?*"#.contains(*c))
            .collect(),
        Strategy::Off => name.to_string(),
    }
}

/// Keeps a Zola page's URL where deload would spell its slug otherwise: Zola's slug as the
/// page's `slug:` when deload keeps it as it is, and an alias from Zola's URL when that is
/// still not the page's (a slug with spaces under `"safe"`, a folder with upper case).
pub(super) fn keep_zola_url(source: &Source, place: &Place, page: &mut Mapped, site: &mut Site) {
    if page.has("path") {
        return;
    }
    let strategy = source.slugify("paths");
    let mode = match strategy {
        Strategy::On => Mode::On,
        Strategy::Safe | Strategy::Off => Mode::Safe,
    };
    let name = match page.get("slug").and_then(Value::as_str) {
        Some(s) => s.to_string(),
        None => stem(&place.rel).to_string(),
    };
    let zola = zola_slug(&name, strategy);
    let mut slug = path_segment(&name, mode);
    if zola.is_empty() {
        return;
    }
    if zola != slug && path_segment(&zola, mode) == zola {
        slug.clone_from(&zola);
        page.replace("slug", Value::String(zola.clone()));
        let done = format!(
            "written as `slug: {zola}`, the page's URL in Zola, which spells slugs in ASCII (`slugify.paths`); deload keeps letters of every script"
        );
        site.note(&place.shown, 0, format!("slug of `{name}`"), done);
    }
    let page_rel = place.rel.strip_suffix("/index.md").unwrap_or(&place.rel);
    let dir = page_rel.rsplit_once('/').map_or("", |(d, _)| d);
    // Zola spells the folders of a page's path as it spells its name
    let dir_part = if dir.is_empty() {
        String::new()
    } else {
        format!("/{}", zola_dir(dir, strategy))
    };
    let old = format!("{dir_part}/{zola}/");
    let safe = !old.contains("/../") && !old.contains("/./") && !old.contains('\\');
    if old != format!("{}{slug}/", dir_path(dir, mode)) && safe && !old.contains("//") {
        // a translation's old URL is under its language's folder, as its new one is
        let old = match &place.lang {
            Some(l) => format!("/{l}{old}"),
            None => old,
        };
        add_alias(page, old.clone());
        let done = format!("an alias from `{old}`, the page's URL in Zola");
        site.note(&place.shown, 0, format!("URL of `{name}`"), done);
    }
}

/// The folders `dir` (`café/notes`) as Zola spells them in URLs under `strategy` (`cafe/notes`).
fn zola_dir(dir: &str, strategy: Strategy) -> String {
    let segs: Vec<String> = dir.split('/').map(|s| zola_slug(s, strategy)).collect();
    segs.join("/")
}

/// Redirect pages from Zola's section URLs, whose folder names it spells in ASCII under
/// `slugify.paths = "on"` (`/cafe/` for `content/café/`), to deload's (`/café/`) where they
/// differ, with one note.
pub(super) fn section_redirects(source: &Source, site: &mut Site) {
    let strategy = source.slugify("paths");
    let mode = match strategy {
        Strategy::On => Mode::On,
        Strategy::Safe | Strategy::Off => Mode::Safe,
    };
    let mut written = 0;
    for (lang, dir) in site.sections.clone() {
        if dir.is_empty() {
            continue;
        }
        let prefix = Some(lang)
            .filter(|l| !l.is_empty())
            .map_or(String::new(), |l| format!("/{l}"));
        let old = format!("{prefix}/{}/", zola_dir(&dir, strategy));
        let new = format!("{prefix}{}", dir_path(&dir, mode));
        if !old.contains("//") && site.redirect(&old, &new) {
            written += 1;
        }
    }
    if written > 0 {
        let done = format!(
            "{written} redirect pages in static/ from Zola's section URLs, whose folder names Zola spells in ASCII (`slugify.paths`), to deload's"
        );
        site.note(&source.file, 0, "section URLs".into(), done);
    }
}

/// Redirect pages from Zola's taxonomy term URLs (`/tags/cafe/` under `slugify.taxonomies =
/// "on"`) to deload's (`/tags/café/`) where they differ, with one note.
pub(super) fn term_redirects(source: &Source, site: &mut Site) {
    let strategy = source.slugify("taxonomies");
    let mode = match strategy {
        Strategy::On => Mode::On,
        Strategy::Safe | Strategy::Off => Mode::Safe,
    };
    let mut written = 0;
    for (lang, taxonomy, term) in site.terms.clone() {
        let prefix = Some(lang)
            .filter(|l| !l.is_empty())
            .map_or(String::new(), |l| format!("/{l}"));
        let old = format!("{prefix}/{taxonomy}/{}/", zola_slug(&term, strategy));
        let new = format!("{prefix}/{taxonomy}/{}/", term_slug(&term, mode));
        if !old.contains("//") && site.redirect(&old, &new) {
            written += 1;
        }
    }
    if written > 0 {
        let done = format!(
            "{written} redirect pages in static/ from Zola's term URLs, which Zola spells in ASCII (`slugify.taxonomies`), to deload's"
        );
        site.note(&source.file, 0, "taxonomy term URLs".into(), done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zola_transliterates_under_on_and_keeps_names_under_safe() {
        let on = |s| zola_slug(s, Strategy::On);
        assert_eq!(on("café-crème"), "cafe-creme");
        assert_eq!(on("Ærø"), "aero");
        assert_eq!(on("0.89.3 Release_Notes"), "0-89-3-release-notes");
        assert_eq!(on("Straße"), "strasse");
        assert_eq!(on("--a--"), "a");
        assert_eq!(zola_slug("Café: crème?.", Strategy::Safe), "Café crème");
        assert_eq!(zola_slug("a b", Strategy::Off), "a b");
    }
}
