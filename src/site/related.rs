//! Related pages (`page.related`): for each page, the other pages that share the most taxonomy
//! terms with it, a shared tag counting more than a term of another taxonomy, and a shared
//! section adding a little when they share a term at all.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Site;

/// What a shared tag adds to a score.
pub(crate) const TAG_WEIGHT: u32 = 2;
/// What a shared term of another taxonomy adds.
pub(crate) const TERM_WEIGHT: u32 = 1;
/// What being in the same section adds, when the pages share a term.
pub(crate) const SECTION_WEIGHT: u32 = 1;
/// The pages of a term looked at, newest first: a term on most of a large site's pages says
/// little about them, and looking at all of them for every page would cost pages squared.
pub(crate) const TERM_PAGES_SCANNED: usize = 1000;

/// For each page, up to `count` related pages with their scores, best first (ties newest first,
/// then by title and path).
pub(crate) fn find(site: &Site, count: usize) -> Vec<Vec<(usize, u32)>> {
    let n = site.pages.len();
    if count == 0 || n == 0 {
        return vec![Vec::new(); n];
    }
    // per page: the terms it has, as (taxonomy index, term index)
    let mut terms_of: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (t, tax) in site.taxonomies.iter().enumerate() {
        for (k, term) in tax.terms.iter().enumerate() {
            for &p in &term.pages {
                terms_of[p].push((t, k));
            }
        }
    }
    (0..n)
        .into_par_iter()
        .map(|i| related_to(site, i, &terms_of[i], count))
        .collect()
}

/// The related pages of page `i`, which has the terms `terms`.
fn related_to(site: &Site, i: usize, terms: &[(usize, usize)], count: usize) -> Vec<(usize, u32)> {
    let mut scores: HashMap<usize, u32> = HashMap::new();
    for &(t, k) in terms {
        let tax = &site.taxonomies[t];
        let weight = if tax.name == "tags" {
            TAG_WEIGHT
        } else {
            TERM_WEIGHT
        };
        for &p in tax.terms[k].pages.iter().take(TERM_PAGES_SCANNED) {
            if p != i {
                *scores.entry(p).or_insert(0) += weight;
            }
        }
    }
    let section = site.page_section.get(i);
    let mut ranked: Vec<(usize, u32)> = (scores.into_iter())
        .map(|(p, s)| {
            let same = section.is_some() && site.page_section.get(p) == section;
            (p, s + if same { SECTION_WEIGHT } else { 0 })
        })
        .collect();
    let pages = &site.pages;
    ranked.sort_by(|&(a, sa), &(b, sb)| {
        sb.cmp(&sa)
            .then_with(|| pages[b].date.cmp(&pages[a].date))
            .then_with(|| pages[a].meta.title.cmp(&pages[b].meta.title))
            .then_with(|| pages[a].rel.cmp(&pages[b].rel))
    });
    ranked.truncate(count);
    ranked
}
