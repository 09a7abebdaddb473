//! Segmented controls: a group of links, one of them current. They work without JavaScript.

use leptos::either::Either;
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
    /// Drawn as a button that submits the form with this id, sending the setting as
    /// `set=KEY=VALUE` with the form's fields (a page whose form holds what a link cannot
    /// carry: a typed source). Needs `setting`.
    #[prop(default = None)]
    form: Option<&'static str>,
) -> impl IntoView {
    let (key, value) = setting.unzip();
    match (form, key, value) {
        (Some(form), Some(key), Some(value)) => Either::Left(view! {
            <button type="submit" class="ws-seg" form=form name="set" value=format!("{key}={value}") aria-pressed=if active { "true" } else { "false" } data-testid=testid data-ws-setting=key data-ws-value=value>{label}</button>
        }),
        (_, key, value) => Either::Right(view! {
            <a class="ws-seg" href=href aria-current=active.then_some("true") data-testid=testid data-ws-setting=key data-ws-value=value>{label}</a>
        }),
    }
}

/// The setting a `set` field of a posted form names (`KEY=VALUE`, as [`SegLink`] sends it).
pub fn posted_setting(set: &str) -> Option<(&str, &str)> {
    set.split_once('=')
}

/// A labelled group of segments.
#[component]
pub fn Segments(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! { <div class="ws-segs" role="group" aria-label=label>{children()}</div> }
}
