//! `/designs/{id}/edit`: the studio editor (see [`crate::editor`]), and `/new`, which starts
//! a design from a blank.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use render::html::escape;

use crate::api::designs::view_design;
use crate::api::types::DesignView;
use crate::components::error_page::ErrorPage;
use crate::components::export_links::{
    ERROR_CLASS, EXPORT_ERROR_ID, ExportChoice, ExportRetry, InlineAssetsNote, Reader,
    StateJsonLink, WidgetFileLink, WidgetFileRefusal, about_base, export_href, state_json_refusal,
    widget_file_refusal,
};
use crate::components::new_design::NewForm;
use crate::components::preview_grid::{
    PreviewControls, ThemeChoice, WidthForm, parse_width, state_base,
};
use crate::components::revisions::RevisionList;
use crate::components::share_links::ShareLinks;
use crate::components::trash::{TrashNotice, UntrashedNotice};
use crate::components::url::Href;
use crate::editor::EditorIsland;

/// What the Python snippet's note says of the state's images it had to leave as `asset:`
/// references: with no asset base, where to set one (the saved base, under "Name,
/// description and tags": the Export form's field is for one export); with a base, the images
/// the studio does not hold. `None` when it left none.
pub fn snippet_note(
    unhosted: &[String],
    missing: &[String],
    base_refused: Option<&str>,
) -> Option<String> {
    let words = |list: &[String]| {
        if list.len() > 1 {
            ("images", "them", "their URLs")
        } else {
            ("an image", "it", "its URL")
        }
    };
    let mut said = Vec::new();
    // The export refuses these whatever the base: said first.
    if !missing.is_empty() {
        let (images, them, _) = words(missing);
        said.push(format!(
            "The state above refers to {images} that this studio does not hold ({}), so it has no file to point at, and the export refuses {them}: upload {them} again, or take {them} out of the state.",
            missing.join(", ")
        ));
    }
    if !unhosted.is_empty() {
        let (images, them, their) = words(unhosted);
        let list = unhosted.join(", ");
        said.push(match base_refused {
            Some(why) => format!(
                "The state above refers to {images} that only this studio serves ({list}), and the saved Asset base URL is refused ({why}): set one under “Name, description and tags” and save, and the state points where your backend will host {them}; or put {their} there yourself."
            ),
            None => format!(
                "The state above refers to {images} that only this studio serves ({list}): set the Asset base URL under “Name, description and tags” and save, and the state points where your backend will host {them}; or put {their} there yourself."
            ),
        });
    }
    (!said.is_empty()).then(|| said.join(" "))
}

#[component]
pub fn EditorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let q = move |k: &str| query.with_untracked(|m| m.get(k));
    // The export form came back: its export failed, and the server said why in a cookie. The
    // cookie is shown once (and a browser may refuse it): without it, the page still says the
    // export failed.
    let cookie_error = q("export_failed")
        .and_then(|_| crate::components::export_links::export_error_from_request(&id));
    let export_error = q("export_failed").map(|_| {
        cookie_error.clone().unwrap_or_else(|| {
            "the export failed, and its reason is no longer here; export again to see it.".into()
        })
    });
    // And the form shows what was chosen, a reload too. The asset base only when the
    // server's cookie came with it: a link alone cannot preset where images point (the
    // format and the two boxes are harmless).
    let retry = export_error
        .as_ref()
        .map(|_| ExportRetry {
            format: q("format").as_deref().and_then(ExportChoice::parse),
            inline: q("inline").is_some(),
            zip: q("zip").is_some(),
            base: cookie_error.as_ref().and_then(|_| q("base")),
        })
        .unwrap_or_default();
    let num = |k: &str| q(k).and_then(|v| v.trim().parse::<i64>().ok());
    let same = num("same");
    let same_id = id.clone();
    let same_doc = Resource::new_blocking(
        move || (same_id.clone(), same),
        |(id, n)| crate::components::revisions::revision_document(id, n),
    );
    let design = Resource::new_blocking(move || id.clone(), view_design);
    // A form posted without JavaScript that failed comes back with the error in `__err`.
    let failed = q("__err").map(|e| {
        leptos::server_fn::error::ServerFnUrlError::<crate::api::AppError>::decode_err(&e)
    });
    let untrashed = q("untrashed").as_deref() == Some("1");
    let notice = match (num("saved"), q("conflict"), q("from")) {
        (Some(made), _, _) => Some(match num("restored") {
            Some(from) => Notice::Restored { from, made },
            None => Notice::Saved(made),
        }),
        (_, Some(n), Some(from)) => Some(Notice::Forked(format!(
            "Someone saved revision {n} of the design you were editing; your text was kept as this copy. The original: /designs/{from}/edit"
        ))),
        _ => same.map(Notice::Same),
    };
    let theme = q("theme");
    let width = q("width");
    let state = q("state");
    let share_open = q("share").as_deref() == Some("open");
    view! {
        {failed.map(|e| view! { <p role="alert" class="mb-4 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-300" data-testid="form-error">{format!("Not saved: {e}")}</p> })}
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let notice = notice.clone();
                let (theme, width, state) = (theme.clone(), width.clone(), state.clone());
                let export_error = export_error.clone();
                let retry = retry.clone();
                design.get().zip(same_doc.get()).map(move |(r, same_doc)| match r {
                    Ok(d) => view! { <Editor d=d notice=notice same_doc=same_doc untrashed=untrashed theme=theme width=width state=state share_open=share_open export_error=export_error retry=retry /> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e title="Cannot edit this" back_href="/designs" back_label="All designs" /> }.into_any(),
                })
            }}
        </Suspense>
    }
}

