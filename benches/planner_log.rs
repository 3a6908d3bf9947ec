//! What `scripts/bench-planner-log.sh` measures (a benchmark, never a timed test): the
//! milliseconds from a training log dropped on the Planner page to the report and the re-planned
//! weeks on screen, measured by the page itself (the drop event's time stamp to the frame after
//! they are drawn), 20 drops, in a headless Chromium on the shipped site served by `deload
//! serve`. The log covers 52 weeks: 47 weeks of training before the plan (the history the
//! re-plan derives from it) and the plan's first five weeks, as `log_from_plan` lifts them.
//!
//! Run with `cargo bench --bench planner_log`. It shares the integration tests' helpers.

#[allow(unreachable_pub)]
#[path = "../tests/it/support/mod.rs"]
mod support;

use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::json;

use support::Fixture;
use support::logs::log_from_plan;
use support::planner_page::{choose, click, fill, planner_page};

/// 52 weeks of log: the plan's five weeks and, before them, its first week's rows repeated for
/// each of the 47 weeks before the start.
fn year_log(plan_log: &str, start: Date) -> String {
    let mut lines = plan_log.lines();
    let header = lines.next().unwrap_or_default();
    let rows: Vec<&str> = lines.collect();
    let first_week: Vec<&str> = (rows.iter().copied())
        .filter(|r| {
            r.get(..10).and_then(|d| d.parse::<Date>().ok()) < start.checked_add(7.days()).ok()
        })
        .collect();
    let mut out = format!("{header}\n");
    for k in (1..=47).rev() {
        for r in &first_week {
            let Some(d) = r.get(..10).and_then(|d| d.parse::<Date>().ok()) else {
                continue;
            };
            let back = d.checked_sub((7 * k).days()).expect("a date");
            out.push_str(&format!("{back}{}\n", &r[10..]));
        }
    }
    for r in rows {
        out.push_str(r);
        out.push('\n');
    }
    out
}

fn main() {
    let (_site, _serve, mut b) = planner_page();
    let today = b.eval(
        "(() => { const d = new Date(); const p = n => (n < 10 ? '0' : '') + n; \
         return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()); })()",
    );
    let today: Date = (today.as_str().expect("a date").parse()).expect("YYYY-MM-DD");
    let monday = (today.checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days()))
        .expect("a date");
    let start = monday.checked_sub(35.days()).expect("a date");
    choose(&mut b, "planner-program", "Novice full body");
    choose(&mut b, "planner-level", "Novice (under 6 months)");
    b.eval(&format!(
        "(() => {{ document.getElementById('planner-start').value = '{start}'; return true; }})()"
    ));
    let n = b.eval("document.querySelectorAll('#planner-maxes input').length");
    for i in 0..n.as_u64().unwrap_or(0) {
        fill(&mut b, &format!("planner-max-{i}"), "80");
    }
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("!document.getElementById('planner-result').hidden");
    let athlete = b.eval(
        "(() => { const data = JSON.parse(document.getElementById('planner-programs').textContent); \
         const p = data.programs[document.getElementById('planner-program').value]; \
         return DeloadPlanner.athleteYaml({ program: p.file, level: 'novice', years: '', \
           weeksSinceDeload: document.getElementById('planner-weeks-since-deload').value, sleep: '', signs: [], \
           start: document.getElementById('planner-start').value, days: [], units: '', \
           maxes: Array.from(document.querySelectorAll('#planner-maxes input')) \
             .map(i => ({ lift: i.getAttribute('data-lift'), value: i.value })) }).text; })()",
    );
    let f = Fixture::shipped();
    f.write(
        "programs/athletes/you.yaml",
        athlete.as_str().expect("text"),
    );
    let yesterday = today.yesterday().expect("a date");
    let plan_log = log_from_plan(
        &f.root().join("programs/athletes/you.yaml"),
        today,
        yesterday,
    );
    let log = year_log(&plan_log, start);
    let drop = format!(
        "(() => {{ const dt = new DataTransfer(); dt.items.add(new File([{}], 'year.csv', {{ type: 'text/csv' }})); \
         document.getElementById('planner-log-drop').dispatchEvent(new DragEvent('drop', \
         {{ dataTransfer: dt, bubbles: true, cancelable: true }})); return true; }})()",
        json!(log)
    );
    let mut times = Vec::new();
    for _ in 0..20 {
        b.eval(&drop);
        b.wait_for("document.getElementById('planner-log').hasAttribute('data-replan-ms')");
        let ms =
            b.eval("Number(document.getElementById('planner-log').getAttribute('data-replan-ms'))");
        times.push(ms.as_f64().expect("ms"));
        let err = b.eval("document.getElementById('planner-log-error').hidden");
        assert_eq!(err, json!(true), "the log re-plans");
    }
    let first = times[0];
    times.sort_by(f64::total_cmp);
    println!(
        "planner log to re-plan (52-week log, {} rows): first {first:.1} ms, median {:.1} ms, max {:.1} ms (20 drops)",
        log.lines().count() - 1,
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
