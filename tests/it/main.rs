//! Integration tests: build fixture sites and look at the output as a user would.

mod browser;
mod confinement;
mod hardening;
mod html_check;
mod plan_cli;
mod programs_site;
mod site_build;
mod site_errors;
mod support;
mod xml_escaping;
