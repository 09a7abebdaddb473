//! A differential fuzzer: random views from the dialect's grammar, random data of a matching
//! shape (missing fields and nulls included), and for each case the evaluator's widget must
//! equal what the published SDK's `WidgetTemplate.build` makes of the export — or the export
//! must be refused with a located error.
//!
//! `WS_EXPORT_FUZZ_CASES` (default 2000) and `WS_EXPORT_FUZZ_SEED` set the run; the SDK runs
//! in one Python process per batch (`tests/sdk_batch.py`). See docs/fuzzing.md.

mod common;
use common::*;

use serde_json::{Map, Value, json};
use widget::template::{Limits, View};

/// xorshift64*: small, seedable, good enough to pick grammar productions.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Clone, Debug)]
enum Ty {
    Str,
    Num,
    Bool,
    Arr(Box<Slot>),
    Obj(Vec<(String, Slot)>),
}

/// A place in the data: its type, and whether it may be missing or null.
#[derive(Clone, Debug)]
struct Slot {
    ty: Ty,
    optional: bool,
    nullable: bool,
}

const FIELD_NAMES: &[&str] = &[
    "title", "name", "items", "tags", "count", "price", "note", "events", "groups", "label",
    "flag", "kind", "user", "rows", "value", "status", "when",
];

const STRINGS: &[&str] = &[
    "",
    "a",
    "Hello",
    "  padded  ",
    "say \"hi\"",
    "{{ not jinja }}",
    "{% raw %}",
    "emoji 😀 ok",
    "line\nbreak",
    "<b>&amp;</b>",
    "ünïcödé",
    "0",
    "back\\slash",
    "tab\there",
    "zebra",
    "A-12-9",
    "\u{1c} ctl \u{a0}",
];

const NUMBERS: &[f64] = &[
    0.0,
    1.0,
    -1.0,
    2.5,
    3.0,
    10.0,
    -7.0,
    0.1,
    -0.5,
    1e21,
    1.5e-7,
    0.000015,
    123456789.0,
    1e16,
    12345678901234567890.0,
    99.99,
    4.0,
];

struct Gen {
    rng: Rng,
    counter: usize,
}

/// A value the view can read: its JavaScript text and its slot.
#[derive(Clone)]
struct Var {
    js: String,
    slot: Slot,
}

fn js_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn js_num(n: f64) -> String {
    let s = widget::template::eval::js_number_to_string(n);
    if n < 0.0 { format!("({s})") } else { s }
}

impl Gen {
    fn fresh(&mut self, p: &str) -> String {
        self.counter += 1;
        format!("{p}{}", self.counter)
    }

    // ---- the data's shape -----------------------------------------------------

    fn slot(&mut self, depth: usize) -> Slot {
        let ty = match self.rng.below(if depth == 0 { 3 } else { 7 }) {
            0 => Ty::Str,
            1 => Ty::Num,
            2 => Ty::Bool,
            3 | 4 => Ty::Arr(Box::new(Slot {
                optional: false,
                ..self.slot(depth - 1)
            })),
            _ => self.obj(depth - 1),
        };
        Slot {
            ty,
            optional: self.rng.chance(20),
            nullable: self.rng.chance(20),
        }
    }

    fn obj(&mut self, depth: usize) -> Ty {
        let n = 1 + self.rng.below(4);
        let mut fields: Vec<(String, Slot)> = Vec::new();
        for _ in 0..n {
            let name = self.rng.pick(FIELD_NAMES).to_string();
            if fields.iter().any(|(f, _)| *f == name) {
                continue;
            }
            let s = self.slot(depth);
            fields.push((name, s));
        }
        Ty::Obj(fields)
    }

