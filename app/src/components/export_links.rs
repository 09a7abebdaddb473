//! The plain download links of a design's exports (the editor's Export section, the design
//! page, a share page, the A2UI tab's link to the saved revision), and the note beside them
//! when the design's images need a host.
//!
//! An export never leaves an `asset:` reference, which only the studio can serve: without an
//! asset base it answers 422 (`docs/assets.md`). A plain link cannot show that answer (the
//! browser reports a failed download), so the links ask the server to put images that have
//! no host inline as `data:` URLs (`inline_unhosted=true`). The server decides with the design
//! as it is saved when the link is followed, so a link drawn before an image was added or a
//! base was set still downloads the right file.

use leptos::prelude::*;

use super::url::Href;

/// The link that downloads a design exported as `format` (`widget`, `json` or `a2ui`) for
/// `state` (none: the default), from `export` (`/api/designs/{id}/export` or
/// `/s/{token}/export`).
pub fn export_href(export: &str, format: &str, state: Option<&str>) -> String {
    Href::new(export)
        .set("format", Some(format))
        .set("state", state)
        .set("inline_unhosted", Some("true"))
        .to_string()
}

/// A format the editor's export form offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportChoice {
    Widget,
    Json,
    A2ui,
}

impl ExportChoice {
    pub fn parse(s: &str) -> Option<ExportChoice> {
        match s {
            "widget" => Some(ExportChoice::Widget),
            "json" => Some(ExportChoice::Json),
            "a2ui" => Some(ExportChoice::A2ui),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportChoice::Widget => "widget",
            ExportChoice::Json => "json",
            ExportChoice::A2ui => "a2ui",
        }
    }
}

/// What the editor's export form had chosen when its export failed: the form, back in the
/// editor, shows it again (the closed choices only; the asset base is typed again or saved).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportRetry {
    pub format: Option<ExportChoice>,
    pub inline: bool,
    pub zip: bool,
    /// The Asset base URL as typed in the form (the error may be about it: it stays in the
    /// field to be fixed), when one was.
    pub base: Option<String>,
}

impl ExportRetry {
    /// The query that carries it (`format`, `inline=1`, `zip=1`, `base=…`), set on `href`.
    pub fn onto(&self, href: super::url::Href) -> super::url::Href {
        href.set("format", self.format.map(ExportChoice::as_str))
            .set("inline", self.inline.then_some("1"))
            .set("zip", self.zip.then_some("1"))
            .set(
                "base",
                self.base.as_deref().filter(|b| !b.trim().is_empty()),
            )
    }

    /// The format the form starts with: the one chosen, unless it is `.widget` and the saved
    /// design cannot be written as one (`widget_ok`: then widget JSON).
    pub fn format_or_default(&self, widget_ok: bool) -> ExportChoice {
        match self.format {
            Some(ExportChoice::Widget) | None if !widget_ok => ExportChoice::Json,
            Some(f) => f,
            None => ExportChoice::Widget,
        }
    }
}

/// The cookie that brings the error of the editor's export form back to the editor (the
/// server's export sets it with its 303; the page, at `?export_failed=1`, shows it). Not in
/// the address: a link could then put any words in the studio's own alert.
pub const EXPORT_ERROR_COOKIE: &str = "ws_export_error";

/// The longest encoded error the cookie carries: a browser keeps about 4 KB per cookie, name
/// and attributes included, and drops a longer one whole. Encoded, since percent-encoding
/// can make a character nine bytes.
const EXPORT_ERROR_MAX: usize = 3000;

/// Where the cookie goes: the editor of design `id` only.
fn export_error_path(id: &str) -> String {
    format!("/designs/{}/edit", super::url::urlencode(id))
}

