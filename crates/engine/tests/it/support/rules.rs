//! Every domain rule (the manual's "The rules every plan follows", `docs/content/plans/rules.md`)
//! checked on a schedule. Shared by the tests of the shipped programs and the property tests.

use deload_engine::plan::{Day, Line, LoadFrom, Prescription, Schedule, Week};
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

/// What the rules need to know besides the schedule: the cadence and the weeks already trained.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Expect {
    /// Cadence K.
    pub(crate) k: u32,
    /// Loading weeks trained since the last deload before the plan.
    pub(crate) since: u32,
    /// Whether a training log brought the first deload to week 1.
    pub(crate) early: bool,
}

/// Asserts every domain rule on `s`. `expect` holds the cadence and history, computed
/// independently by the caller.
pub(crate) fn check(s: &Schedule, input: &PlanInput, weeks: usize, expect: Expect) {
    let program = effective_program(&input.program, input.athlete.as_ref());
    let d = usize::try_from(program.sessions_per_week).unwrap_or(0);
    let ctx = format!("{} ({:?})", s.program, s.athlete);
    check_calendar(s, weeks, &ctx);
    check_rest_days(s, d, &ctx);
    check_runs(s, input, d, &ctx);
    check_heavy_spacing(s, &ctx);
    check_deload_weeks(s, &program, expect, &ctx);
    for (i, w) in s.weeks.iter().enumerate() {
        if w.is_deload {
            let before = i
                .checked_sub(1)
                .map(|b| &s.weeks[b])
                .filter(|b| !b.is_deload);
            let weekly = program.rotation.is_none();
            check_deload_content(w, before, weekly, &program, &ctx);
        }
    }
    check_loads_agree(s, input, &ctx);
}

/// The deload weeks the domain rules give, week by week up to `weeks`: with no wave, a deload
/// once K − 1 loading weeks have passed since the last one; with a wave, at a wave end inside
/// the window K − 1 ..= K + 1 (never above 6 unless K is) closest to K, else the last wave end
/// before the window, else after K − 1 loading weeks.
pub(crate) fn expected_deloads(
    expect: Expect,
    wave: Option<u32>,
    blocks: &[u32],
    weeks: u32,
) -> Vec<u32> {
    let k = i64::from(expect.k.max(2));
    let hi = (k + 1).min(k.max(6));
    let mut out = Vec::new();
    let (mut trained, mut loading) = (i64::from(expect.since), 0i64);
    for week in 1..=weeks {
        let deload = if expect.early && out.is_empty() {
            true
        } else {
            match wave {
                None => block_deload_now(trained, loading, blocks, k, hi),
                Some(w) => wave_deload_now(trained, loading, i64::from(w), k, hi),
            }
        };
        if deload {
            out.push(week);
            trained = 0;
        } else {
            trained += 1;
            loading += 1;
        }
    }
    out
}

/// Whether a deload falls now without waves: at the block end (blocks of `blocks` loading
/// weeks, repeating) whose gap lies in K − 1 ..= `hi` closest to K (the earlier on a tie), else
/// after K − 1 loading weeks.
fn block_deload_now(trained: i64, loading: i64, blocks: &[u32], k: i64, hi: i64) -> bool {
    let period: i64 = blocks.iter().map(|b| i64::from(*b)).sum();
    let block_end = |x: i64| {
        if x <= 0 || period == 0 {
            return false;
        }
        let mut end = 0i64;
        let at = x % period;
        at == 0
            || blocks.iter().any(|b| {
                end += i64::from(*b);
                end == at
            })
    };
    let gap = |j: i64| trained + j + 1;
    if gap(0) > hi {
        return trained + 1 >= k;
    }
    let best = (0..=hi)
        .filter(|j| (trained + j > 0) && block_end(loading + j))
        .filter(|j| gap(*j) >= k - 1 && gap(*j) <= hi)
        .min_by_key(|j| ((gap(*j) - k).abs(), *j));
    match best {
        Some(j) => j == 0,
        None => trained + 1 >= k,
    }
}

