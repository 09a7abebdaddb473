//! Serving HTTP/1.1 connections with bounded time and number.
//!
//! `axum::serve` waits forever for a request head and keeps any number of connections. Here:
//!
//! * **Connection cap.** At most `max_connections` connections are open. At the cap, a new
//!   connection takes the place of the one that has waited longest for a request (idle, or
//!   still sending its head; for at least [`MIN_EVICT_AGE`]), which is closed: slow clients
//!   cannot hold every place. Connections being answered are never closed for this; when all
//!   are, new connections wait in the kernel's listen queue until one finishes.
//! * **Header timeout.** A new connection must deliver its first request head within
//!   `header_timeout` of being accepted; a later head (keep-alive) within `header_timeout` of
//!   its first byte.
//! * **Idle keep-alive timeout.** Between requests a connection may stay silent for
//!   `idle_timeout`.
//! * **Body rate.** A request body must arrive by `body_timeout + received / min_body_rate`
//!   after the head: a grace period, then a minimum average rate. A body that falls behind ends
//!   in an error the handler reports as 408, and the connection closes.
//! * **Write timeout.** A response the client does not read (a write blocked for
//!   `write_timeout`) closes the connection.
//!
//! A watchdog task per connection sleeps until the one deadline that applies and closes the
//! connection (drops it: the socket is closed) when it passes.

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, Semaphore, watch};
use tower::ServiceExt;

use crate::limits::ConnLimits;

static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

/// Milliseconds since the process epoch, never 0 (0 means "unset").
fn now_ms() -> u64 {
    EPOCH.elapsed().as_millis() as u64 + 1
}

fn ms(d: Duration) -> u64 {
    d.as_millis() as u64
}

/// What the watchdog knows about one connection.
#[derive(Default)]
struct ConnState {
    /// Requests being answered (a response body not yet fully sent counts).
    busy: AtomicUsize,
    /// Responses finished.
    served: AtomicU64,
    /// When the connection was accepted or last finished a response.
    idle_since: AtomicU64,
    /// The first byte of a request head read while idle; 0: none.
    head_started: AtomicU64,
    /// Since when a write has been blocked; 0: not blocked.
    write_blocked: AtomicU64,
    /// Closed to make room for a new connection at the cap.
    evicted: AtomicBool,
    wake: Notify,
}

/// A connection waiting for a request is closed to make room at the cap only after this long.
pub const MIN_EVICT_AGE: Duration = Duration::from_millis(200);

/// Every open connection, to find the one to close at the cap.
#[derive(Default)]
struct Registry {
    conns: Mutex<HashMap<u64, Arc<ConnState>>>,
}

impl Registry {
    fn add(&self, id: u64, state: Arc<ConnState>) {
        if let Ok(mut m) = self.conns.lock() {
            m.insert(id, state);
        }
    }

    fn remove(&self, id: u64) {
        if let Ok(mut m) = self.conns.lock() {
            m.remove(&id);
        }
    }

