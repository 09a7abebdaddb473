//! The JSX view language: features, JavaScript semantics, located errors, limits.

use serde_json::{Value, json};
use widget::Code;
use widget::template::{Limits, View, build};

fn eval(view: &str, data: Value) -> Value {
    let built = build(view, &data);
    assert!(
        built.report.errors.is_empty(),
        "{view}\n{:#?}",
        built.report.errors
    );
    built.widget.expect("a widget").to_serde()
}

/// Evaluates `expr` as the value of a Text inside a Card and returns the value.
fn value(expr: &str, data: Value) -> Value {
    let view = format!("<Card><Text value={{{expr}}} /></Card>");
    let data2 = data.clone();
    let built = build(&view, &data2);
    assert!(
        built
            .report
            .errors
            .iter()
            .all(|e| e.code == Code::InvalidType),
        "{expr}: {:#?}",
        built.report.errors
    );
    let _ = data;
    built.widget.unwrap().to_serde()["children"][0]
        .get("value")
        .cloned()
        .unwrap_or(Value::Null)
}

fn error(view: &str, data: Value) -> widget::Diagnostic {
    let built = build(view, &data);
    built
        .report
        .errors
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("expected an error for {view}"))
}

#[test]
fn jsx_forms() {
    let w = eval(
        r#"<Card size="sm" padding={0} collapsed>
  {/* a comment child */}
  <Text value='single' />
  <>
    <Divider />
    <Spacer></Spacer>
  </>
  {[<Badge label="a" />, [<Badge label="b" />, null], undefined, false]}
</Card>"#,
        json!({}),
    );
    assert_eq!(
        w,
        json!({"type": "Card", "size": "sm", "padding": 0, "collapsed": true, "children": [
            {"type": "Text", "value": "single"},
            {"type": "Divider"},
            {"type": "Spacer"},
            {"type": "Badge", "label": "a"},
            {"type": "Badge", "label": "b"},
        ]})
    );
}

#[test]
fn undefined_props_are_omitted_and_null_kept() {
    let w = eval(
        r#"<Card><Button label={undefined} color={x ? "primary" : undefined} onClickAction={null} /></Card>"#,
        json!({"x": false}),
    );
    // What the Python SDK sends: its `exclude_none` takes the null out too.
    assert_eq!(w["children"][0], json!({"type": "Button"}));
    // The evaluator itself keeps it (the validator reads it, and ChatKit.js keeps it).
    let view = widget::template::View::parse(
        r#"<Card><Button label={undefined} onClickAction={null} /></Card>"#,
    )
    .unwrap();
    let node = view
        .evaluate(&json!({}), widget::template::Limits::default())
        .unwrap();
    assert_eq!(
        node.to_serde()["children"][0],
        json!({"type": "Button", "onClickAction": null})
    );
    let built = widget::template::build_for(
        r#"<Card><Button onClickAction={null} /></Card>"#,
        &json!({}),
        widget::target::Target::ChatkitJs,
    );
    assert_eq!(
        built.widget.unwrap().to_serde()["children"][0],
        json!({"type": "Button", "onClickAction": null})
    );
}

#[test]
fn spread_props_and_values() {
    let w = eval(
        r#"<Card><Button {...base} label="Go" {...{pill: true}} /></Card>"#,
        json!({"base": {"label": "old", "color": "success"}}),
    );
    assert_eq!(
        w["children"][0],
        json!({"type": "Button", "label": "Go", "color": "success", "pill": true})
    );
}

#[test]
fn member_index_and_optional_chaining() {
    let d = json!({"user": {"name": "Ada", "tags": ["a", "b"]}, "none": null});
    assert_eq!(value("user.name", d.clone()), json!("Ada"));
    assert_eq!(value("user['name']", d.clone()), json!("Ada"));
    assert_eq!(value("user.tags[1]", d.clone()), json!("b"));
    assert_eq!(value("none?.name ?? 'anon'", d.clone()), json!("anon"));
    assert_eq!(value("user?.nick ?? user.name", d.clone()), json!("Ada"));
    assert_eq!(value("user.tags?.[0]", d), json!("a"));
}

