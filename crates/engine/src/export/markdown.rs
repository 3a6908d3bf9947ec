//! Markdown export: the plan as a document to paste into notes, docs or a coaching message.
//!
//! The document has a title with the program, athlete and dates; a *Deload schedule* section that
//! explains the level, the cadence, the training days and any warnings; then one `##` heading per
//! week (a deload week's heading says **Deload**, followed by why), one `###` heading per day, a
//! table per session (`Exercise | Sets | Reps | Intensity | Load | Rest | Notes`) and, on rest
//! days, the recovery guidance as a checklist.
//!
//! Tables use the GitHub-flavoured syntax that most Markdown tools accept. Text from program and
//! athlete files is escaped so that it always reads as plain text: `|` cannot end a table cell,
//! `*`, `_`, `[`, `<` and friends cannot start emphasis, links or HTML, a line break cannot end a
//! table row, and a leading `-`, `+`, `=` or `1.` cannot start a list or a heading.

use std::fmt::Write as _;

use crate::plan::{Prescription, RestDay, Schedule, Session, Week};
use crate::programs::Units;
use crate::text::fmt_num;

/// The schedule as a Markdown document, ending with a newline.
pub fn to_markdown(schedule: &Schedule) -> String {
    // About 4 KiB a week; the string grows if that is not enough.
    let mut out = String::with_capacity(4096 * (schedule.weeks.len() + 1));
    header(&mut out, schedule);
    for week in &schedule.weeks {
        week_section(&mut out, week, schedule.units);
    }
    out
}

fn header(out: &mut String, s: &Schedule) {
    let _ = writeln!(out, "# {}\n", inline(&s.program));
    let mut facts = Vec::new();
    if let Some(a) = &s.athlete {
        facts.push(format!("**Athlete:** {}", inline(a)));
    }
    let weeks = s.weeks.len();
    facts.push(format!(
        "**Dates:** {} to {} ({weeks} week{})",
        s.start,
        s.end,
        crate::text::s(weeks)
    ));
    facts.push(format!("**Level:** {}", s.level));
    facts.push(format!(
        "**Units:** {} (plates of {} {})",
        s.units,
        fmt_num(s.plate_increment),
        s.units
    ));
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    if !s.description.trim().is_empty() {
        let _ = writeln!(out, "{}\n", inline(&s.description));
    }

    let _ = writeln!(out, "## Deload schedule\n");
    let deloads: Vec<String> = s
        .weeks
        .iter()
        .filter(|w| w.is_deload)
        .map(|w| w.number.to_string())
        .collect();
    let _ = write!(
        out,
        "A deload week every {} weeks, counting the deload: the same sessions with about half the \
         sets and lighter loads, so fatigue clears and the next weeks go better. ",
        s.deload_every
    );
    match deloads.len() {
        0 => {
            let _ = writeln!(
                out,
                "The first falls in week {}, after the end of this plan.\n",
                s.first_deload_week
            );
        }
        1 => {
            let _ = writeln!(out, "Deload in this plan: week {}.\n", deloads[0]);
        }
        _ => {
            let _ = writeln!(out, "Deloads in this plan: weeks {}.\n", deloads.join(", "));
        }
    }
    if let Some(w) = s.wave {
        let _ = writeln!(
            out,
            "The program runs in {}-week waves: each deload falls at the end of a wave.\n",
            w
        );
    }
    let _ = writeln!(out, "- **Level:** {}", inline(&s.level_reason));
    let _ = writeln!(out, "- **Cadence:** {}", inline(&s.cadence_reason));
    let _ = writeln!(out, "- **Training days:** {}", inline(&s.days_reason));
    out.push('\n');
    lifts(out, s);
    if !s.warnings.is_empty() {
        let _ = writeln!(out, "**Warnings:**\n");
        for w in &s.warnings {
            let _ = writeln!(out, "- {}", inline(w));
        }
        out.push('\n');
    }
}

