//! File watching for the live preview: notify + notify-debouncer-mini, and the pure
//! classification of a batch of changed paths into the rebuild it needs.
//!
//! Only the site's sources are watched: `content/`, `programs/`, `templates/`, `static/`
//! (recursively) and the site root itself (not recursively, for `site.yaml` and for source
//! folders created later). The preview is served from memory, so there is no output folder to
//! watch and no rebuild loop; `classify` also ignores an output folder given to it.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, EventHandler, RecommendedWatcher, RecursiveMode, Watcher, WatcherKind};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer_opt};

use deload_engine::error::Error;

/// The source folders under the site root that are watched recursively.
pub(crate) const SOURCE_DIRS: [&str; 6] =
    ["content", "programs", "templates", "static", "data", "sass"];

/// The sources a batch of changes touched, by kind. Paths are relative to their source folder
/// (`guidance/sleep.md` for `content/guidance/sleep.md`), `/`-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Changes {
    /// `site.yaml` changed.
    pub(crate) config: bool,
    /// Source folders created, removed or renamed as a whole (`static`).
    pub(crate) folders: BTreeSet<String>,
    /// Files or folders under `content/`.
    pub(crate) content: BTreeSet<String>,
    /// Files or folders under `programs/`.
    pub(crate) programs: BTreeSet<String>,
    /// Files or folders under `templates/`.
    pub(crate) templates: BTreeSet<String>,
    /// Files or folders under `static/`.
    pub(crate) statics: BTreeSet<String>,
    /// Files or folders under `data/` (read by `load_data`).
    pub(crate) data: BTreeSet<String>,
    /// Files or folders under `sass/` (compiled to CSS when `sass.compile` is on).
    pub(crate) sass: BTreeSet<String>,
    /// Paths that were ignored (editor temp files, `.git`, the output, anything else).
    pub(crate) ignored: usize,
}

/// What a batch of changes needs rebuilt. Later variants include the work of earlier ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    /// Nothing deload reads changed.
    Nothing,
    /// Only files in `static/`: copy them again; nothing is rendered.
    Static,
    /// Only Markdown in `content/`: reload the model; re-render what the edit can reach.
    Content,
    /// Templates (and maybe static files): re-render everything from the loaded model.
    Templates,
    /// `site.yaml`, programs, or content together with templates: load and render everything.
    Full,
}

impl Changes {
    /// The rebuild the batch needs.
    pub(crate) fn kind(&self) -> ChangeKind {
        let content = !self.content.is_empty();
        // a stylesheet compiled from sass/ is written with the theme's assets
        let templates = !self.templates.is_empty() || !self.sass.is_empty();
        let statics = !self.statics.is_empty();
        // shortcode templates are rendered with the content
        let shortcodes = self.templates.iter().any(|t| t.starts_with("shortcodes"));
        if self.config
            || !self.folders.is_empty()
            || !self.programs.is_empty()
            || !self.data.is_empty()
            || shortcodes
            || (content && (templates || statics))
        {
            ChangeKind::Full
        } else if templates {
            ChangeKind::Templates
        } else if content {
            ChangeKind::Content
        } else if statics {
            ChangeKind::Static
        } else {
            ChangeKind::Nothing
        }
    }

    /// A short description for the terminal: `content/guidance/sleep.md`, or
    /// `3 files in content/, templates/style.css`.
    pub(crate) fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.config {
            parts.push("site.yaml".to_string());
        }
        for f in &self.folders {
            parts.push(format!("{f}/ (the folder)"));
        }
        for (dir, set) in [
            ("content", &self.content),
            ("programs", &self.programs),
            ("templates", &self.templates),
            ("static", &self.statics),
            ("data", &self.data),
            ("sass", &self.sass),
        ] {
            match set.len() {
                0 => {}
                1 => parts.push(format!("{dir}/{}", set.iter().next().map_or("", |s| s))),
                n => parts.push(format!("{n} paths in {dir}/")),
            }
        }
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join(", ")
        }
    }
}

