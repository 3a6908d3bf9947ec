//! The Tera layer, below every stage that renders a template (the shortcodes while Markdown is
//! rendered, `render` for the site and the printed plans): the default theme compiled into the
//! binary, overridden file by file by the site's `templates/` folder, in one Tera instance
//! ([`Templates`]), and the printed plan's templates (`plan/*`), which the `deload-sheet` crate
//! compiles with the site's `templates/plan/*` files as overrides. Tera's errors as located
//! ones and a context struct as Tera's context come from `deload_sheet` too. What a template
//! receives is up to the caller: the view structs of `render::view`.

pub mod i18n;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tera::{Kwargs, State, Tera, Value};

use deload_engine::error::Error;
pub use deload_sheet::context::to_context;
use deload_sheet::errors::erring_templates;
pub(crate) use deload_sheet::errors::{Origin, TEMPLATES_DIR, convert_tera_error};

/// The names of the site functions (`render` registers them; `get_page`, ...).
pub(crate) const SITE_FUNCTIONS: &[&str] = &[
    "get_page",
    "get_section",
    "get_url",
    "get_taxonomy",
    "load_data",
    "now",
    "resize_image",
];

/// Registers every site function as one that says it needs the site (templates compile only
/// when the functions they call exist; `render::prepare` then registers the real ones, and a plan
/// printed outside a site build keeps these).
fn register_placeholders(tera: &mut tera::Tera) {
    // the theme's strings in English, until `render::prepare` registers the site's
    tera.register_function(
        "t",
        i18n::function(std::sync::Arc::new(i18n::Strings::english())),
    );
    for name in SITE_FUNCTIONS {
        tera.register_function(*name, move |_: Kwargs, _: &State| -> tera::TeraResult<Value> {
            Err(tera::Error::message(format!(
                "`{name}` reads the site: it works in the site's templates, not in a plan printed on its own"
            )))
        });
    }
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../templates/", $name)))),*]
    };
}

/// The default theme: `(name, source)` for every template and asset (the printed plan's are
/// `deload_sheet`'s).
pub(crate) const DEFAULTS: &[(&str, &str)] = embedded![
    "base.html",
    "index.html",
    "section.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_single.html",
    "404.html",
    "alias.html",
    "atom.xml",
    "rss.xml",
    "sitemap.xml",
    "sitemap_index.xml",
    "robots.txt",
    "partials/head.html",
    "partials/header.html",
    "partials/nav.html",
    "partials/languages.html",
    "partials/footer.html",
    "partials/page_meta.html",
    "partials/page_list.html",
    "partials/pagination.html",
    "partials/toc.html",
    "report/report.html",
    "programs/section.html",
    "programs/program.html",
    "programs/planner.html",
    "style.css",
    "search.js",
    "favicon.svg",
];

/// Files that are templates (rendered through Tera); everything else is an asset copied as is.
/// Whether the template source `text` calls the function `name`: `name(` or `name (` in it (a
/// look at the text, which may also find the words in a comment: a snapshot made for nothing).
pub(crate) fn calls_function(text: &str, name: &str) -> bool {
    [format!("{name}("), format!("{name} (")]
        .iter()
        .any(|call| text.contains(call.as_str()))
}

fn is_template(name: &str) -> bool {
    [".html", ".xml", ".txt"].iter().any(|e| name.ends_with(e))
}

