//! `/components`: the component reference, generated from `widget::spec` (props, types,
//! required, docs) with a live example of each component in both themes.

use leptos::prelude::*;
use leptos_meta::Title;
use widget::spec::{COMPONENTS, Component, Kind};

use render::WidgetTheme;

use crate::components::widget_view::WidgetView;

/// An example per component, as widget JSON (nodes are shown inside a Card).
fn example(name: &str) -> &'static str {
    match name {
        "Card" => {
            r#"{"type":"Card","status":{"text":"Booked","icon":"check"},"confirm":{"label":"Confirm","action":{"type":"confirm"}},"cancel":{"label":"Cancel","action":{"type":"cancel"}},"children":[{"type":"Title","value":"Table for two"},{"type":"Text","value":"Friday, 7:30 pm","color":"secondary"}]}"#
        }
        "ListView" => {
            r#"{"type":"ListView","limit":2,"children":[{"type":"ListViewItem","onClickAction":{"type":"open"},"children":[{"type":"Text","value":"First row"}]},{"type":"ListViewItem","children":[{"type":"Text","value":"Second row"}]},{"type":"ListViewItem","children":[{"type":"Text","value":"Third row"}]}]}"#
        }
        "Basic" => {
            r#"{"type":"Basic","children":[{"type":"Row","gap":2,"children":[{"type":"Badge","label":"Preview"},{"type":"Text","value":"A bare root"}]}]}"#
        }
        "Box" => {
            r#"{"type":"Box","padding":3,"radius":"lg","background":{"light":"blue-50","dark":"blue-900"},"children":[{"type":"Text","value":"Inside a box"}]}"#
        }
        "Row" => {
            r#"{"type":"Row","gap":2,"align":"center","children":[{"type":"Icon","name":"star"},{"type":"Text","value":"Row"},{"type":"Spacer"},{"type":"Badge","label":"end"}]}"#
        }
        "Col" => {
            r#"{"type":"Col","gap":1,"children":[{"type":"Text","value":"First"},{"type":"Text","value":"Second"}]}"#
        }
        "Form" => {
            r#"{"type":"Form","gap":2,"onSubmitAction":{"type":"submit"},"children":[{"type":"Input","name":"email","placeholder":"you@example.com"},{"type":"Button","label":"Subscribe","submit":true,"color":"primary"}]}"#
        }
        "Text" => {
            r#"{"type":"Text","value":"Regular text that wraps onto a second line when it is long enough.","maxLines":2}"#
        }
        "Title" => r#"{"type":"Title","value":"A title","size":"lg"}"#,
        "Caption" => r#"{"type":"Caption","value":"Supporting caption"}"#,
        "Markdown" => {
            r####"{"type":"Markdown","value":"### Release notes\n\n- **Faster** builds\n- Fixed `select` focus\n\n| Plan | Seats |\n|---|--:|\n| Team | 10 |\n\nRead the [changelog](https://example.com/changelog)."}"####
        }
        "Badge" => {
            r#"{"type":"Row","gap":2,"children":[{"type":"Badge","label":"Default"},{"type":"Badge","label":"Success","color":"success"},{"type":"Badge","label":"Danger","color":"danger","variant":"solid"}]}"#
        }
        "Button" => {
            r#"{"type":"Row","gap":2,"children":[{"type":"Button","label":"Primary","color":"primary"},{"type":"Button","label":"Soft","variant":"soft","color":"info"},{"type":"Button","label":"Outline","variant":"outline","pill":true}]}"#
        }
        "Image" => {
            r#"{"type":"Image","src":"data:image/gif;base64,R0lGODlhAQABAIAAAMLCwgAAACH5BAAAAAAALAAAAAABAAEAAAICRAEAOw==","alt":"A grey square","size":64,"radius":"lg"}"#
        }
        "Icon" => {
            r#"{"type":"Row","gap":3,"align":"center","children":[{"type":"Icon","name":"star-filled","size":"lg","color":"warning"},{"type":"Icon","name":"check-circle","size":"lg","color":"success"},{"type":"Icon","name":"calendar","size":"lg"},{"type":"Icon","name":"sparkle","size":"lg","color":"discovery"},{"type":"Icon","name":"mail","size":"lg"},{"type":"Icon","name":"lucide:rocket","size":"lg"}]}"#
        }
        "Divider" => {
            r#"{"type":"Col","gap":2,"children":[{"type":"Text","value":"Above"},{"type":"Divider"},{"type":"Text","value":"Below"}]}"#
        }
        "Spacer" => {
            r#"{"type":"Row","children":[{"type":"Text","value":"Left"},{"type":"Spacer"},{"type":"Text","value":"Right"}]}"#
        }
        "Select" => {
            r#"{"type":"Select","name":"city","placeholder":"Choose a city","options":[{"label":"Oslo","value":"osl"},{"label":"Lima","value":"lim"}]}"#
        }
        "DatePicker" => r#"{"type":"DatePicker","name":"date","defaultValue":"2025-03-04"}"#,
        "Checkbox" => {
            r#"{"type":"Checkbox","name":"agree","label":"I agree","defaultChecked":true}"#
        }
        "Input" => r#"{"type":"Input","name":"name","placeholder":"Your name"}"#,
        "Label" => {
            r#"{"type":"Col","gap":1,"children":[{"type":"Label","value":"Email","fieldName":"email"},{"type":"Input","name":"email"}]}"#
        }
        "RadioGroup" => {
            r#"{"type":"RadioGroup","name":"size","direction":"row","defaultValue":"m","options":[{"label":"Small","value":"s"},{"label":"Medium","value":"m"}]}"#
        }
        "Textarea" => r#"{"type":"Textarea","name":"notes","placeholder":"Notes","rows":3}"#,
        "Transition" => {
            r#"{"type":"Transition","children":{"type":"Text","value":"Animated on change","key":"v1"}}"#
        }
        "Chart" => {
            r#"{"type":"Chart","height":160,"showYAxis":true,"data":[{"m":"Jan","a":3,"b":2,"t":4},{"m":"Feb","a":5,"b":1,"t":5},{"m":"Mar","a":4,"b":3,"t":6},{"m":"Apr","a":6,"b":2,"t":7}],"series":[{"type":"bar","dataKey":"a","label":"Online","stack":"s"},{"type":"bar","dataKey":"b","label":"Store","stack":"s"},{"type":"line","dataKey":"t","label":"Target","color":"orange"}],"xAxis":"m"}"#
        }
        "ListViewItem" => {
            r#"{"type":"ListView","children":[{"type":"ListViewItem","gap":2,"onClickAction":{"type":"open"},"children":[{"type":"Icon","name":"document"},{"type":"Text","value":"A clickable row"}]}]}"#
        }
        // An order summary: a header row of <th> cells, a row, and a total spanning two columns.
        "Table" | "Table.Row" | "Table.Cell" => {
            r#"{"type":"Table","children":[{"type":"Table.Row","header":true,"children":[{"type":"Table.Cell","children":[{"type":"Text","value":"Item","weight":"semibold"}]},{"type":"Table.Cell","align":"end","children":[{"type":"Text","value":"Qty","weight":"semibold"}]},{"type":"Table.Cell","align":"end","children":[{"type":"Text","value":"Price","weight":"semibold"}]}]},{"type":"Table.Row","children":[{"type":"Table.Cell","children":[{"type":"Text","value":"Green tea"}]},{"type":"Table.Cell","align":"end","children":[{"type":"Text","value":"2"}]},{"type":"Table.Cell","align":"end","children":[{"type":"Text","value":"$6.00"}]}]},{"type":"Table.Row","children":[{"type":"Table.Cell","colSpan":2,"children":[{"type":"Text","value":"Total","weight":"semibold"}]},{"type":"Table.Cell","align":"end","children":[{"type":"Text","value":"$6.00","weight":"semibold"}]}]}]}"#
        }
        _ => r#"{"type":"Text","value":"No example"}"#,
    }
}