/// Whether a file name is an editor's or tool's temporary file: `*~`, `.*` (vim's `.x.swp`,
/// `.x.swx`, emacs' `.#x`, atomic-save temporaries), `4913` (vim's probe), `*.tmp`, `*.swp`,
/// `#x#` (emacs autosave).
pub(crate) fn is_temp_name(name: &str) -> bool {
    name.is_empty()
        || name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".tmp")
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Sorts a batch of changed paths (absolute, under `root`) into [`Changes`]. Pure: looks only at
/// the paths. Ignored: anything in the output folder `out` (if any), in `.git` or another hidden
/// folder, editor temp files, and
/// anything outside the sources.
pub(crate) fn classify(paths: &[PathBuf], root: &Path, out: Option<&Path>) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        if out.is_some_and(|o| path.starts_with(o)) {
            changes.ignored += 1;
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            changes.ignored += 1;
            continue;
        };
        let parts: Option<Vec<&str>> = rel
            .components()
            .map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect();
        let Some(parts) = parts.filter(|p| !p.is_empty()) else {
            changes.ignored += 1;
            continue;
        };
        if parts.iter().any(|p| is_temp_name(p)) {
            changes.ignored += 1;
            continue;
        }
        let inner = parts[1..].join("/");
        let last = parts[parts.len() - 1];
        let ext = last.rsplit_once('.').map(|(_, e)| e);
        let recorded = match parts[0] {
            "site.yaml" if parts.len() == 1 => {
                changes.config = true;
                true
            }
            // a source folder itself (created, deleted or renamed)
            dir if parts.len() == 1 && SOURCE_DIRS.contains(&dir) => {
                changes.folders.insert(dir.to_string());
                true
            }
            // Markdown, the files beside it (copied to the output), folders
            "content" => {
                changes.content.insert(inner);
                true
            }
            "data" => {
                changes.data.insert(inner);
                true
            }
            "programs" if ext.is_none() || matches!(ext, Some("yaml" | "yml")) => {
                changes.programs.insert(inner);
                true
            }
            "templates" => {
                changes.templates.insert(inner);
                true
            }
            "static" => {
                changes.statics.insert(inner);
                true
            }
            "sass" => {
                changes.sass.insert(inner);
                true
            }
            _ => false,
        };
        if !recorded {
            changes.ignored += 1;
        }
    }
    changes
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str]) -> Changes {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(&paths, root, Some(&root.join("public")))
    }

    #[test]
    fn temp_files_are_ignored() {
        for p in [
            "content/guidance/.sleep.md.swp",
            "content/guidance/.sleep.md.swx",
            "content/guidance/sleep.md~",
            "content/guidance/4913",
            "content/guidance/sleep.md.tmp",
            "content/guidance/.#sleep.md",
            "content/guidance/#sleep.md#",
            "content/.git/index",
            ".git/HEAD",
            "templates/.style.css.swp",
        ] {
            let c = run(&[p]);
            assert_eq!(c.kind(), ChangeKind::Nothing, "{p}: {c:?}");
            assert_eq!(c.ignored, 1, "{p}");
        }
    }

    #[test]
    fn output_and_unrelated_paths_are_ignored() {
        let c = run(&[
            "public/index.html",
            "public/guidance/sleep/index.html",
            "README.md",
            "target/debug/deload",
        ]);
        assert_eq!(c.kind(), ChangeKind::Nothing, "{c:?}");
        assert_eq!(c.ignored, 4);
        // a file beside the Markdown is copied to the output: a content change
        assert_eq!(
            run(&["content/guidance/photo.jpg"]).kind(),
            ChangeKind::Content
        );
        // data files and shortcode templates reach the content: everything is rebuilt
        assert_eq!(run(&["data/lifts.csv"]).kind(), ChangeKind::Full);
        assert_eq!(
            run(&["templates/shortcodes/note.html"]).kind(),
            ChangeKind::Full
        );
        // a path outside the root
        let c = classify(
            &[PathBuf::from("/elsewhere/x.md")],
            Path::new("/site"),
            None,
        );
        assert_eq!(c.kind(), ChangeKind::Nothing);
    }

    #[test]
    fn atomic_save_is_one_content_change() {
        // the editor writes a temp file and renames it over the page
        let c = run(&[
            "content/guidance/.sleep.md.tmp.1234",
            "content/guidance/sleep.md",
        ]);
        assert_eq!(c.kind(), ChangeKind::Content);
        assert_eq!(
            c.content.iter().collect::<Vec<_>>(),
            ["guidance/sleep.md"],
            "{c:?}"
        );
        assert_eq!(c.describe(), "content/guidance/sleep.md");
    }

    #[test]
    fn vim_save_is_one_content_change() {
        let c = run(&[
            "content/guidance/4913",
            "content/guidance/sleep.md~",
            "content/guidance/.sleep.md.swp",
            "content/guidance/sleep.md",
        ]);
        assert_eq!(c.kind(), ChangeKind::Content);
        assert_eq!(c.content.len(), 1);
    }

    #[test]
    fn new_folder_and_burst() {
        let mut paths = vec!["content/new".to_string()];
        for i in 0..50 {
            paths.push(format!("content/new/p{i}.md"));
        }
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let c = run(&refs);
        assert_eq!(c.kind(), ChangeKind::Content);
        assert_eq!(c.content.len(), 51);
        assert_eq!(c.describe(), "51 paths in content/");
    }

    #[test]
    fn kinds_by_source() {
        assert_eq!(run(&["site.yaml"]).kind(), ChangeKind::Full);
        assert_eq!(run(&["programs/novice.yaml"]).kind(), ChangeKind::Full);
        assert_eq!(
            run(&["programs/athletes/sam.yaml"]).kind(),
            ChangeKind::Full
        );
        assert_eq!(run(&["programs/notes.txt"]).kind(), ChangeKind::Nothing);
        assert_eq!(run(&["templates/page.html"]).kind(), ChangeKind::Templates);
        assert_eq!(run(&["templates/style.css"]).kind(), ChangeKind::Templates);
        assert_eq!(run(&["static/img/logo.svg"]).kind(), ChangeKind::Static);
        assert_eq!(run(&["sass/main.scss"]).kind(), ChangeKind::Templates);
        assert_eq!(
            run(&["sass/_vars.scss", "content/a.md"]).kind(),
            ChangeKind::Full
        );
        assert_eq!(
            run(&["static/a.css", "templates/base.html"]).kind(),
            ChangeKind::Templates
        );
        assert_eq!(
            run(&["content/a.md", "templates/base.html"]).kind(),
            ChangeKind::Full
        );
        assert_eq!(
            run(&["content/a.md", "static/a.css"]).kind(),
            ChangeKind::Full
        );
        // a source folder created or removed as a whole
        assert_eq!(run(&["static"]).kind(), ChangeKind::Full);
        assert_eq!(
            run(&["content/guidance/_index.md"]).kind(),
            ChangeKind::Content
        );
    }
}
