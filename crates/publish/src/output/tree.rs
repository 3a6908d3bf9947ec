//! An entry of an output tree (see `listing` for the walk), and the folders above paths.

use std::path::{Path, PathBuf};

/// An entry found under a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    /// Inode number (0 where the OS does not give one).
    pub ino: u64,
    /// A folder (not followed if it is a symlink).
    pub dir: bool,
    /// A regular file (not a symlink, FIFO, socket or device).
    pub file: bool,
}

#[cfg(unix)]
pub(super) fn ino(entry: &std::fs::DirEntry) -> u64 {
    std::os::unix::fs::DirEntryExt::ino(entry)
}

#[cfg(not(unix))]
pub(super) fn ino(_: &std::fs::DirEntry) -> u64 {
    0
}

/// Every folder that holds one of `paths` (at any depth), as relative paths.
pub(crate) fn ancestors<'a>(
    paths: impl Iterator<Item = &'a Path>,
) -> std::collections::HashSet<PathBuf> {
    let mut out = std::collections::HashSet::new();
    for p in paths {
        let mut cur = p.parent();
        while let Some(d) = cur.filter(|d| !d.as_os_str().is_empty()) {
            if !out.insert(d.to_path_buf()) {
                break;
            }
            cur = d.parent();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_of_nested_paths() {
        let paths = [
            PathBuf::from("a/b/c.html"),
            PathBuf::from("a/d.html"),
            PathBuf::from("e"),
        ];
        let a = ancestors(paths.iter().map(PathBuf::as_path));
        assert_eq!(a.len(), 2);
        assert!(a.contains(Path::new("a")) && a.contains(Path::new("a/b")));
    }
}
