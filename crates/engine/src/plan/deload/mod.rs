//! Deload weeks (domain rules 2 and 3): where they fall (`placement.rs`) and what they do (here).
//! Everything the plan does about deloads is in this folder.
//!
//! A deload week runs the same sessions and exercises as the loading week before it (week 1: the
//! first loading week), as a coach would sign it:
//! - **sets**: each exercise keeps `sets_factor` (default ½) of its working sets, rounded up for
//!   main lifts (the first exercise of a session, or one marked `main`; a 3-set squat keeps 2)
//!   and down for the rest, never below 1. The week's total is then brought inside 40–60 % of the
//!   loading week's (`sets_factor` ± 10 points): above it, the other exercises give up sets
//!   (the biggest first, never below 1); below it, they get back the set rounding down took.
//!   When no whole number of sets lies in the window (40–60 % of 3 sets is 1.2–1.8), the week
//!   errs light and keeps the window's floor count (1 of 3).
//!   When the minimums alone are above 60 % (sessions of one or two main lifts, single sets),
//!   the minimums win, load and effort carry the deload, and the reason says so. An exercise's
//!   kept sets are spread over its working lines the same way (the biggest lines give up sets
//!   first; when fewer sets are kept than there are lines, the first lines stay); warm-up lines
//!   stay as they are;
//! - **intensity** about 10 % lower, in step with the printed numbers ([`deload_target`]): loads
//!   and percentages × `load_factor` (0.9), RPE − 2 (at most 7), RIR + 2 (at least 3); a load
//!   above 0 never rounds to 0;
//! - **reps** never above the loading week's: AMRAP and `N+` sets become fixed sets of their
//!   floor (`5+` → 5, `1+` → 1; a bare AMRAP → 5); labels and notes about PRs, AMRAP or max
//!   attempts are dropped.
//!
//! The intensity and reps change as the week is laid out ([`deload_target`], called by the line
//! targets); the sets and the reason here, once the week is laid out ([`apply_deloads`]). The
//! week is marked as a deload (focus `deload`, a link to the guidance) and its reason says why it
//! falls where it does and what it changed. A deload never advances progression.

mod placement;
mod said;

pub(crate) use placement::{BlockEnds, Fit, Placement};

use super::rest::DELOAD_LINK;
use super::target::{Target, TargetKind};
use super::{Day, Prescription, Session, Week};
use crate::programs::{DeloadSettings, Reps};
use crate::text::{fmt_num, plural};

/// Reps used for an AMRAP set without a floor in a deload week.
pub(crate) const DELOAD_AMRAP_REPS: u32 = 5;
/// How far the week's total may be from `sets_factor` of the loading week's: ±10 points.
pub(crate) const WINDOW: f64 = 0.1;

/// A usable factor: `f` within 0–1, else `default`.
fn factor(f: f64, default: f64) -> f64 {
    if f.is_finite() {
        f.clamp(0.0, 1.0)
    } else {
        default
    }
}

/// The load factor of `settings` (0–1, default 0.9).
pub(crate) fn load_factor(settings: &DeloadSettings) -> f64 {
    factor(settings.load_factor, 0.9)
}

/// The deload version of a line's target: intensity about 10 % lower, reps never above the
/// loading week's, and no PR or AMRAP label.
pub(crate) fn deload_target(t: &mut Target, settings: &DeloadSettings) {
    let f = load_factor(settings);
    t.kind = match t.kind {
        TargetKind::Fixed(l) => TargetKind::Fixed(l * f),
        TargetKind::Percent {
            base,
            percent,
            base_load,
            added,
            rise,
        } => TargetKind::Percent {
            base,
            percent: percent * f,
            base_load,
            added: added * f,
            rise,
        },
        TargetKind::Effort { value, rir, one_rm } => TargetKind::Effort {
            value: if rir {
                (value + 2.0).clamp(3.0, 10.0)
            } else {
                (value - 2.0).clamp(1.0, 7.0)
            },
            rir,
            one_rm,
        },
        TargetKind::Open => TargetKind::Open,
    };
    deload_shape(t);
}

