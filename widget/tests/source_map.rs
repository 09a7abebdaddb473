//! The source map of a built view: every output component points at the JSX element that
//! produced it, and every prop at its attribute.

mod common;

use serde_json::{Value, json};
use widget::design::{Design, DesignKind, Pass};
use widget::json::Span;
use widget::template::{self, SourceMap};

fn text(view: &str, s: Span) -> &str {
    &view[s.start as usize..s.end as usize]
}

/// Every component of `widget` with its JSON path, in document order.
fn components(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    out.push((path.clone(), v.clone()));
    if let Some(children) = v.get("children").and_then(Value::as_array) {
        for (i, c) in children.iter().enumerate() {
            let p = if path.is_empty() {
                format!("children[{i}]")
            } else {
                format!("{path}.children[{i}]")
            };
            components(c, p, out);
        }
    }
}

/// Checks the map of one build against the view text; returns the number of nodes.
fn check(name: &str, view: &str, widget: &Value, map: &SourceMap) -> usize {
    let mut nodes = Vec::new();
    components(widget, String::new(), &mut nodes);
    assert_eq!(
        map.nodes.len(),
        nodes.len(),
        "{name}: one entry per component"
    );
    for (path, node) in &nodes {
        let src = map
            .get(path)
            .unwrap_or_else(|| panic!("{name}: no source for {path:?}"));
        let ty = node["type"].as_str().unwrap();
        let el = text(view, src.element);
        assert!(el.starts_with(&format!("<{ty}")), "{name} {path}: {el}");
        assert!(
            el.ends_with("/>") || el.ends_with(&format!("</{ty}>")),
            "{name} {path}: {el}"
        );
        assert_eq!(text(view, src.name), ty);
        for (prop, span) in &src.props {
            assert!(
                node.get(prop).is_some(),
                "{name} {path}: {prop} is not in the output"
            );
            assert!(
                src.element.start <= span.start && span.end <= src.element.end,
                "{name} {path}.{prop}: inside the element"
            );
            let attr = text(view, *span);
            if attr.starts_with('{') {
                // `name={expr}`: the braces, right after `name=`.
                assert!(attr.ends_with('}'), "{name} {path}.{prop}: {attr}");
                let before = view[..span.start as usize].trim_end();
                assert!(
                    before.ends_with(&format!("{prop}=")),
                    "{name} {path}.{prop}: {attr}"
                );
            } else {
                // `name="x"` or `name`: the whole attribute.
                assert!(
                    attr == prop
                        || attr.starts_with(&format!("{prop}=\""))
                        || attr.starts_with(&format!("{prop}='")),
                    "{name} {path}.{prop}: {attr}"
                );
            }
        }
    }
    nodes.len()
}

#[test]
fn every_corpus_view_and_state_maps_every_node() {
    let (mut builds, mut nodes, mut shared) = (0, 0, 0);
    for (name, bytes) in common::corpus_files() {
        let design = Design::from_widget_file(&bytes).unwrap();
        if design.kind != DesignKind::Jsx {
            continue;
        }
        let states =
            std::iter::once(&design.default_state).chain(design.states.iter().map(|s| &s.data));
        for data in states {
            let built = design.build(data);
            let widget = built.widget.as_ref().unwrap().to_serde();
            nodes += check(&name, &design.source, &widget, &built.source_map);
            builds += 1;
            // Rows of a `.map` share their element.
            let mut spans: Vec<_> = built.source_map.nodes.values().map(|n| n.element).collect();
            let all = spans.len();
            spans.sort_by_key(|s| (s.start, s.end));
            spans.dedup();
            shared += all - spans.len();
        }
    }
    eprintln!("{builds} builds, {nodes} nodes, {shared} nodes sharing an element");
    assert!(builds >= 4, "{builds} builds");
    assert!(nodes > 50, "{nodes} nodes");
    assert!(shared > 0, "the corpus has .map rows");
}

