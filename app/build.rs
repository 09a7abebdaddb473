//! Embeds the gallery (`public/gallery/*.widget`, its images, and the handler rules of its
//! sources `gallery/*.json`) in the server, so that `/gallery` and
//! "Use this" work wherever the binary runs. The same files are served as static downloads.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/gallery");
    println!("cargo::rerun-if-changed={}", dir.display());
    let files = listed(&dir, &["widget"]);
    let mut out = String::from(
        "/// `(slug, .widget file text)`, sorted by slug.\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let slug = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let abs = path.canonicalize().unwrap_or_else(|_| path.clone());
        writeln!(
            out,
            "    ({slug:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    // The gallery's design documents (`gallery/*.json`, which the .widget files are exported
    // from): what a .widget does not carry, the handler rules, comes from them.
    let sources = Path::new(env!("CARGO_MANIFEST_DIR")).join("../gallery");
    println!("cargo::rerun-if-changed={}", sources.display());
    out.push_str(
        "/// `(slug, design document text)` of the gallery's sources, sorted by slug.\npub const SOURCES: &[(&str, &str)] = &[\n",
    );
    for path in &listed(&sources, &["json"]) {
        println!("cargo::rerun-if-changed={}", path.display());
        let slug = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let abs = path.canonicalize().unwrap_or_else(|_| path.clone());
        writeln!(
            out,
            "    ({slug:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    // The gallery's images (`public/gallery/img/`), which its designs use as `asset:`
    // references: the server serves them and stores them when a design is made from the gallery.
    let img = dir.join("img");
    println!("cargo::rerun-if-changed={}", img.display());
    let images = listed(&img, &["png", "jpg", "jpeg", "gif", "webp"]);
    out.push_str(
        "/// `(file name, bytes)` of the gallery's images, sorted by name.\npub const IMAGES: &[(&str, &[u8])] = &[\n",
    );
    for path in &images {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let abs = path.canonicalize().unwrap_or_else(|_| path.clone());
        writeln!(
            out,
            "    ({name:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("gallery_files.rs");
    std::fs::write(dest, out).unwrap();
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
