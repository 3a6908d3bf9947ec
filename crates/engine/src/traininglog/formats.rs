//! The CSV formats deload reads, how each is recognised from its header, and one row reader per
//! format.
//!
//! | format | header (abridged) | dates | weights |
//! |---|---|---|---|
//! | Strong, current | `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,…,RPE` | `2021-07-07 18:35:21` | no unit column: `--units` (default kg) |
//! | Strong, older | the same without `Duration` and `RPE` | same | same |
//! | Strong, semicolons | `Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;…` | same | unit per row |
//! | Strong, numbered | `"Workout #";"Date";…;"Duration (sec)";…;"Weight (kg)";…` | same | unit in the header |
//! | Hevy | `"title","start_time",…,"set_type","weight_kg","reps",…,"rpe"` | `8 Apr 2026, 16:50` | `weight_kg` or `weight_lbs` |
//! | FitNotes | `Date,Exercise,Category,Weight,Weight Unit,Reps,…` | `2021-01-04` | unit per row (`kgs`/`lbs`), or in the header `Weight (lbs)` |
//!
//! Which rows are sets: a row with at least one rep. Strong's `Rest Timer` rows are skipped; a set
//! marked `W` in Strong's `Set Order` or `warmup` in Hevy's `set_type` is a warm-up (kept, but not a
//! work set). Rows with no reps (cardio, timed holds) are counted and left out. A negative weight
//! (an assisted exercise) counts as a work set with no load. Hevy month names are read in English
//! only; any other month name is an error that says so.

use jiff::civil::{Date, DateTime};

use crate::programs::Units;

/// Dates before this year are errors (a spreadsheet's 1900-01-01, a zero timestamp).
pub(crate) const EARLIEST_YEAR: i16 = 1950;

/// The export formats deload recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Strong's current export (comma-separated, with `Duration` and `RPE`).
    StrongCurrent,
    /// Strong's older comma-separated export (no `Duration`, no `RPE`).
    StrongOlder,
    /// Strong's semicolon-separated export with a `Weight Unit` column.
    StrongSemicolon,
    /// Strong's quoted semicolon export with `Workout #`, `Duration (sec)` and `Weight (kg)`.
    StrongNumbered,
    /// Hevy's export.
    Hevy,
    /// FitNotes' export.
    FitNotes,
}

impl Format {
    /// A human name ("Strong (current export)").
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::StrongCurrent => "Strong (current export)",
            Format::StrongOlder => "Strong (older export, no Duration or RPE)",
            Format::StrongSemicolon => "Strong (semicolon-separated, Weight Unit column)",
            Format::StrongNumbered => "Strong (semicolon-separated, Workout # and Weight (kg))",
            Format::Hevy => "Hevy",
            Format::FitNotes => "FitNotes",
        }
    }
}

/// The headers deload knows, for the "unknown header" error.
pub(crate) const KNOWN_HEADERS: &[(&str, &str)] = &[
    (
        "Strong (current)",
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
    ),
    (
        "Strong (older)",
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes",
    ),
    (
        "Strong (semicolons)",
        "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes",
    ),
    (
        "Strong (numbered)",
        "\"Workout #\";\"Date\";\"Workout Name\";\"Duration (sec)\";\"Exercise Name\";\"Set Order\";\"Weight (kg)\";\"Reps\";…",
    ),
    (
        "Hevy",
        "\"title\",\"start_time\",\"end_time\",\"description\",\"exercise_title\",\"superset_id\",\"exercise_notes\",\"set_index\",\"set_type\",\"weight_kg\",\"reps\",\"distance_km\",\"duration_seconds\",\"rpe\" (or weight_lbs, distance_miles)",
    ),
    (
        "FitNotes",
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment (or Weight (lbs))",
    ),
];

/// Where a row's weight unit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitSource {
    /// Fixed by the header (`Weight (kg)`, `weight_lbs`).
    Header(Units),
    /// A unit column read on every row.
    Column(usize),
    /// No unit anywhere: `--units`, default kg.
    Assumed,
}

/// How dates are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// `2021-07-07 18:35:21` (also without seconds, or a bare date).
    Iso,
    /// `8 Apr 2026, 16:50`, English month names.
    Hevy,
}

