//! The printed plan's values: `plan`, `week`, `day` and what a day holds (plan/*.html, and the
//! sample week of programs/program.html).
//!
//! The weeks the templates see are the weeks of the JSON format, field for field (a test checks
//! it), plus two fields on each rest-day guidance item: `label`, its topic as a heading
//! ("Sleep"), and `url`, its link under the site's base URL (`site_root` + `link`). They save
//! the templates a filter and a concatenation per item, nearly a tenth of the rendering.
//!
//! # Template values, built once
//!
//! Turning Rust values into Tera values (maps of strings) and freeing them again was about a
//! quarter of the instructions of a 52-week plan (callgrind), so what repeats is turned once and
//! shared ([`PlanViews`]): the plan header (the same in every week) and the rest days (a plan
//! has a handful of different ones, repeated in every week). A `tera::Value` inside a serialised
//! struct is not serialised again but shared, which is what [`DayView`] relies on.

use std::borrow::Cow;

use jiff::civil::Date;
use serde::Serialize;
use tera::Value;

use deload_engine::export::{lift_text, load_text};
use deload_engine::message::Message;
use deload_engine::plan::{
    Day, Lift, Line, Prescription, RecoveryItem, RestDay, Schedule, Session, Topic, Week,
    plates_text,
};
use deload_engine::programs::Units;
use deload_engine::text::fmt_num;

use crate::cells;
use crate::layout;
use crate::words::Words;

/// `plan`: the schedule without its weeks.
#[derive(Debug, Serialize)]
struct PlanView<'a> {
    /// The athlete's name, for an athlete's plan.
    athlete: Option<&'a str>,
    /// Program name.
    program: &'a str,
    /// Program description.
    description: &'a str,
    /// Units of every load (`kg`, `lb`).
    units: &'static str,
    /// First day.
    #[serde(serialize_with = "ser_display")]
    start: Date,
    /// Last day.
    #[serde(serialize_with = "ser_display")]
    end: Date,
    /// Training level (`novice`, `intermediate`, `advanced`).
    level: &'static str,
    /// Why that level (in the plan's language).
    level_reason: Cow<'a, str>,
    /// A deload every this many weeks, counting the deload.
    deload_every: u32,
    /// Why that cadence (in the plan's language).
    cadence_reason: Cow<'a, str>,
    /// Week number of the first deload.
    first_deload_week: u32,
    /// Training weekdays ("Monday", ...).
    training_days: &'a [String],
    /// Why those days (in the plan's language).
    days_reason: Cow<'a, str>,
    /// Things the reader should look at (in the plan's language).
    warnings: Vec<Cow<'a, str>>,
    /// Where the training history came from, when a training log was read.
    history_source: Option<Cow<'a, str>>,
    /// The program's wave length in weeks, when it declares one.
    wave: Option<u32>,
    /// The plate increment every load is rounded to (a number as the JSON writes it).
    plate_increment: serde_json::Number,
    /// The plate increment with its units ("2.5 kg").
    plate_text: String,
    /// The lifts with a known max.
    lifts: Vec<LiftView<'a>>,
    /// The first day as the plan's language writes it (`2027-01-04`, `4. Januar 2027`).
    start_text: String,
    /// The last day as the plan's language writes it.
    end_text: String,
    /// The training weekdays in the plan's language.
    training_days_text: Vec<&'a str>,
    /// The training level in the plan's language.
    level_text: &'a str,
}

/// A lift of the plan's cover: the JSON format's fields and `text`, its maxes in words.
#[derive(Debug, Serialize)]
struct LiftView<'a> {
    /// The lift as the JSON writes it.
    #[serde(flatten)]
    lift: &'a Lift,
    /// Its maxes in words ("1RM 180 kg (athlete file); TM 162 kg (...)").
    text: String,
}

impl<'a> PlanView<'a> {
    /// The header of `s`, in the language of `words`.
    fn new(s: &'a Schedule, words: &'a Words) -> PlanView<'a> {
        PlanView {
            athlete: s.athlete.as_deref(),
            program: &s.program,
            description: &s.description,
            units: s.units.as_str(),
            start: s.start,
            end: s.end,
            level: s.level.as_str(),
            level_reason: words.say(&s.messages.level_reason, &s.level_reason),
            deload_every: s.deload_every,
            cadence_reason: words.say(&s.messages.cadence_reason, &s.cadence_reason),
            first_deload_week: s.first_deload_week,
            training_days: &s.training_days,
            days_reason: words.say(&s.messages.days_reason, &s.days_reason),
            warnings: (s.warnings.iter().enumerate())
                .map(|(i, w)| {
                    words
                        .say_opt(s.messages.warnings.get(i), Some(w))
                        .unwrap_or_default()
                })
                .collect(),
            history_source: words.say_opt(
                Some(&s.messages.history_source),
                s.history_source.as_deref(),
            ),
            wave: s.wave,
            plate_increment: json_number(s.plate_increment),
            plate_text: words.numbers_owned(format!("{} {}", fmt_num(s.plate_increment), s.units)),
            lifts: s
                .lifts
                .iter()
                .map(|lift| LiftView {
                    lift,
                    text: lift_in(lift, s.units, words),
                })
                .collect(),
            start_text: words.date_long(s.start),
            end_text: words.date_long(s.end),
            training_days_text: (s.training_days.iter())
                .map(|d| words.weekday_named(d))
                .collect(),
            level_text: words.get(&format!("sheet_level_{}", s.level.as_str())),
        }
    }
}

