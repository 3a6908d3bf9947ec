//! Shortcode calls: scan any page body; what is found lies inside it, in order, without overlap.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let spans = deload_site::shortcode_spans(text);
    let mut end = 0;
    for s in spans {
        assert!(s.start >= end && s.start <= s.end && s.end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        end = s.end.max(s.start);
    }
});
