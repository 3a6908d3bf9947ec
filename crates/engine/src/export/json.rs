//! JSON export: the whole [`Schedule`], pretty-printed.
//!
//! The document is the serde serialisation of the schedule (snake_case field names, ISO dates,
//! `null` for absent optional values) with one extra top-level field first:
//! `"format_version": 2` (2 since set lines, training maxes and the load model of issue #12:
//! a prescription's reps, intensity and load moved into its `lines`).
//!
//! # Why a version field
//!
//! The JSON is a contract with other programs (spreadsheets, scripts, apps), and the schedule's
//! internal types will grow. A consumer that checks `format_version` can refuse a document it does
//! not understand instead of misreading it. The rule: adding a field does **not** change the
//! version (consumers must ignore fields they do not know); renaming or removing a field, or
//! changing a field's type or meaning, does. It costs one line and cannot be added later without
//! already having broken someone, so it is there from the start.
//!
//! Every field is described in `docs/plan-json.md`.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::plan::Schedule;

/// The value of the top-level `format_version` field of the JSON export.
pub(crate) const FORMAT_VERSION: u32 = 2;

#[derive(Serialize)]
struct Versioned<'a> {
    format_version: u32,
    #[serde(flatten)]
    schedule: &'a Schedule,
}

/// The schedule as pretty-printed JSON (two-space indent), ending with a newline.
///
/// A plan repeats most of its exercises week after week (the same accessories, the same effort
/// in the same week of a block), so each different prescription is written once, at the depth
/// every prescription has, and copied where it recurs (`Fragments`); the output is byte for
/// byte what serde_json would write (a test checks it).
pub fn to_json(schedule: &Schedule) -> String {
    let doc = Versioned {
        format_version: FORMAT_VERSION,
        schedule,
    };
    let (fragments, by_address) = Fragments::new(schedule);
    // About 14 KiB a week; the buffer grows if that is not enough.
    let mut out = Vec::with_capacity(16 * 1024 * (schedule.weeks.len() + 1));
    let found = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    {
        let _active = Active::new(by_address);
        let written = std::rc::Rc::new(std::cell::Cell::new(0));
        let writer = Counted {
            out: &mut out,
            written: std::rc::Rc::clone(&written),
        };
        let pretty = Pretty {
            marks: Some(Marks {
                written,
                found: std::rc::Rc::clone(&found),
            }),
            ..Pretty::default()
        };
        let mut ser = serde_json::Serializer::with_formatter(writer, pretty);
        // Serialising a `Schedule` cannot fail: it has no maps (so no non-string keys) and no
        // `Serialize` impl that returns an error; non-finite numbers become `null`; writing to
        // a `Vec` does not fail.
        if let Err(e) = doc.serialize(&mut ser) {
            unreachable!("a Schedule always serialises to JSON: {e}");
        }
    }
    let mut out = fragments.splice(&out, &found.borrow());
    out.push(b'\n');
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => unreachable!("serde_json writes UTF-8: {e}"),
    }
}

/// How deep a prescription sits in the document: `{` (the plan) `weeks: [` `{` (a week)
/// `days: [` `{` (a day) `session: {` `prescriptions: [`.
const PRESCRIPTION_DEPTH: usize = 7;

/// Below this, an integer written while [`to_json`] writes a document is a prescription's place
/// holder (`MARK_BASE − index`): nothing in a schedule is a negative number this large (its
/// integers are unsigned, its other numbers under 10^16 in size).
const MARK_BASE: i64 = -7_000_000_000_000_000_000;

thread_local! {
    /// The fragment of every prescription, by address, while [`to_json`] writes a document.
    static ACTIVE: std::cell::RefCell<Option<ByAddress>> = const { std::cell::RefCell::new(None) };
}

/// The index of each prescription's fragment, by the prescription's address.
type ByAddress = std::collections::HashMap<usize, usize>;

/// Every different prescription of a schedule, written once as pretty JSON at
/// [`PRESCRIPTION_DEPTH`].
struct Fragments {
    /// The fragments.
    texts: Vec<Vec<u8>>,
}

impl Fragments {
    /// The fragments of `schedule`'s prescriptions, each different one written once (found by
    /// its [content hash](crate::plan::Prescription::content_hash)), and the fragment of each
    /// prescription.
    fn new(schedule: &Schedule) -> (Fragments, ByAddress) {
        use crate::plan::Prescription;
        let mut seen: std::collections::HashMap<u64, Vec<(&Prescription, usize)>> =
            std::collections::HashMap::new();
        let mut by_address = ByAddress::new();
        let mut texts = Vec::new();
        let sessions = schedule.weeks.iter().flat_map(|w| &w.days);
        for p in sessions
            .filter_map(|d| d.session())
            .flat_map(|s| &s.prescriptions)
        {
            let same = seen.entry(p.content_hash()).or_default();
            let index = match same.iter().find(|(q, _)| *q == p) {
                Some((_, i)) => *i,
                None => {
                    texts.push(fragment(p));
                    same.push((p, texts.len() - 1));
                    texts.len() - 1
                }
            };
            by_address.insert(std::ptr::from_ref(p) as usize, index);
        }
        (Fragments { texts }, by_address)
    }