/// A deload line's shape: AMRAP and `N+` sets become fixed sets of their floor, and labels
/// about PRs or max efforts go.
pub(crate) fn deload_shape(t: &mut Target) {
    if let Reps::Amrap(floor) = t.reps {
        t.reps = Reps::Fixed(floor.unwrap_or(DELOAD_AMRAP_REPS));
    }
    if t.label.as_deref().is_some_and(about_max_effort) {
        t.label = None;
    }
}

/// Whether a note or label is about a max effort: it mentions a PR, AMRAP, "as many" reps, a
/// max attempt or a personal record.
pub(crate) fn about_max_effort(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| matches!(w, "pr" | "prs" | "amrap" | "amraps"));
    words
        || ["as many", "max attempt", "personal record", "personal best"]
            .iter()
            .any(|p| lower.contains(p))
}

/// What [`deload_week`] did, for the week's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeloadOutcome {
    /// Working sets in the week after the deload.
    pub(crate) total: u32,
    /// Working sets of the loading week it is compared with.
    pub(crate) loading: u32,
    /// The window's bounds: at least `low`, at most `high` sets.
    pub(crate) low: u32,
    /// See `low`.
    pub(crate) high: u32,
}

impl DeloadOutcome {
    /// Whether the minimums (main lifts' half rounded up, one set each) keep the week above
    /// the window.
    pub(crate) fn minimums_win(&self) -> bool {
        self.total > self.high
    }
}

/// One exercise's working sets in a deload: what it keeps, and its floor and ceiling when the
/// week's total is brought into the window.
#[derive(Debug, Clone, Copy)]
struct Keep {
    keep: u32,
    floor: u32,
    ceiling: u32,
    main: bool,
}

/// The sets `p` keeps at `factor`: rounded up for a main lift, down (at least 1) otherwise.
fn keep(p: &Prescription, f: f64) -> Keep {
    let n = p.sets;
    let exact = f64::from(n) * f;
    // A small epsilon so 0.7 × 10 is 7, not 6.999…; both lie in 0..=n.
    let up = ((exact - 1e-9).ceil().max(0.0) as u32).clamp(1, n.max(1));
    let down = ((exact + 1e-9).floor() as u32).clamp(1, n.max(1));
    if p.main {
        Keep {
            keep: up,
            floor: up,
            ceiling: up,
            main: true,
        }
    } else {
        Keep {
            keep: down,
            floor: 1,
            ceiling: up,
            main: false,
        }
    }
}

/// Reduces the sets of a deload week's `sessions`, whose loading version had `loading` working
/// sets (the loading week it stands for), into the window around `sets_factor`.
pub(crate) fn deload_week(
    sessions: &mut [&mut Session],
    loading: u32,
    settings: &DeloadSettings,
) -> DeloadOutcome {
    let f = factor(settings.sets_factor, 0.5);
    let mut all: Vec<&mut Prescription> = sessions
        .iter_mut()
        .flat_map(|s| s.prescriptions.iter_mut())
        .filter(|p| p.sets > 0)
        .collect();
    let mut keeps: Vec<Keep> = all
        .iter()
        .map(|p| {
            if p.declared_deload {
                // The program's own deload week keeps its sets as written.
                Keep {
                    keep: p.sets,
                    floor: p.sets,
                    ceiling: p.sets,
                    main: true,
                }
            } else {
                keep(p, f)
            }
        })
        .collect();
    let low = (f64::from(loading) * (f - WINDOW).max(0.0) - 1e-9)
        .ceil()
        .max(0.0) as u32;
    let high = (f64::from(loading) * (f + WINDOW) + 1e-9).floor() as u32;
    fit_window(&mut keeps, low, high);
    for (p, k) in all.iter_mut().zip(&keeps) {
        spread(p, k.keep);
    }
    DeloadOutcome {
        total: keeps.iter().fold(0u32, |a, k| a.saturating_add(k.keep)),
        loading,
        low,
        high,
    }
}

