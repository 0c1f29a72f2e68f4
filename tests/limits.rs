//! Every bound of `src/limits.rs`, at the limit and one past it.
//!
//! At the limit a value is accepted (or refused for another reason than its size); one byte over it is
//! refused with `Error::TooLong { parameter, max }` naming the value and its bound. Server values are
//! padded with leading zeros where that keeps them meaningful, so "accepted at the limit" means a whole
//! login that the server side verifies.

mod common;

use common::StartDevice;

use std::collections::HashMap;

use cognito_srp_core::limits::{
    MAX_CLAIM_SIGNATURE, MAX_CLIENT_ID, MAX_CLIENT_SECRET, MAX_DEVICE_KEY, MAX_DEVICE_PASSWORD,
    MAX_PASSWORD, MAX_POOL_ID, MAX_PUBLIC_VALUE_HEX, MAX_SALT_HEX, MAX_SECRET_BLOCK, MAX_TIMESTAMP,
    MAX_USERNAME,
};
use cognito_srp_core::{
    AppClient, ClientSecret, Error, Password, PasswordVerifier, PoolId, ServerKey, ServerSession,
    Timestamp, hazmat,
};

const POOL_ID: &str = "us-east-1_AbCdEf123";
const POOL_NAME: &str = "AbCdEf123";
const CLIENT_ID: &str = "qxjqbvjp0ucvbunzvc6z6e7g0o";
const USER: &str = "04e33d39-55ea-46af-8d63-872fe6a3e2d8";
const PASSWORD: &str = "Correct-Horse-Battery-9!";
const SALT: &str = "-1b68bdb2a222c525d694bdb48a52e4e2";
const BLOCK: &str = "c2VjcmV0IGJsb2Nr";

fn too_long(parameter: &'static str, max: usize) -> Error {
    Error::TooLong { parameter, max }
}

fn timestamp() -> Timestamp {
    Timestamp::parse("Tue Nov 3 09:05:07 UTC 2026").expect("canonical timestamp")
}

/// A stored verifier for (`name`, `user`, `password`) with the salt given as text.
fn verifier(salt: &str, name: &str, user: &str, password: &str) -> PasswordVerifier {
    let salt = hazmat::parse_hex("SALT", salt, MAX_SALT_HEX, true).expect("salt");
    let x = hazmat::private_key(&salt, name, user, password.as_bytes());
    PasswordVerifier::from_parts(salt, &hazmat::verifier_from_private_key(&x)).expect("verifier")
}

fn server(v: &PasswordVerifier) -> ServerSession {
    hazmat::server_session_from_secret(&[0xb5; 48], v).expect("valid b")
}

fn client() -> AppClient {
    AppClient::new(POOL_ID, CLIENT_ID).expect("valid client")
}

fn ephemeral() -> cognito_srp_core::ClientEphemeral {
    hazmat::ephemeral_from_secret(&[0x5a; 48]).expect("valid a")
}

/// `s` with leading `0`s up to `len` characters (`-` kept in front).
fn zero_pad(s: &str, len: usize) -> String {
    let (sign, digits) = match s.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", s),
    };
    format!(
        "{sign}{}{digits}",
        "0".repeat(len - sign.len() - digits.len())
    )
}

