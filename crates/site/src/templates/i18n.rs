//! The default theme's words in each language: keyed strings in `templates/i18n/LANG.yaml`
//! (English, German, Spanish and French compiled in), each key overridable by the site's own
//! `i18n/LANG.yaml`. Templates print them with `t(key="...")`, in the language of the page being
//! rendered (its `lang`). A key a language lacks falls back to English, with one warning per
//! language when the site loads.

use std::collections::BTreeMap;
use std::path::Path;

use deload_engine::error::Error;

/// The folder of a site's theme strings, beside `templates/`.
pub const I18N_DIR: &str = "i18n";

/// The English strings: every key the default theme prints, and the fallback of every language.
const ENGLISH: &str = include_str!("../../../../templates/i18n/en.yaml");

/// The compiled-in languages besides English.
const BUILT_IN: &[(&str, &str)] = &[
    ("de", include_str!("../../../../templates/i18n/de.yaml")),
    ("es", include_str!("../../../../templates/i18n/es.yaml")),
    ("fr", include_str!("../../../../templates/i18n/fr.yaml")),
];

/// Keyed strings by language.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// English, with the site's overrides: every other language falls back to it.
    english: BTreeMap<String, String>,
    /// The other languages the site uses, with its overrides.
    others: BTreeMap<String, BTreeMap<String, String>>,
    /// The language of a template that has no `lang` (the site's default).
    pub default: String,
}

impl Strings {
    /// The compiled-in English strings alone (templates rendered outside a site build).
    pub fn english() -> Strings {
        Strings {
            english: parse_built_in(ENGLISH),
            others: BTreeMap::new(),
            default: "en".to_string(),
        }
    }

    /// The strings of `languages` (codes; the first is the default), compiled in and overridden
    /// by `root/i18n/LANG.yaml`. Warnings: a language's missing keys (one warning each), keys
    /// English does not have (a typo, likely), a language with no strings at all.
    pub fn load(root: &Path, languages: &[&str]) -> Result<(Strings, Vec<Error>), Error> {
        let mut english = parse_built_in(ENGLISH);
        english.extend(site_file(root, "en")?.unwrap_or_default());
        let mut others = BTreeMap::new();
        let mut warnings = Vec::new();
        for &lang in languages.iter().filter(|l| **l != "en") {
            let built_in = BUILT_IN.iter().find(|(code, _)| *code == lang);
            let mut strings = built_in.map_or_else(BTreeMap::new, |(_, t)| parse_built_in(t));
            let own = site_file(root, lang)?;
            if let Some(own) = &own {
                strings.extend(own.clone());
            }
            let missing: Vec<&str> = (english.keys())
                .filter(|k| !strings.contains_key(*k))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                warnings.push(missing_warning(lang, &missing, built_in.is_some()));
            }
            others.insert(lang.to_string(), strings);
        }
        let known = parse_built_in(ENGLISH);
        let all =
            std::iter::once(("en", &english)).chain(others.iter().map(|(l, s)| (l.as_str(), s)));
        for (lang, strings) in all {
            let unknown: Vec<&str> = (strings.keys())
                .filter(|k| !known.contains_key(*k) && !k.starts_with("taxonomy_"))
                .map(String::as_str)
                .collect();
            if !unknown.is_empty() {
                warnings.push(
                    Error::new(format!(
                        "the theme strings of `{lang}` have keys the default theme does not use: {}",
                        unknown.join(", ")
                    ))
                    .in_file(Path::new(I18N_DIR).join(format!("{lang}.yaml")))
                    .with_hint("check their spelling against the keys the manual lists (your own templates may use them)"),
                );
            }
        }
        warnings.dedup_by(|a, b| a.message == b.message);
        let default = languages.first().copied().unwrap_or("en").to_string();
        Ok((
            Strings {
                english,
                others,
                default,
            },
            warnings,
        ))
    }

    /// The string `key` in `lang` (none: the default language), else in English.
    pub fn get(&self, lang: Option<&str>, key: &str) -> Option<&str> {
        let lang = lang.unwrap_or(&self.default);
        (self.others.get(lang))
            .and_then(|s| s.get(key))
            .or_else(|| self.english.get(key))
            .map(String::as_str)
    }

    /// Whether the site's strings hold `lang` (English, or a language the site lists).
    pub fn has(&self, lang: &str) -> bool {
        lang == "en" || self.others.contains_key(lang)
    }

    /// Every string of `lang`, each key it lacks in English (with the site's overrides): what
    /// the printed plan is given (`deload_sheet::Words::from_map`).
    pub fn all_in(&self, lang: &str) -> BTreeMap<String, String> {
        let mut all = self.english.clone();
        if let Some(own) = self.others.get(lang) {
            all.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        all
    }

    /// The string `key` in `lang` (see [`Strings::get`]), or the key itself if no language has it.
    pub fn text(&self, lang: Option<&str>, key: &str) -> String {
        self.get(lang, key).unwrap_or(key).to_string()
    }

    /// The date `d` as `lang` writes it: its `date_format` with `{day}` (day 1 as its
    /// `first_of_month`), `{month}` (its `month_1` to `month_12`) and `{year}` filled in:
    /// "7 December 2026", "7 de diciembre de 2026", "7. Dezember 2026", "1er décembre 2026".
    pub fn date(&self, lang: Option<&str>, d: jiff::civil::Date) -> String {
        let day = if d.day() == 1 {
            self.text(lang, "first_of_month")
        } else {
            d.day().to_string()
        };
        let args = [
            ("day", day),
            ("month", self.text(lang, &format!("month_{}", d.month()))),
            ("year", d.year().to_string()),
        ];
        fill(&self.text(lang, "date_format"), &args)
    }
}

