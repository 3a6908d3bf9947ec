//! Training history → level → deload cadence K (domain rules 1 and 2).
//!
//! - Level: stated, or from years of training: under 0.5 novice, 0.5 to under 2 intermediate,
//!   2 or more advanced. Command-line flags override the file; a stated level wins over years.
//! - Cadence K (a deload every K weeks, counting the deload): novice 6, intermediate 5,
//!   advanced 4; sleep under 7 h or two or more signs of overreaching shorten it by one week,
//!   never below 4. Signs come from the athlete file and from a training log's warning signs
//!   alike ([`History::all_signs`]). An explicit K (athlete file, else program) wins and is not
//!   shortened.

use super::{Inputs, PlanOptions};
use crate::message::{Arg, Message};
use crate::programs::{History, Level};
use crate::text::ordinal;

/// Sleep below this many hours a night is a recovery marker.
pub(crate) const SLEEP_MARKER_HOURS: f64 = 7.0;
/// This many current signs of overreaching is a recovery marker.
pub(crate) const SIGNS_MARKER: usize = 2;
/// The shortest cadence recovery markers can bring K to.
pub(crate) const MIN_MARKER_CADENCE: u32 = 4;

/// The level for `years` of consistent training.
pub(crate) fn level_from_years(years: f64) -> Level {
    Level::from_years(years)
}

/// The message naming `level` (its word in the language files).
pub(crate) fn level_word(level: Level) -> Arg {
    Arg::Word(format!("sheet_level_{level}"))
}

/// Why `years` of training give their level, as a message.
fn years_message(years: f64) -> Message {
    let level = level_from_years(years);
    let rule = match level {
        Level::Novice => "plan_years_novice",
        Level::Intermediate => "plan_years_intermediate",
        Level::Advanced => "plan_years_advanced",
    };
    Message::new("plan_level_years")
        .num("years", years)
        .with("level", level_word(level))
        .msg("rule", Message::new(rule))
}

fn years_reason(years: f64) -> String {
    let level = level_from_years(years);
    let rule = match level {
        Level::Novice => "under 6 months",
        Level::Intermediate => "6 months to under 2 years",
        Level::Advanced => "2 years or more",
    };
    let y = crate::text::fmt_num(years);
    let unit = if (years - 1.0).abs() < f64::EPSILON {
        "year"
    } else {
        "years"
    };
    format!("{y} {unit} of training → {level} ({rule})")
}

/// The lifter's level and why, as text and as a message. Flags (`opts`) win over the file; a
/// stated level wins over years.
pub(crate) fn resolve_level(history: &History, opts: &PlanOptions) -> (Level, String, Message) {
    let (level, reason) = level_and_reason(history, opts);
    let message = if let Some(level) = opts.level {
        Message::new("plan_level_chosen").with("level", level_word(level))
    } else if let Some(years) = opts.training_years.filter(|y| y.is_finite() && *y >= 0.0) {
        years_message(years)
    } else if let Some(level) = history.level {
        Message::new("plan_level_stated").with("level", level_word(level))
    } else if let Some(years) = history
        .training_years
        .filter(|y| y.is_finite() && *y >= 0.0)
    {
        let m = years_message(years);
        if history.source.is_some() {
            Message::new("plan_level_from_log").msg("reason", m)
        } else {
            m
        }
    } else {
        Message::new("plan_level_none")
    };
    (level, reason, message)
}

/// The lifter's level and why, in English.
fn level_and_reason(history: &History, opts: &PlanOptions) -> (Level, String) {
    if let Some(level) = opts.level {
        return (
            level,
            format!("{level} lifter (level chosen for this plan)"),
        );
    }
    if let Some(years) = opts.training_years.filter(|y| y.is_finite() && *y >= 0.0) {
        return (level_from_years(years), years_reason(years));
    }
    if let Some(level) = history.level {
        return (level, format!("level stated in the athlete file: {level}"));
    }
    if let Some(years) = history
        .training_years
        .filter(|y| y.is_finite() && *y >= 0.0)
    {
        let mut reason = years_reason(years);
        if history.source.is_some() {
            reason.push_str(", from the training log");
        }
        return (level_from_years(years), reason);
    }
    (
        Level::Novice,
        "no training history given: planned as a novice (give a level or years of training to change it)"
            .to_string(),
    )
}

/// The default cadence for a level.
pub(crate) fn base_cadence(level: Level) -> u32 {
    match level {
        Level::Novice => 6,
        Level::Intermediate => 5,
        Level::Advanced => 4,
    }
}

/// Where an explicit cadence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CadenceSource {
    /// `deload_every` in the athlete file.
    Athlete,
    /// `deload: every:` in the program.
    Program,
}

