//! Helpers shared by the integration tests: a raw HTTP/1.1 call and an SRP sign-in with the core client.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::Value;

/// A response: status, `x-amzn-ErrorType`, body bytes.
pub struct Answer {
    /// The response head (status line and headers).
    pub head: String,
    pub status: u16,
    pub error_type: Option<String>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// `POST /` with `X-Amz-Target` and a JSON body, `Connection: close`.
pub fn call(addr: SocketAddr, op: &str, body: &Value) -> Answer {
    let body = body.to_string();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    raw(addr, head.as_bytes(), body.as_bytes())
}

/// Sends `head` and `body`, reads the whole response.
pub fn raw(addr: SocketAddr, head: &[u8], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(head).unwrap();
    let _ = s.write_all(body);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let error_type = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("x-amzn-ErrorType"))
        .map(|(_, v)| v.trim().to_owned());
    Answer {
        head: head.clone(),
        status,
        error_type,
        body: buf[split + 4..].to_vec(),
    }
}

/// A JSON object of strings as a map.
pub fn string_map(v: &Value) -> HashMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}
