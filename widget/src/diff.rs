//! Structural diff of two JSON documents: the list of paths whose values differ.
//!
//! Objects are compared key by key; arrays index by index (a removed or added tail shows as
//! `removed`/`added` entries). Paths use the validator's notation (`children[0].value`).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What happened at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    Added,
    Removed,
    Changed,
}

impl fmt::Display for ChangeOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ChangeOp::Added => "added",
            ChangeOp::Removed => "removed",
            ChangeOp::Changed => "changed",
        })
    }
}

/// One difference between `before` and `after`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub path: String,
    pub op: ChangeOp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
                        op: ChangeOp::Removed,
                        before: Some(va.clone()),
                        after: None,
                    }),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    out.push(Change {
                        path: key_path(&path, k),
                        op: ChangeOp::Added,
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
                        op: ChangeOp::Removed,
                        before: Some(va.clone()),
                        after: None,
                    }),
                    (None, Some(vb)) => out.push(Change {
                        path: p,
                        op: ChangeOp::Added,
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
            op: ChangeOp::Changed,
            before: Some(a.clone()),
            after: Some(b.clone()),
        }),
    }
}

/// Whether a line was kept, removed or added. Serialised as `' '`, `'-'` or `'+'`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineOp {
    #[serde(rename = " ")]
    Same,
    #[serde(rename = "-")]
    Removed,
    #[serde(rename = "+")]
    Added,
}

impl LineOp {
    /// The diff marker: `' '`, `'-'` or `'+'`.
    pub fn marker(self) -> char {
        match self {
            LineOp::Same => ' ',
            LineOp::Removed => '-',
            LineOp::Added => '+',
        }
    }
}

/// One line of a line diff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub op: LineOp,
    pub text: String,
}

/// Largest number of lines on either side that [`line_diff`] aligns (its table is
/// `lines(a) × lines(b)`); longer texts show as all removed then all added.
pub const MAX_DIFF_LINES: usize = 4000;

/// A line diff of two texts (longest common subsequence), for showing how a source changed.
pub fn line_diff(a: &str, b: &str) -> Vec<Line> {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    // The common head and tail cost nothing; only the middle needs the table.
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let line = |op, t: &str| Line {
        op,
        text: t.to_string(),
    };
    let mut out: Vec<Line> = a[..head].iter().map(|t| line(LineOp::Same, t)).collect();
    if am.len() > MAX_DIFF_LINES || bm.len() > MAX_DIFF_LINES {
        out.extend(am.iter().map(|t| line(LineOp::Removed, t)));
        out.extend(bm.iter().map(|t| line(LineOp::Added, t)));
    } else {
        // lcs[i][j]: length of the LCS of am[i..] and bm[j..].
        let (n, m) = (am.len(), bm.len());
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * (m + 1) + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                out.push(line(LineOp::Same, am[i]));
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[i * (m + 1) + j + 1] > lcs[(i + 1) * (m + 1) + j]) {
                // On a tie the removed line goes first: a changed line reads `-old` then `+new`.
                out.push(line(LineOp::Added, bm[j]));
                j += 1;
            } else {
                out.push(line(LineOp::Removed, am[i]));
                i += 1;
            }
        }
    }
    out.extend(a[a.len() - tail..].iter().map(|t| line(LineOp::Same, t)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn line_diffs() {
        let d = line_diff("a\nb\nc\nd", "a\nc\nx\nd");
        let ops: String = d
            .iter()
            .map(|l| format!("{}{}", l.op.marker(), l.text))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(ops, " a,-b, c,+x, d");
        // A changed line: the old one, then the new one.
        let d = line_diff("a\nb\nc", "a\nB\nc");
        let ops: Vec<String> = d
            .iter()
            .map(|l| format!("{}{}", l.op.marker(), l.text))
            .collect();
        assert_eq!(ops, [" a", "-b", "+B", " c"]);
        assert!(
            line_diff("same\n", "same\n")
                .iter()
                .all(|l| l.op == LineOp::Same)
        );
        assert_eq!(line_diff("", "new").len(), 1);
        let big_a = "x\n".repeat(MAX_DIFF_LINES + 1);
        let big_b = "y\n".repeat(MAX_DIFF_LINES + 1);
        let d = line_diff(&big_a, &big_b);
        assert_eq!(d.len(), 2 * (MAX_DIFF_LINES + 1));
    }

    #[test]
    fn finds_every_kind_of_change() {
        let a = json!({"name": "A", "tags": ["x", "y"], "doc": {"type": "Card", "children": [{"type": "Text", "value": "hi"}]}, "gone": 1});
        let b = json!({"name": "B", "tags": ["x"], "doc": {"type": "Card", "children": [{"type": "Text", "value": "ho"}, {"type": "Divider"}]}, "new key": true});
        let d = diff(&a, &b);
        let paths: Vec<(&str, String)> = d
            .iter()
            .map(|c| (c.path.as_str(), c.op.to_string()))
            .collect();
        assert_eq!(
            paths,
            [
                ("name", "changed".to_string()),
                ("tags[1]", "removed".to_string()),
                ("doc.children[0].value", "changed".to_string()),
                ("doc.children[1]", "added".to_string()),
                ("gone", "removed".to_string()),
                ("[\"new key\"]", "added".to_string()),
            ]
        );
        assert!(diff(&a, &a).is_empty());
        // The wire form is unchanged: ops as words and line markers as characters.
        let v = serde_json::to_value(&d[0]).unwrap();
        assert_eq!(v["op"], "changed");
        assert_eq!(serde_json::from_value::<Change>(v).unwrap(), d[0]);
        let l = serde_json::to_value(line_diff("a", "b")).unwrap();
        assert_eq!(
            l,
            json!([{"op": "-", "text": "a"}, {"op": "+", "text": "b"}])
        );
    }
}
