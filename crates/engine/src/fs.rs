//! Reading text files with the path attached to every error, and a size limit.

use std::path::Path;

use crate::error::Error;

/// The largest text file deload reads (content pages, site.yaml, templates, programs, athlete
/// files, training logs): 32 MiB. A larger file is an error that names it and the limit, so a
/// stray huge file cannot exhaust memory.
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a UTF-8 text file; a byte-order mark is dropped and a non-UTF-8 file is an error that
/// names the line and column of the first bad byte. Files over [`MAX_TEXT_BYTES`] are refused.
pub fn read_text(path: &Path) -> Result<String, Error> {
    text_from_bytes(path, read_limited(path)?)
}

/// Reads at most [`MAX_TEXT_BYTES`] from `path`; a larger file (or one that grows past the
/// limit while being read) is an error naming the file and the limit.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, "read the file", &e))?;
    let too_big = || {
        Error::new(format!(
            "the file is larger than deload's limit of {} MiB for text files",
            MAX_TEXT_BYTES / (1024 * 1024)
        ))
        .in_file(path)
        .with_hint("split it into smaller files (or move it out of the site's folders)")
    };
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_TEXT_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "read the file", &e))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
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
            let loc = crate::error::Location::from_offset(&prefix, valid);
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
