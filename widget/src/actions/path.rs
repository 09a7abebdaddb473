//! Paths into a widget's state or an action's payload, as handler rules write them.
//!
//! A path is names joined by dots (`order.total`); a number after a dot is an item of a list
//! (`rows.0.title`, or `rows[0].title`). A selector picks the items of a list by one of their
//! fields: `tasks[id=payload.task_id].done` is the `done` of every task whose `id` equals the
//! action's `task_id`. What a selector compares with is `payload.…`, `state.…` or a JSON value
//! (`[done=true]`, `[status="open"]`, `[n=3]`).
//!
//! Reading a path (a condition, a `set`'s source, a `{{…}}` template) takes the first item a
//! selector picks; writing (`set`, `toggle`,
//! `add`, `compute`, `remove`, `append`) goes to every item it picks.

use serde_json::{Map, Value};

/// A parsed path.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    segs: Vec<Seg>,
}

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    /// A field of an object, or (a number) an item of a list.
    Key(String),
    /// `[N]`: an item of a list.
    Index(usize),
    /// `[key=value]`: every item of a list whose `key` equals the value.
    Where { key: String, value: Operand },
}

/// What a selector compares with.
#[derive(Clone, Debug, PartialEq)]
enum Operand {
    Payload(Path),
    State(Path),
    Literal(Value),
}

/// One place a path reached: the keys and indexes from the root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Key(String),
    Index(usize),
}

const SYNTAX: &str = "a path is names joined by dots (`order.total`), with list items by number (`rows.0`, `rows[0]`) or by a field (`tasks[id=payload.task_id]`, `tasks[done=true]`)";

impl Path {
    /// Reads a path; the error says at which character and what a path may hold.
    pub fn parse(text: &str) -> Result<Path, String> {
        Path::parse_after(text, 0)
    }

    /// Reads the path that starts `start` bytes into `whole` (a condition's `state.…` after its
    /// root): an error quotes `whole` and counts its characters from the start of `whole`.
    pub fn parse_after(whole: &str, start: usize) -> Result<Path, String> {
        read(whole, start, whole.len()).map_err(|(at, what)| {
            format!(
                "`{whole}` at character {}: {what}; {SYNTAX}",
                whole[..at].chars().count() + 1
            )
        })
    }

    /// The places the path reaches in `root`, selectors compared with `payload` and `state`.
    /// A name that is not there still makes a place (a write creates it). Where a selector
    /// picks many items, each goes on its own way, and one that cannot (a list too short, a
    /// value that is not a list) is dropped; `Err` says why when none is left.
    pub fn places(
        &self,
        root: &Value,
        payload: &Value,
        state: &Value,
    ) -> Result<Vec<Vec<Place>>, String> {
        let mut here: Vec<(Vec<Place>, Option<&Value>)> = vec![(Vec::new(), Some(root))];
        for (n, seg) in self.segs.iter().enumerate() {
            let mut next = Vec::new();
            let mut why: Option<String> = None;
            let mut dropped = |m: String| {
                why.get_or_insert(m);
            };
            for (at, v) in here {
                match seg {
                    Seg::Key(k) => match v {
                        Some(Value::Array(items)) => match k.parse::<usize>() {
                            Ok(i) if i < items.len() => {
                                next.push((with(&at, Place::Index(i)), items.get(i)))
                            }
                            _ => dropped(format!(
                                "`{}` is a list of {} items; it has no item `{k}`",
                                self.prefix(n),
                                items.len()
                            )),
                        },
                        Some(Value::Object(m)) => {
                            next.push((with(&at, Place::Key(k.clone())), m.get(k)))
                        }
                        _ => next.push((with(&at, Place::Key(k.clone())), None)),
                    },
                    Seg::Index(i) => match v {
                        Some(Value::Array(items)) if *i < items.len() => {
                            next.push((with(&at, Place::Index(*i)), items.get(*i)))
                        }
                        Some(Value::Array(items)) => dropped(format!(
                            "`{}` is a list of {} items; it has no item {i}",
                            self.prefix(n),
                            items.len()
                        )),
                        None => dropped(format!("the state has no `{}`", self.prefix(n))),
                        Some(_) => dropped(format!("`{}` is not a list", self.prefix(n))),
                    },
                    Seg::Where { key, value } => {
                        let Some(Value::Array(items)) = v else {
                            dropped(if v.is_none() {
                                format!("the state has no `{}`", self.prefix(n))
                            } else {
                                format!(
                                    "`{}` is not a list, so `[{key}=…]` picks nothing",
                                    self.prefix(n)
                                )
                            });
                            continue;
                        };
                        let Some(want) = value.value(payload, state) else {
                            dropped(format!(
                                "`{value}` is not there, so `[{key}={value}]` picks no item of `{}`",
                                self.prefix(n)
                            ));
                            continue;
                        };
                        let before = next.len();
                        for (i, item) in items.iter().enumerate() {
                            if item.get(key).is_some_and(|x| same(x, want)) {
                                next.push((with(&at, Place::Index(i)), Some(item)));
                            }
                        }
                        if next.len() == before {
                            dropped(format!(
                                "no item of `{}` has `{key}` equal to {want}",
                                self.prefix(n)
                            ));
                        }
                    }
                }
            }
            if next.is_empty() {
                return Err(
                    why.unwrap_or_else(|| format!("`{}` reaches nothing", self.prefix(n + 1)))
                );
            }
            here = next;
        }
        Ok(here.into_iter().map(|(at, _)| at).collect())
    }

