//! Where deload weeks go and what they do (domain rules 2 and 3): everything the plan does about
//! deloads is in this file.
//!
//! **Placement** ([`Placement`]). With cadence K and W loading weeks already trained since the
//! last deload, the first deload is week `max(1, K − W)`; after that every K-th week. Two or more
//! warning signs in a training log bring the first deload to week 1. Deload weeks are added on top
//! of the program's loading weeks: a default-length plan runs every block once plus the deloads
//! that fall among them ([`Placement::default_weeks`]). The week positions stage asks
//! [`Placement::is_deload`] for every week, so a deload week runs the loading week before it.
//!
//! **Content** ([`apply_deloads`]). A deload week runs the same sessions and exercises as the
//! loading week before it (week 1: the first loading week), with:
//! - sets × `sets_factor` (default ½), rounded down, at least 1 per exercise;
//! - then the **60 % cap**: if the week's total is still above 60 % of the week before (rounded
//!   down), sets are taken off the exercises with the most sets, one at a time, never below 1. The
//!   cap therefore holds whenever one set per exercise fits under it; when the week before was
//!   so small that it does not (e.g. every exercise was a single set), every exercise keeps one set
//!   and the deload reason says the cap could not be met;
//! - load × `load_factor` (default 0.9), rounded *down* to the plate so a deload is never heavier
//!   than the factor allows; percent of 1RM × the same factor (shown to the nearest 0.5);
//! - RPE − 2, capped at 7; RIR + 2, at least 3;
//! - AMRAP sets become fixed reps: the written floor (`5+` → 5), else 5; no max attempts.
//!
//! The week is marked as a deload (focus `deload`, a link to the guidance) and its reason says why
//! it falls where it does and what it changed.

use super::history::Cadence;
use super::progression::{round_down_to_plate, set_intensity, set_reps};
use super::rest::DELOAD_LINK;
use super::{Day, MAX_WEEKS, PlanOptions, Prescription, Session, Week};
use crate::programs::{DeloadSettings, History, Intensity, Reps};
use crate::text::fmt_num;

/// Reps used for an AMRAP set without a floor in a deload week.
pub(crate) const DELOAD_AMRAP_REPS: u32 = 5;
/// The most a deload week may keep of the week before's total sets, as a fraction.
pub(crate) const DELOAD_CAP: (u32, u32) = (3, 5);

/// The week (1-based) of the first deload: `max(1, K − W)`.
pub(crate) fn first_deload_week(every: u32, weeks_since_deload: u32) -> u32 {
    every.saturating_sub(weeks_since_deload).max(1)
}

/// Whether week `week` (1-based) is a deload week.
pub(crate) fn is_deload_week(week: u32, first: u32, every: u32) -> bool {
    week >= first && (week - first) % every.max(1) == 0
}

/// The plan length that runs `loading` loading weeks plus the deloads among them.
pub(crate) fn default_weeks(loading: u32, first: u32, every: u32, max_weeks: u32) -> u32 {
    let every = every.max(2);
    let mut done = 0;
    let mut week = 0;
    while done < loading && week < max_weeks {
        week += 1;
        if !is_deload_week(week, first, every) {
            done += 1;
        }
    }
    week.max(1)
}

/// Where the plan's deload weeks fall: cadence K, the first deload, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placement {
    /// Cadence K: a deload every K weeks, counting the deload (at least 2).
    pub(crate) every: u32,
    /// Loading weeks trained since the last deload before the plan (W).
    pub(crate) weeks_since_deload: u32,
    /// Why a training log brought the first deload to week 1, if it did.
    pub(crate) early: Option<String>,
    /// The first deload week (1-based): week 1 after an early deload, else `max(1, K − W)`.
    pub(crate) first: u32,
    /// Why K, in words ("advanced lifter: every 4th week").
    pub(crate) cadence_reason: String,
}

