//! The RPE chart: how heavy a set of a given reps and RPE (or RIR) is, as a share of the 1RM.
//!
//! The numbers are those of Mike Tuchscherer's widely used RPE chart (Reactive Training Systems).
//! Its columns are reps to failure: a set of `r` reps at RPE `e` leaves `10 − e` reps in reserve,
//! so it weighs what `r + 10 − e` reps to failure weigh. Half an RPE is half a column, which is
//! why the chart is one row of 30 values, `reps + reps in reserve` from 1 to 15.5 in steps of
//! one half:
//!
//! | reps + RIR | 1 | 2 | 3 | 4 | 5 | 6 | 8 | 10 | 12 | 15.5 |
//! |---|---|---|---|---|---|---|---|---|---|---|
//! | % of 1RM | 100 | 95.5 | 92.2 | 89.2 | 86.3 | 83.7 | 78.6 | 73.9 | 68 | 58.6 |
//!
//! RIR `r` is read as RPE `10 − r`. An RPE between half steps (RPE 7.25 after a progression of
//! +0.25 a week) is interpolated. Beyond the chart (more than 15.5 reps to failure) there is no
//! load: the chart does not say.

/// % of 1RM for `reps + reps in reserve` = 1, 1.5, 2, … 15.5.
const CHART: [f64; 30] = [
    100.0, 97.8, 95.5, 93.9, 92.2, 90.7, 89.2, 87.8, 86.3, 85.0, 83.7, 82.4, 81.1, 79.9, 78.6,
    77.4, 76.2, 75.1, 73.9, 72.3, 70.7, 69.4, 68.0, 66.7, 65.3, 64.0, 62.6, 61.3, 59.9, 58.6,
];

/// The share of the 1RM (in percent) that `reps` reps at RPE `rpe` weigh, by the chart; `None`
/// outside it (no reps, RPE above 10, more than 15.5 reps to failure).
pub fn rpe_percent(reps: u32, rpe: f64) -> Option<f64> {
    if reps == 0 || !rpe.is_finite() || rpe > 10.0 {
        return None;
    }
    let to_failure = f64::from(reps) + (10.0 - rpe);
    let x = 2.0 * (to_failure - 1.0);
    if !(0.0..=29.0).contains(&x) {
        return None;
    }
    let lo = x.floor();
    let frac = x - lo;
    // `lo` lies in 0..=29, so it indexes the chart.
    let i = lo as usize;
    let a = CHART[i];
    let b = CHART.get(i + 1).copied().unwrap_or(a);
    Some(a + (b - a) * frac)
}

/// RPE a later set of the same load adds for each set before it: fatigue across sets (domain rule
/// 9). Five sets of five at 80 % of the 1RM end near RPE 8.5, where the first is about 7.5.
pub const FATIGUE_PER_SET: f64 = 0.25;

/// Reps to failure at `percent` of the 1RM, by the chart read backwards (interpolated between
/// its half steps). Above 100 % the first step's slope goes on (a load above the max has fewer
/// than one rep in it); `None` below the chart's lightest column (58.6 %: more than 15.5 reps,
/// where the chart does not say) or for a share that is not a number.
pub fn reps_to_failure(percent: f64) -> Option<f64> {
    if !percent.is_finite() || percent < CHART[CHART.len() - 1] {
        return None;
    }
    if percent >= CHART[0] {
        let slope = (CHART[0] - CHART[1]) * 2.0;
        return Some(1.0 - (percent - CHART[0]) / slope);
    }
    let i = CHART
        .iter()
        .position(|c| *c <= percent)
        .unwrap_or(CHART.len() - 1);
    // CHART[i - 1] > percent >= CHART[i], i ≥ 1 as percent < CHART[0].
    let (hi, lo) = (CHART[i - 1], CHART[i]);
    let frac = (hi - percent) / (hi - lo);
    Some(1.0 + (i as f64 - 1.0 + frac) / 2.0)
}

/// The implied RPE of the last of `sets` sets of `reps` at `percent` of the 1RM: the chart's
/// reps in reserve for the first set, plus [`FATIGUE_PER_SET`] for every set before the last.
/// `None` when the chart does not say (a load lighter than 15.5 reps to failure, no reps).
pub fn implied_rpe(reps: u32, percent: f64, sets: u32) -> Option<f64> {
    if reps == 0 {
        return None;
    }
    let to_failure = reps_to_failure(percent)?;
    let first = 10.0 - (to_failure - f64::from(reps));
    Some(first + FATIGUE_PER_SET * f64::from(sets.saturating_sub(1)))
}

/// The heaviest share of the 1RM at which `sets` sets of `reps` end at implied RPE `rpe` or
/// less (the fatigue of the earlier sets counted); `None` when the chart does not reach it.
pub fn feasible_percent(reps: u32, sets: u32, rpe: f64) -> Option<f64> {
    let first = rpe - FATIGUE_PER_SET * f64::from(sets.saturating_sub(1));
    if reps == 0 {
        return None;
    }
    // rpe_percent reads half steps; below RPE 1 or past the chart there is no share.
    rpe_percent(reps, first.max(1.0)).filter(|_| first >= 1.0)
}

