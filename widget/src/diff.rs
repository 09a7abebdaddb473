//! Structural diff of two JSON documents: the list of paths whose values differ.
//!
//! Objects are compared key by key; arrays index by index (a removed or added tail shows as
//! `removed`/`added` entries). Paths use the validator's notation (`children[0].value`).
//!
//! Also texts, line by line: a line diff ([`line_diff`]) and a three-way merge of two edits
//! of one text ([`merge3`]).

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
    let (mut i, mut j) = (0, 0);
    align(&a, &b)
        .0
        .into_iter()
        .map(|op| {
            let text = match op {
                LineOp::Same => {
                    i += 1;
                    j += 1;
                    a[i - 1]
                }
                LineOp::Removed => {
                    i += 1;
                    a[i - 1]
                }
                LineOp::Added => {
                    j += 1;
                    b[j - 1]
                }
            };
            Line {
                op,
                text: text.to_string(),
            }
        })
        .collect()
}

/// The text edits that turn `a` into `b`, line by line: each run of changed lines is one edit,
/// the byte range of `a` it replaces and the text of `b` it puts there, in order. Applied to
/// `a` (from the last to the first), they give `b`; what did not change is not touched, so an
/// editor's undo history of the lines around them maps through them.
pub fn line_edits(a: &str, b: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let al: Vec<&str> = a.split_inclusive('\n').collect();
    let bl: Vec<&str> = b.split_inclusive('\n').collect();
    let (ops, _) = align(&al, &bl);
    let (mut i, mut j, mut at) = (0usize, 0usize, 0usize);
    let mut out: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut open: Option<(std::ops::Range<usize>, String)> = None;
    for op in ops {
        match op {
            LineOp::Same => {
                out.extend(open.take());
                at += al[i].len();
                i += 1;
                j += 1;
            }
            LineOp::Removed => {
                let e = open.get_or_insert_with(|| (at..at, String::new()));
                at += al[i].len();
                e.0.end = at;
                i += 1;
            }
            LineOp::Added => {
                let e = open.get_or_insert_with(|| (at..at, String::new()));
                e.1.push_str(bl[j]);
                j += 1;
            }
        }
    }
    out.extend(open);
    out
}

/// How `b` reads as an edit of `a`, one step per line: [`LineOp::Same`] takes a line of each,
/// [`LineOp::Removed`] one of `a` and [`LineOp::Added`] one of `b`. The common head and tail
/// are the same; the middle is aligned by a longest common subsequence, unless it has more
/// than [`MAX_DIFF_LINES`] lines on either side: then it is all removed, then all added, and
/// the second value is false (not aligned).
fn align<T: PartialEq>(a: &[T], b: &[T]) -> (Vec<LineOp>, bool) {
    // The common head and tail cost nothing; only the middle needs the table.
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut out = vec![LineOp::Same; head];
    let aligned = am.len() <= MAX_DIFF_LINES && bm.len() <= MAX_DIFF_LINES;
    if !aligned {
        out.extend(std::iter::repeat_n(LineOp::Removed, am.len()));
        out.extend(std::iter::repeat_n(LineOp::Added, bm.len()));
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
                out.push(LineOp::Same);
                i += 1;
                j += 1;
            } else if j < m && (i == n || lcs[i * (m + 1) + j + 1] > lcs[(i + 1) * (m + 1) + j]) {
                // On a tie the removed line goes first: a changed line reads `-old` then `+new`.
                out.push(LineOp::Added);
                j += 1;
            } else {
                out.push(LineOp::Removed);
                i += 1;
            }
        }
    }
    out.extend(std::iter::repeat_n(LineOp::Same, tail));
    (out, aligned)
}

/// The result of [`merge3`]: the merged text, and where both sides changed the same lines.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merged {
    pub text: String,
    /// Each place where both sides changed the same lines of the base differently (mine was
    /// kept there), in the text's order. Empty when every change of both sides is in `text`.
    pub conflicts: Vec<MergeConflict>,
}

/// A place where both sides changed the same lines of the base differently: [`merge3`] kept
/// mine there and dropped theirs. Line numbers count from 1.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeConflict {
    /// The first of mine's lines kept here, in the merged text. When mine deleted the lines
    /// (`mine_len` is 0), the line that follows the place where they were.
    pub mine_start: usize,
    /// How many of the merged text's lines are mine's here.
    pub mine_len: usize,
    /// Where their dropped lines were, in their text. When they deleted the lines mine
    /// changed (`theirs` is empty), the line that followed the place where they were.
    pub theirs_start: usize,
    /// Their lines that were dropped, without their line endings.
    pub theirs: Vec<String>,
}

