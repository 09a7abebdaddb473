//! `/designs/{id}`: a design's history. It shows the head revision drawn by the preview
//! renderer, every revision, the diff between any two (the source as a line diff, every other
//! field structurally), and the share links. Rendered on the server; works without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use render::html::escape;
use widget::diff::LineOp;

use crate::api::designs::{RestoreRevision, diff_revisions, view_design, view_revision};
use crate::api::types::{DesignView, RevisionDiff, RevisionView};
use crate::components::error_page::ErrorPage;
use crate::components::export_links::{
    InlineAssetsNote, Reader, StateJsonLink, WidgetFileLink, WidgetFileRefusal, export_href,
    state_json_refusal, widget_file_refusal,
};
use crate::components::preview_grid::{PreviewGrid, ThemeChoice};
use crate::components::revisions::RevisionList;
use crate::components::share_links::ShareLinks;
use crate::components::short_time;
use crate::components::trash::{TrashButton, TrashNotice, UntrashedNotice};

#[component]
pub fn DesignDetailPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    // A revision number in the query that is not one is an error, not the latest revision.
    let mut bad = None;
    let mut num = |k: &str| match query.with_untracked(|q| q.get(k)) {
        None => None,
        Some(v) => match v.trim().parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                bad.get_or_insert_with(|| {
                    crate::api::AppError::invalid(format!(
                        "{k}: {v:?} is not a revision number; use a whole number such as ?{k}=2"
                    ))
                });
                None
            }
        },
    };
    let (from, to, rev) = (num("from"), num("to"), num("rev"));
    let restored = num("restored").zip(num("saved"));
    let same = num("same");
    // Back from the trash forms.
    let flag = |k: &str| query.with_untracked(|q| q.get(k)).as_deref() == Some("1");
    let (trashed, untrashed) = (flag("trashed"), flag("untrashed"));
    // The state the previews show (`?state=…`, its links'), or every state.
    let state = query.with_untracked(|q| q.get("state").unwrap_or_else(|| "all".into()));
    if let Some(e) = bad {
        return view! { <ErrorPage error=e title="Cannot show this" back_href="/designs" back_label="All designs" /> }.into_any();
    }
    let id2 = id.clone();
    let id3 = id.clone();
    // A form posted without JavaScript that failed (share, revoke, restore, trash) comes back
    // with the error in `__err`.
    let failed = query.with_untracked(|q| q.get("__err")).map(|e| {
        leptos::server_fn::error::ServerFnUrlError::<crate::api::AppError>::decode_err(&e)
    });
    let design = Resource::new_blocking(move || id2.clone(), view_design);
    let same_id = id.clone();
    let same_doc = Resource::new_blocking(
        move || (same_id.clone(), same),
        |(id, n)| crate::components::revisions::revision_document(id, n),
    );
    let revision = Resource::new_blocking(
        move || (id3.clone(), rev),
        |(id, rev)| async move {
            match rev {
                Some(n) => view_revision(id, n).await.map(Some),
                None => Ok(None),
            }
        },
    );
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
        {failed.map(|e| view! { <p role="alert" class="mb-4 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-300" data-testid="form-error">{format!("Not done: {e}")}</p> })}
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || match (design.get(), diff.get(), revision.get()) {
                (Some(Ok(d)), Some(Ok(df)), Some(Ok(rv))) if same_doc.get().is_some() => view! { <DesignDetail d=d diff=df revision=rv restored=restored same=same same_doc=same_doc.get().flatten() trashed=trashed untrashed=untrashed state=state.clone() /> }.into_any(),
                (Some(Err(e)), _, _) | (_, Some(Err(e)), _) | (_, _, Some(Err(e))) => view! { <ErrorPage error=e title="Cannot show this" back_href="/designs" back_label="All designs" /> }.into_any(),
                _ => ().into_any(),
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn DesignDetail(
    d: DesignView,
    diff: Option<RevisionDiff>,
    /// The revision asked for with `?rev=N`.
    revision: Option<RevisionView>,
    /// Back from a restore: (the revision restored, the revision it made).
    restored: Option<(i64, i64)>,
    /// Back from a restore of a revision that holds what the latest holds (none was made).
    same: Option<i64>,
    /// That revision's document: the notice is said only if it is the head's.
    same_doc: Option<widget::Design>,
    /// Back from "Move to the trash" / "Take it out of the trash".
    trashed: bool,
    untrashed: bool,
    /// The state the previews show, or `all`.
    state: String,
) -> impl IntoView {
    let record = d.detail.record;
    let trash_button = view! { <TrashButton record=record.clone() /> };
    let trash_notice = view! { <TrashNotice record=record.clone() just_moved=trashed back=format!("/designs/{}", record.id) /> };
    let untrashed = untrashed && record.deleted_at.is_none();
    let doc = record.document;
    let export = format!("/api/designs/{}/export", record.id);
    let export_widget = export_href(&export, "widget", None);
    let export_json = export_href(&export, "json", None);
    // The JSON link is the default state's.
    let json_refusal = d
        .preview
        .states
        .iter()
        .find(|s| s.name == "default")
        .and_then(|s| state_json_refusal(s, Reader::Owner));
    let inline_assets = doc.needs_asset_base();
    let widget_refusal = widget_file_refusal(&doc, Reader::Owner);
    let base = format!("/designs/{}", record.id);
    let latest = record.revision;
    let revision_list = view! { <RevisionList id=record.id.clone() revisions=d.detail.revisions.clone() latest=latest back=base.clone() /> };
    let shown = revision.map(
        |rv| view! { <RevisionShown id=record.id.clone() rv=rv latest=latest back=base.clone() state=state.clone() /> },
    );
    // Said only when the history bears it out (the address alone is anyone's to write): the
    // revision made is there, and it restored that one.
    let restored = restored.filter(|&(from, made)| {
        crate::components::revisions::borne_out(&d.detail.revisions, made, Some(from))
    });
    let said = restored
        .map(|(from, made)| {
            format!("Restored revision {from} as revision {made}: the revisions in between stay in the history.")
        })
        .or_else(|| {
            same.and_then(|n| {
                crate::components::revisions::same_as_latest(&d.detail.revisions, n)
                    .filter(|_| same_doc.as_ref() == Some(&doc))
            })
        });
    let notice = said.map(|said| view! {
        <p role="status" tabindex="-1" autofocus class="rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm outline-none dark:border-emerald-700 dark:bg-emerald-950" data-testid="notice">
            {said}
        </p>
    });
    let revision_count = d.detail.revisions.len();
    let tags = doc.tags.join(", ");
    let kind = serde_json::to_value(doc.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    view! {
        // leptos_meta 0.8 writes the title text into the SSR head without escaping it.
        <Title text=escape(&format!("{} · Designs · Widget Studio", doc.name))/>
        <div class="space-y-8" data-testid="design">
            <header class="space-y-2">
                <p class="text-sm"><a class="text-indigo-700 hover:underline dark:text-indigo-300" href="/designs">"← All designs"</a></p>
                <h1 class="text-3xl font-bold tracking-tight" data-testid="design-name">{doc.name.clone()}</h1>
                <div class="flex flex-wrap items-center gap-2">
                    <a class="inline-block rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900" href=format!("/designs/{}/edit", record.id) data-testid="open-editor">"Open in the editor"</a>
                    {trash_button}
                </div>
                {(!doc.description.is_empty()).then(|| view! { <p class="max-w-3xl text-slate-600 dark:text-slate-300">{doc.description.clone()}</p> })}
                <p class="text-sm text-slate-500 dark:text-slate-400">
                    {format!("{kind} · revision {} · saved {}{} · created {}", record.revision, short_time(&record.updated_at),
                        record.updated_by.as_deref().map(|a| format!(" by {a}")).unwrap_or_default(), short_time(&record.created_at))}
                    {(!tags.is_empty()).then(|| format!(" · tags: {tags}"))}
                    {record.deleted_at.is_some().then_some(" · in the trash")}
                </p>
                <div class="ws-segs text-sm" role="group" aria-label="Export">
                    <WidgetFileLink href=export_widget refusal=widget_refusal.clone() class="ws-seg" off_class="ws-seg-off" label=".widget" />
                    <StateJsonLink href=export_json label="JSON".to_string() refusal=json_refusal.clone() class="ws-seg" off_class="ws-seg-off" />
                </div>
                <WidgetFileRefusal refusal=widget_refusal />
                {json_refusal.map(|why| view! { <p class="max-w-2xl text-xs text-amber-800 dark:text-amber-300" data-testid="json-export-refused">{why}</p> })}
                <InlineAssetsNote needed=inline_assets reader=Reader::Owner />
            </header>
            {trash_notice}
            {untrashed.then(|| view! { <UntrashedNotice /> })}
            {notice}
            {shown}
            {diff.map(|df| {
                // Who saved each end of the diff, and when.
                let by = |n: i64| d.detail.revisions.iter().find(|r| r.number == n).map(revision_byline);
                let (from_by, to_by) = (by(df.from), by(df.to));
                view! { <DiffView df=df from_by=from_by to_by=to_by /> }
            })}
            <section class="space-y-3">
                <h2 class="text-xl font-semibold">"Latest revision"</h2>
                <PreviewGrid data=d.preview choice=ThemeChoice::Both width=360 state=state state_base=format!("{base}?state=") heading_level=3 />
            </section>
            <section class="space-y-2">
                <h2 class="text-xl font-semibold">{crate::components::revisions::history_title(revision_count)}</h2>
                {revision_list}
            </section>
            <section class="space-y-2">
                <h2 class="text-xl font-semibold">"Share links"</h2>
                <ShareLinks id=record.id.clone() shares=d.detail.shares.clone() revision=record.revision back=base.clone()/>
            </section>
        </div>
    }
}

/// A value of a field change as text: strings as they are, anything else as JSON.
fn value_text(v: Option<serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s,
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// "2026-11-30 17:55 by ada" (or without the author, for revisions made before authors
/// were recorded).
fn revision_byline(r: &crate::api::types::RevisionInfo) -> String {
    match &r.author {
        Some(a) => format!("{} by {a}", short_time(&r.created_at)),
        None => short_time(&r.created_at),
    }
}

#[component]
fn DiffView(df: RevisionDiff, from_by: Option<String>, to_by: Option<String>) -> impl IntoView {
    let lines: Vec<AnyView> = df
        .source
        .into_iter()
        .map(|l| {
            let class = match l.op {
                LineOp::Added => "ws-diff-add",
                LineOp::Removed => "ws-diff-del",
                LineOp::Same => "ws-diff-same",
            };
            let op = l.op.marker().to_string();
            view! { <div class=class data-op=op.clone()><span class="ws-diff-op" aria-hidden="true">{op.clone()}</span>{l.text}</div> }.into_any()
        })
        .collect();
    let unchanged_source = lines.is_empty();
    let fields: Vec<AnyView> = df
        .fields
        .into_iter()
        .map(|c| {
            view! {
                <tr data-testid="field-change">
                    <td class="font-mono">{c.path}</td><td>{c.op.to_string()}</td>
                    <td class="font-mono break-all">{value_text(c.before)}</td>
                    <td class="font-mono break-all">{value_text(c.after)}</td>
                </tr>
            }
            .into_any()
        })
        .collect();
    let no_fields = fields.is_empty();
    view! {
        <section id="diff" class="space-y-3" data-testid="diff">
            <h2 class="text-xl font-semibold">{format!("Changes from revision {} to {}", df.from, df.to)}</h2>
            <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="diff-authors">
                {format!("Revision {}: {}. Revision {}: {}.", df.from, from_by.unwrap_or_else(|| "not found".into()), df.to, to_by.unwrap_or_else(|| "not found".into()))}
            </p>
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

/// One older revision (`?rev=N`): its preview, its source, and a button that restores it.
#[component]
fn RevisionShown(
    id: String,
    rv: RevisionView,
    latest: i64,
    back: String,
    /// The state the preview shows, or `all`.
    state: String,
) -> impl IntoView {
    let n = rv.info.number;
    let may_restore =
        crate::api::types::AccessConfig::current().allows(crate::api::types::Role::Editor);
    let restore = (may_restore && n < latest).then(|| view! {
        <form method="post" action={<RestoreRevision as ServerFn>::PATH}>
            <input type="hidden" name="id" value=id.clone()/>
            <input type="hidden" name="number" value=n.to_string()/>
            <input type="hidden" name="back" value=back.clone()/>
            <button type="submit" data-testid="restore-shown" class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
                {format!("Restore revision {n}")}
            </button>
        </form>
    });
    let title = format!(
        "Revision {n}{} · {}",
        if n == latest { " (the latest)" } else { "" },
        short_time(&rv.info.created_at)
    );
    view! {
        <section id="revision" class="space-y-3" data-testid="revision-shown" data-revision=n.to_string()>
            <div class="flex flex-wrap items-center gap-3">
                <h2 class="text-xl font-semibold">{title}</h2>
                {restore}
                <a class="text-sm text-indigo-700 hover:underline dark:text-indigo-300" href=back.clone()>"Close"</a>
            </div>
            <p class="text-sm">{rv.info.message.clone().unwrap_or_else(|| "Saved".into())}</p>
            <PreviewGrid data=rv.preview choice=ThemeChoice::Both width=360 state=state state_base=format!("{back}?rev={n}&state=") heading_level=3 />
            <pre class="max-h-96 overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-xs dark:bg-slate-900" data-testid="revision-source">{rv.document.source.clone()}</pre>
        </section>
    }
}
