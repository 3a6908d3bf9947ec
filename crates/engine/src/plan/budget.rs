//! The plan's size, bounded before the plan is made: a plan repeats every session in every week,
//! so a program of modest size asked for many weeks could print gigabytes. The size is counted
//! from the program (an upper bound: every training day runs the largest session) and refused
//! beyond [`MAX_PLAN_SET_LINES`] set lines or [`MAX_PLAN_TEXT_BYTES`] of repeated exercise text.

use crate::error::Error;
use crate::limits::{MAX_PLAN_SET_LINES, MAX_PLAN_TEXT_BYTES};
use crate::programs::{PrescriptionSpec, Program, SessionTemplate};

/// What one session costs in the plan: set lines, and bytes of exercise text (printed with
/// every line: the CSV export repeats it on each row).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Cost {
    lines: usize,
    text: usize,
}

/// Error, located at the largest session, when `weeks` weeks of `program` would print more set
/// lines or exercise text than the limits.
pub(crate) fn check_plan_size(program: &Program, weeks: u32) -> Result<(), Error> {
    let costs: Vec<(&SessionTemplate, Cost)> = program
        .sessions
        .iter()
        .map(|s| (s, session_cost(program, s)))
        .collect();
    let days = weeks as usize * program.sessions_per_week as usize;
    let d = program.sessions_per_week;
    // the first of the largest (`max_by_key` keeps the last)
    let by_lines = costs.iter().rev().max_by_key(|(_, c)| c.lines);
    let by_text = costs.iter().rev().max_by_key(|(_, c)| c.text);
    let (session, message) = match (by_lines, by_text) {
        (Some((s, c)), _) if days.saturating_mul(c.lines) > MAX_PLAN_SET_LINES => (
            s,
            format!(
                "this plan would print up to {} set lines ({weeks} weeks × {d} sessions × {} lines in session `{}`), more than deload's limit of {MAX_PLAN_SET_LINES}",
                days.saturating_mul(c.lines),
                c.lines,
                s.name
            ),
        ),
        (_, Some((s, c))) if days.saturating_mul(c.text) > MAX_PLAN_TEXT_BYTES => (
            s,
            format!(
                "this plan would repeat up to {} bytes of exercise names and notes ({weeks} weeks × {d} sessions × {} bytes in session `{}`), more than deload's limit of {MAX_PLAN_TEXT_BYTES}",
                days.saturating_mul(c.text),
                c.text,
                s.name
            ),
        ),
        _ => return Ok(()),
    };
    let hint = "plan fewer weeks (`--weeks`, or shorter blocks), or shorten the sessions: fewer exercises, set lines or notes";
    Err(match &session.origin {
        Some(origin) => origin.error(message, hint),
        None => Error::new(message).with_hint(hint),
    })
}

/// The set lines and exercise text one run of `session` prints at most.
fn session_cost(program: &Program, session: &SessionTemplate) -> Cost {
    session
        .exercises
        .iter()
        .map(|p| exercise_cost(program, p))
        .fold(Cost::default(), |a, b| Cost {
            lines: a.lines.saturating_add(b.lines),
            text: a.text.saturating_add(b.text),
        })
}

/// The set lines (its own and its scheme's longest week) and text of one exercise.
fn exercise_cost(program: &Program, p: &PrescriptionSpec) -> Cost {
    let scheme_lines = p.scheme.as_deref().map_or(0, |name| {
        let blocks = program.blocks.iter().flat_map(|b| &b.schemes);
        program
            .schemes
            .iter()
            .chain(blocks)
            .filter(|s| s.name == name)
            .flat_map(|s| s.weeks.iter().map(Vec::len))
            .max()
            .unwrap_or(0)
    });
    let lines = p.lines.len() + scheme_lines;
    let own = [&p.notes, &p.tempo, &p.superset]
        .into_iter()
        .flatten()
        .map(String::len)
        .sum::<usize>()
        + p.exercise.len();
    let labels: usize = p.lines.iter().flat_map(|l| &l.label).map(String::len).sum();
    Cost {
        lines,
        text: own.saturating_mul(lines.max(1)).saturating_add(labels),
    }
}
