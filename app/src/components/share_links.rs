//! A design's share links, as the design page and the editor show them: each link with its
//! revision, a revoke button, and a form that creates one (following the latest revision or
//! pinned to the current one). Plain forms: they work without JavaScript.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;

use crate::api::shares::{CreateShare, RevokeShare};
use crate::api::types::ShareInfo;
use crate::components::copy_link::CopyLink;
use crate::components::short_time;

#[component]
pub fn ShareLinks(
    /// The design's id.
    id: String,
    shares: Vec<ShareInfo>,
    /// The design's current revision (what "pinned" pins).
    revision: i64,
    /// The page to come back to after a form (a path of this studio).
    back: String,
) -> impl IntoView {
    // A viewer sees the links, not the forms.
    let may_share =
        crate::api::types::AccessConfig::current().allows(crate::api::types::Role::Editor);
    let rows: Vec<AnyView> = shares
        .iter()
        .map(|s| {
            let label = match s.revision {
                Some(n) => format!("pinned to revision {n}"),
                None => "follows the latest revision".to_string(),
            };
            let path = format!("/s/{}", s.token);
            let href = path.clone();
            let revoked = s.revoked_at.is_some();
            // Which link each Revoke (and Copy) acts on, for a reader that lists the buttons alone.
            let label_revoke = format!("the link {} ({label})", s.token.chars().take(8).collect::<String>());
            let link = if revoked {
                view! { <span class="font-mono text-xs text-slate-500 dark:text-slate-400 line-through">{path}</span> }.into_any()
            } else {
                view! {
                    <a class="font-mono text-xs text-indigo-700 hover:underline dark:text-indigo-300" href=href.clone() data-testid="share-link">{path}</a>
                    <CopyLink path=href label=format!("Copy {label_revoke}") />
                }.into_any()
            };
            let revoke = (may_share && !revoked).then(|| {
                view! {
                    <form method="post" action={<RevokeShare as ServerFn>::PATH} class="ml-auto">
                        <input type="hidden" name="id" value=id.clone()/>
                        <input type="hidden" name="token" value=s.token.clone()/>
                        <input type="hidden" name="back" value=back.clone()/>
                        <button type="submit" class="text-xs text-red-700 hover:underline dark:text-red-400" data-testid="revoke-share" aria-label=format!("Revoke: {label_revoke}")>"Revoke"</button>
                    </form>
                }
            });
            view! {
                <li class="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1.5 text-sm" data-testid="share-row">
                    {link}
                    <span>{label}</span>
                    <span class="text-xs text-slate-500 dark:text-slate-400">{short_time(&s.created_at)}{revoked.then_some(" · revoked")}</span>
                    {revoke}
                </li>
            }
            .into_any()
        })
        .collect();
    let list = if rows.is_empty() {
        view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="no-shares">"No share links yet."</p> }.into_any()
    } else {
        view! { <ul class="divide-y divide-slate-200 dark:divide-slate-800" data-testid="shares">{rows}</ul> }.into_any()
    };
    let pin_id = format!("ws-share-pin-{id}");
    // Back from the create or revoke form (`?shared=TOKEN` / `?revoked=TOKEN`): what was done,
    // said once and given the focus, for a link of this list only.
    let query = leptos_router::hooks::use_query_map();
    let said = |key: &str| query.with_untracked(|q| q.get(key));
    let find =
        |token: Option<String>| token.and_then(|t| shares.iter().find(|s| s.token == t).cloned());
    let notice = match (find(said("shared")), find(said("revoked"))) {
        (Some(s), _) if s.revoked_at.is_none() => Some(format!(
            "Created the link /s/{}: it {}. Anyone with it can see the design, read-only.",
            s.token,
            match s.revision {
                Some(n) => format!("stays at revision {n}"),
                None => "follows the latest revision".to_string(),
            }
        )),
        (_, Some(s)) if s.revoked_at.is_some() => Some(format!(
            "Revoked the link /s/{}: it no longer opens the design.",
            s.token
        )),
        _ => None,
    };
    let notice = notice.map(|n| view! {
        <p role="status" tabindex="-1" autofocus class="rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm outline-none break-all dark:border-emerald-700 dark:bg-emerald-950" data-testid="share-notice">{n}</p>
    });
    view! {
        <div class="space-y-2" id="shares">
            {notice}
            {list}
            {may_share.then(|| view! {
            <form method="post" action={<CreateShare as ServerFn>::PATH} class="flex flex-wrap items-center gap-2 text-sm" data-testid="share-form">
                <input type="hidden" name="id" value=id.clone()/>
                <input type="hidden" name="back" value=back.clone()/>
                <label for=pin_id.clone()>"New read-only link that"</label>
                <select id=pin_id name="pin" class="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900">
                    <option value="latest">"follows the latest revision"</option>
                    <option value=revision.to_string() data-testid="share-pin">{format!("stays at revision {revision}")}</option>
                </select>
                <button type="submit" class="rounded-md border border-slate-300 px-2 py-1 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" data-testid="create-share">"Create link"</button>
            </form>
            }.into_any())}
        </div>
    }
}
