//! `/designs` and `/designs/{id}`: the saved designs and their history, read-only, rendered on
//! the server (they work without JavaScript).
//!
//! The list searches by name and tag, sorts and pages (all in the URL); a design's page shows
//! its head revision drawn by the preview renderer, every revision, the diff between any two
//! (the source as a line diff, every other field structurally), and its share links. The data
//! comes through [`DesignsLookup`], which the server implements over its store; the editor will
//! add writes next to these reads.

use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, JsonEncoding};
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::preview_page::{PreviewData, PreviewGrid, ThemeChoice, urlencode};
use crate::share_page::escape_title;

/// The list's query, as in the URL.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListParams {
    pub q: Option<String>,
    pub tag: Option<String>,
    pub sort: Option<String>,
    pub offset: Option<i64>,
    pub trash: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignItem {
    pub id: String,
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub kind: String,
    pub revision: i64,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignPage {
    pub items: Vec<DesignItem>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub number: i64,
    pub created_at: String,
    pub message: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShareRow {
    pub token: String,
    pub revision: Option<i64>,
    pub created_at: String,
    pub revoked: bool,
}

/// A design as the store hands it over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub kind: String,
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
    pub deleted: bool,
    /// The head as a design document (JSON text), as `/preview` reads it.
    pub document: String,
    pub revisions: Vec<RevisionRow>,
    pub shares: Vec<ShareRow>,
}

/// What the design page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignView {
    pub info: DesignInfo,
    pub preview: PreviewData,
}

/// One field's change between two revisions (values as JSON text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub path: String,
    pub op: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The difference between two revisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevisionDiff {
    pub from: i64,
    pub to: i64,
    /// The source as a line diff: (`' '`/`'-'`/`'+'`, line).
    pub source: Vec<(char, String)>,
    /// Every other field, structurally.
    pub fields: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum DesignsError {
    #[error("no design {0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("the designs could not be read: {0}")]
    Unavailable(String),
    #[error(transparent)]
    ServerFn(#[from] ServerFnErrorErr),
}

impl FromServerFnError for DesignsError {
    type Encoder = JsonEncoding;
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        DesignsError::ServerFn(value)
    }
}

#[cfg(feature = "ssr")]
type Boxed<'a, T> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, DesignsError>> + Send + 'a>>;

/// Read access to saved designs: implemented by the server over its store.
#[cfg(feature = "ssr")]
pub trait DesignsLookup: Send + Sync + 'static {
    fn list(&self, params: ListParams) -> Boxed<'_, DesignPage>;
    fn design(&self, id: String) -> Boxed<'_, DesignInfo>;
    fn diff(&self, id: String, from: i64, to: i64) -> Boxed<'_, RevisionDiff>;
}

/// The context the server provides.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct DesignsSource(pub std::sync::Arc<dyn DesignsLookup>);

#[cfg(feature = "ssr")]
fn lookup() -> Result<std::sync::Arc<dyn DesignsLookup>, DesignsError> {
    use_context::<DesignsSource>()
        .map(|s| s.0)
        .ok_or_else(|| DesignsError::Unavailable("no design store".into()))
}

#[server(endpoint = "ui/designs", input = GetUrl)]
pub async fn list_designs(params: ListParams) -> Result<DesignPage, DesignsError> {
    lookup()?.list(params).await
}

#[server(endpoint = "ui/design", input = GetUrl)]
pub async fn view_design(id: String) -> Result<DesignView, DesignsError> {
    let info = lookup()?.design(id).await?;
    let preview = crate::preview_page::preview_data(&info.document)
        .map_err(|e| DesignsError::Unavailable(e.to_string()))?;
    Ok(DesignView { info, preview })
}

#[server(endpoint = "ui/diff", input = GetUrl)]
pub async fn diff_revisions(id: String, from: i64, to: i64) -> Result<RevisionDiff, DesignsError> {
    lookup()?.diff(id, from, to).await
}

fn set_status(e: &DesignsError) {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(match e {
            DesignsError::NotFound(_) => http::StatusCode::NOT_FOUND,
            DesignsError::Invalid(_) => http::StatusCode::BAD_REQUEST,
            _ => http::StatusCode::SERVICE_UNAVAILABLE,
        });
    }
    #[cfg(not(feature = "ssr"))]
    let _ = e;
}

fn error_view(e: DesignsError) -> AnyView {
    set_status(&e);
    view! {
        <section class="space-y-4" data-testid="designs-error">
            <h1 class="text-3xl font-bold">"Cannot show this"</h1>
            <p class="text-slate-600 dark:text-slate-300">{e.to_string()}</p>
            <a href="/designs" class="text-indigo-600 underline dark:text-indigo-400">"All designs"</a>
        </section>
    }
    .into_any()
}

