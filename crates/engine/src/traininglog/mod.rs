//! Training logs: CSV exports of Strong, Hevy and FitNotes read into a [`TrainingLog`], and the
//! training history derived from it ([`derive::derive`]).
//!
//! - [`formats`]: the formats, their detection from the header, one row reader per format;
//! - [`derive`]: pure analysis (training age, weekly volume, deloads, e1RM, stalls, ACWR, warning
//!   signs, the recommended next deload) and how it feeds the plan engine;
//! - [`chart`]: the weekly-volume chart as SVG.
//!
//! Nothing here reads the clock: the caller passes `today`. Rows that do not parse are errors with
//! the file, line and column; with [`ImportOptions::skip_bad_rows`] they become warnings and are
//! counted instead.

pub mod chart;
pub mod derive;
pub mod formats;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime};

pub use derive::{DerivedHistory, derive};
pub use formats::Format;

use crate::error::{Error, Location};
use crate::programs::Units;
use formats::{Row, UnitSource};

/// How many skipped rows are reported one by one; the rest are only counted.
pub const MAX_ROW_WARNINGS: usize = 20;

/// Choices for reading a log.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    /// Units of a weight column without a unit (Strong's comma exports), and of the report.
    /// `None`: the log's own unit, else kg.
    pub units: Option<Units>,
    /// Skip rows that do not parse (each one a warning, all counted) instead of failing.
    pub skip_bad_rows: bool,
    /// Today's date: later dates are errors, and the analysis is made as of this day.
    pub today: Date,
}

/// One set from the log.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedSet {
    /// The session it belongs to (its start; midnight when the format has only dates).
    pub session: DateTime,
    /// Exercise name as logged.
    pub exercise: String,
    /// Weight in the log's [`TrainingLog::units`] (0 for bodyweight).
    pub weight: f64,
    /// The weight as written, in hundredths of its own unit (lb rows odd, kg rows even), so
    /// "the same load" compares exactly.
    pub load_key: i64,
    /// Reps.
    pub reps: u32,
    /// RPE, when logged.
    pub rpe: Option<f64>,
    /// A warm-up set (not a work set).
    pub warmup: bool,
    /// The line of the file it came from.
    pub line: usize,
}

impl LoggedSet {
    /// The calendar day of the session.
    pub fn date(&self) -> Date {
        self.session.date()
    }
}

/// A training log, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingLog {
    /// The file it was read from.
    pub path: PathBuf,
    /// The format recognised from the header.
    pub format: Format,
    /// Units of every weight in [`sets`](Self::sets).
    pub units: Units,
    /// How the units were chosen ("weights read as kg: ...").
    pub units_note: String,
    /// Data rows in the file.
    pub rows: usize,
    /// The sets (work sets and warm-ups), in file order.
    pub sets: Vec<LoggedSet>,
    /// Strong `Rest Timer` rows, which are not sets.
    pub rest_timer_rows: usize,
    /// Rows without reps (cardio, timed holds), left out.
    pub no_rep_rows: usize,
    /// Rows that did not parse and were skipped (`--skip-bad-rows`).
    pub skipped_rows: usize,
}

/// Reads the log at `path` (UTF-8, a byte-order mark is dropped). Returns the log and warnings.
pub fn import(path: &Path, opts: &ImportOptions) -> Result<(TrainingLog, Vec<Error>), Error> {
    let text = crate::fs::read_text(path)?;
    parse(&text, path, opts)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end_matches('\r')
}

/// The delimiter of a header line: `;` when it has more semicolons than commas outside quotes.
fn sniff_delimiter(line: &str) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

/// The byte offset in `text` where field `field` of the record starting at `start` begins.
fn field_offset(text: &str, start: usize, field: usize, delimiter: u8) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut n, mut quoted) = (start.min(bytes.len()), 0, false);
    while i < bytes.len() && n < field {
        let b = bytes[i];
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            n += 1;
        } else if (b == b'\n' || b == b'\r') && !quoted {
            break;
        }
        i += 1;
    }
    i
}

