//! Every domain rule (the README's "The rules every plan follows") checked on a schedule.
//! Shared by the tests of the shipped programs and the property tests.

use deload_engine::plan::{Day, Schedule, Week};
use deload_engine::programs::{PlanInput, Program, Weekday, effective_program};

/// ⌈d / (7 − d)⌉.
pub(crate) fn least_run(d: usize) -> usize {
    d.div_ceil(7 - d)
}

/// The longest run of consecutive training days over the whole plan, days in order.
pub(crate) fn longest_run(s: &Schedule) -> usize {
    let mut best = 0;
    let mut run = 0;
    for day in s.weeks.iter().flat_map(|w| &w.days) {
        if day.session().is_some() {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// The least possible cyclic longest run for `d` days chosen among `available` (brute force).
pub(crate) fn least_run_among(d: usize, available: &[Weekday]) -> usize {
    let idx: Vec<usize> = available.iter().map(|w| w.index()).collect();
    let mut best = usize::MAX;
    for mask in 0u32..128 {
        if mask.count_ones() as usize != d
            || (0..7).any(|i| mask & (1 << i) != 0 && !idx.contains(&i))
        {
            continue;
        }
        let mut run = 0;
        let mut longest = 0;
        for i in 0..14 {
            if mask & (1 << (i % 7)) != 0 {
                run += 1;
                longest = longest.max(run);
            } else {
                run = 0;
            }
        }
        best = best.min(longest);
    }
    best
}

fn sets(day: &Day) -> u32 {
    day.session()
        .map_or(0, |s| s.prescriptions.iter().map(|p| p.sets).sum())
}

/// Asserts every domain rule on `s`. `k` and `first` are the expected cadence and first
/// deload week, computed independently by the caller.
pub(crate) fn check(s: &Schedule, input: &PlanInput, weeks: usize, k: u32, first: u32) {
    let program = effective_program(&input.program, input.athlete.as_ref());
    let d = usize::try_from(program.sessions_per_week).unwrap_or(0);
    let ctx = format!("{} ({:?})", s.program, s.athlete);
    check_calendar(s, weeks, &ctx);
    check_rest_days(s, d, &ctx);
    check_runs(s, input, d, &ctx);
    check_heavy_spacing(s, &ctx);
    check_deload_weeks(s, k, first, &ctx);
    for (i, w) in s.weeks.iter().enumerate() {
        if w.is_deload {
            let before = i.checked_sub(1).map(|b| s.weeks[b].total_sets);
            check_deload_content(w, before, &program, &ctx);
        }
    }
}

/// Calendar: exact length, contiguous dates from the start, 7 days a week.
fn check_calendar(s: &Schedule, weeks: usize, ctx: &str) {
    assert_eq!(s.weeks.len(), weeks, "{ctx}: number of weeks");
    let mut expected = s.start;
    for (i, w) in s.weeks.iter().enumerate() {
        assert_eq!(w.number as usize, i + 1, "{ctx}: week numbers");
        assert_eq!(w.start, expected, "{ctx}: week {} start", w.number);
        assert_eq!(w.days.len(), 7, "{ctx}: week {} has 7 days", w.number);
        for day in &w.days {
            assert_eq!(day.date, expected, "{ctx}: contiguous dates");
            assert_eq!(
                day.weekday,
                Weekday::of(day.date),
                "{ctx}: weekday of {}",
                day.date
            );
            expected = expected.tomorrow().unwrap_or(expected);
        }
        assert_eq!(w.end, w.days[6].date, "{ctx}: week end");
    }
    assert_eq!(
        s.end,
        s.weeks.last().map_or(s.start, |w| w.end),
        "{ctx}: plan end"
    );
}

/// Rest days: at least one a week, each with guidance on five topics and links.
fn check_rest_days(s: &Schedule, d: usize, ctx: &str) {
    for w in &s.weeks {
        let training = w.days.iter().filter(|d| d.session().is_some()).count();
        assert_eq!(training, d, "{ctx}: week {} has {d} sessions", w.number);
        assert!(training < 7, "{ctx}: week {} has a rest day", w.number);
        for day in &w.days {
            if let Some(r) = day.rest() {
                assert_eq!(r.guidance.len(), 5, "{ctx}: rest-day guidance");
                assert!(r.guidance.iter().all(|g| g.link.starts_with("/guidance/")));
            }
        }
    }
}

/// Consecutive training days: no longer run than the available days allow, and training only on
/// available days.
fn check_runs(s: &Schedule, input: &PlanInput, d: usize, ctx: &str) {
    let available = input
        .athlete
        .as_ref()
        .and_then(|a| a.available_days.clone())
        .unwrap_or_else(|| Weekday::ALL.to_vec());
    let bound = least_run_among(d, &available);
    if available.len() == 7 {
        assert_eq!(bound, least_run(d));
    }
    assert!(
        longest_run(s) <= bound,
        "{ctx}: run of {} training days, bound {bound}",
        longest_run(s)
    );
    for day in s.weeks.iter().flat_map(|w| &w.days) {
        if day.session().is_some() {
            assert!(
                available.contains(&day.weekday),
                "{ctx}: trains on an unavailable day"
            );
        }
    }
}

/// Heavy spacing: no two heavy sessions sharing a muscle on consecutive days unless the schedule
/// warns that it cannot be avoided.
fn check_heavy_spacing(s: &Schedule, ctx: &str) {
    if s.warnings.iter().any(|w| w.contains("48 h")) {
        return;
    }
    let all: Vec<&Day> = s.weeks.iter().flat_map(|w| &w.days).collect();
    for pair in all.windows(2) {
        if let (Some(a), Some(b)) = (pair[0].session(), pair[1].session()) {
            let clash = a.heavy && b.heavy && a.muscles.iter().any(|m| b.muscles.contains(m));
            assert!(
                !clash,
                "{ctx}: heavy {} then {} on {}",
                a.name, b.name, pair[1].date
            );
        }
    }
}

/// Deloads: exactly every K weeks from the first.
fn check_deload_weeks(s: &Schedule, k: u32, first: u32, ctx: &str) {
    assert_eq!(s.deload_every, k, "{ctx}: cadence ({})", s.cadence_reason);
    assert_eq!(s.first_deload_week, first, "{ctx}: first deload");
    for w in &s.weeks {
        let expect = w.number >= first && (w.number - first) % k == 0;
        assert_eq!(w.is_deload, expect, "{ctx}: week {} deload", w.number);
        assert_eq!(
            w.deload_reason.is_some(),
            w.is_deload,
            "{ctx}: deload reason"
        );
    }
}

/// Deload content: lighter work, the program's own sessions and exercises, and at most 60 % of
/// the sets of the week `before` (unless every exercise is already down to one set).
fn check_deload_content(w: &Week, before: Option<u32>, program: &Program, ctx: &str) {
    let all: Vec<_> = w
        .days
        .iter()
        .filter_map(Day::session)
        .flat_map(|s| &s.prescriptions)
        .collect();
    for p in &all {
        assert!(p.sets >= 1, "{ctx}: deload keeps a set");
        assert!(!p.amrap, "{ctx}: no AMRAP in a deload");
        if let Some(r) = p.rpe {
            assert!(r <= 7.0, "{ctx}: deload RPE {r}");
        }
        if let Some(r) = p.rir {
            assert!(r >= 3.0, "{ctx}: deload RIR {r}");
        }
    }
    check_same_exercises(w, program, ctx);
    let total: u32 = w.days.iter().map(sets).sum();
    assert_eq!(total, w.total_sets, "{ctx}: total_sets");
    if let Some(before) = before {
        let cap = before * 3 / 5;
        if total > cap {
            // Only allowed when every exercise is already down to one set.
            assert!(
                all.iter().all(|p| p.sets == 1),
                "{ctx}: week {} has {total} sets, cap {cap}",
                w.number
            );
            assert!(
                w.deload_reason
                    .as_deref()
                    .unwrap_or("")
                    .contains("one per exercise")
            );
        }
    }
}

/// A deload week keeps the sessions and exercises as written in the program.
fn check_same_exercises(w: &Week, program: &Program, ctx: &str) {
    for session in w.days.iter().filter_map(Day::session) {
        let template = program
            .session(&session.name)
            .unwrap_or_else(|| panic!("{ctx}: unknown session"));
        let names: Vec<&str> = session
            .prescriptions
            .iter()
            .map(|p| p.exercise.as_str())
            .collect();
        let expected: Vec<&str> = template
            .exercises
            .iter()
            .map(|e| e.exercise.as_str())
            .collect();
        assert_eq!(names, expected, "{ctx}: deload keeps the exercises");
    }
}

/// The cadence the domain rules give (no explicit override).
pub(crate) fn expected_k(
    level: deload_engine::programs::Level,
    sleep: Option<f64>,
    signs: usize,
) -> u32 {
    use deload_engine::programs::Level::*;
    let base = match level {
        Novice => 6,
        Intermediate => 5,
        Advanced => 4,
    };
    let marker = sleep.is_some_and(|h| h < 7.0) || signs >= 2;
    if marker && base > 4 { base - 1 } else { base }
}
