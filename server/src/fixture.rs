//! [`TestServer`]: the server on a random loopback port, in its own thread and runtime, for tests.
//! Dropping it stops the server. Works from plain `#[test]`s and from `#[tokio::test]`s alike.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use crate::config::{ClientConfig, Config, PoolConfig, UserConfig};
use crate::http::{HttpConfig, serve};
use crate::service::Server;

/// A running server on `127.0.0.1:<random port>`.
pub struct TestServer {
    server: Arc<Server>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl TestServer {
    /// Starts a server for `config` with the default [`HttpConfig`].
    ///
    /// # Errors
    /// An invalid configuration, or no loopback port to bind.
    pub fn start(config: Config) -> Result<TestServer, String> {
        Self::start_with(config, HttpConfig::default())
    }

    /// Starts a server for `config` with HTTP limits `http`.
    ///
    /// # Errors
    /// An invalid configuration, or no loopback port to bind.
    pub fn start_with(config: Config, http: HttpConfig) -> Result<TestServer, String> {
        let listener =
            std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot bind: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let server = Arc::new(Server::new(config, &format!("http://{addr}"))?);
        let (stop, stopped) = oneshot::channel::<()>();
        let app = Arc::clone(&server);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(crate::http::blocking_threads())
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let thread = std::thread::Builder::new()
            .name(format!("cognito-srp-test-server-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => l,
                        Err(e) => {
                            tracing::error!(error = %e, "test server: cannot register the listener");
                            return;
                        }
                    };
                    let shutdown = async {
                        let _ = stopped.await;
                    };
                    if let Err(e) = serve(listener, app, http, shutdown).await {
                        tracing::error!(error = %e, "test server stopped");
                    }
                });
            })
            .map_err(|e| e.to_string())?;
        Ok(TestServer {
            server,
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`: the endpoint to give a client (and the tokens' issuer base).
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The server itself (stats, tokens, in-process dispatch).
    pub fn server(&self) -> &Arc<Server> {
        &self.server
    }

    /// Adds a pool with its clients and users.
    ///
    /// # Errors
    /// As [`Server::add_pool`].
    pub fn add_pool(&self, pool: PoolConfig) -> Result<(), String> {
        self.server.add_pool(pool)
    }

    /// Adds an app client to a pool.
    ///
    /// # Errors
    /// As [`Server::add_client`].
    pub fn add_client(&self, pool_id: &str, client: ClientConfig) -> Result<(), String> {
        self.server.add_client(pool_id, client)
    }

    /// Adds a user to a pool.
    ///
    /// # Errors
    /// As [`Server::add_user`].
    pub fn add_user(&self, pool_id: &str, user: UserConfig) -> Result<(), String> {
        self.server.add_user(pool_id, user)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