/// Parses log text (pure: `path` is only used in messages). Returns the log and warnings.
pub fn parse(
    text: &str,
    path: &Path,
    opts: &ImportOptions,
) -> Result<(TrainingLog, Vec<Error>), Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::new("the training log is empty")
            .in_file(path)
            .with_hint(
                "export the log again from the app; the file should start with a header row",
            ));
    }
    let header_line = first_line(text);
    let delimiter = sniff_delimiter(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let header: Vec<String> = match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    let Some(layout) = formats::detect(&header, delimiter) else {
        let known: Vec<String> = formats::KNOWN_HEADERS
            .iter()
            .map(|(n, h)| format!("{n}: {h}"))
            .collect();
        let mut e = Error::new(format!(
            "this is not a training log deload knows: the header is `{header_line}`"
        ))
        .in_file(path)
        .at(Location { line: 1, column: 1 }, text)
        .with_hint(
            "export from Strong, Hevy or FitNotes as CSV and give the file as exported (the header row tells deload the format)",
        );
        for k in known {
            e = e.with_note(format!("known: {k}"));
        }
        return Err(e);
    };

    let mut warnings = Vec::new();
    let mut raw = Vec::new();
    let (mut rows, mut rest_timer_rows, mut no_rep_rows, mut skipped_rows) = (0, 0, 0, 0);
    loop {
        let pos_line;
        let pos_byte;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let pos = record.position();
                pos_line = pos.map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                pos_byte = pos.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
            }
            Err(e) => {
                let byte = e
                    .position()
                    .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
                return Err(Error::new(format!("cannot read this row: {e}"))
                    .in_file(path)
                    .at_offset(text, byte)
                    .with_hint("check the quotes on this line"));
            }
        }
        // A line of only whitespace is not a row.
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let fields: Vec<&str> = record.iter().collect();
        match formats::read_row(&layout, &fields, opts.today) {
            Ok(Row::Set(s)) => raw.push((s, pos_line)),
            Ok(Row::RestTimer) => rest_timer_rows += 1,
            Ok(Row::NoReps) => no_rep_rows += 1,
            Err(fe) => {
                let offset = field_offset(text, pos_byte, fe.field, delimiter);
                let loc = Location::from_offset(text, offset);
                let make = || {
                    Error::new(fe.message.clone())
                        .in_file(path)
                        .at(loc, text)
                        .with_hint(fe.hint.clone())
                };
                if !opts.skip_bad_rows {
                    return Err(make().with_note(
                        "fix the row, or pass --skip-bad-rows to leave out rows that do not parse",
                    ));
                }
                skipped_rows += 1;
                if skipped_rows <= MAX_ROW_WARNINGS {
                    warnings.push(make().with_note("row skipped (--skip-bad-rows)"));
                }
            }
        }
    }
    if skipped_rows > MAX_ROW_WARNINGS {
        warnings.push(
            Error::new(format!(
                "{} more rows that do not parse were skipped ({skipped_rows} in all)",
                skipped_rows - MAX_ROW_WARNINGS
            ))
            .in_file(path),
        );
    }
    if raw.is_empty() {
        let what = if rows == 0 {
            "the training log has a header but no rows".to_string()
        } else {
            format!("the training log has {rows} rows but no sets with reps")
        };
        return Err(Error::new(what).in_file(path).with_hint(
            "export the whole history from the app; deload needs logged sets (weight and reps)",
        ));
    }

    // Units: count what the rows say, pick the report's units, convert.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (s, _) in &raw {
        if let Some(u) = s.unit {
            *counts.entry(u.as_str()).or_default() += 1;
        }
    }
    let kg = counts.get("kg").copied().unwrap_or(0);
    let lb = counts.get("lb").copied().unwrap_or(0);
    let (units, units_note) = match (layout.unit, opts.units) {
        (UnitSource::Assumed, Some(u)) => (u, format!("weights read as {u} (--units {u})")),
        (UnitSource::Assumed, None) => (
            Units::Kg,
            "weights read as kg: this export has no unit column (pass --units lb for pounds)"
                .to_string(),
        ),
        (_, Some(u)) => (
            u,
            format!("weights converted to {u} (--units {u}) from the units in the file"),
        ),
        (_, None) => {
            let u = if lb > kg { Units::Lb } else { Units::Kg };
            (u, format!("weights in {u}, as the file gives them"))
        }
    };
    if kg > 0 && lb > 0 {
        warnings.push(
            Error::new(format!(
                "the log mixes units: {kg} sets in kg and {lb} in lb; every weight is converted to {units}"
            ))
            .in_file(path)
            .with_hint("check that each set's unit is right in the app; a wrong unit changes loads by a factor of 2.2"),
        );
    }
    let assumed = layout.unit == UnitSource::Assumed;
    let sets = raw
        .into_iter()
        .map(|(s, line)| {
            let from = s.unit.unwrap_or(if assumed { units } else { Units::Kg });
            // Hundredths of the written weight; the weight is under 5000, so this fits.
            let key = (s.weight * 100.0).round() as i64 * 2 + i64::from(from == Units::Lb);
            LoggedSet {
                session: s.session,
                exercise: s.exercise,
                weight: units.convert(s.weight, from),
                load_key: key,
                reps: s.reps,
                rpe: s.rpe,
                warmup: s.warmup,
                line,
            }
        })
        .collect();
    Ok((
        TrainingLog {
            path: path.to_path_buf(),
            format: layout.format,
            units,
            units_note,
            rows,
            sets,
            rest_timer_rows,
            no_rep_rows,
            skipped_rows,
        },
        warnings,
    ))
}