    fn data(&mut self, ty: &Ty) -> Value {
        match ty {
            Ty::Str => json!(self.rng.pick(STRINGS)),
            Ty::Num => {
                let n = *self.rng.pick(NUMBERS);
                if n.fract() == 0.0 && n.abs() < 1e15 && self.rng.chance(70) {
                    json!(n as i64)
                } else {
                    json!(n)
                }
            }
            Ty::Bool => json!(self.rng.chance(50)),
            Ty::Arr(item) => {
                let n = self.rng.below(4);
                (0..n)
                    .map(|_| {
                        if item.nullable && self.rng.chance(15) {
                            Value::Null
                        } else {
                            self.data(&item.ty)
                        }
                    })
                    .collect()
            }
            Ty::Obj(fields) => {
                let mut m = Map::new();
                for (name, s) in fields {
                    if s.optional && self.rng.chance(25) {
                        continue;
                    }
                    if s.nullable && self.rng.chance(20) {
                        m.insert(name.clone(), Value::Null);
                    } else {
                        m.insert(name.clone(), self.data(&s.ty));
                    }
                }
                Value::Object(m)
            }
        }
    }

    // ---- reading the data -----------------------------------------------------

    /// Every readable path from the variables in scope, up to two member accesses deep.
    fn paths(&self, env: &[Var]) -> Vec<Var> {
        let mut out = Vec::new();
        for v in env {
            self.paths_of(v, 2, &mut out);
        }
        out
    }

    fn paths_of(&self, v: &Var, depth: usize, out: &mut Vec<Var>) {
        out.push(v.clone());
        if depth == 0 {
            return;
        }
        if let Ty::Obj(fields) = &v.slot.ty {
            let maybe = v.slot.optional || v.slot.nullable;
            for (name, s) in fields {
                let op = if maybe { "?." } else { "." };
                // A field that may be missing is read with `?.` (strict reads would fail).
                let js = if s.optional && !maybe {
                    format!("{}?.{name}", v.js)
                } else {
                    format!("{}{op}{name}", v.js)
                };
                let slot = Slot {
                    ty: s.ty.clone(),
                    optional: s.optional || maybe,
                    nullable: s.nullable,
                };
                self.paths_of(&Var { js, slot }, depth - 1, out);
            }
        }
    }

    fn of_kind(&self, env: &[Var], want: &str) -> Vec<Var> {
        self.paths(env)
            .into_iter()
            .filter(|v| {
                matches!(
                    (&v.slot.ty, want),
                    (Ty::Str, "str")
                        | (Ty::Num, "num")
                        | (Ty::Bool, "bool")
                        | (Ty::Arr(_), "arr")
                        | (Ty::Obj(_), "obj")
                )
            })
            .collect()
    }

    /// A path of the wanted kind, made safe to use (`?? default`) most of the time.
    fn read(&mut self, env: &[Var], want: &str) -> Option<String> {
        let vs = self.of_kind(env, want);
        if vs.is_empty() {
            return None;
        }
        let v = self.rng.pick(&vs).clone();
        let maybe = v.slot.optional || v.slot.nullable;
        if maybe && self.rng.chance(75) {
            let d = match want {
                "str" => js_str(self.rng.pick::<&str>(STRINGS)),
                "num" => js_num(*self.rng.pick(NUMBERS)),
                "bool" => "false".into(),
                "arr" => "[]".into(),
                _ => "{}".into(),
            };
            Some(format!("({} ?? {d})", v.js))
        } else {
            Some(v.js)
        }
    }

    /// `.reduce` over an array of the data, to a number or a string: the running value, the
    /// item and the index in scope of its body, and a start value (the export needs one).
    fn reduce(&mut self, env: &[Var], want: &str, d: usize) -> String {
        let Some((arr, item)) = self.array_var(env) else {
            return self.leaf(env, want);
        };
        let (acc, x, i) = (self.fresh("acc"), self.fresh("x"), self.fresh("i"));
        let plain = |ty: Ty| Slot {
            ty,
            optional: false,
            nullable: false,
        };
        let mut inner = env.to_vec();
        inner.push(Var {
            js: acc.clone(),
            slot: plain(if want == "num" { Ty::Num } else { Ty::Str }),
        });
        inner.push(Var {
            js: x.clone(),
            slot: item,
        });
        inner.push(Var {
            js: i.clone(),
            slot: plain(Ty::Num),
        });
        let body = self.expr(&inner, want, d);
        let start = self.expr(env, want, d);
        let params = if self.rng.chance(50) {
            format!("({acc}, {x}, {i})")
        } else {
            format!("({acc}, {x})")
        };
        format!("{arr}.reduce({params} => {body}, {start})")
    }

