//! Widget JSON cases generated from the spec tables: every component, every prop with a
//! sample, every enum value, values of every JSON type (including the ones pydantic's lax
//! mode coerces), and the same for every field of object-shaped props. Shared by the
//! agreement tests against the Python SDK (`sdk_agreement`) and `tsc` (`tsc_agreement`).

use serde_json::{Value, json};
use widget::spec::{self, COMPONENTS, Component, Kind, Presence, Shape, Ty};

pub fn sample(ty: &Ty) -> Value {
    match ty {
        Ty::Str => json!("x"),
        Ty::Int => json!(2),
        Ty::Float => json!(1.5),
        Ty::Bool => json!(true),
        Ty::False => json!(false),
        Ty::DateTime => json!("2025-01-31"),
        Ty::Icon => json!("star"),
        Ty::Any => json!({"k": 1}),
        Ty::Enum(v) => json!(v[0]),
        Ty::Array(item) => json!([sample(item)]),
        Ty::Map(item) => json!({"k": sample(item)}),
        Ty::Shape(shape) => sample_shape(shape),
        Ty::Tagged(shapes) => sample_shape(shapes[0]),
        Ty::Union(members) => sample(&members[0]),
    }
}

pub fn sample_shape(shape: &Shape) -> Value {
    let mut obj = serde_json::Map::new();
    if let Some(tag) = shape.tag {
        obj.insert("type".into(), json!(tag));
    }
    for f in shape.fields {
        if f.presence.required() {
            obj.insert(f.name.into(), sample(&f.ty));
        }
    }
    Value::Object(obj)
}

pub fn instance(comp: &Component) -> serde_json::Map<String, Value> {
    let mut obj = serde_json::Map::new();
    obj.insert("type".into(), json!(comp.name));
    for p in comp.props() {
        if p.presence.required() {
            obj.insert(p.name.into(), sample(&p.ty));
        }
    }
    match comp.name {
        "Transition" => {
            obj.insert("children".into(), json!({"type": "Text", "value": "t"}));
        }
        "Card" | "ListViewItem" | "Basic" | "Table.Cell" => {
            obj.insert("children".into(), json!([{"type": "Text", "value": "t"}]));
        }
        "Table" => {
            obj.insert(
                "children".into(),
                json!([{"type": "Table.Row", "children": [{"type": "Table.Cell", "children": [{"type": "Text", "value": "t"}]}]}]),
            );
        }
        "Table.Row" => {
            obj.insert(
                "children".into(),
                json!([{"type": "Table.Cell", "children": [{"type": "Text", "value": "t"}]}]),
            );
        }
        "ListView" => {
            obj.insert(
                "children".into(),
                json!([{"type": "ListViewItem", "children": [{"type": "Text", "value": "t"}]}]),
            );
        }
        _ => {}
    }
    obj
}

/// Puts a component where it is allowed to stand.
pub fn place(comp: &Component, obj: serde_json::Map<String, Value>) -> Value {
    match comp.kind {
        Kind::Root => Value::Object(obj),
        Kind::Node if comp.name == "ListViewItem" => json!({"type": "ListView", "children": [obj]}),
        Kind::Node if comp.name == "Table.Row" => {
            json!({"type": "Card", "children": [{"type": "Table", "children": [obj]}]})
        }
        Kind::Node if comp.name == "Table.Cell" => json!({"type": "Card", "children": [
            {"type": "Table", "children": [{"type": "Table.Row", "children": [obj]}]}
        ]}),
        Kind::Node => json!({"type": "Card", "children": [obj]}),
    }
}

/// Values of every JSON type, including the ones pydantic's lax mode coerces.
pub fn wrong_values() -> Vec<Value> {
    vec![
        json!("abc"),
        json!(""),
        json!("3"),
        json!(" 4 "),
        json!("2.5"),
        json!("true"),
        json!("off"),
        json!(7),
        json!(0),
        json!(-3),
        json!(2.5),
        json!(3.0),
        json!(true),
        json!(false),
        Value::Null,
        json!({}),
        json!({"light": "red", "dark": "blue"}),
        json!({"top": 1}),
        json!([]),
        json!(["a"]),
        json!("vendor:x"),
        json!("#ff0000"),
        json!("2025-02-30"),
        json!("2025-01-31T09:30:00Z"),
        json!("2025-01-31 09:30:00.123+02:00"),
        json!("2025-01-31T25:00"),
        json!("1700000000"),
    ]
}

