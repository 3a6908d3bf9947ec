//! The one YAML reader: any text is read into values or refused with a located error, never a
//! crash, an overflowed stack or gigabytes of memory (depth, aliases and size are bounded first).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let path = Path::new("data/fuzz.yaml");
    if let Err(e) = deload_engine::yaml::parse::<serde_json::Value>(text, path, 1, text) {
        // a located error renders with its snippet
        let _ = e.render(deload_engine::Severity::Error, false);
    }
    let _ = deload_engine::yaml::check_depth(text, path, 1, text);
});
