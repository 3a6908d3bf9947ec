//! Every set is possible (domain rule 9): each prescribed working set has an implied RPE, from
//! its reps and its share of the 1RM through the RPE chart read backwards, later sets of the
//! same load counting the fatigue of the earlier ones ([`super::rpe::implied_rpe`]).
//!
//! | what | kind |
//! |---|---|
//! | a line the program writes (reps at a % of the 1RM or TM) with implied RPE over 10 | error, at the exercise |
//! | a week's set with implied RPE over 10 from the athlete's numbers (maxes, progression) | warning, once per exercise |
//! | implied RPE over 9.5 outside AMRAP, max-effort or peak sets | warning, once per exercise |
//! | a deload set with implied RPE over 7 | warning, once per exercise |
//!
//! Each names the week, the exercise and the nearest feasible prescription: the most reps at
//! that load, or the heaviest share of the 1RM for those reps. A set above 100 % of the 1RM is
//! left to the above-the-max warning ([`super::sanity`]), so it is said once.

use std::collections::BTreeMap;

use super::deload::about_max_effort;
use super::numbers::{Numbers, Said, at_spec, each, said_at};
use super::rpe::{feasible_percent, feasible_reps, implied_rpe};
use super::{Line, LoadFrom, Week};
use crate::error::Error;
use crate::message::Message;
use crate::programs::{Base, Intensity, Program, Reps, SetLine};
use crate::text::{fmt_num, plural};

/// Implied RPE above which a set is impossible.
pub(crate) const MAX_RPE: f64 = 10.0;
/// Implied RPE above which a set that is not an AMRAP, max or peak set gets a warning.
pub(crate) const HIGH_RPE: f64 = 9.5;
/// Implied RPE no deload set goes above.
pub(crate) const DELOAD_RPE: f64 = 7.0;

/// A set line's reps for the chart: a fixed count, the top of a range, an AMRAP's floor.
fn chart_reps(reps: Reps) -> Option<u32> {
    match reps {
        Reps::Fixed(n) | Reps::Range(_, n) | Reps::Amrap(Some(n)) => Some(n),
        Reps::Amrap(None) => None,
    }
}

/// Error: a line the program writes (scheme weeks and the exercise's own lines) whose reps at
/// its written percentage (a TM's at the program's TM share) have an implied RPE over 10.
pub(crate) fn check_written(program: &Program, tm_share: f64) -> Result<(), Error> {
    for spec in program.sessions.iter().flat_map(|s| &s.exercises) {
        for line in program.lines_of(spec).filter(|l| !l.warmup) {
            let Some(share) = written_share(line, tm_share) else {
                continue;
            };
            let Some(reps) = chart_reps(line.reps) else {
                continue;
            };
            let Some(rpe) = implied_rpe(reps, share, line.sets).filter(|r| *r > MAX_RPE + 1e-9)
            else {
                continue;
            };
            let what = format!("{} × {} at {} % of the 1RM", line.sets, reps, tenth(share));
            return Err(at_spec(
                Some(spec),
                false,
                format!(
                    "`{}` asks {what}: implied RPE {}, more reps than a lifter has at that load ({})",
                    spec.exercise,
                    tenth(rpe),
                    chart_fact(reps)
                ),
                &format!(
                    "nearest feasible: {}",
                    nearest(reps, share, line.sets, MAX_RPE)
                ),
            ));
        }
    }
    Ok(())
}

/// The share of the 1RM a written line is, when the program alone says (a percentage of the
/// 1RM, or of the TM at `tm_share`), up to 100 % (above is the above-the-max warning's).
fn written_share(line: &SetLine, tm_share: f64) -> Option<f64> {
    let share = match line.intensity? {
        Intensity::Percent(p) => p,
        Intensity::TmPercent(p) => p * tm_share / 100.0,
        _ => return None,
    };
    (share <= 100.0 + 1e-9).then_some(share)
}

/// `5 reps at RPE 10 is 86.3 % of the 1RM`.
fn chart_fact(reps: u32) -> String {
    let at_ten = super::rpe::rpe_percent(reps, MAX_RPE).map_or_else(
        || "off the chart".to_string(),
        |p| format!("{} %", fmt_num(p)),
    );
    format!(
        "{} at RPE 10 is {at_ten} of the 1RM",
        plural(i64::from(reps), "rep", "reps")
    )
}

