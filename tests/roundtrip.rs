//! Property tests: the client and the server side agree, a wrong password never verifies, and no string in
//! any challenge field makes the client panic.

mod common;

use common::StartDevice;

use std::collections::HashMap;

use cognito_srp_core::{
    AppClient, ClientSecret, DeviceCredentials, Error, Password, PasswordVerifier, ServerSession,
    Timestamp, secret_hash,
};
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

fn fixed_time() -> Timestamp {
    Timestamp::from_datetime(&chrono::DateTime::parse_from_rfc3339("2026-11-03T09:05:07Z").unwrap())
}

fn map(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Runs a whole user sign-in against the crate's server side; returns the server's verdict.
fn sign_in(
    seed: u64,
    pool_name: &str,
    user_id: &str,
    alias: &str,
    stored_password: &str,
    typed_password: &str,
    secret_block: &[u8],
) -> Result<(), Error> {
    let mut rng = StdRng::seed_from_u64(seed);
    let verifier = PasswordVerifier::generate(
        &mut rng,
        pool_name,
        user_id,
        &Password::new(stored_password)?,
    );
    let client = AppClient::new(&format!("eu-west-1_{pool_name}"), "client")?
        .with_secret(ClientSecret::new("s3cr3t")?);
    let login = client.start_user_srp(alias, &mut rng)?;
    let server = ServerSession::start(&mut rng, &verifier);
    let block = cognito_srp_core::hazmat::encode_base64(secret_block);
    let challenge = map(&[
        ("SALT", &verifier.salt().to_signed_hex()),
        ("SRP_B", server.srp_b()),
        ("SECRET_BLOCK", &block),
        ("USERNAME", user_id),
        ("USER_ID_FOR_SRP", user_id),
    ]);
    let srp_a = login.srp_a().to_owned();
    let responses = login.respond(&challenge, &Password::new(typed_password)?, &fixed_time())?;
    // SECRET_HASH in the response is over the internal user id, never the alias.
    assert_eq!(
        responses["SECRET_HASH"],
        secret_hash("s3cr3t", user_id, "client")
    );
    assert_eq!(responses["USERNAME"], user_id);
    let key = server.finish(&srp_a)?;
    key.verify_response(&responses, pool_name, user_id, &block)
        .map(|_| ())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn client_and_server_agree(
        seed in any::<u64>(),
        pool_name in "[A-Za-z0-9]{1,12}",
        user_id in "[a-z0-9-]{1,36}",
        alias in "\\PC{0,20}",
        password in "\\PC{0,40}",
        secret_block in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        prop_assert_eq!(sign_in(seed, &pool_name, &user_id, &alias, &password, &password, &secret_block), Ok(()));
    }

    #[test]
    fn wrong_password_never_verifies(
        seed in any::<u64>(),
        password in "\\PC{0,24}",
        other in "\\PC{0,24}",
    ) {
        prop_assume!(password != other);
        prop_assert_eq!(
            sign_in(seed, "Pool1", "user-1", "alias", &password, &other, b"block"),
            Err(Error::VerificationFailed)
        );
    }

    #[test]
    fn device_sign_in_round_trips(seed in any::<u64>(), device_key in "[a-z0-9_-]{1,40}", group in "[A-Za-z0-9-]{1,12}") {
        let mut rng = StdRng::seed_from_u64(seed);
        let (device, config) = DeviceCredentials::confirm_device(&device_key, &group, &mut rng).unwrap();
        let verifier = PasswordVerifier::from_device_config(&config).unwrap();
        // Stored and loaded back: the same credentials work.
        let device = common::device_credentials(device.device_key(), device.device_group_key(), device.password().expose_secret().to_owned()).unwrap();
        let client = AppClient::new("us-east-1_Pool", "client").unwrap();
        let login = client.start_device_srp_with("user-1", &device, cognito_srp_core::ClientEphemeral::generate(&mut rng)).unwrap();
        let first = login.device_srp_auth_responses();
        prop_assert_eq!(&first["DEVICE_KEY"], &device_key);
        let server = ServerSession::start(&mut rng, &verifier);
        let challenge = map(&[
            ("SALT", &verifier.salt().to_signed_hex()),
            ("SRP_B", server.srp_b()),
            ("SECRET_BLOCK", "AQID"),
            ("USERNAME", "user-1"),
        ]);
        let responses = login.respond(&challenge, &fixed_time()).unwrap();
        prop_assert_eq!(&responses["DEVICE_KEY"], &device_key);
        let key = server.finish(&first["SRP_A"]).unwrap();
        prop_assert!(key.verify_response(&responses, &group, &device_key, "AQID").is_ok());
    }

    #[test]
    fn arbitrary_challenge_strings_never_panic(
        salt in "-?[0-9a-fA-F]{0,40}|\\PC{0,40}",
        srp_b in "[0-9a-fA-F]{0,800}|\\PC{0,40}",
        block in "[A-Za-z0-9+/=_-]{0,64}|\\PC{0,40}",
        user in "\\PC{0,40}",
        drop in 0usize..5,
    ) {
        let client = AppClient::new("us-east-1_Pool", "client").unwrap();
        let mut rng = StdRng::seed_from_u64(7);
        let login = client.start_user_srp("alice", &mut rng).unwrap();
        let mut challenge = map(&[("SALT", &salt), ("SRP_B", &srp_b), ("SECRET_BLOCK", &block), ("USER_ID_FOR_SRP", &user), ("USERNAME", &user)]);
        let names = ["SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME"];
        challenge.remove(names[drop]);
        match login.respond(&challenge, &Password::new("pw").unwrap(), &fixed_time()) {
            Ok(responses) => {
                // Only well-formed challenges get an answer.
                prop_assert!(drop == 4, "answered without {}", names[drop]);
                prop_assert_eq!(responses.len(), 4);
            }
            Err(e) => {
                prop_assert!(matches!(e,
                    Error::MissingParameter(_) | Error::InvalidHex(_) | Error::InvalidBase64(_)
                    | Error::Empty(_) | Error::ServerPublicZero | Error::TooLong { .. }), "{e:?}");
            }
        }
    }
}