/// A view as a template value, to be embedded in other views and shared by reference count.
/// Views have text keys only, so turning them into values cannot fail.
pub fn shared(view: &impl Serialize) -> Value {
    Value::from_serializable(view)
}

/// Serialises a date as text (`2027-01-04`), as the JSON plan format writes it.
pub fn ser_display<T: std::fmt::Display, S: serde::Serializer>(
    v: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_str(v)
}

/// `x` as the JSON format writes it: a whole number without `.0`.
fn json_number(x: f64) -> serde_json::Number {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        serde_json::Number::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// The plan header of `schedule` (`plan`) as a template value.
pub fn plan_header(schedule: &Schedule) -> Value {
    shared(&PlanView::new(schedule, Words::english()))
}

/// What both views of a week show: the cover's line ([`WeekSummary`]) and the week's page
/// ([`WeekView`]) flatten it into their own fields.
#[derive(Debug, Serialize)]
struct WeekFacts<'a> {
    /// 1-based week number.
    number: u32,
    /// First day.
    #[serde(serialize_with = "ser_display")]
    start: Date,
    /// Last day.
    #[serde(serialize_with = "ser_display")]
    end: Date,
    /// The block the week belongs to.
    block: &'a str,
    /// The block's focus (`deload` in a deload week).
    focus: &'a str,
    /// The week's cycle (passes through the blocks, or waves, before it).
    cycle: u32,
    /// Whether it is a deload week.
    is_deload: bool,
    /// Why it is a deload week (in the plan's language).
    deload_reason: Option<Cow<'a, str>>,
    /// Sets in the week.
    total_sets: u32,
    /// The first day as the plan's language writes it.
    start_text: String,
    /// The last day as the plan's language writes it.
    end_text: String,
    /// The focus as printed (`deload` in the plan's language in a deload week).
    focus_text: String,
}

impl<'a> WeekFacts<'a> {
    fn new(w: &'a Week, words: &Words) -> WeekFacts<'a> {
        WeekFacts {
            number: w.number,
            start: w.start,
            end: w.end,
            block: &w.block,
            focus: &w.focus,
            cycle: w.cycle,
            is_deload: w.is_deload,
            deload_reason: words.say_opt(w.deload_message.as_ref(), w.deload_reason.as_deref()),
            total_sets: w.total_sets,
            start_text: words.date(w.start),
            end_text: words.date(w.end),
            focus_text: if w.is_deload && w.focus == "deload" {
                words.get("sheet_focus_deload").to_string()
            } else {
                w.focus.clone()
            },
        }
    }
}

/// A week as the cover lists it: everything but the days.
#[derive(Debug, Serialize)]
struct WeekSummary<'a> {
    /// Number, dates, block, deload and sets.
    #[serde(flatten)]
    facts: WeekFacts<'a>,
}

impl<'a> WeekSummary<'a> {
    /// The cover's line for `w`.
    fn new(w: &'a Week, words: &Words) -> WeekSummary<'a> {
        WeekSummary {
            facts: WeekFacts::new(w, words),
        }
    }
}

/// `week`: one week with its days.
#[derive(Debug, Serialize)]
pub struct WeekView<'a> {
    /// Number, dates, block, deload and sets.
    #[serde(flatten)]
    facts: WeekFacts<'a>,
    /// The site's page on deload weeks, for deload weeks.
    deload_link: Option<&'a str>,
    /// Seven days.
    days: Vec<DayView<'a>>,
    /// The layout class: `normal`, `compact` (the text in two columns, notes as footnotes) or
    /// `dense` (compact with narrower text and more logging boxes a row).
    layout: &'static str,
    /// The widths of the compact and dense tables' text columns, as CSS custom properties
    /// (`--ex: 22%; --work: 7.5%`; empty in the normal layout).
    columns: String,
    /// The exercise notes as footnotes, numbered from 1 (compact and dense layouts; empty in
    /// the normal layout, where each note is printed with its exercise).
    notes: Vec<Cow<'a, str>>,
}

/// The footnotes of `week` ([`layout::footnotes`]) in the language of `words`: a swap's
/// `instead of NAME` in its words.
fn footnotes_in<'a>(week: &'a Week, words: &Words) -> Vec<Cow<'a, str>> {
    let notes = layout::footnotes(week);
    if words.is_english() {
        return notes.into_iter().map(Cow::Borrowed).collect();
    }
    let sessions = week.days.iter().filter_map(Day::session);
    let swaps: Vec<(&str, &str)> = sessions
        .flat_map(|s| &s.prescriptions)
        .filter_map(|p| Some((p.notes.as_deref()?, p.swapped_from.as_deref()?)))
        .collect();
    (notes.into_iter())
        .map(|n| match swaps.iter().find(|(note, _)| *note == n) {
            Some((_, from)) => words.note(n, Some(from)),
            None => Cow::Borrowed(n),
        })
        .collect()
}

