//! The HTML of a set line's cells, written once per distinct line rather than by the templates
//! once per week.
//!
//! A year's plan prints some two thousand set lines, most of them the same prescription in
//! another week; the line values are built once per distinct prescription (see
//! [`view`](crate::view)), and these cells with them. Through Tera, the prescription cell alone
//! took about a quarter of a printed plan's instructions (callgrind, push/pull/legs): thirteen
//! lookups and conditions per line, every week. The built-in templates print these cells; the
//! line's own fields stay in the context for a site's template that wants other markup.
//!
//! Text is escaped exactly as Tera escapes a value in an HTML template (with the `fast_escape`
//! feature, [`tera::escape_html`] calls `pulldown_cmark_escape::escape_html`), so the output is
//! the same bytes the templates wrote.

use std::sync::OnceLock;

use deload_engine::plan::Line;
use tera::Value;

/// The pieces of a line that its cells print, as the templates see them (`label`, `warmup`,
/// `sets`, `reps_text`, `target`, `intensity`, `load_text`, `plates_text`).
pub(crate) struct LineText<'a> {
    /// The line.
    pub line: &'a Line,
    /// The reps as printed.
    pub reps_text: &'a str,
    /// This week's reps in double progression's range.
    pub target: Option<&'a str>,
    /// The load with its units.
    pub load_text: &'a str,
    /// The plates per side in words, with warm-ups on.
    pub plates_text: Option<&'a str>,
    /// The intensity as printed (the line's, numbers in the plan's language).
    pub intensity: &'a str,
    /// The word printed for a warm-up line without a label ("warm-up").
    pub warm_up: &'a str,
    /// The word before double progression's target ("target").
    pub target_word: &'a str,
}

/// HTML written piece by piece: markup as it is, text escaped.
struct Html(String);

impl Html {
    fn with_capacity(n: usize) -> Html {
        Html(String::with_capacity(n))
    }
    fn markup(&mut self, s: &str) {
        self.0.push_str(s);
    }
    fn text(&mut self, s: &str) {
        // what Tera's `fast_escape` calls; writing to a String cannot fail
        let _ = pulldown_cmark_escape::escape_html(&mut self.0, s);
    }
    fn into_string(self) -> String {
        self.0
    }
}

/// The normal layout's "Sets × reps" cell: the label (or `warm-up`), `sets × reps`, and the
/// target of double progression.
pub(crate) fn work(t: &LineText<'_>) -> String {
    let mut out = Html::with_capacity(96);
    push_work(&mut out, t);
    out.into_string()
}

/// The compact and dense layouts' one prescription cell: `work` (the line's [`work`] cell), then
/// ` · ` the intensity ` · ` the load, and the plates per side.
pub(crate) fn summary(t: &LineText<'_>, work: &str) -> String {
    let mut out = Html::with_capacity(work.len() + 64);
    out.markup(work);
    let intensity = t.intensity;
    if !intensity.is_empty() || !t.load_text.is_empty() {
        out.markup(" · ");
    }
    out.text(intensity);
    if !intensity.is_empty() && !t.load_text.is_empty() {
        out.markup(" · ");
    }
    out.text(t.load_text);
    push_plates(&mut out, t.plates_text);
    out.into_string()
}