/// What a log changed in a plan's input.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    /// Maxes taken from recent e1RMs: (program exercise, value in the program's units).
    pub maxes: Vec<(String, f64)>,
}

/// Puts the history derived from a log into `input` for the plan engine: the athlete's training
/// years and weeks since the last deload become the log's (a stated level gives way to them), the
/// early deload and the cover sentence are recorded, and each main lift of the program gets its
/// 1RM from the lift's recent e1RM (the log wins over typed maxes). A program planned without an
/// athlete file gets an unnamed athlete. Sleep, signs and everything else stay as they were.
///
/// Errors: a percent-of-1RM prescription with no max in the athlete file or the log.
pub fn apply_to_input(
    input: &mut crate::programs::PlanInput,
    h: &DerivedHistory,
) -> Result<Applied, Error> {
    let program_units = input.program.units;
    let athlete = input.athlete.get_or_insert_with(Default::default);
    athlete.history.level = None;
    athlete.history.training_years = Some(h.training_years);
    athlete.history.weeks_since_deload = Some(h.weeks_since_deload);
    athlete.history.early_deload.clone_from(&h.early_deload);
    let effective = crate::programs::effective_program(&input.program, Some(athlete));
    let mut applied = Applied { maxes: Vec::new() };
    let mut seen = std::collections::BTreeSet::new();
    for s in &effective.sessions {
        for ex in &s.exercises {
            let Some(lift) = derive::main_lift(&ex.exercise) else {
                continue;
            };
            let Some(trend) = h.lifts.iter().find(|l| l.lift == lift) else {
                continue;
            };
            let key = ex.exercise.trim().to_lowercase();
            if !seen.insert(key.clone()) {
                continue;
            }
            let value = (program_units.convert(trend.recent_e1rm, h.units) * 10.0).round() / 10.0;
            if value > 0.0 {
                athlete.maxes.insert(key, value);
                applied.maxes.push((ex.exercise.clone(), value));
            }
        }
    }
    let mut source = h.summary();
    if !applied.maxes.is_empty() {
        let list: Vec<String> = applied
            .maxes
            .iter()
            .map(|(e, v)| format!("{e} {} {program_units}", crate::text::fmt_num(*v)))
            .collect();
        source.push_str(&format!(
            "; 1RMs from recent e1RMs (Epley): {}",
            list.join(", ")
        ));
    }
    athlete.history.source = Some(source);
    for s in &effective.sessions {
        for ex in &s.exercises {
            if matches!(ex.intensity, Some(crate::programs::Intensity::Percent(_)))
                && athlete.max_for(&ex.exercise).is_none()
            {
                return Err(Error::new(format!(
                    "no one-rep max for `{}`, which session `{}` prescribes as a percentage of 1RM",
                    ex.exercise, s.name
                ))
                .with_hint(format!(
                    "the log has no barbell squat, bench press, deadlift or overhead press sets that match it: add it under `maxes:` in the athlete file, e.g. `{}: 100 {program_units}`",
                    ex.exercise
                )));
            }
        }
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> ImportOptions {
        ImportOptions {
            units: None,
            skip_bad_rows: false,
            today: jiff::civil::date(2026, 6, 1),
        }
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter("a,b;c,d"), b',');
        assert_eq!(sniff_delimiter("\"a,b\";\"c\";\"d\""), b';');
    }

    #[test]
    fn bad_field_has_line_and_column() {
        let text = "Date,Exercise,Category,Weight,Weight Unit,Reps\n\
                    2026-01-05,Squat,Legs,100,kgs,5\n\
                    2026-01-05,\"Squat, paused\",Legs,abc,kgs,5\n";
        let e = parse(text, Path::new("log.csv"), &opts()).err();
        let loc = e.as_ref().and_then(|e| e.location);
        assert_eq!(
            loc,
            Some(Location {
                line: 3,
                column: 33
            }),
            "{e:?}"
        );
    }

    #[test]
    fn unknown_header_lists_formats() {
        let e = parse("when,what\n1,2\n", Path::new("x.csv"), &opts()).err();
        let e = e.map(|e| (e.message, e.notes.len()));
        assert!(
            e.as_ref()
                .is_some_and(|(m, n)| m.contains("when,what") && *n == 6),
            "{e:?}"
        );
    }
}
