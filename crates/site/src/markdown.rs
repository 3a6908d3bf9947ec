//! Markdown → HTML with our event pass: stable heading ids, a table of contents, a summary,
//! word counts, escaped raw HTML (unless allowed) and internal `@/` links recorded for later
//! resolution.
//!
//! Footnotes are gathered at the end with back-links (`footnotes`), and headings get an anchor
//! link when the site asks for them.
//!
//! Rendering happens before every page's anchors are known, so an internal link is written with a
//! placeholder `href` (`link_placeholder`); [`resolve_links`] swaps in the real URL once the
//! whole site is loaded. That keeps Markdown parsing to one pass per page.

mod attributes;
pub mod bounds;
mod embedded;
mod extras;
mod footnotes;
pub mod highlight;

use std::collections::HashMap;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::{Deserialize, Serialize};

use crate::urls::{self, Kind, schemes};

/// One heading in a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u32,
    /// The anchor id (`#id`).
    pub id: String,
    /// The heading's plain text.
    pub title: String,
    /// Headings nested under this one.
    pub children: Vec<Heading>,
}

/// A link the build checks, found in a page (`@/path.md#anchor`, `/site/path/`, or relative),
/// to be resolved once the site is loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalLink {
    /// What the link names: a content file (`@/`), a site path, or a path relative to the page.
    pub(crate) kind: Kind,
    /// The target without its `#anchor`: for `@/` links the content-relative path of the file
    /// (`guidance/sleep.md`), else the URL as written (`/guidance/sleep/`, `chart.png?x=1`).
    pub(crate) target: String,
    /// The anchor after `#`, if any.
    pub(crate) anchor: Option<String>,
    /// Byte offset of the link in the Markdown source, for error locations.
    pub(crate) offset: usize,
}

/// What rendering one Markdown document produced.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rendered {
    /// The HTML, with internal links as placeholders.
    pub html: String,
    /// The summary HTML: up to `<!-- more -->`, else the first paragraph.
    pub summary: String,
    /// Nested table of contents.
    pub toc: Vec<Heading>,
    /// Every heading id on the page (and explicit ids), for anchor checks.
    pub anchors: Vec<String>,
    /// Internal links in order of appearance; placeholder N refers to `links[N]`.
    pub links: Vec<InternalLink>,
    /// Words of text (code excluded).
    pub word_count: usize,
    /// Plain text (for the search index).
    pub text: String,
    /// What the page does not show as written, each with a warning: links and images whose
    /// scheme is not allowed (see `schemes`), rendered as plain text, and heading attributes
    /// other than a safe id and classes (see `attributes`). A page that has any is never cached
    /// (`site::cache`), so they are not kept there.
    #[serde(skip)]
    pub(crate) warnings: Vec<Warning>,
    /// The HTML while it still lies in the page cache's file (`html` is then empty): a page
    /// taken from the cache is not copied out of it, nor its links' URLs put in, until
    /// [`Rendered::html`] asks for it, so a build that renders one page leaves the HTML of the
    /// others where it is (see [`Deferred`]).
    #[serde(skip)]
    pub(crate) deferred: Option<Deferred>,
}

/// Bytes that hold renderings' HTML (the page cache's file, read once for the whole build).
pub(crate) trait Held: Send + Sync {
    /// The bytes.
    fn bytes(&self) -> &[u8];
}

/// A rendering's HTML where it lies in bytes [`Held`] elsewhere, and the URLs of its internal
/// links (put in when the HTML is asked for: see [`Rendered::html`]).
#[derive(Clone)]
pub(crate) struct Deferred {
    held: std::sync::Arc<dyn Held>,
    range: std::ops::Range<usize>,
    urls: Vec<String>,
}

impl Deferred {
    /// The HTML at `range` of `held`'s bytes (UTF-8: checked when it was decoded).
    pub(crate) fn new(held: std::sync::Arc<dyn Held>, range: std::ops::Range<usize>) -> Deferred {
        Deferred {
            held,
            range,
            urls: Vec::new(),
        }
    }

    /// The HTML, its links' URLs put in.
    fn html(&self) -> std::borrow::Cow<'_, str> {
        let raw = (self.held.bytes().get(self.range.clone()))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default();
        if self.urls.is_empty() {
            std::borrow::Cow::Borrowed(raw)
        } else {
            std::borrow::Cow::Owned(resolve_links(raw, &self.urls))
        }
    }
}

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deferred")
            .field("range", &self.range)
            .field("urls", &self.urls.len())
            .finish_non_exhaustive()
    }
}

/// A warning about something of the Markdown source the page does not show as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Warning {
    /// Byte offset in the Markdown source.
    pub(crate) offset: usize,
    /// What happened.
    pub(crate) message: String,
    /// What to do about it.
    pub(crate) hint: &'static str,
}

impl Rendered {
    /// The HTML, its internal links' URLs put in: `html`, or what the page cache holds for it.
    pub fn html(&self) -> std::borrow::Cow<'_, str> {
        match &self.deferred {
            Some(d) => d.html(),
            None => std::borrow::Cow::Borrowed(&self.html),
        }
    }

    /// Puts the URLs of the internal links (`urls[n]` for link `n`) into the HTML and the
    /// summary. The summary is shown on other pages (listings, feeds): its links to the page's
    /// own headings (`#a`) get the page's URL, `page_url`, in front.
    pub(crate) fn resolve_links(&mut self, urls: &[String], page_url: &str) {
        if urls.is_empty() {
            return;
        }
        match &mut self.deferred {
            // put in when the HTML is asked for
            Some(d) => d.urls = urls.to_vec(),
            None => self.html = resolve_links(&self.html, urls),
        }
        let elsewhere: Vec<String> = (urls.iter())
            .map(|u| {
                if u.starts_with('#') {
                    format!("{page_url}{u}")
                } else {
                    u.clone()
                }
            })
            .collect();
        self.summary = resolve_links(&self.summary, &elsewhere);
    }
}

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions {
    /// Pass raw HTML through (otherwise it is shown as text).
    pub unsafe_html: bool,
    /// Give every heading a link to itself (`<a class="anchor" href="#id">`).
    pub heading_anchors: bool,
    /// Typographic quotes, dashes and ellipses (`"a" -- b...` → `“a” – b…`).
    pub smart_punctuation: bool,
    /// Highlight fenced code at build time (see `highlight`).
    pub highlight: bool,
    /// Definition lists (`Term` then `: definition`).
    pub definition_lists: bool,
    /// Emoji shortcodes (`:smile:`).
    pub emoji: bool,
    /// Attribute lists on paragraphs, links and images (`{.class #id}`, `{: .class}`).
    pub attributes: bool,
    /// `$...$` and `$$...$$` as MathML.
    pub math: bool,
    /// Bare `https://` URLs as links.
    pub linkify: bool,
    /// Whether heading ids keep upper case (site.yaml `slugify.anchors`).
    pub anchors: urls::slug::Mode,
}

