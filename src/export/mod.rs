//! Plan outputs: a [`crate::plan::Schedule`] rendered as a printable HTML document.

pub mod html;
