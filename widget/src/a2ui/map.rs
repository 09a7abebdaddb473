//! The ChatKit → A2UI v0.9 mapping: an analysed tree becomes a flat list of A2UI components
//! (one `root`), the form's initial data, and a report entry for everything that changes.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use super::analyze::{AChild, ANode, AProp, AVal, Part};
use super::text::{escape_format, escape_markdown, has_markdown, icon, icon_same, pointer};
use super::{Catalog, Loss, LossKind, Options};
use crate::json::Span;

/// The data model key the form fields are bound under (`/form/email`).
pub(crate) const FORM_KEY: &str = "form";

/// What a prop becomes, which decides what the analysis keeps of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// Dropped (styling): computed for the state, nothing reported about its binding.
    Drop,
    /// Used as a literal (an enum, a name, a size hint): computed for the state.
    Literal,
    /// A `DynamicString`: may stay a path or become `formatString`.
    Text,
    /// A `DynamicValue` in an action's context: may stay a path.
    Any,
    /// An `ActionConfig`.
    Action,
    /// An action's payload: each member is a context value.
    Payload,
    /// Card and ListView `status`: `{text, icon|favicon}`.
    Status,
    /// Card `confirm`/`cancel`: `{label, action}`.
    CardAction,
}

/// The role of a prop of a ChatKit component.
pub(crate) fn role(ty: &str, prop: &str, opts: &Options) -> Role {
    match (ty, prop) {
        (_, "onClickAction" | "onSubmitAction") => Role::Action,
        (_, "onChangeAction") => Role::Drop,
        ("Card" | "ListView", "status") => Role::Status,
        ("Card", "confirm" | "cancel") => Role::CardAction,
        ("Text" | "Title" | "Caption" | "Markdown" | "Label", "value") => Role::Text,
        ("Badge" | "Button" | "Checkbox", "label") => Role::Text,
        ("Image", "src" | "alt") => Role::Text,
        ("DatePicker", "min" | "max") => Role::Text,
        ("Badge", "color" | "variant" | "pill") if opts.catalog == Catalog::Studio => Role::Literal,
        ("Title", "size")
        | (
            "Button",
            "submit" | "iconStart" | "iconEnd" | "style" | "variant" | "color" | "disabled",
        )
        | ("Image", "fit" | "size" | "width" | "height" | "radius")
        | ("Icon", "name")
        | ("Row" | "Col" | "Box" | "Basic" | "Form" | "ListViewItem", "align" | "justify")
        | ("Box" | "Basic" | "Form", "direction")
        | (_, "flex")
        | ("ListView", "limit")
        | ("Card", "asForm")
        | ("Chart", "data" | "series" | "xAxis")
        | (
            "Input" | "Textarea" | "Select" | "RadioGroup" | "DatePicker" | "Checkbox",
            "name" | "defaultValue" | "defaultChecked" | "required" | "pattern" | "inputType"
            | "options" | "ariaLabel" | "placeholder" | "searchable",
        )
        | ("Label", "fieldName") => Role::Literal,
        _ => Role::Drop,
    }
}

pub(crate) struct Mapped {
    pub components: Vec<Value>,
    pub losses: Vec<Loss>,
    /// The fields' initial values, under `/form`.
    pub form: Option<Value>,
    /// The component made for each node, by the node's path.
    pub ids: HashMap<String, String>,
}

/// The component made for the node at `path`, or for its nearest ancestor that has one.
pub(crate) fn component_at(ids: &HashMap<String, String>, path: &str) -> Option<String> {
    let mut p = path;
    loop {
        if let Some(id) = ids.get(p) {
            return Some(id.clone());
        }
        if p.is_empty() {
            return None;
        }
        p = p.rfind('.').map_or("", |i| &p[..i]);
    }
}

/// Props that are about behaviour rather than looks, with what A2UI lacks.
const BEHAVIOUR: &[(&str, &str)] = &[
    (
        "onChangeAction",
        "A2UI inputs only write the data model: no action is sent when the value changes",
    ),
    (
        "streaming",
        "A2UI has no streaming text: send updateDataModel for the bound path as the text grows",
    ),
    (
        "editable",
        "editable text has no A2UI form: it is shown as plain text (an Input is a field A2UI can draw)",
    ),
    ("autoFocus", "A2UI fields have no focus hint"),
    ("autoSelect", "A2UI fields have no select-on-focus hint"),
    (
        "allowAutofillExtensions",
        "A2UI fields have no autofill hint",
    ),
    (
        "clearable",
        "A2UI's ChoicePicker and DateTimeInput have no clear button",
    ),
    ("collapsed", "A2UI cards cannot be collapsed"),
    ("placeholder", "A2UI fields have no placeholder"),
    ("disabled", "A2UI fields cannot be disabled"),
];

struct FormCtx {
    /// `onSubmitAction` (or Card `confirm` for `asForm`).
    action: Option<AVal>,
    /// Top-level names of the form's fields.
    tops: Vec<String>,
    /// Every field's checks, for the submit button.
    checks: Vec<Value>,
}

struct Mapper<'o> {
    opts: &'o Options,
    comps: Vec<Value>,
    ids: HashSet<String>,
    losses: Vec<Loss>,
    form: Map<String, Value>,
    /// Folded Labels: field name → (label value, the Label's path).
    labels: HashMap<String, (AVal, String)>,
    forms: Vec<FormCtx>,
    in_template: usize,
    paths: HashMap<String, String>,
    /// The level of the last Title mapped to a heading variant (`h1` = 1), in document order.
    last_heading: Option<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    /// A Row or Column: children may take `weight`.
    Flex,
    Other,
}

const FIELDS: &[&str] = &[
    "Input",
    "Textarea",
    "Select",
    "RadioGroup",
    "DatePicker",
    "Checkbox",
];

