//! Writing files and walking folders, with the path attached to every error. Reading text
//! files is [`deload_engine::fs`], re-exported here so the site has one `fs` module.

use std::path::{Path, PathBuf};

use deload_engine::Error;
pub use deload_engine::fs::{MAX_TEXT_BYTES, read_text};

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
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.deload-tmp-{}", std::process::id()));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, "write the file", &e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, "replace the file", &e)
    })
}

/// The deepest folder nesting [`walk_tree`] follows.
pub(crate) const MAX_DEPTH: usize = 64;

/// What [`walk_tree`] found.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// Regular files as `(relative path with '/', path)`, sorted.
    pub(crate) files: Vec<(String, PathBuf)>,
    /// Symlinks whose target is outside the walked folder: not followed, never read.
    pub(crate) outside: Vec<PathBuf>,
    /// Everything that could not be read (every error is collected; the walk goes on).
    pub(crate) errors: Vec<Error>,
}

/// Every regular file under `dir`, following symlinks that stay inside `dir`. Editor backups
/// (`*~`) are skipped, and hidden names (`.x`) too when `skip_hidden`. A symlink that leads
/// outside `dir` is listed in [`Tree::outside`] and not followed, so nothing outside the site is
/// ever read through one. A symlink back to a folder being walked, a dangling symlink, an
/// unreadable entry or a non-UTF-8 name is an error.
pub(crate) fn walk_tree(dir: &Path, skip_hidden: bool) -> Tree {
    let mut tree = Tree::default();
    let Ok(base_real) = dir.canonicalize() else {
        tree.errors.push(
            Error::new("cannot read the folder")
                .in_file(dir)
                .with_hint("check that it exists"),
        );
        return tree;
    };
    let mut walker = Walker {
        base: dir,
        base_real: &base_real,
        skip_hidden,
        ancestors: Vec::new(),
        tree,
    };
    walker.dir(dir);
    let mut tree = walker.tree;
    tree.files.sort();
    tree
}

/// One walk of [`walk_tree`].
struct Walker<'a> {
    /// The folder walked.
    base: &'a Path,
    /// Its real path, which symlinks must stay inside.
    base_real: &'a Path,
    /// Skip hidden names (`.x`).
    skip_hidden: bool,
    /// The real paths of the folders being walked, outermost first (for loops and depth).
    ancestors: Vec<PathBuf>,
    /// What was found so far.
    tree: Tree,
}

impl Walker<'_> {
    /// Walks `dir` and every folder under it.
    fn dir(&mut self, dir: &Path) {
        let Some((canonical, entries)) = self.open(dir) else {
            return;
        };
        self.ancestors.push(canonical);
        for entry in entries {
            match entry {
                Ok(e) => self.entry(&e),
                Err(e) => self.tree.errors.push(Error::io(dir, "read the folder", &e)),
            }
        }
        self.ancestors.pop();
    }

    /// `dir`'s real path and entries, unless it cannot be read, loops back to a folder being
    /// walked or lies too deep (an error each).
    fn open(&mut self, dir: &Path) -> Option<(PathBuf, std::fs::ReadDir)> {
        let errors = &mut self.tree.errors;
        let canonical = match dir.canonicalize() {
            Ok(c) => c,
            Err(e) => {
                errors.push(Error::io(dir, "read the folder", &e));
                return None;
            }
        };
        if self.ancestors.contains(&canonical) {
            errors.push(
                Error::new("a symlink loop: this folder links back to a folder that contains it")
                    .in_file(dir)
                    .with_hint("remove the symlink"),
            );
            return None;
        }
        if self.ancestors.len() >= MAX_DEPTH {
            errors.push(
                Error::new("folders are nested too deeply")
                    .in_file(dir)
                    .with_hint(format!("flatten them (at most {MAX_DEPTH} levels)")),
            );
            return None;
        }
        match std::fs::read_dir(dir) {
            Ok(entries) => Some((canonical, entries)),
            Err(e) => {
                errors.push(Error::io(dir, "read the folder", &e));
                None
            }
        }
    }

    /// One folder entry: a file is listed, a folder walked, a symlink followed only when it
    /// stays inside the walked folder.
    fn entry(&mut self, entry: &std::fs::DirEntry) {
        let path = entry.path();
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            self.tree.errors.push(
                Error::new("file name is not valid UTF-8")
                    .in_file(&path)
                    .with_hint("rename it using UTF-8 characters"),
            );
            return;
        };
        if name.ends_with('~') || (self.skip_hidden && name.starts_with('.')) {
            return;
        }
        let file_type = entry.file_type();
        if file_type.as_ref().is_ok_and(std::fs::FileType::is_symlink) {
            match path.canonicalize() {
                Ok(real) if !real.starts_with(self.base_real) => {
                    self.tree.outside.push(path);
                    return;
                }
                Ok(_) => {}
                Err(e) => {
                    self.tree.errors.push(Error::io(&path, "read", &e));
                    return;
                }
            }
        }
        // the type the folder listing gives needs no system call; a symlink is followed
        let kind = match file_type {
            Ok(t) if !t.is_symlink() => Ok((t.is_dir(), t.is_file())),
            _ => std::fs::metadata(&path).map(|m| (m.is_dir(), m.is_file())),
        };
        match kind {
            Ok((true, _)) => self.dir(&path),
            Ok((_, true)) => {
                let rel = path.strip_prefix(self.base).unwrap_or(&path);
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                self.tree.files.push((rel, path));
            }
            Ok(_) => {}
            Err(e) => self.tree.errors.push(Error::io(&path, "read", &e)),
        }
    }
}

/// The warning for a symlink that leads out of the folder it is in.
pub(crate) fn outside_warning(link: &Path, folder: &str) -> Error {
    Error::new(format!("skipped: this symlink leads outside {folder}/"))
        .in_file(link)
        .with_hint("deload reads nothing outside the site's folders; copy the file in instead")
}
