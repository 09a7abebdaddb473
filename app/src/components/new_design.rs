//! The buttons that start a design from a blank (home page, `/new`).

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::designs::NewDesign;

/// A form that creates a design from a blank and opens its editor; works without JavaScript.
/// Nothing for a viewer.
#[component]
pub fn NewForm(kind: &'static str, label: &'static str) -> impl IntoView {
    crate::api::types::AccessConfig::current().allows(crate::api::types::Role::Editor).then(|| view! {
        <form method="post" action={<NewDesign as ServerFn>::PATH} class="inline-block">
            <input type="hidden" name="kind" value=kind/>
            <button type="submit" data-testid=format!("new-{kind}")
                class="rounded-lg bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900">{label}</button>
        </form>
    })
}
