//! The operation cases: every operation the server answers, fed bodies of the wrong shape; the admin
//! gate; and a SignUp flood past the pool's user cap, after which the pool's own user can still reset
//! a password.

use std::io::{Read as _, Write as _};
use std::net::SocketAddr;

use cognito_srp_server::{Access, Operation};

use super::Case;
use super::transport::{connect, exchange, expect_status};
use crate::client::Account;

/// A well-formed SigV4 header (the server checks its form unless it is configured with credentials).
const AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000";

/// SignUps sent by the flood case: more than the user cap `scripts/hostile.sh` gives the pool.
pub const SIGN_UP_FLOOD: usize = 400;

/// A request for `op` with `body` and extra header lines.
fn request(op: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The extra header lines an operation needs to reach its handler.
fn credentials(op: Operation) -> String {
    match op.access() {
        Access::Iam => format!("Authorization: {AUTHORIZATION}\r\n"),
        _ => String::new(),
    }
}

/// The cases.
pub(super) fn cases(addr: SocketAddr, account: &Account) -> Vec<Case<'_>> {
    vec![
        (
            format!(
                "every operation ({}) with an empty body, wrong types and 15 KB strings",
                Operation::ALL.len()
            ),
            Box::new(move || {
                let long = "x".repeat(15_000);
                let bodies = [
                    "{}".to_owned(),
                    r#"{"ClientId":1,"UserPoolId":[],"Username":{},"AccessToken":true,"UserAttributes":"x","AuthParameters":[1]}"#.to_owned(),
                    format!(
                        r#"{{"ClientId":"{long}","UserPoolId":"{long}","Username":"{long}","AccessToken":"{long}"}}"#
                    ),
                ];
                let mut n = 0;
                for op in Operation::ALL {
                    for body in &bodies {
                        let line =
                            exchange(addr, &request(op.name(), &credentials(*op), body), false)?;
                        expect_status(&line, &["400", "404", "413"])
                            .map_err(|e| format!("{}: {e}", op.name()))?;
                        n += 1;
                    }
                }
                Ok(format!("{n} refusals, none a 5xx"))
            }),
        ),
        (
            "admin operations without SigV4, and from a web page".into(),
            Box::new(move || {
                let body = format!(
                    r#"{{"UserPoolId":"{}","Username":"{}"}}"#,
                    account.pool_id, account.username
                );
                expect_status(
                    &exchange(addr, &request("AdminGetUser", "", &body), false)?,
                    &["403"],
                )?;
                let page =
                    format!("Authorization: {AUTHORIZATION}\r\nOrigin: http://evil.example\r\n");
                expect_status(
                    &exchange(
                        addr,
                        &request(
                            "AdminSetUserPassword",
                            &page,
                            &format!(
                                r#"{{"UserPoolId":"{}","Username":"{}","Password":"Taken-Over-1","Permanent":true}}"#,
                                account.pool_id, account.username
                            ),
                        ),
                        false,
                    )?,
                    &["403"],
                )
            }),
        ),
        (
            format!("SignUp flood: {SIGN_UP_FLOOD} sign-ups pipelined past the pool's user cap"),
            Box::new(move || {
                let mut all = Vec::new();
                for i in 0..SIGN_UP_FLOOD {
                    let body = format!(
                        r#"{{"ClientId":"{}","Username":"signup-flood-{i}","Password":"Flood-Pass-{i}a!","UserAttributes":[{{"Name":"email","Value":"f{i}@flood.example"}}]}}"#,
                        account.client_id
                    );
                    let mut r = request("SignUp", "", &body);
                    if i + 1 < SIGN_UP_FLOOD {
                        // Keep the connection open for the next request.
                        let text = String::from_utf8(r).expect("ASCII");
                        r = text.replace("Connection: close\r\n", "").into_bytes();
                    }
                    all.extend_from_slice(&r);
                }
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
                let text = String::from_utf8_lossy(&buf);
                let created = text.matches("\"UserSub\"").count();
                let capped = text.matches(r#""__type":"LimitExceededException""#).count();
                let answers = text.matches("HTTP/1.1 ").count();
                if answers != SIGN_UP_FLOOD || created + capped != SIGN_UP_FLOOD || capped == 0 {
                    return Err(format!(
                        "{answers} answers: {created} created, {capped} LimitExceededException"
                    ));
                }
                // The pool's own user is not refused anything meanwhile.
                let forgot = format!(
                    r#"{{"ClientId":"{}","Username":"{}"}}"#,
                    account.client_id, account.username
                );
                expect_status(
                    &exchange(addr, &request("ForgotPassword", "", &forgot), false)?,
                    &["200"],
                )?;
                Ok(format!(
                    "{created} created, {capped} LimitExceededException"
                ))
            }),
        ),
    ]
}
