//! Keeping the keyboard's focus when what had it is drawn again or goes away.

/// Focuses the element with this id once a change has redrawn the page, if the focus fell to
/// the page's body with the element that had it (and nothing else took it): at the next frame,
/// and again a little later for a redraw that waited on a build or a request.
/// Nothing on the server.
pub fn focus_if_lost(id: String) {
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
    #[cfg(feature = "hydrate")]
    refocus_soon(id);
}

#[cfg(feature = "hydrate")]
fn refocus_soon(id: String) {
    use leptos::prelude::{document, request_animation_frame, set_timeout};
    use leptos::wasm_bindgen::JsCast;
    let refocus = move || {
        let lost = document()
            .active_element()
            .is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
        if lost
            && let Some(el) = document()
                .get_element_by_id(&id)
                .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    };
    let again = refocus.clone();
    request_animation_frame(refocus);
    set_timeout(again, std::time::Duration::from_millis(300));
}

/// Whether the focus is in something that takes typed text and keeps its own undo: a text
/// input (not a checkbox, a radio button, a file picker, a button, a range or a colour), a text
/// area, a select (its letters pick an option), or editable content such as the code editor.
/// The page's own keys (`?`, its undo and redo) leave those alone.
#[cfg(feature = "hydrate")]
pub fn focus_takes_text() -> bool {
    leptos::prelude::document()
        .active_element()
        .is_some_and(|el| {
            let tag = el.tag_name();
            let kind = el
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            let text_input = tag == "INPUT"
                && !matches!(
                    kind.as_str(),
                    "checkbox"
                        | "radio"
                        | "file"
                        | "button"
                        | "submit"
                        | "reset"
                        | "range"
                        | "color"
                        | "image"
                );
            text_input
                || matches!(tag.as_str(), "TEXTAREA" | "SELECT")
                || el
                    .closest(".cm-editor, [contenteditable]")
                    .ok()
                    .flatten()
                    .is_some()
        })
}