    /// Closes the connection that has waited longest for a request (not one being answered),
    /// if it has waited at least `min_age` at `now`. Returns whether one was closed.
    fn evict_oldest_waiting(&self, now: u64, min_age: Duration) -> bool {
        let Ok(m) = self.conns.lock() else {
            return false;
        };
        let cutoff = now.saturating_sub(ms(min_age));
        let victim = m
            .values()
            .filter(|s| s.busy.load(Ordering::Acquire) == 0 && !s.evicted.load(Ordering::Acquire))
            .map(|s| (s.idle_since.load(Ordering::Acquire), s))
            .filter(|(since, _)| *since <= cutoff)
            .min_by_key(|(since, _)| *since);
        match victim {
            Some((_, s)) => {
                s.evicted.store(true, Ordering::Release);
                s.wake.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Why the watchdog closed a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    Evicted,
    HeaderTimeout,
    IdleTimeout,
    WriteTimeout,
}

impl ConnState {
    /// The deadline that applies now, in `now_ms` time.
    fn deadline(&self, l: &ConnLimits) -> Option<(u64, Closed)> {
        if self.evicted.load(Ordering::Acquire) {
            return Some((0, Closed::Evicted));
        }
        let mut best: Option<(u64, Closed)> = None;
        let mut consider = |at: u64, why: Closed| {
            if best.is_none_or(|(b, _)| at < b) {
                best = Some((at, why));
            }
        };
        let blocked = self.write_blocked.load(Ordering::Acquire);
        if blocked != 0 {
            consider(blocked + ms(l.write_timeout), Closed::WriteTimeout);
        }
        if self.busy.load(Ordering::Acquire) == 0 {
            let head = self.head_started.load(Ordering::Acquire);
            let idle = self.idle_since.load(Ordering::Acquire);
            if self.served.load(Ordering::Acquire) == 0 {
                // The first request: its head within the header timeout of the accept, however
                // its bytes trickle in.
                consider(idle + ms(l.header_timeout), Closed::HeaderTimeout);
            } else if head != 0 {
                consider(head + ms(l.header_timeout), Closed::HeaderTimeout);
            } else {
                consider(idle + ms(l.idle_timeout), Closed::IdleTimeout);
            }
        }
        best
    }
}

/// Resolves when the connection has outlived the deadline that applies to it.
async fn watchdog(state: Arc<ConnState>, limits: ConnLimits) -> Closed {
    loop {
        let notified = state.wake.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        match state.deadline(&limits) {
            Some((at, why)) => {
                let now = now_ms();
                if at <= now {
                    return why;
                }
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(at - now)) => {}
                    _ = &mut notified => {}
                }
            }
            None => notified.await,
        }
    }
}

/// The socket, reporting reads while idle and blocked writes to the watchdog.
struct Watched {
    io: TcpStream,
    state: Arc<ConnState>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(res, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            let s = &self.state;
            if s.busy.load(Ordering::Acquire) == 0
                && s.head_started
                    .compare_exchange(0, now_ms(), Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
            {
                s.wake.notify_one();
            }
        }
        res
    }
}

impl Watched {
    fn track<T>(&self, res: Poll<T>) -> Poll<T> {
        if res.is_pending() {
            if self
                .state
                .write_blocked
                .compare_exchange(0, now_ms(), Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                self.state.wake.notify_one();
            }
        } else {
            self.state.write_blocked.store(0, Ordering::Release);
        }
        res
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.io).poll_write(cx, buf);
        self.track(res)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.track(res)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let res = Pin::new(&mut self.io).poll_flush(cx);
        self.track(res)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// Marks a connection busy while it lives (from the request head to the end of the response).
struct Busy(Arc<ConnState>);

impl Busy {
    fn start(state: &Arc<ConnState>) -> Busy {
        state.busy.fetch_add(1, Ordering::AcqRel);
        state.head_started.store(0, Ordering::Release);
        state.wake.notify_one();
        Busy(state.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let s = &self.0;
        s.served.fetch_add(1, Ordering::AcqRel);
        s.idle_since.store(now_ms(), Ordering::Release);
        if s.busy.fetch_sub(1, Ordering::AcqRel) == 1 {
            s.wake.notify_one();
        }
    }
}

/// A response body that keeps its connection busy until it is sent (or dropped).
struct BusyBody {
    inner: axum::body::Body,
    _busy: Busy,
}

impl HttpBody for BusyBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The error of a request body that arrived too slowly.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "the request body arrived too slowly: {received} bytes in {elapsed_ms} ms; a body must arrive within {grace}s plus 1 s per {rate} bytes (settings --body-timeout, WIDGET_STUDIO_BODY_TIMEOUT and --min-body-rate, WIDGET_STUDIO_MIN_BODY_RATE)"
)]
pub struct BodyTooSlow {
    pub received: u64,
    pub elapsed_ms: u64,
    pub grace: u64,
    pub rate: u64,
}

/// Whether `err` (or anything it wraps) is a [`BodyTooSlow`].
pub fn too_slow(err: &(dyn std::error::Error + 'static)) -> Option<BodyTooSlow> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cur {
        if let Some(slow) = e.downcast_ref::<BodyTooSlow>() {
            return Some(slow.clone());
        }
        cur = e.source();
    }
    None
}

/// A request body held to a deadline that grows with what has arrived.
pub struct TimedBody<B> {
    inner: B,
    start: Instant,
    received: u64,
    grace: Duration,
    rate: u64,
    /// Armed on the first wait, for the deadline given `armed_for` bytes received.
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    armed_for: u64,
}

impl<B> TimedBody<B> {
    pub fn new(inner: B, grace: Duration, rate: u64) -> TimedBody<B> {
        let start = Instant::now();
        TimedBody {
            inner,
            start,
            received: 0,
            grace,
            rate: rate.max(1),
            sleep: None,
            armed_for: 0,
        }
    }

    /// The body must be complete by then, given what has arrived so far.
    fn deadline(&self) -> Instant {
        let extra = Duration::from_secs_f64(self.received as f64 / self.rate as f64);
        self.start + self.grace + extra
    }
}

impl<B> HttpBody for TimedBody<B>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(d) = frame.data_ref() {
                    this.received += d.len() as u64;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let at = this.deadline();
                match &mut this.sleep {
                    Some(_) if this.armed_for == this.received => {}
                    Some(sleep) => sleep.as_mut().reset(at.into()),
                    None => this.sleep = Some(Box::pin(tokio::time::sleep_until(at.into()))),
                }
                this.armed_for = this.received;
                let Some(sleep) = this.sleep.as_mut() else {
                    return Poll::Pending;
                };
                match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(BodyTooSlow {
                        received: this.received,
                        elapsed_ms: this.start.elapsed().as_millis() as u64,
                        grace: this.grace.as_secs(),
                        rate: this.rate,
                    })))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Accepts and serves connections until `shutdown` resolves, then lets open connections finish
