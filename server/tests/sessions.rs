//! Challenge sessions: required, single-use, bound to the client, the user and the stage; the device
//! step is not reachable from public values.

use cognito_srp_core::SrpAuthFlow;
use cognito_srp_server::{TestServer, UserConfig};
use cognito_srp_test_support::{
    Answer, call, initiate_request, pool_of, srp_for, start_pool, verifier_responses,
};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Sess1";
const PASSWORD: &str = "Right-Pass-1";

fn server() -> TestServer {
    start_pool(pool_of(
        POOL,
        &["a", "b"],
        [UserConfig::new("alice", PASSWORD)],
    ))
}

/// InitiateAuth as client `a`; returns the challenge and the answer map for the right password.
fn challenge(s: &TestServer) -> (Value, serde_json::Map<String, Value>) {
    let srp = srp_for(POOL, "a", "alice");
    let request = initiate_request(SrpAuthFlow::UserSrpAuth, "a", &srp);
    let c = call(s.addr(), "InitiateAuth", &request).json();
    let map = verifier_responses(srp, &c, PASSWORD)
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    (c, map)
}

fn answer(
    s: &TestServer,
    client: &str,
    responses: &serde_json::Map<String, Value>,
    session: Option<&Value>,
) -> Answer {
    let mut req = json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client, "ChallengeResponses": responses});
    if let Some(sess) = session {
        req["Session"] = sess.clone();
    }
    call(s.addr(), "RespondToAuthChallenge", &req)
}

const BAD_SESSION: &[u8] = br#"{"__type":"NotAuthorizedException","message":"Invalid session for the user, session is expired."}"#;

#[test]
fn a_session_is_good_once_and_for_its_client_only() {
    let s = server();
    let (c, r) = challenge(&s);
    let other = answer(&s, "b", &r, Some(&c["Session"]));
    assert_eq!(other.body, BAD_SESSION);
    // Taken by the wrong client's attempt: gone.
    assert_eq!(answer(&s, "a", &r, Some(&c["Session"])).body, BAD_SESSION);
    let (c, r) = challenge(&s);
    let ok = answer(&s, "a", &r, Some(&c["Session"]));
    assert_eq!(ok.status, 200);
    assert!(ok.json()["AuthenticationResult"]["AccessToken"].is_string());
    assert_eq!(answer(&s, "a", &r, Some(&c["Session"])).body, BAD_SESSION);
}

#[test]
fn without_session_only_the_issued_secret_block_finds_it() {
    let s = server();
    // As Cognito: a PASSWORD_VERIFIER answer without Session is matched by its SECRET_BLOCK.
    let (_, r) = challenge(&s);
    let ok = answer(&s, "a", &r, None);
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));
    // A block the server never issued finds nothing.
    let (_, mut r) = challenge(&s);
    r.insert(
        "PASSWORD_CLAIM_SECRET_BLOCK".into(),
        json!("bm90IGlzc3VlZA=="),
    );
    assert_eq!(answer(&s, "a", &r, None).body, BAD_SESSION);
}

#[test]
fn device_step_needs_its_session() {
    let s = server();
    // A DEVICE_SRP_AUTH answer naming public values only (user, device key) and no Session.
    let r = call(
        s.addr(),
        "RespondToAuthChallenge",
        &json!({"ChallengeName": "DEVICE_SRP_AUTH", "ClientId": "a",
                "ChallengeResponses": {"USERNAME": "alice", "DEVICE_KEY": "us-east-1_x", "SRP_A": "02"}}),
    );
    assert_eq!(r.body, BAD_SESSION);
    // A PASSWORD_VERIFIER session does not answer another stage.
    let (c, _) = challenge(&s);
    let r = call(
        s.addr(),
        "RespondToAuthChallenge",
        &json!({"ChallengeName": "DEVICE_SRP_AUTH", "ClientId": "a", "Session": c["Session"],
                "ChallengeResponses": {"USERNAME": "alice", "DEVICE_KEY": "us-east-1_x", "SRP_A": "02"}}),
    );
    assert_eq!(r.body, BAD_SESSION);
}

#[tokio::test]
async fn the_fixture_works_inside_a_tokio_test() {
    let s = server();
    let addr = s.addr();
    let r =
        tokio::task::spawn_blocking(move || call(addr, "GetUser", &json!({"AccessToken": "x"})))
            .await
            .unwrap();
    assert_eq!(
        r.json(),
        json!({"__type": "NotAuthorizedException", "message": "Invalid Access Token"})
    );
    drop(s);
    assert!(std::net::TcpStream::connect(addr).is_err());
}
