//! The snapshots of the site that `get_page`, `get_section`, `get_taxonomy` and `get_url` read
//! (see `deload_site::lookups`), as the view structs of this folder.

use std::collections::HashMap;

use deload_site::lookups::{Lookups, UrlIndex};
use deload_site::site::Site;

use super::{SectionView, Summaries, page_value, shared, taxonomy_value};

/// The snapshots of the functions for which `uses(name)` is true, each value as a template sees
/// it (`get_page` gives the `page` of page.html); with [`Summaries::unrendered`], without the
/// pages' and sections' rendered Markdown.
pub(crate) fn lookups(
    site: &Site,
    summaries: &Summaries<'_>,
    uses: &dyn Fn(&str) -> bool,
) -> Lookups {
    let pages = uses("get_page").then(|| {
        (site.pages.iter().enumerate())
            .map(|(i, p)| (p.rel.clone(), page_value(site, i, summaries)))
            .collect()
    });
    let sections = uses("get_section").then(|| {
        (site.sections.iter().enumerate())
            .map(|(i, s)| {
                let view = SectionView::new(site, i, summaries);
                (s.content_rel(), shared(&view))
            })
            .collect()
    });
    // the default language's (a multilingual site's others have the same names)
    let taxonomies = uses("get_taxonomy").then(|| {
        (site.taxonomies.iter().filter(|t| t.lang.is_none()))
            .map(|t| (t.name.clone(), taxonomy_value(site, t, summaries)))
            .collect()
    });
    Lookups {
        pages,
        sections,
        taxonomies,
        urls: uses("get_url").then(|| url_index(site)),
    }
}

/// What `get_url` resolves on `site`: its pages' and sections' content files, and every file
/// the build writes.
fn url_index(site: &Site) -> UrlIndex {
    let mut content: HashMap<String, String> = (site.pages.iter())
        .map(|p| (p.rel.clone(), p.path.clone()))
        .collect();
    for s in &site.sections {
        content.insert(s.content_rel(), s.path.clone());
    }
    let files = site.known.paths().collect();
    UrlIndex::new(content, files, site.config.base_url.clone())
}
