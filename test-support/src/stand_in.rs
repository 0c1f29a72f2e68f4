//! Loopback stand-ins for what a client talks to: a service that always answers the same error,
//! proxies, and a scripted Cognito. Each runs on its own thread and keeps what it was sent.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use crate::http::{header_of, read_request};

/// A loopback listener run on a thread; the first line of every request it saw is kept.
#[derive(Debug)]
pub struct Stub {
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// The first line of every request, in order.
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl Stub {
    /// The request lines seen so far.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// Starts a [`Stub`] that handles each request with `handle(stream, head, body)`.
///
/// # Panics
/// When no loopback port can be bound.
pub fn stub(handle: impl Fn(&mut TcpStream, &str, &[u8]) + Send + Sync + 'static) -> Stub {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut s) = conn else { continue };
            let Some((head, body)) = read_request(&mut s) else {
                continue;
            };
            log.lock()
                .unwrap()
                .push(head.lines().next().unwrap_or("").to_owned());
            handle(&mut s, &head, &body);
        }
    });
    Stub { addr, seen }
}

/// Writes an `application/x-amz-json-1.1` answer with `status`, the request id `request_id` and `body`.
fn write_answer(s: &mut TcpStream, status: u16, reason: &str, request_id: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: {request_id}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
}

/// A service that answers every request with `status` and the JSON error `error` (`__type` and
/// `message`), with the request id `request_id`.
pub fn error_service(status: u16, error: &'static str, request_id: &'static str) -> Stub {
    stub(move |s, _, _| write_answer(s, status, "Error", request_id, error.as_bytes()))
}

/// A proxy that accepts `CONNECT` and plain requests, records them, and closes the connection without
/// answering (so the client fails with a network error after reaching it).
pub fn dead_end_proxy() -> Stub {
    stub(|s, _, _| {
        let _ = s.shutdown(std::net::Shutdown::Both);
    })
}

/// An HTTP forward proxy to `target` (`host:port`): records each absolute-form request line, sends the
/// request on in origin form with `Connection: close`, and relays the answer.
pub fn forward_proxy(target: String) -> Stub {
    stub(move |s, head, body| {
        let mut lines = head.split("\r\n");
        let first = lines.next().unwrap_or("");
        let mut parts = first.splitn(3, ' ');
        let (method, uri, version) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let path = uri
            .strip_prefix("http://")
            .and_then(|r| r.find('/').map(|i| &r[i..]))
            .unwrap_or("/");
        let mut out = format!("{method} {path} {version}\r\n");
        for l in lines.filter(|l| !l.is_empty()) {
            let name = l
                .split(':')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if name != "connection" && name != "proxy-connection" {
                out.push_str(l);
                out.push_str("\r\n");
            }
        }
        out.push_str("Connection: close\r\n\r\n");
        let Ok(mut up) = TcpStream::connect(&target) else {
            return;
        };
        let _ = up.write_all(out.as_bytes());
        let _ = up.write_all(body);
        let mut answer = Vec::new();
        let _ = up.read_to_end(&mut answer);
        let _ = s.write_all(&answer);
    })
}

/// What a [`Fake`] answers an operation with: its JSON answer, or an error's (`__type`, `message`).
pub type FakeAnswer = Result<Value, (&'static str, String)>;

/// A calls log: `(operation, request)` of every call, in order.
type Calls = Arc<Mutex<Vec<(String, Value)>>>;

/// A stand-in Cognito: a function gives the answer to each operation; every request's operation and
/// body are kept in order.
#[derive(Debug)]
pub struct Fake {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// `(operation, request)` of every call.
    pub calls: Calls,
    _stub: Stub,
}

impl Fake {
    /// The calls so far.
    pub fn calls(&self) -> Vec<(String, Value)> {
        self.calls.lock().unwrap().clone()
    }
}

/// Starts a [`Fake`] that answers with `answer(operation, request)`: 200 with the JSON, or 400 with the
/// error's `__type` and `message`.
pub fn fake(answer: impl Fn(&str, &Value) -> FakeAnswer + Send + Sync + 'static) -> Fake {
    let calls: Calls = Arc::default();
    let log = Arc::clone(&calls);
    let stub = stub(move |s, head, body| {
        let op = header_of(head, "x-amz-target")
            .map(|v| v.rsplit('.').next().unwrap_or("").to_owned())
            .unwrap_or_default();
        let req: Value = serde_json::from_slice(body).unwrap_or_default();
        log.lock().unwrap().push((op.clone(), req.clone()));
        let (status, v) = match answer(&op, &req) {
            Ok(v) => (200, v),
            Err((t, m)) => (400, json!({"__type": t, "message": m})),
        };
        let request_id = format!("fake-{}", log.lock().unwrap().len());
        write_answer(s, status, "X", &request_id, v.to_string().as_bytes());
    });
    Fake {
        url: format!("http://{}", stub.addr),
        calls,
        _stub: stub,
    }
}