    /// `out` with the place holders at `marks` replaced by their fragments.
    fn splice(&self, out: &[u8], marks: &[(usize, usize, usize)]) -> Vec<u8> {
        // each place holder gives way to its fragment, once per place (fragments recur)
        let extra: usize = (marks.iter())
            .map(|&(_, len, index)| {
                self.texts
                    .get(index)
                    .map_or(0, Vec::len)
                    .saturating_sub(len)
            })
            .sum();
        // and one byte for the newline `to_json` ends the document with: a buffer one byte short
        // is copied whole to grow (2 % of a plan in all formats)
        let mut result = Vec::with_capacity(out.len() + extra + 1);
        let mut copied = 0;
        for &(at, len, index) in marks {
            let Some(text) = self.texts.get(index) else {
                continue;
            };
            result.extend_from_slice(&out[copied..at]);
            result.extend_from_slice(text);
            copied = at + len;
        }
        result.extend_from_slice(&out[copied..]);
        result
    }
}

/// While it lives, [`prescriptions`] writes place holders for the prescriptions it knows.
struct Active;

impl Active {
    /// Place holders for the prescriptions of `by_address`.
    fn new(by_address: ByAddress) -> Active {
        ACTIVE.with(|a| *a.borrow_mut() = Some(by_address));
        Active
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        ACTIVE.with(|a| *a.borrow_mut() = None);
    }
}

/// A writer that counts what it writes, so the formatter knows where a place holder goes.
struct Counted<'a> {
    out: &'a mut Vec<u8>,
    written: std::rc::Rc<std::cell::Cell<usize>>,
}

impl io::Write for Counted<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.extend_from_slice(buf);
        self.written.set(self.written.get() + buf.len());
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.write(buf).map(|_| ())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What the formatter notes of the place holders: the bytes written so far, and each place
/// holder's offset, length and index.
struct Marks {
    written: std::rc::Rc<std::cell::Cell<usize>>,
    found: std::rc::Rc<std::cell::RefCell<Vec<(usize, usize, usize)>>>,
}

/// `p` as pretty JSON at [`PRESCRIPTION_DEPTH`].
fn fragment(p: &crate::plan::Prescription) -> Vec<u8> {
    let mut out = Vec::with_capacity(2048);
    let pretty = Pretty {
        depth: PRESCRIPTION_DEPTH,
        ..Pretty::default()
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut out, pretty);
    if let Err(e) = p.serialize(&mut ser) {
        unreachable!("a Prescription always serialises to JSON: {e}");
    }
    out
}

/// A session's prescriptions: place holders while [`to_json`] writes a document, else the
/// prescriptions themselves.
pub(crate) fn prescriptions<S: serde::Serializer>(
    list: &[crate::plan::Prescription],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    ACTIVE.with(|active| {
        let active = active.borrow();
        let mut seq = s.serialize_seq(Some(list.len()))?;
        for p in list {
            let index = active
                .as_ref()
                .and_then(|m| m.get(&(std::ptr::from_ref(p) as usize)));
            match index {
                Some(i) => seq.serialize_element(&(MARK_BASE - i64::try_from(*i).unwrap_or(0)))?,
                None => seq.serialize_element(p)?,
            }
        }
        seq.end()
    })
}

/// The layout of `serde_json::to_string_pretty` (two-space indent), but each line break and its
/// indentation is written in one piece: serde_json's `PrettyFormatter` writes indentation two
/// spaces at a time, which was about a third of the instructions for a 52-week plan (callgrind).
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
    /// Where place holders go, while [`to_json`] writes a document (see [`prescriptions`]).
    marks: Option<Marks>,
}

