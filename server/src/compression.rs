//! What the server sends compressed.
//!
//! - **The site's files** (the wasm bundles, their JS, the CSS, the editor's JavaScript) have
//!   precompressed copies (`X.br`, `X.gz` next to `X`), which `scripts/precompress.mjs` writes
//!   after a build and the static-file service (leptos_axum's, tower-http's `ServeDir`) sends to
//!   browsers that accept them. That service never compares a copy with its file: a build that
//!   rewrote `X` without running the script (a plain `cargo leptos build`, say) would leave an
//!   old copy that browsers would get instead of the new file. So the script also writes
//!   [`MANIFEST`], the SHA-256 of each file it compressed, and [`drop_stale`] removes, when the
//!   server starts, every copy whose file is gone, changed or not listed there (contents are
//!   compared, not times, which a copy of the site does not keep). Nor does it say
//!   that its answer depends on `Accept-Encoding`; [`vary`] does, so that a cache between the
//!   server and a browser never hands brotli to a client that did not ask for it.
//! - **Everything else** (pages, JSON, and a site file without a copy) is gzipped on the fly
//!   when the client accepts it ([`layer`]), bar what is compressed already or must not wait:
//!   images, fonts, zip files, opaque bytes and server-sent events. The encoder holds output
//!   until its buffer fills or the body ends, so a page that streams (Leptos's out-of-order
//!   mode with a `Suspense` that waits) would arrive all at once: the pages that wait on data
//!   render with `SsrMode::Async` or blocking resources, so none does today.

use std::path::{Path, PathBuf};

use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};

/// What [`drop_stale`] found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sweep {
    /// Copies in date, kept.
    pub kept: usize,
    /// Stale copies removed.
    pub removed: Vec<PathBuf>,
    /// Stale copies that could not be removed (and so may still be served), with why.
    pub failed: Vec<(PathBuf, String)>,
}

/// The file, in the site root, that lists what `scripts/precompress.mjs` compressed: a JSON
/// object from each file's path (relative, with `/`) to the SHA-256 (hex) of its contents.
pub const MANIFEST: &str = "precompressed.json";

/// The extensions `scripts/precompress.mjs` compresses (its `COMPRESSIBLE`): only `X.br` and
/// `X.gz` where `X` has one of them are taken for copies, so an asset such as `data.tar.gz` is
/// left alone.
const COMPRESSIBLE: [&str; 8] = ["wasm", "js", "mjs", "css", "svg", "json", "txt", "map"];

/// Whether `path` is a precompressed copy: `X.br` or `X.gz` for a compressible `X`, and not a
/// copy of the manifest.
fn is_copy(path: &Path) -> bool {
    let ext = |p: &Path| p.extension().and_then(|e| e.to_str()).map(str::to_owned);
    if !matches!(ext(path).as_deref(), Some("br" | "gz")) {
        return false;
    }
    let original = path.with_extension("");
    original.file_name().and_then(|n| n.to_str()) != Some(MANIFEST)
        && ext(&original).is_some_and(|e| COMPRESSIBLE.contains(&e.as_str()))
}

/// Removes the stale precompressed copies under `root` (recursively): those whose file is gone,
/// is not listed in [`MANIFEST`] or no longer has the listed contents. A missing `root` is an
/// empty site: nothing to do.
pub fn drop_stale(root: &Path) -> Sweep {
    let listed: std::collections::HashMap<String, String> = std::fs::read(root.join(MANIFEST))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    // Each file hashed once, for its two copies.
    let mut fresh: std::collections::HashMap<PathBuf, bool> = Default::default();
    let mut in_date = |original: &Path| -> bool {
        if let Some(&known) = fresh.get(original) {
            return known;
        }
        let rel = original
            .strip_prefix(root)
            .ok()
            .map(|r| r.to_string_lossy().replace('\\', "/"));
        let ok = match (rel.and_then(|r| listed.get(&r)), std::fs::read(original)) {
            (Some(want), Ok(bytes)) => crate::store::sha256_hex(&bytes).eq_ignore_ascii_case(want),
            _ => false,
        };
        fresh.insert(original.to_path_buf(), ok);
        ok
    };
    let mut sweep = Sweep::default();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                dirs.push(path);
                continue;
            }
            if !kind.is_file() || !is_copy(&path) {
                continue;
            }
            if in_date(&path.with_extension("")) {
                sweep.kept += 1;
            } else {
                match std::fs::remove_file(&path) {
                    Ok(()) => sweep.removed.push(path),
                    // Another server sweeping the same site got there first.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => sweep.removed.push(path),
                    Err(e) => sweep.failed.push((path, e.to_string())),
                }
            }
        }
    }
    sweep.removed.sort();
    sweep
}

