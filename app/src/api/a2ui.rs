//! The A2UI export of the editor's A2UI tab: a pure function over `widget::a2ui::export`, and
//! the server function over it (the A2UI mapping stays out of the browser's wasm bundle).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use widget::a2ui::{A2uiReport, Catalog, Options, Version};
use widget::design::Design;

use super::error::AppError;
use super::preview::MAX_SOURCE;

/// A design exported as A2UI v0.9 for one of its states: what the tab shows and the Lit
/// renderer draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct A2uiView {
    /// The state it was exported for.
    pub state: String,
    pub catalog: Catalog,
    /// The messages (`createSurface`, `updateComponents`, `updateDataModel`).
    pub messages: Vec<Value>,
    /// Every difference from the ChatKit widget, each located in the source.
    pub report: A2uiReport,
    /// The studio catalog's JSON Schema document, when `catalog` is `studio`.
    pub catalog_document: Option<Value>,
}

/// Exports `design` (a design document as JSON, as the editor holds it) for the state `state`.
/// A design that does not build gives its located errors, as the preview shows them.
pub fn a2ui_view(design: &str, state: &str, catalog: Catalog) -> Result<A2uiView, AppError> {
    if design.len() > MAX_SOURCE {
        return Err(AppError::invalid(format!(
            "the design is {} bytes; the export accepts at most 1 MiB",
            design.len()
        )));
    }
    let design = Design::from_input(design).map_err(|report| AppError::Invalid {
        message: "the design could not be read".into(),
        report,
    })?;
    let name = (!state.is_empty() && state != "default").then_some(state);
    let data = design.state(name).ok_or_else(|| {
        let names: Vec<&str> = std::iter::once("default")
            .chain(design.states.iter().map(|s| s.name.as_str()))
            .collect();
        AppError::invalid(format!(
            "state: no state {state:?}; the design has {}",
            names.join(", ")
        ))
    })?;
    let opts = Options {
        version: Version::V0_9,
        catalog,
        surface_id: None,
    };
    let export = widget::a2ui::export(&design, data, &opts).map_err(|report| {
        let first = report
            .all()
            .next()
            .map(|d| format!(": {}", d.placed_message()))
            .unwrap_or_default();
        AppError::Invalid {
            message: format!("the state {state:?} does not build{first}"),
            report,
        }
    })?;
    Ok(A2uiView {
        state: if name.is_some() {
            state.into()
        } else {
            "default".into()
        },
        catalog,
        messages: export.messages,
        report: export.report,
        catalog_document: export.catalog,
    })
}

/// What the A2UI tab's server function answers: the export, or why the text has none. A
/// text that does not export is an answer, as the preview's errors are, not a failed request
/// (which the browser logs as a failed load, at every keystroke that leaves the text so).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum A2uiAnswer {
    Exported(A2uiView),
    /// The design does not read, has no such state or does not build: said, located.
    Refused(String),
}

/// The A2UI export of the editor's current text for one state (the editor's A2UI tab).
#[server(endpoint = "a2ui", output = crate::api::codec::Json)]
pub async fn export_a2ui(
    design: String,
    state: String,
    catalog: Catalog,
) -> Result<A2uiAnswer, AppError> {
    super::error::answer(
        async move {
            match a2ui_view(&design, &state, catalog) {
                Ok(v) => Ok(A2uiAnswer::Exported(v)),
                Err(AppError::Invalid { message, .. }) => Ok(A2uiAnswer::Refused(message)),
                Err(e) => Err(e),
            }
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Design {
        let mut d = widget::starter::Starter::Card.design("Trip");
        d.states.push(widget::design::NamedState {
            name: "late".into(),
            data: d.default_state.clone(),
        });
        d
    }

    #[test]
    fn a_design_exports_for_each_state_with_located_entries() {
        let d = card();
        let json = serde_json::to_string(&d).unwrap();
        for state in ["default", "late", ""] {
            let v = a2ui_view(&json, state, Catalog::Basic).unwrap();
            assert_eq!(v.state, if state == "late" { "late" } else { "default" });
            assert_eq!(v.messages[0]["version"], "v0.9", "{:?}", v.messages);
            assert!(v.messages[0].get("createSurface").is_some());
            assert!(v.catalog_document.is_none());
            // Every located entry carries the bytes of its node, which the editor selects.
            for l in &v.report.losses {
                if l.line > 0 {
                    assert!(l.span.end > l.span.start, "{l:?}");
                    assert!((l.span.end as usize) <= d.source.len());
                }
            }
        }
        let studio = a2ui_view(&json, "default", Catalog::Studio).unwrap();
        assert!(studio.catalog_document.is_some());
        // The span crosses the wire as bytes; unlocated entries leave it out.
        let wire = serde_json::to_value(&studio.report).unwrap();
        let back: A2uiReport = serde_json::from_value(wire).unwrap();
        assert_eq!(back, studio.report);
    }

    #[test]
    fn bad_input_is_a_located_error_not_a_panic() {
        match a2ui_view("{\"version\": 1,", "default", Catalog::Basic) {
            Err(AppError::Invalid { report, .. }) => assert!(report.all().next().is_some()),
            other => panic!("{other:?}"),
        }
        let json = serde_json::to_string(&card()).unwrap();
        match a2ui_view(&json, "nope", Catalog::Basic) {
            Err(AppError::Invalid { message, .. }) => {
                assert!(message.contains("default, late"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        let mut broken = card();
        broken.source = "<Card><Text value={1 +}/></Card>".into();
        let json = serde_json::to_string(&broken).unwrap();
        match a2ui_view(&json, "default", Catalog::Basic) {
            Err(AppError::Invalid { message, report }) => {
                assert!(
                    message.contains("1:23: expected an expression"),
                    "{message}"
                );
                assert!(report.all().next().is_some());
            }
            other => panic!("{other:?}"),
        }
        assert!(a2ui_view(&"x".repeat(MAX_SOURCE + 1), "", Catalog::Basic).is_err());
    }
}