fn push_work(out: &mut Html, t: &LineText<'_>) {
    let l = t.line;
    match l.label.as_deref().filter(|s| !s.is_empty()) {
        // the engine's own label of a warm-up line, in the plan's language
        Some("warm-up") if l.warmup => {
            out.markup(r#"<span class="label">"#);
            out.text(t.warm_up);
            out.markup("</span> ");
        }
        Some(label) => {
            out.markup(r#"<span class="label">"#);
            out.text(label);
            out.markup("</span> ");
        }
        None if l.warmup => {
            out.markup(r#"<span class="label">"#);
            out.text(t.warm_up);
            out.markup("</span> ");
        }
        None => {}
    }
    out.markup(&l.sets.to_string());
    out.markup(" × ");
    out.text(t.reps_text);
    if let Some(target) = t.target.filter(|s| !s.is_empty()) {
        out.markup(r#" <span class="target">"#);
        out.text(t.target_word);
        out.markup(" ");
        out.text(target);
        out.markup("</span>");
    }
}

fn push_plates(out: &mut Html, plates: Option<&str>) {
    if let Some(p) = plates.filter(|s| !s.is_empty()) {
        out.markup(r#" <span class="plates">"#);
        out.text(p);
        out.markup("</span>");
    }
}

/// The logging boxes of a line as a template value (HTML marked safe): a `div.sets` with a
/// `span.set` per set, each holding a load, a reps and an effort blank; empty for a warm-up
/// line, which is not logged. Each box's title is `set` (the word) and its number. The same few
/// sets recur all plan long: up to [`KEPT_BOXES`] sets, the value is made once, kept in `kept`
/// and shared.
pub(crate) fn boxes(l: &Line, set: &str, kept: &OnceLock<Vec<Value>>) -> Value {
    if l.warmup {
        return Value::safe_string("");
    }
    let kept = kept.get_or_init(|| {
        (0..=KEPT_BOXES)
            .map(|n| Value::safe_string(&boxes_html(n, set)))
            .collect()
    });
    match kept.get(l.sets as usize) {
        Some(v) => v.clone(),
        None => Value::safe_string(&boxes_html(l.sets, set)),
    }
}

/// Sets up to which [`boxes`] are made once.
const KEPT_BOXES: u32 = 12;

/// The HTML of `sets` logging boxes, each titled `set` and its number.
fn boxes_html(sets: u32, set: &str) -> String {
    const BLANKS: &str = concat!(
        r#"<span class="blank load"></span><span class="blank reps"></span>"#,
        r#"<span class="blank effort"></span></span>"#
    );
    let mut out = Html::with_capacity(24 + 160 * sets as usize);
    out.markup(r#"<div class="sets">"#);
    for n in 1..=sets {
        out.markup(r#"<span class="set" title=""#);
        out.text(set);
        out.markup(" ");
        out.markup(&n.to_string());
        out.markup(r#"">"#);
        out.markup(BLANKS);
    }
    out.markup("</div>");
    out.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use deload_engine::programs::Reps;

    /// The compact layout's cell as `plan/session_compact.html` printed it through Tera before
    /// this module wrote it, and the normal layout's "Sets × reps" cell (its first part).
    const TEMPLATE: &str = concat!(
        r#"{% if l.label %}<span class="label">{{ l.label }}</span> {% elif l.warmup %}<span class="label">warm-up</span> {% endif %}{{ l.sets }} × {{ l.reps_text }}{% if l.target %} <span class="target">target {{ l.target }}</span>{% endif %}"#,
        "|",
        r#"{% if l.intensity or l.load_text %} · {% endif %}{% if l.intensity %}{{ l.intensity }}{% endif %}{% if l.intensity and l.load_text %} · {% endif %}{% if l.load_text %}{{ l.load_text }}{% endif %}{% if l.plates_text %} <span class="plates">{{ l.plates_text }}</span>{% endif %}"#,
    );

    /// `t` through [`TEMPLATE`]: the work cell and the summary cell.
    fn through_tera(t: &LineText<'_>) -> (String, String) {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_template("cell.html", TEMPLATE)
            .expect("the template compiles");
        let mut ctx = tera::Context::new();
        let l = serde_json::json!({
            "label": t.line.label, "warmup": t.line.warmup, "sets": t.line.sets,
            "reps_text": t.reps_text, "target": t.target, "intensity": t.line.intensity,
            "load_text": t.load_text, "plates_text": t.plates_text,
        });
        ctx.insert("l", &l);
        let out = tera.render("cell.html", &ctx).expect("renders");
        let (work, tail) = out.split_once('|').expect("one separator");
        (work.to_string(), format!("{work}{tail}"))
    }

    #[test]
    fn the_cells_are_what_the_templates_wrote_escapes_included() {
        let mut plain = Line::new(3, Reps::Range(8, 12));
        plain.intensity = "RPE 7".into();
        let mut odd = Line::new(1, Reps::Fixed(5));
        odd.label = Some(r#"top <set> & "more""#.into());
        odd.intensity = "72.5 % <TM>".into();
        let mut warm = Line::new(2, Reps::Fixed(5));
        warm.warmup = true;
        let mut empty_label = Line::new(4, Reps::Fixed(6));
        empty_label.label = Some(String::new());
        let cases = [
            (&plain, "8–12", Some("10"), "", None),
            (
                &odd,
                "5+",
                None,
                "≈ 82.5 kg & up",
                Some("20 + 2.5 kg a side"),
            ),
            (&warm, "5", None, "40 kg", Some("empty bar")),
            (&empty_label, "6", Some(""), "60 kg", Some("")),
        ];
        for (line, reps_text, target, load_text, plates_text) in cases {
            let t = LineText {
                line,
                reps_text,
                target,
                load_text,
                plates_text,
                intensity: &line.intensity,
                warm_up: "warm-up",
                target_word: "target",
            };
            let w = work(&t);
            let (tera_work, tera_summary) = through_tera(&t);
            assert_eq!(w, tera_work, "{line:?}");
            assert_eq!(summary(&t, &w), tera_summary, "{line:?}");
        }
    }

    #[test]
    fn boxes_are_one_per_set_and_none_on_a_warm_up() {
        let mut l = Line::new(14, Reps::Fixed(5));
        let kept = OnceLock::new();
        for sets in [1, 3, 12, 14] {
            l.sets = sets;
            let html = boxes(&l, "set", &kept).to_string();
            assert_eq!(html.matches(r#"<span class="set""#).count(), sets as usize);
            assert_eq!(html.matches("blank load").count(), sets as usize);
            assert!(html.contains(&format!(r#"title="set {sets}""#)), "{html}");
        }
        l.warmup = true;
        assert_eq!(boxes(&l, "set", &kept).to_string(), "");
    }
}
