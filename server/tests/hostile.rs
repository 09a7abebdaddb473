//! Hostile traffic against the server binary with its **default** settings (issue 21):
//! a zip bomb through the backup import, heavy imports beside light requests, more heavy
//! imports than the server runs at once, and slow clients (half-sent headers, a trickled
//! header, a stalled body, an idle keep-alive connection).
//!
//! Measures the server process itself: resident memory from /proc/PID/status (VmRSS before,
//! VmHWM, the peak, after) and its open file descriptors from /proc/PID/fd.
//!
//! The tests are `#[ignore]`d in a plain `cargo test` because they need a built server binary
//! and take 40 s: `make hostile` (part of `make test`, right after `unit`, against the dev
//! binary `unit` built) runs them with `--ignored`. The binary is `$WS_HOSTILE_BIN`, else
//! `$CARGO_TARGET_DIR/release/widget-studio` (default target dir `target/`); a missing or stale
//! binary fails the suite rather than skipping it.
//! The zips are generated on first use and cached in `TARGET/hostile-cache/`.

mod common;

use std::io::{Cursor, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use common::{Server, TempDir};
use serde_json::{Value, json};

/// The defaults these tests hold the server to (see docs/operations.md).
const HEADER_TIMEOUT: f64 = 10.0;
const IDLE_TIMEOUT: f64 = 30.0;
const BODY_TIMEOUT: f64 = 30.0;
const HEAVY_JOBS: usize = 2;
const MB: u64 = 1_000_000;

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// The server binary; fails if it is missing or older than the server's sources.
fn server_bin() -> PathBuf {
    let bin = std::env::var_os("WS_HOSTILE_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("release/widget-studio"));
    let built = std::fs::metadata(&bin)
        .and_then(|m| m.modified())
        .unwrap_or_else(|_| {
            panic!(
                "no server binary at {}: build it (`cargo build --release -p server` or \
                 `make site`), or point WS_HOSTILE_BIN at one",
                bin.display()
            )
        });
    let newest = newest_source(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")));
    assert!(
        built >= newest,
        "{} is older than the server's sources: rebuild it (`cargo build -p server`, `cargo build --release -p server`)",
        bin.display()
    );
    bin
}

fn newest_source(dir: &Path) -> SystemTime {
    let mut newest = SystemTime::UNIX_EPOCH;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let t = if p.is_dir() {
            newest_source(&p)
        } else {
            e.metadata().and_then(|m| m.modified()).unwrap()
        };
        newest = newest.max(t);
    }
    newest
}

/// The server with default settings (no WIDGET_STUDIO_* from the environment).
fn start(dir: &TempDir) -> Server {
    let bin = server_bin();
    let url = format!("sqlite://{}/db.sqlite", dir.path().display());
    let s = Server::start_exe(&bin, &url, &[], &[]);
    let log = s.stderr.lock().unwrap().clone();
    assert!(
        log.contains("limits: max-connections=512 header-timeout=10s idle-timeout=30s"),
        "the limits are in the start-up log: {log}"
    );
    s
}

/// A field of /proc/PID/status, in bytes (VmRSS, VmHWM).
fn proc_status(pid: u32, key: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("{key} not in /proc/{pid}/status"));
    let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb * 1024
}

fn open_fds(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count()
}

/// A zip of `count` copies of one deflated entry, written at `path` once and then reused.
fn cached_zip(
    file: &str,
    count: usize,
    name: impl Fn(usize) -> String,
    content: impl FnOnce() -> Vec<u8>,
) -> Vec<u8> {
    let dir = target_dir().join("hostile-cache");
    let path = dir.join(file);
    if let Ok(b) = std::fs::read(&path) {
        return b;
    }
    let t = Instant::now();
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    let mut one = zip::ZipWriter::new(Cursor::new(Vec::new()));
    one.start_file("x", opts).unwrap();
    one.write_all(&content()).unwrap();
    let one = one.finish().unwrap().into_inner();
    let mut src = zip::ZipArchive::new(Cursor::new(one)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..count {
        out.raw_copy_file_rename(src.by_index_raw(0).unwrap(), name(i))
            .unwrap();
    }
    let bytes = out.finish().unwrap().into_inner();
    std::fs::create_dir_all(&dir).unwrap();
    let tmp = dir.join(format!("{file}.tmp{}", std::process::id()));
    std::fs::write(&tmp, &bytes).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    eprintln!(
        "generated {} ({} bytes) in {:?}",
        path.display(),
        bytes.len(),
        t.elapsed()
    );
    bytes
}

/// The bomb: 10,000 entries of 4 MiB of zeros (~41 MB deflated, 40 GiB inflated).
fn bomb_zip() -> Vec<u8> {
    cached_zip(
        "bomb-10000x4MiB.zip",
        10_000,
        |i| format!("bomb/{i:05}.widget"),
        || vec![0u8; 4 << 20],
    )
}

/// Heavy but within every limit: 40 design files of just under 4 MiB of word salad (about
/// 5:1), 160 MiB to inflate and parse. Each is a JSON object whose 4 MiB `name` parses and
/// whose `kind` then does not, so nothing is stored: the import is pure inflating and parsing.
fn heavy_zip() -> Vec<u8> {
    cached_zip(
        "heavy-40x4MiB.zip",
        40,
        |i| format!("designs/heavy-{i:02}.design.json"),
        || {
            let words = [
                "card", "text", "row", "col", "badge", "image", "button", "divider", "title",
                "caption", "markdown", "spacer", "icon", "flight", "status", "gate", "delayed",
                "boarding", "seat", "meal", "price", "total", "cart", "order", "track", "list",
                "view", "item", "chart", "bar", "line", "area",
            ];
            let mut s = String::from("{\"name\": \"");
            let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
            while s.len() < (4 << 20) - 64 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(words[(x % words.len() as u64) as usize]);
                s.push(' ');
            }
            s.push_str("\", \"kind\": 5}");
            s.into_bytes()
        },
    )
}

/// Reads a response head (up to the blank line) byte by byte.
fn read_head(s: &mut TcpStream) -> std::io::Result<String> {
    let mut head = Vec::new();
    let mut b = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut b)? == 0 {
            return Err(std::io::Error::new(ErrorKind::UnexpectedEof, "closed"));
        }
        head.push(b[0]);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

fn status_of(head: &str) -> u16 {
    head.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Reads the body after `head` (Content-Length, else to the end).
fn read_body(s: &mut TcpStream, head: &str) -> Vec<u8> {
    let len = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("content-length")
            .then(|| v.trim().parse::<usize>().ok())?
    });
    let mut body = Vec::new();
    match len {
        Some(n) => {
            body.resize(n, 0);
            s.read_exact(&mut body).unwrap();
        }
        None => {
            let _ = s.read_to_end(&mut body);
        }
    }
    body
}

