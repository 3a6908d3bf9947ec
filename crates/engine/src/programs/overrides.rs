//! The program as an athlete runs it ([`effective_program`]): their swaps, set and rep changes and
//! skipped sessions applied, and every load converted to the athlete's units.

use super::model::{Athlete, Intensity, PrescriptionSpec, Program, Scheme, SetLine, Units};

impl SetLine {
    /// The line with a fixed load converted from `from` to `to` units.
    pub(crate) fn in_units(mut self, to: Units, from: Units) -> SetLine {
        if let Some(Intensity::Load(l)) = self.intensity {
            self.intensity = Some(Intensity::Load(to.convert(l, from)));
        }
        self
    }
}

impl Scheme {
    /// The scheme with its fixed loads converted from `from` to `to` units.
    pub(crate) fn convert_units(&mut self, to: Units, from: Units) {
        for week in &mut self.weeks {
            *week = std::mem::take(week)
                .into_iter()
                .map(|l| l.in_units(to, from))
                .collect();
        }
    }
}

impl PrescriptionSpec {
    /// The exercise with its fixed loads (not its scheme's: the program converts those), load
    /// steps and training-max step converted from `from` to `to` units.
    pub(crate) fn convert_units(&mut self, to: Units, from: Units) {
        if to == from {
            return;
        }
        let convert = |lines: &mut Vec<SetLine>| {
            *lines = std::mem::take(lines)
                .into_iter()
                .map(|l| l.in_units(to, from))
                .collect();
        };
        convert(&mut self.lines);
        self.progression = self.progression.map(|p| p.in_units(to, from));
        self.tm_step = self.tm_step.map(|s| to.convert_step(s, from));
    }
}

impl Program {
    /// The program with every load (fixed loads, load steps, training-max steps) in `to` units.
    pub(crate) fn in_units(&self, to: Units) -> Program {
        let mut p = self.clone();
        p.convert_units(to);
        p
    }

    /// Converts every load of the program to `to` units, in place.
    pub(crate) fn convert_units(&mut self, to: Units) {
        let from = self.units;
        if to == from {
            return;
        }
        for ex in self.sessions.iter_mut().flat_map(|s| &mut s.exercises) {
            ex.convert_units(to, from);
        }
        for b in &mut self.blocks {
            b.progression = b.progression.map(|p| p.in_units(to, from));
            b.schemes.iter_mut().for_each(|s| s.convert_units(to, from));
        }
        self.schemes
            .iter_mut()
            .for_each(|s| s.convert_units(to, from));
        self.progression = self.progression.map(|p| p.in_units(to, from));
        if let Some(step) = &mut self.tm_step {
            step.upper = to.convert_step(step.upper, from);
            step.lower = to.convert_step(step.lower, from);
        }
        self.units = to;
    }
}

/// The program as the athlete will run it: in the athlete's units, with their swaps, set/rep
/// changes and skipped sessions applied. Sessions that are skipped are removed from block lists
/// and the rotation, and `sessions_per_week` is lowered by the number of skipped entries in a
/// weekly list. A change applies only to one-line exercises (the athlete loader refuses others).
pub fn effective_program(program: &Program, athlete: Option<&Athlete>) -> Program {
    let Some(athlete) = athlete else {
        return program.clone();
    };
    let mut p = program.in_units(athlete.units.unwrap_or(program.units));
    let o = &athlete.overrides;
    for session in &mut p.sessions {
        for ex in &mut session.exercises {
            if let Some(s) = o
                .swap
                .iter()
                .find(|s| s.matches(&session.name, &ex.exercise))
            {
                ex.notes = Some(match ex.notes.take() {
                    Some(n) => format!("{n} (instead of {})", ex.exercise),
                    None => format!("instead of {}", ex.exercise),
                });
                ex.swapped_from = Some(ex.exercise.clone());
                ex.exercise = s.to.clone();
            }
            for c in o
                .change
                .iter()
                .filter(|c| c.matches(&session.name, &ex.exercise))
            {
                let [line] = ex.lines.as_mut_slice() else {
                    continue;
                };
                if ex.scheme.is_some() {
                    continue;
                }
                if let Some(sets) = c.sets {
                    line.sets = sets;
                }
                if let Some(reps) = c.reps {
                    line.reps = reps;
                }
                ex.changed_at.clone_from(&c.origin);
            }
        }
    }
    skip_sessions(&mut p, &o.skip);
    p
}

/// Removes the `skip`ped sessions from the program, its block lists and its rotation, and lowers
/// `sessions_per_week` by the skipped entries of a weekly program's week.
fn skip_sessions(p: &mut Program, skip: &[String]) {
    if skip.is_empty() {
        return;
    }
    let skipped = |n: &String| skip.iter().any(|s| s.eq_ignore_ascii_case(n));
    let default_list: Vec<String> = p.sessions.iter().map(|s| s.name.clone()).collect();
    let skipped_per_week = if p.rotation.is_none() {
        // How many of the week's sessions disappear (taken from the first block's list).
        let list = p
            .blocks
            .first()
            .and_then(|b| b.sessions.clone())
            .unwrap_or(default_list);
        let week: Vec<&String> = list
            .iter()
            .cycle()
            .take(usize::try_from(p.sessions_per_week).unwrap_or(0))
            .collect();
        week.iter().filter(|n| skipped(n)).count()
    } else {
        0
    };
    if let Some(r) = &mut p.rotation {
        r.retain(|n| !skipped(n));
    }
    for b in &mut p.blocks {
        if let Some(list) = &mut b.sessions {
            list.retain(|n| !skipped(n));
        }
    }
    p.sessions.retain(|s| !skipped(&s.name));
    let cut = u32::try_from(skipped_per_week).unwrap_or(u32::MAX);
    p.sessions_per_week = p.sessions_per_week.saturating_sub(cut).max(1);
}