/// The template function `t(key="...")`: the string `key` in the language of the page being
/// rendered (the template's `lang`, else the site's default language), else in English, with
/// every `{name}` filled in from the call's other arguments (`t(key="min_read", minutes=4)`).
/// `default="..."` is printed for a key no language has; without it such a key is an error.
pub fn function(
    strings: std::sync::Arc<Strings>,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<tera::Value> + Send + Sync + 'static {
    move |kw: tera::Kwargs, state: &tera::State| {
        let key: String = kw.must_get::<&str>("key")?.to_string();
        let lang: Option<String> = state.get::<String>("lang").ok().flatten();
        let text = match strings.get(lang.as_deref(), &key) {
            Some(t) => t.to_string(),
            None => match kw.get::<String>("default")? {
                Some(d) => d,
                None => {
                    return Err(tera::Error::message(format!(
                        "no theme string `{key}` (in templates/i18n/en.yaml or the site's i18n/en.yaml); add it there, or pass `default=\"...\"`"
                    )));
                }
            },
        };
        let args: Vec<(&str, String)> = (kw.iter())
            .filter_map(|(k, v)| {
                let k = k.as_str()?;
                (k != "key" && k != "default").then(|| (k, v.to_string()))
            })
            .collect();
        Ok(tera::Value::from(fill(&text, &args)))
    }
}

