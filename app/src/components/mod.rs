//! What pages share: modal dialogs' focus, the actions panel (the editor's and /preview's), the assets panel, the widget view, the preview grid, the diagnostics list, segmented
//! links, share links and their Copy button, a repeating status line, the trash's notice and forms, the revision list, the error page, the theme toggle, and the one URL
//! builder.
//!
//! A helper two pages need lives here (or in the crate it belongs to), never inside a page;
//! the server may import from here, never from `pages`.

pub mod actions;
pub mod assets;
pub mod copy_link;
pub mod diagnostics;
pub mod error_page;
pub mod export_links;
pub mod focus;
pub mod modal;
pub mod new_design;
pub mod preview_grid;
pub mod preview_settings;
pub mod revisions;
pub mod segmented;
pub mod share_links;
pub mod status;
pub mod theme;
pub mod trash;
pub mod url;
pub mod widget_view;

/// A large view, erased (`into_any`) on the server only.
///
/// On the server, erasing keeps the view types shallow: the editor page's type unerased is
/// deeper than rustc's query depth allows, and rendering it in a debug build overflows a
/// worker's stack. In the browser an erased view keeps code for async hydration that islands
/// never run (about 100 KB of wasm for the editor island's view alone), so there the view stays
/// as it is. Both write the same HTML for a view that draws something: `AnyView` adds no markup
/// of its own then (it marks branches only under the islands router, which the studio does not
/// use), but writes a placeholder comment for a view that draws nothing (`()`), which the
/// concrete view would not. Such views are refused at compile time.
#[cfg(feature = "ssr")]
pub fn erased_on_server<V: leptos::prelude::IntoView + 'static>(
    view: V,
) -> leptos::prelude::AnyView {
    use leptos::prelude::IntoAny;
    const {
        assert!(
            <V as leptos::tachys::view::RenderHtml>::EXISTS,
            "a view that draws nothing: AnyView would write a placeholder the browser's view does not hydrate"
        )
    };
    view.into_any()
}

/// A large view, erased (`into_any`) on the server only: see the server's version.
#[cfg(not(feature = "ssr"))]
pub fn erased_on_server<V: leptos::prelude::IntoView>(view: V) -> V {
    const {
        assert!(
            <V as leptos::tachys::view::RenderHtml>::EXISTS,
            "a view that draws nothing: AnyView would write a placeholder the browser's view does not hydrate"
        )
    };
    view
}

/// A signal that turns true once the component runs in the browser (effects run only there):
/// what needs JavaScript is said, or hidden, until then, and the server's HTML says it.
pub fn scripted() -> leptos::prelude::ReadSignal<bool> {
    use leptos::prelude::*;
    let (scripted, set_scripted) = signal(false);
    Effect::new(move |_| set_scripted.set(true));
    scripted
}

/// A short, readable form of an RFC 3339 time: `2026-11-22 09:15`.
pub fn short_time(t: &str) -> String {
    t.get(..16).unwrap_or(t).replace('T', " ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_times() {
        assert_eq!(
            super::short_time("2026-11-22T09:15:03.120Z"),
            "2026-11-22 09:15"
        );
        assert_eq!(super::short_time("soon"), "soon");
    }
}
