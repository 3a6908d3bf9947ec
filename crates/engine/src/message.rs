//! The engine's sentences as data: a [`Message`] is a key of the language files
//! (`templates/i18n/LANG.yaml`) and the values it names (numbers, counts, weeks, the names a
//! coach wrote), so whoever prints a plan words it in the reader's language ([`Message::say`]).
//!
//! The engine keeps writing its English text as it always did (the JSON, CSV and the command
//! line's text read it); beside each sentence it keeps the message, which a printed plan in
//! another language says from that language's strings. A test says every message of the
//! shipped plans with the English strings and checks it reads as the engine's own English.
//!
//! A string fills `{name}` with the value `name`, and `{name:one|other}` with one of two
//! words by the count `name` and the language's plural rule (French counts 0 and 1 as one).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiff::civil::Date;

use crate::text::{fmt_num, ordinal};

/// A sentence of the engine: a key of the language files and its values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Message {
    /// The key in `templates/i18n/LANG.yaml` (`plan_...`); empty for no message.
    pub key: &'static str,
    /// The values the string names, by name.
    pub args: Vec<(&'static str, Arg)>,
}

/// A value a [`Message`] names.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A number, written as the language writes numbers (`2.5`, `2,5`).
    Num(f64),
    /// A count: printed as an integer, and it picks `{name:one|other}` words.
    Count(u64),
    /// An ordinal ("4th" in English; the other languages' strings are worded around it).
    Ordinal(u32),
    /// Words a coach or athlete wrote (an exercise, a session, a block): printed as written.
    Name(String),
    /// A word of the language files, by key (a level's name, a warning sign).
    Word(String),
    /// Another sentence.
    Msg(Box<Message>),
    /// Sentences joined by `plan_list_sep` (`, `).
    List(Vec<Message>),
    /// Sentences joined by `plan_list_and` (` and `).
    And(Vec<Message>),
    /// Names (coach's words) joined by `, `.
    Names(Vec<String>),
    /// A date, as the language writes a day (`2027-01-04`, `04.01.2027`).
    Date(Date),
    /// Words with figures (`85% 1RM`, `3 × 5+`): printed as written, but a decimal point
    /// between two digits is the language's decimal mark (`82,5% 1RM`).
    Figures(String),
    /// A muscle group as a program names it, said as [`muscle`] says it.
    Muscle(String),
    /// Sentences joined by the string of the key given (`plan_list_semi`: `; `).
    Sep(&'static str, Vec<Message>),
}

/// The language a message is said in: its strings, numbers and plural rule.
pub trait Language {
    /// The string of `key`, if the language has it.
    fn text(&self, key: &str) -> Option<&str>;
    /// `n` as the language writes it (a decimal comma in German, Spanish and French).
    fn number(&self, n: f64) -> String;
    /// The language's code (`en`, `de`, ...).
    fn code(&self) -> &str;
    /// `d` as the language writes a day (ISO `2027-01-04` unless it says otherwise).
    fn date(&self, d: Date) -> String {
        d.to_string()
    }

    /// The string `key`, or the key itself when the language lacks it.
    fn word<'a>(&'a self, key: &'a str) -> &'a str {
        self.text(key).unwrap_or(key)
    }

    /// Whether this is English, whose text the engine writes itself.
    fn is_english(&self) -> bool {
        self.code() == "en"
    }
}

/// The engine's English `english` in `lang`: the text itself in English or where there is no
/// message, else `message` said in `lang`.
pub fn in_language<'t>(
    lang: &dyn Language,
    message: Option<&Message>,
    english: &'t str,
) -> Cow<'t, str> {
    match message {
        Some(m) if !lang.is_english() && !m.is_empty() => Cow::Owned(m.say(lang)),
        _ => Cow::Borrowed(english),
    }
}

