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
}
