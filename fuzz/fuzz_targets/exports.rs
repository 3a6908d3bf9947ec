//! Program YAML text → schedule → every export (JSON, CSV, ICS, Markdown). The start date and
//! plan length come from the first bytes, so schedules reach the calendar's edges too.
#![no_main]

use std::path::Path;

use deload_engine::export::{IcsOptions, to_csv, to_ics, to_json, to_markdown};
use deload_engine::plan::{PlanOptions, plan};
use deload_engine::programs::{PlanInput, parse_program_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let Ok(text) = std::str::from_utf8(&data[3..]) else {
        return;
    };
    let path = Path::new("/nonexistent-deload-fuzz/programs/fuzz.yaml");
    let Ok((program, _)) = parse_program_text(text, path) else {
        return;
    };
    let day = i64::from(u16::from_le_bytes([data[0], data[1]])) * 60;
    let start = jiff::civil::date(1, 1, 1)
        .checked_add(jiff::Span::new().days(day.min(3_600_000)))
        .unwrap_or(jiff::civil::date(9999, 12, 1));
    let weeks = match data[2] {
        0 => None,
        w => Some(u32::from(w)),
    };
    let opts = PlanOptions {
        start: Some(start),
        weeks,
        ..PlanOptions::default()
    };
    let input = PlanInput {
        program,
        athlete: None,
    };
    let Ok(schedule) = plan(&input, &opts) else {
        return;
    };
    let json = to_json(&schedule);
    assert!(json.starts_with('{'));
    let csv = to_csv(&schedule);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let width = reader.headers().expect("CSV header").len();
    for record in reader.records() {
        let record = record.expect("CSV row parses");
        assert_eq!(record.len(), width);
        for field in record.iter() {
            assert!(
                !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula-like CSV field {field:?}"
            );
        }
    }
    for rest_events in [false, true] {
        let ics = to_ics(&schedule, &IcsOptions { rest_events });
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "ICS line over 75 octets: {line:?}");
        }
    }
    let _ = to_markdown(&schedule);
});
