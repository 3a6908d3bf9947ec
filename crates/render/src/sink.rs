//! Where rendering puts its files: the [`Sink`] trait. Rendering only writes through it; the
//! output stage (`output`) provides the sinks (the staging folder on disk, memory for
//! `serve`, nothing for `check`).

use std::path::Path;

use deload_engine::error::Error;

/// A place rendered files are written to.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path inside the output).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error>;

    /// Copies the file at `from` to `rel` (static files). The default reads it whole and writes
    /// it; a sink on disk copies it without holding it in memory.
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Error> {
        let bytes = std::fs::read(from).map_err(|e| Error::io(from, "read the file", &e))?;
        self.write(rel, &bytes)
    }
}
