//! Caller inputs: the password, the pool id, the client id, the client secret and the user name.

use cognito_srp_core::limits::{
    MAX_CLIENT_ID, MAX_CLIENT_SECRET, MAX_PASSWORD, MAX_POOL_ID, MAX_USERNAME,
};
use cognito_srp_core::{AppClient, ClientSecret, Error, Password, PoolId};

use crate::common::{self, StartDevice as _};
use crate::{
    BLOCK, CLIENT_ID, POOL_ID, POOL_NAME, SALT, USER, challenge, client, ephemeral, server,
    server_key, timestamp, too_long, verifier,
};

#[test]
fn password_at_and_past_limit() {
    // Bytes of UTF-8, not characters.
    assert!(Password::new("p".repeat(MAX_PASSWORD)).is_ok());
    assert!(Password::new("é".repeat(MAX_PASSWORD / 2)).is_ok());
    assert_eq!(
        Password::new("p".repeat(MAX_PASSWORD + 1)).map(|_| ()),
        Err(too_long("PASSWORD", MAX_PASSWORD))
    );
    assert_eq!(
        Password::new(format!("{}x", "é".repeat(MAX_PASSWORD / 2))).map(|_| ()),
        Err(too_long("PASSWORD", MAX_PASSWORD))
    );
}

#[test]
fn password_at_limit_logs_in() {
    let password = "p".repeat(MAX_PASSWORD);
    let v = verifier(SALT, POOL_NAME, USER, &password);
    let session = server(&v);
    let response = client()
        .start_user_srp_with("alice", ephemeral())
        .expect("short")
        .respond(
            &challenge(&session),
            &Password::new(password).expect("at the limit"),
            &timestamp(),
        )
        .expect("accepted");
    server_key(session)
        .verify_response(&response, POOL_NAME, USER, BLOCK)
        .expect("verifies");
}

#[test]
fn pool_id_at_and_past_limit() {
    let at = format!("us-east-1_{}", "p".repeat(MAX_POOL_ID - "us-east-1_".len()));
    assert_eq!(at.len(), MAX_POOL_ID);
    assert!(PoolId::new(at.clone()).is_ok());
    assert!(AppClient::new(&at, CLIENT_ID).is_ok());
    // At the limit without '_': refused, but not for its size.
    assert_eq!(
        PoolId::new("p".repeat(MAX_POOL_ID)),
        Err(Error::InvalidPoolId)
    );
    let past = format!("{at}p");
    assert_eq!(
        PoolId::new(past.clone()),
        Err(too_long("UserPoolId", MAX_POOL_ID))
    );
    assert_eq!(
        AppClient::new(&past, CLIENT_ID).map(|_| ()),
        Err(too_long("UserPoolId", MAX_POOL_ID))
    );
}

#[test]
fn client_id_at_and_past_limit() {
    assert!(AppClient::new(POOL_ID, &"c".repeat(MAX_CLIENT_ID)).is_ok());
    assert_eq!(
        AppClient::new(POOL_ID, &"c".repeat(MAX_CLIENT_ID + 1)).map(|_| ()),
        Err(too_long("ClientId", MAX_CLIENT_ID))
    );
}

#[test]
fn client_secret_at_and_past_limit() {
    let secret = ClientSecret::new("s".repeat(MAX_CLIENT_SECRET)).expect("at the limit");
    let c = client().with_secret(secret);
    assert!(c.secret_hash("alice").is_some());
    assert_eq!(
        ClientSecret::new("s".repeat(MAX_CLIENT_SECRET + 1)).map(|_| ()),
        Err(too_long("ClientSecret", MAX_CLIENT_SECRET))
    );
}

#[test]
fn caller_username_at_and_past_limit() {
    assert!(
        client()
            .start_user_srp_with(&"u".repeat(MAX_USERNAME), ephemeral())
            .is_ok()
    );
    assert_eq!(
        client()
            .start_user_srp_with(&"u".repeat(MAX_USERNAME + 1), ephemeral())
            .map(|_| ()),
        Err(too_long("USERNAME", MAX_USERNAME))
    );
    let device = common::device_credentials("dk", "gk", "pw".to_owned()).expect("short");
    assert!(
        client()
            .start_device_srp_with(&"u".repeat(MAX_USERNAME), &device, ephemeral())
            .is_ok()
    );
    assert_eq!(
        client()
            .start_device_srp_with(&"u".repeat(MAX_USERNAME + 1), &device, ephemeral())
            .map(|_| ()),
        Err(too_long("USERNAME", MAX_USERNAME))
    );
}
