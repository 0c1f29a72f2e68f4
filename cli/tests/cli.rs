//! End-to-end tests of the `cognito-srp` binary: `demo`, `serve` over raw HTTP, and `login` against
//! `serve` (those with the `login` feature only). Network: loopback only (the server binds 127.0.0.1:0).

mod support;

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::Command;
#[cfg(feature = "login")]
use std::process::{Output, Stdio};
use std::time::Duration;

use cognito_srp_core::{AppClient, Password, SrpAuthFlow, Timestamp};
use serde_json::{Value, json};
#[cfg(feature = "login")]
use support::run;
use support::{BIN, Serve, serve, temp_dir, text};

/// Pools for these tests: a plain and a secret client, a user and a user who must change password;
/// salts drawn negative.
const CONFIG: &str = r#"
[[pools]]
id = "us-east-1_TestPool1"
alias_attributes = ["email"]
salt_sign = "negative"
[[pools.clients]]
id = "plain"
[[pools.clients]]
id = "secret"
secret = "test-client-secret"
[[pools.users]]
username = "alice"
password = "Alice-Pass-1"
attributes = { email = "alice@example.com" }
[[pools.users]]
username = "newbie"
password = "Newbie-Pass-1"
status = "FORCE_CHANGE_PASSWORD"
"#;

/// `login` against `s` in the pool `us-east-1_TestPool1`, `password` on standard input, with `extra`
/// arguments.
#[cfg(feature = "login")]
fn login(s: &Serve, password: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "login",
        "--pool-id",
        "us-east-1_TestPool1",
        "--password-stdin",
        "--endpoint",
        &s.url,
    ];
    args.extend_from_slice(extra);
    run(&args, &format!("{password}\n"), &[])
}

struct HttpResponse {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

/// A raw HTTP/1.1 request with `Connection: close`.
fn raw(addr: &str, head: &str, body: &[u8]) -> HttpResponse {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = text(&buf[..split]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    HttpResponse {
        status,
        headers,
        body: buf[split + 4..].to_vec(),
    }
}

fn call(addr: &str, op: &str, req: &Value) -> HttpResponse {
    let body = req.to_string();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    raw(addr, &head, body.as_bytes())
}

fn json_of(r: &HttpResponse) -> Value {
    serde_json::from_slice(&r.body).unwrap()
}

fn string_map(v: &Value) -> HashMap<String, String> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
        .collect()
}

/// InitiateAuth + RespondToAuthChallenge over raw HTTP with a chosen timestamp.
fn raw_sign_in(s: &Serve, password: &str, timestamp: &Timestamp) -> HttpResponse {
    let client = AppClient::new("us-east-1_TestPool1", "plain").unwrap();
    let srp = client.start_user_srp_os("alice").unwrap();
    let params = srp.initiate_auth_parameters(SrpAuthFlow::UserSrpAuth);
    let r = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "plain", "AuthParameters": params}),
    );
    assert_eq!(r.status, 200, "{}", text(&r.body));
    let challenge = json_of(&r);
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(
        challenge["ChallengeParameters"]["SALT"]
            .as_str()
            .unwrap()
            .starts_with('-')
    );
    let responses = srp
        .respond(
            &string_map(&challenge["ChallengeParameters"]),
            &Password::new(password).unwrap(),
            timestamp,
        )
        .unwrap();
    call(
        &s.addr,
        "RespondToAuthChallenge",
        &json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ClientId": "plain",
            "ChallengeResponses": responses,
            "Session": challenge["Session"],
        }),
    )
}

#[test]
fn demo_exits_zero() {
    let out = Command::new(BIN).arg("demo").output().unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("demo: 7 passed, 0 failed"), "{stdout}");
    assert!(
        stdout.contains("DEVICE_PASSWORD_VERIFIER -> tokens"),
        "{stdout}"
    );
}