#[test]
fn map_rows_point_at_the_mapped_element() {
    let view = r#"<ListView>
  {items.map((item) => (
    <ListViewItem key={item.id} gap={2}>
      <Text value={item.title} size="sm" />
    </ListViewItem>
  ))}
</ListView>"#;
    let data = json!({"items": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]});
    let built = template::build(view, &data);
    assert!(built.report.is_valid(), "{:#?}", built.report.errors);
    let m = &built.source_map;
    let row0 = m.get("children[0]").unwrap();
    let row1 = m.get("children[1]").unwrap();
    assert_eq!(row0, row1);
    assert!(text(view, row0.element).starts_with("<ListViewItem key={item.id}"));
    assert_eq!(text(view, row0.props["key"]), "{item.id}");
    assert_eq!(text(view, row0.props["gap"]), "{2}");
    let t0 = m.get("children[0].children[0]").unwrap();
    assert_eq!(t0, m.get("children[1].children[0]").unwrap());
    assert_eq!(
        text(view, t0.element),
        r#"<Text value={item.title} size="sm" />"#
    );
    assert_eq!(text(view, t0.props["value"]), "{item.title}");
    assert_eq!(text(view, t0.props["size"]), r#"size="sm""#);
    assert_eq!(text(view, m.get("").unwrap().element), view);
    assert_eq!(m.nodes.len(), 5);
}

