//! Shortcodes: small templates called from Markdown, with the syntax Zola users know.
//!
//! - `{{ name(key=value, ...) }}` renders `templates/shortcodes/name.html` with the arguments as
//!   variables (text, numbers, true/false, lists);
//! - `{% name(...) %}` Markdown `{% end %}` does the same with the Markdown between, rendered,
//!   as `body`;
//! - `{{/* ... */}}` and `{%/* ... */%}` show a call as written; so does any code span or block.
//!
//! Built in (a site's file of the same name wins): `figure`, `note`, `tip`, `warning` (also
//! reached by GitHub's `> [!NOTE]` alerts), `program_card` and `plan_week` (`plans`), which plan
//! a program from `programs/` through the engine's pipeline, `evidence` (a label linking to the
//! glossary's legend) and `cite` (`cite`: a numbered citation of `data/references.yaml`, with the
//! page's reference list added at its end). A template's `href="@/file.md"` is a checked link
//! of the page, located at the call.
//!
//! A page is expanded before its Markdown is parsed (`Document::expand`): each call becomes an
//! HTML comment marker, which the Markdown pass swaps for the rendered HTML
//! ([`crate::markdown::Embeds`]), so a body's Markdown is rendered with the page (its links and
//! headings are the page's). This module sits at the parse stage but renders templates: it is the
//! one place where Markdown reaches Tera. Its templates see only the view structs of
//! `render::view`, which sits above it: they come through [`Views`], which the view module
//! implements and the caller that knows both hands to the site's loader.

mod cite;
mod parse;
mod plans;
mod urls;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::templates::i18n::Strings;
use crate::templates::{Origin, TEMPLATES_DIR, calls_function, convert_tera_error};
use deload_engine::error::{Error, nearest};
use deload_engine::plan::{Schedule, Week};
use deload_engine::programs::Program;
pub(crate) use parse::may_have_calls;
pub use parse::spans;
use parse::{Arg, Found};

/// The deepest body shortcodes may nest (each level's body is rendered into the one around it,
/// so the cost grows with the depth times the text).
pub(crate) const MAX_BODY_DEPTH: usize = 32;

/// The folder of shortcode templates inside `templates/`.
const DIR: &str = "shortcodes";

/// The built-in shortcode templates.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "figure",
        include_str!("../../../templates/shortcodes/figure.html"),
    ),
    (
        "note",
        include_str!("../../../templates/shortcodes/note.html"),
    ),
    (
        "tip",
        include_str!("../../../templates/shortcodes/tip.html"),
    ),
    (
        "warning",
        include_str!("../../../templates/shortcodes/warning.html"),
    ),
    (
        "program_card",
        include_str!("../../../templates/shortcodes/program_card.html"),
    ),
    (
        "plan_week",
        include_str!("../../../templates/shortcodes/plan_week.html"),
    ),
    (
        "cite",
        include_str!("../../../templates/shortcodes/cite.html"),
    ),
    (
        "evidence",
        include_str!("../../../templates/shortcodes/evidence.html"),
    ),
    // a page's reference list, not a shortcode of its own (names starting with `_` are not)
    (
        "_references",
        include_str!("../../../templates/shortcodes/_references.html"),
    ),
];

/// The values of the shortcode templates that are view structs of the template contract
/// (`render::view`, which implements this trait: the views sit above the stage that renders
/// Markdown, so the caller that knows both passes them down through the site's loader).
pub trait Views: std::fmt::Debug + Sync {
    /// The `config` global every template sees: site.yaml's values.
    fn config(&self, config: &Config) -> Value;

    /// The variables of `shortcodes/plan_week.html`: week `week` of `schedule`, with the
    /// root-relative URL of the program's page in the Programs section when it has one.
    fn plan_week(
        &self,
        schedule: &Schedule,
        week: &Week,
        program_url: Option<String>,
    ) -> Result<Context, String>;

    /// The variables of `shortcodes/program_card.html`: `program`, planned for each training
    /// history in `plans`, with its page's URL as for [`Views::plan_week`].
    fn program_card(
        &self,
        program: &Program,
        plans: &[Schedule],
        program_url: Option<String>,
    ) -> Result<Context, String>;
}

