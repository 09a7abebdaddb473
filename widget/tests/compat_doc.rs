//! `docs/chatkit-compat.md` is generated from the spec and `widget::target`; this fails when
//! the committed file differs from what the code says (`UPDATE_COMPAT=1` rewrites it).

use widget::spec::COMPONENTS;
use widget::target::{INTENDED, ONLY, compat_markdown};

#[test]
fn chatkit_compat_doc_is_generated_and_current() {
    let got = compat_markdown();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/chatkit-compat.md");
    if std::env::var_os("UPDATE_COMPAT").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        got == want,
        "docs/chatkit-compat.md is stale: run `UPDATE_COMPAT=1 cargo test -p widget --test compat_doc` and commit it"
    );
}

#[test]
fn the_compat_doc_names_every_component_difference_and_reason() {
    let doc = compat_markdown();
    for c in COMPONENTS {
        assert!(doc.contains(&format!("`{}`", c.name)), "{}", c.name);
    }
    for o in ONLY {
        assert!(
            doc.contains(&format!("`{}`", o.subject())),
            "{}",
            o.subject()
        );
    }
    for i in INTENDED {
        assert!(doc.contains(i.reason), "{}", i.id);
    }
}

#[test]
fn every_only_entry_names_a_real_component_or_field() {
    for o in ONLY {
        if o.name.is_empty() {
            assert!(widget::spec::component(o.owner).is_some(), "{}", o.owner);
            continue;
        }
        let in_component = widget::spec::component(o.owner).and_then(|c| c.prop(o.name));
        let in_shape = [&widget::spec::ACTION_CONFIG, &widget::spec::SELECT_OPTION]
            .iter()
            .find(|s| s.name == o.owner)
            .and_then(|s| s.field(o.name));
        assert!(
            in_component.is_some() || in_shape.is_some(),
            "{}",
            o.subject()
        );
    }
}
