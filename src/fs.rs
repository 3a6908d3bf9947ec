//! File-system helpers that attach the path to every error.

use std::path::Path;

use crate::error::Error;

/// Reads a UTF-8 text file; a byte-order mark is dropped and a non-UTF-8 file is an error that
/// names the line and column of the first bad byte.
pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, "read the file", &e))?;
    text_from_bytes(path, bytes)
}

/// Decodes bytes read from `path` as UTF-8 text (see [`read_text`]).
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let loc = crate::Location::from_offset(&prefix, valid);
            let binary = bytes.iter().take(8000).any(|b| *b == 0);
            let what = if binary {
                "the file is binary, not text"
            } else {
                "the file is not valid UTF-8"
            };
            Err(Error::new(what)
                .in_file(path)
                .at(loc, &prefix)
                .with_hint("save it as UTF-8 text (or move it out of the site's folders)"))
        }
    }
}

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