/// The example placed where the component may stand.
fn example_widget(c: &Component) -> serde_json::Value {
    let ex: serde_json::Value = serde_json::from_str(example(c.name)).unwrap_or_default();
    if c.kind == Kind::Root || ex.get("type").and_then(|t| t.as_str()) == Some("ListView") {
        ex
    } else {
        serde_json::json!({"type": "Card", "children": [ex]})
    }
}

#[component]
pub fn ComponentsPage() -> impl IntoView {
    let nav: Vec<_> = COMPONENTS
        .iter()
        .map(|c| view! { <li><a class="hover:underline" href=format!("#{}", c.name)>{c.name}</a></li> })
        .collect();
    let sections: Vec<_> = COMPONENTS
        .iter()
        .map(|c| view! { <ComponentSection component=c /> })
        .collect();
    view! {
        <Title text="Components · Widget Studio"/>
        <div class="space-y-8">
            <header class="space-y-2">
                <h1 class="text-3xl font-bold tracking-tight">"Components"</h1>
                <p class="max-w-2xl text-slate-600 dark:text-slate-300">
                    "Every root and component of ChatKit widgets, with every prop the Python SDK or ChatKit.js accepts "
                    "(a note says where only one target has it; see docs/chatkit-compat.md). "
                    "Examples are drawn by the studio's preview renderer in the light and dark themes."
                </p>
                <ul class="flex flex-wrap gap-x-3 gap-y-1 text-sm text-indigo-700 dark:text-indigo-300" data-testid="component-nav">{nav}</ul>
            </header>
            {sections}
        </div>
    }
}

