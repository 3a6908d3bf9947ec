//! Every YAML and command example in README.md runs as written, in README order, against one
//! scratch site made with `deload init`.
//!
//! - A `yaml` block is a file. **Its first line is a comment naming the file, relative to the
//!   site**, for example `# programs/athletes/sam.yaml`; every YAML block in the README must
//!   start so. The test writes the block there; a file under `programs/` must then plan with
//!   `deload plan FILE` without an error or a warning, and the whole site must pass `deload
//!   check`.
//! - An `sh` block is commands, one a line (a `# comment` after one is dropped); a `console` block
//!   is commands on lines starting with `$ `, each followed by lines that must appear in what the
//!   command printed. `deload X` and `cargo run --release -- X` run as the `deload` binary under
//!   test with the arguments X, in the scratch site, and must succeed.
//! - Commands that are not deload's are not run, and must be listed in [`NOT_RUN`] with the
//!   reason, as is `deload serve` (it runs until stopped). `scripts/test` is one: it runs the
//!   whole suite, this test included.
//! - The examples may read files the repository ships beside its site, listed in [`BROUGHT`]
//!   (the sample training log, `logs/sam.csv`); the test puts them in the scratch site first.
//!   The commands that read them also run, as written, in a copy of the repository's own site
//!   (what a reader of a fresh clone runs them in).

use std::path::Path;
use std::process::Output;

use crate::support::{deload, repo};

/// Commands the README shows that this test does not run, by how they start, and why.
const NOT_RUN: [(&str, &str); 6] = [
    (
        "deload serve",
        "serves until stopped (tests/it/serve.rs runs the server)",
    ),
    (
        "scripts/test",
        "installs what the tests need and runs the whole suite, this test included",
    ),
    (
        "scripts/bench.sh",
        "a benchmark of up to 25 minutes that installs Hugo and hyperfine",
    ),
    (
        "cargo install cargo-fuzz",
        "installs a tool, and fuzzing needs a nightly toolchain",
    ),
    (
        "cd fuzz",
        "the fuzzing project, which needs a nightly toolchain",
    ),
    ("cargo +nightly fuzz", "fuzzing needs a nightly toolchain"),
];

/// Files the examples read that the repository ships beside its site: (path in the site, the
/// file of this repository put there).
const BROUGHT: [(&str, &str); 1] = [("logs/sam.csv", "logs/sam.csv")];

/// A fenced block of the README.
struct Block {
    /// The line of the opening fence (1-based).
    line: usize,
    /// The info string's first word (`yaml`, `sh`...).
    lang: String,
    text: String,
}

