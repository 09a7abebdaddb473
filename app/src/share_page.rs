//! `/s/{token}`: a design shared read-only. The page is rendered on the server with the preview
//! renderer (it works with JavaScript off) and offers the design's exports. It reads the
//! design through [`ShareSource`], which the server provides as context, so this crate stays
//! free of storage code.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::preview::html::escape;
use crate::preview_page::{PreviewData, PreviewGrid, ThemeChoice, parse_width, urlencode};

/// What a share link shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedView {
    pub token: String,
    pub name: String,
    pub description: String,
    pub revision: i64,
    /// Pinned to this revision (else it follows the latest).
    pub pinned: bool,
    pub data: PreviewData,
}

/// A shared design as the server hands it over.
#[derive(Clone, Debug)]
pub struct SharedDesign {
    pub name: String,
    pub description: String,
    pub revision: i64,
    pub pinned: bool,
    /// The design as a design document (JSON text), as `/preview` reads it.
    pub document: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum ShareError {
    #[error("this share link does not exist or was revoked")]
    NotFound,
    #[error("the design could not be read: {0}")]
    Unavailable(String),
    #[error(transparent)]
    ServerFn(#[from] ServerFnErrorErr),
}

impl FromServerFnError for ShareError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        ShareError::ServerFn(value)
    }
}

/// Where share links are resolved: implemented by the server over its store.
#[cfg(feature = "ssr")]
pub trait ShareLookup: Send + Sync + 'static {
    fn shared(
        &self,
        token: String,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<SharedDesign, ShareError>> + Send + '_>,
    >;
}

/// The context the server provides to pages and server functions.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct ShareSource(pub std::sync::Arc<dyn ShareLookup>);

/// Resolves a share token and builds every state of the design.
#[server(endpoint = "share")]
pub async fn load_shared(token: String) -> Result<SharedView, ShareError> {
    let Some(ShareSource(lookup)) = use_context::<ShareSource>() else {
        return Err(ShareError::Unavailable("no design store".into()));
    };
    let d = lookup.shared(token.clone()).await?;
    let data = crate::preview_page::preview_data(&d.document)
        .map_err(|e| ShareError::Unavailable(e.to_string()))?;
    Ok(SharedView {
        token,
        name: d.name,
        description: d.description,
        revision: d.revision,
        pinned: d.pinned,
        data,
    })
}

#[component]
pub fn SharePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = params.with_untracked(|p| p.get("token").unwrap_or_default());
    let theme = query.with_untracked(|q| q.get("theme").unwrap_or_else(|| "both".into()));
    let width = parse_width(query.with_untracked(|q| q.get("width")).as_deref());
    let choice = ThemeChoice::parse(Some(&theme));
    let state = query.with_untracked(|q| q.get("state").unwrap_or_else(|| "all".into()));
    let shared = Resource::new_blocking(move || token.clone(), load_shared);
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || shared.get().map(|r| match r {
                Ok(v) => view! { <ShareView v=v choice=choice width=width state=state.clone() /> }.into_any(),
                Err(e) => {
                    #[cfg(feature = "ssr")]
                    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
                        resp.set_status(match e {
                            ShareError::NotFound => http::StatusCode::NOT_FOUND,
                            _ => http::StatusCode::SERVICE_UNAVAILABLE,
                        });
                    }
                    view! {
                        <Title text="Share link not found · Widget Studio"/>
                        <section class="space-y-4" data-testid="share-error">
                            <h1 class="text-3xl font-bold">"This link does not work"</h1>
                            <p class="text-slate-600 dark:text-slate-300">{e.to_string()}</p>
                        </section>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn ShareView(v: SharedView, choice: ThemeChoice, width: u32, state: String) -> impl IntoView {
    let base = format!("/s/{}", v.token);
    let export_widget = format!("{base}/export?format=widget");
    let json_links: Vec<AnyView> = v
        .data
        .states
        .iter()
        .map(|s| {
            let href = if s.name == "default" {
                format!("{base}/export?format=json")
            } else {
                format!("{base}/export?format=json&state={}", urlencode(&s.name))
            };
            let label = format!("JSON ({})", s.name);
            view! { <a class="ws-seg" href=href download="">{label}</a> }.into_any()
        })
        .collect();
    let seg = |value: &'static str, label: &'static str, active: bool| {
        view! { <a class="ws-seg" href=format!("{base}?theme={value}&width={width}") aria-current=active.then_some("true")>{label}</a> }
    };
    let rev = if v.pinned {
        format!("Revision {} (pinned)", v.revision)
    } else {
        format!("Revision {} (latest)", v.revision)
    };
    view! {
        // leptos_meta 0.8 writes the title text into the SSR head without escaping it, so a
        // design named `</title><script>…` would run script; escape it here (the share page is
        // not an island, so the browser never sets the title again).
        <Title text=escape_title(&format!("{} · shared · Widget Studio", v.name))/>
        <div class="space-y-6" data-testid="share">
            <header class="space-y-2">
                <p class="text-xs font-medium uppercase tracking-wide text-slate-500">"Shared design · read-only"</p>
                <h1 class="text-3xl font-bold tracking-tight" data-testid="share-name">{v.name.clone()}</h1>
                {(!v.description.is_empty()).then(|| view! { <p class="max-w-3xl text-slate-600 dark:text-slate-300">{v.description.clone()}</p> })}
                <p class="text-sm text-slate-500" data-testid="share-revision">{rev}</p>
            </header>
            <div class="flex flex-wrap items-center gap-4 text-sm">
                <span class="font-medium">"Theme"</span>
                <div class="ws-segs" role="group" aria-label="Preview theme">
                    {seg("light", "Light", choice == ThemeChoice::Light)}
                    {seg("dark", "Dark", choice == ThemeChoice::Dark)}
                    {seg("both", "Both", choice == ThemeChoice::Both)}
                </div>
                <span class="font-medium">"Export"</span>
                <div class="ws-segs" role="group" aria-label="Export" data-testid="share-exports">
                    <a class="ws-seg" href=export_widget download="">".widget"</a>
                    {json_links}
                </div>
            </div>
            <PreviewGrid data=v.data choice=choice width=width state=state state_base=format!("{base}?theme={}&state=", match choice { ThemeChoice::Light => "light", ThemeChoice::Dark => "dark", ThemeChoice::Both => "both" }) />
        </div>
    }
}

/// HTML-escapes text for `<Title>` (see the note where it is used).
pub fn escape_title(s: &str) -> String {
    escape(s)
}
