//! Set lines and schemes: the short notation coaches write sets in.
//!
//! A set line is text: `[SETS x] REPS [@ INTENSITY]`, optionally after a label and a colon.
//!
//! | part | forms | examples |
//! |---|---|---|
//! | label | text before `: `; a label starting with `warm` marks warm-up sets | `warm-up: 2 x 5 @ 40%`, `BBB: 5 x 10 @ 50%` |
//! | sets | a whole number before `x` (or `×`); 1 without it | `3 x 5`, `5×10`, `5` (one set) |
//! | reps | a number, a range, `N+` (at least N, as many as possible) or `AMRAP` | `5`, `8-12`, `5+`, `AMRAP` |
//! | intensity | `P%` (of the exercise's base: the program's `percent_of`, 1RM by default), `P% TM`, `P% 1RM`, `RPE r`, `RIR r`, a load with its unit | `@ 85%`, `@ 85% TM`, `@ RPE 8`, `@ RIR 2`, `@ 60 kg` |
//!
//! In a YAML list a labelled line can be written plainly (`- warm-up: 2 x 5 @ 40%` is read as a
//! one-key mapping, label to line) or quoted.
//!
//! A scheme (`schemes:` in a program) is a list of weeks, each a list of set lines:
//!
//! ```yaml
//! schemes:
//!   5/3/1:
//!     - [5 @ 65%, 5 @ 75%, 5+ @ 85%]
//!     - [3 @ 70%, 3 @ 80%, 3+ @ 90%]
//!     - [5 @ 75%, 3 @ 85%, 1+ @ 95%]
//! ```

use serde_yaml::Value;

use super::bounds::{check_chars, check_len};
use super::locate::Seg;
#[cfg(test)]
use super::model::Reps;
use super::model::{Base, Intensity, Scheme, SetLine, Units};
use super::scalars::parse_reps;
use super::source::Src;
use crate::error::Error;
use crate::limits::MAX_SETS;
use crate::limits::{MAX_NAME_CHARS, MAX_SET_LINES};

/// How to write a set line, for hints.
pub(crate) const LINE_HINT: &str = "write a set line as `[SETS x] REPS [@ INTENSITY]`, e.g. `3 x 5 @ 75%`, `5+ @ 85% TM`, `5 x 10 @ 50%`, `3 x 8 @ RPE 8`, `warm-up: 2 x 5 @ 40%`";

/// What reading a set line needs besides the line: the base of a bare `P%`, the units of the
/// file (loads are converted to them), and the file for errors.
#[derive(Clone, Copy)]
pub(crate) struct LineContext<'a> {
    /// The base of a percentage written without one.
    pub(crate) base: Base,
    /// The units of the file the line is in.
    pub(crate) units: Units,
    /// The file.
    pub(crate) src: &'a Src,
}

/// Reads the set line at `at`: text, a number (reps of one set), or a one-key mapping from a
/// label to the text.
pub(crate) fn parse_line(v: &Value, cx: LineContext<'_>, at: &[Seg<'_>]) -> Result<SetLine, Error> {
    match v {
        Value::String(s) => parse_line_text(s, None, cx, at),
        Value::Number(n) => parse_line_text(&n.to_string(), None, cx, at),
        Value::Mapping(m) if m.len() == 1 => {
            let Some((k, v)) = m.iter().next() else {
                return Err(cx.src.err(at, "an empty set line", LINE_HINT));
            };
            let label =
                value_str(k).ok_or_else(|| cx.src.err(at, "cannot read the label", LINE_HINT))?;
            let text = value_str(v).ok_or_else(|| {
                cx.src.err(
                    at,
                    format!("cannot read the line after `{label}:`"),
                    LINE_HINT,
                )
            })?;
            parse_line_text(&text, Some(label), cx, at)
        }
        _ => Err(cx.src.err(at, "cannot read this set line", LINE_HINT)),
    }
}