#[cfg(feature = "login")]
#[test]
fn login_round_trip_and_wrong_password() {
    let dir = temp_dir("roundtrip");
    let s = serve(&dir, CONFIG);
    let ok = login(
        &s,
        "Alice-Pass-1",
        &["--client-id", "plain", "--username", "alice"],
    );
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let result: Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(result["TokenType"], "Bearer");
    for t in ["AccessToken", "IdToken"] {
        assert_eq!(
            result[t].as_str().unwrap().split('.').count(),
            3,
            "{t} is a JWT"
        );
    }
    assert!(result["RefreshToken"].is_string());

    let bad = login(
        &s,
        "Alice-Pass-2",
        &["--client-id", "plain", "--username", "alice"],
    );
    assert_eq!(bad.status.code(), Some(3));
    assert!(
        text(&bad.stderr).contains("NotAuthorizedException: Incorrect username or password."),
        "{}",
        text(&bad.stderr)
    );
    assert!(bad.stdout.is_empty());

    let alias = login(
        &s,
        "Alice-Pass-1",
        &["--client-id", "plain", "--username", "alice@example.com"],
    );
    assert!(alias.status.success(), "{}", text(&alias.stderr));

    let secret = login(
        &s,
        "Alice-Pass-1",
        &[
            "--client-id",
            "secret",
            "--client-secret",
            "test-client-secret",
            "--username",
            "alice",
        ],
    );
    assert!(secret.status.success(), "{}", text(&secret.stderr));
    let no_secret = login(
        &s,
        "Alice-Pass-1",
        &["--client-id", "secret", "--username", "alice"],
    );
    assert_eq!(
        no_secret.status.code(),
        Some(3),
        "{}",
        text(&no_secret.stderr)
    );

    let newbie = login(
        &s,
        "Newbie-Pass-1",
        &["--client-id", "plain", "--username", "newbie"],
    );
    assert_eq!(newbie.status.code(), Some(4), "{}", text(&newbie.stderr));
    assert!(text(&newbie.stderr).contains("NEW_PASSWORD_REQUIRED"));
}

#[cfg(feature = "login")]
#[test]
fn device_file_second_login_uses_device_srp() {
    let dir = temp_dir("device");
    let s = serve(&dir, CONFIG);
    let file = dir.join("device.json");
    let f = file.to_str().unwrap();
    let first = login(
        &s,
        "Alice-Pass-1",
        &[
            "--client-id",
            "plain",
            "--username",
            "alice",
            "--device-file",
            f,
        ],
    );
    assert!(first.status.success(), "{}", text(&first.stderr));
    let result: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert!(result["NewDeviceMetadata"]["DeviceKey"].is_string());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let second = login(
        &s,
        "Alice-Pass-1",
        &[
            "--client-id",
            "plain",
            "--username",
            "alice",
            "--device-file",
            f,
        ],
    );
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(
        text(&second.stderr).contains("device SRP"),
        "{}",
        text(&second.stderr)
    );
    let result: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert!(result.get("NewDeviceMetadata").is_none());
    let wrong = login(
        &s,
        "nope",
        &[
            "--client-id",
            "plain",
            "--username",
            "alice",
            "--device-file",
            f,
        ],
    );
    assert_eq!(wrong.status.code(), Some(3));
}

#[test]
fn wrong_password_is_cognitos_error_on_the_wire() {
    let dir = temp_dir("wire");
    let s = serve(&dir, CONFIG);
    let r = raw_sign_in(&s, "wrong-password", &Timestamp::now());
    assert_eq!(r.status, 400);
    assert_eq!(
        r.headers.get("x-amzn-errortype").map(String::as_str),
        Some("NotAuthorizedException")
    );
    assert!(r.headers["content-type"].starts_with("application/x-amz-json-1.1"));
    assert_eq!(
        json_of(&r),
        json!({"__type": "NotAuthorizedException", "message": "Incorrect username or password."})
    );

    let ok = raw_sign_in(&s, "Alice-Pass-1", &Timestamp::now());
    assert_eq!(ok.status, 200, "{}", text(&ok.body));
    let tokens = json_of(&ok);
    let access = tokens["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap();
    let got = call(&s.addr, "GetUser", &json!({"AccessToken": access}));
    assert_eq!(json_of(&got)["Username"], "alice");

    // JWKS at {iss}/.well-known/jwks.json.
    let jwks = raw(
        &s.addr,
        &format!(
            "GET /us-east-1_TestPool1/.well-known/jwks.json HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            s.addr
        ),
        b"",
    );
    assert_eq!(jwks.status, 200);
    assert_eq!(json_of(&jwks)["keys"][0]["alg"], "RS256");
}

#[test]
fn stale_timestamp_is_refused() {
    let dir = temp_dir("stale");
    let s = serve(&dir, CONFIG);
    let old = chrono::Utc::now() - chrono::Duration::minutes(10);
    let r = raw_sign_in(&s, "Alice-Pass-1", &Timestamp::from_datetime(&old));
    assert_eq!(r.status, 400);
    assert_eq!(json_of(&r)["__type"], "NotAuthorizedException");
}

#[test]
fn oversized_and_malformed_requests_are_refused() {
    let dir = temp_dir("size");
    let s = serve(&dir, CONFIG);
    // Announced too large: refused before the body is read.
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        s.addr,
        200 * 1024 * 1024
    );
    let r = raw(&s.addr, &head, b"{");
    assert_eq!(r.status, 413);
    // Actually too large (a 1 MB SRP_A).
    let big = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "plain", "AuthParameters": {"USERNAME": "alice", "SRP_A": "ab".repeat(512 * 1024)}}),
    );
    assert_eq!(big.status, 413);
    // Too long for the SRP math, though within the body limit.
    let long_a = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "plain", "AuthParameters": {"USERNAME": "alice", "SRP_A": "ab".repeat(4096)}}),
    );
    assert_eq!(long_a.status, 400);
    // A = 0 mod N is refused.
    let zero = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "plain", "AuthParameters": {"USERNAME": "alice", "SRP_A": "0"}}),
    );
    assert_eq!(zero.status, 400);
    assert_eq!(json_of(&zero)["__type"], "NotAuthorizedException");
    // Unknown operation, unknown client, bad JSON.
    assert_eq!(
        json_of(&call(&s.addr, "CreateIdentityProvider", &json!({})))["__type"],
        "UnknownOperationException"
    );
    let unknown = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "nope", "AuthParameters": {"USERNAME": "alice", "SRP_A": "02"}}),
    );
    assert_eq!(json_of(&unknown)["__type"], "ResourceNotFoundException");
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\nContent-Length: 5\r\nConnection: close\r\n\r\n",
        s.addr
    );
    assert_eq!(
        json_of(&raw(&s.addr, &head, b"{nope"))["__type"],
        "SerializationException"
    );
}