/// The columns a format's rows are read from (0-based indexes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Layout {
    /// The format.
    pub(crate) format: Format,
    /// Field delimiter.
    pub(crate) delimiter: u8,
    /// The session's date (and start time, where given).
    pub(crate) date: usize,
    /// How dates are written.
    pub(crate) date_style: DateStyle,
    /// Exercise name.
    pub(crate) exercise: usize,
    /// Strong's `Set Order` (`W` warm-up, `Rest Timer` rows).
    pub(crate) set_order: Option<usize>,
    /// Hevy's `set_type`.
    pub(crate) set_type: Option<usize>,
    /// Weight.
    pub(crate) weight: usize,
    /// Where the weight unit comes from.
    pub(crate) unit: UnitSource,
    /// Reps.
    pub(crate) reps: usize,
    /// RPE, where the format has it.
    pub(crate) rpe: Option<usize>,
    /// The number of header fields.
    pub(crate) width: usize,
}

fn norm(h: &str) -> String {
    h.trim().trim_matches('"').trim().to_ascii_lowercase()
}

/// A header's field names, normalised (trimmed, unquoted, lower case).
struct Header(Vec<String>);

impl Header {
    /// The index of the field called `name`.
    fn col(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|h| h == name)
    }

    /// The weight column and the unit its name gives (`Weight (kg)`), if any.
    fn weight(&self) -> Option<(usize, Option<Units>)> {
        self.0
            .iter()
            .enumerate()
            .find_map(|(i, h)| match h.as_str() {
                "weight" => Some((i, None)),
                "weight (kg)" | "weight (kgs)" => Some((i, Some(Units::Kg))),
                "weight (lb)" | "weight (lbs)" => Some((i, Some(Units::Lb))),
                _ => None,
            })
    }
}

/// Recognises a format from its header fields. `None` when no known format matches.
pub(crate) fn detect(header: &[String], delimiter: u8) -> Option<Layout> {
    let names = Header(header.iter().map(|h| norm(h)).collect());
    if let (Some(date), Some(exercise), Some(reps)) = (
        names.col("start_time"),
        names.col("exercise_title"),
        names.col("reps"),
    ) {
        return detect_hevy(&names, delimiter, [date, exercise, reps]);
    }
    let (date, reps) = (names.col("date")?, names.col("reps")?);
    let (weight, header_unit) = names.weight()?;
    let unit = match (header_unit, names.col("weight unit")) {
        (Some(u), _) => UnitSource::Header(u),
        (None, Some(c)) => UnitSource::Column(c),
        (None, None) => UnitSource::Assumed,
    };
    let layout = Layout {
        format: Format::FitNotes,
        delimiter,
        date,
        date_style: DateStyle::Iso,
        exercise: 0,
        set_order: None,
        set_type: None,
        weight,
        unit,
        reps,
        rpe: None,
        width: names.0.len(),
    };
    if let (Some(exercise), Some(set_order)) = (names.col("exercise name"), names.col("set order"))
    {
        return Some(Layout {
            format: strong_format(&names, delimiter, unit),
            exercise,
            set_order: Some(set_order),
            rpe: names.col("rpe"),
            ..layout
        });
    }
    match (names.col("exercise"), names.col("category")) {
        (Some(exercise), Some(_)) => Some(Layout { exercise, ..layout }),
        _ => None,
    }
}

/// Hevy's layout, given the columns of its date, exercise and reps; `None` without a
/// `weight_kg` or `weight_lbs` column.
fn detect_hevy(
    names: &Header,
    delimiter: u8,
    [date, exercise, reps]: [usize; 3],
) -> Option<Layout> {
    let (weight, unit) = match (names.col("weight_kg"), names.col("weight_lbs")) {
        (Some(w), _) => (w, Units::Kg),
        (None, Some(w)) => (w, Units::Lb),
        (None, None) => return None,
    };
    Some(Layout {
        format: Format::Hevy,
        delimiter,
        date,
        date_style: DateStyle::Hevy,
        exercise,
        set_order: None,
        set_type: names.col("set_type"),
        weight,
        unit: UnitSource::Header(unit),
        reps,
        rpe: names.col("rpe"),
        width: names.0.len(),
    })
}

