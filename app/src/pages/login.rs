//! `/login`: sign in with a name and password, or with the studio's token. Both forms post to
//! the server's `POST /login`, which checks them and sets the session and CSRF cookies; it
//! works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::types::AccessConfig;
use crate::components::url::safe_next;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = safe_next(query.with_untracked(|q| q.get("next")).as_deref());
    let error = query.with_untracked(|q| q.get("error"));
    let access = use_context::<AccessConfig>().unwrap_or_default();
    let body = if access.auth_required {
        view! {
            {error.map(|e| {
                let text = match e.as_str() {
                    "wait" => "Too many failed sign-ins: wait a little before trying again.",
                    "user" => "That name and password are not right.",
                    _ => "That token is not right.",
                };
                view! { <p role="alert" class="ws-login-error">{text}</p> }
            })}
            <form method="post" action="/login" class="grid gap-2" data-testid="login-user">
                <input type="hidden" name="next" value=next.clone()/>
                <label for="name" class="text-sm font-medium">"Name"</label>
                <input id="name" name="name" type="text" autocomplete="username" required
                    class="rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"/>
                <label for="password" class="text-sm font-medium">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    class="rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"/>
                <button type="submit" class="rounded-md bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900">"Sign in"</button>
            </form>
            {access.token_login.then(|| view! {
                <form method="post" action="/login" class="grid gap-2 border-t border-slate-200 pt-4 dark:border-slate-800" data-testid="login-token">
                    <input type="hidden" name="next" value=next/>
                    <label for="token" class="text-sm font-medium">"Studio token"</label>
                    <input id="token" name="token" type="password" autocomplete="off" required
                        class="rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900"/>
                    <button type="submit" class="rounded-md bg-slate-900 px-3 py-2 font-medium text-white hover:bg-slate-700 dark:bg-slate-100 dark:text-slate-900">"Use the studio token"</button>
                </form>
            })}
        }
        .into_any()
    } else {
        view! {
            <p>"This studio runs without sign-in: everyone on this machine may edit. Add a user ("<code>"widget-studio users add NAME --role admin"</code>") or start it with "<code>"WIDGET_STUDIO_TOKEN"</code>" set to require one."</p>
        }
        .into_any()
    };
    view! {
        <Title text="Sign in · Widget Studio"/>
        <section class="mx-auto max-w-sm space-y-4 rounded-xl border border-slate-200 p-6 dark:border-slate-800" data-testid="login">
            <h1 class="text-xl font-semibold tracking-tight">"Sign in"</h1>
            {body}
        </section>
    }
}
