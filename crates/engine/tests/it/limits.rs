//! Hostile shapes of program and athlete files: alias bombs, deep nesting, long `extends` chains,
//! and every bound of `deload_engine::limits` (just over it: a located error saying the bound and
//! how to fix it; at it: a plan). Work is bounded by the errors and by the size of what is planned,
//! never by a clock. (The site's files, Markdown and sizes are tested in the `deload` package's
//! `tests/it/limits.rs`.)

use std::fmt::Write as _;
use std::path::Path;

use deload_engine::Error;
use deload_engine::export::to_json;
use deload_engine::limits::*;
use deload_engine::plan::{MAX_WEEKS, PlanOptions, Schedule, plan};
use deload_engine::programs::{PlanInput, load_input, parse_program_text};

/// A "billion laughs" document: ten levels of ten aliases each under `key`.
fn alias_bomb(key: &str) -> String {
    let mut s = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        s.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    s.push_str(&format!("{key}: *a9\n"));
    s
}

/// The same bomb nested under one mapping key, so it fits a struct with a free-form map.
fn alias_bomb_under(key: &str) -> String {
    let mut s = format!("{key}:\n");
    for line in alias_bomb("z").lines() {
        s.push_str("  ");
        s.push_str(line);
        s.push('\n');
    }
    s
}

#[test]
fn alias_bomb_in_a_program_is_an_error() {
    let mut text = String::from(
        "name: Bomb\nsessions_per_week: 3\nblocks: [{name: A, weeks: 4}]\nsessions:\n  - name: A\n    exercises: [{exercise: Squat, sets: 3, reps: 5}]\n",
    );
    text.push_str(&alias_bomb_under("progression"));
    // bounded by the parser's repetition limit: the error, not a billion strings
    let r = parse_program_text(&text, Path::new("programs/bomb.yaml"));
    let e = r.expect_err("an alias bomb must not load");
    assert!(
        e.message.contains("limit") || e.to_string().contains("progression"),
        "{e}"
    );
}

#[test]
fn ten_thousand_levels_of_yaml_nesting_in_a_program_are_an_error() {
    let nested = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let text = format!(
        "name: Deep\nsessions_per_week: 3\nblocks: [{{name: A, weeks: 4}}]\nprogression: {nested}\n"
    );
    // refused before parsing, at the 129th `[`
    let e = parse_program_text(&text, Path::new("programs/deep.yaml"))
        .expect_err("10,000 levels must not load");
    assert_eq!(e.location.map(|l| l.column), Some(14 + 128), "{e}");
    assert!(e.message.contains("recursion limit"), "{e}");
}

/// The shape of a generated program: `blocks` blocks of `weeks` weeks, `sessions` sessions (each
/// block runs `per_week` of them), `exercises` exercises a session, `lines` set lines each, and
/// notes of `notes` characters.
#[derive(Clone, Copy)]
struct Shape {
    blocks: usize,
    weeks: usize,
    sessions: usize,
    per_week: usize,
    exercises: usize,
    lines: usize,
    notes: usize,
}

const SMALL: Shape = Shape {
    blocks: 1,
    weeks: 4,
    sessions: 3,
    per_week: 3,
    exercises: 2,
    lines: 1,
    notes: 0,
};

fn program(s: Shape) -> String {
    let mut y = format!("name: Shape\nsessions_per_week: {}\nblocks:\n", s.per_week);
    let week: Vec<String> = (0..s.per_week)
        .map(|i| format!("S{}", i % s.sessions))
        .collect();
    for b in 0..s.blocks {
        let _ = writeln!(
            y,
            "  - {{ name: B{b}, weeks: {}, sessions: [{}] }}",
            s.weeks,
            week.join(", ")
        );
    }
    y.push_str("sessions:\n");
    let lines = vec!["\"1 x 5\""; s.lines].join(", ");
    for i in 0..s.sessions {
        let _ = writeln!(y, "  - name: S{i}\n    exercises:");
        for j in 0..s.exercises {
            let _ = write!(y, "      - {{ exercise: E{j}, lines: [{lines}]");
            if s.notes > 0 {
                let _ = write!(y, ", notes: {}", "n".repeat(s.notes));
            }
            y.push_str(" }\n");
        }
    }
    y
}

fn load(text: &str) -> Result<PlanInput, Error> {
    parse_program_text(text, Path::new("programs/shape.yaml")).map(|(program, _)| PlanInput {
        program,
        athlete: None,
    })
}

fn plan_weeks(input: &PlanInput, weeks: Option<u32>) -> Result<Schedule, Error> {
    let opts = PlanOptions {
        start: Some(jiff::civil::date(2027, 1, 4)),
        weeks,
        ..PlanOptions::default()
    };
    plan(input, &opts)
}

