//! [`Json`]: the output encoding of every server function.
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
                    let attr = &text[i..text[i..].find(']').map_or(text.len(), |e| i + e + 1)];
                    found += 1;
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
