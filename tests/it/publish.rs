//! Publishing over an existing output: unchanged files are not rewritten, changed ones are,
//! stale ones go, files put into the output by hand stay, and the spare generation beside the
//! output never holds more than the site once more.
use std::collections::{BTreeMap, HashMap};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::support::{Fixture, snapshot};

/// Each file's identity: inode and modification time (seconds, nanoseconds).
type Ids = BTreeMap<PathBuf, (u64, i64, i64)>;

/// Every file (and symlink) under `dir` with its inode and modification time.
fn ids(dir: &Path) -> Ids {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, d: &Path, out: &mut Ids) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let m = std::fs::symlink_metadata(e.path()).unwrap();
            if m.is_dir() {
                walk(base, &e.path(), out);
            } else {
                let rel = e.path().strip_prefix(base).unwrap().to_path_buf();
                out.insert(rel, (m.ino(), m.mtime(), m.mtime_nsec()));
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

fn spare(f: &Fixture) -> PathBuf {
    f.root().join(".public.deload/spare")
}

/// `deload build -v EXTRA`'s line about the output folder.
fn build_line(f: &Fixture, extra: &[&str]) -> String {
    let mut args = vec!["-v"];
    args.extend_from_slice(extra);
    let out = f.build(&args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    stdout
        .lines()
        .find(|l| l.contains(" files: "))
        .unwrap_or_else(|| panic!("no publication line in:\n{stdout}"))
        .to_string()
}

/// Files whose inode or modification time differ between two listings of the same paths.
fn touched(before: &Ids, after: &Ids) -> Vec<PathBuf> {
    after
        .iter()
        .filter(|(p, id)| before.get(*p) != Some(id))
        .map(|(p, _)| p.clone())
        .collect()
}

/// Files whose bytes differ between two snapshots (or that only one has).
fn changed(before: &[(PathBuf, Vec<u8>)], after: &[(PathBuf, Vec<u8>)]) -> Vec<PathBuf> {
    let old: HashMap<&PathBuf, &Vec<u8>> = before.iter().map(|(p, b)| (p, b)).collect();
    let mut out: Vec<PathBuf> = after
        .iter()
        .filter(|(p, b)| old.get(p) != Some(&b))
        .map(|(p, _)| p.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn a_no_op_rebuild_rewrites_nothing() {
    let f = Fixture::new("basic");
    f.build(&[]);
    // a changed build, so the spare holds a whole generation too
    f.write("content/about.md", "---\ntitle: About us\n---\nNew text.\n");
    f.build(&[]);
    let before = ids(&f.out());
    let bytes = snapshot(&f.out());
    let out_dir = std::fs::metadata(f.out()).unwrap().ino();
    let spare_before = ids(&spare(&f));
    // forced: without --force a build with nothing changed is "up to date" and publishes nothing
    let line = build_line(&f, &["--force"]);
    assert!(
        line.contains(": 0 written") && line.contains("nothing changed"),
        "{line}"
    );
    assert_eq!(ids(&f.out()), before, "no file was rewritten or replaced");
    assert_eq!(snapshot(&f.out()), bytes);
    assert_eq!(
        std::fs::metadata(f.out()).unwrap().ino(),
        out_dir,
        "the same folder"
    );
    assert_eq!(ids(&spare(&f)), spare_before, "nor was the spare touched");
}

#[test]
fn a_changed_page_rewrites_only_the_files_whose_bytes_changed() {
    let f = Fixture::new("basic");
    f.build(&[]);
    // a second generation, so the spare holds a whole one too
    f.build(&["--force"]);
    let page = f.root().join("content/blog/second.md");
    let text = std::fs::read_to_string(&page).unwrap();

    // a body edit: the page (and whatever shows its text) changes, nothing else is touched
    let (ids0, snap0) = (ids(&f.out()), snapshot(&f.out()));
    std::fs::write(&page, text.replace("Protein and", "Protein, water and")).unwrap();
    let line = build_line(&f, &[]);
    let (ids1, snap1) = (ids(&f.out()), snapshot(&f.out()));
    let rewritten = touched(&ids0, &ids1);
    assert_eq!(rewritten, changed(&snap0, &snap1), "{line}");
    assert!(
        rewritten.contains(&PathBuf::from("blog/second/index.html")),
        "{rewritten:?}"
    );
    assert!(rewritten.len() < ids1.len() / 4, "{rewritten:?}");
    assert!(
        f.read_out("blog/second/index.html")
            .contains("Protein, water and")
    );
    assert!(
        line.contains(&format!(": {} written", rewritten.len())),
        "{line}"
    );

    // a title edit: the page and the listings that show the title
    std::fs::write(
        &page,
        text.replace("title: \"Second post\"", "title: \"Second, retitled\""),
    )
    .unwrap();
    f.build(&[]);
    let (ids2, snap2) = (ids(&f.out()), snapshot(&f.out()));
    let rewritten = touched(&ids1, &ids2);
    assert_eq!(rewritten, changed(&snap1, &snap2));
    for listing in [
        "blog/index.html",
        "tags/sleep/index.html",
        "blog/second/index.html",
    ] {
        assert!(
            rewritten.contains(&PathBuf::from(listing)),
            "{listing}: {rewritten:?}"
        );
        assert!(
            f.read_out(listing).contains("Second, retitled"),
            "{listing}"
        );
    }
    assert!(!rewritten.contains(&PathBuf::from("about/index.html")));
    assert!(!rewritten.contains(&PathBuf::from("img/logo.txt")));

    // back to the first version: every file with the same bytes as before keeps its identity
    std::fs::write(&page, &text).unwrap();
    f.build(&[]);
    assert_eq!(snapshot(&f.out()), snap0);
    let rewritten = touched(&ids2, &ids(&f.out()));
    assert_eq!(rewritten, changed(&snap2, &snap0));
}

#[test]
fn a_static_file_is_copied_again_only_when_it_changed() {
    let f = Fixture::new("basic");
    f.build(&[]);
    let before = ids(&f.out());
    f.write("static/img/logo.txt", "a new logo\n");
    f.build(&[]);
    assert_eq!(
        touched(&before, &ids(&f.out())),
        [PathBuf::from("img/logo.txt")]
    );
    assert_eq!(f.read_out("img/logo.txt"), "a new logo\n");
}

#[test]
fn stale_files_are_removed_from_the_output_and_the_spare() {
    let f = Fixture::new("basic");
    f.build(&[]);
    // a second generation, so the spare holds a whole one too
    f.build(&["--force"]);
    std::fs::remove_file(f.root().join("content/blog/third.md")).unwrap();
    std::fs::remove_file(f.root().join("static/img/logo.txt")).unwrap();
    let line = build_line(&f, &[]);
    assert!(line.contains(" removed"), "{line}");
    assert!(!f.out().join("blog/third").exists());
    assert!(!f.out().join("img").exists(), "an emptied folder goes too");
    assert!(!f.read_out("blog/index.html").contains("/blog/third/"));
    assert!(
        !f.read_out(".deload-output")
            .contains("blog/third/index.html")
    );
    // the next build, into the other generation, removes them there as well
    f.write("content/about.md", "---\ntitle: About us\n---\nNew text.\n");
    f.build(&[]);
    for tree in [f.out(), spare(&f)] {
        assert!(!tree.join("blog/third").exists(), "{}", tree.display());
        assert!(!tree.join("img").exists(), "{}", tree.display());
    }
    // the spare holds exactly the previous generation's files
    let mut listed: Vec<String> = std::fs::read_to_string(spare(&f).join(".deload-output"))
        .unwrap()
        .lines()
        .skip_while(|l| *l != "deload-output 2")
        .skip(1)
        .map(str::to_string)
        .collect();
    listed.push(".deload-output".into());
    listed.sort();
    let held: Vec<String> = ids(&spare(&f))
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(held, listed);
}

#[test]
fn files_put_into_the_output_by_hand_are_never_deleted() {
    let f = Fixture::new("basic");
    f.build(&[]);
    std::fs::write(f.out().join("CNAME"), "example.org\n").unwrap();
    std::fs::create_dir_all(f.out().join("downloads/empty")).unwrap();
    std::fs::write(f.out().join("downloads/plan.pdf"), "%PDF").unwrap();
    std::fs::write(f.out().join("blog/notes.txt"), "mine").unwrap();
    std::os::unix::fs::symlink("blog/notes.txt", f.out().join("link")).unwrap();
    let mine = |f: &Fixture| {
        (
            f.read_out("CNAME"),
            f.read_out("downloads/plan.pdf"),
            f.read_out("blog/notes.txt"),
            std::fs::read_link(f.out().join("link")).unwrap(),
            f.out().join("downloads/empty").is_dir(),
        )
    };
    let expected = mine(&f);
    let page = f.root().join("content/about.md");
    for round in 0..4 {
        // changed builds swap generations (the same size each time: only the bytes differ);
        // no-op ones are up to date and leave the output alone
        if round % 2 == 0 {
            std::fs::write(&page, format!("---\ntitle: About\n---\nRound {round}.\n")).unwrap();
            let line = build_line(&f, &[]);
            assert!(
                line.contains("4 not deload's kept"),
                "round {round}: {line}"
            );
        } else {
            let said = String::from_utf8_lossy(&f.build(&[]).stdout).into_owned();
            assert!(said.starts_with("Up to date: "), "round {round}: {said}");
        }
        assert_eq!(mine(&f), expected, "round {round}");
    }
    // not listed as deload's, so never treated as its stale files
    let marker = f.read_out(".deload-output");
    assert!(
        !marker.contains("CNAME") && !marker.contains("downloads"),
        "{marker}"
    );

    // deleted by hand: gone for good, not brought back from the spare
    std::fs::remove_file(f.out().join("CNAME")).unwrap();
    for round in 0..3 {
        std::fs::write(&page, format!("---\ntitle: About\n---\nAgain {round}.\n")).unwrap();
        f.build(&[]);
        assert!(!f.out().join("CNAME").exists(), "round {round}");
    }

    // a site that now makes a file where one of them stands: refused, nothing touched
    let before = snapshot(&f.out());
    f.write("static/blog/notes.txt", "the site's own");
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("blog/notes.txt") && stderr.contains("not written by deload"),
        "{stderr}"
    );
    assert!(stderr.contains("static/"), "{stderr}");
    assert_eq!(snapshot(&f.out()), before);
}

#[test]
fn an_output_from_an_older_deload_is_replaced_whole() {
    let f = Fixture::new("basic");
    std::fs::create_dir_all(f.out().join("old-section/page")).unwrap();
    std::fs::write(f.out().join("old-section/page/index.html"), "old").unwrap();
    std::fs::write(
        f.out().join(".deload-output"),
        "This folder is generated by deload; it is replaced on every build.\n",
    )
    .unwrap();
    f.build(&[]);
    assert!(
        !f.out().join("old-section").exists(),
        "all of an older deload's output was its own"
    );
    assert!(f.out().join("blog/first/index.html").is_file());
    let line = build_line(&f, &["--force"]);
    assert!(line.contains("nothing changed"), "{line}");
}

/// Disk blocks used under `dirs`, each inode counted once (as `du` counts hard links).
fn blocks(dirs: &[PathBuf]) -> u64 {
    let mut seen = std::collections::HashSet::new();
    let mut total = 0;
    fn walk(d: &Path, seen: &mut std::collections::HashSet<u64>, total: &mut u64) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let m = std::fs::symlink_metadata(e.path()).unwrap();
            if seen.insert(m.ino()) {
                *total += m.blocks();
            }
            if m.is_dir() {
                walk(&e.path(), seen, total);
            }
        }
    }
    for d in dirs {
        walk(d, &mut seen, &mut total);
    }
    total
}

#[test]
fn disk_use_stays_within_twice_the_site() {
    let f = Fixture::new("basic");
    // a larger static file, so the bound is about file data rather than folder blocks
    f.write("static/big.bin", &"0123456789abcdef".repeat(64 * 1024));
    let page = f.root().join("content/blog/first.md");
    let text = std::fs::read_to_string(&page).unwrap();
    for round in 0..6 {
        std::fs::write(&page, format!("{text}\nRound {round}.\n")).unwrap();
        if round == 3 {
            f.write("static/big.bin", &"fedcba9876543210".repeat(64 * 1024));
        }
        f.build(&[]);
        let site = blocks(&[f.out()]);
        let all = blocks(&[f.out(), f.root().join(".public.deload")]);
        assert!(
            all <= 2 * site + 64,
            "round {round}: {all} blocks for a {site}-block site"
        );
    }
    // unchanged files are shared between the generations, not copied
    let big = std::fs::metadata(f.out().join("big.bin")).unwrap().ino();
    std::fs::write(&page, &text).unwrap();
    f.build(&[]);
    assert_eq!(
        std::fs::metadata(f.out().join("big.bin")).unwrap().ino(),
        big
    );
    assert_eq!(
        std::fs::metadata(spare(&f).join("big.bin")).unwrap().ino(),
        big
    );
}

#[test]
fn the_output_is_a_plain_folder() {
    let f = Fixture::new("basic");
    f.build(&[]);
    f.write("content/about.md", "---\ntitle: About us\n---\nNew.\n");
    f.build(&[]);
    let meta = std::fs::symlink_metadata(f.out()).unwrap();
    assert!(meta.is_dir() && !meta.file_type().is_symlink());
    for (p, _) in snapshot(&f.out()) {
        let m = std::fs::symlink_metadata(f.out().join(&p)).unwrap();
        assert!(m.is_file(), "{}", p.display());
    }
    // git ignores the spare's folder
    let ignore = std::fs::read_to_string(f.root().join(".public.deload/.gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
}

#[test]
fn a_symlink_put_into_the_output_never_leads_a_write_outside_it() {
    let f = Fixture::new("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    f.build(&[]);
    std::os::unix::fs::symlink(elsewhere.path(), f.out().join("notes")).unwrap();
    // two changed builds: the symlink is carried into the new output, and the old output, with
    // the symlink, becomes the spare the next build writes into
    for round in 0..2 {
        f.write(
            "content/about.md",
            &format!("---\ntitle: About\n---\nRound {round}.\n"),
        );
        f.build(&[]);
    }
    // the site now makes a page where the symlink stands: refused, and nothing written through it
    f.write("content/notes.md", "---\ntitle: Notes\n---\nText.\n");
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not written by deload"));
    let leaked: Vec<_> = std::fs::read_dir(elsewhere.path()).unwrap().collect();
    assert!(leaked.is_empty(), "{leaked:?}");
    assert!(
        std::fs::symlink_metadata(f.out().join("notes"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn a_file_of_deloads_edited_in_the_output_is_written_again() {
    let f = Fixture::new("basic");
    f.build(&[]);
    f.write("content/about.md", "---\ntitle: About us\n---\nNew text.\n");
    f.build(&[]);
    let clean = snapshot(&f.out());
    // rewritten in place, as a post-processing tool would (the spare shares this file), and
    // with its old modification time put back, as `cp -p` or `rsync -t` would
    let page = f.out().join("blog/first/index.html");
    let mtime = std::fs::metadata(&page).unwrap().modified().unwrap();
    std::fs::write(&page, "tampered").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&page)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    let line = build_line(&f, &[]);
    assert!(line.contains(": 1 written"), "{line}");
    assert_eq!(snapshot(&f.out()), clean);
}