/// POST with `Expect: 100-continue`, as curl sends large uploads: the body goes only after the
/// server's 100; a final answer instead (a 503) is read without sending it.
fn post_expect(addr: SocketAddr, path: &str, body: &[u8]) -> (u16, String, Value, Duration) {
    let t = Instant::now();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/zip\r\nContent-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    let mut head = read_head(&mut s).unwrap();
    if status_of(&head) == 100 {
        s.write_all(body).unwrap();
        head = read_head(&mut s).unwrap();
    }
    let out = read_body(&mut s, &head);
    (
        status_of(&head),
        head,
        serde_json::from_slice(&out).unwrap_or(Value::Null),
        t.elapsed(),
    )
}

/// GET /healthz on a new connection: (status, time).
fn healthz(addr: SocketAddr) -> (u16, Duration) {
    let t = Instant::now();
    let (st, _, _) = common::request(addr, "GET", "/healthz", &[], "");
    (st, t.elapsed())
}

/// Polls /healthz every 20 ms until `stop`; returns every (status, latency, started at).
fn poll_healthz(
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
) -> std::thread::JoinHandle<Vec<(u16, Duration, Instant)>> {
    std::thread::spawn(move || {
        let mut out = Vec::new();
        while !stop.load(Ordering::Acquire) {
            let at = Instant::now();
            let (st, d) = healthz(addr);
            out.push((st, d, at));
            std::thread::sleep(Duration::from_millis(20));
        }
        out
    })
}