/// A scalar as text.
fn value_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads `text` as a set line, with `label` when it was written as a mapping key.
fn parse_line_text(
    text: &str,
    label: Option<String>,
    cx: LineContext<'_>,
    at: &[Seg<'_>],
) -> Result<SetLine, Error> {
    check_chars(text, MAX_NAME_CHARS, "a set line", (cx.src, at))?;
    if let Some(l) = &label {
        check_chars(l, MAX_NAME_CHARS, "a set line's label", (cx.src, at))?;
    }
    let (label, rest) = match label {
        Some(l) => (Some(l), text.trim()),
        None => match text.split_once(": ") {
            Some((l, r)) => (Some(l.to_string()), r.trim()),
            None => (None, text.trim()),
        },
    };
    let label = label.map(|l| l.trim().to_string());
    if label.as_deref() == Some("") {
        return Err(cx.src.err(at, "the set line's label is empty", LINE_HINT));
    }
    let (work, intensity) = match rest.split_once('@') {
        Some((w, i)) => (w.trim(), Some(i.trim())),
        None => (rest, None),
    };
    let (sets, reps) = split_sets(work, cx.src, at)?;
    let reps = parse_reps(&Value::String(reps.to_string()), cx.src, at)?;
    let intensity = match intensity {
        Some(i) => Some(parse_line_intensity(i, cx, at)?),
        None => None,
    };
    let warmup = label
        .as_deref()
        .is_some_and(|l| l.trim().to_lowercase().starts_with("warm"));
    Ok(SetLine {
        label,
        warmup,
        sets,
        reps,
        intensity,
    })
}

/// Splits `3 x 5` into 3 sets and `5`; `5` alone is one set.
fn split_sets<'t>(work: &'t str, src: &Src, at: &[Seg<'_>]) -> Result<(u32, &'t str), Error> {
    let cut = work
        .char_indices()
        .find(|(_, c)| matches!(c, 'x' | 'X' | '×'))
        .map(|(i, c)| (i, i + c.len_utf8()));
    let Some((i, after)) = cut else {
        return Ok((1, work));
    };
    // `AMRAP` has no x; anything else with an x must be SETS x REPS.
    let sets_text = work[..i].trim();
    let reps = work[after..].trim();
    let n: i64 = sets_text
        .parse()
        .map_err(|_| src.err(at, format!("cannot read the sets in `{work}`"), LINE_HINT))?;
    if !(1..=MAX_SETS).contains(&n) {
        return Err(src.err(
            at,
            format!("sets must be from 1 to {MAX_SETS}, not {n}"),
            LINE_HINT,
        ));
    }
    Ok((u32::try_from(n).unwrap_or(1), reps))
}

/// Reads the intensity after `@`.
fn parse_line_intensity(
    text: &str,
    cx: LineContext<'_>,
    at: &[Seg<'_>],
) -> Result<Intensity, Error> {
    let t = text.trim().to_lowercase();
    let number = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let unreadable = || {
        cx.src
            .err(at, format!("cannot read the intensity `{text}`"), LINE_HINT)
    };
    if let Some((p, base)) = t.split_once('%') {
        let base = match base.trim() {
            "" => cx.base,
            "tm" => Base::Tm,
            "1rm" => Base::OneRm,
            _ => return Err(unreadable()),
        };
        let v = number(p).ok_or_else(unreadable)?;
        return check_percent(v, base, cx.src, at);
    }
    if let Some(r) = t.strip_prefix("rpe") {
        return check_effort("rpe", number(r).ok_or_else(unreadable)?, cx.src, at);
    }
    if let Some(r) = t.strip_prefix("rir") {
        return check_effort("rir", number(r).ok_or_else(unreadable)?, cx.src, at);
    }
    let (num, from) = if let Some(n) = t.strip_suffix("kg") {
        (n, Units::Kg)
    } else if let Some(n) = t.strip_suffix("lbs").or_else(|| t.strip_suffix("lb")) {
        (n, Units::Lb)
    } else {
        return Err(cx.src.err(
            at,
            format!("`{text}` has no unit: a percentage, an RPE, an RIR or a load?"),
            "write `75%`, `75% TM`, `RPE 8`, `RIR 2`, or a load with its unit, e.g. `60 kg`",
        ));
    };
    let load = cx.units.convert(number(num).ok_or_else(unreadable)?, from);
    check_load(load, cx.src, at)
}

/// A percentage above 0 of `base`. Error: 0 or below, or absurdly high.
pub(crate) fn check_percent(
    v: f64,
    base: Base,
    src: &Src,
    at: &[Seg<'_>],
) -> Result<Intensity, Error> {
    if v <= 0.0 {
        return Err(src.err(
            at,
            format!("{v}% of the {} is no load", base.label()),
            "give a percentage above 0, e.g. `75`; for bodyweight work leave the intensity out",
        ));
    }
    if v > 200.0 {
        return Err(src.err(
            at,
            format!("{v}% of the {} is not possible", base.label()),
            "give a percentage, e.g. 75 for 75 %",
        ));
    }
    Ok(match base {
        Base::OneRm => Intensity::Percent(v),
        Base::Tm => Intensity::TmPercent(v),
    })
}

/// RPE 1–10 or RIR 0–10.
pub(crate) fn check_effort(
    key: &str,
    v: f64,
    src: &Src,
    at: &[Seg<'_>],
) -> Result<Intensity, Error> {
    match key {
        "rpe" if (1.0..=10.0).contains(&v) => Ok(Intensity::Rpe(v)),
        "rpe" => Err(src.err(
            at,
            format!("RPE {v} is outside the 1–10 scale"),
            "RPE runs from 1 (very easy) to 10 (maximal effort)",
        )),
        _ if (0.0..=10.0).contains(&v) => Ok(Intensity::Rir(v)),
        _ => Err(src.err(
            at,
            format!("RIR {v} is outside 0–10"),
            "reps in reserve: 0 (failure) to about 5",
        )),
    }
}

/// A fixed load above 0 and below 10 000.
pub(crate) fn check_load(v: f64, src: &Src, at: &[Seg<'_>]) -> Result<Intensity, Error> {
    if v <= 0.0 {
        return Err(src.err(
            at,
            format!("a load of {v} is no load"),
            "give the load above 0, in the program's units; for bodyweight work leave the intensity out",
        ));
    }
    if !(v.is_finite() && v < 10_000.0) {
        return Err(src.err(
            at,
            format!("a load of {v} is not possible"),
            "give the load in the program's units, above 0",
        ));
    }
    Ok(Intensity::Load(v))
}

/// Reads scheme `name` (at `at` in `src`): at least one week, each at least one set line.
pub(crate) fn parse_scheme(
    name: &str,
    weeks: &[Value],
    cx: LineContext<'_>,
    at: &[Seg<'_>],
) -> Result<Scheme, Error> {
    const HINT: &str =
        "write one list of set lines per week, e.g. `- [5 @ 65%, 5 @ 75%, 5+ @ 85%]`";
    if weeks.is_empty() {
        return Err(cx
            .src
            .err(at, format!("scheme `{name}` has no weeks"), HINT));
    }
    let mut out = Vec::with_capacity(weeks.len());
    for (w, week) in weeks.iter().enumerate() {
        let mut at_week = at.to_vec();
        at_week.push(Seg::Index(w));
        let Value::Sequence(lines) = week else {
            return Err(cx.src.err(
                &at_week,
                format!(
                    "week {} of scheme `{name}` is not a list of set lines",
                    w + 1
                ),
                HINT,
            ));
        };
        if lines.is_empty() {
            return Err(cx.src.err(
                &at_week,
                format!("week {} of scheme `{name}` has no set lines", w + 1),
                HINT,
            ));
        }
        let what = format!("set lines in week {} of scheme `{name}`", w + 1);
        let how = "write repeated sets as one line (`3 x 5 @ 75%`)";
        check_len(lines.len(), MAX_SET_LINES, &what, how, (cx.src, &at_week))?;
        let mut parsed = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let mut at_line = at_week.clone();
            at_line.push(Seg::Index(i));
            parsed.push(parse_line(line, cx, &at_line)?);
        }
        out.push(parsed);
    }
    Ok(Scheme {
        name: name.to_string(),
        weeks: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Result<SetLine, Error> {
        let src = Src::new(std::path::Path::new("p.yaml"), &format!("x: {text}\n"));
        let cx = LineContext {
            base: Base::OneRm,
            units: Units::Kg,
            src: &src,
        };
        let v: Value = serde_yaml::from_str(text).unwrap_or(Value::Null);
        parse_line(&v, cx, &[Seg::Key("x")])
    }

    #[test]
    fn line_forms() {
        let l = line("3 x 5 @ 75%").ok();
        assert_eq!(
            l,
            Some(SetLine::new(
                3,
                Reps::Fixed(5),
                Some(Intensity::Percent(75.0))
            ))
        );
        let l = line("5+ @ 85% TM").ok();
        assert_eq!(
            l,
            Some(SetLine::new(
                1,
                Reps::Amrap(Some(5)),
                Some(Intensity::TmPercent(85.0))
            ))
        );
        let l = line("5×10 @ 50%tm").ok();
        assert_eq!(
            l.map(|l| (l.sets, l.intensity)),
            Some((5, Some(Intensity::TmPercent(50.0))))
        );
        let l = line("3 x 8-10 @ RPE 8").ok();
        assert_eq!(
            l.map(|l| (l.reps, l.intensity)),
            Some((Reps::Range(8, 10), Some(Intensity::Rpe(8.0))))
        );
        let l = line("2 x 12 @ rir 2").ok();
        assert_eq!(l.map(|l| l.intensity), Some(Some(Intensity::Rir(2.0))));
        let l = line("3 x 10 @ 45 lb").ok().and_then(|l| l.intensity);
        assert!(
            matches!(l, Some(Intensity::Load(x)) if (x - 20.41).abs() < 0.01),
            "{l:?}"
        );
        let l = line("AMRAP").ok();
        assert_eq!(
            l.map(|l| (l.sets, l.reps, l.intensity)),
            Some((1, Reps::Amrap(None), None))
        );
        let l = line("warm-up: 2 x 5 @ 40%").ok();
        assert_eq!(
            l.as_ref().map(|l| (l.label.as_deref(), l.warmup)),
            Some((Some("warm-up"), true))
        );
        let l = line("'BBB: 5 x 10 @ 50%'").ok();
        assert_eq!(
            l.as_ref().map(|l| (l.label.as_deref(), l.warmup, l.sets)),
            Some((Some("BBB"), false, 5))
        );
    }

    #[test]
    fn bad_lines() {
        for (text, said) in [
            ("3 x 5 @ 0%", "no load"),
            ("3 x 5 @ -5%", "no load"),
            ("3 x 5 @ 60", "has no unit"),
            ("0 x 5 @ 60%", "sets must be"),
            ("3 x 5 @ RPE 11", "outside the 1–10"),
            ("3 x 5 @ 75% max", "cannot read the intensity"),
            ("lots x 5", "cannot read the sets"),
            ("3 x 5 @ 0 kg", "no load"),
        ] {
            let e = line(text).err().map(|e| e.message).unwrap_or_default();
            assert!(e.contains(said), "{text}: {e}");
        }
    }
}
