//! The shipped programs' intent, as numbers (issue #24): for every shipped program and every level,
//! the range of each main lift's working sets as a share of the 1RM and as implied RPE
//! (Tuchscherer's chart, fatigue across sets counted), in loading weeks and in deload weeks. A set
//! by RPE or RIR is at its prescribed RPE; a percentage set at the chart's RPE for its reps, with
//! the fatigue of the sets before it; "–" where the chart does not reach (under 58.6 % of the 1RM
//! for one rep). The ranges are golden files under `tests/fixtures/intensity/` (`DELOAD_BLESS=1`
//! rewrites them), quoted in the manual's page on programs (`docs/content/plans/programs.md`);
//! every loading set is possible (implied RPE at most 10 outside AMRAP sets) and no deload set is
//! above implied RPE 7.

use std::collections::BTreeMap;

use deload_engine::plan::{Line, PlanOptions, Schedule, implied_rpe, plan, rpe_percent};
use deload_engine::programs::{Base, Level};

use crate::support::{assert_file, fixture, load, shipped};

/// A line's share of the 1RM: its percentage of the 1RM, a TM percentage at `tm` % of the 1RM,
/// or the RPE chart's share for its reps and RPE.
fn share(l: &Line, tm: f64) -> Option<f64> {
    let reps = l.rep_range.max.unwrap_or(l.rep_range.min);
    match (l.base, l.percent, l.rpe.or(l.rir.map(|r| 10.0 - r))) {
        (Some(Base::OneRm), Some(p), None) => Some(p),
        (Some(Base::Tm), Some(p), _) => Some(p * tm / 100.0),
        (_, _, Some(rpe)) => rpe_percent(reps, rpe),
        _ => None,
    }
}

/// Low and high of the values seen.
#[derive(Default)]
struct Range {
    share: Option<(f64, f64)>,
    rpe: Option<(f64, f64)>,
}

fn widen(r: &mut Option<(f64, f64)>, x: f64) {
    *r = Some(r.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x))));
}

fn show(r: Option<(f64, f64)>) -> String {
    let one = |x: f64| deload_engine::text::fmt_num((x * 10.0).round() / 10.0);
    match r {
        Some((lo, hi)) if (hi - lo).abs() < 0.05 => one(lo),
        Some((lo, hi)) => format!("{}–{}", one(lo), one(hi)),
        None => "–".to_string(),
    }
}

/// Each main lift's loading and deload ranges in `s`, checking the limits on the way.
fn ranges(s: &Schedule, tm: f64, ctx: &str) -> BTreeMap<String, (Range, Range)> {
    let mut out: BTreeMap<String, (Range, Range)> = BTreeMap::new();
    for w in &s.weeks {
        for p in w
            .days
            .iter()
            .filter_map(|d| d.session())
            .flat_map(|s| &s.prescriptions)
            .filter(|p| p.main)
        {
            let entry = out.entry(p.exercise.clone()).or_default();
            let range = if w.is_deload {
                &mut entry.1
            } else {
                &mut entry.0
            };
            for l in p.working_lines() {
                let Some(x) = share(l, tm) else { continue };
                widen(&mut range.share, x);
                let reps = if l.amrap {
                    l.rep_range.min
                } else {
                    l.rep_range.max.unwrap_or(l.rep_range.min)
                };
                // A set by RPE is at its RPE (the lifter sets the load by it); a percentage set
                // at the chart's RPE for its reps, the fatigue of the sets before it counted.
                let prescribed = l.rpe.or(l.rir.map(|r| 10.0 - r));
                let Some(rpe) = prescribed.or_else(|| implied_rpe(reps, x, l.sets)) else {
                    continue;
                };
                // Lighter than the chart reads (more than 15.5 reps in reserve) shows as RPE 1.
                widen(&mut range.rpe, rpe.max(1.0));
                let what = format!(
                    "{ctx}: week {} {} {} × {}",
                    w.number, p.exercise, l.sets, l.reps
                );
                assert!(l.amrap || rpe <= 10.0 + 1e-9, "{what}: implied RPE {rpe}");
                if w.is_deload {
                    assert!(rpe <= 7.0 + 1e-9, "{what}: deload implied RPE {rpe}");
                }
            }
        }
    }
    out
}

#[test]
fn every_shipped_program_shows_its_intensity_ranges_per_level() {
    for path in shipped()
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("athletes"))
    {
        let input = load(&path);
        let tm = input.program.training_max.unwrap_or(90.0);
        let mut text = format!(
            "{}: main lifts, % of the 1RM and implied RPE\n",
            input.program.name
        );
        for level in [Level::Novice, Level::Intermediate, Level::Advanced] {
            let opts = PlanOptions {
                level: Some(level),
                start: Some(jiff::civil::date(2026, 1, 5)),
                ..PlanOptions::default()
            };
            let s = plan(&input, &opts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            text.push_str(&format!(
                "{level} (deload every {} weeks, {} weeks)\n",
                s.deload_every,
                s.weeks.len()
            ));
            let ctx = format!("{} {level}", path.display());
            for (lift, (loading, deload)) in ranges(&s, tm, &ctx) {
                text.push_str(&format!(
                    "  {lift}: {} % at RPE {}; deload {} % at RPE {}\n",
                    show(loading.share),
                    show(loading.rpe),
                    show(deload.share),
                    show(deload.rpe)
                ));
            }
        }
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let golden = fixture(&format!("intensity/{stem}.txt"));
        assert_file(&golden, &text);
    }
}
