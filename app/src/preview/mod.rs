//! The widget preview renderer (issue 5, in progress): widget JSON → HTML that looks like
//! ChatKit, through design-token CSS variables and whitelisted inline styles.

pub mod render;
pub mod style;

pub use render::{WidgetTheme, WidgetView};