/// `{name}` in `text` replaced by the value of `name` in `args`.
pub fn fill(text: &str, args: &[(&str, String)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// A compiled-in strings file (tested to parse: see the tests).
fn parse_built_in(text: &str) -> BTreeMap<String, String> {
    deload_engine::yaml::parse(text, Path::new("templates/i18n"), 1, text).unwrap_or_default()
}

/// The site's `i18n/LANG.yaml`, if it has one: a map of keys to strings.
fn site_file(root: &Path, lang: &str) -> Result<Option<BTreeMap<String, String>>, Error> {
    let path = root.join(I18N_DIR).join(format!("{lang}.yaml"));
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::fs::read_text(&path)?;
    let shown = Path::new(I18N_DIR).join(format!("{lang}.yaml"));
    deload_engine::yaml::parse(&text, &shown, 1, &text)
        .map(Some)
        .map_err(|e| e.with_hint("write one `key: text` a line, like `home: Startseite`"))
}

/// The warning for a language lacking `missing` keys.
fn missing_warning(lang: &str, missing: &[&str], built_in: bool) -> Error {
    let file = Path::new(I18N_DIR).join(format!("{lang}.yaml"));
    let shown = missing
        .iter()
        .take(8)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let more = if missing.len() > 8 {
        format!(" and {} more", missing.len() - 8)
    } else {
        String::new()
    };
    let what = if built_in {
        format!("{} of the theme's strings", missing.len())
    } else {
        "the theme's strings (deload ships en, de, es and fr)".to_string()
    };
    Error::new(format!(
        "no `{lang}` translation of {what}: {shown}{more}; the theme prints them in English"
    ))
    .in_file(file)
    .with_hint(format!(
        "add them to i18n/{lang}.yaml at the site root, one `key: text` a line"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings with no English word: punctuation, values only, abbreviations.
    const SAME_IN_EVERY_LANGUAGE: &[&str] = &[
        "chart_axis_top",
        "chart_tm_line",
        "ics_colon",
        "plan_as_written",
        "plan_lift_1rm",
        "plan_lift_sep",
        "plan_lift_tm",
        "plan_list_semi",
        "plan_list_sep",
        "plan_log_source_max",
        "plan_nothing",
        "plan_replan_quote_rpe",
        "plan_replan_session",
        "plan_replan_session_quoted",
        "plan_warn_at",
        "plan_warn_hint",
        "sheet_colon",
    ];

    /// Strings German writes as English does ("Deload" and "Block" are German words too).
    const SAME_IN_GERMAN: &[&str] = &[
        "chart_bar_deload",
        "chart_table_block",
        "chart_table_deload",
        "ics_deload",
        "planner_col_block",
        "planner_js_deload",
        "planner_js_max_placeholder",
    ];

    /// Muscles French names as English does, and a lift's tempo (the Italian word lifters use in
    /// French as in English).
    const SAME_IN_FRENCH: &[&str] = &[
        "plan_muscle_biceps",
        "plan_muscle_quadriceps",
        "plan_muscle_triceps",
        "sheet_tempo",
    ];

    /// A lift's tempo: Spanish lifters use the Italian word as English does.
    const SAME_IN_SPANISH: &[&str] = &["sheet_tempo"];

    /// Whether `lang` may write `key` as English does.
    fn same_as_english(lang: &str, key: &str) -> bool {
        let own: &[&str] = match lang {
            "de" => SAME_IN_GERMAN,
            "fr" => SAME_IN_FRENCH,
            "es" => SAME_IN_SPANISH,
            _ => &[],
        };
        SAME_IN_EVERY_LANGUAGE.contains(&key) || own.contains(&key)
    }

    #[test]
    fn built_in_languages_have_every_english_key() {
        let english = parse_built_in(ENGLISH);
        assert!(english.len() > 30, "en.yaml parses");
        for (lang, text) in BUILT_IN {
            let strings = parse_built_in(text);
            let missing: Vec<_> = english
                .keys()
                .filter(|k| !strings.contains_key(*k))
                .collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            let extra: Vec<_> = strings
                .keys()
                .filter(|k| !english.contains_key(*k))
                .collect();
            assert!(extra.is_empty(), "{lang} has {extra:?}");
            let same: Vec<_> = (strings.iter())
                .filter(|(k, v)| {
                    english[*k] == **v
                        && !matches!(
                            k.as_str(),
                            "feed"
                                | "pages"
                                | "page_count_other"
                                | "page_count_one"
                                | "date_format"
                                | "first_of_month"
                        )
                        && !k.starts_with("month_")
                        && !same_as_english(lang, k)
                })
                .collect();
            assert!(same.is_empty(), "{lang} copies English: {same:?}");
        }
    }

    #[test]
    fn site_files_override_and_missing_keys_fall_back_with_one_warning() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join(I18N_DIR)).unwrap();
        std::fs::write(tmp.path().join("i18n/de.yaml"), "home: Anfang\n").unwrap();
        std::fs::write(tmp.path().join("i18n/it.yaml"), "home: Inizio\n").unwrap();
        let (s, warnings) = Strings::load(tmp.path(), &["en", "de", "it"]).unwrap();
        assert_eq!(s.get(Some("de"), "home"), Some("Anfang"));
        assert_eq!(s.get(Some("de"), "sections"), Some("Bereiche"));
        assert_eq!(s.get(Some("it"), "home"), Some("Inizio"));
        assert_eq!(s.get(Some("it"), "sections"), Some("Sections"));
        assert_eq!(s.get(None, "home"), Some("Home"));
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].message.contains("`it`"),
            "{}",
            warnings[0].message
        );
        assert_eq!(
            fill("{a} of {b}", &[("a", "1".into()), ("b", "2".into())]),
            "1 of 2"
        );
    }

    #[test]
    fn dates_print_in_each_language() {
        let tmp = tempfile::tempdir().unwrap();
        let (s, _) = Strings::load(tmp.path(), &["en", "de", "es", "fr", "it"]).unwrap();
        let d: jiff::civil::Date = "2026-12-07".parse().unwrap();
        assert_eq!(s.date(None, d), "7 December 2026");
        assert_eq!(s.date(Some("es"), d), "7 de diciembre de 2026");
        assert_eq!(s.date(Some("de"), d), "7. Dezember 2026");
        assert_eq!(s.date(Some("fr"), d), "7 décembre 2026");
        assert_eq!(s.date(Some("it"), d), "7 December 2026");
        let first: jiff::civil::Date = "2026-03-01".parse().unwrap();
        assert_eq!(s.date(Some("fr"), first), "1er mars 2026");
        assert_eq!(s.date(Some("de"), first), "1. März 2026");
        for d in ["2026-01-31", "2027-05-02", "2026-09-15"] {
            let d: jiff::civil::Date = d.parse().unwrap();
            assert_eq!(s.date(None, d), deload_engine::text::display_date(d));
        }
    }

    #[test]
    fn a_broken_site_file_is_a_located_error() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join(I18N_DIR)).unwrap();
        std::fs::write(tmp.path().join("i18n/es.yaml"), "home: [\n").unwrap();
        let e = Strings::load(tmp.path(), &["en", "es"]).unwrap_err();
        assert!(e.path.is_some() && e.location.is_some(), "{e:?}");
    }
}
