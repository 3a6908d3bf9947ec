//! Every YAML and command example in the manual (the Markdown pages of `docs/content/`, in the
//! order of their paths) and then in README.md runs as written, in that order, against one scratch
//! site made with `deload init`.
//!
//! - A `yaml` block is a file. **Its first line is a comment naming the file, relative to the
//!   site**, for example `# programs/athletes/sam.yaml`; every YAML block must start so. The test writes the block there; a file under `programs/` must then plan with
//!   `deload plan FILE` without an error or a warning, and the whole site must pass `deload
//!   check`.
//! - An `sh` block is commands, one a line (a `# comment` after one is dropped); a `console` block
//!   is commands on lines starting with `$ `, each followed by lines that must appear in what the
//!   command printed. `deload X` and `cargo run --release -- X` run as the `deload` binary under
//!   test with the arguments X, in the scratch site, and must succeed.
//! - Commands that are not deload's are not run, and must be listed in [`NOT_RUN`] with the
//!   reason, as is `deload serve` (it runs until stopped). `scripts/test` is one: it runs the
//!   whole suite, this test included. So are the manual's own build and check, which
//!   `tests/it/manual.rs` runs on the repository's `docs/`.
//! - The examples may read files the repository ships beside its site, listed in [`BROUGHT`]
//!   (the sample training log, `logs/sam.csv`); the test puts them in the scratch site first.
//!   The commands that read them also run, as written, in a copy of the repository's own site
//!   (what a reader of a fresh clone runs them in).
//! - README.md is a front page: at most [`README_LINES`] lines, opening with the two set-up
//!   commands, and every file it or the manual names or links to exists.

use std::path::{Path, PathBuf};
use std::process::Output;

use crate::support::{deload, repo};

/// Commands the README shows that this test does not run, by how they start, and why.
const NOT_RUN: [(&str, &str); 8] = [
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
    (
        "deload build --root docs",
        "the manual's own build (tests/it/manual.rs builds docs/ into a temporary folder)",
    ),
    (
        "deload check --root docs",
        "the manual's own check (tests/it/manual.rs runs it on docs/)",
    ),
];

/// The most lines README.md may have: a front page, the rest is the manual.
const README_LINES: usize = 200;

/// The first two commands of README.md, in its first code block: the shipped site's build and
/// the test suite (`.ci/run` runs the second).
const SET_UP: [&str; 2] = ["cargo run --release -- build", "scripts/test"];

/// Files the examples read that the repository ships beside its site: (path in the site, the
/// file of this repository put there).
const BROUGHT: [(&str, &str); 1] = [("logs/sam.csv", "logs/sam.csv")];

/// A fenced block of README.md or a manual page.
struct Block {
    /// The file it is in, relative to the repository (`README.md`, `docs/content/...`).
    file: String,
    /// The line of the opening fence (1-based).
    line: usize,
    /// The info string's first word (`yaml`, `sh`...).
    lang: String,
    text: String,
}

