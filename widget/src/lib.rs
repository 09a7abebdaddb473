//! The ChatKit widget language as a plain library: located JSON, the component
//! model, validation, JSON Schema, templates and `.widget` files.
//!
//! No UI, server or I/O dependencies: everything here is pure functions over text.

pub mod json;
