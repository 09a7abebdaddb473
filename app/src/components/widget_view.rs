//! A widget drawn by the renderer, in the page.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::tachys::html::element::InnerHtmlValue;
use leptos::tachys::renderer::Rndr;
use leptos::tachys::renderer::types::Element;
use render::{RenderOptions, WidgetTheme};
use serde_json::Value;

/// Draws a widget root. The widget's own `theme` prop overrides `theme`. The HTML comes from
/// [`render::render_inner`], identically on the server and in the browser.
#[component]
pub fn WidgetView(
    /// The widget JSON (shared: the editor's preview draws the same one in several frames).
    #[prop(into)]
    widget: Arc<Value>,
    #[prop(default = WidgetTheme::Light)] theme: WidgetTheme,
    /// Mark drawn nodes with `data-wgt-path` (for selecting them).
    #[prop(default = false)]
    paths: bool,
    /// The level of the widget's headings on this page: one below the page's heading above
    /// the widget (`RenderOptions::heading_level`).
    #[prop(default = 2)]
    heading_level: u8,
    /// Something unique to this drawing on the page (a state's or component's name), which
    /// keeps its element ids apart from other widgets' there. Default: the widget itself.
    #[prop(optional, into)]
    scope: String,
) -> impl IntoView {
    let theme = render::effective_theme(&widget, theme);
    let scope = if scope.is_empty() {
        scope_of(&widget.to_string(), theme)
    } else {
        scope_of(&scope, theme)
    };
    let opts = RenderOptions {
        paths,
        heading_level,
        scope,
    };
    let html = Morph(render::render_inner(&widget, theme, opts).into());
    view! { <div class="wgt" data-theme=theme.as_str() inner_html=html></div> }
}

/// A drawing's HTML that, when it changes in the browser, updates the drawn DOM in place
/// (`morph.js`) instead of replacing it: an edit in the editor restyles and lays out only the
/// nodes it changed. On the server and at hydration it is plain inner HTML.
#[derive(Clone, Debug, PartialEq)]
pub struct Morph(pub Arc<str>);

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/components/morph.js")]
extern "C" {
    fn morph_html(el: &web_sys::Element, html: &str);
}

impl leptos::attr::IntoAttributeValue for Morph {
    type Output = Self;

    fn into_attribute_value(self) -> Self {
        self
    }
}

impl InnerHtmlValue for Morph {
    type AsyncOutput = Self;
    type State = (Element, Self);
    type Cloneable = Self;
    type CloneableOwned = Self;

    fn html_len(&self) -> usize {
        self.0.len()
    }

    fn to_html(self, buf: &mut String) {
        buf.push_str(&self.0);
    }

    fn to_template(_buf: &mut String) {}

    fn hydrate<const FROM_SERVER: bool>(self, el: &Element) -> Self::State {
        if !FROM_SERVER {
            Rndr::set_inner_html(el, &self.0);
        }
        (el.clone(), self)
    }

    fn build(self, el: &Element) -> Self::State {
        Rndr::set_inner_html(el, &self.0);
        (el.clone(), self)
    }

    fn rebuild(self, state: &mut Self::State) {
        if self != state.1 {
            #[cfg(feature = "hydrate")]
            morph_html(&state.0, &self.0);
            #[cfg(not(feature = "hydrate"))]
            Rndr::set_inner_html(&state.0, &self.0);
            state.1 = self;
        }
    }

    fn into_cloneable(self) -> Self {
        self
    }

    fn into_cloneable_owned(self) -> Self {
        self
    }

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }
}

/// A short number for a drawing's element ids (FNV-1a of its key and theme): the same on the
/// server and in the browser, so hydration finds the same ids.
pub fn scope_of(key: &str, theme: WidgetTheme) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in key.bytes().chain(theme.as_str().bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
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

    #[test]
    fn drawings_of_one_page_get_their_own_ids() {
        let a = scope_of("default", WidgetTheme::Light);
        assert_ne!(a, scope_of("default", WidgetTheme::Dark));
        assert_ne!(a, scope_of("other", WidgetTheme::Light));
        assert_eq!(a, scope_of("default", WidgetTheme::Light));
    }
}
