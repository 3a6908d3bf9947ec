//! The sheet's templates: the built-in `plan/*` files compiled into the crate, each replaceable
//! by a source the caller passes in (a site's `templates/plan/*`), in one Tera instance. The
//! crate reads no files: the caller reads the overrides and names where they came from.

use tera::Tera;

use crate::context::to_context;
use crate::errors::{Origin, Sources, convert_tera_error};
use deload_engine::error::Error;

/// The template that renders a whole plan.
pub const PLAN_TEMPLATE: &str = "plan/plan.html";
/// The template that renders one week.
pub const WEEK_TEMPLATE: &str = "plan/week.html";
/// The stylesheet inlined into every printable plan.
pub const PLAN_CSS: &str = "plan/style.css";

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../templates/", $name)))),*]
    };
}

/// The built-in sheet: `(name, source)` for every template and the stylesheet.
pub const BUILT_IN: &[(&str, &str)] = embedded![
    "plan/plan.html",
    "plan/style.css",
    "plan/cover.html",
    "plan/chart.html",
    "plan/week.html",
    "plan/session.html",
    "plan/session_compact.html",
    "plan/sets.html",
    "plan/rest_day.html",
    "plan/readiness.html",
];

/// A source that replaces (or adds to) the built-in sheet.
#[derive(Debug, Clone)]
pub struct Override {
    /// The name under the templates folder, like `plan/cover.html`.
    pub name: String,
    /// Where it came from (named in error messages).
    pub origin: Origin,
    /// Its text.
    pub source: String,
}

/// Whether `name` is a template (rendered through Tera) rather than a stylesheet or asset.
fn is_template(name: &str) -> bool {
    [".html", ".xml", ".txt"].iter().any(|e| name.ends_with(e))
}

/// The compiled sheet templates and the stylesheet.
pub struct Templates {
    tera: Tera,
    sources: Sources,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort();
        f.debug_struct("Templates")
            .field("templates", &names)
            .finish()
    }
}

impl Templates {
    /// The built-in sheet, each of `overrides` replacing the file of its name (or adding one).
    /// A syntax error names the template's file, line and column.
    pub fn new(overrides: impl IntoIterator<Item = Override>) -> Result<Templates, Error> {
        let mut sources: Sources = BUILT_IN
            .iter()
            .map(|(n, s)| (n.to_string(), (Origin::Embedded, s.to_string())))
            .collect();
        for o in overrides {
            sources.insert(o.name, (o.origin, o.source));
        }
        let mut names: Vec<&String> = sources.keys().filter(|n| is_template(n)).collect();
        names.sort();
        let raw: Vec<(String, String)> = names
            .iter()
            .map(|n| ((*n).clone(), sources[*n].1.clone()))
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(raw)
            .map_err(|e| convert_tera_error(&e, &sources, None))?;
        Ok(Templates { tera, sources })
    }

    /// The built-in sheet alone.
    pub fn built_in() -> Result<Templates, Error> {
        Templates::new([])
    }

    /// Sets a variable every render sees: the templates use `config` (the site's `title`,
    /// `language`, `generator` and `guidance` links).
    pub fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
    }

    /// The site's own files among the sheet's templates and stylesheets, sorted.
    pub fn site_files(&self) -> Vec<&std::path::Path> {
        let mut files: Vec<&std::path::Path> = (self.sources.values())
            .filter_map(|(origin, _)| match origin {
                Origin::File(path) => Some(path.as_path()),
                Origin::Embedded => None,
            })
            .collect();
        files.sort();
        files
    }

    /// The source text of a template or the stylesheet.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|(_, s)| s.as_str())
    }

    /// Renders `name` with `ctx` (a context struct of [`view`](crate::view)) as its variables;
    /// `what` says what was being rendered, for the error message.
    pub fn render(
        &self,
        name: &str,
        ctx: &impl serde::Serialize,
        what: &dyn std::fmt::Display,
    ) -> Result<String, Error> {
        let ctx = to_context(ctx).map_err(|e| {
            Error::new(format!("cannot pass the values of `{name}` to Tera: {e}"))
                .with_note(format!("while rendering {what}"))
        })?;
        self.tera
            .render(name, &ctx)
            .map_err(|e| convert_tera_error(&e, &self.sources, Some(&what.to_string())))
    }

    /// [`render`](Self::render) into a buffer of `capacity` bytes: a printed week is tens of
    /// kilobytes, and Tera's own first guess (twice the template's text) grew by copying five or
    /// six times per week.
    pub(crate) fn render_sized(
        &self,
        name: &str,
        ctx: &impl serde::Serialize,
        what: &dyn std::fmt::Display,
        capacity: usize,
    ) -> Result<String, Error> {
        let ctx = to_context(ctx).map_err(|e| {
            Error::new(format!("cannot pass the values of `{name}` to Tera: {e}"))
                .with_note(format!("while rendering {what}"))
        })?;
        let mut out = Vec::with_capacity(capacity);
        self.tera
            .render_to(name, &ctx, &mut out)
            .map_err(|e| convert_tera_error(&e, &self.sources, Some(&what.to_string())))?;
        String::from_utf8(out).map_err(|e| {
            Error::new(format!("`{name}` rendered text that is not UTF-8: {e}"))
                .with_note(format!("while rendering {what}"))
        })
    }
}