impl<'a> WeekView<'a> {
    /// The view of `week`, its rest days taken from `rest_days`.
    pub fn new(week: &'a Week, shared: &Shared<'_>) -> WeekView<'a> {
        let layout = layout::for_week(week);
        WeekView {
            facts: WeekFacts::new(week, shared.words),
            deload_link: week.deload_link.as_deref(),
            days: days(week, shared),
            layout: layout.class.as_str(),
            columns: layout.columns_css(),
            notes: match layout.class {
                layout::Class::Normal => Vec::new(),
                _ => footnotes_in(week, shared.words),
            },
        }
    }
}

/// The days of `week`: deload sessions are never marked heavy, and the recovery checklist is
/// printed with the week's first rest day only (the others point to it).
fn days<'a>(week: &'a Week, shared: &Shared<'_>) -> Vec<DayView<'a>> {
    let first_rest = week.days.iter().find(|d| d.rest().is_some());
    (week.days.iter())
        .map(|d| {
            let mut view = DayView::new(d, shared, week.is_deload);
            let on = first_rest.filter(|f| !std::ptr::eq(*f, d) && d.rest().is_some());
            view.checklist_on = on.map(|f| shared.words.weekday_value(f.weekday));
            view.checklist_note = on.map(|f| shared.words.checklist_under(f.weekday));
            view
        })
        .collect()
}

/// `day`: a training day or a rest day.
#[derive(Debug, Serialize)]
pub struct DayView<'a> {
    /// The date.
    #[serde(serialize_with = "ser_display")]
    date: Date,
    /// "Monday", ...
    weekday: &'static str,
    /// The weekday in the plan's language (HTML, shared).
    weekday_text: Value,
    /// The date as the plan's language writes it (`2027-01-04`, `04.01.2027`).
    date_text: String,
    /// `session` or `rest`.
    kind: &'static str,
    /// The session, on a training day.
    session: Option<SessionView<'a>>,
    /// The rest day (a [`RestView`], shared), on a rest day.
    rest: Option<Value>,
    /// On a rest day after the week's first: that day's weekday (in the plan's language),
    /// where its recovery checklist is printed (once a week).
    checklist_on: Option<Value>,
    /// With `checklist_on`: "(the checklist is under Tuesday)." in the plan's language.
    checklist_note: Option<Value>,
}

impl<'a> DayView<'a> {
    /// The view of `day`, of a deload week when `deload`.
    fn new(day: &'a Day, shared: &Shared<'_>, deload: bool) -> DayView<'a> {
        DayView {
            date: day.date,
            weekday: day.weekday.name(),
            weekday_text: shared.words.weekday_value(day.weekday),
            date_text: shared.words.date(day.date),
            kind: day.kind_name(),
            session: day.session().map(|s| SessionView::new(s, shared, deload)),
            rest: day.rest().map(|r| shared.rest_days.value(r)),
            checklist_on: None,
            checklist_note: None,
        }
    }
}

/// `day.session`: a training session.
#[derive(Debug, Serialize)]
struct SessionView<'a> {
    /// Session name.
    name: &'a str,
    /// Main muscle groups.
    muscles: &'a [String],
    /// The muscle groups in the plan's language (those the language files name).
    muscles_text: Cow<'a, [String]>,
    /// Whether it is a heavy session.
    heavy: bool,
    /// The exercises (each a [`PrescriptionView`], shared by the weeks that have the same).
    prescriptions: Vec<Value>,
}

impl<'a> SessionView<'a> {
    /// The view of `s`, its exercises taken from `shared`; a deload week's session (`deload`)
    /// is never heavy.
    fn new(s: &'a Session, shared: &Shared<'_>, deload: bool) -> SessionView<'a> {
        SessionView {
            name: &s.name,
            muscles: &s.muscles,
            muscles_text: if shared.words.is_english() {
                Cow::Borrowed(&s.muscles)
            } else {
                (s.muscles.iter())
                    .map(|m| deload_engine::message::muscle(shared.words, m).into_owned())
                    .collect()
            },
            heavy: s.heavy && !deload,
            prescriptions: s
                .prescriptions
                .iter()
                .map(|p| shared.exercises.value(p))
                .collect(),
        }
    }
}

/// Every different exercise of a plan (an exercise with its set lines, loads and notes), each
/// turned into a template value once: a plan repeats most of them week after week (the same
/// accessories, the same effort in the same week of a block), and turning a prescription into a
/// template value cost more than comparing it with the ones already turned.
pub struct Exercises<'a> {
    /// The exercises turned so far, by [content hash](Prescription::content_hash).
    by_hash: std::collections::HashMap<u64, Vec<(&'a Prescription, Value)>>,
    units: Units,
    words: &'a Words,
}