/// The nearest prescriptions with the last set at `rpe` or under: fewer reps at the same
/// share, or the same reps at a lighter share.
fn nearest(reps: u32, share: f64, sets: u32, rpe: f64) -> String {
    nearest_said(reps, share, sets, rpe).0
}

/// [`nearest`] with its message.
fn nearest_said(reps: u32, share: f64, sets: u32, rpe: f64) -> (String, Message) {
    let fewer = feasible_reps(share, sets, rpe);
    let lighter = feasible_percent(reps, sets, rpe).map(|p| (p * 2.0).floor() / 2.0);
    let same_load = (fewer > 0).then(|| {
        let m = Message::new("plan_effort_same_load")
            .count("sets", sets)
            .count("reps", fewer)
            .num("pct", round_tenth(share));
        (format!("{sets} × {fewer} at {} %", tenth(share)), m)
    });
    let same_reps = lighter.map(|p| {
        let m = Message::new("plan_effort_same_reps")
            .count("sets", sets)
            .count("reps", reps)
            .num("pct", p);
        (format!("{sets} × {reps} at {} % of the 1RM", fmt_num(p)), m)
    });
    match (same_load, same_reps) {
        (Some(a), Some(b)) => (
            format!("{}, or {}", a.0, b.0),
            Message::new("plan_effort_or").msg("a", a.1).msg("b", b.1),
        ),
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => (
            "fewer reps or a lighter load".to_string(),
            Message::new("plan_effort_lighter"),
        ),
    }
}

/// `x` to one decimal, printed.
fn tenth(x: f64) -> String {
    fmt_num(round_tenth(x))
}

/// `x` to one decimal.
fn round_tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// Implied RPE over 10.
    Impossible,
    /// Over 9.5 outside AMRAP, max or peak sets.
    High,
    /// A deload set over RPE 7.
    HardDeload,
}

/// The first week an exercise has a finding of a kind, and how many sessions do.
struct Finding {
    week: u32,
    session: String,
    line: String,
    hint: (String, Message),
    /// The sets, reps and share of the 1RM of `line`.
    at: (u32, u32, f64),
    rpe: f64,
    count: usize,
}

/// Warnings: the sets of `weeks` whose implied RPE is over 10, over 9.5 outside AMRAP, max and
/// peak sets, or over 7 in a deload week, once per exercise and kind.
pub(crate) fn check_weeks(weeks: &[Week], n: &Numbers<'_>) -> Vec<Said> {
    let mut found: BTreeMap<((usize, usize), Kind), Finding> = BTreeMap::new();
    // whether the week of the last prescription was a peak week: once a week, not once a set
    let mut peak_week: Option<(u32, bool)> = None;
    for (w, session, p, _) in each(weeks, n.program) {
        let one_rm = n.lifts.for_spec(p.spec.0, p.spec.1).and_then(|l| l.one_rm);
        let in_peak_week = match peak_week {
            Some((number, peak)) if number == w.number => peak,
            _ => {
                let peak = is_peak(w);
                peak_week = Some((w.number, peak));
                peak
            }
        };
        let peak = in_peak_week || p.notes.as_deref().is_some_and(about_max_effort);
        for l in p.lines.iter().filter(|l| !l.warmup) {
            let Some((kind, rpe, reps, share)) = judge(l, one_rm, n.tm_share, w.is_deload, peak)
            else {
                continue;
            };
            let entry = found.entry((p.spec, kind)).or_insert_with(|| Finding {
                week: w.number,
                session: session.to_string(),
                line: format!("{} × {} at {} % of the 1RM", l.sets, reps, tenth(share)),
                hint: nearest_said(reps, share, l.sets, limit(kind)),
                at: (l.sets, reps, share),
                rpe,
                count: 0,
            });
            entry.count += 1;
        }
    }
    found
        .into_iter()
        .map(|(((si, ej), kind), f)| {
            let spec = n.program.sessions.get(si).and_then(|s| s.exercises.get(ej));
            finding_warning(spec, kind, &f)
        })
        .collect()
}

/// The implied RPE a kind stays at or under.
fn limit(kind: Kind) -> f64 {
    match kind {
        Kind::Impossible => MAX_RPE,
        Kind::High => HIGH_RPE,
        Kind::HardDeload => DELOAD_RPE,
    }
}

