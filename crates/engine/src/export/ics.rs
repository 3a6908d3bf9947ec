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
//! - `DESCRIPTION`: in a deload week, first why it is a deload; then one line per exercise:
//!   its set lines (sets × reps, intensity, load; `≈` before a load from the RPE chart),
//!   separated by `; `;
//! - `CATEGORIES:DELOAD` on every session of a deload week, `CATEGORIES:TRAINING` on the others;
//! - `TRANSP:TRANSPARENT`, so the day does not show as busy.
//!
//! With [`IcsOptions::rest_events`], every rest day is an event too (`SUMMARY:Rest day`,
//! `CATEGORIES:REST`) whose description is the day's recovery guidance.
//!
//! [`to_ics_in`] writes the summaries (`Deload: `, `Rest day`), the deload reasons, the rest
//! days' guidance and the set lines' warm-up labels, `add 2.5 kg` and numbers in another
//! language (`ics_*`, `plan_*` and `sheet_warm_up` strings); the categories and everything else
//! stay as they are.
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

use std::fmt::Write as _;

use crate::message::{Language, english, in_language};
use crate::plan::{Prescription, RestDay, Schedule, Session, Week};
use crate::programs::Units;

/// Choices for the calendar export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IcsOptions {
    /// Also write one event per rest day, with its recovery guidance.
    pub rest_events: bool,
}

/// The longest line, in octets, not counting the CRLF (RFC 5545 §3.1).
const MAX_LINE: usize = 75;

/// Room for the calendar of `schedule`: about 400 octets a day, 640 with rest days' guidance,
/// and a set line's words (a string that runs short is copied whole to grow).
fn capacity(schedule: &Schedule, opts: &IcsOptions) -> usize {
    let per_day = if opts.rest_events { 640 } else { 400 };
    1024 + schedule.weeks.len() * 7 * per_day + 48 * super::set_lines(schedule)
}

/// The schedule as an iCalendar file.
pub fn to_ics(schedule: &Schedule, opts: &IcsOptions) -> String {
    to_ics_in(schedule, opts, english())
}

/// [`to_ics`] with the summaries and descriptions in `lang`.
pub fn to_ics_in(schedule: &Schedule, opts: &IcsOptions, lang: &dyn Language) -> String {
    let mut ics = Ics::with_capacity(capacity(schedule, opts));
    ics.put("BEGIN:VCALENDAR");
    ics.put("VERSION:2.0");
    ics.put("PRODID:-//deload//Training plan//EN");
    ics.put("CALSCALE:GREGORIAN");
    ics.put("METHOD:PUBLISH");
    ics.line(|l| {
        l.push_str("X-WR-CALNAME:");
        push_escaped(l, &schedule.program);
        if let Some(a) = &schedule.athlete {
            l.push_str(" (");
            push_escaped(l, a);
            l.push(')');
        }
    });
    let athlete = schedule.athlete.as_deref().unwrap_or("");
    // Buffers reused for every event: the date as text (part of the UID) and the description
    // before escaping.
    let mut date = String::new();
    let mut description = String::new();
    for week in &schedule.weeks {
        for day in &week.days {
            let event = match (day.session(), day.rest()) {
                (Some(session), _) => Event::Session(week, session, &schedule.units),
                (None, Some(rest)) if opts.rest_events => Event::Rest(rest),
                _ => continue,
            };
            date.clear();
            let _ = write!(date, "{}", day.date);
            let uid = uid(&[
                athlete,
                &schedule.program,
                &date,
                event.kind(),
                event.name(),
            ]);
            description.clear();
            event.describe(&mut description, lang);
            ics.put("BEGIN:VEVENT");
            ics.line(|l| {
                let _ = write!(l, "UID:{uid:016x}@deload");
            });
            ics.line(|l| {
                l.push_str("DTSTAMP:");
                push_ymd(l, schedule.start);
                l.push_str("T000000Z");
            });
            ics.line(|l| {
                l.push_str("DTSTART;VALUE=DATE:");
                push_ymd(l, day.date);
            });
            // The last representable date has no next day; without DTEND an all-day event
            // lasts one day anyway (RFC 5545 §3.6.1).
            if let Ok(next) = day.date.tomorrow() {
                ics.line(|l| {
                    l.push_str("DTEND;VALUE=DATE:");
                    push_ymd(l, next);
                });
            }
            ics.line(|l| {
                l.push_str("SUMMARY:");
                event.summary(l, lang);
            });
            ics.line(|l| {
                l.push_str("DESCRIPTION:");
                push_escaped(l, &description);
            });
            ics.line(|l| {
                l.push_str("CATEGORIES:");
                l.push_str(event.category());
            });
            ics.put("TRANSP:TRANSPARENT");
            ics.put("END:VEVENT");
        }
    }
    ics.put("END:VCALENDAR");
    ics.out
}

/// The file being written, and one reusable buffer for the content line being built: a line
/// costs no allocation of its own.
struct Ics {
    out: String,
    line: String,
}

impl Ics {
    fn with_capacity(capacity: usize) -> Ics {
        Ics {
            out: String::with_capacity(capacity),
            line: String::new(),
        }
    }

    /// Appends a content line, folded.
    fn put(&mut self, line: &str) {
        push_folded(&mut self.out, line);
    }

    /// Appends the content line that `build` writes, folded.
    fn line(&mut self, build: impl FnOnce(&mut String)) {
        self.line.clear();
        build(&mut self.line);
        push_folded(&mut self.out, &self.line);
    }
}

