//! Progression (domain rule 6): how far each exercise has progressed at each loading week.
//!
//! Progress is counted per exercise of the program (a session's exercise), over the plan's
//! loading weeks in order; deload weeks do not count, so loading resumes where it was after a
//! deload. Each loading week after the plan's first applies the exercise's rule (its own, else
//! its block's, else the program's):
//! - `linear: a` adds `a` to the load;
//! - `percent: p` adds `p` percentage points;
//! - `double: a` moves one rep up the rep range (of the exercise's first ranged line); after the
//!   top it adds `a` and starts again from the bottom (without a range it adds `a` every week);
//! - `rpe: r` adds `r` to the RPE (and takes it off the RIR).
//!
//! A scheme's lines take only the RPE progression: the scheme itself (and the TM's step per
//! cycle) is their progression, so load steps never pile up behind its percentages.
//!
//! **Carry-over.** Added load and percentage points carry over from block to block and from one
//! pass through the blocks to the next: a block starts from where the previous one ended (its
//! own written numbers plus the progress so far), never lighter merely because the block
//! changed. A block marked `reset: true` starts from its written numbers. Effort and the rep
//! range are per block: RPE progression and the double-progression rep count start again with
//! every block (an effort wave), and the first week of a block moves no rep or RPE.

use super::weeks::position;
use crate::programs::{Program, Progression, Reps};

/// How far one exercise has progressed in one loading week.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Progress {
    /// Load added (linear and double progression), in the plan's units.
    pub(crate) load: f64,
    /// Percentage points added (percent progression).
    pub(crate) points: f64,
    /// RPE added in the current block (RIR falls by the same).
    pub(crate) rpe: f64,
    /// Loading weeks into the rep range in the current block (double progression).
    pub(crate) rep_step: u32,
}

/// The progress of every exercise of a program at every loading week of a plan.
#[derive(Debug, Clone)]
pub(crate) struct Progressions {
    /// Index of each session's first exercise in a row.
    offsets: Vec<usize>,
    /// Exercises in a row.
    width: usize,
    /// Row `i` (the `i`-th loading week, 0-based), one entry per exercise.
    table: Vec<Progress>,
}

impl Progressions {
    /// The progress of every exercise of `program` over `loading_weeks` loading weeks.
    pub(crate) fn new(program: &Program, loading_weeks: u32) -> Progressions {
        let mut offsets = Vec::with_capacity(program.sessions.len());
        let mut width = 0;
        for s in &program.sessions {
            offsets.push(width);
            width += s.exercises.len();
        }
        let rows = usize::try_from(loading_weeks.max(1)).unwrap_or(1);
        let mut table = vec![Progress::default(); rows * width];
        let specs: Vec<_> = program.sessions.iter().flat_map(|s| &s.exercises).collect();
        let ranges: Vec<u32> = specs
            .iter()
            .map(|spec| range_weeks(program.lines_of(spec).map(|l| l.reps)))
            .collect();
        for i in 1..rows {
            let pos = position(&program.blocks, u32::try_from(i).unwrap_or(u32::MAX));
            let block = &program.blocks[pos.block];
            for (e, (spec, range)) in specs.iter().zip(&ranges).enumerate() {
                let rule = spec
                    .progression
                    .or(block.progression)
                    .or(program.progression);
                let prev = table[(i - 1) * width + e];
                let week = Week {
                    block_start: pos.step == 0,
                    reset: block.reset,
                    range_weeks: *range,
                };
                table[i * width + e] = advance(prev, rule, week);
            }
        }
        Progressions {
            offsets,
            width,
            table,
        }
    }

    /// Holds exercises back (a re-plan's [`RepHold`](crate::programs::RepHold)s): each
    /// `(session, exercise, from, steps)` runs `steps` loading weeks behind from the `from`-th
    /// loading week (0-based) to the end of that block's pass, never behind the pass's first week.
    pub(crate) fn hold(&mut self, program: &Program, holds: &[(usize, usize, u32, u32)]) {
        let rows = self.table.len() / self.width.max(1);
        for &(session, exercise, from, steps) in holds {
            let Some(e) = self.offsets.get(session).map(|o| o + exercise) else {
                continue;
            };
            let start = position(&program.blocks, from);
            let first = from.saturating_sub(start.step);
            let mut i = from;
            let mut held = Vec::new();
            while usize::try_from(i).is_ok_and(|i| i < rows) {
                let p = position(&program.blocks, i);
                if (p.block, p.cycle) != (start.block, start.cycle) || (i > from && p.step == 0) {
                    break;
                }
                let source = i.saturating_sub(steps).max(first);
                held.push((i, self.get(source, session, exercise)));
                i += 1;
            }
            for (i, progress) in held {
                let at = usize::try_from(i).unwrap_or(usize::MAX) * self.width + e;
                if let Some(slot) = self.table.get_mut(at) {
                    *slot = progress;
                }
            }
        }
    }

    /// The progress of exercise `exercise` of session `session` (indices into the program) in
    /// the `index`-th loading week (0-based; past the table, its last row).
    pub(crate) fn get(&self, index: u32, session: usize, exercise: usize) -> Progress {
        let rows = self.table.len() / self.width.max(1);
        let row = usize::try_from(index)
            .unwrap_or(usize::MAX)
            .min(rows.saturating_sub(1));
        let at = row * self.width + self.offsets.get(session).copied().unwrap_or(0) + exercise;
        self.table.get(at).copied().unwrap_or_default()
    }
}

