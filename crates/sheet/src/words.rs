//! The sheet's words in the plan's language: the keyed strings of `templates/i18n/LANG.yaml`
//! (the `sheet_` keys, the weekday and month names, the level names and the date format),
//! which the templates print as `{{ words.KEY }}` and the Rust of [`view`](crate::view) and
//! `cells` uses for the words it writes.
//!
//! English, German, Spanish and French are compiled in ([`Words::built_in`]). A caller with a
//! site passes the site's strings instead ([`Words::from_map`]: the site's own
//! `i18n/LANG.yaml` over the built-in ones), and the crate still reads no files. A key the map
//! lacks is printed in English (the site's loader warns once per language).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use deload_engine::message::{Language, Message};
use jiff::civil::{Date, Weekday};
use tera::Value;

/// The compiled-in strings: `(language, YAML)`, each file's plan part
/// ([`deload_engine::plan_strings!`]); English first, the fallback of every key.
const BUILT_IN: &[(&str, &str)] = &[
    ("en", deload_engine::message::ENGLISH_YAML),
    (
        "de",
        deload_engine::plan_strings!(include_str!("../../../templates/i18n/de.yaml")),
    ),
    (
        "es",
        deload_engine::plan_strings!(include_str!("../../../templates/i18n/es.yaml")),
    ),
    (
        "fr",
        deload_engine::plan_strings!(include_str!("../../../templates/i18n/fr.yaml")),
    ),
];

/// The words of one printed plan's language.
#[derive(Debug)]
pub struct Words {
    /// The language code (`en`, `de`, ...).
    lang: String,
    /// Every key, the language's or English.
    map: BTreeMap<String, String>,
    /// `map` as the template value `words`, made once and shared by every render: each string
    /// escaped once here and marked safe, so printing it neither looks it over nor copies it.
    value: Value,
    /// The weekday names, Monday first, as template values.
    weekdays: [Value; 7],
    /// `sheet_checklist_under` for each weekday, Monday first (HTML, escaped).
    checklist_under: [Value; 7],
    /// The words every set line may print: `sheet_warm_up`, `sheet_target`, `sheet_set`.
    pub(crate) line_words: [String; 3],
    /// Whether days print as `YYYY-MM-DD` (`sheet_date` is `{year}-{mm}-{dd}`, as in English).
    iso_dates: bool,
    /// Whether numbers are written with a decimal comma (the language's `sheet_decimal` is `,`).
    decimal_comma: bool,
    /// The logging boxes of a line of up to [`KEPT_BOXES`](crate::cells) sets, made once.
    pub(crate) boxes: OnceLock<Vec<Value>>,
}

