//! Where rendered files go, and the atomic publish of a whole build.
//!
//! The output folder has a spare twin in a hidden folder beside it (`.NAME.deload/spare`): the
//! generation before the current one. A build writes into the spare, reusing its folders and
//! files, and swaps it with the output in one atomic exchange only when every file is in place
//! ([`stager`], [`finish`]); a build whose files are all unchanged swaps nothing. A failed or
//! killed build leaves the output as it was. The output's marker file records what deload wrote
//! ([`record`]), which tells deload's own files apart from ones it must not touch.

mod finish;
pub(crate) mod home;
mod listing;
pub(crate) mod record;
mod relative;
mod stager;
mod tree;

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use deload_engine::error::Error;

pub(crate) use deload_render::Sink;
pub(crate) use relative::RelativeUrls;
pub use stager::Publication;
pub(crate) use stager::Stager;

/// The file that marks a folder as deload's output.
pub(crate) const MARKER: &str = ".deload-output";

/// Writes nothing (for `deload check`).
#[derive(Debug, Default)]
pub(crate) struct NullSink;

impl Sink for NullSink {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> Result<(), Error> {
        Ok(())
    }
}

/// Keeps files in memory (tests, serve).
#[derive(Debug, Default)]
pub struct MemorySink {
    /// Path → bytes.
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        check_rel(rel)?;
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Refuses output paths that could leave the output folder.
pub(crate) fn check_rel(rel: &str) -> Result<(), Error> {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel
            .split('/')
            .any(|s| s.is_empty() || s == ".." || s == ".")
        || rel.chars().any(char::is_control);
    if bad {
        return Err(Error::new(format!(
            "refusing to write `{rel}`: it is not a plain path inside the output folder"
        ))
        .with_hint("slugs, aliases and file names must stay inside the site"));
    }
    Ok(())
}

/// Checks that `out` may be (re)placed by a build of the site at `root`: not the root itself,
/// not a folder holding the root, not inside the site's sources, and, if it exists and is not
/// empty, marked as deload's output.
pub(crate) fn check_out_dir(root: &Path, out: &Path) -> Result<(), Error> {
    // compared with symlinks resolved: `--out` may reach content/ through a link
    let (root_a, out_a) = (resolve(root), resolve(out));
    let refuse = |why: String| {
        Err(
            Error::new(format!("refusing to build into {}: {why}", out.display()))
                .in_file(out)
                .with_hint("choose another --out, for example `public`"),
        )
    };
    if out_a == root_a || root_a.starts_with(&out_a) {
        return refuse("it is the site root or contains it".into());
    }
    if std::env::current_dir().is_ok_and(|cwd| resolve(&cwd).starts_with(&out_a)) {
        // the build swaps the whole folder: the current folder would become the old generation
        return refuse(
            "it is the current folder or contains it (run deload from outside it)".into(),
        );
    }
    for src in ["content", "templates", "static", "programs", "sass"] {
        // a source folder may itself be a link to a folder elsewhere
        if out_a.starts_with(root_a.join(src)) || out_a.starts_with(resolve(&root.join(src))) {
            return refuse(format!("it is inside the site's {src}/ folder"));
        }
    }
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => refuse("it exists and is not a folder".into()),
        Ok(_) => {
            let mut entries =
                std::fs::read_dir(out).map_err(|e| Error::io(out, "read the folder", &e))?;
            if entries.next().is_none() || out.join(MARKER).is_file() {
                Ok(())
            } else {
                refuse(format!(
                    "it is not empty and was not created by deload (no {MARKER} file in it)"
                ))
            }
        }
    }
}

/// Lexically resolves `.` and `..` (the folder may not exist yet).
/// `p` made absolute with every symlink resolved: the longest part of it that exists is
/// canonicalised, and the rest (which does not exist yet, so holds no links) is added to it with
/// `.` and `..` resolved by name.
fn resolve(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut out = real;
            out.extend(rest.iter().rev());
            return normalize(&out);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            // the root itself, or `..` after a part that does not exist: `..` can only climb
            // the part named, so it is resolved by name first
            _ => {
                let named = normalize(&abs);
                return if named == abs { named } else { resolve(&named) };
            }
        }
    }
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The folder beside the output that holds its spare generation and the build lock.
pub(crate) fn home_of(out: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(out);
    parent.join(format!(".{name}.deload"))
}

fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// Builds into the spare generation beside `out` with `build`, then swaps it in (see the
/// module documentation). On error `out` is untouched.
pub(crate) fn publish<T>(
    out: &Path,
    build: impl FnOnce(&Stager) -> Result<T, Vec<Error>>,
) -> Result<(T, Publication), Vec<Error>> {
    let (parent, name) = parent_and_name(out);
    let home = home_of(out);
    let _lock = prepare_home(&home).map_err(|e| vec![e])?;
    clean_leftovers(&parent, &name);
    let stager = Stager::open(out, &home).map_err(|e| vec![e])?;
    let value = build(&stager)?;
    let publication = stager.finish().map_err(|e| vec![e])?;
    Ok((value, publication))
}

/// Creates the spare's folder (ignored by git) and takes its lock: one build at a time per
/// output; a second one waits.
fn prepare_home(home: &Path) -> Result<File, Error> {
    home::prepare(home)?;
    let path = home.join("lock");
    let lock = home::open_no_follow(
        &path,
        File::options().create(true).truncate(false).write(true),
    )
    .map_err(|e| Error::io(&path, "open the lock file", &e))?;
    wait_for_lock(&lock).map_err(|e| Error::io(&path, "lock the output", &e))?;
    // a build that held the lock may have changed the folder: look again, with the lock held
    home::verify(home)?;
    Ok(lock)
}

/// Holds an exclusive lock on `file` until it is closed (or the process ends, killed or not).
#[cfg(target_os = "linux")]
fn wait_for_lock(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: a valid open file descriptor; flock takes no pointers.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn wait_for_lock(_: &File) -> std::io::Result<()> {
    Ok(())
}

/// Atomically exchanges two paths (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves them like rename(2).
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    // file systems without RENAME_EXCHANGE (EINVAL/ENOSYS): fall back to two renames
    if matches!(err.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
        return exchange_by_renames(a, b);
    }
    Err(err)
}

/// Exchanges two paths with two renames (not atomic: a kill between them leaves `b` missing
/// until the next build restores it from the `old` folder).
#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    exchange_by_renames(a, b)
}

fn exchange_by_renames(a: &Path, b: &Path) -> std::io::Result<()> {
    let tmp = a.with_extension("deload-swap");
    std::fs::rename(b, &tmp)?;
    if let Err(e) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&tmp, b);
        return Err(e);
    }
    std::fs::rename(&tmp, a)
}

/// Removes staging and old folders that a build of an older deload, killed, left beside the
/// output (only ours: they carry its naming pattern and their process is gone).
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let fname = entry.file_name();
        let Some(f) = fname.to_str() else { continue };
        for kind in ["staging", "old"] {
            let prefix = format!(".{name}.deload-{kind}-");
            if let Some(pid) = f.strip_prefix(&prefix).and_then(|p| p.parse::<u32>().ok())
                && !Path::new(&format!("/proc/{pid}")).exists()
                && let Ok(meta) = std::fs::symlink_metadata(entry.path())
                && home::check_kind(&entry.path(), &meta, true).is_ok()
            {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rel_paths_cannot_escape() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "a//b", "", "a\\b"] {
            assert!(check_rel(bad).is_err(), "{bad}");
        }
        assert!(check_rel("guidance/sleep/index.html").is_ok());
    }

    #[test]
    fn out_dir_rules() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_out_dir(root, root).is_err());
        assert!(check_out_dir(root, &root.join("content/out")).is_err());
        assert!(check_out_dir(root, &root.join("public")).is_ok());
        let cwd = std::env::current_dir().unwrap();
        assert!(check_out_dir(root, &cwd).is_err(), "the current folder");
        assert!(check_out_dir(root, Path::new(".")).is_err());
        std::fs::create_dir_all(root.join("mine")).unwrap();
        std::fs::write(root.join("mine/keep.txt"), "x").unwrap();
        assert!(check_out_dir(root, &root.join("mine")).is_err());
        std::fs::write(root.join("mine").join(MARKER), "").unwrap();
        assert!(check_out_dir(root, &root.join("mine")).is_ok());
    }

    #[test]
    fn failed_publish_keeps_old_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        publish(&out, |s| s.write("a.html", b"old").map_err(|e| vec![e])).unwrap();
        let r: Result<((), Publication), _> = publish(&out, |s| {
            s.write("a.html", b"new").map_err(|e| vec![e])?;
            Err(vec![Error::new("boom")])
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"old");
        let mut beside: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            [".public.deload", "public"],
            "only the output and its spare"
        );
    }
}
