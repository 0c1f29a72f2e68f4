//! Helpers shared by the CLI's integration tests: a loopback `serve`, the binary run with a clean AWS
//! environment, a `login` of the configuration's user, small loopback stand-ins (a service that always
//! answers the same, a proxy, a stand-in Cognito), raw HTTP calls, and the clock and key for TOTP codes.

#![allow(dead_code)]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_cognito-srp");

/// The pool id every configuration below uses.
pub const POOL: &str = "us-east-1_LoginPool1";

/// A configuration with a plain client, a secret client, a user and a user who must change password.
pub const CONFIG: &str = r#"
[[pools]]
id = "us-east-1_LoginPool1"
alias_attributes = ["email"]
[[pools.clients]]
id = "plain"
[[pools.clients]]
id = "secret"
secret = "login-client-secret"
[[pools.users]]
username = "alice"
password = "Alice-Pass-1"
attributes = { email = "alice@example.com" }
[[pools.users]]
username = "newbie"
password = "Newbie-Pass-1"
status = "FORCE_CHANGE_PASSWORD"
"#;

/// `alice`'s password in [`CONFIG`], as a line on standard input.
pub const ALICE: &str = "Alice-Pass-1\n";

/// RFC 6238's SHA-1 key "12345678901234567890", in base32.
pub const RFC6238_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// `login` as `alice` of [`POOL`] through the client `plain`, the password on standard input, against
/// `endpoint`, with `extra` arguments.
pub fn login_args<'a>(endpoint: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "login",
        "--pool-id",
        POOL,
        "--client-id",
        "plain",
        "--username",
        "alice",
        "--password-stdin",
        "--endpoint",
        endpoint,
    ];
    v.extend_from_slice(extra);
    v
}

/// Whether `s` has the shape of a JWT: three dot-separated parts, no whitespace.
pub fn is_jwt(s: &str) -> bool {
    s.split('.').count() == 3 && !s.contains(char::is_whitespace)
}

/// Seconds since the Unix epoch, for TOTP codes.
pub fn unix_time() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A fresh directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cognito-srp-cli-test-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A running `cognito-srp serve`, killed on drop.
pub struct Serve {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Serve {
    /// Kills the server with SIGKILL (no shutdown of any kind) and waits for it to be gone.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `serve` on a free loopback port with `config`.
pub fn serve(dir: &Path, config: &str) -> Serve {
    serve_with(dir, config, &[])
}

/// [`serve`] with more `serve` arguments (`--allow-non-loopback` to accept a request reaching it
/// through a proxy under another host name).
pub fn serve_with(dir: &Path, config: &str, extra: &[&str]) -> Serve {
    serve_on(dir, config, "127.0.0.1:0", extra)
}

/// [`serve_with`] on the address `listen` (to restart a server where its clients expect it).
pub fn serve_on(dir: &Path, config: &str, listen: &str, extra: &[&str]) -> Serve {
    let path = dir.join("pools.toml");
    std::fs::write(&path, config).unwrap();
    let mut child = Command::new(BIN)
        .args(["serve", "--listen", listen, "--quiet"])
        .args(extra)
        .arg("--config")
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    let addr = url.strip_prefix("http://").unwrap().to_owned();
    Serve { child, url, addr }
}

/// Every variable that could send a request elsewhere than the test means.
pub const AWS_AND_PROXY_VARS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "COGNITO_CLIENT_SECRET",
];

/// Runs the binary with `args`, `stdin` as standard input, the AWS and proxy variables cleared and then
/// `env` set.
pub fn run(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for v in AWS_AND_PROXY_VARS {
        cmd.env_remove(v);
    }
    cmd.env("AWS_EC2_METADATA_DISABLED", "true");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// Lossy UTF-8.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body) from `s`.
pub fn read_request(s: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = text(&buf);
    let len = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).ok()?;
    Some((head, body))
}

/// A loopback listener run on a thread; every request line it saw is kept.
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

/// Starts a thread that handles each connection with `handle(stream, head, body)`.
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

/// A service that answers every request with `status` and the JSON error `error` (`__type` and
/// `message`), with request id `request_id`.
pub fn error_service(status: u16, error: &'static str, request_id: &'static str) -> Stub {
    stub(move |s, _, _| {
        let body = error.as_bytes();
        let head = format!(
            "HTTP/1.1 {status} Error\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: {request_id}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = s.write_all(head.as_bytes());
        let _ = s.write_all(body);
    })
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

/// A stand-in Cognito: `answer(operation, request)` gives the JSON answer or an error's
/// (`__type`, `message`); every request's operation and body are kept in order.
pub struct Fake {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// `(operation, request)` of every call.
    pub calls: Arc<Mutex<Vec<(String, serde_json::Value)>>>,
    _stub: Stub,
}

impl Fake {
    /// The calls so far.
    pub fn calls(&self) -> Vec<(String, serde_json::Value)> {
        self.calls.lock().unwrap().clone()
    }
}

/// Starts a [`Fake`].
pub fn fake(
    answer: impl Fn(&str, &serde_json::Value) -> Result<serde_json::Value, (&'static str, String)>
    + Send
    + Sync
    + 'static,
) -> Fake {
    let calls: Arc<Mutex<Vec<(String, serde_json::Value)>>> = Arc::default();
    let log = Arc::clone(&calls);
    let stub = stub(move |s, head, body| {
        let op = head
            .lines()
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("x-amz-target"))
            .map(|(_, v)| v.trim().rsplit('.').next().unwrap_or("").to_owned())
            .unwrap_or_default();
        let req: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        log.lock().unwrap().push((op.clone(), req.clone()));
        let (status, v) = match answer(&op, &req) {
            Ok(v) => (200, v),
            Err((t, m)) => (400, serde_json::json!({"__type": t, "message": m})),
        };
        let body = v.to_string();
        let head = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: fake-{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            log.lock().unwrap().len(),
            body.len()
        );
        let _ = s.write_all(head.as_bytes());
        let _ = s.write_all(body.as_bytes());
    });
    Fake {
        url: format!("http://{}", stub.addr),
        calls,
        _stub: stub,
    }
}

/// `GET path` on `addr`; the body as JSON.
pub fn get_json(addr: &str, path: &str) -> serde_json::Value {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    serde_json::from_slice(&buf[split + 4..]).unwrap()
}

/// A `login` run that answers on standard input as it goes: `password` first, then each line
/// `next(stderr so far)` returns, as soon as it returns one.
pub fn login_interactive(
    args: &[&str],
    password: &str,
    env: &[(&str, &str)],
    mut next: impl FnMut(&str) -> Option<String>,
    answers: usize,
) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for v in AWS_AND_PROXY_VARS {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{password}").unwrap();
    let err_pipe = child.stderr.take().unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let reader = {
        let seen = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut r = BufReader::new(err_pipe);
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                seen.lock().unwrap().push_str(&line);
                line.clear();
            }
        })
    };
    let mut given = 0;
    for _ in 0..600 {
        if given == answers {
            break;
        }
        let text = seen.lock().unwrap().clone();
        if let Some(answer) = next(&text) {
            let _ = writeln!(stdin, "{answer}");
            given += 1;
        } else {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    drop(stdin);
    let mut out = child.wait_with_output().unwrap();
    reader.join().unwrap();
    out.stderr = seen.lock().unwrap().clone().into_bytes();
    out
}

/// `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.{op}`; the status and the body as JSON.
pub fn post_json(addr: &str, op: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
    let body = body.to_string();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let status = text(&buf[..split])
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (
        status,
        serde_json::from_slice(&buf[split + 4..]).unwrap_or_default(),
    )
}