fn blocks(readme: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, l) in readme.lines().enumerate() {
        match (open.take(), l.strip_prefix("```")) {
            (None, Some(info)) => {
                let lang = info.split_whitespace().next().unwrap_or("").to_string();
                let text = String::new();
                open = Some(Block {
                    line: i + 1,
                    lang,
                    text,
                });
            }
            (Some(b), Some(_)) => out.push(b),
            (Some(mut b), None) => {
                b.text.push_str(l);
                b.text.push('\n');
                open = Some(b);
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README.md: a code block is not closed");
    out
}

/// The words of a command line, quotes removed; a `#` starting a word begins a comment.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, '#') if word.is_none() => break,
            (None, c) if c.is_whitespace() => out.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(quote.is_none(), "unclosed quote in `{line}`");
    out.extend(word);
    out
}

/// The arguments to give `deload` for a README command, or `None` when it is not deload's.
fn deload_args(command: &[String]) -> Option<Vec<String>> {
    let cargo_run = ["cargo", "run", "--release", "--"];
    if command.first().is_some_and(|w| w == "deload") {
        Some(command[1..].to_vec())
    } else if command.len() >= 4 && command[..4] == cargo_run {
        Some(command[4..].to_vec())
    } else {
        None
    }
}

/// The scratch site: `deload init` in a temporary folder, with the files readers bring.
fn scratch_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let out = deload(tmp.path(), &["init", "site"]);
    assert!(out.status.success(), "deload init: {}", stderr(&out));
    for (to, from) in BROUGHT {
        crate::support::copy_file(&repo().join(from), &tmp.path().join("site").join(to));
    }
    tmp
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs the README command `line` (from the block at `at`) in `site`; returns what it printed,
/// or `None` when it is not run.
fn run_command(site: &Path, line: &str, at: usize, not_run: &mut [usize]) -> Option<String> {
    let command = words(line);
    if command.is_empty() {
        return None;
    }
    // Leading NAME=value words set the environment (they matter only to commands not run).
    let start = command
        .iter()
        .take_while(|w| w.split_once('=').is_some_and(|(k, _)| is_env_name(k)))
        .count();
    let command = &command[start..];
    let text = command.join(" ");
    if let Some(i) = NOT_RUN
        .iter()
        .position(|(prefix, _)| text.starts_with(prefix))
    {
        not_run[i] += 1;
        return None;
    }
    let Some(args) = deload_args(command) else {
        panic!("README.md:{at}: `{line}` is neither deload's nor listed in NOT_RUN")
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = deload(site, &args);
    assert!(
        out.status.success(),
        "README.md:{at}: `{line}` failed:\n{}",
        stderr(&out)
    );
    Some(format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    ))
}

fn is_env_name(k: &str) -> bool {
    !k.is_empty() && k.chars().all(|c| c.is_ascii_uppercase() || c == '_')
}

/// A `yaml` block: written to the file its first line names, then planned and checked.
fn run_yaml(site: &Path, b: &Block) {
    let first = b.text.lines().next().unwrap_or("");
    let rel = first.strip_prefix("# ").unwrap_or_else(|| {
        panic!(
            "README.md:{}: a YAML block starts with a comment naming its file, like \
             `# programs/athletes/sam.yaml`, not `{first}`",
            b.line
        )
    });
    let path = Path::new(rel);
    assert!(
        path.is_relative()
            && !rel.contains("..")
            && (rel.ends_with(".yaml") || rel.ends_with(".yml")),
        "README.md:{}: `{rel}` is not a YAML file inside the site",
        b.line
    );
    let file = site.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, &b.text).unwrap();
    if rel.starts_with("programs/") {
        let out = deload(site, &["plan", rel, "--format", "json"]);
        let err = stderr(&out);
        assert!(out.status.success(), "README.md:{}: {rel}:\n{err}", b.line);
        assert!(err.is_empty(), "README.md:{}: {rel} warns:\n{err}", b.line);
    }
    let out = deload(site, &["check"]);
    assert!(
        out.status.success(),
        "README.md:{}: the site with {rel}:\n{}",
        b.line,
        stderr(&out)
    );
}

/// A `console` block: `$ ` lines are commands, the lines after one are in what it printed.
fn run_console(site: &Path, b: &Block, not_run: &mut [usize]) {
    let mut printed: Option<String> = None;
    for l in b.text.lines() {
        if let Some(command) = l.strip_prefix("$ ") {
            printed = run_command(site, command, b.line, not_run);
        } else if let Some(out) = &printed
            && !l.trim().is_empty()
        {
            assert!(
                out.contains(l.trim()),
                "README.md:{}: `{l}` is not in what the command printed:\n{out}",
                b.line
            );
        }
    }
}

#[test]
fn every_yaml_and_command_example_in_the_readme_runs() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let tmp = scratch_site();
    let site = tmp.path().join("site");
    let mut not_run = [0; NOT_RUN.len()];
    let mut ran = [0usize; 2];
    for b in blocks(&readme) {
        match b.lang.as_str() {
            "yaml" | "yml" => {
                run_yaml(&site, &b);
                ran[0] += 1;
            }
            "sh" | "bash" | "shell" => {
                for l in b.text.lines() {
                    ran[1] += usize::from(run_command(&site, l, b.line, &mut not_run).is_some());
                }
            }
            "console" => run_console(&site, &b, &mut not_run),
            _ => {}
        }
    }
    assert!(
        ran[0] >= 2 && ran[1] >= 4,
        "examples run (yaml, commands): {ran:?}"
    );
    for ((prefix, _), n) in NOT_RUN.iter().zip(not_run) {
        assert!(
            n > 0,
            "NOT_RUN lists `{prefix}`, which README.md no longer shows"
        );
    }
    for (path, _) in BROUGHT {
        assert!(
            readme.contains(path),
            "BROUGHT lists {path}, which README.md no longer reads"
        );
    }
}

