//! The public API: request maps per flow, the username rules, and typed errors for malformed challenges.
//! Expected maps are written out from SPEC.md, not computed by the crate.

use std::collections::HashMap;

use cognito_srp_core::{
    AppClient, ClientEphemeral, ClientSecret, EphemeralSize, Error, Password,
    PasswordVerifierChallenge, PoolId, SrpAuthFlow, Timestamp, hazmat,
};
use rand::SeedableRng;
use rand::rngs::StdRng;

fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn client() -> AppClient {
    AppClient::new("us-east-1_AbCdEf123", "client123").unwrap()
}

/// a = 1 makes A = g = 2, so the expected SRP_A is known without running the crate's math.
fn login_with_a_one(c: &AppClient, username: &str) -> cognito_srp_core::UserSrp {
    c.start_user_srp_with(username, hazmat::ephemeral_from_secret(&[1]).unwrap())
        .unwrap()
}

#[test]
fn pool_id_splits_at_the_first_underscore() {
    let p = PoolId::new("us-east-1_AbCdEf123").unwrap();
    assert_eq!(
        (p.region(), p.pool_name(), p.as_str()),
        ("us-east-1", "AbCdEf123", "us-east-1_AbCdEf123")
    );
    assert_eq!(PoolId::new("eu-west-1_a_b").unwrap().pool_name(), "a_b");
    assert_eq!(PoolId::new("nounderscore"), Err(Error::InvalidPoolId));
    assert_eq!(PoolId::new(""), Err(Error::InvalidPoolId));
    assert_eq!(AppClient::new("bad", "c").err(), Some(Error::InvalidPoolId));
}

#[test]
fn initiate_auth_parameters_per_flow() {
    let login = login_with_a_one(&client(), "alice");
    assert_eq!(login.srp_a(), "2");
    assert_eq!(SrpAuthFlow::UserSrpAuth.auth_flow(), "USER_SRP_AUTH");
    assert_eq!(SrpAuthFlow::CustomAuth.auth_flow(), "CUSTOM_AUTH");
    assert_eq!(SrpAuthFlow::UserAuth.auth_flow(), "USER_AUTH");
    assert_eq!(
        login.initiate_auth_parameters(SrpAuthFlow::UserSrpAuth),
        map(&[("USERNAME", "alice"), ("SRP_A", "2")])
    );
    assert_eq!(
        login.initiate_auth_parameters(SrpAuthFlow::CustomAuth),
        map(&[
            ("USERNAME", "alice"),
            ("SRP_A", "2"),
            ("CHALLENGE_NAME", "SRP_A")
        ])
    );
    assert_eq!(
        login.initiate_auth_parameters(SrpAuthFlow::UserAuth),
        map(&[
            ("USERNAME", "alice"),
            ("SRP_A", "2"),
            ("PREFERRED_CHALLENGE", "PASSWORD_SRP")
        ])
    );
    // SELECT_CHALLENGE without a name in its parameters: the name sent in InitiateAuth.
    assert_eq!(
        login.select_challenge_responses(&map(&[])),
        Ok(map(&[
            ("USERNAME", "alice"),
            ("ANSWER", "PASSWORD_SRP"),
            ("SRP_A", "2")
        ]))
    );
    // With a name in its parameters: that name, never the typed one.
    assert_eq!(
        login.select_challenge_responses(&map(&[("USERNAME", "04e33d39-uuid")])),
        Ok(map(&[
            ("USERNAME", "04e33d39-uuid"),
            ("ANSWER", "PASSWORD_SRP"),
            ("SRP_A", "2")
        ]))
    );
}

#[test]
fn secret_hash_and_device_key_are_added_where_they_apply() {
    // SECRET_HASH values from the AWS formula, computed independently (Python hmac):
    // base64(HMAC-SHA256("s3cr3t", "alice@example.com" + "client123")) and over the UUID.
    let c = client().with_secret(ClientSecret::new("s3cr3t").unwrap());
    let login = login_with_a_one(&c, "alice@example.com")
        .with_device_key("us-east-1_dev")
        .unwrap();
    let params = login.initiate_auth_parameters(SrpAuthFlow::UserSrpAuth);
    assert_eq!(
        params["SECRET_HASH"],
        "3oRHe3WR8/3iS7+pKVoHosPyR4ClwhKdlubBSWTpAg0="
    );
    assert_eq!(params["DEVICE_KEY"], "us-east-1_dev");
    assert_eq!(params.len(), 4);
    assert_eq!(
        c.secret_hash("0b6c2a9e-1b5c-4f0e-9a7e-3c2d1e0f9a8b")
            .unwrap(),
        "0gehIKsGMnZIakbeZW0RSG6Q59Yf8Wu2AIv+z9LOe0Y="
    );
    assert_eq!(client().secret_hash("alice"), None);
}

fn challenge(salt: &str, srp_b: &str, block: &str) -> HashMap<String, String> {
    map(&[
        ("SALT", salt),
        ("SRP_B", srp_b),
        ("SECRET_BLOCK", block),
        ("USER_ID_FOR_SRP", "alice"),
        ("USERNAME", "alice"),
    ])
}