/// for up to `grace`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    let max = limits.max_connections.max(1);
    let places = Arc::new(Semaphore::new(max));
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    let registry = Arc::new(Registry::default());
    let mut next_id = 0u64;
    let mut warned = false;
    loop {
        let (stream, remote) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    // Out of file descriptors or a connection reset before accept: wait a
                    // moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // A place for it: free, or made by closing the connection that has waited longest
        // for a request; if every connection is being answered, wait for one to finish.
        let permit = loop {
            if let Ok(p) = places.clone().try_acquire_owned() {
                break Some(p);
            }
            if !warned {
                tracing::warn!(
                    max_connections = max,
                    "connection cap reached: closing the connections that wait longest for a request to make room; new connections wait in the listen queue while every connection is busy (setting --max-connections, WIDGET_STUDIO_MAX_CONNECTIONS)"
                );
                warned = true;
            }
            registry.evict_oldest_waiting(now_ms(), MIN_EVICT_AGE);
            tokio::select! {
                p = places.clone().acquire_owned() => break p.ok(),
                _ = tokio::time::sleep(Duration::from_millis(100)) => {}
                _ = &mut shutdown => break None,
            }
        };
        let Some(permit) = permit else { break };
        if places.available_permits() > max / 4 {
            warned = false;
        }
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let stop = stop_rx.clone();
        let state = Arc::new(ConnState::default());
        state.idle_since.store(now_ms(), Ordering::Release);
        next_id += 1;
        let id = next_id;
        registry.add(id, state.clone());
        let registry = registry.clone();
        tokio::spawn(async move {
            serve_one(stream, remote, app, limits, state, stop).await;
            registry.remove(id);
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let open = max - places.available_permits();
    if open > 0 {
        tracing::info!(open, "waiting for open connections to finish");
        if tokio::time::timeout(grace, places.acquire_many(max as u32))
            .await
            .is_err()
        {
            tracing::warn!(
                open = max - places.available_permits(),
                "connections still open after the shutdown grace period; closing them"
            );
        }
    }
}

async fn serve_one(
    stream: TcpStream,
    remote: SocketAddr,
    app: Router,
    limits: ConnLimits,
    state: Arc<ConnState>,
    mut stop: watch::Receiver<bool>,
) {
    let io = TokioIo::new(Watched {
        io: stream,
        state: state.clone(),
    });
    let svc_state = state.clone();
    let svc = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let busy = Busy::start(&svc_state);
        let mut req = req.map(|b| {
            axum::body::Body::new(TimedBody::new(b, limits.body_timeout, limits.min_body_rate))
        });
        req.extensions_mut().insert(ConnectInfo(remote));
        let app = app.clone();
        async move {
            let resp = app.oneshot(req).await?;
            Ok::<_, std::convert::Infallible>(resp.map(|inner| BusyBody { inner, _busy: busy }))
        }
    });
    let conn = hyper::server::conn::http1::Builder::new().serve_connection(io, svc);
    tokio::pin!(conn);
    let dog = watchdog(state, limits);
    tokio::pin!(dog);
    let mut stopping = *stop.borrow();
    if stopping {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            res = conn.as_mut() => {
                if let Err(e) = res {
                    tracing::debug!(%remote, error = %e, "connection ended with an error");
                }
                break;
            }
            why = &mut dog => {
                tracing::debug!(%remote, reason = ?why, "closing a connection that is too slow");
                break;
            }
            r = stop.changed(), if !stopping => {
                stopping = true;
                if r.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> ConnLimits {
        ConnLimits {
            max_connections: 8,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            min_body_rate: 1000,
            write_timeout: Duration::from_secs(20),
        }
    }

    #[test]
    fn the_deadline_that_applies() {
        let l = limits();
        let s = ConnState::default();
        s.idle_since.store(1_000, Ordering::Release);
        // A new connection: its first head within the header timeout of being accepted, even
        // if its first byte came late.
        assert_eq!(s.deadline(&l), Some((11_000, Closed::HeaderTimeout)));
        s.head_started.store(9_000, Ordering::Release);
        assert_eq!(s.deadline(&l), Some((11_000, Closed::HeaderTimeout)));
        s.head_started.store(0, Ordering::Release);
        // Busy: no deadline, unless a write is blocked.
        s.busy.store(1, Ordering::Release);
        assert_eq!(s.deadline(&l), None);
        s.write_blocked.store(5_000, Ordering::Release);
        assert_eq!(s.deadline(&l), Some((25_000, Closed::WriteTimeout)));
        s.write_blocked.store(0, Ordering::Release);
        // Idle after a response: the keep-alive timeout; once a head starts, the header timeout.
        s.busy.store(0, Ordering::Release);
        s.served.store(1, Ordering::Release);
        s.idle_since.store(50_000, Ordering::Release);
        assert_eq!(s.deadline(&l), Some((80_000, Closed::IdleTimeout)));
        s.head_started.store(60_000, Ordering::Release);
        assert_eq!(s.deadline(&l), Some((70_000, Closed::HeaderTimeout)));
    }

    #[test]
    fn at_the_cap_the_longest_waiting_connection_makes_room() {
        let r = Registry::default();
        let conn = |idle_since: u64, busy: usize| {
            let s = Arc::new(ConnState::default());
            s.idle_since.store(idle_since, Ordering::Release);
            s.busy.store(busy, Ordering::Release);
            s
        };
        let (busy_old, waiting_old, waiting_new, fresh) =
            (conn(1, 1), conn(5_000, 0), conn(9_000, 0), conn(9_900, 0));
        for (i, s) in [&busy_old, &waiting_old, &waiting_new, &fresh]
            .iter()
            .enumerate()
        {
            r.add(i as u64, (*s).clone());
        }
        let l = limits();
        assert!(r.evict_oldest_waiting(10_000, MIN_EVICT_AGE));
        assert_eq!(waiting_old.deadline(&l), Some((0, Closed::Evicted)));
        assert_ne!(
            busy_old.deadline(&l),
            Some((0, Closed::Evicted)),
            "busy: never"
        );
        assert!(r.evict_oldest_waiting(10_000, MIN_EVICT_AGE));
        assert_eq!(waiting_new.deadline(&l), Some((0, Closed::Evicted)));
        // Only the fresh one (under MIN_EVICT_AGE) and the busy one are left.
        assert!(!r.evict_oldest_waiting(10_000, MIN_EVICT_AGE));
        assert!(!fresh.evicted.load(Ordering::Acquire));
    }

    #[test]
    fn the_body_deadline_grows_with_what_arrived() {
        let mut b = TimedBody::new(axum::body::Body::empty(), Duration::from_secs(30), 1000);
        assert_eq!(b.deadline() - b.start, Duration::from_secs(30));
        b.received = 5_000;
        assert_eq!(b.deadline() - b.start, Duration::from_secs(35));
        let e = BodyTooSlow {
            received: 12,
            elapsed_ms: 30_001,
            grace: 30,
            rate: 65_536,
        };
        assert_eq!(
            e.to_string(),
            "the request body arrived too slowly: 12 bytes in 30001 ms; a body must arrive \
             within 30s plus 1 s per 65536 bytes (settings --body-timeout, \
             WIDGET_STUDIO_BODY_TIMEOUT and --min-body-rate, WIDGET_STUDIO_MIN_BODY_RATE)"
        );
        let wrapped = axum::Error::new(e);
        assert_eq!(too_slow(&wrapped).map(|s| s.received), Some(12));
    }

    #[tokio::test]
    async fn a_body_that_stalls_fails_after_the_grace() {
        let (mut tx, rx) = channel();
        let body = axum::body::Body::new(TimedBody::new(rx, Duration::from_millis(300), 10));
        let task = tokio::spawn(axum::body::to_bytes(body, usize::MAX));
        tx.push(Bytes::from_static(b"0123456789")).await; // earns one more second
        tokio::time::sleep(Duration::from_millis(1_000)).await;
        assert!(!task.is_finished(), "still within 0.3 s + 10 B / 10 B/s");
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(task.is_finished(), "past 1.3 s");
        let err = task.await.unwrap().unwrap_err();
        let slow = too_slow(&err).expect("a BodyTooSlow");
        assert_eq!((slow.received, slow.rate), (10, 10));
        assert!(
            (1_300..1_700).contains(&slow.elapsed_ms),
            "{}",
            slow.elapsed_ms
        );
    }

    /// A body fed through a channel (test helper).
    struct ChanBody(tokio::sync::mpsc::Receiver<Bytes>);
    struct ChanTx(tokio::sync::mpsc::Sender<Bytes>);
    impl ChanTx {
        async fn push(&mut self, b: Bytes) {
            self.0.send(b).await.unwrap();
        }
    }
    fn channel() -> (ChanTx, ChanBody) {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        (ChanTx(tx), ChanBody(rx))
    }
    impl HttpBody for ChanBody {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            self.0.poll_recv(cx).map(|o| o.map(|b| Ok(Frame::data(b))))
        }
    }
}
