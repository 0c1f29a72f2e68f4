//! Refresh, RevokeToken and GlobalSignOut over HTTP: revocation is by sign-in (origin), refreshing keeps
//! `auth_time` and `origin_jti`, and revoked access tokens are refused.

mod common;

use cognito_srp_core::{AppClient, Password, SrpAuthFlow, Timestamp};
use cognito_srp_server::{
    ClientConfig, Config, DeviceTracking, PoolConfig, TestServer, UserConfig,
};
use common::{call, string_map};
use serde_json::{Map, Value, json};

const POOL: &str = "us-east-1_Grant1";

fn server() -> TestServer {
    let mut pool = PoolConfig::new(POOL);
    pool.device_tracking = DeviceTracking::Off;
    pool.clients.push(ClientConfig::new("c"));
    pool.clients.push(ClientConfig::new("other"));
    pool.users.push(UserConfig::new("alice", "Alice-Pass-1"));
    pool.users.push(UserConfig::new("bob", "Bob-Pass-1"));
    TestServer::start(Config {
        pools: vec![pool],
        ..Config::default()
    })
    .unwrap()
}

/// Signs in; returns AuthenticationResult.
fn sign_in(s: &TestServer, user: &str, password: &str) -> Value {
    let srp = AppClient::new(POOL, "c")
        .unwrap()
        .start_user_srp_os(user)
        .unwrap();
    let c = call(
        s.addr(),
        "InitiateAuth",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "c",
                "AuthParameters": srp.initiate_auth_parameters(SrpAuthFlow::UserSrpAuth)}),
    )
    .json();
    let r = srp
        .respond(
            &string_map(&c["ChallengeParameters"]),
            &Password::new(password).unwrap(),
            &Timestamp::now(),
        )
        .unwrap();
    let a = call(
        s.addr(),
        "RespondToAuthChallenge",
        &json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": "c", "ChallengeResponses": r, "Session": c["Session"]}),
    );
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    a.json()["AuthenticationResult"].clone()
}

fn claims(s: &TestServer, token: &Value) -> Map<String, Value> {
    s.server().tokens().verify(token.as_str().unwrap()).unwrap()
}

fn get_user(s: &TestServer, access: &Value) -> common::Answer {
    call(s.addr(), "GetUser", &json!({"AccessToken": access}))
}

fn refresh(s: &TestServer, client: &str, rt: &Value) -> common::Answer {
    call(
        s.addr(),
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client, "AuthParameters": {"REFRESH_TOKEN": rt}}),
    )
}

#[test]
fn refresh_keeps_origin_and_auth_time() {
    let s = server();
    let first = sign_in(&s, "alice", "Alice-Pass-1");
    let r = refresh(&s, "c", &first["RefreshToken"]);
    assert_eq!(r.status, 200);
    let again = &r.json()["AuthenticationResult"];
    assert!(again.get("RefreshToken").is_none());
    let (a, b) = (
        claims(&s, &first["AccessToken"]),
        claims(&s, &again["AccessToken"]),
    );
    assert_eq!(a["origin_jti"], b["origin_jti"]);
    assert_eq!(a["auth_time"], b["auth_time"]);
    assert_ne!(a["jti"], b["jti"]);
    // Another client cannot use it.
    assert_eq!(
        refresh(&s, "other", &first["RefreshToken"]).json()["message"],
        "Invalid Refresh Token"
    );
}

#[test]
fn revoke_token_revokes_exactly_its_sign_in() {
    let s = server();
    let one = sign_in(&s, "alice", "Alice-Pass-1");
    let two = sign_in(&s, "alice", "Alice-Pass-1");
    // The wrong client revokes nothing.
    call(
        s.addr(),
        "RevokeToken",
        &json!({"Token": one["RefreshToken"], "ClientId": "other"}),
    );
    assert_eq!(get_user(&s, &one["AccessToken"]).status, 200);
    let r = call(
        s.addr(),
        "RevokeToken",
        &json!({"Token": one["RefreshToken"], "ClientId": "c"}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        get_user(&s, &one["AccessToken"]).json(),
        json!({"__type": "NotAuthorizedException", "message": "Access Token has been revoked"})
    );
    assert_eq!(refresh(&s, "c", &one["RefreshToken"]).status, 400);
    // The other sign-in of the same user, in the same second, is untouched.
    assert_eq!(
        get_user(&s, &two["AccessToken"]).json()["Username"],
        "alice"
    );
    assert_eq!(refresh(&s, "c", &two["RefreshToken"]).status, 200);
}

#[test]
fn global_sign_out_revokes_every_sign_in_of_the_user_only() {
    let s = server();
    let one = sign_in(&s, "alice", "Alice-Pass-1");
    let two = sign_in(&s, "alice", "Alice-Pass-1");
    let bob = sign_in(&s, "bob", "Bob-Pass-1");
    assert_eq!(
        call(
            s.addr(),
            "GlobalSignOut",
            &json!({"AccessToken": one["AccessToken"]})
        )
        .status,
        200
    );
    for t in [&one, &two] {
        assert_eq!(
            get_user(&s, &t["AccessToken"]).json()["message"],
            "Access Token has been revoked"
        );
        assert_eq!(refresh(&s, "c", &t["RefreshToken"]).status, 400);
    }
    assert_eq!(get_user(&s, &bob["AccessToken"]).status, 200);
    // A new sign-in after the sign-out works.
    let three = sign_in(&s, "alice", "Alice-Pass-1");
    assert_eq!(get_user(&s, &three["AccessToken"]).status, 200);
}
