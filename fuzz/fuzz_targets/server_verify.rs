//! The server side under hostile input: arbitrary `SRP_A` into `ServerSession::finish`, arbitrary claims
//! into `ServerKey::verify_claim` and `ServerKey::verify_response`. Never a panic; a claim is accepted
//! only when its signature is the HMAC the server's own key gives; an honest client is always accepted.
//!
//! Fields (see `src/lib.rs` for the format):
//! 0. flags: bit 0 honest mode (a real client answers the server's challenge first), bit 1 (honest
//!    mode) the client signs in with field 9 as its password
//! 1. the server's secret `b`, hex (a fixed one when empty or refused)
//! 2. `SRP_A` (honest mode: the client's secret `a`, hex)
//! 3. a claim signature
//! 4. a timestamp
//! 5. the secret block (base64 text)
//! 6. name (pool name or device group key) given to the verification
//! 7. user id given to the verification
//! 8. the issued secret block `verify_response` compares with (empty: field 5)
//! 9. honest mode with bit 1: the password the client uses
//! 10. … `KEY=VALUE` entries overriding the response map

#![no_main]

use std::collections::HashMap;
use std::sync::OnceLock;

use cognito_srp_core::limits::MAX_PUBLIC_VALUE_HEX;
use cognito_srp_core::{
    AppClient, Error, Password, PasswordVerifier, ServerKey, Timestamp, hazmat,
};
use fuzz_input::{claim_mac, field, fields, flags, hex_bytes, lenient_base64, map, modulus, text};
use libfuzzer_sys::fuzz_target;
use num_bigint::BigUint;
use num_traits::Zero;

const POOL_ID: &str = "us-east-1_AbCdEf123";
const POOL_NAME: &str = "AbCdEf123";
const USER: &str = "alice";
const PASSWORD: &str = "Correct-Horse-Battery-9!";
const DEFAULT_B: [u8; 48] = [0xa5; 48];
const DEFAULT_A: [u8; 48] = [0x5a; 48];
const DEFAULT_BLOCK: &str = "c2VjcmV0IGJsb2Nr";

fn verifier() -> &'static PasswordVerifier {
    static V: OnceLock<PasswordVerifier> = OnceLock::new();
    V.get_or_init(|| {
        let salt = cognito_srp_core::hazmat::parse_hex(
            "SALT",
            "-1b68bdb2a222c525d694bdb48a52e4e2",
            64,
            true,
        )
        .expect("valid salt");
        let x = hazmat::private_key(&salt, POOL_NAME, USER, PASSWORD.as_bytes());
        PasswordVerifier::from_parts(salt, &hazmat::verifier_from_private_key(&x))
            .expect("g^x is a residue")
    })
}

fn timestamp() -> Timestamp {
    let t = chrono::DateTime::from_timestamp(1_793_696_707, 0).expect("valid instant");
    Timestamp::from_datetime(&t)
}

/// What `finish` must answer for `srp_a`, decided with num-bigint.
fn expect_finish(srp_a: &str) -> Result<(), &'static str> {
    if srp_a.len() > MAX_PUBLIC_VALUE_HEX {
        return Err("too long");
    }
    if srp_a.is_empty() {
        return Err("empty");
    }
    if !srp_a.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err("not hex");
    }
    let a = BigUint::parse_bytes(srp_a.as_bytes(), 16).expect("hex");
    if (a % modulus()).is_zero() {
        return Err("A = 0 mod N");
    }
    Ok(())
}

/// `verify_claim` accepts exactly the signatures that decode to the server's own HMAC.
fn check_claim(key: &ServerKey, name: &str, user: &str, block: &[u8], ts: &str, sig: &str) {
    let expected = claim_mac(&hazmat::server_key_bytes(key), name, user, block, ts);
    let got = key.verify_claim(name, user, block, ts, sig);
    let genuine = sig.len() <= 256 && lenient_base64(sig).as_deref() == Some(&expected[..]);
    match got {
        Ok(()) => assert!(genuine, "forged claim {sig:?} accepted"),
        Err(Error::TooLong { .. }) => assert!(sig.len() > 256),
        Err(Error::VerificationFailed) => assert!(!genuine, "genuine claim {sig:?} refused"),
        Err(e) => panic!("verify_claim: unexpected error {e:?}"),
    }
    let canonical = cognito_srp_core::hazmat::encode_base64(&expected);
    assert_eq!(key.verify_claim(name, user, block, ts, &canonical), Ok(()));
}

