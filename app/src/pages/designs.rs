//! `/designs`: the saved designs, with search by name, a tag filter, sort and pages, all in the
//! URL; rendered on the server (it works without JavaScript).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::AppError;
use crate::api::designs::{UntrashDesign, list_designs};
use crate::api::types::{AccessConfig, DesignPage, ListQuery, Role, SortKey, SortOrder};
use crate::components::error_page::ErrorPage;
use crate::components::segmented::{SegLink, Segments};
use crate::components::short_time;
use crate::components::url::Href;

/// Page size of the designs list.
pub const PAGE: i64 = 25;

/// The list's query from the URL (`q`, `tag`, `sort`, `order`, `offset`, `trash=1`). A value
/// that does not read is said, as the API says it (it was dropped for the default).
fn list_query(get: impl Fn(&str) -> Option<String>) -> Result<ListQuery, AppError> {
    let sort = get("sort")
        .map(SortKey::try_from)
        .transpose()
        .map_err(|e| AppError::invalid(format!("sort: {e}")))?;
    let order = get("order")
        .map(SortOrder::try_from)
        .transpose()
        .map_err(|e| AppError::invalid(format!("order: {e}")))?;
    let offset = get("offset")
        .map(|o| {
            o.trim().parse::<i64>().map_err(|_| {
                AppError::invalid(format!(
                    "offset: \"{o}\" is not a number; give how many designs to skip (0 or more)"
                ))
            })
        })
        .transpose()?;
    let deleted = match get("trash").as_deref() {
        None => false,
        Some("1") => true,
        Some(other) => {
            return Err(AppError::invalid(format!(
                "trash: \"{other}\" is not a choice; use trash=1 for the trash, or leave it out"
            )));
        }
    };
    Ok(ListQuery {
        q: get("q"),
        tag: get("tag"),
        sort,
        order,
        limit: Some(PAGE),
        offset,
        deleted,
    })
}