/// Reads the files of `root/templates/` into `sources` (templates, CSS and JS) and `assets`
/// (anything else); shortcode templates are left to the shortcodes.
fn read_site_templates(
    root: &Path,
    sources: &mut HashMap<String, (Origin, String)>,
    assets: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), Error> {
    let dir = root.join(TEMPLATES_DIR);
    if !dir.is_dir() {
        return Ok(());
    }
    let tree = crate::fs::walk_tree(&dir, true);
    if let Some(e) = tree.errors.into_iter().next() {
        return Err(e);
    }
    if let Some(link) = tree.outside.first() {
        return Err(crate::fs::outside_warning(link, TEMPLATES_DIR));
    }
    for (name, path) in tree.files {
        let temporary = name.ends_with(".swp") || name.ends_with(".tmp") || name == "4913";
        // shortcode templates are compiled on their own, with the content; the theme's strings
        // (`i18n/`, the default theme's own) are read by `i18n`, from the site's `i18n/`
        if temporary || name.starts_with("shortcodes/") || name.starts_with("i18n/") {
            continue;
        }
        if is_template(&name) || name.ends_with(".css") || name.ends_with(".js") {
            let text = crate::fs::read_text(&path)?;
            sources.insert(name, (Origin::File(path), text));
        } else {
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "read the file", &e))?;
            assets.insert(name, bytes);
        }
    }
    Ok(())
}

/// Takes the site's `plan/*` templates and stylesheets out of `sources`, as the printed plan's
/// overrides.
fn take_sheet_overrides(
    sources: &mut HashMap<String, (Origin, String)>,
) -> Vec<deload_sheet::Override> {
    let names: Vec<String> = (sources.keys())
        .filter(|n| n.starts_with("plan/"))
        .cloned()
        .collect();
    let mut overrides = Vec::new();
    for name in names {
        if let Some((origin, source)) = sources.remove(&name) {
            overrides.push(deload_sheet::Override {
                name,
                origin,
                source,
            });
        }
    }
    overrides
}

/// The names of the theme's assets a build writes (`style.css`, `search.js`, and the files of the
/// site's `templates/` that are not templates), without reading them.
pub(crate) fn theme_asset_names(site_root: &Path) -> Vec<String> {
    let is_asset = |n: &str| {
        !is_template(n)
            && !n.starts_with("plan/")
            && !n.starts_with("shortcodes/")
            && !n.starts_with("i18n/")
    };
    let mut names: Vec<String> = (DEFAULTS.iter())
        .map(|(n, _)| n.to_string())
        .filter(|n| is_asset(n))
        .collect();
    let dir = site_root.join(TEMPLATES_DIR);
    if dir.is_dir() {
        let tree = crate::fs::walk_tree(&dir, true);
        names.extend(
            tree.files
                .into_iter()
                .map(|(n, _)| n)
                .filter(|n| is_asset(n)),
        );
    }
    names
}

/// The compiled templates and the theme's static assets.
pub struct Templates {
    tera: Tera,
    sources: HashMap<String, (Origin, String)>,
    /// Built-in templates left out because they do not compile against the site's overrides
    /// (say, a `base.html` without the blocks they fill), with the error; reported only if used.
    dropped: HashMap<String, Error>,
    /// The printed plan's templates, with the site's `templates/plan/*` files.
    sheet: deload_sheet::Templates,
    /// Assets to copy to the output root (`style.css`, `search.js`), name → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("templates", &self.sources.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Templates {
    /// The embedded defaults, with every file in `site_root/templates/` replacing (or adding to)
    /// them. A syntax error names the template file, line and column.
    pub fn load(site_root: Option<&Path>) -> Result<Templates, Error> {
        let mut sources: HashMap<String, (Origin, String)> = DEFAULTS
            .iter()
            .map(|(n, s)| (n.to_string(), (Origin::Embedded, s.to_string())))
            .collect();
        let mut assets = BTreeMap::new();
        if let Some(root) = site_root {
            read_site_templates(root, &mut sources, &mut assets)?;
        }
        let sheet = deload_sheet::Templates::new(take_sheet_overrides(&mut sources))?;
        let mut names: Vec<&String> = sources.keys().collect();
        names.sort();
        for name in &names {
            let (_, text) = &sources[*name];
            if !is_template(name) {
                assets.insert((*name).clone(), text.clone().into_bytes());
            }
        }
        // A built-in template that fails only because the site overrides what it builds on is
        // left out, so overriding `base.html` does not break pages the site never renders.
        let mut dropped: HashMap<String, Error> = HashMap::new();
        let tera = loop {
            let mut tera = Tera::new();
            tera.autoescape_on(vec![".html", ".xml"]);
            // known by name before the templates compile; the site's own come with `prepare`
            register_placeholders(&mut tera);
            let raw: Vec<(String, String)> = names
                .iter()
                .filter(|n| is_template(n) && !dropped.contains_key(n.as_str()))
                .map(|n| ((*n).clone(), sources[*n].1.clone()))
                .collect();
            match tera.add_raw_templates(raw) {
                Ok(()) => break tera,
                Err(e) => {
                    let culprits: Vec<String> = erring_templates(&e)
                        .into_iter()
                        .filter(|n| matches!(sources.get(n), Some((Origin::Embedded, _))))
                        .filter(|n| !dropped.contains_key(n))
                        .collect();
                    let has_user_templates =
                        sources.values().any(|(o, _)| matches!(o, Origin::File(_)));
                    if culprits.is_empty() || !has_user_templates || dropped.len() > DEFAULTS.len()
                    {
                        return Err(convert_tera_error(&e, &sources, None));
                    }
                    for n in culprits {
                        let err = convert_tera_error(&e, &sources, None).with_hint(format!(
                            "the built-in template `{n}` does not work with the templates your site overrides: override `{n}` too, or give your templates the blocks it uses"
                        ));
                        dropped.insert(n, err);
                    }
                }
            }
        };
        Ok(Templates {
            tera,
            sources,
            dropped,
            sheet,
            assets,
        })
    }