/// The shortcode templates of a site, compiled, and the plans they embed.
pub(crate) struct Shortcodes {
    tera: Tera,
    sources: HashMap<String, (Origin, String)>,
    /// Every shortcode's name.
    names: Vec<String>,
    /// `markdown.unsafe_html`: the content is trusted, URLs of any scheme are kept.
    unsafe_html: bool,
    plans: plans::Planner,
    /// `data/references.yaml`, when the site has one.
    bibliography: Option<cite::Bibliography>,
    /// The images `resize_image` processed (templates share them).
    pub(crate) images: std::sync::Arc<crate::images::Images>,
    /// The theme's strings (`t(key=...)`, in the page's `lang`).
    strings: std::sync::Arc<Strings>,
    /// The shortcodes that look up the site (`get_page`, ...; see [`lookup_shortcodes`]).
    looking_up: HashSet<String>,
}

impl std::fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shortcodes")
            .field("names", &self.names)
            .finish()
    }
}

/// The site functions a shortcode calls as a template does: `load_data` and `now` at once; the
/// ones that look up the site (`get_page`, `get_section`, `get_taxonomy`, `get_url`) once the
/// site has read every page's front matter ([`Shortcodes::set_lookups`]; a page that calls a
/// shortcode using them waits until then to be rendered). Until then each is an error that
/// says why.
fn register_site_functions(tera: &mut Tera, root: &Path) {
    let data = std::sync::Arc::new(crate::data::DataFiles::new(root.to_path_buf()));
    tera.register_function("load_data", move |kw: tera::Kwargs, _: &tera::State| {
        data.load(&kw)
    });
    tera.register_function("now", |_: tera::Kwargs, _: &tera::State| crate::data::now());
    for name in crate::lookups::NAMES {
        tera.register_function(name, move |_: tera::Kwargs, _: &tera::State| {
            Err::<tera::Value, _>(tera::Error::message(format!(
                "`{name}` cannot be called here: this shortcode was rendered before the site \
                 it looks up was read (from a template deload could not trace to the call, \
                 such as an include whose name is computed). Include the shortcode's templates \
                 by their literal names (`{{% include \"shortcodes/_part.html\" %}}`), or \
                 pass what the shortcode needs as an argument (`{{{{ box(title=\"…\") }}}}`)"
            )))
        });
    }
}

/// The names of the shortcodes (`figure`) whose templates call a function that looks up the
/// site, or include, import or extend a template that does (by its literal name: a shortcode
/// template cannot name another any other way). A look at the sources, as
/// [`crate::templates::Templates::uses_function`] takes.
fn lookup_shortcodes(sources: &HashMap<String, (Origin, String)>) -> HashSet<String> {
    let calls = |text: &str| (crate::lookups::NAMES.iter()).any(|n| calls_function(text, n));
    let mut found: HashSet<&str> = (sources.iter())
        .filter(|(_, (_, text))| calls(text))
        .map(|(name, _)| name.as_str())
        .collect();
    loop {
        let names_one = |text: &str| {
            (found.iter())
                .any(|f| text.contains(&format!("\"{f}\"")) || text.contains(&format!("'{f}'")))
        };
        let more: Vec<&str> = (sources.iter())
            .filter(|(name, (_, text))| !found.contains(name.as_str()) && names_one(text))
            .map(|(name, _)| name.as_str())
            .collect();
        if more.is_empty() {
            break;
        }
        found.extend(more);
    }
    (found.into_iter())
        .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
        .map(str::to_string)
        .collect()
}

