//! The hydrate entry point. The studio uses Leptos islands: pages are server-rendered HTML and
//! only the interactive parts (`#[island]` components in `app`) hydrate, so static content such
//! as the component reference never ships in the wasm bundle.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Link the app's islands into this bundle.
    app::islands_linked();
    leptos::mount::hydrate_islands();
}