/// Whether a deload falls now, `trained` loading weeks after the last one and `loading` into
/// the plan, with waves of `w` weeks and the window K − 1 ..= `hi` for the gap.
fn wave_deload_now(trained: i64, loading: i64, w: i64, k: i64, hi: i64) -> bool {
    let gap = |j: i64| trained + j + 1;
    // A candidate j loading weeks from now: a wave end, at least one loading week after a deload.
    let ok = |j: i64| (loading + j) % w == 0 && (trained + j > 0 || trained > 0);
    if gap(0) > hi {
        return true;
    }
    let in_window: Vec<i64> = (0..=hi)
        .filter(|j| ok(*j) && gap(*j) >= k - 1 && gap(*j) <= hi)
        .collect();
    if let Some(best) = in_window.iter().min_by_key(|j| ((gap(**j) - k).abs(), **j)) {
        return *best == 0;
    }
    let before: Vec<i64> = (0..=hi).filter(|j| ok(*j) && gap(*j) < k - 1).collect();
    if let Some(last) = before.iter().max() {
        return *last == 0;
    }
    gap(0) >= k.min(hi)
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

/// Deloads: where the domain rules put them, each with a reason.
fn check_deload_weeks(s: &Schedule, program: &Program, expect: Expect, ctx: &str) {
    assert_eq!(
        s.deload_every, expect.k,
        "{ctx}: cadence ({})",
        s.cadence_reason
    );
    assert_eq!(s.wave, program.wave, "{ctx}: wave");
    let weeks = u32::try_from(s.weeks.len()).unwrap_or(0);
    let blocks: Vec<u32> = program.blocks.iter().map(|b| b.weeks).collect();
    let expected = expected_deloads(
        expect,
        program.wave,
        &blocks,
        weeks.max(s.first_deload_week),
    );
    assert_eq!(
        s.first_deload_week,
        expected.first().copied().unwrap_or(0),
        "{ctx}: first deload"
    );
    for w in &s.weeks {
        assert_eq!(
            w.is_deload,
            expected.contains(&w.number),
            "{ctx}: week {} deload ({})",
            w.number,
            s.cadence_reason
        );
        assert_eq!(
            w.deload_reason.is_some(),
            w.is_deload,
            "{ctx}: deload reason"
        );
    }
}

/// The program exercise a prescription comes from, by its session and place.
fn is_main(program: &Program, session: &str, index: usize) -> bool {
    index == 0
        || program
            .session(session)
            .and_then(|t| t.exercises.get(index))
            .is_some_and(|e| e.main)
}

/// Deload content: lighter work, the program's own sessions and exercises; main lifts keep at
/// least half their sets rounded up, the rest at most half rounded up and at least one; the
/// week's total 40–60 % of the loading week's unless the minimums win; no set with more reps or
/// more load than its loading counterpart (weekly programs: the same session the week `before`).
fn check_deload_content(
    w: &Week,
    before: Option<&Week>,
    weekly: bool,
    program: &Program,
    ctx: &str,
) {
    for p in w
        .days
        .iter()
        .filter_map(Day::session)
        .flat_map(|s| &s.prescriptions)
    {
        check_deload_lines(p, ctx);
    }
    check_same_exercises(w, program, ctx);
    let total: u32 = w.days.iter().map(sets).sum();
    assert_eq!(total, w.total_sets, "{ctx}: total_sets");
    if let Some(before) = before.filter(|_| weekly) {
        check_deload_against(w, before, program, ctx);
    }
}

/// A deload prescription: a working set kept, no AMRAP, RPE at most 7, RIR at least 3, no PR
/// label.
fn check_deload_lines(p: &Prescription, ctx: &str) {
    let working = p.lines.iter().any(|l| !l.warmup);
    assert!(p.sets >= 1 || !working, "{ctx}: deload keeps a set");
    for l in &p.lines {
        assert!(!l.amrap, "{ctx}: no AMRAP in a deload");
        if let Some(r) = l.rpe {
            assert!(r <= 7.0, "{ctx}: deload RPE {r}");
        }
        if let Some(r) = l.rir {
            assert!(r >= 3.0, "{ctx}: deload RIR {r}");
        }
        if let Some(label) = &l.label {
            assert!(
                !label.to_lowercase().contains("pr"),
                "{ctx}: PR label {label}"
            );
        }
    }
}

/// A deload week against the loading week `before` it (the same sessions): the sets rule, the
/// week's window, and no line heavier or longer than its counterpart.
fn check_deload_against(w: &Week, before: &Week, program: &Program, ctx: &str) {
    let f = program.deload.sets_factor.clamp(0.0, 1.0);
    let loading = before.total_sets;
    let mut min_total = 0u32;
    for (dd, bd) in w.days.iter().zip(&before.days) {
        let (Some(ds), Some(bs)) = (dd.session(), bd.session()) else {
            continue;
        };
        assert_eq!(
            ds.name, bs.name,
            "{ctx}: the deload repeats the week before"
        );
        for (i, (dp, bp)) in ds.prescriptions.iter().zip(&bs.prescriptions).enumerate() {
            if bp.sets == 0 {
                continue;
            }
            let half_up = ((f64::from(bp.sets) * f) - 1e-9).ceil().max(1.0) as u32;
            let (keeps, of) = (dp.sets, bp.sets);
            if let Some(declared) = declared_week(program, &ds.name, i) {
                // The program's own deload week: its lines as written, each lighter than the
                // loading week's heaviest by the cut.
                let written: u32 = declared.iter().filter(|l| !l.warmup).map(|l| l.sets).sum();
                assert_eq!(keeps, written, "{ctx}: {} declared deload", dp.exercise);
                min_total += written;
                check_declared_lighter(dp, bp, program, ctx);
                continue;
            }
            if is_main(program, &ds.name, i) {
                assert!(
                    keeps >= half_up.min(of),
                    "{ctx}: main {} keeps {keeps} of {of}",
                    dp.exercise
                );
                min_total += half_up.min(of);
            } else {
                assert!(
                    keeps <= half_up,
                    "{ctx}: {} keeps {keeps} of {of}",
                    dp.exercise
                );
                min_total += 1;
            }
            check_lines_lighter(dp, bp, program.deload.load_factor.clamp(0.0, 1.0), ctx);
        }
    }
    let total = w.total_sets;
    let low = (f64::from(loading) * (f - 0.1).max(0.0) - 1e-9).ceil() as u32;
    let high = (f64::from(loading) * (f + 0.1) + 1e-9).floor() as u32;
    let reason = w.deload_reason.as_deref().unwrap_or("");
    if total > high {
        assert_eq!(
            total, min_total,
            "{ctx}: above the window only at the minimums"
        );
        assert!(reason.contains("carry this deload"), "{ctx}: {reason}");
    } else {
        // No whole count in the window (40–60 % of 3 is 1.2–1.8): the lighter side.
        assert!(
            total >= low.min(high),
            "{ctx}: week {} has {total} of {loading} sets",
            w.number
        );
    }
}

/// No deload line has more reps or more load than its loading counterpart: the working lines
/// in order (a deload keeps a prefix of them).
fn check_lines_lighter(dp: &Prescription, bp: &Prescription, cut: f64, ctx: &str) {
    for (dl, bl) in dp.working_lines().zip(bp.working_lines()) {
        let bare_amrap = bl.amrap && bl.rep_range.min <= 1 && !bl.reps.starts_with("1+");
        if let Some(dmax) = dl.rep_range.max
            && !bare_amrap
        {
            let bound = bl.rep_range.max.unwrap_or(bl.rep_range.min);
            assert!(
                dmax <= bound,
                "{ctx}: {} deload reps {dmax} > {bound}",
                dp.exercise
            );
        }
        if let (Some(d), Some(b)) = (dl.load, bl.load) {
            assert!(d <= b + 1e-9, "{ctx}: {} deload {d} > {b}", dp.exercise);
            // Intensity falls at least 10 % after rounding (a one-plate load stays one plate).
            let plate_floor = d <= 5.0 + 1e-9;
            assert!(
                d <= cut * b + 1e-9 || plate_floor,
                "{ctx}: {} deload {d} is more than {cut} × {b}",
                dp.exercise
            );
        }
    }
}

/// The program's own deload lines for exercise `index` of session `session`, if it declares
/// them for the exercise's scheme.
fn declared_week<'p>(
    program: &'p Program,
    session: &str,
    index: usize,
) -> Option<&'p [deload_engine::programs::SetLine]> {
    let spec = program.session(session)?.exercises.get(index)?;
    program.deload.week_for(spec.scheme.as_deref())
}

