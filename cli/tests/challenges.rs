//! `login` answering the challenges that follow SRP, against a stand-in Cognito that checks each
//! answer's parameters (the SRP proof itself is checked by the tests against `serve`).
//! Network: loopback only.

mod support;

use cognito_srp_test_support::{Fake, FakeAnswer, fake, jwt_claims, temp_dir, text, unix_time};
use serde_json::{Value, json};
use support::{assert_exit, assert_ok, assert_stderr_has, login_as, run};

const POOL: &str = "us-east-1_Fake12345";
/// The user's internal name: every answer after PASSWORD_VERIFIER must carry it, not the alias typed.
const USER_ID: &str = "7d9c1f0e-user-id";

type Answer = FakeAnswer;

fn password_verifier() -> Value {
    json!({
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": "00ab12",
            "SRP_B": "ab".repeat(32),
            "SECRET_BLOCK": "c2VjcmV0LWJsb2Nr",
            "USER_ID_FOR_SRP": USER_ID,
            "USERNAME": USER_ID,
        }
    })
}

fn tokens() -> Value {
    json!({"AuthenticationResult": {
        "AccessToken": "a.b.c", "IdToken": "i.d.t", "RefreshToken": "r", "TokenType": "Bearer", "ExpiresIn": 3600
    }})
}

fn challenge(name: &str, session: &str, params: Value) -> Answer {
    Ok(json!({"ChallengeName": name, "Session": session, "ChallengeParameters": params}))
}

fn refuse(code: &'static str, message: &str) -> Answer {
    Err((code, message.to_owned()))
}

/// The tokens when `ok`, else the error `code` with `message`.
fn tokens_if(ok: bool, code: &'static str, message: &str) -> Answer {
    if ok {
        Ok(tokens())
    } else {
        refuse(code, message)
    }
}

/// The answer to a call the stand-in does not expect.
fn unexpected() -> Answer {
    refuse("InvalidParameterException", "unexpected")
}

/// A stand-in Cognito for `login`: InitiateAuth gets [`password_verifier`], the PASSWORD_VERIFIER
/// answer gets `first`, and every other call `then(operation, ChallengeName, request)`.
fn after_password(
    first: Answer,
    then: impl Fn(&str, Option<&str>, &Value) -> Answer + Send + Sync + 'static,
) -> Fake {
    fake(move |op, req| match (op, req["ChallengeName"].as_str()) {
        ("InitiateAuth", _) => Ok(password_verifier()),
        ("RespondToAuthChallenge", Some("PASSWORD_VERIFIER")) => first.clone(),
        (op, name) => then(op, name, req),
    })
}

/// The responses of a RespondToAuthChallenge request.
fn responses(req: &Value) -> &Value {
    &req["ChallengeResponses"]
}

/// `login` as `alice@example.com` through the stand-in's client, printing the ID token.
fn login(url: &str, stdin: &str, extra: &[&str]) -> std::process::Output {
    let mut args = login_as(POOL, "fake-client", "alice@example.com", url);
    args.extend_from_slice(&["--output", "id-token"]);
    args.extend_from_slice(extra);
    run(&args, stdin, &[])
}

#[test]
fn software_token_mfa_code_from_stdin() {
    let f = after_password(
        challenge("SOFTWARE_TOKEN_MFA", "session-1", json!({})),
        |op, name, req| match (op, name) {
            ("RespondToAuthChallenge", Some("SOFTWARE_TOKEN_MFA")) => {
                let r = responses(req);
                if req["Session"] != "session-1" || r["USERNAME"] != USER_ID {
                    return refuse("NotAuthorizedException", "Invalid session for the user.");
                }
                tokens_if(
                    r["SOFTWARE_TOKEN_MFA_CODE"] == "123456",
                    "CodeMismatchException",
                    "Invalid code received for user",
                )
            }
            _ => unexpected(),
        },
    );
    let ok = login(&f.url, "pw\n123456\n", &["--mfa-code-stdin"]);
    assert_ok(&ok);
    assert_eq!(text(&ok.stdout), "i.d.t\n");
    let sent = f.calls();
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert_eq!(
        responses(&sent[2].1),
        &json!({"USERNAME": USER_ID, "SOFTWARE_TOKEN_MFA_CODE": "123456"})
    );

    let wrong = login(&f.url, "pw\n654321\n", &["--mfa-code-stdin"]);
    assert_exit(&wrong, 3);
    assert!(
        text(&wrong.stderr)
            .contains("CodeMismatchException: Invalid code received for user (request id fake-6)"),
        "{}",
        text(&wrong.stderr)
    );

    // No terminal and no option: exit 4, naming the options.
    let none = login(&f.url, "pw\n", &[]);
    assert_exit(&none, 4);
    assert_stderr_has(
        &none,
        "the service asked for SOFTWARE_TOKEN_MFA, and there is no terminal to ask on: pass --mfa-code-stdin",
    );
}

