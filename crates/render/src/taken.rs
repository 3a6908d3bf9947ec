//! The files a build makes besides aliases, so that an alias (a redirect page a page asks for
//! with `aliases`) can never take the place of one: `aliases: ["/index.html"]` replaced the
//! home page, and `/atom.xml` asked for a folder where the feed is a file.
//!
//! [`collisions`] finds the same among everything else before anything is written: a file of
//! `static/` or of a bundle, a page's `path:`, the theme's assets and the files deload generates
//! may each claim an output file once (`static/search.js` silently replaced the site's search,
//! and a page at `path: /404.html` failed the build with "File exists").

use std::collections::BTreeMap;

use deload_engine::error::{Error, Location};

use super::Templates;
use crate::job::Job;
use deload_site::content::Page;
use deload_site::site::Site;

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
            files.insert(
                deload_site::urls::SEARCH_INDEX.into(),
                "the search index".into(),
            );
        }
        let statics = site.root.join("static");
        if statics.is_dir() {
            for (rel, _) in deload_site::fs::walk_tree(&statics, false).files {
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

/// Who makes an output file, for [`collisions`].
enum Maker<'a> {
    /// A rendering job (a page, a listing, the feed, a plan).
    Job(&'a Job<'a>),
    /// One of the theme's assets (`style.css`, `search.js`).
    Theme,
    /// The search index.
    Search,
    /// A file of `static/`.
    Static,
    /// A file of a page bundle in `content/`.
    Bundle(&'a std::path::Path),
}

impl Maker<'_> {
    fn describe(&self, site: &Site, file: &str) -> String {
        match self {
            Maker::Job(Job::Page { index, .. }) => {
                format!("the page {}", site.pages[*index].file.display())
            }
            Maker::Job(job) if job.file() == "index.html" => "the home page".into(),
            Maker::Job(job) => describe(site, job),
            Maker::Theme => format!("the theme's {file}"),
            Maker::Search => "the search index".into(),
            Maker::Static => format!("static/{file}"),
            Maker::Bundle(f) => f.display().to_string(),
        }
    }

    /// Where to point: a page's `path:` (or its first line), a source file.
    fn locate(&self, site: &Site, file: &str, e: Error) -> Error {
        match self {
            Maker::Job(Job::Page { index, .. }) => {
                let p = &site.pages[*index];
                let at = p
                    .key_location("path")
                    .unwrap_or(Location { line: 1, column: 1 });
                e.in_file(&p.file).at(at, &p.text)
            }
            Maker::Static => e.in_file(site.root.join("static").join(file)),
            Maker::Bundle(f) => e.in_file(*f),
            _ => e,
        }
    }
}

/// Every output file claimed twice, or as a file by one maker and as a folder by another, among
/// the jobs, the theme's assets, the search index, `static/` and the bundles' files: one located
/// error each, naming both makers. Checked before anything is written.
pub(crate) fn collisions(site: &Site, templates: &Templates, jobs: &[Job<'_>]) -> Vec<Error> {
    let mut all: Vec<(String, Maker<'_>)> = Vec::new();
    all.extend(jobs.iter().map(|j| (j.file().to_string(), Maker::Job(j))));
    all.extend(templates.assets.keys().map(|n| (n.clone(), Maker::Theme)));
    if site.config.outputs.search {
        all.push((deload_site::urls::SEARCH_INDEX.into(), Maker::Search));
    }
    all.extend(site.static_files.iter().map(|f| (f.clone(), Maker::Static)));
    all.extend(
        (site.assets.iter()).map(|a| (super::file_for(&a.path), Maker::Bundle(a.file.as_path()))),
    );
    let mut seen: BTreeMap<&str, &Maker<'_>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (file, maker) in &all {
        let clash = seen
            .get(file.as_str())
            .map(|m| (file.as_str(), *m))
            .or_else(|| {
                // a folder of this file's path that is some maker's file
                let mut folder = file.as_str();
                while let Some((parent, _)) = folder.rsplit_once('/') {
                    if let Some(m) = seen.get(parent) {
                        return Some((parent, *m));
                    }
                    folder = parent;
                }
                let inside = format!("{file}/");
                let from = std::ops::Bound::Included(inside.as_str());
                (seen
                    .range::<str, _>((from, std::ops::Bound::Unbounded))
                    .next())
                .filter(|(f, _)| f.starts_with(&inside))
                .map(|(f, m)| (*f, *m))
            });
        match clash {
            Some((other_file, other)) => {
                errors.push(collision(site, (file, maker), (other_file, other)));
            }
            None => {
                seen.insert(file, maker);
            }
        }
    }
    errors
}

/// The error for `a` and `b` claiming the same output file (or a file and a folder).
fn collision(site: &Site, (file, a): (&str, &Maker<'_>), (other, b): (&str, &Maker<'_>)) -> Error {
    let (what_a, what_b) = (a.describe(site, file), b.describe(site, other));
    let how = if file == other {
        format!("both {what_a} and {what_b} make the output file {file}")
    } else {
        format!(
            "{what_a} makes {file} and {what_b} makes {other}: one needs a file where the other needs a folder"
        )
    };
    // point at a source the user can change: the later maker if it has one, else the earlier
    let e = Error::new(how).with_hint(
        "give one of them another path: each output file is made once (to replace a theme \
         file such as search.js or style.css, put yours in templates/, not static/)",
    );
    match (a, b) {
        (Maker::Job(Job::Page { .. }) | Maker::Static | Maker::Bundle(_), _) => {
            a.locate(site, file, e)
        }
        _ => b.locate(site, other, e),
    }
}
