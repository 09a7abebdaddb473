//! `/`: the studio's front page.

use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="space-y-6">
            <h1 class="text-3xl font-bold tracking-tight">"Design chat widgets that ship as they look."</h1>
            <p class="max-w-2xl text-lg text-slate-600 dark:text-slate-300">
                "Widget Studio is a workbench for ChatKit-style widgets: compose cards and list rows, "
                "preview them in light and dark themes, validate them the way the SDK does, "
                "export JSON and .widget files, and try action round-trips before writing a handler."
            </p>
            <ul class="grid gap-4 sm:grid-cols-2">
                <Feature title="Validator" status="Available: widget-studio validate" text="Every component and prop of the ChatKit SDK, with errors located by path, line and column."/>
                <Feature title="Templates" status="Available: widget-studio build, export" text="JSX views evaluated against sample data, exported as .widget files the SDK loads."/>
                <Feature title="Live preview" status="Available: /preview" text="Faithful light and dark themes, chat-column widths, every named state at once."/>
                <Feature title="History and sharing" status="Available: /designs, /api/designs" text="Designs persist on SQLite or PostgreSQL with every revision kept and diffable, read-only share links, zip backups and a REST API (/api/openapi.json)."/>
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