/// Which of Strong's exports a Strong header is.
fn strong_format(names: &Header, delimiter: u8, unit: UnitSource) -> Format {
    if names.col("workout #").is_some() {
        Format::StrongNumbered
    } else if delimiter == b';' || matches!(unit, UnitSource::Column(_)) {
        Format::StrongSemicolon
    } else if names.col("duration").is_some() || names.col("rpe").is_some() {
        Format::StrongCurrent
    } else {
        Format::StrongOlder
    }
}

/// What one row holds, once read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Row {
    /// A set.
    Set(RawSet),
    /// A Strong `Rest Timer` row.
    RestTimer,
    /// A row with no reps (cardio, a timed hold).
    NoReps,
}

/// A set as read from a row, before units are settled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawSet {
    /// Session start (midnight when the format gives only a date).
    pub(crate) session: DateTime,
    /// Exercise name, trimmed.
    pub(crate) exercise: String,
    /// Weight in `unit` (0 for bodyweight or assisted).
    pub(crate) weight: f64,
    /// The weight's unit (`None`: assumed, see [`UnitSource::Assumed`]).
    pub(crate) unit: Option<Units>,
    /// Reps, at least 1.
    pub(crate) reps: u32,
    /// RPE, 1–10.
    pub(crate) rpe: Option<f64>,
    /// Whether this is a warm-up set.
    pub(crate) warmup: bool,
}

/// A problem in one field of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// The field (0-based).
    pub(crate) field: usize,
    /// What is wrong.
    pub(crate) message: String,
    /// How to fix it.
    pub(crate) hint: String,
}

fn ferr(field: usize, message: String, hint: &str) -> FieldError {
    FieldError {
        field,
        message,
        hint: hint.to_string(),
    }
}

/// Field `i` of a record, trimmed (empty when the record is shorter).
fn field<'f>(fields: &[&'f str], i: usize) -> &'f str {
    fields.get(i).map_or("", |s| s.trim())
}

/// Reads one record with `layout`. `today` bounds dates.
pub(crate) fn read_row(layout: &Layout, fields: &[&str], today: Date) -> Result<Row, FieldError> {
    check_width(layout, fields)?;
    let exercise = field(fields, layout.exercise);
    let order = layout.set_order.map_or("", |c| field(fields, c));
    if order.eq_ignore_ascii_case("rest timer") || exercise.eq_ignore_ascii_case("rest timer") {
        return Ok(Row::RestTimer);
    }
    let session = read_date(layout, field(fields, layout.date), today)?;
    if exercise.is_empty() {
        return Err(ferr(
            layout.exercise,
            "the exercise name is empty".to_string(),
            "every set needs the exercise it belongs to",
        ));
    }
    let reps = read_reps(layout, field(fields, layout.reps))?;
    let weight = read_weight(layout, field(fields, layout.weight))?;
    let unit = read_unit(layout, fields, weight)?;
    let hevy_warmup = is_hevy_warmup(layout, fields)?;
    let warmup = order.eq_ignore_ascii_case("w") || hevy_warmup;
    let rpe = read_rpe(layout, fields)?;
    if reps == 0 {
        return Ok(Row::NoReps);
    }
    Ok(Row::Set(RawSet {
        session,
        exercise: exercise.to_string(),
        weight: if weight < 0.0 { 0.0 } else { weight },
        unit,
        reps,
        rpe,
        warmup,
    }))
}

