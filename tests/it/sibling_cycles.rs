//! No circle between sibling modules (issue #22): in every crate of the workspace (every `src/`
//! folder of the repository, found by walking it, so new crates are checked without a change
//! here), the modules of one folder — the children of one module — form no cycle of references.
//!
//! A module is a node together with everything below it (`plan/deload/` is one node of `plan/`),
//! so `plan/deload/placement.rs` naming `crate::plan::lifts::Lift` is an edge from `deload` to
//! `lifts`. References are read from code with comments and strings blanked out
//! (`support::rust_source`): `use` trees and paths in code that start with `crate::`, `super::`
//! or `self::`, and, in a `use`, paths that start with a child module's name. A name that is
//! not a module (`super::Schedule`) is followed through the `use` declarations of the module
//! that holds it (`plan/mod.rs`'s `pub use lifts::Lift` makes `super::Lift` an edge to `lifts`).
//!
//! Test code is left out: items under `#[cfg(test)]` (a `mod tests { … }`, a test-only `use`)
//! and files of modules declared under it (`#[cfg(test)] mod tests;`). A unit test reaches into
//! whatever it checks and is compiled only into the test binary, so it cannot make the library's
//! modules depend on each other.
//!
//! The crate root and the binary's `main.rs` in one `src/` are read as one namespace (their
//! module names do not overlap); `#[path]` attributes and inline `mod x { … }` blocks are not
//! followed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::repo;
use crate::support::rust_source::{blank_out, rust_files};

/// A token of blanked-out code.
#[derive(Debug, Clone, PartialEq)]
struct Tok {
    text: String,
    line: usize,
}

/// The tokens of `code` (blanked out): identifiers, `::`, and single punctuation characters.
fn tokens(code: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        if ch == '\n' {
            line += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let mut end = at + ch.len_utf8();
            while let Some(&(k, c)) = chars.peek() {
                if !(c.is_alphanumeric() || c == '_') {
                    break;
                }
                end = k + c.len_utf8();
                chars.next();
            }
            out.push(Tok {
                text: code[at..end].to_string(),
                line,
            });
        } else if ch == ':' && chars.peek().is_some_and(|&(_, c)| c == ':') {
            chars.next();
            out.push(Tok {
                text: "::".into(),
                line,
            });
        } else if !ch.is_whitespace() {
            out.push(Tok {
                text: ch.to_string(),
                line,
            });
        }
    }
    out
}

