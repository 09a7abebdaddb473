//! Paths into a widget's state or an action's payload, as handler rules write them.
//!
//! A path is names joined by dots (`order.total`); a number after a dot is an item of a list
//! (`rows.0.title`, or `rows[0].title`). A selector picks the items of a list by one of their
//! fields: `tasks[id=payload.task_id].done` is the `done` of every task whose `id` equals the
//! action's `task_id`. What a selector compares with is `payload.…`, `state.…` or a JSON value
//! (`[done=true]`, `[status="open"]`, `[n=3]`).
//!
//! Reading a path (a condition, a `set`'s source, a `{{…}}` template) takes the first item a
//! selector picks; writing (`set`, `toggle`, `remove`, `append`) goes to every item it picks.

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
        let err = |at: usize, what: String| {
            Err(format!(
                "`{text}` at character {}: {what}; {SYNTAX}",
                text[..at].chars().count() + 1
            ))
        };
        if text.is_empty() {
            return Err(format!("the path is empty; {SYNTAX}"));
        }
        let mut segs = Vec::new();
        let mut i = 0;
        let b = text.as_bytes();
        // After a name or a selector: `.`, `[` or the end.
        let mut need_name = true;
        while i < b.len() {
            if need_name {
                let end = text[i..]
                    .find(['.', '[', ']'])
                    .map_or(text.len(), |j| i + j);
                if end == i {
                    return err(i, "a name is missing here".into());
                }
                segs.push(Seg::Key(text[i..end].to_string()));
                i = end;
                need_name = false;
                continue;
            }
            match b[i] {
                b'.' => {
                    i += 1;
                    need_name = true;
                    if i == b.len() {
                        return err(i - 1, "the path ends with a dot".into());
                    }
                }
                b'[' => {
                    let Some(close) = text[i..].find(']').map(|j| i + j) else {
                        return err(i, "this `[` is not closed by `]`".into());
                    };
                    let inner = text[i + 1..close].trim();
                    let seg = if let Ok(n) = inner.parse::<usize>() {
                        Seg::Index(n)
                    } else if let Some((key, value)) = inner.split_once('=') {
                        let key = key.trim();
                        if key.is_empty() || key.contains(['.', '[']) {
                            return err(
                                i + 1,
                                format!("`{key}` is not the name of an item's field"),
                            );
                        }
                        match Operand::parse(value.trim()) {
                            Ok(value) => Seg::Where {
                                key: key.to_string(),
                                value,
                            },
                            Err(why) => return err(i + 1, why),
                        }
                    } else {
                        return err(
                            i + 1,
                            format!("`[{inner}]` is neither an item's number nor `field=value`"),
                        );
                    };
                    segs.push(seg);
                    i = close + 1;
                }
                _ => return err(i, "a `]` without its `[`".into()),
            }
        }
        Ok(Path { segs })
    }

    /// The places the path reaches in `root`, selectors compared with `payload` and `state`.
    /// A name that is not there still makes a place (a write creates it); a selector over
    /// something that is not a list, or that picks nothing, makes none, and `Err` says why.
    pub fn places(
        &self,
        root: &Value,
        payload: &Value,
        state: &Value,
    ) -> Result<Vec<Vec<Place>>, String> {
        let mut here: Vec<(Vec<Place>, Option<&Value>)> = vec![(Vec::new(), Some(root))];
        for (n, seg) in self.segs.iter().enumerate() {
            let mut next = Vec::new();
            for (at, v) in here {
                match seg {
                    Seg::Key(k) => match v {
                        Some(Value::Array(items)) => match k.parse::<usize>() {
                            Ok(i) if i < items.len() => {
                                next.push((with(&at, Place::Index(i)), items.get(i)))
                            }
                            _ => {
                                return Err(format!(
                                    "`{}` is a list of {} items; it has no item `{k}`",
                                    self.prefix(n),
                                    items.len()
                                ));
                            }
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
                        Some(Value::Array(items)) => {
                            return Err(format!(
                                "`{}` is a list of {} items; it has no item {i}",
                                self.prefix(n),
                                items.len()
                            ));
                        }
                        _ => {
                            return Err(format!("`{}` is not a list", self.prefix(n)));
                        }
                    },
                    Seg::Where { key, value } => {
                        let Some(Value::Array(items)) = v else {
                            return Err(format!(
                                "`{}` is not a list, so `[{key}=…]` picks nothing",
                                self.prefix(n)
                            ));
                        };
                        let want = value.value(payload, state);
                        for (i, item) in items.iter().enumerate() {
                            if item
                                .get(key)
                                .is_some_and(|x| want.is_some_and(|w| same(x, w)))
                            {
                                next.push((with(&at, Place::Index(i)), Some(item)));
                            }
                        }
                    }
                }
            }
            if next.is_empty()
                && let Seg::Where { key, value } = seg
            {
                let want = value
                    .value(payload, state)
                    .map_or_else(|| "nothing (it is not there)".to_string(), Value::to_string);
                return Err(format!(
                    "no item of `{}` has `{key}` equal to {want}",
                    self.prefix(n)
                ));
            }
            here = next;
        }
        Ok(here.into_iter().map(|(at, _)| at).collect())
    }

    /// The value at the path (a selector's first item), if it is there.
    pub fn get<'v>(&self, root: &'v Value, payload: &Value, state: &Value) -> Option<&'v Value> {
        let places = self.places(root, payload, state).ok()?;
        places.first().and_then(|p| at(root, p))
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
    fn parse(text: &str) -> Result<Operand, String> {
        for (root, make) in [
            ("payload", Operand::Payload as fn(Path) -> Operand),
            ("state", Operand::State),
        ] {
            if let Some(rest) = text.strip_prefix(root) {
                if rest.is_empty() {
                    return Err(format!(
                        "compare with a value of the {root} (`{root}.id`), not the whole {root}"
                    ));
                }
                if let Some(rest) = rest.strip_prefix('.') {
                    let p = Path::parse(rest).map_err(|e| format!("in `{text}`: {e}"))?;
                    if p.selects() {
                        return Err(format!("`{text}`: a selector cannot hold another selector"));
                    }
                    return Ok(make(p));
                }
            }
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null)) => {
                Ok(Operand::Literal(v))
            }
            _ => Err(format!(
                "`{text}` is not something to compare with: write `payload.…`, `state.…`, or a JSON value such as \"{text}\" (quoted), 3 or true"
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
        assert!(e.contains("nothing (it is not there)"), "{e}");
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
            ("a[=1]", "not the name"),
            ("a[x]", "neither an item's number"),
            ("a[id=payload]", "not the whole payload"),
            ("a[id=payload.b[c=1]]", "character"),
        ] {
            let e = Path::parse(text).unwrap_err();
            assert!(e.contains(at), "{text}: {e}");
        }
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