    fn array_var(&mut self, env: &[Var]) -> Option<(String, Slot)> {
        let vs = self.of_kind(env, "arr");
        if vs.is_empty() {
            return None;
        }
        let v = self.rng.pick(&vs).clone();
        let Ty::Arr(item) = &v.slot.ty else {
            unreachable!()
        };
        let js = if v.slot.optional || v.slot.nullable {
            format!("({} ?? [])", v.js)
        } else {
            v.js.clone()
        };
        Some((js, (**item).clone()))
    }

    // ---- expressions ----------------------------------------------------------

    fn expr(&mut self, env: &[Var], want: &str, depth: usize) -> String {
        if depth == 0 || self.rng.chance(30) {
            return self.leaf(env, want);
        }
        let d = depth - 1;
        match want {
            "str" => match self.rng.below(13) {
                0 => {
                    let a = self.expr(env, "any", d);
                    let b = self.expr(env, "num", d);
                    format!("`t ${{{a}}} and ${{{b}}}!`")
                }
                1 => format!("{}.toUpperCase()", self.paren(env, "str", d)),
                2 => format!("{}.trim()", self.paren(env, "str", d)),
                3 => {
                    let (a, b) = (self.rng.below(5) as i64 - 2, self.rng.below(6) as i64 - 1);
                    if self.rng.chance(50) {
                        format!("{}.slice({})", self.paren(env, "str", d), js_num(a as f64))
                    } else {
                        format!(
                            "{}.slice({}, {})",
                            self.paren(env, "str", d),
                            js_num(a as f64),
                            js_num(b as f64)
                        )
                    }
                }
                4 => match self.array_var(env) {
                    Some((arr, _)) => {
                        let sep = js_str(self.rng.pick::<&str>(&[", ", " · ", "", "-"]));
                        if self.rng.chance(30) {
                            format!("{arr}.join()")
                        } else {
                            format!("{arr}.join({sep})")
                        }
                    }
                    None => self.leaf(env, "str"),
                },
                5 => format!(
                    "{} + {}",
                    self.paren(env, "str", d),
                    self.paren(env, "any", d)
                ),
                6 => format!(
                    "{} + {}",
                    self.paren(env, "num", d),
                    self.paren(env, "str", d)
                ),
                7 => self.cond(env, "str", d),
                8 => format!(
                    "{} || {}",
                    self.paren(env, "str", d),
                    self.paren(env, "str", d)
                ),
                9 => format!(
                    "{}.toFixed({})",
                    self.paren(env, "num", d),
                    self.rng.below(4)
                ),
                10 => format!("typeof {}", self.paren(env, "any", d)),
                11 => self.reduce(env, "str", d),
                _ => format!("{}.toLowerCase()", self.paren(env, "str", d)),
            },
            "num" => match self.rng.below(12) {
                0 => format!(
                    "{} + {}",
                    self.paren(env, "num", d),
                    self.paren(env, "num", d)
                ),
                1 => format!(
                    "{} - {}",
                    self.paren(env, "num", d),
                    self.paren(env, "num", d)
                ),
                2 => format!(
                    "{} * {}",
                    self.paren(env, "num", d),
                    self.paren(env, "num", d)
                ),
                3 => format!(
                    "{} / {}",
                    self.paren(env, "num", d),
                    self.paren(env, "num", d)
                ),
                4 => format!(
                    "{} % {}",
                    self.paren(env, "num", d),
                    self.paren(env, "num", d)
                ),
                5 => match self.array_var(env) {
                    Some((arr, _)) => format!("{arr}.length"),
                    None => self.leaf(env, "num"),
                },
                6 => format!("{}.length", self.paren(env, "str", d)),
                7 => match self.array_var(env) {
                    Some((arr, item)) => {
                        let want = kind_of(&item.ty);
                        format!("{arr}.indexOf({})", self.expr(env, want, d))
                    }
                    None => self.leaf(env, "num"),
                },
                8 => format!("-{}", self.paren(env, "num", d)),
                9 => self.cond(env, "num", d),
                10 => self.reduce(env, "num", d),
                _ => format!("{} ?? {}", self.paren(env, "num", d), self.leaf(env, "num")),
            },
            "bool" => match self.rng.below(11) {
                0 => {
                    let k = *self.rng.pick(&["num", "str", "any"]);
                    let op = self.rng.pick(&["===", "!==", "==", "!="]);
                    format!("{} {op} {}", self.paren(env, k, d), self.paren(env, k, d))
                }
                1 => {
                    let k = *self.rng.pick(&["num", "num", "str"]);
                    let op = self.rng.pick(&["<", "<=", ">", ">="]);
                    format!("{} {op} {}", self.paren(env, k, d), self.paren(env, k, d))
                }
                2 => format!("!{}", self.paren(env, "any", d)),
                3 => format!("!!{}", self.paren(env, "any", d)),
                4 => match self.array_var(env) {
                    Some((arr, item)) => {
                        let want = kind_of(&item.ty);
                        format!("{arr}.includes({})", self.expr(env, want, d))
                    }
                    None => self.leaf(env, "bool"),
                },
                5 => {
                    let m = self.rng.pick(&["startsWith", "endsWith", "includes"]);
                    format!(
                        "{}.{m}({})",
                        self.paren(env, "str", d),
                        self.paren(env, "str", d)
                    )
                }
                6 => format!(
                    "{} && {}",
                    self.paren(env, "bool", d),
                    self.paren(env, "bool", d)
                ),
                7 => format!(
                    "{} || {}",
                    self.paren(env, "bool", d),
                    self.paren(env, "bool", d)
                ),
                8 => format!("{} == null", self.paren(env, "any", d)),
                9 => {
                    let ps = self.paths(env);
                    if ps.is_empty() {
                        self.leaf(env, "bool")
                    } else {
                        let p = self.rng.pick(&ps).js.clone();
                        format!("typeof {p} === \"undefined\"")
                    }
                }
                _ => self.cond(env, "bool", d),
            },
            "arr" => match self.rng.below(8) {
                0 => {
                    let a = self.expr(env, "any", d);
                    let b = self.expr(env, "any", d);
                    match self.array_var(env) {
                        Some((arr, _)) => format!("[{a}, ...{arr}, {b}]"),
                        None => format!("[{a}, {b}]"),
                    }
                }
                1 | 2 => match self.array_var(env) {
                    Some((arr, item)) => self.map_value(env, &arr, &item, d),
                    None => self.leaf(env, "arr"),
                },
                3 => match self.array_var(env) {
                    Some((arr, item)) => {
                        let x = self.fresh("x");
                        let mut inner = env.to_vec();
                        inner.push(Var {
                            js: x.clone(),
                            slot: item,
                        });
                        let p = self.expr(&inner, "bool", d);
                        format!("{arr}.filter(({x}) => {p})")
                    }
                    None => self.leaf(env, "arr"),
                },
                4 => match self.array_var(env) {
                    Some((arr, _)) => {
                        let a = self.rng.below(4) as i64 - 1;
                        format!("{arr}.slice({})", js_num(a as f64))
                    }
                    None => self.leaf(env, "arr"),
                },
                5 => {
                    let a = self.expr(env, "arr", d);
                    let b = self.expr(env, "any", d);
                    format!("[{a}, [{b}]].flat()")
                }
                6 => format!("{}.flat()", self.paren(env, "arr", d)),
                _ => self.cond(env, "arr", d),
            },
            "obj" => {
                let mut parts = Vec::new();
                for _ in 0..1 + self.rng.below(3) {
                    match self.rng.below(6) {
                        0 => {
                            if let Some(o) = self.read(env, "obj") {
                                parts.push(format!("...{o}"));
                            }
                        }
                        1 => {
                            let k = self.expr(env, "str", 0);
                            let v = self.expr(env, "any", d);
                            parts.push(format!("[{k}]: {v}"));
                        }
                        _ => {
                            let k = self.rng.pick(FIELD_NAMES);
                            let v = self.expr(env, "any", d);
                            parts.push(format!("{k}: {v}"));
                        }
                    }
                }
                format!("{{ {} }}", parts.join(", "))
            }
            _ => {
                let k = *self
                    .rng
                    .pick(&["str", "str", "num", "num", "bool", "arr", "obj", "member"]);
                if k == "member" {
                    return self.member(env);
                }
                self.expr(env, k, depth)
            }
        }
    }