impl Words {
    /// The compiled-in English words (the sheet as it always printed).
    pub fn english() -> &'static Words {
        static ENGLISH: OnceLock<Words> = OnceLock::new();
        ENGLISH.get_or_init(|| Words::from_map("en", BTreeMap::new()))
    }

    /// The compiled-in words of `lang` (`en`, `de`, `es` or `fr`); `None` for another language.
    pub fn built_in(lang: &str) -> Option<Words> {
        let (_, text) = BUILT_IN.iter().find(|(code, _)| *code == lang)?;
        Some(Words::from_map(lang, parse(text)))
    }

    /// The words of `lang` from `map` (keys as in `templates/i18n/LANG.yaml`), each key `map`
    /// lacks in English.
    pub fn from_map(lang: &str, map: BTreeMap<String, String>) -> Words {
        let mut all = english_strings().clone();
        all.extend(map);
        let decimal_comma = all.get("sheet_decimal").is_some_and(|d| d.trim() == ",");
        let safe: BTreeMap<String, Value> = (all.iter())
            .map(|(k, v)| (k.clone(), Value::safe_string(&escape(v))))
            .collect();
        let value = Value::from(safe);
        let names = WEEKDAYS.map(|d| weekday_in(&all, d));
        let weekdays = names.clone().map(|n| Value::safe_string(&escape(&n)));
        let under = all
            .get("sheet_checklist_under")
            .cloned()
            .unwrap_or_default();
        let checklist_under =
            names.map(|n| Value::safe_string(&escape(&under.replace("{day}", &n))));
        let word = |k: &str| all.get(k).cloned().unwrap_or_default();
        let line_words = [
            word("sheet_warm_up"),
            word("sheet_target"),
            word("sheet_set"),
        ];
        let iso_dates = all
            .get("sheet_date")
            .is_some_and(|f| f == "{year}-{mm}-{dd}");
        Words {
            lang: lang.to_string(),
            map: all,
            value,
            weekdays,
            checklist_under,
            line_words,
            iso_dates,
            decimal_comma,
            boxes: OnceLock::new(),
        }
    }

    /// The language code.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// `(the checklist is under DAY)` for the plan's weekday `day` (HTML, escaped), made once.
    pub fn checklist_under(&self, day: deload_engine::programs::Weekday) -> Value {
        self.checklist_under[day as usize % 7].clone()
    }

    /// Whether these are the English words (the sheet prints as it always did).
    pub fn is_english(&self) -> bool {
        self.lang == "en"
    }

    /// The string `key` (empty if even English lacks it).
    pub fn get(&self, key: &str) -> &str {
        self.map.get(key).map_or("", String::as_str)
    }

    /// Every word as the template value `words`.
    pub fn value(&self) -> Value {
        self.value.clone()
    }

    /// `text` with its numbers as the language writes them: a decimal comma for a point between
    /// two digits, and a no-break space between a number and its `%` (`69.4% TM` becomes
    /// `69,4 % TM` in German, Spanish and French, whose rules all space the sign; the space
    /// never breaks the line between them). English text is returned as it is.
    pub fn numbers<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let bytes = text.as_bytes();
        if !self.decimal_comma || !bytes.iter().any(|b| matches!(b, b'.' | b'%')) {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len() + 8);
        for (i, c) in text.char_indices() {
            let after_digit = i > 0 && bytes[i - 1].is_ascii_digit();
            let between_digits =
                c == '.' && after_digit && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
            if c == '%' && after_digit {
                out.push('\u{a0}');
            }
            out.push(if between_digits { ',' } else { c });
        }
        std::borrow::Cow::Owned(out)
    }

    /// [`Words::numbers`] of an owned `text`: the same string, not a copy, when nothing changes.
    pub fn numbers_owned(&self, text: String) -> String {
        match self.numbers(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(changed) => changed,
        }
    }

    /// The name of `day` ("Monday", "Montag").
    pub fn weekday(&self, day: Weekday) -> &str {
        let key = format!("weekday_{}", WEEKDAYS[weekday_index(day)]);
        self.get(&key)
    }

    /// The name of the plan's weekday `day` as a template value (HTML, escaped), made once.
    pub fn weekday_value(&self, day: deload_engine::programs::Weekday) -> Value {
        // the engine's weekdays are Monday first, as `weekdays` is
        self.weekdays[day as usize % 7].clone()
    }

    /// The English weekday name `name` ("Monday", as the plan's JSON writes it) in this
    /// language; a name that is not a weekday as it is.
    pub fn weekday_named<'n>(&'n self, name: &'n str) -> &'n str {
        let key = format!("weekday_{}", name.to_ascii_lowercase());
        self.map.get(&key).map_or(name, String::as_str)
    }

    /// `d` as the sheet prints a day: the language's `sheet_date` (`{year}-{mm}-{dd}` in
    /// English, `{dd}.{mm}.{year}` in German).
    pub fn date(&self, d: Date) -> String {
        if self.iso_dates {
            return d.to_string();
        }
        self.fill_date(self.get("sheet_date"), d)
    }

    /// `d` as the cover prints the plan's first and last day: `sheet_date_long` (with the
    /// month's name in German, Spanish and French).
    pub fn date_long(&self, d: Date) -> String {
        self.fill_date(self.get("sheet_date_long"), d)
    }

    /// `format` with `{year}`, `{mm}`, `{dd}` (two digits), `{day}` (the day of the month, or
    /// `first_of_month` on the first), `{month}` (its name) filled in for `d`.
    fn fill_date(&self, format: &str, d: Date) -> String {
        let day = if d.day() == 1 {
            self.get("first_of_month").to_string()
        } else {
            d.day().to_string()
        };
        let month = self.get(&format!("month_{}", d.month()));
        (format.replace("{year}", &format!("{:04}", d.year())))
            .replace("{mm}", &format!("{:02}", d.month()))
            .replace("{dd}", &format!("{:02}", d.day()))
            .replace("{day}", &day)
            .replace("{month}", month)
    }
}

impl Words {
    /// The engine's English `english` in this language, said from its `message`: `english`
    /// itself in English, and where the engine keeps no message (an empty one).
    pub fn say<'t>(&self, message: &Message, english: &'t str) -> Cow<'t, str> {
        if self.is_english() || message.is_empty() {
            Cow::Borrowed(english)
        } else {
            Cow::Owned(message.say(self))
        }
    }

    /// [`Words::say`] of an optional message and text.
    pub fn say_opt<'t>(
        &self,
        message: Option<&Message>,
        english: Option<&'t str>,
    ) -> Option<Cow<'t, str>> {
        let english = english?;
        Some(match message {
            Some(m) => self.say(m, english),
            None => Cow::Borrowed(english),
        })
    }
}

