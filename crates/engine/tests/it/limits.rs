//! Hostile shapes of program YAML: alias bombs and deep nesting give a clear error, fast. (The
//! site's files, Markdown and sizes are tested in the `deload` package's `tests/it/limits.rs`.)

use std::path::Path;
use std::time::{Duration, Instant};

use deload_engine::programs::parse_program_text;

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

fn quick<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    assert!(t.elapsed() < limit, "{what} took {:?}", t.elapsed());
    out
}

#[test]
fn alias_bomb_in_a_program_is_an_error() {
    let mut text = String::from(
        "name: Bomb\nsessions_per_week: 3\nblocks: [{name: A, weeks: 4}]\nsessions:\n  - name: A\n    exercises: [{exercise: Squat, sets: 3, reps: 5}]\n",
    );
    text.push_str(&alias_bomb_under("progression"));
    let r = quick("program bomb", Duration::from_secs(5), || {
        parse_program_text(&text, Path::new("programs/bomb.yaml"))
    });
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
    let e = quick("deep program", Duration::from_secs(5), || {
        parse_program_text(&text, Path::new("programs/deep.yaml"))
    })
    .expect_err("10,000 levels must not load");
    assert!(e.message.contains("recursion limit"), "{e}");
}