impl Shortcodes {
    /// The built-in shortcodes and those of `root/templates/shortcodes/` (a file of a built-in's
    /// name replaces it), their values made by `views`, their words from `strings` (`t(...)`,
    /// as in templates). `today` dates the plans of `plan_week`.
    pub(crate) fn load(
        root: &Path,
        config: &Config,
        (today, strings): (jiff::civil::Date, std::sync::Arc<Strings>),
        views: &'static dyn Views,
    ) -> Result<Shortcodes, Vec<Error>> {
        let bibliography = cite::Bibliography::load(root)?;
        let mut sources: HashMap<String, (Origin, String)> = BUILT_IN
            .iter()
            .map(|(n, s)| (format!("{DIR}/{n}.html"), (Origin::Embedded, s.to_string())))
            .collect();
        let dir = root.join(TEMPLATES_DIR).join(DIR);
        if dir.is_dir() {
            let tree = crate::fs::walk_tree(&dir, true);
            if let Some(e) = tree.errors.into_iter().next() {
                return Err(vec![e]);
            }
            for (rel, path) in tree.files.into_iter().filter(|(r, _)| r.ends_with(".html")) {
                let text = crate::fs::read_text(&path).map_err(|e| vec![e])?;
                sources.insert(format!("{DIR}/{rel}"), (Origin::File(path), text));
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        let images = std::sync::Arc::new(crate::images::Images::new(root));
        tera.register_function(
            "resize_image",
            crate::images::tera_function(images.clone(), root.to_path_buf(), "/".to_string()),
        );
        register_site_functions(&mut tera, root);
        tera.register_function("t", crate::templates::i18n::function(strings.clone()));
        let raw: Vec<(String, String)> = sources
            .iter()
            .map(|(n, (_, t))| (n.clone(), t.clone()))
            .collect();
        tera.add_raw_templates(raw)
            .map_err(|e| vec![convert_tera_error(&e, &sources, None)])?;
        tera.global_context()
            .insert_value("config", views.config(config));
        let mut names: Vec<String> = sources
            .keys()
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(".html"))
            .filter(|n| !n.starts_with('_'))
            .map(str::to_string)
            .collect();
        names.sort();
        let looking_up = lookup_shortcodes(&sources);
        Ok(Shortcodes {
            looking_up,
            tera,
            sources,
            names,
            unsafe_html: config.markdown.unsafe_html,
            plans: plans::Planner::new(root, config, today, views),
            bibliography,
            images,
            strings,
        })
    }

    /// An error at each reference of the bibliography that no page rendered so far cites
    /// (none without a bibliography).
    pub(crate) fn uncited_references(&self) -> Vec<Error> {
        self.bibliography
            .as_ref()
            .map(cite::Bibliography::uncited)
            .unwrap_or_default()
    }

    /// Whether a shortcode looks up the site (`get_page`, ...): the site then gives the
    /// shortcodes their snapshot of it ([`Shortcodes::set_lookups`]) before rendering the pages
    /// that call one.
    pub(crate) fn look_up(&self) -> bool {
        !self.looking_up.is_empty()
    }

    /// Whether a shortcode that looks up the site calls the function `name` (`get_page`), so
    /// its snapshot is needed.
    pub(crate) fn uses_lookup(&self, name: &str) -> bool {
        (self.sources.values()).any(|(_, text)| calls_function(text, name))
    }

    /// Whether `body` calls a shortcode that looks up the site: it is rendered once the site is
    /// read (after [`Shortcodes::set_lookups`]).
    pub(crate) fn calls_lookup(&self, body: &str) -> bool {
        if self.looking_up.is_empty() || !may_have_calls(body) {
            return false;
        }
        parse::scan(body).iter().any(|found| match found {
            Found::Inline { name, .. } | Found::Open { name, .. } => {
                self.looking_up.contains(name.as_str())
            }
            _ => false,
        })
    }

    /// Gives the functions that look up the site their snapshot of it (each one only when a
    /// shortcode calls it).
    pub(crate) fn set_lookups(&mut self, lookups: crate::lookups::Lookups) {
        lookups.register(&mut self.tera);
    }

    /// Every file read by the plans the shortcodes embedded so far ([`plans::Planner`]).
    pub(crate) fn plan_sources(&self) -> Vec<std::path::PathBuf> {
        self.plans.sources()
    }

    /// Renders the shortcode `name` with the variables `ctx`.
    fn render(&self, name: &str, ctx: &Context) -> Result<String, Error> {
        let template = format!("{DIR}/{name}.html");
        self.tera
            .render(&template, ctx)
            .map_err(|e| convert_tera_error(&e, &self.sources, None))
    }
}

/// A problem found while expanding a document, at a byte offset of its original body.
#[derive(Debug)]
struct Problem {
    message: String,
    hint: String,
    at: usize,
    notes: Vec<String>,
}

/// One body shortcode of a document: its name, arguments and where it was called.
struct BodyCall {
    name: String,
    args: Vec<(String, Arg)>,
    at: usize,
    nth: usize,
}

/// One Markdown body with its shortcode calls replaced by markers, and what the markers stand
/// for.
pub(crate) struct Document<'s> {
    codes: &'s Shortcodes,
    /// The body to give the Markdown parser.
    pub(crate) source: String,
    /// Pieces of `source` and where they came from: `(start in source, start in the body,
    /// whether the piece was rewritten)`.
    pieces: Vec<(usize, usize, bool)>,
    /// The rendered HTML of each inline call (none when it failed).
    inline: Vec<Option<String>>,
    bodies: Vec<BodyCall>,
    problems: RefCell<Vec<Problem>>,
    warnings: RefCell<Vec<Problem>>,
    /// The references cited, in the order of their first citation (numbered from 1).
    cited: RefCell<Vec<cite::Reference>>,
    /// The `@/` links of the rendered shortcodes and the byte offset of their call, made
    /// `dlsc-link:N` in the HTML until [`Document::finish_markdown`] makes them the page's
    /// checked links.
    links: RefCell<Vec<(String, usize)>>,
    /// The folder of the page under content/ (`blog/trip`), `page_dir` in the templates.
    dir: String,
    /// The page's language code (`es`), `lang` in the templates (a call's own `lang` wins).
    lang: String,
}

