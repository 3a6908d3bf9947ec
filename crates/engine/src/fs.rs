//! Reading text files with the path attached to every error, and a size limit.
//!
//! Every file the engine reads (programs, athlete files, training logs) goes through
//! [`read_limited`], [`is_file`] and [`canonicalize`]. Inside [`with_memory_files`] those read a
//! set of files held in memory instead of the disk: the in-browser planner (WebAssembly, with no
//! file system) plans through the same pipeline as `deload plan`, from the texts it was given.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The largest text file deload reads (content pages, site.yaml, templates, programs, athlete
/// files, training logs): 32 MiB. A larger file is an error that names it and the limit, so a
/// stray huge file cannot exhaust memory.
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a UTF-8 text file; a byte-order mark is dropped and a non-UTF-8 file is an error that
/// names the line and column of the first bad byte. Files over [`MAX_TEXT_BYTES`] are refused.
pub fn read_text(path: &Path) -> Result<String, Error> {
    text_from_bytes(path, read_limited(path)?)
}

/// Reads at most [`MAX_TEXT_BYTES`] from `path`; a larger file (or one that grows past the
/// limit while being read) is an error naming the file and the limit.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    if let Some(found) = MEMORY.with_borrow(|m| {
        m.as_ref()
            .map(|files| files.get(&lexical_normal(path)).cloned())
    }) {
        return match found {
            Some(text) if text.len() as u64 > MAX_TEXT_BYTES => Err(too_big(path)),
            Some(text) => Ok(text.into_bytes()),
            None => Err(Error::io(
                path,
                "read the file",
                &std::io::Error::from(std::io::ErrorKind::NotFound),
            )),
        };
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, "read the file", &e))?;
    let too_big = || too_big(path);
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_TEXT_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "read the file", &e))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The error for a file over [`MAX_TEXT_BYTES`].
fn too_big(path: &Path) -> Error {
    Error::new(format!(
        "the file is larger than deload's limit of {} MiB for text files",
        MAX_TEXT_BYTES / (1024 * 1024)
    ))
    .in_file(path)
    .with_hint("split it into smaller files (or move it out of the site's folders)")
}

thread_local! {
    /// The files [`with_memory_files`] set for this thread, if any.
    static MEMORY: RefCell<Option<BTreeMap<PathBuf, String>>> = const { RefCell::new(None) };
}

/// Runs `f` with `files` (path → text) standing in for the disk, on this thread: [`read_limited`],
/// [`read_text`] and [`is_file`] see only these files, and [`canonicalize`] resolves `.` and `..`
/// as written instead of following symlinks. Paths are compared after [`lexical_normal`], so
/// `programs/athletes/../x.yaml` finds the file given as `programs/x.yaml`, and the paths in
/// messages are the ones the files name each other by, as on disk. The previous files (if any)
/// are restored afterwards.
pub fn with_memory_files<R>(files: BTreeMap<PathBuf, String>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<BTreeMap<PathBuf, String>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let old = self.0.take();
            MEMORY.with_borrow_mut(|m| *m = old);
        }
    }
    let normal = files
        .into_iter()
        .map(|(p, t)| (lexical_normal(&p), t))
        .collect();
    let _restore = Restore(MEMORY.with_borrow_mut(|m| m.replace(normal)));
    f()
}

/// Whether `path` is a file: on disk, or among the [memory files](with_memory_files) when set.
pub fn is_file(path: &Path) -> bool {
    MEMORY
        .with_borrow(|m| {
            m.as_ref()
                .map(|files| files.contains_key(&lexical_normal(path)))
        })
        .unwrap_or_else(|| path.is_file())
}

/// `path` with symlinks resolved ([`std::fs::canonicalize`]); among the
/// [memory files](with_memory_files), `path` with `.` and `..` resolved as written.
pub fn canonicalize(path: &Path) -> std::io::Result<PathBuf> {
    if MEMORY.with_borrow(Option::is_some) {
        return Ok(lexical_normal(path));
    }
    std::fs::canonicalize(path)
}

/// `path` with `.` dropped and each `..` taking away the folder before it, without looking at
/// the disk (`programs/athletes/../x.yaml` → `programs/x.yaml`). A `..` with nothing before it
/// is kept.
pub fn lexical_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if !(last_is_normal && out.pop()) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Decodes bytes read from `path` as UTF-8 text (see [`read_text`]).
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let loc = crate::error::Location::from_offset(&prefix, valid);
            let binary = bytes.iter().take(8000).any(|b| *b == 0);
            let what = if binary {
                "the file is binary, not text"
            } else {
                "the file is not valid UTF-8"
            };
            Err(Error::new(what)
                .in_file(path)
                .at(loc, &prefix)
                .with_hint("save it as UTF-8 text (or move it out of the site's folders)"))
        }
    }
}
