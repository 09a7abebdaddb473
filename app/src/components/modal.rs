//! Modal dialogs and the keyboard: when one opens, the focus moves into it; Tab and Shift+Tab
//! go round its controls and never leave it; when it closes, the focus goes back to where it
//! was (the code editor, a button). Escape closing it is the page's (it knows what closing
//! means).

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// What can take the focus, in document order.
#[cfg(feature = "hydrate")]
const FOCUSABLE: &str = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

#[cfg(feature = "hydrate")]
fn focusables(dialog: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        // Drawn (a hidden control has no offset parent).
        .filter(|e| e.offset_parent().is_some())
        .collect()
}

/// Keeps the focus of the modal dialog whose element has the id `id` while `open()` is true.
/// Call it once, in the component that draws the dialog.
pub fn modal_focus(open: impl Fn() -> bool + 'static, id: &'static str) {
    #[cfg(feature = "hydrate")]
    {
        use std::cell::RefCell;
        use std::rc::Rc;
        use wasm_bindgen::JsCast;
        let before: Rc<RefCell<Option<web_sys::Element>>> = Rc::new(RefCell::new(None));
        Effect::new(move |was_open: Option<bool>| {
            let is_open = open();
            if is_open && was_open != Some(true) {
                *before.borrow_mut() = document().active_element();
                // Once the dialog is drawn.
                request_animation_frame(move || {
                    if let Some(dialog) = document().get_element_by_id(id) {
                        // Its first button (a scrollable text before it can take the focus
                        // too, but is not where a choice starts).
                        let all = focusables(&dialog);
                        let first = all
                            .iter()
                            .find(|el| el.tag_name().eq_ignore_ascii_case("button"))
                            .or(all.first());
                        match first {
                            Some(first) => {
                                let _ = first.focus();
                            }
                            None => {
                                if let Some(d) = dialog.dyn_ref::<web_sys::HtmlElement>() {
                                    let _ = d.focus();
                                }
                            }
                        }
                    }
                });
            } else if !is_open && was_open == Some(true) {
                let back = before.borrow_mut().take();
                // Once the page has followed the choice (it may redraw what had the focus).
                request_animation_frame(move || {
                    let Some(back) = back else { return };
                    // What had the focus; or, drawn again by the choice (an inspector field
                    // after their revision came in), the element now in its place; or the page's
                    // main region: never the page's body, where a keyboard user starts over.
                    let again = || {
                        let doc = document();
                        let by_id = (!back.id().is_empty())
                            .then(|| doc.get_element_by_id(&back.id()))
                            .flatten();
                        by_id.or_else(|| {
                            back.get_attribute("data-testid").and_then(|t| {
                                doc.query_selector(&format!("[data-testid=\"{t}\"]"))
                                    .ok()
                                    .flatten()
                            })
                        })
                    };
                    let target = if back.is_connected() {
                        Some(back.clone())
                    } else {
                        again().or_else(|| document().get_element_by_id("ws-main"))
                    };
                    if let Some(el) = target
                        && let Some(el) = el.dyn_ref::<web_sys::HtmlElement>()
                    {
                        let _ = el.focus();
                    }
                });
            }
            is_open
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (open, id);
}

/// The dialog's `on:keydown`: Tab from its last control goes to its first, Shift+Tab from its
/// first to its last.
pub fn trap_tab(ev: leptos::ev::KeyboardEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if ev.key() != "Tab" {
            return;
        }
        let Some(dialog) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let all = focusables(&dialog);
        let (Some(first), Some(last)) = (all.first(), all.last()) else {
            ev.prevent_default();
            return;
        };
        let active = document().active_element();
        let at = |e: &web_sys::HtmlElement| {
            active
                .as_ref()
                .is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
        };
        let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
        if ev.shift_key() && (at(first) || !inside) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && (at(last) || !inside) {
            ev.prevent_default();
            let _ = first.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}
