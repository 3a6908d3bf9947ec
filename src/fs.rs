//! Writing files and walking folders, with the path attached to every error. Reading text
//! files is [`deload_engine::fs`], re-exported here so the site has one `fs` module.

use std::path::Path;

use deload_engine::Error;
pub use deload_engine::fs::{MAX_TEXT_BYTES, read_limited, read_text, text_from_bytes};

/// Writes `bytes` to `path`, creating parent folders.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create the folder", &e))?;
    }
    std::fs::write(path, bytes).map_err(|e| Error::io(path, "write the file", &e))
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a rename. A failure
/// leaves any previous file untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.deload-tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, "write the file", &e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, "replace the file", &e)
    })
}

/// The deepest folder nesting [`walk_tree`] follows.
pub const MAX_DEPTH: usize = 64;

/// What [`walk_tree`] found.
#[derive(Debug, Default)]
pub struct Tree {
    /// Regular files as `(relative path with '/', path)`, sorted.
    pub files: Vec<(String, std::path::PathBuf)>,
    /// Symlinks whose target is outside the walked folder: not followed, never read.
    pub outside: Vec<std::path::PathBuf>,
    /// Everything that could not be read (every error is collected; the walk goes on).
    pub errors: Vec<Error>,
}

/// Every regular file under `dir`, following symlinks that stay inside `dir`. Editor backups
/// (`*~`) are skipped, and hidden names (`.x`) too when `skip_hidden`. A symlink that leads
/// outside `dir` is listed in [`Tree::outside`] and not followed, so nothing outside the site is
/// ever read through one. A symlink back to a folder being walked, a dangling symlink, an
/// unreadable entry or a non-UTF-8 name is an error.
pub fn walk_tree(dir: &Path, skip_hidden: bool) -> Tree {
    let mut tree = Tree::default();
    let Ok(base_real) = dir.canonicalize() else {
        tree.errors.push(
            Error::new("cannot read the folder")
                .in_file(dir)
                .with_hint("check that it exists"),
        );
        return tree;
    };
    let mut ancestors = Vec::new();
    walk_dir(dir, &base_real, dir, skip_hidden, &mut ancestors, &mut tree);
    tree.files.sort();
    tree
}

fn walk_dir(
    base: &Path,
    base_real: &Path,
    dir: &Path,
    skip_hidden: bool,
    ancestors: &mut Vec<std::path::PathBuf>,
    tree: &mut Tree,
) {
    let canonical = match dir.canonicalize() {
        Ok(c) => c,
        Err(e) => {
            tree.errors.push(Error::io(dir, "read the folder", &e));
            return;
        }
    };
    if ancestors.contains(&canonical) {
        tree.errors.push(
            Error::new("a symlink loop: this folder links back to a folder that contains it")
                .in_file(dir)
                .with_hint("remove the symlink"),
        );
        return;
    }
    if ancestors.len() >= MAX_DEPTH {
        tree.errors.push(
            Error::new("folders are nested too deeply")
                .in_file(dir)
                .with_hint(format!("flatten them (at most {MAX_DEPTH} levels)")),
        );
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            tree.errors.push(Error::io(dir, "read the folder", &e));
            return;
        }
    };
    ancestors.push(canonical);
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                tree.errors.push(Error::io(dir, "read the folder", &e));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            tree.errors.push(
                Error::new("file name is not valid UTF-8")
                    .in_file(&path)
                    .with_hint("rename it using UTF-8 characters"),
            );
            continue;
        };
        if name.ends_with('~') || (skip_hidden && name.starts_with('.')) {
            continue;
        }
        let file_type = entry.file_type();
        if file_type.as_ref().is_ok_and(|t| t.is_symlink()) {
            match path.canonicalize() {
                Ok(real) if !real.starts_with(base_real) => {
                    tree.outside.push(path);
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    tree.errors.push(Error::io(&path, "read", &e));
                    continue;
                }
            }
        }
        // the type the folder listing gives needs no system call; a symlink is followed
        let kind = match file_type {
            Ok(t) if !t.is_symlink() => Ok((t.is_dir(), t.is_file())),
            _ => std::fs::metadata(&path).map(|m| (m.is_dir(), m.is_file())),
        };
        match kind {
            Ok((true, _)) => walk_dir(base, base_real, &path, skip_hidden, ancestors, tree),
            Ok((_, true)) => {
                let rel = path.strip_prefix(base).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                tree.files.push((rel, path));
            }
            Ok(_) => {}
            Err(e) => tree.errors.push(Error::io(&path, "read", &e)),
        }
    }
    ancestors.pop();
}

/// The warning for a symlink that leads out of the folder it is in.
pub fn outside_warning(link: &Path, folder: &str) -> Error {
    Error::new(format!("skipped: this symlink leads outside {folder}/"))
        .in_file(link)
        .with_hint("deload reads nothing outside the site's folders; copy the file in instead")
}
