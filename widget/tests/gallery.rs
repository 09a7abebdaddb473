//! The gallery (`public/gallery/*.widget`, written from the design documents in `gallery/`):
//! every design is valid with no warnings, every state fits its zod schema, every state builds
//! in the published Python SDK exactly as the studio builds it, together the designs use
//! every component and root of the spec, and the handler rules the design documents ship
//! (`handlers`) answer their actions as the Actions panel would run them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use widget::actions::form::{PatternMatcher, submit};
use widget::actions::rules::Handlers;
use widget::actions::run::{Emit, WidgetItem, World, run};
use widget::actions::{fire, inventory};
use widget::design::{Design, DesignKind, SchemaMode};
use widget::diag::Code;
use widget::{Target, spec};

mod common;

/// The tags a gallery design may carry (the page filters by them).
const TAGS: &[&str] = &[
    "travel",
    "shopping",
    "productivity",
    "forms",
    "charts",
    "messaging",
    "account",
    "support",
    "food",
    "weather",
    "calendar",
    "media",
    "card",
    "list",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &str, ext: &str) -> Vec<(String, PathBuf)> {
    let mut out: Vec<_> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Every shipped gallery design: (slug, path, design).
fn gallery() -> Vec<(String, PathBuf, Design)> {
    files("public/gallery", "widget")
        .into_iter()
        .map(|(slug, path)| {
            let design = Design::from_widget_file(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|r| panic!("{slug}: {:?}", r.errors));
            (slug, path, design)
        })
        .collect()
}

/// The states of a design: ("default", data) then the named ones.
fn states(d: &Design) -> Vec<(String, Value)> {
    std::iter::once(("default".to_string(), d.default_state.clone()))
        .chain(d.states.iter().map(|s| (s.name.clone(), s.data.clone())))
        .collect()
}

#[test]
fn the_gallery_has_at_least_24_designs_each_complete() {
    let all = gallery();
    assert!(all.len() >= 24, "{} designs", all.len());
    for (slug, _, d) in &all {
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{slug}: a slug is lowercase letters, digits and _"
        );
        assert_eq!(d.kind, DesignKind::Jsx, "{slug}: a JSX view");
        assert!(!d.name.is_empty() && d.name != "Untitled", "{slug}: a name");
        assert!(d.description.len() >= 20, "{slug}: a description");
        assert!(
            (2..=5).contains(&d.tags.len()),
            "{slug}: 2 to 5 tags, not {:?}",
            d.tags
        );
        for t in &d.tags {
            assert!(
                TAGS.contains(&t.as_str()),
                "{slug}: tag {t:?} is not one of {TAGS:?}"
            );
        }
        let by_root = if d
            .build(&d.default_state)
            .widget
            .is_some_and(|w| w.to_serde()["type"] == "ListView")
        {
            "list"
        } else {
            "card"
        };
        assert!(
            d.tags.iter().any(|t| t == by_root),
            "{slug}: tagged {by_root:?}"
        );
        assert_eq!(d.schema.mode, SchemaMode::Zod, "{slug}: a zod schema");
        assert!(d.states.len() >= 2, "{slug}: at least two named states");
        let names: BTreeSet<_> = d.states.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names.len(),
            d.states.len(),
            "{slug}: state names are distinct"
        );
        assert!(
            d.source.contains("Action"),
            "{slug}: has actions (onClickAction, onSubmitAction, confirm…)"
        );
    }
}

#[test]
fn every_state_builds_with_no_errors_no_warnings_and_fits_the_schema() {
    for (slug, _, d) in gallery() {
        let fits = d.check_states();
        assert!(
            fits.errors.is_empty() && fits.warnings.is_empty(),
            "{slug}: {:?} {:?}",
            fits.errors,
            fits.warnings
        );
        for b in d.build_states() {
            assert!(b.widget.is_some(), "{slug} [{}] builds", b.name);
            let unexpected: Vec<_> = b
                .report
                .all()
                // A ChatKit.js design may use what the Python SDK does not type (Table); the
                // validator says so on each such node, by design (docs/chatkit-compat.md).
                .filter(|x| !(d.target == Target::ChatkitJs && x.code == Code::TargetDifference))
                .collect();
            assert!(unexpected.is_empty(), "{slug} [{}]: {unexpected:?}", b.name);
        }
    }
}

