//! Helpers for tests that run the real `widget-studio` binary.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_widget-studio")
}

/// A scratch directory removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let p = std::env::temp_dir().join(format!("ws-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running server on a free loopback port, killed on drop.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// A server without a rate limit (tests make many requests quickly).
    pub fn start(database_url: &str) -> Server {
        Server::start_with(database_url, &["--rate-limit", "0"], &[])
    }

    pub fn start_with(database_url: &str, args: &[&str], env: &[(&str, &str)]) -> Server {
        Server::start_exe(Path::new(bin()), database_url, args, env)
    }

    /// [`Server::start_with`] for another build of the binary (the hostile suite runs the
    /// release build).
    pub fn start_exe(
        exe: &Path,
        database_url: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        Server::start_at(exe, "127.0.0.1:0", database_url, args, env)
    }

    /// [`Server::start_exe`] listening on `addr`.
    pub fn start_at(
        exe: &Path,
        addr: &str,
        database_url: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        let mut child = serve_command(exe, addr, database_url, args, env)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn widget-studio");
        let stderr = child.stderr.take().unwrap();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let log2 = log.clone();
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if !sent && let Some(i) = line.find("listening on http://") {
                    let addr = line[i + "listening on http://".len()..].trim().to_string();
                    let _ = tx.send(addr);
                    sent = true;
                }
                log2.lock().unwrap().push_str(&line);
                log2.lock().unwrap().push('\n');
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("server did not start: {}", log.lock().unwrap()));
        Server {
            child,
            addr: addr.parse().unwrap(),
            stderr: log,
        }
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        request(self.addr, "GET", path, &[], "")
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `widget-studio serve --addr ADDR --database-url URL ARGS…` with only the test's
/// `WIDGET_STUDIO_*` settings (none leaks in from outside).
pub fn serve_command(
    exe: &Path,
    addr: &str,
    database_url: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Command {
    let mut cmd = Command::new(exe);
    cmd.args(["serve", "--addr", addr, "--database-url", database_url])
        .args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("WIDGET_STUDIO_") {
            cmd.env_remove(k);
        }
    }
    cmd.envs(env.iter().copied())
        .env("RUST_LOG", "info")
        .env_remove("LEPTOS_OUTPUT_NAME");
    cmd
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A test database: SQLite in a scratch directory, or a fresh database on the PostgreSQL
/// server that `scripts/with-postgres` started (`WS_TEST_POSTGRES_URL`).
pub struct TestDb {
    pub url: String,
    pub label: &'static str,
    _dir: Option<TempDir>,
}

impl TestDb {
    pub fn sqlite(tag: &str) -> TestDb {
        let dir = TempDir::new(tag);
        TestDb {
            url: format!("sqlite://{}/db.sqlite", dir.path().display()),
            label: "sqlite",
            _dir: Some(dir),
        }
    }

    /// A new, empty PostgreSQL database. Without `WS_TEST_POSTGRES_URL` this fails (run the
    /// tests through `scripts/with-postgres`, as `make test` does), unless
    /// `WS_SKIP_POSTGRES=1` says to skip PostgreSQL on purpose; then it returns `None`.
    pub fn postgres(tag: &str) -> Option<TestDb> {
        let Ok(admin) = std::env::var("WS_TEST_POSTGRES_URL") else {
            if std::env::var("WS_SKIP_POSTGRES").as_deref() == Ok("1") {
                eprintln!("WS_SKIP_POSTGRES=1: skipping the PostgreSQL run of {tag}");
                return None;
            }
            panic!(
                "WS_TEST_POSTGRES_URL is not set: run the tests with scripts/with-postgres \
                 (make unit does), or set WS_SKIP_POSTGRES=1 to skip PostgreSQL"
            );
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let name = format!("ws_{tag}_{}_{nanos}", std::process::id());
        let out = Command::new("psql")
            .args([admin.as_str(), "-v", "ON_ERROR_STOP=1", "-qc"])
            .arg(format!("CREATE DATABASE {name}"))
            .output()
            .expect("run psql");
        assert!(
            out.status.success(),
            "CREATE DATABASE failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
        Some(TestDb {
            url: format!("{base}/{name}"),
            label: "postgres",
            _dir: None,
        })
    }
}

/// Runs a test body on SQLite and on PostgreSQL.
pub fn on_both(tag: &str, body: impl Fn(&TestDb)) {
    let lite = TestDb::sqlite(tag);
    body(&lite);
    if let Some(pg) = TestDb::postgres(tag) {
        body(&pg);
    }
}

/// Declares `#[test] fn NAME()` that runs `BODY(db)` on SQLite, then on PostgreSQL.
#[allow(unused_macros)]
macro_rules! both {
    ($name:ident, $body:ident) => {
        #[test]
        fn $name() {
            common::on_both(stringify!($name), $body);
        }
    };
}

/// A JSON request: (status, the answer as JSON, or null).
pub fn call(
    s: &Server,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> (u16, serde_json::Value) {
    call_h(s, method, path, body, &[]).0
}

/// [`call`] with extra headers; also returns the response head.
pub fn call_h(
    s: &Server,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
    headers: &[(&str, &str)],
) -> ((u16, serde_json::Value), String) {
    let text = body.map(|b| b.to_string()).unwrap_or_default();
    let mut h = vec![("Content-Type", "application/json")];
    h.extend_from_slice(headers);
    let (status, head, out) = request(s.addr, method, path, &h, &text);
    (
        (
            status,
            serde_json::from_str(&out).unwrap_or(serde_json::Value::Null),
        ),
        head,
    )
}

/// A minimal HTTP/1.1 client: returns (status, headers, body).
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    let (status, head, body) = request_bytes(addr, method, path, headers, body.as_bytes());
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// [`request`] with a binary body and answer.
pub fn request_bytes(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    try_request_bytes(addr, method, path, headers, body).unwrap()
}

/// [`request_bytes`] that reports a connection failure instead of panicking (for tests that
/// kill the server mid-request).
pub fn try_request_bytes(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<(u16, String, Vec<u8>)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut bytes = req.into_bytes();
    bytes.extend_from_slice(body);
    // A server that refuses a body early (413) answers and closes while the body is still
    // being written: the write then fails, but the whole answer may have arrived.
    let wrote = s.write_all(&bytes);
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let read = loop {
        match s.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => break Err(e),
        }
    };
    // A read cut off (the server killed, a reset) is still an error: its answer may be partial.
    read?;
    if !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        wrote?;
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw.get(split + 4..).unwrap_or_default().to_vec();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(&body)
    } else {
        body
    };
    Ok((status, head, body))
}

fn dechunk(mut s: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = s.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&s[..i]);
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        let rest = &s[i + 2..];
        out.extend_from_slice(&rest[..n.min(rest.len())]);
        s = rest.get(n + 2..).unwrap_or_default();
    }
    out
}
