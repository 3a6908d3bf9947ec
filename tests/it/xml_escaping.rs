//! Hostile titles, descriptions and names come out of the Atom feed and the sitemap as text:
//! the XML parses and every value round-trips.

use crate::support::Fixture;

const HOSTILE: &str = r#"<b>&"' ]]> &amp; <!-- x --> <script>alert(1)</script>"#;

fn yaml_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn children<'a>(
    node: roxmltree::Node<'a, 'a>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'a>> {
    node.children().filter(move |n| n.tag_name().name() == name)
}

#[test]
fn feed_and_sitemap_escape_hostile_text() {
    let f = Fixture::new("basic");
    let site = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    let site = site.replace(
        "title: \"Fixture site\"",
        &format!("title: {}", yaml_quoted(HOSTILE)),
    );
    f.write("site.yaml", &site);
    f.write(
        "content/blog/hostile.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\ndate: 2030-01-01\n---\nBody.\n",
            yaml_quoted(HOSTILE),
            yaml_quoted(HOSTILE)
        ),
    );
    // A file name with characters XML must escape.
    f.write(
        "content/blog/a&b's.md",
        "---\ntitle: Amp\ndate: 2029-01-01\n---\nBody.\n",
    );
    // dated in the future: published only with --future
    f.build(&["--future"]);

    let feed = f.read_out("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}\n{feed}"));
    let root = doc.root_element();
    let title = children(root, "title").next().and_then(|n| n.text());
    assert_eq!(title, Some(HOSTILE), "feed title");
    let entry = children(root, "entry")
        .find(|e| children(*e, "title").next().and_then(|n| n.text()) == Some(HOSTILE))
        .unwrap_or_else(|| panic!("no entry titled with the hostile text:\n{feed}"));
    // The description is plain text, so the summary is `type="text"`: a feed reader shows it
    // as it is written and never parses it as HTML.
    let summary = children(entry, "summary").next().unwrap();
    assert_eq!(summary.attribute("type"), Some("text"));
    assert_eq!(summary.text(), Some(HOSTILE));
    assert!(!feed.contains("<script"), "{feed}");

    let sitemap = f.read_out("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap_or_else(|e| panic!("{e}\n{sitemap}"));
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "loc")
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.iter()
            .any(|l| l.contains("a&b") || l.contains("a%26b") || l.to_lowercase().contains("a-b")),
        "{locs:?}"
    );
    for l in &locs {
        assert!(l.starts_with("https://fixture.test/"), "{l}");
    }
}
