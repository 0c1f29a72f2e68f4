//! Checks Cognito makes on refresh and RevokeToken: a sign-in that ended with a confirmed device
//! refreshes only with that device's key, and RevokeToken for a client with a secret needs the secret;
//! GetTokensFromRefreshToken (how Amplify JS v6 refreshes) with the same checks and the client secret itself.

use cognito_srp_core::{AppClient, ClientSecret, DeviceCredentials};
use cognito_srp_server::{ClientConfig, DeviceTracking, Server, TestServer, UserConfig};
use cognito_srp_test_support::{pool_of, sign_in, start_pool};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Refresh1";
const PW: &str = "Refresh-Pass-1";
const SECRET: &str = "a-client-secret";

fn server() -> TestServer {
    let mut pool = pool_of(POOL, &["c"], [UserConfig::new("alice", PW)]);
    pool.device_tracking = DeviceTracking::Always;
    let mut secret = ClientConfig::new("s");
    secret.secret = Some(SECRET.into());
    pool.clients.push(secret);
    start_pool(pool)
}

/// USER_SRP_AUTH and PASSWORD_VERIFIER as `client_id` (with `secret`): the AuthenticationResult.
fn signed_in(srv: &Server, client_id: &str, secret: Option<&str>) -> Value {
    let mut client = AppClient::new(POOL, client_id).unwrap();
    if let Some(s) = secret {
        client = client.with_secret(ClientSecret::new(s).unwrap());
    }
    let srp = client.start_user_srp_os("alice").unwrap();
    sign_in(srv, client_id, srp, PW)["AuthenticationResult"].clone()
}

fn refresh(
    srv: &Server,
    rt: &Value,
    device_key: Option<&str>,
) -> Result<Value, cognito_srp_server::CognitoError> {
    let mut params = json!({"REFRESH_TOKEN": rt});
    if let Some(k) = device_key {
        params["DEVICE_KEY"] = json!(k);
    }
    srv.dispatch(
        "InitiateAuth",
        &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "c", "AuthParameters": params}),
    )
}

