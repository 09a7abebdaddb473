//! The site's precompressed copies (`X.br`, `X.gz` next to `X`), which `scripts/precompress.mjs`
//! writes after a build and the static-file service sends to browsers that accept them.
//!
//! That service does not say that its answer depends on `Accept-Encoding`; [`vary`] does, so
//! that a cache between the server and a browser never hands brotli to a client that did not
//! ask for it.
//!
//! The service never compares a copy with its file. A build that rewrote `X` without running the
//! script (a plain `cargo leptos build`, say) would leave an old copy that browsers would get
//! instead of the new file, so [`drop_stale`] removes, when the server starts, every copy older
//! than its file or whose file is gone.

use std::path::{Path, PathBuf};

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

/// Removes the stale precompressed copies under `root` (recursively). A missing `root` is an
/// empty site: nothing to do.
pub fn drop_stale(root: &Path) -> Sweep {
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
            let is_copy = matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz"));
            if !kind.is_file() || !is_copy {
                continue;
            }
            let original = path.with_extension("");
            if is_stale(&path, &original) {
                match std::fs::remove_file(&path) {
                    Ok(()) => sweep.removed.push(path),
                    Err(e) => sweep.failed.push((path, e.to_string())),
                }
            } else {
                sweep.kept += 1;
            }
        }
    }
    sweep.removed.sort();
    sweep
}

/// A copy is stale if its file is gone or was written after it (or either time is unknown).
fn is_stale(copy: &Path, original: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified());
    match (modified(copy), modified(original)) {
        (Ok(copy), Ok(original)) => copy < original,
        _ => true,
    }
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
            "removed a precompressed copy older than its file (run scripts/precompress.mjs after a build)"
        );
    }
    for (path, why) in &sweep.failed {
        tracing::warn!(
            path = %path.display(),
            error = %why,
            "a precompressed copy is older than its file and could not be removed: browsers may get the old content"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::{self, File};
    use std::time::{Duration, SystemTime};

    fn site(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ws-precompressed-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("pkg")).unwrap();
        dir
    }

    fn touch(path: &Path, at: SystemTime) {
        fs::write(path, b"x").unwrap();
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(at)
            .unwrap();
    }

    #[test]
    fn copies_older_than_their_file_or_without_one_are_removed() {
        let root = site("sweep");
        let t0 = SystemTime::now() - Duration::from_secs(3600);
        let t1 = t0 + Duration::from_secs(60);
        // In date: written after the file.
        touch(&root.join("pkg/a.wasm"), t0);
        touch(&root.join("pkg/a.wasm.br"), t1);
        touch(&root.join("pkg/a.wasm.gz"), t1);
        // The file was rebuilt after its copies.
        touch(&root.join("b.js"), t1);
        touch(&root.join("b.js.br"), t0);
        touch(&root.join("b.js.gz"), t1);
        // The file is gone.
        touch(&root.join("pkg/gone.css.br"), t1);
        // Not a copy.
        touch(&root.join("pkg/c.css"), t1);

        let sweep = drop_stale(&root);
        assert_eq!(
            sweep.removed,
            vec![root.join("b.js.br"), root.join("pkg/gone.css.br")]
        );
        assert_eq!(sweep.kept, 3);
        assert!(sweep.failed.is_empty());
        assert!(root.join("pkg/a.wasm.br").exists());
        assert!(root.join("b.js.gz").exists());
        assert!(root.join("b.js").exists());
        assert!(!root.join("b.js.br").exists());
        // Nothing left to do the second time.
        let again = drop_stale(&root);
        assert_eq!((again.removed.len(), again.kept), (0, 3));
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_missing_site_is_empty() {
        let root = std::env::temp_dir().join("ws-precompressed-none/nowhere");
        assert_eq!(drop_stale(&root), Sweep::default());
    }
}
