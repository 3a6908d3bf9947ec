//! Re-planning from a training log on the Planner page, in real headless Chromium served by
//! `deload serve`: a plan made, its log dropped on the page (a `drop` event with the file, as a
//! reader's drag and drop gives it), the report and the re-planned weeks shown, the calendar
//! download byte for byte `deload replan`'s; a file that is not a log told apart in the reader's
//! words; the settings remembered, forgotten and linked; and, with the server stopped, the page,
//! its module and a guidance page come back from the service worker's copy.

use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::json;

use crate::support::browser::Browser;
use crate::support::logs::log_from_plan;
use crate::support::planner_page::{choose, click, fill, planner_page};
use crate::support::{Fixture, deload};

/// Today, as the browser's clock gives it (the page re-plans as of today), and the Monday five
/// weeks before this week's: the start of a plan with five weeks trained.
fn dates(b: &mut Browser) -> (Date, Date) {
    let today = b.eval(
        "(() => { const d = new Date(); const p = n => (n < 10 ? '0' : '') + n; \
         return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()); })()",
    );
    let today: Date = (today.as_str().expect("a date").parse()).expect("YYYY-MM-DD");
    let monday = today
        .checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days())
        .expect("a date");
    (today, monday.checked_sub(35.days()).expect("a date"))
}

/// Fills the form for the novice full-body program, started on `start`, every max 80.
fn fill_form(b: &mut Browser, start: Date) {
    choose(b, "planner-program", "Novice full body");
    choose(b, "planner-level", "Novice (under 6 months)");
    fill(b, "planner-weeks-since-deload", "3");
    b.eval(&format!(
        "(() => {{ const d = document.getElementById('planner-start'); d.value = '{start}'; return true; }})()"
    ));
    let n = b.eval("document.querySelectorAll('#planner-maxes input').length");
    for i in 0..n.as_u64().unwrap_or(0) {
        fill(b, &format!("planner-max-{i}"), "80");
    }
}

/// The athlete file the page writes for the form as filled, from the page's own script.
fn athlete_of_page(b: &mut Browser) -> String {
    let text = b.eval(
        "(() => { const data = JSON.parse(document.getElementById('planner-programs').textContent); \
         const p = data.programs[document.getElementById('planner-program').value]; \
         return DeloadPlanner.athleteYaml({ program: p.file, level: 'novice', years: '', \
           weeksSinceDeload: '3', sleep: '', signs: [], start: document.getElementById('planner-start').value, \
           days: [], units: '', maxes: Array.from(document.querySelectorAll('#planner-maxes input')) \
             .map(i => ({ lift: i.getAttribute('data-lift'), value: i.value })) }).text; })()",
    );
    text.as_str().expect("the athlete file").to_string()
}

/// A copy of the shipped site with the page's athlete file and a log of its plan up to
/// yesterday (`you-log.csv`); the log's text.
fn log_site(athlete: &str, today: Date) -> (Fixture, String) {
    let f = Fixture::shipped();
    f.write("programs/athletes/you.yaml", athlete);
    let yesterday = today.yesterday().expect("a date");
    let log = log_from_plan(
        &f.root().join("programs/athletes/you.yaml"),
        today,
        yesterday,
    );
    f.write("you-log.csv", &log);
    (f, log)
}

/// Drops a file named `name` holding `text` on the page's log zone.
fn drop_file(b: &mut Browser, name: &str, text: &str) {
    let js = format!(
        "(() => {{ const dt = new DataTransfer(); dt.items.add(new File([{}], {}, {{ type: 'text/csv' }})); \
         document.getElementById('planner-log-drop').dispatchEvent(new DragEvent('drop', \
         {{ dataTransfer: dt, bubbles: true, cancelable: true }})); return true; }})()",
        json!(text),
        json!(name)
    );
    b.eval(&js);
}

#[test]
fn a_reader_drops_a_log_and_gets_the_report_and_the_re_plan() {
    let (_f, _serve, mut b) = planner_page();
    let (today, start) = dates(&mut b);
    fill_form(&mut b, start);
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("!document.getElementById('planner-result').hidden");
    let athlete = athlete_of_page(&mut b);
    let (site, log) = log_site(&athlete, today);
    drop_file(&mut b, "you-log.csv", &log);
    b.wait_for("!document.getElementById('planner-replan').hidden");
    let report = b.eval("document.getElementById('planner-report').srcdoc");
    let report = report.as_str().expect("the report");
    for part in ["Progress and re-plan", "Weeks done", "<svg", "Compliance"] {
        assert!(report.contains(part), "{part} in the report");
    }
    assert!(
        b.eval("document.querySelectorAll('#planner-replan-weeks tr').length")
            .as_u64()
            > Some(0)
    );
    assert!(
        b.eval("document.getElementById('planner-log').hasAttribute('data-replan-ms')")
            == json!(true)
    );
    // the calendar download is `deload replan`'s, byte for byte
    let name = b.eval("document.getElementById('planner-replan-download-ics').download");
    assert_eq!(name, "replan-novice-full-body.ics");
    let ics = b.eval(
        "fetch(document.getElementById('planner-replan-download-ics').href).then(r => r.text())",
    );
    let cli = deload(
        site.root(),
        &[
            "replan",
            "programs/athletes/you.yaml",
            "--log",
            "you-log.csv",
            "--today",
            &today.to_string(),
            "--format",
            "ics",
            "--quiet",
        ],
    );
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    assert!(
        ics.as_str() == Some(String::from_utf8_lossy(&cli.stdout).as_ref()),
        "the page's calendar is deload replan's"
    );
    for k in ["csv", "json", "md", "report-html", "report-json"] {
        let n = b.eval(&format!(
            "document.getElementById('planner-replan-download-{k}').href.startsWith('blob:')"
        ));
        assert_eq!(n, json!(true), "{k} is offered");
    }
}