fn summarize(
    samples: &[(u16, Duration, Instant)],
    from: Instant,
    to: Instant,
) -> (usize, Duration) {
    let during: Vec<_> = samples
        .iter()
        .filter(|(_, _, at)| *at >= from && *at <= to)
        .collect();
    for (st, d, _) in &during {
        assert_eq!(*st, 200, "healthz answered {st} after {d:?}");
    }
    let max = during.iter().map(|(_, d, _)| *d).max().unwrap_or_default();
    (during.len(), max)
}

#[test]
#[ignore = "needs a built server binary: run by `make hostile`"]
fn a_zip_bomb_is_refused_fast_in_bounded_memory() {
    let bomb = bomb_zip();
    assert!(
        bomb.len() < 64 << 20,
        "under the body limit: {}",
        bomb.len()
    );
    let dir = TempDir::new("hostile-bomb");
    let s = start(&dir);
    let pid = s.child.id();
    assert_eq!(healthz(s.addr).0, 200);
    let rss0 = proc_status(pid, "VmRSS");

    let stop = Arc::new(AtomicBool::new(false));
    let poller = poll_healthz(s.addr, stop.clone());
    std::thread::sleep(Duration::from_millis(100));
    let t0 = Instant::now();
    let (st, _, out) = common::request_bytes(s.addr, "POST", "/api/backup", &[], &bomb);
    let took = t0.elapsed();
    let t1 = Instant::now();
    std::thread::sleep(Duration::from_millis(100));
    stop.store(true, Ordering::Release);
    let samples = poller.join().unwrap();
    let hwm = proc_status(pid, "VmHWM");
    let grew = hwm.saturating_sub(rss0);
    let out: Value = serde_json::from_slice(&out).unwrap();
    let (n, max) = summarize(&samples, t0, t1);
    eprintln!(
        "BOMB: {} byte zip of 10,000 x 4 MiB zeros: {st} in {took:?}; RSS before {:.1} MB, \
         peak {:.1} MB, growth {:.1} MB; healthz during: {n} answers, slowest {max:?}",
        bomb.len(),
        rss0 as f64 / MB as f64,
        hwm as f64 / MB as f64,
        grew as f64 / MB as f64
    );
    assert_eq!(st, 422, "{out}");
    assert_eq!(out["error"]["code"], "invalid-import");
    let msg = out["error"]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("bomb/00000.widget (file 0 of the zip): ")
            && msg.contains("a ratio over 100:1")
            && msg.contains("--import-max-ratio, WIDGET_STUDIO_IMPORT_MAX_RATIO"),
        "{msg}"
    );
    assert_eq!(out["error"]["details"]["limit"], "import-max-ratio");
    assert!(took < Duration::from_secs(2), "refused in {took:?}");
    assert!(grew < 300 * MB, "resident memory grew by {grew} bytes");
    assert!(max < Duration::from_millis(100), "healthz took {max:?}");
    assert!(n >= 1, "no healthz sample overlapped the import");
    // The server is fine afterwards.
    assert_eq!(healthz(s.addr).0, 200);
}

