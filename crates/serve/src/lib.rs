//! `deload serve`: build the site into memory, serve it, watch the sources, rebuild what a change
//! needs and tell open browser tabs to reload.
//!
//! What each change rebuilds (the rules `deload build` follows too: `deload_publish::changes`):
//! - a page whose front matter and heading ids are unchanged: that page is parsed and rendered
//!   again on its own; if its summary or word count changed, so are the listings that show it
//!   (its section's pages, its tag pages, the feed); the search index follows right after the
//!   page is served;
//! - any other content change (front matter, new, deleted or renamed files, sections): the
//!   model is loaded again (titles reach listings, prev/next, tags, menus) and everything is
//!   rendered; only the files whose bytes changed are replaced;
//! - templates: the templates are reloaded and everything is rendered from the loaded model;
//! - static files: only `static/` is copied again;
//! - `site.yaml`, programs or athletes, `data/`, shortcode templates: everything is loaded and
//!   rendered;
//! - any content change while the templates call site functions (`get_page`, ...): the model is
//!   loaded again and everything rendered (the functions' values are a snapshot).
//!
//! A failed rebuild keeps serving the last good files and shows the error in every tab; the
//! next rebuild after a failure is a full one, so nothing broken in between is missed.

#![warn(missing_docs)]
// The crate is the `deload` binary's internals (never published): its docs name private items
// on purpose, for whoever maintains it (`cargo doc --document-private-items` shows them).
#![allow(rustdoc::private_intra_doc_links)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

mod files;
pub mod http;
mod paths;
mod server;
pub mod watch;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use deload_engine::error::{Error, Severity};
use deload_engine::text::plural;
use deload_publish::changes::{self, PageEdit, PageFacts};
use deload_render::{self as render, Templates};
use deload_site::content::Page;
use deload_site::site::{LoadOptions, Site};
use deload_site::urls;
use files::{Output, ServeSink};
use server::{Files, State};
use watch::{ChangeKind, Changes, SiteWatcher};

/// Everything `deload serve` needs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root.
    pub root: PathBuf,
    /// The address or host name to listen on (loopback unless asked otherwise).
    pub bind: String,
    /// Host names answered besides the loopback ones and the bound address.
    pub allow_hosts: Vec<String>,
    /// The bounds on what clients may hold.
    pub limits: http::Limits,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Include pages dated after today.
    pub future: bool,
    /// Include expired pages.
    pub expired: bool,
    /// After each incremental rebuild, render everything again and report any difference (a
    /// self-check for tests; slow).
    pub verify: bool,
}

/// What one rebuild did, for the terminal line.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// What changed (`content/guidance/sleep.md`).
    pub changed: String,
    /// What was rebuilt (`1 page, search index`).
    pub rebuilt: String,
    /// Served files added or replaced.
    pub updated: usize,
    /// Served files removed.
    pub removed: usize,
    /// From the start of the rebuild until the new files were served.
    pub served_after: Duration,
    /// The whole rebuild.
    pub elapsed: Duration,
}

