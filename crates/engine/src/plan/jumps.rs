//! Microplate hints (domain rule 10): a load progression whose step is more than 5 % of the load
//! (2.5 kg a week on a 35 kg press is 7 %) outruns a lifter soon; smaller plates keep the jumps
//! small. One located warning per exercise, at its first such jump, for barbell lifts loaded
//! with full plates (an increment of 2.5 kg or 5 lb or more; a dumbbell rack has its own steps).

use std::collections::BTreeMap;

use super::Week;
use super::numbers::{Numbers, Said, each, said_at};
use crate::message::Message;
use crate::programs::{Program, Progression};
use crate::text::fmt_num;

/// A jump above this share of the load gets a microplate hint.
pub(crate) const MAX_JUMP: f64 = 0.05;

/// Whether exercise `spec` of `program` progresses week by week (a load or percentage step) in
/// the block called `block`.
fn load_step(program: &Program, spec: (usize, usize), block: &str) -> bool {
    let Some(s) = program
        .sessions
        .get(spec.0)
        .and_then(|s| s.exercises.get(spec.1))
    else {
        return false;
    };
    if s.scheme.is_some() {
        // A scheme's lines follow the scheme's own waves, not a weekly step.
        return false;
    }
    let block = program.blocks.iter().find(|b| b.name == block);
    let rule = s
        .progression
        .or(block.and_then(|b| b.progression))
        .or(program.progression);
    matches!(rule, Some(Progression::Linear(a) | Progression::Double(a) | Progression::Percent(a)) if a > 0.0)
}

/// Warnings: exercises on a load progression whose week-to-week jump (first working line, in
/// loading weeks) is more than [`MAX_JUMP`] of the load, once each, at the first such jump.
pub(crate) fn check(weeks: &[Week], n: &Numbers<'_>) -> Vec<Said> {
    if n.plate < n.program.units.default_plate_increment() - 1e-9 {
        // The athlete has microplates already.
        return Vec::new();
    }
    let mut last: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    let mut found: BTreeMap<(usize, usize), (u32, f64, f64)> = BTreeMap::new();
    for (w, _, p, _) in each(weeks, n.program) {
        if w.is_deload
            || found.contains_key(&p.spec)
            || p.exercise.to_lowercase().contains("dumbbell")
            || !load_step(n.program, p.spec, &w.block)
        {
            continue;
        }
        let Some(load) = p.lines.iter().find(|l| !l.warmup).and_then(|l| l.load) else {
            continue;
        };
        if let Some(before) = last.insert(p.spec, load)
            && load > before
            && before > 0.0
            && (load - before) > MAX_JUMP * before + 1e-9
        {
            found.insert(p.spec, (w.number, before, load));
        }
    }
    let units = n.program.units;
    found
        .into_iter()
        .map(|((si, ej), (week, before, after))| {
            let spec = n.program.sessions.get(si).and_then(|s| s.exercises.get(ej));
            let name = spec.map_or("an exercise", |s| s.exercise.as_str());
            let jump = after - before;
            let share = (jump / before * 1000.0).round() / 10.0;
            let micro = n.plate / 2.0;
            let what = Message::new("plan_warn_jump")
                .name("name", name)
                .num("jump", jump)
                .num("before", before)
                .name("units", units.as_str())
                .count("week", week)
                .num("pct", share);
            let why = Message::new("plan_warn_jump_hint")
                .name("plate", fmt_num(micro))
                .num("micro", micro)
                .name("units", units.as_str());
            said_at(
                spec,
                false,
                (format!(
                    "`{name}` jumps {} {units} from {} {units} in week {week} ({} % of the load), more than 5 %",
                    fmt_num(jump),
                    fmt_num(before),
                    fmt_num(share)
                ), what),
                (&format!(
                    "jumps this big stall a lifter soon: with microplates, set `plate_increment: {}` in the athlete file (or a smaller step) so the load rises by {} {units} at a time",
                    fmt_num(micro),
                    fmt_num(micro)
                ), why),
            )
        })
        .collect()
}
