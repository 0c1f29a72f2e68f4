//! The HTTP front end (hyper 1 on tokio): `POST /` with `X-Amz-Target:
//! AWSCognitoIdentityProviderService.<Operation>` and a JSON 1.1 body, `GET /{pool}/.well-known/jwks.json`,
//! `GET /{pool}/.well-known/openid-configuration`, `GET /_cognito-srp/codes` (the SMS and email MFA codes sent), and CORS preflights. This layer only decodes, dispatches and encodes.
//!
//! Limits, from [`HttpConfig`]: `TCP_NODELAY` on every connection, a cap on concurrent connections, a
//! header read timeout and a header size cap (hyper's), a body size enforced while the body streams in
//! (`http_body_util::Limited`, nothing allocated from an announced length) and a body read timeout.
//! Operations run on tokio's blocking pool, off the I/O threads; a panic in one is answered as
//! `InternalErrorException` and the server goes on serving.
//!
//! A request whose `Host` is not a loopback name is refused (`AccessDeniedException`, HTTP 403) unless
//! [`HttpConfig::allow_non_loopback`] is set, so a web page cannot reach the server through DNS
//! rebinding. The codes endpoint is answered only to a loopback peer naming a loopback `Host`, whatever
//! that setting, and without CORS headers, so no web page can read it.

use std::future::Future;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::peers::PeerSlots;
use crate::service::Server;

mod request;

use request::handle;
pub use request::{RequestLog, gate, is_loopback_host, respond};

/// `GET` here lists the SMS and email MFA codes sent, oldest first: `{"Codes": [{"PoolId", "Username",
/// "ChallengeName", "DeliveryMedium", "Destination", "Code", "SentAt"}]}`.
pub const CODES_PATH: &str = "/_cognito-srp/codes";

/// Limits and timeouts of the HTTP front end.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Largest request body (the biggest real request, RespondToAuthChallenge with a 1.7 KB secret
    /// block, is a few KB). Default 64 KiB.
    pub max_body: usize,
    /// Largest request head (request line and headers). Default 16 KiB.
    pub max_header: usize,
    /// Time allowed to receive a request head, and to wait for the next one on a kept-alive
    /// connection. Default 10 s.
    pub header_timeout: Duration,
    /// Time allowed to receive a request body. Default 10 s.
    pub body_timeout: Duration,
    /// Connections served at once; more wait in the listen backlog. Default 1024.
    pub max_connections: usize,
    /// Connections one peer address may hold at once; a connection past it is closed as soon as it
    /// is accepted, before anything is read. Default 256, so one client cannot take every slot of
    /// [`max_connections`](Self::max_connections).
    pub max_connections_per_peer: usize,
    /// How long a graceful shutdown waits for requests in flight. Default 5 s.
    pub shutdown_grace: Duration,
    /// Accept requests whose `Host` is not a loopback name (for a server listening off loopback).
    /// Default `false`. The codes endpoint ([`CODES_PATH`]) stays loopback-only either way.
    pub allow_non_loopback: bool,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            max_body: 64 * 1024,
            max_header: 16 * 1024,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 1024,
            max_connections_per_peer: 256,
            shutdown_grace: Duration::from_secs(5),
            allow_non_loopback: false,
        }
    }
}

/// Threads for the blocking pool that runs operations (their exponentiations and RSA signatures are
/// CPU-bound): one per core the process may use, at least two. More would only take turns on the same
/// cores, each switch costing cache refills; requests beyond them wait in the pool's queue.
pub fn blocking_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().max(2))
}

/// Resolves `listen` and refuses addresses off the loopback interface unless `allow_non_loopback`.
///
/// # Errors
/// A message for an unresolvable or non-loopback address.
pub fn check_listen(listen: &str, allow_non_loopback: bool) -> Result<SocketAddr, String> {
    let addrs: Vec<SocketAddr> = listen
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {listen}: {e}"))?
        .collect();
    let first = *addrs
        .first()
        .ok_or_else(|| format!("{listen} resolves to no address"))?;
    if !allow_non_loopback && addrs.iter().any(|a| !a.ip().is_loopback()) {
        return Err(format!(
            "refusing to listen on {listen}: not a loopback address (this is a test server; pass --allow-non-loopback to override)"
        ));
    }
    Ok(first)
}

/// Serves `app` on `listener` until `shutdown` completes, then stops accepting and waits up to
/// [`HttpConfig::shutdown_grace`] for requests in flight.
///
/// # Errors
/// A fatal error of the listener.
pub async fn serve(
    listener: TcpListener,
    app: Arc<Server>,
    config: HttpConfig,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let config = Arc::new(config);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let peers = PeerSlots::new(config.max_connections_per_peer);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = Arc::clone(&slots).acquire_owned() => p.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(accepted) => accepted,
                Err(e) if is_transient(&e) => {
                    tracing::warn!(error = %e, "accept failed; retrying");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
                Err(e) => return Err(e),
            },
            () = &mut shutdown => break,
        };
        let Some(peer_slot) = peers.try_take(peer.ip()) else {
            tracing::debug!(peer = %peer.ip(), "connection closed: the peer holds its limit");
            drop(stream);
            continue;
        };
        // Responses go out in one write; without this a kept-alive client waits for a delayed ACK.
        let _ = stream.set_nodelay(true);
        let app = Arc::clone(&app);
        let cfg = Arc::clone(&config);
        let service = service_fn(move |req| handle(Arc::clone(&app), Arc::clone(&cfg), peer, req));
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .half_close(true)
            .header_read_timeout(config.header_timeout)
            .max_header_size(config.max_header)
            .max_buf_size(config.max_header.max(8192) + config.max_body)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(peer_slot);
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(config.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("shutdown: requests still in flight after the grace period");
    }
    Ok(())
}

fn is_transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock | TimedOut
    ) || e.raw_os_error().is_some_and(|c| c == 23 || c == 24) // ENFILE, EMFILE
}

/// Completes on SIGINT or (on Unix) SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_only_unless_allowed() {
        assert!(check_listen("127.0.0.1:0", false).is_ok());
        assert!(
            check_listen("0.0.0.0:0", false)
                .unwrap_err()
                .contains("not a loopback")
        );
        assert!(check_listen("0.0.0.0:0", true).is_ok());
    }
}
