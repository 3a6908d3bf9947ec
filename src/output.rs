//! Where rendered files go, and the atomic publish of a whole build.
//!
//! A build writes into a staging folder beside `--out`; only when every file is written is the
//! old output swapped out and the new one in. A failed or killed build leaves the old output as
//! it was. A marker file tells deload's own output apart from a folder it must not touch.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use deload_engine::error::Error;

pub(crate) use crate::render::Sink;

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
pub(crate) struct MemorySink {
    /// Path → bytes.
    pub(crate) files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        check_rel(rel)?;
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        files.insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// Writes under a folder, creating sub-folders once each.
#[derive(Debug)]
pub(crate) struct DiskSink {
    dir: PathBuf,
    made: Mutex<HashSet<PathBuf>>,
}

impl DiskSink {
    /// A sink writing under `dir` (which must exist).
    pub(crate) fn new(dir: PathBuf) -> DiskSink {
        DiskSink {
            dir,
            made: Mutex::new(HashSet::new()),
        }
    }
}

impl Sink for DiskSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.prepare(rel)?;
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, "write the file", &e))
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        let path = self.prepare(rel)?;
        // the kernel copies (copy_file_range): a large video in static/ never passes through
        // deload's memory
        std::fs::copy(from, &path)
            .map(|_| ())
            .map_err(|e| Error::io(from, "copy the file into the output", &e))
    }
}

impl DiskSink {
    /// The path for `rel`, its folder created (once per folder).
    fn prepare(&self, rel: &str) -> Result<PathBuf, Error> {
        check_rel(rel)?;
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            let known = self
                .made
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .contains(parent);
            if !known {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io(parent, "create the folder", &e))?;
                self.made
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }
}

/// Refuses output paths that could leave the output folder.
fn check_rel(rel: &str) -> Result<(), Error> {
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
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let (root_a, out_a) = (abs(root), abs(out));
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
    for src in ["content", "templates", "static", "programs"] {
        if out_a.starts_with(root_a.join(src)) {
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

/// Builds into a staging folder beside `out` with `build`, then swaps it in. On error the
/// staging folder is removed and `out` is untouched.
pub(crate) fn publish<T>(
    out: &Path,
    build: impl FnOnce(&DiskSink) -> Result<T, Vec<Error>>,
) -> Result<T, Vec<Error>> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| vec![Error::io(&parent, "create the folder", &e)])?;
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.deload-staging-{pid}"));
    let old = parent.join(format!(".{name}.deload-old-{pid}"));
    clean_leftovers(&parent, &name);
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging)
        .map_err(|e| vec![Error::io(&staging, "create the folder", &e)])?;
    let sink = DiskSink::new(staging.clone());
    let result = build(&sink).and_then(|v| {
        sink.write(
            MARKER,
            b"This folder is generated by deload; it is replaced on every build.\n",
        )
        .map_err(|e| vec![e])?;
        Ok(v)
    });
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        // Swap the new output in with one atomic exchange where the OS has it, so a kill at any
        // moment leaves either the old folder or the new one at `out`, never neither.
        if let Err(e) = exchange(&staging, out) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(vec![Error::io(out, "swap the new output into place", &e)]);
        }
        // `staging` now holds the previous output
        let _ = std::fs::rename(&staging, &old);
        let _ = std::fs::remove_dir_all(&old);
    } else if let Err(e) = std::fs::rename(&staging, out) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(vec![Error::io(out, "move the new output into place", &e)]);
    }
    Ok(value)
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
    if matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
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

/// Removes staging and old folders that a killed build left beside the output (only ours: they
/// carry our naming pattern and their process is gone).
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
        let r: Result<(), _> = publish(&out, |s| {
            s.write("a.html", b"new").map_err(|e| vec![e])?;
            Err(vec![Error::new("boom")])
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"old");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder removed");
    }
}
