//! Program YAML text → load → plan: any program that loads must schedule without panicking.
#![no_main]

use std::path::Path;

use deload_engine::plan::{PlanOptions, plan};
use deload_engine::programs::{PlanInput, parse_program_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    // A folder that does not exist: `extends` cannot reach real files.
    let path = Path::new("/nonexistent-deload-fuzz/programs/fuzz.yaml");
    let Ok((program, _warnings)) = parse_program_text(text, path) else {
        return;
    };
    let input = PlanInput {
        program,
        athlete: None,
    };
    let opts = PlanOptions {
        start: Some(jiff::civil::date(2026, 1, 5)),
        ..PlanOptions::default()
    };
    let _ = plan(&input, &opts);
});