/// The index after the item that starts at `i`: its `;` at brace depth 0, or the brace closing
/// its first `{ … }`.
fn item_end(t: &[Tok], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < t.len() {
        match t[i].text.as_str() {
            ";" if depth == 0 => return i + 1,
            "{" => depth += 1,
            "}" => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    t.len()
}

/// The index after an attribute `#[ … ]` starting at `i` (`i` when none starts there).
fn attribute_end(t: &[Tok], i: usize) -> usize {
    if t.get(i).is_none_or(|x| x.text != "#") || t.get(i + 1).is_none_or(|x| x.text != "[") {
        return i;
    }
    let mut depth = 0usize;
    for (k, x) in t.iter().enumerate().skip(i + 1) {
        match x.text.as_str() {
            "[" => depth += 1,
            "]" => {
                depth -= 1;
                if depth == 0 {
                    return k + 1;
                }
            }
            _ => {}
        }
    }
    t.len()
}

/// `t` without the items under `#[cfg(test)]`, and the names of the modules declared there.
fn without_test_code(t: Vec<Tok>) -> (Vec<Tok>, Vec<String>) {
    let texts = |from: usize, n: usize| -> Vec<&str> {
        t.iter()
            .skip(from)
            .take(n)
            .map(|x| x.text.as_str())
            .collect()
    };
    let (mut kept, mut test_mods) = (Vec::with_capacity(t.len()), Vec::new());
    let mut i = 0;
    while i < t.len() {
        if texts(i, 7) != ["#", "[", "cfg", "(", "test", ")", "]"] {
            kept.push(t[i].clone());
            i += 1;
            continue;
        }
        let mut start = i + 7;
        while attribute_end(&t, start) > start {
            start = attribute_end(&t, start);
        }
        let end = item_end(&t, start);
        let item = texts(start, end - start);
        if let Some(k) = item.iter().position(|&w| w == "mod")
            && item.get(k + 2) == Some(&";")
        {
            test_mods.push(item[k + 1].to_string());
        }
        i = end;
    }
    (kept, test_mods)
}

/// A path a file names, as written, split into segments.
#[derive(Debug, Clone, PartialEq)]
struct Named {
    segments: Vec<String>,
    line: usize,
    /// The name it is imported as (`use` only; `None` for a glob or a path in code).
    alias: Option<String>,
}

/// Whether `t[i]` starts a path: `crate`, `super` or `self` followed by `::`, not in the middle
/// of another path or a macro's `$crate`.
fn starts_path(t: &[Tok], i: usize) -> bool {
    matches!(t[i].text.as_str(), "crate" | "super" | "self")
        && t.get(i + 1).is_some_and(|x| x.text == "::")
        && (i == 0 || !matches!(t[i - 1].text.as_str(), "::" | "$"))
}

/// The use tree at `i` (after `use`) with `prefix` before it, into `out`; returns the index
/// after the tree.
fn use_tree(t: &[Tok], mut i: usize, mut prefix: Vec<String>, out: &mut Vec<Named>) -> usize {
    let line = t.get(i).map_or(0, |x| x.line);
    if t.get(i).is_some_and(|x| x.text == "::") {
        i += 1; // `use ::std::…` names an external crate; kept as written
    }
    while let Some(x) = t.get(i) {
        match x.text.as_str() {
            "{" => {
                i += 1;
                while t.get(i).is_some_and(|x| x.text != "}") {
                    i = use_tree(t, i, prefix.clone(), out);
                    if t.get(i).is_some_and(|x| x.text == ",") {
                        i += 1;
                    }
                }
                return i + 1;
            }
            "*" => {
                out.push(Named {
                    segments: prefix,
                    line,
                    alias: None,
                });
                return i + 1;
            }
            w if w.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                let self_in_group = w == "self" && !prefix.is_empty();
                if !self_in_group {
                    prefix.push(w.to_string());
                }
                i += 1;
                if t.get(i).is_some_and(|x| x.text == "::") {
                    i += 1;
                    continue;
                }
                let mut alias = prefix.last().cloned();
                if t.get(i).is_some_and(|x| x.text == "as") {
                    alias = t.get(i + 1).map(|x| x.text.clone());
                    i += 2;
                }
                out.push(Named {
                    segments: prefix,
                    line,
                    alias,
                });
                return i;
            }
            _ => return i,
        }
    }
    i
}

/// The segments of the path in code starting at `i`, and the index after it.
fn code_path(t: &[Tok], mut i: usize) -> (Vec<String>, usize) {
    let mut segments = vec![t[i].text.clone()];
    i += 1;
    while t.get(i).is_some_and(|x| x.text == "::")
        && let Some(next) = t.get(i + 1)
        && next.text.chars().all(|c| c.is_alphanumeric() || c == '_')
    {
        segments.push(next.text.clone());
        i += 2;
    }
    (segments, i)
}

/// The `use` declarations and the `crate::`/`super::`/`self::` paths in code of a file's
/// tokens (test code already removed).
fn named_paths(t: &[Tok]) -> (Vec<Named>, Vec<Named>) {
    let (mut uses, mut paths) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < t.len() {
        let after_path_sep = i > 0 && t[i - 1].text == "::";
        if t[i].text == "use" && !after_path_sep {
            i = use_tree(t, i + 1, Vec::new(), &mut uses);
        } else if starts_path(t, i) {
            let line = t[i].line;
            let (segments, next) = code_path(t, i);
            paths.push(Named {
                segments,
                line,
                alias: None,
            });
            i = next;
        } else {
            i += 1;
        }
    }
    (uses, paths)
}

/// One module of a crate, as read from its file.
#[derive(Debug)]
struct Module {
    /// Its path in the crate (`["plan", "deload"]`; empty for the crate root).
    path: Vec<String>,
    /// Its file, relative to the crate's `src/` (`plan/deload/mod.rs`).
    file: String,
    uses: Vec<Named>,
    paths: Vec<Named>,
    /// Child modules declared under `#[cfg(test)]`.
    test_mods: Vec<String>,
}

impl Module {
    /// The module at `path` with its file's `source`.
    fn new(path: Vec<String>, file: String, source: &str) -> Module {
        let (toks, test_mods) = without_test_code(tokens(&blank_out(source)));
        let (uses, paths) = named_paths(&toks);
        Module {
            path,
            file,
            uses,
            paths,
            test_mods,
        }
    }
}

/// The module path of `rel` (a file under `src/`, with `/`): `plan/deload/mod.rs` → `plan,
/// deload`; `lib.rs` and `main.rs` → the root.
fn module_path(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.strip_suffix(".rs").unwrap_or(&last);
    let root_file = parts.is_empty() && (stem == "lib" || stem == "main");
    if stem != "mod" && !root_file {
        parts.push(stem.to_string());
    }
    parts
}

/// The modules of a crate from `(file under src/, source)` pairs, leaving out the files of
/// test-only modules.
fn crate_modules(files: &[(String, String)]) -> Vec<Module> {
    let all: Vec<Module> = files
        .iter()
        .map(|(rel, src)| Module::new(module_path(rel), rel.clone(), src))
        .collect();
    let test_only: BTreeSet<Vec<String>> = all
        .iter()
        .flat_map(|m| {
            m.test_mods.iter().map(|t| {
                let mut p = m.path.clone();
                p.push(t.clone());
                p
            })
        })
        .collect();
    all.into_iter()
        .filter(|m| !test_only.iter().any(|t| m.path.starts_with(t)))
        .collect()
}

/// The modules of one crate, by path.
struct Crate<'a> {
    modules: BTreeMap<&'a [String], &'a Module>,
}