    /// `arr[i]`, `arr?.[i]`, `obj?.field`: reads that may be undefined.
    fn member(&mut self, env: &[Var]) -> String {
        match self.array_var(env) {
            Some((arr, _)) if self.rng.chance(60) => {
                let i = self.rng.below(3);
                if self.rng.chance(60) {
                    format!("{arr}?.[{i}]")
                } else {
                    format!("{arr}[{i}]")
                }
            }
            _ => match self.read(env, "obj") {
                Some(o) => format!("{o}?.{}", self.rng.pick(FIELD_NAMES)),
                None => self.leaf(env, "num"),
            },
        }
    }

    fn map_value(&mut self, env: &[Var], arr: &str, item: &Slot, d: usize) -> String {
        let (x, i) = (self.fresh("x"), self.fresh("i"));
        let mut inner = env.to_vec();
        inner.push(Var {
            js: x.clone(),
            slot: item.clone(),
        });
        inner.push(Var {
            js: i.clone(),
            slot: Slot {
                ty: Ty::Num,
                optional: false,
                nullable: false,
            },
        });
        let body = self.expr(&inner, "any", d);
        let chain = match self.rng.below(4) {
            0 => format!(".map((v) => [v, {}])", self.leaf(env, "num")),
            1 => ".filter((v) => !!v)".to_string(),
            _ => String::new(),
        };
        format!("{arr}.map(({x}, {i}) => ({body})){chain}")
    }

