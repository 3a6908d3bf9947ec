//! JSON export: the whole [`Schedule`], pretty-printed.
//!
//! The document is the serde serialisation of the schedule (snake_case field names, ISO dates,
//! `null` for absent optional values) with one extra top-level field first:
//! `"format_version": 1`.
//!
//! # Why a version field
//!
//! The JSON is a contract with other programs (spreadsheets, scripts, apps), and the schedule's
//! internal types will grow. A consumer that checks `format_version` can refuse a document it does
//! not understand instead of misreading it. The rule: adding a field does **not** change the
//! version (consumers must ignore fields they do not know); renaming or removing a field, or
//! changing a field's type or meaning, does. It costs one line and cannot be added later without
//! already having broken someone, so it is there from the start.
//!
//! Every field is described in `docs/plan-json.md`.

use serde::Serialize;

use crate::plan::Schedule;

/// The value of the top-level `format_version` field of the JSON export.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Versioned<'a> {
    format_version: u32,
    #[serde(flatten)]
    schedule: &'a Schedule,
}

/// The schedule as pretty-printed JSON (two-space indent), ending with a newline.
pub fn to_json(schedule: &Schedule) -> String {
    let doc = Versioned {
        format_version: FORMAT_VERSION,
        schedule,
    };
    // Serialising a `Schedule` cannot fail: it has no maps (so no non-string keys) and no
    // `Serialize` impl that returns an error; non-finite numbers become `null`.
    let mut out = match serde_json::to_string_pretty(&doc) {
        Ok(s) => s,
        Err(e) => unreachable!("a Schedule always serialises to JSON: {e}"),
    };
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Day, DayKind, RestDay, Week};
    use crate::programs::{Level, Units, Weekday};
    use jiff::civil::date;

    fn tiny() -> Schedule {
        Schedule {
            athlete: None,
            program: "P".into(),
            description: String::new(),
            units: Units::Kg,
            start: date(2026, 1, 5),
            end: date(2026, 1, 11),
            level: Level::Novice,
            level_reason: "r".into(),
            deload_every: 6,
            cadence_reason: "c".into(),
            first_deload_week: 6,
            training_days: vec![],
            days_reason: String::new(),
            warnings: vec![],
            history_source: None,
            history_chart: None,
            weeks: vec![Week {
                number: 1,
                start: date(2026, 1, 5),
                end: date(2026, 1, 11),
                block: "B".into(),
                focus: "f".into(),
                is_deload: false,
                deload_reason: None,
                deload_link: None,
                total_sets: 0,
                days: vec![Day {
                    date: date(2026, 1, 5),
                    weekday: Weekday::Mon,
                    kind: DayKind::Rest(RestDay {
                        note: "n".into(),
                        guidance: vec![],
                    }),
                }],
            }],
        }
    }

    #[test]
    fn version_comes_first_and_fields_are_flat() {
        let out = to_json(&tiny());
        assert!(out.starts_with("{\n  \"format_version\": 1,\n  \"athlete\": null,"));
        assert!(out.ends_with("}\n"));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(v["start"], "2026-01-05");
        assert_eq!(v["units"], "kg");
        assert_eq!(v["level"], "novice");
        assert_eq!(v["weeks"][0]["days"][0]["kind"], "rest");
        assert_eq!(v["weeks"][0]["days"][0]["weekday"], "Monday");
        assert!(v["weeks"][0]["days"][0]["session"].is_null());
    }
}