/// An edge between two sibling modules, with the first reference that makes it.
type Edges = BTreeMap<String, BTreeMap<String, String>>;

impl<'a> Crate<'a> {
    fn new(modules: &'a [Module]) -> Crate<'a> {
        Crate {
            modules: modules.iter().map(|m| (m.path.as_slice(), m)).collect(),
        }
    }

    fn is_module(&self, path: &[String]) -> bool {
        self.modules.contains_key(path)
    }

    /// The absolute path `named` means in module `at`; `None` for an external crate or a name
    /// this scan does not follow.
    fn absolute(&self, at: &[String], named: &[String]) -> Option<Vec<String>> {
        let first = named.first()?;
        let (mut base, rest) = match first.as_str() {
            "crate" => (Vec::new(), &named[1..]),
            "self" => (at.to_vec(), &named[1..]),
            "super" => {
                let supers = named.iter().take_while(|s| *s == "super").count();
                let keep = at.len().checked_sub(supers)?;
                (at[..keep].to_vec(), &named[supers..])
            }
            child => {
                let mut p = at.to_vec();
                p.push(child.to_string());
                if !self.is_module(&p) {
                    return None;
                }
                (at.to_vec(), named)
            }
        };
        base.extend(rest.iter().cloned());
        Some(base)
    }

    /// `path` with every name that a module only imports replaced by what it imports, so a
    /// re-exported item leads to the module that defines it.
    fn canonical(&self, path: Vec<String>, depth: usize) -> Vec<String> {
        for k in 0..path.len() {
            let Some(holder) = self.modules.get(&path[..k]) else {
                return path;
            };
            if self.is_module(&path[..=k]) {
                continue;
            }
            let import = holder
                .uses
                .iter()
                .find(|u| u.alias.as_deref() == Some(path[k].as_str()));
            let Some(to) = import.and_then(|u| self.absolute(&holder.path, &u.segments)) else {
                return path;
            };
            if depth == 0 || to == path[..=k] {
                return path;
            }
            let mut next = to;
            next.extend(path[k + 1..].iter().cloned());
            return self.canonical(next, depth - 1);
        }
        path
    }

    /// The edges between sibling modules, by folder (the parent module's path).
    fn sibling_edges(&self) -> BTreeMap<Vec<String>, Edges> {
        let mut out: BTreeMap<Vec<String>, Edges> = BTreeMap::new();
        for m in self.modules.values() {
            for named in m.uses.iter().chain(&m.paths) {
                let Some(abs) = self.absolute(&m.path, &named.segments) else {
                    continue;
                };
                let abs = self.canonical(abs, 8);
                for k in 0..m.path.len() {
                    let (dir, from) = (&m.path[..k], &m.path[k]);
                    if abs.len() <= k || abs[..k] != *dir || abs[k] == *from {
                        continue;
                    }
                    if !self.is_module(&abs[..=k]) {
                        continue;
                    }
                    let evidence =
                        format!("{}:{} `{}`", m.file, named.line, named.segments.join("::"));
                    out.entry(dir.to_vec())
                        .or_default()
                        .entry(from.clone())
                        .or_default()
                        .entry(abs[k].clone())
                        .or_insert(evidence);
                }
            }
        }
        out
    }

    /// How the child `name` of the folder `dir` is shown: `lifts.rs` or `deload/mod.rs`.
    fn shown(&self, dir: &[String], name: &str) -> String {
        let mut p = dir.to_vec();
        p.push(name.to_string());
        match self.modules.get(p.as_slice()) {
            Some(m) if m.file.ends_with("/mod.rs") => format!("{name}/mod.rs"),
            _ => format!("{name}.rs"),
        }
    }
}

/// The nodes `from` reaches in `edges`.
fn reachable<'e>(edges: &'e Edges, from: &'e str) -> BTreeSet<&'e str> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        for next in edges.get(n).into_iter().flat_map(|e| e.keys()) {
            if seen.insert(next.as_str()) {
                stack.push(next);
            }
        }
    }
    seen
}

