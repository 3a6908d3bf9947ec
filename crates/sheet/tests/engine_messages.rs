//! The engine's sentences as messages (issue 28): said with the English strings of
//! `templates/i18n/en.yaml`, every message of the shipped programs' and the test fixtures'
//! plans reads exactly as the engine's own English text (the JSON prints that text), and said
//! in German, Spanish and French it leaves no value unfilled.

use std::path::{Path, PathBuf};

use deload_engine::message::{Arg, Message};
use deload_engine::plan::{PlanOptions, Schedule, plan};
use deload_engine::programs::{Level, load_input};
use deload_sheet::Words;

/// The YAML files of `dir` (not its folders).
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    out.sort();
    out
}

/// Every plan the test reads: the shipped programs and athletes and the plan fixtures, each
/// with its own history and with a few others (a level chosen, years of training, short
/// sleep with signs), 16 weeks from 2027-01-04, warm-ups on.
fn plans() -> Vec<(String, Schedule)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "programs",
        "programs/athletes",
        "tests/fixtures/plans",
        "tests/fixtures/plans/athletes",
    ] {
        files.extend(yaml_files(&root.join(dir)));
    }
    let base = PlanOptions {
        start: Some(jiff::civil::date(2027, 1, 4)),
        weeks: Some(16),
        warmups: true,
        ..PlanOptions::default()
    };
    let variants = [
        base.clone(),
        PlanOptions {
            level: Some(Level::Advanced),
            weeks: None,
            ..base.clone()
        },
        PlanOptions {
            training_years: Some(1.0),
            weeks_since_deload: Some(3),
            ..base.clone()
        },
        PlanOptions {
            training_years: Some(0.25),
            weeks_since_deload: Some(9),
            ..base.clone()
        },
    ];
    let mut out = Vec::new();
    for file in files {
        let Ok((mut input, _)) = load_input(&file) else {
            continue;
        };
        let name = file.display().to_string();
        for (i, opts) in variants.iter().enumerate() {
            if let Ok(s) = plan(&input, opts) {
                out.push((format!("{name} #{i}"), s));
            }
        }
        if let Some(a) = input.athlete.as_mut() {
            a.history.sleep_hours = Some(6.0);
            a.history.signs = vec![
                deload_engine::programs::Sign::HarderWorkouts,
                deload_engine::programs::Sign::MoodSleep,
            ];
            if let Ok(s) = plan(&input, &base) {
                out.push((format!("{name} (short sleep, signs)"), s));
            }
        }
    }
    out
}

/// Every (message, English text) pair of `s`.
fn sentences(s: &Schedule) -> Vec<(&Message, &str)> {
    let m = &s.messages;
    let mut out = vec![
        (&m.level_reason, s.level_reason.as_str()),
        (&m.cadence_reason, s.cadence_reason.as_str()),
        (&m.days_reason, s.days_reason.as_str()),
    ];
    assert_eq!(m.warnings.len(), s.warnings.len(), "a message per warning");
    out.extend(m.warnings.iter().zip(s.warnings.iter().map(String::as_str)));
    for w in &s.weeks {
        if let (Some(m), Some(t)) = (&w.deload_message, &w.deload_reason) {
            out.push((m, t));
        }
        assert_eq!(w.deload_message.is_some(), w.deload_reason.is_some());
        for rest in w.days.iter().filter_map(|d| d.rest()) {
            out.push((&rest.note_message, &rest.note));
            for g in &rest.guidance {
                out.push((&g.message, &g.text));
            }
        }
    }
    out
}

/// The keys of `m` and of every message inside it.
fn all_keys(m: &Message, keys: &mut std::collections::BTreeSet<&'static str>) {
    keys.insert(m.key);
    for (_, arg) in &m.args {
        match arg {
            Arg::Msg(inner) => all_keys(inner, keys),
            Arg::List(items) | Arg::And(items) | Arg::Sep(_, items) => {
                items.iter().for_each(|i| all_keys(i, keys));
            }
            _ => {}
        }
    }
}

#[test]
fn every_message_says_the_engines_english_and_fills_every_value() {
    let plans = plans();
    assert!(plans.len() > 60, "{} plans", plans.len());
    let english = Words::english();
    let others: Vec<Words> = ["de", "es", "fr"]
        .iter()
        .filter_map(|l| Words::built_in(l))
        .collect();
    let mut keys = std::collections::BTreeSet::new();
    for (name, s) in &plans {
        for (m, text) in sentences(s) {
            if m.is_empty() {
                continue;
            }
            all_keys(m, &mut keys);
            assert_eq!(m.say(english), text, "{name}: {m:?}");
            for w in &others {
                let said = m.say(w);
                assert!(
                    !said.contains('{') && !said.is_empty() || text.is_empty(),
                    "{name}: {} left a value unfilled: {said}",
                    w.lang()
                );
                assert_ne!(said, text, "{name}: {} says it in English", w.lang());
            }
        }
    }
    // the plans say most kinds of sentence (each deload case, rest day and level)
    assert!(keys.len() > 50, "{} keys said: {keys:?}", keys.len());
    // and the located warnings about the programs' numbers, each kind
    for key in [
        "plan_warn_at",
        "plan_warn_above_max",
        "plan_warn_many_sets",
        "plan_warn_failure",
        "plan_warn_volume_low",
        "plan_warn_volume_high",
        "plan_effort_asks",
        "plan_effort_impossible",
        "plan_warn_jump",
    ] {
        assert!(keys.contains(key), "no plan says `{key}`");
    }
}

#[test]
fn a_logs_warning_signs_say_the_engines_english_and_every_language() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let path = root.join("tests/fixtures/logs/fatigued-strong.csv");
    let today = jiff::civil::date(2026, 3, 22);
    let opts = deload_engine::traininglog::ImportOptions {
        units: None,
        skip_bad_rows: false,
        today,
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let (log, _) =
        deload_engine::traininglog::parse(&text, &path, &opts).unwrap_or_else(|e| panic!("{e}"));
    let h = deload_engine::traininglog::derive(&log, today);
    assert!(h.warning_signs.len() >= 2, "{:?}", h.warning_signs);
    let english = Words::english();
    for w in &h.warning_signs {
        assert_eq!(w.message.say(english), w.detail, "{}", w.kind);
    }
    let (Some(m), Some(text)) = (&h.early_deload_message, &h.early_deload) else {
        panic!("no early deload");
    };
    assert_eq!(&m.say(english), text);
    for lang in ["de", "es", "fr"] {
        let words = Words::built_in(lang).unwrap_or_else(|| panic!("{lang}"));
        let said = m.say(&words);
        assert!(!said.contains('{'), "{lang}: {said}");
        for english in [
            "warning signs",
            "has not risen",
            "RPE up by",
            " lifts",
            " weeks at ",
        ] {
            assert!(!said.contains(english), "{lang}: `{english}` in {said}");
        }
    }
}
