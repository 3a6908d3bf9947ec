//! The fixture site `tests/fixtures/extras` turns on every extra of issue #27 that changes how
//! Markdown and styles are built: code highlighting (ten languages, line numbers, highlighted and
//! hidden lines, an unknown language), definition lists, emoji shortcodes, attribute lists, math,
//! linkify and Sass. The tests build it and read the HTML and CSS.

use crate::support::{Fixture, deload_env};

fn built() -> (Fixture, String) {
    let f = Fixture::new("extras");
    let out = f.build(&[]);
    (f, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn code_in_ten_languages_has_token_spans() {
    let (f, stderr) = built();
    let html = f.read_out("code/index.html");
    for lang in [
        "rust",
        "python",
        "javascript",
        "go",
        "c",
        "java",
        "bash",
        "yaml",
        "json",
        "sql",
    ] {
        let start =
            format!("<pre class=\"z-code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">");
        let at = html
            .find(&start)
            .unwrap_or_else(|| panic!("no {lang} block: {html}"));
        let block = &html[at..at + html[at..].find("</pre>").unwrap_or(0)];
        assert!(
            block.matches("<span class=\"z-").count() >= 3,
            "{lang}: {block}"
        );
    }
    assert!(
        html.contains("<span class=\"z-keyword z-control z-flow z-return z-python\">return</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"z-comment z-line z-number-sign z-python\">"),
        "{html}"
    );
    // linenos, hl_lines=3 and hide_lines=1 on the Rust block
    assert!(!html.contains("hidden setup line"), "{html}");
    assert!(
        html.contains("<span class=\"line hl\"><span class=\"ln\" aria-hidden=\"true\">3</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">2</span>"),
        "{html}"
    );
    // an unknown language: plain text, one warning at the block
    assert!(
        html.contains("<code class=\"language-klingon\"><span class=\"line\">Qapla&#39;\n</span>"),
        "{html}"
    );
    assert_eq!(
        stderr.matches("unknown language `klingon`").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("code.md:51:1"), "{stderr}");
    // a block without a language is written as before
    assert!(
        html.contains("<pre><code>no language: written as before\n</code></pre>"),
        "{html}"
    );
    // the themes' rules: light, and dark under prefers-color-scheme
    let css = f.read_out("style.css");
    let ours = css
        .find("/* code highlighting")
        .unwrap_or_else(|| panic!("{css}"));
    let css = &css[ours..];
    let dark = css
        .rfind("@media (prefers-color-scheme: dark)")
        .unwrap_or_else(|| panic!("{css}"));
    assert!(css[..dark].contains(".z-comment"), "light theme rules");
    assert!(css[dark..].contains(".z-comment"), "dark theme rules");
}

#[test]
fn markdown_extras() {
    let (f, stderr) = built();
    let html = f.read_out("extras/index.html");
    for want in [
        "<dl>\n<dt>Deload</dt>\n<dd>a lighter week of training</dd>\n</dl>",
        "Well done 👍 and 🎉 but :not_an_emoji: stays.",
        "<p id=\"first\" class=\"note\">A paragraph with classes.</p>",
        "<p class=\"notice\">A kramdown paragraph.</p>",
        "<a class=\"button\" href=\"https://example.org/\">button link</a>",
        "<img class=\"wide\" src=\"https://example.org/dot.png\" alt=\"a dot\" />",
        "<p class=\"ok\">An unsafe list.</p>",
        "<h2 id=\"a-heading\" class=\"fancy\">",
        "<a href=\"https://example.org/plan\">https://example.org/plan</a> for more.",
        "<code>:smile:</code> in code stays, and so does <code>https://example.org/code</code>",
    ] {
        assert!(html.contains(want), "{want}\nin {html}");
    }
    assert!(!html.contains("onclick"), "{html}");
    assert!(
        stderr.contains("attributes dropped: `onclick=alert(1)`"),
        "{stderr}"
    );
    let math = &html[html.find("Euler").unwrap_or(0)..];
    assert!(math.contains("<math") && math.contains("<msup>"), "{math}");
    assert!(
        math.contains("display=\"block\"") && math.contains("<munderover>"),
        "{math}"
    );
}

#[test]
fn sass_is_compiled_and_its_errors_are_located() {
    let (f, _) = built();
    let css = f.read_out("main.css");
    assert!(css.contains(".card {\n  margin: 8px;\n}"), "{css}");
    assert!(
        css.contains(".card .title {\n  color: #c0392b;\n}"),
        "{css}"
    );
    assert!(f.read_out("parts/print.css").contains("@media print"));
    assert!(!f.out().join("_vars.css").exists());
    f.write("sass/parts/print.scss", "nav {\n  color: vars.$nope;\n}\n");
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("sass/parts/print.scss:2:10"), "{stderr}");
}

#[test]
fn the_extras_are_off_by_default() {
    let (f, _) = built();
    f.write(
        "site.yaml",
        "title: \"Extras\"\nprograms:\n  publish: false\n",
    );
    f.build(&[]);
    let html = f.read_out("extras/index.html");
    assert!(
        html.contains(":+1:") && html.contains("{.note #first}"),
        "{html}"
    );
    assert!(!html.contains("<dl>") && !html.contains("<math"), "{html}");
    let code = f.read_out("code/index.html");
    assert!(
        code.contains("<pre><code class=\"language-rust,linenos,hl_lines=3,hide_lines=1\">"),
        "{code}"
    );
    assert!(!f.read_out("style.css").contains("z-comment"));
    assert!(!f.out().join("main.css").exists());
}

#[test]
fn a_field_of_a_call_is_a_located_error_naming_the_tera_2_form() {
    let (f, _) = built();
    f.write(
        "templates/shortcodes/title_of.html",
        "<b>\n{{ get_page(path=path).title }}</b>\n",
    );
    f.write(
        "content/extras.md",
        "---\ntitle: \"T\"\n---\n\n{{ title_of(path=\"code.md\") }}\n",
    );
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("title_of.html:2:"), "{stderr}");
    assert!(
        stderr.contains("{% set p = get_page(...) %}{{ p.title }}"),
        "{stderr}"
    );
}

/// The text of `html` between the first `start` and the `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html.find(start).map_or(html.len(), |i| i + start.len());
    let rest = &html[at..];
    &rest[..rest.find(end).unwrap_or(0)]
}

/// The files of the image cache with their modification times.
fn cache_times(f: &Fixture) -> Vec<(String, std::time::SystemTime)> {
    let dir = f.root().join(".cache/deload-images");
    let mut times: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| {
            let t = e.metadata().and_then(|m| m.modified());
            (
                e.file_name().to_string_lossy().into_owned(),
                t.unwrap_or(std::time::UNIX_EPOCH),
            )
        })
        .collect();
    times.sort();
    times
}

