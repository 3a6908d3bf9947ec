//! `extends`: a file's parts merged onto its parent's, each part keeping the file it came from.

use super::exercise::{SchemeSource, Schemes};
use super::model::Units;

use super::raw::RawProgram;
use super::source::Src;

/// A part of a merged program (a block or a session): the file it came from, its index there,
/// and that file's units.
#[derive(Debug, Clone)]
pub(super) struct Part {
    pub(super) src: Src,
    pub(super) index: usize,
    pub(super) units: Units,
}

/// A file and its units: where a top-level value of a merged program came from.
#[derive(Debug, Clone)]
pub(super) struct FromFile {
    pub(super) src: Src,
    pub(super) units: Units,
}

/// A merged raw program with, for every part, the file it came from.
pub(super) struct Merged {
    pub(super) raw: RawProgram,
    /// The file whose top level is being built (the child, for error fallbacks), and the units
    /// of the merged program.
    pub(super) root: FromFile,
    /// File of each block, by index in `raw.blocks`.
    pub(super) block_src: Vec<Part>,
    /// File of each session, by index in `raw.sessions`.
    pub(super) session_src: Vec<Part>,
    /// Files that gave `sessions_per_week`, `rotation`, `deload`, `progression` and `tm_step`.
    pub(super) spw_src: Src,
    pub(super) rotation_src: Src,
    pub(super) deload_src: Src,
    pub(super) progression_src: FromFile,
    pub(super) tm_step_src: FromFile,
    /// Every scheme, by name, with its file.
    pub(super) schemes: Schemes,
}

/// One file on its own, as a merged program: every part from this file, in `units`.
pub(super) fn own_parts(mut raw: RawProgram, src: Src, units: Units) -> Merged {
    let part = |index| Part {
        src: src.clone(),
        index,
        units,
    };
    let here = FromFile {
        src: src.clone(),
        units,
    };
    let schemes = raw
        .schemes
        .take()
        .unwrap_or_default()
        .into_iter()
        .map(|(name, weeks)| {
            let source = SchemeSource {
                weeks,
                src: src.clone(),
                units,
            };
            (name, source)
        })
        .collect();
    raw.units = Some(units);
    raw.extends = None;
    Merged {
        block_src: (0..raw.blocks.as_ref().map_or(0, Vec::len))
            .map(part)
            .collect(),
        session_src: (0..raw.sessions.as_ref().map_or(0, Vec::len))
            .map(part)
            .collect(),
        spw_src: src.clone(),
        rotation_src: src.clone(),
        deload_src: src.clone(),
        progression_src: here.clone(),
        tm_step_src: here.clone(),
        root: here,
        schemes,
        raw,
    }
}

/// `child` on top of `parent`: the child's top-level keys replace the parent's; blocks, sessions
/// and schemes are merged by name.
pub(super) fn merge(parent: Merged, child: Merged) -> Merged {
    let mut out = parent;
    let c = child.raw;
    let p = &mut out.raw;
    macro_rules! replace {
        ($($f:ident),*) => { $( if c.$f.is_some() { p.$f = c.$f.clone(); } )* };
    }
    replace!(
        name,
        description,
        author,
        units,
        suits,
        training_max,
        percent_of,
        wave
    );
    if c.progression.is_some() {
        p.progression = c.progression.clone();
        out.progression_src = child.progression_src;
    }
    if c.tm_step.is_some() {
        p.tm_step = c.tm_step.clone();
        out.tm_step_src = child.tm_step_src;
    }
    if c.sessions_per_week.is_some() {
        p.sessions_per_week = c.sessions_per_week;
        out.spw_src = child.spw_src;
    }
    if c.rotation.is_some() {
        p.rotation = c.rotation.clone();
        out.rotation_src = child.rotation_src;
    }
    if c.deload.is_some() {
        p.deload = c.deload.clone();
        out.deload_src = child.deload_src;
    }
    if let Some(blocks) = c.blocks {
        let list = p.blocks.get_or_insert_with(Vec::new);
        merge_by_name(list, &mut out.block_src, blocks, child.block_src, |a, b| {
            a.name == b.name
        });
    }
    if let Some(sessions) = c.sessions {
        let list = p.sessions.get_or_insert_with(Vec::new);
        merge_by_name(
            list,
            &mut out.session_src,
            sessions,
            child.session_src,
            |a, b| a.name.eq_ignore_ascii_case(&b.name),
        );
    }
    out.schemes.extend(child.schemes);
    out.root = child.root;
    out
}

/// Puts each of `items` (from `parts`) in the place of the item of `list` that `same` says it
/// replaces, or at the end.
fn merge_by_name<T>(
    list: &mut Vec<T>,
    list_parts: &mut Vec<Part>,
    items: Vec<T>,
    parts: Vec<Part>,
    same: impl Fn(&T, &T) -> bool,
) {
    for (item, part) in items.into_iter().zip(parts) {
        match list.iter().position(|x| same(x, &item)) {
            Some(i) => {
                list[i] = item;
                list_parts[i] = part;
            }
            None => {
                list.push(item);
                list_parts.push(part);
            }
        }
    }
}
