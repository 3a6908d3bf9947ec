//! No silent nonsense (domain rule 8): the "check numbers" stage reads the laid-out plan and
//! reports what a coach would not sign, each located at the exercise (or session) that causes it.
//!
//! | what | kind | why |
//! |---|---|---|
//! | a load of 0 or less in any week (written, by progression or by rounding) | error | no load is not a load; a negative step cannot go on forever |
//! | more than 100 % of the 1RM in any week (a percentage, a fixed load above the 1RM) | warning | a max attempt can be meant; 3 × 5 above the max cannot |
//! | more than 10 working sets of one exercise in a session | warning | a coach may mean it (10 × 10) |
//! | RPE 10 or RIR 0 on one exercise for more than 2 weeks in a row | warning | a test week is fine; failure every week is not |
//! | weekly working sets for a muscle group outside 4–30 in a loading week | warning | specialisation phases exist |
//! | a set past failure, near it outside max efforts, or above RPE 7 in a deload (`effort.rs`) | error in the program's numbers, else warning | every set is possible (rule 9) |
//!
//! Muscle groups are counted per exercise: its own `muscles`, else the session's muscles that
//! match its kind (a lower-body lift counts for the session's leg muscles, an upper-body one for
//! the others; all of them when the session lists none of its kind). Errors stop the plan;
//! warnings go with it (`Schedule::warnings` and `Schedule::diagnostics`).

use std::collections::BTreeMap;

use super::numbers::{Numbers, Said, at_spec, each, said_at};
use super::{Line, LoadFrom, Week};
use crate::error::Error;
use crate::message::{Arg, Message};
use crate::programs::{Origin, Program, Units};
use crate::text::{fmt_num, plural};

/// Most working sets of one exercise in a session without a warning.
pub(crate) const MAX_SETS_PER_SESSION: u32 = 10;
/// Most weeks in a row at RPE 10 (or RIR 0) without a warning.
pub(crate) const MAX_FAILURE_WEEKS: u32 = 2;
/// Weekly working sets per muscle group without a warning: at least…
pub(crate) const MIN_WEEKLY_SETS: u32 = 4;
/// …and at most.
pub(crate) const MAX_WEEKLY_SETS: u32 = 30;
/// The "check numbers" stage: the warnings about `weeks`, each with its message, or the first
/// error.
pub(crate) fn check(weeks: &[Week], n: &Numbers<'_>) -> Result<Vec<Said>, Error> {
    check_loads(weeks, n)?;
    let written_tm = n
        .program
        .training_max
        .unwrap_or(super::lifts::DEFAULT_TRAINING_MAX);
    super::effort::check_written(n.program, written_tm)?;
    let mut warnings = Vec::new();
    warnings.extend(above_max(weeks, n));
    warnings.extend(super::effort::check_weeks(weeks, n));
    warnings.extend(super::jumps::check(weeks, n));
    warnings.extend(too_many_sets(weeks, n.program));
    warnings.extend(failure_runs(weeks, n.program));
    warnings.extend(weekly_volume(weeks, n.program));
    Ok(warnings)
}

/// Error: a line whose load (or percentage, without a max) is 0 or less.
fn check_loads(weeks: &[Week], n: &Numbers<'_>) -> Result<(), Error> {
    let units = n.program.units;
    for (w, session, p, spec) in each(weeks, n.program) {
        for l in &p.lines {
            let Some(what) = no_load(l, units) else {
                continue;
            };
            let hint = format!(
                "a load must be above 0: check the written load and the progression (a negative step lowers it every week); a load under half a plate ({} {units}) rounds to 0: give a heavier load or a smaller `plate_increment`",
                fmt_num(n.plate)
            );
            return Err(at_spec(
                spec,
                false,
                format!(
                    "`{}` comes to {what} in week {} ({session}), a load of 0 or less",
                    p.exercise, w.number
                ),
                &hint,
            ));
        }
    }
    Ok(())
}

/// "0 kg", "-2.5 kg" or "-5% 1RM" when `l` has no real load.
fn no_load(l: &Line, units: Units) -> Option<String> {
    match (l.load, l.percent) {
        (Some(x), _) if x <= 0.0 => Some(format!("{} {units}", fmt_num(x))),
        (None, Some(pct)) if pct <= 0.0 => Some(l.intensity.clone()),
        _ => None,
    }
}

