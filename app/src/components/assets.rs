//! The Assets panel: every image the studio holds, with a thumbnail, its name, size and
//! dimensions and the designs that use it; upload (with progress, and the server's message
//! when it refuses), use in the design, copy the reference, rename, and delete one no design
//! uses. The editor's drop and paste of images upload through [`client::upload`] too.
//!
//! The panel talks to the REST API (`/api/assets`): the same calls a script makes.

use leptos::either::Either;
use leptos::prelude::*;
use widget::asset::{AssetInfo, AssetList};

/// The panel's state, shared with the editor (its drops and pastes, its problems list).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssetsState {
    /// The studio's assets, once read.
    pub list: Option<AssetList>,
    /// Why the list could not be read.
    pub list_error: Option<String>,
    /// An upload under way: (bytes sent, bytes in all; 0 while unknown), what is sent.
    pub progress: Option<(f64, f64, String)>,
    /// The last failure, in the server's words.
    pub error: Option<String>,
    /// What the last action did (announced).
    pub note: String,
}

impl AssetsState {
    /// Whether the studio holds the asset `id` (true until the list is read: a warning needs
    /// the list).
    pub fn holds(&self, id: &str) -> bool {
        self.list
            .as_ref()
            .is_none_or(|l| l.assets.iter().any(|a| a.id == id))
    }
}

/// The `accept` of the panel's file input: what the studio takes.
pub const ACCEPT: &str = "image/png,image/jpeg,image/gif,image/webp";

