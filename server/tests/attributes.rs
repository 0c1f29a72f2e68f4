//! NEW_PASSWORD_REQUIRED may write only Cognito's writable standard attributes and `custom:*` ones:
//! `sub`, the `*_verified` flags, `cognito:*`, `identities` and the token's own claims are refused, and
//! the ID token's reserved claims are the server's.

use cognito_srp_server::{DeviceTracking, TestServer, UserConfig};
use cognito_srp_test_support::{jwt_claims, pool_of, sign_in, srp_for, start_pool};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Attrs1";
const PW: &str = "Attr-Pass-1";
const SUB: &str = "5b0c5a4e-0000-4000-8000-000000000001";

fn server() -> TestServer {
    let mut fresh = UserConfig::new("fresh", PW);
    fresh.status = Some("FORCE_CHANGE_PASSWORD".into());
    fresh.sub = Some(SUB.into());
    let mut pool = pool_of(POOL, &["c"], [fresh]);
    pool.device_tracking = DeviceTracking::Off;
    start_pool(pool)
}

/// Signs `fresh` in up to its NEW_PASSWORD_REQUIRED challenge.
fn new_password_challenge(s: &TestServer) -> Value {
    let ch = sign_in(s.server(), "c", srp_for(POOL, "c", "fresh"), PW);
    assert_eq!(ch["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    ch
}

fn answer(
    s: &TestServer,
    ch: &Value,
    extra: &[(&str, &str)],
) -> Result<Value, cognito_srp_server::CognitoError> {
    let mut responses = json!({"USERNAME": "fresh", "NEW_PASSWORD": "Fresh-Pass-2"});
    for (k, v) in extra {
        responses[format!("userAttributes.{k}")] = json!(v);
    }
    s.server().dispatch(
        "RespondToAuthChallenge",
        &json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ClientId": "c",
            "Session": ch["Session"], "ChallengeResponses": responses}),
    )
}

#[test]
fn non_writable_attributes_are_refused() {
    let s = server();
    for name in [
        "sub",
        "email_verified",
        "phone_number_verified",
        "cognito:groups",
        "cognito:username",
        "identities",
        "iss",
        "token_use",
        "not_an_attribute",
    ] {
        let ch = new_password_challenge(&s);
        let e = answer(&s, &ch, &[("name", "Fresh"), (name, "x")]).unwrap_err();
        assert_eq!(e.code(), "InvalidParameterException", "{name}");
        assert_eq!(
            e.message(),
            format!("Cannot modify the non-mutable attribute {name}"),
            "{name}"
        );
    }
}

#[test]
fn writable_attributes_are_set_and_reserved_claims_stay_the_servers() {
    let s = server();
    let ch = new_password_challenge(&s);
    let t = answer(
        &s,
        &ch,
        &[
            ("name", "Fresh"),
            ("custom:team", "blue"),
            ("email", "fresh@example.com"),
        ],
    )
    .unwrap();
    let id = jwt_claims(t["AuthenticationResult"]["IdToken"].as_str().unwrap());
    assert_eq!(id["sub"], SUB);
    assert_eq!(id["cognito:username"], "fresh");
    assert_eq!(id["name"], "Fresh");
    assert_eq!(id["custom:team"], "blue");
    assert_eq!(id["email"], "fresh@example.com");
    assert!(id.get("email_verified").is_none(), "{id}");
    assert!(id.get("cognito:groups").is_none(), "{id}");
}