/// The lifts' maxes: `- **Back squat:** 1RM 180 kg (athlete file); TM 162 kg (90 % of the 1RM
/// (default)), +5 kg a cycle`.
fn lifts(out: &mut String, s: &Schedule) {
    if s.lifts.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Maxes\n");
    for l in &s.lifts {
        out.push_str("- **");
        push_inline(out, &l.exercise);
        out.push_str(":** ");
        push_inline(out, &super::lift_text(l, s.units));
        out.push('\n');
    }
    out.push('\n');
}

fn week_section(out: &mut String, week: &Week, units: Units) {
    let _ = write!(out, "## Week {}: ", week.number);
    push_inline(out, &week.block);
    if week.is_deload {
        out.push_str(" — **Deload**");
    }
    let _ = writeln!(out, " ({} to {})\n", week.start, week.end);
    if week.is_deload {
        let reason = week
            .deload_reason
            .as_deref()
            .unwrap_or("a planned week of reduced load");
        out.push_str("> **Deload week:** ");
        push_inline(out, reason);
        out.push_str("\n\n");
    } else if !week.focus.trim().is_empty() {
        out.push_str("Focus: ");
        push_inline(out, week.focus.trim_end_matches('.'));
        out.push_str(".\n\n");
    }
    for day in &week.days {
        let _ = write!(out, "### {} {}: ", day.weekday.name(), day.date);
        if let Some(session) = day.session() {
            push_inline(out, &session.name);
            out.push_str("\n\n");
            session_table(out, session, units);
        } else if let Some(rest) = day.rest() {
            out.push_str("Rest day\n\n");
            rest_list(out, rest);
        }
    }
}

fn session_table(out: &mut String, session: &Session, units: Units) {
    out.push_str("| Exercise | Sets | Reps | Intensity | Load | Rest | Notes |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
    for p in &session.prescriptions {
        for (i, line) in p.lines.iter().enumerate() {
            out.push_str("| ");
            if i == 0 {
                push_inline(out, &p.exercise);
            }
            if let Some(label) = &line.label {
                out.push_str(if i == 0 { " — " } else { "↳ " });
                push_inline(out, label);
            }
            let _ = write!(out, " | {} | ", line.sets);
            push_inline(out, &line.reps);
            out.push_str(" | ");
            push_inline(out, &line.intensity);
            out.push_str(" | ");
            out.push_str(&super::load_text(line, units));
            if let Some(plates) = &line.plates {
                let _ = write!(out, " ({})", crate::plan::plates_text(plates, units));
            }
            out.push_str(" | ");
            if let (0, Some(rest)) = (i, p.rest) {
                push_rest(out, rest);
            }
            out.push_str(" | ");
            if i == 0 {
                push_notes(out, p);
            }
            out.push_str(" |\n");
        }
    }
    out.push('\n');
}

/// Tempo, superset and notes in one cell, separated by `; `.
fn push_notes(out: &mut String, p: &Prescription) {
    let mut sep = "";
    if let Some(t) = &p.tempo {
        out.push_str("tempo ");
        push_inline(out, t);
        sep = "; ";
    }
    if let Some(s) = &p.superset {
        out.push_str(sep);
        out.push_str("superset ");
        push_inline(out, s);
        sep = "; ";
    }
    if let Some(n) = &p.notes {
        out.push_str(sep);
        push_inline(out, n);
    }
}

fn rest_list(out: &mut String, rest: &RestDay) {
    push_inline(out, &rest.note);
    out.push_str("\n\n");
    for g in &rest.guidance {
        let _ = write!(out, "- [ ] **{}:** ", g.topic.label());
        push_inline(out, &g.text);
        out.push('\n');
    }
    out.push('\n');
}

/// Appends `90 s`, `2 min`, `2 min 30 s`.
fn push_rest(out: &mut String, seconds: u32) {
    let _ = match (seconds / 60, seconds % 60) {
        (0, s) => write!(out, "{s} s"),
        (m, 0) => write!(out, "{m} min"),
        (m, s) => write!(out, "{m} min {s} s"),
    };
}

/// [`push_inline`] into a new string.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_inline(&mut out, text);
    out
}