    fn cond(&mut self, env: &[Var], want: &str, d: usize) -> String {
        let t = self.expr(env, "any", d);
        let a = self.expr(env, want, d);
        let b = self.expr(env, want, d);
        format!("({t}) ? ({a}) : ({b})")
    }

    fn paren(&mut self, env: &[Var], want: &str, d: usize) -> String {
        format!("({})", self.expr(env, want, d))
    }

    fn leaf(&mut self, env: &[Var], want: &str) -> String {
        if self.rng.chance(60)
            && let Some(r) = self.read(env, if want == "any" { "str" } else { want })
        {
            return r;
        }
        match want {
            "str" => js_str(self.rng.pick::<&str>(STRINGS)),
            "num" => js_num(*self.rng.pick(NUMBERS)),
            "bool" => self.rng.pick(&["true", "false"]).to_string(),
            "arr" => self
                .rng
                .pick(&["[1, \"two\", null]", "[]", "[[]]"])
                .to_string(),
            "obj" => "{ a: 1, b: undefined, c: null }".into(),
            _ => self
                .rng
                .pick(&[
                    "null",
                    "undefined",
                    "0",
                    "\"\"",
                    "\"x\"",
                    "2.5",
                    "true",
                    "[]",
                ])
                .to_string(),
        }
    }

    // ---- components -----------------------------------------------------------

