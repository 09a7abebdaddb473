//! Embeds the gallery (`public/gallery/*.widget`, its images, and the handler rules of its
//! sources `gallery/*.json`) in the server, so that `/gallery` and
//! "Use this" work wherever the binary runs. The same files are served as static downloads.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/gallery");
    let mut out = String::new();
    table(
        &mut out,
        "/// `(slug, .widget file text)`, sorted by slug.\npub const FILES: &[(&str, &str)]",
        &dir,
        &["widget"],
        Key::Stem,
        "include_str",
    );
    // The gallery's design documents (`gallery/*.json`, which the .widget files are exported
    // from): what a .widget does not carry, the handler rules, comes from them.
    table(
        &mut out,
        "/// `(slug, design document text)` of the gallery's sources, sorted by slug.\npub const SOURCES: &[(&str, &str)]",
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../gallery"),
        &["json"],
        Key::Stem,
        "include_str",
    );
    // The gallery's images (`public/gallery/img/`), which its designs use as `asset:`
    // references: the server serves them and stores them when a design is made from the gallery.
    table(
        &mut out,
        "/// `(file name, bytes)` of the gallery's images, sorted by name.\npub const IMAGES: &[(&str, &[u8])]",
        &dir.join("img"),
        &["png", "jpg", "jpeg", "gif", "webp"],
        Key::Name,
        "include_bytes",
    );
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("gallery_files.rs");
    std::fs::write(dest, out).unwrap();
}

/// What names a file in a table: its stem (`approval_request`) or its whole name (`logo.png`).
#[derive(Clone, Copy)]
enum Key {
    Stem,
    Name,
}

/// Writes `declaration = &[(key, include!(path)), …];` for the files in `dir` with one of
/// `extensions`, and tells cargo to run again when any of them changes.
fn table(
    out: &mut String,
    declaration: &str,
    dir: &Path,
    extensions: &[&str],
    key: Key,
    include: &str,
) {
    println!("cargo::rerun-if-changed={}", dir.display());
    writeln!(out, "{declaration} = &[").unwrap();
    for path in &listed(dir, extensions) {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = match key {
            Key::Stem => path.file_stem(),
            Key::Name => path.file_name(),
        }
        .and_then(|s| s.to_str())
        .unwrap_or_default();
        let abs = path.canonicalize().unwrap_or_else(|_| path.clone());
        writeln!(
            out,
            "    ({name:?}, {include}!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
}

/// The files in `dir` with one of `extensions`, sorted by path.
fn listed(dir: &Path, extensions: &[&str]) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| extensions.contains(&x))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
