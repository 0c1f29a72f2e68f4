//! A kept-alive HTTP/1.1 connection (hyper's client) speaking the Cognito JSON 1.1 protocol, and a full
//! USER_SRP_AUTH sign-in over it. Used by `load` and `hostile`.

use std::collections::HashMap;
use std::net::SocketAddr;

use bytes::Bytes;
use cognito_srp_core::{AppClient, Password, SrpAuthFlow, Timestamp};
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

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

/// Who signs in.
#[derive(Clone)]
pub struct Account {
    pub pool_id: String,
    pub client_id: String,
    pub username: String,
    pub password: String,
}

fn string_map(v: &Value) -> HashMap<String, String> {
    v.as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// A Cognito call: (operation, request) → (status, response).
pub trait Caller {
    /// Makes one call.
    fn call(
        &mut self,
        op: &str,
        body: &Value,
    ) -> impl std::future::Future<Output = Result<(u16, Value), String>>;
}

impl Caller for Connection {
    fn call(
        &mut self,
        op: &str,
        body: &Value,
    ) -> impl std::future::Future<Output = Result<(u16, Value), String>> {
        Connection::call(self, op, body)
    }
}

/// A full USER_SRP_AUTH sign-in: InitiateAuth, PASSWORD_VERIFIER. Ok when tokens come back.
///
/// # Errors
/// What went wrong, with the service's error type.
pub async fn sign_in(c: &mut impl Caller, a: &Account) -> Result<(), String> {
    let client = AppClient::new(&a.pool_id, &a.client_id).map_err(|e| e.to_string())?;
    let srp = client
        .start_user_srp_os(&a.username)
        .map_err(|e| e.to_string())?;
    let (status, ch) = c
        .call(
            "InitiateAuth",
            &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": a.client_id,
                    "AuthParameters": srp.initiate_auth_parameters(SrpAuthFlow::UserSrpAuth)}),
        )
        .await?;
    if status != 200 {
        return Err(format!("InitiateAuth: {status} {}", ch["__type"]));
    }
    let password = Password::new(a.password.clone()).map_err(|e| e.to_string())?;
    let responses = srp
        .respond(
            &string_map(&ch["ChallengeParameters"]),
            &password,
            &Timestamp::now(),
        )
        .map_err(|e| e.to_string())?;
    let (status, r) = c
        .call(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": a.client_id,
                    "ChallengeResponses": responses, "Session": ch["Session"]}),
        )
        .await?;
    if status != 200 || r["AuthenticationResult"]["AccessToken"].as_str().is_none() {
        return Err(format!("RespondToAuthChallenge: {status} {}", r["__type"]));
    }
    Ok(())
}

/// Calls a [`cognito_srp_server::Server`] in process (no HTTP), for the baseline.
pub struct InProcess<'a>(pub &'a cognito_srp_server::Server);

impl Caller for InProcess<'_> {
    fn call(
        &mut self,
        op: &str,
        body: &Value,
    ) -> impl std::future::Future<Output = Result<(u16, Value), String>> {
        let r = match self.0.dispatch(op, body) {
            Ok(v) => (200, v),
            Err(f) => (f.status(), f.body()),
        };
        std::future::ready(Ok(r))
    }
}
