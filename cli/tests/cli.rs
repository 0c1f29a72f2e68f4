//! End-to-end tests of the `cognito-srp` binary: `demo`, `serve` over raw HTTP, and `login` against
//! `serve` (those with the `login` feature only). Network: loopback only (the server binds 127.0.0.1:0).

mod support;

use std::process::Command;
#[cfg(feature = "login")]
use std::process::{Output, Stdio};

use cognito_srp_core::{SrpAuthFlow, Timestamp};
use cognito_srp_test_support::{
    Answer, Serve, call, get, initiate_request, operation_head, raw, srp_for, temp_dir, text,
    verifier_request, verifier_responses_at,
};
#[cfg(feature = "login")]
use serde_json::Value;
use serde_json::json;
use support::{BIN, POOL, assert_stderr_has, config_with, serve};
#[cfg(feature = "login")]
use support::{assert_exit, assert_ok, login_as, run};

/// The shared configuration ([`support::CONFIG`]) with the pool's salts drawn negative.
fn config() -> String {
    config_with(r#"salt_sign = "negative""#)
}

/// `login` as `user` of [`POOL`] through `client` against `s`, `password` on
/// standard input, with `extra` arguments.
#[cfg(feature = "login")]
fn login(s: &Serve, password: &str, client: &str, user: &str, extra: &[&str]) -> Output {
    let mut args = login_as(POOL, client, user, &s.url);
    args.extend_from_slice(extra);
    run(&args, &format!("{password}\n"), &[])
}

/// InitiateAuth + RespondToAuthChallenge over raw HTTP with a chosen timestamp.
fn raw_sign_in(s: &Serve, password: &str, timestamp: &Timestamp) -> Answer {
    let srp = srp_for(POOL, "plain", "alice");
    let r = call(
        &s.addr,
        "InitiateAuth",
        &initiate_request(SrpAuthFlow::UserSrpAuth, "plain", &srp),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let challenge = r.json();
    assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
    assert!(
        challenge["ChallengeParameters"]["SALT"]
            .as_str()
            .unwrap()
            .starts_with('-')
    );
    let responses = verifier_responses_at(srp, &challenge, password, timestamp);
    call(
        &s.addr,
        "RespondToAuthChallenge",
        &verifier_request("plain", &challenge, &responses),
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
    let s = serve(&dir, &config());
    let ok = login(&s, "Alice-Pass-1", "plain", "alice", &[]);
    assert_ok(&ok);
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

    let bad = login(&s, "Alice-Pass-2", "plain", "alice", &[]);
    assert_eq!(bad.status.code(), Some(3));
    assert_stderr_has(
        &bad,
        "NotAuthorizedException: Incorrect username or password.",
    );
    assert!(bad.stdout.is_empty());

    let alias = login(&s, "Alice-Pass-1", "plain", "alice@example.com", &[]);
    assert_ok(&alias);

    let secret = login(
        &s,
        "Alice-Pass-1",
        "secret",
        "alice",
        &["--client-secret", "login-client-secret"],
    );
    assert_ok(&secret);
    let no_secret = login(&s, "Alice-Pass-1", "secret", "alice", &[]);
    assert_exit(&no_secret, 3);

    let newbie = login(&s, "Newbie-Pass-1", "plain", "newbie", &[]);
    assert_exit(&newbie, 4);
    assert!(text(&newbie.stderr).contains("NEW_PASSWORD_REQUIRED"));
}

#[cfg(feature = "login")]
#[test]
fn device_file_second_login_uses_device_srp() {
    let dir = temp_dir("device");
    let s = serve(&dir, &config());
    let file = dir.join("device.json");
    let f = file.to_str().unwrap();
    let first = login(&s, "Alice-Pass-1", "plain", "alice", &["--device-file", f]);
    assert_ok(&first);
    let result: Value = serde_json::from_slice(&first.stdout).unwrap();
    assert!(result["NewDeviceMetadata"]["DeviceKey"].is_string());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let second = login(&s, "Alice-Pass-1", "plain", "alice", &["--device-file", f]);
    assert_ok(&second);
    assert_stderr_has(&second, "device SRP");
    let result: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert!(result.get("NewDeviceMetadata").is_none());
    let wrong = login(&s, "nope", "plain", "alice", &["--device-file", f]);
    assert_eq!(wrong.status.code(), Some(3));
}

#[test]
fn wrong_password_is_cognitos_error_on_the_wire() {
    let dir = temp_dir("wire");
    let s = serve(&dir, &config());
    let r = raw_sign_in(&s, "wrong-password", &Timestamp::now());
    assert_eq!(r.status, 400);
    assert_eq!(r.header("x-amzn-errortype"), Some("NotAuthorizedException"));
    assert!(
        r.header("content-type")
            .unwrap()
            .starts_with("application/x-amz-json-1.1")
    );
    assert_eq!(
        r.json(),
        json!({"__type": "NotAuthorizedException", "message": "Incorrect username or password."})
    );

    let ok = raw_sign_in(&s, "Alice-Pass-1", &Timestamp::now());
    assert_eq!(ok.status, 200, "{}", ok.text());
    let tokens = ok.json();
    let access = tokens["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap();
    let got = call(&s.addr, "GetUser", &json!({"AccessToken": access}));
    assert_eq!(got.json()["Username"], "alice");

    // JWKS at {iss}/.well-known/jwks.json.
    let jwks = get(&s.addr, &format!("/{POOL}/.well-known/jwks.json"));
    assert_eq!(jwks.status, 200);
    assert_eq!(jwks.json()["keys"][0]["alg"], "RS256");
}

#[test]
fn stale_timestamp_is_refused() {
    let dir = temp_dir("stale");
    let s = serve(&dir, &config());
    let old = chrono::Utc::now() - chrono::Duration::minutes(10);
    let r = raw_sign_in(&s, "Alice-Pass-1", &Timestamp::from_datetime(&old));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["__type"], "NotAuthorizedException");
}

#[test]
fn oversized_and_malformed_requests_are_refused() {
    let dir = temp_dir("size");
    let s = serve(&dir, &config());
    // Announced too large: refused before the body is read.
    let head = operation_head(&s.addr, "InitiateAuth", "", 200 * 1024 * 1024);
    let r = raw(&s.addr, head.as_bytes(), b"{");
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
    assert_eq!(zero.json()["__type"], "NotAuthorizedException");
    // Unknown operation, unknown client, bad JSON.
    assert_eq!(
        call(&s.addr, "CreateIdentityProvider", &json!({})).json()["__type"],
        "UnknownOperationException"
    );
    let unknown = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "nope", "AuthParameters": {"USERNAME": "alice", "SRP_A": "02"}}),
    );
    assert_eq!(unknown.json()["__type"], "ResourceNotFoundException");
    let head = operation_head(&s.addr, "InitiateAuth", "", 5);
    assert_eq!(
        raw(&s.addr, head.as_bytes(), b"{nope").json()["__type"],
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
        assert_stderr_has(&out, "not a loopback address");
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
    let s = serve(&dir, &config());
    let ok = raw_sign_in(&s, "Alice-Pass-1", &Timestamp::now());
    let result = &ok.json()["AuthenticationResult"];
    let refresh = result["RefreshToken"].as_str().unwrap();
    let access = result["AccessToken"].as_str().unwrap();
    let again = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "plain", "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    );
    assert_eq!(again.status, 200, "{}", again.text());
    let fresh = again.json()["AuthenticationResult"].clone();
    assert!(fresh["AccessToken"].is_string() && fresh["IdToken"].is_string());
    assert!(fresh.get("RefreshToken").is_none());
    // Another client cannot use it.
    let other = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "secret", "AuthParameters": {"REFRESH_TOKEN": refresh, "SECRET_HASH": "x"}}),
    );
    assert_eq!(other.json()["__type"], "NotAuthorizedException");
    // GlobalSignOut revokes the refresh token and the access tokens issued before it.
    assert_eq!(
        call(&s.addr, "GlobalSignOut", &json!({"AccessToken": access})).status,
        200
    );
    let revoked = call(&s.addr, "GetUser", &json!({"AccessToken": access}));
    assert_eq!(revoked.json()["__type"], "NotAuthorizedException");
    let refused = call(
        &s.addr,
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "plain", "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    );
    assert_eq!(refused.json()["__type"], "NotAuthorizedException");
    // A forged token is refused.
    let forged = call(
        &s.addr,
        "GetUser",
        &json!({"AccessToken": format!("{access}x")}),
    );
    assert_eq!(forged.json()["message"], "Invalid Access Token");
}

#[cfg(feature = "login")]
#[test]
fn forgotten_device_is_replaced() {
    let dir = temp_dir("forgotten");
    let s = serve(&dir, &config());
    let file = dir.join("device.json");
    std::fs::write(
        &file,
        r#"{"pool_id":"us-east-1_LoginPool1","username":"alice","device_key":"us-east-1_00000000-0000-4000-8000-000000000000","device_group_key":"-unknown","device_password":"cGFzc3dvcmQ="}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let out = login(
        &s,
        "Alice-Pass-1",
        "plain",
        "alice",
        &["--device-file", f, "-v"],
    );
    assert_ok(&out);
    assert_stderr_has(&out, "does not know the remembered device");
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_ne!(
        stored["device_key"],
        "us-east-1_00000000-0000-4000-8000-000000000000"
    );
    let second = login(&s, "Alice-Pass-1", "plain", "alice", &["--device-file", f]);
    assert!(second.status.success());
    assert_stderr_has(&second, "device SRP");
}
