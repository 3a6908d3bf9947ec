//! A page's `menu:` front matter: the site menus it is in (`menu: main`, `menu: [main,
//! footer]`), each with a name, a weight and a parent (`menu: {main: {weight: 10, parent:
//! Guides, name: Short}}`), as Hugo writes it.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The menus a page is in, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum PageMenus {
    /// `menu: main`.
    One(String),
    /// `menu: [main, footer]`.
    Many(Vec<String>),
    /// `menu: {main: {weight: 10}, footer: }`.
    Entries(BTreeMap<String, Option<PageMenuEntry>>),
}

/// How a page shows in one menu.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageMenuEntry {
    /// The link text (default: the page's title).
    #[serde(default)]
    pub(crate) name: Option<String>,
    /// Lower first; 0 when not given.
    #[serde(default)]
    pub(crate) weight: Option<i64>,
    /// The `identifier` (or `name`) of the entry of the same menu it goes under.
    #[serde(default)]
    pub(crate) parent: Option<String>,
    /// What other entries name as their `parent` (default: the name).
    #[serde(default)]
    pub(crate) identifier: Option<String>,
}

impl PageMenus {
    /// Each menu the page is in, with its entry there.
    pub(crate) fn entries(&self) -> Vec<(&str, PageMenuEntry)> {
        match self {
            PageMenus::One(m) => vec![(m.as_str(), PageMenuEntry::default())],
            PageMenus::Many(ms) => (ms.iter())
                .map(|m| (m.as_str(), PageMenuEntry::default()))
                .collect(),
            PageMenus::Entries(map) => (map.iter())
                .map(|(m, e)| (m.as_str(), e.clone().unwrap_or_default()))
                .collect(),
        }
    }
}