/// An export's refusal as the editor's export form says it: the form's fields by their labels,
/// not the API's parameters. `unresolved`: the images with no host (the error's details);
/// `inlined`: the form asked for small images inline, so these are the ones too large for it.
pub fn in_form_words(message: &str, unresolved: &[String], inlined: bool) -> String {
    if !unresolved.is_empty() {
        let images = if unresolved.len() == 1 {
            "an image"
        } else {
            "images"
        };
        let list = unresolved.join("; ");
        // The base typed in the form is for this export; the saved one is the design's.
        let base = "Fill in “Asset base URL” with where your backend will host the files (for this export; the one under “Name, description and tags” is saved with the design)";
        let links = "the Download .widget and Download widget JSON links above carry every image inline, whatever its size.";
        return if inlined {
            format!(
                "the design uses {images} that only this studio can serve, over the 16 KiB inlined: {list}. {base}; {links}"
            )
        } else {
            format!(
                "the design uses {images} that only this studio can serve: {list}. {base}, or tick “Inline images up to 16 KiB as data: URLs”; {links}"
            )
        };
    }
    // The API's field and section prefixes are not the form's words.
    let message = message.strip_prefix("export: ").unwrap_or(message);
    match message.strip_prefix("asset_base: ") {
        Some(why) => match why.strip_prefix("the asset base URL") {
            Some(rest) => format!("the Asset base URL{rest}"),
            None => format!("the Asset base URL: {why}"),
        },
        None => message.to_string(),
    }
}

/// The `Set-Cookie` value that carries `message` to the editor of design `id`, for half a
/// minute (the page takes it away once shown). A long message is cut, at a character, so
/// that its encoding fits [`EXPORT_ERROR_MAX`].
pub fn export_error_cookie(id: &str, message: &str) -> String {
    let ellipsis = super::url::urlencode("…");
    let mut value = super::url::urlencode(message);
    if value.len() > EXPORT_ERROR_MAX {
        value.clear();
        let mut buf = [0; 4];
        for c in message.chars() {
            let one = super::url::urlencode(c.encode_utf8(&mut buf));
            if value.len() + one.len() + ellipsis.len() > EXPORT_ERROR_MAX {
                break;
            }
            value.push_str(&one);
        }
        value.push_str(&ellipsis);
    }
    format!(
        "{EXPORT_ERROR_COOKIE}={value}; Path={}; Max-Age=30; SameSite=Strict; HttpOnly",
        export_error_path(id)
    )
}

/// The export error in a `Cookie:` header value, if it has one.
pub fn export_error_in(header: &str) -> Option<String> {
    header
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim() == EXPORT_ERROR_COOKIE)
        .and_then(|(_, value)| super::url::urldecode(value.trim()))
        .filter(|m| !m.is_empty())
}

/// The export error the request being rendered (design `id`'s editor) carries, server side,
/// and the answer takes the cookie away: a reload does not show it again. `None` elsewhere.
pub fn export_error_from_request(id: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let error = parts
            .headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(export_error_in)?;
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(v) = http::HeaderValue::from_str(&format!(
                "{EXPORT_ERROR_COOKIE}=; Path={}; Max-Age=0; SameSite=Strict; HttpOnly",
                export_error_path(id)
            ))
        {
            resp.append_header(http::header::SET_COOKIE, v);
        }
        Some(error)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = id;
        None
    }
}

/// Who reads an export's notes: what they can do about a refusal differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// The studio's own pages (the design, the editor): the reader can change the design.
    Owner,
    /// A share link's visitor, who can only look.
    Visitor,
}

/// Says that the downloads carry the images inline, and how to host them instead, when
/// `needed` (the page's design uses studio images and has no asset base); nothing otherwise.
#[component]
pub fn InlineAssetsNote(needed: bool, reader: Reader) -> impl IntoView {
    needed.then(|| {
        let how = if reader == Reader::Owner {
            "To link them from your own host instead, set the Asset base URL in the editor's \"Name, description and tags\", or use the export form."
        } else {
            "The design's owner can set an asset base URL to link them from a host instead."
        };
        view! {
            <p class="max-w-2xl text-xs text-slate-600 dark:text-slate-400" data-testid="inline-assets-note">
                {format!("This design shows images uploaded to the studio and has no asset base URL, so these downloads carry the images inline as data: URLs. {how}")}
            </p>
        }
    })
}

