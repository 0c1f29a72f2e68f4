//! Ephemeral secrets injected through `hazmat` from 1 byte to 1024 bytes (the length published
//! known answers use), against num-bigint as the oracle.
//!
//! Expected values come from `num_bigint::BigUint::modpow`; u and x come from the crate's trace (their
//! hashing is covered by the known-answer vectors) and enter only the oracle's exponent.

use cognito_srp_core::group::{K, N_HEX};
use cognito_srp_core::{
    AppClient, HexInteger, Password, PasswordVerifier, PasswordVerifierChallenge, Timestamp, hazmat,
};
use num_bigint::BigUint;
use std::collections::HashMap;

fn n() -> BigUint {
    BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap()
}

fn secret(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(151).wrapping_add(seed) | 1)
        .collect()
}

fn login_with(a: &[u8], b: &[u8]) {
    let pool = "AbCdEf123";
    let user = "04e33d39-55ea-46af-8d63-872fe6a3e2d8";
    let password = Password::new("Correct-Horse-Battery-9!").unwrap();
    let salt = HexInteger::parse_salt("-1b68bdb2a222c525d694bdb48a52e4e2").unwrap();
    let verifier = PasswordVerifier::from_password(salt.clone(), pool, user, &password);
    let session = hazmat::server_session_from_secret(b, &verifier).unwrap();
    // B = k·v + g^b mod N.
    let n = n();
    let v = BigUint::from_bytes_be(verifier.verifier_bytes());
    let k = BigUint::from_bytes_be(&K);
    let g = BigUint::from(2u8);
    let b_int = BigUint::from_bytes_be(b);
    let want_b = (&k * &v + g.modpow(&b_int, &n)) % &n;
    assert_eq!(
        BigUint::parse_bytes(session.srp_b().as_bytes(), 16).unwrap(),
        want_b,
        "B for a {}-byte b",
        b.len()
    );

    let ephemeral = hazmat::ephemeral_from_secret(a).unwrap();
    let a_int = BigUint::from_bytes_be(a);
    assert_eq!(
        BigUint::from_bytes_be(ephemeral.public_bytes()),
        g.modpow(&a_int, &n),
        "A for a {}-byte a",
        a.len()
    );
    let client = AppClient::new("us-east-1_AbCdEf123", "client").unwrap();
    let login = client.start_user_srp_with("alice", ephemeral).unwrap();
    let srp_a = login.srp_a().to_owned();
    let challenge = PasswordVerifierChallenge::from_parameters(&HashMap::from([
        ("SALT".to_owned(), salt.to_signed_hex()),
        ("SRP_B".to_owned(), session.srp_b().to_owned()),
        ("SECRET_BLOCK".to_owned(), "AQID".to_owned()),
        ("USER_ID_FOR_SRP".to_owned(), user.to_owned()),
    ]))
    .unwrap();
    let ts = Timestamp::parse("Tue Nov 3 09:05:07 UTC 2026").unwrap();
    let trace = hazmat::user_srp_trace(login, &challenge, &password, &ts).unwrap();
    // S = (B − k·g^x)^(a + u·x) mod N.
    let x = BigUint::from_bytes_be(&trace.x);
    let u = BigUint::from_bytes_be(&trace.u);
    let gx = g.modpow(&x, &n);
    let base = (&want_b + &n * &k - (&k * &gx) % &n) % &n;
    let want_s = base.modpow(&(&a_int + &u * &x), &n);
    assert_eq!(
        BigUint::from_bytes_be(&trace.premaster),
        want_s,
        "S for a {}-byte a",
        a.len()
    );
    // The server, with its long b, derives the same key and accepts the claim.
    let key = session.finish(&srp_a).unwrap();
    assert_eq!(hazmat::server_key_bytes(&key), trace.key);
    let responses = trace.response.into_parameters();
    assert!(key.verify_response(&responses, pool, user, "AQID").is_ok());
}

#[test]
fn four_byte_secrets() {
    login_with(&secret(4, 3), &secret(4, 7));
}

#[test]
fn one_byte_secrets() {
    login_with(&[1], &[0xff]);
}

#[test]
fn kilobyte_secrets() {
    login_with(&secret(1024, 5), &secret(1024, 9));
}

#[test]
fn mixed_lengths_cross_the_engine_capacity() {
    // 256 bytes fits the engine; a + u·x then needs 2049 bits and takes the chunked path.
    login_with(&secret(256, 11), &secret(257, 13));
}
