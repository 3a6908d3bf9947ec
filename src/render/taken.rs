//! The files a build makes besides aliases, so that an alias (a redirect page a page asks for
//! with `aliases`) can never take the place of one: `aliases: ["/index.html"]` replaced the
//! home page, and `/atom.xml` asked for a folder where the feed is a file.

use std::collections::BTreeMap;

use deload_engine::error::{Error, Location};

use super::Templates;
use super::jobs::Job;
use crate::content::Page;
use crate::site::Site;

/// Every output file that is not a page's alias, with what makes it ("the Atom feed").
pub(crate) struct Taken {
    files: BTreeMap<String, String>,
}

impl Taken {
    /// The files of `jobs` (listed before the aliases), the theme's assets, the search index and
    /// `static/`.
    pub(crate) fn new(site: &Site, templates: &Templates, jobs: &[Job<'_>]) -> Taken {
        let mut files = BTreeMap::new();
        for job in jobs {
            let what = if job.file() == "index.html" {
                "the home page".to_string()
            } else {
                describe(site, job)
            };
            files.insert(job.file().to_string(), what);
        }
        for name in templates.assets.keys() {
            files.insert(name.clone(), format!("the theme's {name}"));
        }
        if site.config.outputs.search {
            files.insert(crate::urls::SEARCH_INDEX.into(), "the search index".into());
        }
        let statics = site.root.join("static");
        if statics.is_dir() {
            for (rel, _) in crate::fs::walk_tree(&statics, false).files {
                files.insert(rel.clone(), format!("static/{rel}"));
            }
        }
        Taken { files }
    }

    /// What `file` (an alias's output file) would replace: the file itself, a file where the
    /// alias needs a folder (`atom.xml` for `atom.xml/index.html`), or a folder of files where
    /// the alias is a file.
    pub(crate) fn clash(&self, file: &str) -> Option<(&str, &str)> {
        if let Some((f, what)) = self.files.get_key_value(file) {
            return Some((f, what));
        }
        let mut folder = file;
        while let Some((parent, _)) = folder.rsplit_once('/') {
            if let Some((f, what)) = self.files.get_key_value(parent) {
                return Some((f, what));
            }
            folder = parent;
        }
        let inside = format!("{file}/");
        self.files
            .range(inside.clone()..)
            .next()
            .filter(|(f, _)| f.starts_with(&inside))
            .map(|(f, what)| (f.as_str(), what.as_str()))
    }
}

/// What a job makes, for the message.
fn describe(site: &Site, job: &Job<'_>) -> String {
    match job {
        Job::Template { what, .. } => what.clone(),
        Job::Page { index, .. } => site.pages[*index].file.display().to_string(),
        Job::Plan { .. } | Job::Report { .. } | Job::Export { .. } | Job::Asset { .. } => {
            "the Programs section".into()
        }
    }
}

/// The error for page `p`'s alias `alias`, whose output file `file` would replace `taken`
/// (made by `what`).
pub(crate) fn alias_error(p: &Page, alias: &str, file: &str, (taken, what): (&str, &str)) -> Error {
    let how = if taken == file {
        format!("would replace {taken}")
    } else if file.starts_with(&format!("{taken}/")) {
        format!("needs a folder where the file {taken} is")
    } else {
        format!("would be a file where the folder of {taken} is")
    };
    Error::new(format!("the alias `{alias}` {how}, made by {what}"))
        .in_file(&p.file)
        .at(alias_location(p, alias), &p.text)
        .with_hint("remove the alias: an alias may not take the place of a file the build makes (pages, sections, tags, the feed, the sitemap, the search index, theme and static files)")
}

/// Where `alias` is written in the page's front matter (the `aliases` key if it cannot be found).
fn alias_location(p: &Page, alias: &str) -> Location {
    let key = p
        .key_location("aliases")
        .unwrap_or(Location { line: 1, column: 1 });
    p.text
        .lines()
        .enumerate()
        .skip(key.line - 1)
        .find_map(|(i, l)| {
            l.find(alias).map(|c| Location {
                line: i + 1,
                column: l[..c].chars().count() + 1,
            })
        })
        .unwrap_or(key)
}