impl Placement {
    /// Places the deloads for `cadence`: W comes from the options, else the history (at most
    /// [`MAX_WEEKS`]); the history's early deload, if any, puts the first deload in week 1.
    pub(crate) fn new(cadence: &Cadence, history: &History, opts: &PlanOptions) -> Placement {
        let every = cadence.every.max(2);
        let weeks_since_deload = opts
            .weeks_since_deload
            .or(history.weeks_since_deload)
            .unwrap_or(0)
            .min(MAX_WEEKS);
        let early = history.early_deload.clone();
        let first = if early.is_some() {
            1
        } else {
            first_deload_week(every, weeks_since_deload)
        };
        Placement {
            every,
            weeks_since_deload,
            early,
            first,
            cadence_reason: cadence.reason.clone(),
        }
    }

    /// Whether week `week` (1-based) of the plan is a deload week.
    pub(crate) fn is_deload(&self, week: u32) -> bool {
        is_deload_week(week, self.first, self.every)
    }

    /// The plan length that runs `loading` loading weeks plus the deloads among them, at most
    /// [`MAX_WEEKS`].
    pub(crate) fn default_weeks(&self, loading: u32) -> u32 {
        default_weeks(loading, self.first, self.every, MAX_WEEKS)
    }
}

/// The largest total a deload week may have after a week of `previous` sets: ⌊0.6 × previous⌋.
pub(crate) fn cap_for(previous: u32) -> u32 {
    previous.saturating_mul(DELOAD_CAP.0) / DELOAD_CAP.1
}

/// What [`deload_week`] did, for the week's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeloadOutcome {
    /// Sets in the week after halving and capping.
    pub(crate) total: u32,
    /// The cap (⌊60 % of the week before⌋).
    pub(crate) cap: u32,
    /// Whether the cap could be met while keeping one set per exercise.
    pub(crate) cap_met: bool,
}

/// Sets for one prescription in a deload week before the cap: ⌊sets × factor⌋, at least 1.
pub(crate) fn deload_sets(sets: u32, factor: f64) -> u32 {
    let f = if factor.is_finite() {
        factor.clamp(0.0, 1.0)
    } else {
        0.5
    };
    // A small epsilon so 0.7 × 10 is 7, not 6.999….
    let reduced = (f64::from(sets) * f + 1e-9).floor();
    // `reduced` lies in 0..=sets, so the conversion is exact.
    (reduced as u32).clamp(1, sets.max(1))
}

/// Turns a loading prescription into its deload version (sets are capped later, per week).
pub(crate) fn deload_prescription(p: &mut Prescription, settings: &DeloadSettings, plate: f64) {
    p.sets = deload_sets(p.sets, settings.sets_factor);
    let factor = if settings.load_factor.is_finite() {
        settings.load_factor.clamp(0.0, 1.0)
    } else {
        0.9
    };
    p.load = p.load.map(|l| round_down_to_plate(l * factor, plate));
    let intensity = if let Some(x) = p.percent {
        Some(Intensity::Percent((x * factor * 2.0).round() / 2.0))
    } else if let Some(x) = p.rpe {
        Some(Intensity::Rpe((x - 2.0).clamp(1.0, 7.0)))
    } else if let Some(x) = p.rir {
        Some(Intensity::Rir((x + 2.0).max(3.0)))
    } else {
        p.load.map(Intensity::Load)
    };
    set_intensity(p, intensity);
    if p.amrap {
        let reps = if p.rep_range.min > 1 {
            p.rep_range.min
        } else {
            DELOAD_AMRAP_REPS
        };
        set_reps(p, Reps::Fixed(reps));
    }
}