/// Why the saved `design` has no `.widget` download, said for a person, or `None` when it
/// exports: a page then offers no link that would only end as a failed download. Either its
/// view uses what the Jinja export cannot write (the widget JSON still downloads), or the
/// design has errors (then no export works).
pub fn widget_file_refusal(design: &widget::Design, reader: Reader) -> Option<String> {
    let report = design.to_widget_file().err()?;
    let Some(first) = report.errors.first() else {
        return Some("No .widget download: the saved design does not export.".into());
    };
    let at = if first.line > 0 {
        format!(" (line {}, column {})", first.line, first.column)
    } else {
        String::new()
    };
    Some(if first.code == widget::Code::TemplateExport {
        format!(
            "No .widget download: the saved view uses something the .widget export cannot write{at}. {} The widget JSON downloads work.",
            first.message
        )
    } else {
        format!(
            "No .widget download: the saved design has errors{}. The first{at}: {}",
            if reader == Reader::Owner {
                "; fix them and save"
            } else {
                ""
            },
            first.message
        )
    })
}

/// The `.widget` download: a link (`class`), or, when the export refuses the design
/// (`refusal`), the same words marked unavailable (`off_class`), plain text, with the reason
/// beside it in [`WidgetFileRefusal`].
#[component]
pub fn WidgetFileLink(
    href: String,
    refusal: Option<String>,
    class: &'static str,
    off_class: &'static str,
    label: &'static str,
) -> impl IntoView {
    match refusal {
        None => view! { <a class=class href=href download="" data-testid="widget-download">{label}</a> }
            .into_any(),
        Some(_) => view! {
            <span class=off_class data-testid="widget-download-refused">{format!("{label} (unavailable)")}</span>
        }
        .into_any(),
    }
}

/// Why a state's widget JSON cannot be downloaded (the export answers 422 for it): it does
/// not build, or what it builds has errors. `None` when it downloads.
pub fn state_json_refusal(s: &crate::api::types::StateView, reader: Reader) -> Option<String> {
    let first = s.diagnostics.iter().find(|d| d.is_error());
    let fix = if reader == Reader::Owner {
        " (fix it in the editor, then save)"
    } else {
        ""
    };
    match (&s.widget, first) {
        (Some(_), None) => None,
        (_, Some(d)) => Some(format!(
            "The state \"{}\" has no JSON download: {}{fix}.",
            s.name,
            d.placed_message()
        )),
        (None, None) => Some(format!(
            "The state \"{}\" has no JSON download: it does not build{fix}.",
            s.name
        )),
    }
}

/// A state's widget JSON download (`href`), or, when it cannot be exported (`refusal`), the
/// same words marked unavailable, plain text; the reason goes in a note beside (as
/// [`WidgetFileRefusal`] does for the `.widget` file).
#[component]
pub fn StateJsonLink(
    href: String,
    label: String,
    refusal: Option<String>,
    class: &'static str,
    off_class: &'static str,
) -> impl IntoView {
    match refusal {
        None => view! { <a class=class href=href download="">{label}</a> }.into_any(),
        Some(_) => view! {
            <span class=off_class data-testid="json-download-refused">{format!("{label} (unavailable)")}</span>
        }
        .into_any(),
    }
}

/// Says why there is no `.widget` download (see [`widget_file_refusal`]); nothing otherwise.
#[component]
pub fn WidgetFileRefusal(refusal: Option<String>) -> impl IntoView {
    refusal.map(|why| {
        view! {
            <p class="max-w-2xl text-xs text-amber-800 dark:text-amber-300" data-testid="widget-export-refused">{why}</p>
        }
    })
}

/// Is the export form's error about its Asset base URL field (so that field is marked)?
pub fn about_base(said: &str) -> bool {
    said.starts_with("the Asset base URL") || said.contains("Fill in “Asset base URL”")
}

/// What the export form says when the page's fetch of the export was refused: the API's error
/// (`status`, `body`) in the form's words ([`in_form_words`]); status 0 is a fetch that did
/// not reach the studio (`body` is the browser's reason).
pub fn refusal(status: u16, body: &str, inlined: bool) -> String {
    if status == 0 {
        let _ = body;
        return "the studio could not be reached. Check the connection and press Download again."
            .into();
    }
    if status == 401 {
        return "you are not signed in (or your session ended). Sign in again at /login in another tab, then press Download; this page keeps your changes.".into();
    }
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let Some(message) = v["error"]["message"].as_str() else {
        return format!("the server answered {status}. Press Download again.");
    };
    let unresolved: Vec<String> = v["error"]["details"]["unresolved"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| u.as_str().map(str::to_string))
        .collect();
    in_form_words(message, &unresolved, inlined)
}