/// What the page says as it comes back from a form (its address says which).
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    Saved(i64),
    Restored {
        from: i64,
        made: i64,
    },
    /// A restore of a revision that holds what the head holds: none was made.
    Same(i64),
    /// A save that met someone else's was kept as a copy: this page is the copy.
    Forked(String),
}

impl Notice {
    /// What it says, if the design's history bears it out (the address alone is anyone's to
    /// write): the revision saved is there, and a restore's made revision restored that one.
    /// `same_doc`: the document of the revision a `Same` notice names, when read.
    fn said(
        &self,
        revisions: &[crate::api::types::RevisionInfo],
        head: &widget::Design,
        same_doc: Option<&widget::Design>,
    ) -> Option<String> {
        use crate::components::revisions::borne_out;
        match *self {
            Notice::Saved(n) => {
                borne_out(revisions, n, None).then(|| format!("Saved revision {n}."))
            }
            Notice::Restored { from, made } => borne_out(revisions, made, Some(from))
                .then(|| format!("Restored revision {from} as revision {made}.")),
            Notice::Same(n) => crate::components::revisions::same_as_latest(revisions, n)
                .filter(|_| same_doc == Some(head)),
            Notice::Forked(ref said) => Some(said.clone()),
        }
    }
}

#[component]
fn Editor(
    d: DesignView,
    notice: Option<Notice>,
    /// The document of the revision a "same" notice names (see `Notice::Same`).
    same_doc: Option<widget::Design>,
    /// Back from "Take it out of the trash".
    untrashed: bool,
    theme: Option<String>,
    width: Option<String>,
    state: Option<String>,
    /// Open the Share section (back from a share form).
    share_open: bool,
    /// Why the export form's export failed (back from it): shown in the open Export section.
    export_error: Option<String>,
    /// What the export form had chosen then.
    retry: ExportRetry,
) -> impl IntoView {
    let record = d.detail.record;
    // A design in the trash opens (its text is not lost), says so, and offers to take it out:
    // saving is refused until then.
    let trash_notice = view! { <TrashNotice record=record.clone() just_moved=false back=format!("/designs/{}/edit", record.id) /> };
    let notice =
        notice.and_then(|n| n.said(&d.detail.revisions, &record.document, same_doc.as_ref()));
    let untrashed = untrashed && record.deleted_at.is_none();
    let name = record.document.name.clone();
    let here = Href::new(format!("/designs/{}/edit", record.id))
        .set("theme", theme.clone())
        .set("width", width.clone())
        .set("state", state.clone());
    let choice = ThemeChoice::parse(theme.as_deref().or(Some("both")));
    let width_px = parse_width(width.as_deref());
    let width_hidden: Vec<(String, String)> = [("theme", &theme), ("state", &state)]
        .into_iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
        .collect();
    let state_base = state_base(&here);
    let read_only =
        !crate::api::types::AccessConfig::current().allows(crate::api::types::Role::Editor);
    let history = format!("/designs/{}", record.id);
    let export_action = format!("/api/designs/{}/export", record.id);
    let export_widget = export_href(&export_action, "widget", None);
    let export_json = export_href(&export_action, "json", None);
    let inline_assets = record.document.needs_asset_base();
    // A design with images and no asset base: the form starts with small images inline, as
    // the links above carry them, so that its first Download works (most images are small);
    // back from a failure it is as it was sent. Ticked so (`data-auto`), it follows the Asset
    // base URL field with JavaScript until it is changed by hand: a base typed there puts
    // every image at the base.
    let inline_auto = export_error.is_none() && inline_assets;
    let inline_checked = if export_error.is_some() {
        retry.inline
    } else {
        inline_assets
    };
    let widget_refusal = widget_file_refusal(&record.document, Reader::Owner);
    // A state whose JSON the export refuses (it does not build, or has errors) has no link
    // that would only end as a failed download; the first reason is said.
    let built = d.preview.states.clone();
    let json_refusal = |name: &str| {
        built
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| state_json_refusal(s, Reader::Owner))
    };
    let default_refusal = json_refusal("default");
    let json_refusals: Vec<String> = std::iter::once("default")
        .chain(record.document.states.iter().map(|s| s.name.as_str()))
        .filter_map(json_refusal)
        .collect();
    // The problem list says what the .widget export cannot write, from the first paint.
    let mut preview = d.preview;
    preview.add_export_warnings(&record.document);
    let widget_ok = widget_refusal.is_none();
    let chosen = retry.format_or_default(widget_ok);
    let export_open = export_error.is_some();
    let base_refused = export_error.as_deref().is_some_and(about_base);
    // What the failed form had typed, else the design's own.
    let asset_base = retry.base.clone().unwrap_or_else(|| {
        record
            .document
            .export
            .asset_base
            .clone()
            .unwrap_or_default()
    });
    let widget::widgetfile::PythonSnippet {
        text: snippet,
        unhosted: snippet_unhosted,
        missing: snippet_missing,
        base_refused: snippet_base_refused,
    } = d.python;
    let snippet_note = snippet_note(
        &snippet_unhosted,
        &snippet_missing,
        snippet_base_refused.as_deref(),
    );
    // Widget JSON for each named state (the default state is the plain JSON download).
    let state_json: Vec<AnyView> = record
        .document
        .states
        .iter()
        .map(|s| {
            let href = export_href(
                &format!("/api/designs/{}/export", record.id),
                "json",
                Some(s.name.as_str()),
            );
            match json_refusal(&s.name) {
                None => view! { <a class="text-indigo-700 underline dark:text-indigo-300" href=href download="" data-testid="state-json">{format!("JSON: {}", s.name)}</a> }.into_any(),
                Some(_) => view! { <span class="text-slate-500 dark:text-slate-400" data-testid="json-download-refused">{format!("JSON: {} (unavailable)", s.name)}</span> }.into_any(),
            }
        })
        .collect();
    let revisions = d.detail.revisions.clone();
    let revision_count = revisions.len();
    let here_path = format!("/designs/{}/edit", record.id);
    let shares = d.detail.shares.clone();
    let share_count = shares.iter().filter(|s| s.revoked_at.is_none()).count();
    // Back from a share form: the section stays open to show the new link.
    let back = format!("/designs/{}/edit?share=open", record.id);
    view! {
        // leptos_meta 0.8 writes the title text into the SSR head without escaping it.
        <Title text=escape(&format!("{name} · Editor · Widget Studio"))/>
        <div class="space-y-4">
            <header class="flex flex-wrap items-baseline gap-x-4 gap-y-1">
                <h1 class="text-2xl font-bold tracking-tight" data-testid="design-name">{name}</h1>
                <span class="font-mono text-sm text-slate-500 dark:text-slate-400" data-testid="revision">{format!("revision {}", record.revision)}</span>
                <a href=history class="text-sm text-indigo-700 hover:underline dark:text-indigo-300">"History"</a>
            </header>
            <details class="text-sm" data-testid="export" id="export" open=export_open>
                <summary class="cursor-pointer font-medium">"Export (the saved revision)"</summary>
                <div class="mt-2 space-y-2">
                    {export_error.map(|e| view! {
                        // It takes the focus, as the page comes back with it (the focus was on
                        // the page's body, far from the form).
                        <p role="alert" tabindex="-1" autofocus class=ERROR_CLASS id=EXPORT_ERROR_ID data-testid="export-error">
                            {format!("Nothing was downloaded: {e}")}
                        </p>
                    })}
                    <p class="flex flex-wrap gap-3">
                        <WidgetFileLink href=export_widget refusal=widget_refusal.clone() class="text-indigo-700 underline dark:text-indigo-300" off_class="text-slate-500 dark:text-slate-400" label="Download .widget" />
                        <StateJsonLink href=export_json label="Download widget JSON".to_string() refusal=default_refusal class="text-indigo-700 underline dark:text-indigo-300" off_class="text-slate-500 dark:text-slate-400" />
                        {state_json}
                    </p>
                    {json_refusals.first().cloned().map(|why| view! { <p class="max-w-2xl text-xs text-amber-800 dark:text-amber-300" data-testid="json-export-refused">{why}</p> })}
                    <WidgetFileRefusal refusal=widget_refusal />
                    <InlineAssetsNote needed=inline_assets reader=Reader::Owner />
                    // A plain GET form: it works without JavaScript, and the download is the
                    // REST export's.
                    <form method="get" action=export_action class="grid max-w-xl gap-2 rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid="export-form">
                        // A failed export comes back here, with its error, not as the API's JSON.
                        <input type="hidden" name="back" value="editor"/>
                        <fieldset class="flex flex-wrap gap-3">
                            <legend class="mb-1 font-medium">"Format"</legend>
                            <label class="flex items-center gap-1"><input type="radio" name="format" value="widget" checked=chosen == ExportChoice::Widget disabled=!widget_ok data-testid="export-format-widget"/>{if widget_ok { ".widget" } else { ".widget (unavailable)" }}</label>
                            <label class="flex items-center gap-1"><input type="radio" name="format" value="json" checked=chosen == ExportChoice::Json/>"widget JSON"</label>
                            <label class="flex items-center gap-1"><input type="radio" name="format" value="a2ui" checked=chosen == ExportChoice::A2ui/>"A2UI messages"</label>
                        </fieldset>
                        <label class="grid gap-1">"Asset base URL (where your backend hosts the images)"
                            <input name="asset_base" value=asset_base placeholder="https://cdn.example.com/widgets/" spellcheck="false" data-testid="export-asset-base"
                                aria-invalid=base_refused.then_some("true") aria-describedby=base_refused.then_some(EXPORT_ERROR_ID)
                                class="rounded-md border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"/>
                        </label>
                        <label class="flex items-center gap-2"><input type="checkbox" name="inline_max" value="16384" checked=inline_checked data-auto=inline_auto.then_some("true") data-testid="export-inline"/>"Inline images up to 16 KiB as data: URLs"</label>
                        <label class="flex items-center gap-2"><input type="checkbox" name="zip" value="true" checked=retry.zip data-testid="export-zip"/>"With assets: a zip holding the export and an assets/ folder with the images, under the names the URLs expect"</label>
                        <p class="text-xs text-slate-500 dark:text-slate-400">"A base typed here is for this export; the one under “Name, description and tags” is saved with the design. With a base, small images still go inline while “Inline images” is ticked (with JavaScript, typing a base unticks it). An export never leaves an asset: reference, which only this studio can serve: without a base it says what to set."</p>
                        <p class="flex flex-wrap items-center gap-3">
                            <button type="submit" data-testid="export-go" class="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white aria-disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900">"Download"</button>
                            // With JavaScript the export is fetched by the page: what it saved.
                            <span role="status" class="text-xs text-slate-600 dark:text-slate-300" data-testid="export-status"></span>
                        </p>
                    </form>
                    <p class="text-slate-600 dark:text-slate-300">"Build it in your ChatKit server with the Python SDK:"</p>
                    <pre class="overflow-x-auto rounded-lg bg-slate-50 p-3 font-mono text-xs dark:bg-slate-900" data-testid="python-snippet">{snippet}</pre>
                    {snippet_note.map(|note| view! { <p class="text-amber-800 dark:text-amber-300" data-testid="python-snippet-note">{note}</p> })}
                </div>
            </details>
            <details class="text-sm" data-testid="history">
                <summary class="cursor-pointer font-medium">{crate::components::revisions::history_title(revision_count)}</summary>
                <div class="mt-2">
                    <RevisionList id=record.id.clone() revisions=revisions latest=record.revision back=here_path.clone()/>
                </div>
            </details>
            <details class="text-sm" data-testid="share" open=share_open>
                <summary class="cursor-pointer font-medium">{format!("Share ({share_count} active)")}</summary>
                <div class="mt-2">
                    <ShareLinks id=record.id.clone() shares=shares revision=record.revision back=back/>
                </div>
            </details>
            {trash_notice}
            {untrashed.then(|| view! { <UntrashedNotice /> })}
            {notice.map(|n| view! { <p role="status" tabindex="-1" autofocus class=crate::components::status::NOTICE_CLASS data-testid="notice">{n}</p> })}
            <div class="flex flex-wrap items-center gap-4 text-sm">
                <PreviewControls here=here.clone() choice=choice width=width_px />
                <WidthForm action=here_path.clone() hidden=width_hidden width=width_px />
            </div>
            <EditorIsland record=record preview=preview theme=choice.as_str().to_string() width=width_px
                state=state.unwrap_or_else(|| "all".into()) state_base=state_base read_only=read_only />
        </div>
    }
    .into_any()
}