#[test]
fn literals_and_templates() {
    assert_eq!(value("`a ${1 + 2} b ${'c'}`", json!({})), json!("a 3 b c"));
    assert_eq!(value("'it\\'s'", json!({})), json!("it's"));
}

#[test]
fn object_and_array_literals_with_spread() {
    let w = eval(
        r#"<Card><Button label="x" onClickAction={{type: "a", payload: {...p, id, list: [...xs, 3]}}} /></Card>"#,
        json!({"p": {"k": 1}, "id": "i", "xs": [1, 2]}),
    );
    assert_eq!(
        w["children"][0]["onClickAction"],
        json!({"type": "a", "payload": {"k": 1, "id": "i", "list": [1, 2, 3]}})
    );
}

#[test]
fn map_filter_with_index() {
    let w = eval(
        r#"<ListView>{items.filter(i => i.on).map((item, index) => <ListViewItem key={item.id}><Text value={`${index + 1}. ${item.name}`} /></ListViewItem>)}</ListView>"#,
        json!({"items": [{"id": "a", "name": "A", "on": true}, {"id": "b", "name": "B", "on": false}, {"id": "c", "name": "C", "on": true}]}),
    );
    let texts: Vec<&str> = w["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["children"][0]["value"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["1. A", "2. C"]);
    assert_eq!(w["children"][1]["key"], "c");
}

#[test]
fn operators_follow_javascript() {
    let d = json!({"n": 5, "s": "5", "z": 0, "e": "", "nul": null, "arr": []});
    let cases = [
        ("n === 5 ? 'y' : 'n'", "y"),
        ("n === s ? 'y' : 'n'", "n"),
        ("n == s ? 'y' : 'n'", "y"),
        ("nul == undefined ? 'y' : 'n'", "y"),
        ("nul === undefined ? 'y' : 'n'", "n"),
        ("n !== 4 ? 'y' : 'n'", "y"),
        ("n != 5 ? 'y' : 'n'", "n"),
        ("z || 'fallback'", "fallback"),
        ("e || 'empty'", "empty"),
        ("z ?? 'kept'", "0"),
        ("arr && 'arrays are truthy'", "arrays are truthy"),
        ("!!e ? 'y' : 'n'", "n"),
        ("!z ? 'y' : 'n'", "y"),
        ("n < 10 && n >= 5 ? 'y' : 'n'", "y"),
        ("'b' > 'a' ? 'y' : 'n'", "y"),
        ("n <= 4 ? 'y' : 'n'", "n"),
        ("'x' + n + 1", "x51"),
        ("n + 1 + 'x'", "6x"),
        ("'' + n * 2 / 4 % 2", "0.5"),
        ("'' + (n - 7)", "-2"),
        ("'' + 0.1 * 3", "0.30000000000000004"),
        ("'' + (1 / 0)", "Infinity"),
        ("typeof nul", "object"),
        ("typeof missing", "undefined"),
    ];
    for (expr, want) in cases {
        let got = value(expr, d.clone());
        let got = match got {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            other => other.to_string(),
        };
        assert_eq!(got, want, "{expr}");
    }
}

#[test]
fn methods() {
    let d = json!({"tags": ["a", "b", "c"], "name": "  Ada  ", "price": 4.5678, "n": 2});
    let cases = [
        ("tags.length + ''", "3"),
        ("tags.join(', ')", "a, b, c"),
        ("tags.join()", "a,b,c"),
        ("tags.slice(1).join('')", "bc"),
        ("tags.slice(-2, -1).join('')", "b"),
        ("tags.includes('b') ? 'y' : 'n'", "y"),
        ("name.trim()", "Ada"),
        ("name.trim().toUpperCase()", "ADA"),
        ("name.toLowerCase().trim()", "ada"),
        ("name.length + ''", "7"),
        ("name.trim().slice(0, 2)", "Ad"),
        ("price.toFixed(2)", "4.57"),
        ("n.toFixed(1)", "2.0"),
        ("name.includes('da') ? 'y' : 'n'", "y"),
        ("[1, [2, [3, [4]]]].flat().length + ''", "3"),
        ("[1, [2, [3, [4]]]].flat(2).length + ''", "4"),
        ("[1, [2, [3, [4]]]].flat(0).length + ''", "2"),
        ("[[], [tags], 'x'].flat().length + ''", "2"),
    ];
    for (expr, want) in cases {
        assert_eq!(value(expr, d.clone()), json!(want), "{expr}");
    }
}

#[test]
fn numbers_in_output_are_json_numbers() {
    let w = eval("<Card><Row gap={2 * 1.5} flex={1.0} /></Card>", json!({}));
    assert_eq!(
        serde_json::to_string(&w["children"][0]).unwrap(),
        r#"{"type":"Row","gap":3,"flex":1}"#
    );
}

// ---- errors -----------------------------------------------------------------

#[test]
fn missing_property_names_what_exists() {
    let view = "<ListView>\n  {items.map((item) => (\n    <ListViewItem><Text value={item.nmae} /></ListViewItem>\n  ))}\n</ListView>";
    let e = error(
        view,
        json!({"items": [{"id": 1, "name": "A", "color": "red"}]}),
    );
    assert_eq!(e.code, Code::TemplateUndefined);
    assert_eq!(
        e.message,
        "item.nmae is undefined (item has: id, name, color) — did you mean name?"
    );
    assert_eq!((e.line, e.column), (3, 32));
    let excerpt = e.excerpt(view, &widget::json::LineIndex::new(view));
    assert!(
        excerpt.contains("<ListViewItem><Text value={item.nmae} />"),
        "{excerpt}"
    );
    assert!(excerpt.lines().nth(1).unwrap().ends_with("^"));
}

#[test]
fn unknown_identifier() {
    let e = error("<Card><Text value={titel} /></Card>", json!({"title": "x"}));
    assert_eq!(e.code, Code::TemplateUndefined);
    assert_eq!(
        e.message,
        "titel is not defined (the data has: title) — did you mean title?"
    );
    assert_eq!((e.line, e.column), (1, 20));
}

#[test]
fn reading_from_null_suggests_optional_chaining() {
    let e = error(
        "<Card><Text value={user.name} /></Card>",
        json!({"user": null}),
    );
    assert!(
        e.message.contains("use user?.name if it may be missing"),
        "{}",
        e.message
    );
}

#[test]
fn syntax_errors_are_located() {
    let view = "<Card>\n  <Text value={a +} />\n</Card>";
    let e = error(view, json!({"a": 1}));
    assert_eq!(e.code, Code::TemplateSyntax);
    assert_eq!((e.line, e.column), (2, 19));
    assert!(
        e.message.starts_with("expected an expression"),
        "{}",
        e.message
    );

    let e = error("<Card>\n  <Row>\n</Card>", json!({}));
    assert_eq!(
        e.message,
        "</Card> does not match the open tag: expected </Row>"
    );
    assert_eq!((e.line, e.column), (3, 1));

    let e = error("<Card><Text value=\"x\" /></Card> <Card/>", json!({}));
    assert!(e.message.contains("a view is a single root element"));

    let e = error("<Card><Text value={`abc} /></Card>", json!({}));
    assert!(e.message.contains("unterminated template literal"));

    let e = error("", json!({}));
    assert!(e.message.contains("the view is empty"));
}

#[test]
fn unknown_component_and_text_children() {
    let e = error("<Card>\n  <Buton label=\"x\" />\n</Card>", json!({}));
    assert_eq!(e.code, Code::UnknownComponent);
    assert_eq!(
        e.message,
        "unknown component <Buton> — did you mean Button?"
    );
    assert_eq!((e.line, e.column), (2, 4));

    let e = error("<Card>Hello</Card>", json!({}));
    assert_eq!(e.code, Code::TemplateText);
    assert!(e.message.contains("write <Text value=\"Hello\" />"));

    let e = error("<Card>{name}</Card>", json!({"name": "x"}));
    assert_eq!(e.code, Code::TemplateText);
}

#[test]
fn unsupported_methods_say_what_is_supported() {
    let e = error(
        "<Card><Text value={tags.reverse().join()} /></Card>",
        json!({"tags": []}),
    );
    assert_eq!(e.code, Code::TemplateType);
    assert!(
        e.message
            .contains(".reverse() is not supported on an array")
    );
    assert!(e.message.contains("supported methods: map, filter"));
}

#[test]
fn reduce_follows_javascript() {
    let items = json!({"items": [{"p": 2, "q": 3}, {"p": 0.5, "q": 2}], "none": []});
    assert_eq!(
        value("items.reduce((s, it) => s + it.p * it.q, 0)", items.clone()),
        json!(7)
    );
    // Without a start value the first item starts (as JavaScript), so this adds objects.
    assert_eq!(
        value("[1, 2, 3].reduce((a, b) => a * b)", items.clone()),
        json!(6)
    );
    assert_eq!(
        value(
            "items.reduce((s, it, i, all) => s + i + all.length, \"\")",
            items.clone()
        ),
        json!("0212")
    );
    assert_eq!(
        value("none.reduce((s, x) => s + x, 10)", items.clone()),
        json!(10)
    );
    let e = error(
        "<Card><Text value={`${none.reduce((s, x) => s + x)}`} /></Card>",
        items.clone(),
    );
    assert_eq!(e.code, Code::TemplateType);
    assert!(
        e.message
            .contains("none.reduce() of an empty list needs a start value"),
        "{}",
        e.message
    );
    let e = error(
        "<Card><Text value={`${items.reduce(3, 0)}`} /></Card>",
        items,
    );
    assert!(
        e.message.contains(".reduce() needs a function"),
        "{}",
        e.message
    );
}

/// A value may hold the same list many times over at no cost (`[a, a]`), so everything that
/// copies a value out in full (its text, its JSON, `.flat`, a component used twice) pays for
/// what it copies: 2^30 values stop at the step limit instead of taking the memory.
#[test]
fn values_that_hold_themselves_many_times_over_stop_at_the_limits() {
    let doubling = r#"[..."abcdefghijklmnopqrstuvwxyz0123"].reduce((a) => [a, a], 0)"#;
    let data = json!({"words": vec!["w"; 10_000], "sep": "-".repeat(1000)});
    for (view, code) in [
        (format!("<Card><Text value={{{doubling}.join()}} /></Card>"), Code::TemplateLimit),
        (format!("<Card><Text value={{`${{{doubling}}}`}} /></Card>"), Code::TemplateLimit),
        (format!("<Card><Text value={{\"\" + {doubling}}} /></Card>"), Code::TemplateLimit),
        (format!("<Card><Text value={{`${{{doubling} == \"x\"}}`}} /></Card>"), Code::TemplateLimit),
        (format!("<Card><Text value={{`${{{doubling}.flat(100).length}}`}} /></Card>"), Code::TemplateLimit),
        (format!("<Card><Text value=\"x\" key={{{doubling}}} /></Card>"), Code::TemplateLimit),
        (format!("<Card><Text value={{`${{\"x\".includes({doubling})}}`}} /></Card>"), Code::TemplateLimit),
        (
            r#"<Card><Text value={`${[..."abcdefghijklmnopqrstuvwxyz0123"].reduce((a) => [...a, ...a], [0]).length}`} /></Card>"#.to_string(),
            Code::TemplateLimit,
        ),
        (
            r#"<Card>{[..."abcdefghijklmnopqrstuvwxyz0123"].reduce((a) => <Col>{a}{a}</Col>, <Text value="x" />)}</Card>"#.to_string(),
            Code::TemplateLimit,
        ),
        (
            r#"<Card><Text value={words.map(() => sep).join(sep)} /></Card>"#.to_string(),
            Code::TemplateLimit,
        ),
    ] {
        let started = std::time::Instant::now();
        let e = error(&view, data.clone());
        assert_eq!(e.code, code, "{view}: {}", e.message);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{view}: {:?}",
            started.elapsed()
        );
    }
    // Below the limits the same shapes still build.
    let small = r#"[..."abcd"].reduce((a) => [a, a], 0)"#;
    assert_eq!(
        value(&format!("{small}.flat(100).length"), json!({})),
        json!(16)
    );
    assert_eq!(
        value(&format!("{small}.join()"), json!({})),
        json!(vec!["0"; 16].join(","))
    );
    let shared = eval(
        r#"<Card>{[..."abc"].reduce((a) => <Col>{a}{a}</Col>, <Text value="x" />)}</Card>"#,
        json!({}),
    );
    assert_eq!(shared.to_string().matches("\"x\"").count(), 8);
}

