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
    let html = draw(&widget, theme, opts);
    view! { <div class="wgt" data-theme=theme.as_str() inner_html=html></div> }
}

/// The HTML of a drawing. In the browser, a drawing with paths marked (the editor's preview,
/// the actions panel) is kept with the widget it was drawn from, and the next widget for the
/// same drawing draws only the components that differ ([`render::Drawing::redraw`]): a
/// visual edit of one prop redraws one element, or one per row of a `.map`, not all 600.
fn draw(widget: &Arc<Value>, theme: WidgetTheme, opts: RenderOptions) -> Morph {
    #[cfg(feature = "hydrate")]
    if opts.paths {
        return kept::draw(widget, theme, opts);
    }
    Morph::whole(render::render_inner(widget, theme, opts))
}

#[cfg(feature = "hydrate")]
mod kept {
    use std::cell::RefCell;
    use std::sync::Arc;

    use render::{Drawing, RenderOptions, WidgetTheme};
    use serde_json::Value;

    use super::{Morph, Patch};

    /// The last drawing for each options and theme (the scope tells drawings apart), most
    /// recent first: the editor draws each state in one or two themes, the actions panel one
    /// more.
    struct Kept {
        key: (RenderOptions, WidgetTheme),
        widget: Arc<Value>,
        drawing: Drawing,
        html: Arc<str>,
    }

    const KEEP: usize = 32;

    thread_local! {
        static KEPT: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn draw(widget: &Arc<Value>, theme: WidgetTheme, opts: RenderOptions) -> Morph {
        let key = (opts, theme);
        let last =
            KEPT.with_borrow_mut(|k| k.iter().position(|x| x.key == key).map(|i| k.remove(i)));
        let (kept, morph) = match last {
            Some(k) if Arc::ptr_eq(&k.widget, widget) || *k.widget == **widget => {
                let morph = Morph::whole(k.html.clone());
                (
                    Kept {
                        widget: widget.clone(),
                        ..k
                    },
                    morph,
                )
            }
            Some(k) => {
                let from = k.html.clone();
                match k.drawing.redraw(&k.widget, widget, theme, opts) {
                    // The same drawing (a change the drawing does not show, such as an
                    // action's payload): the same HTML, so the element's state still matches.
                    Some((drawing, parts)) if parts.is_empty() => (
                        Kept {
                            key,
                            widget: widget.clone(),
                            drawing,
                            html: from.clone(),
                        },
                        Morph::whole(from),
                    ),
                    Some((drawing, parts)) => {
                        let html: Arc<str> = drawing.html().into();
                        let morph = Morph {
                            html: html.clone(),
                            patch: Some(Arc::new(Patch { from, parts })),
                        };
                        (
                            Kept {
                                key,
                                widget: widget.clone(),
                                drawing,
                                html,
                            },
                            morph,
                        )
                    }
                    None => whole(key, widget, theme, opts),
                }
            }
            None => whole(key, widget, theme, opts),
        };
        KEPT.with_borrow_mut(|k| {
            k.insert(0, kept);
            k.truncate(KEEP);
        });
        morph
    }

    fn whole(
        key: (RenderOptions, WidgetTheme),
        widget: &Arc<Value>,
        theme: WidgetTheme,
        opts: RenderOptions,
    ) -> (Kept, Morph) {
        let drawing = Drawing::new(widget, theme, opts);
        let html: Arc<str> = drawing.html().into();
        (
            Kept {
                key,
                widget: widget.clone(),
                drawing,
                html: html.clone(),
            },
            Morph::whole(html),
        )
    }
}

/// A drawing's HTML that, when it changes in the browser, updates the drawn DOM in place
/// (`morph.js`) instead of replacing it: an edit in the editor restyles and lays out only the
/// nodes it changed. On the server and at hydration it is plain inner HTML.
#[derive(Clone, Debug)]
pub struct Morph {
    pub html: Arc<str>,
    /// When only some components were drawn again: which, and the HTML they were drawn into.
    pub patch: Option<Arc<Patch>>,
}

/// Components drawn again into a drawing: applied in place when the element still shows
/// `from`.
#[derive(Debug)]
pub struct Patch {
    pub from: Arc<str>,
    pub parts: Vec<render::Part>,
}

impl Morph {
    pub fn whole(html: impl Into<Arc<str>>) -> Morph {
        Morph {
            html: html.into(),
            patch: None,
        }
    }
}

impl PartialEq for Morph {
    fn eq(&self, other: &Morph) -> bool {
        self.html == other.html
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/components/morph.js")]
extern "C" {
    fn morph_html(el: &web_sys::Element, html: &str);
    fn morph_parts(el: &web_sys::Element, html: &str, paths: Vec<String>, parts: Vec<String>);
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
        self.html.len()
    }

    fn to_html(self, buf: &mut String) {
        buf.push_str(&self.html);
    }

    fn to_template(_buf: &mut String) {}

    fn hydrate<const FROM_SERVER: bool>(self, el: &Element) -> Self::State {
        if !FROM_SERVER {
            Rndr::set_inner_html(el, &self.html);
        }
        (el.clone(), self)
    }

    fn build(self, el: &Element) -> Self::State {
        Rndr::set_inner_html(el, &self.html);
        (el.clone(), self)
    }

    fn rebuild(self, state: &mut Self::State) {
        if self != state.1 {
            #[cfg(feature = "hydrate")]
            match &self.patch {
                // Drawn from what the element shows: only the parts change.
                Some(p) if Arc::ptr_eq(&p.from, &state.1.html) => {
                    let (paths, parts) = p
                        .parts
                        .iter()
                        .map(|x| (x.path.clone(), x.html.clone()))
                        .unzip();
                    morph_parts(&state.0, &self.html, paths, parts);
                }
                _ => morph_html(&state.0, &self.html),
            }
            #[cfg(not(feature = "hydrate"))]
            Rndr::set_inner_html(&state.0, &self.html);
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