#[component]
pub fn DesignsPage() -> impl IntoView {
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|m| m.get(k)).filter(|v| !v.is_empty());
    // The current list as a link, without paging: each control changes one key.
    let here = ["q", "tag", "sort", "order", "trash"]
        .iter()
        .fold(Href::new("/designs"), |h, k| h.set(k, get(k)));
    let parsed = list_query(get);
    let trash = get("trash").as_deref() == Some("1");
    let page = Resource::new_blocking(
        move || parsed.clone(),
        |q| async move {
            match q {
                Ok(q) => list_designs(q).await,
                Err(e) => Err(e),
            }
        },
    );
    let sort = get("sort").unwrap_or_else(|| "updated".into());
    // The direction: each key's own (newest first, A to Z) unless the address reverses it.
    let key = SortKey::try_from(sort.clone()).unwrap_or_default();
    let order = get("order")
        .and_then(|o| SortOrder::try_from(o).ok())
        .unwrap_or(key.default_order());
    let seg = {
        let here = here.clone();
        move |value: &'static str, label: &'static str| {
            // Another key starts in its own direction.
            view! { <SegLink href=here.clone().set("sort", Some(value)).set("order", None::<String>).to_string() active=sort == value label=label /> }
        }
    };
    let reversed = order != key.default_order();
    let (flip_label, flip_to) = match (key, order) {
        (SortKey::Name, SortOrder::Asc) => ("Z to A", SortOrder::Desc),
        (SortKey::Name, SortOrder::Desc) => ("A to Z", SortOrder::Asc),
        (_, SortOrder::Desc) => ("Oldest first", SortOrder::Asc),
        (_, SortOrder::Asc) => ("Newest first", SortOrder::Desc),
    };
    let flip = view! {
        <a href=here.clone().set("order", (flip_to != key.default_order()).then(|| flip_to.as_str())).to_string()
            class="text-sm text-indigo-700 underline dark:text-indigo-300" data-testid="sort-order" data-reversed=reversed.to_string()>{flip_label}</a>
    };
    let trash_link = if trash {
        view! { <SegLink href=here.clone().set("trash", None::<String>).to_string() active=false label="Designs" testid="show-designs" /> }
    } else {
        view! { <SegLink href=here.clone().set("trash", Some("1")).to_string() active=false label="Trash" testid="show-trash" /> }
    };
    let title = if trash { "Trash" } else { "Designs" };
    let hidden: Vec<AnyView> = here
        .pairs_except("q")
        .map(|(k, v)| {
            view! { <input type="hidden" name=k.to_string() value=v.to_string()/> }.into_any()
        })
        .collect();
    // A blank tag is no filter (the server's list ignores it too): no chip for it.
    let tag_chip = get("tag").filter(|t| !t.trim().is_empty()).map(|t| {
        let without = here.clone().set("tag", None::<String>).to_string();
        view! {
            <span class="rounded-full bg-indigo-50 px-2 py-0.5 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200" data-testid="tag-filter">
                {format!("tag: {t} ")}<a href=without aria-label="Remove the tag filter">"×"</a>
            </span>
        }
    });
    let here_rows = here.clone();
    // Back from a row's "Take out of the trash": said once, with the focus, and a way to it.
    let untrashed = (get("untrashed").is_some())
        .then(|| get("restored"))
        .flatten()
        .map(|id| {
            view! {
                <p role="status" tabindex="-1" autofocus data-testid="untrashed-notice"
                    class="rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm outline-none dark:border-emerald-700 dark:bg-emerald-950">
                    "Taken out of the trash: it can be changed again, and its share links open. "
                    <a class="underline" href=format!("/designs/{}", crate::components::url::urlencode(&id))>"Open it"</a>
                </p>
            }
        });
    view! {
        <Title text=format!("{title} · Widget Studio")/>
        <div class="space-y-6">
            <header class="space-y-2">
                <h1 class="text-3xl font-bold tracking-tight">{title}</h1>
                <p class="max-w-3xl text-slate-600 dark:text-slate-300">
                    "Every design saved in this studio, with its full history. Start one from the home page, edit it in the editor, or use the REST API ("
                    <a class="underline" href="/api/openapi.json">"OpenAPI"</a>")."
                </p>
            </header>
            {untrashed}
            <div class="flex flex-wrap items-center gap-4 text-sm">
                <form method="get" action="/designs" class="flex items-center gap-2" role="search">
                    {hidden}
                    <label for="ws-q" class="sr-only">"Search by name"</label>
                    <input id="ws-q" name="q" type="search" placeholder="Search by name" value=get("q").unwrap_or_default()
                        class="w-56 rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900" data-testid="design-search"/>
                    <button type="submit" class="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700">"Search"</button>
                </form>
                <span class="font-medium">"Sort"</span>
                <Segments label="Sort">
                    {seg("updated", "Last saved")}
                    {seg("created", "Created")}
                    {seg("name", "Name")}
                </Segments>
                {flip}
                <div class="ws-segs">{trash_link}</div>
                {tag_chip}
            </div>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {
                    let here = here_rows.clone();
                    move || page.get().map(|r| match r {
                        Ok(p) => view! { <DesignList page=p here=here.clone() /> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e title="Cannot show this" back_href="/designs" back_label="All designs" /> }.into_any(),
                    })
                }
            </Suspense>
        </div>
    }
}

