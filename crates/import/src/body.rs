//! The Markdown body: Hugo shortcodes and Liquid tags translated to deload's Markdown and
//! shortcodes where deload has the same thing, every other one left as written with a note.
//! Code blocks are left alone (they show the syntax, they do not use it), but for Zola's
//! literal calls (`{{/* x() */}}`), which Zola shows as `{{ x() }}` in code too, where deload
//! shows code as written.

use serde_json::{Map, Value};

use super::{Generator, Site};

/// The page a body belongs to.
pub(super) struct Page<'a> {
    /// The source file, for notes.
    pub(super) file: &'a str,
    /// Its language (none for the default language), which Hugo's cross-references prefer.
    pub(super) lang: Option<&'a str>,
    /// What Hugo's `param` shortcode reads: the page's front matter over the site's `params`.
    pub(super) params: &'a Map<String, Value>,
    /// Zola's `slugify.anchors = "on"` (its default): a heading whose id Zola spells in ASCII
    /// (`#cafe` for `Café`) keeps that id as its `{#id}`.
    pub(super) ascii_anchors: bool,
}

/// The state of a Jekyll page's Liquid across its lines.
#[derive(Default)]
struct Liquid {
    /// Inside `{% raw %}`.
    raw: bool,
    /// Inside jekyll-figure's `{% figure %}`: its caption.
    figure: Option<String>,
}

/// The body translated; `first_line` is the file line of its first line.
pub(super) fn convert(
    from: Generator,
    body: &str,
    first_line: usize,
    page: &Page<'_>,
    site: &mut Site,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fence: Option<String> = None;
    let mut liquid = Liquid::default();
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let at = Line {
            file: page.file,
            number: first_line + i,
            lang: page.lang,
            params: page.params,
        };
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            out.push_str(&code_text(from, line));
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            out.push_str(line);
            continue;
        }
        let line = line.replace("<!--more-->", "<!-- more -->");
        let converted = match from {
            Generator::Hugo => hugo_line(&line, &at, site),
            Generator::Jekyll => liquid_line(&line, &at, &mut liquid, site),
            Generator::Zola if page.ascii_anchors => {
                zola_heading(&zola_code_spans(&line), &at, site)
            }
            Generator::Zola => zola_code_spans(&line),
        };
        out.push_str(&converted);
    }
    out
}

/// An ATX heading line (`## Café`) with the id Zola gave it under `slugify.anchors = "on"`
/// (`{#cafe}`) where deload's would differ (`#café`), with a note; any other line as it is. A
/// heading with inline markup (links, code, emphasis, HTML) or attributes of its own is left
/// alone: its id comes from the rendered text, which the line does not show.
fn zola_heading(line: &str, at: &Line, site: &mut Site) -> String {
    let body = line.trim_end_matches(['\n', '\r']);
    let hashes = body.trim_start_matches(' ');
    let level = hashes.len() - hashes.trim_start_matches('#').len();
    let text = hashes[level..].trim().trim_end_matches('#').trim();
    let heading = (1..=6).contains(&level)
        && body.len() - hashes.len() < 4
        && hashes[level..].starts_with([' ', '\t']);
    if !heading || text.is_empty() || text.contains(['[', '`', '<', '*', '{', '_', '\\']) {
        return line.to_string();
    }
    use deload_site::urls::slug::{Mode, anchor};
    let (zola, deload) = (transliterated(text), anchor(text, Mode::On));
    if zola.is_empty() || zola == deload {
        return line.to_string();
    }
    let done = format!("Zola's id kept as `{{#{zola}}}`, where deload's would be `#{deload}`");
    site.note(at.file, at.number, format!("heading `{text}`"), done);
    // the closing `#`s left out: an attribute block after them would make them text
    let marks = &body[..body.len() - hashes.len() + level];
    format!("{marks} {text} {{#{zola}}}{}", &line[body.len()..])
}

