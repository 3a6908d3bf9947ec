//! Link checks beyond `@/` links: every file the build writes is known before Markdown links are
//! resolved, so a root-relative link (`/guidance/sleep/`) or a relative one (`chart.png`) is
//! checked like an internal link and gets the base URL's path prefix; `deload check --external`
//! checks the links to other sites (`external`).

pub mod external;

use std::collections::HashMap;

use crate::urls::file_for;

/// Who writes an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Owner {
    /// Content page `i`.
    Page(usize),
    /// Section `i` (its first listing page).
    Section(usize),
    /// Anything else, described for messages ("the Atom feed", "static/logo.png").
    Other(String),
}

/// Every file the build writes (site-relative, `guidance/sleep/index.html`) and who writes it.
#[derive(Debug, Default)]
pub struct KnownFiles {
    files: HashMap<String, Owner>,
}

impl KnownFiles {
    /// Records that `owner` writes the site path `path`; returns who already did, if anyone.
    pub(crate) fn claim(&mut self, path: &str, owner: Owner) -> Option<&Owner> {
        let file = file_for(path);
        if self.files.contains_key(&file) {
            return self.files.get(&file);
        }
        self.files.insert(file, owner);
        None
    }

    /// Who writes the site path `path` (`/a/b/`, `/a/b`, `/a/b/index.html`, `/logo.png`).
    pub(crate) fn owner(&self, path: &str) -> Option<&Owner> {
        let file = file_for(path);
        self.files.get(&file).or_else(|| {
            // `/guidance` for `/guidance/`
            (!path.ends_with('/'))
                .then(|| self.files.get(&format!("{file}/index.html")))
                .flatten()
        })
    }

    /// Whether no file is known (the site did not get as far as listing its files).
    pub(crate) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The known site paths, for "did you mean" hints.
    pub fn paths(&self) -> impl Iterator<Item = String> + '_ {
        self.files.keys().map(|f| {
            let p = f.strip_suffix("index.html").unwrap_or(f);
            format!("/{p}")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_files_answer_for_every_spelling() {
        let mut k = KnownFiles::default();
        assert_eq!(k.claim("/guidance/", Owner::Section(1)), None);
        assert!(
            k.claim("/guidance/index.html", Owner::Other("x".into()))
                .is_some()
        );
        assert_eq!(k.owner("/guidance"), Some(&Owner::Section(1)));
        assert_eq!(k.owner("/guidance/index.html"), Some(&Owner::Section(1)));
        assert_eq!(k.owner("/nope/"), None);
    }
}
