//! Segmented controls: a group of links, one of them current. They work without JavaScript.

use leptos::prelude::*;

/// One segment: a link marked `aria-current` when active.
#[component]
pub fn SegLink(
    href: String,
    active: bool,
    #[prop(into)] label: String,
    #[prop(optional, into)] testid: Option<String>,
    /// The preview setting this link sets, and to what: a page that draws in the browser
    /// follows it in place ([`super::preview_settings`]).
    #[prop(optional)]
    setting: Option<(&'static str, String)>,
) -> impl IntoView {
    let (key, value) = setting.unzip();
    view! {
        <a class="ws-seg" href=href aria-current=active.then_some("true") data-testid=testid data-ws-setting=key data-ws-value=value>{label}</a>
    }
}

/// A labelled group of segments.
#[component]
pub fn Segments(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! { <div class="ws-segs" role="group" aria-label=label>{children()}</div> }
}
