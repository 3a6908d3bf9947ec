//! Where deload weeks fall (domain rules 2 and 3).
//!
//! With cadence K and W loading weeks already trained since the last deload, the first deload
//! is week `max(1, K − W)`, then every K-th week. Two or more warning signs in a training log
//! bring the first deload to week 1.
//!
//! **Waves.** When the program declares a wave length (`wave: 3` for 5/3/1), a deload falls at
//! the end of a wave: after a whole number of waves of the program's loading weeks. It comes
//! inside the lifter's window, K − 1 to K + 1 weeks after the last deload (counting the deload,
//! and never more than 6, unless an explicit K is longer), as close to K as a wave end allows
//! (the earlier on a tie). When no wave ends inside the window, the deload comes at the last wave
//! end before it (deloading a little early rather than splitting a wave); when no wave ends even
//! then (a wave longer than the window), every K weeks as without waves. A first deload that is
//! already overdue (W ≥ K + 1) comes in week 1.
//!
//! **Blocks.** Without waves, a deload falls on a block boundary (after the last loading week of
//! a block, blocks repeating in order) inside the same window, as close to K as one allows (the
//! earlier on a tie). When no block ends inside the window, the deload comes every K weeks and
//! splits a block; its reason says so ([`Fit::BlockSplit`]).
//!
//! Deload weeks are added on top of the program's loading weeks: a default-length plan runs every
//! block once plus the deloads that fall among them ([`Placement::default_weeks`]).

use super::super::MAX_WEEKS;
use crate::plan::PlanOptions;
use crate::plan::history::Cadence;
use crate::programs::History;

/// How a deload was placed, for its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// Every K weeks (no waves).
    Cadence,
    /// In week 1, from a training log's warning signs.
    Early,
    /// Brought forward by a re-plan from a log.
    Replan,
    /// In week 1: more loading weeks already trained than the window allows.
    Overdue,
    /// At the end of a wave, inside the window.
    WaveEnd,
    /// At the end of a wave, before the window (no wave ends inside it).
    WaveBefore,
    /// Every K weeks: no wave ends inside the window or before it.
    WaveMissed,
    /// At the end of a block, inside the window (no waves).
    BlockEnd,
    /// Every K weeks, inside a block: no block ends inside the window (no waves).
    BlockSplit,
}

/// Where the program's blocks end, in loading weeks: the running totals of one pass through
/// them (the last is the pass's length; blocks repeat in order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct BlockEnds {
    ends: Vec<u32>,
}

impl BlockEnds {
    /// The ends of blocks of `weeks` loading weeks each.
    pub(crate) fn new(weeks: impl IntoIterator<Item = u32>) -> BlockEnds {
        let mut total = 0u32;
        let ends = weeks
            .into_iter()
            .filter(|w| *w > 0)
            .map(|w| {
                total = total.saturating_add(w);
                total
            })
            .collect();
        BlockEnds { ends }
    }

    /// Whether a block ends after `loading` loading weeks (0: the plan's start is not one).
    fn ends_at(&self, loading: i64) -> bool {
        let Some(&period) = self.ends.last() else {
            return false;
        };
        if loading <= 0 || period == 0 {
            return false;
        }
        let at = loading.rem_euclid(i64::from(period));
        at == 0 || self.ends.iter().any(|e| i64::from(*e) == at)
    }
}

/// One deload week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DeloadWeek {
    /// 1-based week number.
    pub(crate) week: u32,
    /// Weeks since the last deload, counting this one (before the plan: the weeks already
    /// trained).
    pub(crate) gap: u32,
    /// Loading weeks of the plan before it.
    pub(crate) loading_before: u32,
    /// How it was placed.
    pub(crate) fit: Fit,
}

/// Where the plan's deload weeks fall: cadence K, the wave, the first deload, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placement {
    /// Cadence K: a deload every K weeks, counting the deload (at least 2).
    pub(crate) every: u32,
    /// Loading weeks trained since the last deload before the plan (W).
    pub(crate) weeks_since_deload: u32,
    /// Why a training log brought the first deload to week 1, if it did.
    pub(crate) early: Option<String>,
    /// Why a re-plan brought a deload forward, if it did.
    pub(crate) replan: Option<String>,
    /// `early` and `replan` as messages, when the log's signs give them.
    pub(crate) said: [Option<crate::message::Message>; 2],
    /// The first deload week (1-based).
    pub(crate) first: u32,
    /// Why K, in words ("advanced lifter: every 4th week").
    pub(crate) cadence_reason: String,
    /// The program's wave length, if it declares one.
    pub(crate) wave: Option<u32>,
    /// Every deload week up to [`MAX_WEEKS`], in order.
    pub(crate) deloads: Vec<DeloadWeek>,
}