/// The muscle group `name` as a program names it ("legs") in `lang`: its `plan_muscle_NAME`
/// string, else as written (English keeps it as written).
pub fn muscle<'a>(lang: &'a dyn Language, name: &'a str) -> Cow<'a, str> {
    if lang.is_english() {
        return Cow::Borrowed(name);
    }
    let key = format!(
        "plan_muscle_{}",
        name.trim().to_lowercase().replace(' ', "_")
    );
    match lang.text(&key) {
        Some(t) => Cow::Owned(t.to_string()),
        None => Cow::Borrowed(name),
    }
}

/// English as the engine writes it: the strings of `templates/i18n/en.yaml`, compiled in.
#[derive(Debug)]
pub struct English {
    map: BTreeMap<String, String>,
}

/// The plan's part of `templates/i18n/en.yaml` (see [`plan_strings!`](crate::plan_strings)), compiled in once for
/// every crate that prints a plan (the sheet reads its English from here too).
pub const ENGLISH_YAML: &str =
    crate::plan_strings!(include_str!("../../../templates/i18n/en.yaml"));

/// The line of a strings file after which come the words of the site's own pages (the
/// Planner page's): a printed plan never says them, so the Planner's module leaves them out.
pub const SITE_ONLY_MARK: &str = "\n# ---- the site's pages only";

/// The length of `text` up to the line [`SITE_ONLY_MARK`] (all of it without one), less the
/// lines the Planner's module leaves out (comments and the command line's `history_` report).
pub const fn plan_part_len(text: &str) -> usize {
    let t = text.as_bytes();
    let end = plan_end(t);
    let mut len = 0;
    let mut i = 0;
    while i < end {
        let e = line_end(t, i, end);
        if !planner_drops(t, i) {
            len += e - i;
        }
        i = e;
    }
    len
}

/// The byte after the line break before [`SITE_ONLY_MARK`] in `t`, else its length.
const fn plan_end(t: &[u8]) -> usize {
    let m = SITE_ONLY_MARK.as_bytes();
    let mut i = 0;
    while i + m.len() <= t.len() {
        if starts(t, i, m) {
            return i + 1;
        }
        i += 1;
    }
    t.len()
}

/// Whether `t` holds `p` at byte `i`.
const fn starts(t: &[u8], i: usize, p: &[u8]) -> bool {
    if i + p.len() > t.len() {
        return false;
    }
    let mut j = 0;
    while j < p.len() {
        if t[i + j] != p[j] {
            return false;
        }
        j += 1;
    }
    true
}

/// The byte after the line of `t` that starts at `i` (its line break included), at most `end`.
const fn line_end(t: &[u8], i: usize, end: usize) -> usize {
    let mut e = i;
    while e < end && t[e] != b'\n' {
        e += 1;
    }
    if e < end { e + 1 } else { end }
}

/// Whether the line of `t` at `i` is left out of the Planner's module (built for wasm32):
/// comments, and the command line's `history_` report but its main lifts' names (a plan's
/// reasons name them).
const fn planner_drops(t: &[u8], i: usize) -> bool {
    cfg!(target_arch = "wasm32")
        && (starts(t, i, b"#") || (starts(t, i, b"history_") && !starts(t, i, b"history_lift_")))
}

/// The plan's part of `text` ([`plan_part_len`] bytes), as an array of its own (so a constant
/// made of it holds those bytes alone, not the whole file).
pub const fn plan_part_bytes<const N: usize>(text: &str) -> [u8; N] {
    let t = text.as_bytes();
    let end = plan_end(t);
    let mut out = [0u8; N];
    let mut n = 0;
    let mut i = 0;
    while i < end {
        let e = line_end(t, i, end);
        if !planner_drops(t, i) {
            let mut j = i;
            while j < e && n < N {
                out[n] = t[j];
                n += 1;
                j += 1;
            }
        }
        i = e;
    }
    out
}

/// The plan's part of a strings file (`plan_strings!(include_str!("...de.yaml"))`): the file
/// up to the line [`SITE_ONLY_MARK`](crate::message::SITE_ONLY_MARK), cut at compile time, so
/// what follows that line (the words of the site's pages) is not in the binary.
#[macro_export]
macro_rules! plan_strings {
    ($text:expr) => {{
        const FULL: &str = $text;
        const BYTES: [u8; $crate::message::plan_part_len(FULL)] =
            $crate::message::plan_part_bytes(FULL);
        match ::core::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("a strings file is UTF-8"),
        }
    }};
}