pub struct Case {
    pub name: String,
    pub text: String,
}

pub fn generate() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |name: String, doc: Value| {
        cases.push(Case {
            name,
            text: serde_json::to_string(&doc).unwrap(),
        })
    };
    for comp in COMPONENTS {
        add(
            format!("{}-minimal", comp.name),
            place(comp, instance(comp)),
        );
        for prop in comp.all_props() {
            let mut variants: Vec<(String, Value)> = vec![("sample".into(), sample(&prop.ty))];
            collect_enum_values(&prop.ty, &mut variants);
            for (i, w) in wrong_values().into_iter().enumerate() {
                variants.push((format!("w{i}"), w));
            }
            nested_mutations(&prop.ty, &mut variants);
            for (label, value) in variants {
                let mut obj = instance(comp);
                obj.insert(prop.name.into(), value);
                add(
                    format!("{}-{}-{label}", comp.name, prop.name),
                    place(comp, obj),
                );
            }
            if prop.presence.required() {
                let mut obj = instance(comp);
                obj.remove(prop.name);
                add(
                    format!("{}-{}-removed", comp.name, prop.name),
                    place(comp, obj),
                );
            }
        }
        // Misspelt types.
        for (label, bad) in [
            ("lower", comp.name.to_lowercase()),
            ("typo", format!("{}x", comp.name)),
            ("drop", comp.name[..comp.name.len() - 1].to_string()),
        ] {
            let mut obj = instance(comp);
            obj.insert("type".into(), json!(bad));
            add(format!("{}-type-{label}", comp.name), place(comp, obj));
        }
        // Unknown props are ignored by the SDK.
        let mut obj = instance(comp);
        obj.insert("notAProp".into(), json!({"anything": [1, 2]}));
        add(format!("{}-unknown-prop", comp.name), place(comp, obj));
    }
    cases
}

pub fn collect_enum_values(ty: &Ty, out: &mut Vec<(String, Value)>) {
    match ty {
        Ty::Enum(values) => {
            for v in *values {
                out.push((format!("enum-{v}"), json!(v)));
            }
            out.push(("enum-bogus".into(), json!("bogus")));
            out.push(("enum-upper".into(), json!(values[0].to_uppercase())));
        }
        Ty::Icon => {
            for v in spec::ICON_NAMES {
                out.push((format!("icon-{v}"), json!(v)));
            }
            out.push(("icon-lucide".into(), json!("lucide:rocket")));
            out.push(("icon-bogus".into(), json!("rocket")));
        }
        Ty::Union(members) => {
            for m in *members {
                collect_enum_values(m, out);
            }
        }
        _ => {}
    }
}

/// For object-shaped props: each field removed, and each field set to every wrong value.
pub fn nested_mutations(ty: &Ty, out: &mut Vec<(String, Value)>) {
    let shapes: Vec<&Shape> = match ty {
        Ty::Shape(s) => vec![s],
        Ty::Tagged(s) => s.to_vec(),
        Ty::Union(members) => members
            .iter()
            .filter_map(|m| match m {
                Ty::Shape(s) => Some(*s),
                _ => None,
            })
            .collect(),
        Ty::Array(item) => {
            let mut inner = Vec::new();
            nested_mutations(item, &mut inner);
            for (label, v) in inner {
                out.push((format!("item-{label}"), json!([v])));
            }
            return;
        }
        _ => return,
    };
    for shape in shapes {
        let base = sample_shape(shape);
        for f in shape.fields {
            let mut variants = vec![("sample".to_string(), sample(&f.ty))];
            collect_enum_values(&f.ty, &mut variants);
            for (i, w) in wrong_values().into_iter().enumerate() {
                variants.push((format!("w{i}"), w));
            }
            for (label, v) in variants {
                let mut obj = base.as_object().unwrap().clone();
                obj.insert(f.name.into(), v);
                out.push((
                    format!("{}.{}-{label}", shape.name, f.name),
                    Value::Object(obj),
                ));
            }
            if f.presence.required() {
                let mut obj = base.as_object().unwrap().clone();
                obj.remove(f.name);
                out.push((
                    format!("{}.{}-removed", shape.name, f.name),
                    Value::Object(obj),
                ));
            }
            if f.presence == Presence::Required {
                let mut obj = base.as_object().unwrap().clone();
                obj.insert(f.name.into(), Value::Null);
                out.push((
                    format!("{}.{}-null", shape.name, f.name),
                    Value::Object(obj),
                ));
            }
        }
    }
}