/// A short, readable form of an RFC 3339 time: `2026-11-22 09:15`.
fn short_time(t: &str) -> String {
    t.get(..16).unwrap_or(t).replace('T', " ")
}

#[component]
pub fn DesignsPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|m| m.get(k)).filter(|v| !v.is_empty());
    let params = ListParams {
        q: get("q"),
        tag: get("tag"),
        sort: get("sort"),
        offset: get("offset").and_then(|o| o.parse().ok()),
        trash: get("trash").as_deref() == Some("1"),
    };
    let p2 = params.clone();
    let page = Resource::new_blocking(move || p2.clone(), list_designs);
    let href = {
        let params = params.clone();
        move |key: &str, value: &str| {
            let mut pairs: Vec<(String, String)> = Vec::new();
            let cur = [
                ("q", params.q.clone()),
                ("tag", params.tag.clone()),
                ("sort", params.sort.clone()),
                ("trash", params.trash.then(|| "1".to_string())),
            ];
            for (k, v) in cur {
                if k != key
                    && let Some(v) = v
                {
                    pairs.push((k.to_string(), v));
                }
            }
            if !value.is_empty() {
                pairs.push((key.to_string(), value.to_string()));
            }
            let qs: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{k}={}", urlencode(v)))
                .collect();
            if qs.is_empty() {
                "/designs".to_string()
            } else {
                format!("/designs?{}", qs.join("&"))
            }
        }
    };
    let sort = params.sort.clone().unwrap_or_else(|| "updated".into());
    let h = href.clone();
    let seg = move |value: &'static str, label: &'static str| {
        view! { <a class="ws-seg" href=h("sort", value) aria-current=(sort == value).then_some("true")>{label}</a> }
    };
    let trash_link = if params.trash {
        view! { <a class="ws-seg" href=href("trash", "") data-testid="show-designs">"Designs"</a> }
            .into_any()
    } else {
        view! { <a class="ws-seg" href=href("trash", "1") data-testid="show-trash">"Trash"</a> }
            .into_any()
    };
    let title = if params.trash { "Trash" } else { "Designs" };
    let href_for_rows = href.clone();
    view! {
        <Title text=format!("{title} · Widget Studio")/>
        <div class="space-y-6">
            <header class="space-y-2">
                <h1 class="text-3xl font-bold tracking-tight">{title}</h1>
                <p class="max-w-3xl text-slate-600 dark:text-slate-300">
                    "Every design saved in this studio, with its full history. Designs are created and saved through the REST API ("
                    <a class="underline" href="/api/openapi.json">"OpenAPI"</a>") until the editor arrives."
                </p>
            </header>
            <div class="flex flex-wrap items-center gap-4 text-sm">
                <form method="get" action="/designs" class="flex items-center gap-2" role="search">
                    {params.tag.clone().map(|t| view! { <input type="hidden" name="tag" value=t/> })}
                    {params.sort.clone().map(|t| view! { <input type="hidden" name="sort" value=t/> })}
                    {params.trash.then(|| view! { <input type="hidden" name="trash" value="1"/> })}
                    <label for="ws-q" class="sr-only">"Search by name"</label>
                    <input id="ws-q" name="q" type="search" placeholder="Search by name" value=params.q.clone().unwrap_or_default()
                        class="w-56 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900" data-testid="design-search"/>
                    <button type="submit" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Search"</button>
                </form>
                <span class="font-medium">"Sort"</span>
                <div class="ws-segs" role="group" aria-label="Sort">
                    {seg("updated", "Last saved")}
                    {seg("created", "Created")}
                    {seg("name", "Name")}
                </div>
                <div class="ws-segs">{trash_link}</div>
                {params.tag.clone().map(|t| view! {
                    <span class="rounded-full bg-indigo-50 px-2 py-0.5 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200" data-testid="tag-filter">
                        {format!("tag: {t} ")}<a href=href("tag", "") aria-label="Remove the tag filter">"×"</a>
                    </span>
                })}
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {
                    let href = href_for_rows.clone();
                    move || page.get().map(|r| match r {
                        Ok(p) => view! { <DesignList page=p href=href.clone() /> }.into_any(),
                        Err(e) => error_view(e),
                    })
                }
            </Suspense>
        </div>
    }
}

