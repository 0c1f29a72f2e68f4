//! Tokens as a relying party checks them, over HTTP: each pool's discovery document names its issuer
//! and its `jwks_uri`, the pool's tokens verify with the key found there (with `jsonwebtoken`, not the
//! server's own checks), a token of one pool is refused by another pool's keys, and the ID and access
//! tokens carry the claims Cognito's do.

use std::collections::BTreeSet;

use cognito_srp_server::{Config, TestServer};
use cognito_srp_test_support::{Answer, call, get, pool_of, sign_in, srp_for, user_with};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value, json};

const POOL_A: &str = "us-east-1_TokensA";
const POOL_B: &str = "us-east-1_TokensB";
const PASSWORD: &str = "Alice-Pass-1";

fn server() -> TestServer {
    let pools = [(POOL_A, "client-a"), (POOL_B, "client-b")]
        .into_iter()
        .map(|(id, client)| {
            let attributes = [("email", "alice@example.com"), ("email_verified", "true")];
            pool_of(id, &[client], [user_with("alice", PASSWORD, &attributes)])
        })
        .collect();
    TestServer::start(Config {
        pools,
        ..Config::default()
    })
    .unwrap()
}

/// Signs alice in to `pool` through `client` over HTTP; returns AuthenticationResult.
fn signed_in(s: &TestServer, pool: &str, client: &str) -> Value {
    sign_in(s, client, srp_for(pool, client, "alice"), PASSWORD)["AuthenticationResult"].clone()
}

/// `GET url` (an absolute `http://` URL on the server).
fn get_url(s: &TestServer, url: &str) -> Answer {
    let path = url
        .strip_prefix(&s.endpoint())
        .unwrap_or_else(|| panic!("{url} is not on {}", s.endpoint()));
    get(s.addr(), path)
}

/// The pool's discovery document, and the JWKS its `jwks_uri` serves.
fn discover(s: &TestServer, pool: &str) -> (Value, JwkSet) {
    let issuer = format!("{}/{pool}", s.endpoint());
    let doc = get_url(s, &format!("{issuer}/.well-known/openid-configuration"));
    assert_eq!(doc.status, 200);
    let doc = doc.json();
    assert_eq!(doc["issuer"], issuer.as_str());
    let jwks = get_url(s, doc["jwks_uri"].as_str().unwrap());
    assert_eq!(jwks.status, 200);
    (doc, serde_json::from_slice(&jwks.body).unwrap())
}

/// Verifies `token` as a relying party does: the key its `kid` names in `jwks`, RS256, `exp`, `iss`.
fn verify(token: &str, jwks: &JwkSet, issuer: &str) -> Option<Map<String, Value>> {
    let kid = jsonwebtoken::decode_header(token).ok()?.kid?;
    let key = DecodingKey::from_jwk(jwks.find(&kid)?).ok()?;
    let mut v = Validation::new(Algorithm::RS256);
    v.validate_aud = false;
    v.set_issuer(&[issuer]);
    jsonwebtoken::decode::<Map<String, Value>>(token, &key, &v)
        .ok()
        .map(|d| d.claims)
}

fn names(claims: &Map<String, Value>) -> BTreeSet<&str> {
    claims.keys().map(String::as_str).collect()
}

