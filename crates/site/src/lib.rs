//! deload's site model: everything a build reads, loaded, parsed and resolved, before anything is
//! rendered. The pipeline flows one way: this crate loads and models the site (load, parse,
//! model), `deload-render` renders it, `deload-publish` writes it, `deload-serve` previews it;
//! the plan engine (programs, athletes, training logs, plans and their exports) is
//! `deload-engine`, which knows nothing of the site.
//!
//! The modules form layers; a module names (`crate::...`) only modules of lower layers, and none
//! of its own layer (tests/it/layers.rs checks it against this list). Lowest first:
//!
//! 1. [`fs`], [`oneshot`], [`urls`], [`planner`]: helpers that import nothing of the crate: files
//!    and folders, leaving a one-shot build's model to the OS at exit, the site's URL scheme and
//!    link syntax (site path to output file, generated paths, link kinds and schemes), and the
//!    Planner page's WebAssembly module, script and program data;
//! 2. [`config`], [`images`], [`data`], [`lookups`]: site.yaml, with the guidance topics plans
//!    link to; images resized for templates and shortcodes, and their cache; `load_data` and
//!    `now` for templates and shortcodes; the functions that look up the site (`get_page`, ...)
//!    over a snapshot of it;
//! 3. [`templates`]: the Tera layer (the compiled templates, the embedded theme, Tera's errors;
//!    the printed plan's templates are the `deload-sheet` crate's, with the site's overrides);
//! 4. [`catalog`]: the programs and athletes of the Programs section, planned through
//!    `deload_engine::pipeline`;
//! 5. [`markdown`]: Markdown to HTML, with its bounds, footnotes and link schemes;
//! 6. [`search`]: search terms and the client-side search index;
//! 7. [`content`]: pages and sections with their front matter;
//! 8. [`shortcodes`]: small templates called from Markdown, with the plan embeds; what their
//!    templates receive are view structs of `deload_render::view`, which sits above and is passed
//!    in ([`shortcodes::Views`]);
//! 9. [`links`]: the files a build writes and the links to other sites, checked;
//! 10. [`site`]: the model, everything loaded and every link resolved.

#![warn(missing_docs)]
// The crate is the `deload` binary's internals (never published): its docs name private items
// on purpose, for whoever maintains it (`cargo doc --document-private-items` shows them).
#![allow(rustdoc::private_intra_doc_links)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod catalog;
pub mod config;
pub mod content;
pub mod data;
pub mod fs;
pub mod images;
pub mod links;
pub mod lookups;
pub mod markdown;
pub mod oneshot;
pub mod planner;
pub mod search;
pub mod shortcodes;
pub mod site;
pub mod templates;
pub mod urls;
/// Where the shortcode calls of a page body are (for the fuzz target): see [`shortcodes::spans`].
pub use shortcodes::spans as shortcode_spans;
