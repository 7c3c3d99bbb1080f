//! Sinks: each output format is a printer over the same `Report` values.

pub mod html;
pub mod model;
pub mod sarif;
pub mod text;

pub use model::*;
