//! Site functions for templates: `get_page(path)`, `get_section(path)`, `get_url(path)`,
//! `get_taxonomy(kind)`, `load_data(path)`, `now()` and `resize_image(path, ...)` (see
//! `deload_site::images`).
//!
//! Tera's functions must own what they read, so each function gets a snapshot of the site made
//! when the templates are prepared; a snapshot is made only when a template calls its function
//! (a site that uses none pays nothing). The values are the view structs' (`view`), like every
//! other template value. An error (a missing page, a data file that does not parse) stops the
//! render with the template's name and line.

use std::sync::Arc;

use tera::{Kwargs, State};

use super::Templates;
use super::view::{self, Summaries};
use deload_site::data::{DataFiles, now};
use deload_site::site::Site;

/// Registers the site functions the templates use.
pub(crate) fn register(templates: &mut Templates, site: &Site) {
    let summaries = Summaries::new(site);
    let lookups = view::lookups(site, &summaries, &|name| templates.uses_function(name));
    templates.register_lookups(lookups);
    if templates.uses_function("load_data") {
        let data = Arc::new(DataFiles::new(site.root.clone()));
        templates.register_function("load_data", move |kw: Kwargs, _: &State| data.load(&kw));
    }
    templates.register_function("now", |_: Kwargs, _: &State| now());
    if templates.uses_function("resize_image") {
        let prefix = site.config.path_prefix().to_string();
        let f = deload_site::images::tera_function(site.images(), site.root.clone(), prefix);
        templates.register_function("resize_image", f);
    }
}
