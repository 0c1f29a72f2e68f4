//! One request: where it may come from (`gate`), decoding, dispatch to the operations off the I/O
//! threads, the JSON 1.1 replies and their CORS headers, and the request's log line.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use serde_json::{Value, json};

use crate::protocol::{Access, Answer, CognitoError, Operation};
use crate::service::{Server, unknown_operation};
use crate::trace::Trace;
use crate::util::uuid_v4;

use super::{CODES_PATH, HttpConfig};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// Bodies announced up to this size past the limit are read and dropped before the 413, so the client
/// sees the answer instead of a reset; larger ones are answered at once and the connection closed.
const DRAIN_LIMIT: u64 = 4 * 1024 * 1024;

type Reply = Response<Full<Bytes>>;

/// Whether the `Host` header value `host` names the loopback interface (`localhost`, `127.0.0.0/8`,
/// `[::1]`), with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Refuses a request by where it comes from and the `Host` it names: a non-loopback `Host` unless
/// `allow_non_loopback`; the codes endpoint unless both the peer and the `Host` are loopback. A request
/// without `Host` (not sent by browsers) is judged by its peer alone.
pub fn gate(
    headers: &HeaderMap,
    path: &str,
    peer: SocketAddr,
    allow_non_loopback: bool,
) -> Result<(), CognitoError> {
    let host = headers.get(header::HOST).map(|v| v.to_str().unwrap_or("?"));
    let loopback_host = host.is_none_or(is_loopback_host);
    let denied = CognitoError::AccessDenied;
    if path == CODES_PATH && (!loopback_host || !peer.ip().is_loopback()) {
        return Err(denied(
            "The codes endpoint is served only on loopback.".into(),
        ));
    }
    if !loopback_host && !allow_non_loopback {
        return Err(denied(format!(
            "Host {} is not a loopback name.",
            escape(host.unwrap_or_default())
                .chars()
                .take(128)
                .collect::<String>()
        )));
    }
    Ok(())
}

pub(super) async fn handle(
    app: Arc<Server>,
    config: Arc<HttpConfig>,
    peer: SocketAddr,
    req: Request<Incoming>,
) -> Result<Reply, std::convert::Infallible> {
    let started = Instant::now();
    let request_id = uuid_v4();
    let (parts, body) = req.into_parts();
    let announced = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body = if let Err(f) = gate(
        &parts.headers,
        parts.uri.path(),
        peer,
        config.allow_non_loopback,
    ) {
        Err(f)
    } else if announced.is_some_and(|n| n > config.max_body as u64) {
        if announced.is_some_and(|n| n <= DRAIN_LIMIT) {
            let mut body = body;
            let drain = async { while let Some(Ok(_)) = body.frame().await {} };
            let _ = tokio::time::timeout(config.body_timeout, drain).await;
        }
        Err(CognitoError::RequestEntityTooLarge(config.max_body))
    } else {
        match tokio::time::timeout(
            config.body_timeout,
            Limited::new(body, config.max_body).collect(),
        )
        .await
        {
            Ok(Ok(collected)) => Ok(collected.to_bytes()),
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
                Err(CognitoError::RequestEntityTooLarge(config.max_body))
            }
            Ok(Err(_)) => Err(CognitoError::serialization(
                "Could not read the request body.",
            )),
            Err(_) => Err(CognitoError::RequestTimeout(
                "The request body was not received in time.".into(),
            )),
        }
    };
    let (mut reply, log) = match body {
        Ok(bytes) => {
            let app2 = Arc::clone(&app);
            let parts2 = parts.clone();
            match run_blocking(move || respond(&app2, &parts2, &bytes)).await {
                Ok(r) => r,
                Err(f) => {
                    tracing::error!(request_id = %request_id, "operation failed: {}", f.message());
                    let f = CognitoError::internal("An internal error occurred.");
                    (fault_reply(&f), RequestLog::failed(&parts, &f))
                }
            }
        }
        Err(f) => {
            let mut r = fault_reply(&f);
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            (r, RequestLog::failed(&parts, &f))
        }
    };
    reply.headers_mut().insert(
        "x-amzn-RequestId",
        HeaderValue::from_str(&request_id).expect("a UUID is a valid header value"),
    );
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(
        request_id = %request_id,
        operation = %escape(&log.operation),
        step = %escape(log.trace.step.as_deref().unwrap_or("-")),
        client = %escape(log.trace.client.as_deref().unwrap_or("-")),
        user = %escape(log.trace.user.as_deref().unwrap_or("-")),
        verified = %log.trace.verified.unwrap_or("-"),
        outcome = %log.outcome,
        status = reply.status().as_u16(),
        duration_ms = format_args!("{ms:.2}"),
        "request"
    );
    Ok(reply)
}

