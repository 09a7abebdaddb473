//! `/s/{token}`: a design shared read-only. Rendered on the server with the preview renderer
//! (it works with JavaScript off), with the design's exports.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use render::html::escape;

use crate::api::shares::load_shared;
use crate::api::types::SharedView;
use crate::components::error_page::ErrorPage;
use crate::components::export_links::{
    InlineAssetsNote, Reader, StateJsonLink, WidgetFileLink, WidgetFileRefusal, export_href,
    state_json_refusal, widget_file_refusal,
};
use crate::components::preview_grid::{PreviewGrid, ThemeChoice, parse_width, state_base};
use crate::components::segmented::{SegLink, Segments};
use crate::components::url::Href;

#[component]
pub fn SharePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    // Both themes, unless the address names one it knows (`?theme=purple` is the default).
    let choice = query
        .with_untracked(|q| q.get("theme"))
        .and_then(|t| ThemeChoice::parse_known(&t))
        .unwrap_or(ThemeChoice::Both);
    let width = parse_width(query.with_untracked(|q| q.get("width")).as_deref());
    let state = query.with_untracked(|q| q.get("state").unwrap_or_else(|| "all".into()));
    let shared = Resource::new_blocking(move || token.clone(), load_shared);
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || shared.get().map(|r| match r {
                Ok(v) => view! { <ShareView v=v choice=choice width=width state=state.clone() /> }.into_any(),
                Err(e) => view! {
                    <div data-testid="share-error">
                        <ErrorPage error=e title="This link does not work" />
                    </div>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ShareView(v: SharedView, choice: ThemeChoice, width: u32, state: String) -> impl IntoView {
    let shared = v.shared;
    let doc = shared.document;
    let base = format!("/s/{}", shared.token);
    let export = format!("{base}/export");
    let export_widget = export_href(&export, "widget", None);
    let inline_assets = doc.needs_asset_base();
    let widget_refusal = widget_file_refusal(&doc, Reader::Visitor);
    let seg_base = base.clone();
    // A state that does not build (the latest revision may be work in progress) has no JSON
    // download: its link would answer an error.
    let json_refusals: Vec<String> = v
        .preview
        .states
        .iter()
        .filter_map(|s| state_json_refusal(s, Reader::Visitor))
        .collect();
    let json_links: Vec<AnyView> = v
        .preview
        .states
        .iter()
        .map(|s| {
            let state = (s.name != "default").then_some(s.name.as_str());
            let href = export_href(&export, "json", state);
            let label = format!("JSON ({})", s.name);
            view! { <StateJsonLink href=href label=label refusal=state_json_refusal(s, Reader::Visitor) class="ws-seg" off_class="ws-seg-off" /> }.into_any()
        })
        .collect();
    // The page's settings, each link changing one of them and keeping the rest (a theme link
    // dropped the state, a state link the width).
    let here = Href::new(seg_base)
        .set("theme", Some(choice.as_str()))
        .set("width", Some(width.to_string()))
        .set("state", (state != "all").then(|| state.clone()));
    let state_base = state_base(&here);
    let seg = move |value: &'static str, label: &'static str, active: bool| {
        let href = here.clone().set("theme", Some(value)).to_string();
        view! { <SegLink href=href active=active label=label /> }
    };
    let rev = if shared.pinned {
        format!("Revision {} (pinned)", shared.revision)
    } else {
        format!("Revision {} (latest)", shared.revision)
    };
    view! {
        // leptos_meta 0.8 writes the title text into the SSR head without escaping it, so a
        // design named `</title><script>…` would run script; escape it here (the share page is
        // not an island, so the browser never sets the title again).
        <Title text=escape(&format!("{} · shared · Widget Studio", doc.name))/>
        <div class="space-y-6" data-testid="share">
            <header class="space-y-2">
                <p class="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">"Shared design · read-only"</p>
                <h1 class="text-3xl font-bold tracking-tight" data-testid="share-name">{doc.name.clone()}</h1>
                {(!doc.description.is_empty()).then(|| view! { <p class="max-w-3xl text-slate-600 dark:text-slate-300">{doc.description.clone()}</p> })}
                <p class="text-sm text-slate-500 dark:text-slate-400" data-testid="share-revision">{rev}</p>
            </header>
            <div class="flex flex-wrap items-center gap-4 text-sm">
                <span class="font-medium">"Theme"</span>
                <Segments label="Preview theme">
                    {seg("light", "Light", choice == ThemeChoice::Light)}
                    {seg("dark", "Dark", choice == ThemeChoice::Dark)}
                    {seg("both", "Both", choice == ThemeChoice::Both)}
                </Segments>
                <span class="font-medium">"Export"</span>
                <div class="ws-segs" role="group" aria-label="Export" data-testid="share-exports">
                    <WidgetFileLink href=export_widget refusal=widget_refusal.clone() class="ws-seg" off_class="ws-seg-off" label=".widget" />
                    {json_links}
                </div>
            </div>
            <WidgetFileRefusal refusal=widget_refusal />
            {json_refusals.into_iter().map(|why| view! { <p class="max-w-2xl text-xs text-amber-800 dark:text-amber-300" data-testid="json-export-refused">{why}</p> }).collect::<Vec<_>>()}
            <InlineAssetsNote needed=inline_assets reader=Reader::Visitor />
            <PreviewGrid data=v.preview choice=choice width=width state=state state_base=state_base />
        </div>
    }
}
