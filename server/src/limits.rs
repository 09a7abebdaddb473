//! What one request may cost: the serve-time limits in one place (see docs/operations.md),
//! their parsers, the start-up log line, and the shared limit on heavy work.
//!
//! Heavy work is the backup import (`POST /api/backup`), the backup export (`GET /api/backup`)
//! and renders of large sources (`POST /api/render` and `POST /api/preview` with a body over
//! [`LARGE_RENDER_BYTES`] or of unknown length). At most `heavy_jobs` of them run at once; one
//! more is answered at once with 503, `Retry-After` and a JSON error, before its body is read,
//! so a crowd of imports neither queues nor takes memory.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::sync::Semaphore;

use crate::archive::ArchiveLimits;
use crate::error::{ApiError, ErrorCode};

/// Renders with a body above this size count as heavy work.
pub const LARGE_RENDER_BYTES: u64 = 64 << 10;
/// The `Retry-After` of a 503 for heavy work, in seconds.
pub const BUSY_RETRY_AFTER: u64 = 5;
/// Largest JSON body of any other API request (`DefaultBodyLimit`).
pub const MAX_JSON_BODY: usize = 4 << 20;

/// Connection limits, enforced by the `conn` module.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConnLimits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub body_timeout: Duration,
    pub min_body_rate: u64,
    pub write_timeout: Duration,
}

/// Every serve-time limit.
#[derive(Debug, Clone)]
pub struct Limits {
    pub conn: ConnLimits,
    pub heavy_jobs: usize,
    pub import_max_zip: u64,
    pub archive: ArchiveLimits,
    /// What a design's `handlers.forward` may reach.
    pub forward: crate::forward::ForwardPolicy,
    /// The most one asset, and all assets, may take.
    pub assets: crate::asset_store::AssetLimits,
    heavy: Arc<Semaphore>,
}

impl Limits {
    pub fn new(
        conn: ConnLimits,
        heavy_jobs: usize,
        import_max_zip: u64,
        archive: ArchiveLimits,
    ) -> Limits {
        Limits {
            conn,
            heavy_jobs,
            import_max_zip,
            archive,
            forward: Default::default(),
            assets: Default::default(),
            heavy: Arc::new(Semaphore::new(heavy_jobs)),
        }
    }

    /// From the `serve` command line.
    pub fn from_args(args: &crate::args::ServeArgs) -> Limits {
        let mut l = Limits::new(
            ConnLimits {
                max_connections: args.max_connections as usize,
                header_timeout: args.header_timeout,
                idle_timeout: args.idle_timeout,
                body_timeout: args.body_timeout,
                min_body_rate: args.min_body_rate,
                write_timeout: args.write_timeout,
            },
            args.heavy_jobs as usize,
            args.import_max_zip,
            ArchiveLimits {
                max_entries: args.import_max_entries as usize,
                max_entry_bytes: args.import_max_file,
                budget: args.import_budget,
                max_ratio: args.import_max_ratio,
            },
        );
        l.forward = crate::forward::ForwardPolicy {
            allow: args
                .forward_allow
                .iter()
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
                .collect(),
            timeout: args.forward_timeout,
            max_bytes: usize::try_from(args.forward_max).unwrap_or(usize::MAX),
            own_port: Some(args.addr.port()),
        };
        l.assets = args.assets.limits();
        l
    }

    /// A permit for heavy work, or the 503 that says the server is at its limit.
    pub fn heavy_permit(&self) -> Result<tokio::sync::OwnedSemaphorePermit, Box<Response>> {
        self.heavy
            .clone()
            .try_acquire_owned()
            .map_err(|_| Box::new(busy(self.heavy_jobs)))
    }

    /// The start-up log line: every limit with its value.
    pub fn summary(&self) -> String {
        let c = &self.conn;
        let a = &self.archive;
        let view = widget::template::eval::Limits::default();
        format!(
            "limits: max-connections={} header-timeout={} idle-timeout={} body-timeout={} \
             min-body-rate={}/s write-timeout={} heavy-jobs={} import-max-zip={} \
             import-budget={} import-max-file={} import-max-entries={} import-max-ratio={} \
             json-body={} components={} view-steps={} template-steps={} asset-max={} \
             asset-quota={}",
            c.max_connections,
            secs(c.header_timeout),
            secs(c.idle_timeout),
            secs(c.body_timeout),
            short(c.min_body_rate),
            secs(c.write_timeout),
            self.heavy_jobs,
            short(self.import_max_zip),
            short(a.budget),
            short(a.max_entry_bytes),
            a.max_entries,
            a.max_ratio,
            short(MAX_JSON_BODY as u64),
            view.max_nodes,
            view.max_steps,
            widget::template::render::FUEL,
            short(self.assets.max_bytes),
            short(self.assets.quota_bytes),
        )
    }
}

fn secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

/// `268435456` → `256MiB`, the form the settings accept.
fn short(n: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if n >= 1 << shift && n.is_multiple_of(1 << shift) {
            return format!("{}{unit}", n >> shift);
        }
    }
    n.to_string()
}

/// The 503 for heavy work past the limit.
pub fn busy(heavy_jobs: usize) -> Response {
    let mut err = ApiError::new(
        ErrorCode::Busy,
        format!(
            "the server is already running {heavy_jobs} heavy requests (imports, backup exports, large renders), the most it runs at once (setting --heavy-jobs, WIDGET_STUDIO_HEAVY_JOBS); try again in {BUSY_RETRY_AFTER} seconds"
        ),
    );
    err.details = json!({"retry_after_seconds": BUSY_RETRY_AFTER, "heavy_jobs": heavy_jobs});
    let mut resp = err.into_response();
    let h = resp.headers_mut();
    h.insert(header::RETRY_AFTER, HeaderValue::from(BUSY_RETRY_AFTER));
    // The body is never read, so the connection closes after the answer.
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    resp
}

