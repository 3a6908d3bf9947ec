//! The page cache's file in the output's home folder (`.NAME.deload/pages`): see
//! `deload_site::site::cache` for what it holds and when an entry is used.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use deload_site::site::cache::PageCache;

/// The file that holds the cache, in the output's home folder.
fn cache_path(home: &Path) -> PathBuf {
    home.join("pages")
}

/// The cache the last build into the output whose home is `home` left, for a build under `key`
/// (`force`: every page rendered, the file read only so as not to write again what it holds).
/// The home folder was verified as deload's own; the file is never read through a link, and one
/// that does not read whole is an empty cache.
pub(super) fn read(home: &Path, key: u128, force: bool) -> PageCache {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    let mut bytes = Vec::new();
    let read =
        crate::output::home::open_no_follow(&cache_path(home), &mut options).and_then(|mut f| {
            // read at once into a buffer of the file's size: growing one as it reads would copy
            // the tens of megabytes again at each doubling
            let len = f.metadata()?.len();
            bytes.reserve_exact(usize::try_from(len).unwrap_or(0).saturating_add(1));
            f.read_to_end(&mut bytes)
        });
    match read {
        Ok(_) if force => PageCache::for_force(bytes, key),
        Ok(_) => PageCache::from_bytes(bytes, key),
        Err(_) => PageCache::new(key),
    }
}

/// Writes this build's cache (when the file lacks something it rendered): a segment appended
/// where the file's whole segments end, or the whole file over the old one, in place. A kill on
/// the way leaves a segment that does not read (its checksum is last), and the segments before
/// it. On failure the file is removed, so the next build renders every page.
pub(super) fn write(home: &Path, cache: &PageCache) {
    let Some(at) = cache.write_at() else {
        return;
    };
    if !home.is_dir() {
        return;
    }
    let path = cache_path(home);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    let written = crate::output::home::open_no_follow(&path, &mut options).and_then(|mut f| {
        f.seek(SeekFrom::Start(at))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        cache.write_to(&mut w)?;
        w.flush()?;
        let mut f = w
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        let end = f.stream_position()?;
        f.set_len(end)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&path);
    }
}
