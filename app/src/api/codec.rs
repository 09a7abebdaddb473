//! [`Json`]: the output encoding of every server function; [`JsonForm`]: the input encoding of
//! those whose arguments hold JSON values.
//!
//! It writes the same JSON as server_fn's own `Json`. It differs in how the browser reads an
//! answer: as text (`serde_json::from_str`), not as bytes (`serde_json::from_slice`). Leptos
//! reads resources and island props as text, so with server_fn's encoding every type that
//! arrives both ways ([`widget::Design`], `DesignRecord`, diagnostics…) was compiled into the
//! wasm twice, once per reader: 58 KB of the live bundle's code. Reading answers as text too
//! leaves one copy.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;
use serde::de::{DeserializeOwned, Error as _};

/// JSON, read as UTF-8 text. See the module comment.
pub struct JsonText;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde_json::Error::custom)?;
        serde_json::from_str(text)
    }
}

/// A server function's answer (and its error) as JSON in the body: `output = Json`.
pub type Json = Post<JsonText>;

/// JSON text in one form field, `json=…` (URL-encoded). See [`JsonForm`].
pub struct JsonField;

/// A server function's arguments as JSON text in one form field, `json=…`:
/// `input = crate::api::codec::JsonForm`, for arguments that hold JSON values (a
/// [`widget::Design`]'s states, schema and rules).
///
/// server_fn's default, `PostUrl`, writes arguments as a query string (serde_qs), which keeps
/// no types: a state's numbers and booleans came back as text, `null` as `""`, and an empty
/// object was dropped, on every save from the editor. JSON keeps them. The body is still a
/// form post, which is what the access guard takes from the studio's own pages without a CSRF
/// header (`server/src/guard.rs`).
pub type JsonForm = Post<JsonField>;

/// The form field that carries the JSON.
const FIELD: &str = "json";

impl ContentType for JsonField {
    const CONTENT_TYPE: &'static str = "application/x-www-form-urlencoded";
}

impl FormatType for JsonField {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonField {
    type Error = serde_json::Error;

    fn encode(args: &T) -> Result<Bytes, Self::Error> {
        form_body(args).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonField {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde_json::Error::custom)?;
        from_form_body(text).map_err(serde_json::Error::custom)
    }
}

/// `json=` and the arguments' JSON, percent-encoded.
fn form_body<T: Serialize>(args: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(args)?;
    let mut out = String::with_capacity(FIELD.len() + 1 + json.len() * 3 / 2);
    out.push_str(FIELD);
    out.push('=');
    for b in json.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(out)
}

/// The arguments from a `json=…` body; the error says what was wrong.
fn from_form_body<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    let value = body
        .split('&')
        .find_map(|pair| pair.strip_prefix(FIELD)?.strip_prefix('='))
        .ok_or_else(|| format!("expected the arguments as JSON in the form field `{FIELD}`"))?;
    let mut bytes = Vec::with_capacity(value.len());
    let raw = value.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => bytes.push(b' '),
            b'%' => {
                let hex = raw
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| format!("a bad %-escape at byte {i} of the form field"))?;
                bytes.push(hex);
                i += 2;
            }
            b => bytes.push(b),
        }
        i += 1;
    }
    let json = String::from_utf8(bytes).map_err(|_| "the form field is not UTF-8".to_string())?;
    serde_json::from_str(&json).map_err(|e| format!("the arguments' JSON: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::PreviewData;

    #[test]
    fn answers_round_trip_as_server_fns_own_json_does() {
        let data = crate::api::preview::preview_data("<Card><Text value=\"hi\" /></Card>").unwrap();
        let ours = <JsonText as Encodes<PreviewData>>::encode(&data).unwrap();
        let theirs =
            <leptos::server_fn::codec::JsonEncoding as Encodes<PreviewData>>::encode(&data)
                .unwrap();
        assert_eq!(ours, theirs, "the same bytes on the wire");
        let back: PreviewData = <JsonText as Decodes<PreviewData>>::decode(ours).unwrap();
        assert_eq!(back, data);
    }

    #[test]
    fn arguments_keep_their_json_types_through_the_form_field() {
        let design = widget::Design::jsx(
            "Types & \u{1F44B} 100%",
            "<Card><Text value={t} /></Card>",
            serde_json::json!({"t": "a+b=c&d", "n": 3, "f": 4.5, "b": true, "z": null, "o": {}, "l": [1, "2"]}),
        );
        let args = (String::from("d_1"), design.clone());
        let body = form_body(&args).unwrap();
        assert!(
            body.starts_with("json=") && !body[5..].contains(['&', '=', '+', ' ']),
            "{body}"
        );
        let back: (String, widget::Design) = from_form_body(&body).unwrap();
        assert_eq!(back, args, "numbers, booleans, null and empty objects kept");
        // What a browser's own form encoding would send decodes too (`+` for a space).
        let v: serde_json::Value = from_form_body("other=1&json=%7B%22a%22%3A+1%7D").unwrap();
        assert_eq!(v, serde_json::json!({"a": 1}));
        for bad in ["", "x=1", "json=%7", "json=%FF", "json=%7Bnope"] {
            assert!(from_form_body::<serde_json::Value>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_answer_that_is_not_utf8_is_an_error_not_a_panic() {
        let err = <JsonText as Decodes<serde_json::Value>>::decode(Bytes::from_static(b"\"\xff\""))
            .unwrap_err();
        assert!(err.to_string().contains("utf-8"), "{err}");
    }

    #[test]
    fn every_server_function_answers_with_this_encoding() {
        // One without it would bring the byte reader (and a second copy of its types) back.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![dir.clone()];
        let mut found = 0;
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.ends_with("api/codec.rs") {
                continue; // this test's own patterns
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // Each `#[server…]` attribute, however spelled, up to its closing `]`.
            for at in ["#[server", "#[leptos::server", "#[server_fn::server"] {
                for (i, _) in text.match_indices(at) {
                    let end = text[i..].find(']').map_or(text.len(), |e| i + e + 1);
                    let attr = &text[i..end];
                    found += 1;
                    // Arguments that hold JSON values need JSON (a query string keeps no types).
                    let args = &text[end..text[end..].find(')').map_or(text.len(), |e| end + e)];
                    if ["Design", "SaveRequest", "Value"]
                        .iter()
                        .any(|t| args.contains(&format!(": {t}")))
                    {
                        assert!(
                            attr.contains("input = crate::api::codec::JsonForm"),
                            "{}:{}: arguments with JSON values need `input = crate::api::codec::JsonForm`: {attr}{args}",
                            path.display(),
                            text[..i].lines().count() + 1
                        );
                    }
                    assert!(
                        attr.contains("output = crate::api::codec::Json"),
                        "{}:{}: a server function without `output = crate::api::codec::Json`: {attr}",
                        path.display(),
                        text[..i].lines().count() + 1
                    );
                }
            }
        }
        assert!(found >= 17, "found only {found} server functions");
    }
}