#[test]
fn non_loopback_listen_is_refused() {
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let out = Command::new(BIN)
            .args(["serve", "--listen", addr])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{addr}");
        assert!(
            text(&out.stderr).contains("not a loopback address"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[cfg(feature = "login")]
#[test]
fn login_without_a_password_source_fails_cleanly() {
    let out = Command::new(BIN)
        .args([
            "login",
            "--pool-id",
            "us-east-1_X",
            "--client-id",
            "c",
            "--username",
            "u",
            "--endpoint",
            "http://127.0.0.1:9",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--password-stdin"));
}

#[test]
fn refresh_token_and_global_sign_out() {
    let dir = temp_dir("refresh");
    let s = serve(&dir, CONFIG);
    let ok = raw_sign_in(&s, "Alice-Pass-1", &Timestamp::now());
    let result = &json_of(&ok)["AuthenticationResult"];
    let refresh = result["RefreshToken"].as_str().unwrap();
    let access = result["AccessToken"].as_str().unwrap();
    let again = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "plain", "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    );
    assert_eq!(again.status, 200, "{}", text(&again.body));
    let fresh = json_of(&again)["AuthenticationResult"].clone();
    assert!(fresh["AccessToken"].is_string() && fresh["IdToken"].is_string());
    assert!(fresh.get("RefreshToken").is_none());
    // Another client cannot use it.
    let other = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "secret", "AuthParameters": {"REFRESH_TOKEN": refresh, "SECRET_HASH": "x"}}),
    );
    assert_eq!(json_of(&other)["__type"], "NotAuthorizedException");
    // GlobalSignOut revokes the refresh token and the access tokens issued before it.
    assert_eq!(
        call(&s.addr, "GlobalSignOut", &json!({"AccessToken": access})).status,
        200
    );
    let revoked = call(&s.addr, "GetUser", &json!({"AccessToken": access}));
    assert_eq!(json_of(&revoked)["__type"], "NotAuthorizedException");
    let refused = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "plain", "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    );
    assert_eq!(json_of(&refused)["__type"], "NotAuthorizedException");
    // A forged token is refused.
    let forged = call(
        &s.addr,
        "GetUser",
        &json!({"AccessToken": format!("{access}x")}),
    );
    assert_eq!(json_of(&forged)["message"], "Invalid Access Token");
}

#[cfg(feature = "login")]
#[test]
fn forgotten_device_is_replaced() {
    let dir = temp_dir("forgotten");
    let s = serve(&dir, CONFIG);
    let file = dir.join("device.json");
    std::fs::write(
        &file,
        r#"{"pool_id":"us-east-1_TestPool1","username":"alice","device_key":"us-east-1_00000000-0000-4000-8000-000000000000","device_group_key":"-unknown","device_password":"cGFzc3dvcmQ="}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let out = login(
        &s,
        "Alice-Pass-1",
        &[
            "--client-id",
            "plain",
            "--username",
            "alice",
            "--device-file",
            f,
            "-v",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("does not know the remembered device"),
        "{}",
        text(&out.stderr)
    );
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_ne!(
        stored["device_key"],
        "us-east-1_00000000-0000-4000-8000-000000000000"
    );
    let second = login(
        &s,
        "Alice-Pass-1",
        &[
            "--client-id",
            "plain",
            "--username",
            "alice",
            "--device-file",
            f,
        ],
    );
    assert!(second.status.success());
    assert!(
        text(&second.stderr).contains("device SRP"),
        "{}",
        text(&second.stderr)
    );
}
