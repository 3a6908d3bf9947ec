//! The W3C Nu HTML checker (vnu.jar) accepts every page of the shipped site with zero errors,
//! printable plans included. scripts/test installs the checker (see `support::tools::vnu_jar` for
//! where it is looked for).

use std::process::Command;

use crate::support::{Fixture, tools};

/// The Nu checker's report on every HTML file under `dir` (empty when it finds no error).
pub(crate) fn nu_errors(dir: &std::path::Path) -> String {
    let jar = tools::vnu_jar();
    let java = tools::require("java", "the Nu HTML checker");
    let out = Command::new(java)
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("java -jar {}: {e}", jar.display()));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && !report.contains("error:") && !report.contains("Error:") {
        String::new()
    } else {
        report
    }
}

/// The migrated fixture site: every built-in shortcode, an alert, footnotes, a page bundle.
#[test]
fn nu_html_checker_reports_no_errors_on_shortcodes_and_footnotes() {
    let f = Fixture::new("migrated");
    f.build(&[]);
    let report = nu_errors(&f.out());
    assert!(report.is_empty(), "Nu HTML checker errors:\n{report}");
}

#[test]
fn nu_html_checker_reports_no_errors_on_the_shipped_site() {
    let jar = tools::vnu_jar();
    let java = tools::require("java", "the Nu HTML checker");
    let f = Fixture::shipped();
    f.build(&[]);
    let out = Command::new(java)
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(f.out())
        .output()
        .unwrap_or_else(|e| panic!("java -jar {}: {e}", jar.display()));
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && !report.contains("error:"),
        "Nu HTML checker errors:\n{report}"
    );
    let pages = crate::support::html_files(&f.out()).len();
    assert!(
        pages > 40,
        "the check covered the whole site ({pages} pages)"
    );
}
