//! Plan exports checked from the outside: every shipped program and athlete is planned for 24
//! weeks and exported; the ICS is read back with a real iCalendar parser, the CSV with the `csv`
//! crate, the JSON with serde_json, and each is compared with the schedule (the site crate's
//! `tests/it/markdown_export.rs` reads the Markdown back with pulldown-cmark). Hostile names must
//! survive every format, and one small fixed plan is compared byte for byte with
//! `tests/fixtures/exports/`.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use deload_engine::export::{self, IcsOptions, to_csv, to_ics, to_json, to_markdown};
use deload_engine::plan::{
    Day, DayKind, Line, LoadFrom, PlanOptions, Prescription, RecoveryItem, RestDay, Schedule,
    Session, Topic, Week, plan,
};
use deload_engine::programs::{Level, PlanInput, Reps, Units, Weekday};
use icalendar::parser::{Component, read_calendar, unfold};
use jiff::civil::{Date, date};

use crate::support::{assert_file, fixture, load, program, repo, shipped};

// ---------------------------------------------------------------------------------------------
// Inputs

fn plan_24(input: &PlanInput) -> Schedule {
    let opts = PlanOptions {
        start: Some(date(2026, 1, 5)),
        weeks: Some(24),
        ..PlanOptions::default()
    };
    plan(input, &opts).unwrap_or_else(|e| panic!("{e}"))
}

fn shipped_schedules() -> Vec<(String, Schedule)> {
    shipped()
        .iter()
        .map(|p| (p.display().to_string(), plan_24(&load(p))))
        .collect()
}

