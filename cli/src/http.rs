//! The JSON 1.1 protocol on a loopback socket (tiny_http): `POST /` with
//! `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, plus `GET /{pool}/.well-known/jwks.json`.

use std::io::Read as _;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::thread::JoinHandle;

use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response};

use crate::server::{Fault, Server};

/// Largest request body accepted (the biggest real request, RespondToAuthChallenge with a 1.7 KB secret
/// block and a 768-character SRP_A, is a few KB).
pub const MAX_BODY: usize = 64 * 1024;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

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

/// A running HTTP front end.
pub struct Running {
    workers: Vec<JoinHandle<()>>,
}

impl Running {
    /// Waits for the workers (they run until the process ends).
    pub fn wait(self) {
        for w in self.workers {
            let _ = w.join();
        }
    }
}

/// Binds `addr` (port 0 picks a free one).
///
/// # Errors
/// The bind error.
pub fn bind(addr: SocketAddr) -> Result<(tiny_http::Server, SocketAddr), String> {
    let http =
        tiny_http::Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = http
        .server_addr()
        .to_ip()
        .ok_or_else(|| "not an IP listener".to_owned())?;
    Ok((http, bound))
}

/// Serves `app` on `http` with `threads` workers.
pub fn start(http: tiny_http::Server, app: Arc<Server>, threads: usize) -> Running {
    let http = Arc::new(http);
    let workers = (0..threads.max(1))
        .map(|_| {
            let http = Arc::clone(&http);
            let app = Arc::clone(&app);
            std::thread::spawn(move || {
                while let Ok(req) = http.recv() {
                    handle(req, &app);
                }
            })
        })
        .collect();
    Running { workers }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn cors(resp: Response<std::io::Cursor<Vec<u8>>>) -> Response<std::io::Cursor<Vec<u8>>> {
    resp.with_header(header("Access-Control-Allow-Origin", "*"))
        .with_header(header(
            "Access-Control-Expose-Headers",
            "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date",
        ))
}

fn json_response(status: u16, body: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    cors(
        Response::from_data(body.to_string().into_bytes())
            .with_status_code(status)
            .with_header(header("Content-Type", "application/x-amz-json-1.1"))
            .with_header(header("x-amzn-RequestId", &crate::util::uuid_v4())),
    )
}

fn fault_response(f: &Fault) -> Response<std::io::Cursor<Vec<u8>>> {
    json_response(f.status, &f.body()).with_header(header("x-amzn-ErrorType", f.code))
}

fn get_header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn handle(mut req: Request, app: &Server) {
    let resp = match req.method() {
        Method::Options => cors(Response::from_data(Vec::new()).with_status_code(200))
            .with_header(header("Access-Control-Allow-Methods", "POST, GET, OPTIONS"))
            .with_header(header(
                "Access-Control-Allow-Headers",
                "content-type,x-amz-target,x-amz-user-agent,cache-control,authorization,x-amz-date,x-amz-security-token,amz-sdk-invocation-id,amz-sdk-request",
            ))
            .with_header(header("Access-Control-Max-Age", "600")),
        Method::Get | Method::Head => get(req.url(), app),
        Method::Post => post(&mut req, app),
        _ => fault_response(&Fault {
            status: 405,
            code: "MethodNotAllowed",
            message: "Use POST.".into(),
        }),
    };
    let _ = req.respond(resp);
}

fn get(url: &str, app: &Server) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split('?').next().unwrap_or("");
    if let Some(pool) = path
        .strip_prefix('/')
        .and_then(|p| p.strip_suffix("/.well-known/jwks.json"))
        && let Some(jwks) = app.jwks(pool)
    {
        return cors(
            Response::from_data(jwks.to_string().into_bytes())
                .with_header(header("Content-Type", "application/json")),
        );
    }
    if path == "/" {
        return cors(Response::from_data(
            b"cognito-srp loopback server: POST the Cognito Identity Provider JSON 1.1 protocol here\n"
                .to_vec(),
        ));
    }
    json_response(404, &json!({"__type": "NotFound", "message": "Not found."}))
}

fn too_large() -> Fault {
    Fault {
        status: 413,
        code: "RequestEntityTooLargeException",
        message: format!("Request body is larger than {MAX_BODY} bytes."),
    }
}

fn post(req: &mut Request, app: &Server) -> Response<std::io::Cursor<Vec<u8>>> {
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return fault_response(&too_large()).with_header(header("Connection", "close"));
    }
    let op = match get_header(req, "X-Amz-Target").and_then(|t| t.strip_prefix(TARGET_PREFIX)) {
        Some(op) if !op.is_empty() => op.to_owned(),
        _ => {
            return fault_response(&Fault {
                status: 400,
                code: "UnknownOperationException",
                message: format!("X-Amz-Target must be {TARGET_PREFIX}<Operation>."),
            });
        }
    };
    let content_type = get_header(req, "Content-Type").unwrap_or("");
    if !content_type.to_ascii_lowercase().contains("json") {
        return fault_response(&Fault {
            status: 400,
            code: "SerializationException",
            message: "Content-Type must be application/x-amz-json-1.1.".into(),
        });
    }
    let mut body = Vec::new();
    if req
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .is_err()
    {
        return fault_response(&Fault {
            status: 400,
            code: "SerializationException",
            message: "Could not read the request body.".into(),
        });
    }
    if body.len() > MAX_BODY {
        return fault_response(&too_large()).with_header(header("Connection", "close"));
    }
    let request: Value = if body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => {
                return fault_response(&Fault {
                    status: 400,
                    code: "SerializationException",
                    message: "Request body is not valid JSON.".into(),
                });
            }
        }
    };
    match app.dispatch(&op, &request) {
        Ok(v) => json_response(200, &v),
        Err(f) => fault_response(&f),
    }
}
