//! The guidance pages plans link to, by topic: every rest day links its sleep, nutrition,
//! mobility, hydration and stress advice, every deload week its explanation, and the printed
//! sheet its reading guide and the warning signs. Each topic has a default page; site.yaml's
//! `guidance:` maps a topic to another (`sleep: "@/recovery/sleep.md"` or a site path). When the
//! site renders plans, every topic must lead to a page that exists, else the build stops with an
//! error naming the topic and the page it expected (checked by the site model, which knows the
//! pages); here are the topics, their targets and where site.yaml sets them.

use std::collections::BTreeMap;
use std::path::Path;

use deload_engine::error::{Error, Location, nearest};
use deload_engine::plan::{DayKind, Schedule, Topic};

/// Every topic with its default target.
pub const TOPICS: &[(&str, &str)] = &[
    ("sleep", "/guidance/sleep/"),
    ("nutrition", "/guidance/nutrition-and-hydration/"),
    ("mobility", "/guidance/mobility-and-active-recovery/"),
    ("hydration", "/guidance/nutrition-and-hydration/"),
    ("stress", "/guidance/stress/"),
    ("deload_weeks", "/guidance/deload-weeks/"),
    ("reading_a_plan", "/guidance/reading-a-plan/"),
    (
        "overtraining_signs",
        "/guidance/overtraining-signs/#the-warning-signs",
    ),
];

/// Topics plans link to only where the site has the page (a site made before these pages, or
/// one that leaves them out, still builds): how to monitor readiness and soreness or injury from
/// the readiness check and the rest days, the ways to deload from deload weeks, energy
/// availability from the rest days' food advice, and how the planner decides from the cover.
/// Mapped in site.yaml like the others; a mapped one must exist.
pub const OPTIONAL_TOPICS: &[(&str, &str)] = &[
    ("monitoring_readiness", "/guidance/monitoring-readiness/"),
    ("soreness_or_injury", "/guidance/soreness-or-injury/"),
    ("ways_to_deload", "/guidance/ways-to-deload/"),
    ("energy_availability", "/guidance/energy-availability/"),
    (
        "how_the_planner_decides",
        "/guidance/how-the-planner-decides/",
    ),
];

/// Every topic's name, required ones first.
pub fn all_topics() -> impl Iterator<Item = &'static str> {
    TOPICS.iter().chain(OPTIONAL_TOPICS).map(|(t, _)| *t)
}

/// Whether `topic` is one of [`OPTIONAL_TOPICS`].
pub fn is_optional(topic: &str) -> bool {
    OPTIONAL_TOPICS.iter().any(|(t, _)| *t == topic)
}

/// The optional topics that site.yaml does not map and whose default page is a Markdown file of
/// the site at `root` (`content/guidance/ways-to-deload.md`, or `index.md` / `_index.md` in its
/// folder), with that default: what a plan printed without the site model at hand (`deload
/// plan`) links, as the site's own plans do.
pub fn optional_with_pages(
    map: &BTreeMap<String, String>,
    root: &Path,
) -> Vec<(&'static str, &'static str)> {
    let content = root.join("content");
    OPTIONAL_TOPICS
        .iter()
        .filter(|(t, _)| !map.contains_key(*t))
        .filter(|(_, path)| {
            let dir = content.join(path.trim_matches('/'));
            let file = dir.with_extension("md");
            [file, dir.join("index.md"), dir.join("_index.md")]
                .iter()
                .any(|f| f.is_file())
        })
        .copied()
        .collect()
}

/// The name of a rest-day topic in site.yaml's `guidance:`.
fn topic_key(t: Topic) -> &'static str {
    match t {
        Topic::Sleep => "sleep",
        Topic::Nutrition => "nutrition",
        Topic::Mobility => "mobility",
        Topic::Hydration => "hydration",
        Topic::Stress => "stress",
    }
}

/// The target of `topic` as written: site.yaml's, else the default.
pub fn target<'a>(map: &'a BTreeMap<String, String>, topic: &'a str) -> &'a str {
    map.get(topic).map_or_else(
        || {
            (TOPICS.iter().chain(OPTIONAL_TOPICS))
                .find(|(t, _)| *t == topic)
                .map_or("/", |(_, d)| d)
        },
        String::as_str,
    )
}