/// Whether week `w` is a peak or test week, by its block's name or focus.
fn is_peak(w: &Week) -> bool {
    let text = format!("{} {}", w.block, w.focus).to_lowercase();
    ["peak", "test", "max"].iter().any(|k| text.contains(k))
}

/// What is wrong with line `l`, if anything: the kind, the implied RPE, the reps and the share
/// of the 1RM.
fn judge(
    l: &Line,
    one_rm: Option<f64>,
    tm_share: f64,
    deload: bool,
    peak: bool,
) -> Option<(Kind, f64, u32, f64)> {
    let share = share_of_max(l, one_rm, tm_share)?;
    if share > 100.0 + 1e-9 {
        return None;
    }
    let reps = if l.amrap {
        l.rep_range.min
    } else {
        l.rep_range.max.unwrap_or(l.rep_range.min)
    };
    let rpe = implied_rpe(reps, share, l.sets)?;
    let max_effort = l.amrap || peak || l.label.as_deref().is_some_and(about_max_effort);
    let kind = if rpe > MAX_RPE + 1e-9 {
        Kind::Impossible
    } else if deload && rpe > DELOAD_RPE + 1e-9 {
        Kind::HardDeload
    } else if !deload && !max_effort && rpe > HIGH_RPE + 1e-9 {
        Kind::High
    } else {
        return None;
    };
    Some((kind, rpe, reps, share))
}

/// The share of the 1RM line `l` is: its load against the 1RM, else its percentage of the 1RM,
/// else a TM percentage at the TM's share. A load from the RPE chart is judged by its RPE.
fn share_of_max(l: &Line, one_rm: Option<f64>, tm_share: f64) -> Option<f64> {
    if l.load_from == Some(LoadFrom::RpeChart) {
        return None;
    }
    if let (Some(load), Some(max)) = (l.load, one_rm.filter(|m| *m > 0.0)) {
        return Some(load / max * 100.0);
    }
    match (l.base, l.percent) {
        (Some(Base::OneRm), Some(p)) => Some(p),
        (Some(Base::Tm), Some(p)) => Some(p * tm_share / 100.0),
        _ => None,
    }
}

/// The located warning for finding `f` of `kind` at `spec`.
fn finding_warning(
    spec: Option<&crate::programs::PrescriptionSpec>,
    kind: Kind,
    f: &Finding,
) -> Said {
    let name = spec.map_or("an exercise", |s| s.exercise.as_str());
    let sessions = plural(
        i64::try_from(f.count).unwrap_or(i64::MAX),
        "session",
        "sessions",
    );
    let rpe = tenth(f.rpe);
    let (what, why, keys) = match kind {
        Kind::Impossible => (
            format!("implied RPE {rpe}, more reps than the lifter has at that load"),
            "the athlete's numbers (their maxes, the progression) take it past failure: retest the max, plan fewer weeks, or prescribe",
            ("plan_effort_impossible", "plan_effort_impossible_hint"),
        ),
        Kind::High => (
            format!("implied RPE {rpe}, above 9.5 outside an AMRAP, max or peak set"),
            "leave a rep in reserve on work sets: prescribe",
            ("plan_effort_high", "plan_effort_high_hint"),
        ),
        Kind::HardDeload => (
            format!("implied RPE {rpe} in a deload week, above 7"),
            "a deload is light: prescribe",
            ("plan_effort_deload", "plan_effort_deload_hint"),
        ),
    };
    let message = format!(
        "`{name}` asks {} in week {} ({}): {what}, in {sessions}",
        f.line, f.week, f.session
    );
    let line = Message::new("plan_effort_line")
        .count("sets", f.at.0)
        .count("reps", f.at.1)
        .num("pct", round_tenth(f.at.2));
    let said = Message::new("plan_effort_asks")
        .name("name", name)
        .msg("line", line)
        .count("week", f.week)
        .name("session", f.session.as_str())
        .msg("what", Message::new(keys.0).num("rpe", round_tenth(f.rpe)))
        .count("n", u64::try_from(f.count).unwrap_or(u64::MAX));
    let hint = Message::new(keys.1).msg("nearest", f.hint.1.clone());
    said_at(
        spec,
        false,
        (message, said),
        (&format!("{why} {}", f.hint.0), hint),
    )
}
