//! The Planner page in real headless Chromium, through its own form, served by `deload serve`:
//! fill the form, click, read the first deload week from the plan's table, download the calendar
//! and parse it; an impossible value gets the command line's message beside its field; the
//! keyboard alone makes a plan. (What `scripts/bench.sh` measures, click to plan on screen, is
//! the bench target `benches/planner_click.rs`.)

use std::time::Duration;

use icalendar::parser::{read_calendar, unfold};

use crate::support::browser::Browser;
use crate::support::planner_page::{START, click, fill, fill_novice_form, planner_page};
use crate::support::{Fixture, ServeProcess, deload};

/// The first deload week the CLI plans for the same program, history and start.
fn cli_first_deload() -> u64 {
    let f = Fixture::shipped();
    let o = deload(
        f.root(),
        &[
            "plan",
            "programs/novice-full-body.yaml",
            "--history",
            "novice",
            "--weeks-since-deload",
            "3",
            "--start",
            START,
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    plan["first_deload_week"].as_u64().expect("a deload week")
}

#[test]
fn a_reader_fills_the_form_clicks_and_gets_the_plan_and_its_calendar() {
    let (_f, _serve, mut b) = planner_page();
    fill_novice_form(&mut b);
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("!document.getElementById('planner-result').hidden");
    // the downloads and the sheet follow the plan on screen
    b.wait_for("document.getElementById('planner-form').getAttribute('data-sheet-ready') === 'ok'");
    // the first deload week, read from the table
    let row = b.eval(
        "(() => { const r = document.querySelector('#planner-weeks tr.deload'); \
         return r && Array.from(r.cells).map(c => c.textContent); })()",
    );
    let cells: Vec<String> = serde_json::from_value(row).expect("a deload row");
    assert_eq!(cells[0], cli_first_deload().to_string(), "{cells:?}");
    assert_eq!(cells[3], "Deload");
    let (from, to) = cells[1].split_once(" to ").expect("dates");
    // the calendar download: a file named after the program, parsed
    let name = b.eval("document.getElementById('planner-download-ics').download");
    assert_eq!(name, "plan-novice-full-body.ics");
    let ics =
        b.eval("fetch(document.getElementById('planner-download-ics').href).then(r => r.text())");
    let ics = ics.as_str().expect("the calendar's text");
    let parsed: icalendar::Calendar = ics.parse().unwrap_or_else(|e| panic!("{e}"));
    let unfolded = unfold(ics);
    let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}"));
    let sessions = b.eval(
        "Array.from(document.querySelectorAll('#planner-weeks tr')).map(r => r.cells[4].textContent.split(', ').filter(s => s).length).reduce((a, b) => a + b, 0)",
    );
    assert_eq!(cal.components.len() as u64, sessions.as_u64().expect("n"));
    assert_eq!(parsed.components.len(), cal.components.len());
    let first_deload = cal
        .components
        .iter()
        .find(|c| {
            c.find_prop("SUMMARY")
                .is_some_and(|p| p.val.as_str().starts_with("Deload: "))
        })
        .expect("a deload session in the calendar");
    let day = first_deload
        .find_prop("DTSTART")
        .expect("DTSTART")
        .val
        .to_string();
    let iso = format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..8]);
    assert!(
        from <= iso.as_str() && iso.as_str() <= to,
        "{iso} not in {from} to {to}"
    );
    // the printable sheet is in its frame
    let sheet = b.eval(
        "(() => { const s = document.getElementById('planner-sheet'); \
         return !s.hidden && s.srcdoc.includes('Week 1') && s.srcdoc.includes('class=\"blank load\"'); })()",
    );
    assert_eq!(sheet, serde_json::json!(true), "the sheet is in its frame");
}

#[test]
fn an_impossible_value_gets_the_clis_message_beside_its_field() {
    let (_f, _serve, mut b) = planner_page();
    fill_novice_form(&mut b);
    fill(&mut b, "planner-weeks-since-deload", "600");
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("document.querySelector('.field-error') !== null");
    let at = b.eval(
        "(() => { const e = document.querySelector('.field-error'); \
         const f = e.closest('.field'); const i = document.getElementById('planner-weeks-since-deload'); \
         return [f && f.contains(i), e.textContent, i.getAttribute('aria-invalid'), \
                 document.activeElement === i, document.getElementById('planner-result').hidden]; })()",
    );
    assert_eq!(at[0], true, "the message sits in the field's own box: {at}");
    let text = at[1].as_str().expect("text");
    assert!(
        text.starts_with("600 weeks since the last deload is not possible"),
        "{text}"
    );
    assert_eq!(at[2], "true");
    assert_eq!(at[3], true, "the field has the focus");
    assert_eq!(at[4], true, "no plan shown");
}

