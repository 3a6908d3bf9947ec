//! The incremental build: from what changed since the last build (the build graph) to the output
//! files to render again, by the rules `serve` follows (`crate::changes`); every other file of the
//! output is kept as published.

use std::collections::HashSet;
use std::path::Path;

use deload_engine::error::Error;
use deload_render::{self as render, Stats, Templates};
use deload_site::site::Site;
use deload_site::urls;
use rayon::prelude::*;

use super::graph::{Graph, PageRecord};
use crate::changes::{self, ChangeKind, Changes, PageEdit, PageFacts, Reach};
use crate::output::{RelativeUrls, Sink, Stager};

/// The output files to render again, and what they are (for `--verbose`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Output files; those the render no longer makes are removed.
    pub(crate) wanted: Reach,
    /// `1 page, search index`.
    pub(crate) what: String,
}

/// What to render again after `changes` (sorted by [`changes::classify`]) to the site now
/// loaded as `site`, whose last build `graph` recorded; `None`: everything (a change with a wide
/// reach, or anything the rules cannot place).
pub(crate) fn plan(
    changes: &Changes,
    graph: &Graph,
    site: &Site,
    templates: &Templates,
) -> Option<Plan> {
    // a stylesheet compiled from sass/ may be imported by any other: only the full build
    // compiles them
    if !changes.sass.is_empty() {
        return None;
    }
    match changes.kind() {
        ChangeKind::Static => {
            // a static file added or removed can take or free an output path that another file
            // has (the theme's search.js, a page's URL): only the full build checks every path
            let known = |f: &String| graph.snapshot.files.contains_key(&format!("static/{f}"));
            let present = |f: &String| site.root.join("static").join(f).is_file();
            if !changes.statics.iter().all(|f| known(f) && present(f)) {
                return None;
            }
            let files: HashSet<String> = changes.statics.iter().cloned().collect();
            let what = format!("{} static files", files.len());
            let wanted = Reach {
                files,
                folders: Vec::new(),
            };
            Some(Plan { wanted, what })
        }
        // templates that ask the site for pages can show anything of any page
        ChangeKind::Content if !templates.uses_site_functions() => content(changes, graph, site),
        _ => None,
    }
}

/// A content change: pages edited in place (the same front matter, URL and heading ids, as the
/// rules tell from the recorded facts) reach no further than their own file, their listings and
/// the search index; pages whose taxonomy terms alone changed reach what
/// [`changes::retagged_files`] lists. Anything else: `None`.
fn content(changes: &Changes, graph: &Graph, site: &Site) -> Option<Plan> {
    let mut edits: Vec<PageEdit> = Vec::new();
    let mut wanted = Reach::default();
    let mut retagged = 0;
    for rel in &changes.content {
        // a file beside the pages, a folder, `_index.md`, a page added, removed or hidden
        let i = site.pages.iter().position(|p| &p.rel == rel)?;
        let PageRecord { facts: old, terms } = graph.pages.get(rel)?;
        let new = PageFacts::of(&site.pages[i]);
        if let Some(edit) = old.edit(&new, i) {
            edits.push(edit);
        } else if old.terms_only(&new) {
            let reach = changes::retagged_files(site, i, terms);
            wanted.files.extend(reach.files);
            wanted.folders.extend(reach.folders);
            retagged += 1;
        } else {
            return None;
        }
    }
    let (files, listings) = changes::reached_files(site, &edits);
    wanted.files.extend(files);
    wanted.files.insert(urls::SEARCH_INDEX.to_string());
    Some(Plan {
        wanted,
        what: describe(edits.len(), listings, retagged),
    })
}

/// `1 page and the listings that show it (section, tags, feed), search index`.
fn describe(edited: usize, listings: bool, retagged: usize) -> String {
    let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    let mut parts = Vec::new();
    if edited > 0 {
        let mut s = deload_engine::text::plural(count(edited), "page", "pages");
        if listings {
            s.push_str(" and the listings that show it (section, tags, feed)");
        }
        parts.push(s);
    }
    if retagged > 0 {
        let s = deload_engine::text::plural(count(retagged), "page", "pages");
        parts.push(format!(
            "{s} with other tags, the pages that share them, their listings and tag pages"
        ));
    }
    parts.push("search index".into());
    parts.join(", ")
}

/// Fills the spare with the incremental build: every file of the current output kept but those
/// `plan` wants, which are rendered again. `Ok(None)`: the output is not as published (an older
/// deload's, or a file edited by hand), build everything.
pub(crate) fn stage(
    stager: &Stager,
    plan: &Plan,
    site: &Site,
    templates: &Templates,
    relative_urls: bool,
) -> Result<Option<Stats>, Vec<Error>> {
    let Some(published) = stager.published() else {
        return Ok(None);
    };
    // one `stat` a kept file, on all cores
    let kept = (published.par_iter())
        .filter(|rel| !plan.wanted.contains(rel))
        .try_for_each(|rel| stager.keep(rel).map(|_| ()));
    if kept.is_err() {
        return Ok(None);
    }
    let relative = RelativeUrls::new(stager, &site.config.base_url);
    let sink: &dyn Sink = if relative_urls { &relative } else { stager };
    render::render_site_only(site, templates, sink, &|f| plan.wanted.contains(f)).map(Some)
}

/// What the graph keeps of each page of a loaded site.
pub(crate) fn page_records(site: &Site) -> std::collections::HashMap<String, PageRecord> {
    use rayon::prelude::*;
    let terms = changes::page_terms(site);
    (site.pages.par_iter().zip(terms))
        .map(|(p, terms)| {
            let facts = PageFacts::of(p);
            (p.rel.clone(), PageRecord { facts, terms })
        })
        .collect()
}

/// The changes since the last build, or `None` when they cannot be told (a plan file changed).
pub(crate) fn changes_since(
    graph: &Graph,
    now: &super::graph::Snapshot,
    root: &Path,
    out: &Path,
) -> Option<Changes> {
    if super::graph::plans_changed(graph) {
        return None;
    }
    let paths = now.changed_since(&graph.snapshot, root);
    Some(changes::classify(&paths, root, Some(out)))
}