/// `/new?kind=card|list`: one button that creates the design (a POST, so a link or a
/// prefetch never creates one) and goes to its editor.
#[component]
pub fn NewPage() -> impl IntoView {
    let query = use_query_map();
    let kind = query
        .with_untracked(|m| m.get("kind"))
        .unwrap_or_else(|| "card".into());
    let starter = widget::starter::Starter::parse(&kind);
    // A viewer may look, not create: said, rather than a page with nothing under its heading.
    let may_create =
        crate::api::types::AccessConfig::current().allows(crate::api::types::Role::Editor);
    view! {
        <Title text="New design · Widget Studio"/>
        <section class="space-y-4">
            <h1 class="text-3xl font-bold tracking-tight">"New design"</h1>
            {(!may_create).then(|| view! {
                <p class="text-slate-600 dark:text-slate-300" data-testid="new-needs-editor">
                    "Creating a design needs the editor role; you can look at the "
                    <a class="text-indigo-700 underline dark:text-indigo-300" href="/designs">"designs"</a>
                    " and the "<a class="text-indigo-700 underline dark:text-indigo-300" href="/gallery">"gallery"</a>"."
                </p>
            })}
            {match starter {
                Some(s) => view! { <NewForm kind=s.as_str() label=if s == widget::starter::Starter::Card { "Create a card" } else { "Create a list view" } /> }.into_any(),
                None => view! { <p role="alert" class="text-red-700 dark:text-red-400">{format!("There is no blank called {kind:?}: choose a card or a list view.")}</p> <NewForm kind="card" label="Create a card"/> <NewForm kind="list" label="Create a list view"/> }.into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_note_says_where_to_set_the_base_or_which_image_is_gone() {
        assert_eq!(snippet_note(&[], &[], None), None);
        let one = snippet_note(&["asset:aa".into()], &[], None).unwrap();
        assert!(
            one.contains("refers to an image that only this studio serves (asset:aa)"),
            "{one}"
        );
        assert!(
            one.contains("set the Asset base URL under “Name, description and tags” and save"),
            "{one}"
        );
        assert!(one.ends_with("or put its URL there yourself."), "{one}");
        let two = snippet_note(&["asset:aa".into(), "asset:bb".into()], &[], None).unwrap();
        assert!(
            two.contains("images that only this studio serves (asset:aa, asset:bb)"),
            "{two}"
        );
        let gone = snippet_note(&[], &["asset:cc".into()], None).unwrap();
        assert!(
            gone.contains("an image that this studio does not hold (asset:cc)"),
            "{gone}"
        );
        assert!(
            gone.contains("upload it again, or take it out of the state"),
            "{gone}"
        );
        assert!(!gone.contains("Asset base URL"), "{gone}");
        // Both: the one the export refuses whatever the base first, each in its own words.
        let both = snippet_note(&["asset:aa".into()], &["asset:cc".into()], None).unwrap();
        assert!(
            both.starts_with(
                "The state above refers to an image that this studio does not hold (asset:cc)"
            ),
            "{both}"
        );
        assert!(
            both.contains("an image that only this studio serves (asset:aa)"),
            "{both}"
        );
        // A saved base the export refuses (from before writes checked it): said, not "set one"
        // as if there were none.
        let refused = snippet_note(&["asset:aa".into()], &[], Some("it is not http(s)")).unwrap();
        assert!(
            refused.contains("the saved Asset base URL is refused (it is not http(s))"),
            "{refused}"
        );
    }
}
