//! The folder deload keeps beside the output (`.public.deload/`) can arrive with a cloned site
//! holding symlinks. A build must never follow them: it refuses with a located error and leaves
//! the folders they point at, and the output, exactly as they were.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::support::{Fixture, snapshot};

/// A folder outside the site with files of its own.
fn victim(f: &Fixture) -> PathBuf {
    let v = f.root().parent().unwrap().join(format!(
        "victim-{}",
        f.root().file_name().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(v.join("sub")).unwrap();
    std::fs::write(v.join("thesis.tex"), "years of work").unwrap();
    std::fs::write(v.join("sub/photo.jpg"), "pixels").unwrap();
    v
}

/// Builds, expecting a refusal that names `culprit`, and checks that nothing was lost.
fn refused(f: &Fixture, culprit: &Path, victim: &Path) {
    let before = snapshot(victim);
    let out_before = f.out().exists().then(|| snapshot(&f.out()));
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the build must fail:\n{stderr}");
    assert!(
        stderr.contains(&culprit.display().to_string()) || stderr.contains(".public.deload"),
        "the error names the entry:\n{stderr}"
    );
    assert!(stderr.contains("refusing"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(snapshot(victim), before, "the linked folder is untouched");
    let public = std::fs::symlink_metadata(f.out());
    assert!(
        public.is_err() || public.unwrap().is_dir(),
        "public never becomes a link"
    );
    if let Some(b) = out_before {
        assert_eq!(snapshot(&f.out()), b, "the output is as it was");
    }
    std::fs::remove_dir_all(victim).unwrap();
}

#[test]
fn a_spare_that_links_elsewhere_is_refused_before_a_first_build() {
    let f = Fixture::new("basic");
    let v = victim(&f);
    let home = f.root().join(".public.deload");
    std::fs::create_dir(&home).unwrap();
    // the repository even carries deload's own marker
    std::fs::write(
        home.join(".gitignore"),
        "# deload's spare copy of the output: never commit it\n*\n",
    )
    .unwrap();
    symlink(&v, home.join("spare")).unwrap();
    refused(&f, &home.join("spare"), &v);
}

#[test]
fn a_spare_linked_after_a_build_is_refused_and_the_output_kept() {
    let f = Fixture::new("basic");
    f.build(&[]);
    // a second build with a change, so the spare generation exists
    f.write(
        "content/blog/new.md",
        "---\ntitle: New\ndate: 2026-05-01\n---\nText.\n",
    );
    f.build(&[]);
    f.write(
        "content/blog/newer.md",
        "---\ntitle: Newer\ndate: 2026-05-02\n---\nText.\n",
    );
    let v = victim(&f);
    let spare = f.root().join(".public.deload/spare");
    std::fs::remove_dir_all(&spare).unwrap();
    symlink(&v, &spare).unwrap();
    refused(&f, &spare, &v);
}

#[test]
fn a_linked_home_folder_is_refused() {
    let f = Fixture::new("basic");
    let v = victim(&f);
    std::fs::create_dir(v.join("spare")).unwrap();
    std::fs::write(v.join("spare/letter.txt"), "dear").unwrap();
    let home = f.root().join(".public.deload");
    symlink(&v, &home).unwrap();
    refused(&f, &home, &v);
}

#[test]
fn linked_records_are_never_written_through() {
    let f = Fixture::new("basic");
    f.build(&[]);
    f.write(
        "content/blog/new.md",
        "---\ntitle: New\ndate: 2026-05-01\n---\nText.\n",
    );
    let v = victim(&f);
    for name in ["facts", "fresh", "lock"] {
        let p = f.root().join(".public.deload").join(name);
        let _ = std::fs::remove_file(&p);
        symlink(v.join("thesis.tex"), &p).unwrap();
        let before = snapshot(&v);
        let out = f.run(&["build"]);
        assert!(!out.status.success(), "{name}: the build must refuse");
        assert_eq!(snapshot(&v), before, "{name}: the linked file is untouched");
        std::fs::remove_file(&p).unwrap();
    }
    std::fs::remove_dir_all(&v).unwrap();
    // with the links gone the build works again
    f.build(&[]);
    assert!(f.read_out("blog/new/index.html").contains("Text."));
}
