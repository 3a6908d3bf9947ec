//! Front matter: split any text, then parse the header as a page and as a section.
#![no_main]

use std::path::{Path, PathBuf};

use deload_site::content::{Page, PageFrontMatter, Section, SectionFrontMatter, split_front_matter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("content/fuzz.md");
    if let Ok(split) = split_front_matter(path, text) {
        assert!(split.body_offset <= text.len());
        assert_eq!(&text[split.body_offset..], split.body);
        let _ = deload_engine::yaml::parse::<PageFrontMatter>(split.yaml, path, split.yaml_line, text);
        let _ = deload_engine::yaml::parse::<SectionFrontMatter>(split.yaml, path, split.yaml_line, text);
    }
    if let Ok(page) = Page::parse(
        PathBuf::from("content/fuzz.md"),
        "fuzz.md".into(),
        text.into(),
    ) {
        let _ = page.key_location("date");
        let _ = page.reading_time();
    }
    let _ = Section::parse(
        PathBuf::from("content/_index.md"),
        "_index.md".into(),
        text.into(),
    );
});