/// What the server tells its caller, as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// Listening at this URL (printed once, after the first build).
    Listening {
        /// `http://127.0.0.1:1111/`
        url: &'a str,
        /// Listening on an address other machines can reach.
        exposed: bool,
    },
    /// The first build (or a rebuild) succeeded.
    Built(&'a Rebuilt),
    /// A rebuild failed; the last good site is still served.
    Failed {
        /// What changed.
        changed: &'a str,
        /// The errors.
        errors: &'a [Error],
        /// How long it took to fail.
        elapsed: Duration,
    },
    /// Warnings of a successful build.
    Warnings(&'a [Error]),
    /// An incremental rebuild gave other bytes than a full one would (only with `verify`).
    Mismatch(&'a [String]),
    /// The watcher reported a problem.
    WatchError(&'a str),
}

/// The base URL pages link to while served: the server's own address (root-relative when
/// listening on every interface, so links work whatever host name the browser used).
pub(crate) fn preview_base_url(bind: IpAddr, port: u16) -> String {
    if bind.is_unspecified() {
        "/".to_string()
    } else if bind.is_ipv6() {
        format!("http://[{bind}]:{port}/")
    } else {
        format!("http://{bind}:{port}/")
    }
}

/// Binds the server, builds the site, then watches and rebuilds until the watcher stops.
/// `report` receives every event to show.
pub fn serve(opts: &ServeOptions, report: &mut dyn FnMut(Event<'_>)) -> Result<(), Error> {
    let root = std::fs::canonicalize(&opts.root).map_err(|e| {
        Error::io(&opts.root, "open the site folder", &e)
            .with_hint("pass the site's folder with --root, or create one with `deload init DIR`")
    })?;
    let listener = http::listen(&opts.bind, opts.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::new(format!("the server has no address: {e}")))?;
    let (base_url, url) = preview_urls(&opts.bind, addr);
    let hosts = http::host::HostCheck::new(addr.ip(), &opts.bind, &opts.allow_hosts);
    let state = Arc::new(State::new(&root));
    let mut watcher = SiteWatcher::new(&root)?;
    let mut engine = Engine {
        root: root.clone(),
        drafts: opts.drafts,
        future: opts.future,
        expired: opts.expired,
        base_url,
        verify: opts.verify,
        model: None,
        failed: true,
        static_rels: HashSet::new(),
    };
    let start = Instant::now();
    let first = engine.full(&state);
    announce(&state, first, "initial build", start, report);
    http::start(listener, state.clone(), hosts, &opts.limits)?;
    report(Event::Listening {
        url: &url,
        exposed: !addr.ip().is_loopback(),
    });

    while let Some(batch) = watcher.next_batch(Duration::from_secs(2)) {
        let paths = match batch {
            Ok(p) => p,
            Err(e) => {
                report(Event::WatchError(&e));
                continue;
            }
        };
        let changes = watch::classify(&paths, &root, None);
        let kind = changes.kind();
        if kind == ChangeKind::Nothing {
            continue;
        }
        if let Err(e) = watcher.refresh() {
            report(Event::WatchError(&e.to_string()));
        }
        let start = Instant::now();
        // a rebuild that panics is reported like a failed one, and the next change rebuilds
        // everything: the server never stops rebuilding for good
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            engine.rebuild(&changes, &state)
        }))
        .unwrap_or_else(|panic| {
            engine.failed = true;
            engine.model = None;
            let why = (panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(vec![
                Error::new(format!("the rebuild stopped unexpectedly: {why}"))
                    .with_hint("save a file to rebuild everything; please report this as a bug"),
            ])
        });
        announce(&state, result, &changes.describe(), start, report);
    }
    Ok(())
}

/// The base URL pages link to and the URL to print, for a server asked to listen on `bind`
/// (an address or a name) and listening on `addr`.
fn preview_urls(bind: &str, addr: std::net::SocketAddr) -> (String, String) {
    if bind.parse::<IpAddr>().is_err() {
        let url = format!("http://{bind}:{}/", addr.port());
        return (url.clone(), url);
    }
    let base = preview_base_url(addr.ip(), addr.port());
    let url = if addr.ip().is_unspecified() {
        format!("http://127.0.0.1:{}/", addr.port())
    } else {
        base.clone()
    };
    (base, url)
}

/// Publishes a rebuild's outcome: to the tabs (reload, css, error, clear) and to the caller.
fn announce(
    state: &State,
    result: Result<Outcome, Vec<Error>>,
    changed: &str,
    start: Instant,
    report: &mut dyn FnMut(Event<'_>),
) {
    match result {
        Ok(out) => {
            if !out.warnings.is_empty() {
                report(Event::Warnings(&out.warnings));
            }
            if !out.mismatches.is_empty() {
                report(Event::Mismatch(&out.mismatches));
            }
            let r = Rebuilt {
                changed: changed.to_string(),
                rebuilt: out.rebuilt,
                updated: out.updated,
                removed: out.removed,
                served_after: out.served_after.unwrap_or_else(|| start.elapsed()),
                elapsed: start.elapsed(),
            };
            if state.error().is_some() {
                state.set_error(None);
            }
            if out.notified {
                // the tabs were told when the files were swapped in
            } else if out.updated + out.removed > 0 || out.was_failed {
                state.broadcast(if out.css_only { "css" } else { "reload" }, "");
            }
            report(Event::Built(&r));
        }
        Err(errors) => {
            let text = errors
                .iter()
                .map(|e| e.render(Severity::Error, false))
                .collect::<Vec<_>>()
                .join("\n\n");
            state.set_error(Some(text));
            report(Event::Failed {
                changed,
                errors: &errors,
                elapsed: start.elapsed(),
            });
        }
    }
}

/// What a successful rebuild changed.
#[derive(Debug, Default)]
struct Outcome {
    rebuilt: String,
    updated: usize,
    removed: usize,
    css_only: bool,
    warnings: Vec<Error>,
    mismatches: Vec<String>,
    /// The tabs were already told (the incremental path reloads them before the search index).
    notified: bool,
    served_after: Option<Duration>,
    /// The build before this one had failed.
    was_failed: bool,
}

/// Which served files a rebuild may add, replace or remove.
enum Scope<'a> {
    /// Everything: files not produced are removed.
    All,
    /// Only these; those not produced are removed.
    Only(&'a HashSet<String>),
}

/// The rebuild state: the loaded model and templates of the last good build.
struct Engine {
    root: PathBuf,
    drafts: bool,
    future: bool,
    expired: bool,
    base_url: String,
    verify: bool,
    model: Option<(Site, Templates)>,
    /// The last build failed (the next one is full).
    failed: bool,
    /// Files served from `static/`.
    static_rels: HashSet<String>,
}

impl Engine {
    fn load_site(&self) -> Result<Site, Vec<Error>> {
        let opts = LoadOptions {
            drafts: self.drafts,
            future: self.future,
            expired: self.expired,
            base_url: Some(self.base_url.clone()),
            ..LoadOptions::new(&render::view::ShortcodeViews)
        };
        Site::load(&self.root, &opts)
    }

    fn rebuild(&mut self, changes: &Changes, state: &State) -> Result<Outcome, Vec<Error>> {
        let was_failed = self.failed;
        let kind = if self.failed || self.model.is_none() {
            ChangeKind::Full
        } else {
            changes.kind()
        };
        let result = match kind {
            ChangeKind::Nothing => Ok(Outcome::default()),
            ChangeKind::Static => self.statics(state),
            ChangeKind::Content => self.content(changes, state),
            ChangeKind::Templates => self.templates(state),
            ChangeKind::Full => self.full(state),
        };
        self.failed = result.is_err();
        result.map(|mut o| {
            o.was_failed = was_failed;
            o
        })
    }

    /// Loads and renders everything.
    fn full(&mut self, state: &State) -> Result<Outcome, Vec<Error>> {
        if !self.root.is_dir() {
            self.failed = true;
            return Err(vec![
                Error::new("the site folder is gone")
                    .in_file(&self.root)
                    .with_hint("restore it"),
            ]);
        }
        let site = self.load_site();
        let templates = Templates::load(Some(&self.root)).map_err(|e| vec![e]);
        let (site, mut templates) = match (site, templates) {
            (Ok(s), Ok(t)) => (s, t),
            (s, t) => {
                let mut errors = s.err().unwrap_or_default();
                errors.extend(t.err().unwrap_or_default());
                self.failed = true;
                return Err(errors);
            }
        };
        render::prepare(&mut templates, &site);
        let result = self.render_all(&site, &templates, state, "everything (site reloaded)");
        self.failed = result.is_err();
        if result.is_ok() {
            self.model = Some((site, templates));
        }
        result
    }

    /// Reloads the templates and renders everything from the loaded model.
    fn templates(&mut self, state: &State) -> Result<Outcome, Vec<Error>> {
        let Some((site, _)) = self.model.take() else {
            return self.full(state);
        };
        let mut templates = match Templates::load(Some(&self.root)) {
            Ok(t) => t,
            Err(e) => {
                self.model = None;
                return Err(vec![e]);
            }
        };
        render::prepare(&mut templates, &site);
        let result = self.render_all(&site, &templates, state, "every page (templates reloaded)");
        if result.is_ok() {
            self.model = Some((site, templates));
        }
        result
    }

    fn render_all(
        &mut self,
        site: &Site,
        templates: &Templates,
        state: &State,
        what: &str,
    ) -> Result<Outcome, Vec<Error>> {
        let sink = ServeSink::default();
        render::render_site(site, templates, &sink)?;
        let mut produced = sink.into_files();
        self.drop_escaping_statics(&mut produced);
        let (updated, removed, css_only) = apply(state, produced, &Scope::All);
        Ok(Outcome {
            rebuilt: what.to_string(),
            updated,
            removed,
            css_only,
            warnings: site.warnings.clone(),
            ..Outcome::default()
        })
    }

    /// Copies `static/` again (only the static files are touched).
    fn statics(&mut self, state: &State) -> Result<Outcome, Vec<Error>> {
        let Some((site, templates)) = &self.model else {
            return self.full(state);
        };
        let (now, _) = static_files(&self.root);
        let mut wanted: HashSet<String> = now.into_iter().collect();
        wanted.extend(self.static_rels.iter().cloned());
        let sink = ServeSink::default();
        render::render_site_only(site, templates, &sink, &|f| wanted.contains(f))?;
        let mut produced = sink.into_files();
        let n = produced.len();
        self.drop_escaping_statics(&mut produced);
        let (updated, removed, css_only) = apply(state, produced, &Scope::Only(&wanted));
        Ok(Outcome {
            rebuilt: format!("static files ({n})"),
            updated,
            removed,
            css_only,
            ..Outcome::default()
        })
    }

    /// Files from `static/` whose real path leaves `static/` (a symlink to elsewhere) are not
    /// served; remembers which files came from `static/`.
    fn drop_escaping_statics(&mut self, produced: &mut BTreeMap<String, Output>) {
        let (all, escaping) = static_files(&self.root);
        for rel in &escaping {
            produced.remove(rel);
        }
        self.static_rels = all.into_iter().collect();
    }

    /// A content change: pages edited in place take the incremental path; anything else
    /// reloads the whole model.
    fn content(&mut self, changes: &Changes, state: &State) -> Result<Outcome, Vec<Error>> {
        let start = Instant::now();
        let Some((site, templates)) = &self.model else {
            return self.full(state);
        };
        // templates that ask the site for pages see a snapshot: render everything again
        if templates.uses_site_functions() {
            return self.reload_content(state);
        }
        let edits = match edited_pages(site, &self.root, changes)? {
            ContentChange::Edits(e) => e,
            ContentChange::Reload => return self.reload_content(state),
        };
        if edits.is_empty() {
            return Ok(Outcome {
                rebuilt: "nothing (no change in content)".into(),
                ..Outcome::default()
            });
        }
        let Some((site, templates)) = &mut self.model else {
            return self.full(state);
        };
        let reached: Vec<PageEdit> = edits.iter().map(|(e, _)| *e).collect();
        let (wanted, listings) = changes::reached_files(site, &reached);
        let n_pages = edits.len();
        for (edit, new) in edits {
            site.pages[edit.index] = new;
        }
        let (mut updated, mut removed) = render_into(site, templates, state, &wanted)?;
        let served_after = start.elapsed();
        if updated + removed > 0 {
            state.broadcast("reload", "");
        }
        // then the search index (it reads every page)
        let search: HashSet<String> = std::iter::once(urls::SEARCH_INDEX.to_string()).collect();
        let (u, r) = render_into(site, templates, state, &search)?;
        updated += u;
        removed += r;
        let mut rebuilt = plural(i64::try_from(n_pages).unwrap_or(i64::MAX), "page", "pages");
        if listings {
            rebuilt.push_str(" and the listings that show it (section, tags, feed)");
        }
        rebuilt.push_str(", search index");
        let mismatches = if self.verify {
            verify(site, templates, state)
        } else {
            Vec::new()
        };
        Ok(Outcome {
            rebuilt,
            updated,
            removed,
            notified: true,
            served_after: Some(served_after),
            mismatches,
            ..Outcome::default()
        })
    }

    /// Reloads the model (templates kept) and renders everything.
    fn reload_content(&mut self, state: &State) -> Result<Outcome, Vec<Error>> {
        let Some((_, mut templates)) = self.model.take() else {
            return self.full(state);
        };
        let site = match self.load_site() {
            Ok(s) => s,
            Err(e) => {
                self.model = None;
                return Err(e);
            }
        };
        render::prepare(&mut templates, &site);
        let result = self.render_all(&site, &templates, state, "every page (content reloaded)");
        if result.is_ok() {
            self.model = Some((site, templates));
        }
        result
    }
}

/// What a content change asks of the rebuild.
enum ContentChange {
    /// Reload the model: something other than a page's body changed.
    Reload,
    /// These pages (by index), parsed and rendered again, replace the old ones; nothing else
    /// changed.
    Edits(Vec<(PageEdit, Page)>),
}

/// The pages `changes` edited in place, parsed and rendered again; or [`ContentChange::Reload`]
/// when a change reaches further: a page added, removed or renamed, a folder removed, changed
/// front matter or heading ids.
fn edited_pages(site: &Site, root: &Path, changes: &Changes) -> Result<ContentChange, Vec<Error>> {
    let mut edits = Vec::new();
    for rel in &changes.content {
        let path = root.join("content").join(rel);
        if !rel.ends_with(".md") && path.is_file() {
            // a page bundle's image or another file copied to the output
            return Ok(ContentChange::Reload);
        }
        if !rel.ends_with(".md") && !path.is_dir() {
            // a name without an extension that is not a folder now: a folder removed, or a
            // tool's temp file (sed -i writes `sedXXXXXX`)
            let was_dir = site.sections.iter().any(|s| &s.rel_dir == rel)
                || site.pages.iter().any(|p| {
                    p.rel.starts_with(rel.as_str()) && p.rel[rel.len()..].starts_with('/')
                });
            if was_dir {
                return Ok(ContentChange::Reload);
            }
            continue;
        }
        // every changed path must be an existing page, still a file
        let Some(i) = site.pages.iter().position(|p| &p.rel == rel) else {
            return Ok(ContentChange::Reload);
        };
        let Ok(text) = deload_site::fs::read_text(&root.join("content").join(rel)) else {
            return Ok(ContentChange::Reload);
        };
        let old = &site.pages[i];
        if old.is_source(&text) {
            continue;
        }
        let new = site.reparse_page(i, text)?;
        let Some(edit) = PageFacts::of(old).edit(&PageFacts::of(&new), i) else {
            return Ok(ContentChange::Reload);
        };
        edits.push((edit, new));
    }
    Ok(ContentChange::Edits(edits))
}

/// Renders the `wanted` output files of `site` and swaps them into the served set. Returns
/// (added or replaced, removed).
fn render_into(
    site: &Site,
    templates: &Templates,
    state: &State,
    wanted: &HashSet<String>,
) -> Result<(usize, usize), Vec<Error>> {
    let sink = ServeSink::default();
    render::render_site_only(site, templates, &sink, &|f| wanted.contains(f))?;
    let produced = sink.into_files();
    let (updated, removed, _) = apply(state, produced, &Scope::Only(wanted));
    Ok((updated, removed))
}

/// Renders everything again and lists the served files that differ (the incremental self-check).
fn verify(site: &Site, templates: &Templates, state: &State) -> Vec<String> {
    let sink = ServeSink::default();
    if let Err(e) = render::render_site(site, templates, &sink) {
        return e
            .iter()
            .map(|e| format!("full render failed: {e}"))
            .collect();
    }
    let full = sink.into_files();
    let served = state.files();
    let mut out = Vec::new();
    for (k, v) in &full {
        match served.get(k) {
            Some(s) if s.same(v) => {}
            Some(_) => out.push(format!("{k} differs")),
            None => out.push(format!("{k} missing")),
        }
    }
    let (_, escaping) = static_files(&site.root);
    for k in served.keys() {
        if !full.contains_key(k) && !escaping.contains(k) {
            out.push(format!("{k} extra"));
        }
    }
    out
}

/// Swaps the produced files into the served set. Returns (added or replaced, removed, whether
/// every change was a stylesheet).
fn apply(
    state: &State,
    produced: BTreeMap<String, Output>,
    scope: &Scope<'_>,
) -> (usize, usize, bool) {
    let old = state.files();
    let mut files: Files = (*old).clone();
    let mut changed: BTreeSet<String> = BTreeSet::new();
    let mut removed = 0;
    match scope {
        Scope::All => {
            let keep: HashSet<&String> = produced.keys().collect();
            files.retain(|k, _| {
                let ok = keep.contains(k);
                if !ok {
                    removed += 1;
                }
                ok
            });
        }
        Scope::Only(wanted) => {
            for w in *wanted {
                if !produced.contains_key(w) && files.remove(w).is_some() {
                    removed += 1;
                }
            }
        }
    }
    for (k, v) in produced {
        if files.get(&k).is_some_and(|old| old.same(&v)) {
            continue;
        }
        files.insert(k.clone(), v.into());
        changed.insert(k);
    }
    let css_only =
        removed == 0 && !changed.is_empty() && changed.iter().all(|k| k.ends_with(".css"));
    if !changed.is_empty() || removed > 0 {
        state.set_files(Arc::new(files));
    }
    (changed.len(), removed, css_only)
}

/// Every file under `static/` as an output path, and the symlinks whose target is outside
/// `static/` (never followed, never served), as output paths.
fn static_files(root: &Path) -> (Vec<String>, Vec<String>) {
    let dir = root.join("static");
    if !dir.is_dir() {
        return (Vec::new(), Vec::new());
    }
    let tree = deload_site::fs::walk_tree(&dir, false);
    let rel = |p: &Path| {
        p.strip_prefix(&dir)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    };
    let all = tree.files.into_iter().map(|(r, _)| r).collect();
    let escaping = tree.outside.iter().map(|p| rel(p)).collect();
    (all, escaping)
}