/// The compiled-in English strings, parsed once.
pub fn english() -> &'static English {
    static ENGLISH: OnceLock<English> = OnceLock::new();
    ENGLISH.get_or_init(|| {
        let text = ENGLISH_YAML;
        let path = std::path::Path::new("templates/i18n/en.yaml");
        let map = crate::yaml::parse(text, path, 1, text).unwrap_or_default();
        English { map }
    })
}

impl English {
    /// Every English string by key.
    pub fn strings(&self) -> &BTreeMap<String, String> {
        &self.map
    }
}

impl Language for English {
    fn text(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    fn number(&self, n: f64) -> String {
        fmt_num(n)
    }

    fn code(&self) -> &str {
        "en"
    }
}

impl Message {
    /// The message `key` without values.
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// This message with the value `name` added.
    pub fn with(mut self, name: &'static str, value: Arg) -> Message {
        self.args.push((name, value));
        self
    }

    /// With the number `name`.
    pub fn num(self, name: &'static str, n: f64) -> Message {
        self.with(name, Arg::Num(n))
    }

    /// With the count `name`.
    pub fn count(self, name: &'static str, n: impl Into<u64>) -> Message {
        self.with(name, Arg::Count(n.into()))
    }

    /// With the coach's words `name`.
    pub fn name(self, name: &'static str, text: impl Into<String>) -> Message {
        self.with(name, Arg::Name(text.into()))
    }

    /// With the sentence `name`.
    pub fn msg(self, name: &'static str, m: Message) -> Message {
        self.with(name, Arg::Msg(Box::new(m)))
    }

    /// Whether this is no message (the text has no message to say it in another language).
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// The message in `lang`; `english` when there is no message (a sentence the engine keeps
    /// in English only).
    pub fn say_or(&self, lang: &dyn Language, english: &str) -> String {
        if self.is_empty() {
            english.to_string()
        } else {
            self.say(lang)
        }
    }

    /// The message in `lang`: its string with every value filled in (the key itself when the
    /// language lacks it).
    pub fn say(&self, lang: &dyn Language) -> String {
        let template = lang.text(self.key).unwrap_or(self.key);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                rest = &rest[open..];
                break;
            };
            let inner = &rest[open + 1..open + close];
            self.fill(&mut out, inner, lang);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Appends what `{inner}` stands for.
    fn fill(&self, out: &mut String, inner: &str, lang: &dyn Language) {
        let (name, forms) = match inner.split_once(':') {
            Some((n, f)) => (n, Some(f)),
            None => (inner, None),
        };
        let Some((_, arg)) = self.args.iter().find(|(n, _)| *n == name) else {
            out.push('{');
            out.push_str(inner);
            out.push('}');
            return;
        };
        if let Some(forms) = forms {
            let (one, other) = forms.split_once('|').unwrap_or((forms, forms));
            let singular = match arg {
                Arg::Count(n) => is_one(lang.code(), *n),
                Arg::Ordinal(n) => is_one(lang.code(), u64::from(*n)),
                // 1.5 years, but 1,5 an in French (below 2)
                Arg::Num(x) => *x == 1.0 || (lang.code() == "fr" && x.abs() < 2.0),
                _ => false,
            };
            out.push_str(if singular { one } else { other });
            return;
        }
        match arg {
            Arg::Num(x) => out.push_str(&lang.number(*x)),
            Arg::Count(n) => out.push_str(&n.to_string()),
            Arg::Ordinal(n) if lang.code() == "en" => out.push_str(&ordinal(*n)),
            Arg::Ordinal(n) => out.push_str(&n.to_string()),
            Arg::Name(s) => out.push_str(s),
            Arg::Word(key) => out.push_str(lang.text(key).unwrap_or(key)),
            Arg::Msg(m) => out.push_str(&m.say(lang)),
            Arg::List(items) => join(out, items, lang.text("plan_list_sep").unwrap_or(", "), lang),
            Arg::And(items) => join(
                out,
                items,
                lang.text("plan_list_and").unwrap_or(" and "),
                lang,
            ),
            Arg::Names(names) => out.push_str(&names.join(", ")),
            Arg::Date(d) => out.push_str(&lang.date(*d)),
            Arg::Figures(text) => figures(out, text, lang),
            Arg::Muscle(name) => out.push_str(&muscle(lang, name)),
            Arg::Sep(key, items) => join(out, items, lang.text(key).unwrap_or("; "), lang),
        }
    }
}

/// Appends `items`, each said in `lang`, with `sep` between them.
fn join(out: &mut String, items: &[Message], sep: &str, lang: &dyn Language) {
    for (i, m) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&m.say(lang));
    }
}