impl fmt::Display for MergeConflict {
    /// What happened, as the editor says it: "their lines 23–25 were replaced by yours
    /// (lines 2–4)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let span = |start: usize, len: usize| match len {
            1 => format!("line {start}"),
            _ => format!("lines {start}–{}", start + len - 1),
        };
        match (self.theirs.len(), self.mine_len) {
            (0, n) => write!(
                f,
                "they deleted lines you changed; yours are kept ({})",
                span(self.mine_start, n)
            ),
            (t, 0) => write!(
                f,
                "their {} {} dropped: you deleted the lines they changed",
                span(self.theirs_start, t),
                if t == 1 { "was" } else { "were" }
            ),
            (t, n) => write!(
                f,
                "their {} {} replaced by yours ({})",
                span(self.theirs_start, t),
                if t == 1 { "was" } else { "were" },
                span(self.mine_start, n)
            ),
        }
    }
}

/// A three-way merge of two edits of `base`, line by line (diff3), for keeping both sides'
/// edits of a text after a save conflict with mine winning where they clash.
///
/// Each side's changes are the runs of lines [`line_diff`]'s alignment finds changed from
/// `base`. A change only one side made is applied; the same change made by both is applied
/// once. Where both changed the same lines of `base` differently, or both inserted lines at
/// the same place (their order would be a guess), mine is kept, theirs dropped, and the place
/// is reported in [`Merged::conflicts`]. Changes that only touch (I changed line 2, they
/// changed line 3; they inserted lines just after a line I changed) are both applied.
///
/// Lines are compared without their endings, so a side that only changed "\r\n" to "\n"
/// does not clash with the other's edits. Every line keeps its own ending ("\n", "\r\n",
/// or none on a last line): a line from one side's change has that side's; a line neither
/// changed has mine's if I changed its ending, else theirs'. So texts that all use "\r\n"
/// merge to "\r\n", and texts without a line break at the end merge to one without. A line
/// without an ending that another line follows in the merge (one side added lines after the
/// last) gets the texts' line break: the first in mine, theirs or `base`, else "\n".
///
/// When `mine` is `base` the result is `theirs`, and when `theirs` is `base` (or `mine`) it is
/// `mine`. When the changed middle of either side has more than [`MAX_DIFF_LINES`] lines, the
/// result is `mine` whole with one conflict covering all of it.
pub fn merge3(base: &str, mine: &str, theirs: &str) -> Merged {
    if mine == base {
        return Merged {
            text: theirs.to_string(),
            conflicts: Vec::new(),
        };
    }
    if theirs == base || theirs == mine {
        return Merged {
            text: mine.to_string(),
            conflicts: Vec::new(),
        };
    }
    merge_lines(base, mine, theirs)
}

/// A line of a text being merged: its text, and its ending ("\n", "\r\n", or "" on a last
/// line without one).
#[derive(Clone, Copy, Debug)]
struct Piece<'a> {
    text: &'a str,
    end: &'a str,
}

fn pieces(s: &str) -> Vec<Piece<'_>> {
    s.split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(body) => {
                let text = body.strip_suffix('\r').unwrap_or(body);
                Piece {
                    text,
                    end: &l[text.len()..],
                }
            }
            None => Piece { text: l, end: "" },
        })
        .collect()
}

/// The lines' texts, without their endings.
fn texts<'a>(lines: &[Piece<'a>]) -> Vec<&'a str> {
    lines.iter().map(|l| l.text).collect()
}

/// A run of lines one side changed: lines `base` of the base became lines `side` of the side
/// (either may be empty: an insertion or a deletion).
#[derive(Clone, Debug)]
struct Hunk {
    base: std::ops::Range<usize>,
    side: std::ops::Range<usize>,
}

/// The changed runs of an alignment of the base with a side ([`align`]), in order.
fn hunks(steps: &[LineOp]) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut open = false;
    for op in steps {
        match op {
            LineOp::Same => {
                open = false;
                i += 1;
                j += 1;
                continue;
            }
            _ if !open => {
                out.push(Hunk {
                    base: i..i,
                    side: j..j,
                });
                open = true;
            }
            _ => {}
        }
        let h = out.last_mut().expect("an open hunk");
        if *op == LineOp::Removed {
            i += 1;
            h.base.end = i;
        } else {
            j += 1;
            h.side.end = j;
        }
    }
    out
}

