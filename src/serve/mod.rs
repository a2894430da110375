//! The workshop's web server: a small page for the room's phones and the API
//! it talks to, served on the room's network only while a workshop is open.
//!
//! It is a thin layer over [`crate::workshop::Workshop`], which decides every
//! rule; the server checks each request (room code, size, rate) before the
//! workshop sees it. It runs on its own thread with a small tokio runtime and
//! stops when [`WorkshopServer`] is stopped or dropped.
//!
//! Reachable from the room's Wi-Fi, so: only the embedded page, its script
//! and style sheet, and the `/api/` routes are served; every API request needs
//! the room code; bodies over [`MAX_BODY`] are refused; each address gets
//! [`RATE_PER_SECOND`] requests a second; answers carry a strict content
//! security policy, forbid framing, and the API is never cached.

mod limit;
mod page;

use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener as StdListener, UdpSocket};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{oneshot, watch};

use crate::workshop::{RoomView, Workshop, WorkshopError};
use limit::RateLimiter;

/// The port a workshop uses unless the coach sets another.
pub const DEFAULT_PORT: u16 = 7878;
/// Largest request body accepted: a vote is a few dozen bytes.
pub const MAX_BODY: usize = 2 * 1024;
/// Requests a second one address may make (a phone long-polls and votes;
/// a whole room behind one NAT address shares this).
pub const RATE_PER_SECOND: u32 = 50;
/// How long a phone's request for news waits before answering "no change".
const LONG_POLL: Duration = Duration::from_secs(20);

/// A workshop shared by the coach's app and the server, with a signal that
/// wakes every waiting phone when something changes.
#[derive(Debug)]
pub struct Room {
    workshop: Mutex<Workshop>,
    version: watch::Sender<u64>,
}

impl Room {
    /// Shares `workshop`.
    pub fn new(workshop: Workshop) -> Arc<Self> {
        let (version, _) = watch::channel(workshop.version());
        Arc::new(Room {
            workshop: Mutex::new(workshop),
            version,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Workshop> {
        // A panic while holding the lock cannot leave a vote half-counted
        // (every change is one insert), so a poisoned lock is still usable.
        self.workshop
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reads the workshop.
    pub fn read<R>(&self, f: impl FnOnce(&Workshop) -> R) -> R {
        f(&self.lock())
    }

    /// Changes the workshop and wakes the phones if anything they show changed.
    pub fn update<R>(&self, f: impl FnOnce(&mut Workshop) -> R) -> R {
        let mut w = self.lock();
        let result = f(&mut w);
        let now = w.version();
        drop(w);
        self.version.send_if_modified(|v| {
            let changed = *v != now;
            *v = now;
            changed
        });
        result
    }
}

/// A running server. Stop it with [`WorkshopServer::stop`]; dropping it stops it too.
#[derive(Debug)]
pub struct WorkshopServer {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port is taken or not allowed.
    #[error("cannot listen on port {port}: {source}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// What the system said.
        source: std::io::Error,
    },
    /// The runtime could not start.
    #[error("cannot start the workshop server: {0}")]
    Runtime(std::io::Error),
}

/// Limits a server enforces.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests a second one address may make.
    pub rate_per_second: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            rate_per_second: RATE_PER_SECOND,
        }
    }
}

impl WorkshopServer {
    /// Starts serving `room` on `host:port` (port 0 picks a free one). Use
    /// [`Ipv4Addr::UNSPECIFIED`] to be reachable from the room's network, or
    /// loopback for tests.
    pub fn start(room: Arc<Room>, host: IpAddr, port: u16) -> Result<Self, ServeError> {
        Self::start_with(room, host, port, Limits::default())
    }

    /// [`WorkshopServer::start`] with other limits (a load test from one
    /// address needs a higher rate than a room of phones does).
    pub fn start_with(
        room: Arc<Room>,
        host: IpAddr,
        port: u16,
        limits: Limits,
    ) -> Result<Self, ServeError> {
        let listener =
            StdListener::bind((host, port)).map_err(|source| ServeError::Bind { port, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| ServeError::Bind { port, source })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| ServeError::Bind { port, source })?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("workshop-server")
            .enable_io()
            .enable_time()
            .build()
            .map_err(ServeError::Runtime)?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = router(room, limits);
        let thread = std::thread::Builder::new()
            .name("workshop-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    let serve = axum::serve(
                        listener,
                        app.into_make_service_with_connect_info::<SocketAddr>(),
                    );
                    tokio::select! {
                        _ = serve => {}
                        _ = stopped => {}
                    }
                });
                // Waiting phones hold long polls open: end them rather than wait.
                runtime.shutdown_timeout(Duration::from_millis(200));
            })
            .map_err(ServeError::Runtime)?;
        Ok(WorkshopServer {
            addr,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and waits until the port is free again.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(s) = self.shutdown.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for WorkshopServer {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// This machine's address on the room's network, for the join link: the
/// address the system would send from (no packet is sent). None without a
/// network, when only the same machine could join.
pub fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    // A documentation address: routing to it picks the outgoing interface.
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 80)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The link a phone opens, with the room code in it (what the QR code holds).
pub fn join_link(host: IpAddr, port: u16, code: &str) -> String {
    format!("{}?code={code}", short_link(host, port))
}

/// The link without the code, short enough to read off a projector.
pub fn short_link(host: IpAddr, port: u16) -> String {
    match host {
        IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
        IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
    }
}

#[derive(Clone)]
struct Shared {
    room: Arc<Room>,
    limiter: Arc<RateLimiter>,
}

fn router(room: Arc<Room>, limits: Limits) -> Router {
    let shared = Shared {
        room,
        limiter: Arc::new(RateLimiter::new(limits.rate_per_second)),
    };
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/join", post(join))
        .route("/api/state", get(state))
        .route("/api/vote", post(vote))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared)
}

/// Every request: the rate limit first, then headers a browser respects.
async fn guard(
    State(shared): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    if !shared.limiter.allow(peer.ip()) {
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests: slow down",
        );
    }
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
             img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if api { "no-store" } else { "no-cache" }),
    );
    response
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(json!({ "error": message }))).into_response()
}