/// Brings the total of `keeps` into `low..=high` where it can: above `high`, the non-main
/// exercises give up sets (the biggest first, the later on ties, never below their floor);
/// below `low`, they get back sets up to their ceiling, in order. When no whole number of sets
/// lies in the window (`low > high`, e.g. 40–60 % of 3 sets), the week errs light: `high`.
fn fit_window(keeps: &mut [Keep], low: u32, high: u32) {
    let low = low.min(high);
    let total = |k: &[Keep]| -> u64 { k.iter().map(|k| u64::from(k.keep)).sum() };
    if total(keeps) > u64::from(high) {
        let mut values: Vec<u32> = keeps.iter().map(|k| k.keep).collect();
        let floors: Vec<u32> = keeps
            .iter()
            .map(|k| if k.main { k.keep } else { k.floor })
            .collect();
        level_down(&mut values, &floors, u64::from(high));
        for (k, v) in keeps.iter_mut().zip(values) {
            k.keep = v;
        }
    }
    for i in 0..keeps.len() {
        if total(keeps) >= u64::from(low) {
            break;
        }
        if keeps[i].keep < keeps[i].ceiling {
            keeps[i].keep += 1;
        }
    }
}

/// Lowers `values` to a total of at most `target`, never below their `floors`, the biggest
/// giving first (the later on ties): the same as taking one at a time from the biggest,
/// computed by levelling so huge counts cost nothing. When the floors alone are above `target`,
/// every value ends at its floor.
pub(crate) fn level_down(values: &mut [u32], floors: &[u32], target: u64) {
    let original = values.to_vec();
    let at =
        |i: usize, level: u32| -> u32 { original[i].min(level).max(floors[i].min(original[i])) };
    let sum = |level: u32| -> u64 { (0..original.len()).map(|i| u64::from(at(i, level))).sum() };
    if sum(u32::MAX) <= target {
        return;
    }
    if sum(0) >= target {
        for (i, v) in values.iter_mut().enumerate() {
            *v = at(i, 0);
        }
        return;
    }
    // The highest level whose total fits: sum(lo) ≤ target < sum(hi).
    let (mut lo, mut hi) = (0u32, original.iter().copied().max().unwrap_or(0));
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if sum(mid) <= target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut extra = target - sum(lo);
    for (i, v) in values.iter_mut().enumerate() {
        let cut = original[i] > lo && floors[i] <= lo;
        *v = if cut && extra > 0 {
            extra -= 1;
            lo + 1
        } else {
            at(i, lo)
        };
    }
}

/// Spreads `keep` working sets over `p`'s working lines: the biggest lines give up sets first
/// (the later on ties), each keeps at least one; with fewer sets than lines, the first lines
/// keep one each and the rest are dropped. Warm-up lines stay.
fn spread(p: &mut Prescription, keep: u32) {
    let working: Vec<usize> = (0..p.lines.len()).filter(|i| !p.lines[*i].warmup).collect();
    let count = u32::try_from(working.len()).unwrap_or(u32::MAX);
    if keep < count {
        let kept = usize::try_from(keep).unwrap_or(0);
        for &i in &working[..kept] {
            p.lines[i].sets = 1;
        }
        let drop = &working[kept..];
        let mut i = 0;
        p.lines.retain(|_| {
            let gone = drop.contains(&i);
            i += 1;
            !gone
        });
    } else {
        let mut sets: Vec<u32> = working.iter().map(|i| p.lines[*i].sets).collect();
        let floors = vec![1; sets.len()];
        level_down(&mut sets, &floors, u64::from(keep));
        for (i, n) in working.iter().zip(sets) {
            p.lines[*i].sets = n;
        }
    }
    p.sets = super::schedule::working_sets(&p.lines);
}

/// How the plan's deload weeks are made: where they fall and what they reduce.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DeloadRules<'a> {
    /// Where the deloads fall, and why.
    pub(crate) placement: &'a Placement,
    /// How much a deload week reduces.
    pub(crate) settings: &'a DeloadSettings,
}

/// The "apply deloads" stage: every week laid out as a deload (same sessions as the loading week
/// it repeats, intensities already lowered) gets its sets reduced against the loading week
/// before it (week 1: its own loading total), its focus `deload`, the guidance link and its
/// reason. Notes about max efforts are dropped. Loading weeks are left as they are.
pub(crate) fn apply_deloads(weeks: &mut [Week], rules: &DeloadRules<'_>) {
    let mut previous_total: Option<u32> = None;
    for week in weeks.iter_mut() {
        if week.is_deload {
            let loading = previous_total.unwrap_or(week.total_sets);
            let mut sessions: Vec<&mut Session> =
                week.days.iter_mut().filter_map(Day::session_mut).collect();
            for p in sessions.iter_mut().flat_map(|s| s.prescriptions.iter_mut()) {
                if p.notes.as_deref().is_some_and(about_max_effort) {
                    p.notes = None;
                }
            }
            let outcome = deload_week(&mut sessions, loading, rules.settings);
            week.deload_reason = Some(reason(rules, (week.number, &week.block), &outcome));
            week.deload_message = Some(said::reason(rules, (week.number, &week.block), &outcome));
            week.total_sets = outcome.total;
            week.focus = "deload".to_string();
            week.deload_link = Some(DELOAD_LINK.to_string());
        }
        previous_total = Some(week.total_sets);
    }
}