impl MarkdownOptions {
    /// Whether adjacent text is gathered before it is written (the extras that read text).
    fn gathers_text(self) -> bool {
        self.emoji || self.linkify || self.attributes
    }
}

impl Default for MarkdownOptions {
    /// Raw HTML shown as text, no anchor links, smart punctuation.
    fn default() -> Self {
        MarkdownOptions {
            unsafe_html: false,
            heading_anchors: false,
            smart_punctuation: true,
            highlight: false,
            definition_lists: false,
            emoji: false,
            attributes: false,
            math: false,
            linkify: false,
            anchors: urls::slug::Mode::On,
        }
    }
}

pub(crate) const PLACEHOLDER_PREFIX: &str = "deload-internal-link:";

/// The hint of the warning about raw HTML shown as text.
const RAW_HTML_HINT: &str = "write it in Markdown, or, if every author of the site is trusted, \
     set `markdown.unsafe_html: true` in site.yaml to pass raw HTML through";

/// The values of the `id` and `name` attributes of `html`: what `#fragment` links may name.
pub(crate) fn html_ids(html: &str) -> Vec<String> {
    embedded::ids(html)
}

/// The placeholder `href` written for internal link number `n`.
pub(crate) fn link_placeholder(n: usize) -> String {
    format!("{PLACEHOLDER_PREFIX}{n}")
}

/// The pulldown-cmark extensions deload renders with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What the Markdown pass puts in place of the shortcode markers (`<!--dlsc:N-->`,
/// `<!--dlsc-open:N-->` ... `<!--dlsc-close:N-->`) and of GitHub's alerts (`> [!NOTE]`): HTML
/// rendered elsewhere (see `shortcodes`). `None` when rendering failed (the failure is recorded
/// where it happened).
pub(crate) trait Embeds {
    /// The HTML of inline shortcode `n`.
    fn inline(&self, n: usize) -> Option<String>;
    /// The HTML of body shortcode `n` around its rendered body.
    fn body(&self, n: usize, body_html: &str) -> Option<String>;
    /// The HTML of a callout of `kind` (`note`, `tip`, `warning`) titled `title` around its
    /// rendered body; `at` is the alert's byte offset in the source.
    fn callout(&self, kind: &str, title: &str, body_html: &str, at: usize) -> Option<String>;
}

/// Renders `source` (a page body). Never fails: Markdown has no syntax errors; link checks come
/// later in [`resolve_links`].
pub fn render(source: &str, opts: MarkdownOptions) -> Rendered {
    render_with(source, opts, None)
}

/// Renders `source` with shortcodes and alerts rendered by `embeds`.
pub(crate) fn render_with<'a>(
    source: &'a str,
    opts: MarkdownOptions,
    embeds: Option<&'a dyn Embeds>,
) -> Rendered {
    let mut pass = Pass::new(opts);
    pass.embeds = embeds;
    let mut options = options();
    if !opts.smart_punctuation {
        options.remove(Options::ENABLE_SMART_PUNCTUATION);
    }
    if opts.definition_lists {
        options |= Options::ENABLE_DEFINITION_LIST;
    }
    if opts.math {
        options |= Options::ENABLE_MATH;
    }
    if embeds.is_some() {
        // GitHub's alerts (`> [!NOTE]`), parsed only where they may be
        options |= Options::ENABLE_GFM;
    }
    let events = Parser::new_ext(source, options).into_offset_iter();
    pass.ref_defs = (events.reference_definitions().iter())
        .map(|(label, def)| (label.to_lowercase(), def.span.start))
        .collect();
    for (event, range) in events {
        pass.event(event, range.start);
    }
    pass.finish(source.len())
}

/// One pass over a document's events: what [`render`] keeps of each, and what it learns.
struct Pass<'a> {
    opts: MarkdownOptions,
    out: Rendered,
    /// The events to write as HTML.
    events: Vec<Event<'a>>,
    /// Heading ids used so far, with how often (for `-1`, `-2` suffixes).
    used_ids: HashMap<String, usize>,
    /// Every heading as (level, id, title), in order.
    flat_headings: Vec<(u32, String, String)>,
    /// While inside a heading: (index of its Start event in `events`, collected text).
    heading: Option<(usize, String)>,
    /// Inside a code block (its words are not counted).
    in_code: bool,
    /// Where `<!-- more -->` was, in `events`.
    more_at: Option<usize>,
    /// Where the first paragraph ended, in `events`.
    first_para_end: Option<usize>,
    /// The plain text.
    text: String,
    /// The footnotes met so far.
    notes: footnotes::Footnotes<'a>,
    /// Inside a footnote definition: its name and where its events start in `events`.
    in_note: Option<(String, usize)>,
    /// Events the summary shows otherwise (`Some`) or not at all (`None`), by index in `events`:
    /// ids that would repeat on a listing page.
    summary_swaps: Vec<(usize, Option<Event<'a>>)>,
    /// Renders shortcodes and alerts, when the document has any.
    embeds: Option<&'a dyn Embeds>,
    /// Open shortcode bodies and alerts, innermost last, with where their events start.
    captures: Vec<(Capture, usize)>,
    /// Per open link or image: whether it is dropped for its scheme (its end is dropped too).
    dropped: Vec<bool>,
    /// Inside a table: where its Start event is in `events`.
    table_start: Option<usize>,
    /// Text gathered while the extras read it, with the byte offset of its start.
    pending: Option<(String, usize)>,
    /// Inside a fenced block being highlighted: its fence, byte offset and code.
    code: Option<(highlight::Fence, usize, String)>,
    /// Per open link or image: where its Start event is in `events`.
    link_starts: Vec<usize>,
    /// Where the last link or image ended in `events` (an attribute list may follow it).
    link_end: Option<(usize, usize)>,
    /// Inside a paragraph: where its Start event is in `events`.
    para_start: Option<usize>,
    /// Where raw HTML was shown as text (`markdown.unsafe_html` off), by byte offset.
    raw_html: Vec<usize>,
    /// The reference definitions (`[label]: /url`) by lower-case label, with their byte
    /// offsets: a broken reference link is reported at its definition.
    ref_defs: HashMap<String, usize>,
}