impl Placement {
    /// Places the deloads for `cadence` and the program's `wave`: W comes from the options,
    /// else the history; the history's early deload, if any, puts the first deload in week 1.
    pub(crate) fn new(
        cadence: &Cadence,
        history: &History,
        opts: &PlanOptions,
        wave: Option<u32>,
        blocks: &BlockEnds,
    ) -> Placement {
        let every = cadence.every.clamp(2, MAX_WEEKS + 1);
        let weeks_since_deload = opts
            .weeks_since_deload
            .or(history.weeks_since_deload)
            .unwrap_or(0)
            .min(MAX_WEEKS);
        let early = history.early_deload.clone();
        let replan_week = history
            .replan_deload
            .as_ref()
            .map(|(w, _)| (*w).clamp(1, MAX_WEEKS));
        let wave = wave.filter(|w| *w >= 1);
        let deloads = place(
            every,
            weeks_since_deload,
            early.is_some(),
            replan_week,
            Rhythm { wave, blocks },
        );
        Placement {
            every,
            weeks_since_deload,
            first: deloads.first().map_or(MAX_WEEKS + 1, |d| d.week),
            early,
            replan: history.replan_deload.as_ref().map(|(_, why)| why.clone()),
            said: [
                history.early_deload_message.clone(),
                history.replan_deload_message.clone(),
            ],
            cadence_reason: cadence.reason.clone(),
            wave,
            deloads,
        }
    }

    /// The deload in week `week` (1-based), if it is one.
    pub(crate) fn deload(&self, week: u32) -> Option<&DeloadWeek> {
        self.deloads
            .binary_search_by_key(&week, |d| d.week)
            .ok()
            .map(|i| &self.deloads[i])
    }

    /// Whether week `week` (1-based) of the plan is a deload week.
    pub(crate) fn is_deload(&self, week: u32) -> bool {
        self.deload(week).is_some()
    }

    /// The plan length that runs `loading` loading weeks plus the deloads among them, at most
    /// [`MAX_WEEKS`].
    pub(crate) fn default_weeks(&self, loading: u32) -> u32 {
        let before = self
            .deloads
            .iter()
            .filter(|d| d.loading_before < loading)
            .count();
        let weeks = loading.saturating_add(u32::try_from(before).unwrap_or(u32::MAX));
        weeks.clamp(1, MAX_WEEKS)
    }
}

/// Every deload up to week [`MAX_WEEKS`]: the first in week 1 with an `early` deload; with a
/// re-plan's deload in week `replan`, the first deload that would fall after that week falls in
/// it instead (deloads before it stay).
fn place(
    every: u32,
    since: u32,
    early: bool,
    mut replan: Option<u32>,
    rhythm: Rhythm<'_>,
) -> Vec<DeloadWeek> {
    let mut out = Vec::new();
    let (mut week, mut loading, mut trained) = (0u32, 0u32, since);
    while week < MAX_WEEKS {
        let (mut gap_loading, mut fit) = if out.is_empty() && early {
            (0, Fit::Early)
        } else {
            next_gap(every, trained, loading, rhythm)
        };
        if let Some(r) = replan
            && r > week
        {
            let lands = week.saturating_add(gap_loading + 1);
            // a deload that falls in week `r` anyway keeps its own reason
            if lands > r {
                (gap_loading, fit) = (r - week - 1, Fit::Replan);
            }
            if lands >= r {
                replan = None;
            }
        }
        week = week.saturating_add(gap_loading + 1);
        loading = loading.saturating_add(gap_loading);
        out.push(DeloadWeek {
            week,
            gap: trained.saturating_add(gap_loading + 1),
            loading_before: loading,
            fit,
        });
        trained = 0;
    }
    out
}