/// A client-supplied string for the log: control characters, quotes, backslashes and non-ASCII
/// escaped as Rust does (`\n`, `\"`, `\u{1b}`), spaces as `\x20`, so one value is one token.
fn escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if c == ' ' {
                "\\x20".chars().collect::<Vec<_>>()
            } else if c.is_ascii_graphic() && c != '"' && c != '\\' {
                vec![c]
            } else {
                c.escape_default().collect()
            }
        })
        .collect()
}

/// Runs `f` on tokio's blocking pool, off the I/O threads (an operation's exponentiations and RSA
/// signatures would stall them). A panic in `f` becomes `InternalErrorException`; the pool and the
/// server go on.
async fn run_blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, CognitoError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CognitoError::internal(if e.is_panic() { "panic" } else { "cancelled" }))
}

/// What one request was, for the log line.
#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    /// The operation named in `X-Amz-Target`, or the method and path.
    pub operation: String,
    /// What the operation concerned.
    pub trace: Trace,
    /// The challenge issued, `tokens`, `ok`, or an error type.
    pub outcome: String,
}

impl RequestLog {
    fn failed(parts: &http::request::Parts, f: &CognitoError) -> Self {
        RequestLog {
            operation: target(&parts.headers).unwrap_or_else(|| parts.method.to_string()),
            trace: Trace::default(),
            outcome: f.code().to_owned(),
        }
    }
}

fn target(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.strip_prefix(TARGET_PREFIX))
        .map(|op| op.chars().take(64).collect())
}

fn with_cors(mut r: Reply) -> Reply {
    let h = r.headers_mut();
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date"),
    );
    r
}

fn json_reply(status: u16, body: &Value, content_type: &'static str) -> Reply {
    with_cors(json_reply_without_cors(status, body, content_type))
}

fn json_reply_without_cors(status: u16, body: &Value, content_type: &'static str) -> Reply {
    let mut r = Response::new(Full::new(Bytes::from(body.to_string())));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn fault_reply(f: &CognitoError) -> Reply {
    let mut r = json_reply(f.status(), &f.body(), "application/x-amz-json-1.1");
    r.headers_mut()
        .insert("x-amzn-ErrorType", HeaderValue::from_static(f.code()));
    r
}

/// Answers one request whose body has been read: the synchronous core of the front end (also the fuzz
/// target's entry point). Never panics on any method, path, headers or body.
pub fn respond(app: &Server, parts: &http::request::Parts, body: &[u8]) -> (Reply, RequestLog) {
    let mut log = RequestLog {
        operation: format!(
            "{} {}",
            parts.method,
            parts.uri.path().chars().take(64).collect::<String>()
        ),
        ..RequestLog::default()
    };
    let reply = match parts.method {
        Method::OPTIONS if parts.uri.path() == CODES_PATH => {
            log.outcome = "ok".into();
            Response::new(Full::new(Bytes::new()))
        }
        Method::OPTIONS => {
            let mut r = with_cors(Response::new(Full::new(Bytes::new())));
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("POST, GET, OPTIONS"),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("content-type,x-amz-target,x-amz-user-agent,cache-control,authorization,x-amz-date,x-amz-security-token,amz-sdk-invocation-id,amz-sdk-request"),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
            log.outcome = "ok".into();
            r
        }
        Method::GET | Method::HEAD if parts.uri.path() == CODES_PATH => {
            log.outcome = "ok".into();
            let codes: Vec<Value> = app.sent_codes().iter().map(|c| c.to_json()).collect();
            json_reply_without_cors(200, &json!({ "Codes": codes }), "application/json")
        }
        Method::GET | Method::HEAD => {
            let path = parts.uri.path();
            let jwks = path.strip_prefix('/').and_then(|p| {
                p.strip_suffix("/.well-known/jwks.json")
                    .and_then(|pool| app.jwks(pool))
                    .or_else(|| {
                        p.strip_suffix("/.well-known/openid-configuration")
                            .and_then(|pool| app.openid_configuration(pool))
                    })
            });
            log.outcome = if jwks.is_some() || path == "/" {
                "ok"
            } else {
                "NotFound"
            }
            .into();
            match jwks {
                Some(j) => json_reply(200, &j, "application/json"),
                None if path == "/" => with_cors(Response::new(Full::new(Bytes::from_static(
                    b"cognito-srp loopback server: POST the Cognito Identity Provider JSON 1.1 protocol here\n",
                )))),
                None => json_reply(404, &CognitoError::NotFound.body(), "application/json"),
            }
        }
        Method::POST => match post(app, parts, body, &mut log) {
            Ok(answer) => {
                log.outcome = answer.outcome;
                json_reply(200, &answer.body, "application/x-amz-json-1.1")
            }
            Err(f) => {
                log.outcome = f.code().to_owned();
                fault_reply(&f)
            }
        },
        _ => {
            let f = CognitoError::MethodNotAllowed;
            log.outcome = f.code().into();
            fault_reply(&f)
        }
    };
    (reply, log)
}

fn post(
    app: &Server,
    parts: &http::request::Parts,
    body: &[u8],
    log: &mut RequestLog,
) -> Result<Answer, CognitoError> {
    let headers = &parts.headers;
    let name = match target(headers) {
        Some(op) if !op.is_empty() => op,
        _ => {
            return Err(CognitoError::UnknownOperation(format!(
                "X-Amz-Target must be {TARGET_PREFIX}<Operation>."
            )));
        }
    };
    log.operation.clone_from(&name);
    let op = Operation::parse(&name).ok_or_else(|| unknown_operation(&name))?;
    if op.access() == Access::Iam {
        authorize_iam(app, parts, body)?;
    }
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.to_ascii_lowercase().contains("json"));
    if !json_type {
        return Err(CognitoError::serialization(
            "Content-Type must be application/x-amz-json-1.1.",
        ));
    }
    let request: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(body)
            .map_err(|_| CognitoError::serialization("Request body is not valid JSON."))?
    };
    let (result, trace) = app.call(op, &request);
    log.trace = trace;
    result
}