#[test]
fn reduce_without_a_start_value_is_not_exported() {
    let view =
        View::parse("<Card><Text value={`${[1, 2].reduce((a, b) => a + b)}`} /></Card>").unwrap();
    let e = view.to_jinja().unwrap_err();
    assert_eq!(e.errors[0].code, Code::TemplateExport);
    assert!(
        e.errors[0]
            .message
            .contains("`.reduce` without a start value"),
        "{}",
        e.errors[0].message
    );
    assert_eq!((e.errors[0].line, e.errors[0].column), (1, 23));
}

#[test]
fn a_view_the_export_cannot_write_is_a_warning_while_editing() {
    use widget::design::Pass;
    let mut d = widget::starter::Starter::Card.design("Totals");
    d.source = "<Card>\n  <Text value={`${[1, 2].reduce((a, b) => a + b)}`} />\n</Card>".into();
    let w = d.export_warnings();
    assert_eq!(w.len(), 1, "{w:#?}");
    assert_eq!(w[0].code, Code::NotExportable);
    assert!(!w[0].is_error());
    assert_eq!((w[0].line, w[0].column), (2, 19));
    assert!(
        w[0].message
            .contains("cannot be exported to a .widget template")
    );
    assert!(w[0].message.contains("`.reduce` without a start value"));
    // The preview builds it, with no error; the warning is not part of its passes.
    let states = d.preview_pass(Pass::Full);
    assert!(states[0].widget.is_some());
    assert!(
        states[0].report.errors.is_empty(),
        "{:#?}",
        states[0].report.errors
    );
    assert!(
        states[0]
            .report
            .warnings
            .iter()
            .all(|w| w.code != Code::NotExportable)
    );
    // An exportable view, one that does not parse, widget JSON: no such warning.
    d.source = "<Card><Text value={`${[1, 2].reduce((a, b) => a + b, 0)}`} /></Card>".into();
    assert!(d.export_warnings().is_empty());
    d.source = "<Card><Text value={".into();
    assert!(d.export_warnings().is_empty());
    d.kind = widget::DesignKind::Json;
    d.source = r#"{"type": "Card", "children": []}"#.into();
    assert!(d.export_warnings().is_empty());
}

