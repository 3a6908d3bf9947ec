//! Hostile inputs of the third round of attacks: trees of links that would multiply a walk,
//! data files that are not files, and sources that would collide with deload's own output.

use std::path::Path;

use crate::support::{Fixture, snapshot};

/// Makes `levels` real folders under `dir`, each holding two links to the next one, and a file
/// in the last: walked naively, the file is reached 2^levels times.
#[cfg(unix)]
fn doubling_links(dir: &Path, levels: usize, file: (&str, &str)) {
    for i in 0..levels {
        std::fs::create_dir_all(dir.join(format!("d{i}"))).unwrap();
    }
    for i in 0..levels - 1 {
        for link in ["a", "b"] {
            std::os::unix::fs::symlink(
                dir.join(format!("d{}", i + 1)),
                dir.join(format!("d{i}/{link}")),
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join(format!("d{}/{}", levels - 1, file.0)), file.1).unwrap();
}

/// Folders that link twice to the next (no loop) cost each real folder once: the file is
/// published once, and each repeated link is a warning rather than a doubling.
#[cfg(unix)]
#[test]
fn trees_of_links_are_walked_once_per_real_folder() {
    let f = Fixture::new("basic");
    doubling_links(&f.root().join("static/tree"), 22, ("photo.txt", "pixels"));
    doubling_links(
        &f.root().join("content/tree"),
        22,
        ("leaf.md", "---\ntitle: Leaf\n---\nThe leaf.\n"),
    );
    let out = f.build(&[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("already read"),
        "repeated links are warned about:\n{stderr}"
    );
    let files = snapshot(&f.out());
    let photos = files
        .iter()
        .filter(|(p, _)| p.ends_with("photo.txt"))
        .count();
    let leaves = files
        .iter()
        .filter(|(p, _)| p.ends_with("leaf/index.html"))
        .count();
    assert_eq!(photos, 1, "one copy of the static file");
    assert_eq!(leaves, 1, "one page for the leaf");
    assert!(f.out().join("tree/d21/photo.txt").is_file());
    // deterministic: the real folder's path wins, never a link's
    assert!(!f.out().join("tree/d0/a").exists());
}
