//! Widget Studio's Leptos application: the HTML shell, pages and components.
//!
//! - [`pages`]: one module per route.
//! - [`components`]: what pages share (and the server may use).
//! - [`api`]: every server function and every type that crosses the wire.
//!
//! The same code renders on the server (feature `ssr`) and hydrates in the
//! browser (feature `hydrate`). Nothing here reads `window` while rendering:
//! the studio theme comes from a cookie on the server and lives in the
//! `<html>` element's class, so the first paint is already in the right theme.
// The editor island's view is one deep type; the release build needs room to lay it out.
#![recursion_limit = "256"]

pub mod api;
pub mod bundle;
pub mod components;
pub mod editor;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{A, Route, Router, Routes},
    path,
};

use crate::api::types::Role;
use crate::components::theme::{Theme, ThemeToggle};
use crate::pages::{
    bench, components as components_page, design, designs, editor as editor_page, gallery, home,
    login, preview, settings, share,
};

/// The full HTML document rendered by the server around [`App`].
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let theme = Theme::from_request();
    // Most pages load the light wasm bundle (see `bundle`).
    #[cfg(feature = "ssr")]
    let scripts = bundle::hydration_options(options.clone());
    #[cfg(not(feature = "ssr"))]
    let scripts = options.clone();
    view! {
        <!DOCTYPE html>
        <html lang="en" class=theme.html_class() data-theme=theme.as_str()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content=theme.as_str()/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=scripts islands=true/>
                <MetaTags/>
                // What only works with JavaScript is kept out of a page that has none (the
                // editor keeps such rows in its layout, invisible, until they work).
                <noscript><style>".ws-js-only{display:none!important}"</style></noscript>
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
            // The first stop of Tab: past the header's links to the page itself.
            <a href="#ws-main" class="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 dark:bg-slate-900 dark:text-slate-100" data-testid="skip-link">"Skip to content"</a>
            <Header/>
            <Main>
                <Routes fallback=NotFound>
                    <Route path=path!("") view=home::HomePage/>
                    <Route path=path!("/components") view=components_page::ComponentsPage/>
                    <Route path=path!("/bench") view=bench::BenchPage/>
                    <Route path=path!("/login") view=login::LoginPage/>
                    <Route path=path!("/preview") view=preview::PreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/s/:token") view=share::SharePage ssr=SsrMode::Async/>
                    <Route path=path!("/designs") view=designs::DesignsPage ssr=SsrMode::Async/>
                    <Route path=path!("/designs/:id") view=design::DesignDetailPage ssr=SsrMode::Async/>
                    <Route path=path!("/designs/:id/edit") view=editor_page::EditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/new") view=editor_page::NewPage/>
                    <Route path=path!("/gallery") view=gallery::GalleryPage ssr=SsrMode::Async/>
                    <Route path=path!("/settings/users") view=settings::SettingsUsersPage ssr=SsrMode::Async/>
                </Routes>
            </Main>
        </Router>
    }
}

/// The page's `<main>`: as wide as reading text wants, but for the editor, which shows the
/// code, the preview at its chosen width and the visual panels side by side, and gets up to
/// 96rem on a wide screen (at 1,400 px, the preview's 480 px then fit beside the code).
#[component]
fn Main(children: Children) -> impl IntoView {
    let wide = leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        .ends_with("/edit");
    let class = if wide {
        "mx-auto max-w-[96rem] px-4 py-10 outline-none sm:px-6"
    } else {
        "mx-auto max-w-5xl px-4 py-10 outline-none sm:px-6"
    };
    view! { <main id="ws-main" tabindex="-1" class=class>{children()}</main> }
}

/// Sets `data-hydrated` on `<body>` once the wasm bundle has taken over, so
/// tests (and curious users) can tell a hydrated page from server HTML; and serves the page's
/// Copy buttons.
#[island]
fn HydrationMark() -> impl IntoView {
    // Every page's Copy buttons (they have no island of their own).
    #[cfg(feature = "hydrate")]
    crate::components::copy_link::follow_copy_buttons();
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
            // On a phone the links wrap under the name instead of running off the screen.
            <nav class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 sm:px-6">
                <A href="/" attr:class="flex shrink-0 items-center gap-2 whitespace-nowrap font-semibold tracking-tight">
                    <img src="/favicon.svg" alt="" width="24" height="24"/>
                    <span>"Widget Studio"</span>
                </A>
                <div class="flex flex-wrap items-center gap-x-3 gap-y-1 sm:gap-x-4">
                    <A href="/designs" attr:class="text-sm hover:underline">"Designs"</A>
                    <A href="/gallery" attr:class="text-sm hover:underline">"Gallery"</A>
                    <A href="/preview" attr:class="text-sm hover:underline">"Preview"</A>
                    <A href="/components" attr:class="text-sm hover:underline">"Components"</A>
                    <ThemeToggle/>
                    <SignedIn/>
                </div>
            </nav>
        </header>
    }
}

/// Who is signed in, and the sign-out form (a plain form: it works without JavaScript). Shown
/// only when the studio needs sign-in.
#[component]
fn SignedIn() -> impl IntoView {
    let access = use_context::<crate::api::types::AccessConfig>().unwrap_or_default();
    let admin = access
        .signed_in
        .as_ref()
        .is_some_and(|s| s.role == Role::Admin);
    access.signed_in.map(|crate::api::types::SignedIn { name, role, .. }| {
        view! {
            {admin.then(|| view! { <A href="/settings/users" attr:class="text-sm hover:underline" attr:data-testid="settings-link">"Users"</A> })}
            <form method="post" action="/logout" class="flex items-center gap-2 text-sm" data-testid="signed-in">
                <span>{name}<span class="text-xs text-slate-500 dark:text-slate-400" data-testid="signed-in-role">{format!(" ({role})")}</span></span>
                <button type="submit" class="hover:underline">"Sign out"</button>
            </form>
        }
    })
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
