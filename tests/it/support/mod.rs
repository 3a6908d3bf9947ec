//! What the tests share: fixture sites copied into temporary folders, running the `deload`
//! binary, and (in the submodules) servers, a headless Chromium, the external checkers, and
//! comparing outputs with expected files.

#![allow(dead_code)]

pub(crate) mod bounded;
pub(crate) mod browser;
pub(crate) mod downloads;
pub(crate) mod expected;
pub(crate) mod import;
pub(crate) mod logs;
pub(crate) mod planner_page;
pub(crate) mod rust_source;
pub(crate) mod serve;
pub(crate) mod spec;
pub(crate) mod spec_site;
pub(crate) mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) use serve::ServeProcess;

/// The guidance topics plans link to (site.yaml's `guidance:` keys).
pub(crate) const GUIDANCE_TOPICS: &[&str] = &[
    "sleep",
    "nutrition",
    "mobility",
    "hydration",
    "stress",
    "deload_weeks",
    "reading_a_plan",
    "overtraining_signs",
];

/// The repository root.
pub(crate) fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site copied into a fresh temporary folder (so tests can change it).
pub(crate) struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// Adds `key: value` under site.yaml's `programs:` (the shipped site has one, which turns
    /// the Planner on), or under a new `programs:` when there is none.
    pub(crate) fn set_programs(&self, key: &str, value: &str) {
        let yaml = std::fs::read_to_string(self.root().join("site.yaml")).unwrap();
        let yaml = match yaml.find("\nprograms:\n") {
            Some(i) => format!(
                "{}\nprograms:\n  {key}: {value}\n{}",
                &yaml[..i],
                &yaml[i + "\nprograms:\n".len()..]
            ),
            None => format!("{yaml}programs:\n  {key}: {value}\n"),
        };
        self.write("site.yaml", &yaml);
    }

    pub(crate) fn new(name: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        Fixture { dir }
    }

    /// A copy of the shipped site (the repository's own content, templates, programs, static).
    pub(crate) fn shipped() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        for d in ["content", "templates", "programs", "static", "data"] {
            let src = repo().join(d);
            if src.exists() {
                copy_dir(&src, &dir.path().join(d));
            }
        }
        std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
        Fixture { dir }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub(crate) fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub(crate) fn read_out(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }

    /// The built sitemap: `sitemap.xml` and, on a multilingual site (where that is an index of
    /// one sitemap per language), each language's `sitemap-LANG.xml` after it.
    pub(crate) fn read_sitemap(&self) -> String {
        let mut text = self.read_out("sitemap.xml");
        let mut languages: Vec<PathBuf> = std::fs::read_dir(self.out())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("sitemap-") && n.ends_with(".xml"))
            })
            .collect();
        languages.sort();
        for p in languages {
            text.push_str(&std::fs::read_to_string(&p).unwrap());
        }
        text
    }

    /// Runs `deload ARGS` in the site folder.
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        deload(self.root(), args)
    }

    /// `deload build` that must succeed.
    pub(crate) fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let out = self.run(&args);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// The command that accepts new outputs of this package's expected-output tests.
pub(crate) const BLESS: &str = "DELOAD_BLESS=1 cargo test -p deload --test it";

/// Asserts that `actual` is byte for byte the expected file `name` (in
/// `tests/fixtures/expected/`), or writes it when blessing (see [`expected`]).
pub(crate) fn assert_expected(name: &str, actual: &str) {
    let path = repo().join("tests/fixtures/expected").join(name);
    expected::assert_file(&path, actual, BLESS);
}

/// Runs the deload binary in `dir`.
pub(crate) fn deload(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_deload"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run deload")
}

/// Runs the deload binary in `dir` with `env` set on top of the test's environment.
pub(crate) fn deload_env(dir: &Path, args: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deload"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run deload")
}

/// Fails the test, with what `what` printed on standard error, when it did not succeed.
pub(crate) fn assert_ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Copies the file `src` to `dst`, creating `dst`'s folder.
pub(crate) fn copy_file(src: &Path, dst: &Path) {
    if let Some(dir) = dst.parent() {
        std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    std::fs::copy(src, dst).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
}

pub(crate) fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted (to compare an output before and after).
pub(crate) fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(base: &Path, d: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        let Ok(rd) = std::fs::read_dir(d) else { return };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push((
                    p.strip_prefix(base).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every HTML file under `dir`.
pub(crate) fn html_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}
