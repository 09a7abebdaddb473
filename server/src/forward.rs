//! Forwarding an action to the user's own ChatKit server (`handlers.forward`), under the
//! studio's policy: which hosts it may reach (loopback only unless configured), how long it may
//! take and how much it may answer. Plain `http://` only; a redirect is never followed.
//!
//! The target's address is resolved once and checked, and the connection goes to that checked
//! address, so a name cannot resolve to an allowed address for the check and to another for
//! the request.

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;

/// What the studio lets a forward reach, and for how long and how much.
#[derive(Clone, Debug)]
pub struct ForwardPolicy {
    /// Host names or IP addresses (exact, any case) a forward may reach besides loopback
    /// addresses; empty: loopback only.
    pub allow: Vec<String>,
    /// The most a whole forwarded answer may take.
    pub timeout: Duration,
    /// The most bytes a forwarded answer may hold.
    pub max_bytes: usize,
    /// The studio's own port: a forward to it on this machine would call the studio itself.
    pub own_port: Option<u16>,
}

/// The header a forwarded request carries; the studio refuses an action request that has it,
/// so a design that forwards to a studio cannot make it call itself round and round.
pub const HOP_HEADER: &str = "x-widget-studio-forward";

impl Default for ForwardPolicy {
    fn default() -> Self {
        ForwardPolicy {
            allow: Vec::new(),
            timeout: Duration::from_secs(30),
            max_bytes: 4 << 20,
            own_port: None,
        }
    }
}

/// Why a forward did not get an answer.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ForwardError {
    #[error(
        "the forward URL {0:?} is not an http:// URL (write http://HOST:PORT/PATH; https is not supported: forward to a server on this machine)"
    )]
    BadUrl(String),
    #[error(
        "the forward host {host:?} is not allowed: {why} (the studio's --forward-allow lists the hosts it may reach; by default only this machine)"
    )]
    NotAllowed { host: String, why: String },
    #[error("cannot resolve the forward host {0:?}")]
    Resolve(String),
    #[error("cannot connect to {0}: {1}")]
    Connect(String, String),
    #[error(
        "the forward target answered {status}, a redirect to {location:?}; redirects are not followed: set the forward URL to where it should go"
    )]
    Redirect { status: u16, location: String },
    #[error("the forward target answered {status}: {body}")]
    Status { status: u16, body: String },
    #[error("the forward target did not answer within {0:?}")]
    Timeout(Duration),
    #[error(
        "the forward URL points at this studio itself (port {0}); point it at your ChatKit server"
    )]
    Itself(u16),
    #[error("the forward target's answer is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the forward failed: {0}")]
    Io(String),
}

/// A checked target: where to connect (each checked address in turn), and what to ask for.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub host: String,
    pub addrs: Vec<SocketAddr>,
    /// `host:port` as the Host header says it.
    pub authority: String,
    pub path: String,
}

/// Parses `http://host[:port]/path`: (host, port, authority, path).
fn parse(url: &str) -> Result<(String, u16, String, String), ForwardError> {
    let bad = || ForwardError::BadUrl(url.to_string());
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("HTTP://"))
        .ok_or_else(bad)?;
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if authority.is_empty() || authority.contains('@') || path.contains(['\r', '\n', ' ', '#']) {
        return Err(bad());
    }
    let (host, port) = if let Some(r) = authority.strip_prefix('[') {
        let (h, tail) = r.split_once(']').ok_or_else(bad)?;
        let port = match tail.strip_prefix(':') {
            Some(p) => p.parse().map_err(|_| bad())?,
            None if tail.is_empty() => 80,
            None => return Err(bad()),
        };
        (h.to_string(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p.parse().map_err(|_| bad())?),
            None => (authority.to_string(), 80),
        }
    };
    if host.is_empty() {
        return Err(bad());
    }
    let path = if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_string()
    };
    Ok((host, port, authority.to_string(), path))
}

