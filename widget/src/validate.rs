//! Validation of widget JSON against the component model.
//!
//! The rules follow what the ChatKit SDK's typed models accept (pydantic in
//! lax mode: `"3"` is an integer, `1` is `true`, unknown props are ignored),
//! plus the structural rules the widget documentation states and the SDK does
//! not check, which the runtime enforces. Values the SDK only accepts by
//! coercion are warnings, since browser clients read JSON as written.
//!
//! All problems are reported in one pass, each with its JSON path, position,
//! stable code and a message that says what is allowed.

use crate::diag::{Code, Diagnostic, Report, did_you_mean};
use crate::json::{self, JsonErrorCode, Limits, Node, Span, Value};
use crate::spec::{self, Children, Component, ICON_NAMES, Presence, Prop, Shape, Ty};
use crate::target::{self, Only, Target};

/// Parses and validates widget JSON text for the default target (`chatkit-python`).
pub fn validate_str(text: &str) -> Report {
    validate_bytes(text.as_bytes())
}

/// Parses and validates widget JSON text for a target.
pub fn validate_str_for(text: &str, target: Target) -> Report {
    validate_bytes_for(text.as_bytes(), target)
}

/// Parses and validates widget JSON bytes (which should be UTF-8) for the default target.
pub fn validate_bytes(bytes: &[u8]) -> Report {
    validate_bytes_for(bytes, Target::default())
}

/// Parses and validates widget JSON bytes for a target.
pub fn validate_bytes_for(bytes: &[u8], target: Target) -> Report {
    let (report, _) = parse_and_validate_for(bytes, Limits::default(), target);
    report
}

/// Parses and validates for the default target, returning the tree too when the text is JSON.
pub fn parse_and_validate(bytes: &[u8], limits: Limits) -> (Report, Option<Node<'_>>) {
    parse_and_validate_for(bytes, limits, Target::default())
}

/// Parses and validates for a target, returning the tree too when the text is JSON.
pub fn parse_and_validate_for(
    bytes: &[u8],
    limits: Limits,
    target: Target,
) -> (Report, Option<Node<'_>>) {
    let (mut report, root) = parse_and_validate_json_only(bytes, limits);
    if let Some(root) = &root {
        validate_node_into(root, &mut report, target);
    }
    // Positions only exist for UTF-8 text; invalid UTF-8 is reported at its byte offset.
    match std::str::from_utf8(bytes) {
        Ok(text) => report.locate(text),
        Err(e) => {
            let text = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            report.locate(text);
        }
    }
    (report, root)
}

/// Parses only, reporting JSON problems (syntax, duplicates, limits) without widget rules.
pub fn parse_and_validate_json_only(bytes: &[u8], limits: Limits) -> (Report, Option<Node<'_>>) {
    let parsed = json::parse_bytes(bytes, limits);
    let mut report = Report::default();
    for e in &parsed.errors {
        report.push(Diagnostic::new(
            json_code(e.code),
            e.path.clone(),
            Span::new(e.offset, e.offset),
            e.message.clone(),
        ));
    }
    (report, parsed.root)
}

/// Validates a tree that did not come from text (for example a template's output).
/// Diagnostics have paths but line and column 0.
pub fn validate_node(root: &Node<'_>) -> Report {
    validate_node_for(root, Target::default())
}

/// [`validate_node`] for a target.
pub fn validate_node_for(root: &Node<'_>, target: Target) -> Report {
    let mut report = Report::default();
    validate_node_into(root, &mut report, target);
    report
}

fn json_code(code: JsonErrorCode) -> Code {
    match code {
        JsonErrorCode::Syntax => Code::JsonSyntax,
        JsonErrorCode::InvalidUtf8 => Code::JsonInvalidUtf8,
        JsonErrorCode::TooDeep => Code::JsonTooDeep,
        JsonErrorCode::TooLarge => Code::JsonTooLarge,
        JsonErrorCode::NumberOutOfRange => Code::JsonNumberOutOfRange,
        JsonErrorCode::DuplicateKey => Code::JsonDuplicateKey,
    }
}

fn validate_node_into(root: &Node<'_>, report: &mut Report, target: Target) {
    let mut v = Validator {
        report,
        path: Vec::with_capacity(16),
        subject: Vec::with_capacity(8),
        target,
        siblings: &[],
    };
    v.root(root);
}

#[derive(Clone, Copy)]
enum Seg<'n> {
    Key(&'n str),
    Index(usize),
}

fn push_seg(out: &mut String, seg: &Seg<'_>) {
    use std::fmt::Write as _;
    match seg {
        Seg::Key(k) => {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(k);
        }
        Seg::Index(i) => {
            let _ = write!(out, "[{i}]");
        }
    }
}

/// Where a node stands, for the structural rules.
#[derive(Clone, Copy)]
struct Ctx {
    in_form: bool,
}

struct Validator<'r, 'n> {
    report: &'r mut Report,
    path: Vec<Seg<'n>>,
    /// For messages: the component name and the path below it (`Button.onClickAction.type`).
    subject: Vec<(&'static str, usize)>,
    /// Whose rules apply.
    target: Target,
    /// The other members of the union whose member is being checked: an unknown field of a
    /// shape that is a field of one of them is said so, not as a typo.
    siblings: &'static [Ty],
}

/// How a value matched a type.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fit {
    Exact,
    Coerced,
    Bad,
}

/// All-roots list for messages.
const ROOT_NAMES: [&str; 3] = ["Card", "ListView", "Basic"];

