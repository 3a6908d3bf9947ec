//! Training-log import: parse any text as a Strong/Hevy/FitNotes export, then derive the history.
#![no_main]

use std::path::Path;

use deload_engine::traininglog::{ImportOptions, derive, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let today = jiff::civil::date(2026, 6, 1);
    for skip_bad_rows in [false, true] {
        let opts = ImportOptions {
            units: None,
            skip_bad_rows,
            today,
        };
        if let Ok((log, _)) = parse(text, Path::new("log.csv"), &opts) {
            let h = derive(&log, today);
            let _ = h.summary();
            let _ = deload_engine::traininglog::chart::to_svg(&h);
        }
    }
});