/// Something whose inner events are rendered and wrapped as one piece of HTML.
#[derive(Debug, Clone, Copy)]
enum Capture {
    /// Body shortcode `n`.
    Shortcode(usize),
    /// An alert of a kind, at a byte offset.
    Alert(pulldown_cmark::BlockQuoteKind, usize),
}

/// A shortcode marker of the Markdown source (see [`Embeds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// `<!--dlsc:N-->`.
    Inline(usize),
    /// `<!--dlsc-open:N-->`.
    Open(usize),
    /// `<!--dlsc-close:N-->`.
    Close(usize),
}

/// The markers `html` is made of, separated by white space (a line that starts with a marker
/// is one HTML block: `<!--dlsc:1--> <!--dlsc:2-->`); none when it holds anything else.
fn markers(html: &str) -> Vec<Marker> {
    let mut out = Vec::new();
    let mut rest = html.trim();
    while !rest.is_empty() {
        let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
        match marker(&rest[..end]) {
            Some(m) => out.push(m),
            None => return Vec::new(),
        }
        rest = rest[end..].trim_start();
    }
    out
}

/// The marker `html` is (surrounding white space allowed).
fn marker(html: &str) -> Option<Marker> {
    let rest = html.trim().strip_prefix("<!--dlsc")?.strip_suffix("-->")?;
    let number = |t: &str| t.parse::<usize>().ok();
    if let Some(n) = rest.strip_prefix(':') {
        return number(n).map(Marker::Inline);
    }
    if let Some(n) = rest.strip_prefix("-open:") {
        return number(n).map(Marker::Open);
    }
    rest.strip_prefix("-close:")
        .and_then(number)
        .map(Marker::Close)
}