impl<'a> Exercises<'a> {
    /// The exercises of `weeks`, in `units`: the different ones found first, then turned into
    /// template values (on all cores with the `rayon` feature).
    fn new(weeks: &'a [Week], units: Units, words: &'a Words) -> Exercises<'a> {
        let mut distinct: std::collections::HashMap<u64, Vec<&Prescription>> =
            std::collections::HashMap::new();
        let sessions = weeks.iter().flat_map(|w| &w.days).filter_map(Day::session);
        for p in sessions.flat_map(|s| &s.prescriptions) {
            let seen = distinct.entry(p.content_hash()).or_default();
            if !seen.contains(&p) {
                seen.push(p);
            }
        }
        let list: Vec<(u64, &Prescription)> = (distinct.iter())
            .flat_map(|(h, ps)| ps.iter().map(|p| (*h, *p)))
            .collect();
        let values = turn_all(&list, units, words);
        let mut by_hash: std::collections::HashMap<u64, Vec<(&Prescription, Value)>> =
            std::collections::HashMap::with_capacity(distinct.len());
        for ((h, p), v) in list.into_iter().zip(values) {
            by_hash.entry(h).or_default().push((p, v));
        }
        Exercises {
            by_hash,
            units,
            words,
        }
    }

    /// The shared value of `p`.
    fn value(&self, p: &Prescription) -> Value {
        let found = self
            .by_hash
            .get(&p.content_hash())
            .and_then(|seen| seen.iter().find(|(q, _)| *q == p));
        match found {
            Some((_, v)) => v.clone(),
            None => shared(&PrescriptionView(p, self.units, self.words)),
        }
    }
}

/// Each prescription of `list` as a template value, on all cores.
#[cfg(feature = "rayon")]
fn turn_all(list: &[(u64, &Prescription)], units: Units, words: &Words) -> Vec<Value> {
    use rayon::prelude::*;
    (list.par_iter().with_min_len(16))
        .map(|(_, p)| shared(&PrescriptionView(p, units, words)))
        .collect()
}

/// Each prescription of `list` as a template value.
#[cfg(not(feature = "rayon"))]
fn turn_all(list: &[(u64, &Prescription)], units: Units, words: &Words) -> Vec<Value> {
    (list.iter())
        .map(|(_, p)| shared(&PrescriptionView(p, units, words)))
        .collect()
}

/// What the weeks of one printed plan share, each turned into template values once: its rest
/// days and its exercises.
pub struct Shared<'a> {
    rest_days: RestDays<'a>,
    exercises: Exercises<'a>,
    words: &'a Words,
}

impl<'a> Shared<'a> {
    /// The shared values of `schedule`, links under `site_root` (the base URL without its
    /// trailing `/`), in English.
    pub fn new(schedule: &'a Schedule, site_root: &'a str) -> Shared<'a> {
        Shared::in_language(schedule, site_root, Words::english())
    }

    /// [`Shared::new`] in the language of `words`.
    pub fn in_language(schedule: &'a Schedule, site_root: &'a str, words: &'a Words) -> Shared<'a> {
        Shared {
            rest_days: RestDays::new(schedule, site_root, words),
            exercises: Exercises::new(&schedule.weeks, schedule.units, words),
            words,
        }
    }

    /// The shared values of one `week` of `schedule` alone (a page that embeds a week), links
    /// under `site_root`, in English.
    pub fn for_week(schedule: &'a Schedule, week: &'a Week, site_root: &'a str) -> Shared<'a> {
        let words = Words::english();
        Shared {
            rest_days: RestDays::new(schedule, site_root, words),
            exercises: Exercises::new(std::slice::from_ref(week), schedule.units, words),
            words,
        }
    }
}

/// One exercise of a session, serialised straight from the engine's prescription: these
/// fields, in this order (`exercise`, `main`, `sets`, `lines`, `rest`, `tempo`, `notes`,
/// `superset`), and `rows`: the number of lines (a table cell's `rowspan`, without a filter per
/// row). A 52-week plan has a thousand of them: writing them out without first copying each into
/// a view struct keeps the printed plan fast.
#[derive(Debug)]
struct PrescriptionView<'a>(&'a Prescription, Units, &'a Words);

impl Serialize for PrescriptionView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (p, units, words) = (self.0, self.1, self.2);
        let lines: Vec<LineView<'_>> = (p.lines.iter())
            .map(|l| LineView(l, units, words))
            .collect();
        let mut st = s.serialize_struct("Prescription", 9)?;
        st.serialize_field("exercise", &p.exercise)?;
        st.serialize_field("main", &p.main)?;
        st.serialize_field("sets", &p.sets)?;
        st.serialize_field("lines", &lines)?;
        st.serialize_field("rest", &p.rest.map(rest_text))?;
        st.serialize_field("tempo", &p.tempo)?;
        let notes = (p.notes.as_deref()).map(|n| words.note(n, p.swapped_from.as_deref()));
        st.serialize_field("notes", &notes)?;
        st.serialize_field("superset", &p.superset)?;
        st.serialize_field("rows", &p.lines.len())?;
        st.end()
    }
}