#[component]
fn DesignList(page: DesignPage, here: Href) -> impl IntoView {
    if page.items.is_empty() && page.total > 0 {
        // Past the end (the last page's designs were moved to the trash, or an old link): the
        // list is not empty, this page is.
        let first = here.clone().to_string();
        let what = match (here.get("trash").is_some(), page.total) {
            (true, 1) => "1 design is in the trash".to_string(),
            (true, n) => format!("{n} designs are in the trash"),
            (false, 1) => "the list has 1 design".to_string(),
            (false, n) => format!("the list has {n} designs"),
        };
        return view! {
            <p class="text-slate-600 dark:text-slate-300" data-testid="no-designs">
                {format!("Nothing on this page: {what}. ")}
                <a class="text-indigo-700 underline dark:text-indigo-300" href=first data-testid="first-page">"Go to the first page"</a>
            </p>
        }
        .into_any();
    }
    if page.items.is_empty() {
        // What is empty: the trash, the search, or the studio.
        let searched = ["q", "tag"].iter().any(|k| here.get(k).is_some());
        let said = match (here.get("trash").is_some(), searched) {
            (_, true) => "No designs match.",
            (true, false) => "The trash is empty.",
            (false, false) => "No designs yet: start one from the home page or the gallery.",
        };
        return view! { <p class="text-slate-600 dark:text-slate-300" data-testid="no-designs">{said}</p> }.into_any();
    }
    // A design in the trash is taken out from its row, back to this page of the list.
    let may_edit = AccessConfig::current().allows(Role::Editor);
    let this_page = here
        .clone()
        .set("offset", (page.offset > 0).then(|| page.offset.to_string()));
    let rows: Vec<AnyView> = page
        .items
        .into_iter()
        .map(|d| {
            let tags: Vec<AnyView> = d
                .tags
                .iter()
                .map(|t| view! { <a class="rounded-full bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800" href=here.clone().set("tag", Some(t.as_str())).to_string()>{t.clone()}</a> }.into_any())
                .collect();
            let kind = serde_json::to_value(d.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            view! {
                <li class="flex flex-wrap items-baseline justify-between gap-2 py-3" data-testid="design-row">
                    <div class="min-w-0 space-y-1">
                        <a class="font-semibold hover:underline" href=format!("/designs/{}", d.id)>{d.name.clone()}</a>
                        {(!d.description.is_empty()).then(|| view! { <p class="truncate text-sm text-slate-600 dark:text-slate-400">{d.description.clone()}</p> })}
                        <div class="flex flex-wrap gap-1">{tags}</div>
                    </div>
                    <p class="text-xs text-slate-500 dark:text-slate-400">{match &d.updated_by {
                        Some(by) => format!("{kind} · revision {} · {} · {by}", d.revision, short_time(&d.updated_at)),
                        None => format!("{kind} · revision {} · {}", d.revision, short_time(&d.updated_at)),
                    }}{d.deleted_at.as_deref().map(|at| match &d.deleted_by {
                        Some(by) => format!(" · trashed {} by {by}", short_time(at)),
                        None => format!(" · trashed {}", short_time(at)),
                    })}</p>
                    {(may_edit && d.deleted_at.is_some()).then(|| view! {
                        <form method="post" action={<UntrashDesign as leptos::server_fn::ServerFn>::PATH}>
                            <input type="hidden" name="id" value=d.id.clone()/>
                            <input type="hidden" name="back" value=this_page.clone().set("restored", Some(d.id.as_str())).to_string()/>
                            <button type="submit" data-testid="untrash-row" aria-label=format!("Take out of the trash: {}", d.name)
                                class="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">"Take out of the trash"</button>
                        </form>
                    })}
                </li>
            }
            .into_any()
        })
        .collect();
    let (offset, limit, total) = (page.offset, page.limit, page.total);
    let prev = (offset > 0).then(|| {
        view! { <a class="ws-seg" href=here.clone().set("offset", Some((offset - limit).max(0).to_string())).to_string()>"Previous"</a> }
    });
    let next = (offset + limit < total).then(|| {
        view! { <a class="ws-seg" href=here.clone().set("offset", Some((offset + limit).to_string())).to_string()>"Next"</a> }
    });
    view! {
        <ul class="divide-y divide-slate-200 dark:divide-slate-800" data-testid="design-list">{rows}</ul>
        <div class="flex items-center gap-4 text-sm text-slate-600 dark:text-slate-400">
            <span data-testid="design-count">{format!("{}–{} of {total}", offset + 1, (offset + limit).min(total))}</span>
            {(prev.is_some() || next.is_some()).then(|| view! { <div class="ws-segs">{prev}{next}</div> })}
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_comes_from_the_url_and_a_bad_sort_says_what_is_allowed() {
        let q = list_query(|k| match k {
            "q" => Some("card".into()),
            "sort" => Some("name".into()),
            "trash" => Some("1".into()),
            "offset" => Some("25".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(q.sort, Some(SortKey::Name));
        assert!(q.deleted);
        assert_eq!((q.offset, q.limit), (Some(25), Some(PAGE)));
        let e = list_query(|k| (k == "sort").then(|| "size".into())).unwrap_err();
        assert_eq!(e.status().as_u16(), 400);
        assert!(
            e.to_string().contains("use name, created or updated"),
            "{e}"
        );
    }
}
