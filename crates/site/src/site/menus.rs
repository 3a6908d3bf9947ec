//! The site's menus: site.yaml's `menu:` (the `main` menu) merged with the pages' `menu:` front
//! matter, ordered by weight, with one level of nesting (an entry under the entry its `parent`
//! names).

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{Config, MenuItem};
use crate::content::{Page, PageMenuEntry};
use deload_engine::error::{Error, Location};

/// The menu site.yaml's `menu:` fills.
pub const MAIN: &str = "main";

/// What a menu entry links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A URL as site.yaml writes it (`@/x.md`, `/x/`, `https://...`).
    Url(String),
    /// A page, by index.
    Page(usize),
}

/// One entry of a menu, with the entries under it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The link text.
    pub name: String,
    /// What `parent` names it by.
    pub identifier: String,
    /// Lower first.
    pub weight: i64,
    /// Where it links.
    pub target: Target,
    /// The entries under it (none under those).
    pub children: Vec<Entry>,
}

/// An entry before nesting: which menu, its parent, and where it was written (for errors).
struct Flat {
    menu: String,
    parent: Option<String>,
    entry: Entry,
    /// The file and the location of the entry, and the file's text.
    origin: (std::path::PathBuf, Location, String),
}

/// Every menu of the site at `root` by name, in its default language; see [`build_in`].
pub fn build(
    config: &Config,
    root: &Path,
    pages: &[Page],
) -> Result<BTreeMap<String, Vec<Entry>>, Vec<Error>> {
    build_in(config, root, pages, None)
}

/// Every menu of the site at `root` by name as the pages in `lang` (none: the default language)
/// show them; `main` holds site.yaml's `menu:` (of `config`: the language's own, else the
/// default one) and the `pages` of that language in `main`. An entry whose `parent` names no
/// top-level entry of its menu is an error.
pub fn build_in(
    config: &Config,
    root: &Path,
    pages: &[Page],
    lang: Option<&str>,
) -> Result<BTreeMap<String, Vec<Entry>>, Vec<Error>> {
    let yaml_path = root.join(crate::config::CONFIG_FILE);
    let items = config.menu_in(lang);
    let has_nesting = items.iter().any(|m| m.parent.is_some());
    let yaml_text = if has_nesting {
        std::fs::read_to_string(&yaml_path).unwrap_or_default()
    } else {
        String::new()
    };
    let mut flat: Vec<Flat> = (items.iter())
        .map(|m| site_entry(m, &yaml_path, &yaml_text))
        .collect();
    let in_lang = |p: &Page| match lang {
        Some(l) if l != config.default_lang() => p.lang.as_deref() == Some(l),
        _ => p.lang.is_none(),
    };
    for (i, p) in pages.iter().enumerate().filter(|(_, p)| in_lang(p)) {
        let Some(menus) = &p.meta.menu else { continue };
        let at = p
            .key_location("menu")
            .unwrap_or(Location { line: 1, column: 1 });
        for (menu, e) in menus.entries() {
            flat.push(page_entry(p, i, menu, e, at));
        }
    }
    // a stable sort: equal weights keep site.yaml's order, then the pages' (by content path)
    flat.sort_by_key(|f| f.entry.weight);
    nest(flat)
}

/// The flat entry of an item of site.yaml's `menu:`.
fn site_entry(m: &MenuItem, path: &Path, text: &str) -> Flat {
    let line = m
        .parent
        .as_deref()
        .and_then(|p| {
            text.lines()
                .position(|l| l.contains("parent") && l.contains(p))
        })
        .map_or(1, |i| i + 1);
    Flat {
        menu: MAIN.to_string(),
        parent: m.parent.clone(),
        entry: Entry {
            name: m.name.clone(),
            identifier: m.identifier.clone().unwrap_or_else(|| m.name.clone()),
            weight: m.weight.unwrap_or(0),
            target: Target::Url(m.url.clone()),
            children: Vec::new(),
        },
        origin: (
            path.to_path_buf(),
            Location { line, column: 1 },
            text.to_string(),
        ),
    }
}

/// The flat entry of page `p` (index `i`) in `menu`.
fn page_entry(p: &Page, i: usize, menu: &str, e: PageMenuEntry, at: Location) -> Flat {
    let name = e.name.unwrap_or_else(|| p.meta.title.clone());
    Flat {
        menu: menu.to_string(),
        parent: e.parent,
        entry: Entry {
            identifier: e.identifier.unwrap_or_else(|| name.clone()),
            name,
            weight: e.weight.unwrap_or(0),
            target: Target::Page(i),
            children: Vec::new(),
        },
        origin: (p.file.clone(), at, p.text.clone()),
    }
}

/// Puts each entry with a `parent` under that top-level entry of its menu.
fn nest(flat: Vec<Flat>) -> Result<BTreeMap<String, Vec<Entry>>, Vec<Error>> {
    let mut menus: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    let mut children = Vec::new();
    for f in flat {
        if f.parent.is_some() {
            children.push(f);
        } else {
            menus.entry(f.menu).or_default().push(f.entry);
        }
    }
    let mut errors = Vec::new();
    for f in children {
        let parent = f.parent.as_deref().unwrap_or_default();
        let top = menus.get_mut(&f.menu).and_then(|entries| {
            (entries.iter_mut()).find(|e| e.identifier == parent || e.name == parent)
        });
        match top {
            Some(top) => top.children.push(f.entry),
            None => {
                let (file, at, text) = &f.origin;
                let why = if parent == f.entry.identifier {
                    "is the entry itself"
                } else {
                    "is not a top-level entry of that menu (menus nest one level)"
                };
                errors.push(
                    Error::new(format!(
                        "menu entry `{}`: parent `{parent}` of menu `{}` {why}",
                        f.entry.name, f.menu
                    ))
                    .in_file(file)
                    .at(*at, text)
                    .with_hint(
                        "name the `identifier` (or the `name`) of an entry of the same menu that has no parent",
                    ),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(menus)
    } else {
        Err(errors)
    }
}