/// What a loading week means for progression.
#[derive(Debug, Clone, Copy)]
struct Week {
    /// The first week of a block's pass.
    block_start: bool,
    /// The block starts from its written numbers.
    reset: bool,
    /// Weeks through the exercise's rep range (1 without a range).
    range_weeks: u32,
}

/// The weeks double progression takes through the first rep range among `reps` (1 without one).
fn range_weeks(reps: impl Iterator<Item = Reps>) -> u32 {
    reps.filter_map(|r| match r {
        Reps::Range(lo, hi) => Some(hi.saturating_sub(lo).saturating_add(1)),
        _ => None,
    })
    .next()
    .unwrap_or(1)
}

/// The progress a week after `prev` under `rule`.
fn advance(prev: Progress, rule: Option<Progression>, week: Week) -> Progress {
    let mut p = prev;
    if week.block_start {
        p.rpe = 0.0;
        p.rep_step = 0;
        if week.reset {
            return Progress::default();
        }
    }
    match rule {
        Some(Progression::Linear(a)) => p.load += a,
        Some(Progression::Percent(x)) => p.points += x,
        Some(Progression::Double(a)) if !week.block_start => {
            p.rep_step = p.rep_step.saturating_add(1);
            if p.rep_step % week.range_weeks.max(1) == 0 {
                p.load += a;
            }
        }
        Some(Progression::Rpe(r)) if !week.block_start => p.rpe += r,
        _ => {}
    }
    p
}

/// Reps in a week `rep_step` weeks into double progression: a range becomes the rep count that
/// far up it (starting again after the top); other reps stay.
pub(crate) fn double_reps(reps: Reps, rep_step: u32) -> Reps {
    match reps {
        Reps::Range(lo, hi) => {
            let weeks = hi.saturating_sub(lo).saturating_add(1);
            Reps::Fixed(lo.saturating_add(rep_step % weeks.max(1)))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programs::{Block, Intensity, PrescriptionSpec, SessionTemplate};

    fn program(blocks: Vec<Block>, spec: PrescriptionSpec) -> Program {
        Program {
            blocks,
            sessions: vec![SessionTemplate {
                name: "A".into(),
                muscles: vec![],
                heavy: false,
                exercises: vec![spec],
                origin: None,
            }],
            ..Program::default()
        }
    }

    fn block(weeks: u32, rule: Option<Progression>, reset: bool) -> Block {
        Block {
            name: format!("B{weeks}"),
            weeks,
            focus: String::new(),
            sessions: None,
            progression: rule,
            reset,
            schemes: vec![],
        }
    }

    #[test]
    fn linear_load_carries_over_blocks_and_passes() {
        let spec =
            PrescriptionSpec::new("Squat", 3, Reps::Fixed(5), Some(Intensity::Percent(65.0)));
        let p = program(
            vec![
                block(2, Some(Progression::Linear(2.5)), false),
                block(2, Some(Progression::Linear(5.0)), false),
            ],
            spec,
        );
        let t = Progressions::new(&p, 6);
        let loads: Vec<f64> = (0..6).map(|i| t.get(i, 0, 0).load).collect();
        // 0, +2.5; the second block carries on with +5 a week; the second pass with +2.5.
        assert_eq!(loads, vec![0.0, 2.5, 7.5, 12.5, 15.0, 17.5]);
    }

    #[test]
    fn reset_blocks_start_from_their_numbers() {
        let spec =
            PrescriptionSpec::new("Squat", 3, Reps::Fixed(5), Some(Intensity::Percent(65.0)));
        let p = program(
            vec![
                block(2, Some(Progression::Percent(2.5)), false),
                block(2, Some(Progression::Percent(2.5)), true),
            ],
            spec,
        );
        let t = Progressions::new(&p, 4);
        let points: Vec<f64> = (0..4).map(|i| t.get(i, 0, 0).points).collect();
        assert_eq!(points, vec![0.0, 2.5, 0.0, 2.5]);
    }

    #[test]
    fn double_progression_climbs_the_range_then_adds_load() {
        let spec = PrescriptionSpec::new("Row", 3, Reps::Range(8, 10), Some(Intensity::Load(40.0)));
        let p = program(vec![block(7, Some(Progression::Double(2.5)), false)], spec);
        let t = Progressions::new(&p, 7);
        let got: Vec<(Reps, f64)> = (0..7)
            .map(|i| {
                let pr = t.get(i, 0, 0);
                (double_reps(Reps::Range(8, 10), pr.rep_step), pr.load)
            })
            .collect();
        let f = Reps::Fixed;
        assert_eq!(
            got,
            vec![
                (f(8), 0.0),
                (f(9), 0.0),
                (f(10), 0.0),
                (f(8), 2.5),
                (f(9), 2.5),
                (f(10), 2.5),
                (f(8), 5.0)
            ]
        );
    }

    #[test]
    fn effort_waves_start_again_with_each_block() {
        let spec = PrescriptionSpec::new("Curl", 3, Reps::Fixed(10), Some(Intensity::Rpe(7.0)));
        let p = program(vec![block(3, Some(Progression::Rpe(0.5)), false)], spec);
        let t = Progressions::new(&p, 6);
        let rpe: Vec<f64> = (0..6).map(|i| t.get(i, 0, 0).rpe).collect();
        assert_eq!(rpe, vec![0.0, 0.5, 1.0, 0.0, 0.5, 1.0]);
        // Past the table: its last row.
        assert_eq!(t.get(99, 0, 0).rpe, 1.0);
    }
}
