//! Renders hand-written Jinja templates (template-only `.widget` imports) into widget JSON,
//! as the SDK's `WidgetTemplate.build` does with jinja2: strict undefined, no autoescape.
//! Rendering is bounded by fuel, so a template cannot loop forever.
//!
//! Rendering needs `minijinja`, behind the default-on `jinja` feature. Without it (the
//! browser's wasm build) [`render`] and [`render_text`] return one located error saying
//! template-only designs are built on the server.

#[cfg(feature = "jinja")]
use minijinja::{Environment, UndefinedBehavior};

use crate::diag::{Code, Diagnostic, Report};
use crate::json::{self, Limits, Node, Span};

/// Instruction budget for one render (a corpus template uses a few thousand).
pub const FUEL: u64 = 5_000_000;

/// Renders `template` with `data` and parses the result as widget JSON.
/// Template errors are located in the template; JSON errors in the rendered text.
pub fn render(template: &str, data: &serde_json::Value) -> Result<Node<'static>, Report> {
    let text = render_text(template, data)?;
    let parsed = json::parse(&text, Limits::default());
    if let Some(e) = parsed.errors.first() {
        let index = json::LineIndex::new(&text);
        let (line, col) = index.line_col(&text, e.offset);
        let mut report = Report::default();
        let mut d = Diagnostic::new(
            Code::TemplateSyntax,
            "template",
            Span::default(),
            format!(
                "the template rendered invalid JSON at rendered line {line}, column {col}: {} (near `{}`)",
                e.message,
                index
                    .line_text(&text, line)
                    .trim()
                    .chars()
                    .take(80)
                    .collect::<String>()
            ),
        );
        d.line = 0;
        report.push(d);
        return Err(report);
    }
    Ok(parsed.root.expect("parsed without errors").into_owned())
}

/// Renders `template` with `data` to text.
#[cfg(not(feature = "jinja"))]
pub fn render_text(template: &str, _data: &serde_json::Value) -> Result<String, Report> {
    let mut report = Report::default();
    // The first line of the template, so the editor underlines something visible.
    let end = template.find('\n').unwrap_or(template.len());
    report.push(Diagnostic::new(
        Code::TemplateLimit,
        "template",
        Span::new(0, end),
        NO_JINJA_MESSAGE,
    ));
    report.locate(template);
    Err(report)
}

/// Checks that `template` reads as Jinja (its syntax only; nothing is rendered), with the
/// error located in it. Without the `jinja` feature nothing is checked.
#[cfg(feature = "jinja")]
pub fn check_syntax(template: &str) -> Result<(), Report> {
    let env = Environment::new();
    match env.template_from_str(template) {
        Ok(_) => Ok(()),
        // A statement this build of minijinja does not know (it is built without macros, and
        // every template the studio writes defines some): jinja2 may well read it, so it is not
        // judged here.
        Err(e)
            if e.kind() == minijinja::ErrorKind::SyntaxError
                && e.detail()
                    .is_some_and(|d| d.starts_with("unknown statement")) =>
        {
            Ok(())
        }
        Err(e) => {
            let span = e
                .range()
                .map(|r| Span::new(r.start, r.end))
                .unwrap_or_default();
            let msg = e
                .detail()
                .map(str::to_string)
                .unwrap_or_else(|| e.kind().to_string());
            let mut d = Diagnostic::new(
                Code::TemplateSyntax,
                "template",
                span,
                format!("the template does not read as Jinja: {msg}"),
            );
            if span.is_synthetic()
                && let Some(line) = e.line()
            {
                d.line = line;
                d.column = 1;
            }
            let mut report = Report::default();
            report.push(d);
            report.locate(template);
            Err(report)
        }
    }
}

/// Checks that `template` reads as Jinja: without the `jinja` feature, nothing is checked.
#[cfg(not(feature = "jinja"))]
pub fn check_syntax(_template: &str) -> Result<(), Report> {
    Ok(())
}

/// The error a build without the `jinja` feature reports for a template-only design.
pub const NO_JINJA_MESSAGE: &str = "template-only designs (hand-written Jinja templates) are built on the server; this build of the widget language cannot render Jinja";

/// Renders `template` with `data` to text.
#[cfg(feature = "jinja")]
pub fn render_text(template: &str, data: &serde_json::Value) -> Result<String, Report> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    // jinja2 spells these with capitals too; templates written for Python use them.
    env.add_global("None", minijinja::Value::from(()));
    env.add_global("True", true);
    env.add_global("False", false);
    // jinja2 cannot serialise StrictUndefined; minijinja would write null. Fail like jinja2.
    env.add_filter(
        "tojson",
        |value: minijinja::Value,
         indent: Option<minijinja::Value>,
         kwargs: minijinja::value::Kwargs| {
            if value.is_undefined() {
                return Err(minijinja::Error::new(
                    minijinja::ErrorKind::UndefinedError,
                    "tojson of an undefined value",
                ));
            }
            minijinja::filters::tojson(&value, indent, kwargs)
        },
    );
    let result = env.template_from_str(template).and_then(|t| t.render(data));
    result.map_err(|e| {
        let mut report = Report::default();
        let span = e
            .range()
            .map(|r| Span::new(r.start, r.end))
            .unwrap_or_default();
        let code = if e.kind() == minijinja::ErrorKind::OutOfFuel {
            Code::TemplateLimit
        } else if e.kind() == minijinja::ErrorKind::UndefinedError {
            Code::TemplateUndefined
        } else {
            Code::TemplateSyntax
        };
        let mut msg = e.detail().map(str::to_string).unwrap_or_else(|| e.kind().to_string());
        if e.kind() == minijinja::ErrorKind::OutOfFuel {
            msg = format!("rendering stopped after {FUEL} steps; the template loops too much for this data");
        } else if e.kind() == minijinja::ErrorKind::UndefinedError {
            msg = format!("{msg}: the data lacks a value the template reads (the SDK renders with StrictUndefined, so this fails there too)");
        }
        let mut d = Diagnostic::new(code, "template", span, msg);
        if span.is_synthetic()
            && let Some(line) = e.line()
        {
            d.line = line;
            d.column = 1;
        }
        report.push(d);
        if !span.is_synthetic() {
            report.locate(template);
        }
        report
    })
}

#[cfg(all(test, not(feature = "jinja")))]
mod tests {
    use super::*;

    #[test]
    fn without_jinja_rendering_is_a_located_error() {
        let template = "{\"type\": \"Card\", \"children\": []}\n{# more #}";
        let report = render(template, &serde_json::json!({})).unwrap_err();
        assert_eq!(report.errors.len(), 1);
        let d = &report.errors[0];
        assert_eq!(d.message, NO_JINJA_MESSAGE);
        assert_eq!((d.line, d.column), (1, 1));
        assert_eq!(d.path, "template");
    }
}