/// The loading weeks before the next deload, `trained` loading weeks after the last one and
/// `loading` loading weeks into the plan, and how that was decided.
fn next_gap(every: u32, trained: u32, loading: u32, rhythm: Rhythm<'_>) -> (u32, Fit) {
    let k = i64::from(every);
    let t = i64::from(trained);
    // After a deload at least one loading week comes before the next.
    let min = i64::from(trained == 0);
    let plain = (k - 1 - t).max(min);
    // The window for the gap d = t + l + 1: K − 1 ..= K + 1, never above 6 (unless K is).
    let hi = (k + 1).min(k.max(6)) - 1 - t;
    let lo = (k - 2 - t).max(min);
    let Some(w) = rhythm.wave else {
        if hi < min || rhythm.blocks.ends.is_empty() {
            return (to_u32(plain), Fit::Cadence);
        }
        let loading = i64::from(loading);
        let best = (lo..=hi)
            .filter(|l| rhythm.blocks.ends_at(loading + l))
            .min_by_key(|l| ((t + l + 1 - k).abs(), *l));
        return match best {
            Some(l) => (to_u32(l), Fit::BlockEnd),
            None => (to_u32(plain), Fit::BlockSplit),
        };
    };
    if hi < min {
        return (0, Fit::Overdue);
    }
    let w = i64::from(w);
    let loading = i64::from(loading);
    // Wave ends are the gaps l with loading + l a multiple of w: the first at or after `a`, the
    // last at or before `b`.
    let first_from = |a: i64| a + (w - (loading + a).rem_euclid(w)) % w;
    let last_to = |b: i64| b - (loading + b).rem_euclid(w);
    if first_from(lo) <= hi {
        // The wave ends inside the window closest to K (the earlier on a tie): the last at or
        // before K − 1 − t, or the first after it.
        let target = k - 1 - t;
        let below = last_to(target.min(hi)).max(lo);
        let above = first_from(target.max(lo)).min(hi);
        let best = [below, above]
            .into_iter()
            .filter(|l| (lo..=hi).contains(l) && (loading + l).rem_euclid(w) == 0)
            .min_by_key(|l| ((t + l + 1 - k).abs(), *l));
        if let Some(l) = best {
            return (to_u32(l), Fit::WaveEnd);
        }
    }
    let before = last_to((lo - 1).min(hi));
    if before >= min {
        return (to_u32(before), Fit::WaveBefore);
    }
    (to_u32(plain.min(hi)), Fit::WaveMissed)
}

/// What deloads line up with: the program's wave, else its block ends.
#[derive(Debug, Clone, Copy)]
struct Rhythm<'a> {
    wave: Option<u32>,
    blocks: &'a BlockEnds,
}

