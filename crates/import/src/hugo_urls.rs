//! A Hugo site's URLs kept: a page's from the site's `permalinks` patterns (the flat form,
//! `[permalinks] posts = "..."`, and the nested one, `[permalinks.page]`, `[permalinks.section]`,
//! `[permalinks.taxonomy]`, `[permalinks.term]`, with `'/'` for the pages at the content root),
//! or an alias where deload spells the path otherwise; and redirect pages from the old URLs of
//! the home pages, sections and taxonomy terms where deload serves them elsewhere (its sections
//! and terms have no URL setting): under `/en/` for a default language Hugo served in a subfolder,
//! or under a pattern's path.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Site;
use super::config::Source;
use super::front::{Mapped, Place, add_alias, stem};
use super::languages::Languages;
use deload_site::urls::dir_path;
use deload_site::urls::slug::{Mode, path_segment, term as term_slug};

/// The pattern `permalinks` gives the page kind `kind` (`page`, `section`, `taxonomy` or `term`)
/// of `key` (a top-level section's folder, `/` for the content root, or a taxonomy's name): the
/// nested form's, else the flat form's (which Hugo applies to a section's pages and to a
/// taxonomy's terms).
fn pattern<'a>(source: &'a Source, kind: &str, key: &str) -> Option<&'a str> {
    let nested = source.at(&["permalinks", kind]).and_then(|t| t.get(key));
    let flat = || source.at(&["permalinks", key]);
    let flat_applies = matches!(kind, "page" | "term");
    (nested.or_else(|| flat_applies.then(flat).flatten())).and_then(Value::as_str)
}

/// `pattern` with its `:name` placeholders filled from `values`, longer names first (so
/// `:slugorfilename` is not read as `:slug`), as a site path ending in `/`.
fn fill(pattern: &str, values: &[(&str, &str)]) -> String {
    let mut values = values.to_vec();
    values.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    let mut filled = pattern.to_string();
    for (name, value) in values {
        filled = filled.replace(&format!(":{name}"), value);
    }
    let mut path = String::from("/");
    for seg in (filled.split('/')).filter(|s| !s.is_empty() && *s != "." && *s != "..") {
        path.push_str(seg);
        path.push('/');
    }
    path
}

/// The URL the site's `permalinks` pattern for the page's section gives it (a page at the
/// content root under the key `/`), kept as the page's `path:`; none when there is no pattern.
/// `:year`, `:month`, `:day`, `:section`, `:sections`, `:title`, `:slug`, `:slugorfilename`,
/// `:filename` and `:contentbasename` are filled in.
fn permalink(source: &Source, place: &Place, page: &Mapped) -> Option<String> {
    let rel = (place.rel.strip_suffix("/index.md")).or_else(|| place.rel.strip_suffix(".md"))?;
    let (section, sections) = match rel.rsplit_once('/') {
        Some((dirs, _)) => (dirs.split('/').next().unwrap_or(dirs), dirs),
        None => ("/", ""),
    };
    let pattern = pattern(source, "page", section)?;
    let date = page.get("date").and_then(Value::as_str).unwrap_or("");
    let name = stem(&place.rel);
    let title = page.get("title").and_then(Value::as_str).unwrap_or(name);
    let title = path_segment(title, Mode::On);
    let slug = page.get("slug").and_then(Value::as_str);
    let section = section.trim_matches('/');
    Some(fill(
        pattern,
        &[
            ("year", date.get(..4).unwrap_or("1970")),
            ("month", date.get(5..7).unwrap_or("01")),
            ("day", date.get(8..10).unwrap_or("01")),
            ("section", section),
            ("sections", sections),
            ("slugorfilename", slug.unwrap_or(name)),
            ("slugorcontentbasename", slug.unwrap_or(name)),
            ("slug", slug.unwrap_or(&title)),
            ("title", &title),
            ("filename", name),
            ("contentbasename", name),
        ],
    ))
}

/// The page's URL as Hugo and as deload spell it by default, without a language prefix: Hugo
/// keeps a file name's dots and date prefix, and lowers its case.
fn default_urls(place: &Place, page: &Mapped) -> (String, String) {
    let page_rel = place.rel.strip_suffix("/index.md").unwrap_or(&place.rel);
    let (dir, name) = page_rel.rsplit_once('/').unwrap_or(("", page_rel));
    let file_stem = name.strip_suffix(".md").unwrap_or(name);
    let slug = page.get("slug").and_then(Value::as_str);
    let dir_part = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let hugo = format!("/{dir_part}{}/", slug.unwrap_or(file_stem))
        .to_lowercase()
        .replace(' ', "-");
    let deload_name = path_segment(slug.unwrap_or(stem(&place.rel)), Mode::On);
    (hugo, format!("{}{deload_name}/", dir_path(dir, Mode::On)))
}