#[test]
fn a_file_that_is_not_a_log_is_told_in_the_readers_words() {
    let (_f, _serve, mut b) = planner_page();
    let (_, start) = dates(&mut b);
    fill_form(&mut b, start);
    drop_file(
        &mut b,
        "holiday.jpg",
        "\u{ff}\u{d8}\u{ff} not a log at all\n",
    );
    b.wait_for("!document.getElementById('planner-log-error').hidden");
    let text = b.eval("document.getElementById('planner-log-error').textContent");
    let text = text.as_str().expect("text");
    assert!(text.contains("not a training log"), "{text}");
    for app in ["Strong", "Hevy", "FitNotes"] {
        assert!(text.contains(app), "{app} in: {text}");
    }
    assert!(!text.contains("--"), "no command-line words: {text}");
    // a large file that is not a log either: refused, and the page stays responsive (the module
    // runs in a worker)
    drop_file(&mut b, "big.csv", &"Date,Exercise\n".repeat(20_000));
    b.wait_for("!document.getElementById('planner-log-error').hidden");
    assert_eq!(b.eval("1 + 1"), json!(2));
}

#[test]
fn settings_are_remembered_on_request_forgotten_and_linked() {
    let (_f, serve, mut b) = planner_page();
    let (_, start) = dates(&mut b);
    fill_form(&mut b, start);
    assert_eq!(
        b.eval("localStorage.getItem('deload-planner-settings')"),
        json!(null),
        "nothing is kept unasked"
    );
    assert_eq!(
        b.eval("document.getElementById('planner-forget').hidden"),
        json!(true)
    );
    click(&mut b, "#planner-remember");
    let kept = b.eval("localStorage.getItem('deload-planner-settings')");
    assert!(
        kept.as_str()
            .is_some_and(|k| k.contains(&start.to_string())),
        "{kept}"
    );
    assert_eq!(
        b.eval("document.getElementById('planner-forget').hidden"),
        json!(false)
    );
    // a visit next month: the form comes back filled
    let url = format!("http://127.0.0.1:{}/programs/planner/", serve.port);
    b.goto(&url);
    b.wait_for("!document.querySelector('#planner-form button[type=submit]').disabled");
    assert_eq!(
        b.eval("document.getElementById('planner-start').value"),
        json!(start.to_string())
    );
    assert_eq!(
        b.eval("document.getElementById('planner-max-0').value"),
        json!("80")
    );
    click(&mut b, "#planner-forget");
    assert_eq!(
        b.eval("localStorage.getItem('deload-planner-settings')"),
        json!(null)
    );
    // the settings link: the form in the fragment, opened elsewhere
    fill_form(&mut b, start);
    click(&mut b, "#planner-settings-link");
    let link = b.eval("location.href");
    let link = link.as_str().expect("the link").to_string();
    assert!(link.contains("#settings="), "{link}");
    let mut other = Browser::launch();
    other.goto(&link);
    other.wait_for("!document.querySelector('#planner-form button[type=submit]').disabled");
    assert_eq!(
        other.eval("document.getElementById('planner-start').value"),
        json!(start.to_string())
    );
    assert_eq!(
        other.eval("localStorage.getItem('deload-planner-settings')"),
        json!(null)
    );
}

#[test]
fn offline_the_planner_its_module_and_the_guidance_come_from_the_cache() {
    let (_f, serve, mut b) = planner_page();
    let port = serve.port;
    // the worker has kept the page, the module and the guidance pages
    b.wait_for("navigator.serviceWorker.controller !== null");
    b.wait_for(
        "(async () => { for (const k of await caches.keys()) { const c = await caches.open(k); \
         if (await c.match(location.origin + '/guidance/sleep/') && await c.match(location.origin + '/programs/planner/planner.wasm')) return true; } \
         return false; })()",
    );
    drop(serve);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let url = format!("http://127.0.0.1:{port}/programs/planner/");
    b.navigate_until_loaded(&url);
    b.wait_for("!document.querySelector('#planner-form button[type=submit]').disabled");
    let (today, start) = dates(&mut b);
    fill_form(&mut b, start);
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("!document.getElementById('planner-result').hidden");
    let athlete = athlete_of_page(&mut b);
    let (_site, log) = log_site(&athlete, today);
    drop_file(&mut b, "you-log.csv", &log);
    b.wait_for("!document.getElementById('planner-replan').hidden");
    b.navigate_until_loaded(&format!("http://127.0.0.1:{port}/guidance/sleep/"));
    let title = b.eval("document.title");
    assert!(
        title
            .as_str()
            .is_some_and(|t| t.to_lowercase().contains("sleep")),
        "{title}"
    );
}
