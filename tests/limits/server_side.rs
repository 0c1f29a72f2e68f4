//! The server side: `SRP_A`, the claim signature (its bound and the forms it accepts), the timestamp
//! and the echoed secret block.

use std::collections::HashMap;

use cognito_srp_core::limits::{
    MAX_CLAIM_SIGNATURE, MAX_PUBLIC_VALUE_HEX, MAX_SECRET_BLOCK, MAX_TIMESTAMP,
};
use cognito_srp_core::{Error, ServerKey, Timestamp, hazmat};

use crate::{
    BLOCK, PASSWORD, POOL_NAME, SALT, USER, challenge, ephemeral, respond, server, server_key,
    timestamp, too_long, verifier, zero_pad,
};

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
