//! The folder deload keeps beside the output (`.NAME.deload/`): proving it is deload's own
//! before anything in it is written, deleted or renamed.
//!
//! The folder can arrive with the site (git stores symlinks, so a cloned repository may carry
//! `.public.deload` or `.public.deload/spare` as a link to any folder on the machine). A build
//! removes stale files from the spare and swaps it with the output, so following such a link
//! would delete and overwrite someone else's files. Every entry deload uses here is therefore
//! looked at without following links, must be of the kind deload makes (a real folder or a
//! regular file), owned by the user running deload, and the folder must carry deload's marker
//! (its `.gitignore`); anything else is a located error, and nothing is deleted.

use std::fs::{File, Metadata, OpenOptions};
use std::io::Write;
use std::path::Path;

use deload_engine::error::Error;

/// What deload writes into the folder's `.gitignore`: also the marker that the folder is its own.
pub(crate) const IGNORE_TEXT: &str = "# deload's spare copy of the output: never commit it\n*\n";

/// The entries deload keeps in the folder, and whether each is a folder.
const OURS: [(&str, bool); 8] = [
    ("spare", true),
    (".gitignore", false),
    ("lock", false),
    ("facts", false),
    ("fresh", false),
    ("graph", false),
    ("pages", false),
    ("trees", false),
];

/// Checks that `home`, if it exists, is deload's own folder: a real folder (not a link) owned by
/// this user, marked by deload's `.gitignore` (or empty), whose entries of deload's names are of
/// the kind deload makes and owned by this user. Returns whether the folder exists.
pub(crate) fn verify(home: &Path) -> Result<bool, Error> {
    let meta = match std::fs::symlink_metadata(home) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(home, "look at the folder", &e)),
        Ok(m) => m,
    };
    check_kind(home, &meta, true)?;
    let ignore = home.join(".gitignore");
    let marked = std::fs::symlink_metadata(&ignore).is_ok_and(|m| m.is_file())
        && std::fs::read_to_string(&ignore).is_ok_and(|t| t == IGNORE_TEXT);
    if !marked {
        let empty = std::fs::read_dir(home)
            .map_err(|e| Error::io(home, "read the folder", &e))?
            .next()
            .is_none();
        if !empty {
            return Err(not_ours(
                home,
                "it has no deload marker (its .gitignore is missing or was not written by deload)",
            ));
        }
    }
    for (name, dir) in OURS {
        let path = home.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(m) => check_kind(&path, &m, dir)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, "look at the entry", &e)),
        }
    }
    Ok(true)
}

/// Creates `home` (if missing) with its marker, after [`verify`]ing whatever is there.
pub(crate) fn prepare(home: &Path) -> Result<(), Error> {
    if !verify(home)? {
        if let Some(parent) = home.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(parent, "create the folder", &e))?;
        }
        match std::fs::create_dir(home) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                return Err(Error::io(home, "create the folder", &e));
            }
            // made by a build running beside this one: look at it again
            Err(_) => {
                verify(home)?;
            }
            Ok(()) => {}
        }
    }
    let ignore = home.join(".gitignore");
    if std::fs::symlink_metadata(&ignore).is_err() {
        match open_no_follow(&ignore, OpenOptions::new().write(true).create_new(true)) {
            Ok(mut f) => f
                .write_all(IGNORE_TEXT.as_bytes())
                .map_err(|e| Error::io(&ignore, "write the file", &e))?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(Error::io(&ignore, "write the file", &e)),
        }
    }
    Ok(())
}

/// Opens `path` with `options`, refusing to follow a symlink at its last step.
pub(crate) fn open_no_follow(path: &Path, options: &mut OpenOptions) -> std::io::Result<File> {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(options, no_follow_flag());
    options.open(path)
}

/// Replaces the file `path` in the folder with `text`, never through a symlink: a link standing
/// there is an error, not a way to write elsewhere.
pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    open_no_follow(
        path,
        OpenOptions::new().write(true).create(true).truncate(true),
    )
    .and_then(|mut f| f.write_all(text.as_bytes()))
    .map_err(|e| Error::io(path, "write the file", &e))
}

#[cfg(target_os = "linux")]
fn no_follow_flag() -> i32 {
    libc::O_NOFOLLOW
}

#[cfg(all(unix, not(target_os = "linux")))]
fn no_follow_flag() -> i32 {
    0
}

/// Checks that the entry at `path` is a real folder (`dir`) or regular file owned by this user.
pub(crate) fn check_kind(path: &Path, meta: &Metadata, dir: bool) -> Result<(), Error> {
    let ft = meta.file_type();
    if ft.is_symlink() {
        return Err(not_ours(
            path,
            "it is a symbolic link (deload never follows links in the folder it keeps beside the output)",
        ));
    }
    match (dir, ft.is_dir(), ft.is_file()) {
        (true, false, _) => return Err(not_ours(path, "it is not a folder")),
        (false, _, false) => return Err(not_ours(path, "it is not a regular file")),
        _ => {}
    }
    if !owned_by_me(meta) {
        return Err(not_ours(path, "it belongs to another user"));
    }
    Ok(())
}

#[cfg(unix)]
fn owned_by_me(meta: &Metadata) -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    std::os::unix::fs::MetadataExt::uid(meta) == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn owned_by_me(_: &Metadata) -> bool {
    true
}

fn not_ours(path: &Path, why: &str) -> Error {
    Error::new(format!(
        "refusing to use {}: {why}, so it may not be deload's",
        path.display()
    ))
    .in_file(path)
    .with_hint(
        "deload keeps its spare copy of the output in this folder and deletes files there; \
         it touched nothing. If the folder is yours, move it away; if it came with the site \
         (a cloned repository can carry links), delete it and build again",
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_linked_home_or_spare_is_refused_and_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let victim = tmp.path().join("victim");
        std::fs::create_dir(&victim).unwrap();
        std::fs::write(victim.join("keep.txt"), "mine").unwrap();
        let home = tmp.path().join(".public.deload");
        std::os::unix::fs::symlink(&victim, &home).unwrap();
        let e = prepare(&home).unwrap_err();
        assert!(e.message.contains("symbolic link"), "{}", e.message);
        std::fs::remove_file(&home).unwrap();
        prepare(&home).unwrap();
        assert_eq!(
            std::fs::read_to_string(home.join(".gitignore")).unwrap(),
            IGNORE_TEXT
        );
        std::os::unix::fs::symlink(&victim, home.join("spare")).unwrap();
        assert!(verify(&home).is_err());
        std::fs::remove_file(home.join("spare")).unwrap();
        std::os::unix::fs::symlink(victim.join("keep.txt"), home.join("facts")).unwrap();
        assert!(verify(&home).is_err());
        assert!(write_file(&home.join("facts"), "x").is_err());
        assert_eq!(
            std::fs::read_to_string(victim.join("keep.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn an_unmarked_folder_with_files_is_not_ours() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join(".public.deload");
        std::fs::create_dir(&home).unwrap();
        prepare(&home).unwrap();
        std::fs::remove_file(home.join(".gitignore")).unwrap();
        std::fs::write(home.join("notes.txt"), "mine").unwrap();
        assert!(prepare(&home).is_err());
        std::fs::write(home.join(".gitignore"), "*\n").unwrap();
        assert!(verify(&home).is_err(), "a .gitignore that is not deload's");
    }
}