/// Error: a record too short to hold every column `layout` reads.
fn check_width(layout: &Layout, fields: &[&str]) -> Result<(), FieldError> {
    let needed = [layout.date, layout.exercise, layout.weight, layout.reps]
        .into_iter()
        .chain(layout.set_order)
        .chain(layout.set_type)
        .chain(layout.rpe)
        .chain(match layout.unit {
            UnitSource::Column(c) => Some(c),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    if fields.len() > needed {
        return Ok(());
    }
    Err(ferr(
        fields.len().saturating_sub(1),
        format!(
            "the row has {} field{}, the header {}",
            fields.len(),
            crate::text::s(fields.len()),
            layout.width
        ),
        "a field is missing or a quote is not closed; compare the row with the header",
    ))
}

/// The session's start from the date field. Errors: not a date, before [`EARLIEST_YEAR`], after
/// `today`.
fn read_date(layout: &Layout, text: &str, today: Date) -> Result<DateTime, FieldError> {
    let session = match layout.date_style {
        DateStyle::Iso => parse_iso(text),
        DateStyle::Hevy => parse_hevy(text),
    }
    .map_err(|(m, h)| ferr(layout.date, m, h))?;
    if session.date().year() < EARLIEST_YEAR {
        return Err(ferr(
            layout.date,
            format!("the date {} is before {EARLIEST_YEAR}", session.date()),
            "a spreadsheet may have mangled the date; export the log again from the app",
        ));
    }
    if session.date() > today {
        return Err(ferr(
            layout.date,
            format!(
                "the date {} is in the future (today is {today})",
                session.date()
            ),
            "check the phone's date setting, or remove the row (or pass --skip-bad-rows)",
        ));
    }
    Ok(session)
}

/// Reps: a whole number from 0 (an empty field is 0).
fn read_reps(layout: &Layout, text: &str) -> Result<u32, FieldError> {
    let reps = if text.is_empty() {
        0.0
    } else {
        parse_number(text, layout.delimiter).ok_or_else(|| {
            ferr(
                layout.reps,
                format!("`{text}` is not a number of reps"),
                "reps are a whole number, e.g. 5",
            )
        })?
    };
    if !(0.0..=10_000.0).contains(&reps) || (reps - reps.round()).abs() > 1e-6 {
        return Err(ferr(
            layout.reps,
            format!("`{text}` is not a number of reps"),
            "reps are a whole number from 0 up, e.g. 5",
        ));
    }
    // `reps` is a whole number in 0..=10_000, so the conversion is exact.
    Ok(reps.round() as u32)
}

/// The weight: a number under 5000 in absolute value (an empty field is 0).
fn read_weight(layout: &Layout, text: &str) -> Result<f64, FieldError> {
    if text.is_empty() {
        return Ok(0.0);
    }
    parse_number(text, layout.delimiter)
        .filter(|w| w.abs() < 5_000.0)
        .ok_or_else(|| {
            ferr(
                layout.weight,
                format!("`{text}` is not a weight"),
                "write the weight as a number, e.g. 102.5",
            )
        })
}

/// The weight's unit: the header's, the row's unit column (empty allowed for no weight), or
/// `None` when the format has none.
fn read_unit(layout: &Layout, fields: &[&str], weight: f64) -> Result<Option<Units>, FieldError> {
    let c = match layout.unit {
        UnitSource::Header(u) => return Ok(Some(u)),
        UnitSource::Assumed => return Ok(None),
        UnitSource::Column(c) => c,
    };
    match field(fields, c).to_ascii_lowercase().as_str() {
        "kg" | "kgs" => Ok(Some(Units::Kg)),
        "lb" | "lbs" => Ok(Some(Units::Lb)),
        "" if weight == 0.0 => Ok(None),
        _ => Err(ferr(
            c,
            format!("`{}` is not a weight unit", field(fields, c)),
            "the unit is kg, kgs, lb or lbs",
        )),
    }
}

/// Whether Hevy's `set_type` says warm-up. Error: a set type Hevy does not have.
fn is_hevy_warmup(layout: &Layout, fields: &[&str]) -> Result<bool, FieldError> {
    let Some(c) = layout.set_type else {
        return Ok(false);
    };
    match field(fields, c).to_ascii_lowercase().as_str() {
        "normal" | "dropset" | "failure" | "" => Ok(false),
        "warmup" => Ok(true),
        other => Err(ferr(
            c,
            format!("`{other}` is not a Hevy set type"),
            "Hevy set types are normal, warmup, dropset and failure",
        )),
    }
}

/// The RPE, when the format has it and the field is not empty: a number from 1 to 10.
fn read_rpe(layout: &Layout, fields: &[&str]) -> Result<Option<f64>, FieldError> {
    let Some(c) = layout.rpe else {
        return Ok(None);
    };
    let text = field(fields, c);
    if text.is_empty() {
        return Ok(None);
    }
    parse_number(text, layout.delimiter)
        .filter(|r| (1.0..=10.0).contains(r))
        .map(Some)
        .ok_or_else(|| {
            ferr(
                c,
                format!("`{text}` is not an RPE"),
                "RPE is a number from 1 to 10, e.g. 8.5",
            )
        })
}

/// Parses a number, tolerating float noise (`149.99999999999997`) and, in semicolon files, a
/// decimal comma (`62,5`).
pub(crate) fn parse_number(s: &str, delimiter: u8) -> Option<f64> {
    let s = s.trim();
    let v = match s.parse::<f64>() {
        Ok(v) => v,
        Err(_) if delimiter == b';' && s.matches(',').count() == 1 && !s.contains('.') => {
            s.replace(',', ".").parse::<f64>().ok()?
        }
        Err(_) => return None,
    };
    v.is_finite().then(|| (v * 1e6).round() / 1e6)
}

type DateError = (String, &'static str);

fn parse_iso(s: &str) -> Result<DateTime, DateError> {
    // ISO 8601 and RFC 9557's civil forms: `2021-07-07`, `2021-07-07 18:35`,
    // `2021-07-07T18:35:21` (jiff's own parser, which reading plan dates already needs, rather
    // than its strftime-style one: that and its error messages are 30 KB of the Planner's module)
    if let Ok(dt) = s.parse::<DateTime>() {
        return Ok(dt);
    }
    Err((
        format!("`{s}` is not a date"),
        "dates are written like 2021-07-07 18:35:21 or 2021-07-07",
    ))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1–12) of an English month name or its abbreviation (`Apr`, `April`, `Sept`).
pub(crate) fn english_month(name: &str) -> Option<i8> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    if n.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&n) || (n == "sept" && *m == "september"))
        .and_then(|i| i8::try_from(i + 1).ok())
}

