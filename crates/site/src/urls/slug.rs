//! How names become URL segments and heading ids (site.yaml `slugify`): letters of any script
//! and digits are kept (`café-crème`, `日本語`, `ύπνος`), as Hugo and Zola keep them; dots and
//! underscores between them are kept in paths (`0.89.3-relnotes`); any other run of characters
//! becomes one `-`. Whether upper case is kept is a setting (`on` lowers it, `safe` keeps it).
//! Links to such paths are percent-encoded where they are written ([`super::encode`]).

use serde::{Deserialize, Serialize};

/// Whether a slug keeps upper case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Lower case (`Sleep Basics.md` → `sleep-basics`): the default.
    #[default]
    On,
    /// Case kept (`Sleep Basics.md` → `Sleep-Basics`), as Jekyll keeps it.
    Safe,
}

/// The slug settings (site.yaml `slugify:`), one [`Mode`] per kind of name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Slugify {
    /// Page and section paths made from file names and `slug`.
    pub paths: Mode,
    /// Taxonomy term paths (`/tags/sleep/`).
    pub taxonomies: Mode,
    /// Heading ids (`#how-much-sleep`).
    pub anchors: Mode,
}

/// Whether `c` is kept in a slug: a letter or digit of any script, or a character that belongs
/// to one (a combining accent, an emoji); never white space, punctuation, a symbol, a control or
/// an invisible formatting character.
fn kept(c: char) -> bool {
    if c.is_alphanumeric() {
        return true;
    }
    if c.is_ascii() || c.is_whitespace() || c.is_control() {
        return false;
    }
    let u = u32::from(c);
    let separator = matches!(u,
        0x80..=0xBF | 0xD7 | 0xF7 // Latin-1 punctuation and signs, ×, ÷
        | 0x2000..=0x2BFF // general punctuation, symbols, arrows, mathematical operators
        | 0x3000..=0x303F // CJK punctuation
        | 0xFE10..=0xFE1F | 0xFE30..=0xFE6F // vertical and small forms
        | 0xFEFF // byte-order mark
        | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full-width
        | 0xFFF0..=0xFFFF | 0xE0000..=0xE007F // specials, tags
    );
    !separator
}

/// `name` as a slug: kept characters (see [`kept`]) as they are (lowered under [`Mode::On`]);
/// a single character of `joiners` between two of them kept; any other run of characters one
/// `-`; nothing at either end. Empty when `name` has no letter or digit.
fn slug(name: &str, mode: Mode, joiners: &[char]) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = String::new();
    for c in name.chars() {
        if kept(c) {
            if !out.is_empty() && !gap.is_empty() {
                let mut g = gap.chars();
                match (g.next(), g.next()) {
                    (Some(j), None) if joiners.contains(&j) => out.push(j),
                    _ => out.push('-'),
                }
            }
            gap.clear();
            match mode {
                Mode::On => out.extend(c.to_lowercase()),
                Mode::Safe => out.push(c),
            }
        } else {
            gap.push(c);
        }
    }
    out
}

/// The URL segment of a file, folder or `slug` name: `0.89.3 Release Notes` → `0.89.3-release-notes`
/// (`0.89.3-Release-Notes` under [`Mode::Safe`]); `café crème` → `café-crème`.
pub fn path_segment(name: &str, mode: Mode) -> String {
    slug(name, mode, &['.', '_'])
}

/// The URL segment of a taxonomy term: as [`path_segment`], with `+` and `#` spelt out so that
/// `C++`, `C#` and `C` get three URLs (`c-plus-plus`, `c-sharp`, `c`).
pub fn term(name: &str, mode: Mode) -> String {
    if !name.contains(['+', '#']) {
        return path_segment(name, mode);
    }
    let spelt = name.replace('+', " plus ").replace('#', " sharp ");
    path_segment(&spelt, mode)
}

/// The id of a heading titled `title`: letters and digits of any script, every other run one
/// `-` (`Ύπνος και ανάκαμψη` → `ύπνος-και-ανάκαμψη`, `7–9 hours` → `7-9-hours`).
pub fn anchor(title: &str, mode: Mode) -> String {
    slug(title, mode, &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_dots_case_on_request_and_every_script() {
        let on = |s| path_segment(s, Mode::On);
        assert_eq!(on("0.89.3-relnotes"), "0.89.3-relnotes");
        assert_eq!(on("How much sleep?"), "how-much-sleep");
        assert_eq!(on("  --Déjà vu--  "), "déjà-vu");
        assert_eq!(on("café-crème"), "café-crème");
        assert_eq!(on("日本語"), "日本語");
        assert_eq!(on("中文"), "中文");
        assert_eq!(on("UpperCase"), "uppercase");
        assert_eq!(on("snake_case"), "snake_case");
        assert_eq!(on("a..b"), "a-b");
        assert_eq!(on(".hidden."), "hidden");
        assert_eq!(on("7–9 hours"), "7-9-hours");
        assert_eq!(on("a\u{200b}b\u{202e}c\u{feff}"), "a-b-c");
        assert_eq!(on("???"), "");
        assert_eq!(path_segment("UpperCase Name", Mode::Safe), "UpperCase-Name");
        // a decomposed accent stays with its letter
        assert_eq!(on("cafe\u{301}"), "cafe\u{301}");
    }

    #[test]
    fn terms_that_differ_in_symbols_get_their_own_urls() {
        assert_eq!(term("C++", Mode::On), "c-plus-plus");
        assert_eq!(term("C#", Mode::On), "c-sharp");
        assert_eq!(term("c", Mode::On), "c");
        assert_eq!(term("日本語", Mode::On), "日本語");
        assert_eq!(term("Node.js", Mode::On), "node.js");
    }

    #[test]
    fn heading_ids_keep_every_script() {
        assert_eq!(anchor("Ύπνος και ανάκαμψη", Mode::On), "ύπνος-και-ανάκαμψη");
        assert_eq!(anchor("睡眠と回復", Mode::On), "睡眠と回復");
        assert_eq!(anchor("RPE, RIR and load", Mode::On), "rpe-rir-and-load");
        assert_eq!(anchor("site.yaml keys", Mode::On), "site-yaml-keys");
        assert_eq!(anchor("Don’t", Mode::Safe), "Don-t");
    }
}
