//! What a folder holds: every entry under it with its inode, read from the folder listings
//! alone (no `stat` per file), folders on all cores.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// An entry found under a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Node {
    /// Inode number (0 where the OS does not give one).
    pub ino: u64,
    /// A folder (not followed if it is a symlink).
    pub dir: bool,
}

/// Every entry under `root`, keyed by its path relative to `root`. Folders that cannot be read
/// are an error.
pub(crate) fn walk(root: &Path) -> std::io::Result<HashMap<PathBuf, Node>> {
    let mut all = HashMap::new();
    walk_into(root, Path::new(""), &mut all)?;
    Ok(all)
}

fn walk_into(root: &Path, rel: &Path, all: &mut HashMap<PathBuf, Node>) -> std::io::Result<()> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let path = rel.join(entry.file_name());
        let node = Node {
            ino: ino(&entry),
            dir: entry.file_type()?.is_dir(),
        };
        if node.dir {
            dirs.push(path.clone());
        }
        all.insert(path, node);
    }
    let below: Vec<std::io::Result<HashMap<PathBuf, Node>>> = dirs
        .par_iter()
        .map(|d| {
            let mut sub = HashMap::new();
            walk_into(root, d, &mut sub).map(|()| sub)
        })
        .collect();
    for sub in below {
        all.extend(sub?);
    }
    Ok(())
}

#[cfg(unix)]
fn ino(entry: &std::fs::DirEntry) -> u64 {
    std::os::unix::fs::DirEntryExt::ino(entry)
}

#[cfg(not(unix))]
fn ino(_: &std::fs::DirEntry) -> u64 {
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
    fn walks_every_entry_with_its_kind() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/f.html"), "x").unwrap();
        std::fs::write(dir.path().join("top.txt"), "y").unwrap();
        let all = walk(dir.path()).unwrap();
        assert_eq!(all.len(), 4);
        assert!(all[Path::new("a/b")].dir);
        assert!(!all[Path::new("a/b/f.html")].dir);
        assert_ne!(all[Path::new("top.txt")].ino, 0);
    }

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