/// A gap, never negative.
fn to_u32(x: i64) -> u32 {
    u32::try_from(x.max(0)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    static NO_BLOCKS: BlockEnds = BlockEnds { ends: Vec::new() };

    fn rhythm(wave: Option<u32>) -> Rhythm<'static> {
        Rhythm {
            wave,
            blocks: &NO_BLOCKS,
        }
    }

    fn weeks(every: u32, since: u32, wave: Option<u32>) -> Vec<u32> {
        place(every, since, false, None, rhythm(wave))
            .iter()
            .map(|d| d.week)
            .take_while(|w| *w <= 24)
            .collect()
    }

    #[test]
    fn without_waves_every_k_from_k_minus_w() {
        assert_eq!(weeks(4, 0, None), vec![4, 8, 12, 16, 20, 24]);
        assert_eq!(weeks(5, 3, None), vec![2, 7, 12, 17, 22]);
        assert_eq!(weeks(6, 40, None), vec![1, 7, 13, 19]);
        let early = place(4, 0, true, None, rhythm(None));
        assert_eq!(
            (early[0].week, early[0].fit, early[1].week),
            (1, Fit::Early, 5)
        );
        // Brought forward to week 7: the deload of week 4 stays, the one of week 8 comes in 7.
        let later: Vec<(u32, Fit)> = place(4, 0, false, Some(7), rhythm(None))
            .iter()
            .map(|d| (d.week, d.fit))
            .take(4)
            .collect();
        assert_eq!(
            later,
            vec![
                (4, Fit::Cadence),
                (7, Fit::Replan),
                (11, Fit::Cadence),
                (15, Fit::Cadence)
            ]
        );
        // An early deload in week 1 stays when a re-plan brings a later one forward.
        let both: Vec<u32> = place(4, 0, true, Some(4), rhythm(None))
            .iter()
            .map(|d| d.week)
            .take(3)
            .collect();
        assert_eq!(both, vec![1, 4, 8]);
        // A week that already is a deload stays one.
        let same: Vec<u32> = place(4, 0, false, Some(8), rhythm(None))
            .iter()
            .map(|d| d.week)
            .take(3)
            .collect();
        assert_eq!(same, vec![4, 8, 12]);
    }

    #[test]
    fn with_three_week_waves_deloads_end_a_wave() {
        // Intermediate (K = 5): window 4–6 weeks; a wave ends after 3 loading weeks (d = 4).
        assert_eq!(weeks(5, 0, Some(3)), vec![4, 8, 12, 16, 20, 24]);
        // Advanced (K = 4): d = 4 exactly.
        assert_eq!(weeks(4, 0, Some(3)), vec![4, 8, 12, 16, 20, 24]);
        // Novice (K = 6): window 5–6; 4 or 5 loading weeks end no wave: the wave end before it.
        let novice = place(6, 0, false, None, rhythm(Some(3)));
        assert_eq!((novice[0].week, novice[0].fit), (4, Fit::WaveBefore));
        // Two 3-week waves fit K = 6 only past 6 weeks: not allowed, so still 4.
        // Two weeks already trained (K = 5): d = 2 + l + 1 in 4..=6 with l a multiple of 3: l = 3.
        let trained = place(5, 2, false, None, rhythm(Some(3)));
        assert_eq!(
            (trained[0].week, trained[0].gap, trained[0].fit),
            (4, 6, Fit::WaveEnd)
        );
        // Overdue: 9 weeks already trained.
        assert_eq!(
            place(5, 9, false, None, rhythm(Some(3)))[0].fit,
            Fit::Overdue
        );
        // A 4-week wave with K = 5: d = 5.
        assert_eq!(weeks(5, 0, Some(4)), vec![5, 10, 15, 20]);
        // An 8-week wave never ends inside 6 weeks: every K.
        let long = place(5, 0, false, None, rhythm(Some(8)));
        assert_eq!(
            (long[0].week, long[0].fit, long[1].week),
            (5, Fit::WaveMissed, 10)
        );
    }

    #[test]
    fn without_waves_deloads_fall_on_block_boundaries_in_the_window() {
        let place_blocks = |every: u32, blocks: &[u32]| -> Vec<(u32, Fit)> {
            let ends = BlockEnds::new(blocks.iter().copied());
            let r = Rhythm {
                wave: None,
                blocks: &ends,
            };
            place(every, 0, false, None, r)
                .iter()
                .map(|d| (d.week, d.fit))
                .take(3)
                .collect()
        };
        // Push/pull/legs: blocks of 4 and 4 weeks, K = 4: the deload after week 4 ends the
        // first block rather than falling one week into the second (window 3–5).
        assert_eq!(
            place_blocks(4, &[4, 4]),
            vec![(5, Fit::BlockEnd), (10, Fit::BlockEnd), (15, Fit::BlockEnd)]
        );
        // Two peak weeks after a 3-week block (K = 5, window 4–6): the block ends give gaps of
        // 4 and 6 weeks, a tie; the earlier wins, so the deload comes before the two peak
        // weeks, never between them.
        assert_eq!(place_blocks(5, &[3, 2])[0], (4, Fit::BlockEnd));
        // One 12-week block, K = 5: no block ends in the window; the deload splits the block.
        assert_eq!(place_blocks(5, &[12])[0], (5, Fit::BlockSplit));
    }

    #[test]
    fn default_length_runs_the_loading_weeks() {
        let p = |every, since, wave| Placement {
            every,
            weeks_since_deload: since,
            early: None,
            replan: None,
            said: [None, None],
            first: 0,
            cadence_reason: String::new(),
            wave,
            deloads: place(every, since, false, None, rhythm(wave)),
        };
        assert_eq!(p(4, 0, None).default_weeks(12), 15);
        assert_eq!(p(6, 0, None).default_weeks(5), 5);
        assert_eq!(p(6, 0, None).default_weeks(6), 7);
        assert_eq!(p(4, 3, None).default_weeks(3), 4);
        assert_eq!(p(2, 0, None).default_weeks(u32::MAX), MAX_WEEKS);
        assert_eq!(p(5, 0, Some(3)).default_weeks(3), 3);
        assert_eq!(p(5, 0, Some(3)).default_weeks(6), 7);
    }
}