    fn element(&mut self, env: &[Var], depth: usize) -> String {
        let containers = ["Row", "Col", "Box", "ListViewItem"];
        let leaves = ["Text", "Caption", "Badge", "Title", "Button", "Divider"];
        let container = depth > 0 && self.rng.chance(45);
        let name = if container {
            *self.rng.pick(&containers)
        } else {
            *self.rng.pick(&leaves)
        };
        let mut attrs = Vec::new();
        if self.rng.chance(25) {
            let k = self.expr(env, "any", 1);
            attrs.push(format!("key={{`k-${{{k}}}`}}"));
        }
        let mut used = Vec::new();
        for _ in 0..self.rng.below(4) {
            let pname = *self.rng.pick(&[
                "value", "label", "color", "size", "payload", "data", "flag", "count", "weight",
            ]);
            if used.contains(&pname) && self.rng.chance(70) {
                continue;
            }
            used.push(pname);
            match self.rng.below(8) {
                0 => attrs.push(format!("{pname}=\"lit {}\"", self.rng.below(9))),
                1 => attrs.push(pname.to_string()),
                2 => {
                    let o = self.expr(env, "obj", 1);
                    attrs.push(format!("{{...{o}}}"));
                }
                _ => {
                    let v = self.expr(env, "any", 3);
                    attrs.push(format!("{pname}={{{v}}}"));
                }
            }
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" {}", attrs.join(" "))
        };
        if !container {
            return format!("<{name}{attrs} />");
        }
        let mut kids = Vec::new();
        for _ in 0..self.rng.below(4) {
            kids.push(self.child(env, depth - 1));
        }
        format!("<{name}{attrs}>{}</{name}>", kids.join(""))
    }

    fn child(&mut self, env: &[Var], depth: usize) -> String {
        match self.rng.below(12) {
            0 | 1 => self.element(env, depth),
            2 => {
                let t = self.expr(env, "any", 2);
                format!("{{({t}) && {}}}", self.element(env, depth))
            }
            3 => {
                let t = self.expr(env, "bool", 2);
                let (a, b) = (self.element(env, depth), self.element(env, depth));
                format!("{{({t}) ? {a} : {b}}}")
            }
            4..=6 => match self.array_var(env) {
                Some((arr, item)) => self.map_children(env, &arr, &item, depth),
                None => self.element(env, depth),
            },
            7 => format!(
                "<>{}{}</>",
                self.element(env, depth),
                self.child(env, depth.saturating_sub(1))
            ),
            8 => format!(
                "{{[{}, [{}, null], undefined, false]}}",
                self.element(env, depth),
                self.element(env, depth)
            ),
            9 => match self.array_var(env) {
                // Arrays are truthy even when empty (the classic difference from Python).
                Some((arr, _)) if self.rng.chance(70) => {
                    let (a, b) = (self.element(env, depth), self.element(env, depth));
                    if self.rng.chance(50) {
                        format!("{{{arr} && {a}}}")
                    } else {
                        format!("{{!{arr} ? {a} : {b}}}")
                    }
                }
                _ => format!(
                    "{{{}}}",
                    self.rng
                        .pick(&["null", "undefined", "false", "true", "\"\""])
                ),
            },
            10 => {
                let s = self.expr(env, "str", 1);
                format!("{{({s}).length > 3 || {}}}", self.element(env, depth))
            }
            _ => {
                let v = self.expr(env, "any", 1);
                format!("{{({v}) ?? {}}}", self.element(env, depth))
            }
        }
    }

    /// `arr.map(…)` in a list of children: with an index, after `.filter`/`.slice`, returning
    /// arrays with spreads, chained with another `.map`, flattened.
    fn map_children(&mut self, env: &[Var], arr: &str, item: &Slot, depth: usize) -> String {
        let (x, i) = (self.fresh("x"), self.fresh("i"));
        let mut inner = env.to_vec();
        inner.push(Var {
            js: x.clone(),
            slot: item.clone(),
        });
        inner.push(Var {
            js: i.clone(),
            slot: Slot {
                ty: Ty::Num,
                optional: false,
                nullable: false,
            },
        });
        let mut src = arr.to_string();
        match self.rng.below(5) {
            0 => {
                let y = self.fresh("y");
                let mut fenv = env.to_vec();
                fenv.push(Var {
                    js: y.clone(),
                    slot: item.clone(),
                });
                let p = self.expr(&fenv, "bool", 2);
                src = format!("{src}.filter(({y}) => {p})");
            }
            1 => src = format!("{src}.slice({})", self.rng.below(3)),
            _ => {}
        }
        let body = match self.rng.below(4) {
            0 => {
                // `[header, ...inner.map(…)]`, the grouped-list shape.
                let head = self.element(&inner, depth);
                let sub = self.array_var(&inner).filter(|_| self.rng.chance(80));
                match sub {
                    Some((sarr, sitem)) => {
                        let z = self.fresh("z");
                        let mut senv = inner.clone();
                        senv.push(Var {
                            js: z.clone(),
                            slot: sitem,
                        });
                        let e = self.element(&senv, depth.saturating_sub(1));
                        format!("[{head}, ...{sarr}.map(({z}) => {e})]")
                    }
                    None => format!("[{head}, {}]", self.element(&inner, depth)),
                }
            }
            1 => {
                let t = self.expr(&inner, "bool", 2);
                format!("({t}) && {}", self.element(&inner, depth))
            }
            _ => self.element(&inner, depth),
        };
        let block = self.rng.chance(15);
        let body = if block {
            format!("{{ return {body}; }}")
        } else {
            format!("({body})")
        };
        let params = if self.rng.chance(60) {
            format!("({x}, {i})")
        } else {
            format!("({x})")
        };
        let tail = match self.rng.below(6) {
            0 => ".map((value) => value)",
            1 => ".flat()",
            2 => ".filter((c) => c)",
            _ => "",
        };
        format!("{{{src}.map({params} => {body}){tail}}}")
    }

    fn case(&mut self, datas: usize) -> (String, Vec<Value>) {
        let ty = self.obj(2);
        let Ty::Obj(fields) = &ty else { unreachable!() };
        let env: Vec<Var> = fields
            .iter()
            .map(|(n, s)| Var {
                js: n.clone(),
                slot: s.clone(),
            })
            .collect();
        // Top-level fields are names: one that may be missing is read with typeof or ??, so
        // keep top-level fields present (their values may still be null).
        let env: Vec<Var> = env
            .into_iter()
            .map(|mut v| {
                v.slot.optional = false;
                v
            })
            .collect();
        let root = *self.rng.pick(&["Card", "ListView", "Basic"]);
        let mut kids = Vec::new();
        for _ in 0..1 + self.rng.below(3) {
            kids.push(self.child(&env, 2));
        }
        let view = format!("<{root}>\n  {}\n</{root}>", kids.join("\n  "));
        let mut top = Map::new();
        let data = (0..datas)
            .map(|_| {
                top.clear();
                for (n, s) in fields {
                    let v = if s.nullable && self.rng.chance(20) {
                        Value::Null
                    } else {
                        self.data(&s.ty)
                    };
                    top.insert(n.clone(), v);
                }
                Value::Object(top.clone())
            })
            .collect();
        (view, data)
    }
}