/// Applies the deload to every session of a week and enforces the 60 % cap against
/// `previous_total` (the week before's sets).
pub(crate) fn deload_week(
    sessions: &mut [&mut Session],
    previous_total: u32,
    settings: &DeloadSettings,
    plate: f64,
) -> DeloadOutcome {
    for s in sessions.iter_mut() {
        for p in &mut s.prescriptions {
            deload_prescription(p, settings, plate);
        }
    }
    let cap = cap_for(previous_total);
    let mut all: Vec<&mut Prescription> = sessions
        .iter_mut()
        .flat_map(|s| s.prescriptions.iter_mut())
        .collect();
    let sets: Vec<u32> = all.iter().map(|p| p.sets).collect();
    let reduced = cap_sets(&sets, cap);
    for (p, n) in all.iter_mut().zip(&reduced) {
        p.sets = *n;
    }
    let total =
        u32::try_from(reduced.iter().map(|n| u64::from(*n)).sum::<u64>()).unwrap_or(u32::MAX);
    DeloadOutcome {
        total,
        cap,
        cap_met: total <= cap,
    }
}

/// Brings `sets` to a total of at most `cap`, never below 1 each, by taking sets from the
/// largest counts first (the later exercise on ties, so a session's main lifts, usually first,
/// keep theirs longest). Equivalent to taking one set at a time, computed by levelling so huge
/// counts cost nothing.
pub(crate) fn cap_sets(sets: &[u32], cap: u32) -> Vec<u32> {
    let level_sum = |l: u32| -> u64 { sets.iter().map(|s| u64::from((*s).min(l))).sum() };
    let cap64 = u64::from(cap);
    if level_sum(u32::MAX) <= cap64 {
        return sets.to_vec();
    }
    if level_sum(1) > cap64 {
        return sets.iter().map(|s| (*s).min(1)).collect();
    }
    // The highest level whose total fits: level_sum(lo) ≤ cap < level_sum(hi).
    let (mut lo, mut hi) = (1u32, sets.iter().copied().max().unwrap_or(1));
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if level_sum(mid) <= cap64 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut extra = cap64 - level_sum(lo);
    sets.iter()
        .map(|s| {
            if *s > lo && extra > 0 {
                extra -= 1;
                lo + 1
            } else {
                (*s).min(lo)
            }
        })
        .collect()
}

/// How the plan's deload weeks are made: where they fall, what they reduce, and the plate loads
/// are rounded down to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DeloadRules<'a> {
    /// Where the deloads fall, and why.
    pub(crate) placement: &'a Placement,
    /// How much a deload week reduces.
    pub(crate) settings: &'a DeloadSettings,
    /// The plate increment, in program units.
    pub(crate) plate: f64,
}

/// The "apply deloads" stage: every week laid out as a deload (same sessions as the loading week
/// it repeats) gets its deload version ([`deload_week`]), the 60 % cap against the week before
/// (in week 1: its own loading total), its focus `deload`, the guidance link and its reason.
/// Loading weeks are left as they are.
pub(crate) fn apply_deloads(weeks: &mut [Week], rules: &DeloadRules<'_>) {
    let mut previous_total: Option<u32> = None;
    for week in weeks.iter_mut() {
        if week.is_deload {
            let before = previous_total.unwrap_or(week.total_sets);
            let mut sessions: Vec<&mut Session> =
                week.days.iter_mut().filter_map(Day::session_mut).collect();
            let outcome = deload_week(&mut sessions, before, rules.settings, rules.plate);
            week.deload_reason = Some(reason(rules, week.number, before, &outcome));
            week.total_sets = outcome.total;
            week.focus = "deload".to_string();
            week.deload_link = Some(DELOAD_LINK.to_string());
        }
        previous_total = Some(week.total_sets);
    }
}