/// The deload cadence K and the reasons for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cadence {
    /// A deload every K weeks, counting the deload.
    pub(crate) every: u32,
    /// Why, in words ("advanced lifter: every 4th week; sleep under 7 h: one week sooner").
    pub(crate) reason: String,
    /// Warnings (an explicit K outside 4–6).
    pub(crate) warnings: Vec<String>,
    /// `reason` as a message.
    pub(crate) reason_message: Message,
    /// `warnings` as messages.
    pub(crate) warning_messages: Vec<Message>,
}

/// The cadence an athlete file or program sets (`deload_every`), with its warning when it is
/// outside 4–6.
fn explicit_cadence(k: u32, source: CadenceSource) -> Cadence {
    let k = k.max(2);
    let who = match source {
        CadenceSource::Athlete => "the athlete file",
        CadenceSource::Program => "the program",
    };
    let who_key = match source {
        CadenceSource::Athlete => "plan_by_athlete_file",
        CadenceSource::Program => "plan_by_program",
    };
    let mut warnings = Vec::new();
    let mut warning_messages = Vec::new();
    if !(4..=6).contains(&k) {
        warning_messages.push(
            Message::new(if k < 4 {
                "plan_warn_cadence_short"
            } else {
                "plan_warn_cadence_long"
            })
            .msg("who", Message::new(who_key))
            .count("k", k),
        );
        warnings.push(format!(
            "{who} sets a deload every {k} weeks, outside the recommended 4 to 6: {}",
            if k < 4 {
                "so few loading weeks build little fatigue to shed and slow progress"
            } else {
                "fatigue tends to pile up (harder workouts, lingering soreness, stalled progress) before the deload comes"
            }
        ));
    }
    Cadence {
        every: k,
        reason: format!("set by {who}: every {} week", ordinal(k)),
        warnings,
        reason_message: Message::new("plan_cadence_set")
            .msg("who", Message::new(who_key))
            .with("k", Arg::Ordinal(k)),
        warning_messages,
    }
}

/// Computes K from the level, recovery markers and any explicit override.
pub(crate) fn cadence(
    level: Level,
    history: &History,
    explicit: Option<(u32, CadenceSource)>,
) -> Cadence {
    if let Some((k, source)) = explicit {
        return explicit_cadence(k, source);
    }
    let base = base_cadence(level);
    let mut reason = format!("{level} lifter: every {} week", ordinal(base));
    let mut reason_message = Message::new("plan_cadence_level")
        .with("level", level_word(level))
        .with("k", Arg::Ordinal(base));
    let mut markers = Vec::new();
    let mut marker_messages = Vec::new();
    if let Some(s) = history.sleep_hours.filter(|s| *s < SLEEP_MARKER_HOURS) {
        markers.push(format!("sleep under 7 h ({} h)", crate::text::fmt_num(s)));
        marker_messages.push(Message::new("plan_marker_sleep").num("hours", s));
    }
    let signs = history.all_signs();
    if signs.len() >= SIGNS_MARKER {
        markers.push(format!(
            "{} signs of overreaching ({})",
            signs.len(),
            signs.join(", ").replace('_', " ")
        ));
        let words = signs.iter().map(|s| sign_message(s)).collect();
        marker_messages.push(
            Message::new("plan_marker_signs")
                .count("n", signs.len() as u64)
                .with("signs", Arg::List(words)),
        );
    }
    let mut every = base;
    if !markers.is_empty() {
        if base > MIN_MARKER_CADENCE {
            every = base - 1;
            reason.push_str(&format!(
                "; {}: one week sooner, every {} week",
                markers.join(" and "),
                ordinal(every)
            ));
            reason_message = Message::new("plan_cadence_sooner")
                .msg("reason", reason_message)
                .with("markers", Arg::And(std::mem::take(&mut marker_messages)))
                .with("k", Arg::Ordinal(every));
        } else {
            reason.push_str(&format!(
                "; {}: already at the shortest cadence, every 4th week",
                markers.join(" and ")
            ));
            reason_message = Message::new("plan_cadence_shortest")
                .msg("reason", reason_message)
                .with("markers", Arg::And(std::mem::take(&mut marker_messages)));
        }
    }
    Cadence {
        every,
        reason,
        warnings: Vec::new(),
        reason_message,
        warning_messages: Vec::new(),
    }
}

/// A warning sign in words (`harder_workouts` as the athlete file names it, or a training log's
/// sign as [`History::all_signs`] words it) as a message: `plan_sign_KEY` of the language files,
/// another as written.
fn sign_message(sign: &str) -> Message {
    let key = match sign {
        "harder_workouts" => "plan_sign_harder_workouts",
        "lingering_soreness" => "plan_sign_lingering_soreness",
        "mood_sleep" => "plan_sign_mood_sleep",
        "slow_recovery" => "plan_sign_slow_recovery",
        "stalled_progress" => "plan_sign_stalled_progress",
        "stalled progress (log)" => "plan_sign_log_stalls",
        "harder workouts: rising RPE (log)" => "plan_sign_log_rising_rpe",
        "a workload spike (log)" => "plan_sign_log_acwr",
        other => return Message::new("plan_as_written").name("text", other.replace('_', " ")),
    };
    Message::new(key)
}

