//! The answers to the challenges that can follow SRP, RFC 6238 TOTP codes, and the split verification
//! errors.
//!
//! Expected maps are written out from the Cognito API reference and amazon-cognito-identity-js's
//! `CognitoUser.js` (field names); `SECRET_HASH` values come from the RFC 2104 HMAC computed here with
//! the `hmac` crate, not from the crate under test.

use std::collections::HashMap;

use base64::Engine as _;
use cognito_srp_core::totp::TotpSecret;
use cognito_srp_core::{AppClient, ClientSecret, Error, MfaType, Password, PasswordVerifier};
use hmac::{KeyInit, Mac};

const POOL_ID: &str = "us-east-1_AbCdEf123";
const CLIENT_ID: &str = "client-1";
const SECRET: &str = "client-secret";
const UUID: &str = "04e33d39-55ea-46af-8d63-872fe6a3e2d8";

fn map(entries: &[(&str, &str)]) -> HashMap<String, String> {
    entries
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn hash(username: &str) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(username.as_bytes());
    mac.update(CLIENT_ID.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn client() -> AppClient {
    AppClient::new(POOL_ID, CLIENT_ID)
        .unwrap()
        .with_secret(ClientSecret::new(SECRET).unwrap())
}

/// The PASSWORD_VERIFIER responses a sign-in with a remembered device sent: Cognito's internal name.
fn previous() -> HashMap<String, String> {
    map(&[("USERNAME", UUID), ("DEVICE_KEY", "us-east-1_dk")])
}

#[test]
fn context_takes_the_challenge_name_never_the_alias() {
    // USER_ID_FOR_SRP in the challenge wins over its USERNAME and the previous request's.
    let challenge = map(&[("USER_ID_FOR_SRP", UUID), ("USERNAME", "alice@example.com")]);
    let typed = map(&[("USERNAME", "alice@example.com")]);
    let ctx = client().challenge_context(&challenge, &typed).unwrap();
    assert_eq!(ctx.username(), UUID);
    assert_eq!(ctx.device_key(), None);
    // A challenge without a name: the previous request's USERNAME (already the internal name).
    let ctx = client()
        .challenge_context(
            &map(&[("CODE_DELIVERY_DESTINATION", "+***1234")]),
            &previous(),
        )
        .unwrap();
    assert_eq!(ctx.username(), UUID);
    assert_eq!(ctx.device_key(), Some("us-east-1_dk"));
    // Neither names the user.
    assert_eq!(
        client()
            .challenge_context(&HashMap::new(), &HashMap::new())
            .map(|c| c.username().to_owned()),
        Err(Error::MissingParameter("USERNAME"))
    );
}

#[test]
fn mfa_code_answers() {
    let ctx = client()
        .challenge_context(&HashMap::new(), &previous())
        .unwrap();
    let base = |extra: &[(&str, &str)]| {
        let mut m = map(&[
            ("USERNAME", UUID),
            ("SECRET_HASH", &hash(UUID)),
            ("DEVICE_KEY", "us-east-1_dk"),
        ]);
        m.extend(map(extra));
        m
    };
    assert_eq!(ctx.sms_mfa("123456"), base(&[("SMS_MFA_CODE", "123456")]));
    assert_eq!(
        ctx.software_token_mfa("654321"),
        base(&[("SOFTWARE_TOKEN_MFA_CODE", "654321")])
    );
    assert_eq!(
        ctx.email_otp("111222"),
        base(&[("EMAIL_OTP_CODE", "111222")])
    );
    assert_eq!(
        ctx.mfa_code(MfaType::SoftwareToken, "1"),
        base(&[("SOFTWARE_TOKEN_MFA_CODE", "1")])
    );
    assert_eq!(
        ctx.select_mfa_type(MfaType::SoftwareToken),
        base(&[("ANSWER", "SOFTWARE_TOKEN_MFA")])
    );
    assert_eq!(
        ctx.select_mfa_type(MfaType::Sms),
        base(&[("ANSWER", "SMS_MFA")])
    );
    assert_eq!(
        ctx.select_mfa_type(MfaType::Email),
        base(&[("ANSWER", "EMAIL_OTP")])
    );
    assert_eq!(ctx.mfa_setup(), base(&[]));
    assert_eq!(
        ctx.mfa_setup_email("a@example.com"),
        base(&[("EMAIL", "a@example.com")])
    );
    assert_eq!(ctx.custom_challenge("42"), base(&[("ANSWER", "42")]));
}

#[test]
fn answers_without_secret_or_device_carry_neither() {
    let plain = AppClient::new(POOL_ID, CLIENT_ID).unwrap();
    let ctx = plain
        .challenge_context(&map(&[("USER_ID_FOR_SRP", UUID)]), &HashMap::new())
        .unwrap();
    assert_eq!(
        ctx.sms_mfa("1"),
        map(&[("USERNAME", UUID), ("SMS_MFA_CODE", "1")])
    );
}

#[test]
fn new_password_required_answer() {
    let challenge = map(&[
        ("USER_ID_FOR_SRP", UUID),
        ("userAttributes", r#"{"email":"a@example.com"}"#),
        (
            "requiredAttributes",
            r#"["userAttributes.name","userAttributes.family_name"]"#,
        ),
    ]);
    let ctx = client().challenge_context(&challenge, &previous()).unwrap();
    let password = Password::new("New-Password-1!").unwrap();
    assert_eq!(
        ctx.new_password_required(
            &challenge,
            &password,
            &[
                ("name", "Alice"),
                ("family_name", "Liddell"),
                ("locale", "en")
            ]
        ),
        Ok(map(&[
            ("USERNAME", UUID),
            ("SECRET_HASH", &hash(UUID)),
            ("DEVICE_KEY", "us-east-1_dk"),
            ("NEW_PASSWORD", "New-Password-1!"),
            ("userAttributes.name", "Alice"),
            ("userAttributes.family_name", "Liddell"),
            ("userAttributes.locale", "en"),
        ]))
    );
    assert_eq!(
        ctx.new_password_required(&challenge, &password, &[("name", "Alice")]),
        Err(Error::MissingRequiredAttribute("family_name".to_owned()))
    );
    let broken = map(&[("requiredAttributes", "[1,2]")]);
    assert_eq!(
        ctx.new_password_required(&broken, &password, &[]),
        Err(Error::InvalidJson("requiredAttributes"))
    );
    assert_eq!(
        ctx.new_password_required(&map(&[]), &password, &[]),
        Ok(map(&[
            ("USERNAME", UUID),
            ("SECRET_HASH", &hash(UUID)),
            ("DEVICE_KEY", "us-east-1_dk"),
            ("NEW_PASSWORD", "New-Password-1!"),
        ]))
    );
}

#[test]
fn totp_matches_rfc_6238_appendix_b_sha1() {
    // RFC 6238 Appendix B: the ASCII key "12345678901234567890", SHA-1, 30-second steps, 8 digits.
    let secret = TotpSecret::from_bytes(b"12345678901234567890");
    for (time, code) in [
        (59u64, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ] {
        assert_eq!(secret.code_with(time, 30, 8), code, "T = {time}");
    }
    // The same key in base32 (RFC 4648: GEZDGNBVGY3TQOJQ repeated), and Cognito's 6 digits: the low six
    // digits of the 8-digit values.
    let b32 = TotpSecret::from_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
    assert_eq!(b32.code_at(59), "287082");
    assert_eq!(b32.code_at(1_111_111_109), "081804");
    let lower = TotpSecret::from_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq").unwrap();
    assert_eq!(lower.code_at(1_234_567_890), "005924");
    assert_eq!(
        TotpSecret::from_base32("not base32!").map(|_| ()),
        Err(Error::InvalidBase32("SecretCode"))
    );
    assert_eq!(
        TotpSecret::from_base32("").map(|_| ()),
        Err(Error::InvalidBase32("SecretCode"))
    );
    assert_eq!(format!("{b32:?}"), "TotpSecret(..)");
}

#[test]
fn verifier_errors_name_their_cause() {
    let salt = cognito_srp_core::HexInteger::parse_salt("ab").unwrap();
    // Zero and N itself are not verifiers: a store problem, not a wrong password.
    assert_eq!(
        PasswordVerifier::from_parts(salt.clone(), &[0u8; 384]).map(|_| ()),
        Err(Error::InvalidVerifier("PasswordVerifier"))
    );
    assert_eq!(
        PasswordVerifier::from_parts(salt, &cognito_srp_core::group::n_bytes()).map(|_| ()),
        Err(Error::InvalidVerifier("PasswordVerifier"))
    );
}
