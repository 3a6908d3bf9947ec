//! A page's `menu:` front matter: the site menus it is in (`menu: main`, `menu: [main,
//! footer]`), each with a name, a weight and a parent (`menu: {main: {weight: 10, parent:
//! Guides, name: Short}}`), as Hugo writes it.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The menus a page is in, as written.
#[derive(Debug, Clone)]
pub(crate) enum PageMenus {
    /// `menu: main`.
    One(String),
    /// `menu: [main, footer]`.
    Many(Vec<String>),
    /// `menu: {main: {weight: 10}, footer: }`.
    Entries(BTreeMap<String, Option<PageMenuEntry>>),
}

impl<'de> Deserialize<'de> for PageMenus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<PageMenus, D::Error> {
        let value = serde_json::Value::deserialize(d)?;
        PageMenus::from_value(value).map_err(serde::de::Error::custom)
    }
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
    /// The menus of `menu:`'s value, or what is wrong with it.
    fn from_value(value: serde_json::Value) -> Result<PageMenus, String> {
        use serde_json::Value;
        const FORMS: &str = "write `menu: main`, `menu: [main, footer]` or `menu: {main: {weight: 10, parent: Guides, name: Short, identifier: short}}`";
        match value {
            Value::String(m) => Ok(PageMenus::One(m)),
            Value::Array(items) => (items.into_iter())
                .map(|v| match v {
                    Value::String(m) => Ok(m),
                    other => Err(format!("`menu` lists menu names, not `{other}`: {FORMS}")),
                })
                .collect::<Result<_, _>>()
                .map(PageMenus::Many),
            Value::Object(map) => (map.into_iter())
                .map(|(menu, v)| {
                    let entry = match v {
                        Value::Null => None,
                        v => Some(
                            serde_json::from_value(v).map_err(|e| format!("`menu.{menu}`: {e}"))?,
                        ),
                    };
                    Ok((menu, entry))
                })
                .collect::<Result<_, String>>()
                .map(PageMenus::Entries),
            other => Err(format!("`menu` is `{other}`: {FORMS}")),
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A menu's name, and its entry's weight and parent.
    type Seen = (String, Option<i64>, Option<String>);

    fn menus(yaml: &str) -> Result<Vec<Seen>, String> {
        let m: PageMenus = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        Ok((m.entries().into_iter())
            .map(|(name, e)| (name.to_string(), e.weight, e.parent))
            .collect())
    }

    #[test]
    fn every_form_of_menu() {
        assert_eq!(menus("main"), Ok(vec![("main".into(), None, None)]));
        assert_eq!(menus("[main, footer]").map(|v| v.len()), Ok(2));
        assert_eq!(
            menus("{main: {weight: 10, parent: Guides}, footer: }"),
            Ok(vec![
                ("footer".into(), None, None),
                ("main".into(), Some(10), Some("Guides".into()))
            ])
        );
        let e = menus("{main: {wieght: 1}}").unwrap_err();
        assert!(e.contains("`menu.main`") && e.contains("wieght"), "{e}");
        let e = menus("5").unwrap_err();
        assert!(e.contains("`menu: main`"), "{e}");
        assert!(menus("[main, {a: 1}]").is_err());
    }
}
