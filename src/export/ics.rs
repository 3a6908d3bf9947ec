//! iCalendar export (RFC 5545): one all-day event per training session, optionally one per rest
//! day, for importing a plan into a calendar app.
//!
//! # What is written
//!
//! A `VCALENDAR` (`VERSION:2.0`, `PRODID`, `CALSCALE:GREGORIAN`, `METHOD:PUBLISH`, and
//! `X-WR-CALNAME` with the program and athlete) holding one `VEVENT` per session:
//!
//! - `DTSTART;VALUE=DATE:` the session's date and `DTEND;VALUE=DATE:` the next day (an all-day
//!   event's end is exclusive, so this is a one-day event, not a zero-length one);
//! - `SUMMARY`: the session's name, prefixed `Deload: ` in a deload week;
//! - `DESCRIPTION`: in a deload week, first why it is a deload; then one line per prescription
//!   (exercise, sets × reps, intensity, load);
//! - `CATEGORIES:DELOAD` on every session of a deload week, `CATEGORIES:TRAINING` on the others;
//! - `TRANSP:TRANSPARENT`, so the day does not show as busy.
//!
//! With [`IcsOptions::rest_events`], every rest day is an event too (`SUMMARY:Rest day`,
//! `CATEGORIES:REST`) whose description is the day's recovery guidance.
//!
//! # Reproducible output
//!
//! The same plan exports to the same bytes, so an export can be compared, committed and
//! re-imported without surprises:
//!
//! - `UID` is an FNV-1a 64-bit hash of the athlete, the program, the date, the event kind and the
//!   session name, followed by `@deload`. Generating the same plan again gives the same UIDs, so a
//!   calendar that re-imports the file updates its events instead of duplicating them. FNV-1a is
//!   written here because `std`'s `DefaultHasher` is not guaranteed to stay the same across Rust
//!   releases. Loads are not part of the UID: a re-export after changing a 1RM updates the same
//!   events.
//! - `DTSTAMP` (required in every event when there is a `METHOD`) is normally the moment the file
//!   was written; here it is the plan's start date at 00:00:00 UTC. Using the clock would make
//!   every export differ and the module impure. The cost: a calendar that uses `DTSTAMP` to decide
//!   which copy of an event is newer cannot tell two exports of the same plan apart, so after a
//!   change of content it may keep the old copy; deleting the imported calendar before importing
//!   again always works.
//!
//! # Encoding
//!
//! TEXT values are escaped (`\` → `\\`, `;` → `\;`, `,` → `\,`, a line break → `\n`; other control
//! characters, which TEXT may not contain, are dropped). Lines end with CRLF and are folded so no
//! line is longer than 75 octets: a continuation line starts with one space, and a fold never
//! splits a UTF-8 character.

use crate::plan::progression::fmt_num;
use crate::plan::{Prescription, RestDay, Schedule, Session, Week};

/// Choices for the calendar export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IcsOptions {
    /// Also write one event per rest day, with its recovery guidance.
    pub rest_events: bool,
}

/// The longest line, in octets, not counting the CRLF (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// The schedule as an iCalendar file.
pub fn to_ics(schedule: &Schedule, opts: &IcsOptions) -> String {
    let mut out = String::new();
    let mut put = |line: &str| push_folded(&mut out, line);
    put("BEGIN:VCALENDAR");
    put("VERSION:2.0");
    put("PRODID:-//deload//Training plan//EN");
    put("CALSCALE:GREGORIAN");
    put("METHOD:PUBLISH");
    put(&format!(
        "X-WR-CALNAME:{}",
        escape_text(&calendar_name(schedule))
    ));
    let stamp = format!("{}T000000Z", ymd(schedule.start));
    for week in &schedule.weeks {
        for day in &week.days {
            let event = match (day.session(), day.rest()) {
                (Some(session), _) => session_event(week, session),
                (None, Some(rest)) if opts.rest_events => rest_event(rest),
                _ => continue,
            };
            let uid = uid(&[
                schedule.athlete.as_deref().unwrap_or(""),
                &schedule.program,
                &day.date.to_string(),
                event.kind,
                event.name,
            ]);
            put("BEGIN:VEVENT");
            put(&format!("UID:{uid:016x}@deload"));
            put(&format!("DTSTAMP:{stamp}"));
            put(&format!("DTSTART;VALUE=DATE:{}", ymd(day.date)));
            // The last representable date has no next day; without DTEND an all-day event
            // lasts one day anyway (RFC 5545 §3.6.1).
            if let Ok(next) = day.date.tomorrow() {
                put(&format!("DTEND;VALUE=DATE:{}", ymd(next)));
            }
            put(&format!("SUMMARY:{}", escape_text(&event.summary)));
            put(&format!("DESCRIPTION:{}", escape_text(&event.description)));
            put(&format!("CATEGORIES:{}", event.category));
            put("TRANSP:TRANSPARENT");
            put("END:VEVENT");
        }
    }
    put("END:VCALENDAR");
    out
}

/// What differs between events.
struct Event<'a> {
    /// `session` or `rest` (part of the UID).
    kind: &'static str,
    /// The session name, empty for rest days (part of the UID).
    name: &'a str,
    summary: String,
    description: String,
    category: &'static str,
}