#[test]
#[ignore = "needs a built server binary: run by `make hostile`"]
fn a_heavy_import_runs_off_the_async_workers() {
    let heavy = heavy_zip();
    let dir = TempDir::new("hostile-heavy");
    let s = start(&dir);
    let pid = s.child.id();
    assert_eq!(healthz(s.addr).0, 200);
    let rss0 = proc_status(pid, "VmRSS");
    let stop = Arc::new(AtomicBool::new(false));
    let poller = poll_healthz(s.addr, stop.clone());
    std::thread::sleep(Duration::from_millis(100));
    let t0 = Instant::now();
    let (st, _, out, took) = post_expect(s.addr, "/api/backup", &heavy);
    let t1 = Instant::now();
    stop.store(true, Ordering::Release);
    let samples = poller.join().unwrap();
    let grew = proc_status(pid, "VmHWM").saturating_sub(rss0);
    let (n, max) = summarize(&samples, t0, t1);
    eprintln!(
        "HEAVY: {} byte zip, 40 x 4 MiB design files (160 MiB to inflate and parse): {st} in \
         {took:?}; RSS growth {:.1} MB; healthz during: {n} answers, slowest {max:?}",
        heavy.len(),
        grew as f64 / MB as f64
    );
    // Every file parses to the end and fails on `kind`: reported per file, nothing stored.
    assert_eq!(st, 422, "{out}");
    assert_eq!(out["errors"].as_array().map(Vec::len), Some(40), "{out}");
    // ... after parsing the whole 4 MiB name.
    let e = &out["errors"][0]["error"];
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("not a design document: ")
            && e["column"].as_u64() > Some(4_000_000),
        "{e}"
    );
    assert!(n >= 5, "only {n} healthz samples during a {took:?} import");
    assert!(max < Duration::from_millis(100), "healthz took {max:?}");
    assert!(grew < 300 * MB, "resident memory grew by {grew} bytes");
}

#[test]
#[ignore = "needs a built server binary: run by `make hostile`"]
fn heavy_imports_past_the_limit_get_503_and_saves_stay_fast() {
    let heavy = Arc::new(heavy_zip());
    let dir = TempDir::new("hostile-crowd");
    let s = start(&dir);
    let pid = s.child.id();
    let (st, created) = common::call(
        &s,
        "POST",
        "/api/designs",
        Some(
            &json!({"document": {"name": "Light", "kind": "jsx", "source": "<Card><Text value=\"hi\" /></Card>"}}),
        ),
    );
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let rss0 = proc_status(pid, "VmRSS");

    const N: usize = 6;
    let barrier = Arc::new(std::sync::Barrier::new(N + 1));
    let imports: Vec<_> = (0..N)
        .map(|_| {
            let (heavy, barrier, addr) = (heavy.clone(), barrier.clone(), s.addr);
            std::thread::spawn(move || {
                barrier.wait();
                post_expect(addr, "/api/backup", &heavy)
            })
        })
        .collect();
    barrier.wait();
    // Light work while the heavy work runs: reads and saves.
    let mut light = Vec::new();
    let t_end = Instant::now() + Duration::from_millis(800);
    let mut rev = 1;
    while Instant::now() < t_end {
        let t = Instant::now();
        let (st, _) = common::call(&s, "GET", &format!("/api/designs/{id}"), None);
        light.push(("read", st, t.elapsed()));
        let t = Instant::now();
        let (st, rec) = common::call(
            &s,
            "PUT",
            &format!("/api/designs/{id}"),
            Some(
                &json!({"document": {"name": "Light", "kind": "jsx", "source": format!("<Card><Text value=\"{rev}\" /></Card>")}, "base_revision": rev}),
            ),
        );
        assert_eq!(st, 200, "{rec}");
        rev += 1;
        light.push(("save", st, t.elapsed()));
        std::thread::sleep(Duration::from_millis(50));
    }
    let results: Vec<_> = imports.into_iter().map(|h| h.join().unwrap()).collect();
    let grew = proc_status(pid, "VmHWM").saturating_sub(rss0);
    let busy: Vec<_> = results.iter().filter(|r| r.0 == 503).collect();
    let ran: Vec<_> = results.iter().filter(|r| r.0 == 422).collect();
    let slowest_light = light.iter().map(|l| l.2).max().unwrap();
    eprintln!(
        "CROWD: {N} concurrent heavy imports: {} ran, {} got 503 (in {:?} at most); RSS growth \
         {:.1} MB; {} light reads/saves meanwhile, slowest {slowest_light:?}",
        ran.len(),
        busy.len(),
        busy.iter().map(|r| r.3).max().unwrap_or_default(),
        grew as f64 / MB as f64,
        light.len()
    );
    assert_eq!(ran.len() + busy.len(), N, "{results:?}");
    assert!(
        ran.len() <= HEAVY_JOBS && !ran.is_empty(),
        "{} ran",
        ran.len()
    );
    assert!(busy.len() >= N - HEAVY_JOBS, "{} got 503", busy.len());
    for (_, head, body, took) in &busy {
        assert!(
            head.to_ascii_lowercase().contains("retry-after: 5"),
            "{head}"
        );
        assert_eq!(body["error"]["code"], "busy", "{body}");
        assert!(*took < Duration::from_secs(1), "a 503 took {took:?}");
    }
    assert!(grew < 300 * MB, "resident memory grew by {grew} bytes");
    assert!(
        slowest_light < Duration::from_millis(250),
        "light requests: {light:?}"
    );
}

