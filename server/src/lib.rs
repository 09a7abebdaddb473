//! The `widget-studio` server: HTTP serving, storage and command-line tools.

pub mod api;
pub mod cli;
pub mod db;
pub mod http;
pub mod store;
pub mod tools;