fn kind_of(t: &Ty) -> &'static str {
    match t {
        Ty::Str => "str",
        Ty::Num => "num",
        Ty::Bool => "bool",
        Ty::Arr(_) => "arr",
        Ty::Obj(_) => "obj",
    }
}

#[derive(Default, Debug)]
struct Figures {
    views: usize,
    with_reduce: usize,
    cases: usize,
    agreed: usize,
    evaluator_rejected: usize,
    refused: usize,
    disagreements: usize,
}

#[test]
fn exports_agree_with_the_sdk_on_random_views() {
    let cases: usize = std::env::var("WS_EXPORT_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let seed: u64 = std::env::var("WS_EXPORT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261130);
    // Data values per view: compiling each view's template is most of the SDK's time.
    let per_view: usize = std::env::var("WS_EXPORT_FUZZ_DATA_PER_VIEW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4)
        .max(1);
    let batch = 2000;
    let mut g = Gen {
        rng: Rng::new(seed),
        counter: 0,
    };
    let mut f = Figures::default();
    let mut reports = Vec::new();
    let mut refusals: std::collections::BTreeMap<String, usize> = Default::default();
    let started = std::time::Instant::now();
    while f.cases < cases {
        // (view, data, ours, template)
        let mut pending: Vec<(String, Value, Value, String)> = Vec::new();
        while pending.len() < batch && f.cases < cases {
            let (view_src, datas) = g.case(per_view);
            f.views += 1;
            f.with_reduce += usize::from(view_src.contains(".reduce("));
            let view = View::parse(&view_src).unwrap_or_else(|r| {
                panic!("the generator wrote a bad view: {:?}\n{view_src}", r.errors)
            });
            let template = match view.to_jinja() {
                Ok(t) => Some(t),
                Err(r) => {
                    let d = &r.errors[0];
                    assert_eq!(d.code, widget::Code::TemplateExport, "{view_src}");
                    assert!(
                        d.line > 0 && d.column > 0,
                        "a refusal without a location: {d:?}"
                    );
                    let what = d
                        .message
                        .split(" cannot be exported")
                        .next()
                        .unwrap_or("")
                        .to_string();
                    *refusals.entry(what).or_default() += 1;
                    None
                }
            };
            for data in datas {
                f.cases += 1;
                let Some(template) = &template else {
                    f.refused += 1;
                    continue;
                };
                match view.evaluate(&data, Limits::default()) {
                    Ok(w) => pending.push((view_src.clone(), data, w.to_serde(), template.clone())),
                    Err(_) => f.evaluator_rejected += 1,
                }
            }
        }
        let sdk_cases: Vec<(String, Value)> = pending
            .iter()
            .map(|(_, d, _, t)| (t.clone(), d.clone()))
            .collect();
        if let Some(path) = std::env::var_os("WS_EXPORT_FUZZ_DUMP") {
            // The batch as sdk_batch.py reads it, to rerun or profile the SDK side alone.
            let lines: Vec<String> = sdk_cases
                .iter()
                .enumerate()
                .map(|(i, (t, d))| json!({"id": i, "template": t, "data": d}).to_string())
                .collect();
            std::fs::write(path, lines.join("\n") + "\n").unwrap();
        }
        // Two Python processes, one per half: compiling each view's template dominates.
        let half = sdk_cases.len().div_ceil(2).max(1);
        let results: Vec<SdkResult> = std::thread::scope(|s| {
            let hs: Vec<_> = sdk_cases
                .chunks(half)
                .map(|c| s.spawn(move || sdk_batch(c)))
                .collect();
            hs.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for ((view, data, ours, _), sdk) in pending.iter().zip(results) {
            let verdict = match &sdk {
                SdkResult::Built { rendered, built } => {
                    if normalise(built) == normalise(ours) && same_in_order(rendered, ours) {
                        None
                    } else {
                        Some(format!(
                            "sdk:      {}\n  rendered: {}\n  ours:     {}",
                            serde_json::to_string(built).unwrap(),
                            serde_json::to_string(rendered).unwrap(),
                            serde_json::to_string(ours).unwrap()
                        ))
                    }
                }
                SdkResult::Error(e) => Some(format!(
                    "the SDK failed: {e}\n  ours: {}",
                    serde_json::to_string(ours).unwrap()
                )),
            };
            match verdict {
                None => f.agreed += 1,
                Some(why) => {
                    f.disagreements += 1;
                    if reports.len() < 8 {
                        reports.push(format!(
                            "view:\n{view}\n  data: {}\n  {why}",
                            serde_json::to_string(data).unwrap()
                        ));
                    }
                }
            }
        }
    }
    eprintln!(
        "export fuzz: seed {seed}, {} views ({} with .reduce), {} cases in {:.1}s: {} identical to the SDK, {} rejected by the evaluator (the data does not fit), {} refused by the export, {} disagreements",
        f.views,
        f.with_reduce,
        f.cases,
        started.elapsed().as_secs_f64(),
        f.agreed,
        f.evaluator_rejected,
        f.refused,
        f.disagreements
    );
    for (what, n) in &refusals {
        eprintln!("  refused {n}×: {what}");
    }
    assert!(
        f.disagreements == 0,
        "{} disagreements; the first:\n{}",
        f.disagreements,
        reports.join("\n\n")
    );
    // The run must mostly compare, not mostly skip.
    assert!(f.agreed * 3 >= f.cases, "too few comparable cases: {f:?}");
}
