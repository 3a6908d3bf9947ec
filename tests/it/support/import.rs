//! `deload import` of the small sites of tests/fixtures/import/ (written for the import tests),
//! for the import tests and the crawler's.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::{copy_dir, deload, repo};

/// A change to one file of a fixture before it is imported: the file, and its new text made of
/// the old one.
pub(crate) type Edit<'a> = (&'a str, &'a dyn Fn(String) -> String);

/// Runs `deload import --from FROM SRC DEST` with `extra` arguments in `dir`.
pub(crate) fn run_import(
    dir: &Path,
    from: &str,
    src: &Path,
    dest: &Path,
    extra: &[&str],
) -> Output {
    let (src, dest) = (src.to_string_lossy(), dest.to_string_lossy());
    let mut args = vec!["import", "--from", from, &src, &dest];
    args.extend_from_slice(extra);
    deload(dir, &args)
}

/// The fixture `fixture`'s folder, or, with an edit, a copy of it in `tmp` with the edit made.
pub(crate) fn fixture_source(tmp: &Path, fixture: &str, edit: Option<Edit<'_>>) -> PathBuf {
    let src = repo().join("tests/fixtures/import").join(fixture);
    let Some((file, change)) = edit else {
        return src;
    };
    let copy = tmp.join("src");
    copy_dir(&src, &copy);
    let text = std::fs::read_to_string(copy.join(file)).unwrap_or_default();
    std::fs::write(copy.join(file), change(text)).expect("write");
    copy
}

/// Imports the fixture `fixture` (with `edit` made to a copy first) with `--from from` into a
/// new folder, asserting that it succeeds; the temporary folder, the new site's folder in it,
/// and the import's output.
pub(crate) fn import_edited(
    from: &str,
    fixture: &str,
    edit: Option<Edit<'_>>,
) -> (tempfile::TempDir, PathBuf, Output) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dest = tmp.path().join("site");
    let src = fixture_source(tmp.path(), fixture, edit);
    let out = run_import(tmp.path(), from, &src, &dest, &[]);
    assert!(
        out.status.success(),
        "import failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, dest, out)
}
