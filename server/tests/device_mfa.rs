//! Devices and MFA: only a remembered device stands in for MFA, a device is confirmed once, and an
//! authenticator code is accepted once even when several sessions answer with it at the same time, and
//! wrong codes are counted per user across sessions.

use std::collections::HashMap;
use std::sync::Barrier;

use cognito_srp_core::totp::TotpSecret;
use cognito_srp_core::{AppClient, DeviceCredentials, Timestamp, UserSrp};
use cognito_srp_server::{DeviceTracking, MfaMode, Server, TestServer, UserConfig};
use cognito_srp_test_support::{pool_of, srp_steps, start_pool, string_map, unix_time};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_DevMfa1";
const PW: &str = "DevMfa-Pass-1";
const SECRET: &str = "JBSWY3DPEHPK3PXP";

fn server() -> TestServer {
    let mut m = UserConfig::new("m", PW);
    m.mfa = vec!["SOFTWARE_TOKEN_MFA".into()];
    m.totp_secret = Some(SECRET.to_owned().into());
    let mut pool = pool_of(POOL, &["c"], [m]);
    pool.device_tracking = DeviceTracking::UserOptIn;
    pool.mfa = MfaMode::On;
    start_pool(pool)
}

/// USER_SRP_AUTH and PASSWORD_VERIFIER for `srp`: the answer and the responses sent.
fn password(srv: &Server, srp: UserSrp) -> (Value, HashMap<String, String>) {
    let steps = srp_steps(srv, "c", srp, PW).unwrap();
    (steps.answer.unwrap(), steps.responses)
}

fn totp(
    srv: &Server,
    challenge: &Value,
    code: &str,
) -> Result<Value, cognito_srp_server::CognitoError> {
    srv.dispatch(
        "RespondToAuthChallenge",
        &json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": "c", "Session": challenge["Session"],
            "ChallengeResponses": {"USERNAME": "m", "SOFTWARE_TOKEN_MFA_CODE": code}}),
    )
}

#[test]
fn only_a_remembered_device_skips_mfa_and_a_device_is_confirmed_once() {
    let s = server();
    let srv = s.server();
    let client = AppClient::new(POOL, "c").unwrap();
    let secret = TotpSecret::from_base32(SECRET).unwrap();
    let (mfa, _) = password(srv, client.start_user_srp_os("m").unwrap());
    assert_eq!(mfa["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let t = totp(srv, &mfa, &secret.code_at(unix_time())).unwrap();
    let ar = &t["AuthenticationResult"];
    let key = ar["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let group = ar["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .unwrap()
        .to_owned();
    let (device, cfg) = DeviceCredentials::confirm_device_os(&key, &group).unwrap();
    let confirm = |cfg: &cognito_srp_core::DeviceSecretVerifierConfig| {
        srv.dispatch(
            "ConfirmDevice",
            &json!({"AccessToken": ar["AccessToken"], "DeviceKey": key,
                "DeviceSecretVerifierConfig": {"Salt": cfg.salt(), "PasswordVerifier": cfg.password_verifier()}}),
        )
    };
    let c = confirm(&cfg).unwrap();
    assert_eq!(c["UserConfirmationNecessary"], true);
    // A second ConfirmDevice, with a verifier of another device password, is refused.
    let (_, other) = DeviceCredentials::confirm_device_os(&key, &group).unwrap();
    let e = confirm(&other).unwrap_err();
    assert_eq!(e.code(), "InvalidParameterException");
    assert_eq!(e.message(), "Device has already been confirmed.");

    // Confirmed, not remembered: the password leads to MFA, not to DEVICE_SRP_AUTH.
    let srp = || {
        client
            .start_user_srp_os("m")
            .unwrap()
            .with_device_key(&key)
            .unwrap()
    };
    let (next, _) = password(srv, srp());
    assert_eq!(next["ChallengeName"], "SOFTWARE_TOKEN_MFA", "{next}");
    let t = totp(srv, &next, &secret.code_at(unix_time() + 30)).unwrap();
    assert!(t["AuthenticationResult"]["AccessToken"].is_string());

    // Remembered: DEVICE_SRP_AUTH with the first verifier, then tokens without MFA.
    srv.dispatch(
        "UpdateDeviceStatus",
        &json!({"AccessToken": ar["AccessToken"], "DeviceKey": key, "DeviceRememberedStatus": "remembered"}),
    )
    .unwrap();
    let (next, req) = password(srv, srp());
    assert_eq!(next["ChallengeName"], "DEVICE_SRP_AUTH", "{next}");
    let ctx = client
        .challenge_context(&string_map(&next["ChallengeParameters"]), &req)
        .unwrap();
    let d = ctx.start_device_srp_os(&device);
    let dc = srv
        .dispatch(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": "DEVICE_SRP_AUTH", "ClientId": "c", "Session": next["Session"],
                "ChallengeResponses": d.device_srp_auth_responses()}),
        )
        .unwrap();
    let r = d
        .respond(&string_map(&dc["ChallengeParameters"]), &Timestamp::now())
        .unwrap();
    let fin = srv
        .dispatch(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "ClientId": "c",
                "Session": dc["Session"], "ChallengeResponses": r}),
        )
        .unwrap();
    assert!(
        fin["AuthenticationResult"]["AccessToken"].is_string(),
        "{fin}"
    );
}