/// The share of the 1RM `l` comes to, when it can be known: its printed percentage of the 1RM;
/// else its load against the 1RM; else, for a TM percentage without a max, that percentage of
/// the TM's share. A load from the RPE chart is never above the 1RM.
fn share_of_max(l: &Line, one_rm: Option<f64>, tm_share: f64) -> Option<f64> {
    use crate::programs::Base;
    if l.load_from == Some(LoadFrom::RpeChart) {
        return None;
    }
    if let (Some(Base::OneRm), Some(p)) = (l.base, l.percent) {
        return Some(p);
    }
    if let (Some(load), Some(max)) = (l.load, one_rm)
        && max > 0.0
    {
        return Some(load / max * 100.0);
    }
    match (l.base, l.percent) {
        (Some(Base::Tm), Some(p)) => Some(p * tm_share / 100.0),
        _ => None,
    }
}

/// Warnings: exercises above their 1RM, once each, with the first week and how many weeks.
fn above_max(weeks: &[Week], n: &Numbers<'_>) -> Vec<Said> {
    // per exercise: the first week above the max, its line (text and message), the sessions
    type Over = (u32, (String, Message), usize);
    let mut found: BTreeMap<(usize, usize), Over> = BTreeMap::new();
    for (w, _, p, _) in each(weeks, n.program) {
        let one_rm = n.lifts.for_spec(p.spec.0, p.spec.1).and_then(|l| l.one_rm);
        let worst = p
            .lines
            .iter()
            .filter_map(|l| share_of_max(l, one_rm, n.tm_share).map(|s| (s, l)))
            .filter(|(s, _)| *s > 100.0 + 1e-9)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((share, l)) = worst else { continue };
        let entry = found
            .entry(p.spec)
            .or_insert_with(|| (w.number, over_line(l, share), 0));
        entry.2 += 1;
    }
    found
        .into_iter()
        .map(|((si, ej), (first, (line, said), weeks_over))| {
            let spec = n.program.sessions.get(si).and_then(|s| s.exercises.get(ej));
            let name = spec.map_or("an exercise", |s| s.exercise.as_str());
            let what = Message::new("plan_warn_above_max")
                .name("name", name)
                .count("week", first)
                .msg("line", said)
                .count("n", u64::try_from(weeks_over).unwrap_or(u64::MAX));
            said_at(
                spec,
                false,
                (format!(
                    "`{name}` goes above its one-rep max from week {first} ({line}), in {}",
                    plural(i64::try_from(weeks_over).unwrap_or(i64::MAX), "session", "sessions")
                ), what),
                ("more than 100 % of the 1RM is more than a max: check the written numbers and the progression, retest the max, or plan fewer weeks", Message::new("plan_warn_above_max_hint")),
            )
        })
        .collect()
}

/// Line `l` above the max at `share` of the 1RM: `3 × 5, 110 kg: 104.8% of the 1RM` (the
/// share left out when the line prints its percentage of the 1RM), with its message.
fn over_line(l: &Line, share: f64) -> (String, Message) {
    let mut line = format!("{} × {}, {}", l.sets, l.reps, l.intensity);
    let written = Arg::Figures(line.clone());
    if l.base == Some(crate::programs::Base::OneRm) {
        return (line, Message::new("plan_as_written").with("text", written));
    }
    let pct = (share * 10.0).round() / 10.0;
    line.push_str(&format!(": {}% of the 1RM", fmt_num(pct)));
    let m = Message::new("plan_warn_share")
        .with("line", written)
        .num("pct", pct);
    (line, m)
}

/// Warnings: exercises with more than [`MAX_SETS_PER_SESSION`] working sets in a session, once
/// each.
fn too_many_sets(weeks: &[Week], program: &Program) -> Vec<Said> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for (w, session, p, spec) in each(weeks, program) {
        if w.is_deload || p.sets <= MAX_SETS_PER_SESSION || seen.contains(&p.spec) {
            continue;
        }
        seen.push(p.spec);
        let what = Message::new("plan_warn_many_sets")
            .name("name", p.exercise.as_str())
            .count("sets", p.sets)
            .name("session", session)
            .count("max", MAX_SETS_PER_SESSION);
        out.push(said_at(
            spec,
            true,
            (format!(
                "`{}` has {} working sets in one session ({session}), more than {MAX_SETS_PER_SESSION}",
                p.exercise, p.sets
            ), what),
            ("past about 10 hard sets of one exercise in a session, more sets add fatigue rather than growth: split them over two sessions or cut them", Message::new("plan_warn_many_sets_hint")),
        ));
    }
    out
}

/// Whether `p` is at failure this week: a line at RPE 10 or RIR 0.
fn at_failure(p: &super::Prescription) -> bool {
    p.lines
        .iter()
        .any(|l| l.rpe.is_some_and(|r| r >= 10.0) || l.rir.is_some_and(|r| r <= 0.0))
}

