//! Which muscle groups an exercise's sets count for, and the working sets of each group week by
//! week: the count the sanity rule's 4–30 band checks and the chart's small multiples draw.

use super::Week;
use crate::programs::{LiftKind, PrescriptionSpec, Program, SessionTemplate};

/// Muscle groups of the lower body.
const LOWER_MUSCLES: [&str; 9] = [
    "legs",
    "glutes",
    "calves",
    "hamstrings",
    "quads",
    "quadriceps",
    "adductors",
    "hips",
    "lower body",
];

/// The muscle groups the sets of `spec` count for in `session`.
pub(crate) fn muscles_of<'a>(
    spec: &'a PrescriptionSpec,
    session: &'a SessionTemplate,
) -> Vec<&'a str> {
    if !spec.muscles.is_empty() {
        return spec.muscles.iter().map(String::as_str).collect();
    }
    let lower = spec.lift_kind() == LiftKind::Lower;
    let matching: Vec<&str> = session
        .muscles
        .iter()
        .map(String::as_str)
        .filter(|m| LOWER_MUSCLES.contains(m) == lower)
        .collect();
    if matching.is_empty() {
        session.muscles.iter().map(String::as_str).collect()
    } else {
        matching
    }
}

/// The muscle groups of `program` (in the order its sessions first list them) and, for each
/// week of `weeks`, the working sets that count for each ([`muscles_of`]).
pub(crate) fn muscle_sets<'p>(
    weeks: &[Week],
    program: &'p Program,
) -> (Vec<&'p str>, Vec<Vec<u32>>) {
    let mut groups: Vec<&str> = Vec::new();
    let mut counts_for: Vec<Vec<Vec<usize>>> = Vec::with_capacity(program.sessions.len());
    for s in &program.sessions {
        let mut per_exercise = Vec::with_capacity(s.exercises.len());
        for e in &s.exercises {
            let mut indices = Vec::new();
            for m in muscles_of(e, s) {
                let i = groups.iter().position(|g| *g == m).unwrap_or_else(|| {
                    groups.push(m);
                    groups.len() - 1
                });
                indices.push(i);
            }
            per_exercise.push(indices);
        }
        counts_for.push(per_exercise);
    }
    let counts = weeks
        .iter()
        .map(|w| {
            let mut sets = vec![0u32; groups.len()];
            let prescriptions = w.days.iter().filter_map(|d| d.session());
            for p in prescriptions.flat_map(|s| &s.prescriptions) {
                let indices = counts_for.get(p.spec.0).and_then(|e| e.get(p.spec.1));
                for &g in indices.into_iter().flatten() {
                    sets[g] = sets[g].saturating_add(p.sets);
                }
            }
            sets
        })
        .collect();
    (groups, counts)
}