#[component]
fn DesignList<F>(page: DesignPage, href: F) -> impl IntoView
where
    F: Fn(&str, &str) -> String + Clone + Send + Sync + 'static,
{
    if page.items.is_empty() {
        return view! { <p class="text-slate-600 dark:text-slate-300" data-testid="no-designs">"No designs match."</p> }.into_any();
    }
    let rows: Vec<AnyView> = page
        .items
        .into_iter()
        .map(|d| {
            let tags: Vec<AnyView> = d
                .tags
                .iter()
                .map(|t| view! { <a class="rounded-full bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800" href=href("tag", t)>{t.clone()}</a> }.into_any())
                .collect();
            view! {
                <li class="flex flex-wrap items-baseline justify-between gap-2 py-3" data-testid="design-row">
                    <div class="min-w-0 space-y-1">
                        <a class="font-semibold hover:underline" href=format!("/designs/{}", d.id)>{d.name.clone()}</a>
                        {(!d.description.is_empty()).then(|| view! { <p class="truncate text-sm text-slate-600 dark:text-slate-400">{d.description.clone()}</p> })}
                        <div class="flex flex-wrap gap-1">{tags}</div>
                    </div>
                    <p class="text-xs text-slate-500">{format!("{} · revision {} · {}", d.kind, d.revision, short_time(&d.updated_at))}</p>
                </li>
            }
            .into_any()
        })
        .collect();
    let (offset, limit, total) = (page.offset, page.limit, page.total);
    let prev = (offset > 0).then(|| {
        view! { <a class="ws-seg" href=href("offset", &(offset - limit).max(0).to_string())>"Previous"</a> }
    });
    let next = (offset + limit < total).then(|| {
        view! { <a class="ws-seg" href=href("offset", &(offset + limit).to_string())>"Next"</a> }
    });
    view! {
        <ul class="divide-y divide-slate-200 dark:divide-slate-800" data-testid="design-list">{rows}</ul>
        <div class="flex items-center gap-4 text-sm text-slate-600 dark:text-slate-400">
            <span data-testid="design-count">{format!("{}–{} of {total}", offset + 1, (offset + limit).min(total))}</span>
            <div class="ws-segs">{prev}{next}</div>
        </div>
    }
    .into_any()
}

#[component]
pub fn DesignDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let num = |k: &str| {
        query
            .with_untracked(|q| q.get(k))
            .and_then(|v| v.parse::<i64>().ok())
    };
    let (from, to) = (num("from"), num("to"));
    let id2 = id.clone();
    let design = Resource::new_blocking(move || id2.clone(), view_design);
    let diff = Resource::new_blocking(
        move || (id.clone(), from, to),
        |(id, from, to)| async move {
            match (from, to) {
                (Some(f), Some(t)) => diff_revisions(id, f, t).await.map(Some),
                _ => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || match (design.get(), diff.get()) {
                (Some(Ok(d)), Some(Ok(df))) => view! { <DesignDetail d=d diff=df /> }.into_any(),
                (Some(Err(e)), _) | (_, Some(Err(e))) => error_view(e),
                _ => ().into_any(),
            }}
        </Suspense>
    }
}