pub(crate) fn map(root: &ANode, opts: &Options) -> Mapped {
    let mut m = Mapper {
        opts,
        comps: Vec::new(),
        ids: HashSet::new(),
        losses: Vec::new(),
        form: Map::new(),
        labels: HashMap::new(),
        forms: Vec::new(),
        in_template: 0,
        paths: HashMap::new(),
        last_heading: None,
    };
    let mut labelled = HashSet::new();
    walk(root, &mut |n| {
        if matches!(
            n.ty.as_str(),
            "Input" | "Textarea" | "Select" | "RadioGroup" | "DatePicker"
        ) && let Some(name) = n.str("name")
        {
            labelled.insert(name);
        }
    });
    let mut labels = HashMap::new();
    walk(root, &mut |n| {
        if n.ty == "Label"
            && let Some(f) = n.str("fieldName")
            && labelled.contains(&f)
            && !labels.contains_key(&f)
            && let Some(p) = n.prop("value")
        {
            labels.insert(f, (p.val.clone(), n.path.clone()));
        }
    });
    m.labels = labels;
    let id = m.node(root, "root", Parent::Other);
    if id.as_deref() != Some("root") {
        // The root mapped to nothing (an unknown icon at the root…): an empty Column.
        m.push(json!({"id": "root", "component": "Column", "children": id.into_iter().collect::<Vec<_>>()}));
    }
    Mapped {
        components: m.comps,
        losses: m.losses,
        form: (!m.form.is_empty()).then(|| Value::Object(m.form)),
        ids: m.paths,
    }
}

/// Visits every node (template bodies once).
fn walk<'n>(n: &'n ANode, f: &mut impl FnMut(&'n ANode)) {
    f(n);
    for c in n.children.iter().flatten() {
        match c {
            AChild::Node(x) => walk(x, f),
            AChild::Template(t) => walk(&t.body, f),
        }
    }
}

fn form_ptr(name: &str) -> String {
    let mut p = format!("/{FORM_KEY}");
    for s in name.split('.') {
        p.push('/');
        p.push_str(&s.replace('~', "~0").replace('/', "~1"));
    }
    p
}

fn set_form(form: &mut Map<String, Value>, name: &str, v: Value) {
    let parts: Vec<&str> = name.split('.').collect();
    let mut cur = form;
    for (i, p) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            cur.insert(p.to_string(), v);
            return;
        }
        let slot = cur
            .entry(p.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        let Value::Object(next) = slot else { return };
        cur = next;
    }
}

fn js_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Number(n) => n
            .as_f64()
            .map(crate::template::eval::js_number_to_string)
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

