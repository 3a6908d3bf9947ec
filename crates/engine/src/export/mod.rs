//! Plan exports: a [`Schedule`](crate::plan::Schedule) in, the text of one file out.
//!
//! Every exporter is a pure function from `&Schedule` to `String`: no I/O, no clock, no
//! randomness. The same plan therefore always exports to the same bytes, which is what makes
//! calendar re-imports idempotent and lets the tests compare exports against fixed files. Writing
//! the string to disk is the caller's job.
//!
//! | format | function | what it is for |
//! |---|---|---|
//! | JSON | [`json::to_json`] | the whole schedule for other programs; documented field by field in `docs/plan-json.md` |
//! | CSV | [`csv::to_csv`] | one row per prescription, for spreadsheets (RFC 4180, formula-injection safe) |
//! | iCalendar | [`ics::to_ics`] | one all-day event per session (optionally per rest day), for calendars (RFC 5545) |
//! | Markdown | [`markdown::to_markdown`] | the plan as Markdown tables, for pasting into documents |
//!
//! Every format marks deload weeks as deloads and says why, as the guidance requires: JSON and
//! CSV carry `is_deload`/`deload` and the reason, the calendar prefixes "Deload: " and uses the
//! `DELOAD` category, and Markdown marks the week's heading.

pub mod csv;
pub mod ics;
pub mod json;
pub mod markdown;

pub use self::csv::to_csv;
pub use self::ics::{IcsOptions, to_ics};
pub use self::json::to_json;
pub use self::markdown::to_markdown;