/// Appends text escaped for use inline (a table cell, a heading, a list item or a paragraph):
/// it reads as the same plain text whatever it contains. Surrounding whitespace is trimmed.
fn push_inline(out: &mut String, text: &str) {
    let text = text.trim();
    let start = out.len();
    crate::text::push_escaped_with(out, text, &MAY_CHANGE, |out, c, after| {
        match c {
            '\r' => {
                out.push(' ');
                return usize::from(after == Some(b'\n'));
            }
            '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
        0
    });
    // Block markers only count at the start of a line: `- x`, `+ x`, `= x`, `12. x`, `3) x`.
    let written = &out[start..];
    let digits = written.chars().take_while(char::is_ascii_digit).count();
    if written.starts_with(['-', '+', '=']) {
        out.insert(start, '\\');
    } else if (1..=9).contains(&digits) {
        let after = &written[digits..];
        let marker = after.starts_with(['.', ')'])
            && after[1..]
                .chars()
                .next()
                .is_none_or(|c| c == ' ' || c == '\t');
        if marker {
            out.insert(start + digits, '\\');
        }
    }
}

/// The bytes that may start a character [`push_inline`] changes: Markdown's punctuation and the
/// controls (tab included, and kept).
const MAY_CHANGE: [bool; 256] = crate::text::may_change(b"\\`*_[]<>|#~&!");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_and_markup_are_escaped() {
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(inline("*bold* _it_"), "\\*bold\\* \\_it\\_");
        assert_eq!(inline("<script>"), "\\<script\\>");
        assert_eq!(inline("[x](y) ![i](j)"), "\\[x\\](y) \\!\\[i\\](j)");
        assert_eq!(
            inline("`code` ~~s~~ #1 &amp;"),
            "\\`code\\` \\~\\~s\\~\\~ \\#1 \\&amp;"
        );
        assert_eq!(inline("back\\slash"), "back\\\\slash");
    }

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(inline("a\nb\r\nc\rd"), "a b c d");
        assert_eq!(inline("  padded \n"), "padded");
    }

    #[test]
    fn block_markers_are_escaped_only_at_the_start() {
        assert_eq!(inline("- x"), "\\- x");
        assert_eq!(inline("+1"), "\\+1");
        assert_eq!(inline("=HYPERLINK(\"x\")"), "\\=HYPERLINK(\"x\")");
        assert_eq!(inline("1. x"), "1\\. x");
        assert_eq!(inline("12) x"), "12\\) x");
        assert_eq!(inline("3."), "3\\.");
        assert_eq!(inline("8-12"), "8-12");
        assert_eq!(inline("62.5"), "62.5");
        assert_eq!(inline("Pull-up"), "Pull-up");
    }

    #[test]
    fn rest_is_readable() {
        let fmt_rest = |s| {
            let mut out = String::new();
            push_rest(&mut out, s);
            out
        };
        assert_eq!(fmt_rest(45), "45 s");
        assert_eq!(fmt_rest(180), "3 min");
        assert_eq!(fmt_rest(150), "2 min 30 s");
    }

    #[test]
    fn appends_after_existing_text() {
        let mut out = String::from("| ");
        push_inline(&mut out, " - x ");
        push_inline(&mut out, "12. y");
        assert_eq!(out, "| \\- x12\\. y");
    }

    /// The escaping rules, one character at a time.
    fn inline_reference(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.trim().chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push(' ');
                }
                '\n' => out.push(' '),
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() && c != '\t' => {}
                c => out.push(c),
            }
        }
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        if out.starts_with(['-', '+', '=']) {
            out.insert(0, '\\');
        } else if (1..=9).contains(&digits) {
            let after = &out[digits..];
            let marker = after.starts_with(['.', ')'])
                && after[1..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ' || c == '\t');
            if marker {
                out.insert(digits, '\\');
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_matches_the_reference(text in "(\\PC|[\\x00-\\x20\\x7f-\\u{a0}0-9.)+=\\\\`*_<>|#~&!-]){0,30}") {
            proptest::prop_assert_eq!(inline(&text), inline_reference(&text));
        }
    }
}
