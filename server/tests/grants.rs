//! Refresh, RevokeToken and GlobalSignOut over HTTP: revocation is by sign-in (origin), refreshing keeps
//! `auth_time` and `origin_jti`, and revoked access tokens are refused.

use cognito_srp_server::{DeviceTracking, TestServer, UserConfig};
use cognito_srp_test_support::{Answer, call, pool_of, sign_in, srp_for, start_pool};
use serde_json::{Map, Value, json};

const POOL: &str = "us-east-1_Grant1";

fn server() -> TestServer {
    let users = [
        UserConfig::new("alice", "Alice-Pass-1"),
        UserConfig::new("bob", "Bob-Pass-1"),
    ];
    let mut pool = pool_of(POOL, &["c", "other"], users);
    pool.device_tracking = DeviceTracking::Off;
    start_pool(pool)
}

/// Signs in over HTTP; returns AuthenticationResult.
fn signed_in(s: &TestServer, user: &str, password: &str) -> Value {
    sign_in(s, "c", srp_for(POOL, "c", user), password)["AuthenticationResult"].clone()
}

fn claims(s: &TestServer, token: &Value) -> Map<String, Value> {
    s.server().tokens().verify(token.as_str().unwrap()).unwrap()
}

fn get_user(s: &TestServer, access: &Value) -> Answer {
    call(s.addr(), "GetUser", &json!({"AccessToken": access}))
}

fn refresh(s: &TestServer, client: &str, rt: &Value) -> Answer {
    call(
        s.addr(),
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": client, "AuthParameters": {"REFRESH_TOKEN": rt}}),
    )
}

#[test]
fn refresh_keeps_origin_and_auth_time() {
    let s = server();
    let first = signed_in(&s, "alice", "Alice-Pass-1");
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
    let one = signed_in(&s, "alice", "Alice-Pass-1");
    let two = signed_in(&s, "alice", "Alice-Pass-1");
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
    let one = signed_in(&s, "alice", "Alice-Pass-1");
    let two = signed_in(&s, "alice", "Alice-Pass-1");
    let bob = signed_in(&s, "bob", "Bob-Pass-1");
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
    let three = signed_in(&s, "alice", "Alice-Pass-1");
    assert_eq!(get_user(&s, &three["AccessToken"]).status, 200);
}