/// The sentence that explains deload week `week`: why it falls there, and what it changed.
/// `previous_total` is the sets of the week before, or (in week 1) of the loading week the deload
/// is made from.
pub(crate) fn reason(
    rules: &DeloadRules<'_>,
    week: u32,
    previous_total: u32,
    outcome: &DeloadOutcome,
) -> String {
    let p = rules.placement;
    let cadence_reason = &p.cadence_reason;
    let since = p.weeks_since_deload;
    let why = match &p.early {
        Some(early) if week == p.first => {
            format!("early deload in week {week}, from your log: {early}; then {cadence_reason}")
        }
        _ if week == p.first && since > 0 => format!(
            "first deload brought forward to week {week}: {since} loading week{} already trained since the last deload ({cadence_reason})",
            if since == 1 { "" } else { "s" }
        ),
        _ => format!("planned deload ({cadence_reason}), every {} weeks", p.every),
    };
    let before = if week == 1 {
        "a normal week"
    } else {
        "the week before"
    };
    let sets = if outcome.cap_met {
        format!(
            "{} sets, at most 60 % of the {previous_total} in {before}",
            outcome.total
        )
    } else {
        format!(
            "{} sets: one per exercise, since {before} had only {previous_total} and 60 % of that would drop exercises",
            outcome.total
        )
    };
    format!(
        "{why}. Same sessions and exercises with {sets}; load × {}, RPE − 2 (at most 7), RIR + 2 (at least 3), no AMRAP or max attempts",
        fmt_num(rules.settings.load_factor)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{DayKind, RepRange};
    use crate::programs::Units;

    fn rx(sets: u32, intensity: Option<Intensity>, load: Option<f64>, amrap: bool) -> Prescription {
        let mut p = Prescription {
            exercise: "X".into(),
            sets,
            reps: String::new(),
            rep_range: RepRange { min: 0, max: None },
            amrap: false,
            intensity: String::new(),
            percent: None,
            rpe: None,
            rir: None,
            load,
            units: Units::Kg,
            rest: None,
            tempo: None,
            notes: None,
            superset: None,
        };
        set_reps(
            &mut p,
            if amrap {
                Reps::Amrap(None)
            } else {
                Reps::Fixed(5)
            },
        );
        set_intensity(&mut p, intensity);
        p
    }

    fn session(prescriptions: Vec<Prescription>) -> Session {
        Session {
            name: "A".into(),
            muscles: vec![],
            heavy: false,
            prescriptions,
        }
    }

    fn week(number: u32, is_deload: bool, sets: &[u32]) -> Week {
        let prescriptions = sets.iter().map(|n| rx(*n, None, None, false)).collect();
        let date = jiff::civil::date(2026, 1, 5);
        let day = Day {
            date,
            weekday: crate::programs::Weekday::Mon,
            kind: DayKind::Session(session(prescriptions)),
        };
        Week {
            number,
            start: date,
            end: date,
            block: "Base".into(),
            focus: "volume".into(),
            is_deload,
            deload_reason: None,
            deload_link: None,
            total_sets: sets.iter().sum(),
            days: vec![day],
        }
    }

    fn rules_for(placement: &Placement, apply: impl FnOnce(&DeloadRules<'_>)) {
        let settings = DeloadSettings::default();
        apply(&DeloadRules {
            placement,
            settings: &settings,
            plate: 2.5,
        });
    }

    #[test]
    fn apply_deloads_changes_only_deload_weeks_and_caps_against_the_week_before() {
        let cadence = Cadence {
            every: 2,
            reason: "set by the program: every 2nd week".into(),
            warnings: Vec::new(),
        };
        let placement = Placement::new(&cadence, &History::default(), &PlanOptions::default());
        assert_eq!((placement.first, placement.every), (2, 2));
        // Week 1 has 10 sets; week 2 repeats a 20-set week: halving gives 10, the cap ⌊0.6 × 10⌋ = 6.
        let mut weeks = vec![week(1, false, &[5, 5]), week(2, true, &[10, 10])];
        let loading = weeks[0].clone();
        rules_for(&placement, |rules| apply_deloads(&mut weeks, rules));
        assert_eq!(weeks[0], loading);
        let deload = &weeks[1];
        assert_eq!(deload.total_sets, 6);
        assert_eq!(deload.focus, "deload");
        assert_eq!(deload.deload_link.as_deref(), Some(DELOAD_LINK));
        assert_eq!(
            deload.deload_reason.as_deref().unwrap_or_default(),
            "planned deload (set by the program: every 2nd week), every 2 weeks. Same sessions and exercises with 6 sets, at most 60 % of the 10 in the week before; load × 0.9, RPE − 2 (at most 7), RIR + 2 (at least 3), no AMRAP or max attempts"
        );
    }

    #[test]
    fn a_first_week_deload_is_capped_against_its_own_loading_week() {
        let cadence = Cadence {
            every: 4,
            reason: "advanced lifter: every 4th week".into(),
            warnings: Vec::new(),
        };
        let early = History {
            early_deload: Some("2 warning signs in the log".into()),
            ..History::default()
        };
        let placement = Placement::new(&cadence, &early, &PlanOptions::default());
        assert_eq!(placement.first, 1);
        let mut weeks = vec![week(1, true, &[1, 1])];
        rules_for(&placement, |rules| apply_deloads(&mut weeks, rules));
        let reason = weeks[0].deload_reason.clone().unwrap_or_default();
        assert!(
            reason.starts_with("early deload in week 1, from your log: 2 warning signs in the log; then advanced lifter"),
            "{reason}"
        );
        assert!(
            reason.contains("2 sets: one per exercise, since a normal week had only 2"),
            "{reason}"
        );
    }

    #[test]
    fn weeks_already_trained_bring_the_first_deload_forward() {
        let cadence = Cadence {
            every: 5,
            reason: "intermediate lifter: every 5th week".into(),
            warnings: Vec::new(),
        };
        let opts = PlanOptions {
            weeks_since_deload: Some(3),
            ..PlanOptions::default()
        };
        let placement = Placement::new(&cadence, &History::default(), &opts);
        let deloads: Vec<u32> = (1..=12).filter(|w| placement.is_deload(*w)).collect();
        assert_eq!(deloads, vec![2, 7, 12]);
        let mut weeks = vec![week(1, false, &[4]), week(2, true, &[4])];
        rules_for(&placement, |rules| apply_deloads(&mut weeks, rules));
        let reason = weeks[1].deload_reason.clone().unwrap_or_default();
        assert!(
            reason.starts_with("first deload brought forward to week 2: 3 loading weeks already trained since the last deload (intermediate lifter: every 5th week)"),
            "{reason}"
        );
    }

    #[test]
    fn placement() {
        assert_eq!(first_deload_week(4, 0), 4);
        assert_eq!(first_deload_week(4, 3), 1);
        assert_eq!(first_deload_week(4, 2), 2);
        assert_eq!(first_deload_week(6, 40), 1);
        let weeks: Vec<u32> = (1..=13).filter(|w| is_deload_week(*w, 2, 4)).collect();
        assert_eq!(weeks, vec![2, 6, 10]);
        // 12 loading weeks with K = 4 from week 4: deloads 4, 8, 12, 16 → 16 weeks? No: the
        // 12th loading week is week 15.
        assert_eq!(default_weeks(12, 4, 4, 520), 15);
        assert_eq!(default_weeks(5, 6, 6, 520), 5);
        assert_eq!(default_weeks(6, 6, 6, 520), 7);
        assert_eq!(default_weeks(3, 1, 4, 520), 4);
        assert_eq!(default_weeks(u32::MAX, 1, 2, 520), 520);
    }

    #[test]
    fn sets_halve_round_down_at_least_one() {
        assert_eq!(deload_sets(5, 0.5), 2);
        assert_eq!(deload_sets(4, 0.5), 2);
        assert_eq!(deload_sets(1, 0.5), 1);
        assert_eq!(deload_sets(10, 0.7), 7);
        assert_eq!(deload_sets(3, f64::NAN), 1);
    }

    #[test]
    fn intensity_rules() {
        let s = DeloadSettings::default();
        let mut p = rx(4, Some(Intensity::Rpe(9.5)), None, false);
        deload_prescription(&mut p, &s, 2.5);
        assert_eq!(p.rpe, Some(7.0));
        let mut p = rx(4, Some(Intensity::Rpe(8.0)), None, false);
        deload_prescription(&mut p, &s, 2.5);
        assert_eq!(p.rpe, Some(6.0));
        let mut p = rx(4, Some(Intensity::Rir(0.0)), None, false);
        deload_prescription(&mut p, &s, 2.5);
        assert_eq!(p.rir, Some(3.0));
        let mut p = rx(4, Some(Intensity::Rir(2.0)), None, false);
        deload_prescription(&mut p, &s, 2.5);
        assert_eq!(p.rir, Some(4.0));
        let mut p = rx(4, Some(Intensity::Load(100.0)), Some(100.0), true);
        deload_prescription(&mut p, &s, 2.5);
        assert_eq!(p.load, Some(90.0));
        assert_eq!(p.intensity, "90 kg");
        assert!(!p.amrap);
        assert_eq!(p.reps, "5");
        let mut p = rx(4, Some(Intensity::Percent(80.0)), Some(102.5), false);
        deload_prescription(&mut p, &s, 2.5);
        assert_eq!(p.percent, Some(72.0));
        // 102.5 × 0.9 = 92.25 → rounded down to 90.
        assert_eq!(p.load, Some(90.0));
        let mut p = rx(4, Some(Intensity::Percent(77.5)), Some(100.0), false);
        deload_prescription(&mut p, &s, 2.5);
        assert_eq!(p.percent, Some(70.0)); // 69.75 shown to the nearest 0.5
    }

    #[test]
    fn cap_takes_sets_from_the_biggest_first() {
        // 3 + 3 + 1 sets before; halving gives 1 + 1 + 1 = 3 ≤ ⌊0.6 × 7⌋ = 4.
        let mut a = session(vec![rx(3, None, None, false), rx(3, None, None, false)]);
        let mut b = session(vec![rx(1, None, None, false)]);
        let out = deload_week(&mut [&mut a, &mut b], 7, &DeloadSettings::default(), 2.5);
        assert_eq!(out.total, 3);
        assert!(out.cap_met);
        // A gentle sets factor: 10 × 0.9 = 9 sets, cap ⌊0.6 × 10⌋ = 6.
        let soft = DeloadSettings {
            sets_factor: 0.9,
            ..DeloadSettings::default()
        };
        let mut a = session(vec![rx(6, None, None, false), rx(4, None, None, false)]);
        let out = deload_week(&mut [&mut a], 10, &soft, 2.5);
        assert_eq!(
            out,
            DeloadOutcome {
                total: 6,
                cap: 6,
                cap_met: true
            }
        );
        assert_eq!(
            a.prescriptions.iter().map(|p| p.sets).collect::<Vec<_>>(),
            vec![3, 3]
        );
    }

    #[test]
    fn cap_sets_matches_one_at_a_time() {
        // Reference: take one set at a time from the largest (the last on ties).
        fn slow(sets: &[u32], cap: u32) -> Vec<u32> {
            let mut v = sets.to_vec();
            while v.iter().sum::<u32>() > cap {
                let Some(i) = (0..v.len()).filter(|i| v[*i] > 1).max_by_key(|i| v[*i]) else {
                    break;
                };
                v[i] -= 1;
            }
            v
        }
        let cases: [&[u32]; 5] = [
            &[5, 5, 5],
            &[1, 9, 2, 9],
            &[3],
            &[1, 1, 1],
            &[7, 3, 7, 3, 1],
        ];
        for sets in cases {
            for cap in 0..30 {
                assert_eq!(cap_sets(sets, cap), slow(sets, cap), "{sets:?} cap {cap}");
            }
        }
        assert_eq!(cap_sets(&[u32::MAX, u32::MAX], 10), vec![5, 5]);
    }

    #[test]
    fn cap_unreachable_keeps_one_set_each() {
        let mut a = session(vec![rx(1, None, None, false), rx(1, None, None, false)]);
        let out = deload_week(&mut [&mut a], 2, &DeloadSettings::default(), 2.5);
        assert_eq!(
            out,
            DeloadOutcome {
                total: 2,
                cap: 1,
                cap_met: false
            }
        );
    }
}
