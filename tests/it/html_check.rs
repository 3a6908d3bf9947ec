//! The W3C Nu HTML checker (vnu.jar) accepts every page of the shipped site with zero errors,
//! printable plans included. scripts/test installs the checker and sets `DELOAD_VNU_JAR`.

use std::process::Command;

use crate::support::Fixture;

#[test]
fn nu_html_checker_reports_no_errors_on_the_shipped_site() {
    let jar = std::env::var("DELOAD_VNU_JAR").unwrap_or_default();
    assert!(
        !jar.is_empty() && std::path::Path::new(&jar).is_file(),
        "the Nu HTML checker is missing: run scripts/test (it installs vnu.jar and sets DELOAD_VNU_JAR)"
    );
    let f = Fixture::shipped();
    f.build(&[]);
    let out = Command::new("java")
        .args([
            "-jar",
            &jar,
            "--errors-only",
            "--skip-non-html",
            "--format",
            "text",
        ])
        .arg(f.out())
        .output()
        .expect("run java (scripts/test installs it)");
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