/// `verify_response` accepts a map only when every part of it checks out.
fn check_response(
    key: &ServerKey,
    responses: &HashMap<String, String>,
    name: &str,
    user: &str,
    issued: &str,
) -> Option<Timestamp> {
    let got = key.verify_response(responses, name, user, issued);
    if let Ok(ts) = &got {
        let block = &responses["PASSWORD_CLAIM_SECRET_BLOCK"];
        let sig = &responses["PASSWORD_CLAIM_SIGNATURE"];
        let ts_text = &responses["TIMESTAMP"];
        assert_eq!(block, issued, "a different secret block accepted");
        assert_eq!(ts.as_str(), ts_text, "timestamp not canonical");
        let block_bytes = lenient_base64(block).expect("accepted block is base64");
        let expected = claim_mac(
            &hazmat::server_key_bytes(key),
            name,
            user,
            &block_bytes,
            ts_text,
        );
        assert_eq!(
            lenient_base64(sig).as_deref(),
            Some(&expected[..]),
            "forged response accepted"
        );
    }
    got.ok()
}

fn honest(f: &[&[u8]], flags: u8, session: cognito_srp_core::ServerSession) {
    let v = verifier();
    let block = {
        let t = text(field(f, 5));
        if t.is_empty() || lenient_base64(&t).is_none() || t.len() > 65536 {
            DEFAULT_BLOCK.to_owned()
        } else {
            t
        }
    };
    let challenge: HashMap<String, String> = [
        ("SALT", v.salt().to_signed_hex()),
        ("SRP_B", session.srp_b().to_owned()),
        ("SECRET_BLOCK", block.clone()),
        ("USER_ID_FOR_SRP", USER.to_owned()),
        ("USERNAME", USER.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let typed = text(field(f, 9));
    let (password, right) = if flags & 2 != 0 {
        let right = typed == PASSWORD;
        match Password::new(typed) {
            Ok(p) => (p, right),
            Err(_) => return,
        }
    } else {
        (Password::new(PASSWORD).expect("short"), true)
    };
    let ephemeral = hazmat::ephemeral_from_secret(&hex_bytes(field(f, 2)))
        .or_else(|_| hazmat::ephemeral_from_secret(&DEFAULT_A))
        .expect("valid a");
    let client = AppClient::new(POOL_ID, "qxjqbvjp0ucvbunzvc6z6e7g0o").expect("valid client");
    let login = client
        .start_user_srp_with(USER, ephemeral)
        .expect("short user");
    let srp_a = login.srp_a().to_owned();
    let ts = timestamp();
    let response = login
        .respond(&challenge, &password, &ts)
        .expect("the client answers a genuine challenge");
    let key = session
        .finish(&srp_a)
        .expect("the server accepts a genuine A");
    let accepted = check_response(&key, &response, POOL_NAME, USER, &block);
    assert_eq!(
        accepted.is_some(),
        right,
        "honest client with {} password: accepted = {}",
        if right { "the right" } else { "a wrong" },
        accepted.is_some()
    );
    if !right {
        return;
    }
    // Tampered responses: each override must be refused unless it changes nothing that is signed.
    let mut tampered = response.clone();
    tampered.extend(map(f.iter().skip(10).copied()));
    let sig = text(field(f, 3));
    if !sig.is_empty() {
        tampered.insert("PASSWORD_CLAIM_SIGNATURE".to_owned(), sig);
    }
    let ts_text = text(field(f, 4));
    if !ts_text.is_empty() {
        tampered.insert("TIMESTAMP".to_owned(), ts_text);
    }
    if let Some(t) = check_response(&key, &tampered, POOL_NAME, USER, &block) {
        assert_eq!(
            t.as_str(),
            ts.as_str(),
            "claim accepted for another timestamp"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let f = fields(data);
    let flags = flags(&f);
    let session = hazmat::server_session_from_secret(&hex_bytes(field(&f, 1)), verifier())
        .or_else(|_| hazmat::server_session_from_secret(&DEFAULT_B, verifier()))
        .expect("valid b");
    if flags & 1 != 0 {
        honest(&f, flags, session);
        return;
    }

    let srp_a = text(field(&f, 2));
    let key = match (session.finish(&srp_a), expect_finish(&srp_a)) {
        (Ok(key), Ok(())) => key,
        (Err(Error::ClientPublicZero), Err("A = 0 mod N"))
        | (Err(Error::TooLong { .. }), Err("too long"))
        | (Err(Error::Empty(_)), Err("empty"))
        | (Err(Error::InvalidHex(_)), Err("not hex")) => return,
        (got, want) => panic!("finish({srp_a:?}) = {got:?}, expected {want:?}"),
    };

    let sig = text(field(&f, 3));
    let ts = text(field(&f, 4));
    let block_text = text(field(&f, 5));
    let name = text(field(&f, 6));
    let user = text(field(&f, 7));
    let block = lenient_base64(&block_text).unwrap_or_else(|| block_text.clone().into_bytes());
    check_claim(&key, &name, &user, &block, &ts, &sig);

    let issued = match text(field(&f, 8)) {
        t if t.is_empty() => block_text.clone(),
        t => t,
    };
    let mut responses: HashMap<String, String> = [
        ("PASSWORD_CLAIM_SECRET_BLOCK", block_text),
        ("TIMESTAMP", ts),
        ("PASSWORD_CLAIM_SIGNATURE", sig),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    responses.extend(map(f.iter().skip(10).copied()));
    check_response(&key, &responses, &name, &user, &issued);
});