#[test]
fn bundle_images_are_resized_once_and_listed_in_srcset() {
    let (f, _) = built();
    let html = f.read_out("trip/index.html");
    let srcset = between(&html, "srcset=\"", "\"");
    let entries: Vec<(&str, u32)> = srcset
        .split(", ")
        .map(|e| {
            let (url, w) = e.rsplit_once(' ').unwrap_or((e, "0w"));
            (url, w.trim_end_matches('w').parse().unwrap_or(0))
        })
        .collect();
    assert_eq!(
        entries.iter().map(|e| e.1).collect::<Vec<_>>(),
        [160, 320],
        "{srcset}"
    );
    for (url, w) in &entries {
        let file = f.out().join(url.trim_start_matches('/'));
        let size = image::image_dimensions(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(size, (*w, w * 3 / 4), "{url}");
    }
    assert!(html.contains("width=\"160\" height=\"120\""), "{html}");
    assert!(
        html.contains("sizes=\"(max-width: 320px) 100vw, 320px\""),
        "{html}"
    );
    // without `widths` the figure is as before
    assert!(
        html.contains("<img src=\"/trip/chart.png\" alt=\"A red dot\" loading=\"lazy\">"),
        "{html}"
    );
    // a template's fill to WebP
    let thumb = between(&html, "<img class=\"thumb\" src=\"", "\"");
    assert!(thumb.ends_with(".webp"), "{thumb}");
    let file = f.out().join(thumb.trim_start_matches('/'));
    assert_eq!(image::image_dimensions(&file).ok(), Some((100, 100)));
    // a build after an edit processes nothing again: the cached files are not rewritten
    let before = cache_times(&f);
    assert_eq!(before.len(), 3, "{before:?}");
    f.write(
        "content/extras.md",
        "---\ntitle: \"Changed\"\n---\n\nNew.\n",
    );
    f.build(&[]);
    assert_eq!(cache_times(&f), before);
}

#[test]
fn an_image_too_large_to_decode_is_a_located_error() {
    let (f, _) = built();
    // a 1×1 PNG whose header says 20000×20000 (400 megapixels)
    let mut png = Vec::new();
    {
        use image::ImageEncoder;
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0u8; 3], 1, 1, image::ExtendedColorType::Rgb8)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    std::fs::write(f.root().join("content/trip/bomb.png"), &png).unwrap_or_else(|e| panic!("{e}"));
    f.write(
        "content/trip/index.md",
        "---\ntitle: \"Bomb\"\n---\n\nText.\n\n{{ figure(src=\"bomb.png\", alt=\"x\", widths=[100]) }}\n",
    );
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("20000×20000 pixels"), "{stderr}");
    assert!(stderr.contains("content/trip/index.md:7:1"), "{stderr}");
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Under a base URL with a path (`https://example.org/blog/`), every candidate of a figure's
/// `srcset` is under that path like its `src`, and names a file the build wrote.
#[test]
fn srcset_candidates_are_under_the_base_urls_path() {
    let f = Fixture::new("extras");
    let out = f.build(&["--base-url", "https://example.org/blog/"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = f.read_out("trip/index.html");
    let srcset = between(&html, "srcset=\"", "\"");
    let urls: Vec<&str> = srcset
        .split(", ")
        .filter_map(|c| c.split(' ').next())
        .collect();
    assert_eq!(urls.len(), 2, "{srcset}");
    for url in urls {
        let file = url
            .strip_prefix("/blog/")
            .unwrap_or_else(|| panic!("{srcset}"));
        assert!(f.out().join(file).is_file(), "{url}");
    }
    let src = between(&html, "<img src=\"/blog/processed_images/", "\"");
    assert!(
        srcset.contains(src),
        "the src is one of the candidates: {srcset}"
    );
}

/// A shortcode calls `load_data` and `now` as a template does (the data file read once, the time
/// from `SOURCE_DATE_EPOCH`).
#[test]
fn shortcodes_call_load_data_and_now() {
    let f = Fixture::new("basic");
    f.write("data/lifts.csv", "lift,kg\nsquat,100\nbench,80\n");
    f.write(
        "templates/shortcodes/lifts.html",
        "<ul>{% for row in load_data(path=\"lifts.csv\") %}<li>{{ row.lift }}: {{ row.kg }} kg</li>{% endfor %}</ul><p>as of {{ now() }}</p>",
    );
    f.write(
        "content/lifts.md",
        "---\ntitle: Lifts\n---\nThe maxes:\n\n{{ lifts() }}\n",
    );
    let epoch = std::ffi::OsStr::new("1798761600");
    let out = deload_env(f.root(), &["build"], &[("SOURCE_DATE_EPOCH", epoch)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = f.read_out("lifts/index.html");
    assert!(
        html.contains("<li>squat: 100 kg</li><li>bench: 80 kg</li>"),
        "{html}"
    );
    assert!(html.contains("as of 2027-01-01T00:00:00Z"), "{html}");
}

/// The shortcodes that look up the site (`get_page`, `get_section`, `get_taxonomy`, `get_url`)
/// see every page of it, the ones read after the calling page too, in a page's body, a
/// section's and a shortcode's body, through an included partial (their pages are rendered
/// after the rest).
#[test]
fn shortcodes_look_up_the_site() {
    let f = Fixture::new("basic");
    f.write(
        "templates/shortcodes/page_card.html",
        "{% set p = get_page(path=path) %}<a class=\"card\" href=\"{{ p.permalink }}\">{{ p.title }} ({{ p.date }}, {{ p.section.name }}, tags: {% for t in p.tags %}{{ t.name }};{% endfor %})</a>",
    );
    f.write(
        "templates/shortcodes/_list.html",
        "{% set s = get_section(path=section) %}<ul class=\"posts\">{% for p in s.pages %}<li>{{ p.title }}</li>{% endfor %}</ul>",
    );
    f.write(
        "templates/shortcodes/posts.html",
        "<div class=\"posts-of\">{% include \"shortcodes/_list.html\" %}</div>",
    );
    f.write(
        "templates/shortcodes/tag_count.html",
        "{% set t = get_taxonomy(kind=\"tags\") %}<span class=\"tags\">{% for term in t.terms %}{{ term.name }}={{ term.pages | length }};{% endfor %}</span>",
    );
    f.write(
        "templates/shortcodes/url_of.html",
        "<a class=\"url\" href=\"{{ get_url(path=path) }}\">{{ body }}</a>",
    );
    // the manual's example (reference/site-functions.md)
    f.write(
        "templates/shortcodes/latest.html",
        "{% set s = get_section(path=section) %}\n<ul>{% for p in s.pages %}{% if loop.index <= n %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> ({{ p.date }})</li>{% endif %}{% endfor %}</ul>",
    );
    // `aaa.md` is read before the pages it looks up
    f.write(
        "content/aaa.md",
        "---\ntitle: Index of posts\n---\nFirst: {{ page_card(path=\"blog/third.md\") }}\n\n{{ posts(section=\"blog/_index.md\") }}\n\n{{ tag_count() }}\n\n{{ latest(section=\"blog/_index.md\", n=2) }}\n\n{% url_of(path=\"@/blog/second.md#part-two\") %}\nPart *two*\n{% end %}\n",
    );
    f.write(
        "content/blog/_index.md",
        "---\ntitle: \"Blog\"\nsort_by: date\npaginate_by: 2\n---\nStart with {{ page_card(path=\"@/about.md\") }}.\n",
    );
    let out = f.build(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = f.read_out("aaa/index.html");
    assert!(
        html.contains(
            "href=\"https://fixture.test/blog/third/\">Third post (2026-03-01, Blog, tags: stress;)"
        ),
        "{html}"
    );
    let posts = between(&html, "<ul class=\"posts\">", "</ul>");
    assert_eq!(
        posts, "<li>Third post</li><li>Second post</li><li>First post</li>",
        "the section's pages, newest first: {html}"
    );
    assert!(html.contains("sleep=2;"), "{html}");
    assert!(
        html.contains("<ul><li><a href=\"https://fixture.test/blog/third/\">Third post</a> (2026-03-01)</li><li><a href=\"https://fixture.test/blog/second/\">Second post</a> (2026-02-01)</li></ul>"),
        "{html}"
    );
    assert!(
        html.contains(
            "href=\"https://fixture.test/blog/second/#part-two\"><p>Part <em>two</em></p>\n</a>"
        ),
        "{html}"
    );
    let blog = f.read_out("blog/index.html");
    assert!(
        blog.contains("href=\"https://fixture.test/about-us/\">About us ("),
        "a section's body calls it too: {blog}"
    );
}

/// A lookup that fails (a page that does not exist) is an error at the page's call with the
/// pages that do exist; `get_page(...).title` in a shortcode is a syntax error that shows the
/// form Tera 2 reads.
#[test]
fn a_shortcodes_lookup_that_fails_is_located() {
    let f = Fixture::new("basic");
    f.write(
        "templates/shortcodes/title_of.html",
        "{% set p = get_page(path=path) %}{{ p.title }}",
    );
    f.write(
        "content/lifts.md",
        "---\ntitle: Lifts\n---\nSee {{ title_of(path=\"blog/secnd.md\") }}.\n",
    );
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("content/lifts.md:4"),
        "located at the call:\n{err}"
    );
    assert!(err.contains("there is no page `blog/secnd.md`"), "{err}");
    assert!(err.contains("did you mean `blog/second.md`"), "{err}");
    f.write(
        "templates/shortcodes/title_of.html",
        "{{ get_page(path=path).title }}",
    );
    f.write(
        "content/lifts.md",
        "---\ntitle: Lifts\n---\nSee {{ title_of(path=\"blog/second.md\") }}.\n",
    );
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("title_of.html"), "{err}");
    assert!(
        err.contains("{% set p = get_page(...) %}{{ p.title }}"),
        "{err}"
    );
}

/// A `figure` with `widths` in a section's `_index.md` (its image beside it) is resized and its
/// processed files are known to the link check, as a page bundle's are: the sections' Markdown
/// is rendered after the site's files are listed, and its images were once reported as broken
/// links.
#[test]
fn a_sections_figure_is_resized_and_not_a_broken_link() {
    let f = Fixture::new("extras");
    std::fs::create_dir_all(f.root().join("content/gallery")).expect("mkdir");
    crate::support::copy_file(
        &f.root().join("content/trip/chart.png"),
        &f.root().join("content/gallery/chart.png"),
    );
    f.write(
        "content/gallery/_index.md",
        "---\ntitle: \"Gallery\"\n---\n\n{{ figure(src=\"chart.png\", alt=\"A red dot\", widths=[100, 200]) }}\n",
    );
    let out = f.build(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = f.read_out("gallery/index.html");
    let srcset = between(&html, "srcset=\"", "\"");
    let mut widths = Vec::new();
    for candidate in srcset.split(", ") {
        let (url, w) = candidate.rsplit_once(' ').unwrap_or((candidate, ""));
        let file = f.out().join(url.trim_start_matches('/'));
        let (width, _) = image::image_dimensions(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(format!("{width}w"), w, "{url}");
        widths.push(width);
    }
    assert_eq!(widths, [100, 200], "{srcset}");
    let check = f.run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// A page whose shortcode looks up another page follows that page's edits in the next build
/// (an incremental build must not keep the older rendering), and the page cache never keeps it.
#[test]
fn a_lookup_follows_the_page_it_looks_up() {
    let f = Fixture::new("basic");
    f.write(
        "templates/shortcodes/title_of.html",
        "{% set p = get_page(path=path) %}<b>{{ p.title }}</b>",
    );
    f.write(
        "content/lifts.md",
        "---\ntitle: Lifts\n---\nSee {{ title_of(path=\"blog/third.md\") }}.\n",
    );
    let build = || {
        let out = f.run(&["build"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        f.read_out("lifts/index.html")
    };
    assert!(build().contains("<b>Third post</b>"));
    let third = f.root().join("content/blog/third.md");
    let text = std::fs::read_to_string(&third).expect("third");
    f.write(
        "content/blog/third.md",
        &text.replace("title: \"Third post\"", "title: \"Post three\""),
    );
    let html = build();
    assert!(html.contains("<b>Post three</b>"), "{html}");
    // and once more with nothing changed but the body of the page looked up
    f.write(
        "content/blog/third.md",
        &(text.replace("title: \"Third post\"", "title: \"Post three\"") + "\nMore.\n"),
    );
    assert!(build().contains("<b>Post three</b>"));
}
