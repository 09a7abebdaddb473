//! The preview's settings (theme, width, state) changed in place. Their controls are links and
//! a form, so they work without JavaScript: each goes to the same page with one setting
//! changed. With JavaScript, a page that builds its preview in the browser (the editor,
//! `/preview`) follows them in place instead: reloading would throw away what was typed (and
//! the editor's undo history) for a change of how it is drawn.
//!
//! A control says which setting it sets: `data-ws-setting="theme|width|state"` and
//! `data-ws-value` on a link, `data-ws-setting="width"` on the width form.

use leptos::prelude::*;

use super::preview_grid::{ThemeChoice, parse_width};

/// The settings a preview is drawn with, as signals the page's island owns.
#[derive(Clone, Copy)]
pub struct PreviewSettings {
    pub choice: RwSignal<ThemeChoice>,
    pub width: RwSignal<u32>,
    pub state: RwSignal<String>,
}

impl PreviewSettings {
    pub fn new(choice: ThemeChoice, width: u32, state: String) -> Self {
        Self {
            choice: RwSignal::new(choice),
            width: RwSignal::new(width),
            state: RwSignal::new(state),
        }
    }

    /// Applies one setting (`key`, `value` as the control's URL has them); whether it was one.
    pub fn apply(&self, key: &str, value: &str) -> bool {
        match key {
            "theme" => self.choice.set(ThemeChoice::parse(Some(value))),
            "width" => self.width.set(parse_width(Some(value))),
            "state" => self.state.set(value.to_string()),
            _ => return false,
        }
        true
    }

    /// Follows the page's setting controls in place from now on (in the browser; nothing on
    /// the server). The address follows too, so a reload or a shared link shows the same.
    pub fn follow_controls(self) {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            use leptos::web_sys::{Element, HtmlFormElement, HtmlInputElement};
            let set_address = |key: &str, value: &str| {
                super::url::set_address_param(key, Some(value));
            };
            let clicks = window_event_listener(leptos::ev::click, move |ev| {
                if ev.default_prevented()
                    || ev.button() != 0
                    || ev.ctrl_key()
                    || ev.meta_key()
                    || ev.shift_key()
                    || ev.alt_key()
                {
                    return;
                }
                let Some(link) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<Element>().ok())
                    .and_then(|el| {
                        el.closest("a[data-ws-setting], button[data-ws-setting]")
                            .ok()
                            .flatten()
                    })
                else {
                    return;
                };
                let (Some(key), Some(value)) = (
                    link.get_attribute("data-ws-setting"),
                    link.get_attribute("data-ws-value"),
                ) else {
                    return;
                };
                if !self.apply(&key, &value) {
                    return;
                }
                ev.prevent_default();
                set_address(&key, &value);
                // Links drawn by the server, outside the island: mark the one now chosen.
                if let Some(group) = link.parent_element() {
                    let siblings = group.children();
                    for i in 0..siblings.length() {
                        if let Some(s) = siblings.item(i) {
                            mark_chosen(&s, false);
                        }
                    }
                    mark_chosen(&link, true);
                }
            });
            let submits = window_event_listener(leptos::ev::submit, move |ev| {
                let Some(form) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
                    .filter(|f| f.get_attribute("data-ws-setting").as_deref() == Some("width"))
                else {
                    return;
                };
                let Some(input) = form
                    .query_selector("input[name=width]")
                    .ok()
                    .flatten()
                    .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
                else {
                    return;
                };
                ev.prevent_default();
                let width = parse_width(Some(&input.value()));
                self.width.set(width);
                set_address("width", &width.to_string());
                // The width links: none is chosen unless one has this width.
                if let Ok(links) = leptos::prelude::document()
                    .query_selector_all("a[data-ws-setting=width], button[data-ws-setting=width]")
                {
                    for i in 0..links.length() {
                        if let Some(l) = links.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                            let chosen =
                                l.get_attribute("data-ws-value") == Some(width.to_string());
                            mark_chosen(&l, chosen);
                        }
                    }
                }
            });
            on_cleanup(move || {
                clicks.remove();
                submits.remove();
            });
        }
    }
}

/// Marks a setting control chosen or not: a link `aria-current`, a button `aria-pressed`.
#[cfg(feature = "hydrate")]
fn mark_chosen(control: &leptos::web_sys::Element, chosen: bool) {
    let _ = if control.tag_name() == "BUTTON" {
        control.set_attribute("aria-pressed", if chosen { "true" } else { "false" })
    } else if chosen {
        control.set_attribute("aria-current", "true")
    } else {
        control.remove_attribute("aria-current")
    };
}
