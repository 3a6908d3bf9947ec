//! The external programs some tests need: Chromium, the Nu HTML checker (vnu.jar, run by Java)
//! and poppler's `pdfinfo` and `pdftotext`. `scripts/test` installs them all; a test that needs
//! one that is missing fails (never skips) and says to run it.

use std::path::{Path, PathBuf};

/// What a failing test says about a missing program.
pub(crate) const INSTALL: &str = "run scripts/test once: it installs Chromium, poppler-utils, Java and \
                           the Nu HTML checker, then runs every test";

/// `name` in one of the folders of `$PATH`.
pub(crate) fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The program `name` from `$PATH`, needed for `what`; fails the test when it is missing.
pub(crate) fn require(name: &str, what: &str) -> PathBuf {
    on_path(name)
        .unwrap_or_else(|| panic!("`{name}` is not on PATH (needed for {what}); {INSTALL}"))
}

/// The path in the environment variable `var`, when it is set and not empty.
fn env_path(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// A program named by the environment variable `var` if set (which must then exist), else found
/// as `name` on `$PATH`.
fn from_env_or_path(var: &str, name: &str, what: &str) -> PathBuf {
    match env_path(var) {
        Some(p) => {
            assert!(
                p.is_file(),
                "{var} is {}, which is not a file (needed for {what}); unset {var} or {INSTALL}",
                p.display()
            );
            p
        }
        None => require(name, what),
    }
}

/// Chromium: `$DELOAD_CHROMIUM`, else `chromium` on `$PATH` (Debian's, which scripts/test
/// installs).
pub(crate) fn chromium() -> PathBuf {
    from_env_or_path("DELOAD_CHROMIUM", "chromium", "the browser tests")
}

/// The folder scripts/test installs the Nu HTML checker into (with npm): `$DELOAD_VNU_DIR`,
/// default `$HOME/.cache/deload/vnu`.
pub(crate) fn vnu_install_dir() -> PathBuf {
    match env_path("DELOAD_VNU_DIR") {
        Some(dir) => dir,
        None => {
            let home = std::env::var_os("HOME").unwrap_or_else(|| {
                panic!("HOME is not set: set DELOAD_VNU_DIR or DELOAD_VNU_JAR, or {INSTALL}")
            });
            Path::new(&home).join(".cache/deload/vnu")
        }
    }
}

/// The Nu HTML checker's jar: `$DELOAD_VNU_JAR` if set, else
/// `node_modules/vnu-jar/build/dist/vnu.jar` in [`vnu_install_dir`], where scripts/test installs
/// it. Fails the test when it is missing.
pub(crate) fn vnu_jar() -> PathBuf {
    let jar = match env_path("DELOAD_VNU_JAR") {
        Some(jar) => jar,
        None => vnu_install_dir().join("node_modules/vnu-jar/build/dist/vnu.jar"),
    };
    assert!(
        jar.is_file(),
        "the Nu HTML checker is not at {}: {INSTALL}",
        jar.display()
    );
    jar
}