/// The README's commands that read a file of [`BROUGHT`] run as written in a copy of the
/// repository's site (site.yaml, content, templates, programs and the shipped files): on a
/// fresh clone, the training-log examples work with the shipped sample log and athlete.
#[test]
fn the_examples_that_read_the_sample_log_run_in_the_repository() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let f = crate::support::Fixture::shipped();
    for (to, from) in BROUGHT {
        crate::support::copy_file(&repo().join(from), &f.root().join(to));
    }
    let mut not_run = [0; NOT_RUN.len()];
    let mut printed = Vec::new();
    for b in blocks(&readme) {
        let lines = b.text.lines().map(|l| l.strip_prefix("$ ").unwrap_or(l));
        for l in lines.filter(|l| BROUGHT.iter().any(|(path, _)| l.contains(path))) {
            printed.extend(run_command(f.root(), l, b.line, &mut not_run));
        }
    }
    assert!(
        printed.len() >= 6,
        "the README's training-log examples ran: {}",
        printed.len()
    );
    // what the README says of the sample log: the bench press getting harder at the same load
    // brings the deload forward
    assert!(
        printed
            .iter()
            .any(|p| p.contains("deload brought forward") && p.contains("Bench press 5, 4, 3 reps")),
        "{printed:#?}"
    );
}

#[test]
fn command_lines_split_into_words_as_a_shell_would() {
    assert_eq!(
        words(r#"BENCH_SIZES="1000 10000" scripts/bench.sh  # note"#),
        ["BENCH_SIZES=1000 10000", "scripts/bench.sh"]
    );
    assert_eq!(
        words("deload plan 'a b.yaml' -o x#y"),
        ["deload", "plan", "a b.yaml", "-o", "x#y"]
    );
    let args = |s: &str| deload_args(&words(s));
    assert_eq!(
        args("cargo run --release -- build"),
        Some(vec!["build".to_string()])
    );
    assert_eq!(args("deload check"), Some(vec!["check".to_string()]));
    assert_eq!(args("cargo build --release"), None);
}

/// The repository paths the README names in backticks (`src/…`, `crates/…`, `tests/…`,
/// `benches/…`, `scripts/…`, `docs/…`, `fuzz/…`), each with its line.
fn named_paths(readme: &str) -> Vec<(usize, String)> {
    const ROOTS: [&str; 7] = [
        "src/", "crates/", "tests/", "benches/", "scripts/", "docs/", "fuzz/",
    ];
    let mut out = Vec::new();
    for (i, line) in readme.lines().enumerate() {
        for (j, quoted) in line.split('`').enumerate() {
            let looks_like_path = j % 2 == 1
                && ROOTS.iter().any(|r| quoted.starts_with(r))
                && !quoted.contains(' ')
                && !quoted.contains(['*', '<']);
            if looks_like_path {
                let path = quoted.trim_end_matches(['.', ',', ':']);
                out.push((i + 1, path.to_string()));
            }
        }
    }
    out
}

#[test]
fn every_path_the_readme_names_exists() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let paths = named_paths(&readme);
    assert!(paths.len() > 20, "the README names the code it describes");
    let missing: Vec<String> = paths
        .iter()
        .filter(|(_, p)| !repo().join(p.split("::").next().unwrap_or(p)).exists())
        .map(|(line, p)| format!("README.md:{line}: `{p}` does not exist"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