    /// The value at the path (the first place it reaches that holds one), if it is there.
    pub fn get<'v>(&self, root: &'v Value, payload: &Value, state: &Value) -> Option<&'v Value> {
        let places = self.places(root, payload, state).ok()?;
        places.iter().find_map(|p| at(root, p))
    }

    /// The path up to (not including) segment `n`, as written.
    fn prefix(&self, n: usize) -> String {
        let mut out = String::new();
        for s in &self.segs[..n] {
            match s {
                Seg::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Where { key, value } => out.push_str(&format!("[{key}={value}]")),
            }
        }
        out
    }

    /// True when the path has a selector (it may reach many places).
    pub fn selects(&self) -> bool {
        self.segs.iter().any(|s| matches!(s, Seg::Where { .. }))
    }
}

/// Reads `whole[start..end]` as a path; an error is (its byte offset in `whole`, what is wrong).
fn read(whole: &str, start: usize, end: usize) -> Result<Path, (usize, String)> {
    let text = &whole[..end];
    let b = text.as_bytes();
    if start >= end {
        return Err((start.min(whole.len()), "the path is empty".into()));
    }
    let mut segs = Vec::new();
    let mut i = start;
    // After a name or a selector: `.`, `[` or the end.
    let mut need_name = true;
    while i < end {
        if need_name {
            let stop = text[i..].find(['.', '[', ']']).map_or(end, |j| i + j);
            if stop == i {
                return Err((i, "a name is missing here".into()));
            }
            segs.push(Seg::Key(text[i..stop].to_string()));
            i = stop;
            need_name = false;
            continue;
        }
        match b[i] {
            b'.' => {
                i += 1;
                need_name = true;
                if i == end {
                    return Err((i - 1, "the path ends with a dot".into()));
                }
            }
            b'[' => {
                let Some(close) = closing(text, i) else {
                    return Err((i, "this `[` is not closed by `]`".into()));
                };
                let inner = &text[i + 1..close];
                let lead = inner.len() - inner.trim_start().len();
                let inner_at = i + 1 + lead;
                let inner = inner.trim();
                let seg = if let Ok(n) = inner.parse::<usize>() {
                    Seg::Index(n)
                } else if let Some(eq) = inner.find('=') {
                    let key = inner[..eq].trim();
                    if key.is_empty() {
                        return Err((
                            inner_at,
                            "the name of the item's field is missing before `=` (`[id=payload.id]`)".into(),
                        ));
                    }
                    if inner[eq + 1..].starts_with('=') {
                        return Err((
                            inner_at + eq,
                            format!(
                                "one `=` compares here: `[{key}={}]`",
                                inner[eq + 2..].trim()
                            ),
                        ));
                    }
                    if key.contains(['.', '[', '"']) {
                        return Err((
                            inner_at,
                            format!("`{key}` is not the name of an item's field"),
                        ));
                    }
                    let raw = &inner[eq + 1..];
                    let value_at = inner_at + eq + 1 + (raw.len() - raw.trim_start().len());
                    let value_end = value_at + raw.trim().len();
                    Seg::Where {
                        key: key.to_string(),
                        value: Operand::read(whole, value_at, value_end)?,
                    }
                } else if inner.is_empty() {
                    return Err((
                        i,
                        "`[]` picks nothing: write an item's number (`[0]`) or `[field=value]`"
                            .into(),
                    ));
                } else {
                    return Err((
                        inner_at,
                        format!("`[{inner}]` is neither an item's number nor `field=value`"),
                    ));
                };
                segs.push(seg);
                i = close + 1;
            }
            b']' => return Err((i, "a `]` without its `[`".into())),
            _ => return Err((i, "a `.` or a `[` is missing here".into())),
        }
    }
    Ok(Path { segs })
}

