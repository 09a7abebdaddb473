//! Widget Studio's Leptos application: the HTML shell, pages and components.
//!
//! The same code renders on the server (feature `ssr`) and hydrates in the
//! browser (feature `hydrate`). Nothing here reads `window` while rendering:
//! the studio theme comes from a cookie on the server and lives in the
//! `<html>` element's class, so the first paint is already in the right theme.

pub mod bench_page;
pub mod components_page;
pub mod designs_page;
pub mod preview;
pub mod preview_page;
pub mod share_page;
pub mod theme;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    path,
};

use crate::theme::{Theme, ThemeToggle};

/// The full HTML document rendered by the server around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let theme = Theme::from_request();
    view! {
        <!DOCTYPE html>
        <html lang="en" class=theme.html_class() data-theme=theme.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content=theme.as_str()/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body class="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
                <App/>
            </body>
        </html>
    }
}

/// The studio application: header, routes and the 404 page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="leptos" href="/pkg/widget-studio.css"/>
        <Title text="Widget Studio"/>
        <HydrationMark/>
        <Router>
            <Header/>
            <main class="mx-auto max-w-5xl px-6 py-10">
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("/components") view=components_page::ComponentsPage/>
                    <Route path=path!("/bench") view=bench_page::BenchPage/>
                    <Route path=path!("/preview") view=preview_page::PreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/s/:token") view=share_page::SharePage ssr=SsrMode::Async/>
                    <Route path=path!("/designs") view=designs_page::DesignsPage ssr=SsrMode::Async/>
                    <Route path=path!("/designs/:id") view=designs_page::DesignDetailPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}

/// Sets `data-hydrated` on `<body>` once the wasm bundle has taken over, so
/// tests (and curious users) can tell a hydrated page from server HTML.
#[island]
fn HydrationMark() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// Referenced by the hydrate entry so the linker keeps this crate's islands.
pub fn islands_linked() {}

#[component]
fn Header() -> impl IntoView {
    view! {
        <header class="border-b border-slate-200 dark:border-slate-800">
            <nav class="mx-auto flex max-w-5xl items-center justify-between px-6 py-3">
                <A href="/" attr:class="flex items-center gap-2 font-semibold tracking-tight">
                    <img src="/favicon.svg" alt="" width="24" height="24"/>
                    <span>"Widget Studio"</span>
                </A>
                <div class="flex items-center gap-4">
                    <A href="/designs" attr:class="text-sm hover:underline">"Designs"</A>
                    <A href="/preview" attr:class="text-sm hover:underline">"Preview"</A>
                    <A href="/components" attr:class="text-sm hover:underline">"Components"</A>
                    <ThemeToggle/>
                </div>
            </nav>
        </header>
    }
}

#[component]
fn HomePage() -> impl IntoView {
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

/// The 404 page; on the server it also sets the response status.
#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Not found · Widget Studio"/>
        <section class="space-y-4" data-testid="not-found">
            <h1 class="text-3xl font-bold">"Page not found"</h1>
            <p class="text-slate-600 dark:text-slate-300">"Nothing lives at this address."</p>
            <A href="/" attr:class="text-indigo-600 underline dark:text-indigo-400">"Back to the studio"</A>
        </section>
    }
}