/// `value` in decimal, written at the end of `buf` (20 bytes hold any `i64`).
fn decimal(value: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut n = value.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        // `n % 10` is a digit.
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

/// A comma, a line break and indentation for up to 32 levels.
const BREAK: &[u8; 66] = b",\n                                                                ";

impl Pretty {
    /// Writes a line break (after a comma unless `first`) and the indentation of `self.depth`.
    fn line_break<W: ?Sized + io::Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        let from = usize::from(first);
        let width = 2 * self.depth;
        if 2 + width <= BREAK.len() {
            return w.write_all(&BREAK[from..2 + width]);
        }
        w.write_all(&BREAK[from..2])?;
        (0..self.depth).try_for_each(|_| w.write_all(b"  "))
    }

    /// Opens an array or object.
    fn open<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// Closes an array or object, on a line of its own unless it is empty.
    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line_break(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn write_i64<W: ?Sized + io::Write>(&mut self, w: &mut W, value: i64) -> io::Result<()> {
        let mut buf = [0u8; 20];
        let digits = decimal(value, &mut buf);
        if let Some(m) = self.marks.as_ref().filter(|_| value <= MARK_BASE) {
            let index = usize::try_from(MARK_BASE - value).unwrap_or(usize::MAX);
            let at = m.written.get();
            m.found.borrow_mut().push((at, digits.len(), index));
        }
        w.write_all(digits)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line_break(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.line_break(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Day, DayKind, RestDay, Week};
    use crate::programs::{Level, Units, Weekday};
    use jiff::civil::date;

    fn tiny() -> Schedule {
        Schedule {
            athlete: None,
            program: "P".into(),
            description: String::new(),
            units: Units::Kg,
            start: date(2026, 1, 5),
            end: date(2026, 1, 11),
            level: Level::Novice,
            level_reason: "r".into(),
            deload_every: 6,
            cadence_reason: "c".into(),
            first_deload_week: 6,
            training_days: vec![],
            days_reason: String::new(),
            warnings: vec![],
            wave: None,
            plate_increment: 2.5,
            lifts: vec![],
            history_source: None,
            history_chart: None,
            chart: Default::default(),
            diagnostics: vec![],
            messages: Default::default(),
            weeks: vec![Week {
                number: 1,
                start: date(2026, 1, 5),
                end: date(2026, 1, 11),
                block: "B".into(),
                focus: "f".into(),
                cycle: 0,
                is_deload: false,
                deload_reason: None,
                deload_message: None,
                deload_link: None,
                total_sets: 0,
                days: vec![Day {
                    date: date(2026, 1, 5),
                    weekday: Weekday::Mon,
                    kind: DayKind::Rest(RestDay {
                        note: "n".into(),
                        guidance: vec![],
                        note_message: Default::default(),
                    }),
                }],
            }],
        }
    }

    #[test]
    fn layout_is_serde_jsons_pretty_printing() {
        let mut s = tiny();
        s.warnings = vec!["a".into(), "b".into()];
        s.weeks.push(s.weeks[0].clone());
        let doc = Versioned {
            format_version: FORMAT_VERSION,
            schedule: &s,
        };
        let expected = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
        assert_eq!(to_json(&s), expected);
        // deeper than the indentation buffer
        let deep: serde_json::Value =
            serde_json::from_str(&format!("{}1{}", "[".repeat(40), "]".repeat(40)))
                .unwrap_or_default();
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
        let _ = deep.serialize(&mut ser);
        drop(ser);
        assert_eq!(
            String::from_utf8(out).unwrap_or_default(),
            serde_json::to_string_pretty(&deep).unwrap_or_default()
        );
    }

    #[test]
    fn repeated_prescriptions_are_written_as_serde_json_would() {
        let text = "name: P\ndescription: \"-7777777777000000000 is text\"\nsessions_per_week: 3\nprogression: { rpe: 0.5 }\nblocks:\n  - { name: B, weeks: 3 }\nschemes:\n  w: [[\"top: 1 x 5 @ 80%\", 3 x 5 @ 70%], [1 x 3 @ 85%]]\nsessions:\n  - name: A\n    muscles: [legs]\n    exercises:\n      - { exercise: Squat, scheme: w, lines: [\"BBB: 5 x 10 @ 50%\"] }\n      - { exercise: Curl, sets: 4, reps: 8-12, rir: 2, notes: \"-7777777777000000001 \\u0001\" }\n  - name: C\n    muscles: [back]\n    exercises:\n      - { exercise: Row, sets: 4, reps: 8, load: 60 }\n";
        let (program, _) =
            crate::programs::parse_program_text(text, std::path::Path::new("p.yaml"))
                .unwrap_or_else(|e| panic!("{e}"));
        let input = crate::programs::PlanInput {
            program,
            athlete: None,
        };
        let opts = crate::plan::PlanOptions {
            start: Some(date(2026, 1, 5)),
            weeks: Some(14),
            ..crate::plan::PlanOptions::default()
        };
        let s = crate::plan::plan(&input, &opts).unwrap_or_else(|e| panic!("{e}"));
        let doc = Versioned {
            format_version: FORMAT_VERSION,
            schedule: &s,
        };
        let plain = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
        assert_eq!(to_json(&s), plain);
        // Nothing is left active after a document.
        assert!(ACTIVE.with(|a| a.borrow().is_none()));
    }

    #[test]
    fn decimals_are_rusts() {
        for x in [
            0,
            7,
            -7,
            10,
            1234,
            -1_000_000,
            i64::MAX,
            i64::MIN,
            MARK_BASE - 42,
        ] {
            let mut buf = [0u8; 20];
            assert_eq!(decimal(x, &mut buf), x.to_string().as_bytes());
        }
    }

    #[test]
    fn version_comes_first_and_fields_are_flat() {
        let out = to_json(&tiny());
        assert!(out.starts_with("{\n  \"format_version\": 2,\n  \"athlete\": null,"));
        assert!(out.ends_with("}\n"));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        assert_eq!(v["start"], "2026-01-05");
        assert_eq!(v["units"], "kg");
        assert_eq!(v["level"], "novice");
        assert_eq!(v["weeks"][0]["days"][0]["kind"], "rest");
        assert_eq!(v["weeks"][0]["days"][0]["weekday"], "Monday");
        assert!(v["weeks"][0]["days"][0]["session"].is_null());
    }
}
