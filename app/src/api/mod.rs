//! Every server function, and every type that crosses the wire.
//!
//! - [`error`]: the one error type of every server function ([`AppError`]), with its HTTP
//!   status, and the future alias the server's implementation returns.
//! - [`types`]: the wire types. They are the real ones: the store, the REST API and the pages
//!   all use them, and widget types ([`widget::Design`], [`widget::Diagnostic`]) cross as they
//!   are.
//! - [`service`] (server only): [`service::DesignService`], the one trait through which server
//!   functions read and write designs; the server provides it as context.
//! - One module of server functions per resource: [`preview`], [`designs`], [`shares`],
//!   [`gallery`], [`a2ui`] (the editor's A2UI export), [`accounts`] (users and tokens).
//!   Pure reads are GET server functions; only writes and the preview (whose body can be a
//!   megabyte of source) are POSTs.
//!
//! A server function is a thin wrapper: it takes the service from context and calls one
//! method, or calls a pure function (`preview::preview_data`) that also runs in the browser.

pub mod a2ui;
pub mod accounts;
pub mod codec;
pub mod designs;
pub mod error;
pub mod gallery;
pub mod preview;
#[cfg(feature = "ssr")]
pub mod service;
pub mod shares;
pub mod types;

pub use error::AppError;