/// How a socket ended: EOF or reset, and when.
#[derive(Debug, Clone, Copy)]
enum End {
    Open,
    Eof(Duration),
    Reset(Duration),
}

/// Polls a non-blocking socket: has it been closed by the server?
fn poll_closed(s: &mut TcpStream, since: Instant) -> End {
    let mut buf = [0u8; 4096];
    loop {
        return match s.read(&mut buf) {
            Ok(0) => End::Eof(since.elapsed()),
            Ok(_) => continue, // a response (e.g. 408); keep reading to the end
            Err(e) if e.kind() == ErrorKind::WouldBlock => End::Open,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => End::Reset(since.elapsed()),
            Err(e) => panic!("unexpected socket error: {e}"),
        };
    }
}

#[test]
#[ignore = "needs a built server binary: run by `make hostile`"]
fn slow_clients_are_closed_and_others_served() {
    let dir = TempDir::new("hostile-slow");
    let s = start(&dir);
    let pid = s.child.id();
    let addr = s.addr;
    let fds0 = open_fds(pid);

    // A stalled body: the head and one byte of a 100,000-byte body. 408 after the body grace.
    let stalled = std::thread::spawn(move || {
        let mut c = TcpStream::connect(addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(c, "POST /api/designs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{{").unwrap();
        let t = Instant::now();
        let head = read_head(&mut c).unwrap();
        let body = read_body(&mut c, &head);
        let at = t.elapsed();
        // Closed means EOF or a reset; a read that times out (the 60 s above) is not closed.
        let eof = match c.read(&mut [0u8; 16]) {
            Ok(n) => n == 0,
            Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
        };
        (head, String::from_utf8_lossy(&body).into_owned(), at, eof)
    });
    // An idle keep-alive connection: one request, then silence.
    let idle = std::thread::spawn(move || {
        let mut c = TcpStream::connect(addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        write!(c, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let head = read_head(&mut c).unwrap();
        read_body(&mut c, &head);
        let t = Instant::now();
        let end = match c.read(&mut [0u8; 16]) {
            Ok(0) => End::Eof(t.elapsed()),
            Ok(n) => panic!("{n} unexpected bytes"),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => End::Reset(t.elapsed()),
            Err(e) => panic!("idle connection not closed: {e}"),
        };
        (status_of(&head), end)
    });
    // A trickled header: one byte every 500 ms, never finished.
    let trickle = std::thread::spawn(move || {
        let mut c = TcpStream::connect(addr).unwrap();
        let t = Instant::now();
        c.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            .unwrap();
        c.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        loop {
            if t.elapsed() > Duration::from_secs(30) {
                return End::Open;
            }
            match c.read(&mut [0u8; 16]) {
                Ok(0) => return End::Eof(t.elapsed()),
                Err(e) if e.kind() == ErrorKind::ConnectionReset => return End::Reset(t.elapsed()),
                _ => {}
            }
            if c.write_all(b"a").is_err() {
                return End::Reset(t.elapsed());
            }
        }
    });

    // 500 half-sent request heads.
    let mut slow: Vec<(TcpStream, Instant, End)> = (0..500)
        .map(|i| {
            let mut c = TcpStream::connect(addr).unwrap();
            write!(
                c,
                "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Half-{i}: "
            )
            .unwrap();
            c.set_nonblocking(true).unwrap();
            (c, Instant::now(), End::Open)
        })
        .collect();
    let last_connect = slow.last().unwrap().1;
    std::thread::sleep(Duration::from_millis(300));
    let fds_full = open_fds(pid);

    // A normal client throughout, while the 500 are checked every 50 ms.
    let mut normal = Vec::new();
    let deadline = last_connect + Duration::from_secs_f64(HEADER_TIMEOUT + 2.0);
    while Instant::now() < deadline && slow.iter().any(|c| matches!(c.2, End::Open)) {
        normal.push(healthz(addr));
        for (c, at, end) in slow.iter_mut() {
            if matches!(end, End::Open) {
                *end = poll_closed(c, *at);
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let still_open = slow.iter().filter(|c| matches!(c.2, End::Open)).count();
    let times: Vec<f64> = slow
        .iter()
        .filter_map(|c| match c.2 {
            End::Eof(d) | End::Reset(d) => Some(d.as_secs_f64()),
            End::Open => None,
        })
        .collect();
    let eofs = slow.iter().filter(|c| matches!(c.2, End::Eof(_))).count();
    let (first, last) = times
        .iter()
        .fold((f64::MAX, 0f64), |(a, b), t| (a.min(*t), b.max(*t)));
    let fds_after = open_fds(pid);
    let worst_normal = normal.iter().map(|n| n.1).max().unwrap();
    eprintln!(
        "SLOW HEADERS: 500 half-sent heads: {} closed ({eofs} with EOF) between {first:.2} s and \
         {last:.2} s after connecting, {still_open} still open; server fds {fds0} -> {fds_full} \
         -> {fds_after}; normal client: {} requests, all 200: {}, slowest {worst_normal:?}",
        times.len(),
        normal.len(),
        normal.iter().all(|n| n.0 == 200)
    );
    assert_eq!(
        still_open, 0,
        "half-sent heads still open after {HEADER_TIMEOUT} s + 2 s"
    );
    assert!(
        first >= HEADER_TIMEOUT - 0.5 && last <= HEADER_TIMEOUT + 2.0,
        "closed between {first} s and {last} s"
    );
    assert!(
        fds_full >= fds0 + 500,
        "the 500 were accepted: {fds0} -> {fds_full}"
    );
    assert!(
        fds_after <= fds0 + 5,
        "fds back down: {fds0} -> {fds_after}"
    );
    assert!(
        normal.len() >= 20 && normal.iter().all(|n| n.0 == 200),
        "{normal:?}"
    );
    assert!(worst_normal < Duration::from_millis(500), "{normal:?}");

    let trickle = trickle.join().unwrap();
    eprintln!("TRICKLE: a header trickled at 2 bytes/s: {trickle:?}");
    match trickle {
        End::Eof(d) | End::Reset(d) => assert!(
            (HEADER_TIMEOUT - 0.5..HEADER_TIMEOUT + 2.0).contains(&d.as_secs_f64()),
            "trickle closed after {d:?}"
        ),
        End::Open => panic!("the trickled header was never closed"),
    }

    let (st, end) = idle.join().unwrap();
    eprintln!("IDLE: keep-alive connection after one request: {end:?}");
    assert_eq!(st, 200);
    match end {
        End::Eof(d) | End::Reset(d) => assert!(
            (IDLE_TIMEOUT - 0.5..IDLE_TIMEOUT + 2.0).contains(&d.as_secs_f64()),
            "idle closed after {d:?}"
        ),
        End::Open => unreachable!(),
    }

    let (head, body, at, eof) = stalled.join().unwrap();
    eprintln!(
        "STALLED BODY: {} after {at:?}, then EOF: {eof}; {body}",
        head.lines().next().unwrap_or_default()
    );
    assert_eq!(status_of(&head), 408, "{head}\n{body}");
    assert!(body.contains("\"code\":\"too-slow\""), "{body}");
    assert!(
        body.contains("--body-timeout, WIDGET_STUDIO_BODY_TIMEOUT"),
        "{body}"
    );
    assert!(
        (BODY_TIMEOUT - 0.5..BODY_TIMEOUT + 2.0).contains(&at.as_secs_f64()),
        "408 after {at:?}"
    );
    assert!(eof, "the connection is closed after the 408");
    assert_eq!(healthz(addr).0, 200);
}

#[test]
#[ignore = "needs a built server binary: run by `make hostile`"]
fn more_slow_clients_than_the_cap_do_not_shut_others_out() {
    const CAP: usize = 512;
    const N: usize = 800;
    let dir = TempDir::new("hostile-cap");
    let s = start(&dir);
    let addr = s.addr;
    let t0 = Instant::now();
    let mut slow: Vec<(TcpStream, Instant, End)> = (0..N)
        .map(|i| {
            let mut c = TcpStream::connect(addr).unwrap();
            write!(
                c,
                "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Half-{i}: "
            )
            .unwrap();
            c.set_nonblocking(true).unwrap();
            (c, Instant::now(), End::Open)
        })
        .collect();
    let mut normal = Vec::new();
    // A connection's header time starts when the server accepts it. Past the cap, the kernel
    // queues new connections until a place is made, and when its accept queue overflows (a
    // small `net.core.somaxconn`, as on some CI hosts) it drops the handshake's last ACK and
    // takes the connection in only when its SYN-ACK is retransmitted (1 s, 3 s, 7 s, 15 s
    // after), so the last half-sent heads may be accepted seconds after they were sent. They
    // must still all be closed: allow for the retransmissions, and report how many came late.
    let on_time = t0 + Duration::from_secs_f64(HEADER_TIMEOUT + 3.0);
    let deadline = on_time + Duration::from_secs(20);
    let mut open_on_time = None;
    let mut evicted_by_5s = None;
    while Instant::now() < deadline && slow.iter().any(|c| matches!(c.2, End::Open)) {
        normal.push(healthz(addr));
        for (c, at, end) in slow.iter_mut() {
            if matches!(end, End::Open) {
                *end = poll_closed(c, *at);
            }
        }
        if evicted_by_5s.is_none() && t0.elapsed() > Duration::from_secs(5) {
            evicted_by_5s = Some(slow.iter().filter(|c| !matches!(c.2, End::Open)).count());
        }
        if open_on_time.is_none() && Instant::now() >= on_time {
            open_on_time = Some(slow.iter().filter(|c| matches!(c.2, End::Open)).count());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let still_open = slow.iter().filter(|c| matches!(c.2, End::Open)).count();
    let worst = normal.iter().map(|n| n.1).max().unwrap();
    let last_closed = slow
        .iter()
        .filter_map(|c| match c.2 {
            End::Eof(d) | End::Reset(d) => Some(c.1 + d - t0),
            End::Open => None,
        })
        .max()
        .unwrap_or_default();
    eprintln!(
        "OVER THE CAP: {N} half-sent heads against {CAP} places: {} closed within 5 s to make \
         room, {} open {HEADER_TIMEOUT} s + 3 s after the first was sent (accepted late from \
         the kernel's queue), {still_open} open at the end, the last closed after \
         {last_closed:?}; normal client: {} requests, all 200: {}, slowest {worst:?}",
        evicted_by_5s.unwrap_or_default(),
        open_on_time.unwrap_or_default(),
        normal.len(),
        normal.iter().all(|n| n.0 == 200)
    );
    assert_eq!(still_open, 0);
    assert!(evicted_by_5s.unwrap_or_default() >= N - CAP);
    assert!(
        normal.len() >= 20 && normal.iter().all(|n| n.0 == 200),
        "{normal:?}"
    );
    // Served promptly: the usual request takes milliseconds. One may wait for the kernel's
    // first SYN retransmission (1 s) when its listen queue overflowed while the server made
    // room, which is the kernel's, not the server's; more than that would be the server's.
    let mut lat: Vec<Duration> = normal.iter().map(|n| n.1).collect();
    lat.sort();
    let median = lat[lat.len() / 2];
    assert!(
        median < Duration::from_millis(100),
        "median {median:?}: {normal:?}"
    );
    assert!(worst < Duration::from_millis(2500), "{normal:?}");
    assert!(
        lat.iter()
            .filter(|d| **d >= Duration::from_millis(500))
            .count()
            <= 2,
        "{normal:?}"
    );
}