#[component]
fn DesignDetail(d: DesignView, diff: Option<RevisionDiff>) -> impl IntoView {
    let info = d.info;
    let base = format!("/designs/{}", info.id);
    let latest = info.revision;
    let rev_rows: Vec<AnyView> = info
        .revisions
        .iter()
        .map(|r| {
            let n = r.number;
            let compare = (n > 1).then(|| view! { <a class="text-indigo-700 hover:underline dark:text-indigo-300" href=format!("{base}?from={}&to={n}#diff", n - 1)>{format!("changes in {n}")}</a> });
            let vs_latest = (n < latest).then(|| view! { <a class="text-indigo-700 hover:underline dark:text-indigo-300" href=format!("{base}?from={n}&to={latest}#diff")>"compare with latest"</a> });
            view! {
                <li class="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2" data-testid="revision-row">
                    <span class="font-mono text-sm font-semibold">{format!("#{n}")}</span>
                    <span class="text-sm">{r.message.clone().unwrap_or_else(|| "Saved".into())}</span>
                    <span class="text-xs text-slate-500">{short_time(&r.created_at)}</span>
                    <span class="ml-auto flex gap-3 text-xs">{compare}{vs_latest}</span>
                </li>
            }
            .into_any()
        })
        .collect();
    let share_rows: Vec<AnyView> = info
        .shares
        .iter()
        .map(|s| {
            let label = match s.revision {
                Some(n) => format!("revision {n}"),
                None => "latest".to_string(),
            };
            let link = if s.revoked {
                view! { <span class="font-mono text-xs line-through">{format!("/s/{}…", s.token.get(..8).unwrap_or(""))}</span> }.into_any()
            } else {
                view! { <a class="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300" href=format!("/s/{}", s.token)>{format!("/s/{}…", s.token.get(..8).unwrap_or(""))}</a> }.into_any()
            };
            view! {
                <li class="flex gap-3 py-1 text-sm" data-testid="share-row">
                    {link}<span>{label}</span><span class="text-xs text-slate-500">{short_time(&s.created_at)}{s.revoked.then_some(" · revoked")}</span>
                </li>
            }
            .into_any()
        })
        .collect();
    let tags = info.tags.join(", ");
    view! {
        <Title text=escape_title(&format!("{} · Designs · Widget Studio", info.name))/>
        <div class="space-y-8" data-testid="design">
            <header class="space-y-2">
                <p class="text-sm"><a class="text-indigo-700 hover:underline dark:text-indigo-300" href="/designs">"← All designs"</a></p>
                <h1 class="text-3xl font-bold tracking-tight" data-testid="design-name">{info.name.clone()}</h1>
                {(!info.description.is_empty()).then(|| view! { <p class="max-w-3xl text-slate-600 dark:text-slate-300">{info.description.clone()}</p> })}
                <p class="text-sm text-slate-500">
                    {format!("{} · revision {} · saved {} · created {}", info.kind, info.revision, short_time(&info.updated_at), short_time(&info.created_at))}
                    {(!tags.is_empty()).then(|| format!(" · tags: {tags}"))}
                    {info.deleted.then_some(" · in the trash")}
                </p>
                <div class="ws-segs text-sm" role="group" aria-label="Export">
                    <a class="ws-seg" href=format!("/api/designs/{}/export?format=widget", info.id) download="">".widget"</a>
                    <a class="ws-seg" href=format!("/api/designs/{}/export?format=json", info.id) download="">"JSON"</a>
                </div>
            </header>
            {diff.map(|df| view! { <DiffView df=df /> })}
            <section class="space-y-3">
                <h2 class="text-xl font-semibold">"Latest revision"</h2>
                <PreviewGrid data=d.preview choice=ThemeChoice::Both width=360 state="all".to_string() state_base=format!("{base}?state=") />
            </section>
            <section class="space-y-2">
                <h2 class="text-xl font-semibold">{format!("History ({} revisions)", info.revisions.len())}</h2>
                <ul class="divide-y divide-slate-200 dark:divide-slate-800" data-testid="revisions">{rev_rows}</ul>
            </section>
            <section class="space-y-2">
                <h2 class="text-xl font-semibold">"Share links"</h2>
                {if share_rows.is_empty() {
                    view! { <p class="text-sm text-slate-600 dark:text-slate-400">"None. Create one with POST /api/designs/{id}/shares."</p> }.into_any()
                } else {
                    view! { <ul data-testid="shares">{share_rows}</ul> }.into_any()
                }}
            </section>
        </div>
    }
}

#[component]
fn DiffView(df: RevisionDiff) -> impl IntoView {
    let lines: Vec<AnyView> = df
        .source
        .into_iter()
        .map(|(op, text)| {
            let class = match op {
                '+' => "ws-diff-add",
                '-' => "ws-diff-del",
                _ => "ws-diff-same",
            };
            view! { <div class=class data-op=op.to_string()><span class="ws-diff-op" aria-hidden="true">{op.to_string()}</span>{text}</div> }.into_any()
        })
        .collect();
    let unchanged_source = lines.is_empty();
    let fields: Vec<AnyView> = df
        .fields
        .into_iter()
        .map(|c| {
            view! {
                <tr data-testid="field-change">
                    <td class="font-mono">{c.path}</td><td>{c.op}</td>
                    <td class="font-mono break-all">{c.before.unwrap_or_default()}</td>
                    <td class="font-mono break-all">{c.after.unwrap_or_default()}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    let no_fields = fields.is_empty();
    view! {
        <section id="diff" class="space-y-3" data-testid="diff">
            <h2 class="text-xl font-semibold">{format!("Changes from revision {} to {}", df.from, df.to)}</h2>
            {if unchanged_source {
                view! { <p class="text-sm text-slate-600 dark:text-slate-400">"The source is unchanged."</p> }.into_any()
            } else {
                view! { <pre class="ws-diff" data-testid="source-diff">{lines}</pre> }.into_any()
            }}
            {(!no_fields).then(|| view! {
                <table class="ws-fields text-sm">
                    <thead><tr><th>"Field"</th><th>"Change"</th><th>"Before"</th><th>"After"</th></tr></thead>
                    <tbody>{fields}</tbody>
                </table>
            })}
        </section>
    }
}