/// The on-the-fly compression: gzip (the site's own files come precompressed, brotli included),
/// for answers of at least 1 KiB that are not one of the types above.
pub fn layer() -> tower_http::compression::CompressionLayer<impl Predicate> {
    let predicate = SizeAbove::new(1024)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE)
        .and(NotForContentType::const_new("font/"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/octet-stream"));
    tower_http::compression::CompressionLayer::new()
        .gzip(true)
        .compress_when(predicate)
}

/// Middleware: `Vary: Accept-Encoding` on every encoded answer, and on every answer from the
/// site's asset directories (`/pkg/`, `/js/`), whose files may have precompressed copies.
pub async fn vary(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::{HeaderValue, header};

    let asset = ["/pkg/", "/js/"]
        .iter()
        .any(|dir| request.uri().path().starts_with(dir));
    let mut response = next.run(request).await;
    if !(asset || response.headers().contains_key(header::CONTENT_ENCODING)) {
        return response;
    }
    let headers = response.headers_mut();
    let listed = headers.get_all(header::VARY).iter().any(|v| {
        v.to_str().is_ok_and(|v| {
            v.split(',').any(|name| {
                name.trim().eq_ignore_ascii_case("accept-encoding") || name.trim() == "*"
            })
        })
    });
    if !listed {
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// [`drop_stale`] on the site root, logged: run once when the server starts.
pub fn sweep_site(root: &Path) {
    let sweep = drop_stale(root);
    for path in &sweep.removed {
        tracing::warn!(
            path = %path.display(),
            "removed a precompressed copy that does not match its file (run scripts/precompress.mjs after a build)"
        );
    }
    for (path, why) in &sweep.failed {
        tracing::warn!(
            path = %path.display(),
            error = %why,
            "a precompressed copy does not match its file and could not be removed: browsers may get the old content"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ws-precompressed-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("pkg")).unwrap();
        dir
    }

    fn sha(text: &str) -> String {
        crate::store::sha256_hex(text.as_bytes())
    }

    #[test]
    fn copies_of_changed_unlisted_or_missing_files_are_removed() {
        let root = site("sweep");
        // Not copies: an archive, and the manifest's own copies are never trusted either.
        fs::write(root.join("pkg/data.tar.gz"), b"archive").unwrap();
        for path in [
            "pkg/a.wasm.br",
            "pkg/a.wasm.gz",
            "b.js.br",
            "b.js.gz",
            "pkg/c.css.br",
            "pkg/gone.css.br",
        ] {
            fs::write(root.join(path), b"copy").unwrap();
        }
        // As compressed.
        fs::write(root.join("pkg/a.wasm"), "wasm").unwrap();
        // Rebuilt since.
        fs::write(root.join("b.js"), "new js").unwrap();
        // Not listed (compressed by something else).
        fs::write(root.join("pkg/c.css"), "css").unwrap();
        let manifest = serde_json::json!({
            "pkg/a.wasm": sha("wasm"),
            "b.js": sha("old js"),
            "pkg/gone.css": sha("gone"),
        });
        fs::write(root.join(MANIFEST), manifest.to_string()).unwrap();

        let sweep = drop_stale(&root);
        assert_eq!(
            sweep.removed,
            vec![
                root.join("b.js.br"),
                root.join("b.js.gz"),
                root.join("pkg/c.css.br"),
                root.join("pkg/gone.css.br"),
            ]
        );
        assert_eq!(sweep.kept, 2);
        assert!(sweep.failed.is_empty());
        assert!(root.join("pkg/a.wasm.br").exists());
        assert!(root.join("pkg/a.wasm.gz").exists());
        assert!(root.join("b.js").exists());
        assert!(root.join("pkg/data.tar.gz").exists());
        // Nothing left to do the second time.
        let again = drop_stale(&root);
        assert_eq!((again.removed.len(), again.kept), (0, 2));

        // Without a manifest no copy can be trusted.
        fs::remove_file(root.join(MANIFEST)).unwrap();
        let sweep = drop_stale(&root);
        assert_eq!(sweep.removed.len(), 2);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn copies_are_br_or_gz_of_a_compressible_file() {
        for (path, copy) in [
            ("pkg/a.wasm.br", true),
            ("pkg/a.wasm.gz", true),
            ("js/editor.js.br", true),
            ("a.css.gz", true),
            ("pkg/data.tar.gz", false),
            ("pkg/a.wasm", false),
            ("precompressed.json.br", false),
            ("x.br", false),
            (".gz", false),
        ] {
            assert_eq!(is_copy(Path::new(path)), copy, "{path}");
        }
    }

    #[test]
    fn a_missing_site_is_empty() {
        let root = std::env::temp_dir().join("ws-precompressed-none/nowhere");
        assert_eq!(drop_stale(&root), Sweep::default());
    }
}