#[test]
fn bad_props_are_validated_at_view_lines() {
    let view =
        "<Card>\n  <Button label=\"Go\" color=\"purple\" />\n  <Text value={count} />\n</Card>";
    let built = build(view, &json!({"count": 3}));
    let errs = &built.report.errors;
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert_eq!(errs[0].code, Code::InvalidEnum);
    assert_eq!((errs[0].line, errs[0].column), (2, 28));
    assert_eq!(errs[0].path, "children[0].color");
    assert_eq!(errs[1].code, Code::InvalidType);
    assert_eq!(errs[1].message, "Text.value: expected a string, found 3");
    assert_eq!((errs[1].line, errs[1].column), (3, 16));
}

#[test]
fn problems_inside_an_object_or_array_literal_are_placed_at_the_value() {
    // Each problem at the value (or key) the literal wrote, not at the literal's `{`.
    let view = r#"<Card>
  <Text value="x" color={{ light: "blu-500", dark: "red-400" }} />
  <Box border={{ size: 1, color: "nope-1" }} background={{ ...base, light: "x-1" }} />
  <Chart data={[{ a: 1 }]} xAxis="a" series={[{ type: "bar", dataKey: "a", label: "A", color: "nocolour" }]} />
  <Box padding={{ top: 1, colr: 2 }} border={{ color: "nope-2", ...over }} />
  <Row children={[...rows, <Text value={3} />]} />
</Card>"#;
    let built = build(view, &json!({"base": {}, "over": {}, "rows": []}));
    let at = |code: Code, path: &str| {
        built
            .report
            .all()
            .find(|d| d.code == code && d.path == path)
            .map(|d| (d.line, d.column))
            .unwrap_or_else(|| panic!("no {code:?} at {path}: {:#?}", built.report))
    };
    assert_eq!(at(Code::UnknownColor, "children[0].color.light"), (2, 35));
    assert_eq!(at(Code::UnknownColor, "children[1].border.color"), (3, 34));
    // After a spread: the literal's own key still says where it is.
    assert_eq!(
        at(Code::UnknownColor, "children[1].background.light"),
        (3, 76)
    );
    assert_eq!(
        at(Code::UnknownColor, "children[2].series[0].color"),
        (4, 95)
    );
    // An unknown key of a shape: at the key.
    assert_eq!(at(Code::UnknownProp, "children[3].padding.colr"), (5, 27));
    // A key a later spread may have set: where the literal starts, as before.
    assert_eq!(at(Code::UnknownColor, "children[3].border.color"), (5, 46));
    // An element in an array literal keeps its own places (its props' values).
    assert_eq!(
        at(Code::InvalidType, "children[4].children[0].value"),
        (6, 41)
    );
}