/// The panel. `on_use` puts an asset into the design (the editor decides where: the selected
/// Image's `src`, or a new Image).
#[component]
pub fn AssetsPanel(
    state: RwSignal<AssetsState>,
    on_use: Callback<AssetInfo>,
    read_only: bool,
    /// After a rename, with the designs that use the asset: what the page shows of the names
    /// (the editor's Python snippet, whose image URLs end in them) is drawn again.
    #[prop(optional)]
    on_renamed: Option<Callback<Vec<widget::asset::AssetUse>>>,
) -> impl IntoView {
    let pick = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(input) = input {
                let files = client::files_of(input.files());
                input.set_value("");
                client::upload(files, state, move |_| {});
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let summary = move || {
        state.with(|s| match &s.list {
            Some(l) => format!(
                "{} asset{}, {} of {}",
                l.assets.len(),
                if l.assets.len() == 1 { "" } else { "s" },
                widget::asset::size_text(l.total_bytes),
                widget::asset::size_text(l.quota_bytes)
            ),
            None => "Assets".into(),
        })
    };
    let rows = move || {
        let Some(list) = state.with(|s| s.list.clone()) else {
            let why = state.with(|s| s.list_error.clone());
            return view! {
                <p class="text-xs text-slate-600 dark:text-slate-400" data-testid="assets-loading">
                    {why.unwrap_or_else(|| "Reading the studio's assets… (this needs JavaScript)".into())}
                </p>
            }
            .into_any();
        };
        if list.assets.is_empty() {
            return view! {
                <p class="text-xs text-slate-600 dark:text-slate-400" data-testid="assets-empty">
                    "No assets yet. Upload a PNG, JPEG, GIF or WebP image, or drop or paste one on the editor."
                </p>
            }
            .into_any();
        }
        let items = list
            .assets
            .into_iter()
            .map(|a| view! { <AssetRow a=a state=state on_use=on_use read_only=read_only on_renamed=on_renamed /> })
            .collect::<Vec<_>>();
        view! { <ul class="divide-y divide-slate-200 dark:divide-slate-800" data-testid="asset-list">{items}</ul> }.into_any()
    };
    super::erased_on_server(view! {
        <section aria-labelledby="ws-assets-title" class="space-y-2 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid="assets">
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h2 id="ws-assets-title" class="font-semibold">{summary}</h2>
                {(!read_only).then(|| view! {
                    <label class="cursor-pointer rounded-md border border-slate-300 px-2 py-1 text-xs focus-within:outline focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-sky-600 dark:border-slate-700">
                        "Upload images"
                        <input id="ws-asset-upload" type="file" class="sr-only" accept=ACCEPT multiple data-testid="asset-upload" on:change=pick/>
                    </label>
                })}
            </div>
            <p class="text-xs text-slate-600 dark:text-slate-400">
                "PNG, JPEG, GIF or WebP, judged by their bytes; drop or paste an image on the code, the preview or the inspector's src to use it. Designs refer to an image as asset:…, which works on any host the studio moves to; exports rewrite it to where your backend hosts the file."
            </p>
            {move || state.with(|s| s.progress.clone()).map(|(sent, all, what)| {
                let (max, value) = if all > 0.0 { (all, sent) } else { (1.0, 0.0) };
                view! {
                    <div class="space-y-1" data-testid="asset-progress">
                        <label class="block text-xs" for="ws-asset-progress">{format!("Uploading {what}…")}</label>
                        <progress id="ws-asset-progress" class="w-full" max=max value=value></progress>
                    </div>
                }
            })}
            {move || state.with(|s| s.error.clone()).map(|e| view! {
                <p role="alert" class="rounded border border-red-300 bg-red-50 px-2 py-1 text-xs text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-300" data-testid="asset-error">{e}</p>
            })}
            <p role="status" aria-live="polite" class="text-xs text-slate-700 dark:text-slate-300" data-testid="asset-note">{move || state.with(|s| s.note.clone())}</p>
            {rows}
        </section>
    })
}

#[component]
fn AssetRow(
    a: AssetInfo,
    state: RwSignal<AssetsState>,
    on_use: Callback<AssetInfo>,
    read_only: bool,
    on_renamed: Option<Callback<Vec<widget::asset::AssetUse>>>,
) -> impl IntoView {
    let renaming = RwSignal::new(false);
    let name = a.name.clone();
    let id = a.id.clone();
    let short = a.id.chars().take(12).collect::<String>();
    let used = a.used_by.clone();
    let in_use = !used.is_empty();
    let reference = a.reference.clone();
    let a_use = a.clone();
    // Each row's buttons say which image they act on (the visible words first).
    let (name_use, name_copy, name_rename, name_delete) =
        (name.clone(), name.clone(), name.clone(), name.clone());
    // Stored: the rename form is drawn again each time it opens, with the same handler.
    let id_rename = StoredValue::new(id.clone());
    let id_delete = id.clone();
    let used_rename = StoredValue::new(used.clone());
    #[cfg(not(feature = "hydrate"))]
    let _ = (
        state,
        &reference,
        id_rename,
        &id_delete,
        on_renamed,
        used_rename,
    );
    let rename_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let value = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
                .and_then(|f| web_sys::FormData::new_with_form(&f).ok())
                .and_then(|d| d.get("name").as_string())
                .unwrap_or_default();
            client::rename(
                id_rename.get_value(),
                value,
                state,
                on_renamed.map(|f| (f, used_rename.get_value())),
            );
        }
        renaming.set(false);
    };
    let delete = move |_| {
        #[cfg(feature = "hydrate")]
        client::delete(id_delete.clone(), state);
    };
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        client::copy_reference(reference.clone(), state);
    };
    let used_view = if in_use {
        let links = used
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let label = used_by_label(u, &used);
                // Apart, in words and to a screen reader: "A, B".
                let sep = (i > 0).then_some(", ");
                view! { {sep}<a class="text-indigo-700 underline dark:text-indigo-300" href=format!("/designs/{}/edit", u.id)>{label}</a> }
            })
            .collect::<Vec<_>>();
        Either::Left(view! { <span data-testid="asset-used-by">"Used by "{links}</span> })
    } else {
        Either::Right(view! { <span data-testid="asset-used-by">"Used by no design"</span> })
    };
    let delete_title = if in_use {
        "A design uses it: take it out of them first"
    } else {
        "Delete this asset"
    };
    super::erased_on_server(view! {
        <li class="flex gap-3 py-2" data-testid="asset" data-asset-id=id.clone()>
            <img src=a.url.clone() alt="" width="48" height="48" loading="lazy"
                class="h-12 w-12 shrink-0 rounded border border-slate-200 bg-[repeating-conic-gradient(#e2e8f0_0_25%,transparent_0_50%)] bg-[length:12px_12px] object-contain dark:border-slate-700"/>
            <div class="min-w-0 flex-1 space-y-1">
                {move || if renaming.get() {
                    let name = name.clone();
                    // The field takes the focus as it opens (it was left on the Rename button,
                    // which the field replaced), its name selected to be typed over.
                    let field = NodeRef::<leptos::html::Input>::new();
                    field.on_load(|input| {
                        let _ = input.focus();
                        input.select();
                    });
                    Either::Left(view! {
                        <form class="flex gap-1" on:submit=rename_submit>
                            <label class="sr-only" for=format!("ws-rename-{short}")>"New name"</label>
                            <input node_ref=field id=format!("ws-rename-{short}") name="name" value=name required maxlength="200" data-testid="asset-rename-input"
                                class="min-w-0 flex-1 rounded border border-slate-300 bg-white px-1.5 py-1 text-xs dark:border-slate-700 dark:bg-slate-900"/>
                            <button type="submit" class="rounded border border-slate-300 px-1.5 py-1 text-xs dark:border-slate-700">"Rename"</button>
                            <button type="button" class="px-1.5 text-xs underline" on:click=move |_| renaming.set(false)>"Cancel"</button>
                        </form>
                    })
                } else {
                    Either::Right(view! { <p class="truncate font-medium" data-testid="asset-name" title=name.clone()>{name.clone()}</p> })
                }}
                <p class="text-xs text-slate-600 dark:text-slate-400" data-testid="asset-meta">
                    {format!("{} · {}×{} px · {}", a.kind.mime(), a.width, a.height, widget::asset::size_text(a.size))}
                </p>
                <p class="text-xs text-slate-600 dark:text-slate-400">{used_view}</p>
                <div class="flex flex-wrap gap-1">
                    {(!read_only).then(|| view! {
                        <button type="button" data-testid="asset-use" class="rounded border border-slate-300 px-1.5 py-1 text-xs dark:border-slate-700"
                            on:click=move |_| {
                                // A new action: the last one's note and failure no longer apply.
                                // What it did (or why it could not: nothing selected) is the
                                // editor's to say, where the edits are said.
                                state.update(|s| {
                                    s.error = None;
                                    s.note = String::new();
                                });
                                on_use.run(a_use.clone())
                            } aria-label=format!("Use in the design: {name_use}")>"Use in the design"</button>
                    })}
                    <button type="button" data-testid="asset-copy" class="rounded border border-slate-300 px-1.5 py-1 text-xs dark:border-slate-700" on:click=copy aria-label=format!("Copy reference: {name_copy}")>"Copy reference"</button>
                    {(!read_only).then(|| view! {
                        <button type="button" data-testid="asset-rename" class="rounded border border-slate-300 px-1.5 py-1 text-xs dark:border-slate-700"
                            on:click=move |_| renaming.set(true) aria-label=format!("Rename: {name_rename}")>"Rename"</button>
                        <button type="button" data-testid="asset-delete" title=delete_title disabled=in_use
                            class="rounded border border-slate-300 px-1.5 py-1 text-xs disabled:opacity-50 dark:border-slate-700" on:click=delete aria-label=format!("Delete: {name_delete}")>"Delete"</button>
                    })}
                </div>
            </div>
        </li>
    })
}

