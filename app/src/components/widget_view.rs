//! A widget drawn by the renderer, in the page.

use leptos::prelude::*;
use render::{RenderOptions, WidgetTheme};
use serde_json::Value;

/// Draws a widget root. The widget's own `theme` prop overrides `theme`. The HTML comes from
/// [`render::render_inner`], identically on the server and in the browser.
#[component]
pub fn WidgetView(
    widget: Value,
    #[prop(default = WidgetTheme::Light)] theme: WidgetTheme,
    /// Mark drawn nodes with `data-wgt-path` (for selecting them).
    #[prop(default = false)]
    paths: bool,
) -> impl IntoView {
    let theme = render::effective_theme(&widget, theme);
    let html = render::render_inner(&widget, theme, RenderOptions { paths });
    view! { <div class="wgt" data-theme=theme.as_str() inner_html=html></div> }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_component_draws_what_the_renderer_draws() {
        let w = serde_json::json!({"type": "Card", "theme": "dark", "children": [{"type": "Text", "value": "<hi>"}]});
        let owner = Owner::new();
        let html = owner.with(|| view! { <WidgetView widget=w.clone() /> }.to_html());
        let want = render::render_html(&w, WidgetTheme::Light);
        // Leptos adds hydration markers; the widget's own markup is identical.
        assert!(
            html.contains(
                want.trim_start_matches("<div class=\"wgt\" data-theme=\"dark\">")
                    .trim_end_matches("</div>")
            ),
            "{html}"
        );
        assert!(html.contains("data-theme=\"dark\""));
        assert!(html.contains("&lt;hi&gt;"));
    }
}