/// A declared deload week's lines are each at most the load factor × the loading week's
/// heaviest load.
fn check_declared_lighter(dp: &Prescription, bp: &Prescription, program: &Program, ctx: &str) {
    let cut = program.deload.load_factor.clamp(0.0, 1.0);
    let heaviest = bp
        .working_lines()
        .filter_map(|l| l.load)
        .fold(0.0f64, f64::max);
    for d in dp.working_lines().filter_map(|l| l.load) {
        assert!(
            d <= cut * heaviest + 1e-9,
            "{ctx}: {} declared deload {d} vs {heaviest}",
            dp.exercise
        );
    }
}

/// Every line with a percentage of a known base prints what its load is, to half a plate plus
/// the printing's rounding; every RPE-chart load is the chart's share of the 1RM.
fn check_loads_agree(s: &Schedule, _input: &PlanInput, ctx: &str) {
    for w in &s.weeks {
        for p in w
            .days
            .iter()
            .filter_map(Day::session)
            .flat_map(|s| &s.prescriptions)
        {
            for l in &p.lines {
                agree(l, s, &format!("{ctx}: week {} {}", w.number, p.exercise));
            }
        }
    }
}

/// [`check_loads_agree`] for one line of `s`.
pub(crate) fn agree(l: &Line, s: &Schedule, ctx: &str) {
    let plate = s.plate_increment;
    if let Some(load) = l.load {
        let r = load / plate;
        assert!(
            (r - r.round()).abs() < 1e-6,
            "{ctx}: load {load} not on plate {plate}"
        );
    }
    match (l.load_from, l.load, l.percent, l.base_load) {
        (Some(LoadFrom::Percent), Some(load), Some(pct), Some(base)) => {
            let printed = pct / 100.0 * base;
            // half a plate, the percentage's printing to 0.1 and the base's to 0.01
            let slack = plate / 2.0 + 0.05 / 100.0 * base + 0.005 * pct / 100.0 + 1e-6;
            // In a deload a load never rounds to 0: one plate instead.
            let tiny = printed < plate / 2.0 && load == plate;
            assert!(
                (load - printed).abs() <= slack || tiny,
                "{ctx}: {} is {load} ({} from {base})",
                l.intensity,
                printed
            );
            assert!(
                l.intensity
                    .starts_with(&format!("{}% ", deload_engine::text::fmt_num(pct))),
                "{ctx}: {}",
                l.intensity
            );
        }
        (Some(LoadFrom::RpeChart), Some(load), _, Some(one_rm)) => {
            let rpe = l.rpe.or(l.rir.map(|r| 10.0 - r)).unwrap_or(0.0);
            let reps = l.rep_range.max.unwrap_or(l.rep_range.min);
            let share = deload_engine::plan::rpe_percent(reps, rpe).unwrap_or(-1.0);
            let want = (share / 100.0 * one_rm / plate).round() * plate;
            // A deload's RPE load also drops by the cut (and to implied RPE 7), rounded
            // down: at most the chart's load at its RPE.
            let deload = rpe <= 7.0 && load < want;
            // a back-off set may sit a plate under the chart, below the top set it follows
            let back_off = load < want && load >= want - plate - 1e-6;
            assert!(
                (load - want).abs() < 1e-6 || (want == 0.0 && load == plate) || deload || back_off,
                "{ctx}: {} → {load}, chart {want}",
                l.intensity
            );
        }
        (Some(LoadFrom::Fixed), Some(load), _, _) => {
            let want = format!("{} {}", deload_engine::text::fmt_num(load), s.units);
            assert_eq!(l.intensity, want, "{ctx}");
        }
        _ => {}
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