fn refused(e: &WorkshopError) -> Response {
    let status = match e {
        WorkshopError::WrongCode | WorkshopError::UnknownDevice => StatusCode::FORBIDDEN,
        WorkshopError::RoomFull => StatusCode::SERVICE_UNAVAILABLE,
        WorkshopError::VotingClosed | WorkshopError::WrongTurn { .. } => StatusCode::CONFLICT,
        WorkshopError::NoSuchChoice(_) => StatusCode::UNPROCESSABLE_ENTITY,
        WorkshopError::OutOfOrder { .. } | WorkshopError::Engine(_) => StatusCode::CONFLICT,
    };
    error(status, &e.to_string())
}

fn bad_json(e: &JsonRejection) -> Response {
    match e {
        JsonRejection::BytesRejection(_) => {
            error(StatusCode::PAYLOAD_TOO_LARGE, "the request is too large")
        }
        other => error(
            StatusCode::BAD_REQUEST,
            &format!(
                "the request is not what the page sends: {}",
                other.body_text()
            ),
        ),
    }
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "nothing here")
}

#[derive(Deserialize)]
struct JoinBody {
    code: String,
}

async fn join(
    State(shared): State<Shared>,
    body: Result<axum::Json<JoinBody>, JsonRejection>,
) -> Response {
    let axum::Json(body) = match body {
        Ok(b) => b,
        Err(e) => return bad_json(&e),
    };
    match shared.room.update(|w| w.join(&body.code)) {
        Ok(token) => axum::Json(json!({ "token": token })).into_response(),
        Err(e) => refused(&e),
    }
}

#[derive(Deserialize)]
struct StateQuery {
    code: String,
    #[serde(default)]
    token: Option<String>,
    /// The version the phone already shows: wait for a newer one.
    #[serde(default)]
    since: Option<u64>,
}

async fn state(
    State(shared): State<Shared>,
    query: Result<Query<StateQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(q)) = query else {
        return error(StatusCode::BAD_REQUEST, "a room code is needed");
    };
    let view = |room: &Room| -> Result<RoomView, WorkshopError> {
        room.read(|w| {
            if !w.code_matches(&q.code) {
                return Err(WorkshopError::WrongCode);
            }
            let token = q.token.as_deref().filter(|t| w.knows(t));
            if q.token.is_some() && token.is_none() {
                return Err(WorkshopError::UnknownDevice);
            }
            Ok(w.room_view(token))
        })
    };
    let first = match view(&shared.room) {
        Ok(v) => v,
        Err(e) => return refused(&e),
    };
    if q.since.is_some_and(|since| since >= first.version) {
        // Nothing new: wait for a change (or the long-poll limit).
        let mut changes = shared.room.version.subscribe();
        let wait = changes.wait_for(|v| *v > first.version);
        let _ = tokio::time::timeout(LONG_POLL, wait).await;
        return match view(&shared.room) {
            Ok(v) => axum::Json(v).into_response(),
            Err(e) => refused(&e),
        };
    }
    axum::Json(first).into_response()
}

#[derive(Deserialize)]
struct VoteBody {
    code: String,
    token: String,
    turn: u32,
    /// 0-based position in the order shown.
    choice: usize,
}

async fn vote(
    State(shared): State<Shared>,
    body: Result<axum::Json<VoteBody>, JsonRejection>,
) -> Response {
    let axum::Json(b) = match body {
        Ok(b) => b,
        Err(e) => return bad_json(&e),
    };
    match shared
        .room
        .update(|w| w.vote(&b.code, &b.token, b.turn, b.choice))
    {
        Ok(()) => axum::Json(json!({ "ok": true, "my_vote": b.choice })).into_response(),
        Err(e) => refused(&e),
    }
}
