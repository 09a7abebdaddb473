//! The serve-time limits are settings: each one, set on the command line, is in the start-up
//! log and holds. (`hostile.rs` checks the defaults against the release binary.)

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{Server, TempDir};
use serde_json::Value;

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        z.start_file(*name, opts).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn start(dir: &TempDir, args: &[&str]) -> Server {
    let url = format!("sqlite://{}/db.sqlite", dir.path().display());
    let mut all = vec!["--rate-limit", "0"];
    all.extend_from_slice(args);
    Server::start_with(&url, &all, &[])
}

/// Sends a keep-alive GET and reads its answer; the connection stays open.
fn kept_alive(addr: std::net::SocketAddr) -> TcpStream {
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(c, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut buf = [0u8; 4096];
    let n = c.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    c
}

/// Sends `GET /healthz` on a new connection; the answer's status, or `None` if none came
/// within `wait`.
fn healthz_within(addr: std::net::SocketAddr, wait: Duration) -> (TcpStream, Option<u16>) {
    let mut c = TcpStream::connect(addr).unwrap();
    write!(
        c,
        "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    c.set_read_timeout(Some(wait)).unwrap();
    let mut buf = [0u8; 64];
    match c.read(&mut buf) {
        Ok(n) if n >= 12 => {
            let status = String::from_utf8_lossy(&buf[9..12]).parse().ok();
            (c, status)
        }
        _ => (c, None),
    }
}

#[test]
fn at_the_connection_cap_slow_clients_make_room_and_busy_ones_do_not() {
    let dir = TempDir::new("cap");
    let s = start(&dir, &["--max-connections", "3"]);
    assert!(s.stderr.lock().unwrap().contains("max-connections=3 "));

    // Three slow clients fill the places; a fourth, normal one takes the place of the one
    // that has waited longest, which is closed.
    let mut slow: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut c = TcpStream::connect(s.addr).unwrap();
            c.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Half: ")
                .unwrap();
            std::thread::sleep(Duration::from_millis(100));
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let t = Instant::now();
    let (_c, status) = healthz_within(s.addr, Duration::from_secs(2));
    assert_eq!(status, Some(200), "the normal client is served at the cap");
    assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    slow[0]
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    assert_eq!(
        slow[0].read(&mut [0u8; 16]).unwrap(),
        0,
        "the oldest slow client: EOF"
    );
    slow[2]
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    assert!(
        slow[2].read(&mut [0u8; 16]).is_err(),
        "the newest is still open"
    );
    drop(slow);
    assert!(
        s.stderr
            .lock()
            .unwrap()
            .contains("connection cap reached: closing the connections that wait longest")
    );

    // Three requests being answered (their bodies still arriving) are never closed for a new
    // connection: it waits in the listen queue until one finishes.
    std::thread::sleep(Duration::from_millis(300));
    let busy: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut c = TcpStream::connect(s.addr).unwrap();
            c.write_all(b"POST /api/designs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                .unwrap();
            c
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let (mut fourth, status) = healthz_within(s.addr, Duration::from_millis(700));
    assert_eq!(
        status, None,
        "served past the cap while every place is busy"
    );
    drop(busy);
    let t = Instant::now();
    fourth
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut buf = Vec::new();
    fourth.read_to_end(&mut buf).unwrap();
    assert!(
        String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&buf)
    );
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

#[test]
fn a_shorter_header_timeout_closes_sooner() {
    let dir = TempDir::new("hdr");
    let s = start(&dir, &["--header-timeout", "1s", "--idle-timeout", "2s"]);
    assert!(
        s.stderr
            .lock()
            .unwrap()
            .contains("header-timeout=1s idle-timeout=2s")
    );
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Half: ")
        .unwrap();
    c.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let t = Instant::now();
    assert_eq!(c.read(&mut [0u8; 64]).unwrap(), 0, "EOF");
    let took = t.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(1_800),
        "{took:?}"
    );
    // A kept-alive connection: closed after the idle timeout.
    let mut c = kept_alive(s.addr);
    let t = Instant::now();
    assert_eq!(c.read(&mut [0u8; 64]).unwrap(), 0, "EOF");
    let took = t.elapsed();
    assert!(
        took >= Duration::from_millis(1_900) && took < Duration::from_millis(2_800),
        "{took:?}"
    );
}

#[test]
fn import_limits_are_settings_and_their_errors_name_them() {
    // The zip size.
    let dir = TempDir::new("zipmax");
    let s = start(&dir, &["--import-max-zip", "4KiB"]);
    let body = vec![b'x'; 5000];
    let (st, head, out) = common::request_bytes(s.addr, "POST", "/api/backup", &[], &body);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 413, "{out}");
    assert_eq!(out["error"]["code"], "too-large");
    assert_eq!(
        out["error"]["message"],
        "the zip is larger than 4,096 bytes (4.0 KiB), the most an import accepts (setting \
         --import-max-zip, WIDGET_STUDIO_IMPORT_MAX_ZIP)"
    );
    assert!(head.to_ascii_lowercase().contains("connection: close"));
    drop(s);

    // The inflation budget: two files of 600,000 bytes against a 1 MiB budget.
    let dir = TempDir::new("budget");
    let s = start(&dir, &["--import-budget", "1MiB"]);
    let text: Vec<u8> = (0..600_000u32)
        .map(|i| b"abcdefghij"[(i.wrapping_mul(2_654_435_761) >> 28) as usize % 10])
        .collect();
    let z = zip_of(&[("a.widget", &text), ("b.widget", &text)]);
    let (st, _, out) = common::request_bytes(s.addr, "POST", "/api/backup", &[], &z);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 422, "{out}");
    assert_eq!(
        out["error"]["message"],
        "b.widget (file 1 of the zip): with this file the zip inflates to 1,200,000 bytes (1.1 \
         MiB) or more, over the import budget of 1,048,576 bytes (1.0 MiB) for all files \
         together (setting --import-budget, WIDGET_STUDIO_IMPORT_BUDGET)"
    );
    assert_eq!(out["error"]["details"]["file"], "b.widget");
    assert_eq!(out["error"]["details"]["limit"], "import-budget");
    drop(s);

    // Files per zip and the size of one file.
    let dir = TempDir::new("entries");
    let s = start(
        &dir,
        &["--import-max-entries", "2", "--import-max-file", "1000"],
    );
    let z = zip_of(&[
        ("a.widget", b"{}"),
        ("b.widget", b"{}"),
        ("c.widget", b"{}"),
    ]);
    let (st, _, out) = common::request_bytes(s.addr, "POST", "/api/backup", &[], &z);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 422, "{out}");
    assert_eq!(
        out["error"]["message"],
        "the zip holds 3 files; at most 2 files are read from one zip (setting \
         --import-max-entries, WIDGET_STUDIO_IMPORT_MAX_ENTRIES)"
    );
    let z = zip_of(&[("big.widget", &text[..1001])]);
    let (st, _, out) = common::request_bytes(s.addr, "POST", "/api/backup", &[], &z);
    let out: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(st, 422, "{out}");
    assert_eq!(out["errors"][0]["file"], "big.widget");
    assert_eq!(
        out["errors"][0]["error"]["message"],
        "1,001 bytes uncompressed; at most 1,000 bytes per file (setting --import-max-file, \
         WIDGET_STUDIO_IMPORT_MAX_FILE)"
    );
}