#[cfg(feature = "hydrate")]
pub mod client {
    //! The panel's browser side: the REST calls, the upload with its progress.

    use js_sys::{Array, Function, Promise};
    use leptos::prelude::*;
    use serde_json::Value;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use widget::asset::{AssetInfo, AssetList, AssetUse, Uploaded};

    use super::AssetsState;

    #[wasm_bindgen(inline_js = r#"
function csrf() {
  const m = document.cookie.match(/(?:^|; )ws_csrf=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : "";
}
export async function ws_assets_json(method, url, body) {
  const headers = { "Accept": "application/json", "X-CSRF-Token": csrf() };
  if (body !== undefined && body !== null) headers["Content-Type"] = "application/json";
  try {
    const r = await fetch(url, { method, headers, body: body ?? undefined, credentials: "same-origin" });
    return [r.status, await r.text()];
  } catch (e) {
    return [0, String(e)];
  }
}
export function ws_assets_upload(files, onProgress) {
  return new Promise((resolve) => {
    const form = new FormData();
    for (const f of files) form.append("file", f, f.name || "pasted-image.png");
    const x = new XMLHttpRequest();
    x.open("POST", "/api/assets");
    x.setRequestHeader("Accept", "application/json");
    x.setRequestHeader("X-CSRF-Token", csrf());
    x.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0);
    x.onload = () => resolve([x.status, x.responseText]);
    x.onerror = () => resolve([0, ""]);
    x.send(form);
  });
}
export function ws_is_image(file) {
  return /^image\//.test(file.type) || /\.(png|jpe?g|gif|webp|svg|avif|bmp)$/i.test(file.name);
}
"#)]
    extern "C" {
        fn ws_assets_json(method: &str, url: &str, body: Option<String>) -> Promise;
        fn ws_assets_upload(files: &Array, on_progress: &Function) -> Promise;
        fn ws_is_image(file: &web_sys::File) -> bool;
    }

