//! How many weeks the plan runs ([`plan_length`]) and what each of them runs
//! ([`week_positions`]): the block and the step within it for a loading week, the loading week it
//! repeats for a deload week.
//!
//! Blocks run in order and repeat when the plan is longer than the program (domain rule 7). Deload
//! weeks do not advance the program: the loading week after a deload runs the next step, so
//! progression resumes where it was (domain rule 6).

use super::deload::Placement;
use super::{Inputs, MAX_WEEKS};
use crate::error::Error;
use crate::programs::Block;

/// How long the plan is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlanLength {
    /// Weeks in the plan, 1 to [`MAX_WEEKS`].
    pub(crate) weeks: u32,
    /// Set when the program is longer than [`MAX_WEEKS`] and the plan stops there.
    pub(crate) warning: Option<String>,
}

/// The "plan length" stage: the weeks asked for (1 to [`MAX_WEEKS`]), else one pass through the
/// program's blocks plus the deload weeks that fall among them.
pub(crate) fn plan_length(inputs: &Inputs<'_>, placement: &Placement) -> Result<PlanLength, Error> {
    let asked = |weeks| PlanLength {
        weeks,
        warning: None,
    };
    match inputs.opts.weeks {
        Some(0) => Err(Error::new("a plan of 0 weeks is empty")
            .with_hint(format!("ask for 1 to {MAX_WEEKS} weeks"))),
        Some(w) if w > MAX_WEEKS => Err(Error::new(format!(
            "{w} weeks is longer than the {MAX_WEEKS} planned at most"
        ))
        .with_hint(format!("ask for 1 to {MAX_WEEKS} weeks"))),
        Some(w) => Ok(asked(w)),
        None => {
            let loading = inputs.program.loading_weeks();
            Ok(PlanLength {
                weeks: placement.default_weeks(loading),
                warning: (loading > MAX_WEEKS).then(|| {
                    format!("the program is longer than {MAX_WEEKS} weeks; the plan stops there")
                }),
            })
        }
    }
}

/// Where a loading week sits in the program: a block, the loading weeks of that block already
/// run before it in the block's current pass (its step), and the loading weeks of the plan
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    /// Index of the block in the program.
    pub(crate) block: usize,
    /// Loading weeks done in this pass through the block (0 in its first week).
    pub(crate) step: u32,
    /// Loading weeks of the plan before this one (0 in the first).
    pub(crate) index: u32,
    /// Cycles completed before this week: passes through the program's blocks, or through its
    /// wave when it declares one (each new cycle raises the training maxes by their step).
    pub(crate) cycle: u32,
}

/// One week of the plan, placed but not yet laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WeekPosition {
    /// 1-based week number.
    pub(crate) number: u32,
    /// The program week it runs; a deload week runs the loading week before it (week 1: the
    /// program's first week).
    pub(crate) position: Position,
    /// Whether it is a deload week.
    pub(crate) deload: bool,
}

/// The block and step of the `loading_index`-th loading week (0-based), blocks repeating.
pub(crate) fn position(blocks: &[Block], loading_index: u32) -> Position {
    let total: u32 = blocks
        .iter()
        .fold(0u32, |a, b| a.saturating_add(b.weeks.max(1)));
    let total = total.max(1);
    let cycle = loading_index / total;
    let mut i = loading_index % total;
    for (b, block) in blocks.iter().enumerate() {
        let w = block.weeks.max(1);
        if i < w {
            return Position {
                block: b,
                step: i,
                index: loading_index,
                cycle,
            };
        }
        i -= w;
    }
    Position {
        block: 0,
        step: 0,
        index: loading_index,
        cycle,
    }
}

