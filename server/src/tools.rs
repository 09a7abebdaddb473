//! Command-line tools over the widget library: `validate` (and later `build`, `export`).

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;
use widget::{Diagnostic, InputKind, validate_input};

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
    #[serde(skip_serializing_if = "Option::is_none")]
    io_error: Option<String>,
}

/// Validates files and writes the report; returns the exit code.
pub fn validate(files: &[PathBuf], as_json: bool, out: &mut impl Write) -> u8 {
    let mut code = EXIT_VALID;
    let mut json_results = Vec::new();
    let (mut n_valid, mut n_invalid, mut n_err, mut n_warn) = (0, 0, 0, 0);
    for path in files {
        let name = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                code = EXIT_USAGE;
                let msg = format!("cannot read {name}: {e}");
                if as_json {
                    json_results.push(
                        serde_json::to_value(FileResult {
                            file: &name,
                            valid: false,
                            errors: &[],
                            warnings: &[],
                            io_error: Some(msg),
                        })
                        .unwrap_or_default(),
                    );
                } else {
                    let _ = writeln!(out, "{name}: error[io]: {msg}");
                }
                continue;
            }
        };
        let report = validate_input(&bytes, InputKind::from_path(&name));
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
                    io_error: None,
                })
                .unwrap_or_default(),
            );
        } else {
            let text = String::from_utf8_lossy(&bytes);
            let index = widget::json::LineIndex::new(&text);
            for d in report.all() {
                let _ = writeln!(out, "{}", d.render(&name));
                let excerpt = d.excerpt(&text, &index);
                if !excerpt.is_empty() {
                    let _ = writeln!(out, "{excerpt}");
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
        let _ = writeln!(
            out,
            "checked {} file(s): {n_valid} valid, {n_invalid} invalid ({n_err} error(s), {n_warn} warning(s))",
            files.len()
        );
    }
    code
}
