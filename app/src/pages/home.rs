//! `/`: the studio's front page.

use leptos::prelude::*;

use crate::api::designs::list_designs;
use crate::api::types::ListQuery;
use crate::components::new_design::NewForm;
use crate::components::short_time;

#[component]
pub fn HomePage() -> impl IntoView {
    let recent = Resource::new_blocking(
        || (),
        |_| {
            list_designs(ListQuery {
                limit: Some(6),
                ..Default::default()
            })
        },
    );
    view! {
        <section class="mb-10 space-y-4" data-testid="start">
            // The page's one h1 comes first: the headings after it (recent designs, the
            // features) are its h2s.
            <h1 class="text-3xl font-bold tracking-tight">"Design chat widgets that ship as they look."</h1>
            <div class="flex flex-wrap items-center gap-3">
                <NewForm kind="card" label="New card"/>
                <NewForm kind="list" label="New list view"/>
                <a href="/gallery" data-testid="from-gallery" class="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium dark:border-slate-700">"From the gallery"</a>
                // `/preview` draws pasted JSON, JSX or a .widget file's text without saving it; a
                // file becomes a design through a new design's Import.
                <a href="/preview" class="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium dark:border-slate-700">"Paste and preview"</a>
                <form method="get" action="/designs" role="search" class="ml-auto flex items-center gap-2">
                    <label for="ws-home-search" class="sr-only">"Search designs"</label>
                    <input id="ws-home-search" name="q" type="search" placeholder="Search designs"
                        class="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"/>
                </form>
            </div>
            <Suspense fallback=|| ()>
                {move || recent.get().map(|r| match r {
                    Ok(page) if !page.items.is_empty() => {
                        let items = page.items.into_iter().map(|d| view! {
                            <li class="rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid="recent-design">
                                <a href=format!("/designs/{}/edit", d.id) class="font-medium hover:underline">{d.name.clone()}</a>
                                <p class="text-xs text-slate-500 dark:text-slate-400">{format!("revision {} · {}", d.revision, short_time(&d.updated_at))}</p>
                            </li>
                        }).collect::<Vec<_>>();
                        view! {
                            <div class="space-y-2">
                                <h2 class="text-sm font-semibold">"Recent designs"</h2>
                                <ul class="grid gap-3 sm:grid-cols-3">{items}</ul>
                            </div>
                        }.into_any()
                    }
                    _ => ().into_any(),
                })}
            </Suspense>
        </section>
        <section class="space-y-6">
            <p class="max-w-2xl text-lg text-slate-600 dark:text-slate-300">
                "Widget Studio is a workbench for ChatKit-style widgets: compose cards and list rows, "
                "preview them in light and dark themes, validate them the way the SDK does, "
                "export JSON and .widget files, and try action round-trips before writing a handler."
            </p>
            <ul class="grid gap-4 sm:grid-cols-2">
                <Feature title="Editor" status="New card, New list view" text="Code and visual editing on one undo history, a live preview of every state in light and dark, problems located by line and column, drafts kept while you type."/>
                <Feature title="Actions" status="The editor's Actions panel" text="Click the widget's buttons and submit its forms against a simulated ChatKit server, with handler rules, streamed replies and a replayable log."/>
                <Feature title="Export" status=".widget, JSON, A2UI" text="Files the ChatKit SDK loads, widget JSON per state, A2UI messages with a report of every difference, images inlined or hosted."/>
                <Feature title="History and sharing" status="/designs, /api/designs" text="Every revision kept and diffable, conflicts caught, read-only share links, zip backups and a REST API (/api/openapi.json)."/>
            </ul>
        </section>
    }
}

#[component]
fn Feature(title: &'static str, status: &'static str, text: &'static str) -> impl IntoView {
    view! {
        <li class="rounded-xl border border-slate-200 p-4 dark:border-slate-800">
            <h2 class="flex items-center justify-between gap-2 font-semibold">
                {title}
                <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                    {status}
                </span>
            </h2>
            <p class="mt-1 text-sm text-slate-600 dark:text-slate-400">{text}</p>
        </li>
    }
}
