//! Unit tests of the A2UI export: every mapping row, every binding form, forms and checks,
//! stable ids, escaping, and bad input.

use serde_json::{Value, json};

use super::*;

fn exp(view: &str, data: Value) -> Export {
    exp_with(view, data, &Options::default())
}

fn exp_with(view: &str, data: Value, opts: &Options) -> Export {
    let d = Design::jsx("Test", view, data.clone());
    export(&d, &data, opts).unwrap_or_else(|r| panic!("export failed: {r:?}"))
}

fn comps(e: &Export) -> Vec<Value> {
    e.messages[1]["updateComponents"]["components"]
        .as_array()
        .unwrap()
        .clone()
}

fn comp(e: &Export, id: &str) -> Value {
    comps(e)
        .into_iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no component {id} in {:#?}", comps(e)))
}

fn ids(e: &Export) -> Vec<String> {
    let mut v: Vec<String> = comps(e)
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

fn has_loss(e: &Export, kind: LossKind, needle: &str) -> bool {
    e.report
        .losses
        .iter()
        .any(|l| l.kind == kind && l.message.contains(needle))
}

fn model(e: &Export) -> Value {
    e.messages[2]["updateDataModel"]["value"].clone()
}

#[test]
fn messages_are_create_components_data_with_one_root() {
    let e = exp(r#"<Card><Text value="Hi" /></Card>"#, json!({}));
    assert_eq!(e.messages.len(), 3);
    assert_eq!(e.messages[0]["version"], "v0.9");
    assert_eq!(
        e.messages[0]["createSurface"]["catalogId"],
        BASIC_CATALOG_ID
    );
    assert_eq!(e.messages[0]["createSurface"]["surfaceId"], "test");
    let roots = comps(&e).iter().filter(|c| c["id"] == "root").count();
    assert_eq!(roots, 1);
    assert_eq!(comp(&e, "root")["component"], "Card");
    assert_eq!(e.messages[2]["updateDataModel"]["value"], json!({}));
    assert!(e.to_jsonl().lines().count() == 3);
}

#[test]
fn card_status_confirm_cancel() {
    let e = exp(
        r#"<Card status={{text: "Saved", icon: "check"}} confirm={{label: "OK", action: {type: "ok"}}} cancel={{label: "No", action: {type: "no", payload: {id: 1}}}}><Text value="Body" /></Card>"#,
        json!({}),
    );
    let body = comp(&e, "root:body");
    assert_eq!(body["component"], "Column");
    assert_eq!(
        body["children"],
        json!(["root:status", "root.text0", "root:actions"])
    );
    assert_eq!(comp(&e, "root:status-icon")["name"], "check");
    assert_eq!(comp(&e, "root:status-text")["text"], "Saved");
    assert_eq!(comp(&e, "root:status-text")["variant"], "caption");
    assert_eq!(
        comp(&e, "root:actions")["children"],
        json!(["root:cancel", "root:confirm"])
    );
    assert_eq!(comp(&e, "root:confirm")["variant"], "primary");
    assert_eq!(
        comp(&e, "root:confirm")["action"],
        json!({"event": {"name": "ok"}})
    );
    assert_eq!(
        comp(&e, "root:cancel")["action"],
        json!({"event": {"name": "no", "context": {"id": 1}}})
    );
    assert_eq!(comp(&e, "root:cancel-label")["text"], "No");
}

#[test]
fn list_view_limit_and_clickable_rows() {
    let e = exp(
        r#"<ListView limit={2}>{items.map((i) => <ListViewItem key={i.id} onClickAction={{type: "pick", payload: {id: i.id}}}><Text value={i.name} /></ListViewItem>)}</ListView>"#,
        json!({"items": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}, {"id": "c", "name": "C"}]}),
    );
    let root = comp(&e, "root");
    assert_eq!(root["component"], "List");
    assert_eq!(
        root["children"],
        json!({"componentId": "root.listviewitem0", "path": "/items"})
    );
    let row = comp(&e, "root.listviewitem0");
    assert_eq!(row["component"], "Button");
    assert_eq!(row["variant"], "borderless");
    assert_eq!(row["child"], "root.listviewitem0:row");
    assert_eq!(
        row["action"],
        json!({"event": {"name": "pick", "context": {"id": {"path": "id"}}}})
    );
    assert_eq!(
        comp(&e, "root.listviewitem0.text0")["text"],
        json!({"path": "name"})
    );
    assert!(has_loss(&e, LossKind::Behaviour, "limit: 2"));
    assert!(has_loss(&e, LossKind::Behaviour, "borderless Button"));
}

#[test]
fn title_sizes_become_heading_levels() {
    for (size, h) in [
        ("5xl", "h1"),
        ("3xl", "h1"),
        ("2xl", "h2"),
        ("xl", "h3"),
        ("lg", "h4"),
        ("md", "h5"),
        ("sm", "h5"),
    ] {
        let e = exp(
            &format!(r#"<Card><Title value="T" size="{size}" /></Card>"#),
            json!({}),
        );
        assert_eq!(comp(&e, "root.title0")["variant"], h, "{size}");
    }
    // A level skipped going down is said (A2UI clients draw real headings); going back up,
    // or one step down, is not.
    let e = exp(
        r#"<Card><Title value="A" size="3xl" /><Title value="B" size="lg" /><Title value="C" size="3xl" /><Title value="D" size="2xl" /><Title value="E" size="md" /></Card>"#,
        json!({}),
    );
    let skips: Vec<&str> = e
        .report
        .losses
        .iter()
        .filter(|l| l.message.contains("skipped level"))
        .map(|l| l.path.as_str())
        .collect();
    assert_eq!(
        skips,
        ["children[1]", "children[4]"],
        "{:#?}",
        e.report.losses
    );
    assert!(has_loss(&e, LossKind::Behaviour, "h5 heading after an h2"));
    assert!(!has_loss(&e, LossKind::Behaviour, "after an h5"));
    assert!(has_loss(&e, LossKind::Behaviour, "h4 heading after an h1"));
    assert!(has_loss(&e, LossKind::Behaviour, "(h2–h3 missing)"));
    assert!(has_loss(&e, LossKind::Behaviour, "(h3–h4 missing)"));
    let e = exp(
        r#"<Card><Caption value="c" /><Markdown value="**m**" /></Card>"#,
        json!({}),
    );
    assert_eq!(comp(&e, "root.caption0")["variant"], "caption");
    assert_eq!(comp(&e, "root.markdown0")["text"], "**m**");
    assert!(has_loss(
        &e,
        LossKind::Behaviour,
        "Markdown became body Text"
    ));
}

#[test]
fn select_and_radio_values_are_arrays() {
    let e = exp(
        r#"<Card><Form onSubmitAction={{type: "go"}}><Label value="Size" fieldName="size" /><Select name="size" defaultValue="m" options={[{label: "S", value: "s"}, {label: "M", value: "m"}]} /><RadioGroup name="c" required options={[{label: "Red", value: "r"}]} /><Button label="Go" submit /></Form></Card>"#,
        json!({}),
    );
    let sel = comp(&e, "root.form0.select0");
    assert_eq!(sel["component"], "ChoicePicker");
    assert_eq!(sel["variant"], "mutuallyExclusive");
    assert_eq!(sel["label"], "Size");
    assert_eq!(sel["value"], json!({"path": "/form/size"}));
    assert_eq!(sel["options"][1], json!({"label": "M", "value": "m"}));
    assert_eq!(model(&e)["form"], json!({"size": ["m"], "c": []}));
    let radio = comp(&e, "root.form0.radiogroup0");
    assert_eq!(radio["checks"][0]["condition"]["call"], "required");
    // The Label folded into the field.
    assert!(!ids(&e).contains(&"root.form0.label0".to_string()));
    let submit = comp(&e, "root.form0.button0");
    assert_eq!(
        submit["action"],
        json!({"event": {"name": "go", "context": {"size": {"path": "/form/size"}, "c": {"path": "/form/c"}}}})
    );
    assert_eq!(submit["checks"].as_array().unwrap().len(), 1);
}

#[test]
fn icon_names_map_or_drop() {
    let e = exp(
        r#"<Card><Icon name="map-pin" /><Icon name="check" /><Icon name="bolt" /></Card>"#,
        json!({}),
    );
    assert_eq!(comp(&e, "root.icon0")["name"], "locationOn");
    assert_eq!(comp(&e, "root.icon1")["name"], "check");
    assert!(!ids(&e).contains(&"root.icon2".to_string()));
    assert!(has_loss(&e, LossKind::Styling, "\"bolt\" has no A2UI icon"));
    assert!(has_loss(
        &e,
        LossKind::Styling,
        "became A2UI's \"locationOn\""
    ));
    for (_, a) in super::text::ICON_MAP_FOR_TESTS {
        assert!(super::text::A2UI_ICONS.contains(a), "{a}");
    }
}

#[test]
fn badge_and_chart_fallbacks_and_studio_catalog() {
    let view = r#"<Card><Badge label="New" color="success" /><Chart data={[{m: "Jan", v: 3}, {m: "Feb", v: 5}]} series={[{type: "bar", dataKey: "v", label: "Sales"}]} xAxis="m" /></Card>"#;
    let e = exp(view, json!({}));
    let b = comp(&e, "root.badge0");
    assert_eq!(b["component"], "Text");
    assert_eq!(b["variant"], "caption");
    assert_eq!(b["text"], "New");
    let c = comp(&e, "root.chart0");
    assert_eq!(c["component"], "Image");
    assert!(c["url"].as_str().unwrap().starts_with("data:image/svg+xml"));
    assert!(
        e.report
            .losses
            .iter()
            .any(|l| l.added && l.component.as_deref() == Some("root.chart0"))
    );
    assert!(e.catalog.is_none());

    let s = exp_with(
        view,
        json!({}),
        &Options {
            catalog: Catalog::Studio,
            ..Options::default()
        },
    );
    assert_eq!(
        s.messages[0]["createSurface"]["catalogId"],
        STUDIO_CATALOG_ID
    );
    assert_eq!(comp(&s, "root.badge0")["component"], "Badge");
    assert_eq!(comp(&s, "root.badge0")["color"], "success");
    assert_eq!(comp(&s, "root.chart0")["component"], "Chart");
    let doc = s.catalog.clone().unwrap();
    assert_eq!(doc["catalogId"], STUDIO_CATALOG_ID);
    assert!(
        doc["components"]["Text"]["$ref"]
            .as_str()
            .unwrap()
            .ends_with("#/components/Text")
    );
    assert!(doc["components"]["Badge"].is_object());
    assert!(has_loss(
        &s,
        LossKind::Behaviour,
        "only clients that implement that catalog"
    ));
}

#[test]
fn plain_paths_stay_paths() {
    let e = exp(
        r#"<Card><Text value={title} /><Text value={user.name} /><Text value={tags[0]} /><Image src={user["photo"]} alt={user?.name} /></Card>"#,
        json!({"title": "T", "user": {"name": "Ada", "photo": "https://x/p.png"}, "tags": ["a"]}),
    );
    assert_eq!(comp(&e, "root.text0")["text"], json!({"path": "/title"}));
    assert_eq!(
        comp(&e, "root.text1")["text"],
        json!({"path": "/user/name"})
    );
    assert_eq!(comp(&e, "root.text2")["text"], json!({"path": "/tags/0"}));
    assert_eq!(
        comp(&e, "root.image0")["url"],
        json!({"path": "/user/photo"})
    );
    assert_eq!(
        comp(&e, "root.image0")["description"],
        json!({"path": "/user/name"})
    );
    assert!(
        e.report.of(LossKind::Binding).next().is_none(),
        "{:?}",
        e.report
    );
    assert_eq!(model(&e)["user"]["name"], "Ada");
}

#[test]
fn template_literals_become_format_string() {
    let e = exp(
        r#"<Card><Text value={`by ${author} on ${date}`} /><Caption value={`${n} items`} /><Text value={`${"x"}${a}`} /></Card>"#,
        json!({"author": "Ada", "date": "May 1", "n": 3, "a": "b"}),
    );
    assert_eq!(
        comp(&e, "root.text0")["text"],
        json!({"call": "formatString", "args": {"value": "by ${/author} on ${/date}"}})
    );
    assert_eq!(
        comp(&e, "root.caption0")["text"],
        json!({"call": "formatString", "args": {"value": "${/n} items"}})
    );
    assert_eq!(
        comp(&e, "root.text1")["text"],
        json!({"call": "formatString", "args": {"value": "x${/a}"}})
    );
    // A number bound to a string prop prints through formatString.
    let e = exp(
        r#"<Card><Text value={`${price}`} /></Card>"#,
        json!({"price": 4.5}),
    );
    assert_eq!(comp(&e, "root.text0")["text"]["args"]["value"], "${/price}");
    // Floats JavaScript and Python print differently are computed for the state.
    let e = exp(
        r#"<Card><Text value={`${n}`} /></Card>"#,
        json!({"n": 1e21}),
    );
    assert_eq!(comp(&e, "root.text0")["text"], "1e+21");
}

#[test]
fn computed_values_are_literals_with_a_report() {
    let e = exp(
        r#"<Card><Text value={done ? "Done" : "Open"} /><Text value={(n * 2).toFixed(0)} /><Text value={items.filter((i) => i.ok).length + " ok"} /></Card>"#,
        json!({"done": true, "n": 2, "items": [{"ok": true}]}),
    );
    assert_eq!(comp(&e, "root.text0")["text"], "Done");
    assert_eq!(comp(&e, "root.text1")["text"], "4");
    assert_eq!(comp(&e, "root.text2")["text"], "1 ok");
    let binding: Vec<&Loss> = e.report.of(LossKind::Binding).collect();
    assert_eq!(binding.len(), 3, "{binding:#?}");
    assert!(
        binding
            .iter()
            .all(|l| l.message.contains("will not follow data updates"))
    );
    assert!(
        binding
            .iter()
            .all(|l| l.line == 1 && l.column > 1 && l.origin == Some(Origin::View))
    );
    // A value from the view alone is no loss.
    let e = exp(r#"<Card><Text value={"a" + "b"} /></Card>"#, json!({}));
    assert!(e.report.of(LossKind::Binding).next().is_none());
}

#[test]
fn map_becomes_a_template_and_nested_templates_are_relative() {
    let e = exp(
        r#"<Card>{groups.map((g) => <Col key={`${g.id}`}><Title value={g.name} />{g.items.map((i) => <Text value={`${i.label}: ${title}`} />)}</Col>)}</Card>"#,
        json!({"title": "T", "groups": [{"id": 1, "name": "G1", "items": [{"label": "a"}]}, {"id": 2, "name": "G2", "items": []}]}),
    );
    let body = comp(&e, "root:body");
    assert_eq!(
        body["children"],
        json!({"componentId": "root.col0", "path": "/groups"})
    );
    let col = comp(&e, "root.col0");
    assert_eq!(
        col["children"],
        json!(["root.col0.title0", "root.col0:each1"])
    );
    assert_eq!(
        comp(&e, "root.col0.title0")["text"],
        json!({"path": "name"})
    );
    assert_eq!(
        comp(&e, "root.col0:each1")["children"],
        json!({"componentId": "root.col0:each1.text0", "path": "items"})
    );
    assert_eq!(
        comp(&e, "root.col0:each1.text0")["text"],
        json!({"call": "formatString", "args": {"value": "${label}: ${/title}"}})
    );
    assert!(
        e.report.of(LossKind::Binding).next().is_none(),
        "{:#?}",
        e.report
    );
}

#[test]
fn rows_that_differ_are_exported_one_by_one_with_absolute_paths() {
    let e = exp(
        r#"<ListView>{items.map((i) => <ListViewItem>{i.on && <Icon name="check" />}<Text value={i.name} /></ListViewItem>)}</ListView>"#,
        json!({"items": [{"on": true, "name": "A"}, {"on": false, "name": "B"}]}),
    );
    let root = comp(&e, "root");
    assert_eq!(
        root["children"],
        json!(["root.listviewitem0~0", "root.listviewitem0~1"])
    );
    assert_eq!(
        comp(&e, "root.listviewitem0~1.text0")["text"],
        json!({"path": "/items/1/name"})
    );
    assert!(has_loss(&e, LossKind::Binding, "exported one by one"));
    // An empty array whose rows would be plain still gets a template.
    let e = exp(
        r#"<ListView>{items.map((i) => <ListViewItem><Text value={i.name} /></ListViewItem>)}</ListView>"#,
        json!({"items": []}),
    );
    assert_eq!(comp(&e, "root")["children"]["path"], "/items");
    assert_eq!(
        comp(&e, "root.listviewitem0.text0")["text"],
        json!({"path": "name"})
    );
    // The item itself.
    let e = exp(
        r#"<Card>{tags.map((t) => <Text value={t} />)}</Card>"#,
        json!({"tags": ["x", "y"]}),
    );
    assert_eq!(comp(&e, "root.text0")["text"], json!({"path": "."}));
}

#[test]
fn forms_bind_under_form_and_checks_follow_required_and_pattern() {
    let e = exp(
        r#"<Card><Form onSubmitAction={{type: "signup", payload: {plan: plan}}}>
            <Input name="email" inputType="email" required placeholder="you@x" />
            <Input name="pw" inputType="password" pattern=".{8,}" />
            <Input name="todo.title" defaultValue={title} />
            <Checkbox name="terms" label="I agree" required />
            <DatePicker name="when" defaultValue="2026-01-02" />
            <Textarea name="about" />
            <Button label="Send" submit />
            <Button label="Other" onClickAction={{type: "other"}} />
        </Form></Card>"#,
        json!({"plan": "pro", "title": "Milk"}),
    );
    let email = comp(&e, "root.form0.input0");
    assert_eq!(email["component"], "TextField");
    assert_eq!(email["value"], json!({"path": "/form/email"}));
    assert_eq!(email["label"], "you@x");
    assert!(
        e.report
            .losses
            .iter()
            .any(|l| l.added && l.props == ["placeholder"])
    );
    assert_eq!(email["checks"].as_array().unwrap().len(), 2);
    assert_eq!(comp(&e, "root.form0.input1")["variant"], "obscured");
    assert_eq!(
        comp(&e, "root.form0.input1")["checks"][0]["condition"]["args"]["pattern"],
        "^(?:.{8,})?$"
    );
    assert_eq!(
        comp(&e, "root.form0.input2")["value"],
        json!({"path": "/form/todo/title"})
    );
    assert_eq!(
        comp(&e, "root.form0.checkbox0")["checks"][0]["condition"],
        json!({"path": "/form/terms"})
    );
    assert_eq!(
        comp(&e, "root.form0.datepicker0")["component"],
        "DateTimeInput"
    );
    assert_eq!(comp(&e, "root.form0.textarea0")["variant"], "longText");
    assert_eq!(
        model(&e)["form"],
        json!({"email": "", "pw": "", "todo": {"title": "Milk"}, "terms": false, "when": "2026-01-02", "about": ""})
    );
    let submit = comp(&e, "root.form0.button0");
    assert_eq!(submit["action"]["event"]["name"], "signup");
    let ctx = &submit["action"]["event"]["context"];
    assert_eq!(ctx["plan"], json!({"path": "/plan"}));
    assert_eq!(ctx["todo"], json!({"path": "/form/todo"}));
    assert_eq!(submit["checks"].as_array().unwrap().len(), 4);
    // Every action inside the form carries the form.
    assert_eq!(
        comp(&e, "root.form0.button1")["action"]["event"]["context"]["email"],
        json!({"path": "/form/email"})
    );
    // defaultValue computed from the state: the field starts with it but does not follow.
    assert!(has_loss(&e, LossKind::Binding, "defaultValue"));
}

#[test]
fn actions_report_what_a2ui_lacks() {
    let e = exp(
        r#"<Card><Button label="Go" onClickAction={{type: "go", handler: "client", loadingBehavior: "self", payload: {a: {b: 1}, n: null}}} /><Select name="s" options={[]} onChangeAction={{type: "c"}} /></Card>"#,
        json!({}),
    );
    let b = comp(&e, "root.button0");
    assert_eq!(
        b["action"],
        json!({"event": {"name": "go", "context": {"a.b": 1}}})
    );
    assert!(has_loss(&e, LossKind::Behaviour, "handler"));
    assert!(has_loss(&e, LossKind::Behaviour, "loadingBehavior"));
    assert!(has_loss(&e, LossKind::Behaviour, "cannot be objects"));
    // The Python SDK sends the payload without its null, so there is none to lose.
    assert!(!has_loss(&e, LossKind::Behaviour, "cannot be null"));
    assert!(has_loss(&e, LossKind::Behaviour, "onChangeAction"));
    // JSON sent straight to ChatKit.js keeps it, and A2UI cannot carry it.
    let mut d = Design::jsx(
        "Test",
        r#"<Card><Button label="Go" onClickAction={{type: "go", payload: {n: null, m: 1}}} /></Card>"#,
        json!({}),
    );
    d.target = crate::target::Target::ChatkitJs;
    let e = export(&d, &json!({}), &Options::default()).unwrap();
    assert!(has_loss(&e, LossKind::Behaviour, "cannot be null"));
    let e = exp(r#"<Card><Text value="x" streaming /></Card>"#, json!({}));
    assert!(has_loss(&e, LossKind::Behaviour, "streaming"));
}

#[test]
fn buttons_icons_variants_and_disabled() {
    let e = exp(
        r#"<Card><Button label="A" iconStart="plus" color="primary" /><Button label="B" variant="ghost" disabled onClickAction={{type: "b"}} /></Card>"#,
        json!({}),
    );
    let a = comp(&e, "root.button0");
    assert_eq!(a["variant"], "primary");
    assert_eq!(a["child"], "root.button0:content");
    assert_eq!(
        comp(&e, "root.button0:content")["children"],
        json!(["root.button0:icon-start", "root.button0:label"])
    );
    assert_eq!(comp(&e, "root.button0:icon-start")["name"], "add");
    let b = comp(&e, "root.button1");
    assert_eq!(b["variant"], "borderless");
    assert_eq!(b["checks"][0]["condition"], false);
    assert!(has_loss(&e, LossKind::Behaviour, "Button has no action"));
}

#[test]
fn layout_rows_columns_weight_spacer_divider_transition() {
    let e = exp(
        r#"<Basic><Row justify="between" align="baseline" gap={2}><Col flex={2}><Text value="a" /></Col><Spacer /><Box direction="row"><Divider /></Box></Row><Transition><Text value="t" /></Transition></Basic>"#,
        json!({}),
    );
    let row = comp(&e, "root.row0");
    assert_eq!(row["component"], "Row");
    assert_eq!(row["justify"], "spaceBetween");
    assert!(row.get("align").is_none());
    assert_eq!(comp(&e, "root.row0.col0")["weight"], 2.0);
    assert_eq!(comp(&e, "root.row0.spacer0")["weight"], 1);
    assert_eq!(comp(&e, "root.row0.box0")["component"], "Row");
    assert_eq!(comp(&e, "root.row0.box0.divider0")["component"], "Divider");
    assert_eq!(
        comp(&e, "root")["children"],
        json!(["root.row0", "root.transition0"])
    );
    assert_eq!(comp(&e, "root.transition0")["text"], "t");
    assert!(has_loss(
        &e,
        LossKind::Styling,
        "gap of Row has no A2UI form"
    ));
    assert!(has_loss(&e, LossKind::Styling, "\"baseline\""));
    assert!(has_loss(&e, LossKind::Behaviour, "Transition"));
}

#[test]
fn plain_text_is_escaped_so_it_never_becomes_markdown() {
    let e = exp(
        r#"<Card><Text value="**not bold** _x_ [l](u) <b> # h" /><Text value={t} /><Caption value="*c*" /></Card>"#,
        json!({"t": "1. a *b*"}),
    );
    let t = comp(&e, "root.text0")["text"].as_str().unwrap().to_string();
    assert_eq!(t, r"\*\*not bold\*\* \_x\_ \[l\](u) \<b> # h");
    assert_eq!(unescape_markdown(&t), "**not bold** _x_ [l](u) <b> # h");
    // Bound text with Markdown characters for this state: escaped literal, reported.
    assert_eq!(comp(&e, "root.text1")["text"], r"1\. a \*b\*");
    assert!(has_loss(&e, LossKind::Binding, "Markdown would format"));
    // Captions and headings never render Markdown.
    assert_eq!(comp(&e, "root.caption0")["text"], "*c*");
    assert_eq!(
        text::escape_markdown("# a\n- b\n+c\n3) d &amp; e"),
        "\\# a\n\\- b\n+c\n3\\) d \\&amp; e"
    );
    // formatString: `${` in text is escaped for the function, Markdown for the renderer.
    let e = exp(
        r#"<Card><Text value={`$\{x} *${a}`} /></Card>"#,
        json!({"a": "b"}),
    );
    assert_eq!(
        comp(&e, "root.text0")["text"]["args"]["value"],
        "\\${x} \\*${/a}"
    );
}

#[test]
fn ids_are_stable_under_small_edits() {
    let data = json!({"t": "x", "items": [{"n": "a"}]});
    let base = r#"<Card><Row><Text value={t} /><Badge label="b" /></Row><Col>{items.map((i) => <Text value={i.n} />)}</Col><Button label="Go" /></Card>"#;
    let a = ids(&exp(base, data.clone()));
    // A changed prop or text changes no id.
    let b = ids(&exp(
        &base.replace("label=\"Go\"", "label=\"Send\" color=\"primary\""),
        data.clone(),
    ));
    assert_eq!(a, b);
    // An inserted element adds its own ids and moves none of another type.
    let c = ids(&exp(
        &base.replace("<Row>", "<Row><Icon name=\"check\" />"),
        data.clone(),
    ));
    let added: Vec<&String> = c.iter().filter(|i| !a.contains(i)).collect();
    assert_eq!(added, vec!["root.row0.icon0"]);
    assert!(a.iter().all(|i| c.contains(i)));
    // A second Col after the first one leaves the first one's ids alone.
    let d = ids(&exp(
        &base.replace("<Button", "<Col><Text value=\"z\" /></Col><Button"),
        data.clone(),
    ));
    assert!(a.iter().all(|i| d.contains(i)));
    // The same across states.
    let e = ids(&exp(
        base,
        json!({"t": "y", "items": [{"n": "b"}, {"n": "c"}]}),
    ));
    assert_eq!(a, e);
}

#[test]
fn json_and_template_only_designs_export_literals() {
    let d =
        Design::from_input(r#"{"type": "Card", "children": [{"type": "Text", "value": "Hi"}]}"#)
            .unwrap();
    let e = export(&d, &Value::Null, &Options::default()).unwrap();
    assert_eq!(comp(&e, "root.text0")["text"], "Hi");
    assert!(e.report.of(LossKind::Binding).next().is_none());
    #[cfg(feature = "jinja")]
    {
        let file = json!({"version": "1.0", "name": "T", "template": "{\"type\": \"Card\", \"children\": [{\"type\": \"Text\", \"value\": {{ name | tojson }}}]}"});
        let d = Design::from_widget_file(file.to_string().as_bytes()).unwrap();
        let e = export(&d, &json!({"name": "Ada"}), &Options::default()).unwrap();
        assert_eq!(comp(&e, "root.text0")["text"], "Ada");
        assert!(has_loss(
            &e,
            LossKind::Binding,
            "hand-written Jinja template"
        ));
    }
}

#[test]
fn v08_messages() {
    let e = exp_with(
        r#"<Card><Text value={title} /><Text value={`a ${title}`} /><Button label="Go" color="primary" onClickAction={{type: "go", payload: {id: id}}} />{items.map((i) => <Text value={i.n} />)}</Card>"#,
        json!({"title": "T", "id": "x", "items": [{"n": "a"}]}),
        &Options {
            version: Version::V0_8,
            ..Options::default()
        },
    );
    let su = &e.messages[0]["surfaceUpdate"]["components"];
    let find = |id: &str| {
        su.as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        find("root.text0")["component"]["Text"]["text"],
        json!({"path": "/title"})
    );
    assert_eq!(
        find("root.text1")["component"]["Text"]["text"],
        json!({"literalString": "a T"})
    );
    assert_eq!(find("root.button0")["component"]["Button"]["primary"], true);
    assert_eq!(
        find("root.button0")["component"]["Button"]["action"],
        json!({"name": "go", "context": [{"key": "id", "value": {"path": "/id"}}]})
    );
    assert!(
        e.messages
            .iter()
            .any(|m| m.get("dataModelUpdate").is_some())
    );
    assert!(e.messages.last().unwrap().get("beginRendering").is_some());
    assert!(has_loss(&e, LossKind::Binding, "template literal"));
}

#[test]
fn bad_input_gets_located_errors_and_never_panics() {
    // An unknown component, a missing field, a syntax error: the build's own errors.
    for (view, code) in [
        ("<Card><Foo /></Card>", Code::UnknownComponent),
        (
            "<Card><Text value={missing.x} /></Card>",
            Code::TemplateUndefined,
        ),
        ("<Card><Text value= /></Card>", Code::TemplateSyntax),
    ] {
        let d = Design::jsx("t", view, json!({}));
        let r = export(&d, &json!({}), &Options::default()).unwrap_err();
        let e = &r.errors[0];
        assert_eq!(e.code, code, "{view}");
        assert!(e.line >= 1 && e.column >= 1, "{view}: {e:?}");
    }
    // Odd but valid views never panic.
    for view in [
        "<Card>{[1, 2].map((n) => <Text value={`${n}`} />)}</Card>",
        "<Card>{items.map((i, k) => <Text key={`${k}`} value={`${k}`} />)}</Card>",
        "<Card><Text {...{value: \"s\"}} /></Card>",
        "<Card><Text {...t} /></Card>",
        "<Card>{items.length > 0 && items.slice(0, 1).map((i) => <Text value={i} />)}</Card>",
        "<Card><Text value={items.join(\", \")} /><Image src={items[0]} /></Card>",
        "<ListView>{[]}</ListView>",
        "<Card>{items.map((i) => items.map((j) => <Text value={i + j} />))}</Card>",
    ] {
        let data = json!({"items": ["a", "b"], "t": {"value": "v"}});
        let d = Design::jsx("t", view, data.clone());
        let e = export(&d, &data, &Options::default()).unwrap_or_else(|r| panic!("{view}: {r:?}"));
        assert!(
            !e.report
                .losses
                .iter()
                .any(|l| l.message.contains("could not be read")),
            "{view}: {:#?}",
            e.report
        );
    }
    // Deep nesting is bounded by the evaluator's limits, not the stack.
    let deep = format!("{}{}", "<Col>".repeat(150), "</Col>".repeat(150));
    let d = Design::jsx("t", &format!("<Card>{deep}</Card>"), json!({}));
    let _ = export(&d, &json!({}), &Options::default());
}

#[test]
fn the_report_is_grouped_and_located() {
    let e = exp(
        "<Card padding={2}>\n  <Text value={a ? \"x\" : \"y\"} color=\"red\" />\n  <Badge label=\"b\" />\n</Card>",
        json!({"a": true}),
    );
    let kinds: Vec<LossKind> = e.report.losses.iter().map(|l| l.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    let binding = e.report.of(LossKind::Binding).next().unwrap();
    assert_eq!((binding.line, binding.column), (2, 16));
    assert_eq!(binding.path, "children[0]");
    assert_eq!(binding.component.as_deref(), Some("root.text0"));
    let text = e.report.render("t.jsx");
    assert!(text.contains("styling ("));
    assert!(text.contains("t.jsx[view]:2:16: binding:"));
    let v = serde_json::to_value(&e.report).unwrap();
    assert_eq!(v["losses"][0]["kind"], "styling");
}

#[test]
fn images_tables_and_unlinked_labels() {
    let data = json!({"photo": "https://x/a.png"});
    let mut d = Design::jsx(
        "Test",
        r#"<Card><Image src={photo} alt="Ada" fit="scale-down" size={40} radius="full" /><Image src="https://x/h.png" height={300} /><Label value="Lonely" fieldName="nothing" /><Table><Table.Row><Table.Cell><Text value="a" /></Table.Cell></Table.Row></Table></Card>"#,
        data.clone(),
    );
    // Table is ChatKit.js's.
    d.target = crate::Target::ChatkitJs;
    let e = export(&d, &data, &Options::default()).unwrap();
    let a = comp(&e, "root.image0");
    assert_eq!(a["url"], json!({"path": "/photo"}));
    assert_eq!(a["description"], "Ada");
    assert_eq!(a["fit"], "scaleDown");
    assert_eq!(a["variant"], "avatar");
    assert!(comp(&e, "root.image1").get("variant").is_none());
    let l = comp(&e, "root.label0");
    assert_eq!(
        (l["component"].as_str(), l["variant"].as_str()),
        (Some("Text"), Some("caption"))
    );
    assert_eq!(comp(&e, "root.table0")["component"], "Column");
    assert_eq!(comp(&e, "root.table0.tablerow0")["component"], "Row");
    assert_eq!(comp(&e, "root.table0.tablerow0.tablecell0")["weight"], 1);
    assert!(has_loss(
        &e,
        LossKind::Styling,
        "Table became a Column of Rows"
    ));
    assert!(has_loss(
        &e,
        LossKind::Styling,
        "size, radius of Image have no A2UI form"
    ));
}

#[test]
fn a_condition_that_picks_a_path_exports_the_value_not_the_path() {
    // The ternary takes the plain branch for this state; another state takes the other
    // one, so a `{path}` kept here would not follow a data update.
    let e = exp(
        r#"<Card><Text value={late ? `Late · ${due}` : due} /><Text value={note || title} /><Text value={ok ? title : "x"} /></Card>"#,
        json!({"late": false, "due": "Jun 5", "note": "", "title": "T", "ok": true}),
    );
    assert_eq!(comp(&e, "root.text0")["text"], "Jun 5");
    assert_eq!(comp(&e, "root.text1")["text"], "T");
    assert_eq!(comp(&e, "root.text2")["text"], "T");
    let binding: Vec<&Loss> = e.report.of(LossKind::Binding).collect();
    assert_eq!(binding.len(), 3, "{binding:#?}");
    assert!(
        binding
            .iter()
            .all(|l| l.message.contains("will not follow data updates"))
    );
    // Inside a `.map` (the rows then differ in shape and are exported one by one).
    let e = exp(
        r#"<ListView>{tasks.map((t) => <ListViewItem><Caption value={!t.done && t.overdue ? `Overdue · ${t.due}` : t.due} /></ListViewItem>)}</ListView>"#,
        json!({"tasks": [{"done": false, "overdue": true, "due": "Jun 4"}, {"done": false, "overdue": false, "due": "Jun 5"}]}),
    );
    assert_eq!(
        comp(&e, "root.listviewitem0~0.caption0")["text"],
        "Overdue · Jun 4"
    );
    assert_eq!(comp(&e, "root.listviewitem0~1.caption0")["text"], "Jun 5");
    assert!(has_loss(&e, LossKind::Binding, "`!t.done && t.overdue`"));
    // A condition decided by the view alone keeps the branch's binding.
    let e = exp(
        r#"<Card><Text value={true ? title : "x"} /></Card>"#,
        json!({"title": "T"}),
    );
    assert_eq!(comp(&e, "root.text0")["text"], json!({"path": "/title"}));
    assert!(e.report.of(LossKind::Binding).next().is_none());
}

#[test]
fn a_list_with_rows_beside_a_map_exports_every_row_explicitly() {
    // A2UI's List takes one template or explicit rows: a template next to another row
    // would be wrapped into a single list item.
    let view = r#"<ListView>{hint && <ListViewItem><Text value={hint} /></ListViewItem>}{results.map((r) => <ListViewItem><Text value={r.title} /></ListViewItem>)}{results.length === 0 && <ListViewItem><Text value="None" /></ListViewItem>}</ListView>"#;
    let e = exp(
        view,
        json!({"hint": "Did you mean", "results": [{"title": "A"}, {"title": "B"}]}),
    );
    assert_eq!(
        comp(&e, "root")["children"],
        json!([
            "root.listviewitem0",
            "root.listviewitem1~0",
            "root.listviewitem1~1"
        ])
    );
    assert_eq!(
        comp(&e, "root.listviewitem1~1.text0")["text"],
        json!({"path": "/results/1/title"})
    );
    assert!(has_loss(&e, LossKind::Binding, "other rows beside them"));
    // No results: only the conditional row, no wrapper around an empty template.
    let e = exp(view, json!({"hint": "", "results": []}));
    assert_eq!(comp(&e, "root")["children"], json!(["root.listviewitem2"]));
    // A `.map` alone in a ListView stays a template.
    let e = exp(
        r#"<ListView>{results.map((r) => <ListViewItem><Text value={r.title} /></ListViewItem>)}</ListView>"#,
        json!({"results": [{"title": "A"}]}),
    );
    assert_eq!(comp(&e, "root")["children"]["path"], "/results");
}