#[component]
fn ComponentSection(component: &'static Component) -> impl IntoView {
    let widget = example_widget(component);
    let source = serde_json::to_string_pretty(
        &serde_json::from_str::<serde_json::Value>(example(component.name)).unwrap_or_default(),
    )
    .unwrap_or_default();
    let rows: Vec<_> = component
        .all_props()
        .map(|p| {
            view! {
                <tr class="border-t border-slate-200 align-top dark:border-slate-800">
                    <td class="py-1.5 pr-3 font-mono text-xs">{p.name}</td>
                    <td class="py-1.5 pr-3 text-xs text-slate-600 dark:text-slate-400">{widget::validate::describe_ty(&p.ty)}</td>
                    <td class="py-1.5 pr-3 text-xs">{if p.presence.required() { "required" } else { "" }}</td>
                    <td class="py-1.5 text-xs">{p.doc.trim()}</td>
                </tr>
            }
        })
        .collect();
    view! {
        <section id=component.name class="scroll-mt-6 space-y-3 border-t border-slate-200 pt-6 dark:border-slate-800" data-testid=format!("component-{}", component.name)>
            <h2 class="text-xl font-semibold">{component.name}</h2>
            <p class="text-slate-600 dark:text-slate-300">{component.doc}</p>
            {widget::target::component_only(component).map(|o| view! {
                <p class="text-sm text-amber-800 dark:text-amber-300" data-testid="component-target">
                    {match o.target {
                        widget::Target::ChatkitJs => "Target chatkit-js only: ",
                        widget::Target::ChatkitPython => "Under target chatkit-js, a warning: ",
                    }}
                    {o.note}
                </p>
            })}
            <div class="grid gap-3 sm:grid-cols-2">
                <div class="rounded-lg bg-slate-100 p-3" data-testid="example-light"><WidgetView widget=widget.clone() theme=WidgetTheme::Light heading_level=3 scope=component.name /></div>
                <div class="rounded-lg bg-neutral-900 p-3" data-testid="example-dark"><WidgetView widget=widget theme=WidgetTheme::Dark heading_level=3 scope=component.name /></div>
            </div>
            <details class="text-sm">
                <summary class="cursor-pointer text-slate-600 dark:text-slate-400">"Example JSON"</summary>
                <pre class="mt-2 overflow-x-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-900">{source}</pre>
            </details>
            // On a phone the table scrolls in its own box instead of widening the page (a
            // scroller takes the keyboard focus, so it can be scrolled without a pointer).
            <div class="overflow-x-auto" tabindex="0" role="region" aria-label=format!("{} props", component.name)>
            <table class="w-full text-left">
                <thead><tr class="text-xs uppercase text-slate-600 dark:text-slate-400"><th scope="col" class="pr-3">"Prop"</th><th scope="col" class="pr-3">"Type"</th><th scope="col" class="pr-3">"Required"</th><th scope="col">"Description"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </section>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_valid_widget_json() {
        for c in COMPONENTS {
            let w = example_widget(c);
            // Each under the target that draws it (Table: chatkit-js).
            let target =
                widget::target::component_only(c).map_or(widget::Target::default(), |o| o.target);
            let report = widget::validate_node_for(&widget::json::Node::from_serde(&w), target);
            assert!(report.is_valid(), "{}: {:#?}", c.name, report.errors);
        }
    }
}
