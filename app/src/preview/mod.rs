//! The widget preview renderer : widget JSON → HTML that looks like
//! ChatKit, through design-token CSS variables and whitelisted inline styles.

pub mod chart;
pub mod html;
pub mod icons;
pub mod markdown;
pub mod render;
pub mod style;

pub use render::{WidgetTheme, WidgetView, render_html};
