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
pub const EARLIEST_YEAR: i16 = 1950;

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
    pub fn name(self) -> &'static str {
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
pub const KNOWN_HEADERS: &[(&str, &str)] = &[
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
pub enum UnitSource {
    /// Fixed by the header (`Weight (kg)`, `weight_lbs`).
    Header(Units),
    /// A unit column read on every row.
    Column(usize),
    /// No unit anywhere: `--units`, default kg.
    Assumed,
}

/// How dates are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// `2021-07-07 18:35:21` (also without seconds, or a bare date).
    Iso,
    /// `8 Apr 2026, 16:50`, English month names.
    Hevy,
}

/// The columns a format's rows are read from (0-based indexes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The format.
    pub format: Format,
    /// Field delimiter.
    pub delimiter: u8,
    /// The session's date (and start time, where given).
    pub date: usize,
    /// How dates are written.
    pub date_style: DateStyle,
    /// Exercise name.
    pub exercise: usize,
    /// Strong's `Set Order` (`W` warm-up, `Rest Timer` rows).
    pub set_order: Option<usize>,
    /// Hevy's `set_type`.
    pub set_type: Option<usize>,
    /// Weight.
    pub weight: usize,
    /// Where the weight unit comes from.
    pub unit: UnitSource,
    /// Reps.
    pub reps: usize,
    /// RPE, where the format has it.
    pub rpe: Option<usize>,
    /// The number of header fields.
    pub width: usize,
}

fn norm(h: &str) -> String {
    h.trim().trim_matches('"').trim().to_ascii_lowercase()
}

/// Recognises a format from its header fields. `None` when no known format matches.
pub fn detect(header: &[String], delimiter: u8) -> Option<Layout> {
    let names: Vec<String> = header.iter().map(|h| norm(h)).collect();
    let col = |n: &str| names.iter().position(|h| h == n);
    let width = names.len();
    // Hevy.
    if let (Some(start), Some(exercise), Some(reps)) =
        (col("start_time"), col("exercise_title"), col("reps"))
    {
        let (weight, unit) = match (col("weight_kg"), col("weight_lbs")) {
            (Some(w), _) => (w, Units::Kg),
            (None, Some(w)) => (w, Units::Lb),
            (None, None) => return None,
        };
        return Some(Layout {
            format: Format::Hevy,
            delimiter,
            date: start,
            date_style: DateStyle::Hevy,
            exercise,
            set_order: None,
            set_type: col("set_type"),
            weight,
            unit: UnitSource::Header(unit),
            reps,
            rpe: col("rpe"),
            width,
        });
    }
    let weight_col = |names: &[String]| -> Option<(usize, Option<Units>)> {
        for (i, h) in names.iter().enumerate() {
            match h.as_str() {
                "weight" => return Some((i, None)),
                "weight (kg)" | "weight (kgs)" => return Some((i, Some(Units::Kg))),
                "weight (lb)" | "weight (lbs)" => return Some((i, Some(Units::Lb))),
                _ => {}
            }
        }
        None
    };
    let (date, reps) = (col("date")?, col("reps")?);
    let (weight, header_unit) = weight_col(&names)?;
    let unit = match (header_unit, col("weight unit")) {
        (Some(u), _) => UnitSource::Header(u),
        (None, Some(c)) => UnitSource::Column(c),
        (None, None) => UnitSource::Assumed,
    };
    // Strong.
    if let (Some(exercise), Some(set_order)) = (col("exercise name"), col("set order")) {
        let format = if col("workout #").is_some() {
            Format::StrongNumbered
        } else if delimiter == b';' || matches!(unit, UnitSource::Column(_)) {
            Format::StrongSemicolon
        } else if col("duration").is_some() || col("rpe").is_some() {
            Format::StrongCurrent
        } else {
            Format::StrongOlder
        };
        return Some(Layout {
            format,
            delimiter,
            date,
            date_style: DateStyle::Iso,
            exercise,
            set_order: Some(set_order),
            set_type: None,
            weight,
            unit,
            reps,
            rpe: col("rpe"),
            width,
        });
    }
    // FitNotes.
    if let (Some(exercise), Some(_)) = (col("exercise"), col("category")) {
        return Some(Layout {
            format: Format::FitNotes,
            delimiter,
            date,
            date_style: DateStyle::Iso,
            exercise,
            set_order: None,
            set_type: None,
            weight,
            unit,
            reps,
            rpe: None,
            width,
        });
    }
    None
}

/// What one row holds, once read.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// A set.
    Set(RawSet),
    /// A Strong `Rest Timer` row.
    RestTimer,
    /// A row with no reps (cardio, a timed hold).
    NoReps,
}

/// A set as read from a row, before units are settled.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSet {
    /// Session start (midnight when the format gives only a date).
    pub session: DateTime,
    /// Exercise name, trimmed.
    pub exercise: String,
    /// Weight in `unit` (0 for bodyweight or assisted).
    pub weight: f64,
    /// The weight's unit (`None`: assumed, see [`UnitSource::Assumed`]).
    pub unit: Option<Units>,
    /// Reps, at least 1.
    pub reps: u32,
    /// RPE, 1–10.
    pub rpe: Option<f64>,
    /// Whether this is a warm-up set.
    pub warmup: bool,
}