#[test]
fn a_confirmed_device_origin_refreshes_only_with_its_key() {
    let s = server();
    let srv = s.server();
    let ar = signed_in(srv, "c", None);
    let key = ar["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let group = ar["NewDeviceMetadata"]["DeviceGroupKey"].as_str().unwrap();
    // Not confirmed yet: the client may not keep the device, so no key is asked for.
    refresh(srv, &ar["RefreshToken"], None).unwrap();
    let (_, cfg) = DeviceCredentials::confirm_device_os(&key, group).unwrap();
    srv.dispatch(
        "ConfirmDevice",
        &json!({"AccessToken": ar["AccessToken"], "DeviceKey": key,
            "DeviceSecretVerifierConfig": {"Salt": cfg.salt(), "PasswordVerifier": cfg.password_verifier()}}),
    )
    .unwrap();
    for wrong in [None, Some("us-east-1_00000000-0000-4000-8000-000000000000")] {
        let e = refresh(srv, &ar["RefreshToken"], wrong).unwrap_err();
        assert_eq!(e.code(), "NotAuthorizedException", "{wrong:?}");
        assert_eq!(e.message(), "Invalid Refresh Token", "{wrong:?}");
    }
    let ok = refresh(srv, &ar["RefreshToken"], Some(&key)).unwrap();
    assert!(ok["AuthenticationResult"]["AccessToken"].is_string());
}

#[test]
fn revoke_token_needs_the_client_secret() {
    let s = server();
    let srv = s.server();
    let ar = signed_in(srv, "s", Some(SECRET));
    let revoke = |secret: Option<&str>| {
        let mut req = json!({"Token": ar["RefreshToken"], "ClientId": "s"});
        if let Some(x) = secret {
            req["ClientSecret"] = json!(x);
        }
        srv.dispatch("RevokeToken", &req)
    };
    let e = revoke(None).unwrap_err();
    assert_eq!(e.code(), "NotAuthorizedException");
    assert_eq!(
        e.message(),
        "Client s is configured for secret but secret was not received"
    );
    let e = revoke(Some("not-the-secret")).unwrap_err();
    assert_eq!(e.code(), "NotAuthorizedException");
    assert_eq!(e.message(), "Unable to verify secret for client s");
    // Refused revocations revoked nothing; the right secret revokes.
    assert!(
        srv.dispatch("GetUser", &json!({"AccessToken": ar["AccessToken"]}))
            .is_ok()
    );
    revoke(Some(SECRET)).unwrap();
    let e = srv
        .dispatch("GetUser", &json!({"AccessToken": ar["AccessToken"]}))
        .unwrap_err();
    assert_eq!(e.code(), "NotAuthorizedException");
}

fn get_tokens(
    srv: &Server,
    client_id: &str,
    rt: &Value,
    secret: Option<&str>,
    device_key: Option<&str>,
) -> Result<Value, cognito_srp_server::CognitoError> {
    let mut req = json!({"RefreshToken": rt, "ClientId": client_id});
    if let Some(s) = secret {
        req["ClientSecret"] = json!(s);
    }
    if let Some(k) = device_key {
        req["DeviceKey"] = json!(k);
    }
    srv.dispatch("GetTokensFromRefreshToken", &req)
}

/// Amplify JS v6 refreshes with GetTokensFromRefreshToken, not InitiateAuth: new ID and access tokens of
/// the same sign-in, no new refresh token, and the same refusals as REFRESH_TOKEN_AUTH.
#[test]
fn get_tokens_from_refresh_token_refreshes_as_refresh_token_auth() {
    let s = server();
    let srv = s.server();
    let ar = signed_in(srv, "c", None);
    let got = get_tokens(srv, "c", &ar["RefreshToken"], None, None).unwrap();
    let result = got["AuthenticationResult"].as_object().unwrap();
    assert_eq!(got.as_object().unwrap().len(), 1, "{got}");
    assert!(result["AccessToken"].is_string() && result["IdToken"].is_string());
    assert_eq!(result["TokenType"], "Bearer");
    assert!(!result.contains_key("RefreshToken"), "{got}");
    let user = srv
        .dispatch("GetUser", &json!({"AccessToken": result["AccessToken"]}))
        .unwrap();
    assert_eq!(user["Username"], "alice");

    let e = get_tokens(srv, "c", &json!("not-a-refresh-token"), None, None).unwrap_err();
    assert_eq!(
        (e.code(), e.message().as_str()),
        ("NotAuthorizedException", "Invalid Refresh Token")
    );
    // Another client's refresh token.
    let other = signed_in(srv, "s", Some(SECRET));
    let e = get_tokens(srv, "c", &other["RefreshToken"], None, None).unwrap_err();
    assert_eq!(e.code(), "NotAuthorizedException");
    // Revoked.
    srv.dispatch(
        "RevokeToken",
        &json!({"Token": ar["RefreshToken"], "ClientId": "c"}),
    )
    .unwrap();
    let e = get_tokens(srv, "c", &ar["RefreshToken"], None, None).unwrap_err();
    assert_eq!(
        (e.code(), e.message().as_str()),
        ("NotAuthorizedException", "Invalid Refresh Token")
    );
}

#[test]
fn get_tokens_from_refresh_token_needs_the_client_secret_and_the_device_key() {
    let s = server();
    let srv = s.server();
    let ar = signed_in(srv, "s", Some(SECRET));
    let rt = &ar["RefreshToken"];
    let e = get_tokens(srv, "s", rt, None, None).unwrap_err();
    assert_eq!(
        (e.code(), e.message().as_str()),
        (
            "NotAuthorizedException",
            "Client s is configured for secret but secret was not received"
        )
    );
    let e = get_tokens(srv, "s", rt, Some("not-the-secret"), None).unwrap_err();
    assert_eq!(
        (e.code(), e.message().as_str()),
        (
            "NotAuthorizedException",
            "Unable to verify secret for client s"
        )
    );
    assert!(
        get_tokens(srv, "s", rt, Some(SECRET), None).unwrap()["AuthenticationResult"]["IdToken"]
            .is_string()
    );

    // A sign-in that confirmed its device refreshes only with that device's key.
    let ar = signed_in(srv, "c", None);
    let key = ar["NewDeviceMetadata"]["DeviceKey"].as_str().unwrap();
    let group = ar["NewDeviceMetadata"]["DeviceGroupKey"].as_str().unwrap();
    let (_, cfg) = DeviceCredentials::confirm_device_os(key, group).unwrap();
    srv.dispatch(
        "ConfirmDevice",
        &json!({"AccessToken": ar["AccessToken"], "DeviceKey": key,
            "DeviceSecretVerifierConfig": {"Salt": cfg.salt(), "PasswordVerifier": cfg.password_verifier()}}),
    )
    .unwrap();
    let e = get_tokens(srv, "c", &ar["RefreshToken"], None, None).unwrap_err();
    assert_eq!(
        (e.code(), e.message().as_str()),
        ("NotAuthorizedException", "Invalid Refresh Token")
    );
    let ok = get_tokens(srv, "c", &ar["RefreshToken"], None, Some(key)).unwrap();
    assert!(ok["AuthenticationResult"]["AccessToken"].is_string());
}
