//! The spec's prop groups: shared groups are defined once, every component's props come
//! out grouped for the inspector, and the validator's and JSON Schema's view is unchanged.

use widget::spec::{self, ACTIONS, COMPONENTS, LAYOUT, MIN_MAX_SIZE};

/// The JSON Schema generated before the props were grouped (`UPDATE_GOLDEN=1` rewrites it).
#[test]
fn json_schema_is_unchanged_by_grouping() {
    let got = serde_json::to_string_pretty(&widget::schema::json_schema()).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/schema.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert!(got == want, "the generated JSON Schema changed");
}

/// Every component's props in the validator's order, with their docs, types and presence,
/// as they were before grouping (`UPDATE_GOLDEN=1` rewrites it).
#[test]
fn flat_props_are_unchanged_by_grouping() {
    let mut got = String::new();
    for c in widget::spec::COMPONENTS {
        for p in c.all_props() {
            got.push_str(&format!(
                "{}.{} {:?} {:?} {}\n",
                c.name, p.name, p.presence, p.ty, p.doc
            ));
        }
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/props.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap();
    assert!(got == want, "the flat list of props changed");
}

fn names(c: &str) -> Vec<(&'static str, Vec<&'static str>)> {
    spec::component(c)
        .unwrap()
        .groups()
        .into_iter()
        .map(|(g, props)| (g, props.iter().map(|p| p.name).collect()))
        .collect()
}

#[test]
fn every_prop_is_in_exactly_one_group() {
    for c in COMPONENTS {
        let grouped: Vec<&str> = c
            .groups()
            .iter()
            .flat_map(|(_, ps)| ps.iter().map(|p| p.name))
            .collect();
        let mut flat: Vec<&str> = c.props().map(|p| p.name).collect();
        let mut sorted = grouped.clone();
        sorted.sort();
        flat.sort();
        assert_eq!(sorted, flat, "{}", c.name);
        let mut seen = std::collections::HashSet::new();
        for (g, _) in c.groups() {
            assert!(seen.insert(g), "{}: group {g} twice", c.name);
        }
    }
}

#[test]
fn groups_in_display_order() {
    assert_eq!(names("Box")[0], ("Box", vec!["direction"]));
    assert_eq!(
        names("Box")[1..]
            .iter()
            .map(|(g, _)| *g)
            .collect::<Vec<_>>(),
        ["Layout", "Size", "Spacing", "Appearance"]
    );
    assert_eq!(
        names("Row").iter().map(|(g, _)| *g).collect::<Vec<_>>(),
        ["Layout", "Size", "Spacing", "Appearance"]
    );
    let form = names("Form");
    assert_eq!(form[0], ("Form", vec!["direction"]));
    assert_eq!(form.last().unwrap(), &(ACTIONS, vec!["onSubmitAction"]));
    // Own props first, in their order even when an action sat between them.
    let button = names("Button");
    assert_eq!(button[0].0, "Button");
    assert_eq!(&button[0].1[..3], ["submit", "label", "iconStart"]);
    assert_eq!(button[1], (ACTIONS, vec!["onClickAction"]));
    assert_eq!(
        names("Card"),
        [
            (
                "Card",
                vec!["asForm", "size", "status", "collapsed", "theme"]
            ),
            ("Appearance", vec!["background", "border"]),
            ("Spacing", vec!["padding"]),
            (ACTIONS, vec!["confirm", "cancel"]),
        ]
    );
    let chart = names("Chart");
    assert_eq!(chart[1], ("Layout", vec!["flex"]));
    assert_eq!(chart[2].0, "Size");
    assert_eq!(chart[2].1.last(), Some(&"aspectRatio"));
    assert_eq!(
        names("Basic"),
        [
            ("Basic", vec!["theme", "direction"]),
            ("Layout", vec!["gap", "align", "justify"]),
            ("Spacing", vec!["padding"]),
        ]
    );
    assert_eq!(names("Table"), []);
    assert_eq!(
        names("Table.Cell"),
        [
            ("Table.Cell", vec!["colSpan", "rowSpan"]),
            ("Size", vec!["width", "colSize"]),
            ("Spacing", vec!["padding"]),
            ("Layout", vec!["align", "vAlign"]),
        ]
    );
    assert_eq!(names("Text").len(), 1);
}

#[test]
fn shared_groups_are_shared() {
    // The four containers list the Layout group.
    let layout: Vec<&str> = LAYOUT.props.iter().map(|p| p.name).collect();
    for c in ["Box", "Row", "Col", "Form"] {
        let comp = spec::component(c).unwrap();
        assert!(
            comp.sections.iter().any(|g| g.name == "Layout"
                && g.props.iter().map(|p| p.name).collect::<Vec<_>>() == layout),
            "{c}"
        );
    }
    // Size limits: containers, Image and Chart.
    for c in ["Box", "Image", "Chart"] {
        let comp = spec::component(c).unwrap();
        let size = comp
            .groups()
            .into_iter()
            .find(|(g, _)| *g == "Size")
            .unwrap()
            .1;
        for p in MIN_MAX_SIZE.props {
            assert!(size.iter().any(|q| q.name == p.name), "{c}.{}", p.name);
        }
    }
    // Every action prop is in Actions.
    for c in COMPONENTS {
        for (g, props) in c.groups() {
            for p in props {
                let is_action = matches!(p.ty, spec::Ty::Shape(s) if s.name == "ActionConfig" || s.name == "CardAction");
                assert_eq!(is_action, g == ACTIONS, "{}.{}", c.name, p.name);
            }
        }
    }
}

#[test]
fn a_documented_default_is_one_value_or_none() {
    let prop = |c: &str, p: &str| spec::component(c).unwrap().prop(p).unwrap();
    assert_eq!(prop("Text", "color").documented_default(), Some("prose"));
    assert_eq!(
        prop("Title", "color").documented_default(),
        Some("emphasis")
    );
    assert_eq!(
        prop("Caption", "color").documented_default(),
        Some("secondary")
    );
    assert_eq!(
        prop("Box", "background").documented_default(),
        Some("transparent")
    );
    // "Default: none." and a sentence name no value.
    assert_eq!(prop("Image", "background").documented_default(), None);
    assert_eq!(prop("Text", "value").documented_default(), None);
}
