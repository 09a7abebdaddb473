//! What the code editor completes and explains, generated once from `widget::spec` (components,
//! props, their docs and allowed values, which children a component takes, by `widget::edit`'s placement rules) and the renderer's
//! colour tokens. The server serves it as `/editor/spec.json`; the editor's JavaScript reads
//! it. Nothing in it is written by hand.

use serde_json::{Map, Value, json};
use widget::spec::{COMPONENTS, ICON_NAMES, Ty};

/// What kind of value a type takes, in a word the editor shows.
fn kind(ty: &Ty) -> String {
    match ty {
        Ty::Str => "string".into(),
        Ty::Int => "integer".into(),
        Ty::Float => "number".into(),
        Ty::Bool => "boolean".into(),
        Ty::Enum(_) => "enum".into(),
        Ty::False => "false".into(),
        Ty::DateTime => "date".into(),
        Ty::Icon => "icon".into(),
        Ty::Any => "any".into(),
        Ty::Union(tys) => {
            let mut out: Vec<String> = Vec::new();
            for t in tys.iter() {
                let k = kind(t);
                if !out.contains(&k) {
                    out.push(k);
                }
            }
            out.join(" | ")
        }
        Ty::Array(_) => "array".into(),
        Ty::Map(_) | Ty::Shape(_) | Ty::Tagged(_) => "object".into(),
    }
}

/// Every string a type allows by name (enum values), looking inside unions.
fn values(ty: &Ty, out: &mut Vec<&'static str>) {
    match ty {
        Ty::Enum(vs) => out.extend(vs.iter().copied()),
        Ty::Union(tys) => tys.iter().for_each(|t| values(t, out)),
        _ => {}
    }
}

fn takes(ty: &Ty, want: fn(&Ty) -> bool) -> bool {
    want(ty)
        || match ty {
            Ty::Union(tys) => tys.iter().any(|t| takes(t, want)),
            _ => false,
        }
}

fn is_color_prop(name: &str) -> bool {
    matches!(name, "color" | "background" | "iconColor") || name.ends_with("Color")
}

/// The table, as JSON.
pub fn table() -> Value {
    let mut components = Map::new();
    for c in COMPONENTS.iter() {
        let props: Vec<Value> = c
            .all_props()
            .map(|p| {
                let mut vs = Vec::new();
                values(&p.ty, &mut vs);
                json!({
                    "name": p.name,
                    "doc": p.doc,
                    "type": kind(&p.ty),
                    "required": p.presence.required(),
                    "values": vs,
                    "icon": takes(&p.ty, |t| matches!(t, Ty::Icon)),
                    "color": is_color_prop(p.name) && takes(&p.ty, |t| matches!(t, Ty::Str)),
                })
            })
            .collect();
        components.insert(
            c.name.to_string(),
            json!({
                "doc": c.doc,
                "root": c.is_root(),
                "children": widget::edit::allowed_children(Some(c.name)),
                "props": props,
            }),
        );
    }
    let roots = widget::edit::allowed_children(None);
    let mut colors: Vec<String> = render::style::TEXT_TOKENS
        .iter()
        .chain(render::style::SURFACE_TOKENS)
        .chain(render::style::BORDER_TOKENS)
        .map(|s| s.to_string())
        .collect();
    for c in render::style::PALETTE {
        for s in render::style::SHADES {
            colors.push(format!("{c}-{s}"));
        }
    }
    json!({
        "roots": roots,
        "components": components,
        "icons": ICON_NAMES,
        "colors": colors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_follows_the_spec() {
        let t = table();
        let comps = t["components"].as_object().unwrap();
        assert_eq!(comps.len(), COMPONENTS.len());
        assert_eq!(t["roots"], json!(["Card", "ListView", "Basic"]));
        assert_eq!(
            t["components"]["ListView"]["children"],
            json!(["ListViewItem"])
        );
        let card_children = t["components"]["Card"]["children"].as_array().unwrap();
        assert!(card_children.contains(&json!("Text")));
        assert!(!card_children.contains(&json!("ListViewItem")));
        assert!(!card_children.contains(&json!("Card")));
        let text = &t["components"]["Text"];
        let size = text["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "size")
            .unwrap();
        assert_eq!(size["values"], json!(["xs", "sm", "md", "lg", "xl"]));
        assert!(!size["doc"].as_str().unwrap().is_empty());
        let icon = t["components"]["Icon"]["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "name")
            .unwrap();
        assert_eq!(icon["icon"], json!(true));
        assert!(t["icons"].as_array().unwrap().contains(&json!("star")));
        assert!(
            t["colors"]
                .as_array()
                .unwrap()
                .contains(&json!("secondary"))
        );
        // Every prop of every component is there, with its docs.
        for c in COMPONENTS.iter() {
            let n = t["components"][c.name]["props"].as_array().unwrap().len();
            assert_eq!(n, c.all_props().count(), "{}", c.name);
        }
    }
}