fn session_event<'a>(week: &Week, session: &'a Session) -> Event<'a> {
    let mut lines = Vec::new();
    if week.is_deload {
        match &week.deload_reason {
            Some(reason) => lines.push(format!("Deload week: {reason}")),
            None => lines.push("Deload week".to_string()),
        }
    }
    lines.extend(session.prescriptions.iter().map(prescription_line));
    Event {
        kind: "session",
        name: &session.name,
        summary: if week.is_deload {
            format!("Deload: {}", session.name)
        } else {
            session.name.clone()
        },
        description: lines.join("\n"),
        category: if week.is_deload { "DELOAD" } else { "TRAINING" },
    }
}

/// `Back squat: 3 × 5, 75% 1RM, 100 kg` (the load is left out when the intensity already is it).
fn prescription_line(p: &Prescription) -> String {
    let mut line = format!("{}: {} × {}", p.exercise, p.sets, p.reps);
    if !p.intensity.is_empty() {
        line.push_str(", ");
        line.push_str(&p.intensity);
    }
    if let Some(load) = p.load {
        let load = format!("{} {}", fmt_num(load), p.units);
        if load != p.intensity {
            line.push_str(", ");
            line.push_str(&load);
        }
    }
    line
}

fn rest_event(rest: &RestDay) -> Event<'static> {
    let mut lines = vec![rest.note.clone()];
    lines.extend(
        rest.guidance
            .iter()
            .map(|g| format!("{}: {}", g.topic.label(), g.text)),
    );
    Event {
        kind: "rest",
        name: "",
        summary: "Rest day".to_string(),
        description: lines.join("\n"),
        category: "REST",
    }
}

fn calendar_name(schedule: &Schedule) -> String {
    match &schedule.athlete {
        Some(a) => format!("{} ({a})", schedule.program),
        None => schedule.program.clone(),
    }
}

/// `YYYYMMDD`.
fn ymd(date: jiff::civil::Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// FNV-1a, 64 bits, over the parts, each preceded by its length so that `("ab", "c")` and
/// `("a", "bc")` differ.
fn uid(parts: &[&str]) -> u64 {
    let mut bytes = Vec::new();
    for part in parts {
        bytes.extend_from_slice(&(part.len() as u64).to_le_bytes());
        bytes.extend_from_slice(part.as_bytes());
    }
    fnv1a64(&bytes)
}

/// The 64-bit FNV-1a hash.
fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` and CRLF, folded so that no physical line exceeds 75 octets; continuation lines
/// start with a space and no UTF-8 character is split.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = MAX_LINE;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space counts towards the 75 octets.
        limit = MAX_LINE - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        push_folded(&mut out, line);
        out
    }

    /// RFC 5545 §3.1 unfolding: remove every CRLF followed by one space or tab.
    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "").replace("\r\n\t", "")
    }

    fn physical_lines(s: &str) -> Vec<&str> {
        s.strip_suffix("\r\n").unwrap_or(s).split("\r\n").collect()
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a,b;c\\d"), "a\\,b\\;c\\\\d");
        assert_eq!(
            escape_text("one\ntwo\r\nthree\rfour"),
            "one\\ntwo\\nthree\\nfour"
        );
        assert_eq!(escape_text("a:b \"q\" <s>"), "a:b \"q\" <s>");
        assert_eq!(escape_text("bell\u{7}\ttab"), "bell\ttab");
        assert_eq!(escape_text("\\n"), "\\\\n");
    }

    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded() {
        let line = "X".repeat(75);
        assert_eq!(folded(&line), format!("{line}\r\n"));
    }

    #[test]
    fn a_line_of_76_octets_folds_after_75() {
        let line = "X".repeat(76);
        assert_eq!(folded(&line), format!("{}\r\n X\r\n", "X".repeat(75)));
    }

    #[test]
    fn continuation_lines_hold_74_octets_after_the_space() {
        let line = "X".repeat(75 + 74 + 1);
        let out = folded(&line);
        let lines = physical_lines(&out);
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].len(), 75);
        assert_eq!(lines[1].len(), 75);
        assert_eq!(lines[2], " X");
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    #[test]
    fn folding_never_splits_a_utf8_character() {
        // 74 ASCII octets then a 2-octet 'é': the 'é' would straddle octets 75 and 76.
        let line = format!("{}é", "X".repeat(74));
        assert_eq!(line.len(), 76);
        assert_eq!(folded(&line), format!("{}\r\n é\r\n", "X".repeat(74)));
        // 73 ASCII + a 4-octet emoji = 77 octets: the emoji moves to the next line.
        let line = format!("{}🏋", "X".repeat(73));
        assert_eq!(folded(&line), format!("{}\r\n 🏋\r\n", "X".repeat(73)));
        // 71 + 4 = 75 exactly: fits.
        let line = format!("{}🏋", "X".repeat(71));
        assert_eq!(folded(&line), format!("{line}\r\n"));
    }

    #[test]
    fn long_multibyte_lines_fold_within_75_octets_and_unfold_back() {
        for prefix in 0..8 {
            let line = format!(
                "DESCRIPTION:{}{}",
                "x".repeat(prefix),
                "Ünïcødé 💪🏽 façade ∑ 日本語 ".repeat(12)
            );
            let out = folded(&line);
            for l in physical_lines(&out) {
                assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
            }
            for l in physical_lines(&out).iter().skip(1) {
                assert!(l.starts_with(' '));
            }
            assert_eq!(unfold(&out), format!("{line}\r\n"));
        }
    }

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn uid_separates_parts() {
        assert_ne!(uid(&["ab", "c"]), uid(&["a", "bc"]));
        assert_eq!(uid(&["a", "b"]), uid(&["a", "b"]));
    }
}