impl Block {
    /// Where the block opens, `FILE:LINE`.
    fn at(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// The fenced blocks of `text`, the file `file`.
fn blocks(file: &str, text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, l) in text.lines().enumerate() {
        match (open.take(), l.strip_prefix("```")) {
            (None, Some(info)) => {
                let lang = info.split_whitespace().next().unwrap_or("").to_string();
                let text = String::new();
                open = Some(Block {
                    file: file.to_string(),
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
    assert!(open.is_none(), "{file}: a code block is not closed");
    out
}

/// The Markdown files under `dir`, recursively, sorted by path.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|x| x == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The documents whose examples run, as (path relative to the repository, text): the manual's
/// pages in path order, then README.md.
fn documents() -> Vec<(String, String)> {
    let mut files = markdown_files(&repo().join("docs/content"));
    assert!(files.len() > 20, "the manual's pages: {files:?}");
    files.push(repo().join("README.md"));
    files
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(repo()).unwrap_or(path);
            let text =
                std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (rel.to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// Every fenced block of [`documents`], in their order.
fn all_blocks() -> Vec<Block> {
    documents()
        .iter()
        .flat_map(|(file, text)| blocks(file, text))
        .collect()
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

/// The arguments to give `deload` for an example's command, or `None` when it is not deload's.
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

/// Runs the example command `line` (from the block at `at`, `FILE:LINE`) in `site`; returns
/// what it printed, or `None` when it is not run.
fn run_command(site: &Path, line: &str, at: &str, not_run: &mut [usize]) -> Option<String> {
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
        panic!("{at}: `{line}` is neither deload's nor listed in NOT_RUN")
    };
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = deload(site, &args);
    assert!(
        out.status.success(),
        "{at}: `{line}` failed:\n{}",
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
            "{}: a YAML block starts with a comment naming its file, like \
             `# programs/athletes/sam.yaml`, not `{first}`",
            b.at()
        )
    });
    let path = Path::new(rel);
    assert!(
        path.is_relative()
            && !rel.contains("..")
            && (rel.ends_with(".yaml") || rel.ends_with(".yml")),
        "{}: `{rel}` is not a YAML file inside the site",
        b.at()
    );
    let file = site.join(path);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, &b.text).unwrap();
    if rel.starts_with("programs/") {
        let out = deload(site, &["plan", rel, "--format", "json"]);
        let err = stderr(&out);
        assert!(out.status.success(), "{}: {rel}:\n{err}", b.at());
        assert!(err.is_empty(), "{}: {rel} warns:\n{err}", b.at());
    }
    let out = deload(site, &["check"]);
    assert!(
        out.status.success(),
        "{}: the site with {rel}:\n{}",
        b.at(),
        stderr(&out)
    );
}

/// A `console` block: `$ ` lines are commands, the lines after one are in what it printed.
fn run_console(site: &Path, b: &Block, not_run: &mut [usize]) {
    let mut printed: Option<String> = None;
    for l in b.text.lines() {
        if let Some(command) = l.strip_prefix("$ ") {
            printed = run_command(site, command, &b.at(), not_run);
        } else if let Some(out) = &printed
            && !l.trim().is_empty()
        {
            assert!(
                out.contains(l.trim()),
                "{}: `{l}` is not in what the command printed:\n{out}",
                b.at()
            );
        }
    }
}

#[test]
fn every_yaml_and_command_example_in_the_manual_and_the_readme_runs() {
    let tmp = scratch_site();
    let site = tmp.path().join("site");
    let mut not_run = [0; NOT_RUN.len()];
    let mut ran = [0usize; 2];
    for b in all_blocks() {
        match b.lang.as_str() {
            "yaml" | "yml" => {
                run_yaml(&site, &b);
                ran[0] += 1;
            }
            "sh" | "bash" | "shell" => {
                for l in b.text.lines() {
                    ran[1] += usize::from(run_command(&site, l, &b.at(), &mut not_run).is_some());
                }
            }
            "console" => run_console(&site, &b, &mut not_run),
            _ => {}
        }
    }
    assert!(
        ran[0] >= 2 && ran[1] >= 10,
        "examples run (yaml, commands): {ran:?}"
    );
    for ((prefix, _), n) in NOT_RUN.iter().zip(not_run) {
        assert!(
            n > 0,
            "NOT_RUN lists `{prefix}`, which neither README.md nor the manual shows"
        );
    }
    let all: String = documents().into_iter().map(|(_, text)| text).collect();
    for (path, _) in BROUGHT {
        assert!(
            all.contains(path),
            "BROUGHT lists {path}, which neither README.md nor the manual reads"
        );
    }
}

/// The commands of README.md and the manual that read a file of [`BROUGHT`] run as written in a
/// copy of the repository's site (site.yaml, content, templates, programs and the shipped
/// files): on a fresh clone, the training-log examples work with the shipped sample log and
/// athlete.
#[test]
fn the_examples_that_read_the_sample_log_run_in_the_repository() {
    let f = crate::support::Fixture::shipped();
    for (to, from) in BROUGHT {
        crate::support::copy_file(&repo().join(from), &f.root().join(to));
    }
    let mut not_run = [0; NOT_RUN.len()];
    let mut printed = Vec::new();
    for b in all_blocks() {
        let lines = b.text.lines().map(|l| l.strip_prefix("$ ").unwrap_or(l));
        for l in lines.filter(|l| BROUGHT.iter().any(|(path, _)| l.contains(path))) {
            printed.extend(run_command(f.root(), l, &b.at(), &mut not_run));
        }
    }
    assert!(
        printed.len() >= 6,
        "the training-log examples ran: {}",
        printed.len()
    );
    // what the README and the manual say of the sample log: the bench press getting harder at
    // the same load brings the deload forward
    assert!(
        printed
            .iter()
            .any(|p| p.contains("deload brought forward") && p.contains("Bench press 5, 4, 3 reps")),
        "{printed:#?}"
    );
}

/// README.md is a front page: short, the two set-up commands first, and a way into the manual.
#[test]
fn the_readme_is_a_front_page_that_leads_into_the_manual() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(
        lines <= README_LINES,
        "README.md has {lines} lines, more than {README_LINES}: move the detail into the manual"
    );
    let first = blocks("README.md", &readme).into_iter().next();
    let commands: Vec<String> = first
        .map(|b| b.text.lines().map(|l| words(l).join(" ")).collect())
        .unwrap_or_default();
    assert!(
        commands.starts_with(&SET_UP.map(String::from)),
        "README.md's first code block starts with {SET_UP:?}, not {commands:?}"
    );
    for needed in ["cargo install --path .", "deload serve", "--relative-urls"] {
        assert!(readme.contains(needed), "README.md does not say `{needed}`");
    }
    let into_manual = readme
        .lines()
        .flat_map(link_targets)
        .filter(|p| p.starts_with("docs/content/") && p.ends_with(".md"))
        .count();
    assert!(
        into_manual >= 15,
        "README.md links {into_manual} manual pages"
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

/// The repository paths a document names in backticks (`src/…`, `crates/…`, `tests/…`,
/// `benches/…`, `scripts/…`, `docs/…`, `fuzz/…`), each with its line.
fn named_paths(text: &str) -> Vec<(usize, String)> {
    const ROOTS: [&str; 7] = [
        "src/", "crates/", "tests/", "benches/", "scripts/", "docs/", "fuzz/",
    ];
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
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

/// The relative file targets of the Markdown links on `line` (not URLs, anchors or `@/` links),
/// anchors left off: in README.md, paths from the repository's root.
fn link_targets(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split("](").skip(1).filter_map(|rest| {
        let target = rest.split(')').next()?;
        let path = target.split('#').next()?;
        let relative = !path.is_empty()
            && !path.contains(':')
            && !path.starts_with(['@', '/'])
            && !path.contains(' ');
        relative.then(|| path.to_string())
    })
}

#[test]
fn every_path_the_readme_and_the_manual_name_exists() {
    let mut named = 0;
    let mut missing = Vec::new();
    for (file, text) in documents() {
        let mut paths = named_paths(&text);
        // README.md's links are from the repository's root; the manual's pages link with `@/`,
        // which `deload check --root docs` checks (tests/it/manual.rs)
        if file == "README.md" {
            paths.extend(
                text.lines()
                    .enumerate()
                    .flat_map(|(i, l)| link_targets(l).map(move |p| (i + 1, p))),
            );
        }
        named += paths.len();
        missing.extend(
            paths
                .iter()
                .filter(|(_, p)| !repo().join(p.split("::").next().unwrap_or(p)).exists())
                .map(|(line, p)| format!("{file}:{line}: `{p}` does not exist")),
        );
    }
    assert!(
        named > 60,
        "the README and the manual name the code they describe"
    );
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn link_targets_are_the_relative_files_a_line_links() {
    let line = "[a](docs/x.md#y), [b](https://e.org/), [c](#z), [d](@/p.md), [e](tests/it/)";
    assert_eq!(
        link_targets(line).collect::<Vec<_>>(),
        ["docs/x.md", "tests/it/"]
    );
}