/// Keeps a Hugo page's URL: its section's `permalinks` pattern as its `path:`, or an alias from
/// Hugo's URL where deload spells it otherwise; for the default language of a site Hugo served
/// under `/CODE/`, an alias from there too.
///
/// A translation renamed to pair with its partner (Hugo's `translationKey`) keeps the URL Hugo
/// made from its own name, as its `path:` (under its language's folder).
pub(super) fn keep_page_url(source: &Source, place: &Place, page: &mut Mapped, site: &Site) {
    let lang_prefix = place.lang.as_deref().map(|l| format!("/{l}"));
    let own = place.as_source();
    let hugo = if let Some(path) = page.get("path").and_then(Value::as_str) {
        format!("/{}", path.trim_start_matches('/'))
    } else if let Some(path) = permalink(source, &own, page) {
        page.set("path", Value::String(path.clone()));
        path
    } else {
        let (hugo, _) = default_urls(&own, page);
        let (_, deload) = default_urls(place, page);
        let safe = !hugo.contains("..") && !hugo.contains('\\') && !hugo.contains("//");
        if place.renamed_from.is_some() && safe {
            page.set("path", Value::String(hugo.clone()));
        } else if hugo != deload && safe {
            add_alias(page, format!("{}{hugo}", lang_prefix.unwrap_or_default()));
        }
        hugo
    };
    let in_subdir = site.langs.as_ref().filter(|l| l.in_subdir);
    if let (Some(langs), None) = (in_subdir, &place.lang) {
        add_alias(page, format!("/{}{hugo}", langs.default));
    }
}

/// Hugo's spelling of a taxonomy term in a URL (`urlize`): lower case, spaces as `-`, letters
/// and digits of any script and `.`, `_`, `-`, `+`, `~`, `#` kept, anything else left out.
pub(super) fn urlize(term: &str) -> String {
    let mut out = String::new();
    for c in term.trim().chars() {
        if c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '~' | '#') {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            out.push('-');
        }
    }
    out
}

/// One old URL and where deload serves it.
struct Moved {
    old: String,
    new: String,
}

/// The home pages', sections' and taxonomies' old URLs that deload serves elsewhere.
fn moved_lists(source: &Source, langs: Option<&Languages>, site: &Site) -> Vec<Moved> {
    let hugo_prefix = |l: &str| match langs {
        Some(langs) => langs.hugo_prefix(Some(l).filter(|l| !l.is_empty())),
        None => String::new(),
    };
    let prefix = |l: &str| {
        Some(l)
            .filter(|l| !l.is_empty())
            .map_or(String::new(), |l| format!("/{l}"))
    };
    let mut moved = Vec::new();
    let mut homes: BTreeSet<String> = site.terms.iter().map(|(l, _, _)| l.clone()).collect();
    homes.insert(String::new());
    homes.extend(site.sections.iter().map(|(l, _)| l.clone()));
    for l in homes {
        moved.push(Moved {
            old: format!("{}/", hugo_prefix(&l)),
            new: format!("{}/", prefix(&l)),
        });
    }
    for (l, dir) in site.sections.iter().filter(|(_, d)| !d.is_empty()) {
        let top = dir.split('/').next().unwrap_or(dir);
        let last = dir.rsplit('/').next().unwrap_or(dir);
        let path = match pattern(source, "section", top) {
            Some(p) if top == dir => fill(
                p,
                &[
                    ("section", top),
                    ("sections", dir),
                    ("slug", last),
                    ("title", last),
                ],
            ),
            _ => format!("/{}/", dir.to_lowercase()),
        };
        moved.push(Moved {
            old: format!("{}{path}", hugo_prefix(l)),
            new: format!("{}{}", prefix(l), dir_path(dir, Mode::On)),
        });
    }
    let taxonomies: BTreeSet<(&String, &String)> =
        site.terms.iter().map(|(l, t, _)| (l, t)).collect();
    for (l, t) in taxonomies {
        let path = pattern(source, "taxonomy", t)
            .map_or(format!("/{t}/"), |p| fill(p, &[("slug", t), ("title", t)]));
        moved.push(Moved {
            old: format!("{}{path}", hugo_prefix(l)),
            new: format!("{}/{t}/", prefix(l)),
        });
    }
    for (l, t, term) in &site.terms {
        let slug = urlize(term);
        let path = pattern(source, "term", t).map_or(format!("/{t}/{slug}/"), |p| {
            fill(p, &[("slug", &slug), ("title", &slug)])
        });
        let new = format!("{}/{t}/{}/", prefix(l), term_slug(term, Mode::On));
        moved.push(Moved {
            old: format!("{}{path}", hugo_prefix(l)),
            new,
        });
    }
    moved
}

/// Redirect pages in `static/` from the old URLs of a Hugo site's home pages, sections,
/// taxonomies and terms that deload serves elsewhere (a default language Hugo served under
/// `/CODE/`, `permalinks` patterns for sections, taxonomies and terms, terms Hugo spelt
/// otherwise), with one note.
pub(super) fn list_redirects(source: &Source, site: &mut Site) {
    let langs = site.langs.clone();
    let moved = moved_lists(source, langs.as_ref(), site);
    let served: BTreeSet<String> = moved.iter().map(|m| m.new.clone()).collect();
    let mut written = 0;
    for m in moved {
        if !served.contains(&m.old) && site.redirect(&m.old, &m.new) {
            written += 1;
        }
    }
    if written > 0 {
        let done = format!(
            "{written} redirect pages in static/ from the old URLs of home pages, sections, taxonomies and terms that deload serves elsewhere (a default language in a subfolder, `permalinks` for sections, taxonomies and terms)"
        );
        site.note(&source.file, 0, "moved list pages".into(), done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_fill_longer_names_first() {
        let p = fill(
            "/:year/:slugorfilename/",
            &[("slug", "s"), ("slugorfilename", "f"), ("year", "2020")],
        );
        assert_eq!(p, "/2020/f/");
        assert_eq!(fill("/tag/:slug", &[("slug", "c++")]), "/tag/c++/");
    }

    #[test]
    fn terms_are_spelt_as_hugo_spells_them() {
        assert_eq!(urlize("Rest Days"), "rest-days");
        assert_eq!(urlize("C++"), "c++");
        assert_eq!(urlize("Café (noir)"), "café-noir");
    }
}
