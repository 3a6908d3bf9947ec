//! The scalar values of program and athlete files: reps, progression rules, counts, the
//! training max, the deload cadence, names.

use serde_yaml::Value;

use super::locate::Seg;
use super::model::{Progression, Reps, TmStep, Units};
use super::source::Src;
use crate::error::{Error, nearest};
use crate::limits::MAX_REPS;

/// A training max as a percentage of the 1RM: 50 to 100.
pub(crate) fn check_training_max(tm: f64, src: &Src, at: &[Seg<'_>]) -> Result<f64, Error> {
    if tm.is_finite() && (50.0..=100.0).contains(&tm) {
        return Ok(tm);
    }
    Err(src.err(
        at,
        format!("a training max of {tm} % of the 1RM is not possible"),
        "give the training max as a percentage of the one-rep max, 50 to 100 (90 is usual)",
    ))
}

/// `tm_step`: one step for every lift (`5`, `"5 kg"`) or `{ upper: 2.5, lower: 5 }`.
pub(super) fn parse_tm_step(v: &Value, units: Units, src: &Src) -> Result<TmStep, Error> {
    use Seg::Key;
    let Value::Mapping(m) = v else {
        let step = parse_step(v, units, src, &[Key("tm_step")])?;
        return Ok(TmStep {
            upper: step,
            lower: step,
        });
    };
    let mut out = TmStep::default();
    for (k, v) in m {
        let key = k.as_str().unwrap_or("");
        let at = [Key("tm_step"), Key(key)];
        match key {
            "upper" => out.upper = parse_step(v, units, src, &at)?,
            "lower" => out.lower = parse_step(v, units, src, &at)?,
            other => {
                return Err(src.err_key(
                    &at,
                    format!("unknown lift kind `{other}`"),
                    "write `tm_step: { upper: 2.5, lower: 5 }`, or one step for every lift",
                ));
            }
        }
    }
    Ok(out)
}

/// Error when `name` is empty: `what` (`a session`, `a block`) without a name.
pub(super) fn check_name(name: &str, what: &str, src: &Src, at: &[Seg<'_>]) -> Result<(), Error> {
    if !name.trim().is_empty() {
        return Ok(());
    }
    Err(src.err(
        at,
        format!("{what} without a name"),
        "give it a name: it appears in every plan and links sessions to blocks",
    ))
}

pub(super) fn check_sessions_per_week(d: i64, src: &Src, at: &[Seg<'_>]) -> Result<u32, Error> {
    if d >= 7 {
        return Err(src.err(
            at,
            format!("{d} sessions a week leaves no rest day"),
            "every week needs at least one full rest day: use 6 sessions a week at most",
        ));
    }
    if d < 1 {
        return Err(src.err(
            at,
            format!("sessions_per_week must be at least 1, not {d}"),
            "give the number of training days a week, 1 to 6",
        ));
    }
    Ok(u32::try_from(d).unwrap_or(1))
}

pub(crate) fn check_count(
    n: i64,
    max: i64,
    what: &str,
    src: &Src,
    at: &[Seg<'_>],
) -> Result<u32, Error> {
    if n < 1 {
        return Err(src.err(
            at,
            format!("{what} must be at least 1, not {n}"),
            &format!("use a whole number from 1 to {max}"),
        ));
    }
    if n > max {
        return Err(src.err(
            at,
            format!("{n} {what} is more than the {max} accepted"),
            &format!("use a whole number from 1 to {max}"),
        ));
    }
    Ok(u32::try_from(n).unwrap_or(1))
}

/// Checks an explicit deload cadence: 2–52 accepted, outside 4–6 a warning.
pub(crate) fn check_every(
    k: i64,
    src: &Src,
    at: &[Seg<'_>],
    warnings: &mut Vec<Error>,
) -> Result<u32, Error> {
    if !(2..=52).contains(&k) {
        return Err(src.err(
            at,
            format!(
                "a deload every {k} week{} is not possible",
                crate::text::s(k)
            ),
            "give K from 2 to 52 (the guidance recommends 4 to 6): a deload every K weeks, counting the deload",
        ));
    }
    if !(4..=6).contains(&k) {
        warnings.push(src.err(
            at,
            format!("a deload every {k} weeks is outside the recommended 4 to 6"),
            if k < 4 {
                "deloading more often than every 4 weeks leaves too few loading weeks to build fatigue worth shedding; the guidance (and surveyed coaches) recommend every 4 to 6 weeks"
            } else {
                "going longer than 6 weeks without a deload lets fatigue pile up (harder workouts, lingering soreness, stalled progress); the guidance recommends every 4 to 6 weeks"
            },
        ));
    }
    Ok(u32::try_from(k).unwrap_or(4))
}

/// Parses reps: a number, a range `8-12`, `AMRAP`, or `5+`.
pub(crate) fn parse_reps(v: &Value, src: &Src, at: &[Seg<'_>]) -> Result<Reps, Error> {
    const HINT: &str = "write a number (5), a range (8-12), AMRAP, or a floor with a plus (5+)";
    let count = |n: i64| -> Result<u32, Error> { check_count(n, MAX_REPS, "reps", src, at) };
    match v {
        Value::Number(n) => match n.as_i64() {
            Some(n) => Ok(Reps::Fixed(count(n)?)),
            None => Err(src.err(at, format!("reps must be whole, not {n}"), HINT)),
        },
        Value::String(s) => {
            let t = s.trim();
            if t.eq_ignore_ascii_case("amrap") {
                return Ok(Reps::Amrap(None));
            }
            if let Some(floor) = t.strip_suffix('+') {
                return match floor.trim().parse::<i64>() {
                    Ok(n) => Ok(Reps::Amrap(Some(count(n)?))),
                    Err(_) => Err(src.err(at, format!("cannot read reps `{t}`"), HINT)),
                };
            }
            let parts: Vec<&str> = t.splitn(2, ['-', '–']).collect();
            match parts.as_slice() {
                [one] => match one.parse::<i64>() {
                    Ok(n) => Ok(Reps::Fixed(count(n)?)),
                    Err(_) => Err(src.err(at, format!("cannot read reps `{t}`"), HINT)),
                },
                [a, b] => {
                    let (Ok(lo), Ok(hi)) = (a.trim().parse::<i64>(), b.trim().parse::<i64>())
                    else {
                        return Err(src.err(at, format!("cannot read reps `{t}`"), HINT));
                    };
                    let (lo, hi) = (count(lo)?, count(hi)?);
                    if lo > hi {
                        return Err(src.err(
                            at,
                            format!("the rep range `{t}` is upside down"),
                            &format!("write the smaller number first: `{hi}-{lo}`"),
                        ));
                    }
                    Ok(if lo == hi {
                        Reps::Fixed(lo)
                    } else {
                        Reps::Range(lo, hi)
                    })
                }
                _ => Err(src.err(at, format!("cannot read reps `{t}`"), HINT)),
            }
        }
        _ => Err(src.err(at, "reps must be a number or text like 8-12", HINT)),
    }
}

/// Reads a progression rule in a file whose loads are in `units`: a one-key mapping from the
/// rule to its weekly step. A load step written with a unit (`"+2.5 kg"`, `"5 lb"`) is
/// converted to `units`.
pub(crate) fn parse_progression(
    v: &Value,
    units: Units,
    src: &Src,
    at: &[Seg<'_>],
) -> Result<Progression, Error> {
    const HINT: &str = "use one of `linear: 2.5`, `percent: 2.5`, `double: 2.5`, `rpe: 0.5`";
    let Value::Mapping(m) = v else {
        return Err(src.err(at, "a progression is a one-key mapping", HINT));
    };
    if m.len() != 1 {
        return Err(src.err(at, "a progression has exactly one rule", HINT));
    }
    let Some((k, step)) = m.iter().next() else {
        return Err(src.err(at, "a progression has exactly one rule", HINT));
    };
    let key = k.as_str().unwrap_or("");
    let mut path: Vec<Seg<'_>> = at.to_vec();
    path.push(Seg::Key(key));
    let Some(amount) = step_amount(step, units).filter(|a| a.is_finite() && a.abs() <= 1000.0)
    else {
        return Err(src.err(
            &path,
            format!("cannot read the progression step `{}`", value_text(step)),
            "write the weekly step as a number, e.g. 2.5 or \"+2.5%\"",
        ));
    };
    match key {
        "linear" => Ok(Progression::Linear(amount)),
        "percent" => Ok(Progression::Percent(amount)),
        "double" => Ok(Progression::Double(amount)),
        "rpe" => Ok(Progression::Rpe(amount)),
        other => {
            let known = ["linear", "percent", "double", "rpe"];
            let hint = match nearest(other, known) {
                Some(k) => format!("did you mean `{k}`? {HINT}"),
                None => HINT.to_string(),
            };
            Err(src.err_key(&path, format!("unknown progression `{other}`"), &hint))
        }
    }
}

/// A progression step: a number, or text with a sign and a unit (`"+2.5%"`, `"+2.5 kg"`,
/// `"5 lb"`, `"0.5 rpe"`); a load unit converts the step to `units`.
fn step_amount(step: &Value, units: Units) -> Option<f64> {
    match step {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let t = s.trim().trim_start_matches('+').to_lowercase();
            let (t, from) = if let Some(n) = t.strip_suffix("kg") {
                (n, Units::Kg)
            } else if let Some(n) = t.strip_suffix("lbs").or_else(|| t.strip_suffix("lb")) {
                (n, Units::Lb)
            } else {
                (t.as_str(), units)
            };
            let t = t.trim_end_matches('%').trim_end_matches("rpe").trim();
            t.parse::<f64>().ok().map(|a| units.convert_step(a, from))
        }
        _ => None,
    }
}

/// `v` as an error message quotes it: a scalar as written, a list or mapping by its kind (not
/// through the YAML writer, which nothing else in the engine needs: 10 KB of the Planner's
/// module).
fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a mapping".to_string(),
        Value::Tagged(t) => format!("{} {}", t.tag, value_text(&t.value)),
    }
}

/// A load step: a number (in `units`) or text with a unit (`5 kg`, `10 lb`), 0 to 100 kg.
pub(crate) fn parse_step(v: &Value, units: Units, src: &Src, at: &[Seg<'_>]) -> Result<f64, Error> {
    let amount = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let t = s.trim().trim_start_matches('+').to_lowercase();
            let (num, from) = if let Some(n) = t.strip_suffix("kg") {
                (n.to_string(), Units::Kg)
            } else if let Some(n) = t.strip_suffix("lbs").or_else(|| t.strip_suffix("lb")) {
                (n.to_string(), Units::Lb)
            } else {
                (t.clone(), units)
            };
            num.trim()
                .parse::<f64>()
                .ok()
                .map(|x| units.convert(x, from))
        }
        _ => None,
    };
    let limit = units.convert(100.0, Units::Kg);
    match amount {
        Some(a) if a.is_finite() && (0.0..=limit).contains(&a) => Ok(a),
        _ => Err(src.err(
            at,
            "cannot read the training-max step",
            "give the step per cycle as a load, 0 or more, e.g. `2.5`, `5 kg` or `10 lb`",
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn src(text: &str) -> Src {
        Src::new(Path::new("p.yaml"), text)
    }

    #[test]
    fn reps_forms() {
        let s = src("reps: x\n");
        let at = [Seg::Key("reps")];
        let r = |v: Value| parse_reps(&v, &s, &at);
        assert_eq!(r(Value::from(5)).ok(), Some(Reps::Fixed(5)));
        assert_eq!(r(Value::from("8-12")).ok(), Some(Reps::Range(8, 12)));
        assert_eq!(r(Value::from("AMRAP")).ok(), Some(Reps::Amrap(None)));
        assert_eq!(r(Value::from("5+")).ok(), Some(Reps::Amrap(Some(5))));
        assert_eq!(r(Value::from("6-6")).ok(), Some(Reps::Fixed(6)));
        let e = r(Value::from("12-8"))
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("upside down"), "{e}");
        assert!(r(Value::from(0)).is_err());
        assert!(r(Value::from(-3)).is_err());
        assert!(r(Value::from(2.5)).is_err());
        assert!(r(Value::from("lots")).is_err());
        assert!(r(Value::from(i64::MAX)).is_err());
    }

    #[test]
    fn progression_forms() {
        let s = src("progression:\n  linear: 2.5\n");
        let at = [Seg::Key("progression")];
        let p = |t: &str| {
            let v: Value = serde_yaml::from_str(t).unwrap_or(Value::Null);
            parse_progression(&v, Units::Kg, &s, &at)
        };
        assert_eq!(p("linear: 2.5").ok(), Some(Progression::Linear(2.5)));
        assert_eq!(p("linear: +2.5").ok(), Some(Progression::Linear(2.5)));
        assert_eq!(p("percent: '+2.5%'").ok(), Some(Progression::Percent(2.5)));
        // 5 lb is 2.27 kg; as a step in a kg program it is what kg plates add: 2.5 kg.
        assert_eq!(p("double: 5 lb").ok(), Some(Progression::Double(2.5)));
        assert_eq!(p("linear: 2.5 kg").ok(), Some(Progression::Linear(2.5)));
        assert_eq!(p("rpe: 0.5").ok(), Some(Progression::Rpe(0.5)));
        let e = p("linaer: 2.5")
            .err()
            .and_then(|e| e.hint)
            .unwrap_or_default();
        assert!(e.contains("did you mean `linear`"), "{e}");
        assert!(p("linear: 1\nrpe: 1").is_err());
        assert!(p("linear: lots").is_err());
    }
}
