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
    // How long the back-off lasts (the server says; an address could say anything, so only
    // up to the longest back-off, an hour, is believed) and the name last tried.
    let wait = query
        .with_untracked(|q| q.get("wait"))
        .and_then(|w| w.parse::<u64>().ok())
        .filter(|w| (1..=3600).contains(w));
    let name = query.with_untracked(|q| q.get("name")).unwrap_or_default();
    let access = use_context::<AccessConfig>().unwrap_or_default();
    let body = if access.auth_required {
        view! {
            {error.map(|e| {
                let text = match e.as_str() {
                    "wait" => match wait {
                        Some(s) => format!("Too many failed sign-ins: try again in {}.", how_long(s)),
                        None => "Too many failed sign-ins: wait a little before trying again.".to_string(),
                    },
                    "user" => "That name and password are not right.".to_string(),
                    _ => "That token is not right.".to_string(),
                };
                view! { <p role="alert" class="ws-login-error">{text}</p> }
            })}
            <form method="post" action="/login" class="grid gap-2" data-testid="login-user">
                <input type="hidden" name="next" value=next.clone()/>
                <label for="name" class="text-sm font-medium">"Name"</label>
                <input id="name" name="name" type="text" autocomplete="username" required value=name
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

/// A wait as a person says it: `1 second`, `40 seconds`, `3 minutes` (rounded up).
fn how_long(secs: u64) -> String {
    match secs {
        1 => "1 second".into(),
        s if s < 60 => format!("{s} seconds"),
        s => match s.div_ceil(60) {
            1 => "1 minute".into(),
            m => format!("{m} minutes"),
        },
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_wait_is_said_in_seconds_or_minutes() {
        assert_eq!(super::how_long(1), "1 second");
        assert_eq!(super::how_long(40), "40 seconds");
        assert_eq!(super::how_long(60), "1 minute");
        assert_eq!(super::how_long(61), "2 minutes");
        assert_eq!(super::how_long(900), "15 minutes");
    }
}