/// Whether a request is heavy work (see the module documentation).
pub fn is_heavy(req: &Request) -> bool {
    let path = req.uri().path();
    let method = req.method();
    if path == "/api/backup" {
        return method == Method::GET || method == Method::POST;
    }
    if method == Method::POST && (path == "/api/render" || path == "/api/preview") {
        let len = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        return len.is_none_or(|n| n > LARGE_RENDER_BYTES);
    }
    false
}

/// Middleware: heavy requests hold a permit while they run; past the limit, 503.
pub async fn middleware(State(limits): State<Limits>, req: Request, next: Next) -> Response {
    if !is_heavy(&req) {
        return next.run(req).await;
    }
    match limits.heavy_permit() {
        Ok(permit) => {
            let resp = next.run(req).await;
            drop(permit);
            resp
        }
        Err(resp) => {
            tracing::info!(path = %req.uri().path(), "heavy work at its limit: 503");
            *resp
        }
    }
}

/// The soft limit on open files (Linux: from /proc/self/limits), if it can be read.
pub fn open_file_limit() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = text.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

/// File descriptors kept free for the database, log and static files beside the connections.
pub const SPARE_FILES: u64 = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::args::{parse_duration, parse_size};

    #[test]
    fn durations_and_sizes_parse_with_clear_errors() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("10"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(
            parse_duration("soon"),
            Err("\"soon\" is not a duration; write e.g. 10s, 500ms or 2m".into())
        );
        assert_eq!(
            parse_duration("0s"),
            Err("\"0s\": a duration must be above 0 and at most a day".into())
        );
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("64 KiB"), Ok(64 << 10));
        assert_eq!(parse_size("4MB"), Ok(4 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(
            parse_size("lots"),
            Err("\"lots\" is not a size; write e.g. 256MiB, 64KiB or a number of bytes".into())
        );
        assert_eq!(parse_size("0"), Err("\"0\": a size must be above 0".into()));
        assert_eq!(
            parse_size("99999999999GiB"),
            Err("\"99999999999GiB\" is too large".into())
        );
        assert_eq!(short(256 << 20), "256MiB");
        assert_eq!(short(65536), "64KiB");
        assert_eq!(short(1000), "1000");
    }

    #[test]
    fn the_default_limits_and_their_log_line() {
        let limits = Limits::from_args(&crate::args::ServeArgs::default());
        assert_eq!(
            limits.summary(),
            "limits: max-connections=512 header-timeout=10s idle-timeout=30s body-timeout=30s \
             min-body-rate=64KiB/s write-timeout=30s heavy-jobs=2 import-max-zip=64MiB \
             import-budget=256MiB import-max-file=4MiB import-max-entries=10000 \
             import-max-ratio=100 json-body=4MiB components=20000 view-steps=2000000 \
             template-steps=5000000 asset-max=5MiB asset-quota=1GiB"
        );
        assert_eq!(limits.archive, ArchiveLimits::default());
        assert_eq!(limits.assets, crate::asset_store::AssetLimits::default());
    }

    #[tokio::test]
    async fn heavy_work_past_the_limit_is_a_503_with_retry_after() {
        let limits = Limits::from_args(&crate::args::ServeArgs::default());
        let a = limits.heavy_permit().unwrap();
        let _b = limits.heavy_permit().unwrap();
        let resp = *limits.heavy_permit().unwrap_err();
        assert_eq!(resp.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(resp.headers()[header::RETRY_AFTER], "5");
        assert_eq!(resp.headers()[header::CONNECTION], "close");
        let body = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["code"], "busy");
        assert_eq!(
            v["error"]["message"],
            "the server is already running 2 heavy requests (imports, backup exports, large \
             renders), the most it runs at once (setting --heavy-jobs, WIDGET_STUDIO_HEAVY_JOBS); \
             try again in 5 seconds"
        );
        assert_eq!(v["error"]["details"]["retry_after_seconds"], 5);
        drop(a);
        assert!(
            limits.heavy_permit().is_ok(),
            "a finished job frees its place"
        );
    }

    #[test]
    fn which_requests_are_heavy() {
        let req = |m: &str, p: &str, len: Option<u64>| {
            let mut b = Request::builder().method(m).uri(p);
            if let Some(n) = len {
                b = b.header(header::CONTENT_LENGTH, n);
            }
            b.body(axum::body::Body::empty()).unwrap()
        };
        assert!(is_heavy(&req("POST", "/api/backup", Some(10))));
        assert!(is_heavy(&req("GET", "/api/backup", None)));
        assert!(is_heavy(&req(
            "POST",
            "/api/render",
            Some(LARGE_RENDER_BYTES + 1)
        )));
        assert!(is_heavy(&req("POST", "/api/render", None)));
        assert!(is_heavy(&req("POST", "/api/preview", Some(1 << 20))));
        assert!(!is_heavy(&req(
            "POST",
            "/api/render",
            Some(LARGE_RENDER_BYTES)
        )));
        assert!(!is_heavy(&req("PUT", "/api/designs/x", Some(1 << 20))));
        assert!(!is_heavy(&req("GET", "/healthz", None)));
    }
}
