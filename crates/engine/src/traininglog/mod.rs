//! Training logs: CSV exports of Strong, Hevy and FitNotes read into a [`TrainingLog`], and the
//! training history derived from it ([`derive::derive`]).
//!
//! - `formats.rs`: the formats ([`Format`]), their detection from the header, one row reader per
//!   format;
//! - [`derive`](mod@derive): pure analysis (training age, weekly volume, deloads, e1RM, stalls, ACWR, warning
//!   signs, the recommended next deload) and how it feeds the plan engine;
//! - [`chart`]: the weekly-volume chart as SVG.
//!
//! Nothing here reads the clock: the caller passes `today`. Rows that do not parse are errors with
//! the file, line and column; with [`ImportOptions::skip_bad_rows`] they become warnings and are
//! counted instead.

pub mod chart;
pub mod derive;
mod evidence;
pub(crate) mod formats;

use std::path::{Path, PathBuf};

use jiff::civil::{Date, DateTime};

pub use derive::{DerivedHistory, derive};
pub use formats::Format;

use crate::error::{Error, Location};
use crate::programs::Units;
use formats::{FieldError, Layout, RawSet, Row, UnitSource};

/// How many skipped rows are reported one by one; the rest are only counted.
pub(crate) const MAX_ROW_WARNINGS: usize = 20;

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
    pub(crate) fn date(&self) -> Date {
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
pub(crate) fn import(
    path: &Path,
    opts: &ImportOptions,
) -> Result<(TrainingLog, Vec<Error>), Error> {
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
    let src = LogText {
        text,
        path,
        delimiter: sniff_delimiter(first_line(text)),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(src.delimiter)
        .from_reader(text.as_bytes());
    let layout = read_header(&mut reader, &src)?;
    let rows = read_rows(&mut reader, &layout, &src, opts)?;
    let mut warnings = rows.warnings;
    let choice = choose_units(layout.unit, &rows.sets, opts.units);
    warnings.extend(mixed_units_warning(&choice, path));
    let assumed = layout.unit == UnitSource::Assumed;
    Ok((
        TrainingLog {
            path: path.to_path_buf(),
            format: layout.format,
            units: choice.units,
            units_note: choice.note,
            rows: rows.rows,
            sets: logged_sets(rows.sets, choice.units, assumed),
            rest_timer_rows: rows.rest_timer_rows,
            no_rep_rows: rows.no_rep_rows,
            skipped_rows: rows.skipped_rows,
        },
        warnings,
    ))
}

/// The text of a log being read, for locating errors.
struct LogText<'a> {
    /// The text, without a byte-order mark.
    text: &'a str,
    /// The file, for messages.
    path: &'a Path,
    /// The field delimiter the header uses.
    delimiter: u8,
}

/// Reads the header row and recognises the format from it. Error: a header no known format has,
/// with the known headers as notes.
fn read_header(reader: &mut csv::Reader<&[u8]>, src: &LogText<'_>) -> Result<Layout, Error> {
    let mut record = csv::StringRecord::new();
    let header: Vec<String> = match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    if let Some(layout) = formats::detect(&header, src.delimiter) {
        return Ok(layout);
    }
    let mut e = Error::new(format!(
        "this is not a training log deload knows: the header is `{}`",
        first_line(src.text)
    ))
    .in_file(src.path)
    .at(Location { line: 1, column: 1 }, src.text)
    .with_hint(
        "export from Strong, Hevy or FitNotes as CSV and give the file as exported (the header row tells deload the format)",
    );
    for (name, header) in formats::KNOWN_HEADERS {
        e = e.with_note(format!("known: {name}: {header}"));
    }
    Err(e)
}

/// What the data rows held.
#[derive(Default)]
struct Rows {
    /// The sets, each with its line in the file.
    sets: Vec<(RawSet, usize)>,
    /// Data rows (lines of only whitespace are not rows).
    rows: usize,
    /// Strong `Rest Timer` rows.
    rest_timer_rows: usize,
    /// Rows without reps.
    no_rep_rows: usize,
    /// Rows that did not parse and were skipped.
    skipped_rows: usize,
    /// One warning per skipped row (at most [`MAX_ROW_WARNINGS`], then a count).
    warnings: Vec<Error>,
}

/// Reads every data row with `layout`. A row that does not parse is an error, or with
/// [`ImportOptions::skip_bad_rows`] a warning. Error also: no sets at all.
fn read_rows(
    reader: &mut csv::Reader<&[u8]>,
    layout: &Layout,
    src: &LogText<'_>,
    opts: &ImportOptions,
) -> Result<Rows, Error> {
    let mut out = Rows::default();
    let mut record = csv::StringRecord::new();
    while let Some((line, byte)) = next_record(reader, &mut record, src)? {
        // A line of only whitespace is not a row.
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        out.rows += 1;
        let fields: Vec<&str> = record.iter().collect();
        match formats::read_row(layout, &fields, opts.today) {
            Ok(Row::Set(s)) => out.sets.push((s, line)),
            Ok(Row::RestTimer) => out.rest_timer_rows += 1,
            Ok(Row::NoReps) => out.no_rep_rows += 1,
            Err(fe) => out.skip(row_error(src, line, byte, &fe), opts.skip_bad_rows)?,
        }
    }
    if out.skipped_rows > MAX_ROW_WARNINGS {
        out.warnings.push(
            Error::new(format!(
                "{} more rows that do not parse were skipped ({} in all)",
                out.skipped_rows - MAX_ROW_WARNINGS,
                out.skipped_rows
            ))
            .in_file(src.path),
        );
    }
    if out.sets.is_empty() {
        let what = if out.rows == 0 {
            "the training log has a header but no rows".to_string()
        } else {
            format!(
                "the training log has {} rows but no sets with reps",
                out.rows
            )
        };
        return Err(Error::new(what).in_file(src.path).with_hint(
            "export the whole history from the app; deload needs logged sets (weight and reps)",
        ));
    }
    Ok(out)
}

impl Rows {
    /// A row that did not parse: the error, unless `skip_bad_rows`; then a warning (the first
    /// [`MAX_ROW_WARNINGS`]) and a count.
    fn skip(&mut self, e: Error, skip_bad_rows: bool) -> Result<(), Error> {
        if !skip_bad_rows {
            return Err(e.with_note(
                "fix the row, or pass --skip-bad-rows to leave out rows that do not parse",
            ));
        }
        self.skipped_rows += 1;
        if self.skipped_rows <= MAX_ROW_WARNINGS {
            self.warnings
                .push(e.with_note("row skipped (--skip-bad-rows)"));
        }
        Ok(())
    }
}

/// Reads the next record into `record`: its line and byte offset, or `None` at the end. Error: a
/// row the CSV reader cannot read (an unclosed quote).
fn next_record(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut csv::StringRecord,
    src: &LogText<'_>,
) -> Result<Option<(usize, usize)>, Error> {
    match reader.read_record(record) {
        Ok(false) => Ok(None),
        Ok(true) => {
            let pos = record.position();
            let line = pos.map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
            let byte = pos.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
            Ok(Some((line, byte)))
        }
        Err(e) => {
            let byte = e
                .position()
                .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
            Err(Error::new(format!("cannot read this row: {e}"))
                .in_file(src.path)
                .at_offset(src.text, byte)
                .with_hint("check the quotes on this line"))
        }
    }
}

/// The error for a bad field of the record that starts at byte `start` on line `line`, located
/// at the field. Only the record's own text is read (never the file from its start), so a log
/// of many bad rows is read in linear time with `--skip-bad-rows`.
fn row_error(src: &LogText<'_>, line: usize, start: usize, fe: &FieldError) -> Error {
    let text = src.text;
    let start = start.min(text.len());
    let offset = field_offset(text, start, fe.field, src.delimiter);
    // a quoted field may hold line breaks: the field's line is the last one begun before it
    let before = text.get(start..offset).unwrap_or("");
    let line_start = before.rfind('\n').map_or(start, |i| start + i + 1);
    let line = line.max(1) + before.matches('\n').count();
    let column = text
        .get(line_start..offset)
        .map_or(0, |s| s.chars().count())
        + 1;
    let rest = text.get(line_start..).unwrap_or("");
    let source = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let mut e = Error::new(fe.message.clone())
        .in_file(src.path)
        .with_hint(fe.hint.clone());
    e.location = Some(Location { line, column });
    e.source_line = Some(source.to_string());
    e
}

/// The units of a log's report, how they were chosen, and the sets written in each unit.
struct UnitChoice {
    /// The units every weight is converted to.
    units: Units,
    /// How they were chosen.
    note: String,
    /// Sets whose row says kg.
    kg: usize,
    /// Sets whose row says lb.
    lb: usize,
}

/// The report's units: `asked` (`--units`) when given, else the file's (the unit most sets are
/// written in), else kg.
fn choose_units(source: UnitSource, sets: &[(RawSet, usize)], asked: Option<Units>) -> UnitChoice {
    let kg = sets
        .iter()
        .filter(|(s, _)| s.unit == Some(Units::Kg))
        .count();
    let lb = sets
        .iter()
        .filter(|(s, _)| s.unit == Some(Units::Lb))
        .count();
    let (units, note) = match (source, asked) {
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
    UnitChoice {
        units,
        note,
        kg,
        lb,
    }
}

/// A warning when the log writes some sets in kg and others in lb.
fn mixed_units_warning(choice: &UnitChoice, path: &Path) -> Option<Error> {
    let (kg, lb, units) = (choice.kg, choice.lb, choice.units);
    (kg > 0 && lb > 0).then(|| {
        Error::new(format!(
            "the log mixes units: {kg} sets in kg and {lb} in lb; every weight is converted to {units}"
        ))
        .in_file(path)
        .with_hint("check that each set's unit is right in the app; a wrong unit changes loads by a factor of 2.2")
    })
}

/// The sets with every weight converted to `units` (a set without a unit is in `units` when the
/// format has no unit anywhere, else in kg).
fn logged_sets(raw: Vec<(RawSet, usize)>, units: Units, assumed: bool) -> Vec<LoggedSet> {
    raw.into_iter()
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
        .collect()
}

/// What a log changed in a plan's input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Applied {
    /// Maxes taken from recent e1RMs: (program exercise, value in the program's units).
    pub(crate) maxes: Vec<(String, f64)>,
}

/// Puts the history derived from a log into `input` for the plan engine: the athlete's training
/// years and weeks since the last deload become the log's (a stated level gives way to them), the
/// early deload, the log's warning signs (which count towards the cadence as the athlete file's
/// signs do) and the cover sentence are recorded, and each main lift of the program gets its 1RM
/// from the lift's recent e1RM, in the plan's units, where the athlete file states none or a
/// lower one and the e1RM is recent (`evidence.rs`: a stated max stands against lighter or old
/// logged sets, which do not show a lower max), recording what each max rests on. A program
/// planned without an athlete file gets an unnamed athlete. Sleep, the file's signs and
/// everything else stay as they were.
///
/// Errors: a percentage prescription with no max in the athlete file or the log.
pub(crate) fn apply_to_input(
    input: &mut crate::programs::PlanInput,
    h: &DerivedHistory,
) -> Result<Applied, Error> {
    let program_units = input.program.units;
    let athlete = input.athlete.get_or_insert_with(Default::default);
    let units = athlete.units.unwrap_or(program_units);
    athlete.history.level = None;
    athlete.history.training_years = Some(h.training_years);
    athlete.history.weeks_since_deload = Some(h.weeks_since_deload);
    athlete.history.early_deload.clone_from(&h.early_deload);
    athlete
        .history
        .early_deload_message
        .clone_from(&h.early_deload_message);
    athlete.history.log_signs = h.warning_signs.iter().map(|w| w.kind.clone()).collect();
    let effective = crate::programs::effective_program(&input.program, Some(athlete));
    let mut applied = Applied { maxes: Vec::new() };
    let mut seen = std::collections::BTreeSet::new();
    for ex in effective.sessions.iter().flat_map(|s| &s.exercises) {
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
        let value = (units.convert(trend.recent_e1rm, h.units) * 10.0).round() / 10.0;
        if value <= 0.0 {
            continue;
        }
        // The stated max stands unless the log shows more, recently ([`evidence`]).
        let stated = athlete.maxes.get(&key).copied();
        let (chosen, evidence) = evidence::choose(stated, value, trend, (units, h.units), h.as_of);
        athlete.max_evidence.insert(key.clone(), evidence);
        if let Some(value) = chosen {
            athlete.maxes.insert(key.clone(), value);
            athlete.log_maxes.push(key);
            applied.maxes.push((ex.exercise.clone(), value));
        }
    }
    let mut source = h.summary();
    if !applied.maxes.is_empty() {
        let list: Vec<String> = applied
            .maxes
            .iter()
            .map(|(e, v)| format!("{e} {} {units}", crate::text::fmt_num(*v)))
            .collect();
        source.push_str(&format!(
            "; 1RMs from recent e1RMs (Epley): {}",
            list.join(", ")
        ));
    }
    athlete.history.source = Some(source);
    athlete.history.source_message = Some(source_message(h, &applied, units));
    if let Some(missing) = athlete.missing_max(&effective) {
        return Err(Error::new(missing.message()).with_hint(format!(
            "the log has no barbell squat, bench press, deadlift or overhead press sets that match it: {}",
            missing.hint(units)
        )));
    }
    Ok(applied)
}

/// The cover's "From your log ..." line ([`DerivedHistory::summary`] and the maxes taken from
/// the log) as a message.
fn source_message(h: &DerivedHistory, applied: &Applied, units: Units) -> crate::message::Message {
    use crate::message::{Arg, Message};
    let format = h.format_name.split(" (").next().unwrap_or(&h.format_name);
    let early = match &h.early_deload_message {
        Some(why) => Message::new("plan_log_source_early").msg("why", why.clone()),
        None => Message::new("plan_nothing"),
    };
    let maxes = if applied.maxes.is_empty() {
        Message::new("plan_nothing")
    } else {
        let each = (applied.maxes.iter())
            .map(|(e, v)| {
                Message::new("plan_log_source_max")
                    .name("exercise", e.as_str())
                    .num("max", *v)
                    .name("units", units.as_str())
            })
            .collect();
        Message::new("plan_log_source_maxes").with("maxes", Arg::List(each))
    };
    Message::new("plan_log_source")
        .name("format", format)
        .count("n", u64::try_from(h.sessions).unwrap_or(u64::MAX))
        .with("first", Arg::Date(h.first_session))
        .with("last", Arg::Date(h.last_session))
        .num("years", h.training_years)
        .with(
            "level",
            Arg::Word(format!("sheet_level_{}", h.level.as_str())),
        )
        .msg("since", h.weeks_since_deload_message.clone())
        .msg("early", early)
        .msg("maxes", maxes)
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