#[test]
fn tokens_verify_through_the_discovery_document_and_only_for_their_pool() {
    let s = server();
    let (doc_a, jwks_a) = discover(&s, POOL_A);
    let (doc_b, jwks_b) = discover(&s, POOL_B);
    assert_eq!(
        doc_a["id_token_signing_alg_values_supported"],
        json!(["RS256"])
    );
    let issuer_a = doc_a["issuer"].as_str().unwrap();
    let issuer_b = doc_b["issuer"].as_str().unwrap();
    // One key per pool, each with its own kid.
    assert_eq!((jwks_a.keys.len(), jwks_b.keys.len()), (1, 1));
    assert_ne!(jwks_a.keys[0].common.key_id, jwks_b.keys[0].common.key_id);

    let a = signed_in(&s, POOL_A, "client-a");
    for name in ["AccessToken", "IdToken"] {
        let token = a[name].as_str().unwrap();
        let claims = verify(token, &jwks_a, issuer_a)
            .unwrap_or_else(|| panic!("{name} of pool A with pool A's keys"));
        assert_eq!(claims["iss"], issuer_a);
        assert!(
            verify(token, &jwks_b, issuer_a).is_none(),
            "{name} of pool A with pool B's keys"
        );
        // Even with the kid ignored: pool B's key does not check pool A's signature.
        let key_b = DecodingKey::from_jwk(&jwks_b.keys[0]).unwrap();
        let mut v = Validation::new(Algorithm::RS256);
        v.validate_aud = false;
        assert!(jsonwebtoken::decode::<Value>(token, &key_b, &v).is_err());
    }
    let b = signed_in(&s, POOL_B, "client-b");
    assert!(verify(b["IdToken"].as_str().unwrap(), &jwks_b, issuer_b).is_some());
    assert!(verify(b["IdToken"].as_str().unwrap(), &jwks_a, issuer_b).is_none());
    // The server's own check: a pool B access token is good for GetUser, as pool A's is.
    assert_eq!(
        call(
            s.addr(),
            "GetUser",
            &json!({"AccessToken": b["AccessToken"]})
        )
        .status,
        200
    );
}

#[test]
fn claims_are_cognitos() {
    let s = server();
    let (doc, jwks) = discover(&s, POOL_A);
    let issuer = doc["issuer"].as_str().unwrap();
    let a = signed_in(&s, POOL_A, "client-a");
    let id = verify(a["IdToken"].as_str().unwrap(), &jwks, issuer).unwrap();
    let access = verify(a["AccessToken"].as_str().unwrap(), &jwks, issuer).unwrap();
    // Cognito's ID token: the user's attributes, then its own claims; no cognito:groups without groups.
    assert_eq!(
        names(&id),
        BTreeSet::from([
            "sub",
            "email",
            "email_verified",
            "iss",
            "cognito:username",
            "origin_jti",
            "aud",
            "event_id",
            "token_use",
            "auth_time",
            "exp",
            "iat",
            "jti",
        ])
    );
    // The access token of an SDK sign-in: no aud, the client in client_id, the one admin scope. The pool
    // tracks devices, so the device the sign-in was given is named.
    assert_eq!(
        names(&access),
        BTreeSet::from([
            "sub",
            "device_key",
            "iss",
            "client_id",
            "origin_jti",
            "event_id",
            "token_use",
            "scope",
            "auth_time",
            "exp",
            "iat",
            "jti",
            "username",
        ])
    );
    assert_eq!(id["token_use"], "id");
    assert_eq!(access["token_use"], "access");
    assert_eq!(id["aud"], "client-a");
    assert_eq!(access["client_id"], "client-a");
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin");
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(access["username"], "alice");
    assert_eq!(id["email_verified"], json!(true));
    assert_eq!(id["sub"], access["sub"]);
    assert_eq!(id["origin_jti"], access["origin_jti"]);
    assert_eq!(id["event_id"], access["event_id"]);
    assert_ne!(id["jti"], access["jti"]);
    assert_eq!(
        access["device_key"], a["NewDeviceMetadata"]["DeviceKey"],
        "the device issued"
    );
    for c in ["auth_time", "exp", "iat"] {
        assert!(id[c].is_i64() && access[c].is_i64(), "{c} is a number");
    }
    assert_eq!(
        id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(),
        3600
    );
}

#[test]
fn unknown_pools_have_no_documents() {
    let s = server();
    for doc in ["openid-configuration", "jwks.json"] {
        let url = format!("{}/us-east-1_Nope/.well-known/{doc}", s.endpoint());
        assert_eq!(get_url(&s, &url).status, 404, "{doc}");
    }
}
