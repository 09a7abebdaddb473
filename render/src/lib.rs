//! The widget preview renderer: widget JSON → an HTML string that looks like ChatKit, through
//! design-token CSS variables (`style/widget-tokens.css`) and whitelisted inline styles.
//!
//! A plain library with no Leptos dependency: the studio's pages, the share page and the
//! server all draw widgets through [`render_html`]; in the browser the same function runs in
//! wasm. Every text and attribute value is escaped ([`html::escape`]), and with
//! [`RenderOptions::paths`] each drawn node carries its JSON path as `data-wgt-path`.

pub mod chart;
pub mod html;
pub mod icons;
pub mod markdown;
pub mod redraw;
pub mod render;
pub mod style;

pub use redraw::{Drawing, Part};
pub use render::{
    RenderOptions, WidgetTheme, effective_theme, render_html, render_html_with, render_inner,
};