    /// Sets a variable every render sees (like `config`), the printed plan's too.
    pub fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
        self.sheet.set_global(key, value);
    }

    /// The source of template `name` (the site's file, else the built-in one).
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|(_, s)| s.as_str())
    }

    /// The printed plan's templates.
    pub fn sheet(&self) -> &deload_sheet::Templates {
        &self.sheet
    }

    /// Whether a template calls the function `name` (a look at the sources: `name(`).
    pub fn uses_function(&self, name: &str) -> bool {
        self.sources
            .iter()
            .filter(|(n, _)| is_template(n))
            .any(|(_, (_, text))| calls_function(text, name))
    }

    /// Whether a template calls one of the site functions that read the site (their values
    /// are a snapshot: `serve` renders everything again when content changes).
    pub fn uses_site_functions(&self) -> bool {
        SITE_FUNCTIONS
            .iter()
            .filter(|n| !matches!(**n, "now" | "resize_image"))
            .any(|n| self.uses_function(n))
    }

    /// Registers the site functions that look up the site, for each snapshot `lookups` holds.
    pub fn register_lookups(&mut self, lookups: crate::lookups::Lookups) {
        lookups.register(&mut self.tera);
    }

    /// Registers a function for templates.
    pub fn register_function<F, R>(&mut self, name: &'static str, f: F)
    where
        F: tera::Function<R>,
        R: tera::FunctionResult,
    {
        self.tera.register_function(name, f);
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        // a dropped built-in "exists": rendering it reports why it could not be used
        self.tera.contains_template(name) || self.dropped.contains_key(name)
    }

    /// Renders `name` with `ctx`, one of the context structs of `render::view`, as its
    /// variables; `what` says what was being rendered ("content/guidance/sleep.md") for the error
    /// message (written out only for an error: most renders succeed).
    pub fn render(
        &self,
        name: &str,
        ctx: &impl serde::Serialize,
        what: &dyn std::fmt::Display,
    ) -> Result<String, Error> {
        if let Some(e) = self.dropped.get(name) {
            return Err(e.clone().with_note(format!("while rendering {what}")));
        }
        let ctx = to_context(ctx).map_err(|e| {
            Error::new(format!("cannot pass the values of `{name}` to Tera: {e}"))
                .with_note(format!("while rendering {what}"))
        })?;
        self.tera
            .render(name, &ctx)
            .map_err(|e| convert_tera_error(&e, &self.sources, Some(&what.to_string())))
    }
}
