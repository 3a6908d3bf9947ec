//! The Programs section's download links, and builds of a fixture with printed PDFs on.

use super::Fixture;

/// The `href`s of `html` that end with one of `exts`.
pub(crate) fn links<'a>(html: &'a str, exts: &[&str]) -> Vec<&'a str> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|url| exts.iter().any(|e| url.ends_with(&format!(".{e}"))))
        .collect()
}

/// `deload build` of `f` with `DELOAD_CHROMIUM` set to `browser`; it must succeed.
pub(crate) fn build_with_browser(f: &Fixture, browser: &std::path::Path) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_deload"))
        .arg("build")
        .current_dir(f.root())
        .env("NO_COLOR", "1")
        .env("DELOAD_CHROMIUM", browser)
        .output()
        .expect("run deload");
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The fixture site with `programs.pdf: true` in its site.yaml.
pub(crate) fn with_pdf_on() -> Fixture {
    let f = Fixture::new("recovery");
    let yaml = std::fs::read_to_string(f.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace("programs:\n", "programs:\n  pdf: true\n");
    assert!(yaml.contains("  pdf: true\n  start:"), "{yaml}");
    f.write("site.yaml", &yaml);
    f
}