#[test]
fn one_totp_code_is_accepted_once_across_concurrent_sessions() {
    const SESSIONS: usize = 5;
    let s = server();
    let srv = s.server();
    let client = AppClient::new(POOL, "c").unwrap();
    let challenges: Vec<Value> = (0..SESSIONS)
        .map(|_| {
            let (c, _) = password(srv, client.start_user_srp_os("m").unwrap());
            assert_eq!(c["ChallengeName"], "SOFTWARE_TOKEN_MFA");
            c
        })
        .collect();
    let code = TotpSecret::from_base32(SECRET)
        .unwrap()
        .code_at(unix_time());
    let start = Barrier::new(SESSIONS);
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = challenges
            .iter()
            .map(|c| {
                let (start, code) = (&start, &code);
                scope.spawn(move || {
                    start.wait();
                    totp(srv, c, code)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let accepted = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(accepted, 1, "{results:?}");
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(e.code(), "CodeMismatchException");
        assert_eq!(e.message(), "Invalid code received for user");
    }
}

#[test]
fn wrong_codes_are_counted_per_user_across_sessions() {
    let s = server();
    let srv = s.server();
    let client = AppClient::new(POOL, "c").unwrap();
    let secret = TotpSecret::from_base32(SECRET).unwrap();
    let right = secret.code_at(unix_time());
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    let challenge = || {
        let (c, _) = password(srv, client.start_user_srp_os("m").unwrap());
        assert_eq!(c["ChallengeName"], "SOFTWARE_TOKEN_MFA");
        c
    };
    // Four wrong codes over two sessions, then the right one: accepted, and the count starts again.
    for _ in 0..2 {
        let c = challenge();
        for _ in 0..2 {
            assert_eq!(
                totp(srv, &c, wrong).unwrap_err().code(),
                "CodeMismatchException"
            );
        }
    }
    assert!(totp(srv, &challenge(), &right).is_ok());
    // Five wrong codes in a row over two sessions (3 close the first): the user is locked.
    let c = challenge();
    for _ in 0..3 {
        assert_eq!(
            totp(srv, &c, wrong).unwrap_err().code(),
            "CodeMismatchException"
        );
    }
    let c = challenge();
    for _ in 0..2 {
        assert_eq!(
            totp(srv, &c, wrong).unwrap_err().code(),
            "CodeMismatchException"
        );
    }
    // Even the next step's right code is refused now, in this session and in a new one.
    let next = secret.code_at(unix_time() + 30);
    for c in [c, challenge()] {
        let e = totp(srv, &c, &next).unwrap_err();
        assert_eq!(e.code(), "TooManyFailedAttemptsException");
        assert_eq!(e.message(), "Too many failed attempts.");
    }
}
