//! Writing files and walking folders, with the path attached to every error. Reading text
//! files is [`deload_engine::fs`], re-exported here so the site has one `fs` module.

use std::collections::HashSet;
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

/// The most entries (files and folders) one [`walk_tree`] lists: far above any real site
/// (Hugo's documentation has about 2,000), and a bound on what a hostile tree of links costs.
pub(crate) const MAX_WALK_ENTRIES: usize = 1_000_000;

/// What [`walk_tree`] found.
#[derive(Debug, Default)]
pub struct Tree {
    /// Regular files as `(relative path with '/', path)`, sorted.
    pub files: Vec<(String, PathBuf)>,
    /// Symlinks whose target is outside the walked folder: not followed, never read.
    pub outside: Vec<PathBuf>,
    /// Symlinks to a folder that the walk had already read (through its own path or another
    /// link): not read again, so a tree of links costs each real folder once.
    pub(crate) repeated: Vec<PathBuf>,
    /// Everything that could not be read (every error is collected; the walk goes on).
    pub errors: Vec<Error>,
}

impl Tree {
    /// The warnings for the links the walk of `folder` did not follow.
    pub(crate) fn link_warnings(&self, folder: &str) -> Vec<Error> {
        let outside = self.outside.iter().map(move |l| outside_warning(l, folder));
        let repeated = self.repeated.iter().map(move |l| {
            Error::new(format!(
                "skipped: this symlink leads to a folder of {folder}/ that was already read"
            ))
            .in_file(l)
            .with_hint("each folder is read once; remove the link, or make it a folder of its own")
        });
        outside.chain(repeated).collect()
    }
}

/// Every regular file under `dir`, following symlinks that stay inside `dir`. Editor backups
/// (`*~`) are skipped, and hidden names (`.x`) too when `skip_hidden`. A symlink that leads
/// outside `dir` is listed in [`Tree::outside`] and not followed, so nothing outside the site is
/// ever read through one. Each real folder (by device and inode) is read once: real folders
/// first, then the symlinked folders in name order, and a link to a folder already read is
/// listed in [`Tree::repeated`]. A symlink back to a folder that contains it, a dangling
/// symlink, an unreadable entry, a non-UTF-8 name or more than [`MAX_WALK_ENTRIES`] entries is an
/// error.
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
    let mut walker = Walker {
        base: dir,
        base_real: &base_real,
        skip_hidden,
        seen: HashSet::new(),
        links: Vec::new(),
        entries: 0,
        tree,
    };
    walker.dir(dir, 0);
    // links to folders after every real folder, shallowest and then by name, until none is left
    while !walker.links.is_empty() {
        let mut links = std::mem::take(&mut walker.links);
        links.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        for (link, depth) in links {
            walker.link(&link, depth);
        }
    }
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
    /// The folders read so far, by device and inode.
    seen: HashSet<(u64, u64)>,
    /// Symlinks to folders found so far and not yet followed, with their depth.
    links: Vec<(PathBuf, usize)>,
    /// Entries listed so far.
    entries: usize,
    /// What was found so far.
    tree: Tree,
}

impl Walker<'_> {
    /// Walks `dir` (`depth` folders below the base) and every real folder under it.
    fn dir(&mut self, dir: &Path, depth: usize) {
        let Some(entries) = self.open(dir, depth) else {
            return;
        };
        for entry in entries {
            match entry {
                Ok(e) => self.entry(&e, depth),
                Err(e) => self.tree.errors.push(Error::io(dir, "read the folder", &e)),
            }
        }
    }

    /// Follows the symlink `link` to a folder: a loop is an error, a folder already read a
    /// warning, any other folder is walked.
    fn link(&mut self, link: &Path, depth: usize) {
        let (Ok(target), Ok(at)) = (
            link.canonicalize(),
            link.parent().map_or(Ok(PathBuf::new()), Path::canonicalize),
        ) else {
            self.tree
                .errors
                .push(Error::new("cannot read the folder").in_file(link));
            return;
        };
        if at.starts_with(&target) {
            self.tree.errors.push(
                Error::new("a symlink loop: this folder links back to a folder that contains it")
                    .in_file(link)
                    .with_hint("remove the symlink"),
            );
        } else if std::fs::metadata(link).is_ok_and(|m| self.seen.contains(&identity(&m))) {
            self.tree.repeated.push(link.to_path_buf());
        } else {
            self.dir(link, depth);
        }
    }

    /// `dir`'s entries, unless it cannot be read, was read already or lies too deep (an error
    /// each but the second).
    fn open(&mut self, dir: &Path, depth: usize) -> Option<std::fs::ReadDir> {
        let errors = &mut self.tree.errors;
        let meta = match std::fs::metadata(dir) {
            Ok(m) => m,
            Err(e) => {
                errors.push(Error::io(dir, "read the folder", &e));
                return None;
            }
        };
        if !self.seen.insert(identity(&meta)) {
            self.tree.repeated.push(dir.to_path_buf());
            return None;
        }
        if depth >= MAX_DEPTH {
            errors.push(
                Error::new("folders are nested too deeply")
                    .in_file(dir)
                    .with_hint(format!("flatten them (at most {MAX_DEPTH} levels)")),
            );
            return None;
        }
        match std::fs::read_dir(dir) {
            Ok(entries) => Some(entries),
            Err(e) => {
                errors.push(Error::io(dir, "read the folder", &e));
                None
            }
        }
    }

    /// One folder entry: a file is listed, a folder walked, a symlink followed only when it
    /// stays inside the walked folder (a symlinked folder after every real one).
    fn entry(&mut self, entry: &std::fs::DirEntry, depth: usize) {
        let path = entry.path();
        self.entries += 1;
        if self.entries == MAX_WALK_ENTRIES + 1 {
            self.tree.errors.push(
                Error::new(format!(
                    "more than {MAX_WALK_ENTRIES} files and folders under {}",
                    self.base.display()
                ))
                .in_file(&path)
                .with_hint(
                    "a site this large is not supported; look for links that repeat folders",
                ),
            );
        }
        if self.entries > MAX_WALK_ENTRIES {
            return;
        }
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
        let link = file_type.as_ref().is_ok_and(std::fs::FileType::is_symlink);
        if link {
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
            Ok((true, _)) if link => self.links.push((path, depth + 1)),
            Ok((true, _)) => self.dir(&path, depth + 1),
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

/// A folder's identity: its device and inode.
#[cfg(unix)]
fn identity(m: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (m.dev(), m.ino())
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

/// The warning for a symlink that leads out of the folder it is in.
pub(crate) fn outside_warning(link: &Path, folder: &str) -> Error {
    Error::new(format!("skipped: this symlink leads outside {folder}/"))
        .in_file(link)
        .with_hint("deload reads nothing outside the site's folders; copy the file in instead")
}