/// Checks a forward URL against the policy and resolves it (within `deadline`).
pub async fn target(
    policy: &ForwardPolicy,
    url: &str,
    deadline: tokio::time::Instant,
) -> Result<Target, ForwardError> {
    let (host, port, authority, path) = parse(url.trim())?;
    let listed = policy.allow.iter().any(|a| a.eq_ignore_ascii_case(&host));
    let literal = host.parse::<std::net::IpAddr>().ok();
    if !listed && literal.is_none() && !host.eq_ignore_ascii_case("localhost") {
        // An unlisted name is not resolved at all (the studio is no DNS oracle).
        return Err(ForwardError::NotAllowed {
            host,
            why:
                "only this machine (localhost, 127.0.0.1, ::1) and the listed hosts may be reached"
                    .into(),
        });
    }
    let addrs: Vec<SocketAddr> =
        tokio::time::timeout_at(deadline, tokio::net::lookup_host((host.as_str(), port)))
            .await
            .map_err(|_| ForwardError::Timeout(policy.timeout))?
            .map_err(|_| ForwardError::Resolve(host.clone()))?
            .collect();
    if addrs.is_empty() {
        return Err(ForwardError::Resolve(host));
    }
    if !listed && addrs.iter().any(|a| !a.ip().is_loopback()) {
        return Err(ForwardError::NotAllowed {
            host,
            why: "it is not this machine".into(),
        });
    }
    if policy.own_port == Some(port) && addrs.iter().all(|a| a.ip().is_loopback()) {
        return Err(ForwardError::Itself(port));
    }
    Ok(Target {
        host,
        addrs,
        authority,
        path,
    })
}

/// An answer coming in: its content type, and its body a piece at a time.
pub struct Answer {
    pub content_type: String,
    body: hyper::body::Incoming,
    read: usize,
    max: usize,
}

impl Answer {
    /// The next piece of the body; `None` at its end.
    pub async fn next(&mut self) -> Result<Option<Bytes>, ForwardError> {
        loop {
            match self.body.frame().await {
                None => return Ok(None),
                Some(Err(e)) => return Err(ForwardError::Io(e.to_string())),
                Some(Ok(f)) => {
                    if let Ok(data) = f.into_data() {
                        self.read += data.len();
                        if self.read > self.max {
                            return Err(ForwardError::TooLarge(self.max));
                        }
                        return Ok(Some(data));
                    }
                }
            }
        }
    }
}

/// POSTs `body` (JSON) to the target and returns the answer once its head is in (a 2xx; any
/// other status is an error with the start of the body), all before `deadline`.
pub async fn post(
    t: &Target,
    body: Vec<u8>,
    policy: &ForwardPolicy,
    deadline: tokio::time::Instant,
) -> Result<Answer, ForwardError> {
    let go = async {
        let mut last = None;
        let mut stream = None;
        for a in &t.addrs {
            match tokio::net::TcpStream::connect(a).await {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(e) => last = Some(ForwardError::Connect(a.to_string(), e.to_string())),
            }
        }
        let Some(stream) = stream else {
            return Err(last.unwrap_or_else(|| ForwardError::Resolve(t.host.clone())));
        };
        let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| ForwardError::Io(e.to_string()))?;
        tokio::spawn(conn);
        let req = http::Request::post(&t.path)
            .header(http::header::HOST, &t.authority)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header(http::header::ACCEPT, "text/event-stream, application/json")
            .header(http::header::USER_AGENT, "widget-studio (action forward)")
            .header(HOP_HEADER, "1")
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| ForwardError::Io(e.to_string()))?;
        send.send_request(req)
            .await
            .map_err(|e| ForwardError::Io(e.to_string()))
    };
    let resp = tokio::time::timeout_at(deadline, go)
        .await
        .map_err(|_| ForwardError::Timeout(policy.timeout))??;
    let status = resp.status();
    let content_type = resp
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    if status.is_redirection() {
        let location = resp
            .headers()
            .get(http::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        return Err(ForwardError::Redirect {
            status: status.as_u16(),
            location,
        });
    }
    let mut answer = Answer {
        content_type,
        body: resp.into_body(),
        read: 0,
        max: policy.max_bytes,
    };
    if !status.is_success() {
        // The start of the error's body, within the same deadline (and two seconds at most).
        let mut text = Vec::new();
        let until = deadline.min(tokio::time::Instant::now() + Duration::from_secs(2));
        while text.len() < 2000 {
            match tokio::time::timeout_at(until, answer.next()).await {
                Ok(Ok(Some(b))) => text.extend_from_slice(&b),
                _ => break,
            }
        }
        let body: String = String::from_utf8_lossy(&text).chars().take(500).collect();
        return Err(ForwardError::Status {
            status: status.as_u16(),
            body,
        });
    }
    Ok(answer)
}