/// The "week positions" stage: for each of `weeks` weeks, whether it is a deload
/// ([`Placement::is_deload`]) and which program week it runs. Deload weeks repeat the last loading
/// position and do not advance it. With a `wave` length, a cycle is a wave's loading weeks; else
/// a pass through the blocks.
pub(crate) fn week_positions(
    blocks: &[Block],
    weeks: u32,
    placement: &Placement,
    wave: Option<u32>,
) -> Vec<WeekPosition> {
    let cycle = |mut p: Position| {
        if let Some(w) = wave.filter(|w| *w > 0) {
            p.cycle = p.index / w;
        }
        p
    };
    let mut loading_done: u32 = 0;
    let mut last_loading: Option<Position> = None;
    (1..=weeks)
        .map(|number| {
            let deload = placement.is_deload(number);
            let position = if deload {
                last_loading.unwrap_or(cycle(position(blocks, 0)))
            } else {
                let p = cycle(position(blocks, loading_done));
                loading_done = loading_done.saturating_add(1);
                last_loading = Some(p);
                p
            };
            WeekPosition {
                number,
                position,
                deload,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::PlanOptions;
    use crate::plan::history::Cadence;
    use crate::programs::{History, Program};

    fn block(weeks: u32) -> Block {
        Block {
            name: String::new(),
            weeks,
            focus: String::new(),
            sessions: None,
            progression: None,
            reset: false,
            schemes: vec![],
        }
    }

    fn placement(every: u32, weeks_since_deload: u32) -> Placement {
        let cadence = Cadence {
            every,
            reason: String::new(),
            warnings: Vec::new(),
            reason_message: Default::default(),
            warning_messages: Vec::new(),
        };
        let history = History {
            weeks_since_deload: Some(weeks_since_deload),
            ..History::default()
        };
        Placement::new(
            &cadence,
            &history,
            &PlanOptions::default(),
            None,
            &crate::plan::deload::BlockEnds::default(),
        )
    }

    fn program(blocks: Vec<Block>) -> Program {
        Program {
            name: "P".into(),
            blocks,
            ..Program::default()
        }
    }

    #[test]
    fn positions_repeat_blocks() {
        let blocks = [block(2), block(3)];
        let got: Vec<(usize, u32, u32)> = (0..7)
            .map(|i| {
                let p = position(&blocks, i);
                assert_eq!(p.index, i);
                (p.block, p.step, p.cycle)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 0, 0),
                (0, 1, 0),
                (1, 0, 0),
                (1, 1, 0),
                (1, 2, 0),
                (0, 0, 1),
                (0, 1, 1)
            ]
        );
    }

    #[test]
    fn deload_weeks_repeat_the_loading_week_before_and_do_not_advance() {
        let blocks = [block(2), block(3)];
        // K = 4, two loading weeks already done: deloads in weeks 2 and 6.
        let got: Vec<(bool, usize, u32)> = week_positions(&blocks, 7, &placement(4, 2), None)
            .iter()
            .map(|w| (w.deload, w.position.block, w.position.step))
            .collect();
        assert_eq!(
            got,
            vec![
                (false, 0, 0),
                (true, 0, 0),
                (false, 0, 1),
                (false, 1, 0),
                (false, 1, 1),
                (true, 1, 1),
                (false, 1, 2),
            ]
        );
        // A deload in week 1 runs the program's first week.
        let first = week_positions(&blocks, 2, &placement(4, 3), None);
        assert!(first[0].deload);
        assert_eq!(first[0].position, first[1].position);
        assert_eq!(first[1].number, 2);
    }

    fn length(
        program: &Program,
        weeks: Option<u32>,
        placement: &Placement,
    ) -> Result<PlanLength, Error> {
        let opts = PlanOptions {
            weeks,
            ..PlanOptions::default()
        };
        let inputs = Inputs {
            program,
            athlete: None,
            history: &History::default(),
            opts: &opts,
        };
        plan_length(&inputs, placement)
    }

    #[test]
    fn length_is_asked_or_one_pass_with_its_deloads() {
        let program = program(vec![block(4), block(4)]);
        // 8 loading weeks, K = 5: deloads in weeks 5 and 10 → 9 weeks.
        let got = length(&program, None, &placement(5, 0));
        assert_eq!(got.map(|l| (l.weeks, l.warning)).ok(), Some((9, None)));
        let got = length(&program, Some(3), &placement(5, 0));
        assert_eq!(got.map(|l| l.weeks).ok(), Some(3));
        for weeks in [0, MAX_WEEKS + 1] {
            let e = length(&program, Some(weeks), &placement(5, 0)).err();
            let hint = e.as_ref().and_then(|e| e.hint.as_deref());
            assert_eq!(hint, Some("ask for 1 to 520 weeks"), "{e:?}");
        }
    }

    #[test]
    fn a_program_longer_than_the_limit_is_cut_with_a_warning() {
        let program = program(vec![block(MAX_WEEKS), block(10)]);
        let got = length(&program, None, &placement(4, 0)).ok();
        assert_eq!(got.as_ref().map(|l| l.weeks), Some(MAX_WEEKS));
        assert!(got.and_then(|l| l.warning).is_some());
    }
}