impl Mapper<'_> {
    fn push(&mut self, c: Value) {
        self.comps.push(c);
    }

    /// A unique id (a view can produce the same element twice in odd ways).
    fn unique(&mut self, id: String) -> String {
        if self.ids.insert(id.clone()) {
            return id;
        }
        let mut n = 2;
        loop {
            let c = format!("{id}~{n}");
            if self.ids.insert(c.clone()) {
                return c;
            }
            n += 1;
        }
    }

    fn loss(&mut self, kind: LossKind, n: &ANode, span: Span, props: &[&str], msg: String) {
        self.losses.push(Loss::new(kind, &n.path, span, props, msg));
    }

    /// A Title that became heading `level` after a heading of a higher one with levels missing
    /// in between (a `3xl` Title, then an `lg` one: h1, then h4). A2UI's renderers draw the
    /// variants as real headings (Lit: `<h1>`…`<h5>`), so a screen reader's outline skips
    /// levels there; the studio's own preview has no such headings.
    fn heading(&mut self, n: &ANode, level: u8) {
        if let Some(last) = self.last_heading
            && level > last + 1
        {
            let missing = if level == last + 2 {
                format!("h{}", last + 1)
            } else {
                format!("h{}–h{}", last + 1, level - 1)
            };
            self.loss_for(
                LossKind::Behaviour,
                n,
                "size",
                format!(
                    "size: this Title becomes an h{level} heading after an h{last}, and A2UI clients draw heading variants as real headings, so screen readers hear a skipped level ({missing} missing); Title sizes one step apart (3xl, 2xl, xl, lg, md) keep the outline"
                ),
            );
        }
        self.last_heading = Some(level);
    }

    fn loss_for(&mut self, kind: LossKind, n: &ANode, prop: &str, msg: String) {
        let span = n.prop(prop).map_or(n.name_span, |p| p.span);
        self.loss(kind, n, span, &[prop], msg);
    }

    /// A `DynamicString`. `body`: drawn as body text, where Markdown is rendered.
    fn text(&mut self, v: &AVal, body: bool, n: &ANode, prop: &str) -> Value {
        match v {
            AVal::Undef => json!(""),
            AVal::Lit(x) => {
                let s = js_string(x);
                json!(if body { escape_markdown(&s) } else { s })
            }
            AVal::Obj(_) => json!(js_string(&v.concrete().unwrap_or(Value::Null))),
            AVal::Path(p, x) => {
                let s = js_string(x);
                if body && has_markdown(&s) {
                    if self.in_template == 0 {
                        self.loss_for(
                            LossKind::Binding,
                            n,
                            prop,
                            format!(
                                "{prop}: this state's text has characters Markdown would format, so it is exported escaped; this value will not follow data updates"
                            ),
                        );
                        return json!(escape_markdown(&s));
                    }
                    self.loss_for(
                        LossKind::Behaviour,
                        n,
                        prop,
                        format!(
                            "{prop}: bound text is drawn as Markdown by A2UI clients with a Markdown renderer, and this state's text has characters Markdown formats"
                        ),
                    );
                }
                json!({"path": pointer(p)})
            }
            AVal::Format(parts, x) => {
                let s = js_string(x);
                let marked = body && has_markdown(&s);
                let mut out = String::new();
                let mut ok = true;
                for (i, part) in parts.iter().enumerate() {
                    match part {
                        Part::Lit(t) => {
                            let t = if body { escape_markdown(t) } else { t.clone() };
                            let t = escape_format(&t);
                            if t.ends_with('\\') && matches!(parts.get(i + 1), Some(Part::Path(_)))
                            {
                                ok = false;
                            }
                            out.push_str(&t);
                        }
                        Part::Path(p) => {
                            out.push_str("${");
                            out.push_str(&pointer(p));
                            out.push('}');
                        }
                    }
                }
                // The bound values of this state, as a renderer would show them.
                let literal_text: String = parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::Lit(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect();
                let bound_marked = marked && !has_markdown_minus(&s, &literal_text);
                if !ok || (bound_marked && self.in_template == 0) {
                    self.loss_for(
                        LossKind::Binding,
                        n,
                        prop,
                        format!(
                            "{prop}: this state's text cannot be written as an A2UI formatString safely (Markdown characters or a backslash before a value), so it is exported as it is; this value will not follow data updates"
                        ),
                    );
                    return json!(if body { escape_markdown(&s) } else { s });
                }
                if bound_marked {
                    self.loss_for(
                        LossKind::Behaviour,
                        n,
                        prop,
                        format!(
                            "{prop}: bound text is drawn as Markdown by A2UI clients with a Markdown renderer, and this state's text has characters Markdown formats"
                        ),
                    );
                }
                json!({"call": "formatString", "args": {"value": out}})
            }
        }
    }

    /// A context value of an action (`DynamicValue`).
    fn any(&mut self, v: &AVal, n: &ANode, prop: &str, out: &mut Map<String, Value>, key: &str) {
        match v {
            AVal::Undef => {}
            AVal::Path(p, _) => {
                out.insert(key.into(), json!({"path": pointer(p)}));
            }
            AVal::Format(..) => {
                let t = self.text(v, false, n, prop);
                out.insert(key.into(), t);
            }
            AVal::Obj(m) => {
                self.loss_for(
                    LossKind::Behaviour,
                    n,
                    prop,
                    format!(
                        "{prop}.{key}: A2UI context values cannot be objects, so its members are sent as {key}.NAME"
                    ),
                );
                for (k, x) in m {
                    self.any(x, n, prop, out, &format!("{key}.{k}"));
                }
            }
            AVal::Lit(Value::Object(m)) => {
                self.loss_for(
                    LossKind::Behaviour,
                    n,
                    prop,
                    format!(
                        "{prop}.{key}: A2UI context values cannot be objects, so its members are sent as {key}.NAME"
                    ),
                );
                for (k, x) in m {
                    self.any(&AVal::Lit(x.clone()), n, prop, out, &format!("{key}.{k}"));
                }
            }
            AVal::Lit(Value::Null) => {
                self.loss_for(
                    LossKind::Behaviour,
                    n,
                    prop,
                    format!("{prop}.{key}: A2UI context values cannot be null, so it is left out"),
                );
            }
            AVal::Lit(x) => {
                out.insert(key.into(), x.clone());
            }
        }
    }

    /// `{type, payload, …}` → `{"event": {"name", "context"}}`, with the enclosing form's
    /// fields in the context.
    fn action(&mut self, act: &AVal, n: &ANode, prop: &str, with_form: bool) -> Value {
        let name = act
            .get("type")
            .and_then(|v| v.concrete())
            .map(|v| js_string(&v))
            .unwrap_or_default();
        let mut ctx = Map::new();
        match act.get("payload").as_ref() {
            Some(AVal::Obj(m)) => {
                for (k, v) in m.clone() {
                    self.any(&v, n, &format!("{prop}.payload"), &mut ctx, &k);
                }
            }
            Some(AVal::Lit(Value::Object(m))) => {
                for (k, v) in m.clone() {
                    self.any(&AVal::Lit(v), n, &format!("{prop}.payload"), &mut ctx, &k);
                }
            }
            Some(AVal::Undef | AVal::Lit(Value::Null)) | None => {}
            Some(other) => {
                self.any(other, n, prop, &mut ctx, "payload");
            }
        }
        for (key, msg) in [
            (
                "handler",
                "every A2UI event goes to the host's action handler, which decides how to handle it (A2UI has no client-only actions)",
            ),
            ("loadingBehavior", "A2UI has no loading states for actions"),
            (
                "streaming",
                "A2UI events have no streaming or synchronous mode",
            ),
        ] {
            if let Some(v) = act.get(key).and_then(|v| v.concrete())
                && !(key == "handler" && v == json!("server"))
            {
                self.loss_for(LossKind::Behaviour, n, prop, format!("{prop}.{key}: {msg}"));
            }
        }
        if with_form && let Some(f) = self.forms.last() {
            let tops = f.tops.clone();
            for t in tops {
                if ctx.contains_key(&t) {
                    self.loss_for(
                        LossKind::Behaviour,
                        n,
                        prop,
                        format!(
                            "{prop}: the payload's key {t} is also a form field's name; as in ChatKit, the payload's value is sent and the field's is not"
                        ),
                    );
                    continue;
                }
                ctx.insert(t.clone(), json!({"path": form_ptr(&t)}));
            }
        }
        let mut event = Map::new();
        event.insert("name".into(), json!(name));
        if !ctx.is_empty() {
            event.insert("context".into(), Value::Object(ctx));
        }
        json!({"event": event})
    }

    /// The styling and behaviour props a node's mapping did not use.
    fn residue(&mut self, n: &ANode, used: &[&str]) {
        let mut styling: Vec<&AProp> = Vec::new();
        for p in &n.props {
            let name = p.name.as_str();
            if used.contains(&name) || name == "key" || name == "id" {
                continue;
            }
            if let Some((_, why)) = BEHAVIOUR.iter().find(|(b, _)| *b == name) {
                if p.val.concrete().is_some_and(|v| v != json!(false)) {
                    self.loss(
                        LossKind::Behaviour,
                        n,
                        p.span,
                        &[name],
                        format!("{name}: {why}"),
                    );
                }
                continue;
            }
            styling.push(p);
        }
        if !styling.is_empty() {
            let names: Vec<&str> = styling.iter().map(|p| p.name.as_str()).collect();
            let span = styling[0].span;
            self.loss(
                LossKind::Styling,
                n,
                span,
                &names,
                format!(
                    "{} of {} {} no A2UI form (A2UI's basic catalog has no styling)",
                    names.join(", "),
                    n.ty,
                    if names.len() == 1 { "has" } else { "have" }
                ),
            );
        }
    }

    fn child_id(id: &str, c: &ANode) -> String {
        format!("{id}.{}", c.seg)
    }

    /// The children as an A2UI ChildList (ids, or one template), with `front` and `back`
    /// ids around them. A template among other children gets a wrapper of the parent's
    /// direction.
    fn child_list(
        &mut self,
        n: &ANode,
        id: &str,
        row: bool,
        front: Vec<String>,
        back: Vec<String>,
    ) -> Value {
        let children = n.children.as_deref().unwrap_or(&[]);
        let parent = Parent::Flex;
        if front.is_empty()
            && back.is_empty()
            && let [AChild::Template(t)] = children
        {
            return self.template(t, id, parent);
        }
        let mut ids = front;
        for (k, c) in children.iter().enumerate() {
            match c {
                AChild::Node(x) => {
                    if let Some(cid) = self.node(x, &Self::child_id(id, x), parent) {
                        ids.push(cid);
                    }
                }
                AChild::Template(t) => {
                    let wid = self.unique(format!("{id}:each{k}"));
                    let list = self.template(t, &wid, parent);
                    self.push(json!({"id": wid, "component": if row { "Row" } else { "Column" }, "children": list}));
                    ids.push(wid);
                }
            }
        }
        ids.extend(back);
        json!(ids)
    }

    fn template(&mut self, t: &super::analyze::Template, id: &str, parent: Parent) -> Value {
        self.in_template += 1;
        let body = self.node(&t.body, &Self::child_id(id, &t.body), parent);
        self.in_template -= 1;
        let body = body.unwrap_or_else(|| {
            let e = self.unique(format!("{id}:empty"));
            self.push(json!({"id": e, "component": "Text", "text": ""}));
            e
        });
        json!({"componentId": body, "path": pointer(&t.path)})
    }

    fn weight(&mut self, n: &ANode, c: &mut Map<String, Value>, parent: Parent) {
        let Some(flex) = n.value("flex") else { return };
        let w = match &flex {
            Value::Number(x) => x.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        };
        match (w, parent) {
            (Some(w), Parent::Flex) if w > 0.0 => {
                c.insert("weight".into(), json!(w));
            }
            _ => self.loss_for(
                LossKind::Styling,
                n,
                "flex",
                format!(
                    "flex: {flex} has no A2UI form (A2UI's weight takes a positive number, on children of a Row or Column)"
                ),
            ),
        }
    }

    fn align_justify(&mut self, n: &ANode, c: &mut Map<String, Value>) {
        if let Some(a) = n.str("align") {
            match a.as_str() {
                "start" | "center" | "end" | "stretch" => {
                    c.insert("align".into(), json!(a));
                }
                other => self.loss_for(
                    LossKind::Styling,
                    n,
                    "align",
                    format!("align: \"{other}\" has no A2UI form (A2UI aligns start, center, end or stretch)"),
                ),
            }
        }
        if let Some(j) = n.str("justify") {
            let v = match j.as_str() {
                "between" => "spaceBetween",
                "around" => "spaceAround",
                "evenly" => "spaceEvenly",
                other => other,
            };
            c.insert("justify".into(), json!(v));
        }
    }

    /// Maps one node; its component id, or `None` when it maps to nothing.
    fn node(&mut self, n: &ANode, id: &str, parent: Parent) -> Option<String> {
        let made = self.node_inner(n, id, parent);
        if let Some(m) = &made {
            self.paths
                .entry(n.path.clone())
                .or_insert_with(|| m.clone());
        }
        made
    }

    fn node_inner(&mut self, n: &ANode, id: &str, parent: Parent) -> Option<String> {
        let id = self.unique(id.to_string());
        let mut c = Map::new();
        c.insert("id".into(), json!(id));
        let row_dir = |n: &ANode| n.str("direction").as_deref() == Some("row");
        let used: Vec<&str> = match n.ty.as_str() {
            "Card" => return Some(self.card(n, id)),
            "ListView" => return Some(self.list_view(n, id)),
            "Basic" | "Box" | "Row" | "Col" | "Form" | "Table" | "Table.Row" | "Table.Cell" => {
                let row = match n.ty.as_str() {
                    "Row" | "Table.Row" => true,
                    "Box" | "Basic" | "Form" => row_dir(n),
                    _ => false,
                };
                c.insert(
                    "component".into(),
                    json!(if row { "Row" } else { "Column" }),
                );
                self.align_justify(n, &mut c);
                self.weight(n, &mut c, parent);
                if n.ty == "Table.Cell" && parent == Parent::Flex && !c.contains_key("weight") {
                    c.insert("weight".into(), json!(1));
                }
                if n.ty == "Table" {
                    self.loss(
                        LossKind::Styling,
                        n,
                        n.name_span,
                        &[],
                        "Table became a Column of Rows: A2UI has no table, so columns line up only by weight".into(),
                    );
                }
                let form = n.ty == "Form";
                if form {
                    self.open_form(n, n.prop("onSubmitAction").map(|p| p.val.clone()));
                }
                let list = self.child_list(n, &id, row, Vec::new(), Vec::new());
                if form {
                    self.forms.pop();
                }
                c.insert("children".into(), list);
                vec!["align", "justify", "direction", "flex", "onSubmitAction"]
            }
            "ListViewItem" => {
                let action = n.prop("onClickAction").map(|p| p.val.clone());
                let row_id = if action.is_some() {
                    self.unique(format!("{id}:row"))
                } else {
                    id.clone()
                };
                let mut row = Map::new();
                row.insert("id".into(), json!(row_id));
                row.insert("component".into(), json!("Row"));
                self.align_justify(n, &mut row);
                if !row.contains_key("align") {
                    row.insert("align".into(), json!("center"));
                }
                let list = self.child_list(n, &id, true, Vec::new(), Vec::new());
                row.insert("children".into(), list);
                if let Some(act) = action {
                    self.push(Value::Object(row));
                    let a = self.action(&act, n, "onClickAction", true);
                    c.insert("component".into(), json!("Button"));
                    c.insert("child".into(), json!(row_id));
                    c.insert("variant".into(), json!("borderless"));
                    c.insert("action".into(), a);
                    self.loss_for(
                        LossKind::Behaviour,
                        n,
                        "onClickAction",
                        "onClickAction: A2UI rows cannot be clicked, so the row is wrapped in a borderless Button (which shrinks to its content)".into(),
                    );
                } else {
                    c = row;
                }
                vec!["align", "onClickAction"]
            }
            "Text" | "Title" | "Caption" | "Markdown" => {
                let variant = match n.ty.as_str() {
                    "Title" => match n.str("size").as_deref() {
                        Some("5xl" | "4xl" | "3xl") => "h1",
                        Some("2xl") => "h2",
                        Some("xl") => "h3",
                        Some("lg") => "h4",
                        _ => "h5",
                    },
                    "Caption" => "caption",
                    _ => "body",
                };
                if let Some(level) = variant.strip_prefix('h').and_then(|l| l.parse::<u8>().ok()) {
                    self.heading(n, level);
                }
                let body = n.ty == "Text";
                let v = n
                    .prop("value")
                    .map(|p| p.val.clone())
                    .unwrap_or(AVal::Undef);
                let t = self.text(&v, body, n, "value");
                c.insert("component".into(), json!("Text"));
                c.insert("text".into(), t);
                if variant != "body" {
                    c.insert("variant".into(), json!(variant));
                }
                self.weight(n, &mut c, parent);
                if n.ty == "Markdown" {
                    self.loss(
                        LossKind::Behaviour,
                        n,
                        n.name_span,
                        &[],
                        "Markdown became body Text: it shows as Markdown only where the client configured a Markdown renderer, and A2UI's Markdown has no HTML, images or links".into(),
                    );
                }
                if n.ty == "Title" {
                    vec!["value", "flex", "size"]
                } else {
                    vec!["value", "flex"]
                }
            }
            "Badge" => {
                let v = n
                    .prop("label")
                    .map(|p| p.val.clone())
                    .unwrap_or(AVal::Undef);
                if self.opts.catalog == Catalog::Studio {
                    let t = self.text(&v, false, n, "label");
                    c.insert("component".into(), json!("Badge"));
                    c.insert("label".into(), t);
                    for k in ["color", "variant", "pill"] {
                        if let Some(x) = n.value(k) {
                            c.insert(k.into(), x);
                        }
                    }
                    self.loss(
                        LossKind::Behaviour,
                        n,
                        n.name_span,
                        &[],
                        "Badge is in the studio catalog: only clients that implement that catalog draw it".into(),
                    );
                    vec!["label", "color", "variant", "pill", "flex"]
                } else {
                    let t = self.text(&v, false, n, "label");
                    c.insert("component".into(), json!("Text"));
                    c.insert("text".into(), t);
                    c.insert("variant".into(), json!("caption"));
                    self.loss(
                        LossKind::Styling,
                        n,
                        n.name_span,
                        &[],
                        "Badge became caption text: A2UI's basic catalog has no badge (--catalog studio keeps it)".into(),
                    );
                    vec!["label", "flex", "color", "variant", "pill", "size"]
                }
            }
            "Button" => {
                self.button(n, &id, &mut c);
                self.weight(n, &mut c, parent);
                vec![
                    "label",
                    "onClickAction",
                    "submit",
                    "iconStart",
                    "iconEnd",
                    "style",
                    "variant",
                    "disabled",
                    "flex",
                ]
            }
            "Image" => {
                let src = n.prop("src").map(|p| p.val.clone()).unwrap_or(AVal::Undef);
                let url = self.text(&src, false, n, "src");
                c.insert("component".into(), json!("Image"));
                c.insert("url".into(), url);
                if let Some(alt) = n.prop("alt").map(|p| p.val.clone()) {
                    let d = self.text(&alt, false, n, "alt");
                    c.insert("description".into(), d);
                }
                if let Some(fit) = n.str("fit") {
                    let f = if fit == "scale-down" {
                        "scaleDown"
                    } else {
                        fit.as_str()
                    };
                    c.insert("fit".into(), json!(f));
                }
                let dim = ["size", "width", "height"]
                    .iter()
                    .filter_map(|k| n.value(k).and_then(|v| v.as_f64()))
                    .fold(None::<f64>, |a, b| Some(a.map_or(b, |a| a.max(b))));
                let round = n.str("radius").as_deref() == Some("full");
                let variant = match dim {
                    Some(d) if round && d <= 128.0 => Some("avatar"),
                    Some(d) if d <= 48.0 => Some("icon"),
                    Some(d) if d <= 128.0 => Some("smallFeature"),
                    _ => None,
                };
                if let Some(v) = variant {
                    c.insert("variant".into(), json!(v));
                }
                self.weight(n, &mut c, parent);
                vec!["src", "alt", "fit", "flex"]
            }
            "Icon" => {
                let name = n.str("name").unwrap_or_default();
                let Some(a) = icon(&name) else {
                    self.loss_for(
                        LossKind::Styling,
                        n,
                        "name",
                        format!("Icon \"{name}\" has no A2UI icon, so it is left out"),
                    );
                    self.ids.remove(&id);
                    return None;
                };
                if !icon_same(&name) {
                    self.loss_for(
                        LossKind::Styling,
                        n,
                        "name",
                        format!("Icon \"{name}\" became A2UI's \"{a}\", the closest icon"),
                    );
                }
                c.insert("component".into(), json!("Icon"));
                c.insert("name".into(), json!(a));
                self.weight(n, &mut c, parent);
                vec!["name", "flex"]
            }
            "Divider" => {
                c.insert("component".into(), json!("Divider"));
                vec![]
            }
            "Spacer" => {
                if parent != Parent::Flex {
                    self.loss(
                        LossKind::Styling,
                        n,
                        n.name_span,
                        &[],
                        "Spacer outside a Row or Column has no A2UI form, so it is left out".into(),
                    );
                    self.ids.remove(&id);
                    return None;
                }
                c.insert("component".into(), json!("Text"));
                c.insert("text".into(), json!(""));
                c.insert("weight".into(), json!(1));
                vec![]
            }
            "Transition" => {
                self.ids.remove(&id);
                self.loss(
                    LossKind::Behaviour,
                    n,
                    n.name_span,
                    &[],
                    "Transition has no A2UI form: its child is drawn without the animation".into(),
                );
                let children = n.children.as_deref().unwrap_or(&[]);
                let mut first = None;
                for ch in children {
                    if let AChild::Node(x) = ch
                        && first.is_none()
                    {
                        first = self.node(x, &id, parent);
                    }
                }
                return first;
            }
            "Label" => {
                let field = n.str("fieldName").unwrap_or_default();
                if self.labels.get(&field).is_some_and(|(_, p)| *p == n.path) {
                    self.ids.remove(&id);
                    self.loss(
                        LossKind::Styling,
                        n,
                        n.name_span,
                        &[],
                        format!("Label became the label of the field {field} (A2UI fields carry their own label)"),
                    );
                    let used = ["value", "fieldName"];
                    self.residue(n, &used);
                    return None;
                }
                let v = n
                    .prop("value")
                    .map(|p| p.val.clone())
                    .unwrap_or(AVal::Undef);
                let t = self.text(&v, false, n, "value");
                c.insert("component".into(), json!("Text"));
                c.insert("text".into(), t);
                c.insert("variant".into(), json!("caption"));
                vec!["value", "fieldName"]
            }
            "Input" | "Textarea" | "Select" | "RadioGroup" | "DatePicker" | "Checkbox" => {
                self.field(n, &id, &mut c);
                self.weight(n, &mut c, parent);
                vec![
                    "name",
                    "defaultValue",
                    "defaultChecked",
                    "required",
                    "pattern",
                    "inputType",
                    "options",
                    "label",
                    "min",
                    "max",
                    "searchable",
                    "ariaLabel",
                    "flex",
                ]
            }
            "Chart" => {
                self.chart(n, &id, &mut c);
                vec![
                    "data",
                    "series",
                    "xAxis",
                    "showYAxis",
                    "showLegend",
                    "showTooltip",
                    "barGap",
                    "barCategoryGap",
                ]
            }
            other => {
                // The validator refuses unknown components; keep what is there.
                self.loss(
                    LossKind::Behaviour,
                    n,
                    n.name_span,
                    &[],
                    format!("{other} has no A2UI form, so it is left out"),
                );
                self.ids.remove(&id);
                return None;
            }
        };
        self.residue(n, &used);
        self.push(Value::Object(c));
        Some(id)
    }

    fn status(&mut self, n: &ANode, id: &str) -> Option<String> {
        let st = n.prop("status")?.val.clone();
        let sid = self.unique(format!("{id}:status"));
        let mut kids = Vec::new();
        if let Some(icon_name) = st
            .get("icon")
            .and_then(|v| v.concrete())
            .and_then(|v| v.as_str().map(str::to_string))
        {
            match icon(&icon_name) {
                Some(a) => {
                    let iid = self.unique(format!("{id}:status-icon"));
                    self.push(json!({"id": iid, "component": "Icon", "name": a}));
                    kids.push(iid);
                }
                None => self.loss_for(
                    LossKind::Styling,
                    n,
                    "status",
                    format!("status.icon \"{icon_name}\" has no A2UI icon, so it is left out"),
                ),
            }
        }
        if let Some(fav) = st
            .get("favicon")
            .and_then(|v| v.concrete())
            .and_then(|v| v.as_str().map(str::to_string))
        {
            let iid = self.unique(format!("{id}:status-icon"));
            self.push(json!({"id": iid, "component": "Image", "url": fav, "variant": "icon"}));
            kids.push(iid);
        }
        let text = st.get("text").unwrap_or(AVal::Undef);
        let t = self.text(&text, false, n, "status.text");
        let tid = self.unique(format!("{id}:status-text"));
        self.push(json!({"id": tid, "component": "Text", "text": t, "variant": "caption"}));
        kids.push(tid);
        self.push(json!({"id": sid, "component": "Row", "align": "center", "children": kids}));
        Some(sid)
    }

    fn card(&mut self, n: &ANode, id: String) -> String {
        let mut front = Vec::new();
        if let Some(s) = self.status(n, &id) {
            front.push(s);
        }
        let as_form = n.value("asForm") == Some(json!(true));
        let confirm = n.prop("confirm").map(|p| p.val.clone());
        if as_form {
            self.open_form(n, confirm.as_ref().and_then(|c| c.get("action")));
        }
        let body_id = self.unique(format!("{id}:body"));
        let mut back = Vec::new();
        let mut buttons = Vec::new();
        for key in ["cancel", "confirm"] {
            let Some(ca) = n.prop(key).map(|p| p.val.clone()) else {
                continue;
            };
            let bid = self.unique(format!("{id}:{key}"));
            let lid = self.unique(format!("{id}:{key}-label"));
            let label = ca.get("label").unwrap_or(AVal::Undef);
            let t = self.text(&label, true, n, &format!("{key}.label"));
            self.push(json!({"id": lid, "component": "Text", "text": t}));
            let act = match ca.get("action") {
                Some(a) => self.action(&a, n, key, as_form || !self.forms.is_empty()),
                None => json!({"event": {"name": ""}}),
            };
            let mut b = json!({"id": bid, "component": "Button", "child": lid, "action": act});
            if key == "confirm" {
                b["variant"] = json!("primary");
                if as_form
                    && let Some(f) = self.forms.last()
                    && !f.checks.is_empty()
                {
                    b["checks"] = json!(f.checks);
                }
            }
            self.push(b);
            buttons.push(bid);
        }
        if !buttons.is_empty() {
            let rid = self.unique(format!("{id}:actions"));
            self.push(
                json!({"id": rid, "component": "Row", "justify": "end", "children": buttons}),
            );
            back.push(rid);
        }
        let list = self.child_list(n, &id, false, front, back);
        if as_form {
            self.forms.pop();
        }
        self.push(json!({"id": body_id, "component": "Column", "children": list}));
        self.residue(n, &["status", "confirm", "cancel", "asForm"]);
        self.push(json!({"id": id, "component": "Card", "child": body_id}));
        id
    }

    fn list_view(&mut self, n: &ANode, id: String) -> String {
        let status = self.status(n, &id);
        if let Some(limit) = n.value("limit") {
            let rows = n
                .children
                .iter()
                .flatten()
                .map(|c| match c {
                    AChild::Node(_) => 1,
                    AChild::Template(t) => t.rows.len(),
                })
                .sum::<usize>();
            self.loss_for(
                LossKind::Behaviour,
                n,
                "limit",
                format!(
                    "limit: {limit}: A2UI lists have no limit and no \"Show more\", so every item is shown ({rows} in this state)"
                ),
            );
        }
        let list_id = if status.is_some() {
            self.unique(format!("{id}:list"))
        } else {
            id.clone()
        };
        let children = self.child_list(n, &id, false, Vec::new(), Vec::new());
        self.push(json!({"id": list_id, "component": "List", "direction": "vertical", "children": children}));
        self.residue(n, &["status", "limit"]);
        if let Some(s) = status {
            self.push(json!({"id": id, "component": "Column", "children": [s, list_id]}));
        }
        id
    }

    fn open_form(&mut self, n: &ANode, action: Option<AVal>) {
        let mut tops = Vec::new();
        let mut checks = Vec::new();
        let mut fields = Vec::new();
        collect_fields(n, &mut fields, true);
        for f in fields {
            let Some(name) = f.str("name") else { continue };
            let top = name.split('.').next().unwrap_or_default().to_string();
            if !tops.contains(&top) {
                tops.push(top);
            }
            checks.extend(field_checks(f, &form_ptr(&name)));
        }
        self.forms.push(FormCtx {
            action,
            tops,
            checks,
        });
    }

    fn button(&mut self, n: &ANode, id: &str, c: &mut Map<String, Value>) {
        c.insert("component".into(), json!("Button"));
        let label = n.prop("label").map(|p| p.val.clone());
        let mut parts = Vec::new();
        parts.extend(self.button_icon(n, id, "iconStart", "icon-start"));
        let mut label_id = None;
        if let Some(l) = &label {
            let lid = self.unique(format!("{id}:label"));
            let t = self.text(l, true, n, "label");
            self.push(json!({"id": lid, "component": "Text", "text": t}));
            parts.push(lid.clone());
            label_id = Some(lid);
        }
        parts.extend(self.button_icon(n, id, "iconEnd", "icon-end"));
        let child = match (parts.len(), label_id) {
            (1, _) => parts[0].clone(),
            (0, _) => {
                let lid = self.unique(format!("{id}:label"));
                self.push(json!({"id": lid, "component": "Text", "text": ""}));
                lid
            }
            _ => {
                let rid = self.unique(format!("{id}:content"));
                self.push(
                    json!({"id": rid, "component": "Row", "align": "center", "children": parts}),
                );
                rid
            }
        };
        c.insert("child".into(), json!(child));
        let variant = n.str("variant");
        let primary = n.str("style").as_deref() == Some("primary")
            || n.str("color").as_deref() == Some("primary");
        let v = match variant.as_deref() {
            Some("ghost") => "borderless",
            Some("outline" | "soft") => "default",
            _ if primary => "primary",
            _ => "default",
        };
        if v != "default" {
            c.insert("variant".into(), json!(v));
        }
        let submit = n.value("submit") == Some(json!(true));
        let in_form = !self.forms.is_empty();
        let act = if submit && in_form {
            let fa = self.forms.last().and_then(|f| f.action.clone());
            match fa {
                Some(a) => self.action(&a, n, "onSubmitAction", true),
                None => json!({"event": {"name": ""}}),
            }
        } else if let Some(a) = n.prop("onClickAction").map(|p| p.val.clone()) {
            self.action(&a, n, "onClickAction", in_form)
        } else {
            if submit {
                self.loss_for(
                    LossKind::Behaviour,
                    n,
                    "submit",
                    "submit: the button is not inside a Form, so it sends an empty event".into(),
                );
            } else {
                self.loss(
                    LossKind::Behaviour,
                    n,
                    n.name_span,
                    &[],
                    "Button has no action, but every A2UI Button sends one: it sends an empty event".into(),
                );
            }
            json!({"event": {"name": ""}})
        };
        c.insert("action".into(), act);
        let mut checks = Vec::new();
        if submit && let Some(f) = self.forms.last() {
            checks.extend(f.checks.iter().cloned());
        }
        if n.value("disabled") == Some(json!(true)) {
            checks.push(json!({"condition": false, "message": "Disabled"}));
        }
        if !checks.is_empty() {
            c.insert("checks".into(), json!(checks));
        }
    }

    fn button_icon(&mut self, n: &ANode, id: &str, key: &str, suffix: &str) -> Option<String> {
        let name = n.str(key)?;
        match icon(&name) {
            Some(a) => {
                let iid = self.unique(format!("{id}:{suffix}"));
                self.push(json!({"id": iid, "component": "Icon", "name": a}));
                if !icon_same(&name) {
                    self.loss_for(
                        LossKind::Styling,
                        n,
                        key,
                        format!("{key} \"{name}\" became A2UI's \"{a}\", the closest icon"),
                    );
                }
                Some(iid)
            }
            None => {
                self.loss_for(
                    LossKind::Styling,
                    n,
                    key,
                    format!("{key} \"{name}\" has no A2UI icon, so it is left out"),
                );
                None
            }
        }
    }

    fn field(&mut self, n: &ANode, id: &str, c: &mut Map<String, Value>) {
        let name = n.str("name").unwrap_or_default();
        let ptr = form_ptr(&name);
        let label = self.labels.get(&name).map(|(v, _)| v.clone());
        let label = match label {
            Some(l) if n.ty != "Checkbox" => Some(self.text(&l, false, n, "label")),
            _ => None,
        };
        let fallback_label = |m: &mut Self, key: &str| -> Value {
            if let Some(t) = n.str(key).filter(|t| !t.is_empty()) {
                m.losses.push({
                    let mut l = Loss::new(
                        LossKind::Behaviour,
                        &n.path,
                        n.prop(key).map_or(n.name_span, |p| p.span),
                        &[key],
                        format!(
                            "{key}: A2UI fields need a label and have no {key}, and no Label names this field, so the {key} became its label"
                        ),
                    );
                    l.component = Some(id.to_string());
                    l.added = true;
                    l
                });
                json!(t)
            } else {
                json!("")
            }
        };
        let checks = field_checks(n, &ptr);
        match n.ty.as_str() {
            "Input" | "Textarea" => {
                c.insert("component".into(), json!("TextField"));
                let l = label.unwrap_or_else(|| fallback_label(self, "placeholder"));
                c.insert("label".into(), l);
                c.insert("value".into(), json!({"path": ptr}));
                let variant = match (n.ty.as_str(), n.str("inputType").as_deref()) {
                    ("Textarea", _) => Some("longText"),
                    (_, Some("password")) => Some("obscured"),
                    (_, Some("number")) => Some("number"),
                    _ => None,
                };
                if let Some(v) = variant {
                    c.insert("variant".into(), json!(v));
                }
                let init = n
                    .value("defaultValue")
                    .map(|v| json!(js_string(&v)))
                    .unwrap_or(json!(""));
                set_form(&mut self.form, &name, init);
            }
            "Checkbox" => {
                c.insert("component".into(), json!("CheckBox"));
                let l = match n.prop("label").map(|p| p.val.clone()) {
                    Some(v) => self.text(&v, false, n, "label"),
                    None => match self.labels.get(&name).map(|(v, _)| v.clone()) {
                        Some(v) => self.text(&v, false, n, "label"),
                        None => json!(""),
                    },
                };
                c.insert("label".into(), l);
                c.insert("value".into(), json!({"path": ptr}));
                let init = n.value("defaultChecked") == Some(json!(true));
                set_form(&mut self.form, &name, json!(init));
            }
            "Select" | "RadioGroup" => {
                c.insert("component".into(), json!("ChoicePicker"));
                if let Some(l) = label {
                    c.insert("label".into(), l);
                }
                if let Some(a) = n.str("ariaLabel") {
                    c.insert("accessibility".into(), json!({"label": a}));
                }
                c.insert("variant".into(), json!("mutuallyExclusive"));
                let mut options = Vec::new();
                let mut disabled = false;
                for o in n
                    .value("options")
                    .and_then(|v| v.as_array().cloned())
                    .unwrap_or_default()
                {
                    if o.get("disabled") == Some(&json!(true)) {
                        disabled = true;
                    }
                    options.push(json!({
                        "label": js_string(o.get("label").unwrap_or(&Value::Null)),
                        "value": js_string(o.get("value").unwrap_or(&Value::Null)),
                    }));
                }
                if disabled {
                    self.loss_for(
                        LossKind::Behaviour,
                        n,
                        "options",
                        "options: A2UI choices cannot be disabled".into(),
                    );
                }
                c.insert("options".into(), json!(options));
                c.insert("value".into(), json!({"path": ptr}));
                if n.value("searchable") == Some(json!(true)) {
                    c.insert("filterable".into(), json!(true));
                }
                let init = match n.value("defaultValue") {
                    Some(v) if !v.is_null() => json!([js_string(&v)]),
                    _ => json!([]),
                };
                set_form(&mut self.form, &name, init);
                self.loss(
                    LossKind::Behaviour,
                    n,
                    n.name_span,
                    &[],
                    format!(
                        "{} became a ChoicePicker{}; its value is a list of strings (/form/{name} holds [\"value\"])",
                        n.ty,
                        if n.ty == "Select" { " (a list of choices, not a dropdown)" } else { "" }
                    ),
                );
            }
            "DatePicker" => {
                c.insert("component".into(), json!("DateTimeInput"));
                c.insert("enableDate".into(), json!(true));
                if let Some(l) = label {
                    c.insert("label".into(), l);
                }
                c.insert("value".into(), json!({"path": ptr}));
                for k in ["min", "max"] {
                    if let Some(v) = n.prop(k).map(|p| p.val.clone()) {
                        let t = self.text(&v, false, n, k);
                        c.insert(k.into(), t);
                    }
                }
                let init = n
                    .value("defaultValue")
                    .map(|v| json!(js_string(&v)))
                    .unwrap_or(json!(""));
                set_form(&mut self.form, &name, init);
            }
            _ => {}
        }
        if !checks.is_empty() {
            c.insert("checks".into(), json!(checks));
        }
        if self.forms.is_empty() {
            self.loss(
                LossKind::Behaviour,
                n,
                n.name_span,
                &[],
                format!("the field {name} is not inside a Form: it is bound to {ptr}, and no action sends it"),
            );
        }
    }

    fn chart(&mut self, n: &ANode, id: &str, c: &mut Map<String, Value>) {
        let data = n.value("data").unwrap_or(json!([]));
        let series = n.value("series").unwrap_or(json!([]));
        let x = n.value("xAxis").unwrap_or(Value::Null);
        if self.opts.catalog == Catalog::Studio {
            c.insert("component".into(), json!("Chart"));
            c.insert("data".into(), data);
            c.insert("series".into(), series);
            c.insert("xAxis".into(), x);
            for k in ["showYAxis", "showLegend", "height"] {
                if let Some(v) = n.value(k) {
                    c.insert(k.into(), v);
                }
            }
            self.loss(
                LossKind::Behaviour,
                n,
                n.name_span,
                &[],
                "Chart is in the studio catalog: only clients that implement that catalog draw it"
                    .into(),
            );
            return;
        }
        let (url, description) = super::catalog::chart_image(&data, &series, &x);
        c.insert("component".into(), json!("Image"));
        c.insert("url".into(), json!(url));
        c.insert("description".into(), json!(description));
        c.insert("fit".into(), json!("contain"));
        let mut l = Loss::new(
            LossKind::Behaviour,
            &n.path,
            n.name_span,
            &[],
            "Chart became an image of the chart for this state (A2UI's basic catalog has no chart; --catalog studio keeps it): no tooltip, and it will not follow data updates".into(),
        );
        l.component = Some(id.to_string());
        l.added = true;
        self.losses.push(l);
    }
}