/// The `]` that closes the `[` at `open`: brackets nest, and a `]` inside a quoted string does
/// not count.
fn closing(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    for (j, c) in text[open..].char_indices() {
        if quoted {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + j);
                }
            }
            _ => {}
        }
    }
    None
}

impl std::fmt::Display for Operand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Operand::Payload(p) => write!(f, "payload.{}", Path::prefix(p, p.segs.len())),
            Operand::State(p) => write!(f, "state.{}", Path::prefix(p, p.segs.len())),
            Operand::Literal(v) => write!(f, "{v}"),
        }
    }
}

impl Operand {
    /// Reads `whole[start..end]` as what a selector compares with.
    fn read(whole: &str, start: usize, end: usize) -> Result<Operand, (usize, String)> {
        let text = &whole[start..end];
        for (root, make) in [
            ("payload", Operand::Payload as fn(Path) -> Operand),
            ("state", Operand::State),
        ] {
            if let Some(rest) = text.strip_prefix(root) {
                if rest.is_empty() {
                    return Err((
                        start,
                        format!(
                            "compare with a value of the {root} (`{root}.id`), not the whole {root}"
                        ),
                    ));
                }
                if rest.starts_with('.') {
                    let p = read(whole, start + root.len() + 1, end)?;
                    if p.selects() {
                        return Err((
                            start,
                            format!("`{text}`: a selector cannot hold another selector"),
                        ));
                    }
                    return Ok(make(p));
                }
            }
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null)) => {
                Ok(Operand::Literal(v))
            }
            _ if text.is_empty() => Err((start, "the value to compare with is missing".into())),
            _ => Err((
                start,
                format!(
                    "`{text}` is not something to compare with: write `payload.…`, `state.…`, or a JSON value such as {} (quoted), 3 or true",
                    serde_json::Value::String(text.trim_matches(['"', '\'']).to_string())
                ),
            )),
        }
    }

    fn value<'v>(&'v self, payload: &'v Value, state: &'v Value) -> Option<&'v Value> {
        match self {
            Operand::Payload(p) => p.get(payload, payload, state),
            Operand::State(p) => p.get(state, payload, state),
            Operand::Literal(v) => Some(v),
        }
    }
}

fn with(at: &[Place], p: Place) -> Vec<Place> {
    let mut v = at.to_vec();
    v.push(p);
    v
}

/// JSON equality with numbers by value (`1` equals `1.0`).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// The value at a place, if it is there.
pub fn at<'v>(root: &'v Value, place: &[Place]) -> Option<&'v Value> {
    place.iter().try_fold(root, |v, p| match (v, p) {
        (Value::Object(m), Place::Key(k)) => m.get(k),
        (Value::Array(a), Place::Index(i)) => a.get(*i),
        _ => None,
    })
}

/// Writes `value` at a place, making the objects on the way (a step that is neither an object
/// nor the list the place indexes becomes an object; the root too).
pub fn put(root: &mut Value, place: &[Place], value: Value) {
    let mut here = root;
    for p in place {
        here = match p {
            Place::Index(i) => match here {
                Value::Array(a) if *i < a.len() => &mut a[*i],
                // `places` only gives indexes it found; a list that changed since is left alone.
                _ => return,
            },
            Place::Key(k) => {
                if !here.is_object() {
                    *here = Value::Object(Map::new());
                }
                let Value::Object(m) = here else {
                    return;
                };
                m.entry(k.clone()).or_insert(Value::Null)
            }
        };
    }
    *here = value;
}