/// Rest between sets in words: seconds under two minutes ("90 s"), else minutes ("3 min",
/// "2½ min"), as a coach says it.
pub(crate) fn rest_text(seconds: u32) -> String {
    match (seconds >= 120, seconds % 60) {
        (true, 0) => format!("{} min", seconds / 60),
        (true, 30) => format!("{}½ min", seconds / 60),
        _ => format!("{seconds} s"),
    }
}

/// One set line: the JSON format's fields, then `load_text` (the load with its units, `≈`
/// before an estimate from the RPE chart; empty without a load), `reps_text` (the reps as
/// printed: a range with an en dash, double progression's whole range), `target` (this week's
/// reps in double progression's range, else null), `plates_text` (the plates per side in words,
/// `20 + 2.5 kg a side`, with warm-ups on; else null), `set_numbers` (1 to `sets`: a logging
/// box each), and the HTML of its cells as the built-in templates print them (see
/// [`cells`](crate::cells)): `work_html` (label, sets × reps, target), `summary_html` (that,
/// the intensity, the load and the plates: the compact and dense layouts' one cell) and `boxes`
/// (the logging boxes).
#[derive(Debug)]
struct LineView<'a>(&'a Line, Units, &'a Words);

/// The fields a [`LineView`] writes (with `add_load`, which only some lines have).
const LINE_FIELDS: usize = 28;

impl Serialize for LineView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let (l, units, words) = (self.0, self.1, self.2);
        let num = |x: Option<f64>| x.map(json_number);
        // the number of fields below: Tera sizes the line's map by it, and one too few costs
        // every line of a plan a second table
        let mut st = s.serialize_struct("Line", LINE_FIELDS)?;
        st.serialize_field("label", &l.label)?;
        st.serialize_field("warmup", &l.warmup)?;
        st.serialize_field("sets", &l.sets)?;
        st.serialize_field("reps", &l.reps)?;
        st.serialize_field("rep_range", &l.rep_range)?;
        st.serialize_field("work_range", &l.work_range)?;
        st.serialize_field("amrap", &l.amrap)?;
        st.serialize_field("intensity", &l.intensity)?;
        st.serialize_field("percent", &num(l.percent))?;
        st.serialize_field("base", &l.base)?;
        st.serialize_field("base_load", &num(l.base_load))?;
        st.serialize_field("added_load", &num(l.added_load))?;
        st.serialize_field("base_added", &num(l.base_added))?;
        st.serialize_field("rpe", &num(l.rpe))?;
        st.serialize_field("rir", &num(l.rir))?;
        st.serialize_field("load", &num(l.load))?;
        st.serialize_field("load_from", &l.load_from)?;
        if l.add_load.is_some() {
            st.serialize_field("add_load", &num(l.add_load))?;
        } else {
            st.skip_field("add_load")?;
        }
        // always there (null without warm-ups), as the README's template context says
        let plates: Option<Vec<serde_json::Number>> =
            (l.plates.as_ref()).map(|plates| plates.iter().map(|p| json_number(*p)).collect());
        st.serialize_field("plates", &plates)?;
        let plates_text = l.plates.as_deref().map(|p| plates_in(p, units, words));
        st.serialize_field("plates_text", &plates_text)?;
        let load_text = words.numbers_owned(load_text(l, units));
        st.serialize_field("load_text", &load_text)?;
        let intensity = words.intensity(l, units);
        st.serialize_field("intensity_text", &intensity)?;
        let (reps_text, target) = reps_text(l);
        st.serialize_field("reps_text", &reps_text)?;
        st.serialize_field("target", &target)?;
        let set_numbers: Vec<u32> = (1..=l.sets).collect();
        st.serialize_field("set_numbers", &set_numbers)?;
        let text = cells::LineText {
            line: l,
            reps_text: &reps_text,
            target,
            load_text: &load_text,
            plates_text: plates_text.as_deref(),
            intensity: &intensity,
            warm_up: &words.line_words[0],
            target_word: &words.line_words[1],
        };
        // HTML marked safe here, so that printing it neither escapes nor copies it
        let work = cells::work(&text);
        let summary = cells::summary(&text, &work);
        st.serialize_field("work_html", &Value::safe_string(&work))?;
        st.serialize_field("summary_html", &Value::safe_string(&summary))?;
        st.serialize_field(
            "boxes",
            &cells::boxes(l, &words.line_words[2], &words.boxes),
        )?;
        st.end()
    }
}

