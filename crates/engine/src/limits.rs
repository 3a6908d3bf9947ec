//! The engine's bounds on what a program or athlete file may ask for, so that hostile or
//! mistaken input costs bounded memory, time and output: every bound is a constant here, every
//! excess a located error saying the bound and how to stay within it (the manual's Limits page,
//! docs/content/operations/limits.md, lists them).
//!
//! This module names nothing else of the crate: every layer may use it. The checks that apply
//! the per-file bounds are in `programs/bounds.rs`.
//!
//! The per-file bounds are far above any real program (the shipped ones use at most a tenth of
//! each); [`MAX_PLAN_SET_LINES`] and [`MAX_PLAN_TEXT_BYTES`] bound what a plan prints in all,
//! since a plan repeats every session's exercises in every week.

/// The longest plan the engine builds, in weeks (ten years), and the most weeks one pass through
/// a program's blocks may run; also the most weeks since the last deload a history may give.
pub const MAX_WEEKS: u32 = 520;
/// Most `extends:` links in a chain (a program, its parent, its parent's parent…): a chain of
/// at most this many parents below the file itself.
pub const MAX_EXTENDS_DEPTH: usize = 16;
/// Most blocks in a program (after `extends` merging too).
pub const MAX_BLOCKS: usize = 64;
/// Most sessions (templates) a program defines (after `extends` merging too).
pub const MAX_SESSIONS: usize = 64;
/// Most names in a session list: a block's `sessions:` and the program's `rotation:`.
pub const MAX_SESSION_LIST: usize = 64;
/// Most exercises in one session.
pub const MAX_EXERCISES: usize = 32;
/// Most set lines in one exercise's `lines:`, and in one week of a scheme.
pub const MAX_SET_LINES: usize = 20;
/// Most weeks in one scheme.
pub const MAX_SCHEME_WEEKS: usize = 52;
/// Most entries in a list of short words: muscles of a session or exercise, an athlete's swaps,
/// changes and skips.
pub const MAX_LIST: usize = 64;
/// Longest name in characters: program, block, session, exercise, muscle, scheme, superset,
/// tempo, a set line and its label, an athlete's name.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest free text in characters: a description, a block's focus, `suits`, `author`, an
/// exercise's notes.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Most set lines a plan prints in all (weeks × sessions × exercises × lines, counted before the
/// plan is made). A six-day program over ten years prints about 25,000.
pub const MAX_PLAN_SET_LINES: usize = 60_000;
/// Most bytes of exercise text (names, notes, tempo, labels) a plan repeats in all, counted
/// before the plan is made: notes of 4,000 characters on every exercise of a six-day program fit
/// for a year.
pub const MAX_PLAN_TEXT_BYTES: usize = 8 * 1024 * 1024;
/// Most sets of one exercise (one set line, or an exercise's `sets`).
pub const MAX_SETS: i64 = 100;
/// Most reps in one set.
pub const MAX_REPS: i64 = 1000;
/// Longest block, in weeks.
pub const MAX_BLOCK_WEEKS: i64 = 520;