    fn pair(v: JsValue) -> (u16, String) {
        let a: Array = v.unchecked_into();
        (
            a.get(0).as_f64().unwrap_or(0.0) as u16,
            a.get(1).as_string().unwrap_or_default(),
        )
    }

    /// The API error's message, or what the status says.
    fn error_text(status: u16, body: &str) -> String {
        if status == 0 {
            return "The studio could not be reached; nothing was uploaded. Check the connection and try again.".into();
        }
        serde_json::from_str::<Value>(body)
            .ok()
            .and_then(|v| v["error"]["message"].as_str().map(str::to_string))
            .unwrap_or_else(|| format!("The server answered {status}."))
    }

    async fn json(method: &str, url: &str, body: Option<String>) -> (u16, String) {
        match JsFuture::from(ws_assets_json(method, url, body)).await {
            Ok(v) => pair(v),
            Err(_) => (0, String::new()),
        }
    }

    /// The files of a file list.
    pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
        let Some(list) = list else { return Vec::new() };
        (0..list.length()).filter_map(|i| list.get(i)).collect()
    }

    /// Whether a file looks like an image (by its type or name; the server judges the bytes).
    pub fn is_image(file: &web_sys::File) -> bool {
        ws_is_image(file)
    }

    /// Reads the studio's assets into the state.
    pub fn load(state: RwSignal<AssetsState>) {
        leptos::task::spawn_local(async move {
            let (status, body) = json("GET", "/api/assets", None).await;
            match serde_json::from_str::<AssetList>(&body) {
                Ok(list) if status == 200 => state.update(|s| {
                    s.list = Some(list);
                    s.list_error = None;
                }),
                _ => state.update(|s| {
                    s.list_error = Some(format!(
                        "The assets could not be read: {}",
                        error_text(status, &body)
                    ))
                }),
            }
        });
    }

    /// Uploads files, shows the progress, reads the list again, then hands the new assets to
    /// `done` (not called when the upload fails: the state says why).
    pub fn upload(
        files: Vec<web_sys::File>,
        state: RwSignal<AssetsState>,
        done: impl FnOnce(Vec<AssetInfo>) + 'static,
    ) {
        if files.is_empty() {
            return;
        }
        // What is sent, and the verb a refusal takes with it ("2 files were").
        let (what, was) = match files.as_slice() {
            [one] => (one.name(), "was"),
            many => (format!("{} files", many.len()), "were"),
        };
        let arr = Array::new();
        for f in &files {
            arr.push(f);
        }
        state.update(|s| {
            s.progress = Some((0.0, 0.0, what.clone()));
            s.error = None;
            s.note = format!("Uploading {what}…");
        });
        let on_progress = Closure::<dyn FnMut(f64, f64)>::new(move |sent: f64, all: f64| {
            state.update(|s| {
                if let Some(p) = s.progress.as_mut() {
                    p.0 = sent;
                    p.1 = all;
                }
            });
        });
        let promise = ws_assets_upload(&arr, on_progress.as_ref().unchecked_ref());
        leptos::task::spawn_local(async move {
            let answer = JsFuture::from(promise).await;
            drop(on_progress);
            let (status, body) = answer.map(pair).unwrap_or((0, String::new()));
            state.update(|s| s.progress = None);
            match serde_json::from_str::<Uploaded>(&body) {
                Ok(up) if status == 201 => {
                    let names: Vec<String> = up.assets.iter().map(|a| a.name.clone()).collect();
                    state.update(|s| s.note = format!("Uploaded {}.", names.join(", ")));
                    load(state);
                    done(up.assets);
                }
                _ => {
                    let msg = error_text(status, &body);
                    state.update(|s| {
                        // Said once, by the alert (the status line said it again); a refusal
                        // that names the file itself is not prefixed with its name again.
                        s.error = Some(if msg.contains(&format!("{what:?}")) {
                            format!("Not uploaded: {msg}")
                        } else {
                            format!("{what} {was} not uploaded: {msg}")
                        });
                        s.note = String::new();
                    });
                }
            }
        });
    }

    pub fn rename(
        id: String,
        name: String,
        state: RwSignal<AssetsState>,
        on_renamed: Option<(Callback<Vec<AssetUse>>, Vec<AssetUse>)>,
    ) {
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({ "name": name }).to_string();
            let (status, text) = json("PATCH", &format!("/api/assets/{id}"), Some(body)).await;
            if status == 200 {
                state.update(|s| {
                    s.error = None;
                    s.note = format!("Renamed to {name}.");
                });
                load(state);
                if let Some((done, used)) = on_renamed {
                    done.run(used);
                }
            } else {
                let msg = error_text(status, &text);
                state.update(|s| s.error = Some(format!("Not renamed: {msg}")));
            }
        });
    }

    pub fn delete(id: String, state: RwSignal<AssetsState>) {
        leptos::task::spawn_local(async move {
            let (status, text) = json("DELETE", &format!("/api/assets/{id}"), None).await;
            if status == 200 {
                let name = serde_json::from_str::<AssetInfo>(&text)
                    .map(|a| a.name)
                    .unwrap_or_default();
                state.update(|s| {
                    s.error = None;
                    s.note = format!("Deleted {name}.");
                });
                load(state);
                // Its row (and the button that had the focus) is gone.
                crate::components::focus::focus_if_lost("ws-asset-upload".into());
            } else {
                let msg = error_text(status, &text);
                state.update(|s| s.error = Some(format!("Not deleted: {msg}")));
                load(state);
            }
        });
    }

    pub fn copy_reference(reference: String, state: RwSignal<AssetsState>) {
        let navigator = window().navigator();
        let has = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
            .ok()
            .is_some_and(|c| !c.is_undefined() && !c.is_null());
        if !has {
            state.update(|s| {
                s.note =
                    format!("This page has no clipboard (not https); the reference is {reference}")
            });
            return;
        }
        let promise = navigator.clipboard().write_text(&reference);
        leptos::task::spawn_local(async move {
            let ok = JsFuture::from(promise).await.is_ok();
            state.update(|s| {
                s.note = if ok {
                    format!("Copied {reference}")
                } else {
                    format!("The browser refused the clipboard; the reference is {reference}")
                }
            });
        });
    }
}

