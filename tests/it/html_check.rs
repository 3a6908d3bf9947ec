//! The W3C Nu HTML checker (vnu.jar) accepts every page of the shipped site with zero errors,
//! printable plans included. scripts/test installs the checker (see `support::tools::vnu_jar` for
//! where it is looked for).

use std::process::Command;

use crate::support::{Fixture, tools};

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