/// Warnings: exercises at RPE 10 or RIR 0 for more than [`MAX_FAILURE_WEEKS`] weeks in a row,
/// once each, with the first such run.
fn failure_runs(weeks: &[Week], program: &Program) -> Vec<Said> {
    // Per exercise: the current run (first week, length) and the first run that was too long.
    let mut runs: BTreeMap<(usize, usize), (u32, u32, u32)> = BTreeMap::new();
    let mut reported: BTreeMap<(usize, usize), (u32, u32)> = BTreeMap::new();
    for w in weeks {
        let mut this_week: Vec<(usize, usize)> = Vec::new();
        for p in w
            .days
            .iter()
            .filter_map(|d| d.session())
            .flat_map(|s| &s.prescriptions)
        {
            if at_failure(p) && !this_week.contains(&p.spec) {
                this_week.push(p.spec);
            }
        }
        for (spec, run) in &mut runs {
            if !this_week.contains(spec) {
                run.2 = 0;
            }
        }
        for spec in this_week {
            let run = runs.entry(spec).or_insert((w.number, w.number, 0));
            if run.2 == 0 {
                run.0 = w.number;
            }
            run.1 = w.number;
            run.2 += 1;
            if run.2 > MAX_FAILURE_WEEKS {
                let r = reported.entry(spec).or_insert((run.0, run.1));
                if r.0 == run.0 {
                    r.1 = run.1;
                }
            }
        }
    }
    reported
        .into_iter()
        .map(|((si, ej), (from, to))| {
            let spec = program.sessions.get(si).and_then(|s| s.exercises.get(ej));
            let name = spec.map_or("an exercise", |s| s.exercise.as_str());
            let what = Message::new("plan_warn_failure")
                .name("name", name)
                .count("n", to - from + 1)
                .count("from", from)
                .count("to", to);
            said_at(
                spec,
                false,
                (format!(
                    "`{name}` is at RPE 10 (RIR 0) for {} in a row, weeks {from} to {to}",
                    plural(to - from + 1, "week", "weeks")
                ), what),
                ("training to failure every week piles up fatigue: cap the RPE progression below 10 (e.g. at RPE 9), or keep RPE 10 to a test week", Message::new("plan_warn_failure_hint")),
            )
        })
        .collect()
}

/// Warnings: muscle groups whose weekly working sets fall outside 4–30 in a loading week, once
/// each (at the first such week), at the first session that lists the group.
fn weekly_volume(weeks: &[Week], program: &Program) -> Vec<Said> {
    let (groups, counts) = super::muscles::muscle_sets(weeks, program);
    let mut first: Vec<Option<(u32, u32)>> = vec![None; groups.len()];
    for (w, sets) in weeks.iter().zip(&counts).filter(|(w, _)| !w.is_deload) {
        for (g, n) in sets.iter().enumerate() {
            if first[g].is_none() && !(MIN_WEEKLY_SETS..=MAX_WEEKLY_SETS).contains(n) {
                first[g] = Some((w.number, *n));
            }
        }
    }
    groups
        .iter()
        .zip(first)
        .filter_map(|(g, f)| f.map(|(week, n)| volume_warning(program, g, week, n)))
        .collect()
}

/// The warning for `group` with `sets` working sets in week `week`.
fn volume_warning(program: &Program, group: &str, week: u32, sets: u32) -> Said {
    let origin: Option<&Origin> = program
        .sessions
        .iter()
        .find(|s| s.muscles.iter().any(|m| m == group))
        .and_then(|s| s.origin.as_ref());
    let (side, hint, keys) = if sets < MIN_WEEKLY_SETS {
        (
            format!("fewer than {MIN_WEEKLY_SETS}"),
            "so little keeps a muscle's strength but builds little: add sets for it, or leave it if that is the plan",
            (
                "plan_warn_volume_low",
                "plan_warn_volume_low_hint",
                MIN_WEEKLY_SETS,
            ),
        )
    } else {
        (
            format!("more than {MAX_WEEKLY_SETS}"),
            "more than about 30 hard sets a week for one muscle group is more than most lifters recover from: spread the work or cut it",
            (
                "plan_warn_volume_high",
                "plan_warn_volume_high_hint",
                MAX_WEEKLY_SETS,
            ),
        )
    };
    let what = Message::new(keys.0)
        .with("group", Arg::Muscle(group.to_string()))
        .count("n", sets)
        .count("week", week)
        .count("limit", keys.2);
    let message = format!(
        "{group} get {} a week in week {week}, {side} (working sets of the exercises that count for {group})",
        plural(sets, "working set", "working sets")
    );
    let e = match origin {
        Some(o) => o.error(message, hint),
        None => Error::new(message).with_hint(hint),
    };
    let m = super::numbers::located(&e, what, Message::new(keys.1));
    (e, m)
}
