//! `/settings/users`: the studio's people and personal access tokens (admins only). Every
//! form posts to this page with an `op` field ([`AccountOp`]); the server carries it out and
//! answers with the page, which shows what was done, including a made password or a new
//! token's text, once. Plain forms: it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::accounts::{AccountOp, AccountsView, TOKEN_MAX_DAYS, account_settings};
use crate::api::types::{AccessConfig, PostedForm, Role, TokenInfo, User};
use crate::components::error_page::ErrorPage;
use crate::components::short_time;

const PAGE: &str = "/settings/users";
const INPUT: &str = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const BUTTON: &str = "rounded-md border border-slate-300 px-2 py-1 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800";
const DANGER: &str = "rounded-md border border-red-300 px-2 py-1 text-sm font-medium text-red-800 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950";

#[component]
pub fn SettingsUsersPage() -> impl IntoView {
    let posted = PostedForm::of_request();
    let op = (!posted.0.is_empty()).then(|| AccountOp::from_form(&posted));
    let data = Resource::new_blocking(
        || (),
        move |_| {
            let op = op.clone();
            async move {
                match op {
                    Some(Err(why)) => account_settings(None).await.map(|mut v| {
                        v.outcome = Some(Err(crate::api::AppError::invalid(why)));
                        v
                    }),
                    Some(Ok(op)) => account_settings(Some(op)).await,
                    None => account_settings(None).await,
                }
            }
        },
    );
    let open = !AccessConfig::current().auth_required;
    view! {
        <Title text="Users and tokens · Widget Studio"/>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || data.get().map(|r| match r {
                Ok(v) => view! { <Settings v=v open=open/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e title="Cannot manage users"/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Settings(v: AccountsView, open: bool) -> impl IntoView {
    let notice = v.outcome.clone().map(|o| match o {
        Ok(done) => {
            let secret = done.secret().map(str::to_string);
            view! {
                // It takes the focus as the page comes back from the form (it was left on the
                // page's body), so a new user's one-time password is read out with it.
                <div role="status" tabindex="-1" autofocus class="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm outline-none dark:border-emerald-700 dark:bg-emerald-950" data-testid="notice">
                    <p>{done.message()}</p>
                    {secret.map(|s| view! {
                        <p><code class="select-all break-all rounded bg-white px-2 py-1 font-mono text-sm dark:bg-slate-900" data-testid="secret">{s}</code></p>
                    })}
                </div>
            }
            .into_any()
        }
        Err(why) => {
            // The page answers a refused change with the error's status (it still shows the
            // lists, and the form to try again).
            crate::components::error_page::set_status(why.status());
            view! {
                <p role="alert" tabindex="-1" autofocus class="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 outline-none dark:border-red-800 dark:bg-red-950 dark:text-red-300" data-testid="form-error">{format!("Nothing was changed: {why}")}</p>
            }
            .into_any()
        }
    });
    let me = v.me.clone();
    // While the studio has no admin (an open studio has no users), the first user added must
    // be one: the form starts there.
    let has_admin = v.users.iter().any(|u| u.role == Role::Admin);
    let rows = v
        .users
        .iter()
        .map(|u| view! { <UserRow u=u.clone() me=me.clone()/> })
        .collect::<Vec<_>>();
    let users_list = if v.users.is_empty() {
        view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="no-users">"No users yet."</p> }.into_any()
    } else {
        view! {
            <table class="w-full text-left text-sm" data-testid="users">
                <thead class="text-xs text-slate-500 dark:text-slate-400">
                    <tr><th scope="col" class="py-1">"Name"</th><th scope="col">"Role"</th><th scope="col">"Added"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr>
                </thead>
                <tbody class="divide-y divide-slate-200 dark:divide-slate-800">{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let tokens = v
        .tokens
        .iter()
        .map(|t| view! { <TokenRow t=t.clone()/> })
        .collect::<Vec<_>>();
    let tokens_list = if v.tokens.is_empty() {
        view! { <p class="text-sm text-slate-600 dark:text-slate-400" data-testid="no-tokens">"No personal access tokens yet."</p> }.into_any()
    } else {
        view! {
            <table class="w-full text-left text-sm" data-testid="tokens">
                <thead class="text-xs text-slate-500 dark:text-slate-400">
                    <tr><th scope="col" class="py-1">"Name"</th><th scope="col">"Owner"</th><th scope="col">"Role"</th><th scope="col">"Expires"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr>
                </thead>
                <tbody class="divide-y divide-slate-200 dark:divide-slate-800">{tokens}</tbody>
            </table>
        }
        .into_any()
    };
    // Signed in as a user, a token is theirs; with the studio's token (or in an open studio)
    // the form names its owner.
    let owner_field = match &v.me {
        Some(me) => view! { <p class="text-sm text-slate-600 dark:text-slate-400">{format!("For you ({me}), with your role or a lower one.")}</p> }.into_any(),
        None => view! {
            <label class="grid gap-1 text-sm">"Owner"
                <select name="user" required class=INPUT data-testid="token-user">
                    {v.users.iter().map(|u| view! { <option value=u.name.clone()>{u.name.clone()}</option> }).collect::<Vec<_>>()}
                </select>
            </label>
        }
        .into_any(),
    };
    view! {
        <div class="space-y-8" data-testid="settings-users">
            <header class="space-y-1">
                <h1 class="text-3xl font-bold tracking-tight">"Users and tokens"</h1>
                <p class="text-sm text-slate-600 dark:text-slate-400">
                    "Viewers read designs and history and preview; editors also create, save, share and import; admins also manage users, tokens and backups."
                </p>
                {open.then(|| view! {
                    <p class="text-sm text-amber-800 dark:text-amber-300" data-testid="open-studio">"This studio is open: nobody signs in. Adding the first user turns sign-in on; sign in as that user next."</p>
                })}
            </header>
            {notice}
            <section class="space-y-3" aria-labelledby="ws-users-title">
                <h2 id="ws-users-title" class="text-lg font-semibold">"Users"</h2>
                {users_list}
                <form method="post" action=PAGE class="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid="add-user">
                    <input type="hidden" name="op" value="add-user"/>
                    <label class="grid gap-1 text-sm">"Name"
                        <input name="name" required maxlength="64" pattern="[A-Za-z0-9._\\-]{1,64}" autocomplete="off" class=INPUT data-testid="new-name"/>
                    </label>
                    <label class="grid gap-1 text-sm">"Role"
                        <RoleSelect selected=if has_admin { Role::Editor } else { Role::Admin } testid="new-role"/>
                    </label>
                    <label class="grid gap-1 text-sm">"Password (12 characters or more; empty: the studio makes one)"
                        <input name="password" type="password" minlength="12" autocomplete="new-password" class=INPUT data-testid="new-password"/>
                    </label>
                    <button type="submit" class=BUTTON data-testid="add-user-submit">"Add user"</button>
                </form>
            </section>
            <section class="space-y-3" aria-labelledby="ws-tokens-title">
                <h2 id="ws-tokens-title" class="text-lg font-semibold">"Personal access tokens"</h2>
                <p class="text-sm text-slate-600 dark:text-slate-400">"For the API and CI: send "<code>"Authorization: Bearer TOKEN"</code>". A token acts as its owner, with at most its owner's role."</p>
                {tokens_list}
                <form method="post" action=PAGE class="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid="make-token">
                    <input type="hidden" name="op" value="make-token"/>
                    {owner_field}
                    <label class="grid gap-1 text-sm">"What uses it"
                        <input name="name" required maxlength="100" placeholder="CI" class=INPUT data-testid="token-name"/>
                    </label>
                    <label class="grid gap-1 text-sm">"Role"
                        <RoleSelect selected=Role::Viewer testid="token-role"/>
                    </label>
                    <label class="grid gap-1 text-sm">"Days"
                        <input name="days" type="number" min="1" max=TOKEN_MAX_DAYS.to_string() value="90" required class=INPUT data-testid="token-days"/>
                    </label>
                    <button type="submit" class=BUTTON data-testid="make-token-submit">"Make token"</button>
                </form>
            </section>
        </div>
    }
}

/// A `<select name="role">` of the three roles.
#[component]
fn RoleSelect(selected: Role, testid: &'static str) -> impl IntoView {
    view! {
        <select name="role" class=INPUT data-testid=testid>
            {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == selected>{r.as_str()}</option> }).collect::<Vec<_>>()}
        </select>
    }
}

#[component]
fn UserRow(u: User, me: Option<String>) -> impl IntoView {
    let you = me.as_deref() == Some(u.name.as_str());
    let label = format!("Role of {}", u.name);
    view! {
        <tr data-testid="user-row" data-name=u.name.clone()>
            <td class="py-2 font-medium">{u.name.clone()}{you.then_some(" (you)")}</td>
            <td>
                <form method="post" action=PAGE class="flex items-center gap-1">
                    <input type="hidden" name="op" value="set-role"/>
                    <input type="hidden" name="name" value=u.name.clone()/>
                    <select name="role" aria-label=label class=INPUT data-testid="user-role">
                        {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == u.role>{r.as_str()}</option> }).collect::<Vec<_>>()}
                    </select>
                    <button type="submit" class=BUTTON data-testid="set-role" aria-label=format!("Change the role of {}", u.name)>"Change"</button>
                </form>
            </td>
            <td class="text-xs text-slate-500 dark:text-slate-400">{short_time(&u.created_at)}</td>
            <td class="space-x-1 text-right">
                // A new password ends the user's sessions and revokes their tokens: it asks first,
                // and takes a chosen password or makes one.
                <details class="inline-block text-left">
                    <summary class=format!("{BUTTON} cursor-pointer list-none") data-testid="reset-password" aria-label=format!("New password for {}…", u.name)>"New password…"</summary>
                    <form method="post" action=PAGE class="mt-1 grid gap-1 rounded-md border border-slate-300 bg-white p-2 text-sm dark:border-slate-700 dark:bg-slate-900">
                        <input type="hidden" name="op" value="set-password"/>
                        <input type="hidden" name="name" value=u.name.clone()/>
                        <p>{format!("{}'s sessions and tokens end.", u.name)}</p>
                        <label class="grid gap-1">"Password (empty: the studio makes one)"
                            <input name="password" type="password" minlength="12" autocomplete="new-password" class=INPUT data-testid="reset-password-value"/>
                        </label>
                        <button type="submit" class=BUTTON data-testid="reset-password-confirm">{format!("Set a new password for {}", u.name)}</button>
                    </form>
                </details>
                // Removing asks twice: the button opens a confirmation (no script needed).
                <details class="inline-block text-left">
                    <summary class=format!("{DANGER} cursor-pointer list-none") data-testid="remove-user" aria-label=format!("Remove {}…", u.name)>"Remove…"</summary>
                    <form method="post" action=PAGE class="mt-1 space-y-1 rounded-md border border-red-300 bg-white p-2 text-sm dark:border-red-800 dark:bg-slate-900">
                        <input type="hidden" name="op" value="remove-user"/>
                        <input type="hidden" name="name" value=u.name.clone()/>
                        <p>{format!("Remove {}? Their sessions and tokens end.", u.name)}</p>
                        <button type="submit" class=DANGER data-testid="remove-user-confirm">{format!("Remove {}", u.name)}</button>
                    </form>
                </details>
            </td>
        </tr>
    }
}

#[component]
fn TokenRow(t: TokenInfo) -> impl IntoView {
    let revoked = t.revoked_at.clone();
    view! {
        <tr data-testid="token-row" data-name=t.name.clone()>
            <td class="py-2 font-medium">{t.name.clone()}</td>
            <td>{t.user.clone()}</td>
            <td>{t.role.as_str()}</td>
            <td class="text-xs text-slate-500 dark:text-slate-400">{short_time(&t.expires_at)}</td>
            <td class="text-right">
                {match revoked {
                    Some(at) => view! { <span class="text-xs text-slate-500 dark:text-slate-400" data-testid="token-revoked">{format!("revoked {}", short_time(&at))}</span> }.into_any(),
                    None => view! {
                        <form method="post" action=PAGE class="inline">
                            <input type="hidden" name="op" value="revoke-token"/>
                            <input type="hidden" name="id" value=t.id.to_string()/>
                            <button type="submit" class=DANGER data-testid="revoke-token" aria-label=format!("Revoke the token {} of {}", t.name, t.user)>"Revoke"</button>
                        </form>
                    }.into_any(),
                }}
            </td>
        </tr>
    }
}