/// (date, week number, is_deload, session) for every training day.
fn sessions(s: &Schedule) -> Vec<(Date, u32, bool, &Session)> {
    s.weeks
        .iter()
        .flat_map(|w| {
            w.days.iter().filter_map(move |d| {
                d.session()
                    .map(|sess| (d.date, w.number, w.is_deload, sess))
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Reading the exports back

struct ParsedEvent {
    uid: String,
    start: Date,
    end: Date,
    summary: String,
    description: String,
    categories: Vec<String>,
}

fn prop<'a>(c: &'a Component<'_>, name: &str) -> Vec<&'a str> {
    c.properties
        .iter()
        .filter(|p| p.name.as_str() == name)
        .map(|p| p.val.as_str())
        .collect()
}

fn one<'a>(c: &'a Component<'_>, name: &str) -> &'a str {
    let v = prop(c, name);
    assert_eq!(v.len(), 1, "{name}: {v:?}");
    v[0]
}

fn ics_date(c: &Component<'_>, name: &str) -> Date {
    let p = c
        .properties
        .iter()
        .find(|p| p.name.as_str() == name)
        .unwrap_or_else(|| panic!("no {name}"));
    assert!(
        p.params
            .iter()
            .any(|x| x.key.as_str() == "VALUE"
                && x.val.as_ref().is_some_and(|v| v.as_str() == "DATE")),
        "{name} is not VALUE=DATE"
    );
    let v = p.val.as_str();
    assert_eq!(v.len(), 8, "{v}");
    date(num(&v[0..4]), num(&v[4..6]), num(&v[6..8]))
}

fn num<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

/// Checks the physical form (CRLF, 75 octets, UTF-8) and parses with the `icalendar` crate.
fn parse_ics(text: &str) -> (Vec<(String, String)>, Vec<ParsedEvent>) {
    assert!(text.ends_with("\r\n"));
    for line in text.strip_suffix("\r\n").unwrap_or(text).split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains(['\r', '\n']), "bare CR or LF in {line:?}");
    }
    // The strongly typed parser must accept the file too.
    let typed: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{e}"));
    let unfolded = unfold(text);
    let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}"));
    let props = cal
        .properties
        .iter()
        .map(|p| (p.name.as_str().to_string(), p.val.as_str().to_string()))
        .collect();
    let events: Vec<ParsedEvent> = cal
        .components
        .iter()
        .map(|c| {
            assert_eq!(c.name.as_str(), "VEVENT");
            assert_eq!(one(c, "DTSTAMP"), "20260105T000000Z");
            assert_eq!(one(c, "TRANSP"), "TRANSPARENT");
            ParsedEvent {
                uid: one(c, "UID").to_string(),
                start: ics_date(c, "DTSTART"),
                end: ics_date(c, "DTEND"),
                summary: one(c, "SUMMARY").to_string(),
                description: one(c, "DESCRIPTION").to_string(),
                categories: prop(c, "CATEGORIES")
                    .iter()
                    .map(std::string::ToString::to_string)
                    .collect(),
            }
        })
        .collect();
    assert_eq!(typed.components.len(), events.len());
    for e in typed.events() {
        use icalendar::{Component as _, DatePerhapsTime};
        assert!(matches!(e.get_start(), Some(DatePerhapsTime::Date(_))));
        assert!(matches!(e.get_end(), Some(DatePerhapsTime::Date(_))));
    }
    (props, events)
}

fn parse_csv(text: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    (header, rows)
}

// ---------------------------------------------------------------------------------------------
// Every shipped plan

#[test]
fn ics_has_one_event_per_session_with_deloads_marked() {
    for (name, s) in shipped_schedules() {
        let text = to_ics(&s, &IcsOptions::default());
        let (props, events) = parse_ics(&text);
        let get = |k: &str| props.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("VERSION"), Some("2.0"), "{name}");
        assert_eq!(get("CALSCALE"), Some("GREGORIAN"), "{name}");
        assert_eq!(get("METHOD"), Some("PUBLISH"), "{name}");
        assert!(get("PRODID").is_some_and(|p| !p.is_empty()), "{name}");
        assert!(
            get("X-WR-CALNAME").is_some_and(|n| n
                .replace("\\,", ",")
                .replace("\\;", ";")
                .contains(&s.program)),
            "{name}"
        );

        let expected = sessions(&s);
        assert_eq!(events.len(), expected.len(), "{name}");
        assert!(
            s.weeks.iter().any(|w| w.is_deload),
            "{name}: no deload in 24 weeks"
        );
        for (e, (d, _, deload, sess)) in events.iter().zip(&expected) {
            assert_eq!(e.start, *d, "{name}");
            assert_eq!(
                Some(e.end),
                d.tomorrow().ok(),
                "{name}: DTEND is the next day"
            );
            assert!(e.uid.ends_with("@deload"), "{}", e.uid);
            let want = if *deload { "DELOAD" } else { "TRAINING" };
            assert_eq!(e.categories, vec![want.to_string()], "{name} {d}");
            if *deload {
                assert_eq!(e.summary, format!("Deload: {}", sess.name));
                assert!(
                    e.description.starts_with("Deload week: "),
                    "{}",
                    e.description
                );
            } else {
                assert_eq!(e.summary, sess.name);
            }
            for p in &sess.prescriptions {
                let text: Vec<String> = p
                    .lines
                    .iter()
                    .map(|l| export::line_text(l, s.units))
                    .collect();
                let line = format!("{}: {}", p.exercise, text.join("; "));
                assert!(
                    e.description.lines().any(|l| l == line),
                    "{name}: {line} in {}",
                    e.description
                );
            }
        }
        let uids: HashSet<&str> = events.iter().map(|e| e.uid.as_str()).collect();
        assert_eq!(uids.len(), events.len(), "{name}: UIDs are unique");

        // A second generation, from the files again, is identical byte for byte.
        let again = to_ics(&plan_24(&load(Path::new(&name))), &IcsOptions::default());
        assert_eq!(text, again, "{name}");
    }
}

#[test]
fn ics_rest_events_cover_every_other_day() {
    for (name, s) in shipped_schedules() {
        let with = to_ics(&s, &IcsOptions { rest_events: true });
        let (_, events) = parse_ics(&with);
        assert_eq!(events.len(), 24 * 7, "{name}");
        let (_, training) = parse_ics(&to_ics(&s, &IcsOptions::default()));
        let training_uids: HashSet<&str> = training.iter().map(|e| e.uid.as_str()).collect();
        let days = s.weeks.iter().flat_map(|w| &w.days);
        for (e, day) in events.iter().zip(days) {
            assert_eq!(e.start, day.date, "{name}");
            match &day.kind {
                DayKind::Session(_) => {
                    // The same session event, with the same UID, with or without rest events.
                    assert!(training_uids.contains(e.uid.as_str()), "{name}");
                }
                DayKind::Rest(r) => {
                    assert_eq!(e.summary, "Rest day");
                    assert_eq!(e.categories, vec!["REST".to_string()]);
                    assert!(e.description.starts_with(&r.note), "{name}");
                    for g in &r.guidance {
                        assert!(e.description.contains(&g.text), "{name}: {}", g.text);
                    }
                }
            }
        }
        let uids: HashSet<&str> = events.iter().map(|e| e.uid.as_str()).collect();
        assert_eq!(uids.len(), events.len(), "{name}");
    }
}

#[test]
fn csv_rows_agree_with_the_schedule_and_the_calendar() {
    for (name, s) in shipped_schedules() {
        let text = to_csv(&s);
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "{name}: bare LF");
        let (header, rows) = parse_csv(&text);
        assert_eq!(header, export::csv::COLUMNS.to_vec(), "{name}");
        assert_eq!(
            header[..10].join(","),
            "date,week,block,session,exercise,sets,reps,intensity,load,deload"
        );

        let expected: Vec<(Date, u32, bool, &Session, &Prescription, usize, &Line)> = sessions(&s)
            .into_iter()
            .flat_map(|(d, w, dl, sess)| {
                sess.prescriptions.iter().flat_map(move |p| {
                    p.lines
                        .iter()
                        .enumerate()
                        .map(move |(i, l)| (d, w, dl, sess, p, i, l))
                })
            })
            .collect();
        assert_eq!(rows.len(), expected.len(), "{name}");
        let col = |n: &str| header.iter().position(|h| h == n).unwrap_or(usize::MAX);
        for (row, (d, w, deload, sess, p, i, l)) in rows.iter().zip(&expected) {
            assert_eq!(row.len(), header.len());
            assert_eq!(&row[0], d.to_string(), "{name}");
            assert_eq!(&row[1], w.to_string(), "{name}");
            assert_eq!(&row[3], sess.name, "{name}");
            assert_eq!(&row[4], p.exercise, "{name}");
            assert_eq!(&row[5], l.sets.to_string(), "{name}");
            assert_eq!(&row[6], l.reps, "{name}");
            assert_eq!(&row[7], l.intensity, "{name}");
            assert_eq!(&row[9], if *deload { "true" } else { "false" }, "{name}");
            assert_eq!(row[17].is_empty(), !*deload, "{name}: deload_reason");
            assert_eq!(&row[col("line")], (i + 1).to_string(), "{name}");
            assert_eq!(
                &row[col("label")],
                l.label.as_deref().unwrap_or(""),
                "{name}"
            );
            let number = |x: Option<f64>, c: &str| match x {
                Some(v) => assert_eq!(row[col(c)].parse::<f64>().ok(), Some(v), "{name}: {c}"),
                None => assert_eq!(&row[col(c)], "", "{name}: {c}"),
            };
            number(l.load, "load");
            number(l.percent, "percent");
            number(l.base_load, "base_load");
            number(l.rpe, "rpe");
            number(l.rir, "rir");
        }

        // The calendar and the spreadsheet name the same training days.
        let csv_dates: BTreeSet<String> = rows.iter().map(|r| r[0].to_string()).collect();
        let (_, events) = parse_ics(&to_ics(&s, &IcsOptions::default()));
        let ics_dates: BTreeSet<String> = events.iter().map(|e| e.start.to_string()).collect();
        assert_eq!(csv_dates, ics_dates, "{name}");
    }
}

