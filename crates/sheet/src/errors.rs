//! Tera's errors as ours: the template file (the site's, or the built-in one named as such), line,
//! column and source line, with a hint. The site's templates and shortcodes use it too.

use std::collections::HashMap;
use std::path::PathBuf;

use deload_engine::error::{Error, Location};

/// The folder under a site's root whose files override built-in templates (named in messages
/// about built-in templates: `(built-in) templates/plan/week.html`).
pub const TEMPLATES_DIR: &str = "templates";

/// Where a template came from, for error messages.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Compiled into deload.
    Embedded,
    /// The site's file.
    File(PathBuf),
}

/// Template sources by name: where each came from and its text.
pub type Sources = HashMap<String, (Origin, String)>;

/// The names of the templates a Tera error is about.
pub fn erring_templates(e: &tera::Error) -> Vec<String> {
    use tera::ErrorKind as K;
    match e.kind() {
        K::SyntaxError(r) | K::RenderingError(r) => vec![r.filename().to_string()],
        K::MissingParent { current, .. } => vec![current.clone()],
        K::CircularExtend { tpl, .. } | K::CircularInclude { tpl, .. } => vec![tpl.clone()],
        _ => {
            // combined reports: every `--> name:line:col`
            let text = e.to_string();
            text.match_indices("--> ")
                .filter_map(|(i, _)| {
                    let rest = &text[i + 4..];
                    rest.split(':').next().map(|n| n.trim().to_string())
                })
                .collect()
        }
    }
}

/// Turns a Tera error into ours: the template file, line, column and source line.
pub fn convert_tera_error(e: &tera::Error, sources: &Sources, what: Option<&str>) -> Error {
    use tera::ErrorKind as K;
    let mut err = match e.kind() {
        K::SyntaxError(r) => convert_report(r, true, sources),
        K::RenderingError(r) => convert_report(r, false, sources),
        K::TemplateNotFound(n) => Error::new(format!("template `{n}` not found")).with_hint(
            format!("add templates/{n} or use one of the built-in templates"),
        ),
        K::MissingParent { current, parent } => Error::new(format!(
            "template `{current}` extends `{parent}`, which does not exist"
        ))
        .with_hint(format!("add templates/{parent} or fix the `extends` name")),
        K::CircularExtend { tpl, .. } | K::CircularInclude { tpl, .. } => Error::new(format!(
            "template `{tpl}` extends or includes itself in a loop"
        ))
        .with_hint("break the loop of extends/include"),
        _ => convert_combined(&e.to_string(), sources),
    };
    if let Some(w) = what {
        err = err.with_note(format!("while rendering {w}"));
    }
    err
}

/// Points `err` at `line` (1-based) and `column` (0-based, as Tera counts) of the template
/// `name`, when it is one of `sources`.
fn locate(err: Error, name: &str, line: usize, column: usize, sources: &Sources) -> Error {
    let Some((origin, text)) = sources.get(name) else {
        return err;
    };
    let loc = Location {
        line: line.max(1),
        column: column + 1,
    };
    match origin {
        Origin::File(p) => err.in_file(p).at(loc, text),
        Origin::Embedded => err
            .in_file(format!("(built-in) {TEMPLATES_DIR}/{name}"))
            .at(loc, text),
    }
}

/// A syntax error (`syntax`) or a rendering error with its template and span.
fn convert_report(r: &tera::ReportError, syntax: bool, sources: &Sources) -> Error {
    let kind = if syntax {
        "template syntax error"
    } else {
        "template error"
    };
    let name = r.filename();
    let span = r.span();
    let err = Error::new(format!("{kind} in `{name}`: {}", r.message()));
    let hint = call_field_hint(name, span.start_line, sources);
    locate(err, name, span.start_line, span.start_col, sources).with_hint(hint.unwrap_or_else(
        || {
            if syntax {
                "fix the template syntax at the caret ({{ ... }} for values, {% ... %} for tags)"
            } else {
                "check the variable's name against the manual's template context page (docs/content/reference/template-context.md); use `?.` or `is defined` for optional values"
            }
            .to_string()
        },
    ))
}

/// The hint for a field read off a function's result (`get_page(path="a.md").title`), which
/// Tera 2 does not parse, when line `line` of template `name` has one.
fn call_field_hint(name: &str, line: usize, sources: &Sources) -> Option<String> {
    let (_, text) = sources.get(name)?;
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let close = source.find(").")?;
    let open = source[..close].rfind('(')?;
    let function = source[..open]
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()
        .filter(|f| !f.is_empty())?;
    Some(format!(
        "Tera 2 cannot read a field of a function's result: set a variable first, \
         `{{% set p = {function}(...) %}}{{{{ p.title }}}}`"
    ))
}

/// Tera combines several reports into one message (`text`): the first, located at its
/// `--> name:line:col`, with a note counting the others.
fn convert_combined(text: &str, sources: &Sources) -> Error {
    let first = text
        .lines()
        .map(|l| l.trim().trim_start_matches("error:").trim())
        .find(|l| !l.is_empty())
        .unwrap_or("template error")
        .to_string();
    let mut err = Error::new(format!("template error: {first}"));
    if let Some(i) = text.find("--> ") {
        let mut parts = text[i + 4..].lines().next().unwrap_or("").split(':');
        let name = parts.next().unwrap_or("").trim().to_string();
        let mut number = || parts.next().and_then(|x| x.trim().parse::<usize>().ok());
        let line = number().unwrap_or(1);
        let col = number().unwrap_or(0);
        if let Some(hint) = call_field_hint(&name, line, sources) {
            err = err.with_hint(hint);
        }
        err = locate(err, &name, line, col, sources);
    }
    let more = text.matches("--> ").count();
    if more > 1 {
        err = err.with_note(format!(
            "{} more template errors follow from the same cause",
            more - 1
        ));
    }
    if err.hint.is_some() {
        return err;
    }
    err.with_hint("fix the template at the caret")
}