/// A target's site path without the site at hand (`deload plan`, or a site without plans):
/// `@/guidance/sleep.md#a` → `/guidance/sleep/#a`; site paths and other URLs as written.
pub fn plain_path(target: &str, mode: crate::urls::slug::Mode) -> String {
    let Some(file) = target.strip_prefix("@/") else {
        return target.to_string();
    };
    let (file, anchor) = match file.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (file, None),
    };
    let dir = file.strip_suffix(".md").unwrap_or(file);
    let dir = dir
        .trim_end_matches("_index")
        .trim_end_matches("index")
        .trim_end_matches('/');
    let mut path = crate::urls::dir_path(dir, mode);
    if let Some(a) = anchor {
        path.push('#');
        path.push_str(a);
    }
    path
}

/// Puts each topic's link into `schedule` (rest-day advice and deload weeks), as `link` says
/// for a topic.
pub(crate) fn apply(schedule: &mut Schedule, link: &dyn Fn(&str) -> String) {
    for week in &mut schedule.weeks {
        if week.deload_link.is_some() {
            week.deload_link = Some(link("deload_weeks"));
        }
        for day in &mut week.days {
            if let DayKind::Rest(rest) = &mut day.kind {
                for item in &mut rest.guidance {
                    item.link = link(topic_key(item.topic));
                }
            }
        }
    }
}

/// An error for each key of site.yaml's `guidance:` that is not a topic (`text` is site.yaml).
pub(crate) fn unknown_topics(
    map: &BTreeMap<String, String>,
    file: &Path,
    text: &str,
) -> Vec<Error> {
    let names = all_topics;
    map.keys()
        .filter(|k| !names().any(|t| t == k.as_str()))
        .map(|k| {
            let hint = match nearest(k, names()) {
                Some(t) => format!("did you mean `{t}`?"),
                None => format!("the topics: {}", names().collect::<Vec<_>>().join(", ")),
            };
            Error::new(format!("`guidance` has no topic `{k}`"))
                .in_file(file)
                .at(locate(text, k), text)
                .with_hint(hint)
        })
        .collect()
}

/// Where `topic` is set in site.yaml (`text`), else where `guidance:` is, else line 1.
pub(crate) fn locate(text: &str, topic: &str) -> Location {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.starts_with("guidance:"));
    let found = start.and_then(|s| {
        let inline = lines[s].find(&format!("{topic}:")).map(|c| (s, c));
        inline.or_else(|| {
            (s + 1..lines.len())
                .take_while(|&i| lines[i].starts_with([' ', '\t']) || lines[i].trim().is_empty())
                .find_map(|i| {
                    let t = lines[i].trim_start();
                    t.starts_with(&format!("{topic}:"))
                        .then(|| (i, lines[i].len() - t.len()))
                })
        })
    });
    match (found, start) {
        (Some((line, col)), _) => Location {
            line: line + 1,
            column: col + 1,
        },
        (None, Some(s)) => Location {
            line: s + 1,
            column: 1,
        },
        (None, None) => Location { line: 1, column: 1 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::urls::slug::Mode;

    #[test]
    fn topics_are_located_in_site_yaml() {
        let text = "title: x\nguidance:\n  sleep: \"@/rest/sleep.md\"\n  stres: /x/\nmenu: []\n";
        assert_eq!(locate(text, "stres"), Location { line: 4, column: 3 });
        assert_eq!(locate(text, "mobility"), Location { line: 2, column: 1 });
        let inline = "guidance: { sleep: /s/ }\n";
        assert_eq!(
            locate(inline, "sleep"),
            Location {
                line: 1,
                column: 13
            }
        );
        let map: BTreeMap<String, String> = [("stres".to_string(), "/x/".to_string())].into();
        let errors = unknown_topics(&map, Path::new("site.yaml"), text);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].hint.as_deref().unwrap_or("").contains("`stress`"),
            "{:?}",
            errors[0]
        );
        assert_eq!(target(&map, "sleep"), "/guidance/sleep/");
        assert_eq!(
            plain_path("@/recovery/Sleep Well.md#naps", Mode::On),
            "/recovery/sleep-well/#naps"
        );
        assert_eq!(plain_path("@/recovery/_index.md", Mode::On), "/recovery/");
        assert_eq!(plain_path("/x/", Mode::On), "/x/");
        assert_eq!(target(&map, "stres"), "/x/");
    }
}