#[test]
fn json_parses_back_with_the_documented_fields() {
    let doc = std::fs::read_to_string(repo().join("docs/content/plans/plan-json.md"))
        .unwrap_or_else(|e| panic!("docs/content/plans/plan-json.md: {e}"));
    for (name, s) in shipped_schedules() {
        let text = to_json(&s);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v["format_version"], 2, "{name}");
        for key in [
            "athlete",
            "program",
            "description",
            "units",
            "start",
            "end",
            "level",
            "level_reason",
            "deload_every",
            "cadence_reason",
            "first_deload_week",
            "training_days",
            "days_reason",
            "warnings",
            "wave",
            "plate_increment",
            "lifts",
            "weeks",
        ] {
            assert!(v.get(key).is_some(), "{name}: no `{key}`");
        }
        assert_eq!(v["start"], "2026-01-05");
        let weeks = v["weeks"].as_array().map_or(0, Vec::len);
        assert_eq!(weeks, 24, "{name}");
        for (wv, w) in v["weeks"].as_array().into_iter().flatten().zip(&s.weeks) {
            assert_eq!(wv["is_deload"], w.is_deload);
            assert_eq!(wv["days"].as_array().map_or(0, Vec::len), 7);
            for (dv, d) in wv["days"].as_array().into_iter().flatten().zip(&w.days) {
                assert_eq!(dv["date"], d.date.to_string());
                let kind = if d.session().is_some() {
                    "session"
                } else {
                    "rest"
                };
                assert_eq!(dv["kind"], kind);
                assert_eq!(dv["session"].is_null(), d.session().is_none());
                assert_eq!(dv["rest"].is_null(), d.rest().is_none());
            }
        }
        // Every field name that occurs in the output is documented.
        let mut keys = BTreeSet::new();
        collect_keys(&v, &mut keys);
        for key in keys {
            assert!(
                doc.contains(&format!("`{key}`")),
                "{name}: `{key}` is not in docs/plan-json.md"
            );
        }
    }
}

