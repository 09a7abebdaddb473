//! A design in the trash, as its page and its editor say it, and the forms that move it there
//! and take it out. Plain forms: they work without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::designs::{TrashDesign, UntrashDesign};
use crate::api::types::{AccessConfig, DesignRecord, Role};
use crate::components::short_time;

/// The notice of a design in the trash (nothing for one that is not), with the button that
/// takes it out for someone who may edit. `just_moved`: the page is the answer to "Move to the
/// trash" (the notice takes the focus). `back`: the page to come back to once it is out.
#[component]
pub fn TrashNotice(record: DesignRecord, just_moved: bool, back: String) -> impl IntoView {
    let at = record.deleted_at.clone()?;
    let when = match &record.deleted_by {
        Some(by) => format!("{} by {by}", short_time(&at)),
        None => short_time(&at),
    };
    let may_edit = AccessConfig::current().allows(Role::Editor);
    let text = format!(
        "This design is in the trash (moved {when}). Its share links do not open, and it cannot be changed until it is taken out{}.",
        if may_edit { "" } else { " by an editor" }
    );
    Some(view! {
        <div role="status" tabindex="-1" autofocus=just_moved data-testid="trash-notice"
            class="flex flex-wrap items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm outline-none dark:border-amber-700 dark:bg-amber-950">
            <p>{text}</p>
            {may_edit.then(|| view! {
                <form method="post" action={<UntrashDesign as ServerFn>::PATH}>
                    <input type="hidden" name="id" value=record.id.clone()/>
                    <input type="hidden" name="back" value=back/>
                    <button type="submit" data-testid="untrash" class="rounded-md bg-slate-900 px-2 py-1 font-medium text-white dark:bg-slate-100 dark:text-slate-900">"Take it out of the trash"</button>
                </form>
            })}
        </div>
    })
}

/// "Move to the trash", for someone who may edit, on a design that is not there.
#[component]
pub fn TrashButton(record: DesignRecord) -> impl IntoView {
    let may_edit = AccessConfig::current().allows(Role::Editor);
    (may_edit && record.deleted_at.is_none()).then(|| view! {
        <form method="post" action={<TrashDesign as ServerFn>::PATH} class="inline">
            <input type="hidden" name="id" value=record.id.clone()/>
            <button type="submit" data-testid="trash" aria-label=format!("Move to the trash: {}", record.document.name)
                class="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 dark:border-slate-700 dark:text-red-400 dark:hover:bg-red-950">"Move to the trash"</button>
        </form>
    })
}

/// Back from "Take it out of the trash" (`?untrashed=1`): said once, with the focus.
#[component]
pub fn UntrashedNotice() -> impl IntoView {
    view! {
        <p role="status" tabindex="-1" autofocus data-testid="untrashed-notice"
            class="rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm outline-none dark:border-emerald-700 dark:bg-emerald-950">
            "Taken out of the trash: it can be changed again, and its share links open."
        </p>
    }
}