impl Words {
    /// A set line's intensity as printed: its numbers in the language's form, and double
    /// progression's `add 2.5 kg` (the line's `add_load`) in the language's words.
    pub fn intensity<'l>(
        &self,
        line: &'l deload_engine::plan::Line,
        units: deload_engine::programs::Units,
    ) -> Cow<'l, str> {
        if let Some(step) = line.add_load.filter(|_| !self.is_english()) {
            let english = format!(
                "add {} {}",
                deload_engine::text::fmt_num(step),
                units.as_str()
            );
            if line.intensity.contains(&english) {
                let said = Message::new("plan_add_load")
                    .num("step", step)
                    .name("units", units.as_str())
                    .say(self);
                return Cow::Owned(self.numbers_owned(line.intensity.replace(&english, &said)));
            }
        }
        self.numbers(&line.intensity)
    }
}

impl Words {
    /// An exercise's notes as printed: an athlete's swap's `instead of NAME` (the engine's,
    /// after the coach's notes) in the language's words.
    pub fn note<'t>(&self, notes: &'t str, swapped_from: Option<&str>) -> Cow<'t, str> {
        let Some(from) = swapped_from.filter(|_| !self.is_english()) else {
            return Cow::Borrowed(notes);
        };
        let said = Message::new("plan_note_swap")
            .name("exercise", from)
            .say(self);
        let alone = format!("instead of {from}");
        if notes == alone {
            return Cow::Owned(said);
        }
        match notes.strip_suffix(&format!(" ({alone})")) {
            Some(coach) => Cow::Owned(format!("{coach} ({said})")),
            None => Cow::Borrowed(notes),
        }
    }
}

impl Language for Words {
    fn text(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    fn number(&self, n: f64) -> String {
        self.numbers_owned(deload_engine::text::fmt_num(n))
    }

    fn code(&self) -> &str {
        &self.lang
    }

    fn date(&self, d: jiff::civil::Date) -> String {
        Words::date(self, d)
    }
}

/// The weekdays as the keys name them, Monday first.
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Where `day` is in [`WEEKDAYS`].
fn weekday_index(day: Weekday) -> usize {
    day.to_monday_zero_offset() as usize
}

/// The name of the weekday `day` (as [`WEEKDAYS`] writes it) in `map`.
fn weekday_in(map: &BTreeMap<String, String>, day: &str) -> String {
    map.get(&format!("weekday_{day}"))
        .cloned()
        .unwrap_or_default()
}

/// `text` escaped for HTML text and double-quoted attributes: `&`, `<`, `>` and `"` (an
/// apostrophe stays as it is, as the templates' own text writes it).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The compiled-in English strings, parsed once: every language's [`Words`] starts from them.
fn english_strings() -> &'static BTreeMap<String, String> {
    deload_engine::message::english().strings()
}

/// A compiled-in strings file (each tested to parse).
fn parse(text: &str) -> BTreeMap<String, String> {
    deload_engine::yaml::parse(text, Path::new("templates/i18n"), 1, text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_language_has_every_sheet_word() {
        let english = parse(BUILT_IN[0].1);
        let sheet: Vec<&String> = english.keys().filter(|k| k.starts_with("sheet_")).collect();
        assert!(sheet.len() > 60, "{} sheet keys", sheet.len());
        for (lang, text) in BUILT_IN {
            let strings = parse(text);
            let missing: Vec<_> = sheet
                .iter()
                .filter(|k| !strings.contains_key(**k))
                .collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }

    #[test]
    fn dates_weekdays_and_numbers_in_each_language() {
        let d: Date = "2027-03-01".parse().expect("a date");
        let e = Words::english();
        assert_eq!(e.date(d), "2027-03-01");
        assert_eq!(e.date_long(d), "2027-03-01");
        assert_eq!(e.numbers("72.5 % TM, 102.5 kg"), "72.5 % TM, 102.5 kg");
        assert_eq!(e.weekday(Weekday::Monday), "Monday");
        let de = Words::built_in("de").expect("German");
        assert_eq!(de.date(d), "01.03.2027");
        assert_eq!(de.date_long(d), "1. März 2027");
        assert_eq!(
            de.numbers("72.5 % TM, 1. Satz. 2.5"),
            "72,5 % TM, 1. Satz. 2,5"
        );
        assert_eq!(
            de.numbers("69.4% TM, 75%, 100 %"),
            "69,4\u{a0}% TM, 75\u{a0}%, 100 %"
        );
        assert_eq!(de.weekday_named("Monday"), "Montag");
        let fr = Words::built_in("fr").expect("French");
        assert_eq!(fr.date_long(d), "1er mars 2027");
        let es = Words::built_in("es").expect("Spanish");
        assert_eq!(es.weekday(Weekday::Sunday), "domingo");
        assert!(Words::built_in("it").is_none());
        // a site's own words are escaped once, an apostrophe kept as the templates write it
        let own = BTreeMap::from([("sheet_week".to_string(), "<b>Wk's \"A\" & B".to_string())]);
        let own = Words::from_map("en", own).value().to_string();
        assert!(own.contains("&lt;b&gt;Wk's &quot;A&quot; &amp; B"), "{own}");
    }
}
