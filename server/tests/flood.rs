//! Nothing a client sends before a proof can refuse anyone else a sign-in: `USERNAME` and `DEVICE_KEY`
//! are capped at Cognito's lengths before anything is stored, and a store full of sessions opened
//! without a proof drops the oldest of them instead of refusing new ones.

use cognito_srp_server::MAX_PENDING;
use cognito_srp_server::{DeviceTracking, TestServer, UserConfig};
use cognito_srp_test_support::{pool_of, sign_in, srp_for, start_pool};
use serde_json::json;

const POOL: &str = "us-east-1_Flood1";
const PW: &str = "Flood-Pass-1";

fn server() -> TestServer {
    let mut pool = pool_of(POOL, &["c"], [UserConfig::new("alice", PW)]);
    pool.device_tracking = DeviceTracking::Off;
    start_pool(pool)
}

/// A whole USER_SRP_AUTH sign-in of alice; the tokens' answer.
fn alice_signs_in(s: &TestServer) -> serde_json::Value {
    sign_in(s.server(), "c", srp_for(POOL, "c", "alice"), PW)
}

fn too_long(name: &str, max: usize) -> String {
    format!(
        "1 validation error detected: Value at '{name}' failed to satisfy constraint: Member must have length less than or equal to {max}"
    )
}

#[test]
fn long_username_and_device_key_are_refused() {
    let s = server();
    let srv = s.server();
    let long = "x".repeat(129);
    for flow in ["USER_AUTH", "USER_SRP_AUTH"] {
        let e = srv
            .dispatch(
                "InitiateAuth",
                &json!({"AuthFlow": flow, "ClientId": "c",
                    "AuthParameters": {"USERNAME": long, "SRP_A": "02"}}),
            )
            .unwrap_err();
        assert_eq!(e.code(), "InvalidParameterException", "{flow}");
        assert_eq!(e.message(), too_long("USERNAME", 128), "{flow}");
    }
    // 128 characters (not bytes) is still a name.
    let ok = srv
        .dispatch(
            "InitiateAuth",
            &json!({"AuthFlow": "USER_AUTH", "ClientId": "c",
                "AuthParameters": {"USERNAME": "é".repeat(128)}}),
        )
        .unwrap();
    assert_eq!(ok["ChallengeName"], "SELECT_CHALLENGE");
    let e = srv
        .dispatch(
            "InitiateAuth",
            &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "c",
                "AuthParameters": {"USERNAME": "alice", "SRP_A": "02", "DEVICE_KEY": "k".repeat(56)}}),
        )
        .unwrap_err();
    assert_eq!(e.code(), "InvalidParameterException");
    assert_eq!(e.message(), too_long("DEVICE_KEY", 55));
    let e = srv
        .dispatch(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": "SELECT_CHALLENGE", "ClientId": "c", "Session": ok["Session"],
                "ChallengeResponses": {"USERNAME": long, "ANSWER": "PASSWORD_SRP", "SRP_A": "02"}}),
        )
        .unwrap_err();
    assert_eq!(e.message(), too_long("USERNAME", 128));
}

#[test]
fn a_flood_of_select_challenge_sessions_refuses_no_one() {
    let s = server();
    let srv = s.server();
    let first = srv
        .dispatch(
            "InitiateAuth",
            &json!({"AuthFlow": "USER_AUTH", "ClientId": "c", "AuthParameters": {"USERNAME": "first"}}),
        )
        .unwrap();
    for i in 0..MAX_PENDING {
        srv.dispatch(
            "InitiateAuth",
            &json!({"AuthFlow": "USER_AUTH", "ClientId": "c",
                "AuthParameters": {"USERNAME": format!("x{i}")}}),
        )
        .unwrap();
    }
    // The store is full: alice still signs in.
    let t = alice_signs_in(&s);
    assert!(t["AuthenticationResult"]["AccessToken"].is_string(), "{t}");
    // The oldest session before a proof made room; it is gone.
    let e = srv
        .dispatch(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": "SELECT_CHALLENGE", "ClientId": "c", "Session": first["Session"],
                "ChallengeResponses": {"USERNAME": "first", "ANSWER": "PASSWORD_SRP", "SRP_A": "02"}}),
        )
        .unwrap_err();
    assert_eq!(
        e.message(),
        "Invalid session for the user, session is expired."
    );
}