#[test]
fn bad_limit_settings_are_clear_errors() {
    for (flag, value, says) in [
        ("--header-timeout", "soon", "is not a duration"),
        ("--import-budget", "lots", "is not a size"),
        ("--max-connections", "0", "0 is not in 1.."),
    ] {
        let out = std::process::Command::new(common::bin())
            .args(["serve", "--addr", "127.0.0.1:0", flag, value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && err.contains(flag), "{err}");
    }
}

#[test]
fn a_response_the_client_does_not_read_is_dropped_after_the_write_timeout() {
    let dir = TempDir::new("write");
    let s = start(&dir, &["--write-timeout", "1s"]);
    // About 10 MB of backup zip, more than the loopback socket buffers hold unread.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for i in 0..64 {
        let source: String = (0..250_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect();
        let (st, out) = common::call(
            &s,
            "POST",
            "/api/designs",
            Some(
                &serde_json::json!({"document": {"name": format!("Big {i}"), "kind": "jsx", "source": source}}),
            ),
        );
        assert_eq!(st, 201, "{out}");
    }
    let mut c = TcpStream::connect(s.addr).unwrap();
    write!(
        c,
        "GET /api/backup HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // Read the first bytes (the zip is built by then), then nothing for 3 s: the server's
    // write blocks once the socket buffers are full, and after 1 s it gives up.
    c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut got = vec![0u8; 1024];
    let n = c.read(&mut got).unwrap();
    got.truncate(n);
    std::thread::sleep(Duration::from_secs(3));
    let end = c.read_to_end(&mut got);
    let text = String::from_utf8_lossy(&got[..got.len().min(400)]).into_owned();
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    let head_end = got
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head")
        + 4;
    let len: usize = text
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length: ")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("content-length");
    assert!(len > 8_000_000, "{len}");
    // What the kernel had buffered still arrives (about 4 MB here), then the end.
    let body = got.len() - head_end;
    eprintln!("WRITE TIMEOUT: {body} of {len} bytes arrived, then {end:?}");
    assert!(
        body < len,
        "all {len} bytes arrived: the write was not cut ({end:?})"
    );
    assert_eq!(common::request(s.addr, "GET", "/healthz", &[], "").0, 200);
}