/// Appends `text` with each decimal point between two digits written as `lang` writes it.
fn figures(out: &mut String, text: &str, lang: &dyn Language) {
    let mark = lang.number(1.5);
    let mark = mark.trim_start_matches('1').trim_end_matches('5');
    if mark == "." {
        out.push_str(text);
        return;
    }
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let digit = |j: Option<usize>| j.and_then(|j| bytes.get(j)).is_some_and(u8::is_ascii_digit);
        if c == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1)) {
            out.push_str(mark);
        } else {
            out.push(c);
        }
    }
}

/// Whether `n` takes the singular in language `code`: 1, and in French 0 as well.
fn is_one(code: &str, n: u64) -> bool {
    n == 1 || (n == 0 && code == "fr")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    struct Lang(&'static str, BTreeMap<&'static str, &'static str>);

    impl Language for Lang {
        fn text(&self, key: &str) -> Option<&str> {
            self.1.get(key).copied()
        }
        fn number(&self, n: f64) -> String {
            let s = fmt_num(n);
            if self.0 == "en" {
                s
            } else {
                s.replace('.', ",")
            }
        }
        fn code(&self) -> &str {
            self.0
        }
    }

    #[test]
    fn values_plurals_and_lists_are_filled_in() {
        let en = Lang(
            "en",
            BTreeMap::from([
                ("k", "{n} {n:week|weeks} of {who}, every {k} week at {x} %"),
                ("s", "sleep"),
                ("plan_list_and", " and "),
                ("plan_list_sep", ", "),
                ("l", "{items}: done"),
            ]),
        );
        let m = Message::new("k")
            .count("n", 1u32)
            .name("who", "Sam")
            .with("k", Arg::Ordinal(4))
            .num("x", 57.5);
        assert_eq!(m.say(&en), "1 week of Sam, every 4th week at 57.5 %");
        let fr = Lang(
            "fr",
            BTreeMap::from([("k", "{n} {n:semaine|semaines}, {x}\u{a0}%, {who}")]),
        );
        let m0 = Message::new("k")
            .count("n", 0u32)
            .num("x", 57.5)
            .name("who", "{n}");
        assert_eq!(m0.say(&fr), "0 semaine, 57,5\u{a0}%, {n}");
        let three = vec![Message::new("s"), Message::new("s"), Message::new("s")];
        let list = Message::new("l").with("items", Arg::List(three.clone()));
        assert_eq!(list.say(&en), "sleep, sleep, sleep: done");
        let and = Message::new("l").with("items", Arg::And(three));
        assert_eq!(and.say(&en), "sleep and sleep and sleep: done");
        // a missing value is left as written; no message says the English text
        assert_eq!(
            Message::new("k").say(&fr),
            "{n} {n:semaine|semaines}, {x}\u{a0}%, {who}"
        );
        assert_eq!(Message::default().say_or(&fr, "as is"), "as is");
        let m = Message::new("l").with("items", Arg::Figures("3 × 5, 82.5% 1RM. 2.".into()));
        assert_eq!(
            m.say(&en),
            "{items}: done".replace("{items}", "3 × 5, 82.5% 1RM. 2.")
        );
        let fr = Lang("fr", BTreeMap::from([("l", "{items}")]));
        assert_eq!(m.say(&fr), "3 × 5, 82,5% 1RM. 2.");
    }
}