#[test]
fn select_mfa_type_then_sms_with_secret_hash() {
    let f = after_password(
        challenge(
            "SELECT_MFA_TYPE",
            "s-select",
            json!({"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}),
        ),
        |op, name, req| match (op, name) {
            ("RespondToAuthChallenge", Some("SELECT_MFA_TYPE")) => {
                if responses(req)["ANSWER"] != "SMS_MFA" {
                    return refuse("InvalidParameterException", "wrong answer");
                }
                challenge(
                    "SMS_MFA",
                    "s-sms",
                    json!({"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******0100"}),
                )
            }
            ("RespondToAuthChallenge", Some("SMS_MFA")) => tokens_if(
                req["Session"] == "s-sms" && responses(req)["SMS_MFA_CODE"] == "777111",
                "CodeMismatchException",
                "Invalid code received for user",
            ),
            _ => unexpected(),
        },
    );
    let out = login(
        &f.url,
        "pw\n777111\n",
        &[
            "--mfa-code-stdin",
            "--mfa-type",
            "sms",
            "--client-secret",
            "fake-secret",
            "-v",
        ],
    );
    assert_ok(&out);
    assert_stderr_has(
        &out,
        "SELECT_MFA_TYPE: chose SMS_MFA of SMS_MFA, SOFTWARE_TOKEN_MFA",
    );
    let sent = f.calls();
    // SECRET_HASH over the internal name: Base64(HMAC-SHA256("fake-secret", USER_ID + "fake-client")),
    // computed with Python's hmac module.
    let hash = "oyxyuBhQtE6vEhtTIuiWVxWi2sSWE0vLqHD1rmqqeFE=";
    assert_eq!(
        responses(&sent[2].1),
        &json!({"USERNAME": USER_ID, "ANSWER": "SMS_MFA", "SECRET_HASH": hash})
    );
    assert_eq!(
        responses(&sent[3].1),
        &json!({"USERNAME": USER_ID, "SMS_MFA_CODE": "777111", "SECRET_HASH": hash})
    );

    // Without --mfa-type and a terminal, SELECT_MFA_TYPE cannot be answered.
    let none = login(&f.url, "pw\n", &["--mfa-code-stdin"]);
    assert_exit(&none, 4);
    assert_stderr_has(&none, "--mfa-type");
}

#[test]
fn new_password_required_with_required_attributes() {
    let f = after_password(
        challenge(
            "NEW_PASSWORD_REQUIRED",
            "s-new",
            json!({
                "userAttributes": "{\"email\":\"alice@example.com\"}",
                "requiredAttributes": "[\"userAttributes.name\"]",
            }),
        ),
        |op, name, req| match (op, name) {
            ("RespondToAuthChallenge", Some("NEW_PASSWORD_REQUIRED")) => {
                let r = responses(req);
                tokens_if(
                    r["NEW_PASSWORD"] == "New-Pass-2!" && r["userAttributes.name"] == "Alice Doe",
                    "InvalidParameterException",
                    "missing attribute",
                )
            }
            _ => unexpected(),
        },
    );
    let out = login(
        &f.url,
        "pw\nNew-Pass-2!\n",
        &["--new-password-stdin", "--attribute", "name=Alice Doe"],
    );
    assert_ok(&out);
    assert_eq!(
        responses(&f.calls()[2].1),
        &json!({"USERNAME": USER_ID, "NEW_PASSWORD": "New-Pass-2!", "userAttributes.name": "Alice Doe"})
    );

    let missing = login(&f.url, "pw\nNew-Pass-2!\n", &["--new-password-stdin"]);
    assert_exit(&missing, 4);
    assert_stderr_has(
        &missing,
        "needs the attribute name: pass --attribute name=VALUE",
    );
}

#[test]
fn mfa_setup_through_associate_and_verify() {
    let f = after_password(
        challenge(
            "MFA_SETUP",
            "s-setup",
            json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]"}),
        ),
        |op, name, req| match (op, name) {
            ("AssociateSoftwareToken", _) if req["Session"] == "s-setup" => {
                Ok(json!({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": "s-assoc"}))
            }
            ("VerifySoftwareToken", _) if req["Session"] == "s-assoc" => {
                if req["UserCode"] == "246810" {
                    Ok(json!({"Status": "SUCCESS", "Session": "s-verified"}))
                } else {
                    refuse("CodeMismatchException", "Invalid code")
                }
            }
            ("RespondToAuthChallenge", Some("MFA_SETUP")) if req["Session"] == "s-verified" => {
                Ok(tokens())
            }
            _ => refuse("NotAuthorizedException", "Invalid session"),
        },
    );
    let out = login(&f.url, "pw\n246810\n", &["--mfa-code-stdin"]);
    assert_ok(&out);
    assert_stderr_has(
        &out,
        "otpauth://totp/AWSCognito:7d9c1f0e-user-id?secret=JBSWY3DPEHPK3PXP&issuer=AWSCognito",
    );
    let ops: Vec<String> = f.calls().into_iter().map(|(op, _)| op).collect();
    assert_eq!(
        ops,
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "AssociateSoftwareToken",
            "VerifySoftwareToken",
            "RespondToAuthChallenge"
        ]
    );
    assert_eq!(f.calls()[3].1["FriendlyDeviceName"], "cognito-srp");
    assert_eq!(responses(&f.calls()[4].1), &json!({"USERNAME": USER_ID}));

    let wrong = login(&f.url, "pw\n000000\n", &["--mfa-code-stdin"]);
    assert_exit(&wrong, 3);
    assert!(text(&wrong.stderr).contains("CodeMismatchException"));
}

#[test]
fn custom_challenge_parameters_shown_and_answer_read() {
    let f = after_password(
        challenge(
            "CUSTOM_CHALLENGE",
            "s-custom",
            json!({"question": "What is 6 x 7?"}),
        ),
        |op, name, req| match (op, name) {
            ("RespondToAuthChallenge", Some("CUSTOM_CHALLENGE")) => tokens_if(
                responses(req)["ANSWER"] == "42",
                "NotAuthorizedException",
                "Incorrect answer",
            ),
            _ => unexpected(),
        },
    );
    let out = login(
        &f.url,
        "pw\n42\n",
        &["--custom-answer-stdin", "--auth-flow", "custom-auth"],
    );
    assert_ok(&out);
    assert_stderr_has(&out, "  question: What is 6 x 7?");
    assert_eq!(f.calls()[0].1["AuthFlow"], "CUSTOM_AUTH");
    assert_eq!(
        responses(&f.calls()[2].1),
        &json!({"USERNAME": USER_ID, "ANSWER": "42"})
    );
}

#[test]
fn unknown_challenge_is_not_answerable() {
    let f = after_password(challenge("WEB_AUTHN", "s", json!({})), |_, _, _| {
        unexpected()
    });
    let out = login(&f.url, "pw\n", &[]);
    assert_exit(&out, 4);
    assert_stderr_has(
        &out,
        "the service asked for the WEB_AUTHN challenge, which this tool does not answer",
    );
}

#[test]
fn new_password_required_against_serve() {
    let dir = temp_dir("newpass");
    let s = support::serve(&dir, support::CONFIG);
    let newbie = |stdin: &str, extra: &[&str]| {
        let mut args = login_as(support::POOL, "plain", "newbie", &s.url);
        args.extend_from_slice(extra);
        run(&args, stdin, &[])
    };
    let changed = newbie(
        "Newbie-Pass-1\nNewbie-Pass-2\n",
        &["--new-password-stdin", "-v"],
    );
    assert_ok(&changed);
    assert_stderr_has(
        &changed,
        "RespondToAuthChallenge NEW_PASSWORD_REQUIRED -> tokens",
    );
    let v: Value = serde_json::from_slice(&changed.stdout).unwrap();
    assert!(v["IdToken"].is_string());
    // The new password signs in; the old one is refused.
    let again = newbie("Newbie-Pass-2\n", &[]);
    assert_ok(&again);
    let old = newbie("Newbie-Pass-1\n", &[]);
    assert_exit(&old, 3);
}

#[test]
fn totp_secret_env_computes_the_code() {
    // The stand-in accepts the RFC 6238 code of this secret for the previous, current or next step
    // (core's TotpSecret, itself checked against the RFC's vectors).
    const SECRET: &str = "JBSWY3DPEHPK3PXP";
    let f = after_password(
        challenge(
            "SELECT_MFA_TYPE",
            "s-select",
            json!({"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}),
        ),
        |op, name, req| match (op, name) {
            ("RespondToAuthChallenge", Some("SELECT_MFA_TYPE")) => challenge(
                responses(req)["ANSWER"].as_str().unwrap_or(""),
                "s-mfa",
                json!({}),
            ),
            ("RespondToAuthChallenge", Some("SOFTWARE_TOKEN_MFA")) => {
                let secret = cognito_srp_core::totp::TotpSecret::from_base32(SECRET).unwrap();
                let now = unix_time();
                let sent = responses(req)["SOFTWARE_TOKEN_MFA_CODE"]
                    .as_str()
                    .unwrap_or("");
                if [now - 30, now, now + 30]
                    .iter()
                    .any(|t| secret.code_at(*t) == sent)
                {
                    Ok(tokens())
                } else {
                    refuse("CodeMismatchException", "Invalid code received for user")
                }
            }
            _ => unexpected(),
        },
    );
    let args = [
        "login",
        "--pool-id",
        POOL,
        "--client-id",
        "fake-client",
        "--username",
        "alice@example.com",
        "--password-stdin",
        "--endpoint",
        &f.url,
        "--totp-secret-env",
        "MY_TOTP",
    ];
    let ok = run(&args, "pw\n", &[("MY_TOTP", SECRET)]);
    assert_ok(&ok);
    let sent = f.calls();
    assert_eq!(responses(&sent[2].1)["ANSWER"], "SOFTWARE_TOKEN_MFA");
    let code = responses(&sent[3].1)["SOFTWARE_TOKEN_MFA_CODE"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()),
        "{code}"
    );

    let bad = run(&args, "pw\n", &[("MY_TOTP", "not base32!")]);
    assert_exit(&bad, 2);
    assert_stderr_has(&bad, "--totp-secret-env MY_TOTP");
    let unset = run(&args, "pw\n", &[]);
    assert_exit(&unset, 2);
    assert_stderr_has(&unset, "not set or empty");
}

#[test]
fn new_password_required_asks_for_required_attributes_against_serve() {
    let dir = temp_dir("newpass-attrs");
    let config = r#"
[[pools]]
id = "us-east-1_Required1"
required_attributes = ["name", "email"]
[[pools.clients]]
id = "req-client"
[[pools.users]]
username = "nora"
password = "Nora-Pass-1"
status = "FORCE_CHANGE_PASSWORD"
attributes = { email = "nora@example.com" }
"#;
    let s = support::serve(&dir, config);
    let nora = |stdin: &str, extra: &[&str]| {
        let mut args = login_as("us-east-1_Required1", "req-client", "nora", &s.url);
        args.push("--new-password-stdin");
        args.extend_from_slice(extra);
        run(&args, stdin, &[])
    };
    // requiredAttributes lists only what nora lacks: name (she has an email).
    let missing = nora("Nora-Pass-1\nNora-Pass-2\n", &[]);
    assert_exit(&missing, 4);
    assert_stderr_has(
        &missing,
        "needs the attribute name: pass --attribute name=VALUE",
    );
    let ok = nora(
        "Nora-Pass-1\nNora-Pass-2\n",
        &["--attribute", "name=Nora Doe", "--output", "id-token"],
    );
    assert_ok(&ok);
    // The ID token carries the attribute given.
    let claims = jwt_claims(&text(&ok.stdout));
    assert_eq!(claims["name"], "Nora Doe");
    assert_eq!(claims["email"], "nora@example.com");
}