#[test]
fn the_keyboard_alone_makes_a_plan() {
    let (_f, _serve, mut b) = planner_page();
    fill_novice_form(&mut b);
    // Enter in a text field submits the form
    b.eval("document.getElementById('planner-weeks-since-deload').focus(); true");
    for kind in ["keyDown", "keyUp"] {
        b.call(
            "Input.dispatchKeyEvent",
            serde_json::json!({"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}),
        );
    }
    b.wait_for("!document.getElementById('planner-result').hidden");
    // the result's heading takes the focus, so a screen reader announces it
    let focused = b.eval("document.activeElement.id");
    assert_eq!(focused, "planner-result-heading");
    // every field has a label
    let unlabelled = b.eval(
        "Array.from(document.querySelectorAll('#planner-form input, #planner-form select')).filter(i => !(i.labels && i.labels.length)).map(i => i.id || i.name)",
    );
    assert_eq!(unlabelled, serde_json::json!([]));
}

/// Opened from a file (a built site copied to a laptop), where browsers refuse to fetch the
/// module, the page reads it from `planner-wasm.js` and plans all the same.
#[test]
fn the_page_works_opened_from_a_file() {
    let f = Fixture::shipped();
    let out = f.build(&[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut b = Browser::launch();
    b.goto(&format!(
        "file://{}",
        f.out().join("programs/planner/index.html").display()
    ));
    b.wait_for("!document.querySelector('#planner-form button[type=submit]').disabled");
    fill_novice_form(&mut b);
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("!document.getElementById('planner-result').hidden");
    let deloads = b.eval("document.querySelectorAll('#planner-weeks tr.deload').length");
    assert!(deloads.as_u64().unwrap_or(0) >= 1, "{deloads}");
}

/// Without JavaScript the form is hidden and the page links every program's ready-made plans.
#[test]
fn without_javascript_the_page_links_the_ready_made_plans() {
    let f = Fixture::shipped();
    let serve = ServeProcess::start(f.root(), &[], Duration::from_secs(180));
    let mut b = Browser::launch();
    b.call(
        "Emulation.setScriptExecutionDisabled",
        serde_json::json!({"value": true}),
    );
    b.navigate_until_loaded(&format!(
        "http://127.0.0.1:{}/programs/planner/",
        serve.port
    ));
    b.call(
        "Emulation.setScriptExecutionDisabled",
        serde_json::json!({"value": false}),
    );
    // evaluating is allowed again, the page's own script has not run
    b.wait_for("document.readyState === 'complete'");
    let seen = b.eval(
        "(() => { const f = document.getElementById('planner-form'); \
         const links = Array.from(document.querySelectorAll('main a, .wrap a')).map(a => a.getAttribute('href')); \
         return [f.hidden, links.filter(h => h && h.includes('/plan-novice.html')).length]; })()",
    );
    assert_eq!(seen[0], true, "the form is hidden: {seen}");
    let shipped = std::fs::read_dir(crate::support::repo().join("programs"))
        .expect("programs/")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        })
        .count();
    assert_eq!(
        seen[1], shipped,
        "a novice plan link for every program: {seen}"
    );
}

/// At a phone's width (375 px) neither the form nor the plan makes the page scroll sideways.
#[test]
fn the_page_fits_a_phone() {
    let (_f, serve, mut b) = planner_page();
    let metrics =
        serde_json::json!({"width": 375, "height": 700, "deviceScaleFactor": 2, "mobile": true});
    b.call("Emulation.setDeviceMetricsOverride", metrics);
    b.goto(&format!(
        "http://127.0.0.1:{}/programs/planner/?phone",
        serve.port
    ));
    b.wait_for("!document.querySelector('#planner-form button[type=submit]').disabled");
    fill_novice_form(&mut b);
    let width = b.eval("document.documentElement.scrollWidth");
    assert!(
        width.as_f64().unwrap_or(f64::MAX) <= 375.0,
        "the form is {width} px wide"
    );
    b.eval("document.querySelector('#planner-form button[type=submit]').click(); true");
    b.wait_for("!document.getElementById('planner-result').hidden");
    let width = b.eval("document.documentElement.scrollWidth");
    assert!(
        width.as_f64().unwrap_or(f64::MAX) <= 375.0,
        "the plan is {width} px wide"
    );
}

/// The Planner is found from the site: the menu, the home page, the Programs section and every
/// program page link it, and a program page's link opens it with that program chosen.
#[test]
fn every_program_page_opens_the_planner_with_its_program() {
    let f = Fixture::shipped();
    let serve = ServeProcess::start(f.root(), &[], Duration::from_secs(180));
    let mut b = Browser::launch();
    let base = format!("http://127.0.0.1:{}", serve.port);
    for page in ["/", "/programs/", "/guidance/sleep/"] {
        b.goto(&format!("{base}{page}"));
        b.wait_for("document.readyState === 'complete'");
        let links = b.eval(
            "[...document.querySelectorAll('a')].filter(a => new URL(a.href).pathname === '/programs/planner/').length",
        );
        assert!(links.as_u64().unwrap_or(0) >= 1, "{page} links the Planner");
    }
    b.goto(&format!("{base}/programs/five-three-one-bbb/"));
    b.wait_for("document.readyState === 'complete'");
    let href = b.eval(
        "[...document.querySelectorAll('a')].find(a => a.textContent.includes('Make this plan for yourself')).href",
    );
    let href = href.as_str().expect("a link to make the plan");
    assert!(
        href.ends_with("/programs/planner/?program=five-three-one-bbb"),
        "{href}"
    );
    b.goto(href);
    b.wait_for("!document.querySelector('#planner-form button[type=submit]').disabled");
    let chosen =
        b.eval("document.getElementById('planner-program').selectedOptions[0].textContent");
    assert!(chosen.as_str().unwrap_or("").contains("5/3/1"), "{chosen}");
}

/// On a phone, a program page's table of plans is wider than the screen: it scrolls inside the
/// page (the page itself does not), and it shows so with a shadow at the edge it scrolls to.
#[test]
fn a_wide_table_shows_that_it_scrolls_on_a_phone() {
    let f = Fixture::shipped();
    let serve = ServeProcess::start(f.root(), &[], Duration::from_secs(180));
    let mut b = Browser::launch();
    let metrics =
        serde_json::json!({"width": 375, "height": 700, "deviceScaleFactor": 2, "mobile": true});
    b.call("Emulation.setDeviceMetricsOverride", metrics);
    b.goto(&format!(
        "http://127.0.0.1:{}/programs/five-three-one-bbb/",
        serve.port
    ));
    b.wait_for("document.readyState === 'complete'");
    let page = b.eval("document.documentElement.scrollWidth");
    assert!(
        page.as_f64().unwrap_or(f64::MAX) <= 375.0,
        "the page is {page} px wide"
    );
    let table = b.eval(
        "(() => { const t = document.querySelector('#printable-plans ~ table'); \
         return [t.scrollWidth > t.clientWidth, getComputedStyle(t).backgroundImage, \
         getComputedStyle(t).overflowX]; })()",
    );
    assert_eq!(
        table[0], true,
        "the table is wider than the screen: {table}"
    );
    assert_eq!(table[2], "auto", "{table}");
    let bg = table[1].as_str().unwrap_or("");
    assert_eq!(
        bg.matches("radial-gradient").count(),
        2,
        "the edge shadows: {bg}"
    );
}

/// The form speaks the visitor's words before it asks the planner: an empty max and a max
/// written as a word are each named beside their own field, with nothing of YAML or Rust in the
/// message, and no plan is made; a decimal comma is read as a point.
#[test]
fn the_form_checks_each_field_in_the_visitors_words() {
    let (_f, _serve, mut b) = planner_page();
    fill_novice_form(&mut b);
    fill(&mut b, "planner-max-0", "");
    fill(&mut b, "planner-max-1", "lots");
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("document.querySelectorAll('.field-error').length === 2");
    let errors = b.eval(
        "[0, 1].map(i => { const input = document.getElementById('planner-max-' + i); \
         const e = input.closest('.field').querySelector('.field-error'); \
         return [e ? e.textContent : '', input.getAttribute('aria-invalid')]; })",
    );
    for e in errors.as_array().expect("two fields") {
        let text = e[0].as_str().unwrap_or("");
        assert!(text.starts_with("Write "), "{text}");
        for jargon in ["maxes:", "yaml", "i64", "invalid type", "athlete file", "`"] {
            assert!(!text.contains(jargon), "{jargon} in {text}");
        }
        assert_eq!(e[1], "true");
    }
    assert_eq!(
        b.eval("document.getElementById('planner-result').hidden"),
        true
    );
    assert_eq!(
        b.eval("document.activeElement.id"),
        "planner-max-0",
        "the first field with a problem has the focus"
    );
    fill(&mut b, "planner-max-0", "72,5");
    fill(&mut b, "planner-max-1", "60");
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("!document.getElementById('planner-result').hidden");
    assert_eq!(
        b.eval("document.querySelectorAll('.field-error').length"),
        0
    );
}

/// The Planner page in Spanish (`/es/programs/planner/`): the script's words are Spanish (its
/// status, the form's checks, the plan at a glance, the re-plan's section), the plan starts in
/// Spanish, and the weeks' dates are written as Spanish writes a day.
#[test]
fn the_spanish_page_speaks_spanish_and_plans_in_spanish() {
    let (_f, _serve, mut b) =
        crate::support::planner_page::planner_page_at("/es/programs/planner/");
    assert_eq!(
        b.eval("document.getElementById('planner-lang').value"),
        "es"
    );
    assert_eq!(
        b.eval("document.getElementById('planner-status').textContent"),
        "Listo. Nada de lo que escribes sale de este navegador."
    );
    assert_eq!(
        b.eval("document.getElementById('planner-log-heading').textContent"),
        "Replanificar a partir de tu registro de entrenamiento"
    );
    fill_novice_form(&mut b);
    fill(&mut b, "planner-max-0", "");
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("document.querySelectorAll('.field-error').length === 1");
    let error = b.eval("document.querySelector('.field-error').textContent");
    let error = error.as_str().expect("the message");
    assert!(
        error.starts_with("Escribe lo máximo que levantas una vez en "),
        "{error}"
    );
    assert!(
        b.eval("document.getElementById('planner-max-0').placeholder")
            .as_str()
            .is_some_and(|p| p.starts_with("en "))
    );
    fill(&mut b, "planner-max-0", "72,5");
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("!document.getElementById('planner-result').hidden");
    b.wait_for("document.getElementById('planner-form').getAttribute('data-sheet-ready') === 'ok'");
    let summary = b.eval("document.getElementById('planner-summary').textContent");
    let summary = summary.as_str().expect("the summary");
    assert!(
        summary.contains("Descargas: ") && summary.contains("Días de entrenamiento: "),
        "{summary}"
    );
    for english in ["Deloads", "Training days", "lifter", "Monday", "every"] {
        assert!(!summary.contains(english), "`{english}` in {summary}");
    }
    let row = b.eval(
        "(() => { const r = document.querySelector('#planner-weeks tr.deload'); \
         return r && Array.from(r.cells).map(c => c.textContent); })()",
    );
    let cells: Vec<String> = serde_json::from_value(row).expect("a deload row");
    assert_eq!(cells[3], "Descarga", "{cells:?}");
    assert!(
        cells[1].starts_with("del ") && cells[1].contains(" al ") && cells[1].contains("/20"),
        "{cells:?}"
    );
    let sessions = &cells[4];
    assert!(
        ["lun ", "mar ", "mié ", "jue ", "vie ", "sáb ", "dom "]
            .iter()
            .any(|d| sessions.contains(d)),
        "{cells:?}"
    );
    let sheet = b.eval(
        "(() => { const s = document.getElementById('planner-sheet'); \
         return !s.hidden && s.srcdoc.includes('Semana 1') && !s.srcdoc.includes('Week 1'); })()",
    );
    assert_eq!(sheet, serde_json::json!(true), "the sheet is in Spanish");
}
