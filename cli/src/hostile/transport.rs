//! The transport cases: sizes, slow and idle connections, malformed requests and floods.

use std::io::{Read as _, Write as _};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::Duration;

use super::{Case, timed_sign_in};
use crate::client::Account;

pub(super) const HEAD: &str = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\n";

pub(super) fn connect(addr: SocketAddr) -> Result<TcpStream, String> {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|e| format!("connect: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(|e| e.to_string())?;
    Ok(s)
}

/// Sends `bytes`, reads until the server closes or stops sending; returns the status line (if any).
pub(super) fn exchange(addr: SocketAddr, bytes: &[u8], half_close: bool) -> Result<String, String> {
    let mut s = connect(addr)?;
    let _ = s.write_all(bytes);
    if half_close {
        let _ = s.shutdown(Shutdown::Write);
    }
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    Ok(String::from_utf8_lossy(&buf)
        .lines()
        .next()
        .unwrap_or("(closed without an answer)")
        .to_owned())
}

pub(super) fn post(body: &str) -> Vec<u8> {
    format!(
        "{HEAD}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

pub(super) fn expect_status(line: &str, codes: &[&str]) -> Result<String, String> {
    if codes.iter().any(|c| line.split(' ').nth(1) == Some(*c)) {
        Ok(line.to_owned())
    } else {
        Err(format!("answered {line:?}, expected one of {codes:?}"))
    }
}

/// Opens `n` connections and leaves each in the state `prime` puts it in, while `during` runs.
fn hold(
    addr: SocketAddr,
    n: usize,
    prime: &[u8],
    during: impl FnOnce() -> Result<String, String>,
) -> Result<String, String> {
    let mut held = Vec::new();
    for _ in 0..n {
        let mut s = connect(addr)?;
        let _ = s.write_all(prime);
        held.push(s);
    }
    let r = during();
    drop(held);
    r.map(|d| format!("{n} connections held; {d}"))
}

/// The cases.
pub(super) fn cases(addr: SocketAddr, account: &Account) -> Vec<Case<'_>> {
    let honest = move || timed_sign_in(addr, account);
    vec![
        (
            "huge Content-Length (2^62) with one byte of body".into(),
            Box::new(move || {
                let head = format!("{HEAD}Content-Length: 4611686018427387904\r\n\r\n{{");
                expect_status(&exchange(addr, head.as_bytes(), false)?, &["413"])
            }),
        ),
        (
            "Content-Length 200 MB, connection closed after 1 KB".into(),
            Box::new(move || {
                let mut s = connect(addr)?;
                let _ = s.write_all(format!("{HEAD}Content-Length: 209715200\r\n\r\n").as_bytes());
                let _ = s.write_all(&[b'{'; 1024]);
                drop(s);
                Ok("closed".into())
            }),
        ),
        (
            "1 MB body (over the 64 KiB limit)".into(),
            Box::new(move || {
                let body = format!("{{\"AuthFlow\":\"{}\"}}", "A".repeat(1024 * 1024));
                expect_status(&exchange(addr, &post(&body), false)?, &["413"])
            }),
        ),
        (
            "chunked body past the limit".into(),
            Box::new(move || {
                let mut req =
                    format!("{HEAD}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                        .into_bytes();
                for _ in 0..80 {
                    req.extend_from_slice(b"400\r\n");
                    req.extend_from_slice(&[b' '; 1024]);
                    req.extend_from_slice(b"\r\n");
                }
                req.extend_from_slice(b"0\r\n\r\n");
                expect_status(&exchange(addr, &req, false)?, &["413"])
            }),
        ),
        (
            "slowloris: 64 connections announce a body and send 1 byte (more than the worker threads)".into(),
            Box::new(move || {
                let prime = format!("{HEAD}Content-Length: 1000\r\n\r\n{{").into_bytes();
                hold(addr, 64, &prime, honest)
            }),
        ),
        (
            "slow headers: 64 connections send half a request head".into(),
            Box::new(move || {
                hold(
                    addr,
                    64,
                    b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar",
                    honest,
                )
            }),
        ),
        (
            "idle: 200 connections open, nothing sent".into(),
            Box::new(move || hold(addr, 200, b"", honest)),
        ),
        (
            "oversized header (64 KiB value)".into(),
            Box::new(move || {
                let head = format!(
                    "{HEAD}X-Big: {}\r\nContent-Length: 2\r\n\r\n{{}}",
                    "b".repeat(64 * 1024)
                );
                expect_status(&exchange(addr, head.as_bytes(), false)?, &["431", "400"])
            }),
        ),
        (
            "500 small headers".into(),
            Box::new(move || {
                let many: String = (0..500).map(|i| format!("X-H{i}: v\r\n")).collect();
                let head = format!("{HEAD}{many}Content-Length: 2\r\n\r\n{{}}");
                expect_status(&exchange(addr, head.as_bytes(), false)?, &["431", "400"])
            }),
        ),
        (
            "garbage bytes".into(),
            Box::new(move || {
                let garbage: Vec<u8> = (0..4096u32)
                    .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                    .collect();
                let line = exchange(addr, &garbage, false)?;
                Ok(line)
            }),
        ),
        (
            "half-closed after half a request".into(),
            Box::new(move || {
                let line = exchange(addr, b"POST / HTTP/1.1\r\nContent-Le", true)?;
                Ok(line)
            }),
        ),
        (
            "half-closed after a whole request (answer still expected)".into(),
            Box::new(move || expect_status(&exchange(addr, &post("{}"), true)?, &["400"])),
        ),
        (
            "malformed JSON".into(),
            Box::new(move || {
                expect_status(&exchange(addr, &post("{\"AuthFlow\": "), false)?, &["400"])
            }),
        ),
        (
            "JSON nested 30,000 deep".into(),
            Box::new(move || {
                let deep = format!("{}{}", "[".repeat(30_000), "]".repeat(30_000));
                expect_status(&exchange(addr, &post(&deep), false)?, &["413", "400"])
            }),
        ),
        (
            "wrong types (AuthFlow: 1, AuthParameters: \"x\")".into(),
            Box::new(move || {
                expect_status(
                    &exchange(
                        addr,
                        &post(r#"{"AuthFlow":1,"ClientId":"c","AuthParameters":"x"}"#),
                        false,
                    )?,
                    &["400"],
                )
            }),
        ),
        (
            "wrong types in ChallengeResponses (numbers, arrays)".into(),
            Box::new(move || {
                let body = r#"{"ChallengeName":"PASSWORD_VERIFIER","ClientId":"c","ChallengeResponses":{"USERNAME":[1],"TIMESTAMP":2}}"#;
                let req = post(body);
                let req = String::from_utf8(req)
                    .unwrap()
                    .replace("InitiateAuth", "RespondToAuthChallenge");
                expect_status(&exchange(addr, req.as_bytes(), false)?, &["400"])
            }),
        ),
        (
            "not an object (null, [], \"x\")".into(),
            Box::new(move || {
                for b in ["null", "[]", "\"x\""] {
                    expect_status(&exchange(addr, &post(b), false)?, &["400"])?;
                }
                Ok("400 each".into())
            }),
        ),
        (
            "invalid UTF-8 in a header and the body".into(),
            Box::new(move || {
                let mut req = format!("{HEAD}X-Odd: ").into_bytes();
                req.extend_from_slice(&[0xff, 0xfe, b'\r', b'\n']);
                req.extend_from_slice(b"Content-Length: 4\r\nConnection: close\r\n\r\n");
                req.extend_from_slice(&[b'{', 0xc3, 0x28, b'}']);
                expect_status(&exchange(addr, &req, false)?, &["400"])
            }),
        ),
        (
            "SRP_A = 0".into(),
            Box::new(move || {
                let body = format!(
                    r#"{{"AuthFlow":"USER_SRP_AUTH","ClientId":"{}","AuthParameters":{{"USERNAME":"{}","SRP_A":"0"}}}}"#,
                    account.client_id, account.username
                );
                expect_status(&exchange(addr, &post(&body), false)?, &["400"])
            }),
        ),
        (
            "50 pipelined requests on one connection".into(),
            Box::new(move || {
                let one = format!("{HEAD}Content-Length: 2\r\n\r\n{{}}");
                let mut all = one.repeat(50).into_bytes();
                all.extend_from_slice(&post("{}"));
                let mut s = connect(addr)?;
                let _ = s.write_all(&all);
                let mut buf = Vec::new();
                let _ = s.read_to_end(&mut buf);
                let n = String::from_utf8_lossy(&buf)
                    .matches("HTTP/1.1 400")
                    .count();
                if n == 51 {
                    Ok("51 answers".into())
                } else {
                    Err(format!("{n} answers of 51"))
                }
            }),
        ),
        (
            "session flood: 10,500 USER_AUTH sessions without a proof, pipelined on one connection".into(),
            Box::new(move || {
                let body = |i: usize| {
                    format!(
                        r#"{{"AuthFlow":"USER_AUTH","ClientId":"{}","AuthParameters":{{"USERNAME":"flood{i}"}}}}"#,
                        account.client_id
                    )
                };
                let mut all = Vec::new();
                for i in 0..FLOOD {
                    let b = body(i);
                    all.extend_from_slice(
                        format!("{HEAD}Content-Length: {}\r\n\r\n{b}", b.len()).as_bytes(),
                    );
                }
                all.extend_from_slice(&post(&body(FLOOD)));
                let mut s = connect(addr)?;
                let writer = {
                    let mut w = s.try_clone().map_err(|e| e.to_string())?;
                    std::thread::spawn(move || {
                        let _ = w.write_all(&all);
                    })
                };
                let mut buf = Vec::new();
                let _ = s.read_to_end(&mut buf);
                let _ = writer.join();
                let n = String::from_utf8_lossy(&buf)
                    .matches("SELECT_CHALLENGE")
                    .count();
                if n == FLOOD + 1 {
                    Ok(format!("{n} sessions opened"))
                } else {
                    Err(format!("{n} SELECT_CHALLENGE answers of {}", FLOOD + 1))
                }
            }),
        ),
        (
            "64 KB USERNAME".into(),
            Box::new(move || {
                let body = format!(
                    r#"{{"AuthFlow":"USER_AUTH","ClientId":"{}","AuthParameters":{{"USERNAME":"{}"}}}}"#,
                    account.client_id,
                    "u".repeat(60_000)
                );
                expect_status(&exchange(addr, &post(&body), false)?, &["400"])
            }),
        ),
        (
            "DNS rebinding: a request naming a non-loopback Host".into(),
            Box::new(move || {
                let req = String::from_utf8(post("{}"))
                    .unwrap()
                    .replace("Host: 127.0.0.1", "Host: rebind.example");
                expect_status(&exchange(addr, req.as_bytes(), false)?, &["403"])
            }),
        ),
        (
            "unknown method and path".into(),
            Box::new(move || {
                expect_status(
                    &exchange(
                        addr,
                        b"BREW /pot HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                        false,
                    )?,
                    &["405", "400"],
                )
            }),
        ),
    ]
}

/// Sessions opened by the session-flood case: more than the server keeps.
const FLOOD: usize = 10_500;