impl<'s> Document<'s> {
    /// Finds and expands the shortcode calls of `body`.
    #[cfg(test)]
    pub(crate) fn expand(codes: &'s Shortcodes, body: &str) -> Document<'s> {
        Document::expand_in(codes, body, ("", "en"))
    }

    /// A document of nothing yet, for a body of `len` bytes of a page in `dir` written in
    /// `lang`.
    fn empty(codes: &'s Shortcodes, len: usize, (dir, lang): (&str, &str)) -> Document<'s> {
        Document {
            dir: dir.to_string(),
            lang: lang.to_string(),
            codes,
            source: String::with_capacity(len),
            pieces: Vec::new(),
            inline: Vec::new(),
            bodies: Vec::new(),
            problems: RefCell::new(Vec::new()),
            warnings: RefCell::new(Vec::new()),
            cited: RefCell::new(Vec::new()),
            links: RefCell::new(Vec::new()),
        }
    }

    /// Finds and expands the shortcode calls of `body`, a page of the folder `dir` of content/
    /// written in the language `lang` (its code).
    pub(crate) fn expand_in(
        codes: &'s Shortcodes,
        body: &str,
        (dir, lang): (&str, &str),
    ) -> Document<'s> {
        let mut doc = Document::empty(codes, body.len(), (dir, lang));
        let mut nth: HashMap<String, usize> = HashMap::new();
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut copied = 0;
        for found in parse::scan(body) {
            let (span, replacement) = match found {
                Found::Inline { name, args, span } => {
                    let n = next_nth(&mut nth, &name);
                    let html = doc.render_inline(&name, &args, span.start, n);
                    doc.inline.push(html);
                    (span, format!("<!--dlsc:{}-->", doc.inline.len() - 1))
                }
                Found::Open { span, .. } if open.len() == MAX_BODY_DEPTH => {
                    doc.too_deep(span.start);
                    // the page fails: the calls after this one are left as they are
                    open.clear();
                    break;
                }
                Found::Open { name, args, span } => {
                    let n = next_nth(&mut nth, &name);
                    doc.check_name(&name, span.start);
                    open.push((doc.bodies.len(), span.start));
                    doc.bodies.push(BodyCall {
                        name,
                        args,
                        at: span.start,
                        nth: n,
                    });
                    (span, format!("<!--dlsc-open:{}-->", doc.bodies.len() - 1))
                }
                Found::End { span } => match open.pop() {
                    Some((i, at)) => {
                        doc.check_body(body, at, span.start);
                        (span, format!("<!--dlsc-close:{i}-->"))
                    }
                    None => {
                        doc.problem(
                            "`{% end %}` without a shortcode to end",
                            "remove it, or open the shortcode with `{% name(...) %}`",
                            span.start,
                        );
                        continue;
                    }
                },
                Found::Literal { text, span } => (span, text),
                Found::Foreign { what, at } => {
                    doc.foreign(&what, at);
                    continue;
                }
                Found::Broken { message, hint, at } => {
                    doc.problem(&message, &hint, at);
                    continue;
                }
            };
            doc.copy(body, copied, span.start);
            doc.pieces.push((doc.source.len(), span.start, true));
            doc.source.push_str(&replacement);
            copied = span.end;
        }
        for (_, at) in open {
            doc.problem(
                "this shortcode is not ended",
                "end its body with `{% end %}`",
                at,
            );
        }
        doc.copy(body, copied, body.len());
        doc
    }

    /// The problem of a body shortcode opened at `at`, one level deeper than the limit.
    fn too_deep(&self, at: usize) {
        self.problem(
            &format!(
                "shortcode bodies nest deeper than deload's limit of {MAX_BODY_DEPTH} levels here"
            ),
            "end some of the shortcodes before this one opens",
            at,
        );
    }

    /// The warning for another generator's tag (`what`) at `at`, shown as written.
    fn foreign(&self, what: &str, at: usize) {
        self.warnings.borrow_mut().push(Problem {
            message: format!("`{what}` looks like another generator's shortcode or template tag; it is shown as written"),
            hint: "deload's shortcodes are `{{ name(key=value) }}` and `{% name() %}...{% end %}` (see the manual's shortcodes page); write `{{/* ... */}}` to show a call as text".into(),
            at,
            notes: Vec::new(),
        });
    }

    /// Copies `body[from..to]` unchanged.
    fn copy(&mut self, body: &str, from: usize, to: usize) {
        if from < to {
            self.pieces.push((self.source.len(), from, false));
            self.source.push_str(&body[from..to]);
        }
    }

    /// Records a problem at byte `at` of the body.
    fn problem(&self, message: &str, hint: &str, at: usize) {
        self.problems.borrow_mut().push(Problem {
            message: message.to_string(),
            hint: hint.to_string(),
            at,
            notes: Vec::new(),
        });
    }

    /// Whether a shortcode of that name exists (else a problem naming the nearest).
    fn check_name(&self, name: &str, at: usize) -> bool {
        if self.codes.names.iter().any(|n| n == name) {
            return true;
        }
        let hint = match nearest(name, self.codes.names.iter().map(String::as_str)) {
            Some(n) => {
                format!("did you mean `{n}`? Shortcodes are the files of templates/shortcodes/")
            }
            None => format!(
                "add templates/shortcodes/{name}.html, or use one of: {}",
                self.codes.names.join(", ")
            ),
        };
        self.problem(&format!("unknown shortcode `{name}`"), &hint, at);
        false
    }

    /// A body that starts on its own line must end on its own line, and one that starts inside
    /// a line must end in the same paragraph.
    fn check_body(&self, body: &str, open: usize, end: usize) {
        // only white space back to the line's start (looked at backwards: a long line of calls
        // is not read again for each)
        let line_start = |i: usize| {
            let before = body[..i].trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
            before.is_empty() || before.ends_with('\n')
        };
        let block = line_start(open);
        if block && !line_start(end) {
            self.problem(
                "`{% end %}` must be on its own line when the shortcode starts on its own line",
                "put `{% end %}` on a line of its own",
                end,
            );
        } else if !block && body[open..end].contains("\n\n") {
            self.problem(
                "a shortcode inside a paragraph cannot hold several paragraphs",
                "start the shortcode on its own line",
                open,
            );
        }
    }

    /// Renders the inline call `name(args)` at byte `at`; none (and a problem) if it fails.
    fn render_inline(
        &self,
        name: &str,
        args: &[(String, Arg)],
        at: usize,
        nth: usize,
    ) -> Option<String> {
        if !self.check_name(name, at) {
            return None;
        }
        self.render_call(name, args, None, at, nth)
    }

    /// Renders `name` with `args` (and `body`, HTML); a failure is a problem at `at`.
    fn render_call(
        &self,
        name: &str,
        args: &[(String, Arg)],
        body: Option<&str>,
        at: usize,
        nth: usize,
    ) -> Option<String> {
        let ctx = match self.context(name, args, body, nth) {
            Ok(c) => c,
            Err((message, hint)) => {
                self.problem(&message, &hint, at);
                return None;
            }
        };
        let html = match self.codes.render(name, &ctx) {
            Ok(html) if self.codes.unsafe_html => Some(html),
            Ok(html) => {
                let (html, bad) = urls::make_inert(&html);
                for url in bad {
                    self.warnings.borrow_mut().push(Problem {
                        message: format!(
                            "shortcode `{name}`: {}",
                            crate::urls::schemes::warning(&url)
                                .replace("was rendered as plain text", "was made inert (`#`)")
                        ),
                        hint: crate::urls::schemes::HINT.into(),
                        at,
                        notes: Vec::new(),
                    });
                }
                Some(html)
            }
            Err(e) => {
                let mut notes = vec![e.to_string()];
                notes.extend(e.notes);
                let prefix = format!("template error in `{DIR}/{name}.html`: ");
                let message = e.message.strip_prefix(&prefix).unwrap_or(&e.message);
                self.problems.borrow_mut().push(Problem {
                    message: format!("shortcode `{name}`: {message}"),
                    hint: e.hint.unwrap_or_else(|| {
                        "check the arguments against the shortcode's template".into()
                    }),
                    at,
                    notes,
                });
                None
            }
        };
        html.map(|h| self.take_links(&h, at))
    }

    /// `html` with each `href="@/…"` (a link to a content file, written in a shortcode's
    /// template) made `href="dlsc-link:N"` and recorded as a link of the call at `at`.
    fn take_links(&self, html: &str, at: usize) -> String {
        const HREF: &str = "href=\"@/";
        if !html.contains(HREF) {
            return html.to_string();
        }
        let mut links = self.links.borrow_mut();
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(i) = rest.find(HREF) {
            let url_start = i + "href=\"".len();
            let Some(len) = rest[url_start..].find('"') else {
                break;
            };
            out.push_str(&rest[..url_start]);
            out.push_str(&format!("{LINK_PREFIX}{}", links.len()));
            links.push((unescape_attr(&rest[url_start..url_start + len]), at));
            rest = &rest[url_start + len..];
        }
        out.push_str(rest);
        out
    }

    /// The template variables of a call: the plan shortcodes' own, else the arguments.
    fn context(
        &self,
        name: &str,
        args: &[(String, Arg)],
        body: Option<&str>,
        nth: usize,
    ) -> Result<Context, (String, String)> {
        let mut ctx = match name {
            "plan_week" => self.codes.plans.plan_week(args)?,
            "program_card" => self.codes.plans.program_card(args)?,
            _ => {
                let mut ctx = Context::new();
                for (k, v) in args {
                    ctx.insert_value(k.clone(), v.to_value());
                }
                ctx
            }
        };
        match name {
            "cite" => ctx.insert("reference", &self.cite(args)?),
            "evidence" => cite::check_level(text_arg(args, "level"))?,
            _ => {}
        }
        ctx.insert_value("nth", Value::from(nth as u64));
        ctx.insert_value("page_dir", Value::from(self.dir.as_str()));
        if !args.iter().any(|(k, _)| k == "lang") {
            ctx.insert_value("lang", Value::from(self.lang.as_str()));
        }
        if let Some(b) = body {
            ctx.insert_value("body", Value::safe_string(b));
        }
        Ok(ctx)
    }

    /// The reference a `cite` call's `key` names, numbered on this page.
    fn cite(&self, args: &[(String, Arg)]) -> Result<cite::Reference, (String, String)> {
        let Some(bib) = &self.codes.bibliography else {
            return Err((
                format!("`cite` needs a bibliography, {}", cite::FILE),
                format!("add {} with an entry for each source", cite::FILE),
            ));
        };
        let Some(key) = text_arg(args, "key") else {
            return Err((
                "`cite` needs a `key`".into(),
                "write `{{ cite(key=\"morton2018\") }}` with a key of the bibliography".into(),
            ));
        };
        let mut cited = self.cited.borrow_mut();
        if let Some(r) = cited.iter().find(|r| r.key == key) {
            return Ok(r.clone());
        }
        let r = bib.cite(key, cited.len() + 1)?;
        cited.push(r.clone());
        Ok(r)
    }

    /// What the page's shortcodes add to its rendered Markdown `r` (whose link offsets are
    /// already the body's): their `@/` links, as the page's checked links, and the list of the
    /// references it cites, at the end.
    pub(crate) fn finish_markdown(&self, r: &mut crate::markdown::Rendered) {
        let links = std::mem::take(&mut *self.links.borrow_mut());
        for (k, (url, at)) in links.into_iter().enumerate().rev() {
            // the highest first: `dlsc-link:1` is not the start of `dlsc-link:12`
            let from = format!("\"{LINK_PREFIX}{k}\"");
            let to = format!("\"{}\"", crate::markdown::link_placeholder(r.links.len()));
            r.html = r.html.replace(&from, &to);
            r.summary = r.summary.replace(&from, &to);
            r.links.push(crate::markdown::internal_link(&url, at));
        }
        let references = self.cited.borrow().clone();
        if references.is_empty() {
            return;
        }
        let mut ctx = Context::new();
        ctx.insert("references", &references);
        ctx.insert_value("lang", Value::from(self.lang.as_str()));
        match self.codes.render("_references", &ctx) {
            Ok(html) => {
                r.html.push_str(&html);
                r.anchors.push(REFERENCES_ID.into());
                r.anchors.extend(crate::markdown::html_ids(&html));
                r.toc.push(crate::markdown::Heading {
                    level: 2,
                    id: REFERENCES_ID.into(),
                    title: self.codes.strings.text(Some(&self.lang), "references"),
                    children: Vec::new(),
                });
            }
            Err(e) => self.problem(&e.message, "check templates/shortcodes/_references.html", 0),
        }
    }

    /// The byte offset in the original body of byte `i` of [`Document::source`].
    pub(crate) fn original_offset(&self, i: usize) -> usize {
        let k = self.pieces.partition_point(|p| p.0 <= i);
        match k.checked_sub(1).map(|k| self.pieces[k]) {
            Some((start, orig, false)) => orig + (i - start),
            Some((_, orig, true)) => orig,
            None => i,
        }
    }

    /// The errors and warnings found, located in `file` (whose text is `text`, the body starting
    /// at `body_offset`).
    pub(crate) fn finish(
        self,
        file: &Path,
        text: &str,
        body_offset: usize,
    ) -> (Vec<Error>, Vec<Error>) {
        let to_error = |p: Problem| {
            let mut e = Error::new(p.message)
                .in_file(file)
                .at_offset(text, body_offset + p.at)
                .with_hint(p.hint);
            for n in p.notes {
                e = e.with_note(n);
            }
            e
        };
        let errors = self
            .problems
            .into_inner()
            .into_iter()
            .map(to_error)
            .collect();
        let warnings = self
            .warnings
            .into_inner()
            .into_iter()
            .map(to_error)
            .collect();
        (errors, warnings)
    }
}

impl crate::markdown::Embeds for Document<'_> {
    fn inline(&self, n: usize) -> Option<String> {
        self.inline.get(n).cloned().flatten()
    }