/// The fields under a node (not under a nested Form).
fn collect_fields<'n>(n: &'n ANode, out: &mut Vec<&'n ANode>, top: bool) {
    if !top && n.ty == "Form" {
        return;
    }
    if FIELDS.contains(&n.ty.as_str()) {
        out.push(n);
    }
    for c in n.children.iter().flatten() {
        match c {
            AChild::Node(x) => collect_fields(x, out, false),
            AChild::Template(t) => collect_fields(&t.body, out, false),
        }
    }
}

/// `required` and `pattern` (and an email input's format) as A2UI checks.
fn field_checks(n: &ANode, ptr: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let value = json!({"path": ptr});
    let required = n.value("required") == Some(json!(true));
    if required {
        let cond = match n.ty.as_str() {
            "Checkbox" => value.clone(),
            _ => json!({"call": "required", "args": {"value": value}}),
        };
        out.push(json!({"condition": cond, "message": "This field is required"}));
    }
    if matches!(n.ty.as_str(), "Input" | "Textarea")
        && let Some(p) = n.str("pattern")
    {
        out.push(json!({
            "condition": {"call": "regex", "args": {"value": value, "pattern": format!("^(?:{p})?$")}},
            "message": "Please match the requested format",
        }));
    }
    if n.ty == "Input" && n.str("inputType").as_deref() == Some("email") {
        let email = json!({"call": "email", "args": {"value": value}});
        let cond = if required {
            email
        } else {
            json!({"call": "or", "args": {"values": [
                {"call": "not", "args": {"value": {"call": "required", "args": {"value": value}}}},
                email,
            ]}})
        };
        out.push(json!({"condition": cond, "message": "Please enter an email address"}));
    }
    out
}

/// Whether the Markdown characters of `s` all come from `literal` (the literal parts, which
/// are escaped), not from the bound values.
fn has_markdown_minus(s: &str, literal: &str) -> bool {
    let count = |t: &str| super::text::escape_markdown(t).len() - t.len();
    count(s) <= count(literal)
}
