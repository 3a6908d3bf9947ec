//! Heading attributes (`## Title {#id .class key=value}`), the one attribute syntax of the
//! Markdown deload reads. Unless `markdown.unsafe_html` says the content is trusted, a heading
//! keeps only an id and classes made of safe characters: any other attribute (`onfocus=...`,
//! `autofocus`, `style=...`) would put script or layout into the page, so it is dropped, and the
//! page gets a warning at the heading naming what went.

use pulldown_cmark::{CowStr, Tag};

/// The hint of the warning.
pub(crate) const HINT: &str = "headings may set `{#id}` and `{.class}` of letters, digits, `-`, `_`, `.` and `:`; set `markdown.unsafe_html: true` in site.yaml only if every author of the content is trusted";

/// Whether `value` may be an id or a class: letters, digits, `-`, `_`, `.` and `:` only.
pub(crate) fn is_safe_name(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// `tag` (a heading's start) with only its safe id and classes, and the warning's words when
/// something was dropped. `id=` and `class=` written as key-value pairs count as `#id` and
/// `.class`. Any other tag is returned as it is.
pub(crate) fn keep_safe(tag: Tag<'_>) -> (Tag<'_>, Option<String>) {
    let Tag::Heading {
        level,
        id,
        classes,
        attrs,
    } = tag
    else {
        return (tag, None);
    };
    let mut dropped = Vec::new();
    let mut keep_id = None;
    let mut keep_classes = Vec::new();
    let mut consider_id = |value: CowStr<'_>, written: String, dropped: &mut Vec<String>| {
        if is_safe_name(&value) {
            keep_id = Some(value.into_string().into());
        } else {
            dropped.push(written);
        }
    };
    if let Some(id) = id {
        let written = format!("#{id}");
        consider_id(id, written, &mut dropped);
    }
    for class in classes {
        if is_safe_name(&class) {
            keep_classes.push(class);
        } else {
            dropped.push(format!(".{class}"));
        }
    }
    for (key, value) in attrs {
        let written = match &value {
            Some(v) => format!("{key}={v}"),
            None => key.to_string(),
        };
        match (key.as_ref(), value) {
            ("id", Some(v)) => consider_id(v, written, &mut dropped),
            ("class", Some(v)) if is_safe_name(&v) => keep_classes.push(v),
            _ => dropped.push(written),
        }
    }
    let tag = Tag::Heading {
        level,
        id: keep_id,
        classes: keep_classes,
        attrs: Vec::new(),
    };
    let warning = (!dropped.is_empty()).then(|| warning(&dropped));
    (tag, warning)
}

/// The warning's words for the attributes `dropped` (as written).
fn warning(dropped: &[String]) -> String {
    let shown: Vec<String> = dropped
        .iter()
        .map(|d| {
            let cut: String = d.chars().take(40).collect();
            let more = if d.chars().nth(40).is_some() {
                "…"
            } else {
                ""
            };
            format!("`{}{more}`", cut.escape_debug())
        })
        .collect();
    format!(
        "heading attributes dropped: {} (only an id and classes of safe characters are kept)",
        shown.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::HeadingLevel;

    fn heading<'a>(
        id: Option<&'a str>,
        classes: &[&'a str],
        attrs: &[(&'a str, Option<&'a str>)],
    ) -> Tag<'a> {
        Tag::Heading {
            level: HeadingLevel::H2,
            id: id.map(CowStr::from),
            classes: classes.iter().map(|&c| c.into()).collect(),
            attrs: attrs
                .iter()
                .map(|&(k, v)| (k.into(), v.map(CowStr::from)))
                .collect(),
        }
    }

    #[test]
    fn only_safe_ids_and_classes_stay() {
        let (tag, warning) = keep_safe(heading(
            Some("x"),
            &["wide", "bad\"class"],
            &[
                ("tabindex", Some("0")),
                ("autofocus", None),
                ("onfocus", Some("alert(1)")),
                ("class", Some("extra")),
            ],
        ));
        let Tag::Heading {
            id, classes, attrs, ..
        } = tag
        else {
            panic!("not a heading")
        };
        assert_eq!(id.as_deref(), Some("x"));
        let classes: Vec<&str> = classes.iter().map(AsRef::as_ref).collect();
        assert_eq!(classes, ["wide", "extra"]);
        assert!(attrs.is_empty());
        let w = warning.unwrap_or_default();
        for d in [
            "`tabindex=0`",
            "`autofocus`",
            "`onfocus=alert(1)`",
            "`.bad\\\"class`",
        ] {
            assert!(w.contains(d), "{d} in {w}");
        }
    }

    #[test]
    fn an_unsafe_id_is_dropped_and_id_pairs_count() {
        let (tag, warning) = keep_safe(heading(Some("a<b"), &[], &[]));
        assert!(matches!(tag, Tag::Heading { id: None, .. }));
        assert!(warning.is_some_and(|w| w.contains("`#a<b`")));
        let (tag, warning) = keep_safe(heading(None, &[], &[("id", Some("sleep-1"))]));
        assert!(matches!(tag, Tag::Heading { id: Some(ref i), .. } if i.as_ref() == "sleep-1"));
        assert_eq!(warning, None);
    }

    #[test]
    fn safe_names() {
        for ok in ["x", "sleep-1", "a_b", "a.b", "md:flex", "schlaf-über"] {
            assert!(is_safe_name(ok), "{ok}");
        }
        for bad in ["", "a b", "a\"b", "a<b", "a'b", "a=b", "a(b)", "a&b"] {
            assert!(!is_safe_name(bad), "{bad}");
        }
    }
}
