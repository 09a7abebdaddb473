//! JSON Schema (draft 2020-12) of the widget language, generated from [`crate::spec`].
//!
//! The schema describes widgets as they should be written: it does not model
//! the SDK's lax coercions (`"3"` for an integer), which the validator reports
//! as warnings. Every prop carries its documentation as `description`, so
//! editors show it on hover and in completions.

use serde_json::{Map, Value, json};

use crate::spec::{
    COMMON_PROPS, COMPONENTS, Children, Component, ICON_NAMES, Kind, Prop, Shape, Ty,
};

/// The schema's `$id`, as served by the studio at `/schema/widget.json`.
pub const SCHEMA_ID: &str = "https://widget-studio.local/schema/widget.json";

/// The whole schema: roots at the top, every component and shape in `$defs`.
pub fn json_schema() -> Value {
    let mut defs = Map::new();
    let mut shapes: Vec<&'static Shape> = Vec::new();
    for comp in COMPONENTS {
        defs.insert(comp.name.to_string(), component_schema(comp, &mut shapes));
    }
    defs.insert(
        "Component".into(),
        json!({
            "description": "Any component that may stand inside a container.",
            "oneOf": COMPONENTS.iter().filter(|c| c.kind == Kind::Node && c.children != Children::Items && c.name != "ListViewItem")
                .map(|c| json!({"$ref": format!("#/$defs/{}", c.name)})).collect::<Vec<_>>(),
        }),
    );
    defs.insert(
        "IconName".into(),
        json!({
            "description": "An icon of the SDK's set, or a vendor:/lucide: prefixed name.",
            "anyOf": [
                {"enum": ICON_NAMES},
                {"type": "string", "pattern": "^vendor:"},
                {"type": "string", "pattern": "^lucide:"},
            ],
        }),
    );
    // Shapes may refer to other shapes; keep adding until none is new.
    let mut i = 0;
    while i < shapes.len() {
        let shape = shapes[i];
        let s = shape_schema(shape, &mut shapes);
        defs.insert(shape.name.to_string(), s);
        i += 1;
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "ChatKit widget",
        "description": "A ChatKit widget: a Card, ListView or Basic root holding components.",
        "oneOf": [
            {"$ref": "#/$defs/Card"},
            {"$ref": "#/$defs/ListView"},
            {"$ref": "#/$defs/Basic"},
        ],
        "$defs": defs,
    })
}

fn component_schema(comp: &'static Component, shapes: &mut Vec<&'static Shape>) -> Value {
    let mut props = Map::new();
    props.insert(
        "type".into(),
        json!({"const": comp.name, "description": "The component's name."}),
    );
    for p in COMMON_PROPS.iter().chain(comp.props()) {
        props.insert(p.name.into(), prop_schema(p, shapes));
    }
    let mut required = vec![json!("type")];
    required.extend(
        comp.props()
            .filter(|p| p.presence.required())
            .map(|p| json!(p.name)),
    );
    let children = match comp.children {
        Children::None => None,
        Children::Many if comp.name == "Basic" => Some(json!({
            "description": "Components inside this one, in order; for ChatKit.js (target chatkit-js) also Card, ListView and Basic roots.",
            "type": "array",
            "items": {"anyOf": [
                {"$ref": "#/$defs/Component"},
                {"$ref": "#/$defs/Card"},
                {"$ref": "#/$defs/ListView"},
                {"$ref": "#/$defs/Basic"},
            ]},
        })),
        Children::Many => Some(json!({
            "description": "Components inside this one, in order.",
            "type": "array",
            "items": {"$ref": "#/$defs/Component"},
        })),
        Children::Rows => Some(json!({
            "description": "The table's rows; only Table.Row.",
            "type": "array",
            "items": {"$ref": "#/$defs/Table.Row"},
        })),
        Children::Cells => Some(json!({
            "description": "The row's cells; only Table.Cell.",
            "type": "array",
            "items": {"$ref": "#/$defs/Table.Cell"},
        })),
        Children::Items => Some(json!({
            "description": "The list's rows; only ListViewItem.",
            "type": "array",
            "items": {"$ref": "#/$defs/ListViewItem"},
        })),
        Children::One => Some(json!({
            "description": "The one child to animate.",
            "$ref": "#/$defs/Component",
        })),
    };
    if let Some(c) = children {
        // The Studio writes `"children": null` on empty containers, and the SDK accepts it.
        let description = c["description"].clone();
        let c = json!({"anyOf": [c, {"type": "null"}], "description": description});
        props.insert("children".into(), c);
        if matches!(
            comp.name,
            "Card" | "ListView" | "ListViewItem" | "Transition"
        ) {
            required.push(json!("children"));
        }
    }
    json!({
        "type": "object",
        "description": comp.doc,
        "properties": props,
        "required": required,
    })
}

