//! Recovery guidance for rest days (domain rule 5): every rest day lists sleep, nutrition,
//! mobility, hydration and stress, each linking to the site's page on the topic.

use serde::Serialize;

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
}

/// A rest day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RestDay {
    /// One line on why this day matters ("Rest after Lower A (heavy legs)").
    pub note: String,
    /// Recovery guidance, one item per topic.
    pub guidance: Vec<RecoveryItem>,
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

/// The guidance for a rest day.
pub(crate) fn rest_day(ctx: &RestContext) -> RestDay {
    let note = match (&ctx.after, ctx.deload_week) {
        (_, true) => "Rest day in a deload week: let the lighter week do its work".to_string(),
        (Some((name, true)), _) => {
            format!("Rest after {name}, a heavy session: repair happens now")
        }
        (Some((name, false)), _) => format!("Rest after {name}"),
        (None, _) => "Rest day: adaptation happens between sessions".to_string(),
    };
    let sleep = match ctx.sleep_hours {
        Some(h) if h < 7.0 => format!(
            "You average {} h; aim for 7–9 h tonight with a steady bedtime — sleep is when most repair happens.",
            fmt_num(h)
        ),
        _ => "Aim for 7–9 hours at your usual bedtime; consistency matters as much as length."
            .to_string(),
    };
    let nutrition = if ctx.after.as_ref().is_some_and(|(_, heavy)| *heavy) {
        "Eat protein across the day (about 1.6 g per kg of body weight) and enough carbohydrate to refill after yesterday's heavy work."
    } else {
        "Keep protein spread over your meals and eat enough carbohydrate; rest days are not for under-eating."
    };
    let mobility = if ctx.deload_week {
        "Walk, cycle easily or do a short mobility routine; movement helps more than stillness."
    } else {
        "Take a 20–30 minute walk or gentle mobility work for the muscles you trained."
    };
    let item = |topic, text: &str, link: &str| RecoveryItem {
        topic,
        text: text.to_string(),
        link: link.to_string(),
    };
    RestDay {
        note,
        guidance: vec![
            item(Topic::Sleep, &sleep, SLEEP_LINK),
            item(Topic::Nutrition, nutrition, NUTRITION_LINK),
            item(Topic::Mobility, mobility, MOBILITY_LINK),
            item(
                Topic::Hydration,
                "Drink regularly through the day; pale urine is a simple check.",
                NUTRITION_LINK,
            ),
            item(
                Topic::Stress,
                "Leave room to switch off — a quiet walk, breathing or time with others helps the body shift into rest-and-repair.",
                STRESS_LINK,
            ),
        ],
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