impl<'r, 'n> Validator<'r, 'n> {
    fn path_string(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            push_seg(&mut s, seg);
        }
        s
    }

    /// `Button.color`, `Card.confirm.action.type`, …
    fn subject(&self) -> String {
        let Some(&(name, depth)) = self.subject.last() else {
            return self.path_string();
        };
        let mut rel = String::new();
        for seg in &self.path[depth.min(self.path.len())..] {
            push_seg(&mut rel, seg);
        }
        if rel.is_empty() {
            name.to_string()
        } else if rel.starts_with('[') {
            format!("{name}{rel}")
        } else {
            format!("{name}.{rel}")
        }
    }

    fn diag(&self, code: Code, span: Span, message: String) -> Diagnostic {
        Diagnostic::new(code, self.path_string(), span, message)
    }

    fn emit(&mut self, code: Code, span: Span, message: String) {
        let d = self.diag(code, span, message);
        self.report.push(d);
    }

    /// An error about something only the other target defines, as the warning it is under
    /// this target (the other target's refusal, named).
    fn demoted(&self, mut d: Diagnostic, o: &Only) -> Diagnostic {
        if d.is_error() {
            d.message = format!(
                "{} (only {} checks {}: {})",
                d.message,
                o.target.label(),
                o.subject(),
                o.note
            );
            d.code = Code::TargetDifference;
            d.severity = Code::TargetDifference.severity();
        }
        d
    }

    // ---- components -------------------------------------------------------

    fn root(&mut self, n: &'n Node<'n>) {
        if !n.is_object() {
            self.emit(
                Code::InvalidRoot,
                n.span,
                format!(
                    "a widget must be a JSON object with \"type\": \"Card\", \"ListView\" or \"Basic\"; found {}",
                    n.kind()
                ),
            );
            return;
        }
        let Some(comp) = self.component_of(n, true) else {
            return;
        };
        if !comp.is_root() {
            self.emit(
                Code::InvalidRoot,
                n.get("type").map_or(n.span, |t| t.span),
                format!(
                    "the root must be Card, ListView or Basic, not {}; wrap it in a Card",
                    comp.name
                ),
            );
            // Still check the rest, so every problem shows in one pass.
        }
        let in_form = comp.name == "Card" && n.get("asForm").and_then(lax_bool) == Some(true);
        self.component(n, comp, Ctx { in_form });
    }

    /// Reads `type` and finds the component; reports and returns `None` when it can't.
    fn component_of(&mut self, n: &'n Node<'n>, at_root: bool) -> Option<&'static Component> {
        let names = || spec::COMPONENTS.iter().map(|c| c.name);
        match n.get("type") {
            None => {
                let expected = if at_root {
                    "one of Card, ListView, Basic".to_string()
                } else {
                    "a component name such as Text, Row or Button".to_string()
                };
                let code = if at_root {
                    Code::InvalidRoot
                } else {
                    Code::MissingType
                };
                self.emit(
                    code,
                    n.span,
                    format!("this object has no \"type\"; expected {expected}"),
                );
                None
            }
            Some(t) => match &t.value {
                Value::String(name) => {
                    if let Some(c) = spec::component(name) {
                        return Some(c);
                    }
                    let hint = if at_root {
                        did_you_mean(name, ROOT_NAMES).or_else(|| did_you_mean(name, names()))
                    } else {
                        did_you_mean(name, names())
                    };
                    let msg = match hint {
                        Some(h) => format!("unknown component \"{name}\" — did you mean {h}?"),
                        None if at_root => format!(
                            "unknown root \"{name}\"; the root must be Card, ListView or Basic"
                        ),
                        None => format!(
                            "unknown component \"{name}\"; known components are {}",
                            names()
                                .filter(|n| !ROOT_NAMES.contains(n))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.path.push(Seg::Key("type"));
                    self.emit(
                        if at_root {
                            Code::InvalidRoot
                        } else {
                            Code::UnknownComponent
                        },
                        t.span,
                        msg,
                    );
                    self.path.pop();
                    None
                }
                _ => {
                    self.path.push(Seg::Key("type"));
                    self.emit(
                        if at_root {
                            Code::InvalidRoot
                        } else {
                            Code::MissingType
                        },
                        t.span,
                        format!(
                            "\"type\" must be a component name string, found {}",
                            t.kind()
                        ),
                    );
                    self.path.pop();
                    None
                }
            },
        }
    }

    fn component(&mut self, n: &'n Node<'n>, comp: &'static Component, ctx: Ctx) {
        if let Some(o) = target::component_only(comp) {
            let span = n.get("type").map_or(n.span, |t| t.span);
            self.path.push(Seg::Key("type"));
            if o.target != self.target && o.target == Target::ChatkitJs {
                self.emit(
                    Code::UnknownComponent,
                    span,
                    format!(
                        "{}: {}; choose the chatkit-js target to use it",
                        comp.name, o.note
                    ),
                );
            } else if o.warns_under(self.target) {
                self.emit(
                    Code::TargetDifference,
                    span,
                    format!("{}: {}", comp.name, o.note),
                );
            }
            self.path.pop();
        }
        self.subject.push((comp.name, self.path.len()));
        // Props, in source order.
        for m in n.members() {
            let key: &'n str = &m.key;
            if key == "type" || key == "children" {
                continue;
            }
            match comp.prop(key) {
                Some(prop) => {
                    self.path.push(Seg::Key(key));
                    match target::only(comp.name, key) {
                        Some(o) => self.only_prop(o, prop, m.key_span, &m.value),
                        None => self.prop(prop, &m.value),
                    }
                    self.path.pop();
                }
                None => {
                    let hint = did_you_mean(key, comp.all_props().map(|p| p.name))
                        .map(|h| format!(" — did you mean {h}?"))
                        .unwrap_or_default();
                    self.path.push(Seg::Key(key));
                    let msg = format!(
                        "{}.{key} is not a prop of {}{hint}; the SDK ignores it (kept as written)",
                        comp.name, comp.name
                    );
                    self.emit(Code::UnknownProp, m.key_span, msg);
                    self.path.pop();
                }
            }
        }
        // Required props.
        for prop in comp.props() {
            if prop.presence.required() && n.get(prop.name).is_none() {
                self.emit(
                    Code::MissingProp,
                    n.span,
                    format!(
                        "{}.{} is required: {}",
                        comp.name,
                        prop.name,
                        describe_ty(&prop.ty)
                    ),
                );
            }
        }
        self.component_rules(n, comp, ctx);
        self.subject.pop();
        self.children(n, comp, ctx);
    }

    /// A prop only one target defines: a warning naming the other, and its value checked
    /// (as warnings under the target that does not define it, unless the runtime reads it).
    fn only_prop(
        &mut self,
        o: &'static Only,
        prop: &'static Prop,
        key_span: Span,
        v: &'n Node<'n>,
    ) {
        if o.warns_under(self.target) {
            let msg = format!("{}: {}", o.subject(), o.note);
            self.emit(Code::TargetDifference, key_span, msg);
        }
        if o.target == self.target || o.checked {
            self.prop(prop, v);
            return;
        }
        let before = self.report.errors.len();
        self.prop(prop, v);
        let new: Vec<Diagnostic> = self.report.errors.drain(before..).collect();
        for d in new {
            let d = self.demoted(d, o);
            self.report.push(d);
        }
    }

    /// Per-component rules that are not about one prop.
    fn component_rules(&mut self, n: &'n Node<'n>, comp: &'static Component, ctx: Ctx) {
        if comp.name == "Button" && n.get("submit").and_then(lax_bool) == Some(true) && !ctx.in_form
        {
            self.emit(
                Code::SubmitOutsideForm,
                n.get("submit").map_or(n.span, |s| s.span),
                "Button.submit is set but the button is not inside a Form or an asForm Card, so it has nothing to submit".into(),
            );
        }
    }

    fn children(&mut self, n: &'n Node<'n>, comp: &'static Component, ctx: Ctx) {
        let js = self.target == Target::ChatkitJs;
        let Some(member) = n.member("children") else {
            if js && matches!(comp.name, "Card" | "ListView" | "ListViewItem" | "Basic") {
                self.emit(
                    Code::MissingProp,
                    n.span,
                    format!(
                        "{}.children is required by ChatKit.js's types: an array of components (it may be empty)",
                        comp.name
                    ),
                );
                return;
            }
            match comp.children {
                Children::One => self.emit(
                    Code::TransitionChildren,
                    n.span,
                    "Transition needs exactly one child component to animate; it has none".into(),
                ),
                Children::Many | Children::Items
                    if matches!(comp.name, "Card" | "ListView" | "ListViewItem") =>
                {
                    let what = if comp.name == "ListView" {
                        "items"
                    } else {
                        "children"
                    };
                    self.emit(
                        Code::MissingChildren,
                        n.span,
                        format!(
                            "{} has no children, so it renders empty; add {what}",
                            comp.name
                        ),
                    );
                }
                _ => {}
            }
            return;
        };
        let value = &member.value;
        self.path.push(Seg::Key("children"));
        let kids: Vec<(Option<usize>, &'n Node<'n>)> = match &value.value {
            Value::Null if js && comp.children != Children::One => {
                self.emit(
                    Code::InvalidChild,
                    value.span,
                    format!(
                        "{}.children is null; ChatKit.js's types take an array of components (the Python SDK reads null as no children)",
                        comp.name
                    ),
                );
                Vec::new()
            }
            Value::Null => Vec::new(),
            Value::Object(_) if js && comp.children != Children::One => {
                self.emit(
                    Code::InvalidChild,
                    value.span,
                    format!(
                        "{}.children is a single object; ChatKit.js's types take an array [ … ] (only the Python SDK wraps it for you)",
                        comp.name
                    ),
                );
                vec![(None, value)]
            }
            Value::Array(_) if js && comp.children == Children::One => {
                self.emit(
                    Code::TransitionChildren,
                    value.span,
                    "Transition.children is an array; ChatKit.js's types take one component object (only the Python SDK accepts an array)".into(),
                );
                value
                    .items()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (Some(i), c))
                    .collect()
            }
            Value::Object(_) => {
                if comp.children != Children::One {
                    self.emit(
                        Code::DeprecatedShape,
                        value.span,
                        format!(
                            "{}.children is a single object; write an array [ … ] (the SDK wraps it for you)",
                            comp.name
                        ),
                    );
                }
                vec![(None, value)]
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, c)| (Some(i), c))
                .collect(),
            _ => {
                self.emit(
                    Code::InvalidChild,
                    value.span,
                    format!(
                        "{}.children must be an array of components, found {}",
                        comp.name,
                        value.kind()
                    ),
                );
                Vec::new()
            }
        };
        if comp.children == Children::None && !kids.is_empty() {
            self.emit(
                Code::IgnoredChildren,
                member.key_span,
                format!(
                    "{} does not render children; the SDK accepts but ignores them",
                    comp.name
                ),
            );
        }
        if comp.children == Children::One && kids.len() != 1 && !value.is_null() {
            self.emit(
                Code::TransitionChildren,
                value.span,
                format!(
                    "Transition takes exactly one child component (it animates between versions of it); found {}. The SDK accepts this, but the runtime rejects it",
                    kids.len()
                ),
            );
        } else if comp.children == Children::One && value.is_null() {
            self.emit(
                Code::TransitionChildren,
                value.span,
                "Transition needs exactly one child component to animate; children is null".into(),
            );
        }
        let child_in_form = ctx.in_form || comp.name == "Form";
        let mut keys: Vec<(&'n str, Span)> = Vec::new();
        for (index, child) in kids {
            if let Some(i) = index {
                self.path.push(Seg::Index(i));
            }
            self.child(child, comp, child_in_form, &mut keys);
            if index.is_some() {
                self.path.pop();
            }
        }
        self.path.pop();
        if comp.name == "Form" || (comp.name == "Card" && child_in_form) {
            self.field_names(n);
        }
    }

    fn child(
        &mut self,
        child: &'n Node<'n>,
        parent: &'static Component,
        in_form: bool,
        keys: &mut Vec<(&'n str, Span)>,
    ) {
        if !child.is_object() {
            let extra = if child.is_array() {
                " (nested arrays are not flattened)"
            } else {
                ""
            };
            self.emit(
                Code::InvalidChild,
                child.span,
                format!(
                    "a child of {} must be a component object, found {}{extra}",
                    parent.name,
                    child.kind()
                ),
            );
            return;
        }
        if let Some(k) = child.get("key").and_then(|k| k.as_str()) {
            if let Some((_, first)) = keys.iter().find(|(seen, _)| *seen == k) {
                let _ = first;
                self.emit(
                    Code::DuplicateKey,
                    child.get("key").map_or(child.span, |k| k.span),
                    format!(
                        "key \"{k}\" is used by another child of this {}; keys must be unique among siblings or the client mixes up their state",
                        parent.name
                    ),
                );
            } else {
                keys.push((k, child.span));
            }
        }
        let Some(comp) = self.component_of(child, false) else {
            return;
        };
        // Structural rules from the widget documentation.
        let type_span = child.get("type").map_or(child.span, |t| t.span);
        if comp.is_root() && parent.name == "Basic" && self.target == Target::ChatkitJs {
            self.path.push(Seg::Key("type"));
            self.emit(
                Code::TargetDifference,
                type_span,
                format!("{} inside Basic: {}", comp.name, target::ROOT_IN_BASIC_NOTE),
            );
            self.path.pop();
        } else if comp.is_root() {
            let hint = if parent.name == "Basic" {
                " (ChatKit.js lets a Basic root hold Card, ListView and Basic: target chatkit-js)"
            } else {
                ""
            };
            self.emit(
                Code::NestedRoot,
                type_span,
                format!(
                    "{} is a root container and cannot be nested inside {}; only Card, ListView or Basic at the top level{hint}",
                    comp.name, parent.name
                ),
            );
        } else if parent.children == Children::Rows && comp.name != "Table.Row" {
            self.emit(
                Code::InvalidChild,
                type_span,
                format!(
                    "a Table holds only Table.Row rows, not {}; wrap it in a Table.Row and a Table.Cell",
                    comp.name
                ),
            );
        } else if parent.children == Children::Cells && comp.name != "Table.Cell" {
            self.emit(
                Code::InvalidChild,
                type_span,
                format!(
                    "a Table.Row holds only Table.Cell cells, not {}; wrap it in a Table.Cell",
                    comp.name
                ),
            );
        } else if comp.name == "Table.Row" && parent.children != Children::Rows {
            self.emit(
                Code::MisplacedTablePart,
                type_span,
                format!(
                    "Table.Row belongs directly inside a Table, not inside {}; ChatKit.js's types allow it, but it draws as a row of no table",
                    parent.name
                ),
            );
        } else if comp.name == "Table.Cell" && parent.children != Children::Cells {
            self.emit(
                Code::MisplacedTablePart,
                type_span,
                format!(
                    "Table.Cell belongs directly inside a Table.Row, not inside {}; ChatKit.js's types allow it, but it draws as a cell of no table",
                    parent.name
                ),
            );
        } else if comp.name == "ListViewItem" && parent.name != "ListView" {
            self.emit(
                Code::MisplacedListViewItem,
                child.get("type").map_or(child.span, |t| t.span),
                format!(
                    "ListViewItem is only allowed directly inside a ListView, not inside {}. The SDK accepts this, but the ChatKit runtime rejects it",
                    parent.name
                ),
            );
        } else if parent.children == Children::Items && comp.name != "ListViewItem" {
            self.emit(
                Code::ListViewChild,
                child.get("type").map_or(child.span, |t| t.span),
                format!(
                    "a ListView holds only ListViewItem rows, not {}; wrap it in a ListViewItem. The SDK accepts this, but the ChatKit runtime rejects it",
                    comp.name
                ),
            );
        }
        let in_form = in_form || comp.name == "Form";
        self.component(child, comp, Ctx { in_form });
    }

    /// Warns about two fields of one form sharing a `name` (one value would overwrite the other).
    fn field_names(&mut self, form: &'n Node<'n>) {
        let mut seen: Vec<&'n str> = Vec::new();
        let mut dups: Vec<(&'n str, Span)> = Vec::new();
        collect_field_names(form, true, &mut seen, &mut dups);
        for (name, span) in dups {
            self.emit(
                Code::DuplicateFieldName,
                span,
                format!(
                    "two fields of this form are named \"{name}\"; only one value reaches the action payload"
                ),
            );
        }
    }

    // ---- props ------------------------------------------------------------

    fn prop(&mut self, prop: &'static Prop, v: &'n Node<'n>) {
        if v.is_null() {
            if self.target == Target::ChatkitJs && prop.presence == Presence::Optional {
                let msg = format!("{} is null; {}", self.subject(), target::NULL_NOTE);
                self.emit(self.code_for(Code::InvalidType), v.span, msg);
            } else if !prop.presence.nullable() {
                let msg = format!(
                    "{} must not be null: {}",
                    self.subject(),
                    describe_ty(&prop.ty)
                );
                self.emit(self.code_for(Code::InvalidType), v.span, msg);
            }
            return;
        }
        let mut out = Vec::new();
        let fit = self.check(&prop.ty, v, &mut out);
        debug_assert!(fit != Fit::Bad || out.iter().any(|d| d.is_error()));
        for d in out {
            self.report.push(d);
        }
    }

    /// Inside an ActionConfig, type errors are reported as invalid actions.
    fn code_for(&self, code: Code) -> Code {
        let in_action = self
            .path
            .iter()
            .any(|s| matches!(s, Seg::Key(k) if k.ends_with("Action") || *k == "action"));
        if in_action && code != Code::CoercedValue {
            Code::InvalidAction
        } else {
            code
        }
    }

    fn mismatch(&self, ty: &Ty, v: &Node<'_>, out: &mut Vec<Diagnostic>) -> Fit {
        let fraction = matches!(&v.value, Value::Number(n) if n.as_f64().fract() != 0.0);
        let hint = if fraction && self.target == Target::ChatkitPython && target::has_int(ty) {
            " (the Python SDK takes only whole numbers here; ChatKit.js draws it: target chatkit-js)"
        } else {
            ""
        };
        let msg = format!(
            "{}: expected {}, found {}{hint}",
            self.subject(),
            describe_ty(ty),
            describe_value(v)
        );
        out.push(self.diag(self.code_for(Code::InvalidType), v.span, msg));
        Fit::Bad
    }

    fn coerced(&self, v: &Node<'_>, to: &str, what: &str, out: &mut Vec<Diagnostic>) -> Fit {
        if self.target == Target::ChatkitJs {
            let msg = format!(
                "{}: expected {what}, found {}; ChatKit.js reads JSON as written (only the Python SDK reads it as {to})",
                self.subject(),
                describe_value(v),
            );
            out.push(self.diag(self.code_for(Code::InvalidType), v.span, msg));
            return Fit::Bad;
        }
        let msg = format!(
            "{}: {} is {}; the SDK reads it as {to}, but ChatKit clients expect {what} — write {to}",
            self.subject(),
            describe_value(v),
            v.kind(),
        );
        out.push(self.diag(Code::CoercedValue, v.span, msg));
        Fit::Coerced
    }

    fn check(&mut self, ty: &'static Ty, v: &'n Node<'n>, out: &mut Vec<Diagnostic>) -> Fit {
        match ty {
            Ty::Any => Fit::Exact,
            Ty::Str => match v.value {
                Value::String(_) => Fit::Exact,
                _ => self.mismatch(ty, v, out),
            },
            Ty::Int => match &v.value {
                Value::Number(n) if n.is_integer_literal() => Fit::Exact,
                Value::Number(n) if self.target == Target::ChatkitJs => {
                    let f = n.as_f64();
                    if f.fract() != 0.0 || f.abs() >= 9.2e18 {
                        let msg = target::int_note(&self.subject(), n.raw());
                        out.push(self.diag(Code::TargetDifference, v.span, msg));
                    }
                    Fit::Exact
                }
                Value::Number(n) => {
                    let f = n.as_f64();
                    if f.fract() == 0.0 && f.abs() < 9.2e18 {
                        self.coerced(v, &format!("{}", f as i64), "an integer", out)
                    } else {
                        let why = if f.fract() != 0.0 {
                            "it has a fractional part"
                        } else {
                            "it is outside the 64-bit integer range"
                        };
                        let msg = format!(
                            "{}: expected an integer, found {} ({why}); ChatKit.js draws it (target chatkit-js)",
                            self.subject(),
                            n.raw()
                        );
                        out.push(self.diag(self.code_for(Code::InvalidType), v.span, msg));
                        Fit::Bad
                    }
                }
                Value::Bool(b) => self.coerced(v, if *b { "1" } else { "0" }, "an integer", out),
                Value::String(s) => match lax_int_from_str(s) {
                    Some(i) => self.coerced(v, &i, "an integer", out),
                    None => self.mismatch(ty, v, out),
                },
                _ => self.mismatch(ty, v, out),
            },
            Ty::Float => match &v.value {
                Value::Number(_) => Fit::Exact,
                Value::Bool(b) => self.coerced(v, if *b { "1" } else { "0" }, "a number", out),
                Value::String(s) => match lax_float_from_str(s) {
                    Some(f) => self.coerced(v, &f, "a number", out),
                    None => self.mismatch(ty, v, out),
                },
                _ => self.mismatch(ty, v, out),
            },
            Ty::Bool => match &v.value {
                Value::Bool(_) => Fit::Exact,
                _ => match lax_bool(v) {
                    Some(b) => self.coerced(v, if b { "true" } else { "false" }, "a boolean", out),
                    None => self.mismatch(ty, v, out),
                },
            },
            Ty::False => match &v.value {
                Value::Bool(false) => Fit::Exact,
                Value::Number(n) if n.is_integer_literal() && n.as_f64() == 0.0 => {
                    self.coerced(v, "false", "false", out)
                }
                _ => self.mismatch(ty, v, out),
            },
            Ty::DateTime => match &v.value {
                Value::String(s) if is_iso_datetime(s) => Fit::Exact,
                Value::String(s)
                    if lax_float_from_str(s).is_some()
                        && !s.trim().eq_ignore_ascii_case("nan")
                        && s.trim() == s =>
                {
                    self.coerced(v, "an ISO 8601 date", "an ISO 8601 date string", out)
                }
                Value::Number(_) => {
                    self.coerced(v, "an ISO 8601 date", "an ISO 8601 date string", out)
                }
                _ => self.mismatch(ty, v, out),
            },
            Ty::Enum(allowed) => match &v.value {
                Value::String(s) if allowed.contains(&s.as_ref()) => Fit::Exact,
                Value::String(s) => {
                    let hint = did_you_mean(s, allowed.iter().copied())
                        .map(|h| format!(" — did you mean {h}?"))
                        .unwrap_or_default();
                    let msg = if allowed.len() == 1 {
                        format!("{}: \"{s}\" must be \"{}\"", self.subject(), allowed[0])
                    } else {
                        format!(
                            "{}: \"{s}\" is not one of {}{hint}",
                            self.subject(),
                            allowed.join(", ")
                        )
                    };
                    out.push(self.diag(self.code_for(Code::InvalidEnum), v.span, msg));
                    Fit::Bad
                }
                _ => self.mismatch(ty, v, out),
            },
            Ty::Icon => match &v.value {
                Value::String(s)
                    if self.target == Target::ChatkitJs && target::js_missing_icon(s) =>
                {
                    let msg = format!("{}: \"{s}\" {}", self.subject(), target::ICON_NOTE);
                    out.push(self.diag(Code::TargetDifference, v.span, msg));
                    Fit::Exact
                }
                Value::String(s) if ICON_NAMES.contains(&s.as_ref()) => Fit::Exact,
                Value::String(s) if spec::is_icon_name(s) => {
                    let msg = format!(
                        "{}: \"{s}\" is not in the SDK's icon set; ChatKit resolves vendor:/lucide: names at runtime, the studio preview draws a neutral glyph",
                        self.subject()
                    );
                    out.push(self.diag(Code::ExternalIcon, v.span, msg));
                    Fit::Exact
                }
                Value::String(s) => {
                    let hint = did_you_mean(s, ICON_NAMES.iter().copied())
                        .map(|h| format!("did you mean {h}? "))
                        .unwrap_or_default();
                    let msg = format!(
                        "{}: \"{s}\" is not an icon name; {hint}use one of the SDK's icons (agent, analytics, …, write-alt2) or a vendor:/lucide: name",
                        self.subject()
                    );
                    out.push(self.diag(self.code_for(Code::InvalidEnum), v.span, msg));
                    Fit::Bad
                }
                _ => self.mismatch(ty, v, out),
            },
            Ty::Array(item) => match &v.value {
                Value::Array(items) => {
                    let mut fit = Fit::Exact;
                    for (i, it) in items.iter().enumerate() {
                        self.path.push(Seg::Index(i));
                        fit = fit.max(self.check(item, it, out));
                        self.path.pop();
                    }
                    fit
                }
                _ => self.mismatch(ty, v, out),
            },
            Ty::Map(item) => match &v.value {
                Value::Object(members) => {
                    let mut fit = Fit::Exact;
                    for m in members {
                        self.path.push(Seg::Key(&m.key));
                        fit = fit.max(self.check(item, &m.value, out));
                        self.path.pop();
                    }
                    fit
                }
                _ => self.mismatch(ty, v, out),
            },
            Ty::Shape(shape) => match &v.value {
                Value::Object(_) => self.shape(shape, v, out),
                _ => self.mismatch(ty, v, out),
            },
            Ty::Tagged(shapes) => match &v.value {
                Value::Object(_) => {
                    let tags: Vec<&str> = shapes.iter().filter_map(|s| s.tag).collect();
                    match v.get("type") {
                        Some(t) => match t.as_str() {
                            Some(tag) => match shapes.iter().find(|s| s.tag == Some(tag)) {
                                Some(shape) => self.shape(shape, v, out),
                                None => {
                                    let msg = format!(
                                        "{}.type: \"{tag}\" is not one of {}",
                                        self.subject(),
                                        tags.join(", ")
                                    );
                                    self.path.push(Seg::Key("type"));
                                    out.push(self.diag(
                                        self.code_for(Code::InvalidEnum),
                                        t.span,
                                        msg,
                                    ));
                                    self.path.pop();
                                    Fit::Bad
                                }
                            },
                            None => {
                                let msg = format!(
                                    "{}.type must be one of {}, found {}",
                                    self.subject(),
                                    tags.join(", "),
                                    describe_value(t)
                                );
                                out.push(self.diag(self.code_for(Code::InvalidType), t.span, msg));
                                Fit::Bad
                            }
                        },
                        None => {
                            let msg = format!(
                                "{} needs a \"type\": one of {}",
                                self.subject(),
                                tags.join(", ")
                            );
                            out.push(self.diag(self.code_for(Code::MissingProp), v.span, msg));
                            Fit::Bad
                        }
                    }
                }
                _ => self.mismatch(ty, v, out),
            },
            Ty::Union(members) => self.union(ty, members, v, out),
        }
    }

    /// What the colour prop being checked colours: a chart's series, a border (`border…` on
    /// the way to it, or a Divider), a `background`, or else text.
    fn colour_use(&self) -> crate::tokens::ColourUse {
        use crate::tokens::ColourUse;
        let (name, depth) = self.subject.last().copied().unwrap_or(("", 0));
        let keys: Vec<&str> = self.path[depth.min(self.path.len())..]
            .iter()
            .filter_map(|s| match s {
                Seg::Key(k) => Some(*k),
                Seg::Index(_) => None,
            })
            .collect();
        if name == "Chart" {
            ColourUse::Chart
        } else if name == "Divider" || keys.iter().any(|k| k.starts_with("border")) {
            ColourUse::Border
        } else if keys.last() == Some(&"background") {
            ColourUse::Background
        } else {
            ColourUse::Text
        }
    }

    /// [`Code::UnknownColor`] for a colour value (a string, or the strings of `{light, dark}`)
    /// that its prop does not draw ([`crate::tokens::ColourUse::takes`]).
    fn colour_warnings(&mut self, v: &'n Node<'n>, out: &mut Vec<Diagnostic>) {
        let colour = self.colour_use();
        let mut one = |this: &mut Self, n: &'n Node<'n>| {
            if let Value::String(s) = &n.value
                && !s.trim().is_empty()
                && !colour.takes(s)
            {
                let msg = format!(
                    "{}: \"{s}\" is not a colour this prop draws: the preview draws {} instead; use {}",
                    this.subject(),
                    colour.instead(),
                    colour.allowed()
                );
                out.push(this.diag(Code::UnknownColor, n.span, msg));
            }
        };
        match &v.value {
            Value::String(_) => one(self, v),
            Value::Object(_) => {
                for m in v.members() {
                    if matches!(m.key.as_ref(), "light" | "dark") {
                        self.path.push(Seg::Key(&m.key));
                        one(self, &m.value);
                        self.path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    fn union(
        &mut self,
        ty: &'static Ty,
        members: &'static [Ty],
        v: &'n Node<'n>,
        out: &mut Vec<Diagnostic>,
    ) -> Fit {
        // A colour ({light, dark} or one for both) that no colour prop reads: a warning, as the
        // SDK takes any string.
        if let [Ty::Str, Ty::Shape(s)] = members
            && std::ptr::eq(*s, &spec::THEME_COLOR)
        {
            self.colour_warnings(v, out);
        }
        // Members are tried without building messages; messages are made only for the chosen
        // member or, when none fits, for the report.
        // The member pydantic's smart mode takes: an exact match that is no object shape at
        // once; else, of the members that take the value (exactly or by coercion), the shape
        // that knows most of its keys ("fields set"), then an exact match before a coerced
        // one, then the first. So {text, icon} is a WidgetStatusWithIcon (WithFavicon would
        // drop `icon`), and a border {size: "2"} a Border read as 2, not per-side Borders
        // that drop `size`.
        let mut best: Option<(&'static Ty, Option<usize>, bool)> = None;
        for m in members {
            let exact = match fit(m, v, self.target) {
                Fit::Exact => true,
                Fit::Coerced => false,
                _ => continue,
            };
            let known = match m {
                Ty::Shape(_) => Some(fields_set(m, v)),
                _ => None,
            };
            if exact && known.is_none() {
                best = Some((m, known, exact));
                break;
            }
            let better = best.is_none_or(|(_, k, e)| match (k, known) {
                (Some(k), Some(known)) if k != known => known > k,
                _ => exact && !e,
            });
            if better {
                best = Some((m, known, exact));
            }
        }
        if let Some((m, _, _)) = best {
            if let Some((closer, dropped)) = self.closer_shape(m, members, v) {
                return self.read_as_other(m, closer, &dropped, v, out);
            }
            // Checked again for the warnings (a coercion, a fraction under chatkit-js, …).
            let outer = std::mem::replace(&mut self.siblings, members);
            let fit = self.check(m, v, out);
            self.siblings = outer;
            return fit;
        }
        let mut object_attempts: Vec<(usize, Vec<Diagnostic>)> = Vec::new();
        for m in members {
            if v.is_object() && matches!(m, Ty::Shape(_) | Ty::Tagged(_)) {
                let mut tmp = Vec::new();
                self.check(m, v, &mut tmp);
                // How many of the object's keys the shape knows: {top: 0.5} is a Borders.
                let known = match m {
                    Ty::Shape(s) => v
                        .members()
                        .iter()
                        .filter(|x| s.field(&x.key).is_some())
                        .count(),
                    _ => 0,
                };
                object_attempts.push((known, tmp));
            }
        }
        // An object that fits no shape: report the errors of the closest shape (the one that
        // knows most of its keys, then the one with fewest errors).
        if let Some((_, closest)) = object_attempts
            .into_iter()
            .min_by_key(|(known, d)| (usize::MAX - known, d.len()))
        {
            out.extend(closest);
            return Fit::Bad;
        }
        self.mismatch(ty, v, out)
    }

    /// Another shape of the union that knows more of `v` than the one that takes it (`m`),
    /// which takes it only by dropping keys, and that does not take it: `{size: 1, style:
    /// "zigzag"}` fits per-side Borders, which drop both, because it is a Border with a bad
    /// style. With the keys `m` drops that the other knows.
    fn closer_shape(
        &self,
        m: &'static Ty,
        members: &'static [Ty],
        v: &'n Node<'n>,
    ) -> Option<(&'static Ty, Vec<&'n str>)> {
        let Ty::Shape(fits) = m else { return None };
        if self.target == Target::ChatkitJs {
            return None;
        }
        let dropped: Vec<&'n str> = v
            .members()
            .iter()
            .filter(|x| fits.field(&x.key).is_none())
            .map(|x| x.key.as_ref())
            .collect();
        if dropped.is_empty() {
            return None;
        }
        // The shape that knows more of the object than the one that takes it (all of it, or
        // all but a typo: `{size, style: "zigzag", colr}` is a Border still).
        let knows = |s: &Shape| {
            v.members()
                .iter()
                .filter(|x| s.field(&x.key).is_some())
                .count()
        };
        let fits_knows = knows(fits);
        let closer = members
            .iter()
            .filter_map(|o| match o {
                // One the SDK could take too is no mistake: it chose by the fields set.
                Ty::Shape(s)
                    if !std::ptr::eq(*s, *fits)
                        && knows(s) > fits_knows
                        && fit(o, v, self.target) == Fit::Bad =>
                {
                    Some((o, knows(s)))
                }
                _ => None,
            })
            .max_by_key(|(_, n)| *n)?
            .0;
        // The keys the one that takes it drops, that the closer one knows.
        let Ty::Shape(c) = closer else { return None };
        let dropped = dropped
            .into_iter()
            .filter(|k| c.field(k).is_some())
            .collect();
        Some((closer, dropped))
    }

    /// `v` fits `m` only by dropping keys that `closer` knows: what is wrong with it as a
    /// `closer` (its errors as warnings, since the SDK takes it), or, if nothing is, that the
    /// SDK reads it as `m`.
    fn read_as_other(
        &mut self,
        m: &'static Ty,
        closer: &'static Ty,
        dropped: &[&str],
        v: &'n Node<'n>,
        out: &mut Vec<Diagnostic>,
    ) -> Fit {
        let (Ty::Shape(fits), Ty::Shape(meant)) = (m, closer) else {
            return self.check(m, v, out);
        };
        // What the SDK's model then holds: nothing, when it has none of the keys (a typo
        // beside them is dropped too).
        let sends = if v.members().iter().all(|x| fits.field(&x.key).is_none()) {
            " (it sends {})"
        } else {
            ""
        };
        let reading = format!(
            "the Python SDK's types take it only as {}, which has no {}{sends}",
            fits.name,
            or_list(dropped)
        );
        let mut tmp = Vec::new();
        let outer = std::mem::take(&mut self.siblings);
        self.check(closer, v, &mut tmp);
        self.siblings = outer;
        // The SDK does not read it as `closer`: what it would coerce is moot, and a key it
        // keeps (`top` of per-side Borders) is no unknown field.
        let here = self.path_string();
        let kept: Vec<String> = v
            .members()
            .iter()
            .filter(|x| fits.field(&x.key).is_some())
            .map(|x| {
                if here.is_empty() {
                    x.key.to_string()
                } else {
                    format!("{here}.{}", x.key)
                }
            })
            .collect();
        tmp.retain(|d| {
            d.code != Code::CoercedValue && !(d.code == Code::UnknownProp && kept.contains(&d.path))
        });
        if !tmp
            .iter()
            .any(|d| d.is_error() || d.code == Code::TargetDifference)
        {
            let msg = format!(
                "{}: as a {} this is fine, but {reading}",
                self.subject(),
                meant.name
            );
            out.push(self.diag(Code::TargetDifference, v.span, msg));
        }
        for mut d in tmp {
            if d.is_error() {
                d.message = format!("{}; {reading}", d.message);
                d.code = Code::TargetDifference;
                d.severity = Code::TargetDifference.severity();
            }
            out.push(d);
        }
        Fit::Exact
    }

    /// `ActionConfig.payload`: any JSON for the Python SDK, an object for ChatKit.js's types.
    fn payload(&self, v: &Node<'_>, out: &mut Vec<Diagnostic>) {
        if v.is_object() {
            return;
        }
        let (code, tail) = match self.target {
            Target::ChatkitJs => (
                self.code_for(Code::InvalidType),
                "; ChatKit.js's types take an object (Record<string, unknown>); only the Python SDK takes any JSON value",
            ),
            Target::ChatkitPython => (
                Code::TargetDifference,
                "; the Python SDK takes any JSON value, but ChatKit.js's types take an object (Record<string, unknown>)",
            ),
        };
        let msg = format!(
            "{}: expected an object, found {}{tail}",
            self.subject(),
            describe_value(v)
        );
        out.push(self.diag(code, v.span, msg));
    }

    fn shape(&mut self, shape: &'static Shape, v: &'n Node<'n>, out: &mut Vec<Diagnostic>) -> Fit {
        let mut fit = Fit::Exact;
        // The union this shape is a member of, for this object only (not its fields' values).
        let siblings = std::mem::take(&mut self.siblings);
        for m in v.members() {
            if shape.tag.is_some() && m.key == "type" {
                continue;
            }
            if shape.field(&m.key).is_none() && self.target != Target::ChatkitJs {
                // The Python SDK's types drop an unknown field and nothing draws it: a
                // warning, as an unknown prop of a component is.
                self.path.push(Seg::Key(&m.key));
                let names: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
                // A field of another form of this prop (a status's `favicon` beside `icon`)
                // is not a typo of this one's.
                let other = siblings.iter().find_map(|t| match t {
                    Ty::Shape(o) if !std::ptr::eq(*o, shape) && o.field(&m.key).is_some() => {
                        Some(o.name)
                    }
                    _ => None,
                });
                let hint = match other {
                    Some(o) => format!(
                        " — {} is a field of {o}, the other form of this prop, but the Python SDK's types read this object as a {}",
                        m.key, shape.name
                    ),
                    None => did_you_mean(&m.key, names.iter().copied())
                        .map(|h| format!(" — did you mean {h}?"))
                        .unwrap_or_default(),
                };
                let msg = format!(
                    "{}: {} is not a field of {} ({}){hint}; nothing draws it (the Python SDK's types drop it, ChatKit.js's refuse it)",
                    self.subject(),
                    m.key,
                    shape.name,
                    names.join(", ")
                );
                out.push(self.diag(Code::UnknownProp, m.key_span, msg));
                self.path.pop();
                continue;
            }
            if shape.field(&m.key).is_none() && self.target == Target::ChatkitJs {
                // The Python SDK ignores unknown fields; ChatKit.js's types refuse them (which
                // also keeps {size: "2"} from passing as per-side Borders).
                self.path.push(Seg::Key(&m.key));
                let names: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
                let hint = did_you_mean(&m.key, names.iter().copied())
                    .map(|h| format!(" — did you mean {h}?"))
                    .unwrap_or_default();
                let msg = format!(
                    "{}: {} is not a field of {} ({}){hint}; ChatKit.js's types refuse unknown fields (only the Python SDK ignores them)",
                    self.subject(),
                    m.key,
                    shape.name,
                    names.join(", ")
                );
                out.push(self.diag(self.code_for(Code::InvalidType), m.key_span, msg));
                self.path.pop();
                fit = Fit::Bad;
                continue;
            }
            if let Some(field) = shape.field(&m.key) {
                self.path.push(Seg::Key(&m.key));
                let only = target::only(shape.name, &m.key);
                if let Some(o) = only.filter(|o| o.warns_under(self.target)) {
                    let msg = format!("{}: {}", self.subject(), o.note);
                    out.push(self.diag(Code::TargetDifference, m.key_span, msg));
                }
                let demote = only.filter(|o| o.target != self.target && !o.checked);
                if let Some(o) = demote {
                    let mut tmp = Vec::new();
                    if !m.value.is_null() {
                        self.check(&field.ty, &m.value, &mut tmp);
                    } else if !field.presence.nullable() || self.target == Target::ChatkitJs {
                        let msg = format!(
                            "{} must not be null: {}",
                            self.subject(),
                            describe_ty(&field.ty)
                        );
                        tmp.push(self.diag(self.code_for(Code::InvalidType), m.value.span, msg));
                    }
                    out.extend(tmp.into_iter().map(|d| self.demoted(d, o)));
                } else if shape.name == "ActionConfig" && m.key == "payload" && !m.value.is_null() {
                    self.payload(&m.value, out);
                    if self.target == Target::ChatkitJs && !m.value.is_object() {
                        fit = Fit::Bad;
                    }
                } else if m.value.is_null()
                    && self.target == Target::ChatkitJs
                    && field.presence == Presence::Optional
                {
                    let msg = format!("{} is null; {}", self.subject(), target::NULL_NOTE);
                    out.push(self.diag(self.code_for(Code::InvalidType), m.value.span, msg));
                    fit = Fit::Bad;
                } else if m.value.is_null() {
                    if !field.presence.nullable() {
                        let msg = format!(
                            "{} must not be null: {}",
                            self.subject(),
                            describe_ty(&field.ty)
                        );
                        out.push(self.diag(self.code_for(Code::InvalidType), m.value.span, msg));
                        fit = Fit::Bad;
                    }
                } else {
                    fit = fit.max(self.check(&field.ty, &m.value, out));
                }
                self.path.pop();
            }
        }
        for field in shape.fields {
            if field.presence.required() && v.get(field.name).is_none() {
                let msg = format!(
                    "{}.{} is required ({}): {}",
                    self.subject(),
                    field.name,
                    shape.name,
                    describe_ty(&field.ty)
                );
                out.push(self.diag(self.code_for(Code::MissingProp), v.span, msg));
                fit = Fit::Bad;
            }
        }
        fit
    }
}

/// How a value fits a type for a target, without building any message (mirrors
/// `Validator::check`): under chatkit-js nothing is coerced and any number is an integer.
fn fit(ty: &Ty, v: &Node<'_>, target: Target) -> Fit {
    let f = fit_lax(ty, v, target);
    if f == Fit::Coerced && target == Target::ChatkitJs {
        Fit::Bad
    } else {
        f
    }
}

fn fit_lax(ty: &Ty, v: &Node<'_>, target: Target) -> Fit {
    match ty {
        Ty::Any => Fit::Exact,
        Ty::Str => match v.value {
            Value::String(_) => Fit::Exact,
            _ => Fit::Bad,
        },
        Ty::Int => match &v.value {
            Value::Number(n) if n.is_integer_literal() => Fit::Exact,
            Value::Number(_) if target == Target::ChatkitJs => Fit::Exact,
            Value::Number(n) => {
                let f = n.as_f64();
                if f.fract() == 0.0 && f.abs() < 9.2e18 {
                    Fit::Coerced
                } else {
                    Fit::Bad
                }
            }
            Value::Bool(_) => Fit::Coerced,
            Value::String(s) if lax_int_from_str(s).is_some() => Fit::Coerced,
            _ => Fit::Bad,
        },
        Ty::Float => match &v.value {
            Value::Number(_) => Fit::Exact,
            Value::Bool(_) => Fit::Coerced,
            Value::String(s) if lax_float_from_str(s).is_some() => Fit::Coerced,
            _ => Fit::Bad,
        },
        Ty::Bool => match &v.value {
            Value::Bool(_) => Fit::Exact,
            _ if lax_bool(v).is_some() => Fit::Coerced,
            _ => Fit::Bad,
        },
        Ty::False => match &v.value {
            Value::Bool(false) => Fit::Exact,
            Value::Number(n) if n.is_integer_literal() && n.as_f64() == 0.0 => Fit::Coerced,
            _ => Fit::Bad,
        },
        Ty::DateTime => match &v.value {
            Value::String(s) if is_iso_datetime(s) => Fit::Exact,
            Value::String(s)
                if lax_float_from_str(s).is_some()
                    && !s.trim().eq_ignore_ascii_case("nan")
                    && s.trim() == s.as_ref() =>
            {
                Fit::Coerced
            }
            Value::Number(_) => Fit::Coerced,
            _ => Fit::Bad,
        },
        Ty::Enum(allowed) => match &v.value {
            Value::String(s) if allowed.contains(&s.as_ref()) => Fit::Exact,
            _ => Fit::Bad,
        },
        Ty::Icon => match &v.value {
            Value::String(s) if spec::is_icon_name(s) => Fit::Exact,
            _ => Fit::Bad,
        },
        Ty::Array(item) => match &v.value {
            Value::Array(items) => items
                .iter()
                .map(|i| fit(item, i, target))
                .max()
                .unwrap_or(Fit::Exact),
            _ => Fit::Bad,
        },
        Ty::Map(item) => match &v.value {
            Value::Object(members) => members
                .iter()
                .map(|m| fit(item, &m.value, target))
                .max()
                .unwrap_or(Fit::Exact),
            _ => Fit::Bad,
        },
        Ty::Shape(shape) => match &v.value {
            Value::Object(_) => fit_shape(shape, v, target),
            _ => Fit::Bad,
        },
        Ty::Tagged(shapes) => match v.get("type").and_then(|t| t.as_str()) {
            Some(tag) if v.is_object() => shapes
                .iter()
                .find(|s| s.tag == Some(tag))
                .map_or(Fit::Bad, |s| fit_shape(s, v, target)),
            _ => Fit::Bad,
        },
        Ty::Union(members) => {
            let mut best = Fit::Bad;
            for m in *members {
                match fit(m, v, target) {
                    Fit::Exact => return Fit::Exact,
                    f => best = best.min(f),
                }
            }
            best
        }
    }
}

fn fit_shape(shape: &Shape, v: &Node<'_>, target: Target) -> Fit {
    let mut f = Fit::Exact;
    for m in v.members() {
        if shape.tag.is_some() && m.key == "type" {
            continue;
        }
        if target == Target::ChatkitJs && shape.field(&m.key).is_none() {
            return Fit::Bad;
        }
        if let Some(field) = shape.field(&m.key) {
            if target::only(shape.name, &m.key).is_some_and(|o| o.target != target && !o.checked) {
                continue;
            }
            if m.value.is_null() {
                let js_null = target == Target::ChatkitJs && field.presence == Presence::Optional;
                if !field.presence.nullable() || js_null {
                    return Fit::Bad;
                }
            } else if shape.name == "ActionConfig" && m.key == "payload" {
                if target == Target::ChatkitJs && !m.value.is_object() {
                    return Fit::Bad;
                }
            } else {
                f = f.max(fit(&field.ty, &m.value, target));
                if f == Fit::Bad {
                    return Fit::Bad;
                }
            }
        }
    }
    for field in shape.fields {
        if field.presence.required() && v.get(field.name).is_none() {
            return Fit::Bad;
        }
    }
    f
}

fn collect_field_names<'n>(
    n: &'n Node<'n>,
    top: bool,
    seen: &mut Vec<&'n str>,
    dups: &mut Vec<(&'n str, Span)>,
) {
    let ty = n.get("type").and_then(|t| t.as_str()).unwrap_or("");
    if !top && ty == "Form" {
        return; // a nested form has its own fields
    }
    let name = match ty {
        "Select" | "DatePicker" | "Checkbox" | "Input" | "RadioGroup" | "Textarea" => {
            n.get("name").and_then(|v| v.as_str())
        }
        "Text" => n
            .get("editable")
            .and_then(|e| e.get("name"))
            .and_then(|v| v.as_str()),
        _ => None,
    };
    if let Some(name) = name {
        if seen.contains(&name) {
            dups.push((name, n.get("name").map_or(n.span, |v| v.span)));
        } else {
            seen.push(name);
        }
    }
    match n.get("children") {
        Some(c) if c.is_array() => {
            for k in c.items() {
                collect_field_names(k, false, seen, dups);
            }
        }
        Some(c) if c.is_object() => collect_field_names(c, false, seen, dups),
        _ => {}
    }
}

/// How many fields pydantic counts as set when `m` takes the object `v`: its keys that `m`
/// knows, and the fields set inside those that are objects themselves (a Borders' `top:
/// {size: 2}` counts 2), as pydantic's smart mode counts them to pick a union's member.
fn fields_set(m: &Ty, v: &Node<'_>) -> usize {
    match m {
        Ty::Shape(s) => v
            .members()
            .iter()
            .filter_map(|x| s.field(&x.key).map(|f| 1 + fields_set(&f.ty, &x.value)))
            .sum(),
        Ty::Union(members) if v.is_object() => {
            members.iter().map(|t| fields_set(t, v)).max().unwrap_or(0)
        }
        Ty::Array(t) => v.items().iter().map(|x| fields_set(t, x)).sum(),
        _ => 0,
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A boolean as the SDK reads it: `true`/`false`, 0/1, and strings such as "yes" or "off".
pub fn lax_bool(v: &Node<'_>) -> Option<bool> {
    match &v.value {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => {
            let f = n.as_f64();
            if f == 0.0 {
                Some(false)
            } else if f == 1.0 {
                Some(true)
            } else {
                None
            }
        }
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "1" | "on" | "t" | "true" | "y" | "yes" => Some(true),
            "0" | "off" | "f" | "false" | "n" | "no" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// Digits with single underscores between them, as Python's `int()` allows.
fn clean_digits(s: &str) -> Option<String> {
    if s.is_empty() || s.starts_with('_') || s.ends_with('_') || s.contains("__") {
        return None;
    }
    let out: String = s.chars().filter(|c| *c != '_').collect();
    out.bytes().all(|b| b.is_ascii_digit()).then_some(out)
}

/// An integer string as the SDK reads it ("3", " -3 ", "+3", "1_000", "3.0"); the normalised text.
fn lax_int_from_str(s: &str) -> Option<String> {
    let t = s.trim();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => ("-", &t[1..]),
        Some(b'+') => ("", &t[1..]),
        _ => ("", t),
    };
    let (int_part, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let digits = clean_digits(int_part)?;
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b == b'0'))
    {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    Some(if digits == "0" {
        "0".to_string()
    } else {
        format!("{sign}{digits}")
    })
}

/// A number string as the SDK reads it; the normalised text.
fn lax_float_from_str(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() || t.contains("__") || t.starts_with('_') || t.ends_with('_') {
        return None;
    }
    let cleaned: String = t.chars().filter(|c| *c != '_').collect();
    let lower = cleaned.to_ascii_lowercase();
    let body = lower.trim_start_matches(['+', '-']);
    if matches!(body, "inf" | "infinity" | "nan") {
        return Some(cleaned);
    }
    if !cleaned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    let f: f64 = cleaned.parse().ok()?;
    Some(format!("{f}"))
}

/// An ISO 8601 date (`YYYY-MM-DD`) or date-time (`YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`).
pub fn is_iso_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(99);
    if b.len() < 10
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if d == 0 || d > days {
        return false;
    }
    if b.len() == 10 {
        return true;
    }
    if !matches!(b[10], b'T' | b't' | b' ' | b'_')
        || !digits(11..13)
        || b.get(13) != Some(&b':')
        || !digits(14..16)
    {
        return false;
    }
    if num(11..13) > 23 || num(14..16) > 59 {
        return false;
    }
    let mut i = 16;
    if b.get(i) == Some(&b':') {
        if !digits(i + 1..i + 3) || num(i + 1..i + 3) > 59 {
            return false;
        }
        i += 3;
        if matches!(b.get(i), Some(b'.' | b',')) {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    match b.get(i) {
        None => true,
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let rest = &s[i + 1..];
            let ok = |h: &str, m: &str| {
                h.len() == 2
                    && m.len() == 2
                    && h.bytes().chain(m.bytes()).all(|c| c.is_ascii_digit())
                    && h.parse::<u32>().unwrap_or(99) < 24
                    && m.parse::<u32>().unwrap_or(99) < 60
            };
            // Byte positions are only char boundaries in ASCII text.
            if !rest.is_ascii() {
                return false;
            }
            match rest.len() {
                5 if rest.as_bytes()[2] == b':' => ok(&rest[..2], &rest[3..]),
                4 => ok(&rest[..2], &rest[2..]),
                2 => ok(rest, "00"),
                _ => false,
            }
        }
        _ => false,
    }
}

/// "an integer", "one of start, center, end", "a string or {light, dark}" …
pub fn describe_ty(ty: &Ty) -> String {
    match ty {
        Ty::Str => "a string".into(),
        Ty::Int => "an integer".into(),
        Ty::Float => "a number".into(),
        Ty::Bool => "a boolean".into(),
        Ty::False => "false".into(),
        Ty::DateTime => "an ISO 8601 date or date-time (2025-01-31 or 2025-01-31T09:00:00Z)".into(),
        Ty::Any => "any JSON value".into(),
        Ty::Icon => "an icon name (an SDK icon such as star or check, or vendor:/lucide:…)".into(),
        Ty::Enum(values) if values.len() == 1 => format!("\"{}\"", values[0]),
        Ty::Enum(values) => format!("one of {}", values.join(", ")),
        Ty::Array(item) => format!("an array of {}", strip_article(&describe_ty(item))),
        Ty::Map(item) => format!("an object of {}", strip_article(&describe_ty(item))),
        Ty::Shape(shape) => describe_shape(shape),
        Ty::Tagged(shapes) => format!(
            "an object with type {}",
            shapes
                .iter()
                .filter_map(|s| s.tag)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Ty::Union(members) => {
            let parts: Vec<String> = members.iter().map(describe_ty).collect();
            match parts.len() {
                0 => "nothing".into(),
                1 => parts[0].clone(),
                _ => format!(
                    "{} or {}",
                    parts[..parts.len() - 1].join(", "),
                    parts[parts.len() - 1]
                ),
            }
        }
    }
}

fn describe_shape(shape: &Shape) -> String {
    let fields: Vec<String> = shape
        .fields
        .iter()
        .map(|f| {
            if f.presence.required() {
                f.name.to_string()
            } else {
                format!("{}?", f.name)
            }
        })
        .collect();
    format!("a {} {{{}}}", shape.name, fields.join(", "))
}

fn strip_article(s: &str) -> String {
    let s = s
        .strip_prefix("an ")
        .or_else(|| s.strip_prefix("a "))
        .unwrap_or(s);
    if s.ends_with('s') || s.contains(' ') {
        s.to_string()
    } else {
        format!("{s}s")
    }
}

/// `"purple"`, `12`, `true`, `an object`, …
pub fn describe_value(v: &Node<'_>) -> String {
    match &v.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.raw().to_string(),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let ell = if s.chars().count() > 40 { "…" } else { "" };
            format!("the string \"{}{ell}\"", short.escape_debug())
        }
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}
