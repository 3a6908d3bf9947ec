//! The site's stylesheets beyond the theme's own: the code highlighting themes appended to
//! `style.css` (`markdown.highlighting`), and Sass/SCSS compiled with grass (pure Rust) from
//! `sass/` (`sass.compile`): `sass/main.scss` → `main.css`, `sass/a/b.sass` → `a/b.css`; files
//! whose name starts with `_` are partials, read only through `@use` and `@import`. A Sass error
//! names the file, line and column.

use std::path::Path;

use rayon::prelude::*;

use crate::sink::Sink;
use deload_engine::error::{Error, Location};
use deload_site::site::Site;

/// The folder of Sass sources at the site root.
pub const SASS_DIR: &str = "sass";

/// `style.css` with the highlighting themes' rules after the theme's own, when highlighting is
/// on; `None` when the asset stays as it is.
pub(crate) fn with_theme_css(site: &Site, name: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let h = &site.config.markdown.highlighting;
    if name != "style.css" || !h.enabled {
        return None;
    }
    let css = deload_site::markdown::highlight::theme_css(&h.light_theme, &h.dark_theme)?;
    let mut out = bytes.to_vec();
    out.extend_from_slice(css.as_bytes());
    Some(out)
}

/// The Sass entry points under `root/sass/` (partials left out), as (output name, source path),
/// `a/b.css` for `sass/a/b.scss`.
pub fn sass_entries(root: &Path) -> Vec<(String, std::path::PathBuf)> {
    let dir = root.join(SASS_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let tree = deload_site::fs::walk_tree(&dir, false);
    let mut entries: Vec<(String, std::path::PathBuf)> = (tree.files.into_iter())
        .filter_map(|(rel, path)| {
            let file = rel.rsplit('/').next().unwrap_or(&rel);
            let stem = rel
                .strip_suffix(".scss")
                .or_else(|| rel.strip_suffix(".sass"))?;
            (!file.starts_with('_')).then(|| (format!("{stem}.css"), path))
        })
        .collect();
    entries.sort();
    entries
}

/// Compiles every Sass entry point of `site` (in parallel) and writes its CSS to `sink`.
/// Returns the number of files; each error (located) goes to `errors`.
pub(crate) fn compile_sass(site: &Site, sink: &dyn Sink, errors: &mut Vec<Error>) -> usize {
    if !site.config.sass.compile {
        return 0;
    }
    let entries = sass_entries(&site.root);
    let results: Vec<Result<(), Error>> = (entries.par_iter())
        .map(|(name, path)| {
            let css = compile(&site.root, path)?;
            sink.write(name, css.as_bytes())
        })
        .collect();
    errors.extend(results.into_iter().filter_map(Result::err));
    entries.len()
}

/// One Sass file compiled (`@use` and `@import` resolved against `sass/`), expanded CSS.
pub fn compile(root: &Path, path: &Path) -> Result<String, Error> {
    let options = grass::Options::default()
        .load_path(root.join(SASS_DIR))
        .quiet(true);
    grass::from_path(path, &options).map_err(|e| sass_error(root, path, *e))
}

/// A grass error as ours: at the file, line and column it names.
fn sass_error(root: &Path, entry: &Path, e: grass::Error) -> Error {
    match e.kind() {
        grass::ErrorKind::ParseError { message, loc, .. } => {
            let file = Path::new(loc.file.name()).to_path_buf();
            let text = loc.file.source().to_string();
            let location = Location {
                line: loc.begin.line + 1,
                column: loc.begin.column + 1,
            };
            let shown = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
            Error::new(format!("Sass: {message}"))
                .in_file(shown)
                .at(location, &text)
        }
        grass::ErrorKind::IoError(io) => Error::io(entry, "read the Sass file", &io),
        grass::ErrorKind::FromUtf8Error(m) => {
            Error::new(format!("Sass: {m}")).in_file(entry.strip_prefix(root).unwrap_or(entry))
        }
        _ => Error::new("Sass: the file does not compile").in_file(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_compile_and_errors_are_located() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let sass = tmp.path().join(SASS_DIR);
        std::fs::create_dir_all(sass.join("parts")).unwrap_or_else(|e| panic!("{e}"));
        let write =
            |p: &str, t: &str| std::fs::write(sass.join(p), t).unwrap_or_else(|e| panic!("{e}"));
        write("_vars.scss", "$c: #123456;\n");
        write("main.scss", "@use 'vars';\n.a { .b { color: vars.$c; } }\n");
        write("parts/bad.scss", "\n.a {\n  color: $nope;\n}\n");
        let entries = sass_entries(tmp.path());
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["main.css", "parts/bad.css"]);
        let css = compile(tmp.path(), &entries[0].1).unwrap_or_else(|e| panic!("{e}"));
        assert!(css.contains(".a .b {\n  color: #123456;\n}"), "{css}");
        let err = compile(tmp.path(), &entries[1].1)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("Undefined variable"), "{err}");
        assert!(err.contains("bad.scss:3:10"), "{err}");
    }
}
