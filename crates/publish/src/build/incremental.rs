//! The incremental build: from what changed since the last build (the build graph) to the output
//! files to render again, by the rules `serve` follows (`crate::changes`); every other file of the
//! output is kept as published.

use std::collections::HashSet;
use std::path::Path;

use deload_engine::error::Error;
use deload_render::{self as render, Stats, Templates};
use deload_site::site::Site;
use deload_site::urls;

use super::graph::Graph;
use crate::changes::{self, ChangeKind, Changes, PageEdit, PageFacts};
use crate::output::{RelativeUrls, Sink, Stager};

/// The output files to render again, and what they are (for `--verbose`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Output paths; those the render no longer makes are removed.
    pub(crate) wanted: HashSet<String>,
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
    match changes.kind() {
        ChangeKind::Static => {
            let wanted: HashSet<String> = changes.statics.iter().cloned().collect();
            let what = format!("{} static files", wanted.len());
            Some(Plan { wanted, what })
        }
        // templates that ask the site for pages can show anything of any page
        ChangeKind::Content if !templates.uses_site_functions() => content(changes, graph, site),
        _ => None,
    }
}

/// A content change: only pages edited in place (the same front matter, URL and heading ids, as
/// the rules tell from the recorded facts) reach no further than their own file, their listings
/// and the search index.
fn content(changes: &Changes, graph: &Graph, site: &Site) -> Option<Plan> {
    let mut edits: Vec<PageEdit> = Vec::new();
    for rel in &changes.content {
        // a file beside the pages, a folder, `_index.md`, a page added, removed or hidden
        let i = site.pages.iter().position(|p| &p.rel == rel)?;
        let old = graph.pages.get(rel)?;
        edits.push(old.edit(&PageFacts::of(&site.pages[i]), i)?);
    }
    let (mut wanted, listings) = changes::reached_files(site, &edits);
    wanted.insert(urls::SEARCH_INDEX.to_string());
    let mut what = deload_engine::text::plural(
        i64::try_from(edits.len()).unwrap_or(i64::MAX),
        "page",
        "pages",
    );
    if listings {
        what.push_str(" and the listings that show it (section, tags, feed)");
    }
    what.push_str(", search index");
    Some(Plan { wanted, what })
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
    for rel in published {
        if !plan.wanted.contains(rel) && stager.keep(rel).is_err() {
            return Ok(None);
        }
    }
    let relative = RelativeUrls::new(stager, &site.config.base_url);
    let sink: &dyn Sink = if relative_urls { &relative } else { stager };
    render::render_site_only(site, templates, sink, &|f| plan.wanted.contains(f)).map(Some)
}

/// The page facts of a loaded site, for the graph.
pub(crate) fn page_facts(site: &Site) -> std::collections::HashMap<String, PageFacts> {
    (site.pages.iter())
        .map(|p| (p.rel.clone(), PageFacts::of(p)))
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
