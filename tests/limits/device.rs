//! Device values: the device key, the device group key, the device password, and the user name of a
//! device challenge.

use cognito_srp_core::hazmat;
use cognito_srp_core::limits::{MAX_DEVICE_KEY, MAX_DEVICE_PASSWORD, MAX_USERNAME};

use crate::common::{self, StartDevice as _};
use crate::{
    BLOCK, SALT, challenge, client, ephemeral, server, server_key, timestamp, too_long, verifier,
};

#[test]
fn device_key_and_group_key_at_limit_are_accepted() {
    let key = "k".repeat(MAX_DEVICE_KEY);
    let group = "g".repeat(MAX_DEVICE_KEY);
    let password = "p".repeat(MAX_DEVICE_PASSWORD);
    let device = common::device_credentials(&key, &group, password.clone()).expect("at the limit");
    // A whole device login with those values verifies.
    let v = verifier(SALT, &group, &key, &password);
    let session = server(&v);
    let mut map = challenge(&session);
    map.remove("USER_ID_FOR_SRP");
    let response = client()
        .start_device_srp_with("alice", &device, ephemeral())
        .expect("short")
        .respond(&map, &timestamp())
        .expect("accepted at the limit");
    server_key(session)
        .verify_response(&response, &group, &key, BLOCK)
        .expect("the server verifies the device response");
    // DEVICE_KEY on a user login.
    let _ = client()
        .start_user_srp_with("alice", ephemeral())
        .expect("short")
        .with_device_key(&key)
        .expect("at the limit");
    // ConfirmDevice with keys at the limit.
    hazmat::confirm_device_from_random(&key, &group, &[7; 40], &[9; 16]).expect("at the limit");
}

#[test]
fn device_key_past_limit_is_too_long() {
    let long = "k".repeat(MAX_DEVICE_KEY + 1);
    assert_eq!(
        common::device_credentials(&long, "g", "p".to_owned()).map(|_| ()),
        Err(too_long("DEVICE_KEY", MAX_DEVICE_KEY))
    );
    assert_eq!(
        client()
            .start_user_srp_with("alice", ephemeral())
            .expect("short")
            .with_device_key(&long)
            .map(|_| ()),
        Err(too_long("DEVICE_KEY", MAX_DEVICE_KEY))
    );
    assert_eq!(
        hazmat::confirm_device_from_random(&long, "g", &[7; 40], &[9; 16]).map(|_| ()),
        Err(too_long("DEVICE_KEY", MAX_DEVICE_KEY))
    );
}

#[test]
fn device_group_key_past_limit_is_too_long() {
    let long = "g".repeat(MAX_DEVICE_KEY + 1);
    assert_eq!(
        common::device_credentials("k", &long, "p".to_owned()).map(|_| ()),
        Err(too_long("DeviceGroupKey", MAX_DEVICE_KEY))
    );
    assert_eq!(
        hazmat::confirm_device_from_random("k", &long, &[7; 40], &[9; 16]).map(|_| ()),
        Err(too_long("DeviceGroupKey", MAX_DEVICE_KEY))
    );
}

#[test]
fn device_password_at_and_past_limit() {
    assert!(common::device_credentials("k", "g", "p".repeat(MAX_DEVICE_PASSWORD)).is_ok());
    assert_eq!(
        common::device_credentials("k", "g", "p".repeat(MAX_DEVICE_PASSWORD + 1)).map(|_| ()),
        Err(too_long("PASSWORD", MAX_DEVICE_PASSWORD))
    );
}

#[test]
fn device_challenge_username_at_and_past_limit() {
    let device = common::device_credentials("dk", "gk", "pw".to_owned()).expect("short");
    let v = verifier(SALT, "gk", "dk", "pw");
    let answer = |name: String| {
        let mut map = challenge(&server(&v));
        map.remove("USER_ID_FOR_SRP");
        map.insert("USERNAME".to_owned(), name);
        client()
            .start_device_srp_with("alice", &device, ephemeral())
            .expect("short")
            .respond(&map, &timestamp())
            .map(|_| ())
    };
    assert_eq!(answer("n".repeat(MAX_USERNAME)), Ok(()));
    assert_eq!(
        answer("n".repeat(MAX_USERNAME + 1)),
        Err(too_long("USERNAME", MAX_USERNAME))
    );
}
