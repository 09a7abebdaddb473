//! One module per route. Pages import from `components` and `api`, never from each other;
//! nothing outside `pages` imports a page except the router in `lib.rs`.

pub mod bench;
pub mod components;
pub mod design;
pub mod designs;
pub mod editor;
pub mod gallery;
pub mod home;
pub mod login;
pub mod preview;
pub mod settings;
pub mod share;
