//! What the server knows of one open connection ([`ConnInfo`]), shared by the accept loop
//! (`conn`), which watches progress and evicts, and the responses (`respond`, `body`), which
//! mark live-reload streams.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::sync::Notify;

/// What the accept loop knows of a connection.
#[derive(Debug)]
pub(super) struct ConnInfo {
    /// When a byte last moved either way, in milliseconds since the registry's epoch.
    pub(super) last_progress: AtomicU64,
    /// It is serving a live-reload stream (those have their own limit and are never evicted).
    pub(super) streaming: AtomicBool,
    /// It was chosen to make room.
    pub(super) evicted: AtomicBool,
    /// Wakes the connection when it is evicted.
    pub(super) evict: Notify,
}

impl ConnInfo {
    /// Marks the connection as serving a live-reload stream, or no longer.
    pub(super) fn set_streaming(&self, on: bool) {
        self.streaming.store(on, Ordering::Relaxed);
    }
}