/// How the "Used by" list names a design: its name, and where two designs that use the
/// asset share a name, its id too (they would read the same); one in the trash says so.
pub fn used_by_label(u: &widget::asset::AssetUse, all: &[widget::asset::AssetUse]) -> String {
    let twins = all.iter().filter(|o| o.name == u.name).count() > 1;
    let mut label = u.name.clone();
    if twins {
        label.push_str(&format!(" ({})", u.id));
    }
    if u.deleted {
        label.push_str(" (in the trash)");
    }
    label
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unread_list_holds_everything_until_read() {
        let mut s = AssetsState::default();
        assert!(s.holds("x"));
        s.list = Some(AssetList {
            assets: vec![],
            total_bytes: 0,
            quota_bytes: 1,
            max_bytes: 1,
        });
        assert!(!s.holds("x"));
    }

    #[test]
    fn designs_that_share_a_name_are_told_apart_in_used_by() {
        let u = |id: &str, name: &str, deleted: bool| widget::asset::AssetUse {
            id: id.into(),
            name: name.into(),
            deleted,
            history: false,
        };
        let all = [
            u("a1", "Weather", false),
            u("b2", "Weather", true),
            u("c3", "Card", false),
        ];
        let labels: Vec<String> = all.iter().map(|x| used_by_label(x, &all)).collect();
        assert_eq!(
            labels,
            ["Weather (a1)", "Weather (b2) (in the trash)", "Card"]
        );
    }
}