/// Appends a piece of an SSE body to `buf` (carriage returns dropped) and takes out the data
/// of every complete event, each decoded whole (a character split between two pieces stays
/// whole); an unfinished event stays in `buf`.
pub fn sse_frames(buf: &mut Vec<u8>, piece: &[u8]) -> Vec<String> {
    buf.extend(piece.iter().copied().filter(|b| *b != b'\r'));
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(i) = buf[start..].windows(2).position(|w| w == b"\n\n") {
        let frame = String::from_utf8_lossy(&buf[start..start + i]);
        let data: Vec<&str> = frame
            .lines()
            .filter_map(|l| l.strip_prefix("data:"))
            .map(|d| d.strip_prefix(' ').unwrap_or(d))
            .collect();
        if !data.is_empty() {
            out.push(data.join("\n"));
        }
        start += i + 2;
    }
    buf.drain(..start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_or_say_what_is_wanted() {
        assert_eq!(
            parse("http://localhost:8000/chatkit").unwrap(),
            (
                "localhost".into(),
                8000,
                "localhost:8000".into(),
                "/chatkit".into()
            )
        );
        assert_eq!(parse("http://[::1]/x?y=1").unwrap().0, "::1");
        assert_eq!(parse("http://127.0.0.1").unwrap().3, "/");
        for bad in [
            "https://localhost/x",
            "ftp://x",
            "http://",
            "http://u@evil/",
            "http://h:port/",
            "http://h/a b",
        ] {
            assert!(matches!(parse(bad), Err(ForwardError::BadUrl(_))), "{bad}");
        }
    }

    fn soon() -> tokio::time::Instant {
        tokio::time::Instant::now() + Duration::from_secs(5)
    }

    #[tokio::test]
    async fn only_loopback_unless_listed() {
        let p = ForwardPolicy::default();
        let t = target(&p, "http://127.0.0.1:9/x", soon()).await.unwrap();
        assert_eq!(t.addrs[0].port(), 9);
        assert!(target(&p, "http://localhost:9/", soon()).await.is_ok());
        assert!(target(&p, "http://[::1]:9/", soon()).await.is_ok());
        for bad in [
            "http://10.1.2.3:80/",
            "http://0.0.0.0:80/",
            "http://[::]:80/",
            "http://[::ffff:10.0.0.1]:80/",
            "http://example.com/",
            "http://localhost.:80/",
        ] {
            let e = target(&p, bad, soon()).await.unwrap_err();
            assert!(matches!(e, ForwardError::NotAllowed { .. }), "{bad}: {e}");
            assert!(e.to_string().contains("--forward-allow"), "{e}");
        }
        let listed = ForwardPolicy {
            allow: vec!["10.1.2.3".into()],
            ..p.clone()
        };
        assert!(target(&listed, "http://10.1.2.3:80/", soon()).await.is_ok());
        // Never the studio itself.
        let own = ForwardPolicy {
            own_port: Some(3000),
            ..p
        };
        let e = target(&own, "http://127.0.0.1:3000/api/designs/x/actions", soon()).await;
        assert_eq!(e.unwrap_err(), ForwardError::Itself(3000));
    }

    #[test]
    fn sse_frames_split_on_blank_lines_and_keep_characters_whole() {
        let mut b = Vec::new();
        let f = sse_frames(
            &mut b,
            b"data: {\"a\":1}\n\ndata: {\"b\"\r\n\r\n: comment\n\ndata: {\"c\"",
        );
        assert_eq!(f, vec!["{\"a\":1}".to_string(), "{\"b\"".to_string()]);
        assert_eq!(b, b"data: {\"c\"");
        // "é" split across two pieces.
        let text = "data: \"caf\u{e9}\"\n\n".as_bytes();
        let cut = text.iter().position(|&x| x == 0xc3).unwrap() + 1;
        let mut b = Vec::new();
        assert!(sse_frames(&mut b, &text[..cut]).is_empty());
        assert_eq!(
            sse_frames(&mut b, &text[cut..]),
            vec!["\"caf\u{e9}\"".to_string()]
        );
    }
}
