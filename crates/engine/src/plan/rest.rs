//! Recovery guidance for rest days (domain rule 5): every rest day lists sleep, nutrition,
//! mobility, hydration and stress, each linking to the site's page on the topic.

use serde::Serialize;

use crate::message::Message;
use crate::text::fmt_num;

/// Link to the site's page on sleep.
pub(crate) const SLEEP_LINK: &str = "/guidance/sleep/";
/// Link to the site's page on nutrition and hydration.
pub(crate) const NUTRITION_LINK: &str = "/guidance/nutrition-and-hydration/";
/// Link to the site's page on mobility and active recovery.
pub(crate) const MOBILITY_LINK: &str = "/guidance/mobility-and-active-recovery/";
/// Link to the site's page on stress.
pub(crate) const STRESS_LINK: &str = "/guidance/stress/";
/// Link to the site's page on deload weeks.
pub(crate) const DELOAD_LINK: &str = "/guidance/deload-weeks/";

/// A recovery topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Sleep.
    Sleep,
    /// Protein and carbohydrate.
    Nutrition,
    /// Mobility and light movement.
    Mobility,
    /// Fluids.
    Hydration,
    /// Stress management.
    Stress,
}

impl Topic {
    /// The key of the topic's name in the language files (`sheet_topic_sleep`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Topic::Sleep => "sheet_topic_sleep",
            Topic::Nutrition => "sheet_topic_nutrition",
            Topic::Mobility => "sheet_topic_mobility",
            Topic::Hydration => "sheet_topic_hydration",
            Topic::Stress => "sheet_topic_stress",
        }
    }

    /// The topic's name as a heading or label ("Sleep", "Nutrition", ...).
    pub fn label(self) -> &'static str {
        match self {
            Topic::Sleep => "Sleep",
            Topic::Nutrition => "Nutrition",
            Topic::Mobility => "Mobility",
            Topic::Hydration => "Hydration",
            Topic::Stress => "Stress",
        }
    }
}

/// One piece of recovery guidance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryItem {
    /// The topic.
    pub topic: Topic,
    /// What to do, one or two sentences.
    pub text: String,
    /// The site page on the topic.
    pub link: String,
    /// `text` as a message, to print it in another language.
    #[serde(skip)]
    pub message: Message,
}

/// A rest day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestDay {
    /// One line on why this day matters ("Rest after Lower A (heavy legs)").
    pub note: String,
    /// Recovery guidance, one item per topic.
    pub guidance: Vec<RecoveryItem>,
    /// `note` as a message, to print it in another language.
    #[serde(skip)]
    pub note_message: Message,
}

/// What shapes a rest day's advice.
#[derive(Debug, Clone, Default)]
pub(crate) struct RestContext {
    /// The session the day before, if any, and whether it was heavy.
    pub(crate) after: Option<(String, bool)>,
    /// Whether the day is in a deload week.
    pub(crate) deload_week: bool,
    /// The athlete's average sleep, if known.
    pub(crate) sleep_hours: Option<f64>,
}

/// Why the rest day matters, in English and as a message.
fn note(ctx: &RestContext) -> (String, Message) {
    match (&ctx.after, ctx.deload_week) {
        (_, true) => (
            "Rest day in a deload week: let the lighter week do its work".to_string(),
            Message::new("plan_rest_note_deload"),
        ),
        (Some((name, true)), _) => (
            format!("Rest after {name}, a heavy session: repair happens now"),
            Message::new("plan_rest_note_after_heavy").name("session", name),
        ),
        (Some((name, false)), _) => (
            format!("Rest after {name}"),
            Message::new("plan_rest_note_after").name("session", name),
        ),
        (None, _) => (
            "Rest day: adaptation happens between sessions".to_string(),
            Message::new("plan_rest_note"),
        ),
    }
}

/// The guidance for a rest day.
pub(crate) fn rest_day(ctx: &RestContext) -> RestDay {
    let (note, note_message) = note(ctx);
    let sleep = match ctx.sleep_hours {
        Some(h) if h < 7.0 => (
            format!(
                "You average {} h; aim for 7–9 h tonight with a steady bedtime — sleep is when most repair happens.",
                fmt_num(h)
            ),
            Message::new("plan_rest_sleep_short").num("hours", h),
        ),
        _ => (
            "Aim for 7–9 hours at your usual bedtime; consistency matters as much as length."
                .to_string(),
            Message::new("plan_rest_sleep"),
        ),
    };
    let nutrition = if ctx.after.as_ref().is_some_and(|(_, heavy)| *heavy) {
        (
            "Eat protein across the day (about 1.6 g per kg of body weight) and enough carbohydrate to refill after yesterday's heavy work.",
            "plan_rest_nutrition_heavy",
        )
    } else {
        (
            "Keep protein spread over your meals and eat enough carbohydrate; rest days are not for under-eating.",
            "plan_rest_nutrition",
        )
    };
    let mobility = if ctx.deload_week {
        (
            "Walk, cycle easily or do a short mobility routine; movement helps more than stillness.",
            "plan_rest_mobility_deload",
        )
    } else {
        (
            "Take a 20–30 minute walk or gentle mobility work for the muscles you trained.",
            "plan_rest_mobility",
        )
    };
    let item = |topic, text: &str, link: &str, message: Message| RecoveryItem {
        topic,
        text: text.to_string(),
        link: link.to_string(),
        message,
    };
    let (nutrition, nutrition_message) = (nutrition.0, Message::new(nutrition.1));
    let (mobility, mobility_message) = (mobility.0, Message::new(mobility.1));
    RestDay {
        note,
        guidance: vec![
            item(Topic::Sleep, &sleep.0, SLEEP_LINK, sleep.1),
            item(
                Topic::Nutrition,
                nutrition,
                NUTRITION_LINK,
                nutrition_message,
            ),
            item(Topic::Mobility, mobility, MOBILITY_LINK, mobility_message),
            item(
                Topic::Hydration,
                "Drink regularly through the day; pale urine is a simple check.",
                NUTRITION_LINK,
                Message::new("plan_rest_hydration"),
            ),
            item(
                Topic::Stress,
                "Leave room to switch off — a quiet walk, breathing or time with others helps the body shift into rest-and-repair.",
                STRESS_LINK,
                Message::new("plan_rest_stress"),
            ),
        ],
        note_message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_with_its_link() {
        let r = rest_day(&RestContext::default());
        let topics: Vec<Topic> = r.guidance.iter().map(|g| g.topic).collect();
        assert_eq!(
            topics,
            vec![
                Topic::Sleep,
                Topic::Nutrition,
                Topic::Mobility,
                Topic::Hydration,
                Topic::Stress
            ]
        );
        assert!(r.guidance.iter().all(|g| g.link.starts_with("/guidance/")));
    }

    #[test]
    fn short_sleep_is_mentioned() {
        let r = rest_day(&RestContext {
            sleep_hours: Some(6.0),
            after: Some(("Lower".into(), true)),
            deload_week: false,
        });
        assert!(r.guidance[0].text.contains("You average 6 h"));
        assert!(r.note.contains("heavy"));
    }
}