/// A lift's maxes in words, in the language of `words` ([`lift_text`] in English).
fn lift_in(lift: &Lift, units: Units, words: &Words) -> String {
    if words.is_english() {
        return lift_text(lift, units);
    }
    let source = |i: usize, english: Option<&str>| match &lift.source_messages[i] {
        Some(m) => m.say(words),
        None => english.unwrap_or_default().to_string(),
    };
    let mut parts = Vec::with_capacity(2);
    if let Some(rm) = lift.one_rm {
        let m = Message::new("plan_lift_1rm")
            .num("max", rm)
            .name("units", units.as_str())
            .name("source", source(0, lift.one_rm_source.as_deref()));
        parts.push(m.say(words));
    }
    if let Some(tm) = lift.training_max {
        let m = Message::new("plan_lift_tm")
            .num("max", tm)
            .name("units", units.as_str())
            .name("source", source(1, lift.training_max_source.as_deref()));
        let mut text = m.say(words);
        if lift.tm_step > 0.0 {
            let step = Message::new("plan_lift_tm_step")
                .num("step", lift.tm_step)
                .name("units", units.as_str());
            text.push_str(&step.say(words));
        }
        parts.push(text);
    }
    parts.join(words.get("plan_lift_sep"))
}

/// The plates per side in words (`20 + 2.5 kg a side`, `empty bar`) in the language of
/// `words`.
fn plates_in(plates: &[f64], units: Units, words: &Words) -> String {
    let english = plates_text(plates, units);
    if words.is_english() {
        return english;
    }
    if plates.is_empty() {
        return words.get("sheet_empty_bar").to_string();
    }
    let list = english
        .strip_suffix(" a side")
        .and_then(|t| t.strip_suffix(units.as_str()))
        .unwrap_or(&english)
        .trim_end();
    (words
        .get("sheet_a_side")
        .replace("{plates}", &words.numbers(list)))
    .replace("{units}", units.as_str())
}

/// The reps of `l` as printed (`8–12`: a range with an en dash; double progression's whole
/// range) and, in double progression, this week's target in the range.
fn reps_text(l: &Line) -> (String, Option<&str>) {
    match &l.work_range {
        Some(r) => {
            let max = r.max.map_or_else(String::new, |m| m.to_string());
            (format!("{}–{max}", r.min), Some(l.reps.as_str()))
        }
        None if !l.amrap && l.reps.contains('-') => (l.reps.replace('-', "–"), None),
        None => (l.reps.clone(), None),
    }
}

/// `day.rest`: a rest day.
#[derive(Debug, Serialize)]
struct RestView<'a> {
    /// Why the day matters (in the plan's language).
    note: Cow<'a, str>,
    /// Recovery guidance, one item per topic.
    guidance: Vec<ItemView<'a>>,
}

/// One piece of recovery guidance.
#[derive(Debug, Serialize)]
struct ItemView<'a> {
    /// The topic (`sleep`, `nutrition`, `mobility`, `hydration`, `stress`).
    topic: &'static str,
    /// The topic as a heading ("Sleep"), in the plan's language.
    label: &'a str,
    /// What to do (in the plan's language).
    text: Cow<'a, str>,
    /// The site path of the topic's page.
    link: &'a str,
    /// `link` under the site's base URL.
    url: String,
}

/// A topic's name in the JSON format and the templates.
fn topic_name(t: Topic) -> &'static str {
    match t {
        Topic::Sleep => "sleep",
        Topic::Nutrition => "nutrition",
        Topic::Mobility => "mobility",
        Topic::Hydration => "hydration",
        Topic::Stress => "stress",
    }
}

impl<'a> RestView<'a> {
    /// The view of `rest`, its links under `site_root`, its labels in the language of `words`.
    fn new(rest: &'a RestDay, site_root: &str, words: &'a Words) -> RestView<'a> {
        let item = |g: &'a RecoveryItem| ItemView {
            topic: topic_name(g.topic),
            label: words.get(&format!("sheet_topic_{}", topic_name(g.topic))),
            text: words.say(&g.message, &g.text),
            link: &g.link,
            url: if g.link.starts_with('/') {
                format!("{site_root}{}", g.link)
            } else {
                g.link.clone()
            },
        };
        RestView {
            note: words.say(&rest.note_message, &rest.note),
            guidance: rest.guidance.iter().map(item).collect(),
        }
    }
}

/// Every different rest day of a plan, each turned into a template value once.
pub struct RestDays<'a> {
    distinct: Vec<(&'a RestDay, Value)>,
    site_root: &'a str,
    words: &'a Words,
}

