//! Footnotes at the end of the page, with back-links: each reference is numbered in order of
//! first use and links to its note; each note, listed after the text, links back to every place
//! that refers to it.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, TagEnd};

use deload_engine::text::{escape_attr, slugify};

/// The footnotes of one document.
#[derive(Debug, Default)]
pub(super) struct Footnotes<'a> {
    /// Per footnote name: its number and how many references it has had.
    refs: HashMap<String, (usize, usize)>,
    /// Names in order of first reference.
    order: Vec<String>,
    /// Each definition's events, by name, with the order the definitions came in.
    defs: HashMap<String, Vec<Event<'a>>>,
    def_order: Vec<String>,
}

/// The anchor id of footnote `name`.
fn note_id(name: &str) -> String {
    let s = slugify(name);
    format!("fn-{}", if s.is_empty() { "note" } else { &s })
}

/// The anchor id of the `k`th (1-based) reference to footnote `name`.
fn ref_id(name: &str, k: usize) -> String {
    let base = note_id(name).replacen("fn-", "fnref-", 1);
    if k == 1 { base } else { format!("{base}-{k}") }
}

impl<'a> Footnotes<'a> {
    /// A reference to footnote `name`: the HTML of the page and that of a summary (no ids,
    /// which would repeat on a listing page, and no link).
    pub(super) fn reference(&mut self, name: &str) -> (String, String) {
        let next = self.refs.len() + 1;
        let entry = self.refs.entry(name.to_string()).or_insert((next, 0));
        if entry.1 == 0 {
            self.order.push(name.to_string());
        }
        entry.1 += 1;
        let (n, k) = *entry;
        let html = format!(
            "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{}\">{n}</a></sup>",
            escape_attr(&note_id(name)),
            escape_attr(&ref_id(name, k))
        );
        (html, format!("<sup class=\"footnote-ref\">{n}</sup>"))
    }

    /// Keeps the events of footnote `name`'s definition.
    pub(super) fn define(&mut self, name: &str, events: Vec<Event<'a>>) {
        if !self.defs.contains_key(name) {
            self.def_order.push(name.to_string());
        }
        self.defs.insert(name.to_string(), events);
    }

    /// The notes section: every defined note in order of first reference (unreferenced ones
    /// after), each with its back-links. No events when the document has no notes.
    pub(super) fn section(mut self) -> Vec<Event<'a>> {
        if self.defs.is_empty() {
            return Vec::new();
        }
        let mut names = self.order.clone();
        names.extend(
            self.def_order
                .iter()
                .filter(|n| !self.refs.contains_key(*n))
                .cloned(),
        );
        let mut out = vec![html(
            "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n",
        )];
        let mut number = self.refs.len();
        for name in names {
            let Some(mut events) = self.defs.remove(&name) else {
                continue;
            };
            let (n, uses) = self.refs.get(&name).copied().unwrap_or_else(|| {
                number += 1;
                (number, 0)
            });
            out.push(html(&format!(
                "<li id=\"{}\" value=\"{n}\">",
                escape_attr(&note_id(&name))
            )));
            let back = back_links(&name, n, uses);
            // the back-links go at the end of the note's last paragraph
            match events.last() {
                Some(Event::End(TagEnd::Paragraph)) => {
                    let end = events.pop();
                    events.push(html(&back));
                    events.extend(end);
                }
                _ => events.push(html(&back)),
            }
            out.extend(events);
            out.push(html("</li>\n"));
        }
        out.push(html("</ol>\n</section>\n"));
        out
    }
}

/// The links from note `n` back to each of its `uses` references.
fn back_links(name: &str, n: usize, uses: usize) -> String {
    (1..=uses)
        .map(|k| {
            let label = if uses == 1 {
                format!("Back to reference {n}")
            } else {
                format!("Back to reference {n} ({k})")
            };
            format!(
                " <a href=\"#{}\" class=\"footnote-backref\" aria-label=\"{label}\">↩</a>",
                escape_attr(&ref_id(name, k))
            )
        })
        .collect()
}

/// A raw HTML event.
fn html<'a>(s: &str) -> Event<'a> {
    Event::Html(CowStr::from(s.to_string()))
}
