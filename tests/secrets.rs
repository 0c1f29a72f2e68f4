//! Secret types: `Debug` never shows the secret and shows the redaction; secrets are not `Clone`; the
//! values that must serve once are consumed by value.
//!
//! Consumption is a compile-time property (using a `UserSrp` after `respond` does not compile). It is
//! pinned here by coercing each consuming method to a function pointer that takes the value by value:
//! if a method changed to borrow (`&self`), this file would stop compiling. Together with the types not
//! being `Clone` (nor, therefore, `Copy`), a value cannot be answered twice.

mod common;

use common::StartDevice;

use std::collections::HashMap;
use std::marker::PhantomData;

use cognito_srp_core::{
    AppClient, ChallengeContext, ClientEphemeral, ClientSecret, DeviceCredentials,
    DevicePasswordVerifierChallenge, DeviceSrp, Password, PasswordVerifier,
    PasswordVerifierChallenge, PasswordVerifierResponse, Result, ServerKey, ServerSession,
    SessionKey, Timestamp, UserSrp, hazmat,
};

// ---- Clone detection at compile time (inherent method beats trait method) ----

struct Probe<T>(PhantomData<T>);

/// Fallback when `T` is not `Clone`.
trait NotClone {
    fn is_clone(&self) -> bool {
        false
    }
}

impl<T> NotClone for Probe<T> {}

impl<T: Clone> Probe<T> {
    /// Chosen over the trait method whenever `T: Clone`.
    #[allow(dead_code)]
    fn is_clone(&self) -> bool {
        true
    }
}

macro_rules! is_clone {
    ($t:ty) => {
        Probe::<$t>(PhantomData).is_clone()
    };
}

#[test]
fn clone_probe_works() {
    assert!(is_clone!(String));
    assert!(is_clone!(cognito_srp_core::PoolId));
    assert!(is_clone!(Timestamp));
    assert!(!is_clone!(std::sync::Mutex<u8>));
}

#[test]
fn secret_types_are_not_clone() {
    assert!(!is_clone!(Password), "Password is Clone");
    assert!(!is_clone!(ClientSecret), "ClientSecret is Clone");
    assert!(!is_clone!(DeviceCredentials), "DeviceCredentials is Clone");
    assert!(
        !is_clone!(cognito_srp_core::DevicePassword),
        "DevicePassword is Clone"
    );
    assert!(
        !is_clone!(cognito_srp_core::totp::TotpSecret),
        "TotpSecret is Clone"
    );
    assert!(!is_clone!(ClientEphemeral), "ClientEphemeral is Clone");
    assert!(!is_clone!(SessionKey), "SessionKey is Clone");
    assert!(!is_clone!(ServerSession), "ServerSession is Clone");
    assert!(!is_clone!(ServerKey), "ServerKey is Clone");
    assert!(!is_clone!(UserSrp), "UserSrp is Clone");
    assert!(!is_clone!(DeviceSrp), "DeviceSrp is Clone");
    // `PasswordVerifier` is stored server data (like a password hash), not an ephemeral secret: it is
    // `Clone` on purpose, and only its `Debug` is checked below.
}

// ---- Consumption ----

#[test]
fn one_shot_values_are_consumed_by_value() {
    type Map = HashMap<String, String>;
    let _: fn(UserSrp, &Map, &Password, &Timestamp) -> Result<Map> = UserSrp::respond;
    let _: fn(
        UserSrp,
        &PasswordVerifierChallenge,
        &Password,
        &Timestamp,
    ) -> Result<PasswordVerifierResponse> = UserSrp::respond_to;
    let _: fn(DeviceSrp, &Map, &Timestamp) -> Result<Map> = DeviceSrp::respond;
    let _: fn(
        DeviceSrp,
        &DevicePasswordVerifierChallenge,
        &Timestamp,
    ) -> Result<PasswordVerifierResponse> = DeviceSrp::respond_to;
    let _: fn(ServerSession, &str) -> Result<ServerKey> = ServerSession::finish;
    // An ephemeral key is moved into the login it serves.
    let _: fn(&AppClient, &str, ClientEphemeral) -> Result<UserSrp> =
        AppClient::start_user_srp_with;
    let _: fn(&ChallengeContext, &DeviceCredentials, ClientEphemeral) -> DeviceSrp =
        ChallengeContext::start_device_srp_with;
}

// ---- Debug redaction ----