/// Who the plan is for: the lifter's level and deload cadence, each with its reason.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Training {
    /// The lifter's level.
    pub(crate) level: Level,
    /// Why that level.
    pub(crate) level_reason: String,
    /// `level_reason` as a message.
    pub(crate) level_message: Message,
    /// The deload cadence K, its reason and any warning about it.
    pub(crate) cadence: Cadence,
}

/// The "resolve history and cadence" stage: the level from the history and the options
/// ([`resolve_level`]), then K from the level and recovery markers ([`cadence`]), unless the
/// athlete file (first) or the program sets K explicitly.
pub(crate) fn resolve(inputs: &Inputs<'_>) -> Training {
    let (level, level_reason, level_message) = resolve_level(inputs.history, inputs.opts);
    let explicit = inputs
        .athlete
        .and_then(|a| a.deload_every.map(|k| (k, CadenceSource::Athlete)))
        .or(inputs
            .program
            .deload
            .every
            .map(|k| (k, CadenceSource::Program)));
    Training {
        level,
        level_reason,
        level_message,
        cadence: cadence(level, inputs.history, explicit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::Sign;

    #[test]
    fn years_boundaries() {
        assert_eq!(level_from_years(0.0), Level::Novice);
        assert_eq!(level_from_years(0.49), Level::Novice);
        assert_eq!(level_from_years(0.5), Level::Intermediate);
        assert_eq!(level_from_years(1.99), Level::Intermediate);
        assert_eq!(level_from_years(2.0), Level::Advanced);
        assert_eq!(level_from_years(30.0), Level::Advanced);
    }

    #[test]
    fn level_precedence_and_reasons() {
        let h = History {
            level: Some(Level::Intermediate),
            training_years: Some(3.0),
            ..History::default()
        };
        let opts = PlanOptions::default();
        assert_eq!(resolve_level(&h, &opts).0, Level::Intermediate);
        let opts = PlanOptions {
            training_years: Some(2.5),
            ..PlanOptions::default()
        };
        let (l, r, _) = resolve_level(&h, &opts);
        assert_eq!(l, Level::Advanced);
        assert_eq!(r, "2.5 years of training → advanced (2 years or more)");
        let opts = PlanOptions {
            level: Some(Level::Novice),
            training_years: Some(2.5),
            ..PlanOptions::default()
        };
        assert_eq!(resolve_level(&h, &opts).0, Level::Novice);
        assert_eq!(
            resolve_level(&History::default(), &PlanOptions::default()).0,
            Level::Novice
        );
    }

    #[test]
    fn cadence_by_level_and_markers() {
        let none = History::default();
        assert_eq!(cadence(Level::Novice, &none, None).every, 6);
        assert_eq!(cadence(Level::Intermediate, &none, None).every, 5);
        assert_eq!(cadence(Level::Advanced, &none, None).every, 4);
        let sleepy = History {
            sleep_hours: Some(6.5),
            ..History::default()
        };
        let c = cadence(Level::Novice, &sleepy, None);
        assert_eq!(c.every, 5);
        assert!(c.reason.contains("sleep under 7 h"), "{}", c.reason);
        // Never below 4.
        assert_eq!(cadence(Level::Advanced, &sleepy, None).every, 4);
        // Exactly 7 h is not a marker; one sign is not; two are.
        let seven = History {
            sleep_hours: Some(7.0),
            signs: vec![Sign::MoodSleep],
            ..History::default()
        };
        assert_eq!(cadence(Level::Intermediate, &seven, None).every, 5);
        let two = History {
            signs: vec![Sign::MoodSleep, Sign::StalledProgress],
            sleep_hours: Some(6.0),
            ..History::default()
        };
        // Both markers still shorten by one week only.
        assert_eq!(cadence(Level::Novice, &two, None).every, 5);
    }

    #[test]
    fn explicit_cadence_wins_and_warns_outside_range() {
        let sleepy = History {
            sleep_hours: Some(5.0),
            ..History::default()
        };
        let c = cadence(Level::Novice, &sleepy, Some((6, CadenceSource::Program)));
        assert_eq!(c.every, 6);
        assert!(c.warnings.is_empty());
        let c = cadence(Level::Novice, &sleepy, Some((8, CadenceSource::Athlete)));
        assert_eq!(c.every, 8);
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("recommended 4 to 6"));
    }
}