fn shape_schema(shape: &'static Shape, shapes: &mut Vec<&'static Shape>) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    if let Some(tag) = shape.tag {
        props.insert("type".into(), json!({"const": tag}));
        required.push(json!("type"));
    }
    for f in shape.fields {
        props.insert(f.name.into(), prop_schema(f, shapes));
        if f.presence.required() {
            required.push(json!(f.name));
        }
    }
    json!({
        "type": "object",
        "description": shape.doc,
        "properties": props,
        "required": required,
    })
}

fn prop_schema(p: &'static Prop, shapes: &mut Vec<&'static Shape>) -> Value {
    let mut s = ty_schema(&p.ty, shapes);
    if p.presence.nullable() {
        s = json!({"anyOf": [s, {"type": "null"}]});
    }
    if let Value::Object(map) = &mut s {
        map.insert("description".into(), json!(p.doc.trim()));
    }
    s
}

fn ty_schema(ty: &'static Ty, shapes: &mut Vec<&'static Shape>) -> Value {
    let mut shape_ref = |s: &'static Shape| {
        if !shapes.iter().any(|x| std::ptr::eq(*x, s)) {
            shapes.push(s);
        }
        json!({"$ref": format!("#/$defs/{}", s.name)})
    };
    match ty {
        Ty::Str => json!({"type": "string"}),
        Ty::Int => json!({"type": "integer"}),
        Ty::Float => json!({"type": "number"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::False => json!({"const": false}),
        Ty::DateTime => {
            json!({"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]})
        }
        Ty::Any => json!({}),
        Ty::Icon => json!({"$ref": "#/$defs/IconName"}),
        Ty::Enum(values) => json!({"enum": values}),
        Ty::Array(item) => json!({"type": "array", "items": ty_schema(item, shapes)}),
        Ty::Map(item) => json!({"type": "object", "additionalProperties": ty_schema(item, shapes)}),
        Ty::Shape(s) => shape_ref(s),
        Ty::Tagged(list) => json!({"oneOf": list.iter().map(|s| shape_ref(s)).collect::<Vec<_>>()}),
        Ty::Union(members) => {
            json!({"anyOf": members.iter().map(|m| ty_schema(m, shapes)).collect::<Vec<_>>()})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_component_and_prop_is_documented() {
        let schema = json_schema();
        let defs = schema["$defs"].as_object().unwrap();
        for comp in COMPONENTS {
            let def = &defs[comp.name];
            assert_eq!(def["properties"]["type"]["const"], comp.name);
            for p in comp.all_props() {
                let desc = def["properties"][p.name]["description"]
                    .as_str()
                    .unwrap_or("");
                assert!(
                    desc.len() > 8,
                    "{}.{} has no description",
                    comp.name,
                    p.name
                );
            }
        }
        for name in [
            "ThemeColor",
            "Spacing",
            "Border",
            "Borders",
            "ActionConfig",
            "CardAction",
            "SelectOption",
            "RadioOption",
            "EditableProps",
            "XAxisConfig",
            "BarSeries",
            "AreaSeries",
            "LineSeries",
            "WidgetStatusWithIcon",
            "WidgetStatusWithFavicon",
        ] {
            assert!(defs.contains_key(name), "missing shape {name}");
        }
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }

    #[test]
    fn enums_match_the_spec() {
        let schema = json_schema();
        let color = &schema["$defs"]["Button"]["properties"]["color"]["anyOf"][0]["enum"];
        assert_eq!(color.as_array().unwrap().len(), 8);
        let req = schema["$defs"]["Select"]["required"].as_array().unwrap();
        assert!(req.contains(&json!("name")) && req.contains(&json!("options")));
    }
}
