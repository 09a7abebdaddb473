//! The spec's prop groups: shared groups are defined once, every component's props come
//! out grouped for the inspector, and the validator's and JSON Schema's view is unchanged.



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
