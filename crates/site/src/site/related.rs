//! Related pages (`page.related`): for each page, the other pages that share the most taxonomy
//! terms with it, a shared tag counting more than a term of another taxonomy, and a shared
//! section adding a little when they share a term at all.

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
pub(crate) const TERM_PAGES_SCANNED: usize = 100;

/// Pages one worker's scratch scores serve at least.
const SCRATCH_RUN: usize = 512;

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
    // each page's place in the order that breaks ties: newest first, then title and path
    let pages = &site.pages;
    let mut by_date: Vec<usize> = (0..n).collect();
    by_date.par_sort_by(|&a, &b| {
        (pages[b].date.cmp(&pages[a].date))
            .then_with(|| pages[a].meta.title.cmp(&pages[b].meta.title))
            .then_with(|| pages[a].rel.cmp(&pages[b].rel))
    });
    let mut rank = vec![0u32; n];
    for (r, &p) in by_date.iter().enumerate() {
        rank[p] = u32::try_from(r).unwrap_or(u32::MAX);
    }
    // each worker keeps a score per page, zeroed again after each use (and made once per
    // run of pages, not per page: rayon may split the range down to single pages)
    (0..n)
        .into_par_iter()
        .with_min_len(SCRATCH_RUN)
        .map_init(
            || Scratch {
                scores: vec![0; n],
                touched: Vec::new(),
            },
            |scratch, i| related_to(site, i, &terms_of[i], count, &rank, scratch),
        )
        .collect()
}

/// A worker's scores: zero but for the `touched` pages.
struct Scratch {
    scores: Vec<u32>,
    touched: Vec<usize>,
}

/// The related pages of page `i`, which has the terms `terms`; `rank` breaks ties.
fn related_to(
    site: &Site,
    i: usize,
    terms: &[(usize, usize)],
    count: usize,
    rank: &[u32],
    scratch: &mut Scratch,
) -> Vec<(usize, u32)> {
    let Scratch { scores, touched } = scratch;
    for &(t, k) in terms {
        let tax = &site.taxonomies[t];
        let weight = if tax.name == "tags" {
            TAG_WEIGHT
        } else {
            TERM_WEIGHT
        };
        for &p in tax.terms[k].pages.iter().take(TERM_PAGES_SCANNED) {
            if p != i {
                if scores[p] == 0 {
                    touched.push(p);
                }
                scores[p] += weight;
            }
        }
    }
    let section = site.page_section.get(i);
    let mut ranked: Vec<(usize, u32)> = (touched.drain(..))
        .map(|p| {
            let same = section.is_some() && site.page_section.get(p) == section;
            let score = std::mem::take(&mut scores[p]) + if same { SECTION_WEIGHT } else { 0 };
            (p, score)
        })
        .collect();
    // best score first, then the tie order: one integer key per candidate
    let key = |&(p, score): &(usize, u32)| (u64::from(u32::MAX - score) << 32) | u64::from(rank[p]);
    if ranked.len() > count {
        ranked.select_nth_unstable_by_key(count - 1, key);
        ranked.truncate(count);
    }
    ranked.sort_unstable_by_key(key);
    ranked
}