/// A calendar event: a session, or a rest day (with [`IcsOptions::rest_events`]).
enum Event<'a> {
    Session(&'a Week, &'a Session, &'a Units),
    Rest(&'a RestDay),
}

impl Event<'_> {
    /// `session` or `rest` (part of the UID).
    fn kind(&self) -> &'static str {
        match self {
            Event::Session(..) => "session",
            Event::Rest(_) => "rest",
        }
    }

    /// The session name, empty for rest days (part of the UID).
    fn name(&self) -> &str {
        match self {
            Event::Session(_, session, _) => &session.name,
            Event::Rest(_) => "",
        }
    }

    fn category(&self) -> &'static str {
        match self {
            Event::Session(week, ..) if week.is_deload => "DELOAD",
            Event::Session(..) => "TRAINING",
            Event::Rest(_) => "REST",
        }
    }

    /// Appends the summary, escaped.
    fn summary(&self, out: &mut String, lang: &dyn Language) {
        match self {
            Event::Session(week, session, _) => {
                if week.is_deload {
                    push_escaped(out, lang.word("ics_deload"));
                }
                push_escaped(out, &session.name);
            }
            Event::Rest(_) => push_escaped(out, lang.word("ics_rest_day")),
        }
    }

    /// Appends the description, one item a line, not yet escaped. A session: in a deload week
    /// why it is one, then the prescriptions; a rest day: its note, then the guidance.
    fn describe(&self, out: &mut String, lang: &dyn Language) {
        match self {
            Event::Session(week, session, units) => {
                if week.is_deload {
                    out.push_str(lang.word("ics_deload_week"));
                    if let Some(reason) = &week.deload_reason {
                        out.push_str(lang.word("ics_colon"));
                        out.push_str(&in_language(lang, week.deload_message.as_ref(), reason));
                    }
                    out.push('\n');
                }
                for p in &session.prescriptions {
                    match lang.is_english() {
                        true => push_prescription(out, p, **units),
                        false => push_prescription_in(out, p, **units, lang),
                    }
                    out.push('\n');
                }
            }
            Event::Rest(rest) => {
                out.push_str(&in_language(lang, Some(&rest.note_message), &rest.note));
                out.push('\n');
                for g in &rest.guidance {
                    let label = match lang.is_english() {
                        true => g.topic.label(),
                        false => lang.word(g.topic.key()),
                    };
                    let text = in_language(lang, Some(&g.message), &g.text);
                    let _ = writeln!(out, "{label}{}{text}", lang.word("ics_colon"));
                }
            }
        }
        // Lines are separated, not terminated.
        if out.ends_with('\n') {
            out.pop();
        }
    }
}

/// `Back squat: 3 × 5, 75% 1RM, 100 kg`; several set lines are separated by `; `.
fn push_prescription(out: &mut String, p: &Prescription, units: Units) {
    out.push_str(&p.exercise);
    out.push_str(": ");
    for (i, line) in p.lines.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        super::push_line(out, line, units);
    }
}

/// [`push_prescription`] in `lang` (not English): `Sentadilla: Calentamiento: 1 × 5, 20 kg;
/// 3 × 5, 102,5 kg` (see `push_line_in`).
fn push_prescription_in(out: &mut String, p: &Prescription, units: Units, lang: &dyn Language) {
    out.push_str(&p.exercise);
    out.push_str(": ");
    for (i, line) in p.lines.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        super::push_line_in(out, line, units, lang);
    }
}

/// Appends `YYYYMMDD`.
fn push_ymd(out: &mut String, date: jiff::civil::Date) {
    let _ = write!(
        out,
        "{:04}{:02}{:02}",
        date.year(),
        date.month(),
        date.day()
    );
}

/// FNV-1a, 64 bits, over the parts, each preceded by its length so that `("ab", "c")` and
/// `("a", "bc")` differ.
fn uid(parts: &[&str]) -> u64 {
    parts.iter().fold(FNV_OFFSET, |h, part| {
        let h = fnv1a64_extend(h, &(part.len() as u64).to_le_bytes());
        fnv1a64_extend(h, part.as_bytes())
    })
}

/// The FNV-1a 64-bit offset basis: the hash of no bytes.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues a 64-bit FNV-1a hash `h` over `bytes`.
fn fnv1a64_extend(h: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// Appends `s` escaped as a TEXT value (RFC 5545 §3.3.11): `\` → `\\`, `;` → `\;`, `,` → `\,`,
/// a line break (LF, CR or CRLF) → `\n`; other control characters except tab are dropped.
fn push_escaped(out: &mut String, s: &str) {
    crate::text::push_escaped_with(out, s, &MAY_CHANGE, |out, c, after| {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                out.push_str("\\n");
                return usize::from(after == Some(b'\n'));
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
        0
    });
}

/// The bytes that may start a character [`push_escaped`] changes: `\`, `;`, `,` and the
/// controls.
const MAY_CHANGE: [bool; 256] = crate::text::may_change(b"\\;,");

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

    fn escape_text(s: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, s);
        out
    }

    /// The escaping rules, one character at a time.
    fn escape_text_reference(s: &str) -> String {
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

    proptest::proptest! {
        #[test]
        fn escaping_matches_the_reference(s in "(\\PC|[\\x00-\\x1f\\x7f-\\u{a0};,\\\\]){0,40}") {
            proptest::prop_assert_eq!(escape_text(&s), escape_text_reference(&s));
        }
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

    fn fnv1a64(bytes: &[u8]) -> u64 {
        fnv1a64_extend(FNV_OFFSET, bytes)
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