/// The export form's error paragraph's id (the base field points at it when it is about it).
pub const EXPORT_ERROR_ID: &str = "ws-export-error";

/// The editor's export form with JavaScript: the export is fetched and saved from the page, not
/// followed as a page load. A page load asked "leave site?" with unsaved edits, even for a
/// download, and a failure reloaded the editor (the edits came back only as a draft, without
/// their undo history). A failure is said in the form, in its words, and takes the focus.
#[cfg(feature = "hydrate")]
pub mod client {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};

    #[wasm_bindgen(inline_js = r#"
let wsExportSeq = 0;
export function ws_export_refresh(path) {
  const seq = ++wsExportSeq;
  return (async () => {
    try {
      const r = await fetch(path, { headers: { "Accept": "text/html" }, credentials: "same-origin" });
      if (!r.ok) return false;
      const html = await r.text();
      // A later refresh is under way: its answer is the newer one.
      if (seq !== wsExportSeq) return false;
      const doc = new DOMParser().parseFromString(html, "text/html");
      const fresh = doc.querySelector('[data-testid="export"]');
      const here = document.querySelector('[data-testid="export"]');
      if (!fresh || !here) return false;
      const open = here.open;
      const focused = here.contains(document.activeElement);
      // What the user changed in the form and has not sent stays; a field as it was drawn
      // takes the new revision's value (a base saved since, say).
      const form = '[data-testid="export-form"] ';
      const tick = (i) => i.type === "checkbox" || i.type === "radio";
      // A box set by hand (`data-hand`) stays so, even set back to how it was drawn.
      const kept = Array.from(here.querySelectorAll(form + "input:not([type=hidden])"))
        .filter((i) => i.hasAttribute("data-hand") || (tick(i) ? i.checked !== i.defaultChecked : i.value !== i.defaultValue))
        .map((i) => ({ name: i.name, value: i.value, radio: i.type === "radio", tick: tick(i), checked: i.checked, auto: i.hasAttribute("data-auto"), hand: i.hasAttribute("data-hand") }));
      here.replaceChildren(...Array.from(fresh.childNodes, (n) => document.importNode(n, true)));
      for (const k of kept) {
        const sel = k.radio ? `input[name="${k.name}"][value="${CSS.escape(k.value)}"]` : `input[name="${k.name}"]`;
        const el = here.querySelector(form + sel);
        if (!el) continue;
        if (k.tick) el.checked = k.checked; else el.value = k.value;
        if (!k.auto) el.removeAttribute("data-auto");
        if (k.hand) el.setAttribute("data-hand", "true");
      }
      here.open = open;
      if (focused) here.querySelector("summary")?.focus();
      return true;
    } catch (_) {
      return false;
    }
  })();
}
export function ws_export_fetch(url) {
  return (async () => {
    try {
      const r = await fetch(url, { headers: { "Accept": "application/json, */*" }, credentials: "same-origin" });
      if (!r.ok) return [r.status, await r.text()];
      const cd = r.headers.get("Content-Disposition") || "";
      let name = "export";
      const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd);
      const plain = /filename\s*=\s*"([^"]*)"/i.exec(cd) || /filename\s*=\s*([^;]+)/i.exec(cd);
      if (star) { try { name = decodeURIComponent(star[1].trim()); } catch (_) { if (plain) name = plain[1].trim(); } }
      else if (plain) name = plain[1].trim();
      const blob = await r.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = href; a.download = name; a.hidden = true;
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 60000);
      return [r.status, name];
    } catch (e) {
      return [0, String(e)];
    }
  })();
}
"#)]
    extern "C" {
        fn ws_export_fetch(url: &str) -> js_sys::Promise;
        fn ws_export_refresh(path: &str) -> js_sys::Promise;
    }

    /// Draws the Export section again as the server draws it for the design's saved revision
    /// (design `id`), after a save or a restore: its links, notes and the form's asset base
    /// were the revision's the page opened with (a download then wrote the old base into the
    /// image URLs). Whether it is open stays.
    pub fn refresh(id: &str) {
        let path = format!("/designs/{}/edit", super::super::url::urlencode(id));
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(ws_export_refresh(&path)).await;
        });
    }

    /// Takes over a submit of the export form (`form`): fetches its export and saves it, or says
    /// why not. Does nothing while one is under way (the button says so).
    pub fn submit(form: web_sys::HtmlFormElement) {
        let Some(button) = form
            .query_selector("[data-testid=export-go]")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        if button.get_attribute("aria-disabled").as_deref() == Some("true") {
            return;
        }
        let Some(url) = export_url(&form) else {
            return;
        };
        let inlined = url.contains("inline_max=");
        let label = button.text_content().unwrap_or_default();
        let _ = button.set_attribute("aria-disabled", "true");
        button.set_text_content(Some("Downloading…"));
        set_status(&form, "");
        wasm_bindgen_futures::spawn_local(async move {
            let answer = wasm_bindgen_futures::JsFuture::from(ws_export_fetch(&url))
                .await
                .unwrap_or(JsValue::NULL);
            let answer: js_sys::Array = answer.dyn_into().unwrap_or_default();
            let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
            let text = answer.get(1).as_string().unwrap_or_default();
            let _ = button.remove_attribute("aria-disabled");
            button.set_text_content(Some(&label));
            if (200..300).contains(&status) {
                show_error(&form, None);
                set_status(&form, &format!("Downloaded {text}."));
            } else {
                show_error(&form, Some(&super::refusal(status, &text, inlined)));
            }
        });
    }

    /// The form's export address: its action and fields, without `back` (which turns a failure
    /// into a redirect to the editor: here the API's own answer is wanted).
    fn export_url(form: &web_sys::HtmlFormElement) -> Option<String> {
        let data = web_sys::FormData::new_with_form(form).ok()?;
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        params.delete("back");
        let action = form.get_attribute("action")?;
        Some(format!("{action}?{}", String::from(params.to_string())))
    }

    /// Shows the error (focused, as the page without JavaScript does), or takes it away; the
    /// Asset base URL field is marked when it is about it.
    fn show_error(form: &web_sys::HtmlFormElement, said: Option<&str>) {
        let Some(section) = form.parent_element() else {
            return;
        };
        let doc = leptos::prelude::document();
        let old = section
            .query_selector("[data-testid=export-error]")
            .ok()
            .flatten();
        let base = form
            .query_selector("[data-testid=export-asset-base]")
            .ok()
            .flatten();
        if let Some(b) = &base {
            if said.is_some_and(super::about_base) {
                let _ = b.set_attribute("aria-invalid", "true");
                let _ = b.set_attribute("aria-describedby", super::EXPORT_ERROR_ID);
            } else {
                let _ = b.remove_attribute("aria-invalid");
                let _ = b.remove_attribute("aria-describedby");
            }
        }
        let Some(said) = said else {
            if let Some(old) = old {
                old.remove();
            }
            return;
        };
        let p = match old {
            Some(p) => p,
            None => {
                let Ok(p) = doc.create_element("p") else {
                    return;
                };
                let _ = p.set_attribute("role", "alert");
                let _ = p.set_attribute("tabindex", "-1");
                let _ = p.set_attribute("data-testid", "export-error");
                let _ = p.set_attribute("class", super::ERROR_CLASS);
                let _ = section.insert_before(&p, section.first_child().as_ref());
                p
            }
        };
        p.set_id(super::EXPORT_ERROR_ID);
        p.set_text_content(Some(&format!("Nothing was downloaded: {said}")));
        if let Ok(p) = p.dyn_into::<web_sys::HtmlElement>() {
            let _ = p.focus();
        }
    }

    fn set_status(form: &web_sys::HtmlFormElement, text: &str) {
        if let Some(s) = form
            .query_selector("[data-testid=export-status]")
            .ok()
            .flatten()
        {
            s.set_text_content(Some(text));
        }
    }
}

