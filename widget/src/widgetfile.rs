//! `.widget` files (ChatKit Studio exports): reading the builder state in `encodedWidget`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Decodes base64url (padding optional; standard alphabet also accepted).
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            b'\n' | b'\r' | b' ' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Encodes base64url without padding, as the Studio writes `encodedWidget`.
pub fn base64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let v = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..=n {
            out.push(ALPHABET[((v >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// What a `.widget` file brings besides its view, as its JSON says: data (the builder state's
/// `defaultState`) and a schema (the file's `jsonSchema`, or the builder state's `schema` or
/// `jsonSchema`). [`crate::Design::from_widget_file`] fills in what a file leaves out (`{}` for
/// the data, a template's null schema); an import keeps the design's own for those.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Carries {
    pub data: bool,
    pub schema: bool,
    /// The builder state names the design's target (`chatkit-js` views need theirs).
    pub target: bool,
    /// It holds handler rules (the studio writes the design's).
    pub handlers: bool,
    /// It holds an asset base (the studio writes the design's).
    pub asset_base: bool,
}

/// What `definition` (a `.widget` file's JSON) brings: see [`Carries`].
pub fn carries(definition: &Value) -> Carries {
    let builder = builder_state(definition).filter(|b| b.get("view").is_some_and(Value::is_string));
    let field = |name: &str| builder.as_ref().and_then(|b| b.get(name));
    Carries {
        data: field("defaultState").is_some_and(|v| !v.is_null()),
        schema: definition.get("jsonSchema").is_some_and(Value::is_object)
            || field("schema")
                .and_then(Value::as_str)
                .is_some_and(|s| !s.trim().is_empty())
            || field("jsonSchema").is_some_and(Value::is_object),
        target: field("target").is_some_and(Value::is_string),
        handlers: field("handlers").is_some_and(|v| !v.is_null()),
        asset_base: field("assetBase")
            .and_then(Value::as_str)
            .is_some_and(|b| !b.trim().is_empty()),
    }
}

/// The builder state carried in a `.widget` file's `encodedWidget`: `view`, `defaultState`,
/// `states`, `schema`… `None` when it is absent or not JSON (hand-written templates).
pub fn builder_state(definition: &Value) -> Option<Value> {
    let enc = definition.get("encodedWidget")?.as_str()?;
    let bytes = base64url_decode(enc)?;
    let state: Value = serde_json::from_slice(&bytes).ok()?;
    state.is_object().then_some(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trip() {
        for s in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "{\"view\":\"<Card/>\"}\u{e9}",
        ] {
            let enc = base64url_encode(s.as_bytes());
            assert!(!enc.contains('='));
            assert_eq!(base64url_decode(&enc).unwrap(), s.as_bytes());
        }
        assert_eq!(base64url_decode("Zm9vYg==").unwrap(), b"foob");
        assert!(base64url_decode("Zm9v!").is_none());
    }
}

/// The file name (without extension) a design's exports get: its name in lower case, runs of
/// other characters as one `-`, at most 60 characters; `widget` when nothing is left.
pub fn file_stem(name: &str) -> String {
    stem(name, |c| c.is_ascii_alphanumeric())
}

/// The name (without extension) a design's downloads get: [`file_stem`], but keeping every
/// script's letters and digits (`Flüge` → `flüge`, `航班状态` stays), since a browser saves a
/// download under any name. [`file_stem`] remains for names inside archives and the ASCII
/// fallback of a download's header.
pub fn download_stem(name: &str) -> String {
    stem(name, char::is_alphanumeric)
}

/// `name` lower-cased, the characters `keep` refuses as single dashes, at most 60 characters.
fn stem(name: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if keep(c) {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    // Cut first, then trimmed: a cut at a dash would end the name with one.
    let out: String = out.chars().take(60).collect();
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "widget".into()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod file_stem_tests {
    #[test]
    fn a_long_stem_does_not_end_with_a_dash() {
        // The 60th character is a dash.
        let name = format!("{} wrap in", "a".repeat(54));
        let stem = super::download_stem(&name);
        assert_eq!(stem, format!("{}-wrap", "a".repeat(54)));
        assert_eq!(super::download_stem(&"ab ".repeat(40)).len(), 59);
    }

    #[test]
    fn download_stems_keep_every_script() {
        use super::download_stem;
        assert_eq!(download_stem("Untitled card"), "untitled-card");
        assert_eq!(download_stem("  ✈ Flüge — Status!! "), "flüge-status");
        assert_eq!(download_stem("航班 状态"), "航班-状态");
        assert_eq!(download_stem("???"), "widget");
        assert_eq!(download_stem(&"é".repeat(100)).chars().count(), 60);
        // ASCII names get what they always did.
        for n in ["Flight status", "a_b.c", "  x  ", "A1 B2"] {
            assert_eq!(download_stem(n), super::file_stem(n));
        }
    }

    #[test]
    fn file_stems() {
        assert_eq!(super::file_stem("Untitled card"), "untitled-card");
        assert_eq!(super::file_stem("  ✈ Flight — status!! "), "flight-status");
        assert_eq!(super::file_stem("???"), "widget");
        assert_eq!(super::file_stem(&"a".repeat(100)).len(), 60);
    }
}

/// Python that loads the exported `.widget` with the SDK's `WidgetTemplate` and builds it with
/// the design's default state, written as a Python literal one key to a line.
///
/// Its images are where the export puts them: an `asset:` reference in the state becomes the
/// design's asset base and the file's export name (`names`, by asset id), as the `.widget`
/// export writes it. A reference with no base stays, and is listed in
/// [`PythonSnippet::unhosted`] (only the studio serves it); one whose file the studio does not
/// hold (not in `names`, which holds every held one, with a base or without) stays too, in
/// [`PythonSnippet::missing`].
pub fn python_snippet(
    design: &crate::design::Design,
    names: &std::collections::BTreeMap<String, String>,
) -> PythonSnippet {
    let checked = design.export.base().map(crate::asset::check_base);
    let base_refused = checked.as_ref().and_then(|c| c.as_ref().err()).cloned();
    let base = checked.and_then(Result::ok);
    let mut unhosted = Vec::new();
    let mut missing = Vec::new();
    let state_text = serde_json::to_string(&design.default_state).unwrap_or_default();
    let linked = crate::asset::rewrite(&state_text, |id| {
        let r = crate::asset::reference(id);
        match (&base, names.get(id)) {
            (Some(base), Some(name)) => return Some(format!("{base}{name}")),
            (_, None) if !missing.contains(&r) => missing.push(r),
            (None, Some(_)) if !unhosted.contains(&r) => unhosted.push(r),
            _ => {}
        }
        None
    });
    let state_value =
        serde_json::from_str(&linked).unwrap_or_else(|_| design.default_state.clone());
    let mut state = String::new();
    python_literal(&state_value, 0, &mut state);
    PythonSnippet {
        text: format!(
            "from chatkit.widgets import WidgetTemplate\n\ntemplate = WidgetTemplate.from_file(\"{}.widget\")\nstate = {state}\nwidget = template.build(state)\n",
            download_stem(&design.name)
        ),
        unhosted,
        missing,
        base_refused,
    }
}

/// The Python that builds a design's `.widget` with the SDK ([`python_snippet`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PythonSnippet {
    pub text: String,
    /// The state's `asset:` references the snippet had to leave (no asset base): images only
    /// the studio serves, which the user's backend must replace.
    pub unhosted: Vec<String>,
    /// The state's `asset:` references to images the studio does not hold (no file to name,
    /// with a base or without): the export refuses them.
    pub missing: Vec<String>,
    /// Why the saved asset base is refused, when it is one the export would refuse (saved
    /// before writes checked it): the references in [`PythonSnippet::unhosted`] are then
    /// there for that, not for want of a base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_refused: Option<String>,
}

/// A JSON value as Python source, indented by four spaces a level.
fn python_literal(v: &Value, level: usize, out: &mut String) {
    // A JSON string or number is also a Python one (serde_json escapes only what Python reads
    // the same way).
    let text = |v: &Value| serde_json::to_string(v).unwrap_or_default();
    let pad = |n: usize| "    ".repeat(n);
    match v {
        Value::Null => out.push_str("None"),
        Value::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Value::Number(_) | Value::String(_) => out.push_str(&text(v)),
        Value::Array(a) if a.is_empty() => out.push_str("[]"),
        Value::Object(o) if o.is_empty() => out.push_str("{}"),
        Value::Array(a) => {
            out.push_str("[\n");
            for x in a {
                out.push_str(&pad(level + 1));
                python_literal(x, level + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&pad(level));
            out.push(']');
        }
        Value::Object(o) => {
            out.push_str("{\n");
            for (k, x) in o {
                out.push_str(&pad(level + 1));
                out.push_str(&text(&Value::String(k.clone())));
                out.push_str(": ");
                python_literal(x, level + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&pad(level));
            out.push('}');
        }
    }
}

#[cfg(test)]
mod python_snippet_tests {
    use super::*;

    #[test]
    fn the_snippet_names_the_file_and_carries_the_state() {
        let mut d = crate::starter::Starter::Card.design("Flight status");
        d.default_state = serde_json::json!({
            "title": "It's \"here\"\n", "n": 1.5, "ok": true, "none": null,
            "rows": [{"id": 1, "tags": []}, "two"], "empty": {}
        });
        let s = python_snippet(&d, &Default::default()).text;
        assert!(
            s.contains("WidgetTemplate.from_file(\"flight-status.widget\")"),
            "{s}"
        );
        assert!(s.ends_with("widget = template.build(state)\n"), "{s}");
        // One key to a line in the state's order, nested ones indented.
        let state = &s[s.find("state = ").unwrap() + 8..s.find("\nwidget = ").unwrap()];
        assert_eq!(
            state,
            "{\n    \"title\": \"It's \\\"here\\\"\\n\",\n    \"n\": 1.5,\n    \"ok\": True,\n    \"none\": None,\n    \"rows\": [\n        {\n            \"id\": 1,\n            \"tags\": [],\n        },\n        \"two\",\n    ],\n    \"empty\": {},\n}"
        );
        // Read back as JSON (Python's literals swapped for JSON's, trailing commas taken out),
        // it is the state.
        let json_text = state
            .replace("None", "null")
            .replace("True", "true")
            .replace(",\n    ]", "\n    ]")
            .replace(",\n        }", "\n        }")
            .replace(",\n}", "\n}");
        let back: serde_json::Value = serde_json::from_str(&json_text).unwrap();
        assert_eq!(back, d.default_state);
    }

    #[test]
    fn the_snippets_images_are_where_the_export_puts_them() {
        let id = "53a35b6c".repeat(8);
        let other = "0f".repeat(32);
        let mut d = crate::starter::Starter::Card.design("Profile");
        d.default_state = serde_json::json!({
            "avatar": format!("asset:{id}"),
            "cover": format!("asset:{other}"),
            "again": format!("asset:{id}"),
        });
        let names =
            std::collections::BTreeMap::from([(id.clone(), "ada-53a35b6c.png".to_string())]);
        // No asset base: the references stay, and are said: the one the studio holds as one
        // only it serves, the other as one it does not hold.
        let s = python_snippet(&d, &names);
        assert!(
            s.text.contains(&format!("\"avatar\": \"asset:{id}\"")),
            "{}",
            s.text
        );
        assert_eq!(
            (s.unhosted, s.missing),
            (vec![format!("asset:{id}")], vec![format!("asset:{other}")])
        );
        // With one: each known file at the base, as the .widget export writes it; one the
        // studio does not know stays, and is said.
        d.export.asset_base = Some("https://cdn.example.com/w/".into());
        let s = python_snippet(&d, &names);
        assert!(
            s.text
                .contains("\"avatar\": \"https://cdn.example.com/w/ada-53a35b6c.png\""),
            "{}",
            s.text
        );
        assert!(
            s.text
                .contains("\"again\": \"https://cdn.example.com/w/ada-53a35b6c.png\"")
        );
        assert_eq!(
            (s.unhosted.len(), s.missing),
            (0, vec![format!("asset:{other}")])
        );
        // A base the export would refuse is no base, and the snippet says why.
        d.export.asset_base = Some("ftp://x/".into());
        assert_eq!(python_snippet(&d, &names).unhosted.len(), 1);
        assert_eq!(python_snippet(&d, &names).missing.len(), 1);
        let why = python_snippet(&d, &names).base_refused.unwrap();
        assert!(why.contains("http"), "{why}");
        d.export.asset_base = None;
        assert_eq!(python_snippet(&d, &names).base_refused, None);
    }
}
