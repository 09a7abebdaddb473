//! A polite status line that is said again when it is set again to the same text.

use leptos::prelude::*;

/// A page's notice (a save, a restore): green, focusable, focused when it is shown.
pub const NOTICE_CLASS: &str = "rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm outline-none dark:border-emerald-700 dark:bg-emerald-950";

/// Shows `text` in the page's notice (`data-testid="notice"`, drawn by the server with the
/// page, outside any island), made after `after` when the page came without one, and focuses
/// it, as a page that comes with one does.
#[cfg(feature = "hydrate")]
pub fn show_page_notice(text: &str, after: &str) {
    use wasm_bindgen::JsCast;
    let doc = document();
    let p = match doc.query_selector("[data-testid=notice]").ok().flatten() {
        Some(p) => p,
        None => {
            let Some(anchor) = doc.query_selector(after).ok().flatten() else {
                return;
            };
            let (Some(parent), Ok(p)) = (anchor.parent_node(), doc.create_element("p")) else {
                return;
            };
            let _ = p.set_attribute("role", "status");
            let _ = p.set_attribute("tabindex", "-1");
            let _ = p.set_attribute("class", NOTICE_CLASS);
            let _ = p.set_attribute("data-testid", "notice");
            let _ = parent.insert_before(&p, anchor.next_sibling().as_ref());
            p
        }
    };
    p.set_text_content(Some(text));
    if let Ok(p) = p.dyn_into::<web_sys::HtmlElement>() {
        let _ = p.focus();
    }
}

/// How long the line stays empty before a repeated text is written back: long enough for the
/// browser to tell assistive technology that the region changed (Chromium sends its
/// accessibility updates in batches), short enough not to be seen as a flicker.
#[cfg(feature = "hydrate")]
const REPEAT_GAP_MS: u64 = 60;

/// `<p role="status" aria-live="polite">` showing `text`. A live region is read when its text
/// changes, so the same message twice in a row (the same refusal for a second key press, the
/// same note for a second upload) would be said once. Here every new value of `text` is
/// written after a short gap in which the line is empty, so it is said each time; a value that
/// differs from what is shown is written at once.
#[component]
pub fn LiveStatus(
    #[prop(into)] text: Signal<String>,
    class: &'static str,
    testid: &'static str,
) -> impl IntoView {
    let shown = RwSignal::new(text.get_untracked());
    Effect::new(move |first: Option<()>| {
        let t = text.get();
        if shown.get_untracked() != t {
            // A new text (on the first run too, if it changed before it): written at once.
            shown.set(t);
            return;
        }
        if first.is_none() || t.is_empty() {
            return;
        }
        shown.set(String::new());
        #[cfg(feature = "hydrate")]
        set_timeout(
            // The latest text when the gap ends (it may have changed again meanwhile).
            move || shown.set(text.get_untracked()),
            std::time::Duration::from_millis(REPEAT_GAP_MS),
        );
    });
    view! { <p role="status" aria-live="polite" class=class data-testid=testid>{move || shown.get()}</p> }
}