/// The most reps a lifter can do for `sets` sets at `percent` of the 1RM with the last set at
/// implied RPE `rpe` or less (at least 0).
pub fn feasible_reps(percent: f64, sets: u32, rpe: f64) -> u32 {
    let Some(to_failure) = reps_to_failure(percent) else {
        return 0;
    };
    let fatigue = FATIGUE_PER_SET * f64::from(sets.saturating_sub(1));
    let most = to_failure - (10.0 - rpe) - fatigue + 1e-9;
    if most < 1.0 { 0 } else { most.floor() as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_values() {
        assert_eq!(rpe_percent(1, 10.0), Some(100.0));
        assert_eq!(rpe_percent(5, 10.0), Some(86.3));
        assert_eq!(rpe_percent(5, 8.0), Some(81.1));
        assert_eq!(rpe_percent(3, 9.5), Some(90.7));
        assert_eq!(rpe_percent(12, 6.5), Some(58.6));
        assert_eq!(rpe_percent(8, 8.0), Some(73.9));
        let mid = rpe_percent(5, 7.75).unwrap_or(0.0);
        assert!((mid - (79.9 + 81.1) / 2.0).abs() < 1e-9, "{mid}");
        assert_eq!(rpe_percent(13, 6.5), None);
        assert_eq!(rpe_percent(0, 8.0), None);
        assert_eq!(rpe_percent(5, 10.5), None);
    }

    #[test]
    fn lighter_with_more_reps_or_less_effort() {
        for reps in 1..12 {
            for half in 13..=20 {
                let rpe = f64::from(half) / 2.0;
                let (Some(a), Some(b), Some(c)) = (
                    rpe_percent(reps, rpe),
                    rpe_percent(reps + 1, rpe),
                    rpe_percent(reps, rpe - 0.5),
                ) else {
                    continue;
                };
                assert!(b < a && c < a, "{reps} @ {rpe}");
            }
        }
    }

    #[test]
    fn reps_to_failure_reads_the_chart_backwards() {
        assert_eq!(reps_to_failure(100.0), Some(1.0));
        let five = reps_to_failure(86.3).unwrap_or(0.0);
        assert!((five - 5.0).abs() < 1e-9, "{five}");
        // 92.5 % lies between 3 reps (92.2) and 2.5 (93.9): about 2.9 reps to failure.
        let r = reps_to_failure(92.5).unwrap_or(0.0);
        assert!((r - 2.91).abs() < 0.01, "{r}");
        assert!(reps_to_failure(105.0).unwrap_or(9.0) < 1.0);
        assert_eq!(reps_to_failure(50.0), None);
        for half in 0..30 {
            let reps = 1.0 + f64::from(half) / 2.0;
            let back = reps_to_failure(CHART[half as usize]).unwrap_or(0.0);
            assert!((back - reps).abs() < 1e-9, "{reps}: {back}");
        }
    }

    #[test]
    fn implied_rpe_counts_reps_past_failure_and_fatigue() {
        // Five reps at RPE 10 is 86.3 %: 4 × 5 @ 92.5 % is about two reps past failure on the
        // first set, and the fatigue of the three before it on the last.
        let one = implied_rpe(5, 92.5, 1).unwrap_or(0.0);
        assert!((one - 12.09).abs() < 0.01, "{one}");
        let four = implied_rpe(5, 92.5, 4).unwrap_or(0.0);
        assert!((four - one - 0.75).abs() < 1e-9, "{four}");
        // 5 × 5 @ 80 %: about 7.5 on the first set, 8.5 on the fifth.
        let first = implied_rpe(5, 80.0, 1).unwrap_or(0.0);
        assert!((first - 7.55).abs() < 0.05, "{first}");
        assert!(implied_rpe(12, 90.0, 5).unwrap_or(0.0) > 10.0);
        assert_eq!(implied_rpe(10, 45.0, 5), None);
    }

    #[test]
    fn feasible_prescriptions_stay_at_or_under_the_rpe() {
        // 5 reps at RPE 10 is 86.3 %; four sets of them need the first at 9.25.
        assert_eq!(feasible_percent(5, 1, 10.0), Some(86.3));
        let four = feasible_percent(5, 4, 10.0).unwrap_or(0.0);
        assert!((implied_rpe(5, four, 4).unwrap_or(11.0) - 10.0).abs() < 1e-6);
        assert_eq!(feasible_reps(92.5, 4, 10.0), 2);
        assert_eq!(feasible_reps(86.3, 1, 10.0), 5);
        assert_eq!(feasible_reps(105.0, 1, 10.0), 0);
    }
}
