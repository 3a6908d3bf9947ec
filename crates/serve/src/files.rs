//! What the preview serves: rendered files held in memory, and static files left on disk and
//! streamed from there for each request (a 200 MB video in `static/` costs no memory).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use deload_engine::error::Error;
use deload_publish::output::MemorySink;
use deload_render::Sink;

/// The served files: site-relative path (`guidance/sleep/index.html`) → file.
pub(crate) type Files = HashMap<String, Served>;

/// A static file as it was when the site was built: where it is, and enough of its metadata to
/// tell whether a later build saw the same file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DiskFile {
    /// Its path under the site's `static/` folder.
    pub path: PathBuf,
    /// Its length in bytes.
    pub len: u64,
    /// When it was last modified.
    pub modified: Option<SystemTime>,
}

impl DiskFile {
    /// Reads the metadata of the file at `path` (following a symlink, as the build does).
    pub(crate) fn stat(path: &Path) -> std::io::Result<DiskFile> {
        let meta = std::fs::metadata(path)?;
        Ok(DiskFile {
            path: path.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// One file a build produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Output {
    /// Rendered bytes.
    Bytes(Vec<u8>),
    /// A static file, left where it is.
    Disk(DiskFile),
}

/// A file being served.
#[derive(Debug, Clone)]
pub(crate) enum Served {
    /// Rendered bytes, with the entity tag they were given when they were stored.
    Memory {
        /// The bytes.
        bytes: Arc<[u8]>,
        /// A quoted entity tag, unique to these bytes in this process.
        etag: Arc<str>,
    },
    /// A static file, opened for each request.
    Disk(DiskFile),
}

impl Served {
    /// Whether `output` is what is already served (so the file need not be replaced).
    pub(crate) fn same(&self, output: &Output) -> bool {
        match (self, output) {
            (Served::Memory { bytes, .. }, Output::Bytes(new)) => bytes.as_ref() == new.as_slice(),
            (Served::Disk(old), Output::Disk(new)) => old == new,
            _ => false,
        }
    }
}

impl From<Output> for Served {
    fn from(output: Output) -> Served {
        match output {
            Output::Bytes(bytes) => Served::Memory {
                bytes: Arc::from(bytes),
                etag: Arc::from(next_etag()),
            },
            Output::Disk(file) => Served::Disk(file),
        }
    }
}

/// A new entity tag: a number fixed when the process started and a counter, so a tag a browser
/// kept from an earlier run of the server never matches a file of this one.
fn next_etag() -> String {
    static RUN: OnceLock<u64> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let run = *RUN.get_or_init(|| {
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
            ^ u64::from(std::process::id())
    });
    format!("\"{run:x}-{:x}\"", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The sink a preview build renders into: rendered files in memory (checked like a build's),
/// static files as references to the files on disk.
#[derive(Debug, Default)]
pub(crate) struct ServeSink {
    memory: MemorySink,
    disk: Mutex<BTreeMap<String, DiskFile>>,
}

impl ServeSink {
    /// Everything written or copied, by output path.
    pub(crate) fn into_files(self) -> BTreeMap<String, Output> {
        let memory = self
            .memory
            .files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let disk = self
            .disk
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut out: BTreeMap<String, Output> = memory
            .into_iter()
            .map(|(k, v)| (k, Output::Bytes(v)))
            .collect();
        out.extend(disk.into_iter().map(|(k, v)| (k, Output::Disk(v))));
        out
    }
}

impl Sink for ServeSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.memory.write(rel, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        // the same checks as a write, without reading the file
        self.memory.write(rel, &[])?;
        self.memory
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(rel);
        let file = DiskFile::stat(from).map_err(|e| Error::io(from, "read the file", &e))?;
        self.disk
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(rel.to_string(), file);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_files_stay_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let video = dir.path().join("video.mp4");
        std::fs::write(&video, vec![7u8; 4096]).unwrap();
        let sink = ServeSink::default();
        sink.write("index.html", b"<p>hi</p>").unwrap();
        sink.copy("media/video.mp4", &video).unwrap();
        assert!(sink.copy("../escape", &video).is_err());
        let files = sink.into_files();
        assert_eq!(files.len(), 2);
        assert_eq!(files["index.html"], Output::Bytes(b"<p>hi</p>".to_vec()));
        let Output::Disk(d) = &files["media/video.mp4"] else {
            panic!("a static file was read into memory")
        };
        assert_eq!((d.path.as_path(), d.len), (video.as_path(), 4096));
    }

    #[test]
    fn served_files_compare_with_new_output() {
        let served = Served::from(Output::Bytes(b"a".to_vec()));
        assert!(served.same(&Output::Bytes(b"a".to_vec())));
        assert!(!served.same(&Output::Bytes(b"b".to_vec())));
        let again = Served::from(Output::Bytes(b"a".to_vec()));
        let tag = |s: &Served| match s {
            Served::Memory { etag, .. } => etag.to_string(),
            Served::Disk(_) => String::new(),
        };
        assert_ne!(
            tag(&served),
            tag(&again),
            "every stored file gets its own tag"
        );
        assert!(tag(&served).starts_with('"') && tag(&served).ends_with('"'));
    }
}