    fn body(&self, n: usize, body_html: &str) -> Option<String> {
        let call = self.bodies.get(n)?;
        if !self.codes.names.contains(&call.name) {
            return None;
        }
        self.render_call(&call.name, &call.args, Some(body_html), call.at, call.nth)
    }

    fn callout(&self, kind: &str, title: &str, body_html: &str, at: usize) -> Option<String> {
        let args = [("title".to_string(), Arg::Text(title.to_string()))];
        let at = self.original_offset(at);
        self.render_call(kind, &args, Some(body_html), at, 1)
    }
}

/// The prefix of a shortcode's `@/` link until the Markdown pass has numbered it.
const LINK_PREFIX: &str = "dlsc-link:";

/// The `id` of a page's reference list (`shortcodes/_references.html` gives it to its heading).
const REFERENCES_ID: &str = "references";

/// The text argument `name` of a call, if it has one.
fn text_arg<'a>(args: &'a [(String, Arg)], name: &str) -> Option<&'a str> {
    args.iter().find_map(|(k, v)| match v {
        Arg::Text(t) if k == name => Some(t.as_str()),
        _ => None,
    })
}

/// An attribute value as written by Tera's escaping, read back (`&amp;` → `&`).
fn unescape_attr(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The next count of calls of `name` (1 for the first).
fn next_nth(nth: &mut HashMap<String, usize>, name: &str) -> usize {
    let n = nth.entry(name.to_string()).or_insert(0);
    *n += 1;
    *n
}

#[cfg(test)]
mod tests;
