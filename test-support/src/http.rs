//! A raw HTTP/1.1 client over loopback: each request on its own connection with `Connection: close`, the
//! whole answer read. Raw on purpose: the tests check status lines, headers and bodies byte for byte,
//! and send what no HTTP library would (a wrong `Content-Length`, a foreign `Host`).

use std::fmt::{self, Display};
use std::io::{self, Read as _, Write as _};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use serde_json::Value;

/// How long a read waits before the test gives up on an answer.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// The `X-Amz-Target` prefix of every Cognito user-pool operation.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// An HTTP answer as it came over the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Answer {
    /// The response head: the status line and the headers, without the blank line.
    pub head: String,
    /// The status code.
    pub status: u16,
    /// The `x-amzn-ErrorType` header, when there is one.
    pub error_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON.
    ///
    /// # Panics
    /// When the body is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not a JSON body ({e}): {}", self.text()))
    }

    /// The body as (lossy) UTF-8 text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The value of the header `name` (any case), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_of(&self.head, name)
    }

    /// Parses a whole answer: `None` without a complete head or a numeric status.
    fn parse(buf: &[u8]) -> Option<Answer> {
        let split = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&buf[..split]).into_owned();
        let status = head.lines().next()?.split(' ').nth(1)?.parse().ok()?;
        let mut answer = Answer {
            head,
            status,
            error_type: None,
            body: buf[split + 4..].to_vec(),
        };
        answer.error_type = answer.header("x-amzn-ErrorType").map(str::to_owned);
        Some(answer)
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} {:?}: {}",
            self.status,
            self.error_type,
            self.text()
        )
    }
}

/// The head of `POST /` with the Cognito operation `op` (`X-Amz-Target`), `Host: host`, the headers
/// `extra` (each line ending in `\r\n`) and `Content-Length: content_length`, ending the connection
/// after the answer.
pub fn operation_head(host: impl Display, op: &str, extra: &str, content_length: usize) -> String {
    format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: {TARGET_PREFIX}{op}\r\n{extra}Content-Length: {content_length}\r\nConnection: close\r\n\r\n"
    )
}

/// The head of `GET path` with `Host: host` and the headers `extra` (each line ending in `\r\n`).
pub fn get_head(host: impl Display, path: &str, extra: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n")
}

/// Sends `head` and `body` to `addr` and reads the whole answer. A server that closes early (a body
/// refused before it is read) is no failure here: what it answered is returned.
///
/// # Panics
/// When nothing listens at `addr`, or the answer has no complete head.
pub fn raw(addr: impl ToSocketAddrs + Display, head: &[u8], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    s.set_read_timeout(Some(READ_TIMEOUT)).unwrap();
    s.write_all(head).unwrap();
    let _ = s.write_all(body);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    Answer::parse(&buf).unwrap_or_else(|| {
        panic!(
            "no HTTP answer from {addr}: {:?}",
            String::from_utf8_lossy(&buf)
        )
    })
}

/// [`raw`] for a server that may be gone: any failure to connect, send or read the whole answer is an
/// error, so `Ok` means the request was answered.
///
/// # Errors
/// The connection, a write or the read failed, or the answer is not HTTP.
pub fn try_raw(addr: impl ToSocketAddrs, head: &[u8], body: &[u8]) -> io::Result<Answer> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(READ_TIMEOUT))?;
    s.write_all(head)?;
    s.write_all(body)?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf)?;
    Answer::parse(&buf)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not an HTTP answer"))
}

/// The Cognito operation `op` with the JSON `body`, as the AWS SDKs send it.
///
/// # Panics
/// As [`raw`].
pub fn call(addr: impl ToSocketAddrs + Display, op: &str, body: &Value) -> Answer {
    call_with_headers(addr, op, "", body)
}

/// [`call`] with the headers `extra` (each line ending in `\r\n`), e.g. a SigV4 `Authorization`.
///
/// # Panics
/// As [`raw`].
pub fn call_with_headers(
    addr: impl ToSocketAddrs + Display,
    op: &str,
    extra: &str,
    body: &Value,
) -> Answer {
    let body = body.to_string();
    let head = operation_head(&addr, op, extra, body.len());
    raw(addr, head.as_bytes(), body.as_bytes())
}

/// `GET path` on `addr`.
///
/// # Panics
/// As [`raw`].
pub fn get(addr: impl ToSocketAddrs + Display, path: &str) -> Answer {
    let head = get_head(&addr, path, "");
    raw(addr, head.as_bytes(), b"")
}

/// Reads one HTTP/1.1 request (the head and a `Content-Length` body) from `s`: `None` when the peer
/// closes or sends less.
pub fn read_request(s: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    s.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let len = header_of(&head, "content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).ok()?;
    Some((head, body))
}

/// The value of the header `name` (any case) in a request or response `head`.
pub fn header_of<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}
