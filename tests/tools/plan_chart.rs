//! The periodisation chart's labels are legible where it is read (issue #31), measured in a real
//! headless Chromium: on a program page at a phone's width (375 px), every label of the chart is
//! drawn at least 11 CSS px and the page does not scroll sideways (and so in the Planner's
//! result, with a deload marked for each deload row of its table); in the printed plan's PDF,
//! every label on the cover is at least 8 pt, read back from the PDF with poppler's `pdftohtml
//! -xml` (the sizes the PDF's text is set in).

use std::path::Path;
use std::process::Command;

use crate::support::browser::Browser;
use crate::support::planner_page::{click, fill_novice_form, planner_page};
use crate::support::serve::StaticServer;
use crate::support::tools::{chromium, require};
use crate::support::{Fixture, assert_ok, deload, deload_env, repo};

/// The program whose chart is measured: 5/3/1, the chart with the most labels (training maxes
/// by cycle, a footnote, five muscle groups).
const PROGRAM: &str = "programs/five-three-one-bbb.yaml";

/// The number of the chart's labels and the smallest as drawn (its font size times the scale
/// from the SVG's units to CSS px), and the page's width.
const MEASURE_JS: &str = "(() => { const svg = document.querySelector('svg.plan-chart'); \
     const texts = Array.from(svg.querySelectorAll('text')); \
     const sizes = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a); \
     return [texts.length, Math.min(...sizes), document.documentElement.scrollWidth]; })()";

#[test]
fn chart_labels_are_at_least_11_px_on_a_phone() {
    let f = Fixture::shipped();
    let server = StaticServer::start(f.out());
    let out = f.build(&["--base-url", &server.url("/")]);
    assert_ok(&out, "deload build");
    let mut b = Browser::launch();
    let metrics =
        serde_json::json!({"width": 375, "height": 700, "deviceScaleFactor": 2, "mobile": true});
    b.call("Emulation.setDeviceMetricsOverride", metrics);
    b.goto(&server.url("/programs/five-three-one-bbb/"));
    let m = b.eval(MEASURE_JS);
    let (count, smallest, width) = (
        m[0].as_f64().unwrap_or(0.0),
        m[1].as_f64().unwrap_or(0.0),
        m[2].as_f64().unwrap_or(f64::MAX),
    );
    assert!(count >= 30.0, "the chart has {count} labels");
    assert!(
        smallest >= 11.0,
        "the smallest label is drawn at {smallest:.2} px at 375 px"
    );
    assert!(width <= 375.0, "the page scrolls sideways: {width} px");
}

/// The Planner's result at a phone's width: the module's chart, inserted by the page, with a
/// deload mark for each deload week of the result's table and every label at least 11 px.
#[test]
fn the_planners_chart_is_legible_on_a_phone() {
    let (_f, _serve, mut b) = planner_page();
    let metrics =
        serde_json::json!({"width": 375, "height": 700, "deviceScaleFactor": 2, "mobile": true});
    b.call("Emulation.setDeviceMetricsOverride", metrics);
    fill_novice_form(&mut b);
    click(&mut b, "#planner-form button[type=submit]");
    b.wait_for("!document.getElementById('planner-result').hidden");
    let marks = b.eval(
        "[Array.from(document.querySelectorAll('#planner-chart svg.plan-chart text')).filter(t => t.textContent === 'D').length, \
         document.querySelectorAll('#planner-weeks tr.deload').length]",
    );
    assert!(marks[0].as_u64().unwrap_or(0) >= 1, "{marks}");
    assert_eq!(
        marks[0], marks[1],
        "deload marks in the chart, deload rows in the table"
    );
    let m = b.eval(MEASURE_JS);
    let smallest = m[1].as_f64().unwrap_or(0.0);
    assert!(
        smallest >= 11.0,
        "the smallest label is drawn at {smallest:.2} px"
    );
}