const PASSWORD: &str = "Correct-Horse-Battery-9!";
const CLIENT_SECRET: &str = "1example23456789client0secret0abcdefghijklmnopqrst";
const DEVICE_PASSWORD: &str = "eKepB+GKdhS1RE/0Fykf2oLKM4Pqy2cK3TNFOoYGLG0Zdv0F4aLVTA==";
/// A recognisable ephemeral secret (distinct bytes so any rendering of it is unlikely by chance).
const A: [u8; 48] = [
    0x9a, 0x31, 0xc4, 0x57, 0xe8, 0x0b, 0x72, 0xd3, 0x46, 0xaf, 0x18, 0x6c, 0xb5, 0x2e, 0x93, 0x7d,
    0x0f, 0xe1, 0x54, 0xc9, 0x38, 0xa6, 0x1b, 0x8e, 0x63, 0xd7, 0x2a, 0xf4, 0x85, 0x19, 0xbc, 0x4e,
    0x71, 0xd2, 0x06, 0xab, 0x5f, 0xe3, 0x37, 0x98, 0xc1, 0x24, 0x7e, 0x5b, 0xf0, 0x89, 0x12, 0x6d,
];
const B: [u8; 48] = [
    0x4c, 0xe7, 0x12, 0xa9, 0x35, 0xdb, 0x68, 0x0e, 0xf3, 0x91, 0x2c, 0xb8, 0x57, 0x0a, 0xd5, 0x63,
    0x1f, 0x84, 0xc2, 0x7b, 0x36, 0xe9, 0x50, 0xad, 0x18, 0x6f, 0xc3, 0x29, 0x94, 0x7e, 0x0d, 0xb1,
    0x45, 0xea, 0x23, 0x98, 0x6c, 0x1d, 0xf7, 0x52, 0xa0, 0x3b, 0xc6, 0x81, 0x0f, 0x74, 0xd9, 0x2e,
];

/// Every rendering of `secret` bytes that a careless `Debug` would produce.
fn byte_renderings(secret: &[u8]) -> Vec<String> {
    let hex = hazmat::hex_lower(secret);
    vec![
        hex.clone(),
        hex.to_uppercase(),
        hazmat::to_hex(secret),
        hazmat::encode_base64(secret),
        format!("{secret:?}"),
        format!("{:?}", &secret[..8]),
        hex[..16].to_owned(),
    ]
}

