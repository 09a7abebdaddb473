//! Command-line tools over the widget library: `validate` (and later `build`, `export`).

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use widget::{Diagnostic, InputKind, Target, validate_input_for};

/// Exit code: every file valid.
pub const EXIT_VALID: u8 = 0;
/// Exit code: some file invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

#[derive(Serialize)]
struct FileResult<'a> {
    file: &'a str,
    valid: bool,
    errors: &'a [Diagnostic],
    warnings: &'a [Diagnostic],
    /// With `--a11y`: the accessibility warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    a11y: Option<&'a [Diagnostic]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    io_error: Option<String>,
}

/// How `validate` reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct ValidateOptions {
    /// A JSON array of results instead of lines.
    pub json: bool,
    /// Whose rules (`None`: a `.widget` file's own target, else chatkit-python).
    pub target: Option<Target>,
    /// Run the accessibility lint too.
    pub a11y: bool,
    /// Exit 1 when the lint warns (with `a11y`).
    pub strict: bool,
}

/// Validates files and writes the report; returns the exit code: 2 for a file that cannot be
/// read, else 1 when a file is invalid (or, under `strict`, has an accessibility warning),
/// else 0.
/// A file validate could not check (`kind`: `io`, `usage`): its line, or its JSON result.
fn file_error(
    name: &str,
    kind: &str,
    msg: String,
    as_json: bool,
    json_results: &mut Vec<serde_json::Value>,
    out: &mut impl Write,
) {
    if as_json {
        json_results.push(
            serde_json::to_value(FileResult {
                file: name,
                valid: false,
                errors: &[],
                warnings: &[],
                a11y: None,
                io_error: Some(msg),
            })
            .unwrap_or_default(),
        );
    } else {
        let _ = writeln!(out, "{name}: error[{kind}]: {msg}");
    }
}

pub fn validate(files: &[PathBuf], opts: ValidateOptions, out: &mut impl Write) -> u8 {
    let (as_json, target) = (opts.json, opts.target);
    let mut code = EXIT_VALID;
    let mut json_results = Vec::new();
    let (mut n_valid, mut n_invalid, mut n_err, mut n_warn, mut n_a11y) = (0, 0, 0, 0, 0);
    if files.iter().filter(|p| is_stdin(p)).count() > 1 {
        let _ = writeln!(
            out,
            "error[usage]: - (standard input) is given more than once; it is read once"
        );
        return EXIT_USAGE;
    }
    for path in files {
        let name = input_name(path);
        let bytes = match read_input(path) {
            Ok(b) => b,
            Err(e) => {
                code = EXIT_USAGE;
                let msg = format!("cannot read {name}: {e}");
                file_error(&name, "io", msg, as_json, &mut json_results, out);
                continue;
            }
        };
        // A view is not checked here: say what is, rather than a JSON syntax error at its `<`.
        let text_start = bytes
            .strip_prefix("\u{feff}".as_bytes())
            .unwrap_or(&bytes)
            .iter()
            .find(|b| !b.is_ascii_whitespace());
        if text_start == Some(&b'<') {
            code = EXIT_USAGE;
            let msg = format!(
                "{name} is a JSX view; validate checks widget JSON and .widget files. Check a view with `widget-studio build {name}` (it builds and validates every state) or `widget-studio build {name} --data DATA.json`"
            );
            file_error(&name, "usage", msg, as_json, &mut json_results, out);
            n_invalid += 1;
            continue;
        }
        // A `.widget` file saved under another name (`x.json`) is still one.
        let kind = match InputKind::from_path(&name) {
            InputKind::WidgetFile => InputKind::WidgetFile,
            InputKind::WidgetJson => InputKind::sniff(&bytes),
        };
        let report = validate_input_for(&bytes, kind, target);
        let a11y = if opts.a11y {
            widget::lint_input(&bytes, kind)
        } else {
            Vec::new()
        };
        n_a11y += a11y.len();
        if opts.strict && !a11y.is_empty() && code == EXIT_VALID {
            code = EXIT_INVALID;
        }
        if report.is_valid() {
            n_valid += 1;
        } else {
            n_invalid += 1;
            if code == EXIT_VALID {
                code = EXIT_INVALID;
            }
        }
        n_err += report.errors.len();
        n_warn += report.warnings.len();
        if as_json {
            json_results.push(
                serde_json::to_value(FileResult {
                    file: &name,
                    valid: report.is_valid(),
                    errors: &report.errors,
                    warnings: &report.warnings,
                    a11y: opts.a11y.then_some(&a11y[..]),
                    io_error: None,
                })
                .unwrap_or_default(),
            );
        } else {
            let text = String::from_utf8_lossy(&bytes);
            let index = widget::json::LineIndex::new(&text);
            for d in report.all().chain(a11y.iter()) {
                let _ = writeln!(out, "{}", d.render(&name));
                // Excerpts only for positions in the file itself.
                if d.origin.is_none() {
                    let excerpt = d.excerpt(&text, &index);
                    if !excerpt.is_empty() {
                        let _ = writeln!(out, "{excerpt}");
                    }
                }
                if let Some(fix) = &d.fix {
                    let _ = writeln!(out, "      = fix: {}", fix.title);
                }
            }
        }
    }
    if as_json {
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json_results).unwrap_or_default()
        );
    } else {
        let a11y = if opts.a11y {
            format!(", {n_a11y} accessibility warning(s)")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "checked {} file(s): {n_valid} valid, {n_invalid} invalid ({n_err} error(s), {n_warn} warning(s){a11y})",
            files.len()
        );
    }
    code
}

