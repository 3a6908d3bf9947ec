//! The Planner page of the shipped site, served by `deload serve` and open in a headless Chromium,
//! and what a reader does on it: choose, type, click, fill the form for the novice program.

use std::time::Duration;

use super::browser::Browser;
use super::{Fixture, ServeProcess};

/// The start date the form is filled with.
pub(crate) const START: &str = "2026-12-07";

/// The shipped site served, and Chromium on its Planner page once the planner is ready.
pub(crate) fn planner_page() -> (Fixture, ServeProcess, Browser) {
    planner_page_at(deload_site::planner::PATH)
}

/// [`planner_page`] at the site path `path` (`/es/programs/planner/`: the page in Spanish).
pub(crate) fn planner_page_at(path: &str) -> (Fixture, ServeProcess, Browser) {
    let f = Fixture::shipped();
    let serve = ServeProcess::start(f.root(), &[], Duration::from_secs(180));
    let mut b = Browser::launch();
    b.goto(&format!("http://127.0.0.1:{}{path}", serve.port));
    b.wait_for("!document.querySelector('#planner-form button[type=submit]').disabled");
    (f, serve, b)
}

/// Chooses the option of `select` whose text is `text` (without a last part in brackets: the
/// program's frequency), as a change by the reader.
pub(crate) fn choose(b: &mut Browser, select: &str, text: &str) {
    let js = format!(
        "(() => {{ const s = document.getElementById('{select}'); \
         const o = Array.from(s.options).find(o => (o.text === {text:?} || o.text.replace(/ \\([^()]*\\)$/, '') === {text:?})); \
         if (!o) return false; s.focus(); s.value = o.value; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }})); return true; }})()"
    );
    assert_eq!(
        b.eval(&js),
        serde_json::json!(true),
        "no option {text} in {select}"
    );
}

/// Focuses the field `id`, empties it, and types `text` into it.
pub(crate) fn fill(b: &mut Browser, id: &str, text: &str) {
    b.eval(&format!("(() => {{ const i = document.getElementById('{id}'); i.focus(); i.select(); return true; }})()"));
    b.eval("document.execCommand('delete'); true");
    b.type_text(text);
}

/// A real mouse click in the middle of the element `selector`.
pub(crate) fn click(b: &mut Browser, selector: &str) {
    let js = format!(
        "(() => {{ const e = document.querySelector('{selector}'); e.scrollIntoView(); \
         const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"
    );
    let at = b.eval(&js);
    let (x, y) = (at[0].as_f64().expect("x"), at[1].as_f64().expect("y"));
    for kind in ["mousePressed", "mouseReleased"] {
        b.call(
            "Input.dispatchMouseEvent",
            serde_json::json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
        );
    }
}

/// Fills the form for the novice full-body program: novice, 3 weeks since the last deload, the
/// start date, 80 for every max.
pub(crate) fn fill_novice_form(b: &mut Browser) {
    choose(b, "planner-program", "Novice full body");
    // by its value: the option's words are the page's language's
    let novice = b.eval(
        "(() => { const s = document.getElementById('planner-level'); s.focus(); s.value = 'novice'; \
         s.dispatchEvent(new Event('change', { bubbles: true })); return s.value; })()",
    );
    assert_eq!(novice, "novice");
    fill(b, "planner-weeks-since-deload", "3");
    b.eval(&format!(
        "(() => {{ const d = document.getElementById('planner-start'); d.value = '{START}'; \
         d.dispatchEvent(new Event('input', {{ bubbles: true }})); return true; }})()"
    ));
    let maxes = b.eval("document.querySelectorAll('#planner-maxes input').length");
    assert!(
        maxes.as_u64().unwrap_or(0) >= 2,
        "the program asks for maxes: {maxes}"
    );
    for i in 0..maxes.as_u64().unwrap_or(0) {
        fill(b, &format!("planner-max-{i}"), "80");
    }
}
