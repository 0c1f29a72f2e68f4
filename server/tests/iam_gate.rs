//! Over HTTP, admin and control-plane operations need a SigV4 `Authorization` header and are refused
//! when the request carries an `Origin` header; public operations need neither. With credentials
//! configured, a signature that does not verify is refused. (boto3 signs for real against the same
//! credentials in `scripts/interop.sh`.)

use cognito_srp_server::{Config, IamCredentials, TestServer};
use cognito_srp_test_support::{Answer, call_with_headers, one_pool, pool_of};
use serde_json::json;

const AUTH: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000000000000000000000000000000000000000000000000000000000000000";

fn post(s: &TestServer, op: &str, extra_headers: &str, body: &serde_json::Value) -> Answer {
    let headers = format!("X-Amz-Date: 20261207T040506Z\r\n{extra_headers}");
    call_with_headers(s.addr(), op, &headers, body)
}

fn config(iam: Option<IamCredentials>) -> Config {
    Config {
        iam,
        ..one_pool(pool_of("us-east-1_Gate1", &["app"], []))
    }
}

#[test]
fn iam_operations_need_sigv4_and_no_origin() {
    let s = TestServer::start(config(None)).unwrap();
    let create = json!({"PoolName": "p"});
    let bare = post(&s, "CreateUserPool", "", &create);
    assert_eq!(bare.status, 403);
    assert_eq!(
        bare.error_type.as_deref(),
        Some("MissingAuthenticationTokenException")
    );
    let malformed = post(
        &s,
        "CreateUserPool",
        "Authorization: AWS4-HMAC-SHA256 nonsense\r\n",
        &create,
    );
    assert_eq!(
        malformed.error_type.as_deref(),
        Some("MissingAuthenticationTokenException")
    );
    let from_page = post(
        &s,
        "AdminCreateUser",
        &format!("Authorization: {AUTH}\r\nOrigin: http://evil.example\r\n"),
        &json!({"UserPoolId": "us-east-1_Gate1", "Username": "x"}),
    );
    assert_eq!(from_page.status, 403);
    assert_eq!(
        from_page.error_type.as_deref(),
        Some("AccessDeniedException")
    );
    // Nothing was created by the refused calls.
    assert!(
        s.server()
            .dispatch(
                "AdminGetUser",
                &json!({"UserPoolId": "us-east-1_Gate1", "Username": "x"})
            )
            .is_err()
    );
    // Any well-formed signature is accepted when no credentials are configured.
    let ok = post(
        &s,
        "CreateUserPool",
        &format!("Authorization: {AUTH}\r\n"),
        &create,
    );
    assert_eq!(ok.status, 200, "{}", String::from_utf8_lossy(&ok.body));
    assert!(
        ok.json()["UserPool"]["Id"]
            .as_str()
            .unwrap()
            .starts_with("us-east-1_")
    );
    // Public operations need no credentials, and may come from a page.
    let public = post(
        &s,
        "InitiateAuth",
        "Origin: http://localhost:3000\r\n",
        &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": "app", "AuthParameters": {"USERNAME": "u", "SRP_A": "02"}}),
    );
    assert_eq!(
        public.status,
        200,
        "{}",
        String::from_utf8_lossy(&public.body)
    );
}

#[test]
fn configured_credentials_are_verified() {
    let s = TestServer::start(config(Some(IamCredentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ))))
    .unwrap();
    let create = json!({"PoolName": "p"});
    // The all-zero signature does not verify (the date is also far from now).
    let wrong = post(
        &s,
        "CreateUserPool",
        &format!("Authorization: {AUTH}\r\n"),
        &create,
    );
    assert_eq!(wrong.status, 403);
    assert_eq!(
        wrong.error_type.as_deref(),
        Some("InvalidSignatureException")
    );
    let other_key = AUTH.replace("AKIDEXAMPLE", "AKIDOTHER");
    let unknown = post(
        &s,
        "CreateUserPool",
        &format!("Authorization: {other_key}\r\n"),
        &create,
    );
    assert_eq!(
        unknown.error_type.as_deref(),
        Some("UnrecognizedClientException")
    );
}