/// Every character as ASCII (deunicode's transliteration), lower case; each run of characters
/// other than letters and digits one `-`, none at either end.
pub(super) fn transliterated(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = true;
    let mut push = |b: u8| {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b.to_ascii_lowercase()));
            dash = false;
        } else if !dash {
            out.push('-');
            dash = true;
        }
    };
    for c in name.chars() {
        let ascii = match c.is_ascii() {
            true => c.to_string(),
            false => deunicode::deunicode_char(c).unwrap_or("-").to_string(),
        };
        ascii.bytes().for_each(&mut push);
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

/// A line of a code block as deload is to show it: Zola's literal calls written as Zola shows
/// them (`{{/* x() */}}` → `{{ x() }}`, `{%/* x() */%}` → `{% x() %}`); as written otherwise.
fn code_text(from: Generator, code: &str) -> String {
    if from != Generator::Zola || !code.contains("/*") {
        return code.to_string();
    }
    code.replace("{{/*", "{{")
        .replace("*/}}", "}}")
        .replace("{%/*", "{%")
        .replace("*/%}", "%}")
}

/// A line of Zola Markdown with the literal calls inside its code spans (`` `{{/* x() */}}` ``)
/// written as Zola shows them (see [`code_text`]); outside code, deload reads them as Zola does.
fn zola_code_spans(line: &str) -> String {
    if !line.contains("/*") || !line.contains('`') {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // odd parts are inside a span (a run of several backticks splits into empty parts,
        // which keeps the count)
        if i % 2 == 1 {
            out.push_str(&code_text(Generator::Zola, part));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// Where a line is, for notes, and the language and parameters of its page (see [`Page`]).
struct Line<'a> {
    file: &'a str,
    number: usize,
    lang: Option<&'a str>,
    params: &'a Map<String, Value>,
}

impl Line<'_> {
    fn note(&self, site: &mut Site, construct: String, done: &str) {
        site.note(self.file, self.number, construct, done);
    }
}

/// A shortcode's or tag's words: `name`, positional and `key=value` arguments, quotes removed.
fn words(inner: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    let mut key: Option<String> = None;
    let mut cur = String::new();
    let mut quoted = false;
    let mut flush = |key: &mut Option<String>, cur: &mut String, quoted: bool| {
        if !cur.is_empty() || quoted {
            out.push((key.take(), std::mem::take(cur)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '"' | '`' | '\'' => {
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                    cur.push(d);
                }
                quoted = true;
            }
            '=' if key.is_none() && !quoted => key = Some(std::mem::take(&mut cur)),
            c if c.is_whitespace() => {
                flush(&mut key, &mut cur, quoted);
                quoted = false;
            }
            c => cur.push(c),
        }
    }
    flush(&mut key, &mut cur, quoted);
    out
}

/// The argument named `name`, else the positional one at `pos`.
fn arg(words: &[(Option<String>, String)], name: &str, pos: usize) -> Option<String> {
    (words.iter().find(|(k, _)| k.as_deref() == Some(name)))
        .or_else(|| words.iter().filter(|(k, _)| k.is_none()).nth(pos))
        .map(|(_, v)| v.clone())
}

/// Text for a deload shortcode argument in double quotes.
fn quoted(v: &str) -> String {
    v.replace('"', "'")
}

/// Each `{{< ... >}}` / `{{% ... %}}` of a line, translated or noted.
fn hugo_line(line: &str, at: &Line, site: &mut Site) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("{{<").or_else(|| rest.find("{{%")) {
        let close = if rest[start..].starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        let Some(len) = rest[start + 3..].find(close) else {
            break;
        };
        let inner = rest[start + 3..start + 3 + len].trim();
        let whole = &rest[start..start + 3 + len + 3];
        out.push_str(&rest[..start]);
        out.push_str(&hugo_shortcode(inner, whole, at, site));
        rest = &rest[start + 3 + len + 3..];
    }
    out.push_str(rest);
    out
}

/// One Hugo shortcode, `inner` its text between the delimiters, `whole` as written.
fn hugo_shortcode(inner: &str, whole: &str, at: &Line, site: &mut Site) -> String {
    if inner.starts_with("/*") {
        return whole.to_string();
    }
    let w = words(inner);
    let Some((_, name)) = w.first() else {
        return whole.to_string();
    };
    let args = &w[1..];
    match name.as_str() {
        "ref" | "relref" => cross_reference(name, args, whole, at, site),
        "figure" => figure_call(args),
        "youtube" => video("YouTube", "https://www.youtube.com/watch?v=", args),
        "vimeo" => video("Vimeo", "https://vimeo.com/", args),
        "gist" => match (arg(args, "user", 0), arg(args, "id", 1)) {
            (Some(u), Some(id)) => format!("[Gist {id}](https://gist.github.com/{u}/{id})"),
            _ => whole.to_string(),
        },
        "highlight" => format!("```{}", arg(args, "lang", 0).unwrap_or_default()),
        "/highlight" | "/code-toggle" => "```".to_string(),
        "code-toggle" => {
            let done = "a code block in the format it is written in (Hugo showed it in TOML, YAML and JSON tabs)";
            at.note(site, "shortcode `code-toggle`".into(), done);
            format!(
                "```{}",
                arg(args, "fmt", usize::MAX).unwrap_or("toml".into())
            )
        }
        "tweet" => match (arg(args, "id", 0), arg(args, "user", usize::MAX)) {
            (Some(id), Some(user)) => {
                format!("[Post by @{user}](https://x.com/{user}/status/{id})")
            }
            (Some(id), None) => format!("[Post on X](https://x.com/i/status/{id})"),
            _ => whole.to_string(),
        },
        "param" => match arg(args, "name", 0).and_then(|k| param(at.params, &k)) {
            Some(value) => value,
            None => {
                at.note(
                    site,
                    "shortcode `param`".into(),
                    "left as written: no such key in the page's front matter or the site's `params`",
                );
                whole.to_string()
            }
        },
        // the opening one is noted
        n if n.starts_with('/') => whole.to_string(),
        _ => {
            at.note(
                site,
                format!("shortcode `{name}`"),
                "left as written: deload has no such shortcode",
            );
            whole.to_string()
        }
    }
}

/// Hugo's `ref` or `relref` (`name`): the `@/` link of its page in the language `lang=` names,
/// else the referring page's, as Hugo looks it up; as written, noted, when it is not found.
fn cross_reference(
    name: &str,
    args: &[(Option<String>, String)],
    whole: &str,
    at: &Line,
    site: &mut Site,
) -> String {
    let lang = arg(args, "lang", usize::MAX);
    let lang = lang.as_deref().or(at.lang);
    match arg(args, "path", 0).and_then(|p| site.content_link(&p, lang)) {
        Some(link) => link,
        None => {
            at.note(
                site,
                format!("shortcode `{name}`"),
                "left as written: its page was not found in content/",
            );
            whole.to_string()
        }
    }
}

/// Hugo's `figure` as deload's `figure` call (`src`, `alt` or else the caption, `caption` or
/// `title`, a `width` in pixels).
fn figure_call(args: &[(Option<String>, String)]) -> String {
    let src = arg(args, "src", 0).unwrap_or_default();
    let caption = arg(args, "caption", usize::MAX).or_else(|| arg(args, "title", usize::MAX));
    let alt = (arg(args, "alt", usize::MAX))
        .or_else(|| caption.clone())
        .unwrap_or_default();
    let mut call = format!(
        "{{{{ figure(src=\"{}\", alt=\"{}\"",
        quoted(&src),
        quoted(&alt)
    );
    if let Some(c) = caption {
        call.push_str(&format!(", caption=\"{}\"", quoted(&c)));
    }
    if let Some(width) =
        arg(args, "width", usize::MAX).filter(|w| w.chars().all(|c| c.is_ascii_digit()))
    {
        call.push_str(&format!(", width={width}"));
    }
    call.push_str(") }}");
    call
}

/// The text of the parameter `key` (`author`, `author.name`, any case) of `params`, as
/// Hugo's `param` shortcode writes it; none for a missing key or one that is not text, a
/// number or a boolean.
fn param(params: &Map<String, Value>, key: &str) -> Option<String> {
    let mut value: Option<&Value> = None;
    for part in key.split('.') {
        let table = match value {
            None => params,
            Some(v) => v.as_object()?,
        };
        value = Some(
            (table.iter())
                .find(|(k, _)| k.eq_ignore_ascii_case(part))
                .map(|(_, v)| v)?,
        );
    }
    match value? {
        Value::String(s) => Some(s.clone()),
        v @ (Value::Number(_) | Value::Bool(_)) => Some(v.to_string()),
        _ => None,
    }
}

/// A link to a video (deload embeds no players).
fn video(site_name: &str, base: &str, args: &[(Option<String>, String)]) -> String {
    let id = arg(args, "id", 0).unwrap_or_default();
    format!("[Video on {site_name}]({base}{id})")
}

/// Each `{% ... %}` and `{{ ... }}` of a line of a Jekyll page, translated or noted.
fn liquid_line(line: &str, at: &Line, state: &mut Liquid, site: &mut Site) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        let tag = rest.find("{%");
        let output = rest.find("{{");
        let (start, close) = match (tag, output) {
            (Some(t), Some(o)) if o < t => (o, "}}"),
            (Some(t), _) => (t, "%}"),
            (None, Some(o)) => (o, "}}"),
            (None, None) => break,
        };
        let Some(len) = rest[start + 2..].find(close) else {
            break;
        };
        let inner = rest[start + 2..start + 2 + len]
            .trim()
            .trim_matches('-')
            .trim();
        let whole = &rest[start..start + 2 + len + 2];
        out.push_str(&figure_images(&rest[..start], state));
        let translated = if close == "%}" {
            liquid_tag(inner, whole, at, state, site)
        } else if state.raw {
            whole.to_string()
        } else {
            liquid_output(inner, whole, at, site)
        };
        out.push_str(&translated);
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(&figure_images(rest, state));
    out
}

/// Text inside jekyll-figure's `{% figure %}`: each Markdown image (`![alt](src)`) as deload's
/// `figure` shortcode with the block's caption; other text, and text outside a figure, as it is.
fn figure_images(text: &str, state: &Liquid) -> String {
    let Some(caption) = state.figure.as_ref().filter(|_| !state.raw) else {
        return text.to_string();
    };
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("![") {
        let image = rest[start + 2..].split_once("](").and_then(|(alt, after)| {
            let (src, _) = after.split_once(')')?;
            let src = src.split_whitespace().next()?;
            Some((alt, src, start + 2 + alt.len() + 2 + after.find(')')? + 1))
        });
        let Some((alt, src, end)) = image else {
            break;
        };
        out.push_str(&rest[..start]);
        let mut call = format!(
            "{{{{ figure(src=\"{}\", alt=\"{}\"",
            quoted(src),
            quoted(alt)
        );
        if !caption.is_empty() {
            call.push_str(&format!(", caption=\"{}\"", quoted(caption)));
        }
        call.push_str(") }}");
        out.push_str(&call);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Octopress's `{% img [class] /src [width [height]] ["title" ["alt"]] %}` as a Markdown image
/// (the classes and size left out); none without a source.
fn img_tag(args: &[(Option<String>, String)]) -> Option<String> {
    let values: Vec<&str> = args.iter().map(|(_, v)| v.as_str()).collect();
    let at = values
        .iter()
        .position(|v| v.starts_with('/') || v.contains("://"))?;
    let texts: Vec<&str> = (values[at + 1..].iter())
        .filter(|v| !v.chars().all(|c| c.is_ascii_digit()))
        .copied()
        .collect();
    let title = texts.first().copied().unwrap_or_default();
    let alt = texts.get(1).copied().unwrap_or(title);
    let title_part = if title.is_empty() {
        String::new()
    } else {
        format!(" \"{}\"", quoted(title))
    };
    Some(format!("![{alt}]({}{title_part})", values[at]))
}

/// One Liquid tag.
fn liquid_tag(inner: &str, whole: &str, at: &Line, state: &mut Liquid, site: &mut Site) -> String {
    let w = words(inner);
    let name = w.first().map_or("", |(_, n)| n.as_str());
    if state.raw && name != "endraw" {
        return whole.to_string();
    }
    let first = w.get(1).map(|(_, v)| v.clone()).unwrap_or_default();
    match name {
        "raw" => {
            state.raw = true;
            String::new()
        }
        "endraw" => {
            state.raw = false;
            String::new()
        }
        "figure" => {
            // jekyll-figure: `{% figure caption:"Text" class:"wide" %}`
            let caption = (w.iter().skip(1))
                .find_map(|(_, v)| v.strip_prefix("caption:"))
                .unwrap_or_default();
            state.figure = Some(caption.to_string());
            String::new()
        }
        "endfigure" => {
            state.figure = None;
            String::new()
        }
        "include" => match site.includes.get(&first) {
            Some(text) => text.trim_end().to_string(),
            None => {
                let done = "left as written: its partial has Liquid in it, or is not in _includes/";
                at.note(site, "Liquid tag `include`".into(), done);
                whole.to_string()
            }
        },
        "img" => img_tag(&w[1..]).unwrap_or_else(|| {
            let done = "left as written: no image source in it";
            at.note(site, "Liquid tag `img`".into(), done);
            whole.to_string()
        }),
        "post_url" => format!("@/posts/{}.md", first.trim_end_matches(".md")),
        "link" => {
            let rel = first.strip_prefix("_posts/").map(|p| format!("posts/{p}"));
            let rel = rel.or_else(|| first.strip_prefix("_pages/").map(str::to_string));
            let rel = rel.unwrap_or_else(|| first.clone());
            let rel = if rel.starts_with("index.") {
                "_index.md".to_string()
            } else {
                rel
            };
            format!("@/{}", rel.replace(".markdown", ".md"))
        }
        "highlight" => format!("```{first}"),
        "endhighlight" => "```".to_string(),
        _ => {
            at.note(
                site,
                format!("Liquid tag `{name}`"),
                "left as written: deload has no such tag",
            );
            whole.to_string()
        }
    }
}

/// One Liquid output: the site's URLs as paths, anything else noted.
fn liquid_output(inner: &str, whole: &str, at: &Line, site: &mut Site) -> String {
    let (value, filters) = inner.split_once('|').unwrap_or((inner, ""));
    let value = value.trim();
    let filters = filters.trim();
    if matches!(value, "site.baseurl" | "site.url") && filters.is_empty() {
        return String::new();
    }
    let literal = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')));
    if let Some(path) = literal
        && matches!(filters, "relative_url" | "absolute_url")
    {
        return path.to_string();
    }
    if inner.contains('(') {
        // deload's own shortcode call, `{{ figure(...) }}`
        return whole.to_string();
    }
    at.note(
        site,
        format!("Liquid output `{inner}`"),
        "left as written: deload has no such variable",
    );
    whole.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            files: Vec::new(),
            notes: Vec::new(),
            taxonomies: std::collections::BTreeSet::new(),
            pages: 0,
            content: ["posts/a.md", "docs/b/index.md", "_index.md"]
                .into_iter()
                .map(str::to_string)
                .collect(),
            terms: std::collections::BTreeSet::new(),
            sections: std::collections::BTreeSet::new(),
            langs: None,
            refs: std::collections::BTreeMap::new(),
            includes: std::collections::BTreeMap::new(),
            menu_parents: std::collections::BTreeMap::new(),
            renamed_bundles: std::collections::BTreeMap::new(),
        }
    }

    static NO_PARAMS: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

    fn page(file: &str) -> Page<'_> {
        Page {
            file,
            lang: None,
            params: &NO_PARAMS,
            ascii_anchors: false,
        }
    }

    #[test]
    fn only_plain_headings_get_zola_s_ascii_id() {
        let mut site = site();
        let at = Line {
            file: "a.md",
            number: 3,
            lang: None,
            params: &NO_PARAMS,
        };
        let mut h = |line: &str| zola_heading(line, &at, &mut site);
        assert_eq!(
            h(" ## Crème brûlée ##\r\n"),
            " ## Crème brûlée {#creme-brulee}\r\n"
        );
        assert_eq!(h("# Ærø\n"), "# Ærø {#aero}\n");
        for same in [
            "## Plain words\n",
            "#hashtag Café\n",
            "    # Café in indented code\n",
            "## [Café](x.md)\n",
            "## Café {#mine}\n",
            "Café\n",
        ] {
            assert_eq!(h(same), same);
        }
        assert_eq!(site.notes.len(), 2, "{:?}", site.notes);
    }

    #[test]
    fn zola_literal_calls_in_code_are_shown_as_zola_shows_them() {
        assert_eq!(
            code_text(Generator::Zola, "{{/* a() */}} {%/* b() */%}\n"),
            "{{ a() }} {% b() %}\n"
        );
        assert_eq!(
            code_text(Generator::Hugo, "{{/* a() */}}"),
            "{{/* a() */}}",
            "Hugo's are its own"
        );
        assert_eq!(
            zola_code_spans("x {{/* a() */}} `{{/* b() */}}` y\n"),
            "x {{/* a() */}} `{{ b() }}` y\n",
            "outside code deload reads the literal form as Zola does"
        );
    }

    #[test]
    fn words_split_like_the_generators() {
        let w = words(r#"figure src="a b.png" alt='x' width=3 `raw text`"#);
        let got: Vec<(Option<&str>, &str)> =
            w.iter().map(|(k, v)| (k.as_deref(), v.as_str())).collect();
        assert_eq!(
            got,
            [
                (None, "figure"),
                (Some("src"), "a b.png"),
                (Some("alt"), "x"),
                (Some("width"), "3"),
                (None, "raw text"),
            ]
        );
        assert_eq!(
            words(r#"ref """#).len(),
            2,
            "an empty quoted argument counts"
        );
    }

    #[test]
    fn hugo_cross_references_by_path_name_or_anchor() {
        let mut s = site();
        let body = "[a]({{< ref \"posts/a\" >}}) [b]({{< relref \"b\" >}}) [c]({{< ref \"#top\" >}}) [d]({{< ref \"nope.md\" >}})\n";
        let out = convert(Generator::Hugo, body, 5, &page("content/x.md"), &mut s);
        assert!(out.contains("[a](@/posts/a.md)"), "{out}");
        assert!(out.contains("[b](@/docs/b/index.md)"), "{out}");
        assert!(out.contains("[c](#top)"), "{out}");
        assert!(out.contains("{{< ref \"nope.md\" >}}"), "{out}");
        assert_eq!(s.notes.len(), 1);
        assert_eq!(
            (s.notes[0].file.as_str(), s.notes[0].line),
            ("content/x.md", 5)
        );
    }

    #[test]
    fn liquid_outside_code_only() {
        let mut s = site();
        let body = "{{ site.baseurl }}/x {% post_url 2020-01-02-a %}\n```\n{% include a.html %}\n```\n{% for p in site.posts %}\n";
        let out = convert(Generator::Jekyll, body, 1, &page("index.md"), &mut s);
        assert!(out.starts_with("/x @/posts/2020-01-02-a.md\n"), "{out}");
        assert!(out.contains("```\n{% include a.html %}\n```"), "{out}");
        assert_eq!(s.notes.len(), 1, "{:?}", s.notes);
        assert_eq!(s.notes[0].line, 5);
    }
}
