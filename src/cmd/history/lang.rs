//! `deload history --lang de|es|fr`: the text report in the language's words (the `history_`
//! strings of `templates/i18n/LANG.yaml`), dates and numbers. English keeps the report as
//! `history.rs` writes it, and the engine's English sentences (the training-age reason, a
//! warning's detail) are said again here from the values the engine derived.

use std::fmt::Write;
use std::path::Path;

use deload_engine::message::{Language, Message};
use deload_engine::traininglog::DerivedHistory;
use deload_sheet::Words;

/// `n` as a message's count.
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A signed count (days, weeks) as a message's count; below zero as zero.
fn count_i(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// A line of `words` from `message`.
fn line(s: &mut String, words: &Words, message: &Message) {
    s.push_str(&message.say(words));
    s.push('\n');
}

/// A main lift's name ("Back squat") in `words`: its `history_lift_` string, else as written.
fn lift_name<'w>(words: &'w Words, lift: &'w str) -> &'w str {
    let key = format!("history_lift_{}", lift.to_lowercase().replace(' ', "_"));
    match words.get(&key) {
        "" => lift,
        name => name,
    }
}

/// The report `deload history` prints, in `words`' language.
pub(crate) fn to_text(words: &Words, path: &Path, h: &DerivedHistory) -> String {
    let mut s = String::new();
    write_log_summary(&mut s, words, path, h);
    write_weeks(&mut s, words, h);
    write_lifts(&mut s, words, h);
    write_signals(&mut s, words, h);
    s
}

fn write_log_summary(s: &mut String, words: &Words, path: &Path, h: &DerivedHistory) {
    let format = h.format_name.split(" (").next().unwrap_or(&h.format_name);
    let units = h.units.as_str();
    line(
        s,
        words,
        &Message::new("history_log").name("path", path.display().to_string()),
    );
    let m = Message::new("history_format")
        .name("format", format)
        .name("units", units);
    line(s, words, &m);
    let m = Message::new("history_rows")
        .count("rows", count(h.rows))
        .count("work", count(h.work_sets))
        .count("warm", count(h.warmup_sets))
        .count("timer", count(h.rest_timer_rows))
        .count("noreps", count(h.no_rep_rows))
        .count("bad", count(h.skipped_rows));
    line(s, words, &m);
    let m = Message::new("history_sessions")
        .count("n", count(h.sessions))
        .name("first", words.date(h.first_session))
        .name("last", words.date(h.last_session))
        .name("as_of", words.date(h.as_of));
    line(s, words, &m);
    let level = words.get(&format!("level_{}", h.level.as_str()));
    let m = Message::new("history_age")
        .num("years", h.training_years)
        .name("level", level);
    line(s, words, &m);
    for b in &h.breaks {
        let m = Message::new("history_break")
            .count("days", count_i(b.days))
            .name("after", words.date(b.after))
            .name("until", words.date(b.until));
        line(s, words, &m);
    }
}

/// The table of weeks, its columns as wide as their headings.
fn write_weeks(s: &mut String, words: &Words, h: &DerivedHistory) {
    s.push('\n');
    line(
        s,
        words,
        &Message::new("history_weeks_head").name("units", h.units.as_str()),
    );
    let heads: Vec<&str> = words.get("history_weeks_columns").split('|').collect();
    let head = |i: usize| heads.get(i).copied().unwrap_or("");
    let width = |i: usize, min: usize| head(i).chars().count().max(min);
    let date_w = width(0, words.date(h.as_of).chars().count());
    let (w1, w2, w3) = (width(1, 8), width(2, 9), width(3, 7));
    let pad = |t: &str, w: usize| format!("{t}{}", " ".repeat(w.saturating_sub(t.chars().count())));
    let right =
        |t: &str, w: usize| format!("{}{t}", " ".repeat(w.saturating_sub(t.chars().count())));
    let _ = writeln!(
        s,
        "  {}  {}  {}  {}",
        pad(head(0), date_w),
        right(head(1), w1),
        right(head(2), w2),
        right(head(3), w3)
    );
    for w in &h.weeks {
        let mark = if w.deload {
            format!("  {}", words.get("history_week_deload"))
        } else if w.in_progress {
            format!("  {}", words.get("history_week_open"))
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "  {}  {}  {}  {}{mark}",
            pad(&words.date(w.start), date_w),
            right(&w.sessions.to_string(), w1),
            right(&w.work_sets.to_string(), w2),
            right(&words.number(w.tonnage), w3)
        );
    }
    line(
        s,
        words,
        &Message::new("history_per_week").num("n", h.sessions_per_week),
    );
    let found: Vec<String> = h.deload_weeks.iter().map(|d| words.date(*d)).collect();
    let found = if found.is_empty() {
        words.get("history_none").to_string()
    } else {
        found.join(", ")
    };
    line(
        s,
        words,
        &Message::new("history_deloads_found").name("weeks", found),
    );
    let m = match h.deload_weeks.last() {
        Some(d) => Message::new("history_since_deload").name("week", words.date(*d)),
        None => Message::new("history_since_start"),
    };
    line(s, words, &m.count("n", h.weeks_since_deload));
}

/// The estimated 1RM of each main lift, then rising RPE at the same load.
fn write_lifts(s: &mut String, words: &Words, h: &DerivedHistory) {
    let u = h.units.as_str();
    s.push('\n');
    line(s, words, &Message::new("history_e1rm_head"));
    if h.lifts.is_empty() {
        line(s, words, &Message::new("history_no_lifts"));
    }
    for l in &h.lifts {
        let first = l.points.first().map_or(0.0, |p| p.e1rm);
        let last = l.points.last().map_or(0.0, |p| p.e1rm);
        let m = Message::new("history_lift")
            .name("lift", lift_name(words, &l.lift))
            .name("names", l.logged_as.join(", "))
            .num("first", first)
            .num("last", last)
            .name("units", u)
            .count("n", count(l.points.len()))
            .num("recent", l.recent_e1rm)
            .num("best", l.best_e1rm)
            .name("week", words.date(l.best_week))
            .count("since", count_i(l.weeks_without_progress));
        let stalled = if l.stalled {
            words.get("history_stalled")
        } else {
            ""
        };
        let _ = writeln!(s, "{}{stalled}", m.say(words));
        let recent: Vec<String> = l.points[l.points.len().saturating_sub(8)..]
            .iter()
            .map(|p| format!("{} {}", words.date(p.week), words.number(p.e1rm)))
            .collect();
        line(
            s,
            words,
            &Message::new("history_weekly").name("points", recent.join(" · ")),
        );
    }
    for r in &h.rpe_rises {
        let m = Message::new("history_rpe")
            .name("exercise", r.exercise.clone())
            .num("weight", r.weight)
            .name("units", u)
            .count("reps", r.reps)
            .num("from", r.from_rpe)
            .name("from_date", words.date(r.from))
            .num("to", r.to_rpe)
            .name("to_date", words.date(r.to));
        line(s, words, &m);
    }
}

/// The workload ratio, the warning signs, the early deload, the next deload and the notes.
fn write_signals(s: &mut String, words: &Words, h: &DerivedHistory) {
    s.push('\n');
    match &h.acwr {
        Some(a) => {
            let m = Message::new("history_acwr")
                .num("ratio", a.ratio)
                .num("acute", a.acute)
                .num("chronic", a.chronic)
                .name("units", h.units.as_str());
            let high = if a.high {
                words.get("history_acwr_high")
            } else {
                ""
            };
            let _ = writeln!(s, "{}{high}", m.say(words));
        }
        None => line(s, words, &Message::new("history_acwr_none")),
    }
    write_warning_signs(s, words, h);
    let early = if h.early_deload.is_some() {
        "history_early_yes"
    } else {
        "history_early_no"
    };
    line(s, words, &Message::new(early));
    let week = words.date(h.next_deload);
    let m = if h.early_deload.is_some() {
        Message::new("history_next_now").count("n", count(h.warning_signs.len()))
    } else {
        Message::new("history_next").count("every", h.deload_every)
    };
    line(s, words, &m.name("week", week));
    for m in &h.note_messages {
        line(s, words, m);
    }
}

/// The warning signs, each said from what the engine found.
fn write_warning_signs(s: &mut String, words: &Words, h: &DerivedHistory) {
    if h.warning_signs.is_empty() {
        line(s, words, &Message::new("history_signs_none"));
        return;
    }
    line(s, words, &Message::new("history_signs"));
    for w in &h.warning_signs {
        let m = match w.kind.as_str() {
            "stalls" => {
                let lifts: Vec<String> = (h.lifts.iter().filter(|l| l.stalled))
                    .map(|l| {
                        Message::new("history_stall_lift")
                            .name("lift", lift_name(words, &l.lift))
                            .count("n", count_i(l.weeks_without_progress))
                            .num("e1rm", l.recent_e1rm)
                            .name("units", h.units.as_str())
                            .say(words)
                    })
                    .collect();
                Message::new("history_sign_stalls")
                    .count("n", count(lifts.len()))
                    .name("lifts", lifts.join(", "))
            }
            "rising_rpe" => Message::new("history_sign_rpe").count("n", count(h.rpe_rises.len())),
            _ => Message::new("history_sign_acwr")
                .num("ratio", h.acwr.as_ref().map_or(0.0, |a| a.ratio)),
        };
        line(s, words, &m);
    }
}