impl<'a> Pass<'a> {
    fn new(opts: MarkdownOptions) -> Pass<'a> {
        Pass {
            opts,
            out: Rendered::default(),
            events: Vec::new(),
            used_ids: HashMap::new(),
            flat_headings: Vec::new(),
            heading: None,
            in_code: false,
            more_at: None,
            first_para_end: None,
            text: String::new(),
            notes: footnotes::Footnotes::default(),
            in_note: None,
            summary_swaps: Vec::new(),
            embeds: None,
            captures: Vec::new(),
            dropped: Vec::new(),
            table_start: None,
            pending: None,
            code: None,
            link_starts: Vec::new(),
            link_end: None,
            para_start: None,
            raw_html: Vec::new(),
            ref_defs: HashMap::new(),
        }
    }

    /// Takes in one event; `offset` is its byte offset in the source.
    fn event(&mut self, event: Event<'a>, offset: usize) {
        if let Event::Text(t) = &event {
            if let Some((_, _, code)) = self.code.as_mut() {
                code.push_str(t);
                self.text.push_str(t);
                self.text.push(' ');
                return;
            }
            if self.opts.gathers_text() && !self.in_code {
                self.account(t);
                match self.pending.as_mut() {
                    Some((p, _)) => p.push_str(t),
                    None => self.pending = Some((t.to_string(), offset)),
                }
                return;
            }
        }
        self.flush_text();
        let Some(event) = self.extra(event, offset) else {
            return;
        };
        self.common(event, offset);
    }

    /// What the extras of [`MarkdownOptions`] do with an event: `None` when they took it.
    fn extra(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                if self.opts.highlight && !info.trim().is_empty() =>
            {
                self.code = Some((highlight::parse_fence(info), offset, String::new()));
                None
            }
            Event::End(TagEnd::CodeBlock) if self.code.is_some() => {
                self.end_code();
                None
            }
            Event::InlineMath(m) => {
                self.math(&m, false, offset);
                None
            }
            Event::DisplayMath(m) => {
                self.math(&m, true, offset);
                None
            }
            Event::Start(Tag::Paragraph) => {
                self.para_start = Some(self.events.len());
                Some(event)
            }
            Event::End(TagEnd::Paragraph) if self.opts.attributes => {
                self.paragraph_attributes(offset);
                Some(event)
            }
            other => Some(other),
        }
    }

    /// Takes in an event the extras left.
    fn common(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Start(tag @ Tag::Heading { .. }) => self.start_heading(tag, offset),
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                self.start_link(tag, offset);
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let start = self.link_starts.pop().unwrap_or(0);
                // the end of a link dropped for its scheme is dropped too
                if !self.dropped.pop().unwrap_or(false) {
                    self.events.push(event);
                    self.link_end = Some((start, self.events.len()));
                }
            }
            Event::Text(_) | Event::Code(_) => self.text(event),
            Event::Start(Tag::Table(_)) => {
                self.table_start = Some(self.events.len());
                self.events.push(event);
            }
            Event::End(TagEnd::Table) => self.end_table(),
            Event::Start(Tag::CodeBlock(_)) => {
                self.in_code = true;
                self.events.push(event);
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                self.events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                self.events.push(event);
                if self.first_para_end.is_none() {
                    self.first_para_end = Some(self.events.len());
                }
            }
            // `<!-- more -->` (or Hugo's `<!--more-->`) marks the summary's end; other raw HTML
            // passes through when allowed, else it is shown as text
            Event::Html(ref h) | Event::InlineHtml(ref h)
                if matches!(h.trim(), "<!-- more -->" | "<!--more-->") =>
            {
                self.more_at.get_or_insert(self.events.len());
            }
            Event::Html(ref h) | Event::InlineHtml(ref h)
                if self.embeds.is_some() && !markers(h).is_empty() =>
            {
                let block = matches!(event, Event::Html(_));
                for (k, m) in markers(h).into_iter().enumerate() {
                    if k > 0 {
                        // `- {{ a() }} {{ b() }}`: one HTML block, the space between kept
                        self.events.push(Event::InlineHtml(" ".into()));
                    }
                    self.shortcode(m, block, offset);
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) if self.embeds.is_some() => {
                self.captures
                    .push((Capture::Alert(kind, offset), self.events.len()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) if self.embeds.is_some() => self.end_capture(),
            Event::Html(h) | Event::InlineHtml(h) if !self.opts.unsafe_html => {
                self.raw_html.push(offset);
                self.events.push(Event::Text(h));
            }
            Event::Html(h) => self.trusted_html(h, true, offset),
            Event::InlineHtml(h) => self.trusted_html(h, false, offset),
            Event::FootnoteReference(name) => self.footnote_reference(&name),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.in_note = Some((name.to_string(), self.events.len()));
            }
            Event::End(TagEnd::FootnoteDefinition) => self.end_note(),
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                self.events.push(event);
            }
            other => self.events.push(other),
        }
    }

    /// A table ends. One with a header and no rows is written without the empty `<tbody>`
    /// pulldown-cmark's writer gives it (GFM's spec has none), unless something the summary or a
    /// shortcode refers to by its place is inside it.
    fn end_table(&mut self) {
        let end = Event::End(TagEnd::Table);
        let Some(start) = self.table_start.take() else {
            return self.events.push(end);
        };
        let referred = self.summary_swaps.iter().any(|(i, _)| *i >= start)
            || self.captures.iter().any(|(_, i)| *i > start)
            || self.more_at.is_some_and(|m| m > start);
        if referred || !matches!(self.events.last(), Some(Event::End(TagEnd::TableHead))) {
            return self.events.push(end);
        }
        let mut events = self.events.split_off(start);
        events.push(end);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if let Some(head) = html.strip_suffix("<tbody>\n</tbody></table>\n") {
            html = format!("{head}</table>\n");
        }
        self.events.push(Event::Html(html.into()));
    }

    /// A heading starts: unless the content is trusted, it keeps of its attributes only a safe
    /// id and classes (a warning names the rest).
    fn start_heading(&mut self, tag: Tag<'a>, offset: usize) {
        let tag = if self.opts.attributes {
            extras::kramdown_heading(tag)
        } else {
            tag
        };
        let tag = if self.opts.unsafe_html {
            tag
        } else {
            let (tag, warning) = attributes::keep_safe(tag);
            if let Some(message) = warning {
                self.out.warnings.push(Warning {
                    offset,
                    message,
                    hint: attributes::HINT,
                });
            }
            tag
        };
        self.heading = Some((self.events.len(), String::new()));
        self.events.push(Event::Start(tag));
    }

    /// A link or an image starts: one the build checks gets a placeholder URL.
    fn start_link(&mut self, tag: Tag<'a>, offset: usize) {
        self.link_starts.push(self.events.len());
        if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &tag
            && !self.opts.unsafe_html
            && !schemes::is_safe(dest_url)
        {
            // a `javascript:`, `data:` or `vbscript:` link: its text stays, the link goes
            self.out.warnings.push(Warning {
                offset,
                message: schemes::warning(dest_url),
                hint: schemes::HINT,
            });
            self.dropped.push(true);
            return;
        }
        self.dropped.push(false);
        // an email autolink (`<a@b.org>`) holds the bare address: the writer makes it `mailto:`
        // a same-page anchor (`#rest`) is checked against the page's own headings
        let checked =
            |url: &str| urls::kind(url).is_some() || (url.len() > 1 && url.starts_with('#'));
        if matches!(
            tag,
            Tag::Link {
                link_type: LinkType::Email,
                ..
            }
        ) {
            self.events.push(Event::Start(tag));
            return;
        }
        let offset = self.definition_offset(&tag).unwrap_or(offset);
        let tag = match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } if checked(&dest_url) => Tag::Link {
                dest_url: self.checked_link(&dest_url, offset),
                link_type,
                title,
                id,
            },
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } if checked(&dest_url) => Tag::Image {
                dest_url: self.checked_link(&dest_url, offset),
                link_type,
                title,
                id,
            },
            other => other,
        };
        self.events.push(Event::Start(tag));
    }

    /// Where the definition of a reference link or image (`[text][label]`, `[label]`) is: its
    /// URL is written there, so a broken one is reported there.
    fn definition_offset(&self, tag: &Tag<'_>) -> Option<usize> {
        let (Tag::Link { link_type, id, .. } | Tag::Image { link_type, id, .. }) = tag else {
            return None;
        };
        let by_reference = matches!(
            link_type,
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
        );
        if !by_reference || self.ref_defs.is_empty() {
            return None;
        }
        self.ref_defs.get(&id.to_lowercase()).copied()
    }

    /// Text or inline code: counted, kept for search and the heading it is in.
    fn text(&mut self, event: Event<'a>) {
        if let Event::Text(t) | Event::Code(t) = &event {
            self.account(t);
        }
        self.events.push(event);
    }

    /// Counts text `t`, keeps it for search and the heading it is in.
    fn account(&mut self, t: &str) {
        if let Some((_, title)) = self.heading.as_mut() {
            title.push_str(t);
        }
        if !self.in_code {
            self.out.word_count += count_words(t);
        }
        self.text.push_str(t);
        self.text.push(' ');
    }

    /// Writes the text gathered for the extras: an attribute list right after a link or an
    /// image goes onto it, emoji shortcodes become emoji and bare URLs links.
    fn flush_text(&mut self) {
        let Some((mut text, offset)) = self.pending.take() else {
            return;
        };
        if let Some((start, end)) = self.link_end.take()
            && end == self.events.len()
            && self.opts.attributes
            && let Some((attributes, len)) = extras::parse_list(&text, self.opts.unsafe_html)
        {
            self.link_attributes(start, &attributes, offset);
            text.drain(..len);
        }
        if text.is_empty() {
            return;
        }
        if self.opts.emoji {
            text = extras::emoji(&text).unwrap_or(text);
        }
        if self.opts.linkify
            && self.link_starts.is_empty()
            && let Some(events) = extras::linkify(&text)
        {
            self.events.extend(events);
            return;
        }
        self.events.push(Event::Text(text.into()));
    }

    /// The link or image whose Start event is at `start` gets `attributes` (at byte `offset`).
    fn link_attributes(&mut self, start: usize, attributes: &extras::Attributes, offset: usize) {
        let events = self.events.split_off(start.min(self.events.len()));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        // after `<a` or `<img`
        let at = html.find([' ', '>']).unwrap_or(0);
        html.insert_str(at, &attributes.html);
        self.summary_swaps.retain(|(i, _)| *i < start);
        self.events.push(Event::InlineHtml(html.into()));
        self.warn_dropped(attributes, offset);
    }

    /// A paragraph ends (it starts at byte `offset`): an attribute list at the end of its text
    /// goes onto it.
    fn paragraph_attributes(&mut self, offset: usize) {
        let Some(start) = self.para_start.take() else {
            return;
        };
        let Some(Event::Text(t)) = self.events.last() else {
            return;
        };
        let Some((attributes, at)) = extras::trailing_list(t, self.opts.unsafe_html) else {
            return;
        };
        let kept = t[..at].trim_end().to_string();
        self.events.pop();
        if kept.is_empty() {
            // kramdown's `{: .class}` on the line below
            if matches!(self.events.last(), Some(Event::SoftBreak)) {
                self.events.pop();
            }
        } else {
            self.events.push(Event::Text(kept.into()));
        }
        if let Some(slot @ Event::Start(Tag::Paragraph)) = self.events.get_mut(start) {
            *slot = Event::Html(format!("<p{}>", attributes.html).into());
        }
        self.warn_dropped(&attributes, offset);
    }

    /// A warning for the attributes a list had to drop, if any.
    fn warn_dropped(&mut self, attributes: &extras::Attributes, offset: usize) {
        if !attributes.dropped.is_empty() {
            self.out.warnings.push(Warning {
                offset,
                message: extras::dropped_warning(&attributes.dropped),
                hint: extras::ATTRIBUTES_HINT,
            });
        }
    }

    /// A fenced code block being highlighted ends.
    fn end_code(&mut self) {
        let Some((fence, offset, code)) = self.code.take() else {
            return;
        };
        if !highlight::knows(&fence.lang) {
            self.out.warnings.push(Warning {
                offset,
                message: format!(
                    "unknown language `{}` in a code block: shown as plain text",
                    fence.lang.escape_debug()
                ),
                hint: highlight::UNKNOWN_HINT,
            });
        }
        if !fence.unknown.is_empty() {
            self.out.warnings.push(Warning {
                offset,
                message: format!(
                    "code block options not understood: {}",
                    fence.unknown.join(", ")
                ),
                hint: highlight::OPTION_HINT,
            });
        }
        self.events
            .push(Event::Html(highlight::block(&code, &fence).into()));
    }

    /// Math (`$...$`, `$$...$$`) at byte `offset`, as MathML.
    fn math(&mut self, source: &str, display: bool, offset: usize) {
        let (html, error) = extras::math(source, display);
        if let Some(message) = error {
            self.out.warnings.push(Warning {
                offset,
                message,
                hint: extras::MATH_HINT,
            });
        }
        self.text.push_str(source);
        self.text.push(' ');
        self.events.push(Event::InlineHtml(html.into()));
    }

    /// A reference to footnote `name`: its number, linked to the note (not in summaries).
    fn footnote_reference(&mut self, name: &str) {
        let (html, summary) = self.notes.reference(name);
        let at = self.events.len();
        self.summary_swaps
            .push((at, Some(Event::InlineHtml(summary.into()))));
        self.events.push(Event::InlineHtml(html.into()));
    }

    /// A shortcode marker at byte `offset` (`block`: on its own line).
    fn shortcode(&mut self, m: Marker, block: bool, offset: usize) {
        let Some(embeds) = self.embeds else { return };
        match m {
            Marker::Inline(n) => {
                if let Some(html) = embeds.inline(n) {
                    self.push_embedded(&html, block, offset);
                }
            }
            Marker::Open(n) => self
                .captures
                .push((Capture::Shortcode(n), self.events.len())),
            Marker::Close(_) => self.end_capture(),
        }
    }

    /// The innermost shortcode body or alert ends: its events, rendered, become its HTML.
    fn end_capture(&mut self) {
        let (Some(embeds), Some((capture, start))) = (self.embeds, self.captures.pop()) else {
            return;
        };
        let inner = self.events.split_off(start.min(self.events.len()));
        let block = inner.iter().any(|e| {
            matches!(
                e,
                Event::Start(Tag::Paragraph | Tag::List(_) | Tag::Heading { .. })
            )
        });
        let mut body = String::new();
        pulldown_cmark::html::push_html(&mut body, inner.into_iter());
        self.summary_swaps.retain(|(i, _)| *i < start);
        if self.first_para_end.is_some_and(|e| e > start) {
            self.first_para_end = None;
        }
        let (html, offset) = match capture {
            Capture::Shortcode(n) => (embeds.body(n, &body), None),
            Capture::Alert(kind, at) => {
                let (name, title) = alert_callout(kind);
                (embeds.callout(name, title, &body, at), Some(at))
            }
        };
        if let Some(html) = html {
            self.push_embedded(&html, block, offset.unwrap_or(0));
        }
    }

    /// Puts HTML a shortcode rendered into the page, its links recorded for checking and its ids
    /// kept as anchors.
    fn push_embedded(&mut self, html: &str, block: bool, offset: usize) {
        self.out.anchors.extend(embedded::ids(html));
        let html = embedded::attribute_links(html, embedded::Others::Encode, &mut |url, _| {
            self.checked_link(url, offset).to_string()
        });
        let event = if block {
            Event::Html(html.into())
        } else {
            Event::InlineHtml(html.into())
        };
        self.events.push(event);
    }

    /// Raw HTML of trusted content (`markdown.unsafe_html`), at byte `offset` (`block`: an HTML
    /// block's line): passed through as written, its `href` and `src` links recorded for
    /// checking at their place (their placeholders are not in the HTML), its ids kept as anchors.
    fn trusted_html(&mut self, html: CowStr<'a>, block: bool, offset: usize) {
        let has_links = html.contains("href=") || html.contains("src=");
        let has_ids = html.contains("id=") || html.contains("name=");
        if has_ids {
            self.out.anchors.extend(embedded::ids(&html));
        }
        if has_links {
            // checked where they are; published as written
            embedded::attribute_links(&html, embedded::Others::Keep, &mut |url, at| {
                self.checked_link(url, offset + at);
                String::new()
            });
        }
        self.events.push(if block {
            Event::Html(html)
        } else {
            Event::InlineHtml(html)
        });
    }

    /// Records a link the build checks (at byte `offset`) and returns its placeholder.
    fn checked_link(&mut self, url: &str, offset: usize) -> CowStr<'a> {
        let n = self.out.links.len();
        self.out.links.push(internal_link(url, offset));
        CowStr::from(link_placeholder(n))
    }

    /// A footnote's definition ends: its events leave the text for the notes at the end.
    fn end_note(&mut self) {
        let Some((name, start)) = self.in_note.take() else {
            return;
        };
        let events = self.events.split_off(start);
        self.notes.define(&name, events);
        self.summary_swaps.retain(|(i, _)| *i < start);
        if self.first_para_end.is_some_and(|e| e > start) {
            self.first_para_end = None;
        }
        if let Some(m) = self.more_at.as_mut() {
            *m = (*m).min(start);
        }
    }

    /// A heading ends: it gets its id (the explicit one, else a unique slug of its text) and a
    /// place in the table of contents.
    fn end_heading(&mut self, level: HeadingLevel) {
        if let Some((start, title)) = self.heading.take() {
            let explicit = match &self.events[start] {
                Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                _ => None,
            };
            let base = explicit.unwrap_or_else(|| {
                let s = urls::slug::anchor(&title, self.opts.anchors);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let id = unique_id(&mut self.used_ids, base);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[start] {
                *slot = Some(CowStr::from(id.clone()));
            }
            if self.opts.heading_anchors {
                let link = anchor_link(&id);
                self.summary_swaps.push((self.events.len(), None));
                self.events.push(Event::InlineHtml(link.into()));
            }
            let entry = (heading_level(level), id.clone(), title.trim().into());
            self.flat_headings.push(entry);
            self.out.anchors.push(id);
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// Writes the HTML and the summary and nests the table of contents. `source_len` sizes the
    /// HTML buffer.
    fn finish(mut self, source_len: usize) -> Rendered {
        self.flush_text();
        if let Some(&first) = self.raw_html.first() {
            let more = match self.raw_html.len() {
                1 => String::new(),
                n => format!(" ({n} places on this page; the first is here)"),
            };
            self.out.warnings.push(Warning {
                offset: first,
                message: format!(
                    "raw HTML is shown as text, as `markdown.unsafe_html` is off{more}"
                ),
                hint: RAW_HTML_HINT,
            });
        }
        let summary_end = self.more_at.or(self.first_para_end).unwrap_or(0);
        let mut summary_events: Vec<Option<Event>> = self.events[..summary_end]
            .iter()
            .cloned()
            .map(Some)
            .collect();
        // A summary is shown on listing pages, where ids must not repeat: strip heading ids,
        // anchor links and footnote links.
        for e in summary_events.iter_mut().flatten() {
            if let Event::Start(Tag::Heading { id, .. }) = e {
                *id = None;
            }
        }
        for (i, swap) in std::mem::take(&mut self.summary_swaps) {
            if let Some(slot) = summary_events.get_mut(i) {
                *slot = swap;
            }
        }
        let summary_events = summary_events.into_iter().flatten();
        let notes = std::mem::take(&mut self.notes);
        self.events.extend(notes.section());
        let out = &mut self.out;
        pulldown_cmark::html::push_html(&mut out.summary, summary_events);
        out.html.reserve(source_len + source_len / 4);
        pulldown_cmark::html::push_html(&mut out.html, self.events.into_iter());
        if out.links.is_empty() {
            // kept as is for the whole build (with links, resolving them makes a fitted copy)
            out.html.shrink_to_fit();
        }
        out.toc = nest(&self.flat_headings);
        out.text = self.text;
        self.out
    }
}

/// A heading's link to itself (`id` escaped only when it needs it: slugs never do).
fn anchor_link(id: &str) -> String {
    const START: &str = " <a class=\"anchor\" href=\"#";
    const END: &str = "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>";
    let plain = id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let id: std::borrow::Cow<str> = if plain {
        id.into()
    } else {
        deload_engine::text::escape_attr(id).into()
    };
    let mut link = String::with_capacity(START.len() + id.len() + END.len());
    link.push_str(START);
    link.push_str(&id);
    link.push_str(END);
    link
}

/// The callout template and title of a GitHub alert kind.
fn alert_callout(kind: pulldown_cmark::BlockQuoteKind) -> (&'static str, &'static str) {
    use pulldown_cmark::BlockQuoteKind as K;
    match kind {
        K::Note => ("note", "Note"),
        K::Tip => ("tip", "Tip"),
        K::Important => ("note", "Important"),
        K::Warning => ("warning", "Warning"),
        K::Caution => ("warning", "Caution"),
    }
}

/// The checked link `url` (`@/file.md#anchor`, `/path/`, `relative`) at byte `offset`.
pub(crate) fn internal_link(url: &str, offset: usize) -> InternalLink {
    let kind = urls::kind(url).unwrap_or(Kind::Relative);
    let url = match kind {
        Kind::Content => &url[2..],
        _ => url,
    };
    let (target, anchor) = match url.split_once('#') {
        Some((t, a)) => (t.to_string(), Some(a.to_string())),
        None => (url.to_string(), None),
    };
    InternalLink {
        kind,
        target,
        anchor,
        offset,
    }
}

/// Words in `t`, as `t.split_whitespace().count()` counts them, with a byte loop for ASCII text
/// (the Unicode-aware split was a twentieth of a build).
fn count_words(t: &str) -> usize {
    if !t.is_ascii() {
        return t.split_whitespace().count();
    }
    // the ASCII characters `char::is_whitespace` accepts: space and \t \n \x0b \x0c \r (9..=13)
    let space = |b: u8| b == b' ' || b.wrapping_sub(b'\t') < 5;
    let b = t.as_bytes();
    let Some(&first) = b.first() else { return 0 };
    // a word starts at each non-space byte that follows a space (a form the compiler vectorises)
    let starts: usize = b
        .iter()
        .zip(&b[1..])
        .map(|(&prev, &cur)| usize::from(space(prev) & !space(cur)))
        .sum();
    starts + usize::from(!space(first))
}

fn heading_level(l: HeadingLevel) -> u32 {
    l as u32
}

fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    let n = used.entry(base.clone()).or_insert(0);
    let id = if *n == 0 {
        base.clone()
    } else {
        format!("{base}-{n}")
    };
    *n += 1;
    if id != base {
        used.entry(id.clone()).or_insert(1);
    }
    id
}

fn nest(flat: &[(u32, String, String)]) -> Vec<Heading> {
    fn build(flat: &[(u32, String, String)], i: &mut usize, parent_level: u32) -> Vec<Heading> {
        let mut out = Vec::new();
        while *i < flat.len() && flat[*i].0 > parent_level {
            let (level, id, title) = flat[*i].clone();
            *i += 1;
            let children = build(flat, i, level);
            out.push(Heading {
                level,
                id,
                title,
                children,
            });
        }
        out
    }
    let mut i = 0;
    build(flat, &mut i, 0)
}

/// Replaces link placeholders in `html` (in `href` and `src` attributes and the candidates of
/// `srcset` ones only, so page text that happens to spell one is kept as written) with `urls[n]`,
/// percent-encoded as CommonMark encodes a destination (`/my uri` → `/my%20uri`). Unknown
/// placeholders are left alone.
pub fn resolve_links(html: &str, urls: &[String]) -> String {
    if urls.is_empty() {
        return html.to_string();
    }
    let finder = memchr::memmem::Finder::new(PLACEHOLDER_PREFIX.as_bytes());
    let urls: Vec<String> = urls
        .iter()
        .map(|u| deload_engine::text::escape_attr(&urls::encode(u)))
        .collect();
    // each placeholder is replaced by its URL once: this is room enough, so the string is not
    // doubled as it grows (it is kept for the whole build)
    let room: usize = urls.iter().map(String::len).sum();
    let mut out = String::with_capacity(html.len() + room);
    let (mut copied, mut from) = (0, 0);
    while let Some(i) = finder.find(&html.as_bytes()[from..]).map(|k| from + k) {
        let after = i + PLACEHOLDER_PREFIX.len();
        from = after;
        if !in_link_attribute(&html[..i]) {
            continue;
        }
        let digits = html[after..].bytes().take_while(u8::is_ascii_digit).count();
        let n = html[after..after + digits].parse::<usize>().ok();
        if let Some(url) = n.and_then(|n| urls.get(n)) {
            out.push_str(&html[copied..i]);
            out.push_str(url);
            copied = after + digits;
            from = copied;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Whether what follows `before` is in the place of a link: the start of a double-quoted `href`
/// or `src` value, or a candidate of a `srcset` value (its start, or after a `, `).
fn in_link_attribute(before: &str) -> bool {
    if before.ends_with(" href=\"") || before.ends_with(" src=\"") {
        return true;
    }
    let Some(quote) = before.rfind('"') else {
        return false;
    };
    let value = &before[quote + 1..];
    before[..quote].ends_with(" srcset=")
        && (value.is_empty() || value.ends_with(", "))
        && !value.contains(['<', '>'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_matches_split_whitespace() {
        for t in [
            "",
            " ",
            "one",
            "  two words ",
            "tab\tnew\nline\x0bvt\x0cff\rcr",
            "non\u{a0}breaking space",
            "caf\u{e9} au lait\u{2003}em",
            "a-b c_d 3 x 5",
        ] {
            assert_eq!(count_words(t), t.split_whitespace().count(), "{t:?}");
        }
    }

    #[test]
    fn text_that_spells_a_placeholder_is_kept() {
        let r = render(
            "deload-internal-link:0 and `deload-internal-link:0` [a](@/x.md)\n",
            MarkdownOptions::default(),
        );
        let html = resolve_links(&r.html, &["/x/".to_string()]);
        assert_eq!(html.matches("deload-internal-link:0").count(), 2, "{html}");
        assert!(html.contains("href=\"/x/\""), "{html}");
    }

    fn md(s: &str) -> Rendered {
        render(s, MarkdownOptions::default())
    }

    #[test]
    fn heading_ids_are_slugs_and_unique() {
        let r = md(
            "# How much sleep?\n\n## RPE, RIR and load\n\n## RPE, RIR and load\n\n### 7–9 hours\n",
        );
        assert_eq!(
            r.anchors,
            [
                "how-much-sleep",
                "rpe-rir-and-load",
                "rpe-rir-and-load-1",
                "7-9-hours"
            ]
        );
        assert!(
            r.html.contains(r#"<h2 id="rpe-rir-and-load-1">"#),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 1);
        assert_eq!(r.toc[0].children.len(), 2);
        assert_eq!(r.toc[0].children[1].children[0].id, "7-9-hours");
    }

    #[test]
    fn explicit_heading_id_wins() {
        let r = md("## Sleep {#zzz}\n");
        assert_eq!(r.anchors, ["zzz"]);
    }

    #[test]
    fn internal_links_become_placeholders_with_offsets() {
        let src =
            "Intro.\n\nSee [sleep](@/guidance/sleep.md#how-much-sleep) and [x](https://a.org).";
        let r = md(src);
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].target, "guidance/sleep.md");
        assert_eq!(r.links[0].anchor.as_deref(), Some("how-much-sleep"));
        assert_eq!(&src[r.links[0].offset..r.links[0].offset + 7], "[sleep]");
        let html = resolve_links(&r.html, &["/guidance/sleep/#how-much-sleep".into()]);
        assert!(
            html.contains(r#"href="/guidance/sleep/#how-much-sleep""#),
            "{html}"
        );
    }

    #[test]
    fn email_autolinks_are_mailto_links_not_checked() {
        let r = md("Write to <foo@bar.example.com> or [us](mailto:us@example.org).\n");
        assert!(r.links.is_empty(), "{:?}", r.links);
        assert!(
            r.html
                .contains(r#"<a href="mailto:foo@bar.example.com">foo@bar.example.com</a>"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn a_table_without_rows_has_no_empty_body() {
        let r = md("| a | b |\n|---|:-:|\n\nText.\n\n| c |\n|---|\n| 1 |\n");
        assert!(
            r.html.contains(
                "<table><thead><tr><th>a</th><th style=\"text-align: center\">b</th></tr></thead></table>\n<p>Text.</p>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<tbody>\n<tr><td>1</td></tr>\n</tbody>"),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("<tbody>").count(), 1, "{}", r.html);
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let r = md("Hi <script>alert(1)</script>\n\n<div>x</div>\n");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        let r = render(
            "<div>x</div>\n",
            MarkdownOptions {
                unsafe_html: true,
                heading_anchors: true,
                ..MarkdownOptions::default()
            },
        );
        assert!(r.html.contains("<div>x</div>"));
    }

    #[test]
    fn summary_is_first_paragraph_or_more_marker() {
        let r = md("First para.\n\nSecond.\n");
        assert_eq!(r.summary.trim(), "<p>First para.</p>");
        let r = md("One.\n\nTwo.\n\n<!-- more -->\n\nThree.\n");
        assert!(
            r.summary.contains("Two.") && !r.summary.contains("Three."),
            "{}",
            r.summary
        );
        assert!(!r.html.contains("more"), "{}", r.html);
        let r = md("One.\n\n<!--more-->\n\nThree.\n");
        assert!(
            r.summary.contains("One.") && !r.summary.contains("Three."),
            "{}",
            r.summary
        );
        assert!(!r.html.contains("more"), "{}", r.html);
    }

    #[test]
    fn extensions_are_on() {
        let r = md(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ \"quoted\"[^1]\n\n[^1]: note\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("checkbox"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains('“'));
        assert!(r.html.contains("footnote"));
        let plain = MarkdownOptions {
            smart_punctuation: false,
            ..MarkdownOptions::default()
        };
        let r = render("\"quoted\" -- don't...\n", plain);
        assert!(r.html.contains("\"quoted\" -- don't..."), "{}", r.html);
    }

    #[test]
    fn footnotes_gather_at_the_end_with_back_links() {
        let r = md(
            "Sleep[^a] and food[^b], sleep again[^a].\n\n[^b]: Food note.\n\n[^a]: Sleep note.\n\nAfter.\n",
        );
        let html = &r.html;
        let notes = html
            .find("<section class=\"footnotes\"")
            .unwrap_or_else(|| panic!("{html}"));
        assert!(html.find("After.").unwrap_or(usize::MAX) < notes, "{html}");
        assert!(
            html.contains(r##"<a href="#fn-a" id="fnref-a">1</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a href="#fn-a" id="fnref-a-2">1</a>"##),
            "{html}"
        );
        assert!(
            html.contains(r##"<a href="#fn-b" id="fnref-b">2</a>"##),
            "{html}"
        );
        let a = html.find("id=\"fn-a\"").unwrap_or(usize::MAX);
        let b = html.find("id=\"fn-b\"").unwrap_or(0);
        assert!(a < b, "notes in order of first reference: {html}");
        assert!(
            html.contains(r##"href="#fnref-a-2" class="footnote-backref""##),
            "{html}"
        );
        assert!(
            r.summary.contains("<sup class=\"footnote-ref\">1</sup>"),
            "{}",
            r.summary
        );
        assert!(!r.summary.contains("id="), "{}", r.summary);
    }

    #[test]
    fn headings_link_to_themselves_when_asked() {
        let opts = MarkdownOptions {
            heading_anchors: true,
            ..MarkdownOptions::default()
        };
        let r = render("## Deep sleep\n\nText.\n", opts);
        assert!(
            r.html.contains(
                r##"<h2 id="deep-sleep">Deep sleep <a class="anchor" href="#deep-sleep""##
            ),
            "{}",
            r.html
        );
        assert_eq!(r.toc[0].title, "Deep sleep");
        let r = render("# Title\n\nFirst.\n", opts);
        assert!(!r.summary.contains("anchor"), "{}", r.summary);
        assert!(!md("## A\n").html.contains("anchor"));
    }

    #[test]
    fn the_extras_leave_code_alone() {
        let opts = MarkdownOptions {
            emoji: true,
            linkify: true,
            attributes: true,
            ..MarkdownOptions::default()
        };
        let r = render(
            "```\n:smile: https://a.org {.x}\n```\n\n    :smile: https://a.org\n\n:smile: `:smile:`\n",
            opts,
        );
        assert!(
            r.html
                .contains("<pre><code>:smile: https://a.org {.x}\n</code></pre>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre><code>:smile: https://a.org\n</code></pre>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p>😄 <code>:smile:</code></p>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn word_count_skips_code_blocks() {
        let r = md("one two three\n\n```\nnot counted here\n```\n");
        assert_eq!(r.word_count, 3);
    }
}
