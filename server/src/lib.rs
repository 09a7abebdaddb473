//! The `widget-studio` server: HTTP serving, storage and command-line tools.

pub mod api;
pub mod archive;
pub mod args;
pub mod backup;
pub mod cli;
pub mod conn;
pub mod db;
pub mod error;
pub mod extract;
pub mod guard;
pub mod http;
pub mod limits;
pub mod openapi;
pub mod page_form;
pub mod routes;
pub mod service;
pub mod share;
pub mod store;
pub mod tools;
pub mod wire;