/// Removes what is at a place: a list's item or an object's field. False when it is not there.
pub fn remove(root: &mut Value, place: &[Place]) -> bool {
    let Some((last, parents)) = place.split_last() else {
        return false;
    };
    let mut here = root;
    for p in parents {
        let next = match (here, p) {
            (Value::Object(m), Place::Key(k)) => m.get_mut(k),
            (Value::Array(a), Place::Index(i)) => a.get_mut(*i),
            _ => None,
        };
        match next {
            Some(v) => here = v,
            None => return false,
        }
    }
    match (here, last) {
        (Value::Object(m), Place::Key(k)) => m.remove(k).is_some(),
        (Value::Array(a), Place::Index(i)) if *i < a.len() => {
            a.remove(*i);
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state() -> Value {
        json!({"tasks": [
            {"id": "a", "done": false, "n": 1},
            {"id": "b", "done": true, "n": 2.0},
            {"id": "c", "done": true, "n": 3}
        ], "order": {"total": 5}})
    }

    fn places(path: &str, payload: Value) -> Result<Vec<Vec<Place>>, String> {
        Path::parse(path)
            .unwrap()
            .places(&state(), &payload, &state())
    }

    #[test]
    fn plain_paths_read_as_before() {
        let s = state();
        let p = Path::parse("order.total").unwrap();
        assert_eq!(p.get(&s, &json!({}), &s), Some(&json!(5)));
        for text in ["tasks.1.id", "tasks[1].id"] {
            let p = Path::parse(text).unwrap();
            assert_eq!(p.get(&s, &json!({}), &s), Some(&json!("b")), "{text}");
        }
        assert_eq!(Path::parse("nope.x").unwrap().get(&s, &json!({}), &s), None);
    }

    #[test]
    fn selectors_pick_items_by_a_field() {
        let got = places("tasks[id=payload.task_id].done", json!({"task_id": "b"})).unwrap();
        assert_eq!(
            got,
            [vec![
                Place::Key("tasks".into()),
                Place::Index(1),
                Place::Key("done".into())
            ]]
        );
        // Literals, every match, numbers by value.
        assert_eq!(places("tasks[done=true]", json!({})).unwrap().len(), 2);
        assert_eq!(
            places("tasks[n=2]", json!({})).unwrap()[0][1],
            Place::Index(1)
        );
        assert_eq!(
            places("tasks[id=\"c\"]", json!({})).unwrap()[0][1],
            Place::Index(2)
        );
        assert_eq!(
            places("tasks[id=state.tasks.0.id]", json!({})).unwrap()[0][1],
            Place::Index(0)
        );
        // Nothing picked says why.
        let e = places("tasks[id=payload.task_id]", json!({"task_id": "z"})).unwrap_err();
        assert_eq!(e, "no item of `tasks` has `id` equal to \"z\"");
        let e = places("tasks[id=payload.task_id]", json!({})).unwrap_err();
        assert_eq!(
            e,
            "`payload.task_id` is not there, so `[id=payload.task_id]` picks no item of `tasks`"
        );
        let e = places("order[id=1]", json!({})).unwrap_err();
        assert!(e.contains("`order` is not a list"), "{e}");
        let e = places("tasks.7", json!({})).unwrap_err();
        assert!(e.contains("a list of 3 items"), "{e}");
    }

    #[test]
    fn bad_paths_say_where_and_what() {
        for (text, at) in [
            ("", "empty"),
            ("a..b", "character 3"),
            ("a.", "ends with a dot"),
            ("a[id=1", "not closed"),
            ("a]", "character 2"),
            ("a[id=open]", "(quoted)"),
            ("a[=1]", "missing before `=`"),
            ("a[x]", "neither an item's number"),
            ("a[id=payload]", "not the whole payload"),
            ("a[id=payload.b[c=1]]", "cannot hold another selector"),
            ("rows[0]title", "a `.` or a `[` is missing here"),
            (
                "t[id=payload.a..b]",
                "`t[id=payload.a..b]` at character 16: a name is missing",
            ),
            ("tasks[id=open]", "character 10"),
            ("tasks[id==\"t1\"]", "one `=` compares here: `[id=\"t1\"]`"),
            ("tasks[id='t1']", "such as \"t1\" (quoted)"),
            ("tasks[=1]", "missing before `=`"),
            (
                "tasks[].done",
                "`tasks[].done` at character 6: `[]` picks nothing",
            ),
        ] {
            let e = Path::parse(text).unwrap_err();
            assert!(e.contains(at), "{text}: {e}");
            // The help is said once.
            assert_eq!(e.matches(SYNTAX).count(), 1, "{e}");
        }
        // Positions in the whole text a path sits in (a condition's, after `state.`).
        let e = Path::parse_after("state.a..b", 6).unwrap_err();
        assert!(e.starts_with("`state.a..b` at character 9:"), "{e}");
    }

    /// Any text: a path or a located error, never a panic (multi-byte characters, brackets,
    /// quotes and escapes in every order), and reading what parses never panics either.
    #[test]
    fn any_text_reads_or_says_why_without_a_panic() {
        let alphabet: Vec<char> = "a.[]=\"\\' 0-éß字😀payloadstate\u{3000}".chars().collect();
        let s = json!({"a": [{"a": 1, "0": [1, 2]}, "x", [[]]], "é": {"字": true}});
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 14) as usize;
            let mut t = String::new();
            let mut x = seed;
            for _ in 0..len {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push(alphabet[(x >> 33) as usize % alphabet.len()]);
            }
            match Path::parse(&t) {
                Ok(p) => {
                    let _ = p.places(&s, &json!({"a": 0}), &s);
                    let _ = p.get(&s, &json!({}), &s);
                }
                Err(e) => assert!(e.contains(SYNTAX) || e.contains("empty"), "{t:?}: {e}"),
            }
        }
    }

    #[test]
    fn brackets_in_quoted_values_and_operands() {
        let s = json!({"tasks": [{"title": "a]b", "id": 1}, {"title": "c", "id": 2}]});
        let p = Path::parse("tasks[title=\"a]b\"].id").unwrap();
        assert_eq!(p.get(&s, &json!({}), &s), Some(&json!(1)));
        let p = Path::parse("tasks[id=payload.ids[1]].title").unwrap();
        assert_eq!(p.get(&s, &json!({"ids": [1, 2]}), &s), Some(&json!("c")));
        let p = Path::parse("tasks[ title = \"c\" ]").unwrap();
        assert_eq!(p.places(&s, &json!({}), &s).unwrap()[0][1], Place::Index(1));
    }

    #[test]
    fn a_branch_that_goes_nowhere_is_dropped_not_the_path() {
        let s = json!({"lists": [
            {"done": true, "items": [{"t": "a"}]},
            {"done": true, "items": []},
            {"done": true},
            {"done": false, "items": [{"t": "z"}]}
        ]});
        let p = Path::parse("lists[done=true].items.0.t").unwrap();
        assert_eq!(p.get(&s, &json!({}), &s), Some(&json!("a")));
        // The list without `items` still gives a place: a write there makes it.
        assert_eq!(p.places(&s, &json!({}), &s).unwrap().len(), 2);
        // Nested selectors, removed from the end: the indexes of the others hold.
        let mut s2 = json!({"lists": [
            {"done": true, "items": [{"x": 1}, {"x": 2}, {"x": 1}]},
            {"done": true},
            {"done": true, "items": [{"x": 1}]}
        ]});
        let mut ps = Path::parse("lists[done=true].items[x=1]")
            .unwrap()
            .places(&s2, &json!({}), &json!({}))
            .unwrap();
        assert_eq!(ps.len(), 3);
        ps.reverse();
        for p in ps {
            assert!(remove(&mut s2, &p));
        }
        assert_eq!(
            s2["lists"],
            json!([{"done": true, "items": [{"x": 2}]}, {"done": true}, {"done": true, "items": []}])
        );
        // When no branch is left, the first reason is given.
        let e = Path::parse("lists[done=false].items.3")
            .unwrap()
            .places(&s, &json!({}), &s)
            .unwrap_err();
        assert_eq!(
            e,
            "`lists[done=false].items` is a list of 1 items; it has no item `3`"
        );
    }

    #[test]
    fn writes_and_removes() {
        let mut s = state();
        for p in places("tasks[done=true].done", json!({})).unwrap() {
            put(&mut s, &p, json!(false));
        }
        assert_eq!(s["tasks"][1]["done"], json!(false));
        assert_eq!(s["tasks"][2]["done"], json!(false));
        // New objects on the way; a scalar on the way becomes an object.
        put(
            &mut s,
            &[Place::Key("a".into()), Place::Key("b".into())],
            json!(1),
        );
        assert_eq!(s["a"], json!({"b": 1}));
        // Removing from the end keeps the other indexes right.
        let mut s = state();
        let mut ps = Path::parse("tasks[done=true]")
            .unwrap()
            .places(&s, &json!({}), &state())
            .unwrap();
        ps.reverse();
        for p in ps {
            assert!(remove(&mut s, &p));
        }
        assert_eq!(s["tasks"], json!([{"id": "a", "done": false, "n": 1}]));
        assert!(remove(&mut s, &[Place::Key("order".into())]));
        assert!(!remove(&mut s, &[Place::Key("order".into())]));
    }
}
