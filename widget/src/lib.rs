//! The ChatKit widget language as a plain library: located JSON, the component
//! model, validation, JSON Schema, templates and `.widget` files.
//!
//! No UI, server or I/O dependencies: everything here is pure functions over text.

pub mod a2ui;
pub mod actions;
pub mod asset;
pub mod design;
pub mod diag;
pub mod diff;
pub mod document;
pub mod edit;
pub mod json;
pub mod lint;
pub mod schema;
pub mod schema_infer;
pub mod spec;
pub mod starter;
pub mod target;
pub mod template;
pub mod tokens;
pub mod validate;
pub mod widgetfile;
pub mod zod;

pub use design::{Design, DesignField, DesignKind};
pub use diag::{Code, Diagnostic, Report, Severity};
pub use document::{InputKind, lint_input, validate_input, validate_input_for};
pub use target::Target;
pub use validate::{
    validate_bytes, validate_bytes_for, validate_node, validate_node_for, validate_str,
    validate_str_for,
};
