//! File watching for the live preview: notify + notify-debouncer-mini. What a batch of changed
//! paths rebuilds is decided by the rules `deload build` uses too (`deload_publish::changes`).
//!
//! Only the site's sources are watched: `content/`, `programs/`, `templates/`, `static/`
//! (recursively) and the site root itself (not recursively, for `site.yaml` and for source
//! folders created later). The preview is served from memory, so there is no output folder to
//! watch and no rebuild loop; `classify` also ignores an output folder given to it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, EventHandler, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer_opt};

use deload_engine::error::Error;
pub use deload_publish::changes::{ChangeKind, Changes, SOURCE_DIRS, classify, is_temp_name};

/// Whether a raw event only says a file was opened or read. notify 8 reports opens and
/// read-only closes; the debouncer would pass them on as changes, and since every build reads the
/// sources, each build would trigger the next.
pub(crate) fn is_read_only(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(
            AccessKind::Open(_) | AccessKind::Read | AccessKind::Close(AccessMode::Read)
        )
    )
}

/// The platform watcher without read-only events (see [`is_read_only`]).
pub(crate) struct ChangeWatcher(RecommendedWatcher);

impl Watcher for ChangeWatcher {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let inner = RecommendedWatcher::new(
            move |res: notify::Result<Event>| {
                if !res.as_ref().is_ok_and(|e| is_read_only(&e.kind)) {
                    handler.handle_event(res);
                }
            },
            config,
        )?;
        Ok(ChangeWatcher(inner))
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.0.watch(path, mode)
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.0.unwatch(path)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

/// The watcher: dropping it stops watching.
pub(crate) struct SiteWatcher {
    debouncer: Debouncer<ChangeWatcher>,
    root: PathBuf,
    watched: BTreeSet<String>,
    /// Debounced batches of changed paths.
    pub(crate) events: Receiver<Result<Vec<PathBuf>, String>>,
}

/// How long a path must be quiet before its change is reported.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// After a batch, how long to wait for another before rebuilding (a burst that straddles two
/// debouncer ticks becomes one rebuild).
pub(crate) const SETTLE: Duration = Duration::from_millis(30);

impl SiteWatcher {
    /// Starts watching the sources of the site at `root` (an absolute, canonical path).
    pub(crate) fn new(root: &Path) -> Result<SiteWatcher, Error> {
        let (tx, rx): (Sender<Result<Vec<PathBuf>, String>>, _) = std::sync::mpsc::channel();
        // Symlinks are not followed: one that leads out of the site (skipped by the build) must
        // not make changes out there rebuild the site, and one that stays inside leads to a
        // folder watched anyway.
        let config = notify_debouncer_mini::Config::default()
            .with_timeout(DEBOUNCE)
            .with_notify_config(notify::Config::default().with_follow_symlinks(false));
        let debouncer =
            new_debouncer_opt::<_, ChangeWatcher>(config, move |res: DebounceEventResult| {
                let msg = res
                    .map(|evs| evs.into_iter().map(|e| e.path).collect())
                    .map_err(|e| e.to_string());
                let _ = tx.send(msg);
            })
            .map_err(|e| watch_error(root, &e))?;
        let mut w = SiteWatcher {
            debouncer,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
            events: rx,
        };
        w.debouncer
            .watcher()
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, &e))?;
        w.refresh()?;
        Ok(w)
    }

    /// Watches source folders that appeared since the last call (a `static/` created later).
    pub(crate) fn refresh(&mut self) -> Result<(), Error> {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            let known = self.watched.contains(dir);
            if exists && !known {
                self.debouncer
                    .watcher()
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(&path, &e))?;
                self.watched.insert(dir.to_string());
            } else if !exists && known {
                let _ = self.debouncer.watcher().unwatch(&path);
                self.watched.remove(dir);
            }
        }
        Ok(())
    }

    /// Waits for the next batch of changes: the first debounced batch, merged with any that
    /// follow within [`SETTLE`] of each other (at most `max` in all). None when the watcher
    /// stopped.
    pub(crate) fn next_batch(&self, max: Duration) -> Option<Result<Vec<PathBuf>, String>> {
        let first = self.events.recv().ok()?;
        let mut paths = match first {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        let start = Instant::now();
        while start.elapsed() < max {
            match self.events.recv_timeout(SETTLE) {
                Ok(Ok(more)) => paths.extend(more),
                Ok(Err(e)) => return Some(Err(e)),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        paths.sort();
        paths.dedup();
        Some(Ok(paths))
    }
}

fn watch_error(path: &Path, e: &notify::Error) -> Error {
    let hint = if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
        "the system ran out of inotify watches: raise fs.inotify.max_user_watches (sysctl)"
    } else {
        "check that the folder exists and is readable"
    };
    Error::new(format!("cannot watch for changes: {e}"))
        .in_file(path)
        .with_hint(hint)
}
