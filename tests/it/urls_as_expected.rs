//! URLs as users of Hugo and Zola expect them (issue #26): file names keep their dots and
//! letters of any script (percent-encoded in links), upper case on request; CJK names never
//! collapse to `page`; heading ids keep every script; `C++`, `C#` and `c` are three terms and
//! terms that would share a URL are an error; a feed per section and per term.

use crate::support::Fixture;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The basic fixture with pages named as Hugo and Jekyll users name them.
fn named_site() -> Fixture {
    let f = Fixture::new("basic");
    let post = |title: &str, extra: &str| {
        format!("---\ntitle: {title}\ndate: 2024-01-02\n{extra}---\nText of {title}.\n")
    };
    f.write(
        "content/blog/0.89.3-relnotes.md",
        &post("Relnotes", "tags: [\"C++\", \"C#\", \"c\", \"日本語\"]\n"),
    );
    f.write("content/blog/café-crème.md", &post("Cafe", ""));
    f.write("content/blog/日本語.md", &post("Japanese", ""));
    f.write("content/blog/中文.md", &post("Chinese", ""));
    f.write("content/blog/UpperCase.md", &post("Upper", ""));
    f.write(
        "content/blog/headings.md",
        "---\ntitle: Headings\n---\n## Ύπνος και ανάκαμψη\n\n## 睡眠と回復\n\n## Déjà vu\n\n[back](#ύπνος-και-ανάκαμψη) [jp](@/blog/日本語.md) [cafe](/blog/caf%C3%A9-cr%C3%A8me/) [raw](/blog/café-crème/)\n",
    );
    f
}

#[test]
fn file_names_keep_dots_and_every_script_and_links_are_percent_encoded() {
    let f = named_site();
    let out = f.build(&[]);
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
    for (file, title) in [
        ("blog/0.89.3-relnotes/index.html", "Relnotes"),
        ("blog/café-crème/index.html", "Cafe"),
        ("blog/日本語/index.html", "Japanese"),
        ("blog/中文/index.html", "Chinese"),
        ("blog/uppercase/index.html", "Upper"),
    ] {
        assert!(f.read_out(file).contains(title), "{file}");
    }
    let page = f.read_out("blog/headings/index.html");
    for id in ["ύπνος-και-ανάκαμψη", "睡眠と回復", "déjà-vu"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}:\n{page}");
    }
    assert!(!page.contains("id=\"section"), "{page}");
    assert!(
        page.contains("href=\"https://fixture.test/blog/%E6%97%A5%E6%9C%AC%E8%AA%9E/\""),
        "an @/ link to a CJK page is percent-encoded:\n{page}"
    );
    assert!(
        page.contains("href=\"/blog/caf%C3%A9-cr%C3%A8me/\""),
        "{page}"
    );
    let sitemap = f.read_out("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://fixture.test/blog/caf%C3%A9-cr%C3%A8me/</loc>"),
        "permalinks are percent-encoded:\n{sitemap}"
    );
}

#[test]
fn upper_case_is_kept_on_request() {
    let f = named_site();
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write("site.yaml", &format!("{yaml}slugify:\n  paths: safe\n"));
    f.build(&[]);
    assert!(f.read_out("blog/UpperCase/index.html").contains("Upper"));
    assert!(!f.out().join("blog/uppercase").exists());
}

#[test]
fn terms_that_slug_alike_get_their_own_urls_or_an_error() {
    let f = named_site();
    f.build(&[]);
    for (term, slug) in [
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("c", "c"),
        ("日本語", "日本語"),
    ] {
        let page = f.read_out(&format!("tags/{slug}/index.html"));
        assert!(page.contains("Relnotes"), "{term}: {page}");
    }
    let post = f.read_out("blog/0.89.3-relnotes/index.html");
    assert!(
        post.contains("https://fixture.test/tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/"),
        "{post}"
    );
    // `sleep!` would share /tags/sleep/ with the fixture's `sleep`; `Sleep` is `sleep`
    f.write(
        "content/blog/caps.md",
        "---\ntitle: Caps\ntags: [\"Sleep\"]\n---\nx\n",
    );
    f.write(
        "content/blog/clash.md",
        "---\ntitle: Clash\ntags: [\"sleep!\"]\n---\nx\n",
    );
    let out = f.run(&["build"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("and `sleep!` would share the URL /tags/sleep/"),
        "{err}"
    );
    assert!(err.contains("content/blog/clash.md:3:"), "located:\n{err}");
    assert_eq!(err.matches("would share").count(), 1, "{err}");
}

#[test]
fn sections_and_terms_have_feeds_linked_from_their_pages() {
    let f = named_site();
    f.build(&[]);
    let feed = f.read_out("blog/atom.xml");
    assert!(
        feed.contains("<title>Blog · Fixture site</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("https://fixture.test/blog/0.89.3-relnotes/"),
        "{feed}"
    );
    assert!(
        !feed.contains("/about/"),
        "only the section's pages:\n{feed}"
    );
    let term_feed = f.read_out("tags/c-sharp/atom.xml");
    assert!(term_feed.contains("Relnotes"), "{term_feed}");
    assert!(!term_feed.contains("Cafe"), "{term_feed}");
    let listing = f.read_out("blog/index.html");
    assert!(
        listing.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Blog · Fixture site\" href=\"https://fixture.test/blog/atom.xml\">"),
        "{listing}"
    );
    let term = f.read_out("tags/c-sharp/index.html");
    assert!(
        term.contains("href=\"https://fixture.test/tags/c-sharp/atom.xml\""),
        "{term}"
    );
    // RSS 2.0 on a setting, for every feed
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    f.write(
        "site.yaml",
        &format!("{yaml}outputs:\n  feed_format: rss\n  term_feeds: false\n"),
    );
    f.build(&[]);
    let rss = f.read_out("blog/rss.xml");
    assert!(rss.contains("<rss version=\"2.0\""), "{rss}");
    assert!(
        rss.contains("<pubDate>Tue, 02 Jan 2024 00:00:00 +0000</pubDate>"),
        "{rss}"
    );
    assert!(f.read_out("rss.xml").contains("<channel>"));
    assert!(!f.out().join("atom.xml").exists());
    assert!(!f.out().join("tags/c-sharp/rss.xml").exists());
    assert!(
        f.read_out("blog/index.html")
            .contains("type=\"application/rss+xml\"")
    );
}