/// A shortest cycle from `start` back to itself through `members`.
fn cycle_through<'e>(edges: &'e Edges, start: &'e str, members: &BTreeSet<&str>) -> Vec<&'e str> {
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for next in edges.get(n).into_iter().flat_map(|e| e.keys()) {
            let next = next.as_str();
            if next == start {
                let mut path = vec![start];
                let mut at = n;
                while at != start {
                    path.push(at);
                    at = came_from[at];
                }
                path.push(start);
                let last = path.len() - 1;
                path[1..last].reverse();
                return path;
            }
            if members.contains(next) && !came_from.contains_key(next) {
                came_from.insert(next, n);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

/// Every circle between sibling modules of the crate whose modules are `modules`, as messages
/// (`src` is how the crate's `src/` is shown).
fn circles(src: &str, modules: &[Module]) -> Vec<String> {
    let krate = Crate::new(modules);
    let mut out = Vec::new();
    for (dir, edges) in krate.sibling_edges() {
        let mut done: BTreeSet<&str> = BTreeSet::new();
        for node in edges.keys() {
            let reach = reachable(&edges, node);
            if done.contains(node.as_str()) || !reach.contains(node.as_str()) {
                continue;
            }
            let members: BTreeSet<&str> = reach
                .iter()
                .copied()
                .filter(|m| reachable(&edges, m).contains(node.as_str()))
                .collect();
            done.extend(members.iter().copied());
            let cycle = cycle_through(&edges, node, &members);
            let folder: String = dir.iter().map(|d| format!("{d}/")).collect();
            let names: Vec<String> = members.iter().map(|m| krate.shown(&dir, m)).collect();
            let mut msg = format!(
                "{src}/{folder}: a circle between {} ({})",
                names.join(", "),
                cycle
                    .iter()
                    .map(|m| krate.shown(&dir, m))
                    .collect::<Vec<_>>()
                    .join(" → ")
            );
            msg.push_str("; every reference inside it:");
            for from in &members {
                for (to, evidence) in &edges[*from] {
                    if members.contains(to.as_str()) {
                        msg.push_str(&format!("\n    {from} → {to}: {evidence}"));
                    }
                }
            }
            out.push(msg);
        }
    }
    out
}

/// Every `src/` folder of a crate under `dir` (one with a `lib.rs` or `main.rs`), skipping
/// `target`, hidden folders and `node_modules`.
fn crate_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if !p.is_dir() || name == "target" || name == "node_modules" || name.starts_with('.') {
            continue;
        }
        if name == "src" && (p.join("lib.rs").is_file() || p.join("main.rs").is_file()) {
            out.push(p.clone());
        }
        crate_sources(&p, out);
    }
}

/// The `(file under src/, source)` pairs of a crate, without the binaries of `src/bin/` (crates
/// of their own, one file each here).
fn crate_files(src: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    files
        .iter()
        .filter_map(|f| {
            let rel = f
                .strip_prefix(src)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            if rel.starts_with("bin/") {
                return None;
            }
            let text =
                std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            Some((rel, text))
        })
        .collect()
}

#[test]
fn no_crate_has_a_circle_between_sibling_modules() {
    let root = repo();
    let mut sources = Vec::new();
    crate_sources(&root, &mut sources);
    sources.sort();
    for expected in ["src", "crates/engine/src", "crates/sheet/src"] {
        assert!(
            sources.contains(&root.join(expected)),
            "{expected} was not found: {sources:?}"
        );
    }
    let mut found = Vec::new();
    for src in &sources {
        let shown = src
            .strip_prefix(&root)
            .unwrap_or(src)
            .to_string_lossy()
            .replace('\\', "/");
        let modules = crate_modules(&crate_files(src));
        found.extend(circles(&shown, &modules));
    }
    assert!(
        found.is_empty(),
        "{} circle(s) between sibling modules; move what both sides need into a module of its own:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The modules of an in-memory crate.
fn in_memory(files: &[(&str, &str)]) -> Vec<Module> {
    let files: Vec<(String, String)> = files
        .iter()
        .map(|(f, s)| ((*f).to_string(), (*s).to_string()))
        .collect();
    crate_modules(&files)
}

#[test]
fn a_circle_through_a_re_export_and_a_nested_module_is_found_and_named() {
    let modules = in_memory(&[
        ("lib.rs", "mod plan;\n"),
        (
            "plan/mod.rs",
            "mod a;\nmod b;\nmod c;\npub use self::b::Thing;\n",
        ),
        (
            "plan/a.rs",
            "use super::Thing; // b, through plan's re-export\n",
        ),
        (
            "plan/b.rs",
            "pub struct Thing;\nfn f() { super::c::go() }\n",
        ),
        ("plan/c/mod.rs", "mod deep;\n"),
        ("plan/c/deep.rs", "use crate::plan::{a::{self}, b};\n"),
    ]);
    let found = circles("src", &modules);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with(
            "src/plan/: a circle between a.rs, b.rs, c/mod.rs (a.rs → b.rs → c/mod.rs → a.rs)"
        ),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("\n    a → b: plan/a.rs:1 `super::Thing`"),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("c → a: plan/c/deep.rs:1 `crate::plan::a`"),
        "{}",
        found[0]
    );
}

#[test]
fn test_code_comments_strings_and_one_way_references_make_no_circle() {
    let modules = in_memory(&[
        ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
        ("a.rs", "use crate::b::B;\n#[cfg(test)]\nmod tests;\n"),
        ("a/tests.rs", "use crate::c::C;\n"),
        (
            "b.rs",
            "pub struct B;\n// crate::a::x\nconst S: &str = \"super::a::y\";\n",
        ),
        (
            "c.rs",
            "use super::b::B;\n#[cfg(test)]\n#[allow(unused)]\nmod tests {\n    use crate::a::A;\n}\n#[cfg(test)]\nuse crate::a::Other;\n",
        ),
    ]);
    assert_eq!(circles("src", &modules), Vec::<String>::new());
    // without the `#[cfg(test)]`, the test module's import closes a circle
    let modules = in_memory(&[
        ("lib.rs", "mod a;\nmod c;\n"),
        ("a.rs", "use crate::c::C;\n"),
        ("c.rs", "mod tests {\n    use crate::a::A;\n}\n"),
    ]);
    assert_eq!(circles("src", &modules).len(), 1);
}