impl<'a> RestDays<'a> {
    /// The rest days of `schedule`, their links under `site_root` (the base URL without its
    /// trailing `/`).
    pub fn new(schedule: &'a Schedule, site_root: &'a str, words: &'a Words) -> RestDays<'a> {
        let mut distinct: Vec<(&RestDay, Value)> = Vec::new();
        let rests = schedule.weeks.iter().flat_map(|w| &w.days);
        for rest in rests.filter_map(Day::rest) {
            if !distinct.iter().any(|(r, _)| *r == rest) {
                distinct.push((rest, shared(&RestView::new(rest, site_root, words))));
            }
        }
        RestDays {
            distinct,
            site_root,
            words,
        }
    }

    /// The shared value of `rest` (a plan has a handful of different rest days, so a linear
    /// search is quick).
    fn value(&self, rest: &RestDay) -> Value {
        match self.distinct.iter().find(|(r, _)| *r == rest) {
            Some((_, v)) => v.clone(),
            None => shared(&RestView::new(rest, self.site_root, self.words)),
        }
    }
}

/// The context of `plan/week.html`, which renders one week (and includes `plan/session.html`,
/// `plan/rest_day.html` and `plan/readiness.html`).
#[derive(Debug, Serialize)]
pub struct WeekContext<'a> {
    /// The plan header (a [`PlanView`], shared by every week).
    plan: Value,
    /// The week.
    week: WeekView<'a>,
    /// The site's base URL without the trailing `/`.
    site_root: Value,
    /// The sheet's words in the plan's language (`words.sheet_week`, ...).
    words: Value,
}

/// The context of `plan/plan.html`, which puts the cover (`plan/cover.html`) and the rendered
/// weeks into one document.
#[derive(Debug, Serialize)]
pub struct PlanContext<'a> {
    /// The plan header.
    plan: Value,
    /// The weeks without their days, for the cover.
    weeks: Vec<WeekSummary<'a>>,
    /// Each week rendered through `plan/week.html`: HTML, marked safe.
    weeks_html: Value,
    /// The stylesheet `plan/style.css`, inlined.
    plan_css: &'a str,
    /// The site's base URL without the trailing `/`.
    site_root: Value,
    /// The training log's weekly-volume chart (SVG), when a log was read.
    history_chart: Option<&'a str>,
    /// The plan's periodisation chart (SVG) and its numbers as a table for screen readers.
    plan_chart: String,
    /// Whether search engines are asked not to index the plan (an athlete's plan published on
    /// a site).
    noindex: bool,
    /// The coach's name and contact, when given.
    coach: Option<&'a str>,
    /// The blocks in plan order, for the cover's overview.
    blocks: Vec<BlockSummary<'a>>,
    /// Whether the plan has a deload week (else the cover names the first one after it).
    deload_in_plan: bool,
    /// The sheet's words in the plan's language.
    words: Value,
    /// The plan's language code.
    lang: &'a str,
}

/// A run of weeks of one block, for the cover's overview.
#[derive(Debug, Serialize)]
struct BlockSummary<'a> {
    /// The block's name.
    name: &'a str,
    /// Its focus.
    focus: &'a str,
    /// Its first week's number.
    first_week: u32,
    /// Its last week's number.
    last_week: u32,
    /// The deload weeks among them.
    deload_weeks: Vec<u32>,
}

/// The runs of weeks of `weeks` by block (a deload week belongs to the block it ends).
fn block_summaries(weeks: &[Week]) -> Vec<BlockSummary<'_>> {
    let mut out: Vec<BlockSummary<'_>> = Vec::new();
    for w in weeks {
        match out.last_mut() {
            Some(b) if b.name == w.block && b.last_week + 1 == w.number => {
                b.last_week = w.number;
                if w.is_deload {
                    b.deload_weeks.push(w.number);
                }
            }
            _ => out.push(BlockSummary {
                name: &w.block,
                focus: if w.is_deload { "" } else { &w.focus },
                first_week: w.number,
                last_week: w.number,
                deload_weeks: if w.is_deload {
                    vec![w.number]
                } else {
                    Vec::new()
                },
            }),
        }
        if let Some(b) = out.last_mut()
            && b.focus.is_empty()
            && !w.is_deload
        {
            b.focus = &w.focus;
        }
    }
    out
}

/// The values shared by every template of one printed plan, built once.
pub struct PlanViews<'a> {
    /// Whether the document asks search engines not to index it.
    pub noindex: bool,
    /// The coach's name and contact, for the cover.
    pub coach: Option<&'a str>,
    schedule: &'a Schedule,
    head: Value,
    site_root: Value,
    shared: Shared<'a>,
    words: &'a Words,
}