/// A genuine `PASSWORD_VERIFIER` challenge for `USER` from a server session.
fn challenge(session: &ServerSession) -> HashMap<String, String> {
    [
        ("SALT", SALT.to_owned()),
        ("SRP_B", session.srp_b().to_owned()),
        ("SECRET_BLOCK", BLOCK.to_owned()),
        ("USER_ID_FOR_SRP", USER.to_owned()),
        ("USERNAME", "alice".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The user flow answering `challenge`.
fn respond(challenge: &HashMap<String, String>) -> Result<HashMap<String, String>, Error> {
    let password = Password::new(PASSWORD).expect("short password");
    client()
        .start_user_srp_with("alice", ephemeral())
        .expect("short user name")
        .respond(challenge, &password, &timestamp())
}

/// A server key for the client `ephemeral()` against `session`.
fn server_key(session: ServerSession) -> ServerKey {
    session.finish(ephemeral().srp_a()).expect("genuine A")
}

/// Answers `challenge` (possibly altered by `edit`) and checks the server accepts the response for
/// `user_id` and `block`.
fn login_with(edit: impl FnOnce(&mut HashMap<String, String>), user_id: &str, block: &str) {
    let v = verifier(SALT, POOL_NAME, user_id, PASSWORD);
    let session = server(&v);
    let mut map = challenge(&session);
    map.insert("USER_ID_FOR_SRP".to_owned(), user_id.to_owned());
    map.insert("SECRET_BLOCK".to_owned(), block.to_owned());
    edit(&mut map);
    let response = respond(&map).expect("accepted at the limit");
    server_key(session)
        .verify_response(&response, POOL_NAME, user_id, block)
        .expect("the server verifies the response");
}

/// The challenge with one value replaced, answered.
fn respond_with(key: &str, value: String) -> Result<HashMap<String, String>, Error> {
    let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
    let mut map = challenge(&server(&v));
    map.insert(key.to_owned(), value);
    respond(&map)
}

// ---- Server values in a PASSWORD_VERIFIER challenge ----

#[test]
fn srp_b_at_limit_is_accepted() {
    let session_b = {
        let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
        server(&v).srp_b().to_owned()
    };
    let padded = zero_pad(&session_b, MAX_PUBLIC_VALUE_HEX);
    assert_eq!(padded.len(), MAX_PUBLIC_VALUE_HEX);
    // Leading zeros do not change the integer, so u and the claim are those of the plain B.
    login_with(
        |m| {
            m.insert("SRP_B".to_owned(), padded);
        },
        USER,
        BLOCK,
    );
}

#[test]
fn srp_b_past_limit_is_too_long() {
    let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
    let b = zero_pad(server(&v).srp_b(), MAX_PUBLIC_VALUE_HEX + 1);
    assert_eq!(
        respond_with("SRP_B", b),
        Err(too_long("SRP_B", MAX_PUBLIC_VALUE_HEX))
    );
}

#[test]
fn salt_at_limit_is_accepted() {
    // Signed, zero-padded to the bound: the same integer, so the same x and a verifying login.
    let salt = zero_pad(SALT, MAX_SALT_HEX);
    assert_eq!(salt.len(), MAX_SALT_HEX);
    login_with(
        |m| {
            m.insert("SALT".to_owned(), salt);
        },
        USER,
        BLOCK,
    );
}

#[test]
fn salt_past_limit_is_too_long() {
    assert_eq!(
        respond_with("SALT", zero_pad(SALT, MAX_SALT_HEX + 1)),
        Err(too_long("SALT", MAX_SALT_HEX))
    );
    assert_eq!(
        respond_with("SALT", "f".repeat(MAX_SALT_HEX + 1)),
        Err(too_long("SALT", MAX_SALT_HEX))
    );
}

#[test]
fn secret_block_at_limit_is_accepted() {
    // 3/4 of the bound in bytes encodes to exactly the bound in padded base64.
    let block = hazmat::encode_base64(&vec![0x42; MAX_SECRET_BLOCK / 4 * 3]);
    assert_eq!(block.len(), MAX_SECRET_BLOCK);
    login_with(|_| {}, USER, &block);
}

#[test]
fn secret_block_past_limit_is_too_long() {
    let mut block = hazmat::encode_base64(&vec![0x42; MAX_SECRET_BLOCK / 4 * 3]);
    block.push('A');
    assert_eq!(
        respond_with("SECRET_BLOCK", block),
        Err(too_long("SECRET_BLOCK", MAX_SECRET_BLOCK))
    );
}

#[test]
fn user_id_for_srp_at_limit_is_accepted() {
    // Bytes, not characters: 1024 two-byte characters.
    let user = "é".repeat(MAX_USERNAME / 2);
    assert_eq!(user.len(), MAX_USERNAME);
    login_with(|_| {}, &user, BLOCK);
}

#[test]
fn user_id_for_srp_past_limit_is_too_long() {
    assert_eq!(
        respond_with("USER_ID_FOR_SRP", "u".repeat(MAX_USERNAME + 1)),
        Err(too_long("USER_ID_FOR_SRP", MAX_USERNAME))
    );
    assert_eq!(
        respond_with(
            "USER_ID_FOR_SRP",
            format!("{}x", "é".repeat(MAX_USERNAME / 2))
        ),
        Err(too_long("USER_ID_FOR_SRP", MAX_USERNAME))
    );
}

#[test]
fn username_at_limit_is_accepted() {
    let name = "n".repeat(MAX_USERNAME);
    login_with(
        |m| {
            m.insert("USERNAME".to_owned(), name);
        },
        USER,
        BLOCK,
    );
}

#[test]
fn username_past_limit_is_too_long() {
    assert_eq!(
        respond_with("USERNAME", "n".repeat(MAX_USERNAME + 1)),
        Err(too_long("USERNAME", MAX_USERNAME))
    );
}

#[test]
fn ten_megabyte_srp_b_and_secret_block_are_refused_by_size() {
    let huge = "f".repeat(10 * 1024 * 1024);
    assert_eq!(
        respond_with("SRP_B", huge.clone()),
        Err(too_long("SRP_B", MAX_PUBLIC_VALUE_HEX))
    );
    let huge_block = "QUFB".repeat(10 * 1024 * 1024 / 4);
    assert_eq!(
        respond_with("SECRET_BLOCK", huge_block.clone()),
        Err(too_long("SECRET_BLOCK", MAX_SECRET_BLOCK))
    );

    // The same through the device flow and the server's SRP_A.
    let device = common::device_credentials("dk", "gk", "pw".to_owned()).expect("short");
    let v = verifier(SALT, "gk", "dk", "pw");
    let mut map = challenge(&server(&v));
    map.remove("USER_ID_FOR_SRP");
    map.insert("SRP_B".to_owned(), huge.clone());
    let login = client()
        .start_device_srp_with("alice", &device, ephemeral())
        .expect("short");
    assert_eq!(
        login.respond(&map, &timestamp()),
        Err(too_long("SRP_B", MAX_PUBLIC_VALUE_HEX))
    );
    map.insert("SRP_B".to_owned(), server(&v).srp_b().to_owned());
    map.insert("SECRET_BLOCK".to_owned(), huge_block);
    let login = client()
        .start_device_srp_with("alice", &device, ephemeral())
        .expect("short");
    assert_eq!(
        login.respond(&map, &timestamp()),
        Err(too_long("SECRET_BLOCK", MAX_SECRET_BLOCK))
    );
    assert!(matches!(
        server(&v).finish(&huge),
        Err(Error::TooLong {
            parameter: "SRP_A",
            max: MAX_PUBLIC_VALUE_HEX
        })
    ));
}

// ---- Device values ----

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

// ---- Caller inputs ----

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

// ---- Server side: SRP_A, claim signature, timestamp ----

#[test]
fn srp_a_at_limit_is_accepted() {
    let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
    let session = server(&v);
    let map = challenge(&session);
    let response = respond(&map).expect("genuine challenge");
    let a = zero_pad(ephemeral().srp_a(), MAX_PUBLIC_VALUE_HEX);
    assert_eq!(a.len(), MAX_PUBLIC_VALUE_HEX);
    session
        .finish(&a)
        .expect("A at the limit")
        .verify_response(&response, POOL_NAME, USER, BLOCK)
        .expect("leading zeros do not change the key");
}

#[test]
fn srp_a_past_limit_is_too_long() {
    let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
    let a = zero_pad(ephemeral().srp_a(), MAX_PUBLIC_VALUE_HEX + 1);
    assert!(matches!(
        server(&v).finish(&a),
        Err(Error::TooLong {
            parameter: "SRP_A",
            max: MAX_PUBLIC_VALUE_HEX
        })
    ));
}

/// A server key and the genuine response of a login.
fn verified_login() -> (ServerKey, HashMap<String, String>) {
    let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
    let session = server(&v);
    let response = respond(&challenge(&session)).expect("genuine");
    (server_key(session), response)
}

#[test]
fn claim_signature_at_and_past_limit() {
    let (key, response) = verified_login();
    let ts = timestamp();
    let block = hazmat::decode_base64("B", BLOCK, 64).expect("base64");
    // At the limit: read, and refused because it is not the claim.
    let at = "A".repeat(MAX_CLAIM_SIGNATURE);
    assert_eq!(
        key.verify_claim(POOL_NAME, USER, &block, ts.as_str(), &at),
        Err(Error::VerificationFailed)
    );
    let past = "A".repeat(MAX_CLAIM_SIGNATURE + 1);
    assert_eq!(
        key.verify_claim(POOL_NAME, USER, &block, ts.as_str(), &past),
        Err(too_long("PASSWORD_CLAIM_SIGNATURE", MAX_CLAIM_SIGNATURE))
    );
    let mut map = response.clone();
    map.insert("PASSWORD_CLAIM_SIGNATURE".to_owned(), at);
    assert_eq!(
        key.verify_response(&map, POOL_NAME, USER, BLOCK)
            .map(|_| ()),
        Err(Error::VerificationFailed)
    );
    map.insert("PASSWORD_CLAIM_SIGNATURE".to_owned(), past);
    assert_eq!(
        key.verify_response(&map, POOL_NAME, USER, BLOCK)
            .map(|_| ()),
        Err(too_long("PASSWORD_CLAIM_SIGNATURE", MAX_CLAIM_SIGNATURE))
    );
    // The genuine response still verifies.
    assert!(
        key.verify_response(&response, POOL_NAME, USER, BLOCK)
            .is_ok()
    );
}

#[test]
fn timestamp_at_and_past_limit() {
    let (key, response) = verified_login();
    let at = "T".repeat(MAX_TIMESTAMP);
    assert_eq!(Timestamp::parse(&at), Err(Error::InvalidTimestamp));
    assert_eq!(
        Timestamp::parse(&format!("{at}T")),
        Err(too_long("TIMESTAMP", MAX_TIMESTAMP))
    );
    let mut map = response;
    map.insert("TIMESTAMP".to_owned(), at.clone());
    assert_eq!(
        key.verify_response(&map, POOL_NAME, USER, BLOCK)
            .map(|_| ()),
        Err(Error::InvalidTimestamp)
    );
    map.insert("TIMESTAMP".to_owned(), format!("{at}T"));
    assert_eq!(
        key.verify_response(&map, POOL_NAME, USER, BLOCK)
            .map(|_| ()),
        Err(too_long("TIMESTAMP", MAX_TIMESTAMP))
    );
}

#[test]
fn echoed_secret_block_past_limit_is_too_long() {
    let (key, response) = verified_login();
    let mut map = response;
    map.insert(
        "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
        "A".repeat(MAX_SECRET_BLOCK + 1),
    );
    assert_eq!(
        key.verify_response(&map, POOL_NAME, USER, BLOCK)
            .map(|_| ()),
        Err(too_long("PASSWORD_CLAIM_SECRET_BLOCK", MAX_SECRET_BLOCK))
    );
}

#[test]
fn secret_block_not_echoed_is_its_own_refusal() {
    let (key, response) = verified_login();
    let mut map = response.clone();
    map.insert(
        "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
        "b3RoZXI=".to_owned(),
    );
    assert_eq!(
        key.verify_response(&map, POOL_NAME, USER, BLOCK)
            .map(|_| ()),
        Err(Error::SecretBlockMismatch)
    );
    // The genuine response verifies.
    assert!(
        key.verify_response(&response, POOL_NAME, USER, BLOCK)
            .is_ok()
    );
}

#[test]
fn claim_signature_forms() {
    let (key, response) = verified_login();
    let ts = timestamp();
    let block = hazmat::decode_base64("B", BLOCK, 64).expect("base64");
    let genuine = response["PASSWORD_CLAIM_SIGNATURE"].clone();
    assert_eq!(genuine.len(), 44);
    let verify = |sig: &str| key.verify_claim(POOL_NAME, USER, &block, ts.as_str(), sig);
    assert_eq!(verify(&genuine), Ok(()));
    // Unpadded, and the URL-safe alphabet (padded or not): the same 32 bytes.
    let unpadded = genuine.trim_end_matches('=').to_owned();
    assert_eq!(verify(&unpadded), Ok(()));
    let url_safe = genuine.replace('+', "-").replace('/', "_");
    assert_eq!(verify(&url_safe), Ok(()));
    assert_eq!(verify(url_safe.trim_end_matches('=')), Ok(()));
    // Refused: other lengths, a changed character, a non-`=` last character.
    assert_eq!(verify(&genuine[..42]), Err(Error::VerificationFailed));
    assert_eq!(
        verify(&format!("{genuine}=")),
        Err(Error::VerificationFailed)
    );
    let mut changed = genuine.clone().into_bytes();
    changed[10] = if changed[10] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        verify(std::str::from_utf8(&changed).unwrap()),
        Err(Error::VerificationFailed)
    );
    let mut last = genuine.clone().into_bytes();
    last[43] = b'A';
    assert_eq!(
        verify(std::str::from_utf8(&last).unwrap()),
        Err(Error::VerificationFailed)
    );
}

#[test]
fn claim_signature_mixing_alphabets_is_refused() {
    // A genuine signature with both a standard-only and a URL-safe-only character decodes in neither
    // alphabet. Search logins until the signature has two of `+`, `/` to rewrite one of them.
    for seed in 0u8..=255 {
        let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
        let session =
            hazmat::server_session_from_secret(&[seed | 1, 0xb5, 7], &v).expect("valid b");
        let response = respond(&challenge(&session)).expect("genuine");
        let key = server_key(session);
        let sig = response["PASSWORD_CLAIM_SIGNATURE"].clone();
        let specials: Vec<usize> = sig
            .char_indices()
            .filter(|(_, c)| *c == '+' || *c == '/')
            .map(|(i, _)| i)
            .collect();
        if specials.len() < 2 {
            continue;
        }
        let mut mixed = sig.into_bytes();
        let i = specials[0];
        mixed[i] = if mixed[i] == b'+' { b'-' } else { b'_' };
        let block = hazmat::decode_base64("B", BLOCK, 64).expect("base64");
        let ts = timestamp();
        assert_eq!(
            key.verify_claim(
                POOL_NAME,
                USER,
                &block,
                ts.as_str(),
                std::str::from_utf8(&mixed).unwrap()
            ),
            Err(Error::VerificationFailed)
        );
        return;
    }
    panic!("no signature with two of '+' and '/' in 256 logins");
}
