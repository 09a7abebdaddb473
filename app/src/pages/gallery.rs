//! `/gallery`: the starter designs, filterable by tag (`?tag=`), each with a thumbnail in the
//! studio's theme and a "Use this" button that copies it into a new design and opens the
//! editor. Rendered on the server; it works without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use render::WidgetTheme;

use crate::api::gallery::{UseGallery, list_gallery};
use crate::api::types::{GalleryItem, GalleryPage};
use crate::components::error_page::ErrorPage;
use crate::components::url::Href;
use crate::components::widget_view::WidgetView;

#[component]
pub fn GalleryPage() -> impl IntoView {
    let query = use_query_map();
    let tag = query
        .with_untracked(|m| m.get("tag"))
        .filter(|t| !t.is_empty());
    let page = Resource::new_blocking(move || tag.clone(), list_gallery);
    view! {
        <Title text="Gallery · Widget Studio"/>
        <div class="space-y-6">
            <header class="space-y-2">
                <h1 class="text-3xl font-bold tracking-tight">"Gallery"</h1>
                <p class="max-w-3xl text-slate-600 dark:text-slate-300">
                    "Starter designs for common jobs: each has a JSX view, a zod schema, named states and real actions, "
                    "and builds in the ChatKit Python SDK exactly as it looks here. "
                    "“Use this” copies one into your designs and opens it in the editor."
                </p>
            </header>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || page.get().map(|r| match r {
                    Ok(p) => view! { <Gallery page=p/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e title="Cannot show the gallery" back_href="/" back_label="Home"/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Gallery(page: GalleryPage) -> impl IntoView {
    let here = Href::new("/gallery");
    let current = page.tag.clone();
    let chip = |href: String, active: bool, label: String, testid: String| {
        view! {
            <a class="ws-chip" href=href aria-current=active.then_some("true") data-testid=testid>{label}</a>
        }
        .into_any()
    };
    let mut chips: Vec<AnyView> = vec![chip(
        "/gallery".into(),
        current.is_none(),
        format!("All ({})", page.total),
        "tag-all".into(),
    )];
    chips.extend(page.tags.iter().map(|t| {
        chip(
            here.clone().set("tag", Some(t.tag.as_str())).to_string(),
            current.as_deref() == Some(t.tag.as_str()),
            format!("{} ({})", t.tag, t.count),
            format!("tag-{}", t.tag),
        )
    }));
    let count = match &page.tag {
        Some(t) => format!(
            "{} of {} designs carry the tag “{t}”",
            page.items.len(),
            page.total
        ),
        None => format!("{} designs", page.total),
    };
    let empty = page.items.is_empty();
    let cards: Vec<AnyView> = page
        .items
        .into_iter()
        .map(|item| view! { <GalleryCard item/> }.into_any())
        .collect();
    view! {
        <nav aria-label="Filter by tag" class="ws-chips" data-testid="gallery-tags">{chips}</nav>
        <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="gallery-count" aria-live="polite">{count}</p>
        {empty.then(|| view! {
            <p class="text-slate-600 dark:text-slate-300" data-testid="gallery-empty">
                "No gallery design carries this tag. "<a class="underline" href="/gallery">"Show them all"</a>"."
            </p>
        })}
        <ul class="grid gap-6 sm:grid-cols-2 lg:grid-cols-3" data-testid="gallery-list">{cards}</ul>
    }
}

/// One design: its thumbnail in both themes (CSS shows the studio's; the thumbnail is inert,
/// so its buttons are neither focusable nor announced), its name, description and tags.
#[component]
fn GalleryCard(item: GalleryItem) -> impl IntoView {
    let thumb = item.widget.clone().map(|w| {
        view! {
            <div class="ws-thumb-inner">
                <div class="dark:hidden"><WidgetView widget=w.clone() theme=WidgetTheme::Light heading_level=3 scope=item.slug.clone()/></div>
                <div class="hidden dark:block"><WidgetView widget=w theme=WidgetTheme::Dark heading_level=3 scope=item.slug.clone()/></div>
            </div>
        }
    });
    let tags: Vec<AnyView> = item
        .tags
        .iter()
        .map(|t| {
            view! { <a class="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700 hover:underline dark:bg-slate-800 dark:text-slate-200" href=Href::new("/gallery").set("tag", Some(t.as_str())).to_string()>{t.clone()}</a> }
            .into_any()
        })
        .collect();
    let states = if item.states.is_empty() {
        String::new()
    } else {
        format!("States: default, {}", item.states.join(", "))
    };
    let heading = format!("gallery-{}", item.slug);
    let may_use =
        crate::api::types::AccessConfig::current().allows(crate::api::types::Role::Editor);
    let labelled_by = heading.clone();
    view! {
        <li class="flex flex-col overflow-hidden rounded-xl border border-slate-200 dark:border-slate-800" data-testid="gallery-item" data-slug=item.slug.clone() aria-labelledby=labelled_by>
            <div class="ws-thumb" inert aria-hidden="true">{thumb}</div>
            <div class="flex flex-1 flex-col gap-2 p-4">
                <h2 id=heading class="font-semibold">{item.name.clone()}</h2>
                <p class="text-sm text-slate-600 dark:text-slate-300">{item.description.clone()}</p>
                <p class="text-xs text-slate-500 dark:text-slate-400">{states}</p>
                <div class="flex flex-wrap gap-1">{tags}</div>
                <div class="mt-auto flex items-center gap-3 pt-2">
                    {may_use.then(|| view! {
                    <form method="post" action={<UseGallery as ServerFn>::PATH}>
                        <input type="hidden" name="slug" value=item.slug.clone()/>
                        // The accessible name starts with the visible text (WCAG 2.5.3).
                        <button type="submit" data-testid="use-gallery"
                            class="rounded-lg bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300">"Use this"<span class="sr-only">{format!("({})", item.name)}</span></button>
                    </form>
                    })}
                    // Exported as a saved design is, with its images inline: the file works in
                    // any ChatKit backend (the shipped one refers to the studio's images).
                    <a class="text-sm underline" href=format!("/api/gallery/{}/export?format=widget&inline_unhosted=true", item.slug) download=format!("{}.widget", item.slug)>
                        ".widget"<span class="sr-only">{format!(" file of {}", item.name)}</span>
                    </a>
                </div>
            </div>
        </li>
    }
}