/// Our own gallery models good practice: the accessibility lint ([`widget::lint`]) finds
/// nothing in any state of any design (`validate --a11y --strict` checks the default state only).
#[test]
fn every_state_passes_the_accessibility_lint() {
    let mut found = Vec::new();
    for (slug, _, d) in gallery() {
        for b in d.build_states() {
            assert!(b.widget.is_some(), "{slug} [{}] builds", b.name);
            for w in &b.a11y {
                found.push(format!(
                    "{slug} [{}] {}:{}: {}: {}",
                    b.name,
                    w.line,
                    w.column,
                    w.code.as_str(),
                    w.message
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} accessibility warning(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_sources_in_gallery_are_what_ships() {
    let sources = files("gallery", "json");
    let shipped: Vec<String> = files("public/gallery", "widget")
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    let names: Vec<String> = sources.iter().map(|(s, _)| s.clone()).collect();
    assert_eq!(
        names, shipped,
        "gallery/*.json and public/gallery/*.widget name the same designs"
    );
    for (slug, path) in sources {
        let doc: Design = serde_json::from_slice(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{slug}: {e}"));
        let want = doc
            .to_widget_file()
            .unwrap_or_else(|r| panic!("{slug}: {:?}", r.errors));
        let file = root().join(format!("public/gallery/{slug}.widget"));
        let got: Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        assert!(
            got == want,
            "{slug}: public/gallery/{slug}.widget is stale; run scripts/gallery build {slug}"
        );
    }
}

/// Every `type` in a widget, nested anywhere.
fn types(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(t) = m.get("type").and_then(Value::as_str)
                && spec::component(t).is_some()
            {
                out.insert(t.to_string());
            }
            m.values().for_each(|x| types(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| types(x, out)),
        _ => {}
    }
}

#[test]
fn together_the_designs_use_every_component_and_root_of_the_spec() {
    let mut used = BTreeSet::new();
    for (_, _, d) in gallery() {
        for b in d.build_states() {
            if let Some(w) = b.widget {
                types(&w, &mut used);
            }
        }
    }
    let missing: Vec<_> = spec::COMPONENTS
        .iter()
        .map(|c| c.name)
        .filter(|n| !used.contains(*n))
        .collect();
    assert!(missing.is_empty(), "no gallery design uses {missing:?}");
    for root in ["Card", "ListView", "Basic"] {
        assert!(
            spec::component(root).is_some_and(|c| c.is_root()),
            "{root} is a root"
        );
    }
}

/// `chatkit-ref build FILE.widget STATE.json` for every design and state, equal to what
/// `widget-studio build FILE --state NAME` prints (the same `Design::build`); one Python
/// process loads each file and builds it as the reference's `build` does.
#[test]
fn the_sdk_builds_every_state_exactly_as_the_studio_previews_it() {
    let mut labels = Vec::new();
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for (slug, path, d) in gallery() {
        for ((name, data), built) in states(&d).into_iter().zip(d.build_states()) {
            assert_eq!(name, built.name);
            labels.push(format!("{slug} [{name}]"));
            cases.push((path.clone(), data));
            ours.push(built.widget.unwrap());
        }
    }
    let answers = common::sdk_build_files(&cases);
    assert_eq!(answers.len(), cases.len());
    for ((label, ours), answer) in labels.iter().zip(&ours).zip(answers) {
        match answer {
            common::SdkResult::Built { built, .. } => assert!(
                common::normalise(&built) == common::normalise(ours),
                "{label}: the SDK built\n{built}\nthe studio built\n{ours}"
            ),
            common::SdkResult::Error(e) => panic!("{label}: the SDK failed: {e}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The gallery's handler rules (`handlers` in `gallery/*.json`): each design that ships rules
// has a flow here that clicks through its actions as the Actions panel does (the payload the
// view binds, with the form's fields as a user fills them, through `widget::actions::run::run`)
// and checks what the widget shows after each step, so a rule cannot silently stop answering,
// stop matching the view's action types, or leave a widget that no longer builds.

/// One gesture and what it must leave.
struct Gesture {
    /// The action type the view binds.
    action: &'static str,
    /// Which binding of that type (its payload holds these keys with these values).
    pick: Value,
    /// What the user enters in the form's fields (by name), or, outside a form, the changed
    /// field's value sent beside the payload.
    fields: Value,
    /// Texts the widget shows afterwards (each a part of some string in the widget).
    shows: &'static [&'static str],
    /// Texts it no longer shows.
    hides: &'static [&'static str],
    /// Texts the answer's events carry (a notice, a reply, a streamed delta's type).
    says: &'static [&'static str],
}

/// A flow: gestures in turn on one design's simulated thread, from one of its states.
struct Flow {
    slug: &'static str,
    from: &'static str,
    gestures: Vec<Gesture>,
    /// Why the states the rules leave may not fit the design's schema (none: they must).
    off_schema: Option<&'static str>,
}

fn g(action: &'static str) -> Gesture {
    Gesture {
        action,
        pick: json!({}),
        fields: json!({}),
        shows: &[],
        hides: &[],
        says: &[],
    }
}

impl Gesture {
    fn pick(mut self, v: Value) -> Self {
        self.pick = v;
        self
    }
    fn fields(mut self, v: Value) -> Self {
        self.fields = v;
        self
    }
    fn shows(mut self, t: &'static [&'static str]) -> Self {
        self.shows = t;
        self
    }
    fn hides(mut self, t: &'static [&'static str]) -> Self {
        self.hides = t;
        self
    }
    fn says(mut self, t: &'static [&'static str]) -> Self {
        self.says = t;
        self
    }
}

fn flow(slug: &'static str, from: &'static str, gestures: Vec<Gesture>) -> Flow {
    Flow {
        slug,
        from,
        gestures,
        off_schema: None,
    }
}

fn flows() -> Vec<Flow> {
    vec![
        flow("approval_request", "default", vec![
            g("approval.approve")
                .fields(json!({"comment": "Thanks, Marcus. All in policy."}))
                .shows(&["Approved by you", "Thanks, Marcus. All in policy.", "just now"])
                .hides(&["Awaiting you"]),
            g("approval.undo").shows(&["Awaiting you", "Approve"]).hides(&["Approved by you"]),
            g("approval.approve")
                .shows(&["Approved by you"])
                .hides(&["Thanks, Marcus. All in policy."]),
            g("approval.undo").shows(&["Awaiting you"]),
            g("approval.reject")
                .fields(json!({"comment": "Please split the dinner out."}))
                .shows(&["Rejected by you", "Please split the dinner out."]),
            g("approval.undo").shows(&["Awaiting you"]),
            g("approval.reject").shows(&["Rejected by you"]).hides(&["Awaiting you"]),
        ]),
        // The rules patch the request, so another request stays itself.
        flow("approval_request", "time off", vec![
            g("approval.approve").shows(&["Approved by you", "5 days", "Lena Hartmann"]),
        ]),
        flow("team_poll", "default", vec![
            g("poll.vote")
                .fields(json!({"option_id": "mexico_city"}))
                .shows(&["33 votes", "Your vote", "21%"])
                .hides(&["Asked by Priya N."]),
            g("poll.change_vote").shows(&["Asked by Priya N.", "Vote"]).hides(&["Your vote"]),
            g("poll.vote").fields(json!({"option_id": "lisbon"})).shows(&["33 votes", "45%"]),
            g("poll.change_vote").shows(&["Asked by Priya N."]),
            g("poll.vote").fields(json!({"option_id": "kyoto"})).shows(&["33 votes", "30%"]),
            g("poll.change_vote").shows(&["Asked by Priya N."]),
            g("poll.vote").fields(json!({"option_id": "remote"})).shows(&["33 votes", "12%"]),
            g("poll.change_vote").shows(&["Asked by Priya N."]),
            // See results sits in the vote's form: the panel, as ChatKit, checks the required
            // choice before any action fired in the form is sent.
            g("poll.results")
                .fields(json!({"option_id": "kyoto"}))
                .shows(&["32 votes", "44%"])
                .hides(&["Your vote"]),
            g("poll.change_vote").shows(&["Asked by Priya N."]).hides(&["32 votes"]),
        ]),
        flow("event_rsvp", "default", vec![
            g("event.rsvp")
                .pick(json!({"response": "going"}))
                .shows(&["You're going", "35 going", "5 spots left", "Responded just now", "Add to calendar"]),
            g("event.add_to_calendar").says(&["to your calendar"]),
            g("event.rsvp.change")
                .shows(&["34 going", "6 spots left", "Maybe"])
                .hides(&["You're going"]),
            g("event.rsvp").pick(json!({"response": "maybe"})).shows(&["You might go"]),
            g("event.rsvp.change").shows(&["Decline"]).hides(&["You might go"]),
        ]),
        flow("event_rsvp", "full", vec![g("event.waitlist.join").says(&["on the waitlist"])]),
        flow("signup_form", "default", vec![
            g("signup.submit")
                .fields(json!({"email": "sam@example.com", "password": "correct horse", "terms": true}))
                .shows(&["Check your inbox", "sam@example.com", "Account created"]),
            g("signup.resend").says(&["new confirmation link to sam@example.com"]),
        ]),
        flow("signup_form", "default", vec![
            g("signup.submit")
                .fields(json!({"email": "maya.okafor@brightloom.io", "password": "correct horse", "terms": true}))
                .shows(&["An account with this email already exists"]),
        ]),
        flow("support_ticket", "urgent, unassigned", vec![
            g("ticket.assign")
                .shows(&["Assigned to", "Priya Natarajan", "Updated just now"])
                .hides(&["Assign to me"]),
            g("ticket.close").shows(&["Resolved", "Reopen"]),
            g("ticket.reopen").shows(&["Open", "Reply"]).hides(&["Reopen"]),
            g("ticket.reply").says(&["Rafael Costa", "#48230"]),
        ]),
        Flow {
            off_schema: Some(
                "a Select's value arrives as text (\"4\"), and a rule's `set` copies it as it is: \
                 the view shows \"4 guests\", the schema wants a number",
            ),
            ..flow("table_booking", "default", vec![
                g("booking.request")
                    .fields(json!({"name": "Jordan Ellis"}))
                    .shows(&["Choose a time to request a table."]),
                g("booking.request")
                    .fields(json!({"date": "2026-12-12", "party_size": "4", "time": "20:30", "name": "Jordan Ellis"}))
                    .shows(&["Your table is booked", "CO-4821", "2026-12-12", "20:30", "4 guests", "Jordan Ellis"])
                    .hides(&["Choose a time to request a table."]),
                g("booking.add_to_calendar").says(&["Casa Olmo"]),
                g("booking.cancel")
                    .shows(&["Request table"])
                    .hides(&["Your table is booked"])
                    .says(&["cancelled"]),
            ])
        },
        flow("order_summary", "default", vec![
            g("order.cancel").says(&["didn't place order ORD-20931"]),
            g("order.place").shows(&["Order ORD-20931 placed · arrives Thu, Oct 9", "Track order", "Receipt"]),
        ]),
        flow("recipe", "default", vec![
            g("recipe.save").says(&["Miso butter noodles"]),
            g("shopping_list.add").shows(&["7 ingredients added to “Weekly groceries”", "Undo"]),
            g("shopping_list.undo").shows(&["Add to shopping list"]).hides(&["Undo"]),
        ]),
        // One notification opened is read, once; the rest are read together.
        flow("notifications", "default", vec![
            g("notification.open")
                .pick(json!({"id": "ntf_500"}))
                .shows(&["Notifications · 2 unread", "Mark all 2 as read"])
                .hides(&["3 unread"])
                .says(&["Opened “Deploy to production finished”."]),
            // Opened again: read already, so nothing changes (the next flow step still sees 2).
            g("notification.open")
                .pick(json!({"id": "ntf_500"}))
                .says(&["Opened “Deploy to production finished”."]),
            g("notifications.mark_all_read")
                .shows(&["Dana Whitfield mentioned you", "Notifications"])
                .hides(&["unread", "Mark all"]),
        ]),
        // Each task by its own id; the done ones cleared, then none left.
        flow("task_list", "overdue", vec![
            g("task.toggle")
                .pick(json!({"task_id": "h2"}))
                .shows(&["Home · 2 of 4 open"])
                .hides(&["Overdue · Jun 5"]),
            g("task.toggle")
                .pick(json!({"task_id": "h2"}))
                .shows(&["Home · 3 of 4 open", "Overdue · Jun 5"]),
            g("task.toggle").pick(json!({"task_id": "h1"})).shows(&["Home · 2 of 4 open"]),
            g("task.toggle").pick(json!({"task_id": "h2"})),
            g("task.toggle")
                .pick(json!({"task_id": "h3"}))
                .shows(&["Home · all 4 done", "All done. Nice work!"]),
            g("task.clear_completed")
                .shows(&["Home · empty", "Nothing on this list"])
                .hides(&["All done. Nice work!", "Renew car registration"])
                .says(&["Cleared the done tasks from Home."]),
        ]),
        // A quantity changed and lines removed: the totals follow (compute steps).
        flow("shopping_cart", "default", vec![
            g("cart.set_quantity")
                .pick(json!({"line_id": "li_01"}))
                .fields(json!({"qty_li_01": "2"}))
                .shows(&["$256.00", "$327.00", "Free", "$26.98", "$353.98"])
                .hides(&["more for free shipping", "$224.37"]),
            g("cart.remove")
                .pick(json!({"line_id": "li_01"}))
                .shows(&["2 items", "$71.00", "$8.95", "$5.86", "$85.81", "Add $179.00 more for free shipping."])
                .hides(&["Ridgeline trail runner"]),
            g("cart.remove").pick(json!({"line_id": "li_02"})).shows(&["1 item", "$32.00"]),
            g("cart.remove")
                .pick(json!({"line_id": "li_03"}))
                .shows(&["Your cart is empty", "Browse the shop"])
                .hides(&["Checkout", "Total"]),
            g("shop.browse").says(&["client_effect", "open_shop"]),
        ]),
        // Half a cent rounds up (27.555 is 27.554999… as a double): $334 of goods is $27.56 tax.
        flow("shopping_cart", "default", vec![
            g("cart.set_quantity")
                .pick(json!({"line_id": "li_02"}))
                .fields(json!({"qty_li_02": "4"})),
            g("cart.set_quantity")
                .pick(json!({"line_id": "li_03"}))
                .fields(json!({"qty_li_03": "4"}))
                .shows(&["$334.00", "$27.56", "$361.56"]),
        ]),
        // 15% of $339.50 is $50.925 (50.924999… as a double): the promo takes $50.93; 15% of
        // $417.50 is exactly $62.625, which takes $62.63 (not the even $62.62).
        flow("shopping_cart", "promo applied", vec![
            g("cart.set_quantity")
                .pick(json!({"line_id": "li_02"}))
                .fields(json!({"qty_li_02": "1"})),
            g("cart.set_quantity")
                .pick(json!({"line_id": "li_03"}))
                .fields(json!({"qty_li_03": "2"}))
                .shows(&["$339.50", "−$50.93", "$23.81", "$312.38"]),
            g("cart.set_quantity")
                .pick(json!({"line_id": "li_01"}))
                .fields(json!({"qty_li_01": "1"}))
                .shows(&["$211.50", "−$31.73", "$8.95", "$14.83", "$203.55"]),
            g("cart.set_quantity")
                .pick(json!({"line_id": "li_02"}))
                .fields(json!({"qty_li_02": "5"})),
            g("cart.set_quantity")
                .pick(json!({"line_id": "li_03"}))
                .fields(json!({"qty_li_03": "6"}))
                .shows(&["$417.50", "−$62.63", "$29.28", "$384.15"]),
        ]),
        flow("shopping_cart", "promo applied", vec![
            g("cart.remove")
                .pick(json!({"line_id": "li_03"}))
                .shows(&["$295.00", "−$44.25", "Free", "$20.69", "$271.44"])
                .hides(&["Packable trail cap", "$300.88"]),
            g("cart.checkout")
                .pick(json!({"total": 271.44}))
                .says(&["Placing the order…", "Your order for cart cart_8H3KD2 is placed."]),
        ]),
        flow("flight_options", "default", vec![
            g("flight.select")
                .pick(json!({"id": "SA1407"}))
                .shows(&["Selected"])
                .says(&["SA1407 is selected at $312"]),
        ]),
        flow("email_draft", "default", vec![
            g("email.rewrite")
                .shows(&["To recap: we send the revised", "Draft ready"])
                .hides(&["As promised"])
                .says(&["widget.streaming_text.value_delta", "To recap: "]),
            g("email.send").shows(&["Sent just now", "Delivered to 2 recipients"]),
        ]),
        flow("email_draft", "streaming", vec![
            g("email.stop_drafting").shows(&["Draft ready"]).hides(&["Drafting…"]),
        ]),
    ]
}

struct NoChance;

impl World for NoChance {
    fn chance(&mut self) -> f64 {
        0.999
    }
    fn new_id(&mut self) -> String {
        "msg_reply".into()
    }
    fn now(&mut self) -> String {
        "2026-12-01T12:00:00Z".into()
    }
}

/// The gallery's field patterns, spelled out (the page uses the browser's RegExp).
struct Patterns;

impl PatternMatcher for Patterns {
    fn full_match(&self, pattern: &str, value: &str) -> Result<bool, String> {
        match pattern {
            ".{8,}" => Ok(value.chars().count() >= 8),
            _ => Err(format!(
                "the test does not know the pattern {pattern:?}; add it"
            )),
        }
    }
}

/// Every string in a widget.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The gallery's design documents: (slug, design).
fn documents() -> Vec<(String, Design)> {
    files("gallery", "json")
        .into_iter()
        .map(|(slug, path)| {
            let d: Design = serde_json::from_slice(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{slug}: {e}"));
            (slug, d)
        })
        .collect()
}

/// The payload a gesture sends: the bound payload, with the form's fields as entered (checked
/// as the panel checks them) or, outside a form, the changed field's value beside it.
fn payload_for(label: &str, widget: &Value, b: &inventory::Bound, entered: &Value) -> Value {
    let entered = entered.as_object().cloned().unwrap_or_default();
    let Some(form) = fire::form_around(widget, &b.path) else {
        let mut p = b.payload.as_object().cloned().unwrap_or_default();
        p.extend(entered);
        return Value::Object(p);
    };
    let mut fields = fire::form_fields(widget, &form);
    for (name, v) in &entered {
        let f = fields
            .iter_mut()
            .find(|f| &f.name == name)
            .unwrap_or_else(|| panic!("{label}: the form has no field {name:?}"));
        f.value = v.clone();
    }
    let s = submit(&b.payload, &fields, &Patterns);
    assert!(
        s.problems.is_empty(),
        "{label}: the form does not send: {:?}",
        s.problems
    );
    s.payload
}

#[test]
fn the_gallery_handler_rules_answer_every_action_they_name() {
    let docs = documents();
    let flows = flows();
    // Every design with rules has a flow, and every flow's design has rules.
    let with_rules: BTreeSet<&str> = docs
        .iter()
        .filter(|(_, d)| !d.handlers.is_empty())
        .map(|(s, _)| s.as_str())
        .collect();
    let flowed: BTreeSet<&str> = flows.iter().map(|f| f.slug).collect();
    assert_eq!(
        with_rules, flowed,
        "the designs with rules and those with flows here"
    );
    assert!(
        with_rules.len() >= 8,
        "{} designs have rules",
        with_rules.len()
    );

    let mut answered: BTreeSet<(&str, usize)> = BTreeSet::new();
    let mut sse = String::new();
    let mut sent = 0;
    let mut handlers_of: std::collections::BTreeMap<&str, Handlers> = Default::default();
    for f in &flows {
        let (_, d) = docs.iter().find(|(s, _)| s == f.slug).unwrap();
        let names: Vec<&str> = d.states.iter().map(|s| s.name.as_str()).collect();
        let h = d
            .handlers
            .rules(&names)
            .unwrap_or_else(|p| panic!("{}: the rules have problems: {p:?}", f.slug));
        handlers_of.insert(f.slug, h.clone());
        let schema = d.json_schema();
        let state = d
            .state(Some(f.from))
            .unwrap_or_else(|| panic!("{}: no state {:?}", f.slug, f.from))
            .clone();
        let built = d.build(&state);
        let mut item = WidgetItem {
            thread_id: "thr_gallery".into(),
            item_id: "msg_widget".into(),
            created_at: "2026-12-01T11:59:00Z".into(),
            state,
            widget: built.widget.unwrap().to_serde(),
        };
        for (i, gesture) in f.gestures.iter().enumerate() {
            let label = format!("{} [{}] step {i} {}", f.slug, f.from, gesture.action);
            let bound = inventory::actions(&item.widget)
                .into_iter()
                .find(|b| {
                    b.action_type == gesture.action
                        && gesture
                            .pick
                            .as_object()
                            .unwrap()
                            .iter()
                            .all(|(k, v)| b.payload.get(k) == Some(v))
                })
                .unwrap_or_else(|| panic!("{label}: the widget binds no such action here"));
            let payload = payload_for(&label, &item.widget, &bound, &gesture.fields);
            let o = run(d, &h, &item, gesture.action, &payload, &mut NoChance);
            let rule = o
                .rule
                .unwrap_or_else(|| panic!("{label}: no rule answered"));
            answered.insert((f.slug, rule));
            assert!(o.notes.is_empty(), "{label}: {:?}", o.notes);
            let events: Vec<&Value> = o
                .emits
                .iter()
                .filter_map(|e| match e {
                    Emit::Event(v) => Some(v),
                    Emit::Wait(_) => None,
                })
                .collect();
            let errors: Vec<_> = events.iter().filter(|e| e["type"] == "error").collect();
            assert!(errors.is_empty(), "{label}: {errors:?}");
            for e in &events {
                sse.push_str(&format!("data: {e}\n\n"));
                sent += 1;
            }
            let said = serde_json::to_string(&events).unwrap();
            for t in gesture.says {
                assert!(
                    said.contains(t),
                    "{label}: the answer does not say {t:?}: {said}"
                );
            }
            let mut shown = Vec::new();
            strings(&o.widget, &mut shown);
            for t in gesture.shows {
                assert!(
                    shown.iter().any(|s| s.contains(t)),
                    "{label}: the widget does not show {t:?}: {shown:?}"
                );
            }
            for t in gesture.hides {
                assert!(
                    !shown.iter().any(|s| s.contains(t)),
                    "{label}: the widget still shows {t:?}"
                );
            }
            if !gesture.shows.is_empty() || !gesture.hides.is_empty() {
                assert_ne!(o.widget, item.widget, "{label}: the widget did not change");
                // What the client shows is what the view builds for the new state.
                let rebuilt = d.build(&o.state);
                assert!(
                    rebuilt.report.errors.is_empty(),
                    "{label}: {:?}",
                    rebuilt.report.errors
                );
                assert_eq!(rebuilt.widget.unwrap().to_serde(), o.widget, "{label}");
            }
            if f.off_schema.is_none() {
                let text = serde_json::to_string_pretty(&o.state).unwrap();
                let fit = widget::schema_infer::validate_state(&text, &schema);
                assert!(
                    fit.errors.is_empty() && fit.warnings.is_empty(),
                    "{label}: the state the rule leaves does not fit the schema: {:?} {:?}",
                    fit.errors,
                    fit.warnings
                );
            }
            item.state = o.state;
            item.widget = o.widget;
        }
    }
    // Every event the rules sent is a `ThreadStreamEvent` to the SDK.
    let (ok, verdicts) = common::sdk_events(&sse);
    assert_eq!(verdicts.len(), sent);
    let refused: Vec<_> = verdicts
        .iter()
        .filter(|v| v.get("errors").is_some())
        .collect();
    assert!(ok && refused.is_empty(), "{refused:#?}");
    // Every rule answers in some flow: none is dead or shadowed by an earlier one.
    for (slug, h) in &handlers_of {
        for i in 0..h.rules.len() {
            assert!(
                answered.contains(&(slug, i)),
                "{slug}: rules[{i}] ({}) answers in no flow here",
                h.rules[i].on
            );
        }
    }
}