fn parse_hevy(s: &str) -> Result<DateTime, DateError> {
    const HINT: &str = "Hevy dates look like `8 Apr 2026, 16:50`; export with Hevy set to English";
    let bad = || (format!("`{s}` is not a Hevy date"), HINT);
    let (day_part, time_part) = match s.split_once(',') {
        Some((d, t)) => (d.trim(), t.trim()),
        None => {
            // Newer exports may use ISO timestamps.
            return parse_iso(s).map_err(|_| bad());
        }
    };
    let parts: Vec<&str> = day_part.split_whitespace().collect();
    let [day, month, year] = parts[..] else {
        return Err(bad());
    };
    let Some(month) = english_month(month) else {
        if month.chars().all(char::is_alphabetic) {
            return Err((
                format!(
                    "`{month}` in `{s}` is not an English month name: Hevy dates are read in English only"
                ),
                "switch Hevy's language to English before exporting, or rename the months (Jan, Feb, …) in the file",
            ));
        }
        return Err(bad());
    };
    let day: i8 = day.parse().map_err(|_| bad())?;
    let year: i16 = year.parse().map_err(|_| bad())?;
    let date = jiff::civil::Date::new(year, month, day).map_err(|_| bad())?;
    let mut hm = time_part.split(':');
    let hour: i8 = hm
        .next()
        .and_then(|h| h.trim().parse().ok())
        .ok_or_else(bad)?;
    let minute: i8 = hm
        .next()
        .and_then(|m| m.trim().parse().ok())
        .ok_or_else(bad)?;
    let time = jiff::civil::Time::new(hour, minute, 0, 0).map_err(|_| bad())?;
    Ok(date.to_datetime(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_tolerate_noise_and_decimal_commas() {
        assert_eq!(parse_number("149.99999999999997", b','), Some(150.0));
        assert_eq!(parse_number("62,5", b';'), Some(62.5));
        assert_eq!(parse_number("62,5", b','), None);
        assert_eq!(parse_number("NaN", b','), None);
    }

    #[test]
    fn hevy_dates_in_english_only() {
        let d = parse_hevy("8 Apr 2026, 16:50").ok();
        assert_eq!(d.map(|d| d.to_string()), Some("2026-04-08T16:50:00".into()));
        assert!(parse_hevy("08 September 2025, 07:05").is_ok());
        let e = parse_hevy("8 abr 2026, 16:50").err().map(|e| e.0);
        assert!(e.as_deref().is_some_and(|m| m.contains("English")), "{e:?}");
        assert!(parse_hevy("31 Feb 2026, 10:00").is_err());
    }

    #[test]
    fn months() {
        assert_eq!(english_month("Apr"), Some(4));
        assert_eq!(english_month("Sept"), Some(9));
        assert_eq!(english_month("May"), Some(5));
        assert_eq!(english_month("Mär"), None);
        assert_eq!(english_month("ma"), None);
    }
}