/// The check an IAM-authorised operation passes before it runs: never from a web page (a request with
/// an `Origin` header), and always with a SigV4 `Authorization` header, verified when the server knows
/// credentials ([`crate::sigv4`]).
fn authorize_iam(
    app: &Server,
    parts: &http::request::Parts,
    body: &[u8],
) -> Result<(), CognitoError> {
    if parts.headers.contains_key(header::ORIGIN) {
        return Err(CognitoError::AccessDenied(
            "Admin and control-plane operations are not served to web pages (Origin header present)."
                .into(),
        ));
    }
    let signed = crate::sigv4::SignedRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        body,
    };
    crate::sigv4::authorize(app.iam.as_ref(), &signed, crate::util::now_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn parts(method: Method, target: Option<&str>, content_type: &str) -> http::request::Parts {
        let mut b = Request::builder().method(method).uri("/");
        if let Some(t) = target {
            b = b.header("x-amz-target", t);
        }
        b.header("content-type", content_type)
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    #[test]
    fn decoding_errors() {
        let app = Server::new(crate::config::demo(), "http://x").unwrap();
        let json11 = "application/x-amz-json-1.1";
        let (r, log) = respond(&app, &parts(Method::POST, None, json11), b"{}");
        assert_eq!(r.status(), 400);
        assert_eq!(log.outcome, "UnknownOperationException");
        let ia = Some("AWSCognitoIdentityProviderService.InitiateAuth");
        let (r, _) = respond(&app, &parts(Method::POST, ia, "text/plain"), b"{}");
        assert_eq!(r.headers()["x-amzn-ErrorType"], "SerializationException");
        let (r, _) = respond(&app, &parts(Method::POST, ia, json11), b"{nope");
        assert_eq!(r.headers()["x-amzn-ErrorType"], "SerializationException");
        let (r, log) = respond(
            &app,
            &parts(Method::POST, ia, json11),
            br#"{"AuthFlow": 1}"#,
        );
        assert_eq!(r.headers()["x-amzn-ErrorType"], "SerializationException");
        assert_eq!(log.operation, "InitiateAuth");
        let (r, _) = respond(&app, &parts(Method::PUT, None, json11), b"");
        assert_eq!(r.status(), 405);
        let (r, _) = respond(&app, &parts(Method::OPTIONS, None, ""), b"");
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["access-control-allow-origin"], "*");
        let _ = Config::default();
    }

    #[test]
    fn log_values_are_escaped() {
        assert_eq!(escape("demo-client"), "demo-client");
        assert_eq!(
            escape("a b\"\n\u{1b}[31m\\é"),
            "a\\x20b\\\"\\n\\u{1b}[31m\\\\\\u{e9}"
        );
    }

    #[tokio::test]
    async fn a_panic_off_the_io_threads_is_an_internal_error() {
        let r = run_blocking(|| -> u8 { panic!("boom") }).await;
        assert_eq!(r.unwrap_err().code(), "InternalErrorException");
        assert_eq!(run_blocking(|| 7).await, Ok(7));
    }

    #[test]
    fn a_poisoned_lock_still_locks() {
        let m = std::sync::Arc::new(std::sync::Mutex::new(1));
        let m2 = std::sync::Arc::clone(&m);
        let _ = std::thread::spawn(move || {
            let _g = m2.lock().unwrap();
            panic!("poison");
        })
        .join();
        assert!(m.is_poisoned());
        *crate::service::lock(&m) += 1;
        assert_eq!(*crate::service::lock(&m), 2);
    }
}
