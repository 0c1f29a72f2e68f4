//! The HTTP transport (`load`, `hostile`): one kept-alive HTTP/1.1 connection (hyper's client, with
//! `TCP_NODELAY` as the SDKs set it) speaking the Cognito JSON 1.1 protocol. [`HttpTransport`] drives it
//! from blocking code on its own current-thread runtime; [`Connection`] is the async connection itself.

use std::cell::RefCell;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde_json::Value;

use super::json::JsonCaller;
use super::{ApiError, CallError};

/// One connection.
pub struct Connection {
    sender: SendRequest<Full<Bytes>>,
    host: String,
}

impl Connection {
    /// Connects (with `TCP_NODELAY`, as the SDKs do).
    ///
    /// # Errors
    /// A connection or handshake failure.
    pub async fn open(addr: SocketAddr) -> Result<Connection, String> {
        let stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(async move {
            let _ = conn.await;
        });
        Ok(Connection {
            sender,
            host: addr.to_string(),
        })
    }

    /// `POST /` for `op`; returns (status, JSON body).
    ///
    /// # Errors
    /// A transport failure or a body that is not JSON.
    pub async fn call(&mut self, op: &str, body: &Value) -> Result<(u16, Value), String> {
        self.sender
            .ready()
            .await
            .map_err(|e| format!("connection: {e}"))?;
        let req = http::Request::post("/")
            .header("host", &self.host)
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{op}"),
            )
            .body(Full::new(Bytes::from(body.to_string())))
            .map_err(|e| e.to_string())?;
        let resp = self
            .sender
            .send_request(req)
            .await
            .map_err(|e| format!("{op}: {e}"))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| format!("{op} body: {e}"))?
            .to_bytes();
        let v = serde_json::from_slice(&bytes).map_err(|e| format!("{op}: not JSON: {e}"))?;
        Ok((status, v))
    }
}

/// A [`super::Transport`] over one kept-alive [`Connection`]. The connection's I/O runs on the
/// transport's runtime, inside each call.
pub struct HttpTransport {
    runtime: tokio::runtime::Runtime,
    connection: RefCell<Connection>,
}

impl HttpTransport {
    /// Connects to `addr`.
    ///
    /// # Errors
    /// A connection or handshake failure.
    pub fn open(addr: SocketAddr) -> Result<HttpTransport, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let connection = runtime.block_on(Connection::open(addr))?;
        Ok(HttpTransport {
            runtime,
            connection: RefCell::new(connection),
        })
    }
}

impl JsonCaller for HttpTransport {
    fn call(&self, op: &str, req: Value) -> Result<Value, CallError> {
        let mut connection = self.connection.borrow_mut();
        let (status, v) = self
            .runtime
            .block_on(connection.call(op, &req))
            .map_err(CallError::Transport)?;
        if status == 200 {
            return Ok(v);
        }
        let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        Err(CallError::Api(ApiError {
            code: text("__type"),
            message: text("message"),
            request_id: None,
            status: Some(status),
        }))
    }
}
