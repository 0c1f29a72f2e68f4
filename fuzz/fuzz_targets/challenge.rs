//! Arbitrary `ChallengeParameters` maps into `UserSrp::respond` (PASSWORD_VERIFIER) and
//! `DeviceSrp::respond` (DEVICE_PASSWORD_VERIFIER): a response or a typed error, never a panic, a large
//! allocation (run with `-malloc_limit_mb`) or a long computation (run with `-timeout`).
//!
//! Fields (see `src/lib.rs` for the format):
//! 0. flags: bit 0 device flow, bit 1 app client with a secret, bit 2 user flow with a device key
//! 1. password (user) or device password (device)
//! 2. pool id (user) or device group key (device)
//! 3. the user name the flow is started with
//! 4. device key
//! 5. the ephemeral secret `a`, hex (a fixed one when empty or refused)
//! 6. … the `ChallengeParameters` entries, `KEY=VALUE`

#![no_main]

use std::collections::HashMap;

use cognito_srp_core::limits::{
    MAX_PUBLIC_VALUE_HEX, MAX_SALT_HEX, MAX_SECRET_BLOCK, MAX_USERNAME,
};
use cognito_srp_core::{
    AppClient, ClientSecret, DeviceCredentials, Error, Password, Timestamp, hazmat,
};
use fuzz_input::{field, fields, flags, hex_bytes, lenient_base64, map, text};
use libfuzzer_sys::fuzz_target;

const DEFAULT_A: [u8; 48] = [0x5a; 48];

/// The bound `PasswordVerifierChallenge::from_parameters` applies to each value it reads.
const USER_BOUNDS: &[(&str, usize)] = &[
    ("SALT", MAX_SALT_HEX),
    ("SRP_B", MAX_PUBLIC_VALUE_HEX),
    ("SECRET_BLOCK", MAX_SECRET_BLOCK),
    ("USER_ID_FOR_SRP", MAX_USERNAME),
    ("USERNAME", MAX_USERNAME),
];

/// The same for `DevicePasswordVerifierChallenge::from_parameters` (other keys, `USER_ID_FOR_SRP`
/// included, are ignored whatever their size).
const DEVICE_BOUNDS: &[(&str, usize)] = &[
    ("SALT", MAX_SALT_HEX),
    ("SRP_B", MAX_PUBLIC_VALUE_HEX),
    ("SECRET_BLOCK", MAX_SECRET_BLOCK),
    ("USERNAME", MAX_USERNAME),
];

fn timestamp() -> Timestamp {
    let t = chrono::DateTime::from_timestamp(1_793_696_707, 0).expect("valid instant");
    Timestamp::from_datetime(&t)
}

fn ephemeral(a: &[u8]) -> cognito_srp_core::ClientEphemeral {
    hazmat::ephemeral_from_secret(a)
        .or_else(|_| hazmat::ephemeral_from_secret(&DEFAULT_A))
        .expect("the default a is valid")
}

/// Checks an outcome against what the challenge map allows.
fn check(
    challenge: &HashMap<String, String>,
    outcome: &Result<HashMap<String, String>, Error>,
    user_key: &str,
    bounds: &[(&str, usize)],
    ts: &Timestamp,
) {
    match outcome {
        Ok(response) => {
            for &(name, max) in bounds {
                if let Some(v) = challenge.get(name) {
                    assert!(v.len() <= max, "{name} of {} bytes accepted", v.len());
                }
            }
            assert_eq!(
                response.get("USERNAME"),
                challenge.get(user_key),
                "response USERNAME is not the challenge's {user_key}"
            );
            assert_eq!(
                response.get("PASSWORD_CLAIM_SECRET_BLOCK"),
                challenge.get("SECRET_BLOCK"),
                "secret block not echoed verbatim"
            );
            assert_eq!(
                response.get("TIMESTAMP").map(String::as_str),
                Some(ts.as_str())
            );
            let sig = response
                .get("PASSWORD_CLAIM_SIGNATURE")
                .expect("a response carries a signature");
            assert_eq!(lenient_base64(sig).map(|s| s.len()), Some(32));
        }
        Err(Error::TooLong { parameter, max }) => {
            if let Some(v) = challenge.get(*parameter) {
                assert!(
                    v.len() > *max,
                    "{parameter} of {} bytes refused as over {max}",
                    v.len()
                );
            }
        }
        Err(Error::MissingParameter(p)) => {
            assert!(
                !challenge.contains_key(*p),
                "{p} is present but reported missing"
            );
        }
        Err(_) => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let f = fields(data);
    let flags = flags(&f);
    let password = text(field(&f, 1));
    let pool_or_group = text(field(&f, 2));
    let username = text(field(&f, 3));
    let device_key = text(field(&f, 4));
    let a = hex_bytes(field(&f, 5));
    let challenge = map(f.iter().skip(6).copied());
    let ts = timestamp();

    let pool_id = if flags & 1 == 0 {
        pool_or_group.clone()
    } else {
        "us-east-1_AbCdEf123".to_owned()
    };
    let Ok(mut client) = AppClient::new(&pool_id, "qxjqbvjp0ucvbunzvc6z6e7g0o") else {
        return;
    };
    if flags & 2 != 0 {
        client = client.with_secret(ClientSecret::new("s3cr3t").expect("short secret"));
    }

    if flags & 1 == 0 {
        let Ok(password) = Password::new(password) else {
            return;
        };
        let Ok(mut login) = client.start_user_srp_with(&username, ephemeral(&a)) else {
            return;
        };
        if flags & 4 != 0 {
            let Ok(l) = login.with_device_key(&device_key) else {
                return;
            };
            login = l;
        }
        let outcome = login.respond(&challenge, &password, &ts);
        check(&challenge, &outcome, "USER_ID_FOR_SRP", USER_BOUNDS, &ts);
    } else {
        let Ok(password) = cognito_srp_core::DevicePassword::new(password) else {
            return;
        };
        let Ok(device) = DeviceCredentials::new(&device_key, &pool_or_group, password) else {
            return;
        };
        // The DEVICE_SRP_AUTH challenge naming `username`.
        let named = std::collections::HashMap::from([("USERNAME".to_owned(), username.clone())]);
        let Ok(context) = client.challenge_context(&named, &std::collections::HashMap::new())
        else {
            return;
        };
        let login = context.start_device_srp_with(&device, ephemeral(&a));
        let outcome = login.respond(&challenge, &ts);
        if let Ok(response) = &outcome {
            assert_eq!(
                response.get("DEVICE_KEY").map(String::as_str),
                Some(device_key.as_str())
            );
        }
        check(&challenge, &outcome, "USERNAME", DEVICE_BOUNDS, &ts);
    }
});