/// Asserts `e` is located in a file, at a line holding `at`, says `limit`, and has a hint.
fn located(e: &Error, at: &str, limit: &str) {
    assert!(e.path.is_some() && e.location.is_some(), "{e}");
    let line = e.source_line.as_deref().unwrap_or_default();
    assert!(
        line.contains(at),
        "expected the line of `{at}`, got `{line}`: {e}"
    );
    assert!(e.message.contains(&format!("limit of {limit}")), "{e}");
    assert!(e.hint.as_deref().is_some_and(|h| !h.is_empty()), "{e}");
}

/// Loads and plans `at`, then loads `over` expecting a located error at `line` naming `limit`.
fn bound(at: Shape, over: Shape, line: &str, limit: usize) {
    let input = load(&program(at)).unwrap_or_else(|e| panic!("at the limit: {e}"));
    plan_weeks(&input, None).unwrap_or_else(|e| panic!("at the limit: {e}"));
    let e = load(&program(over)).expect_err("over the limit");
    located(&e, line, &limit.to_string());
}

#[test]
fn blocks_sessions_exercises_and_lines_have_limits() {
    let blocks = |n| Shape {
        blocks: n,
        weeks: 1,
        ..SMALL
    };
    bound(
        blocks(MAX_BLOCKS),
        blocks(MAX_BLOCKS + 1),
        "blocks:",
        MAX_BLOCKS,
    );
    let sessions = |n| Shape {
        sessions: n,
        ..SMALL
    };
    bound(
        sessions(MAX_SESSIONS),
        sessions(MAX_SESSIONS + 1),
        "sessions:",
        MAX_SESSIONS,
    );
    let exercises = |n| Shape {
        exercises: n,
        ..SMALL
    };
    bound(
        exercises(MAX_EXERCISES),
        exercises(MAX_EXERCISES + 1),
        "exercises:",
        MAX_EXERCISES,
    );
    let lines = |n| Shape { lines: n, ..SMALL };
    bound(
        lines(MAX_SET_LINES),
        lines(MAX_SET_LINES + 1),
        "lines: [",
        MAX_SET_LINES,
    );
    let notes = |n| Shape { notes: n, ..SMALL };
    bound(
        notes(MAX_TEXT_CHARS),
        notes(MAX_TEXT_CHARS + 1),
        "notes: nnn",
        MAX_TEXT_CHARS,
    );
}

