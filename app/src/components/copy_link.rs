//! A Copy button for a link of this studio (a share link): it puts the link's full address
//! (this studio's origin and the path) on the clipboard and says so. It needs JavaScript, so
//! without it the button is not shown (the link itself can be copied from the browser's menu).
//!
//! The buttons are plain HTML that any page draws; one listener on the window, installed on
//! every page by the hydration mark ([`follow_copy_buttons`]), serves them all, so no page
//! needs an island of its own for them.

use leptos::prelude::*;

/// `path`'s Copy button; `label` names it for a reader that lists the buttons alone ("Copy
/// the link …"). Its status line says what happened.
#[component]
pub fn CopyLink(path: String, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <span class="ws-js-only inline-flex items-baseline gap-2">
            <button type="button" data-ws-copy=path aria-label=label data-testid="copy-link"
                class="text-xs text-indigo-700 hover:underline dark:text-indigo-300">"Copy"</button>
            <span role="status" data-ws-copied class="text-xs text-slate-600 dark:text-slate-400"></span>
        </span>
    }
}

/// Serves every Copy button of the page from now on (in the browser).
#[cfg(feature = "hydrate")]
pub fn follow_copy_buttons() {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::Element;
    let _ = window_event_listener(leptos::ev::click, |ev| {
        let Some(button) = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("button[data-ws-copy]").ok().flatten())
        else {
            return;
        };
        let path = button.get_attribute("data-ws-copy").unwrap_or_default();
        let address = window()
            .location()
            .href()
            .ok()
            .and_then(|base| leptos::web_sys::Url::new_with_base(&path, &base).ok())
            .map(|u| u.href())
            .unwrap_or(path);
        let status = button
            .next_element_sibling()
            .filter(|s| s.has_attribute("data-ws-copied"));
        if let Some(s) = &status {
            s.set_text_content(None);
        }
        leptos::task::spawn_local(async move {
            let said = match copy_text(&address).await {
                true => "Copied".to_string(),
                false => format!("The browser did not let the page copy: the link is {address}"),
            };
            if let Some(s) = status {
                s.set_text_content(Some(&said));
            }
        });
    });
}

/// Puts `text` on the clipboard: through the Clipboard API where the page may use it (a
/// secure context), else through a selected text area and the `copy` command.
#[cfg(feature = "hydrate")]
pub async fn copy_text(text: &str) -> bool {
    use leptos::wasm_bindgen::{JsCast, JsValue};
    let navigator = window().navigator();
    let has_api = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if has_api
        && wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(text))
            .await
            .is_ok()
    {
        return true;
    }
    let doc = document();
    let Some(area) = doc
        .create_element("textarea")
        .ok()
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlTextAreaElement>().ok())
    else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("style", "position:fixed;top:0;left:0;opacity:0");
    let Some(body) = doc.body() else {
        return false;
    };
    let focused = doc.active_element();
    let _ = body.append_child(&area);
    area.select();
    let copied = doc
        .dyn_ref::<leptos::web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    area.remove();
    // The focus goes back to the button.
    if let Some(f) = focused.and_then(|f| f.dyn_into::<leptos::web_sys::HtmlElement>().ok()) {
        let _ = f.focus();
    }
    copied
}