#[test]
fn malformed_challenges_get_typed_errors() {
    let parse = |m: &HashMap<String, String>| PasswordVerifierChallenge::from_parameters(m).err();
    let good = challenge("ab", "1234", "AAAA");
    assert_eq!(parse(&good), None);
    for missing in ["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP"] {
        let mut m = good.clone();
        m.remove(missing);
        assert_eq!(
            parse(&m),
            Some(Error::MissingParameter(missing)),
            "{missing}"
        );
    }
    assert_eq!(
        parse(&challenge("xy", "1234", "AAAA")),
        Some(Error::InvalidHex("SALT"))
    );
    assert_eq!(
        parse(&challenge("ab", "12g4", "AAAA")),
        Some(Error::InvalidHex("SRP_B"))
    );
    assert_eq!(
        parse(&challenge("ab", "-1234", "AAAA")),
        Some(Error::InvalidHex("SRP_B"))
    );
    assert_eq!(
        parse(&challenge("ab", "", "AAAA")),
        Some(Error::Empty("SRP_B"))
    );
    assert_eq!(
        parse(&challenge("", "1234", "AAAA")),
        Some(Error::Empty("SALT"))
    );
    assert_eq!(
        parse(&challenge("ab", "1234", "A!AA")),
        Some(Error::InvalidBase64("SECRET_BLOCK"))
    );
    assert_eq!(
        parse(&challenge("ab", "0", "AAAA")),
        Some(Error::ServerPublicZero)
    );
    assert_eq!(
        parse(&challenge("ab", "000000", "AAAA")),
        Some(Error::ServerPublicZero)
    );
    // Negative and non-canonical salts are valid.
    assert_eq!(parse(&challenge("-1b68", "1234", "AAAA")), None);
    assert_eq!(parse(&challenge("00ab", "1234", "AAAA")), None);
    // A megabyte of hex is refused by its length, not parsed.
    let huge = "f".repeat(1 << 20);
    assert!(matches!(
        parse(&challenge("ab", &huge, "AAAA")),
        Some(Error::TooLong {
            parameter: "SRP_B",
            ..
        })
    ));
    assert!(matches!(
        parse(&challenge(&huge, "12", "AAAA")),
        Some(Error::TooLong {
            parameter: "SALT",
            ..
        })
    ));
}

#[test]
fn errors_do_not_echo_values() {
    let err = PasswordVerifierChallenge::from_parameters(&challenge("ab", "secretvalue!", "AAAA"))
        .unwrap_err();
    assert_eq!(err.to_string(), "parameter SRP_B is not hexadecimal");
}

#[test]
fn ephemeral_sizes() {
    assert_eq!(EphemeralSize::DEFAULT.bits(), 384);
    assert_eq!(EphemeralSize::REFERENCE.bits(), 1024);
    assert_eq!(EphemeralSize::default(), EphemeralSize::DEFAULT);
    assert_eq!(EphemeralSize::from_bits(256).unwrap().bits(), 256);
    assert_eq!(EphemeralSize::from_bits(255), Err(Error::InvalidExponent));
    assert_eq!(EphemeralSize::from_bits(248), Err(Error::InvalidExponent));
    assert_eq!(EphemeralSize::from_bits(1032), Err(Error::InvalidExponent));
    assert_eq!(
        hazmat::ephemeral_from_secret(&[])
            .err()
            .map(|e| e.to_string()),
        Some(Error::InvalidExponent.to_string())
    );
    assert!(hazmat::ephemeral_from_secret(&[0, 0]).is_err());
    assert!(matches!(
        hazmat::ephemeral_from_secret(&[1; 1025]),
        Err(Error::InvalidExponent)
    ));
    assert!(hazmat::ephemeral_from_secret(&[1; 128]).is_ok());
}

#[test]
fn generated_ephemerals_are_fresh_and_in_range() {
    let a = ClientEphemeral::generate_os();
    let b = ClientEphemeral::generate_os();
    assert_ne!(a.srp_a(), b.srp_a());
    let n = cognito_srp_core::group::n_bytes();
    for e in [&a, &b] {
        assert!(e.public_bytes()[..] < n[..]);
        assert!(!e.srp_a().starts_with('0'));
        assert!(
            e.srp_a()
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
    }
    // Same seed, same A; the RNG is the only source of randomness.
    let x = ClientEphemeral::generate(&mut StdRng::seed_from_u64(5));
    let y = ClientEphemeral::generate(&mut StdRng::seed_from_u64(5));
    assert_eq!(x.srp_a(), y.srp_a());
    let r = ClientEphemeral::generate_with_size(
        &mut StdRng::seed_from_u64(5),
        EphemeralSize::REFERENCE,
    );
    assert_ne!(r.srp_a(), x.srp_a());
}

#[test]
fn timestamp_now_has_cognitos_shape() {
    let now = Timestamp::now();
    let parts: Vec<&str> = now.as_str().split(' ').collect();
    assert_eq!(parts.len(), 6, "{now}");
    assert!(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains(&parts[0]));
    assert!(!parts[2].starts_with('0'));
    assert_eq!(parts[4], "UTC");
    assert_eq!(Timestamp::parse(now.as_str()).unwrap(), now);
}

#[test]
fn respond_uses_the_internal_user_id() {
    // An alias sign-in: the response's USERNAME is USER_ID_FOR_SRP.
    let c = client();
    let login = login_with_a_one(&c, "alice@example.com");
    let mut m = challenge("ab", "1234", "AAAA");
    m.insert("USER_ID_FOR_SRP".into(), "0b6c2a9e".into());
    let ts = Timestamp::parse("Tue Nov 3 09:05:07 UTC 2026").unwrap();
    let r = login
        .respond(&m, &Password::new("pw").unwrap(), &ts)
        .unwrap();
    assert_eq!(r["USERNAME"], "0b6c2a9e");
    assert_eq!(r["PASSWORD_CLAIM_SECRET_BLOCK"], "AAAA");
    assert_eq!(r["TIMESTAMP"], "Tue Nov 3 09:05:07 UTC 2026");
    assert_eq!(r.len(), 4);
}