/// `Debug` (plain and pretty) of `value` contains none of `secrets` and contains `redaction`.
fn assert_redacted<T: std::fmt::Debug>(value: &T, secrets: &[String], redaction: &str) {
    for rendering in [format!("{value:?}"), format!("{value:#?}")] {
        for s in secrets {
            assert!(
                !rendering.contains(s.as_str()),
                "Debug output shows a secret ({s}): {rendering}"
            );
        }
        assert!(
            rendering.contains(redaction),
            "Debug output lacks the redaction {redaction:?}: {rendering}"
        );
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn client_with_secret() -> AppClient {
    AppClient::new("us-east-1_AbCdEf123", "qxjqbvjp0ucvbunzvc6z6e7g0o")
        .expect("valid client")
        .with_secret(ClientSecret::new(CLIENT_SECRET).expect("short"))
}

fn verifier() -> PasswordVerifier {
    let salt = hazmat::parse_hex("SALT", "-1b68bdb2a222c525d694bdb48a52e4e2", 64, true)
        .expect("valid salt");
    let x = hazmat::private_key(&salt, "AbCdEf123", "alice", PASSWORD.as_bytes());
    PasswordVerifier::from_parts(salt, &hazmat::verifier_from_private_key(&x)).expect("verifier")
}

#[test]
fn password_debug_is_redacted() {
    let p = Password::new(PASSWORD).expect("short");
    assert_eq!(format!("{p:?}"), "Password(..)");
    assert_redacted(&p, &strings(&[PASSWORD, "Horse"]), "..");
}

#[test]
fn client_secret_debug_is_redacted() {
    let s = ClientSecret::new(CLIENT_SECRET).expect("short");
    assert_eq!(format!("{s:?}"), "ClientSecret(..)");
    assert_redacted(&s, &strings(&[CLIENT_SECRET, "client0secret"]), "..");
    // An app client holding it does not show it either.
    assert_redacted(
        &client_with_secret(),
        &strings(&[CLIENT_SECRET]),
        "ClientSecret(..)",
    );
}

#[test]
fn device_credentials_debug_is_redacted() {
    let d = common::device_credentials("us-east-1_dev", "-8W66aq8j1", DEVICE_PASSWORD.to_owned())
        .expect("short");
    assert_redacted(&d, &strings(&[DEVICE_PASSWORD, "GKdhS1RE"]), "..");
    // Generated credentials: the generated password is not shown.
    let (generated, _) =
        hazmat::confirm_device_from_random("us-east-1_dev", "-8W66aq8j1", &[0x3c; 40], &[7; 16])
            .expect("short keys");
    let pw = generated.password().expose_secret().to_owned();
    assert_redacted(&generated, &[pw.clone(), pw[..12].to_owned()], "..");
}

#[test]
fn client_ephemeral_debug_is_redacted() {
    let e = hazmat::ephemeral_from_secret(&A).expect("valid a");
    let srp_a = e.srp_a().to_owned();
    assert_redacted(&e, &byte_renderings(&A), "..");
    // The public value is fine to show.
    assert!(format!("{e:?}").contains(&srp_a));
}

#[test]
fn session_key_debug_is_redacted() {
    // A session key is reachable through the server's key.
    let session = hazmat::server_session_from_secret(&B, &verifier()).expect("valid b");
    let a = hazmat::ephemeral_from_secret(&A).expect("valid a");
    let key = session.finish(a.srp_a()).expect("genuine A");
    let bytes = hazmat::server_key_bytes(&key);
    let mut secrets = byte_renderings(&bytes);
    secrets.extend(byte_renderings(&A));
    secrets.extend(byte_renderings(&B));
    assert_redacted(&key, &secrets, "SessionKey(..)");
}

#[test]
fn server_session_debug_is_redacted() {
    let session = hazmat::server_session_from_secret(&B, &verifier()).expect("valid b");
    let srp_b = session.srp_b().to_owned();
    let mut secrets = byte_renderings(&B);
    secrets.extend(byte_renderings(verifier().verifier_bytes()));
    assert_redacted(&session, &secrets, "..");
    assert!(format!("{session:?}").contains(&srp_b));
}

#[test]
fn user_srp_debug_is_redacted() {
    let login = client_with_secret()
        .start_user_srp_with("alice", hazmat::ephemeral_from_secret(&A).expect("valid a"))
        .expect("short");
    let mut secrets = byte_renderings(&A);
    secrets.push(CLIENT_SECRET.to_owned());
    assert_redacted(&login, &secrets, "..");
}

#[test]
fn device_srp_debug_is_redacted() {
    let device =
        common::device_credentials("us-east-1_dev", "-8W66aq8j1", DEVICE_PASSWORD.to_owned())
            .expect("short");
    let login = client_with_secret()
        .start_device_srp_with(
            "alice",
            &device,
            hazmat::ephemeral_from_secret(&A).expect("valid a"),
        )
        .expect("short");
    let mut secrets = byte_renderings(&A);
    secrets.push(CLIENT_SECRET.to_owned());
    secrets.push(DEVICE_PASSWORD.to_owned());
    assert_redacted(&login, &secrets, "..");
}

#[test]
fn password_verifier_debug_is_redacted() {
    let v = verifier();
    let bytes = *v.verifier_bytes();
    let mut secrets = byte_renderings(&bytes);
    // Past the leading zeros of a verifier that happens to start with them.
    secrets.push(hazmat::to_hex(&bytes)[..32].to_owned());
    assert_redacted(&v, &secrets, "..");
    // A device's verifier, loaded from ConfirmDevice's config.
    let (_, config) =
        hazmat::confirm_device_from_random("us-east-1_dev", "-8W66aq8j1", &[0x3c; 40], &[7; 16])
            .expect("short keys");
    let dv = PasswordVerifier::from_device_config(&config).expect("valid config");
    let mut secrets = byte_renderings(dv.verifier_bytes());
    secrets.push(config.password_verifier()[..24].to_owned());
    assert_redacted(&dv, &secrets, "..");
}

#[test]
fn errors_carry_no_secret() {
    // A refused login reports the parameter, not its value.
    let login = client_with_secret()
        .start_user_srp_with("alice", hazmat::ephemeral_from_secret(&A).expect("valid a"))
        .expect("short");
    let challenge: HashMap<String, String> = [
        ("SALT", "zz-not-hex"),
        ("SRP_B", "02"),
        ("SECRET_BLOCK", "AQID"),
        ("USER_ID_FOR_SRP", "alice"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let password = Password::new(PASSWORD).expect("short");
    let ts = Timestamp::parse("Tue Nov 3 09:05:07 UTC 2026").expect("canonical");
    let err = login
        .respond(&challenge, &password, &ts)
        .expect_err("bad salt");
    for rendering in [format!("{err:?}"), err.to_string()] {
        assert!(!rendering.contains("zz-not-hex"), "{rendering}");
        assert!(!rendering.contains(PASSWORD), "{rendering}");
        assert!(!rendering.contains(CLIENT_SECRET), "{rendering}");
    }
}