/// Whether a path is `-`: standard input.
fn is_stdin(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// How a path is named in messages: `<stdin>` for `-`.
fn input_name(path: &std::path::Path) -> String {
    if is_stdin(path) {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Refuses `-` for both the file and `--data`: standard input is read once.
fn one_stdin(
    file: &std::path::Path,
    data: Option<&std::path::Path>,
    err: &mut impl Write,
) -> Option<u8> {
    if is_stdin(file) && data.is_some_and(is_stdin) {
        let _ = writeln!(
            err,
            "error[usage]: FILE and --data cannot both be - (standard input is read once); put one of them in a file"
        );
        return Some(EXIT_USAGE);
    }
    None
}

/// A file's bytes, or standard input's for `-`.
fn read_input(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}

/// Reads a design from a .widget file, a .jsx view or widget JSON (`-`: standard input, whose
/// kind is told from its text).
fn load_design(
    path: &std::path::Path,
    err: &mut impl Write,
) -> Result<(widget::design::Design, String), u8> {
    use widget::design::{Design, DesignKind};
    let name = input_name(path);
    let bytes = read_input(path).map_err(|e| {
        let _ = writeln!(err, "{name}: error[io]: cannot read {name}: {e}");
        EXIT_USAGE
    })?;
    let stdin = is_stdin(path);
    let stem = match path.file_stem() {
        Some(s) if !stdin => s.to_string_lossy().into_owned(),
        _ => "widget".into(),
    };
    let widget_file = if stdin {
        InputKind::sniff(&bytes) == InputKind::WidgetFile
    } else {
        name.ends_with(".widget")
    };
    // A view: its file name says so, or (on standard input) it starts with a tag.
    let jsx = if stdin {
        String::from_utf8_lossy(&bytes)
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('<')
    } else {
        name.ends_with(".jsx") || name.ends_with(".tsx")
    };
    let design = if widget_file {
        Design::from_widget_file(&bytes).map_err(|r| {
            print_report(&name, &r, &bytes, err);
            EXIT_INVALID
        })?
    } else {
        let text = String::from_utf8(bytes).map_err(|e| {
            let _ = writeln!(
                err,
                "{name}: error[json-invalid-utf8]: the file is not UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            );
            EXIT_INVALID
        })?;
        // An editor's byte-order mark is not part of the source.
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        if jsx {
            Design::jsx(&stem, &text, serde_json::json!({}))
        } else {
            // Widget JSON or a design document (also wrapped as `{"document": …}`, the API's
            // request body), read as /preview reads its source.
            let probe: Option<serde_json::Value> = serde_json::from_str(&text).ok();
            let text = match probe.as_ref().and_then(|p| p.as_object()) {
                Some(m) if m.len() == 1 && m.get("document").is_some_and(|d| d.is_object()) => {
                    m["document"].to_string()
                }
                _ => text,
            };
            let mut d = Design::from_input(&text).map_err(|r| {
                print_report(&name, &r, text.as_bytes(), err);
                EXIT_INVALID
            })?;
            if d.kind == DesignKind::Json {
                d.name = stem;
                // Keep the file's text (positions in reports refer to it).
                d.source = text;
            }
            d
        }
    };
    Ok((design, name))
}

fn print_report(name: &str, report: &widget::Report, source: &[u8], err: &mut impl Write) {
    let text = String::from_utf8_lossy(source);
    let index = widget::json::LineIndex::new(&text);
    for d in report.all() {
        let _ = writeln!(err, "{}", d.render(name));
        if d.origin.is_none() {
            let excerpt = d.excerpt(&text, &index);
            if !excerpt.is_empty() {
                let _ = writeln!(err, "{excerpt}");
            }
        }
    }
}

/// Prints a report for a design build: positions refer to the view or template, whose text
/// is shown in the excerpt.
fn print_design_report(
    name: &str,
    design: &widget::design::Design,
    report: &widget::Report,
    err: &mut impl Write,
) {
    let index = widget::json::LineIndex::new(&design.source);
    let origin = match design.kind {
        widget::design::DesignKind::Jsx => Some(widget::diag::Origin::View),
        widget::design::DesignKind::TemplateOnly => Some(widget::diag::Origin::Template),
        widget::design::DesignKind::Json => None,
    };
    for d in report.all() {
        let mut d = d.clone();
        if d.origin.is_none() && name.ends_with(".widget") {
            d.origin = origin.clone();
        }
        let _ = writeln!(err, "{}", d.render(name));
        let excerpt = d.excerpt(&design.source, &index);
        if !excerpt.is_empty() {
            let _ = writeln!(err, "{excerpt}");
        }
    }
}

fn pick_data(
    design: &widget::design::Design,
    data: Option<&std::path::Path>,
    state: Option<&str>,
    err: &mut impl Write,
) -> Result<serde_json::Value, u8> {
    if let Some(path) = data {
        let name = input_name(path);
        let bytes = read_input(path).map_err(|e| {
            let _ = writeln!(err, "{name}: error[io]: cannot read {name}: {e}");
            EXIT_USAGE
        })?;
        let (report, root) =
            widget::validate::parse_and_validate_json_only(&bytes, Default::default());
        if !report.is_valid() {
            let mut report = report;
            report.locate(&String::from_utf8_lossy(&bytes));
            print_report(&name, &report, &bytes, err);
            return Err(EXIT_INVALID);
        }
        let data = root.map(|r| r.to_serde()).unwrap_or_default();
        if !data.is_object() {
            let kind = widget::design::kind_of(&data);
            let _ = writeln!(
                err,
                "{name}:1:1: error[invalid-data]: the data is {kind}; data is a JSON object of the view's fields, such as {{\"title\": \"Hello\"}}"
            );
            return Err(EXIT_INVALID);
        }
        return Ok(data);
    }
    match design.state(state) {
        Some(v) => Ok(v.clone()),
        None => {
            let names: Vec<&str> = std::iter::once("default")
                .chain(design.states.iter().map(|s| s.name.as_str()))
                .collect();
            let _ = writeln!(
                err,
                "error[usage]: no state named \"{}\"; this design has: {}",
                state.unwrap_or(""),
                names.join(", ")
            );
            Err(EXIT_USAGE)
        }
    }
}

/// `widget-studio build FILE [--data DATA.json | --state NAME]`
pub fn build(args: &crate::args::BuildArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    if let Some(code) = one_stdin(&args.file, args.data.as_deref(), err) {
        return code;
    }
    let (mut design, name) = match load_design(&args.file, err) {
        Ok(d) => d,
        Err(code) => return code,
    };
    if let Some(t) = args.target {
        design.target = t;
    }
    let data = match pick_data(&design, args.data.as_deref(), args.state.as_deref(), err) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let built = design.build(&data);
    print_design_report(&name, &design, &built.report, err);
    if !built.report.is_valid() {
        return EXIT_INVALID;
    }
    match built.widget {
        Some(w) => {
            let _ = writeln!(out, "{}", widget::json::to_string(&w, Some(2)));
            EXIT_VALID
        }
        None => EXIT_INVALID,
    }
}

/// `widget-studio export FILE --format widget|json|a2ui [--data DATA.json | --state NAME]`
pub fn export(args: &crate::args::ExportArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    if let Some(code) = one_stdin(&args.file, args.data.as_deref(), err) {
        return code;
    }
    if let Some(why) = unused_export_options(args) {
        let _ = writeln!(err, "error: {why}");
        return EXIT_USAGE;
    }
    let (mut design, name) = match load_design(&args.file, err) {
        Ok(d) => d,
        Err(code) => return code,
    };
    // An `asset:` reference is the studio's to serve: the command line has no store to host
    // or inline it from, so it says so rather than ship one unsaid.
    let assets = widget::asset::ids_in(&serde_json::to_string(&design).unwrap_or_default());
    if !assets.is_empty() && !args.keep_assets {
        let refs: Vec<String> = assets
            .iter()
            .map(|id| widget::asset::reference(id))
            .collect();
        let _ = writeln!(
            err,
            "{name}: error[unhosted-assets]: the design uses {} studio image{} ({}), which only the studio can serve; export it from the studio (its Export section, or GET /api/designs/ID/export with asset_base or inline_max), or pass --keep-assets to leave the references as they are",
            refs.len(),
            if refs.len() == 1 { "" } else { "s" },
            refs.join(", ")
        );
        return EXIT_INVALID;
    }
    if let Some(t) = args.target {
        design.target = t;
    }
    match args.format {
        crate::args::ExportFormat::Json => {
            let data = match pick_data(&design, args.data.as_deref(), args.state.as_deref(), err) {
                Ok(d) => d,
                Err(code) => return code,
            };
            let built = design.build(&data);
            print_design_report(&name, &design, &built.report, err);
            match (built.report.is_valid(), built.widget) {
                (true, Some(w)) => {
                    let _ = writeln!(out, "{}", widget::json::to_string(&w, Some(2)));
                    EXIT_VALID
                }
                _ => EXIT_INVALID,
            }
        }
        crate::args::ExportFormat::A2ui => {
            let data = match pick_data(&design, args.data.as_deref(), args.state.as_deref(), err) {
                Ok(d) => d,
                Err(code) => return code,
            };
            export_a2ui(&design, &name, &data, args, out, err)
        }
        crate::args::ExportFormat::Widget => {
            if args.data.is_some() {
                match pick_data(&design, args.data.as_deref(), None, err) {
                    Ok(d) => design.default_state = d,
                    Err(code) => return code,
                }
            }
            export_widget(&design, &name, out, err)
        }
    }
}

/// An option given for a format that does not use it (it was ignored without a word).
fn unused_export_options(args: &crate::args::ExportArgs) -> Option<String> {
    use crate::args::ExportFormat;
    let a2ui_only = [
        ("--a2ui-version", args.a2ui_version.is_some()),
        ("--catalog", args.catalog.is_some()),
        ("--catalog-out", args.catalog_out.is_some()),
        ("--report", args.report),
        ("--jsonl", args.jsonl),
    ];
    let given: Vec<&str> = a2ui_only
        .iter()
        .filter(|(_, on)| *on)
        .map(|(flag, _)| *flag)
        .collect();
    let format = match args.format {
        ExportFormat::Json => "json",
        ExportFormat::Widget => "widget",
        ExportFormat::A2ui => return None,
    };
    if !given.is_empty() {
        return Some(format!(
            "{} applies to --format a2ui only, not --format {format}",
            given.join(", ")
        ));
    }
    if args.format == ExportFormat::Widget && args.state.is_some() {
        return Some(
            "--state applies to --format json and a2ui: a .widget carries every state (use --data DATA.json to set its default state)".into(),
        );
    }
    None
}

/// Writes a design's A2UI messages (a JSON array, or JSON Lines), the report on stderr with
/// `--report`, and the studio catalog with `--catalog-out`.
fn export_a2ui(
    design: &widget::design::Design,
    name: &str,
    data: &serde_json::Value,
    args: &crate::args::ExportArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    let opts = widget::a2ui::Options {
        version: args.a2ui_version.unwrap_or_default(),
        catalog: args.catalog.unwrap_or_default(),
        surface_id: None,
    };
    if let Some(why) = opts.refusal() {
        let _ = writeln!(
            err,
            "error[usage]: --a2ui-version v0.8 --catalog studio: {why}"
        );
        return EXIT_USAGE;
    }
    let export = match widget::a2ui::export(design, data, &opts) {
        Ok(e) => e,
        Err(report) => {
            print_design_report(name, design, &report, err);
            return EXIT_INVALID;
        }
    };
    if let Some(path) = &args.catalog_out {
        let Some(doc) = &export.catalog else {
            let _ = writeln!(
                err,
                "error[usage]: --catalog-out writes the studio catalog; give --catalog studio"
            );
            return EXIT_USAGE;
        };
        let text = serde_json::to_string_pretty(doc).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(path, text) {
            let _ = writeln!(err, "{}: error[io]: {e}", path.display());
            return EXIT_USAGE;
        }
    } else if export.catalog.is_some() {
        let _ = writeln!(
            err,
            "{name}: note: these messages use the studio catalog ({}); only clients that implement it draw them; write its document with --catalog-out FILE",
            widget::a2ui::STUDIO_CATALOG_ID
        );
    }
    if args.report {
        let _ = write!(err, "{}", export.report.render(name));
    }
    if args.jsonl {
        let _ = write!(out, "{}", export.to_jsonl());
    } else {
        let _ = writeln!(out, "{}", export.to_json());
    }
    EXIT_VALID
}

/// Writes the `.widget` file of a design, or its located errors.
fn export_widget(
    design: &widget::design::Design,
    name: &str,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    match design.to_widget_file() {
        Ok(file) => {
            if file.get("outputJsonPreview").is_none()
                && design.kind == widget::design::DesignKind::Jsx
            {
                let _ = writeln!(
                    err,
                    "{name}: note: the default state does not have the data the view reads, so the file has no outputJsonPreview (give --data DATA.json for one); the template does not need it"
                );
            }
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&file).unwrap_or_default()
            );
            EXIT_VALID
        }
        Err(report) => {
            print_design_report(name, design, &report, err);
            EXIT_INVALID
        }
    }
}
