//! Structural diff of two JSON documents: the list of paths whose values differ.
//!
//! Objects are compared key by key; arrays index by index (a removed or added tail shows as
//! `removed`/`added` entries). Paths use the validator's notation (`children[0].value`).

use serde::Serialize;
use serde_json::Value;

/// One difference between `before` and `after`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub path: String,
    /// `added`, `removed` or `changed`.
    pub op: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// The changes that turn `before` into `after`, in document order.
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(String::new(), before, after, &mut out);
    out
}

fn key_path(base: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    match (base.is_empty(), plain) {
        (true, true) => key.to_string(),
        (false, true) => format!("{base}.{key}"),
        _ => format!("{base}[{}]", serde_json::to_string(key).unwrap_or_default()),
    }
}

fn walk(path: String, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = key_path(&path, k);
                match y.get(k) {
                    Some(vb) => walk(p, va, vb, out),
                    None => out.push(Change {
                        path: p,
                        op: "removed",
                        before: Some(va.clone()),
                        after: None,
                    }),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    out.push(Change {
                        path: key_path(&path, k),
                        op: "added",
                        before: None,
                        after: Some(vb.clone()),
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let p = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(va), Some(vb)) => walk(p, va, vb, out),
                    (Some(va), None) => out.push(Change {
                        path: p,
                        op: "removed",
                        before: Some(va.clone()),
                        after: None,
                    }),
                    (None, Some(vb)) => out.push(Change {
                        path: p,
                        op: "added",
                        before: None,
                        after: Some(vb.clone()),
                    }),
                    (None, None) => {}
                }
            }
        }
        _ if a == b => {}
        _ => out.push(Change {
            path,
            op: "changed",
            before: Some(a.clone()),
            after: Some(b.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_every_kind_of_change() {
        let a = json!({"name": "A", "tags": ["x", "y"], "doc": {"type": "Card", "children": [{"type": "Text", "value": "hi"}]}, "gone": 1});
        let b = json!({"name": "B", "tags": ["x"], "doc": {"type": "Card", "children": [{"type": "Text", "value": "ho"}, {"type": "Divider"}]}, "new key": true});
        let d = diff(&a, &b);
        let paths: Vec<(&str, &str)> = d.iter().map(|c| (c.path.as_str(), c.op)).collect();
        assert_eq!(
            paths,
            [
                ("name", "changed"),
                ("tags[1]", "removed"),
                ("doc.children[0].value", "changed"),
                ("doc.children[1]", "added"),
                ("gone", "removed"),
                ("[\"new key\"]", "added"),
            ]
        );
        assert!(diff(&a, &a).is_empty());
    }
}