#[test]
fn structural_errors_point_at_the_element() {
    let view = "<Card>\n  <ListViewItem>\n    <Text value=\"x\" />\n  </ListViewItem>\n</Card>";
    let built = build(view, &json!({}));
    let e = &built.report.errors[0];
    assert_eq!(e.code, Code::MisplacedListViewItem);
    assert_eq!((e.line, e.column), (2, 4), "points at the tag name");
}

#[test]
fn evaluation_is_bounded() {
    let view = "<Card>{a.map(x => a.map(y => a.map(z => <Text value=\"x\" />)))}</Card>";
    let data = json!({"a": (0..200).collect::<Vec<_>>()});
    let e = error(view, data);
    assert_eq!(e.code, Code::TemplateLimit);
    assert!(
        e.message.contains("more than 20000 components"),
        "{}",
        e.message
    );

    // Building huge strings stops too.
    let view = "<Card><Text value={a.map(x => s).join(s)} /></Card>";
    let data = json!({"a": (0..2000).collect::<Vec<_>>(), "s": "x".repeat(1000)});
    let e = error(view, data);
    assert_eq!(e.code, Code::TemplateLimit);

    let parsed = View::parse("<Card><Text value={1} /></Card>").unwrap();
    let limited = parsed.evaluate(
        &json!({}),
        Limits {
            max_nodes: 1,
            ..Limits::default()
        },
    );
    assert!(limited.is_err());
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_crash() {
    let view = format!(
        "<Card>{}{}</Card>",
        "<Box>".repeat(5000),
        "</Box>".repeat(5000)
    );
    let e = error(&view, json!({}));
    assert_eq!(e.code, Code::TemplateSyntax);
    assert!(e.message.contains("nests deeper than"));
    let expr = format!(
        "<Card><Text value={{{}1{}}} /></Card>",
        "(".repeat(10000),
        ")".repeat(10000)
    );
    assert_eq!(error(&expr, json!({})).code, Code::TemplateSyntax);
    let unary = format!("<Card><Text value={{{}1}} /></Card>", "!".repeat(10000));
    assert_eq!(error(&unary, json!({})).code, Code::TemplateSyntax);
}

/// A chain builds a tree as deep as it is long (`1 + 1 + …` nests to the left), and the
/// evaluator, the exports and the tree's drop recurse through it: 500 links overflowed the
/// stack of the command line and 1,000 the server's. Each link counts against the limit, and
/// the error is located at the link that goes past it.
#[test]
fn long_chains_are_a_located_syntax_error_not_a_crash() {
    let links = |sep: &str, n: usize| vec!["x"; n].join(sep);
    for (what, expr) in [
        ("+", format!("\"\" + {}", links(" + ", 5000))),
        ("&&", links(" && ", 5000)),
        ("||", links(" || ", 5000)),
        ("??", links(" ?? ", 5000)),
        ("===", links(" === ", 5000)),
        ("<", links(" < ", 5000)),
        ("*", links(" * ", 5000)),
        (".", format!("x{}", ".a".repeat(5000))),
        ("?.", format!("x{}", "?.a".repeat(5000))),
        ("[]", format!("x{}", "[0]".repeat(5000))),
        ("()", format!("x{}", ".trim()".repeat(5000))),
    ] {
        let view = format!("<Card>\n  <Text value={{{expr}}} />\n</Card>");
        let e = error(&view, json!({"x": "a"}));
        assert_eq!(e.code, Code::TemplateSyntax, "{what}: {}", e.message);
        assert!(
            e.message.contains("deeper than 64 levels"),
            "{what}: {}",
            e.message
        );
        assert_eq!(e.line, 2, "{what}: located in the chain: {e:?}");
    }
    // Chains as long as views write them still build, inside elements nested as deep: the
    // operands of one chain are side by side, so their own links do not add up (22 terms of
    // `x.a.b` were refused as 66 levels deep; the tree is 24).
    let chain = format!("\"\" + {}", vec!["x.a.b"; 40].join(" + "));
    let view = format!(
        "<Card>{}<Text value={{{chain}}} />{}</Card>",
        "<Box>".repeat(10),
        "</Box>".repeat(10)
    );
    let built = build(&view, &json!({"x": {"a": {"b": "a"}}}));
    assert!(built.report.errors.is_empty(), "{:?}", built.report.errors);
    let long_condition = vec!["x.a.b === \"a\""; 30].join(" && ");
    let view = format!("<Card><Text value={{{long_condition} ? \"yes\" : \"no\"}} /></Card>");
    let built = build(&view, &json!({"x": {"a": {"b": "a"}}}));
    assert!(built.report.errors.is_empty(), "{:?}", built.report.errors);
    // But a deep operand at the bottom of a long chain is as deep as both.
    let deep_left = format!("x{} + {}", ".a".repeat(40), vec!["1"; 40].join(" + "));
    let e = error(
        &format!("<Card><Text value={{{deep_left}}} /></Card>"),
        json!({}),
    );
    assert!(e.message.contains("deeper than 64 levels"), "{}", e.message);
}

#[test]
fn exports_refuse_only_what_jinja_cannot_express_and_say_how_to_rewrite() {
    let cases = [
        (
            "<Card><Text value={none} /></Card>",
            "a data field named `none`",
            "rename the field",
        ),
        (
            "<Card><Text value={loop.index} /></Card>",
            "a data field named `loop`",
            "rename the field",
        ),
        (
            "<Card><Text value={$price} /></Card>",
            "a data field named `$price`",
            "rename the field",
        ),
        (
            "<Card><Text value={items.reverse()} /></Card>",
            "`.reverse()`",
            "use one of the supported methods",
        ),
        (
            "<Card><Text value={items.reduce((a, b) => a + b)} /></Card>",
            "`.reduce` without a start value",
            "give one: .reduce((sum, x) => sum + x, 0)",
        ),
        (
            "<Card><Button onClick={() => 1} /></Card>",
            "a function outside .map/.filter/.reduce",
            "pass it directly to .map, .filter or .reduce",
        ),
        (
            "<Card><Text value={format(1)} /></Card>",
            "calling a value that is not a method",
            "call one of the supported methods",
        ),
    ];
    for (view, what, rewrite) in cases {
        let v = View::parse(view).unwrap();
        let e = v.to_jinja().unwrap_err();
        let d = &e.errors[0];
        assert_eq!(d.code, Code::TemplateExport, "{view}");
        assert!(d.message.starts_with(what), "{view}: {}", d.message);
        assert!(d.message.contains(rewrite), "{view}: {}", d.message);
        assert!(
            d.message
                .contains("cannot be exported to a .widget template")
        );
        assert!(d.line == 1 && d.column > 1, "{view}: located");
    }
}

#[test]
fn exports_what_used_to_be_refused() {
    for view in [
        "<Card>{items.filter(i => i.on)}</Card>",
        "<Card><Text value={\"\" + n % 2} /></Card>",
        "<ListView>{items.filter(i => i.on).map((i, n) => <ListViewItem key={i.id} />)}</ListView>",
        "<Card>{items.map(i => i).map(i => <Text value=\"x\" />)}</Card>",
        "<Card>{groups.map(g => [<Title value={g.t} />, ...g.xs.map(x => <Text value={x} />)]).map(v => v)}</Card>",
        "<Card>{groups.map(g => g.xs.map(x => <Text value={x} />)).flat()}</Card>",
        "<Card><Text value={typeof n} /><Text value={(n).toFixed(d)} /></Card>",
        "<Card><Text value={((x) => x + 1)(n)} /></Card>",
        "<Card><Text value={{...a, [k]: 1}.b} /></Card>",
    ] {
        let v = View::parse(view).unwrap();
        let t = v
            .to_jinja()
            .unwrap_or_else(|e| panic!("{view}: {:?}", e.errors));
        assert!(t.contains("{{ _j("), "{view}");
    }
}

/// A problem in the body of a `.map` is said once, for its first row, with how many more
/// components it stands for; a problem whose text differs per row stays one per row.
#[test]
fn a_problem_in_a_map_is_said_once() {
    let view = "<ListView>\n  {items.map((i) => (\n    <ListViewItem key={i}>\n      <Text value={i} size=\"huge\" color={i} />\n    </ListViewItem>\n  ))}\n</ListView>";
    let built = build(view, &json!({"items": ["a", "b", "c", "d"]}));
    let size: Vec<_> = built
        .report
        .errors
        .iter()
        .filter(|d| d.path.ends_with(".size"))
        .collect();
    assert_eq!(size.len(), 1, "{:#?}", built.report.errors);
    assert_eq!(size[0].path, "children[0].children[0].size");
    assert_eq!((size[0].line, size[0].column), (4, 28));
    // The count is its own field: the message is the same whatever the number of rows (the
    // editor counts one problem across states by its place and message).
    assert_eq!(size[0].repeats, 3);
    assert!(
        !size[0].message.contains("the same in"),
        "{}",
        size[0].message
    );
    assert!(
        size[0].render("m.jsx").ends_with(
            "(the same in 3 more components this element draws, such as rows of a .map)"
        ),
        "{}",
        size[0].render("m.jsx")
    );
    let wire = serde_json::to_value(size[0]).unwrap();
    assert_eq!(wire["repeats"], 3);
    let back: widget::Diagnostic = serde_json::from_value(wire).unwrap();
    assert_eq!(back.repeats, 3);
    // Text that differs per row (the value comes from the row) stays one per row.
    let per_row = view.replace("size=\"huge\"", "size={i}");
    let built = build(&per_row, &json!({"items": ["a", "b", "c", "d"]}));
    let sizes = built
        .report
        .errors
        .iter()
        .filter(|d| d.path.ends_with(".size"))
        .count();
    assert_eq!(sizes, 4, "{:#?}", built.report.errors);
    // One row: no note.
    let built = build(view, &json!({"items": ["a"]}));
    let size = built
        .report
        .errors
        .iter()
        .find(|d| d.path.ends_with(".size"))
        .unwrap();
    assert_eq!(size.repeats, 0);
    assert!(serde_json::to_value(size).unwrap().get("repeats").is_none());
}