/// The text of the chart's labels (`<text>` elements) of `svg`, in order.
fn chart_labels(svg: &str) -> Vec<String> {
    svg.split("<text ")
        .skip(1)
        .filter_map(|t| Some(&t[t.find('>')? + 1..t.find("</text>")?]))
        .map(|t| {
            t.replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        })
        .collect()
}

/// The runs of text of the chart among `runs` (a PDF's, in the order it draws them): from the
/// chart's first label, every run made of its labels' words (the PDF may join neighbouring
/// labels into one run), up to the first that is not.
fn chart_runs(runs: Vec<(f64, String)>, labels: &[String]) -> Vec<(f64, String)> {
    let words: std::collections::HashSet<&str> =
        labels.iter().flat_map(|l| l.split_whitespace()).collect();
    let first = labels.first().expect("a label").as_str();
    let start = runs
        .iter()
        .position(|(_, t)| t.trim() == first)
        .unwrap_or_else(|| panic!("the chart's heading `{first}` in the PDF"));
    runs.into_iter()
        .skip(start)
        .take_while(|(_, t)| t.split_whitespace().all(|w| words.contains(w)))
        .collect()
}

/// `(size in pt, text)` of every run of text on the PDF's first two pages, as `pdftohtml -xml`
/// at zoom 1 reads them (sizes in the PDF's units, points).
fn pdf_text_sizes(pdf: &Path) -> Vec<(f64, String)> {
    let out = Command::new(require("pdftohtml", "reading printed PDFs (poppler-utils)"))
        .args(["-xml", "-i", "-stdout", "-zoom", "1", "-f", "1", "-l", "2"])
        .arg(pdf)
        .output()
        .expect("run pdftohtml");
    assert_ok(&out, "pdftohtml");
    let xml = String::from_utf8_lossy(&out.stdout);
    let attr = |line: &str, name: &str| -> Option<String> {
        let at = line.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(line[at..at + line[at..].find('"')?].to_string())
    };
    let mut sizes = std::collections::HashMap::new();
    let mut runs = Vec::new();
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<fontspec") {
            let (id, size) = (attr(line, "id"), attr(line, "size"));
            if let (Some(id), Some(size)) = (id, size.and_then(|s| s.parse::<f64>().ok())) {
                sizes.insert(id, size);
            }
        } else if line.starts_with("<text") {
            let font = attr(line, "font").and_then(|f| sizes.get(&f).copied());
            let text = line[line.find('>').unwrap_or(0) + 1..]
                .trim_end_matches("</text>")
                .replace("<b>", "")
                .replace("</b>", "");
            runs.push((font.unwrap_or(0.0), text.replace("&amp;", "&")));
        }
    }
    runs
}

#[test]
fn chart_labels_are_at_least_8_pt_in_the_printed_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = dir.path().join("plan.pdf");
    let common = ["--start", "2027-01-04", "--quiet"];
    let svg = deload(
        &repo(),
        &[&["plan", PROGRAM, "--format", "svg"][..], &common].concat(),
    );
    assert_ok(&svg, "deload plan --format svg");
    let labels = chart_labels(&String::from_utf8_lossy(&svg.stdout));
    let args = [
        &["plan", PROGRAM, "--format", "pdf", "-o"][..],
        &[pdf.to_str().expect("utf-8")],
        &common,
    ]
    .concat();
    let env = [("DELOAD_CHROMIUM", chromium().into_os_string())];
    let env: Vec<(&str, &std::ffi::OsStr)> = env.iter().map(|(k, v)| (*k, v.as_os_str())).collect();
    assert_ok(
        &deload_env(&repo(), &args, &env),
        "deload plan --format pdf",
    );
    let measured = chart_runs(pdf_text_sizes(&pdf), &labels);
    assert!(
        measured.len() >= 30,
        "only {} of the chart's {} labels found in the PDF: {measured:?}",
        measured.len(),
        labels.len()
    );
    let small: Vec<&(f64, String)> = measured.iter().filter(|(size, _)| *size < 8.0).collect();
    assert!(small.is_empty(), "labels under 8 pt in the PDF: {small:?}");
}