#[test]
fn conditional_and_ternary_children() {
    let view = r#"<Card>
  {done && <Badge label="Done" />}
  {urgent ? <Text value="Now" color="danger" /> : <Caption value={ `Later, ${who}` } />}
  <Divider />
</Card>"#;
    let build = |data: Value| {
        let b = template::build(view, &data);
        assert!(b.report.is_valid(), "{:#?}", b.report.errors);
        let w = b.widget.as_ref().unwrap().to_serde();
        check("inline", view, &w, &b.source_map);
        b
    };
    let b = build(json!({"done": true, "urgent": true, "who": "me"}));
    assert_eq!(
        text(view, b.source_map.get("children[0]").unwrap().element),
        r#"<Badge label="Done" />"#
    );
    let t = b.source_map.get("children[1]").unwrap();
    assert_eq!(
        text(view, t.element),
        r#"<Text value="Now" color="danger" />"#
    );
    assert_eq!(text(view, t.props["color"]), r#"color="danger""#);
    assert!(text(view, b.source_map.get("children[2]").unwrap().element).starts_with("<Divider"));

    let b = build(json!({"done": false, "urgent": false, "who": "me"}));
    let c = b.source_map.get("children[0]").unwrap();
    assert!(text(view, c.element).starts_with("<Caption"));
    // Braces with blanks inside: the whole `{ … }`.
    assert_eq!(text(view, c.props["value"]), "{ `Later, ${who}` }");
    assert!(text(view, b.source_map.get("children[1]").unwrap().element).starts_with("<Divider"));
    assert!(b.source_map.get("children[2]").is_none());
}

#[test]
fn props_from_expressions_spreads_and_shorthands() {
    let view = r#"<Card size={wide ? "lg" : "sm"} {...extra} collapsed>
  <Image src={url /* the picture */ } frame {...img} />
  <Button label="Go" onClickAction={{ type: "go", payload: { id } }} {...btn} />
</Card>"#;
    let data = json!({
        "wide": true, "extra": {"theme": "dark"}, "url": "https://x/y.png",
        "img": {"alt": "A picture"}, "id": 7, "btn": {"label": "Overridden"},
    });
    let b = template::build(view, &data);
    assert!(b.report.is_valid(), "{:#?}", b.report.errors);
    let w = b.widget.as_ref().unwrap().to_serde();
    check("inline", view, &w, &b.source_map);
    let card = b.source_map.get("").unwrap();
    assert_eq!(text(view, card.props["size"]), r#"{wide ? "lg" : "sm"}"#);
    assert_eq!(text(view, card.props["collapsed"]), "collapsed");
    // From a spread: no attribute.
    assert_eq!(w["theme"], "dark");
    assert!(!card.props.contains_key("theme"));
    let img = b.source_map.get("children[0]").unwrap();
    assert_eq!(text(view, img.props["src"]), "{url /* the picture */ }");
    assert_eq!(text(view, img.props["frame"]), "frame");
    assert!(!img.props.contains_key("alt"));
    let button = b.source_map.get("children[1]").unwrap();
    assert_eq!(
        text(view, button.props["onClickAction"]),
        r#"{{ type: "go", payload: { id } }}"#
    );
    // A spread that overrides an attribute: the value is not the attribute's.
    assert_eq!(w["children"][1]["label"], "Overridden");
    assert!(!button.props.contains_key("label"));
}

#[test]
fn the_map_serialises_with_byte_offsets_and_is_empty_without_a_widget() {
    let view = r#"<Card><Text value="Hi" /></Card>"#;
    let b = template::build(view, &json!({}));
    let v = serde_json::to_value(&b.source_map).unwrap();
    assert_eq!(
        v["nodes"][""]["element"],
        json!({"start": 0, "end": view.len()})
    );
    assert_eq!(
        v["nodes"]["children[0]"]["props"]["value"],
        json!({"start": 12, "end": 22})
    );
    let back: SourceMap = serde_json::from_value(v).unwrap();
    assert_eq!(back, b.source_map);
    // The innermost element around an offset.
    assert_eq!(b.source_map.node_at(14).unwrap().0, "children[0]");
    assert_eq!(b.source_map.node_at(2).unwrap().0, "");
    assert!(
        template::build("<Card>{missing}</Card>", &json!({}))
            .source_map
            .nodes
            .is_empty()
    );
    assert!(
        template::build("<Card", &json!({}))
            .source_map
            .nodes
            .is_empty()
    );
}

/// The preview's build gives what the full build gives, for every state of every corpus and
/// gallery design (JSX, JSON and template-only): the same widget, problems and accessibility
/// warnings, and each component's element start from the source map.
#[test]
fn the_preview_build_agrees_with_the_full_build() {
    let gallery = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/gallery"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "widget"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()));
    let (mut designs, mut states, mut elements) = (0, 0, 0);
    for (name, bytes) in common::corpus_files().into_iter().chain(gallery) {
        let mut design = Design::from_widget_file(&bytes).unwrap();
        // And once with a syntax error, which every state reports.
        let broken = Design {
            source: format!("{}<Row", design.source),
            ..design.clone()
        };
        for d in [&design, &broken] {
            let full = d.build_states();
            let preview = d.preview_states();
            let (draw, checks) = (d.preview_pass(Pass::Draw), d.preview_pass(Pass::Check));
            assert_eq!(full.len(), preview.len(), "{name}");
            assert_eq!(
                (draw.len(), checks.len()),
                (full.len(), full.len()),
                "{name}"
            );
            for (p, (dr, ch)) in preview.iter().zip(draw.iter().zip(&checks)) {
                // Drawing: the whole widget and its places; checking: every problem.
                assert_eq!((&dr.name, &ch.name), (&p.name, &p.name), "{name}");
                assert_eq!(dr.widget, p.widget, "{name} {}", p.name);
                assert_eq!(dr.elements, p.elements, "{name} {}", p.name);
                assert_eq!(ch.report, p.report, "{name} {}", p.name);
                assert_eq!(ch.a11y, p.a11y, "{name} {}", p.name);
                if d.kind == DesignKind::Jsx {
                    // A JSX view's drawing pass reports only what stopped the build, and
                    // checking neither draws nor places.
                    let stopped = if p.widget.is_some() {
                        Default::default()
                    } else {
                        p.report.clone()
                    };
                    assert_eq!(dr.report, stopped, "{name} {}", p.name);
                    assert!(dr.a11y.is_empty(), "{name} {}", p.name);
                    assert!(
                        ch.widget.is_none() && ch.elements.is_empty(),
                        "{name} {}",
                        p.name
                    );
                }
            }
            for (f, p) in full.iter().zip(&preview) {
                assert_eq!(f.name, p.name, "{name}");
                assert_eq!(f.widget, p.widget, "{name} {}", f.name);
                assert_eq!(f.report, p.report, "{name} {}", f.name);
                assert_eq!(f.a11y, p.a11y, "{name} {}", f.name);
                let starts: std::collections::BTreeMap<String, u32> = f
                    .source_map
                    .nodes
                    .iter()
                    .map(|(path, n)| (path.clone(), n.element.start))
                    .collect();
                assert_eq!(starts, p.elements, "{name} {}", f.name);
                elements += p.elements.len();
                states += 1;
            }
        }
        designs += 1;
        // A state that does not evaluate (a missing field is fine; a non-object is not).
        design.default_state = serde_json::json!(7);
        let (f, p) = (design.build_states(), design.preview_states());
        assert_eq!(f[0].report, p[0].report, "{name}: bad state");
        assert_eq!(f[0].widget, p[0].widget, "{name}: bad state");
    }
    assert!(
        designs >= 30 && states >= 60 && elements > 1000,
        "{designs} designs, {states} states, {elements} elements"
    );
}
