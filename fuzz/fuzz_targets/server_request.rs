//! The server's request handling under arbitrary input: `cognito_srp_server::http::respond` (the
//! synchronous core of the HTTP front end) with any method, operation, headers and body, against one
//! server holding the demo pool. Never a panic, never an `InternalErrorException`; every answer to a
//! POST is a JSON object. With `FUZZ_SERVER_STATE=1` the server keeps a state file (`--state`) in the
//! temporary directory, so every change an input makes is also written to SQLite and must commit.
//!
//! Fields, separated by the byte `0xFF`:
//! 0. method selector (first byte: POST, GET, OPTIONS, PUT, HEAD)
//! 1. the operation (`X-Amz-Target: AWSCognitoIdentityProviderService.<this>`; empty: no target header)
//! 2. `Content-Type` (empty: `application/x-amz-json-1.1`)
//! 3. the path (empty: `/`)
//! 4. the body
//! 5. … extra headers, `Name: value`

#![no_main]

use std::future::Future as _;
use std::sync::OnceLock;

use cognito_srp_server::{Server, config, http};
use libfuzzer_sys::fuzz_target;

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let mut config = config::demo();
        if std::env::var_os("FUZZ_SERVER_STATE").is_some_and(|v| v == "1") {
            let path = std::env::temp_dir().join(format!(
                "cognito-srp-fuzz-state-{}.db",
                std::process::id()
            ));
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.clone().into_os_string();
                p.push(suffix);
                let _ = std::fs::remove_file(p);
            }
            config.state_file = Some(path);
        }
        Server::new(config, "http://fuzz").expect("the demo configuration")
    })
}

fuzz_target!(|data: &[u8]| {
    let fields: Vec<&[u8]> = data.split(|b| *b == 0xFF).collect();
    let get = |i: usize| fields.get(i).copied().unwrap_or(&[]);
    let text = |i: usize| String::from_utf8_lossy(get(i)).into_owned();
    let method = match get(0).first().map_or(0, |b| b % 5) {
        0 => ::http::Method::POST,
        1 => ::http::Method::GET,
        2 => ::http::Method::OPTIONS,
        3 => ::http::Method::PUT,
        _ => ::http::Method::HEAD,
    };
    let path = text(3);
    let uri = if path.is_empty() {
        "/".to_owned()
    } else {
        path
    };
    let mut builder = ::http::Request::builder().method(method.clone());
    builder = match uri.parse::<::http::Uri>() {
        Ok(u) => builder.uri(u),
        Err(_) => builder.uri("/"),
    };
    let op = text(1);
    if !op.is_empty() {
        if let Ok(v) =
            ::http::HeaderValue::from_str(&format!("AWSCognitoIdentityProviderService.{op}"))
        {
            builder = builder.header("x-amz-target", v);
        }
    }
    let content_type = text(2);
    let content_type = if content_type.is_empty() {
        "application/x-amz-json-1.1".to_owned()
    } else {
        content_type
    };
    if let Ok(v) = ::http::HeaderValue::from_bytes(content_type.as_bytes()) {
        builder = builder.header("content-type", v);
    }
    for extra in fields.iter().skip(5) {
        let line = String::from_utf8_lossy(extra);
        if let Some((k, v)) = line.split_once(':')
            && let (Ok(k), Ok(v)) = (
                ::http::HeaderName::from_bytes(k.trim().as_bytes()),
                ::http::HeaderValue::from_bytes(v.trim().as_bytes()),
            )
        {
            builder = builder.header(k, v);
        }
    }
    let Ok(req) = builder.body(()) else { return };
    let (parts, ()) = req.into_parts();
    let (reply, log) = http::respond(server(), &parts, get(4));
    assert_ne!(reply.status().as_u16(), 500, "internal error for {log:?}");
    if method == ::http::Method::POST {
        let body = ready_body(reply.into_body());
        let v: serde_json::Value = serde_json::from_slice(&body).expect("a JSON answer");
        assert!(v.is_object());
    }
});

/// The bytes of a `Full` body (ready at once).
fn ready_body(body: http_body_util::Full<bytes::Bytes>) -> bytes::Bytes {
    use http_body_util::BodyExt as _;
    let mut f = std::pin::pin!(body.collect());
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(Ok(c)) => c.to_bytes(),
        _ => panic!("a full body is ready at once"),
    }
}