/// The export error's classes (the page draws it, and so does [`client`] after a fetch).
pub const ERROR_CLASS: &str = "max-w-2xl rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-red-800 outline-none dark:border-red-800 dark:bg-red-950 dark:text-red-300";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_the_export_cannot_write_has_a_refusal() {
        let mut d = widget::starter::Starter::Card.design("Sum");
        assert_eq!(widget_file_refusal(&d, Reader::Owner), None);
        d.source = "<Card>\n<Text value={`${[1].reduce((a, b) => a + b)}`} />\n</Card>".into();
        let why = widget_file_refusal(&d, Reader::Owner).expect("refused");
        assert!(why.contains("(line 2, column 17)"), "{why}");
        assert!(why.contains("`.reduce` without a start value"), "{why}");
        assert!(why.ends_with("The widget JSON downloads work."), "{why}");
        // A design with errors: no export works, and the note does not say the JSON does.
        d.source = "<Card>\n  <Nope />\n</Card>".into();
        let why = widget_file_refusal(&d, Reader::Owner).expect("refused");
        assert!(why.contains("has errors; fix them and save"), "{why}");
        assert!(why.contains("Nope"), "{why}");
        assert!(!why.contains("JSON downloads work"), "{why}");
        // A share link's visitor is not told to fix what they cannot change.
        let why = widget_file_refusal(&d, Reader::Visitor).expect("refused");
        assert!(
            why.starts_with("No .widget download: the saved design has errors. The first"),
            "{why}"
        );
    }

    #[test]
    fn a_refused_fetch_is_said_in_the_form_words() {
        let body = r#"{"error":{"code":"invalid","message":"the design uses assets","details":{"unresolved":["asset:ab12"]}}}"#;
        let said = refusal(422, body, false);
        assert!(said.contains("Fill in “Asset base URL”"), "{said}");
        assert!(said.contains("asset:ab12"), "{said}");
        assert!(about_base(&said));
        let said = refusal(
            422,
            r#"{"error":{"code":"invalid","message":"asset_base: \"ftp://x\" is not an http(s) URL","details":null}}"#,
            false,
        );
        assert_eq!(
            said,
            "the Asset base URL: \"ftp://x\" is not an http(s) URL"
        );
        assert!(about_base(&said));
        let said = refusal(
            422,
            r#"{"error":{"code":"invalid","message":"the design has errors"}}"#,
            false,
        );
        assert_eq!(said, "the design has errors");
        assert!(!about_base(&said));
        // Not the API's JSON (a proxy's page), or no answer at all.
        assert_eq!(
            refusal(502, "<html>Bad gateway</html>", false),
            "the server answered 502. Press Download again."
        );
        assert_eq!(
            refusal(0, "TypeError: Failed to fetch", false),
            "the studio could not be reached. Check the connection and press Download again."
        );
        // Signed out: what to do, not the API's note on tokens.
        let said = refusal(
            401,
            r#"{"error":{"code":"unauthorized","message":"this studio requires a signed-in user: send Authorization: Bearer TOKEN"}}"#,
            false,
        );
        assert!(said.starts_with("you are not signed in"), "{said}");
        assert!(!said.contains("Bearer"));
        // The API's `export:` and `asset_base:` prefixes go; the field is named once.
        assert_eq!(
            refusal(
                422,
                r#"{"error":{"code":"invalid","message":"asset_base: the asset base URL has ' '; use a plain http(s) URL or path"}}"#,
                false
            ),
            "the Asset base URL has ' '; use a plain http(s) URL or path"
        );
        assert_eq!(
            refusal(
                422,
                r#"{"error":{"code":"invalid","message":"export: the design has errors; fix them first"}}"#,
                false
            ),
            "the design has errors; fix them first"
        );
    }

    #[test]
    fn the_form_says_its_fields_not_the_api_parameters() {
        let said = in_form_words(
            "export: the design uses an image … (asset_base=https://… for one export), inline small ones as data: URLs (inline_max=BYTES) …",
            &["\"logo.png\", 1.2 KB".to_string()],
            false,
        );
        assert!(
            said.starts_with("the design uses an image that only this studio can serve: \"logo.png\", 1.2 KB. Fill in “Asset base URL”"),
            "{said}"
        );
        // The form's base is this export's; the saved one is the design's.
        assert!(!said.contains("it is remembered"), "{said}");
        assert!(said.contains("or tick “Inline images"), "{said}");
        // Small images were inlined: these are the large ones, and ticking is no way out.
        let big = in_form_words(
            "export: …",
            &["\"big.png\", 30,173 bytes (29.5 KiB)".to_string()],
            true,
        );
        assert!(
            big.starts_with("the design uses an image that only this studio can serve, over the 16 KiB inlined: \"big.png\""),
            "{big}"
        );
        assert!(!big.contains("or tick"), "{big}");
        assert!(about_base(&big));
        for api in [
            "asset_base",
            "inline_max",
            "inline_unhosted",
            "keep_assets",
            "=",
        ] {
            assert!(!said.contains(api), "{api}: {said}");
        }
        assert_eq!(
            in_form_words("asset_base: \"ftp://x\" is not an http(s) URL", &[], false),
            "the Asset base URL: \"ftp://x\" is not an http(s) URL"
        );
        assert_eq!(
            in_form_words("the design has errors", &[], false),
            "the design has errors"
        );
    }

    #[test]
    fn the_export_error_goes_back_in_a_cookie() {
        let m = "asset_base: \"ftp://x\" is not an http(s) URL; 日本; a=b";
        let set = export_error_cookie("d1", m);
        let value = set.split(';').next().unwrap();
        assert!(value.starts_with("ws_export_error="), "{set}");
        assert!(
            value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"=%-_.~".contains(&b)),
            "{set}"
        );
        assert!(
            set.contains("HttpOnly")
                && set.contains("SameSite=Strict")
                && set.contains("; Path=/designs/d1/edit;"),
            "{set}"
        );
        let header = format!("ws_theme=dark; {value}; other=1");
        assert_eq!(export_error_in(&header).as_deref(), Some(m));
        assert_eq!(export_error_in("ws_theme=dark"), None);
        assert_eq!(export_error_in("ws_export_error=%zz"), None);
        // A long one is cut, at a character, so that the whole cookie stays well under the
        // 4 KB a browser keeps: plain text, and text each of whose characters encodes long.
        for (long, kept) in [("é".repeat(2000), 498), ("a".repeat(5000), 2991)] {
            let set = export_error_cookie("d1", &long);
            assert!(set.len() < 3200, "{}", set.len());
            let back = export_error_in(set.split(';').next().unwrap()).unwrap();
            assert!(back.ends_with('…'), "{back}");
            assert_eq!(back.chars().count(), kept + 1);
            assert!(long.starts_with(back.trim_end_matches('…')));
        }
        // One that fits is whole.
        let fits = "é".repeat(400);
        let set = export_error_cookie("d1", &fits);
        assert_eq!(export_error_in(set.split(';').next().unwrap()), Some(fits));
    }

    #[test]
    fn a_failed_export_form_comes_back_as_it_was() {
        let retry = ExportRetry {
            format: Some(ExportChoice::A2ui),
            inline: true,
            zip: false,
            base: None,
        };
        let href = retry.onto(super::super::url::Href::new("/designs/d1/edit"));
        assert_eq!(href.to_string(), "/designs/d1/edit?format=a2ui&inline=1");
        let typed = ExportRetry {
            base: Some("ftp://x/a b".into()),
            ..retry.clone()
        };
        assert_eq!(
            typed
                .onto(super::super::url::Href::new("/designs/d1/edit"))
                .to_string(),
            "/designs/d1/edit?format=a2ui&inline=1&base=ftp%3A%2F%2Fx%2Fa%20b"
        );
        assert_eq!(retry.format_or_default(true), ExportChoice::A2ui);
        assert_eq!(
            ExportRetry::default().format_or_default(true),
            ExportChoice::Widget
        );
        assert_eq!(
            ExportRetry::default().format_or_default(false),
            ExportChoice::Json
        );
        let widget = ExportRetry {
            format: Some(ExportChoice::Widget),
            ..ExportRetry::default()
        };
        assert_eq!(widget.format_or_default(false), ExportChoice::Json);
        assert_eq!(ExportChoice::parse("nope"), None);
    }

    #[test]
    fn links_ask_for_images_without_a_host_inline() {
        assert_eq!(
            export_href("/api/designs/d1/export", "widget", None),
            "/api/designs/d1/export?format=widget&inline_unhosted=true"
        );
        assert_eq!(
            export_href("/s/T/export", "json", Some("two words")),
            "/s/T/export?format=json&state=two%20words&inline_unhosted=true"
        );
    }
}