/// Why deload week `week` falls where it does. The cadence's own reason (the level, sleep,
/// signs) is the schedule's `cadence_reason`, said once on the cover, not in every week.
fn why(rules: &DeloadRules<'_>, week: u32, block: &str) -> String {
    let p = rules.placement;
    let since = p.weeks_since_deload;
    let every = format!("every {} weeks", p.every);
    let Some(d) = p.deload(week) else {
        return format!("planned deload, {every}");
    };
    let wave = p.wave.unwrap_or(0);
    let window = format!(
        "window {}–{} weeks",
        p.every.saturating_sub(1),
        (p.every + 1).min(p.every.max(6))
    );
    let gap = plural(d.gap, "week", "weeks");
    let trained = plural(since, "loading week", "loading weeks");
    match d.fit {
        Fit::Early => format!(
            "early deload in week {week}, from your log: {}; then {every}",
            p.early.as_deref().unwrap_or("two or more warning signs")
        ),
        Fit::Replan => format!(
            "deload brought forward to week {week} by the re-plan from your log: {}; then {every}",
            p.replan.as_deref().unwrap_or("warning signs in the log")
        ),
        Fit::Overdue if wave > 0 => format!(
            "first deload at once: {trained} already trained since the last deload, past the {window}"
        ),
        _ if week == p.first && since > 0 && matches!(d.fit, Fit::Cadence | Fit::BlockSplit) => {
            format!(
                "first deload brought forward to week {week}: {trained} already trained since the last deload; then {every}"
            )
        }
        Fit::Cadence | Fit::Overdue => format!("planned deload, {every}"),
        Fit::WaveEnd => format!(
            "planned deload at the end of a {wave}-week wave, {gap} after the last deload ({window})"
        ),
        Fit::WaveBefore => format!(
            "planned deload at the end of a {wave}-week wave, {gap} after the last deload: no wave ends inside the {window}, so it comes early rather than split a wave"
        ),
        Fit::WaveMissed => format!(
            "planned deload, {every}: the {wave}-week wave does not end inside the {window}"
        ),
        Fit::BlockEnd => format!(
            "planned deload at the end of block `{block}`, {gap} after the last deload ({window})"
        ),
        Fit::BlockSplit => format!("planned deload, {every} (no block ends in the {window})"),
    }
}

/// The sentence that explains deload week `week`: why it falls there, and what it changed.
pub(crate) fn reason(
    rules: &DeloadRules<'_>,
    (week, block): (u32, &str),
    outcome: &DeloadOutcome,
) -> String {
    let why = why(rules, week, block);
    let pct = if outcome.loading == 0 {
        0
    } else {
        (f64::from(outcome.total) * 100.0 / f64::from(outcome.loading)).round() as u32
    };
    let sets = if outcome.minimums_win() {
        format!(
            "{} of the loading week's {} sets ({pct} %: main lifts keep at least half their sets and every exercise one, so load and effort carry this deload)",
            outcome.total, outcome.loading
        )
    } else {
        format!(
            "{} of the loading week's {} sets ({pct} %)",
            outcome.total, outcome.loading
        )
    };
    let own = if rules.settings.week.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = rules
            .settings
            .week
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        format!(
            "; the program's own deload week for {} (no supplemental sets)",
            names.join(", ")
        )
    };
    format!(
        "{why}. Same sessions, {sets}; loads × {} or less, RPE − 2 (≤ 7), RIR + 2 (≥ 3){own}; no AMRAP, max attempts or extra reps",
        fmt_num(load_factor(rules.settings))
    )
}

#[cfg(test)]
mod tests;