impl<'a> PlanViews<'a> {
    /// The shared values of `schedule`'s printed plan; `site_url` is the site's base URL, under
    /// which the plan links to the guidance pages.
    pub fn new(schedule: &'a Schedule, site_url: &'a str) -> PlanViews<'a> {
        PlanViews::in_language(schedule, site_url, Words::english())
    }

    /// [`PlanViews::new`] in the language of `words`.
    pub fn in_language(
        schedule: &'a Schedule,
        site_url: &'a str,
        words: &'a Words,
    ) -> PlanViews<'a> {
        let root = site_url.trim_end_matches('/');
        PlanViews {
            noindex: false,
            coach: None,
            schedule,
            head: shared(&PlanView::new(schedule, words)),
            site_root: Value::from(root),
            shared: Shared::in_language(schedule, root, words),
            words,
        }
    }

    /// The context of `week`'s page.
    pub fn week(&self, week: &'a Week) -> WeekContext<'a> {
        WeekContext {
            plan: self.head.clone(),
            week: WeekView::new(week, &self.shared),
            site_root: self.site_root.clone(),
            words: self.words.value(),
        }
    }

    /// The context of the whole document around `weeks_html`, the rendered weeks.
    pub fn document(&self, weeks_html: Vec<Value>, plan_css: &'a str) -> PlanContext<'a> {
        let weeks: Vec<WeekSummary<'_>> = (self.schedule.weeks.iter())
            .map(|w| WeekSummary::new(w, self.words))
            .collect();
        PlanContext {
            plan: self.head.clone(),
            deload_in_plan: self.schedule.weeks.iter().any(|w| w.is_deload),
            weeks,
            weeks_html: Value::from(weeks_html),
            plan_css,
            site_root: self.site_root.clone(),
            history_chart: self.schedule.history_chart.as_deref(),
            plan_chart: deload_engine::chart::html_in(self.schedule, self.words),
            noindex: self.noindex,
            coach: self.coach,
            blocks: block_summaries(&self.schedule.weeks),
            words: self.words.value(),
            lang: self.words.lang(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use deload_engine::plan::{PlanOptions, plan};

    /// [`LINE_FIELDS`] is the number of fields a line view writes when it writes them all.
    #[test]
    fn a_line_view_writes_line_fields_fields() {
        let mut line = Line::new(3, deload_engine::programs::Reps::Fixed(5));
        line.add_load = Some(2.5);
        let v = serde_json::to_value(LineView(&line, Units::Kg, Words::english())).ok();
        let fields = v
            .as_ref()
            .and_then(|v| v.as_object())
            .map(serde_json::Map::len);
        assert_eq!(fields, Some(LINE_FIELDS), "{v:?}");
    }

    /// Every field of the JSON format's week (and day, session and rest day) reaches the
    /// templates with the same value; the views may only add fields.
    #[test]
    fn week_views_hold_the_json_weeks() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        for file in [
            "programs/novice-full-body.yaml",
            "programs/athletes/sam.yaml",
        ] {
            let input = match deload_engine::programs::load_input(&root.join(file)) {
                Ok((input, _)) => input,
                Err(e) => panic!("{e}"),
            };
            let opts = PlanOptions {
                weeks: Some(8),
                start: "2027-01-04".parse().ok(),
                ..Default::default()
            };
            let schedule = match plan(&input, &opts) {
                Ok(s) => s,
                Err(e) => panic!("{e}"),
            };
            assert!(schedule.weeks.iter().any(|w| w.is_deload));
            let views = PlanViews::new(&schedule, "https://example.org/");
            let distinct = views.shared.rest_days.distinct.len();
            assert!(distinct < 20, "{distinct} different rest days");
            // the header: the JSON format's plan without its weeks
            let json = Value::from_serializable(&schedule);
            let (Some(head), Some(json)) = (views.head.as_map(), json.as_map()) else {
                panic!("{file}: the plan is not a map");
            };
            for (k, v) in json.iter().filter(|(k, _)| k.as_str() != Some("weeks")) {
                let Some(hv) = head.get(k) else {
                    panic!("{file}: `plan.{k:?}` is missing");
                };
                assert_contains(hv, v, &format!("{file}, plan.{k:?}"));
            }
            for week in &schedule.weeks {
                // what the sheet shows differently on purpose: rest in words, and no deload
                // session marked heavy
                let mut json = serde_json::to_value(week).expect("a week serialises");
                for day in json["days"].as_array_mut().into_iter().flatten() {
                    let Some(session) = day.get_mut("session").filter(|s| s.is_object()) else {
                        continue;
                    };
                    if week.is_deload {
                        session["heavy"] = false.into();
                    }
                    for p in session["prescriptions"]
                        .as_array_mut()
                        .into_iter()
                        .flatten()
                    {
                        if let Some(rest) = p["rest"].as_u64() {
                            p["rest"] = rest_text(u32::try_from(rest).expect("seconds")).into();
                        }
                    }
                }
                let json = Value::from_serializable(&json);
                let view = Value::from_serializable(&views.week(week));
                let Some(view) = view.as_map().and_then(|m| m.get(&"week".into())) else {
                    panic!("no `week` in the week context");
                };
                assert_contains(view, &json, &format!("{file}, week {}", week.number));
            }
        }
    }

    /// Every key of `expected`, recursively, is in `actual` with an equal value.
    fn assert_contains(actual: &Value, expected: &Value, at: &str) {
        match (
            actual.as_map(),
            expected.as_map(),
            actual.as_array(),
            expected.as_array(),
        ) {
            (Some(a), Some(e), _, _) => {
                for (k, v) in e {
                    let Some(av) = a.get(k) else {
                        panic!("{at}: `{k:?}` is missing");
                    };
                    assert_contains(av, v, &format!("{at}.{k:?}"));
                }
            }
            (_, _, Some(a), Some(e)) => {
                assert_eq!(a.len(), e.len(), "{at}: lengths");
                for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                    assert_contains(av, ev, &format!("{at}[{i}]"));
                }
            }
            _ => assert_eq!(actual, expected, "{at}"),
        }
    }
}