fn collect_keys(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                collect_keys(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_keys(v, out)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile text

fn long_name() -> String {
    let mut name: String = "Überkopf 💪🏽 press, \"heavy\"; | *x* "
        .chars()
        .cycle()
        .take(199)
        .collect();
    name.push('!');
    name
}

fn hostile_names() -> Vec<String> {
    vec![
        "=HYPERLINK(\"x\")".to_string(),
        "a,b \"c\"".to_string(),
        "<script>".to_string(),
        long_name(),
    ]
}

fn hostile_schedule() -> Schedule {
    let mut s = plan_24(&load(&program("novice-full-body.yaml")));
    s.program = "a,b \"c\"; <b>|</b>".to_string();
    s.athlete = Some(long_name());
    let names = hostile_names();
    let mut i = 0;
    for w in &mut s.weeks {
        for d in &mut w.days {
            if let DayKind::Session(sess) = &mut d.kind {
                sess.name = names[i % names.len()].clone();
                for p in &mut sess.prescriptions {
                    p.exercise = names[i % names.len()].clone();
                    p.notes = Some("<script>alert(1)</script>\nsecond | line".to_string());
                    p.tempo = Some("-1".to_string());
                    i += 1;
                }
            }
        }
    }
    s
}

#[test]
fn hostile_text_in_csv_is_quoted_and_neutralised() {
    let s = hostile_schedule();
    let text = to_csv(&s);
    assert!(
        text.contains("\"'=HYPERLINK(\"\"x\"\")\""),
        "quoted and neutralised"
    );
    assert!(text.contains("\"a,b \"\"c\"\"\""));
    let (header, rows) = parse_csv(&text);
    let expected: Vec<&Prescription> = sessions(&s)
        .into_iter()
        .flat_map(|(_, _, _, sess)| &sess.prescriptions)
        .flat_map(|p| p.lines.iter().map(move |_| p))
        .collect();
    assert_eq!(rows.len(), expected.len());
    for (row, p) in rows.iter().zip(expected) {
        assert_eq!(row.len(), header.len());
        let want = if p.exercise.starts_with('=') {
            format!("'{}", p.exercise)
        } else {
            p.exercise.clone()
        };
        assert_eq!(&row[4], want);
        assert_eq!(&row[14], "'-1", "tempo neutralised");
        assert_eq!(
            Some(&row[15]),
            p.notes.as_deref(),
            "notes intact, newline kept inside quotes"
        );
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn hostile_text_in_ics_is_escaped_folded_and_parses_back_equal() {
    let s = hostile_schedule();
    let text = to_ics(&s, &IcsOptions::default());
    let (props, events) = parse_ics(&text);
    // X-WR-CALNAME is not a property the parser knows to unescape: check the escaped form.
    let calname = props
        .iter()
        .find(|(n, _)| n == "X-WR-CALNAME")
        .map(|(_, v)| v.clone());
    assert_eq!(
        calname
            .as_deref()
            .map(|v| v.starts_with("a\\,b \"c\"\\; <b>|</b> (Überkopf")),
        Some(true),
        "{calname:?}"
    );
    let expected = sessions(&s);
    assert_eq!(events.len(), expected.len());
    for (e, (_, _, deload, sess)) in events.iter().zip(&expected) {
        let want = if *deload {
            format!("Deload: {}", sess.name)
        } else {
            sess.name.clone()
        };
        assert_eq!(e.summary, want, "SUMMARY parses back equal");
        let lines: Vec<&str> = e.description.lines().collect();
        let offset = usize::from(*deload);
        assert_eq!(lines.len(), sess.prescriptions.len() + offset);
        for (line, p) in lines[offset..].iter().zip(&sess.prescriptions) {
            assert!(line.starts_with(&format!("{}: ", p.exercise)), "{line}");
        }
    }
    // The 200-character name needs folding, and at least one fold lands inside an emoji's
    // neighbourhood without splitting it (checked by parse_ics: every line is a &str slice of
    // valid UTF-8 and at most 75 octets).
    assert!(text.contains("\r\n "), "long lines are folded");
}

// ---------------------------------------------------------------------------------------------
// Snapshots of a small fixed plan

fn rest_day(d: Date) -> Day {
    Day {
        date: d,
        weekday: Weekday::of(d),
        kind: DayKind::Rest(RestDay {
            note: "Rest day: adaptation happens between sessions".to_string(),
            guidance: vec![RecoveryItem {
                topic: Topic::Sleep,
                text: "Go for 7–9 hours, at a steady bedtime.".to_string(),
                link: "/guidance/sleep/".to_string(),
                message: Default::default(),
            }],
            note_message: Default::default(),
        }),
    }
}

#[allow(clippy::too_many_arguments)]
fn rx(
    exercise: &str,
    sets: u32,
    reps: (u32, u32),
    intensity: &str,
    load: Option<f64>,
    rest: Option<u32>,
    tempo: Option<&str>,
    notes: Option<&str>,
) -> Prescription {
    let reps = if reps.0 == reps.1 {
        Reps::Fixed(reps.0)
    } else {
        Reps::Range(reps.0, reps.1)
    };
    let mut line = Line::new(sets, reps);
    line.intensity = intensity.to_string();
    line.load = load;
    line.load_from = load.map(|_| {
        if intensity.ends_with("kg") {
            LoadFrom::Fixed
        } else {
            LoadFrom::Percent
        }
    });
    let mut p = Prescription::new(exercise, vec![line]);
    p.main = exercise == "Back squat";
    p.rest = rest;
    p.tempo = tempo.map(str::to_string);
    p.notes = notes.map(str::to_string);
    p
}

fn session_day(d: Date, name: &str, prescriptions: Vec<Prescription>) -> Day {
    Day {
        date: d,
        weekday: Weekday::of(d),
        kind: DayKind::Session(Session {
            name: name.to_string(),
            muscles: vec!["legs".to_string()],
            heavy: true,
            prescriptions,
        }),
    }
}

/// A day of January 2026.
fn jan(n: i8) -> Date {
    date(2026, 1, n)
}

/// A week of the fixed plan from January `first`: `lower` on Monday, `upper` on Thursday.
fn fixed_week(
    number: u32,
    first: i8,
    deload: bool,
    lower: Vec<Prescription>,
    upper: Vec<Prescription>,
) -> Week {
    let mut days = Vec::new();
    for i in 0..7 {
        let d = jan(first + i);
        days.push(match i {
            0 => session_day(d, "Lower, heavy; A", lower.clone()),
            3 => session_day(d, "Upper", upper.clone()),
            _ => rest_day(d),
        });
    }
    Week {
        number,
        start: jan(first),
        end: jan(first + 6),
        block: "Base".to_string(),
        focus: if deload { "deload" } else { "volume" }.to_string(),
        cycle: 0,
        is_deload: deload,
        deload_reason: deload.then(|| {
            "week 2 is a deload: a novice lifter deloads every 6th week, and this fixture \
             wants one early on; sets halved (7 → 3), loads × 0.9, RIR + 2"
                .to_string()
        }),
        deload_message: None,
        deload_link: deload.then(|| "/guidance/deload-weeks/".to_string()),
        total_sets: if deload { 3 } else { 7 },
        days,
    }
}

/// The two weeks of the fixed plan; the second is a deload.
fn fixed_weeks() -> Vec<Week> {
    let squat = |sets, intensity, load| {
        rx(
            "Back squat",
            sets,
            (5, 5),
            intensity,
            Some(load),
            Some(180),
            Some("3-1-1-0"),
            Some("Brace, then \"sit\""),
        )
    };
    let row = |sets, intensity| rx("=Row", sets, (8, 12), intensity, None, None, None, None);
    let pullover = |sets, intensity, load| {
        rx(
            "Überzug pullover 💪",
            sets,
            (10, 10),
            intensity,
            Some(load),
            Some(90),
            None,
            None,
        )
    };
    vec![
        fixed_week(
            1,
            5,
            false,
            vec![squat(4, "75% 1RM", 100.0), row(3, "RIR 2")],
            vec![pullover(3, "20 kg", 20.0)],
        ),
        fixed_week(
            2,
            12,
            true,
            vec![squat(2, "67.5% 1RM", 90.0), row(1, "RIR 4")],
            vec![pullover(1, "17.5 kg", 17.5)],
        ),
    ]
}

/// Two weeks, two sessions a week (Monday and Thursday); the second week is a deload.
fn fixed_schedule() -> Schedule {
    Schedule {
        athlete: Some("Sam".to_string()),
        program: "Tiny plan".to_string(),
        description: "A fixture for the export snapshots.".to_string(),
        units: Units::Kg,
        start: jan(5),
        end: jan(18),
        level: Level::Novice,
        level_reason: "no training history given → novice".to_string(),
        deload_every: 6,
        cadence_reason: "novice lifter: every 6th week".to_string(),
        first_deload_week: 2,
        training_days: vec!["Monday".to_string(), "Thursday".to_string()],
        days_reason: "2 sessions a week on Mon, Thu".to_string(),
        warnings: vec![],
        wave: None,
        plate_increment: 2.5,
        lifts: vec![],
        history_source: None,
        history_chart: None,
        chart: Default::default(),
        weeks: fixed_weeks(),
        diagnostics: vec![],
        messages: Default::default(),
    }
}

/// Compares `actual` with `tests/fixtures/exports/NAME`; `DELOAD_BLESS=1` rewrites the file.
fn assert_snapshot(name: &str, actual: &str) {
    assert_file(&fixture(&format!("exports/{name}")), actual);
}

#[test]
fn fixed_plan_ics_matches_the_snapshot() {
    let s = fixed_schedule();
    assert_snapshot("tiny.ics", &to_ics(&s, &IcsOptions { rest_events: true }));
    // Without rest events: the same session events, the rest left out.
    let (_, events) = parse_ics(&to_ics(&s, &IcsOptions::default()));
    assert_eq!(events.len(), 4);
}

#[test]
fn fixed_plan_csv_matches_the_snapshot() {
    assert_snapshot("tiny.csv", &to_csv(&fixed_schedule()));
}

// ---------------------------------------------------------------------------------------------
// Printed intensity and load agree, in every format

/// Every set line of `s` with its week, session and exercise, in date order.
fn every_line(s: &Schedule) -> Vec<(u32, &Session, &Prescription, &Line)> {
    sessions(s)
        .into_iter()
        .flat_map(|(_, w, _, sess)| {
            sess.prescriptions
                .iter()
                .flat_map(move |p| p.lines.iter().map(move |l| (w, sess, p, l)))
        })
        .collect()
}

/// The golden text of a plan: one row per set line, with the intensity printed and the load.
fn loads_text(s: &Schedule) -> String {
    let mut out = format!(
        "{} ({}), plates of {} {}\n",
        s.program,
        s.athlete.as_deref().unwrap_or("no athlete"),
        deload_engine::text::fmt_num(s.plate_increment),
        s.units
    );
    for (w, sess, p, l) in every_line(s) {
        out.push_str(&format!(
            "week {w:>2} | {} | {} | {}\n",
            sess.name,
            p.exercise,
            export::line_text(l, s.units)
        ));
    }
    out
}

#[test]
fn printed_intensity_and_load_agree_in_every_format() {
    for path in shipped() {
        let name = path.display().to_string();
        let opts = PlanOptions {
            start: Some(date(2026, 1, 5)),
            weeks: Some(12),
            ..PlanOptions::default()
        };
        let input = load(&path);
        let s = plan(&input, &opts).unwrap_or_else(|e| panic!("{name}: {e}"));
        let lines = every_line(&s);
        // The numbers agree with the printed intensity (half a plate and the printing's rounding).
        for (w, _, p, l) in &lines {
            crate::support::rules::agree(l, &s, &format!("{name}: week {w} {}", p.exercise));
        }
        // JSON: the same numbers and words.
        let json: serde_json::Value =
            serde_json::from_str(&to_json(&s)).unwrap_or_else(|e| panic!("{e}"));
        let json_lines: Vec<&serde_json::Value> = json["weeks"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|w| w["days"].as_array().into_iter().flatten())
            .flat_map(|d| {
                d["session"]["prescriptions"]
                    .as_array()
                    .into_iter()
                    .flatten()
            })
            .flat_map(|p| p["lines"].as_array().into_iter().flatten())
            .collect();
        assert_eq!(json_lines.len(), lines.len(), "{name}");
        for (j, (_, _, _, l)) in json_lines.iter().zip(&lines) {
            assert_eq!(j["intensity"], l.intensity.as_str(), "{name}");
            assert_eq!(j["load"].as_f64(), l.load, "{name}");
            assert_eq!(j["percent"].as_f64(), l.percent, "{name}");
            assert_eq!(j["base_load"].as_f64(), l.base_load, "{name}");
        }
        // CSV: one row per line, the same intensity and load.
        let (header, rows) = parse_csv(&to_csv(&s));
        let col = |n: &str| header.iter().position(|h| h == n).unwrap_or(usize::MAX);
        assert_eq!(rows.len(), lines.len(), "{name}");
        for (row, (_, _, _, l)) in rows.iter().zip(&lines) {
            assert_eq!(&row[col("intensity")], l.intensity, "{name}");
            assert_eq!(row[col("load")].parse::<f64>().ok(), l.load, "{name}");
        }
        // Markdown and the calendar print the same words.
        let md = to_markdown(&s);
        let ics = unfold(&to_ics(&s, &IcsOptions::default())).replace("\\,", ",");
        for (_, _, _, l) in &lines {
            let load = export::load_text(l, s.units);
            let cell = format!("| {} | {} |", l.intensity, load);
            assert!(md.contains(&cell), "{name}: {cell}");
            assert!(
                ics.contains(&export::line_text(l, s.units).replace("\\,", ",")),
                "{name}"
            );
        }
        // The numbers are pinned, program by program and athlete by athlete.
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = if name.contains("athletes") {
            "athletes/"
        } else {
            ""
        };
        assert_file(&fixture(&format!("loads/{dir}{stem}.txt")), &loads_text(&s));
    }
}
