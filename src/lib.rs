//! deload: recovery guidance sites and periodised training plans with rest days and deload weeks
//! built in.
//!
//! This crate is the site generator and the command line; the plan engine (programs, athlete
//! files, training logs, plans and their data exports) is the `deload-engine` crate, which knows
//! nothing of the site, and the printed plan sheet (a plan as printable HTML, through templates a
//! site can override) is the `deload-sheet` crate.
//!
//! The pipeline flows one way, and imports point the same way: load, parse, model, render,
//! write, serve. The modules form layers; a module names (`crate::...`) only modules of lower
//! layers, and none of its own layer (tests/it/layers.rs checks it against this list). Lowest
//! first:
//!
//! 1. [`fs`], [`oneshot`], `urls`, [`pdf`], `planner`: helpers that import nothing of the crate:
//!    files and folders, leaving a one-shot build's model to the OS at exit, the site's URL scheme
//!    and link syntax (site path to output file, generated paths, link kinds and schemes),
//!    printing HTML to PDF through a headless Chromium, and the Planner page's WebAssembly module
//!    and program data;
//! 2. [`config`]: site.yaml, with the guidance topics plans link to;
//! 3. `templates`: the Tera layer (the compiled templates, the embedded theme, Tera's errors;
//!    the printed plan's templates are the `deload-sheet` crate's, with the site's overrides);
//! 4. `catalog`: the programs and athletes of the Programs section, planned through
//!    `deload_engine::pipeline`;
//! 5. [`markdown`]: Markdown to HTML, with its bounds, footnotes and link schemes;
//! 6. `search`: search terms and the client-side search index;
//! 7. [`content`]: pages and sections with their front matter;
//! 8. `shortcodes`: small templates called from Markdown, with the plan embeds; what their
//!    templates receive are view structs of `render::view`, which sits above and is passed in
//!    (`shortcodes::Views`);
//! 9. `links`: the files a build writes and the links to other sites, checked;
//! 10. `site`: the model, everything loaded and every link resolved;
//! 11. [`render`]: the site through the templates into files, including the printed plan;
//!     templates see only `render::view`;
//! 12. `output`: the atomic publish;
//! 13. [`build`]: load, render and publish, or check;
//! 14. [`serve`], [`import`]: the live preview; a Hugo, Jekyll or Zola site made a deload site.
//!
//! The binary's command line (`cli`, `cmd`) uses the library from above. Only what the `deload`
//! binary, the benchmarks, the fuzz targets and the integration tests use is public.

#![warn(missing_docs)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod build;
mod catalog;
pub mod config;
pub mod content;
pub mod fs;
pub mod import;
mod links;
pub mod markdown;
pub mod oneshot;
mod output;
pub mod pdf;
mod planner;
pub mod render;
mod search;
pub mod serve;
mod shortcodes;
/// Where the shortcode calls of a page body are (for the fuzz target): see [`shortcodes::spans`].
pub use shortcodes::spans as shortcode_spans;
mod site;
mod templates;
mod urls;
