//! deload's build and publish: a site loaded (`deload-site`), rendered (`deload-render`) and
//! written to its output folder atomically, or checked without writing; and whether the output
//! is already up to date.
//!
//! Two layers (tests/it/layers.rs checks them), lowest first:
//!
//! 1. [`output`]: the atomic publish: files staged beside the output and swapped in, deload's
//!    own state folder checked before it is trusted, files it did not write never deleted;
//!    [`changes`]: what a change to the sources rebuilds (the rules `serve` follows too);
//! 2. [`build`]: load, render and publish, or check; with the build graph, only what changed.

#![warn(missing_docs)]
// The crate is the `deload` binary's internals (never published): its docs name private items
// on purpose, for whoever maintains it (`cargo doc --document-private-items` shows them).
#![allow(rustdoc::private_intra_doc_links)]
// `Error` carries its location, source line and hint by design (144 bytes); errors are the cold
// path, so boxing them would only add noise at every call site.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod changes;
pub mod output;