/// Whether a change of mine and one of theirs clash: they share lines of the base, or both
/// insert at the same place. Changes that only touch do not.
fn clash(x: &Hunk, y: &Hunk) -> bool {
    let (x, y) = (&x.base, &y.base);
    (x.start < y.end && y.start < x.end) || (x.is_empty() && y.is_empty() && x.start == y.start)
}

/// The merged text being written: a line at a time, counted.
struct Out<'a> {
    text: String,
    lines: usize,
    /// The last line has no ending yet: one is added if another line follows.
    open: bool,
    /// The ending added then.
    eol: &'a str,
}

impl Out<'_> {
    fn push(&mut self, text: &str, end: &str) {
        if self.open {
            self.text.push_str(self.eol);
        }
        self.text.push_str(text);
        self.text.push_str(end);
        self.open = end.is_empty();
        self.lines += 1;
    }
}

/// The ending of a line neither side changed: mine's if I changed it, else theirs'.
fn unchanged_end<'a>(base: Piece<'_>, mine: Piece<'a>, theirs: Piece<'a>) -> &'a str {
    if mine.end != base.end {
        mine.end
    } else {
        theirs.end
    }
}

/// [`merge3`] without its shortcuts for unchanged sides (the tests check that it agrees).
fn merge_lines(base: &str, mine: &str, theirs: &str) -> Merged {
    let (b, m, t) = (pieces(base), pieces(mine), pieces(theirs));
    let (bt, mt, tt) = (texts(&b), texts(&m), texts(&t));
    let (mine_steps, mine_aligned) = align(&bt, &mt);
    let (their_steps, their_aligned) = align(&bt, &tt);
    if !(mine_aligned && their_aligned) {
        return Merged {
            text: mine.to_string(),
            conflicts: vec![MergeConflict {
                mine_start: 1,
                mine_len: m.len(),
                theirs_start: 1,
                theirs: tt.iter().map(|l| l.to_string()).collect(),
            }],
        };
    }
    let (mh, th) = (hunks(&mine_steps), hunks(&their_steps));
    let eol = [&m, &t, &b]
        .into_iter()
        .flat_map(|p| p.iter())
        .map(|p| p.end)
        .find(|e| !e.is_empty())
        .unwrap_or("\n");
    let mut out = Out {
        text: String::with_capacity(mine.len().max(theirs.len())),
        lines: 0,
        open: false,
        eol,
    };
    let mut conflicts = Vec::new();
    // Where the merge is in the base, mine and theirs; the next hunks of mine and theirs.
    let (mut bi, mut mi, mut ti) = (0, 0, 0);
    let (mut i, mut j) = (0, 0);
    let base_len = |h: &[Hunk]| h.iter().map(|h| h.base.len()).sum::<usize>();
    let side_len = |h: &[Hunk]| h.iter().map(|h| h.side.len()).sum::<usize>();
    loop {
        // The next group of changes starts at the first change left, in the base's order;
        // it takes in every change of the other side that clashes with one in it.
        let key = |h: &Hunk| (h.base.start, h.base.end);
        let (i0, j0) = (i, j);
        match (mh.get(i), th.get(j)) {
            (None, None) => break,
            (Some(x), Some(y)) if key(x) <= key(y) => i += 1,
            (Some(_), None) => i += 1,
            _ => j += 1,
        }
        loop {
            if mh
                .get(i)
                .is_some_and(|x| th[j0..j].iter().any(|y| clash(x, y)))
            {
                i += 1;
            } else if th
                .get(j)
                .is_some_and(|y| mh[i0..i].iter().any(|x| clash(x, y)))
            {
                j += 1;
            } else {
                break;
            }
        }
        let (ms, ts) = (&mh[i0..i], &th[j0..j]);
        let lo = ms.iter().chain(ts).map(|h| h.base.start).min();
        let hi = ms.iter().chain(ts).map(|h| h.base.end).max();
        let (Some(lo), Some(hi)) = (lo, hi) else {
            unreachable!("a group has a change")
        };
        // The lines before it neither side changed.
        while bi < lo {
            out.push(b[bi].text, unchanged_end(b[bi], m[mi], t[ti]));
            (bi, mi, ti) = (bi + 1, mi + 1, ti + 1);
        }
        // What each side made of the base's lines lo..hi.
        let mine_end = mi + (hi - lo) + side_len(ms) - base_len(ms);
        let their_end = ti + (hi - lo) + side_len(ts) - base_len(ts);
        let (mine_part, their_part) = (&m[mi..mine_end], &t[ti..their_end]);
        let same = || texts(mine_part) == texts(their_part);
        let take = if ms.is_empty() { their_part } else { mine_part };
        if !ms.is_empty() && !ts.is_empty() && !same() {
            conflicts.push(MergeConflict {
                mine_start: out.lines + 1,
                mine_len: mine_part.len(),
                theirs_start: ti + 1,
                theirs: their_part.iter().map(|l| l.text.to_string()).collect(),
            });
        }
        for l in take {
            out.push(l.text, l.end);
        }
        (bi, mi, ti) = (hi, mine_end, their_end);
    }
    while bi < b.len() {
        out.push(b[bi].text, unchanged_end(b[bi], m[mi], t[ti]));
        (bi, mi, ti) = (bi + 1, mi + 1, ti + 1);
    }
    debug_assert_eq!((mi, ti), (m.len(), t.len()));
    Merged {
        text: out.text,
        conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Applies `line_edits(a, b)` to `a`.
    fn applied(a: &str, b: &str) -> (String, Vec<(std::ops::Range<usize>, String)>) {
        let edits = line_edits(a, b);
        let mut t = a.to_string();
        for (r, text) in edits.iter().rev() {
            t.replace_range(r.clone(), text);
        }
        (t, edits)
    }

    #[test]
    fn line_edits_turn_one_text_into_the_other_and_touch_only_what_changed() {
        let a = "<Card>\n  <Badge color=\"info\" />\n  <Button label=\"Abort\" />\n</Card>\n";
        let b = "<Card>\n  <Badge color=\"danger\" />\n  <Button label=\"Abort\" />\n</Card>\n";
        let (t, edits) = applied(a, b);
        assert_eq!(t, b);
        assert_eq!(edits.len(), 1);
        assert_eq!(&a[edits[0].0.clone()], "  <Badge color=\"info\" />\n");
        // Two runs apart are two edits; added and removed lines, no final line break, CRLF,
        // empty texts.
        for (a, b) in [
            ("1\n2\n3\n4\n5", "1\nx\n3\n4\ny"),
            ("1\n2\n3", "0\n1\n2\n3\n4"),
            ("1\n2\n3\n", "2\n"),
            ("a\r\nb\r\n", "a\r\nc\r\n"),
            ("", "x\ny"),
            ("x\ny", ""),
            ("same", "same"),
            ("日本\n語", "日本\n🎉"),
        ] {
            let (t, edits) = applied(a, b);
            assert_eq!(t, b, "{a:?} → {b:?}: {edits:?}");
        }
        assert_eq!(line_edits("1\n2\n3\n4\n5", "1\nx\n3\n4\ny").len(), 2);
        assert!(line_edits("same", "same").is_empty());
    }

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

    /// The merged text, checking there was no conflict.
    fn clean(base: &str, mine: &str, theirs: &str) -> String {
        let m = merge3(base, mine, theirs);
        assert!(m.conflicts.is_empty(), "{m:?}");
        m.text
    }

    #[test]
    fn merge_applies_a_change_made_on_one_side() {
        let base = "a\nb\nc\n";
        assert_eq!(clean(base, "a\nB\nc\n", base), "a\nB\nc\n");
        assert_eq!(clean(base, base, "a\nB\nc\n"), "a\nB\nc\n");
        // Insertions at the start and at the end, and deletions, either side.
        assert_eq!(clean(base, "new\na\nb\nc\n", base), "new\na\nb\nc\n");
        assert_eq!(clean(base, base, "a\nb\nc\nnew\n"), "a\nb\nc\nnew\n");
        assert_eq!(clean(base, "a\nc\n", base), "a\nc\n");
        assert_eq!(clean(base, base, ""), "");
        // The general merge agrees with the shortcuts for an unchanged side.
        for side in ["a\nB\nc\n", "new\na\nb\nc\n", "a\nc\n", "", "a\nb\nc"] {
            assert_eq!(merge_lines(base, base, side).text, side);
            assert_eq!(merge_lines(base, side, base).text, side);
            assert!(merge_lines(base, side, side).conflicts.is_empty());
            assert_eq!(merge_lines(base, side, side).text, side);
        }
    }

    #[test]
    fn merge_keeps_both_sides_changes_to_different_lines() {
        let base: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let edit = |n: usize, to: &str| {
            base.lines()
                .enumerate()
                .map(|(i, l)| {
                    if i + 1 == n {
                        format!("{to}\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect::<String>()
        };
        // Far apart: I changed line 2, they changed line 23.
        let merged = clean(&base, &edit(2, "mine"), &edit(23, "theirs"));
        let lines: Vec<&str> = merged.lines().collect();
        assert_eq!((lines[1], lines[22], lines.len()), ("mine", "theirs", 30));
        // Next to each other: I changed line 2, they changed line 3 (and the other way).
        let merged = clean(&base, &edit(2, "mine"), &edit(3, "theirs"));
        assert!(
            merged.starts_with("line 1\nmine\ntheirs\nline 4\n"),
            "{merged}"
        );
        let merged = clean(&base, &edit(3, "mine"), &edit(2, "theirs"));
        assert!(
            merged.starts_with("line 1\ntheirs\nmine\nline 4\n"),
            "{merged}"
        );
        // They inserted a line just after the one I changed; I deleted the one before theirs.
        assert_eq!(
            clean("a\nb\nc\n", "a\nB\nc\n", "a\nb\nnew\nc\n"),
            "a\nB\nnew\nc\n"
        );
        assert_eq!(clean("a\nb\nc\n", "a\nc\n", "a\nb\nC\n"), "a\nC\n");
        // An insertion at the start on one side, at the end on the other.
        assert_eq!(clean("a\nb\n", "0\na\nb\n", "a\nb\nz\n"), "0\na\nb\nz\n");
        // Deletions on both sides, of different lines.
        assert_eq!(
            clean("a\nb\nc\nd\ne\n", "b\nc\nd\ne\n", "a\nb\nc\ne\n"),
            "b\nc\ne\n"
        );
    }

    #[test]
    fn merge_applies_the_same_change_once() {
        let base = "a\nb\nc\n";
        assert_eq!(clean(base, "a\nB\nc\nd\n", "a\nB\nc\n"), "a\nB\nc\nd\n");
        assert_eq!(clean(base, "a\nc\n", "a\nc\nz\n"), "a\nc\nz\n");
        // Both deleted everything.
        assert_eq!(clean(base, "", ""), "");
    }

    #[test]
    fn merge_keeps_mine_where_both_changed_the_same_lines_and_says_so() {
        let base = "a\nb\nc\nd\n";
        let m = merge3(base, "a\nmine\nc\nd\n", "a\ntheirs 1\ntheirs 2\nc\nD\n");
        // Mine wins on line 2; their change to line 4 is kept.
        assert_eq!(m.text, "a\nmine\nc\nD\n");
        assert_eq!(
            m.conflicts,
            [MergeConflict {
                mine_start: 2,
                mine_len: 1,
                theirs_start: 2,
                theirs: vec!["theirs 1".into(), "theirs 2".into()],
            }]
        );
        assert_eq!(
            m.conflicts[0].to_string(),
            "their lines 2–3 were replaced by yours (line 2)"
        );
        // The wire form: the fields by name.
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["conflicts"][0]["theirs_start"], 2);
        assert_eq!(serde_json::from_value::<Merged>(v).unwrap(), m);
        // Overlapping but not the same lines: the whole overlap is one conflict.
        let m = merge3("1\n2\n3\n4\n5\n", "1\nx\ny\n4\n5\n", "1\n2\nq\nr\n5\n");
        assert_eq!(m.text, "1\nx\ny\n4\n5\n");
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!((m.conflicts[0].mine_start, m.conflicts[0].mine_len), (2, 3));
        assert_eq!(m.conflicts[0].theirs, ["2", "q", "r"]);
        // I deleted the line they changed; they deleted the line I changed.
        let m = merge3("a\nb\nc\n", "a\nc\n", "a\nB\nc\n");
        assert_eq!(m.text, "a\nc\n");
        assert_eq!(m.conflicts[0].mine_len, 0);
        assert_eq!(m.conflicts[0].mine_start, 2);
        assert_eq!(
            m.conflicts[0].to_string(),
            "their line 2 was dropped: you deleted the lines they changed"
        );
        let m = merge3("a\nb\nc\n", "a\nB\nc\n", "a\nc\n");
        assert_eq!(m.text, "a\nB\nc\n");
        assert!(m.conflicts[0].theirs.is_empty());
        assert_eq!(
            m.conflicts[0].to_string(),
            "they deleted lines you changed; yours are kept (line 2)"
        );
        // Both inserted at the same place: the order would be a guess, so mine only.
        let m = merge3("a\nb\n", "a\nmine\nb\n", "a\ntheirs\nb\n");
        assert_eq!(m.text, "a\nmine\nb\n");
        assert_eq!(m.conflicts[0].theirs, ["theirs"]);
        let m = merge3("a\n", "a\nmine\n", "a\ntheirs\n");
        assert_eq!(m.text, "a\nmine\n");
        assert_eq!(m.conflicts.len(), 1);
        // The line numbers are the merged text's, after the changes taken before.
        let m = merge3("a\nb\nc\n", "a\nb\nmine\n", "0\n1\na\nb\ntheirs\n");
        assert_eq!(m.text, "0\n1\na\nb\nmine\n");
        assert_eq!(
            (m.conflicts[0].mine_start, m.conflicts[0].theirs_start),
            (5, 5)
        );
    }

    #[test]
    fn merge_of_an_empty_base() {
        assert_eq!(clean("", "mine\n", ""), "mine\n");
        assert_eq!(clean("", "", "theirs\n"), "theirs\n");
        let m = merge3("", "mine\n", "theirs\n");
        assert_eq!(m.text, "mine\n");
        assert_eq!(m.conflicts[0].theirs, ["theirs"]);
        assert_eq!(clean("", "same", "same"), "same");
    }

    #[test]
    fn merge_keeps_the_texts_line_endings() {
        // "\r\n" throughout.
        let base = "a\r\nb\r\nc\r\nd\r\n";
        assert_eq!(
            clean(base, "a\r\nB\r\nc\r\nd\r\n", "a\r\nb\r\nc\r\nD\r\n"),
            "a\r\nB\r\nc\r\nD\r\n"
        );
        let m = merge3(base, "a\r\nmine\r\nc\r\nd\r\n", "a\r\ntheirs\r\nc\r\nd\r\n");
        assert_eq!(m.text, "a\r\nmine\r\nc\r\nd\r\n");
        assert_eq!(m.conflicts[0].theirs, ["theirs"]);
        // No line break at the end, on every side.
        let base = "a\nb\nc";
        assert_eq!(clean(base, "A\nb\nc", "a\nb\nC"), "A\nb\nC");
        assert_eq!(clean(base, "a\nb\nc\nd", "A\nb\nc"), "A\nb\nc\nd");
        assert_eq!(clean("a\r\nb", "A\r\nb", "a\r\nB"), "A\r\nB");
        // A last line that gets a line after it is given a line break.
        assert_eq!(clean("a\nb", "a\nb\nc", "A\nb"), "A\nb\nc");
        assert_eq!(clean("a\nb", "a\nB", "a\nb\nc"), "a\nB\nc");
        assert_eq!(clean("a\r\nb", "a\r\nB", "a\r\nb\r\nc"), "a\r\nB\r\nc");
        // One side adds the last line break, the other edits.
        assert_eq!(clean("a\nb", "a\nb\n", "A\nb"), "A\nb\n");
        // One side changed only the line endings: the other's edits still apply.
        assert_eq!(
            clean("a\r\nb\r\nc\r\n", "a\nb\nc\n", "a\r\nB\r\nc\r\n"),
            "a\nB\r\nc\n"
        );
    }

    #[test]
    fn merge_past_the_limit_keeps_mine_and_reports_it_all() {
        let base = "x\n".repeat(MAX_DIFF_LINES + 1);
        let mine = "y\n".repeat(MAX_DIFF_LINES + 1);
        let theirs = format!("t\n{base}");
        let m = merge3(&base, &mine, &theirs);
        assert_eq!(m.text, mine);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(
            (m.conflicts[0].mine_start, m.conflicts[0].mine_len),
            (1, MAX_DIFF_LINES + 1)
        );
        assert_eq!(m.conflicts[0].theirs.len(), MAX_DIFF_LINES + 2);
        // An unchanged side still takes the other whole, and a long text with a short
        // changed middle merges.
        assert_eq!(clean(&base, &base, &theirs), theirs);
        let long: String = (0..2 * MAX_DIFF_LINES).map(|i| format!("{i}\n")).collect();
        let merged = clean(&long, &format!("top\n{long}"), &format!("{long}bottom\n"));
        assert_eq!(merged, format!("top\n{long}bottom\n"));
    }

    /// A small deterministic generator (xorshift), so the property test needs no crate.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Some lines from a tiny alphabet (so lines repeat, as `}` does in a view).
    fn random_lines(rng: &mut Rng) -> Vec<&'static str> {
        const WORDS: [&str; 5] = ["a", "b", "c", "}", ""];
        (0..rng.below(8)).map(|_| WORDS[rng.below(5)]).collect()
    }

    /// `lines` edited a few times: lines deleted, inserted and replaced.
    fn edited(rng: &mut Rng, lines: &[&'static str]) -> Vec<&'static str> {
        let mut out = lines.to_vec();
        for _ in 0..rng.below(4) {
            let at = rng.below(out.len() + 1);
            match rng.below(3) {
                0 if at < out.len() => {
                    out.remove(at);
                }
                1 if at < out.len() => out[at] = ["x", "y", "a"][rng.below(3)],
                _ => out.insert(at, ["x", "y", "b", "}"][rng.below(4)]),
            }
        }
        out
    }

    fn join(lines: &[&str], eol: &str, last: bool) -> String {
        let mut s = lines.join(eol);
        if last && !lines.is_empty() {
            s.push_str(eol);
        }
        s
    }

    #[test]
    fn merge_properties_over_generated_texts() {
        let mut rng = Rng(0x5eed_1234_abcd_0042);
        let mut clean_merges = 0;
        for round in 0..300 {
            let eol = if round % 5 == 4 { "\r\n" } else { "\n" };
            let base = random_lines(&mut rng);
            let (mine, theirs) = (edited(&mut rng, &base), edited(&mut rng, &base));
            let ends = [rng.below(4) != 0, rng.below(4) != 0, rng.below(4) != 0];
            let (b, m, t) = (
                join(&base, eol, ends[0]),
                join(&mine, eol, ends[1]),
                join(&theirs, eol, ends[2]),
            );
            let case = format!("{b:?} {m:?} {t:?}");
            // An unchanged side takes the other's text exactly, also without the shortcuts.
            assert_eq!(merge3(&b, &b, &t).text, t, "{case}");
            assert_eq!(merge3(&b, &m, &b).text, m, "{case}");
            assert_eq!(merge_lines(&b, &b, &t).text, t, "{case}");
            assert_eq!(merge_lines(&b, &m, &b).text, m, "{case}");
            assert_eq!(merge_lines(&b, &b, &t).conflicts, [], "{case}");
            assert_eq!(merge_lines(&b, &m, &m).text, m, "{case}");
            let ours = merge3(&b, &m, &t);
            let swapped = merge3(&b, &t, &m);
            // A conflict on one side is one on the other.
            assert_eq!(
                ours.conflicts.is_empty(),
                swapped.conflicts.is_empty(),
                "{case}"
            );
            // Every conflict keeps mine's lines where it says.
            let merged: Vec<&str> = ours.text.lines().collect();
            let theirs_lines: Vec<&str> = t.lines().collect();
            for c in &ours.conflicts {
                assert!(c.mine_start + c.mine_len <= merged.len() + 1, "{case}");
                let dropped = &theirs_lines[c.theirs_start - 1..][..c.theirs.len()];
                assert_eq!(dropped, c.theirs, "{case}");
            }
            if ours.conflicts.is_empty() {
                clean_merges += 1;
                // Without conflicts the merge is the same whichever side is mine: the same
                // lines, and the same text when every text ends its lines alike.
                assert_eq!(
                    ours.text.lines().collect::<Vec<_>>(),
                    swapped.text.lines().collect::<Vec<_>>(),
                    "{case}"
                );
                if [&b, &m, &t]
                    .iter()
                    .all(|s| s.is_empty() || s.ends_with('\n'))
                {
                    assert_eq!(ours.text, swapped.text, "{case}");
                }
            }
            // The merge uses the texts' line break only.
            if eol == "\n" {
                assert!(!ours.text.contains('\r'), "{case}");
            } else {
                assert!(!ours.text.replace("\r\n", "").contains('\n'), "{case}");
            }
        }
        // The generated edits both clash and do not.
        assert!(
            clean_merges >= 100 && 300 - clean_merges >= 30,
            "{clean_merges}"
        );
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