/// A problem in one field of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field (0-based).
    pub field: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

fn ferr(field: usize, message: String, hint: &str) -> FieldError {
    FieldError {
        field,
        message,
        hint: hint.to_string(),
    }
}

/// Reads one record with `layout`. `today` bounds dates.
pub fn read_row(layout: &Layout, fields: &[&str], today: Date) -> Result<Row, FieldError> {
    let get = |i: usize| fields.get(i).map_or("", |s| s.trim());
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
    if fields.len() <= needed {
        return Err(ferr(
            fields.len().saturating_sub(1),
            format!(
                "the row has {} field{}, the header {}",
                fields.len(),
                if fields.len() == 1 { "" } else { "s" },
                layout.width
            ),
            "a field is missing or a quote is not closed; compare the row with the header",
        ));
    }
    let exercise = get(layout.exercise);
    let order = layout.set_order.map(get).unwrap_or("");
    if order.eq_ignore_ascii_case("rest timer") || exercise.eq_ignore_ascii_case("rest timer") {
        return Ok(Row::RestTimer);
    }
    let session = match layout.date_style {
        DateStyle::Iso => parse_iso(get(layout.date)),
        DateStyle::Hevy => parse_hevy(get(layout.date)),
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
    if exercise.is_empty() {
        return Err(ferr(
            layout.exercise,
            "the exercise name is empty".to_string(),
            "every set needs the exercise it belongs to",
        ));
    }
    let reps_text = get(layout.reps);
    let reps = if reps_text.is_empty() {
        0.0
    } else {
        parse_number(reps_text, layout.delimiter).ok_or_else(|| {
            ferr(
                layout.reps,
                format!("`{reps_text}` is not a number of reps"),
                "reps are a whole number, e.g. 5",
            )
        })?
    };
    if !(0.0..=10_000.0).contains(&reps) || (reps - reps.round()).abs() > 1e-6 {
        return Err(ferr(
            layout.reps,
            format!("`{reps_text}` is not a number of reps"),
            "reps are a whole number from 0 up, e.g. 5",
        ));
    }
    // `reps` is a whole number in 0..=10_000, so the conversion is exact.
    let reps = reps.round() as u32;
    let weight_text = get(layout.weight);
    let weight = if weight_text.is_empty() {
        0.0
    } else {
        parse_number(weight_text, layout.delimiter)
            .filter(|w| w.abs() < 5_000.0)
            .ok_or_else(|| {
                ferr(
                    layout.weight,
                    format!("`{weight_text}` is not a weight"),
                    "write the weight as a number, e.g. 102.5",
                )
            })?
    };
    let unit = match layout.unit {
        UnitSource::Header(u) => Some(u),
        UnitSource::Assumed => None,
        UnitSource::Column(c) => {
            let t = get(c).to_ascii_lowercase();
            match t.as_str() {
                "kg" | "kgs" => Some(Units::Kg),
                "lb" | "lbs" => Some(Units::Lb),
                "" if weight == 0.0 => None,
                _ => {
                    return Err(ferr(
                        c,
                        format!("`{}` is not a weight unit", get(c)),
                        "the unit is kg, kgs, lb or lbs",
                    ));
                }
            }
        }
    };
    let mut warmup = order.eq_ignore_ascii_case("w");
    if let Some(c) = layout.set_type {
        match get(c).to_ascii_lowercase().as_str() {
            "normal" | "dropset" | "failure" | "" => {}
            "warmup" => warmup = true,
            other => {
                return Err(ferr(
                    c,
                    format!("`{other}` is not a Hevy set type"),
                    "Hevy set types are normal, warmup, dropset and failure",
                ));
            }
        }
    }
    let rpe = match layout.rpe.map(get).filter(|s| !s.is_empty()) {
        None => None,
        Some(t) => Some(
            parse_number(t, layout.delimiter)
                .filter(|r| (1.0..=10.0).contains(r))
                .ok_or_else(|| {
                    ferr(
                        layout.rpe.unwrap_or(0),
                        format!("`{t}` is not an RPE"),
                        "RPE is a number from 1 to 10, e.g. 8.5",
                    )
                })?,
        ),
    };
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

/// Parses a number, tolerating float noise (`149.99999999999997`) and, in semicolon files, a
/// decimal comma (`62,5`).
pub fn parse_number(s: &str, delimiter: u8) -> Option<f64> {
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
    use jiff::fmt::strtime;
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(dt) = strtime::parse(f, s).and_then(|t| t.to_datetime()) {
            return Ok(dt);
        }
    }
    if let Ok(d) = s.parse::<Date>() {
        return Ok(d.to_datetime(jiff::civil::Time::midnight()));
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
pub fn english_month(name: &str) -> Option<i8> {
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
