//! What `scripts/bench-planner.sh` measures (a benchmark, never a timed test): the milliseconds
//! from a click on "Make my plan" to the plan on screen (the weeks, the chart and the warnings;
//! the downloads and the printable sheet follow, and that time is printed too), measured by the
//! Planner page itself, for
//! the novice program, 20 clicks (the median over all of them, the first included), in a headless Chromium (`chromium` on PATH, or
//! `$DELOAD_CHROMIUM`) on the shipped site served by `deload serve`.
//!
//! Run with `cargo bench --bench planner_click`. It shares the integration tests' helpers.

#[allow(unreachable_pub)]
#[path = "../tests/it/support/mod.rs"]
mod support;

use support::planner_page::{click, fill_novice_form, planner_page};

fn main() {
    let (_site, _serve, mut b) = planner_page();
    fill_novice_form(&mut b);
    let mut times = Vec::new();
    let mut sheets = Vec::new();
    for _ in 0..20 {
        click(&mut b, "#planner-form button[type=submit]");
        b.wait_for("document.getElementById('planner-form').hasAttribute('data-sheet-ms')");
        let mut ms = |attr: &str| {
            let v = b.eval(&format!(
                "Number(document.getElementById('planner-form').getAttribute('{attr}'))"
            ));
            v.as_f64().expect("ms")
        };
        times.push(ms("data-plan-ms"));
        sheets.push(ms("data-sheet-ms"));
    }
    let (first, first_sheet) = (times[0], sheets[0]);
    times.sort_by(f64::total_cmp);
    sheets.sort_by(f64::total_cmp);
    println!(
        "planner click to plan: median {:.1} ms, first {first:.1} ms, max {:.1} ms (20 clicks, the first included)",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    println!(
        "planner click to downloads and printable sheet (handed to its frame): median {:.1} ms, first {first_sheet:.1} ms, max {:.1} ms",
        sheets[sheets.len() / 2],
        sheets[sheets.len() - 1]
    );
}