#[test]
fn a_block_session_list_and_a_rotation_have_limits() {
    let list = |n: usize| {
        (0..n)
            .map(|i| format!("S{}", i % 3))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let text = |n| {
        program(SMALL).replace(
            "sessions: [S0, S1, S2]",
            &format!("sessions: [{}]", list(n)),
        )
    };
    let input = load(&text(MAX_SESSION_LIST)).expect("at the limit");
    plan_weeks(&input, None).expect("at the limit");
    let e = load(&text(MAX_SESSION_LIST + 1)).expect_err("over");
    located(&e, "sessions: [S0", &MAX_SESSION_LIST.to_string());

    let rotation = |n| {
        format!(
            "rotation: [{}]\n{}",
            list(n),
            program(SMALL).replace(", sessions: [S0, S1, S2]", "")
        )
    };
    let input = load(&rotation(MAX_SESSION_LIST)).expect("at the limit");
    plan_weeks(&input, None).expect("at the limit");
    let e = load(&rotation(MAX_SESSION_LIST + 1)).expect_err("over");
    located(&e, "rotation:", &MAX_SESSION_LIST.to_string());
}

#[test]
fn names_sets_reps_and_schemes_have_limits() {
    let named =
        |n: usize| program(SMALL).replace("exercise: E0", &format!("exercise: {}", "x".repeat(n)));
    load(&named(MAX_NAME_CHARS)).expect("at the limit");
    let e = load(&named(MAX_NAME_CHARS + 1)).expect_err("over");
    located(&e, "exercise: xxx", &MAX_NAME_CHARS.to_string());

    let sets = |n: usize| program(SMALL).replace("\"1 x 5\"", &format!("\"{n} x 5\""));
    plan_weeks(&load(&sets(100)).expect("100 sets"), None).expect("100 sets");
    let e = load(&sets(101)).expect_err("101 sets");
    assert!(
        e.message.contains("sets must be from 1 to 100") && e.location.is_some(),
        "{e}"
    );
    let reps = |n: usize| program(SMALL).replace("\"1 x 5\"", &format!("\"1 x {n}\""));
    plan_weeks(&load(&reps(1000)).expect("1000 reps"), None).expect("1000 reps");
    let e = load(&reps(1001)).expect_err("1001 reps");
    assert!(
        e.message.contains("more than the 1000 accepted") && e.location.is_some(),
        "{e}"
    );

    let scheme = |weeks: usize, lines: usize| {
        let week = format!("[{}]", vec!["5 @ 70%"; lines].join(", "));
        let all = vec![week; weeks].join(", ");
        format!(
            "schemes:\n  w: [{all}]\n{}",
            program(SMALL).replace("lines: [\"1 x 5\"]", "scheme: w")
        )
    };
    plan_weeks(
        &load(&scheme(MAX_SCHEME_WEEKS, MAX_SET_LINES)).expect("at the limit"),
        None,
    )
    .expect("at the limit");
    let e = load(&scheme(MAX_SCHEME_WEEKS + 1, 1)).expect_err("53 weeks");
    located(&e, "w: [", &MAX_SCHEME_WEEKS.to_string());
    let e = load(&scheme(1, MAX_SET_LINES + 1)).expect_err("21 lines");
    located(&e, "w: [", &MAX_SET_LINES.to_string());
}

#[test]
fn a_program_runs_at_most_ten_years_before_it_repeats() {
    let weeks = |w| Shape {
        blocks: 2,
        weeks: w,
        ..SMALL
    };
    let input = load(&program(weeks(260))).expect("520 weeks");
    let schedule = plan_weeks(&input, None).expect("520 weeks");
    assert_eq!(schedule.weeks.len(), MAX_WEEKS as usize);
    let e = load(&program(weeks(261))).expect_err("522 weeks");
    located(&e, "name: B1, weeks: 261", "520");
}

fn set_lines(s: &Schedule) -> usize {
    s.weeks
        .iter()
        .flat_map(|w| &w.days)
        .filter_map(|d| d.session())
        .flat_map(|s| &s.prescriptions)
        .map(|p| p.lines.len())
        .sum()
}

/// Ten years of six sessions a week: 19 set lines a session fit the budget (59,280 lines), 20 do
/// not. The plan at the budget stays proportional: its JSON is under 1 KB a line.
#[test]
fn a_plan_at_the_set_line_budget_plans_and_one_over_it_is_refused_before_planning() {
    let shape = |lines| Shape {
        sessions: 6,
        per_week: 6,
        exercises: 1,
        lines,
        ..SMALL
    };
    let weeks = Some(MAX_WEEKS);
    let input = load(&program(shape(19))).expect("loads");
    let schedule = plan_weeks(&input, weeks).expect("at the budget");
    let n = set_lines(&schedule);
    assert!(n > 50_000 && n <= MAX_PLAN_SET_LINES, "{n}");
    let json = to_json(&schedule);
    assert!(json.len() < n * 1024, "{} bytes for {n} lines", json.len());

    let input = load(&program(shape(20))).expect("loads");
    let e = plan_weeks(&input, weeks).expect_err("over the budget");
    located(&e, "name: S0", &MAX_PLAN_SET_LINES.to_string());
    assert!(e.message.contains("62400 set lines"), "{e}");
    // the program's own length is within the budget
    plan_weeks(&input, None).expect("4 weeks");
}

/// Long notes on every exercise, repeated by every week: refused before planning beyond the
/// text budget (the shape that once wrote gigabytes), planned within it.
#[test]
fn notes_repeated_by_every_week_are_bounded() {
    let shape = Shape {
        sessions: 6,
        per_week: 6,
        exercises: MAX_EXERCISES,
        notes: MAX_TEXT_CHARS,
        ..SMALL
    };
    let input = load(&program(shape)).expect("every file bound holds");
    let e = plan_weeks(&input, Some(52)).expect_err("a year of it");
    located(&e, "name: S0", &MAX_PLAN_TEXT_BYTES.to_string());
    let schedule = plan_weeks(&input, Some(8)).expect("8 weeks");
    let json = to_json(&schedule);
    assert!(json.len() < 2 * MAX_PLAN_TEXT_BYTES, "{} bytes", json.len());
}

/// A long text copied by aliases into a list no bound reads (muscles): refused by the YAML
/// reader before the strings are made.
#[test]
fn aliases_of_a_long_text_are_refused_before_they_are_copied() {
    let text = format!(
        "{}    muscles: [{}]\n",
        program(SMALL).replacen(
            "name: Shape",
            &format!("name: Shape\ndescription: &d {}", "d".repeat(1 << 20)),
            1
        ),
        vec!["*d"; 1000].join(", ")
    )
    .replace(
        "  - name: S2\n    exercises:",
        "  - name: S2\n    exercises:",
    );
    let e = load(&text).expect_err("a gigabyte of muscle names");
    assert!(e.message.contains("aliases"), "{e}");
    assert!(e.location.is_some(), "{e}");
}

fn chain(dir: &Path, depth: usize) {
    std::fs::create_dir_all(dir.join("programs")).unwrap();
    std::fs::write(dir.join("programs/p0.yaml"), program(SMALL)).unwrap();
    for i in 1..=depth {
        let text = format!("extends: p{}.yaml\nname: P{i}\n", i - 1);
        std::fs::write(dir.join(format!("programs/p{i}.yaml")), text).unwrap();
    }
}

#[test]
fn extends_chains_have_a_depth_limit() {
    let dir = tempfile::tempdir().unwrap();
    chain(dir.path(), 700);
    let at = |i: usize| dir.path().join(format!("programs/p{i}.yaml"));
    let (input, _) = load_input(&at(MAX_EXTENDS_DEPTH)).expect("16 parents");
    assert_eq!(input.program.name, format!("P{MAX_EXTENDS_DEPTH}"));
    plan_weeks(&input, None).expect("16 parents");

    // 17 parents: the error is at the `extends:` that would read the 17th, naming the chain
    let e = load_input(&at(MAX_EXTENDS_DEPTH + 1)).expect_err("17 parents");
    located(
        &e,
        "extends: p0.yaml",
        &format!("{MAX_EXTENDS_DEPTH} parents"),
    );
    assert!(
        e.path.as_ref().is_some_and(|p| p.ends_with("p1.yaml")),
        "{e}"
    );
    assert!(e.message.contains("p17.yaml → p16.yaml → "), "{e}");
    // 700 files deep (once a stack overflow): the same error, after 17 files
    let e = load_input(&at(700)).expect_err("700 parents");
    assert!(
        e.path.as_ref().is_some_and(|p| p.ends_with("p684.yaml")),
        "{e}"
    );

    // a cycle is still a cycle
    std::fs::write(at(0), "extends: p2.yaml\nname: P0\n").unwrap();
    let e = load_input(&at(2)).expect_err("a cycle");
    assert!(
        e.message
            .contains("cycle: p2.yaml → p1.yaml → p0.yaml → p2.yaml"),
        "{e}"
    );
}

#[test]
fn athlete_files_have_limits() {
    let dir = tempfile::tempdir().unwrap();
    chain(dir.path(), 0);
    let athlete = dir.path().join("programs/a.yaml");
    let write = |body: &str| std::fs::write(&athlete, format!("program: p0.yaml\n{body}")).unwrap();
    write(&format!("name: {}\n", "a".repeat(MAX_NAME_CHARS)));
    let (input, _) = load_input(&athlete).expect("at the limit");
    plan_weeks(&input, None).expect("at the limit");
    write(&format!("name: {}\n", "a".repeat(MAX_NAME_CHARS + 1)));
    located(
        &load_input(&athlete).expect_err("over"),
        "name: aaa",
        &MAX_NAME_CHARS.to_string(),
    );

    let changes = |n| {
        let one = "{ exercise: E1, sets: 2 }";
        format!("overrides:\n  change: [{}]\n", vec![one; n].join(", "))
    };
    write(&changes(MAX_LIST));
    let (input, _) = load_input(&athlete).expect("at the limit");
    plan_weeks(&input, None).expect("at the limit");
    write(&changes(MAX_LIST + 1));
    let e = load_input(&athlete).expect_err("over");
    located(&e, "change:", &MAX_LIST.to_string());
}

/// The pipeline reports every file it read (what `deload build` watches to know that a site is
/// unchanged): the athlete file, its program, the program's `extends` chain and the log.
#[test]
fn the_pipeline_lists_the_files_it_read() {
    use deload_engine::pipeline::{PipelineOptions, load};
    let dir = tempfile::tempdir().unwrap();
    chain(dir.path(), 2);
    let log = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/logs/steady-strong.csv"),
    )
    .unwrap();
    let programs = dir.path().join("programs");
    std::fs::write(programs.join("lee.csv"), log).unwrap();
    let athlete = programs.join("lee.yaml");
    std::fs::write(&athlete, "program: p2.yaml\nlog: lee.csv\n").unwrap();
    let loaded = load(
        &athlete,
        &PipelineOptions::new(jiff::civil::date(2027, 1, 4)),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = loaded
        .sources
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["lee.yaml", "p2.yaml", "p1.yaml", "p0.yaml", "lee.csv"]
    );
}
